"""Events from article bodies by syntax: who did what to whom, where and when, read from a dependency parse.

1. Sentences are split with their offsets (evidence is always an exact substring of the body). A sentence is
   parsed only when one of its words can be an event predicate (a form of a coded verb of the CAMEO verb
   dictionary or an event noun): the others cannot yield an event. Candidate sentences are parsed in batches
   by spaCy (newsevents.extract.nlp).
2. Predicates: a verb whose lemma is in the CAMEO verb dictionary (data/cameo_verbs.tsv, from PETRARCH2) is
   coded by its most specific matching pattern (subject, object, preposition + object) or by the verb's own
   code; a '---' pattern ('killed in an accident', 'the earthquake killed') is not an event. An event noun
   (data/event_nouns.tsv: attack, talks, ceasefire ...) is a predicate when a light verb carries it ('launched
   an attack', 'held talks') or it is the subject of a happening ('the explosion killed seven').
3. Status from the parse: a negation on the predicate, a modal ('would', 'could', 'may'), an if/unless clause,
   a question, or a complement of an intention verb ('plans to', 'threatened to') make the mention not an
   event; 'will' makes it future (kept only with a date of its own: a scheduled event). Words inside quotation
   marks are the speaker's: the quote is the speaker's statement, not events.
4. Roles: actor1 = the predicate's subject (the by-agent of a passive; the governing verb's subject for
   conjoined and controlled verbs), actor2 = its object, else the oblique the verb requires (with, against,
   on, to ...). 'X said Y attacked Z': the attack is Y's, and X's statement is kept only when X is named.
   Pronouns take the latest named actor of that kind earlier in the article, or stay empty.
5. Place: a GPE/LOC/FAC entity (or a gazetteer place) in a locative phrase attached to the predicate; never a
   person's or organisation's name. Date: a date phrase attached to the predicate (not to another clause).
   Counts: killed/injured/troops in the predicate's clause; a count over a period ('over the past 3 years',
   'so far this year') is an aggregate: flagged, never booked on one day.
6. One row per happening per article: mentions of the same type, actor1 and compatible date/place merge
   (n_mentions counts them)."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from newsevents.extract.gazetteer import Entry, Gazetteer, Mention
from newsevents.extract.numbers import extract_counts
from newsevents.extract.taxonomy import EventType, type_for_code
from newsevents.extract.triggers import Trigger, literal_prefixes, load_triggers  # noqa: F401 - re-exported
from newsevents.extract.verbdict import VerbEntry, VerbPattern, load_synsets, load_verbs
from newsevents.parse.dates import DateMention, ResolvedDate, find_dates, resolve
from newsevents.resources import tsv_rows

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# --- sentences --------------------------------------------------------------------------------------------

_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Sgt|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"U\.S|U\.N|U\.K|e\.g|i\.e|vs|etc|approx)\.|\b[A-Z]\.)$"
)
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
        if "\n" not in gap and _ABBREV.search(body[max(0, m.start() - 6) : m.start()]):
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


# --- lexicon ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventNoun:
    lemma: str
    code: str
    modifier: str  # a word that must modify the noun ('phone' for 'call'), or ''
    of_role: str = "target"  # what its 'of' phrase names: actor ('withdrawal of troops') or target ('release of')


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, VerbEntry]
    synsets: dict[str, frozenset[str]]
    nouns: dict[str, tuple[EventNoun, ...]]
    forms: frozenset[str]  # lower-case word forms that can be a predicate by themselves: the prefilter
    cued: dict[str, frozenset[str]] = field(default_factory=dict)  # form -> words one of which must be near


def _verb_forms(lemma: str) -> set[str]:
    """Regular inflections of a verb (the prefilter's forms; irregular ones come from data/verb_forms.tsv)."""
    w = lemma.split()[0]
    forms = {w, w + "s", w + "ed", w + "ing", w + "d"}
    if w.endswith("e"):
        forms |= {w[:-1] + "ing", w + "d"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if w.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(w + "es")
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", w):
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return forms


@lru_cache(maxsize=2)
def load_lexicon(extra_dir: str | None = None) -> Lexicon:
    verbs = load_verbs(extra_dir)
    nouns: dict[str, list[EventNoun]] = {}
    for r in tsv_rows("event_nouns.tsv", extra_dir):
        noun = EventNoun(
            r["lemma"],
            r["code"].strip(),
            (r.get("modifier") or "").strip(),
            (r.get("of_role") or "").strip() or "target",
        )
        nouns.setdefault(r["lemma"], []).append(noun)
    forms: set[str] = set()
    irregular: dict[str, set[str]] = {}
    for r in tsv_rows("verb_forms.tsv", extra_dir):
        irregular.setdefault(r["lemma"], set()).update(r["forms"].split())
    synsets = load_synsets(extra_dir)
    cued: dict[str, set[str]] = {}  # form of a verb coded only through patterns -> the patterns' head words
    for lemma, entry in verbs.items():
        head = lemma.split()[0]
        verb_forms = _verb_forms(lemma) | irregular.get(head, set())
        if entry.code != "---":
            forms |= verb_forms
            continue
        heads = set()
        for p in entry.patterns:
            if p.code == "---":
                continue
            for words in (p.obj, p.prep_obj, p.subject):
                if words:
                    w = words[-1]
                    heads |= set(synsets.get(w, ())) if w.startswith("&") else {w}
        for f in verb_forms:
            cued.setdefault(f, set()).update(h.lower() for h in heads)
    for lemma in nouns:
        forms |= {lemma, lemma + "s", lemma + "es"}
    forms = {f for f in forms if f not in _PREFILTER_STOP}
    return Lexicon(
        verbs,
        synsets,
        {k: tuple(v) for k, v in nouns.items()},
        frozenset(forms),
        {
            f: frozenset(h | {h + "s" for h in h_set for h in [h]})
            for f, h_set in cued.items()
            for h in [h_set]
            if f not in forms and f not in _PREFILTER_STOP
        },
    )


# Forms too common to select a sentence by themselves (auxiliaries, 'said' is kept: statements are events).
_PREFILTER_STOP = frozenset(
    {
        "be",
        "is",
        "are",
        "was",
        "were",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "get",
        "go",
        "make",
        "take",
        "give",
        "come",
        "see",
        "put",
        "set",
        "keep",
        "let",
        "use",
        "run",
        "turn",
        "been",
        "being",
        "having",
        "doing",
        "going",
        "getting",
        "made",
        "taken",
        "given",
        "gets",
        "makes",
        "takes",
        "gives",
        "comes",
        "came",
        "went",
        "gone",
        "seen",
        "saw",
        "uses",
        "used",
    }
)
_WORD = re.compile(r"[A-Za-z]+")


_DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "new",
        "no",
        "any",
        "every",
        "each",
    }
)


def candidate_sentence(text: str, lexicon: Lexicon) -> bool:
    """Can this sentence carry an event? True when one of its words is a form of a coded verb (not right after a
    determiner: 'the report', 'a bill' are nouns), an event noun, or a verb coded only through its patterns with
    one of those patterns' words in the sentence ('lift ... sanctions')."""
    forms, cued, nouns = lexicon.forms, lexicon.cued, lexicon.nouns
    words = [w.lower() for w in _WORD.findall(text)]
    present = None
    for i, w in enumerate(words):
        if w in forms:
            if w.rstrip("s") in nouns or w in nouns or i == 0 or words[i - 1] not in _DETERMINERS:
                return True
        elif w in cued:
            present = set(words) if present is None else present
            if cued[w] & present:
                return True
    return False


# --- events -----------------------------------------------------------------------------------------------


@dataclass
class Actor:
    name: str
    country_iso3: str | None
    start: int
    end: int
    known: bool
    group: str | None = None
    kind: str = "gpe"  # person | org | gpe | group | object (the thing an attack hit)


@dataclass(frozen=True)
class Place:
    name: str
    country_iso3: str | None
    latitude: float | None
    longitude: float | None
    kind: str


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
    status: str = "occurred"  # occurred | ongoing | future (hypothetical/negated/question mentions are not events)
    is_aggregate: bool = False
    specificity: int = 0  # of the pattern that typed it (0: the bare verb)
    role_score: int = 0  # 0-2: actors found by syntax
    depth: int = 0  # clause depth of the predicate (0: main clause)
    reported: bool = False  # inside 'X said (that) ...'
    evidence_kind: str = "verb"  # verb | noun | statement
    pred_i: int = -1  # token index of the predicate in its sentence's parse
    report_i: int = -1  # token index of the reporting verb whose complement holds it, or -1


# Verbs whose complement is not (yet) an event: 'plans to attack', 'refused to sign', 'urged X to withdraw'.
_INTENT = frozenset(
    [
        "plan",
        "intend",
        "want",
        "wish",
        "seek",
        "try",
        "attempt",
        "hope",
        "expect",
        "aim",
        "threaten",
        "agree",
        "promise",
        "pledge",
        "vow",
        "offer",
        "decide",
        "prepare",
        "refuse",
        "fail",
        "ask",
        "urge",
        "call",
        "demand",
        "propose",
        "consider",
        "need",
        "plot",
        "vote",
        "mean",
        "like",
        "love",
        "prefer",
        "order",
        "tell",
        "encourage",
        "allow",
        "permit",
        "force",
        "oblige",
        "compel",
        "require",
        "expect",
        "invite",
        "warn",
        "push",
        "press",
        "be_likely",
        "continue",
        "begin",
        "start",
    ]
)
_MODAL_HYPO = frozenset({"would", "could", "might", "may", "should", "can", "must", "ought"})
_MODAL_FUT = frozenset({"will", "shall", "'ll", "wo"})
_CONDITIONAL = frozenset({"if", "unless", "whether", "until", "lest"})
_REPORTING = frozenset(
    [
        "say",
        "tell",
        "state",
        "add",
        "claim",
        "announce",
        "report",
        "insist",
        "note",
        "stress",
        "reiterate",
        "declare",
        "explain",
        "confirm",
        "deny",
        "warn",
        "argue",
        "write",
        "suggest",
        "acknowledge",
        "assert",
        "allege",
        "indicate",
        "believe",
        "think",
        "accuse",
    ]
)
_LIGHT = frozenset(
    [
        "hold",
        "launch",
        "carry",
        "conduct",
        "stage",
        "mount",
        "begin",
        "start",
        "continue",
        "resume",
        "wage",
        "unleash",
        "commit",
        "perpetrate",
        "make",
        "have",
        "reach",
        "declare",
        "announce",
        "impose",
        "sign",
        "attend",
        "host",
        "open",
        "lead",
        "join",
        "escalate",
        "intensify",
        "step",
        "plant",
        "lay",
        "detonate",
        "set",
    ]
)
_HAPPEN = frozenset(
    [
        "take_place",
        "occur",
        "happen",
        "erupt",
        "break",
        "kill",
        "leave",
        "injure",
        "wound",
        "hit",
        "rock",
        "destroy",
        "damage",
        "claim",
        "target",
        "go",
        "start",
        "begin",
        "end",
        "continue",
        "resume",
    ]
)
_TARGET_PREPS = ("with", "against", "on", "to", "at", "toward", "towards", "into", "upon", "for", "over", "from")
_LOCATIVE = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "across",
        "around",
        "throughout",
        "within",
        "along",
        "off",
        "into",
        "from",
        "through",
        "towards",
        "toward",
    }
)
# Nouns that name an actor: every group of _GROUPS (which types the actor) and these, which name one
# without a type of their own.
_GROUPS = {
    "military": {
        "army",
        "military",
        "force",
        "troop",
        "soldier",
        "navy",
        "airforce",
        "commander",
        "general",
        "unit",
        "contingent",
    },
    "police": {"police", "policeman", "officer"},
    "rebels": {
        "rebel",
        "insurgent",
        "militant",
        "fighter",
        "guerrilla",
        "gunman",
        "separatist",
        "terrorist",
        "militia",
        "bomber",
        "attacker",
        "assailant",
        "faction",
    },
    "civilians": {
        "civilian",
        "resident",
        "villager",
        "citizen",
        "people",
        "family",
        "child",
        "woman",
        "man",
        "refugee",
        "migrant",
        "student",
        "worker",
        "farmer",
        "prisoner",
    },
    "protesters": {"protester", "protestor", "demonstrator", "activist"},
    "peacekeepers": {"peacekeeper"},
    "government": {
        "government",
        "administration",
        "authority",
        "authorities",
        "official",
        "minister",
        "ministry",
        "president",
        "premier",
        "leader",
        "leadership",
        "cabinet",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "diplomat",
        "ambassador",
        "envoy",
        "embassy",
        "delegation",
        "regime",
        "junta",
        "state",
        "country",
        "nation",
    },
}
_ACTOR_NOUNS = frozenset().union(
    *_GROUPS.values(),
    [
        "agency",
        "alliance",
        "ally",
        "bank",
        "boy",
        "candidate",
        "captive",
        "chief",
        "coalition",
        "committee",
        "community",
        "company",
        "congress",
        "council",
        "counterpart",
        "court",
        "crew",
        "detainee",
        "donor",
        "employee",
        "executive",
        "firm",
        "group",
        "hostage",
        "household",
        "inspector",
        "inmate",
        "investor",
        "journalist",
        "judge",
        "lawmaker",
        "legislator",
        "mediator",
        "member",
        "monitor",
        "national",
        "negotiator",
        "observer",
        "opponent",
        "opposition",
        "organisation",
        "organization",
        "parliament",
        "partner",
        "party",
        "patient",
        "pilot",
        "politician",
        "pope",
        "queen",
        "rival",
        "sailor",
        "senator",
        "sheikh",
        "side",
        "survivor",
        "suspect",
        "union",
        "victim",
    ],
)
_INSTITUTIONS = frozenset(
    [
        "administration",
        "government",
        "authority",
        "authorities",
        "ministry",
        "cabinet",
        "regime",
        "office",
        "party",
        "army",
        "military",
        "police",
        "embassy",
        "council",
        "committee",
        "agency",
        "court",
        "parliament",
        "camp",
        "campaign",
    ]
)
_PRONOUNS = {
    "he": "person",
    "she": "person",
    "him": "person",
    "her": "person",
    "they": "plural",
    "them": "plural",
    "it": "thing",
    "we": None,
    "i": None,
    "you": None,
    "us": None,
}
_AGGREGATE = re.compile(
    r"\b(?:over|during|in|within|for)\s+the\s+(?:past|last|previous)\s+(?:\w+\s+){0,2}"
    r"(?:years?|months?|weeks?|decades?|days?)\b|\bsince\s+(?:the\s+)?(?:\w+\s+){0,2}\d{4}\b|"
    r"\bso far\b|\bto date\b|\bin total\b|\ba total of\b|"
    r"\bsince the (?:start|beginning|outbreak)\b",
    re.I,
)
_QUOTE_PAIRS = re.compile(r"\"[^\"\n]{3,}\"|“[^”\n]{3,}”|«[^»\n]{3,}»")


