"""batch DIR --previous PREV_DIR: per unit, resubmitted or not, what changed, findings fixed and new; the
summary sheets, the JSON report's `previous`, the annotated copies' third colour."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLES, ROOT, run

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import make_communes

FIRST, SECOND = EXAMPLES / "son-la", EXAMPLES / "son-la-vong-2"


@pytest.fixture(scope="module")
def son_la_round_2(tmp_path_factory):
    out = tmp_path_factory.mktemp("round2")
    done = run(
        "batch",
        str(SECOND),
        "--previous",
        str(FIRST),
        "--format",
        "json",
        "--summary",
        str(out / "th.xlsx"),
        "--annotate",
        str(out / "ann"),
    )
    return done, out


def test_every_unit_of_the_shipped_second_round_is_told(son_la_round_2):
    done, _ = son_la_round_2
    assert done.returncode == 1, done.stderr  # Chiềng Sinh still has P003
    report = json.loads(done.stdout)
    assert sorted(Path(f["path"]).name for f in report["files"]) == sorted(p.name for p in SECOND.glob("*.xlsx"))
    previous = report["previous"]
    assert previous["folder"] == str(FIRST)
    statuses = [(u["unit"]["code"], u["status"]) for u in previous["units"]]
    # Units whose totals moved first (the largest change first), then the others.
    assert statuses == [("1056789", "changed"), ("3012346", "changed"), ("1123456", "missing"), ("3012345", "same_file")]
    assert previous["summary"] == {
        "units": 4,
        "changed": 2,
        "missing": 1,
        "same_file": 1,
        "unchanged": 0,
        "unreadable": 0,
        "new": 0,
        "totals_moved": 2,
    }
    sinh = previous["units"][1]
    assert sinh["previous_path"].endswith("chieng-sinh-loi.xlsx") and sinh["path"].endswith("chieng-sinh.xlsx")
    assert sinh["total_difference"] == "-40" and sinh["totals_moved"] is True
    comparison = sinh["comparison"]
    assert {f["code"] for f in comparison["findings"]["fixed"]} >= {"A001", "P004", "V004"}
    assert "open" not in comparison["findings"] and comparison["summary"]["open"] == 1  # P003: in files[]
    listed = next(f for f in report["files"] if f["path"] == sinh["path"])["findings"]
    assert [f["code"] for f in listed if f not in comparison["findings"]["new"]] == ["P003"]
    missing = previous["units"][2]
    assert missing["path"] is None and missing["comparison"] is None and missing["total_new"] is None
    category = next(c for line in comparison["lines"]["changed"] for c in line["changes"] if c["field"] == "category")
    assert (category["old"], category["new"], category["new_title"]) == ("khcn_ho_tro", "cds_du_lieu", "Dữ liệu số, cơ sở dữ liệu")


def test_text_output_lists_who_changed_what(tmp_path):
    done = run("batch", str(SECOND), "--previous", str(FIRST))
    assert "So với lần trước" in done.stdout and "Chưa nộp lại (không có tệp)" in done.stdout
    assert "Dự toán năm 2026: 5.000 → 4.000 (-1.000)" in done.stdout
    assert "Phát hiện đã sửa: F005, V004, A001, A004 (x3), C001, P004; mới: V009, P008; còn lại: P003" in done.stdout
    english = run("batch", str(SECOND), "--previous", str(FIRST), "--lang", "en")
    assert "Not resubmitted (no file)" in english.stdout


def test_summary_has_the_comparison_sheets(son_la_round_2):
    _, out = son_la_round_2
    book = openpyxl.load_workbook(out / "th.xlsx")
    assert book.sheetnames[:3] == ["Tổng hợp", "So với lần trước", "Chi tiết thay đổi"]
    sheet = book["So với lần trước"]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]]
    assert [(r[2], r[3]) for r in rows] == [
        ("1056789", "Nộp lại, có thay đổi"),
        ("3012346", "Nộp lại, có thay đổi"),
        ("1123456", "Chưa nộp lại (không có tệp)"),
        ("3012345", "Chưa nộp lại (vẫn tệp lần trước)"),
    ]
    assert rows[0][6:9] == (17530, 16380, -1150)  # the department example gained a 300 line in pack 2026.2
    detail = [r for r in book["Chi tiết thay đổi"].iter_rows(min_row=2, values_only=True) if r[0]]
    kinds = {r[3] for r in detail}
    assert {"Sửa giá trị", "Đổi Mã", "Đổi vị trí", "Thêm dòng", "Phát hiện đã sửa", "Phát hiện mới"} <= kinds
    assert ("KH-01", "Dự toán năm 2026", 520, 450, -70) in [(r[4], r[6], r[7], r[8], r[9]) for r in detail]
    # A category by the titles of the template's list, whole (a cell is never cut).
    category = next(r for r in detail if r[4] == "CDS-01" and r[6] == "Nhóm nội dung")
    assert category[7:9] == (
        "Hoạt động phục vụ, hỗ trợ KH&CN (thông tin, thống kê, tiêu chuẩn - đo lường - chất lượng, sở hữu trí tuệ)",
        "Dữ liệu số, cơ sở dữ liệu",
    )
    # Every unit has at least its row, the one that sent its old file again too.
    assert {r[1]: r[3] for r in detail if r[1] in ("1123456", "3012345")} == {
        "1123456": "Chưa nộp lại (không có tệp)",
        "3012345": "Chưa nộp lại (vẫn tệp lần trước)",
    }


def test_annotated_copy_marks_changed_cells_with_the_old_value(son_la_round_2):
    _, out = son_la_round_2
    book = openpyxl.load_workbook(out / "ann" / "chieng-sinh.kiem-tra.xlsx")
    sheet = book["Dự toán"]
    assert sheet["O7"].fill.fgColor.rgb.endswith("D9D2E9") and sheet["O7"].comment.text.startswith("Lần trước: 520")
    assert "Dòng mới" in sheet["A18"].comment.text
    assert sheet["F13"].comment.text == (
        "Lần trước: Hoạt động phục vụ, hỗ trợ KH&CN (thông tin, thống kê, tiêu chuẩn - đo lường - chất lượng, sở hữu trí tuệ)"
    )
    assert sheet["Q16"].fill.fgColor.rgb.endswith("FFC7CE")  # a finding keeps its colour
    v009 = sheet["P17"].comment.text
    assert "V009" in v009 and "Lần trước" in v009  # the finding's comment carries the old value too
    unchanged = openpyxl.load_workbook(out / "ann" / "chieng-mung.kiem-tra.xlsx")["Dự toán"]
    assert not any(c.comment for row in unchanged.iter_rows() for c in row)
    # The input is never touched.
    assert openpyxl.load_workbook(SECOND / "chieng-sinh.xlsx")["Dự toán"]["O7"].comment is None


def test_parallel_rounds_with_new_unreadable_and_renamed_files(tmp_path):
    first, second = tmp_path / "lan-1", tmp_path / "lan-2"
    make_communes(first, 6)
    second.mkdir()
    for index, path in enumerate(sorted(first.glob("*.xlsx"))):
        if index == 0:
            continue  # xa-0000 has not resubmitted
        if index == 1:
            (second / path.name).write_bytes(b"PK\x03\x04 broken")  # unreadable this round, matched by its name
            continue
        target = second / (f"gui-lai-{path.name}" if index == 2 else path.name)  # a new name: matched by the code
        if index == 3:
            book = openpyxl.load_workbook(path)
            sheet = book["Dự toán"]
            row = next(r[0].row for r in sheet.iter_rows() if r[0].value == "KH-02")
            column = next(c.column for c in sheet[4] if c.value == "Dự toán năm 2026")
            sheet.cell(row=row, column=column).value = 75
            book.save(target)
        else:
            shutil.copyfile(path, target)
    make_communes(second, 1, start=6)  # a first submission
    for folder in (first, second):  # the same broken file in both rounds: matched by its bytes
        (folder / "hong.xlsx").write_bytes(b"PK\x03\x04 still broken")
    done = run("batch", str(second), "--previous", str(first), "--format", "json", "--jobs", "2")
    report = json.loads(done.stdout)
    by_status = {}
    for unit in report["previous"]["units"]:
        by_status.setdefault(unit["status"], []).append(Path(unit["path"] or unit["previous_path"]).name)
    assert by_status == {
        "changed": ["xa-0003.xlsx"],
        "missing": ["xa-0000.xlsx"],
        "same_file": ["gui-lai-xa-0002.xlsx", "xa-0004.xlsx", "xa-0005.xlsx"],
        "unreadable": ["hong.xlsx", "xa-0001.xlsx"],
        "new": ["xa-0006.xlsx"],
    }
    unreadable = [u["previous_path"] for u in report["previous"]["units"] if u["status"] == "unreadable"]
    assert [Path(p).name for p in unreadable] == ["hong.xlsx", "xa-0001.xlsx"]
    changed = report["previous"]["units"][0]
    assert changed["comparison"]["lines"]["changed"][0]["changes"][0] == {
        "field": "estimate",
        "label": "Dự toán năm 2026",
        "old": "60",
        "new": "75",
        "difference": "15",
    }


def test_previous_misuse_exits_2(tmp_path):
    assert run("batch", str(SECOND), "--previous", str(tmp_path / "none")).returncode == 2
    assert run("batch", str(SECOND), "--previous", str(SECOND)).returncode == 2
    (tmp_path / "empty").mkdir()
    done = run("batch", str(SECOND), "--previous", str(tmp_path / "empty"))
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_without_previous_the_report_is_unchanged():
    report = json.loads(run("batch", str(FIRST), "--format", "json").stdout)
    assert "previous" not in report


def test_report_draft_lists_the_changes_since_the_last_round(tmp_path):
    import docx

    target = tmp_path / "bc.docx"
    done = run("report", str(SECOND), "--draft", "--previous", str(FIRST), "-o", str(target))
    assert done.returncode == 0, done.stderr
    document = docx.Document(str(target))
    texts = [p.text for p in document.paragraphs]
    assert "PHỤ LỤC: NHỮNG THAY ĐỔI SO VỚI LẦN NỘP TRƯỚC (BẢN DỰ THẢO)" in texts
    rows = [[c.text for c in row.cells] for row in document.tables[-1].rows]
    assert ["", "KH-01", "Dự toán năm 2026: 520 → 450 (-70)."] in rows
    assert ["", "DM-02", "Dự toán năm 2026: 5.000 → 4.000 (-1.000)."] in rows
    assert any(r[0].startswith("Trung tâm Ứng dụng") and r[2] == "Chưa nộp lại (không có tệp)." for r in rows)
    assert any("Tổng dự toán: 2.275,5 → 2.235,5 triệu đồng (-40)" in r[2] for r in rows)
    before = "Hoạt động phục vụ, hỗ trợ KH&CN (thông tin, thống kê, tiêu chuẩn - đo lường - chất lượng, sở hữu trí tuệ)"
    assert ["", "CDS-01", f"Nhóm nội dung: {before} → Dữ liệu số, cơ sở dữ liệu."] in rows


def test_report_previous_needs_a_draft_and_one_unit(tmp_path):
    import docx

    one = SECOND / "chieng-sinh.xlsx"
    assert run("report", str(one), "--previous", str(FIRST), "-o", str(tmp_path / "a.docx")).returncode == 2
    assert run("report", str(one), "--draft", "--previous", str(FIRST), "-o", str(tmp_path / "a.xlsx")).returncode == 2
    other = run("report", str(one), "--draft", "--previous", str(FIRST / "chieng-mung.xlsx"), "-o", str(tmp_path / "a.docx"))
    assert other.returncode == 2 and "không cùng một đơn vị" in other.stderr and not (tmp_path / "a.docx").exists()
    plain = tmp_path / "plain.docx"
    assert run("report", str(one), "--draft", "-o", str(plain)).returncode == 0
    assert "PHỤ LỤC: NHỮNG THAY ĐỔI SO VỚI LẦN NỘP TRƯỚC (BẢN DỰ THẢO)" not in [p.text for p in docx.Document(str(plain)).paragraphs]
