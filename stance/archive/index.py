"""The similarity indexes: TF-IDF inverted index over readouts (nearest), formulas with LSH keys."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

from stance.archive.features import band_keys_many, idf, normalise, wording_hash
from stance.archive.store import COMPACT_ROWS, PROBE_BUDGET, Store


class Indexed(Store):
    """The similarity layer: refit, compaction, nearest readouts, formula ids."""

    def _formulas(self, texts: Sequence[str]) -> list[int]:
        """The formula id of each statement wording (new ones are stored with their LSH keys)."""
        c = self.conn
        norms = [normalise(t) for t in texts]
        hashes = [wording_hash(n) for n in norms]
        known: dict[int, int] = {}
        distinct = list(dict.fromkeys(hashes))
        for i in range(0, len(distinct), 500):
            part = distinct[i : i + 500]
            known.update(
                c.execute(
                    f"SELECT hash, id FROM formulas WHERE hash IN ({','.join('?' * len(part))})", part
                ).fetchall()
            )
        new: dict[int, str] = {}
        for h, n in zip(hashes, norms, strict=True):
            if h not in known and h not in new:
                new[h] = n
        if new:
            start = int(c.execute("SELECT coalesce(max(id), 0) FROM formulas").fetchone()[0]) + 1
            rows = [(start + i, h, n) for i, (h, n) in enumerate(new.items())]
            c.executemany("INSERT INTO formulas(id, hash, norm) VALUES (?, ?, ?)", rows)
            lsh = [
                (key, fid)
                for (fid, _, _), keys in zip(rows, band_keys_many([n for _, _, n in rows]), strict=True)
                for key in keys
            ]
            lsh.sort()
            c.executemany("INSERT OR IGNORE INTO formula_lsh(key, formula_id) VALUES (?, ?)", lsh)
            known.update((h, fid) for fid, h, _ in rows)
        return [known[h] for h in hashes]


    def _maybe_refit(self) -> None:
        """Refit vector lengths when the archive doubled or halved since the last fit (compacting the
        inverted index then, or when many rows were added since the last compaction)."""
        n = self.count()
        fitted = int(self._meta("fitted_n") or 0)
        if n and (n >= 2 * fitted or 2 * n <= fitted):
            self._refit()
            self._compact()
        elif int(self._meta("rows_since_compact") or 0) > COMPACT_ROWS:
            self._compact()

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
                ids = np.frombuffer(b"".join(p[1] for p in rows), dtype=np.uint32)
                weights = np.frombuffer(b"".join(p[2] for p in rows), dtype=np.float32)
                if live is not None:
                    keep = np.isin(ids, live)
                    ids, weights = ids[keep], weights[keep]
                merged.append((tid, rows[0][0], ids.tobytes(), weights.tobytes()))
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
        for rid, tb, fb in c.execute("SELECT readout_id, terms, tfs FROM vectors"):
            t = np.frombuffer(tb, dtype=np.uint32)
            w = (1.0 + np.log(np.frombuffer(fb, dtype=np.uint16).astype(np.float64))) * weights[t]
            updates.append((float(np.sqrt((w * w).sum())) or 1.0, rid))
        c.executemany("UPDATE readouts SET norm = ? WHERE id = ?", updates)
        self._set_meta("fitted_n", str(n))


    # -- similarity -----------------------------------------------------------------------

    def idf_of(self, terms: Iterable[str]) -> tuple[dict[str, tuple[int, float, int]], int]:
        """``term -> (term id, idf, df)`` for the archived terms among ``terms``, and the archive size."""
        import numpy as np

        n = self.count()
        names = list(terms)
        rows: list[tuple[int, str, int]] = []
        for i in range(0, len(names), 500):
            part = names[i : i + 500]
            rows += self.conn.execute(
                f"SELECT id, term, df FROM terms WHERE term IN ({','.join('?' * len(part))}) AND df > 0", part
            ).fetchall()
        weights = idf(np.fromiter((r[2] for r in rows), dtype=np.float64, count=len(rows)), n).tolist()
        return {term: (int(tid), w, int(df)) for (tid, term, df), w in zip(rows, weights, strict=True)}, n

    def nearest(
        self,
        counts: Counter[str],
        *,
        limit: int = 5,
        exclude: int | None = None,
        candidates: int = 100,
        budget: int = PROBE_BUDGET,
        only: Sequence[int] | None = None,
    ) -> list[tuple[int, float]]:
        """Archived readouts nearest to a term-count vector by TF-IDF cosine, best first: ``(id, score)``.

        Candidates come from the inverted index of the query terms that weigh most, taken in
        order of weight until their postings add up to ``budget`` (so the cost does not grow
        with the archive); each candidate is then scored exactly over all query terms, with
        sublinear tf and smoothed idf as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``.
        ``only`` scores just those ids.
        """
        import numpy as np

        known, n = self.idf_of(counts)
        if not counts or n == 0:
            return []
        unknown_idf = float(idf(0, n))
        qw = {
            t: (1.0 + math.log(c)) * (known[t][1] if t in known else unknown_idf) for t, c in counts.items()
        }
        q_norm = math.sqrt(sum(w * w for w in qw.values())) or 1.0
        if only is not None:
            cand = [i for i in only if i != exclude]
        else:
            probe: list[str] = []
            volume = 0
            for t in sorted(
                (t for t in known if known[t][2] < n or n == 1), key=lambda t: -qw[t] * known[t][1]
            ):
                if probe and volume + known[t][2] > budget:
                    break
                probe.append(t)
                volume += known[t][2]
            if not probe:
                return []
            by_id = {known[t][0]: qw[t] / q_norm for t in probe}
            rows = self.conn.execute(
                f"SELECT term_id, ids, weights FROM postings WHERE term_id IN ({','.join('?' * len(by_id))})",
                list(by_id),
            ).fetchall()
            if not rows:
                return []
            all_ids = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.uint32)
            lengths = np.fromiter((len(r[1]) // 4 for r in rows), dtype=np.int64, count=len(rows))
            factor = np.repeat(
                np.fromiter((by_id[r[0]] for r in rows), dtype=np.float64, count=len(rows)), lengths
            )
            weights = np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float32) * factor
            partial = np.bincount(all_ids, weights=weights)
            if exclude is not None and exclude < len(partial):
                partial[exclude] = 0.0
            k = min(int(np.count_nonzero(partial)), candidates)
            if k == 0:
                return []
            top = np.argpartition(-partial, k - 1)[:k]
            cand = [int(i) for i in top if partial[i] > 0]
        if not cand:
            return []
        order = sorted(known, key=lambda t: known[t][0])
        q_ids = np.array([known[t][0] for t in order], dtype=np.uint32)
        q_vals = np.array([qw[t] * known[t][1] for t in order], dtype=np.float64)
        ids: list[int] = []
        norms: list[float] = []
        terms: list[np.ndarray[Any, Any]] = []
        tfs: list[np.ndarray[Any, Any]] = []
        for i in range(0, len(cand), 500):
            part = cand[i : i + 500]
            for rid, tb, fb, norm in self.conn.execute(
                "SELECT v.readout_id, v.terms, v.tfs, r.norm FROM vectors v JOIN readouts r ON r.id = "
                "v.readout_id"
                f" WHERE v.readout_id IN ({','.join('?' * len(part))})",
                part,
            ):
                ids.append(int(rid))
                norms.append(float(norm))
                terms.append(np.frombuffer(tb, dtype=np.uint32))
                tfs.append(np.frombuffer(fb, dtype=np.uint16))
        if not ids:
            return []
        seg = np.repeat(np.arange(len(ids)), [len(t) for t in terms])
        all_terms = np.concatenate(terms)
        all_tfs = np.concatenate(tfs).astype(np.float64)
        pos = np.clip(np.searchsorted(q_ids, all_terms), 0, max(0, len(q_ids) - 1))
        hit = q_ids[pos] == all_terms if len(q_ids) else np.zeros(len(all_terms), dtype=bool)
        contrib = (
            np.where(hit, q_vals[pos] * (1.0 + np.log(np.maximum(all_tfs, 1.0))), 0.0)
            if len(q_ids)
            else hit * 0.0
        )
        dots = np.bincount(seg, weights=contrib, minlength=len(ids))
        cos = np.minimum(1.0, dots / (q_norm * np.asarray(norms)))
        scores = sorted(zip(ids, cos.tolist(), strict=True), key=lambda x: (-x[1], x[0]))
        return scores[:limit] if only is None else scores

