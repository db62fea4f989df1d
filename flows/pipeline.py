"""The Prefect flow. Each stage is a task working on a batch (Prefect costs ~12 ms per task run, so never one
task per article); I/O stages retry with backoff. The stage order lives in newsevents.pipeline.run_pipeline.

Task runner per run: the default runs every task in the flow process. With a Dask runner (`run_flow(...,
dask_address=...)` or `workers=N`, prefect-dask) the batch stage `process` (read, parse, fingerprint,
extract) is submitted to the Dask workers, LOOKAHEAD batches ahead of the one the flow is finishing; the
run-wide stages and everything touching the lake or the DuckDB connection (deduplicate, link, write_lake,
load_warehouse) stay in the flow process: the connection is never sent to a worker. `serve_pipeline` serves the
flow as a deployment on a cron schedule (needs a real Prefect server: PREFECT_API_URL)."""

from __future__ import annotations

import contextlib
import logging
import os
import traceback
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

# Before Prefect is imported: no telemetry (no network here), and enough time for a fresh local server.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact, create_table_artifact  # noqa: E402
from prefect.context import FlowRunContext  # noqa: E402
from prefect.runtime import flow_run  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from newsevents import pipeline as core  # noqa: E402
from newsevents.read.fs import is_url  # noqa: E402
from newsevents.settings import Settings  # noqa: E402

IO_STAGES = {"discover", "compare_manifest", "plan_batches", "process", "write_lake", "load_warehouse"}
# Stages called once per batch: submitted to the workers when a Dask runner is active. Never load_warehouse
# (it gets the DuckDB connection) nor write_lake (the frames are already here; the lake may be local).
BATCH_STAGES = {"process"}
FLOW_NAME = "newsevents-pipeline"
_TASKS: dict[tuple[str, Any], Any] = {}


def _task_for(name: str, fn):
    key = (name, fn)
    if key not in _TASKS:
        options: dict[str, Any] = {"name": name, "cache_policy": None, "persist_result": False}
        if name in IO_STAGES and name != "load_warehouse":
            options.update(retries=2, retry_delay_seconds=[1, 4], retry_condition_fn=_transient)
        _TASKS[key] = task(fn, **options)
    return _TASKS[key]


def is_transient(exc: BaseException | None) -> bool:
    """An error worth retrying: a network or I/O hiccup. A full disk, a missing or refused file, a bad value or a
    bug fails the same way again, so it is not retried (it used to be, twice)."""
    from warehouse.lake import DiskFull, NotOurs

    if isinstance(exc, (DiskFull, NotOurs, FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError)):
        return False
    return isinstance(exc, (ConnectionError, TimeoutError, OSError))


def _transient(_task, _task_run, state) -> bool:
    """Prefect's retry_condition_fn: retry a failed I/O stage only on a transient error."""
    try:
        exc = state.result(raise_on_failure=False)
    except Exception:  # noqa: BLE001  (no result to read: do not retry)
        return False
    return is_transient(exc if isinstance(exc, BaseException) else None)


# Prefect's console lines that repeat a failure the command line states itself in one line ("run failed: ...").
_REPEATS = ("prefect.flow_runs", "prefect.task_runs")


class _OneLine(logging.Filter):
    """On the terminal: no tracebacks, and not the ERROR records of flow and task runs (the Prefect API still
    gets them whole, for the UI). Installed on Prefect's console handlers for a command-line run."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno >= logging.ERROR and record.name.startswith(_REPEATS))


class _NoTraceback(logging.Formatter):
    def __init__(self, inner: logging.Formatter | None):
        super().__init__()
        self.inner = inner or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            return self.inner.format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


@contextlib.contextmanager
def one_line_failures() -> Iterator[None]:
    """Prefect's console output of a command-line run without tracebacks or repeated failure lines."""
    from prefect.logging.handlers import PrefectConsoleHandler

    handlers = {
        h
        for name in ("", "prefect", *_REPEATS)
        for h in logging.getLogger(name).handlers
        if isinstance(h, PrefectConsoleHandler)
    }
    saved = {h: h.formatter for h in handlers}
    one_line = _OneLine()
    for h in handlers:
        h.addFilter(one_line)
        h.setFormatter(_NoTraceback(h.formatter))
    try:
        yield
    finally:
        for h, formatter in saved.items():
            h.removeFilter(one_line)
            h.setFormatter(formatter)


