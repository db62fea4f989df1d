"""Issue 22 (reliability, round 3): data loss and whole-run failures. Each test failed on the code before its fix."""

from __future__ import annotations

import pytest

from newsevents.read.html import extract_html

PARAGRAPHS = [
    "Negotiators from both delegations met in Baku on Tuesday to resume talks that stalled in the autumn.",
    "The foreign ministry said the sides had agreed on a timetable for the remaining border commissions.",
    "Observers from the region cautioned that the previous round also ended with promises and no signed text.",
]


def _page(head: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"<html><head><title>Talks resume</title>{head}</head><body><article>{body}</article></body></html>"


# --- item 4: metadata failures never discard the body --------------------------------------------------------


@pytest.mark.parametrize("deep", ["[" * 5000 + "]" * 5000, '{"a":' * 3000 + "1" + "}" * 3000])
def test_deep_json_ld_in_head_keeps_the_article(deep):
    page = extract_html(_page(f'<script type="application/ld+json">{deep}</script>'))
    assert page is not None and PARAGRAPHS[0] in page.body
    assert page.title == "Talks resume"  # the other metadata sources still count


def test_a_failing_metadata_step_keeps_the_body(monkeypatch):
    import newsevents.read.html as html

    def broken(*args, **kwargs):
        raise RuntimeError("metadata bug")

    monkeypatch.setattr(html, "page_metadata", broken)
    page = extract_html(_page(""))
    assert page is not None and PARAGRAPHS[-1] in page.body


# --- item 8: a FIFO or a device node in the source is never read ---------------------------------------------


def _within(seconds: float, fn, *args):
    """fn(*args) in a daemon thread; fails the test (instead of hanging it) when it does not return in time."""
    import threading

    box: dict = {}

    def work():
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"{getattr(fn, '__name__', fn)} still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["value"]


def test_fifo_in_the_source_is_skipped_and_named(tmp_path):
    import os

    from newsevents.read.files import discover

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Talks resumed in Baku on Tuesday.\n", encoding="utf-8")
    os.mkfifo(src / "pipe.txt")
    files, problems = _within(10, discover, str(src))
    assert [f.path.name for f in files] == ["a.txt"]
    (problem,) = problems
    assert problem.uri.endswith("pipe.txt") and problem.check == "not_regular_file"
    assert "named pipe" in problem.reason


@pytest.mark.parametrize("node", ["/dev/zero", "/dev/null"])
def test_device_node_is_rejected_unread(node):
    from pathlib import Path

    from newsevents.read.files import InputFile, discover, read_file

    if not Path(node).exists():
        pytest.skip(f"no {node} here")
    outcome, records, rejects = _within(10, read_file, InputFile(node, Path(node)), {}, 1_000_000)
    assert outcome.status == "rejected" and outcome.check == "not_regular_file" and not records
    assert "device" in outcome.reason
    files, problems = _within(10, discover, node)
    assert not files and problems[0].check == "not_regular_file"


def test_run_with_a_fifo_finishes_and_says_what_it_skipped(tmp_path):
    import os

    from newsevents.pipeline import run_pipeline
    from newsevents.settings import Settings

    src = tmp_path / "src"
    src.mkdir()
    os.mkfifo(src / "feed.jsonl")
    settings = Settings(source=str(src), lake=str(tmp_path / "lake"), warehouse=str(tmp_path / "wh.duckdb"))
    summary = _within(60, run_pipeline, settings)
    assert summary.status == "succeeded" and summary.files_rejected == 1
    assert any("feed.jsonl" in w and "not a regular file" in w for w in summary.warnings), summary.warnings


# --- items 3 and 11, review: every user data file is checked at start, naming the file and the line -------------

TYPES_HEADER = "event_type,cameo_code,acled_event_type,acled_sub_event_type,governing,victims,symmetric,description\n"


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("event_types.csv", TYPES_HEADER + "hostage_taking,18x,,,0,1,0,Abductions\n", "line 2: cameo_code '18x'"),
        ("event_verbs.tsv", "group\tlemma\tcode\nattack\tambush\n", "event_verbs.tsv, line 2: the row stops before"),
        ("event_nouns.tsv", "lemma\tcode\tmodifier\tof_role\n# note\nraid\n", "event_nouns.tsv, line 3: the row stops"),
        ("verb_forms.tsv", "lemma\tforms\nslay\n", "verb_forms.tsv, line 2"),
        ("places.csv", "name,type,country_iso3,latitude,longitude\nTartar,GPE,AZE,north,46.9\n", "line 2: latitude"),
        ("places.csv", "name,type,country_iso3,latitude,longitude\nTartar,GPE,AZE,40.3,146.9,x\n", "line 2: 6 fields"),
        ("publishers.csv", "publisher,timezone\nBaku Post,Mars/Olympus\n", "line 2: timezone 'Mars/Olympus'"),
        ("actors.csv", "name,kind,start\nZara Q,person,2023-13-45\n", "actors.csv, line 2: start '2023-13-45'"),
        ("boilerplate.txt", "LINE\t(a+)+$\n", "boilerplate.txt, line 1: pattern '(a+)+$' takes over"),
        ("boilerplate.txt", "# words\nFOOTER\t(\\w+\\s?)+$\n", "boilerplate.txt, line 2: pattern"),
        ("boilerplate.txt", "LINE\t(unclosed\n", "line 1: pattern '(unclosed' is not a valid regular expression"),
        ("boilerplate.txt", "subscribe now\n", "line 1: should be FOOTER or LINE"),
        ("triggers.csv", "event_type,priority,pattern\nattack,1,stormed\n", "triggers.csv: not used by a run"),
    ],
)
def test_bad_user_data_file_is_refused_at_start(tmp_path, name, content, expected):
    from newsevents.settings import Settings, SettingsError

    (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError, match="NEWSEVENTS_DATA_DIR") as caught:
        _within(20, Settings.from_env, {"NEWSEVENTS_DATA_DIR": str(tmp_path)})
    assert expected in str(caught.value)


