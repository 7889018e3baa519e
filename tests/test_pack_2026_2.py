"""Issue 12 end to end, as an accountant and a department officer meet it: pack 2026.2 from the primary texts.

A file coded exactly as Circular 130/2025/TT-BTC prescribes passes; each planted breach of the codes (C005-C008),
of Circular 56's fields (P010, P011, S006, the 30/6 rule A005) and of Resolution 57's shares (S005, S001) is found
at its cell (Excel) or place (YAML) with its article, in Vietnamese and in English; the new fields are in the
template, the schema, the docs and an example; every rule's `explain` names a text and its article or says
that the rule is budgetkit's own convention."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from budgetkit.guidance import Guidance
from budgetkit.rules import all_rules

from conftest import EXAMPLES, ROOT, base_data, run, write_yaml

# Every Khoản of Loại 100 (Phụ lục II), each on a line of its pillar; strategic technology (104, 105) tagged.
KHOAN = (
    ("K101", "100-101", "khcn", "khcn_nhiem_vu", None),
    ("K102", "100-102", "khcn", "khcn_nhiem_vu", None),
    ("K103", "100-103", "khcn", "khcn_nhiem_vu", None),
    ("K104", "100-104", "khcn", "khcn_nhiem_vu", ["CNCL-01"]),
    ("K104B", "104", "khcn", "khcn_nhiem_vu", ["CNCL-06"]),  # a bare Khoản, read as 100-104
    ("K105", "100-105", "khcn", "khcn_tiem_luc", ["CNCL-09"]),
    ("K106", "100-106", "khcn", "khcn_nang_luc", None),
    ("K107", "100-107", "khcn", "khcn_tiem_luc", None),
    ("K108", "100-108", "khcn", "khcn_ho_tro", None),
    ("K111", "100-111", "dmst", "dmst_he_sinh_thai", None),
    ("K121", "100-121", "cds", "cds_nen_tang", None),
)
NEW_FIELDS = {  # YAML key -> the template's header (the 30/6 column names the year before the budget year)
    "via_fund": "Thực hiện qua cơ chế quỹ",
    "serves_sector": "Phục vụ lĩnh vực",
    "moved_from_sector": "Chuyển từ lĩnh vực chi khác",
    "prior_h1_disbursed": "Giải ngân đến 30/6/2025",
    "budget_ceiling": "Số kiểm tra được thông báo",
}


def coded_as_circular_130() -> dict[str, Any]:
    """The shipped commune with every line coded, plus one recurring line for each Khoản of Loại 100."""
    data = base_data()
    for line in data["lines"]:
        line["budget_code"] = {"khcn": "100-102", "dmst": "111", "cds": "121"}[line["field"]]
    data["lines"][1]["budget_code"] = "100-108"  # information on S&T: other S&T
    for line_id, code, field, category, priorities in KHOAN:
        line = {
            "id": line_id,
            "name": f"Nội dung chi Khoản {code}",
            "field": field,
            "spending": "recurrent",
            "status": "recurring",
            "category": category,
            "prior_estimate": 10,
            "prior_expected": 10,
            "estimate": 10,
            "budget_code": code,
        }
        if priorities:
            line["priorities"] = priorities
        data["lines"].append(line)
    return data


def report(path: Path, lang: str) -> dict[str, Any]:
    """`budgetkit validate --format json --lang LANG PATH`, as a department officer would run it."""
    done = run("validate", "--format", "json", "--lang", lang, str(path))
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def test_a_file_coded_as_circular_130_prescribes_passes_in_yaml_and_excel(tmp_path):
    source = write_yaml(tmp_path, coded_as_circular_130(), "dung.yaml")
    book = tmp_path / "dung.xlsx"
    assert run("convert", str(source), str(book)).returncode == 0
    wb = openpyxl.load_workbook(book)
    ws = wb["Dự toán"]
    header = {c.value: c.column_letter for c in ws[4] if c.value}
    row = next(r[0].row for r in ws.iter_rows(min_row=5) if r[0].value == "K104B")
    ws[f"{header['Mã Loại - Khoản']}{row}"] = 104  # typed as a number, as Excel keeps it
    wb.save(book)
    for path in (source, book):
        for lang in ("vi", "en"):
            found = report(path, lang)
            assert found["guidance"]["pack_version"] == "2026.2"
            assert found["files"][0]["findings"] == [], (path.name, lang)
            assert found["summary"]["passed"] == 1


# A planted breach: (the line, YAML key, value) -> the finding's code, field, article (vi), article (en), English words.
PLANTED: dict[tuple[str, str], tuple[Any, str, str, str, str, str]] = {
    ("K101", "budget_code"): ("100-111", "C005", "budget_code", "Phụ lục II", "Appendix II", "is not a KH&CN code"),
    ("K103", "budget_code"): ("100-109", "C005", "budget_code", "Phụ lục II", "Appendix II", "is not a KH&CN code"),
    ("K107", "priorities"): (["CNCL-05"], "C006", "budget_code", "Khoản 101-103, 107", "Khoản 101-103 and 107", "strategic technology"),
    ("K104", "priorities"): (["NQ57-3"], "C006", "priorities", "Khoản 104, 105", "Khoản 104 and 105", "with no strategic technology"),
    ("K108", "budget_code"): ("314", "C007", "budget_code", "Điều 3.3", "Article 3.3", "outside Loại 100"),
    ("K106", "name"): ("Đào tạo sau đại học cho cán bộ tỉnh", "C008", "name", "Điều 3.3.d", "Article 3.3.d", "postgraduate"),
    ("KH-01", "prior_h1_disbursed"): (420, "A005", "prior_h1_disbursed", "Điều 22", "Article 22", "Disbursement to 30/6/2025"),
}


def planted_data() -> dict[str, Any]:
    data = coded_as_circular_130()
    lines = {line["id"]: line for line in data["lines"]}
    for (line_id, key), (value, *_) in PLANTED.items():
        lines[line_id][key] = value
    # P010: a new S&T task that does not say whether it goes through a fund.
    lines["CDS-05"].update(field="khcn", category="khcn_nhiem_vu", budget_code="100-102")
    del lines["DM-01"]["explanation"]  # P011: a new task without approval nor the basis of its cost
    data["unit"].update(level="province", budget_ceiling=2000)  # S006 (the total is 2,315); S005 at a province
    return data


EXPECTED_ELSEWHERE = {  # code -> (YAML place, Excel sheet, field, article vi, article en, English words)
    "P010": ("lines[7].via_fund", "Dự toán", "via_fund", "Điều 23.2", "Article 23.2", "Thực hiện qua cơ chế quỹ"),
    "P011": ("lines[2].explanation", "Dự toán", "explanation", "Điều 15.2", "Article 15.2", "the basis of its cost"),
    "S006": ("unit.budget_ceiling", "Đơn vị", "budget_ceiling", "Điều 23.3", "Article 23.3", "notified ceiling"),
}


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
def test_every_planted_breach_is_found_at_its_place_with_its_article_in_both_languages(tmp_path, suffix):
    data = planted_data()
    path = write_yaml(tmp_path, data, "sai.yaml")
    if suffix == ".xlsx":
        book = tmp_path / "sai.xlsx"
        assert run("convert", str(path), str(book)).returncode == 0
        path = book
        ws = openpyxl.load_workbook(book)["Dự toán"]
        header = {c.value: c.column_letter for c in ws[4] if c.value}
        rows = {r[0].value: r[0].row for r in ws.iter_rows(min_row=5)}
    index = {line["id"]: i for i, line in enumerate(data["lines"])}
    vi, en = report(path, "vi")["files"][0]["findings"], report(path, "en")["files"][0]["findings"]
    assert [f["code"] for f in vi] == [f["code"] for f in en]
    assert sorted(f["code"] for f in vi) == sorted(["A005", "C005", "C005", "C006", "C006", "C007", "C008", "P010", "P011", "S005", "S006"])

    def found(code: str, field: str, line_id: str | None) -> tuple[dict, dict]:
        pairs = [(a, b) for a, b in zip(vi, en, strict=True) if a["code"] == code and a["location"].get("field") == field]
        if line_id is not None:
            pairs = [p for p in pairs if p[0]["location"].get("line_id") == line_id]
        assert len(pairs) == 1, (code, field, line_id, vi)
        return pairs[0]

    for (line_id, _key), (_, code, field, article_vi, article_en, words_en) in PLANTED.items():
        a, b = found(code, field, line_id)
        if suffix == ".xlsx":
            column = header[
                {
                    "budget_code": "Mã Loại - Khoản",
                    "priorities": "Gắn với nhiệm vụ ưu tiên",
                    "name": "Tên nhiệm vụ, nội dung chi",
                    "prior_h1_disbursed": NEW_FIELDS["prior_h1_disbursed"],
                }[field]
            ]
            assert (a["location"]["sheet"], a["location"]["column"], a["location"]["row"]) == ("Dự toán", column, rows[line_id])
        else:
            assert a["location"]["path"] == f"lines[{index[line_id]}].{field}"
        assert article_vi in a["citation"] and article_en in b["citation"], (code, a["citation"], b["citation"])
        assert words_en in b["message"] and a["message"] != b["message"], (code, b["message"])
    for code, (place, sheet, field, article_vi, article_en, words_en) in EXPECTED_ELSEWHERE.items():
        a, b = found(code, field, None)
        if suffix == ".xlsx":
            assert a["location"]["sheet"] == sheet and a["location"]["row"] and a["location"]["column"]
        else:
            assert a["location"]["path"] == place
        assert article_vi in a["citation"] and article_en in b["citation"] and words_en in b["message"], code
    a, b = found("S005", "khcn", None)
    assert a["location"]["spending"] == "recurrent" and "III.3" in a["citation"] and "section III.3" in b["citation"]
    assert "15%" in b["message"] and "Strategic-technology research" in b["message"]
    for a, b in zip(vi, en, strict=True):  # the citation in English is not the Vietnamese one
        assert b["citation"] != a["citation"] and "Thông tư" not in b["citation"], b
    if suffix == ".xlsx":  # the annotated copy's findings sheet cites in English with --lang en too
        assert run("validate", str(path), "--annotate", str(tmp_path / "marked"), "--lang", "en").returncode == 0
        sheet = openpyxl.load_workbook(tmp_path / "marked" / "sai.kiem-tra.xlsx")["Check results"]
        basis = [row[-1] for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]]
        assert len(basis) == len(en) and all(cell and "Thông tư" not in cell and "Nghị quyết" not in cell for cell in basis)
        assert any("Circular 130/2025/TT-BTC, Article 3.3.d" in cell for cell in basis)


def test_s001_leaves_out_lines_outside_loai_100_and_checks_budget_levels_only(tmp_path):
    """The commune's estimate is 2,205 of 48,500 (4.5%). With the 900 of its camera project coded 280-315 the
    share that counts is 1,305 (2.7%): C007 on the line, S001 on the file. A department is no budget level."""
    data = base_data()
    data["lines"][6]["budget_code"] = "280-315"
    data["unit"]["total_budget_expenditure"] = 40000  # 2,205 would be 5.5%; 1,305 is 3.3%
    assert [f["code"] for f in report(write_yaml(tmp_path, data, "a.yaml"), "vi")["files"][0]["findings"]] == ["C007"]
    data["unit"]["total_budget_expenditure"] = 48500
    found = report(write_yaml(tmp_path, data, "b.yaml"), "en")["files"][0]["findings"]
    assert sorted(f["code"] for f in found) == ["C007", "S001"]
    s001 = next(f for f in found if f["code"] == "S001")
    assert "1,305" in s001["message"] and "section II.1" in s001["citation"]
    for level in ("department", "agency", "ministry"):
        data["unit"]["level"] = level
        found = report(write_yaml(tmp_path, data, f"{level}.yaml"), "vi")["files"][0]["findings"]
        assert "S001" not in [f["code"] for f in found], level


def test_the_new_fields_are_in_the_template_schema_docs_and_an_example(tmp_path):
    book, text = tmp_path / "mau.xlsx", tmp_path / "mau.yaml"
    assert run("template", "--year", "2026", "-o", str(book)).returncode == 0
    assert run("template", "--year", "2026", "-o", str(text)).returncode == 0
    wb = openpyxl.load_workbook(book)
    headers = {c.value for c in wb["Dự toán"][4]} | {r[0].value for r in wb["Đơn vị"].iter_rows()}
    template_yaml = text.read_text(encoding="utf-8")
    schema = (ROOT / "schemas" / "budget-file.schema.json").read_text(encoding="utf-8")
    docs = (ROOT / "docs" / "input-format.md").read_text(encoding="utf-8")
    used: set[str] = set()
    for path in EXAMPLES.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            used |= set(data["unit"]) | {key for line in data["lines"] for key in line}
    for key, label in NEW_FIELDS.items():
        assert label in headers, label
        assert re.search(rf"^\s*{key}:", template_yaml, flags=re.MULTILINE), key
        assert f'"{key}"' in schema and key in docs and label.replace("2025", "") in docs, key
    assert set(NEW_FIELDS) <= used, set(NEW_FIELDS) - used
    assert "2026.2" in docs


CONVENTION_VI = re.compile(r"budgetkit", re.IGNORECASE)
ARTICLE_VI = re.compile(r"(Thông tư|Nghị quyết|Luật|Nghị định|Quyết định)[^;]*?(Điều \d|mục [IVX]+|Phụ lục [IVX]+)")
NOT_FOUND_VI = ("chưa tìm được văn bản", "theo báo chí")
CONVENTION_EN = re.compile(r"budgetkit")
ARTICLE_EN = re.compile(r"(Circular|Resolution|Law|Decree|Decision)[^;]*?(Article \d|section [IVX]+|Appendix [IVX]+)")
NOT_FOUND_EN = ("no copy found", "as reported by the press")


def _named(source: str, lang: str) -> bool:
    vi = lang == "vi"
    convention, article, not_found = (CONVENTION_VI, ARTICLE_VI, NOT_FOUND_VI) if vi else (CONVENTION_EN, ARTICLE_EN, NOT_FOUND_EN)
    return bool(convention.search(source) or article.search(source) or any(s in source for s in not_found))


@pytest.mark.parametrize("year", [2026, 2027])
def test_explain_of_every_rule_names_an_article_or_says_it_is_budgetkits_convention(year):
    """`budgetkit explain CODE` (and --lang en) for every rule of the pack: its source names a primary text and the
    article, says the text was not found (only known from the press), or says the rule is budgetkit's convention."""
    pack = Guidance().pack(year)
    assert pack.pack_version == {2026: "2026.2", 2027: "2027.1"}[year]
    for rule in all_rules():
        for lang, heading in (("vi", "## Căn cứ"), ("en", "## Source")):
            done = run("explain", rule.code, "--year", str(year), "--lang", lang)
            assert done.returncode == 0, (rule.code, done.stderr)
            source = done.stdout.rsplit(heading, 1)[1].strip()
            # a pack without the English form of a citation (a province's own) shows its Vietnamese one in English
            in_vietnamese = lang == "en" and source == pack.citation(rule.code)
            assert _named(source, "vi" if in_vietnamese else lang), (year, rule.code, lang, source)
    for rule in all_rules():  # every citation of the shipped packs has its English form
        assert (pack.citation(rule.code) is None) == (pack.citation(rule.code, "en") is None), rule.code
        assert pack.citation(rule.code) is None or pack.citation(rule.code, "en") != pack.citation(rule.code), rule.code
    for code in ("A003", "P008", "S003"):  # thresholds budgetkit chose itself say so
        assert "budgetkit" in pack.citation(code) and "budgetkit" in (pack.citation(code, "en") or "")


def test_the_legal_bases_carry_their_date_and_subject():
    pack = Guidance().pack(2026)
    bases = pack.legal_bases
    assert any("89/2025/QH15" in b and "25/6/2025" in b for b in bases)
    for basis in bases:
        assert re.search(r"ngày \d{1,2}/\d{1,2}/\d{4}", basis), basis
    sources = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    assert "2026.2" in sources and "89/2025/QH15" in sources and "Không tìm thấy" in sources
