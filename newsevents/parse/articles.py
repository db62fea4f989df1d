"""parse stage: raw records -> article rows (not yet validated): the plain-text header/footer parse, the
publisher, the publication time with its time zone and where it came from, the clean body and its hashes, the
language. Rejects a record that has no article in it."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from newsevents.ids import short_hash
from newsevents.parse.dates import DatelineParse, parse_dateline
from newsevents.parse.language import detect_languages
from newsevents.parse.plaintext import ParsedText, clean_body, load_boilerplate, parse_text
from newsevents.parse.publishers import load_publishers
from newsevents.read.files import RawRecord
from newsevents.settings import Settings
from schemas.ddl import conform
from schemas.rejects import Reject, preview

_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?:/|$|[^\d])")


def normalise_for_hash(body: str) -> str:
    """Same article whatever the quotes, case and spacing: NFKC, lower case, words only."""
    text = unicodedata.normalize("NFKC", body).lower()
    return " ".join(re.findall(r"\w+", text))


@dataclass
class Published:
    at: datetime | None  # aware
    tz: str | None  # '+04:00'
    local_date: date | None
    precision: str  # minute | day | unknown
    source: str


def _offset_text(offset: timedelta | None) -> str | None:
    if offset is None:
        return None
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _zone(name: str | None):
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def resolve_published(dl: DatelineParse | None, source: str, publisher_tz: str | None) -> Published:
    """Local dateline + the offset it states, else the publisher's time zone, else UTC."""
    if dl is None:
        return Published(None, None, None, "unknown", "none")
    local = dl.value
    if dl.tz_offset_minutes is not None:
        tzinfo = timezone(timedelta(minutes=dl.tz_offset_minutes))
    else:
        tzinfo = _zone(publisher_tz) or UTC
    aware = local.replace(tzinfo=tzinfo)
    return Published(
        aware.astimezone(UTC),
        _offset_text(aware.utcoffset()),
        local.date(),
        "minute" if dl.has_time else "day",
        source,
    )


def parse_metadata_date(value: str | None) -> DatelineParse | None:
    """Dates from JSON/HTML metadata: ISO 8601 first, then RFC 2822, then the dateline patterns."""
    if not value:
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{10}(\.\d+)?", text):  # unix seconds
        dt = datetime.fromtimestamp(float(text), UTC)
        return DatelineParse(dt.replace(tzinfo=None), True, 0, None)
    for parse in (lambda t: datetime.fromisoformat(t.replace("Z", "+00:00")), parsedate_to_datetime):
        try:
            dt = parse(text)
        except (ValueError, TypeError, IndexError):
            continue
        has_time = bool(re.search(r"\d{1,2}:\d{2}", text))
        utc_offset = dt.utcoffset()
        offset = int(utc_offset.total_seconds() // 60) if utc_offset is not None else None
        return DatelineParse(dt.replace(tzinfo=None), has_time, offset, None)
    return parse_dateline(text)


def url_date(url: str | None) -> DatelineParse | None:
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    try:
        return DatelineParse(datetime(int(m["y"]), int(m["m"]), int(m["d"])), False, None, None)
    except ValueError:
        return None


def parse_records(
    records: list[RawRecord], settings: Settings, run_id: str, now: datetime
) -> tuple[pl.DataFrame, list[Reject]]:
    """Article rows (not yet validated) for a batch of records, and rejects for records with no article. An
    error no check foresaw rejects that record alone (`parse_error`), never the batch."""
    publishers = load_publishers(settings.data_dir)
    boilerplate = load_boilerplate(settings.data_dir)
    rows: list[dict] = []
    rejects: list[Reject] = []
    for rec in records:
        try:
            row = _article_row(rec, publishers, boilerplate, settings, run_id, now)
        except Exception as exc:  # noqa: BLE001  (per-record isolation; the reason names the error)
            row = _parse_reject(
                rec, "parse_error", f"the article could not be parsed: {type(exc).__name__}: {str(exc)[:300]}"
            )
        if isinstance(row, Reject):
            rejects.append(row)
        else:
            rows.append(row)
    df = pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame()
    df = conform(df, "articles")
    if df.height:
        detected = detect_languages(df["body"].to_list(), settings.languages)
        df = df.with_columns(pl.Series("language", detected, dtype=pl.String))
    return df, rejects


def _article_row(
    rec: RawRecord, publishers, boilerplate, settings: Settings, run_id: str, now: datetime
) -> dict | Reject:
    if len(rec.text) > settings.max_article_chars:
        return _parse_reject(
            rec,
            "too_long",
            f"{len(rec.text):,} characters is too long for one article "
            f"(limit {settings.max_article_chars:,}, NEWSEVENTS_MAX_ARTICLE_CHARS): is it a dump of "
            "many articles?",
        )
    if rec.source_format == "txt":
        parsed = parse_text(rec.text, publishers, boilerplate)
    else:
        parsed = ParsedText(body=clean_body(rec.text, boilerplate))
    meta = rec.meta
    publisher = (
        parsed.publisher
        or publishers.by_name(meta.get("publisher"))
        or publishers.by_url(meta.get("url") or parsed.url)
    )
    publisher_name = publisher.name if publisher else (meta.get("publisher") or parsed.publisher_name)
    dl, source = parsed.published, parsed.published_source
    meta_dl = parse_metadata_date(meta.get("published"))
    if meta_dl is not None:
        dl, source = meta_dl, meta.get("published_source") or "metadata"
    if dl is None:
        dl = url_date(meta.get("url") or parsed.url)
        source = "url" if dl else "none"
    pub = resolve_published(dl, source, publisher.timezone if publisher else None)
    body = parsed.body
    if not body.strip():
        return _parse_reject(
            rec,
            "no_body",
            "no article text left after removing the header, footer "
            "and boilerplate (navigation, share forms, 'Follow us' lines)",
        )
    title = meta.get("title") or parsed.title
    title_source = (meta.get("title_source") or "metadata") if meta.get("title") else ("header" if title else None)
    authors = meta.get("authors") or parsed.authors
    authors_source = (
        (meta.get("authors_source") or "metadata") if meta.get("authors") else ("header" if authors else None)
    )
    url = meta.get("url") or parsed.url
    content_sha = hashlib.sha256(normalise_for_hash(body).encode()).hexdigest()
    return {
        "article_id": short_hash("a", content_sha, title, publisher_name, pub.local_date, url),
        "source_uri": rec.source_uri,
        "source_format": rec.source_format,
        "publisher": publisher_name,
        "section": meta.get("section") or parsed.section,
        "title": title.strip() if title else None,
        "authors": authors,
        "credit": parsed.credit or meta.get("credit"),
        "url": url,
        "published_at": pub.at,
        "published_tz": pub.tz,
        "published_date": pub.local_date,
        "published_precision": pub.precision,
        "published_at_source": pub.source,
        "language": (meta.get("language") or "")[:2].lower() or None,
        "body": body,
        "word_count": len(body.split()),
        "content_sha256": content_sha,
        "duplicate_of": None,
        "near_duplicate_of": None,
        "story_id": None,
        "run_id": run_id,
        "ingested_at": now,
        "title_source": title_source,
        "event_relevance": None,  # set by the extract stage (rows.extract_frames)
        "authors_source": authors_source,
    }


def _parse_reject(rec: RawRecord, check: str, reason: str) -> Reject:
    return Reject("parse", rec.source_uri, check, reason, preview(rec.text), "articles")
