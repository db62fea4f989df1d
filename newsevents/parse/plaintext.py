"""Plain-text articles as scraped from web pages: split header, body and footer; harvest title, byline,
publisher, section, dateline and URL; drop share forms, "Follow us" footers and repeated title/byline lines.

Small, focused functions over lines. Every decision is a rule you can read here or extend in data files
(boilerplate.txt, publishers.csv)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from newsevents.parse.dates import DatelineParse, find_dates, parse_dateline
from newsevents.parse.publishers import Publisher, PublisherRegistry
from newsevents.resources import (
    DATA_DIR,
    PATTERN_LINE_SECONDS,
    boilerplate_lines,
    compile_user_pattern,
    data_files,
)


@dataclass
class Boilerplate:
    footer: list[re.Pattern]
    line: list[re.Pattern]
    # The user's patterns (NEWSEVENTS_DATA_DIR/boilerplate.txt), compiled by the `regex` module: checked at start
    # (resources.check_boilerplate) and matched with a time limit per line, so none can hang a run.
    user_footer: list = field(default_factory=list)
    user_line: list = field(default_factory=list)

    def __post_init__(self):
        # One alternation per kind: a line is tested once, not once per pattern (fullmatch backtracks into
        # the other alternatives, so the answer is the same as any(p.fullmatch(...))).
        self._footer = _alternation(self.footer)
        self._any = _alternation(self.footer + self.line)
        self._user_footer = list(self.user_footer)
        self._user_any = self._user_footer + list(self.user_line)

    def is_footer_start(self, text: str) -> bool:
        if self._footer is not None and self._footer.fullmatch(text) is not None:
            return True
        return _user_match(self._user_footer, text)

    def is_boilerplate(self, text: str) -> bool:
        if self._any is not None and self._any.fullmatch(text) is not None:
            return True
        return _user_match(self._user_any, text)


def _alternation(patterns: list[re.Pattern]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.I) if patterns else None


def _user_match(patterns: list, text: str) -> bool:
    """A user's pattern fullmatches the line within PATTERN_LINE_SECONDS each; one that runs out of time on this
    line does not match it (the line is kept)."""
    for p in patterns:
        try:
            if p.fullmatch(text, timeout=PATTERN_LINE_SECONDS) is not None:
                return True
        except TimeoutError:
            continue
    return False


@lru_cache(maxsize=4)
def load_boilerplate(extra_dir: str | None = None) -> Boilerplate:
    footer: list[re.Pattern[str]] = []
    line: list[re.Pattern[str]] = []
    user_footer: list = []
    user_line: list = []
    for path in data_files("boilerplate.txt", extra_dir):
        shipped = path.parent == DATA_DIR
        for _, kind, pattern in boilerplate_lines(path):
            if not pattern:
                continue
            if shipped:
                (footer if kind == "FOOTER" else line).append(re.compile(pattern, re.I))
            else:
                (user_footer if kind == "FOOTER" else user_line).append(compile_user_pattern(pattern))
    return Boilerplate(footer, line, user_footer, user_line)


@dataclass
class ParsedText:
    """What the plain-text parser found. published is a local dateline (tz offset if the text gives one)."""

    body: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: Publisher | None = None
    publisher_name: str | None = None
    credit: str | None = None  # "By Azernews" in a Today.az article: the syndication source
    section: str | None = None
    url: str | None = None
    published: DatelineParse | None = None
    published_source: str = "none"
    dropped_lines: int = 0


_URL_LINE = re.compile(r"^(?:URL|Link|Source)\s*:\s*(?P<url>https?://\S+)\s*$", re.I)
_BARE_URL = re.compile(r"^(?P<url>https?://\S+)$")
_ORIGINALLY = re.compile(
    r"originally (?:appeared|published) (?:in|on|by)\s+(?P<who>.+?)(?:\s+on\s+(?P<when>.+?))?\.?$", re.I
)
_BYLINE = re.compile(r"^(?:by|written by|author:?|posted by)\s+(?P<who>.+?)\s*$", re.I)
_INLINE_BY = re.compile(r"\bBy\s+(?P<who>[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3})\s*$")
_SITE_SECTION = re.compile(r"^(?P<site>[\w.\- ]{2,40}?)\s*[/|»>]\s*(?P<section>[A-Z][\w &-]{1,40})$")
_NAME_LINE = re.compile(r"^[A-Z][a-zà-ÿ'’-]+(?:\s+(?:[A-Z]\.|[A-Z][a-zà-ÿ'’-]+)){1,3}$")
_REPORTED_ON = re.compile(
    r"\b(?:reported|said|announced|stated|informed|told|wrote|quoted|noted)\b[^.]{0,40}?\bon\s+(?P<when>(?:[A-Z][a-z]+\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+)(?:,?\s+\d{4})?)"
)
_TITLE_TAG = re.compile(r"\s*\[(?:UPDATE|UPDATED|PHOTO|PHOTOS|VIDEO|VIDEOS|EXCLUSIVE)\]\s*", re.I)
_SENTENCE_END = re.compile(r"[.!?…\"”’»)]\s*$")
_WEEKDAY_START = re.compile(r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s", re.I)

# A header is the lines before the first paragraph: short lines, at most this many.
MAX_HEADER_LINES = 12
HEADER_LINE_MAX_CHARS = 250


def parse_text(text: str, publishers: PublisherRegistry, boilerplate: Boilerplate) -> ParsedText:
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln) for ln in lines]
    out = ParsedText(body="")
    header_end = _header_end(lines)
    footer_start = _footer_start(lines, boilerplate, header_end)
    header, body_lines, footer = lines[:header_end], lines[header_end:footer_start], lines[footer_start:]

    _read_header(header, out, publishers)
    _read_footer(footer + body_lines[-3:], out, publishers)
    body_lines = [ln for ln in body_lines if not _is_metadata_line(ln)]
    kept = [ln for ln in body_lines if ln and not boilerplate.is_boilerplate(ln) and not _repeats_header(ln, out)]
    out.dropped_lines = sum(1 for ln in lines if ln) - sum(1 for ln in header if ln) - len(kept)
    out.body = "\n\n".join(_join_wrapped(kept))
    if out.publisher is None:
        _publisher_from_signatures(text, out, publishers)
    if out.published is None:
        _infer_published(out)
    return out


def _is_paragraph(line: str) -> bool:
    """A body paragraph, not a header line: long, or a full sentence of some length."""
    if len(line) > HEADER_LINE_MAX_CHARS:
        return True
    return len(line) > 60 and bool(_SENTENCE_END.search(line)) and line.count(" ") >= 8


def _header_end(lines: list[str]) -> int:
    seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        if _is_paragraph(line):
            return i
        seen += 1
        if seen > MAX_HEADER_LINES:
            return i
    return 0  # no paragraph at all: treat everything as body and let validation judge it


def _footer_start(lines: list[str], boilerplate: Boilerplate, header_end: int) -> int:
    """First footer marker in the last third of the text; everything from there on is footer."""
    nonempty = [i for i, ln in enumerate(lines) if ln]
    if not nonempty:
        return len(lines)
    cutoff = nonempty[int(len(nonempty) * 2 / 3)] if len(nonempty) > 3 else nonempty[-1]
    for i in range(max(header_end, 0), len(lines)):
        if i >= cutoff and lines[i] and boilerplate.is_footer_start(lines[i]):
            return i
    return len(lines)


def _read_header(header: list[str], out: ParsedText, publishers: PublisherRegistry) -> None:
    datelines: list[tuple[int, str, DatelineParse]] = []
    candidates: list[str] = []
    for pos, line in enumerate(ln for ln in header if ln):
        if _take_url(line, out):
            continue
        m = _SITE_SECTION.match(line)
        if m and publishers.by_name(m["site"]):
            out.publisher, out.section = publishers.by_name(m["site"]), m["section"].strip()
            continue
        dl = parse_dateline(line) if len(line) <= 120 else None
        if dl and _mostly_date(line, dl):
            datelines.append((pos, line, dl))
            _take_inline_credit(line, dl, out, publishers)
            continue
        by = _BYLINE.match(line)
        if by:
            _take_byline(by["who"], out, publishers)
            continue
        credited = publishers.by_name(line)
        if credited:
            out.credit = out.credit or credited.name
            continue
        candidates.append(line)
    _choose_title_and_authors(candidates, out, publishers)
    if datelines:
        out.published, out.published_source = _best_dateline(datelines), "header"


def _mostly_date(line: str, dl: DatelineParse) -> bool:
    """A dateline, not a sentence that happens to hold a date: little text beside the date itself."""
    if dl.mention is None:
        return False
    rest = line[: dl.mention.start] + line[dl.mention.end :]
    rest = re.sub(
        r"\[?\d{1,2}[:.]\d{2}\]?|\(?(UTC|GMT)\s*[+-−]\s*\d{1,2}(:?\d{2})?\)?|\b(date|updated|published|posted)\b|[-|/,:•]",
        " ",
        rest,
        flags=re.I,
    )
    rest = _WEEKDAY_START.sub(" ", rest.strip() + " ")
    rest = _INLINE_BY.sub(" ", rest.strip())
    words = [w for w in rest.split() if w]
    return len(words) <= 3


def _best_dateline(datelines: list[tuple[int, str, DatelineParse]]) -> DatelineParse:
    """Several header dates: the article's own dateline has a time and an offset; a weekday date alone on the
    first line is the page's 'today' header (002: 'Friday May 24 2024' above a 2023 article)."""

    def score(item: tuple[int, str, DatelineParse]) -> tuple[int, int]:
        pos, line, dl = item
        s = 2 * dl.has_time + 2 * (dl.tz_offset_minutes is not None)
        if pos == 0 and _WEEKDAY_START.match(line) and len(datelines) > 1:
            s -= 3
        return (s, -pos)

    return max(datelines, key=score)[2]


