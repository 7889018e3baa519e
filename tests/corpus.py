"""The hostile and broken corpus, generated (no opaque binaries are checked in).

make_corpus(folder) writes every file and returns {file name: expected} where expected is
("rejected", code) for a file refused with F001 or F008, or ("accepted", [codes...]) for a file read
with exactly those findings (in any order).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import shutil
import struct
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
CLEAN_XLSX = ROOT / "examples" / "son-la" / "chieng-mung.xlsx"
CLEAN_YAML = ROOT / "examples" / "chieng-mung.yaml"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/worksheets/sheet2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WB = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Đơn vị" sheetId="1" r:id="rId1"/><sheet name="Dự toán" sheetId="2" r:id="rId2"/></sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet2.xml"/>'
    "</Relationships>"
)
_SHEET = '<?xml version="1.0" encoding="UTF-8"?>{doctype}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _central_entries(data: bytes):  # type: ignore[no-untyped-def]
    """(offset, name) of every central directory record of a zip."""
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack("<H", data[at + 28 : at + 30])[0]
        yield at, bytes(data[at + 46 : at + 46 + length]).decode()
        at = data.find(b"PK\x01\x02", at + 4)


def _flag_encrypted(clean: bytes, part: str) -> bytes:
    """A workbook one of whose parts says it is encrypted (zip-level, not an Office password)."""
    data = bytearray(clean)
    for at, name in _central_entries(clean):
        if name == part:
            flags = struct.unpack("<H", data[at + 8 : at + 10])[0] | 0x1
            data[at + 8 : at + 10] = struct.pack("<H", flags)
    return bytes(data)


def _damage_part(clean: bytes, part: str) -> bytes:
    """A workbook one of whose parts has a damaged byte in its deflated data (a broken download)."""
    data = bytearray(clean)
    info = zipfile.ZipFile(io.BytesIO(clean)).getinfo(part)
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    data[info.header_offset + 30 + name_length + extra_length + info.compress_size // 2] ^= 0xFF
    return bytes(data)


def _minimal_xlsx(path: Path, lines_rows: str, doctype: str = "", unit_rows: str | None = None, big_part: int = 0) -> None:
    """A hand-made workbook: for the limits and XML attacks that office programs would refuse to save."""
    unit = (
        unit_rows
        if unit_rows is not None
        else (
            f'<row r="1">{_inline("A1", "Năm ngân sách")}<c r="B1"><v>2026</v></c></row>'
            f'<row r="2">{_inline("A2", "Tên đơn vị")}{_inline("B2", "UBND xã Thử")}</row>'
            f'<row r="3">{_inline("A3", "Mã ĐVQHNS")}{_inline("B3", "3000001")}</row>'
            f'<row r="4">{_inline("A4", "Cấp")}{_inline("B4", "Xã")}</row>'
        )
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WB)
        archive.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", _SHEET.format(doctype="", rows=unit))
        archive.writestr("xl/worksheets/sheet2.xml", _SHEET.format(doctype=doctype, rows=lines_rows))
        if big_part:
            with archive.open("xl/media/padding.bin", "w", force_zip64=True) as handle:
                block = b"\0" * (1 << 20)
                for _ in range(big_part):
                    handle.write(block)


def _rewrite_part(path: Path, part: str, edit) -> None:  # type: ignore[no-untyped-def]
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info, edit(content) if info.filename == part else content)


def _reprefix(path: Path) -> None:
    """The lines sheet's main namespace under the prefix x: (valid; some writers do it)."""
    _rewrite_part(
        path,
        "xl/worksheets/sheet2.xml",
        lambda b: (
            b.replace(b"<worksheet xmlns=", b"<x:worksheet xmlns:x=")
            .replace(b"</worksheet>", b"</x:worksheet>")
            .replace(b"<sheetData>", b"<x:sheetData>")
            .replace(b"</sheetData>", b"</x:sheetData>")
            .replace(b"<is>", b"<x:is>")
            .replace(b"</is>", b"</x:is>")
            .replace(b"<t>", b"<x:t>")
            .replace(b"</t>", b"</x:t>")
        ),
    )


