"""Templates, lossless convert (a property over generated files), the schema and the rule docs."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetkit.authoring.convert import convert
from budgetkit.guidance import Guidance
from budgetkit.loaders import load

from conftest import EXAMPLES, ROOT, run

GUIDANCE = Guidance()
PACK = GUIDANCE.pack(2026)

text = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs"), exclude_characters="\u2028\u2029\x85"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
amount = st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False)
codes = list(PACK.categories)


@st.composite
def budget_line(draw, index: int):  # type: ignore[no-untyped-def]
    category = draw(st.sampled_from(codes))
    info = PACK.categories[category]
    line = {
        "id": f"L-{index}",
        "name": draw(text),
        "field": info.pillar,
        "spending": draw(st.sampled_from(info.spending)),
        "status": draw(st.sampled_from(["continuing", "new", "recurring"])),
        "category": category,
        "estimate": draw(amount),
    }
    optional = {
        "lead_agency": text,
        "approval": text,
        "approved_total": amount,
        "allocated_before_prior": amount,
        "prior_estimate": amount,
        "prior_expected": amount,
        "other_sources": amount,
        "start_year": st.integers(2015, 2030),
        "end_year": st.integers(2015, 2030),
        "budget_code": st.sampled_from(["100-101", "100-102", "340-341"]),
        "explanation": text,
        "priorities": st.lists(st.sampled_from(list(PACK.priorities)), max_size=3, unique=True),
        "indicators": st.lists(text.filter(lambda t: ";" not in t), max_size=3),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            line[key] = draw(strategy)
    return line


@st.composite
def budget_file(draw):  # type: ignore[no-untyped-def]
    count = draw(st.integers(0, 6))
    return {
        "budget_year": 2026,
        "unit": {
            "name": draw(text),
            "code": draw(st.from_regex(r"\d{7}", fullmatch=True)),
            "level": draw(st.sampled_from(list(PACK.enums["level"]))),
            **({"recipient": draw(text)} if draw(st.booleans()) else {}),
            **({"total_budget_expenditure": draw(amount)} if draw(st.booleans()) else {}),
        },
        "lines": [draw(budget_line(i)) for i in range(count)],
        "explanations": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"text": text},
                    optional={"field": st.sampled_from(["khcn", "dmst", "cds"]), "spending": st.sampled_from(["investment", "recurrent"])},
                ),
                max_size=3,
            )
        ),
    }


def _dump(data) -> str:  # type: ignore[no-untyped-def]
    def plain(value):  # type: ignore[no-untyped-def]
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return yaml.safe_dump(plain(data), allow_unicode=True, sort_keys=False)


# The number of examples is the profile's (tests/conftest.py): 20 in the suite, 200 with HYPOTHESIS_PROFILE=thorough.
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=budget_file())
def test_yaml_excel_yaml_keeps_the_content(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("rt")
    source = folder / "a.yaml"
    source.write_text(_dump(data), encoding="utf-8")
    original = load(source, GUIDANCE)
    assert original.model is not None and not [f for f in original.findings if f.severity == "error"], original.findings
    convert(source, folder / "b.xlsx", GUIDANCE)
    convert(folder / "b.xlsx", folder / "c.yaml", GUIDANCE)
    assert load(folder / "b.xlsx", GUIDANCE).model == original.model
    assert load(folder / "c.yaml", GUIDANCE).model == original.model


def test_template_workbook(tmp_path):
    path = tmp_path / "mau.xlsx"
    assert run("template", "-o", str(path)).returncode == 0
    workbook = openpyxl.load_workbook(path)
    assert {"Đơn vị", "Dự toán", "Thuyết minh", "Hướng dẫn"} <= set(workbook.sheetnames)
    lines = workbook["Dự toán"]
    assert lines["O4"].value == f"Dự toán năm {GUIDANCE.pack(None).budget_year}" and lines.freeze_panes == "C6"
    assert lines.page_setup.orientation == "landscape"
    validations = {str(v.sqref).split(":")[0][:1] for v in lines.data_validations.dataValidation}
    assert {"C", "D", "E", "F", "Q"} <= validations  # pillar, spending, status, category, priorities
    assert workbook["Danh mục"].sheet_state == "hidden"
    assert run("template", "-o", str(tmp_path / "mau2025.xlsx"), "--year", "2031").returncode == 2


def test_template_filled_and_saved_in_libreoffice_validates(tmp_path, libreoffice):
    path = tmp_path / "mau.xlsx"
    assert run("template", "-o", str(path)).returncode == 0
    workbook = openpyxl.load_workbook(path)
    unit = workbook["Đơn vị"]
    unit["B3"], unit["B4"] = "UBND xã Mường Bú", "3000123"
    ws = workbook["Dự toán"]
    assert ws["A6"].value == "CDS-01" and ws["B37"].value == "Tổng cộng" and ws["O37"].value == "=SUM(O6:O36)"
    ws["A7"], ws["B7"], ws["C7"], ws["D7"], ws["E7"], ws["F7"], ws["O7"] = (
        "KH-01",
        "Phổ biến kiến thức KH&CN",
        "KH&CN",
        "TX",
        "Duy trì",
        "Chi hoạt động bộ máy của tổ chức KH&CN công lập",
        60,
    )
    workbook.save(path)
    saved = tmp_path / "lo"
    libreoffice([path], "xlsx", saved)
    done = run("validate", str(saved / "mau.xlsx"), "--format", "json")
    import json

    report = json.loads(done.stdout)
    # the example line left in place is the one error (V011: delete it), and the only other finding-free part
    assert [f["code"] for f in report["files"][0]["findings"] if f["severity"] == "error"] == ["V011"]
    assert report["files"][0]["totals"]["khcn"]["recurrent"] == "60"


def test_yaml_template_validates_once_filled(tmp_path):
    path = tmp_path / "mau.yaml"
    assert run("template", "-o", str(path)).returncode == 0
    text = path.read_text(encoding="utf-8")
    assert text.count("#") > 30
    filled = text.replace('name: ""  # Tên đơn vị', 'name: "UBND xã A"  # Tên đơn vị').replace('code: ""', 'code: "3000123"')
    path.write_text(filled, encoding="utf-8")
    done = run("validate", str(path), "--format", "json")
    import json

    # the example line is never counted silently: V011 until it is replaced by the unit's own task
    assert [f["code"] for f in json.loads(done.stdout)["files"][0]["findings"] if f["severity"] == "error"] == ["V011"]
    path.write_text(filled.replace(" (dòng ví dụ, thay bằng nhiệm vụ của đơn vị)", ""), encoding="utf-8")
    done = run("validate", str(path), "--format", "json")
    assert [f["code"] for f in json.loads(done.stdout)["files"][0]["findings"] if f["severity"] == "error"] == []


def test_convert_refuses_unreadable_values_and_never_overwrites_its_input(tmp_path):
    broken = tmp_path / "x.yaml"
    source = (EXAMPLES / "chieng-mung.yaml").read_text(encoding="utf-8")
    broken.write_text(source.replace("estimate: 60", "estimate: sáu mươi"), encoding="utf-8")
    done = run("convert", str(broken), str(tmp_path / "x.xlsx"))
    assert done.returncode == 1 and "V003" in done.stderr and not (tmp_path / "x.xlsx").exists()
    assert run("convert", str(broken), str(broken)).returncode == 2


def test_schema_in_the_repository_is_current():
    from budgetkit.authoring.schema import schema_text

    assert (ROOT / "schemas" / "budget-file.schema.json").read_text(encoding="utf-8") == schema_text()
    assert run("schema").stdout == schema_text()


def test_examples_validate_against_the_schema():
    import json

    import jsonschema

    schema = json.loads((ROOT / "schemas" / "budget-file.schema.json").read_text(encoding="utf-8"))
    for path in EXAMPLES.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "loi" in path.name or "danh-sach" in path.name:  # mistakes on purpose; a roster
            continue
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)


def test_rule_docs_are_complete_and_generated_docs_current():
    from budgetkit.rules import all_rules
    from budgetkit.rules.docs import rules_reference

    for rule in all_rules():
        for heading in ("what", "why", "failing", "passing"):
            for lang in ("vi", "en"):
                assert len(rule.doc(heading, lang).strip()) >= 5, (rule.code, heading, lang)
        assert PACK.rules.get(rule.code) is not None, rule.code
    documented = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert documented == rules_reference(GUIDANCE.pack(None)), "run: budgetkit rules --markdown > docs/rules.md"


def test_yaml_written_has_no_anchors_even_for_shared_values(tmp_path):
    """The loaders share equal amounts between lines; the YAML writer must not turn them into & and *."""
    from budgetkit.authoring.yaml_writer import to_yaml

    source = EXAMPLES / "chieng-mung.yaml"
    model = load(source, GUIDANCE).model
    shared = Decimal("12.5")
    for line in model.lines:
        line.estimate = shared
    text = to_yaml(model)
    assert "&id" not in text and "*id" not in text
    target = tmp_path / "lai.yaml"
    target.write_text(text, encoding="utf-8")
    again = load(target, GUIDANCE)
    assert again.model is not None and all(line.estimate == shared for line in again.model.lines)


def test_new_fields_of_pack_2026_2_survive_yaml_excel_yaml(tmp_path):
    """via_fund, serves_sector, moved_from_sector, prior_h1_disbursed and unit.budget_ceiling go through
    both readers and both writers; the workbook shows them under their template headers."""
    import openpyxl

    from budgetkit.authoring.convert import convert

    source = EXAMPLES / "so-khcn-son-la.yaml"
    book = tmp_path / "so.xlsx"
    back = tmp_path / "so.yaml"
    convert(source, book, GUIDANCE)
    convert(book, back, GUIDANCE)
    first, again = load(source, GUIDANCE).model, load(back, GUIDANCE).model
    assert first == again
    kh05 = next(line for line in again.lines if line.id == "KH-05")
    assert (kh05.via_fund, kh05.serves_sector.value, kh05.moved_from_sector, kh05.prior_h1_disbursed) == (
        False,
        "health",
        "Y tế, dân số và gia đình",
        Decimal(120),
    )
    assert next(line for line in again.lines if line.id == "KH-02").via_fund is True
    assert again.unit.budget_ceiling == Decimal(18000)
    ws = openpyxl.load_workbook(book)["Dự toán"]
    headers = [c.value for c in ws[4]]
    for header in ("Giải ngân đến 30/6/2025", "Thực hiện qua cơ chế quỹ", "Phục vụ lĩnh vực", "Chuyển từ lĩnh vực chi khác"):
        assert header in headers
    row = next(r for r in ws.iter_rows(min_row=5) if r[0].value == "KH-05")
    values = {headers[i]: c.value for i, c in enumerate(row)}
    assert values["Thực hiện qua cơ chế quỹ"] == "không" and values["Phục vụ lĩnh vực"] == "Y tế, dân số và gia đình"
    unit_ws = openpyxl.load_workbook(book)["Đơn vị"]
    assert any(r[0].value == "Số kiểm tra được thông báo" and r[1].value == 18000 for r in unit_ws.iter_rows())
