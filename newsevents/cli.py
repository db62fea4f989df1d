"""The `newsevents` command line: run the pipeline, query the warehouse."""

from __future__ import annotations

import csv
import io
import sys
from contextlib import contextmanager
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


@contextmanager
def reading_warehouse():
    """What every reader of the warehouse says instead of a traceback: missing (exit 2) or busy (exit 3)."""
    from warehouse.store import WarehouseBusy

    try:
        yield
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    except WarehouseBusy as exc:
        err.print(f"[red]busy:[/red] {exc}")
        raise typer.Exit(3)


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
    # --- scale-out (operations) ---
    dask_address: Optional[str] = typer.Option(None, "--dask-address", help="Run the batch tasks on an existing dask.distributed cluster (tcp://HOST:PORT)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Run the batch tasks on a local Dask cluster of N worker processes."),
) -> None:
    """Run the pipeline once and print a summary. Exits 1 when the run fails."""
    from newsevents.read.fs import as_url, exists as url_exists
    from newsevents.settings import Settings

    settings = Settings.from_env(source=source, lake=lake, warehouse=warehouse, full_refresh=full_refresh or None)
    source_url = as_url(settings.source)
    if not (url_exists(source_url) if source_url else Path(settings.source).exists()):
        err.print(f"[red]error:[/red] source not found: {settings.source}")
        raise typer.Exit(2)
    if (dask_address or workers) and no_prefect:
        err.print("[red]error:[/red] --dask-address/--workers run Prefect tasks on Dask: not with --no-prefect")
        raise typer.Exit(2)
    if dask_address and workers:
        err.print("[red]error:[/red] give --dask-address (an existing cluster) or --workers (a local one), not both")
        raise typer.Exit(2)
    from warehouse.store import WarehouseBusy

    try:
        if no_prefect:
            from newsevents.pipeline import run_pipeline

            summary = run_pipeline(settings).__dict__
        else:
            from flows.pipeline import run_flow

            summary = run_flow(settings, dask_address=dask_address, workers=workers)
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
    # Two short lines rather than a wide table: readable in an 80-column terminal and in CI logs.
    console.print(f"run {s['run_id']}: [bold]{s['status']}[/bold]", highlight=False)
    console.print(f"  files: {s['files_seen']} seen, {s['files_loaded']} loaded, {s['files_duplicate']} duplicate, "
                  f"{s['files_rejected']} rejected, {s['files_unchanged']} unchanged", highlight=False)
    console.print(f"  rows:  {s['articles']} articles, {s['events']} events, {s['rejects']} rejected rows",
                  highlight=False)
    if s.get("error"):
        console.print(f"[red]{s['error']}[/red]")
    warnings = [d for d in s.get("dq", []) if not d["passed"]]
    for d in warnings:
        console.print(f"  {d['severity']}: {d['table_name']}.{d['column_name'] or ''} {d['check_name']}: "
                      f"{d['failed_rows']}/{d['total_rows']} rows")
    console.print(f"warehouse: {warehouse}", highlight=False)
    console.print('  try: newsevents query "select * from canonical_events"', highlight=False)


# --- serve (operations) ---------------------------------------------------------------------------------------
SERVER_HELP = ("a cron schedule needs a running Prefect server. Start one, then point PREFECT_API_URL at it:\n"
               "  prefect server start --host 127.0.0.1 --port 4200\n"
               "  PREFECT_API_URL=http://127.0.0.1:4200/api newsevents serve --cron \"*/15 * * * *\"")


@app.command()
def serve(
    cron: str = typer.Option(..., "--cron", help='Cron schedule, e.g. "*/15 * * * *" (server time zone: UTC).'),
    source: Optional[str] = typer.Option(None, help="Folder, file or URL of raw articles [env NEWSEVENTS_SOURCE]."),
    lake: Optional[str] = typer.Option(None, help="Parquet lake folder or URL [env NEWSEVENTS_LAKE]."),
    warehouse: Optional[str] = typer.Option(None, help="DuckDB file [env NEWSEVENTS_WAREHOUSE]."),
    name: str = typer.Option("scheduled", "--name", help="Deployment name (the deployment is newsevents-pipeline/NAME)."),
) -> None:
    """Serve the pipeline as a Prefect deployment on a cron schedule (needs PREFECT_API_URL; runs until stopped)."""
    import os

    from newsevents.read.fs import as_url
    from newsevents.settings import Settings

    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.settings import get_current_settings  # PREFECT_API_URL from the environment or a Prefect profile

    api_url = get_current_settings().api.url
    if not api_url:
        err.print(f"[red]error:[/red] PREFECT_API_URL is not set: {SERVER_HELP}")
        raise typer.Exit(2)
    settings = Settings.from_env(source=source, lake=lake, warehouse=warehouse)
    absolute = lambda v: v if as_url(v) else str(Path(v).resolve())  # noqa: E731  (runs may start elsewhere)
    from dataclasses import replace

    settings = replace(settings, source=absolute(settings.source), lake=absolute(settings.lake),
                       warehouse=str(Path(settings.warehouse).resolve()))
    from flows.pipeline import FLOW_NAME, flow_parameters, serve_pipeline

    err.print(f"serving deployment {FLOW_NAME}/{name} on cron {cron!r} against {api_url}; "
              "Ctrl-C stops (and pauses the schedule)")
    try:
        serve_pipeline(name, cron, flow_parameters(settings))
    except ValueError as exc:  # a bad cron string
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)


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
    from warehouse.store import query as run_query, to_json_rows

    settings = Settings.from_env(warehouse=warehouse)
    try:
        with reading_warehouse():
            columns, rows = run_query(Path(settings.warehouse), sql)
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

    settings = Settings.from_env(warehouse=warehouse)
    try:
        with reading_warehouse():
            path = build_dashboard(Path(settings.warehouse), Path(out))
    except (duckdb.Error, OSError) as exc:
        err.print(f"[red]dashboard failed:[/red] {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        raise typer.Exit(1)
    sys.stdout.write(f"{path}\n")


if __name__ == "__main__":
    app()
