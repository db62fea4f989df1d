"""Which actor does a noun phrase name? A phrase becomes an Actor through the actor dictionary (dated roles, IGOs,
armed groups, agent nouns), the gazetteer's people, organisations and countries, spaCy's entities, or an actor
noun ('troops' -> a military group); a partitive names its 'of' object ('dozens of activists'), a pronoun the actor
it stands for, a title the person it names. Places, dates and numbers are never actors."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from newsevents.extract.actors import MEANS, ActorMatch
from newsevents.extract.events.context import ArticleHistory, SentenceContext
from newsevents.extract.events.lexicon import Lexicon, Words
from newsevents.extract.events.model import Actor, Event
from newsevents.extract.events.syntax import entity_of, first, np_span, preps, reporting_head, subject
from newsevents.extract.gazetteer import Mention
from newsevents.extract.names import country_names

if TYPE_CHECKING:  # spaCy is loaded by the process that parses, not by every importer
    from spacy.tokens import Span, Token

_NOT_ACTORS = ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL")  # entity labels
_NAMED = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")  # entity labels that extend a phrase to the whole name
_COUNTRY_KINDS = ("country", "demonym", "capital")  # gazetteer kinds that give a country
# The actor dictionary's kinds as Actor kinds.
_AGENT_KIND = {"person": "person", "org": "org", "igo": "org", "armed_group": "org", "country": "gpe", "agent": "group"}
_PARENTHESIS = re.compile(r"\s*\([^)]*\)?\s*$|\s*\([^)]*\)")


def actor(tok: Token | None, ctx: SentenceContext, history: ArticleHistory) -> Actor | None:
    """The actor a noun phrase names: a known person/organisation/country from the dictionary, gazetteer or NER,
    a demonym + group noun ('Iraqi troops'), or a pronoun resolved from earlier in the article. Every dictionary
    match is remembered in history (a later lone surname resolves to it)."""
    if tok is None:
        return None
    words = ctx.words
    of_whom = partitive_of(tok, words)
    if of_whom is not None:
        return actor(of_whom, ctx, history)  # 'dozens of political activists', 'hundreds of families'
    if (tok.pos_ == "PRON" or tok.lower_ in words.pronouns) and not (tok.is_upper and len(tok.text) > 1):
        return _pronoun(tok, ctx, history)
    if is_pair(tok, words):
        return None  # resolved by the caller to the pair named earlier, or left empty
    tok, ent = _titled_person(tok, words)
    if tok.ent_type_ in _NOT_ACTORS:
        return None
    decided, referred = _by_reference(tok, ent, ctx, history)
    return referred if decided else _phrase_actor(tok, ent, ctx, history)


def _by_reference(
    tok: Token, ent: Span | None, ctx: SentenceContext, history: ArticleHistory
) -> tuple[bool, Actor | None]:
    """(True, the actor) when the phrase stands for someone its words do not name: a weapon's forces, an office
    holder's organisation, a lone surname's person, an anaphor's organisation (or nobody); else (False, None)."""
    words = ctx.words
    lemma = tok.lemma_.lower()
    if (
        tok.pos_ == "NOUN"
        and lemma in ctx.lexicon.synsets.get("&WEAPON", frozenset())
        and lemma not in words.actor_groups
    ):
        return True, _forces_of(tok, ctx)  # 'Israeli jets struck Gaza': the weapon's country's forces
    if _national(tok):
        start = tok.idx - tok.sent.start_char  # 'the Australian said': one person of that nationality, not the state
        country = next((m.entry.country_iso3 for m in ctx.mentions_in(tok.idx, tok.idx + len(tok))), None)
        return True, Actor(
            name=tok.text, country_iso3=country, start=start, end=start + len(tok), known=False, kind="person"
        )
    office = office_of(tok, words)
    if office is not None:
        holder = next((e for e in tok.doc.ents if e.label_ == "PERSON" and tok.i < e.start <= tok.right_edge.i), None)
        if holder is not None:
            return True, actor(holder.root, ctx, history)  # 'The chairman of the Bar Council, Guy Mansfield QC'
        found = actor(office, ctx, history)
        if found is not None and found.kind != "person":
            return True, found  # 'the chairman of the Police Federation said': the federation speaks
    earlier = _lone_surname(tok, ent, history)
    if earlier is not None:
        return True, earlier
    if _anaphor(tok, words):  # 'the union said': the union named earlier, or nobody known
        found = history.antecedent(tok.lemma_.lower(), role_sector([tok.lemma_.lower()], words))
        start = tok.idx - tok.sent.start_char
        return True, replace(found, start=start, end=start + len(tok)) if found else None
    return False, None


