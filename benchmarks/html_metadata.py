"""Article metadata from real HTML: title, publication day, authors and body on the Fundus parser test pages.

    python benchmarks/html_metadata.py [--corpus ../shared/corpora/fundus-parser-test] [--errors N]

Every page goes the project's own way (a JSON record with `html` and `url`, as a scraper dump gives it):
newsevents' HTML reader, then the parse stage's publisher and date resolution. Comparison rules are the
corpus README's: title and authors exact after NFKC, unified quotes and dashes, dots removed and case folded
(authors as a set); date = the same calendar day as the gold `published` (the local day the page states;
the UTC day of the instant also counts, as the gold is converted to UTC for some pages); body = 4-token shingle
P/R/F1 as in the Zyte benchmark. Figures are printed for all pages and for two halves split by publisher (a
hash of its name), so a gain that holds on one half only is visible.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
import unicodedata
import zlib
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "fundus-parser-test"
REFERENCE = {  # the corpus README's figures on all 258 pages
    "trafilatura 2.3.1": (0.682, 0.965, 0.744, 0.946),
    "newspaper4k 0.9.6": (0.736, 0.976, 0.614, 0.887),
}
TARGET = (0.90, 0.97, 0.85, 0.95)
FIELDS = ("title", "date", "authors", "body_f1", "+credit")

_QUOTES = str.maketrans({c: "'" for c in '‘’‚‛′`´«»‹›"“”„‟'} | {c: "-" for c in "‐‑‒–—―−"})


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES).replace(".", "")
    return re.sub(r"\s+", " ", text).strip().casefold()


def gold_day(value: str) -> tuple[date, date]:
    """The day as written and the UTC day of the instant."""
    dt = datetime.fromisoformat(value)
    utc = dt.astimezone(UTC).date() if dt.tzinfo else dt.date()
    return dt.date(), utc


def half(publisher: str) -> str:
    return "A" if zlib.crc32(publisher.encode()) % 2 == 0 else "B"


def extract(pages: list[dict], corpus: Path) -> list[dict]:
    """The project's article row for each page (None when it rejects the page)."""
    from newsevents.parse.articles import parse_records
    from newsevents.read.decode import read_text_file
    from newsevents.read.files import _html_record
    from newsevents.settings import Settings

    settings = Settings()
    now = datetime.now(UTC)
    out = []
    for page in pages:
        raw = (corpus / page["file"]).read_bytes()
        html = read_text_file(raw, page["file"]).text
        records = _html_record(page["file"], page["file"], html, {"url": page["url"]}, [])
        rows, _ = parse_records(records, settings, "bench", now) if records else (None, [])
        out.append(rows.row(0, named=True) if rows is not None and rows.height else None)
    return out


def _title_error(pred: str, gold: str) -> str:
    if not pred:
        return "missing"
    if gold in pred:
        return "extra text (site name, kicker)"
    if pred in gold:
        return "truncated / part only"
    return "other headline (teaser, section, wrong element)"


def _date_error(row: dict | None, gold: tuple[date, date]) -> str:
    if row is None or row.get("published_date") is None:
        return "missing"
    days = abs((row["published_date"] - gold[0]).days)
    if days <= 1:
        return "one day off (time zone / midnight)"
    if days >= 300:
        return "a year or more off"
    return f"days off ({'later' if row['published_date'] > gold[0] else 'earlier'}: modified / crawl / related date?)"


def _author_error(pred: set[str], gold: set[str]) -> str:
    if not pred:
        return "missing (gold has authors)"
    if not gold:
        return "spurious (gold has none)"
    if pred > gold:
        return "extra names (organisation, label, duplicate spelling)"
    if pred < gold:
        return "some missing"
    if len(pred) != len(gold) and any(p in g or g in p for p in pred for g in gold):
        return "split or joined wrongly"
    return "different names"


