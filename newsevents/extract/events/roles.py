"""Who did it to whom? actor1 is the predicate's subject (the by-agent of a passive; the governing verb's subject
for conjoined and controlled verbs), actor2 its object; when the object is no party, the target comes from the
first of TARGET_FALLBACKS that finds one (an oblique 'with'/'against'/'on' ..., a joint subject's partner, whom a
demand is addressed to, what a complaint is about, whom aid serves, the thing an attack hit). Event nouns take
their roles from their possessor and 'of'/'on' phrases ('Armenia's attack on Ganja'); a violent word whose target is
abstract is a metaphor ('an attack on the cost of asylum'), no event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsevents.extract.events.context import ArticleHistory, SentenceContext
from newsevents.extract.events.measures import measure_owner
from newsevents.extract.events.model import Actor, PredicateKind, Roles
from newsevents.extract.events.participants import (
    actor,
    names_actor,
    own_country,
    own_forces,
    owned_by_pronoun,
    phrase_text,
)
from newsevents.extract.events.place import place
from newsevents.extract.events.predicates import nominal_event, noun_code, of_role
from newsevents.extract.events.references import is_pair
from newsevents.extract.events.syntax import agent, first, np_span, passive_subject, preps, subject
from newsevents.extract.taxonomy import EventType

if TYPE_CHECKING:  # spaCy is loaded by the process that parses, not by every importer
    from spacy.tokens import Token

_NAMED_ENTITY = ("GPE", "ORG", "PERSON", "NORP")
_WHEN = ("DATE", "TIME")
_PLACE_NOT_PARTY = ("from", "into", "at", "in")  # 'withdraw from Abyei', 'took them in the Golan Heights'
_CARRIER = ("in", "during", "at", "for")  # 'said in an interview with the BBC': the event noun's obliques count


@dataclass(frozen=True)
class Clause:
    """A verb predicate's clause as the target finders see it."""

    v: Token
    kind: PredicateKind
    etype: EventType
    actor1: Actor | None
    actor1_tok: Token | None
    obj: Token | None  # the object (or passive subject)
    depth: int  # how many governed clauses deep the roles are searched


def roles(
    v: Token, kind: PredicateKind, etype: EventType, ctx: SentenceContext, history: ArticleHistory, depth: int = 0
) -> Roles:
    """actor1 and actor2 of the predicate v."""
    if kind == "noun":
        return noun_roles(v, etype, ctx, history)
    found = statement_roles(v, etype, ctx, history) or verb_roles(v, kind, etype, ctx, history, depth)
    if found.actor2 is None and depth == 0:
        found = Roles(found.actor1, measure_owner(v, etype, found.actor1, ctx, history))
    if found.actor1 is not None and found.actor2 is not None and found.actor1.name == found.actor2.name:
        return Roles(found.actor1, None)  # 'Mr Straw said of the Tory leader' is not about Mr Straw
    if etype.statement and found.actor2 is not None and found.actor2.sector == "media":
        # 'told the BBC': the outlet relays the statement, it is not whom it is made to
        return Roles(found.actor1, None)
    return found


