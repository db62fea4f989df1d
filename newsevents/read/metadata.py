"""Article metadata from an HTML page: title, publication date, authors and site name, each chosen from
candidates of every source the page offers and scored together instead of first-found.

Sources: JSON-LD (NewsArticle/Article and kin, also inside @graph and lists), Open Graph and Twitter cards,
article:published_time / modified_time and other meta tags, schema.org microdata, <h1>, <title>, byline
elements in the page, the URL's date path and htmldate's extensive original-date search. Values that several
independent sources agree on win; a published date beats a modified one; site names are cut off titles;
organisations and labels ("Staff", "Sponsored", e-mail addresses) never count as authors.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import urlparse

from lxml.html import HtmlElement

ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "askpublicnewsarticle",
    "blogposting",
    "liveblogposting",
    "report",
    "socialmediaposting",
    "techarticle",
    "scholarlyarticle",
}
PAGE_TYPES = {"webpage", "itempage", "collectionpage"}
ORG_TYPES = {"organization", "newsmediaorganization", "corporation", "website", "brand", "localbusiness"}

# How much one source's word counts when candidates are scored. The article object in JSON-LD and the visible
# <h1> are written for this very article; og/twitter titles are written for sharing (often a teaser); <title>
# is written for search engines and usually carries the site name.
TITLE_WEIGHTS = {"jsonld": 3.0, "h1": 3.0, "og": 2.0, "twitter": 1.5, "meta": 1.5, "title_tag": 1.0}
DATE_WEIGHTS = {"jsonld": 3.0, "meta": 3.0, "microdata": 2.0, "time_tag": 1.0, "htmldate": 2.5, "url": 1.5}
# A modified date is evidence against its day being the publication day (pages often write the modified
# time into a "published" field too); a full timestamp with its offset is written on purpose, a bare day less so.
MODIFIED_PENALTY = 3.0
PRECISE_BONUS = 0.5
EARLIEST_YEAR = 1995

# "»" and "·" also open and close quotes and names; only "|" separates without spaces ("Title|Site").
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]\s+|\s*\|\s*")
_NON_WORD = re.compile(r"[\W_]+")

AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "twitter:creator:name",
    "cxenseparse:author",
    "authors",
)
PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "datepublished",
    "cxenseparse:recs:publishtime",
    "date.available",
    "article:published",
)
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "og:modified_time",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "datemodified",
    "article:modified",
)
SITE_META = (
    "og:site_name",
    "application-name",
    "apple-mobile-web-app-title",
    "twitter:site",
    "publisher",
    "dc.publisher",
    "al:android:app_name",
    "al:ios:app_name",
)

# Author strings: a leading "By"/"Von"/"Par"/... and a role label are not the name.
BY_PREFIX = re.compile(
    r"^\s*(?:by|von|par|por|di|da|door|af|av|przez|od|autor(?:in)?|author|text|texte|"
    r"written by|reported by|words|foto|fotos|photos?|bild|interview|quelle|source|fuente)"
    r"\s*[:\-–]?\s+",
    re.IGNORECASE,
)
AUTHOR_SPLIT = re.compile(
    r"\s*(?:;|,|/|\|| & |\s+(?:and|und|og|och|y|e|et|en|i|ve|и|for|für|pour|para)\s+)\s*", re.IGNORECASE
)
EMAIL = re.compile(r"\S+@\S+\.\w+")
URLISH = re.compile(r"^(?:https?://|www\.)|\.(?:com|org|net|de|at|ch|uk|be|nl|fr|it|es|ca|au|jp|in)\b", re.I)
# Labels that are neither a person nor a credit: dropped.
LABEL = re.compile(
    r"\b(?:staff|sponsored|sponsor|editorial board|editorial|advertis\w*|anzeige|werbung|partner content|"
    r"paid (?:post|content)|admin|administrator|webmaster|guest|gastautor|unknown|anonymous|image|images|"
    r"getty|istock\w*|shutterstock|photo|photos|foto|fotos|picture|pictures|bild|bilder|video|developer)\b",
    re.IGNORECASE,
)
# Words that mark an organisation, not a person: general newsroom vocabulary, not site names.
ORG_WORDS = re.compile(
    r"\b(?:editors?|redaktion|redaction|rédaction|redacción|redazione|redactie|newsroom|desk|team|"
    r"agenc(?:y|ies)|agentur(?:en)?|agence|agencia|press|presse|wire|associated|reuters|news|nachrichten|"
    r"noticias|nieuws|notizie|media|medien|online|gmbh|inc|ltd|llc|corp|company|group|verlag|zeitung|times|"
    r"post|daily|herald|tribune|journal|magazine|magazin|tv|radio|channel|network|contributors?|"
    r"correspondents?|bureau|service|board|opinion|content|studio|digital)\b|新聞|日報|通信|新闻|일보|신문|뉴스",
    re.IGNORECASE,
)
# A role written after a name in East Asian bylines ("신현주 기자", "山田太郎記者").
ROLE_SUFFIX = re.compile(r"\s*(?:기자|특파원|객원기자|記者|特派員|编辑|編集委員|通讯员)$")
CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# Agency codes written as the whole name: "dpa", "AFP", "APA", "AP", "SDA", "ANP", "KNA", "epd".
ACRONYM = re.compile(r"^[A-Za-z]{1,3}[A-Z]{1,3}$|^[a-z]{2,4}$")


@dataclass
class Candidate:
    value: str
    source: str


@dataclass
class PageMetadata:
    title: str | None = None
    title_source: str | None = None
    published: str | None = None
    published_source: str | None = None
    authors: list[str] = field(default_factory=list)
    authors_source: str | None = None
    credit: str | None = None
    site_name: str | None = None
    section: str | None = None


# ---------------------------------------------------------------------------------------------------- sources


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.text_content() if hasattr(node, "text_content") else str(node)).strip()


def jsonld_objects(tree: HtmlElement) -> list[dict]:
    """Every JSON object in the page's JSON-LD, flattened out of @graph, lists and nesting."""
    out: list[dict] = []
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        data = _loads(raw)
        if data is not None:
            _walk(data, out, 0)
    return out


