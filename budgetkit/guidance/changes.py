"""What differs between two guidance packs (`budgetkit rules --year 2027 --changes`), as Markdown a
person reads in a terminal too: the legal bases, categories, priority codes, strategic technologies,
budget codes, thresholds, keywords, calendar, unknowns and every rule whose severity or citation moved."""

from __future__ import annotations

import unicodedata
from typing import Any

from budgetkit.findings import severity_label
from budgetkit.guidance import Pack

# Which pack data each rule reads: a change there changes what the rule reports.
RULE_DATA: dict[str, tuple[str, ...]] = {
    "V002": ("categories", "enums"),
    "V008": ("thresholds.year_min", "thresholds.year_max_ahead"),
    "V009": ("thresholds.max_line_amount",),
    "A003": ("thresholds.low_execution_rate",),
    "A004": ("thresholds.sum_tolerance",),
    "C001": ("categories",),
    "C002": ("categories",),
    "C004": ("keywords.construction", "keywords.construction_digital_ok", "keywords.digital_systems", "keywords.buildings"),
    "C005": ("budget_codes", "budget_index"),
    "C006": ("strategic_technologies.codes", "budget_index.strategic"),
    "C007": ("budget_index",),
    "C008": ("keywords.excluded_state_management", "keywords.excluded_higher_education", "keywords.excluded_vocational"),
    "C009": ("keywords.dx_research", "keywords.dx_research_allowed"),
    "P003": ("priorities",),
    "P008": ("thresholds.line_change_max",),
    "S001": ("thresholds.total_share_min",),
    "S003": ("thresholds.group_change_max",),
    "S005": ("thresholds.strategic_research_share_min", "budget_index.strategic_research", "strategic_technologies.codes"),
    "F008": ("limits",),
}


_WORDS = {
    "title": ("# Gói {new} ({nv}) so với gói {old} ({ov})", "# Pack {new} ({nv}) against pack {old} ({ov})"),
    "document": ("Văn bản hướng dẫn", "Guidance document"),
    "added": ("thêm", "added"),
    "removed": ("bỏ", "removed"),
    "changed": ("đổi", "changed"),
    "bases": ("Căn cứ pháp lý", "Legal bases"),
    "categories": ("Nhóm nội dung", "Categories"),
    "priorities": ("Mã nhiệm vụ ưu tiên", "Priority codes"),
    "strategic": ("Công nghệ chiến lược", "Strategic technologies"),
    "codes": ("mã", "codes"),
    "crosswalk": (
        "## Đổi mã từ gói {year} (budgetkit rollover; P003 gợi ý mã mới)",
        "## Codes of the {year} pack and their new codes (budgetkit rollover; P003's hint)",
    ),
    "priority": ("mã ưu tiên", "priority"),
    "category": ("nhóm nội dung", "category"),
    "check": ("kiểm tra", "check"),
    "budget_codes": ("Mã Loại - Khoản theo lĩnh vực (C005)", "Budget codes by pillar (C005)"),
    "unchecked": ("(không kiểm tra)", "(not checked)"),
    "thresholds": ("Ngưỡng", "Thresholds"),
    "limits": ("Giới hạn an toàn", "Safety limits"),
    "keywords": ("Từ khóa", "Keywords"),
    "field_help": ("Hướng dẫn cột của mẫu", "Template help of a column"),
    "calendar": ("Lịch lập dự toán", "Estimate calendar"),
    "unknowns": ("Chưa có văn bản (đánh dấu trong gói)", "No text yet (marked in the pack)"),
    "rules": ("Quy tắc", "Rules"),
    "data": ("dữ liệu gói", "pack data"),
    "source": ("căn cứ", "source"),
}


def _t(key: str, lang: str) -> str:
    return _WORDS[key][0 if lang == "vi" else 1]