def noun_roles(v: Token, etype: EventType, ctx: SentenceContext, history: ArticleHistory) -> Roles:
    """An event noun's roles: its possessor or 'by' phrase acts, its 'on'/'against'/'with' phrase is the target;
    its 'of' phrase is either, by event_nouns.tsv's of_role ('the withdrawal of troops', 'the release of X')."""
    a1_tok = first(v, "poss") or next((po for pr, po in preps(v) if pr == "by"), None)
    of_tok = next((po for pr, po in preps(v) if pr == "of"), None)
    of_actor = of_role(v, ctx.lexicon) == "actor"
    if a1_tok is None and not etype.symmetric and of_actor:
        a1_tok = of_tok  # 'the withdrawal of Armenian troops'
    carrier = v.head.head if v.dep_ == "pobj" and v.head.lower_ in ("in", "during", "at") else None
    if a1_tok is None and carrier is not None and carrier.pos_ in ("VERB", "AUX"):
        # 'In a phone call, the presidents discussed', 'the government is in talks': they take part
        a1_tok = subject(carrier, ctx.words)
        if a1_tok is not None and is_pair(a1_tok, ctx.words) and history.last_pair is not None:
            return Roles(*history.last_pair)
    a2_tok = next((po for pr, po in preps(v) if pr in ("on", "against", "with", "between")), None)
    if a2_tok is None and not of_actor and not etype.symmetric:
        a2_tok = of_tok  # 'the release of a French citizen', 'the shelling of Stepanakert'
    if a1_tok is None:
        a1_tok = _named_modifier(v, ctx)
    a1 = actor(a1_tok, ctx, history)
    a2 = actor(a2_tok, ctx, history)
    people = [
        e
        for e in v.doc.ents
        if e.label_ == "PERSON"
        and a2_tok is not None
        and a2_tok.left_edge.i <= e.root.i <= max(a2_tok.right_edge.i, a2_tok.i)
    ]
    if etype.symmetric and a1 is None and len(people) >= 2 and any(pr == "between" for pr, _ in preps(v)):
        return Roles(actor(people[0].root, ctx, history), actor(people[-1].root, ctx, history))
    if a2_tok is not None and a2 is not None and etype.symmetric and a1 is None:
        conj = next((c for c in a2_tok.subtree if c.dep_ == "conj"), None)
        a1, a2 = a2, actor(conj, ctx, history)
    return Roles(a1, a2)


def _named_modifier(v: Token, ctx: SentenceContext) -> Token | None:
    """'the Israeli air strike', 'a Hamas attack' name the doer; 'the Bali bombing' names the place."""
    return next(
        (
            c
            for c in v.lefts
            if c.dep_ in ("compound", "amod")
            and (c.ent_type_ in ("NORP", "ORG") or (c.ent_type_ == "GPE" and place(c, ctx) is None))
            and not c.text.lower().endswith("-hosted")
        ),
        None,
    )


def statement_roles(v: Token, etype: EventType, ctx: SentenceContext, history: ArticleHistory) -> Roles | None:
    """'..., Hikmet Hajiyev, Assistant to the President, said': the named speaker just before a subjectless
    reporting verb, and whom the statement was made to."""
    if not (etype.statement and v.lemma_.lower() in ctx.words.reporting_verbs and first(v, "nsubj") is None):
        return None
    if v.dep_ in ("advcl", "xcomp", "conj") or v.tag_ == "VBG":
        return None  # 'criticised X's record, saying ...': the governing clause's subject speaks, not X
    near = [e for e in reversed(v.doc.ents) if e.end <= v.i and v.i - e.end <= 14]
    speaker = next((e for e in near if e.label_ == "PERSON"), None)
    speaker = speaker or next((e for e in near if e.label_ == "ORG"), None)
    if speaker is None:
        return None
    a1 = actor(speaker.root, ctx, history)
    return Roles(a1, statement_target(v, ctx, history))


def verb_roles(
    v: Token, kind: PredicateKind, etype: EventType, ctx: SentenceContext, history: ArticleHistory, depth: int
) -> Roles:
    """A verb's subject (or by-agent) and object (or passive subject), then the target fallbacks."""
    passive = passive_subject(v) is not None
    if passive:
        a1_tok, a2_tok = agent(v), passive_subject(v)
        if a1_tok is None and not etype.victims and etype.moves_forces:
            a1_tok, a2_tok = a2_tok, None  # 'peacekeepers were deployed', 'troops were withdrawn': they move
    else:
        a1_tok, a2_tok = subject(v, ctx.words), first(v, "dobj", "dative")
    if a2_tok is not None and etype.statement and _outlet(a2_tok, ctx):
        a2_tok = None  # 'told The Namibian', 'told Pakistan's Geo news channel': the outlet relays it, nor its owner
    if a1_tok is not None and is_pair(a1_tok, ctx.words) and history.last_pair is not None and etype.symmetric:
        return Roles(*history.last_pair)  # 'the two presidents', 'the sides': the pair named earlier
    a1 = actor(a1_tok, ctx, history)
    a2 = _object_party(v, a1, a2_tok, etype, passive, ctx, history)
    if a1 is None:
        a1 = _event_noun_owner(v, ctx, history)
    clause = Clause(v=v, kind=kind, etype=etype, actor1=a1, actor1_tok=a1_tok, obj=a2_tok, depth=depth)
    for fallback in TARGET_FALLBACKS:
        if a2 is not None:
            break
        a2 = fallback(clause, ctx, history)
    if a1 is not None and a2 is not None and a1.name == a2.name:
        a2 = None
    return Roles(a1, a2)


