"""Build the default Word template of the explanatory report (docxtpl: Jinja2 inside a real .docx).

Run: python templates/build_report_template.py
It writes budgetkit/report/templates/bao-cao-thuyet-minh.docx, which ships in the package. A user can
open that file in Word, change wording or layout, keep the {{ ... }} and {%... %} tags, and pass it back
with `budgetkit report --template`. The layout follows Decree 30/2020/NĐ-CP (see docs/report.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "budgetkit" / "report" / "templates" / "bao-cao-thuyet-minh.docx"
FONT = "Times New Roman"


def set_font(run, size: float, bold: bool = False, italic: bool = False, underline: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def para(
    container,
    text: str = "",
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    before: float = 6,
    after: float = 6,
    keep: bool = False,
):
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.15
    if indent:
        fmt.first_line_indent = Cm(1)
    if keep:
        fmt.keep_with_next = True
    if text:
        set_font(p.add_run(text), size, bold, italic)
    return p


def rule(container, left_cm: float, right_cm: float):
    """A short horizontal rule: an empty paragraph with a bottom border between indents."""
    p = container.add_paragraph()
    p.paragraph_format.left_indent, p.paragraph_format.right_indent = Cm(left_cm), Cm(right_cm)
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(2)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    p._p.get_or_add_pPr().append(border)
    return p


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def cell_para(cell, text: str, size: float, bold: bool = False, italic: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER, first: bool = True):
    p = cell.paragraphs[0] if first and not cell.paragraphs[0].text else cell.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0.5)
    p.paragraph_format.line_spacing = 1.0
    if text:
        set_font(p.add_run(text), size, bold, italic)
    return p


def page_field(paragraph) -> None:
    run = paragraph.add_run()
    set_font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


PORTRAIT_TEXT_CM = 21.0 - 3.0 - 1.5
LANDSCAPE_TEXT_CM = 29.7 - 2.0 - 2.0


TBL_PR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
)


def fix_layout(table, widths: list[float]) -> None:
    """Widths Word and LibreOffice both keep: a fixed layout, the grid and the table width in twips, and
    rows that never split across pages (Decree 30 tables read row by row). tblPr's children stay in the
    schema's order (Word refuses a file otherwise)."""
    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout", "w:tblCellMar"):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(sum(widths) * 567)))
    width.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "57")  # 1 mm: narrow columns keep their words whole
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    children = [*list(tbl_pr), width, layout, margins]
    for child in list(tbl_pr):
        tbl_pr.remove(child)
    for child in sorted(children, key=lambda c: TBL_PR_ORDER.index(c.tag.split("}")[1])):
        tbl_pr.append(child)
    for col, value in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(round(value * 567)))
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.insert(0, OxmlElement("w:cantSplit"))
        for cell, value in zip(row.cells, widths, strict=False):
            cell.width = Cm(value)


