"""The Excel reader's tolerances, F rules on workbooks, A004, and the two backends agreeing."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from budgetkit.authoring.input_workbook import write_input_workbook
from budgetkit.checking import check_file
from budgetkit.loaders import load

from conftest import PROVINCE, base_data, write_yaml


def workbook_from_base(tmp_path: Path, guidance, name: str = "unit.xlsx") -> Path:
    source = write_yaml(tmp_path, base_data(), "base.yaml")
    loaded = load(source, guidance)
    target = tmp_path / name
    write_input_workbook(loaded.model, target, loaded.pack)
    return target


def edit(path: Path, sheet: str, cells: dict[str, object]) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def check_both(path: Path, guidance):
    """Every workbook these tests write is read by both readers, which must agree exactly (issue 8)."""
    fast = check_file(path, guidance)
    before = os.environ.get("BUDGETKIT_EXCEL_READER")
    os.environ["BUDGETKIT_EXCEL_READER"] = "openpyxl"
    try:
        tolerant = check_file(path, guidance)
    finally:
        if before is None:
            del os.environ["BUDGETKIT_EXCEL_READER"]
        else:
            os.environ["BUDGETKIT_EXCEL_READER"] = before
    assert fast.findings == tolerant.findings
    assert fast.totals == tolerant.totals
    return fast


def found(path: Path, guidance) -> set[tuple[str, str]]:
    result = check_both(path, guidance)
    return {(f.code, f"{f.location.column or ''}{f.location.row or ''}") for f in result.findings}


def test_generated_workbook_reads_like_its_yaml(tmp_path, guidance):
    path = workbook_from_base(tmp_path, guidance)
    yaml_model = load(write_yaml(tmp_path, base_data(), "again.yaml"), guidance).model
    assert load(path, guidance).model == yaml_model
    assert found(path, guidance) == set()


def test_text_numbers_in_every_style(tmp_path, guidance):
    # Row 7 is KH-01 (after the title rows, header, column numbers and heading I); O is the estimate.
    path = workbook_from_base(tmp_path, guidance)
    expected = {"1.234,5": "1234.5", "1,234.5": "1234.5", "1,5": "1.5", "1.234": "1234", "1.5": "1.5", "450 triệu": "450"}
    for text, value in expected.items():
        edit(path, "Dự toán", {"O8": text})
        result = check_both(path, guidance)
        v004 = [f for f in result.findings if f.code == "V004"]
        assert len(v004) == 1 and v004[0].location.row == 8 and v004[0].location.column == "O", text
        assert str(load(path, guidance).model.lines[1].estimate) == value


def test_unreadable_amount_is_v003_only(tmp_path, guidance):
    path = edit(workbook_from_base(tmp_path, guidance), "Dự toán", {"O8": "sáu mươi"})
    codes = [f.code for f in check_both(path, guidance).findings if f.location.row == 8]
    assert codes == ["V003"]


def test_headers_any_order_case_and_line_breaks(tmp_path, guidance):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Đơn vị"
    for row, (label, value) in enumerate([("năm ngân sách", 2026), ("TÊN ĐƠN VỊ", "UBND xã A"), ("code", "3012345"), ("Cấp", "Xã")], 1):
        ws.cell(row=row, column=1, value=label)
        ws.cell(row=row, column=2, value=value)
    lines = wb.create_sheet("du toan")
    lines.append(["BẢNG DỰ TOÁN"])
    lines.append(["Đơn vị tính: Triệu đồng"])
    lines.append(["STT", "DỰ TOÁN\nNĂM 2026", "Loại  chi", "mã", "Tên nhiệm vụ, nội dung chi", "Lĩnh vực", "Tính chất", "category"])
    lines.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"])
    lines.append([1, 60, "TX", "KH-02", "Phổ biến kiến thức", "KH&CN", "Duy trì", "khcn_ho_tro"])
    path = tmp_path / "odd.xlsx"
    wb.save(path)
    result = check_both(path, guidance)
    model = load(path, guidance).model
    assert [line.id for line in model.lines] == ["KH-02"]
    assert str(model.lines[0].estimate) == "60"
    assert not [f for f in result.findings if f.code.startswith(("F", "V"))]


def test_last_years_template_is_f005_and_no_estimate(tmp_path, guidance):
    path = workbook_from_base(tmp_path, guidance)
    edit(
        path,
        "Dự toán",
        {
            "L4": "Lũy kế bố trí đến hết năm 2023",
            "M4": "Dự toán năm 2024",
            "N4": "Ước thực hiện năm 2024",
            "O4": "Dự toán năm 2025",
            "P4": "Nguồn khác năm 2025",
        },
    )
    result = check_both(path, guidance)
    f005 = sorted(f.location.column for f in result.findings if f.code == "F005")
    assert f005 == ["L", "M", "N", "P"]
    f003 = [f for f in result.findings if f.code == "F003"]
    assert len(f003) == 1 and "Dự toán năm 2026" in f003[0].message("vi")
    assert not [f for f in result.findings if f.code == "V001" and f.location.field == "estimate"]


def test_missing_sheet_lists_what_was_found(tmp_path, guidance):
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    path = tmp_path / "blank.xlsx"
    wb.save(path)
    result = check_both(path, guidance)
    assert [f.code for f in result.findings] == ["F002"]
    assert "Sheet1" in result.findings[0].message("vi") and result.unit is None


def test_unknown_column_is_a_warning_and_stt_is_ignored(tmp_path, guidance):
    path = edit(workbook_from_base(tmp_path, guidance), "Dự toán", {"U4": "Ghi chú", "V4": "STT"})
    result = check_both(path, guidance)
    f004 = [f for f in result.findings if f.code == "F004"]
    assert len(f004) == 1 and f004[0].severity == "warning" and f004[0].location.column == "U"


def test_formula_without_cached_value_is_f006_not_v001(tmp_path, guidance):
    path = edit(workbook_from_base(tmp_path, guidance), "Dự toán", {"O8": "=55+5"})
    result = check_both(path, guidance)
    at_row = [(f.code, f.location.column) for f in result.findings if f.location.row == 8]
    assert at_row == [("F006", "O")]


def test_totals_and_subtotals_are_checked(tmp_path, guidance):
    path = workbook_from_base(tmp_path, guidance)
    wb = openpyxl.load_workbook(path)
    ws = wb["Dự toán"]
    total_row = next(r[0].row for r in ws.iter_rows() if r[1].value == "Tổng cộng")
    ws[f"O{total_row}"] = 2200  # lines add up to 2205
    ws["O6"] = 510  # heading I. KH&CN: right
    wb.save(path)
    result = check_both(path, guidance)
    a004 = [(f.location.row, f.location.column) for f in result.findings if f.code == "A004"]
    assert a004 == [(total_row, "O")]
    edit(path, "Dự toán", {f"O{total_row}": 2205, "O6": 500})
    a004 = [(f.location.row, f.location.column) for f in check_both(path, guidance).findings if f.code == "A004"]
    assert a004 == [(6, "O")]


def test_row_with_amount_but_no_id_is_v001(tmp_path, guidance):
    path = workbook_from_base(tmp_path, guidance)
    wb = openpyxl.load_workbook(path)
    ws = wb["Dự toán"]
    ws.insert_rows(8)
    ws["O8"] = 99
    wb.save(path)
    result = check_both(path, guidance)
    assert ("V001", 8) in {(f.code, f.location.row) for f in result.findings}


def test_legacy_encoding_is_detected_and_converted(tmp_path, guidance):
    path = edit(workbook_from_base(tmp_path, guidance), "Dự toán", {"B8": "Sè hãa sæ hé tÞch cña x·"})
    result = check_both(path, guidance)
    f007 = [f for f in result.findings if f.code == "F007"]
    assert len(f007) == 1 and f007[0].location.column == "B" and "TCVN3" in f007[0].message("vi")
    assert load(path, guidance).model.lines[1].name == "Số hóa sổ hộ tịch của xã"


@pytest.mark.parametrize("name", sorted(p.name for p in PROVINCE.glob("*.xlsx")))
def test_fast_and_tolerant_readers_agree(name, guidance, monkeypatch):
    path = PROVINCE / name
    fast = check_file(path, guidance)
    monkeypatch.setenv("BUDGETKIT_EXCEL_READER", "openpyxl")
    tolerant = check_file(path, guidance)
    assert fast.findings == tolerant.findings
    assert fast.totals == tolerant.totals


def _corrupt_part(source: Path, target: Path, part: str, how: str) -> Path:
    """A copy of source whose part is damaged: a flipped byte of its deflated data, or a central directory
    that declares a smaller size than the part inflates to."""
    import struct
    import zipfile

    data = bytearray(source.read_bytes())
    info = zipfile.ZipFile(source).getinfo(part)
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    if how == "flip":
        data[start + info.compress_size // 2] ^= 0xFF
    else:  # the central directory entry's uncompressed size, 24 bytes into its record
        at = data.find(b"PK\x01\x02")
        while at != -1:
            length = struct.unpack("<H", data[at + 28 : at + 30])[0]
            if bytes(data[at + 46 : at + 46 + length]) == part.encode():
                data[at + 24 : at + 28] = struct.pack("<I", 100)
                break
            at = data.find(b"PK\x01\x02", at + 4)
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("how", ["flip", "lie"])
def test_a_damaged_part_is_f001_for_both_readers(tmp_path, guidance, how):
    path = _corrupt_part(PROVINCE / "chieng-mung.xlsx", tmp_path / "hong.xlsx", "xl/worksheets/sheet2.xml", how)
    before = path.read_bytes()
    for reader in ("calamine", "openpyxl"):
        os.environ["BUDGETKIT_EXCEL_READER"] = reader
        try:
            codes = [f.code for f in check_file(path, guidance).findings]
        finally:
            del os.environ["BUDGETKIT_EXCEL_READER"]
        assert codes == ["F001"], (reader, codes)
    assert path.read_bytes() == before
