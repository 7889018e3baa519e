"""Every rule that checks the model fires on its failing cases, at the right place, and stays silent
on its passing ones (the cases live in rule_cases.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from budgetkit.rules import all_rules

from conftest import base_data, check_data, codes, mutate

CASES = yaml.safe_load((Path(__file__).parent / "rule_cases.yaml").read_text(encoding="utf-8"))


def _where(finding) -> str:
    loc = finding.location
    if loc.path:
        return loc.path
    if loc.field and loc.spending:
        return f"{loc.field}/{loc.spending}"
    return loc.field or ""


YEARS = (2026, 2027)
SHIFTED_KEYS = ("budget_year", "start_year", "end_year")


def _expected(case, year: int) -> list[tuple[str, str]]:
    """The whole set of findings a case's file must give under the pack of `year`."""
    findings = case["findings"]
    if isinstance(findings, dict):
        findings = findings[year]
    return sorted((code, where) for code, where in findings)


def _case_codes(case) -> set[str]:
    listed = case["findings"].values() if isinstance(case["findings"], dict) else [case["findings"]]
    return {code for findings in listed for code, _ in findings} | set(case.get("pass", []))


def _changed_between(guidance, old_year: int, new_year: int) -> set[str]:
    """Rules that may report differently on the same file once the crosswalk has renamed its codes."""
    from budgetkit.guidance.changes import changed_rules

    # renamed codes: the crosswalk maps the case's values
    handled = {"citation", "categories", "priorities", "strategic_technologies.codes"}
    return {code for code, reasons in changed_rules(guidance.pack(old_year), guidance.pack(new_year)).items() if set(reasons) - handled}


def _rename(key: str, value, pack):
    """A 2026 case value as the same thing reads in a later pack: years moved on, codes through the crosswalk."""
    if key.endswith(SHIFTED_KEYS) and isinstance(value, int):
        return value + pack.budget_year - 2026
    crosswalk = pack.crosswalk
    if key.endswith("category") and isinstance(value, str) and value in crosswalk.categories:
        return crosswalk.categories[value].to[0]
    if key.endswith("priorities") and isinstance(value, list):
        out = []
        for code in value:
            for new in crosswalk.priorities[code].to if code in crosswalk.priorities else [code]:
                if new not in out:
                    out.append(new)
        return out
    return value


def _moved(data, pack):
    """The clean 2026 commune as the same commune would write it for a later year."""
    data["budget_year"] = _rename("budget_year", data["budget_year"], pack)
    for line in data["lines"]:
        for key in list(line):
            line[key] = _rename(key, line[key], pack)
    return data


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_rule_case(case, year, tmp_path, guidance):
    """Every case runs against the 2026 pack and, where its rules did not change, against the 2027 pack
    (years moved on by one, codes read through the 2027 crosswalk); a case marked `years` runs only there."""
    if year not in case.get("years", YEARS):
        pytest.skip(f"a case of the {case['years']} pack")
    data = base_data()
    set_ = case.get("set")
    if year != 2026:
        if "years" not in case and _case_codes(case) & _changed_between(guidance, 2026, year):
            pytest.skip("the rule changed between the packs; its own cases carry `years`")
        pack = guidance.pack(year)
        data = _moved(data, pack)
        set_ = {key: _rename(key, value, pack) for key, value in (set_ or {}).items()}
    data = mutate(data, set_, case.get("delete"))
    result = check_data(tmp_path, data, guidance)
    found = sorted((f.code, _where(f)) for f in result.findings)
    assert found == _expected(case, year), "the file's findings differ from the case's `findings`"
    assert not set(case.get("pass", [])) & {code for code, _ in found}


def test_what_changed_between_the_packs_is_what_the_cases_skip(guidance):
    # Changed: C004 (Decree 224 Điều 34: recurrent funds may build digital systems), C009 (new in 2027).
    # Everything else runs against both packs (renamed codes through the crosswalk).
    assert _changed_between(guidance, 2026, 2027) == {"C004", "C009"}
    moved = _moved(base_data(), guidance.pack(2027))
    assert moved["budget_year"] == 2027 and moved["lines"][0]["end_year"] == 2027
    assert {line["category"] for line in moved["lines"]} <= set(guidance.pack(2027).categories)


