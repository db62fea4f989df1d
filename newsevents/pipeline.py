"""The pipeline's stages as plain batch functions, and the one orchestration that wires them.

`run_pipeline(settings, stage)` calls every stage through `stage(name, fn, *args)`: directly in tests and
benchmarks, as Prefect tasks in flows/pipeline.py. So the order of stages is written once."""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl

from newsevents.extract.taxonomy import load_taxonomy
from newsevents.faults import fault_point
from newsevents.link.linking import (
    DuplicateIndex,
    Existing,
    NearDuplicateIndex,
    assign_canonical_events,
    assign_stories,
)
from newsevents.process import BatchJob, Processed, collect, process_files, runs_of_articles
from newsevents.read.files import FileOutcome, InputFile, discover, file_suffix, read_regular
from newsevents.read.fs import is_url, read_bytes
from newsevents.read.jsonl import plan_parts
from newsevents.settings import Settings
from schemas.ddl import conform
from schemas.rejects import Reject, reject_frame
from schemas.tables import EventsInContext
from schemas.validate import validate_table
from warehouse import store
from warehouse.lake import Lake

Stage = Callable[..., Any]
NEVER_READ = "0" * 64  # the manifest's file_sha256 of an entry whose bytes were never read (a listing problem)


def direct(_name: str, fn: Callable, *args, **kwargs):
    """Run a stage's function as it is (the Prefect stage wraps it in a task named after the stage)."""
    return fn(*args, **kwargs)


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
    warnings: list[str] = field(default_factory=list)


def new_run_id(now: datetime) -> str:
    return now.strftime("r%Y%m%dT%H%M%S%fZ")


# --- stages ------------------------------------------------------------------------------------------------


def discover_inputs(settings: Settings) -> tuple[list[InputFile], list[FileOutcome]]:
    return discover(settings.source)


@dataclass
class Comparison:
    """Listed files against the manifest: which need processing, which are unchanged, which replace a loaded
    version, and unchanged files whose modification time moved (touched)."""

    todo: list[InputFile] = field(default_factory=list)
    unchanged: int = 0
    changed: list[str] = field(default_factory=list)
    touched: dict[str, int] = field(default_factory=dict)
    # The manifest's hash and first run of the files to process that it knows.
    known_sha: dict[str, str] = field(default_factory=dict)
    first_seen: dict[str, str] = field(default_factory=dict)


def compare_with_manifest(
    files: list[InputFile], manifest: pl.DataFrame, verify: bool, dependents: pl.DataFrame | None = None
) -> Comparison:
    """Size and modification time equal to the manifest's: unchanged, not read (what make and rsync trust).
    Otherwise a file the manifest knows is hashed here, before any batch, so every batch knows which loaded
    rows are being replaced (never link to them) and which files only had their time touched. manifest:
    store.known_files; the comparison is one join, so 100k unchanged files cost ~0.1 s. dependents
    (store.dependent_files: file -> the file its duplicate's original came from): an unchanged file recorded
    as a duplicate of an article being replaced is processed again, else its article would be lost."""
    out = Comparison()
    kept: dict[str, tuple[InputFile, dict]] | None = {} if dependents is not None and dependents.height else None
    listing = pl.DataFrame(
        {
            "source_uri": [f.uri for f in files],
            "size": [f.size for f in files],
            "mtime": [f.modified_ns for f in files],
        },
        schema={"source_uri": pl.String, "size": pl.Int64, "mtime": pl.Int64},
    )
    if "status" not in manifest.columns:
        manifest = manifest.with_columns(pl.lit(None, pl.String).alias("status"))
    joined = listing.join(manifest, on="source_uri", how="left", maintain_order="left")
    same_stat = (pl.col("size") == pl.col("size_bytes")) & (pl.col("mtime") == pl.col("modified_ns"))
    flags = joined.select(
        same_stat.fill_null(False) & pl.lit(not verify),
        pl.col("file_sha256").is_not_null(),
        (pl.col("status") == "incomplete").fill_null(False),
    )
    for f, unchanged, known, retry, row in zip(
        files, flags.to_series(0), flags.to_series(1), flags.to_series(2), range(len(files))
    ):
        if retry:  # its extraction failed last time: read again, its rows replaced, whatever its bytes
            out.todo.append(f)
            out.changed.append(f.uri)
            out.first_seen[f.uri] = joined.row(row, named=True)["first_seen_run"]
        elif unchanged:
            out.unchanged += 1
            if kept is not None:
                kept[f.uri] = (f, joined.row(row, named=True))
        elif not known:
            out.todo.append(f)
        else:
            entry = joined.row(row, named=True)
            _compare_contents(f, entry, out, kept)
    if kept and out.changed and dependents is not None:
        again = dependents.filter(pl.col("original_file").is_in(out.changed) & pl.col("source_uri").is_in(list(kept)))
        for uri in dict.fromkeys(again["source_uri"]):
            f, entry = kept[uri]
            out.unchanged -= 1
            out.touched.pop(uri, None)
            out.todo.append(f)  # without known_sha: read even though its bytes are the same
            out.first_seen[uri] = entry["first_seen_run"]
            out.changed.append(uri)
    return out


