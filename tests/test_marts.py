"""The marts (warehouse/marts/*.sql views): stable names and columns, real values on the seed run, and
queryable on an empty warehouse."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from warehouse.store import MARTS_DIR, connect_writer

# The contract BI tools and the dashboard rely on: view name -> columns, in order.
MART_COLUMNS = {
    "events_daily": ["day", "event_type", "quad_class", "events", "distinct_events", "killed", "injured"],
    "run_quality": [
        "run_id",
        "started_at",
        "status",
        "files_seen",
        "files_loaded",
        "files_duplicate",
        "files_rejected",
        "articles",
        "events",
        "rejects",
        "checks",
        "checks_passed",
        "pass_rate_pct",
    ],
    "events_weekly": [
        "iso_year",
        "iso_week",
        "week_start",
        "event_type",
        "quad_class",
        "events",
        "distinct_events",
        "killed",
        "injured",
    ],
    "actor_pairs": [
        "actor1",
        "actor2",
        "actor1_country",
        "actor2_country",
        "event_types",
        "events",
        "distinct_events",
        "mean_quad_class",
        "first_event_date",
        "last_event_date",
    ],
    "places": [
        "location",
        "country_iso3",
        "latitude",
        "longitude",
        "events",
        "distinct_events",
        "killed",
        "injured",
        "first_event_date",
        "last_event_date",
    ],
    "articles_per_publisher_daily": [
        "publisher",
        "published_date",
        "articles",
        "original_articles",
        "stories",
        "words",
    ],
    "rejects_per_run": ["run_id", "started_at", "stage", "table_name", "check_name", "rejects", "inputs"],
}


def rows(con, sql: str, params=None) -> list[dict]:
    rel = con.execute(sql, params or [])
    cols = [d[0] for d in rel.description]
    return [dict(zip(cols, r)) for r in rel.fetchall()]


def columns(con, view: str) -> list[str]:
    return [d[0] for d in con.execute(f"SELECT * FROM {view} LIMIT 0").description]


def test_mart_files_are_one_documented_view_each():
    files = sorted(MARTS_DIR.glob("*.sql"))
    names = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert text.startswith("-- "), f"{f.name} must start with a '-- ' comment describing the view"
        assert text.count("CREATE OR REPLACE VIEW") == 1, f"{f.name}: one view per file"
        names.append(text.split("CREATE OR REPLACE VIEW", 1)[1].split()[0])
        assert f.name[:3].rstrip("_").isdigit() and f.name[2] == "_", f"{f.name}: name files NN_name.sql"
    assert names[0] == "canonical_events"
    assert set(MART_COLUMNS) <= set(names)


def test_marts_have_stable_columns(seed_db):
    for view, expected in MART_COLUMNS.items():
        assert columns(seed_db, view) == expected, view


def test_canonical_event_of_the_trilateral_statement(seed_db):
    r = rows(
        seed_db,
        """SELECT * FROM canonical_events
                         WHERE event_type = 'agreement_signed' AND event_date = DATE '2020-11-10'
                         ORDER BY n_articles DESC LIMIT 1""",
    )[0]
    assert r["n_articles"] >= 3
    assert r["n_publishers"] >= 2
    assert r["first_seen"] <= r["last_seen"]


def test_events_daily_and_weekly_agree(seed_db):
    daily = seed_db.sql("SELECT sum(events) FROM events_daily").fetchall()[0][0]
    weekly = seed_db.sql("SELECT sum(events) FROM events_weekly").fetchall()[0][0]
    # what happened: scheduled future events and totals over a period are left out
    day_precise = seed_db.sql("""SELECT count(*) FROM events WHERE date_precision = 'day' AND event_date IS NOT NULL
                                 AND mention_kind <> 'future' AND NOT coalesce(is_aggregate, false)""").fetchall()[0][0]
    future = seed_db.sql("SELECT count(*) FROM events WHERE mention_kind = 'future' AND event_date IS NOT NULL")
    assert future.fetchall()[0][0] >= 1  # the seeds schedule withdrawals: they exist but are not counted
    assert daily == weekly == day_precise > 10
    week = rows(
        seed_db,
        """SELECT * FROM events_weekly WHERE iso_year = 2020 AND iso_week = 46
                            AND event_type = 'agreement_signed'""",
    )
    assert len(week) == 1
    assert week[0]["week_start"] == date(2020, 11, 9)  # the Monday of the week of 10 November 2020
    assert week[0]["quad_class"] == 1
    assert week[0]["events"] >= 3 and week[0]["distinct_events"] >= 1
    # the 2023-09-18 mine explosion: the killed figures are summed over reports
    mine = rows(seed_db, "SELECT * FROM events_weekly WHERE event_type = 'explosion_mine'")
    assert mine and mine[0]["week_start"] == date(2023, 9, 18) and mine[0]["killed"] > 0


def test_actor_pairs(seed_db):
    r = rows(seed_db, "SELECT * FROM actor_pairs WHERE actor1 = 'Ilham Aliyev' AND actor2 = 'Vladimir Putin'")
    assert len(r) == 1
    r = r[0]
    assert "consult" in r["event_types"].split(", ")
    assert (r["actor1_country"], r["actor2_country"]) == ("AZE", "RUS")
    assert r["events"] >= 1 and r["distinct_events"] >= 1
    assert r["mean_quad_class"] == 1.0
    assert r["first_event_date"] == date(2020, 11, 24) <= r["last_event_date"]
    # every pair has both actors; counts add up to the events that have both
    total = seed_db.sql("SELECT sum(events) FROM actor_pairs").fetchall()[0][0]
    both = seed_db.sql("""SELECT count(*) FROM events WHERE actor1 IS NOT NULL AND actor2 IS NOT NULL
                          AND mention_kind <> 'future'""").fetchall()[0][0]
    assert total == both
    assert seed_db.sql("SELECT count(*) FROM actor_pairs WHERE actor1 IS NULL OR actor2 IS NULL").fetchall()[0][0] == 0


def test_places(seed_db):
    # a place is where an event of its own clause happened (the withdrawal from Aghdam on 20 November 2020);
    # the scheduled withdrawal from Lachin is a future event, not in the mart
    aghdam = rows(seed_db, "SELECT * FROM places WHERE location = 'Aghdam'")
    assert len(aghdam) == 1
    p = aghdam[0]
    assert p["country_iso3"] == "AZE"
    assert p["latitude"] == pytest.approx(39.99, abs=0.05) and p["longitude"] == pytest.approx(46.93, abs=0.05)
    assert p["events"] >= 1 and p["first_event_date"] == date(2020, 11, 20)
    assert not rows(seed_db, "SELECT * FROM places WHERE location = 'Lachin'")
    karabakh = rows(seed_db, "SELECT * FROM places WHERE location = 'Karabakh'")[0]
    assert karabakh["events"] >= 1 and karabakh["distinct_events"] <= karabakh["events"]
    located = seed_db.sql("""SELECT count(*) FROM events WHERE location IS NOT NULL
                             AND mention_kind <> 'future'""").fetchall()[0][0]
    assert seed_db.sql("SELECT sum(events) FROM places").fetchall()[0][0] == located


def test_articles_per_publisher_daily(seed_db):
    r = {(x["publisher"], x["published_date"]): x for x in rows(seed_db, "SELECT * FROM articles_per_publisher_daily")}
    assert r[("Today.az", date(2020, 11, 24))]["articles"] == 1
    assert sum(x["articles"] for k, x in r.items() if k[0] == "Azernews") == 3
    assert sum(x["articles"] for x in r.values()) == seed_db.sql("SELECT count(*) FROM articles").fetchall()[0][0]
    assert all(x["words"] > 50 and x["stories"] >= 1 for x in r.values())


def test_run_quality_and_rejects_per_run(seed_run, seed_db):
    _, summary = seed_run
    q = rows(seed_db, "SELECT * FROM run_quality")
    assert len(q) == 1 and q[0]["run_id"] == summary.run_id and q[0]["status"] == "succeeded"
    assert 0 < q[0]["checks_passed"] < q[0]["checks"]  # the untitled seed fails the title warning
    assert q[0]["pass_rate_pct"] == round(100 * q[0]["checks_passed"] / q[0]["checks"], 1)
    assert rows(seed_db, "SELECT * FROM rejects_per_run") == []  # the seeds are all clean


@pytest.fixture()
def empty_wh(tmp_path) -> Path:
    path = tmp_path / "empty.duckdb"
    connect_writer(path).close()
    return path


def test_marts_work_on_an_empty_warehouse(empty_wh):
    con = duckdb.connect(str(empty_wh), read_only=True)
    try:
        for view in ["canonical_events", *MART_COLUMNS]:
            assert con.sql(f"SELECT count(*) FROM {view}").fetchall() == [(0,)], view
        for view, expected in MART_COLUMNS.items():
            assert columns(con, view) == expected, view
    finally:
        con.close()


def test_rejects_per_run_counts_by_stage_and_check(empty_wh):
    con = duckdb.connect(str(empty_wh))
    try:
        con.execute("""INSERT INTO runs (run_id, started_at, status, source, files_seen, files_loaded, files_duplicate,
                       files_rejected, files_unchanged, articles, events, rejects)
                       VALUES ('r1', TIMESTAMPTZ '2024-01-01 00:00:00+00', 'succeeded', 'x', 3, 1, 0, 2, 0, 1, 0, 3)""")
        con.execute("""INSERT INTO rejects (reject_id, run_id, source_uri, stage, table_name, check_name, reason, rejected_at)
                       VALUES ('j1', 'r1', 'a.jsonl#line=1', 'read', NULL, 'bad_json', 'not JSON', now()),
                              ('j2', 'r1', 'a.jsonl#line=2', 'read', NULL, 'bad_json', 'not JSON', now()),
                              ('j3', 'r1', 'b.txt', 'validate', 'articles', 'url_format', 'bad url', now())""")
        got = {(r["stage"], r["check_name"]): r for r in rows(con, "SELECT * FROM rejects_per_run")}
        assert got[("read", "bad_json")]["rejects"] == 2 and got[("read", "bad_json")]["inputs"] == 2
        assert got[("validate", "url_format")]["table_name"] == "articles"
        assert all(r["run_id"] == "r1" and r["started_at"] is not None for r in got.values())
        q = rows(con, "SELECT * FROM run_quality")
        assert q[0]["checks"] == 0 and q[0]["pass_rate_pct"] is None  # no dq_results: no rate, not 0 %
    finally:
        con.close()