def test_the_moved_commune_is_clean_under_2027(tmp_path, guidance):
    result = check_data(tmp_path, _moved(base_data(), guidance.pack(2027)), guidance)
    assert result.budget_year == 2027 and codes(result) == []


def test_every_model_rule_has_a_failing_case():
    # Every rule also passes on the clean examples (test_shipped_examples_are_clean); A004 needs a
    # workbook's total rows and is tested in test_excel.py.
    failing = {code for c in CASES for year in YEARS if year in c.get("years", YEARS) for code, _ in _expected(c, year)}
    model_rules = {r.code for r in all_rules() if r.check is not None}
    assert model_rules - failing == {"A004"}


def test_every_case_states_its_findings():
    """A case without `findings` would assert nothing; the old keys (fail/not) are gone."""
    for case in CASES:
        assert "findings" in case and not {"fail", "not"} & set(case), case["id"]
        assert set(case) <= {"id", "set", "delete", "findings", "pass", "years"}, case["id"]


@pytest.mark.parametrize("name", ["chieng-mung", "so-khcn-son-la", "vien-ung-dung-cong-nghe"])
@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
def test_shipped_examples_are_clean(name, suffix, guidance):
    from budgetkit.checking import check_file

    from conftest import EXAMPLES, PROVINCE

    result = check_file((PROVINCE if suffix == ".xlsx" else EXAMPLES) / f"{name}{suffix}", guidance)
    assert [f.code for f in result.findings] == []


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
def test_shipped_2027_example_is_clean(suffix, guidance):
    from budgetkit.checking import check_file

    from conftest import EXAMPLES

    result = check_file(EXAMPLES / "2027" / f"chieng-mung-2027{suffix}", guidance)
    assert result.budget_year == 2027 and [f.code for f in result.findings] == []


def test_one_root_cause_one_finding(tmp_path, guidance):
    data = base_data()
    data["lines"][1]["field"] = "khoa hoc"  # invalid pillar: V002 only, not C001 nor S-rule noise on it
    data["lines"][1]["estimate"] = "abc"  # unreadable: V003 only, not V001
    result = check_data(tmp_path, data, guidance)
    on_line = [f.code for f in result.findings if f.location.line_id == "KH-02"]
    assert sorted(on_line) == ["V002", "V003"]


def test_circular_130_coding_clean_and_planted_breaches_found_at_their_cells(tmp_path, guidance):
    """A workbook coded exactly as Circular 130 prescribes has no code finding; each planted breach of
    the codes, the excluded contents and the shares is found at its cell, citing its article."""
    import openpyxl

    from budgetkit.authoring.convert import convert
    from budgetkit.checking import check_file

    from conftest import write_yaml

    data = base_data()
    for index, code in enumerate(("100-102", "108", "100-111", "121", "100-121", "121", "100-121", "100-121")):
        data["lines"][index]["budget_code"] = code
    clean = tmp_path / "dung.xlsx"
    convert(write_yaml(tmp_path, data, "dung.yaml"), clean, guidance)
    assert not {"C005", "C006", "C007", "C008"} & set(codes(check_file(clean, guidance)))

    wb = openpyxl.load_workbook(clean)
    ws = wb["Dự toán"]
    header = next(r for r in ws.iter_rows() if any(c.value == "Mã" for c in r))
    column = {c.value: c.column_letter for c in header if c.value}
    rows = {ws[f"A{r}"].value: r for r in range(header[0].row + 1, ws.max_row + 1)}
    code_col, name_col = column["Mã Loại - Khoản"], column["Tên nhiệm vụ, nội dung chi"]
    ws[f"{code_col}{rows['KH-01']}"] = "100-111"  # C005: an ĐMST code on an S&T line
    ws[f"{code_col}{rows['CDS-02']}"] = 314  # C007: bare Khoản 314 = 280-314, outside Loại 100
    ws[f"{name_col}{rows['KH-02']}"] = "Đào tạo sau đại học cho cán bộ xã"  # C008
    prio_col = column["Gắn với nhiệm vụ ưu tiên"]
    ws[f"{code_col}{rows['CDS-01']}"] = "100-104"  # C005 on a CĐS line
    ws[f"{prio_col}{rows['KH-01']}"] = "NQ57-6; CNCL-01"
    planted = tmp_path / "sai.xlsx"
    wb.save(planted)
    found = {(f.code, f.location.sheet, f"{f.location.column}{f.location.row}"): f for f in check_file(planted, guidance).findings}
    expected = {
        ("C005", f"{code_col}{rows['KH-01']}"): "Thông tư 130/2025/TT-BTC",
        ("C006", f"{code_col}{rows['KH-01']}"): "Thông tư 130/2025/TT-BTC, Phụ lục II",
        ("C007", f"{code_col}{rows['CDS-02']}"): "Thông tư 130/2025/TT-BTC, Điều 3.3",
        ("C008", f"{name_col}{rows['KH-02']}"): "Thông tư 130/2025/TT-BTC, Điều 3.3.d",
        ("C005", f"{code_col}{rows['CDS-01']}"): "Phụ lục II",
    }
    for (code, cell), article in expected.items():
        finding = found.get((code, "Dự toán", cell))
        assert finding is not None, (code, cell, sorted(found))
        assert article in (finding.citation or ""), (code, finding.citation)
    c007 = found[("C007", "Dự toán", f"{code_col}{rows['CDS-02']}")]
    assert "280-314" in c007.message("vi") and "Công nghệ thông tin" in c007.message("vi")


