"""What does the coder know while it reads one sentence? The sentence with its parse, gazetteer mentions and quoted
spans (SentenceContext), and what the article has told it so far: the actors met, for pronouns and lone
surnames (ArticleHistory, the only state that changes while an article is read)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from newsevents.extract.actors import ActorMatch
from newsevents.extract.events.knowledge import Knowledge
from newsevents.extract.events.lexicon import Lexicon, Words
from newsevents.extract.events.model import Actor
from newsevents.extract.gazetteer import Mention
from newsevents.extract.names import fold
from newsevents.parse.sentences import Sentence

if TYPE_CHECKING:  # spaCy is loaded by the process that parses, not by every importer
    from spacy.tokens import Doc


@dataclass(frozen=True)
class SentenceContext:
    sentence: Sentence
    doc: Doc
    mentions: list[Mention]  # gazetteer mentions, offsets relative to the sentence
    quoted: list[tuple[int, int]]  # quoted spans, relative
    knowledge: Knowledge
    published: date | None = None

    @property
    def lexicon(self) -> Lexicon:
        return self.knowledge.lexicon

    @property
    def words(self) -> Words:
        return self.knowledge.lexicon.words

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start < end and start < m.end]

    def in_quote(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.quoted)


@dataclass
class ArticleHistory:
    """Named actors met so far in the article, for pronouns ('he', 'they'), pairs ('the two presidents') and lone
    surnames ('Lavrov' after 'Sergei Lavrov')."""

    last_person: Actor | None = None
    last_plural: Actor | None = None
    last_pair: tuple[Actor, Actor] | None = None
    last_body: Actor | None = None  # the last state, organisation or group that acted: 'It said', 'the letter said'
    last_body_end: int = -1  # where the sentence it acted in ends (offset in the body)
    seen: list[ActorMatch] = field(default_factory=list)  # actor dictionary matches so far
    people: dict[str, Actor] = field(default_factory=dict)  # folded surname -> the person named in full
    initials: dict[str, Actor] = field(default_factory=dict)  # 'IFS' -> the Institute of Fiscal Studies named earlier
    organisations: list[Actor] = field(default_factory=list)  # named organisations and groups, in article order
    measure_owners: dict[str, Actor] = field(default_factory=dict)  # policy | finding -> whose the last one was
    titles: dict[str, Actor] = field(default_factory=dict)  # 'tory leader' -> the person named with that title

    def resolve(self, kind: str) -> Actor | None:
        """The actor a pronoun of this kind stands for: the last person or the last group, state or organisation."""
        if kind == "person":
            return self.last_person
        if kind == "plural":
            return self.last_plural
        return None

    def see(self, actor: Actor | None, acted_until: int | None = None) -> None:
        """Remember an actor of an event, for later pronouns; acted_until: it is the event's actor1, in a sentence
        that ends there."""
        if actor is None:
            return
        if actor.kind == "person":
            self.last_person = actor
        elif actor.kind in ("gpe", "org", "group"):
            self.last_plural = actor
            if acted_until is not None:
                self.last_body, self.last_body_end = actor, acted_until

    def body_speaking(self, start: int) -> Actor | None:
        """What 'It said' or 'the statement said' in the sentence at start stands for: the state or organisation
        that acted in this sentence or the one just before it (further back, 'it' is as likely a company or a
        report the coder never read)."""
        return self.last_body if start - self.last_body_end <= 3 else None

    def meet(self, match: ActorMatch) -> None:
        """Remember an actor the dictionary named, for later lone surnames."""
        self.seen.append(match)

    def named_earlier(self, surname: str) -> Actor | None:
        """The person named in full earlier in the article with this surname ('Mr Dar' after 'Rehan Dar'): a lone
        surname is theirs before it is any namesake's of the actor dictionary."""
        return self.people.get(fold(surname))

    def antecedent(self, head: str, sector: str | None) -> Actor | None:
        """What 'the union', 'the organization' refers to: the last organisation named earlier whose name has that
        word, else the last of that sector; None when the article named none (an unresolved anaphor names nobody)."""
        named = next((a for a in reversed(self.organisations) if head in a.name.lower().split()), None)
        if named is None and sector is not None:
            named = next((a for a in reversed(self.organisations) if a.sector == sector), None)
        return named

    def note_organisation(self, found: Actor) -> None:
        """Remember a named organisation or group, for later 'the union', 'the organization'."""
        if found.known and found.kind in ("org", "group") and (found.kind == "org" or found.name[:1].isupper()):
            self.organisations.append(found)

    def expand_acronym(self, found: Actor) -> Actor:
        """An organisation as the article knows it: 'the IFS' after 'the Institute of Fiscal Studies' is the
        institute; an organisation named in full is remembered by its initials."""
        name = found.name.removeprefix("the ").removeprefix("The ")
        capitals = [w for w in name.split() if w[:1].isupper()]
        if len(capitals) >= 2:
            self.initials.setdefault("".join(w[0] for w in capitals), found)
            return found
        earlier = self.initials.get(name) if name.isupper() and 2 <= len(name) <= 6 else None
        if earlier is None or (found.known and found.sector is not None):
            return found
        return replace(
            found,
            name=earlier.name,
            country_iso3=found.country_iso3 or earlier.country_iso3,
            sector=found.sector or earlier.sector,
            known=earlier.known,
        )

    def recall(self, person: Actor, public_sectors: frozenset[str]) -> Actor:
        """A person as the article knows them: 'Mr Mallon' after 'Middlesbrough mayor Ray Mallon' is Ray Mallon, a
        mayor (the sector of the first mention that had one); a person named in full is remembered."""
        key = fold(person.name.split()[-1]) if person.name.split() else ""
        earlier = self.people.get(key)
        if len(person.name.split()) >= 2:
            if earlier is None or (earlier.sector is None and person.sector is not None):
                self.people[key] = person
            elif (
                earlier.name == person.name
                and person.sector != earlier.sector
                and (person.sector is None or earlier.sector in public_sectors)
            ):
                # one person, one sector: the article's first public role wins over a dictionary's type
                # ('home affairs spokesman Mark Oaten' stays a party spokesman when the dictionary says media)
                return replace(person, sector=earlier.sector)
            return person
        if earlier is None:
            return person
        return replace(
            person,
            name=earlier.name,
            country_iso3=person.country_iso3 or earlier.country_iso3,
            sector=person.sector if person.sector in public_sectors else earlier.sector or person.sector,
            known=True,
        )
