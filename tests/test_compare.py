"""Rounds of submission: `diff` on pairs of files covering every kind of change, YAML and Excel alike."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from budgetkit.authoring.convert import convert
from budgetkit.checking import diff_files
from budgetkit.compare import NotComparable, comparison_record, match_lines, moved_pairs
from budgetkit.xlsx_writing import put, save_workbook

from conftest import EXAMPLES, base_data, run, write_yaml

ROUND_2 = EXAMPLES / "son-la-vong-2"


def pair(tmp_path: Path, old: dict, new: dict):
    return write_yaml(tmp_path, old, "old.yaml"), write_yaml(tmp_path, new, "new.yaml")


def diff(guidance, old: Path, new: Path):
    return comparison_record(diff_files(old, new, guidance, old.name, new.name))


def changed_of(record: dict, line_id: str) -> dict:
    return next(c for c in record["lines"]["changed"] if c["id"] == line_id)


def excel(tmp_path: Path, guidance, data: dict, name: str) -> Path:
    source = write_yaml(tmp_path, data, name + ".yaml")
    target = tmp_path / (name + ".xlsx")
    convert(source, target, guidance)
    return target


def row_of(ws, line_id: str) -> int:
    return next(r[0].row for r in ws.iter_rows() if r[0].value == line_id)


def column_of(ws, header: str) -> int:
    for row in ws.iter_rows(max_row=10):
        for cell in row:
            if cell.value == header:
                return cell.column
    raise KeyError(header)


# --- the kinds of change -----------------------------------------------------------------------


def test_the_same_content_is_no_change_across_formats(tmp_path, guidance):
    data = base_data()
    record = diff(guidance, write_yaml(tmp_path, data, "a.yaml"), excel(tmp_path, guidance, data, "b"))
    assert record["lines"]["added"] == record["lines"]["removed"] == record["lines"]["changed"] == []
    assert record["lines"]["unchanged"] == len(data["lines"])
    assert record["unit_changes"] == [] and record["summary"]["total_difference"] == "0"
    assert record["same_file"] is False


def test_changed_value_with_old_and_new_figures_and_the_totals_by_group(tmp_path, guidance):
    old, new = base_data(), base_data()
    new["lines"][1]["estimate"] = 110  # KH-02 60 -> 110
    new["lines"][3]["field"] = "khcn"  # CDS-01 (320) moved from CĐS to KH&CN: money between pillars
    new["lines"][3]["category"] = "khcn_ho_tro"
    record = diff(guidance, *pair(tmp_path, old, new))
    kh02 = changed_of(record, "KH-02")["changes"]
    assert kh02 == [{"field": "estimate", "label": "Dự toán năm 2026", "old": "60", "new": "110", "difference": "50"}]
    fields = {c["field"]: (c["old"], c["new"]) for c in changed_of(record, "CDS-01")["changes"]}
    assert fields["field"] == ("cds", "khcn")
    totals = record["totals"]
    assert totals["old"]["khcn"]["recurrent"] == "510" and totals["new"]["khcn"]["recurrent"] == "880"
    assert totals["difference"]["cds"]["recurrent"] == "-320"
    assert record["summary"]["total_difference"] == "50" and record["summary"]["totals_moved"] is True


def test_added_and_removed_lines(tmp_path, guidance):
    old, new = base_data(), base_data()
    removed = new["lines"].pop(1)  # KH-02
    extra = dict(old["lines"][1], id="KH-03", name="Tập huấn sở hữu trí tuệ cho hợp tác xã", estimate=25)
    new["lines"].append(extra)
    record = diff(guidance, *pair(tmp_path, old, new))
    assert [(line["id"], line["estimate"]) for line in record["lines"]["added"]] == [("KH-03", "25")]
    assert [(line["id"], line["estimate"]) for line in record["lines"]["removed"]] == [(removed["id"], "60")]
    assert record["lines"]["changed"] == []
    assert record["summary"]["total_difference"] == "-35"


def test_renamed_ma_is_matched_by_name_and_its_findings_follow_it(tmp_path, guidance):
    old, new = base_data(), base_data()
    del old["lines"][2]["lead_agency"]  # DM-01 without a lead agency: P004 in the old round
    new["lines"][2]["id"] = "DMST-01"  # the Mã renamed; the lead agency given
    record = diff(guidance, *pair(tmp_path, old, new))
    line = changed_of(record, "DMST-01")
    assert line["matched_by"] == "name" and line["old_id"] == "DM-01"
    assert {c["field"] for c in line["changes"]} == {"id", "lead_agency"}
    assert record["lines"]["added"] == [] and record["lines"]["removed"] == []
    assert [f["code"] for f in record["findings"]["fixed"]] == ["P004"]
    assert record["findings"]["new"] == []


def test_renamed_ma_with_an_open_finding_stays_open(tmp_path, guidance):
    old, new = base_data(), base_data()
    for data in (old, new):
        del data["lines"][2]["lead_agency"]
    new["lines"][2]["id"] = "DMST-01"
    record = diff(guidance, *pair(tmp_path, old, new))
    assert [f["code"] for f in record["findings"]["open"]] == ["P004"]
    assert record["findings"]["fixed"] == record["findings"]["new"] == []


def test_moved_line_is_reported_once_without_value_changes(tmp_path, guidance):
    old, new = base_data(), base_data()
    line = new["lines"].pop(6)  # CDS-04 ...
    new["lines"].insert(3, line)  # ... now above CDS-01
    record = diff(guidance, *pair(tmp_path, old, new))
    moved = [c for c in record["lines"]["changed"] if c["moved"]]
    assert [(c["id"], c["changes"]) for c in moved] == [(line["id"], [])]
    assert moved[0]["old_after"] == old["lines"][5]["id"] and moved[0]["new_after"] == "DM-01"
    assert record["summary"]["moved"] == 1 and record["summary"]["total_difference"] == "0"


def test_moved_pairs_is_the_smallest_set():
    from budgetkit.compare import Pair

    pairs = [Pair(o, n, "id") for n, o in enumerate([0, 1, 4, 2, 3, 5])]
    assert moved_pairs(pairs) == {2}
    assert moved_pairs([]) == set()


def test_value_typed_as_text_in_one_round_is_the_same_figure(tmp_path, guidance):
    data = base_data()
    old = excel(tmp_path, guidance, data, "old")
    new = tmp_path / "new.xlsx"
    wb = openpyxl.load_workbook(old)
    ws = wb["Dự toán"]
    put(ws.cell(row=row_of(ws, "CDS-02"), column=column_of(ws, "Dự toán năm 2026")), "45")  # 45 typed as text
    save_workbook(wb, new)
    forward = diff(guidance, old, new)
    assert forward["lines"]["changed"] == [] and forward["summary"]["values_changed"] == 0
    assert [f["code"] for f in forward["findings"]["new"]] == ["V004"]
    back = diff(guidance, new, old)
    assert [f["code"] for f in back["findings"]["fixed"]] == ["V004"] and back["lines"]["changed"] == []


def test_heading_row_added_moves_rows_not_lines(tmp_path, guidance):
    data = base_data()
    old = excel(tmp_path, guidance, data, "old")
    new = tmp_path / "new.xlsx"
    wb = openpyxl.load_workbook(old)
    ws = wb["Dự toán"]
    at = row_of(ws, "CDS-01")
    ws.insert_rows(at)
    put(ws.cell(row=at, column=2), "1. Nhiệm vụ mở mới")
    save_workbook(wb, new)
    record = diff(guidance, old, new)
    assert record["lines"]["changed"] == [] and record["lines"]["unchanged"] == len(data["lines"])
    comparison = diff_files(old, new, guidance)
    cds = next(c for c in comparison.lines if c.new is not None and c.new.id == "CDS-01")
    assert cds.new.row == cds.old.row + 1 and not cds.moved


def test_unreadable_value_is_shown_as_such(tmp_path, guidance):
    old, new = base_data(), base_data()
    old["lines"][1]["estimate"] = "sáu mươi"  # V003
    record = diff(guidance, *pair(tmp_path, old, new))
    change = changed_of(record, "KH-02")["changes"][0]
    assert change["old"] is None and change["old_unreadable"] is True and change["new"] == "60"
    assert "V003" in [f["code"] for f in record["findings"]["fixed"]]


def test_unit_changes_and_explanations(tmp_path, guidance):
    old, new = base_data(), base_data()
    new["unit"]["total_budget_expenditure"] = 50000
    new["explanations"] = [{"text": "Thuyết minh chung mới."}]
    record = diff(guidance, *pair(tmp_path, old, new))
    assert record["unit_changes"] == [
        {
            "field": "total_budget_expenditure",
            "label": "Tổng chi ngân sách của đơn vị/địa phương năm kế hoạch",
            "old": "48500",
            "new": "50000",
            "difference": "1500",
        }
    ]
    assert record["explanations_changed"] is True


def test_same_file_is_said(tmp_path, guidance):
    path = write_yaml(tmp_path, base_data(), "a.yaml")
    copy = tmp_path / "b.yaml"
    shutil.copyfile(path, copy)
    assert diff(guidance, path, copy)["same_file"] is True


def test_duplicated_ma_pairs_in_order():
    from budgetkit.compare import LINE_KEYS, LineSnap

    def line(line_id: str, name: str) -> LineSnap:
        values = [None] * len(LINE_KEYS)
        values[0], values[1] = line_id, name
        return LineSnap(tuple(values), None)

    old = [line("A", "x"), line("A", "y"), line("B", "z")]
    new = [line("A", "x"), line("a", "y"), line("C", "z")]
    pairs, removed, added = match_lines(old, new)
    assert [(p.old, p.new, p.by) for p in pairs] == [(0, 0, "id"), (1, 1, "id"), (2, 2, "name")]
    assert removed == added == []


# --- refusals and the command --------------------------------------------------------------------


def test_different_units_or_years_are_refused(tmp_path, guidance):
    old, other_unit, other_year = base_data(), base_data(), base_data()
    other_unit["unit"]["code"] = "3012346"
    other_year["budget_year"] = 2027
    a = write_yaml(tmp_path, old, "a.yaml")
    with pytest.raises(NotComparable) as refused:
        diff_files(a, write_yaml(tmp_path, other_unit, "b.yaml"), guidance)
    assert "3012345" in refused.value.message("vi") and "3012346" in refused.value.message("vi")
    with pytest.raises(NotComparable):
        diff_files(a, write_yaml(tmp_path, other_year, "c.yaml"), guidance)
    done = run("diff", str(a), str(tmp_path / "b.yaml"))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "không cùng một đơn vị" in done.stderr and "Traceback" not in done.stderr
    done = run("diff", str(a), str(tmp_path / "c.yaml"), "--lang", "en")
    assert done.returncode == 2 and "budget year" in done.stderr


def test_unreadable_file_and_misuse(tmp_path):
    a = write_yaml(tmp_path, base_data(), "a.yaml")
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 broken")
    done = run("diff", str(a), str(broken))
    assert done.returncode == 1 and "hong.xlsx" in done.stderr and "F001" in done.stderr and "Traceback" not in done.stderr
    assert run("diff", str(a), str(tmp_path / "none.yaml")).returncode == 2
    assert run("diff", str(a), str(tmp_path)).returncode == 2
    assert run("diff", str(a), str(a), "--format", "xml").returncode == 2


def test_cli_json_equals_the_library_and_text_speaks_both_languages(guidance):
    old, new = EXAMPLES / "son-la" / "chieng-sinh-loi.xlsx", ROUND_2 / "chieng-sinh.xlsx"
    done = run("diff", str(old), str(new), "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    library = comparison_record(diff_files(old, new, guidance, str(old), str(new)), pack=guidance.pack(2026))
    assert {k: v for k, v in report.items() if k not in ("tool", "guidance")} == library
    text = run("diff", str(old), str(new))
    assert text.returncode == 0
    assert "đổi Mã DM-01 → DMST-01" in text.stdout and "Dự toán năm 2026: 520 → 450 (-70)" in text.stdout
    assert "Đã sửa" in text.stdout and "Còn lại" in text.stdout
    english = run("diff", str(old), str(new), "--lang", "en")
    assert "Mã renamed DM-01 → DMST-01" in english.stdout and "Fixed" in english.stdout


def test_the_shipped_second_round_tells_the_story(guidance):
    """examples/son-la-vong-2/: Chiềng Sinh fixed most, moved money, renamed, moved and added lines."""
    old, new = EXAMPLES / "son-la" / "chieng-sinh-loi.xlsx", ROUND_2 / "chieng-sinh.xlsx"
    record = diff(guidance, old, new)
    summary = record["summary"]
    assert (summary["added"], summary["removed"], summary["renamed"], summary["moved"]) == (1, 0, 1, 1)
    assert {f["code"] for f in record["findings"]["fixed"]} >= {"A001", "V004", "P004", "C001", "F005", "A004"}
    assert [f["code"] for f in record["findings"]["open"]] == ["P003"]
    assert changed_of(record, "KH-02")["changes"][0]["difference"] == "50"
    assert changed_of(record, "CDS-03")["changes"][0]["difference"] == "-50"
    assert Decimal(summary["total_difference"]) == Decimal("-40")


def test_every_field_of_the_format_is_compared_and_labelled():
    from budgetkit.compare import LINE_KEYS, UNIT_KEYS, value_label
    from budgetkit.model import BudgetLine, Unit

    assert set(LINE_KEYS) == set(BudgetLine.model_fields)
    assert set(UNIT_KEYS) == set(Unit.model_fields)
    for key in LINE_KEYS:
        assert value_label(key, 2026) and value_label(key, 2026) != key
    for key in UNIT_KEYS:
        assert value_label(key, 2026, unit=True) != key


def test_new_fields_of_a_line_are_compared(tmp_path, guidance):
    old, new = base_data(), base_data()
    new["lines"][3]["via_fund"] = True
    record = diff(guidance, *pair(tmp_path, old, new))
    change = changed_of(record, new["lines"][3]["id"])["changes"]
    assert [(c["field"], c["old"], c["new"]) for c in change] == [("via_fund", None, True)]


def test_names_with_brackets_are_printed_as_they_are(tmp_path):
    """A file or unit name is text, never console markup."""
    data = base_data()
    data["unit"]["name"] = "UBND xã [/] Mường [bold]Bú"
    old = write_yaml(tmp_path, data, "[red]old [bold].yaml")
    data["lines"][1]["estimate"] = 61
    new = write_yaml(tmp_path, data, "[red]new.yaml")
    done = run("diff", str(old), str(new))
    assert done.returncode == 0, done.stderr
    assert "[red]old [bold].yaml" in done.stdout and "UBND xã [/] Mường [bold]Bú" in done.stdout
    first, second = tmp_path / "a [bold]", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    shutil.copyfile(old, first / "x.yaml")
    shutil.copyfile(new, second / "x.yaml")
    done = run("batch", str(second), "--previous", str(first))
    assert "Traceback" not in done.stderr and "a [bold]" in done.stdout and "UBND xã [/] Mường [bold]Bú" in done.stdout


def test_a_changed_category_is_shown_by_the_titles_the_unit_knows(guidance):
    """The codes stay in the JSON (`old`, `new`) and their titles come beside them; the text shows the
    titles, whole, in both languages (the template's list is Vietnamese)."""
    old, new = EXAMPLES / "son-la" / "chieng-sinh-loi.xlsx", ROUND_2 / "chieng-sinh.xlsx"
    pack = guidance.pack(2026)
    before, after = pack.categories["khcn_ho_tro"].title, pack.categories["cds_du_lieu"].title
    report = json.loads(run("diff", str(old), str(new), "--format", "json").stdout)
    change = changed_of(report, "CDS-01")["changes"][0]
    assert change == {
        "field": "category",
        "label": "Nhóm nội dung",
        "old": "khcn_ho_tro",
        "new": "cds_du_lieu",
        "old_title": before,
        "new_title": after,
    }
    for lang in ("vi", "en"):
        text = run("diff", str(old), str(new), "--lang", lang, env={"COLUMNS": "400"}).stdout
        assert f"Nhóm nội dung: {before} → {after}" in text, lang
        assert "khcn_ho_tro" not in text and "cds_du_lieu" not in text, lang
    # Without the pack (a caller that has none) the record is the codes alone, as before.
    assert "old_title" not in changed_of(diff(guidance, old, new), "CDS-01")["changes"][0]
