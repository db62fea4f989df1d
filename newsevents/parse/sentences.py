"""Where does a sentence end? Sentences of an article body with their offsets, so that an event's evidence is
always an exact substring of the body. A break is sentence-final punctuation before a capital or a digit (a
closing quote stays with its sentence), or a line break; not after an abbreviation (data/abbreviations.txt)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsevents.datafiles import alternation, read_words

_SENT_BREAK = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\S)")
_WINDOW = 6  # characters before a break that are searched for an abbreviation


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def abbreviations(data_dir: str | None = None) -> re.Pattern[str]:
    """What may end just before a dot inside a sentence: a listed abbreviation or an initial ('W.')."""
    return re.compile(rf"(?:\b(?:{alternation(read_words('abbreviations.txt', data_dir))})\.|\b[A-Z]\.)$")


_SHIPPED: list[re.Pattern[str]] = []


def split_sentences(body: str, abbreviation: re.Pattern[str] | None = None) -> list[Sentence]:
    """Sentences with their offsets in body. abbreviation: the pattern of abbreviations() (the shipped list when
    not given)."""
    if abbreviation is None:
        if not _SHIPPED:
            _SHIPPED.append(abbreviations())
        abbreviation = _SHIPPED[0]
    sentences: list[Sentence] = []
    paragraph, pos = 0, 0
    for m in _SENT_BREAK.finditer(body):
        gap = m.group(0)
        if "\n" not in gap and abbreviation.search(body[max(0, m.start() - _WINDOW) : m.start()]):
            continue  # 'Mr. Smith', 'Gen. Jones', 'U.S. troops'
        closing = len(gap) - len(gap.lstrip('"”’)'))  # a closing quote belongs to the sentence it ends
        _append(sentences, body, pos, m.start() + closing, paragraph)
        pos = m.end()
        if "\n" in gap:
            paragraph += 1
    _append(sentences, body, pos, len(body), paragraph)
    return sentences


def _append(out: list[Sentence], body: str, start: int, end: int, paragraph: int) -> None:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, body[start:end], paragraph))


_OPEN, _CLOSE, _STRAIGHT = "“«", "”»", '"'


def quoted_spans(sentences: list[Sentence]) -> list[tuple[int, int]]:
    """The quoted stretches of the body (offsets): what a speaker says, not what the article reports. A quote may
    run over several sentences of a paragraph ('"It is a service. It is not a football," she said.': the second
    sentence starts inside it); a straight quote at the start of a sentence always opens one, so a quote left open
    by the writer ('Jan Berry said: "It is a service ...') ends there."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    paragraph, previous_end = -1, 0
    for s in sentences:
        if s.paragraph != paragraph or (s.text[:1] in _OPEN + _STRAIGHT):
            if open_at is not None:  # the quote ran to the end of the previous sentence
                spans.append((open_at, previous_end))
            open_at = None
        paragraph = s.paragraph
        if open_at is not None:
            open_at = s.start  # the quote carries on into this sentence
        for i, ch in enumerate(s.text, start=s.start):
            if ch in _OPEN or (ch == _STRAIGHT and open_at is None):
                open_at = i if open_at is None else open_at
            elif (ch in _CLOSE or ch == _STRAIGHT) and open_at is not None:
                spans.append((open_at, i + 1))
                open_at = None
        previous_end = s.end
    if open_at is not None:
        spans.append((open_at, previous_end))
    return [(a, b) for a, b in spans if b - a >= 5]