def _get(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _raw(pack: Pack) -> dict[str, Any]:
    return pack.model_dump(mode="json", exclude={"source"})


def changed_rules(old: Pack, new: Pack) -> dict[str, list[str]]:
    """Rule code -> what changed for it (severity, citation, the pack data it reads)."""
    from budgetkit.rules.registry import all_codes

    a, b = _raw(old), _raw(new)
    out: dict[str, list[str]] = {}
    for code in sorted(all_codes()):
        reasons = []
        if old.severity(code) != new.severity(code):
            reasons.append("severity")
        if (old.citation(code) or "") != (new.citation(code) or ""):
            reasons.append("citation")
        reasons += [key for key in RULE_DATA.get(code, ()) if _get(a, key) != _get(b, key)]
        if reasons:
            out[code] = reasons
    return out


def behaviour_changed(old: Pack, new: Pack) -> set[str]:
    """Rules that may report differently on the same file (a citation alone does not count)."""
    return {code for code, reasons in changed_rules(old, new).items() if reasons != ["citation"]}


def _added_removed(title: str, old: dict[str, Any], new: dict[str, Any], show: Any = None, lang: str = "vi") -> list[str]:
    show = show or (lambda value: value)
    out: list[str] = []
    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    changed = [k for k in new if k in old and old[k] != new[k]]
    if not (added or removed or changed):
        return out
    out += [f"## {title}", ""]
    out += [f"- {_t('added', lang)} `{k}`: {show(new[k])}" for k in added]
    out += [f"- {_t('removed', lang)} `{k}`: {show(old[k])}" for k in removed]
    out += [f"- {_t('changed', lang)} `{k}`: {show(old[k])} → {show(new[k])}" for k in changed]
    out.append("")
    return out


def _category(value: dict[str, Any], pack: Pack, lang: str) -> str:
    """A category as its title, its pillar and the spending types it allows, in the words of the outputs
    ("... (CĐS; Đầu tư phát triển, Thường xuyên)"), never the YAML keys."""
    from budgetkit.outputs.words import spending_label

    pillar = pack.enums["pillar"][value["pillar"]].short if value["pillar"] in pack.enums["pillar"] else value["pillar"]
    spending = ", ".join(spending_label(s, pack, lang) for s in value["spending"])
    return f"{value['title']} ({pillar}; {spending})"


def changes_markdown(old: Pack, new: Pack, lang: str = "vi") -> str:
    """What differs between two packs as Markdown, one section per kind of pack data that changed."""
    a, b = _raw(old), _raw(new)
    out = [_t("title", lang).format(new=new.budget_year, nv=new.pack_version, old=old.budget_year, ov=old.pack_version), ""]
    out += [f"{_t('document', lang)}: {old.id} → {new.id}", ""]
    out += _bases_section(a, b, lang)
    out += _added_removed(_t("categories", lang), a["categories"], b["categories"], lambda v: _category(v, new, lang), lang)
    out += _added_removed(_t("priorities", lang), a["priorities"], b["priorities"], None, lang)
    out += _strategic_section(a, b, lang)
    out += _crosswalk_section(new, lang)
    out += _added_removed(
        _t("budget_codes", lang), a["budget_codes"], b["budget_codes"], lambda v: ", ".join(v) or _t("unchecked", lang), lang
    )
    out += _added_removed(_t("thresholds", lang), a["thresholds"], b["thresholds"], None, lang)
    out += _added_removed(_t("limits", lang), a["limits"], b["limits"], None, lang)
    out += _added_removed(_t("keywords", lang), a["keywords"], b["keywords"], lambda v: "; ".join(v), lang)
    out += _field_help_section(old, new, lang)
    if a.get("calendar") != b.get("calendar"):
        out += _calendar_section(new, lang)
    if new.unknowns:
        out += [f"## {_t('unknowns', lang)}", ""] + [f"- {u}" for u in new.unknowns] + [""]
    out += _rules_section(old, new, lang)
    return "\n".join(out).rstrip() + "\n"


def basis_key(text: str) -> str:
    """What makes two legal bases one text: the same words in NFC, whatever the spacing, the case and the
    list's punctuation after them (";" in one pack, "." where it is the last)."""
    return " ".join(unicodedata.normalize("NFC", text).split()).rstrip(" ;.,").casefold()


def _bases_section(a: dict[str, Any], b: dict[str, Any], lang: str) -> list[str]:
    """The legal bases added and removed (one text differently punctuated is neither)."""
    bases_old, bases_new = a["legal_bases"], b["legal_bases"]
    keys_old, keys_new = {basis_key(x) for x in bases_old}, {basis_key(x) for x in bases_new}
    added = [x for x in bases_new if basis_key(x) not in keys_old]
    removed = [x for x in bases_old if basis_key(x) not in keys_new]
    if not (added or removed):
        return []
    return (
        [f"## {_t('bases', lang)}", ""]
        + [f"- {_t('added', lang)}: {x}" for x in added]
        + [f"- {_t('removed', lang)}: {x}" for x in removed]
        + [""]
    )


def _field_help_section(old: Pack, new: Pack, lang: str) -> list[str]:
    """The template help texts that differ: each field by its label in the new year's template."""
    from budgetkit.authoring.input_workbook import field_help
    from budgetkit.input_layout import UNIT_LABELS, line_header

    keys = [k for k in {**old.field_help, **new.field_help} if field_help(k, old) != field_help(k, new)]
    if not keys:
        return []
    out = [f"## {_t('field_help', lang)}", ""]
    for key in keys:
        label = UNIT_LABELS[key] if key in UNIT_LABELS else line_header(key, new.budget_year)
        out.append(f"- {label} (`{key}`): {field_help(key, new)}")
    return [*out, ""]


def _strategic_section(a: dict[str, Any], b: dict[str, Any], lang: str) -> list[str]:
    """The decision listing the strategic technologies, and their codes, when the decision changed."""
    old, new = a["strategic_technologies"], b["strategic_technologies"]
    if old["decision"] == new["decision"]:
        return []
    return [
        f"## {_t('strategic', lang)}",
        "",
        f"- {old['decision']} → {new['decision']}",
        f"- {_t('codes', lang)}: {', '.join(old['codes'])} → {', '.join(new['codes'])}",
        "",
    ]


def _crosswalk_section(new: Pack, lang: str) -> list[str]:
    """The new pack's mapping of the old pack's priority and category codes."""
    if new.crosswalk is None:
        return []
    out = [_t("crosswalk", lang).format(year=new.crosswalk.from_year), ""]
    for kind, entries in ((_t("priority", lang), new.crosswalk.priorities), (_t("category", lang), new.crosswalk.categories)):
        for code, entry in entries.items():
            note = f" ({_t('check', lang)}: {entry.check})" if entry.check else ""
            out.append(f"- {kind} `{code}` → {', '.join(f'`{c}`' for c in entry.to)}{note}")
    out.append("")
    return out


def _calendar_section(new: Pack, lang: str) -> list[str]:
    """The new pack's calendar of deadlines (when it has one)."""
    calendar = new.calendar
    if calendar is None:
        return []
    out = [f"## {_t('calendar', lang)} ({calendar.source})", ""]
    for d in calendar.deadlines:
        if lang == "vi":
            out.append(f"- trước ngày {d.date.day}/{d.date.month}/{d.date.year}: {d.who} {d.what} ({d.citation})")
        else:
            out.append(f"- before {d.date.isoformat()}: {d.what_en} ({d.citation})")
    if calendar.note:
        out.append(f"- {calendar.note}")
    out.append("")
    return out


def _rules_section(old: Pack, new: Pack, lang: str) -> list[str]:
    """Every rule whose severity, citation or pack data changed, with what changed."""
    from budgetkit.rules.registry import all_rules

    changes = changed_rules(old, new)
    if not changes:
        return []
    titles = {r.code: r.title[0 if lang == "vi" else 1] for r in all_rules()}
    out = [f"## {_t('rules', lang)}", ""]
    for code, reasons in changes.items():
        out.append(f"- {code} {titles.get(code, '')}: " + "; ".join(_rule_change_parts(code, reasons, old, new, lang)))
    out.append("")
    return out


def _rule_change_parts(code: str, reasons: list[str], old: Pack, new: Pack, lang: str) -> list[str]:
    """What changed for one rule: its severity, the pack data it reads, its citation."""
    parts = []
    if "severity" in reasons:
        if lang == "vi":
            parts.append(f"mức độ {severity_label(old.severity(code))} → {severity_label(new.severity(code))}")
        else:
            parts.append(f"severity {old.severity(code)} → {new.severity(code)}")
    data = [r for r in reasons if r not in ("severity", "citation")]
    if data:
        parts.append(_t("data", lang) + ": " + ", ".join(f"`{d}`" for d in data))
    if "citation" in reasons:
        parts.append(f"{_t('source', lang)}: {new.citation(code, lang) or '-'}")
    return parts
