"""Actor resolution and false places, measured (prints numbers; not a test).

1. Gold actor spans of ../shared/events/events_dev_gold.jsonl (actor1_text/actor2_text with their ISO3
   country, null for IGOs/NGOs and unplaced groups): share resolved to the right country
   - `lookup`: newsevents.extract.actors.lookup(span, on=2020-06-15), the API the event extractor calls;
   - `gazetteer`: the gazetteer's mentions in the span (person/org first, then country/demonym/capital), which is
     how actors were resolved before the actor dictionary (run with PYTHONPATH=/path/to/old/checkout for the
     old code: `--gazetteer-only`).
2. False places on ../shared/corpora/bbc-news: gazetteer place mentions (city, capital, region) in a fixed
   sample of 300 articles, and how many of them are evidently a person's name: right after a title
   (Mr, Mrs, Dr, Lord, President, ...) or a capitalised first name, right before a capitalised word, or the
   surname of a person named in the same article.

    .venv/bin/python benchmarks/actors.py [--gazetteer-only] [--examples 10]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "events" / "events_dev_gold.jsonl"
BBC = SHARED / "corpora" / "bbc-news"
ON = date(2020, 6, 15)  # the scorer's publication date
PLACE_KINDS = {"city", "capital", "region"}
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Dr|Lord|Lady|Sir|Dame|President|Minister|Secretary|Chancellor|"
    r"Senator|Governor|General|Prof|Professor|Judge|Mayor|Sheikh|King|Queen|Prince)\.?\s+)$"
)
_CAP_BEFORE = re.compile(r"(?<![.!?:\"\n]\s)(?<!^)\b[A-Z][a-z]+\s+$")
_CAP_AFTER = re.compile(r"^\s[A-Z][a-z]+\b")


def gold_spans() -> list[tuple[str, str | None, str]]:
    out = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        for e in d["events"]:
            for k in ("actor1", "actor2"):
                if e.get(k + "_text"):
                    out.append((e[k + "_text"], e.get(k + "_country"), d["sentence"]))
    return out


def by_gazetteer(gaz, span: str) -> str | None:
    ms = gaz.find(span)
    if not ms:
        return None
    order = {"person": 0, "org": 0, "country": 1, "demonym": 1, "capital": 2}
    ms = sorted(ms, key=lambda m: (order.get(m.entry.kind, 3), -(m.end - m.start)))
    return ms[0].entry.country_iso3


def score(pred: list[str | None], gold: list[str | None]) -> str:
    right = sum(p == g for p, g in zip(pred, gold))
    with_c = [(p, g) for p, g in zip(pred, gold) if g]
    null_c = [(p, g) for p, g in zip(pred, gold) if not g]
    return (
        f"{right / len(gold):.3f} ({right}/{len(gold)}); spans with a gold country "
        f"{sum(p == g for p, g in with_c) / max(1, len(with_c)):.3f} ({len(with_c)}), "
        f"with none {sum(p is None for p, _ in null_c) / max(1, len(null_c)):.3f} ({len(null_c)})"
    )


def bbc_sample(n: int = 300) -> list[Path]:
    files = sorted(BBC.glob("*/*.txt"))
    random.Random(14).shuffle(files)
    return files[:n]


def false_places(gaz, files: list[Path], examples: int) -> None:
    total = suspect = 0
    shown: list[str] = []
    t = time.perf_counter()
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        ms = gaz.find(text)
        surnames = {m.entry.name.split()[-1] for m in ms if m.entry.entity_type == "PERSON" and " " in m.entry.name}
        surnames |= {m.surface.split()[-1] for m in ms if m.entry.entity_type == "PERSON" and " " in m.surface}
        for m in ms:
            if m.entry.kind not in PLACE_KINDS:
                continue
            total += 1
            before, after = text[max(0, m.start - 30) : m.start], text[m.end : m.end + 20]
            if (
                _TITLE_BEFORE.search(before)
                or _CAP_BEFORE.search(before)
                or _CAP_AFTER.match(after)
                or m.surface in surnames
            ):
                suspect += 1
                if len(shown) < examples:
                    shown.append(
                        f"    {path.parent.name}/{path.name}: ...{before[-25:]}[{m.surface}]{after[:15]}... "
                        f"-> {m.entry.name} ({m.entry.country_iso3})"
                    )
    dt = time.perf_counter() - t
    print(
        f"bbc-news, {len(files)} articles: {total} place mentions, {suspect} look like names of people "
        f"({suspect / max(1, total):.1%}); find() {dt / len(files) * 1000:.1f} ms/article"
    )
    print("\n".join(shown))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gazetteer-only", action="store_true", help="only what the gazetteer can do (old code)")
    ap.add_argument("--examples", type=int, default=10)
    args = ap.parse_args()
    if not GOLD.is_file():
        print(f"skipped: {GOLD} is absent")
        return 0
    from newsevents.extract.gazetteer import Gazetteer
    from newsevents.settings import Settings

    s = Settings()
    t = time.perf_counter()
    gaz = Gazetteer.build(None, s.city_min_population, s.focus_countries)
    print(f"gazetteer build {time.perf_counter() - t:.2f} s")
    spans = gold_spans()
    gold = [g for _, g, _ in spans]
    pred = [by_gazetteer(gaz, text) for text, _, _ in spans]
    print(f"gold actor spans resolved to the right country, gazetteer: {score(pred, gold)}")
    if not args.gazetteer_only:
        from newsevents.extract.actors import ActorDictionary, lookup

        t = time.perf_counter()
        ActorDictionary.load(None)
        print(f"actor dictionary load {time.perf_counter() - t:.2f} s")
        t = time.perf_counter()
        matches = [lookup(text, ON) for text, _, _ in spans]
        dt = time.perf_counter() - t
        pred = [m.country_iso3 if m else None for m in matches]
        print(
            f"gold actor spans resolved to the right country, lookup:    {score(pred, gold)}  "
            f"({dt / len(spans) * 1e6:.0f} us/span uncached)"
        )
        ctx = []
        for text, _, sentence in spans:
            i = sentence.find(text)
            outside = [
                m
                for m in gaz.find(sentence)
                if m.entry.country_iso3 and (i < 0 or m.end <= i or m.start >= i + len(text))
            ]
            counts: dict[str, int] = {}
            for m in outside:
                counts[m.entry.country_iso3] = counts.get(m.entry.country_iso3, 0) + 1
            ctx.append(max(counts, key=lambda c: counts[c]) if counts else None)
        matches_ctx = [lookup(text, ON, country=c) for (text, _, _), c in zip(spans, ctx)]
        pred = [m.country_iso3 if m else None for m in matches_ctx]
        print(f"  ... with the sentence's country as the fallback of agent nouns: {score(pred, gold)}")
        wrong = [(text, g, m) for (text, g, _), m in zip(spans, matches_ctx) if (m.country_iso3 if m else None) != g]
        for text, g, m in wrong[: args.examples]:
            print(
                f"    {text!r}: gold {g}, got {m.country_iso3 if m else None} "
                f"({m.name + ' / ' + m.method if m else 'unresolved'})"
            )
    if BBC.is_dir():
        false_places(gaz, bbc_sample(), args.examples)
    import resource

    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT)) if "newsevents" not in sys.modules and not any(
        (Path(p) / "newsevents").is_dir() for p in sys.path if p
    ) else None
    raise SystemExit(main())
