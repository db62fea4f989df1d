"""BI access: the marts through SQLAlchemy + duckdb-engine, read-only, the way Superset (and other SQLAlchemy
based tools) connect: `duckdb:///data/warehouse.duckdb` with connect_args={"read_only": True}."""

from __future__ import annotations

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")
pytest.importorskip("duckdb_engine", reason="duckdb-engine (dev extra) is needed for the SQLAlchemy dialect")

from sqlalchemy import create_engine, inspect, text  # noqa: E402

MARTS = [
    "canonical_events",
    "events_daily",
    "events_weekly",
    "actor_pairs",
    "places",
    "articles_per_publisher_daily",
    "rejects_per_run",
    "run_quality",
]


@pytest.fixture()
def engine(seed_run):
    settings, _ = seed_run
    eng = create_engine(f"duckdb:///{settings.warehouse}", connect_args={"read_only": True})
    yield eng
    eng.dispose()


def test_bi_tool_sees_the_marts_as_views(engine):
    insp = inspect(engine)
    views = set(insp.get_view_names(schema="main"))
    assert set(MARTS) <= views
    assert {"articles", "events", "entities", "rejects", "runs", "dq_results", "input_files"} <= set(
        insp.get_table_names(schema="main")
    )
    # the materialized copies BI dashboards read, refreshed by every load
    assert set(MARTS) <= set(insp.get_table_names(schema="marts"))
    with engine.connect() as con:
        for view in MARTS:
            reflected = [c["name"] for c in insp.get_columns(view, schema="main")]
            assert reflected and reflected == list(con.execute(text(f"SELECT * FROM {view} LIMIT 0")).keys()), view
    assert [c["name"] for c in insp.get_columns("actor_pairs", schema="main")][:2] == ["actor1", "actor2"]
    types = {c["name"]: c["type"] for c in insp.get_columns("places", schema="main")}
    assert isinstance(types["latitude"], sqlalchemy.Float) and isinstance(types["events"], sqlalchemy.Integer)
    assert isinstance(types["first_event_date"], sqlalchemy.Date)


def test_marts_query_through_sqlalchemy(engine):
    with engine.connect() as con:
        pair = (
            con.execute(
                text("SELECT * FROM actor_pairs WHERE actor1 = :a AND actor2 = :b"),
                {"a": "Ilham Aliyev", "b": "Vladimir Putin"},
            )
            .mappings()
            .one()
        )
        assert "consult" in pair["event_types"] and pair["actor2_country"] == "RUS"
        aghdam = con.execute(text("SELECT latitude, longitude FROM places WHERE location = 'Aghdam'")).one()
        assert 39 < aghdam.latitude < 40.5 and 46 < aghdam.longitude < 47
        agreement = con.execute(
            text("""SELECT max(n_articles) FROM canonical_events
                                        WHERE event_type = 'agreement_signed' AND event_date = DATE '2020-11-10'""")
        ).scalar_one()
        assert agreement >= 3
        weekly = con.execute(
            text("SELECT iso_year, iso_week, sum(events) AS n FROM events_weekly GROUP BY ALL ORDER BY n DESC")
        ).first()
        assert tuple(weekly[:2]) == (2020, 46)
        assert con.execute(text("SELECT sum(articles) FROM articles_per_publisher_daily")).scalar_one() == 5
        rate = con.execute(text("SELECT pass_rate_pct FROM run_quality")).scalar_one()
        assert 50 < rate < 100
        assert con.execute(text("SELECT count(*) FROM rejects_per_run")).scalar_one() == 0
        # a dashboard's aggregate on a mart, with a bound parameter
        n = con.execute(text("SELECT sum(events) FROM events_daily WHERE day >= :d"), {"d": "2023-01-01"}).scalar_one()
        assert n >= 3


def test_bi_connection_is_read_only_and_can_be_shared(engine, seed_run):
    settings, _ = seed_run
    with engine.connect() as con, pytest.raises(sqlalchemy.exc.DBAPIError, match="read-only"):
        con.execute(text("CREATE TABLE bi_scratch (x INTEGER)"))
    # a second read-only client (another dashboard) at the same time
    other = create_engine(f"duckdb:///{settings.warehouse}", connect_args={"read_only": True})
    try:
        with engine.connect() as a, other.connect() as b:
            assert (
                a.execute(text("SELECT count(*) FROM events")).scalar_one()
                == b.execute(text("SELECT count(*) FROM events")).scalar_one()
            )
    finally:
        other.dispose()
