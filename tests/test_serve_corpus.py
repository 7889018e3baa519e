"""budgetkit serve and the hostile corpus: findings or a 4xx, never a 500, and nothing left behind (a file of its
own, apart from test_serve.py, so that the two heaviest parts of the serve tests run on two workers)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from starlette.testclient import TestClient

from budgetkit.serve import create_app

from conftest import left_in
from corpus import AT_THE_LIMITS, check_outcome


def test_hostile_corpus_gives_findings_or_4xx_never_500(corpus, scratch):
    with TestClient(create_app(), base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        _corpus(client, corpus, scratch)


def _corpus(client: TestClient, corpus: tuple[Path, dict[str, tuple[str, object]], dict[str, str]], scratch: Path) -> None:
    folder, expected, _ = corpus
    names = [name for name in expected if name not in AT_THE_LIMITS]  # the loader's limits: test_hostile's
    for name in names:
        answer = client.post("/api/validate", files=[("files", (name, (folder / name).read_bytes()))])
        assert answer.status_code == 200, (name, answer.text[:300])
        check_outcome(answer.json()["files"][0], expected[name])
        for endpoint in ("/api/annotate", "/api/report?format=docx"):
            other = client.post(endpoint, files=[("files", (name, (folder / name).read_bytes()))])
            assert other.status_code in (200, 413, 422), (endpoint, name, other.status_code)
            assert "Traceback" not in other.text
    whole = client.post("/api/batch", files=[("files", (n, (folder / n).read_bytes())) for n in names])
    assert whole.status_code == 200
    assert Counter(f["status"] for f in whole.json()["files"])["failed"] > 0
    assert left_in(scratch) == []