def _object_party(
    v: Token,
    a1: Actor | None,
    a2_tok: Token | None,
    etype: EventType,
    passive: bool,
    ctx: SentenceContext,
    history: ArticleHistory,
) -> Actor | None:
    """The object as a party, unless it is the actor's own (country, things, forces) or the place left."""
    a2 = actor(a2_tok, ctx, history)
    if (
        a2_tok is not None
        and a2_tok.pos_ == "NOUN"
        and not names_actor(a2_tok, ctx)
        and first(a2_tok, "poss") is None  # 'defended Russia's efforts': Russia is a party
        and own_country(a2, a1)
    ):
        a2 = None  # 'Obama lifts US embargo': the actor's own country modifies the thing acted on
    if a2 is not None and a2_tok is not None and owned_by_pronoun(a2_tok, ctx.words):
        a2 = None  # 'withdraw its troops': the actor's own, not a target
    if a2 is not None and a2.kind == "gpe" and etype.cedes_place:
        a2 = None  # 'vacated Aghdam': the place left, not a party
    if a2 is not None and not passive and own_forces(a2, a1, ctx.words) and etype.sends_forces:
        # 'mobilized the army', 'sent troops to X': the actor's own forces; the recipient, if any, is the party
        a2 = next(
            (a for pr, po in preps(v) if pr in ("to", "for") and (a := actor(po, ctx, history)) is not None), None
        )
    return a2


def _event_noun_owner(v: Token, ctx: SentenceContext, history: ArticleHistory) -> Actor | None:
    """'were killed in Armenia's attacks': the agent of the event noun the verb happens in."""
    for pr, po in preps(v):
        if pr in ("in", "during", "by") and noun_code(po, ctx.lexicon) is not None:
            owner = first(po, "poss") or next((o for r, o in preps(po) if r == "by"), None)
            a1 = actor(owner, ctx, history) if owner is not None else None
            if a1 is not None:
                return a1
    return None


# --- the target when the object is no party, in the order tried ----------------------------------------------


def oblique_target(clause: Clause, ctx: SentenceContext, history: ArticleHistory) -> Actor | None:
    """The party an oblique names, in the order of prepositions.tsv's target_rank ('sanctions against Belarus',
    'said in an interview with the BBC', 'lifted sanctions imposed on China', 'rejected an Afghan government
    offer'); or the 'of' object of an action noun ('approved the extradition of Martinelli')."""
    v, obj, words = clause.v, clause.obj, ctx.words
    candidates = _obliques(v, obj, ctx)
    a2 = None
    if (
        obj is not None
        and not clause.etype.statement  # 'expressed the condolences of the people': the statement's content
        and nominal_event(obj, ctx.lexicon)
        and of_role(obj, ctx.lexicon) != "actor"
    ):
        of_obj = next((po for pr, po in preps(obj) if pr == "of"), None)
        if of_obj is not None and not owned_by_pronoun(of_obj, words):
            a2 = actor(of_obj, ctx, history)
    if obj is not None:  # 'lifted sanctions imposed on China': the participle clause describing the object
        for acl in obj.children:
            if acl.dep_ == "acl" and acl.tag_ == "VBN":
                candidates += preps(acl)
        candidates += [("on", c) for c in _object_owners(obj, clause.actor1, ctx, history)]
    if a2 is not None:
        return a2
    policies = _policies(ctx)
    for pr, po in list(candidates):  # 'hit back at Mr Mallon's claim': whose measure or words it is
        if po.head.head.lower_ == "according":
            continue  # 'according to Labor Department figures': the source, not a target
        if po.lemma_.lower() in words.measure_kinds or po.lemma_.lower() in policies:
            candidates += [(pr, c) for c in _object_owners(po, clause.actor1, ctx, history)]
    for prep in words.target_prepositions:
        for pr, po in candidates:
            if pr == prep and _may_be_party(po, pr, ctx):
                a2 = actor(po, ctx, history)
                if a2 is not None:
                    return a2
    return None