def score(pages: list[dict], rows: list[dict | None]) -> list[dict]:
    from benchmarks.zyte_extraction import shingle_matching

    scored = []
    for page, row in zip(pages, rows):
        row = row or {}
        title, gold_title = norm(row.get("title")), norm(page["title"])
        pred_authors = {norm(a) for a in row.get("authors") or [] if norm(a)}
        gold_authors = {norm(a) for a in page["authors"] or [] if norm(a)}
        day = gold_day(page["published"])
        utc_day = row["published_at"].astimezone(UTC).date() if row.get("published_at") else None
        date_ok = row.get("published_date") == day[0] or (utc_day is not None and utc_day == day[1])
        scored.append(
            {
                "page": page,
                "row": row,
                "half": half(page["publisher"]),
                "title": title == gold_title,
                "date": date_ok,
                "authors": pred_authors == gold_authors,
                # The project keeps organisations out of authors (they go to credit); Fundus' gold often lists them.
                "byline": pred_authors | {norm(c) for c in (row.get("credit") or "").split(";") if norm(c)}
                == gold_authors,
                "body": shingle_matching(page["body"], row.get("body") or ""),
                "errors": {
                    "title": None if title == gold_title else _title_error(title, gold_title),
                    "date": None if date_ok else _date_error(row, day),
                    "authors": None if pred_authors == gold_authors else _author_error(pred_authors, gold_authors),
                },
            }
        )
    return scored


def figures(scored: list[dict]) -> tuple[float, float, float, float]:
    from benchmarks.zyte_extraction import metrics

    n = len(scored)
    return (
        sum(s["title"] for s in scored) / n,
        sum(s["date"] for s in scored) / n,
        sum(s["authors"] for s in scored) / n,
        metrics([s["body"] for s in scored])["f1"],
        sum(s["byline"] for s in scored) / n,
    )


def _line(name: str, values: tuple[float, ...]) -> str:
    return f"{name:<34}" + "".join(f"{v:>9.3f}" for v in values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder with gold.jsonl")
    parser.add_argument("--errors", type=int, default=3, help="examples printed per error kind")
    parser.add_argument("--json", type=Path, help="write per-page results here")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    if not (corpus / "gold.jsonl").is_file():
        print(f"Fundus corpus not found at {corpus} (need gold.jsonl). Pass --corpus PATH.", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.ERROR)
    for name in ("trafilatura", "htmldate", "newsevents"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    pages = [json.loads(line) for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    start = time.perf_counter()
    rows = extract(pages, corpus)
    seconds = time.perf_counter() - start
    scored = score(pages, rows)

    print(
        f"pages {len(pages)} from {len({p['publisher'] for p in pages})} publishers; "
        f"{sum(r is None for r in rows)} rejected; {len(pages) / seconds:.1f} pages/s"
    )
    print(f"{'':<34}" + "".join(f"{f:>9}" for f in FIELDS))
    print("(+credit: authors compared with the credit's organisations added, as Fundus' gold lists them)")
    print(_line("newsevents (all pages)", figures(scored)))
    for h in ("A", "B"):
        part = [s for s in scored if s["half"] == h]
        print(_line(f"  half {h} ({len(part)} pages)", figures(part)))
    from newsevents.read.metadata import name_kind

    people_only = [s for s in scored if all(name_kind(a, []) == "person" for a in s["page"]["authors"] or [])]
    print(
        f"  authors on the {len(people_only)} pages whose gold names only people (by the project's own "
        f"person/organisation rule): {sum(s['authors'] for s in people_only) / len(people_only):.3f}"
    )
    for name, values in REFERENCE.items():
        print(_line(name, values))
    print(_line("target", TARGET))

    for fld in ("title", "date", "authors"):
        kinds = Counter(s["errors"][fld] for s in scored if s["errors"][fld])
        print(f"\n{fld}: {sum(kinds.values())} wrong")
        for kind, count in kinds.most_common():
            print(f"  {count:>3}  {kind}")
            for s in [s for s in scored if s["errors"][fld] == kind][: args.errors]:
                gold = {"title": s["page"]["title"], "date": s["page"]["published"], "authors": s["page"]["authors"]}[
                    fld
                ]
                pred = {
                    "title": s["row"].get("title"),
                    "date": f"{s['row'].get('published_date')} ({s['row'].get('published_at_source')})",
                    "authors": s["row"].get("authors"),
                }[fld]
                print(f"       {s['page']['file']}: got {pred!r:.110}  gold {gold!r:.80}")
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "file": s["page"]["file"],
                        "half": s["half"],
                        **{f"{k}_error": v for k, v in s["errors"].items()},
                        "title": s["row"].get("title"),
                        "gold_title": s["page"]["title"],
                        "authors": s["row"].get("authors"),
                        "gold_authors": s["page"]["authors"],
                        "credit": s["row"].get("credit"),
                        "byline_ok": s["byline"],
                        "date": str(s["row"].get("published_date")),
                        "gold_date": s["page"]["published"],
                    }
                    for s in scored
                ],
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
