"""Casualty and troop counts from digits and words: "Ninety-four", "seven policemen and a civilian", "about 2,000",
"2.000". Vague quantities follow ACLED's conservative convention (several/many -> 10, dozens -> 12,
hundreds -> 100, thousands -> 1000); when a clause gives several figures for one count, the lowest is kept."""

from __future__ import annotations

import re

_UNITS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
    if w != "_"
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE = {
    "several": 10,
    "many": 10,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
    "a dozen": 12,
    "a": 1,
    "an": 1,
    "one": 1,
}

_WORD_NUMBER = (
    r"(?:(?:"
    + "|".join(sorted(list(_UNITS) + list(_TENS), key=len, reverse=True))
    + r")(?:[- ](?:"
    + "|".join(_UNITS)
    + r"))?(?:\s+(?:hundred|thousand|million))?)"
)
_DIGITS = r"(?:\d{1,3}(?:[,.]\d{3})+|\d+)"
_QUANT = (
    r"(?:(?:about|around|nearly|almost|over|more than|at least|some|up to|roughly|approximately)\s+)?"
    rf"(?P<num>{_DIGITS}|{_WORD_NUMBER}|several|many|dozens|scores|hundreds|thousands|a dozen|an?|one)"
)
_PEOPLE = (
    r"(?:people|persons|civilians|soldiers|servicemen|troops|policemen|police officers|officers|militants|fighters|"
    r"children|women|men|residents|citizens|workers|peacekeepers|military personnel|personnel|members|"
    r"Azerbaijanis|Armenians|Russians|Ukrainians|Palestinians|Israelis|others|civilian|soldier|serviceman|"
    r"policeman|person|child|woman|man|worker|peacekeeper)"
)
_NP = rf"{_QUANT}\s+(?:(?:of\s+)?(?:[A-Z][a-z]+|[a-z]+-?[a-z]*)\s+){{0,2}}?{_PEOPLE}\b"
_NP_RE = re.compile(_NP, re.I)
_CONJ_NP = re.compile(rf"{_NP}(?:\s*,?\s*(?:and|,)\s+{_NP.replace('(?P<num>', '(?:')})*", re.I)

_PASSIVE_GAP = re.compile(
    r"\s*(?:[\w\s,'’-]{0,60}?\b(?:were|was|have been|has been|had been|are|is|being|got)\s*)?", re.I
)
_NUMBERING = re.compile(rf"{_PEOPLE}\s+numbering\s+{_QUANT}", re.I)
_KILLED = re.compile(
    r"\b(?:killed|died|dead|lost their lives|were martyred|death toll|deaths|fatalities|perished)\b", re.I
)
_INJURED = re.compile(r"\b(?:injured|wounded|hurt|injuries)\b", re.I)
_TROOPS = re.compile(
    r"\b(?:deployed|stationed|introduced|sent|numbering|mobili[sz]ed|arrived|troops|peacekeepers|contingent)\b", re.I
)
_ARMED = re.compile(
    r"\b(?:troops|soldiers|servicemen|peacekeepers|military personnel|personnel|fighters|members)\b", re.I
)


def parse_number(text: str) -> int | None:
    t = text.strip().lower()
    if t in _VAGUE:
        return _VAGUE[t]
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", t):
        return int(re.sub(r"[,.]", "", t))
    if t.isdigit():
        return int(t)
    total, current = 0, 0
    for word in re.split(r"[\s-]+", t):
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        elif word == "and":
            continue
        else:
            return None
    return total + current if (total + current) > 0 else None


def _np_total(span: str) -> int | None:
    """'seven Azerbaijani policemen and a civilian' -> 8."""
    values = [v for m in _NP_RE.finditer(span) if (v := parse_number(m.group("num"))) is not None]
    return sum(values) if values else None


def _count_near(clause: str, verb: re.Pattern, people_filter: re.Pattern | None = None) -> int | None:
    """The number of people tied to a verb: a noun phrase just before it ('94 civilians were killed') or just
    after it ('killed 12 soldiers'). Several figures: the lowest."""
    found = []
    for v in verb.finditer(clause):
        after = clause[v.end() : v.end() + 60]
        m = re.match(rf"\s+(?:at least\s+|some\s+|about\s+)?{_NP}", after, re.I)
        if m and (people_filter is None or people_filter.search(m.group(0))):
            found.append(parse_number(m.group("num")))  # active voice: 'killed 12 soldiers'
            continue
        before = clause[max(0, v.start() - 120) : v.start()]
        candidates = list(_CONJ_NP.finditer(before))
        if candidates:
            last = candidates[-1]
            # passive voice or a bare participle: '94 civilians were killed', 'hundreds of others injured'
            if _PASSIVE_GAP.fullmatch(before[last.end() :]):
                if people_filter is None or people_filter.search(last.group(0)):
                    found.append(_np_total(last.group(0)))
    counts = [f for f in found if f]
    return min(counts) if counts else None


def extract_counts(clause: str) -> tuple[int | None, int | None, int | None]:
    """(killed, injured, troops) stated in a clause, or None for each count not stated."""
    killed = _count_near(clause, _KILLED)
    injured = _count_near(clause, _INJURED)
    troops = None
    if _TROOPS.search(clause):
        for m in _NP_RE.finditer(clause):
            if _ARMED.search(m.group(0)) and not re.match(r"an?$|one$", m.group("num"), re.I):
                value = parse_number(m.group("num"))
                if value and value >= 10:
                    troops = value if troops is None else min(troops, value)
        for m in _NUMBERING.finditer(clause):  # 'peacekeepers numbering about 2.000'
            value = parse_number(m.group("num"))
            if value and value >= 10:
                troops = value if troops is None else min(troops, value)
    return killed, injured, troops
