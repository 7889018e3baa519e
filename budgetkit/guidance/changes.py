"""What differs between two guidance packs (`budgetkit rules --year 2027 --changes`), as Markdown a
person reads in a terminal too: the legal bases, categories, priority codes, strategic technologies,
budget codes, thresholds, keywords, calendar, unknowns and every rule whose severity or citation moved."""

from __future__ import annotations

from typing import Any

from budgetkit.guidance import Pack

SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin", "off": "tắt"}

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


def _added_removed(title: str, old: dict[str, Any], new: dict[str, Any], show: Any = None) -> list[str]:
    show = show or (lambda value: value)
    out: list[str] = []
    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    changed = [k for k in new if k in old and old[k] != new[k]]
    if not (added or removed or changed):
        return out
    out += [f"## {title}", ""]
    out += [f"- thêm `{k}`: {show(new[k])}" for k in added]
    out += [f"- bỏ `{k}`: {show(old[k])}" for k in removed]
    out += [f"- đổi `{k}`: {show(old[k])} → {show(new[k])}" for k in changed]
    out.append("")
    return out


def _category(value: dict[str, Any]) -> str:
    return f"{value['title']} ({value['pillar']}; {', '.join(value['spending'])})"


def changes_markdown(old: Pack, new: Pack) -> str:
    from budgetkit.rules.registry import all_rules

    a, b = _raw(old), _raw(new)
    out = [f"# Gói {new.budget_year} ({new.pack_version}) so với gói {old.budget_year} ({old.pack_version})", ""]
    out += [f"Văn bản hướng dẫn: {old.id} → {new.id}", ""]
    bases_old, bases_new = a["legal_bases"], b["legal_bases"]
    added = [x for x in bases_new if x not in bases_old]
    removed = [x for x in bases_old if x not in bases_new]
    if added or removed:
        out += ["## Căn cứ pháp lý", ""]
        out += [f"- thêm: {x}" for x in added] + [f"- bỏ: {x}" for x in removed] + [""]
    out += _added_removed("Nhóm nội dung", a["categories"], b["categories"], _category)
    out += _added_removed("Mã nhiệm vụ ưu tiên", a["priorities"], b["priorities"])
    if a["strategic_technologies"]["decision"] != b["strategic_technologies"]["decision"]:
        out += ["## Công nghệ chiến lược", "",
                f"- {a['strategic_technologies']['decision']} → {b['strategic_technologies']['decision']}",
                f"- mã: {', '.join(a['strategic_technologies']['codes'])} → {', '.join(b['strategic_technologies']['codes'])}", ""]
    if new.crosswalk is not None:
        out += [f"## Đổi mã từ gói {new.crosswalk.from_year} (budgetkit rollover; P003 gợi ý mã mới)", ""]
        for kind, entries in (("mã ưu tiên", new.crosswalk.priorities), ("nhóm nội dung", new.crosswalk.categories)):
            for code, entry in entries.items():
                note = f" (kiểm tra: {entry.check})" if entry.check else ""
                out.append(f"- {kind} `{code}` → {', '.join(f'`{c}`' for c in entry.to)}{note}")
        out.append("")
    out += _added_removed("Mã Loại - Khoản theo lĩnh vực (C005)", a["budget_codes"], b["budget_codes"], lambda v: ", ".join(v) or "(không kiểm tra)")
    out += _added_removed("Ngưỡng", a["thresholds"], b["thresholds"])
    out += _added_removed("Giới hạn an toàn", a["limits"], b["limits"])
    out += _added_removed("Từ khóa", a["keywords"], b["keywords"], lambda v: "; ".join(v))
    if a.get("calendar") != b.get("calendar") and new.calendar is not None:
        out += [f"## Lịch lập dự toán ({new.calendar.source})", ""]
        for d in new.calendar.deadlines:
            out.append(f"- trước ngày {d.date.day}/{d.date.month}/{d.date.year}: {d.who} {d.what} ({d.citation})")
        if new.calendar.note:
            out.append(f"- {new.calendar.note}")
        out.append("")
    if new.unknowns:
        out += ["## Chưa có văn bản (đánh dấu trong gói)", ""] + [f"- {u}" for u in new.unknowns] + [""]
    titles = {r.code: r.title[0] for r in all_rules()}
    changes = changed_rules(old, new)
    if changes:
        out += ["## Quy tắc", ""]
        for code, reasons in changes.items():
            parts = []
            if "severity" in reasons:
                parts.append(f"mức độ {SEVERITY_VI[old.severity(code)]} → {SEVERITY_VI[new.severity(code)]}")
            data = [r for r in reasons if r not in ("severity", "citation")]
            if data:
                parts.append("dữ liệu gói: " + ", ".join(f"`{d}`" for d in data))
            if "citation" in reasons:
                parts.append(f"căn cứ: {new.citation(code) or '-'}")
            out.append(f"- {code} {titles.get(code, '')}: " + "; ".join(parts))
        out.append("")
    return "\n".join(out).rstrip() + "\n"
