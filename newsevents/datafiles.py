"""Reading data files that are lists of words or small tables (newsevents/data/ and NEWSEVENTS_DATA_DIR).

A list file holds one word (or phrase) a line; '#' lines are comments. A table file (.tsv) has a header line and
tab-separated columns. A user's file of the same name in NEWSEVENTS_DATA_DIR extends the shipped one: its words are
added; a line '-word' removes a shipped word; a table row replaces the shipped row with the same first column.
A file that cannot be read this way raises DataFileError naming the file and the line."""

from __future__ import annotations

import re
from pathlib import Path

from newsevents.resources import DataFileError, data_files


def _lines(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
    return [(n, line.rstrip("\r")) for n, line in enumerate(text.split("\n"), 1) if line.strip() and line[0] != "#"]


def read_words(name: str, data_dir: str | None = None) -> list[str]:
    """The words of a list file in file order: the shipped file's, then the user's additions; '-word' in the
    user's file removes a shipped word."""
    words: list[str] = []
    for path in data_files(name, data_dir):
        for _, line in _lines(path):
            word = line.strip()
            if word.startswith("-") and len(word) > 1 and word[1:] in words:
                words.remove(word[1:])
            elif word not in words:
                words.append(word)
    return words


def read_table(name: str, data_dir: str | None = None) -> list[dict[str, str]]:
    """The rows of a table file in file order, as dicts by header; a user's row replaces the shipped row with the
    same first column, '-key' removes it, other rows are added."""
    rows: dict[str, dict[str, str]] = {}
    for path in data_files(name, data_dir):
        lines = _lines(path)
        if not lines:
            continue
        header = lines[0][1].split("\t")
        for number, line in lines[1:]:
            cells = line.split("\t")
            if cells[0].startswith("-") and len(cells) == 1:
                rows.pop(cells[0][1:], None)
                continue
            if len(cells) > len(header) or not cells[0].strip():
                raise DataFileError(
                    f"{path}, line {number}: expected {len(header)} tab-separated columns "
                    f"({', '.join(header)}), found {len(cells)}"
                )
            row = dict(zip(header, [c.strip() for c in cells] + [""] * (len(header) - len(cells))))
            rows.pop(row[header[0]], None)  # a replaced row moves to where the user put it
            rows[row[header[0]]] = row
    return list(rows.values())


def flagged(rows: list[dict[str, str]], column: str, name: str) -> list[str]:
    """The first column of the rows whose `column` is 1, in file order (0 or empty: not flagged)."""
    out = []
    for row in rows:
        value = row.get(column, "")
        if value not in ("", "0", "1"):
            first = next(iter(row.values()))
            raise DataFileError(f"{name}: row {first!r}: column {column} should be 0 or 1, not {value!r}")
        if value == "1":
            out.append(next(iter(row.values())))
    return out


def alternation(words: list[str]) -> str:
    """A regular-expression alternation of literal words, tried in the order given."""
    return "|".join(re.escape(w) for w in words)


def unique(words: list[str]) -> list[str]:
    """The words without repeats, in first-seen order."""
    return list(dict.fromkeys(words))
