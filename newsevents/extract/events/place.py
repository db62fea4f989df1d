"""Where did it happen? A place name (gazetteer place, or a GPE/LOC/FAC entity) in a locative phrase of the
predicate's own clause, never a person's or an organisation's name; for an attack, where its target is ('shelled
the town of Tartar', 'fighters holding out in Mosul's Old City'); for a withdrawal, the place left. Which
prepositions place an event is data (data/event_words/prepositions.tsv)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsevents.extract.events.context import SentenceContext
from newsevents.extract.events.model import Place
from newsevents.extract.events.predicates import noun_code
from newsevents.extract.events.syntax import entity_of, first, np_span, owned, preps
from newsevents.extract.gazetteer import Entry, Mention
from newsevents.extract.taxonomy import EventType

if TYPE_CHECKING:  # spaCy is loaded by the process that parses, not by every importer
    from spacy.tokens import Token

_PLACE_KINDS = ("city", "region", "capital", "country")  # gazetteer kinds that are places
_NESTED = ("of", "in", "near", "at", "outside")  # 'in the city of Aleppo', 'near an army base in Helmand'
_WHEN = ("DATE", "TIME")  # entity labels of a date phrase, never a place


def place(tok: Token, ctx: SentenceContext) -> Place | None:
    """A place named by tok's phrase: gazetteer place or GPE/LOC/FAC entity, never a person or organisation."""
    ent = entity_of(tok)
    if ent is not None:
        s, e = ent.start_char, ent.end_char
    else:
        left, right = np_span(tok, ctx.words)
        s, e = tok.doc[left:right].start_char, tok.doc[left:right].end_char
    # the phrase's head itself must be (in) the place: 'in Armenia's attacks' is not in Armenia
    mentions = [
        m
        for m in ctx.mentions_in(s, e)
        if m.start <= tok.idx < m.end or (ent is not None and m.start < ent.end_char and ent.start_char < m.end)
    ]
    if not mentions and ent is None:
        compound = _compound_place(tok, ctx)
        if compound is not None:
            return compound
    if any(m.entry.kind in ("person", "org") for m in mentions):
        return None
    places = [m for m in mentions if m.entry.kind in _PLACE_KINDS]
    if places:
        m = max(places, key=lambda m: (m.end - m.start, m.entry.kind != "country"))  # multi-word names win
        return Place(m.entry.name, m.entry.country_iso3, m.entry.latitude, m.entry.longitude, m.entry.kind)
    if ent is not None and ent.label_ in ("GPE", "LOC", "FAC"):
        return Place(ent.text, None, None, None, "ner")
    return None


def _compound_place(tok: Token, ctx: SentenceContext) -> Place | None:
    """'Helmand province', 'the Lachin corridor', "Tartar's old town": a place name compounded with a noun."""
    for c in tok.children:
        if (c.dep_ == "compound" or (c.dep_ == "poss" and tok.lemma_.lower() in ctx.words.place_nouns)) and (
            c.ent_type_ in ("GPE", "LOC") or ctx.mentions_in(c.idx, c.idx + len(c))
        ):
            inner = place(c, ctx)
            if inner is not None:
                left, right = np_span(tok, ctx.words)
                name = (
                    inner.name
                    if inner.kind != "ner"
                    else ctx.lexicon.determiners.group_name.sub("", tok.doc[left:right].text)
                )
                return Place(name, inner.country_iso3, inner.latitude, inner.longitude, inner.kind)
    return None


def event_place(v: Token, etype: EventType, ctx: SentenceContext, preds: set[int]) -> Place | None:
    """Where: a locative phrase of the predicate's own clause. 'from'/'into' only for movements (withdrawal,
    deployment); for an attack its object or target ('shelled Stepanakert') is its place."""
    obj = first(v, "dobj", "nsubjpass")
    found = _object_place(v, obj, etype, ctx)
    if found is not None:
        return found
    heads = [v] + ([obj] if obj is not None else [])
    heads += [po for pr, po in preps(v) if pr in ("with", "by")]  # 'met with X in Moscow': parsed under X
    # 'was tortured and killed in a prison in Afghanistan': a conjoined verb that is no predicate of its own
    heads += [c for c in v.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i not in preds]
    found = _modifier_place(v, ctx)
    if found is not None:
        return found
    cands = [c for h in heads for c in _locative_places(h, etype, ctx)]
    if cands:
        return min(cands, key=lambda c: (c[0], c[1]))[2]
    # a locative adverbial hanging on the clause root of a noun predicate's light verb
    if v.pos_ == "NOUN" and v.head.pos_ == "VERB" and v.head.i not in preds:
        return event_place(v.head, etype, ctx, preds)
    return _deeper_place(v, ctx, preds)


