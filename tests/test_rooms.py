"""The rooms of the house: one choice of a run's pack, the library calls the commands are thin over, and
formatters that return what they could not do instead of printing it."""

from __future__ import annotations

import ast
from pathlib import Path

from budgetkit.checking import check_file
from budgetkit.guidance import Guidance, default_year, run_pack
from budgetkit.outputs.annotate import annotate_results
from budgetkit.report.build import build_report_outputs

from conftest import EXAMPLES, ROOT


def test_run_pack_is_the_one_choice_of_a_runs_pack():
    guidance = Guidance()
    assert run_pack(guidance).year == default_year()  # no file, no --year: the newest settled pack
    assert run_pack(guidance, [2026, 2027, 2026]).year == 2026  # batch: the usual year
    assert run_pack(guidance, [2026, 2027], mixed="default").year == default_year()  # validate: one year, else the default
    assert run_pack(guidance, [2027, 2026], mixed="first").year == 2027  # report: the first unit's year
    chosen = run_pack(guidance, [2026], year=2030)  # --year decides; a year without its own pack gets the nearest earlier one
    assert chosen.year == 2030 and chosen.pack.budget_year < 2030


def test_report_is_one_library_call_that_says_its_outcome(tmp_path):
    guidance = Guidance()
    broken = EXAMPLES / "chieng-mung-loi.yaml"
    refused = build_report_outputs([(broken, "loi.yaml")], tmp_path / "r.docx", guidance, consolidating=False)
    assert refused.refused == "errors" and refused.exit_code == 1 and refused.written is None
    assert refused.errors and all(path == "loi.yaml" for path, _ in refused.errors)
    assert refused.messages[0].startswith("Chưa lập báo cáo") and not (tmp_path / "r.docx").exists()
    draft = build_report_outputs([(broken, "loi.yaml")], tmp_path / "r.docx", guidance, consolidating=False, draft=True, lang="en")
    assert draft.exit_code == 0 and draft.written == tmp_path / "r.docx" and draft.messages[-1] == f"Wrote {tmp_path / 'r.docx'}"


def test_annotate_returns_what_it_could_not_do(tmp_path, capsys):
    source = EXAMPLES / "chieng-mung.yaml"
    outcome = annotate_results([(source, check_file(source, Guidance()))], tmp_path, "en")
    assert outcome.written == [] and outcome.failures == []
    assert outcome.messages == [f"Skipped {source}: only workbooks (.xlsx, .xlsm) are annotated"]
    assert capsys.readouterr().err == ""  # the command prints it, not the formatter


def test_no_formatter_imports_the_engine():
    for path in sorted((ROOT / "budgetkit" / "outputs").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not any(name.startswith("budgetkit.rules") for name in imported), path.name
        assert "sys.stderr" not in Path(path).read_text(encoding="utf-8"), path.name


def test_validate_is_one_library_call_serve_renders_the_same(tmp_path):
    from budgetkit.checking import run_validate
    from budgetkit.outputs.annotate import annotate_checked
    from budgetkit.serve.work import validate_report

    guidance = Guidance()
    files = [EXAMPLES / "son-la" / "chieng-sinh-loi.xlsx", EXAMPLES / "chieng-mung.yaml"]
    run = run_validate(files, guidance)
    assert [r.path for r in run.results] == [str(f) for f in files] and run.failed(strict=False)
    assert run.pack.budget_year == run_pack(guidance, [r.budget_year for r in run.results], mixed="default").pack.budget_year
    text, code = validate_report(run.results, guidance, "en", strict=False)  # serve: its own workers, the same run
    assert code == 1 and f'"path": "{files[0]}"' in text
    annotated = annotate_checked(files, run.results, tmp_path, "en")  # the YAML file is not a workbook: not even named
    assert [p.name for p in annotated.written] == ["chieng-sinh-loi.kiem-tra.xlsx"] and annotated.messages == []
