"""Canonical publishers from a data file the user can extend without code (newsevents/data/publishers.csv,
plus publishers.csv in NEWSEVENTS_DATA_DIR). Matches site names, domains and footer signatures."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from newsevents.resources import data_files


@dataclass(frozen=True)
class Publisher:
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    signatures: tuple[str, ...]
    timezone: str
    country_iso3: str | None


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


class PublisherRegistry:
    def __init__(self, publishers: list[Publisher]):
        self.publishers = publishers
        self._by_alias: dict[str, Publisher] = {}
        for p in publishers:
            for alias in (p.name, *p.aliases):
                self._by_alias.setdefault(_key(alias), p)
        self._by_domain = {d.lower(): p for p in publishers for d in p.domains}
        names = sorted(self._by_alias, key=len, reverse=True)
        self._alias_re = (
            re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])", re.I) if names else None
        )

    @classmethod
    def from_files(cls, paths: list[Path]) -> PublisherRegistry:
        found: dict[str, Publisher] = {}
        for path in paths:
            with path.open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    p = Publisher(
                        row["publisher"].strip(),
                        _split(row.get("aliases")),
                        _split(row.get("domains")),
                        _split(row.get("signatures")),
                        (row.get("timezone") or "UTC").strip(),
                        (row.get("country_iso3") or "").strip() or None,
                    )
                    found[p.name] = p  # a user's file overrides the shipped row of the same name
        return cls(list(found.values()))

    def by_name(self, text: str | None) -> Publisher | None:
        """Exact alias match of a whole string ('TODAY.AZ', 'Azernews', 'TURAN INFORMASIYA AGENTLIYI')."""
        if not text:
            return None
        return self._by_alias.get(_key(text))

    def find_in(self, text: str) -> Publisher | None:
        """First alias named inside a longer string ('This article originally appeared in TURAN ...')."""
        if not self._alias_re or not text:
            return None
        m = self._alias_re.search(text)
        return self._by_alias.get(_key(m.group(1))) if m else None

    def by_url(self, url: str | None) -> Publisher | None:
        if not url:
            return None
        host = (urlparse(url if "//" in url else "//" + url).hostname or "").lower()
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            host = host.partition(".")[2] if host.count(".") > 1 else (host[4:] if host.startswith("www.") else "")
        return None

    def by_signature(self, text: str) -> Publisher | None:
        """Footer signatures such as '@AzerNewsAz' (case-insensitive substring)."""
        low = text.lower()
        for p in self.publishers:
            if any(sig.lower() in low for sig in p.signatures):
                return p
        return None


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


@lru_cache(maxsize=4)
def load_publishers(extra_dir: str | None = None) -> PublisherRegistry:
    return PublisherRegistry.from_files(data_files("publishers.csv", extra_dir))