def _pattern_word_ok(word: str, lemmas: set[str], lexicon: Lexicon) -> bool:
    if word.startswith("&"):
        members = lexicon.synsets.get(word)
        return bool(members and members & lemmas)
    return word in lemmas


def _phrase_ok(words: tuple[str, ...], tok, lexicon: Lexicon) -> bool:
    """The pattern phrase matches tok's noun phrase: its head word is tok's lemma (or a synset member) and the
    other words occur in tok's subtree."""
    if tok is None:
        return False
    head = words[-1]
    tl = {tok.lemma_.lower(), tok.lower_}
    if not _pattern_word_ok(head, tl, lexicon):
        return False
    if len(words) == 1:
        return True
    sub = {t.lemma_.lower() for t in tok.subtree} | {t.lower_ for t in tok.subtree}
    return all(_pattern_word_ok(w, sub, lexicon) for w in words[:-1])


def _children(tok, *deps: str) -> list:
    return [c for c in tok.children if c.dep_ in deps]


def _first(tok, *deps: str):
    return next((c for c in tok.children if c.dep_ in deps), None)


def _preps(tok: Token) -> list[tuple[str, Token]]:
    """(preposition, its object) for the obliques of tok, including 'by' agents and 'X and Y' pobj."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent"):
            pobj = _first(c, "pobj", "pcomp")
            if pobj is not None:
                out.append((c.lower_, pobj))
            for sub in _children(c, "prep"):  # 'out of', 'away from'
                p2 = _first(sub, "pobj")
                if p2 is not None:
                    out.append((sub.lower_, p2))
    return out


_OBJECT_CONTROL = frozenset(
    [
        "urge",
        "ask",
        "call",
        "force",
        "order",
        "allow",
        "permit",
        "persuade",
        "invite",
        "encourage",
        "tell",
        "warn",
        "compel",
        "oblige",
        "push",
        "press",
        "help",
        "enable",
        "authorize",
        "authorise",
        "instruct",
    ]
)


def _subject(v, depth: int = 0):
    """Subject of v (nsubj), inherited through conjunction, control and participial clauses."""
    if depth > 4:
        return None
    s = _first(v, "nsubj", "csubj", "expl")
    if s is not None and s.lower_ in ("that", "which", "who") and v.dep_ == "relcl":
        return v.head  # 'a fire that killed': the relative pronoun stands for the noun it modifies
    if s is not None and s.dep_ != "expl":
        return s
    acronym = _acronym_before(v)
    if acronym is not None:
        return acronym
    if v.head.i == v.i:
        return None
    if v.dep_ == "conj":
        return _subject(v.head, depth + 1)
    if v.dep_ == "xcomp":
        obj = _first(v.head, "dobj")  # 'urged Armenia to withdraw': the object acts
        if obj is not None and v.head.lemma_.lower() in _OBJECT_CONTROL:
            return obj
        return _subject(v.head, depth + 1)
    if v.dep_ == "acomp":  # 'is ready to withdraw': ready -> is -> subject
        return _subject(v.head, depth + 1)
    if v.dep_ == "advcl" and v.tag_ in ("VBG", "VBN") and _first(v, "mark") is None:
        if v.head.lemma_.lower() in _REPORTING:
            return None  # 'X overran the base, officials said, killing 17': not the officials' killing
        return _subject(v.head, depth + 1)  # ', killing five': the main clause's subject
    if v.dep_ in ("relcl", "acl") and v.tag_ != "VBN":
        return v.head  # 'the troops who attacked'
    return None


def _acronym_before(v):
    """An all-capitals word the tagger misread before a subjectless verb ('USAID provided aid', tagged as an
    adverb): the subject, the way a reader takes it."""
    i = v.i - 1
    while i >= 0 and v.doc[i].dep_ in ("aux", "auxpass", "neg", "advmod") and v.doc[i].head.i == v.i:
        t = v.doc[i]
        if t.is_upper and len(t.text) >= 2 and t.is_alpha:
            return t if i == 0 or not v.doc[i - 1].is_alpha or v.doc[i - 1].dep_ == "punct" else None
        i -= 1
    return None


def _passive_subject(v):
    """The patient of a passive: its subject, or the noun a past participle modifies ('the deal signed by X')."""
    sp = _first(v, "nsubjpass")
    if sp is None and v.dep_ == "acl" and v.tag_ == "VBN" and v.head.i != v.i:
        return v.head
    return sp


def _agent(v):
    a = _first(v, "agent")
    return _first(a, "pobj") if a is not None else None


def _status(v, doc_text: str) -> str:
    """occurred | future | hypothetical | negated | question for the predicate token v: its own negation and
    auxiliaries, then those of the clauses that govern it ('would allow X to deliver', 'did not agree to sign').
    'would' in the complement of a reporting verb is the future of the past ('said it would allow'): future."""
    if doc_text.rstrip().endswith("?"):
        return "question"
    tok, hops = v, 0
    while hops < 4:
        if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never", "not")) for c in tok.children):
            return "negated"
        if (
            tok.dep_ in ("acl", "relcl", "ccomp", "advcl")
            and tok.head.lemma_.lower() in ("case", "event")
            and tok.head.dep_ == "pobj"
            and tok.head.head.lower_ == "in"
        ):
            return "hypothetical"  # 'in (the) case the army attacked', 'in the event they withdraw'
        reported = tok.dep_ in ("ccomp", "parataxis") and tok.head.lemma_.lower() in _REPORTING
        for c in tok.children:
            if c.dep_ == "aux" and c.lower_ in _MODAL_HYPO:
                return "future" if reported and c.lower_ in ("would", "could") else "hypothetical"
            if c.dep_ == "aux" and c.lower_ in _MODAL_FUT:
                return "future"
            if c.dep_ == "mark" and c.lower_ in _CONDITIONAL:
                return "hypothetical"
            if c.dep_ == "aux" and c.lower_ == "to" and tok.dep_ in ("advcl",):
                return "hypothetical"  # purpose: 'in order to attack'
        if tok.head.i == tok.i:
            break
        head = tok.head
        hl = head.lemma_.lower()
        if tok.dep_ == "xcomp":
            if hl in _INTENT or (
                hl == "be" and any(c.lower_ in ("ready", "willing", "set", "due", "likely") for c in head.children)
            ):
                return "future"
            tok, hops = head, hops + 1  # 'would allow X to deliver': the governing clause's mood
            continue
        if tok.dep_ == "conj" and tok.lemma_.lower() not in _REPORTING:  # '..., X said': not the negated head's
            tok, hops = head, hops + 1
            continue
        if tok.dep_ == "ccomp" and hl in (
            "hope",
            "want",
            "expect",
            "fear",
            "wish",
            "ask",
            "demand",
            "urge",
            "propose",
            "suggest",
            "plan",
            "intend",
        ):
            return "hypothetical"
        break
    if v.pos_ == "NOUN":
        h = v.head
        if v.dep_ in ("dobj", "pobj", "nsubjpass") and h.pos_ in ("VERB", "AUX"):
            return _status(h, doc_text) if h.lemma_.lower() in _LIGHT or h.lemma_.lower() in _HAPPEN else "occurred"
    return "occurred"


def _depth(tok) -> int:
    d, t = 0, tok
    while t.head.i != t.i and d < 10:
        if t.dep_ in ("ccomp", "advcl", "xcomp", "relcl", "acl", "csubj", "pcomp"):
            d += 1
        t = t.head
    return d


def _reporting_head(tok):
    """The reporting verb whose complement contains tok ('X said (that) Y attacked Z'), or None."""
    t = tok
    for _ in range(6):
        if t.dep_ in ("ccomp", "parataxis") and t.head.lemma_.lower() in _REPORTING:
            return t.head
        if t.dep_ == "ROOT" or t.head.i == t.i:
            # 'Y attacked Z, X said': the reporting verb is a child of the root
            rep = next(
                (
                    c
                    for c in t.children
                    if c.dep_ in ("parataxis", "ccomp", "advcl")
                    and c.lemma_.lower() in _REPORTING
                    and c.i > tok.i
                    and _first(c, "mark") is None
                ),
                None,
            )
            return rep
        t = t.head
    return None


# --- actors, places, dates from tokens --------------------------------------------------------------------


@dataclass
class _SentenceContext:
    sentence: Sentence
    doc: Doc
    mentions: list[Mention]  # gazetteer mentions, offsets relative to the sentence
    quoted: list[tuple[int, int]]  # quoted spans, relative
    gazetteer: Gazetteer | None
    lexicon: Lexicon | None = None
    published: date | None = None
    extra_dir: str | None = None

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start < end and start < m.end]

    def in_quote(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.quoted)


# Determiners and counts before a group's name: 'another 40 opposition politicians' is 'opposition politicians'.
_STRIP_DET = re.compile(
    r"^(?:(?:the|a|an|its|their|his|her|this|that|these|those|another|some|several|many|all|both|other|about|around|nearly|"
    r"almost|over|more than|at least|up to|(?:dozens|hundreds|thousands|scores) of|"
    r"\d[\d,.]*(?: million| thousand)?)\s+)+",
    re.I,
)


def _entity_of(tok):
    if tok.ent_type_ and tok.ent_iob_ != "O":
        for ent in tok.doc.ents:
            if ent.start <= tok.i < ent.end:
                return ent
    return None


def _np_span(tok) -> tuple[int, int]:
    """Token range of tok's noun phrase without relative clauses, appositions and most prepositional phrases."""
    left = tok.i
    for c in tok.lefts:
        if (
            c.dep_ in ("compound", "amod", "poss", "nmod", "nummod", "quantmod", "det", "case", "npadvmod", "advmod")
            and c.i < left
        ):
            left = min(left, c.left_edge.i)
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("compound", "flat", "case"):
            right = max(right, c.right_edge.i)
        elif c.dep_ == "prep" and c.lower_ == "of" and tok.lemma_.lower() in _ACTOR_NOUNS:
            pobj = _first(c, "pobj")  # 'the families of the 39 migrants', without 'found in a truck near London'
            right = max(right, _np_span(pobj)[1] - 1 if pobj is not None else c.i)
    return left, right + 1


