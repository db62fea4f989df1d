"""The pipeline's behaviour on changing inputs, duplicates, bad input and concurrent use (no Prefect)."""

import json
import shutil

import duckdb
import pytest
from conftest import SEEDS

from newsevents.pipeline import run_pipeline
from newsevents.settings import Settings
from warehouse import store


@pytest.fixture()
def work(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    return Settings(source=str(src), lake=str(tmp_path / "lake"), warehouse=str(tmp_path / "wh.duckdb")), src


def q(settings, sql):
    con = duckdb.connect(settings.warehouse, read_only=True)
    try:
        return con.sql(sql).fetchall()
    finally:
        con.close()


def test_changed_file_replaces_its_rows_and_new_file_is_added(work):
    settings, src = work
    shutil.copy(SEEDS / "004_6414ef0f6e107aab.txt", src / "a.txt")
    first = run_pipeline(settings)
    assert first.articles == 1
    text = (src / "a.txt").read_text().replace("Ninety-four", "Ninety-five")
    (src / "a.txt").write_text(text)
    shutil.copy(SEEDS / "003_50871807e635394d.txt", src / "b.txt")
    second = run_pipeline(settings)
    assert (second.files_seen, second.files_loaded, second.files_unchanged) == (2, 2, 0) or (
        second.files_loaded,
        second.articles,
    ) == (2, 2)
    assert q(settings, "SELECT count(*) FROM articles") == [(2,)]
    bodies = q(settings, "SELECT body FROM articles WHERE source_uri LIKE '%a.txt'")
    assert len(bodies) == 1 and "Ninety-five" in bodies[0][0]
    assert q(
        settings, "SELECT count(*) FROM events e LEFT JOIN articles a USING (article_id) WHERE a.article_id IS NULL"
    ) == [(0,)]
    third = run_pipeline(settings)
    assert third.files_unchanged == 2 and third.articles == 0


def test_duplicate_file_under_another_name(work):
    settings, src = work
    shutil.copy(SEEDS / "000_f379348754075c70.txt", src / "one.txt")
    shutil.copy(SEEDS / "000_f379348754075c70.txt", src / "copy of one.txt")
    summary = run_pipeline(settings)
    assert (summary.files_loaded, summary.files_duplicate, summary.articles) == (1, 1, 1)
    rows = {r[0].rsplit("/", 1)[1]: r[1:] for r in q(settings, "SELECT source_uri, status, reason FROM input_files")}
    # discovery is in name order: 'copy of one.txt' comes first and is the one loaded
    assert rows["copy of one.txt"][0] == "loaded" and rows["one.txt"][0] == "duplicate"
    assert "already loaded" in rows["one.txt"][1]


def test_same_body_other_footer_is_loaded_with_duplicate_of(work):
    settings, src = work
    text = (SEEDS / "003_50871807e635394d.txt").read_text()
    (src / "a.txt").write_text(text)
    (src / "b.txt").write_text(text.replace("Thank you!", "Print version"))
    summary = run_pipeline(settings)
    # the footers differ, the article does not: same id, so the second file adds no row
    rows = q(settings, "SELECT source_uri, duplicate_of IS NOT NULL FROM articles ORDER BY source_uri")
    assert len(rows) == 1 and (summary.files_loaded, summary.files_duplicate) == (1, 1)
    statuses = dict(q(settings, "SELECT source_uri, status FROM input_files"))
    assert sorted(statuses.values()) == ["duplicate", "loaded"]


def test_bad_inputs_accounted_for(work):
    settings, src = work
    shutil.copy(SEEDS / "002_2845e4e534468d56.txt", src / "good.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (src / "feed.jsonl").write_text(
        json.dumps({"title": "x", "text": (SEEDS / "004_6414ef0f6e107aab.txt").read_text()}) + "\n{oops\n"
    )
    summary = run_pipeline(settings)
    assert summary.status == "succeeded"
    files = dict(q(settings, "SELECT source_uri, status FROM input_files"))
    assert len(files) == 4
    assert files[str(src / "empty.txt")] == "rejected" and files[str(src / "feed.jsonl")] == "loaded"
    rejects = q(settings, "SELECT source_uri, check_name, reason FROM rejects ORDER BY source_uri")
    checks = {r[0].rsplit("/", 1)[1]: r[1] for r in rejects}
    assert checks == {"empty.txt": "empty", "feed.jsonl#line=2": "malformed_json", "image.png": "unsupported_type"}
    assert all(r[2] for r in rejects)


def test_too_many_rejects_fails_the_run_and_loads_nothing(work):
    settings, src = work
    # dates in the future fail the articles' checks (a bad url no longer does: issue 13 keeps the article)
    (src / "a.jsonl").write_text(
        "\n".join(json.dumps({"text": f"Short text body {i}.", "published": "2999-01-01"}) for i in range(3))
    )
    summary = run_pipeline(settings)
    assert summary.status == "failed" and "articles" in summary.error
    assert q(settings, "SELECT count(*) FROM articles") == [(0,)]
    assert q(settings, "SELECT status FROM runs") == [("failed",)]
    assert q(settings, "SELECT count(*) FROM rejects WHERE check_name LIKE '%published_at_not_in_future%'")[0][0] == 3


def test_query_is_read_only(seed_run):
    settings, _ = seed_run
    from pathlib import Path

    with pytest.raises(duckdb.Error, match="read-only"):
        store.query(Path(settings.warehouse), "DROP TABLE articles")
    with pytest.raises(duckdb.Error, match="read-only"):
        store.query(Path(settings.warehouse), "INSERT INTO runs (run_id) VALUES ('x')")
    assert store.query(Path(settings.warehouse), "SELECT count(*) FROM articles")[1] == [(5,)]


def test_second_writer_gets_clear_message(work):
    import threading
    from pathlib import Path

    settings, src = work
    shutil.copy(SEEDS / "000_f379348754075c70.txt", src / "a.txt")
    taken, done = threading.Event(), threading.Event()

    def other_writer():  # another thread (or process) holds the lock; re-entry is only for the thread holding it
        with store.writer_lock(Path(settings.warehouse)):
            taken.set()
            done.wait(30)

    holder = threading.Thread(target=other_writer)
    holder.start()
    try:
        assert taken.wait(30)
        with pytest.raises(store.WarehouseBusy, match=r"being written by pid \d+"):
            run_pipeline(settings)
    finally:
        done.set()
        holder.join(30)
