"""Adding readouts: read, analyse (in worker processes for large batches), store in one transaction."""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

from stance.archive import trackindex
from stance.archive.analysis import (
    READOUT_COLUMNS,
    Analysis,
    Item,
    Prepared,
    _prepared,
    batched,
    prepare,
    start_pool,
    stop_pool,
)
from stance.archive.codec import statement_stances
from stance.archive.features import WEIGHT, idf, normalise, unpack_vector, wording_hash
from stance.archive.inputs import _walk_files
from stance.archive.queries import Queries
from stance.archive.results import Added, AddResult, Failure
from stance.archive.store import CHUNK, PARALLEL_MIN, SEED_DIR
from stance.model import (
    Alignment,
    Readout,
)


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
        pool = _early_pool(paths, workers)
        try:
            return self._add_paths(paths, progress, workers, pool)
        finally:
            if pool is not None:
                stop_pool(pool)

    def _add_paths(
        self,
        paths: list[str | Path],
        progress: Callable[[int, int], None] | None,
        workers: int,
        pool: Any,
    ) -> AddResult:
        failed: list[Failure] = []
        skipped: list[Failure] = []
        # first pass: read and check every input, keep what the second pass needs per file
        plan: list[tuple[Path, list[tuple[str | None, str, str]]]] = []
        for kind, item, f, count in _walk_files(paths):
            if isinstance(item, Readout):
                assert f is not None
                entry = (item.path, item.title, self._hash(item.text))
                if plan and plan[-1][0] == f and count > 1 and len(plan[-1][1]) < count:
                    plan[-1][1].append(entry)
                else:
                    plan.append((f, [entry]))
            elif kind == "failed":
                failed.append(item)
            else:
                skipped.append(item)
        hashes = {h for _, entries in plan for _, _, h in entries}
        if failed:
            have = self._existing(hashes)
            return AddResult(
                failed=tuple(failed), skipped=tuple(skipped), committed=False, pending=len(hashes - set(have))
            )

        def second() -> Iterator[tuple[str | None, str, str, Item]]:
            """One-readout files go to analysis by name (read there, once); record files are read
            again here, one at a time."""
            from stance.read import read_records

            for f, entries in plan:
                if len(entries) == 1:
                    path, title, h = entries[0]
                    yield path, title, h, (str(f), h)
                    continue
                for r in read_records(f):
                    if isinstance(r, Readout):
                        yield r.path, r.title, self._hash(r.text), r

        total = sum(len(entries) for _, entries in plan)
        result = self._add(second(), progress=progress, workers=workers, total=total, pool=pool)
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
        entries = ((r.path, r.title, self._hash(r.text), r) for r in readouts)
        return self._add(entries, progress=progress, workers=workers, total=n)

    def _add(
        self,
        entries: Iterable[tuple[str | None, str, str, Item]],
        *,
        progress: Callable[[int, int], None] | None,
        workers: int,
        total: int | None,
        pool: Any = None,
    ) -> AddResult:
        """:meth:`add` of ``(path, title, hash, item)`` entries (see :data:`Item`); analysis in
        ``pool`` when it is given and the batch is large enough."""
        n = total
        inputs: list[tuple[str | None, str, str]] = []
        ids: dict[str, int] = {}
        queued: set[str] = set()

        def fresh() -> Iterator[Item]:
            for part in batched(entries, 512):
                ids.update(self._existing({h for _, _, h, _ in part} - ids.keys() - queued))
                for path, title, h, item in part:
                    inputs.append((path, title, h))
                    if h not in ids and h not in queued:
                        queued.add(h)
                        yield item

        parallel = workers > 1 and (n is None or n >= 2 * PARALLEL_MIN)
        zdict = self._latest_zdict("analysis") if parallel else None
        background = self.background_bytes()
        stream = _prepared(fresh(), workers if parallel else 1, zdict, pool, background)
        new = self._store(stream, ids, progress, n)
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

        def pairs() -> Iterator[Prepared]:
            for a in analyses:
                an = a if isinstance(a, Analysis) else Analysis(alignment=a, stances=statement_stances(a))
                p = prepare(an)
                if readouts is None:
                    inputs.append((p.path, p.title, p.hash))
                yield p

        ids: dict[str, int] = {}
        new = self._store(pairs(), ids, progress, len(readouts) if readouts is not None else None)
        if readouts is not None:
            inputs = [(r.path, r.title, self._hash(r.text)) for r in readouts]
        ids.update(self._existing({h for _, _, h in inputs} - ids.keys()))
        return _result(inputs, ids, new)

    def _store(
        self,
        analysed: Iterable[Prepared],
        ids: dict[str, int],
        progress: Callable[[int, int], None] | None,
        total: int | None,
    ) -> set[str]:
        """Write new analyses in chunks inside one transaction (opened at the first new one); fills
        ``ids`` (hash -> id) and returns the hashes written. Anything raised rolls everything back."""
        new: set[str] = set()
        done = 0
        began = False

        def counted() -> Iterator[Prepared]:
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
                have = self._existing({p.hash for p in chunk} - ids.keys())
                ids.update(have)
                todo: list[Prepared] = []
                for p in chunk:
                    if p.hash not in ids and p.hash not in new:
                        new.add(p.hash)
                        todo.append(p)
                for p, rid in zip(todo, self._insert(todo), strict=True):
                    ids[p.hash] = rid
            if began:
                self._link_accounts([ids[h] for h in new])
                self._maybe_refit()
                self._maybe_refit_background()
                self.conn.execute("COMMIT")
        except BaseException:
            if began:
                self._rollback()
            raise
        if progress and done:
            progress(done, done)
        return new

    def _insert(self, chunk: list[Prepared]) -> list[int]:
        """Insert prepared analyses not yet archived (inside the open transaction); returns their ids."""
        import numpy as np

        from stance.archive.packing import ANALYSIS, pack

        c = self.conn
        if not chunk:
            return []
        n_after = self.count() + len(chunk)
        # document frequencies first, so that each new vector's length uses them
        df: Counter[str] = Counter()
        for p in chunk:
            df.update(t for t, _ in p.terms)
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
            [w for p in chunk for w in p.wordings], [k for p in chunk for k in p.keys]
        )
        first = 1 + int(
            c.execute(
                "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'readouts'), 0),"
                " coalesce((SELECT max(id) FROM readouts), 0))"
            ).fetchone()[0]
        )
        ids = list(range(first, first + len(chunk)))
        zdict = self._train(ANALYSIS, first, [p.analysis for p in chunk], n_after)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        # TF-IDF of the whole chunk at once: weights, vector lengths, inverted-index rows, vectors
        lens = np.fromiter((len(p.terms) for p in chunk), dtype=np.int64, count=len(chunk))
        bounds = np.concatenate(([0], np.cumsum(lens)))
        seg = np.repeat(np.arange(len(chunk), dtype=np.int64), lens)
        found = [term_ids[t] for p in chunk for t, _ in p.terms]
        tids = np.fromiter((x[0] for x in found), dtype=np.int64, count=len(found))
        dfs = np.fromiter((x[1] for x in found), dtype=np.float64, count=len(found))
        tfs = np.fromiter((n for p in chunk for _, n in p.terms), dtype=np.float64, count=len(found))
        w = (1.0 + np.log(tfs)) * idf(dfs, n_after)
        ww = w * w
        norms = [float(np.sqrt(ww[a:b].sum())) or 1.0 for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        rid_of = np.asarray(ids, dtype=np.int64)[seg]
        unit = w / np.asarray(norms, dtype=np.float64)[seg]
        by_term = np.lexsort((rid_of, tids))
        post_ids, post_tids = rid_of[by_term], tids[by_term]
        post_w = unit[by_term].astype(WEIGHT)
        starts = np.flatnonzero(np.diff(post_tids, prepend=-1))
        deltas = np.diff(post_ids, prepend=0)
        deltas[starts] = post_ids[starts]
        deltas_b = deltas.astype("<u4")
        ends = [*starts[1:].tolist(), len(post_ids)] if len(starts) else []
        postings = [
            (int(post_tids[a]), ids[0], zlib.compress(deltas_b[a:b].tobytes(), 6), post_w[a:b].tobytes())
            for a, b in zip(starts.tolist(), ends, strict=True)
        ]
        by_doc = np.lexsort((tids, seg))
        vt = tids[by_doc]
        vdel = np.diff(vt, prepend=0)
        doc_starts = bounds[:-1][lens > 0]
        vdel[doc_starts] = vt[doc_starts]
        vdel_b = vdel.astype("<u4")
        vtf = np.minimum(tfs[by_doc], 65535).astype("<u2")
        vectors = [
            (rid, zlib.compress(vdel_b[a:b].tobytes() + vtf[a:b].tobytes(), 6))
            for rid, a, b in zip(ids, bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)
        ]
        readouts: list[tuple[Any, ...]] = []
        parties: list[tuple[Any, ...]] = []
        themes: list[tuple[Any, ...]] = []
        uses: list[tuple[int, str, int, int, int]] = []
        k = 0
        for rid, p, norm in zip(ids, chunk, norms, strict=True):
            packed = p.packed if p.packed is not None and p.zdict == zdict else pack(p.analysis, zdict)
            readouts.append((rid, p.hash, *p.readout, norm, now, packed))
            parties += [(rid, *row[:8], self._aliases(row[8]), *row[9:]) for row in p.parties]
            themes += [(rid, *t) for t in p.themes]
            for i in range(len(p.wordings)):
                uses.append((formula_ids[k], p.source, p.day, rid, i))
                k += 1
        c.executemany(
            f"INSERT INTO readouts(id, hash, {READOUT_COLUMNS}, norm, added) VALUES"
            f" ({','.join('?' * (len(READOUT_COLUMNS.split(',')) + 4))})",
            [r[:-1] for r in readouts],
        )
        c.executemany("INSERT INTO analysis(readout_id, data) VALUES (?, ?)", [(r[0], r[-1]) for r in readouts])
        c.executemany(
            "INSERT INTO readouts_fts(rowid, title, text) VALUES (?, ?, ?)",
            [(rid, p.title, p.text) for rid, p in zip(ids, chunk, strict=True)],
        )
        c.executemany(
            "INSERT INTO parties(readout_id, idx, pid, role, name, title, organisation, side, members,"
            " aliases, person_key, canon_side) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            parties,
        )
        name_ids = self._theme_names({t[2] for t in themes})
        c.executemany(
            "INSERT INTO theme_rows(readout_id, idx, name_id, principal, counterpart) VALUES (?,?,?,?,?)",
            [(rid, idx, name_ids[name], p, q) for rid, idx, name, p, q in themes],
        )
        uses.sort()
        c.executemany("INSERT INTO uses(formula_id, source, day, readout_id, idx) VALUES (?,?,?,?,?)", uses)
        self._set_meta("rows_since_compact", str(int(self._meta("rows_since_compact") or 0) + len(postings)))
        c.executemany("INSERT INTO postings(term_id, chunk, ids, weights) VALUES (?, ?, ?, ?)", postings)
        c.executemany("INSERT INTO vectors(readout_id, data) VALUES (?, ?)", vectors)
        trackindex.add(c, min(ids), max(ids))
        return ids

    # -- removing --------------------------------------------------------------------------

    def remove(self, readout_id: int) -> None:
        """Delete a readout and everything derived from it; :class:`ArchiveError` if there is none."""

        c = self.conn
        self._begin()
        try:
            row = c.execute(
                "SELECT title, text, meeting FROM readouts WHERE id = ?", (readout_id,)
            ).fetchone()
            if row is None:
                raise self._missing(readout_id)
            title, text, meeting = row
            vec = c.execute("SELECT data FROM vectors WHERE readout_id = ?", (readout_id,)).fetchone()
            if vec is not None:
                tids = [int(t) for t in unpack_vector(vec[0])[0]]
                c.executemany("UPDATE terms SET df = df - 1 WHERE id = ?", [(t,) for t in tids])
            c.execute(
                "INSERT INTO readouts_fts(readouts_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                (readout_id, title, text),
            )
            trackindex.remove(c, readout_id)
            self._remove_uses(readout_id, text)
            for table in ("theme_rows", "parties", "analysis"):
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

    def _theme_names(self, names: set[str]) -> dict[str, int]:
        """The id of each theme name (new ones are stored)."""
        cache = self._theme_name_ids
        todo = [n for n in names if n not in cache]
        if todo:
            self.conn.executemany("INSERT OR IGNORE INTO theme_names(name) VALUES (?)", [(n,) for n in todo])
            for i in range(0, len(todo), 500):
                part = todo[i : i + 500]
                cache.update(
                    self.conn.execute(
                        f"SELECT name, id FROM theme_names WHERE name IN ({','.join('?' * len(part))})", part
                    ).fetchall()
                )
        return {n: cache[n] for n in names}

    def _remove_uses(self, readout_id: int, text: str) -> None:
        """Delete a readout's formula uses (found by key: its statements' wordings give their formulas)."""
        from stance.archive.codec import iso_date
        from stance.archive.packing import statements_of
        from stance.archive.trackindex import UNDATED, julian

        value = self._analysis_value(readout_id)
        if value is None:
            return
        statements, _ = statements_of(value)
        source, published = self.conn.execute(
            "SELECT source, published FROM readouts WHERE id = ?", (readout_id,)
        ).fetchone()
        pub = iso_date(published)
        day = julian(pub) if pub else UNDATED
        hashes = [wording_hash(normalise(s.span.of(text))) for s in statements]
        fids = dict(
            self.conn.execute(
                f"SELECT hash, id FROM formulas WHERE hash IN ({','.join('?' * len(set(hashes)))})", list(set(hashes))
            ).fetchall()
        ) if hashes else {}
        self.conn.executemany(
            "DELETE FROM uses WHERE formula_id = ? AND source = ? AND day = ? AND readout_id = ? AND idx = ?",
            [(fids[h], source or "", day, readout_id, i) for i, h in enumerate(hashes) if h in fids],
        )


def _early_pool(paths: Sequence[str | Path], workers: int) -> Any:
    """Analysis workers started before the inputs are read, when the paths name enough files for a
    parallel add (listing them is cheap): they load the models meanwhile. None otherwise."""
    if workers <= 1:
        return None
    from stance.errors import ReadError
    from stance.read import iter_paths

    n = 0
    try:
        for _ in iter_paths(paths):
            n += 1
            if n >= 2 * PARALLEL_MIN:
                return start_pool(workers)
    except (ReadError, OSError):
        return None
    return None


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
