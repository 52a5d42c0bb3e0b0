"""Questions asked of the archive: list rows, one readout, its alignment, full-text search."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

from stance.archive.codec import ROW_COLUMNS, iso_date, row_from
from stance.archive.linking import Linked
from stance.archive.packing import statements_of, themes_of
from stance.archive.results import ReadoutRow, SearchHit
from stance.archive.store import MAX_INT
from stance.errors import ArchiveError
from stance.identity import canonical_side, person_key
from stance.model import (
    Alignment,
    Party,
    Readout,
    Span,
    Split,
    Stance,
    Statement,
    Theme,
)

ORDER_COLUMNS = (
    "published",
    "id",
    "title",
    "source",
    "principal",
    "counterpart",
    "principal_side",
    "counterpart_side",
    "kind",
    "n_shared",
    "n_only",
    "n_statements",
    "path",
)
"""Columns :meth:`Archive.rows` can sort by (``-column`` for descending)."""
_TEXT_COLUMNS = frozenset(
    {"title", "source", "principal", "counterpart", "principal_side", "counterpart_side", "kind", "path"}
)
Order = str



CACHE = 4096
"""Decoded analyses kept in memory (a few MB)."""

_MARK_ON = "\ue000"
_MARK_OFF = "\ue001"


def _unmark(snippet: str) -> tuple[str, tuple[Span, ...]]:
    out: list[str] = []
    marks: list[Span] = []
    pos = 0
    start = 0
    for part in re.split(f"([{_MARK_ON}{_MARK_OFF}])", snippet):
        if part == _MARK_ON:
            start = pos
        elif part == _MARK_OFF:
            marks.append(Span(start, pos))
        else:
            out.append(part)
            pos += len(part)
    return "".join(out), tuple(marks)


_FTS_SYNTAX = re.compile(r'"|\*|\bAND\b|\bOR\b|\bNOT\b|\bNEAR\b|\^|:')


def _check_count(name: str, value: int | None) -> None:
    """A limit or offset SQLite can take: 0 or more, at most 2**63 - 1 (never a silent "no limit")."""
    if value is not None and not 0 <= value <= MAX_INT:
        how = "too large" if value > MAX_INT else "negative"
        raise ArchiveError(f"{name} {value} is {how}; give a number between 0 and {MAX_INT}")


def fts_query(query: str) -> str:
    """A user's query as FTS5 syntax: plain words are each quoted (so "U.S." or "people-to-people" work)."""
    if _FTS_SYNTAX.search(query):
        return query
    words = query.split()
    if not words:
        raise ArchiveError("empty search query; give one or more words")
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)




