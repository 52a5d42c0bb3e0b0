"""The similarity indexes: TF-IDF inverted index over readouts (nearest), formulas with LSH keys."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

from stance.archive.features import (
    WEIGHT,
    idf,
    pack_ids,
    unpack_ids,
    unpack_many_ids_into,
    unpack_many_vectors,
    unpack_vector,
)
from stance.archive.store import CANDIDATES, COMPACT_ROWS, IDS, PROBE_BUDGET, Store, ids_arg

MAX_ID = 2**63
"""Beyond every id SQLite stores."""


class Indexed(Store):
    """The similarity layer: refit, compaction, nearest readouts, formula ids."""

    def _formulas(self, wordings: Sequence[tuple[int, str]], keys: Sequence[Sequence[int]]) -> list[int]:
        """The formula id of each ``(hash, normalised wording)``; new ones are stored (compressed) with
        their LSH keys (``keys``, one tuple per wording)."""
        from stance.archive.packing import WORDING, pack

        c = self.conn
        hashes = [h for h, _ in wordings]
        known: dict[int, int] = {}
        distinct = list(dict.fromkeys(hashes))
        for i in range(0, len(distinct), 500):
            part = distinct[i : i + 500]
            known.update(
                c.execute(
                    f"SELECT hash, id FROM formulas WHERE hash IN ({','.join('?' * len(part))})", part
                ).fetchall()
            )
        new: dict[int, tuple[str, Sequence[int]]] = {}
        for (h, n), ks in zip(wordings, keys, strict=True):
            if h not in known and h not in new:
                new[h] = (n, ks)
        if new:
            start = int(c.execute("SELECT coalesce(max(id), 0) FROM formulas").fetchone()[0]) + 1
            raws = [n.encode("utf-8", "surrogatepass") for n, _ in new.values()]
            total = start - 1 + len(new)
            zdict = self._train(WORDING, start, raws, total)
            rows = [(start + i, h, pack(raw, zdict)) for i, (h, raw) in enumerate(zip(new, raws, strict=True))]
            c.executemany("INSERT INTO formulas(id, hash, norm) VALUES (?, ?, ?)", rows)
            lsh = sorted(
                {(key, fid) for (fid, _, _), (_, ks) in zip(rows, new.values(), strict=True) for key in ks}
            )
            c.executemany("INSERT OR IGNORE INTO formula_lsh(key, formula_id) VALUES (?, ?)", lsh)
            known.update((h, fid) for fid, h, _ in rows)
        return [known[h] for h in hashes]

    def _wording(self, formula_id: int, data: bytes) -> str:
        """A stored (compressed) formula wording (decoded once per archive object: compare asks for
        the same candidates for many statements and many readouts)."""
        cache = self._wording_cache
        got = cache.get(formula_id)
        if got is None:
            if len(cache) >= 200_000:
                cache.clear()
            got = cache[formula_id] = self._unpack("wording", formula_id, data).decode("utf-8", "surrogatepass")
        return got

    def formula_candidates(self, keys: Sequence[int], *, limit: int = 64) -> list[tuple[int, str]]:
        """Formulas sharing MinHash LSH keys (:func:`band_keys`, 64-bit) with a wording, most shared
        keys first: ``(formula id, normalised wording)``."""
        return self.formula_candidates_many([keys], limit=limit)[0]

    def formula_candidates_many(
        self, key_lists: Sequence[Sequence[int]], *, limit: int = 64
    ) -> list[list[tuple[int, str]]]:
        """:meth:`formula_candidates` of many wordings with one index lookup: for each, at most
        ``limit`` formulas by most keys shared, then by id."""
        tops = self.formula_candidate_ids_many(key_lists, limit=limit)
        words = self._wordings_of({fid for top in tops for fid, _ in top})
        return [[(fid, words[fid]) for fid, _ in top] for top in tops]

    def formula_candidate_ids_many(
        self, key_lists: Sequence[Sequence[int]], *, limit: int = 64
    ) -> list[list[tuple[int, int]]]:
        """:meth:`formula_candidates_many` without the wordings: for each wording, ``(formula id,
        keys shared)`` of at most ``limit`` formulas, most keys shared first, then by id (decode the
        ones wanted with :meth:`wordings`)."""
        import numpy as np

        from stance.archive.features import fold_key

        folded = [sorted({fold_key(k) for k in keys}) for keys in key_lists]
        every = sorted({k for f in folded for k in f})
        # one row per key with its formulas as one list (parsed by numpy): a row per (key, formula)
        # cost 3x as long, ~0.5 us each, and a common formula's keys have hundreds of formulas each
        keys: list[int] = []
        counts: list[int] = []
        lists: list[str] = []
        for i in range(0, len(every), 5000):
            part = every[i : i + 5000]
            for key, n, fids in self.conn.execute(
                f"SELECT key, count(*), group_concat(formula_id) FROM formula_lsh WHERE key IN {IDS} GROUP BY key",
                (ids_arg(part),),
            ):
                keys.append(key)
                counts.append(n)
                lists.append(fids)
        table = np.empty((sum(counts), 2), dtype=np.int64)
        if lists:
            table[:, 0] = np.repeat(np.array(keys, dtype=np.int64), counts)
            table[:, 1] = np.fromstring(",".join(lists), dtype=np.int64, sep=",")
        return _top_shared(folded, table, limit)

    def wordings(self, formula_ids: Iterable[int]) -> dict[int, str]:
        """Stored formula wordings (normalised) by id, of those stored."""
        return self._wordings_of(formula_ids)

    def _wordings_of(self, formula_ids: Iterable[int]) -> dict[int, str]:
        """Stored formula wordings by id (decoded once per archive object, see :meth:`_wording`)."""
        from stance.archive.packing import Unpacker

        cache = self._wording_cache
        formula_ids = set(formula_ids)
        out = {fid: cache[fid] for fid in formula_ids if fid in cache}
        missing = sorted(fid for fid in formula_ids if fid not in out)
        if not missing:
            return out
        if len(cache) + len(missing) > 200_000:
            cache.clear()
        # the loop of _wording, inlined (compare decodes hundreds of new wordings a readout): ids come
        # in ascending order, so each dictionary's decompressor is looked up once
        dicts = [(first, data) for first, data, _ in self._dicts("wording", missing[-1])]
        bound = -1
        unpack: Unpacker | None = None
        for i in range(0, len(missing), 5000):
            part = missing[i : i + 5000]
            for fid, data in self.conn.execute(
                f"SELECT id, norm FROM formulas WHERE id IN {IDS} ORDER BY id", (ids_arg(part),)
            ):
                if unpack is None or fid >= bound:
                    zdict = b""
                    bound = MAX_ID
                    for first, d in dicts:
                        if first > fid:
                            bound = first
                            break
                        zdict = d
                    unpack = self._unpackers.get(zdict)
                    if unpack is None:
                        unpack = self._unpackers[zdict] = Unpacker(zdict)
                out[fid] = cache[fid] = unpack(data).decode("utf-8", "surrogatepass")
        return out

    def formula_by_hash(self, h: int) -> tuple[int, str] | None:
        """The formula with exactly this normalised wording hash (:func:`wording_hash`)."""
        return self.formulas_by_hash([h]).get(h)

    def formulas_by_hash(self, hashes: Iterable[int]) -> dict[int, tuple[int, str]]:
        """:meth:`formula_by_hash` of many hashes with one lookup: ``hash -> (id, wording)`` of those stored."""
        distinct = sorted(set(hashes))
        out: dict[int, tuple[int, str]] = {}
        for i in range(0, len(distinct), 5000):
            part = distinct[i : i + 5000]
            for h, fid, data in self.conn.execute(
                f"SELECT hash, id, norm FROM formulas WHERE hash IN {IDS}", (ids_arg(part),)
            ):
                out[int(h)] = (int(fid), self._wording(int(fid), data))
        return out

    def formulas(self) -> Iterator[tuple[int, str]]:
        """Every stored formula: ``(id, normalised wording)``."""
        for fid, data in self.conn.execute("SELECT id, norm FROM formulas ORDER BY id"):
            yield int(fid), self._wording(int(fid), data)

    def formula_uses(
        self,
        formula_ids: Sequence[int],
        *,
        source: str | None = None,
        before: date | None = None,
        exclude: int | None = None,
    ) -> tuple[int, tuple[int, int, date | None] | None]:
        """How many readouts (of ``source``; published before a date) use these wordings, and the
        earliest use: ``(count, (readout id, statement index, published) or None)``."""
        from stance.archive.trackindex import from_julian, julian

        if not formula_ids:
            return 0, None
        where = [f"formula_id IN {IDS}", "readout_id != ?"]
        args: list[Any] = [ids_arg(formula_ids), exclude if exclude is not None else -1]
        if source is not None:
            where.append("source = ?")
            args.append(source)
        w = " AND ".join(where)
        when = "" if before is None else " AND day < ?"
        # the distinct readouts counted from one list of their ids: SQLite's own distinct count (GROUP
        # BY or count(DISTINCT)) sorts every use, 2x as long for a formula with thousands; parsed by
        # numpy and marked in a work array (one byte per readout id), 0.6 -> 0.2 ms for 13,000 uses
        ids, day = self.conn.execute(
            f"SELECT group_concat(readout_id), min(day) FROM uses WHERE {w}{when}",
            args if before is None else [*args, julian(before)],
        ).fetchone()
        n = self._distinct(ids) if ids else 0
        if not n:
            return 0, None
        # the earliest use: at the earliest day (the index seeks it for each wording)
        first = self.conn.execute(
            f"SELECT readout_id, idx, day FROM uses WHERE {w} AND day = ? ORDER BY readout_id, idx LIMIT 1",
            [*args, day],
        ).fetchone()
        return n, (int(first[0]), int(first[1]), from_julian(int(first[2])))

    def _distinct(self, ids: str) -> int:
        """How many distinct ids a comma-separated list of readout ids holds."""
        import numpy as np

        found = np.fromstring(ids, dtype=np.int64, sep=",")
        top = int(found.max()) + 1 if len(found) else 0
        if not top or found.min() < 0 or top > 2**26:  # ids far beyond the archive's size: a set
            return len(set(ids.split(",")))
        marks = self._work.get("readouts")
        if marks is None or len(marks) < top:
            marks = self._work["readouts"] = np.zeros(top + top // 4, dtype=np.uint8)
        marks[found] = 1
        n = int(np.count_nonzero(marks))
        marks[found] = 0
        return n

    def formula_readouts(
        self, formula_ids: Sequence[int], *, source: str | None = None, before: date | None = None
    ) -> set[int]:
        """Readouts (of ``source``; published before a date) that use any of these wordings."""
        from stance.archive.trackindex import julian

        out: set[int] = set()
        for i in range(0, len(formula_ids), 500):
            part = list(formula_ids[i : i + 500])
            sql = f"SELECT DISTINCT readout_id FROM uses WHERE formula_id IN ({','.join('?' * len(part))})"
            args: list[Any] = list(part)
            if source is not None:
                sql += " AND source = ?"
                args.append(source)
            if before is not None:
                sql += " AND day < ?"
                args.append(julian(before))
            out.update(int(x) for (x,) in self.conn.execute(sql, args))
        return out

    def _maybe_refit(self) -> None:
        """Refit vector lengths when the archive doubled or halved since the last fit (compacting the
        inverted index then, or when it gained more rows since the last compaction than it has terms:
        :data:`COMPACT_ROWS`)."""
        n = self.count()
        fitted = int(self._meta("fitted_n") or 0)
        if n and (n >= 2 * fitted or 2 * n <= fitted):
            self._refit()
            self._compact()
        elif int(self._meta("rows_since_compact") or 0) > max(COMPACT_ROWS, self._term_count()):
            self._compact()

    def _term_count(self) -> int:
        """Terms the index has held (ids are never reused)."""
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM terms").fetchone()[0])

    def compact(self) -> None:
        """Merge each term's inverted-index rows into one, dropping readouts removed since."""
        with self._transaction():
            self._compact()

    def _compact(self, terms_per_step: int = 2000) -> None:
        """Merge each term's inverted-index rows into one, a few thousand terms at a time (memory
        stays flat however large the index), dropping readouts removed since the last compaction."""
        import numpy as np

        c = self.conn
        removed = self._meta("removed_since_compact") not in (None, "0")
        live = (
            np.fromiter((r[0] for r in c.execute("SELECT id FROM readouts")), dtype=np.uint32)
            if removed
            else None
        )
        low = -1
        while True:
            bounds = c.execute(
                "SELECT max(term_id) FROM (SELECT DISTINCT term_id FROM postings WHERE term_id > ?"
                " ORDER BY term_id LIMIT ?)",
                (low, terms_per_step),
            ).fetchone()
            if bounds is None or bounds[0] is None:
                break
            high = int(bounds[0])
            merged: list[tuple[int, int, bytes, bytes]] = []
            parts: dict[int, list[tuple[int, bytes, bytes]]] = {}
            for tid, chunk, ib, wb in c.execute(
                "SELECT term_id, chunk, ids, weights FROM postings WHERE term_id > ? AND term_id <= ?"
                " ORDER BY term_id, chunk",
                (low, high),
            ):
                parts.setdefault(int(tid), []).append((int(chunk), ib, wb))
            for tid, rows in parts.items():
                if len(rows) == 1 and live is None:
                    continue
                ids = np.concatenate([unpack_ids(p[1]) for p in rows])
                weights = np.frombuffer(b"".join(p[2] for p in rows), dtype=WEIGHT)
                if live is not None:
                    keep = np.isin(ids, live)
                    ids, weights = ids[keep], weights[keep]
                merged.append((tid, rows[0][0], pack_ids(ids) if len(ids) else b"", weights.tobytes()))
            if merged:
                c.executemany("DELETE FROM postings WHERE term_id = ?", [(m[0],) for m in merged])
                c.executemany(
                    "INSERT INTO postings(term_id, chunk, ids, weights) VALUES (?, ?, ?, ?)",
                    [m for m in merged if m[2]],
                )
            low = high
        self._set_meta("rows_since_compact", "0")
        self._set_meta("removed_since_compact", "0")

    def refit(self) -> None:
        """Recompute every readout's TF-IDF vector length under the current document frequencies."""
        with self._transaction():
            self._refit()

    def _refit(self) -> None:
        import numpy as np

        c = self.conn
        n = self.count()
        size = int(c.execute("SELECT coalesce(max(id), 0) FROM terms").fetchone()[0]) + 1
        weights = np.zeros(size, dtype=np.float64)
        rows = c.execute("SELECT id, df FROM terms").fetchall()
        if rows:
            table = np.array(rows, dtype=np.int64)
            weights[table[:, 0]] = idf(table[:, 1], n)
        updates = []
        for rid, data in c.execute("SELECT readout_id, data FROM vectors"):
            t, f = unpack_vector(data)
            w = (1.0 + np.log(f.astype(np.float64))) * weights[t]
            updates.append((float(np.sqrt((w * w).sum())) or 1.0, rid))
        c.executemany("UPDATE readouts SET norm = ? WHERE id = ?", updates)
        self._set_meta("fitted_n", str(n))


    # -- similarity -----------------------------------------------------------------------

    def _score_work(self, n: int) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Two float64 work arrays of ``n`` (one per readout id) for :meth:`nearest`, kept for the
        next query as :meth:`_postings_work`'s."""
        import numpy as np

        got = self._work.get("scores")
        if got is None or len(got[0]) < n:
            size = n + n // 4
            got = self._work["scores"] = (np.empty(size, dtype=np.float64), np.empty(size, dtype=np.float64))
        return got[0][:n], got[1][:n]

    def _postings_work(self, n: int) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Work arrays for :meth:`nearest` (ids int64, weights float64) of at least ``n`` postings,
        kept for the next query: they hold no answer, only memory (an archive object is used from
        one thread at a time, as its caches are). Fresh arrays of ~190k postings
        each query were a thousand page faults a compare at 100k readouts (the allocator hands
        memory this large back to the system when freed), ~1.5 ms of ~12."""
        import numpy as np

        got = self._work.get("postings")
        if got is None or len(got[0]) < n:
            size = max(n, PROBE_BUDGET + PROBE_BUDGET // 4)
            got = self._work["postings"] = (np.empty(size, dtype=np.int64), np.empty(size, dtype=np.float64))
        return got[0], got[1]

    def term_rows(self, terms: Iterable[str]) -> tuple[list[tuple[int, str, int]], int]:
        """``(term id, term, df)`` of the archived terms among ``terms``, and the archive size (no numpy:
        ``track`` ranks its phrases with these)."""
        n = self.count()
        names = list(terms)
        rows: list[tuple[int, str, int]] = []
        for i in range(0, len(names), 500):
            part = names[i : i + 500]
            rows += self.conn.execute(
                f"SELECT id, term, df FROM terms WHERE term IN ({','.join('?' * len(part))}) AND df > 0", part
            ).fetchall()
        return rows, n

    def idf_of(self, terms: Iterable[str]) -> tuple[dict[str, tuple[int, float, int]], int]:
        """``term -> (term id, idf, df)`` for the archived terms among ``terms``, and the archive size."""
        import numpy as np

        rows, n = self.term_rows(terms)
        weights = idf(np.fromiter((r[2] for r in rows), dtype=np.float64, count=len(rows)), n).tolist()
        return {term: (int(tid), w, int(df)) for (tid, term, df), w in zip(rows, weights, strict=True)}, n

    def term_query(self, counts: Counter[str]) -> TermQuery:
        """A readout's term counts weighed against the archive, for :meth:`nearest` (build it once
        when asking more than once: looking the terms up is a third of a small query)."""
        import numpy as np

        known, n = self.idf_of(counts)
        unknown_idf = float(idf(0, n))
        qw = {
            t: (1.0 + math.log(c)) * (known[t][1] if t in known else unknown_idf) for t, c in counts.items()
        }
        order = sorted(known, key=lambda t: known[t][0])
        return TermQuery(
            known=known,
            n=n,
            weights=qw,
            norm=math.sqrt(sum(w * w for w in qw.values())) or 1.0,
            ids=np.array([known[t][0] for t in order], dtype=np.int64),
            values=np.array([qw[t] * known[t][1] for t in order], dtype=np.float64),
        )

    def nearest(
        self,
        counts: Counter[str] | TermQuery,
        *,
        limit: int = 5,
        exclude: int | None = None,
        candidates: int = CANDIDATES,
        budget: int = PROBE_BUDGET,
        only: Sequence[int] | None = None,
    ) -> list[tuple[int, float]]:
        """Archived readouts nearest to a term-count vector by TF-IDF cosine, best first: ``(id, score)``.

        Candidates (``candidates`` of them, and any tied with the last) come from the inverted
        index of the query terms that weigh most for what they cost to read: a term's weight in
        the score over the square root of its postings, so the rare terms first and the long lists
        of common ones left out (max-score's order). They are taken in that order until their
        postings add up to ``budget`` (so the cost does not grow with the archive); each candidate
        is then scored exactly over all query terms, with
        sublinear tf and smoothed idf as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``.
        ``only`` scores just those ids. ``counts`` may be a :meth:`term_query` made before.
        """
        import numpy as np

        q = counts if isinstance(counts, TermQuery) else self.term_query(counts)
        known, n, qw, q_norm = q.known, q.n, q.weights, q.norm
        if not qw or n == 0:
            return []
        if only is not None:
            cand = [i for i in only if i != exclude]
        else:
            probe: list[str] = []
            volume = 0
            for t in sorted(
                (t for t in known if known[t][2] < n or n == 1),
                key=lambda t: -qw[t] * known[t][1] / math.sqrt(known[t][2]),
            ):
                if probe and volume + known[t][2] > budget:
                    break
                probe.append(t)
                volume += known[t][2]
            if not probe:
                return []
            by_id = {known[t][0]: qw[t] / q_norm for t in probe}
            rows = self.conn.execute(
                f"SELECT term_id, ids, weights FROM postings WHERE term_id IN {IDS}", (ids_arg(by_id),)
            ).fetchall()
            if not rows:
                return []
            id_work, weight_work = self._postings_work(sum(len(r[2]) for r in rows) // 2)
            all_ids, lengths = unpack_many_ids_into([r[1] for r in rows], id_work)
            # each row's weights times its term's query weight, in place (no array per step: at ~190k
            # postings a fresh array costs its page faults, more than the arithmetic)
            weights = weight_work[: len(all_ids)]
            np.concatenate([np.frombuffer(r[2], dtype=WEIGHT) for r in rows], out=weights)
            end = 0
            for r, n in zip(rows, lengths.tolist(), strict=True):
                weights[end : end + n] *= by_id[r[0]]
                end += n
            # the partial scores summed into a work array, and the k-th best found in a second one: no
            # fresh array as long as the archive's ids (bincount, argpartition) either
            partial, select = self._score_work(int(all_ids.max()) + 1 if len(all_ids) else 1)
            partial.fill(0.0)
            np.add.at(partial, all_ids, weights)
            if exclude is not None and exclude < len(partial):
                partial[exclude] = 0.0
            k = min(int(np.count_nonzero(partial)), candidates)
            if k == 0:
                return []
            np.negative(partial, out=select)
            select.partition(k - 1)
            # the k best partial scores, and any tied with the k-th (scored exactly too)
            cand = np.flatnonzero(partial >= -select[k - 1]).tolist()
        # readouts this query scored before (compare asks for its neighbours, then for readouts of the
        # same counterpart, most of them among the first call's candidates): the same numbers
        before: list[tuple[int, float]] = []
        if only is not None and q.scored:
            rest = []
            for i in dict.fromkeys(cand):
                score = q.scored.get(i)
                if score is None:
                    rest.append(i)
                else:
                    before.append((i, score))
            cand = rest
        if not cand and not before:
            return []
        ids: list[int] = []
        norms: list[float] = []
        blobs: list[bytes] = []
        for i in range(0, len(cand), 500):
            part = cand[i : i + 500]
            for rid, data, norm in self.conn.execute(
                # the norm from its covering index: the table's row holds it after the text (overflow
                # pages), 1.5x as long for 100 candidates
                "SELECT v.readout_id, v.data, r.norm FROM vectors v JOIN readouts r INDEXED BY readouts_norm"
                " ON r.id = v.readout_id"
                f" WHERE v.readout_id IN {IDS}",
                (ids_arg(part),),
            ):
                ids.append(int(rid))
                norms.append(float(norm))
                blobs.append(data)
        if not ids:
            return sorted(before, key=lambda x: (-x[1], x[0])) if only is not None else []
        all_terms, all_tfs, lengths = unpack_many_vectors(blobs)
        q_ids, q_vals = q.ids, q.values
        if len(q_ids):
            pos = np.searchsorted(q_ids, all_terms)
            np.minimum(pos, len(q_ids) - 1, out=pos)
            # only the terms the query shares are weighed and summed: the others added 0.0 to the
            # sums (the same sums, in the same order)
            hit = np.flatnonzero(q_ids[pos] == all_terms)
            contrib = q_vals[pos[hit]] * (1.0 + np.log(np.maximum(all_tfs[hit], 1.0)))
            seg = np.searchsorted(np.cumsum(lengths), hit, side="right")
            dots = np.bincount(seg, weights=contrib, minlength=len(ids))
        else:
            dots = np.zeros(len(ids), dtype=np.float64)
        cos = np.minimum(1.0, dots / (q_norm * np.asarray(norms))).tolist()
        q.scored.update(zip(ids, cos, strict=True))
        scores = sorted([*zip(ids, cos, strict=True), *before], key=lambda x: (-x[1], x[0]))
        return scores[:limit] if only is None else scores


@dataclass(frozen=True)
class TermQuery:
    """A readout's terms weighed against one state of the archive (:meth:`Indexed.term_query`)."""

    known: dict[str, tuple[int, float, int]]
    """Archived terms of the readout: ``term -> (term id, idf, df)``."""
    n: int
    """Readouts in the archive when weighed."""
    weights: dict[str, float]
    """Each term's query weight, sublinear tf times idf (unknown terms at the highest idf)."""
    norm: float
    ids: np.ndarray[Any, Any]
    """The known terms' ids, ascending (int64)."""
    values: np.ndarray[Any, Any]
    """Each of ``ids``' weight times its idf: its share of a dot product with a stored vector's sublinear tf."""
    scored: dict[int, float] = field(default_factory=dict, compare=False, repr=False)
    """Readouts :meth:`Indexed.nearest` has scored exactly against this query: ``id -> cosine`` (asked
    again, they are not read again)."""


def _top_shared(
    folded: Sequence[Sequence[int]], table: np.ndarray[Any, Any], limit: int
) -> list[list[tuple[int, int]]]:
    """For each wording's distinct LSH keys (``folded``), the formulas of ``table`` (rows ``(key,
    formula id)``) sharing most of them, at most ``limit``, ties in id order, with the keys each
    shares: one numpy pass over every wording (a pass per wording took ~0.1 ms each, 5 ms for a
    readout of 50 statements)."""
    import numpy as np

    n = len(folded)
    out: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    if not n or not len(table):
        return out
    lens = np.fromiter((len(f) for f in folded), dtype=np.int64, count=n)
    keys = np.fromiter((k for f in folded for k in f), dtype=np.int64, count=int(lens.sum()))
    wording = np.repeat(np.arange(n, dtype=np.int64), lens)
    by_key = np.argsort(table[:, 0], kind="stable")
    table_keys, table_fids = table[by_key, 0], table[by_key, 1]
    lo = np.searchsorted(table_keys, keys, "left")
    hits = np.searchsorted(table_keys, keys, "right") - lo
    # every (wording, formula) pair of a shared key: the rows lo .. lo + hits of each of its keys
    ends = np.cumsum(hits)
    pair_w = np.repeat(wording, hits)
    pair_f = table_fids[np.repeat(lo - (ends - hits), hits) + np.arange(int(ends[-1]) if len(ends) else 0)]
    if not len(pair_f):
        return out
    order = np.lexsort((pair_f, pair_w))
    pair_w, pair_f = pair_w[order], pair_f[order]
    first = np.flatnonzero(np.r_[True, (pair_w[1:] != pair_w[:-1]) | (pair_f[1:] != pair_f[:-1])])
    shared = np.diff(np.r_[first, len(pair_f)])
    uw, uf = pair_w[first], pair_f[first]
    # per wording: most keys shared first, then by id
    rank = np.lexsort((uf, -shared, uw))
    uw, uf, shared = uw[rank], uf[rank], shared[rank]
    start = np.flatnonzero(np.r_[True, uw[1:] != uw[:-1]])
    within = np.arange(len(uw)) - np.repeat(start, np.diff(np.r_[start, len(uw)]))
    keep = within < limit
    for w, f, k in zip(uw[keep].tolist(), uf[keep].tolist(), shared[keep].tolist(), strict=True):
        out[w].append((f, k))
    return out
