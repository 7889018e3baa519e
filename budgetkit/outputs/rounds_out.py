"""The comparison with the previous round (batch --previous) in the terminal, in the summary workbook
("So với lần trước", "Chi tiết thay đổi") and as notes for the annotated copies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from budgetkit.compare import Comparison, LineChange, LineSnap, ValueChange, column_read, value_label
from budgetkit.figures import PILLARS, SPENDINGS
from budgetkit.findings import Finding
from budgetkit.guidance import Guidance, Pack
from budgetkit.i18n import fmt_amount
from budgetkit.outputs.diff_text import W as DIFF_WORDS
from budgetkit.outputs.diff_text import line_lines, show_value, signed
from budgetkit.rounds import STATUS_LABELS, RoundsComparison, UnitRound
from budgetkit.xlsx_writing import cell_number

SHEET = "So với lần trước"
DETAIL_SHEET = "Chi tiết thay đổi"
DETAIL_LIMIT = 40  # lines of detail per unit in the terminal; the workbook and JSON have everything

W = {
    "vi": {
        "title": "So với lần trước ({folder}): {units} đơn vị",
        "unit": "Đơn vị",
        "code": "Mã ĐVQHNS",
        "status": "Tình trạng",
        "old": "Dự toán lần trước",
        "new": "Dự toán lần này",
        "diff": "Chênh lệch",
        "lines": "Dòng +/-/~",
        "fixed": "Đã sửa",
        "introduced": "Phát hiện mới",
        "open": "Còn lại",
        "details": "Chi tiết",
        "more": "      ... và {n} dòng nữa (xem trang “{sheet}” của --summary, hoặc budgetkit diff)",
        "findings": "    Phát hiện đã sửa: {fixed}; mới: {new}; còn lại: {open}",
        "none": "không có",
        "counts": "{changed} nộp lại có thay đổi, {unchanged} nộp lại không đổi, {same_file} vẫn tệp lần trước, "
        "{missing} chưa nộp lại, {new} nộp lần đầu, {unreadable} không đọc được; {moved} đơn vị có tổng dự toán thay đổi",
        "from": "lần trước: {path}",
    },
    "en": {
        "title": "Against the previous round ({folder}): {units} units",
        "unit": "Unit",
        "code": "Unit code",
        "status": "Status",
        "old": "Previous estimate",
        "new": "This estimate",
        "diff": "Difference",
        "lines": "Lines +/-/~",
        "fixed": "Fixed",
        "introduced": "New findings",
        "open": "Still open",
        "details": "Details",
        "more": "      ... and {n} more lines (see the “{sheet}” sheet of --summary, or budgetkit diff)",
        "findings": "    Findings fixed: {fixed}; new: {new}; still open: {open}",
        "none": "none",
        "counts": "{changed} resubmitted with changes, {unchanged} resubmitted unchanged, {same_file} still last round's file, "
        "{missing} not resubmitted, {new} first submissions, {unreadable} unreadable; {moved} units whose totals moved",
        "from": "previous: {path}",
    },
}


def codes_text(findings: Sequence[Finding], none: str = "") -> str:
    """A001, A004 (x3), C001: codes in order, repeated ones counted."""
    counts = Counter(f.code for f in findings)
    return ", ".join(f"{code} (x{n})" if n > 1 else code for code, n in counts.items()) or none


def _amount(value: Decimal | None, lang: str) -> str:
    return fmt_amount(value, lang) if value is not None else "-"


_STATUS_STYLES = {"changed": "yellow", "missing": "bold red", "same_file": "red", "unreadable": "bold red"}


def render_rounds(console: Console, rounds: RoundsComparison, pack: Pack, lang: str) -> None:
    """The comparison with the previous round in the terminal: one row per unit, the counts, then what
    changed in each resubmitted unit."""
    w = W[lang]
    console.print(_rounds_table(rounds, lang))
    console.print(w["counts"].format(moved=sum(1 for u in rounds.units if u.totals_moved), **rounds.counts()))
    for unit in rounds.units:
        if unit.comparison is not None and unit.status in ("changed", "unchanged"):
            _print_unit_changes(console, unit, unit.comparison, pack, lang)


def _rounds_table(rounds: RoundsComparison, lang: str) -> Table:
    """The table of units: status, totals, lines added/removed/changed, findings fixed/new/open."""
    w = W[lang]
    table = Table(
        title=Text(w["title"].format(folder=rounds.previous_folder, units=len(rounds.units))), title_justify="left", header_style="bold"
    )
    for header, justify in (
        (w["unit"], "left"),
        (w["status"], "left"),
        (w["old"], "right"),
        (w["new"], "right"),
        (w["diff"], "right"),
        (w["lines"], "right"),
        (w["fixed"], "right"),
        (w["introduced"], "right"),
        (w["open"], "right"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for unit in rounds.units:
        table.add_row(*_rounds_row(unit, lang))
    return table


def _rounds_row(unit: UnitRound, lang: str) -> list[Text | str]:
    """The cells of one unit's row of the terminal table ("-" where there is nothing to compare)."""
    c = unit.comparison
    name = (unit.unit or {}).get("name") or (unit.current or unit.previous).path  # type: ignore[union-attr]
    status = Text(STATUS_LABELS[lang][unit.status], style=_STATUS_STYLES.get(unit.status, ""))
    amounts = [_amount(unit.total_old, lang), _amount(unit.total_new, lang)]
    if c is None:
        return [Text(name), status, *amounts, Text("-"), "-", "-", "-", "-"]
    n = c.counts()
    return [
        Text(name),
        status,
        *amounts,
        Text(signed(unit.difference, lang), style="bold" if unit.totals_moved else ""),
        f"+{n['added']}/-{n['removed']}/~{n['changed']}",
        str(len(c.fixed)),
        str(len(c.introduced)),
        str(len(c.still_open)),
    ]


