"""Every rule is documented in both languages, and `explain`/`rules --lang en` print English throughout.

English documentation may name things in Vietnamese only where a Vietnamese reader's file or law does: inside
quotes (a column heading, a value, a legacy-text sample), in a YAML example's values (what the file holds),
in document numbers (224/2026/NĐ-CP) and in the few budget terms kept as they are written (Loại, Khoản).
The legal sources under "Source" are the pack's English citations (citation_en), English too.
"""

from __future__ import annotations

import re

import pytest

from budgetkit.guidance import Guidance
from budgetkit.rules import all_rules
from budgetkit.rules.docs import HEADINGS_VI, rules_reference

from conftest import ROOT, run

# Vietnamese names an English text may write unquoted: the budget classification's own words, place names.
KEPT_NAMES = ("Loại", "Khoản", "ĐVQHNS", "Chiềng Mung", "Sơn La")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|`[^`]*`|‘[^’]*’|\*\*[^*]*\*\*")
_WITH_DIGIT = re.compile(r"\S*\d\S*")  # 224/2026/NĐ-CP, QĐ-UBND 845/2025: document numbers
_YAML_VALUE = re.compile(r"^(\s*(?:-\s+)?[A-Za-z_][\w.]*:)[^#]*")  # `key: value  # comment`: the value is the file's


def foreign_letters(text: str, example: bool = False) -> str:
    """The letters of `text` that are not English, outside what English documentation may quote.

    In an example (`example=True`) a YAML line's value is what the file holds and stays as written; its
    comment is prose and must be English."""
    kept = []
    for line in text.splitlines():
        if example:
            line = _YAML_VALUE.sub(r"\1", line)
        line = _WITH_DIGIT.sub(" ", _QUOTED.sub(" ", line))
        for name in KEPT_NAMES:
            line = re.sub(rf"(?<!\w){name}(?!\w)", " ", line)
        kept.append(line)
    return "".join(c for c in "\n".join(kept) if c.isalpha() and not c.isascii())


def test_the_check_sees_vietnamese_prose_and_spares_quotes_values_and_citations():
    assert foreign_letters("Dự toán năm N không vượt số kiểm tra.") != ""
    assert foreign_letters("estimate: 350   # còn lại 300", example=True) != ""
    assert foreign_letters("The “Dự toán” sheet, Circular 56/2025/TT-BTC, Decree 224/2026/NĐ-CP, Loại 100 Khoản 104.") == ""
    assert foreign_letters("name: Xây mới nhà điều hành\nspending: recurrent   # a construction keyword", example=True) == ""
    assert foreign_letters("name: Xây mới nhà điều hành", example=False) != ""


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_is_documented_in_english(rule):
    for part in ("what", "why"):
        vi, en = getattr(rule, part)
        assert en and en != vi, f'{rule.code}: {part}= needs an English text: {part}=("…vi…", "…en…")'
        assert foreign_letters(en) == "", f"{rule.code} {part} (en): {en}"
    for part in ("failing", "passing"):
        vi, en = getattr(rule, part)
        assert en, rule.code
        assert foreign_letters(en, example=True) == "", f"{rule.code} {part} (en): {en}"
    assert foreign_letters(rule.title[1]) == "", rule.code


def test_explain_in_english_is_english_throughout():
    for rule in all_rules():
        done = run("explain", rule.code, "--lang", "en")
        assert done.returncode == 0, (rule.code, done.stderr)
        text, source = done.stdout.split("\n## Source\n", 1)
        examples = re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)
        prose = re.sub(r"```yaml\n.*?```", "", text, flags=re.DOTALL)
        headings = [line for line in prose.splitlines() if line.startswith(("#", "Severity:"))]
        assert len(headings) == 6 and all(foreign_letters(h) == "" for h in headings), (rule.code, headings)
        assert not any(vi in done.stdout for vi in (*HEADINGS_VI.values(), "Mức độ")), rule.code
        assert len(examples) == 2 and all(foreign_letters(e, example=True) == "" for e in examples), (rule.code, examples)
        assert foreign_letters(prose) == "", (rule.code, prose)
        assert source.strip() and foreign_letters(source) == "", (rule.code, source)


def test_explain_in_vietnamese_keeps_its_headings():
    done = run("explain", "A001")
    assert done.returncode == 0
    assert all(f"## {heading}" in done.stdout for heading in HEADINGS_VI.values())


def test_rules_in_english_lists_english_titles_and_severities():
    done = run("rules", "--lang", "en")
    assert done.returncode == 0
    assert "A001" in done.stdout and "error" in done.stdout
    assert foreign_letters(done.stdout) == ""


def test_the_english_catalogue_is_generated_and_linked():
    pack = Guidance().pack(None)
    english = rules_reference(pack, "en")
    assert (ROOT / "docs" / "rules.en.md").read_text(encoding="utf-8") == english, (
        "run: budgetkit rules --markdown --lang en > docs/rules.en.md"
    )
    assert rules_reference(pack) != english and "## Căn cứ" not in english
    assert "rules.en.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_web_page_of_a_rule_is_english_in_english():
    import html

    from starlette.testclient import TestClient

    from budgetkit.rules import get
    from budgetkit.serve import create_app

    client = TestClient(create_app(), base_url="http://127.0.0.1:8765")  # no lifespan: these pages need no workers
    for rule in client.get("/api/rules?lang=en").json()["rules"]:
        assert (rule["what"], rule["why"]) == (get(rule["code"]).doc("what", "en"), get(rule["code"]).doc("why", "en"))
    page = html.unescape(client.get("/rules/C005?lang=en").text)
    vietnamese = html.unescape(client.get("/rules/C005").text)
    assert get("C005").doc("what", "en") in page and get("C005").doc("failing", "en") in page
    assert get("C005").doc("what", "vi") in vietnamese and get("C005").doc("what", "vi") not in page