_XF = '<xf numFmtId="0" fontId="0"/>'


def _add_part(path: Path, part: str, data: bytes) -> None:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(part, data)


def _many_sheets(path: Path, count: int) -> None:
    """A workbook of `count` tiny sheets (openpyxl would take half a minute to load it whole)."""
    sheets = "".join(f'<sheet name="T{n}" sheetId="{n + 1}" r:id="rId{n + 1}"/>' for n in range(count))
    rels = "".join(
        f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/s{n}.xml"/>'
        for n in range(count)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        two_sheets = '<sheet name="Đơn vị" sheetId="1" r:id="rId1"/><sheet name="Dự toán" sheetId="2" r:id="rId2"/>'
        archive.writestr("xl/workbook.xml", _WB.replace(two_sheets, sheets))
        archive.writestr("xl/_rels/workbook.xml.rels", _WB_RELS.split("<Relationship ")[0] + rels + "</Relationships>")
        for n in range(count):
            archive.writestr(f"xl/worksheets/s{n}.xml", _SHEET.format(doctype="", rows=""))


def _redimension(path: Path, ref: str) -> None:
    _rewrite_part(path, "xl/worksheets/sheet2.xml", lambda b: b.replace(b"<sheetData>", f'<dimension ref="{ref}"/><sheetData>'.encode(), 1))


_HEADINGS = ["Mã", "Tên nhiệm vụ, nội dung chi", "Lĩnh vực", "Loại chi", "Tính chất", "Nhóm nội dung", "Dự toán năm 2026"]
_HEADER = "".join(_inline(f"{c}1", h) for c, h in zip("ABCDEFG", _HEADINGS, strict=True))


def _edit_clean(path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    workbook = openpyxl.load_workbook(CLEAN_XLSX)
    edit(workbook)
    workbook.save(path)


# Refused only once hundreds of thousands of YAML nodes or lines have been read (seconds each, a sixth of the
# suite when every test sent them everywhere): test_hostile takes them through validate and batch; the web
# server's test, whose point is its HTTP answers, leaves them out.
AT_THE_LIMITS = frozenset({"200-nghin-dong-rong.yaml", "nut-yaml-qua-nhieu.yaml"})


def digests(folder: Path, names: Iterable[str]) -> dict[str, str]:
    """Each file's SHA-256: the corpus must come out of every test as it went in."""
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in names}


def check_outcome(record: dict[str, Any], outcome: tuple[str, object]) -> None:
    """A file's record of the JSON report gives the outcome the corpus expects of it."""
    codes = [f["code"] for f in record["findings"]]
    kind, due = outcome
    if kind == "rejected":
        assert codes == [due] and record["unit"] is None and record["status"] == "failed", codes
    else:
        assert Counter(codes) == Counter(due), codes  # type: ignore[arg-type]


def make_corpus(folder: Path) -> dict[str, tuple[str, object]]:
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, tuple[str, object]] = {}
    clean = CLEAN_XLSX.read_bytes()
    yaml_text = CLEAN_YAML.read_text(encoding="utf-8")

    def write(name: str, data: bytes, outcome: tuple[str, object]) -> None:
        (folder / name).write_bytes(data)
        expected[name] = outcome

    # --- rejected ---------------------------------------------------------------------------------
    write("rong.xlsx", b"", ("rejected", "F001"))
    write("cat-cut.xlsx", clean[: len(clean) // 3], ("rejected", "F001"))
    import xlwt

    book = xlwt.Workbook()
    book.add_sheet("Dự toán").write(0, 0, "Mã")
    buffer = io.BytesIO()
    book.save(buffer)
    write("excel-97.xls", buffer.getvalue(), ("rejected", "F001"))
    write("excel-97-doi-ten.xlsx", buffer.getvalue(), ("rejected", "F001"))
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table

    ods = OpenDocumentSpreadsheet()
    ods.spreadsheet.addElement(Table(name="Dự toán"))
    buffer = io.BytesIO()
    ods.write(buffer)
    write("libreoffice.ods", buffer.getvalue(), ("rejected", "F001"))
    write("libreoffice-doi-ten.xlsx", buffer.getvalue(), ("rejected", "F001"))
    write("bang.csv", "Mã,Tên,Dự toán\nKH-01,Đề tài,100\n".encode(), ("rejected", "F001"))
    write("bang-csv.xlsx", "Mã;Tên;Dự toán\nKH-01;Đề tài;100\n".encode(), ("rejected", "F001"))
    write("ban-scan.xlsx", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", ("rejected", "F001"))
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(clean)).encrypt("matkhau", encrypted)
    write("co-mat-khau.xlsx", encrypted.getvalue(), ("rejected", "F001"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hinh.jpg", b"\xff\xd8\xff")
    write("tep-nen.xlsx", buffer.getvalue(), ("rejected", "F001"))
    write("phan-ma-hoa.xlsx", _flag_encrypted(clean, "xl/styles.xml"), ("rejected", "F001"))
    write("phan-hong.xlsx", _damage_part(clean, "xl/worksheets/sheet2.xml"), ("rejected", "F001"))
    _minimal_xlsx(folder / "bom-zip.xlsx", f'<row r="1">{_HEADER}</row>', big_part=60)
    expected["bom-zip.xlsx"] = ("rejected", "F008")
    laughs = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(2, 10))
        + "]>"
    )
    _minimal_xlsx(folder / "xml-bom-thuc-the.xlsx", f'<row r="1">{_HEADER}</row><row r="2">{_inline("B2", "&lol9;")}</row>', doctype=laughs)
    expected["xml-bom-thuc-the.xlsx"] = ("rejected", "F001")
    external = '<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
    _minimal_xlsx(
        folder / "xml-thuc-the-ngoai.xlsx", f'<row r="1">{_HEADER}</row><row r="2">{_inline("B2", "&ext;")}</row>', doctype=external
    )
    expected["xml-thuc-the-ngoai.xlsx"] = ("rejected", "F001")
    rows = f'<row r="1">{_HEADER}</row>' + "".join(f'<row r="{n}"><c r="G{n}"><v>1</v></c></row>' for n in range(2, 100_003))
    _minimal_xlsx(folder / "qua-nhieu-dong.xlsx", rows)
    expected["qua-nhieu-dong.xlsx"] = ("rejected", "F008")
    # One cell far out: calamine would allocate the whole extent (52 GB at XFD99999) - refused before.
    _minimal_xlsx(folder / "o-xa-xfd99999.xlsx", f'<row r="1">{_HEADER}</row><row r="99999"><c r="XFD99999"><v>1</v></c></row>')
    expected["o-xa-xfd99999.xlsx"] = ("rejected", "F008")
    # The same under another namespace prefix, and with cells placed by position (no r=).
    prefixed = (
        f'<x:row r="1">{_HEADER.replace("<c ", "<x:c ").replace("</c>", "</x:c>")}</x:row>'
        '<x:row r="99999"><x:c r="XFD99999"><x:v>1</x:v></x:c></x:row>'
    )
    _minimal_xlsx(folder / "o-xa-tien-to.xlsx", prefixed)
    _reprefix(folder / "o-xa-tien-to.xlsx")
    expected["o-xa-tien-to.xlsx"] = ("rejected", "F008")
    _minimal_xlsx(
        folder / "o-xa-khong-dia-chi.xlsx",
        f'<row r="1">{_HEADER}</row><row>{"<c><v>1</v></c>" * 16384}</row><row r="99999"><c><v>1</v></c></row>',
    )
    expected["o-xa-khong-dia-chi.xlsx"] = ("rejected", "F008")
    # The far cell in a part the reader finds but a name-for-name look-up would not: two sheets named
    # "Dự toán" (the first one far out), and a relationship target spelled in other letter case.
    far = f'<row r="1">{_HEADER}</row><row r="99999"><c r="XFD99999"><v>1</v></c></row>'
    _minimal_xlsx(folder / "o-xa-trang-trung-ten.xlsx", far)
    _rewrite_part(
        folder / "o-xa-trang-trung-ten.xlsx",
        "xl/workbook.xml",
        lambda b: b.replace(
            '<sheet name="Đơn vị" sheetId="1" r:id="rId1"/><sheet name="Dự toán" sheetId="2" r:id="rId2"/>'.encode(),
            '<sheet name="Dự toán" sheetId="3" r:id="rId2"/><sheet name="Đơn vị" sheetId="1" r:id="rId1"/>'
            '<sheet name="Dự toán" sheetId="2" r:id="rId1"/>'.encode(),
        ),
    )
    expected["o-xa-trang-trung-ten.xlsx"] = ("rejected", "F008")
    _minimal_xlsx(folder / "o-xa-chu-hoa.xlsx", far)
    _rewrite_part(
        folder / "o-xa-chu-hoa.xlsx",
        "xl/_rels/workbook.xml.rels",
        lambda b: b.replace(b'Target="worksheets/sheet2.xml"', b'Target="Worksheets/Sheet2.xml"'),
    )
    expected["o-xa-chu-hoa.xlsx"] = ("rejected", "F008")
    _minimal_xlsx(folder / "kich-thuoc-gia.xlsx", f'<row r="1">{_HEADER}</row>')
    _redimension(folder / "kich-thuoc-gia.xlsx", "A1:XFD99999")
    expected["kich-thuoc-gia.xlsx"] = ("rejected", "F008")
    # A DTD after the first 4 KB (behind a comment).
    _minimal_xlsx(
        folder / "dtd-muon.xlsx",
        f'<row r="1">{_HEADER}</row>',
        doctype="<!-- " + "x" * 5000 + ' --><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
    )
    expected["dtd-muon.xlsx"] = ("rejected", "F001")
    # Unbounded work, refused within the budget (pack limits): merged ranges, sheets, styles, characters.
    _minimal_xlsx(folder / "o-gop-khong-lo.xlsx", f'<row r="1">{_HEADER}</row>')
    _rewrite_part(
        folder / "o-gop-khong-lo.xlsx",
        "xl/worksheets/sheet2.xml",
        lambda b: b.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A20:XFD99999"/></mergeCells>'),
    )
    expected["o-gop-khong-lo.xlsx"] = ("rejected", "F008")
    _many_sheets(folder / "muoi-nghin-trang.xlsx", 10_000)
    expected["muoi-nghin-trang.xlsx"] = ("rejected", "F008")
    _minimal_xlsx(folder / "bom-kieu.xlsx", f'<row r="1">{_HEADER}</row>')
    _add_part(
        folder / "bom-kieu.xlsx",
        "xl/styles.xml",
        (
            '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
            f'<cellXfs count="30000">{_XF * 30_000}</cellXfs></styleSheet>'
        ).encode(),
    )
    expected["bom-kieu.xlsx"] = ("rejected", "F008")
    long_text = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(40_000))  # incompressible: no zip-bomb ratio
    _minimal_xlsx(folder / "o-40-nghin-ky-tu.xlsx", f'<row r="1">{_HEADER}</row><row r="2">{_inline("B2", long_text)}</row>')
    expected["o-40-nghin-ky-tu.xlsx"] = ("rejected", "F008")
    write(
        "gia-tri-40-nghin-ky-tu.yaml",
        yaml_text.replace("name: Ủy ban nhân dân xã Chiềng Mung", "name: " + long_text, 1).encode(),
        ("rejected", "F008"),
    )
    write("200-nghin-dong-rong.yaml", ("budget_year: 2026\nunit: {name: A}\nlines:\n" + "- {}\n" * 200_000).encode(), ("rejected", "F008"))
    write(
        "nut-yaml-qua-nhieu.yaml",
        ("budget_year: 2026\nunit: {name: A}\nlines: []\nx: [" + "[]," * 600_000 + "]\n").encode(),
        ("rejected", "F008"),
    )
    # Not a workbook, whatever the name says: an honest guess.
    write("nen-gzip.xlsx", gzip.compress(clean), ("rejected", "F001"))
    write("tu-giai-nen.xlsx", b"MZ\x90\x00\x03" + b"\x00" * 59 + b"This program cannot be run in DOS mode" + clean, ("rejected", "F001"))
    write("yaml-doi-ten.xlsx", yaml_text.encode(), ("rejected", "F001"))
    write("utf32.yaml", yaml_text.encode("utf-32"), ("rejected", "F001"))
    write("utf32.xlsx", "Mã,Tên\n".encode("utf-32"), ("rejected", "F001"))
    write(
        "bom-bi-danh.yaml",
        (
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
        ).encode(),
        ("rejected", "F001"),
    )
    write("the-python.yaml", b"budget_year: !!python/object/apply:os.system ['touch /tmp/pwned']\n", ("rejected", "F001"))
    write("utf16.yaml", yaml_text.encode("utf-16"), ("rejected", "F001"))
    cp1258 = unicodedata.normalize("NFD", yaml_text)
    write("cp1258.yaml", cp1258.encode("cp1258", errors="replace"), ("rejected", "F001"))
    write("danh-sach.yaml", b"- budget_year: 2026\n- unit: {}\n", ("rejected", "F001"))
    write("long-qua-sau.yaml", ("budget_year: 2026\nunit: " + "{a: " * 60 + "1" + "}" * 60 + "\n").encode(), ("rejected", "F008"))
    write("ky-tu-nul.yaml", yaml_text.encode()[:200] + b"\x00\x00" + yaml_text.encode()[200:], ("rejected", "F001"))

    # --- accepted, with the findings due ----------------------------------------------------------
    write("co-bom.yaml", b"\xef\xbb\xbf" + yaml_text.encode(), ("accepted", []))
    xlsm = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(clean)) as source, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
            target.writestr(info, data)
        target.writestr("xl/vbaProject.bin", b'\xd0\xcf\x11\xe0 Sub AutoOpen(): Shell "calc" End Sub')
    write("co-macro.xlsm", xlsm.getvalue(), ("accepted", []))

    def hidden(workbook):  # type: ignore[no-untyped-def]
        workbook["Dự toán"].row_dimensions[8].hidden = True
        extra = workbook.create_sheet("Ghi chú ẩn")
        extra["A1"] = "không đọc"
        extra.sheet_state = "hidden"
        workbook["Thuyết minh"].sheet_state = "hidden"

    _edit_clean(folder / "an-dong-an-trang.xlsx", hidden)
    expected["an-dong-an-trang.xlsx"] = ("accepted", ["F010"])  # the hidden Thuyết minh is read, with a warning
    _edit_clean(folder / "o-gop-de-du-lieu.xlsx", lambda wb: wb["Dự toán"].merge_cells("B7:B8"))
    expected["o-gop-de-du-lieu.xlsx"] = ("accepted", ["V001"])
    write("chu-nfd.yaml", unicodedata.normalize("NFD", yaml_text).encode(), ("accepted", []))

    def legacy(workbook):  # type: ignore[no-untyped-def]
        workbook["Dự toán"]["B8"] = "Th«ng tin, phæ biÕn kiÕn thøc khoa häc"  # TCVN3 (ABC, .VnTime)
        workbook["Dự toán"]["G7"] = "Trung taâm Dòch vuï noâng nghieäp xaõ"  # VNI

    _edit_clean(folder / "bang-ma-cu.xlsx", legacy)
    expected["bang-ma-cu.xlsx"] = ("accepted", ["F007", "F007"])

    def text_numbers(workbook):  # type: ignore[no-untyped-def]
        ws = workbook["Dự toán"]
        for ref, text in (("O8", "60,0"), ("M8", "55"), ("N8", "1.234,5"), ("O13", "45 triệu"), ("M13", "40.0"), ("N13", "1,234.5")):
            ws[ref] = text
        ws["N8"] = "55,0"
        ws["N13"] = "40 trđ"

    _edit_clean(folder / "so-dang-chu.xlsx", text_numbers)
    expected["so-dang-chu.xlsx"] = ("accepted", ["V004"] * 6)

    def formulas(workbook):  # type: ignore[no-untyped-def]
        workbook["Dự toán"]["O8"] = "=50+10"
        workbook["Dự toán"]["O6"] = "=SUM(O7:O8)"

    _edit_clean(folder / "cong-thuc-chua-tinh.xlsx", formulas)
    expected["cong-thuc-chua-tinh.xlsx"] = ("accepted", ["F006", "F006"])

    def hidden_first(workbook):  # type: ignore[no-untyped-def]
        # A very hidden clean copy named like the lines sheet, placed first; the visible sheet has an error.
        decoy = workbook.copy_worksheet(workbook["Dự toán"])
        decoy.title = "DU TOAN"
        decoy.sheet_state = "veryHidden"
        workbook.move_sheet(decoy, offset=-workbook.index(decoy))
        workbook["Dự toán"]["O8"] = "khoảng 60"

    _edit_clean(folder / "trang-an-dat-truoc.xlsx", hidden_first)
    expected["trang-an-dat-truoc.xlsx"] = ("accepted", ["F010", "V003"])

    def error_cells(workbook):  # type: ignore[no-untyped-def]
        workbook["Dự toán"]["N8"] = "#REF!"  # openpyxl writes these as error cells (t="e")
        workbook["Dự toán"]["O6"] = "#DIV/0!"

    _edit_clean(folder / "o-loi-excel.xlsx", error_cells)
    expected["o-loi-excel.xlsx"] = ("accepted", ["V003", "V003"])

    def error_totals(workbook):  # type: ignore[no-untyped-def]
        ws = workbook["Dự toán"]  # prior-year columns of a line and of the "Tổng cộng" row (17)
        ws["M8"], ws["N13"], ws["M17"], ws["O17"] = "#REF!", "#VALUE!", "#DIV/0!", "#N/A"

    _edit_clean(folder / "o-loi-tong-cong.xlsx", error_totals)
    expected["o-loi-tong-cong.xlsx"] = ("accepted", ["V003"] * 4)
    # 10^28 exactly: no Decimal sum of 28 digits may meet it (V003 at its cell from 10^18 on); and 10^30.
    for name, digits in (("so-10-mu-28", 28), ("so-qua-lon", 30)):
        _edit_clean(folder / f"{name}.xlsx", lambda wb, big=float(10**digits): wb["Dự toán"].__setitem__("N8", big))
        expected[f"{name}.xlsx"] = ("accepted", ["V003"])
        huge = yaml_text.replace("prior_expected: 55", f"prior_expected: {10**digits}", 1)
        write(f"{name}.yaml", huge.encode(), ("accepted", ["V003"]))
    write(
        "khoa-trung.yaml",
        yaml_text.replace("prior_expected: 55", "prior_expected: 55\n    prior_expected: 99", 1).encode(),
        ("accepted", ["F009"]),
    )
    # Control and bidi characters (ESC clears a terminal; U+202E reverses a line; _x0001_ is a control
    # character in a cell comment): read, echoed escaped.
    _edit_clean(
        folder / "ky-tu-dieu-khien.xlsx",
        lambda wb: (
            wb["Dự toán"].__setitem__("N8", "PLACEHOLDER 12 [bold green]ĐẠT[/]"),
            wb["Đơn vị"].__setitem__("B3", "UBND PLACEHOLDER2 xã \u202eevil"),
        ),
    )
    for part in ("xl/sharedStrings.xml", *(f"xl/worksheets/sheet{n}.xml" for n in range(1, 6))):
        _rewrite_part(
            folder / "ky-tu-dieu-khien.xlsx",
            part,
            lambda b: b.replace(b"PLACEHOLDER2", "_x001B_[2J_x001B_[32mĐẠT_x001B_[0m".encode()).replace(b"PLACEHOLDER", b"_x0001_"),
        )
    expected["ky-tu-dieu-khien.xlsx"] = ("accepted", ["V003"])
    shutil.copy(CLEAN_XLSX, folder / "sach.xlsx")
    expected["sach.xlsx"] = ("accepted", [])
    return expected


if __name__ == "__main__":
    import sys

    for name, outcome in make_corpus(Path(sys.argv[1])).items():
        print(name, outcome)