def ctx_lexicon(ctx: _SentenceContext) -> Lexicon:
    return ctx.lexicon if ctx.lexicon is not None else load_lexicon()


# Heads that count or portion out the people of their 'of' phrase: the actor is the 'of' object.
_PARTITIVE = frozenset(
    [
        "dozen",
        "score",
        "hundred",
        "thousand",
        "million",
        "number",
        "group",
        "batch",
        "handful",
        "some",
        "many",
        "several",
        "all",
        "most",
        "dozens",
        "hundreds",
        "thousands",
        "millions",
        "scores",
        "couple",
        "team",
    ]
)


_NOMINAL_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "al", "ure")


def _nominal_event(tok, lexicon: Lexicon) -> bool:
    """A noun naming an action: an event noun, a verb's own form ('the release'), or a nominalisation."""
    if tok.pos_ != "NOUN":
        return False
    lemma = tok.lemma_.lower()
    return lemma in lexicon.nouns or lemma in lexicon.verbs or (len(lemma) > 6 and lemma.endswith(_NOMINAL_SUFFIXES))


def _of_role(tok, lexicon: Lexicon) -> str:
    """What the event noun's 'of' phrase names, from event_nouns.tsv (target unless the table says actor)."""
    entries = lexicon.nouns.get(tok.lemma_.lower(), ())
    return "actor" if any(e.of_role == "actor" for e in entries) else "target"


_PARENTHESIS = re.compile(r"\s*\([^)]*\)?\s*$|\s*\([^)]*\)")


# Participles after 'NAME-' that make NAME a sponsor of the thing, not its owner or doer ('a UN-brokered truce';
# 'the ISIS-held area' is ISIS's).
_SPONSORING = frozenset(
    [
        "brokered",
        "backed",
        "led",
        "sponsored",
        "mediated",
        "hosted",
        "funded",
        "supported",
        "allied",
        "affiliated",
        "drafted",
        "proposed",
        "monitored",
    ]
)


def _sponsor_only(tok) -> bool:
    """Every name in the noun's left modifiers is a sponsor ('UN-brokered'); False when there is none."""
    names = [t for left in tok.lefts for t in left.subtree if t.ent_type_ or t.pos_ == "PROPN"]
    return bool(names) and all(
        t.i + 2 < len(t.doc) and t.doc[t.i + 1].text in ("-", "–") and t.doc[t.i + 2].lower_ in _SPONSORING
        for t in names
    )


def _actor_noun_head(tok) -> bool:
    """tok is an actor noun ('troops', 'government'), or a noun compounded with one ('government troops')."""
    return tok.lemma_.lower() in _ACTOR_NOUNS or (
        tok.pos_ == "NOUN" and any(c.dep_ == "compound" and c.lemma_.lower() in _ACTOR_NOUNS for c in tok.children)
    )


def _names_actor(tok, extra_dir: str | None) -> bool:
    """Can a common noun head an actor's phrase: an actor noun, a noun through which a group acts ('missiles',
    'members'), or one the actor dictionary knows as an agent ('activists', 'refugees')."""
    from newsevents.extract.actors import MEANS, is_agent_noun

    lemma = tok.lemma_.lower()
    return (
        _actor_noun_head(tok)
        or lemma in MEANS
        or tok.lower_ in MEANS
        or is_agent_noun(tok.lower_, extra_dir)
        or is_agent_noun(lemma, extra_dir)
    )


# Nouns of a relation to another party: 'his Lebanese counterpart', 'its allies' are other parties, not the
# actor's own things.
_RELATIONAL = frozenset(
    [
        "counterpart",
        "ally",
        "partner",
        "rival",
        "opponent",
        "neighbour",
        "neighbor",
        "enemy",
        "foe",
        "adversary",
        "host",
        "guest",
        "creditor",
        "donor",
    ]
)


def _owned_by_pronoun(tok) -> bool:
    """'withdraw its troops', 'to her country': the actor's own (a possessive pronoun), unless the noun names a
    relation to another party ('his counterpart')."""
    return tok.lemma_.lower() not in _RELATIONAL and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)


def _own_forces(group: Actor, actor: Actor | None) -> bool:
    """group is armed or police forces with no country of their own or the actor's ('the Army', 'troops')."""
    return (
        group.kind == "group"
        and group.group in ("military", "police", "peacekeepers")
        and (group.country_iso3 is None or (actor is not None and group.country_iso3 == actor.country_iso3))
    )


def _own_country(owner: Actor | None, actor: Actor | None) -> bool:
    """owner is the bare country of actor ('US' for Obama); 'the Indian government' is a party of its own."""
    return (
        owner is not None
        and actor is not None
        and owner.kind == "gpe"
        and owner.country_iso3 is not None
        and owner.country_iso3 == actor.country_iso3
    )


def _phrase_text(text: str) -> str:
    """A noun phrase as an actor's name: no determiner or count, no possessive 's, no parenthesis ('The Foreign
    Office (FO)' is 'Foreign Office')."""
    return re.sub(r"\s*['’]s?$", "", _STRIP_DET.sub("", _PARENTHESIS.sub("", text)).strip(" ,"))


def _governing_subject(pron, kind: str | None):
    """The subject of the clause that governs the pronoun's clause, when it agrees with the pronoun ('it' a
    singular noun, 'they' a plural or collective one, 'he'/'she' a person): 'Iran said it would ...', 'the
    government has made it clear it will not ...'. None when no such subject is within three clauses."""
    t = pron.head
    for _ in range(3):
        if t.dep_ not in ("ccomp", "xcomp", "advcl", "conj", "acomp") or t.head.i == t.i:
            return None
        t = t.head
        subj = _first(t, "nsubj", "nsubjpass")
        if subj is None or subj.pos_ == "PRON":
            continue
        plural = subj.tag_ in ("NNS", "NNPS")
        person = subj.ent_type_ == "PERSON"
        if (
            (kind == "thing" and not plural and not person)
            or (kind == "plural" and (plural or not person))
            or (
                kind == "person"
                and (
                    person
                    or (subj.lemma_.lower() in _ACTOR_NOUNS and not plural and subj.lemma_.lower() not in _INSTITUTIONS)
                )
            )
        ):
            return subj
        return None
    return None


def _partitive_of(tok):
    """The 'of' object when tok only counts it ('dozens of activists', '2,000 of the prisoners'), else None."""
    if not (tok.lemma_.lower() in _PARTITIVE or tok.lower_ in _PARTITIVE or tok.pos_ == "NUM"):
        return None
    return next((po for pr, po in _preps(tok) if pr == "of" and po.pos_ in ("NOUN", "PROPN")), None)


def _is_pair(tok) -> bool:
    """'the two presidents', 'both sides', 'the parties': the two actors of an earlier event."""
    return tok.lower_ in ("sides", "parties") or (
        tok.tag_ == "NNS"
        and tok.lemma_.lower() in _ACTOR_NOUNS
        and any(c.lower_ in ("two", "both") for c in tok.children)
    )


def _actor(tok, ctx: _SentenceContext, history: _History) -> Actor | None:
    """The actor a noun phrase names: a known person/organisation/country from the gazetteer or NER, a
    demonym + group noun ('Iraqi troops'), or a pronoun resolved from earlier in the article."""
    if tok is None:
        return None
    of_whom = _partitive_of(tok)
    if of_whom is not None:
        return _actor(of_whom, ctx, history)  # 'dozens of political activists', 'hundreds of families'
    if (tok.pos_ == "PRON" or tok.lower_ in _PRONOUNS) and not (tok.is_upper and len(tok.text) > 1):
        kind = _PRONOUNS.get(tok.lower_)
        rep = _reporting_head(tok) if tok.dep_ in ("nsubj", "nsubjpass") else None
        speaker = _subject(rep) if rep is not None else None
        if speaker is not None and speaker.i != tok.i and speaker.pos_ != "PRON":
            return _actor(speaker, ctx, history)  # 'Israel said it will not ...': it = the speaker
        if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
            return _actor(tok.head.head, ctx, history)
        governor = _governing_subject(tok, kind) if tok.dep_ in ("nsubj", "nsubjpass") else None
        if governor is not None and (found := _actor(governor, ctx, history)) is not None:
            return found  # 'the government has made it clear it will not lift': it = the government
        return history.resolve(kind) if kind else None
    if _is_pair(tok):
        return None  # resolved by the caller to the pair named earlier, or left empty
    ent = _entity_of(tok)
    if ent is None or ent.label_ != "PERSON":
        # 'Minister, Chief of Staff, Col-Gen Karim Valiyev': the person the titles name
        appos = [c for c in tok.children if c.dep_ == "appos"]
        named = next((a for a in appos if a.ent_type_ == "PERSON"), None) or next(
            (
                a
                for a in tok.subtree
                if a.ent_type_ == "PERSON" and a.dep_ in ("appos", "compound") and a.head.i == tok.i
            ),
            None,
        )
        if named is None and ent is None:
            named = next((a for a in appos if _entity_of(a) is not None), None)
        if named is not None and tok.lemma_.lower() in _INSTITUTIONS and named.dep_ == "compound":
            named = None  # 'the Trump administration' is the administration, not Trump
        if named is not None and (ent is None or tok.lemma_.lower() in _ACTOR_NOUNS):
            tok, ent = named, _entity_of(named)
    if tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"):
        return None
    doc = tok.doc
    left, right = _np_span(tok)
    if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
        left, right = min(left, ent.start), max(right, ent.end)
    span = doc[left:right]
    s_char, e_char = span.start_char, span.end_char
    if ent is None and tok.pos_ == "NOUN" and not _names_actor(tok, ctx.extra_dir) and _sponsor_only(tok):
        return None  # 'a UN-brokered ceasefire': the name modifies a participle, it does not own the thing
    known = _dictionary_actor(span, tok, ent, ctx, history)
    if known is not None:
        return known
    mentions = ctx.mentions_in(s_char, e_char)
    countries = [m for m in mentions if m.entry.country_iso3]
    people = [m for m in mentions if m.entry.kind == "person"]
    orgs = [m for m in mentions if m.entry.kind == "org"]
    head_is_actor_noun = _actor_noun_head(tok)
    country = (
        people[0].entry.country_iso3
        if people and people[0].entry.country_iso3
        else next((m.entry.country_iso3 for m in countries if m.entry.kind in ("country", "demonym", "capital")), None)
        or (countries[0].entry.country_iso3 if countries else None)
    )
    if people:
        return Actor(people[0].entry.name, country, s_char, e_char, True, kind="person")
    if ent is not None and ent.label_ == "PERSON" and not head_is_actor_noun:
        name = ent.text
        linked = ctx.gazetteer.link_person(name) if ctx.gazetteer is not None else None
        if linked is not None:
            return Actor(linked.name, linked.country_iso3 or country, s_char, e_char, True, kind="person")
        if any(
            m.start <= ent.start_char and ent.end_char <= m.end and m.entry.kind in ("city", "region", "country")
            for m in mentions
        ):
            return None  # 'Lachin' read as a person's name by the tagger: a place the gazetteer knows, no person
        return Actor(name, country, s_char, e_char, True, kind="person")
    if orgs and (not head_is_actor_noun or tok.pos_ == "NOUN"):
        return Actor(orgs[0].entry.name, orgs[0].entry.country_iso3 or country, s_char, e_char, True, kind="org")
    text = _phrase_text(span.text)
    if head_is_actor_noun and (tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and ent is None)):
        group = _group_of(tok.lemma_.lower())
        named = next((m for m in countries if m.entry.kind in ("country", "demonym", "capital")), None)
        whole = named is not None and any(t.idx == named.start and t.idx + len(t) == named.end for t in span)
        if named is not None and whole and group in ("military", "police", "civilians", "government", "peacekeepers"):
            # 'the Armenian troops' -> 'Armenia (military)': the country and the kind of group, one name
            from newsevents.extract.gazetteer import country_names

            cname = country_names().get(named.entry.country_iso3 or "", named.entry.name)
            return Actor(
                f"{cname} ({group})", named.entry.country_iso3, s_char, e_char, True, group=group, kind="group"
            )
        named = country is not None or any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in span)
        return Actor(text, country, s_char, e_char, named, group=group, kind="group")
    if (ent is not None and ent.label_ in ("GPE", "NORP")) or any(
        m.entry.kind in ("country", "capital") for m in mentions
    ):
        named = next((m for m in mentions if m.entry.kind in ("country", "capital", "demonym")), None)
        if named is not None:
            from newsevents.extract.gazetteer import country_names

            cname = country_names().get(named.entry.country_iso3 or "", named.entry.name)
            return Actor(cname, named.entry.country_iso3, s_char, e_char, True, kind="gpe")
        if any(m.entry.kind in ("city", "region") for m in mentions):
            return None  # 'dispatched a team to Detroit': a town or region is where, not who
        return Actor(text, country, s_char, e_char, False, kind="gpe")
    if ent is not None and ent.label_ in ("ORG", "PERSON"):
        return Actor(ent.text, country, s_char, e_char, True, kind="org" if ent.label_ == "ORG" else "person")
    if (
        tok.pos_ == "PROPN"
        and tok.is_alpha  # not 'USD1'
        and not (ent is not None and ent.label_ in ("LOC", "FAC", "GPE"))
        and not any(m.entry.kind in ("city", "region") for m in mentions)
    ):
        return Actor(text, country, s_char, e_char, False, kind="org")  # a name of unknown kind, not a place
    return None


