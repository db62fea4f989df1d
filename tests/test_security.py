"""`query` as a sandbox (issue 13, item 14): one read-only SELECT, no file, network or extension access, the
configuration locked, a row limit applied by DuckDB, a time limit and Ctrl-C; and data printed literally.
Issue 22: the limits bound the process for real (no temporary directory, a kernel memory cap, a hard kill at the
time limit, said truthfully), and control characters in the data never reach the terminal."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time

import duckdb
import pytest
from conftest import REPO

from warehouse.store import QueryRefused, QueryStopped, query

ESCAPES = "\x1b]52;c;cHduZWQ=\x07\x1b[2J\x1b]0;owned\x07 Talks \x9b31m resume\r\u202eevil"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("sandbox")
    path = root / "wh.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE events AS SELECT range AS id, 'x' AS event_type FROM range(1000)")
    con.execute("CREATE TABLE articles AS SELECT '[/caption] Talks [red]resume[/red] root:x:0' AS title")
    con.execute("CREATE TABLE hostile AS SELECT ? AS title, 'nan'::double AS x", [ESCAPES])
    con.close()
    other = root / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t AS SELECT 1 AS a")
    con.close()
    return path


def rows(warehouse, sql, **kw):
    return query(warehouse, sql, **kw)[1]


@pytest.mark.parametrize(
    "sql",
    [
        "COPY (SELECT 'pwned') TO '{root}/pwned.csv'",
        "EXPORT DATABASE '{root}/export'",
        "ATTACH '{root}/other.duckdb' (READ_WRITE)",
        "ATTACH '{root}/scratch.duckdb' AS scratch",
        "DETACH wh",
        "USE other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "PRAGMA enable_profiling",
        "DELETE FROM events",
        "CREATE TABLE x AS SELECT 1",
        "SELECT 1; DELETE FROM events",
        "CALL pragma_version()",
    ],
)
def test_only_one_select_runs(warehouse, sql):
    root = warehouse.parent
    with pytest.raises(QueryRefused):
        query(warehouse, sql.format(root=root))
    assert not (root / "pwned.csv").exists() and not (root / "export").exists()
    assert not (root / "scratch.duckdb").exists()
    assert rows(warehouse, "SELECT count(*) FROM events") == [(1000,)]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_parquet('{root}/*.parquet')",
        "SELECT * FROM query('ATTACH ''{root}/other.duckdb''')",
        "SELECT * FROM glob('/etc/*')",
    ],
)
def test_no_file_access_from_a_select(warehouse, sql):
    with pytest.raises((duckdb.Error, QueryRefused)):
        query(warehouse, sql.format(root=warehouse.parent))


def test_row_limit_is_applied_by_the_engine(warehouse):
    # Without the limit in DuckDB this would build 10 billion rows.
    assert len(rows(warehouse, "SELECT * FROM range(10000000000)", max_rows=5)) == 5
    assert len(rows(warehouse, "SELECT * FROM events -- a trailing comment", max_rows=3)) == 3


def test_time_limit(warehouse):
    started = time.monotonic()
    with pytest.raises(QueryRefused, match="stopped after"):
        query(warehouse, "SELECT sum(hash(range)) FROM range(100000000000)", timeout=1.0)
    assert time.monotonic() - started < 30


def cli(args, warehouse, wait=True, **env):
    full = {**os.environ, "NEWSEVENTS_WAREHOUSE": str(warehouse), "COLUMNS": "200", **env}
    cmd = [sys.executable, "-m", "newsevents.cli", *args]
    if not wait:
        return subprocess.Popen(cmd, cwd=REPO, env=full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, cwd=REPO, env=full, capture_output=True, text=True, timeout=120)


def test_cli_prints_data_literally_and_refuses_writes(warehouse):
    res = cli(["query", "SELECT title, '[bold]x' AS \"[/b]\" FROM articles"], warehouse)
    assert res.returncode == 0, res.stderr
    assert "[/caption] Talks [red]resume[/red] root:x:0" in res.stdout and "[/b]" in res.stdout
    refused = cli(["query", f"COPY (SELECT 'pwned') TO '{warehouse.parent}/cli.csv'"], warehouse)
    assert refused.returncode == 1 and "COPY statements are refused" in refused.stderr
    assert "Traceback" not in refused.stderr and not (warehouse.parent / "cli.csv").exists()


def test_cli_ctrl_c_stops_a_query(warehouse):
    import psutil

    proc = cli(["query", "SELECT sum(hash(range)) FROM range(100000000000)"], warehouse, wait=False)
    try:
        watched, deadline = psutil.Process(proc.pid), time.monotonic() + 90
        # start-up is ~1.6 s of CPU; the statement runs in a child process
        while time.monotonic() < deadline and _cpu(watched) < 4.0:
            time.sleep(0.2)
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()  # never leave a runaway query behind, whatever happened
        proc.wait()
    assert proc.returncode == 130, err
    assert "stopped" in err and "Traceback" not in err
    assert time.monotonic() - started < 20
    assert not _sandbox_processes()  # the statement's process was killed with it


def _cpu(process) -> float:
    import psutil

    total = 0.0
    for p in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += sum(p.cpu_times()[:2])
    return total


def _sandbox_processes() -> list:
    import psutil

    return [
        p
        for p in psutil.process_iter(["cmdline"])
        if any(str(a).endswith("warehouse/sandbox.py") for a in p.info["cmdline"] or [])
    ]


# --- issue 22, item 6: memory, disk and time bounded for real -------------------------------------------------


def test_time_limit_is_a_hard_stop_said_truthfully(warehouse):
    """One long function call (levenshtein of two 150,000-character strings, ~30 s) never checks DuckDB's
    interrupt: the statement's process is killed at the limit, and the message gives the time it really ran."""
    before = sorted(os.listdir(warehouse.parent))
    started = time.monotonic()
    with pytest.raises(QueryStopped, match=r"stopped after 1\.\d s") as stopped:
        query(warehouse, "SELECT levenshtein(repeat('a', 150000), repeat('b', 150000))", timeout=1.0)
    assert time.monotonic() - started < 8, stopped.value
    assert "killed" in str(stopped.value)
    assert sorted(os.listdir(warehouse.parent)) == before and not _sandbox_processes()


