"""The web app of `budgetkit serve`: two pages (one file, a province's folder) and the HTTP API they use.

Every endpoint answers what the matching command gives (validate, batch, annotate, summary, report,
template, rules); the work runs off the event loop, on files received into a private temporary folder
that is removed when the answer is sent, whatever happened."""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import os
import re
import secrets
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from budgetkit import __version__
from budgetkit.guidance import Guidance, Limits, run_pack
from budgetkit.outputs.words import english_nouns, spending_label
from budgetkit.serve import work
from budgetkit.serve.guard import LOOPBACK_NAMES, BodyTooLarge, Guard
from budgetkit.serve.texts import PILLARS_EN, TEXTS, error_text
from budgetkit.serve.uploads import Received, Refused, clean_name, is_zip_name, private_folder

_HERE = Path(str(resources.files("budgetkit.serve")))
_PROGRESS_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_TRUE = {"1", "true", "yes", "on"}
#: How the checking workers start: from a fork server (Linux, macOS), spawned where there is none (Windows).
POOL_START = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


class Progress:
    """How far a long request is, for the page to poll (GET /api/progress/ID)."""

    def __init__(self) -> None:
        self.stage = "receiving"
        self.done = 0
        self.total = 0

    def start(self, total: int) -> None:
        """The files are received: checking starts, total files to go."""
        self.stage, self.done, self.total = "checking", 0, total

    def advance(self, _: object = None) -> None:
        """One more file checked."""
        self.done += 1

    def as_dict(self) -> dict[str, Any]:
        """The progress as GET /api/progress/ID returns it."""
        return {"stage": self.stage, "done": self.done, "total": self.total}


class Service:
    """What the app holds between requests: the guidance, the worker count, the progress of running
    requests. No file and no result is kept."""

    def __init__(self, guidance: Guidance, jobs: int) -> None:
        self.guidance = guidance
        self.jobs = jobs
        self.progress: dict[str, Progress] = {}
        self._heavy: asyncio.Semaphore | None = None
        self._pool: ProcessPoolExecutor | None = None
        self.templates = Environment(
            loader=FileSystemLoader(str(_HERE / "templates")), autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True
        )

    @property
    def limits(self) -> Limits:
        """The work budget of one file, from the default pack."""
        return run_pack(self.guidance).pack.limits

    def pool(self) -> ProcessPoolExecutor:
        """The worker processes that check single files (started on first use, from a fork server where there
        is one, so the server's threads are never forked; spawned on Windows)."""
        if self._pool is None:
            override = str(self.guidance.override_path) if self.guidance.override_path else None
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context(POOL_START),
                initializer=work.init_worker,
                initargs=(override,),
            )
        return self._pool

    async def check(self, files: list[tuple[Path, str]]) -> list[Any]:
        """validate's check of each file in the worker processes (bounded as validate's isolated workers);
        when a worker died (a file broke its CPU time or killed it, or it was killed from outside), the
        request's files are checked again in isolated workers, which give the file at fault its F008/F001."""
        loop = asyncio.get_running_loop()
        pool = self.pool()
        try:
            outcomes = await asyncio.gather(*(loop.run_in_executor(pool, work.check_one, str(path), shown) for path, shown in files))
        except (BrokenProcessPool, MemoryError):  # MemoryError: a worker out of its address space outside the check
            if self._pool is pool:
                self._pool = None  # start afresh next time
                pool.shutdown(wait=False, cancel_futures=True)
            return await run_in_threadpool(work.check_isolated, files, self.guidance)
        return [work.finish(outcome, shown, self.guidance) for outcome, (_, shown) in zip(outcomes, files, strict=True)]

    def close(self) -> None:
        """Stop the worker pool (the running work is cancelled)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def heavy(self) -> asyncio.Semaphore:
        """One folder-sized job at a time: each already uses every core through batch's process pool."""
        if self._heavy is None:
            self._heavy = asyncio.Semaphore(1)
        return self._heavy