def _distributed() -> bool:
    """True when the running flow uses another task runner than the default (in-process) one."""
    ctx = FlowRunContext.get()
    runner = getattr(ctx, "task_runner", None)
    return runner is not None and not isinstance(runner, ThreadPoolTaskRunner)


class Deferred:
    """The result of a batch task submitted to Dask. run_pipeline submits LOOKAHEAD batches before it collects
    the first (newsevents.process.collect calls resolve), so batches run concurrently on the workers.
    Errors surface when the batch is collected."""

    __slots__ = ("_future",)

    def __init__(self, future):
        self._future = future

    def resolve(self):
        return self._future.result()


def prefect_stage(name: str, fn, *args, **kwargs):
    t = _task_for(name, fn)
    if name in BATCH_STAGES and _distributed():
        (job,) = args  # process: one BatchJob
        # Workers run elsewhere (cwd, host): relative paths are read as absolute, same uri. The cluster is the
        # parallelism: no process pool inside a worker.
        files = [
            replace(f, location=f.path if f.path.is_absolute() or is_url(f.uri) else f.path.absolute())
            for f in job.files
        ]
        job = replace(job, files=files, settings=replace(job.settings, extract_processes=1))
        return Deferred(t.submit(job))
    return t(*args, **kwargs)


@flow(name=FLOW_NAME, log_prints=False)
def newsevents_pipeline(
    source: str = "seeds",
    lake: str = "data/lake",
    warehouse: str = "data/warehouse.duckdb",
    full_refresh: bool = False,
    settings: dict[str, Any] | None = None,
) -> dict:
    """Raw articles -> articles, events, entities (validated) -> Parquet lake -> DuckDB warehouse. settings: the
    run's other Settings fields (Settings.as_parameters, as run_flow and serve pass them); None: the environment of
    the process that runs the flow. source, lake, warehouse and full_refresh win over settings (a deployment's run
    can change them)."""
    logger = get_run_logger()
    named: dict[str, Any] = {"source": source, "lake": lake, "warehouse": warehouse, "full_refresh": full_refresh}
    run_settings = Settings.from_env(**named) if settings is None else Settings.from_parameters({**settings, **named})
    try:
        summary = core.run_pipeline(run_settings, prefect_stage, flow_run_id=str(flow_run.id) if flow_run.id else None)
    except BaseException as exc:
        # Prefect keeps the exception in the run's state until the process ends: without the frames' locals it
        # no longer holds the run's DuckDB connection (which made nanobind print a "leaked" dump at exit).
        traceback.clear_frames(exc.__traceback__)
        raise
    logger.info(
        "run %s %s: %d files, %d articles, %d events, %d rejects",
        summary.run_id,
        summary.status,
        summary.files_seen,
        summary.articles,
        summary.events,
        summary.rejects,
    )
    publish_artifacts(summary)
    return summary.__dict__


