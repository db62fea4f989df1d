"""The `newsevents` command line: run the pipeline, query the warehouse."""

from __future__ import annotations

import csv
import io
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="newsevents: raw news articles -> validated articles and events (Parquet lake + DuckDB).")
console = Console()
err = Console(stderr=True)


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def run(
    source: Optional[str] = typer.Option(None, help="Folder or file of raw articles [env NEWSEVENTS_SOURCE; default seeds/]."),
    lake: Optional[str] = typer.Option(None, help="Parquet lake folder [env NEWSEVENTS_LAKE; default data/lake/]."),
    warehouse: Optional[str] = typer.Option(None, help="DuckDB file [env NEWSEVENTS_WAREHOUSE; default data/warehouse.duckdb]."),
    full_refresh: bool = typer.Option(False, "--full-refresh", help="Rebuild the lake and warehouse from all inputs."),
    no_prefect: bool = typer.Option(False, "--no-prefect", help="Run the same stages without Prefect (no server start-up)."),
) -> None:
    """Run the pipeline once and print a summary. Exits 1 when the run fails."""
    from newsevents.settings import Settings

    settings = Settings.from_env(source=source, lake=lake, warehouse=warehouse, full_refresh=full_refresh or None)
    if not Path(settings.source).exists():
        err.print(f"[red]error:[/red] source not found: {settings.source}")
        raise typer.Exit(2)
    from warehouse.store import WarehouseBusy

    try:
        if no_prefect:
            from newsevents.pipeline import run_pipeline

            summary = run_pipeline(settings).__dict__
        else:
            from flows.pipeline import newsevents_pipeline

            summary = newsevents_pipeline(source=settings.source, lake=settings.lake, warehouse=settings.warehouse,
                                          full_refresh=settings.full_refresh, batch_size=settings.batch_size)
    except WarehouseBusy as exc:
        err.print(f"[red]busy:[/red] {exc}")
        raise typer.Exit(3)
    except Exception as exc:  # the run is recorded as failed in the warehouse; say why without a traceback
        err.print(f"[red]run failed:[/red] {type(exc).__name__}: {exc}")
        raise typer.Exit(1)
    _print_summary(summary, settings.warehouse)
    if summary["status"] != "succeeded":
        raise typer.Exit(1)


def _print_summary(s: dict, warehouse: str) -> None:
    table = Table(title=f"run {s['run_id']}: {s['status']}", show_header=True)
    for col in ("files seen", "loaded", "duplicate", "rejected", "unchanged", "articles", "events", "rejected rows"):
        table.add_column(col, justify="right")
    table.add_row(*(str(s[k]) for k in ("files_seen", "files_loaded", "files_duplicate", "files_rejected",
                                        "files_unchanged", "articles", "events", "rejects")))
    console.print(table)
    if s.get("error"):
        console.print(f"[red]{s['error']}[/red]")
    warnings = [d for d in s.get("dq", []) if not d["passed"]]
    for d in warnings:
        console.print(f"  {d['severity']}: {d['table_name']}.{d['column_name'] or ''} {d['check_name']}: "
                      f"{d['failed_rows']}/{d['total_rows']} rows")
    console.print(f"warehouse: {warehouse}  (try: newsevents query \"select * from canonical_events\")")


@app.command()
def query(
    sql: str = typer.Argument(..., help="SQL to run (read-only)."),
    warehouse: Optional[str] = typer.Option(None, help="DuckDB file [env NEWSEVENTS_WAREHOUSE]."),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
    limit: int = typer.Option(200, help="Rows shown in table format."),
) -> None:
    """Run ad-hoc SQL on the warehouse, read-only (writes are refused)."""
    import duckdb

    from newsevents.settings import Settings
    from warehouse.store import WarehouseBusy, query as run_query, to_json_rows

    settings = Settings.from_env(warehouse=warehouse)
    try:
        columns, rows = run_query(Path(settings.warehouse), sql)
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    except WarehouseBusy as exc:
        err.print(f"[red]busy:[/red] {exc}")
        raise typer.Exit(3)
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        if "read-only" in message.lower() or "read only" in message.lower():
            message = "the warehouse is opened read-only by `query`: writes (INSERT, DROP, ...) are refused. " + message
        err.print(f"[red]query error:[/red] {message}")
        raise typer.Exit(1)
    if format is OutputFormat.json:
        sys.stdout.write(to_json_rows(columns, rows) + "\n")
    elif format is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        writer.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        table = Table(show_header=True)
        for c in columns:
            table.add_column(c, overflow="fold")
        for row in rows[:limit]:
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)
        if len(rows) > limit:
            console.print(f"({len(rows)} rows, {limit} shown; use --format csv for all)")


@app.command()
def dashboard(
    out: str = typer.Option("data/dashboard.html", "--out", help="HTML file to write."),
    warehouse: Optional[str] = typer.Option(None, help="DuckDB file (env NEWSEVENTS_WAREHOUSE; default data/warehouse.duckdb)."),
) -> None:
    """Write a self-contained HTML dashboard of the warehouse (opened read-only; no network needed to view it)."""
    import duckdb

    from newsevents.dashboard import build_dashboard
    from newsevents.settings import Settings
    from warehouse.store import WarehouseBusy

    settings = Settings.from_env(warehouse=warehouse)
    try:
        path = build_dashboard(Path(settings.warehouse), Path(out))
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    except WarehouseBusy as exc:
        err.print(f"[red]busy:[/red] {exc}")
        raise typer.Exit(3)
    except (duckdb.Error, OSError) as exc:
        err.print(f"[red]dashboard failed:[/red] {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        raise typer.Exit(1)
    sys.stdout.write(f"{path}\n")


if __name__ == "__main__":
    app()
