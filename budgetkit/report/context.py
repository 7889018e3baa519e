"""Everything the report and the tables show, computed once from the lines (figures.py) and formatted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetkit.figures import FIGURE_KEYS, PILLARS, SPENDINGS, ZERO, change, group_table, priority_sums, ratio
from budgetkit.findings import Finding
from budgetkit.guidance import Pack
from budgetkit.i18n import fmt_amount, fmt_percent
from budgetkit.model import BudgetFile, BudgetLine, Status, Unit


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


def from_models(models: Sequence[tuple[str, BudgetFile]], issuer: Unit | None, open_errors: list[tuple[str, Finding]], draft: bool) -> ReportInput:
    first = models[0][1]
    lines = [(line, model.unit.name or "") for _, model in models for line in model.lines]
    explanations = []
    for _, model in models:
        prefix = f"{model.unit.name}: " if len(models) > 1 and model.unit.name else ""
        for e in model.explanations:
            explanations.append((e.field.value if e.field else None, e.spending.value if e.spending else None, prefix + e.text))
    return ReportInput(
        issuer=issuer or first.unit,
        year=first.budget_year,
        lines=lines,
        explanations=explanations,
        consolidated=len(models) > 1,
        open_errors=open_errors,
        draft=draft,
        sources=[path for path, _ in models],
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


def build_context(data: ReportInput, pack: Pack, total_expenditure: Decimal | None = None) -> dict[str, Any]:
    year = data.year
    lines = [line for line, _ in data.lines]
    rows = group_table(lines)
    totals = {key: sum((getattr(r, key) for r in rows), ZERO) for key in FIGURE_KEYS}
    pillar_label = {p: pack.enums["pillar"][p].label for p in PILLARS}
    pillar_short = {p: pack.enums["pillar"][p].short for p in PILLARS}
    spending_label = {s: pack.enums["spending"][s].label for s in SPENDINGS}

    def group_rows() -> list[dict[str, str]]:
        out = []
        for pillar in PILLARS:
            subset = [r for r in rows if r.pillar == pillar]
            for label, items, bold in [(pillar_label[pillar].upper(), subset, True)] + [(f"- {spending_label[r.spending]}", [r], False) for r in subset]:
                prior = sum((r.prior_estimate for r in items), ZERO)
                expected = sum((r.prior_expected for r in items), ZERO)
                estimate = sum((r.estimate for r in items), ZERO)
                # "So sánh (%)" as the forms use it: the estimate N as a percentage of N-1 (as in Biểu 01).
                out.append({"label": label, "bold": bold, "prior": _amt(prior), "expected": _amt(expected), "rate": _pct(ratio(expected, prior)),
                            "estimate": _amt(estimate), "change": _pct(ratio(estimate, prior)), "share": _pct(ratio(estimate, totals["estimate"]))})
        return out

    rows_by_group = group_rows()  # one set of rows for tables I and II.2 (each shows its columns)
    execution_total = {"prior": _amt(totals["prior_estimate"]), "expected": _amt(totals["prior_expected"]),
                       "rate": _pct(ratio(totals["prior_expected"], totals["prior_estimate"])),
                       "estimate": _amt(totals["estimate"]), "change": _pct(ratio(totals["estimate"], totals["prior_estimate"])), "share": "100%"}

    def task_rows(status: Status) -> list[dict[str, str]]:
        out = []
        for index, (line, unit_name) in enumerate([(l, u) for l, u in data.lines if l.status == status], start=1):
            lead = line.lead_agency or ""
            if data.consolidated:
                lead = f"{lead} ({unit_name})" if lead else unit_name
            out.append({
                "no": str(index), "name": line.name or "", "lead": lead, "period": period(line), "approval": line.approval or "",
                "approved_total": _amt(line.approved_total) if line.approved_total is not None else "",
                "estimate": _amt(line.estimate), "other": _amt(line.other_sources) if line.other_sources else "",
                "indicators": "; ".join(line.indicators or []), "priorities": ", ".join(line.priorities or []),
                "pillar": pillar_short.get(line.field.value if line.field else "", ""),
                "spending": pack.enums["spending"][line.spending.value].short if line.spending else "",
            })
        return out

    continuing, new = task_rows(Status.CONTINUING), task_rows(Status.NEW)
    continuing_total = sum((l.estimate or ZERO for l in lines if l.status == Status.CONTINUING), ZERO)
    new_total = sum((l.estimate or ZERO for l in lines if l.status == Status.NEW), ZERO)

    by_priority = priority_sums(lines)
    priorities = [
        {"code": code, "title": pack.priorities.get(code, ""), "amount": _amt(amount), "share": _pct(ratio(amount, totals["estimate"]))}
        for code, amount in sorted(by_priority.items(), key=lambda item: list(pack.priorities).index(item[0]) if item[0] in pack.priorities else 999)
    ]
    linked = sum((l.estimate or ZERO for l in lines if l.priorities), ZERO)

    groups = []
    for r in rows:
        texts = [t for f, s, t in data.explanations if f == r.pillar and s == r.spending]
        pillar_texts = [t for f, s, t in data.explanations if f == r.pillar and s is None]
        if r.estimate == 0 and r.prior_estimate == 0 and not texts:
            continue
        groups.append({
            "title": f"{pillar_label[r.pillar]} - {spending_label[r.spending].lower()}",
            "figures": f"Dự toán năm {year}: {_amt(r.estimate)} triệu đồng; dự toán năm {year - 1}: {_amt(r.prior_estimate)} triệu đồng"
                       + (f" (thay đổi {_pct(change(r.estimate, r.prior_estimate))})" if r.prior_estimate else "") + ".",
            "texts": texts or pillar_texts,
        })
    general = [t for f, s, t in data.explanations if f is None]
    own = [{"name": line.name or "", "text": line.explanation or ""} for line in lines if line.explanation and (line.prior_estimate or 0) > 0]

    issuer = data.issuer
    expenditure = total_expenditure if total_expenditure is not None else issuer.total_budget_expenditure
    share_sentence = ""
    if expenditure:
        share_sentence = f" Tổng dự toán bằng {_pct(ratio(totals['estimate'], expenditure))} tổng chi ngân sách năm {year} ({_amt(expenditure)} triệu đồng)."
    pillar_totals = {p: sum((r.estimate for r in rows if r.pillar == p), ZERO) for p in PILLARS}
    spending_totals = {s: sum((r.estimate for r in rows if r.spending == s), ZERO) for s in SPENDINGS}
    summary_sentence = (
        f"Tổng dự toán ngân sách khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm {year} là {_amt(totals['estimate'])} triệu đồng, gồm: "
        + "; ".join(f"{pillar_label[p]} {_amt(pillar_totals[p])} triệu đồng" for p in PILLARS)
        + f". Theo loại chi: chi đầu tư phát triển {_amt(spending_totals['investment'])} triệu đồng, chi thường xuyên {_amt(spending_totals['recurrent'])} triệu đồng."
        + share_sentence
    )
    execution_sentence = (
        f"Dự toán năm {year - 1} được giao {_amt(totals['prior_estimate'])} triệu đồng; ước thực hiện cả năm {_amt(totals['prior_expected'])} triệu đồng"
        + (f", đạt {_pct(ratio(totals['prior_expected'], totals['prior_estimate']))} dự toán." if totals["prior_estimate"] else ".")
    )
    proposals = _with_closing_mark(issuer.proposals or "Đề nghị cơ quan có thẩm quyền xem xét, tổng hợp và bố trí dự toán theo đề xuất của đơn vị")
    recipients = [r for r in [issuer.recipient, issuer.parent if issuer.parent and issuer.parent != issuer.recipient else None] if r]
    today = dt.date(year - 1, 1, 1)
    return {
        "year": year, "prior_year": year - 1, "prior2_year": year - 2,
        "parent": (issuer.parent or "").upper(), "unit_name": (issuer.name or "").upper(), "unit_name_plain": issuer.name or "",
        "place": issuer.province or "", "date_line": f"{issuer.province or '......'}, ngày ..... tháng ..... năm {today.year}",
        "number_line": "Số:        /BC-" + _abbreviation(issuer.name or ""),
        "recipient": issuer.recipient or "......",
        "guidance_title": pack.document,
        "execution_sentence": execution_sentence, "execution_rows": rows_by_group, "execution_total": execution_total,
        "own_explanations": own, "general_explanations": general,
        "legal_bases": pack.legal_bases, "summary_sentence": summary_sentence, "summary_rows": rows_by_group,
        "continuing": continuing, "continuing_total": _amt(continuing_total), "new": new, "new_total": _amt(new_total),
        "priorities": priorities, "priority_sentence": f"Kinh phí gắn với nhiệm vụ ưu tiên: {_amt(linked)} triệu đồng, bằng {_pct(ratio(linked, totals['estimate']))} tổng dự toán (một dòng gắn nhiều mã được tính ở mỗi mã).",
        "groups": groups, "proposals": proposals,
        "recipients": [f"- {r};" for r in recipients] + ["- Lưu: VT, KHTC."],
        "signer_title": (issuer.approver_title or "THỦ TRƯỞNG ĐƠN VỊ").upper(), "signer": issuer.approver or "",
        "prepared_by": issuer.prepared_by or "",
        "draft": data.draft, "open_errors": [
            {"file": path, "code": f.code, "where": f.location.describe("vi"), "message": f.message("vi")} for path, f in data.open_errors
        ],
        "pack": f"{pack.id}, gói {pack.pack_version}", "consolidated": data.consolidated, "sources": data.sources,
    }


def _abbreviation(name: str) -> str:
    """Initials of the issuing body for the "Số" line (UBND xã Chiềng Mung -> UBND)."""
    words = name.split()
    if words and words[0].isupper():
        return words[0]
    if name.lower().startswith("ủy ban nhân dân"):
        return "UBND"
    if name.lower().startswith("sở khoa học và công nghệ"):
        return "SKHCN"
    return "".join(w[0].upper() for w in words[:4] if w[0].isalpha()) or "..."


