"""Where the shipped data files live, and the user's directory that extends them (NEWSEVENTS_DATA_DIR)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def data_files(name: str, extra_dir: str | None = None) -> list[Path]:
    """The shipped file first, then the user's file of the same name, whose rows extend or override it."""
    paths = [DATA_DIR / name]
    if extra_dir:
        user = Path(extra_dir) / name
        if user.is_file():
            paths.append(user)
    return paths


def tsv_rows(name: str, extra_dir: str | None = None) -> list[dict]:
    """Rows of a tab-separated data file, the shipped file's first, then the user's (NEWSEVENTS_DATA_DIR) of the same
    name."""
    return [row for path in data_files(name, extra_dir) for row in tsv_file_rows(path)]


def tsv_file_rows(path: Path) -> list[dict]:
    """Rows of one tab-separated file by its header (lines starting with '#' are comments)."""
    import csv

    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))


class DataFileError(ValueError):
    """A user's data file (NEWSEVENTS_DATA_DIR) that the loaders cannot use; the message names file and line."""


# --- what each data file must hold ------------------------------------------------------------------------------
# One spec per file the loaders read from NEWSEVENTS_DATA_DIR: the columns they read by name (in the header and in
# every row: a short row would hand them None), the values that must not be empty and a check per column. Every user
# file is checked at start (Settings), so a bad row stops the command naming the file and the line, before a run
# could lose the events of every article to it. tests/test_reliability.py checks the shipped files pass too.

ISO3 = re.compile(r"[A-Z]{3}")
CAMEO = re.compile(r"\d{2,4}")


def _iso3(value: str) -> str | None:
    return None if ISO3.fullmatch(value) else "should be a three-letter country code (ISO 3166 alpha-3) or empty"


def _cameo(value: str) -> str | None:
    if CAMEO.fullmatch(value) and 1 <= int(value[:2]) <= 20:
        return None
    return "should be a CAMEO code: 2 to 4 digits whose first two are a root from 01 to 20 (e.g. 190, 0874)"


def _verb_code(value: str) -> str | None:
    return None if value == "---" else _cameo(value) and f"{_cameo(value)}, or --- (no event by itself)"


def _number(lo: float, hi: float):
    def check(value: str) -> str | None:
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        return None if lo <= number <= hi else f"should be a number from {lo:g} to {hi:g}"

    return check


def _date(value: str) -> str | None:
    import datetime as dt

    try:
        if re.fullmatch(r"\d{4}", value):
            return None
        if re.fullmatch(r"\d{4}-\d{2}", value):
            dt.date(int(value[:4]), int(value[5:7]), 1)
            return None
        dt.date.fromisoformat(value[:10])
        return None
    except ValueError:
        return "should be a date: YYYY, YYYY-MM or YYYY-MM-DD"


def _flag(value: str) -> str | None:
    return None if value.lower() in ("0", "1", "true", "false", "yes", "no") else "should be 0 or 1"


def _one_of(*allowed: str):
    def check(value: str) -> str | None:
        return None if value in allowed else "should be one of " + ", ".join(allowed)

    return check


def _timezone(value: str) -> str | None:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(value)
        return None
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return "should be an IANA time zone such as Asia/Baku or UTC"


@dataclass(frozen=True)
class FileSpec:
    columns: tuple[str, ...]  # read by name: in the header, and present in every row
    filled: tuple[str, ...] = ()  # must not be empty
    checks: dict[str, Callable[[str], str | None]] = field(default_factory=dict)  # on non-empty values
    delimiter: str = ","


