"""The traps a commune accountant and a provincial officer fell into (issue 14): unreadable submissions,
misleading figures, wrong locations, counts that disagree, words a user cannot act on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from budgetkit.checking import check_file
from budgetkit.guidance import Guidance

from conftest import EXAMPLES, PROVINCE, ROOT, base_data, check_data, codes, run, run_installed, write_yaml

ROSTER = EXAMPLES / "son-la-danh-sach.yaml"


# --- 2. submissions that must not vanish ---------------------------------------------------------------


def test_unreadable_spreadsheets_are_failed_submissions_in_every_output(tmp_path):
    folder = tmp_path / "ho-so"
    shutil.copytree(PROVINCE, folder)
    (folder / "chieng-coi.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)  # Chiềng Cơi, in Excel 97
    (folder / "khac.ods").write_bytes(b"PK\x03\x04 not really")
    (folder / "bang.csv").write_text("Mã,Tên\n", encoding="utf-8")
    summary = tmp_path / "tong-hop.xlsx"
    done = run("batch", str(folder), "--format", "json", "--roster", str(ROSTER), "--summary", str(summary))
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    for name in ("chieng-coi.xls", "khac.ods", "bang.csv"):
        assert by_name[name]["status"] == "failed" and by_name[name]["findings"][0]["code"] == "F001", name
    assert report["skipped"] == []
    x004 = [f["message"] for f in report["cross_file"] if f["code"] == "X004"]
    assert any("Chiềng Cơi" in m and "không đọc được" in m and "chieng-coi.xls" in m for m in x004), x004
    assert not any("chưa nộp tệp." in m for m in x004)
    book = openpyxl.load_workbook(summary)
    listed = {Path(row[1]).name for row in book["Tổng hợp"].iter_rows(min_row=4, values_only=True) if row[0]}
    assert {"chieng-coi.xls", "khac.ods", "bang.csv"} <= listed
    errors = {(Path(row[0]).name, row[2]) for row in book["Lỗi"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert ("bang.csv", "F001") in errors
    text = run("batch", str(folder), "--roster", str(ROSTER))
    assert "chieng-coi.xls" in text.stdout and "Bỏ qua" not in text.stdout


# --- 3. findings made right ------------------------------------------------------------------------------


def test_an_amount_typed_in_dong_is_an_error_naming_the_amount_meant(tmp_path):
    data = base_data()
    data["lines"][1]["estimate"] = 80000000
    result = check_data(tmp_path, data)
    finding = next(f for f in result.findings if f.code == "V009")
    assert finding.severity == "error" and result.failed()
    assert "80 triệu đồng" in finding.message("vi") and "nhập 80" in finding.message("vi")
    assert "80 million" in finding.message("en")


def test_total_rows_labelled_cong_or_tong_are_totals(tmp_path):
    for label in ("Cộng", "Tổng", "TỔNG CỘNG", "Cộng:"):
        book = openpyxl.load_workbook(PROVINCE / "chieng-mung.xlsx")
        sheet = book["Dự toán"]
        row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "Tổng cộng")
        sheet.cell(row, 2).value = label
        path = tmp_path / "cong.xlsx"
        book.save(path)
        result = check_file(path, Guidance())
        assert "A004" not in codes(result), (label, [(f.code, f.message("vi")) for f in result.findings])
        sheet.cell(row, 15).value = 999  # a wrong total is still caught
        book.save(path)
        assert "A004" in codes(check_file(path, Guidance())), label


def test_number_as_text_says_which_number_it_was_read_as(tmp_path):
    book = openpyxl.load_workbook(PROVINCE / "chieng-mung.xlsx")
    sheet = book["Dự toán"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "KH-01")
    sheet.cell(row, 15).value = "1.234"
    path = tmp_path / "text.xlsx"
    book.save(path)
    finding = next(f for f in check_file(path, Guidance()).findings if f.code == "V004")
    assert "1234 triệu đồng" in finding.message("vi") and "1,234" in finding.message("vi")
    assert "đã đọc là 1.234;" not in finding.message("vi")
    assert "1234 million VND" in finding.message("en")


def test_yaml_locations_after_an_item_that_is_not_a_mapping(tmp_path):
    data = base_data()
    data["lines"].insert(0, "một dòng ghi nhầm")
    data["lines"][3]["estimate"] = -5  # the third real line (item 4 of the list)
    path = write_yaml(tmp_path, data)
    result = check_file(path, Guidance())
    v005 = next(f for f in result.findings if f.code == "V005")
    assert v005.location.path == "lines[3].estimate" and v005.location.line_id == data["lines"][3]["id"]
    text = path.read_text(encoding="utf-8").splitlines()
    assert text[v005.location.line - 1].strip() == "estimate: -5"
    f001 = next(f for f in result.findings if f.code == "F001")
    assert "mục thứ 1" in f001.message("vi")


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    """A folder where one unit submitted twice (X001), with annotated copies and a summary."""
    folder = tmp_path_factory.mktemp("twice")
    shutil.copytree(PROVINCE, folder / "ho-so")
    shutil.copy(PROVINCE / "chieng-mung.xlsx", folder / "ho-so" / "chieng-mung (gui lai).xlsx")
    return folder


def test_one_count_everywhere(twice):
    folder = twice / "ho-so"
    ann = twice / "ann"
    done = run("batch", str(folder), "--format", "json", "--annotate", str(ann), "--roster", str(ROSTER))
    report = json.loads(done.stdout)
    copy = openpyxl.load_workbook(ann / "chieng-mung.kiem-tra.xlsx")["Kết quả kiểm tra"]
    assert copy["A1"].value.startswith("Kết quả kiểm tra của budgetkit: 1 lỗi"), copy["A1"].value
    assert "X001" in [row[0] for row in copy.iter_rows(min_row=3, values_only=True)]
    text = run("batch", str(folder), "--roster", str(ROSTER), env={"COLUMNS": "400"}).stdout
    rows = [line.split("│") for line in text.splitlines() if line.startswith("│") and (".xlsx" in line)]
    assert len(rows) == 5
    column = sum(int(cells[4]) for cells in rows)
    unnamed = sum(1 for f in report["cross_file"] if f["severity"] == "error" and not f.get("files"))
    footer = next(line for line in text.splitlines() if " tệp: " in line and " lỗi" in line)
    assert f"; {column + unnamed} lỗi" in footer, (footer, column)
    assert report["summary"]["errors"] == column + unnamed
    # The warnings: the column sums to fewer than the verdict (X004 for Chiềng Cơi is in no row); the verdict
    # said "2 cảnh báo" beside a column summing to 1 without a word - it says where the other one is.
    warn_column = sum(int(cells[5]) for cells in rows)
    loose = sum(1 for f in report["cross_file"] if f["severity"] == "warning" and not f.get("files"))
    assert loose and report["summary"]["warnings"] == warn_column + loose
    assert f"{warn_column + loose} cảnh báo (trong đó {loose} cảnh báo giữa các tệp, không thuộc dòng tệp nào)." in footer, footer


def test_strict_fails_on_cross_file_warnings(tmp_path):
    folder = tmp_path / "ho-so"
    folder.mkdir()
    shutil.copy(PROVINCE / "chieng-mung.xlsx", folder)
    assert run("batch", str(folder), "--roster", str(ROSTER)).returncode == 0  # X004 warnings only
    assert run("batch", str(folder), "--roster", str(ROSTER), "--strict").returncode == 1


def test_a_task_shared_by_many_units_is_summarised(tmp_path):
    from budgetkit.batch import cross_file_findings

    guidance = Guidance()
    results = []
    for i in range(12):
        data = base_data()
        data["unit"]["code"] = f"30{i:05d}"
        results.append(check_file(write_yaml(tmp_path, data, f"xa-{i:02d}.yaml"), guidance, f"xa-{i:02d}.yaml", with_tasks=True))
    data = base_data()
    data["unit"]["code"] = "3000011"  # the same unit twice: 13 files, 12 units
    results.append(check_file(write_yaml(tmp_path, data, "xa-11-lai.yaml"), guidance, "xa-11-lai.yaml", with_tasks=True))
    x002 = [f for f in cross_file_findings(results, guidance.pack(2026)) if f.code == "X002"]
    assert x002
    for finding in x002:
        assert "12 đơn vị (13 tệp)" in finding.message("vi") and "và 10 tệp khác" in finding.message("vi")
        assert "xa-09.yaml" not in finding.message("vi") and len(finding.files) == 13


# --- 4. words a user can act on --------------------------------------------------------------------------


def test_messages_use_the_template_labels_and_count_from_one(tmp_path):
    data = base_data()
    data["lines"][0]["spending"] = "chi khác"
    data["lines"][1]["estimate"] = "khoảng 60"
    result = check_data(tmp_path, data)
    v002 = next(f for f in result.findings if f.code == "V002")
    v003 = next(f for f in result.findings if f.code == "V003")
    assert "“Loại chi”" in v002.message("vi") and "“spending”" not in v002.message("vi") and "Thường xuyên" in v002.message("vi")
    assert "“Dự toán năm 2026”" in v003.message("vi") and "“estimate”" not in v003.message("vi")
    assert v002.location.describe("vi").startswith("dòng ") and "mục thứ 1 của lines" in v002.location.describe("vi")
    assert "item 1 of lines" in v002.location.describe("en") and "[0]" not in v002.location.describe("vi")
    from budgetkit.locations import Group

    assert Group("khcn", "recurrent").describe("vi") == "nhóm KH&CN - Thường xuyên"


def test_category_messages_name_the_category_not_its_key(tmp_path):
    data = base_data()
    data["lines"][0]["field"] = "cds"  # a KH&CN category on a CĐS line: C001
    result = check_data(tmp_path, data)
    c001 = next(f for f in result.findings if f.code == "C001")
    category = Guidance().pack(2026).categories[data["lines"][0]["category"]].title
    assert category in c001.message("vi") and data["lines"][0]["category"] not in c001.message("vi")


@pytest.mark.parametrize(
    "args, vi, en",
    [
        (["validate", "--nope", "x.yaml"], "không có tùy chọn “--nope”", "has no option “--nope”"),
        (["validate"], "thiếu tham số TỆP của lệnh", "needs the argument FILES"),
        (["batch"], "thiếu tham số THƯ_MỤC của lệnh", "needs the argument FOLDER"),
        (["convert", "x.yaml"], "thiếu tham số TỆP_RA của lệnh", "needs the argument OUT"),
        (
            ["batch", "examples/son-la", "--jobs", "nhieu"],
            "giá trị “nhieu” không hợp lệ cho --jobs: cần một số nguyên",
            "a whole number expected",
        ),
        (["report", "examples/chieng-mung.yaml"], "thiếu tùy chọn --output", "needs the option --output"),
        (["valdate", "x"], "không có lệnh “valdate” (có phải: validate?)", "no command “valdate”"),
    ],
)
def test_usage_errors_in_the_users_language(args, vi, en):
    done = run(*args)
    assert done.returncode == 2 and done.stderr.startswith("Lỗi: ") and vi in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1 and "Usage" not in done.stderr and "No such" not in done.stderr
    done = run(*args, env={"BUDGETKIT_LANG": "en"})
    assert done.returncode == 2 and done.stderr.startswith("Error: ") and en in done.stderr, done.stderr


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("command", ["validate", "batch", "report", "diff", "convert", "explain", "rollover"])
def test_help_names_arguments_in_the_users_words(command, lang):
    """The arguments section names each argument as the usage line does, never by its parameter name."""
    done = run(command, "--help", "--lang", lang)
    section = done.stdout.split("Tham số:" if lang == "vi" else "Arguments:")[1].split("\n\n")[0]
    names = [row.split()[0] for row in section.strip("\n").split("\n")]
    usage = done.stdout.split("\n")[0]
    assert names and all(name.isupper() and name.rstrip(".") in usage for name in names), (names, usage)
    for internal in ("files", "inputs", "folder", "source", "target", "old", "new", "code", "<"):
        assert internal not in " ".join(names)


def test_help_follows_the_language():
    vi = run("validate", "--help")
    assert vi.returncode == 0 and "Cách dùng:" in vi.stdout and "Tùy chọn:" in vi.stdout and "In hướng dẫn này rồi thoát." in vi.stdout
    assert "Show this message" not in vi.stdout and "Usage:" not in vi.stdout
    for env, args in (({"BUDGETKIT_LANG": "en"}, ("validate", "--help")), ({}, ("validate", "--help", "--lang", "en"))):
        en = run(*args, env=env)
        assert en.returncode == 0 and "Check one or more budget files" in en.stdout and "Kiểm tra" not in en.stdout
    assert "Prepare, check and explain" in run("--help", env={"BUDGETKIT_LANG": "en"}).stdout


@pytest.mark.parametrize(
    "command, vi, en",
    [("batch", ["THƯ_MỤC"], ["FOLDER"]), ("convert", ["TỆP_VÀO", "TỆP_RA"], ["IN", "OUT"]), ("validate", ["TỆP..."], ["FILES..."])],
)
def test_help_names_the_arguments_as_the_usage_line_does(command, vi, en):
    # The arguments' section named the parameters ("folder <tệp>", "source <path>"): the usage line's words instead.
    for lang, names in (("vi", vi), ("en", en)):
        text = run(command, "--help", "--lang", lang).stdout
        section = text.split("Tham số:" if lang == "vi" else "Arguments:")[1].split("\n\n")[0]
        rows = [row.split()[0] for row in section.strip().splitlines()]
        assert rows == names, section
        assert all(name in text.splitlines()[0] for name in names)


def test_every_command_and_option_has_english_help():
    import typer

    from budgetkit.cli import _register, app
    from budgetkit.cli.language import EN_HELP

    _register()
    command = typer.main.get_command(app)
    missing = []
    for name, sub in command.commands.items():
        if (name, "") not in EN_HELP:
            missing.append(name)
        for param in sub.params:
            if getattr(param, "help", None) and (name, param.name) not in EN_HELP and ("*", param.name) not in EN_HELP:
                missing.append(f"{name} {param.name}")
    assert not missing, f"add the English help to budgetkit/cli/language.py EN_HELP: {missing}"


def test_override_errors_say_what_value_was_expected(tmp_path):
    override = tmp_path / "dieu-chinh.yaml"
    override.write_text('thresholds:\n  group_change_max: "hai mươi phần trăm"\n', encoding="utf-8")
    done = run("validate", str(EXAMPLES / "chieng-mung.yaml"), "--guidance", str(override))
    assert done.returncode == 2 and "cần một số" in done.stderr and "“hai mươi phần trăm”" in done.stderr
    assert "Input should" not in done.stderr
    override.write_text("rules:\n  P009: {severity: loi}\n", encoding="utf-8")
    done = run("validate", str(EXAMPLES / "chieng-mung.yaml"), "--guidance", str(override), "--lang", "en")
    assert done.returncode == 2 and "'error', 'warning', 'info' or 'off'" in done.stderr and "“loi”" in done.stderr


def test_template_and_its_total_row_raise_no_f006_and_the_example_line_is_caught(tmp_path):
    path = tmp_path / "mau.xlsx"
    assert run("template", "-o", str(path)).returncode == 0
    result = check_file(path, Guidance())
    assert "F006" not in codes(result)
    assert "V011" in codes(result) and result.failed()
    # The message said "Dòng ví dụ không được cộng vào dự toán" beside a totals table holding its 320: it says
    # now that the amount is in the file's totals until the line is removed (the file fails, so no province total).
    message = next(
        f["message"]
        for f in json.loads(run("validate", str(path), "--format", "json").stdout)["files"][0]["findings"]
        if f["code"] == "V011"
    )
    assert "không được cộng" not in message and "vẫn đang nằm trong tổng của tệp" in message


def test_yaml_template_lists_what_it_points_to_and_the_schema_takes_labels(tmp_path):
    import jsonschema

    path = tmp_path / "mau.yaml"
    assert run("template", "-o", str(path)).returncode == 0
    text = path.read_text(encoding="utf-8")
    from budgetkit.authoring.template import example_category

    assert "bên dưới" in text and "# DANH MỤC" in text and "CL-DULIEU:" in text
    assert f"#   {example_category(Guidance().pack(None))}:" in text
    schema = json.loads((ROOT / "schemas" / "budget-file.schema.json").read_text(encoding="utf-8"))
    data = base_data()
    data["lines"][0]["spending"] = "Thường xuyên"
    data["lines"][0]["field"] = "KH&CN"
    jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)
    assert "V002" not in codes(check_data(tmp_path, data))


# --- 5. the contract lives in the repository -------------------------------------------------------------


def test_input_format_and_json_are_documented_in_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme and "docs/input-format.md" in readme and "docs/json-output.md" in readme
    assert "Python 3.11" in readme and ".venv\\Scripts\\budgetkit" in readme and ".venv/bin/budgetkit" in readme
    # A fresh clone has no activated venv: a bare `python` (the system's, without openpyxl) is not the project's.
    assert "`python -m" not in readme and "`python examples" not in readme
    text = (ROOT / "docs" / "input-format.md").read_text(encoding="utf-8")
    from budgetkit.model import BudgetLine, Unit

    missing = [k for k in BudgetLine.model_fields if f"`{k}`" not in text]
    missing += [k for k in Unit.model_fields if f"`unit.{k}`" not in text and f"`{k}`" not in text]
    assert not missing, f"document these fields in docs/input-format.md: {missing}"
    for topic in ("--roster", "--guidance", "Cộng", "dòng ví dụ", ".xls", "kiem-tra"):
        assert topic in text, topic
    json_doc = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    from budgetkit.outputs.json_report import build_report

    guidance = Guidance()
    result = check_file(EXAMPLES / "chieng-mung.yaml", guidance)
    report = build_report([result], guidance.pack(2026).info, "vi", [], [])
    keys = set(report) | set(report["summary"]) | set(report["files"][0]) | {"line", "path", "sheet", "row", "column", "line_id"}
    assert not [k for k in keys if f"`{k}`" not in json_doc]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_command_reference_is_current(lang):
    """docs/commands*.md is every command's help as `--help` prints it (regenerate: python -m budgetkit.cli.reference)."""
    from budgetkit.cli.reference import command_names, commands_markdown

    page = (ROOT / "docs" / ("commands.md" if lang == "vi" else "commands.en.md")).read_text(encoding="utf-8")
    assert page == commands_markdown(lang), "regenerate with: python -m budgetkit.cli.reference [en] > docs/commands[.en].md"
    assert len(command_names()) >= 11 and all(f"## `budgetkit {name}`" in page for name in command_names())


