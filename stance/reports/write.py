"""Writing reports as files, only inside the chosen folder, atomically.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import replace
from pathlib import Path

from stance.errors import StanceError
from stance.reports.document import (
    Document,
    slug,
)
from stance.reports.render import render

_SAFE_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")


def write_file(folder: Path, name: str, data: bytes) -> Path:
    """Write one file inside ``folder``, atomically, replacing (never following) what is there."""
    if not _SAFE_FILE.fullmatch(name) or ".." in name:
        raise StanceError(f"refusing to write {name!r}: report file names are letters, digits, dots, "
                          "dashes and underscores", path=str(folder))
    target = folder / name
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".stance-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target


def write_report(doc: Document, out_dir: str | Path, fmt: str = "text", *, name: str | None = None) -> Path:
    """Write ``doc`` as ``out_dir/<name><suffix>`` (charts beside a markdown report); returns its path.

    ``name`` defaults to the document's own deterministic name; it is sanitised either way, so
    nothing is written outside ``out_dir``. The folder is created when missing; a report of the
    same name is replaced. Raises :class:`~stance.errors.StanceError` when the folder cannot be
    written.
    """
    folder = Path(out_dir)
    stem = slug(name, 120) if name is not None else doc.name
    if not stem or not _SAFE_FILE.fullmatch(stem):
        stem = slug(stem, 120) or "report"
    out = render(doc, fmt, name=stem)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not folder.is_dir():
            raise NotADirectoryError(str(folder))
        for fname, data in out.files:
            write_file(folder, fname, data)
        return write_file(folder, out.name, out.text.encode("utf-8"))
    except OSError as exc:
        raise StanceError(f"cannot write the report: {exc.strerror or exc}; choose another --out folder",
                          path=str(folder)) from exc


def with_name(doc: Document, name: str) -> Document:
    """The document under another file name stem (sanitised)."""
    return replace(doc, name=slug(name, 120) or doc.name)
