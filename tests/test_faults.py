"""Crash safety and concurrency, with real processes: kill -9 at several points of a run, then run again and
compare with an uninterrupted run; two runs at once; a query during a run; corrupt files left in the lake."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime

import duckdb
import pytest
from conftest import REPO, SEEDS


def cli(args, root, fault=None, wait=True, **extra):
    env = {k: v for k, v in os.environ.items() if k != "NEWSEVENTS_FAULT"}  # a fault only where a test asks
    env |= {
        "NEWSEVENTS_SOURCE": str(root / "src"),
        "NEWSEVENTS_LAKE": str(root / "lake"),
        "NEWSEVENTS_WAREHOUSE": str(root / "wh.duckdb"),
        "COLUMNS": "200",
        **extra,
    }
    if fault:
        env["NEWSEVENTS_FAULT"] = fault
    cmd = [sys.executable, "-m", "newsevents.cli", *args]
    if not wait:
        return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def make_root(tmp_path, name):
    root = tmp_path / name
    (root / "src").mkdir(parents=True)
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, root / "src" / p.name)
    return root


def snapshot(root):
    con = duckdb.connect(str(root / "wh.duckdb"), read_only=True)
    try:
        return {
            "articles": sorted(
                con.sql(
                    "SELECT article_id, story_id, replace(source_uri, ?, '') FROM articles", params=[str(root)]
                ).fetchall()
            ),
            "events": sorted(
                con.sql("SELECT event_id, canonical_event_id, event_type, event_date FROM events").fetchall()
            ),
            "entities": con.sql("SELECT count(*), count(DISTINCT mention_id) FROM entities").fetchall(),
            "files": sorted(
                con.sql(
                    "SELECT replace(source_uri, ?, ''), status, articles FROM input_files", params=[str(root)]
                ).fetchall()
            ),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    root = make_root(tmp_path_factory.mktemp("ref"), "ref")
    res = cli(["run", "--no-prefect"], root)
    assert res.returncode == 0, res.stderr
    return snapshot(root)


@pytest.mark.parametrize(
    "point", ["during_lake_write_articles", "after_lake_write", "during_load_events", "during_load_dq_results"]
)
def test_kill_9_then_rerun_equals_uninterrupted(tmp_path, reference, point):
    root = make_root(tmp_path, "crash")
    killed = cli(["run", "--no-prefect"], root, fault=point)
    assert killed.returncode == -9, (killed.returncode, killed.stderr)
    again = cli(["run", "--no-prefect"], root)
    assert again.returncode == 0, again.stdout + again.stderr
    assert snapshot(root) == reference
    con = duckdb.connect(str(root / "wh.duckdb"), read_only=True)
    statuses = con.sql("SELECT status, error FROM runs ORDER BY started_at").fetchall()
    con.close()
    assert statuses[-1][0] == "succeeded"
    assert statuses[0][0] == "failed" and "interrupted" in statuses[0][1]
    # nothing of the killed run is read back: its lake folders were moved aside
    committed = {p.name for p in (root / "lake" / "articles").glob("run_id=*")}
    assert len(committed) == 1
    assert not list((root / "lake").rglob("*.tmp"))


def test_two_runs_at_once_and_query_while_writing(tmp_path):
    root = make_root(tmp_path, "busy")
    first = cli(["run", "--no-prefect"], root, fault="pause:after_lake_write", wait=False, NEWSEVENTS_FAULT_SECONDS="8")
    try:
        deadline = time.time() + 60
        while time.time() < deadline and not list((root / "lake").glob("events/run_id=*/part-0.parquet")):
            time.sleep(0.2)
        second = cli(["run", "--no-prefect"], root)
        assert second.returncode == 3
        assert "being written by pid" in second.stderr and "Traceback" not in second.stderr
        query = cli(["query", "select count(*) from articles"], root)
        assert query.returncode == 3 and "busy" in query.stderr and "Traceback" not in query.stderr
    finally:
        out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    after = cli(["query", "select count(*) from articles", "-f", "csv"], root)
    assert after.stdout.splitlines()[1] == "5"


def test_corrupt_files_left_in_the_lake(tmp_path, reference):
    """A run that never committed (killed: still 'running' in its warehouse) left a damaged part and a
    half-written temporary file in its run folder: the next run removes that folder, and nothing it did not
    write (a *.tmp file and an empty folder of someone else's stay)."""
    from newsevents.pipeline import new_run_id
    from warehouse import store
    from warehouse.lake import Lake

    root = make_root(tmp_path, "corrupt")
    con = store.connect_writer(root / "wh.duckdb")
    Lake(root / "lake").claim(store.warehouse_id(con), root / "wh.duckdb")
    killed = new_run_id(datetime(2000, 1, 1, tzinfo=UTC))
    counts = ("files_seen", "files_loaded", "files_duplicate", "files_rejected", "files_unchanged", "articles")
    store.begin_run(
        con,
        {"run_id": killed, "flow_run_id": None, "started_at": datetime(2000, 1, 1, tzinfo=UTC), "status": "running"}
        | {"source": str(root / "src"), "events": 0, "rejects": 0}
        | dict.fromkeys(counts, 0),
    )
    con.close()
    crashed = root / "lake" / "articles" / f"run_id={killed}"
    crashed.mkdir(parents=True)
    (crashed / "part-0.parquet").write_bytes(b"PAR1 this is not parquet")
    (crashed / ".part-1.parquet.123.tmp").write_bytes(b"half written")
    (root / "lake" / "events" / "keep").mkdir(parents=True)
    (root / "lake" / "events" / "notes.tmp").write_bytes(b"someone else's")
    res = cli(["run", "--no-prefect"], root)
    assert res.returncode == 0, res.stderr
    assert snapshot(root) == reference
    assert not crashed.exists()
    assert (root / "lake" / "events" / "keep").is_dir() and (root / "lake" / "events" / "notes.tmp").exists()


# --- issue 13: messages instead of tracebacks, SIGTERM, busy before Prefect ---------------------------------


def test_markup_in_paths_is_printed_literally(tmp_path):
    """Item 9: a path with rich markup ('[/b]') in it is printed as it is, never parsed."""
    root = tmp_path / "odd [/b] [red]"
    (root / "src").mkdir(parents=True)
    shutil.copy(SEEDS / "004_6414ef0f6e107aab.txt", root / "src")
    missing = cli(["run", "--no-prefect", "--source", str(root / "nope [/b]")], root)
    assert missing.returncode == 2 and "nope [/b]" in missing.stderr and "Traceback" not in missing.stderr
    res = cli(["run", "--no-prefect"], root)
    assert res.returncode == 0, res.stderr
    assert "odd [/b] [red]" in res.stdout.replace("\n", "")


@pytest.mark.parametrize(
    "variable, value",
    [
        ("NEWSEVENTS_BATCH_SIZE", "abc"),
        ("NEWSEVENTS_BATCH_SIZE", "1.5"),
        ("NEWSEVENTS_MAX_REJECT_SHARE", "abc"),
        ("NEWSEVENTS_EXTRACT_PROCESSES", "x"),
    ],
)
def test_bad_setting_named_at_start(tmp_path, variable, value):
    """Item 10: a malformed setting stops the run at start, naming the variable and what it accepts."""
    root = make_root(tmp_path, "settings")
    res = cli(["run", "--no-prefect"], root, **{variable: value})
    assert res.returncode == 2, res.stderr
    assert variable in res.stderr and "Traceback" not in res.stderr
    assert "number" in res.stderr
    assert not (root / "wh.duckdb").exists()


def test_busy_before_prefect_starts_and_through_a_symlink(tmp_path):
    """Item 11: a run (under Prefect) against a warehouse being written exits 3 with one line, before Prefect
    starts; the same when the warehouse is reached through a symbolic link."""
    from warehouse.store import writer_lock

    root = make_root(tmp_path, "busy-prefect")
    real = root / "wh.duckdb"
    link = root / "link.duckdb"
    link.symlink_to(real)
    with writer_lock(real):
        res = cli(["run"], root)
        assert res.returncode == 3, res.stderr
        assert "busy" in res.stderr and "Traceback" not in res.stderr and "WarehouseBusy" not in res.stderr
        assert len(res.stderr.strip().splitlines()) == 1, res.stderr  # no flow run, no temporary server
        via_link = cli(["run", "--no-prefect"], root, NEWSEVENTS_WAREHOUSE=str(link))
        assert via_link.returncode == 3, via_link.stderr
        assert "busy" in via_link.stderr and "Traceback" not in via_link.stderr


def _children(pid):
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def test_sigterm_stops_workers_and_leaves_the_warehouse_consistent(tmp_path, reference):
    """Item 12: SIGTERM mid-run: the worker processes stop, a message is printed, the exit code is 143, and the
    rerun equals an uninterrupted run."""
    import psutil

    root = make_root(tmp_path, "sigterm")
    proc = cli(
        ["run", "--no-prefect"],
        root,
        wait=False,
        NEWSEVENTS_EXTRACT_PROCESSES="2",
        NEWSEVENTS_PARALLEL_MIN_ARTICLES="1",
        NEWSEVENTS_FAULT="pause:after_lake_write",
        NEWSEVENTS_FAULT_SECONDS="60",
    )
    deadline = time.time() + 120
    workers = []
    while time.time() < deadline and not list((root / "lake").glob("events/run_id=*/part-0.parquet")):
        workers = _children(proc.pid) or workers
        time.sleep(0.2)
    workers = _children(proc.pid) or workers
    assert workers, "the run should have started worker processes"
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    gone, alive = psutil.wait_procs(workers, timeout=10)
    for p in alive:  # never leave them behind, whatever the assertions say
        p.kill()
    assert proc.returncode == 143, (proc.returncode, err)
    assert "stopped by SIGTERM" in err and "Traceback" not in err
    assert not alive
    again = cli(["run", "--no-prefect"], root)
    assert again.returncode == 0, again.stderr
    assert snapshot(root) == reference


def test_sigterm_during_prefect_start_stops_its_server(tmp_path):
    """Item 12: SIGTERM while Prefect starts its temporary server: the server process does not stay behind."""
    import psutil

    root = make_root(tmp_path, "sigterm-prefect")
    proc = cli(["run"], root, wait=False)
    deadline, servers = time.time() + 120, []
    while time.time() < deadline and not servers and proc.poll() is None:
        servers = [p for p in _children(proc.pid) if "uvicorn" in " ".join(p.cmdline())]
        time.sleep(0.2)
    assert servers, "Prefect should have started a temporary server"
    proc.send_signal(signal.SIGTERM)
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
        gone, alive = psutil.wait_procs(servers, timeout=15)
        for p in alive:  # never leave a server holding a port, whatever the assertions say
            p.kill()
    assert proc.returncode == 143, (proc.returncode, err[-2000:])
    assert "stopped by SIGTERM" in err
    assert not alive


def test_disk_full_is_said_in_words(tmp_path, monkeypatch):
    """Unclear messages: a full lake disk is reported as such, naming the folder, not as a Parquet error."""
    import errno

    import polars as pl

    from newsevents.pipeline import run_pipeline
    from newsevents.settings import Settings
    from warehouse.store import DiskFull

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    root = make_root(tmp_path, "full")
    monkeypatch.setattr(pl.DataFrame, "write_parquet", full)
    with pytest.raises(DiskFull, match="no space left on the disk of the lake"):
        run_pipeline(Settings(source=str(root / "src"), lake=str(root / "lake"), warehouse=str(root / "wh.duckdb")))
    con = duckdb.connect(str(root / "wh.duckdb"), read_only=True)
    status, error = con.sql("SELECT status, error FROM runs").fetchall()[0]
    con.close()
    assert status == "failed" and "no space left" in error


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("publishers.csv", "name,timezone\nBaku Post,UTC\n", "publishers.csv: missing column(s) publisher"),
        (
            "places.csv",
            "name,type,country_iso3,latitude,longitude\n# a comment\nTartar,GPE,AZE,95,46.9\n",
            "places.csv, line 3: latitude '95' should be a number from -90 to 90",
        ),
        ("event_types.csv", "event_type,cameo_code\nhostage_taking,abc\n", "line 2: cameo_code 'abc'"),
        ("boilerplate.txt", "LINE\t(unclosed\n", "line 1: pattern '(unclosed' is not a valid regular expression"),
    ],
)
def test_data_folder_errors_name_the_file_and_line(tmp_path, name, content, expected):
    """Unclear messages: a bad file in NEWSEVENTS_DATA_DIR is refused at start, naming the file and the line
    (it used to fail in a worker with "KeyError: 'pattern'", or drop the row silently)."""
    from newsevents.settings import Settings, SettingsError

    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError, match="NEWSEVENTS_DATA_DIR") as caught:
        Settings.from_env({"NEWSEVENTS_DATA_DIR": str(tmp_path)})
    assert expected in str(caught.value)


