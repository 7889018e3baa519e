"""The terminal rendering of `diff`: one unit, two rounds."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from budgetkit.compare import ENUM_OF, Comparison, LineChange, LineSnap, Unreadable, ValueChange, column_read, value_label
from budgetkit.figures import PILLARS, SPENDINGS, ZERO
from budgetkit.findings import Finding
from budgetkit.guidance import Pack
from budgetkit.i18n import fmt_amount
from budgetkit.outputs.words import english_counts, spending_label, year_title

W = {
    "vi": {
        "title": "So sánh hai lần nộp: {name} (Mã ĐVQHNS {code}), năm ngân sách {year}",
        "old": "Lần trước",
        "new": "Lần này",
        "passed": "đạt",
        "failed": "không đạt",
        "counts": "{errors} lỗi, {warnings} cảnh báo",
        "same_file": "Hai tệp giống hệt nhau (cùng nội dung từng byte).",
        "lines": "Dòng dự toán: {added} thêm, {removed} bớt, {changed} sửa ({renamed} đổi Mã, {moved} đổi vị trí), {unchanged} không đổi",
        "added": "thêm",
        "removed": "bớt",
        "changed": "sửa",
        "renamed": "đổi Mã {old} → {new}",
        "moved": "đổi vị trí: lần trước {where_old}, lần này {where_new}",
        "after": "sau {id}",
        "top": "ở đầu bảng",
        "no_column": "(không có cột đọc được)",
        "unit": "Thông tin đơn vị",
        "explanations": "Trang Thuyết minh (thuyết minh theo nhóm) đã sửa.",
        "totals": "Dự toán năm {year} theo lĩnh vực và loại chi (triệu đồng)",
        "pillar": "Lĩnh vực",
        "spending": "Loại chi",
        "difference": "Chênh lệch",
        "total": "Tổng cộng",
        "findings": "Phát hiện: {fixed} đã sửa, {new} mới, {open} còn lại",
        "fixed": "Đã sửa",
        "introduced": "Mới",
        "still_open": "Còn lại",
        "empty": "(trống)",
        "unreadable": "(không đọc được)",
        "no_change": "Không có thay đổi nào về nội dung.",
        "est": "dự toán",
    },
    "en": {
        "title": "Two rounds compared: {name} (unit code {code}), budget year {year}",
        "old": "Previous",
        "new": "This round",
        "passed": "passed",
        "failed": "failed",
        "counts": "{errors_en}, {warnings_en}",
        "same_file": "The two files are identical (byte for byte).",
        "lines": (
            "Budget lines: {added} added, {removed} removed, {changed} changed ({renamed} Mã renamed, {moved} moved), {unchanged} unchanged"
        ),
        "added": "added",
        "removed": "removed",
        "changed": "changed",
        "renamed": "Mã renamed {old} → {new}",
        "moved": "moved: previously {where_old}, now {where_new}",
        "after": "after {id}",
        "top": "at the top",
        "no_column": "(no readable column)",
        "unit": "Unit",
        "explanations": "The Thuyết minh sheet (group explanations) was edited.",
        "totals": "Estimate {year} by pillar and spending type (million VND)",
        "pillar": "Pillar",
        "spending": "Spending",
        "difference": "Difference",
        "total": "Total",
        "findings": "Findings: {fixed} fixed, {new} new, {open} still open",
        "fixed": "Fixed",
        "introduced": "New",
        "still_open": "Still open",
        "empty": "(empty)",
        "unreadable": "(unreadable)",
        "no_change": "Nothing changed in the content.",
        "est": "estimate",
    },
}
_MARK = {"added": ("+", "green"), "removed": ("-", "red"), "changed": ("~", "yellow")}
_LONG = 90


def category_title(code: str, pack: Pack | None) -> str | None:
    """The title of a category code as the template's list shows it (the pack's title, in Vietnamese in
    both languages, as the unit chose it); None for a code the pack does not know."""
    if pack is None or code not in pack.categories:
        return None
    return pack.categories[code].title


def show_value(value: Any, key: str, pack: Pack | None, lang: str, empty: str = "", unreadable: str = "", limit: int | None = _LONG) -> str:
    """A value as a person reads it: amounts 1.234,5 (1,234.5 in English), enumerations by their label,
    a category by its whole title; other texts longer than `limit` cut with "…" (None: never, as a workbook cell)."""
    w = W[lang]
    if value is None:
        return empty or w["empty"]
    if isinstance(value, Unreadable):
        return unreadable or w["unreadable"]
    if isinstance(value, bool):
        return ("Có" if value else "Không") if lang == "vi" else ("yes" if value else "no")
    if isinstance(value, Decimal):
        return fmt_amount(value, lang)
    if isinstance(value, tuple):
        return "; ".join(value) or (empty or w["empty"])
    text = str(value)
    enum_name = ENUM_OF.get(key)
    if pack is not None and enum_name and text in pack.enums.get(enum_name, {}):
        entry = pack.enums[enum_name][text]
        text = entry.short if enum_name == "pillar" else entry.label
    elif key == "category" and category_title(text, pack):
        return category_title(text, pack) or text  # a title the unit picked from a list: never cut
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def signed(value: Decimal, lang: str) -> str:
    """A difference with its sign ("+12,5"; "0" for none)."""
    return ("+" if value > 0 else "") + fmt_amount(value, lang) if value else "0"


def _line_title(line: LineSnap) -> str:
    name = line.name or ""
    if len(name) > 70:
        name = name[:69] + "…"
    return f"{line.id or '-'} {name}".rstrip()


def _where(above: str | None, lang: str) -> str:
    return W[lang]["after"].format(id=above) if above else W[lang]["top"]


def line_lines(change: LineChange, comparison: Comparison, pack: Pack | None, lang: str) -> list[Text]:
    """The text of one added, removed or changed line (a title, then one row per changed value)."""
    year = comparison.new.year or comparison.old.year or 0
    out = [_line_head(change, pack, lang, year)]
    for value in change.changes:
        if value.key == "id" and change.by == "name":
            continue  # said in the title
        out.append(_value_row(value, comparison, pack, lang, year))
    return out


def _line_head(change: LineChange, pack: Pack | None, lang: str, year: int) -> Text:
    """The title of a line's change: its mark, Mã and name, and in brackets its estimate (added, removed)
    or its renamed Mã and move (changed)."""
    w = W[lang]
    mark, style = _MARK[change.kind]
    line = change.new if change.new is not None else change.old
    assert line is not None
    head = Text(f"  {mark} ", style=f"bold {style}") + Text(_line_title(line))
    notes = []
    if change.kind in ("added", "removed"):
        notes.append(f"{w[change.kind]}, {value_label('estimate', year)}: {show_value(line.get('estimate'), 'estimate', pack, lang)}")
    else:
        assert change.old is not None and change.new is not None
        if change.by == "name" and change.old.id != change.new.id:
            notes.append(w["renamed"].format(old=change.old.id or "-", new=change.new.id or "-"))
        if change.moved:
            notes.append(w["moved"].format(where_old=_where(change.old_after, lang), where_new=_where(change.new_after, lang)))
    if notes:
        head += Text(" (" + "; ".join(notes) + ")", style="dim")
    return head


def _value_row(value: ValueChange, comparison: Comparison, pack: Pack | None, lang: str, year: int) -> Text:
    """One changed value: old → new, the difference of amounts, the cell it is in."""
    w = W[lang]
    old_text = show_value(value.old, value.key, pack, lang) if column_read(comparison.old, value.key) else w["no_column"]
    new_text = show_value(value.new, value.key, pack, lang) if column_read(comparison.new, value.key) else w["no_column"]
    row = Text(f"      {value_label(value.key, year)}: ") + Text(old_text, style="red") + Text(" → ") + Text(new_text, style="green")
    if isinstance(value.old, Decimal) and isinstance(value.new, Decimal):
        row += Text(f" ({signed(value.new - value.old, lang)})", style="bold")
    if value.cell and comparison.new.lines_sheet:
        row += Text(f"  [{comparison.new.lines_sheet}!{value.cell}]", style="dim")
    return row


def totals_table(comparison: Comparison, pack: Pack | None, lang: str) -> Table:
    """The table of estimates by pillar x spending group in the two rounds, and their difference."""
    w = W[lang]
    year = comparison.new.year or comparison.old.year or ""
    table = Table(title=year_title(w["totals"], year), title_justify="left", header_style="bold")
    for header, justify in (
        (w["pillar"], "left"),
        (w["spending"], "left"),
        (w["old"], "right"),
        (w["new"], "right"),
        (w["difference"], "right"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    old, new = comparison.totals_old, comparison.totals_new
    for p in PILLARS:
        for s in SPENDINGS:
            delta = new[p][s] - old[p][s]
            table.add_row(
                pack.enums["pillar"][p].short if pack else p,
                spending_label(s, pack, lang),
                fmt_amount(old[p][s], lang),
                fmt_amount(new[p][s], lang),
                Text(signed(delta, lang), style="bold" if delta else ""),
            )
    total_delta = comparison.total_new - comparison.total_old
    table.add_row(
        Text(w["total"], style="bold"),
        "",
        Text(fmt_amount(comparison.total_old, lang), style="bold"),
        Text(fmt_amount(comparison.total_new, lang), style="bold"),
        Text(signed(total_delta, lang), style="bold"),
    )
    return table


def _findings_block(title: str, findings: Sequence[Finding], lang: str, style: str) -> list[Text]:
    if not findings:
        return []
    out = [Text(f"  {title}:", style=f"bold {style}")]
    for f in findings:
        where = f.location.describe(lang)
        out.append(Text(f"    {f.code} ", style=style) + Text((f"{where}: " if where else "") + f.message(lang)))
    return out


def render_comparison(console: Console, comparison: Comparison, pack: Pack | None, lang: str) -> None:
    """Print the comparison of two rounds as the `diff` command shows it."""
    w = W[lang]
    new, old = comparison.new, comparison.old
    name = show_value(new.unit_value("name"), "name", None, lang, empty="-")
    console.print(Text(w["title"].format(name=name, code=new.code or old.code or "-", year=new.year or old.year or "-"), style="bold"))
    for label, snap, counts in ((w["old"], old, comparison.old_counts), (w["new"], new, comparison.new_counts)):
        status = w["failed"] if counts.get("errors") else w["passed"]
        console.print(
            Text(
                f"  {label}: {snap.path} ({status}: "
                + w["counts"].format(
                    errors=counts.get("errors", 0),
                    warnings=counts.get("warnings", 0),
                    **english_counts(errors=counts.get("errors", 0), warnings=counts.get("warnings", 0)),
                )
                + ")"
            )
        )
    if old.digest and old.digest == new.digest:
        console.print(Text("  " + w["same_file"], style="bold"))
    counts = comparison.counts()
    console.print()
    console.print(Text(w["lines"].format(**counts), style="bold"))
    for change in comparison.lines:
        if change.kind != "unchanged":
            for text in line_lines(change, comparison, pack, lang):
                console.print(text)
    if comparison.unit_changes:
        console.print(Text(w["unit"], style="bold"))
        year = new.year or old.year or 0
        for value in comparison.unit_changes:
            console.print(
                Text(f"  ~ {value_label(value.key, year, unit=True)}: ")
                + Text(show_value(value.old, value.key, pack, lang), style="red")
                + Text(" → ")
                + Text(show_value(value.new, value.key, pack, lang), style="green")
            )
    if comparison.explanations_changed:
        console.print(Text(w["explanations"], style="bold"))
    if not comparison.content_changed:
        console.print(Text(w["no_change"]))
    console.print()
    console.print(totals_table(comparison, pack, lang))
    console.print(
        Text(
            w["findings"].format(fixed=len(comparison.fixed), new=len(comparison.introduced), open=len(comparison.still_open)), style="bold"
        )
    )
    for text in (
        _findings_block(w["fixed"], comparison.fixed, lang, "green")
        + _findings_block(w["introduced"], comparison.introduced, lang, "red")
        + _findings_block(w["still_open"], comparison.still_open, lang, "yellow")
    ):
        console.print(text)


def total_of(groups: dict[str, dict[str, Decimal]]) -> Decimal:
    """The sum of every group."""
    return sum((v for g in groups.values() for v in g.values()), ZERO)