def _phrase_actor(tok: Token, ent: Span | None, ctx: SentenceContext, history: ArticleHistory) -> Actor | None:
    """The actor the noun phrase's own words name (dictionary, gazetteer, NER), as the article knows it."""
    words = ctx.words
    left, right = np_span(tok, words)
    if ent is not None and ent.label_ in _NAMED:
        left, right = min(left, ent.start), max(right, ent.end)
    span = tok.doc[left:right]
    if ent is None and tok.pos_ == "NOUN" and not names_actor(tok, ctx) and _sponsor_only(tok, words):
        return None  # 'a UN-brokered ceasefire': the name modifies a participle, it does not own the thing
    found = _dictionary_actor(span, tok, ent, ctx, history) or _named_actor(tok, ent, span, ctx)
    if found is None:
        return None
    if found.kind == "person":
        return history.recall(found, words.public_sectors)
    found = history.expand_acronym(found) if found.kind == "org" else found
    history.note_organisation(found)
    return found


def note_people(ctx: SentenceContext, history: ArticleHistory, events: list[Event]) -> None:
    """Remember the people a parsed sentence names (with the sector their titles give), and make the last of them
    what 'he'/'she' stands for next when no event of the sentence had a person as its actor."""
    last = None
    for ent in ctx.doc.ents:
        if ent.label_ == "PERSON":
            found = actor(ent.root, ctx, history)
            if found is not None and found.kind == "person":
                last = found
    if last is not None and not any(e.actor1 is not None and e.actor1.kind == "person" for e in events):
        history.last_person = last


def note_mentions(mentions: list[Mention], history: ArticleHistory, words: Words) -> None:
    """People the gazetteer finds in text that was not parsed: remembered, and the last is what 'he'/'she' stands
    for next ('... said Mr Howard.' in a sentence without a predicate)."""
    for m in mentions:
        if m.entry.kind == "person":
            person = Actor(
                name=m.entry.name,
                country_iso3=m.entry.country_iso3,
                start=m.start,
                end=m.end,
                known=True,
                kind="person",
                sector=type_sector(m.entry.actor_type, words),
            )
            history.last_person = history.recall(person, words.public_sectors)


def _lone_surname(tok: Token, ent: Span | None, history: ArticleHistory) -> Actor | None:
    """'Dar said' after 'photographer Rehan Dar': the person of the article, not a namesake of the dictionary."""
    if tok.pos_ != "PROPN" or (ent is not None and len(ent) > 1) or any(c.dep_ == "compound" for c in tok.children):
        return None
    earlier = history.named_earlier(tok.text)
    if earlier is None:
        return None
    return replace(earlier, start=tok.idx - tok.sent.start_char, end=tok.idx - tok.sent.start_char + len(tok))


def _pronoun(tok: Token, ctx: SentenceContext, history: ArticleHistory) -> Actor | None:
    """'Israel said it will not ...': the speaker; 'who': the noun it relates to; 'it' under a governing clause:
    that clause's subject; else the last person or group of the article."""
    words = ctx.words
    kind = words.pronouns.get(tok.lower_)
    rep = reporting_head(tok, words) if tok.dep_ in ("nsubj", "nsubjpass") else None
    speaker = subject(rep, words) if rep is not None else None
    if speaker is not None and speaker.i != tok.i and speaker.pos_ != "PRON":
        found = actor(speaker, ctx, history)  # 'Israel said it will not ...': it = the speaker
        if _fits_pronoun(found, kind, words):
            return found
    if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
        return actor(tok.head.head, ctx, history)
    governor = governing_subject(tok, kind, words) if tok.dep_ in ("nsubj", "nsubjpass") else None
    if (
        governor is not None
        and (found := actor(governor, ctx, history)) is not None
        and _fits_pronoun(found, kind, words)
    ):
        return found  # 'the government has made it clear it will not lift': it = the government
    return history.resolve(kind) if kind else None


