"""Extract stage: find input files and turn their bytes into raw article records.

Every file ends as records, a reject with a readable reason, or 'unchanged' (already loaded). Nothing is
dropped silently: an unsupported file type, an unreadable file or a bad JSON line is a reject."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsevents.read.decode import DecodeError, decode_lines, read_text_file, read_text_lines
from newsevents.read.fs import as_url, discover_url, is_url, read_bytes, size_of
from newsevents.read.html import extract_html
from schemas.rejects import Reject, preview, valid_text

TEXT_SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
}

# Field names scrapers use (news-please, newspaper, trafilatura, custom): first present wins.
JSON_FIELDS = {
    "text": ("text", "body", "content", "maintext", "article", "article_body", "articleBody", "raw_text"),
    "title": ("title", "headline", "name"),
    "url": ("url", "link", "canonical_url", "source_url"),
    "published": (
        "published",
        "date",
        "date_publish",
        "published_at",
        "publish_date",
        "datePublished",
        "pubDate",
        "time",
    ),
    "authors": ("authors", "author", "byline", "creator"),
    "publisher": ("source", "publisher", "site", "site_name", "source_domain", "sitename"),
    "language": ("language", "lang"),
    "section": ("section", "category", "categories"),
    "html": ("html", "raw_html"),
}


# Fewer words than this from an HTML page is navigation or an error page, not an article.
MIN_HTML_WORDS = 10
# trafilatura's time grows faster than the page (a 30 MB one-line page: 275 s): larger pages are rejected unparsed.
MAX_HTML_CHARS = 5_000_000
# Metadata fields that must be a web address when present (a javascript: or numeric url is dropped, not the article).
URL_FIELDS = ("url",)
WEB_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.I)


@dataclass(slots=True)
class InputFile:
    uri: str
    location: str | Path  # the local path; for a URL, a name that carries its suffixes
    size: int | None = None  # from the listing: with modified_ns, an unchanged file is skipped unread
    modified_ns: int | None = None
    # A part of a JSON Lines dump larger than a batch (newsevents.read.jsonl): its lines [first, end) at byte
    # offset; part (index, count); the whole file's sha256 (hashed once, when it was planned). None: whole file.
    lines: tuple[int, int, int] | None = None
    part: tuple[int, int] | None = None
    sha256: str | None = None
    gzip: bool = False
    articles: int = 1  # records it holds (at most; 1 for a file of one article): what batches count

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
    part: tuple[int, int] | None = None  # (index, count) when this is one part of a split JSON Lines file


def file_suffix(path: Path) -> str:
    """The suffix that says a file's format ('.jsonl' for x.jsonl.gz)."""
    return _suffix(path)


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def uri_of_path(path: str) -> str:
    """A path as text that Parquet and DuckDB can store: a file name that is not valid UTF-8 (its bytes come back
    from the OS as lone surrogates) is written with \\xNN escapes; the file is still read by its real path."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def not_regular(mode: int) -> str | None:
    """What a file of this st_mode is when it is not a regular file (a FIFO would block a read forever, a device
    such as /dev/zero never ends): such entries are never opened for reading."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return kind
    return "not a regular file"


def _not_regular_outcome(uri: str, kind: str) -> FileOutcome:
    return FileOutcome(
        uri,
        None,
        0,
        status="rejected",
        check="not_regular_file",
        reason=f"not a regular file ({kind}): skipped unread",
    )


