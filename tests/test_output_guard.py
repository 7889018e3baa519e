"""The output-path guard: no output on an input, on another output, or on a file the user did not name."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from budgetkit.guard import REFUSALS, Output, OutputRefused, check_outputs, output_kind, same_file

from conftest import EXAMPLES, PROVINCE, run


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_report_onto_its_input_is_refused_and_the_input_kept(tmp_path):
    source = tmp_path / "same.xlsx"
    shutil.copy(PROVINCE / "chieng-mung.xlsx", source)
    before = digest(source)
    for spelling in (str(source), str(tmp_path / "." / "same.xlsx"), "same.xlsx"):
        done = run("report", str(source), "-o", spelling, cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and "tệp vào" in done.stderr and "Traceback" not in done.stderr
    assert digest(source) == before
    done = run("report", str(source), "-o", str(source), "--lang", "en")
    assert done.returncode == 2 and "never overwrites an input" in done.stderr


def test_report_through_a_link_is_the_same_file(tmp_path):
    source = tmp_path / "xa.xlsx"
    shutil.copy(PROVINCE / "chieng-mung.xlsx", source)
    (tmp_path / "link.xlsx").symlink_to(source)
    (tmp_path / "hard.xlsx").hardlink_to(source)
    for name in ("link.xlsx", "hard.xlsx"):
        assert run("report", str(source), "-o", str(tmp_path / name)).returncode == 2


def test_batch_summary_onto_a_submission_is_refused(tmp_path):
    folder = tmp_path / "ho-so"
    shutil.copytree(PROVINCE, folder)
    before = digest(folder / "chieng-mung.xlsx")
    done = run("batch", str(folder), "--summary", str(folder / "chieng-mung.xlsx"))
    assert done.returncode == 2 and "--summary" in done.stderr and "tệp vào" in done.stderr
    assert digest(folder / "chieng-mung.xlsx") == before


def test_template_never_replaces_an_existing_file_without_force(tmp_path):
    filled = tmp_path / "du-toan.xlsx"
    shutil.copy(PROVINCE / "chieng-mung.xlsx", filled)
    before = digest(filled)
    done = run("template", cwd=tmp_path)  # the default name
    assert done.returncode == 2 and "--force" in done.stderr and digest(filled) == before
    assert run("template", "-o", "du-toan.xlsx", cwd=tmp_path).returncode == 2 and digest(filled) == before
    assert run("template", "-o", "du-toan.xlsx", "--force", cwd=tmp_path).returncode == 0
    assert digest(filled) != before
    assert run("template", "-o", "moi.yaml", cwd=tmp_path).returncode == 0
    assert run("template", "-o", "moi.yaml", cwd=tmp_path).returncode == 2


def test_convert_and_guidance_inputs_are_protected(tmp_path):
    source = tmp_path / "xa.yaml"
    shutil.copy(EXAMPLES / "chieng-mung.yaml", source)
    assert run("convert", str(source), str(tmp_path / "." / "xa.yaml")).returncode == 2
    override = tmp_path / "dieu-chinh.yaml"
    override.write_text("thresholds: {}\n", encoding="utf-8")
    assert run("convert", str(source), str(override), "--guidance", str(override)).returncode == 2
    assert override.read_text(encoding="utf-8") == "thresholds: {}\n"


def test_annotated_copies_of_same_named_files_do_not_collide(tmp_path):
    folder = tmp_path / "ho-so"
    for sub in ("a", "b", "c"):
        (folder / sub).mkdir(parents=True)
        shutil.copy(PROVINCE / "chieng-mung.xlsx", folder / sub / "x.xlsx")
        shutil.copy(PROVINCE / "so-khcn-son-la.xlsx", folder / sub / "y.xlsx")
    done = run("batch", str(folder), "--annotate", str(tmp_path / "ann"), "--jobs", "1")
    assert done.returncode == 1, done.stderr  # X001: the same units three times
    copies = sorted(p.relative_to(tmp_path / "ann").as_posix() for p in (tmp_path / "ann").rglob("*.xlsx"))
    assert copies == [f"{s}/{n}.kiem-tra.xlsx" for s in "abc" for n in "xy"]
    done = run("validate", str(folder / "a" / "x.xlsx"), str(folder / "b" / "x.xlsx"), "--annotate", str(tmp_path / "v"))
    assert len(list((tmp_path / "v").rglob("*.xlsx"))) == 2
    # a second run replaces budgetkit's own copies; a foreign file where a copy would go is refused
    assert run("validate", str(folder / "a" / "x.xlsx"), str(folder / "b" / "x.xlsx"), "--annotate", str(tmp_path / "v")).returncode == 0
    foreign = tmp_path / "w" / "x.kiem-tra.xlsx"
    foreign.parent.mkdir()
    foreign.write_bytes(b"mine")
    done = run("validate", str(folder / "a" / "x.xlsx"), "--annotate", str(tmp_path / "w"))
    assert done.returncode == 2 and foreign.read_bytes() == b"mine"


def test_outputs_of_one_run_cannot_be_one_file(tmp_path):
    with pytest.raises(OutputRefused) as refused:
        check_outputs([Output(tmp_path / "a.xlsx", "--summary"), Output(tmp_path / "x" / ".." / "a.xlsx", "--annotate")])
    assert "--summary" in refused.value.message("vi") and "--annotate" in refused.value.message("en")
    with pytest.raises(OutputRefused):
        check_outputs([Output(tmp_path, "-o")])


def test_case_insensitive_where_the_file_system_is(tmp_path):
    (tmp_path / "Xa.xlsx").write_bytes(b"x")
    folds = (tmp_path / "XA.XLSX").exists()
    assert same_file(tmp_path / "Xa.xlsx", tmp_path / "XA.XLSX") == folds
    if folds:
        with pytest.raises(OutputRefused):
            check_outputs([Output(tmp_path / "XA.XLSX", "-o")], [tmp_path / "Xa.xlsx"])


def test_batch_skips_its_own_outputs_and_says_so(tmp_path):
    folder = tmp_path / "ho-so"
    shutil.copytree(PROVINCE, folder)
    first = run("batch", str(folder), "--annotate", str(folder / "danh-dau"), "--summary", str(folder / "tong-hop.xlsx"))
    assert first.returncode == 1, first.stderr
    assert output_kind(folder / "tong-hop.xlsx") == "summary"
    assert output_kind(folder / "danh-dau" / "chieng-mung.kiem-tra.xlsx") == "annotated"
    again = run("batch", folder, "--format", "json", "--annotate", folder / "danh-dau", "--summary", folder / "tong-hop.xlsx")
    report = json.loads(again.stdout)
    assert {Path(f["path"]).name for f in report["files"]} == {p.name for p in PROVINCE.glob("*.xlsx")}
    assert not any(f["code"] == "X001" for f in report["cross_file"])
    skipped = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert "tong-hop.xlsx" in skipped and "chieng-mung.kiem-tra.xlsx" in skipped
    text = run("batch", str(folder))
    assert "tong-hop.xlsx" in text.stdout and "bảng tổng hợp do budgetkit tạo" in text.stdout
    report_out = tmp_path / "bieu.xlsx"
    assert run("report", str(folder), "-o", str(report_out), "--draft").returncode == 0
    assert output_kind(report_out) == "report"


@pytest.mark.parametrize("command", ["convert", "schema"])
def test_convert_and_schema_never_replace_an_existing_file_without_force(tmp_path, command):
    # A unit's filled file given as OUT (or -o) by mistake is kept; --force replaces it.
    filled = tmp_path / ("du-toan.xlsx" if command == "convert" else "du-toan.yaml")
    filled.write_bytes(b"the unit's filled file")
    args = ["convert", EXAMPLES / "chieng-mung.yaml", filled] if command == "convert" else ["schema", "-o", filled]
    done = run(*args)
    assert done.returncode == 2, done.stderr
    assert "--force" in done.stderr and "Traceback" not in done.stderr
    assert filled.read_bytes() == b"the unit's filled file"
    assert run(*args, "--force").returncode == 0
    assert filled.read_bytes() != b"the unit's filled file"


def test_summary_and_report_tables_replace_only_what_budgetkit_wrote(tmp_path):
    # `batch DIR --summary` or `report -o` naming a unit's filled workbook outside the checked folder replaced it
    # (exit 1 or 0): now refused, the file kept; budgetkit's own summary or tables are still replaced on a rerun.
    filled = tmp_path / "xa-khac.xlsx"
    shutil.copy(PROVINCE / "so-khcn-son-la.xlsx", filled)
    before = digest(filled)
    for args in (("batch", PROVINCE, "--summary", filled), ("report", PROVINCE / "chieng-mung.xlsx", "-o", filled)):
        done = run(*args)
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and "không ghi đè" in done.stderr, done.stderr
        assert digest(filled) == before
    assert "is not a summary workbook written by budgetkit" in run("batch", PROVINCE, "--summary", filled, "--lang", "en").stderr
    summary, tables, word = tmp_path / "tong-hop.xlsx", tmp_path / "bieu.xlsx", tmp_path / "bao-cao.docx"
    for _ in range(2):
        assert run("batch", PROVINCE, "--summary", summary).returncode == 1  # chieng-sinh-loi fails
        assert run("report", PROVINCE / "chieng-mung.xlsx", "-o", tables).returncode == 0
        assert run("report", PROVINCE / "chieng-mung.xlsx", "-o", word).returncode == 0
    assert output_kind(summary) == "summary" and output_kind(tables) == "report"
    assert run("report", PROVINCE / "chieng-mung.xlsx", "-o", summary).returncode == 2  # a summary is not report tables


def test_the_annotate_folder_is_no_other_output_and_no_file(tmp_path):
    # `--summary s.xlsx --annotate s.xlsx` made the folder and lost the summary; a file named as the folder was a
    # "cannot write" error after the check. Both refused before any work, with the one line of the guard.
    source = tmp_path / "xa.xlsx"
    shutil.copy(PROVINCE / "chieng-mung.xlsx", source)
    done = run("batch", PROVINCE, "--summary", tmp_path / "s.xlsx", "--annotate", tmp_path / "s.xlsx")
    assert done.returncode == 2 and "hai tệp ra trùng nhau" in done.stderr and not (tmp_path / "s.xlsx").exists()
    before = digest(source)
    for command in ("validate", "batch"):
        target = source if command == "validate" else PROVINCE
        done = run(command, target, "--annotate", source)
        assert done.returncode == 2 and "không phải thư mục" in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert digest(source) == before


def test_batch_says_which_outputs_it_wrote(tmp_path):
    done = run("batch", PROVINCE, "--annotate", tmp_path / "ann", "--summary", tmp_path / "tong-hop.xlsx")
    wrote = sorted(line for line in done.stderr.splitlines() if line.startswith("Đã ghi "))
    copies = sorted(p.relative_to(PROVINCE).with_suffix("").as_posix() for p in PROVINCE.glob("*.xlsx"))
    assert wrote == sorted([f"Đã ghi {tmp_path / 'ann' / c}.kiem-tra.xlsx" for c in copies] + [f"Đã ghi {tmp_path / 'tong-hop.xlsx'}"])
    english = run("batch", PROVINCE, "--summary", tmp_path / "tong-hop.xlsx", "--lang", "en")
    assert f"Wrote {tmp_path / 'tong-hop.xlsx'}" in english.stderr.splitlines()


WRITERS = {
    "validate --annotate": ("validate", EXAMPLES / "son-la" / "chieng-mung.xlsx", "--annotate", "{out}"),
    "batch --summary": ("batch", PROVINCE, "--summary", "{out}/tong-hop.xlsx"),
    "batch --annotate": ("batch", PROVINCE, "--annotate", "{out}"),
    "report -o .docx": ("report", PROVINCE / "chieng-mung.xlsx", "-o", "{out}/bao-cao.docx"),
    "report -o .xlsx": ("report", PROVINCE / "chieng-mung.xlsx", "-o", "{out}/bieu.xlsx"),
    "template": ("template", "-o", "{out}/du-toan.xlsx"),
    "convert": ("convert", EXAMPLES / "chieng-mung.yaml", "{out}/xa.xlsx"),
    "schema -o": ("schema", "-o", "{out}/schema.json"),
    "rollover -o": ("rollover", EXAMPLES / "chieng-mung.yaml", "-o", "{out}/xa-2027.yaml"),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_command_that_writes_goes_through_the_one_guard(tmp_path, monkeypatch, writer):
    # The guard's check_outputs made to refuse everything: every command that writes stops with exit 2, its
    # one-line reason, and nothing written - so none writes without asking guard.py, and none has a check of its own.
    from budgetkit import guard

    asked = []

    def refuse(outputs, inputs=(), *, force=False):
        asked.append([o.option for o in outputs])
        raise guard.OutputRefused("exists", outputs[-1])

    monkeypatch.setattr(guard, "check_outputs", refuse)
    out = tmp_path / "out"
    args = [str(a).replace("{out}", str(out)) for a in WRITERS[writer]]
    for lang, said in (("vi", "budgetkit không ghi đè"), ("en", "budgetkit never overwrites it")):
        done = run(*args, "--lang", lang)
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and said in done.stderr, done.stderr
    assert asked and not out.exists()


@pytest.mark.parametrize("reason", sorted(REFUSALS))
def test_every_refusal_is_one_line_in_each_language(reason):
    refused = OutputRefused(reason, Output(Path("a.xlsx"), "-o"), source="b.xlsx", other="c.xlsx", other_option="--summary", kind="summary")
    vi, en = refused.message("vi"), refused.message("en")
    assert "a.xlsx" in vi and "a.xlsx" in en and vi != en and "\n" not in vi + en and "{" not in vi + en
    assert set(REFUSALS[reason]) == {"vi", "en"}