def test_full_warehouse_disk_is_said_in_words(tmp_path, monkeypatch):
    """A write error inside the load's transaction on a full disk: the error says so (it used to be hidden behind
    "cannot rollback - no transaction is active"), and the warehouse keeps no part of the run."""
    from newsevents.pipeline import run_pipeline
    from newsevents.settings import Settings
    from warehouse import store

    def full(*args, **kwargs):
        raise duckdb.IOException('Could not write file "wh.duckdb.wal": No space left on device')

    root = make_root(tmp_path, "full-wh")
    monkeypatch.setattr(store, "refresh_marts", full)
    with pytest.raises(store.DiskFull, match="no space left on the disk of the warehouse"):
        run_pipeline(Settings(source=str(root / "src"), lake=str(root / "lake"), warehouse=str(root / "wh.duckdb")))
    con = duckdb.connect(str(root / "wh.duckdb"), read_only=True)
    assert con.sql("SELECT count(*) FROM articles").fetchall() == [(0,)]
    assert con.sql("SELECT status FROM runs").fetchall() == [("failed",)]
    con.close()


def test_damaged_committed_lake_file_is_reported(tmp_path):
    """Unclear messages: a committed Parquet part that is no longer Parquet is reported by the next run (it was
    ignored and never reported)."""
    from newsevents.pipeline import run_pipeline
    from newsevents.settings import Settings

    root = make_root(tmp_path, "damaged")
    settings = Settings(source=str(root / "src"), lake=str(root / "lake"), warehouse=str(root / "wh.duckdb"))
    assert run_pipeline(settings).warnings == []
    part = sorted((root / "lake" / "events").glob("run_id=*/part-0.parquet"))[0]
    part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])  # truncated
    again = run_pipeline(settings)
    assert again.status == "succeeded"
    assert any(str(part) in w and "damaged" in w for w in again.warnings), again.warnings
    res = cli(["run", "--no-prefect"], root)
    assert res.returncode == 0 and "lake file damaged" in res.stdout.replace("\n", "")
