"""The terminal rendering of validate: findings grouped by file, totals, a verdict per file."""

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
from budgetkit.outputs.words import english_counts, spending_label, year_title
from budgetkit.results import FileResult

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_WORDS = {
    "vi": {
        "unit": "Đơn vị",
        "totals": "Tổng dự toán năm {year} (triệu đồng)",
        "pillar": "Lĩnh vực",
        "sum": "Cộng",
        "total": "Tổng cộng",
        "passed": "ĐẠT",
        "failed": "KHÔNG ĐẠT",
        "none": "Không có phát hiện nào.",
        "verdict": "{status}: {errors} lỗi, {warnings} cảnh báo",
        "where": "Vị trí",
        "code": "Mã",
        "sev": "Mức",
        "msg": "Nội dung",
    },
    "en": {
        "unit": "Unit",
        "totals": "Estimate {year} totals (million VND)",
        "pillar": "Pillar",
        "sum": "Sum",
        "total": "Total",
        "passed": "PASSED",
        "failed": "FAILED",
        "none": "No findings.",
        "verdict": "{status}: {errors_en}, {warnings_en}",
        "where": "Location",
        "code": "Code",
        "sev": "Severity",
        "msg": "Message",
    },
}


def _sort_key(f: Finding) -> tuple[int, int, str]:
    loc = f.location
    return (loc.row or loc.line or 0, 0 if loc.sheet is None else 1, f.code)


def findings_table(findings: Sequence[Finding], lang: str) -> Table:
    """The table of a file's findings: severity, code, where, message; in the order of _sort_key."""
    w = _WORDS[lang]
    table = Table(show_header=True, header_style="bold", expand=False, show_lines=False)
    table.add_column(w["sev"], no_wrap=True)
    table.add_column(w["code"], no_wrap=True)
    table.add_column(w["where"])
    table.add_column(w["msg"])
    for f in sorted(findings, key=_sort_key):
        # Text, never markup: a value echoed from the file ("[green]ĐẠT") prints as written; controls escaped.
        table.add_row(
            Text(f.severity.label(lang), style=_STYLE[f.severity]),
            f.code,
            Text(neutral(f.location.describe(lang), one_line=True)),
            Text(neutral(f.message(lang))),
        )
    return table


def totals_table(result: FileResult, pack: Pack, lang: str) -> Table:
    """The table of a file's estimate by pillar and spending type, with the totals."""
    w = _WORDS[lang]
    table = Table(title=year_title(w["totals"], result.budget_year), title_justify="left", header_style="bold")
    table.add_column(w["pillar"])
    for s in SPENDINGS:
        table.add_column(spending_label(s, pack, lang), justify="right")
    table.add_column(w["sum"], justify="right")
    totals = result.totals  # unpacked once
    for p in PILLARS:
        row = totals[p]
        label = pack.enums["pillar"][p].short
        table.add_row(label, *(fmt_amount(row[s], lang) for s in SPENDINGS), fmt_amount(sum(row.values()), lang))
    table.add_row(
        Text(w["total"], style="bold"),
        *(fmt_amount(sum(totals[p][s] for p in PILLARS), lang) for s in SPENDINGS),
        Text(fmt_amount(result.grand_total, lang), style="bold"),
    )
    return table


def render_results(console: Console, results: Sequence[FileResult], pack: Pack, lang: str, strict: bool) -> None:
    """Print each file's findings, totals and status as `validate` shows them."""
    w = _WORDS[lang]
    for result in results:
        console.rule(Text(neutral(result.path, one_line=True), style="bold"))
        if result.unit:
            unit = result.unit
            console.print(Text(neutral(f"{w['unit']}: {unit.get('name') or '-'} ({unit.get('code') or '-'})", one_line=True)))
        if result.findings:
            console.print(findings_table(result.findings, lang))
        else:
            console.print(w["none"])
        if result.unit:
            console.print(totals_table(result, pack, lang))
        status = w["failed"] if result.failed(strict) else w["passed"]
        console.print(
            Text(
                f"{neutral(result.path, one_line=True)}: "
                + w["verdict"].format(
                    status=status,
                    errors=result.errors,
                    warnings=result.warnings,
                    **english_counts(errors=result.errors, warnings=result.warnings),
                ),
                style="bold red" if result.failed(strict) else "bold green",
            )
        )
