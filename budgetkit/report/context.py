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
from budgetkit.input_layout import UNIT_LABELS
from budgetkit.model import BudgetFile, BudgetLine, Level, Spending, Status, Unit
from budgetkit.normalize import match_key


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


def from_models(
    models: Sequence[tuple[str, BudgetFile]],
    issuer: Unit | None,
    open_errors: list[tuple[str, Finding]],
    draft: bool,
    consolidated: bool | None = None,
) -> ReportInput:
    """The report's input from the files it covers: their lines, explanations, open errors and the issuing unit."""
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
    """A task's period as the report writes it ("2024-2026", or one year); "" when not known."""
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
            return full + name[len(short) :]
    return name


def is_people_committee(name: str) -> bool:
    """Whether the unit is a People's Committee or a People's Council (UBND, HĐND)."""
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
        lines: list[str] = []
        current = ""
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
                return rest[len(word) :].strip()
    province = (unit.province or "").strip()
    for word in ("tỉnh ", "thành phố "):
        if province.lower().startswith(word):
            province = province[len(word) :]
    return province or "......"


def signing(unit: Unit) -> tuple[str, str]:
    """(the authority line, the title line) of the signature block: TM. for a collective body, the
    unit's own choice (KT., TL., Q.) otherwise."""
    authority = unit.signing_authority
    if authority is None and is_people_committee(unit.name or ""):
        authority = "TM. " + (
            "ỦY BAN NHÂN DÂN" if match_key(expand_abbreviations(unit.name or "")).startswith("uy ban") else "HỘI ĐỒNG NHÂN DÂN"
        )
    title = unit.approver_title or ("Chủ tịch" if is_people_committee(unit.name or "") else "Thủ trưởng đơn vị")
    return (authority or "").upper(), title.upper()


def abbreviation(unit: Unit) -> str:
    """The unit's short name for the report's document number: its own, or one made from its name."""
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


def _sum(values: Any) -> Decimal:
    """The sum of amounts, ZERO for none (Decimal throughout)."""
    return sum(values, ZERO)