TABLE_FILES: dict[str, FileSpec] = {
    "actors.csv": FileSpec(
        ("name",), ("name",), {"country_iso3": _iso3, "start": _date, "end": _date}
    ),  # the documented format: name,aliases,kind,country_iso3,actor_type,cameo_code,role,start,end
    "actors_phoenix.csv": FileSpec(("name",), ("name",), {"country_iso3": _iso3, "start": _date, "end": _date}),
    "agents.csv": FileSpec(("noun",), ("noun",)),
    "demonyms_phoenix.csv": FileSpec(("demonym", "country_iso3"), ("demonym",), {"country_iso3": _iso3}),
    "country_aliases.csv": FileSpec(("alias", "country_iso3"), ("alias",), {"country_iso3": _iso3}),
    "demonyms.csv": FileSpec(("demonym", "country_iso3"), ("demonym",), {"country_iso3": _iso3}),
    "places.csv": FileSpec(
        ("name", "type", "country_iso3", "latitude", "longitude"),
        ("name", "type"),
        {
            "type": _one_of("GPE", "LOC"),
            "country_iso3": _iso3,
            "latitude": _number(-90, 90),
            "longitude": _number(-180, 180),
        },
    ),
    "publishers.csv": FileSpec(("publisher",), ("publisher",), {"timezone": _timezone, "country_iso3": _iso3}),
    "event_types.csv": FileSpec(
        ("event_type", "cameo_code"),
        ("event_type", "cameo_code"),
        {"cameo_code": _cameo, "governing": _flag, "victims": _flag, "symmetric": _flag},
    ),
    "event_verbs.tsv": FileSpec(("group", "lemma", "code"), ("lemma",), {"code": _verb_code}, "\t"),
    "cameo_verbs.tsv": FileSpec(("group", "lemma", "code"), ("lemma",), {"code": _verb_code}, "\t"),
    "cameo_patterns.tsv": FileSpec(
        ("group", "subject", "object", "prep", "prep_object", "code"), ("group",), {"code": _verb_code}, "\t"
    ),
    "cameo_synsets.tsv": FileSpec(("synset", "member"), ("synset", "member"), {}, "\t"),
    "event_patterns.tsv": FileSpec(
        ("group", "subject", "object", "prep", "prep_object", "code"), ("group",), {"code": _verb_code}, "\t"
    ),
    "event_synsets.tsv": FileSpec(("synset", "member"), ("synset", "member"), {}, "\t"),
    "event_nouns.tsv": FileSpec(
        ("lemma", "code"), ("lemma", "code"), {"code": _verb_code, "of_role": _one_of("actor", "target")}, "\t"
    ),
    "verb_forms.tsv": FileSpec(("lemma", "forms"), ("lemma", "forms"), {}, "\t"),
}
TEXT_FILES = ("place_stoplist.txt", "boilerplate.txt")
# Read by training only, never by a run: refused in NEWSEVENTS_DATA_DIR rather than accepted and ignored.
NOT_READ_BY_RUNS = {
    "triggers.csv": "the classifier's trigger features are copied into its model when it is trained "
    "(python -m newsevents.extract.pentacode train); a run never reads triggers.csv, so a copy here would "
    "change nothing: remove it (events come from event_verbs.tsv and event_nouns.tsv)",
}
# Longest a user's boilerplate pattern may take on a probe line at start, and on any body line at run time.
PATTERN_PROBE_SECONDS = 0.05
PATTERN_LINE_SECONDS = 0.1
PROBE_LINES = (
    "a" * 4000 + "!",
    "aaa bbb " * 500 + "!",
    "Aa1 " * 1000 + "\u00e9",
    "1, " * 1300 + "x",
    " " * 4000 + "!",
    "-" * 4000 + "x",
    ". " * 2000 + "a",
    "ab" * 2000 + "!",
)


