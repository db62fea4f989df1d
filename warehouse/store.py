"""load_warehouse stage: the DuckDB warehouse (one transaction per run; the lake is warehouse/lake.py).

DuckDB allows one writer process and locks the file even against readers, so a run takes an advisory file
lock first (`<warehouse>.lock`, holding the PID) and a second run or a query gets a clear message naming the
holder instead of a DuckDB lock traceback."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import socket
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from newsevents.faults import fault_point
from newsevents.link.linking import NUM_PERM, Existing
from schemas.ddl import add_missing_columns_sql, comment_sql, conform, create_table_sql, polars_schema
from schemas.tables import TABLES
from warehouse.lake import (  # noqa: F401  (DiskFull, disk_full, low_on_space: used through store)
    DiskFull,
    Lake,
    NotOurs,
    disk_full,
    low_on_space,
)

MARTS_DIR = Path(__file__).parent / "marts"


class WarehouseBusy(RuntimeError):
    pass


def lock_path(warehouse: Path) -> Path:
    """Beside the real file: a warehouse reached through a symbolic link is locked by the same lock file."""
    real = Path(os.path.realpath(warehouse))
    return real.with_name(real.name + ".lock")


def check_not_busy(warehouse: Path) -> None:
    """Raise WarehouseBusy now if a run holds the warehouse (before Prefect starts a flow that would fail)."""
    with writer_lock(warehouse):
        pass


# Lock files held by this process: lock path -> (thread that took it, depth). The command line takes the lock before
# Prefect starts and the run, in the same thread, takes it again; any other thread or process is told "busy".
_HELD: dict[Path, tuple[int, int]] = {}


@contextmanager
def writer_lock(warehouse: Path, wait: bool = False):
    """Exclusive advisory lock for the one writer. Raises WarehouseBusy naming the holder. Re-entrant in the thread
    that holds it: the command line holds it from before the busy check to the end of the run, and the run (in the
    same thread, inside a Prefect flow or not) takes it again."""
    path = lock_path(warehouse)
    me = threading.get_ident()
    if path in _HELD and _HELD[path][0] == me:
        _HELD[path] = (me, _HELD[path][1] + 1)
        try:
            yield
        finally:
            _HELD[path] = (me, _HELD[path][1] - 1)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(path, "a+")  # noqa: SIM115 - held open (and locked) for the whole run, closed below
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise WarehouseBusy(
                f"warehouse {warehouse} is being written by {holder}; try again when it finishes"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} on {socket.gethostname()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC")
        fh.flush()
        _HELD[path] = (me, 1)
        yield
    finally:
        if _HELD.get(path, (None,))[0] == me:
            del _HELD[path]
        try:
            fh.seek(0)
            fh.truncate()
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()


def connect_readonly(warehouse: Path, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `newsevents run` first")
    try:
        return duckdb.connect(str(warehouse), read_only=True, config=config or {})
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            holder = lock_path(warehouse).read_text().strip() if lock_path(warehouse).exists() else "another process"
            raise WarehouseBusy(
                f"warehouse {warehouse} is busy (being written by {holder or 'another process'}); "
                "queries work again when the run finishes"
            ) from None
        raise


def connect_writer(warehouse: Path, memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """The run's read-write connection. memory_limit caps DuckDB's own memory (it spills to <warehouse>.tmp
    beyond it): a load of 100k articles in one transaction otherwise keeps >1 GB cached in the process."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(warehouse))
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():  # another process (not a newsevents run) has the file open
            raise WarehouseBusy(
                f"warehouse {warehouse} is open in another process: {str(exc).splitlines()[0]}"
            ) from None
        raise
    if memory_limit:
        if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", memory_limit.strip(), re.I):
            raise ValueError(f"DuckDB memory limit '{memory_limit}' should look like 256MB or 2GB")
        con.execute(f"SET memory_limit = '{memory_limit.strip()}'")
    ensure_schema(con)
    return con


@dataclass
class WarehouseFile:
    """What is at the warehouse path before a run opens it for writing."""

    exists: bool
    warehouse_id: str | None = None  # None: no file yet, or one written before warehouses had an id
    runs: set[str] = field(default_factory=set)  # every run it recorded


OWN_TABLES = {"runs", "input_files"}  # every newsevents warehouse has them


