"""Time and memory of one huge input through read -> parse -> fingerprint -> extract (issue 13, item 13).

A one-line HTML page and a JSON record with one long text field, each at the sizes given; prints seconds, peak
RSS growth and the outcome (loaded, or the reject that stopped it before parsing). Not a test: numbers only.

    .venv/bin/python benchmarks/large_inputs.py --html-mb 3,30 --json-chars 300000,1900000
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsevents.process import BatchJob, _process_chunk  # noqa: E402
from newsevents.read.files import InputFile  # noqa: E402
from newsevents.settings import Settings  # noqa: E402

SENTENCE = "Officials in Baku said on Monday that talks with Yerevan would resume next week in Brussels. "


def html_page(mb: float) -> bytes:
    words = SENTENCE * int(mb * 1_000_000 / len(SENTENCE))
    return f"<html><head><title>Big page</title></head><body><article><p>{words}</p></article></body></html>".encode()


def json_record(chars: int) -> bytes:
    return json.dumps({"title": "Long record", "text": (SENTENCE * (chars // len(SENTENCE) + 1))[:chars]}).encode()


def measure(name: str, data: bytes, settings: Settings) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        out = _process_chunk(BatchJob([InputFile(str(path), path)], {}, settings, "rbench", datetime.now(UTC)))
        seconds = time.perf_counter() - started
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        rejects = [r.check_name for r in out.rejects]
        outcome = f"loaded, {out.events.height} events" if out.articles.height else f"rejected {rejects}"
        print(
            f"{name:<28} {len(data) / 1e6:8.1f} MB {seconds:9.2f} s  peak RSS +{grown:7.0f} MB  {outcome}", flush=True
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html-mb", default="3,30", help="sizes of the one-line HTML page, in MB")
    ap.add_argument("--json-chars", default="300000,1900000", help="lengths of the JSON record's text")
    args = ap.parse_args()
    settings = Settings(max_reject_share=1.0)
    with tempfile.TemporaryDirectory() as tmp:  # warm up (gazetteer, trafilatura, lingua) outside the timings
        warm = Path(tmp) / "warm.html"
        warm.write_bytes(html_page(0.01))
        _process_chunk(BatchJob([InputFile(str(warm), warm)], {}, settings, "rwarm", datetime.now(UTC)))
    for mb in filter(None, args.html_mb.split(",")):
        measure(f"one-line-{mb}MB.html", html_page(float(mb)), settings)
    for chars in filter(None, args.json_chars.split(",")):
        measure(f"record-{int(chars):,}-chars.json", json_record(int(chars)), settings)


if __name__ == "__main__":
    main()