def _take_inline_credit(line: str, dl: DatelineParse, out: ParsedText, publishers: PublisherRegistry) -> None:
    """' date 2021-09-06 By Azernews' or '24 November 2020 [22:45] - TODAY.AZ': a publisher beside the date."""
    if dl.mention is None:
        return
    rest = line[dl.mention.end :]
    by = _INLINE_BY.search(rest)
    name = by["who"] if by else re.sub(r"[\[\]\d:.()+\-–—|/]|UTC|GMT", " ", rest).strip()
    p = publishers.by_name(name) if name else None
    if p and out.publisher is None:
        out.publisher = p


def _take_byline(who: str, out: ParsedText, publishers: PublisherRegistry) -> None:
    p = publishers.by_name(who)
    if p:
        # "By Azernews": a publisher credit. It names the publisher unless the site header already did.
        out.credit = out.credit or p.name
        return
    for name in re.split(r"\s*(?:,|;|\band\b|&)\s*", who):
        name = name.strip(" .")
        if name and name not in out.authors and len(name) <= 60:
            out.authors.append(name)


def _choose_title_and_authors(candidates: list[str], out: ParsedText, publishers: PublisherRegistry) -> None:
    """The title is the first remaining header line that is not a bare person name; bare name lines are authors
    (002 gives 'Asim Aliyev' twice with no 'By'). Repeats of the title are dropped (001 states it twice)."""
    names = [ln for ln in candidates if _NAME_LINE.match(ln) and not publishers.by_name(ln)]
    others = [ln for ln in candidates if ln not in names]
    if others:
        out.title = _TITLE_TAG.sub("", others[0]).strip()
    elif len(candidates) == 1:
        out.title, names = candidates[0], []
    for name in names:
        if name not in out.authors:
            out.authors.append(name)


