"""Blank budget files to fill: a workbook with dropdowns and a guide, or a commented YAML."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetkit.atomic import atomic_write
from budgetkit.authoring.input_workbook import field_help, write_input_workbook
from budgetkit.authoring.schema import SCHEMA_ID
from budgetkit.guidance import Pack
from budgetkit.input_layout import UNIT_LABELS, line_header
from budgetkit.model import Level, PartialFile, PartialLine, PartialUnit, Pillar, Spending, Status


def example_category(pack: Pack) -> str:
    """The category of the template's example line (digitising records): its code in this year's pack."""
    for code in ("cds_so_hoa", "cds_du_lieu"):
        if code in pack.categories:
            return code
    return next(c for c, category in pack.categories.items() if category.pillar == "cds")


def example_model(pack: Pack) -> PartialFile:
    """The template's content: a commune with one example line, the unit left to fill (a partial file)."""
    year = pack.budget_year
    line = PartialLine(
        id="CDS-01",
        name="Số hóa sổ hộ tịch giai đoạn 2015-2025 (dòng ví dụ, thay bằng nhiệm vụ của đơn vị)",
        field=Pillar.CDS,
        spending=Spending.RECURRENT,
        status=Status.NEW,
        category=example_category(pack),
        lead_agency="Văn phòng HĐND và UBND xã",
        start_year=year,
        end_year=year,
        estimate=Decimal(320),
        priorities=["CL-DULIEU"],
        indicators=["12.000 trang hồ sơ hộ tịch được số hóa"],
    )
    return PartialFile(year, PartialUnit(level=Level.COMMUNE), [line])


def write_template(path: Path, pack: Pack) -> None:
    """Write the blank input file of a pack: a commented YAML for .yaml/.yml, else a workbook with drop-down lists and a guide sheet."""
    if path.suffix.lower() in (".yaml", ".yml"):
        atomic_write(path, yaml_template(pack).encode("utf-8"))
    else:
        write_input_workbook(example_model(pack), path, pack, blank_rows=30)


def _deadline_comment(pack: Pack) -> list[str]:
    deadline = pack.calendar.deadline(pack.calendar.submit) if pack.calendar is not None else None
    if deadline is None:
        return []
    d = deadline.date
    note = f" {pack.calendar.note}" if pack.calendar.note else ""  # type: ignore[union-attr]
    return [f"# Hạn gửi ({deadline.who}): trước ngày {d.day}/{d.month}/{d.year} ({deadline.citation}).{note}"]