def data_table(
    doc,
    headers: list[tuple[str, float]],
    row_var: str,
    cells: list[tuple[str, str]],
    total: list[str] | None = None,
    size: float = 12,
    spacer: bool = True,
):
    """A bordered table: header row, (1) (2) ... row, a looped row, an optional total row. spacer=False for
    the last table of a section: the section break's own 1 pt paragraph follows it, and a spacer there could
    be pushed alone onto a page of its own when the table ends at the foot of a page."""
    table = doc.add_table(rows=0, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for index, (_, width) in enumerate(headers):
        table.columns[index].width = Cm(width)
    header = table.add_row()
    numbers = table.add_row()
    for index, (text, width) in enumerate(headers):
        for row in (header, numbers):
            row.cells[index].width = Cm(width)
        cell_para(header.cells[index], text, size, bold=True)
        cell_para(numbers.cells[index], f"({index + 1})", size - 1, italic=True)
    for row in (header, numbers):
        tr_pr = row._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        tr_pr.append(repeat)
    if total:
        total_row = table.add_row()
        for index, text in enumerate(total):
            cell_para(
                total_row.cells[index],
                text,
                size,
                bold=True,
                align=WD_ALIGN_PARAGRAPH.RIGHT
                if index and text.startswith("{{")
                else WD_ALIGN_PARAGRAPH.CENTER
                if not index
                else WD_ALIGN_PARAGRAPH.LEFT,
            )
    start = table.add_row()
    cell_para(start.cells[0], f"{{%tr for r in {row_var} %}}", size)
    body = table.add_row()
    for index, (text, kind) in enumerate(cells):
        align = {"num": WD_ALIGN_PARAGRAPH.RIGHT, "text": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER}[kind]
        cell_para(body.cells[index], text, size, align=align)
    for row in table.rows:
        for index, (_, width) in enumerate(headers):
            row.cells[index].width = Cm(width)
    end = table.add_row()
    cell_para(end.cells[0], "{%tr endfor %}", size)
    fix_layout(table, [w for _, w in headers])
    keep_together(table)
    # A small paragraph that does not keep with the next one ends the chain, so a table is kept with its
    # own heading but not with the following section. Its mark is 6 pt (an empty paragraph has no run: the
    # mark's own size is its height).
    if spacer:
        mark_size(para(doc, "", before=0, after=0), 6)
    return table


def mark_size(paragraph, size: float) -> None:
    """The size of a paragraph's mark, which is the height of an empty paragraph."""
    p_pr = paragraph._p.get_or_add_pPr()
    mark = p_pr.find(qn("w:rPr"))
    if mark is None:
        mark = OxmlElement("w:rPr")
        p_pr.append(mark)
    for old in mark.findall(qn("w:sz")):
        mark.remove(old)
    value = OxmlElement("w:sz")
    value.set(qn("w:val"), str(round(size * 2)))
    mark.append(value)


def keep_together(table) -> None:
    """Every row's paragraphs "keep with next": a table that fits on one page is moved whole to the next
    page instead of leaving its last rows alone on a page (a longer table still breaks, between rows)."""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def unit_line(doc) -> None:
    para(doc, "Đơn vị tính: Triệu đồng", 12, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT, before=0, after=2, keep=True)


def set_page(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Cm(29.7), Cm(21.0)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin, section.right_margin = (Cm(2.0), Cm(2.0)) if landscape else (Cm(3.0), Cm(1.5))
    section.header_distance = Cm(1.0)


def set_language(doc, tag: str = "vi-VN") -> None:
    """Proofing language of every run (the document defaults and the Normal style): Word checks Vietnamese."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for element in (r_pr, doc.styles["Normal"].element.get_or_add_rPr()):
        for old in element.findall(qn("w:lang")):
            element.remove(old)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
        lang.set(qn("w:bidi"), "ar-SA")
        element.append(lang)


def section_break(doc):
    """A new section on a new page. The paragraph that carries the break is made 1 pt high with no spacing:
    a full-height empty paragraph that does not fit at the bottom of a full page would make a blank page."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    carrier = [p for p in doc.element.body.iterchildren(qn("w:p")) if p.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None][-1]
    p_pr = carrier.find(qn("w:pPr"))
    spacing = OxmlElement("w:spacing")
    for key, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "20"), ("w:lineRule", "exact")):
        spacing.set(qn(key), value)
    p_pr.insert(0, spacing)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    p_pr.insert(p_pr.index(p_pr.find(qn("w:sectPr"))), mark)
    return section


def heading(doc, text: str) -> None:
    para(doc, text, bold=True, keep=True)


def texts(doc, var: str, prefix: str = "") -> None:
    """One indented paragraph per text of a list variable."""
    para(doc, f"{{%p for t in {var} %}}", after=0)
    para(doc, prefix + "{{ t }}", indent=True)
    para(doc, "{%p endfor %}", after=0)