def _print_unit_changes(console: Console, unit: UnitRound, c: Comparison, pack: Pack, lang: str) -> None:
    """One resubmitted unit: its files, its changed lines and unit values (at most DETAIL_LIMIT), its findings."""
    w = W[lang]
    name = (unit.unit or {}).get("name") or c.new.path
    console.print(Text(f"{name}: {c.new.path}", style="bold") + Text(f" ({w['from'].format(path=c.old.path)})", style="dim"))
    shown: list[Text] = []
    for change in c.lines:
        if change.kind != "unchanged":
            shown += line_lines(change, c, pack, lang)
    year = c.new.year or 0
    for value in c.unit_changes:
        shown.append(
            Text(f"  ~ {value_label(value.key, year, unit=True)}: ")
            + Text(show_value(value.old, value.key, pack, lang), style="red")
            + Text(" → ")
            + Text(show_value(value.new, value.key, pack, lang), style="green")
        )
    for text in shown[:DETAIL_LIMIT]:
        console.print(text)
    if len(shown) > DETAIL_LIMIT:
        console.print(Text(w["more"].format(n=len(shown) - DETAIL_LIMIT, sheet=DETAIL_SHEET)))
    console.print(
        Text(
            w["findings"].format(
                fixed=codes_text(c.fixed, w["none"]), new=codes_text(c.introduced, w["none"]), open=codes_text(c.still_open, w["none"])
            )
        )
    )


# --- annotated copies ------------------------------------------------------------------------


def changed_cell_notes(rounds: RoundsComparison, guidance: Guidance, lang: str) -> dict[str, dict[tuple[str, str], str]]:
    """For each file of this round: (sheet, cell) -> the note of a value changed since the last round."""
    out: dict[str, dict[tuple[str, str], str]] = {}
    for unit in rounds.units:
        if unit.comparison is not None and unit.current is not None:
            notes = cell_notes(unit.comparison, guidance.pack(unit.comparison.new.year), lang)
            if notes:
                out[unit.current.path] = notes
    return out