class _ReportFigures:
    """The lines of a report with their sums and the pack's labels, read by every part of the context."""

    def __init__(self, data: ReportInput, pack: Pack) -> None:
        self.data = data
        self.pack = pack
        self.year = data.year
        self.issuer = data.issuer
        self.lines = [line for line, _ in data.lines]
        self.rows = group_table(self.lines)
        self.totals = {key: _sum(getattr(r, key) for r in self.rows) for key in FIGURE_KEYS}
        self.pillar_label = {p: pack.enums["pillar"][p].label for p in PILLARS}
        self.pillar_short = {p: pack.enums["pillar"][p].short for p in PILLARS}
        self.spending_label = {s: pack.enums["spending"][s].label for s in SPENDINGS}
        self.spending_totals = {s: _sum(r.estimate for r in self.rows if s == r.spending) for s in SPENDINGS}
        self.pillar_totals = {p: _sum(r.estimate for r in self.rows if r.pillar == p) for p in PILLARS}

    def share(self, amount: Decimal) -> str:
        """amount as a percentage of the whole estimate."""
        return _pct(ratio(amount, self.totals["estimate"]))

    # Section I and II.2: the estimate by pillar x spending, with the execution of N-1.
    def group_rows(self) -> list[dict[str, Any]]:
        """One row per pillar (bold, its spendings summed) followed by one row per spending in it."""
        out = []
        for pillar in PILLARS:
            subset = [r for r in self.rows if r.pillar == pillar]
            out.append(self._group_row(self.pillar_label[pillar].upper(), subset, True))
            out += [self._group_row(f"- {self.spending_label[r.spending]}", [r], False) for r in subset]
        return out

    def _group_row(self, label: str, items: list[Any], bold: bool) -> dict[str, Any]:
        prior = _sum(r.prior_estimate for r in items)
        expected = _sum(r.prior_expected for r in items)
        estimate = _sum(r.estimate for r in items)
        other = _sum(r.other_sources for r in items)
        # "So sánh (%)" as the forms use it: the estimate N as a percentage of N-1 (as in Biểu 01).
        return {
            "label": label,
            "bold": bold,
            "prior": _amt(prior),
            "expected": _amt(expected),
            "rate": _pct(ratio(expected, prior)),
            "estimate": _amt(estimate),
            "change": _pct(ratio(estimate, prior)),
            "share": self.share(estimate),
            "other": _amt(other),
        }

    def execution_total(self) -> dict[str, str]:
        """The total row of tables I and II.2."""
        totals = self.totals
        return {
            "prior": _amt(totals["prior_estimate"]),
            "expected": _amt(totals["prior_expected"]),
            "rate": _pct(ratio(totals["prior_expected"], totals["prior_estimate"])),
            "estimate": _amt(totals["estimate"]),
            "change": _pct(ratio(totals["estimate"], totals["prior_estimate"])),
            "share": "100%",
            "other": _amt(totals["other_sources"]),
        }

    # II.4-II.6: the tasks by status.
    def lead_of(self, line: BudgetLine, unit_name: str) -> str:
        """Who carries out a task: the unit itself, or in a consolidation the lead with its unit."""
        lead = line.lead_agency or ""
        if self.data.consolidated:
            return unit_name if not lead or _same_body(lead, unit_name) else f"{lead} ({unit_name})"
        return "Đơn vị tự thực hiện" if lead and _same_body(lead, self.issuer.name or "") else lead

    def task_rows(self, status: Status) -> list[dict[str, str]]:
        """The rows of the tasks of one status, numbered from 1."""
        chosen = [(line, unit_name) for line, unit_name in self.data.lines if line.status == status]
        return [self._task_row(line, unit_name, index, status) for index, (line, unit_name) in enumerate(chosen, start=1)]

    def _task_row(self, line: BudgetLine, unit_name: str, index: int, status: Status) -> dict[str, str]:
        pack = self.pack
        name = line.name or ""
        if self.data.consolidated and status == Status.RECURRING:
            name = f"{name} ({unit_name})"
        return {
            "no": str(index),
            "name": name,
            "lead": self.lead_of(line, unit_name),
            "period": period(line),
            "approval": line.approval or "",
            "approved_total": _optional_amt(line.approved_total),
            "estimate": _amt(line.estimate),
            "other": _amt(line.other_sources) if line.other_sources else "",
            "prior": _optional_amt(line.prior_estimate),
            # Circular 56/2025/TT-BTC, Điều 22: continuing tasks' cumulative allocation to the end of N-1 and what remains.
            "cumulative": _optional_amt(line.allocated_through_prior),
            "remaining": _optional_amt(line.remaining_approval),
            "expected": _optional_amt(line.prior_expected),
            "indicators": "; ".join(line.indicators or []),
            "priorities": "\n".join(line.priorities or []),
            "pillar": self.pillar_short.get(line.field.value if line.field else "", ""),
            "spending": pack.enums["spending"][line.spending.value].short if line.spending else "",
            "unit": unit_name,
            "explanation": line.explanation or "",
            "category": pack.categories[line.category].title if line.category in pack.categories else (line.category or ""),
        }

    def status_total(self, status: Status, key: str = "estimate") -> str:
        """The sum of one figure over the tasks of one status."""
        return _amt(_sum(line.amount(key) for line in self.lines if line.status == status))

    # II.3: the estimate by content of spending (the pack's categories) x investment/recurrent: every line is in it.
    def category_rows(self) -> list[dict[str, Any]]:
        """Per pillar a bold row, then one row per category of the pack (or of the lines) with money."""
        out: list[dict[str, Any]] = []
        for pillar in PILLARS:
            in_pillar = [line for line in self.lines if line.field is not None and line.field.value == pillar]
            codes = [c for c, cat in self.pack.categories.items() if cat.pillar == pillar]
            codes += sorted({line.category for line in in_pillar if line.category not in codes})
            sub = []
            for code in codes:
                items = [line for line in in_pillar if line.category == code]
                if items:
                    title = self.pack.categories[code].title if code in self.pack.categories else code
                    sub.append(self._category_row(f"- {title}", items, False))
            out.append(self._category_row(self.pillar_label[pillar].upper(), in_pillar, True))
            out += sub
        return out

    def _category_row(self, label: str, items: list[BudgetLine], bold: bool) -> dict[str, Any]:
        inv = _sum(line.amount("estimate") for line in items if line.spending == Spending.INVESTMENT)
        rec = _sum(line.amount("estimate") for line in items if line.spending == Spending.RECURRENT)
        return {
            "label": label,
            "bold": bold,
            "investment": _amt(inv),
            "recurrent": _amt(rec),
            "total": _amt(inv + rec),
            "share": self.share(inv + rec),
            "count": str(len(items)),
        }

    def category_total(self) -> dict[str, str]:
        """The total row of table II.3."""
        return {
            "investment": _amt(self.spending_totals["investment"]),
            "recurrent": _amt(self.spending_totals["recurrent"]),
            "total": _amt(self.totals["estimate"]),
            "share": "100%",
            "count": str(len(self.lines)),
        }

    # II.7: the priority tasks.
    def priority_rows(self) -> list[dict[str, str]]:
        """One row per priority code with money, in the pack's order (codes outside it last)."""
        order = list(self.pack.priorities)
        by_priority = sorted(priority_sums(self.lines).items(), key=lambda item: order.index(item[0]) if item[0] in order else 999)
        return [
            {"code": code, "title": self.pack.priorities.get(code, ""), "amount": _amt(amount), "share": self.share(amount)}
            for code, amount in by_priority
        ]

    def priority_sentence(self) -> str:
        """The money linked to priority tasks, each line once."""
        linked = _sum(line.estimate or ZERO for line in self.lines if line.priorities)
        return (
            f"Kinh phí gắn với nhiệm vụ ưu tiên: {_amt(linked)} triệu đồng, bằng {self.share(linked)} tổng dự toán "
            "(một dòng gắn nhiều mã được tính ở mỗi mã)."
        )

    # II.8: one paragraph per pillar with money; each explanation once, under the pillar its unit has money in.
    def units(self) -> list[Unit]:
        """The units whose files are in (the issuer alone for one file)."""
        return self.data.units or [self.issuer]

    def group_paragraphs(self) -> list[dict[str, Any]]:
        """Per pillar with money or explanations: its title, its figures and its explanations."""
        groups = []
        for pillar in PILLARS:
            in_pillar = [r for r in self.rows if r.pillar == pillar]
            estimate = _sum(r.estimate for r in in_pillar)
            prior = _sum(r.prior_estimate for r in in_pillar)
            texts = self._pillar_texts(pillar)
            if estimate == 0 and prior == 0 and not texts:
                continue
            groups.append({"title": self.pillar_label[pillar], "figures": self._pillar_figures(in_pillar, estimate, prior), "texts": texts})
        return groups

    def _pillar_figures(self, in_pillar: list[Any], estimate: Decimal, prior: Decimal) -> str:
        year = self.year
        parts = [f"{self.spending_label[r.spending].lower()} {_amt(r.estimate)} triệu đồng" for r in in_pillar if r.estimate]
        return (
            f"Dự toán năm {year}: {_amt(estimate)} triệu đồng"
            + (f" ({'; '.join(parts)})" if parts else "")
            + f"; dự toán năm {year - 1}: {_amt(prior)} triệu đồng"
            + (f" (thay đổi {_pct(change(estimate, prior))})" if prior else "")
            + "."
        )

    def _pillar_texts(self, pillar: str) -> list[str]:
        data = self.data
        unit_lines = data.unit_lines or [self.lines]
        unit_explanations = data.unit_explanations or [data.explanations]
        texts: list[str] = []
        for unit, own_lines, own_texts in zip(self.units(), unit_lines, unit_explanations, strict=False):
            prefix = f"{unit.name}: " if data.consolidated and unit.name else ""
            for f, sp, t in own_texts:
                if f == pillar and _has_money(own_lines, pillar, sp):
                    texts.append(prefix + (t if sp is None else f"Chi {self.spending_label[sp].lower()}: {t}"))
        return texts

    # Section I: the unit's own assessment of N-1 (each unit's, named, in a consolidation).
    def assessment(self, key: str) -> list[str]:
        """The units' texts of one assessment field, or the NEEDED mark: never invented (the CLI names what is missing)."""
        out = []
        for unit in self.units():
            text = getattr(unit, key, None)
            if text:
                out.append(f"{unit.name}: {text}" if self.data.consolidated else text)
        return out or [NEEDED]

    def summary_sentence(self, expenditure: Decimal | None) -> str:
        """Section II.2's opening: the total, by pillar, by spending, by status, its share of all spending, other sources."""
        year, totals = self.year, self.totals
        share_sentence = ""
        if expenditure:
            share = _pct(ratio(totals["estimate"], expenditure))
            share_sentence = f" Tổng dự toán bằng {share} tổng chi ngân sách năm {year} ({_amt(expenditure)} triệu đồng)."
        other_sentence = ""
        if totals["other_sources"]:
            other_sentence = (
                f" Ngoài ngân sách nhà nước, huy động nguồn khác (xã hội hóa, doanh nghiệp, nguồn hợp pháp khác) "
                f"{_amt(totals['other_sources'])} triệu đồng cho các nhiệm vụ ghi tại cột “Nguồn khác”."
            )
        return (
            "Tổng dự toán ngân sách khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
            f"năm {year} là {_amt(totals['estimate'])} triệu đồng, gồm: "
            + "; ".join(f"{self.pillar_label[p]} {_amt(self.pillar_totals[p])} triệu đồng" for p in PILLARS)
            + f". Theo loại chi: chi đầu tư phát triển {_amt(self.spending_totals['investment'])} triệu đồng, "
            + f"chi thường xuyên {_amt(self.spending_totals['recurrent'])} triệu đồng."
            + f" Theo tính chất: nhiệm vụ chuyển tiếp {self.status_total(Status.CONTINUING)} triệu đồng, "
            + f"nhiệm vụ mở mới {self.status_total(Status.NEW)} triệu đồng,"
            + f" chi thường xuyên hằng năm {self.status_total(Status.RECURRING)} triệu đồng."
            + share_sentence
            + other_sentence
        )

    def execution_sentence(self) -> str:
        """Section I's opening: the estimate of N-1 and its expected execution."""
        totals = self.totals
        return (
            f"Dự toán năm {self.year - 1} được giao {_amt(totals['prior_estimate'])} triệu đồng; "
            + f"ước thực hiện cả năm {_amt(totals['prior_expected'])} triệu đồng"
            + (f", đạt {_pct(ratio(totals['prior_expected'], totals['prior_estimate']))} dự toán." if totals["prior_estimate"] else ".")
        )


