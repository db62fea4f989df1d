"""One row per happening: the violent predicates of a sentence that name no different doers are one happening
('94 civilians were killed and hundreds injured in Armenia's attacks'); the mentions of one happening in an
article (same type and actor1, compatible actor2, date and place) are one row that counts them (n_mentions).
Also the evidence score each row starts with, before it is calibrated (newsevents.extract.confidence)."""

from __future__ import annotations

import re
from dataclasses import replace

from newsevents.extract.events.model import Event

_LONG_WORD = re.compile(r"[a-z]{5,}")  # content words, roughly: most function words are shorter
_FILLED = ("actor1", "actor2", "location", "killed", "injured", "resolved", "date_text")


def merge_violence(events: list[Event]) -> list[Event]:
    """Violent predicates of one sentence are one happening unless they name different doers: the most specific
    code, the union of the roles."""
    violent = [e for e in events if e.event_type.victims]
    if len(violent) < 2:
        return events
    keep = violent[0]
    apart = []
    for e in violent[1:]:
        if keep.actor1 and e.actor1 and keep.actor1.name != e.actor1.name:
            apart.append(e)
            continue
        keep = _absorb_violence(keep, e)
    return [e for e in events if not e.event_type.victims] + [keep] + apart


def _absorb_violence(keep: Event, e: Event) -> Event:
    changes: dict[str, object] = {}
    if len(e.event_type.cameo_code) > len(keep.event_type.cameo_code) or (e.actor1 is not None and keep.actor1 is None):
        changes.update(event_type=e.event_type, trigger_text=e.trigger_text)
    for attr in _FILLED:
        if getattr(keep, attr) is None and getattr(e, attr) is not None:
            changes[attr] = getattr(e, attr)
    actor2 = changes.get("actor2", keep.actor2)
    if actor2 is not None and actor2.kind == "object" and e.actor2 is not None and e.actor2.kind != "object":  # type: ignore[attr-defined]
        changes["actor2"] = e.actor2  # 'hit the enclave ..., killing 32 civilians': the people harmed, not the thing
    if keep.date_source == "none" and e.date_source != "none":
        changes.update(date_source=e.date_source, mention_kind=e.mention_kind)
    changes["countries"] = tuple(sorted(set(keep.countries) | set(e.countries)))
    return replace(keep, **changes)  # type: ignore[arg-type]


def evidence_score(ev: Event) -> float:
    """Evidence score in 0..1 (calibrated in extract.rows.second_opinion with the classifier's agreement)."""
    score = 0.3
    score += 0.08 * min(ev.specificity, 3)
    score += 0.15 if ev.actor1 is not None and ev.actor1.known else 0.07 if ev.actor1 is not None else 0.0
    score += 0.1 if ev.actor2 is not None else 0.0
    score += 0.05 if ev.date_source == "sentence" else 0.02 if ev.date_source == "context" else 0.0
    score += 0.05 if ev.location is not None else 0.0
    score += 0.05 if ev.location is not None and ev.date_source == "sentence" else 0.0  # where and when stated
    score += 0.1 if not ev.event_type.statement else 0.0
    score += 0.05 if ev.reported else 0.0
    score -= 0.05 * min(ev.depth, 2)
    score -= 0.1 if ev.mention_kind in ("background", "future") else 0.0
    score -= 0.05 if ev.evidence_kind == "noun" else 0.0
    return round(max(0.05, min(0.99, score)), 2)


def merge_within_article(events: list[Event]) -> list[Event]:
    """One row per happening in an article: same type, same first actor, compatible dates and places."""
    merged: list[Event] = []
    by_key: dict[tuple[str, str | None], list[int]] = {}
    for ev in events:
        if utterance(ev):
            merged.append(ev)  # each statement is an utterance of its own: 'he said' twice is two statements
            continue
        key = (ev.event_type.event_type, ev.actor1.name if ev.actor1 else None)
        twin = next((i for i in by_key.get(key, ()) if same_happening(merged[i], ev)), None)
        if twin is None:
            by_key.setdefault(key, []).append(len(merged))
            merged.append(ev)
        else:
            merged[twin] = _absorb_mention(merged[twin], ev)
    return merged


def _absorb_mention(twin: Event, ev: Event) -> Event:
    changes: dict[str, object] = {"n_mentions": twin.n_mentions + 1}
    if twin.resolved is None or (ev.date_source == "sentence" and twin.date_source != "sentence"):
        changes.update(
            resolved=ev.resolved, date_text=ev.date_text, date_source=ev.date_source, mention_kind=ev.mention_kind
        )
    changes["actor2"] = twin.actor2 or ev.actor2
    changes["location"] = twin.location or ev.location
    for attr in ("killed", "injured", "troops"):
        if getattr(twin, attr) is None:
            changes[attr] = getattr(ev, attr)
    changes["countries"] = tuple(sorted(set(twin.countries) | set(ev.countries)))
    out = replace(twin, **changes)  # type: ignore[arg-type]
    return replace(out, confidence=max(evidence_score(out), twin.confidence))


def utterance(ev: Event) -> bool:
    """A statement or another verbal act: what one says in one sentence, never the same as in another."""
    return ev.event_type.statement or ev.event_type.verbal


def same_happening(a: Event, b: Event) -> bool:
    """Two mentions of one happening: same type and actor1, and no different actor2 (unless symmetric), date,
    place or death toll."""
    if a.event_type.event_type != b.event_type.event_type:
        return False
    if (a.actor1.name if a.actor1 else None) != (b.actor1.name if b.actor1 else None):
        return False
    if a.actor2 and b.actor2 and a.actor2.name != b.actor2.name and not a.event_type.symmetric:
        return False
    if (
        a.resolved
        and b.resolved
        and (a.resolved.value, a.resolved.precision) != (b.resolved.value, b.resolved.precision)
    ):
        return False
    if a.location and b.location and a.location.entry.name != b.location.entry.name:
        return False
    if a.event_type.intention and not _same_content(a, b):
        return False  # 'He also promised X.' 'He also pledged Y.': two pledges of one speaker, not one
    return not (a.event_type.victims and a.killed and b.killed and a.killed != b.killed)


def _same_content(a: Event, b: Event) -> bool:
    """Two sentences that speak of the same thing: at least two longer words in common besides the actors'."""
    names = _content(" ".join(x.name for x in (a.actor1, a.actor2, b.actor1, b.actor2) if x is not None))
    return len((_content(a.sentence.text) & _content(b.sentence.text)) - names) >= 2


def _content(text: str) -> set[str]:
    return set(_LONG_WORD.findall(text.lower()))