def _national(tok: Token) -> bool:
    """A nationality as a singular noun after an article ('the Australian said', 'a Briton'): a person."""
    return (
        tok.ent_type_ == "NORP"
        and tok.tag_ in ("NN", "NNP")
        and any(c.dep_ == "det" and c.text in ("the", "a", "an") for c in tok.children)  # not 'The Namibian'
    )


def _fits_pronoun(found: Actor | None, kind: str | None, words: Words) -> bool:
    """'he'/'she' stand for a person ('the chancellor said he ...' too), never for a party, a state or a plural
    group ('..., he claimed' under 'the Lib Dems')."""
    if found is None:
        return False
    one = found.kind == "person" or (found.kind == "group" and not found.plural and found.noun is not None)
    return kind != "person" or (one and found.noun not in words.institution_nouns)


def _titled_person(tok: Token, words: Words) -> tuple[Token, Span | None]:
    """'Minister, Chief of Staff, Col-Gen Karim Valiyev': the person the titles name (an apposition or a compound
    name), else tok itself; with tok's entity."""
    ent = entity_of(tok)
    if ent is not None and ent.label_ == "PERSON":
        return tok, ent
    appos = [c for c in tok.children if c.dep_ == "appos"]
    person_noun = tok.lemma_.lower() in words.actor_groups or tok.lemma_.lower() in words.role_sectors
    named = next((a for a in appos if a.ent_type_ == "PERSON"), None) or next(
        (
            a
            for a in tok.subtree
            if a.ent_type_ == "PERSON"
            and a.head.i == tok.i
            and (a.dep_ == "appos" or (a.dep_ == "compound" and person_noun))  # not 'the May report'
        ),
        None,
    )
    if named is None and ent is None:
        named = next((a for a in appos if entity_of(a) is not None), None)
    if named is not None and tok.lemma_.lower() in words.institution_nouns and named.dep_ == "compound":
        named = None  # 'the Trump administration' is the administration, not Trump
    if named is not None and (ent is None or tok.lemma_.lower() in words.actor_groups):
        return named, entity_of(named)
    return tok, ent


def _dictionary_actor(
    span: Span, tok: Token, ent: Span | None, ctx: SentenceContext, history: ArticleHistory
) -> Actor | None:
    """The actor dictionary's reading of the noun phrase (newsevents.extract.actors: dated roles, IGOs, armed
    groups, agent nouns such as 'Iraqi troops' -> Iraq military): name, country and type of actor."""
    text = phrase_text(span.text, ctx.lexicon)
    if not text:
        return None
    match = ctx.knowledge.actors.resolve(text, ctx.published, history.seen)
    if match is None:
        return None
    kind = _AGENT_KIND.get(match.kind, "org")
    if kind == "person" and ent is not None and ent.label_ not in ("PERSON",) and tok.pos_ != "PROPN":
        return None  # a title word alone ('the President') is left to the rules
    history.meet(match)
    where = (span.start_char, span.end_char)
    sector = match_sector(match, ctx.words)
    if kind == "group":
        sector = sector or role_sector(_name_words(text), ctx.words)  # 'a Labour Party spokesman'

        return _agent_group(match, text, where, sector, tok)
    group = match.actor_type if match.kind == "armed_group" else None
    if kind == "person" and (sector is None or match.method == "title_name"):
        sector = person_sector(tok, span, ctx) or sector
    return _at(where, match.name, match.country_iso3, known=True, group=group, kind=kind, sector=sector)


def _agent_group(match: ActorMatch, text: str, where: tuple[int, int], sector: str | None, tok: Token) -> Actor:
    """An agent noun of the dictionary: 'Iraq (military)' with a country, the phrase itself without one."""
    group = match.actor_type or "other"
    noun, plural = (match.role or "").lower(), tok.tag_ in ("NNS", "NNPS")
    if match.country_iso3 is None:
        named = any(
            t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
            for t in tok.sent
            if where[0] <= t.idx - tok.sent.start_char < where[1]
        )
        return _at(where, text, None, known=named, group=group, kind="group", sector=sector, noun=noun, plural=plural)
    cname = country_names().get(match.country_iso3, match.name.rsplit(" ", 1)[0])
    name = f"{cname} ({group})"
    return _at(
        where, name, match.country_iso3, known=True, group=group, kind="group", sector=sector, noun=noun, plural=plural
    )