def _loads(raw: str):
    for text in (raw, re.sub(r"[\x00-\x1f]", " ", raw), raw.rstrip(";")):
        try:
            return json.loads(text)
        except ValueError:
            continue
        except RecursionError:  # nested deeper than Python's recursion limit: no metadata any page needs
            return None
    return None


def _walk(data, out: list[dict], depth: int) -> None:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            _walk(item, out, depth + 1)
    elif isinstance(data, dict):
        out.append(data)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
            if isinstance(data.get(key), (list, dict)):
                _walk(data[key], out, depth + 1)


def _types(obj: dict) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v).lower().rsplit("/", 1)[-1] for v in values if v}


def _names(value) -> list[tuple[str, str | None]]:
    """(name, schema type) of a JSON-LD person/organisation value: text, object or list of either."""
    if isinstance(value, str):
        return [(value, None)]
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        name = value.get("name") or " ".join(str(value.get(k) or "") for k in ("givenName", "familyName")).strip()
        if isinstance(name, list):
            name = name[0] if name else ""
        kind = next(iter(_types(value)), None)
        return [(str(name), kind)] if name else []
    return []


def meta_values(tree: HtmlElement) -> dict[str, list[str]]:
    """<meta name|property|itemprop=...> contents by lower-case key, in page order."""
    found: dict[str, list[str]] = defaultdict(list)
    for el in tree.xpath("//meta[@content]"):
        content = (el.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                found[("itemprop:" if attr == "itemprop" else "") + key].append(content)
    return found


# ------------------------------------------------------------------------------------------------ site name


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return _NON_WORD.sub("", "".join(c for c in text if not unicodedata.combining(c))).casefold()


def site_names(meta: dict[str, list[str]], objects: list[dict], url: str | None) -> list[str]:
    """Names the site goes by: og:site_name and kin, JSON-LD publisher / WebSite / Organization, the domain."""
    names: list[str] = []
    for key in SITE_META:
        names += [v.lstrip("@") for v in meta.get(key, []) if not v.startswith("http")]
    for obj in objects:
        types = _types(obj)
        if types & ARTICLE_TYPES:
            names += [n for n, _ in _names(obj.get("publisher"))]
        elif types & ORG_TYPES:
            names += [n for n, _ in _names(obj)]
    host = (urlparse(url).hostname or "") if url else ""
    if host:
        parts = [p for p in host.lower().split(".") if p not in ("www", "m", "amp", "edition")]
        names.append(".".join(parts))
        if len(parts) >= 2:
            names.append(parts[-2])
    seen, out = set(), []
    for n in names:
        k = _key(n)
        if len(k) >= 2 and k not in seen:
            seen.add(k)
            out.append(n.strip())
    return out


def _is_site(segment: str, sites: list[str]) -> bool:
    """Is this title part / byline the site's own name ("Globalnews.ca", "ORF.at News", "SPIEGEL")?"""
    k = _key(segment)
    if len(k) < 2:
        return False
    for site in sites:
        s = _key(site)
        if len(s) < 2:
            continue
        if k == s:
            return True
        if len(s) >= 4 and len(k) >= 4 and (s in k and len(k) <= len(s) + 12 or k in s and len(s) <= len(k) + 12):
            return True
    return False


# ---------------------------------------------------------------------------------------------------- titles

SITE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]\s+|\s*\|\s*|(?<=\S):\s+")
NAV_PART = re.compile(r"\s*\|\s*([^|]{1,30})$")


