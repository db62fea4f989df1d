"""The `newsevents` command line: run the pipeline, query the warehouse."""

from __future__ import annotations

import csv
import io
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsevents.display import cell, json_rows, printable

if TYPE_CHECKING:
    from newsevents.settings import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="newsevents: raw news articles -> validated articles and events (Parquet lake + DuckDB).",
)
# Data and paths are printed literally: no markup ('[/caption]' in a title), no emoji codes ('root:x:0'), and
# control characters escaped (newsevents.display: a title's ESC sequence is shown as \x1b, never obeyed).
console = Console(emoji=False, highlight=False)
err = Console(stderr=True, emoji=False, highlight=False)


def say(out: Console, label: str, message: object, style: str = "red") -> None:
    """'label: message' with only the label styled; the message (paths, errors, data) is never read as markup and
    its control characters are escaped."""
    out.print(Text.assemble((f"{label}:", style), " ", printable(message)) if label else Text(printable(message)))


def load_settings(**overrides) -> Settings:
    """Settings from the environment and options, checked at start: a bad value exits 2 naming the variable."""
    from newsevents.settings import Settings, SettingsError

    try:
        return Settings.from_env(**overrides)
    except SettingsError as exc:
        say(err, "error", f"{exc}. See the settings table in README.md.")
        raise typer.Exit(2) from None


