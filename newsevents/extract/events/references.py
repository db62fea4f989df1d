"""What does a phrase stand for beyond its words? The tests that a noun phrase refers elsewhere: a pronoun's
governing subject and whether it agrees ('Iran said it would'), 'he'/'she' for a person, a nationality as a person
('the Australian said'), a group anaphor ('the union'), an office holder's organisation ('the chairman of the
Police Federation'), a partitive's 'of' object ('dozens of activists'), the pair of an earlier event ('the two
presidents'). participants.py resolves them to actors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsevents.extract.events.lexicon import Words
from newsevents.extract.events.model import Actor
from newsevents.extract.events.syntax import first, preps

if TYPE_CHECKING:  # spaCy is loaded by the process that parses, not by every importer
    from spacy.tokens import Token


def national(tok: Token) -> bool:
    """A nationality as a singular noun after an article ('the Australian said', 'a Briton'): a person."""
    return (
        tok.ent_type_ == "NORP"
        and tok.tag_ in ("NN", "NNP")
        and any(c.dep_ == "det" and c.text in ("the", "a", "an") for c in tok.children)  # not 'The Namibian'
    )


def fits_pronoun(found: Actor | None, kind: str | None, words: Words) -> bool:
    """'he'/'she' stand for a person ('the chancellor said he ...' too), never for a party, a state or a plural
    group ('..., he claimed' under 'the Lib Dems')."""
    if found is None:
        return False
    return kind != "person" or one_person(found, words)


def one_person(found: Actor | None, words: Words) -> bool:
    """A person, named ('Michael Howard') or not ('a Labour Party spokesman'), not an institution ('the ministry')."""
    if found is None:
        return False
    one = found.kind == "person" or (found.kind == "group" and not found.plural and found.noun is not None)
    return one and found.noun not in words.institution_nouns


def governing_subject(pron: Token, kind: str | None, words: Words) -> Token | None:
    """The subject of the clause that governs the pronoun's clause, when it agrees with the pronoun ('it' a
    singular noun, 'they' a plural or collective one, 'he'/'she' a person): 'Iran said it would ...', 'the
    government has made it clear it will not ...'. None when no such subject is within three clauses."""
    t = pron.head
    for _ in range(3):
        if t.dep_ not in ("ccomp", "xcomp", "advcl", "conj", "acomp") or t.head.i == t.i:
            return None
        t = t.head
        subj = first(t, "nsubj", "nsubjpass")
        if subj is None or subj.pos_ == "PRON":
            continue
        return subj if agrees(subj, kind, words) else None
    return None


def agrees(subj: Token, kind: str | None, words: Words) -> bool:
    plural = subj.tag_ in ("NNS", "NNPS")
    person = subj.ent_type_ == "PERSON"
    lemma = subj.lemma_.lower()
    if kind == "thing":
        return not plural and not person
    if kind == "plural":
        return plural or not person
    if kind == "person":
        return person or (lemma in words.actor_groups and not plural and lemma not in words.institution_nouns)
    return False


def anaphor(tok: Token, words: Words) -> bool:
    """'the union', 'the organization': a bare definite noun of anaphoric_heads.txt that stands for an organisation
    named before (not 'the teachers' union', 'a union', 'the union of journalists')."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.lemma_.lower() not in words.anaphoric_heads:
        return False
    children = list(tok.children)
    return bool(children) and all(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in children)


def title_before(name: Token, start: int) -> str | None:
    """The title written before a person's name ('Tory leader Michael Howard', 'Chancellor Gordon Brown' ->
    'tory leader', 'chancellor'), or after it in apposition ('Michael Howard, the Tory leader,'); name is the
    name's head, start where the name begins."""
    before = [t for t in name.doc[name.left_edge.i : start] if t.dep_ not in ("det", "poss", "case", "punct")]
    # the whole title or none: 'Shadow foreign secretary Michael Ancram' is not 'the foreign secretary'
    if before and all(t.dep_ in ("compound", "amod", "nmod") and t.is_alpha for t in before):
        return " ".join(t.lower_ for t in before)
    appos = next((c for c in name.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN")), None)
    return definite_title(appos) if appos is not None and not appos.ent_type_ else None


def definite_title(tok: Token) -> str | None:
    """'the Tory leader', 'the chancellor' -> 'tory leader', 'chancellor': a definite noun with only its
    modifiers, as a title to look up among the people the article named; None for any other phrase."""
    kids = list(tok.children)
    mods = [c for c in kids if c.dep_ in ("compound", "amod") and c.is_alpha]
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in kids) or len(mods) + 1 != len(kids):
        return None
    return " ".join(t.lower_ for t in [*mods, tok])


def office_of(tok: Token, words: Words) -> Token | None:
    """The 'of'/'for' object of an unnamed office holder, who speaks for it ('the chairman of the Police
    Federation', 'a spokesman for the ministry': a role of role_sectors.tsv marked '-'), else None."""
    if tok.pos_ != "NOUN" or words.role_sectors.get(tok.lemma_.lower()) != "-":
        return None
    return next((po for pr, po in preps(tok) if pr in ("of", "for") and po.pos_ == "PROPN"), None)


def partitive_of(tok: Token, words: Words) -> Token | None:
    """The 'of' object when tok only counts it ('dozens of activists', '2,000 of the prisoners'), else None."""
    if not (tok.lemma_.lower() in words.partitive_heads or tok.lower_ in words.partitive_heads or tok.pos_ == "NUM"):
        return None
    return next((po for pr, po in preps(tok) if pr == "of" and po.pos_ in ("NOUN", "PROPN")), None)


def is_pair(tok: Token, words: Words) -> bool:
    """'the two presidents', 'both sides', 'the parties': the two actors of an earlier event. Not 'two soldiers':
    without 'the' or 'both' a count introduces new people."""
    kids = {c.lower_ for c in tok.children}
    return tok.lower_ in ("sides", "parties") or (
        tok.tag_ == "NNS"
        and tok.lemma_.lower() in words.actor_groups
        and ("both" in kids or ("two" in kids and kids & {"the", "these", "those"} != set()))
    )
