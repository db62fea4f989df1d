"""Crash safety and concurrency, with real processes: kill -9 at several points of a run, then run again and
compare with an uninterrupted run; two runs at once; a query during a run; corrupt files left in the lake."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import duckdb
import pytest

from conftest import REPO, SEEDS


def cli(args, root, fault=None, wait=True, **extra):
    env = {**os.environ, "NEWSEVENTS_SOURCE": str(root / "src"), "NEWSEVENTS_LAKE": str(root / "lake"),
           "NEWSEVENTS_WAREHOUSE": str(root / "wh.duckdb"), "COLUMNS": "200", **extra}
    env.pop("NEWSEVENTS_FAULT", None)
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
            "articles": sorted(con.sql("SELECT article_id, story_id, replace(source_uri, ?, '') FROM articles",
                                       params=[str(root)]).fetchall()),
            "events": sorted(con.sql("SELECT event_id, canonical_event_id, event_type, event_date FROM events").fetchall()),
            "entities": con.sql("SELECT count(*), count(DISTINCT mention_id) FROM entities").fetchall(),
            "files": sorted(con.sql("SELECT replace(source_uri, ?, ''), status, articles FROM input_files",
                                    params=[str(root)]).fetchall()),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    root = make_root(tmp_path_factory.mktemp("ref"), "ref")
    res = cli(["run", "--no-prefect"], root)
    assert res.returncode == 0, res.stderr
    return snapshot(root)


@pytest.mark.parametrize("point", ["during_lake_write_articles", "after_lake_write", "during_load_events",
                                   "during_load_dq_results"])
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
    root = make_root(tmp_path, "corrupt")
    bogus = root / "lake" / "articles" / "run_id=r20000101T000000000000Z"
    bogus.mkdir(parents=True)
    (bogus / "part-0.parquet").write_bytes(b"PAR1 this is not parquet")
    (root / "lake" / "events").mkdir(parents=True)
    (root / "lake" / "events" / ".part-0.parquet.123.tmp").write_bytes(b"half written")
    res = cli(["run", "--no-prefect"], root)
    assert res.returncode == 0, res.stderr
    assert snapshot(root) == reference
    assert (root / "lake" / "_orphaned" / "articles" / bogus.name / "part-0.parquet").exists()
    assert not list((root / "lake" / "events").rglob("*.tmp"))
