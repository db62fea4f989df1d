"""The pandera models are the one definition: DDL derives from them, and validation quarantines with reasons."""

from datetime import UTC, date, datetime

import duckdb
import polars as pl

from schemas.ddl import conform, create_table_sql, polars_schema
from schemas.tables import TABLES
from schemas.validate import validate_table


def test_ddl_matches_models():
    con = duckdb.connect()
    for table, (model, _key) in TABLES.items():
        con.execute(create_table_sql(table))
        cols = [r[0] for r in con.sql(f"DESCRIBE {table}").fetchall()]
        assert cols == list(model.to_schema().columns), table
    types = dict(
        con.sql("SELECT column_name, data_type FROM information_schema.columns WHERE table_name='articles'").fetchall()
    )
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE" and types["authors"] == "VARCHAR[]"
    assert (
        dict(
            con.sql(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name='events'"
            ).fetchall()
        )["event_date"]
        == "DATE"
    )


def _article(**over):
    row = {
        "article_id": "a_" + "0" * 16,
        "source_uri": "x.txt",
        "source_format": "txt",
        "publisher": "P",
        "section": None,
        "title": "T",
        "authors": [],
        "credit": None,
        "url": None,
        "published_at": datetime(2020, 1, 1, tzinfo=UTC),
        "published_tz": "+00:00",
        "published_date": date(2020, 1, 1),
        "published_precision": "day",
        "published_at_source": "header",
        "language": "en",
        "body": "word " * 60,
        "word_count": 60,
        "content_sha256": "f" * 64,
        "duplicate_of": None,
        "near_duplicate_of": None,
        "story_id": "s_" + "0" * 16,
        "run_id": "r1",
        "ingested_at": datetime(2024, 1, 1, tzinfo=UTC),
        "title_source": "header",
        "event_relevance": None,
        "authors_source": "header",
    }
    row.update(over)
    return row


def test_bad_rows_quarantined_with_reasons_good_rows_kept():
    rows = [
        _article(),
        _article(article_id="a_" + "1" * 16, url="not a url", source_uri="bad-url.txt"),
        _article(article_id="a_" + "2" * 16, published_at=datetime(1850, 1, 1, tzinfo=UTC), source_uri="old.txt"),
        _article(article_id="a_" + "3" * 16, published_at=datetime(2999, 1, 1, tzinfo=UTC), source_uri="future.txt"),
        _article(article_id="a_" + "4" * 16, title=None, source_uri="notitle.txt"),
    ]
    df = conform(pl.DataFrame(rows, schema=polars_schema("articles")), "articles")
    result = validate_table(df, "articles", "r1")
    assert sorted(result.valid["source_uri"]) == ["notitle.txt", "x.txt"]
    by_uri = {r.source_uri: r for r in result.rejects}
    assert by_uri["bad-url.txt"].check_name == "str_matches" and "url" in by_uri["bad-url.txt"].reason
    assert by_uri["old.txt"].check_name == "published_at_after_1900"
    assert by_uri["future.txt"].check_name == "published_at_not_in_future"
    assert '"source_uri": "old.txt"' in by_uri["old.txt"].payload
    warn = [d for d in result.dq if d["severity"] == "warning" and d["column_name"] == "title"]
    assert warn == [
        {
            "run_id": "r1",
            "table_name": "articles",
            "check_name": "not_null",
            "column_name": "title",
            "severity": "warning",
            "failed_rows": 1,
            "total_rows": 2,
            "passed": False,
        }
    ]
    errors = {(d["check_name"], d["column_name"]): d for d in result.dq if d["severity"] == "error"}
    assert errors[("str_matches", "url")]["failed_rows"] == 1 and errors[("unique", "article_id")]["passed"]


def test_conform_refuses_a_row_builder_that_forgot_a_column():
    import pytest

    from schemas.ddl import MissingColumns

    row = _article()
    del row["language"]
    with pytest.raises(MissingColumns, match="articles: rows lack the column.*language"):
        conform(pl.DataFrame([row]), "articles")
    # named optional columns (filled later, e.g. a run's finished_at) are nulls
    assert conform(pl.DataFrame([row]), "articles", optional=("language",))["language"].to_list() == [None]


def test_load_goes_by_column_name(tmp_path):
    """A lake part whose columns are in another order loads into the right columns; a part lacking a column of
    the model fails the load instead of filling it with nulls."""
    import pytest

    from warehouse.store import insert_parts_sql

    con = duckdb.connect()
    con.execute(create_table_sql("articles"))
    df = conform(pl.DataFrame([_article()]), "articles")
    shuffled = df.select(list(reversed(df.columns)))
    shuffled.write_parquet(tmp_path / "shuffled.parquet")
    con.execute(insert_parts_sql("articles"), [[str(tmp_path / "shuffled.parquet")]])
    assert con.sql("SELECT title, language, word_count FROM articles").fetchall() == [("T", "en", 60)]
    df.drop("language").write_parquet(tmp_path / "short.parquet")
    with pytest.raises(duckdb.BinderException, match="language"):
        con.execute(insert_parts_sql("articles"), [[str(tmp_path / "short.parquet")]])


def test_headline_evidence_is_checked_against_the_title():
    from pandera.api.polars.types import PolarsData

    from schemas.tables import EventsInContext

    frame = pl.LazyFrame(
        {
            "evidence": ["Talks held in Baku", "Talks held in Baku", "A sentence.", "Not there."],
            "evidence_in": ["title", "body", None, "title"],
            "article_title": ["Talks held in Baku"] * 4,
            "article_body": ["A sentence. More."] * 4,
        }
    )
    ok = EventsInContext.evidence_in_body(PolarsData(frame)).collect().to_series().to_list()
    assert ok == [True, False, True, False]  # a headline row needs the title, a body row (or an older one) the body
