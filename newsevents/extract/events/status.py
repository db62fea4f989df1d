"""Did it happen? A predicate's status from the parse: a negation, a modal ('would', 'could'), an if/unless clause,
a question, or the complement of an intention verb make the mention no event or a future one; 'X will do Y' is
X's announced intention and 'X will not do Y' X's refusal (newsevents/data/event_words/: modal_verbs.tsv,
conditional_marks.txt, intent_verbs.txt, wish_verbs.txt, readiness_adjectives.txt, hypothetical_nouns.txt)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsevents.extract.events.lexicon import Words
from newsevents.extract.events.model import PredicateKind
from newsevents.extract.events.syntax import future_aux

if TYPE_CHECKING:  # spaCy is loaded by the process that parses, not by every importer
    from spacy.tokens import Token

# The codes an announced act becomes: an intention to cooperate (03), a threat (13), a refusal (12).
INTENT_TO_COOPERATE, THREAT, REFUSAL = "030", "130", "120"
STATEMENT = "010"  # what a reporting verb that reports speech is
CRITICISM = "111"  # what violence done to a policy is ('attacked the legislation')
COERCION = "170"  # what violence done with a measure is ('hit the company with a tax bill')
NOT_EVENTS = ("negated", "hypothetical", "question")


def _headline_infinitive(v: Token) -> bool:
    """'X to do Y' with no finite verb in the sentence: a headline announcing what X will do."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
        return False
    return v.dep_ == "ROOT" or not any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in v.doc)


def status(v: Token, text: str, words: Words) -> str:
    """occurred | future | scheduled | hypothetical | negated | question for the predicate token v: its own negation and
    auxiliaries, then those of the clauses that govern it ('would allow X to deliver', 'did not agree to sign').
    'would' in the complement of a reporting verb is the future of the past ('said it would allow'): future."""
    if text.rstrip().endswith("?"):
        return "question"
    if _headline_infinitive(v):
        return "future"  # headline grammar: 'Mexico to fight steel tariffs', 'Police to investigate leaks'
    tok, hops = v, 0
    while hops < 4:
        mood = _clause_mood(tok, words)
        if mood is not None:
            return mood
        if tok.head.i == tok.i:
            break
        head = tok.head
        hl = head.lemma_.lower()
        if tok.dep_ == "xcomp":
            if _expected(head, words):
                return "scheduled"  # 'is expected to attend', 'is due to meet', 'figures to return'
            if hl in words.intent_verbs or (
                hl == "be" and any(c.lower_ in words.readiness_adjectives for c in head.children)
            ):
                return "future"
            tok, hops = head, hops + 1  # 'would allow X to deliver': the governing clause's mood
            continue
        if tok.dep_ == "conj" and tok.lemma_.lower() not in words.reporting_verbs:  # '..., X said': not the head's
            tok, hops = head, hops + 1
            continue
        if tok.dep_ == "ccomp" and hl in words.wish_verbs:
            return "hypothetical"
        break
    if v.pos_ == "NOUN":
        if any(c.dep_ == "det" and c.lower_ == "no" for c in v.children):
            return "negated"  # 'there were no arrests'
        h = v.head
        if v.dep_ in ("dobj", "pobj", "nsubjpass") and h.pos_ in ("VERB", "AUX"):
            carried = h.lemma_.lower() in words.light_verbs or h.lemma_.lower() in words.happening_verbs
            return status(h, text, words) if carried else "occurred"
    return "occurred"


def _expected(head: Token, words: Words) -> bool:
    """'X is expected / scheduled / set / due / likely to ...', 'X figures to ...': what others expect of X, not
    what X announces (expectations.txt)."""
    lemma = head.lemma_.lower()
    passive = any(c.dep_ == "auxpass" for c in head.children)
    if lemma in words.expectations and (passive or head.pos_ == "ADJ" or lemma == "figure"):
        return True
    return lemma == "be" and any(
        c.lower_ in words.expectations for c in head.children if c.dep_ in ("acomp", "attr", "advmod")
    )


def _clause_mood(tok: Token, words: Words) -> str | None:
    """The mood tok's own clause gives it: its negation, an 'in case' clause, its modal, a condition, a purpose."""
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never", "not")) for c in tok.children):
        return "negated"
    if any(
        c.dep_ in ("nsubj", "nsubjpass") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        for c in tok.children
    ):
        return "negated"  # 'No civilian targets have been hit', 'no soldier was killed'
    if (
        tok.dep_ in ("acl", "relcl", "ccomp", "advcl")
        and tok.head.lemma_.lower() in words.hypothetical_nouns
        and tok.head.dep_ == "pobj"
        and tok.head.head.lower_ == "in"
    ):
        return "hypothetical"  # 'in (the) case the army attacked', 'in the event they withdraw'
    reported = tok.dep_ in ("ccomp", "parataxis") and tok.head.lemma_.lower() in words.reporting_verbs
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in words.modal_moods:
            mood, reported_mood = words.modal_moods[c.lower_]
            return reported_mood if reported else mood
        if c.dep_ == "mark" and c.lower_ in words.conditional_marks:
            return "hypothetical"
        if c.dep_ == "aux" and c.lower_ == "to" and tok.dep_ == "advcl":
            return "hypothetical"  # purpose: 'in order to attack'
    return None


@dataclass(frozen=True)
class Reading:
    """What a mention asserts: its status, and the code it becomes when it announces an act ('will not' -> 12)."""

    status: str
    converted: str | None = None


def reading(v: Token, kind: PredicateKind, text: str, words: Words) -> Reading | None:
    """The mention's reading, or None when it is no event (negated, hypothetical, a question). 'X will not lift
    the ban' is X's refusal; a negated intention was already coded as a refusal by the intention anchor."""
    st = status(v, text, words)
    if st == "negated" and kind != "intent" and future_aux(v, words):
        return Reading(st, REFUSAL)
    if st == "negated" and kind == "intent":
        return Reading("occurred")
    if st in NOT_EVENTS:
        return None
    return Reading(st)


def intention_code(quad_class: int) -> str:
    """An announced act without a date of its own is an intention: to cooperate (03), or to use force (13)."""
    return INTENT_TO_COOPERATE if quad_class <= 2 else THREAT
