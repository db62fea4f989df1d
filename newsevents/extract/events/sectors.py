"""What kind of actor is it? The sector of an actor (events.actor1_sector): from the actor dictionary's type, an
organisation's name ('National Union of Teachers' is a union), or the words around a person's name ('chief
executive Tom McKillop', 'Waqar Noor, the region's interior minister'; data/event_words/sectors.tsv,
role_sectors.tsv). Whether a sector is public is the scope rule's business (scope.py)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsevents.extract.actors import ActorMatch
from newsevents.extract.events.context import SentenceContext
from newsevents.extract.events.lexicon import Words
from newsevents.extract.events.syntax import entity_of
from newsevents.extract.gazetteer import Mention

if TYPE_CHECKING:  # spaCy is loaded by the process that parses, not by every importer
    from spacy.tokens import Span, Token


def type_sector(actor_type: str | None, words: Words) -> str | None:
    """The sector of an actor-dictionary type ('rebel' -> armed_group; sectors.tsv)."""
    return words.sector_of_type.get(actor_type) if actor_type else None


def match_sector(match: ActorMatch, words: Words) -> str | None:
    """The sector of an actor-dictionary match: a state is government, an IGO igo; a titled name ('chief
    executive Tom McKillop') by its title's own words first (the dictionary's agent types are broad)."""
    if match.kind == "country":
        return "government"
    if match.method == "title_name" or match.kind == "agent":
        by_role = role_sector(name_words(match.role or ""), words)
        if by_role is not None or words.role_sectors.get((match.role or "").lower()) == "-":
            return by_role  # 'spokesman Erik Simon': whose spokesman, the rest of the phrase says (or nobody)
    if match.kind == "igo" or (match.cameo_code or "").startswith("IGO"):
        return "igo"
    if (match.cameo_code or "").startswith("NGO"):
        return "ngo"
    return type_sector(match.actor_type, words) or ("armed_group" if match.kind == "armed_group" else None)


_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*")


def org_sector(name: str, words: Words) -> str | None:
    """An organisation's sector from its name: the words before 'of'/'for' first ('National Union of Teachers' is
    a union, 'Ministry of Defence' a ministry), then the whole name."""
    tokens = name_words(name)
    cut = next((i for i, w in enumerate(tokens) if w in ("of", "for")), len(tokens))
    return role_sector(tokens[:cut], words) or role_sector(tokens, words)


def name_words(text: str) -> list[str]:
    return [w.lower().rstrip(".") for w in _WORD.findall(text)]


def person_sector(tok: Token, span: Span, ctx: SentenceContext) -> str | None:
    """A named person's sector from the words around the name: a title or role ('chief executive Tom McKillop',
    'Nick Turner, analyst at brokers Jefferies'), else the organisation they speak for ('EC spokeswoman X',
    'Oliver Letwin, for the Tories', 'Mike Hobday, from the League Against Cruel Sports')."""
    before, after = role_context(tok, span)
    words = ctx.words
    by_role = role_sector([t.lower_.rstrip(".") for t in before] + ["|"] + [t.lower_.rstrip(".") for t in after], words)
    if by_role is not None:
        return by_role
    for part in (before[::-1], after):
        for t in part:
            for m in ctx.mentions_in(t.idx, t.idx + len(t)):
                if m.entry.kind in ("org", "country", "demonym") and (sector := _entry_sector(m, words)) is not None:
                    return sector
    return None


def _entry_sector(m: Mention, words: Words) -> str | None:
    if m.entry.kind in ("country", "demonym"):
        return None  # 'Former France fly-half X', 'Irish singer X': a nationality, not an office
    return type_sector(m.entry.actor_type, words)


def role_context(tok: Token, span: Span) -> tuple[list[Token], list[Token]]:
    """The words before the name in its phrase, and those after it: its apposition or affiliation (by the parse,
    and the words between the commas that follow the name, where the parse often attaches them elsewhere)."""
    own = entity_of(tok)
    start, end = (own.start, own.end) if own is not None and own.label_ == "PERSON" else (tok.i, tok.i + 1)
    before = [t for t in span if t.i < start]
    if tok.dep_ == "appos" and tok.head.i < tok.i:  # "Bulgaria's Minister for Foreign Affairs, Ekaterina Zaharieva"
        before = (
            list(tok.doc[tok.head.left_edge.i : tok.head.i + 1])
            + [t for c in tok.head.children if c.dep_ == "prep" and c.i < tok.i for t in c.subtree]
            + before
        )
    after = [
        t
        for c in tok.children
        if c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ in ("for", "from", "of", "at", "with"))
        for t in c.subtree
    ]
    doc = tok.doc
    if end < len(doc) and doc[end].text == ",":
        for t in doc[end + 1 : end + 10]:
            if t.text == "," or t.pos_ in ("VERB", "AUX"):
                break
            after.append(t)
    return before, after


def role_sector(tokens: list[str], words: Words) -> str | None:
    """The sector the role words give: before the '|' mark the word nearest the name (the last), after it the
    first; a phrase of up to three words wins over its parts ('chief executive' over 'executive')."""
    if "|" in tokens:
        cut = tokens.index("|")
        return _last_role(tokens[:cut], words) or _first_role(tokens[cut + 1 :], words)
    return _last_role(tokens, words)


def _last_role(tokens: list[str], words: Words) -> str | None:
    for end in range(len(tokens), 0, -1):
        for n in (3, 2, 1):
            found = words.role_sectors.get(" ".join(tokens[end - n : end])) if end - n >= 0 else None
            if found is not None and found != "-":
                return found
    return None


def _first_role(tokens: list[str], words: Words) -> str | None:
    for start in range(len(tokens)):
        for n in (3, 2, 1):
            found = words.role_sectors.get(" ".join(tokens[start : start + n])) if start + n <= len(tokens) else None
            if found is not None and found != "-":
                return found
    return None
