"""Readers: bytes on disk to :class:`~stance.model.Readout`, one module per format family.

Four input forms give the same :class:`Readout`:

* **plain text** (``.txt``, ``.text``, no suffix): title line, ``( YYYY.MM.DD )`` date line, blank
  line, body. Datelines glued to the first word ("Beijing, April 19thLiu ..."), non-breaking
  spaces, run-together paragraphs and a "The following is attributable to ..." lead line are
  expected.
* **Markdown** (``.md``, ``.markdown``) with optional YAML-like front matter (``title:``,
  ``date:``, ``source:``, ``url:``); a leading ``# Heading`` gives the title when front matter
  has none. Offsets refer to the whole decoded file; emphasis marks stay in place.
* **HTML** (``.html``, ``.htm``): the main text of the page, extracted with
  :mod:`html.parser`. The Readout's ``text`` is that extracted text laid out like a plain-text
  readout (title line, date line when found, blank line, paragraphs separated by blank lines).
* **records** (``.json``, ``.jsonl``, ``.ndjson``, ``.csv``): one Readout per record, whose
  ``text`` is the record's content field and whose ``path`` is ``file#N``.

Offsets always refer to the decoded text (line ends are kept as they are; ``\\r`` is
whitespace). Bad input raises :class:`~stance.errors.ReadError` naming the file and what is
wrong. For record files, :func:`read_file` is strict (any bad record raises, naming it) and
:func:`read_records` yields each record's Readout or ReadError in place.

Modules: ``files`` (the entry: which reader, loading, folders), ``decode`` (bytes to text),
``plain``, ``markdown``, ``html``, ``records`` (one per format family), ``lead`` (lines,
paragraphs, dateline, kind, publisher: what every format shares) and ``dates``.
"""

from __future__ import annotations

from stance.read.dates import MONTHS, find_date, parse_date
from stance.read.decode import decode
from stance.read.files import (
    DEFAULT_MAX_SIZE,
    FORMATS,
    MAX_SIZE_ENV,
    RECORD_FILE_FACTOR,
    SUFFIXES,
    Format,
    check_regular,
    format_of,
    human_size,
    iter_paths,
    max_size,
    parse_size,
    read_bytes,
    read_file,
    read_records,
)
from stance.read.html import parse_html
from stance.read.lead import (
    CONTENT_FIELDS,
    DATE_FIELDS,
    SOURCE_FIELDS,
    TITLE_FIELDS,
    URL_FIELDS,
    build,
    guess_kind,
    paragraphs,
    parse_dateline,
    source_from_path,
    source_from_url,
)
from stance.read.markdown import parse_front_matter, parse_markdown
from stance.read.plain import parse_text
from stance.read.records import parse_records

__all__ = [
    "CONTENT_FIELDS",
    "DATE_FIELDS",
    "DEFAULT_MAX_SIZE",
    "MAX_SIZE_ENV",
    "RECORD_FILE_FACTOR",
    "FORMATS",
    "MONTHS",
    "SOURCE_FIELDS",
    "SUFFIXES",
    "TITLE_FIELDS",
    "URL_FIELDS",
    "Format",
    "build",
    "check_regular",
    "decode",
    "find_date",
    "format_of",
    "guess_kind",
    "human_size",
    "iter_paths",
    "max_size",
    "paragraphs",
    "parse_date",
    "parse_dateline",
    "parse_front_matter",
    "parse_html",
    "parse_markdown",
    "parse_records",
    "parse_size",
    "parse_text",
    "read_bytes",
    "read_file",
    "read_records",
    "source_from_path",
    "source_from_url",
]