def _optional_amt(value: Decimal | None) -> str:
    """An amount, or empty when the line has none."""
    return _amt(value) if value is not None else ""


def _has_money(own: list[BudgetLine], pillar: str, spending: str | None) -> bool:
    """Whether a unit's lines have an estimate or prior estimate in a pillar (and spending, if given)."""
    return any(
        line.field is not None
        and line.field.value == pillar
        and (spending is None or (line.spending and line.spending.value == spending))
        and (line.estimate or line.prior_estimate)
        for line in own
    )


def _heading_context(issuer: Unit, year: int, pack: Pack) -> dict[str, Any]:
    """The letterhead, number, place and date, addressee and signature of the report."""
    authority, title = signing(issuer)
    today = dt.date(year - 1, 1, 1)
    parent = "" if is_people_committee(issuer.name or "") else (issuer.parent or "")
    return {
        "parent": parent.upper(),
        "parent_lines": name_lines(parent, HEADER_CHARS + 4) if parent else [],
        "unit_name": (issuer.name or "").upper(),
        "unit_name_plain": issuer.name or "",
        "letterhead": letterhead_lines(issuer),
        "place": place_name(issuer),
        "date_line": f"{place_name(issuer)}, ngày      tháng      năm {today.year}",
        "number_line": f"Số:        /BC-{abbreviation(issuer)}",
        "recipient": issuer.recipient or "......",
        "guidance_title": pack.document,
        "proposals": _with_closing_mark(
            issuer.proposals or "Đề nghị cơ quan có thẩm quyền xem xét, tổng hợp và bố trí dự toán theo đề xuất của đơn vị"
        ),
        "recipients": recipient_lines(issuer),
        "signing_authority": authority,
        "signer_title": title,
        "signer": issuer.approver or "",
        "prepared_by": issuer.prepared_by or "",
    }