def _compare_contents(f: InputFile, entry: dict, out: Comparison, kept: dict | None = None) -> None:
    try:
        data = read_bytes(f.uri) if is_url(f.uri) else read_regular(f.path)
    except OSError:
        data = None  # read_file reports why
    if data is not None and hashlib.sha256(data).hexdigest() == entry["file_sha256"]:
        out.unchanged += 1
        if f.modified_ns is not None and f.modified_ns != entry["modified_ns"]:
            out.touched[f.uri] = f.modified_ns
        if kept is not None:
            kept[f.uri] = (f, entry)
    else:
        out.todo.append(f)
        out.known_sha[f.uri], out.first_seen[f.uri] = entry["file_sha256"], entry["first_seen_run"]
        if data is not None:
            out.changed.append(f.uri)


def deduplicate(processed: Processed, state: RunState, existing: Existing) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Exact and near duplicates of a batch against the warehouse and everything earlier in the run."""
    kept, same = state.duplicates.mark(processed.articles.with_row_index("_row"), existing)
    if state.near is not None:  # None until a batch has articles
        kept = state.near.mark(kept, processed.signatures[kept["_row"].to_numpy()])
    return kept.drop("_row"), same.drop("_row")


def link(articles: pl.DataFrame, events: pl.DataFrame, existing: Existing, settings: Settings):
    events, canonical_updates = assign_canonical_events(events, existing)
    articles, story_updates = assign_stories(articles, events, existing, settings.story_window_days)
    return articles, events, story_updates, canonical_updates


def validate(
    articles,
    events,
    entities,
    read_rejects: list[Reject],
    run_id: str,
    now: datetime,
    event_types: frozenset[str] = frozenset(),
):
    """pandera on every table; rows that fail are quarantined with their reasons, and the events and
    entities of a rejected article go with it. event_types: the run's taxonomy (shipped plus the user's
    event_types.csv). Returns the valid frames, the rejects, the DQ rows and, per table, (rows rejected, rows
    checked)."""
    art = validate_table(articles, "articles", run_id)
    ok_ids = set(art.valid["article_id"])
    bodies = art.valid.select(
        "article_id",
        pl.col("body").alias("article_body"),
        pl.col("title").alias("article_title"),
        pl.col("published_date").alias("article_published_date"),
    )
    ctx = (
        events.select("article_id")
        .join(bodies, on="article_id", how="left", maintain_order="left")
        .with_columns(pl.col("article_body").is_not_null().alias("article_exists"))
        .drop("article_id")
        .with_columns(events["event_type"].is_in(sorted(event_types)).alias("event_type_known"))
    )
    uris = articles.select("article_id", "source_uri")

    def uri_of(df: pl.DataFrame) -> pl.Series:
        return (
            df.select("article_id")
            .join(uris, on="article_id", how="left", maintain_order="left")["source_uri"]
            .fill_null("")
        )

    ev = validate_table(
        events, "events", run_id, context=ctx, context_model=EventsInContext, source_uris=uri_of(events)
    )
    entities = entities.filter(pl.col("article_id").is_in(list(ok_ids)))
    ent = validate_table(entities, "entities", run_id, source_uris=uri_of(entities))
    rejects = read_rejects + art.rejects + ev.rejects + ent.rejects
    frames = {
        "articles": art.valid,
        "events": ev.valid.filter(pl.col("article_id").is_in(list(ok_ids))),
        "entities": ent.valid,
    }
    counts = {
        "articles": (len(art.rejects), articles.height),
        "events": (len(ev.rejects), events.height),
        "entities": (len(ent.rejects), entities.height),
    }
    return frames, reject_frame(rejects, run_id, now), art.dq + ev.dq + ent.dq, counts


def build_manifest(
    outcomes: list[FileOutcome],
    articles: pl.DataFrame,
    same: pl.DataFrame,
    rejects: pl.DataFrame,
    run_id: str,
    first_seen: dict[str, str],
    now: datetime,
) -> pl.DataFrame:
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
    same_of: dict[str, str] = {}  # the file's first article that copies one loaded earlier (as dup_loaded)
    for u, aid in same.select("source_uri", "article_id").iter_rows():
        same_of.setdefault(file_of(u), aid)
    # An article whose entities and events could not be extracted is loaded without them; its file is recorded
    # 'incomplete', never 'loaded', so that the next run (after a fix) reads it again.
    extract_failed: dict[str, str] = {}
    for uri, check, reason in rejects.select("source_uri", "check_name", "reason").iter_rows():
        if check == "extract_error":
            extract_failed.setdefault(file_of(uri), reason)
    # The root cause names the file: a read/parse reject, else the article's own check (a date in the future),
    # before the events' checks that only follow from the article's rejection (article_exists, evidence_in_body).
    first_reason: dict[str, tuple[int, str]] = {}
    for uri, table, check, reason in rejects.select("source_uri", "table_name", "check_name", "reason").iter_rows():
        rank = {None: 0, "articles": 1}.get(table, 2)
        if file_of(uri) not in first_reason or rank < first_reason[file_of(uri)][0]:
            first_reason[file_of(uri)] = (rank, f"{check}: {reason}")
    rows = []
    for o in outcomes:
        if o.status == "unchanged" or o.sha256 is None and o.status != "rejected":
            continue
        n = loaded.get(o.uri, 0)
        if n and o.uri in extract_failed:
            status, dup = "incomplete", None
            reason = f"extract_error: {extract_failed[o.uri]}; the file is read again by the next run"
        elif n:
            status, reason, dup = "loaded", None, None
        elif o.uri in dup_loaded or o.uri in same_of:
            dup = dup_loaded.get(o.uri) or same_of.get(o.uri)
            status, reason = "duplicate", f"same article text as {dup}, already loaded"
        else:
            status, dup = "rejected", None
            reason = (
                first_reason[o.uri][1]
                if o.uri in first_reason
                else (f"{o.check}: {o.reason}" if o.check else "no loadable article")
            )
        rows.append(
            {
                "source_uri": o.uri,
                "file_sha256": o.sha256 or NEVER_READ,
                "size_bytes": o.size,
                "first_seen_run": first_seen.get(o.uri, run_id),
                "last_run_id": run_id,
                "status": status,
                "reason": reason,
                "duplicate_of": dup,
                "articles": rows_of.get(o.uri, 0),
                "updated_at": now,
                "modified_ns": o.modified_ns,
            }
        )
    return conform(pl.DataFrame(rows, infer_schema_length=None), "input_files")


# --- the orchestration ------------------------------------------------------------------------------------


JSON_LINES = (".jsonl", ".ndjson")


def plan_batches(files: list[InputFile], batch_size: int, max_bytes: int, workers: int = 1) -> list[list[InputFile]]:
    """The files to process as batches of at most batch_size articles: a file of one article counts 1, a JSON Lines
    dump counts its lines, and a dump with more lines than a part is split into parts of lines (read one at a time:
    newsevents.read.jsonl), so a run's memory follows the batch size, not the size of the dump. With worker
    processes a part is a quarter of a worker's share of a batch, so one dump keeps them all busy."""
    if batch_size < 1:  # Settings refuses it at start; a bad size here would skip or repeat files
        raise ValueError(f"batch size must be at least 1, got {batch_size}")
    part_lines = batch_size if workers <= 1 else max(1, batch_size // (workers * 4))
    units: list[InputFile] = []
    for f in files:
        if file_suffix(f.path) in JSON_LINES:
            plan = plan_parts(f.uri, f.path, part_lines, max_bytes)
            ranges = plan.ranges() if plan is not None else []
            if plan is not None and len(ranges) > 1:
                units += [
                    replace(
                        f,
                        lines=(first, end, offset),
                        part=(k, len(ranges)),
                        sha256=plan.sha256,
                        gzip=plan.gzip,
                        articles=end - first,
                    )
                    for k, (first, end, offset) in enumerate(ranges)
                ]
                continue
            if plan is not None:
                f = replace(f, articles=max(1, plan.lines))
        units.append(f)
    return runs_of_articles(units, batch_size)


_STATUS_RANK = {"incomplete": 3, "loaded": 2, "duplicate": 1, "rejected": 0}


def _merge_part_rows(earlier: dict | None, row: dict) -> dict:
    """The manifest row of a split file so far: the best status of its parts (loaded over duplicate over rejected;
    incomplete over all), with its reason, and the articles of all parts."""
    if earlier is None:
        return dict(row)
    best = earlier if _STATUS_RANK[earlier["status"]] >= _STATUS_RANK[row["status"]] else row
    return {**best, "articles": earlier["articles"] + row["articles"]}


def _one_outcome_per_file(outcomes: list[FileOutcome]) -> list[FileOutcome]:
    """Parts of one file in the same batch as one outcome (the manifest counts the batch's articles by file)."""
    out: dict[str, FileOutcome] = {}
    for o in outcomes:
        seen = out.get(o.uri)
        if seen is None or o.part is None or seen.part is None:
            out[o.uri] = o if seen is None else seen
            continue
        out[o.uri] = replace(seen, records=seen.records + o.records, part=max(seen.part, o.part))
    return list(out.values())


def run_pipeline(settings: Settings, stage: Stage = direct, flow_run_id: str | None = None) -> RunSummary:
    """discover -> compare_manifest -> per batch: process (read, parse, fingerprint, extract) -> deduplicate ->
    validate -> write_lake; then link the run -> write_lake (link columns) -> load_warehouse."""
    started = time.perf_counter()
    now = datetime.now(UTC)
    run_id = new_run_id(now)
    lake = Lake(settings.lake)
    warehouse_path = Path(settings.warehouse)
    summary = RunSummary(run_id, "running")
    with store.writer_lock(warehouse_path), lake.lock():
        preflight(settings, lake)
        if settings.full_refresh:  # only what preflight recognised as the pipeline's own
            lake.reset()
            for p in (warehouse_path, warehouse_path.with_name(warehouse_path.name + ".wal")):
                p.unlink(missing_ok=True)
        con = store.connect_writer(warehouse_path, settings.duckdb_memory_limit)
        try:
            lake.claim(store.warehouse_id(con), warehouse_path)
            lake.drop_runs(store.uncommitted_runs(con))  # killed or failed runs of this warehouse
            committed = store.committed_runs(con)
            summary.warnings += [
                f"lake file damaged (not Parquet): {p}; the warehouse has its rows, the lake copy is "
                "lost (run with --full-refresh to rebuild the lake)"
                for p in lake.damaged_parts(committed)
            ]
            store.begin_run(
                con,
                {
                    "run_id": run_id,
                    "flow_run_id": flow_run_id,
                    "started_at": now,
                    "status": "running",
                    "source": str(settings.source),
                    "files_seen": 0,
                    "files_loaded": 0,
                    "files_duplicate": 0,
                    "files_rejected": 0,
                    "files_unchanged": 0,
                    "articles": 0,
                    "events": 0,
                    "rejects": 0,
                },
            )
            run = Run(
                con=con,
                settings=settings,
                stage=_timed(stage, summary.stage_seconds),
                run_id=run_id,
                now=now,
                lake=lake,
                summary=summary,
            )
            try:
                run.execute()
            except BaseException as exc:  # also Ctrl-C and SIGTERM: the run is recorded as stopped
                if summary.status == "succeeded" or store.committed(con, run_id):  # after the load committed
                    raise
                # what this run wrote to the lake is removed: a retry (after freeing disk space) starts clean
                with contextlib.suppress(Exception):
                    lake.drop_runs({run_id})
                full = _disk_full(exc, lake, warehouse_path)
                summary.status = "failed"
                summary.error = (
                    str(full)
                    if full
                    else f"{type(exc).__name__}: {exc}"
                    if str(exc)
                    else f"interrupted ({type(exc).__name__})"
                )
                # the connection may be unusable (disk full): then the next run marks this one interrupted
                with contextlib.suppress(duckdb.Error):
                    store.finish_run(
                        con,
                        run_id,
                        {"status": "failed", "finished_at": datetime.now(UTC), "error": summary.error[:2000]},
                    )
                if full is not None and full is not exc:
                    raise full from exc
                raise
        finally:
            con.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _disk_full(exc: BaseException, lake: Lake, warehouse: Path) -> store.DiskFull | None:
    """The error as a DiskFull naming the disk that is full: the lake's writes name the lake where they fail; any
    other error is the warehouse's unless only the lake's disk is the one out of space."""
    if isinstance(exc, store.DiskFull):
        return exc
    if lake.is_local and store.low_on_space(lake.root) and not store.low_on_space(warehouse):
        return store.disk_full(exc, lake.root, "lake")
    return store.disk_full(exc, warehouse, "warehouse")


def preflight(settings: Settings, lake: Lake | None = None) -> store.WarehouseFile:
    """Before a run writes anything: the warehouse path holds a newsevents warehouse (or nothing yet) and the lake
    is new, empty or this warehouse's (a full refresh may take over a lake whose warehouse is gone). Raises
    NotOurs naming what is there (the command line exits 2); nothing is created, moved or removed."""
    lake = lake or Lake(settings.lake)
    found = store.inspect_warehouse(Path(settings.warehouse))
    lake.check_owner(found.warehouse_id, Path(settings.warehouse), found.runs, rebuild=bool(settings.full_refresh))
    return found


def _timed(stage: Stage, seconds: dict[str, float]) -> Stage:
    """Wall time per stage name, summed over batches: where a run spends its time (printed by benchmarks)."""

    def run(name: str, fn: Callable, *args, **kwargs):
        started = time.perf_counter()
        try:
            return stage(name, fn, *args, **kwargs)
        finally:
            seconds[name] = round(seconds.get(name, 0.0) + time.perf_counter() - started, 3)

    return run


# Batches submitted ahead of the one being finished: they run meanwhile in the worker processes (or on Dask),
# at the cost of their memory.
LOOKAHEAD = 2
LINK_ARTICLE_COLUMNS = ["article_id", "content_sha256", "published_at", "duplicate_of", "near_duplicate_of", "story_id"]
LINK_EVENT_COLUMNS = [
    "event_id",
    "article_id",
    "event_type",
    "event_date",
    "date_precision",
    "actor_countries",
    "mention_kind",
    "actor1_type",
    "actor1",
    "actor1_country",
    "actor2",
    "actor2_country",
    "canonical_event_id",
]


@dataclass
class RunState:
    """What a run keeps between batches: ids, link columns, counts and lake paths, never article bodies or
    per-file records (each batch writes its own manifest part); so memory grows by a few hundred bytes per
    article, not by the article."""

    changed: list[str]
    known_sha: dict[str, str]
    first_seen: dict[str, str]
    touched: dict[str, int]
    duplicates: DuplicateIndex = field(default_factory=DuplicateIndex)
    near: NearDuplicateIndex | None = None
    first_new_signature: int = 0  # rows of `near` before this are the warehouse's
    link_articles: list[pl.DataFrame] = field(default_factory=list)
    link_events: list[pl.DataFrame] = field(default_factory=list)
    reject_ids: set[str] = field(default_factory=set)
    reject_checks: Counter = field(default_factory=Counter)
    file_statuses: Counter = field(default_factory=Counter)
    parts: dict[str, list] = field(default_factory=dict)
    dq: list[dict] = field(default_factory=list)
    checked: dict[str, list[int]] = field(default_factory=dict)  # table -> [rows rejected, rows checked]
    entities: int = 0
    waited: float = 0.0  # seconds the run's process waited for batches still in the workers
    batches: int = 0  # batches written to the lake (each writes part-<n>)
    split: dict[str, dict] = field(default_factory=dict)  # manifest rows of split files whose last part is to come

    def add_parts(self, written: dict) -> None:
        for table, path in written.items():
            self.parts.setdefault(table, []).append(path)


@dataclass
class Run:
    """One run of the pipeline: what stays fixed for the run (connection, settings, ids, lake) and what it
    accumulates (state), so the stages are called by name without passing the run along."""

    con: duckdb.DuckDBPyConnection
    settings: Settings
    stage: Stage
    run_id: str
    now: datetime
    lake: Lake
    summary: RunSummary
    state: RunState = field(init=False)
    # the run's event taxonomy: the shipped types and the user's (NEWSEVENTS_DATA_DIR/event_types.csv)
    event_types: frozenset[str] = field(init=False)

    def execute(self) -> None:
        stage, settings = self.stage, self.settings
        files, problems = stage("discover", discover_inputs, settings)
        manifest = store.known_files(self.con)
        cmp = stage(
            "compare_manifest",
            compare_with_manifest,
            files,
            manifest,
            settings.verify_unchanged,
            store.dependent_files(self.con),
        )
        del files
        # A listing problem already recorded (a link not followed) is not rejected again on every run.
        settled = set(manifest.filter(pl.col("file_sha256") == NEVER_READ)["source_uri"])
        fresh = [p for p in problems if p.uri not in settled]
        cmp.unchanged, problems = cmp.unchanged + len(problems) - len(fresh), fresh
        skipped = [p for p in problems if p.check == "not_regular_file"]
        if skipped:
            more = f"; and {len(skipped) - 10} more (see input_files)" if len(skipped) > 10 else ""
            self.summary.warnings.append("; ".join(f"{p.uri}: {p.reason}" for p in skipped[:10]) + more)
        del manifest
        self.state = RunState(
            changed=cmp.changed, known_sha=cmp.known_sha, first_seen=cmp.first_seen, touched=cmp.touched
        )
        self.state.file_statuses["unchanged"] = cmp.unchanged
        self.event_types = frozenset(load_taxonomy(settings.data_dir))
        batches = iter(
            stage(
                "plan_batches",
                plan_batches,
                cmp.todo,
                settings.batch_size,
                settings.max_file_bytes,
                settings.extract_workers(),
            )
        )
        cmp.todo = []
        pending: list = []

        def submit_next() -> None:
            batch = next(batches, None)
            if batch is not None:
                job = BatchJob(
                    files=batch, known_sha=self.state.known_sha, settings=settings, run_id=self.run_id, now=self.now
                ).chunk(batch)
                pending.append(stage("process", process_files, job))

        for _ in range(LOOKAHEAD):
            submit_next()
        while pending:
            processed = pending.pop(0)
            submit_next()
            self.finish_batch(processed)
        if self.state.batches == 0 or problems:  # the listing's problems; with nothing processed, still DQ
            rejects = [Reject("discover", p.uri, p.check or "unreadable", p.reason or "") for p in problems]
            self.finish_batch(Processed.empty(outcomes=problems, rejects=rejects))
        self.summary.stage_seconds["wait_for_workers"] = round(self.state.waited, 3)
        self.finish_run()

    def finish_batch(self, processed) -> None:
        """deduplicate, validate and write_lake one processed batch (with its part of the manifest); keep only
        what linking needs."""
        state, stage, con = self.state, self.stage, self.con
        started = time.perf_counter()
        processed = collect(processed)
        state.waited += time.perf_counter() - started
        if processed.articles.height and state.near is None:
            state.near = NearDuplicateIndex(self.settings.near_duplicate_threshold)
            state.near.add(*store.stored_signatures(con, state.changed))
            state.first_new_signature = len(state.near)
        existing = store.dedup_context(con, processed.articles, state.changed)
        kept, same = stage("deduplicate", deduplicate, processed, state, existing)
        originals = kept.filter(pl.col("duplicate_of").is_null())["article_id"]
        entities = processed.entities.filter(pl.col("article_id").is_in(originals.implode()))
        # Until the run is linked every article is its own story and every event its own canonical event (what
        # linking gives a row with no partner); the staged parts are rewritten with the real links.
        kept = kept.with_columns(("s_" + pl.col("article_id").str.slice(2)).alias("story_id"))
        events = processed.events.filter(pl.col("article_id").is_in(originals.implode())).with_columns(
            ("c_" + pl.col("event_id").str.slice(2)).alias("canonical_event_id")
        )
        if same.height:  # a second copy of an article in this batch (same id) was extracted too: keep one
            entities = entities.unique("mention_id", keep="first", maintain_order=True)
            events = events.unique("event_id", keep="first", maintain_order=True)
        frames, rejects, dq, counts = stage(
            "validate", validate, kept, events, entities, processed.rejects, self.run_id, self.now, self.event_types
        )
        rejects = rejects.filter(~pl.col("reject_id").is_in(list(state.reject_ids)))
        state.reject_ids.update(rejects["reject_id"])
        state.reject_checks.update(rejects["check_name"].to_list())
        state.dq += dq
        for table, (bad, total) in counts.items():
            acc = state.checked.setdefault(table, [0, 0])
            acc[0], acc[1] = acc[0] + bad, acc[1] + total
        outcomes = _one_outcome_per_file(processed.outcomes)
        manifest = build_manifest(outcomes, frames["articles"], same, rejects, self.run_id, state.first_seen, self.now)
        manifest = self.whole_files(manifest, outcomes)
        state.file_statuses.update(manifest["status"].to_list())
        state.link_articles.append(frames["articles"].select(LINK_ARTICLE_COLUMNS))
        state.link_events.append(frames["events"].select(LINK_EVENT_COLUMNS))
        state.entities += frames["entities"].height
        state.add_parts(
            stage(
                "write_lake",
                self.lake.write,
                self.run_id,
                {**frames, "rejects": rejects, "input_files": manifest},
                part=state.batches,
            )
        )
        state.batches += 1

    def whole_files(self, manifest: pl.DataFrame, outcomes: list[FileOutcome]) -> pl.DataFrame:
        """The batch's manifest with one row per whole file: the rows of a split file's parts are merged, and its
        row is written with its last part's batch (the manifest never says 'loaded' for half a file)."""
        parts = {o.uri: o.part for o in outcomes if o.part is not None}
        if not parts:
            return manifest
        rows = []
        for row in manifest.iter_rows(named=True):
            part = parts.get(row["source_uri"])
            if part is None:
                rows.append(row)
                continue
            merged = _merge_part_rows(self.state.split.pop(row["source_uri"], None), row)
            if part[0] == part[1] - 1:
                rows.append(merged)
            else:
                self.state.split[row["source_uri"]] = merged
        return pl.DataFrame(rows, schema=manifest.schema)

    def finish_run(self) -> None:
        """link the whole run (stories, canonical events), write the link columns into the staged parts and the
        DQ results (write_lake), then load_warehouse: everything in one transaction."""
        state, stage, settings, summary = self.state, self.stage, self.settings, self.summary
        articles = pl.concat(state.link_articles)
        events = pl.concat(state.link_events)
        state.link_articles = state.link_events = []
        dq = _sum_dq(state.dq)
        statuses = state.file_statuses
        summary.files_seen = sum(statuses.values())
        summary.files_unchanged = statuses["unchanged"]
        # an incomplete file's articles are loaded (without the events of some): counted as loaded, and said
        summary.files_loaded = statuses["loaded"] + statuses["incomplete"]
        summary.files_duplicate = statuses["duplicate"]
        if statuses["incomplete"]:
            summary.warnings.append(
                f"{statuses['incomplete']} file(s) loaded without the events of some articles (extract_error in "
                "rejects; input_files status 'incomplete'): they are read again by the next run"
            )
        summary.files_rejected = statuses["rejected"]
        summary.articles, summary.events = articles.height, events.height
        summary.entities, summary.rejects = state.entities, len(state.reject_ids)
        summary.dq = dq.to_dicts()
        summary.top_reject_reasons = state.reject_checks.most_common(5)
        over = {
            t: bad / total
            for t, (bad, total) in state.checked.items()
            if total and bad / total > settings.max_reject_share
        }
        run_update = {
            "files_seen": summary.files_seen,
            "files_loaded": summary.files_loaded,
            "files_duplicate": summary.files_duplicate,
            "files_rejected": summary.files_rejected,
            "files_unchanged": summary.files_unchanged,
            "rejects": summary.rejects,
            "finished_at": datetime.now(UTC),
        }
        if over:
            # Too much rejected: load nothing but the evidence (rejects, DQ results) and a failed run record.
            summary.status = "failed"
            summary.error = "; ".join(
                f"{t}: {s:.0%} of rows rejected (limit {settings.max_reject_share:.0%})" for t, s in over.items()
            )
            self.lake.drop_run_tables(self.run_id, ("articles", "events", "entities", "input_files"))
            written = stage("write_lake", self.lake.write, self.run_id, {"dq_results": dq}, part=state.batches)
            summary.articles = summary.events = summary.entities = 0
            stage(
                "load_warehouse",
                store.load_run,
                self.con,
                store.RunLoad(
                    run_id=self.run_id,
                    lake=self.lake,
                    parts={"rejects": state.parts.get("rejects", []), "dq_results": [written["dq_results"]]},
                    run_update={**run_update, "status": "failed", "articles": 0, "events": 0, "error": summary.error},
                ),
            )
            return
        existing = store.link_context(self.con, articles, events, settings.story_window_days, state.changed)
        articles, events, story_updates, canonical_updates = stage("link", link, articles, events, existing, settings)
        for table, frame, key, column in (
            ("articles", articles, "article_id", "story_id"),
            ("events", events, "event_id", "canonical_event_id"),
        ):
            links = frame.select(key, column)
            stage("write_lake", self.lake.relink, state.parts.get(table, []), table, key, column, links)
        state.add_parts(stage("write_lake", self.lake.write, self.run_id, {"dq_results": dq}, part=state.batches))
        fault_point("after_lake_write")
        fingerprints = None
        if state.near is not None and len(state.near) > state.first_new_signature:
            signatures = state.near.signatures(state.first_new_signature).astype(np.uint64)
            fingerprints = pl.DataFrame(
                {
                    "article_id": state.near.ids[state.first_new_signature :],
                    "minhash": pl.Series(signatures).cast(pl.List(pl.UInt64)),
                }
            ).filter(pl.col("article_id").is_in(articles["article_id"].implode()))
        # The load holds DuckDB's memory (up to its cap): let go of the run's indexes and link frames first.
        state.near, state.duplicates, state.reject_ids = None, DuplicateIndex(), set()
        del articles, events, existing
        stage(
            "load_warehouse",
            store.load_run,
            self.con,
            store.RunLoad(
                run_id=self.run_id,
                lake=self.lake,
                parts=state.parts,
                replaced_files=state.changed,
                story_updates=story_updates,
                canonical_updates=canonical_updates,
                fingerprints=fingerprints,
                touched=state.touched,
                run_update={
                    **run_update,
                    "status": "succeeded",
                    "articles": summary.articles,
                    "events": summary.events,
                },
            ),
        )
        summary.status = "succeeded"


def _sum_dq(rows: list[dict]) -> pl.DataFrame:
    """DQ rows of all batches: failures and rows checked summed per check."""
    df = conform(pl.DataFrame(rows, infer_schema_length=None), "dq_results")
    if not df.height:
        return df
    keys = ["run_id", "table_name", "check_name", "column_name", "severity"]
    summed = df.group_by(keys, maintain_order=True).agg(pl.col("failed_rows").sum(), pl.col("total_rows").sum())
    return conform(summed.with_columns((pl.col("failed_rows") == 0).alias("passed")), "dq_results")