def _obliques(v: Token, obj: Token | None, ctx: SentenceContext) -> list[tuple[str, Token]]:
    """The verb's and its object's obliques, and those of an event noun they carry ('in an interview with X')."""
    candidates = _own_obliques(v) + (preps(obj) if obj is not None else [])
    for pr, po in list(candidates):
        if pr in _CARRIER and noun_code(po, ctx.lexicon) is not None:
            candidates += preps(po)
    return candidates


def _own_obliques(v: Token) -> list[tuple[str, Token]]:
    """The verb's obliques, less one set off by commas between the subject and the verb ('Oliver Letwin, for the
    Tories, attacked'): that is the subject's affiliation, not a target."""
    return [(pr, po) for pr, po in preps(v) if not (0 < po.head.i < v.i and v.doc[po.head.i - 1].text == ",")]


def _may_be_party(po: Token, pr: str, ctx: SentenceContext) -> bool:
    """Not the actor's own ('to her country'), no date, no place ('withdraw from Abyei') unless a country."""
    if owned_by_pronoun(po, ctx.words) and po.pos_ == "NOUN":
        return False  # 'to her country', 'with their troops': the actor's own, not a party
    if po.ent_type_ in _WHEN:
        return False
    return not (
        pr in _PLACE_NOT_PARTY
        and place(po, ctx) is not None
        and not any(m.entry.kind == "country" for m in ctx.mentions_in(po.idx, po.idx + len(po)))
    )  # 'withdraw from Abyei', 'took them in the Golan Heights': a place, not a party


def _object_owners(obj: Token, a1: Actor | None, ctx: SentenceContext, history: ArticleHistory) -> list[Token]:
    """'rejected an Afghan government offer': the object's owner, not a sponsor ('a UN-brokered ceasefire') nor
    the actor's own country ('Obama lifts US embargo')."""
    return [
        c
        for c in obj.children
        if (c.dep_ in ("poss", "compound") or _demonym_owner(c, ctx))
        and (c.ent_type_ in _NAMED_ENTITY or c.lemma_.lower() in ctx.words.actor_groups)
        and not (c.i + 1 < len(c.doc) and c.doc[c.i + 1].text in ("-", "–"))  # 'a UN-brokered ceasefire'
        and not own_country(actor(c, ctx, history), a1)  # 'Obama lifts US embargo': his own
    ]


def _demonym_owner(tok: Token, ctx: SentenceContext, acts_only: bool = False) -> bool:
    """'condemned Indian airstrikes', 'said the Indian strikes were': a nationality or party adjective names whose
    act it is; in what was said only on an event noun ('an American sheriff' is a kind of sheriff)."""
    if not (tok.dep_ in ("amod", "compound") and tok.ent_type_ == "NORP" and tok.head.pos_ == "NOUN"):
        return False
    return not acts_only or noun_code(tok.head, ctx.lexicon) is not None


def conjunct_partner(clause: Clause, ctx: SentenceContext, history: ArticleHistory) -> Actor | None:
    """'Aliyev and Putin met', 'Chile and Peru agreed to': the second of a joint subject, for symmetric and joint
    types ('China and Russia call on' are both actor1)."""
    if clause.actor1_tok is None or not (clause.etype.symmetric or clause.etype.joint):
        return None
    conj = first(clause.actor1_tok, "conj")
    return actor(conj, ctx, history) if conj is not None else None


