"""Language identification with lingua, restricted to a configured set of languages (fast and accurate on
short texts: 23/23 right at ~0.16 ms each in STACK_NOTES; langdetect has no Azerbaijani or Armenian)."""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

# Below this many letters a guess is noise: leave language null and let a DQ warning say so.
MIN_LETTERS = 20
# lingua's cost grows with text length (8.7 ms at 2,000 characters, 1.2 ms at 300 here) and an article's
# first few hundred characters decide its language as well as the whole.
SAMPLE_CHARS = 400


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]):
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    return LanguageDetectorBuilder.from_languages(*languages).with_minimum_relative_distance(0.0).build()


def detect_languages(texts: list[str], codes: tuple[str, ...]) -> list[str | None]:
    """Batch form: lingua's parallel detector over many texts at once."""
    samples = [t[:SAMPLE_CHARS] for t in texts]
    results = _detector(codes).detect_languages_in_parallel_of(samples)
    return [
        r.iso_code_639_1.name.lower() if r and _letters(s) >= MIN_LETTERS else None for r, s in zip(results, samples)
    ]


def _letters(text: str) -> int:
    return len(_LETTER.findall(text))


_LETTER = re.compile(r"[^\W\d_]")