def _section_numbers(consolidated: bool) -> dict[str, int]:
    """Section II's numbering: a consolidation adds its tables by unit and by level after the summary."""
    names = (
        ["bases", "summary", "category"] + (["units"] if consolidated else []) + ["continuing", "new", "recurring", "priorities", "groups"]
    )
    return {name: index for index, name in enumerate(names, start=1)}


def build_context(data: ReportInput, pack: Pack, total_expenditure: Decimal | None = None) -> dict[str, Any]:
    """Every value the report template reads, formatted: figures, tables, sentences, letterhead and signature."""
    figures = _ReportFigures(data, pack)
    issuer, year = data.issuer, data.year
    rows_by_group = figures.group_rows()  # one set of rows for tables I and II.2 (each shows its columns)
    assessment_parts = {key: figures.assessment(f"prior_{key}") for key in ("results", "disbursement", "difficulties", "causes")}
    missing_assessment = [UNIT_LABELS[f"prior_{key}"] for key, texts in assessment_parts.items() if not texts or texts == [NEEDED]]
    expenditure = total_expenditure if total_expenditure is not None else issuer.total_budget_expenditure
    consolidation = consolidation_context(data, pack) if data.consolidated else {}
    status_totals = {
        "continuing_total": figures.status_total(Status.CONTINUING),
        "new_total": figures.status_total(Status.NEW),
        "continuing_other": figures.status_total(Status.CONTINUING, "other_sources"),
        "new_other": figures.status_total(Status.NEW, "other_sources"),
        "recurring_total": figures.status_total(Status.RECURRING),
        "recurring_prior": figures.status_total(Status.RECURRING, "prior_estimate"),
        "recurring_other": figures.status_total(Status.RECURRING, "other_sources"),
    }
    return {
        "year": year,
        "prior_year": year - 1,
        "prior2_year": year - 2,
        **_heading_context(issuer, year, pack),
        "execution_sentence": figures.execution_sentence(),
        "execution_rows": rows_by_group,
        "execution_total": figures.execution_total(),
        "assessment": assessment_parts,
        "missing_assessment": missing_assessment,
        "own_explanations": [
            {"name": line.name or "", "text": line.explanation or ""}
            for line in figures.lines
            if line.explanation and (line.prior_estimate or 0) > 0
        ],
        "general_explanations": [t for f, s, t in data.explanations if f is None],
        "legal_bases": pack.legal_bases_listed(),
        "summary_sentence": figures.summary_sentence(expenditure),
        "summary_rows": rows_by_group,
        "category_rows": figures.category_rows(),
        "category_total": figures.category_total(),
        "continuing": figures.task_rows(Status.CONTINUING),
        "new": figures.task_rows(Status.NEW),
        "recurring": figures.task_rows(Status.RECURRING),
        **status_totals,
        "priorities": figures.priority_rows(),
        "priority_sentence": figures.priority_sentence(),
        "groups": figures.group_paragraphs(),
        "draft": data.draft,
        "open_errors": [
            {"file": path, "code": f.code, "where": f.location.describe("vi"), "message": f.message("vi")} for path, f in data.open_errors
        ],
        "pack": f"{pack.id}, gói {pack.pack_version}",
        "consolidated": data.consolidated,
        "sources": data.sources,
        "n": _section_numbers(data.consolidated),
        **consolidation,
    }