class Queries(Linked):
    """The reading layer."""

    # -- reading ---------------------------------------------------------------------------

    def rows(
        self,
        *,
        source: str | None = None,
        side: str | None = None,
        party: str | None = None,
        since: date | None = None,
        until: date | None = None,
        theme: str | None = None,
        text: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        order: Order = "published",
    ) -> list[ReadoutRow]:
        """Archived readouts matching every filter given.

        ``source`` publisher, ``side`` either side's country or organisation (any of its
        forms: "China", "Chinese", "Beijing", "PRC" -- :func:`stance.identity.canonical_side`;
        both case-insensitive), ``party`` a part of either leading person's name, ``since``/``until``
        publication dates (inclusive), ``theme`` a theme name raised in it, ``text`` a full-text
        query. ``order``: a column of :data:`ORDER_COLUMNS` (``published``: oldest first, undated
        last), ``-column`` for descending (``-published``: newest first).
        """
        where: list[str] = []
        args: list[Any] = []
        if source:
            where.append("source = ? COLLATE NOCASE")
            args.append(source)
        if side:
            canon = canonical_side(side) or side
            where.append("(principal_canon = ? COLLATE NOCASE OR counterpart_canon = ? COLLATE NOCASE)")
            args += [canon, canon]
        if party:
            key = person_key(party)
            where.append(
                "(principal LIKE ? OR counterpart LIKE ? OR id IN (SELECT readout_id FROM parties"
                " WHERE name LIKE ? OR person_key LIKE ?))"
            )
            args += [f"%{party}%"] * 3 + [key.replace("|", "") + "|%" if key else "\x00"]
        if since:
            where.append("published >= ?")
            args.append(since.isoformat())
        if until:
            where.append("published <= ?")
            args.append(until.isoformat())
        if theme:
            where.append("id IN (SELECT readout_id FROM themes WHERE name = ? COLLATE NOCASE)")
            args.append(theme)
        if text:
            where.append("id IN (SELECT rowid FROM readouts_fts WHERE readouts_fts MATCH ?)")
            args.append(fts_query(text))
        column = order.removeprefix("-")
        if column not in ORDER_COLUMNS:
            raise ArchiveError(
                f"unknown order {order!r}; use a column ({', '.join(ORDER_COLUMNS)}), with '-' for descending"
            )
        way = " DESC" if order.startswith("-") else ""
        nulls = "" if column in ("id", "n_shared", "n_only", "n_statements") else f"{column} IS NULL, "
        tie = "" if column == "id" else f", published{way}, id{way}"
        order_by = f"{nulls}{column}{' COLLATE NOCASE' if column in _TEXT_COLUMNS else ''}{way}{tie}"
        sql = (
            f"SELECT {ROW_COLUMNS} FROM readouts"
            + (f" WHERE {' AND '.join(where)}" if where else "")
            + f" ORDER BY {order_by}"
        )
        if limit is not None or offset:
            _check_count("--limit", limit)
            _check_count("offset", offset)
            sql += " LIMIT ? OFFSET ?"
            args += [-1 if limit is None else limit, offset]
        try:
            return [row_from(r) for r in self.conn.execute(sql, args)]
        except sqlite3.OperationalError as exc:
            raise ArchiveError(f"bad text query {text!r} ({exc})") from exc

    def row(self, readout_id: int) -> ReadoutRow:
        """The list row of one readout."""
        r = self.conn.execute(f"SELECT {ROW_COLUMNS} FROM readouts WHERE id = ?", (readout_id,)).fetchone()
        if r is None:
            raise self._missing(readout_id)
        return row_from(r)

    def get(self, readout_id: int) -> Readout:
        """The readout as it was added."""
        r = self.conn.execute(
            "SELECT text, title, body_start, body_end, paragraphs, published, meeting_date, place, kind, "
            "source,"
            " path, url, encoding, warnings FROM readouts WHERE id = ?",
            (readout_id,),
        ).fetchone()
        if r is None:
            raise self._missing(readout_id)
        return Readout(
            text=r[0],
            title=r[1],
            body=Span(r[2], r[3]),
            paragraphs=tuple(Span(a, b) for a, b in json.loads(r[4])),
            published=iso_date(r[5]),
            meeting_date=iso_date(r[6]),
            place=r[7],
            kind=r[8],
            source=r[9],
            path=r[10],
            url=r[11],
            encoding=r[12],
            warnings=tuple(json.loads(r[13])),
        )

    def alignment(self, readout_id: int) -> Alignment:
        """The stored analysis, rebuilt exactly (no re-analysis)."""
        readout = self.get(readout_id)
        c = self.conn
        notes = tuple(
            json.loads(c.execute("SELECT notes FROM readouts WHERE id = ?", (readout_id,)).fetchone()[0])
        )
        parties = tuple(
            Party(
                id=pid,
                role=role,
                name=name,
                title=title,
                organisation=org,
                side=side,
                members=tuple(json.loads(members)),
                aliases=tuple(self._load_blob(aliases)),
            )
            for pid, role, name, title, org, side, members, aliases in c.execute(
                "SELECT pid, role, name, title, organisation, side, members, aliases FROM parties"
                " WHERE readout_id = ? ORDER BY idx",
                (readout_id,),
            )
        )
        value = self._analysis_value(readout_id)
        statements, _ = statements_of(value) if value is not None else ((), ())
        themes = themes_of(value) if value is not None else ()
        split = Split(readout=readout, parties=parties, statements=statements, notes=notes)
        return Alignment(split=split, themes=themes)

    def statement_stances(self, readout_id: int) -> list[Stance | None]:
        """The stored stance of each statement of a readout, in order."""
        value = self._analysis_value(readout_id)
        return list(statements_of(value)[1]) if value is not None else []

    def stored_statements(
        self, readout_ids: Sequence[int]
    ) -> dict[int, tuple[tuple[Statement, ...], tuple[Stance | None, ...]]]:
        """The stored statements and their stances of each of these readouts (those archived)."""
        return self._decoded(readout_ids, 1, statements_of)

    def stored_themes(self, readout_ids: Sequence[int]) -> dict[int, tuple[Theme, ...]]:
        """The stored themes (with evidence) of each of these readouts (those archived)."""
        return self._decoded(readout_ids, 2, themes_of)

    def _decoded(self, readout_ids: Sequence[int], slot: int, decode: Any) -> dict[int, Any]:
        """One part of each readout's stored value, decoded once and kept in its cache ``slot``."""
        out = {}
        for rid, entry in self._stored(readout_ids).items():
            if entry[slot] is None:
                entry[slot] = decode(entry[0])
            out[rid] = entry[slot]
        return out

    def stored_values(self, readout_ids: Sequence[int]) -> dict[int, list[Any]]:
        """The decoded analysis values of these readouts (those archived), for callers that read a few
        fields of many readouts (``track``) without building every statement and theme;
        :func:`stance.archive.packing.statements_of` and ``themes_of`` give the layout."""
        return {rid: entry[0] for rid, entry in self._stored(readout_ids).items()}

    def _stored(self, readout_ids: Sequence[int]) -> dict[int, list[Any]]:
        """Decoded analysis values ``[value, statements or None, themes or None]`` (the objects built
        when first asked for), kept for the next question (track asks for the same readouts once per
        theme); an archived readout's analysis never changes, and ids are never reused once
        committed (the cache is emptied when a transaction begins or rolls back)."""
        cache = self._analysis_cache
        out = {rid: cache[rid] for rid in readout_ids if rid in cache}
        missing = [rid for rid in dict.fromkeys(readout_ids) if rid not in out]
        for i in range(0, len(missing), 500):
            part = missing[i : i + 500]
            for rid, data in self.conn.execute(
                f"SELECT readout_id, data FROM analysis WHERE readout_id IN ({','.join('?' * len(part))})", part
            ):
                out[int(rid)] = [json.loads(self._unpack("analysis", int(rid), data)), None, None]
        if len(cache) > CACHE:
            cache.clear()
        cache.update(out)
        return out

    def find(self, text: str) -> int | None:
        """The id of the archived readout with exactly this text, if any."""
        row = self.conn.execute("SELECT id FROM readouts WHERE hash = ?", (self._hash(text),)).fetchone()
        return None if row is None else int(row[0])

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search (FTS5, BM25 order) with snippets; plain words must all occur.

        Plain words are matched as given (each quoted for FTS5); a query with FTS5 syntax
        (double-quoted phrases, ``AND``/``OR``/``NOT``, ``NEAR``, ``*``) is passed through.
        """
        _check_count("--limit", limit)
        q = fts_query(query)
        try:
            rows = self.conn.execute(
                "SELECT r.id, r.title, r.published, r.source, snippet(readouts_fts, 1, ?, ?, '\u2026', 24),"
                " bm25(readouts_fts), r.text FROM readouts_fts JOIN readouts r ON r.id = readouts_fts.rowid"
                " WHERE readouts_fts MATCH ? ORDER BY bm25(readouts_fts) LIMIT ?",
                (_MARK_ON, _MARK_OFF, q, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise ArchiveError(f"bad search query {query!r} ({exc}); put phrases in double quotes") from exc
        words = [
            w
            for w in re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", query)
            if w.upper() not in ("AND", "OR", "NOT", "NEAR")
        ]
        rx = (
            re.compile(
                r"(?<![^\W_])(?:" + "|".join(re.escape(w) for w in words) + r")(?![^\W_])", re.IGNORECASE
            )
            if words
            else None
        )
        hits = []
        for rid, title, pub, source, snip, rank, text in rows:
            plain, marks = _unmark(snip)
            spans = (
                tuple(Span(m.start(), m.end()) for _, m in zip(range(10), rx.finditer(text), strict=False))
                if rx
                else ()
            )
            hits.append(
                SearchHit(
                    readout_id=rid,
                    title=title,
                    published=iso_date(pub),
                    source=source,
                    snippet=plain,
                    marks=marks,
                    spans=spans,
                    score=round(-float(rank), 4),
                )
            )
        return hits

    def sides(self) -> list[str]:
        """Every side (country or organisation) named in the archive, sorted."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT principal_canon FROM readouts WHERE principal_canon IS NOT NULL UNION "
                "SELECT counterpart_canon FROM readouts WHERE counterpart_canon IS NOT NULL ORDER BY 1"
            )
        ]

    def themes(self) -> list[str]:
        """Every theme name in the archive, sorted."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT name FROM themes ORDER BY name")]

    def sources(self) -> list[str]:
        """Every publisher in the archive, sorted."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT source FROM readouts WHERE source IS NOT NULL ORDER BY source"
            )
        ]

