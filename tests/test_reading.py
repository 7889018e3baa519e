"""F001 and F008: what is not a budget file, or is too big, is refused with a reason; YAML safety."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import pytest

from budgetkit.checking import check_file
from budgetkit.guidance import Guidance

from conftest import EXAMPLES, PROVINCE, base_data, write_yaml


def only(result) -> tuple[str, str]:
    assert len(result.findings) == 1, [(f.code, f.message("vi")) for f in result.findings]
    return result.findings[0].code, result.findings[0].message("vi")


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.xlsx", b"", "rỗng"),
        ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".xls"),
        ("data.xlsx", "Mã;Tên;Dự toán\nKH-01;Đề tài;100\n".encode(), "CSV"),
        ("scan.xlsx", b"%PDF-1.7\n%...", "PDF"),
        ("notes.txt", b"hello", "không phải tệp dự toán"),
        ("bad.yaml", b"budget_year: [2026\n", "YAML sai cú pháp"),
        ("list.yaml", b"- 1\n- 2\n", "không phải là một ánh xạ"),
        ("cp1258.yaml", "unit:\n  name: Xa\u0303 Chi\u00ea\u0300ng Mung\n".encode("cp1258"), "không phải UTF-8"),
        ("utf16.yaml", "budget_year: 2026\n".encode("utf-16"), "UTF-16"),
        ("alias.yaml", b"a: &x [1, 2]\nb: *x\n", "neo"),
        ("tag.yaml", b"budget_year: !!python/object/apply:os.system ['echo hi']\n", "thẻ YAML"),
    ],
)
def test_unreadable_files_are_f001_with_a_reason(tmp_path, guidance, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    before = path.read_bytes()
    result = check_file(path, guidance)
    code, message = only(result)
    assert code == "F001" and words in message
    assert result.unit is None and path.read_bytes() == before


def test_truncated_and_foreign_zips(tmp_path, guidance):
    whole = (PROVINCE / "chieng-mung.xlsx").read_bytes()
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(whole[: len(whole) // 2])
    assert only(check_file(truncated, guidance))[0] == "F001"
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    assert "không phải là bảng tính" in only(check_file(other, guidance))[1]
    ods = tmp_path / "calc.xlsx"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert ".ods" in only(check_file(ods, guidance))[1]


def test_yaml_with_bom_is_read(tmp_path, guidance):
    path = write_yaml(tmp_path, base_data())
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert check_file(path, guidance).findings == []


def test_unknown_yaml_key_is_an_error_naming_the_closest(tmp_path, guidance):
    data = base_data()
    data["lines"][0]["estimte"] = 5
    finding = next(f for f in check_file(write_yaml(tmp_path, data), guidance).findings if f.code == "F004")
    assert finding.severity == "error" and finding.location.path == "lines[0].estimte" and "estimate" in finding.message("vi")


def test_yaml_nested_past_the_limit_is_f008(tmp_path, guidance):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 60 + "]" * 60 + "\n", encoding="utf-8")
    assert only(check_file(path, guidance))[0] == "F008"


def test_limits_come_from_the_pack(tmp_path):
    override = tmp_path / "tight.yaml"
    override.write_text("limits:\n  sheet_rows: 10\n", encoding="utf-8")
    guidance = Guidance(override)
    result = check_file(PROVINCE / "chieng-mung.xlsx", guidance)
    assert only(result)[0] == "F008"


def test_yaml_locations_carry_line_and_path(tmp_path, guidance):
    data = base_data()
    data["lines"][2]["estimate"] = -1
    path = write_yaml(tmp_path, data)
    finding = next(f for f in check_file(path, guidance).findings if f.code == "V005")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert finding.location.path == "lines[2].estimate" and finding.location.line_id == "DM-01"
    assert lines[finding.location.line - 1].strip() == "estimate: -1"


def test_nfd_text_is_normalised(tmp_path, guidance):

    data = base_data()
    data["lines"][1]["name"] = unicodedata.normalize("NFD", "Phổ biến kiến thức")
    path = write_yaml(tmp_path, data)
    from budgetkit.loaders import load

    assert load(path, guidance).model.lines[1].name == "Phổ biến kiến thức"


def test_every_shipped_text_is_never_taken_for_legacy_encoding():
    import yaml as pyyaml

    from budgetkit.normalize import detect_legacy

    texts: list[str] = []

    def walk(node):
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in list(EXAMPLES.glob("*.yaml")) + list(Path(__file__).resolve().parent.parent.glob("budgetkit/guidance/packs/*.yaml")):
        walk(pyyaml.safe_load(path.read_text(encoding="utf-8")))
    from budgetkit.rules import all_rules

    for rule in all_rules():
        texts += [*rule.what, *rule.why, *rule.passing, *rule.title, *(t for pair in rule.messages.values() for t in pair)]
        if rule.code != "F007":  # its failing example is legacy text on purpose
            texts += rule.failing
    assert len(texts) > 300
    assert [t for t in texts if detect_legacy(t)] == []


def test_vni_is_detected_and_converted():
    from budgetkit.normalize import detect_legacy

    assert detect_legacy("Soá hoùa soå hoä tòch") == ("VNI", "Số hóa sổ hộ tịch")


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("estimate", [1, 2], "V003"),
        ("name", {"a": 1}, "V002"),
        ("field", ["cds"], "V002"),
        ("priorities", {"a": 1}, "V002"),
        ("indicators", [["a"]], "V002"),
        ("start_year", 2026.5, "V003"),
        ("estimate", "1e400", "V003"),
    ],
)
def test_values_of_the_wrong_shape_are_findings_not_crashes(tmp_path, guidance, key, value, code):
    data = base_data()
    data["lines"][2][key] = value
    result = check_file(write_yaml(tmp_path, data), guidance)
    on_value = [f.code for f in result.findings if f.location.path == f"lines[2].{key}"]
    assert on_value == [code]


@pytest.mark.parametrize(
    "text, line, vi, en",
    [
        ('budget_year: 2026\nunit: {name: "x"\nlines: [\n', 3, "thiếu dấu phẩy “,” hoặc dấu đóng “}”", "a comma “,” or a closing “}”"),
        ("budget_year: 2026\nunit:\n\tname: x\n", 3, "có ký tự Tab", "Tab character"),
        ("budget_year: 2026\nunit:\n  name: a: b\n", 3, "dấu hai chấm “:” ở chỗ không được", "a colon “:” where none may be"),
        ('budget_year: 2026\nunit:\n  name: "abc\n', 4, "dấu ngoặc kép hoặc ngoặc chưa đóng", "before a quote or a bracket is closed"),
    ],
)
def test_yaml_syntax_errors_say_what_to_fix_in_the_users_language(tmp_path, guidance, text, line, vi, en):
    """A YAML syntax error is placed at its line and said in the user's words, never in the parser's English."""
    path = tmp_path / "hong.yaml"
    path.write_text(text, encoding="utf-8")
    (finding,) = check_file(path, guidance).findings
    assert finding.code == "F001" and finding.location.line == line
    assert vi in finding.message("vi") and f"dòng {line}" in finding.message("vi"), finding.message("vi")
    assert en in finding.message("en"), finding.message("en")
    for parser_words in ("found", "expected", "token", "stream", "mapping values"):
        assert parser_words not in finding.message("vi") and parser_words not in finding.message("en")


@pytest.mark.parametrize("option", ["--roster", "--guidance"])
def test_a_roster_or_override_with_a_syntax_error_says_where_and_what_in_the_users_words(tmp_path, option):
    from conftest import run

    broken = tmp_path / "hong.yaml"
    broken.write_text("rules:\n\tP009: {severity: error}\n", encoding="utf-8")
    vi = run("batch", str(PROVINCE), option, str(broken))
    assert vi.returncode == 2 and "dòng 2, cột 1: có ký tự Tab" in vi.stderr and "scanning" not in vi.stderr, vi.stderr
    en = run("batch", str(PROVINCE), option, str(broken), "--lang", "en")
    assert en.returncode == 2 and "line 2, column 1: there is a Tab character" in en.stderr, en.stderr
