"""How many were killed, injured or deployed? Victims counted by syntax from the violent predicate's casualty verbs
('killing 17 soldiers', '94 civilians were killed', 'six people died'; data/event_words/casualty_verbs.tsv), the
regular-expression reader (newsevents.extract.numbers) as fallback; troops for force movements. A count over a
period ('over the past 3 years', 'so far this year': aggregate_phrases.txt) is an aggregate, never one day's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsevents.extract.events.lexicon import Lexicon
from newsevents.extract.events.model import Counts
from newsevents.extract.events.syntax import children, first
from newsevents.extract.numbers import extract_counts, parse_number
from newsevents.extract.taxonomy import EventType

if TYPE_CHECKING:  # spaCy is loaded by the process that parses, not by every importer
    from spacy.tokens import Doc, Token


def counts(doc: Doc, etype: EventType, clause: str, lexicon: Lexicon) -> Counts:
    """Killed and injured for violent types, troops for force movements (clause: the predicate's clause text)."""
    if not etype.victims and not etype.moves_forces:
        return Counts()
    killed, injured = _victims(doc, lexicon) if etype.victims else (None, None)
    rk, ri, rt = extract_counts(clause)
    return Counts(
        killed=killed if killed is not None else rk if etype.victims else None,
        injured=injured if injured is not None else ri if etype.victims else None,
        troops=rt if etype.moves_forces else None,
    )


def _victims(doc: Doc, lexicon: Lexicon) -> tuple[int | None, int | None]:
    """The smallest count of each casualty verb's victims in the sentence (killed, injured)."""
    found: dict[str, int] = {}
    for t in doc:
        what = lexicon.words.casualty_verbs.get(t.lemma_.lower()) or _phrasal(t, lexicon)
        if what is None:
            continue
        counted, victim_role = what
        base = t.head if t.dep_ == "conj" and not children(t, "nsubj", "nsubjpass", "dobj") else t
        if victim_role == "subject":
            victim = first(base, "nsubj", "nsubjpass")
        elif first(base, "nsubjpass") is not None:
            victim = first(base, "nsubjpass")  # 'X was tortured and killed'
        else:
            victim = first(t, "dobj")
        n = number_of(victim, lexicon) if victim is not None else None
        if n is not None:
            found[counted] = n if counted not in found else min(found[counted], n)
    return found.get("killed"), found.get("injured")


def _phrasal(verb: Token, lexicon: Lexicon) -> tuple[str, str] | None:
    """A casualty verb of two words: 'shot dead two shopkeepers', 'shot them dead', 'gunned down'."""
    if verb.pos_ != "VERB":
        return None
    obj = first(verb, "dobj")
    particles = [c for c in verb.children if c.dep_ in ("prt", "acomp", "oprd", "advmod", "xcomp", "ccomp")]
    particles += [c for c in obj.children if c.dep_ == "amod"] if obj is not None else []
    casualty_verbs = lexicon.words.casualty_verbs
    return next(
        (casualty_verbs[k] for p in particles if (k := f"{verb.lemma_.lower()} {p.lower_}") in casualty_verbs), None
    )


def number_of(tok: Token, lexicon: Lexicon) -> int | None:
    """The count a noun phrase gives: 'at least six people' -> 6, 'seven policemen and a civilian' -> 8."""
    total, found = 0, False
    for h in [tok] + [c for c in tok.children if c.dep_ == "conj"]:
        num = next((c for c in h.children if c.dep_ == "nummod"), None)
        if num is None and h.like_num:
            num = h
        if num is None and (h.ent_type_ == "PERSON" or (h.pos_ == "PROPN" and h.tag_ == "NNP")):
            total, found = total + 1, True  # 'Gul Rahman was tortured and killed': one person
            continue
        if num is None:
            continue
        words = [t for t in num.subtree if t.dep_ not in ("advmod", "quantmod") or t.like_num]
        n = parse_number(lexicon.determiners.count.sub("", " ".join(t.text for t in words)))
        if n is not None:
            total, found = total + n, True
    return total if found else None


def clause_text(v: Token, etype: EventType, text: str) -> str:
    """Text of the predicate's clause (its subtree; the whole sentence for violence, whose victims are often
    counted in another clause: '... attack, in which 5 people were killed')."""
    if etype.victims:
        return text
    sub = list(v.subtree)
    return v.doc[sub[0].i : sub[-1].i + 1].text


def aggregate(clause: str, found: Counts, lexicon: Lexicon) -> bool:
    """A count over a period ('so far this year'): a total, not one incident's."""
    return bool(lexicon.words.aggregate.search(clause)) and bool(found.killed or found.injured)