def governed_target(clause: Clause, ctx: SentenceContext, history: ArticleHistory) -> Actor | None:
    """'reiterated its demand that the US ease sanctions', 'urged Congress to act': who is asked; 'threatened to
    close all borders with Iraqi Kurdistan': the target of what it would do."""
    if not clause.etype.governing:
        return None
    v = clause.v
    heads = [v] + [c for c in v.children if c.dep_ == "dobj"]
    comp = next(
        (c for h in heads for c in h.children if c.dep_ in ("ccomp", "acl", "xcomp") and c.pos_ == "VERB"), None
    )
    if comp is None:
        return None
    a2 = actor(first(comp, "nsubj", "nsubjpass"), ctx, history)
    if a2 is None and clause.depth < 2 and comp.dep_ == "xcomp":
        a2 = roles(comp, "verb", clause.etype, ctx, history, depth=clause.depth + 1).actor2
    return a2


def topic_target(clause: Clause, ctx: SentenceContext, history: ArticleHistory) -> Actor | None:
    """Verbal conflict with nobody addressed: whom it is about ('said that North Korea must disarm'), the subject
    of its complement clause, its owner ('said Mr Brown's rule had failed'), an actor its 'with'/'of'/'for'
    phrases name, or a name further in what was said; never the speaker itself. A plain statement is about
    another party only when that party is a named person or of another country ('said the UK is engaging' by a
    British minister is about nobody)."""
    if not (clause.etype.about or clause.etype.statement):
        return None
    comp = next((c for c in clause.v.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)
    cands = [po for pr, po in _own_obliques(clause.v) if pr == "of"]  # 'said of the Tory leader: ...'
    cands += [  # 'attacked the budget, dubbing Mr Brown "Sir Wastealot"': whom the name is given
        obj
        for c in clause.v.children
        if c.dep_ in ("advcl", "xcomp")
        and c.tag_ == "VBG"
        and c.lemma_.lower() in ctx.words.naming_verbs
        and (obj := first(c, "dobj")) is not None
    ]
    if comp is not None:
        subj = first(comp, "nsubj", "nsubjpass")
        if subj is not None and subj.pos_ != "PRON":
            cands.append(subj)
            cands += [
                c
                for c in subj.children
                if (c.dep_ == "poss" and c.pos_ == "PROPN") or _demonym_owner(c, ctx, acts_only=True)
            ]
            cands += [po for pr, po in preps(subj) if pr in ("with", "of", "for", "against", "toward", "towards")]
        # then any name further in what was said ('a lack of trust in Tony Blair', 'Michael Howard overruling')
        named = [t for t in comp.subtree if t.pos_ == "PROPN" and t.ent_type_ in _NAMED_ENTITY]
        cands += [t for t in named if t.dep_ != "compound"]
        # 'the new measures of the US government': a name on an actor noun stands for the body it names
        cands += [t.head for t in named if t.dep_ == "compound" and t.head.lemma_.lower() in ctx.words.actor_groups]
        cands += [t for t in comp.subtree if _demonym_owner(t, ctx, acts_only=True)]
    a1 = clause.actor1
    for tok in cands:
        a = actor(tok, ctx, history)
        if a is None or (a1 is not None and a.name == a1.name) or (a.kind == "group" and not a.known):
            continue
        if clause.etype.about or _another_party(a, a1):
            return a
    return None


def _another_party(a: Actor, speaker: Actor | None) -> bool:
    """Whom a plain statement is about: a named person, or a party of a country other than the speaker's."""
    if a.kind == "person" and a.known:
        return True
    return bool(speaker and speaker.country_iso3 and a.country_iso3 and a.country_iso3 != speaker.country_iso3)


def beneficiary_target(clause: Clause, ctx: SentenceContext, history: ArticleHistory) -> Actor | None:
    """Whom a cooperative act serves, from its purpose clause: 'to help Haiti', 'to support Syrian refugees'."""
    if not clause.etype.beneficiary:
        return None
    v = clause.v
    heads = [v] + [c for c in v.children if c.dep_ == "dobj"]
    for h in heads:
        for c in h.children:
            if c.dep_ in ("advcl", "xcomp", "acl", "relcl") and c.lemma_.lower() in ctx.words.benefit_verbs:
                obj = first(c, "dobj")
                if obj is None:  # 'to help Haiti cope': Haiti is the subject of the helped clause
                    inner = first(c, "ccomp", "xcomp")
                    obj = first(inner, "nsubj") if inner is not None else None
                a = actor(obj, ctx, history)
                if a is not None:
                    return a
    return None


def attacked_object(clause: Clause, ctx: SentenceContext, _history: ArticleHistory) -> Actor | None:
    """The thing an attack hit when no party is named: its object, or the 'on'/'against' phrase of an attack noun
    ('overran an army base', 'an attack against civilian and military targets'). Not a place, a date, a number
    or an abstract noun; typed OBJECT."""
    if not clause.etype.violent:
        return None
    target = violence_target(clause.v, clause.kind, ctx)
    if target is None or target.pos_ != "NOUN" or target.ent_type_ or abstract(target, ctx):
        return None
    if owned_by_pronoun(target, ctx.words):
        return None
    if place(target, ctx) is not None or target.lemma_.lower() in ctx.words.place_nouns:
        return None
    if any(r == "of" and place(o, ctx) is not None for r, o in preps(target)):
        return None  # 'the rebel-held enclave of Eastern Ghouta': a place
    left, right = np_span(target, ctx.words)
    span = target.doc[left:right]
    text = phrase_text(span.text, ctx.lexicon)
    if not text:
        return None
    return Actor(name=text, country_iso3=None, start=span.start_char, end=span.end_char, known=False, kind="object")


TargetFinder = Callable[[Clause, SentenceContext, ArticleHistory], Actor | None]
TARGET_FALLBACKS: tuple[TargetFinder, ...] = (
    oblique_target,
    conjunct_partner,
    governed_target,
    topic_target,
    beneficiary_target,
    attacked_object,
)


# --- who a statement is made to, who takes part ----------------------------------------------------------------


def statement_target(v: Token, ctx: SentenceContext, history: ArticleHistory) -> Actor | None:
    """Who a statement was made to: 'told parliament', 'said in a meeting with the EU envoy'; not the news outlet
    that relays it ('told the BBC', 'in an interview with Reuters')."""
    obj = first(v, "dobj", "dative")
    if obj is not None and not _outlet(obj, ctx) and (a := actor(obj, ctx, history)) is not None:
        return a
    cands = _own_obliques(v)
    for pr, po in list(cands):
        if pr in ("in", "during", "at") and noun_code(po, ctx.lexicon) is not None:
            cands += preps(po)
    for pr, po in cands:
        if pr in ("to", "with") and not _outlet(po, ctx) and (a := actor(po, ctx, history)) is not None:
            return a
    return None


def _outlet(tok: Token, ctx: SentenceContext) -> bool:
    """A news outlet by its head noun ('told Pakistan's Geo news channel'), whoever owns it; or a publication's
    name ('told The Namibian': a capitalised 'The' inside the sentence starts a name, not a nationality)."""
    head = " ".join(t.lower_ for t in tok.lefts if t.dep_ == "compound")
    role = ctx.words.role_sectors.get(f"{head} {tok.lower_}".strip()) or ctx.words.role_sectors.get(tok.lemma_.lower())
    named = any(c.dep_ == "det" and c.text == "The" and c.i > tok.sent.start for c in tok.children)
    return role == "media" or named


def conjoined_actors(
    v: Token, kind: PredicateKind, ctx: SentenceContext, history: ArticleHistory
) -> tuple[Actor | None, ...]:
    """Every actor of a coordination in the predicate's subject, agent or object ('signed by Baku, Moscow and
    Yerevan'): they all take part, for actor_countries."""
    if kind != "verb":
        return ()
    heads = [t for t in (subject(v, ctx.words), agent(v), passive_subject(v), first(v, "dobj")) if t is not None]
    out = []
    for h in heads:
        for c in h.subtree:
            if c.dep_ == "conj" and c.head.i in {x.i for x in h.subtree}:
                out.append(actor(c, ctx, history))
    return tuple(out)


# --- metaphor ------------------------------------------------------------------------------------------------------


def violence_target(v: Token, kind: PredicateKind, ctx: SentenceContext) -> Token | None:
    """What a violent word is done to: its object, or the 'on'/'against' phrase of an attack noun (also when a
    light verb carries it: 'launched an attack on X')."""
    if kind == "noun":
        return next((po for pr, po in preps(v) if pr in ("on", "against")), None)
    target = first(v, "dobj")
    if target is not None and noun_code(target, ctx.lexicon) is not None:
        target = next((po for pr, po in preps(target) if pr in ("on", "against")), None)
    return target


def criticised(v: Token, kind: PredicateKind, ctx: SentenceContext) -> bool:
    """A violent word done to a policy, a law or a statement (the synonym set &POLICY of event_synsets.tsv):
    'attacked the legislation', 'launched an attack on the plan' are criticism."""
    target = violence_target(v, kind, ctx)
    policies = _policies(ctx)
    return target is not None and target.pos_ == "NOUN" and target.lemma_.lower() in policies


def _policies(ctx: SentenceContext) -> frozenset[str]:
    """Nouns of policy, law and speech (event_synsets.tsv's &POLICY)."""
    return ctx.lexicon.synsets.get("&POLICY", frozenset())


def struck_with_measure(v: Token, ctx: SentenceContext) -> bool:
    """'hit the company with a tax bill', 'hit China with new tariffs': a violent word done with a measure (the
    &POLICY synset) is coercion, not force."""
    policies = _policies(ctx)
    return any(pr == "with" and po.lemma_.lower() in policies for pr, po in preps(v))


def quarrel(v: Token, kind: PredicateKind, ctx: SentenceContext, history: ArticleHistory) -> bool:
    """'The former police chief clashed with a No campaigner': a single person clashes in words (quarrel_verbs.txt);
    crowds, police and forces that clash fight."""
    if kind != "verb" or v.lemma_.lower() not in ctx.words.quarrel_verbs:
        return False
    subj = subject(v, ctx.words)
    a1 = actor(subj, ctx, history)
    if subj is None or a1 is None or a1.plural or subj.tag_ not in ("NN", "NNP"):
        return False
    # a role noun of one person ('chief', 'minister'), not a force or a crowd ('army', 'rebels', 'protesters')
    return a1.kind == "person" or ctx.words.actor_groups.get(subj.lemma_.lower(), "") in ("", "government")


def metaphoric(v: Token, kind: PredicateKind, ctx: SentenceContext, history: ArticleHistory) -> bool:
    """A violent word whose target is neither an actor, nor a place, nor a physical target is a metaphor
    ('launched an attack on the cost of Britain's asylum system')."""
    target = violence_target(v, kind, ctx)
    if target is None or target.pos_ not in ("NOUN", "PROPN"):
        return False
    lemma = target.lemma_.lower()
    if lemma in ctx.words.physical_targets or lemma in ctx.words.actor_groups:
        return False
    if target.ent_type_ or target.pos_ == "PROPN" or target.like_num:
        return False
    if lemma in ctx.words.abstract_nouns:
        return True  # 'break the two-party consensus': whatever modifies it, an abstract thing is not hit
    if any(c.like_num or c.dep_ == "nummod" for c in target.children):
        return False  # 'killed 17', 'wounded 5 of them'
    if not abstract(target, ctx):
        return False  # 'tortured an inmate', 'shelled the convoy': a concrete target, even one no list names
    return actor(target, ctx, history) is None and place(target, ctx) is None


def abstract(tok: Token, ctx: SentenceContext) -> bool:
    """An abstract noun (abstract_nouns.txt, or a long noun with an abstract suffix)."""
    lemma = tok.lemma_.lower()
    words = ctx.words
    return lemma in words.abstract_nouns or (len(lemma) > 5 and lemma.endswith(words.abstract_suffixes))
