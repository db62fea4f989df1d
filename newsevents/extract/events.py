"""Events from article bodies, sentence by sentence: trigger (data/triggers.csv) -> type in the taxonomy,
actors and place from gazetteer mentions, date resolved against publication, casualty and troop counts.

Rules kept on purpose:
- Triggers inside quotation marks, negated ("have not agreed") or hypothetical ("would", "expects ... to") are
  not coded; neither is a trigger that is only the topic of talks ("discussed the process of withdrawal").
- The publication date is never used silently: an event without a date of its own takes the previous
  sentence's date in the same paragraph (date_source 'context', lower confidence) or stays undated.
- Old events mentioned as background ("the agreement signed on November 10, 2020") are coded with their own
  date and mention_kind 'background'.
- Several sentences about the same happening in one article become one row (n_mentions counts them)."""

from __future__ import annotations

import csv
import hashlib
import re
import re._constants as _re_constants
import re._parser as _re_parser
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Callable

from newsevents.parse.dates import DateMention, ResolvedDate, find_dates, resolve
from newsevents.extract.gazetteer import Gazetteer, Mention, fold
from newsevents.extract.numbers import extract_counts
from newsevents.resources import data_files
from newsevents.extract.taxonomy import EventType, load_taxonomy


@dataclass(frozen=True)
class Trigger:
    event_type: str
    priority: int
    pattern: re.Pattern
    # Literal strings one of which every match starts with (None: unknown). Checking them with `in` (C speed)
    # skips the regex scan on bodies that cannot match: most of the triggers on most articles.
    prefixes: tuple[str, ...] | None = None

    def finditer(self, text: str) -> list[re.Match]:
        """pattern.finditer(text), but tried only where one of the prefixes occurs (found by str.find, in C):
        every match starts with a prefix, so the matches are the same, found ~10x faster on news text."""
        if self.prefixes is None:
            return list(self.pattern.finditer(text))
        starts = set()
        for p in self.prefixes:
            i = text.find(p)
            while i >= 0:
                starts.add(i)
                i = text.find(p, i + 1)
        matches, end = [], 0
        for i in sorted(starts):
            if i >= end and (m := self.pattern.match(text, i)):
                matches.append(m)
                end = m.end()
        return matches


@lru_cache(maxsize=2)
def load_triggers(extra_dir: str | None = None) -> tuple[Trigger, ...]:
    triggers = []
    for path in data_files("triggers.csv", extra_dir):
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(line for line in fh if not line.startswith("#")):
                pattern = _lower_pattern(row["pattern"])
                triggers.append(Trigger(row["event_type"].strip(), int(row["priority"]),
                                        re.compile(rf"\b(?:{pattern})\b"), literal_prefixes(pattern)))
    return tuple(triggers)


def literal_prefixes(pattern: str) -> tuple[str, ...] | None:
    """The literal text every match of pattern starts with, one string per alternative: 'said|says|stated'
    -> ('said', 'says', 'stated'), '(?:denied|denies) (?:\\w+ )...' -> ('denied ', 'denies '). None when some
    alternative starts with a character class or anything else that is not a literal."""
    found = _sequence_prefixes(list(_re_parser.parse(pattern)))
    return tuple(sorted(set(found))) if found and all(found) else None


def _sequence_prefixes(items: list) -> list[str] | None:
    prefixes = [""]
    for op, arg in items:
        if op is _re_constants.LITERAL:
            prefixes = [p + chr(arg) for p in prefixes]
            continue
        if op in (_re_constants.AT, _re_constants.ASSERT, _re_constants.ASSERT_NOT):
            continue  # \b, lookbehind, lookahead: zero width, the match still starts with what follows
        if op is _re_constants.SUBPATTERN:
            inner = _sequence_prefixes(list(arg[-1]))
        elif op is _re_constants.BRANCH:
            alternatives = [_sequence_prefixes(list(b)) for b in arg[1]]
            inner = None if any(a is None for a in alternatives) else [x for a in alternatives for x in a]
        else:  # class, repeat, \b, ...: the literal run ends here
            break
        if not inner or not all(inner):
            break
        return [p + q for p in prefixes for q in inner]  # stop after a group: its alternatives may differ in length
    return prefixes


