"""What the command line prints: data from articles never reaches the terminal as control codes, and JSON is JSON.

Article text is kept as it was scraped, ESC sequences included (the warehouse stores what the page said). A
terminal obeys them: an article title or a file name could clear the screen, recolour or hide text, retitle the
window or write the clipboard (OSC 52). So every human-facing output (the `query` table and CSV, the run summary,
messages naming files and errors) shows control characters as escapes instead: `\\x1b` for ESC, `\\r`, `\\x9b`
for the 8-bit CSI, and `\\u202e` for the bidirectional overrides that reorder what is shown. Tab and newline
stay (they move the cursor only forward). `--format json` escapes them the JSON way (`\\u001b`) and writes
NaN and infinities, which JSON does not have, as null (as JavaScript's JSON.stringify does)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional marks, embeddings, overrides, isolates
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# what json.dumps(ensure_ascii=False) leaves raw: DEL, C1 and the bidirectional controls (C0 it escapes itself)
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    c = m.group(0)
    if c == "\r":
        return "\\r"
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"  # as Python's repr writes them


def printable(text: object) -> str:
    """str(text) with every control character a terminal would obey shown as an escape."""
    return _CONTROL.sub(_escape, text if isinstance(text, str) else str(text))


def cell(value: object) -> str:
    """One value of a query result as text for the table or the CSV: empty for NULL, control characters escaped."""
    return "" if value is None else printable(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def json_rows(columns: list[str], rows: list[tuple]) -> str:
    """The rows as a JSON array of objects: valid JSON (no NaN or Infinity), control characters escaped."""
    data = [dict(zip(columns, (_json_value(v) for v in r))) for r in rows]
    text = json.dumps(data, default=str, ensure_ascii=False, allow_nan=False, indent=2)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
