"""Rule documentation, shown by `explain` and generated into docs/rules.md (never copied by hand)."""

from __future__ import annotations

from budgetkit.findings import severity_label
from budgetkit.guidance import Pack
from budgetkit.rules.registry import Rule, all_rules

HEADINGS_VI = {"what": "Quy tắc kiểm tra gì", "why": "Vì sao quan trọng", "failing": "Ví dụ không đạt", "passing": "Ví dụ đạt", "source": "Căn cứ"}
CONVENTION = ("Quy ước của budgetkit: không có văn bản quy định riêng.", "budgetkit's own convention: no legal text prescribes it.")
HEADINGS_EN = {"what": "What it checks", "why": "Why it matters", "failing": "Failing example", "passing": "Passing example", "source": "Source"}


def rule_markdown(rule: Rule, pack: Pack, lang: str = "vi", level: int = 2) -> str:
    headings = HEADINGS_VI if lang == "vi" else HEADINGS_EN
    severity = pack.severity(rule.code)
    title = rule.title[0 if lang == "vi" else 1]
    hashes = "#" * level
    parts = [
        f"{hashes} {rule.code} - {title}",
        "",
        f"{'Mức độ' if lang == 'vi' else 'Severity'}: {severity_label(severity, lang)}",
        "",
        f"{hashes}# {headings['what']}", "", rule.what, "",
        f"{hashes}# {headings['why']}", "", rule.why, "",
        f"{hashes}# {headings['failing']}", "", "```yaml", rule.failing, "```", "",
        f"{hashes}# {headings['passing']}", "", "```yaml", rule.passing, "```", "",
        f"{hashes}# {headings['source']}", "", pack.citation(rule.code) or CONVENTION[0 if lang == "vi" else 1], "",
    ]
    return "\n".join(parts)


def rules_reference(pack: Pack) -> str:
    """The whole catalogue as Markdown (docs/rules.md)."""
    out = [
        "# Danh mục quy tắc kiểm tra của budgetkit",
        "",
        f"Tệp này được tạo bởi `budgetkit rules --markdown` từ gói hướng dẫn {pack.id} (phiên bản {pack.pack_version}); "
        "đừng sửa tay. Mã quy tắc ổn định, không bao giờ dùng lại.",
        "",
        "| Mã | Mức độ | Nội dung |",
        "|---|---|---|",
    ]
    for rule in all_rules():
        out.append(f"| {rule.code} | {severity_label(pack.severity(rule.code))} | {rule.title[0]} |")
    out.append("")
    for rule in all_rules():
        out.append(rule_markdown(rule, pack, "vi"))
    return "\n".join(out).rstrip() + "\n"