def yaml_template(pack: Pack) -> str:
    """The blank YAML input file of a pack: every key with a comment saying what goes there."""
    year = pack.budget_year
    levels = ", ".join(f"{c} ({v.label})" for c, v in pack.enums["level"].items())
    out = [
        f"# yaml-language-server: $schema={SCHEMA_ID}",
        f"# Tệp dự toán KH&CN, ĐMST và CĐS năm {year} - mẫu của budgetkit ({pack.id}, gói {pack.pack_version}).",
        "# Số tiền tính bằng triệu đồng. Kiểm tra: budgetkit validate <tệp>.",
        *_deadline_comment(pack),
        f"budget_year: {year}  # {UNIT_LABELS['budget_year']}",
        "unit:",
        '  name: ""  # Tên đơn vị (bắt buộc)',
        '  code: ""  # Mã ĐVQHNS, 7 chữ số, đặt trong ngoặc kép (bắt buộc)',
        f"  level: commune  # Cấp: {levels}",
        "  parent:  # Cơ quan cấp trên, ví dụ UBND tỉnh Sơn La",
        "  province:  # Tỉnh, thành phố",
        "  recipient:  # Nơi nhận báo cáo, ví dụ Sở Khoa học và Công nghệ tỉnh Sơn La",
        "  total_budget_expenditure:  # Tổng chi ngân sách của đơn vị/địa phương năm kế hoạch (để kiểm tra mức 3%)",
        f"  budget_ceiling:  # {UNIT_LABELS['budget_ceiling']} ({field_help('budget_ceiling', pack)})",
        "  prepared_by:  # Người lập biểu",
        "  approver:  # Thủ trưởng đơn vị",
        "  approver_title:  # Chức vụ",
        "  proposals:  # Kiến nghị, đề xuất",
        "  # Trình bày văn bản (Nghị định 30/2020/NĐ-CP), để trống thì budgetkit tự điền theo cấp:",
        "  letterhead:  # Tên đơn vị ở tiêu đề, xuống dòng bằng dấu |, ví dụ: Sở Khoa học và Công nghệ | tỉnh Sơn La",
        "  place:  # Địa danh ghi ngày tháng, ví dụ Chiềng Mung (xã), Sơn La (tỉnh)",
        "  abbreviation:  # Tên viết tắt của đơn vị ở số văn bản, ví dụ UBND, SKHCN",
        "  signing_authority:  # Thẩm quyền ký, ví dụ TM. ỦY BAN NHÂN DÂN, KT. GIÁM ĐỐC, TL. GIÁM ĐỐC",
        "  recipients:  # Nơi nhận khác (ngoài Kính gửi), cách nhau bằng dấu ;",
        "  drafting_unit:  # Đơn vị soạn thảo viết tắt, ghi ở dòng Lưu: VT, ... (ví dụ KHTC)",
        "  # Đánh giá tình hình thực hiện năm trước (phần I của báo cáo):",
        "  prior_results:  # Kết quả thực hiện năm trước",
        "  prior_disbursement:  # Tình hình giải ngân năm trước",
        "  prior_difficulties:  # Khó khăn, vướng mắc",
        "  prior_causes:  # Nguyên nhân",
        "lines:  # Mỗi nhiệm vụ hoặc nội dung chi một mục",
    ]
    example = {
        "id": "CDS-01",
        "name": "Số hóa sổ hộ tịch giai đoạn 2015-2025 (dòng ví dụ, thay bằng nhiệm vụ của đơn vị)",
        "field": "cds",
        "spending": "recurrent",
        "status": "new",
        "category": example_category(pack),
        "lead_agency": "Văn phòng HĐND và UBND xã",
        "start_year": str(year),
        "end_year": str(year),
        "approval": "",
        "approved_total": "",
        "allocated_before_prior": "",
        "prior_estimate": "",
        "prior_h1_disbursed": "",
        "prior_expected": "",
        "estimate": "320",
        "other_sources": "",
        "priorities": "[CL-DULIEU]",
        "indicators": '["12.000 trang hồ sơ hộ tịch được số hóa"]',
        "budget_code": "",
        "via_fund": "",
        "serves_sector": "",
        "moved_from_sector": "",
        "explanation": "",
    }
    for index, (key, value) in enumerate(example.items()):
        prefix = "  - " if index == 0 else "    "
        text = f"{prefix}{key}: {value}".rstrip() if value else f"{prefix}{key}:"
        out.append(f"{text}  # {line_header(key, year)}: {field_help(key, pack)}")
    out += [
        "explanations:  # Thuyết minh theo nhóm (field, spending để trống: cả lĩnh vực / cả dự toán)",
        "  - field: cds",
        "    text: Thuyết minh nhóm chuyển đổi số.",
        "",
        *_catalogues(pack),
        "",
    ]
    return "\n".join(out)


def _catalogues(pack: Pack) -> list[str]:
    """The lists the comments above point to (“xem danh mục bên dưới”), as comments: every value the tool
    accepts for field, spending, status, category and priorities (a code, or a label as in the template)."""
    out = [
        "# ---------------------------------------------------------------------------------------------",
        "# DANH MỤC (các giá trị được phép; ghi mã, hoặc nhãn như trong mẫu Excel)",
    ]
    for key, enum_name in (("field", "pillar"), ("spending", "spending"), ("status", "status"), ("level", "level")):
        values = "; ".join(
            f"{code} ({v.label}{', ' + v.short if v.short and v.short != v.label else ''})" for code, v in pack.enums[enum_name].items()
        )
        out.append(f"# {key}: {values}")
    out.append("# category - Nhóm nội dung (mã: tên; lĩnh vực; loại chi cho phép):")
    for code, category in pack.categories.items():
        spendings = ", ".join(pack.enums["spending"][s].short for s in category.spending)
        out.append(f"#   {code}: {category.title} ({pack.enums['pillar'][category.pillar].short}; {spendings})")
    out.append("# priorities - Nhiệm vụ ưu tiên (mã: nội dung):")
    for code, title in pack.priorities.items():
        out.append(f"#   {code}: {title}")
    return out
