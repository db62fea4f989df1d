"""When did it happen? The date phrase attached to the predicate (not to another clause), resolved against the
publication date (newsevents.parse.dates); a reported event without one takes the report's date; an undated
follow-up takes the date of the event before it in the same paragraph ('context'). Never silently the
publication date."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from newsevents.extract.events.context import SentenceContext
from newsevents.extract.events.model import Event
from newsevents.extract.events.syntax import owned
from newsevents.parse.dates import DateMention
from newsevents.parse.sentences import Sentence

if TYPE_CHECKING:  # spaCy is loaded by the process that parses, not by every importer
    from spacy.tokens import Token


def event_date(v: Token, dates: list[DateMention], ctx: SentenceContext, preds: set[int]) -> DateMention | None:
    """The date phrase whose syntactic head chain reaches the predicate without another clause between."""
    doc = ctx.doc
    best = None
    for d in dates:
        if ctx.in_quote(d.start):
            continue
        toks = [t for t in doc if d.start <= t.idx < d.end]
        if not toks:
            continue
        inside = {t.i for t in toks}
        outward = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
        head = outward[0] if outward else toks[0]  # the first token attached outside the date phrase
        attached = owned(head, v, preds) or (v.dep_ == "acl" and owned(head, v.head, preds - {v.i}))
        if attached and (best is None or abs(head.i - v.i) < abs(best[0] - v.i)):
            best = (head.i, d)
    if best is None and v.dep_ == "conj" and v.head.i != v.i:
        # 'On September 18, separatists infiltrated ... and planted a mine': a fronted date is shared
        shared = event_date(v.head, dates, ctx, preds)
        if shared is not None and shared.start < v.head.idx:
            return shared
    return best[1] if best else None


def inherit_context(found: list[Event], prev: list[Event], sentence: Sentence) -> list[Event]:
    """An undated violent or movement event takes the date of the previous sentence's event in the same paragraph
    when that event is of the same quad class ('On September 18, separatists planted a mine ... As a result of the
    mine explosion, seven ... were killed'): date_source 'context', lower confidence."""
    same_par = [p for p in prev if p.sentence.paragraph == sentence.paragraph and p.resolved]
    out = []
    for ev in found:
        if ev.resolved is None and not ev.event_type.statement and not ev.is_aggregate:
            source = next((p for p in same_par if p.event_type.quad_class == ev.event_type.quad_class), None)
            if source is None:  # the sentence just before, across a paragraph break, dates a follow-up of its type
                source = next(
                    (p for p in prev if p.resolved and p.event_type.event_type == ev.event_type.event_type), None
                )
            if source is not None:
                ev = replace(
                    ev,
                    resolved=source.resolved,
                    date_text=source.date_text,
                    date_source="context",
                    mention_kind=source.mention_kind,
                )
        out.append(ev)
    return out
