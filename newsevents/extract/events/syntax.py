"""How are the words of a parsed sentence related? Small typed helpers over spaCy's dependency parse: a word's
children and obliques, the subject and agent of a verb (through conjunction, control and participles), the
reporting verb above a clause, the clause a word belongs to. They know grammar, not events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsevents.extract.events.lexicon import Words

if TYPE_CHECKING:  # spaCy is loaded by the process that parses, not by every importer
    from spacy.tokens import Span, Token

# Dependency labels of the clauses that deepen a predicate ('X said that Y attacked': the attack is one deeper).
_CLAUSES = ("ccomp", "advcl", "xcomp", "relcl", "acl", "csubj", "pcomp")
# Left modifiers that belong to a noun's phrase, and right ones.
_NP_LEFT = ("compound", "amod", "poss", "nmod", "nummod", "quantmod", "det", "case", "npadvmod", "advmod")
_NP_RIGHT = ("compound", "flat", "case")


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def first(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def preps(tok: Token) -> list[tuple[str, Token]]:
    """(preposition, its object) for the obliques of tok, including 'by' agents and 'X and Y' pobj."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent"):
            pobj = first(c, "pobj", "pcomp")
            if pobj is not None:
                out.append((c.lower_, pobj))
            for sub in children(c, "prep"):  # 'out of', 'away from'
                p2 = first(sub, "pobj")
                if p2 is not None:
                    out.append((sub.lower_, p2))
    return out


_SAME_DOER = ("by", "after", "before", "while")  # 'by branding', 'after rejecting': the governing verb's doer


def subject(v: Token, words: Words, depth: int = 0) -> Token | None:
    """Subject of v (nsubj), inherited through conjunction, control and participial clauses."""
    if depth > 4:
        return None
    if v.lower_ == "according":
        return attributed_source(v, words)
    s = first(v, "nsubj", "csubj", "expl")
    if s is not None and s.lower_ in ("that", "which", "who") and v.dep_ == "relcl":
        return v.head  # 'a fire that killed': the relative pronoun stands for the noun it modifies
    if s is not None and s.dep_ != "expl":
        return s
    acronym = acronym_before(v)
    if acronym is not None:
        return acronym
    if v.head.i == v.i:
        return None
    return _inherited_subject(v, words, depth)


def _inherited_subject(v: Token, words: Words, depth: int) -> Token | None:
    """The subject a subjectless verb takes from the clause it hangs on."""
    if v.dep_ == "conj":
        return _misattached_subject(v) or subject(v.head, words, depth + 1)
    if v.dep_ == "xcomp":
        obj = first(v.head, "dobj")  # 'urged Armenia to withdraw': the object acts
        if obj is not None and v.head.lemma_.lower() in words.object_control_verbs:
            return obj
        raised = first(v.head, "nsubjpass")  # 'the president is expected to meet': the president meets
        return raised if raised is not None and obj is None else subject(v.head, words, depth + 1)
    if v.dep_ == "acomp":  # 'is ready to withdraw': ready -> is -> subject
        return subject(v.head, words, depth + 1)
    if v.dep_ == "advcl" and v.tag_ in ("VBG", "VBN") and first(v, "mark") is None:
        if v.head.lemma_.lower() in words.reporting_verbs:
            return None  # 'X overran the base, officials said, killing 17': not the officials' killing
        return subject(v.head, words, depth + 1)  # ', killing five': the main clause's subject
    if v.dep_ in ("relcl", "acl") and v.tag_ != "VBN":
        return v.head  # 'the troops who attacked'
    if v.dep_ == "pcomp" and v.tag_ == "VBG" and v.head.lower_ in _SAME_DOER and v.head.head.pos_ in ("VERB", "AUX"):
        return subject(v.head.head, words, depth + 1)  # 'provoked fury by branding X': who provoked brands
    return None


def _misattached_subject(v: Token) -> Token | None:
    """'Qantas faces rivals such as Virgin Blue and the Australian government is in talks': the parser joined
    the second clause's subject to the first clause's object; a noun conjunct right before the verb (or its
    auxiliaries) is the verb's own subject."""
    start = min([v.i] + [c.i for c in v.children if c.dep_ in ("aux", "auxpass", "neg")])
    before = v.doc[start - 1] if start > 0 else None
    if before is None or before.dep_ != "conj" or before.pos_ not in ("NOUN", "PROPN"):
        return None
    return before if before.head.i > v.head.i else None  # after the first verb: in its object, not its subject


def acronym_before(v: Token) -> Token | None:
    """An all-capitals word the tagger misread before a subjectless verb ('USAID provided aid', tagged as an
    adverb): the subject, the way a reader takes it."""
    i = v.i - 1
    while i >= 0 and v.doc[i].dep_ in ("aux", "auxpass", "neg", "advmod") and v.doc[i].head.i == v.i:
        t = v.doc[i]
        if t.is_upper and len(t.text) >= 2 and t.is_alpha:
            return t if i == 0 or not v.doc[i - 1].is_alpha or v.doc[i - 1].dep_ == "punct" else None
        i -= 1
    return None


