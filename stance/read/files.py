"""Files and folders: which reader a file goes to, loading, and the strict and lenient entry points."""

from __future__ import annotations

import codecs
import re
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

_FOLDER_SKIP = re.compile(r"^(?:readme|license|licence|changelog|contributing|copying|notice)(?:\.|$)",
                          re.IGNORECASE)


def format_of(path: str | Path) -> Format:
    """The reader for a file, by suffix: plain text for ``.txt``, ``.text``, none or unknown."""
    return FORMATS.get(Path(path).suffix.lower(), "text")


def _load(path: str | Path) -> tuple[bytes, str]:
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise ReadError("no such file", path=name)
    if p.is_dir():
        raise ReadError("is a folder; give files, or use a command that takes folders", path=name)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read ({exc.strerror})", path=name) from exc
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
        first = str(bad[0]).removeprefix(f"{name}: ")
        total = len(out) + len(bad)
        count = f"{len(bad)} of {total} records are bad" if len(bad) > 1 else f"1 of {total} records is bad"
        raise ReadError(f"{first}; {count} (the file is read only when every record is good)", path=name)
    return out


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders (recursively, sorted) into readable files; files pass through as given.

    A folder walk picks files by suffix (``.txt``, ``.text``, no suffix: plain text; ``.md``,
    ``.markdown``; ``.html``, ``.htm``; ``.json``, ``.jsonl``, ``.csv``) and skips hidden files
    and folders and README/LICENSE-like files. A folder with none raises :class:`ReadError`.
    """
    for given in paths:
        p = Path(given)
        if not p.is_dir():
            yield p
            continue
        found = False
        for f in sorted(p.rglob("*")):
            rel = f.relative_to(p).parts
            if any(part.startswith((".", "__")) for part in rel) or _FOLDER_SKIP.match(f.name):
                continue
            if f.is_file() and (f.suffix.lower() in FORMATS or (not f.suffix and not f.name.startswith("."))):
                found = True
                yield f
        if not found:
            raise ReadError("folder holds no readouts (no .txt, .md, .html, .json, .jsonl or .csv files)",
                            path=str(given))
