"""The one way a reject is made: every stage that turns something away builds a `Reject`, and `reject_frame`
turns a batch of them into `rejects` rows with the one id scheme (a hash of the run and every field, so the same
reject twice in a run is one row)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime

import polars as pl

from schemas.ddl import conform

STAGES = ("discover", "read", "parse", "extract", "validate", "load")
PREVIEW_CHARS = 500  # a payload that is a preview of the input (a file, a line)
ROW_PAYLOAD_CHARS = 20_000  # a payload that is a whole rejected row as JSON


@dataclass(frozen=True, slots=True)
class Reject:
    """Something not loaded, with a reason a user can read. payload: the rejected row as JSON, or a preview of
    the input; table_name: the table the row was meant for (None for a whole file)."""

    stage: str
    source_uri: str
    check_name: str
    reason: str
    payload: str | None = None
    table_name: str | None = None

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ValueError(f"unknown stage {self.stage!r}: one of {', '.join(STAGES)}")
        for name in ("source_uri", "reason", "payload"):  # text that Parquet and DuckDB can store
            value = getattr(self, name)
            if value is not None and value != valid_text(value):
                object.__setattr__(self, name, valid_text(value))

    def reject_id(self, run_id: str) -> str:
        parts = (run_id, self.stage, self.table_name, self.source_uri, self.check_name, self.payload)
        return "r_" + hashlib.sha256("\x1f".join("" if p is None else p for p in parts).encode()).hexdigest()[:16]

    def row(self, run_id: str, now: datetime) -> dict:
        return {"reject_id": self.reject_id(run_id), "run_id": run_id, **asdict(self), "rejected_at": now}


def valid_text(text: str) -> str:
    """text with every lone UTF-16 surrogate (a JSON "\\ud800", an undecodable file name) replaced by U+FFFD:
    such a string cannot be written as UTF-8 (Parquet, DuckDB); pairs become the character they encode."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def preview(text: str | None) -> str | None:
    return None if text is None else text[:PREVIEW_CHARS]


def reject_frame(rejects: list[Reject], run_id: str, now: datetime) -> pl.DataFrame:
    """The `rejects` rows of a batch, in the order given, one per distinct reject."""
    rows = [r.row(run_id, now) for r in rejects]
    df = conform(pl.DataFrame(rows, infer_schema_length=None), "rejects")
    return df.unique("reject_id", keep="first", maintain_order=True)