def create_app(
    guidance: Guidance | None = None, token: str | None = None, jobs: int = 0, allowed_hosts: frozenset[str] | None = LOOPBACK_NAMES
) -> Guard:
    """The ASGI app. allowed_hosts: the Host names accepted (None: any, for a server guarded by a token)."""
    service = Service(guidance or Guidance(), jobs if jobs > 0 else (os.cpu_count() or 1))

    async def page_file(request: Request) -> Response:
        return _page(service, request, "file.html", "file")

    async def page_batch(request: Request) -> Response:
        return _page(service, request, "batch.html", "batch")

    async def page_rules(request: Request) -> Response:
        lang = _lang(request)
        return _page(service, request, "rules.html", "rules", rules=work.rules(service.guidance, lang)["rules"])

    async def page_rule(request: Request) -> Response:
        lang = _lang(request)
        code = request.path_params["code"].upper()
        found = [r for r in work.rules(service.guidance, lang)["rules"] if r["code"] == code]
        if not found:
            return _page(
                service,
                request,
                "rules.html",
                "rules",
                status=404,
                missing=error_text("unknown_rule", lang, code=code),
                rules=work.rules(service.guidance, lang)["rules"],
            )
        return _page(service, request, "rule.html", "rules", rule=found[0])

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__, "guidance": run_pack(service.guidance).pack.info})

    async def api_rules(request: Request) -> Response:
        return _json(work.rules(service.guidance, _lang(request)))

    async def api_progress(request: Request) -> Response:
        state = service.progress.get(request.path_params["pid"])
        return _json(state.as_dict() if state else {"stage": "unknown", "done": 0, "total": 0})

    async def api_template(request: Request) -> Response:
        output = request.query_params.get("format", "xlsx").lower()
        if output not in ("xlsx", "yaml"):
            raise Refused(400, "bad_format", allowed="xlsx, yaml")
        year = request.query_params.get("year")
        year_value = None
        if year:
            if not year.isdigit() or not service.guidance.knows_year(int(year)):
                raise Refused(400, "bad_year", year=year[:8])
            year_value = int(year)
        with private_folder(0) as scratch:
            download = await run_in_threadpool(work.template, service.guidance, output, year_value, scratch)
        return _download(download)

    async def api_validate(request: Request) -> Response:
        with private_folder(_declared(request)) as folder:  # files kept as sent (no .zip expanded): its size bounds them
            received, fields, _ = await _receive(service, request, folder, zips=False)
            lang, strict = _lang(request, fields), _flag(fields, "strict")
            results = await service.check(received.files)
            text, code = await run_in_threadpool(work.validate_report, results, service.guidance, lang, strict)
        return Response(text, media_type="application/json", headers={"X-Budgetkit-Exit": str(code)})

    async def api_batch(request: Request) -> Response:
        async with _tracked(service, request) as progress:
            with private_folder() as folder:
                received, fields, extras = await _receive(service, request, folder, zips=True, extras=("roster",))
                lang, strict = _lang(request, fields), _flag(fields, "strict")
                batch = await _run_batch(service, progress, received, extras.get("roster"))
                text, code = await run_in_threadpool(work.batch_json, batch, lang, strict)
        return Response(text, media_type="application/json", headers={"X-Budgetkit-Exit": str(code)})

    async def api_summary(request: Request) -> Response:
        async with _tracked(service, request) as progress:
            with private_folder() as folder:
                received, _, extras = await _receive(service, request, folder, zips=True, extras=("roster",))
                batch = await _run_batch(service, progress, received, extras.get("roster"))
                progress.stage = "writing"
                download = await run_in_threadpool(work.summary, batch, _scratch(folder))
        return _download(download)

    async def api_annotate(request: Request) -> Response:
        async with _tracked(service, request) as progress:
            with private_folder() as folder:
                received, fields, _ = await _receive(service, request, folder, zips=True)
                lang = _lang(request, fields)
                batch = await _run_batch(service, progress, received, None)
                progress.stage = "writing"
                pairs = list(zip(batch.found, batch.run.results, strict=True))
                download = await run_in_threadpool(work.annotate, pairs, received.folder, _scratch(folder), lang)
        return _download(download)

    async def api_report(request: Request) -> Response:
        async with _tracked(service, request) as progress:
            with private_folder() as folder:
                received, fields, extras = await _receive(service, request, folder, zips=True, extras=("unit", "roster"))
                output = (fields.get("format") or request.query_params.get("format") or "docx").lower()
                if output not in ("docx", "xlsx"):
                    raise Refused(400, "bad_format", allowed="docx, xlsx")
                paths, shown, _ = await run_in_threadpool(work.discover, received.folder)
                progress.stage = "writing"
                async with service.heavy():
                    roster = extras.get("roster")
                    download = await run_in_threadpool(
                        work.report,
                        list(zip(paths, shown, strict=True)),
                        service.guidance,
                        output,
                        _flag(fields, "draft"),
                        extras.get("unit"),
                        roster[0] if roster else None,
                        _scratch(folder),
                    )
        return _download(download)

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        lang = _lang(request)
        body: dict[str, Any] = {"error": exc.message(lang)}
        if isinstance(exc, work.ReportRefused):
            body["errors"] = exc.records(lang)
        return _json(body, exc.status)

    async def too_large(request: Request, exc: Exception) -> Response:
        return _json({"error": error_text("body_too_large", _lang(request), limit=service.limits.upload_bytes)}, 413)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        key = "not_found" if exc.status_code == 404 else None
        message = error_text(key, _lang(request)) if key else str(exc.detail)
        return _json({"error": message}, exc.status_code)

    async def gone(request: Request, exc: Exception) -> Response:
        return _json({"error": error_text("bad_form", _lang(request), detail="client disconnected")}, 400)  # no one reads it

    async def internal(request: Request, exc: Exception) -> Response:
        return _json({"error": error_text("internal", _lang(request))}, 500)

    routes = [
        Route("/", page_file),
        Route("/batch", page_batch),
        Route("/rules", page_rules),
        Route("/rules/{code:str}", page_rule),
        Route("/healthz", healthz),
        Route("/api/rules", api_rules),
        Route("/api/progress/{pid:str}", api_progress),
        Route("/api/template", api_template),
        Route("/api/validate", api_validate, methods=["POST"]),
        Route("/api/batch", api_batch, methods=["POST"]),
        Route("/api/summary", api_summary, methods=["POST"]),
        Route("/api/annotate", api_annotate, methods=["POST"]),
        Route("/api/report", api_report, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static"),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        yield
        await run_in_threadpool(service.close)

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={
            Refused: refused,
            BodyTooLarge: too_large,
            HTTPException: http_error,
            ClientDisconnect: gone,
            Exception: internal,
        },
    )
    app.state.service = service
    return Guard(app, token, allowed_hosts, service.limits.upload_bytes + 1_000_000)


# --- helpers ---------------------------------------------------------------------------------


def _lang(request: Request, fields: dict[str, str] | None = None) -> str:
    value = (fields or {}).get("lang") or getattr(request.state, "form_lang", None) or request.query_params.get("lang") or "vi"
    return "en" if value.strip().lower() == "en" else "vi"


def _declared(request: Request) -> int | None:
    """The request body's declared length (the server reads no more than it), None when not given."""
    value = request.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


def _flag(fields: dict[str, str], name: str) -> bool:
    return fields.get(name, "").strip().lower() in _TRUE


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status_code=status, media_type="application/json")