def build(target: Path = TARGET) -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    set_language(doc)
    section = doc.sections[0]
    set_page(section, landscape=False)
    section.different_first_page_header_footer = True
    # Header of page 1: only the draft stamp. Pages 2+: the draft stamp and the page number, centred.
    first = section.first_page_header.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(first.add_run("{% if draft %}DỰ THẢO{% endif %}"), 14, bold=True)
    other = section.header.paragraphs[0]
    other.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(other.add_run("{% if draft %}DỰ THẢO - {% endif %}"), 13, bold=True)
    page_field(other)

    # The header block: a borderless table of two columns and two rows. The left column is sized for a
    # long name in 13 pt capitals; the context breaks the name into lines (the letterhead unit field).
    head = doc.add_table(rows=2, cols=2)
    no_borders(head)
    head.autofit = False
    # Decree 30/2020, Appendix I: the body's name and the national title 12-13 pt, the motto 13-14 pt, the
    # place and date 13-14 pt italic. 12 pt capitals keep "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on one line.
    left, right = head.rows[0].cells
    cell_para(left, "{%p for l in parent_lines %}", 12)
    cell_para(left, "{{ l }}", 12, first=False)
    cell_para(left, "{%p endfor %}", 12, first=False)
    cell_para(left, "{%p for l in letterhead %}", 12, bold=True, first=False)
    cell_para(left, "{{ l }}", 12, bold=True, first=False)
    cell_para(left, "{%p endfor %}", 12, bold=True, first=False)
    rule(left, 2.3, 2.3)
    cell_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    cell_para(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True, first=False)
    rule(right, 2.6, 2.6)
    cell_para(head.rows[1].cells[0], "{{ number_line }}", 13)
    cell_para(head.rows[1].cells[1], "{{ date_line }}", 13, italic=True)
    fix_layout(head, [7.0, 9.5])

    para(doc, "BÁO CÁO", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=0)
    para(
        doc,
        "Thuyết minh dự toán ngân sách khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm {{ year }}",
        14,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=0,
        after=0,
    )
    rule(doc, 6.0, 6.0)
    para(doc, "Kính gửi: {{ recipient }}", 14, align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=12)
    para(
        doc,
        "Thực hiện {{ guidance_title }}, {{ unit_name_plain }} báo cáo thuyết minh dự toán ngân sách khoa học, công nghệ, "
        "đổi mới sáng tạo và chuyển đổi số năm {{ year }} như sau:",
        indent=True,
    )

    heading(doc, "I. ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN NĂM {{ prior_year }}")
    heading(doc, "1. Kết quả thực hiện nhiệm vụ")
    texts(doc, "assessment.results")
    para(doc, "{%p for e in own_explanations %}", after=0)
    para(doc, "- {{ e.name }}: {{ e.text }}", indent=True)
    para(doc, "{%p endfor %}", after=0)
    heading(doc, "2. Tình hình giao dự toán và giải ngân")
    para(doc, "{{ execution_sentence }}", indent=True, keep=True)
    unit_line(doc)
    data_table(
        doc,
        [("Nội dung", 7.0), ("Dự toán năm {{ prior_year }}", 3.2), ("Ước thực hiện năm {{ prior_year }}", 3.3), ("Tỷ lệ thực hiện", 2.8)],
        "execution_rows",
        [("{{r r.label_rt }}", "text"), ("{{ r.prior }}", "num"), ("{{ r.expected }}", "num"), ("{{ r.rate }}", "num")],
        ["TỔNG CỘNG", "{{ execution_total.prior }}", "{{ execution_total.expected }}", "{{ execution_total.rate }}"],
    )
    texts(doc, "assessment.disbursement")
    heading(doc, "3. Khó khăn, vướng mắc")
    texts(doc, "assessment.difficulties")
    heading(doc, "4. Nguyên nhân")
    texts(doc, "assessment.causes")

    heading(doc, "II. DỰ TOÁN NĂM {{ year }}")
    heading(doc, "{{ n.bases }}. Căn cứ xây dựng dự toán")
    para(doc, "{%p for b in legal_bases %}", after=0)
    para(doc, "- {{ b }}", indent=True, before=0, after=3)
    para(doc, "{%p endfor %}", after=0)
    heading(doc, "{{ n.summary }}. Tổng hợp dự toán")
    para(doc, "{{ summary_sentence }}", indent=True)
    texts(doc, "general_explanations")
    unit_line(doc)
    data_table(
        doc,
        [
            ("Lĩnh vực, loại chi", 5.9),
            ("Dự toán năm {{ prior_year }}", 2.8),
            ("Dự toán năm {{ year }}", 2.8),
            ("So sánh (%)", 2.5),
            ("Tỷ trọng (%)", 2.5),
        ],
        "summary_rows",
        [
            ("{{r r.label_rt }}", "text"),
            ("{{ r.prior }}", "num"),
            ("{{ r.estimate }}", "num"),
            ("{{ r.change }}", "num"),
            ("{{ r.share }}", "num"),
        ],
        [
            "TỔNG CỘNG",
            "{{ execution_total.prior }}",
            "{{ execution_total.estimate }}",
            "{{ execution_total.change }}",
            "{{ execution_total.share }}",
        ],
    )

    heading(doc, "{{ n.category }}. Dự toán theo nội dung chi")
    para(
        doc,
        "Toàn bộ dự toán năm {{ year }} theo nhóm nội dung chi của hướng dẫn, "
        "gồm cả nhiệm vụ chuyển tiếp, mở mới và chi thường xuyên hằng năm:",
        indent=True,
        keep=True,
    )
    unit_line(doc)
    data_table(
        doc,
        [
            ("Nội dung chi", 6.9),
            ("Số dòng", 1.5),
            ("Chi đầu tư phát triển", 2.3),
            ("Chi thường xuyên", 2.3),
            ("Cộng", 2.0),
            ("Tỷ trọng (%)", 1.5),
        ],
        "category_rows",
        [
            ("{{r r.label_rt }}", "text"),
            ("{{ r.count }}", "center"),
            ("{{ r.investment }}", "num"),
            ("{{ r.recurrent }}", "num"),
            ("{{ r.total }}", "num"),
            ("{{ r.share }}", "num"),
        ],
        [
            "TỔNG CỘNG",
            "{{ category_total.count }}",
            "{{ category_total.investment }}",
            "{{ category_total.recurrent }}",
            "{{ category_total.total }}",
            "{{ category_total.share }}",
        ],
        size=11,
    )

    para(doc, "{%p if consolidated %}", after=0)
    heading(doc, "{{ n.units }}. Tổng hợp theo đơn vị và theo cấp ngân sách")
    para(doc, "{{ units_sentence }}", indent=True, keep=True)
    unit_line(doc)
    data_table(
        doc,
        [
            ("STT", 1.0),
            ("Đơn vị", 5.2),
            ("Mã ĐVQHNS", 2.0),
            ("Cấp", 2.2),
            ("Dự toán năm {{ prior_year }}", 2.2),
            ("Dự toán năm {{ year }}", 2.2),
            ("Tỷ trọng (%)", 1.7),
        ],
        "unit_rows",
        [
            ("{{ r.no }}", "center"),
            ("{{ r.name }}", "text"),
            ("{{ r.code }}", "center"),
            ("{{ r.level }}", "text"),
            ("{{ r.prior }}", "num"),
            ("{{ r.estimate }}", "num"),
            ("{{ r.share }}", "num"),
        ],
        ["", "TỔNG CỘNG", "", "", "{{ unit_totals.prior }}", "{{ unit_totals.estimate }}", "{{ unit_totals.share }}"],
        size=11,
    )
    para(doc, "Theo cấp ngân sách:", indent=True, keep=True)
    data_table(
        doc,
        [("Cấp", 5.5), ("Số đơn vị", 2.2), ("Dự toán năm {{ prior_year }}", 3.0), ("Dự toán năm {{ year }}", 3.0), ("Tỷ trọng (%)", 2.8)],
        "level_rows",
        [
            ("{{ r.label }}", "text"),
            ("{{ r.count }}", "center"),
            ("{{ r.prior }}", "num"),
            ("{{ r.estimate }}", "num"),
            ("{{ r.share }}", "num"),
        ],
        ["TỔNG CỘNG", "{{ unit_totals.count }}", "{{ unit_totals.prior }}", "{{ unit_totals.estimate }}", "{{ unit_totals.share }}"],
        size=11,
    )
    para(doc, "{%p if left_out %}", after=0)
    para(doc, "Chưa tổng hợp do hồ sơ còn lỗi (đơn vị cần sửa và gửi lại):", indent=True, keep=True)
    texts(doc, "left_out")
    para(doc, "{%p endif %}", after=0)
    para(doc, "{%p if not_submitted %}", after=0)
    para(doc, "Đơn vị trong danh sách chưa gửi dự toán:", indent=True, keep=True)
    texts(doc, "not_submitted")
    para(doc, "{%p endif %}", after=0)
    para(doc, "{%p endif %}", after=0)

    # Task tables are wide: a landscape section. Widths add up to the 25.7 cm text area.
    wide = section_break(doc)
    set_page(wide, landscape=True)
    wide.different_first_page_header_footer = False
    task_headers = [
        ("STT", 1.0),
        ("Tên nhiệm vụ", 5.3),
        ("Đơn vị chủ trì", 3.0),
        ("Thời gian", 1.7),
        ("Quyết định phê duyệt", 3.4),
        ("Tổng kinh phí được duyệt", 2.2),
        ("Dự toán năm {{ year }}", 2.1),
        ("Nguồn khác", 1.9),
        ("Chỉ tiêu, sản phẩm", 3.2),
        ("Ưu tiên", 1.9),
    ]
    task_cells = [
        ("{{ r.no }}", "center"),
        ("{{ r.name }}", "text"),
        ("{{ r.lead }}", "text"),
        ("{{ r.period }}", "center"),
        ("{{ r.approval }}", "text"),
        ("{{ r.approved_total }}", "num"),
        ("{{ r.estimate }}", "num"),
        ("{{ r.other }}", "num"),
        ("{{ r.indicators }}", "text"),
        ("{{ r.priorities }}", "center"),
    ]
    # Continuing tasks also show "Lũy kế đến hết năm N-1" and "Số còn phải bố trí" (Circular 56/2025/TT-BTC, Điều 22).
    continuing_headers = [
        ("STT", 1.0),
        ("Tên nhiệm vụ", 4.3),
        ("Đơn vị chủ trì", 2.4),
        ("Thời gian", 1.5),
        ("Quyết định phê duyệt", 2.6),
        ("Tổng kinh phí được duyệt", 2.0),
        ("Lũy kế đến hết năm {{ prior_year }}", 2.0),
        ("Số còn phải bố trí", 2.0),
        ("Dự toán năm {{ year }}", 2.0),
        ("Nguồn khác", 1.6),
        ("Chỉ tiêu, sản phẩm", 2.5),
        ("Ưu tiên", 1.8),
    ]
    continuing_cells = [*task_cells[:6], ("{{ r.cumulative }}", "num"), ("{{ r.remaining }}", "num"), *task_cells[6:]]
    for key, title, var, total, other in (
        ("continuing", "Nhiệm vụ chuyển tiếp", "continuing", "continuing_total", "continuing_other"),
        ("new", "Nhiệm vụ mở mới", "new", "new_total", "new_other"),
    ):
        heading(doc, f"{{{{ n.{key} }}}}. {title}")
        para(doc, f"{{%p if {var} %}}", after=0)
        unit_line(doc)
        if key == "continuing":
            data_table(
                doc,
                continuing_headers,
                var,
                continuing_cells,
                ["", "TỔNG CỘNG", "", "", "", "", "", "", f"{{{{ {total} }}}}", f"{{{{ {other} }}}}", "", ""],
                size=11,
            )
        else:
            data_table(
                doc,
                task_headers,
                var,
                task_cells,
                ["", "TỔNG CỘNG", "", "", "", "", f"{{{{ {total} }}}}", f"{{{{ {other} }}}}", "", ""],
                size=11,
            )
        para(doc, "{%p else %}", after=0)
        para(doc, f"Không có {title.lower()}.", indent=True)
        para(doc, "{%p endif %}", after=0)
    heading(doc, "{{ n.recurring }}. Chi thường xuyên hằng năm (duy trì hoạt động)")
    para(doc, "{%p if recurring %}", after=0)
    unit_line(doc)
    data_table(
        doc,
        [
            ("STT", 1.0),
            ("Nội dung chi", 6.4),
            ("Nhóm nội dung", 3.4),
            ("Lĩnh vực", 1.9),
            ("Loại chi", 1.5),
            ("Dự toán năm {{ prior_year }}", 2.2),
            ("Dự toán năm {{ year }}", 2.2),
            ("Nguồn khác", 1.9),
            ("Thuyết minh", 5.2),
        ],
        "recurring",
        [
            ("{{ r.no }}", "center"),
            ("{{ r.name }}", "text"),
            ("{{ r.category }}", "text"),
            ("{{ r.pillar }}", "center"),
            ("{{ r.spending }}", "center"),
            ("{{ r.prior }}", "num"),
            ("{{ r.estimate }}", "num"),
            ("{{ r.other }}", "num"),
            ("{{ r.explanation }}", "text"),
        ],
        ["", "TỔNG CỘNG", "", "", "", "{{ recurring_prior }}", "{{ recurring_total }}", "{{ recurring_other }}", ""],
        size=11,
        spacer=False,
    )
    para(doc, "{%p else %}", after=0)
    para(doc, "Không có khoản chi thường xuyên hằng năm.", indent=True)
    para(doc, "{%p endif %}", after=0)

    back = section_break(doc)
    set_page(back, landscape=False)
    back.different_first_page_header_footer = False
    heading(doc, "{{ n.priorities }}. Gắn với nhiệm vụ ưu tiên")
    para(doc, "{{ priority_sentence }}", indent=True)
    unit_line(doc)
    data_table(
        doc,
        [("Mã", 2.3), ("Nhiệm vụ ưu tiên", 9.2), ("Dự toán năm {{ year }}", 2.8), ("Tỷ trọng (%)", 2.2)],
        "priorities",
        [("{{ r.code }}", "center"), ("{{ r.title }}", "text"), ("{{ r.amount }}", "num"), ("{{ r.share }}", "num")],
    )
    heading(doc, "{{ n.groups }}. Thuyết minh theo lĩnh vực")
    para(doc, "{%p for g in groups %}", after=0)
    para(doc, "{{ loop.index }}) {{ g.title }}. {{ g.figures }}", indent=True, italic=True)
    para(doc, "{%p for t in g.texts %}", after=0)
    para(doc, "{{ t }}", indent=True)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "{%p endfor %}", after=0)
    heading(doc, "III. KIẾN NGHỊ, ĐỀ XUẤT")
    para(doc, "{{ proposals }}", indent=True)

    closing = doc.add_table(rows=1, cols=2)
    no_borders(closing)
    closing.autofit = False
    left, right = closing.rows[0].cells
    cell_para(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_para(left, "{%p for r in recipients %}", 11, align=WD_ALIGN_PARAGRAPH.LEFT, first=False)
    cell_para(left, "{{ r }}", 11, align=WD_ALIGN_PARAGRAPH.LEFT, first=False)
    cell_para(left, "{%p endfor %}", 11, align=WD_ALIGN_PARAGRAPH.LEFT, first=False)
    cell_para(right, "{%p if signing_authority %}", 14)
    cell_para(right, "{{ signing_authority }}", 14, bold=True, first=False)
    cell_para(right, "{%p endif %}", 14, first=False)
    cell_para(right, "{{ signer_title }}", 14, bold=True, first=False)
    for _ in range(4):
        cell_para(right, "", 14, first=False)
    cell_para(right, "{{ signer }}", 14, bold=True, first=False)
    fix_layout(closing, [7.5, 9.0])

    para(doc, "{%p if draft and open_errors %}", after=0)
    p = para(doc, "", after=0)
    p.add_run().add_break(WD_BREAK.PAGE)
    para(doc, "PHỤ LỤC: CÁC LỖI CHƯA XỬ LÝ (BẢN DỰ THẢO)", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    data_table(
        doc,
        [("Tệp", 4.0), ("Mã", 1.6), ("Vị trí", 3.4), ("Nội dung", 7.5)],
        "open_errors",
        [("{{ r.file }}", "text"), ("{{ r.code }}", "center"), ("{{ r.where }}", "text"), ("{{ r.message }}", "text")],
        size=11,
    )
    para(doc, "{%p endif %}", after=0)

    # report --draft --previous PREV: the changes since the last round (budgetkit/outputs/rounds_out.py).
    para(doc, "{%p if draft and previous_changes %}", after=0)
    p = para(doc, "", after=0)
    p.add_run().add_break(WD_BREAK.PAGE)
    para(doc, "PHỤ LỤC: NHỮNG THAY ĐỔI SO VỚI LẦN NỘP TRƯỚC (BẢN DỰ THẢO)", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    data_table(
        doc,
        [("Đơn vị", 4.5), ("Mã dòng", 2.0), ("Thay đổi", 10.0)],
        "previous_changes",
        [("{{ r.unit }}", "text"), ("{{ r.line }}", "center"), ("{{ r.change }}", "text")],
        size=11,
    )
    para(doc, "{%p endif %}", after=0)

    props = doc.core_properties
    props.author = props.last_modified_by = "budgetkit"
    props.title = "Báo cáo thuyết minh dự toán"
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(target)
    print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