def _named_actor(tok: Token, ent: Span | None, span: Span, ctx: SentenceContext) -> Actor | None:
    """An actor the dictionary does not know: from the gazetteer's mentions in the phrase, spaCy's entity, or an
    actor noun."""
    where = (span.start_char, span.end_char)
    mentions = ctx.mentions_in(span.start_char, span.end_char)
    people = [m for m in mentions if m.entry.kind == "person"]
    orgs = [m for m in mentions if m.entry.kind == "org"]
    head_is_actor_noun = actor_noun_head(tok, ctx.words)
    country = _country_of(mentions, people)
    words = ctx.words
    if people:
        entry = people[0].entry
        sector = type_sector(entry.actor_type, words) or person_sector(tok, span, ctx)
        return _at(where, entry.name, country, known=True, kind="person", sector=sector)
    if ent is not None and ent.label_ == "PERSON" and not head_is_actor_noun:
        return _person(ent, tok, span, mentions, country, ctx, where)
    if orgs and (not head_is_actor_noun or tok.pos_ == "NOUN"):
        org = orgs[0].entry
        sector = type_sector(org.actor_type, words) or org_sector(org.name, words)
        return _at(where, org.name, org.country_iso3 or country, known=True, kind="org", sector=sector)
    text = phrase_text(span.text, ctx.lexicon)
    if head_is_actor_noun and (tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and ent is None)):
        return _group(tok, span, mentions, country, text, ctx.words, where)
    if (ent is not None and ent.label_ in ("GPE", "NORP")) or any(
        m.entry.kind in ("country", "capital") for m in mentions
    ):
        return _state(mentions, country, text, where)
    if ent is not None and ent.label_ in ("ORG", "PERSON"):
        kind = "org" if ent.label_ == "ORG" else "person"
        sector = org_sector(ent.text, words) if kind == "org" else role_sector(_name_words(ent.text), words)
        if kind == "person":
            sector = person_sector(tok, span, ctx) or sector
        return _at(where, ent.text, country, known=True, kind=kind, sector=sector)
    if (
        tok.pos_ == "PROPN"
        and tok.is_alpha  # not 'USD1'
        and not (ent is not None and ent.label_ in ("LOC", "FAC", "GPE"))
        and not any(m.entry.kind in ("city", "region") for m in mentions)
    ):
        role = person_sector(tok, span, ctx) if len(text.split()) >= 2 else None
        if role is not None:  # 'Waqar Noor, the region's interior minister': a person the tagger did not name
            return _at(where, text, country, known=True, kind="person", sector=role)
        sector = org_sector(text, words)
        return _at(where, text, country, known=False, kind="org", sector=sector)  # of unknown kind, no place
    return None


def _at(
    where: tuple[int, int],
    name: str,
    country: str | None,
    *,
    known: bool,
    kind: str,
    group: str | None = None,
    sector: str | None = None,
    noun: str | None = None,
    plural: bool = False,
) -> Actor:
    """An Actor for the phrase at where (character offsets in the sentence)."""
    return Actor(
        name=name,
        country_iso3=country,
        start=where[0],
        end=where[1],
        known=known,
        group=group,
        kind=kind,
        sector=sector,
        noun=noun,
        plural=plural,
    )


def _country_of(mentions: list[Mention], people: list[Mention]) -> str | None:
    """The phrase's country: its person's, else a country word's, else any mention's."""
    countries = [m for m in mentions if m.entry.country_iso3]
    if people and people[0].entry.country_iso3:
        return people[0].entry.country_iso3
    return next((m.entry.country_iso3 for m in countries if m.entry.kind in _COUNTRY_KINDS), None) or (
        countries[0].entry.country_iso3 if countries else None
    )


def _person(
    ent: Span,
    tok: Token,
    span: Span,
    mentions: list[Mention],
    country: str | None,
    ctx: SentenceContext,
    where: tuple[int, int],
) -> Actor | None:
    """A person spaCy names: linked to a known person when the gazetteer can, never a place it knows; the sector
    from the person's own titles and apposition ('chief executive Tom McKillop', 'Nick Turner, analyst')."""
    linked = ctx.knowledge.gazetteer.link_person(ent.text)
    role = person_sector(tok, span, ctx)
    if linked is not None:
        sector = type_sector(linked.actor_type, ctx.words) or role
        return _at(where, linked.name, linked.country_iso3 or country, known=True, kind="person", sector=sector)
    if any(
        m.start <= ent.start_char and ent.end_char <= m.end and m.entry.kind in ("city", "region", "country")
        for m in mentions
    ):
        return None  # 'Lachin' read as a person's name by the tagger: a place the gazetteer knows, no person
    return _at(
        where,
        ent.text,
        country,
        known=True,
        kind="person",
        sector=role or role_sector(_name_words(ent.text), ctx.words),
    )


