"""Whose plans? A statement about 'the plans' or 'the research' is about whoever the article said owns them
('plans unveiled by the Conservatives' ... 'Mr Oaten said the plan was dangerous': about the Conservatives).
The owners of measures and findings (measure_nouns.tsv) are remembered as the article is read; a definite
mention without an owner of its own refers to the last owned one of its kind."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import replace
from typing import TYPE_CHECKING

from newsevents.extract.events.context import ArticleHistory, SentenceContext
from newsevents.extract.events.model import Actor
from newsevents.extract.events.participants import actor
from newsevents.extract.events.syntax import agent, subject
from newsevents.extract.names import country_names
from newsevents.extract.taxonomy import EventType

if TYPE_CHECKING:  # spaCy is loaded by the process that parses, not by every importer
    from spacy.tokens import Token

_DEFINITE = ("the", "this", "these", "that", "those")
_NAMED = ("ORG", "NORP", "GPE", "PERSON")


def measure_kind(tok: Token, ctx: SentenceContext) -> str | None:
    """policy or finding when tok names a measure ('the plans') or a finding ('the research')."""
    return ctx.words.measure_kinds.get(tok.lemma_.lower()) if tok.pos_ == "NOUN" else None


def owner_token(measure: Token, ctx: SentenceContext) -> Token | None:
    """Whose the measure is, as its own sentence says: its possessor or a name before it ('Labour plans'), the
    agent of a participle or passive ('plans unveiled by the Conservatives'), the subject of an authoring verb
    ('the Tories outlined their plans')."""
    for c in measure.children:
        if c.dep_ == "poss" or (c.dep_ in ("compound", "amod") and c.ent_type_ in _NAMED):
            return c
    by = next((a for c in measure.children if c.dep_ == "acl" and c.tag_ == "VBN" and (a := agent(c))), None)
    if by is not None:
        return by
    head = measure.head
    if measure.dep_ == "nsubjpass":
        return agent(head)
    if measure.dep_ == "dobj" and head.lemma_.lower() in ctx.words.authoring_verbs:
        return subject(head, ctx.words)
    return None


def note_measures(ctx: SentenceContext, history: ArticleHistory) -> None:
    """Remember who owns the measures and findings a parsed sentence names with their owner."""
    for tok in ctx.doc:
        kind = measure_kind(tok, ctx)
        owner_tok = owner_token(tok, ctx) if kind is not None else None
        # a scratch copy: naming an owner must not change whom later pronouns and surnames stand for
        owner = actor(owner_tok, ctx, deepcopy(history)) if owner_tok is not None else None
        if kind is None or owner is None or not (owner.kind == "person" or owner.sector in ctx.words.public_sectors):
            continue  # a party, a state, an agency or a person owns a measure; 'the Medicaid proposals' name a topic
        if kind == "policy" and owner.kind == "person" and owner.sector == "government" and owner.country_iso3:
            owner = _government(owner)  # 'Mr Brown's proposals' are the government's
        history.measure_owners[kind] = owner


def _same_government(owner: Actor, speaker: Actor) -> bool:
    """'the chancellor said the proposals would ...': a government speaks of its own measure."""
    same_country = owner.country_iso3 is None or owner.country_iso3 == speaker.country_iso3
    return owner.sector == speaker.sector == "government" and same_country


def _government(official: Actor) -> Actor:
    """The government an official of a known country serves."""
    iso3 = official.country_iso3 or ""
    return replace(
        official,
        name=f"{country_names().get(iso3, iso3)} (government)",
        known=True,
        kind="group",
        group="government",
        sector="government",
        noun=None,
        plural=False,
    )


def measure_owner(
    v: Token, etype: EventType, speaker: Actor | None, ctx: SentenceContext, history: ArticleHistory
) -> Actor | None:
    """Whom a statement or complaint with no target is about: the owner of the measure or finding it names
    ('the Treasury dismissed the research'); not the speaker's own ('Mr Howard said the plans would ...')."""
    if speaker is None or not (etype.statement or etype.about):
        return None
    if speaker.sector is not None and speaker.sector not in ctx.words.public_sectors:
        return None  # an economist on 'the figures': a discourse guess must not bring a private remark into scope
    for tok in v.subtree:
        at = tok.idx - tok.sent.start_char
        if speaker.start <= at < speaker.end:
            continue  # the speaker's own phrase
        kind = measure_kind(tok, ctx)
        if kind is None or not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children):
            continue
        if owner_token(tok, ctx) is not None:
            return None  # the sentence names the owner: the target finders have read it
        owner = history.measure_owners.get(kind)
        if owner is None or owner.name == speaker.name or _same_government(owner, speaker):
            return None
        return replace(owner, start=at, end=at + len(tok))  # 'the plans' stands for their owner here
    return None
