"""The event taxonomy: one table (data/event_types.csv) mapping each event type to CAMEO, quad class, pentacode,
PLOVER (derived from the PLOVER manual's CAMEO2PLOVER table, shipped in data/) and ACLED, with the type's
behaviour in the event coder: the 0/1 columns governing, victims and symmetric, the words of the `behaviour`
column (BEHAVIOURS below) and `eased_code` (what easing it is: 'lifted the embargo' -> 085). The coder asks the
type, never the CAMEO code, how to read an event. Every CAMEO root 01-20 has a type whose code is 'RR0' (the
default for codes of that root); a type added in NEWSEVENTS_DATA_DIR/event_types.csv is loaded with the shipped
ones and allowed by the events schema."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from newsevents.resources import DATA_DIR, DataFileError, data_files

# The words of event_types.csv's `behaviour` column: how the event coder reads an event of the type.
BEHAVIOURS = {
    "statement": "a public statement (01): a reported event inside it is the event, the statement kept beside it",
    "violent": "physical violence (18-20): its object is where it happened, a metaphor when abstract",
    "moves_forces": "forces or goods move (06-08, 15): troops are counted; a passive subject moves ('were deployed')",
    "sends_forces": "the actor sends its own forces (06, 07, 15): they are no target, the recipient is",
    "movement": "'from', 'into', 'through' give where it happened ('withdrew from X')",
    "cedes_place": "the place left or given up is no party ('vacated Aghdam'), and its object is its place",
    "joint": "a coordinated subject does it together: the second conjunct is actor2 ('Chile and Peru agreed')",
    "about": "with nobody addressed, its target is whom it is about ('complained that Belarus ...')",
    "beneficiary": "its target may be the beneficiary of a purpose clause ('aid to help Haiti')",
    "carried": "an event noun of the type is the event under any coded verb ('earmarked aid')",
    "meeting": "an event noun of the type is the event as a subject or in 'in/during/at' ('In a phone call, ...')",
    "vague": "too vague to retype a violent verb or noun by ('a fight')",
    "intention": "an announced intention (03, 12, 13): an intention anchor keeps it",
    "verbal": "a verbal act (02, 10-13): in scope only when its actor1 (the speaker) is a public actor",
    "arrest": "an arrest, detention or charge (173): in scope whoever is named (police or judicial coercion)",
    "collective": "a collective act (14: protests, strikes): in scope as a political act of its participants",
    "armed": "only armed forces do it (ceasefires, withdrawals, deployments, bombs): in scope whoever is named",
    "coercion": "coercion (17): in scope unless its named actor is private ('the FA banned him' is sport)",
}


@dataclass(frozen=True)
class EventType:
    event_type: str
    cameo_code: str
    cameo_root: str
    quad_class: int
    pentacode: int
    plover_type: str | None
    plover_mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    description: str
    # Behaviour, from columns of event_types.csv (0/1): what the extractor does with events of this type.
    governing: bool = False  # its complement is what is asked/offered/refused, not a separate event
    victims: bool = False  # violence: people it harms are its target, casualty counts belong to it
    symmetric: bool = False  # both parties act (talks, agreements): the co-participant is actor2
    statement: bool = False  # the words of the behaviour column, see BEHAVIOURS
    violent: bool = False
    moves_forces: bool = False
    sends_forces: bool = False
    movement: bool = False
    cedes_place: bool = False
    joint: bool = False
    about: bool = False
    beneficiary: bool = False
    carried: bool = False
    meeting: bool = False
    vague: bool = False
    intention: bool = False
    verbal: bool = False
    arrest: bool = False
    collective: bool = False
    armed: bool = False
    coercion: bool = False
    eased_code: str | None = None  # the CAMEO code of easing it ('lift the embargo': 085)

    def with_code(self, code: str) -> EventType:
        """This type with a more specific CAMEO code from the pattern that found it ('0874', '1831')."""
        if code == self.cameo_code or not code.isdigit():
            return self
        root = code[:2]
        plover_type, plover_mode = _plover(code)
        return replace(
            self,
            cameo_code=code,
            cameo_root=root,
            quad_class=quad_class(root),
            pentacode=pentacode(root),
            plover_type=plover_type,
            plover_mode=plover_mode,
            vague=False,  # a code more specific than the type's own is not vague
        )


def quad_class(cameo_root: str) -> int:
    """GDELT QuadClass: 1 verbal cooperation (01-05), 2 material cooperation (06-08), 3 verbal conflict (09-13),
    4 material conflict (14-20)."""
    r = int(cameo_root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def pentacode(cameo_root: str) -> int:
    """CAMEO pentacode as the ConfliBERT labels use it: 0 statements/appeals (01-02), 1 verbal coop (03-05),
    2 material coop (06-08), 3 verbal conflict (09-13 and 16), 4 material conflict (14-15, 17-20).
    Reducing relations (16: sanctions, embargoes, broken ties) is verbal conflict there, not material as the
    QuadClass puts it: 40 of the 44 held-out labelled sentences whose main event the rules type 16 are labelled 3
    (ConfliBERT training file less the dev gold). quad_class keeps GDELT's convention."""
    r = int(cameo_root)
    return 0 if r <= 2 else 3 if r == 16 else quad_class(cameo_root)


