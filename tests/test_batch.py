"""batch over a province's folder with broken, duplicated, overlapping and missing submissions."""

from __future__ import annotations

import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml

from conftest import ROOT, base_data, run

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import WARDS, make_communes


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("son-la")
    communes = make_communes(folder / "xa", 6)
    shutil.copy(communes[0], folder / "xa" / "xa-0000 (gui lai).xlsx")  # X001 with xa-0000
    (folder / "xa" / "hong.xlsx").write_bytes(b"PK\x03\x04 broken")  # F001
    (folder / "xa" / "~$xa-0001.xlsx").write_bytes(b"lock")  # skipped
    (folder / "ghi-chu.txt").write_text("ghi chú", encoding="utf-8")  # skipped
    department = base_data()
    department["unit"].update(code="1056789", name="Sở Khoa học và Công nghệ tỉnh Sơn La", level="department")
    department["lines"][3]["name"] = f"Số hóa sổ hộ tịch giai đoạn 2015-2025 ({WARDS[4]} 0004)"  # the same task as xa-0004: X002
    del department["unit"]["total_budget_expenditure"]
    (folder / "so").mkdir()
    (folder / "so" / "so-khcn.yaml").write_text(yaml.safe_dump(department, allow_unicode=True), encoding="utf-8")
    roster = [{"code": f"3{i:06d}", "name": f"Xã {i}"} for i in range(1, 7)]  # 3000000 (xa-0000) missing; 3000006 expected
    roster.append({"code": "1056789", "name": "Sở KH&CN"})
    (folder.parent / f"{folder.name}-roster.yaml").write_text(yaml.safe_dump(roster, allow_unicode=True), encoding="utf-8")
    return folder


def test_batch_reports_every_file_and_the_cross_file_problems(province, tmp_path):
    roster = province.parent / f"{province.name}-roster.yaml"
    summary = tmp_path / "tong-hop.xlsx"
    done = run("batch", str(province), "--format", "json", "--jobs", "2", "--roster", str(roster), "--summary", str(summary))
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert len(by_name) == 9
    assert by_name["hong.xlsx"]["status"] == "failed" and by_name["hong.xlsx"]["unit"] is None
    assert by_name["hong.xlsx"]["findings"][0]["code"] == "F001"
    assert by_name["xa-0000.xlsx"]["status"] == "failed" and by_name["xa-0000 (gui lai).xlsx"]["status"] == "failed"
    assert by_name["xa-0001.xlsx"]["status"] == "passed"
    cross = {}
    for finding in report["cross_file"]:
        cross.setdefault(finding["code"], []).append(finding)
    assert len(cross["X001"]) == 1 and len(cross["X001"][0]["files"]) == 2
    assert len(cross["X002"]) == 1 and {Path(p).name for p in cross["X002"][0]["files"]} == {"xa-0004.xlsx", "so-khcn.yaml"}
    x004 = " ".join(f["message"] for f in cross["X004"])
    assert "3000000" in x004 and "3000006" in x004
    skipped = {Path(s["path"]).name for s in report["skipped"]}
    assert skipped == {"~$xa-0001.xlsx", "ghi-chu.txt"}
    assert report["summary"]["files"] == 9 and report["summary"]["failed"] == 3

    workbook = openpyxl.load_workbook(summary)
    assert workbook.sheetnames == ["Tổng hợp", "Lỗi", "Biểu 01"]
    errors = workbook["Lỗi"]
    assert errors.auto_filter.ref is not None
    codes = [row[2] for row in errors.iter_rows(min_row=2, values_only=True)]
    total_findings = sum(len(f["findings"]) for f in report["files"]) + len(report["cross_file"])
    assert len(codes) == total_findings and "X001" in codes and "F001" in codes
    status = [row[5] for row in workbook["Tổng hợp"].iter_rows(min_row=4, values_only=True) if row[0]]
    assert status[:3] == ["Không đạt"] * 3 and set(status[3:]) == {"Đạt"}


def test_consolidated_total_is_the_sum_of_passed_files(province):
    from budgetkit.batch import cross_file_findings
    from budgetkit.checking import check_files
    from budgetkit.discovery import discover
    from budgetkit.guidance import Guidance
    from budgetkit.results import consolidated_figures

    guidance = Guidance()
    results = list(check_files(discover(province).files, guidance, 1))
    cross_file_findings(results, guidance.pack(2026))
    passed = [r for r in results if not r.failed()]
    assert len(passed) == 6  # 4 communes (xa-0000 twice fails) + the department + ... minus broken
    figures = consolidated_figures(results)["estimate"]
    assert sum(v for g in figures.values() for v in g.values()) == sum((r.grand_total for r in passed), Decimal(0))


