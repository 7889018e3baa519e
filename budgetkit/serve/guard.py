"""Every request passes here first: the access key, the Host, the size of the body, and the security
headers of every answer (pure ASGI, so nothing reaches a route without it)."""

from __future__ import annotations

import contextlib
import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from budgetkit.serve.texts import error_text

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "budgetkit_token"
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


class BodyTooLarge(Exception):
    """The body went past the limit while it was being read."""


class Guard:
    """The ASGI middleware in front of the app: access token, allowed Host, body size, security headers."""

    def __init__(self, app: ASGIApp, token: str | None, allowed_hosts: frozenset[str] | None, max_body: int) -> None:
        self.app = app
        self.token = token.encode("utf-8") if token else None
        self.allowed_hosts = allowed_hosts  # None: any Host (a token guards the server)
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Let a request through to the app, or answer it here (refused, too large, token kept in a cookie)."""
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets here
            return
        headers = {k.decode("latin-1").lower(): v for k, v in scope.get("headers", [])}
        lang = "en" if dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"))).get("lang") == "en" else "vi"

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [h for h in message.get("headers", []) if h[0].lower() not in dict(SECURITY_HEADERS)]
                message["headers"] += SECURITY_HEADERS
            await send(message)

        if self.allowed_hosts is not None:
            host = _host_name(headers.get("host", b"").decode("latin-1"))
            if host not in self.allowed_hosts:
                await _answer(secured, 400, error_text("bad_host", lang))
                return
        if self.token is not None:
            verdict = self._check_token(scope, headers)
            if verdict == "redirect":
                await self._set_cookie_and_redirect(scope, secured)
                return
            if verdict != "ok":
                await _answer(secured, 401, error_text("token", lang), [(b"www-authenticate", b'Bearer realm="budgetkit"')])
                return
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await _answer(secured, 413, error_text("body_too_large", lang, limit=self.max_body))
            return
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge()
            return message

        await self.app(scope, bounded, secured)

    def _check_token(self, scope: Scope, headers: dict[str, bytes]) -> str:
        assert self.token is not None
        offered: list[bytes] = []
        auth = headers.get("authorization", b"")
        if auth[:7].lower() == b"bearer ":
            offered.append(auth[7:].strip())
        if "x-budgetkit-token" in headers:
            offered.append(headers["x-budgetkit-token"].strip())
        cookie = SimpleCookie()
        with contextlib.suppress(Exception):
            cookie.load(headers.get("cookie", b"").decode("latin-1"))
        if COOKIE in cookie:
            offered.append(cookie[COOKIE].value.encode("utf-8"))
        # Every offer is compared in constant time; one that matches lets the request through.
        if any(hmac.compare_digest(candidate, self.token) for candidate in offered):
            return "ok"
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if scope.get("method") == "GET" and "token" in query and hmac.compare_digest(query["token"].encode("utf-8"), self.token):
            return "redirect"  # a link with ?token= opened in the browser: keep it in a cookie, drop it from the address
        return "refused"

    async def _set_cookie_and_redirect(self, scope: Scope, send: Send) -> None:
        assert self.token is not None
        query = [(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")) if k != "token"]
        location = scope.get("path", "/") + ("?" + urlencode(query) if query else "")
        cookie = f"{COOKIE}={self.token.decode('utf-8')}; Path=/; HttpOnly; SameSite=Strict"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [(b"location", location.encode("utf-8")), (b"set-cookie", cookie.encode("utf-8")), (b"content-length", b"0")],
            }
        )
        await send({"type": "http.response.body", "body": b""})


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


async def _answer(send: Send, status: int, message: str, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode())]
            + (extra or []),
        }
    )
    await send({"type": "http.response.body", "body": body})