def _scratch(folder: Path) -> Path:
    scratch = folder / "out"
    scratch.mkdir(exist_ok=True)
    return scratch


def _download(download: work.Download) -> Response:
    ascii_name = download.name.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(download.name)}"
    return Response(download.data, media_type=download.media_type, headers={"Content-Disposition": disposition, **download.headers})


class _tracked:
    """The progress of one request, under the id the page chose (?progress=ID), removed at the end."""

    def __init__(self, service: Service, request: Request) -> None:
        self.service = service
        pid = request.query_params.get("progress", "")
        self.pid = pid if _PROGRESS_ID.match(pid) else "anonymous-" + secrets.token_hex(8)
        self.state = Progress()

    async def __aenter__(self) -> Progress:
        self.service.progress[self.pid] = self.state
        return self.state

    async def __aexit__(self, *exc: object) -> None:
        self.service.progress.pop(self.pid, None)


async def _run_batch(service: Service, progress: Progress, received: Received, roster: tuple[Path, str] | None) -> work.Batch:
    progress.stage = "waiting"
    async with service.heavy():
        roster_path = roster[0] if roster else None
        batch = await run_in_threadpool(work.run_batch, received.folder, service.guidance, service.jobs, roster_path, progress)
        progress.stage = "writing"
        return batch


