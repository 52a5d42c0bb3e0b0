"""Two accounts of one meeting: linking readouts of the same meeting published by both sides."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from stance.archive.index import Indexed

_ACCOUNT_COLS = "id, principal_canon, counterpart_canon, day, source, kind, principal, counterpart"


def _surname(name: str | None) -> str | None:
    words = [
        w for w in re.findall(r"[^\W\d_]+", (name or "").lower()) if w not in ("jr", "sr", "ii", "iii", "iv")
    ]
    return words[-1] if words else None


def _same_meeting(a: Sequence[Any], b: Sequence[Any]) -> bool:
    """Two candidate accounts (rows of ``_ACCOUNT_COLS``): different publishers, kind and a person agree."""
    from rapidfuzz import fuzz

    if (a[4] or "") == (b[4] or ""):
        return False
    calls = {"call", "video call"}
    if "unknown" not in (a[5], b[5]) and (a[5] in calls) != (b[5] in calls):
        return False
    pairs = [(_surname(a[7]), _surname(b[6])), (_surname(a[6]), _surname(b[7]))]
    named = [(x, y) for x, y in pairs if x and y]
    if not a[2] or not b[2]:  # one account names its counterpart without a side: the names must agree
        x, y = (_surname(a[7]), _surname(b[6])) if not a[2] else (_surname(b[7]), _surname(a[6]))
        return x is not None and y is not None and fuzz.ratio(x, y) >= 80
    return not named or any(fuzz.ratio(x, y) >= 80 for x, y in named)


_SIDELESS = (
    "SELECT {a}, {b} FROM readouts a JOIN readouts b ON b.counterpart_canon = a.principal_canon"
    " AND b.principal_canon != a.principal_canon AND b.day BETWEEN a.day - 1 AND a.day + 1"
    " WHERE a.counterpart_canon IS NULL AND a.principal_canon IS NOT NULL AND a.counterpart IS NOT NULL"
)
"""Candidate pairs where ``a`` names its counterpart with no side (e.g. "... with Biden"): its
counterpart side is taken to be ``b``'s principal side when the surnames agree."""




class Linked(Indexed):
    """The account-linking layer."""

    # -- two accounts of one meeting -----------------------------------------------------

    def _partners(self, rid: int) -> list[int]:
        row = self.conn.execute(f"SELECT {_ACCOUNT_COLS} FROM readouts WHERE id = ?", (rid,)).fetchone()
        if row is None:
            return []
        ps, cs, day = row[1], row[2], row[3]
        if not ps or ps == cs or day is None:
            return []
        if cs:  # the partner names both sides, or names this readout's principal without a side
            # Two index searches, not one "(= ? OR IS NULL)": with the OR, SQLite uses only the
            # principal_canon prefix of readouts_accounts and scans every readout of that side.
            sql = ("SELECT {c} FROM readouts WHERE principal_canon = ? AND counterpart_canon = ?"
                   " AND day BETWEEN ? AND ? AND id != ? UNION ALL "
                   "SELECT {c} FROM readouts WHERE principal_canon = ? AND counterpart_canon IS NULL"
                   " AND day BETWEEN ? AND ? AND id != ?")
            args: tuple[Any, ...] = (cs, ps, day - 1, day + 1, rid, cs, day - 1, day + 1, rid)
        else:  # this readout names its counterpart without a side
            sql = ("SELECT {c} FROM readouts WHERE counterpart_canon = ? AND principal_canon != ?"
                   " AND day BETWEEN ? AND ? AND id != ?")
            args = (ps, ps, day - 1, day + 1, rid)
        return [int(r[0]) for r in self.conn.execute(sql.format(c=_ACCOUNT_COLS), args) if _same_meeting(row, r)]

    def _link_accounts(self, ids: Iterable[int]) -> None:
        c = self.conn
        for rid in ids:
            partners = self._partners(rid)
            if not partners:
                continue
            group = {rid, *partners}
            keys = {
                r[0]
                for r in c.execute(
                    f"SELECT meeting FROM readouts WHERE id IN ({','.join('?' * len(group))}) AND "
                    "meeting IS NOT NULL",
                    list(group),
                )
            }
            key = min(group | keys)
            old = list(keys)
            c.execute(
                f"UPDATE readouts SET meeting = ? WHERE id IN ({','.join('?' * len(group))})"
                + (f" OR meeting IN ({','.join('?' * len(old))})" if old else ""),
                [key, *group, *old],
            )

    def accounts(self) -> list[tuple[int, int]]:
        """Pairs ``(a, b)`` with ``a < b`` of readouts that report the same meeting.

        A heuristic: two governments' readouts with the roles swapped (one's principal side is
        the other's counterpart side, and the reverse), meeting (else publication) dates at most
        one day apart, different publishers, the same kind of contact (a call is not a meeting),
        and at least one person in common (surnames, fuzzy) when both name people.
        """
        cols_a = ", ".join(f"a.{c.strip()}" for c in _ACCOUNT_COLS.split(","))
        cols_b = ", ".join(f"b.{c.strip()}" for c in _ACCOUNT_COLS.split(","))
        n = len(_ACCOUNT_COLS.split(","))
        rows = self.conn.execute(
            f"SELECT {cols_a}, {cols_b} FROM readouts a JOIN readouts b ON b.principal_canon = "
            "a.counterpart_canon"
            " AND b.counterpart_canon = a.principal_canon AND b.day BETWEEN a.day - 1 AND a.day + 1 AND "
            "b.id > a.id"
            " WHERE a.principal_canon IS NOT NULL AND a.counterpart_canon IS NOT NULL"
            " AND a.principal_canon != a.counterpart_canon ORDER BY a.id, b.id"
        ).fetchall()
        pairs = {(int(r[0]), int(r[n])) for r in rows if _same_meeting(r[:n], r[n:])}
        for r in self.conn.execute(_SIDELESS.format(a=cols_a, b=cols_b)):
            if _same_meeting(r[:n], r[n:]):
                pairs.add((min(int(r[0]), int(r[n])), max(int(r[0]), int(r[n]))))
        return sorted(pairs)

