"""Operations: a scheduled deployment on a real Prefect server, incremental loads, scale-out on a Dask cluster,
and a source and lake on S3 (moto's server on loopback).

One Prefect server for the module (`prefect server start` on 127.0.0.1, a free port, its own PREFECT_HOME);
every run goes through the command line with PREFECT_API_URL pointing at it (Dask workers need a real server:
without one each would start its own temporary server)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
from conftest import REPO, SEEDS, run_cli

pytestmark = [pytest.mark.flow, pytest.mark.operations]

BIN = Path(sys.executable).parent
QUIET = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "COLUMNS": "200",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_API_REQUEST_TIMEOUT": "120",
}
DEPLOYMENT = "newsevents-pipeline/ops-test"
# Once a year: the scheduler creates runs for it (checked), none of them starts during the test.
CRON = "0 3 1 1 *"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as exc:  # noqa: BLE001 - not up yet
            last = exc
        time.sleep(interval)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s (last error: {last!r})")


def stop(proc: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 20) -> None:
    """Stop a process this module started (it leads its own session, so its children go too)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """A real Prefect server for the whole module; yields its API URL."""
    root = tmp_path_factory.mktemp("prefect-server")
    port = free_port()
    env = {
        **os.environ,
        **QUIET,
        "PREFECT_HOME": str(root / "home"),
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
    }
    env.pop("PREFECT_API_URL", None)
    log = open(root / "server.log", "w")
    started = time.monotonic()
    proc = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    api = f"http://127.0.0.1:{port}/api"
    try:

        def healthy():
            if proc.poll() is not None:
                raise RuntimeError(f"prefect server exited: {(root / 'server.log').read_text()[-2000:]}")
            with urllib.request.urlopen(f"{api}/health", timeout=2) as r:
                return r.status == 200

        wait_until(healthy, 150, "prefect server")
        print(f"prefect server up in {time.monotonic() - started:.1f} s")
        yield api
    finally:
        stop(proc)
        log.close()


