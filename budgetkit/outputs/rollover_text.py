"""What `budgetkit rollover` did, in words an accountant reads: carried, dropped, mapped, to fill."""

from __future__ import annotations

from budgetkit.guidance import Pack
from budgetkit.i18n import fmt_amount
from budgetkit.input_layout import UNIT_LABELS, line_header
from budgetkit.rollover import Carried, Mapped, RolloverResult

W = {
    "vi": {
        "wrote": "Đã tạo {output}: dự toán năm {n1} (gói hướng dẫn {version}) từ tệp năm {n}.",
        "carried": "Chuyển sang năm {n1} ({count} dòng):",
        "remaining": "còn phải bố trí: ",
        "dropped": "Kết thúc, không chuyển sang năm {n1} ({count} nhiệm vụ):",
        "ends": "kết thúc năm",
        "mapped": "Mã đổi theo gói hướng dẫn năm {n1}:",
        "check": " - kiểm tra: ",
        "unmapped": "Mã không có trong gói năm {n1} và không có mã thay thế (giữ nguyên, cần sửa):",
        "no_end_year": "Nhiệm vụ không có năm kết thúc (đã chuyển, cần ghi năm kết thúc): ",
        "needs_approval": (
            "Nhiệm vụ chuyển tiếp chưa có quyết định phê duyệt hoặc tổng kinh phí được duyệt (bắt buộc với nhiệm vụ chuyển tiếp): "
        ),
        "to_fill": "Đơn vị cần điền:",
        "estimate": "  - {estimate} của từng dòng (đang để 0)",
        "other": "  - {other} (nếu có)",
        "explanations": "  - thuyết minh năm {n1} (thuyết minh năm {n} không chuyển sang)",
        "new_tasks": "  - nhiệm vụ mở mới năm {n1}",
    },
    "en": {
        "wrote": "Wrote {output}: the {n1} estimate (guidance pack {version}) from the {n} file.",
        "carried": "Carried into {n1} ({count} lines):",
        "remaining": "still to allocate: ",
        "dropped": "Ended, not carried into {n1} ({count} tasks):",
        "ends": "ends",
        "mapped": "Codes mapped to the {n1} pack:",
        "check": " - check: ",
        "unmapped": "Codes not in the {n1} pack and with no mapping (kept as they are, to correct):",
        "no_end_year": "Tasks without an end year (carried; give their end year): ",
        "needs_approval": "Continuing tasks without their approval or approved total (required of a continuing task): ",
        "to_fill": "To fill in:",
        "estimate": "  - {estimate} of every line (left at 0)",
        "other": "  - {other} (if any)",
        "explanations": "  - the {n1} explanations (those of {n} are not carried)",
        "new_tasks": "  - the new tasks of {n1}",
    },
}
_KIND_VI = {"priority": "mã ưu tiên"}  # any other kind of code is a category ("nhóm nội dung")


def _words(lang: str) -> dict[str, str]:
    """The texts in the user's language (English for anything but Vietnamese)."""
    return W["vi" if lang == "vi" else "en"]


def _kind(mapping: Mapped, lang: str) -> str:
    """What kind of code was mapped, in the user's language."""
    return _KIND_VI.get(mapping.kind, "nhóm nội dung") if lang == "vi" else mapping.kind


def render_rollover(result: RolloverResult, pack: Pack, output: str, lang: str = "vi", source: Pack | None = None) -> str:
    """The text printed after a rollover: the file written, then each section that has something in it,
    then what the unit has to fill in. `source` (the pack of the file's own year) names the old categories
    by the titles the unit picked them by."""
    w = _words(lang)
    out = [w["wrote"].format(output=output, n1=result.to_year, version=pack.pack_version, n=result.from_year), ""]
    for section in (_carried, _dropped, _unmapped, _lists):
        out += section(result, pack, lang)
        if section is _dropped:
            out += _mapped(result, pack, lang, source)
    out += ["", *_to_fill(result, lang), ""]
    return "\n".join(out)