def _lower_pattern(pattern: str) -> str:
    """Lower-case the literals of a pattern, leaving escapes (\\W, \\S, ...) alone. Triggers are matched on the
    folded (lower-case, same-length) body without re.IGNORECASE: 1.7x faster on the BBC corpus."""
    return re.sub(r"\\.|[A-Z]", lambda m: m.group(0) if m.group(0).startswith("\\") else m.group(0).lower(), pattern)


# --- sentences --------------------------------------------------------------------------------------------

_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Sgt|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
                     r"U\.S|U\.N|U\.K|e\.g|i\.e|vs|etc|approx)\.|\b[A-Z]\.)$")
_SENT_BREAK = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\S)")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def split_sentences(body: str) -> list[Sentence]:
    """Sentences with their offsets in body (so evidence is always an exact substring)."""
    sentences: list[Sentence] = []
    paragraph, pos = 0, 0
    for m in _SENT_BREAK.finditer(body):
        gap = m.group(0)
        if "\n" not in gap and _ABBREV.search(body[max(0, m.start() - 6):m.start()]):
            continue  # 'Mr. Smith', 'Gen. Jones', 'U.S. troops'
        closing = len(gap) - len(gap.lstrip('"”’)'))  # a closing quote belongs to the sentence it ends
        _append(sentences, body, pos, m.start() + closing, paragraph)
        pos = m.end()
        if "\n" in gap:
            paragraph += 1
    _append(sentences, body, pos, len(body), paragraph)
    return sentences


def _append(out: list[Sentence], body: str, start: int, end: int, paragraph: int) -> None:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, body[start:end], paragraph))


# --- cues -------------------------------------------------------------------------------------------------

_QUOTED = re.compile(r"\"[^\"\n]{3,}\"|“[^”\n]{3,}”|«[^»\n]{3,}»")  # within a paragraph
_NEGATION = re.compile(r"\b(?:not|n't|never|no longer|without|failed to|has yet to|have yet to|nor)\b[^,.;]{0,40}$", re.I)
_HYPOTHETICAL = re.compile(r"\b(?:would|could|might|may|should(?! be (?:noted|recalled|mentioned|stressed|emphasi[sz]ed|reminded))|if|unless|plans? to|planned to|expects?|expected|aims? to|"
                           r"seeks? to|intends? to|ready to|to be able to|supposed to|obliged|oblige[sd]?|obligation|"
                           r"in order to|hopes? to|wants? to|possibility of|prevent|ensure)\b[^,.;]{0,50}$", re.I)
_FUTURE = re.compile(r"\b(?:will|shall|is to|are to|is due to|are due to|is scheduled to|are scheduled to)\b(?:\s+\w+){0,2}\s*$", re.I)
_TOPIC = re.compile(r"\b(?:on|about|regarding|concerning|related to|process of|issues? of|implementation of|fulfil+ment of|"
                    r"the need (?:in|for)|end to|put an end to|mandate|discuss(?:ed|ing)?|consider(?:ed|ing)?)\s+(?:the\s+|a\s+|all\s+)?(?:\w+\s+){0,1}$", re.I)
_CLAUSE_BREAK = re.compile(r"[;:]\s|\b(?:after|before|while|whereas|because|as a result of|despite)\s", re.I)
_GOVERNING = {"demand", "appeal", "express_intent", "threaten", "reject"}

_GROUP_WORDS = {
    "military": r"troops|forces|army|armed forces|armed groups|armed formations|formations|military|soldiers|servicemen|military personnel|military officials|units",
    "peacekeepers": r"peacekeepers|peacekeeping contingent|peacekeeping troops|peacekeeping forces|peacekeeping mission|contingent",
    "separatists": r"separatists|separatist leadership|separatist regime|terrorists",
    "civilians": r"civilians|people|population|residents|citizens|Azerbaijanis|Armenians",
    "police": r"policemen|police officers|police",
    "government": r"leaders|leadership|government|authorities|side|officials|president|presidents|heads of state|foreign ministers?|ministers?|diplomats",
}
_GROUP_RE = "|".join(f"(?P<{k}>{v})" for k, v in _GROUP_WORDS.items())
_LOCATIVE = re.compile(r"\b(?:in|at|near|from|to|into|around|outside|across|towards|inside|of the|on the territory of)\s+(?:the\s+)?$", re.I)
_VICTIM_TYPES = {"attack", "explosion_mine", "mass_violence", "military_operation"}


