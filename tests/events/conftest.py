"""Event coder tests, one module per question the coder answers (the modules of newsevents/extract/events/). Every
sentence goes through the public entry point extract_events with the shipped knowledge."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from newsevents.extract.events import Event, Knowledge, extract_events, knowledge_for

Extract = Callable[..., list[Event]]


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return knowledge_for()


@pytest.fixture(scope="session")
def extract(knowledge: Knowledge) -> Extract:
    def run(text: str, published: date | None = date(2020, 11, 24)) -> list[Event]:
        return extract_events("a_0000000000000000", text, published, knowledge.gazetteer.find(text), knowledge)

    return run


def types(events: list[Event]) -> list[str]:
    return [e.event_type.event_type for e in events]


def main(events: list[Event], event_type: str) -> Event:
    return next(e for e in events if e.event_type.event_type == event_type)
