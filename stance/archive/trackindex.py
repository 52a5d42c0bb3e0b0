"""The track index: which side raised which theme when, kept beside the analysis by add and remove.

``track_index`` (no index beyond its key) has a row per (line, publication day, readout, theme
index), a line being a (canonical side, theme) of ``track_lines``, for every theme a
side raised (as principal or counterpart; joint themes count for both), so that the latest
entries of a side's theme are an index range, not a scan. ``track_months`` holds per side and
month the readouts with that side (theme ``''``) and those raising each theme, so that the
monthly counts of :func:`stance.track.track` are a few hundred rows at any archive size.
"""

from __future__ import annotations

import sqlite3
from datetime import date

UNDATED = 99_999_999
"""``day`` of a readout without a publication date (sorts after every date)."""

JD_ORDINAL = 1_721_424
"""``int(julianday(d))`` in SQLite minus ``d.toordinal()``."""


def julian(d: date) -> int:
    """The day number SQLite's ``CAST(julianday(d) AS INTEGER)`` gives."""
    return d.toordinal() + JD_ORDINAL


def from_julian(day: int | None) -> date | None:
    """The date of a day number; None for :data:`UNDATED` or None."""
    return None if day is None or day >= UNDATED else date.fromordinal(day - JD_ORDINAL)

_LINES = """
INSERT OR IGNORE INTO track_lines(side, theme)
SELECT DISTINCT r.{canon}, t.name FROM themes t JOIN readouts r ON r.id = t.readout_id
WHERE t.{role} = 1 AND r.{canon} IS NOT NULL AND r.id BETWEEN ? AND ?
"""

_ROWS = f"""
INSERT OR IGNORE INTO track_index(line, day, readout_id, idx)
SELECT l.id, coalesce(CAST(julianday(r.published) AS INTEGER), {UNDATED}), r.id, t.idx
FROM themes t JOIN readouts r ON r.id = t.readout_id JOIN track_lines l ON l.side = r.{{canon}} AND l.theme = t.name
WHERE t.{{role}} = 1 AND r.{{canon}} IS NOT NULL AND r.id BETWEEN ? AND ?
"""

_THEME_MONTHS = """
SELECT side, theme, month, count(*) FROM (
    SELECT r.principal_canon AS side, t.name AS theme, coalesce(substr(r.published, 1, 7), '') AS month, r.id
    FROM themes t JOIN readouts r ON r.id = t.readout_id
    WHERE t.principal = 1 AND r.principal_canon IS NOT NULL AND r.id BETWEEN ? AND ?
    UNION
    SELECT r.counterpart_canon, t.name, coalesce(substr(r.published, 1, 7), ''), r.id
    FROM themes t JOIN readouts r ON r.id = t.readout_id
    WHERE t.counterpart = 1 AND r.counterpart_canon IS NOT NULL AND r.id BETWEEN ? AND ?
) GROUP BY side, theme, month
"""

_SIDE_MONTHS = """
SELECT side, '', month, count(*) FROM (
    SELECT principal_canon AS side, coalesce(substr(published, 1, 7), '') AS month, id FROM readouts
    WHERE principal_canon IS NOT NULL AND id BETWEEN ? AND ?
    UNION
    SELECT counterpart_canon, coalesce(substr(published, 1, 7), ''), id FROM readouts
    WHERE counterpart_canon IS NOT NULL AND id BETWEEN ? AND ?
) GROUP BY side, month
"""


def add(conn: sqlite3.Connection, first: int, last: int) -> None:
    """Index readouts with ids ``first`` to ``last`` (just inserted, inside the open transaction)."""
    for canon, role in (("principal_canon", "principal"), ("counterpart_canon", "counterpart")):
        conn.execute(_LINES.format(canon=canon, role=role), (first, last))
        conn.execute(_ROWS.format(canon=canon, role=role), (first, last))
    _count(conn, first, last, +1)


def remove(conn: sqlite3.Connection, readout_id: int) -> None:
    """Take one readout out of the index (before its rows are deleted)."""
    _count(conn, readout_id, readout_id, -1)
    conn.execute(
        "DELETE FROM track_index WHERE (line, day, readout_id, idx) IN ("
        f"SELECT l.id, coalesce(CAST(julianday(r.published) AS INTEGER), {UNDATED}), r.id, t.idx"
        " FROM themes t JOIN readouts r ON r.id = t.readout_id"
        " JOIN track_lines l ON l.theme = t.name AND l.side IN (r.principal_canon, r.counterpart_canon)"
        " WHERE r.id = ?)",
        (readout_id,),
    )
    conn.execute("DELETE FROM track_months WHERE readouts <= 0")


def rebuild(conn: sqlite3.Connection) -> None:
    """The whole index again from the stored analysis (migration, repair); line ids are kept."""
    conn.execute("DELETE FROM track_index")
    conn.execute("DELETE FROM track_months")
    top = conn.execute("SELECT coalesce(max(id), 0) FROM readouts").fetchone()[0]
    add(conn, 0, int(top))


def _count(conn: sqlite3.Connection, first: int, last: int, sign: int) -> None:
    rows = conn.execute(_THEME_MONTHS, (first, last, first, last)).fetchall()
    rows += conn.execute(_SIDE_MONTHS, (first, last, first, last)).fetchall()
    conn.executemany(
        "INSERT INTO track_months(side, theme, month, readouts) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(side, theme, month) DO UPDATE SET readouts = readouts + excluded.readouts",
        [(side, theme, month, sign * n) for side, theme, month, n in rows],
    )
