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