def test_streamed_json_is_the_library_report_to_the_byte(province):
    import io

    from budgetkit.batch import cross_file_findings
    from budgetkit.checking import check_files
    from budgetkit.discovery import discover
    from budgetkit.guidance import Guidance
    from budgetkit.outputs.json_report import build_report, write_report

    guidance = Guidance()
    found = discover(province)
    results = list(check_files(found.files, guidance, 1))
    cross = cross_file_findings(results, guidance.pack(2026))
    assert any(r.findings for r in results) and cross
    for chosen, skipped in ((results, found.skipped), ([], None)):
        for lang in ("vi", "en"):
            out = io.StringIO()
            write_report(out, chosen, guidance.pack(2026).info, lang, cross, skipped)
            expected = build_report(chosen, guidance.pack(2026).info, lang, cross, skipped)
            assert out.getvalue() == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


def _result(path: str, code: str, tasks: list[str]):
    from budgetkit.results import FileResult

    return FileResult(
        path=path,
        kind="excel",
        unit={"name": path, "code": code, "level": "commune"},
        budget_year=2026,
        findings=[],
        tasks=[(t.lower(), "ubnd", t, "UBND", f"L{i}") for i, t in enumerate(tasks)],
    )


def test_cross_file_index_keeps_no_task_names_and_finds_shared_tasks():
    from budgetkit.batch import CrossFiles
    from budgetkit.guidance import Guidance

    gathered = CrossFiles()
    for result in (
        _result("a.xlsx", "1", ["Số hóa", "Số hóa", "Cà phê"]),
        _result("b.xlsx", "2", ["Chè"]),
        _result("c.xlsx", "3", ["Cà phê", "Chè"]),
        _result("d.xlsx", "3", ["Chè"]),
    ):
        gathered.add(result)
        assert not result.tasks
    shared = [f for f in gathered.findings(Guidance().pack(2026)) if f.code == "X002"]
    # "Số hóa" twice in one file is not shared; the order is that of first sight
    assert [f.files for f in shared] == [("a.xlsx", "c.xlsx"), ("b.xlsx", "c.xlsx", "d.xlsx")]
    assert "Cà phê" in shared[0].message("vi") and "Chè" in shared[1].message("vi")

    alone = CrossFiles()
    for result in (_result("a.xlsx", "1", ["Chè"]), _result("a2.xlsx", "1", ["Chè"])):
        alone.add(result)
    assert [f.code for f in alone.findings(Guidance().pack(2026))] == ["X001"]  # one unit twice, not X002


def test_packed_figures_are_exact():
    from budgetkit.figures import FIGURE_KEYS, PILLARS, SPENDINGS, pack_figures, unpack_figures

    odd = [Decimal("1E+3"), Decimal("0.125"), Decimal("-2.50"), Decimal("123456789012.3456"), Decimal(0), Decimal("7")]
    figures = {k: {p: {s: odd[(i + j) % len(odd)] for j, s in enumerate(SPENDINGS)} for i, p in enumerate(PILLARS)} for k in FIGURE_KEYS}
    back = unpack_figures(pack_figures(figures))
    assert back == figures
    assert [str(back[k][p][s]) for k in FIGURE_KEYS for p in PILLARS for s in SPENDINGS] == [
        str(figures[k][p][s]) for k in FIGURE_KEYS for p in PILLARS for s in SPENDINGS
    ]


def test_batch_misuse(tmp_path):
    assert run("batch", str(tmp_path / "none")).returncode == 2
    (tmp_path / "empty").mkdir()
    assert run("batch", str(tmp_path / "empty")).returncode == 2


def test_annotated_copy_marks_cells_and_lists_findings(tmp_path):
    source = ROOT / "examples" / "son-la" / "chieng-sinh-loi.xlsx"
    before = source.read_bytes()
    done = run("validate", str(source), "--annotate", str(tmp_path))
    assert done.returncode == 1
    assert source.read_bytes() == before
    copy = tmp_path / "chieng-sinh-loi.kiem-tra.xlsx"
    workbook = openpyxl.load_workbook(copy)
    assert workbook.sheetnames[0] == "Kết quả kiểm tra"
    cell = workbook["Dự toán"]["O7"]
    assert cell.comment is not None and "A001" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    warning_cell = workbook["Dự toán"]["O13"]
    assert warning_cell.fill.fgColor.rgb.endswith("FFEB9C")
    listing = workbook["Kết quả kiểm tra"]
    links = [c.hyperlink.location or c.hyperlink.target for c in listing["C"] if c.hyperlink]
    assert "#'Dự toán'!O7" in links or "'Dự toán'!O7" in links