def test_non_utf8_stoplist_names_file_and_line(tmp_path):
    from newsevents.settings import Settings, SettingsError

    (tmp_path / "place_stoplist.txt").write_bytes(b"# towns\nMobile\nS\xe3o Paulo\n")
    with pytest.raises(SettingsError, match=r"place_stoplist.txt, line 3: not UTF-8"):
        Settings.from_env({"NEWSEVENTS_DATA_DIR": str(tmp_path)})


def test_actors_csv_in_the_documented_format_is_accepted(tmp_path):
    from newsevents.settings import Settings

    (tmp_path / "actors.csv").write_text(
        "name,aliases,kind,country_iso3,actor_type,cameo_code,role,start,end\n"
        "Zara Quillfeather,Z. Quillfeather,person,NOR,government,,Mayor of Tromso,2021-01-01,\n",
        encoding="utf-8",
    )
    assert Settings.from_env({"NEWSEVENTS_DATA_DIR": str(tmp_path)}).data_dir == str(tmp_path)


def test_shipped_data_files_pass_the_user_checks():
    from newsevents.resources import DATA_DIR, TABLE_FILES, DataFileError, check_boilerplate, check_table_file

    problems = []
    for name, spec in TABLE_FILES.items():
        try:
            check_table_file(DATA_DIR / name, spec)
        except DataFileError as exc:
            problems.append(str(exc))
    check_boilerplate(DATA_DIR / "boilerplate.txt")
    assert problems == []


def test_user_boilerplate_pattern_is_bounded_at_run_time(tmp_path):
    """A pattern that passes the start-up probes but backtracks on some real line still gets a time limit."""
    import time

    from newsevents.parse.plaintext import load_boilerplate

    (tmp_path / "boilerplate.txt").write_text("LINE\t(x+x+)+y\nLINE\tsubscribe now\n", encoding="utf-8")
    bp = load_boilerplate(str(tmp_path))
    started = time.perf_counter()
    assert not bp.is_boilerplate("x" * 40)
    assert time.perf_counter() - started < 1.0
    assert bp.is_boilerplate("Subscribe now")


