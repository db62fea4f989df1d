"""MinHash signatures as datasketch's MinHash.bulk computes them (scheme "affine32", CRC32 of each shingle, seed
1), in NumPy alone. The worker processes sign every article; importing datasketch there pulls in SciPy for its
LSH parameter search (53 MB of each worker's memory, measured) although a worker never builds an index. The
run's process, which does, uses datasketch itself; tests/test_linking.py checks both give the same values."""

from __future__ import annotations

import zlib
from functools import lru_cache

import numpy as np

_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_EMPTY = np.uint32(0xFFFFFFFF)  # the signature of no shingle at all


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine permutations h -> a * h + b mod 2^32 (a odd), drawn from the same generator."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (datasketch pre-mixes each input hash with it)."""
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


def signatures(shingle_sets: list[list[bytes]], num_perm: int, seed: int = 1) -> list[np.ndarray]:
    """One uint32 signature of num_perm values per list of shingles."""
    a, b = _permutations(num_perm, seed)
    out = []
    with np.errstate(over="ignore"):  # the arithmetic is modulo 2^32 by design
        for shingles in shingle_sets:
            if not shingles:
                out.append(np.full(num_perm, _EMPTY, dtype=np.uint32))
                continue
            hv = _fmix32(np.array([zlib.crc32(s) for s in shingles], dtype=np.uint32)).reshape(-1, 1)
            out.append((hv * a + b).min(axis=0))
    return out