@lru_cache(maxsize=1)
def cameo_to_plover() -> dict[str, tuple[str, str | None]]:
    """CAMEO code -> (PLOVER type, mode) from the PLOVER manual draft 0.8 table."""
    table: dict[str, tuple[str, str | None]] = {}
    for line in (DATA_DIR / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,#]*))?", line)
        if m:
            table.setdefault(m[1], (m[2], (m[3] or "").strip() or None))
    return table


def _plover(code: str) -> tuple[str | None, str | None]:
    table = cameo_to_plover()
    for prefix in (code, code[:3], code[:2]):
        if prefix in table:
            return table[prefix]
    return None, None


class Taxonomy:
    """The loaded event types, by name and by CAMEO code."""

    def __init__(self, types: dict[str, EventType]):
        self.types = types
        self._by_code: dict[str, EventType] = {}
        for t in types.values():
            self._by_code.setdefault(t.cameo_code, t)  # the first type of a code in the file is its default

    def __iter__(self) -> Iterator[str]:
        return iter(self.types)

    def __getitem__(self, name: str) -> EventType:
        return self.types[name]

    def for_code(self, code: str) -> EventType | None:
        """The type of a CAMEO code: the type with the longest code that is a prefix of it ('1831' ->
        explosion_mine 183), else the root's type ('112' -> 110 disapprove when no 112 type), carrying the exact
        code. None when the taxonomy has no type for the code's root."""
        if not code or not code.isdigit() or len(code) < 2:
            return None
        for prefix in (code, code[:3], code[:2] + "0"):
            if prefix in self._by_code:
                return self._by_code[prefix].with_code(code)
        return None


def load_taxonomy(data_dir: str | None = None) -> Taxonomy:
    """The shipped types and the user's (NEWSEVENTS_DATA_DIR/event_types.csv), which add to or replace them."""
    types: dict[str, EventType] = {}
    for path in data_files("event_types.csv", data_dir):
        with path.open(encoding="utf-8") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                t = _event_type(row, f"{path}, line {line}")
                types[t.event_type] = t
    return Taxonomy(types)


def _event_type(row: dict[str, str], where: str) -> EventType:
    code = (row.get("cameo_code") or "").strip()
    if not re.fullmatch(r"\d{2,4}", code) or not 1 <= int(code[:2]) <= 20:
        raise DataFileError(f"{where}: cameo_code {code!r} should be a CAMEO code (2-4 digits, root 01-20)")
    behaviour = (row.get("behaviour") or "").split()
    unknown = [b for b in behaviour if b not in BEHAVIOURS]
    if unknown:
        raise DataFileError(f"{where}: unknown behaviour {', '.join(unknown)} (known: {', '.join(BEHAVIOURS)})")
    root = code[:2]
    plover_type, plover_mode = _plover(code)
    return EventType(
        row["event_type"],
        code,
        root,
        quad_class(root),
        pentacode(root),
        plover_type,
        plover_mode,
        row.get("acled_event_type") or None,
        row.get("acled_sub_event_type") or None,
        row.get("description") or "",
        _flag(row.get("governing")),
        _flag(row.get("victims")),
        _flag(row.get("symmetric")),
        eased_code=(row.get("eased_code") or "").strip() or None,
        **{b: True for b in behaviour},
    )


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes")
