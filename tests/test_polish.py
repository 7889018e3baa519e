"""Defects a reviewer found trying the tool as a user: English plurals, raw keys in English output,
a stray " :" before a finding without a location, the annotated copy's language, a missing budget
year, `validate --annotate` saying what it wrote."""

from __future__ import annotations

from budgetkit.outputs.words import counted

from conftest import EXAMPLES, PROVINCE, run

ROUND2 = EXAMPLES / "son-la-vong-2"


def test_counted_is_singular_for_one_only():
    assert [counted(n, "errors") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]
    assert counted(1, "warnings") == "1 warning" and counted(1, "files") == "1 file"


def test_validate_en_says_1_warning():
    done = run("validate", PROVINCE / "chieng-sinh-loi.xlsx", "--lang", "en")
    assert "FAILED: 8 errors, 1 warning" in done.stdout and "1 warnings" not in done.stdout


def test_batch_en_plurals_and_spending_labels_as_validate():
    done = run("batch", PROVINCE, "--lang", "en")
    assert "8 errors, 1 warning." in done.stdout and "1 warnings" not in done.stdout
    assert "Investment" in done.stdout and "Recurrent" in done.stdout
    assert "investment" not in done.stdout and "recurrent" not in done.stdout


def test_diff_en_plurals_and_spending_labels():
    done = run("diff", PROVINCE / "chieng-sinh-loi.xlsx", ROUND2 / "chieng-sinh.xlsx", "--lang", "en")
    assert "(failed: 8 errors, 1 warning)" in done.stdout and "1 warnings" not in done.stdout
    assert "│ Investment" in done.stdout and "│ Recurrent" in done.stdout
    assert "│ investment" not in done.stdout and "│ recurrent" not in done.stdout


def test_vietnamese_counts_unchanged():
    done = run("validate", PROVINCE / "chieng-sinh-loi.xlsx", "--lang", "vi")
    assert "8 lỗi, 1 cảnh báo" in done.stdout


def test_finding_without_a_place_has_no_stray_space_before_the_colon(tmp_path):
    fake = tmp_path / "du-toan.xlsx"
    fake.write_bytes(b"%PDF-1.4\n%fake\n")
    for lang in ("vi", "en"):
        done = run("convert", fake, tmp_path / "out.yaml", "--lang", lang)
        assert done.returncode == 1
        assert "  F001: " in done.stderr and "F001 :" not in done.stderr
    done = run("rollover", fake, "--output", tmp_path / "next.yaml")
    assert "  F001: " in done.stderr
    assert "F001 :" not in done.stderr


def test_totals_title_without_a_year_has_no_gap(tmp_path):
    text = (EXAMPLES / "chieng-mung.yaml").read_text(encoding="utf-8").replace("budget_year:", "budget_yaer:", 1)
    source = tmp_path / "khong-nam.yaml"
    source.write_text(text, encoding="utf-8")
    vi = run("validate", source).stdout
    assert "Tổng dự toán (triệu đồng)" in vi and "năm  (" not in vi
    en = run("validate", source, "--lang", "en").stdout
    assert "Estimate totals (million VND)" in en and "Estimate  totals" not in en


def test_year_title_keeps_the_year_when_there_is_one():
    from budgetkit.outputs.words import year_title

    assert year_title("Tổng dự toán năm {year} (triệu đồng)", 2026) == "Tổng dự toán năm 2026 (triệu đồng)"
    assert year_title("Dự toán năm {year} theo lĩnh vực", "") == "Dự toán theo lĩnh vực"
    assert year_title("Estimate {year} totals over {n} files", None, n=2) == "Estimate totals over 2 files"


def test_validate_annotate_says_what_it_wrote(tmp_path):
    done = run("validate", PROVINCE / "chieng-sinh-loi.xlsx", "--annotate", tmp_path)
    copy = tmp_path / "chieng-sinh-loi.kiem-tra.xlsx"
    assert copy.exists() and "Đã ghi " in done.stderr and "chieng-sinh-loi.kiem-tra.xlsx" in done.stderr
    done = run("validate", PROVINCE / "chieng-sinh-loi.xlsx", "--annotate", tmp_path / "en", "--lang", "en")
    assert "Wrote " in done.stderr and done.stderr.count("kiem-tra.xlsx") == 1


def test_annotated_copy_in_english_has_an_english_findings_sheet(tmp_path):
    import openpyxl

    run("validate", PROVINCE / "chieng-sinh-loi.xlsx", "--annotate", tmp_path, "--lang", "en")
    book = openpyxl.load_workbook(tmp_path / "chieng-sinh-loi.kiem-tra.xlsx")
    sheet = book.worksheets[0]
    assert book.sheetnames[0] == "Check results" and "Kết quả kiểm tra" not in book.sheetnames
    assert [c.value for c in sheet[2]][:2] == ["Rule", "Severity"]
    assert {sheet.cell(row=r, column=2).value for r in range(3, sheet.max_row + 1)} <= {"Error", "Warning", "Info"}
    vi = run("validate", PROVINCE / "chieng-sinh-loi.xlsx", "--annotate", tmp_path / "vi")
    assert vi.returncode == 1
    book = openpyxl.load_workbook(tmp_path / "vi" / "chieng-sinh-loi.kiem-tra.xlsx")
    assert book.sheetnames[0] == "Kết quả kiểm tra" and [c.value for c in book.worksheets[0][2]][:2] == ["Mã quy tắc", "Mức độ"]