def _group(
    tok: Token,
    span: Span,
    mentions: list[Mention],
    country: str | None,
    text: str,
    words: Words,
    where: tuple[int, int],
) -> Actor:
    """A group an actor noun names: 'the Armenian troops' -> 'Armenia (military)', else the phrase itself."""
    group = words.group_of(tok.lemma_.lower())
    countries = [m for m in mentions if m.entry.country_iso3]
    named = next((m for m in countries if m.entry.kind in _COUNTRY_KINDS), None)
    whole = named is not None and any(t.idx == named.start and t.idx + len(t) == named.end for t in span)
    noun, plural = tok.lemma_.lower(), tok.tag_ in ("NNS", "NNPS")
    sector = words.sector_of_group.get(group) or role_sector(_name_words(text), words)
    if named is not None and whole and group in words.national_groups:
        cname = country_names().get(named.entry.country_iso3 or "", named.entry.name)
        name = f"{cname} ({group})"
        iso3 = named.entry.country_iso3
        return _at(where, name, iso3, known=True, group=group, kind="group", sector=sector, noun=noun, plural=plural)
    known = country is not None or any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in span)
    return _at(where, text, country, known=known, group=group, kind="group", sector=sector, noun=noun, plural=plural)


def _state(mentions: list[Mention], country: str | None, text: str, where: tuple[int, int]) -> Actor | None:
    """A state: the country a country word, capital or demonym names; a town or region is where, not who."""
    named = next((m for m in mentions if m.entry.kind in ("country", "capital", "demonym")), None)
    if named is not None:
        cname = country_names().get(named.entry.country_iso3 or "", named.entry.name)
        return _at(where, cname, named.entry.country_iso3, known=True, kind="gpe", sector="government")
    if any(m.entry.kind in ("city", "region") for m in mentions):
        return None  # 'dispatched a team to Detroit': a town or region is where, not who
    return _at(where, text, country, known=False, kind="gpe", sector="government")


def type_sector(actor_type: str | None, words: Words) -> str | None:
    """The sector of an actor-dictionary type ('rebel' -> armed_group; sectors.tsv)."""
    return words.sector_of_type.get(actor_type) if actor_type else None


def match_sector(match: ActorMatch, words: Words) -> str | None:
    """The sector of an actor-dictionary match: a state is government, an IGO igo; a titled name ('chief
    executive Tom McKillop') by its title's own words first (the dictionary's agent types are broad)."""
    if match.kind == "country":
        return "government"
    if match.method == "title_name" or match.kind == "agent":
        by_role = role_sector(_name_words(match.role or ""), words)
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
    tokens = _name_words(name)
    cut = next((i for i, w in enumerate(tokens) if w in ("of", "for")), len(tokens))
    return role_sector(tokens[:cut], words) or role_sector(tokens, words)


def _name_words(text: str) -> list[str]:
    return [w.lower().rstrip(".") for w in _WORD.findall(text)]


def person_sector(tok: Token, span: Span, ctx: SentenceContext) -> str | None:
    """A named person's sector from the words around the name: a title or role ('chief executive Tom McKillop',
    'Nick Turner, analyst at brokers Jefferies'), else the organisation they speak for ('EC spokeswoman X',
    'Oliver Letwin, for the Tories', 'Mike Hobday, from the League Against Cruel Sports')."""
    before, after = _role_context(tok, span)
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
        return "government"
    return type_sector(m.entry.actor_type, words)


def _role_context(tok: Token, span: Span) -> tuple[list[Token], list[Token]]:
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


def phrase_text(text: str, lexicon: Lexicon) -> str:
    """A noun phrase as an actor's name: no determiner or count, no possessive 's, no parenthesis ('The Foreign
    Office (FO)' is 'Foreign Office')."""
    stripped = lexicon.determiners.group_name.sub("", _PARENTHESIS.sub("", text))
    return re.sub(r"\s*['’]s?$", "", stripped.strip(" ,"))


