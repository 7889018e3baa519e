"""Build examples/son-la-vong-2/: the second round of the Sơn La folder, from examples/son-la/.

Run from the repository: python examples/make_second_round.py (make_examples.py runs it too).
What the department receives the second time (`budgetkit batch examples/son-la-vong-2 --previous examples/son-la`):
- Chiềng Sinh sends `chieng-sinh.xlsx` (a new name: units are matched by their Mã ĐVQHNS): it fixes most of
  what was returned (KH-01 back within its approval, 45,5 typed as a number, DM-01's lead agency, its
  category, last year's header, the total rows), renames Mã DM-01 to DMST-01, adds a heading row and a
  line, moves CDS-05 above CDS-04, quietly moves 50 from CĐS (CDS-03) to KH&CN (KH-02), leaves the wrong
  priority code of CDS-05, and the header it fixed now lets an amount typed in đồng show (V009);
- the Department of Science and Technology sends its estimate after the People's Council's cut;
- Chiềng Mung sends nothing new: its first-round file is still in the folder, byte for byte;
- the institute has not resubmitted: it has no file in the folder.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl

from budgetkit.xlsx_writing import put, save_workbook

HERE = Path(__file__).resolve().parent
FIRST = HERE / "son-la"
SECOND = HERE / "son-la-vong-2"
HEADER_ROW = 4
AMOUNT_HEADERS = ("Tổng kinh phí", "Lũy kế", "Dự toán năm", "Ước thực hiện", "Nguồn khác")


def _columns(ws) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {str(c.value): c.column for c in ws[HEADER_ROW] if c.value}


def _row_of(ws, line_id: str) -> int:  # type: ignore[no-untyped-def]
    for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_col=1):
        if row[0].value == line_id:
            return row[0].row
    raise KeyError(line_id)


def _recompute_totals(ws) -> None:  # type: ignore[no-untyped-def]
    """Headings and the total row carry the sums of their lines, as a careful accountant keeps them."""
    amount_columns = [c for h, c in _columns(ws).items() if h.startswith(AMOUNT_HEADERS)]

    def number(value: object) -> Decimal:
        if isinstance(value, (int, float)):
            return Decimal(str(value))
        return Decimal(0)

    roman_rows: list[tuple[int, list[int]]] = []
    all_lines: list[int] = []
    for row in range(HEADER_ROW + 2, ws.max_row + 1):
        line_id, name = ws.cell(row=row, column=1).value, ws.cell(row=row, column=2).value
        if line_id:
            all_lines.append(row)
            if roman_rows:
                roman_rows[-1][1].append(row)
        elif isinstance(name, str) and name.split(".")[0] in ("I", "II", "III", "IV"):
            roman_rows.append((row, []))
        elif isinstance(name, str) and name.startswith("Tổng cộng"):
            roman_rows.append((row, list(all_lines)))
    for row, lines in roman_rows:
        for column in amount_columns:
            if ws.cell(row=row, column=column).value is None:
                continue
            total = sum((number(ws.cell(row=r, column=column).value) for r in lines), Decimal(0))
            ws.cell(row=row, column=column).value = int(total) if total == total.to_integral_value() else float(total)


def chieng_sinh(source: Path, target: Path) -> None:
    wb = openpyxl.load_workbook(source)
    ws = wb["Dự toán"]
    cols = _columns(ws)
    est, lead, prio, cat = cols["Dự toán năm 2026"], cols["Đơn vị chủ trì"], cols["Gắn với nhiệm vụ ưu tiên"], cols["Nhóm nội dung"]
    put(ws.cell(row=HEADER_ROW, column=cols["Nguồn khác năm 2025"]), "Nguồn khác năm 2026")  # F005 fixed
    ws.cell(row=_row_of(ws, "KH-01"), column=est).value = 450  # A001 fixed
    ws.cell(row=_row_of(ws, "KH-02"), column=est).value = 110  # +50 to KH&CN ...
    ws.cell(row=_row_of(ws, "CDS-03"), column=est).value = 150  # ... -50 from CĐS
    ws.cell(row=_row_of(ws, "CDS-02"), column=est).value = 45.5  # typed as a number this time (V004 fixed)
    dm = _row_of(ws, "DM-01")
    put(ws.cell(row=dm, column=1), "DMST-01")  # the Mã renamed
    put(ws.cell(row=dm, column=lead), "Phòng Kinh tế xã Chiềng Sinh")  # P004 fixed
    put(ws.cell(row=_row_of(ws, "CDS-01"), column=cat), "cds_du_lieu")  # C001 fixed
    # CDS-05 moved above CDS-04 (its wrong priority code NQ57-9 stays: P003 still open).
    r4, r5 = _row_of(ws, "CDS-04"), _row_of(ws, "CDS-05")
    for column in range(1, ws.max_column + 1):
        a, b = ws.cell(row=r4, column=column), ws.cell(row=r5, column=column)
        a.value, b.value = b.value, a.value
    # A new line at the end of CĐS, then a heading row added above the CĐS lines.
    total_row = next(r for r in range(HEADER_ROW + 1, ws.max_row + 1) if str(ws.cell(row=r, column=2).value or "").startswith("Tổng cộng"))
    ws.insert_rows(total_row)
    new_line = {"Mã": "CDS-06", "Tên nhiệm vụ, nội dung chi": "Duy trì hệ thống hội nghị truyền hình trực tuyến của xã",
                "Lĩnh vực": "Chuyển đổi số", "Loại chi": "Thường xuyên", "Tính chất": "Duy trì",
                "Nhóm nội dung": "Chính quyền số, dịch vụ công trực tuyến", "Dự toán năm 2026": 30, "Mã Loại - Khoản": "100-121"}
    for header, value in new_line.items():
        put(ws.cell(row=total_row, column=cols[header]), value)
    cds_heading = next(r for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(row=r, column=2).value == "III. CHUYỂN ĐỔI SỐ")
    ws.insert_rows(cds_heading + 1)
    put(ws.cell(row=cds_heading + 1, column=2), "Chi thường xuyên và đầu tư phát triển cho chuyển đổi số")
    _recompute_totals(ws)
    save_workbook(wb, target)


def department(source: Path, target: Path) -> None:
    """The People's Council's cut: DM-02 (charter capital) 5.000 -> 4.000, CDS-01 850 -> 700."""
    wb = openpyxl.load_workbook(source)
    ws = wb["Dự toán"]
    est = _columns(ws)["Dự toán năm 2026"]
    ws.cell(row=_row_of(ws, "DM-02"), column=est).value = 4000
    ws.cell(row=_row_of(ws, "CDS-01"), column=est).value = 700
    _recompute_totals(ws)
    save_workbook(wb, target)


def main() -> None:
    SECOND.mkdir(exist_ok=True)
    for old in SECOND.glob("*.xlsx"):
        old.unlink()
    chieng_sinh(FIRST / "chieng-sinh-loi.xlsx", SECOND / "chieng-sinh.xlsx")
    department(FIRST / "so-khcn-son-la.xlsx", SECOND / "so-khcn-son-la.xlsx")
    shutil.copyfile(FIRST / "chieng-mung.xlsx", SECOND / "chieng-mung.xlsx")
    print("second round rebuilt")


if __name__ == "__main__":
    main()