def consolidation_context(data: ReportInput, pack: Pack) -> dict[str, Any]:
    """A consolidation's own tables: by unit, by budget level, and who is not in it."""
    grand = _sum(line.estimate for own in data.unit_lines for line in own)
    unit_rows = []
    by_level: dict[str, dict[str, Any]] = {}
    for index, (unit, own) in enumerate(zip(data.units, data.unit_lines, strict=False), start=1):
        sums = {key: _sum(line.amount(key) for line in own) for key in ("prior_estimate", "prior_expected")}
        sums["estimate"] = _sum(line.estimate for line in own)
        level = unit.level.value if unit.level else ""
        label = pack.enums["level"][level].label if level in pack.enums["level"] else level
        unit_rows.append({"no": str(index), "name": unit.name or "", "code": unit.code or "", "level": label, **_amount_cells(sums, grand)})
        entry = by_level.setdefault(level, {"label": label, "count": 0, "prior_estimate": ZERO, "prior_expected": ZERO, "estimate": ZERO})
        entry["count"] += 1
        for key, amount in sums.items():
            entry[key] += amount
    order = list(pack.enums["level"])
    level_rows = [
        {"label": e["label"], "count": str(e["count"]), **_amount_cells(e, grand)}
        for key, e in sorted(by_level.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99)
    ]
    totals = {
        "count": str(len(unit_rows)),
        "prior": _amt(_sum(line.amount("prior_estimate") for own in data.unit_lines for line in own)),
        "expected": _amt(_sum(line.amount("prior_expected") for own in data.unit_lines for line in own)),
        "estimate": _amt(grand),
        "share": "100%",
    }
    return {
        "unit_rows": unit_rows,
        "level_rows": level_rows,
        "unit_totals": totals,
        "left_out": _closed_list(_left_out_items(data)),
        "not_submitted": _closed_list([f"- {name} (mã {code});" if name else f"- Mã {code};" for code, name in data.not_submitted]),
        "units_sentence": f"Báo cáo tổng hợp dự toán của {len(unit_rows)} đơn vị (danh sách tại bảng dưới đây).",
    }


def _amount_cells(sums: dict[str, Any], grand: Decimal) -> dict[str, str]:
    """The prior, expected, estimate and share cells of a row of the consolidation's tables."""
    return {
        "prior": _amt(sums["prior_estimate"]),
        "expected": _amt(sums["prior_expected"]),
        "estimate": _amt(sums["estimate"]),
        "share": _pct(ratio(sums["estimate"], grand)),
    }


def _left_out_items(data: ReportInput) -> list[str]:
    """The files not consolidated, with why."""
    out = []
    for path, name, codes in data.left_out:
        what = "trùng mã ĐVQHNS với tệp khác" if codes == ["X001"] else f"còn {len(codes)} lỗi: {', '.join(dict.fromkeys(codes))}"
        out.append(f"- {name or Path(path).name} (tệp {Path(path).name}): {what};")
    return out


def _closed_list(items: list[str]) -> list[str]:
    """A list of "- item;" lines whose last item ends with a full stop."""
    if items:
        items[-1] = items[-1].rstrip(";") + "."
    return items


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