@pytest.mark.parametrize("args", [["--help", "--lang", "en"], ["--lang", "en"], ["--lang=en", "--help"]])
def test_top_level_help_in_english_on_request(args):
    done = run(*args)
    assert done.returncode == 0 and done.stdout.startswith("Usage: budgetkit") and "Lệnh:" not in done.stdout, done.stderr


def test_language_before_the_command_reaches_it():
    done = run("--lang", "en", "validate", "examples/chieng-mung.yaml")
    assert done.returncode == 0 and "Unit: " in done.stdout and "Đơn vị:" not in done.stdout, done.stdout + done.stderr


def test_json_output_doc_example_has_the_keys_a_real_run_has(twice):
    # docs/json-output.md showed `"citation": "-"` on X001, which has no citation key: the example's records
    # have exactly the keys of the same records in a real run, and every key a run writes is in the doc.
    import re

    doc = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", doc, re.S).group(1).replace("...", ""))
    real = json.loads(run("batch", str(twice / "ho-so"), "--format", "json", "--roster", str(ROSTER)).stdout)
    assert set(example) == set(real)
    x001 = next(f for f in real["cross_file"] if f["code"] == "X001")
    assert set(example["cross_file"][0]) == set(x001)
    a001 = next(f for r in real["files"] for f in r["findings"] if f["code"] == "A001")
    assert set(example["files"][0]["findings"][0]) == set(a001)
    assert set(example["files"][0]) == set(real["files"][0]) and set(example["summary"]) == set(real["summary"])
    keys = {k for r in real["files"] for f in r["findings"] for k in [*f, *f["location"]]} | {k for f in real["cross_file"] for k in f}
    assert all(f"`{k}`" in doc for k in keys), [k for k in keys if f"`{k}`" not in doc]


