"""Record files (JSON, JSONL, CSV): one readout per record."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime

from stance.errors import NotReadouts, ReadError
from stance.model import Readout, Span
from stance.read.dates import _DATE_LINE, parse_date
from stance.read.decode import _clean
from stance.read.lead import (
    CONTENT_FIELDS,
    DATE_FIELDS,
    SOURCE_FIELDS,
    TITLE_FIELDS,
    URL_FIELDS,
    _blank,
    _line_spans,
    _pick,
    _trim,
    build,
    paragraphs,
    source_from_url,
)
from stance.read.plain import _read_header


def _record_date(value: object) -> date | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    return parse_date(str(value)) if isinstance(value, str) else None


def _record(fields: Mapping[str, object], n: int, file: str, *, folder_source: str | None, encoding: str,
            warnings: tuple[str, ...]) -> Readout:
    """One record (keys already lower case) as a Readout, or a ReadError naming the record."""
    found = _pick(fields, CONTENT_FIELDS)
    if found is None:
        empty = next((k for k in CONTENT_FIELDS if k in fields), None)
        if empty is not None:
            raise ReadError(f"record {n} has an empty {empty!r} field", path=file)
        raise ReadError(f"record {n} has no content field (looked for: {', '.join(CONTENT_FIELDS)})",
                        path=file)
    name, value = found
    if isinstance(value, list):
        parts = [v for v in value if isinstance(v, str)]
        if len(parts) == len(value):
            value = "\n\n".join(parts)  # a list of paragraphs
    if not isinstance(value, str):
        raise ReadError(f"record {n}: field {name!r} is {type(value).__name__}, not text", path=file)
    limit = _max_size()
    if len(value) > limit:
        raise ReadError(f"record {n}: its {name!r} field holds {len(value):,} characters, more than the limit "
                        f"of {limit:,} for one readout; raise it with --max-size or $STANCE_MAX_SIZE if this "
                        "really is one readout", path=file)
    if _trim(value, Span(0, len(value))) is None:
        raise ReadError(f"record {n} has an empty {name!r} field", path=file)
    notes = list(warnings)
    t = _pick(fields, TITLE_FIELDS)
    title = _clean(str(t[1])) if t else ""
    d = _pick(fields, DATE_FIELDS)
    published = _record_date(d[1]) if d else None
    if d and published is None:
        notes.append(f"record {n}: {d[0]} {d[1]!r} is not a date I can read (use YYYY-MM-DD)")
    u = _pick(fields, URL_FIELDS)
    url = str(u[1]) if u else None
    s = _pick(fields, SOURCE_FIELDS)
    source = (str(s[1]) if s else None) or source_from_url(url) or folder_source
    body_start = 0
    # Content that repeats the header (title line, date line) keeps it out of the body.
    lines = [sp for sp in _line_spans(value) if not _blank(value, sp)]
    repeats_title = bool(lines) and bool(title) and _clean(lines[0].of(value)) == title
    if len(lines) > 1 and (_DATE_LINE.match(lines[1].of(value)) or repeats_title):
        head = _read_header(value, lines)
        title = title or head.title
        published = published or head.published
        body_start = head.body_start
    if not title:
        notes.append(f"record {n} has no title field (looked for: {', '.join(TITLE_FIELDS)})")
    body = _trim(value, Span(body_start, len(value)))
    if body is None:
        raise ReadError(f"record {n} has a title and date but no body text", path=file)
    place = fields.get("place") or fields.get("location")
    meeting = _record_date(fields.get("meeting_date"))
    return build(value, title=title, body=body, paras=paragraphs(value, body), published=published,
                 path=f"{file}#{n}", source=source, encoding=encoding, warnings=tuple(notes), url=url,
                 place=str(place) if place else None, meeting_date=meeting)


def _lower_keys(obj: Mapping[str, object]) -> dict[str, object]:
    return {str(k).strip().lower().replace(" ", "_").replace("-", "_"): v for k, v in obj.items()}


def _raw_records(text: str, file: str, suffix: str) -> Iterator[tuple[int, Mapping[str, object] | ReadError]]:
    """Numbered records of a record file (1-based); unreadable records come as errors in place."""
    if suffix == ".csv":
        first_line = text.split("\n", 1)[0]
        delimiter = max(",;\t|", key=first_line.count)
        # A content field may be as long as a readout may be (the csv module stops at 131,072).
        csv.field_size_limit(max(csv.field_size_limit(), min(_max_size() + 1, sys.maxsize)))
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        if not reader.fieldnames:
            raise ReadError("CSV file has no header row", path=file)
        try:
            for n, row in enumerate(reader, start=1):
                yield n, {k: v for k, v in row.items() if k is not None}
        except csv.Error as exc:
            raise ReadError(f"not valid CSV at line {reader.line_num} ({exc})", path=file) from exc
        return
    if suffix in (".jsonl", ".ndjson"):
        n = 0
        # Only \n ends a JSON line: U+2028, U+0085 and friends are valid inside a JSON string.
        for lineno, line in enumerate(text.split("\n"), start=1):
            if not _clean(line):
                continue
            n += 1
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield n, ReadError(f"record {n} (line {lineno}) is not valid JSON ({exc.msg} at column "
                                   f"{exc.colno})", path=file)
                continue
            except RecursionError:
                yield n, ReadError(f"record {n} (line {lineno}) is nested too deeply (over {_DEPTH} levels of "
                                   "[ or {); a record is one object of fields", path=file)
                continue
            yield n, obj if isinstance(obj, dict) else ReadError(
                f"record {n} (line {lineno}) is a JSON {type(obj).__name__}, not an object", path=file)
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"at line {exc.lineno}, column {exc.colno}"
        raise ReadError(f"not valid JSON ({exc.msg} {where})", path=file) from exc
    except RecursionError:
        raise ReadError(f"JSON nested too deeply (over {_DEPTH} levels of [ or {{); records are objects of "
                        "fields, in a list or one per line", path=file) from None
    if isinstance(data, dict):
        lists = [v for v in data.values()
                 if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        wrapper = _pick(_lower_keys(data), CONTENT_FIELDS) is None and len(lists) == 1
        data = lists[0] if wrapper else [data]  # {"items": [...]} and similar wrappers hold the records
    if not isinstance(data, list):
        raise ReadError(f"JSON holds a {type(data).__name__}; expected an object or a list of objects",
                        path=file)
    for n, obj in enumerate(data, start=1):
        yield n, obj if isinstance(obj, dict) else ReadError(
            f"record {n} is a JSON {type(obj).__name__}, not an object", path=file)


def parse_records(text: str, *, path: str, suffix: str, source: str | None = None, encoding: str = "utf-8",
                  warnings: tuple[str, ...] = ()) -> Iterator[Readout | ReadError]:
    """Each record of a JSON, JSONL or CSV text as a Readout, or a ReadError naming the record.

    Raises :class:`ReadError` (rather than yielding it) when the file as a whole cannot be read:
    invalid JSON, a CSV without header, no records at all.
    """
    items = list(_raw_records(text, path, suffix.lower()))
    if not items:
        raise ReadError("no records in the file", path=path)
    dicts = [item for _, item in items if not isinstance(item, ReadError)]
    if dicts and len(dicts) == len(items) and not any(set(_lower_keys(d)) & set(CONTENT_FIELDS) for d in dicts):
        raise NotReadouts(f"not readouts: no content field ({', '.join(CONTENT_FIELDS)}) in any of its "
                          f"{len(dicts):,} record{'s' if len(dicts) != 1 else ''}, as in an index of metadata",
                          path=path)
    for n, item in items:
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            yield _record(_lower_keys(item), n, path, folder_source=source, encoding=encoding,
                          warnings=warnings)
        except ReadError as exc:
            yield exc


def _max_size() -> int:
    from stance.read.files import max_size

    return max_size()


_DEPTH = sys.getrecursionlimit()
