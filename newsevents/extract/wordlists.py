"""The two word lists that the gazetteer, the actor dictionary and the event coder share: titles before a name
(data/titles.tsv) and determiners before a noun (data/determiners.tsv, data/role_modifiers.txt), each compiled for
the places that read it. NEWSEVENTS_DATA_DIR extends them (newsevents.datafiles)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsevents.datafiles import alternation, flagged, read_table, read_words, unique


@dataclass(frozen=True)
class Titles:
    """Titles before a person's name (data/titles.tsv), compiled for the places that read them."""

    before_name: str  # an alternation, case as written, for 'Foreign Minister Ivan Petrov'
    title_word: re.Pattern[str]  # fullmatch: a title word before a one-word town ('Mr Livingstone')
    honorific: re.Pattern[str]  # an honorific at the start of a phrase, any case ('Dr Rafael Grossi')
    surname_title: str  # an alternation of titles before a lone surname, lower case ('sen', 'gov')
    titled_surname: re.Pattern[str]  # 'Mr Brown' in running text, the surname as group 1

    @classmethod
    def load(cls, data_dir: str | None = None) -> Titles:
        rows = read_table("titles.tsv", data_dir)
        lower = unique([t.lower().rstrip(".") for t in flagged(rows, "honorific", "titles.tsv")])
        title_words = alternation(flagged(rows, "title_word", "titles.tsv"))
        return cls(
            before_name=alternation(flagged(rows, "before_name", "titles.tsv")),
            title_word=re.compile(title_words),
            honorific=re.compile(rf"^(?:{alternation(lower)})\.?\s+", re.I),
            surname_title=alternation(
                unique([t.lower().rstrip(".") for t in flagged(rows, "surname_title", "titles.tsv")])
            ),
            titled_surname=re.compile(rf"\b(?:{title_words})\.?\s+([A-Z][a-z]+(?:[-'][A-Z][a-z]+)?)"),
        )


@dataclass(frozen=True)
class Determiners:
    """Determiners, quantifiers and counts (data/determiners.tsv), for the four places that read them."""

    prefilter: frozenset[str]  # a verb form right after one is a noun ('the report')
    group_name: re.Pattern[str]  # dropped from the front of a group's name, with numbers
    actor_phrase: re.Pattern[str]  # dropped before an actor-dictionary lookup, with numbers and role modifiers
    count: re.Pattern[str]  # an approximation before a number ('at least')

    @classmethod
    def load(cls, data_dir: str | None = None) -> Determiners:
        rows = read_table("determiners.tsv", data_dir)
        group = alternation(flagged(rows, "group_name", "determiners.tsv"))
        actor = alternation(flagged(rows, "actor_phrase", "determiners.tsv"))
        modifiers = alternation(read_words("role_modifiers.txt", data_dir))
        return cls(
            prefilter=frozenset(flagged(rows, "prefilter", "determiners.tsv")),
            group_name=re.compile(rf"^(?:(?:{group}|\d[\d,.]*(?: million| thousand)?)\s+)+", re.I),
            actor_phrase=re.compile(rf"^(?:{actor}|[\d][\d,.]*)\s+|^(?:{modifiers})\s+", re.I),
            count=re.compile(rf"^(?:{alternation(flagged(rows, 'count', 'determiners.tsv'))})\s+", re.I),
        )