def cell_notes(comparison: Comparison, pack: Pack | None, lang: str) -> dict[tuple[str, str], str]:
    """(sheet, cell) -> the note of a value changed since the last round (a line added says so)."""
    words = DIFF_WORDS[lang]
    notes: dict[tuple[str, str], str] = {}
    for (sheet, ref), (key, old, new) in comparison.changed_cells().items():
        if key == "id" and old is None:
            notes[(sheet, ref)] = "Dòng mới so với lần trước." if lang == "vi" else "A line added since the last round."
            continue
        shown = show_value(old, key, pack, lang) if column_read(comparison.old, key) else words["no_column"]
        text = f"Lần trước: {shown}" if lang == "vi" else f"Last round: {shown}"
        if isinstance(old, Decimal) and isinstance(new, Decimal):
            text += f" ({signed(new - old, lang)})"
        notes[(sheet, ref)] = text
    return notes


# --- the summary workbook --------------------------------------------------------------------


def write_rounds_sheets(workbook: Any, rounds: RoundsComparison, pack: Pack, year: int) -> None:
    """The sheets "So với lần trước" (one row per unit) and "Chi tiết thay đổi" (one row per change and per
    fixed or new finding), placed after "Tổng hợp"."""
    _write_units_sheet(workbook.create_sheet(SHEET, 1), rounds, pack, year)
    _write_detail_sheet(workbook.create_sheet(DETAIL_SHEET, 2), rounds, pack)


def _write_units_sheet(ws: Any, rounds: RoundsComparison, pack: Pack, year: int) -> None:
    """The sheet "So với lần trước": the counts, then one row per unit with its totals and differences."""
    from openpyxl.utils import get_column_letter

    from budgetkit.xlsx_writing import AMOUNT_FORMAT, BORDER, font, header_row, landscape_a4, left, put, right

    group_headers = [f"Chênh lệch {pack.enums['pillar'][p].short} - {pack.enums['spending'][s].short}" for p in PILLARS for s in SPENDINGS]
    headers = [
        "STT",
        "Tên đơn vị",
        "Mã ĐVQHNS",
        "Tình trạng",
        "Tệp lần này",
        "Tệp lần trước",
        f"Dự toán năm {year} lần trước",
        f"Dự toán năm {year} lần này",
        "Chênh lệch",
        *group_headers,
        "Dòng thêm",
        "Dòng bớt",
        "Dòng sửa",
        "Đã sửa",
        "Phát hiện mới",
        "Còn lại",
    ]
    counts = rounds.counts()
    put(ws.cell(row=1, column=1), f"SO VỚI LẦN NỘP TRƯỚC ({rounds.previous_folder}): {len(rounds.units)} ĐƠN VỊ").font = font(
        bold=True, size=13
    )
    put(ws.cell(row=2, column=1), W["vi"]["counts"].format(moved=sum(1 for u in rounds.units if u.totals_moved), **counts)).font = font(
        italic=True
    )
    put(ws.cell(row=2, column=len(headers)), "Đơn vị tính: Triệu đồng").font = font(italic=True)
    header_row(ws, 3, headers)
    amount_columns = set(range(7, 10 + len(group_headers)))
    for offset, unit in enumerate(rounds.units):
        for index, value in enumerate(_unit_sheet_values(offset + 1, unit), start=1):
            cell = put(ws.cell(row=4 + offset, column=index), value)
            cell.border = BORDER
            cell.font = font(bold=index == 9 and unit.totals_moved)
            if index in amount_columns:
                cell.number_format = AMOUNT_FORMAT
                cell.alignment = right()
            else:
                cell.alignment = left()
    widths = [6, 34, 12, 30, 30, 30, 14, 14, 12] + [12] * len(group_headers) + [8, 8, 8, 24, 24, 24]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "C4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(headers))}{max(3, 3 + len(rounds.units))}"
    landscape_a4(ws, fit_width=False)


def _optional_num(value: Decimal | None) -> object:
    """An amount as a cell holds it, empty for none."""
    return cell_number(value) if value is not None else ""


