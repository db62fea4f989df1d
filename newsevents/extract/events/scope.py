"""Is it an event an analyst would code? The events table's scope, as the field's coders define it (PETRARCH codes
only sentences with codable actors; PLOVER/POLECAT code political interactions): a row needs a public or
political participant (a state and its organs, officials, parties and politicians, IGOs, NGOs and pressure groups,
armed groups, unions and protesters: the public sectors of data/event_words/sectors.tsv), or it is physical
violence against people, or an arrest. A statement needs a public speaker who is named or an institution ('police
say'), not generic unnamed people ('officials said', 'critics fear'). Celebrities, athletes, executives and
private people talking about their lives, films, matches or products are out; so are markets, sport, disasters.

Before anything is parsed, an article with no public actor and no cue of violence or coercion is not coded at all
(article_relevance): the cheapest sentence is the one never parsed, and the reason is recorded per article."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsevents.extract.events.lexicon import Lexicon, Words
from newsevents.extract.events.model import Actor, Event
from newsevents.extract.gazetteer import Mention
from newsevents.extract.topic import TopicModel
from newsevents.parse.sentences import Sentence

# An article the topic model reads as sport, entertainment or technology with at least this probability, and that
# names no public actor and no cue word, is not parsed (benchmarks/events_stream.py measures what it costs).
OFF_TOPIC = 0.9
POLITICAL = 0.2  # an article the topic model reads as sport, entertainment or technology at most this likely
READ_ALL = 0.5  # ... at most this likely: every candidate sentence is parsed, not only those in reach
SHORT = 100  # words: the gate reads whole articles; a shorter text (a headline, a lead, a sentence) is always coded


def public(a: Actor | None, words: Words, political: bool = False) -> bool:
    """A public or political actor (a public sector of sectors.tsv); in an article that reads as politics, also a
    named person or organisation whose role the article does not say."""
    if a is None:
        return False
    if a.sector is None and political and a.kind in ("person", "org"):
        return True
    return a.sector in words.public_sectors


def out_of_scope(ev: Event, words: Words, political: bool = False) -> str | None:
    """None when the row is in the events table's scope, else why not (for logs and tests). political: the article
    reads as politics (Relevance.political)."""
    etype = ev.event_type
    if etype.armed or etype.arrest:
        return None  # only armed forces withdraw or declare a ceasefire; an arrest is police or judicial coercion
    if etype.violent:
        return None if _harms_people(ev, words) else "violence against no one (a metaphor, sport, an object)"
    if etype.coercion:
        private = ev.actor1 is not None and ev.actor1.known and not public(ev.actor1, words)
        return "coercion by a private actor" if private else None
    if etype.statement:
        return None if _public_speaker(ev.actor1, words, political) else "statement by no named public speaker"
    if etype.verbal:
        speaker = public(ev.actor1, words, political) or (ev.actor1 is None and public(ev.actor2, words))
        return None if speaker else "verbal act by no public actor"
    if etype.collective:
        return None  # protests and strikes are collective political acts
    if public(ev.actor1, words, political) or public(ev.actor2, words, political):
        return None
    return "no public or political participant"


def _harms_people(ev: Event, words: Words) -> bool:
    """Violence against people: an armed or public actor takes part, people are counted dead or hurt, or the target
    is a person or a group of people."""
    if public(ev.actor1, words) or public(ev.actor2, words) or ev.killed or ev.injured:
        return True
    a2 = ev.actor2
    return a2 is not None and (a2.kind == "person" or (a2.kind == "group" and a2.sector in (None, "civilian")))


def _public_speaker(a: Actor | None, words: Words, political: bool) -> bool:
    """A public actor that is named or an institution: not people in general ('officials', 'ministers say')."""
    if not public(a, words, political):
        return False
    assert a is not None
    if a.kind != "group" or a.noun is None:
        return True
    noun = a.noun.split()[-1]
    if noun in words.generic_speakers or noun.rstrip("s") in words.generic_speakers:
        return False  # 'officials said', 'a senior diplomat said': unnamed
    if noun in words.spokespeople:
        return a.known  # 'a Labour Party spokesman' speaks for the party; 'a spokeswoman said' for nobody known
    return not a.plural or noun in words.institution_nouns


# --- before parsing -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Relevance:
    coded: bool
    reason: str  # what was found ('a public actor: Ministry of Defence') or what was missing
    political: bool = False  # the article reads as politics: a named person of unknown role is taken as political
    read_all: bool = False  # the article may well be news of public life: every candidate sentence is parsed
    snippet: bool = False  # a text too short to read its topic (an event sentence or a wire snippet)
    public_actor: bool = False  # it names a public actor (a dictionary entry, or a public noun or role)


class RelevanceCues:
    """What an article needs before it is parsed for events: a public actor the actor dictionary knows, a state
    (a country, its capital or its people), or a cue word of politics, violence or coercion
    (data/event_words/relevance_cues.txt)."""

    def __init__(self, lexicon: Lexicon, topic: TopicModel, off_topic: float = OFF_TOPIC) -> None:
        words = lexicon.words
        self.cue = _word_regex(list(words.relevance_cues))
        self.topic = topic
        self.off_topic = off_topic
        # words that put a sentence of a non-political article in reach: cues, and the nouns and roles of public
        # actors ('police', 'minister', 'council'), singular or plural
        public = [n for n, g in words.actor_groups.items() if words.sector_of_group.get(g) in words.public_sectors]
        public += [w for w, sector in words.role_sectors.items() if sector in words.public_sectors]
        self.public_noun = _word_regex(public + [w + "s" for w in public])
        self.public_word = _word_regex(list(words.relevance_cues) + public + [w + "s" for w in public])
        self.reporting = _word_regex(
            [f for v in words.reporting_verbs for f in (v, v + "s", v + "ed", v + "d")] + ["said"]
        )

    def in_reach(self, sentence: Sentence, mentions: list[Mention], words: Words, public_speaker: bool) -> bool:
        """Whether a sentence of an article that does not read as politics can hold an in-scope event: it names a
        public actor or a state, or has a cue word or a public actor's noun, or it reports speech in an article
        that names a public speaker ('..., he said'). The others are not parsed (in such an article their events
        would be out of scope)."""
        if self.public_word.search(sentence.text) or (public_speaker and self.reporting.search(sentence.text)):
            return True
        inside = (m for m in mentions if sentence.start <= m.start < sentence.end)
        return any(m.entry.kind in ("country", "capital", "demonym") or _public_entry(m, words) for m in inside)

    def relevance(self, body: str, mentions: list[Mention], words: Words) -> Relevance:
        if len(body.split()) < SHORT:  # too short to read its topic: taken as news of public life
            return Relevance(
                True, f"a short text (under {SHORT} words) is always coded", political=True, read_all=True, snippet=True
            )
        p, top = self.topic.score(body)
        political, read_all = p <= POLITICAL, p <= READ_ALL
        named = next((m for m in mentions if _public_entry(m, words)), None)
        if named is not None:
            return Relevance(True, f"a public actor: {named.entry.name}", political, read_all, public_actor=True)
        cue = self.cue.search(body)
        if cue is not None:
            public_actor = self.public_noun.search(body) is not None
            reason = f"a word of politics, violence or coercion: {cue.group(0)}"
            return Relevance(True, reason, political, read_all, public_actor=public_actor)
        if p >= self.off_topic:
            return Relevance(False, f"reads as sport, entertainment or technology (p={p:.2f}: {', '.join(top[:3])})")
        state = next((m for m in mentions if m.entry.kind in ("country", "capital", "demonym")), None)
        if state is not None:
            return Relevance(True, f"a state: {state.surface}", political, read_all)
        return Relevance(False, "no public actor, state, or word of politics, violence or coercion")


def _public_entry(m: Mention, words: Words) -> bool:
    """A gazetteer mention of a public person or organisation (the actor dictionary's type), not a country."""
    return m.entry.kind in ("person", "org") and words.sector_of_type.get(m.entry.actor_type or "") in (
        words.public_sectors
    )


def _word_regex(words: list[str]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(w) for w in words if w}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.I) if alternatives else re.compile(r"(?!x)x")