def test_memory_limit_covers_list_values(warehouse):
    """DuckDB's memory_limit does not count list values (with 20M values this statement peaked at 3.7 GB under
    the old 1 GB limit); the kernel's limit on the query's process does."""
    started = time.monotonic()
    with pytest.raises(QueryStopped, match="memory"):
        query(warehouse, "SELECT len(list_sort(range(40000000)))", memory_limit="512MB", timeout=60)
    assert time.monotonic() - started < 20


def test_nothing_spilled_to_disk(warehouse):
    """A sort larger than the memory limit used to spill into <warehouse>.tmp (gigabytes; left behind when the
    query was killed). Without a temporary directory it fails instead, and no file appears at any time."""
    import threading

    seen: set[str] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.update(os.listdir(warehouse.parent))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with pytest.raises(QueryStopped, match="memory"):
            query(
                warehouse,
                "SELECT x FROM (SELECT range AS x, hash(range) AS h FROM range(30000000)) ORDER BY h "
                "LIMIT 1 OFFSET 29999990",
                memory_limit="300MB",
            )
    finally:
        done.set()
        watcher.join()
    assert not [n for n in seen if n.endswith(".tmp")], seen


def test_busy_and_errors_keep_their_kind(warehouse):
    with pytest.raises(duckdb.BinderException):
        query(warehouse, "SELECT no_such_column FROM events")
    with pytest.raises(duckdb.PermissionException):
        query(warehouse, "SELECT * FROM read_text('/etc/passwd')")


# --- issue 22, item 7: terminal injection and JSON ----------------------------------------------------------------


RAW = ("\x1b", "\x07", "\x9b", "\r", "\u202e")


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_query_output_escapes_control_characters(warehouse, fmt):
    res = cli(["query", "SELECT title FROM hostile", "--format", fmt], warehouse)
    assert res.returncode == 0, res.stderr
    assert not [c for c in RAW if c in res.stdout], repr(res.stdout)
    squash = lambda text: re.sub(r"[\s│┃]", "", text)  # noqa: E731  (the table folds long cells)
    shown = r"\x1b]52;c;cHduZWQ=\x07\x1b[2J\x1b]0;owned\x07 Talks \x9b31m resume\r\u202eevil"
    assert squash(shown) in squash(res.stdout)


def test_query_json_is_json_and_keeps_the_data(warehouse):
    res = cli(["query", "SELECT title, x, [x, 1.5, 'inf'::double] AS xs FROM hostile", "--format", "json"], warehouse)
    assert res.returncode == 0, res.stderr
    assert not [c for c in RAW if c in res.stdout], repr(res.stdout)

    def no_constants(name):
        raise ValueError(f"{name} is not JSON")

    rows = json.loads(res.stdout, parse_constant=no_constants)
    assert rows == [{"title": ESCAPES, "x": None, "xs": [None, 1.5, None]}]


def test_query_errors_and_run_summary_escape_control_characters(warehouse, capsys):
    res = cli(["query", "SELECT CAST(title AS INTEGER) FROM hostile"], warehouse)
    assert res.returncode == 1 and "query error" in res.stderr
    assert not [c for c in RAW if c in res.stderr], repr(res.stderr)

    from newsevents.cli import _print_summary

    summary = {
        "run_id": "r1",
        "status": "failed",
        "files_seen": 1,
        "files_loaded": 0,
        "files_duplicate": 0,
        "files_rejected": 1,
        "files_unchanged": 0,
        "articles": 0,
        "events": 0,
        "rejects": 1,
        "error": f"OSError: cannot read {ESCAPES}.txt",
        "warnings": [f"lake file {ESCAPES}.parquet is not Parquet"],
        "dq": [],
    }
    _print_summary(summary, f"data/{ESCAPES}.duckdb")
    out = capsys.readouterr().out
    assert out.count("\\x1b]52;c;") == 3 and not [c for c in RAW if c in out], repr(out)


def test_logged_url_is_escaped(monkeypatch, caplog):
    """A page's URL comes from the scraped record; a warning naming it must not carry its control characters."""
    from newsevents.read import html

    def fail(page, url):
        raise ValueError("parser gave up")

    monkeypatch.setattr(html, "_extract", fail)
    with caplog.at_level("WARNING", logger="newsevents.read.html"):
        assert html.extract_html("<p>x</p>", f"https://x.az/{ESCAPES}") is None
    (record,) = caplog.records
    assert "x.az" in record.getMessage() and not [c for c in RAW if c in record.getMessage()]
