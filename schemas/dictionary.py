"""Generate the data dictionary (docs/data_dictionary.md) from the pandera models, the marts' SQL comments
and the event taxonomy. Run: python -m schemas.dictionary"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from newsevents.extract.taxonomy import load_taxonomy
from schemas.ddl import duckdb_type
from schemas.tables import TABLES, WARNINGS, EventsInContext
from schemas.validate import check_catalog
from warehouse.store import mart_view_name

DOCS = Path(__file__).resolve().parents[1] / "docs"
MARTS = Path(__file__).resolve().parents[1] / "warehouse" / "marts"


def _checks(model, column: str) -> str:
    out = []
    for info in check_catalog(model).values():
        if info.column == column and info.name not in ("not_null",):
            out.append(info.description.split(": ", 1)[-1])
    return "; ".join(out)


def render() -> str:
    lines = [
        "# Data dictionary",
        "",
        "Generated from the pandera models in `schemas/tables.py`, the marts in `warehouse/marts/` and the",
        "taxonomy in `newsevents/data/event_types.csv` by `python -m schemas.dictionary`. Do not edit by hand.",
        "",
        "Checks marked *error* quarantine the row into `rejects`; *warning* checks are counted in `dq_results`.",
        "",
    ]
    for table, (model, key) in TABLES.items():
        schema = model.to_schema()
        lines += [f"## `{table}`", "", " ".join(inspect.cleandoc(model.__doc__ or "").split()), ""]
        if key:
            lines += [f"Primary key: `{key}`.", ""]
        lines += ["| column | type | null | meaning | error checks |", "|---|---|---|---|---|"]
        for name, col in schema.columns.items():
            lines.append(
                f"| `{name}` | {duckdb_type(col.dtype.type)} | {'yes' if col.nullable else 'no'} | "
                f"{(col.description or '').replace('|', '/')} | {_checks(model, name).replace('|', '/')} |"
            )
        row_checks = [c for c in schema.checks]
        if row_checks:
            lines += ["", "Row checks (error): " + "; ".join(f"`{c.name}`: {c.error}" for c in row_checks) + "."]
        if table in WARNINGS:
            warn = WARNINGS[table].to_schema()
            lines += [
                "",
                "Warning checks: " + "; ".join(f"`{n}`: {c.description}" for n, c in warn.columns.items()) + ".",
            ]
        if table == "events":
            ctx = EventsInContext.to_schema().checks
            lines += [
                "",
                "Cross-table checks (error): "
                + "; ".join(f"`{c.name}`: {c.error}" for c in ctx)
                + "; `article_exists`: every event's article is loaded.",
            ]
        lines.append("")
    lines += [
        "## Internal tables",
        "",
        "Kept by the pipeline for itself, not for analysis: `article_fingerprints` (article_id, the MinHash "
        "signature of its body, so later runs find near-duplicates of loaded articles) and `schema_version` "
        "(a hash of the tables' and marts' definitions; when it differs the run brings the warehouse up to date, "
        "adding new columns).",
        "",
    ]
    lines += ["## Marts (views)", ""]
    for sql in sorted(MARTS.glob("*.sql")):
        text = sql.read_text(encoding="utf-8")
        name = mart_view_name(text)
        comment = " ".join(ln[2:].strip() for ln in text.splitlines() if ln.startswith("--"))
        lines += [f"### `{name}`", "", comment, ""]
    lines += [
        "## Event taxonomy",
        "",
        "| event_type | CAMEO | root | quad class | pentacode | PLOVER | ACLED event type | ACLED sub-event "
        "| meaning |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for t in load_taxonomy().types.values():
        plover = f"{t.plover_type}" + (f" ({t.plover_mode})" if t.plover_mode else "") if t.plover_type else ""
        lines.append(
            f"| `{t.event_type}` | {t.cameo_code} | {t.cameo_root} | {t.quad_class} | {t.pentacode} | {plover} | "
            f"{t.acled_event_type or ''} | {t.acled_sub_event_type or ''} | {t.description} |"
        )
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    (DOCS / "data_dictionary.md").write_text(render(), encoding="utf-8")
    print(f"wrote {DOCS / 'data_dictionary.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
