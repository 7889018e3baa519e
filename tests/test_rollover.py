"""budgetkit rollover: next year's file from this year's, its figures carried, its codes mapped; and the
2027 pack's calendar and changes as the commands show them."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

import pytest
import yaml

from budgetkit.authoring.yaml_writer import as_mapping
from budgetkit.guidance import Guidance
from budgetkit.loaders import load
from budgetkit.model import Status
from budgetkit.rollover import rollover

from conftest import EXAMPLES, PROVINCE, base_data, run, write_yaml

GUIDANCE = Guidance()
PACK_2027 = GUIDANCE.pack(2027)
# What a freshly rolled file may still report: the estimates and explanations the unit has to write.
TO_FILL = {"P006", "P008", "S002", "S003"}


def _rolled(path=EXAMPLES / "chieng-mung.yaml"):
    model = load(path, GUIDANCE).model
    return model, rollover(model, PACK_2027)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_carried_figures_add_up_and_ended_tasks_are_dropped():
    old, result = _rolled()
    assert result.model.budget_year == 2027 and result.from_year == 2026
    before = {line.id: line for line in old.lines}
    assert [line.id for line in result.dropped] == ["KH-01", "DM-01", "CDS-01", "CDS-05"]  # they end in 2026
    assert [line.id for line in result.model.lines] == ["KH-02", "CDS-02", "CDS-03", "CDS-04"]
    for line in result.model.lines:
        was = before[line.id]
        assert line.prior_estimate == was.estimate  # the 2026 estimate is now "Dự toán năm 2026"
        assert line.estimate == 0 and line.prior_expected is None and line.other_sources is None and line.explanation is None
        if line.is_task:
            assert line.status == Status.CONTINUING
            old_total = was.amount("allocated_before_prior") + was.amount("prior_estimate") + was.estimate
            assert line.allocated_before_prior + line.prior_estimate == old_total
            assert line.remaining_approval == was.remaining_approval - was.estimate
            assert (line.approval, line.approved_total, line.start_year, line.end_year) == (
                was.approval,
                was.approved_total,
                was.start_year,
                was.end_year,
            )
        else:
            assert line.status == Status.RECURRING and line.allocated_before_prior is None
    cdS03 = next(line for line in result.model.lines if line.id == "CDS-03")
    assert (cdS03.allocated_before_prior, cdS03.prior_estimate, cdS03.remaining_approval) == (Decimal(200), Decimal(200), Decimal(200))
    # the year's own figures are not carried; the identity of the unit is
    assert result.model.unit.total_budget_expenditure is None and result.model.unit.code == old.unit.code
    assert result.model.explanations == [] and result.explanations_dropped == len(old.explanations)
    assert old.budget_year == 2026 and old.lines[0].id == "KH-01"  # the input model is untouched


def test_codes_go_through_the_crosswalk_and_unknown_ones_are_flagged(tmp_path):
    data = base_data()
    data["lines"][5]["priorities"] = ["CL-CPS", "CNCL-02", "CNCL-03", "XYZ-9"]  # CDS-03 runs to 2027
    _, result = _rolled(write_yaml(tmp_path, data))
    line = next(line for line in result.model.lines if line.id == "CDS-03")
    assert line.priorities == ["CL-CPS", "CNCL21-01", "XYZ-9"]  # CNCL-02 and -03 both read as group 1, once
    assert line.category == "cds_he_thong"
    mapped = {(m.line_id, m.old): m for m in result.mapped}
    assert mapped[("CDS-03", "CNCL-02")].new == ["CNCL21-01"] and "CNCL21-07" in mapped[("CDS-03", "CNCL-02")].check
    assert mapped[("CDS-02", "cds_an_toan")].new == ["cds_an_ninh_mang"]
    assert [(m.line_id, m.old) for m in result.unmapped] == [("CDS-03", "XYZ-9")]
    # no 2026 code is reused with a new meaning
    assert not set(PACK_2027.priorities) & {f"CNCL-{n:02d}" for n in range(1, 12)}
    assert not set(PACK_2027.categories) & set(PACK_2027.crosswalk.categories)
    for entry in [*PACK_2027.crosswalk.priorities.values(), *PACK_2027.crosswalk.categories.values()]:
        assert set(entry.to) <= set(PACK_2027.priorities) | set(PACK_2027.categories)
    assert set(PACK_2027.crosswalk.priorities) == set(GUIDANCE.pack(2026).strategic_technologies.codes)


@pytest.mark.parametrize("source", [EXAMPLES / "chieng-mung.yaml", PROVINCE / "chieng-mung.xlsx"])
@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
def test_rollover_command_round_trip(source, suffix, tmp_path):
    before = _digest(source)
    target = tmp_path / f"chieng-mung-2027{suffix}"
    done = run("rollover", str(source), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert _digest(source) == before  # the input is never modified
    assert "KH-01" in done.stdout and "kết thúc năm 2026" in done.stdout and "Dự toán năm 2027" in done.stdout
    # it validates under 2027 with only what the unit has to fill
    report = json.loads(run("validate", str(target), "--format", "json").stdout)
    assert report["files"][0]["status"] == "passed"
    assert {f["code"] for f in report["files"][0]["findings"]} <= TO_FILL
    assert report["guidance"]["budget_year"] == 2027
    # it converts losslessly both ways
    other = tmp_path / ("back.xlsx" if suffix == ".yaml" else "back.yaml")
    again = tmp_path / f"again{suffix}"
    assert run("convert", str(target), str(other)).returncode == 0
    assert run("convert", str(other), str(again)).returncode == 0
    first, second = load(target, GUIDANCE).model, load(again, GUIDANCE).model
    assert as_mapping(first) == as_mapping(second) == as_mapping(rollover(load(source, GUIDANCE).model, PACK_2027).model)
    if suffix == ".xlsx":
        import openpyxl

        ws = openpyxl.load_workbook(target)["Dự toán"]
        headers = [c.value for c in ws[4]]
        assert "Lũy kế bố trí đến hết năm 2025" in headers and "Dự toán năm 2026" in headers and "Dự toán năm 2027" in headers


def test_rollover_never_overwrites(tmp_path):
    target = tmp_path / "da-co.yaml"
    target.write_text("# của đơn vị\n", encoding="utf-8")
    done = run("rollover", str(EXAMPLES / "chieng-mung.yaml"), "-o", str(target))
    assert done.returncode == 2 and "không ghi đè" in done.stderr
    assert target.read_text(encoding="utf-8") == "# của đơn vị\n"
    assert run("rollover", str(EXAMPLES / "chieng-mung.yaml"), "-o", str(EXAMPLES / "chieng-mung.yaml")).returncode == 2


def test_rollover_refuses_unreadable_files_and_years_without_a_pack(tmp_path):
    broken = tmp_path / "x.yaml"
    source = (EXAMPLES / "chieng-mung.yaml").read_text(encoding="utf-8")
    broken.write_text(source.replace("estimate: 60", "estimate: sáu mươi"), encoding="utf-8")
    done = run("rollover", str(broken), "-o", str(tmp_path / "y.yaml"))
    assert done.returncode == 1 and "V003" in done.stderr and not (tmp_path / "y.yaml").exists()
    rolled = tmp_path / "2027.yaml"
    assert run("rollover", str(EXAMPLES / "chieng-mung.yaml"), "-o", str(rolled)).returncode == 0
    done = run("rollover", str(rolled), "-o", str(tmp_path / "2028.yaml"))
    assert done.returncode == 2 and "2028" in done.stderr and not (tmp_path / "2028.yaml").exists()


def test_the_shipped_2027_example_is_the_2026_commune_rolled_over():
    """examples/2027/chieng-mung-2027.yaml = rollover of examples/chieng-mung.yaml, then what the commune filled."""
    shipped = load(EXAMPLES / "2027" / "chieng-mung-2027.yaml", GUIDANCE).model
    rolled = rollover(load(EXAMPLES / "chieng-mung.yaml", GUIDANCE).model, PACK_2027).model
    carried = {line.id: line for line in rolled.lines}
    for line in shipped.lines:
        if line.id in carried:
            for key in ("allocated_before_prior", "prior_estimate", "approved_total", "start_year", "end_year", "status"):
                assert getattr(line, key) == getattr(carried[line.id], key), (line.id, key)
    assert set(carried) <= {line.id for line in shipped.lines}


def test_rules_changes_lists_what_differs_from_2026():
    done = run("rules", "--year", "2027", "--changes")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    for expected in (
        "C009",
        "tắt → cảnh báo",
        "CNCL21-10",
        "`CNCL-06` → `CNCL21-06`",
        "Quyết định số 21/2026/QĐ-TTg",
        "cds_van_hanh",
        "trước ngày 10/7/2026",
        "Chưa có văn bản",
        "Nghị định số 224/2026/NĐ-CP",
    ):
        assert expected in text, expected
    assert "F001" not in text  # unchanged rules are not listed
    # One text in both packs is neither added nor removed, whatever the list's punctuation after it.
    bases = text.split("## Căn cứ pháp lý", 1)[1].split("\n## ", 1)[0]
    assert "Thông tư số 130/2025/TT-BTC" not in bases and "- thêm: Luật Ngân sách nhà nước" not in bases
    assert "- bỏ: Thông tư số 56/2025/TT-BTC" in bases and "- thêm: Luật Chuyển đổi số" in bases
    assert "(CĐS; Đầu tư phát triển, Thường xuyên)" in text and "(cds; investment" not in text  # the outputs' words
    english = run("rules", "--year", "2027", "--changes", "--lang", "en").stdout
    assert "# Pack 2027" in english and "severity off → warning" in english and "before 2026-07-10" in english
    assert run("rules", "--year", "2026", "--changes").returncode == 2
    assert run("rules", "--year", "2031").returncode == 2


def test_pack_changes_document_is_current():
    from budgetkit.guidance.changes import changes_markdown

    from conftest import ROOT

    doc = (ROOT / "docs" / "pack-2027.md").read_text(encoding="utf-8")
    generated = changes_markdown(GUIDANCE.pack(2026), PACK_2027)
    body = generated.split("\n", 1)[1]  # the document has its own title
    assert body.strip() in doc, "run: budgetkit rules --year 2027 --changes, and paste it into docs/pack-2027.md"


@pytest.mark.parametrize(
    "today,expected", [("2026-06-30", "còn 10 ngày"), ("2026-07-10", "hôm nay là hạn"), ("2026-07-20", "đã quá hạn 10 ngày")]
)
def test_batch_shows_the_submission_deadline(today, expected, tmp_path):
    folder = tmp_path / "ho-so"
    folder.mkdir()
    assert run("rollover", str(EXAMPLES / "chieng-mung.yaml"), "-o", str(folder / "cm.yaml")).returncode == 0
    done = run("batch", str(folder), env={"BUDGETKIT_TODAY": today, "COLUMNS": "400"})
    assert done.returncode == 0, done.stderr
    assert "Hạn gửi dự toán năm 2027: trước ngày 10/7/2026" in done.stdout and expected in done.stdout
    assert "Điều 15 khoản 3" in done.stdout


def test_batch_of_a_year_without_calendar_shows_no_deadline():
    done = run("batch", str(PROVINCE), env={"BUDGETKIT_TODAY": "2026-06-30"})
    assert "Hạn gửi" not in done.stdout


def test_a_province_sets_its_own_deadline(tmp_path):
    from budgetkit.deadlines import submit_note

    override = tmp_path / "son-la.yaml"
    override.write_text(
        yaml.safe_dump(
            {
                "calendar": {
                    "submit": "xa",
                    "deadlines": [
                        {
                            "key": "xa",
                            "date": "2026-06-20",
                            "who": "UBND xã",
                            "what": "gửi dự toán năm 2027 về Sở Tài chính, Sở KH&CN",
                            "what_en": "send the 2027 estimate to the province",
                            "citation": "Công văn 999/UBND-KT của UBND tỉnh Sơn La",
                        }
                    ],
                }
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    pack = Guidance(override).pack(2027)
    import datetime as dt

    note = submit_note(pack, dt.date(2026, 6, 1))
    assert "trước ngày 20/6/2026 (còn 19 ngày)" in note and "UBND xã" in note
    assert submit_note(Guidance(override).pack(2026), dt.date(2026, 6, 1)) is not None  # the override adds one to 2026 too


def test_template_2027_uses_the_2027_pack(tmp_path):
    path = tmp_path / "mau-2027.yaml"
    assert run("template", "--year", "2027", "-o", str(path)).returncode == 0
    text = path.read_text(encoding="utf-8")
    assert "budget_year: 2027" in text and "cds_so_hoa" in text and "2027.1" in text
    filled = text.replace('name: ""  # Tên đơn vị', 'name: "UBND xã A"  # Tên đơn vị').replace('code: ""', 'code: "3000123"')
    filled = filled.replace(" (dòng ví dụ, thay bằng nhiệm vụ của đơn vị)", "")  # the example line replaced (else V011)
    path.write_text(filled, encoding="utf-8")
    report = json.loads(run("validate", str(path), "--format", "json").stdout)
    assert [f["code"] for f in report["files"][0]["findings"] if f["severity"] == "error"] == []
    xlsx = tmp_path / "mau-2026.xlsx"
    assert run("template", "--year", "2026", "-o", str(xlsx)).returncode == 0
    import openpyxl

    assert openpyxl.load_workbook(xlsx)["Dự toán"]["O4"].value == "Dự toán năm 2026"


def _cites_circular_56_as_in_force(text: str) -> bool:
    """A help text that cites the 2026 estimate circular other than as what applied in 2026."""
    return "56/2025/TT-BTC" in text.replace("năm 2026: Thông tư 56/2025/TT-BTC", "")


def test_the_2027_template_does_not_cite_the_2026_estimate_circular_as_in_force(tmp_path):
    """No 2027 estimate circular is public: the 2027 template's help says so where 2026 cites Circular 56."""
    import openpyxl

    yaml_path, xlsx_path = tmp_path / "mau-2027.yaml", tmp_path / "mau-2027.xlsx"
    for path in (yaml_path, xlsx_path):
        assert run("template", "--year", "2027", "-o", str(path)).returncode == 0
    comments = [line for line in yaml_path.read_text(encoding="utf-8").splitlines() if "56/2025" in line]
    assert comments and not any(_cites_circular_56_as_in_force(line) for line in comments)
    helps = [c.value for row in openpyxl.load_workbook(xlsx_path)["Hướng dẫn"].iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(_cites_circular_56_as_in_force(h) for h in helps)
    assert any("[chưa có thông tư hướng dẫn dự toán năm 2027" in h for h in helps)
    # The 2026 template keeps its own help.
    assert run("template", "--year", "2026", "-o", str(tmp_path / "mau-2026.yaml")).returncode == 0
    assert "(triệu đồng; Thông tư 56/2025/TT-BTC, Điều 22)" in (tmp_path / "mau-2026.yaml").read_text(encoding="utf-8")


def test_p003_names_the_new_code_of_an_old_one(tmp_path):
    from test_rules import _moved

    data = _moved(base_data(), PACK_2027)
    data["lines"][5]["priorities"] = ["CL-CPS", "CNCL-05"]
    from conftest import check_data

    result = check_data(tmp_path, data, GUIDANCE)
    p003 = [f for f in result.findings if f.code == "P003"]
    assert len(p003) == 1 and "CNCL21-03" in p003[0].message("vi") and "2026" in p003[0].message("vi")


def test_every_field_of_the_format_has_its_place_in_a_rollover():
    """A new field must be placed in budgetkit/rollover.py: kept, mapped, moved, or left to fill."""
    from budgetkit import rollover as r
    from budgetkit.model import BudgetLine, Unit

    line_places = r.LINE_KEPT + r.LINE_MAPPED + r.LINE_MOVED + r.LINE_TO_FILL
    assert sorted(line_places) == sorted(BudgetLine.model_fields), "place the new line field in budgetkit/rollover.py"
    assert sorted(r.UNIT_KEPT + r.UNIT_FIELDS_OF_THE_YEAR) == sorted(Unit.model_fields), "place the new unit field in budgetkit/rollover.py"


def test_the_year_assessment_is_left_to_write_and_approvals_are_asked_for(tmp_path):
    data = base_data()
    data["unit"]["prior_results"] = "Hoàn thành số hóa hộ tịch 2015-2025."
    data["unit"]["letterhead"] = "UBND TỈNH SƠN LA|UBND XÃ CHIỀNG MUNG"
    data["lines"][3]["end_year"] = 2027  # CDS-01: a new recurrent task without approval, now continuing
    data["lines"][2]["start_year"] = 2027  # DM-01 planned to start in 2027: stays new
    data["lines"][2]["end_year"] = 2027
    data["lines"][5]["explanation"] = "Nâng cấp theo Kế hoạch 85/KH-UBND."
    _, result = _rolled(write_yaml(tmp_path, data))
    unit = result.model.unit
    assert unit.prior_results is None and unit.letterhead == "UBND TỈNH SƠN LA|UBND XÃ CHIỀNG MUNG"
    assert "prior_results" in result.cleared_unit_fields
    lines = {line.id: line for line in result.model.lines}
    assert lines["CDS-01"].status == Status.CONTINUING and result.needs_approval == ["CDS-01"]
    assert lines["DM-01"].status == Status.NEW
    assert all(line.explanation is None for line in lines.values()) and "CDS-03" in result.line_explanations_dropped
    from budgetkit.outputs.rollover_text import render_rollover

    text = render_rollover(result, PACK_2027, "x.yaml", "vi")
    assert "CDS-01" in text.split("chưa có quyết định phê duyệt")[1] and "Kết quả thực hiện năm trước" in text
    assert "Wrote x.yaml" in render_rollover(result, PACK_2027, "x.yaml", "en")


def test_a_2026_category_in_a_2027_file_names_its_new_group(tmp_path):
    from test_rules import _moved

    from conftest import check_data

    data = _moved(base_data(), PACK_2027)
    data["lines"][4]["category"] = "cds_an_toan"
    result = check_data(tmp_path, data, GUIDANCE)
    v002 = [f for f in result.findings if f.code == "V002"]
    assert len(v002) == 1 and "nay là “cds_an_ninh_mang”" in v002[0].message("vi") and "now “cds_an_ninh_mang”" in v002[0].message("en")


def test_a_provisional_pack_serves_its_year_but_is_not_the_default(monkeypatch):
    """2027.1 is provisional (no 2027 circular or dispatch is public): template, rules and explain
    without --year stay on 2026, while 2027 files and --year 2027 get the 2027 pack; when a year's pack
    is no longer provisional it becomes the default with no code change."""
    from budgetkit import guidance

    assert PACK_2027.provisional and not GUIDANCE.pack(2026).provisional
    assert guidance.pack_year_for(None) == 2026 and guidance.pack_year_for(2027) == 2027
    assert guidance.pack_year_for(2030) == 2027 and guidance.pack_year_for(2020) == 2026
    settled = {2026: {}, 2027: {"provisional": False}}
    monkeypatch.setattr(guidance, "_builtin_raw", lambda year: settled[year])
    assert guidance.pack_year_for(None) == 2027


def test_a_line_without_its_id_is_refused_with_the_finding_not_a_crash(tmp_path):
    data = base_data()
    del data["lines"][0]["id"]
    source = write_yaml(tmp_path, data, "thieu-ma.yaml")
    done = run("rollover", source, "-o", tmp_path / "2027.yaml")
    assert done.returncode == 1
    assert "V001" in done.stderr and "“Mã”" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "2027.yaml").exists()