def strip_site(title: str, sites: list[str]) -> str:
    """Cut a leading or trailing site name (" | Creative Loafing", "SPIEGEL - ...") off a title, and with a
    trailing one the short '| Section' parts before it ("Headline | World | Globalnews.ca")."""
    title = re.sub(r"\s+", " ", title).strip()
    for _ in range(2):
        parts = SITE_SEPARATORS.split(title)
        seps = SITE_SEPARATORS.findall(title)
        if len(parts) < 2:
            break
        if _is_site(parts[-1], sites):
            title = title[: len(title) - len(parts[-1]) - len(seps[-1])].strip()
            while (m := NAV_PART.search(title)) and len(m.group(1).split()) <= 3 and m.start() > 0:
                title = title[: m.start()].strip()
        elif _is_site(parts[0], sites):
            title = title[len(parts[0]) + len(seps[0]) :].strip()
        else:
            break
    return title


def title_candidates(tree: HtmlElement, meta: dict[str, list[str]], objects: list[dict]) -> list[Candidate]:
    cands: list[Candidate] = []
    for obj in objects:
        if _types(obj) & ARTICLE_TYPES:
            for key in ("headline", "name", "alternativeHeadline"):
                if isinstance(obj.get(key), str):
                    cands.append(Candidate(obj[key], "jsonld"))
                    break
    for key, source in (
        ("og:title", "og"),
        ("twitter:title", "twitter"),
        ("title", "meta"),
        ("dc.title", "meta"),
        ("itemprop:headline", "meta"),
        ("parsely-title", "meta"),
        ("sailthru.title", "meta"),
    ):
        cands += [Candidate(v, source) for v in meta.get(key, [])[:1]]
    h1s = [t for t in (_text(h) for h in tree.xpath("//h1")) if 3 <= len(t) <= 400]
    cands += [Candidate(t, "h1") for t in h1s[:3]]
    cands += [Candidate(_text(t), "title_tag") for t in tree.xpath("//head/title | //title")[:1]]
    return [Candidate(unescape_ws(c.value), c.source) for c in cands if c.value and c.value.strip()]