# --- item 3: a file whose extraction failed is never recorded as loaded; the next run retries it --------------


def test_failed_extraction_is_not_recorded_as_loaded_and_is_retried(tmp_path, monkeypatch):
    import shutil

    import duckdb
    from conftest import SEEDS

    import newsevents.extract.rows as rows
    from newsevents.pipeline import run_pipeline
    from newsevents.settings import Settings

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SEEDS / "004_6414ef0f6e107aab.txt", src)
    settings = Settings(source=str(src), lake=str(tmp_path / "lake"), warehouse=str(tmp_path / "wh.duckdb"))

    def broken(*args, **kwargs):
        raise ValueError("bad row in a data file")

    monkeypatch.setattr(rows, "code_articles", broken)
    first = run_pipeline(settings)
    assert first.status == "succeeded" and first.events == 0
    assert any("read again by the next run" in w for w in first.warnings), first.warnings

    def manifest():
        con = duckdb.connect(settings.warehouse, read_only=True)
        try:
            return con.sql("SELECT status, reason FROM input_files").fetchall(), con.sql(
                "SELECT count(*), (SELECT count(*) FROM events) FROM articles"
            ).fetchall()[0]
        finally:
            con.close()

    files, (articles, events) = manifest()
    assert files[0][0] == "incomplete" and "extract_error" in files[0][1], files
    assert (articles, events) == (1, 0)  # the article is kept, without its events

    monkeypatch.undo()  # the data file is fixed: the unchanged file is read again and gets its events
    second = run_pipeline(settings)
    assert second.status == "succeeded" and second.files_unchanged == 0 and second.events > 0
    files, (articles, events) = manifest()
    assert files == [("loaded", None)] and articles == 1 and events == second.events


# --- items 1 and 2: only remove what the pipeline wrote; one warehouse per lake ------------------------------


def _settings(tmp_path, lake="lake", warehouse="wh.duckdb", **kw):
    from newsevents.settings import Settings

    src = tmp_path / "src"
    src.mkdir(exist_ok=True)  # an empty source: a run without articles takes ~1 s
    return Settings(source=str(src), lake=str(tmp_path / lake), warehouse=str(tmp_path / warehouse), **kw)


def _tree(folder) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
        if not p.name.startswith("_newsevents")
    }