def attributed_source(according: Token, words: Words) -> Token | None:
    """The source of 'according to X': a name or an actor noun ('the army'), or the one behind a document
    ('forecasts from the Ministry'); a document alone ('a government announcement') is nobody."""
    to = next((c for c in according.children if c.lower_ == "to"), None)
    source = first(to, "pobj") if to is not None else None
    if source is None:
        return None
    if source.pos_ == "PROPN" or source.lemma_.lower() in words.actor_groups:
        return source
    return next(
        (
            po
            for c in source.children
            if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")
            for po in c.children
            if po.dep_ == "pobj"
        ),
        None,
    )


def passive_subject(v: Token) -> Token | None:
    """The patient of a passive: its subject, or the noun a past participle modifies ('the deal signed by X')."""
    sp = first(v, "nsubjpass")
    if sp is None and v.dep_ == "acl" and v.tag_ == "VBN" and v.head.i != v.i:
        return v.head
    return sp


def agent(v: Token) -> Token | None:
    a = first(v, "agent")
    return first(a, "pobj") if a is not None else None


def doer(v: Token, words: Words) -> Token | None:
    """Who does v: the by-agent of a passive, else the subject."""
    return agent(v) if passive_subject(v) is not None else subject(v, words)


def depth(tok: Token) -> int:
    """How many clauses deep tok is (0: the main clause)."""
    d, t = 0, tok
    while t.head.i != t.i and d < 10:
        if t.dep_ in _CLAUSES:
            d += 1
        t = t.head
    return d


def reporting_head(tok: Token, words: Words) -> Token | None:
    """The reporting verb whose complement contains tok ('X said (that) Y attacked Z'), or None."""
    t = tok
    for _ in range(6):
        if t.dep_ in ("ccomp", "parataxis") and t.head.lemma_.lower() in words.reporting_verbs:
            return t.head
        if t.dep_ == "ROOT" or t.head.i == t.i:
            # 'Y attacked Z, X said': the reporting verb is a child of the root
            return next(
                (
                    c
                    for c in t.children
                    if c.dep_ in ("parataxis", "ccomp", "advcl")
                    and c.lemma_.lower() in words.reporting_verbs
                    and c.i > tok.i
                    and first(c, "mark") is None
                ),
                None,
            )
        t = t.head
    return None


def entity_of(tok: Token) -> Span | None:
    """The named entity tok is part of."""
    if tok.ent_type_ and tok.ent_iob_ != "O":
        for ent in tok.doc.ents:
            if ent.start <= tok.i < ent.end:
                return ent
    return None


def np_span(tok: Token, words: Words) -> tuple[int, int]:
    """Token range of tok's noun phrase without relative clauses, appositions and most prepositional phrases."""
    left = tok.i
    for c in tok.lefts:
        if c.dep_ in _NP_LEFT and c.i < left:
            left = min(left, c.left_edge.i)
    right = tok.i
    for c in tok.rights:
        if c.dep_ in _NP_RIGHT:
            right = max(right, c.right_edge.i)
        elif c.dep_ == "prep" and c.lower_ == "of" and tok.lemma_.lower() in words.actor_groups:
            pobj = first(c, "pobj")  # 'the families of the 39 migrants', without 'found in a truck near London'
            right = max(right, np_span(pobj, words)[1] - 1 if pobj is not None else c.i)
    return left, right + 1


def owned(tok: Token, pred: Token, preds: set[int]) -> bool:
    """tok's head chain reaches pred without passing through another predicate or clause head."""
    t = tok
    for _ in range(12):
        if t.i == pred.i:
            return True
        if t.i in preds and t.i != tok.i:
            return False
        if t.head.i == t.i:
            return False
        if t.i != tok.i and _clause_between(t, pred):
            return False  # a verb in between: its own clause
        t = t.head
    return False


def _clause_between(t: Token, pred: Token) -> bool:
    """t is a verb heading a clause of its own between a word and the predicate."""
    return (
        t.pos_ in ("VERB", "AUX")
        and t.i != pred.i
        and t.dep_ not in ("aux", "auxpass")
        and t.lemma_.lower() != "date"
        and not (t.dep_ == "relcl" and t.head.i == pred.i)  # 'dated November 10', 'that took place on'
        and not (pred.pos_ == "NOUN" and pred.head.i == t.i)  # the light verb carrying a noun predicate
    )


def mood_token(v: Token, words: Words) -> Token | None:
    """The token of v's clause chain (v, then its xcomp/conj heads) that carries 'will'/'would' or a negation."""
    t = v
    for _ in range(4):
        if any(
            c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in words.future_modals | {"would"}) for c in t.children
        ):
            return t
        if t.dep_ not in ("xcomp", "conj") or t.head.i == t.i:
            return None
        t = t.head
    return None


def future_aux(v: Token, words: Words) -> bool:
    """v (or the verb it is conjoined to) carries 'will'/'shall'."""
    t = v
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in words.future_modals for c in t.children):
            return True
        if t.dep_ != "conj":
            return False
        t = t.head
    return False


_PARTICLES = frozenset({"out", "off", "down", "back", "away"})  # particles a tagger may read as prepositions


def verb_lemma(v: Token) -> str:
    """The verb's lemma with its particle ('pull out')."""
    lemma = v.lemma_.lower()
    prt = first(v, "prt")
    if prt is None and v.i + 1 < len(v.doc):
        after = v.doc[v.i + 1]  # 'pulling out of the region': the tagger read the particle as a preposition
        if after.head.i == v.i and after.dep_ in ("prep", "advmod") and after.lower_ in _PARTICLES:
            prt = after
    return f"{lemma} {prt.lower_}" if prt is not None else lemma