def inspect_warehouse(warehouse: Path) -> WarehouseFile:
    """The file at the warehouse path, opened read-only: NotOurs when it is not a DuckDB file or a DuckDB database
    of something else (a run would write its tables into it, a full refresh would delete it)."""
    if not warehouse.exists() and not warehouse.is_symlink():
        return WarehouseFile(False)
    if not warehouse.is_file():
        raise NotOurs(f"warehouse {warehouse} is not a file: give --warehouse a DuckDB file (nothing was changed)")
    with open(warehouse, "rb") as fh:
        head = fh.read(12)
    if head[8:12] != b"DUCK":  # DuckDB's magic bytes, after an 8-byte checksum
        raise NotOurs(
            f"warehouse {warehouse} is not a DuckDB file, so not a newsevents warehouse: give --warehouse the "
            "warehouse file or a new file name (nothing was changed)"
        )
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseBusy(
                f"warehouse {warehouse} is open in another process: {str(exc).splitlines()[0]}"
            ) from None
        raise
    try:
        tables = {r[0] for r in con.sql("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
        if tables and not tables >= OWN_TABLES:
            shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
            raise NotOurs(
                f"warehouse {warehouse} is a DuckDB database of something else (tables: {shown}), not a newsevents "
                "warehouse: give --warehouse the warehouse file or a new file name (nothing was changed)"
            )
        if not tables:
            return WarehouseFile(True)
        wid = None
        if "warehouse_identity" in tables:
            found = con.sql("SELECT warehouse_id FROM warehouse_identity LIMIT 1").fetchall()
            wid = found[0][0] if found else None
        return WarehouseFile(True, wid, {r[0] for r in con.sql("SELECT run_id FROM runs").fetchall()})
    finally:
        con.close()


def warehouse_id(con: duckdb.DuckDBPyConnection) -> str:
    """The warehouse's own id (made when it was created, or first opened by this version): its lake names it."""
    return con.sql("SELECT warehouse_id FROM warehouse_identity LIMIT 1").fetchall()[0][0]


def _ensure_identity(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS warehouse_identity (warehouse_id VARCHAR NOT NULL, created_at TIMESTAMPTZ)")
    if not con.sql("SELECT count(*) FROM warehouse_identity").fetchall()[0][0]:
        con.execute("INSERT INTO warehouse_identity VALUES (?, now())", [uuid.uuid4().hex])


def schema_version() -> str:
    """A hash of everything ensure_schema creates: the tables' DDL and comments and the marts' SQL."""
    parts = [create_table_sql(t) + "\n".join(comment_sql(t)) for t in TABLES]
    parts += [f.read_text(encoding="utf-8") for f in sorted(MARTS_DIR.glob("*.sql"))]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create or bring up to date the tables, comments and marts; skipped (~0.3 s) when the warehouse already
    has this version's schema."""
    version = schema_version()
    _ensure_identity(con)
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version VARCHAR NOT NULL)")
    if con.execute("SELECT count(*) FROM schema_version WHERE version = ?", [version]).fetchall()[0][0]:
        return
    con.execute("BEGIN TRANSACTION")  # all of it or nothing: a stop halfway leaves the old version to redo
    try:
        _upgrade_schema(con, version)
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise


def _upgrade_schema(con: duckdb.DuckDBPyConnection, version: str) -> None:
    for table in TABLES:
        con.execute(create_table_sql(table))
        existing = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND "
                "schema_name = 'main' AND database_name = current_database()",
                [table],
            ).fetchall()
        }
        for stmt in add_missing_columns_sql(table, existing):
            con.execute(stmt)
    con.execute(
        "CREATE TABLE IF NOT EXISTS article_fingerprints (article_id VARCHAR PRIMARY KEY, minhash UBIGINT[] NOT NULL)"
    )
    for table in TABLES:
        for stmt in comment_sql(table):
            con.execute(stmt)
    create_marts(con)
    # A new schema or mart definition (an upgrade): every materialized mart is recomputed from its view now, and
    # marts no longer shipped are dropped, so marts.x never keeps an older definition's rows until some run
    # happens to load articles.
    db = _catalog(con)
    shipped = set(mart_names())
    for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' AND database_name = current_database()"
    ).fetchall():
        if name not in shipped:
            con.execute(f'DROP TABLE {db}.marts."{name}"')
            con.execute(f'DROP VIEW IF EXISTS {db}.main."{name}"')
    _materialize(con, shipped)
    con.execute("DELETE FROM schema_version")
    con.execute("INSERT INTO schema_version VALUES (?)", [version])


