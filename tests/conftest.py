"""Shared helpers: the example data, `run` (a command in this process, as the console script runs it) and
`run_installed` (the installed `budgetkit` in a real process, for the few tests that need one)."""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings as hypothesis_settings

from budgetkit.checking import check_file
from budgetkit.guidance import Guidance

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PROVINCE = EXAMPLES / "son-la"
BASE = yaml.safe_load((EXAMPLES / "chieng-mung.yaml").read_text(encoding="utf-8"))
# What every command a test runs sees, in this process or another: Vietnamese unless asked, and one console
# width (160, what a pipe gets) - not the test runner's: pytest-xdist gives its workers COLUMNS=80 and LINES,
# which wrapped the printed lines test_compare, test_cli and test_output_guard compare.
COMMAND_ENV = {"BUDGETKIT_LANG": "vi", "COLUMNS": "160"}
os.environ.pop("LINES", None)
os.environ.update(COMMAND_ENV)

# Hypothesis: 20 examples a property in the suite (the YAML -> Excel -> YAML round trip is ~0.3 s an example, and
# the suite must stay under a minute on 2 cores); HYPOTHESIS_PROFILE=thorough runs 200 (before a release, or
# when the loaders or the workbook writer change).
hypothesis_settings.register_profile("suite", max_examples=20)
hypothesis_settings.register_profile("thorough", max_examples=200)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


@dataclass(frozen=True)
class Done:
    """What a command gave: its exit status and what it wrote (the shape of subprocess.CompletedProcess)."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


@contextmanager
def _working_directory(cwd: Path | None) -> Iterator[None]:
    if cwd is None:
        yield
        return
    before = Path.cwd()
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(before)


def run(*args: str | Path, env: dict[str, str | None] | None = None, cwd: Path | None = ROOT) -> Done:
    """`budgetkit ARGS` in this process, through the wrapper the console script calls (`budgetkit.cli.main`):
    the language detected, usage errors in Vietnamese, the exit status, the one-line errors. stdout and stderr
    are captured by typer's CliRunner; `env` adds to (None: removes from) the environment and `cwd` (default: the
    repository, as relative example paths expect) is the working directory, for the run only."""
    from typer.testing import CliRunner

    from budgetkit.cli import main

    argv = tuple(str(a) for a in args)
    with CliRunner().isolation(env={**COMMAND_ENV, **(env or {})}) as (out, err, _), _working_directory(cwd):
        status = main(list(argv))
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr = out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace")
    return Done(argv, status, stdout, stderr)


def installed_command() -> str:
    """The `budgetkit` console script installed next to this Python (pip install -e .), else the one on PATH."""
    beside = Path(sys.executable).parent / "budgetkit"
    found = str(beside) if beside.is_file() else shutil.which("budgetkit")
    assert found, "budgetkit is not installed: pip install -e '.[test]'"
    return found


def run_installed(
    *args: str | Path, env: dict[str, str] | None = None, cwd: Path = ROOT, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """The installed `budgetkit ARGS` in its own process (end to end: the console script, signals, forked workers)."""
    return subprocess.run(
        [installed_command(), *(str(a) for a in args)],
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        cwd=cwd,
        env={**os.environ, **COMMAND_ENV, **(env or {})},
        timeout=timeout,
    )


# The longest test files first (measured on 2 cores, longest first), so that pytest-xdist's `--dist loadfile`
# (with --no-loadscope-reorder: pyproject's addopts) hands them out before the short ones and the workers end
# together; a file not named here keeps its place after them.
LONGEST_FIRST = (
    "test_serve_corpus.py",
    "test_isolation_signal.py",
    "test_report.py",
    "test_hostile.py",
    "test_serve.py",
    "test_authoring.py",
    "test_isolation.py",
    "test_messages.py",
    "test_hostile_batch.py",
    "test_report_layout.py",
    "test_serve_browser.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The items of the longest files first (LONGEST_FIRST), each file's own order kept."""
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture(scope="session")
def guidance() -> Guidance:
    return Guidance()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[str, object]], dict[str, str]]:
    """The hostile and broken corpus (tests/corpus.py), made once per worker: its folder, each file's expected
    outcome and each file's digest (no test may change it)."""
    from corpus import digests, make_corpus

    folder = tmp_path_factory.mktemp("corpus")
    expected = make_corpus(folder)
    return folder, expected, digests(folder, expected)


@pytest.fixture()
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every temporary file of a request to the web server goes here (test_serve*.py): it must be empty again
    after each response."""
    import multiprocessing.util

    multiprocessing.util.get_temp_dir()  # the worker pool's own folder (its sockets) stays short, outside the scratch
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setattr("budgetkit.serve.uploads.RAM_FOLDER", folder)  # a small request's folder, in memory elsewhere
    return folder


def left_in(scratch: Path) -> list[str]:
    """What requests left in the temporary folder (multiprocessing's own socket folder, pymp-*, belongs to the
    worker pool, not to a request)."""
    return [p.name for p in scratch.iterdir() if not p.name.startswith("pymp-")]


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., None]:
    """convert(paths, to, outdir): LibreOffice, headless, with one user profile per worker - its first start makes
    the profile (seconds), the later ones reuse it."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(paths: Sequence[Path], to: str, outdir: Path, timeout: float = 240) -> None:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                str(outdir),
                *map(str, paths),
            ],
            capture_output=True,
            timeout=timeout,
            check=True,
        )

    return convert


def base_data() -> dict[str, Any]:
    return copy.deepcopy(BASE)


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _walk(data: Any, path: str) -> tuple[Any, Any]:
    steps = [m.group(1) if m.group(1) is not None else int(m.group(2)) for m in _STEP.finditer(path)]
    node = data
    for step in steps[:-1]:
        node = node[step]
    return node, steps[-1]


def mutate(data: dict[str, Any], set_: dict[str, Any] | None = None, delete: list[str] | None = None) -> dict[str, Any]:
    for path, value in (set_ or {}).items():
        parent, key = _walk(data, path)
        if isinstance(parent, list) and key == len(parent):
            parent.append(value)
        else:
            parent[key] = value
    for path in delete or []:
        parent, key = _walk(data, path)
        del parent[key]
    return data


def write_yaml(tmp_path: Path, data: Any, name: str = "unit.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def check_data(tmp_path: Path, data: Any, guidance: Guidance | None = None):
    path = write_yaml(tmp_path, data)
    return check_file(path, guidance or Guidance())


def codes(result) -> list[str]:
    return [f.code for f in result.findings]
