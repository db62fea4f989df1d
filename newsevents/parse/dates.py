"""Date mentions: find candidate spans with patterns, then parse and resolve them against an anchor date.

Why not dateparser.search_dates over whole articles: on the samples it hit "may", "now", "we" and durations
("44 days"); precision ~0.6. Here month names must be capitalised and carry a day, a year or a modifier, so the
modal verb "may" never becomes a date, and every span knows its precision.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from newsevents.parse.spans import DisjointSpans

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MONTH = (
    r"(?P<{name}>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>(?:1[89]|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MOD = r"(?:(?P<mod>[Ee]arly|[Mm]id|[Ll]ate|[Ee]nd of|[Bb]eginning of|[Ss]tart of)[\s-]+)?"


def _p(template: str, **names: str) -> str:
    return template.format(**names)


M1, M2 = _p(_MONTH, name="m1"), _p(_MONTH, name="m2")
D1, D2 = _p(_DAY, name="d1"), _p(_DAY, name="d2")
Y1, Y2 = _p(_YEAR, name="y1"), _p(_YEAR, name="y2")

# Order matters: longer, more specific patterns first; a span taken by one is not matched again.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "iso",
        re.compile(
            r"\b(?P<y1>\d{4})-(?P<m1>\d{2})-(?P<d1>\d{2})"
            r"(?:[T ](?P<hh>\d{2}):(?P<mm>\d{2})(?::\d{2}(?:\.\d+)?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?\b"
        ),
    ),
    # "September 27 - November 10, 2020" / "between September 27 - November 10"
    ("range_md_md", re.compile(rf"\b{M1}\s+{D1}\s*(?:-|–|—|to|and|until)\s*{M2}\s+{D2}(?:,?\s+{Y2})?\b")),
    # "November 9-10, 2020"
    ("range_m_dd", re.compile(rf"\b{M1}\s+{D1}\s*(?:-|–)\s*{D2}(?:,?\s+{Y1})?\b")),
    # "27 September - 10 November 2020"
    ("range_dm_dm", re.compile(rf"\b{D1}\s+{M1}\s*(?:-|–|—|to|and|until)\s*{D2}\s+{M2}(?:,?\s+{Y2})?\b")),
    ("dmy", re.compile(rf"\b{D1}\s+{M1},?\s+{Y1}\b")),
    ("mdy", re.compile(rf"\b{M1}\s+{D1},?\s+{Y1}\b")),
    ("dm", re.compile(rf"\b{D1}\s+{M1}(?!\w)")),
    ("md", re.compile(rf"\b{M1}\s+{D1}\b(?![\d,.]*\s*(?:per\s?cent|%|km|square))")),
    ("my", re.compile(rf"{_MOD}\b{M1},?\s+(?:of\s+)?{Y1}\b")),
    # A month alone only with a preposition or modifier: "in September", "late February".
    (
        "m",
        re.compile(rf"(?:\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Dd]uring)\s+(?:the\s+)?)?{_MOD}\b{M1}(?![\w-])"),
    ),
    ("decade", re.compile(rf"{_MOD}\b(?P<y1>(?:1[89]|20)\d0)s\b")),
    ("y", re.compile(rf"{_MOD}\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Oo]f|[Ff]rom|[Dd]uring)\s+{Y1}\b")),
    ("weekday", re.compile(rf"\b(?:on|last|this|next|On|Last|This|Next)\s+{_WEEKDAY}\b")),
    ("relday", re.compile(r"\b(?P<rel>[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow)\b")),
]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    modifier: str | None = None
    weekday: int | None = None
    relative_days: int | None = None
    hour: int | None = None
    minute: int | None = None
    tz_offset_minutes: int | None = None

    @property
    def is_full(self) -> bool:
        return self.year is not None and self.month is not None and self.day is not None

    def as_date(self) -> date | None:
        """The calendar day when year, month and day are all stated (and valid)."""
        if self.year is None or self.month is None or self.day is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None

    def end_date(self) -> date | None:
        """The stated end of a range, when complete."""
        if self.end_year is None or self.end_month is None or self.end_day is None:
            return None
        try:
            return date(self.end_year, self.end_month, self.end_day)
        except ValueError:
            return None


def _int(m: re.Match, name: str) -> int | None:
    value = m.groupdict().get(name)
    return int(value) if value else None


def _month(m: re.Match, name: str) -> int | None:
    value = m.groupdict().get(name)
    if not value:
        return None
    if value.isdigit():
        return int(value)
    return MONTHS.get(value.lower().rstrip("."))


def _tz_minutes(value: str | None) -> int | None:
    if not value:
        return None
    if value == "Z":
        return 0
    sign = -1 if value[0] == "-" else 1
    digits = value[1:].replace(":", "")
    return sign * (int(digits[:2]) * 60 + int(digits[2:4] or 0))


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        if month is None or not 1 <= day <= 31:
            return False
        if year is not None:
            return day <= calendar.monthrange(year, month)[1]
        return day <= (29 if month == 2 else calendar.monthrange(2021, month)[1])
    return True


# Every pattern needs one of these; the patterns run only in windows around them (a 2.5 KB article has a
# few dates, and running all patterns over the whole text cost ~6 ms an article).
_ANCHOR = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b"
    r"|\d{4}|[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow"
)
_WINDOW = 48  # characters either side of an anchor: longer than any pattern's reach from its anchor


def find_dates(text: str) -> list[DateMention]:
    """Every date-like span in text, non-overlapping, in order of position."""
    found: list[DateMention] = []
    for lo, hi in _windows(text):
        found.extend(_find_in(text[lo:hi], lo))
    return sorted(found, key=lambda d: d.start)


def _windows(text: str) -> list[tuple[int, int]]:
    windows: list[list[int]] = []
    for m in _ANCHOR.finditer(text):
        lo, hi = max(0, m.start() - _WINDOW), min(len(text), m.end() + _WINDOW)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    # Widen each window to word boundaries so no pattern starts or ends mid-word.
    out = []
    for lo, hi in windows:
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        out.append((lo, hi))
    return out


def _find_in(text: str, offset: int) -> list[DateMention]:
    taken = DisjointSpans()
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if start < end and taken.overlaps(start, end):
                continue
            mention = _mention(kind, m, offset)
            if mention is None:
                continue
            if start < end:
                taken.add(start, end)
            found.append(mention)
    return found


def _mention(kind: str, m: re.Match, offset: int = 0) -> DateMention | None:
    g = m.groupdict()
    mod = (g.get("mod") or "").lower() or None
    common = dict(start=m.start() + offset, end=m.end() + offset, text=m.group(0), kind=kind, modifier=mod)
    if kind == "weekday":
        return DateMention(**common, weekday=WEEKDAYS[g["weekday"].lower()])
    if kind == "relday":
        rel = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[g["rel"].lower()]
        return DateMention(**common, relative_days=rel)
    year, month, day = _int(m, "y1"), _month(m, "m1"), _int(m, "d1")
    if kind.startswith("range"):
        end_month = _month(m, "m2") or month
        end_year = _int(m, "y2") or year
        end_day = _int(m, "d2")
        year = year or end_year
        if not (_valid(year, month, day) and _valid(end_year, end_month, end_day)):
            return None
        return DateMention(
            **common, year=year, month=month, day=day, end_year=end_year, end_month=end_month, end_day=end_day
        )
    if not _valid(year, month, day):
        return None
    if kind == "iso":
        return DateMention(
            **common,
            year=year,
            month=month,
            day=day,
            hour=_int(m, "hh"),
            minute=_int(m, "mm"),
            tz_offset_minutes=_tz_minutes(g.get("tz")),
        )
    return DateMention(**common, year=year, month=month, day=day)


@dataclass(frozen=True)
class ResolvedDate:
    value: date
    precision: str  # day | month | year
    end: date | None = None


def _latest_not_after(month: int, day: int, limit: date) -> date | None:
    for year in (limit.year, limit.year - 1, limit.year - 2):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 February in a common year
            continue
        if candidate <= limit:
            return candidate
    return None


# A date without a year can lie a little after publication ("will vacate Lachin on December 1").
FUTURE_SLACK = timedelta(days=31)


def resolve(mention: DateMention, anchor: date | None) -> ResolvedDate | None:
    """Turn a mention into a calendar date with a precision. anchor is the publication date; mentions that
    need it (no year, weekday, 'yesterday') resolve to None without one, never to a guess."""
    if mention.kind == "relday":
        if anchor is None or mention.relative_days is None:
            return None
        return ResolvedDate(anchor + timedelta(days=mention.relative_days), "day")
    if mention.kind == "weekday":
        if anchor is None or mention.weekday is None:
            return None
        back = (anchor.weekday() - mention.weekday) % 7
        return ResolvedDate(anchor - timedelta(days=back), "day")
    limit = anchor + FUTURE_SLACK if anchor else None
    year, month, day = mention.year, mention.month, mention.day
    if mention.kind.startswith("range"):
        start = _resolve_ymd(year, month, day, limit)
        end = _resolve_ymd(mention.end_year, mention.end_month, mention.end_day, limit)
        if start and end and start.value > end.value and mention.year is None:
            start = ResolvedDate(start.value.replace(year=start.value.year - 1), "day")
        if start is None:
            return None
        return ResolvedDate(start.value, "day", end.value if end else None)
    if mention.kind == "decade":
        return ResolvedDate(date(year, 1, 1), "year", date(year + 9, 12, 31)) if year is not None else None
    return _resolve_ymd(year, month, day, limit)


def _resolve_ymd(year: int | None, month: int | None, day: int | None, limit: date | None) -> ResolvedDate | None:
    if year is not None and month is not None and day is not None:
        return ResolvedDate(date(year, month, day), "day")
    if year is not None and month is not None:
        return ResolvedDate(date(year, month, 1), "month")
    if year is not None:
        return ResolvedDate(date(year, 1, 1), "year")
    if limit is None or month is None:
        return None
    if day is not None:
        value = _latest_not_after(month, day, limit)
        return ResolvedDate(value, "day") if value else None
    value = _latest_not_after(month, 1, limit)
    return ResolvedDate(value, "month") if value else None


# --- publication date lines -------------------------------------------------------------------------------

_TIME = re.compile(r"\[?\b(?P<hh>[01]?\d|2[0-3])[:.](?P<mm>[0-5]\d)\b\]?(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?")
_OFFSET = re.compile(r"\(?(?:UTC|GMT)\s*(?P<sign>[+-−])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?\)?")


@dataclass(frozen=True)
class DatelineParse:
    value: datetime  # naive local time unless tz_offset_minutes is set
    has_time: bool
    tz_offset_minutes: int | None
    mention: DateMention | None  # None for dates from metadata or the URL


def parse_dateline(line: str) -> DatelineParse | None:
    """A full date (with year) in a header/footer line, with time and UTC offset when the line has them."""
    full = [d for d in find_dates(line) if d.is_full and not d.kind.startswith("range")]
    if not full:
        return None
    d = full[0]
    hour, minute, offset = d.hour, d.minute, d.tz_offset_minutes
    rest = line[d.end :]
    if hour is None:
        t = _TIME.search(rest)
        if t:
            hour, minute = int(t["hh"]), int(t["mm"])
            ampm = (t["ampm"] or "").lower().replace(".", "")
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
    if offset is None:
        o = _OFFSET.search(rest)
        if o:
            sign = -1 if o["sign"] in "-−" else 1
            offset = sign * (int(o["h"]) * 60 + int(o["m"] or 0))
    day = d.as_date()
    if day is None:
        return None
    value = datetime(day.year, day.month, day.day, hour or 0, minute or 0)
    return DatelineParse(value, hour is not None, offset, d)
