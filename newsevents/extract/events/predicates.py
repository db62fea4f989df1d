"""What happened? The predicates of a parsed sentence: a verb of the CAMEO verb dictionary coded by its most
specific matching pattern (subject, object, preposition + object) or by its own code; an event noun carried by a
light verb ('launched an attack'), happening as a subject ('the explosion killed seven') or heading the sentence;
then one predicate per violent happening and intentions anchored on the word that governs them ('is ready to
*provide* aid' is an intention). Reads tokens, lemmas, POS and dependencies only, never the entities."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from newsevents.extract.events.knowledge import Knowledge
from newsevents.extract.events.lexicon import Lexicon, Words
from newsevents.extract.events.model import Predicate
from newsevents.extract.events.status import REFUSAL, STATEMENT, intention_code
from newsevents.extract.events.syntax import (
    agent,
    attributed_source,
    children,
    first,
    future_aux,
    passive_subject,
    preps,
    subject,
    verb_lemma,
)
from newsevents.extract.taxonomy import Taxonomy, quad_class
from newsevents.extract.verbdict import VerbEntry, VerbPattern

if TYPE_CHECKING:  # spaCy is loaded by the process that parses, not by every importer
    from spacy.tokens import Doc, Token

Predicates = dict[int, Predicate]  # token index -> its predicate
_NOT_PREDICATES = ("prep", "mark", "case", "amod", "compound")  # 'According to', 'the armed forces'
_TEMPORAL = ("before", "after", "since", "following", "until")  # 'a day before the withdrawal of ...'
_CAUSE = ("in", "during", "by", "from", "after")  # 'died in the earthquake', 'killed by a landslide'


def has(taxonomy: Taxonomy, code: str | None, behaviour: str) -> bool:
    """The type of a CAMEO code has this behaviour (event_types.csv)."""
    t = taxonomy.for_code(code) if code else None
    return t is not None and bool(getattr(t, behaviour))


def find_predicates(doc: Doc, knowledge: Knowledge, in_quote: Callable[[int], bool]) -> Predicates:
    """The sentence's verb and noun predicates. in_quote(char offset): a quoted word is no predicate (the quote
    is the speaker's statement)."""
    preds: Predicates = {}
    quoting = any(in_quote(t.idx) for t in doc)
    words = knowledge.lexicon.words
    for tok in doc:
        if not in_quote(tok.idx):
            found = _verb_predicate(tok, knowledge, quoting) or _attribution(tok, words) or _misread_report(tok, words)
            if found is not None:
                preds[tok.i] = found
    for tok in doc:
        if tok.pos_ == "NOUN" and not in_quote(tok.idx) and tok.i not in preds:
            _add_noun_predicate(tok, preds, knowledge)
    return preds