_AGENT_KIND = {"person": "person", "org": "org", "igo": "org", "armed_group": "org", "country": "gpe", "agent": "group"}


def _dictionary_actor(span, tok, ent, ctx: _SentenceContext, history: _History) -> Actor | None:
    """The actor dictionary's reading of the noun phrase (newsevents.extract.actors: dated roles, IGOs, armed
    groups, agent nouns such as 'Iraqi troops' -> Iraq military): name, country and type of actor."""
    from newsevents.extract.actors import lookup

    text = _phrase_text(span.text)
    if not text:
        return None
    match = lookup(text, on=ctx.published, seen=history.seen, extra_dir=ctx.extra_dir)
    if match is None:
        return None
    kind = _AGENT_KIND.get(match.kind, "org")
    if kind == "person" and ent is not None and ent.label_ not in ("PERSON",) and tok.pos_ != "PROPN":
        return None  # a title word alone ('the President') is left to the rules
    history.seen.append(match)
    s_char, e_char = span.start_char, span.end_char
    if kind == "group":
        if match.country_iso3 is None:
            return Actor(text, None, s_char, e_char, False, group=match.actor_type or "other", kind="group")
        from newsevents.extract.gazetteer import country_names

        cname = country_names().get(match.country_iso3, match.name.rsplit(" ", 1)[0])
        return Actor(
            f"{cname} ({match.actor_type or 'other'})",
            match.country_iso3,
            s_char,
            e_char,
            True,
            group=match.actor_type or "other",
            kind="group",
        )
    group = match.actor_type if match.kind == "armed_group" else None
    return Actor(match.name, match.country_iso3, s_char, e_char, True, group=group, kind=kind)


def _group_of(lemma: str) -> str | None:
    return next((g for g, words in _GROUPS.items() if lemma in words), "other")


def _place(tok, ctx: _SentenceContext) -> Place | None:
    """A place named by tok's phrase: gazetteer place or GPE/LOC/FAC entity, never a person or organisation."""
    ent = _entity_of(tok)
    if ent is not None:
        s, e = ent.start_char, ent.end_char
    else:
        left, right = _np_span(tok)
        s, e = tok.doc[left:right].start_char, tok.doc[left:right].end_char
    # the phrase's head itself must be (in) the place: 'in Armenia's attacks' is not in Armenia
    mentions = [
        m
        for m in ctx.mentions_in(s, e)
        if m.start <= tok.idx < m.end or (ent is not None and m.start < ent.end_char and ent.start_char < m.end)
    ]
    if not mentions and ent is None:
        # 'Helmand province', 'the Lachin corridor': a place name compounded with a place noun
        for c in tok.children:
            if (c.dep_ == "compound" or (c.dep_ == "poss" and tok.lemma_.lower() in _PLACE_NOUNS)) and (
                c.ent_type_ in ("GPE", "LOC") or ctx.mentions_in(c.idx, c.idx + len(c))
            ):
                inner = _place(c, ctx)
                if inner is not None:
                    left, right = _np_span(tok)
                    name = inner.name if inner.kind != "ner" else _STRIP_DET.sub("", tok.doc[left:right].text)
                    return Place(name, inner.country_iso3, inner.latitude, inner.longitude, inner.kind)
    if any(m.entry.kind in ("person", "org") for m in mentions):
        return None
    places = [m for m in mentions if m.entry.kind in ("city", "region", "capital", "country")]
    if places:
        m = max(places, key=lambda m: (m.end - m.start, m.entry.kind != "country"))  # multi-word names win
        return Place(m.entry.name, m.entry.country_iso3, m.entry.latitude, m.entry.longitude, m.entry.kind)
    if ent is not None and ent.label_ in ("GPE", "LOC", "FAC"):
        return Place(ent.text, None, None, None, "ner")
    return None


def _owned(tok, pred, preds: set[int]) -> bool:
    """tok's head chain reaches pred without passing through another predicate or clause head."""
    t = tok
    for _ in range(12):
        if t.i == pred.i:
            return True
        if t.i in preds and t.i != tok.i:
            return False
        if t.head.i == t.i:
            return False
        if (
            t.i != tok.i
            and t.pos_ in ("VERB", "AUX")
            and t.i != pred.i
            and t.dep_ not in ("aux", "auxpass")
            and t.lemma_.lower() != "date"
            and not (t.dep_ == "relcl" and t.head.i == pred.i)  # 'dated November 10', 'that took place on'
            and not (pred.pos_ == "NOUN" and pred.head.i == t.i)  # the light verb carrying a noun predicate
        ):
            return False  # a verb in between: its own clause
        t = t.head
    return False


# --- extraction -------------------------------------------------------------------------------------------


@dataclass
class _History:
    """Named actors met so far in the article, for pronouns ('he', 'they') and same-type follow-ups."""

    last_person: Actor | None = None
    last_plural: Actor | None = None
    last_by_type: dict[str, Event] = field(default_factory=dict)
    last_pair: tuple[Actor, Actor] | None = None
    seen: list = field(default_factory=list)  # actor dictionary matches so far (a lone surname resolves to them)

    def resolve(self, kind: str) -> Actor | None:
        if kind == "person":
            return self.last_person
        if kind == "plural":
            return self.last_plural
        return None

    def see(self, actor: Actor | None) -> None:
        if actor is None:
            return
        if actor.kind == "person":
            self.last_person = actor
        elif actor.kind in ("gpe", "org", "group"):
            self.last_plural = actor


def extract_events(
    article_id: str,
    body: str,
    published: date | None,
    mentions: list[Mention],
    gazetteer: Gazetteer | None = None,
    extra_dir: str | None = None,
) -> list[Event]:
    """Events of one article (parses its candidate sentences in this process)."""
    return extract_events_batch([(article_id, body, published, mentions)], gazetteer, extra_dir)[0]


def extract_events_batch(
    articles: list[tuple[str, str, date | None, list[Mention]]],
    gazetteer: Gazetteer | None = None,
    extra_dir: str | None = None,
    *,
    spacy_model: str | None = None,
    ner: bool = True,
) -> list[list[Event]]:
    """Events of many articles: the candidate sentences of all of them are parsed in one nlp.pipe stream."""
    from newsevents.extract.nlp import MODEL, parse

    lexicon = load_lexicon(extra_dir)
    plans = []
    texts: list[str] = []
    for article_id, body, published, mentions in articles:
        sentences = split_sentences(body)
        chosen = [s for s in sentences if len(s.text) <= 1500 and candidate_sentence(s.text, lexicon)]
        plans.append((article_id, body, published, mentions, chosen, len(texts)))
        texts += [s.text for s in chosen]
    # a stream (one batch of Docs in memory at a time); entities only for a sentence with a predicate (a sentence
    # without one has no event; a quoted word is a predicate here, so no sentence that has one is left out)
    docs = parse(
        texts,
        model=spacy_model or MODEL,
        ner=ner,
        needs_entities=lambda doc: bool(_predicates(doc, lexicon, _nowhere)),
    )
    out = []
    for article_id, body, published, mentions, chosen, _offset in plans:
        article_docs = list(islice(docs, len(chosen)))
        out.append(
            _article_events(article_id, body, published, mentions, chosen, article_docs, gazetteer, extra_dir, lexicon)
        )
    return out


def _nowhere(_char: int) -> bool:
    return False


def _article_events(
    article_id, body, published, mentions, sentences, docs, gazetteer, extra_dir, lexicon
) -> list[Event]:
    quoted = [m.span() for m in _QUOTE_PAIRS.finditer(body)]
    mentions = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    history = _History()
    events: list[Event] = []
    prev: list[Event] = []
    for sentence, doc in zip(sentences, docs):
        a, b = sentence.start, sentence.end
        local = [
            replace(m, start=m.start - a, end=m.end - a)
            for m in mentions[bisect_left(starts, a) : bisect_left(starts, b)]
            if m.end <= b
        ]
        local_quoted = [(max(qs, a) - a, min(qe, b) - a) for qs, qe in quoted if qs < b and a < qe]
        ctx = _SentenceContext(sentence, doc, local, local_quoted, gazetteer, lexicon, published, extra_dir)
        found = _sentence_events(article_id, ctx, published, extra_dir, lexicon, history)
        _inherit_context(found, prev, sentence)
        for ev in found:
            ev.confidence = _confidence(ev)
            if ev.actor1 is not None:
                history.last_by_type[ev.event_type.event_type] = ev
            if ev.actor1 is not None and ev.actor2 is not None and ev.event_type.symmetric:
                history.last_pair = (ev.actor1, ev.actor2)
        events.extend(found)
        prev = found or (prev if prev and prev[0].sentence.paragraph == sentence.paragraph else [])
    # 'who did what to whom': an event needs an actor, a victim count or a date of its own ('the declaration
    # signed on November 10, 2020', whose signatories another sentence names)
    kept = [e for e in events if e.actor1 or e.actor2 or e.killed or e.injured or e.date_source == "sentence"]
    return _merge_within_article(kept)


def _non_event_cause(v, subj, lexicon: Lexicon) -> bool:
    """'the fire killed', 'died in the earthquake', 'killed by a landslide': a cause the noun list codes '---'."""
    causes = [subj] + [po for pr, po in _preps(v) if pr in ("in", "during", "by", "from", "after")]
    return any(c is not None and _noun_code(c, lexicon) == "---" for c in causes)


def _match_verb(v, entry: VerbEntry, lexicon: Lexicon) -> tuple[str, int] | None:
    """(CAMEO code, pattern specificity) of verb token v, or None (no event)."""
    passive = _passive_subject(v) is not None
    subj = _agent(v) if passive else _subject(v)
    if _non_event_cause(v, subj, lexicon):
        return None
    obj = _passive_subject(v) if passive else _first(v, "dobj", "attr", "dative")
    preps = _preps(v)
    if obj is not None:
        preps += _preps(obj)  # 'signed an agreement with X': the pattern's oblique may hang on the object
    matched: list[VerbPattern] = []
    for p in entry.patterns:
        if matched and p.specificity < matched[0].specificity:
            break
        if p.subject and not _phrase_ok(p.subject, subj, lexicon):
            continue
        if p.obj and not _phrase_ok(p.obj, obj, lexicon):
            continue
        if p.prep and not any(
            pr == p.prep and (not p.prep_obj or _phrase_ok(p.prep_obj, po, lexicon)) for pr, po in preps
        ):
            continue
        matched.append(p)
    if matched:
        # among equally specific patterns, the one written with the word form of the text ('lift sanctions' 085
        # over 'lift sanction' 0351: PETRARCH matches word forms, the parse gives lemmas)
        p = next((m for m in matched if m.obj and obj is not None and m.obj[-1] == obj.lower_), matched[0])
        if p.code == "---":
            return None
        return p.code, p.specificity
    if entry.code == "---":
        return None
    return entry.code, 1 if entry.curated else 0