def test_planted_breaches_of_the_new_fields_found_at_their_cells(tmp_path, guidance):
    """A005 at the 30/6 cell, P011 at the explanation cell, S006 at the unit's ceiling cell, S005 on the
    S&T recurrent group of a province: each with the article it answers."""
    import openpyxl

    from budgetkit.authoring.convert import convert
    from budgetkit.checking import check_file

    from conftest import write_yaml

    data = base_data()
    data["unit"]["level"] = "province"
    data["unit"]["budget_ceiling"] = 2000
    data["lines"][0]["prior_h1_disbursed"] = 420  # above the 2025 estimate (400)
    del data["lines"][2]["explanation"]  # a new task without approval nor cost basis
    book = tmp_path / "moi.xlsx"
    convert(write_yaml(tmp_path, data, "moi.yaml"), book, guidance)
    ws = openpyxl.load_workbook(book)["Dự toán"]
    header = next(r for r in ws.iter_rows() if any(c.value == "Mã" for c in r))
    column = {c.value: c.column_letter for c in header if c.value}
    rows = {ws[f"A{r}"].value: r for r in range(header[0].row + 1, ws.max_row + 1)}
    unit_ws = openpyxl.load_workbook(book)["Đơn vị"]
    ceiling_row = next(r[0].row for r in unit_ws.iter_rows() if r[0].value == "Số kiểm tra được thông báo")
    findings = check_file(book, guidance).findings
    where = {(f.code, f.location.sheet, f.location.column, f.location.row): f for f in findings}
    a005 = where[("A005", "Dự toán", column["Giải ngân đến 30/6/2025"], rows["KH-01"])]
    p011 = where[("P011", "Dự toán", column["Thuyết minh"], rows["DM-01"])]
    s006 = where[("S006", "Đơn vị", "B", ceiling_row)]
    assert "Điều 22" in a005.citation and "Điều 15.2" in p011.citation and "Điều 23.3" in s006.citation
    s005 = next(f for f in findings if f.code == "S005")
    assert (s005.location.field, s005.location.spending) == ("khcn", "recurrent") and "III.3" in s005.citation


def test_every_rule_names_a_primary_text_or_says_it_is_budgetkits_convention(guidance):
    from budgetkit.rules.docs import rule_markdown

    pack = guidance.pack(2026)
    texts = ("Thông tư", "Nghị quyết", "Luật", "Nghị định", "Thông báo", "Công văn", "Quyết định")
    for rule in all_rules():
        source = rule_markdown(rule, pack).rsplit("## Căn cứ", 1)[1]
        assert any(t in source for t in texts) or "budgetkit" in source.lower() or "Quy ước" in source, rule.code
    # Thresholds budgetkit chose itself say so where the rule is explained.
    for code in ("A003", "P008", "S003"):
        assert "quy ước của budgetkit" in pack.citation(code).lower()
        assert "quy ước của budgetkit" in rule_markdown(all_rules_by(code), pack).lower()
    assert "Thông tư 130/2025/TT-BTC" in pack.citation("C005") and "cần xác nhận" not in pack.citation("C005")


def all_rules_by(code):
    return next(r for r in all_rules() if r.code == code)
