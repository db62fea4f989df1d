"""Peak memory of a run on one large JSON Lines dump, against the batch size (issue 22, item 10).

Builds a dump of N distinct articles (sentences of the BBC corpus drawn at random, so no two are near-duplicates),
then runs the pipeline on it in a fresh process and prints the peak resident memory of that process and of its
worker processes, and the time. Event extraction is off by default (--events turns it on): the measure is what
reading, parsing, deduplicating, validating and writing the dump costs, which used to follow the dump.

    .venv/bin/python benchmarks/jsonl_memory.py --records 20000 --batch-size 2000
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bbc_corpus import DEFAULT, article_paths, present

RUN = """
import sys
from newsevents.pipeline import run_pipeline
from newsevents.settings import Settings
s = Settings(source=sys.argv[1], lake=sys.argv[2], warehouse=sys.argv[3], batch_size=int(sys.argv[4]),
             extract_processes=int(sys.argv[5]), event_languages=tuple(sys.argv[6].split(",")))
summary = run_pipeline(s)
print(summary.status, summary.articles, summary.files_loaded, file=sys.stderr)
"""


def build_dump(path: Path, records: int, corpus: Path, seed: int = 7) -> int:
    sentences = []
    for p in article_paths(corpus):
        text = p.read_text(encoding="utf-8", errors="replace")
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 6]
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(records):
            body = " ".join(rng.sample(sentences, 18))
            fh.write(json.dumps({"title": f"Story {i}", "text": body, "url": f"https://example.org/{i}"}) + "\n")
    return path.stat().st_size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=20000)
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument("--processes", type=int, default=1, help="NEWSEVENTS_EXTRACT_PROCESSES (default 1)")
    ap.add_argument("--events", action="store_true", help="extract events too (English)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1], help="code to measure")
    args = ap.parse_args()
    if not present(args.corpus):
        print(f"needs the BBC corpus at {args.corpus}; not present here")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "src").mkdir()
        size = build_dump(root / "src" / "dump.jsonl", args.records, args.corpus)
        started = time.perf_counter()
        res = subprocess.run(
            [sys.executable, "-c", RUN, str(root / "src"), str(root / "lake"), str(root / "wh.duckdb")]
            + [str(args.batch_size), str(args.processes), "en" if args.events else "xx"],
            cwd=args.repo,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KB -> MB (largest one process)
        print(
            f"dump {args.records:,} records, {size / 1e6:.0f} MB; batch size {args.batch_size}, "
            f"{args.processes} process(es): peak RSS {peak:,.0f} MB, {seconds:.0f} s; {res.stderr.strip()[-200:]}"
        )
    return res.returncode


if __name__ == "__main__":
    raise SystemExit(main())