def _verb_lemma(v) -> str:
    lemma = v.lemma_.lower()
    prt = _first(v, "prt")
    return f"{lemma} {prt.lower_}" if prt is not None else lemma


def _noun_code(tok, lexicon: Lexicon) -> str | None:
    entries = lexicon.nouns.get(tok.lemma_.lower(), ())
    if not entries:
        return None
    left = tok.doc[tok.left_edge.i : tok.i].text.lower() if tok.left_edge.i < tok.i else ""
    for n in sorted(entries, key=lambda n: not n.modifier):  # a modified sense first ('phone call')
        if not n.modifier or n.modifier in left:
            return n.code
    return None


def _predicates(doc, lexicon: Lexicon, in_quote: Callable[[int], bool]) -> dict[int, tuple[str, int, str]]:
    """The sentence's predicates: token index -> (CAMEO code, specificity, kind), from the tokens, lemmas, POS and
    dependencies only (never the entities: extract_events_batch runs the entity recogniser only on sentences that
    have one). in_quote(char offset): a quoted token is no predicate."""
    preds: dict[int, tuple[str, int, str]] = {}  # token index -> (code, specificity, kind)
    for tok in doc:
        if in_quote(tok.idx):
            continue
        if tok.dep_ in ("prep", "mark", "case", "amod", "compound") or (
            tok.lemma_.lower() == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in tok.children)
        ):
            continue  # 'According to', 'took place', 'the armed forces': not predicates
        if tok.pos_ in ("VERB",) or (tok.pos_ == "AUX" and tok.dep_ == "ROOT" and tok.lemma_ != "be"):
            entry = lexicon.verbs.get(_verb_lemma(tok)) or lexicon.verbs.get(tok.lemma_.lower())
            coded = _match_verb(tok, entry, lexicon) if entry is not None else None
            obj = _first(tok, "dobj")
            noun = _noun_code(obj, lexicon) if obj is not None else None
            carried = noun is not None and noun[:2] in ("07", "16") or (noun or "").startswith("087")
            if (
                noun
                and noun != "---"
                and (tok.lemma_.lower() in _LIGHT or (carried and coded is None))
                and (coded is None or coded[1] == 0 or coded[0][:2] == "01")
            ):
                coded = (noun, 1)  # 'launched an attack', 'held talks', 'earmarked aid'
                if noun[:2] == "16" and tok.lemma_.lower() in _EASE:
                    coded = ("085", 1)  # 'lifted the embargo': CAMEO 085, ease sanctions, boycott, embargo
            if coded is None and entry is not None and _first(tok, "neg") is not None and _future_aux(tok):
                coded = ("120", 0)  # 'will not lift the embargo': a refusal whatever the verb
            if coded is not None:
                preds[tok.i] = (coded[0], coded[1], "verb")
    for tok in doc:
        if tok.pos_ != "NOUN" or in_quote(tok.idx) or tok.i in preds:
            continue
        code = _noun_code(tok, lexicon)
        if code is None or code == "---":
            continue
        h = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass") and code[:2] == "04" and h.i not in preds:
            preds[tok.i] = (code, 1, "noun")  # 'The Baku-hosted meeting between X and Y focused on ...'
        elif tok.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ in ("before", "after", "since", "following", "until"):
            preds[tok.i] = (code, 1, "noun")  # 'a day before the withdrawal of Armenian troops from Kalbajar'
        elif tok.dep_ in ("nsubj", "nsubjpass") and (h.lemma_.lower() in _HAPPEN or h.i in preds):
            if h.i in preds and preds[h.i][0][:2] in ("18", "19", "20") and code[:2] in ("18", "19", "20"):
                # 'the explosion killed seven': one happening, typed by the more specific of the two
                if len(code) >= len(preds[h.i][0]) and code != "190":
                    preds[h.i] = (code, preds[h.i][1] + 1, "verb")
                continue
            preds[tok.i] = (code, 1, "noun")
        elif tok.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ in ("in", "during") and h.head.i in preds:
            vcode = preds[h.head.i][0]
            if vcode[:2] in ("18", "19", "20") and code[:2] in ("18", "19", "20") and len(code) > len(vcode):
                preds[h.head.i] = (code, preds[h.head.i][1] + 1, "verb")  # 'killed in a bomb explosion'
        elif (
            tok.dep_ == "pobj"
            and h.dep_ == "prep"
            and h.lower_ in ("in", "during", "at")
            and code[:2] == "04"
            and h.head.pos_ == "VERB"
            and h.head.i not in preds
        ):
            preds[tok.i] = (code, 1, "noun")  # 'In a phone conversation on November 24, the two presidents ...'
        elif tok.dep_ == "ROOT":
            preds[tok.i] = (code, 1, "noun")  # headline-like: 'Air strike on Gaza'
    return preds


def _sentence_events(
    article_id: str,
    ctx: _SentenceContext,
    published: date | None,
    extra_dir: str | None,
    lexicon: Lexicon,
    history: _History,
) -> list[Event]:
    doc = ctx.doc
    text = ctx.sentence.text
    # 1. predicates
    preds = _predicates(doc, lexicon, ctx.in_quote)
    if not preds:
        return []
    for i in list(preds):  # 'As a result of the mine explosion, seven policemen were killed': the explosion
        code = preds[i][0]
        if code[:2] in ("18", "19", "20") and doc[i].pos_ == "VERB":
            for t in doc[i].subtree:
                if t.pos_ == "NOUN" and t.i not in preds and t.i != i:
                    nc = _noun_code(t, lexicon)
                    if nc and nc[:2] in ("18", "19", "20") and nc != "190" and len(nc) >= len(code) and code != nc:
                        preds[i] = (nc, preds[i][1] + 1, "verb")
                        break
    preds_before = dict(preds)
    intents = _intent_anchors(preds, doc, text)
    for i in sorted(preds):  # ', killing 17 soldiers' / 'and killed': one violent happening with its main verb
        v = doc[i]
        if (
            i in preds
            and preds[i][0][:2] in ("18", "19", "20")
            and v.dep_ in ("advcl", "conj", "xcomp")
            and v.head.i in preds
            and preds[v.head.i][0][:2] in ("18", "19", "20")
        ):
            h = v.head
            # '11 soldiers were killed after the Islamic State attacked': keep the clause that names the attacker
            headless = _passive_subject(h) is not None and _agent(h) is None
            if headless and _first(v, "nsubj") is not None:
                del preds[h.i]
            else:
                del preds[i]
    pred_ids = set(preds)
    dates = find_dates(text)
    out: list[Event] = []
    statements: list[tuple[Event, Token]] = []
    for i, (code, spec, kind) in sorted(preds.items()):
        v = doc[i]
        etype = type_for_code(code, extra_dir)
        if etype is None:
            continue
        status = _status(v, text)
        converted = None
        if status == "negated" and kind != "intent" and _future_aux(v):
            converted = "120"  # 'X will not lift the ban': X rejects
        elif status == "negated" and kind == "intent":
            status = "occurred"  # 'is not willing to' was coded as a rejection by _intent_anchors
        elif status in ("negated", "hypothetical", "question"):
            continue
        # governing verbs ('demanded that ...', 'urged X to withdraw'): the complement is not an event
        gov = v.head if v.dep_ in ("xcomp", "ccomp") and v.head.i in preds else None
        if gov is not None and (type_for_code(preds[gov.i][0], extra_dir) or etype).governing:
            continue
        if status == "future" and gov is not None:
            continue
        if (
            kind == "verb"
            and v.dep_ == "acl"
            and v.tag_ == "VBN"
            and _agent(v) is None
            and _event_date(v, dates, ctx, pred_ids) is None
        ):
            continue  # 'sanctions imposed on China', 'a citizen held hostage': a description, not a report
        if kind == "verb" and spec == 0 and etype.cameo_root != "01":
            # a verb coded by itself (no pattern) is an event only with its doer named in its own clause, as in
            # PETRARCH, which codes a verb only between actors: 'related', 'controlled', 'enabled' alone are not
            doer_tok = _agent(v) if _passive_subject(v) is not None else _subject(v)
            doer = _actor(doer_tok, ctx, history)
            bare = (
                doer is not None
                and not doer.known
                and doer_tok is not None
                and doer_tok.tag_ == "NNS"
                and doer_tok.left_edge.i == doer_tok.i
            )  # 'Officials met.': a bare plural, nobody in particular
            if (doer is None or bare) and not etype.victims:
                continue
        if etype.cameo_root in ("18", "19", "20") and _metaphoric(v, kind, ctx, history):
            continue  # 'launched an attack on the cost of the asylum system', 'hit the headlines'
        if kind == "intent":
            emb = doc[intents[i]]
            a1 = _actor(_subject(v) or _subject(emb), ctx, history)
            _, a2 = _roles(emb, "verb", type_for_code(preds_before[intents[i]][0], extra_dir) or etype, ctx, history)
            subj = _subject(v)
            if a2 is None and subj is not None and etype.cameo_root in _JOINT_ROOTS and _first(subj, "conj"):
                a2 = _actor(_first(subj, "conj"), ctx, history)  # 'Canada and Costa Rica agreed to start talks'
        else:
            a1, a2 = _roles(v, kind, etype, ctx, history)
        rep = _reporting_head(v)
        reported = rep is not None and etype.cameo_root != "01"
        place = _event_place(v, etype, ctx, pred_ids)
        date_m = _event_date(v, dates, ctx, pred_ids)
        date_source = "sentence"
        if date_m is None and rep is not None and etype.cameo_root != "01":
            # '..., the Ministry reported on March 22': the report's date bounds the reported event
            date_m, date_source = _event_date(rep, dates, ctx, pred_ids - {rep.i} | {rep.i}), "report"
        clause = _clause_text(v, etype, text)
        killed, injured, troops = _counts(doc, etype, clause)
        aggregate = bool(_AGGREGATE.search(clause)) and bool(killed or injured)
        resolved = resolve(date_m, published) if date_m is not None and not aggregate else None
        if aggregate and date_m is not None:
            r = resolve(date_m, published)
            resolved = r if r is not None and r.end is not None else None  # a stated range keeps its span
        mention_kind = "current"
        if status == "future" and (resolved is None or (published and resolved.value <= published)):
            # an announced intention without a date of its own: the announcement is the event (CAMEO 03 to
            # cooperate, 13 to use force); 'will not' is a rejection (12)
            converted = converted or ("030" if etype.quad_class <= 2 else "130")
            status, resolved, date_m = "occurred", None, None
        if converted is not None:
            etype = type_for_code(converted, extra_dir) or etype
            mood = _mood_token(v)
            if mood is not None and mood.i != v.i:  # 'Ethiopia said it would allow WFP to deliver': Ethiopia
                a1 = _actor(_subject(mood), ctx, history) or a1
            status = "occurred"
            killed = injured = None
        if status == "future" or (resolved and published and resolved.value > published):
            mention_kind = "future"
        elif resolved and published and resolved.value < published - timedelta(days=30):
            mention_kind = "background"
        if a2 is not None and place is not None and a2.name == place.name and a2.kind != "person":
            a2 = None  # 'vacated Aghdam': the place left, not a party
        countries = sorted(
            {
                a.country_iso3
                for a in (a1, a2) + _conjoined_actors(v, kind, ctx, history)
                if a is not None and a.country_iso3
            }
        )
        ev = Event(
            _hash("e", article_id, str(ctx.sentence.start + v.idx), etype.event_type),
            etype,
            a1,
            a2,
            countries,
            resolved,
            date_m.text if date_m and resolved else None,
            date_source if resolved else "none",
            _as_mention(place),
            killed,
            injured,
            troops,
            ctx.sentence,
            _trigger_text(v, doc, doc[intents[i]] if kind == "intent" else None),
            mention_kind,
            0.0,
            status="ongoing" if aggregate else status,
            is_aggregate=aggregate,
            specificity=spec,
            role_score=(a1 is not None) + (a2 is not None),
            depth=_depth(v),
            reported=reported,
            evidence_kind=kind,
            pred_i=v.i,
            report_i=rep.i if rep is not None else -1,
        )
        if etype.cameo_root == "01":
            statements.append((ev, v))
        else:
            out.append(ev)
        history.see(a1)
        history.see(a2)
    out = _merge_violence(out)
    # A statement whose complement holds a real event: kept only when its speaker is named and is not the
    # event's own actor ('Israel said it will not lift the embargo' is Israel's refusal, not also a statement).
    for ev, v in statements:
        inner = [e for e in out if e.report_i == v.i]
        if ev.actor1 is None or (inner and not ev.actor1.known):
            continue
        if any(e.actor1 is not None and e.actor1.name == ev.actor1.name for e in inner):
            continue
        out.append(ev)
    return out