def _unit_sheet_values(number: int, unit: UnitRound) -> list[object]:
    """The cells of one unit's row of "So với lần trước" (empty where there is nothing to compare)."""
    c = unit.comparison
    head: list[object] = [
        number,
        (unit.unit or {}).get("name") or "",
        (unit.unit or {}).get("code") or "",
        STATUS_LABELS["vi"][unit.status],
        unit.current.path if unit.current else "",
        unit.previous.path if unit.previous else "",
        _optional_num(unit.total_old),
        _optional_num(unit.total_new),
    ]
    if c is None:
        return head + [""] * (1 + len(PILLARS) * len(SPENDINGS) + 6)
    n = c.counts()
    groups: list[object] = [cell_number(c.totals_new[p][s] - c.totals_old[p][s]) for p in PILLARS for s in SPENDINGS]
    return [
        *head,
        cell_number(unit.difference),
        *groups,
        n["added"],
        n["removed"],
        n["changed"],
        codes_text(c.fixed),
        codes_text(c.introduced),
        codes_text(c.still_open),
    ]


def _write_detail_sheet(detail: Any, rounds: RoundsComparison, pack: Pack) -> None:
    """The sheet "Chi tiết thay đổi": every unit's detail rows under one header."""
    from openpyxl.utils import get_column_letter

    from budgetkit.xlsx_writing import AMOUNT_FORMAT, font, header_row, left, put, right

    headers = [
        "Tên đơn vị",
        "Mã ĐVQHNS",
        "Tệp lần này",
        "Thay đổi",
        "Mã dòng",
        "Tên nhiệm vụ, nội dung chi",
        "Nội dung",
        "Lần trước",
        "Lần này",
        "Chênh lệch",
        "Ô",
    ]
    header_row(detail, 1, headers)
    row = 2
    for unit in rounds.units:
        for values in detail_rows(unit, pack):
            for index, value in enumerate(values, start=1):
                cell = put(detail.cell(row=row, column=index), value)
                cell.font = font()
                if index in (8, 9, 10) and isinstance(value, (int, float)):
                    cell.number_format = AMOUNT_FORMAT
                    cell.alignment = right()
                else:
                    cell.alignment = left()
            row += 1
    for index, width in enumerate([30, 12, 28, 18, 10, 40, 60, 18, 18, 12, 14], start=1):
        detail.column_dimensions[get_column_letter(index)].width = width
    detail.freeze_panes = "A2"
    detail.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, row - 1)}"


def _cell_value(value: Any, key: str, pack: Pack, readable: bool) -> object:
    """A compared value as a detail cell shows it (amounts as numbers; a column the file lacks said so)."""
    if not readable:
        return DIFF_WORDS["vi"]["no_column"]
    if isinstance(value, Decimal):
        return cell_number(value)
    return show_value(value, key, pack, "vi", limit=None)


def _difference(old: Any, new: Any) -> object:
    """new - old as a cell holds it, when both are amounts; empty otherwise."""
    return cell_number(new - old) if isinstance(old, Decimal) and isinstance(new, Decimal) else ""