async def _receive(
    service: Service, request: Request, folder: Path, zips: bool, extras: tuple[str, ...] = ()
) -> tuple[Received, dict[str, str], dict[str, tuple[Path, str]]]:
    """The uploaded files written into folder/in (a .zip expanded when zips), the plain fields, and the
    named extra files (roster, unit) each in a folder of its own."""
    limits = service.limits
    try:
        form = await request.form(max_files=limits.upload_files + len(extras), max_fields=32, max_part_size=64 * 1024)
    except HTTPException as exc:
        if "Too many files" in str(exc.detail):
            raise Refused(413, "too_many_files", limit=limits.upload_files) from None
        raise Refused(400, "bad_form", detail=str(exc.detail)) from None
    lang = form.get("lang")
    request.state.form_lang = lang if isinstance(lang, str) else None
    try:
        return await run_in_threadpool(_store, form, folder, zips, extras, limits)
    finally:
        await form.close()


def _store(
    form: FormData, folder: Path, zips: bool, extras: tuple[str, ...], limits: Any
) -> tuple[Received, dict[str, str], dict[str, tuple[Path, str]]]:
    inbox = folder / "in"
    inbox.mkdir()
    received = Received(inbox)
    uploads = [u for u in form.getlist("files") if isinstance(u, UploadFile)]
    if not uploads:
        raise Refused(400, "no_files")
    if len(uploads) > limits.upload_files:
        raise Refused(413, "too_many_files", limit=limits.upload_files)
    for upload in uploads:
        name = clean_name(upload.filename or "", keep_folders=zips)
        if zips and is_zip_name(name):
            received.add_zip(upload.file, name, limits)
        else:
            received.add_stream(upload.file, name, limits, declared=upload.size)
    found: dict[str, tuple[Path, str]] = {}
    for key in extras:
        extra = form.get(key)
        if isinstance(extra, UploadFile) and extra.filename:
            holder = Received(folder / key)
            holder.folder.mkdir()
            found[key] = holder.add_stream(extra.file, clean_name(extra.filename, keep_folders=False), limits, declared=extra.size)
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    return received, fields, found


def _page(service: Service, request: Request, template: str, page: str, status: int = 200, **extra: Any) -> Response:
    lang = _lang(request)
    texts = TEXTS[lang]
    pack = run_pack(service.guidance).pack
    pillars = {code: (value.label if lang == "vi" else PILLARS_EN[code]) for code, value in pack.enums["pillar"].items()}
    spendings = {code: spending_label(code, pack, lang) for code in pack.enums["spending"]}
    data = {"lang": lang, "page": page, "texts": texts, "pillars": pillars, "spendings": spendings, "nouns": english_nouns()}
    other = texts["switch_lang_code"]
    html = service.templates.get_template(template).render(
        t=texts,
        lang=lang,
        page=page,
        version=__version__,
        pack=pack.pack_version,
        footer=texts["footer"].format(version=__version__, pack=pack.pack_version),
        switch_url=f"{request.url.path}?lang={other}",
        q="" if lang == "vi" else "?lang=en",
        data_json=json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"),
        **extra,
    )
    return Response(html, status_code=status, media_type="text/html; charset=utf-8")