def test_legal_bases_are_one_text_whatever_their_punctuation():
    """The packs keep a legal basis without the list's punctuation; the report adds it; the comparison of two
    packs does not tell one text apart by a trailing ";" or "."."""
    from budgetkit.guidance.changes import basis_key

    pack_2026 = GUIDANCE.pack(2026)
    assert not any(b.endswith((";", ".")) for p in (pack_2026, PACK_2027) for b in p.legal_bases)
    circular = next(b for b in PACK_2027.legal_bases if "130/2025/TT-BTC" in b)
    assert circular in pack_2026.legal_bases
    listed = PACK_2027.legal_bases_listed()
    assert all(b.endswith(";") for b in listed[:-1]) and listed[-1].endswith("(áp dụng từ năm ngân sách 2026).")
    assert basis_key("Thông tư  số 130/2025/TT-BTC;") == basis_key("Thông tư số 130/2025/TT-BTC.")
    assert basis_key("Thông tư số 130/2025/TT-BTC") != basis_key("Thông tư số 56/2025/TT-BTC")


def test_rollover_names_the_mapped_categories_by_their_titles(tmp_path):
    done = run("rollover", EXAMPLES / "chieng-mung.yaml", "-o", tmp_path / "cm.yaml")
    assert done.returncode == 0, done.stderr
    assert "CDS-02: nhóm nội dung “An toàn thông tin mạng” (cds_an_toan) → “Bảo vệ an ninh mạng” (cds_an_ninh_mang)" in done.stdout
    english = run("rollover", EXAMPLES / "chieng-mung.yaml", "-o", tmp_path / "cm-en.yaml", "--lang", "en").stdout
    assert "CDS-02: category “An toàn thông tin mạng” (cds_an_toan) → “Bảo vệ an ninh mạng” (cds_an_ninh_mang)" in english
    assert "(Duy trì):" in english and "(recurring)" not in english  # the template's labels, not the YAML keys