def _verb_predicate(tok: Token, knowledge: Knowledge, quoting: bool = False) -> Predicate | None:
    """A verb coded by the dictionary, or the event noun its object names when it only carries it ('launched an
    attack', 'held talks', 'earmarked aid'); a reporting verb that reports speech is a statement ('he added that
    ...', 'the Tories insist the role would not ...', '"...," she warned'), whatever its dictionary code."""
    lexicon, taxonomy, words = knowledge.lexicon, knowledge.taxonomy, knowledge.lexicon.words
    if tok.dep_ in _NOT_PREDICATES or (
        tok.lemma_.lower() == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in tok.children)
    ):
        return None  # 'took place' is no event of its own
    if not (tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT" and tok.lemma_ != "be")):
        return None
    entry = lexicon.verbs.get(verb_lemma(tok)) or lexicon.verbs.get(tok.lemma_.lower())
    coded = match_verb(tok, entry, knowledge) if entry is not None else None
    obj = first(tok, "dobj")
    noun = noun_code(obj, lexicon) if obj is not None else None
    if (
        noun
        and noun != "---"
        and (tok.lemma_.lower() in words.light_verbs or (has(taxonomy, noun, "carried") and coded is None))
        and (coded is None or coded[1] == 0 or has(taxonomy, coded[0], "statement"))
    ):
        eased = taxonomy.for_code(noun)
        if eased is not None and eased.eased_code and tok.lemma_.lower() in words.easing_verbs:
            coded = (eased.eased_code, 1)  # 'lifted the embargo': CAMEO 085, ease sanctions, boycott, embargo
        else:
            coded = (noun, 1)
    if coded is None and entry is not None and first(tok, "neg") is not None and future_aux(tok, words):
        coded = (REFUSAL, 0)  # 'will not lift the embargo': a refusal whatever the verb
    if (coded is None or coded[1] == 0) and _reports_speech(tok, words, quoting):
        coded = (STATEMENT, 0)
    return Predicate(token=tok.i, code=coded[0], specificity=coded[1], kind="verb") if coded else None


def _attribution(tok: Token, words: Words) -> Predicate | None:
    """'..., according to the Office for National Statistics': the source's statement (what it says is coded
    too, as a reported event)."""
    if tok.lower_ != "according" or attributed_source(tok, words) is None:
        return None
    return Predicate(token=tok.i, code=STATEMENT, specificity=0, kind="verb")


def _misread_report(tok: Token, words: Words) -> Predicate | None:
    """'..., Mr Brown forecast.': a sentence-final reporting verb after a comma and a name, which the parser read
    as a noun (the name as its modifier); the inverted attribution gives it away. The name is told by its proper
    nouns, not by entities (the recogniser only runs on sentences that have a predicate)."""
    if not (tok.pos_ == "NOUN" and tok.lemma_.lower() in words.reporting_verbs):
        return None
    if any(not t.is_punct for t in tok.doc[tok.i + 1 : tok.sent.end]):
        return None
    before = tok.i - 1
    while before > 0 and tok.doc[before].pos_ == "PROPN" and tok.i - before <= 3:
        before -= 1  # 'Mr Brown', 'the Met Office'
    if before == tok.i - 1:
        return None  # no name
    if tok.doc[before].lower_ == "the":
        before -= 1
    if before < 0 or tok.doc[before].text != ",":
        return None
    return Predicate(token=tok.i, code=STATEMENT, specificity=0, kind="verb")


def _reports_speech(tok: Token, words: Words, quoting: bool) -> bool:
    """A reporting verb with what was said: a clause ('said that ...'), a colon ('said: "..."') or a quotation in
    its sentence ('"...," she warned')."""
    if tok.lemma_.lower() not in words.reporting_verbs:
        return False
    clause = any(c.dep_ in ("ccomp", "parataxis") for c in tok.children)
    colon = tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text == ":"
    return clause or colon or quoting


def _add_noun_predicate(tok: Token, preds: Predicates, knowledge: Knowledge) -> None:
    """An event noun is a predicate as a meeting's subject, after 'before'/'after', as the subject of a happening,
    in 'in/during/at' (a meeting), or as the sentence's head; a violent noun under a violent verb retypes it."""
    taxonomy, words = knowledge.taxonomy, knowledge.lexicon.words
    code = noun_code(tok, knowledge.lexicon)
    if code is None or code == "---":
        return
    h = tok.head
    noun = Predicate(token=tok.i, code=code, specificity=1, kind="noun")
    subject_of = tok.dep_ in ("nsubj", "nsubjpass")
    after_prep = tok.dep_ == "pobj" and h.dep_ == "prep"
    if subject_of and has(taxonomy, code, "meeting") and h.i not in preds:
        preds[tok.i] = noun  # 'The Baku-hosted meeting between X and Y focused on ...'
    elif after_prep and h.lower_ in _TEMPORAL:
        preds[tok.i] = noun  # 'a day before the withdrawal of Armenian troops from Kalbajar'
    elif subject_of and (h.lemma_.lower() in words.happening_verbs or h.i in preds):
        verb = preds.get(h.i)
        if verb is not None and has(taxonomy, verb.code, "violent") and has(taxonomy, code, "violent"):
            # 'the explosion killed seven': one happening, typed by the more specific of the two
            if len(code) >= len(verb.code) and not has(taxonomy, code, "vague"):
                preds[h.i] = replace(verb, code=code, specificity=verb.specificity + 1, kind="verb")
            return
        preds[tok.i] = noun
    elif after_prep and h.lower_ in ("in", "during") and h.head.i in preds:
        verb = preds[h.head.i]
        if has(taxonomy, verb.code, "violent") and has(taxonomy, code, "violent") and len(code) > len(verb.code):
            # 'killed in a bomb blast': the blast's more specific code
            preds[h.head.i] = replace(verb, code=code, specificity=verb.specificity + 1, kind="verb")
    elif (
        after_prep
        and h.lower_ in ("in", "during", "at")
        and has(taxonomy, code, "meeting")
        and h.head.pos_ in ("VERB", "AUX")
        and h.head.i not in preds
    ):
        preds[tok.i] = noun  # 'In a phone conversation on November 24, the two presidents ...', 'is in talks'
    elif tok.dep_ == "ROOT":
        preds[tok.i] = noun  # headline-like: 'Air strike on Gaza'
    elif tok.dep_ == "attr" and h.lemma_ == "be" and any(c.dep_ == "expl" for c in h.children):
        preds[tok.i] = noun  # 'There were four arrests', 'there have been clashes in the north'


def match_verb(v: Token, entry: VerbEntry, knowledge: Knowledge) -> tuple[str, int] | None:
    """(CAMEO code, pattern specificity) of verb token v, or None (no event)."""
    lexicon = knowledge.lexicon
    if v.lemma_.lower() in lexicon.words.naming_verbs and first(v, "oprd") is not None:
        return None  # 'what it called the Chancellor's Budget', 'a group calling itself X': naming, not contact
    passive = passive_subject(v) is not None
    if passive and v.lemma_.lower() in lexicon.words.expectations:
        return None  # 'is expected to meet': others' expectation (the meeting is a future event), no intention
    subj = agent(v) if passive else subject(v, lexicon.words)
    if _non_event_cause(v, subj, lexicon):
        return None
    obj = passive_subject(v) if passive else first(v, "dobj", "attr", "dative")
    obliques = preps(v)
    if obj is not None:
        obliques += preps(obj)  # 'signed an agreement with X': the pattern's oblique may hang on the object
    matched: list[VerbPattern] = []
    for p in entry.patterns:
        if matched and p.specificity < matched[0].specificity:
            break
        if _pattern_matches(p, subj, obj, obliques, lexicon):
            matched.append(p)
    if matched:
        # among equally specific patterns, the one written with the word form of the text ('lift sanctions' 085
        # over 'lift sanction' 0351: PETRARCH matches word forms, the parse gives lemmas)
        p = next((m for m in matched if m.obj and obj is not None and m.obj[-1] == obj.lower_), matched[0])
        return None if p.code == "---" else (p.code, p.specificity)
    if entry.code == "---":
        return None
    return entry.code, 1 if entry.curated else 0


def _pattern_matches(
    p: VerbPattern, subj: Token | None, obj: Token | None, obliques: list[tuple[str, Token]], lexicon: Lexicon
) -> bool:
    if p.subject and not _phrase_ok(p.subject, subj, lexicon):
        return False
    if p.obj and not _phrase_ok(p.obj, obj, lexicon):
        return False
    return not p.prep or any(
        pr == p.prep and (not p.prep_obj or _phrase_ok(p.prep_obj, po, lexicon)) for pr, po in obliques
    )


def _pattern_word_ok(word: str, lemmas: set[str], lexicon: Lexicon) -> bool:
    if word.startswith("&"):
        members = lexicon.synsets.get(word)
        return bool(members and members & lemmas)
    return word in lemmas


def _phrase_ok(words: tuple[str, ...], tok: Token | None, lexicon: Lexicon) -> bool:
    """The pattern phrase matches tok's noun phrase: its head word is tok's lemma (or a synset member) and the
    other words occur in tok's subtree."""
    if tok is None:
        return False
    head = words[-1]
    if not _pattern_word_ok(head, {tok.lemma_.lower(), tok.lower_}, lexicon):
        return False
    if len(words) == 1:
        return True
    sub = {t.lemma_.lower() for t in tok.subtree} | {t.lower_ for t in tok.subtree}
    return all(_pattern_word_ok(w, sub, lexicon) for w in words[:-1])


def _non_event_cause(v: Token, subj: Token | None, lexicon: Lexicon) -> bool:
    """'the fire killed', 'died in the earthquake', 'killed by a landslide': a cause the noun list codes '---'."""
    causes = [subj] + [po for pr, po in preps(v) if pr in _CAUSE]
    return any(c is not None and noun_code(c, lexicon) == "---" for c in causes)


def noun_code(tok: Token, lexicon: Lexicon) -> str | None:
    """The CAMEO code of an event noun ('---' for a noun that names no event, such as 'earthquake')."""
    entries = lexicon.nouns.get(tok.lemma_.lower(), ())
    if not entries:
        return None
    left = tok.doc[tok.left_edge.i : tok.i].text.lower() if tok.left_edge.i < tok.i else ""
    for n in sorted(entries, key=lambda n: not n.modifier):  # a modified sense first ('phone call')
        if not n.modifier or n.modifier in left:
            return n.code
    return None


def nominal_event(tok: Token, lexicon: Lexicon) -> bool:
    """A noun naming an action: an event noun, a verb's own form ('the release'), or a nominalisation."""
    if tok.pos_ != "NOUN":
        return False
    lemma = tok.lemma_.lower()
    suffixes = lexicon.words.nominalisation_suffixes
    return lemma in lexicon.nouns or lemma in lexicon.verbs or (len(lemma) > 6 and lemma.endswith(suffixes))


def of_role(tok: Token, lexicon: Lexicon) -> str:
    """What the event noun's 'of' phrase names, from event_nouns.tsv (target unless the table says actor)."""
    entries = lexicon.nouns.get(tok.lemma_.lower(), ())
    return "actor" if any(e.of_role == "actor" for e in entries) else "target"


# --- one predicate per happening --------------------------------------------------------------------------


def refine_violence(preds: Predicates, doc: Doc, knowledge: Knowledge) -> None:
    """A violent verb takes the more specific code of a violent noun in its clause ('As a result of the mine
    explosion, seven policemen were killed': the explosion)."""
    taxonomy = knowledge.taxonomy
    for i in list(preds):
        code = preds[i].code
        if not (has(taxonomy, code, "violent") and doc[i].pos_ == "VERB"):
            continue
        for t in doc[i].subtree:
            if t.pos_ == "NOUN" and t.i not in preds and t.i != i:
                nc = noun_code(t, knowledge.lexicon)
                if (
                    nc
                    and has(taxonomy, nc, "violent")
                    and not has(taxonomy, nc, "vague")
                    and len(nc) >= len(code)
                    and code != nc
                ):
                    preds[i] = replace(preds[i], code=nc, specificity=preds[i].specificity + 1, kind="verb")
                    break


def anchor_intentions(preds: Predicates, doc: Doc, knowledge: Knowledge) -> None:
    """'X is willing to withdraw', 'X agreed to resign', 'X vowed to attack': the intention is the event (03 to
    cooperate, 13 to use force, 12 when it is refused), anchored on the governing word; the intended act is no
    event of its own but gives the intention its target (Predicate.intended)."""
    words = knowledge.lexicon.words
    for i, pred in sorted(preds.items()):
        v = doc[i]
        if v.dep_ != "xcomp" or i not in preds:
            continue
        h = v.head
        if h.lemma_.lower() not in words.intention_heads:
            continue
        anchor = h.head if h.pos_ == "ADJ" and h.dep_ in ("acomp", "amod") else h
        negated = any(c.dep_ == "neg" for c in list(anchor.children) + list(h.children))
        new = REFUSAL if negated else intention_code(quad_class(pred.code[:2]))
        del preds[i]
        old = preds.get(anchor.i)
        if old is None or not has(knowledge.taxonomy, old.code, "intention"):
            preds[anchor.i] = Predicate(
                token=anchor.i, code=new, specificity=pred.specificity, kind="intent", intended=i
            )


def collapse_violence(preds: Predicates, doc: Doc, knowledge: Knowledge) -> None:
    """', killing 17 soldiers' / 'and killed': one violent happening with its main verb; '11 soldiers were killed
    after the Islamic State attacked' keeps the clause that names the attacker."""
    taxonomy = knowledge.taxonomy
    for i in sorted(preds):
        v = doc[i]
        if (
            i in preds
            and has(taxonomy, preds[i].code, "violent")
            and v.dep_ in ("advcl", "conj", "xcomp")
            and v.head.i in preds
            and has(taxonomy, preds[v.head.i].code, "violent")
        ):
            h = v.head
            headless = passive_subject(h) is not None and agent(h) is None
            if headless and first(v, "nsubj") is not None:
                del preds[h.i]
            else:
                del preds[i]


def trigger_text(v: Token, embedded: Token | None = None) -> str:
    """The predicate with its particle and its object head ('launched an attack'), or the span from an intention
    to its intended act ('is willing to withdraw')."""
    doc = v.doc
    if embedded is not None:
        return doc[min(v.i, embedded.i) : max(v.i, embedded.i) + 1].text
    toks = [v] + children(v, "prt")
    obj = first(v, "dobj")
    if obj is not None and v.pos_ == "VERB" and obj.pos_ == "NOUN":
        toks.append(obj)
    toks.sort(key=lambda t: t.i)
    return doc[toks[0].i : toks[-1].i + 1].text