def test_output_redirected_on_a_windows_code_page_is_utf8():
    # On Windows `budgetkit validate x.yaml > ket-qua.txt` writes in the ANSI code page (cp1252/cp1258, no "ệ"):
    # every Vietnamese line was "Lỗi nội bộ của budgetkit: UnicodeEncodeError". PYTHONIOENCODING gives Linux the same.
    done = run_installed("validate", EXAMPLES / "chieng-mung-loi.yaml", env={"PYTHONIOENCODING": "cp1252"})
    assert done.returncode == 1 and "UnicodeEncodeError" not in done.stderr, done.stderr
    assert "chieng-mung-loi.yaml: KHÔNG ĐẠT" in done.stdout
    done = run_installed("batch", PROVINCE, "--format", "json", env={"PYTHONIOENCODING": "cp1252"})
    assert "Ủy ban nhân dân xã Chiềng Sinh" in {f["unit"]["name"] for f in json.loads(done.stdout)["files"]}
    missing = run_installed("validate", "khong-co.xlsx", env={"PYTHONIOENCODING": "cp1252"})
    assert missing.returncode == 2 and missing.stderr == "Lỗi: không tìm thấy tệp “khong-co.xlsx”\n"


def test_a_roster_says_in_the_users_language_what_is_wrong(tmp_path):
    # A budget workbook given as --roster became 20 "units" named after its labels ("Unit (code Cấp) on the roster
    # has no file"); a code of 2 digits was a unit; the reasons were Vietnamese under --lang en.
    bad = tmp_path / "ds.yaml"
    bad.write_text('- code: "12"\n  name: Xã A\n', encoding="utf-8")
    cases = [
        (PROVINCE / "chieng-mung.xlsx", "đây là một tệp dự toán, không phải danh sách", "this is a budget file, not a roster"),
        (EXAMPLES / "chieng-mung.yaml", "đây là một tệp dự toán, không phải danh sách", "this is a budget file, not a roster"),
        (bad, "mục thứ 1: “12” không phải Mã ĐVQHNS (đúng 7 chữ số)", "item 1: “12” is not a unit code (exactly 7 digits)"),
    ]
    for roster, vi, en in cases:
        for lang, said in (("vi", vi), ("en", en)):
            done = run("batch", PROVINCE, "--roster", roster, "--lang", lang)
            assert done.returncode == 2 and said in done.stderr and done.stderr.count("\n") == 1, done.stderr
    sheet = tmp_path / "ds.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Mã ĐVQHNS", "Tên đơn vị"])
    book.active.append(["3012345", "UBND xã Chiềng Mung"])
    book.active.append(["Cấp", "Xã"])
    book.save(sheet)
    done = run("batch", PROVINCE, "--roster", sheet, "--lang", "en")
    assert done.returncode == 2 and "row 3: “Cấp” is not a unit code" in done.stderr, done.stderr
    assert run("batch", PROVINCE, "--roster", ROSTER).returncode == 1  # the example roster still reads


