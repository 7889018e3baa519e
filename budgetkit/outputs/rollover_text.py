"""What `budgetkit rollover` did, in words an accountant reads: carried, dropped, mapped, to fill."""

from __future__ import annotations

from budgetkit.guidance import Pack
from budgetkit.i18n import fmt_amount
from budgetkit.layout import UNIT_LABELS, line_header
from budgetkit.rollover import RolloverResult


def render_rollover(result: RolloverResult, pack: Pack, output: str, lang: str = "vi") -> str:
    n, n1 = result.from_year, result.to_year
    vi = lang == "vi"
    status = pack.enums["status"]
    out: list[str] = []
    if vi:
        out.append(f"Đã tạo {output}: dự toán năm {n1} (gói hướng dẫn {pack.pack_version}) từ tệp năm {n}.")
    else:
        out.append(f"Wrote {output}: the {n1} estimate (guidance pack {pack.pack_version}) from the {n} file.")
    out.append("")
    if result.carried:
        out.append(f"Chuyển sang năm {n1} ({len(result.carried)} dòng):" if vi else f"Carried into {n1} ({len(result.carried)} lines):")
        for item in result.carried:
            parts = [f"{line_header('prior_estimate', n1)}: {fmt_amount(item.prior_estimate, lang)}"]
            if item.allocated_before_prior is not None:
                parts.insert(0, f"{line_header('allocated_before_prior', n1)}: {fmt_amount(item.allocated_before_prior, lang)}")
            if item.remaining is not None:
                parts.append(("còn phải bố trí: " if vi else "still to allocate: ") + fmt_amount(item.remaining, lang))
            was = status[item.status_before.value].label if vi else item.status_before.value
            out.append(f"  {item.line_id} {item.name} ({was}): " + "; ".join(parts))
    if result.dropped:
        out.append("")
        out.append(f"Kết thúc, không chuyển sang năm {n1} ({len(result.dropped)} nhiệm vụ):" if vi
                   else f"Ended, not carried into {n1} ({len(result.dropped)} tasks):")
        for line in result.dropped:
            out.append(f"  {line.id} {line.name} ({'kết thúc năm' if vi else 'ends'} {line.end_year})")
    if result.mapped:
        out.append("")
        out.append("Mã đổi theo gói hướng dẫn năm " + str(n1) + ":" if vi else f"Codes mapped to the {n1} pack:")
        for m in result.mapped:
            what = ("mã ưu tiên" if m.kind == "priority" else "nhóm nội dung") if vi else m.kind
            line = f"  {m.line_id}: {what} {m.old} -> {', '.join(m.new)}"
            if m.check:
                line += (" - kiểm tra: " if vi else " - check: ") + m.check
            out.append(line)
    if result.unmapped:
        out.append("")
        out.append(f"Mã không có trong gói năm {n1} và không có mã thay thế (giữ nguyên, cần sửa):" if vi
                   else f"Codes not in the {n1} pack and with no mapping (kept as they are, to correct):")
        for m in result.unmapped:
            what = ("mã ưu tiên" if m.kind == "priority" else "nhóm nội dung") if vi else m.kind
            out.append(f"  {m.line_id}: {what} {m.old}")
    if result.no_end_year:
        out.append("")
        out.append(("Nhiệm vụ không có năm kết thúc (đã chuyển, cần ghi năm kết thúc): " if vi
                    else "Tasks without an end year (carried; give their end year): ") + ", ".join(result.no_end_year))
    if result.needs_approval:
        out.append("")
        out.append(("Nhiệm vụ chuyển tiếp chưa có quyết định phê duyệt hoặc tổng kinh phí được duyệt (bắt buộc với nhiệm vụ chuyển tiếp): " if vi
                    else "Continuing tasks without their approval or approved total (required of a continuing task): ") + ", ".join(result.needs_approval))
    out.append("")
    out.append("Đơn vị cần điền:" if vi else "To fill in:")
    todo = [
        (f"  - {line_header('estimate', n1)} của từng dòng (đang để 0)" if vi else f"  - {line_header('estimate', n1)} of every line (left at 0)"),
        f"  - {line_header('prior_h1_disbursed', n1)}, {line_header('prior_expected', n1)}",
        (f"  - {line_header('other_sources', n1)} (nếu có)" if vi else f"  - {line_header('other_sources', n1)} (if any)"),
    ]
    out.extend(todo)
    for key in result.cleared_unit_fields:
        out.append(f"  - {UNIT_LABELS[key]}")
    if result.explanations_dropped or result.line_explanations_dropped:
        out.append(f"  - thuyết minh năm {n1} (thuyết minh năm {n} không chuyển sang)" if vi
                   else f"  - the {n1} explanations (those of {n} are not carried)")
    out.append("  - nhiệm vụ mở mới năm " + str(n1) if vi else f"  - the new tasks of {n1}")
    out.append("")
    return "\n".join(out)
