"""Links between rows: exact duplicates, near-duplicate reposts (MinHash LSH, datasketch), same-story groups
across outlets, and canonical events (one id for the same real-world event in several articles).

Word overlap alone cannot group stories: the two samples about Hajiyev's BBC interview share few phrases
(MinHash Jaccard 0.06, below an unrelated pair). Shared people acting in current events, and shared
canonical events, within a few days of each other, are the stronger signal."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np
import polars as pl

from newsevents.link.minhash import signatures

NUM_PERM = 64
SHINGLE_WORDS = 5
SCHEME = "affine32"  # datasketch 2.0's default, newsevents.link.minhash's: stored signatures were made with it
# In each LSH band an article is compared with at most this many earlier articles of its bucket: those with the
# lowest ids, so among copies of one page (all similar) the answer is still the lowest id. Without it 3,000
# copies of a page made 3,000^2/2 candidate pairs per band (3.3 GB).
CANDIDATES_PER_BAND = 32
PAIR_CHUNK = 1 << 16  # candidate pairs whose similarity is computed at once (~32 MB of signatures)


def _shingles(body: str) -> list[bytes]:
    words = re.findall(r"\w+", body.lower())
    return list(
        {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    )


def minhash_signatures(bodies: list[str]) -> list[np.ndarray]:
    """MinHash signatures for many texts at once, the values datasketch's MinHash.bulk gives (scheme affine32,
    CRC32 of the shingles at C speed), computed by newsevents.link.minhash without importing datasketch."""
    return signatures([_shingles(b) for b in bodies], NUM_PERM) if bodies else []


class UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for x in list(self.parent):
            out.setdefault(self.find(x), []).append(x)
        return out


@dataclass
class Existing:
    """What the warehouse already holds that new rows may link to (empty on a fresh warehouse)."""

    by_content: dict[str, str] = field(default_factory=dict)  # content_sha256 -> first article_id
    article_ids: set[str] = field(default_factory=set)
    stories: pl.DataFrame | None = None  # article_id, story_id, published_at, keys (list of str)
    events: pl.DataFrame | None = (
        None  # event_id, event_type, event_date, date_precision, actors and their countries, canonical_event_id
    )


@dataclass
class DuplicateIndex:
    """Exact duplicates across a whole run, batch after batch: bodies and article ids seen so far (the
    warehouse's matches for each batch are merged in before the batch is marked)."""

    first_by_content: dict[str, str] = field(default_factory=dict)  # content_sha256 -> first article_id
    seen_ids: set[str] = field(default_factory=set)

    def mark(self, articles: pl.DataFrame, existing: Existing) -> tuple[pl.DataFrame, pl.DataFrame]:
        """(kept, same): exact copies of an article already loaded or seen (same article_id) go to `same`;
        the same body under other metadata is kept with duplicate_of = the first article."""
        for sha, aid in existing.by_content.items():
            self.first_by_content.setdefault(sha, aid)
        self.seen_ids |= existing.article_ids
        keep, dup_of, same = [], [], []
        for i, (aid, sha) in enumerate(articles.select("article_id", "content_sha256").iter_rows()):
            if aid in self.seen_ids:
                same.append(i)
                continue
            self.seen_ids.add(aid)
            keep.append(i)
            first = self.first_by_content.setdefault(sha, aid)
            dup_of.append(first if first != aid else None)
        kept = articles[keep].with_columns(pl.Series("duplicate_of", dup_of, dtype=pl.String))
        return kept, articles[same]


class NearDuplicateIndex:
    """MinHash LSH over everything a run has seen: the warehouse's stored signatures, then each batch in turn.

    Same banding as datasketch's MinHashLSH for the threshold (its own optimal (bands, rows), so the same
    candidates), but kept as numpy arrays and queried a batch at a time. Measured with 100k random signatures:
    datasketch's index took 253 MB and 7.4 s for the inserts alone (~2.5 KB of Python objects an article);
    this takes 53 MB and 3.0 s for marking and adding them in batches of 2,000 (256 bytes of signature, 40 of
    band keys, the id). Candidates are confirmed by their estimated Jaccard similarity, as before;
    tests/test_linking.py checks the answers equal datasketch's. The work is bounded per article: in each band
    at most CANDIDATES_PER_BAND earlier articles of its bucket (the lowest ids) are candidates, so marking is
    linear in the articles however many copies of one page a run holds, and the similarities are computed
    PAIR_CHUNK pairs at a time."""

    def __init__(self, threshold: float):
        self.threshold = threshold
        from datasketch import MinHashLSH  # its optimal banding; imported by the run's process only

        reference = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.bands, self.rows = reference.b, reference.r
        self.ids: list[str] = []
        self._signatures: list[np.ndarray] = []  # blocks of (n, NUM_PERM) uint32
        self._keys: list[np.ndarray] = []  # blocks of (n, bands) uint64: one hash per band

    def __len__(self) -> int:
        return len(self.ids)

    def signatures(self, start: int = 0) -> np.ndarray:
        self._compact()
        return self._signatures[0][start:] if self._signatures else np.zeros((0, NUM_PERM), np.uint32)

    def add(self, ids: list[str], signatures: np.ndarray) -> None:
        if len(ids):
            signatures = np.asarray(signatures, dtype=np.uint32).reshape(len(ids), NUM_PERM)
            self.ids.extend(ids)
            self._signatures.append(signatures)
            self._keys.append(self._band_keys(signatures))

    def _compact(self) -> None:
        if len(self._signatures) > 1:
            self._signatures = [np.concatenate(self._signatures)]
            self._keys = [np.concatenate(self._keys)]

    def _band_keys(self, signatures: np.ndarray) -> np.ndarray:
        bands = (
            signatures[:, : self.bands * self.rows].astype(np.uint64).reshape(len(signatures), self.bands, self.rows)
        )
        weights = np.cumprod(np.full(self.rows, 0x9E3779B97F4A7C15, dtype=np.uint64))  # wraps mod 2^64
        with np.errstate(over="ignore"):
            return (bands * weights).sum(axis=2, dtype=np.uint64)

    def mark(self, articles: pl.DataFrame, hashvalues: np.ndarray) -> pl.DataFrame:
        """near_duplicate_of: the lowest article id, among those indexed earlier (warehouse first, then run
        order, the batch's own earlier rows included), whose estimated Jaccard similarity reaches the
        threshold. Exact duplicates already point at their original and are not matched again."""
        ids = articles["article_id"].to_list()
        signatures = np.asarray(hashvalues, dtype=np.uint32).reshape(len(ids), NUM_PERM)
        keys = self._band_keys(signatures)
        self._compact()
        stored_sigs = self._signatures[0] if self._signatures else np.zeros((0, NUM_PERM), np.uint32)
        stored_keys = self._keys[0] if self._keys else np.zeros((0, self.bands), np.uint64)
        cap = CANDIDATES_PER_BAND
        # candidate pairs: batch row -> stored row, or earlier batch row (negative - 1)
        new_rows: list[np.ndarray] = []
        old_rows: list[np.ndarray] = []
        for band in range(self.bands):
            if len(stored_keys):
                order = np.argsort(stored_keys[:, band], kind="stable")
                column = stored_keys[order, band]
                lo = np.searchsorted(column, keys[:, band], "left")
                hi = np.searchsorted(column, keys[:, band], "right")
                for start, end in set(zip(lo[hi - lo > cap].tolist(), hi[hi - lo > cap].tolist())):
                    # a crowded bucket (copies of one page): its first `cap` places get its lowest ids
                    order[start : start + cap] = sorted(order[start:end].tolist(), key=self.ids.__getitem__)[:cap]
                counts = np.minimum(hi - lo, cap)
                if counts.any():
                    firsts = np.repeat(lo, counts)
                    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
                    new_rows.append(np.repeat(np.arange(len(ids)), counts))
                    old_rows.append(order[firsts + offsets])
            lowest: dict[int, list[int]] = {}  # band key -> earlier rows of the batch with the lowest ids
            pair_new: list[int] = []
            pair_old: list[int] = []
            for i, key in enumerate(keys[:, band].tolist()):
                before = lowest.setdefault(key, [])
                pair_new += [i] * len(before)
                pair_old += [-1 - j for j in before]
                bisect.insort(before, i, key=ids.__getitem__)
                del before[cap:]
            if pair_new:
                new_rows.append(np.array(pair_new))
                old_rows.append(np.array(pair_old))
        near: list[str | None] = [None] * len(ids)
        if new_rows:
            pairs = np.unique(np.stack([np.concatenate(new_rows), np.concatenate(old_rows)], axis=1), axis=0)
            best: dict[int, str] = {}
            for at in range(0, len(pairs), PAIR_CHUNK):
                new, old = pairs[at : at + PAIR_CHUNK, 0], pairs[at : at + PAIR_CHUNK, 1]
                earlier = old < 0
                other = np.where(
                    earlier[:, None],
                    signatures[np.where(earlier, -1 - old, 0)],
                    stored_sigs[np.where(earlier, 0, old)] if len(stored_sigs) else 0,
                )
                similar = (signatures[new] == other).mean(axis=1) >= self.threshold
                for i, o, e in zip(new[similar].tolist(), old[similar].tolist(), earlier[similar].tolist()):
                    candidate = ids[-1 - o] if e else self.ids[o]
                    if i not in best or candidate < best[i]:
                        best[i] = candidate
            for i, dup in enumerate(articles["duplicate_of"].to_list()):
                if dup is None and i in best:
                    near[i] = best[i]
        self.add(ids, signatures)
        return articles.with_columns(pl.Series("near_duplicate_of", near, dtype=pl.String))


def story_keys(events: pl.DataFrame) -> pl.DataFrame:
    """Per article, the keys that tie it to other reports of the same story: who did what (person or
    organisation actors of current events) and which canonical events it reports as current news."""
    if events.height == 0:
        return pl.DataFrame(schema={"article_id": pl.String, "keys": pl.List(pl.String)})
    current = events.filter(pl.col("mention_kind") == "current")
    actor_keys = current.filter(pl.col("actor1_type").is_in(["PERSON", "ORG"])).select(
        "article_id", (pl.lit("actor:") + pl.col("event_type") + ":" + pl.col("actor1")).alias("key")
    )
    event_keys = current.filter(pl.col("date_precision") == "day").select(
        "article_id", (pl.lit("event:") + pl.col("canonical_event_id")).alias("key")
    )
    return pl.concat([actor_keys, event_keys]).group_by("article_id").agg(pl.col("key").unique().sort().alias("keys"))


def assign_stories(
    articles: pl.DataFrame, events: pl.DataFrame, existing: Existing, window_days: int
) -> tuple[pl.DataFrame, dict[str, str]]:
    """story_id for new articles, and changed story_ids of existing ones when a new article joins two stories:
    copies join their original, articles that share a story key within the window join each other, and the
    members of an existing story stay together."""
    uf = UnionFind()
    new = articles.select("article_id", "published_at", "duplicate_of", "near_duplicate_of").join(
        story_keys(events), on="article_id", how="left"
    )
    keyed = [(r["article_id"], r["published_at"], r["keys"] or []) for r in new.iter_rows(named=True)]
    old_story: dict[str, str] = {}
    if existing.stories is not None and existing.stories.height:
        for r in existing.stories.iter_rows(named=True):
            keyed.append((r["article_id"], r["published_at"], r["keys"] or []))
            old_story[r["article_id"]] = r["story_id"]
    _join_copies(uf, new)
    _join_by_keys(uf, keyed, timedelta(days=window_days))
    _keep_stories_together(uf, old_story)
    story_of = _story_ids(uf, old_story)
    updated = {aid: story_of[aid] for aid, sid in old_story.items() if story_of.get(aid) != sid}
    articles = articles.with_columns(
        pl.Series("story_id", [story_of[a] for a in articles["article_id"]], dtype=pl.String)
    )
    return articles, updated


def _join_copies(uf: UnionFind, new: pl.DataFrame) -> None:
    """A duplicate or near duplicate is in its original's story."""
    for r in new.iter_rows(named=True):
        uf.find(r["article_id"])
        for other in (r["duplicate_of"], r["near_duplicate_of"]):
            if other:
                uf.union(r["article_id"], other)


def _join_by_keys(uf: UnionFind, keyed: list[tuple[str, Any, list[str]]], window: timedelta) -> None:
    """Articles that share a story key and are within the window of each other, transitively: sorted by time, each
    joins the one before it when they are close enough (the same groups as comparing every pair, in n log n)."""
    by_key: dict[str, list[tuple[str, Any]]] = {}  # key -> (article_id, published_at)
    for aid, published, ks in keyed:
        uf.find(aid)
        for k in ks:
            by_key.setdefault(k, []).append((aid, published))
    for members in by_key.values():
        dated = sorted((published, a) for a, published in members if published is not None)
        for (pa, a), (pb, b) in zip(dated, dated[1:]):
            if pb - pa <= window:
                uf.union(a, b)


def _keep_stories_together(uf: UnionFind, old_story: dict[str, str]) -> None:
    """Members of one existing story are one group."""
    first_of_story: dict[str, str] = {}
    for aid, sid in old_story.items():
        if sid in first_of_story:
            uf.union(aid, first_of_story[sid])
        else:
            first_of_story[sid] = aid


def _story_ids(uf: UnionFind, old_story: dict[str, str]) -> dict[str, str]:
    """Each group's story id: the smallest existing one among its members, else one made from its first article."""
    story_of: dict[str, str] = {}
    for _root, group in uf.groups().items():
        olds = sorted({old_story[m] for m in group if m in old_story})
        sid = olds[0] if olds else "s_" + min(group)[2:]
        for m in group:
            story_of[m] = sid
    return story_of


def _compatible(a: list[str], b: list[str]) -> bool:
    sa, sb = set(a or []), set(b or [])
    return not sa or not sb or sa <= sb or sb <= sa


def _link_compatible(uf: UnionFind, items: list[tuple[str, list[str] | None]]) -> None:
    """Union the events of one (type, date) group whose country sets are compatible (_compatible), without
    comparing every pair: the groups are the connected components of that relation, found near-linearly.

    Events with the same set are one group at once. An empty set is compatible with every set, so one joins the
    whole group. Otherwise two sets are linked when one contains the other, and then both contain a *minimal*
    set of the group (one containing no other); so the components are those of "set -- each minimal set inside
    it". Sets are visited smallest first as bit masks; the minimal sets inside one are found by enumerating its
    subsets or by scanning the minimal sets, whichever is fewer (event sets hold a handful of countries)."""
    by_set: dict[frozenset[str], str] = {}
    for eid, countries in items:
        key = frozenset(countries or ())
        first = by_set.setdefault(key, eid)
        if first != eid:
            uf.union(first, eid)
    if frozenset() in by_set:
        anchor = by_set[frozenset()]
        for eid in by_set.values():
            uf.union(anchor, eid)
        return
    bit: dict[str, int] = {}
    masks = []
    for key, eid in by_set.items():
        mask = 0
        for c in key:
            mask |= 1 << bit.setdefault(c, len(bit))
        masks.append((len(key), mask, eid))
    masks.sort()
    minimal: dict[int, str] = {}  # mask -> an event of that set
    for size, mask, eid in masks:
        if 2**size <= len(minimal):
            members = [1 << i for i in range(mask.bit_length()) if mask >> i & 1]
            inside = []
            for pick in range(1, 2**size - 1):  # proper, non-empty subsets
                sub = 0
                for j, m in enumerate(members):
                    if pick >> j & 1:
                        sub |= m
                if sub in minimal:
                    inside.append(minimal[sub])
        else:
            inside = [e for m, e in minimal.items() if m & mask == m]
        if inside:
            for other in inside:
                uf.union(eid, other)
        else:
            minimal[mask] = eid


def assign_canonical_events(events: pl.DataFrame, existing: Existing) -> tuple[pl.DataFrame, dict[str, str]]:
    """Same type, same day (or month, for month-precision dates), the same actor1 and no different actor2 -> one
    canonical_event_id: a type and a date alone join unrelated events (two statements of the day by different
    people). Actors are compared by country when they have one ('Azerbaijan' and 'Azerbaijan (government)'),
    else by name. Undated events and events without actor1 stay on their own. Near-linear in the events of a day
    (_link_compatible), the warehouse's events of that day included."""
    if events.height == 0:
        return events, {}
    cols = [
        "event_id",
        "event_type",
        "event_date",
        "date_precision",
        "actor1",
        "actor1_country",
        "actor2",
        "actor2_country",
    ]
    pool = events.select(cols).with_columns(pl.lit(None, dtype=pl.String).alias("old"))
    if existing.events is not None and existing.events.height:
        pool = pl.concat(
            [pool, existing.events.select(cols + [pl.col("canonical_event_id").alias("old")])], how="vertical_relaxed"
        )
    uf = UnionFind()
    for eid in pool["event_id"]:
        uf.find(eid)
    dated = pool.with_columns(
        pl.coalesce("actor1_country", pl.col("actor1").str.to_lowercase()).alias("actor1_key"),
        pl.coalesce("actor2_country", pl.col("actor2").str.to_lowercase()).alias("actor2_key"),
    ).filter(
        pl.col("event_date").is_not_null()
        & pl.col("date_precision").is_in(["day", "month"])
        & pl.col("actor1_key").is_not_null()
    )
    for _, group in dated.group_by(["event_type", "event_date", "date_precision", "actor1_key"]):
        # actor2 as a set of at most one: no actor2 is compatible with any, two different ones are not
        _link_compatible(
            uf, [(eid, [a2] if a2 else []) for eid, a2 in group.select("event_id", "actor2_key").iter_rows()]
        )
    canon = {}
    for _root, members in uf.groups().items():
        cid = "c_" + min(members)[2:]
        for m in members:
            canon[m] = cid
    updated = {
        r[0]: canon[r[0]]
        for r in pool.filter(pl.col("old").is_not_null()).select("event_id", "old").iter_rows()
        if canon[r[0]] != r[1]
    }
    events = events.with_columns(
        pl.Series("canonical_event_id", [canon[e] for e in events["event_id"]], dtype=pl.String)
    )
    return events, updated
