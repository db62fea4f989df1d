"""Disjoint text spans with overlap tests in O(log n): the parsers and extractors keep the first (or best) of
overlapping matches, and testing each candidate against every span kept so far made a long text quadratic (a
300k-character article: 30 s in the gazetteer, 5 s in the dates)."""

from __future__ import annotations

import bisect


class DisjointSpans:
    """Half-open [start, end) spans that never overlap, kept sorted by start (so their ends are sorted too)."""

    __slots__ = ("starts", "ends")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        return (i > 0 and self.ends[i - 1] > start) or (i < len(self.starts) and self.starts[i] < end)

    def add(self, start: int, end: int) -> int:
        """Insert a span that overlaps none (check with overlaps first); returns its position in start order."""
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)
        return i
