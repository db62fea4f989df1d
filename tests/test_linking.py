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


def test_signatures_are_datasketchs():
    """newsevents.link.minhash (NumPy, no SciPy in the workers) gives MinHash.bulk's values bit for bit."""
    import zlib

    from newsevents.link.linking import _shingles, minhash_signatures

    bodies = ["", "One word.", "Troops left the town of Kalbajar on Wednesday, officials said. " * 3]
    bodies += [f"Article {i}: the council met on Monday and voted {i} to {i + 3} on the budget." for i in range(40)]
    ours = minhash_signatures(bodies)
    theirs = MinHash.bulk([_shingles(b) for b in bodies], num_perm=NUM_PERM, scheme=SCHEME, hashfunc=zlib.crc32)
    assert all(np.array_equal(a, m.hashvalues) and a.dtype == m.hashvalues.dtype for a, m in zip(ours, theirs))


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
    "actor1": pl.String,
    "actor1_country": pl.String,
    "actor2": pl.String,
    "actor2_country": pl.String,
}


def key(event: dict, role: str) -> str | None:
    """An actor as linking compares it: its country, else its name (case aside)."""
    return event[f"{role}_country"] or (event[role].lower() if event[role] else None)


def pairwise_canonical(events: pl.DataFrame, existing: Existing) -> tuple[list[str], dict[str, str]]:
    """The definition: every pair of the same (type, date, precision, actor1) whose actor2s do not differ is one
    event."""
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
            same = (a["event_type"], a["event_date"], a["date_precision"], key(a, "actor1")) == (
                b["event_type"],
                b["event_date"],
                b["date_precision"],
                key(b, "actor1"),
            )
            a2 = [[k] if (k := key(x, "actor2")) else [] for x in (a, b)]
            if (
                same
                and key(a, "actor1")
                and a["event_date"] is not None
                and a["date_precision"] in ("day", "month")
                and _compatible(*a2)
            ):
                uf.union(a["event_id"], b["event_id"])
    canon = {m: "c_" + min(g)[2:] for g in uf.groups().values() for m in g}
    return [canon[e] for e in events["event_id"]], {e: canon[e] for e, c in old.items() if canon[e] != c}


def random_events(rng: random.Random, n: int, prefix: str) -> pl.DataFrame:
    actors = [("Azerbaijan", "AZE"), ("Azerbaijan (government)", "AZE"), ("armenia", None), ("Armenia", None)]
    actors += [("Russia", "RUS"), ("Vladimir Putin", "RUS"), ("Red Cross", None), (None, None)]
    rows = []
    for i in range(n):
        rows.append(
            {
                "event_id": f"e_{prefix}{rng.getrandbits(40):010x}{i:04d}",
                "event_type": rng.choice(["attack", "meet"]),
                "event_date": rng.choice([date(2020, 11, 10), date(2020, 11, 11), None]),
                "date_precision": rng.choice(["day", "day", "month", "unknown"]),
                **dict(zip(("actor1", "actor1_country"), rng.choice(actors))),
                **dict(zip(("actor2", "actor2_country"), rng.choice(actors))),
            }
        )
    return pl.DataFrame(rows, schema=EVENT_SCHEMA)


def test_canonical_events_same_as_comparing_every_pair():
    rng = random.Random(22)
    for trial in range(12):
        events = random_events(rng, 150, f"n{trial}")
        stored = random_events(rng, 120, f"s{trial}")
        stored = stored.with_columns(pl.Series("canonical_event_id", ["c_" + e[2:] for e in stored["event_id"]]))
        if trial % 3 == 0:  # groups where every event names actor2: linked only through the same one
            events = events.filter(pl.col("actor2").is_not_null())
            stored = stored.filter(pl.col("actor2").is_not_null())
        existing = Existing(events=stored)
        got, updated = assign_canonical_events(events, existing)
        want, want_updated = pairwise_canonical(events, existing)
        assert got["canonical_event_id"].to_list() == want and updated == want_updated


def test_canonical_linking_of_a_crowded_day_is_near_linear():
    """20,000 events of one type, day and actor1 in the warehouse and one new article's event: comparing every pair
    (2e8 pairs) took 20 s and more; the groups are found without it."""
    day = date(2024, 5, 1)
    targets = [f"Target {i:05d}" for i in range(20_000)]
    stored = pl.DataFrame(
        {
            "event_id": [f"e_s{i:05d}" for i in range(len(targets))],
            "event_type": "attack",
            "event_date": day,
            "date_precision": "day",
            "actor1": "Rebels",
            "actor1_country": None,
            "actor2": targets,
            "actor2_country": None,
            "canonical_event_id": [f"c_s{i:05d}" for i in range(len(targets))],
        },
        schema={**EVENT_SCHEMA, "canonical_event_id": pl.String},
    )
    new = pl.DataFrame(
        {
            "event_id": ["e_new"],
            "event_type": "attack",
            "event_date": day,
            "date_precision": "day",
            "actor1": "rebels",
            "actor1_country": None,
            "actor2": [None],
            "actor2_country": None,
        },
        schema=EVENT_SCHEMA,
    )
    started = time.perf_counter()
    events, updated = assign_canonical_events(new, Existing(events=stored))
    seconds = time.perf_counter() - started
    assert seconds < 3, f"{seconds:.1f} s"
    # an attack by the rebels with no target named is compatible with each of theirs that day: one event
    assert events["canonical_event_id"].to_list() == ["c_new"] and len(updated) == len(targets)


def test_a_type_and_a_date_alone_do_not_join_events():
    day = date(2024, 5, 1)
    events = pl.DataFrame(
        {
            "event_id": ["e_1", "e_2", "e_3", "e_4"],
            "event_type": "make_statement",
            "event_date": day,
            "date_precision": "day",
            "actor1": ["Ukraine (government)", "Trump campaign spokesman", "Volodymyr Zelensky", None],
            "actor1_country": ["UKR", "USA", "UKR", None],
            "actor2": [None, None, None, None],
            "actor2_country": [None, None, None, None],
        },
        schema=EVENT_SCHEMA,
    )
    got, _ = assign_canonical_events(events, Existing())
    assert got["canonical_event_id"].to_list() == ["c_1", "c_2", "c_1", "c_4"]


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
