"""The BBC news corpus the speed benchmarks read (../shared/corpora/bbc-news): its category folders and articles,
in one place for bbc_ingest.py, nlp_attrs.py and throughput.py."""

from __future__ import annotations

from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc-news"
CATEGORIES = ("business", "entertainment", "politics", "sport", "tech")


def present(corpus: Path) -> bool:
    """Every category folder is there."""
    return all((corpus / c).is_dir() for c in CATEGORIES)


def article_paths(corpus: Path) -> list[Path]:
    """The article files, in a fixed order (the category folders only, not the corpus README)."""
    return sorted(p for c in CATEGORIES for p in (corpus / c).glob("*.txt"))