def test_full_refresh_refuses_a_lake_folder_that_holds_other_files(tmp_path):
    from newsevents.pipeline import run_pipeline
    from warehouse.lake import NotOurs

    lake = tmp_path / "lake"
    (lake / "raw").mkdir(parents=True)
    (lake / "raw" / "a.txt").write_text("an article the user keeps here\n", encoding="utf-8")
    (lake / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (lake / "events").mkdir()
    (lake / "events" / "draft.tmp").write_text("not the pipeline's\n", encoding="utf-8")
    before = _tree(lake)
    for full_refresh in (True, False):
        with pytest.raises(NotOurs, match="not a newsevents lake: it holds"):
            run_pipeline(_settings(tmp_path, full_refresh=full_refresh))
        assert _tree(lake) == before
    assert not (tmp_path / "wh.duckdb").exists()


def test_full_refresh_refuses_a_warehouse_path_that_is_no_warehouse(tmp_path):
    import duckdb

    from newsevents.pipeline import run_pipeline
    from warehouse.lake import NotOurs

    notes = tmp_path / "notes.txt"
    notes.write_text("meeting notes, not a database\n", encoding="utf-8")
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE invoices AS SELECT 1 AS n")
    con.close()
    for path, words in ((notes, "is not a DuckDB file"), (other, "DuckDB database of something else")):
        before = path.read_bytes()
        for full_refresh in (True, False):
            with pytest.raises(NotOurs, match=words):
                run_pipeline(_settings(tmp_path, warehouse=path.name, full_refresh=full_refresh))
            assert path.read_bytes() == before
    assert not (tmp_path / "lake").exists()


def test_runs_remove_only_what_the_pipeline_wrote(tmp_path):
    from newsevents.pipeline import run_pipeline

    settings = _settings(tmp_path)
    assert run_pipeline(settings).status == "succeeded"
    lake = tmp_path / "lake"
    (lake / "events" / "keep").mkdir()  # an empty folder and *.tmp files the pipeline did not write
    (lake / "events" / "notes.tmp").write_text("mine\n", encoding="utf-8")
    (lake / "README.txt").write_text("what this folder is\n", encoding="utf-8")
    for full_refresh in (False, True):
        summary = run_pipeline(_settings(tmp_path, full_refresh=full_refresh))
        assert summary.status == "succeeded"
        assert (lake / "events" / "keep").is_dir() and (lake / "events" / "notes.tmp").exists()
        assert (lake / "README.txt").exists()
    # the full refresh removed the earlier runs' folders: only the last run's remain
    assert {p.name for p in (lake / "articles").iterdir()} == {f"run_id={summary.run_id}"}


def test_second_warehouse_on_one_lake_is_refused_and_moves_nothing(tmp_path):
    from newsevents.pipeline import run_pipeline
    from warehouse.lake import NotOurs

    a = _settings(tmp_path, warehouse="a.duckdb")
    assert run_pipeline(a).status == "succeeded"
    lake = tmp_path / "lake"
    before = _tree(lake)
    for full_refresh in (False, True):  # a rebuild may not take over a lake whose warehouse still exists
        with pytest.raises(NotOurs, match="a.duckdb"):
            run_pipeline(_settings(tmp_path, warehouse="b.duckdb", full_refresh=full_refresh))
        assert _tree(lake) == before
    assert run_pipeline(a).status == "succeeded"  # A's parts are all there, A goes on


def test_lake_is_locked_for_the_run(tmp_path):
    from newsevents.pipeline import run_pipeline
    from warehouse.lake import Lake, LakeBusy

    with Lake(tmp_path / "lake").lock(), pytest.raises(LakeBusy, match="being written by pid"):
        run_pipeline(_settings(tmp_path, warehouse="b.duckdb"))


def test_recreated_warehouse_rebuilds_its_lake_only_with_full_refresh(tmp_path):
    from newsevents.pipeline import run_pipeline
    from warehouse.lake import NotOurs

    settings = _settings(tmp_path)
    assert run_pipeline(settings).status == "succeeded"
    (tmp_path / "wh.duckdb").unlink()
    with pytest.raises(NotOurs, match="--full-refresh"):
        run_pipeline(settings)
    assert not (tmp_path / "wh.duckdb").exists()  # the refused run left nothing behind
    summary = run_pipeline(_settings(tmp_path, full_refresh=True))
    assert summary.status == "succeeded"
    assert {p.name for p in (tmp_path / "lake" / "articles").iterdir()} == {f"run_id={summary.run_id}"}


def test_lake_of_an_older_version_is_adopted_only_by_its_warehouse(tmp_path):
    from newsevents.pipeline import run_pipeline
    from warehouse.lake import MARKER, NotOurs

    settings = _settings(tmp_path)
    assert run_pipeline(settings).status == "succeeded"
    (tmp_path / "lake" / MARKER).unlink()  # as an older version left it
    with pytest.raises(NotOurs, match="holds runs this warehouse did not write"):
        run_pipeline(_settings(tmp_path, warehouse="other.duckdb"))
    assert run_pipeline(settings).status == "succeeded"
    assert (tmp_path / "lake" / MARKER).exists()


def test_cli_refuses_a_foreign_lake_with_exit_2(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import REPO

    (tmp_path / "lake").mkdir()
    (tmp_path / "lake" / "notes.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "src").mkdir()
    res = subprocess.run(
        [sys.executable, "-m", "newsevents.cli", "run", "--full-refresh", "--source", str(tmp_path / "src")]
        + ["--lake", str(tmp_path / "lake"), "--warehouse", str(tmp_path / "wh.duckdb")],
        cwd=REPO,
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 2, res.stdout + res.stderr
    assert "not a newsevents lake" in res.stderr and "Traceback" not in res.stderr
    assert (tmp_path / "lake" / "notes.txt").exists()


# --- item 12: a full disk is named right, and a failed run's parts do not stay ---------------------------------


def test_full_lake_disk_during_relink_names_the_lake_and_a_retry_works(tmp_path, monkeypatch):
    import errno

    import duckdb

    import warehouse.lake as lake_mod
    from newsevents.pipeline import run_pipeline
    from warehouse.lake import DiskFull

    settings = _settings(tmp_path)
    real_relink = lake_mod.Lake.relink

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    def relink_on_a_full_disk(self, *args, **kwargs):
        monkeypatch.setattr(lake_mod.fsx, "write_atomic", full)
        return real_relink(self, *args, **kwargs)

    monkeypatch.setattr(lake_mod.Lake, "relink", relink_on_a_full_disk)
    with pytest.raises(DiskFull, match="no space left on the disk of the lake"):
        run_pipeline(settings)
    assert not [p for p in (tmp_path / "lake").rglob("run_id=*")]  # nothing of the failed run stays
    monkeypatch.undo()  # space freed
    summary = run_pipeline(settings)
    assert summary.status == "succeeded"
    assert {p.name for p in (tmp_path / "lake" / "articles").iterdir()} == {f"run_id={summary.run_id}"}
    con = duckdb.connect(settings.warehouse, read_only=True)
    assert [r[0] for r in con.sql("SELECT status FROM runs ORDER BY started_at").fetchall()] == ["failed", "succeeded"]
    con.close()


# --- item 13: one line instead of tracebacks; the lock before the busy check ---------------------------------


def _cli(*args, timeout=180, **env):
    import os

    from conftest import run_cli

    environ = {**os.environ, "COLUMNS": "200", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120", **env}
    for name in ("NEWSEVENTS_FAULT", "PREFECT_API_URL"):
        if name not in env:
            environ.pop(name, None)
    return run_cli(*args, env=environ, timeout=timeout)


def _paths(tmp_path) -> list[str]:
    """--source, --lake and --warehouse in tmp_path (an empty source folder)."""
    (tmp_path / "src").mkdir(exist_ok=True)
    return [
        "--source",
        str(tmp_path / "src"),
        "--lake",
        str(tmp_path / "lake"),
        "--warehouse",
        str(tmp_path / "wh.duckdb"),
    ]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cli_holds_the_lock_from_the_busy_check_to_the_end_of_the_run(tmp_path, monkeypatch):
    import fcntl

    from typer.testing import CliRunner

    import flows.pipeline
    from newsevents.cli import app
    from warehouse.store import lock_path

    settings = _settings(tmp_path)
    seen = []

    def fake_flow(s, dask_address=None, workers=None):  # stands for Prefect starting its server and the flow
        with open(lock_path(tmp_path / "wh.duckdb"), "a") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                seen.append("free: another run could start now")
            except BlockingIOError:
                seen.append("held")
        from newsevents.pipeline import run_pipeline

        return run_pipeline(s).__dict__

    monkeypatch.setattr(flows.pipeline, "run_flow", fake_flow)
    args = ["run", "--source", settings.source, "--lake", settings.lake, "--warehouse", settings.warehouse]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    assert seen == ["held"]


def test_dask_scheduler_that_is_down_is_one_line(tmp_path):
    import time

    started = time.monotonic()
    res = _cli("run", *_paths(tmp_path), "--dask-address", f"tcp://127.0.0.1:{_free_port()}")
    assert res.returncode == 2, res.stderr
    assert res.stderr.strip().splitlines() == [res.stderr.strip()] and "no Dask scheduler answers" in res.stderr
    assert time.monotonic() - started < 20


def test_serve_against_an_unreachable_api_is_one_line(tmp_path):
    res = _cli(
        "serve",
        "--cron",
        "*/15 * * * *",
        "--source",
        str(tmp_path),
        timeout=60,
        PREFECT_API_URL=f"http://127.0.0.1:{_free_port()}/api",
        PREFECT_HOME=str(tmp_path / "home"),
    )
    assert res.returncode == 2, res.stderr[-3000:]
    assert len(res.stderr.strip().splitlines()) <= 4 and "does not answer" in res.stderr
    assert "Traceback" not in res.stderr


@pytest.mark.flow
def test_failed_run_under_prefect_is_one_line_and_not_retried(tmp_path):
    """A deterministic failure inside a task (write_lake, an I/O stage): no traceback, no nanobind leak dump, no
    retry; the command says why in one line and exits 1. (Before: ~120-180 lines, the task run three times.)"""
    fired = tmp_path / "fired.log"
    res = _cli(
        "run",
        *_paths(tmp_path),
        NEWSEVENTS_FAULT="raise:during_lake_write_articles",
        NEWSEVENTS_FAULT_LOG=str(fired),
        PREFECT_HOME=str(tmp_path / "prefect"),
    )
    assert res.returncode == 1, res.stdout + res.stderr
    assert "Traceback" not in res.stderr and "nanobind" not in res.stderr, res.stderr
    failures = [line for line in res.stderr.splitlines() if "fault injected at during_lake_write_articles" in line]
    assert failures[-1].startswith("run failed: FaultInjected") and len(failures) <= 2, res.stderr
    assert fired.read_text().splitlines() == ["during_lake_write_articles"]  # run once, not retried
    assert not list((tmp_path / "lake").rglob("run_id=*"))  # and what it wrote is gone


# --- item 14: materialized marts follow a changed definition at start ------------------------------------------


def test_materialized_marts_follow_a_changed_definition(tmp_path, monkeypatch):
    import shutil

    import duckdb

    from newsevents.pipeline import run_pipeline
    from warehouse import store

    settings = _settings(tmp_path)
    assert run_pipeline(settings).status == "succeeded"
    marts = tmp_path / "marts"  # an upgrade that changes one mart's SQL (and one that removes a mart)
    shutil.copytree(store.MARTS_DIR, marts)
    sql = (marts / "03_run_quality.sql").read_text(encoding="utf-8")
    (marts / "03_run_quality.sql").write_text(sql.replace("r.rejects,", "r.rejects, r.source,"), encoding="utf-8")
    (marts / "08_rejects_per_run.sql").unlink()
    monkeypatch.setattr(store, "MARTS_DIR", marts)
    store.connect_writer(tmp_path / "wh.duckdb").close()  # what every run does first
    con = duckdb.connect(settings.warehouse, read_only=True)
    try:
        live = con.sql("SELECT * FROM main.run_quality")
        stored = con.sql("SELECT * FROM wh.marts.run_quality")
        assert stored.columns == live.columns and "source" in stored.columns
        assert stored.fetchall() == live.fetchall()
        tables = {
            r[0] for r in con.sql("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts'").fetchall()
        }
        views = {r[0] for r in con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        assert "rejects_per_run" not in tables | views  # a mart no longer shipped is gone from both
    finally:
        con.close()


# --- item 10: batches count articles; a JSON Lines dump is read in parts -------------------------------------


def _dump(path, n: int, gz: bool = False) -> list[str]:
    import gzip
    import json

    from conftest import SEEDS

    bodies = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    lines = [
        json.dumps({"title": f"Story {i}", "text": bodies[i % len(bodies)] + f"\n\nUpdate {i}."}) for i in range(n)
    ]
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return lines


@pytest.mark.parametrize("gz", [False, True])
def test_a_dump_larger_than_a_batch_is_read_in_parts_with_the_same_records(tmp_path, gz):
    from pathlib import Path

    from newsevents.pipeline import plan_batches
    from newsevents.read.files import InputFile, read_file

    path = tmp_path / ("dump.jsonl.gz" if gz else "dump.jsonl")
    _dump(path, 7, gz)
    whole = InputFile(str(path), Path(path), path.stat().st_size)
    _, expected, _ = read_file(whole, {}, 10_000_000)
    batches = plan_batches([whole, InputFile(str(tmp_path / "a.txt"), tmp_path / "a.txt")], 3, 10_000_000)
    assert [[(f.part, f.articles) for f in b] for b in batches] == [
        [((0, 3), 3)],
        [((1, 3), 3)],
        [((2, 3), 2), (None, 1)],  # the last record and the final empty line, then a file of one article
    ]
    got = []
    for batch in batches:
        for unit in batch:
            if unit.part is not None:
                outcome, records, rejects = read_file(unit, {}, 10_000_000)
                assert outcome.sha256 == unit.sha256 and not rejects
                got += records
    assert [(r.source_uri, r.text, r.meta["title"]) for r in got] == [
        (r.source_uri, r.text, r.meta["title"]) for r in expected
    ]


def test_worker_threshold_counts_articles_not_files(tmp_path, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor
    from datetime import UTC, datetime
    from pathlib import Path

    import newsevents.process as process
    from newsevents.process import BatchJob, PendingBatch, process_files
    from newsevents.read.files import InputFile
    from newsevents.settings import Settings

    pool = ThreadPoolExecutor(2)  # stands for the worker processes
    monkeypatch.setattr(process, "worker_pool", lambda settings: pool)
    monkeypatch.setattr(process, "_process_chunk", lambda job: len(job.files))
    dump = InputFile(str(tmp_path / "d.jsonl"), Path(tmp_path / "d.jsonl"), lines=(0, 500, 0), articles=500)
    settings = Settings(extract_processes=2, parallel_min_articles=400)
    job = BatchJob([dump], {}, settings, "r1", datetime.now(UTC))
    assert isinstance(process_files(job), PendingBatch)  # 500 articles: the workers, though it is one file
    few = [InputFile(str(tmp_path / f"{i}.txt"), tmp_path / f"{i}.txt") for i in range(5)]
    assert process_files(BatchJob(few, {}, settings, "r1", datetime.now(UTC))) == 5  # 5 articles: in-process
    pool.shutdown()


def test_a_split_dump_gives_the_tables_of_one_batch(tmp_path):
    import duckdb

    from newsevents.pipeline import run_pipeline
    from newsevents.settings import Settings

    def run(name: str, batch_size: int):
        root = tmp_path / name
        (root / "src").mkdir(parents=True)
        _dump(root / "src" / "feed.jsonl", 7)
        (root / "src" / "feed2.jsonl").write_text((root / "src" / "feed.jsonl").read_text(), encoding="utf-8")
        settings = Settings(
            source=str(root / "src"),
            lake=str(root / "lake"),
            warehouse=str(root / "wh.duckdb"),
            batch_size=batch_size,
            event_languages=("xx",),  # no event extraction: the test is about batches
        )
        summary = run_pipeline(settings)
        con = duckdb.connect(settings.warehouse, read_only=True)
        strip = [str(root)]
        try:
            got = {
                "articles": sorted(
                    con.sql(
                        "SELECT article_id, duplicate_of, story_id, replace(source_uri, ?, '') FROM articles",
                        params=strip,
                    ).fetchall()
                ),
                "files": sorted(
                    con.sql(
                        "SELECT replace(source_uri, ?, ''), file_sha256, status, articles, "
                        "duplicate_of FROM input_files",
                        params=strip,
                    ).fetchall()
                ),
                "rejects": sorted(
                    con.sql("SELECT replace(source_uri, ?, ''), check_name FROM rejects", params=strip).fetchall()
                ),
            }
        finally:
            con.close()
        parts = len(list((root / "lake" / "articles").glob("run_id=*/*.parquet")))
        return summary, got, parts

    one, reference, _ = run("one", 2000)
    split, got, parts = run("split", 3)
    assert got == reference
    assert parts == 6  # 7 records each: batches of at most 3 articles
    assert (split.files_seen, split.files_loaded, split.files_duplicate, split.articles) == (2, 1, 1, 7)
    assert (one.files_seen, one.files_loaded, one.files_duplicate) == (2, 1, 1)
