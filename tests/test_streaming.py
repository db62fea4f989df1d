"""A run streams its input in batches: the tables must not depend on where the batch boundaries fall or on
whether batches go through the worker processes. And the incremental shortcut (size + modification time)."""

import os
import shutil
from dataclasses import replace

import duckdb
import pytest
from conftest import SEEDS

from newsevents.pipeline import run_pipeline
from newsevents.settings import Settings
from warehouse import store


def make_source(src):
    src.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, src / p.name)
    # an exact copy of 000 and a repost of 001 with another footer, sorted into later batches than their originals
    shutil.copy(SEEDS / "000_f379348754075c70.txt", src / "zz_copy_of_000.txt")
    text = (SEEDS / "001_8fbc5bc7f563406c.txt").read_text(encoding="utf-8")
    (src / "zz_repost_of_001.txt").write_text(
        text + "\nRead more news on our site. Follow us on Telegram.\n", encoding="utf-8"
    )


def tables(warehouse, root):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        strip = [str(root)]
        return {
            "articles": sorted(
                con.sql(
                    "SELECT article_id, story_id, duplicate_of, near_duplicate_of, "
                    "replace(source_uri, ?, '') FROM articles",
                    params=strip,
                ).fetchall()
            ),
            "events": sorted(
                con.sql(
                    "SELECT event_id, article_id, canonical_event_id, event_type, event_date, confidence FROM events"
                ).fetchall()
            ),
            "entities": sorted(con.sql("SELECT mention_id, name FROM entities").fetchall()),
            "files": sorted(
                con.sql(
                    "SELECT replace(source_uri, ?, ''), status, duplicate_of, articles FROM input_files", params=strip
                ).fetchall()
            ),
            "dq": sorted(
                con.sql(
                    "SELECT table_name, check_name, column_name, severity, failed_rows, total_rows FROM dq_results"
                ).fetchall()
            ),
            "fingerprints": con.sql("SELECT count(*) FROM article_fingerprints").fetchall(),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def one_batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("one")
    make_source(root / "src")
    settings = Settings(source=str(root / "src"), lake=str(root / "lake"), warehouse=str(root / "wh.duckdb"))
    summary = run_pipeline(settings)
    assert summary.status == "succeeded"
    return root, tables(root / "wh.duckdb", root / "src"), summary


@pytest.mark.parametrize("batch_size, processes", [(2, 1), (3, 2)])
def test_batch_boundaries_and_worker_processes_do_not_change_the_tables(tmp_path, one_batch, batch_size, processes):
    ref_root, reference, ref_summary = one_batch
    make_source(tmp_path / "src")
    settings = Settings(
        source=str(tmp_path / "src"),
        lake=str(tmp_path / "lake"),
        warehouse=str(tmp_path / "wh.duckdb"),
        batch_size=batch_size,
        extract_processes=processes,
        parallel_min_articles=1,
    )
    summary = run_pipeline(settings)
    assert summary.status == "succeeded"
    got = tables(tmp_path / "wh.duckdb", tmp_path / "src")
    for name in reference:
        assert got[name] == reference[name], name
    assert (summary.articles, summary.events, summary.files_duplicate) == (ref_summary.articles, ref_summary.events, 1)
    # the links that cross batches were found: the copy of 000 is a duplicate, the repost of 001 a near-duplicate
    # in 001's story, and 000/001 (different batches of two) share a story
    by_name = {a[4].split("/")[-1]: a for a in got["articles"]}
    assert by_name["zz_repost_of_001.txt"][3] == by_name["001_8fbc5bc7f563406c.txt"][0]
    assert (
        by_name["000_f379348754075c70.txt"][1]
        == by_name["001_8fbc5bc7f563406c.txt"][1]
        == by_name["zz_repost_of_001.txt"][1]
    )
    parts = sorted(p.name for p in (tmp_path / "lake" / "articles").glob("run_id=*/*.parquet"))
    assert len(parts) == -(-7 // batch_size)  # one part per batch of files
    # the lake's rewritten parts carry the final links too
    lake_links = duckdb.sql(
        f"SELECT article_id, story_id FROM read_parquet('{tmp_path}/lake/articles/*/*.parquet', "
        "hive_partitioning = false)"
    ).fetchall()
    assert sorted(lake_links) == sorted((a[0], a[1]) for a in got["articles"])


def test_unchanged_size_and_time_are_trusted_touch_is_recorded(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    target = src / "a.txt"
    shutil.copy(SEEDS / "004_6414ef0f6e107aab.txt", target)
    settings = Settings(source=str(src), lake=str(tmp_path / "lake"), warehouse=str(tmp_path / "wh.duckdb"))
    assert run_pipeline(settings).files_loaded == 1
    # Same size, same modification time, other bytes: trusted as unchanged, like make and rsync do...
    before = target.stat()
    target.write_text(target.read_text(encoding="utf-8").replace("Ninety-four", "Ninety-nine"), encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size
    quick = run_pipeline(settings)
    assert (quick.files_unchanged, quick.files_loaded) == (1, 0)
    # ...unless every file is verified by its hash
    verified = run_pipeline(replace(settings, verify_unchanged=True))
    assert (verified.files_unchanged, verified.files_loaded) == (0, 1)
    con = duckdb.connect(settings.warehouse, read_only=True)
    assert "Ninety-nine" in con.sql("SELECT body FROM articles").fetchall()[0][0]
    con.close()
    # Touched (new time, same bytes): not loaded again, and the new time is recorded so the next run skips it
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns + 5_000_000_000))
    touched = run_pipeline(settings)
    assert (touched.files_unchanged, touched.files_loaded, touched.articles) == (1, 0, 0)
    con = duckdb.connect(settings.warehouse, read_only=True)
    assert con.sql("SELECT modified_ns FROM input_files").fetchall() == [(target.stat().st_mtime_ns,)]
    con.close()


def test_warehouse_of_an_older_version_gains_new_columns(tmp_path):
    con = store.connect_writer(tmp_path / "wh.duckdb")
    con.execute("ALTER TABLE input_files DROP COLUMN modified_ns")  # as the version before the column had it
    con.execute("DROP TABLE schema_version")  # ...which had no schema_version either
    con.close()
    con = store.connect_writer(tmp_path / "wh.duckdb")
    columns = [r[0] for r in con.sql("DESCRIBE input_files").fetchall()]
    con.close()
    assert columns[-1] == "modified_ns"


def test_materialized_marts_equal_their_views_after_every_kind_of_run(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, src / p.name)
    settings = Settings(source=str(src), lake=str(tmp_path / "lake"), warehouse=str(tmp_path / "wh.duckdb"))

    def assert_marts_current():
        con = duckdb.connect(settings.warehouse, read_only=True)
        try:
            for name in store.mart_names():
                live = con.sql(f"SELECT * FROM main.{name}").fetchall()
                stored = con.sql(f"SELECT * FROM wh.marts.{name}").fetchall()
                assert sorted(map(repr, live)) == sorted(map(repr, stored)), name
        finally:
            con.close()

    assert run_pipeline(settings).articles == 5
    assert_marts_current()
    assert run_pipeline(settings).files_unchanged == 5  # no-op: only the run marts are recomputed
    assert_marts_current()
    changed = src / "004_6414ef0f6e107aab.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Ninety-four", "Ninety-five"), encoding="utf-8")
    assert run_pipeline(settings).files_loaded == 1  # a replaced file: its old rows leave the marts too
    assert_marts_current()
    (src / "000_f379348754075c70.txt").unlink()
    (src / "broken.json").write_text("{not json", encoding="utf-8")
    assert run_pipeline(settings).files_rejected == 1
    assert_marts_current()