@pytest.fixture(scope="module")
def ops_env(prefect_server, tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect-client")
    env = {**os.environ, **QUIET, "PREFECT_API_URL": prefect_server, "PREFECT_HOME": str(home)}
    for k in ("NEWSEVENTS_SOURCE", "NEWSEVENTS_LAKE", "NEWSEVENTS_WAREHOUSE", "NEWSEVENTS_BATCH_SIZE"):
        env.pop(k, None)
    return env


@pytest.fixture(scope="module")
def prefect_api(prefect_server):
    """Prefect settings of this (test) process pointed at the module's server."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: prefect_server}):
        yield prefect_server


newsevents = run_cli  # `newsevents ARGS` as a user runs it, with .seconds


def ids(warehouse: Path) -> dict[str, set]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {
            "articles": {r[0] for r in con.sql("SELECT article_id FROM articles").fetchall()},
            "events": {r[0] for r in con.sql("SELECT event_id FROM events").fetchall()},
            "canonical": {r[0] for r in con.sql("SELECT DISTINCT canonical_event_id FROM events").fetchall()},
        }
    finally:
        con.close()


def rows(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.sql(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def default_seed_run(ops_env, tmp_path_factory):
    """seeds/ through the default (in-process) task runner: the reference for the Dask and S3 runs."""
    root = tmp_path_factory.mktemp("default")
    res = newsevents(
        "run", "--source", str(SEEDS), "--lake", str(root / "lake"), "--warehouse", str(root / "wh.duckdb"), env=ops_env
    )
    assert res.returncode == 0, res.stdout + res.stderr
    print(f"default run on seeds: {res.seconds:.1f} s")
    return root / "wh.duckdb"


# --- (a) a scheduled deployment served against the server ------------------------------------------------------


def test_serve_without_server_is_a_clear_error(tmp_path):
    env = {**os.environ, **QUIET, "PREFECT_HOME": str(tmp_path / "home")}
    env.pop("PREFECT_API_URL", None)
    res = newsevents("serve", "--cron", "*/15 * * * *", env=env, timeout=60)
    assert res.returncode == 2, res.stdout + res.stderr
    assert "PREFECT_API_URL" in res.stderr and "prefect server start" in res.stderr and "Traceback" not in res.stderr


def test_served_deployment_has_cron_and_runs_with_artifacts(ops_env, prefect_api, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId, FlowRunFilter, FlowRunFilterId
    from prefect.deployments import run_deployment

    log = open(tmp_path / "serve.log", "w")
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsevents.cli",
            "serve",
            "--cron",
            CRON,
            "--name",
            "ops-test",
            "--source",
            str(SEEDS),
            "--lake",
            str(tmp_path / "lake"),
            "--warehouse",
            str(tmp_path / "wh.duckdb"),
        ],
        cwd=REPO,
        env=ops_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        with get_client(sync_client=True) as client:
            started = time.monotonic()

            def deployed():
                if serve.poll() is not None:
                    raise RuntimeError(f"serve exited: {(tmp_path / 'serve.log').read_text()[-3000:]}")
                return client.read_deployment_by_name(DEPLOYMENT)

            dep = wait_until(deployed, 120, "deployment")
            print(f"deployment registered {time.monotonic() - started:.1f} s after `serve` started")
            crons = [getattr(s.schedule, "cron", None) for s in dep.schedules]
            assert crons == [CRON] and all(s.active for s in dep.schedules)
            assert dep.parameters["source"] == str(SEEDS) and dep.parameters["warehouse"] == str(tmp_path / "wh.duckdb")
            # the scheduler really makes runs of the cron schedule (it does not with sqlalchemy 2.1: STACK_NOTES)
            dep_filter = DeploymentFilter(id=DeploymentFilterId(any_=[dep.id]))
            scheduled = wait_until(
                lambda: [
                    r for r in client.read_flow_runs(deployment_filter=dep_filter) if r.state and r.state.is_scheduled()
                ],
                60,
                "scheduled runs",
            )
            assert all(r.expected_start_time.month == 1 for r in scheduled)

            started = time.monotonic()
            run = run_deployment(DEPLOYMENT, timeout=180)
            print(f"deployment run through the API: {time.monotonic() - started:.1f} s")
            assert run.state.is_completed(), f"{run.state}: {(tmp_path / 'serve.log').read_text()[-3000:]}"
            arts = client.read_artifacts(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id])))
            by_key = {a.key: a for a in arts}
            assert {"newsevents-run-summary", "newsevents-dq-results"} <= set(by_key)
            assert by_key["newsevents-run-summary"].type == "markdown"
            assert "succeeded" in by_key["newsevents-run-summary"].data
            assert by_key["newsevents-dq-results"].type == "table"
            table = by_key["newsevents-dq-results"].data
            table = json.loads(table) if isinstance(table, str) else table
            assert table and "check_name" in table[0]
        assert rows(
            tmp_path / "wh.duckdb", "SELECT count(*), min(flow_run_id) FROM runs WHERE status = 'succeeded'"
        ) == [(1, str(run.id))]
        assert rows(tmp_path / "wh.duckdb", "SELECT count(*) FROM articles") == [(5,)]
    finally:
        stop(serve, signal.SIGINT, timeout=30)
        log.close()


# --- (b) incremental loads ---------------------------------------------------------------------------------------


def test_incremental_add_and_change_then_full_refresh_equal(ops_env, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    seeds = sorted(p for p in SEEDS.iterdir() if p.is_file() and not p.name.startswith("."))
    assert len(seeds) == 5
    for p in seeds[:4]:
        shutil.copy(p, src / p.name)
    wh = tmp_path / "wh.duckdb"
    args = ("--source", str(src), "--lake", str(tmp_path / "lake"), "--warehouse", str(wh))

    first = newsevents("run", *args, env=ops_env)
    assert first.returncode == 0, first.stdout + first.stderr
    before = ids(wh)
    assert len(before["articles"]) == 4
    changed = src / seeds[0].name
    old_article = rows(wh, f"SELECT article_id FROM articles WHERE source_uri = '{changed.as_posix()}'")[0][0]

    shutil.copy(seeds[4], src / seeds[4].name)  # a new file
    changed.write_text(
        changed.read_text(encoding="utf-8").rstrip()
        + "\n\nThe ministry said it would publish a full report on Friday.\n",
        encoding="utf-8",
    )
    second = newsevents("run", *args, env=ops_env)
    assert second.returncode == 0, second.stdout + second.stderr
    run = rows(
        wh, "SELECT files_seen, files_loaded, files_unchanged, articles FROM runs ORDER BY started_at DESC LIMIT 1"
    )
    assert run == [(5, 2, 3, 2)]
    after = ids(wh)
    assert len(after["articles"]) == 5
    assert old_article not in after["articles"] and len(after["articles"] - before["articles"]) == 2
    assert rows(wh, f"SELECT count(*) FROM events WHERE article_id = '{old_article}'") == [(0,)]
    assert rows(wh, f"SELECT count(*) FROM entities WHERE article_id = '{old_article}'") == [(0,)]
    assert rows(wh, f"SELECT count(*) FROM articles WHERE source_uri = '{changed.as_posix()}'") == [(1,)]
    assert rows(wh, "SELECT count(*), count(DISTINCT source_uri) FROM input_files WHERE status = 'loaded'") == [(5, 5)]

    third = newsevents("run", *args, "--full-refresh", env=ops_env)
    assert third.returncode == 0, third.stdout + third.stderr
    refreshed = ids(wh)
    assert refreshed["articles"] == after["articles"]
    assert refreshed["events"] == after["events"]
    assert rows(wh, "SELECT count(*) FROM runs") == [(1,)]


# --- (c) scale-out on a Dask cluster -----------------------------------------------------------------------------


def test_dask_cluster_gives_the_same_tables(ops_env, prefect_server, default_seed_run, tmp_path):
    pytest.importorskip("prefect_dask")
    from distributed import Client, LocalCluster

    saved = dict(os.environ)
    # worker processes inherit this environment: they must talk to the real server, not start their own
    os.environ.update({**QUIET, "PREFECT_API_URL": prefect_server})
    try:
        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            local_directory=str(tmp_path / "dask"),
        )
    finally:
        os.environ.clear()
        os.environ.update(saved)
    try:
        with Client(cluster) as client:
            assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
            assert len(client.scheduler_info()["workers"]) == 2
            before = client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.transition_counter)
            env = {**ops_env, "NEWSEVENTS_BATCH_SIZE": "2"}  # 3 batches per batch stage: concurrent on the workers
            res = newsevents(
                "run",
                "--source",
                str(SEEDS),
                "--lake",
                str(tmp_path / "lake"),
                "--warehouse",
                str(tmp_path / "wh.duckdb"),
                "--dask-address",
                cluster.scheduler_address,
                env=env,
            )
            print(f"dask run on seeds (2 workers, existing cluster): {res.seconds:.1f} s")
            assert res.returncode == 0, res.stdout + res.stderr
            after = client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.transition_counter)
            assert after > before, "no task ran on the Dask cluster"
    finally:
        cluster.close()
    dask_ids, ref = ids(tmp_path / "wh.duckdb"), ids(default_seed_run)
    assert dask_ids == ref and len(ref["events"]) > 0
    assert rows(tmp_path / "wh.duckdb", "SELECT count(*) FROM articles") == [(5,)]


def test_bad_scale_out_arguments(ops_env, tmp_path):
    res = newsevents(
        "run", "--source", str(SEEDS), "--dask-address", "tcp://127.0.0.1:1", "--workers", "2", env=ops_env, timeout=60
    )
    assert res.returncode == 2 and "not both" in res.stderr


# --- (d) S3 (moto server on loopback) as source and lake -----------------------------------------------------------


@pytest.fixture()
def s3_server(monkeypatch):
    pytest.importorskip("s3fs")
    pytest.importorskip("flask")
    from moto.server import ThreadedMotoServer

    creds = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}
    for k, v in creds.items():
        monkeypatch.setenv(k, v)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    try:
        yield {**creds, "AWS_ENDPOINT_URL": endpoint}
    finally:
        server.stop()


def test_s3_source_and_lake(ops_env, default_seed_run, s3_server, tmp_path):
    import boto3
    import s3fs

    s3 = boto3.client("s3", endpoint_url=s3_server["AWS_ENDPOINT_URL"])
    s3.create_bucket(Bucket="news-ops")
    for p in sorted(SEEDS.iterdir()):
        if p.is_file() and not p.name.startswith("."):
            s3.put_object(Bucket="news-ops", Key=f"raw/{p.name}", Body=p.read_bytes())
    env = {**ops_env, **s3_server}
    wh = tmp_path / "wh.duckdb"
    args = ("--source", "s3://news-ops/raw", "--lake", "s3://news-ops/lake", "--warehouse", str(wh))
    res = newsevents("run", *args, env=env)
    print(f"s3 run on seeds: {res.seconds:.1f} s")
    assert res.returncode == 0, res.stdout + res.stderr
    assert ids(wh)["articles"] == ids(default_seed_run)["articles"]
    assert rows(wh, "SELECT min(source_uri) LIKE 's3://news-ops/raw/%', count(*) FROM input_files") == [(True, 5)]
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="news-ops", Prefix="lake/")["Contents"])
    assert any(k.startswith("lake/articles/run_id=") and k.endswith("/part-0.parquet") for k in keys)
    assert not [k for k in keys if k.endswith(".tmp")]

    again = newsevents("run", *args, env=env)  # incremental on S3: every object is recognised
    assert again.returncode == 0, again.stdout + again.stderr
    assert rows(wh, "SELECT files_unchanged, articles FROM runs ORDER BY started_at DESC LIMIT 1") == [(5, 0)]

    fs = s3fs.S3FileSystem(endpoint_url=s3_server["AWS_ENDPOINT_URL"], key="testing", secret="testing")
    con = duckdb.connect()
    try:
        con.register_filesystem(fs)
        n = con.sql(
            "SELECT count(*) FROM read_parquet('s3://news-ops/lake/articles/*/part-0.parquet', "
            "hive_partitioning = false)"
        ).fetchall()
        assert n == [(5,)]
    finally:
        con.close()