def actor_noun_head(tok: Token, words: Words) -> bool:
    """tok is an actor noun ('troops', 'government'), or a noun compounded with one ('government troops')."""
    nouns = words.actor_groups
    return tok.lemma_.lower() in nouns or (
        tok.pos_ == "NOUN" and any(c.dep_ == "compound" and c.lemma_.lower() in nouns for c in tok.children)
    )


def names_actor(tok: Token, ctx: SentenceContext) -> bool:
    """Can a common noun head an actor's phrase: an actor noun, a noun through which a group acts ('missiles',
    'members'), or one the actor dictionary knows as an agent ('activists', 'refugees')."""
    lemma = tok.lemma_.lower()
    actors = ctx.knowledge.actors
    return (
        actor_noun_head(tok, ctx.words)
        or lemma in MEANS
        or tok.lower_ in MEANS
        or actors.is_agent(tok.lower_)
        or actors.is_agent(lemma)
    )


def _sponsor_only(tok: Token, words: Words) -> bool:
    """Every name in the noun's left modifiers is a sponsor ('UN-brokered'); False when there is none."""
    names = [t for left in tok.lefts for t in left.subtree if t.ent_type_ or t.pos_ == "PROPN"]
    return bool(names) and all(
        t.i + 2 < len(t.doc)
        and t.doc[t.i + 1].text in ("-", "–")
        and t.doc[t.i + 2].lower_ in words.sponsoring_participles
        for t in names
    )


def owned_by_pronoun(tok: Token, words: Words) -> bool:
    """'withdraw its troops', 'to her country': the actor's own (a possessive pronoun), unless the noun names a
    relation to another party ('his counterpart')."""
    return tok.lemma_.lower() not in words.relational_nouns and any(
        c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children
    )


def own_forces(group: Actor, actor1: Actor | None, words: Words) -> bool:
    """group is armed or police forces with no country of their own or the actor's ('the Army', 'troops')."""
    return (
        group.kind == "group"
        and group.group in words.force_groups
        and (group.country_iso3 is None or (actor1 is not None and group.country_iso3 == actor1.country_iso3))
    )


def own_country(owner: Actor | None, actor1: Actor | None) -> bool:
    """owner is the bare country of actor1 ('US' for Obama); 'the Indian government' is a party of its own."""
    return (
        owner is not None
        and actor1 is not None
        and owner.kind == "gpe"
        and owner.country_iso3 is not None
        and owner.country_iso3 == actor1.country_iso3
    )


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
        return subj if _agrees(subj, kind, words) else None
    return None


def _agrees(subj: Token, kind: str | None, words: Words) -> bool:
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


def _forces_of(weapon: Token, ctx: SentenceContext) -> Actor | None:
    """The armed forces a weapon's phrase names by country ('Israeli jets', 'missiles fired from India'), else
    None: a weapon is not an actor."""
    left, right = np_span(weapon, ctx.words)
    span = weapon.doc[left:right]
    named = next(
        (
            m
            for m in ctx.mentions_in(span.start_char, span.end_char)
            if m.entry.kind in _COUNTRY_KINDS and m.entry.country_iso3
        ),
        None,
    )
    if named is None:
        return None
    iso3 = named.entry.country_iso3
    name = f"{country_names().get(iso3 or '', named.entry.name)} (military)"
    where = (span.start_char, span.end_char)
    return _at(
        where, name, iso3, known=True, group="military", kind="group", sector="military", noun=weapon.lemma_.lower()
    )


def _anaphor(tok: Token, words: Words) -> bool:
    """'the union', 'the organization': a bare definite noun of anaphoric_heads.txt that stands for an organisation
    named before (not 'the teachers' union', 'a union', 'the union of journalists')."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.lemma_.lower() not in words.anaphoric_heads:
        return False
    children = list(tok.children)
    return bool(children) and all(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in children)


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
    """'the two presidents', 'both sides', 'the parties': the two actors of an earlier event."""
    return tok.lower_ in ("sides", "parties") or (
        tok.tag_ == "NNS"
        and tok.lemma_.lower() in words.actor_groups
        and any(c.lower_ in ("two", "both") for c in tok.children)
    )
