"""The five sample articles, end to end through the pipeline's stages: what the foundation issue says they
must give, checked on the warehouse rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from conftest import article, events_of

BOILERPLATE = [
    "Follow us on Twitter",
    "Print version",
    "Views: 208",
    "Read more",
    "Latest See more",
    "Recommend news to friend",
    "Your name:",
    "Your e-mail:",
    "Friend's name:",
    "subscribe",
    "Thank you!",
    "Here we are to serve you",
    "Connect with us",
    "URL:",
]


def test_run_succeeds_and_counts(seed_run):
    _, summary = seed_run
    assert summary.status == "succeeded"
    assert (summary.files_seen, summary.files_loaded, summary.files_rejected) == (5, 5, 0)
    assert summary.articles == 5
    assert summary.events >= 20


def test_000_azernews_no_title_warning(seed_db):
    a = article(seed_db, "000")
    assert a["publisher"] == "Azernews"
    assert a["authors"] == ["Vafa Ismayilova"]
    assert a["published_date"] == date(2021, 9, 6)
    assert a["published_at_source"] == "header"
    assert a["title"] is None
    warn = seed_db.sql(
        "SELECT failed_rows FROM dq_results WHERE table_name='articles' AND column_name='title' AND severity='warning'"
    ).fetchall()
    assert warn == [(1,)]
    assert seed_db.sql("SELECT count(*) FROM rejects").fetchall()[0][0] == 0


def test_001_turan_title_once_footer_date(seed_db):
    a = article(seed_db, "001")
    assert a["title"].startswith("The mandate of the Russian peacekeepers in Karabakh has not been agreed")
    assert a["body"].count("an important recognition of Baku") == 0  # the repeated title line is gone
    assert a["publisher"] == "Turan"
    assert a["published_date"] == date(2021, 9, 6)
    assert a["published_at_source"] == "footer"
    assert "originally appeared" not in a["body"]


def test_002_dateline_not_page_header(seed_db):
    a = article(seed_db, "002")
    assert a["title"] == "Baku, Moscow ponder solution to issue of peacekeepers in Garabagh"
    assert a["authors"] == ["Asim Aliyev"]
    expected = datetime(2023, 12, 30, 12, 59, tzinfo=timezone(timedelta(hours=4)))
    assert a["published_at"] == expected
    assert a["published_tz"] == "+04:00"
    assert "Asim Aliyev" not in a["body"]
    assert not a["body"].startswith("Baku, Moscow ponder")


def test_003_inferred_publication_date(seed_db):
    a = article(seed_db, "003")
    assert a["title"] == "Baku, Moscow eye illegal Armenian groups' withdrawal from Karabakh"
    assert a["authors"] == ["Vafa Ismayilova"]
    assert a["published_date"] == date(2022, 3, 22)
    assert a["published_at_source"] == "inferred"


def test_004_today_az(seed_db):
    a = article(seed_db, "004")
    assert a["publisher"] == "Today.az"
    assert a["section"] == "Politics"
    assert a["authors"] == ["Vafa Ismayilova"]
    assert a["url"] == "http://www.today.az/news/politics/200807.html"
    assert a["published_at"] == datetime(2020, 11, 24, 22, 45, tzinfo=timezone(timedelta(hours=4)))
    assert a["credit"] == "Azernews"


def test_no_boilerplate_in_bodies(seed_db):
    for (body,) in seed_db.sql("SELECT body FROM articles").fetchall():
        for phrase in BOILERPLATE:
            assert phrase.lower() not in body.lower(), phrase
        assert "By Vafa Ismayilova" not in body


def test_evidence_is_substring_of_body(seed_db):
    bad = seed_db.sql(
        "SELECT count(*) FROM events e JOIN articles a USING (article_id) "
        "WHERE CASE e.evidence_in WHEN 'title' THEN strpos(a.title, e.evidence) ELSE strpos(a.body, e.evidence) END = 0"
    ).fetchall()[0][0]
    assert bad == 0
    assert seed_db.sql("SELECT count(*) FROM events WHERE evidence_in IS NULL").fetchall()[0][0] == 0


def _find(events, **want):
    def ok(e):
        for k, v in want.items():
            if callable(v):
                if not v(e.get(k)):
                    return False
            elif e.get(k) != v:
                return False
        return True

    return [e for e in events if ok(e)]


def test_trilateral_statement_is_one_canonical_event(seed_db):
    rows = seed_db.sql("""SELECT e.canonical_event_id, count(DISTINCT e.article_id) FROM events e
                          WHERE e.event_type = 'agreement_signed' AND e.event_date = DATE '2020-11-10'
                          GROUP BY 1 ORDER BY 2 DESC""").fetchall()
    assert rows and rows[0][1] >= 3, rows
    assert len(rows) == 1, "every report of the 10 November 2020 signing should share one canonical_event_id"


def test_004_phone_call_and_withdrawals(seed_db):
    ev = events_of(seed_db, "004")
    call = _find(ev, event_type="consult", event_date=date(2020, 11, 24))
    assert call and call[0]["quad_class"] == 1
    assert {call[0]["actor1"], call[0]["actor2"]} == {"Ilham Aliyev", "Vladimir Putin"}
    for place, day in (("Kalbajar", date(2020, 11, 25)), ("Aghdam", date(2020, 11, 20)), ("Lachin", date(2020, 12, 1))):
        found = _find(ev, event_type="withdrawal", location=place, event_date=day)
        assert found, f"withdrawal from {place} on {day}"
        assert found[0]["latitude"] is not None and found[0]["actor1_country"] == "ARM"
    killed = _find(ev, killed=94)
    assert killed and killed[0]["quad_class"] == 4 and killed[0]["event_date"] == date(2020, 9, 27)
    assert killed[0]["event_date_end"] == date(2020, 11, 10)


def test_003_meeting_in_baku(seed_db):
    ev = events_of(seed_db, "003")
    meeting = _find(ev, event_type="consult", event_date=date(2022, 3, 22), location="Baku")
    assert meeting
    assert {meeting[0]["actor1"], meeting[0]["actor2"]} == {"Karim Valiyev", "Alexei Kim"}


def test_002_mine_explosion_and_operation(seed_db):
    ev = events_of(seed_db, "002")
    mine = _find(ev, event_type="explosion_mine", killed=lambda k: k is not None and k >= 7)
    assert mine and mine[0]["event_date"] == date(2023, 9, 18)
    op = _find(ev, event_type="military_operation", event_date=date(2023, 9, 19))
    assert op and op[0]["quad_class"] == 4 and op[0]["actor1"] == "Azerbaijan"


def test_hajiyev_statement_same_story(seed_db):
    s0, s1 = article(seed_db, "000"), article(seed_db, "001")
    assert s0["story_id"] == s1["story_id"]
    others = {article(seed_db, p)["story_id"] for p in ("002", "003", "004")}
    assert s0["story_id"] not in others
    for prefix in ("000", "001"):
        st = _find(events_of(seed_db, prefix), event_type="make_statement", actor1="Hikmet Hajiyev")
        assert st and st[0]["actor2"] is None  # 'told the BBC': the outlet relays the statement (stream gold)


def test_one_person_one_place(seed_db):
    names = seed_db.sql(
        "SELECT DISTINCT name FROM entities WHERE surface IN ('Hikmat Hajiyv', 'Hikmet Hajiyev')"
    ).fetchall()
    assert names == [("Hikmet Hajiyev",)]
    places = seed_db.sql(
        "SELECT DISTINCT name, latitude, longitude FROM entities WHERE surface IN ('Garabagh', 'Karabakh')"
    ).fetchall()
    assert len(places) == 1 and places[0][0] == "Karabakh" and places[0][1] is not None


def test_rerun_adds_no_rows(seed_run, tmp_path):
    """A second run over the same files adds nothing. It runs on a copy of the seed run's lake and warehouse, so
    the shared seed warehouse keeps exactly one run for the other tests, whatever their order."""
    import dataclasses
    import shutil

    import duckdb

    from newsevents.pipeline import run_pipeline

    settings, _ = seed_run
    shutil.copytree(settings.lake, tmp_path / "lake")
    shutil.copy(settings.warehouse, tmp_path / "wh.duckdb")
    settings = dataclasses.replace(settings, lake=str(tmp_path / "lake"), warehouse=str(tmp_path / "wh.duckdb"))
    tables = ("articles", "events", "entities", "input_files")

    def counts():
        con = duckdb.connect(settings.warehouse, read_only=True)
        try:
            return {t: con.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in tables}
        finally:
            con.close()

    before = counts()
    again = run_pipeline(settings)
    assert again.status == "succeeded" and again.files_unchanged == 5 and again.articles == 0
    assert counts() == before