def discover(source: str | Path) -> tuple[list[InputFile], list[FileOutcome]]:
    """All files under source (a folder or one file), sorted. Symlink loops, broken links, links that lead out
    of the source folder and unreadable entries come back as outcomes with a reason instead of raising. A URL
    (s3://, memory://, ...) is listed through fsspec (newsevents.read.fs)."""
    if is_url(source):  # fsspec URL: uri is the full URL, path only carries the name (for suffixes)
        return [InputFile(uri, Path(name)) for uri, name in discover_url(str(as_url(source)))], []
    root = Path(source)
    problems: list[FileOutcome] = []
    if not root.exists():
        raise FileNotFoundError(f"source not found: {source}")
    if not root.is_dir():
        st = root.stat()
        kind = not_regular(st.st_mode)
        if kind:
            return [], [_not_regular_outcome(uri_of_path(str(root)), kind)]
        return [InputFile(uri_of_path(str(root)), root, st.st_size, st.st_mtime_ns)], problems
    real_root = os.path.realpath(root)
    found: list[InputFile] = []
    folders = [str(root)]
    while folders:  # depth first, names sorted: the order os.walk gives, at a third of its cost
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as err:
            problems.append(
                FileOutcome(
                    uri_of_path(folder),
                    None,
                    0,
                    status="rejected",
                    check="unreadable",
                    reason=f"cannot list folder: {err.strerror}",
                )
            )
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
                problems.append(
                    FileOutcome(
                        uri_of_path(path),
                        None,
                        0,
                        status="rejected",
                        check="symlink_dir",
                        reason="symbolic link to a folder: not followed (could loop)",
                    )
                )
                continue
            if entry.is_symlink() and entry.is_file() and not _inside(os.path.realpath(entry.path), real_root):
                problems.append(
                    FileOutcome(
                        uri_of_path(path),
                        None,
                        0,
                        status="rejected",
                        check="symlink_outside",
                        reason="symbolic link to a file outside the source folder: not followed",
                    )
                )
                continue
            try:
                st = entry.stat()
            except OSError:  # broken link or loop: read_file says why
                found.append(InputFile(uri_of_path(path), path))
                continue
            kind = not_regular(st.st_mode)
            if kind:
                problems.append(_not_regular_outcome(uri_of_path(path), kind))
            else:
                found.append(InputFile(uri_of_path(path), path, st.st_size, st.st_mtime_ns))
        folders.extend(reversed(subfolders))
    return found, problems


def read_file(
    f: InputFile, known_sha: dict[str, str], max_bytes: int, max_html_chars: int = MAX_HTML_CHARS
) -> tuple[FileOutcome, list[RawRecord], list[Reject]]:
    """Bytes -> records for one file (or one part of a JSON Lines dump). known_sha maps uri -> sha256 of what is
    already loaded (incremental). Nothing in one file can fail the run: an error no check foresaw rejects this
    file alone (`read_error`)."""
    try:
        if f.lines is not None:
            return _read_part(f, max_bytes, max_html_chars)
        return _read_file(f, known_sha, max_bytes, max_html_chars)
    except Exception as exc:  # noqa: BLE001  (per-file isolation; the reason names the error)
        return _reject(
            f.uri,
            None,
            f.size or 0,
            "read_error",
            f"the file could not be read: {type(exc).__name__}: {str(exc)[:300]}",
        )


def _read_file(
    f: InputFile, known_sha: dict[str, str], max_bytes: int, max_html_chars: int
) -> tuple[FileOutcome, list[RawRecord], list[Reject]]:
    data = _file_bytes(f, max_bytes)
    if not isinstance(data, bytes):
        return data  # skipped or rejected before its content was read
    sha = hashlib.sha256(data).hexdigest()
    if known_sha.get(f.uri) == sha:
        return FileOutcome(f.uri, sha, len(data), status="unchanged"), [], []
    fmt = TEXT_SUFFIXES.get(_suffix(f.path))
    if fmt is None:
        return _reject(
            f.uri,
            sha,
            len(data),
            "unsupported_type",
            f"unsupported file type '{''.join(f.path.suffixes) or '(none)'}': "
            "expected .txt, .html, .htm, .json or .jsonl (optionally .gz)",
        )
    name = uri_of_path(f.path.name)
    lines: list[str | DecodeError] | None = None
    text = ""
    try:
        if _suffix(f.path) in (".jsonl", ".ndjson"):
            lines = read_text_lines(data, name, max_bytes)
        else:
            text = read_text_file(data, name, max_bytes).text
    except DecodeError as exc:
        return _reject(f.uri, sha, len(data), exc.check, exc.reason)
    outcome = FileOutcome(f.uri, sha, len(data))
    rejects: list[Reject] = []
    if lines is not None:
        records = _json_lines(f, lines, rejects, max_html_chars)
    elif fmt == "txt":
        records = [RawRecord(f.uri, f.uri, "txt", text)]
    elif fmt == "html":
        records = _html_record(f.uri, f.uri, text, {}, rejects, max_html_chars)
    else:
        records = _json_records(f, text, rejects, max_html_chars)
    outcome.records = len(records)
    if not records:
        outcome.status, outcome.check = "rejected", (rejects[0].check_name if rejects else "no_article")
        outcome.reason = rejects[0].reason if rejects else "no article found in the file"
        if not rejects:
            shown = text if lines is None else "\n".join(x for x in lines if isinstance(x, str))
            rejects.append(_reject_row(f.uri, outcome.check, outcome.reason, preview(shown)))
    return outcome, records, rejects