def mart_view_name(sql: str) -> str:
    """The view a mart's SQL file creates (`CREATE OR REPLACE VIEW <name>`)."""
    m = re.search(r"CREATE OR REPLACE VIEW (\w+)", sql)
    if m is None:
        raise ValueError(f"a mart's SQL must create one view (CREATE OR REPLACE VIEW name AS ...): {sql[:80]!r}")
    return m.group(1)


def mart_names() -> list[str]:
    return list(mart_sources())


def create_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Each mart is a live view (main.<name>) and a materialized copy (marts.<name>) that every load refreshes:
    BI dashboards read the copy (milliseconds at 1M events), ad-hoc SQL may use either."""
    for sql_file in sorted(MARTS_DIR.glob("*.sql")):
        con.execute(sql_file.read_text(encoding="utf-8"))
    db = _catalog(con)  # qualified: a warehouse file named marts.duckdb would make 'marts' ambiguous
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {db}.marts")
    for name in mart_names():
        con.execute(f"CREATE TABLE IF NOT EXISTS {db}.marts.{name} AS SELECT * FROM {db}.main.{name}")


def mart_sources() -> dict[str, set[str]]:
    """mart -> the tables its SQL reads (FROM / JOIN)."""
    out = {}
    for f in sorted(MARTS_DIR.glob("*.sql")):
        sql = f.read_text(encoding="utf-8")
        out[mart_view_name(sql)] = set(re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", sql, re.I))
    return out


def refresh_marts(con: duckdb.DuckDBPyConnection, changed: set[str] | None = None) -> None:
    """Recompute the materialized marts that read a changed table (all of them when changed is None): a run
    that loads no articles refreshes the run marts only (~0.5 s saved per no-op run at 100k articles)."""
    _materialize(con, {name for name, sources in mart_sources().items() if changed is None or sources & changed})


def _materialize(con: duckdb.DuckDBPyConnection, names: set[str]) -> None:
    db = _catalog(con)
    for name in mart_names():
        if name in names:
            con.execute(f"CREATE OR REPLACE TABLE {db}.marts.{name} AS SELECT * FROM {db}.main.{name}")


def _catalog(con: duckdb.DuckDBPyConnection) -> str:
    return '"' + con.sql("SELECT current_database()").fetchall()[0][0].replace('"', '""') + '"'


# --- warehouse reads used by a run ------------------------------------------------------------------------


def committed_runs(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.sql("SELECT run_id FROM runs WHERE status = 'succeeded'").fetchall()}


def committed(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    """The run's load committed (its row says succeeded); False when the connection cannot tell."""
    try:
        return bool(
            con.execute("SELECT count(*) FROM runs WHERE run_id = ? AND status = 'succeeded'", [run_id]).fetchall()[0][
                0
            ]
        )
    except duckdb.Error:
        return False


