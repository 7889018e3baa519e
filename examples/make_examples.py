"""Rebuild the example workbooks of examples/son-la/ from the YAML examples.

Run from the repository: python examples/make_examples.py
examples/son-la/ is a province's folder as a Department of Science and Technology receives it: the
commune, the department and the institute (the YAML examples converted by budgetkit itself), and a
second commune, Chiềng Sinh, whose workbook carries the mistakes accountants really make, each planted
in a named cell. examples/son-la-danh-sach.yaml is the roster of units expected to submit.
examples/2027/ holds the commune's 2027 file (its 2026 file rolled over, then filled) as YAML and workbook.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
import yaml

from budgetkit.authoring.convert import convert
from budgetkit.guidance import Guidance
from budgetkit.xlsx_writing import put, save_workbook

HERE = Path(__file__).resolve().parent
PROVINCE = HERE / "son-la"
CLEAN = ("chieng-mung", "so-khcn-son-la", "vien-ung-dung-cong-nghe")


def _find_row(ws, line_id: str) -> int:
    for row in ws.iter_rows(min_row=1):
        if row[0].value == line_id:
            return row[0].row
    raise KeyError(line_id)


def _column(ws, header_start: str) -> int:
    for cell in ws[4]:
        if isinstance(cell.value, str) and cell.value.startswith(header_start):
            return cell.column
    raise KeyError(header_start)


def mistakes_workbook(source: Path, target: Path) -> None:
    wb = openpyxl.load_workbook(source)
    ws = wb["Dự toán"]
    est = _column(ws, "Dự toán năm 2026")
    lead = _column(ws, "Đơn vị chủ trì")
    prio = _column(ws, "Gắn với")
    other = _column(ws, "Nguồn khác")
    cat = _column(ws, "Nhóm nội dung")
    # A001: the continuing task asks more than what remains of its approval (450).
    ws.cell(row=_find_row(ws, "KH-01"), column=est).value = 520
    # V004: an amount typed as text, Vietnamese style.
    put(ws.cell(row=_find_row(ws, "CDS-02"), column=est), "45,5")
    # P004: a new task without its lead agency.
    ws.cell(row=_find_row(ws, "DM-01"), column=lead).value = None
    # P003: a priority code that does not exist.
    put(ws.cell(row=_find_row(ws, "CDS-05"), column=prio), "NQ57-4; NQ57-9")
    # C001: a digital-transformation line filed under an S&T category.
    put(ws.cell(row=_find_row(ws, "CDS-01"), column=cat), "khcn_ho_tro")
    # V009: an amount typed in đồng instead of triệu đồng.
    ws.cell(row=_find_row(ws, "CDS-04"), column=other).value = 150000000
    # F005: last year's header left in place.
    put(ws.cell(row=4, column=other), "Nguồn khác năm 2025")
    # A004: the total row typed by hand and not updated.
    for row in ws.iter_rows(min_row=5):
        if row[1].value == "Tổng cộng":
            ws.cell(row=row[0].row, column=est).value = 2150
    save_workbook(wb, target)


def second_commune(target: Path, guidance: Guidance) -> None:
    """Chiềng Sinh: the Chiềng Mung estimate under another commune's name, code and offices."""
    data = yaml.safe_load((HERE / "chieng-mung.yaml").read_text(encoding="utf-8"))
    data["unit"].update(name="Ủy ban nhân dân xã Chiềng Sinh", code="3012346", prepared_by="Quàng Thị Dung",
                        approver="Lò Văn Hải", place="Chiềng Sinh",
                        recipients=data["unit"]["recipients"].replace("Chiềng Mung", "Chiềng Sinh"))
    for key in ("prior_results", "prior_disbursement", "prior_difficulties", "prior_causes"):
        data["unit"].pop(key, None)  # Chiềng Sinh has not written its assessment yet
    for line in data["lines"]:
        if line.get("lead_agency"):
            line["lead_agency"] = line["lead_agency"].replace("Chiềng Mung", "Chiềng Sinh").replace("UBND xã", "UBND xã Chiềng Sinh")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "chieng-sinh.yaml"
        source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        convert(source, Path(tmp) / "chieng-sinh.xlsx", guidance)
        mistakes_workbook(Path(tmp) / "chieng-sinh.xlsx", target)


def main() -> None:
    guidance = Guidance()
    PROVINCE.mkdir(exist_ok=True)
    for name in CLEAN:
        convert(HERE / f"{name}.yaml", PROVINCE / f"{name}.xlsx", guidance)
    second_commune(PROVINCE / "chieng-sinh-loi.xlsx", guidance)
    from make_second_round import main as second_round  # examples/son-la-vong-2/ from the files above

    second_round()
    # 2027: the commune's 2026 file rolled over (budgetkit rollover), then filled in
    convert(HERE / "2027" / "chieng-mung-2027.yaml", HERE / "2027" / "chieng-mung-2027.xlsx", guidance)
    print("examples rebuilt")


if __name__ == "__main__":
    main()