def unescape_ws(text: str) -> str:
    import html

    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def choose_title(cands: list[Candidate], sites: list[str]) -> tuple[str | None, str | None]:
    """The headline most sources agree on, site names cut. Returns (title, source)."""
    if not cands:
        return None, None
    cleaned = [Candidate(strip_site(c.value, sites), c.source) for c in cands]
    cleaned = [c for c in cleaned if _key(c.value) and not _is_site(c.value, sites)]
    if not cleaned:
        return None, None
    # A candidate that is another one plus an affix ("Headline - Section - Site") is that one: the part
    # the sources share is the headline. (A "Kicker: " prefix is not cut: pages disagree whether it belongs.)
    keys = {_key(c.value) for c in cleaned}
    merged = []
    for c in cleaned:
        value = c.value
        parts = TITLE_SEPARATORS.split(value)
        for i in range(1, len(parts)):
            head, tail = " ".join(parts[:i]), " ".join(parts[i:])
            if _key(head) in keys and _key(head) != _key(value) and len(_key(head)) >= 10:
                value = _original_prefix(value, parts, i)
                break
            if _key(tail) in keys and _key(tail) != _key(value) and len(_key(tail)) >= 10:
                value = _original_suffix(value, parts, i)
                break
        merged.append(Candidate(value.strip(" :|-–—"), c.source))
    score: dict[str, float] = defaultdict(float)
    sources: dict[str, set[str]] = defaultdict(set)
    first: dict[str, Candidate] = {}
    for c in merged:
        k = _key(c.value)
        if c.source not in sources[k]:
            score[k] += TITLE_WEIGHTS.get(c.source, 1.0)
            sources[k].add(c.source)
        first.setdefault(k, c)
    best = max(score, key=lambda k: (score[k], -list(first).index(k)))
    return first[best].value, first[best].source


def _original_prefix(value: str, parts: list[str], i: int) -> str:
    pos = 0
    for part in parts[:i]:
        pos = value.index(part, pos) + len(part)
    return value[:pos].strip()


def _original_suffix(value: str, parts: list[str], i: int) -> str:
    pos = len(value)
    for part in reversed(parts[i:]):
        pos = value.rindex(part, 0, pos)
    return value[pos:].strip()


# ----------------------------------------------------------------------------------------------------- dates


