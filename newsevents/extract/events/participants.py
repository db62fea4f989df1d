"""Which actor does a noun phrase name? A phrase becomes an Actor through the actor dictionary (dated roles, IGOs,
armed groups, agent nouns), the gazetteer's people, organisations and countries, spaCy's entities, or an actor
noun ('troops' -> a military group); a partitive names its 'of' object ('dozens of activists'), a pronoun the actor
it stands for, a title the person it names. Places, dates and numbers are never actors."""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from newsevents.extract.actors import MEANS, ActorMatch
from newsevents.extract.events.context import ArticleHistory, SentenceContext
from newsevents.extract.events.lexicon import Lexicon, Words
from newsevents.extract.events.model import Actor, Event
from newsevents.extract.events.references import (
    anaphor,
    definite_title,
    fits_pronoun,
    governing_subject,
    is_pair,
    national,
    office_of,
    one_person,
    partitive_of,
    title_before,
)
from newsevents.extract.events.sectors import (
    match_sector,
    name_words,
    org_sector,
    person_sector,
    role_context,
    role_sector,
    type_sector,
)
from newsevents.extract.events.syntax import entity_of, first, np_span, reporting_head, subject
from newsevents.extract.gazetteer import Mention
from newsevents.extract.names import country_names, fold
from newsevents.extract.wordlists import Titles

if TYPE_CHECKING:  # spaCy is loaded by the process that parses, not by every importer
    from spacy.tokens import Span, Token

_NOT_ACTORS = ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "EVENT", "LAW")  # entity labels
_NAMED = ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")  # entity labels that extend a phrase to the whole name
_COUNTRY_KINDS = ("country", "demonym", "capital")  # gazetteer kinds that give a country
# The actor dictionary's kinds as Actor kinds.
_AGENT_KIND = {"person": "person", "org": "org", "igo": "org", "armed_group": "org", "country": "gpe", "agent": "group"}
_MONTHS = frozenset(calendar.month_name[1:])  # a bare month name is a person only once named in full
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
    if ent is not None and _not_a_name(ent, words):
        ent = None  # 'Kowal meets Scholz' read as one name in a headline
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
    if national(tok):
        start = tok.idx - tok.sent.start_char  # 'the Australian said': one person of that nationality, not the state
        country = next((m.entry.country_iso3 for m in ctx.mentions_in(tok.idx, tok.idx + len(tok))), None)
        return True, Actor(
            name=tok.text, country_iso3=country, start=start, end=start + len(tok), known=False, kind="person"
        )
    if lemma in words.speaking_documents and speaks(tok, words) and first(tok, "poss", "compound") is None:
        return True, history.body_speaking(ctx.sentence.start)  # 'the statement said': whoever issued it
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
    title = definite_title(tok) if tok.pos_ in ("NOUN", "PROPN") and ent is None else None
    if title is not None and title in history.titles:  # 'the Tory leader' after 'Tory leader Michael Howard'
        start = tok.left_edge.idx - tok.sent.start_char
        return True, replace(history.titles[title], start=start, end=tok.idx - tok.sent.start_char + len(tok))
    if anaphor(tok, words):  # 'the union said': the union named earlier, or nobody known
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
    if _bare_month(tok, span) and fold(tok.text) not in history.people:
        return None  # 'the May report', 'May's jobs figures': a month, unless the article named Theresa May
    found = _dictionary_actor(span, tok, ent, ctx, history) or _named_actor(tok, ent, span, ctx)
    if found is None:
        return None
    if found.kind == "person":
        if found.sector is None:
            found = _affiliated(found, tok, span, history)
        return history.recall(found, words.public_sectors)
    if found.kind == "group" and found.country_iso3 is None:
        found = _country_of_owner(found, tok, ctx, history)
    named_group = found.kind == "group" and found.known and found.name[:1].isupper()  # 'the National Union of X'
    found = history.expand_acronym(found) if found.kind == "org" or named_group else found
    history.note_organisation(found)
    return found


def _country_of_owner(found: Actor, tok: Token, ctx: SentenceContext, history: ArticleHistory) -> Actor:
    """'President Castro's chief aide', 'the Kremlin's spokesman': a role serves its possessor's country."""
    owner_tok = first(tok, "poss")
    owner = actor(owner_tok, ctx, history) if owner_tok is not None and owner_tok.pos_ == "PROPN" else None
    return replace(found, country_iso3=owner.country_iso3) if owner is not None and owner.country_iso3 else found


def _affiliated(person: Actor, tok: Token, span: Span, history: ArticleHistory) -> Actor:
    """A person of an organisation the article named earlier and now calls by its initials ('Andy Clarke, ERAA
    director of air transport', 'the ERAA's Mr Clarke'): the organisation's sector."""
    before, after = role_context(tok, span)
    for t in before[::-1] + after:
        org = history.initials.get(t.text) if t.text.isupper() else None
        if org is not None and org.sector is not None:
            return replace(person, sector=org.sector)
    return person


