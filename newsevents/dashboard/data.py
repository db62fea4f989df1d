"""What the dashboard shows, aggregated in DuckDB from the materialized marts (`marts.<name>`).

The page never receives the events themselves: it gets small pre-aggregated cubes (canonical events and reports
per time bin, event type, quad class and country; the same per place for the busiest places and per actor for
the busiest actors), the places with coordinates, the most-reported canonical events with their sources, and
the data-quality tables. The page's filters re-sum those cubes (a few thousand rows) in the browser; at 1M
events the queries here take well under a second because they read the materialized marts.

A warehouse written before a mart existed lacks `marts.<name>`: the mart's SQL is then defined as a TEMP view
on this read-only connection (temporary objects live outside the file) and read live."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import duckdb

from warehouse.store import MARTS_DIR

MAX_EVENT_ROWS = 1000  # canonical events carried by the page (most reported first)
TOP_PLACES = 400  # places in the map's cube
TOP_ACTORS = 30  # actors in the actor cube
MAX_RUNS = 60  # latest runs in the data-quality panel

Row = dict[str, Any]


def mart_relations(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """mart name -> the relation to read: the materialized `marts.<name>` when it exists, else the live view,
    else a TEMP view made from the mart's SQL (older warehouses)."""
    db = '"' + con.sql("SELECT current_database()").fetchall()[0][0].replace('"', '""') + '"'
    tables = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'marts' AND database_name = current_database()"
        ).fetchall()
    }
    views = {r[0] for r in con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    out = {}
    for sql_file in sorted(MARTS_DIR.glob("*.sql")):
        text = sql_file.read_text(encoding="utf-8")
        match = re.search(r"CREATE OR REPLACE VIEW (\w+)", text)
        if match is None:
            continue
        name = match.group(1)
        if name in tables:
            out[name] = f"{db}.marts.{name}"
        else:
            if name not in views:
                con.execute(text.replace("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMP VIEW", 1))
            out[name] = name
    return out


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[Row]:
    rel = con.execute(sql, params or [])
    columns = [d[0] for d in rel.description]
    return [{c: _clean(v) for c, v in zip(columns, row)} for row in rel.fetchall()]


def table(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> dict[str, Any]:
    """A compact column-wise table for the page: {"columns": [...], "data": [column, ...]} where a text column
    is {"dict": [distinct values], "codes": [index per row]} (a cube of 100k rows stays a few MB)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arrow = con.sql(sql, params=params).to_arrow_table()
    data: list[Any] = []
    for column in arrow.columns:
        column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        if pa.types.is_date(column.type) or pa.types.is_timestamp(column.type):
            column = pc.cast(column, pa.string())
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            encoded = pc.dictionary_encode(column)
            data.append({"dict": encoded.dictionary.to_pylist(), "codes": encoded.indices.to_pylist()})
        else:
            data.append(
                [_clean(v) for v in column.to_pylist()] if pa.types.is_floating(column.type) else column.to_pylist()
            )
    return {"columns": arrow.column_names, "data": data, "length": arrow.num_rows}


def granularity(con: duckdb.DuckDBPyConnection, ce: str) -> str:
    """The time bin follows the span of the dated canonical events: day up to 3 months, week up to 2 years,
    else month."""
    lo, hi = con.sql(
        f"SELECT min(event_date), max(event_date) FROM {ce} "
        "WHERE event_date IS NOT NULL AND date_precision IN ('day', 'month')"
    ).fetchall()[0]
    if lo is None:
        return "month"
    span = (hi - lo).days
    return "day" if span <= 92 else "week" if span <= 2 * 366 else "month"


def collect(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready values."""
    m = mart_relations(con)
    ce = m["canonical_events"]
    gran = granularity(con, ce)
    precisions = "('day', 'month')" if gran == "month" else "('day')"
    # each canonical event with its time bin: year-precision and undated events (and month-precision ones when
    # the bin is finer than a month) have none and are counted aside, never placed on a made-up day
    bin_sql = (
        f"CASE WHEN event_date IS NOT NULL AND date_precision IN {precisions} "
        f"THEN CAST(date_trunc('{gran}', event_date) AS DATE) END"
    )
    con.execute(f"""CREATE OR REPLACE TEMP TABLE dash_ce AS
        SELECT canonical_event_id, event_type, quad_class, actor1, actor2, location, country_iso3, n_articles,
               {bin_sql} AS bin
        FROM {ce}""")  # the columns the cubes need, once (no evidence text)
    one = lambda sql: con.sql(sql).fetchall()[0][0]  # noqa: E731

    places = rows(
        con,
        f"""
        SELECT location, country_iso3 AS country, latitude, longitude, events AS reports, distinct_events AS events,
               killed, injured, first_event_date, last_event_date
        FROM {m["places"]} ORDER BY events DESC, location, country_iso3 NULLS LAST LIMIT {TOP_PLACES}""",
    )
    place_index = {(p["location"], p["country"]): i for i, p in enumerate(places)}
    con.execute("CREATE OR REPLACE TEMP TABLE dash_places (location VARCHAR, country VARCHAR, idx INTEGER)")
    if places:
        con.executemany(
            "INSERT INTO dash_places VALUES (?, ?, ?)", [[loc, c, i] for (loc, c), i in place_index.items()]
        )
    actors = [
        r["actor"]
        for r in rows(
            con,
            f"""
        SELECT actor, sum(n_articles) AS reports FROM (
            SELECT unnest(list_distinct(list_filter([actor1, actor2], lambda x: x IS NOT NULL))) AS actor, n_articles
            FROM dash_ce)
        GROUP BY actor ORDER BY reports DESC, actor LIMIT {TOP_ACTORS}""",
        )
    ]

    dims = "bin, event_type AS type, quad_class AS quad, country_iso3 AS country"
    cube = table(
        con,
        f"""SELECT {dims}, count(*) AS events, CAST(sum(n_articles) AS BIGINT) AS reports
                          FROM dash_ce GROUP BY ALL ORDER BY ALL""",
    )
    place_cube = table(
        con,
        f"""
        SELECT {dims}, p.idx AS place, count(*) AS events, CAST(sum(n_articles) AS BIGINT) AS reports
        FROM dash_ce e JOIN dash_places p
          ON p.location = e.location AND p.country IS NOT DISTINCT FROM e.country_iso3
        GROUP BY ALL ORDER BY ALL""",
    )
    actor_cube = table(
        con,
        f"""
        SELECT {dims}, actor, count(*) AS events, CAST(sum(n_articles) AS BIGINT) AS reports
        FROM (SELECT *, unnest(list_distinct(list_filter([actor1, actor2], lambda x: x IS NOT NULL))) AS actor
              FROM dash_ce)
        WHERE actor IN (SELECT unnest(?))
        GROUP BY ALL ORDER BY ALL""",
        [actors],
    )

    events = rows(
        con,
        f"""
        SELECT canonical_event_id AS id, {bin_sql} AS bin, event_type AS type, quad_class AS quad, actor1, actor2,
               event_date, date_precision, mention_kind, location, country_iso3 AS country, killed, injured, troops,
               n_articles, n_publishers, evidence, confidence
        FROM {ce}
        ORDER BY n_articles DESC, n_publishers DESC, event_date DESC NULLS LAST, canonical_event_id
        LIMIT {MAX_EVENT_ROWS}""",
    )
    # the articles behind the rows shown (the events table joined to articles, for those ids only)
    sources: dict[str, list] = {}
    if events:
        for r in rows(
            con,
            """
                SELECT e.canonical_event_id AS id, a.publisher, a.title, a.url, a.published_date
                FROM events e JOIN articles a USING (article_id)
                WHERE e.canonical_event_id IN (SELECT unnest(?))
                GROUP BY ALL ORDER BY a.published_date NULLS LAST, a.publisher NULLS LAST, a.title""",
            [[e["id"] for e in events]],
        ):
            sources.setdefault(r.pop("id"), []).append(r)
    for e in events:
        e["sources"] = sources.get(e["id"], [])

    latest_runs = f"(SELECT run_id FROM {m['run_quality']} ORDER BY started_at DESC, run_id DESC LIMIT {MAX_RUNS})"
    return {
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "granularity": gran,
        "summary": {
            "articles": one(f"SELECT coalesce(sum(articles), 0) FROM {m['articles_per_publisher_daily']}"),
            "publishers": one(f"SELECT count(DISTINCT publisher) FROM {m['articles_per_publisher_daily']}"),
            "events": one("SELECT count(*) FROM events"),
            "canonical_events": one(f"SELECT count(*) FROM {ce}"),
            "undated": one("SELECT count(*) FROM dash_ce WHERE bin IS NULL"),
            "places": one(f"SELECT count(*) FROM {m['places']}"),
            "places_with_coordinates": one(f"SELECT count(*) FROM {m['places']} WHERE latitude IS NOT NULL"),
            "runs": one(f"SELECT count(*) FROM {m['run_quality']}"),
        },
        "cube": cube,
        "places": places,
        "place_cube": place_cube,
        "actors": actors,
        "actor_cube": actor_cube,
        "events": events,
        "publishers": rows(
            con,
            f"""
            SELECT publisher, CAST(sum(articles) AS BIGINT) AS articles, count(published_date) AS days,
                   min(published_date) AS first_date, max(published_date) AS last_date
            FROM {m["articles_per_publisher_daily"]} GROUP BY publisher
            ORDER BY articles DESC, publisher NULLS LAST LIMIT 40""",
        ),
        "runs": rows(
            con,
            f"""
            SELECT run_id, started_at, status, files_seen, files_loaded, files_duplicate, files_rejected, articles,
                   events, rejects, checks, checks_passed, pass_rate_pct
            FROM {m["run_quality"]} WHERE run_id IN {latest_runs} ORDER BY started_at, run_id""",
        ),
        "rejects_per_run": rows(
            con,
            f"""
            SELECT run_id, stage, table_name, check_name, rejects, inputs FROM {m["rejects_per_run"]}
            WHERE run_id IN {latest_runs} ORDER BY run_id, rejects DESC, stage, check_name""",
        ),
        "failed_checks": rows(
            con,
            f"""
            SELECT run_id, table_name, column_name, check_name, severity, failed_rows, total_rows
            FROM dq_results WHERE NOT passed AND run_id IN {latest_runs}
            ORDER BY run_id, severity, table_name, column_name NULLS FIRST, check_name""",
        ),
    }
