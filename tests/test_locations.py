"""Locations: typed values with today's JSON keys and text, and YAML lines located by their own item."""

from __future__ import annotations

from budgetkit.checking import check_file
from budgetkit.locations import WHOLE_FILE, Cell, Group, LineId, YamlPlace

from conftest import base_data, write_yaml


def test_each_kind_keeps_the_json_keys_and_the_text():
    cell = Cell("Dự toán", 8, "O", "estimate", "KH-01")
    assert cell.as_dict() == {"sheet": "Dự toán", "row": 8, "column": "O", "field": "estimate", "line_id": "KH-01"}
    assert cell.describe("vi") == "Dự toán!O8, Mã KH-01" and cell.describe("en") == "Dự toán!O8, id KH-01"
    assert Cell("Dự toán").describe() == "Dự toán" and Cell("Dự toán").as_dict() == {"sheet": "Dự toán"}
    place = YamlPlace(12, "lines[2].estimate", "estimate", "DM-01")
    assert list(place.as_dict()) == ["line", "path", "field", "line_id"] and place.as_dict()["path"] == "lines[2].estimate"
    assert place.describe("vi") == "dòng 12, mục thứ 3 của lines, khóa estimate, Mã DM-01"
    assert place.describe("en") == "line 12, item 3 of lines, key estimate, id DM-01"
    assert Group("khcn", "recurrent").as_dict() == {"field": "khcn", "spending": "recurrent"}
    assert Group("khcn").describe("vi") == "lĩnh vực KH&CN"
    assert Group("cds", "investment").describe("en") == "group CĐS - development investment"
    assert LineId("KH-01").as_dict() == {"line_id": "KH-01"} and LineId("KH-01").describe() == "Mã KH-01"
    assert WHOLE_FILE.as_dict() == {} and WHOLE_FILE.describe() == ""


def test_a_yaml_line_after_skipped_items_is_located_at_its_own_item(tmp_path, guidance):
    """Items of `lines` that are not mappings are not lines (F001): a later line's finding still names its
    own item, path and Mã (issue 14: it named the item at the line's index in the model)."""
    data = base_data()
    data["lines"][2]["estimate"] = -1
    data["lines"][0:0] = ["not a line", ["nor", "this"]]
    path = write_yaml(tmp_path, data)
    findings = check_file(path, guidance).findings
    assert [f.location.path for f in findings if f.code == "F001"] == ["lines[0]", "lines[1]"]
    v005 = next(f for f in findings if f.code == "V005")
    assert v005.location.path == "lines[4].estimate" and v005.location.line_id == "DM-01"
    text = path.read_text(encoding="utf-8").splitlines()
    assert text[v005.location.line - 1].strip() == "estimate: -1"
