"""One real Prefect flow run through the command line, as a user runs it (starts a temporary Prefect server)."""

import json
import os
import subprocess
import sys

import pytest
from conftest import REPO, SEEDS

pytestmark = pytest.mark.flow


def newsevents(*args, env, timeout=300):
    cmd = [sys.executable, "-m", "newsevents.cli", *args]
    return subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def flow_env(tmp_path_factory):
    root = tmp_path_factory.mktemp("flow")
    env = {
        **os.environ,
        "PREFECT_HOME": str(root / "prefect"),
        "NEWSEVENTS_LAKE": str(root / "lake"),
        "NEWSEVENTS_WAREHOUSE": str(root / "wh.duckdb"),
        "NEWSEVENTS_SOURCE": str(SEEDS),
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "COLUMNS": "200",
    }
    return root, env


def test_flow_run_then_query(flow_env):
    root, env = flow_env
    run = newsevents("run", env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "succeeded" in run.stdout
    assert (root / "lake" / "articles").is_dir()
    parquet = list((root / "lake" / "events").glob("run_id=*/part-0.parquet"))
    assert len(parquet) == 1
    out = newsevents(
        "query", "select count(*) as n, count(distinct publisher) as p from articles", "--format", "json", env=env
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [{"n": 5, "p": 3}]
    runs = newsevents(
        "query", "select status, flow_run_id is not null as has_flow, files_loaded from runs", "-f", "csv", env=env
    )
    assert runs.stdout.splitlines()[1:] == ["succeeded,True,5"]


def test_second_run_adds_nothing_and_query_refuses_writes(flow_env):
    root, env = flow_env
    again = newsevents("run", env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    out = newsevents("query", "select count(*) from articles", "-f", "csv", env=env)
    assert out.stdout.splitlines()[1] == "5"
    bad = newsevents("query", "drop table articles", env=env)
    assert bad.returncode == 1 and "read-only" in bad.stderr and "Traceback" not in bad.stderr


def test_missing_source_is_a_clear_error(flow_env):
    root, env = flow_env
    res = newsevents("run", "--source", str(root / "nope"), env=env, timeout=60)
    assert res.returncode == 2 and "source not found" in res.stderr and "Traceback" not in res.stderr