def _decode(path: Path) -> str:
    """The file as UTF-8 text, or DataFileError naming the line of the first byte that is not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataFileError(
            f"{path}, line {line}: not UTF-8 (byte {data[exc.start]:#04x}); save the file as UTF-8"
        ) from None


def _rows(path: Path, delimiter: str = ",") -> tuple[list[str], list[tuple[int, dict]]]:
    """Header and (line number, row) of a data file as the loaders read it ('#' lines are comments)."""
    import csv

    lines = [(n, line) for n, line in enumerate(_decode(path).splitlines(keepends=True), start=1)]
    lines = [(n, line) for n, line in lines if not line.startswith("#")]
    reader = csv.DictReader((line for _, line in lines), delimiter=delimiter)
    try:
        rows = [(lines[reader.line_num - 1][0] if reader.line_num <= len(lines) else 0, row) for row in reader]
    except csv.Error as exc:
        line = lines[reader.line_num - 1][0] if 0 < reader.line_num <= len(lines) else 0
        raise DataFileError(f"{path}, line {line}: {exc}") from None
    return list(reader.fieldnames or []), rows


def check_table_file(path: Path, spec: FileSpec) -> None:
    """One CSV/TSV data file against its spec: DataFileError naming the file, the line and the value."""
    columns, rows = _rows(path, spec.delimiter)
    name = path.name
    missing = [c for c in spec.columns if c not in columns]
    if missing:
        sep = "tab" if spec.delimiter == "\t" else "comma"
        raise DataFileError(
            f"{path}: missing column(s) {', '.join(missing)} in the header line (it has: "
            f"{', '.join(c for c in columns if c) or 'nothing'}; {sep}-separated, see newsevents/data/{name})"
        )
    for line, row in rows:
        where = f"{path}, line {line}"
        if None in row:  # more fields than the header: an unquoted separator inside a value
            raise DataFileError(
                f"{where}: {len(columns) + len(row[None])} fields, the header has {len(columns)} "
                f"(quote a value that contains the separator)"
            )
        short = [c for c in spec.columns if row.get(c) is None]
        if short:
            raise DataFileError(
                f"{where}: the row stops before column {short[0]} ({len([v for v in row.values() if v is not None])} "
                f"of {len(columns)} fields)"
            )
        for column in spec.filled:
            if not (row.get(column) or "").strip():
                raise DataFileError(f"{where}: {column} is empty")
        for column, check in spec.checks.items():
            value = (row.get(column) or "").strip()
            problem = check(value) if value else None
            if problem:
                raise DataFileError(f"{where}: {column} {value[:80]!r} {problem}")


def check_stoplist(path: Path) -> None:
    _decode(path)


def boilerplate_lines(path: Path) -> list[tuple[int, str, str]]:
    """(line, kind, pattern) of a boilerplate file: 'FOOTER' or 'LINE', a tab, a regular expression."""
    out = []
    for n, raw in enumerate(_decode(path).splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        kind, tab, pattern = raw.partition("\t")
        out.append((n, kind.strip().upper() if tab else "", pattern.strip()))
    return out


def compile_user_pattern(pattern: str):
    """A user's boilerplate pattern, compiled by the `regex` module (Python's syntax), whose matches take a time
    limit (Python's re has none): a pattern that backtracks catastrophically on some line cannot hang a run."""
    import regex

    return regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)


def slow_probe(compiled) -> tuple[float, str] | None:
    """(seconds, probe) when the pattern takes more than PATTERN_PROBE_SECONDS to fullmatch one of the probe
    lines (catastrophic backtracking: nested or overlapping repeats such as (a+)+ or (\\w+\\s?)+$), else None."""
    import time

    for probe in PROBE_LINES:
        started = time.perf_counter()
        try:
            compiled.fullmatch(probe, timeout=PATTERN_PROBE_SECONDS)
        except TimeoutError:
            return time.perf_counter() - started, probe
    return None


def check_boilerplate(path: Path) -> None:
    import regex

    for line, kind, pattern in boilerplate_lines(path):
        where = f"{path}, line {line}"
        if kind not in ("FOOTER", "LINE"):
            raise DataFileError(f"{where}: should be FOOTER or LINE, a tab, then a regular expression")
        if not pattern:
            raise DataFileError(f"{where}: the pattern after the tab is empty")
        try:
            compiled = compile_user_pattern(pattern)
        except (regex.error, re.error) as exc:
            raise DataFileError(
                f"{where}: pattern {pattern[:80]!r} is not a valid regular expression ({exc})"
            ) from None
        slow = slow_probe(compiled)
        if slow:
            raise DataFileError(
                f"{where}: pattern {pattern[:80]!r} takes over {PATTERN_PROBE_SECONDS:g} s on a "
                f"{len(slow[1]):,}-character line (catastrophic backtracking: nested or overlapping repeats such "
                "as (a+)+ or (\\w+\\s?)+); simplify it"
            )


def check_data_dir(extra_dir: str) -> None:
    """Check every user data file before a run: readable UTF-8, the columns the loaders read, complete rows, the
    values they parse (CAMEO codes, coordinates, dates, time zones, 0/1 flags, country codes), and boilerplate
    patterns that compile and run in bounded time. Raises DataFileError naming the file, the line and what to
    fix, instead of an error deep inside every article's extraction."""
    folder = Path(extra_dir)
    if not folder.is_dir():
        raise DataFileError(f"no such folder: {extra_dir}")
    for name, why in NOT_READ_BY_RUNS.items():
        if (folder / name).is_file():
            raise DataFileError(f"{folder / name}: not used by a run: {why}")
    for name, spec in TABLE_FILES.items():
        if (folder / name).is_file():
            check_table_file(folder / name, spec)
    if (folder / "place_stoplist.txt").is_file():
        check_stoplist(folder / "place_stoplist.txt")
    if (folder / "boilerplate.txt").is_file():
        check_boilerplate(folder / "boilerplate.txt")
