"""budgetkit serve: the web page and its API on this machine (or, with a token, on the network)."""

from __future__ import annotations

import ipaddress
import re
import socket
import sys
from typing import Annotated

import typer

from budgetkit.cli import app
from budgetkit.cli.conventions import EXIT_FAIL, DebugOption, GuidanceOption, LangOption, check_lang, load_guidance, usage_error

_TOKEN = re.compile(r"^[A-Za-z0-9._~-]{16,256}$")


def is_loopback(host: str) -> bool:
    """Whether the host is this machine only (localhost or a loopback address): no token is needed then."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command(
    help="Mở trang web kiểm tra dự toán trên máy này: kéo thả tệp trong trình duyệt, xem kết quả, tải bản đánh dấu, "
    "báo cáo và bảng tổng hợp. Mặc định chỉ máy này truy cập được (127.0.0.1); mở cho mạng nội bộ (--host khác) "
    "thì bắt buộc có --token, mọi yêu cầu phải kèm khóa đó.\n\n"
    "Ví dụ: budgetkit serve --open\n\n"
    "Ví dụ trong mạng của Sở: budgetkit serve --host 0.0.0.0 --token \"$(python3 -c 'import secrets; print(secrets.token_urlsafe())')\""
)
def serve(
    host: Annotated[str, typer.Option("--host", help="Địa chỉ nghe (mặc định 127.0.0.1: chỉ máy này).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Cổng (0: cổng trống bất kỳ).")] = 8765,
    open_browser: Annotated[bool, typer.Option("--open", help="Mở trang trong trình duyệt.")] = False,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="BUDGETKIT_TOKEN",
            help="Khóa truy cập (ít nhất 16 ký tự A-Z a-z 0-9 . _ ~ -), bắt buộc khi --host không phải máy này.",
        ),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Số tiến trình kiểm tra song song (mặc định: số lõi CPU).")] = 0,
    guidance_file: GuidanceOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """`budgetkit serve`: the local web page for checking files (its help is in the decorator)."""
    lang = check_lang(lang)
    if not is_loopback(host) and not token:
        usage_error(
            f"--host {host} mở trang cho máy khác: cần --token (khóa truy cập); không mở khi không có khóa",
            f"--host {host} opens the page to other machines: --token (an access key) is required; refusing without one",
            lang,
        )
    if token is not None and not _TOKEN.match(token):
        usage_error(
            "--token phải dài ít nhất 16 ký tự, chỉ gồm A-Z a-z 0-9 . _ ~ -",
            "--token must be at least 16 characters of A-Z a-z 0-9 . _ ~ -",
            lang,
        )
    if not 0 <= port <= 65535:
        usage_error("--port phải từ 0 đến 65535", "--port must be between 0 and 65535", lang)
    guidance = load_guidance(guidance_file, lang)

    import uvicorn

    from budgetkit.serve.app import create_app
    from budgetkit.serve.guard import LOOPBACK_NAMES

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sys.stderr.write(
            f"Lỗi: không mở được {host}:{port} ({exc.strerror or exc})\n"
            if lang == "vi"
            else f"Error: cannot listen on {host}:{port} ({exc.strerror or exc})\n"
        )
        raise typer.Exit(EXIT_FAIL) from None
    bound = sock.getsockname()[1]
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    if host in ("0.0.0.0", "::"):
        shown = "127.0.0.1"
    url = f"http://{shown}:{bound}/" + (f"?token={token}" if token else "")
    allowed = None if token else LOOPBACK_NAMES | {host.strip().lower()}
    asgi = create_app(guidance, token=token, jobs=jobs, allowed_hosts=allowed)
    if lang == "vi":
        sys.stderr.write(f"budgetkit đang chạy tại {url}\nMở địa chỉ này trong trình duyệt. Nhấn Ctrl+C để dừng.\n")
    else:
        sys.stderr.write(f"budgetkit is running at {url}\nOpen this address in a browser. Press Ctrl+C to stop.\n")
    if not is_loopback(host):
        sys.stderr.write(
            "Máy khác trong mạng mở địa chỉ trên với tên hoặc địa chỉ IP của máy này thay cho 127.0.0.1; giữ kín khóa truy cập.\n"
            if lang == "vi"
            else "Other machines open the address above with this machine's name or IP address instead of 127.0.0.1; "
            "keep the key private.\n"
        )
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(0.8, webbrowser.open, [url]).start()
    config = uvicorn.Config(
        asgi,
        log_level="debug" if debug else "warning",
        access_log=debug,
        server_header=False,
        lifespan="on",
        timeout_keep_alive=5,
        limit_concurrency=64,
    )
    uvicorn.Server(config).run(sockets=[sock])
