"""Extract stage: find input files and turn their bytes into raw article records.

Every file ends as records, a reject with a readable reason, or 'unchanged' (already loaded). Nothing is
dropped silently: an unsupported file type, an unreadable file or a bad JSON line is a reject."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from newsevents.read.decode import DecodeError, read_text_file
from newsevents.read.html import extract_html
from newsevents.read.fs import as_url, discover_url, is_url, read_bytes, size_of

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "json",
                 ".ndjson": "json"}

# Field names scrapers use (news-please, newspaper, trafilatura, custom): first present wins.
JSON_FIELDS = {
    "text": ("text", "body", "content", "maintext", "article", "article_body", "articleBody", "raw_text"),
    "title": ("title", "headline", "name"),
    "url": ("url", "link", "canonical_url", "source_url"),
    "published": ("published", "date", "date_publish", "published_at", "publish_date", "datePublished", "pubDate", "time"),
    "authors": ("authors", "author", "byline", "creator"),
    "publisher": ("source", "publisher", "site", "site_name", "source_domain", "sitename"),
    "language": ("language", "lang"),
    "section": ("section", "category", "categories"),
    "html": ("html", "raw_html"),
}


# Fewer words than this from an HTML page is navigation or an error page, not an article.
MIN_HTML_WORDS = 10


@dataclass(slots=True)
class InputFile:
    uri: str
    location: str | Path  # the local path; for a URL, a name that carries its suffixes
    size: int | None = None  # from the listing: with modified_ns, an unchanged file is skipped unread
    modified_ns: int | None = None

    @property
    def path(self) -> Path:  # made on use: 100k Path objects cost ~0.8 s of a no-op run
        return self.location if isinstance(self.location, Path) else Path(self.location)


@dataclass
class RawRecord:
    source_uri: str
    file_uri: str
    source_format: str  # txt | html | json
    text: str
    meta: dict = field(default_factory=dict)


@dataclass
class FileOutcome:
    uri: str
    sha256: str | None
    size: int
    records: int = 0
    status: str = "read"  # read | unchanged | rejected
    check: str | None = None
    reason: str | None = None
    modified_ns: int | None = None


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def discover(source: str | Path) -> tuple[list[InputFile], list[FileOutcome]]:
    """All files under source (a folder or one file), sorted. Symlink loops, broken links and unreadable
    entries come back as outcomes with a reason instead of raising. A URL (s3://, memory://, ...) is listed
    through fsspec (newsevents.read.fs)."""
    if is_url(source):  # fsspec URL: uri is the full URL, path only carries the name (for suffixes)
        return [InputFile(uri, Path(name)) for uri, name in discover_url(as_url(source))], []
    root = Path(source)
    problems: list[FileOutcome] = []
    if root.is_file():
        st = root.stat()
        return [InputFile(str(root), root, st.st_size, st.st_mtime_ns)], problems
    if not root.exists():
        raise FileNotFoundError(f"source not found: {source}")
    found: list[InputFile] = []
    folders = [str(root)]
    while folders:  # depth first, names sorted: the order os.walk gives, at a third of its cost
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as err:
            problems.append(FileOutcome(folder, None, 0, status="rejected", check="unreadable",
                                        reason=f"cannot list folder: {err.strerror}"))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = entry.path if os.sep == "/" else entry.path.replace(os.sep, "/")
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(entry.path)
                continue
            if entry.is_symlink() and entry.is_dir():
                problems.append(FileOutcome(path, None, 0, status="rejected", check="symlink_dir",
                                            reason="symbolic link to a folder: not followed (could loop)"))
                continue
            try:
                st = entry.stat()
                found.append(InputFile(path, path, st.st_size, st.st_mtime_ns))
            except OSError:  # broken link or loop: read_file says why
                found.append(InputFile(path, path))
        folders.extend(reversed(subfolders))
    return found, problems


def read_file(f: InputFile, known_sha: dict[str, str], max_bytes: int) -> tuple[FileOutcome, list[RawRecord], list[dict]]:
    """Bytes -> records for one file. known_sha maps uri -> sha256 of what is already loaded (incremental)."""
    try:
        if is_url(f.uri):  # fsspec URL (s3://, memory://, ...)
            size, read = size_of(f.uri), (lambda: read_bytes(f.uri))
        else:
            if f.path.is_symlink() and not f.path.exists():
                raise OSError("broken symbolic link (or a link loop)")
            size, read = f.path.stat().st_size, f.path.read_bytes
        if size > max_bytes:
            return _reject(f.uri, None, size, "too_large", f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        data = read()
    except OSError as exc:
        return _reject(f.uri, None, 0, "unreadable", f"cannot read file: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()
    if known_sha.get(f.uri) == sha:
        return FileOutcome(f.uri, sha, len(data), status="unchanged"), [], []
    fmt = TEXT_SUFFIXES.get(_suffix(f.path))
    if fmt is None:
        return _reject(f.uri, sha, len(data), "unsupported_type",
                       f"unsupported file type '{''.join(f.path.suffixes) or '(none)'}': expected .txt, .html, .htm, .json or .jsonl (optionally .gz)")
    try:
        decoded = read_text_file(data, f.path.name, max_bytes)
    except DecodeError as exc:
        return _reject(f.uri, sha, len(data), exc.check, exc.reason)
    outcome = FileOutcome(f.uri, sha, len(data))
    rejects: list[dict] = []
    if fmt == "txt":
        records = [RawRecord(f.uri, f.uri, "txt", decoded.text)]
    elif fmt == "html":
        records = _html_record(f.uri, f.uri, decoded.text, {}, rejects)
    else:
        records = _json_records(f, decoded.text, _suffix(f.path) in (".jsonl", ".ndjson"), rejects)
    outcome.records = len(records)
    if not records:
        outcome.status, outcome.check = "rejected", (rejects[0]["check_name"] if rejects else "no_article")
        outcome.reason = rejects[0]["reason"] if rejects else "no article found in the file"
        if not rejects:
            rejects.append(_reject_row(f.uri, outcome.check, outcome.reason, decoded.text[:500]))
    return outcome, records, rejects


def _reject(uri, sha, size, check, reason):
    return (FileOutcome(uri, sha, size, status="rejected", check=check, reason=reason), [],
            [_reject_row(uri, check, reason, None)])


def _reject_row(uri: str, check: str, reason: str, payload: str | None) -> dict:
    return {"stage": "read", "source_uri": uri, "table_name": None, "check_name": check, "reason": reason,
            "payload": payload}


CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def word_count(text: str) -> int:
    """Words separated by spaces; Chinese and Japanese write none, so there two characters count as a word."""
    return max(len(text.split()), len(CJK.findall(text)) // 2)


def _html_record(uri: str, file_uri: str, html: str, meta: dict, rejects: list[dict]) -> list[RawRecord]:
    page = extract_html(html, meta.get("url"))
    words = word_count(page.body) if page else 0
    if page is None or words < MIN_HTML_WORDS:
        detail = f"only {words} word{'s' if words != 1 else ''} of text" if words else "no text"
        rejects.append(_reject_row(uri, "no_article", f"HTML page has no article: {detail} (empty, scripts only, "
                                   "or navigation only)", html[:500]))
        return []
    found = {"title": page.title, "authors": page.authors, "published": page.published, "publisher": page.publisher,
             "url": page.url, "language": page.language, "section": page.section, "credit": page.credit,
             "title_source": page.title_source, "published_source": page.published_source,
             "authors_source": page.authors_source}
    merged = {**{k: v for k, v in found.items() if v}, **{k: v for k, v in meta.items() if v}}
    for name in ("title", "published", "authors"):  # a value the record states itself beats the page's
        if meta.get(name):
            merged[f"{name}_source"] = "metadata"
    return [RawRecord(uri, file_uri, "html", page.body, merged)]


def _first(obj: dict, names: tuple[str, ...]):
    for name in names:
        if name in obj and obj[name] not in (None, "", []):
            return obj[name]
    return None


def _as_text(value, field_name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and field_name == "published":
        return str(value)
    if isinstance(value, dict):
        return _as_text(_first(value, ("name", "title", "value", "text")), field_name)
    if isinstance(value, list) and field_name in ("section", "publisher"):
        return _as_text(value[0], field_name) if value else None
    raise TypeError(f"field '{field_name}' should be text, got {type(value).__name__}")


def _authors(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        out = []
        for v in value:
            name = _as_text(v, "authors")
            if name:
                out.append(name)
        return out
    if isinstance(value, dict):
        name = _as_text(value, "authors")
        return [name] if name else []
    raise TypeError(f"field 'authors' should be text or a list, got {type(value).__name__}")


def _json_records(f: InputFile, text: str, lines: bool, rejects: list[dict]) -> list[RawRecord]:
    items: list[tuple[str, object]] = []
    if lines:
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            uri = f"{f.uri}#line={n}"
            try:
                items.append((uri, json.loads(line)))
            except json.JSONDecodeError as exc:
                rejects.append(_reject_row(uri, "malformed_json", f"line {n} is not valid JSON: {exc.msg} at column {exc.colno}", line[:500]))
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            rejects.append(_reject_row(f.uri, "malformed_json", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", text[:500]))
            return []
        if isinstance(data, dict) and isinstance(data.get("articles"), list):
            data = data["articles"]
        if isinstance(data, list):
            items = [(f"{f.uri}#item={i}", obj) for i, obj in enumerate(data)]
        else:
            items = [(f.uri, data)]
    records = []
    for uri, obj in items:
        record = _json_record(uri, f.uri, obj, rejects)
        if record is not None:
            records.append(record)
    return records


def _json_record(uri: str, file_uri: str, obj, rejects: list[dict]) -> RawRecord | None:
    if not isinstance(obj, dict):
        rejects.append(_reject_row(uri, "json_not_object", f"expected a JSON object per article, got {type(obj).__name__}",
                                   json.dumps(obj, default=str)[:500]))
        return None
    try:
        meta = {k: _as_text(_first(obj, JSON_FIELDS[k]), k) for k in ("title", "url", "published", "publisher", "language", "section")}
        meta["authors"] = _authors(_first(obj, JSON_FIELDS["authors"]))
        text = _as_text(_first(obj, JSON_FIELDS["text"]), "text")
        html = _as_text(_first(obj, JSON_FIELDS["html"]), "html")
    except TypeError as exc:
        rejects.append(_reject_row(uri, "json_wrong_type", str(exc), json.dumps(obj, default=str)[:500]))
        return None
    if (not text or not text.strip()) and html:
        return (_html_record(uri, file_uri, html, meta, rejects) or [None])[0]
    if not text or not text.strip():
        rejects.append(_reject_row(uri, "missing_text", "no article text: none of the fields " + ", ".join(JSON_FIELDS["text"]) + " is present",
                                   json.dumps(obj, default=str, ensure_ascii=False)[:500]))
        return None
    return RawRecord(uri, file_uri, "json", text, meta)
