"""What does the event coder produce, and what passes between its steps? The records, all immutable and built by
keyword: a Predicate (what happened, found in a sentence), the Actors and Place of a happening, and the Event row
before it becomes a row of the events table (newsevents.extract.rows)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from newsevents.extract.gazetteer import Mention
from newsevents.extract.taxonomy import EventType
from newsevents.parse.dates import ResolvedDate
from newsevents.parse.sentences import Sentence

PredicateKind = Literal["verb", "noun", "intent"]


@dataclass(frozen=True)
class Predicate:
    """A word of the sentence that names a happening, with the CAMEO code it gives."""

    token: int  # index of the word in the sentence's parse
    code: str  # CAMEO code
    specificity: int  # of the pattern that coded it (0: the bare verb)
    kind: PredicateKind  # a verb, an event noun, or an intention anchored on its governing word
    intended: int | None = None  # for an intention: the token of the intended act ('ready to *provide* aid')


@dataclass(frozen=True, kw_only=True)
class Actor:
    name: str
    country_iso3: str | None
    start: int  # character offsets of its phrase in the sentence
    end: int
    known: bool  # named (a dictionary actor, a person, a country), not just a common noun
    group: str | None = None
    kind: str = "gpe"  # person | org | gpe | group | object (the thing an attack hit)
    sector: str | None = None  # government, military, police, ..., business, civilian (sectors.tsv); None: unknown
    noun: str | None = None  # the common noun a group is named by ('official', 'police'), for the scope rule
    plural: bool = False  # named by a plural noun ('officials'): people in general, not one of them


@dataclass(frozen=True)
class Roles:
    """Who did it (actor1) to whom (actor2)."""

    actor1: Actor | None = None
    actor2: Actor | None = None


@dataclass(frozen=True)
class Place:
    name: str
    country_iso3: str | None
    latitude: float | None
    longitude: float | None
    kind: str


@dataclass(frozen=True)
class Counts:
    killed: int | None = None
    injured: int | None = None
    troops: int | None = None


@dataclass(frozen=True, kw_only=True)
class Event:
    event_id: str
    event_type: EventType
    actor1: Actor | None
    actor2: Actor | None
    countries: tuple[str, ...]  # every participant's country (conjoined actors too)
    resolved: ResolvedDate | None
    date_text: str | None
    date_source: str  # sentence | report | context | none
    location: Mention | None
    killed: int | None
    injured: int | None
    troops: int | None
    sentence: Sentence
    trigger_text: str
    mention_kind: str  # current | background | future
    confidence: float = 0.0
    n_mentions: int = 1
    status: str = "occurred"  # occurred | ongoing | future (hypothetical/negated/question mentions are not events)
    is_aggregate: bool = False
    specificity: int = 0  # of the pattern that typed it (0: the bare verb)
    depth: int = 0  # clause depth of the predicate (0: main clause)
    reported: bool = False  # inside 'X said (that) ...'
    evidence_kind: str = "verb"  # verb | noun | intent
    report_i: int = -1  # token index of the reporting verb whose complement holds it, or -1
    in_title: bool = False  # read in the article's headline (sentence offsets are then in the title)


def event_id(article_id: str, char: int, event_type: str) -> str:
    """A stable id: the article, the predicate's character offset in the body and the type."""
    return "e_" + hashlib.sha256("\x1f".join((article_id, str(char), event_type)).encode()).hexdigest()[:16]