class _DetailRows:
    """The rows of "Chi tiết thay đổi" for one compared unit; each starts with the unit's name, code and file."""

    def __init__(self, prefix: list[object], c: Comparison, pack: Pack) -> None:
        self.prefix = prefix
        self.c = c
        self.pack = pack
        self.year = c.new.year or 0
        self.sheet = c.new.lines_sheet

    def row(self, *cells: object) -> list[object]:
        """A row: the prefix, then the change, Mã, name, what, old, new, difference and cell."""
        return [*self.prefix, *cells]

    def all(self) -> list[list[object]]:
        """Lines added, removed, changed; unit values; explanations; findings fixed and new."""
        c = self.c
        rows: list[list[object]] = []
        for change in c.lines:
            rows += self.line_rows(change)
        for value in c.unit_changes:
            rows.append(
                self.row(
                    "Sửa thông tin đơn vị",
                    "",
                    "",
                    value_label(value.key, self.year, unit=True),
                    _cell_value(value.old, value.key, self.pack, True),
                    _cell_value(value.new, value.key, self.pack, True),
                    _difference(value.old, value.new),
                    "",
                )
            )
        if c.explanations_changed:
            rows.append(self.row("Sửa thuyết minh", "", "", "Trang Thuyết minh", "", "", "", ""))
        for what, findings in (("Phát hiện đã sửa", c.fixed), ("Phát hiện mới", c.introduced)):
            for finding in findings:
                loc = finding.location
                rows.append(
                    self.row(what, loc.line_id or "", "", f"{finding.code}: {finding.message('vi')}", "", "", "", loc.describe("vi"))
                )
        return rows

    def line_rows(self, change: LineChange) -> list[list[object]]:
        """The rows of one line: added, removed, or moved and each changed value."""
        line = change.new if change.new is not None else change.old
        assert line is not None
        line_id, line_name = line.id or "", line.name or ""
        estimate_label = value_label("estimate", self.year)
        if change.kind == "added":
            estimate = _cell_value(line.get("estimate"), "estimate", self.pack, True)
            return [
                self.row(
                    "Thêm dòng", line_id, line_name, estimate_label, "", estimate, "", _ref(self.sheet, self.c.new.cell(line.row, "id"))
                )
            ]
        if change.kind == "removed":
            estimate = _cell_value(line.get("estimate"), "estimate", self.pack, True)
            return [self.row("Bớt dòng", line_id, line_name, estimate_label, estimate, "", "", "")]
        if change.kind != "changed":
            return []
        assert change.old is not None and change.new is not None
        rows = []
        if change.moved:
            rows.append(
                self.row(
                    "Đổi vị trí",
                    line_id,
                    line_name,
                    f"lần trước {_after(change.old_after)}, lần này {_after(change.new_after)}",
                    "",
                    "",
                    "",
                    "",
                )
            )
        for value in change.changes:
            rows.append(
                self.row(
                    "Đổi Mã" if value.key == "id" else "Sửa giá trị",
                    line_id,
                    line_name,
                    value_label(value.key, self.year),
                    _cell_value(value.old, value.key, self.pack, column_read(self.c.old, value.key)),
                    _cell_value(value.new, value.key, self.pack, column_read(self.c.new, value.key)),
                    _difference(value.old, value.new),
                    _ref(self.sheet, value.cell),
                )
            )
        return rows


def detail_rows(unit: UnitRound, pack: Pack) -> list[list[object]]:
    """One row per change of a unit: lines added, removed, values changed, Mã renamed, moves, unit values,
    and the findings fixed and new."""
    name, code = (unit.unit or {}).get("name") or "", (unit.unit or {}).get("code") or ""
    path = unit.current.path if unit.current else (unit.previous.path if unit.previous else "")
    status_row: list[object] = [name, code, path, STATUS_LABELS["vi"][unit.status], "", "", "", "", "", "", ""]
    if unit.comparison is None:
        return [status_row]
    rows = _DetailRows([name, code, path], unit.comparison, pack).all()
    # A unit that sent its old file again (or the same content) still has its row: the officer filtering
    # the sheet by unit sees why nothing else is listed.
    return rows or [status_row]


def _after(above: str | None) -> str:
    return f"sau {above}" if above else "ở đầu bảng"


def _ref(sheet: str | None, cell: str | None) -> str:
    return f"{sheet}!{cell}" if sheet and cell else ""


# --- the report's draft appendix -------------------------------------------------------------

REPORT_LIMIT = 12  # changed values listed per unit in the appendix (the rest counted)