_INTENT_HEADS = frozenset(
    [
        "ready",
        "willing",
        "prepared",
        "committed",
        "determined",
        "eager",
        "keen",
        "agree",
        "offer",
        "pledge",
        "promise",
        "vow",
        "intend",
        "plan",
        "decide",
        "aim",
        "seek",
        "propose",
        "volunteer",
        "undertake",
    ]
)


def _mood_token(v):
    """The token of v's clause chain (v, then its xcomp/conj heads) that carries 'will'/'would' or a negation."""
    t = v
    for _ in range(4):
        if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in _MODAL_FUT | {"would"}) for c in t.children):
            return t
        if t.dep_ not in ("xcomp", "conj") or t.head.i == t.i:
            return None
        t = t.head
    return None


def _future_aux(v) -> bool:
    t = v
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in _MODAL_FUT for c in t.children):
            return True
        if t.dep_ != "conj":
            return False
        t = t.head
    return False


def _intent_anchors(preds: dict[int, tuple[str, int, str]], doc, text: str) -> dict[int, int]:
    """'X is willing to withdraw', 'X agreed to resign', 'X vowed to attack': the intention is the event (03 to
    cooperate, 13 to use force, 12 when it is refused), anchored on the governing verb; the intended act is not
    an event. Returns anchor token -> the intended act's token (whose target is the event's actor2)."""
    anchors: dict[int, int] = {}
    for i, (code, spec, _kind) in sorted(preds.items()):
        v = doc[i]
        if v.dep_ != "xcomp" or i not in preds:
            continue
        h = v.head
        if h.lemma_.lower() not in _INTENT_HEADS:
            continue
        anchor = h.head if h.pos_ == "ADJ" and h.dep_ in ("acomp", "amod") else h
        negated = any(c.dep_ == "neg" for c in list(anchor.children) + list(h.children))
        new = "120" if negated else "030" if int(code[:2]) <= 8 else "130"
        del preds[i]
        old = preds.get(anchor.i)
        if old is None or old[0][:2] not in ("03", "12", "13"):
            preds[anchor.i] = (new, spec, "intent")
            anchors[anchor.i] = i
        elif old is not None:
            anchors.pop(anchor.i, None)
    return anchors


_PHYSICAL_TARGETS = frozenset(
    [
        "base",
        "camp",
        "village",
        "town",
        "city",
        "building",
        "convoy",
        "vehicle",
        "car",
        "bus",
        "truck",
        "checkpoint",
        "position",
        "positions",
        "headquarters",
        "station",
        "school",
        "hospital",
        "market",
        "mosque",
        "church",
        "temple",
        "house",
        "home",
        "office",
        "embassy",
        "ship",
        "boat",
        "plane",
        "aircraft",
        "jet",
        "drone",
        "helicopter",
        "tank",
        "target",
        "area",
        "region",
        "border",
        "post",
        "outpost",
        "compound",
        "facility",
        "bridge",
        "road",
        "airport",
        "port",
        "pipeline",
        "infrastructure",
        "bastion",
        "stronghold",
        "enclave",
        "district",
        "province",
        "territory",
        "street",
        "square",
        "neighbourhood",
        "neighborhood",
        "prison",
        "jail",
        "barracks",
        "depot",
        "warehouse",
        "plant",
        "site",
        "hideout",
        "shelter",
        "capital",
        "settlement",
        "refinery",
        "field",
    ]
)


def _metaphoric(v, kind: str, ctx: _SentenceContext, history: _History) -> bool:
    """A violent word whose target is neither an actor, nor a place, nor a physical target is a metaphor
    ('launched an attack on the cost of Britain's asylum system')."""
    if kind == "noun":
        target = next((po for pr, po in _preps(v) if pr in ("on", "against")), None)
    else:
        obj = _first(v, "dobj")
        target = obj
        if obj is not None and _noun_code(obj, ctx_lexicon(ctx)) is not None:  # 'launched an attack on X'
            target = next((po for pr, po in _preps(obj) if pr in ("on", "against")), None)
    if target is None or target.pos_ not in ("NOUN", "PROPN"):
        return False
    if target.lemma_.lower() in _PHYSICAL_TARGETS or target.lemma_.lower() in _ACTOR_NOUNS:
        return False
    if target.ent_type_ or target.pos_ == "PROPN" or target.like_num:
        return False
    if any(c.like_num or c.dep_ == "nummod" for c in target.children):
        return False  # 'killed 17', 'wounded 5 of them'
    if not _abstract(target):
        return False  # 'tortured an inmate', 'shelled the convoy': a concrete target, even one no list names
    return _actor(target, ctx, history) is None and _place(target, ctx) is None


# Abstract nouns, the targets of metaphorical violence ('attack on the cost of asylum', 'killed the bill').
_ABSTRACT_SUFFIXES = ("tion", "sion", "ment", "ity", "ness", "ance", "ence", "ism", "ship", "ogy", "acy")
_ABSTRACT = frozenset(
    [
        "cost",
        "price",
        "policy",
        "plan",
        "idea",
        "record",
        "system",
        "law",
        "rule",
        "budget",
        "tax",
        "economy",
        "market",
        "deal",
        "proposal",
        "bill",
        "reform",
        "rate",
        "problem",
        "issue",
        "crisis",
        "claim",
        "report",
        "strategy",
        "approach",
        "view",
        "headline",
        "argument",
        "case",
        "chance",
        "hope",
        "dream",
        "myth",
        "rumour",
        "rumor",
        "narrative",
        "culture",
        "spending",
        "inflation",
        "poverty",
        "corruption",
        "crime",
    ]
)


def _abstract(tok) -> bool:
    lemma = tok.lemma_.lower()
    return lemma in _ABSTRACT or (len(lemma) > 5 and lemma.endswith(_ABSTRACT_SUFFIXES))


def _merge_violence(events: list[Event]) -> list[Event]:
    """Violent predicates of one sentence ('94 civilians were killed and hundreds injured in Armenia's attacks')
    are one happening unless they name different doers: the most specific code, the union of the roles."""
    violent = [e for e in events if e.event_type.victims]
    if len(violent) < 2:
        return events
    keep = violent[0]
    merged = [keep]
    for e in violent[1:]:
        if keep.actor1 and e.actor1 and keep.actor1.name != e.actor1.name:
            merged.append(e)
            continue
        if len(e.event_type.cameo_code) > len(keep.event_type.cameo_code) or (
            e.actor1 is not None and keep.actor1 is None
        ):
            keep.event_type, keep.trigger_text = e.event_type, e.trigger_text
        for attr in ("actor1", "actor2", "location", "killed", "injured", "resolved", "date_text"):
            if getattr(keep, attr) is None and getattr(e, attr) is not None:
                setattr(keep, attr, getattr(e, attr))
        if (
            keep.actor2 is not None
            and keep.actor2.kind == "object"
            and e.actor2 is not None
            and e.actor2.kind != "object"
        ):
            keep.actor2 = e.actor2  # 'hit the enclave ..., killing 32 civilians': the people harmed, not the thing hit
        if keep.date_source == "none" and e.date_source != "none":
            keep.date_source, keep.mention_kind = e.date_source, e.mention_kind
        keep.countries = sorted(set(keep.countries) | set(e.countries))
        keep.role_score = (keep.actor1 is not None) + (keep.actor2 is not None)
    return [e for e in events if not e.event_type.victims] + merged


def _trigger_text(v, doc, embedded=None) -> str:
    """The predicate with its particle and its object head: 'launched an attack', 'is willing to withdraw'."""
    if embedded is not None:
        return doc[min(v.i, embedded.i) : max(v.i, embedded.i) + 1].text
    toks = [v] + _children(v, "prt")
    obj = _first(v, "dobj")
    if obj is not None and v.pos_ == "VERB" and obj.pos_ == "NOUN":
        toks.append(obj)
    toks.sort(key=lambda t: t.i)
    return doc[toks[0].i : toks[-1].i + 1].text


