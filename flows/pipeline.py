"""The Prefect flow. Each stage is a task working on a batch (Prefect costs ~12 ms per task run, so never one
task per article); I/O stages retry with backoff. The stage order lives in newsevents.pipeline.run_pipeline."""

from __future__ import annotations

import os

# Before Prefect is imported: no telemetry (no network here), and enough time for a fresh local server.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact, create_table_artifact  # noqa: E402
from prefect.runtime import flow_run  # noqa: E402

from newsevents import pipeline as core  # noqa: E402
from newsevents.settings import Settings  # noqa: E402

IO_STAGES = {"discover", "read", "write_lake", "load_warehouse"}
_TASKS = {}


def _task_for(name: str, fn):
    key = (name, fn)
    if key not in _TASKS:
        options = {"name": name, "cache_policy": None, "persist_result": False}
        if name in IO_STAGES and name != "load_warehouse":
            options.update(retries=2, retry_delay_seconds=[1, 4])
        _TASKS[key] = task(fn, **options)
    return _TASKS[key]


def prefect_stage(name: str, fn, *args):
    return _task_for(name, fn)(*args)


@flow(name="newsevents-pipeline", log_prints=False)
def newsevents_pipeline(source: str = "seeds", lake: str = "data/lake", warehouse: str = "data/warehouse.duckdb",
                        full_refresh: bool = False, batch_size: int = 2000) -> dict:
    """Raw articles -> articles, events, entities (validated) -> Parquet lake -> DuckDB warehouse."""
    logger = get_run_logger()
    settings = Settings.from_env(source=source, lake=lake, warehouse=warehouse, full_refresh=full_refresh,
                                 batch_size=batch_size)
    summary = core.run_pipeline(settings, prefect_stage, flow_run_id=str(flow_run.id) if flow_run.id else None)
    logger.info("run %s %s: %d files, %d articles, %d events, %d rejects", summary.run_id, summary.status,
                summary.files_seen, summary.articles, summary.events, summary.rejects)
    publish_artifacts(summary)
    return summary.__dict__


def publish_artifacts(summary: core.RunSummary) -> None:
    lines = [f"# newsevents run `{summary.run_id}`: **{summary.status}**", "",
             "| files seen | loaded | duplicate | rejected | unchanged | articles | events | rejected rows |",
             "|---|---|---|---|---|---|---|---|",
             f"| {summary.files_seen} | {summary.files_loaded} | {summary.files_duplicate} | {summary.files_rejected} | "
             f"{summary.files_unchanged} | {summary.articles} | {summary.events} | {summary.rejects} |", ""]
    if summary.error:
        lines += [f"**Error:** {summary.error}", ""]
    if summary.top_reject_reasons:
        lines += ["## Top reject reasons", ""] + [f"- `{r}`: {n}" for r, n in summary.top_reject_reasons] + [""]
    failed = [d for d in summary.dq if not d["passed"]]
    lines += ["## Data quality", "", f"{len(summary.dq) - len(failed)} of {len(summary.dq)} checks passed."]
    create_markdown_artifact(markdown="\n".join(lines), key="newsevents-run-summary", description="Run summary")
    create_table_artifact(table=[{k: d[k] for k in ("table_name", "check_name", "column_name", "severity", "failed_rows",
                                                     "total_rows", "passed")} for d in summary.dq] or [{"checks": 0}],
                          key="newsevents-dq-results", description="DQ results of the run")
