"""Load the 2,225 BBC plain-text articles through the pipeline and check every file is accounted for and
every exact-duplicate group is found, with no false duplicate. Prints the numbers.

    python benchmarks/bbc_ingest.py [--corpus ../shared/corpora/bbc-news] [--prefect]

Ground truth for duplicates: files whose bytes are identical (the corpus README: 98 groups, 196 files).
The pipeline also flags, by design, files whose *body* is identical under a different headline; those are
listed separately and checked to have the same body text (some only re-break paragraphs)."""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bbc_corpus import CATEGORIES, DEFAULT, present  # noqa: E402 - the benchmark folder is the script's path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--prefect", action="store_true", help="run through the Prefect flow (adds server start-up)")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not present(corpus):
        print(f"corpus not found at {corpus} (expected the folders {', '.join(CATEGORIES)}); nothing measured")
        return 2

    from newsevents.pipeline import run_pipeline
    from newsevents.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bbc"
        for c in CATEGORIES:  # the article folders only, not the corpus README
            shutil.copytree(corpus / c, src / c)
        files = sorted(p for p in src.rglob("*") if p.is_file())
        raw = {p.as_posix(): p.read_bytes() for p in files}
        settings = Settings(source=str(src), lake=f"{tmp}/lake", warehouse=f"{tmp}/wh.duckdb")
        started = time.perf_counter()
        if args.prefect:
            from flows.pipeline import newsevents_pipeline

            summary = newsevents_pipeline(source=settings.source, lake=settings.lake, warehouse=settings.warehouse)
        else:
            summary = run_pipeline(settings).__dict__
        seconds = time.perf_counter() - started
        con = duckdb.connect(settings.warehouse, read_only=True)
        status = dict(con.sql("SELECT source_uri, status FROM input_files").fetchall())
        dup_of_file = dict(
            con.sql("""SELECT f.source_uri, coalesce(a.source_uri, f.duplicate_of)
                                      FROM input_files f LEFT JOIN articles a ON a.article_id = f.duplicate_of
                                      WHERE f.status = 'duplicate'""").fetchall()
        )
        latin1 = con.sql("SELECT count(*) FROM articles WHERE source_uri LIKE '%sport/199.txt'").fetchall()[0][0]
        con.close()

    groups = defaultdict(list)
    for uri, data in raw.items():
        groups[hashlib.sha256(data).hexdigest()].append(uri)
    byte_groups = [sorted(g) for g in groups.values() if len(g) > 1]
    truth_dups = {u for g in byte_groups for u in g[1:]}
    found = {u for u, s in status.items() if s == "duplicate"}
    groups_found = sum(
        1 for g in byte_groups if any(u in found for u in g) and any(status.get(u) == "loaded" for u in g)
    )
    extra = sorted(found - truth_dups - {g[0] for g in byte_groups})

    def body(uri: str) -> bytes:
        return b" ".join(raw[uri].split(b"\n", 1)[1].split())  # same words, paragraph breaks aside

    def words(uri: str) -> list[bytes]:
        return re.findall(rb"\w+", raw[uri].split(b"\n", 1)[1].lower())

    pairs = [(u, dup_of_file[u]) for u in extra if dup_of_file.get(u) in raw]
    same_body = sum(1 for u, v in pairs if body(u) == body(v))
    same_words = sum(1 for u, v in pairs if words(u) == words(v))
    accounted = sum(1 for p in files if status.get(p.as_posix()) in ("loaded", "duplicate", "rejected"))
    print(f"files in corpus          {len(files)}")
    print(
        f"files accounted for      {accounted}  (loaded {sum(s == 'loaded' for s in status.values())}, "
        f"duplicate {len(found)}, rejected {sum(s == 'rejected' for s in status.values())})"
    )
    print(f"Latin-1 file sport/199   {'loaded' if latin1 else 'MISSING'}")
    print(
        f"exact-duplicate groups   {groups_found} of {len(byte_groups)} found "
        f"({len(byte_groups) and sum(len(g) for g in byte_groups)} files); missed files: {len(truth_dups - found)}"
    )
    print(
        f"other duplicates flagged {len(extra)}: same body under another headline; "
        f"identical body text (whitespace aside): {same_body} of {len(extra)}"
    )
    print(f"  of which same words, only punctuation differs: {same_words - same_body}")
    print(f"false duplicates         {len(extra) - same_words}")
    print(f"articles / events        {summary['articles']} / {summary['events']}")
    print(
        f"time                     {seconds:.1f} s  ->  {len(files) / seconds:.0f} files/s end to end "
        f"({'with' if args.prefect else 'without'} Prefect)"
    )
    return 0 if accounted == len(files) and groups_found == len(byte_groups) and same_words == len(extra) else 1


if __name__ == "__main__":
    sys.exit(main())
