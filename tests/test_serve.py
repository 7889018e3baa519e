"""budgetkit serve: the API answers what the commands give; it is bounded, guarded and leaves nothing behind."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import openpyxl
import pytest
from starlette.testclient import TestClient

from budgetkit.guidance import Guidance
from budgetkit.outputs.words import spending_label
from budgetkit.serve import create_app

from conftest import EXAMPLES, PROVINCE, ROOT, installed_command, left_in, run, run_installed

ROSTER = EXAMPLES / "son-la-danh-sach.yaml"
TOKEN = "k" * 12 + "-test-token-0123"


def _client(**kwargs) -> TestClient:
    return TestClient(create_app(**kwargs), base_url="http://127.0.0.1:8765")


@pytest.fixture(scope="module")
def client():
    with _client() as running:  # the lifespan stops the app's worker processes at the end
        yield running


def _province_files(prefix: str = "son-la/") -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (prefix + p.name, p.read_bytes())) for p in sorted(PROVINCE.iterdir())]


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _without_paths(report: dict, old: str, new: str) -> dict:
    return json.loads(json.dumps(report, ensure_ascii=False).replace(old, new))


# --- the API gives what the commands give ---------------------------------------------------------


def test_validate_is_the_json_of_validate(client, scratch):
    for path in [*sorted(PROVINCE.iterdir()), EXAMPLES / "chieng-mung-loi.yaml"]:
        answer = client.post("/api/validate", files=[("files", (path.name, path.read_bytes()))])
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/json")
        done = run("validate", str(path.relative_to(ROOT)), "--format", "json")
        expected = _without_paths(json.loads(done.stdout), str(path.relative_to(ROOT)), path.name)
        assert answer.json() == expected, path.name
        assert answer.headers["x-budgetkit-exit"] == str(done.returncode)
        assert left_in(scratch) == []


def test_validate_in_english_and_strict(client):
    data = (EXAMPLES / "chieng-mung-loi.yaml").read_bytes()
    english = client.post("/api/validate", files=[("files", ("x.yaml", data))], data={"lang": "en"}).json()
    vietnamese = client.post("/api/validate", files=[("files", ("x.yaml", data))]).json()
    assert english["files"][0]["findings"][0]["message"] != vietnamese["files"][0]["findings"][0]["message"]
    # A file whose only finding is a warning passes, and fails under strict (as validate's exit code).
    report = client.post("/api/validate", files=[("files", ("a.xlsx", (PROVINCE / "chieng-mung.xlsx").read_bytes()))]).json()
    assert report["files"][0]["status"] == "passed"
    warned = _with_a_warning()
    loose = client.post("/api/validate", files=[("files", ("w.yaml", warned))])
    strict = client.post("/api/validate", files=[("files", ("w.yaml", warned))], data={"strict": "true"})
    assert [f["severity"] for f in loose.json()["files"][0]["findings"]] == ["warning"]
    assert loose.headers["x-budgetkit-exit"] == "0" and strict.headers["x-budgetkit-exit"] == "1"
    assert loose.json() == strict.json()  # --strict changes the verdict (exit code), never the JSON


def _with_a_warning() -> bytes:
    text = (EXAMPLES / "chieng-mung.yaml").read_text(encoding="utf-8")
    text, count = re.subn(r"(\n\s+estimate: )(\d+)\n", lambda m: f"{m.group(1)}{m.group(2)}.0001\n", text, count=1)  # V006
    assert count == 1
    return text.encode("utf-8")


@pytest.mark.parametrize("as_zip", [False, True])
def test_batch_is_the_json_of_batch(client, scratch, as_zip):
    zipped = [("files", ("son-la.zip", _zip({f"son-la/{p.name}": p.read_bytes() for p in PROVINCE.iterdir()})))]
    files = zipped if as_zip else _province_files()
    answer = client.post("/api/batch", files=[*files, ("roster", (ROSTER.name, ROSTER.read_bytes()))])
    assert answer.status_code == 200
    done = run("batch", "examples/son-la", "--roster", str(ROSTER.relative_to(ROOT)), "--format", "json", "--jobs", "2")
    expected = _without_paths(json.loads(done.stdout), "examples/son-la/", "son-la/")
    assert answer.json() == expected
    assert answer.headers["x-budgetkit-exit"] == str(done.returncode) == "1"
    assert [f["code"] for f in answer.json()["cross_file"]] == ["X004"]
    assert left_in(scratch) == []


def test_batch_skips_what_batch_skips(client):
    files = [
        *_province_files(""),
        ("files", ("~$chieng-mung.xlsx", b"lock")),
        ("files", ("ghi-chu.txt", b"x")),
        ("files", ("cu.xls", b"x")),
    ]
    report = client.post("/api/batch", files=files).json()
    assert report["summary"]["files"] == 5  # the .xls is a submission that cannot be read (F001), never skipped
    assert next(f for f in report["files"] if f["path"] == "cu.xls")["findings"][0]["code"] == "F001"
    assert sorted(s["path"] for s in report["skipped"]) == ["ghi-chu.txt", "~$chieng-mung.xlsx"]


def test_batch_reports_progress(client, monkeypatch):
    from budgetkit.serve import work

    seen = []
    real = work.run_batch

    def spy(folder, guidance, jobs, roster, progress):
        batch = real(folder, guidance, jobs, roster, progress)
        seen.append(client.get("/api/progress/abcdefgh1234").json())  # asked while the request runs
        return batch

    monkeypatch.setattr(work, "run_batch", spy)
    assert client.post("/api/batch?progress=abcdefgh1234", files=_province_files()).status_code == 200
    assert seen == [{"stage": "checking", "done": 4, "total": 4}]
    assert client.get("/api/progress/abcdefgh1234").json()["stage"] == "unknown"  # forgotten after the answer


def test_downloads(client, scratch, tmp_path):
    one = [("files", ("chieng-sinh-loi.xlsx", (PROVINCE / "chieng-sinh-loi.xlsx").read_bytes()))]
    marked = client.post("/api/annotate", files=one)
    assert marked.status_code == 200 and "chieng-sinh-loi.kiem-tra.xlsx" in marked.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(marked.content))
    assert book.sheetnames[0] == "Kết quả kiểm tra"

    copies = client.post("/api/annotate", files=_province_files())
    assert copies.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(copies.content)).namelist()
    cli_dir = tmp_path / "cli"
    run("batch", "examples/son-la", "--annotate", str(cli_dir), "--jobs", "1")
    # the folders the person sent are kept inside the zip, as --annotate keeps subfolders
    assert sorted(n.removeprefix("son-la/") for n in names) == sorted(p.name for p in cli_dir.iterdir())

    summary = client.post("/api/summary", files=[*_province_files(), ("roster", (ROSTER.name, ROSTER.read_bytes()))])
    book = openpyxl.load_workbook(io.BytesIO(summary.content))
    assert book.sheetnames[:3] == ["Tổng hợp", "Lỗi", "Biểu 01"]
    assert any("X004" in str(c.value) for row in book["Lỗi"].iter_rows() for c in row)

    failing = [("files", ("chieng-sinh-loi.xlsx", (PROVINCE / "chieng-sinh-loi.xlsx").read_bytes()))]
    refused = client.post("/api/report?format=docx", files=failing)
    assert refused.status_code == 422 and refused.json()["errors"][0]["path"] == "chieng-sinh-loi.xlsx"
    draft = client.post("/api/report", files=failing, data={"format": "docx", "draft": "true"})
    assert draft.status_code == 200 and draft.content[:2] == b"PK" and "du-thao" in draft.headers["content-disposition"]
    # A consolidation (as `report DIR`) takes the files that pass and names the one left out.
    province = client.post("/api/report?format=docx", files=[*_province_files(), ("roster", (ROSTER.name, ROSTER.read_bytes()))])
    assert province.status_code == 200 and province.headers["x-budgetkit-left-out"] == "1"
    tables = client.post("/api/report?format=xlsx", files=[*_province_files(), ("roster", (ROSTER.name, ROSTER.read_bytes()))])
    for output, answer in (("docx", province), ("xlsx", tables)):
        done = run("report", "examples/son-la", "--roster", str(ROSTER.relative_to(ROOT)), "-o", str(tmp_path / f"r.{output}"))
        assert done.returncode == 0 and answer.content == (tmp_path / f"r.{output}").read_bytes(), output  # byte for byte
    good = [("files", (p.name, p.read_bytes())) for p in sorted(PROVINCE.iterdir()) if p.name != "chieng-sinh-loi.xlsx"]
    consolidated = client.post("/api/report?format=xlsx", files=good)
    assert consolidated.status_code == 200
    assert "Biểu 01" in openpyxl.load_workbook(io.BytesIO(consolidated.content)).sheetnames
    single = client.post("/api/report?format=docx", files=good[:1])
    assert single.status_code == 200 and single.headers["content-type"].endswith("wordprocessingml.document")
    assert left_in(scratch) == []


def test_template_rules_health(client):
    workbook = client.get("/api/template?format=xlsx")
    assert workbook.status_code == 200 and re.search(r"du-toan-20\d\d\.xlsx", workbook.headers["content-disposition"])
    assert "Dự toán" in openpyxl.load_workbook(io.BytesIO(workbook.content)).sheetnames
    assert client.get("/api/template?format=yaml").text.startswith("#")
    assert client.get("/api/template?format=pdf").status_code == 400
    assert client.get("/api/template?year=1999").status_code == 400
    rules = client.get("/api/rules?lang=en").json()
    assert {"A001", "X004", "F001"} <= {r["code"] for r in rules["rules"]}
    assert next(r for r in rules["rules"] if r["code"] == "F001")["title"] == "The file can be read"
    assert client.get("/healthz").json()["status"] == "ok"
    assert "F001" in client.get("/rules/F001").text
    assert client.get("/rules/Z999").status_code == 404


def test_pages_in_vietnamese_with_an_english_switch(client):
    page = client.get("/")
    assert page.status_code == 200 and 'lang="vi"' in page.text and "Kéo thả tệp dự toán vào đây" in page.text
    assert 'href="/?lang=en"' in page.text
    english = client.get("/batch?lang=en")
    assert 'lang="en"' in english.text and "Drop a folder, files or a .zip here" in english.text
    # Every asset is served by the app itself: the page works with no Internet.
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
        assert client.get(asset).status_code == 200, asset
    assert "http" not in client.get("/static/app.js").text.replace("XMLHttpRequest", "")


def _page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


def test_pages_name_spending_and_count_as_the_terminal(client):
    """The English page names the spending types as `validate --lang en` does, and every English text with a
    count puts the number with its noun (singular for one), as the terminal's outputs.words.counted."""
    for lang in ("vi", "en"):
        data = _page_data(client.get(f"/?lang={lang}").text)
        pack = Guidance().pack(None)
        assert data["spendings"] == {code: spending_label(code, pack, lang) for code in pack.enums["spending"]}
    english = _page_data(client.get("/batch?lang=en").text)
    assert english["spendings"]["investment"] == "Investment"
    assert english["nouns"]["infos"] == ["note", "notes"] and english["nouns"]["errors"] == ["error", "errors"]
    counts = ("errors", "warnings", "infos", "files")
    for key, text in english["texts"].items():
        for name in counts:
            assert "{" + name + "}" not in text, (key, text)  # a bare number before an English noun: "1 errors"
    assert english["texts"]["counts"] == "{errors_en}, {warnings_en}, {infos_en}"


