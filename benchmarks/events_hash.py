"""A fingerprint of the `events` table, for changes that must not change what the pipeline produces.

    .venv/bin/python benchmarks/events_hash.py                    # seeds/ and 300 BBC articles (60 per category)
    .venv/bin/python benchmarks/events_hash.py --source DIR ...   # any sources

Runs `newsevents run --no-prefect` on each source into a scratch lake and warehouse, then hashes every events
row without the columns that name the run (run_id) and prints rows and hash per source. Two commits that print
the same hashes produce the same events table, row for row and column for column."""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bbc_corpus import CATEGORIES, DEFAULT, present  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
RUN_COLUMNS = {"run_id"}


def bbc_sample(corpus: Path, per_category: int, into: Path) -> Path:
    """The first per_category files of each category (sorted by name), copied flat into one folder."""
    into.mkdir(parents=True, exist_ok=True)
    for cat in CATEGORIES:
        for p in sorted((corpus / cat).glob("*.txt"))[:per_category]:
            shutil.copyfile(p, into / f"{cat}_{p.name}")
    return into


def events_hash(source: Path, workdir: Path, cli: str) -> tuple[int, str]:
    wh = workdir / "warehouse.duckdb"
    cmd = [cli, "run", "--no-prefect", "--source", str(source), "--lake", str(workdir / "lake"), "--warehouse", str(wh)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"run failed on {source} (exit {p.returncode}):\n{(p.stderr or p.stdout)[-2000:]}")
    import duckdb

    con = duckdb.connect(str(wh), read_only=True)
    cols = [
        c
        for (c,) in con.sql(
            "select column_name from information_schema.columns where table_name = 'events' order by column_name"
        ).fetchall()
        if c not in RUN_COLUMNS
    ]
    rows = con.sql(f"select {', '.join(cols)} from events order by event_id").fetchall()
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(row).encode())
    return len(rows), digest.hexdigest()[:16]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, action="append", help="a source to run (default: seeds and 300 BBC)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--per-category", type=int, default=60)
    ap.add_argument("--cli", default=str(REPO / ".venv" / "bin" / "newsevents"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="events-hash-") as tmp:
        sources = args.source or [REPO / "seeds"]
        if not args.source:
            if present(args.corpus):
                sources.append(bbc_sample(args.corpus, args.per_category, Path(tmp) / "bbc"))
            else:
                print(f"{args.corpus} is absent: seeds only", file=sys.stderr)
        for i, source in enumerate(sources):
            n, h = events_hash(source, Path(tmp) / f"run{i}", args.cli)
            print(f"{source.name}: {n} events rows, sha256 {h}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
