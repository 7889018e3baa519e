"""The terminal summary of a batch: one row per file (failed first), cross-file findings, the totals."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from budgetkit.figures import PILLARS, SPENDINGS
from budgetkit.findings import Finding
from budgetkit.guidance import Pack
from budgetkit.i18n import fmt_amount
from budgetkit.normalize import neutral
from budgetkit.outputs.words import counted, english_counts, spending_label, year_title
from budgetkit.results import FileResult, consolidated_figures, run_counts

W = {
    "vi": {
        "file": "Tệp",
        "unit": "Đơn vị",
        "status": "Kết quả",
        "errors": "Lỗi",
        "warnings": "Cảnh báo",
        "total": "Dự toán năm {year}",
        "passed": "Đạt",
        "failed": "Không đạt",
        "cross": "Phát hiện giữa các tệp",
        "skipped": "Bỏ qua {n} tệp:",
        "totals": "Tổng dự toán năm {year} của {n} tệp đạt (triệu đồng)",
        "pillar": "Lĩnh vực",
        "sum": "Cộng",
        "grand": "Tổng cộng",
        "verdict": "{files} tệp: {passed} đạt, {failed} không đạt; {errors} lỗi, {warnings} cảnh báo{loose}.",
        "loose": " (trong đó {counts} giữa các tệp, không thuộc dòng tệp nào)",
    },
    "en": {
        "file": "File",
        "unit": "Unit",
        "status": "Result",
        "errors": "Errors",
        "warnings": "Warnings",
        "total": "Estimate {year}",
        "passed": "Passed",
        "failed": "Failed",
        "cross": "Cross-file findings",
        "skipped": "Skipped {n} files:",
        "totals": "Estimate {year} totals over {passed_files_en} (million VND)",
        "pillar": "Pillar",
        "sum": "Sum",
        "grand": "Total",
        "verdict": "{files_en}: {passed} passed, {failed} failed; {errors_en}, {warnings_en}{loose}.",
        "loose": " (of which {counts} across files, in no file's row)",
    },
}


def render_batch(
    console: Console,
    results: Sequence[FileResult],
    cross: Sequence[Finding],
    skipped: list[dict[str, str]],
    pack: Pack,
    year: int,
    lang: str,
    strict: bool,
) -> None:
    """The batch on the terminal: a row per file (failed first), the cross-file findings, the files
    skipped, the estimate of the files that passed by group, the verdict, the submission deadline."""
    w = W[lang]
    console.print(_files_table(results, year, lang, strict))
    if cross:
        console.print(Text(w["cross"], style="bold"))
        for finding in cross:
            style = "red" if finding.severity == "error" else "yellow"
            console.print(Text(f"  {finding.code} ", style=style) + Text(neutral(finding.message(lang))))
    if skipped:
        console.print(w["skipped"].format(n=len(skipped)))
        for item in skipped:
            console.print(Text(f"  {neutral(item['path'], one_line=True)}: {item['reason']}"))
    console.print(_totals_table(results, pack, year, lang))
    counts = run_counts(results, cross)
    errors, warnings = counts["error"], counts["warning"]
    failed_count = sum(1 for r in results if r.failed(strict))
    console.print(
        Text(
            w["verdict"].format(
                files=len(results),
                passed=len(results) - failed_count,
                failed=failed_count,
                errors=errors,
                warnings=warnings,
                loose=_loose_counts(results, counts, lang),
                **english_counts(files=len(results), errors=errors, warnings=warnings),
            ),
            style="bold",
        )
    )
    from budgetkit.deadlines import submit_note

    note = submit_note(pack, lang=lang)
    if note:
        console.print(Text(note))


def _files_table(results: Sequence[FileResult], year: int, lang: str, strict: bool) -> Table:
    w = W[lang]
    table = Table(header_style="bold")
    for header, justify in (
        (w["file"], "left"),
        (w["unit"], "left"),
        (w["status"], "left"),
        (w["errors"], "right"),
        (w["warnings"], "right"),
        (w["total"].format(year=year), "right"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for result in sorted(results, key=lambda r: (not r.failed(strict), r.path)):
        failed = result.failed(strict)
        # Text, never markup, controls escaped: a name from a file cannot style or move the terminal.
        table.add_row(
            Text(neutral(result.path, one_line=True)),
            Text(neutral((result.unit or {}).get("name") or "-", one_line=True)),
            Text(w["failed"] if failed else w["passed"], style="bold red" if failed else "green"),
            str(result.all_errors),
            str(result.all_warnings),
            fmt_amount(result.grand_total, lang) if result.unit else "-",
        )
    return table


def _totals_table(results: Sequence[FileResult], pack: Pack, year: int, lang: str) -> Table:
    """The estimate of the files that passed, by pillar and spending type (consolidated_figures)."""
    w = W[lang]
    passed = [r for r in results if not r.failed()]
    figures = consolidated_figures(results)["estimate"]
    title = year_title(w["totals"], year, n=len(passed), passed_files_en=counted(len(passed), "passed files"))
    totals = Table(title=title, title_justify="left", header_style="bold")
    totals.add_column(w["pillar"])
    for s in SPENDINGS:
        totals.add_column(spending_label(s, pack, lang), justify="right")
    totals.add_column(w["sum"], justify="right")
    for p in PILLARS:
        totals.add_row(
            pack.enums["pillar"][p].short, *(fmt_amount(figures[p][s], lang) for s in SPENDINGS), fmt_amount(sum(figures[p].values()), lang)
        )
    grand = sum(v for g in figures.values() for v in g.values())
    totals.add_row(
        Text(w["grand"], style="bold"),
        *(fmt_amount(sum(figures[p][s] for p in PILLARS), lang) for s in SPENDINGS),
        Text(fmt_amount(grand, lang), style="bold"),
    )
    return totals


def _loose_counts(results: Sequence[FileResult], counts: dict[str, int], lang: str) -> str:
    """What the verdict counts beyond the sum of the files' columns (the cross-file findings that name no
    file: X004 for a unit without a file), said so that the column and the verdict visibly agree; "" if none."""
    errors = counts["error"] - sum(r.all_errors for r in results)
    warnings = counts["warning"] - sum(r.all_warnings for r in results)
    if lang == "vi":
        parts = [f"{n} {noun}" for n, noun in ((errors, "lỗi"), (warnings, "cảnh báo")) if n]
    else:
        parts = [counted(n, noun) for n, noun in ((errors, "errors"), (warnings, "warnings")) if n]
    return W[lang]["loose"].format(counts=" và ".join(parts) if lang == "vi" else " and ".join(parts)) if parts else ""
