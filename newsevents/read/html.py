"""HTML article path: raw page -> clean body text plus the metadata the pipeline keeps.

Built on trafilatura. Options were chosen on the Zyte article extraction benchmark
(benchmarks/zyte_extraction.py): precision mode without comments scores best there,
with a fallback to the balanced mode when precision keeps almost nothing. Title, date, authors and site
name are chosen from every source the page offers in newsevents.read.metadata (htmldate's extensive
original-date search, run by trafilatura, is one of the date candidates).
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import trafilatura
from charset_normalizer import from_bytes
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from newsevents.read.metadata import PageMetadata, page_metadata
from newsevents.read.tagbounds import bound_attributes

LOGGER = logging.getLogger(__name__)

# Benchmark winner (see module docstring); comments are reader text, not the article.
EXTRACT_OPTIONS: dict[str, Any] = dict(include_comments=False, favor_precision=True, include_tables=True)
# Precision mode sometimes keeps only a stray notice (a reprint banner) or the first paragraphs and drops the
# article; under this many characters we compare with the balanced mode (1500, not 500: Fundus body F1 .948 ->
# .951, Zyte unchanged at .969, 36 -> 32 pages/s; a Politico page kept 118 of its 887 words)...
SHORT_BODY_CHARS = 1500
# ...and take the balanced text when it is this many times longer (and not short itself).
FALLBACK_RATIO = 3

# htmldate output with time and offset; a page that only gives a day comes back at naive midnight.
FULL_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
LANG_XPATH = (
    '/html/@lang | /html/@*[name()="xml:lang"]'
    ' | //meta[translate(@http-equiv, "CONTENT-LANGUAGE", "content-language")="content-language"]/@content'
    ' | //meta[@property="og:locale"]/@content'
)
WORD = re.compile(r"[^\W\d_]{2,}")
CHARSET_DECL = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


@dataclass
class HtmlArticle:
    body: str  # clean article text, paragraphs separated by a blank line
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # as found in the page; time and offset kept when present
    publisher: str | None = None  # site name
    url: str | None = None  # canonical URL
    language: str | None = None  # ISO 639-1 from the page markup
    section: str | None = None
    title_source: str | None = None  # which part of the page gave the title (see newsevents.read.metadata)
    published_source: str | None = None
    authors_source: str | None = None
    credit: str | None = None  # an organisation named as author (agency, the site itself)


def decode_html(data: bytes) -> str:
    """Bytes -> str: BOM, then valid UTF-8, then the declared charset, then a guess."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    # Valid UTF-8 with non-ASCII bytes is almost never another encoding by accident,
    # while declarations are often stale (pages re-saved as UTF-8 still say latin-1).
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = CHARSET_DECL.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("utf-8", errors="replace")


def extract_html(html: str, url: str | None = None) -> HtmlArticle | None:
    """Main text and metadata of one page, or None when it holds no article text."""
    # Third-party parsers raise a wide, undocumented set of errors on hostile input;
    # one bad page must never stop a batch.
    try:
        return _extract(bound_attributes(html), url)  # parse time grows with the square of one tag's attributes
    except Exception as err:  # noqa: BLE001
        LOGGER.warning("html extraction failed for %r: %r", url, err)  # repr: a url's ESC is shown, not obeyed
        return None


def _extract(html: str, url: str | None) -> HtmlArticle | None:
    tree = load_html(html) if html and html.strip() else None
    if tree is None:
        return None
    try:
        found = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, date_extraction_params=_date_params(), **EXTRACT_OPTIONS
        )
    except Exception as err:  # noqa: BLE001  (its metadata step failed: the body without metadata)
        LOGGER.warning("html metadata failed for %s, body kept: %r", url, err)
        tree = load_html(html)
        found = trafilatura.bare_extraction(tree, url=url, with_metadata=False, **EXTRACT_OPTIONS)
    doc = found if isinstance(found, Document) else None  # a dict only with as_dict=True
    body = _fallback_body(tree, url, doc.text if doc else "")
    if not body:
        return None
    try:
        meta = page_metadata(
            tree,
            (doc.url if doc else None) or url,
            extensive_date=_htmldate_published(doc.date if doc else None),
            trafilatura_author=doc.author if doc else None,
        )
    except Exception as err:  # noqa: BLE001  (metadata is optional; the body is the article: never lose it)
        LOGGER.warning("html metadata failed for %s, body kept: %r", url, err)
        meta = PageMetadata()
    return HtmlArticle(
        body=body,
        title=meta.title or (doc.title if doc else None),
        authors=meta.authors,
        published=meta.published,
        publisher=meta.site_name or (doc.sitename if doc else None),
        url=(doc.url if doc else None) or url,
        language=page_language(tree),
        section=doc.categories[0] if doc and doc.categories else None,
        title_source=meta.title_source or ("trafilatura" if doc and doc.title else None),
        published_source=meta.published_source,
        authors_source=meta.authors_source,
        credit=meta.credit,
    )


def _fallback_body(tree: HtmlElement, url: str | None, text: str | None) -> str:
    """Precision-mode text, or the balanced-mode text when precision lost the article."""
    text = text or ""
    if len(text) < SHORT_BODY_CHARS:
        options = {**EXTRACT_OPTIONS, "favor_precision": False}
        balanced = trafilatura.extract(tree, url=url, **options) or ""
        if len(balanced) >= max(SHORT_BODY_CHARS, FALLBACK_RATIO * len(text)):
            text = balanced
    # Replacement characters and punctuation from undecodable pages are not article text.
    return _paragraphs(text) if WORD.search(text) else ""


def _paragraphs(text: str) -> str:
    # trafilatura puts one block per line; the pipeline wants blank-line paragraph breaks.
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _date_params() -> dict:
    # Passing params replaces trafilatura's defaults, so restate them (original_date, max_date).
    # deferred_url_extractor: a /2019/11/19/ URL would otherwise win and drop the time of day.
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    return dict(
        extensive_search=True,
        original_date=True,
        outputformat=FULL_DATE_FORMAT,
        deferred_url_extractor=True,
        max_date=tomorrow.strftime("%Y-%m-%d"),
    )


def _htmldate_published(value: str | None) -> str | None:
    """htmldate's date as ISO 8601; naive midnight means the page gave a day only."""
    if not value:
        return None
    try:
        parsed = datetime.strptime(value, FULL_DATE_FORMAT)
    except ValueError:
        return value
    if parsed.tzinfo is None and parsed.time() == datetime.min.time():
        return parsed.date().isoformat()
    return parsed.isoformat()


def page_language(tree: HtmlElement) -> str | None:
    """ISO 639-1 code from <html lang>, Content-Language or og:locale (e.g. 'en-US' -> 'en')."""
    for value in tree.xpath(LANG_XPATH):
        code = re.split(r"[-_,\s]", value.strip().lower(), maxsplit=1)[0]
        if len(code) == 2 and code.isascii() and code.isalpha():
            return code
    return None
