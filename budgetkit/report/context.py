"""Everything the report and the tables show, computed once from the lines (figures.py) and formatted."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetkit.figures import FIGURE_KEYS, PILLARS, SPENDINGS, ZERO, change, group_table, priority_sums, ratio
from budgetkit.findings import Finding
from budgetkit.guidance import Pack
from budgetkit.i18n import fmt_amount, fmt_percent
from budgetkit.model import BudgetFile, BudgetLine, Level, Spending, Status, Unit
from budgetkit.layout import UNIT_LABELS
from budgetkit.text import match_key


@dataclass
class ReportInput:
    """The lines of one unit, or of every unit of a consolidation, with who issues the report."""

    issuer: Unit
    year: int
    lines: list[tuple[BudgetLine, str]]  # (line, unit name)
    explanations: list[tuple[str | None, str | None, str]]
    consolidated: bool
    open_errors: list[tuple[str, Finding]]
    draft: bool
    sources: list[str]
    units: list[Unit] = field(default_factory=list)  # the units whose files are in, in order
    unit_lines: list[list[BudgetLine]] = field(default_factory=list)  # their lines, same order
    unit_explanations: list[list[tuple[str | None, str | None, str]]] = field(default_factory=list)
    left_out: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (file, unit name, error codes) not consolidated
    not_submitted: list[tuple[str, str]] = field(default_factory=list)  # (code, name) on the roster without a file


def from_models(models: Sequence[tuple[str, BudgetFile]], issuer: Unit | None, open_errors: list[tuple[str, Finding]], draft: bool,
                consolidated: bool | None = None) -> ReportInput:
    first = models[0][1]
    lines = [(line, model.unit.name or "") for _, model in models for line in model.lines]
    several = len(models) > 1 if consolidated is None else consolidated
    explanations = []
    unit_explanations = []
    for _, model in models:
        prefix = f"{model.unit.name}: " if several and model.unit.name else ""
        own = [(e.field.value if e.field else None, e.spending.value if e.spending else None, e.text) for e in model.explanations]
        unit_explanations.append(own)
        explanations += [(f, sp, prefix + t) for f, sp, t in own]
    return ReportInput(
        issuer=issuer or first.unit,
        year=first.budget_year,
        lines=lines,
        explanations=explanations,
        consolidated=several,
        open_errors=open_errors,
        draft=draft,
        sources=[path for path, _ in models],
        units=[model.unit for _, model in models],
        unit_lines=[list(model.lines) for _, model in models],
        unit_explanations=unit_explanations,
    )


def _amt(value: Decimal | None) -> str:
    return fmt_amount(value or ZERO, "vi")


def _pct(value: Decimal | None) -> str:
    return fmt_percent(value, "vi") if value is not None else "-"


def period(line: BudgetLine) -> str:
    if line.start_year and line.end_year:
        return f"{line.start_year}-{line.end_year}" if line.start_year != line.end_year else str(line.start_year)
    return ""


def _with_closing_mark(text: str) -> str:
    """Decree 30/2020: the body's last sentence ends with "./." on its last word."""
    text = text.rstrip()
    while text.endswith((".", ";", ",")):
        text = text[:-1].rstrip()
    return text + "./."


NEEDED = "[cần bổ sung]"
# Words that start the administrative part of a name: the letterhead breaks before the last of them.
_ADMIN_WORDS = ("thành phố", "tỉnh", "xã", "phường", "thị trấn", "đặc khu", "huyện", "quận", "thị xã")
HEADER_CHARS = 25  # letters of 12 pt bold capitals that fit one line of the 7 cm letterhead column


def expand_abbreviations(name: str) -> str:
    """UBND/HĐND at the start of a name written out, as the letterhead needs them."""
    for short, full in (("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân")):
        if name.startswith(short + " "):
            return full + name[len(short):]
    return name


def is_people_committee(name: str) -> bool:
    return match_key(expand_abbreviations(name)).startswith(("uy ban nhan dan", "hoi dong nhan dan"))


def _admin_split(name: str) -> int | None:
    """The index in name where its administrative part starts ("tỉnh Sơn La"), if it is not the start."""
    lowered = name.lower()
    best = None
    for word in _ADMIN_WORDS:
        at = lowered.rfind(" " + word + " ")
        if at > 0 and (best is None or at < best):
            best = at
    return best + 1 if best is not None else None