def _carried_line(item: Carried, pack: Pack, n1: int, lang: str) -> str:
    """One carried line: its cumulative allocation, its estimate of the year before, what remains."""
    parts = [f"{line_header('prior_estimate', n1)}: {fmt_amount(item.prior_estimate, lang)}"]
    if item.allocated_before_prior is not None:
        parts.insert(0, f"{line_header('allocated_before_prior', n1)}: {fmt_amount(item.allocated_before_prior, lang)}")
    if item.remaining is not None:
        parts.append(_words(lang)["remaining"] + fmt_amount(item.remaining, lang))
    was = pack.enums["status"][item.status_before.value].label  # as the template's list shows it, in both languages
    return f"  {item.line_id} {item.name} ({was}): " + "; ".join(parts)


def _carried(result: RolloverResult, pack: Pack, lang: str) -> list[str]:
    if not result.carried:
        return []
    head = _words(lang)["carried"].format(n1=result.to_year, count=len(result.carried))
    return [head] + [_carried_line(item, pack, result.to_year, lang) for item in result.carried]


def _dropped(result: RolloverResult, pack: Pack, lang: str) -> list[str]:
    if not result.dropped:
        return []
    w = _words(lang)
    return ["", w["dropped"].format(n1=result.to_year, count=len(result.dropped))] + [
        f"  {line.id} {line.name} ({w['ends']} {line.end_year})" for line in result.dropped
    ]


def _code(code: str, kind: str, pack: Pack | None) -> str:
    """A mapped code as the unit knows it: a category by its title and code ("“Hạ tầng số” (cds_ha_tang)"),
    a priority code as it is typed."""
    if kind != "priority" and pack is not None and code in pack.categories:
        return f"“{pack.categories[code].title}” ({code})"
    return code


def _mapped(result: RolloverResult, pack: Pack, lang: str, source: Pack | None = None) -> list[str]:
    """The codes mapped through the crosswalk: old → new, and what the unit should check."""
    if not result.mapped:
        return []
    w = _words(lang)
    out = ["", w["mapped"].format(n1=result.to_year)]
    for m in result.mapped:
        new = ", ".join(_code(code, m.kind, pack) for code in m.new)
        out.append(f"  {m.line_id}: {_kind(m, lang)} {_code(m.old, m.kind, source)} → {new}" + (w["check"] + m.check if m.check else ""))
    return out


def _unmapped(result: RolloverResult, pack: Pack, lang: str) -> list[str]:
    """The codes the new pack does not have and the crosswalk does not map (kept, to correct)."""
    if not result.unmapped:
        return []
    return ["", _words(lang)["unmapped"].format(n1=result.to_year)] + [f"  {m.line_id}: {_kind(m, lang)} {m.old}" for m in result.unmapped]


def _lists(result: RolloverResult, pack: Pack, lang: str) -> list[str]:
    """The tasks without an end year, and the continuing tasks without their approval."""
    out = []
    for key, ids in (("no_end_year", result.no_end_year), ("needs_approval", result.needs_approval)):
        if ids:
            out += ["", _words(lang)[key] + ", ".join(ids)]
    return out


def _to_fill(result: RolloverResult, lang: str) -> list[str]:
    """What the unit fills in the new file."""
    w, n, n1 = _words(lang), result.from_year, result.to_year
    out = [
        w["to_fill"],
        w["estimate"].format(estimate=line_header("estimate", n1)),
        f"  - {line_header('prior_h1_disbursed', n1)}, {line_header('prior_expected', n1)}",
        w["other"].format(other=line_header("other_sources", n1)),
    ]
    out += [f"  - {UNIT_LABELS[key]}" for key in result.cleared_unit_fields]
    if result.explanations_dropped or result.line_explanations_dropped:
        out.append(w["explanations"].format(n1=n1, n=n))
    out.append(w["new_tasks"].format(n1=n1))
    return out