def _roles(
    v, kind: str, etype: EventType, ctx: _SentenceContext, history: _History, depth: int = 0
) -> tuple[Actor | None, Actor | None]:
    if kind == "noun":
        a1_tok = _first(v, "poss") or next((po for pr, po in _preps(v) if pr == "by"), None)
        of_tok = next((po for pr, po in _preps(v) if pr == "of"), None)
        of_actor = _of_role(v, ctx_lexicon(ctx)) == "actor"
        if a1_tok is None and not etype.symmetric and of_actor:
            a1_tok = of_tok  # 'the withdrawal of Armenian troops'
        if (
            a1_tok is None
            and v.dep_ == "pobj"
            and v.head.lower_ in ("in", "during", "at")
            and v.head.head.pos_ == "VERB"
        ):
            a1_tok = _subject(v.head.head)  # 'In a phone call, the presidents discussed': they took part
            if a1_tok is not None and _is_pair(a1_tok) and history.last_pair is not None:
                return history.last_pair
        a2_tok = next((po for pr, po in _preps(v) if pr in ("on", "against", "with", "between")), None)
        if a2_tok is None and not of_actor and not etype.symmetric:
            a2_tok = of_tok  # 'the release of a French citizen', 'the shelling of Stepanakert'
        # 'the Israeli air strike', 'a Hamas attack' name the doer; 'the Bali bombing' names the place
        comp = next(
            (
                c
                for c in v.lefts
                if c.dep_ in ("compound", "amod")
                and (c.ent_type_ in ("NORP", "ORG") or (c.ent_type_ == "GPE" and _place(c, ctx) is None))
                and not c.text.lower().endswith("-hosted")
            ),
            None,
        )
        if a1_tok is None and comp is not None:
            a1_tok = comp
        a1 = _actor(a1_tok, ctx, history)
        a2 = _actor(a2_tok, ctx, history)
        people = [
            e
            for e in v.doc.ents
            if e.label_ == "PERSON"
            and a2_tok is not None
            and a2_tok.left_edge.i <= e.root.i <= max(a2_tok.right_edge.i, a2_tok.i)
        ]
        if etype.symmetric and a1 is None and len(people) >= 2 and any(pr == "between" for pr, _ in _preps(v)):
            return _actor(people[0].root, ctx, history), _actor(people[-1].root, ctx, history)
        if a2_tok is not None and a2 is not None and etype.symmetric and a1 is None:
            conj = next((c for c in a2_tok.subtree if c.dep_ == "conj"), None)
            a1, a2 = a2, _actor(conj, ctx, history)
        return a1, a2
    passive = _passive_subject(v) is not None
    if etype.cameo_root == "01" and v.lemma_.lower() in _REPORTING and _first(v, "nsubj") is None:
        # '..., Hikmet Hajiyev, Assistant to the President, said': the named speaker just before the verb
        near = [e for e in reversed(v.doc.ents) if e.end <= v.i and v.i - e.end <= 14]
        speaker = next((e for e in near if e.label_ == "PERSON"), None) or next(
            (e for e in near if e.label_ == "ORG"), None
        )
        if speaker is not None:
            a1 = _actor(speaker.root, ctx, history)
            a2 = _statement_target(v, ctx, history)
            return a1, a2
    if passive:
        a1_tok = _agent(v)
        a2_tok = _passive_subject(v)
        if a1_tok is None and not etype.victims and etype.cameo_root in ("06", "07", "08", "15"):
            a1_tok, a2_tok = a2_tok, None  # 'peacekeepers were deployed', 'troops were withdrawn': they move
    else:
        a1_tok = _subject(v)
        a2_tok = _first(v, "dobj", "dative")
    if a1_tok is not None and _is_pair(a1_tok) and history.last_pair is not None and etype.symmetric:
        return history.last_pair  # 'the two presidents', 'the sides': the pair named earlier
    a1 = _actor(a1_tok, ctx, history)
    a2 = _actor(a2_tok, ctx, history)
    if (
        a2_tok is not None
        and a2_tok.pos_ == "NOUN"
        and not _names_actor(a2_tok, ctx.extra_dir)
        and _first(a2_tok, "poss") is None  # 'defended Russia's efforts': Russia is a party
        and _own_country(a2, a1)
    ):
        a2 = None  # 'Obama lifts US embargo': the actor's own country modifies the thing acted on
    if a2 is not None and a2_tok is not None and _owned_by_pronoun(a2_tok):
        a2 = None  # 'withdraw its troops': the actor's own, not a target
    if a2 is not None and a2.kind == "gpe" and etype.cameo_code.startswith("087"):
        a2 = None  # 'vacated Aghdam': the place left, not a party
    if a2 is not None and not passive and _own_forces(a2, a1) and etype.cameo_root in ("06", "07", "15"):
        # 'mobilized the army', 'sent troops to X': the actor's own forces; the recipient, if any, is the party
        a2 = next(
            (a for pr, po in _preps(v) if pr in ("to", "for") and (a := _actor(po, ctx, history)) is not None), None
        )
    if a1 is None:  # 'were killed in Armenia's attacks': the agent of the event noun the verb happens in
        for pr, po in _preps(v):
            if pr in ("in", "during", "by") and _noun_code(po, ctx_lexicon(ctx)) is not None:
                owner = _first(po, "poss") or next((o for r, o in _preps(po) if r == "by"), None)
                a1 = _actor(owner, ctx, history) if owner is not None else None
                if a1 is not None:
                    break
    if a2 is None:
        obj = a2_tok
        candidates = _preps(v) + (_preps(obj) if obj is not None else [])
        for pr, po in list(candidates):  # 'said in an interview with the BBC', 'called for sanctions against X'
            if pr in ("in", "during", "at", "for") and _noun_code(po, ctx_lexicon(ctx)) is not None:
                candidates += _preps(po)
        if (
            obj is not None
            and etype.cameo_root != "01"  # 'expressed the condolences of the people': the statement's content
            and _nominal_event(obj, ctx_lexicon(ctx))
            and _of_role(obj, ctx_lexicon(ctx)) != "actor"
        ):
            # 'approved the extradition of Martinelli', 'announced the release of a French citizen'
            of_obj = next((po for pr, po in _preps(obj) if pr == "of"), None)
            if of_obj is not None and not _owned_by_pronoun(of_obj):
                a2 = _actor(of_obj, ctx, history)
        if obj is not None:  # 'lifted sanctions imposed on China': the participle clause describing the object
            for acl in obj.children:
                if acl.dep_ == "acl" and acl.tag_ == "VBN":
                    candidates += _preps(acl)
        if obj is not None:  # 'rejected an Afghan government offer': the offer's owner
            candidates += [
                ("on", c)
                for c in obj.children
                if c.dep_ in ("poss", "compound")
                and (c.ent_type_ in ("GPE", "ORG", "PERSON", "NORP") or c.lemma_.lower() in _ACTOR_NOUNS)
                and not (c.i + 1 < len(c.doc) and c.doc[c.i + 1].text in ("-", "–"))  # 'a UN-brokered ceasefire'
                and not _own_country(_actor(c, ctx, history), a1)  # 'Obama lifts US embargo': his own
            ]
        for prep in _TARGET_PREPS if a2 is None else ():
            for pr, po in candidates:
                if _owned_by_pronoun(po) and po.pos_ == "NOUN":
                    continue  # 'to her country', 'with their troops': the actor's own, not a party
                if pr == prep and po.ent_type_ not in ("DATE", "TIME"):
                    if (
                        pr in ("from", "into", "at", "in")
                        and _place(po, ctx) is not None
                        and not any(m.entry.kind == "country" for m in ctx.mentions_in(po.idx, po.idx + len(po)))
                    ):
                        continue  # 'withdraw from Abyei', 'took them in the Golan Heights': a place, not a party
                    a2 = _actor(po, ctx, history)
                    if a2 is not None:
                        break
            if a2 is not None:
                break
    if a1_tok is not None and a2 is None and (etype.symmetric or etype.cameo_root in _JOINT_ROOTS):
        conj = _first(a1_tok, "conj")
        if conj is not None:
            a2 = _actor(conj, ctx, history)  # 'Aliyev and Putin met'; 'China and Russia call on' are both actor1
    if a2 is None and etype.governing:
        # 'reiterated its demand that the US ease sanctions', 'urged Congress to act': who is asked
        heads = [v] + [c for c in v.children if c.dep_ == "dobj"]
        comp = next(
            (c for h in heads for c in h.children if c.dep_ in ("ccomp", "acl", "xcomp") and c.pos_ == "VERB"), None
        )
        if comp is not None:
            a2 = _actor(_first(comp, "nsubj", "nsubjpass"), ctx, history)
        if comp is not None and a2 is None and depth < 2 and comp.dep_ == "xcomp":
            # 'threatened to close all borders with Iraqi Kurdistan': the target of what it would do
            a2 = _roles(comp, "verb", etype, ctx, history, depth=depth + 1)[1]
    if a2 is None and etype.cameo_root in _ABOUT_ROOTS:
        a2 = _topic_actor(v, a1, ctx, history)  # 'said that North Korea must disarm': what it is about
    if a2 is None and etype.cameo_root in ("03", "05", "06", "07"):
        a2 = _beneficiary(v, ctx, history)  # 'provided $1.7 billion to support Syrian refugees'
    if a2 is None and etype.cameo_root in ("18", "19", "20"):
        a2 = _attacked_object(v, kind, ctx)  # 'stormed a regional police headquarters': what was attacked
    if a1 is not None and a2 is not None and a1.name == a2.name:
        a2 = None
    return a1, a2


def _attacked_object(v, kind: str, ctx: _SentenceContext) -> Actor | None:
    """The thing an attack hit when no party is named: its object, or the 'on'/'against' phrase of an attack noun
    ('overran an army base', 'an attack against civilian and military targets'). Not a place, a date, a number
    or an abstract noun; typed OBJECT."""
    if kind == "noun":
        target = next((po for pr, po in _preps(v) if pr in ("on", "against")), None)
    else:
        target = _first(v, "dobj")
        if target is not None and _noun_code(target, ctx_lexicon(ctx)) is not None:
            target = next((po for pr, po in _preps(target) if pr in ("on", "against")), None)
    if target is None or target.pos_ != "NOUN" or target.ent_type_ or _abstract(target) or _owned_by_pronoun(target):
        return None
    if _place(target, ctx) is not None or target.lemma_.lower() in _PLACE_NOUNS:
        return None
    if any(r == "of" and _place(o, ctx) is not None for r, o in _preps(target)):
        return None  # 'the rebel-held enclave of Eastern Ghouta': a place
    left, right = _np_span(target)
    span = target.doc[left:right]
    text = _phrase_text(span.text)
    if not text:
        return None
    return Actor(text, None, span.start_char, span.end_char, False, kind="object")


# Verbs that end what a sanction noun names ('lift the embargo', 'ease sanctions'): CAMEO 085, not 16.
_EASE = frozenset(["lift", "ease", "end", "remove", "scrap", "drop", "relax", "loosen", "revoke", "rescind", "cancel"])
# Cooperation that a coordinated subject does together, each with the other ('Canada and Costa Rica agreed to
# start talks'): the second conjunct is actor2 when no target is named. Not conflict: 'X and Y attacked' are allies.
_JOINT_ROOTS = frozenset(["03", "04", "05", "06", "07", "08"])
# Verbal conflict whose target is whom it is about when nobody is addressed: disapproval, rejection, threats
# ('warned that Seoul would pay'). Not plain statements: 'X said Y did Z' is Y's act, X's statement has no target.
_ABOUT_ROOTS = frozenset(["11", "12", "13"])
# Verbs of a purpose clause that name the beneficiary of a cooperative act ('aid to help Haiti').
_BENEFIT = frozenset(
    [
        "help",
        "support",
        "assist",
        "aid",
        "benefit",
        "protect",
        "rescue",
        "feed",
        "serve",
        "save",
        "reinforce",
        "back",
        "strengthen",
        "fund",
        "train",
        "equip",
        "shelter",
        "resettle",
        "compensate",
    ]
)