def parse_date(value: str) -> datetime | None:
    """An ISO 8601 (or close) date string as written, or None when it is not a plausible article date."""
    text = value.strip()
    m = re.match(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}:\d{2}(?::\d{2})?)(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?", text)
    if not m:
        return None
    iso = m.group(1) + (("T" + m.group(2).zfill(5 if m.group(2).count(":") == 1 else 8)) if m.group(2) else "")
    if m.group(3):
        tz = m.group(3).replace("Z", "+00:00")
        iso += tz if ":" in tz else tz[:3] + ":" + tz[3:]
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        return None
    now = datetime.now(dt.tzinfo) if dt.tzinfo else datetime.now()
    if dt.year < EARLIEST_YEAR or dt > now + timedelta(days=1):
        return None
    return dt


def date_candidates(
    tree: HtmlElement, meta: dict[str, list[str]], objects: list[dict], url: str | None, extensive: str | None
) -> tuple[list[Candidate], list[Candidate]]:
    """(published, modified) candidates; extensive is htmldate's original-date finding, if any."""
    published: list[Candidate] = []
    modified: list[Candidate] = []
    for obj in objects:
        if _types(obj) & (ARTICLE_TYPES | PAGE_TYPES):
            source = "jsonld" if _types(obj) & ARTICLE_TYPES else "jsonld_page"
            for key, bucket in (("datePublished", published), ("dateCreated", published), ("dateModified", modified)):
                if isinstance(obj.get(key), str):
                    bucket.append(Candidate(obj[key], source))
                    if key == "datePublished":
                        break
    for key in PUBLISHED_META + tuple("itemprop:" + k for k in ("datepublished", "datecreated")):
        published += [Candidate(v, "meta") for v in meta.get(key, [])[:1]]
    for key in MODIFIED_META + ("itemprop:datemodified",):
        modified += [Candidate(v, "meta") for v in meta.get(key, [])[:1]]
    for el in tree.xpath('//*[@itemprop="datePublished"][not(self::meta)]')[:1]:
        published.append(Candidate(el.get("datetime") or el.get("content") or _text(el), "microdata"))
    for el in tree.xpath("//article//time[@datetime] | //time[@pubdate][@datetime]")[:1]:
        published.append(Candidate(el.get("datetime"), "time_tag"))
    if extensive:
        published.append(Candidate(extensive, "htmldate"))
    m = re.search(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|$|[^\d])", url or "")
    if m:
        published.append(Candidate(f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", "url"))
    return published, modified


def choose_date(published: list[Candidate], modified: list[Candidate]) -> tuple[str | None, str | None]:
    """The publication day with the most independent support, less the support for it being the modified
    day; within that day, the most precise value (time and offset) from the most trusted source."""
    parsed: list[tuple[Candidate, datetime]] = []
    for cand in published:
        found = parse_date(cand.value)
        if found is not None:
            parsed.append((cand, found))
    if not parsed:
        return None, None
    score: dict = defaultdict(float)
    seen: dict = defaultdict(set)
    for c, dt in parsed:
        if c.source not in seen[dt.date()]:
            score[dt.date()] += DATE_WEIGHTS.get(c.source, 1.0) + (PRECISE_BONUS if dt.tzinfo else 0.0)
            seen[dt.date()].add(c.source)
    if len(score) > 1:
        for day in {dt.date() for dt in (parse_date(c.value) for c in modified) if dt is not None} & set(score):
            score[day] -= MODIFIED_PENALTY
    # Ties go to the earlier day: republished and updated pages carry later dates, never earlier ones.
    day = max(score, key=lambda d: (score[d], -d.toordinal()))
    in_day = [(c, dt) for c, dt in parsed if dt.date() == day]
    c, _ = max(
        in_day,
        key=lambda p: (
            p[1].tzinfo is not None,
            "T" in p[0].value or " " in p[0].value.strip(),
            DATE_WEIGHTS.get(p[0].source, 1.0),
        ),
    )
    return c.value.strip(), c.source


# --------------------------------------------------------------------------------------------------- authors


def clean_name(raw: str) -> str:
    name = EMAIL.sub("", raw)
    name = re.split(r"\s(?:By|Von|Par|Por|Door|Af|Av)\s", name)[-1]  # "Capital Von Jemima Kelly"
    name = re.sub(r"\(.*?\)|\[.*?\]", "", name)
    name = BY_PREFIX.sub("", name.strip())
    name = ROLE_SUFFIX.sub("", re.sub(r"^\W+|[\W\d]+$", "", name.strip()))
    return re.sub(r"\s+", " ", name).strip()


def split_names(raw: str) -> list[str]:
    """'A and B', 'A, B & C', 'By A; B' -> names. A 'Name, Role' pair keeps the name only."""
    raw = BY_PREFIX.sub("", re.sub(r"\(.*?\)|\[.*?\]", "", EMAIL.sub("", raw)).strip())
    return [n for n in (clean_name(p) for p in AUTHOR_SPLIT.split(raw)) if n]


def name_kind(name: str, sites: list[str]) -> str | None:
    """'person', 'org' (goes to credit) or None (a label, an e-mail, a date: dropped)."""
    if (
        not name
        or len(name) > 80
        or EMAIL.search(name)
        or LABEL.search(name)
        or re.search(r"\d", name)
        or re.match(r"(?:https?\b|www\.)", name, re.IGNORECASE)
    ):
        return None
    if not re.search(r"[^\W\d_]", name):
        return None
    words = name.split()
    site_keys = {_key(s) for s in sites}
    if (
        URLISH.search(name)
        or ORG_WORDS.search(name)
        or _is_site(name, sites)
        or any(len(_key(w)) >= 3 and _key(w) in site_keys for w in words)
    ):  # "MDR THÜRINGEN" on mdr.de
        return "org" if len(words) <= 6 else None
    if len(words) > 5:
        return None
    if len(words) == 1 and ACRONYM.match(name):
        return "org"
    return "person"


def is_person(name: str, sites: list[str]) -> bool:
    return name_kind(name, sites) == "person"


def author_candidates(
    tree: HtmlElement, meta: dict[str, list[str]], objects: list[dict], trafilatura_author: str | None
) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """(source, [(name, schema type or None)]) per source, in order of trust."""
    out: list[tuple[str, list[tuple[str, str | None]]]] = []
    jsonld: list[tuple[str, str | None]] = []
    for obj in objects:
        if _types(obj) & ARTICLE_TYPES:
            jsonld += _names(obj.get("author"))
    if jsonld:
        out.append(("jsonld", jsonld))
    metas: list[tuple[str, str | None]] = [
        (v, None) for key in AUTHOR_META for v in meta.get(key, []) if not v.startswith("http")
    ]
    if metas:
        out.append(("meta", metas))
    for byline in (_byline_names(tree), _body_byline(tree)):
        if byline:
            out.append(("byline", byline))
    if trafilatura_author:
        out.append(("trafilatura", [(trafilatura_author, None)]))
    return out


BYLINE_TAGS = ("div", "span", "p", "a", "address", "strong", "b", "em", "small", "section", "header", "cite")
# A class token naming the byline itself ("byline", "article__author", "author-name", "author-2"), not an
# author box, avatar, bio or list ("author-bio", "authors-list", "author-image").
BYLINE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:byline|author|authors|autor|author-?name|writer)(?:-?\d+)?(?:$|\s)", re.IGNORECASE
)


ELSEWHERE_CLASS = re.compile(r"teaser|related|recommend|sidebar|comment|promo", re.IGNORECASE)
ELSEWHERE_TAGS = {"aside", "footer", "nav"}


def _elsewhere(el: HtmlElement) -> bool:
    """Inside a teaser, related-articles box, sidebar, comment section, aside, footer or navigation: a byline
    there belongs to another article or to a reader."""
    for node in (el, *el.iterancestors()):
        if node.tag in ELSEWHERE_TAGS or ELSEWHERE_CLASS.search(node.get("class") or ""):
            return True
    return False


def _byline_names(tree: HtmlElement) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for el in [e for e in tree.xpath('//*[@rel="author"] | //*[@itemprop="author"]') if not _elsewhere(e)][:6]:
        name_el = el.xpath('.//*[@itemprop="name"]')
        text = (name_el[0].get("content") or _text(name_el[0])) if name_el else (el.get("content") or _text(el))
        if text and len(text) <= 120:
            found.append((text, None))
    if found:
        return found
    for el in tree.iter(BYLINE_TAGS):  # one pass in Python: cheaper than a case-folding XPath over every element
        if (
            not BYLINE_CLASS.search(el.get("class") or "")
            or el.xpath(".//p | .//li | .//h1 | .//h2 | .//img")
            or _elsewhere(el)
        ):
            continue
        text = _text(el)
        if text and len(text) <= 120:
            found.append((text, None))
            break
    return found


BODY_PARAGRAPH_CHARS = 80


def _body_byline(tree: HtmlElement) -> list[tuple[str, str | None]]:
    """A bold line of names just before the first or just after the last body paragraph ("<p><strong>Mohloai
    Mpesi</strong></p>"), the way many smaller sites write the byline into the text."""
    paragraphs = [(p, _text(p)) for p in tree.iter("p")]
    body = [i for i, (_, text) in enumerate(paragraphs) if len(text) >= BODY_PARAGRAPH_CHARS]
    if not body:
        return []
    before = [i for i in range(max(0, body[0] - 2), body[0]) if paragraphs[i][1]][-1:]
    after = [i for i in range(body[-1] + 1, min(len(paragraphs), body[-1] + 2)) if paragraphs[i][1]]
    for i in before + after:
        p, text = paragraphs[i]
        bold = [c for c in p if c.tag in ("strong", "b")]
        if len(bold) != 1 or _text(bold[0]) != text or re.search(r"[\d:.!?]", text):
            continue
        names = split_names(text)
        if names and all(2 <= len(n.split()) <= 4 and all(w[0].isupper() for w in n.split()) for n in names):
            return [(text, None)]
    return []


AUTHOR_TRUST = {"jsonld": 3, "meta": 2, "byline": 1}


def choose_authors(
    cands: list[tuple[str, list[tuple[str, str | None]]]], sites: list[str]
) -> tuple[list[str], str | None, str | None]:
    """People from the best source; organisations -> credit. The best source is the one most other sources
    agree with, then the most trusted; trafilatura's author (which mixes sources) only when no other has a
    person. Each person keeps the best spelling any source gives. Returns (authors, source, credit)."""
    per_source: list[tuple[str, list[str], list[str]]] = []
    for source, values in cands:
        people: list[str] = []
        orgs: list[str] = []
        for raw, kind in values:
            if kind and kind in ORG_TYPES:
                name = clean_name(raw)
                if name and name_kind(name, sites) is not None:
                    orgs.append(name)
                continue
            names = split_names(raw)
            kinds = [name_kind(n, sites) for n in names]
            for name, found in zip(names, kinds):
                # Beside an organisation in the same byline, one Latin word is a place or a desk's initials
                # ("red, ORF.at/Agenturen", "hessenschau.de, Frankfurt, Germany"), not a person's name.
                if found == "person" and "org" in kinds and " " not in name and not CJK_CHAR.search(name):
                    continue
                if found == "person":
                    people.append(name)
                elif found == "org":
                    orgs.append(name)
        per_source.append((source, _dedupe(people), _dedupe(orgs)))
    # Credit: organisations named by the structured sources (JSON-LD, meta tags); the site's own name only
    # when no person is named (then it is the byline: "By DER SPIEGEL").
    orgs = _dedupe([o for s, _, found in per_source if s in ("jsonld", "meta") for o in found])
    any_people = any(p for s, p, _ in per_source if s != "trafilatura")
    credit = "; ".join(o for o in orgs if not (any_people and _is_site(o, sites))) or None
    # trafilatura title-cases what it finds; alone, one Latin word from it ('Amw') is initials or a label.
    with_people = [(s, p) for s, p, _ in per_source if p and s != "trafilatura"] or [
        (s, [n for n in p if " " in n or CJK_CHAR.search(n)]) for s, p, _ in per_source if p
    ]
    with_people = [(s, p) for s, p in with_people if p]
    if not with_people:
        return [], None, credit
    everyone = [n for _, p in with_people for n in p] + [n for s, p, _ in per_source if s == "trafilatura" for n in p]
    keys = [{_key(n) for n in p} for _, p in with_people]
    all_keys = [{_key(n) for n in p} for _, p, _ in per_source if p]

    def support(i: int) -> tuple[int, int]:
        agree = sum(1 for other in all_keys if other is not keys[i] and _overlap(keys[i], other))
        return agree, AUTHOR_TRUST.get(with_people[i][0], 0)

    best = max(range(len(with_people)), key=support)
    return [_best_spelling(n, everyone) for n in with_people[best][1]], with_people[best][0], credit


def _best_spelling(name: str, others: list[str]) -> str:
    """'chuck-ross' -> 'Chuck Ross' when another source spells the same name with spaces and capitals."""
    same = [o for o in others if _key(o) == _key(name)]
    return max(same, key=lambda o: (" " in o, any(c.isupper() for c in o) and not o.isupper(), -len(o)), default=name)


def _overlap(a: set[str], b: set[str]) -> bool:
    return any(x == y or (len(x) > 5 and len(y) > 5 and (x in y or y in x)) for x in a for y in b)


def _dedupe(names: list[str]) -> list[str]:
    """One spelling per person: case, accents and punctuation ignored; the longer spelling kept."""
    out: dict[str, str] = {}
    for name in names:
        k = _key(name)
        if not k:
            continue
        same = next((o for o in out if o == k or (len(k) > 5 and len(o) > 5 and (o in k or k in o))), None)
        if same is None:
            out[k] = name
        elif len(name) > len(out[same]) and k != same:
            del out[same]
            out[k] = name
    return list(out.values())


# ------------------------------------------------------------------------------------------------------ page


def page_metadata(
    tree: HtmlElement, url: str | None, extensive_date: str | None = None, trafilatura_author: str | None = None
) -> PageMetadata:
    """Title, publication date, authors, credit and site name of one parsed page."""
    objects = jsonld_objects(tree)
    meta = meta_values(tree)
    sites = site_names(meta, objects, url)
    title, title_source = choose_title(title_candidates(tree, meta, objects), sites)
    published, published_source = choose_date(*date_candidates(tree, meta, objects, url, extensive_date))
    authors, authors_source, credit = choose_authors(author_candidates(tree, meta, objects, trafilatura_author), sites)
    site = next((s for s in sites if not re.fullmatch(r"[\w-]+(\.[\w-]+)+", s)), None)
    return PageMetadata(
        title=title,
        title_source=title_source,
        published=published,
        published_source=published_source,
        authors=authors,
        authors_source=authors_source,
        credit=credit,
        site_name=site,
    )
