"""Pick the articles of the project's own whole-article gold sets, apart from the shared stream gold.

Two disjoint sets, drawn before any of them was read and before the system was run on them:
- fit:   BBC 6 per category (seed 20261206) + 30 English Fundus pages: for development and fitting.
- blind: BBC 5 per category (seed 20261207) + 30 other English Fundus pages: for reporting only.
BBC files of the shared stream gold (and exact copies of them) are never drawn. Fundus pages count as English
when lingua, choosing among English, German, French, Spanish, Italian, Portuguese and Dutch, reads the gold body
as English and at least 12 % of its words are English function words.
Usage: python benchmarks/gold/pick_articles.py [--shared ../shared]  (prints set, corpus, file, title)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from pathlib import Path

CATEGORIES = ["business", "entertainment", "politics", "sport", "tech"]


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def bbc_picks(shared: Path) -> dict[str, list[str]]:
    corpus = shared / "corpora" / "bbc-news"
    stream = [json.loads(line)["file"] for line in (shared / "events" / "stream_gold.jsonl").open() if line.strip()]
    taken = {hashlib.sha256((corpus / f).read_bytes()).hexdigest() for f in stream}
    out: dict[str, list[str]] = {"fit": [], "blind": []}
    for cat in CATEGORIES:
        files = sorted(p.name for p in (corpus / cat).glob("*.txt"))
        files = [f for f in files if hashlib.sha256((corpus / cat / f).read_bytes()).hexdigest() not in taken]
        fit = random.Random(20261206).sample(files, 6)
        taken |= {hashlib.sha256((corpus / cat / f).read_bytes()).hexdigest() for f in fit}
        rest = [f for f in files if hashlib.sha256((corpus / cat / f).read_bytes()).hexdigest() not in taken]
        blind = random.Random(20261207).sample(rest, 5)
        out["fit"] += [f"{cat}/{f}" for f in fit]
        out["blind"] += [f"{cat}/{f}" for f in blind]
    return out


_FUNCTION_WORDS = {"the", "and", "of", "to", "in", "is", "that", "for", "a", "on", "with", "was", "it"}


def _function_word_share(text: str) -> float:
    """Share of English function words: lingua, limited to a few languages, calls Zulu or Indonesian English."""
    words = re.findall(r"[a-z]+", text.lower())
    return sum(w in _FUNCTION_WORDS for w in words) / max(len(words), 1)


def fundus_picks(shared: Path) -> dict[str, list[str]]:
    from lingua import Language, LanguageDetectorBuilder

    langs = [
        Language.ENGLISH,
        Language.GERMAN,
        Language.FRENCH,
        Language.SPANISH,
        Language.ITALIAN,
        Language.PORTUGUESE,
        Language.DUTCH,
    ]
    detector = LanguageDetectorBuilder.from_languages(*langs).build()
    rows = [json.loads(line) for line in (shared / "corpora" / "fundus-parser-test" / "gold.jsonl").open()]
    english = sorted(
        r["file"]
        for r in rows
        if r.get("body")
        and _function_word_share(r["body"]) >= 0.12
        and detector.detect_language_of(r["body"][:3000]) == Language.ENGLISH
    )
    random.Random(20261206).shuffle(english)
    return {"fit": sorted(english[:30]), "blind": sorted(english[30:60])}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[3] / "shared")
    args = ap.parse_args()
    bbc, fundus = bbc_picks(args.shared), fundus_picks(args.shared)
    for name in ("fit", "blind"):
        for f in bbc[name]:
            title = _read(args.shared / "corpora" / "bbc-news" / f).splitlines()[0].strip()
            print(f"{name}\tbbc-news\t{f}\t{title}")
        rows = {
            json.loads(x)["file"]: json.loads(x)
            for x in (args.shared / "corpora" / "fundus-parser-test" / "gold.jsonl").open()
        }
        for f in fundus[name]:
            print(f"{name}\tfundus-parser-test\t{f}\t{rows[f]['title']}")


if __name__ == "__main__":
    main()
