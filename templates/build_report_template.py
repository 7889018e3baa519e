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


def para(container, text: str = "", size: float = 14, bold: bool = False, italic: bool = False, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
         indent: bool = False, before: float = 6, after: float = 6, keep: bool = False):
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
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(1)
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


def data_table(doc, headers: list[tuple[str, float]], row_var: str, cells: list[tuple[str, str]], total: list[str] | None = None, size: float = 12):
    """A bordered table: header row, (1) (2) ... row, a looped row, an optional total row."""
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
            cell_para(total_row.cells[index], text, size, bold=True,
                      align=WD_ALIGN_PARAGRAPH.RIGHT if index and text.startswith("{{") else WD_ALIGN_PARAGRAPH.CENTER if not index else WD_ALIGN_PARAGRAPH.LEFT)
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
    return table


def unit_line(doc) -> None:
    para(doc, "Đơn vị tính: Triệu đồng", 12, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT, before=0, after=2)


def set_page(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Cm(29.7), Cm(21.0)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin, section.right_margin = (Cm(2.0), Cm(2.0)) if landscape else (Cm(3.0), Cm(1.5))
    section.header_distance = Cm(1.0)


def build(target: Path = TARGET) -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
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

    # The header block: a borderless table of two columns and two rows.
    head = doc.add_table(rows=2, cols=2)
    no_borders(head)
    head.autofit = False
    head.columns[0].width, head.columns[1].width = Cm(6.3), Cm(10.2)
    for row in head.rows:
        row.cells[0].width, row.cells[1].width = Cm(6.3), Cm(10.2)
    left, right = head.rows[0].cells
    cell_para(left, "{{ parent }}", 13)
    cell_para(left, "{{ unit_name }}", 13, bold=True, first=False)
    rule(left, 2.0, 2.0)
    cell_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    cell_para(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, first=False)
    rule(right, 1.9, 1.9)
    cell_para(head.rows[1].cells[0], "{{ number_line }}", 13)
    cell_para(head.rows[1].cells[1], "{{ date_line }}", 14, italic=True)

    para(doc, "BÁO CÁO", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=0)
    para(doc, "Thuyết minh dự toán ngân sách khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm {{ year }}",
         14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=0, after=0)
    rule(doc, 6.0, 6.0)
    para(doc, "Kính gửi: {{ recipient }}", 14, align=WD_ALIGN_PARAGRAPH.CENTER, before=12, after=12)
    para(doc, "Thực hiện {{ guidance_title }}, {{ unit_name_plain }} báo cáo thuyết minh dự toán ngân sách khoa học, công nghệ, "
         "đổi mới sáng tạo và chuyển đổi số năm {{ year }} như sau:", indent=True)

    para(doc, "I. ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN NĂM {{ prior_year }}", bold=True, keep=True)
    para(doc, "{{ execution_sentence }}", indent=True)
    unit_line(doc)
    data_table(doc, [("Nội dung", 7.0), ("Dự toán năm {{ prior_year }}", 3.2), ("Ước thực hiện năm {{ prior_year }}", 3.3), ("Tỷ lệ thực hiện", 2.8)],
               "execution_rows", [("{{r r.label_rt }}", "text"), ("{{ r.prior }}", "num"), ("{{ r.expected }}", "num"), ("{{ r.rate }}", "num")],
               ["TỔNG CỘNG", "{{ execution_total.prior }}", "{{ execution_total.expected }}", "{{ execution_total.rate }}"])
    para(doc, "{%p if own_explanations %}", after=0)
    para(doc, "Thuyết minh của đơn vị về tình hình thực hiện:", indent=True, italic=True)
    para(doc, "{%p for e in own_explanations %}", after=0)
    para(doc, "- {{ e.name }}: {{ e.text }}", indent=True)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "{%p endif %}", after=0)

    para(doc, "II. DỰ TOÁN NĂM {{ year }}", bold=True, keep=True)
    para(doc, "1. Căn cứ xây dựng dự toán", bold=True, keep=True)
    para(doc, "{%p for b in legal_bases %}", after=0)
    para(doc, "- {{ b }}", indent=True, before=0, after=3)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "2. Tổng hợp dự toán", bold=True, keep=True)
    para(doc, "{{ summary_sentence }}", indent=True)
    para(doc, "{%p for t in general_explanations %}", after=0)
    para(doc, "{{ t }}", indent=True)
    para(doc, "{%p endfor %}", after=0)
    unit_line(doc)
    data_table(doc, [("Lĩnh vực, loại chi", 5.6), ("Dự toán năm {{ prior_year }}", 2.8), ("Dự toán năm {{ year }}", 2.8), ("So sánh (%)", 2.4), ("Tỷ trọng (%)", 2.4)],
               "summary_rows", [("{{r r.label_rt }}", "text"), ("{{ r.prior }}", "num"), ("{{ r.estimate }}", "num"), ("{{ r.change }}", "num"), ("{{ r.share }}", "num")],
               ["TỔNG CỘNG", "{{ execution_total.prior }}", "{{ execution_total.estimate }}", "{{ execution_total.change }}", "{{ execution_total.share }}"])

    # Task tables are wide: a landscape section.
    wide = doc.add_section(WD_SECTION.NEW_PAGE)
    set_page(wide, landscape=True)
    wide.different_first_page_header_footer = False
    task_headers = [("STT", 1.3), ("Tên nhiệm vụ", 6.0), ("Đơn vị chủ trì", 3.6), ("Thời gian", 1.9), ("Quyết định phê duyệt", 3.6),
                    ("Tổng kinh phí được duyệt", 2.4), ("Dự toán năm {{ year }}", 2.3), ("Chỉ tiêu, sản phẩm", 4.3), ("Ưu tiên", 2.2)]
    task_cells = [("{{ r.no }}", "center"), ("{{ r.name }}", "text"), ("{{ r.lead }}", "text"), ("{{ r.period }}", "center"),
                  ("{{ r.approval }}", "text"), ("{{ r.approved_total }}", "num"), ("{{ r.estimate }}", "num"), ("{{ r.indicators }}", "text"),
                  ("{{ r.priorities }}", "center")]
    for number, title, var, total in (("3", "Nhiệm vụ chuyển tiếp", "continuing", "continuing_total"), ("4", "Nhiệm vụ mở mới", "new", "new_total")):
        para(doc, f"{number}. {title}", bold=True, keep=True)
        para(doc, f"{{%p if {var} %}}", after=0)
        unit_line(doc)
        data_table(doc, task_headers, var, task_cells, ["", "TỔNG CỘNG", "", "", "", "", f"{{{{ {total} }}}}", "", ""], size=11)
        para(doc, "{%p else %}", after=0)
        para(doc, f"Không có {title.lower()}.", indent=True)
        para(doc, "{%p endif %}", after=0)

    back = doc.add_section(WD_SECTION.NEW_PAGE)
    set_page(back, landscape=False)
    back.different_first_page_header_footer = False
    para(doc, "5. Gắn với nhiệm vụ ưu tiên", bold=True, keep=True)
    para(doc, "{{ priority_sentence }}", indent=True)
    unit_line(doc)
    data_table(doc, [("Mã", 2.3), ("Nhiệm vụ ưu tiên", 9.2), ("Dự toán năm {{ year }}", 2.8), ("Tỷ trọng (%)", 2.2)], "priorities",
               [("{{ r.code }}", "center"), ("{{ r.title }}", "text"), ("{{ r.amount }}", "num"), ("{{ r.share }}", "num")])
    para(doc, "6. Thuyết minh theo nhóm nhiệm vụ", bold=True, keep=True)
    para(doc, "{%p for g in groups %}", after=0)
    para(doc, "{{ loop.index }}) {{ g.title }}. {{ g.figures }}", indent=True, italic=True)
    para(doc, "{%p for t in g.texts %}", after=0)
    para(doc, "{{ t }}", indent=True)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "III. KIẾN NGHỊ, ĐỀ XUẤT", bold=True, keep=True)
    para(doc, "{{ proposals }}", indent=True)

    closing = doc.add_table(rows=1, cols=2)
    no_borders(closing)
    closing.autofit = False
    left, right = closing.rows[0].cells
    closing.columns[0].width, closing.columns[1].width = Cm(8.0), Cm(8.5)
    left.width, right.width = Cm(8.0), Cm(8.5)
    cell_para(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_para(left, "{%p for r in recipients %}", 11, align=WD_ALIGN_PARAGRAPH.LEFT, first=False)
    cell_para(left, "{{ r }}", 11, align=WD_ALIGN_PARAGRAPH.LEFT, first=False)
    cell_para(left, "{%p endfor %}", 11, align=WD_ALIGN_PARAGRAPH.LEFT, first=False)
    cell_para(right, "{{ signer_title }}", 14, bold=True)
    for _ in range(4):
        cell_para(right, "", 14, first=False)
    cell_para(right, "{{ signer }}", 14, bold=True, first=False)

    para(doc, "{%p if draft and open_errors %}", after=0)
    p = para(doc, "", after=0)
    p.add_run().add_break(WD_BREAK.PAGE)
    para(doc, "PHỤ LỤC: CÁC LỖI CHƯA XỬ LÝ (BẢN DỰ THẢO)", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    data_table(doc, [("Tệp", 4.0), ("Mã", 1.6), ("Vị trí", 3.4), ("Nội dung", 7.5)], "open_errors",
               [("{{ r.file }}", "text"), ("{{ r.code }}", "center"), ("{{ r.where }}", "text"), ("{{ r.message }}", "text")], size=11)
    para(doc, "{%p endif %}", after=0)

    props = doc.core_properties
    props.author = props.last_modified_by = "budgetkit"
    props.title = "Báo cáo thuyết minh dự toán"
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(target)
    print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
