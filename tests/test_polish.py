"""Defects a reviewer found trying the tool as a user: English plurals, raw keys in English output,
a stray " :" before a finding without a location, the annotated copy's language, a missing budget
year, `validate --annotate` saying what it wrote."""

from __future__ import annotations

from conftest import EXAMPLES, PROVINCE, run

from budgetkit.outputs.words import counted

ROUND2 = EXAMPLES / "son-la-vong-2"


def test_counted_is_singular_for_one_only():
    assert [counted(n, "errors") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]
    assert counted(1, "warnings") == "1 warning" and counted(1, "files") == "1 file"


def test_validate_en_says_1_warning():
    done = run("validate", PROVINCE / "chieng-sinh-loi.xlsx", "--lang", "en")
    assert "FAILED: 8 errors, 1 warning" in done.stdout and "1 warnings" not in done.stdout


def test_batch_en_plurals_and_spending_labels_as_validate():
    done = run("batch", PROVINCE, "--lang", "en")
    assert "8 errors, 1 warning." in done.stdout and "1 warnings" not in done.stdout
    assert "Investment" in done.stdout and "Recurrent" in done.stdout
    assert "investment" not in done.stdout and "recurrent" not in done.stdout


def test_diff_en_plurals_and_spending_labels():
    done = run("diff", PROVINCE / "chieng-sinh-loi.xlsx", ROUND2 / "chieng-sinh.xlsx", "--lang", "en")
    assert "(failed: 8 errors, 1 warning)" in done.stdout and "1 warnings" not in done.stdout
    assert "│ Investment" in done.stdout and "│ Recurrent" in done.stdout
    assert "│ investment" not in done.stdout and "│ recurrent" not in done.stdout


def test_vietnamese_counts_unchanged():
    done = run("validate", PROVINCE / "chieng-sinh-loi.xlsx", "--lang", "vi")
    assert "8 lỗi, 1 cảnh báo" in done.stdout