def wrap_balanced(text: str, width: int = HEADER_CHARS) -> list[str]:
    """Text in as few lines of at most width characters as it takes, the lines as even as they can be
    (no single word stranded on the last line)."""
    words = text.split()
    if len(text) <= width or len(words) < 2:
        return [text]
    count = -(-len(text) // width)
    while True:
        target = len(text) / count
        lines, current = [], ""
        for word in words:
            candidate = f"{current} {word}".strip()
            if current and len(candidate) > target + 3 and len(lines) < count - 1:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
        if all(len(line) <= width for line in lines) or count >= len(words):
            return lines
        count += 1


def letterhead_lines(unit: Unit) -> list[str]:
    """The unit's name on the letterhead, upper case, in lines: the user's own breaks (letterhead, "|"),
    or a break before the administrative part ("tỉnh Sơn La") and even lines."""
    if unit.letterhead:
        parts = [p.strip() for p in re.split(r"\s*[|\n]\s*", unit.letterhead) if p.strip()]
        return [p.upper() for p in parts]
    return name_lines(expand_abbreviations(unit.name or ""))


def name_lines(name: str, width: int = HEADER_CHARS) -> list[str]:
    """A body's name in capitals, broken before its administrative part, each part in even lines."""
    at = _admin_split(name)
    parts = [name[:at].strip(), name[at:].strip()] if at else [name]
    out: list[str] = []
    for part in parts:
        out += wrap_balanced(part.upper(), width)
    if len(out) > 1 and len(out[-1]) + len(out[-2]) + 1 <= width:
        out[-2:] = [f"{out[-2]} {out[-1]}"]
    return out


def place_name(unit: Unit) -> str:
    """Decree 30/2020: the place is the official name of the administrative unit where the issuer sits:
    a commune's own name, otherwise the province's."""
    if unit.place:
        return unit.place
    name = expand_abbreviations(unit.name or "")
    if unit.level == Level.COMMUNE and is_people_committee(name):
        rest = name.split(" ", 4)[-1] if len(name.split(" ", 4)) == 5 else ""
        for word in ("xã ", "phường ", "thị trấn ", "đặc khu "):
            if rest.lower().startswith(word):
                return rest[len(word):].strip()
    province = (unit.province or "").strip()
    for word in ("tỉnh ", "thành phố "):
        if province.lower().startswith(word):
            province = province[len(word):]
    return province or "......"


def signing(unit: Unit) -> tuple[str, str]:
    """(the authority line, the title line) of the signature block: TM. for a collective body, the
    unit's own choice (KT., TL., Q.) otherwise."""
    authority = unit.signing_authority
    if authority is None and is_people_committee(unit.name or ""):
        authority = "TM. " + ("ỦY BAN NHÂN DÂN" if match_key(expand_abbreviations(unit.name or "")).startswith("uy ban") else "HỘI ĐỒNG NHÂN DÂN")
    title = unit.approver_title or ("Chủ tịch" if is_people_committee(unit.name or "") else "Thủ trưởng đơn vị")
    return (authority or "").upper(), title.upper()


def abbreviation(unit: Unit) -> str:
    return unit.abbreviation or _abbreviation(expand_abbreviations(unit.name or ""))


def _same_body(a: str, b: str) -> bool:
    return match_key(expand_abbreviations(a)) == match_key(expand_abbreviations(b))


def recipient_lines(unit: Unit) -> list[str]:
    """Nơi nhận: "Như trên" for the body addressed in Kính gửi, the others once each, then the file copy."""
    out = ["- Như trên;"] if unit.recipient else []
    others = [r.strip() for r in re.split(r"[;\n]", unit.recipients or "") if r.strip()]
    if unit.recipients is None and unit.parent:
        others = [unit.parent]
    seen = [unit.recipient or ""]
    for other in others:
        other = other.lstrip("-").strip().rstrip(";.")
        if other and not any(_same_body(other, s) for s in seen):
            out.append(f"- {other};")
            seen.append(other)
    drafting = unit.drafting_unit or ("VP" if unit.level == Level.COMMUNE else "KHTC")
    out.append(f"- Lưu: VT, {drafting}.")
    return out


def build_context(data: ReportInput, pack: Pack, total_expenditure: Decimal | None = None) -> dict[str, Any]:
    year = data.year
    lines = [line for line, _ in data.lines]
    rows = group_table(lines)
    totals = {key: sum((getattr(r, key) for r in rows), ZERO) for key in FIGURE_KEYS}
    pillar_label = {p: pack.enums["pillar"][p].label for p in PILLARS}
    pillar_short = {p: pack.enums["pillar"][p].short for p in PILLARS}
    spending_label = {s: pack.enums["spending"][s].label for s in SPENDINGS}
    issuer = data.issuer

    def group_rows() -> list[dict[str, str]]:
        out = []
        for pillar in PILLARS:
            subset = [r for r in rows if r.pillar == pillar]
            for label, items, bold in [(pillar_label[pillar].upper(), subset, True)] + [(f"- {spending_label[r.spending]}", [r], False) for r in subset]:
                prior = sum((r.prior_estimate for r in items), ZERO)
                expected = sum((r.prior_expected for r in items), ZERO)
                estimate = sum((r.estimate for r in items), ZERO)
                other = sum((r.other_sources for r in items), ZERO)
                # "So sánh (%)" as the forms use it: the estimate N as a percentage of N-1 (as in Biểu 01).
                out.append({"label": label, "bold": bold, "prior": _amt(prior), "expected": _amt(expected), "rate": _pct(ratio(expected, prior)),
                            "estimate": _amt(estimate), "change": _pct(ratio(estimate, prior)), "share": _pct(ratio(estimate, totals["estimate"])),
                            "other": _amt(other)})
        return out

    rows_by_group = group_rows()  # one set of rows for tables I and II.2 (each shows its columns)
    execution_total = {"prior": _amt(totals["prior_estimate"]), "expected": _amt(totals["prior_expected"]),
                       "rate": _pct(ratio(totals["prior_expected"], totals["prior_estimate"])),
                       "estimate": _amt(totals["estimate"]), "change": _pct(ratio(totals["estimate"], totals["prior_estimate"])), "share": "100%",
                       "other": _amt(totals["other_sources"])}

    def lead_of(line: BudgetLine, unit_name: str) -> str:
        lead = line.lead_agency or ""
        if data.consolidated:
            return unit_name if not lead or _same_body(lead, unit_name) else f"{lead} ({unit_name})"
        return "Đơn vị tự thực hiện" if lead and _same_body(lead, issuer.name or "") else lead

    def task_rows(status: Status) -> list[dict[str, str]]:
        out = []
        for index, (line, unit_name) in enumerate([(l, u) for l, u in data.lines if l.status == status], start=1):
            name = line.name or ""
            if data.consolidated and status == Status.RECURRING:
                name = f"{name} ({unit_name})"
            out.append({
                "no": str(index), "name": name, "lead": lead_of(line, unit_name), "period": period(line), "approval": line.approval or "",
                "approved_total": _amt(line.approved_total) if line.approved_total is not None else "",
                "estimate": _amt(line.estimate), "other": _amt(line.other_sources) if line.other_sources else "",
                "prior": _amt(line.prior_estimate) if line.prior_estimate is not None else "",
                # Circular 56/2025/TT-BTC, Điều 22: continuing tasks' cumulative allocation to the end of N-1 and what remains.
                "cumulative": _amt(line.allocated_through_prior) if line.allocated_through_prior is not None else "",
                "remaining": _amt(line.remaining_approval) if line.remaining_approval is not None else "",
                "expected": _amt(line.prior_expected) if line.prior_expected is not None else "",
                "indicators": "; ".join(line.indicators or []), "priorities": "\n".join(line.priorities or []),
                "pillar": pillar_short.get(line.field.value if line.field else "", ""),
                "spending": pack.enums["spending"][line.spending.value].short if line.spending else "",
                "unit": unit_name, "explanation": line.explanation or "",
                "category": pack.categories[line.category].title if line.category in pack.categories else (line.category or ""),
            })
        return out

    continuing, new, recurring = task_rows(Status.CONTINUING), task_rows(Status.NEW), task_rows(Status.RECURRING)

    def status_total(status: Status, key: str = "estimate") -> str:
        return _amt(sum((l.amount(key) for l in lines if l.status == status), ZERO))

    # II.3: the estimate by content of spending (the pack's categories) x investment/recurrent: every line is in it.
    category_rows = []
    for pillar in PILLARS:
        in_pillar = [l for l in lines if l.field is not None and l.field.value == pillar]
        codes = [c for c, cat in pack.categories.items() if cat.pillar == pillar]
        codes += sorted({l.category for l in in_pillar if l.category not in codes})
        sub = []
        for code in codes:
            items = [l for l in in_pillar if l.category == code]
            if not items:
                continue
            inv = sum((l.amount("estimate") for l in items if l.spending == Spending.INVESTMENT), ZERO)
            rec = sum((l.amount("estimate") for l in items if l.spending == Spending.RECURRENT), ZERO)
            title = pack.categories[code].title if code in pack.categories else code
            sub.append({"label": f"- {title}", "bold": False, "investment": _amt(inv), "recurrent": _amt(rec), "total": _amt(inv + rec),
                        "share": _pct(ratio(inv + rec, totals["estimate"])), "count": str(len(items))})
        inv = sum((l.amount("estimate") for l in in_pillar if l.spending == Spending.INVESTMENT), ZERO)
        rec = sum((l.amount("estimate") for l in in_pillar if l.spending == Spending.RECURRENT), ZERO)
        category_rows.append({"label": pillar_label[pillar].upper(), "bold": True, "investment": _amt(inv), "recurrent": _amt(rec),
                              "total": _amt(inv + rec), "share": _pct(ratio(inv + rec, totals["estimate"])), "count": str(len(in_pillar))})
        category_rows += sub
    spending_totals = {s: sum((r.estimate for r in rows if s == r.spending), ZERO) for s in SPENDINGS}
    category_total = {"investment": _amt(spending_totals["investment"]), "recurrent": _amt(spending_totals["recurrent"]),
                      "total": _amt(totals["estimate"]), "share": "100%", "count": str(len(lines))}

    by_priority = priority_sums(lines)
    priorities = [
        {"code": code, "title": pack.priorities.get(code, ""), "amount": _amt(amount), "share": _pct(ratio(amount, totals["estimate"]))}
        for code, amount in sorted(by_priority.items(), key=lambda item: list(pack.priorities).index(item[0]) if item[0] in pack.priorities else 999)
    ]
    linked = sum((l.estimate or ZERO for l in lines if l.priorities), ZERO)

    # II.8: one paragraph per pillar with money; each explanation once, under the pillar its unit has money in.
    units = data.units or [issuer]
    unit_lines = data.unit_lines or [lines]
    unit_explanations = data.unit_explanations or [data.explanations]

    def has_money(own: list[BudgetLine], pillar: str, spending: str | None) -> bool:
        return any(l.field is not None and l.field.value == pillar and (spending is None or (l.spending and l.spending.value == spending))
                   and (l.estimate or l.prior_estimate) for l in own)

    groups = []
    for pillar in PILLARS:
        in_pillar = [r for r in rows if r.pillar == pillar]
        estimate = sum((r.estimate for r in in_pillar), ZERO)
        prior = sum((r.prior_estimate for r in in_pillar), ZERO)
        texts: list[str] = []
        for unit, own_lines, own_texts in zip(units, unit_lines, unit_explanations):
            prefix = f"{unit.name}: " if data.consolidated and unit.name else ""
            for f, sp, t in own_texts:
                if f == pillar and has_money(own_lines, pillar, sp):
                    texts.append(prefix + (t if sp is None else f"Chi {spending_label[sp].lower()}: {t}"))
        if estimate == 0 and prior == 0 and not texts:
            continue
        parts = [f"{spending_label[r.spending].lower()} {_amt(r.estimate)} triệu đồng" for r in in_pillar if r.estimate]
        groups.append({
            "title": pillar_label[pillar],
            "figures": f"Dự toán năm {year}: {_amt(estimate)} triệu đồng" + (f" ({'; '.join(parts)})" if parts else "")
                       + f"; dự toán năm {year - 1}: {_amt(prior)} triệu đồng"
                       + (f" (thay đổi {_pct(change(estimate, prior))})" if prior else "") + ".",
            "texts": texts,
        })
    general = [t for f, s, t in data.explanations if f is None]
    own = [{"name": line.name or "", "text": line.explanation or ""} for line in lines if line.explanation and (line.prior_estimate or 0) > 0]

    # Section I: the unit's own assessment of N-1 (each unit's, named, in a consolidation).
    def assessment(key: str) -> list[str]:
        out = []
        for unit in units:
            text = getattr(unit, key, None)
            if text:
                out.append(f"{unit.name}: {text}" if data.consolidated else text)
        return out or [NEEDED]  # never invented: the unit writes it (the CLI names what is missing)

    assessment_parts = {key: assessment(f"prior_{key}") for key in ("results", "disbursement", "difficulties", "causes")}
    missing_assessment = [UNIT_LABELS[f"prior_{key}"] for key, texts in assessment_parts.items() if not texts or texts == [NEEDED]]

    expenditure = total_expenditure if total_expenditure is not None else issuer.total_budget_expenditure
    share_sentence = ""
    if expenditure:
        share_sentence = f" Tổng dự toán bằng {_pct(ratio(totals['estimate'], expenditure))} tổng chi ngân sách năm {year} ({_amt(expenditure)} triệu đồng)."
    pillar_totals = {p: sum((r.estimate for r in rows if r.pillar == p), ZERO) for p in PILLARS}
    other_sentence = ""
    if totals["other_sources"]:
        other_sentence = (f" Ngoài ngân sách nhà nước, huy động nguồn khác (xã hội hóa, doanh nghiệp, nguồn hợp pháp khác) "
                          f"{_amt(totals['other_sources'])} triệu đồng cho các nhiệm vụ ghi tại cột “Nguồn khác”.")
    summary_sentence = (
        f"Tổng dự toán ngân sách khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm {year} là {_amt(totals['estimate'])} triệu đồng, gồm: "
        + "; ".join(f"{pillar_label[p]} {_amt(pillar_totals[p])} triệu đồng" for p in PILLARS)
        + f". Theo loại chi: chi đầu tư phát triển {_amt(spending_totals['investment'])} triệu đồng, chi thường xuyên {_amt(spending_totals['recurrent'])} triệu đồng."
        + f" Theo tính chất: nhiệm vụ chuyển tiếp {status_total(Status.CONTINUING)} triệu đồng, nhiệm vụ mở mới {status_total(Status.NEW)} triệu đồng,"
        + f" chi thường xuyên hằng năm {status_total(Status.RECURRING)} triệu đồng."
        + share_sentence + other_sentence
    )
    execution_sentence = (
        f"Dự toán năm {year - 1} được giao {_amt(totals['prior_estimate'])} triệu đồng; ước thực hiện cả năm {_amt(totals['prior_expected'])} triệu đồng"
        + (f", đạt {_pct(ratio(totals['prior_expected'], totals['prior_estimate']))} dự toán." if totals["prior_estimate"] else ".")
    )
    proposals = _with_closing_mark(issuer.proposals or "Đề nghị cơ quan có thẩm quyền xem xét, tổng hợp và bố trí dự toán theo đề xuất của đơn vị")
    authority, title = signing(issuer)
    today = dt.date(year - 1, 1, 1)
    parent = "" if is_people_committee(issuer.name or "") else (issuer.parent or "")
    consolidation = consolidation_context(data, pack) if data.consolidated else {}
    # Section II's numbering: a consolidation adds its tables by unit and by level after the summary.
    names = ["bases", "summary", "category"] + (["units"] if data.consolidated else []) + ["continuing", "new", "recurring", "priorities", "groups"]
    numbers = {name: index for index, name in enumerate(names, start=1)}
    return {
        "year": year, "prior_year": year - 1, "prior2_year": year - 2,
        "parent": parent.upper(), "parent_lines": name_lines(parent, HEADER_CHARS + 4) if parent else [],
        "unit_name": (issuer.name or "").upper(), "unit_name_plain": issuer.name or "",
        "letterhead": letterhead_lines(issuer),
        "place": place_name(issuer), "date_line": f"{place_name(issuer)}, ngày      tháng      năm {today.year}",
        "number_line": f"Số:        /BC-{abbreviation(issuer)}",
        "recipient": issuer.recipient or "......",
        "guidance_title": pack.document,
        "execution_sentence": execution_sentence, "execution_rows": rows_by_group, "execution_total": execution_total,
        "assessment": assessment_parts, "missing_assessment": missing_assessment,
        "own_explanations": own, "general_explanations": general,
        "legal_bases": pack.legal_bases, "summary_sentence": summary_sentence, "summary_rows": rows_by_group,
        "category_rows": category_rows, "category_total": category_total,
        "continuing": continuing, "continuing_total": status_total(Status.CONTINUING), "new": new, "new_total": status_total(Status.NEW),
        "continuing_other": status_total(Status.CONTINUING, "other_sources"), "new_other": status_total(Status.NEW, "other_sources"),
        "recurring": recurring, "recurring_total": status_total(Status.RECURRING), "recurring_prior": status_total(Status.RECURRING, "prior_estimate"),
        "recurring_other": status_total(Status.RECURRING, "other_sources"),
        "priorities": priorities, "priority_sentence": f"Kinh phí gắn với nhiệm vụ ưu tiên: {_amt(linked)} triệu đồng, bằng {_pct(ratio(linked, totals['estimate']))} tổng dự toán (một dòng gắn nhiều mã được tính ở mỗi mã).",
        "groups": groups, "proposals": proposals,
        "recipients": recipient_lines(issuer),
        "signing_authority": authority, "signer_title": title, "signer": issuer.approver or "",
        "prepared_by": issuer.prepared_by or "",
        "draft": data.draft, "open_errors": [
            {"file": path, "code": f.code, "where": f.location.describe("vi"), "message": f.message("vi")} for path, f in data.open_errors
        ],
        "pack": f"{pack.id}, gói {pack.pack_version}", "consolidated": data.consolidated, "sources": data.sources,
        "n": numbers, **consolidation,
    }


def consolidation_context(data: ReportInput, pack: Pack) -> dict[str, Any]:
    """A consolidation's own tables: by unit, by budget level, and who is not in it."""
    grand = sum((l.estimate for own in data.unit_lines for l in own), ZERO)
    unit_rows = []
    by_level: dict[str, dict[str, Any]] = {}
    for index, (unit, own) in enumerate(zip(data.units, data.unit_lines), start=1):
        prior = sum((l.amount("prior_estimate") for l in own), ZERO)
        expected = sum((l.amount("prior_expected") for l in own), ZERO)
        estimate = sum((l.estimate for l in own), ZERO)
        level = unit.level.value if unit.level else ""
        label = pack.enums["level"][level].label if level in pack.enums["level"] else level
        unit_rows.append({"no": str(index), "name": unit.name or "", "code": unit.code or "", "level": label,
                          "prior": _amt(prior), "expected": _amt(expected), "estimate": _amt(estimate), "share": _pct(ratio(estimate, grand))})
        entry = by_level.setdefault(level, {"label": label, "count": 0, "prior": ZERO, "expected": ZERO, "estimate": ZERO})
        entry["count"] += 1
        entry["prior"] += prior
        entry["expected"] += expected
        entry["estimate"] += estimate
    order = list(pack.enums["level"])
    level_rows = [
        {"label": e["label"], "count": str(e["count"]), "prior": _amt(e["prior"]), "expected": _amt(e["expected"]),
         "estimate": _amt(e["estimate"]), "share": _pct(ratio(e["estimate"], grand))}
        for key, e in sorted(by_level.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99)
    ]
    totals = {"count": str(len(unit_rows)), "prior": _amt(sum((l.amount("prior_estimate") for own in data.unit_lines for l in own), ZERO)),
              "expected": _amt(sum((l.amount("prior_expected") for own in data.unit_lines for l in own), ZERO)),
              "estimate": _amt(grand), "share": "100%"}
    left_out = []
    for path, name, codes in data.left_out:
        what = "trùng mã ĐVQHNS với tệp khác" if codes == ["X001"] else f"còn {len(codes)} lỗi: {', '.join(dict.fromkeys(codes))}"
        left_out.append(f"- {name or Path(path).name} (tệp {Path(path).name}): {what};")
    missing = [f"- {name} (mã {code});" if name else f"- Mã {code};" for code, name in data.not_submitted]
    for group in (left_out, missing):
        if group:
            group[-1] = group[-1].rstrip(";") + "."
    return {"unit_rows": unit_rows, "level_rows": level_rows, "unit_totals": totals, "left_out": left_out, "not_submitted": missing,
            "units_sentence": f"Báo cáo tổng hợp dự toán của {len(unit_rows)} đơn vị (danh sách tại bảng dưới đây)."}


def _abbreviation(name: str) -> str:
    """Initials of the issuing body for the "Số" line (UBND xã Chiềng Mung -> UBND)."""
    words = name.split()
    if words and words[0].isupper():
        return words[0]
    if name.lower().startswith("ủy ban nhân dân"):
        return "UBND"
    if name.lower().startswith("sở khoa học và công nghệ"):
        return "SKHCN"
    at = _admin_split(name)
    own = name[:at].split() if at else words
    letters = "".join(w[0].upper() for w in own if w[0].isalpha() and w.lower() not in ("và", "của"))
    # Initials keep Ư, Ơ, Â, Đ but not the tone marks (Ứ -> Ư).
    bare = unicodedata.normalize("NFD", letters)
    return unicodedata.normalize("NFC", "".join(c for c in bare if c not in "\u0300\u0301\u0303\u0309\u0323")) or "..."