WINDOWS_SHIM = """
import os, sys
sys.modules["resource"] = None  # Windows has no resource module
del os.fork  # nor fork
from budgetkit.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_readme_job_runs_where_there_is_no_fork_or_resource_module(tmp_path):
    # The README's Windows command: on Windows `import resource` (isolation.py) failed, so every validate and batch
    # was "Lỗi nội bộ: ModuleNotFoundError". Without fork, each file is checked in the process itself.
    import subprocess
    import sys

    shim = tmp_path / "windows.py"
    shim.write_text(WINDOWS_SHIM, encoding="utf-8")

    def windows(*args):
        command = [sys.executable, str(shim), *(str(a) for a in args)]
        return subprocess.run(command, capture_output=True, encoding="utf-8", cwd=ROOT, timeout=300)

    summary = tmp_path / "tong-hop.xlsx"
    done = windows("batch", "examples/son-la", "--roster", "examples/son-la-danh-sach.yaml", "--summary", summary)
    assert done.returncode == 1 and "Lỗi nội bộ" not in done.stderr, done.stderr
    assert "4 tệp: 3 đạt, 1 không đạt; 8 lỗi" in done.stdout and summary.exists()
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a zip")
    done = windows("validate", EXAMPLES / "chieng-mung.yaml", broken, "--format", "json")
    assert done.returncode == 1, done.stderr
    assert [f["status"] for f in json.loads(done.stdout)["files"]] == ["passed", "failed"]


SERVE_WINDOWS_SHIM = """
import json, multiprocessing, os, sys
sys.modules["resource"] = None  # Windows has no resource module
del os.fork  # nor fork
multiprocessing.get_all_start_methods = lambda: ["spawn"]  # nor a fork server
from starlette.testclient import TestClient
from budgetkit.serve import app, work
assert app.POOL_START == "spawn"
work.init_worker(None)  # what a spawned worker runs first: no limits to set, no SIGXCPU
folder = sys.argv[1]
with TestClient(app.create_app(), base_url="http://127.0.0.1:8765") as client:
    one = client.post("/api/validate", files=[("files", ("chieng-mung.xlsx", open(folder + "/chieng-mung.xlsx", "rb").read()))])
    sent = [("files", (name, open(folder + "/" + name, "rb").read())) for name in sorted(os.listdir(folder))]
    many = client.post("/api/batch", files=sent)
print(json.dumps([one.status_code, one.json()["files"][0]["status"], many.status_code, many.json()["summary"]]))
"""


def test_the_web_page_checks_files_where_there_is_no_fork_or_resource_module(tmp_path):
    # README offers the page to accountants on Windows: serve's workers were forkserver-started and set
    # resource limits, neither of which Windows has. Without them the page checks files all the same.
    import subprocess
    import sys

    shim = tmp_path / "serve_windows.py"
    shim.write_text(SERVE_WINDOWS_SHIM, encoding="utf-8")
    done = subprocess.run([sys.executable, str(shim), str(PROVINCE)], capture_output=True, encoding="utf-8", cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    one_status, verdict, many_status, summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert (one_status, verdict, many_status) == (200, "passed", 200), done.stdout
    assert summary["files"] == 4 and summary["failed"] == 1, summary
