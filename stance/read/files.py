"""Files and folders: which reader a file goes to, loading, and the strict and lenient entry points."""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from stance.errors import ReadError
from stance.model import Readout
from stance.read.decode import _clean, decode
from stance.read.html import _declared_charset, parse_html
from stance.read.lead import source_from_path
from stance.read.markdown import parse_markdown
from stance.read.plain import parse_text
from stance.read.records import parse_records

Format = Literal["text", "markdown", "html", "records"]
"""The reader a file goes to, chosen by its suffix."""

FORMATS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    "": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "records",
    ".jsonl": "records",
    ".ndjson": "records",
    ".csv": "records",
}
"""Suffix (lower case, with dot; ``""`` for none) to reader."""

SUFFIXES = tuple(s for s in FORMATS if s)
"""Suffixes a folder walk picks up (files without a suffix are picked up too)."""

MAX_SIZE_ENV = "STANCE_MAX_SIZE"
"""Environment variable that sets the size limit per readout (same syntax as ``--max-size``)."""

DEFAULT_MAX_SIZE = 256 * 2**10
"""256 kB per readout. Real readouts are 1-15 kB; a 200 kB one already takes ~10 s and ~0.9 GB to
align, and the cost grows faster than the size (a 1 MB single line: minutes and many GB), so a
larger file is refused unless the limit is raised."""

RECORD_FILE_FACTOR = 1000
"""A record file (JSON, JSONL, CSV) may be this many times the per-readout limit (256 MB by default);
each of its records is held to the per-readout limit."""

_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmg]?)i?b?", re.IGNORECASE)


def parse_size(value: str) -> int | None:
    """Bytes from ``500000``, ``800k``, ``20M``, ``1G`` (powers of 1024); ``None`` when not a size."""
    m = _SIZE.fullmatch(value.strip())
    if m is None:
        return None
    n = int(float(m.group(1)) * 1024 ** " kmg".index(m.group(2).lower() or " "))
    return n if n >= 1 else None


def max_size() -> int:
    """The size limit per readout in bytes: ``$STANCE_MAX_SIZE`` when set (e.g. ``2M``), else 256 kB."""
    given = os.environ.get(MAX_SIZE_ENV)
    if not given:
        return DEFAULT_MAX_SIZE
    n = parse_size(given)
    if n is None:
        raise ReadError(f"${MAX_SIZE_ENV}={given!r} is not a size; use e.g. 800k, 20M or 1G")
    return n


def human_size(n: int) -> str:
    """``2.0 MB``, ``800 kB``, ``512 bytes``."""
    if n >= 2**20:
        return f"{n / 2**20:.1f} MB"
    if n >= 2**10:
        return f"{n / 2**10:.0f} kB"
    return f"{n} bytes"


_FOLDER_SKIP = re.compile(r"^(?:readme|license|licence|changelog|contributing|copying|notice)(?:\.|$)",
                          re.IGNORECASE)


def format_of(path: str | Path) -> Format:
    """The reader for a file, by suffix: plain text for ``.txt``, ``.text``, none or unknown."""
    return FORMATS.get(Path(path).suffix.lower(), "text")


def _too_big(size: int, limit: int, what: str) -> str:
    return (f"{what} is {human_size(size)}, larger than the limit of {human_size(limit)}; if it really is "
            f"{'one readout' if what == 'file' else 'a record file'}, raise the limit with --max-size or "
            f"${MAX_SIZE_ENV} (e.g. --max-size {max(1, -(-size // 2**20))}M); large inputs take long to analyse")


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder; give files, or use a command that takes folders"
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"is {kind}, not a regular file; stance reads only regular files (save it to a file first)"


def check_regular(path: str | Path) -> None:
    """Raise :class:`ReadError` unless ``path`` is a regular file (for any file stance reads, such
    as a theme file: a device or FIFO would never end)."""
    name = str(path)
    try:
        mode = os.stat(name).st_mode
    except FileNotFoundError:
        raise ReadError("no such file", path=name) from None
    except (OSError, ValueError) as exc:
        raise ReadError(f"cannot read ({getattr(exc, 'strerror', None) or exc})", path=name) from None
    if not stat.S_ISREG(mode):
        raise ReadError(_not_regular(mode), path=name)


def _load(path: str | Path) -> tuple[bytes, str]:
    """The bytes of a regular file, within the size limit.

    Devices (``/dev/zero``), FIFOs and sockets are refused before a byte is read: they may never
    end. The file is opened non-blocking and checked on the open descriptor, so a path swapped
    for a FIFO after the check cannot hang the reader either.
    """
    name = str(path)
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ReadError("no such file", path=name) from None
    except ValueError:
        raise ReadError("not a file name (it holds a NUL character)", path=name) from None
    except OSError as exc:
        raise ReadError(f"cannot read ({exc.strerror})", path=name) from exc
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise ReadError(_not_regular(st.st_mode), path=name)
    with os.fdopen(fd, "rb", buffering=0) as f:
        records = format_of(name) == "records"
        limit = max_size() * (RECORD_FILE_FACTOR if records else 1)
        what = "record file" if records else "file"
        if st.st_size > limit:
            raise ReadError(_too_big(st.st_size, limit, what), path=name)
        try:
            raw = f.read(limit + 1)
        except OSError as exc:
            raise ReadError(f"cannot read ({exc.strerror})", path=name) from exc
        if len(raw) > limit:  # it grew since the check
            raise ReadError(_too_big(len(raw), limit, what), path=name)
    if not raw.strip(b" \t\r\n\x0b\x0c") or raw in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
                                                   codecs.BOM_UTF16_BE):
        raise ReadError("empty file", path=name)
    return raw, name


