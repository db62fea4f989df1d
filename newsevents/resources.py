"""Where the shipped data files live, and the user's directory that extends them (NEWSEVENTS_DATA_DIR)."""

from __future__ import annotations

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
    """Rows of a tab-separated data file (lines starting with '#' are comments), the shipped file's first, then the
    user's (NEWSEVENTS_DATA_DIR) of the same name."""
    import csv

    rows: list[dict] = []
    for path in data_files(name, extra_dir):
        with path.open(encoding="utf-8") as fh:
            rows += csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
    return rows


# Columns a user's file must have (the loaders read them by name); the shipped files' other columns are optional.
REQUIRED_COLUMNS = {
    "actors.csv": ("name", "type", "country_iso3"),
    "country_aliases.csv": ("alias", "country_iso3"),
    "demonyms.csv": ("demonym", "country_iso3"),
    "event_types.csv": ("event_type", "cameo_code"),
    "places.csv": ("name", "type", "country_iso3", "latitude", "longitude"),
    "publishers.csv": ("publisher",),
    "triggers.csv": ("event_type", "priority", "pattern"),
}


class DataFileError(ValueError):
    """A user's data file (NEWSEVENTS_DATA_DIR) that the loaders cannot use; the message names file and line."""


def _rows(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        lines = [(n, line) for n, line in enumerate(fh, start=1) if not line.startswith("#")]
    reader = csv.DictReader(line for _, line in lines)
    rows = [(lines[reader.line_num - 1][0] if reader.line_num <= len(lines) else 0, row) for row in reader]
    return list(reader.fieldnames or []), rows


def check_data_dir(extra_dir: str) -> None:
    """Check the user's data files before a run: readable UTF-8, the columns the loaders need, triggers whose
    event type exists, priority is a whole number and pattern a valid regular expression. Raises DataFileError
    naming the file, the line and what to fix (instead of a KeyError deep inside a worker)."""
    import re

    if not Path(extra_dir).is_dir():
        raise DataFileError(f"no such folder: {extra_dir}")
    event_types: set[str] = set()
    for name in ("event_types.csv", *sorted(set(REQUIRED_COLUMNS) - {"event_types.csv"})):
        for path in data_files(name, extra_dir):
            try:
                columns, rows = _rows(path)
            except (OSError, UnicodeDecodeError) as exc:
                raise DataFileError(f"{path}: cannot be read as UTF-8 CSV ({exc})") from None
            if path.parent != DATA_DIR:
                missing = [c for c in REQUIRED_COLUMNS[name] if c not in columns]
                if missing:
                    raise DataFileError(
                        f"{path}: missing column(s) {', '.join(missing)} in the header line "
                        f"(it has: {', '.join(columns) or 'nothing'}; see newsevents/data/{name})"
                    )
            for line, row in rows:
                if name == "event_types.csv":
                    event_types.add((row.get("event_type") or "").strip())
                if name != "triggers.csv" or path.parent == DATA_DIR:
                    continue
                where = f"{path}, line {line}"
                if (row.get("event_type") or "").strip() not in event_types:
                    raise DataFileError(
                        f"{where}: unknown event type {row.get('event_type')!r} (add it to "
                        "event_types.csv or use one of newsevents/data/event_types.csv)"
                    )
                if not re.fullmatch(r"\s*-?\d+\s*", row.get("priority") or ""):
                    raise DataFileError(f"{where}: priority {row.get('priority')!r} should be a whole number")
                try:
                    re.compile(row.get("pattern") or "")
                except re.error as exc:
                    raise DataFileError(f"{where}: pattern is not a valid regular expression ({exc})") from None