def _file_bytes(f: InputFile, max_bytes: int) -> bytes | tuple[FileOutcome, list[RawRecord], list[Reject]]:
    """The file's bytes, or the outcome of a file that is not read: not a regular file, too large, unreadable."""
    try:
        if is_url(f.uri):  # fsspec URL (s3://, memory://, ...)
            size, read = size_of(f.uri), (lambda: read_bytes(f.uri))
        else:
            if f.path.is_symlink() and not f.path.exists():
                raise OSError("broken symbolic link (or a link loop)")
            kind = not_regular(f.path.stat().st_mode)  # before opening: a FIFO would block, /dev/zero never end
            if kind:
                o = _not_regular_outcome(f.uri, kind)
                return o, [], [_reject_row(f.uri, "not_regular_file", o.reason or "", None)]
            size, read = f.path.stat().st_size, (lambda: read_regular(f.path, max_bytes))
        if size > max_bytes:
            return _reject(f.uri, None, size, "too_large", f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        data = read()
        if len(data) > max_bytes:  # it grew since it was listed
            return _reject(f.uri, None, len(data), "too_large", f"file is over the {max_bytes:,}-byte limit")
        return data
    except OSError as exc:
        return _reject(f.uri, None, 0, "unreadable", f"cannot read file: {exc.strerror or exc}")


def read_regular(path: Path, max_bytes: int = -1) -> bytes:
    """The bytes of a regular file, opened without blocking and checked again once open (the entry may have
    been replaced by a FIFO or a device since it was listed); never more than max_bytes + 1 bytes."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as fh:
        kind = not_regular(os.fstat(fd).st_mode)
        if kind:
            raise OSError(f"not a regular file ({kind})")
        return fh.read(max_bytes + 1 if max_bytes >= 0 else -1)


def _read_part(f: InputFile, max_bytes: int, max_html_chars: int) -> tuple[FileOutcome, list[RawRecord], list[Reject]]:
    """One part of a JSON Lines dump: only its lines are read and decoded (the run planned the parts and hashed
    the file). Its outcome carries the part, so the run records the file once, when its last part is in."""
    from newsevents.read.jsonl import read_part_lines

    assert f.lines is not None and f.sha256 is not None
    first, end, offset = f.lines
    outcome = FileOutcome(f.uri, f.sha256, f.size or 0, part=f.part)
    try:
        raw = read_part_lines(f.uri, f.path, first, end, offset, f.gzip, max_bytes)
    except (OSError, DecodeError) as exc:
        reason = exc.reason if isinstance(exc, DecodeError) else f"cannot read file: {exc.strerror or exc}"
        check = exc.check if isinstance(exc, DecodeError) else "unreadable"
        failed = _reject(f.uri, f.sha256, f.size or 0, check, reason)
        failed[0].part = f.part
        return failed
    lines = decode_lines(raw, uri_of_path(f.path.name), first + 1)
    if first == 0 and lines and isinstance(lines[0], str):
        lines[0] = lines[0].removeprefix("\ufeff")  # the BOM a whole-file read strips
    rejects: list[Reject] = []
    records = _json_lines(f, lines, rejects, max_html_chars, first + 1)
    outcome.records = len(records)
    return outcome, records, rejects


def _reject(uri, sha, size, check, reason):
    return (
        FileOutcome(uri, sha, size, status="rejected", check=check, reason=reason),
        [],
        [_reject_row(uri, check, reason, None)],
    )


def _reject_row(uri: str, check: str, reason: str, payload: str | None) -> Reject:
    return Reject("read", uri, check, reason, payload)


CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def word_count(text: str) -> int:
    """Words separated by spaces; Chinese and Japanese write none, so there two characters count as a word."""
    return max(len(text.split()), len(CJK.findall(text)) // 2)


def _html_record(
    uri: str, file_uri: str, html: str, meta: dict, rejects: list[Reject], max_html_chars: int = MAX_HTML_CHARS
) -> list[RawRecord]:
    if len(html) > max_html_chars:
        rejects.append(
            _reject_row(
                uri,
                "too_large",
                f"HTML page of {len(html):,} characters is over the limit of "
                f"{max_html_chars:,} (NEWSEVENTS_MAX_HTML_CHARS): not parsed",
                preview(html),
            )
        )
        return []
    page = extract_html(html, meta.get("url"))
    words = word_count(page.body) if page else 0
    if page is None or words < MIN_HTML_WORDS:
        detail = f"only {words} word{'s' if words != 1 else ''} of text" if words else "no text"
        depth = nesting_depth(html)
        if depth > PARSER_MAX_DEPTH:
            detail += (
                f"; its elements nest {depth:,} levels deep, beyond the {PARSER_MAX_DEPTH} levels the HTML "
                "parser reads, so text below that depth is not seen"
            )
        rejects.append(
            _reject_row(
                uri,
                "no_article",
                f"HTML page has no article: {detail} (empty, scripts only, or navigation only)",
                preview(html),
            )
        )
        return []
    found = {
        "title": page.title,
        "authors": page.authors,
        "published": page.published,
        "publisher": page.publisher,
        "url": _web_url(page.url),
        "language": page.language,
        "section": page.section,
        "credit": page.credit,
        "title_source": page.title_source,
        "published_source": page.published_source,
        "authors_source": page.authors_source,
    }
    merged = {**{k: v for k, v in found.items() if v}, **{k: v for k, v in meta.items() if v}}
    for name in ("title", "published", "authors"):  # a value the record states itself beats the page's
        if meta.get(name):
            merged[f"{name}_source"] = "metadata"
    return [RawRecord(uri, file_uri, "html", page.body, merged)]


# libxml2 (under lxml and trafilatura) stops descending at this depth: deeper text is dropped.
PARSER_MAX_DEPTH = 256
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(/?)>")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
    "p",
    "li",
    "option",
    "td",
    "tr",
    "th",
}  # void, or often left unclosed: not counted as nesting


def nesting_depth(html: str) -> int:
    """The deepest element nesting of a page, by a linear scan of its tags (only to explain a page with no text)."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(html):
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _web_url(value: str | None) -> str | None:
    return value if value and WEB_URL.fullmatch(value.strip()) else None


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
    if isinstance(value, (int, float)) and not isinstance(value, bool) and field_name not in ("text", "html"):
        return str(value)  # a title 2024, a numeric section or date: text as written
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


def _loads(text: str) -> object:
    """json.loads with the two inputs it cannot take as data: nesting deeper than Python's recursion limit
    (raised as a JSONDecodeError-like ValueError) and lone surrogate escapes ("\\ud800": replaced by U+FFFD)."""
    try:
        obj = json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply (more levels of [ ] or { } than any article has)") from None
    if "\\u" in text:
        obj = _without_lone_surrogates(obj)
    return obj


def _without_lone_surrogates(obj: object) -> object:
    """Strings of obj with lone surrogates replaced; iterative, so no depth json.loads accepts can overflow."""
    if isinstance(obj, str):
        return valid_text(obj)
    stack: list[Any] = [obj]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in list(items):
            if isinstance(value, str):
                node[key] = valid_text(value)
            elif isinstance(value, (dict, list)):
                stack.append(value)
            if isinstance(key, str) and key != valid_text(key):
                node[valid_text(key)] = node.pop(key)
    return obj


def _dump(obj: object) -> str:
    try:
        return json.dumps(obj, default=str, ensure_ascii=False)[:500]
    except (RecursionError, ValueError):
        return preview(repr(obj)) or ""


def _json_lines(
    f: InputFile, lines: list[str | DecodeError], rejects: list[Reject], max_html_chars: int, first: int = 1
) -> list[RawRecord]:
    """One record per line; a line that cannot be decoded or parsed is rejected alone, with its number (first:
    the number of the first of these lines in the file)."""
    records = []
    for n, line in enumerate(lines, start=first):
        uri = f"{f.uri}#line={n}"
        if isinstance(line, DecodeError):
            rejects.append(_reject_row(uri, line.check, f"line {n}: {line.reason}", None))
            continue
        if not line.strip():
            continue
        try:
            obj = _loads(line)
        except json.JSONDecodeError as exc:
            rejects.append(
                _reject_row(
                    uri, "malformed_json", f"line {n} is not valid JSON: {exc.msg} at column {exc.colno}", preview(line)
                )
            )
            continue
        except ValueError as exc:
            rejects.append(_reject_row(uri, "malformed_json", f"line {n} is not usable JSON: {exc}", preview(line)))
            continue
        record = _json_record(uri, f.uri, obj, rejects, max_html_chars)
        if record is not None:
            records.append(record)
    return records


def _json_records(f: InputFile, text: str, rejects: list[Reject], max_html_chars: int) -> list[RawRecord]:
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        rejects.append(
            _reject_row(
                f.uri,
                "malformed_json",
                f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
                preview(text),
            )
        )
        return []
    except ValueError as exc:
        rejects.append(_reject_row(f.uri, "malformed_json", f"not usable JSON: {exc}", preview(text)))
        return []
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    items = [(f"{f.uri}#item={i}", obj) for i, obj in enumerate(data)] if isinstance(data, list) else [(f.uri, data)]
    records = []
    for uri, obj in items:
        record = _json_record(uri, f.uri, obj, rejects, max_html_chars)
        if record is not None:
            records.append(record)
    return records


def _json_record(uri: str, file_uri: str, obj, rejects: list[Reject], max_html_chars: int) -> RawRecord | None:
    if not isinstance(obj, dict):
        rejects.append(
            _reject_row(
                uri, "json_not_object", f"expected a JSON object per article, got {type(obj).__name__}", _dump(obj)
            )
        )
        return None
    try:
        text = _as_text(_first(obj, JSON_FIELDS["text"]), "text")
        html = _as_text(_first(obj, JSON_FIELDS["html"]), "html")
    except TypeError as exc:
        rejects.append(_reject_row(uri, "json_wrong_type", str(exc), _dump(obj)))
        return None
    meta = _json_meta(uri, obj, rejects)
    if (not text or not text.strip()) and html:
        records = _html_record(uri, file_uri, html, meta, rejects, max_html_chars)
        return records[0] if records else None
    if not text or not text.strip():
        rejects.append(
            _reject_row(
                uri,
                "missing_text",
                "no article text: none of the fields " + ", ".join(JSON_FIELDS["text"]) + " is present",
                _dump(obj),
            )
        )
        return None
    return RawRecord(uri, file_uri, "json", text, meta)


def _json_meta(uri: str, obj: dict, rejects: list[Reject]) -> dict:
    """The metadata fields of a JSON article. A field of the wrong kind (a list for a title, a url that is not a
    web address) is left out and recorded as a reject of its own (`bad_field`): the article is kept."""
    meta: dict = {}
    for key in ("title", "url", "published", "publisher", "language", "section", "authors"):
        value = _first(obj, JSON_FIELDS[key])
        try:
            meta[key] = _authors(value) if key == "authors" else _as_text(value, key)
        except TypeError as exc:
            problem = str(exc)
        else:
            if key not in URL_FIELDS or meta[key] is None or _web_url(meta[key]):
                continue
            problem = f"field '{key}' should be a web address (http:// or https://), got {meta[key][:80]!r}"
        meta[key] = [] if key == "authors" else None
        rejects.append(
            Reject("read", uri, "bad_field", f"{problem}: field left empty, article kept", _dump({key: value}))
        )
    return meta
