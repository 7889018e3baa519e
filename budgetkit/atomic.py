"""Atomic output: write beside the target, fsync, then rename over it (never a half-written file)."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: str | Path, data: bytes) -> None:
    """Write bytes to path atomically: the file is whole or as it was, never half written."""
    atomic_write_with(path, lambda handle: handle.write(data))


def atomic_write_with(path: str | Path, writer: Callable[..., object]) -> None:
    """Call writer(binary file) on a temporary file in the target's folder, then rename it into place."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # The temporary name adds 14 bytes to the target's: a name near the 255-byte limit gets a shorter one.
    stem = target.name.encode("utf-8", "surrogateescape")[:200].decode("utf-8", "ignore")
    # The temporary name is chosen before the file exists, so that an interruption (Ctrl-C, SIGTERM) at any
    # point - even between its creation and the first write - still removes it.
    tmp = ""
    try:
        fd = -1
        while fd < 0:
            tmp = os.path.join(target.parent, f".{stem}.{secrets.token_hex(4)}.tmp")
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            except FileExistsError:
                continue
        with os.fdopen(fd, "wb") as handle:
            writer(handle)
            handle.flush()
            os.fsync(handle.fileno())
        # The file was made private; the output gets the mode any new file would get (or keeps the old one's).
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def deterministic_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps and permissions, so the same input gives the same bytes."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # writers stamp the save time here
                data = _STAMP.sub(rb"\g<1>2026-01-01T00:00:00Z\g<2>", data)
            target.writestr(fixed, data)
    return out.getvalue()
