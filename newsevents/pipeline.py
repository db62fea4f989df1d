"""The pipeline's stages as plain batch functions, and the one orchestration that wires them.

`run_pipeline(settings, stage)` calls every stage through `stage(name, fn, *args)`: directly in tests and
benchmarks, as Prefect tasks in flows/pipeline.py. So the order of stages is written once."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import polars as pl

from newsevents import remote
from newsevents.faults import fault_point
from newsevents.ingest import FileOutcome, InputFile, ReadResult, discover, read_file
from newsevents.linking import (Existing, assign_canonical_events, assign_stories, mark_duplicates,
                                mark_near_duplicates)
from newsevents.settings import Settings
from newsevents.transform import extract_batch, parse_records, short_hash
from schemas.ddl import conform
from schemas.validate import validate_table
from schemas.tables import EventsInContext
from warehouse import store

Stage = Callable[..., object]


def direct(name: str, fn: Callable, *args):
    return fn(*args)


@dataclass
class RunSummary:
    run_id: str
    status: str
    files_seen: int = 0
    files_loaded: int = 0
    files_duplicate: int = 0
    files_rejected: int = 0
    files_unchanged: int = 0
    articles: int = 0
    events: int = 0
    entities: int = 0
    rejects: int = 0
    error: str | None = None
    seconds: float = 0.0
    dq: list[dict] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    top_reject_reasons: list[tuple[str, int]] = field(default_factory=list)


def new_run_id(now: datetime) -> str:
    return now.strftime("r%Y%m%dT%H%M%S%fZ")


# --- stages ------------------------------------------------------------------------------------------------

def discover_inputs(settings: Settings) -> tuple[list[InputFile], list[FileOutcome]]:
    return discover(settings.source)


def read_batch(files: list[InputFile], known: dict[str, str], max_bytes: int) -> ReadResult:
    result = ReadResult()
    for f in files:
        outcome, records, rejects = read_file(f, known, max_bytes)
        result.outcomes.append(outcome)
        result.records.extend(records)
        result.rejects.extend(rejects)
    return result


def parse_batch(records, settings: Settings, run_id: str, now: datetime) -> tuple[pl.DataFrame, list[dict]]:
    return parse_records(records, settings, run_id, now)


def deduplicate(articles: pl.DataFrame, existing: Existing, settings: Settings):
    kept, same = mark_duplicates(articles, existing)
    kept, signatures = mark_near_duplicates(kept, existing, settings.near_duplicate_threshold)
    return kept, same, signatures


def extract(articles: pl.DataFrame, settings: Settings, run_id: str):
    return extract_batch(articles, settings, run_id)


def link(articles: pl.DataFrame, events: pl.DataFrame, existing: Existing, settings: Settings):
    events, canonical_updates = assign_canonical_events(events, existing)
    articles, story_updates = assign_stories(articles, events, existing, settings.story_window_days)
    return articles, events, story_updates, canonical_updates


def validate(articles, events, entities, read_rejects: list[dict], run_id: str, now: datetime):
    """pandera on every table; rows that fail are quarantined with their reasons, and the events and
    entities of a rejected article go with it."""
    art = validate_table(articles, "articles", run_id)
    ok_ids = set(art.valid["article_id"])
    bodies = art.valid.select("article_id", pl.col("body").alias("article_body"),
                              pl.col("published_date").alias("article_published_date"))
    ctx = events.select("article_id").join(bodies, on="article_id", how="left", maintain_order="left").with_columns(
        pl.col("article_body").is_not_null().alias("article_exists")).drop("article_id")
    source_of = dict(zip(articles["article_id"], articles["source_uri"]))
    ev = validate_table(events, "events", run_id, context=ctx, context_model=EventsInContext,
                        source_uris=pl.Series([source_of.get(a, "") for a in events["article_id"]], dtype=pl.String))
    ent = validate_table(entities.filter(pl.col("article_id").is_in(list(ok_ids))), "entities", run_id,
                         source_uris=pl.Series([source_of.get(a, "") for a in entities.filter(pl.col("article_id").is_in(list(ok_ids)))["article_id"]], dtype=pl.String))
    rejects = [
        {**r, "reject_id": short_hash("r", run_id, r["source_uri"], r["check_name"], r.get("payload")), "run_id": run_id,
         "rejected_at": now} for r in read_rejects]
    rejects += art.rejects + ev.rejects + ent.rejects
    frames = {"articles": art.valid, "events": ev.valid.filter(pl.col("article_id").is_in(list(ok_ids))),
              "entities": ent.valid}
    dq = art.dq + ev.dq + ent.dq
    rejected_share = {
        "articles": len(art.rejects) / max(articles.height, 1),
        "events": len(ev.rejects) / max(events.height, 1),
        "entities": len(ent.rejects) / max(entities.height, 1),
    }
    return frames, conform(pl.DataFrame(rejects, infer_schema_length=None), "rejects").unique("reject_id", keep="first"), \
        conform(pl.DataFrame(dq, infer_schema_length=None), "dq_results"), rejected_share


def build_manifest(outcomes: list[FileOutcome], articles: pl.DataFrame, same: pl.DataFrame, rejects: pl.DataFrame,
                   run_id: str, first_seen: dict[str, str], now: datetime) -> pl.DataFrame:
    """One row per input file processed in this run: loaded, duplicate (every article an exact copy of one
    already loaded) or rejected (nothing loadable, with the first reason)."""
    file_of = lambda uri: uri.split("#", 1)[0]  # noqa: E731
    loaded: dict[str, int] = {}
    rows_of: dict[str, int] = {}
    dup_loaded: dict[str, str] = {}
    for uri, dup in articles.select("source_uri", "duplicate_of").iter_rows():
        rows_of[file_of(uri)] = rows_of.get(file_of(uri), 0) + 1
        if dup is None:
            loaded[file_of(uri)] = loaded.get(file_of(uri), 0) + 1
        else:
            dup_loaded.setdefault(file_of(uri), dup)
    same_of = {file_of(u): aid for u, aid in same.select("source_uri", "article_id").iter_rows()}
    first_reason = {}
    for uri, check, reason in rejects.select("source_uri", "check_name", "reason").iter_rows():
        first_reason.setdefault(file_of(uri), f"{check}: {reason}")
    rows = []
    for o in outcomes:
        if o.status == "unchanged" or o.sha256 is None and o.status != "rejected":
            continue
        n = loaded.get(o.uri, 0)
        if n:
            status, reason, dup = "loaded", None, None
        elif o.uri in dup_loaded or o.uri in same_of:
            dup = dup_loaded.get(o.uri) or same_of.get(o.uri)
            status, reason = "duplicate", f"same article text as {dup}, already loaded"
        else:
            status, dup = "rejected", None
            reason = first_reason.get(o.uri) or (f"{o.check}: {o.reason}" if o.check else "no loadable article")
        rows.append({"source_uri": o.uri, "file_sha256": o.sha256 or "0" * 64, "size_bytes": o.size,
                     "first_seen_run": first_seen.get(o.uri, run_id), "last_run_id": run_id, "status": status,
                     "reason": reason, "duplicate_of": dup, "articles": rows_of.get(o.uri, 0),
                     "updated_at": now})
    return conform(pl.DataFrame(rows, infer_schema_length=None), "input_files")


# --- the orchestration ------------------------------------------------------------------------------------

def _chunks(items: list, size: int):
    for i in range(0, len(items), max(size, 1)):
        yield items[i:i + size]


def run_pipeline(settings: Settings, stage: Stage = direct, flow_run_id: str | None = None) -> RunSummary:
    """discover -> read -> parse -> dedupe -> extract -> link -> validate -> lake -> warehouse -> run record."""
    started = time.perf_counter()
    now = datetime.now(timezone.utc)
    run_id = new_run_id(now)
    lake = settings.lake if remote.is_url(settings.lake) else Path(settings.lake)  # s3://… stays a URL
    warehouse_path = Path(settings.warehouse)
    summary = RunSummary(run_id, "running")
    with store.writer_lock(warehouse_path):
        if settings.full_refresh:
            _reset(lake, warehouse_path)
        con = store.connect_writer(warehouse_path)
        try:
            store.clean_orphans(lake, store.committed_runs(con))
            store.begin_run(con, {"run_id": run_id, "flow_run_id": flow_run_id, "started_at": now, "status": "running",
                                  "source": str(settings.source), "files_seen": 0, "files_loaded": 0,
                                  "files_duplicate": 0, "files_rejected": 0, "files_unchanged": 0, "articles": 0,
                                  "events": 0, "rejects": 0})
            try:
                _execute(con, settings, _timed(stage, summary.stage_seconds), run_id, now, lake, summary)
            except Exception as exc:
                summary.status, summary.error = "failed", f"{type(exc).__name__}: {exc}"
                store.finish_failed(con, run_id, {"status": "failed", "finished_at": datetime.now(timezone.utc),
                                                  "error": summary.error[:2000]})
                raise
        finally:
            con.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _timed(stage: Stage, seconds: dict[str, float]) -> Stage:
    """Wall time per stage name, summed over batches: where a run spends its time (printed by benchmarks)."""
    def run(name: str, fn: Callable, *args):
        started = time.perf_counter()
        try:
            return stage(name, fn, *args)
        finally:
            seconds[name] = round(seconds.get(name, 0.0) + time.perf_counter() - started, 3)
    return run


def _reset(lake, warehouse_path: Path) -> None:
    if remote.is_url(lake):
        fs, path = remote.fs_and_path(remote.as_url(lake))
        if fs.exists(path):
            fs.rm(path, recursive=True)
    else:
        shutil.rmtree(lake, ignore_errors=True)
    for p in (warehouse_path, warehouse_path.with_name(warehouse_path.name + ".wal")):
        p.unlink(missing_ok=True)


def _execute(con, settings: Settings, stage: Stage, run_id: str, now: datetime, lake: Path, summary: RunSummary) -> None:
    files, problems = stage("discover", discover_inputs, settings)
    known = store.known_files(con)
    first_seen = dict(con.sql("SELECT source_uri, first_seen_run FROM input_files").fetchall())
    outcomes, records, read_rejects = list(problems), [], []
    for p in problems:
        read_rejects.append({"stage": "discover", "source_uri": p.uri, "table_name": None, "check_name": p.check,
                             "reason": p.reason, "payload": None})
    reads = [stage("read", read_batch, batch, known, settings.max_file_bytes)
             for batch in _chunks(files, settings.batch_size)]  # all submitted first: concurrent on Dask
    for result in reads:
        outcomes += result.outcomes
        records += result.records
        read_rejects += result.rejects
    parsed = [stage("parse", parse_batch, chunk, settings, run_id, now) for chunk in _chunks(records, settings.batch_size)]
    articles = pl.concat([p[0] for p in parsed] or [conform(pl.DataFrame(), "articles")])
    read_rejects += [r for p in parsed for r in p[1]]
    changed = [o.uri for o in outcomes if o.status != "unchanged" and o.uri in known and known[o.uri] != o.sha256]
    existing = store.dedup_context(con, articles, changed)
    articles, same, signatures = stage("deduplicate", deduplicate, articles, existing, settings)
    parts = [stage("extract", extract, chunk, settings, run_id) for chunk in _chunks_df(articles, settings.batch_size)]
    entities = pl.concat([p[0] for p in parts]) if parts else conform(pl.DataFrame(), "entities")
    events = pl.concat([p[1] for p in parts]) if parts else conform(pl.DataFrame(), "events")
    existing = store.add_link_context(con, existing, articles, events, settings.story_window_days, changed)
    articles, events, story_updates, canonical_updates = stage("link", link, articles, events, existing, settings)
    frames, rejects, dq, shares = stage("validate", validate, articles, events, entities, read_rejects, run_id, now)
    manifest = build_manifest(outcomes, frames["articles"], same, rejects, run_id, first_seen, now)
    status_counts = manifest.group_by("status").len().to_dict(as_series=False)
    counts = dict(zip(status_counts["status"], status_counts["len"]))
    summary.files_seen = len(outcomes)
    summary.files_unchanged = sum(1 for o in outcomes if o.status == "unchanged")
    summary.files_loaded, summary.files_duplicate = counts.get("loaded", 0), counts.get("duplicate", 0)
    summary.files_rejected = counts.get("rejected", 0)
    summary.articles, summary.events = frames["articles"].height, frames["events"].height
    summary.entities, summary.rejects = frames["entities"].height, rejects.height
    summary.dq = dq.to_dicts()
    summary.top_reject_reasons = [(r, n) for r, n in rejects.group_by("check_name").len().sort("len", descending=True)
                                  .head(5).iter_rows()]
    over = {t: s for t, s in shares.items() if s > settings.max_reject_share}
    run_update = {"files_seen": summary.files_seen, "files_loaded": summary.files_loaded,
                  "files_duplicate": summary.files_duplicate, "files_rejected": summary.files_rejected,
                  "files_unchanged": summary.files_unchanged, "rejects": summary.rejects,
                  "finished_at": datetime.now(timezone.utc)}
    if over:
        # Too much rejected: load nothing but the evidence (rejects, DQ results) and a failed run record.
        summary.status = "failed"
        summary.error = "; ".join(f"{t}: {s:.0%} of rows rejected (limit {settings.max_reject_share:.0%})" for t, s in over.items())
        written = stage("write_lake", store.write_lake, lake, run_id, {"rejects": rejects, "dq_results": dq})
        summary.articles = summary.events = summary.entities = 0
        stage("load_warehouse", store.load_run, con, run_id, written, [], {}, {}, {},
              {**run_update, "status": "failed", "articles": 0, "events": 0, "error": summary.error})
        return
    written = stage("write_lake", store.write_lake, lake, run_id,
                    {**frames, "rejects": rejects, "dq_results": dq, "input_files": manifest})
    fault_point("after_lake_write")
    fingerprints = {a: signatures[a] for a in frames["articles"]["article_id"] if a in signatures}
    stage("load_warehouse", store.load_run, con, run_id, written, changed, story_updates, canonical_updates, fingerprints,
          {**run_update, "status": "succeeded", "articles": summary.articles, "events": summary.events})
    summary.status = "succeeded"


def _chunks_df(df: pl.DataFrame, size: int):
    for i in range(0, df.height, max(size, 1)):
        yield df.slice(i, size)


def summary_json(summary: RunSummary) -> str:
    return json.dumps(summary.__dict__, default=str, indent=2)
