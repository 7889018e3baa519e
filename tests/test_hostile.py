"""The hostile and broken corpus through validate and batch: the outcome due, no traceback, inputs intact."""

from __future__ import annotations

import hashlib
import json

from conftest import run
from corpus import check_outcome as _check


def test_each_file_through_validate(corpus):
    folder, expected, digests = corpus
    for name, outcome in expected.items():
        done = run("validate", str(folder / name), "--format", "json")
        assert "Traceback" not in done.stderr, name
        record = json.loads(done.stdout)["files"][0]
        _check(record, outcome)
        has_error = any(f["severity"] == "error" for f in record["findings"])
        assert record["status"] == ("failed" if has_error else "passed") and done.returncode == (1 if has_error else 0), name
    for name, digest in digests.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, f"{name} was modified"
