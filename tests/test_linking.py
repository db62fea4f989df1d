"""The run-wide near-duplicate index must find what datasketch's MinHashLSH finds, batch after batch."""

import numpy as np
import polars as pl
from datasketch import MinHash, MinHashLSH

from newsevents.link.linking import NUM_PERM, SCHEME, NearDuplicateIndex


def reference(stored_ids, stored, batches, threshold):
    """The obvious sequential version on datasketch: query, keep the lowest qualifying id, insert."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    sigs = {}

    def minhash(hv):
        m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
        m.hashvalues = hv.copy()
        return m

    for aid, hv in zip(stored_ids, stored):
        lsh.insert(aid, minhash(hv))
        sigs[aid] = hv
    out = []
    for ids, dups, hvs in batches:
        for aid, dup, hv in zip(ids, dups, hvs):
            found = sorted(c for c in lsh.query(minhash(hv)) if np.mean(sigs[c] == hv) >= threshold)
            out.append(found[0] if found and dup is None else None)
            lsh.insert(aid, minhash(hv))
            sigs[aid] = hv
    return out


def test_same_near_duplicates_as_datasketch_lsh():
    rng = np.random.default_rng(7)
    bases = rng.integers(0, 2**32, size=(60, NUM_PERM), dtype=np.uint32)

    def variant(k):  # a copy of a base with k of its 64 values changed: Jaccard ~ 1 - k/64
        hv = bases[rng.integers(len(bases))].copy()
        hv[rng.choice(NUM_PERM, k, replace=False)] = rng.integers(0, 2**32, k, dtype=np.uint32)
        return hv

    def make(n, prefix):
        hvs = np.stack(
            [
                variant(int(rng.integers(0, 14)))
                if rng.random() < 0.7
                else rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32)
                for _ in range(n)
            ]
        )
        ids = [f"a_{prefix}{rng.integers(16**8):08x}{i:04d}" for i in range(n)]  # ids not in insertion order
        dups = [None if rng.random() < 0.9 else ids[0] for _ in range(n)]
        return ids, dups, hvs

    stored_ids, _, stored = make(80, "s")
    batches = [make(70, f"b{k}") for k in range(4)]
    expected = reference(stored_ids, stored, batches, 0.8)
    index = NearDuplicateIndex(0.8)
    index.add(stored_ids, stored)
    got = []
    for ids, dups, hvs in batches:
        frame = pl.DataFrame(
            {"article_id": ids, "duplicate_of": dups}, schema={"article_id": pl.String, "duplicate_of": pl.String}
        )
        got += index.mark(frame, hvs)["near_duplicate_of"].to_list()
    assert got == expected
    assert sum(g is not None for g in got) > 50  # the data really has near-duplicates, across and within batches
    assert len(index) == 80 + 4 * 70 and index.signatures(80).shape == (280, NUM_PERM)


# --- issue 22, item 9: linking is near-linear, whatever one day or one page holds --------------------------------

import random  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from datetime import UTC, date, datetime, timedelta  # noqa: E402

from newsevents.link.linking import (  # noqa: E402
    Existing,
    UnionFind,
    _compatible,
    assign_canonical_events,
    assign_stories,
)

EVENT_SCHEMA = {
    "event_id": pl.String,
    "event_type": pl.String,
    "event_date": pl.Date,
    "date_precision": pl.String,
    "actor_countries": pl.List(pl.String),
}


def pairwise_canonical(events: pl.DataFrame, existing: Existing) -> tuple[list[str], dict[str, str]]:
    """The definition: every pair of the same (type, date, precision) with compatible countries is one event."""
    pool = list(events.iter_rows(named=True))
    old = {}
    if existing.events is not None:
        for r in existing.events.iter_rows(named=True):
            pool.append(r)
            old[r["event_id"]] = r["canonical_event_id"]
    uf = UnionFind()
    for r in pool:
        uf.find(r["event_id"])
    for i, a in enumerate(pool):
        for b in pool[i + 1 :]:
            same = (a["event_type"], a["event_date"], a["date_precision"]) == (
                b["event_type"],
                b["event_date"],
                b["date_precision"],
            )
            if (
                same
                and a["event_date"] is not None
                and a["date_precision"] in ("day", "month")
                and _compatible(a["actor_countries"], b["actor_countries"])
            ):
                uf.union(a["event_id"], b["event_id"])
    canon = {m: "c_" + min(g)[2:] for g in uf.groups().values() for m in g}
    return [canon[e] for e in events["event_id"]], {e: canon[e] for e, c in old.items() if canon[e] != c}


def random_events(rng: random.Random, n: int, prefix: str) -> pl.DataFrame:
    countries = ["AZE", "ARM", "RUS", "TUR", "IRN", "GEO"]
    rows = []
    for i in range(n):
        k = rng.choice([0, 1, 1, 2, 2, 3, 4])
        rows.append(
            {
                "event_id": f"e_{prefix}{rng.getrandbits(40):010x}{i:04d}",
                "event_type": rng.choice(["attack", "meet"]),
                "event_date": rng.choice([date(2020, 11, 10), date(2020, 11, 11), None]),
                "date_precision": rng.choice(["day", "day", "month", "unknown"]),
                "actor_countries": sorted(rng.sample(countries, k)),
            }
        )
    return pl.DataFrame(rows, schema=EVENT_SCHEMA)


def test_canonical_events_same_as_comparing_every_pair():
    rng = random.Random(22)
    for trial in range(12):
        events = random_events(rng, 150, f"n{trial}")
        stored = random_events(rng, 120, f"s{trial}")
        stored = stored.with_columns(pl.Series("canonical_event_id", ["c_" + e[2:] for e in stored["event_id"]]))
        if trial % 3 == 0:  # groups without an empty country set: linked through contained sets only
            events = events.filter(pl.col("actor_countries").list.len() > 0)
            stored = stored.filter(pl.col("actor_countries").list.len() > 0)
        existing = Existing(events=stored)
        got, updated = assign_canonical_events(events, existing)
        want, want_updated = pairwise_canonical(events, existing)
        assert got["canonical_event_id"].to_list() == want and updated == want_updated


def test_canonical_linking_of_a_crowded_day_is_near_linear():
    """20,000 events of one type on one day in the warehouse and one new article's event: comparing every pair
    (2e8 pairs) took 20 s and more; the groups of compatible country sets are found without it."""
    codes = [f"C{i:03d}" for i in range(200)]
    pairs = [[a, b] for i, a in enumerate(codes) for b in codes[i + 1 :]][:19_800]
    stored_sets = pairs + [[c] for c in codes] + [codes[:12]] * 10
    day = date(2024, 5, 1)
    stored = pl.DataFrame(
        {
            "event_id": [f"e_s{i:05d}" for i in range(len(stored_sets))],
            "event_type": "attack",
            "event_date": day,
            "date_precision": "day",
            "actor_countries": stored_sets,
            "canonical_event_id": [f"c_s{i:05d}" for i in range(len(stored_sets))],
        },
        schema={**EVENT_SCHEMA, "canonical_event_id": pl.String},
    )
    new = pl.DataFrame(
        {
            "event_id": ["e_new"],
            "event_type": "attack",
            "event_date": day,
            "date_precision": "day",
            "actor_countries": [["C003", "C077"]],
        },
        schema=EVENT_SCHEMA,
    )
    started = time.perf_counter()
    events, updated = assign_canonical_events(new, Existing(events=stored))
    seconds = time.perf_counter() - started
    assert seconds < 3, f"{seconds:.1f} s"
    # every pair contains a singleton of the day, so the whole day is one real-world event
    assert events["canonical_event_id"].to_list() == ["c_new"] and len(updated) == len(stored_sets)


def pairwise_stories(articles: pl.DataFrame, events: pl.DataFrame, window_days: int) -> list[str]:
    from newsevents.link.linking import story_keys

    keys = dict(story_keys(events).iter_rows())
    rows = [(a, p, keys.get(a) or []) for a, p in articles.select("article_id", "published_at").iter_rows()]
    uf = UnionFind()
    for a, _, _ in rows:
        uf.find(a)
    for i, (a, pa, ka) in enumerate(rows):
        for b, pb, kb in rows[i + 1 :]:
            if set(ka) & set(kb) and pa is not None and pb is not None and abs(pa - pb) <= timedelta(window_days):
                uf.union(a, b)
    story = {m: "s_" + min(g)[2:] for g in uf.groups().values() for m in g}
    return [story[a] for a in articles["article_id"]]


def test_stories_same_as_comparing_every_pair_and_near_linear():
    rng = random.Random(5)
    start = datetime(2024, 1, 1, tzinfo=UTC)

    def frame(n: int, actors: int, days: int) -> tuple[pl.DataFrame, pl.DataFrame]:
        ids = [f"a_{rng.getrandbits(48):012x}{i:05d}" for i in range(n)]
        published = [start + timedelta(hours=rng.randrange(days * 24)) if rng.random() > 0.05 else None for _ in ids]
        articles = pl.DataFrame(
            {"article_id": ids, "published_at": published, "duplicate_of": None, "near_duplicate_of": None},
            schema={
                "article_id": pl.String,
                "published_at": pl.Datetime("us", "UTC"),
                "duplicate_of": pl.String,
                "near_duplicate_of": pl.String,
            },
        )
        events = pl.DataFrame(
            {
                "article_id": ids,
                "mention_kind": "current",
                "actor1_type": "PERSON",
                "event_type": "meet",
                "actor1": [f"Person {rng.randrange(actors)}" for _ in ids],
                "date_precision": "unknown",
                "canonical_event_id": None,
            },
            schema_overrides={"canonical_event_id": pl.String},
        )
        return articles, events

    articles, events = frame(600, 8, 90)
    got, _ = assign_stories(articles, events, Existing(), 3)
    assert got["story_id"].to_list() == pairwise_stories(articles, events, 3)

    articles, events = frame(20_000, 1, 365)  # one actor in every article: one key shared by all
    started = time.perf_counter()
    assign_stories(articles, events, Existing(), 3)
    assert time.perf_counter() - started < 5


def test_near_duplicate_marking_of_many_copies_is_bounded():
    """3,000 copies of one page (and 2,000 stored) made every pair of them a candidate in every band: 3.3 GB.
    Now each copy meets at most CANDIDATES_PER_BAND earlier copies per band, the lowest ids, so the answer is
    unchanged: the lowest id among the copies before it."""
    rng = np.random.default_rng(3)
    page = rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32)
    stored_ids = [f"a_s{rng.integers(16**8):08x}{i:05d}" for i in range(2_000)]
    ids = [f"a_b{rng.integers(16**8):08x}{i:05d}" for i in range(3_000)]
    index = NearDuplicateIndex(0.8)
    index.add(stored_ids, np.tile(page, (len(stored_ids), 1)))
    frame = pl.DataFrame(
        {"article_id": ids, "duplicate_of": [None] * len(ids)},
        schema={"article_id": pl.String, "duplicate_of": pl.String},
    )
    tracemalloc.start()
    started = time.perf_counter()
    try:
        got = index.mark(frame, np.tile(page, (len(ids), 1)))["near_duplicate_of"].to_list()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    seconds = time.perf_counter() - started
    lowest, want = min(stored_ids), []
    for aid in ids:  # the lowest id among the stored copies and the batch's earlier ones
        want.append(lowest)
        lowest = min(lowest, aid)
    assert got == want
    assert peak < 300 << 20 and seconds < 20, (peak >> 20, seconds)