def _read_footer(footer: list[str], out: ParsedText, publishers: PublisherRegistry) -> None:
    for line in footer:
        if not line:
            continue
        if _take_url(line, out):
            continue
        m = _ORIGINALLY.search(line)
        if m:
            p = publishers.find_in(m["who"]) or publishers.by_name(m["who"])
            if out.publisher is None:
                out.publisher = p
                out.publisher_name = None if p else m["who"].strip()
            dl = parse_dateline(m["when"]) if m["when"] else None
            if dl and out.published is None:
                out.published, out.published_source = dl, "footer"


def _take_url(line: str, out: ParsedText) -> bool:
    m = _URL_LINE.match(line) or _BARE_URL.match(line)
    if m:
        out.url = out.url or m["url"].rstrip(".,)")
        return True
    return False


def _is_metadata_line(line: str) -> bool:
    return bool(_URL_LINE.match(line) or (_ORIGINALLY.search(line) and len(line) < 200))


def _repeats_header(line: str, out: ParsedText) -> bool:
    if out.title and _same_text(line, out.title):
        return True
    byline = _BYLINE.match(line)
    if out.authors and (line in out.authors or (byline is not None and byline["who"] in out.authors)):
        return True
    return False


def _same_text(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    return norm(a) == norm(b)


def _join_wrapped(lines: list[str]) -> list[str]:
    """Hard-wrapped text: a line that stops mid-sentence and is followed by a lower-case start is one paragraph."""
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and not _SENTENCE_END.search(paragraphs[-1]) and line[:1].islower():
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs


def _publisher_from_signatures(text: str, out: ParsedText, publishers: PublisherRegistry) -> None:
    """No header names the site: the syndication credit, a footer signature (@AzerNewsAz), or 'X reports'."""
    p = publishers.by_name(out.credit) if out.credit else None
    p = p or publishers.by_signature(text)
    if p is None:
        m = re.search(r",\s*(?P<who>[A-Z][\w.]+(?:\s[A-Z][\w.]+)?)\s+(?:reports|reported)\s*\.", out.body)
        p = publishers.by_name(m["who"]) if m else None
    out.publisher = p


def _infer_published(out: ParsedText) -> None:
    """No dateline: the lead's 'reported on March 22' gives day and month; the year is the first that is not
    before the latest full date the article mentions (003: December 14, 2021 -> March 22, 2022)."""
    lead = out.body[:600]
    m = _REPORTED_ON.search(lead)
    if not m:
        return
    mention = next((d for d in find_dates(m["when"]) if d.month and d.day), None)
    if mention is None or mention.month is None or mention.day is None:
        return
    if mention.year is None:
        explicit = [day for d in find_dates(out.body) if d.kind != "iso" and (day := d.as_date())]
        explicit += [day for d in find_dates(out.body) if d.kind.startswith("range") and (day := d.end_date())]
        if not explicit:
            return
        latest = max(explicit)
        year = latest.year if (mention.month, mention.day) >= (latest.month, latest.day) else latest.year + 1
    else:
        year = mention.year
    try:
        value = datetime(year, mention.month, mention.day)
    except ValueError:
        return
    out.published = DatelineParse(value, False, None, mention)
    out.published_source = "inferred"


def clean_body(text: str, boilerplate: Boilerplate) -> str:
    """Body text that already had its metadata taken out (HTML via trafilatura, JSON 'text' fields): drop
    boilerplate lines and the footer, keep paragraphs."""
    lines = [
        re.sub(r"[ \t\u00a0]+", " ", ln.strip()) for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    footer_start = _footer_start(lines, boilerplate, 0)
    kept = [ln for ln in lines[:footer_start] if ln and not boilerplate.is_boilerplate(ln)]
    return "\n\n".join(_join_wrapped(kept))
