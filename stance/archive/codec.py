"""(De)serialising the parts of an alignment to and from table rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any

from stance.archive.results import ReadoutRow
from stance.model import (
    Alignment,
    Span,
    Stance,
    Statement,
)

# --------------------------------------------------------------------------------------------
# (de)serialising the parts of an alignment


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def iso_date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


STANCE_COLS = (
    "stance_label, stance_strength, stance_polarity, stance_cue_start, stance_cue_end, stance_negated"
)
"""The six columns that hold a :class:`Stance` (statements and evidence)."""


def _stance_cols(st: Stance | None) -> tuple[Any, ...]:
    if st is None:
        return (None, None, None, None, None, None)
    cue = st.cue_span
    return (
        st.label,
        st.strength,
        st.polarity,
        cue.start if cue else None,
        cue.end if cue else None,
        int(st.negated),
    )


def stance_from(
    label: str | None,
    strength: float | None,
    polarity: str | None,
    cue_start: int | None,
    cue_end: int | None,
    negated: int | None,
) -> Stance | None:
    if label is None:
        return None
    return Stance(
        label=label,
        strength=float(strength or 0.0),
        polarity=polarity,  # type: ignore[arg-type]
        cue_span=_span(cue_start, cue_end),
        negated=bool(negated),
    )


def _span(start: int | None, end: int | None) -> Span | None:
    return None if start is None or end is None else Span(start, end)


@cache
def _statement_stance_fn() -> Callable[[Statement, str], Stance] | None:
    """``stance.modality.stance_of`` when that module exists."""
    try:
        from stance import modality
    except ModuleNotFoundError as exc:
        if exc.name != "stance.modality":
            raise
        return None
    fn: Callable[[Statement, str], Stance] | None = getattr(modality, "stance_of", None)
    return fn


def statement_stances(al: Alignment) -> tuple[Stance | None, ...]:
    """A stance per statement: from the stance lexicon when present, else from theme evidence."""
    fn = _statement_stance_fn()
    text = al.split.readout.text
    if fn is not None:
        return tuple(fn(s, text) for s in al.split.statements)
    out: list[Stance | None] = [None] * len(al.split.statements)
    for t in al.themes:
        for e in t.evidence:
            if e.stance is not None and 0 <= e.statement < len(out) and out[e.statement] is None:
                out[e.statement] = e.stance
    return tuple(out)



ROW_COLUMNS = (
    "id, title, published, source, principal, counterpart, principal_side, counterpart_side, kind, "
    "n_shared, n_only, n_statements, path, meeting"
)


def stance_columns(alias: str) -> str:
    return ", ".join(f"{alias}.{col.strip()}" for col in STANCE_COLS.split(","))


def row_from(r: Sequence[Any]) -> ReadoutRow:
    return ReadoutRow(
        id=int(r[0]),
        title=r[1],
        published=iso_date(r[2]),
        source=r[3],
        principal=r[4],
        counterpart=r[5],
        principal_side=r[6],
        counterpart_side=r[7],
        kind=r[8],
        n_shared=int(r[9]),
        n_only=int(r[10]),
        n_statements=int(r[11]),
        path=r[12],
        meeting=None if r[13] is None else int(r[13]),
    )

