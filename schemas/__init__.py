"""Table contracts (pandera models) and everything derived from them: DDL, Parquet schemas, docs."""

from schemas.tables import TABLES, WARNINGS  # noqa: F401
