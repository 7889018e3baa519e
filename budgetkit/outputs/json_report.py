"""The JSON report of validate and batch (docs/json-output.md is its contract): one record a file,
the cross-file findings, the run's counts; written whole or streamed one file record at a time."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from budgetkit import __version__
from budgetkit.findings import Finding
from budgetkit.i18n import plain_decimal
from budgetkit.results import FileResult, run_counts


def file_record(result: FileResult, lang: str = "vi") -> dict[str, Any]:
    """One file's record of the report: path, status, unit, totals by group, its findings."""
    return {
        "path": result.path,
        "status": "failed" if result.failed() else "passed",
        "unit": result.unit,
        "totals": {p: {s: plain_decimal(v) for s, v in g.items()} for p, g in result.totals.items()},
        "findings": [f.as_record(lang) for f in result.findings],
    }


def build_report(
    results: Sequence[FileResult],
    guidance_info: dict[str, Any],
    lang: str = "vi",
    cross_file: Iterable[Finding] = (),
    skipped: list[dict[str, str]] | None = None,
    previous: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON report of cli-and-outputs.md, exactly (with `previous`, the comparison with the previous
    round of batch --previous: docs/diff.md)."""
    return _report(results, [file_record(r, lang) for r in results], guidance_info, lang, list(cross_file), skipped, previous)


def report_text(
    results: Sequence[FileResult],
    guidance_info: dict[str, Any],
    lang: str = "vi",
    cross_file: Iterable[Finding] = (),
    skipped: list[dict[str, str]] | None = None,
) -> str:
    """The report of build_report as the JSON text `validate --format json` prints (indented by 2, a final
    line break)."""
    return json.dumps(build_report(results, guidance_info, lang, cross_file, skipped), ensure_ascii=False, indent=2) + "\n"


def write_report(
    out: TextIO,
    results: Sequence[FileResult],
    guidance_info: dict[str, Any],
    lang: str = "vi",
    cross_file: Iterable[Finding] = (),
    skipped: list[dict[str, str]] | None = None,
    previous: dict[str, Any] | None = None,
) -> None:
    """The report of build_report, as JSON text (indented by 2) written one file record at a time: a
    national batch never holds the whole report in memory."""
    report = _report(results, _FILES_MARK, guidance_info, lang, list(cross_file), skipped, previous)
    before, after = json.dumps(report, ensure_ascii=False, indent=2).split(json.dumps(_FILES_MARK), 1)
    out.write(before)
    if not results:
        out.write("[]")
    else:
        out.write("[")
        for number, result in enumerate(results):
            record = json.dumps(file_record(result, lang), ensure_ascii=False, indent=2)
            out.write(("," if number else "") + "\n    " + record.replace("\n", "\n    "))
        out.write("\n  ]")
    out.write(after + "\n")


_FILES_MARK = "\x00files\x00"


def _report(
    results: Sequence[FileResult],
    files: Any,
    guidance_info: dict[str, Any],
    lang: str,
    cross: list[Finding],
    skipped: list[dict[str, str]] | None,
    previous: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The report, in its documented key order, with `files` as given (the records, or a mark to stream)."""
    failed = sum(1 for r in results if r.failed())
    counts = run_counts(results, cross)
    report: dict[str, Any] = {
        "tool": {"name": "budgetkit", "version": __version__},
        "guidance": guidance_info,
        "files": files,
        "cross_file": [f.as_record(lang) for f in cross],
        "summary": {
            "files": len(results),
            "passed": len(results) - failed,
            "failed": failed,
            "errors": counts["error"],
            "warnings": counts["warning"],
            "infos": counts["info"],
        },
    }
    if skipped is not None:
        report["skipped"] = skipped
    if previous is not None:
        report["previous"] = previous
    return report