@dataclass
class Actor:
    name: str
    country_iso3: str | None
    start: int
    end: int
    known: bool
    group: str | None = None
    kind: str = "gpe"  # person | org | gpe (countries, capitals as governments)


@dataclass
class Event:
    event_id: str
    event_type: EventType
    actor1: Actor | None
    actor2: Actor | None
    countries: list[str]
    resolved: ResolvedDate | None
    date_text: str | None
    date_source: str  # sentence | context | none
    location: Mention | None
    killed: int | None
    injured: int | None
    troops: int | None
    sentence: Sentence
    trigger_text: str
    mention_kind: str  # current | background | future
    confidence: float
    n_mentions: int = 1


def _masked(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _actors(sentence: Sentence, mentions: list[Mention], demonym_regex: Callable[[], re.Pattern | None]) -> list[Actor]:
    """Actor candidates in a sentence: people, organisations, countries, capitals used as governments
    ('Baku and Moscow have not yet agreed'), and demonym + group noun ('Armenian troops')."""
    actors: list[Actor] = []
    text = sentence.text
    taken: list[tuple[int, int]] = []
    demonyms = demonym_regex() if any(m.entry.kind == "demonym" for m in mentions) else None
    if demonyms is not None:
        for m in demonyms.finditer(text):
            group = next(k for k in _GROUP_WORDS if m.group(k))
            for dm in re.finditer(r"[A-Z][\w.]+", m.group("dems")):
                ms = next((x for x in mentions if x.start == sentence.start + m.start("dems") + dm.start()), None)
                if ms is None or ms.entry.kind != "demonym":
                    continue
                actors.append(Actor(f"{ms.entry.name} ({group})", ms.entry.country_iso3, m.start(), m.end(), True, group))
            taken.append(m.span())
    for ms in mentions:
        s, e = ms.start - sentence.start, ms.end - sentence.start
        if any(ts <= s < te for ts, te in taken):
            continue
        kind = ms.entry.kind
        hosted = text[e:e + 6].startswith("-host")  # 'the Baku-hosted meeting': a place, not a party
        if kind in ("person", "org", "country") or (kind == "capital" and not hosted and not _LOCATIVE.search(text[:s])):
            name = ms.entry.name if kind != "capital" else _country_name(ms)  # 'Baku said' -> Azerbaijan
            actors.append(Actor(name, ms.entry.country_iso3, s, e, True,
                                kind=kind if kind in ("person", "org") else "gpe"))
    return sorted(actors, key=lambda a: a.start)


def _country_name(ms: Mention) -> str:
    from newsevents.extract.gazetteer import country_names

    return country_names().get(ms.entry.country_iso3 or "", ms.entry.name)


def _places(sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
    """Places where something happens: regions and cities, capitals only after a locative preposition."""
    out = []
    for ms in mentions:
        s = ms.start - sentence.start
        kind = ms.entry.kind
        if kind in ("region", "city") or (kind == "capital" and (_LOCATIVE.search(sentence.text[:s]) or
                                                                 sentence.text[ms.end - sentence.start:].startswith("-host"))):
            out.append(ms)
    return out


def _demonym_regex(mentions: list[Mention]) -> Callable[[], re.Pattern | None]:
    """The article's 'demonym + group noun' pattern, compiled on first use: compiling costs ~8 ms and most
    articles never need it (no demonym in a sentence with a trigger)."""
    dems = tuple(sorted({m.surface for m in mentions if m.entry.kind == "demonym"}, key=lambda d: (-len(d), d)))
    return lambda: _compile_demonyms(dems) if dems else None


@lru_cache(maxsize=1024)
def _compile_demonyms(dems: tuple[str, ...]) -> re.Pattern:
    dem = "(?:" + "|".join(re.escape(d) for d in dems) + ")"
    return re.compile(rf"(?P<dems>{dem}(?:\s*,\s*{dem})*(?:\s*,?\s*and\s+{dem})?)\s+(?:(?!and\b)[a-z-]+\s+){{0,2}}?(?:{_GROUP_RE})\b")


# --- extraction -------------------------------------------------------------------------------------------

def extract_events(article_id: str, body: str, published: date | None, mentions: list[Mention],
                   gazetteer: Gazetteer | None = None, extra_dir: str | None = None) -> list[Event]:
    taxonomy = load_taxonomy(extra_dir)
    triggers = load_triggers(extra_dir)
    demonyms = _demonym_regex(mentions)
    # Whole-body scans, once per article: quotes (which may span sentences), triggers, dates.
    masked = _masked(fold(body), _QUOTED)
    quoted = [m.span() for m in _QUOTED.finditer(body)]
    hits = sorted(((m.start(), m.end(), trig) for trig in triggers if trig.event_type in taxonomy
                   for m in trig.finditer(masked)), key=lambda h: (h[0], h[1], -h[2].priority))
    dates = [d for d in find_dates(body) if not any(qs <= d.start < qe for qs, qe in quoted)]
    events: list[Event] = []
    prev: list[Event] = []
    history = _History()
    # Sorted starts + bisect: a sentence's hits, mentions and dates in O(log n), not a scan per sentence
    # (a 1 MB one-line text has ~26,000 sentences).
    hit_starts = [h[0] for h in hits]
    mentions = sorted(mentions, key=lambda m: m.start)
    mention_starts = [m.start for m in mentions]
    date_starts = [d.start for d in dates]
    for sentence in split_sentences(body):
        a, b = sentence.start, sentence.end
        local_hits = [(s - a, e - a, t) for s, e, t in hits[bisect_left(hit_starts, a):bisect_left(hit_starts, b)] if e <= b]
        if not local_hits:
            prev = prev if prev and prev[0].sentence.paragraph == sentence.paragraph else []
            continue
        in_sentence = [m for m in mentions[bisect_left(mention_starts, a):bisect_left(mention_starts, b)] if m.end <= b]
        local_dates = [replace(d, start=d.start - a, end=d.end - a)
                       for d in dates[bisect_left(date_starts, a):bisect_left(date_starts, b)] if d.end <= b]
        local_quoted = [(max(qs, a) - a, min(qe, b) - a) for qs, qe in quoted if qs < b and a < qe]
        found = _sentence_events(article_id, sentence, in_sentence, published, taxonomy, local_hits, local_dates,
                                 local_quoted, masked[a:b], demonyms)
        _inherit_context(found, prev, sentence, history)
        history.add(found)
        events.extend(found)
        prev = found or (prev if prev and prev[0].sentence.paragraph == sentence.paragraph else [])
    # 'who did what to whom': an event with no actor even after context is noise, unless it counts victims.
    return [e for e in _merge_within_article(events) if e.actor1 or e.killed or e.injured]


def _sentence_events(article_id, sentence, mentions, published, taxonomy, hits, dates, quoted, searchable,
                     demonyms) -> list[Event]:
    text = sentence.text
    hits = _best_non_overlapping(hits)
    violent = [h for h in hits if h[2].event_type in _VICTIM_TYPES]
    if len(violent) > 1:  # 'the mine explosion ... were killed': one happening, typed by its most specific trigger
        keep = max(violent, key=lambda h: h[2].priority)
        hits = [h for h in hits if h[2].event_type not in _VICTIM_TYPES or h is keep]
    if not hits:
        return []
    outside = lambda pos: not any(s <= pos < e for s, e in quoted)  # noqa: E731 - what was said is not who acted
    actors = [a for a in _actors(sentence, mentions, demonyms) if outside(a.start)]
    places = [p for p in _places(sentence, mentions) if outside(p.start - sentence.start)]
    out: list[Event] = []
    governing_at = None
    for i, (start, end, trig) in enumerate(hits):
        before = searchable[:start]
        clause_start = max([m.end() for m in _CLAUSE_BREAK.finditer(before)] or [0])
        window_start = hits[i - 1][1] if i else 0
        window_end = hits[i + 1][0] if i + 1 < len(hits) else len(text)
        if governing_at is not None and trig.event_type not in _GOVERNING:
            continue  # "Baku demanded ... the withdrawal": the withdrawal is what is demanded, not an event
        if trig.event_type in _GOVERNING:
            governing_at = start
        lead = before[max(clause_start, window_start - 20):]
        if _NEGATION.search(lead) or _HYPOTHETICAL.search(lead):
            continue
        if trig.event_type != "make_statement" and _TOPIC.search(before[-60:]) and not _FUTURE.search(lead):
            if trig.event_type not in ("consult", "make_statement"):
                continue
        future = bool(_FUTURE.search(lead))
        etype = taxonomy[trig.event_type]
        date_m, date_source = _event_date(dates, text, start, end, window_start, window_end, etype.event_type)
        resolved = resolve(date_m, published) if date_m else None
        place = _nearest_place(places, sentence, start, window_start, window_end)
        a1, a2 = _assign_actors(actors, start, end, window_start, window_end, etype.event_type, text, clause_start)
        if a1 is None and _PRONOUN_SUBJECT.match(text[clause_start:start]):
            a1 = None  # resolved from earlier sentences in _inherit_context
        scope = text if len(hits) == 1 or etype.event_type in _VICTIM_TYPES else text[window_start:window_end]
        killed, injured, troops = extract_counts(scope)
        countries = sorted({a.country_iso3 for a in actors if a.country_iso3 and window_start - 80 <= a.start <= window_end})
        kind = "future" if future or (resolved and published and resolved.value > published) else "current"
        if resolved and published and kind == "current" and resolved.value < published - timedelta(days=30):
            kind = "background"
        event_id = _hash("e", article_id, str(sentence.start + start), etype.event_type)
        out.append(Event(event_id, etype, a1, a2, countries, resolved, date_m.text if date_m else None,
                         date_source if resolved else "none", place, killed, injured, troops, sentence,
                         text[start:end], kind, 0.0))
    for ev in out:
        ev.confidence = _confidence(ev)
    return out


def _best_non_overlapping(hits):
    chosen = []
    for h in sorted(hits, key=lambda h: (-h[2].priority, h[0])):
        if all(h[1] <= c[0] or h[0] >= c[1] for c in chosen):
            chosen.append(h)
    chosen.sort(key=lambda h: h[0])
    # One statement verb per sentence is enough; more add rows, not information.
    seen_statement = False
    out = []
    for h in chosen:
        if h[2].event_type == "make_statement":
            if seen_statement or any(c[2].event_type != "make_statement" for c in chosen):
                continue
            seen_statement = True
        out.append(h)
    return out


_REPORT_DATE = re.compile(r"\b(?:reported|said|announced|stated|told \w+|informed)\s+(?:\w+\s+){0,2}?on\s+$", re.I)


def _event_date(dates, text, start, end, lo, hi, event_type):
    """The date of one trigger: the nearest in its part of the sentence. Statements take only a date next to
    the speech verb ('said on Monday'), not dates inside what was said. A 'reported on March 22' attribution
    dates the events of its sentence when nothing closer does (date_source 'report')."""
    reports = [d for d in dates if _REPORT_DATE.search(text[max(0, d.start - 40):d.start])]
    plain = [d for d in dates if d not in reports]
    if event_type == "make_statement":
        near = [d for d in plain if 0 <= d.start - end <= 25 or 0 <= start - d.end <= 40]
        found = near[0] if near else None
    else:
        found = _nearest_date(plain, start, end, lo, hi)
    if found:
        return found, "sentence"
    if reports:
        return reports[0], "report"
    return None, "none"


def _nearest_date(dates: list[DateMention], start: int, end: int, lo: int, hi: int) -> DateMention | None:
    inside = [d for d in dates if lo - 40 <= d.start and d.end <= hi]
    after = [d for d in inside if d.start >= end]
    before = [d for d in inside if d.end <= start]
    if after:
        return after[0]
    if before:
        return before[-1]
    return None


def _nearest_place(places: list[Mention], sentence: Sentence, start: int, lo: int, hi: int) -> Mention | None:
    rel = [(p.start - sentence.start, p) for p in places]
    inside = [(s, p) for s, p in rel if lo <= s <= hi]
    if not inside:
        return None
    after = [x for x in inside if x[0] >= start]
    return (after[0] if after else inside[-1])[1]


_SPECIFICITY = {"person": 4, "org": 3, "group": 2, "gpe": 1}
_SYMMETRIC = {"consult", "agreement_signed", "ceasefire"}
_PRONOUN_SUBJECT = re.compile(r"^(?:\W*(?:[A-Z][a-z]+ly|Earlier|Later|Meanwhile|Also|In addition|However),?\s+)?"
                              r"(?:He|She|They|The (?:presidential aide|head of state|president|minister|official|diplomat|"
                              r"two (?:presidents|leaders|ministers|men|sides))|The sides|Both sides)\b")
_AGENT_BY = re.compile(r"^\s*(?:\w+\s+){0,2}?by\b")
_ACCORDING = re.compile(r"\b(?:According to|according to|As reported by|citing)\b[^,]{0,120},?")
_STATEMENT_TARGET = re.compile(r"^\s*(?:\w+\s+){0,4}?(?:with|to)\s+(?:the\s+)?$")


def _specificity(a: Actor) -> int:
    if a.group:
        return _SPECIFICITY["group"]
    return _SPECIFICITY.get(a.kind, 1)


def _pick(actors: list[Actor], exclude: Actor | None = None) -> Actor | None:
    pool = [a for a in actors if exclude is None or a.name != exclude.name]
    return max(pool, key=lambda a: (_specificity(a), -a.start)) if pool else None


def _assign_actors(actors: list[Actor], start: int, end: int, lo: int, hi: int, event_type: str, text: str,
                   clause_start: int):
    """Who did it (actor1) and to whom (actor2). The subject zone is the clause before the trigger, the object
    zone runs to the next trigger. Within a zone the most specific actor wins (person > organisation > group >
    country). Attributions ('According to X,') are sources, not actors."""
    excluded = [m.span() for m in _ACCORDING.finditer(text)]
    actors = [a for a in actors if not any(s <= a.start < e for s, e in excluded)]
    subject = [a for a in actors if clause_start <= a.start and a.end <= start]
    obj = [a for a in actors if a.start >= end and a.start <= hi]
    possessive = re.search(r"([A-Z][\w]+)['’]s\s+(?:[\w-]+\s+){0,2}$", text[max(lo, clause_start):start])
    if possessive:
        owner = [a for a in actors if a.end <= start and text[a.start:a.end] == possessive.group(1)]
        if owner:
            subject = owner
    if _AGENT_BY.match(text[end:end + 20]):  # 'the declaration signed by Baku, Moscow and Yerevan'
        subject, obj = [a for a in obj if a.start - end <= 70], []
    if event_type == "make_statement":
        people = [a for a in subject if a.kind in ("person", "org")]
        a1 = people[-1] if people else (_pick(subject) if subject else None)
        target = next((a for a in obj if _STATEMENT_TARGET.match(text[end:a.start])), None)
        return a1, target
    if event_type in _VICTIM_TYPES:
        victims = [a for a in actors if a.group in ("civilians", "police") and a.start >= clause_start]
        if victims:
            others = [a for a in subject + obj if a.group not in ("civilians", "police")]
            return (_pick(others) if possessive or others else None), victims[0]
    a1 = _pick(subject)
    if event_type in _SYMMETRIC:
        a2 = _pick(subject, exclude=a1) if a1 else None
        if a1 is None:
            a1 = _pick(obj)
        return a1, a2 or _pick(obj, exclude=a1)
    if a1 is None:  # nominal trigger: 'the withdrawal of Armenian troops from Kalbajar'
        return _pick(obj), None
    return a1, _pick(obj, exclude=a1)


@dataclass
class _History:
    """What earlier sentences of the article said, for pronouns and elided actors (kept O(1) per lookup)."""

    last_by_type: dict[str, "Event"] = field(default_factory=dict)
    last_person: "Event | None" = None

    def add(self, events: list["Event"]) -> None:
        for ev in events:
            if ev.actor1 is not None:
                self.last_by_type[ev.event_type.event_type] = ev
                if ev.actor1.kind == "person":
                    self.last_person = ev


def _inherit_context(found: list[Event], prev: list[Event], sentence: Sentence, history: _History) -> None:
    """An event with no date (or no actor) takes them from the previous sentence's event in the same paragraph:
    'On September 18, separatists planted a mine ... As a result of the mine explosion, seven ... were killed.'
    A pronoun subject ('He stressed', 'the two presidents') takes the latest matching actor in the article."""
    same_par = [p for p in prev if p.sentence.paragraph == sentence.paragraph]
    dated = next((p for p in same_par if p.resolved), None)
    for ev in found:
        # The sentence just before, across a paragraph break, still dates a follow-up of the same kind
        # ('... have discussed, the Ministry reported on March 22.' then 'The Baku-hosted meeting ...').
        source = dated or next((p for p in prev if p.resolved and p.event_type == ev.event_type), None)
        if ev.resolved is None and source is not None and ev.event_type.event_type != "make_statement":
            ev.resolved, ev.date_text, ev.date_source = source.resolved, source.date_text, "context"
            ev.mention_kind = source.mention_kind
        if ev.actor1 is None:
            pronoun = _PRONOUN_SUBJECT.match(sentence.text)
            same_type = history.last_by_type.get(ev.event_type.event_type)
            source = (same_type if same_type else history.last_person if history.last_person and pronoun else
                      same_par[0] if same_par and same_par[0].actor1 else None)
            if source is not None:
                ev.actor1 = source.actor1
                if ev.actor2 is None and source.actor2 is not None and ev.event_type.event_type in _SYMMETRIC:
                    ev.actor2 = source.actor2
                ev.countries = sorted(set(ev.countries) | set(source.countries))
        ev.confidence = _confidence(ev)


def _confidence(ev: Event) -> float:
    score = 0.35
    score += {"sentence": 0.2, "report": 0.15, "context": 0.1}.get(ev.date_source, 0.0)
    score += 0.05 if ev.resolved and ev.resolved.precision == "day" else 0.0
    score += 0.15 if ev.actor1 and ev.actor1.known else 0.0
    score += 0.1 if ev.actor2 and ev.actor2.known else 0.0
    score += 0.05 if ev.location else 0.0
    score += 0.1 if ev.event_type.event_type != "make_statement" else 0.0
    score -= 0.1 if ev.mention_kind == "background" else 0.0
    return round(max(0.05, min(0.99, score)), 2)


def _merge_within_article(events: list[Event]) -> list[Event]:
    """One row per happening in an article: same type, same first actor, compatible dates and places."""
    merged: list[Event] = []
    by_key: dict[tuple, list[Event]] = {}  # candidates share type and first actor: no scan of every row
    for ev in events:
        key = (ev.event_type.event_type, ev.actor1.name if ev.actor1 else None)
        twin = next((m for m in by_key.get(key, ()) if _same_happening(m, ev)), None)
        if twin is None:
            merged.append(ev)
            by_key.setdefault(key, []).append(ev)
            continue
        twin.n_mentions += 1
        if twin.resolved is None or (ev.date_source == "sentence" and twin.date_source != "sentence"):
            twin.resolved, twin.date_text, twin.date_source = ev.resolved, ev.date_text, ev.date_source
        twin.actor2 = twin.actor2 or ev.actor2
        twin.location = twin.location or ev.location
        for attr in ("killed", "injured", "troops"):
            if getattr(twin, attr) is None:
                setattr(twin, attr, getattr(ev, attr))
        twin.countries = sorted(set(twin.countries) | set(ev.countries))
        twin.confidence = max(_confidence(twin), twin.confidence)
    return merged


def _same_happening(a: Event, b: Event) -> bool:
    if a.event_type.event_type != b.event_type.event_type:
        return False
    if (a.actor1.name if a.actor1 else None) != (b.actor1.name if b.actor1 else None):
        return False
    if a.resolved and b.resolved and (a.resolved.value, a.resolved.precision) != (b.resolved.value, b.resolved.precision):
        return False
    if a.location and b.location and a.location.entry.name != b.location.entry.name:
        return False
    if a.event_type.event_type in _VICTIM_TYPES and (a.killed or b.killed) and a.killed != b.killed and a.killed and b.killed:
        return False
    return True


def _hash(prefix: str, *parts: str) -> str:
    return prefix + "_" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
