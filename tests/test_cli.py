"""The command line: exit statuses, the JSON report equals the library's, languages, usage errors."""

from __future__ import annotations

import json

import openpyxl
import pytest

from budgetkit.checking import check_file
from budgetkit.guidance import Guidance, run_pack
from budgetkit.outputs.json_report import build_report

from conftest import EXAMPLES, PROVINCE, run, run_installed

CLEAN = PROVINCE / "chieng-mung.xlsx"
BROKEN = PROVINCE / "chieng-sinh-loi.xlsx"


def test_clean_file_exits_0_and_says_so():
    done = run("validate", str(CLEAN))
    assert done.returncode == 0, done.stderr
    assert "ĐẠT: 0 lỗi, 0 cảnh báo" in done.stdout and "Tổng cộng" in done.stdout


def test_errors_exit_1_with_cell_and_id():
    done = run("validate", str(BROKEN))
    assert done.returncode == 1
    assert "Dự toán!O7, Mã KH-01" in done.stdout and "A001" in done.stdout


def test_json_equals_the_library_report():
    done = run("validate", str(CLEAN), str(BROKEN), "--format", "json")
    assert done.returncode == 1
    guidance = Guidance()
    results = [check_file(p, guidance, str(p)) for p in (CLEAN, BROKEN)]
    expected = build_report(results, run_pack(guidance, [r.budget_year for r in results], mixed="default").pack.info, "vi")
    report = json.loads(done.stdout)
    assert report == json.loads(json.dumps(expected, ensure_ascii=False))
    assert set(report) == {"tool", "guidance", "files", "cross_file", "summary"}
    first = report["files"][0]
    assert first["status"] == "passed" and set(first["totals"]) == {"khcn", "dmst", "cds"}
    assert first["totals"]["cds"] == {"investment": "900", "recurrent": "645"}
    finding = report["files"][1]["findings"][0]
    assert {"code", "severity", "message", "location"} <= set(finding)
    assert report["summary"]["files"] == 2 and report["summary"]["failed"] == 1


def test_strict_fails_on_warnings(tmp_path):
    source = (EXAMPLES / "chieng-mung.yaml").read_text(encoding="utf-8").replace("estimate: 60\n", 'estimate: "60,0"\n')
    path = tmp_path / "warn.yaml"
    path.write_text(source, encoding="utf-8")
    assert run("validate", str(path)).returncode == 0
    assert run("validate", str(path), "--strict").returncode == 1


def test_english_on_request():
    done = run("validate", str(BROKEN), "--lang", "en")
    assert "exceeds the remaining approval" in done.stdout and "FAILED" in done.stdout
    done = run("validate", str(BROKEN), env={"BUDGETKIT_LANG": "en"})
    assert "FAILED" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "does-not-exist.xlsx"),
        ("validate", "--bogus", "x.xlsx"),
        ("validate", "examples/son-la/chieng-mung.xlsx", "--format", "xml"),
        ("explain", "Z999"),
        ("validate", "examples"),
    ],
)
def test_misuse_exits_2_without_traceback(args):
    done = run(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout


def test_unreadable_file_is_exit_1_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04garbage")
    done = run("validate", str(bad))
    assert done.returncode == 1 and "F001" in done.stdout and "Traceback" not in done.stderr


def test_guidance_override_checked_before_reading(tmp_path):
    override = tmp_path / "o.yaml"
    override.write_text("rules:\n  Q123: {severity: off}\n", encoding="utf-8")
    done = run("validate", str(CLEAN), "--guidance", str(override))
    assert done.returncode == 2 and "Q123" in done.stderr
    override.write_text("rules:\n  A001: {severity: maybe}\n", encoding="utf-8")
    assert run("validate", str(CLEAN), "--guidance", str(override)).returncode == 2


def test_override_changes_severity_and_switches_rules_off(tmp_path):
    override = tmp_path / "o.yaml"
    override.write_text(
        "rules:\n  A001: {severity: warning}\n  A004: {severity: off}\n  P003: {severity: off}\n"
        "  P004: {severity: off}\n  C001: {severity: off}\n  F005: {severity: warning}\n",
        encoding="utf-8",
    )
    report = json.loads(run("validate", str(BROKEN), "--guidance", str(override), "--format", "json").stdout)
    found = {f["code"]: f["severity"] for f in report["files"][0]["findings"]}
    assert found.get("A001") == "warning" and "A004" not in found and "P003" not in found
    override.write_text("thresholds:\n  total_share_min: '0.10'\n", encoding="utf-8")
    report = json.loads(run("validate", str(CLEAN), "--guidance", str(override), "--format", "json").stdout)
    assert [f["code"] for f in report["files"][0]["findings"]] == ["S001"]


def test_every_command_has_help_with_an_example():
    for command in ("validate", "batch", "report", "convert", "template", "rules", "explain", "schema", "diff"):
        done = run(command, "--help")
        assert done.returncode == 0, command
        assert "Ví dụ" in done.stdout, command


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_usage_line_names_the_arguments_in_words_not_parameter_names(lang):
    # The parser shows "{files}"; a user reads "TỆP..." / "FILES...".
    for command in ("validate", "batch", "report", "convert", "explain", "diff", "rollover", "serve", "template"):
        usage = run(command, "--help", "--lang", lang).stdout.strip().splitlines()[0]
        assert usage.startswith("Cách dùng:" if lang == "vi" else "Usage:"), usage
        assert "{" not in usage and "}" not in usage, usage
    assert run("diff", "--help", "--lang", lang).stdout.splitlines()[0].endswith("TỆP_CŨ TỆP_MỚI" if lang == "vi" else "OLD NEW")


def test_explain_answers_every_code():
    from budgetkit.rules import all_rules

    for rule in all_rules():
        done = run("explain", rule.code)
        assert done.returncode == 0
        for heading in ("Quy tắc kiểm tra gì", "Vì sao quan trọng", "Ví dụ không đạt", "Ví dụ đạt", "Căn cứ"):
            assert heading in done.stdout, (rule.code, heading)


def test_the_installed_command_does_readmes_main_job(tmp_path):
    """End to end, as README's first command: the installed console script checks the province's folder against
    its roster and writes the summary (3 files pass, chieng-sinh-loi.xlsx fails, one commune missing: exit 1)."""
    summary = tmp_path / "tong-hop.xlsx"
    done = run_installed("batch", "examples/son-la", "--roster", "examples/son-la-danh-sach.yaml", "--summary", summary)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "4 tệp: 3 đạt, 1 không đạt" in done.stdout and "X004" in done.stdout
    assert openpyxl.load_workbook(summary).sheetnames[:3] == ["Tổng hợp", "Lỗi", "Biểu 01"]
    assert run_installed("validate", CLEAN).returncode == 0
