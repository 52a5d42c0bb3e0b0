"""Adding readouts: read, analyse (in worker processes for large batches), store in one transaction."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

from stance.archive import trackindex
from stance.archive.analysis import Analysis, _analyses, batched
from stance.archive.codec import STANCE_COLS, _iso, _stance_cols, statement_stances
from stance.archive.features import idf, terms_of
from stance.archive.inputs import _walk_inputs
from stance.archive.queries import Queries
from stance.archive.results import Added, AddResult, Failure
from stance.archive.store import CHUNK, PARALLEL_MIN, SEED_DIR
from stance.identity import canonical_side, person_key
from stance.model import (
    JOINT,
    Alignment,
    Readout,
    Theme,
)


def _raises(t: Theme, party: str) -> bool:
    return any(e.party in (party, JOINT) for e in t.evidence) or t.joint




class Ingest(Queries):
    """The writing layer: add and remove."""

    def _seed(self) -> None:
        """Fill a new archive from ``seeds/`` (only while it is still empty)."""
        if self.count():
            return
        self.add_paths([SEED_DIR])

    # -- adding -----------------------------------------------------------------------------

    def add_paths(
        self,
        paths: Iterable[str | Path],
        *,
        progress: Callable[[int, int], None] | None = None,
        workers: int = 1,
    ) -> AddResult:
        """Add readout files, folders (recursively) and JSONL/JSON/CSV record files, as one batch.

        Every input is read and checked first (only its content hash is kept); when any input
        fails (a missing, empty or binary file, a bad record), nothing is written and the result
        lists the failures (``committed`` False). Then the inputs are read again and streamed
        through analysis and storage in chunks, in one transaction, so that memory does not grow
        with the batch. A record file in which no record has a content field (e.g. a corpus
        ``index.jsonl``) is skipped, not failed. ``progress(done, total)`` is called as readouts
        are analysed and stored.
        """
        paths = list(paths)
        hashes: list[str] = []
        failed: list[Failure] = []
        skipped: list[Failure] = []
        for kind, item in _walk_inputs(paths):
            if isinstance(item, Readout):
                hashes.append(self._hash(item.text))
            elif kind == "failed":
                failed.append(item)
            else:
                skipped.append(item)
        if failed:
            have = self._existing(set(hashes))
            return AddResult(
                failed=tuple(failed), skipped=tuple(skipped), committed=False, pending=len(set(hashes) - set(have))
            )
        readouts = (item for _, item in _walk_inputs(paths) if isinstance(item, Readout))
        result = self.add(readouts, progress=progress, workers=workers, total=len(hashes))
        return AddResult(added=result.added, present=result.present, skipped=tuple(skipped), committed=True)

    def add(
        self,
        readouts: Iterable[Readout],
        *,
        progress: Callable[[int, int], None] | None = None,
        workers: int = 1,
        total: int | None = None,
    ) -> AddResult:
        """Analyse and store readouts in one transaction; idempotent by the text's content hash.

        Readouts whose text is already archived (or repeats within the batch) are not analysed
        again and come back in :attr:`AddResult.present`. The input is streamed: analysed and
        written chunk by chunk. With ``workers`` > 1, batches of more than 200 readouts
        (``total``, or the length of ``readouts``; unknown counts as large) are analysed in that
        many processes (started with "spawn": the calling script needs the
        ``if __name__ == "__main__":`` guard); see :func:`default_workers`.
        """
        n = total if total is not None else (len(readouts) if isinstance(readouts, Sized) else None)
        inputs: list[tuple[str | None, str, str]] = []
        ids: dict[str, int] = {}
        queued: set[str] = set()

        def fresh() -> Iterator[Readout]:
            for part in batched(readouts, 512):
                hs = [self._hash(r.text) for r in part]
                ids.update(self._existing(set(hs) - ids.keys() - queued))
                for r, h in zip(part, hs, strict=True):
                    inputs.append((r.path, r.title, h))
                    if h not in ids and h not in queued:
                        queued.add(h)
                        yield r

        parallel = workers > 1 and (n is None or n >= 2 * PARALLEL_MIN)
        stream = _analyses(fresh(), workers if parallel else 1)
        analysed = ((self._hash(a.alignment.split.readout.text), a) for a in stream)
        new = self._store(analysed, ids, progress, n)
        return _result(inputs, ids, new)

    def add_analysed(
        self,
        analyses: Iterable[Analysis | Alignment],
        *,
        readouts: Sequence[Readout] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> AddResult:
        """Store readouts already analysed (see :func:`analyse`) in one transaction, streamed in chunks.

        An :class:`Alignment` alone is stored with statement stances from
        :func:`statement_stances`. ``readouts``, when given, is the whole input (in order) so
        that duplicates among them are reported as already present.
        """
        inputs: list[tuple[str | None, str, str]] = []

        def pairs() -> Iterator[tuple[str, Analysis]]:
            for a in analyses:
                an = a if isinstance(a, Analysis) else Analysis(alignment=a, stances=statement_stances(a))
                r = an.alignment.split.readout
                h = self._hash(r.text)
                if readouts is None:
                    inputs.append((r.path, r.title, h))
                yield h, an

        ids: dict[str, int] = {}
        new = self._store(pairs(), ids, progress, len(readouts) if readouts is not None else None)
        if readouts is not None:
            inputs = [(r.path, r.title, self._hash(r.text)) for r in readouts]
        ids.update(self._existing({h for _, _, h in inputs} - ids.keys()))
        return _result(inputs, ids, new)

    def _store(
        self,
        analysed: Iterable[tuple[str, Analysis]],
        ids: dict[str, int],
        progress: Callable[[int, int], None] | None,
        total: int | None,
    ) -> set[str]:
        """Write new analyses in chunks inside one transaction (opened at the first new one); fills
        ``ids`` (hash -> id) and returns the hashes written. Anything raised rolls everything back."""
        new: set[str] = set()
        done = 0
        began = False

        def counted() -> Iterator[tuple[str, Analysis]]:
            nonlocal done
            for pair in analysed:
                done += 1
                if progress and done % 16 == 0:
                    progress(done, max(done, total or 0))
                yield pair

        try:
            for chunk in batched(counted(), CHUNK):
                if not began:
                    self._begin()
                    began = True
                have = self._existing({h for h, _ in chunk} - ids.keys())
                ids.update(have)
                todo: list[tuple[str, Analysis]] = []
                for h, a in chunk:
                    if h not in ids and h not in new:
                        new.add(h)
                        todo.append((h, a))
                for (h, _), rid in zip(todo, self._insert(todo), strict=True):
                    ids[h] = rid
            if began:
                self._link_accounts([ids[h] for h in new])
                self._maybe_refit()
                self.conn.execute("COMMIT")
        except BaseException:
            if began:
                self._rollback()
            raise
        if progress and done:
            progress(done, done)
        return new

    def _insert(self, chunk: list[tuple[str, Analysis]]) -> list[int]:
        """Insert analyses not yet archived (inside the open transaction); returns their ids."""
        import numpy as np

        c = self.conn
        n_after = self.count() + len(chunk)
        # document frequencies first, so that each new vector's length uses them
        counts = [terms_of(a.alignment.split.readout.text) for _, a in chunk]
        df: Counter[str] = Counter()
        for tc in counts:
            df.update(tc.keys())
        c.executemany(
            "INSERT INTO terms(term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            df.items(),
        )
        term_ids: dict[str, tuple[int, int]] = {}
        names = list(df)
        for i in range(0, len(names), 500):
            part = names[i : i + 500]
            for tid, term, tdf in c.execute(
                f"SELECT id, term, df FROM terms WHERE term IN ({','.join('?' * len(part))})", part
            ):
                term_ids[term] = (tid, tdf)
        formula_ids = self._formulas(
            [
                s.span.of(a.alignment.split.readout.text)
                for _, a in chunk
                for s in a.alignment.split.statements
            ]
        )
        next_theme = int(c.execute("SELECT coalesce(max(id), 0) FROM themes").fetchone()[0]) + 1
        now = datetime.now(UTC).isoformat(timespec="seconds")
        ids: list[int] = []
        parties: list[tuple[Any, ...]] = []
        statements: list[tuple[Any, ...]] = []
        themes: list[tuple[Any, ...]] = []
        evidence: list[tuple[Any, ...]] = []
        postings: dict[int, tuple[list[int], list[float]]] = {}
        vectors: list[tuple[int, bytes, bytes]] = []
        fts: list[tuple[int, str, str]] = []
        k = 0
        for (h, an), tc in zip(chunk, counts, strict=True):
            al = an.alignment
            sp = al.split
            r = sp.readout
            principal = next((p for p in sp.parties if p.role == "principal"), None)
            counterpart = next((p for p in sp.parties if p.role == "counterpart"), None)
            tids = np.fromiter((term_ids[t][0] for t in tc), dtype=np.uint32, count=len(tc))
            tfs = np.fromiter(tc.values(), dtype=np.float64, count=len(tc))
            dfs = np.fromiter((term_ids[t][1] for t in tc), dtype=np.float64, count=len(tc))
            w = (1.0 + np.log(tfs)) * idf(dfs, n_after)
            norm = float(np.sqrt((w * w).sum())) or 1.0
            n_shared = sum(1 for t in al.themes if t.status in ("shared", "differ", "joint"))
            n_only = sum(1 for t in al.themes if t.status == "only")
            day = r.meeting_date or r.published
            rid = c.execute(
                "INSERT INTO readouts(hash, text, title, body_start, body_end, paragraphs, published, "
                "meeting_date,"
                " place, kind, source, path, url, encoding, warnings, notes, principal, counterpart, "
                "principal_side,"
                " counterpart_side, counterpart_key, day, n_statements, n_shared, n_only, norm, added,"
                " principal_key, principal_canon, counterpart_canon)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    h,
                    r.text,
                    r.title,
                    r.body.start,
                    r.body.end,
                    json.dumps([[p.start, p.end] for p in r.paragraphs], separators=(",", ":")),
                    _iso(r.published),
                    _iso(r.meeting_date),
                    r.place,
                    r.kind,
                    r.source,
                    r.path,
                    r.url,
                    r.encoding,
                    json.dumps(list(r.warnings), ensure_ascii=False),
                    json.dumps(list(sp.notes), ensure_ascii=False),
                    principal.name if principal else None,
                    counterpart.name if counterpart else None,
                    principal.side if principal else None,
                    counterpart.side if counterpart else None,
                    person_key(counterpart.name, counterpart.side) if counterpart else None,
                    day.toordinal() if day else None,
                    len(sp.statements),
                    n_shared,
                    n_only,
                    norm,
                    now,
                    person_key(principal.name, principal.side) if principal else None,
                    canonical_side(principal.side) if principal else None,
                    canonical_side(counterpart.side) if counterpart else None,
                ),
            ).lastrowid
            assert rid is not None
            ids.append(rid)
            fts.append((rid, r.title, r.text))
            parties += [
                (
                    rid,
                    i,
                    p.id,
                    p.role,
                    p.name,
                    p.title,
                    p.organisation,
                    p.side,
                    json.dumps(list(p.members), ensure_ascii=False),
                    self._aliases(p.aliases),
                    person_key(p.name, p.side),
                    canonical_side(p.side),
                )
                for i, p in enumerate(sp.parties)
            ]
            pub = _iso(r.published)
            for i, (s, st) in enumerate(zip(sp.statements, an.stances, strict=True)):
                cue, spk = s.cue_span, s.speaker_span
                statements.append(
                    (
                        rid,
                        i,
                        s.party,
                        s.span.start,
                        s.span.end,
                        s.cue,
                        cue.start if cue else None,
                        cue.end if cue else None,
                        spk.start if spk else None,
                        spk.end if spk else None,
                        s.cited,
                        s.confidence,
                        s.reason,
                        s.paragraph,
                        *_stance_cols(st),
                        formula_ids[k],
                        r.source,
                        pub,
                    )
                )
                k += 1
            p_ids = {p.id for p in sp.parties if p.role == "principal"}
            c_ids = {p.id for p in sp.parties if p.role == "counterpart"}
            for i, t in enumerate(al.themes):
                themes.append(
                    (
                        next_theme,
                        rid,
                        i,
                        t.name,
                        t.status,
                        t.score,
                        t.basis,
                        int(t.joint),
                        int(any(_raises(t, pid) for pid in p_ids)),
                        int(any(_raises(t, pid) for pid in c_ids)),
                    )
                )
                evidence += [
                    (next_theme, j, e.party, e.span.start, e.span.end, e.statement, *_stance_cols(e.stance))
                    for j, e in enumerate(t.evidence)
                ]
                next_theme += 1
            order = np.argsort(tids, kind="stable")
            for tid, weight in zip(tids.tolist(), (w / norm).tolist(), strict=True):
                entry = postings.setdefault(tid, ([], []))
                entry[0].append(rid)
                entry[1].append(weight)
            vectors.append(
                (rid, tids[order].tobytes(), np.minimum(tfs[order], 65535).astype(np.uint16).tobytes())
            )
        c.executemany("INSERT INTO readouts_fts(rowid, title, text) VALUES (?, ?, ?)", fts)
        c.executemany(
            "INSERT INTO parties(readout_id, idx, pid, role, name, title, organisation, side, members,"
            " aliases, person_key, canon_side) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            parties,
        )
        c.executemany(
            "INSERT INTO statements(readout_id, idx, party, start, end, cue, cue_start, cue_end, "
            "speaker_start,"
            f" speaker_end, cited, confidence, reason, paragraph, {STANCE_COLS}, formula_id, source, "
            "published)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            statements,
        )
        c.executemany(
            "INSERT INTO themes(id, readout_id, idx, name, status, score, basis, joint, principal,"
            " counterpart) VALUES (?,?,?,?,?,?,?,?,?,?)",
            themes,
        )
        c.executemany(
            f"INSERT INTO evidence(theme_id, idx, party, start, end, statement, {STANCE_COLS})"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            evidence,
        )
        self._set_meta("rows_since_compact", str(int(self._meta("rows_since_compact") or 0) + len(postings)))
        c.executemany(
            "INSERT INTO postings(term_id, chunk, ids, weights) VALUES (?, ?, ?, ?)",
            [
                (
                    tid,
                    ids[0],
                    np.array(rids, dtype=np.uint32).tobytes(),
                    np.array(ws, dtype=np.float32).tobytes(),
                )
                for tid, (rids, ws) in sorted(postings.items())
            ],
        )
        c.executemany("INSERT INTO vectors(readout_id, terms, tfs) VALUES (?, ?, ?)", vectors)
        if ids:
            trackindex.add(c, min(ids), max(ids))
        return ids


    # -- removing --------------------------------------------------------------------------

    def remove(self, readout_id: int) -> None:
        """Delete a readout and everything derived from it; :class:`ArchiveError` if there is none."""
        import numpy as np

        c = self.conn
        self._begin()
        try:
            row = c.execute(
                "SELECT title, text, meeting FROM readouts WHERE id = ?", (readout_id,)
            ).fetchone()
            if row is None:
                raise self._missing(readout_id)
            title, text, meeting = row
            vec = c.execute("SELECT terms FROM vectors WHERE readout_id = ?", (readout_id,)).fetchone()
            if vec is not None:
                tids = [int(t) for t in np.frombuffer(vec[0], dtype=np.uint32)]
                c.executemany("UPDATE terms SET df = df - 1 WHERE id = ?", [(t,) for t in tids])
            c.execute(
                "INSERT INTO readouts_fts(readouts_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                (readout_id, title, text),
            )
            trackindex.remove(c, readout_id)
            c.execute(
                "DELETE FROM evidence WHERE theme_id IN (SELECT id FROM themes WHERE readout_id = ?)",
                (readout_id,),
            )
            for table in ("themes", "statements", "parties"):
                c.execute(f"DELETE FROM {table} WHERE readout_id = ?", (readout_id,))
            c.execute("DELETE FROM vectors WHERE readout_id = ?", (readout_id,))
            self._set_meta("removed_since_compact", str(int(self._meta("removed_since_compact") or 0) + 1))
            c.execute("DELETE FROM readouts WHERE id = ?", (readout_id,))
            if meeting is not None:
                group = [r[0] for r in c.execute("SELECT id FROM readouts WHERE meeting = ?", (meeting,))]
                c.execute("UPDATE readouts SET meeting = NULL WHERE meeting = ?", (meeting,))
                self._link_accounts(group)
            self._maybe_refit()
            c.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise


def _result(inputs: Sequence[tuple[str | None, str, str]], ids: dict[str, int], new: set[str]) -> AddResult:
    """Each input (path, title, hash) as added (first time its new text comes) or already present."""
    added: list[Added] = []
    present: list[Added] = []
    reported: set[str] = set()
    for path, title, h in inputs:
        item = Added(path=path, readout_id=ids.get(h), title=title)
        if h in new and h not in reported:
            added.append(item)
        else:
            present.append(item)
        reported.add(h)
    return AddResult(added=tuple(added), present=tuple(present), committed=True)