def read_bytes(raw: bytes, path: str, *, fmt: Format | None = None,
               source: str | None = None) -> Iterator[Readout | ReadError]:
    """Decode and read bytes as the format given (else by ``path``'s suffix), yielding readouts in place.

    Errors about the whole input raise :class:`ReadError`; errors of single records are yielded.
    """
    suffix = Path(path).suffix.lower()
    fmt = fmt or format_of(path)
    looks_html = re.match(rb"\s*<(?:!doctype html|html)", raw[:200], re.IGNORECASE) is not None
    if fmt == "text" and suffix not in (".txt", ".text") and looks_html:
        fmt = "html"
    text, enc, warns = decode(raw, path, declared=_declared_charset(raw) if fmt == "html" else None)
    if not _clean(text):
        raise ReadError("empty file", path=path)
    if fmt == "records":
        yield from parse_records(text, path=path, suffix=suffix if suffix in FORMATS else ".json",
                                 source=source, encoding=enc, warnings=warns)
        return
    if fmt == "markdown":
        readout = parse_markdown(text, path=path, source=source, encoding=enc, warnings=warns)
    elif fmt == "html":
        readout = parse_html(text, path=path, source=source, encoding=enc, warnings=warns)
    else:
        readout = parse_text(text, path=path, source=source, encoding=enc, warnings=warns)
    yield readout


def read_records(path: str | Path) -> Iterator[Readout | ReadError]:
    """Every readout of one file, with problems yielded in place instead of raised.

    For a record file, each record gives its Readout or a ReadError naming the record
    ("record 3 has no content field ..."), so that good records are kept. For other files, and
    for problems with the whole file (missing, empty, binary, invalid JSON), a single ReadError
    is yielded. Never raises ReadError.
    """
    try:
        raw, name = _load(path)
        yield from read_bytes(raw, name, source=source_from_path(Path(path)))
    except ReadError as exc:
        yield exc


def read_file(path: str | Path) -> list[Readout]:
    """Read one file into its readouts (one for a document, one per record for record files).

    Strict: raises :class:`ReadError` for a missing, empty or binary file, a page without main
    text, and for a record file as soon as any record is bad (the message names the first bad
    record and how many are bad); use :func:`read_records` to keep the good records.
    """
    raw, name = _load(path)
    out: list[Readout] = []
    bad: list[ReadError] = []
    for item in read_bytes(raw, name, source=source_from_path(Path(path))):
        if isinstance(item, ReadError):
            bad.append(item)
        else:
            out.append(item)
    if bad:
        first = bad[0].reason
        total = len(out) + len(bad)
        count = f"{len(bad)} of {total} records are bad" if len(bad) > 1 else f"1 of {total} records is bad"
        raise ReadError(f"{first}; {count} (the file is read only when every record is good)", path=name)
    return out


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders (recursively, sorted) into readable files; files pass through as given.

    A folder walk picks regular files by suffix (``.txt``, ``.text``, no suffix: plain text;
    ``.md``, ``.markdown``; ``.html``, ``.htm``; ``.json``, ``.jsonl``, ``.csv``) and skips hidden
    files and folders, README/LICENSE-like files, and links to folders. Raises
    :class:`ReadError`, after yielding every file it could reach, for a subfolder it cannot read
    (its readouts would be missed silently otherwise) and for a folder with no readouts.
    """
    for given in paths:
        p = Path(given)
        if not p.is_dir():
            yield p
            continue
        unreadable: list[tuple[Path, OSError]] = []
        found = False
        for f in _walk(p, unreadable):
            found = True
            yield f
        if unreadable:
            sub, exc = unreadable[0]
            more = f" (and {len(unreadable) - 1} more)" if len(unreadable) > 1 else ""
            raise ReadError(f"cannot read the folder ({exc.strerror}){more}; its readouts would be missed; "
                            "make it readable or leave it out", path=str(sub))
        if not found:
            raise ReadError("folder holds no readouts (no .txt, .md, .html, .json, .jsonl or .csv files)",
                            path=str(given))


def _walk(folder: Path, unreadable: list[tuple[Path, OSError]]) -> Iterator[Path]:
    """Readout files under ``folder`` in sorted order (as ``sorted(folder.rglob("*"))``)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        unreadable.append((folder, exc))
        return
    for e in entries:
        if e.name.startswith((".", "__")):
            continue
        try:
            if e.is_dir(follow_symlinks=False):
                yield from _walk(Path(e.path), unreadable)
                continue
            regular = e.is_file()
        except OSError:
            regular = False
        if not regular or _FOLDER_SKIP.match(e.name):
            continue
        suffix = Path(e.name).suffix.lower()
        if suffix in FORMATS or not suffix:
            yield Path(e.path)