def uncommitted_runs(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Runs of this warehouse whose lake parts were never loaded: killed (still 'running') or failed before their
    load committed. A run that failed its reject-share check committed its rejects and DQ results: not these."""
    return {
        r[0]
        for r in con.sql(
            "SELECT run_id FROM runs WHERE status <> 'succeeded' "
            "AND run_id NOT IN (SELECT run_id FROM dq_results) AND run_id NOT IN (SELECT run_id FROM rejects)"
        ).fetchall()
    }


def known_files(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The manifest's files: source_uri, file_sha256, size_bytes, modified_ns, first_seen_run, status (an
    'incomplete' file is read again by every run until its extraction succeeds)."""
    return con.sql(
        "SELECT source_uri, file_sha256, size_bytes, modified_ns, first_seen_run, status FROM input_files"
    ).pl()


def dependent_files(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Files whose articles were recorded as duplicates (exact or near) of an article of another file: source_uri,
    original_file. When the original file changes, its article is replaced and these must be read again."""
    return (
        con.sql("""
        SELECT DISTINCT split_part(d.source_uri, '#', 1) AS source_uri,
                        split_part(o.source_uri, '#', 1) AS original_file
        FROM articles d JOIN articles o ON o.article_id = d.duplicate_of OR o.article_id = d.near_duplicate_of
        WHERE (d.duplicate_of IS NOT NULL OR d.near_duplicate_of IS NOT NULL)
        UNION
        SELECT DISTINCT i.source_uri, split_part(o.source_uri, '#', 1)
        FROM input_files i JOIN articles o ON o.article_id = i.duplicate_of
        WHERE i.duplicate_of IS NOT NULL""")
        .pl()
        .filter(pl.col("source_uri") != pl.col("original_file"))
    )


# Rows of files being replaced (changed since their load) are never linked to.
_KEEP = (
    "a.source_uri NOT IN (SELECT uri FROM replaced_files) "
    "AND split_part(a.source_uri, '#', 1) NOT IN (SELECT uri FROM replaced_files)"
)


@contextmanager
def _batch_views(con: duckdb.DuckDBPyConnection, articles: pl.DataFrame | None, exclude_files: list[str]):
    """Views replaced_files (for _KEEP) and, given articles, batch_articles."""
    if articles is not None:
        con.register("batch_articles", articles.select("article_id", "content_sha256", "published_at").to_arrow())
    con.register("replaced_files", pl.DataFrame({"uri": exclude_files}, schema={"uri": pl.String}).to_arrow())
    try:
        yield
    finally:
        if articles is not None:
            con.unregister("batch_articles")
        con.unregister("replaced_files")


def dedup_context(con: duckdb.DuckDBPyConnection, articles: pl.DataFrame, exclude_files: list[str]) -> Existing:
    """What new articles may duplicate in the warehouse: same bodies, same ids."""
    ex = Existing()
    if articles.height == 0:
        return ex
    with _batch_views(con, articles, exclude_files):
        ex.by_content = dict(
            con.sql(f"""
            SELECT a.content_sha256, min(a.article_id) FROM articles a
            WHERE a.duplicate_of IS NULL AND {_KEEP} AND a.content_sha256 IN (SELECT content_sha256 FROM batch_articles)
            GROUP BY 1""").fetchall()
        )
        ex.article_ids = {
            r[0]
            for r in con.sql(
                f"SELECT a.article_id FROM articles a WHERE {_KEEP} "
                "AND a.article_id IN (SELECT article_id FROM batch_articles)"
            ).fetchall()
        }
    return ex


def stored_signatures(con: duckdb.DuckDBPyConnection, exclude_files: list[str]) -> tuple[list[str], np.ndarray]:
    """MinHash signatures of the articles already loaded (for near-duplicates), as ids and one uint64 matrix."""
    with _batch_views(con, None, exclude_files):
        fps = con.sql(
            f"SELECT f.article_id, f.minhash FROM article_fingerprints f JOIN articles a USING (article_id) "
            f"WHERE {_KEEP} ORDER BY f.article_id"
        ).pl()
    if not fps.height:
        return [], np.zeros((0, NUM_PERM), dtype=np.uint32)
    return fps["article_id"].to_list(), fps["minhash"].list.to_array(NUM_PERM).to_numpy().astype(np.uint32)


def link_context(
    con: duckdb.DuckDBPyConnection,
    articles: pl.DataFrame,
    events: pl.DataFrame,
    window_days: int,
    exclude_files: list[str],
) -> Existing:
    """What new rows may link to: stories within the time window, events with the same type and date."""
    ex = Existing()
    if articles.height == 0:
        return ex
    with _batch_views(con, articles, exclude_files):
        ex.stories = con.sql(f"""
            WITH bounds AS (SELECT min(published_at) - INTERVAL {int(window_days)} DAY lo,
                                   max(published_at) + INTERVAL {int(window_days)} DAY hi
                            FROM batch_articles)
            SELECT a.article_id, a.story_id, a.published_at,
                   list(DISTINCT CASE WHEN e.mention_kind = 'current' AND e.actor1_type IN ('PERSON', 'ORG')
                                      THEN 'actor:' || e.event_type || ':' || e.actor1 END)
                       FILTER (WHERE e.actor1 IS NOT NULL) AS k1,
                   list(DISTINCT CASE WHEN e.mention_kind = 'current' AND e.date_precision = 'day'
                                      THEN 'event:' || e.canonical_event_id END) AS k2
            FROM articles a, bounds LEFT JOIN events e ON e.article_id = a.article_id
            WHERE {_KEEP} AND a.published_at BETWEEN bounds.lo AND bounds.hi
            GROUP BY ALL""").pl()
        if ex.stories.height:
            ex.stories = ex.stories.with_columns(
                pl.concat_list([pl.col("k1").list.drop_nulls(), pl.col("k2").list.drop_nulls()]).alias("keys")
            ).drop("k1", "k2")
        if events.height:
            con.register("batch_events", events.select("event_type", "event_date").unique().to_arrow())
            ex.events = con.sql(f"""
                SELECT e.event_id, e.event_type, e.event_date, e.date_precision, e.actor1, e.actor1_country,
                       e.actor2, e.actor2_country, e.canonical_event_id
                FROM events e JOIN articles a USING (article_id)
                WHERE {_KEEP}
                  AND (e.event_type, e.event_date) IN (SELECT (event_type, event_date) FROM batch_events)""").pl()
            con.unregister("batch_events")
    return ex


# Tables whose rows a changed input file's replacement deletes.
REPLACED_TABLES = ("articles", "events", "entities", "article_fingerprints", "input_files")

# --- the load ---------------------------------------------------------------------------------------------


def begin_run(con: duckdb.DuckDBPyConnection, run: dict) -> None:
    """Mark earlier runs that never finished (killed) as failed, then record this one as running."""
    con.execute(
        "UPDATE runs SET status = 'failed', error = 'interrupted: the process stopped before the load finished', "
        "finished_at = coalesce(finished_at, now()) WHERE status = 'running'"
    )
    con.register("run_row", conform(pl.DataFrame([run]), "runs", optional=("finished_at", "error")).to_arrow())
    con.execute("INSERT INTO runs BY NAME SELECT * FROM run_row")
    con.unregister("run_row")


@dataclass
class RunLoad:
    """Everything a run hands to the warehouse in its one transaction."""

    run_id: str
    run_update: dict  # columns of the run's row in `runs` (status, counts, finished_at, ...)
    parts: dict[str, list[str]]  # table -> the run's Parquet parts in the lake
    lake: Lake | None = None  # to let DuckDB read a lake that is not local
    replaced_files: list[str] = field(default_factory=list)  # changed input files whose old rows go
    story_updates: dict[str, str] = field(default_factory=dict)  # article_id -> story_id of older rows
    canonical_updates: dict[str, str] = field(default_factory=dict)  # event_id -> canonical_event_id
    fingerprints: pl.DataFrame | None = None
    touched: dict[str, int] = field(default_factory=dict)  # unchanged files whose mtime moved: uri -> ns


def insert_parts_sql(table: str, verb: str = "INSERT") -> str:
    """INSERT by column name, the columns listed from the model: a column may sit anywhere in the model, and a
    part that lacks one fails the load instead of filling it with nulls."""
    cols = ", ".join(f'"{c}"' for c in polars_schema(table))
    return f"{verb} INTO {table} ({cols}) SELECT {cols} FROM read_parquet(?, hive_partitioning = false)"


def load_run(con: duckdb.DuckDBPyConnection, load: RunLoad) -> None:
    """Everything of a run in one transaction: rows of replaced (changed) input files are deleted, the run's
    Parquet parts inserted, links of older rows updated, the run row finished. Any error rolls back."""
    if load.lake is not None:
        load.lake.register(con)
    parts = load.parts
    con.execute("BEGIN TRANSACTION")
    try:
        if load.replaced_files:
            con.register("replaced", pl.DataFrame({"uri": load.replaced_files}).to_arrow())
            doomed = (
                "SELECT article_id FROM articles WHERE source_uri IN (SELECT uri FROM replaced) "
                "OR split_part(source_uri, '#', 1) IN (SELECT uri FROM replaced)"
            )
            for table in ("events", "entities", "article_fingerprints"):
                con.execute(f"DELETE FROM {table} WHERE article_id IN ({doomed})")
            con.execute(f"DELETE FROM articles WHERE article_id IN ({doomed})")
            con.execute("DELETE FROM input_files WHERE source_uri IN (SELECT uri FROM replaced)")
            # and the rejects of its earlier version (a file unreadable then, loaded now, leaves no stale reject)
            con.execute(
                "DELETE FROM rejects WHERE source_uri IN (SELECT uri FROM replaced) "
                "OR split_part(source_uri, '#', 1) IN (SELECT uri FROM replaced)"
            )
            con.unregister("replaced")
        changed = {"runs", "rejects", *REPLACED_TABLES} if load.replaced_files else {"runs"}
        if load.story_updates:
            changed.add("articles")
        if load.canonical_updates:
            changed.add("events")
        for table in ("articles", "events", "entities", "rejects", "dq_results"):
            if parts.get(table):
                inserted = con.execute(insert_parts_sql(table), [[str(f) for f in parts[table]]]).fetchall()[0][0]
                if inserted:
                    changed.add(table)
                fault_point(f"during_load_{table}")
        if parts.get("input_files"):
            con.execute(insert_parts_sql("input_files", "INSERT OR REPLACE"), [[str(f) for f in parts["input_files"]]])
        if load.touched:
            con.register(
                "touched",
                pl.DataFrame(
                    {"uri": list(load.touched), "ns": list(load.touched.values())},
                    schema={"uri": pl.String, "ns": pl.Int64},
                ).to_arrow(),
            )
            con.execute(
                "UPDATE input_files SET modified_ns = touched.ns FROM touched "
                "WHERE input_files.source_uri = touched.uri"
            )
            con.unregister("touched")
        if load.fingerprints is not None and load.fingerprints.height:
            con.register("fp", load.fingerprints.to_arrow())
            con.execute("INSERT OR REPLACE INTO article_fingerprints BY NAME SELECT * FROM fp")
            con.unregister("fp")
        _apply_updates(con, "articles", "article_id", "story_id", load.story_updates)
        _apply_updates(con, "events", "event_id", "canonical_event_id", load.canonical_updates)
        finish_run(con, load.run_id, load.run_update)
        refresh_marts(con, changed)  # in the same transaction: the materialized marts never disagree with the tables
        con.execute("COMMIT")
    except BaseException:
        # DuckDB may have rolled back already (an I/O error ends the transaction): keep the error that did it
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise


def _apply_updates(con, table: str, key: str, column: str, updates: dict[str, str]) -> None:
    if not updates:
        return
    con.register("upd", pl.DataFrame({"k": list(updates), "v": list(updates.values())}).to_arrow())
    con.execute(f"UPDATE {table} SET {column} = upd.v FROM upd WHERE {table}.{key} = upd.k")
    con.unregister("upd")


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, run_update: dict) -> None:
    """Set columns of the run's row (by name)."""
    sets = ", ".join(f"{k} = ?" for k in run_update)
    con.execute(f"UPDATE runs SET {sets} WHERE run_id = ?", [*run_update.values(), run_id])


class QueryRefused(duckdb.Error):
    """A statement `query` does not run: not one read-only SELECT, or stopped by one of its limits."""


class QueryStopped(QueryRefused):
    """A statement stopped by its time or memory limit (or its process ended); the message says which."""


def sandboxed_select(sql: str, max_rows: int) -> str:
    """sql as one read-only SELECT with the row limit applied by DuckDB, or QueryRefused. DuckDB's own parser
    says what the statement is (never a regex)."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(str(exc).splitlines()[0]) from None
    if len(statements) != 1:
        raise QueryRefused(f"one statement at a time, got {len(statements)}")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise QueryRefused(
            f"`query` runs one read-only SELECT; {kind.name} statements are refused "
            "(no INSERT, COPY, ATTACH, EXPORT, INSTALL, LOAD, SET, ...)"
        )
    wrapped = f"SELECT * FROM (\n{statements[0].query.strip().rstrip(';')}\n) AS q LIMIT {int(max_rows)}"
    check = duckdb.extract_statements(wrapped)
    if len(check) != 1 or check[0].type != duckdb.StatementType.SELECT:
        raise QueryRefused("the statement does not stand alone as a subquery")
    return wrapped


def query(
    warehouse: Path, sql: str, max_rows: int = 1_000_000, timeout: float = 60.0, memory_limit: str = "2GB"
) -> tuple[list[str], list[tuple]]:
    """Up to max_rows rows of one SELECT on the warehouse, in a sandbox (warehouse/sandbox.py): a child process
    with the file opened read-only, no external access, no temporary directory, no file writes, at most
    memory_limit of memory, killed after timeout seconds or on Ctrl-C. Raises QueryRefused (not one SELECT),
    QueryStopped (a limit stopped it), WarehouseBusy, or DuckDB's own error."""
    from warehouse import sandbox

    wrapped = sandboxed_select(sql, max_rows)
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `newsevents run` first")
    try:
        result = sandbox.run(warehouse, wrapped, timeout, memory_limit)
    except sandbox.Stopped as exc:
        raise QueryStopped(str(exc)) from None
    if isinstance(result[0], list):
        return result
    kind, message = result
    if kind == "busy":
        holder = lock_path(warehouse).read_text().strip() if lock_path(warehouse).exists() else ""
        raise WarehouseBusy(
            f"warehouse {warehouse} is busy (being written by {holder or 'another process'}); "
            "queries work again when the run finishes"
        )
    error = getattr(duckdb, str(kind).removeprefix("error:"), None)
    if not (isinstance(error, type) and issubclass(error, duckdb.Error)):
        error = duckdb.Error
    raise error(message)
