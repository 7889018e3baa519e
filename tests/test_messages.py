"""Findings keep their values, not their text: every rule's every message variant renders in both
languages from typed sample values, and no finding carries text rendered when it was made."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

from budgetkit.checking import check_file
from budgetkit.findings import Finding, Severity, make_finding
from budgetkit.guidance import Guidance
from budgetkit.i18n import Digits, FileList, Label, Percent
from budgetkit.locations import WHOLE_FILE, Cell, Location
from budgetkit.rules import all_rules

from conftest import EXAMPLES, PROVINCE, ROOT

# A sample of every value a message names, of the type the code gives it. A template that names a value
# missing here fails (add its sample with its true type); a sample no template names fails too.
SAMPLES: dict[str, object] = {
    # amounts (million VND) and counts shown with thousands separators
    **{
        name: Decimal("1234.5")
        for name in (
            "estimate",
            "remaining",
            "approved",
            "allocated",
            "prior",
            "expected",
            "disbursed",
            "estimate_prior",
            "declared",
            "computed",
            "difference",
            "amount",
            "limit",
            "meant",
            "new_total",
            "total",
            "expenditure",
            "strategic",
            "recurrent",
            "ceiling",
            "over",
            "size",
            "packed",
            "cells",
            "count",
            "row",
        )
    },
    # percents
    "rate": Decimal("40.0"),
    "share": Percent(Decimal("0.0213"), 2),
    "minimum": Percent(Decimal("0.03"), 0),
    "change": Percent(Decimal("0.35"), signed=True),
    "threshold": Percent(Decimal("0.5"), 0),
    # years and plain numbers
    **dict.fromkeys(("year", "prior_year", "end_year", "start_year", "low", "high", "from_year"), 2026),
    **dict.fromkeys(("number", "offset", "line", "column", "dropped", "megabytes", "seconds", "ratio", "file_count"), 7),
    # the reading of a number typed as text, an enumerated value, files, a place
    "read": Digits(Decimal("1234.5")),
    "spending": Label("recurrent", "Thường xuyên"),
    "files": FileList(("a.xlsx", "b.xlsx", "c.xlsx", "d.xlsx", "e.xlsx")),
    "first": Cell("Dự toán", 7, "A"),  # V007's earlier line (F009's is a line number: rendered alike)
    # text from the file or the pack
    **dict.fromkeys(
        (
            "label",
            "key",
            "value",
            "name",
            "missing",
            "found",
            "near",
            "header",
            "encoding",
            "converted",
            "hidden",
            "sheet",
            "visible",
            "error",
            "suffix",
            "part",
            "problem",
            "tag",
            "detail",
            "cell",
            "last",
            "allowed",
            "new",
            "check",
            "line_id",
            "code",
            "years",
            "title",
            "tags",
            "hint",
            "other",
            "category",
            "category_pillar",
            "pillar",
            "level",
            "keyword",
            "lead",
            "path",
        ),
        "“mẫu”",
    ),
}


def _variants():
    return [(rule, kind) for rule in all_rules() for kind in rule.messages]


@pytest.mark.parametrize(("rule", "kind"), _variants(), ids=lambda x: getattr(x, "code", None) or x or "-")
def test_every_variant_renders_in_both_languages(rule, kind):
    needed = rule.placeholders(kind)
    assert needed <= SAMPLES.keys(), f"{rule.code} {kind!r}: no sample for {sorted(needed - SAMPLES.keys())}"
    assert not [n for n in needed if n.endswith(("_vi", "_en"))], "a value per language: render it from one value"
    params = {name: SAMPLES[name] for name in needed} | ({"kind": kind} if kind else {})
    vi, en = rule.render("vi", params), rule.render("en", params)
    for text in (vi, en):
        assert text.strip() and "{" not in text and "}" not in text, text
    assert vi != en
    for template in rule.messages[kind]:  # a message is a sentence, never only a placeholder
        assert re.sub(r"\{[^}]*\}", "", template).strip(" .:;"), (rule.code, kind, template)


def test_every_sample_is_named_by_a_template():
    named = {name for rule, kind in _variants() for name in rule.placeholders(kind)}
    assert sorted(SAMPLES.keys() - named) == []


def test_typed_values_render_per_language():
    rule = next(r for r in all_rules() if r.code == "S003")
    params = {
        "kind": "changed",
        "pillar": "CĐS",
        "spending": Label("recurrent", "Thường xuyên"),
        "year": 2026,
        "prior_year": 2025,
        "estimate": Decimal(900),
        "prior": Decimal("1400.5"),
        "change": Percent(Decimal("-0.357"), signed=True),
    }
    assert rule.render("vi", params) == (
        "Nhóm CĐS - Thường xuyên: dự toán năm 2026 900 so với 1.400,5 năm 2025 (-35,7%) cần thuyết minh nhóm (trang Thuyết minh)."
    )
    assert rule.render("en", params) == (
        "Group CĐS - recurrent: the 2026 estimate 900 against 1,400.5 in 2025 (-35.7%) needs a group explanation (Thuyết minh sheet)."
    )
    assert Percent(Decimal("0.35"), signed=True).render("vi") == "+35,0%"
    assert Digits(Decimal("1234.5")).render("vi") == "1234,5" and Digits(Decimal("1234.5")).render("en") == "1234.5"
    assert FileList(tuple("abcde")).render("vi") == "a, b, c và 2 tệp khác"


class _Pack:
    def severity(self, code: str) -> str:
        return "warning"

    def citation(self, code: str, lang: str = "vi") -> str | None:
        return None


def test_a_finding_is_refused_when_its_message_cannot_render():
    with pytest.raises(KeyError, match="no message variant"):
        make_finding(_Pack(), "F001", WHOLE_FILE, kind="no_such_reason")
    with pytest.raises(KeyError, match="needs error"):
        make_finding(_Pack(), "F001", WHOLE_FILE, kind="cannot_open")
    finding = make_finding(_Pack(), "F001", WHOLE_FILE, kind="cannot_open", error="Permission denied")
    assert finding is not None and finding.severity is Severity.WARNING
    assert finding.message("en") == "The file cannot be read: the file cannot be opened (Permission denied)."


NEUTRAL = (str, int, Decimal, Percent, Digits, Label, FileList, Location, type(None))


def test_no_finding_carries_prerendered_text(corpus):
    fields = {"code", "severity", "location", "params", "value", "files", "citation", "citation_en"}
    assert {f.name for f in dataclasses.fields(Finding)} == fields
    guidance = Guidance()
    folder, _, _ = corpus  # the worker's corpus (tests/conftest.py), made once
    paths = [*EXAMPLES.glob("*.yaml"), *PROVINCE.glob("*.xlsx"), *sorted(folder.iterdir())]
    findings = [f for path in paths for f in check_file(path, guidance).findings]
    assert len({f.code for f in findings}) > 15
    for finding in findings:
        assert isinstance(finding.severity, Severity)
        for key, value in finding.params.items():
            assert not key.endswith(("_vi", "_en")), (finding.code, key)
            assert isinstance(value, NEUTRAL), (finding.code, key, value)
        assert finding.message("vi") != finding.message("en") or finding.code == "F006", finding.code


_PER_LANGUAGE_ARGUMENT = re.compile(r"\b\w+_(?:vi|en)\s*=")


def test_no_message_values_per_language_in_the_source():
    """Rules and loaders pass one value, never a Vietnamese and an English fragment of a message."""
    offenders = []
    for path in sorted((ROOT / "budgetkit").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for call in re.finditer(r"(?:emit|finding|make_finding|ScanProblem|WorkbookProblem|Unsafe|_over)\((?:[^()]|\([^()]*\))*\)", text):
            if _PER_LANGUAGE_ARGUMENT.search(call.group(0)):
                offenders.append(f"{path.relative_to(ROOT)}: {call.group(0)[:80]}")
    assert offenders == []


def test_severity_words_live_in_one_place():
    assert [s.label("vi") for s in Severity] == ["lỗi", "cảnh báo", "thông tin"]
    assert [s.heading("en") for s in Severity] == ["Error", "Warning", "Info"]
    copies = [
        p
        for p in sorted((ROOT / "budgetkit").rglob("*.py"))
        if p.name != "findings.py"
        and re.search(r"[\"']info[\"']\s*:\s*[\"'](?:Thông tin|thông tin|Note|info)[\"']", p.read_text(encoding="utf-8"))
    ]
    assert copies == [], [str(Path(p).relative_to(ROOT)) for p in copies]