def report_change_rows(rounds: RoundsComparison, pack: Pack, limit: int = REPORT_LIMIT) -> list[dict[str, str]]:
    """A short list of the changes since the last round for the report's draft appendix: per unit, one
    line of totals and counts, then its changed lines (at most `limit`), as rows {unit, line, change}."""
    rows: list[dict[str, str]] = []
    for unit in rounds.units:
        name = (unit.unit or {}).get("name") or ""
        c = unit.comparison
        if c is None or (not c.content_changed and not c.fixed and not c.introduced):
            rows.append({"unit": name, "line": "", "change": STATUS_LABELS["vi"][unit.status] + "."})
            continue
        rows.append({"unit": name, "line": "", "change": _report_unit_summary(c)})
        details = _report_details(c, pack)
        rows += details[:limit]
        if len(details) > limit:
            rows.append({"unit": "", "line": "", "change": f"... và {len(details) - limit} thay đổi khác (xem budgetkit diff)."})
    return rows


def _report_unit_summary(c: Comparison) -> str:
    """A unit's line of the appendix: its totals, lines added/removed/changed and findings."""
    n = c.counts()
    parts = [f"Tổng dự toán: {fmt_amount(c.total_old)} → {fmt_amount(c.total_new)} triệu đồng ({signed(c.total_new - c.total_old, 'vi')})"]
    counted = [f"{n[k]} dòng {w}" for k, w in (("added", "thêm"), ("removed", "bớt"), ("changed", "sửa")) if n[k]]
    if counted:
        parts.append(", ".join(counted))
    parts.append(f"phát hiện: {len(c.fixed)} đã sửa, {len(c.introduced)} mới, {len(c.still_open)} còn lại")
    return "; ".join(parts) + "."


def _report_details(c: Comparison, pack: Pack) -> list[dict[str, str]]:
    """The appendix rows of a unit's changed lines and unit values."""
    year = c.new.year or 0
    details: list[dict[str, str]] = []
    for change in c.lines:
        line = change.new if change.new is not None else change.old
        assert line is not None
        text = _report_line_change(change, c, pack, year)
        if text is not None:
            details.append({"unit": "", "line": line.id or "", "change": text})
    for value in c.unit_changes:
        details.append(
            {
                "unit": "",
                "line": "",
                "change": f"{value_label(value.key, year, unit=True)}: "
                f"{show_value(value.old, value.key, pack, 'vi')} → {show_value(value.new, value.key, pack, 'vi')}.",
            }
        )
    return details


def _report_line_change(change: LineChange, c: Comparison, pack: Pack, year: int) -> str | None:
    """One line's change as a sentence of the appendix (None for an unchanged line)."""
    line = change.new if change.new is not None else change.old
    assert line is not None
    estimate = value_label("estimate", year)
    if change.kind == "added":
        return f"Thêm dòng “{line.name or ''}”: {estimate}: {show_value(line.get('estimate'), 'estimate', pack, 'vi')}."
    if change.kind == "removed":
        return f"Bớt dòng “{line.name or ''}” ({estimate} {show_value(line.get('estimate'), 'estimate', pack, 'vi')})."
    if change.kind != "changed":
        return None
    assert change.old is not None
    texts = [_report_value_change(value, change, line, c, pack, year) for value in change.changes]
    if change.moved:
        texts.append(f"đổi vị trí (lần trước {_after(change.old_after)}, lần này {_after(change.new_after)})")
    sentence = "; ".join(texts)
    return sentence[:1].upper() + sentence[1:] + "."


def _report_value_change(value: ValueChange, change: LineChange, line: LineSnap, c: Comparison, pack: Pack, year: int) -> str:
    """One changed value: a renamed Mã, or old → new with the difference of amounts."""
    if value.key == "id":
        assert change.old is not None
        return f"đổi Mã {change.old.id or '-'} → {line.id or '-'}"
    old = show_value(value.old, value.key, pack, "vi") if column_read(c.old, value.key) else DIFF_WORDS["vi"]["no_column"]
    text = f"{value_label(value.key, year)}: {old} → {show_value(value.new, value.key, pack, 'vi')}"
    if isinstance(value.old, Decimal) and isinstance(value.new, Decimal):
        text += f" ({signed(value.new - value.old, 'vi')})"
    return text