# --- safety --------------------------------------------------------------------------------------


def test_security_headers_on_every_answer(client):
    for answer in (
        client.get("/"),
        client.get("/static/app.css"),
        client.get("/healthz"),
        client.get("/nope"),
        client.post("/api/validate"),
    ):
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "script-src 'self'" in answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_token_is_checked_on_every_request():
    with _client(token=TOKEN, allowed_hosts=None) as client:
        _token_checks(client)


def _token_checks(client: TestClient) -> None:
    for path in ("/", "/batch", "/healthz", "/api/rules", "/static/app.js", "/api/template"):
        refused = client.get(path)
        assert refused.status_code == 401 and list(refused.json()) == ["error"] and "token" in refused.json()["error"]
    assert client.post("/api/validate", files=_province_files()[:1]).status_code == 401
    assert client.get("/healthz", headers={"Authorization": "Bearer " + TOKEN[:-1] + "x"}).status_code == 401
    assert client.get("/healthz", headers={"Authorization": "Bearer " + TOKEN}).status_code == 200
    assert client.get("/healthz", headers={"X-Budgetkit-Token": TOKEN}).status_code == 200
    assert client.post("/api/validate?token=" + TOKEN, files=_province_files()[:1]).status_code == 401  # not in a POST's address
    opened = client.get("/batch?token=" + TOKEN + "&lang=en", follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/batch?lang=en"
    assert "HttpOnly" in opened.headers["set-cookie"] and "SameSite=Strict" in opened.headers["set-cookie"]
    client.cookies.set("budgetkit_token", TOKEN)
    assert client.get("/batch").status_code == 200
    assert client.post("/api/validate", files=_province_files()[:1]).status_code == 200


def test_loopback_server_refuses_other_host_names(client):
    # A page from elsewhere whose name was pointed at 127.0.0.1 (DNS rebinding) gets nothing.
    assert client.get("/healthz", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/healthz", headers={"Host": "localhost:8765"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "[::1]:8765"}).status_code == 200


def _small_limits(tmp_path: Path) -> Guidance:
    override = tmp_path / "gioi-han.yaml"
    override.write_text("limits:\n  file_bytes: 60000\n  upload_files: 5\n  upload_bytes: 400000\n", encoding="utf-8")
    return Guidance(override)


def test_a_file_over_the_work_budget_is_the_f008_of_validate(tmp_path, scratch):
    """A file is checked in the server's workers under the pack's memory limit, as `validate` checks it in an
    isolated worker: over the limit, the same F008 (and the server and its next requests are fine)."""
    override = tmp_path / "bo-nho.yaml"
    override.write_text("limits:\n  memory_bytes: 1000000\n", encoding="utf-8")
    path = PROVINCE / "chieng-mung.xlsx"
    done = run_installed("validate", str(path.relative_to(ROOT)), "--format", "json", "--guidance", str(override))
    expected = _without_paths(json.loads(done.stdout), str(path.relative_to(ROOT)), path.name)
    assert [f["code"] for f in expected["files"][0]["findings"]] == ["F008"]
    with _client(guidance=Guidance(override), jobs=1) as client:
        for _ in range(2):
            answer = client.post("/api/validate", files=[("files", (path.name, path.read_bytes()))])
            assert answer.status_code == 200 and answer.json() == expected
            assert answer.headers["x-budgetkit-exit"] == "1"
    assert left_in(scratch) == []
    with _client(jobs=1) as client:  # within the default budget: the pool's worker checks it
        assert client.post("/api/validate", files=[("files", (path.name, path.read_bytes()))]).json()["files"][0]["status"] == "passed"
        service = client.app.app.state.service  # type: ignore[attr-defined]
        for process in list(service.pool()._processes.values()):
            os.kill(process.pid, signal.SIGKILL)  # a worker killed from outside: the request is checked in isolated workers
            process.join(10)
        answer = client.post("/api/validate", files=[("files", (path.name, path.read_bytes()))])
        assert answer.status_code == 200 and answer.json()["files"][0]["status"] == "passed"
        assert client.post("/api/validate", files=[("files", (path.name, path.read_bytes()))]).json()["files"][0]["status"] == "passed"


def test_a_small_validate_is_received_in_memory_and_nothing_is_left(client, tmp_path, monkeypatch):
    """A single file's request (validate, template) is received in the memory-backed folder when it is small, in
    the temporary folder otherwise (a folder's endpoints, which expand .zip files, always); both are emptied."""
    import tempfile

    memory, disk = tmp_path / "ram", tmp_path / "disk"
    memory.mkdir()
    disk.mkdir()
    monkeypatch.setattr("budgetkit.serve.uploads.RAM_FOLDER", memory)
    monkeypatch.setattr(tempfile, "tempdir", str(disk))
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.delenv(name, raising=False)
    made: list[str] = []
    real = tempfile.mkdtemp

    def mkdtemp(**options: str | None) -> str:
        folder = real(**options)  # type: ignore[call-overload]
        if Path(folder).name.startswith("budgetkit-serve-"):
            made.append(Path(folder).parent.name)
        return folder

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    small = _province_files()[:1]
    assert client.post("/api/validate", files=small).status_code == 200
    assert client.get("/api/template?format=yaml").status_code == 200
    assert client.post("/api/batch", files=small).status_code == 200
    monkeypatch.setattr("budgetkit.serve.uploads.RAM_REQUEST_BYTES", 1000)
    assert client.post("/api/validate", files=small).status_code == 200
    assert made == ["ram", "ram", "disk", "disk"]
    assert [p.name for p in memory.iterdir()] == [] and left_in(disk) == []


def test_uploads_are_bounded_with_a_clear_413(tmp_path, scratch):
    with _client(guidance=_small_limits(tmp_path)) as client:
        _bounds(client, scratch)


def _bounds(client: TestClient, scratch: Path) -> None:
    ok = client.post("/api/validate", files=_province_files()[:1])
    assert ok.status_code == 200
    many = [("files", (f"{n}.yaml", b"x: 1")) for n in range(6)]
    answer = client.post("/api/validate", files=many)
    assert answer.status_code == 413 and "tối đa 5 tệp" in answer.json()["error"]
    big = client.post("/api/validate", files=[("files", ("lon.xlsx", b"0" * 70000))], data={"lang": "en"})
    assert big.status_code == 413 and "lon.xlsx" in big.json()["error"] and "too large" in big.json()["error"]
    body = client.post("/api/batch", files=[("files", (f"{n}.xlsx", b"0" * 59000)) for n in range(5)] * 4)
    assert body.status_code == 413
    zipped = client.post("/api/batch", files=[("files", ("nhieu.zip", _zip({f"{n}.yaml": b"x: 1" for n in range(6)})))])
    assert zipped.status_code == 413 and "tối đa 5" in zipped.json()["error"]
    bomb = client.post("/api/batch", files=[("files", ("bom.zip", _zip({"a.xlsx": b"\0" * 70000})))])
    assert bomb.status_code == 413 and "a.xlsx" in bomb.json()["error"]
    members = {f"{n}.xlsx": b"\0" * 59000 for n in range(5)} | {"z.yaml": b"x"}
    expands = client.post("/api/batch", files=[("files", ("bom.zip", _zip(members)))])
    assert expands.status_code == 413
    broken = client.post("/api/batch", files=[("files", ("hong.zip", b"PK\x03\x04 not really"))])
    assert broken.status_code == 400 and "hong.zip" in broken.json()["error"]
    assert left_in(scratch) == []


def test_file_names_are_never_paths(client, scratch):
    data = (EXAMPLES / "chieng-mung.yaml").read_bytes()
    names = [
        "../../../etc/x.yaml",
        "/tmp/tuyet-doi.yaml",
        "..\\..\\windows.yaml",
        "C:\\Users\\ke-toan\\du-toan.yaml",
        "a/../../b.yaml",
        "dòng\nmới.yaml",
        "..",
    ]
    report = client.post("/api/batch", files=[("files", (name, data)) for name in names]).json()
    shown = [f["path"] for f in report["files"]] + [s["path"] for s in report["skipped"]]
    for path in shown:
        assert not path.startswith("/") and ".." not in path.split("/") and "\\" not in path and "\n" not in path, path
    assert "etc/x.yaml" in shown and "a/b.yaml" in shown and len(shown) == len(names)
    single = client.post("/api/validate", files=[("files", ("../../../etc/x.yaml", data))]).json()
    assert single["files"][0]["path"] == "x.yaml"
    assert left_in(scratch) == []
    assert not (ROOT.parent / "etc" / "x.yaml").exists()


def test_zip_members_cannot_escape(client, scratch):
    data = (EXAMPLES / "chieng-mung.yaml").read_bytes()
    archive = _zip({"../../thoat.yaml": data, "/tuyet-doi.yaml": data, "__MACOSX/._x.yaml": b"x", "ok/a.yaml": data})
    report = client.post("/api/batch", files=[("files", ("ho-so.zip", archive))]).json()
    assert sorted(f["path"] for f in report["files"]) == ["ok/a.yaml", "thoat.yaml", "tuyet-doi.yaml"]
    assert left_in(scratch) == []


def test_broken_requests_are_4xx(client):
    assert client.post("/api/validate", content=b"garbage", headers={"content-type": "multipart/form-data; boundary=x"}).status_code == 400
    assert client.post("/api/validate", content=b"garbage", headers={"content-type": "multipart/form-data"}).status_code == 400
    assert client.post("/api/validate", data={"files": "not a file"}).status_code == 400
    assert client.post("/api/batch", files=[("files", ("a.txt", b"x"))]).status_code == 422
    assert client.post("/api/batch", files=[*_province_files(), ("roster", ("ds.yaml", b"- 1\n- [2\n"))]).status_code == 422
    assert client.get("/api/validate").status_code == 405
    assert client.post("/api/report?format=pdf", files=_province_files()[:1]).status_code == 400


# --- the command ---------------------------------------------------------------------------------


def test_serve_refuses_another_host_without_a_token():
    done = run("serve", "--host", "0.0.0.0", "--port", "0")
    assert done.returncode == 2 and "--token" in done.stderr and "Traceback" not in done.stderr
    short = run("serve", "--host", "0.0.0.0", "--token", "ngan")
    assert short.returncode == 2 and "16" in short.stderr


def _start(*args: str) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen(
        [installed_command(), "serve", "--port", "0", *args], cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    assert server.stderr is not None
    line = server.stderr.readline()
    match = re.search(r"(http://\S+)", line)
    assert match, line
    return server, match.group(1)


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_runs_on_loopback_and_a_token_guards_it():
    server, url = _start()
    try:
        assert url.startswith("http://127.0.0.1:")
        status, body = _get(url + "healthz")
        assert status == 200 and json.loads(body)["status"] == "ok"
    finally:
        server.terminate()
        server.wait(timeout=20)
    guarded, url = _start("--token", TOKEN)
    try:
        base = url.split("?")[0]
        assert url.endswith("?token=" + TOKEN)
        assert _get(base + "healthz")[0] == 401
        assert _get(base + "healthz", {"Authorization": f"Bearer {TOKEN}"})[0] == 200
    finally:
        guarded.terminate()
        guarded.wait(timeout=20)


def test_a_client_that_leaves_mid_upload_leaves_nothing(scratch):
    import anyio

    app = create_app()
    body = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.xlsx"\r\n\r\n' + b"PK" * 50000
    messages = [{"type": "http.request", "body": body, "more_body": True}, {"type": "http.disconnect"}]
    sent: list[dict] = []

    async def receive() -> dict:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/validate",
        "raw_path": b"/api/validate",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8765"), (b"content-type", b"multipart/form-data; boundary=b")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8765),
    }
    anyio.run(app, scope, receive, send)
    assert sent[0]["status"] == 400
    assert left_in(scratch) == []