def publish_artifacts(summary: core.RunSummary) -> None:
    lines = [
        f"# newsevents run `{summary.run_id}`: **{summary.status}**",
        "",
        "| files seen | loaded | duplicate | rejected | unchanged | articles | events | rejected rows |",
        "|---|---|---|---|---|---|---|---|",
        f"| {summary.files_seen} | {summary.files_loaded} | {summary.files_duplicate} | {summary.files_rejected} | "
        f"{summary.files_unchanged} | {summary.articles} | {summary.events} | {summary.rejects} |",
        "",
    ]
    if summary.error:
        lines += [f"**Error:** {summary.error}", ""]
    lines += [f"**Warning:** {w}" for w in summary.warnings] + ([""] if summary.warnings else [])
    if summary.top_reject_reasons:
        lines += ["## Top reject reasons", ""] + [f"- `{r}`: {n}" for r, n in summary.top_reject_reasons] + [""]
    failed = [d for d in summary.dq if not d["passed"]]
    lines += ["## Data quality", "", f"{len(summary.dq) - len(failed)} of {len(summary.dq)} checks passed."]
    create_markdown_artifact(markdown="\n".join(lines), key="newsevents-run-summary", description="Run summary")
    create_table_artifact(
        table=[
            {
                k: d[k]
                for k in ("table_name", "check_name", "column_name", "severity", "failed_rows", "total_rows", "passed")
            }
            for d in summary.dq
        ]
        or [{"checks": 0}],
        key="newsevents-dq-results",
        description="DQ results of the run",
    )


# --- running and serving ------------------------------------------------------------------------------------


def task_runner_for(dask_address: str | None = None, workers: int | None = None):
    """None (the default runner), or a prefect-dask runner on an existing cluster (address) or on a local
    cluster of `workers` single-threaded worker processes."""
    if dask_address and workers:
        raise ValueError("give either a Dask scheduler address or a number of local workers, not both")
    if not dask_address and not workers:
        return None
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": int(workers or 1),
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
        }
    )


def run_flow(settings: Settings, dask_address: str | None = None, workers: int | None = None) -> dict:
    """One flow run with the task runner chosen for this run."""
    runner = task_runner_for(dask_address, workers)
    if workers and runner is not None:
        share_temporary_server()
    if dask_address:
        from prefect.settings import get_current_settings

        if not get_current_settings().api.url:
            import warnings

            warnings.warn(
                "PREFECT_API_URL is not set: each Dask worker will start a temporary Prefect server of its "
                "own; start one (`prefect server start`) and set PREFECT_API_URL for the workers and this run",
                RuntimeWarning,
                stacklevel=2,
            )
    flow_fn = newsevents_pipeline if runner is None else newsevents_pipeline.with_options(task_runner=runner)
    with one_line_failures():
        return flow_fn(**flow_parameters(settings))


def share_temporary_server() -> None:
    """Without PREFECT_API_URL, every Dask worker process would start a temporary Prefect server of its own
    (~20 s each, on one SQLite file). For a local cluster (`workers=N`) start this process's temporary server
    now and hand its URL to the worker processes through the environment they inherit. A remote cluster
    (`dask_address`) cannot reach it: point PREFECT_API_URL at a real server (`prefect server start`)."""
    from prefect.settings import get_current_settings

    if get_current_settings().api.url:
        return
    from prefect.server.api.server import SubprocessASGIServer  # the instance Prefect's own client uses

    server = SubprocessASGIServer()
    server.start(timeout=int(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")))
    os.environ["PREFECT_API_URL"] = server.api_url


def flow_parameters(settings: Settings) -> dict:
    """The flow's parameters for these settings: the four a deployment's run may change, and all the others."""
    named = ("source", "lake", "warehouse", "full_refresh")
    rest = {k: v for k, v in settings.as_parameters().items() if k not in named}
    return {k: getattr(settings, k) for k in named} | {"settings": rest}


def serve_pipeline(name: str, cron: str, parameters: dict) -> None:
    """Serve the flow as deployment `newsevents-pipeline/<name>` on a cron schedule; blocks until stopped
    (SIGINT/SIGTERM pause the schedule). Runs are executed by this process, as subprocesses."""
    from prefect.deployments.runner import EntrypointType

    newsevents_pipeline.serve(
        name=name,
        cron=cron,
        parameters=parameters,
        tags=["newsevents"],
        description="newsevents ETL on a schedule",
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
