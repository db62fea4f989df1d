"""Lazy pandera validation that quarantines instead of failing: every failing row of a batch goes to `rejects`
with the check and a readable reason; warning models only count failures into `dq_results`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandera.polars as pa
import polars as pl

from schemas.rejects import ROW_PAYLOAD_CHARS, Reject
from schemas.tables import TABLES, WARNINGS


@dataclass(frozen=True)
class CheckInfo:
    name: str
    column: str | None
    description: str


@dataclass
class Validated:
    valid: pl.DataFrame
    rejects: list[Reject] = field(default_factory=list)
    dq: list[dict] = field(default_factory=list)


def check_catalog(model: type[pa.DataFrameModel]) -> dict[str, CheckInfo]:
    """Every check of a model, keyed by the label pandera writes in failure_cases['check']."""
    schema = model.to_schema()
    catalog: dict[str, CheckInfo] = {}
    for col_name, col in schema.columns.items():
        if not col.nullable:
            catalog[f"not_nullable:{col_name}"] = CheckInfo("not_null", col_name, f"{col_name} must not be null")
        if col.unique:
            catalog[f"field_uniqueness:{col_name}"] = CheckInfo("unique", col_name, f"{col_name} must be unique")
        for check in col.checks:
            catalog[f"{check.error}:{col_name}"] = CheckInfo(
                check.name or str(check.error), col_name, f"{col_name}: {check.error}"
            )
    for check in schema.checks:
        catalog[f"{check.error}:"] = CheckInfo(check.name or str(check.error), None, str(check.error))
    return catalog


def _label(check: str, column: str | None, context: str) -> str:
    return f"{check}:{column if context == 'Column' else ''}"


def _failures(model: type[pa.DataFrameModel], df: pl.DataFrame) -> pl.DataFrame | None:
    try:
        model.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return exc.failure_cases
    return None


def validate_table(
    df: pl.DataFrame,
    table: str,
    run_id: str,
    *,
    source_uris: pl.Series | None = None,
    context: pl.DataFrame | None = None,
    context_model: type[pa.DataFrameModel] | None = None,
) -> Validated:
    """Split df into rows that pass every error check and rejects (one per failing row, all its checks named).
    context: extra columns, row-aligned with df, for cross-table checks of context_model."""
    model, _ = TABLES[table]
    failures = [(model, _failures(model, df) if df.height else None)]  # empty: nothing can fail (dtypes conformed)
    if context_model is not None and context is not None and df.height:
        failures.append((context_model, _failures(context_model, pl.concat([df, context], how="horizontal"))))
    bad: dict[int, list[CheckInfo]] = {}
    dq_counts: dict[tuple, set[int]] = {}
    for mdl, fc in failures:
        catalog = check_catalog(mdl)
        for _key, info in catalog.items():
            dq_counts.setdefault((info.name, info.column, "error"), set())
        if fc is None:
            continue
        for row in fc.iter_rows(named=True):
            label = _label(row["check"], row["column"], row["schema_context"])
            info = catalog.get(label) or CheckInfo(str(row["check"]), row["column"], f"{row['column']}: {row['check']}")
            if row["index"] is None:
                # A schema-level failure (wrong dtype, missing column) makes every row unusable: a bug upstream.
                raise SchemaContractError(table, f"{info.description}: {row['failure_case']}")
            idx = int(row["index"])
            bad.setdefault(idx, []).append(info)
            dq_counts.setdefault((info.name, info.column, "error"), set()).add(idx)
    rejects = []
    if bad:
        rows = df.with_row_index("__row").filter(pl.col("__row").is_in(list(bad)))
        for row in rows.iter_rows(named=True):
            idx = row.pop("__row")
            infos = bad[idx]
            payload = json.dumps(row, default=str, ensure_ascii=False)
            uri = source_uris[idx] if source_uris is not None else row.get("source_uri", "")
            rejects.append(
                Reject(
                    "validate",
                    uri or "",
                    ",".join(sorted({i.name for i in infos})),
                    "; ".join(dict.fromkeys(i.description for i in infos)),
                    payload[:ROW_PAYLOAD_CHARS],
                    table,
                )
            )
    valid = df.with_row_index("__row").filter(~pl.col("__row").is_in(list(bad))).drop("__row") if bad else df
    dq = _dq_rows(run_id, table, dq_counts, df.height)
    if table in WARNINGS and valid.height:
        dq += warning_results(valid, table, run_id)
    return Validated(valid, rejects, dq)


def warning_results(df: pl.DataFrame, table: str, run_id: str) -> list[dict]:
    model = WARNINGS[table]
    catalog = check_catalog(model)
    counts: dict[tuple, set[int]] = {(i.name, i.column, "warning"): set() for i in catalog.values()}
    fc = _failures(model, df)
    if fc is not None:
        for row in fc.iter_rows(named=True):
            info = catalog.get(_label(row["check"], row["column"], row["schema_context"]))
            if info is not None and row["index"] is not None:
                counts[(info.name, info.column, "warning")].add(int(row["index"]))
    return _dq_rows(run_id, table, counts, df.height)


def _dq_rows(run_id: str, table: str, counts: dict[tuple, set[int]], total: int) -> list[dict]:
    """One dq_results row per (check, column, severity) of counts: the failed row indexes."""
    return [
        {
            "run_id": run_id,
            "table_name": table,
            "check_name": name,
            "column_name": column,
            "severity": sev,
            "failed_rows": len(rows),
            "total_rows": total,
            "passed": not rows,
        }
        for (name, column, sev), rows in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
    ]


class SchemaContractError(RuntimeError):
    def __init__(self, table: str, detail: str):
        super().__init__(f"batch for table '{table}' does not match its contract: {detail}")