class Stopped(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so the run unwinds like Ctrl-C (rollback, workers stopped)."""


_TERMINATED: list[int] = []  # the signal received; DuckDB turns the exception into "Query interrupted"


@contextmanager
def stopped_cleanly(what: str) -> Iterator[None]:
    """SIGTERM handled like Ctrl-C: stop the worker processes and any temporary Prefect server this process
    started, leave the warehouse as it was (the load is one transaction), say so, exit 143 (SIGTERM) or 130."""

    def on_term(signum, _frame):
        _TERMINATED.append(signum)
        raise Stopped(f"signal {signal.Signals(signum).name}")

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    except KeyboardInterrupt as exc:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the clean-up short
        stopped = _stop_children()
        by = "SIGTERM" if isinstance(exc, Stopped) else "Ctrl-C"
        say(
            err,
            "stopped",
            f"{what} stopped by {by}: {stopped}; the warehouse is unchanged by this run (its load is "
            "one transaction) and the next run starts clean.",
            style="yellow",
        )
        raise typer.Exit(143 if isinstance(exc, Stopped) else 130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop_children() -> str:
    """Stop what this process started: the worker pool and a temporary Prefect server."""
    from newsevents.process import stop_workers

    parts = [f"{stop_workers()} worker process(es) stopped"]
    if "prefect.server.api.server" in sys.modules:
        from prefect.server.api.server import SubprocessASGIServer

        servers = [s for s in list(SubprocessASGIServer._instances.values()) if s.server_process is not None]
        for server in servers:
            server.stop()
        if servers:
            parts.append("temporary Prefect server stopped")
    return ", ".join(parts)


@contextmanager
def reading_warehouse():
    """What every reader of the warehouse says instead of a traceback: missing (exit 2) or busy (exit 3)."""
    from warehouse.store import WarehouseBusy

    try:
        yield
    except FileNotFoundError as exc:
        say(err, "error", exc)
        raise typer.Exit(2) from None
    except WarehouseBusy as exc:
        say(err, "busy", exc)
        raise typer.Exit(3) from None


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def run(
    source: str | None = typer.Option(
        None, help="Folder or file of raw articles [env NEWSEVENTS_SOURCE; default seeds/]."
    ),
    lake: str | None = typer.Option(None, help="Parquet lake folder [env NEWSEVENTS_LAKE; default data/lake/]."),
    warehouse: str | None = typer.Option(
        None, help="DuckDB file [env NEWSEVENTS_WAREHOUSE; default data/warehouse.duckdb]."
    ),
    full_refresh: bool = typer.Option(False, "--full-refresh", help="Rebuild the lake and warehouse from all inputs."),
    no_prefect: bool = typer.Option(
        False, "--no-prefect", help="Run the same stages without Prefect (no server start-up)."
    ),
    # --- scale-out (operations) ---
    dask_address: str | None = typer.Option(
        None, "--dask-address", help="Run the batch tasks on an existing dask.distributed cluster (tcp://HOST:PORT)."
    ),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="Run the batch tasks on a local Dask cluster of N worker processes."
    ),
) -> None:
    """Run the pipeline once and print a summary. Exits 1 when the run fails."""
    from newsevents.read.fs import as_url
    from newsevents.read.fs import exists as url_exists

    settings = load_settings(source=source, lake=lake, warehouse=warehouse, full_refresh=full_refresh or None)
    source_url = as_url(settings.source)
    if not (url_exists(source_url) if source_url else Path(settings.source).exists()):
        say(err, "error", f"source not found: {settings.source}")
        raise typer.Exit(2) from None
    if (dask_address or workers) and no_prefect:
        say(err, "error", "--dask-address/--workers run Prefect tasks on Dask: not with --no-prefect")
        raise typer.Exit(2) from None
    if dask_address and workers:
        say(err, "error", "give --dask-address (an existing cluster) or --workers (a local one), not both")
        raise typer.Exit(2) from None
    from warehouse.lake import LakeBusy, NotOurs
    from warehouse.store import WarehouseBusy, writer_lock

    with stopped_cleanly("the run"):
        try:
            # The lock is taken here and held to the end of the run (the run takes it again in this process): a
            # second run started a moment later is told "busy" before Prefect starts, never by a traceback.
            with writer_lock(Path(settings.warehouse)):
                from newsevents.pipeline import preflight, run_pipeline

                preflight(settings)  # a lake or warehouse path that is not the pipeline's: exit 2, nothing changed
                if dask_address:
                    _check_dask_scheduler(dask_address)
                if no_prefect:
                    summary = run_pipeline(settings).__dict__
                else:
                    from flows.pipeline import run_flow

                    summary = run_flow(settings, dask_address=dask_address, workers=workers)
        except (WarehouseBusy, LakeBusy) as exc:
            say(err, "busy", exc)
            raise typer.Exit(3) from None
        except (NotOurs, Unreachable) as exc:
            say(err, "error", exc)
            raise typer.Exit(2) from None
        except Exception as exc:  # the run is recorded as failed in the warehouse; say why without a traceback
            if _TERMINATED:  # SIGTERM while DuckDB or Polars ran: they report it as their own error
                raise Stopped(str(exc)) from exc
            say(err, "run failed", f"{type(exc).__name__}: {exc}")
            raise typer.Exit(1) from None
    _print_summary(summary, settings.warehouse)
    if summary["status"] != "succeeded":
        raise typer.Exit(1) from None


class Unreachable(RuntimeError):
    """A service the command needs (a Dask scheduler, the Prefect API) does not answer."""


def _check_dask_scheduler(address: str, timeout: float = 5.0) -> None:
    """Unreachable unless something listens at the scheduler's address (tcp:// or tls://): a cluster that is down
    is said in one line before Prefect starts, instead of a 30 s wait and two tracebacks."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme not in ("tcp", "tls") or not parts.hostname:
        return  # other transports (ucx, inproc) are left to distributed
    try:
        with socket.create_connection((parts.hostname, parts.port or 8786), timeout=timeout):
            pass
    except OSError as exc:
        raise Unreachable(
            f"no Dask scheduler answers at {address} ({exc.strerror or exc}): start the cluster "
            "(dask scheduler, dask worker) or leave out --dask-address"
        ) from None


def _check_prefect_api(api_url: str, timeout: float = 5.0) -> None:
    """Unreachable unless the Prefect API answers its health check: a server that is down or a wrong
    PREFECT_API_URL is one line, not Prefect's retries and tracebacks."""
    import httpx

    try:
        response = httpx.get(api_url.rstrip("/") + "/health", timeout=timeout)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise Unreachable(f"the Prefect API at {api_url} does not answer ({exc}): {SERVER_HELP}") from None


def _print_summary(s: dict, warehouse: str) -> None:
    # Two short lines rather than a wide table: readable in an 80-column terminal and in CI logs.
    console.print(Text.assemble(f"run {printable(s['run_id'])}: ", (printable(s["status"]), "bold")))
    console.print(
        Text(
            f"  files: {s['files_seen']} seen, {s['files_loaded']} loaded, "
            f"{s['files_duplicate']} duplicate, "
            f"{s['files_rejected']} rejected, {s['files_unchanged']} unchanged"
        )
    )
    console.print(Text(f"  rows:  {s['articles']} articles, {s['events']} events, {s['rejects']} rejected rows"))
    if s.get("error"):
        console.print(Text(printable(s["error"]), style="red"))
    for warning in s.get("warnings", []):
        console.print(Text(f"  warning: {printable(warning)}", style="yellow"))
    warnings = [d for d in s.get("dq", []) if not d["passed"]]
    for d in warnings:
        console.print(
            Text(
                printable(
                    f"  {d['severity']}: {d['table_name']}.{d['column_name'] or ''} {d['check_name']}: "
                    f"{d['failed_rows']}/{d['total_rows']} rows"
                )
            )
        )
    console.print(Text(f"warehouse: {printable(warehouse)}"))
    console.print(Text('  try: newsevents query "select * from canonical_events"'))


# --- serve (operations) ---------------------------------------------------------------------------------------
SERVER_HELP = (
    "a cron schedule needs a running Prefect server. Start one, then point PREFECT_API_URL at it:\n"
    "  prefect server start --host 127.0.0.1 --port 4200\n"
    '  PREFECT_API_URL=http://127.0.0.1:4200/api newsevents serve --cron "*/15 * * * *"'
)


@app.command()
def serve(
    cron: str = typer.Option(..., "--cron", help='Cron schedule, e.g. "*/15 * * * *" (server time zone: UTC).'),
    source: str | None = typer.Option(None, help="Folder, file or URL of raw articles [env NEWSEVENTS_SOURCE]."),
    lake: str | None = typer.Option(None, help="Parquet lake folder or URL [env NEWSEVENTS_LAKE]."),
    warehouse: str | None = typer.Option(None, help="DuckDB file [env NEWSEVENTS_WAREHOUSE]."),
    name: str = typer.Option(
        "scheduled", "--name", help="Deployment name (the deployment is newsevents-pipeline/NAME)."
    ),
) -> None:
    """Serve the pipeline as a Prefect deployment on a cron schedule (needs PREFECT_API_URL; runs until stopped)."""
    import os

    from newsevents.read.fs import as_url

    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.settings import get_current_settings  # PREFECT_API_URL from the environment or a Prefect profile

    api_url = get_current_settings().api.url
    if not api_url:
        say(err, "error", f"PREFECT_API_URL is not set: {SERVER_HELP}")
        raise typer.Exit(2) from None
    try:
        _check_prefect_api(api_url)
    except Unreachable as exc:
        say(err, "error", exc)
        raise typer.Exit(2) from None
    settings = load_settings(source=source, lake=lake, warehouse=warehouse)
    absolute = lambda v: v if as_url(v) else str(Path(v).resolve())  # noqa: E731  (runs may start elsewhere)
    from dataclasses import replace

    settings = replace(
        settings,
        source=absolute(settings.source),
        lake=absolute(settings.lake),
        warehouse=str(Path(settings.warehouse).resolve()),
    )
    from flows.pipeline import FLOW_NAME, flow_parameters, serve_pipeline

    say(
        err,
        "",
        f"serving deployment {FLOW_NAME}/{name} on cron {cron!r} against {api_url}; "
        "Ctrl-C stops (and pauses the schedule)",
    )
    try:
        serve_pipeline(name, cron, flow_parameters(settings))
    except ValueError as exc:  # a bad cron string
        say(err, "error", exc)
        raise typer.Exit(2) from None


@app.command()
def query(
    sql: str = typer.Argument(..., help="One SELECT to run (read-only, sandboxed)."),
    warehouse: str | None = typer.Option(None, help="DuckDB file [env NEWSEVENTS_WAREHOUSE]."),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json."),
    limit: int | None = typer.Option(
        None,
        min=1,
        help="Rows returned (applied in DuckDB) [default: 200 in table "
        "format; NEWSEVENTS_QUERY_MAX_ROWS in csv and json].",
    ),
) -> None:
    """Run one SELECT on the warehouse in a sandbox: a child process with the file read-only, no file or network
    access, no temporary files, a memory limit (NEWSEVENTS_QUERY_MEMORY_LIMIT), a time limit
    (NEWSEVENTS_QUERY_TIMEOUT_SECONDS) and a row limit; Ctrl-C stops it. Control characters in the data are
    printed escaped."""
    import duckdb

    from warehouse.store import QueryRefused, QueryStopped
    from warehouse.store import query as run_query

    settings = load_settings(warehouse=warehouse)
    wanted = limit or (200 if format is OutputFormat.table else settings.query_max_rows)
    wanted = min(wanted, settings.query_max_rows)
    try:
        with reading_warehouse():
            columns, rows = run_query(
                Path(settings.warehouse),
                sql,
                wanted + 1,
                settings.query_timeout_seconds,
                settings.query_memory_limit,
            )
    except QueryStopped as exc:
        say(err, "query", exc, style="yellow")
        raise typer.Exit(1) from None
    except QueryRefused as exc:
        say(err, "query refused", exc)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        say(err, "query stopped", "Ctrl-C", style="yellow")
        raise typer.Exit(130) from None
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        if "read-only" in message.lower() or "read only" in message.lower() or "permission" in message.lower():
            message = (
                "`query` runs one SELECT on the warehouse opened read-only, without file or network access. " + message
            )
        say(err, "query error", message)
        raise typer.Exit(1) from None
    more = len(rows) > wanted
    rows = rows[:wanted]
    if format is OutputFormat.json:
        sys.stdout.write(json_rows(columns, rows) + "\n")
    elif format is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow([cell(c) for c in columns])
        writer.writerows([cell(v) for v in row] for row in rows)
        sys.stdout.write(buf.getvalue())
    else:
        table = Table(show_header=True)
        for c in columns:
            table.add_column(Text(cell(c)), overflow="fold")
        for row in rows:
            table.add_row(*(Text(cell(v)) for v in row))
        console.print(table)
    if more:
        say(err, "", f"(first {wanted} rows shown; there are more: use --limit N or NEWSEVENTS_QUERY_MAX_ROWS)")


@app.command()
def dashboard(
    out: str = typer.Option("data/dashboard.html", "--out", help="HTML file to write."),
    warehouse: str | None = typer.Option(
        None, help="DuckDB file (env NEWSEVENTS_WAREHOUSE; default data/warehouse.duckdb)."
    ),
) -> None:
    """Write a self-contained HTML dashboard of the warehouse (opened read-only; no network needed to view it)."""
    import duckdb

    from newsevents.dashboard import build_dashboard

    settings = load_settings(warehouse=warehouse)
    try:
        with reading_warehouse():
            path = build_dashboard(Path(settings.warehouse), Path(out))
    except (duckdb.Error, OSError) as exc:
        say(err, "dashboard failed", f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        raise typer.Exit(1) from None
    sys.stdout.write(f"{printable(path)}\n")


if __name__ == "__main__":
    app()
