"""Uploads made safe: sizes and counts bounded by the pack's limits, names that are never paths, and a
private temporary folder that is always removed."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from budgetkit.guidance import Limits
from budgetkit.serve.texts import error_text

_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\/]+')
_MAX_DEPTH = 8
_MAX_COMPONENT = 120
_CHUNK = 1 << 16


class Refused(Exception):
    """A request refused with an HTTP status and a message for a person."""

    def __init__(self, status: int, key: str, **values: Any) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.values = values

    def message(self, lang: str) -> str:
        """The message for a person in the language asked for."""
        return error_text(self.key, lang, **self.values)


def clean_name(raw: str, keep_folders: bool) -> str:
    """A relative name made of safe parts ("son-la/chieng-mung.xlsx"), or just the last part.

    Never absolute, never "..", no drive letter, no control character; what a person sent stays
    readable (Vietnamese letters are kept, text is NFC)."""
    text = unicodedata.normalize("NFC", raw or "")
    parts = []
    for part in re.split(r"[\\/]+", text):
        part = _FORBIDDEN.sub("_", part).strip()
        if part in ("", ".", ".."):
            continue
        parts.append(part[:_MAX_COMPONENT])
    if not parts:
        return "tep"
    if not keep_folders:
        return parts[-1]
    return "/".join(parts[-_MAX_DEPTH:])


@dataclass
class Received:
    """Files written into a private folder: (where, shown name), in the order received."""

    folder: Path
    files: list[tuple[Path, str]] = field(default_factory=list)
    _taken: set[str] = field(default_factory=set)
    _bytes: int = 0

    def place(self, shown: str) -> tuple[Path, str]:
        """A free place under the folder for a shown name; a second file of the same name gets " (2)"."""
        candidate, number = shown, 1
        while self._clashes(candidate):
            number += 1
            path = PurePosixPath(shown)
            candidate = str(path.with_name(f"{path.stem} ({number}){path.suffix}"))
        self._taken.add(candidate.casefold())
        for prefix in _prefixes(candidate):
            self._taken.add(prefix.casefold() + "/")
        target = self.folder.joinpath(*candidate.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        return target, candidate

    def _clashes(self, candidate: str) -> bool:
        """A file where a file or a folder of that name is, or a folder where a file is."""
        key = candidate.casefold()
        return key in self._taken or key + "/" in self._taken or any(p.casefold() in self._taken for p in _prefixes(candidate))

    def add_stream(self, source: IO[bytes], shown: str, limits: Limits, declared: int | None = None) -> tuple[Path, str]:
        """Copy one file, refusing (413) past the per-file or the per-request limit."""
        if declared is not None and declared > limits.file_bytes:
            raise Refused(413, "file_too_large", name=shown, size=declared, limit=limits.file_bytes)
        target, shown = self.place(shown)
        size = 0
        with open(target, "xb") as out:
            while chunk := source.read(_CHUNK):
                size += len(chunk)
                self._bytes += len(chunk)
                if size > limits.file_bytes:
                    raise Refused(413, "file_too_large", name=shown, size=f"> {limits.file_bytes}", limit=limits.file_bytes)
                if self._bytes > limits.upload_bytes:
                    raise Refused(413, "body_too_large", limit=limits.upload_bytes)
                out.write(chunk)
        self.files.append((target, shown))
        return target, shown

    def add_zip(self, source: IO[bytes], name: str, limits: Limits) -> None:
        """Every member of a .zip (a folder sent whole), bounded in count, in size and once expanded."""
        try:
            archive = zipfile.ZipFile(source)
            members = [m for m in archive.infolist() if not m.is_dir()]
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise Refused(400, "zip_bad", name=name) from None
        members = [m for m in members if _member_name(m).split("/")[0] != "__MACOSX"]
        if len(self.files) + len(members) > limits.upload_files:
            raise Refused(413, "too_many_files", limit=limits.upload_files)
        if sum(m.file_size for m in members) + self._bytes > limits.upload_bytes:
            raise Refused(413, "zip_too_large", name=name, limit=limits.upload_bytes)
        for member in members:
            if member.flag_bits & 0x1:
                raise Refused(400, "zip_encrypted", name=name)
            shown = clean_name(_member_name(member), keep_folders=True)
            try:
                with archive.open(member) as stream:
                    self.add_stream(stream, shown, limits, declared=member.file_size)
            except Refused:
                raise
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
                raise Refused(400, "zip_bad", name=name) from None


def _member_name(member: zipfile.ZipInfo) -> str:
    """The member's name as its maker meant it: many tools write UTF-8 without saying so."""
    name = member.filename
    if not member.flag_bits & 0x800:
        with suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("utf-8")
    return name


def _prefixes(shown: str) -> list[str]:
    parts = shown.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


# A small request whose files are kept as sent (validate, template) is received in memory where the system
# has a memory-backed folder: creating and removing a folder and a file on a disk's file system costs a few
# milliseconds, most of a single file's answer. Bounded: at most RAM_REQUEST_BYTES a request, 64 connections.
RAM_FOLDER: Path | None = Path("/dev/shm")
RAM_REQUEST_BYTES = 4_000_000


def _memory_folder(size: int | None) -> str | None:
    """The memory-backed folder for a request of `size` bytes, or None (the system's temporary folder): not
    when the size is unknown or large, the folder is missing or short of room, or TMPDIR/TEMP/TMP choose
    the temporary folder."""
    if size is None or size > RAM_REQUEST_BYTES or RAM_FOLDER is None or any(os.environ.get(v) for v in ("TMPDIR", "TEMP", "TMP")):
        return None
    try:
        room = os.statvfs(RAM_FOLDER)
    except (OSError, AttributeError):  # no such folder; Windows has no statvfs
        return None
    if room.f_bavail * room.f_frsize < 64 * RAM_REQUEST_BYTES or not os.access(RAM_FOLDER, os.W_OK | os.X_OK):
        return None
    return str(RAM_FOLDER)


@contextmanager
def private_folder(size: int | None = None) -> Iterator[Path]:
    """A folder only this process reads, removed on leaving, whatever happened; in memory for a small request
    (size: the request's declared length, for an endpoint that stores the files as sent)."""
    folder = Path(tempfile.mkdtemp(prefix="budgetkit-serve-", dir=_memory_folder(size)))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def is_zip_name(name: str) -> bool:
    """Whether the uploaded file's name says it is a zip."""
    return name.lower().endswith(".zip")


def rel_display(path: Path, base: Path) -> str:
    """The path as shown on the page: relative to base, else its name alone."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.name


def safe_download_name(name: str) -> str:
    """A file name safe to offer as a download (no folder part)."""
    return clean_name(name, keep_folders=False)
