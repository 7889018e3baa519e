"""The Word report and the Excel tables: structure, one set of figures, drafts, determinism, safety."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from conftest import EXAMPLES, PROVINCE, base_data, run, write_yaml


def text_of(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_report_reads_as_an_official_report(tmp_path):
    out = tmp_path / "bao-cao.docx"
    done = run("report", str(PROVINCE / "chieng-mung.xlsx"), "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = text_of(out)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Kính gửi: Sở Khoa học và Công nghệ tỉnh Sơn La",
        "I. ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN NĂM 2025",
        "1. Kết quả thực hiện nhiệm vụ",
        "2. Tình hình giao dự toán và giải ngân",
        "3. Khó khăn, vướng mắc",
        "4. Nguyên nhân",
        "II. DỰ TOÁN NĂM 2026",
        "1. Căn cứ xây dựng dự toán",
        "3. Dự toán theo nội dung chi",
        "4. Nhiệm vụ chuyển tiếp",
        "5. Nhiệm vụ mở mới",
        "6. Chi thường xuyên hằng năm",
        "7. Gắn với nhiệm vụ ưu tiên",
        "8. Thuyết minh theo lĩnh vực",
        "III. KIẾN NGHỊ, ĐỀ XUẤT",
        "Nơi nhận:",
        "- Như trên;",
        "- UBND tỉnh Sơn La;",
        "- Lưu: VT, VP.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Cầm Văn Thanh",
        "Đơn vị tính: Triệu đồng",
        "2.205",
        "Số hóa sổ hộ tịch",
        "Chiềng Mung, ngày",
        "Số:        /BC-UBND",
        "ỦY BAN NHÂN DÂN\nXÃ CHIỀNG MUNG",
        "Thông tin, phổ biến kiến thức",
        "Duy trì an toàn thông tin mạng",
        "Ngoài ngân sách nhà nước, huy động nguồn khác",
        "Năm 2025 xã triển khai 02 nhiệm vụ",
    ):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    assert "UBND TỈNH" not in text and "Sơn La, ngày" not in text  # a commune has no governing body line; its place is itself
    assert "[cần bổ sung]" not in text
    document = Document(str(out))
    assert "./." in next(p.text for p in document.paragraphs if p.text.startswith("Đề nghị Sở"))
    orientations = [s.orientation for s in document.sections]
    assert len(orientations) == 3 and orientations[1] != orientations[0]  # tasks in a landscape section
    first = document.sections[0]
    assert round(first.page_width.cm, 1) == 21.0 and round(first.left_margin.cm, 1) == 3.0 and first.different_first_page_header_footer
    header_xml = first.header._element.xml
    assert "PAGE" in header_xml and "DỰ THẢO" not in header_xml


def test_one_set_of_figures(tmp_path, guidance):
    from budgetkit.checking import check_file

    result = check_file(PROVINCE / "chieng-mung.xlsx", guidance)
    out = tmp_path / "bieu.xlsx"
    assert run("report", str(PROVINCE / "chieng-mung.xlsx"), "-o", str(out)).returncode == 0
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Biểu 01", "Biểu 02", "Biểu 03", "Biểu 04", "Biểu 05", "Biểu 06"]
    ws = workbook["Biểu 01"]
    assert ws["B7"].value == "Tổng cộng" and ws["F7"].value.startswith("=SUM(")
    # Data rows are numbers: the pillar x spending estimates equal validate's totals.
    values = {}
    for row in ws.iter_rows(min_row=8, values_only=True):
        if row[0] in ("1", "2"):
            values[len(values)] = row[5]
    expected = [result.totals[p][s] for p in ("khcn", "dmst", "cds") for s in ("investment", "recurrent")]
    assert [values[i] for i in range(6)] == [int(v) for v in expected]
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$5:$6"
    assert ws["A4"].value is None and ws.cell(row=4, column=10).value == "Đơn vị tính: Triệu đồng"


def test_formulas_recompute_to_budgetkits_figures(tmp_path, guidance, libreoffice):
    out = tmp_path / "bieu.xlsx"
    assert run("report", str(PROVINCE / "so-khcn-son-la.xlsx"), "-o", str(out)).returncode == 0
    recalculated = tmp_path / "lo"
    libreoffice([out], "xlsx", recalculated)
    workbook = openpyxl.load_workbook(recalculated / "bieu.xlsx", data_only=True)
    from budgetkit.checking import check_file

    result = check_file(PROVINCE / "so-khcn-son-la.xlsx", guidance)
    assert workbook["Biểu 01"]["F7"].value == int(result.grand_total)
    assert workbook["Biểu 01"]["H7"].value == 1
    assert workbook["Biểu 05"]["D7"].value == int(result.grand_total)
    continuing = sum(int(v) for v in [700, 300, 3000])  # KH-01, KH-05, KH-04
    assert workbook["Biểu 02"]["J7"].value == continuing


def test_errors_refuse_the_report_unless_draft(tmp_path):
    out = tmp_path / "r.docx"
    done = run("report", str(PROVINCE / "chieng-sinh-loi.xlsx"), "-o", str(out))
    assert done.returncode == 1 and not out.exists() and "A001" in done.stderr
    done = run("report", str(PROVINCE / "chieng-sinh-loi.xlsx"), "-o", str(out), "--draft")
    assert done.returncode == 0
    document = Document(str(out))
    assert "DỰ THẢO" in document.sections[0].first_page_header._element.xml
    assert "DỰ THẢO" in document.sections[0].header._element.xml
    text = text_of(out)
    assert "PHỤ LỤC: CÁC LỖI CHƯA XỬ LÝ" in text and "A001" in text


def test_same_input_same_bytes(tmp_path):
    for suffix in (".docx", ".xlsx"):
        first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
        assert run("report", str(EXAMPLES / "chieng-mung.yaml"), "-o", str(first)).returncode == 0
        assert run("report", str(EXAMPLES / "chieng-mung.yaml"), "-o", str(second)).returncode == 0
        assert first.read_bytes() == second.read_bytes()


def test_consolidated_report_with_the_consolidating_body(tmp_path):
    unit = tmp_path / "so.yaml"
    unit.write_text(
        "budget_year: 2026\nunit:\n  name: Sở Khoa học và Công nghệ tỉnh Sơn La\n  code: '1056789'\n  level: department\n"
        "  parent: UBND tỉnh Sơn La\n  province: Sơn La\n  recipient: Bộ Khoa học và Công nghệ\n  approver: Hoàng Văn Đức\n"
        "  approver_title: Giám đốc\n",
        encoding="utf-8",
    )
    folder = tmp_path / "units"
    folder.mkdir()
    for name in ("chieng-mung.xlsx", "vien-ung-dung-cong-nghe.yaml"):
        shutil.copy((PROVINCE if name.endswith(".xlsx") else EXAMPLES) / name, folder / name)
    out = tmp_path / "tong-hop.docx"
    done = run("report", str(folder), "--unit", str(unit), "-o", str(out))
    assert done.returncode == 0, done.stderr
    text = text_of(out)
    assert "Kính gửi: Bộ Khoa học và Công nghệ" in text and "GIÁM ĐỐC" in text and "SỞ KHOA HỌC VÀ CÔNG NGHỆ\nTỈNH SƠN LA" in text
    assert "6.595" in text  # 2.205 + 4.390
    xlsx = tmp_path / "tong-hop.xlsx"
    assert run("report", str(folder), "--unit", str(unit), "-o", str(xlsx)).returncode == 0


def test_user_template(tmp_path):
    from docx import Document as New

    template = tmp_path / "mau.docx"
    document = New()
    document.add_paragraph("Đơn vị: {{ unit_name_plain }} - tổng {{ execution_total.estimate }}")
    document.save(template)
    out = tmp_path / "r.docx"
    assert run("report", str(EXAMPLES / "chieng-mung.yaml"), "-o", str(out), "--template", str(template)).returncode == 0
    assert "Đơn vị: Ủy ban nhân dân xã Chiềng Mung - tổng 2.205" in text_of(out)
    broken = tmp_path / "hong.docx"
    document = New()
    document.add_paragraph("{{ unclosed")
    document.save(broken)
    done = run("report", str(EXAMPLES / "chieng-mung.yaml"), "-o", str(out), "--template", str(broken))
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_input_text_never_becomes_a_formula(tmp_path, guidance):
    data = base_data()
    data["lines"][0]["name"] = '=HYPERLINK("http://x","bấm")'
    data["lines"][2]["name"] = "+cmd|' /C calc'!A0"
    data["lines"][2]["lead_agency"] = "@SUM(1)"
    source = write_yaml(tmp_path, data)
    for target in (tmp_path / "bieu.xlsx", tmp_path / "convert.xlsx"):
        args = ("report", str(source), "-o", str(target)) if target.name == "bieu.xlsx" else ("convert", str(source), str(target))
        assert run(*args).returncode == 0
        with zipfile.ZipFile(target) as archive:
            xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/"))
        assert "HYPERLINK" in xml and "<f>HYPERLINK" not in xml and "<f>+cmd" not in xml and "<f>@SUM" not in xml


def test_consolidation_leaves_out_failing_files_and_names_them(tmp_path):
    folder = tmp_path / "tinh"
    folder.mkdir()
    for name in ("chieng-mung.xlsx", "chieng-sinh-loi.xlsx", "vien-ung-dung-cong-nghe.xlsx"):
        shutil.copy(PROVINCE / name, folder / name)
    out = tmp_path / "tong-hop.docx"
    done = run(
        "report",
        str(folder),
        "--unit",
        str(EXAMPLES / "so-khcn-son-la.yaml"),
        "--roster",
        str(EXAMPLES / "son-la-danh-sach.yaml"),
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert "chieng-sinh-loi.xlsx" in done.stderr and "A001" in done.stderr
    text = text_of(out)
    assert "Tổng hợp theo đơn vị và theo cấp ngân sách" in text and "Báo cáo tổng hợp dự toán của 2 đơn vị" in text
    assert "3012345" in text and "1123456" in text and "Xã, phường" in text and "Đơn vị sự nghiệp" in text
    assert "Chưa tổng hợp do hồ sơ còn lỗi" in text and "(tệp chieng-sinh-loi.xlsx): còn 8 lỗi" in text
    assert "Đơn vị trong danh sách chưa gửi dự toán" in text and "UBND xã Chiềng Cơi (mã 3012347)" in text
    assert "6.595" in text and "DỰ THẢO" not in Document(str(out)).sections[0].first_page_header._element.xml
    # A unit's explanation only under the pillars where that unit has money (the institute has no investment
    # in CĐS, the commune no KH&CN investment).
    assert text.count("Lần đầu bố trí kinh phí ươm tạo khởi nghiệp") == 1
    # --draft keeps its meaning: every file, the errors in an appendix.
    draft = tmp_path / "du-thao.docx"
    assert run("report", str(folder), "--draft", "-o", str(draft)).returncode == 0
    text = text_of(draft)
    assert "Báo cáo tổng hợp dự toán của 3 đơn vị" in text and "PHỤ LỤC: CÁC LỖI CHƯA XỬ LÝ" in text


def test_consolidation_refuses_two_files_of_one_unit(tmp_path):
    folder = tmp_path / "tinh"
    folder.mkdir()
    shutil.copy(PROVINCE / "chieng-mung.xlsx", folder / "chieng-mung.xlsx")
    shutil.copy(PROVINCE / "chieng-mung.xlsx", folder / "chieng-mung-lan-2.xlsx")
    shutil.copy(EXAMPLES / "vien-ung-dung-cong-nghe.yaml", folder / "vien.yaml")
    out = tmp_path / "tong-hop.docx"
    done = run("report", str(folder), "-o", str(out))
    assert done.returncode == 0 and "X001" in done.stderr
    text = text_of(out)
    assert "Báo cáo tổng hợp dự toán của 1 đơn vị" in text and text.count("trùng mã ĐVQHNS với tệp khác") == 2
    alone = tmp_path / "chi-trung.docx"
    shutil.move(str(folder / "vien.yaml"), tmp_path / "vien.yaml")
    done = run("report", str(folder), "-o", str(alone))
    assert done.returncode == 1 and not alone.exists()


def test_report_document_fields_from_the_unit(tmp_path):
    source = tmp_path / "so.yaml"
    text = (EXAMPLES / "so-khcn-son-la.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  approver_title: Giám đốc\n", "  approver_title: Phó Giám đốc\n  signing_authority: KT. Giám đốc\n  place: Mộc Châu\n"
    )
    for key in ("prior_results", "prior_difficulties"):
        start = text.index(f"  {key}:")
        end = text.index("\n  prior_", start + 5)
        text = text[:start] + text[end + 1 :]
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "r.docx"
    done = run("report", str(source), "-o", str(out))
    assert done.returncode == 0 and "[cần bổ sung]" in done.stderr and "Kết quả thực hiện năm trước" in done.stderr
    body = text_of(out)
    assert "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" in body and "Mộc Châu, ngày" in body and "/BC-SKHCN" in body
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ\nTỈNH SƠN LA" in body and "UBND TỈNH SƠN LA" in body
    assert "- Như trên;\n- Bộ Khoa học và Công nghệ;\n- Sở Tài chính tỉnh Sơn La;\n- Lưu: VT, KHTC." in body
    assert body.count("[cần bổ sung]") == 2


def test_tables_workbook_carries_unit_signature_and_draft(tmp_path):
    from budgetkit.report.xlsx import MAX_WIDTH

    out = tmp_path / "bieu.xlsx"
    assert run("report", str(EXAMPLES / "chieng-mung.yaml"), "-o", str(out)).returncode == 0
    workbook = openpyxl.load_workbook(out)
    assert "Lỗi chưa xử lý" not in workbook.sheetnames
    for ws in workbook.worksheets:
        assert ws["A1"].value == "Đơn vị: Ủy ban nhân dân xã Chiềng Mung - Mã ĐVQHNS: 3012345", ws.title
        values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        assert "NGƯỜI LẬP BIỂU" in values and "TM. ỦY BAN NHÂN DÂN" in values and "Cầm Văn Thanh" in values and "Lò Thị Hương" in values
        assert any(v.startswith("Chiềng Mung, ngày") for v in values)
        dated = next(c for row in ws.iter_rows() for c in row if str(c.value).startswith("Chiềng Mung, ngày"))
        span = next(r for r in ws.merged_cells.ranges if dated.coordinate in r)
        room = sum(ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i in range(span.min_col, span.max_col + 1))
        assert room >= 38, (ws.title, room)  # the date line is not cut off (Biểu 05 had 29)
        assert "DỰ THẢO" not in " ".join(values) and not ws.oddHeader.center.text
        columns = [c.column_letter for c in ws[5] if c.value]
        widths = [ws.column_dimensions[c].width for c in columns]
        assert sum(widths) <= MAX_WIDTH and ws.page_setup.fitToWidth == 1
        formats = {
            c.number_format
            for row in ws.iter_rows(min_row=7)
            for c in row
            if isinstance(c.value, (int, float)) or str(c.value).startswith("=SUM")
        }
        assert not any(f.endswith(".###") for f in formats), (ws.title, formats)  # Excel would show "1.234," for a whole number
    draft = tmp_path / "du-thao.xlsx"
    assert run("report", str(PROVINCE / "chieng-sinh-loi.xlsx"), "--draft", "-o", str(draft)).returncode == 0
    workbook = openpyxl.load_workbook(draft)
    assert workbook.sheetnames[-1] == "Lỗi chưa xử lý"
    errors = [row[1] for row in workbook["Lỗi chưa xử lý"].iter_rows(min_row=4, values_only=True)]
    assert "A001" in errors and "P004" in errors
    for ws in workbook.worksheets[:-1]:
        assert ws.oddHeader.center.text == "DỰ THẢO" and ws["A2"].value.startswith("DỰ THẢO - "), ws.title
    # Biểu 05 takes Biểu 01's total of 2.275,5: a whole-number format would print 2.276.
    assert workbook["Biểu 05"]["D7"].value == "='Biểu 01'!F7" and workbook["Biểu 05"]["D7"].number_format == "#,##0.0##"


def pdf_font_sizes(pdf: Path) -> list[list[float]]:
    """The font sizes (Tf operators) LibreOffice wrote on each page of a PDF, scaling included: the size
    the reader sees. LibreOffice writes one compressed content stream per page."""
    import re
    import zlib

    pages = []
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", pdf.read_bytes(), re.S):
        try:
            content = zlib.decompress(stream.group(1))
        except zlib.error:
            continue  # an image or a font
        sizes = [float(size) for size in re.findall(rb"/F\d+ ([\d.]+) Tf", content)]
        if sizes:
            pages.append(sizes)
    return pages


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler is not installed")
def test_tables_print_at_nine_points_or_more_and_sign_with_their_table(tmp_path, libreoffice):
    """Printed (LibreOffice's PDF), every text of every Biểu is 9 pt or more (12 pt at 75%: LibreOffice
    writes 8.993), and the date, the signers' titles and names sit on one page with the note under the
    table: no page holds only the repeated heading and the signatures."""
    xa, tinh = tmp_path / "bieu-xa.xlsx", tmp_path / "bieu-tinh.xlsx"
    assert run("report", str(EXAMPLES / "chieng-mung.yaml"), "-o", str(xa)).returncode == 0
    consolidation = ("report", str(PROVINCE), "--unit", str(EXAMPLES / "so-khcn-son-la.yaml"), "--draft", "-o", str(tinh))
    assert run(*consolidation).returncode == 0
    libreoffice([xa, tinh], "pdf", tmp_path)
    for pdf, signer in ((tmp_path / "bieu-xa.pdf", "Cầm Văn Thanh"), (tmp_path / "bieu-tinh.pdf", "Hoàng Văn Đức")):
        sizes = pdf_font_sizes(pdf)
        assert len(sizes) >= 6 and min(min(page) for page in sizes) >= 8.99, (pdf.name, [min(page) for page in sizes])
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        pages = [page for page in text.split("\f") if page.strip()]
        assert len(pages) == len(sizes)
        signing = [page for page in pages if "NGƯỜI LẬP BIỂU" in page or signer in page or "ngày ..... tháng" in page]
        assert len(signing) >= 6, pdf.name  # one signature area per Biểu (01-06)
        for page in signing:
            assert "NGƯỜI LẬP BIỂU" in page and signer in page and "ngày ..... tháng" in page, (pdf.name, page[:300])
            assert "Căn cứ" in page or "Biểu tổng hợp" in page, (pdf.name, page[:300])


def test_page_breaks_keep_the_last_row_with_the_signatures():
    from budgetkit.report.xlsx import page_breaks

    heights = dict.fromkeys(range(1, 31), 20.0)  # rows 5-6 are the repeated heading
    assert page_breaks(heights, 1000, 40, tail=25) == []
    # 12 rows on page 1, 10 under the repeated heading on the next pages.
    assert page_breaks(heights, 240, 40, tail=25) == [12, 22]  # rows 23-30 fit on page 3
    # Rows 21-30 do not fit under rows 13-20: they start page 3 together (not rows 23-30 alone).
    assert page_breaks(heights, 240, 40, tail=21) == [12, 20]


def test_pack_2026_2_rows_columns_and_footnotes(tmp_path):
    """Biểu 01's "trong đó" rows and 30/6 column, Biểu 02's cumulative and remaining amounts, Biểu 06 by
    Loại - Khoản, and a footnote naming its article under every Biểu (Circular 56, Điều 22-23; Circular 130)."""
    out = tmp_path / "so.xlsx"
    assert run("report", str(EXAMPLES / "so-khcn-son-la.yaml"), "-o", str(out)).returncode == 0
    book = openpyxl.load_workbook(out)
    first = book["Biểu 01"]
    headers = [c.value for c in first[5]]
    assert headers[-1] == "Giải ngân đến 30/6/2025"
    rows = {r[1]: r for r in first.iter_rows(min_row=7, values_only=True) if r[1]}
    assert rows["- Phục vụ lĩnh vực y tế, dân số và gia đình"][5] == 300  # KH-05
    assert rows["- Phục vụ lĩnh vực giáo dục - đào tạo và dạy nghề"][5] == 0
    assert rows["- Thực hiện qua cơ chế quỹ"][5] == 950  # KH-02
    assert rows["- Nhiệm vụ chuyển từ lĩnh vực chi khác"][5] == 300
    ordered = [r for r in first.iter_rows(min_row=7, values_only=True) if r[1]]
    khcn = [r[1] for r in ordered].index("KHOA HỌC VÀ CÔNG NGHỆ")
    assert ordered[khcn + 2][1] == "Chi thường xuyên" and ordered[khcn + 2][9] == 540  # 420 (KH-01) + 120 (KH-05)
    assert "- Thực hiện qua cơ chế quỹ" not in str(first["C7"].value)  # memo rows are not added to the total
    second = book["Biểu 02"]
    head = [c.value for c in second[5]]
    kh01 = next(r for r in second.iter_rows(min_row=7, values_only=True) if r[1] and str(r[1]).startswith("Nghiên cứu chọn tạo"))
    assert kh01[head.index("Lũy kế đến hết năm 2025")] == 1700 and kh01[head.index("Số còn phải bố trí")] == 700
    sixth = book["Biểu 06"]
    codes = {r[1]: r for r in sixth.iter_rows(min_row=7, values_only=True) if r[1]}
    assert codes["100-104"][2] == "Nghiên cứu công nghệ chiến lược" and codes["100-104"][5] == 950
    for name in ("Biểu 01", "Biểu 02", "Biểu 03", "Biểu 04", "Biểu 05", "Biểu 06"):
        notes = [c.value for row in book[name].iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("Căn cứ:")]
        assert notes and ("Điều" in notes[0] or "mục" in notes[0]), name


def test_a_report_that_breaks_the_work_budget_is_refused_in_one_line_and_nothing_is_left(tmp_path, monkeypatch):
    """The document is rendered in an isolated worker within what the file's reading left of its CPU budget:
    a render that runs over is refused (exit 1, one line), writes nothing and leaves no temporary folder."""
    import tempfile

    import budgetkit.report.sources as sources

    def endless(*args, **kwargs):  # a render that never ends (stops after 5 s of CPU, to fail rather than hang)
        import time

        start = time.process_time()
        while time.process_time() - start < 5:
            pass
        raise RuntimeError("the report was rendered without a CPU limit")

    monkeypatch.setattr(sources, "write_output", endless)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    override = tmp_path / "gioi-han.yaml"
    override.write_text("limits:\n  cpu_seconds: 1\n", encoding="utf-8")
    output = tmp_path / "bao-cao.docx"
    done = run("report", EXAMPLES / "chieng-mung.yaml", "-o", output, "--guidance", override)
    assert done.returncode == 1 and not output.exists(), done.stderr
    assert "Không lập được báo cáo: việc đọc tệp và lập báo cáo cần quá 1 giây" in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("budgetkit-report-")]