def _not_a_name(ent: Span, words: Words) -> bool:
    """An entity the tagger ran over a verb ('Kowal meets Scholz' in a headline): a name holds no lower-case verb,
    and a person's name no lower-case word but its particles ('de', 'van', 'bin': name_particles.txt)."""
    if any(t.pos_ in ("VERB", "AUX") and t.is_lower for t in ent):
        return True
    particles = words.name_particles
    return ent.label_ == "PERSON" and any(t.is_lower and t.is_alpha and t.lower_ not in particles for t in ent)


def _bare_month(tok: Token, span: Span) -> bool:
    """A month name with no other name beside it ('the May report', not 'Theresa May')."""
    return tok.text in _MONTHS and not any(t.pos_ == "PROPN" and t.i != tok.i for t in span)


def note_people(ctx: SentenceContext, history: ArticleHistory, events: list[Event]) -> None:
    """Remember the people a parsed sentence names (with the sector their titles give), and make one of them what
    'he'/'she' stands for next when no person acted in an event of the sentence: the person in the sentence's
    subject ('Mr Brown's insistence was a rebuttal of a warning from Peter Mandelson': Brown), else the last."""
    named = []
    for ent in ctx.doc.ents:
        if ent.label_ == "PERSON":
            found = actor(ent.root, ctx, history)
            if found is not None and found.kind == "person":
                named.append((ent.root, found))
                title = title_before(ent.root, ent.start)
                if title is not None:
                    history.titles[title] = found  # a later 'the Tory leader' is this person
    if not named or any(one_person(e.actor1, ctx.words) for e in events):
        return
    subjects = {t.i for s in ctx.doc.sents for c in s.root.children if c.dep_ == "nsubj" for t in c.subtree}
    history.last_person = next((found for root, found in named if root.i in subjects), named[-1][1])


def note_mentions(
    mentions: list[Mention],
    history: ArticleHistory,
    words: Words,
    last_sentence: int = 0,
    titled: list[tuple[int, Actor]] | None = None,
) -> None:
    """People the gazetteer finds in text that was not parsed, and those it calls by title and surname (titled,
    from titled_surnames): remembered, and one is what 'he'/'she' stands for next: the first named in the last
    unparsed sentence (from the offset last_sentence on; a subject comes early: 'Mr Brown's insistence was a
    rebuttal of a warning from Peter Mandelson. He ...' is Brown), else the last."""
    people = list(titled or [])
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
            people.append((m.start, history.recall(person, words.public_sectors)))
    if people:
        people.sort(key=lambda p: p[0])
        history.last_person = next((p for at, p in people if at >= last_sentence), people[-1][1])


def titled_surnames(text: str, offset: int, titles: Titles, history: ArticleHistory) -> list[tuple[int, Actor]]:
    """'Mr Brown' in text that was not parsed: the person the article named in full earlier, at its offset (the
    gazetteer only finds names of the actor dictionary)."""
    found = []
    for m in titles.titled_surname.finditer(text):
        earlier = history.named_earlier(m.group(1))
        if earlier is not None:
            found.append((offset + m.start(), earlier))
    return found


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
        if fits_pronoun(found, kind, words):
            return found
    if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
        return actor(tok.head.head, ctx, history)
    governor = governing_subject(tok, kind, words) if tok.dep_ in ("nsubj", "nsubjpass") else None
    if (
        governor is not None
        and (found := actor(governor, ctx, history)) is not None
        and fits_pronoun(found, kind, words)
    ):
        return found  # 'the government has made it clear it will not lift': it = the government
    if kind == "thing" and speaks(tok, words):
        return history.body_speaking(ctx.sentence.start)  # 'It said': a state or an organisation speaks
    return history.resolve(kind) if kind else None


def speaks(tok: Token, words: Words) -> bool:
    """tok is the subject of a reporting verb ('It said', 'the statement added')."""
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in words.reporting_verbs


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
        sector = sector or role_sector(name_words(text), ctx.words)  # 'a Labour Party spokesman'

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
        sector = org_sector(ent.text, words) if kind == "org" else role_sector(name_words(ent.text), words)
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
    own = role_sector(name_words(ent.text), ctx.words)
    if own == "party":  # 'the Lib Dems' read as a person's name by the tagger: a party is no 'he' or 'she'
        return _at(where, phrase_text(ent.text, ctx.lexicon), country, known=True, kind="org", sector=own)
    return _at(where, ent.text, country, known=True, kind="person", sector=role or own)


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
    sector = words.sector_of_group.get(group) or role_sector(name_words(text), words)
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