def _topic_actor(v, a1: Actor | None, ctx: _SentenceContext, history: _History) -> Actor | None:
    """The actor a verbal act is about: the subject of its complement clause, or an actor its 'with'/'about'/'for'
    phrases name, never the speaker itself."""
    comp = next((c for c in v.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
    cands = []
    if comp is not None:
        subj = _first(comp, "nsubj", "nsubjpass")
        if subj is not None and subj.pos_ != "PRON":
            cands.append(subj)
            cands += [po for pr, po in _preps(subj) if pr in ("with", "of", "for", "against", "toward", "towards")]
    for tok in cands:
        a = _actor(tok, ctx, history)
        if a is not None and (a1 is None or a.name != a1.name) and (a.kind != "group" or a.known):
            return a
    return None


def _beneficiary(v, ctx: _SentenceContext, history: _History) -> Actor | None:
    """Whom a cooperative act serves, from its purpose clause: 'to help Haiti', 'to support Syrian refugees'."""
    heads = [v] + [c for c in v.children if c.dep_ == "dobj"]
    for h in heads:
        for c in h.children:
            if c.dep_ in ("advcl", "xcomp", "acl", "relcl") and c.lemma_.lower() in _BENEFIT:
                obj = _first(c, "dobj")
                if obj is None:  # 'to help Haiti cope': Haiti is the subject of the helped clause
                    inner = _first(c, "ccomp", "xcomp")
                    obj = _first(inner, "nsubj") if inner is not None else None
                a = _actor(obj, ctx, history)
                if a is not None:
                    return a
    return None


def _conjoined_actors(v, kind: str, ctx: _SentenceContext, history: _History) -> tuple[Actor | None, ...]:
    """Every actor of a coordination in the predicate's subject, agent or object ('signed by Baku, Moscow and
    Yerevan'): they all take part, for actor_countries."""
    if kind != "verb":
        return ()
    heads = [t for t in (_subject(v), _agent(v), _passive_subject(v), _first(v, "dobj")) if t is not None]
    out = []
    for h in heads:
        for c in h.subtree:
            if c.dep_ == "conj" and c.head.i in {x.i for x in h.subtree}:
                out.append(_actor(c, ctx, history))
    return tuple(out)


def _statement_target(v, ctx: _SentenceContext, history: _History) -> Actor | None:
    """Who a statement was made to: 'told the BBC', 'said in an interview with the BBC'."""
    obj = _first(v, "dobj", "dative")
    if obj is not None and (a := _actor(obj, ctx, history)) is not None:
        return a
    cands = _preps(v)
    for pr, po in list(cands):
        if pr in ("in", "during", "at") and _noun_code(po, ctx_lexicon(ctx)) is not None:
            cands += _preps(po)
    for pr, po in cands:
        if pr in ("to", "with") and (a := _actor(po, ctx, history)) is not None:
            return a
    return None


def _event_place(v, etype: EventType, ctx: _SentenceContext, preds: set[int]) -> Place | None:
    """Where: a locative phrase of the predicate's own clause. 'from'/'into' only for movements (withdrawal,
    deployment); the object of a withdrawal verb ('vacated Aghdam') is its place."""
    moves = etype.cameo_root in ("08", "15")
    cands = []
    heads = [v]
    obj = _first(v, "dobj", "nsubjpass")
    if obj is not None:
        heads.append(obj)
        if moves and etype.cameo_code.startswith("087"):
            p = _place(obj, ctx)
            if p is not None:
                return p
        if etype.cameo_root in ("18", "19", "20") and _actor_free(obj):
            # 'shelled the town of Tartar', 'bombed Aleppo': the object of an attack is where it happened
            p = _place(obj, ctx) or next((_place(o, ctx) for r, o in _preps(obj) if r == "of"), None)
            if p is not None:
                return p
    if etype.cameo_root in ("18", "19", "20"):
        # 'the assault on the old-city area of Mosul', 'airstrikes on fighters holding out in Mosul's Old City':
        # where the attacked target is
        carriers = [v] + ([obj] if obj is not None and _noun_code(obj, ctx_lexicon(ctx)) else [])  # 'an assault on'
        targets = [po for h in carriers for pr, po in _preps(h) if pr in ("on", "against")]
        for target in targets + ([obj] if obj is not None else []):
            p = _target_place(target, ctx)
            if p is not None:
                return p
    heads += [po for pr, po in _preps(v) if pr in ("with", "by")]  # 'met with X in Moscow': parsed under X
    # 'was tortured and killed in a prison in Afghanistan': a conjoined verb that is no predicate of its own
    heads += [c for c in v.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i not in preds]
    for c in v.lefts:  # 'the Baku-hosted meeting', 'the Bali bombing'
        if v.pos_ == "NOUN" and c.dep_ == "compound" and c.ent_type_ in ("GPE", "LOC", "FAC"):
            p = _place(c, ctx)
            if p is not None:
                return p
        if c.lemma_.lower() == "host" and c.dep_ in ("amod", "compound", "acl"):
            for h in c.children:
                if h.dep_ in ("npadvmod", "compound", "nmod"):
                    p = _place(h, ctx)
                    if p is not None:
                        return p
    for h in heads:
        for pr, po in _preps(h):
            if pr not in _LOCATIVE or (pr in ("from", "into", "towards", "toward", "through") and not moves):
                continue
            if po.ent_type_ in ("DATE", "TIME"):
                continue
            p = _place(po, ctx)
            if p is None:
                # 'in the city of Aleppo', 'near an army base in Helmand province'
                for r, o in _preps(po):
                    if r == "of" or r in ("in", "near", "at", "outside"):
                        p = _place(o, ctx)
                        if p is not None:
                            break
            if p is not None:
                cands.append((0 if pr in ("in", "at", "near") else 1, po.i, p))
    if not cands:
        # a locative adverbial hanging on the clause root of a noun predicate's light verb
        if v.pos_ == "NOUN" and v.head.pos_ == "VERB" and v.head.i not in preds:
            return _event_place(v.head, etype, ctx, preds)
        # deeper in the predicate's own clause: 'killed in a prison in Afghanistan', 'fighters holding out in
        # Mosul's Old City' (no other clause between the place and the predicate)
        for t in v.subtree:
            if t.dep_ == "prep" and t.lower_ in _STATIC_LOCATIVE and _owned(t, v, preds):
                po = _first(t, "pobj")
                p = _place(po, ctx) if po is not None and po.ent_type_ not in ("DATE", "TIME") else None
                if p is not None:
                    return p
        return None
    return min(cands, key=lambda c: (c[0], c[1]))[2]


# Nouns for a part of a place: 'Mosul's old city', "Tartar's old town" are in Mosul, in Tartar ('Armenia's
# attacks' are not in Armenia).
_PLACE_NOUNS = frozenset(
    [
        "city",
        "town",
        "village",
        "district",
        "quarter",
        "area",
        "region",
        "province",
        "outskirts",
        "suburb",
        "centre",
        "center",
        "neighbourhood",
        "neighborhood",
        "border",
        "coast",
        "capital",
        "countryside",
        "part",
    ]
)
# Prepositions that place an event without moving it ('along the Lachin corridor'), for deeper phrases.
_STATIC_LOCATIVE = frozenset(["in", "at", "near", "outside", "inside", "along", "across", "throughout", "within"])


def _target_place(target, ctx: _SentenceContext) -> Place | None:
    """The place an attacked target is or is in: 'the area of Mosul', 'Mosul's Old City', 'fighters in Mosul'."""
    if _actor_free(target):
        p = _place(target, ctx)
        if p is not None:
            return p
    for c in target.children if _actor_free(target) else ():
        if c.dep_ == "poss" and _actor_free(c) and (p := _place(c, ctx)) is not None:
            return p  # 'Mosul's Old City'; not 'Kirkuk's governor'
    for t in target.subtree:
        if t.dep_ == "prep" and (t.lower_ in _STATIC_LOCATIVE or (t.lower_ == "of" and t.head.i == target.i)):
            po = _first(t, "pobj")
            if po is not None and po.ent_type_ not in ("DATE", "TIME") and (p := _place(po, ctx)) is not None:
                return p
    return None


def _actor_free(tok) -> bool:
    """tok's phrase names no person, organisation or group (so it may be a place)."""
    return not any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in tok.subtree) and tok.lemma_.lower() not in (
        _ACTOR_NOUNS
    )


def _as_mention(place: Place | None) -> Mention | None:
    if place is None:
        return None
    entity_type = "GPE" if place.kind in ("city", "capital", "country", "ner") else "LOC"
    entry = Entry(
        place.name,
        entity_type,
        place.kind if place.kind != "ner" else "city",
        place.country_iso3,
        place.latitude,
        place.longitude,
    )
    return Mention(0, 0, place.name, entry)


def _event_date(v, dates: list[DateMention], ctx: _SentenceContext, preds: set[int]) -> DateMention | None:
    """The date phrase whose syntactic head chain reaches the predicate without another clause between."""
    doc = ctx.doc
    best = None
    for d in dates:
        if ctx.in_quote(d.start):
            continue
        toks = [t for t in doc if d.start <= t.idx < d.end]
        if not toks:
            continue
        inside = {t.i for t in toks}
        outward = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
        head = outward[0] if outward else toks[0]  # the first token attached outside the date phrase
        owned = _owned(head, v, preds) or (v.dep_ == "acl" and _owned(head, v.head, preds - {v.i}))
        if owned and (best is None or abs(head.i - v.i) < abs(best[0] - v.i)):
            best = (head.i, d)
    if best is None and v.dep_ == "conj" and v.head.i != v.i:
        # 'On September 18, separatists infiltrated ... and planted a mine': a fronted date is shared
        shared = _event_date(v.head, dates, ctx, preds)
        if shared is not None and shared.start < v.head.idx:
            return shared
    return best[1] if best else None


def _depth_to_root(tok) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok, d = tok.head, d + 1
    return d


_KILL = frozenset({"kill", "slay", "murder", "behead", "execute", "massacre", "die", "shoot", "martyr"})
_INJURE = frozenset({"injure", "wound", "hurt", "maim"})
_APPROX = re.compile(
    r"^(?:at least|more than|over|about|around|nearly|almost|some|up to|roughly|approximately)\s+", re.I
)


def _number_of(tok) -> int | None:
    """The count a noun phrase gives: 'at least six people' -> 6, 'seven policemen and a civilian' -> 8."""
    from newsevents.extract.numbers import parse_number

    total, found = 0, False
    heads = [tok] + [c for c in tok.children if c.dep_ == "conj"]
    for h in heads:
        num = next((c for c in h.children if c.dep_ == "nummod"), None)
        if num is None and h.like_num:
            num = h
        if num is None and (h.ent_type_ == "PERSON" or (h.pos_ == "PROPN" and h.tag_ == "NNP")):
            total, found = total + 1, True  # 'Gul Rahman was tortured and killed': one person
            continue
        if num is None:
            if h.lower_ in ("dozens", "hundreds", "thousands", "scores") or (h.i != tok.i and h.pos_ == "NOUN"):
                pass
            continue
        words = [t for t in num.subtree if t.dep_ not in ("advmod", "quantmod") or t.like_num]
        text = _APPROX.sub("", " ".join(t.text for t in words))
        n = parse_number(text)
        if n is not None:
            total, found = total + n, True
    return total if found else None


def _counts(doc, etype: EventType, clause: str) -> tuple[int | None, int | None, int | None]:
    """(killed, injured, troops) for an event: victims counted by syntax ('killing 17 soldiers', '94 civilians
    were killed', 'six people died'), the regular-expression reader as fallback. Only violent types count
    victims; only force movements count troops."""
    moves = etype.cameo_root in ("06", "07", "08", "15")
    if not etype.victims and not moves:
        return None, None, None
    killed = injured = None
    if etype.victims:
        for t in doc:
            lemma = t.lemma_.lower()
            if lemma not in _KILL and lemma not in _INJURE:
                continue
            base = t.head if t.dep_ == "conj" and not _children(t, "nsubj", "nsubjpass", "dobj") else t
            if lemma in ("die", "martyr"):
                victim = _first(base, "nsubj", "nsubjpass")
            elif _first(base, "nsubjpass") is not None:
                victim = _first(base, "nsubjpass")  # 'X was tortured and killed'
            else:
                victim = _first(t, "dobj")
            n = _number_of(victim) if victim is not None else None
            if n is None:
                continue
            if lemma in _KILL and lemma != "shoot":
                killed = n if killed is None else min(killed, n)
            elif lemma in _INJURE:
                injured = n if injured is None else min(injured, n)
    rk, ri, rt = extract_counts(clause)
    return (
        killed if killed is not None else rk if etype.victims else None,
        injured if injured is not None else ri if etype.victims else None,
        rt if moves else None,
    )


def _clause_text(v, etype: EventType, text: str) -> str:
    """Text of the predicate's clause (its subtree; the whole sentence for violence, whose victims are often
    counted in another clause: '... attack, in which 5 people were killed')."""
    if etype.victims:
        return text
    sub = list(v.subtree)
    return v.doc[sub[0].i : sub[-1].i + 1].text


def _inherit_context(found: list[Event], prev: list[Event], sentence: Sentence) -> None:
    """An undated violent or movement event takes the date of the previous sentence's event in the same paragraph
    when that event is of the same quad class ('On September 18, separatists planted a mine ... As a result of the
    mine explosion, seven ... were killed'): date_source 'context', lower confidence."""
    same_par = [p for p in prev if p.sentence.paragraph == sentence.paragraph and p.resolved]
    for ev in found:
        if ev.resolved is not None or ev.event_type.cameo_root == "01" or ev.is_aggregate:
            continue
        source = next((p for p in same_par if p.event_type.quad_class == ev.event_type.quad_class), None)
        if source is None:  # the sentence just before, across a paragraph break, dates a follow-up of its type
            source = next((p for p in prev if p.resolved and p.event_type.event_type == ev.event_type.event_type), None)
        if source is not None:
            ev.resolved, ev.date_text, ev.date_source = source.resolved, source.date_text, "context"
            ev.mention_kind = source.mention_kind


def _confidence(ev: Event) -> float:
    """Evidence score in 0..1 (calibrated in extract.rows.second_opinion with the classifier's agreement)."""
    score = 0.3
    score += 0.08 * min(ev.specificity, 3)
    score += 0.15 if ev.actor1 is not None and ev.actor1.known else 0.07 if ev.actor1 is not None else 0.0
    score += 0.1 if ev.actor2 is not None else 0.0
    score += 0.05 if ev.date_source == "sentence" else 0.02 if ev.date_source == "context" else 0.0
    score += 0.05 if ev.location is not None else 0.0
    score += 0.05 if ev.location is not None and ev.date_source == "sentence" else 0.0  # where and when stated
    score += 0.1 if ev.event_type.cameo_root != "01" else 0.0
    score += 0.05 if ev.reported else 0.0
    score -= 0.05 * min(ev.depth, 2)
    score -= 0.1 if ev.mention_kind in ("background", "future") else 0.0
    score -= 0.05 if ev.evidence_kind == "noun" else 0.0
    return round(max(0.05, min(0.99, score)), 2)


def _merge_within_article(events: list[Event]) -> list[Event]:
    """One row per happening in an article: same type, same first actor, compatible dates and places."""
    merged: list[Event] = []
    by_key: dict[tuple, list[Event]] = {}
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
            twin.mention_kind = ev.mention_kind
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
    if a.actor2 and b.actor2 and a.actor2.name != b.actor2.name and not a.event_type.symmetric:
        return False
    if (
        a.resolved
        and b.resolved
        and (a.resolved.value, a.resolved.precision) != (b.resolved.value, b.resolved.precision)
    ):
        return False
    if a.location and b.location and a.location.entry.name != b.location.entry.name:
        return False
    return not (a.event_type.victims and a.killed and b.killed and a.killed != b.killed)


def _hash(prefix: str, *parts: str) -> str:
    return prefix + "_" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
