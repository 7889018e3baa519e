"""The estimate tables Biểu 01-05 as one workbook with live formulas."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from budgetkit.figures import FIGURE_KEYS, PILLARS, ZERO, group_sums, priority_sums
from budgetkit.guidance import Pack
from budgetkit.model import BudgetLine, Spending, Status
from budgetkit.report.context import ReportInput, period
from budgetkit.report.tables import Column, Group, TableWriter, form_note, write_bieu01, write_note
from budgetkit.xlsx_util import font, put, save_workbook


def _by_pillar(data: ReportInput, pack: Pack, keep, row) -> list[Group]:  # type: ignore[no-untyped-def]
    groups = []
    for pillar in PILLARS:
        items = [(line, unit) for line, unit in data.lines if line.field is not None and line.field.value == pillar and keep(line)]
        groups.append(Group(pack.enums["pillar"][pillar].label.upper(), [row(line, unit) for line, unit in items]))
    return groups


def write_tables(data: ReportInput, pack: Pack, target: Path) -> None:
    year = data.year
    issuer = data.issuer.name or ""
    workbook = Workbook()
    lines = [line for line, _ in data.lines]
    figures = {key: group_sums(lines, key) for key in FIGURE_KEYS}
    first = workbook.active
    first.title = "Biểu 01"
    write_bieu01(first, figures, pack, year, issuer, memo=memo_rows(lines, pack))

    def unit_suffix(unit: str) -> str:
        return f" ({unit})" if data.consolidated else ""

    task_columns = [
        Column("STT", "int", 6), Column("Tên nhiệm vụ", "text", 40, key="name"), Column("Đơn vị chủ trì", "text", 24, key="lead"),
        Column("Thời gian thực hiện", "int", 11, key="period"), Column("Quyết định phê duyệt", "text", 26, key="approval"),
        Column("Tổng kinh phí được duyệt", "amount", 14, key="approved_total"),
        Column(f"Lũy kế bố trí đến hết năm {year - 2}", "amount", 14, key="allocated_before_prior"),
        Column(f"Dự toán năm {year - 1}", "amount", 13, key="prior_estimate"),
        Column(f"Ước thực hiện năm {year - 1}", "amount", 13, key="prior_expected"),
        Column(f"Dự toán năm {year}", "amount", 13, key="estimate"),
        Column(f"Nguồn khác năm {year}", "amount", 13, key="other_sources"),
        Column("Chỉ tiêu, sản phẩm đầu ra", "text", 34, key="indicators"),
        Column("Nhiệm vụ ưu tiên", "text", 14, key="priorities"),
    ]

    def task_row(line: BudgetLine, unit: str) -> dict[str, object]:
        return {
            "name": (line.name or "") + unit_suffix(unit), "lead": line.lead_agency, "period": period(line), "approval": line.approval,
            "approved_total": line.approved_total, "allocated_before_prior": line.allocated_before_prior, "prior_estimate": line.prior_estimate,
            "prior_expected": line.prior_expected, "estimate": line.estimate or ZERO, "other_sources": line.other_sources,
            "indicators": "; ".join(line.indicators or []) or None, "priorities": ", ".join(line.priorities or []) or None,
        }

    # Biểu 02 also shows the cumulative allocation to the end of N-1 and what remains (Circular 56, Điều 22),
    # after the columns the older layout had, so that those keep their letters.
    continuing_columns = task_columns[:11] + [
        Column(f"Lũy kế đến hết năm {year - 1}", "amount", 14, key="cumulative"),
        Column("Số còn phải bố trí", "amount", 14, key="remaining"),
    ] + task_columns[11:]

    def continuing_row(line: BudgetLine, unit: str) -> dict[str, object]:
        return {**task_row(line, unit), "cumulative": line.allocated_through_prior, "remaining": line.remaining_approval}

    for title, sheet, form, status, columns, row_of in (
        ("NHIỆM VỤ CHUYỂN TIẾP", "Biểu 02", "Biểu 02", Status.CONTINUING, continuing_columns, continuing_row),
        ("NHIỆM VỤ MỞ MỚI", "Biểu 03", "Biểu 03", Status.NEW, task_columns, task_row),
    ):
        ws = workbook.create_sheet(sheet)
        writer = TableWriter(ws, columns, f"DỰ TOÁN KINH PHÍ {title} NĂM {year}", f"(Kèm theo báo cáo của {issuer})", form)
        writer.groups(_by_pillar(data, pack, lambda line, s=status: line.status == s, row_of))
        write_note(writer, form_note(pack, form, year))

    invest_columns = [c for c in task_columns if c.key not in ("indicators",)]
    invest_columns[4] = Column("Quyết định đầu tư", "text", 28, key="approval")
    invest_columns[5] = Column("Tổng mức đầu tư (vốn NSNN)", "amount", 15, key="approved_total")
    ws = workbook.create_sheet("Biểu 04")
    writer = TableWriter(ws, invest_columns, f"DỰ TOÁN CHI ĐẦU TƯ PHÁT TRIỂN NĂM {year}", f"(Kèm theo báo cáo của {issuer})", "Biểu 04")
    writer.groups(_by_pillar(data, pack, lambda line: line.spending == Spending.INVESTMENT, task_row))
    write_note(writer, form_note(pack, "Biểu 04", year))

    write_bieu05(workbook.create_sheet("Biểu 05"), lines, pack, year, issuer)
    write_bieu06(workbook.create_sheet("Biểu 06"), lines, pack, year, issuer)
    save_workbook(workbook, target)


def memo_rows(lines: list[BudgetLine], pack: Pack) -> list[tuple[str, dict[str, Decimal]]]:
    """The "trong đó" rows of Biểu 01 (Circular 56/2025/TT-BTC, Điều 23.1.b, 23.2): lines serving education or
    health, carried out through funds, moved from other sectors."""
    sectors = pack.enums["sector"]
    parts = [(f"Phục vụ lĩnh vực {sectors[code].label.lower()}", lambda l, c=code: l.serves_sector is not None and l.serves_sector.value == c)
             for code in sectors]
    parts += [("Thực hiện qua cơ chế quỹ", lambda l: l.via_fund is True),
              ("Nhiệm vụ chuyển từ lĩnh vực chi khác", lambda l: bool(l.moved_from_sector))]
    out = []
    for label, keep in parts:
        chosen = [line for line in lines if keep(line)]
        out.append((label, {key: sum((line.amount(key) for line in chosen), ZERO) for key in FIGURE_KEYS}))
    return out


def write_bieu06(ws, lines: list[BudgetLine], pack: Pack, year: int, issuer: str) -> None:  # type: ignore[no-untyped-def]
    """Biểu 06: the estimate by Loại - Khoản (Circular 130/2025/TT-BTC, Phụ lục II)."""
    columns = [Column("STT", "int", 6), Column("Mã Loại - Khoản", "text", 14, key="code"), Column("Tên gọi", "text", 56, key="title"),
               Column("Số dòng", "int", 9, key="count"), Column(f"Dự toán năm {year - 1}", "amount", 15, key="prior_estimate"),
               Column(f"Dự toán năm {year}", "amount", 15, key="estimate"),
               Column(f"Tỷ trọng trong tổng dự toán năm {year} (%)", "ratio", 14, ratio=("estimate", "TOTAL:estimate"), key="share")]
    writer = TableWriter(ws, columns, f"DỰ TOÁN NĂM {year} THEO MÃ LOẠI - KHOẢN", f"(Kèm theo báo cáo của {issuer})", "Biểu 06")
    index = pack.budget_index
    by_code: dict[str, list[BudgetLine]] = {}
    for line in lines:
        by_code.setdefault(line.budget_code or "", []).append(line)

    def row(code: str) -> dict[str, object]:
        chosen = by_code[code]
        return {"code": code or None, "title": pack.code_title(code) if code else "(dòng chưa ghi mã Loại - Khoản)", "count": len(chosen),
                "prior_estimate": sum((l.amount("prior_estimate") for l in chosen), ZERO),
                "estimate": sum((l.amount("estimate") for l in chosen), ZERO)}

    sector = index.sector if index else "100"
    inside = sorted(c for c in by_code if c and pack.in_sector(c))
    outside = sorted(c for c in by_code if c and not pack.in_sector(c))
    sector_title = index.loai.get(sector, "") if index else ""
    groups = [Group(f"LOẠI {sector} - {sector_title.upper()}".rstrip(" -"), [row(c) for c in inside]),
              Group("NGOÀI LOẠI " + sector + " (KHÔNG THUỘC LĨNH VỰC CHI)", [row(c) for c in outside])]
    if "" in by_code:
        groups.append(Group("CHƯA GHI MÃ LOẠI - KHOẢN", [row("")]))
    writer.groups(groups)
    write_note(writer, form_note(pack, "Biểu 06", year))


def write_bieu05(ws, lines: list[BudgetLine], pack: Pack, year: int, issuer: str) -> None:  # type: ignore[no-untyped-def]
    columns = [Column("STT", "int", 6), Column("Mã", "text", 12, key="code"), Column("Nhiệm vụ ưu tiên", "text", 70, key="title"),
               Column(f"Dự toán năm {year}", "amount", 15, key="estimate"),
               Column("Tỷ trọng trong tổng dự toán (%)", "ratio", 14, ratio=("estimate", "TOTAL:estimate"), key="share")]
    writer = TableWriter(ws, columns, f"DỰ TOÁN NĂM {year} THEO NHIỆM VỤ ƯU TIÊN", f"(Kèm theo báo cáo của {issuer})", "Biểu 05")
    # The share is of the whole estimate: the first row carries it, from Biểu 01's total.
    writer.total_row = writer.row
    put(ws.cell(row=writer.row, column=2), "")
    put(ws.cell(row=writer.row, column=3), f"Tổng dự toán năm {year} (Biểu 01)")
    ws.cell(row=writer.row, column=4).value = "='Biểu 01'!F7"
    writer._ratios(writer.row)
    writer._style_row(writer.row, bold=True)
    writer.row += 1
    order = list(pack.priorities)
    sums = priority_sums(lines)
    for index, (code, amount) in enumerate(sorted(sums.items(), key=lambda item: order.index(item[0]) if item[0] in order else 999), start=1):
        writer.data_row(str(index), {"code": code, "title": pack.priorities.get(code, "(mã không có trong gói hướng dẫn)"), "estimate": amount})
    note_row = writer.row + 1
    put(ws.cell(row=note_row, column=2), "Ghi chú: một nhiệm vụ gắn nhiều mã được tính ở mỗi mã, nên tổng các tỷ trọng có thể vượt 100%.").font = font(italic=True)
    writer.finish()
    writer.row = note_row
    write_note(writer, form_note(pack, "Biểu 05", year))
