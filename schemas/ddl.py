"""Derive DuckDB DDL and polars/Arrow schemas from the pandera models, so each table is defined once."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from schemas.tables import TABLES

_DUCKDB_TYPES = {
    pl.String: "VARCHAR",
    pl.Int64: "BIGINT",
    pl.Int32: "INTEGER",
    pl.Float64: "DOUBLE",
    pl.Boolean: "BOOLEAN",
    pl.Date: "DATE",
}


def polars_schema(table: str) -> dict[str, pl.DataType]:
    model, _ = TABLES[table]
    return {name: col.dtype.type for name, col in model.to_schema().columns.items()}


def duckdb_type(dtype: object) -> str:  # a polars DataType instance or class
    if isinstance(dtype, pl.Datetime):
        return "TIMESTAMPTZ" if dtype.time_zone else "TIMESTAMP"
    if isinstance(dtype, pl.List):
        return duckdb_type(dtype.inner) + "[]"
    for base, sql in _DUCKDB_TYPES.items():
        if dtype == base:
            return sql
    raise TypeError(f"no DuckDB type for {dtype}")


def create_table_sql(table: str) -> str:
    model, key = TABLES[table]
    columns = model.to_schema().columns
    lines = []
    for name, col in columns.items():
        sql = f'    "{name}" {duckdb_type(col.dtype.type)}'
        if not col.nullable:
            sql += " NOT NULL"
        if name == key:
            sql += " PRIMARY KEY"
        lines.append(sql)
    return f"CREATE TABLE IF NOT EXISTS {table} (\n" + ",\n".join(lines) + "\n)"


def add_missing_columns_sql(table: str, existing: set[str]) -> list[str]:
    """ALTER statements that bring a table created by an older version up to the model. New columns are
    nullable; loads go by column name (store.insert_parts_sql), so a new column may sit anywhere in the model."""
    model, _ = TABLES[table]
    return [
        f'ALTER TABLE {table} ADD COLUMN "{name}" {duckdb_type(col.dtype.type)}'
        for name, col in model.to_schema().columns.items()
        if name not in existing and col.nullable
    ]


def comment_sql(table: str) -> list[str]:
    model, _ = TABLES[table]
    out = []
    doc = (model.__doc__ or "").strip().replace("'", "''")
    if doc:
        out.append(f"COMMENT ON TABLE {table} IS '{doc}'")
    for name, col in model.to_schema().columns.items():
        if col.description:
            out.append(f"COMMENT ON COLUMN {table}.\"{name}\" IS '{col.description.replace(chr(39), chr(39) * 2)}'")
    return out


def empty_frame(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=polars_schema(table))


class MissingColumns(ValueError):
    """A frame bound for a table lacks some of the model's columns (a row builder forgot them)."""


def conform(df: pl.DataFrame, table: str, optional: Iterable[str] = ()) -> pl.DataFrame:
    """Columns in contract order and dtypes. A model column missing from a non-empty frame is an error (a row
    builder that forgot a column must not load nulls silently) unless it is named in `optional`, then nulls."""
    schema = polars_schema(table)
    if not (df.height or df.columns):
        return empty_frame(table)
    missing = [name for name in schema if name not in df.columns and name not in optional]
    if missing:
        raise MissingColumns(f"{table}: rows lack the column(s) {', '.join(missing)} of the model")
    return df.select(
        pl.col(name).cast(dtype, strict=False) if name in df.columns else pl.lit(None, dtype=dtype).alias(name)
        for name, dtype in schema.items()
    )