def _object_place(v: Token, obj: Token | None, etype: EventType, ctx: SentenceContext) -> Place | None:
    """The place an event's object names: the place left ('vacated Aghdam'), the place attacked ('bombed
    Aleppo'), or where an attack's target is ('the assault on the old-city area of Mosul')."""
    if obj is not None:
        if etype.movement and etype.cedes_place:
            p = place(obj, ctx)
            if p is not None:
                return p
        if etype.violent and actor_free(obj, ctx):
            # 'shelled the town of Tartar', 'bombed Aleppo': the object of an attack is where it happened
            p = place(obj, ctx) or next((place(o, ctx) for r, o in preps(obj) if r == "of"), None)
            if p is not None:
                return p
    if not etype.violent:
        return None
    # 'the assault on the old-city area of Mosul', 'airstrikes on fighters holding out in Mosul's Old City'
    carriers = [v] + ([obj] if obj is not None and noun_code(obj, ctx.lexicon) else [])  # 'an assault on'
    targets = [po for h in carriers for pr, po in preps(h) if pr in ("on", "against")]
    for target in targets + ([obj] if obj is not None else []):
        p = target_place(target, ctx)
        if p is not None:
            return p
    return None


def _modifier_place(v: Token, ctx: SentenceContext) -> Place | None:
    """'the Baku-hosted meeting', 'the Bali bombing': a place that modifies a noun predicate."""
    for c in v.lefts:
        if v.pos_ == "NOUN" and c.dep_ == "compound" and c.ent_type_ in ("GPE", "LOC", "FAC"):
            p = place(c, ctx)
            if p is not None:
                return p
        if c.lemma_.lower() == "host" and c.dep_ in ("amod", "compound", "acl"):
            for h in c.children:
                if h.dep_ in ("npadvmod", "compound", "nmod"):
                    p = place(h, ctx)
                    if p is not None:
                        return p
    return None


def _locative_places(h: Token, etype: EventType, ctx: SentenceContext) -> list[tuple[int, int, Place]]:
    """(rank, token, place) for the locative phrases on h: 'in', 'at', 'near' first."""
    words = ctx.words
    out = []
    for pr, po in preps(h):
        if pr not in words.locative_prepositions or (pr in words.movement_prepositions and not etype.movement):
            continue
        if po.ent_type_ in _WHEN:
            continue
        p = place(po, ctx)
        if p is None:
            for r, o in preps(po):  # 'in the city of Aleppo', 'near an army base in Helmand province'
                if r in _NESTED:
                    p = place(o, ctx)
                    if p is not None:
                        break
        if p is not None:
            out.append((0 if pr in words.preferred_prepositions else 1, po.i, p))
    return out


def _deeper_place(v: Token, ctx: SentenceContext, preds: set[int]) -> Place | None:
    """Deeper in the predicate's own clause: 'killed in a prison in Afghanistan', 'fighters holding out in Mosul's
    Old City' (no other clause between the place and the predicate)."""
    for t in v.subtree:
        if t.dep_ == "prep" and t.lower_ in ctx.words.static_prepositions and owned(t, v, preds):
            po = first(t, "pobj")
            p = place(po, ctx) if po is not None and po.ent_type_ not in _WHEN else None
            if p is not None:
                return p
    return None


def target_place(target: Token, ctx: SentenceContext) -> Place | None:
    """The place an attacked target is or is in: 'the area of Mosul', 'Mosul's Old City', 'fighters in Mosul'."""
    free = actor_free(target, ctx)
    if free:
        p = place(target, ctx)
        if p is not None:
            return p
    for c in target.children if free else ():
        if c.dep_ == "poss" and actor_free(c, ctx) and (p := place(c, ctx)) is not None:
            return p  # 'Mosul's Old City'; not 'Kirkuk's governor'
    for t in target.subtree:
        if t.dep_ == "prep" and (
            t.lower_ in ctx.words.static_prepositions or (t.lower_ == "of" and t.head.i == target.i)
        ):
            po = first(t, "pobj")
            if po is not None and po.ent_type_ not in _WHEN and (p := place(po, ctx)) is not None:
                return p
    return None


def actor_free(tok: Token, ctx: SentenceContext) -> bool:
    """tok's phrase names no person, organisation or group (so it may be a place)."""
    return (
        not any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in tok.subtree)
        and tok.lemma_.lower() not in ctx.words.actor_groups
    )


def as_mention(p: Place | None) -> Mention | None:
    """The place as a gazetteer mention (the row builder reads its entry)."""
    if p is None:
        return None
    entity_type = "GPE" if p.kind in ("city", "capital", "country", "ner") else "LOC"
    entry = Entry(p.name, entity_type, p.kind if p.kind != "ner" else "city", p.country_iso3, p.latitude, p.longitude)
    return Mention(0, 0, p.name, entry)
