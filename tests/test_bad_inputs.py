"""Bad input, each kind made in the test: no crash, the file accounted for in input_files, and a reason a user
can read (in input_files.reason and rejects.reason) for anything not loaded."""

from __future__ import annotations

import gzip
import json
import os
import random

import duckdb
import pytest
from conftest import SEEDS

from newsevents.pipeline import run_pipeline
from newsevents.settings import Settings

SEED_004 = (SEEDS / "004_6414ef0f6e107aab.txt").read_text(encoding="utf-8")
SEED_003 = (SEEDS / "003_50871807e635394d.txt").read_text(encoding="utf-8")
RUSSIAN = (
    "Министр иностранных дел Азербайджана Джейхун Байрамов провёл переговоры с российским коллегой "
    "Сергеем Лавровым в Москве. Стороны обсудили выполнение трёхстороннего заявления и ситуацию в регионе. "
) * 3
FRENCH = (
    "Le président a déclaré à la presse que les négociations de paix reprendraient à Genève la semaine prochaine, "
    "après une réunion très longue avec les délégations des deux pays voisins. "
) * 3
PAGE = (
    "<html><head><meta charset='windows-1251'><title>Переговоры в Москве</title></head><body><article><p>"
    + RUSSIAN
    + "Это страница в кодировке windows-1251.</p></article></body></html>"
)
BODY_003 = SEED_003.split("\n", 3)[3].split("\n--\n")[0]  # body without the footer


def unique(text: str, tag: str) -> str:
    """Each case its own article: the same body twice would (rightly) be a duplicate."""
    footer = text.find("\nURL:")  # keep the marker before a footer, where the parser keeps body text
    marker = f"\nThis copy was made for the {tag} case.\n"
    return text + marker if footer < 0 else text[:footer] + marker + text[footer:]


# name -> (bytes, expected status, expected check name in rejects or None)
CASES: dict[str, tuple[bytes, str, str | None]] = {
    "empty.txt": (b"", "rejected", "empty"),
    "whitespace.txt": (b"  \n\t\n   \n", "rejected", "empty"),
    "binary.txt": (random.Random(1).randbytes(4096), "rejected", "binary"),
    "truncated.txt.gz": (gzip.compress(SEED_004.encode())[:200], "rejected", "gzip_corrupt"),
    "damaged-utf8.txt": (
        SEED_004.replace("Azerbaijani", "Azerbaijаni").encode()[:3000]
        + b"\xff\xfe\xc3"
        + "ə".encode() * 5
        + b"\x80 end",
        "rejected",
        "undecodable",
    ),
    "cp1251.txt": (("Переговоры в Москве\n\n" + RUSSIAN).encode("cp1251"), "loaded", None),
    "latin1.txt": (
        ("Négociations à Genève\n\n" + FRENCH + " Ceci est écrit en latin-1.").encode("latin-1"),
        "loaded",
        None,
    ),
    "utf16-bom.txt": (unique("Title here\n\n" + BODY_003, "utf-16").encode("utf-16"), "loaded", None),
    "utf8-bom-crlf.txt": (b"\xef\xbb\xbf" + unique(SEED_004, "crlf").replace("\n", "\r\n").encode(), "loaded", None),
    # a 1,000,000-character line (the article cap) is read, parsed and loaded; its sentences name no event, so it
    # takes 0.5 s instead of 60 s of spaCy (extraction time per sentence: test_extraction_time_is_linear_in_the_article)
    "one-long-line.txt": (
        (("The weather in the capital was mild and the streets were quiet. " * 16000)[:1_000_000]).encode(),
        "loaded",
        None,
    ),
    "boilerplate-only.txt": (
        b"Follow us on Twitter @AzerNewsAz\nPrint version\nViews: 208\nRead more\nLatest See more\n",
        "rejected",
        "no_body",
    ),
    "no-title.txt": (b"By Jane Roe\n\n" + unique(BODY_003, "no-title").encode(), "loaded", None),
    "no-date.txt": (
        b"Talks continue\n\nOfficials met again to discuss the border. They agreed to keep talking.",
        "loaded",
        None,
    ),
    "future-date.txt": (
        b"Talks in 2999\n\ndate 2999-01-01 By Azernews\n\n" + BODY_003.encode(),
        "rejected",
        "published_at_not_in_future",
    ),
    "old-date.txt": (
        b"Old news\n\ndate 1850-01-01 By Azernews\n\n" + BODY_003.encode(),
        "rejected",
        "published_at_after_1900",
    ),
    "original.txt": (SEED_004.encode(), "loaded", None),
    "renamed copy.txt": (SEED_004.encode(), "duplicate", None),
    "other-footer.txt": (SEED_004.replace("Views: 208", "Views: 999\nShare this").encode(), "duplicate", None),
    "malformed.json": (b'{"title": "x", "text": "unterminated', "rejected", "malformed_json"),
    "missing-text.jsonl": (
        json.dumps({"title": "no body", "url": "https://x.az/1"}).encode(),
        "rejected",
        "missing_text",
    ),
    "wrong-types.json": (json.dumps({"title": {"a": [1]}, "text": 42}).encode(), "rejected", "json_wrong_type"),
    "no-article.html": (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "rejected", "no_article"),
    "scripts-only.html": (
        b"<html><head><script>var a=1;</script></head><body><script>alert(1)</script></body></html>",
        "rejected",
        "no_article",
    ),
    "russian-cp1251.html": (PAGE.encode("cp1251"), "loaded", None),
    "french.txt": (("Négociations\n\n" + FRENCH).encode(), "loaded", None),
    "spaces ünïcødé $(echo pwned) ;'\"`&.txt": (unique("Odd name\n\n" + BODY_003, "odd-name").encode(), "loaded", None),
    "report.pdf": (b"%PDF-1.4 fake", "rejected", "unsupported_type"),
    "big.txt": (b"x", "rejected", "too_large"),  # written larger than the limit below
    "items.json": (json.dumps([{"text": unique(BODY_003, "json-items")}, "not an object"]).encode(), "loaded", None),
}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    src = root / "src"
    src.mkdir()
    for name, (data, _, _) in CASES.items():
        (src / name).write_bytes(data)
    with open(src / "big.txt", "wb") as fh:  # 50 MB, over the 40 MB limit set below
        fh.write(b"word " * (10 * 1024 * 1024))
    (src / "loop").symlink_to(src)
    (src / "dangling.txt").symlink_to(src / "does-not-exist.txt")
    settings = Settings(
        source=str(src),
        lake=str(root / "lake"),
        warehouse=str(root / "wh.duckdb"),
        max_file_bytes=40 * 1024 * 1024,
        max_reject_share=1.0,
    )
    summary = run_pipeline(settings)
    con = duckdb.connect(settings.warehouse, read_only=True)
    files = {
        os.path.basename(u): (s, r)
        for u, s, r in con.sql("SELECT source_uri, status, reason FROM input_files").fetchall()
    }
    rejects = con.sql("SELECT source_uri, check_name, reason FROM rejects").fetchall()
    articles = con.sql("SELECT source_uri, language, body, title, published_at FROM articles").fetchall()
    con.close()
    return summary, src, files, rejects, articles


def test_run_survives_and_accounts_for_every_file(bad_run):
    summary, src, files, rejects, articles = bad_run
    assert summary.status == "succeeded"
    expected = set(CASES) | {"dangling.txt", "loop"}
    assert set(files) == expected
    assert summary.files_seen == len(expected)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_kind_has_its_outcome_and_reason(bad_run, name):
    _, src, files, rejects, _ = bad_run
    status, reason = files[name]
    want_status, want_check = CASES[name][1], CASES[name][2]
    assert status == want_status, (name, status, reason)
    if status != "loaded":
        assert reason and len(reason) > 10, reason
    if want_check:
        mine = [r for r in rejects if os.path.basename(r[0].split("#")[0]) == name]
        assert any(want_check in r[1] for r in mine), mine
        assert all(r[2] for r in mine)


def test_file_reason_names_the_root_cause(bad_run):
    """A future-dated article's file says so, not the events' knock-on checks (article_exists, evidence_in_body)."""
    _, _, files, _, _ = bad_run
    status, reason = files["future-date.txt"]
    assert status == "rejected" and "published date in the future" in reason, reason
    assert "article_exists" not in reason and "evidence_in_body" not in reason


def test_links_in_the_source_folder(bad_run):
    _, _, files, rejects, _ = bad_run
    assert files["loop"][0] == "rejected" and "not followed" in files["loop"][1]
    assert files["dangling.txt"][0] == "rejected" and "cannot read" in files["dangling.txt"][1]


def test_decoded_text_is_right_not_mojibake(bad_run):
    _, _, _, _, articles = bad_run
    by_name = {os.path.basename(a[0].split("#")[0]): a for a in articles}
    assert "Переговоры" in by_name["cp1251.txt"][3] and by_name["cp1251.txt"][1] == "ru"
    assert by_name["latin1.txt"][3] == "Négociations à Genève"
    assert "\r" not in by_name["utf8-bom-crlf.txt"][2] and not by_name["utf8-bom-crlf.txt"][2].startswith("\ufeff")
    assert by_name["russian-cp1251.html"][1] == "ru" and "Лавровым" in by_name["russian-cp1251.html"][2]
    assert by_name["french.txt"][1] == "fr"
    assert by_name["no-title.txt"][3] is None and by_name["no-date.txt"][4] is None


def test_non_english_loaded_without_events(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "ru.txt").write_text("Переговоры\n\n" + RUSSIAN, encoding="utf-8")
    settings = Settings(source=str(src), lake=str(tmp_path / "lake"), warehouse=str(tmp_path / "wh.duckdb"))
    summary = run_pipeline(settings)
    assert summary.articles == 1 and summary.events == 0


def test_json_item_rejected_alone(bad_run):
    _, _, files, rejects, articles = bad_run
    assert files["items.json"][0] == "loaded"
    assert any(r[0].endswith("items.json#item=1") and r[1] == "json_not_object" for r in rejects)


# --- issue 13: inputs that used to lose data or fail the whole run -------------------------------------------


def _story(tag: str) -> str:
    """A distinct English article (so each is loaded, not a duplicate) with non-ASCII letters."""
    return unique(BODY_003, tag) + f" Reported from Bakı and Gəncə, case {tag}."


HOSTILE: dict[str, bytes] = {
    # item 3: one latin-1 line among UTF-8 lines with non-ASCII text; and a small mixed file
    "mixed.jsonl": b"\n".join(
        [json.dumps({"text": _story(f"line {i}")}, ensure_ascii=False).encode() for i in range(12)]
        + ['{"text": "Caf\xe9 owners in Gen\xe8ve met the mayor of the city again."}'.encode("latin-1")]
    ),
    "small-mixed.jsonl": b"\n".join(
        [
            json.dumps({"title": "Café Bakı", "text": _story("small")}, ensure_ascii=False).encode(),
            '{"title": "Caf\xe9", "text": "Une r\xe9union \xe0 Gen\xe8ve."}'.encode("latin-1"),
        ]
    ),
    # item 4: one bad field keeps the article (the field is left empty and recorded)
    "title-2024.json": json.dumps({"title": 2024, "text": _story("title-2024")}).encode(),
    "numeric-url.json": json.dumps({"url": 12345, "title": "Numeric url", "text": _story("numeric-url")}).encode(),
    "js-url.json": json.dumps({"url": "javascript:alert(1)", "title": "Script url", "text": _story("js-url")}).encode(),
    # item 6: nesting deeper than Python's recursion limit, as a file and as one line of a JSONL file
    "deep.json": b"[" * 100_000 + b"]" * 100_000,
    "deep.jsonl": b"[" * 100_000 + b"]" * 100_000 + b"\n" + json.dumps({"text": _story("after-deep")}).encode(),
    # item 7: a lone surrogate escape
    "surrogate.json": json.dumps({"title": "Lone LONE1 surrogate", "text": _story("surrogate") + " LONE2 end"})
    .replace("LONE1", "\\ud800")
    .replace("LONE2", "\\udfff")
    .encode(),
    # item 13: over the limits, rejected before parsing
    "huge.html": b"<html><body><p>" + b"word " * 1_100_000 + b"</p></body></html>",
    "huge-record.json": json.dumps({"text": "The minister said the talks went well. " * 50_000}).encode(),
    # unclear messages: an article below the depth the HTML parser reads is rejected with that reason
    "deep-divs.html": (
        "<html><body>" + "<div>" * 3000 + "<p>" + _story("deep-divs") + "</p>" + "</div>" * 3000 + "</body></html>"
    ).encode(),
}
BAD_NAME = os.fsdecode(b"x\xff\xfe.txt")  # item 5: not valid UTF-8


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    src = root / "src"
    src.mkdir()
    for name, data in HOSTILE.items():
        (src / name).write_bytes(data)
    (src / BAD_NAME).write_text(unique(SEED_004, "bad-name"), encoding="utf-8")
    secret = root / "outside-secret.txt"  # item 15: a link to a file outside the source folder
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n" + _story("secret"), encoding="utf-8")
    (src / "passwd.txt").symlink_to(secret)
    (src / "inside-link.txt").symlink_to(src / "title-2024.json")  # a link inside the source is followed
    settings = Settings(
        source=str(src), lake=str(root / "lake"), warehouse=str(root / "wh.duckdb"), max_reject_share=1.0
    )
    summary = run_pipeline(settings)
    con = duckdb.connect(settings.warehouse, read_only=True)
    files = {
        u.rsplit("/", 1)[-1]: (s, r)
        for u, s, r in con.sql("SELECT source_uri, status, reason FROM input_files").fetchall()
    }
    rejects = con.sql("SELECT source_uri, check_name, reason FROM rejects").fetchall()
    articles = {
        u.rsplit("/", 1)[-1]: (t, b, url)
        for u, t, b, url in con.sql("SELECT source_uri, title, body, url FROM articles").fetchall()
    }
    con.close()
    return summary, files, rejects, articles


def test_hostile_inputs_do_not_fail_the_run(hostile_run):
    summary, files, _, _ = hostile_run
    assert summary.status == "succeeded"
    assert set(files) == set(HOSTILE) | {"x\\xff\\xfe.txt", "passwd.txt", "inside-link.txt"}


def test_jsonl_lines_are_decoded_one_by_one(hostile_run):
    _, files, rejects, articles = hostile_run
    assert files["mixed.jsonl"][0] == "loaded"
    utf8 = [
        b
        for name, (_, b, _) in articles.items()
        if name.startswith("mixed.jsonl#line=") and name != "mixed.jsonl#line=13"
    ]
    assert len(utf8) == 12 and all("Bakı and Gəncə" in b for b in utf8)
    latin = articles.get("mixed.jsonl#line=13")
    assert (
        latin is not None
        and "Café owners in Genève" in latin[1]
        or any(r[0].endswith("mixed.jsonl#line=13") and r[1] == "undecodable" for r in rejects)
    )
    assert articles["small-mixed.jsonl#line=1"][0] == "Café Bakı"  # not a Thai code page


def test_one_bad_field_keeps_the_article(hostile_run):
    _, files, rejects, articles = hostile_run
    assert articles["title-2024.json"][0] == "2024"
    for name in ("numeric-url.json", "js-url.json"):
        assert files[name][0] == "loaded", files[name]
        assert articles[name][2] is None
        mine = [r for r in rejects if r[0].endswith(name)]
        assert [r[1] for r in mine] == ["bad_field"] and "field 'url'" in mine[0][2] and "article kept" in mine[0][2]


def test_file_reason_names_the_article_check_not_its_events(bad_run):
    _, _, files, _, _ = bad_run
    assert files["future-date.txt"][1].startswith("published_at_not_in_future"), files["future-date.txt"]
    assert files["old-date.txt"][1].startswith("published_at_after_1900"), files["old-date.txt"]


def test_file_name_not_utf8_is_loaded(hostile_run):
    _, files, _, articles = hostile_run
    assert files["x\\xff\\xfe.txt"][0] == "loaded"
    assert "x\\xff\\xfe.txt" in articles


def test_deep_nesting_and_lone_surrogates(hostile_run):
    _, files, rejects, articles = hostile_run
    assert files["deep.json"][0] == "rejected" and "nested too deeply" in files["deep.json"][1]
    assert files["deep.jsonl"][0] == "loaded" and "deep.jsonl#line=2" in articles
    assert any(r[0].endswith("deep.jsonl#line=1") and "nested too deeply" in r[2] for r in rejects)
    title, body, _ = articles["surrogate.json"]
    assert title == "Lone \ufffd surrogate" and body.endswith("\ufffd end")


def test_too_deep_html_says_why(hostile_run):
    _, files, _, articles = hostile_run
    assert "deep-divs.html" in articles or "levels deep" in files["deep-divs.html"][1], files["deep-divs.html"]


def test_huge_inputs_rejected_before_parsing(hostile_run):
    _, files, rejects, _ = hostile_run
    assert files["huge.html"][0] == "rejected" and "NEWSEVENTS_MAX_HTML_CHARS" in files["huge.html"][1]
    assert files["huge-record.json"][0] == "rejected" and "too long" in files["huge-record.json"][1]


def test_symlinks_followed_only_inside_the_source(hostile_run):
    _, files, _, articles = hostile_run
    assert files["passwd.txt"][0] == "rejected" and "outside the source folder" in files["passwd.txt"][1]
    assert not any("root:x:0" in b for _, b, _ in articles.values())
    assert files["inside-link.txt"][0] in ("loaded", "duplicate")


def test_symlink_problem_not_rejected_again_on_a_rerun(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(SEED_004, encoding="utf-8")
    (src / "outside").symlink_to(tmp_path)
    settings = Settings(source=str(src), lake=str(tmp_path / "lake"), warehouse=str(tmp_path / "wh.duckdb"))
    run_pipeline(settings)
    again = run_pipeline(settings)
    assert again.files_unchanged == 2 and again.rejects == 0
    con = duckdb.connect(settings.warehouse, read_only=True)
    assert con.sql("SELECT count(*) FROM rejects").fetchall()[0][0] == 1
    con.close()


def test_duplicate_survives_when_its_original_changes(tmp_path):
    """Item 1: b.txt, an exact copy of a.txt, was recorded as its duplicate; when a.txt changes, b.txt's article
    must be loaded, as a clean run on the final files does."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(SEED_003, encoding="utf-8")
    (src / "b.txt").write_text(SEED_003, encoding="utf-8")
    settings = Settings(source=str(src), lake=str(tmp_path / "lake"), warehouse=str(tmp_path / "wh.duckdb"))
    first = run_pipeline(settings)
    assert first.files_duplicate == 1
    (src / "a.txt").write_text(SEED_003.replace("Moscow", "Moskva"), encoding="utf-8")
    run_pipeline(settings)
    clean = Settings(source=str(src), lake=str(tmp_path / "lake2"), warehouse=str(tmp_path / "wh2.duckdb"))
    run_pipeline(clean)

    def tables(path):
        con = duckdb.connect(path, read_only=True)
        try:
            return (
                sorted(con.sql("SELECT article_id, duplicate_of FROM articles").fetchall()),
                con.sql("SELECT count(*) FROM events").fetchall()[0][0],
                sorted(con.sql("SELECT status FROM input_files").fetchall()),
            )
        finally:
            con.close()

    after, reference = tables(settings.warehouse), tables(clean.warehouse)
    assert after == reference
    assert len(after[0]) == 2 and after[2] == [("loaded",), ("loaded",)]


@pytest.mark.parametrize("value", ["0", "-1", "-3", "abc", "1.5"])
def test_bad_batch_size_is_refused_at_start(value):
    from newsevents.settings import SettingsError

    with pytest.raises(SettingsError, match="NEWSEVENTS_BATCH_SIZE"):
        Settings.from_env({"NEWSEVENTS_BATCH_SIZE": value})


def test_no_stale_reject_once_a_file_loads(tmp_path):
    """A file unreadable in one run (a dangling link, a file deleted mid-run) and loaded in the next leaves no
    reject row behind."""
    src = tmp_path / "src"
    src.mkdir()
    target = src / "later.txt"
    (src / "link.txt").symlink_to(target)
    settings = Settings(
        source=str(src), lake=str(tmp_path / "lake"), warehouse=str(tmp_path / "wh.duckdb"), max_reject_share=1.0
    )
    first = run_pipeline(settings)
    assert first.files_rejected == 1
    target.write_text("Hidden title\n\n" + BODY_003, encoding="utf-8")
    run_pipeline(settings)
    con = duckdb.connect(settings.warehouse, read_only=True)
    rejects = con.sql("SELECT source_uri, check_name FROM rejects").fetchall()
    statuses = dict(con.sql("SELECT source_uri, status FROM input_files").fetchall())
    con.close()
    assert set(statuses.values()) <= {"loaded", "duplicate"} and len(statuses) == 2, statuses
    assert rejects == [], rejects


def test_extraction_time_is_linear_in_the_article():
    """The guarantee the 1 MB case of bad_run stood for (25,000 event sentences, ~60 s): an article's extraction costs
    the same per sentence however long the article is, so its time is bounded by NEWSEVENTS_MAX_ARTICLE_CHARS.
    CPU time of this process, 400 then 1,600 sentences (~2 ms each): quadratic steps would make it 4x."""
    import tempfile
    import time
    from datetime import UTC, datetime
    from pathlib import Path

    from newsevents.process import BatchJob, _process_chunk
    from newsevents.read.files import InputFile

    templates = [
        "The minister of {c} said the talks went well.",
        "Troops from {c} shelled the village on Monday.",
        "{c} signed a trade agreement with Georgia.",
        "The president of {c} met the ambassador in Baku.",
        "Police in {c} arrested ten protesters.",
    ]
    countries = ["Azerbaijan", "Armenia", "Turkey", "Iran", "Russia", "Ukraine", "France"]
    settings = Settings(max_reject_share=1.0)

    def cpu_seconds(sentences: int) -> float:
        text = "Long report\n\n" + " ".join(templates[i % 5].format(c=countries[i % 7]) for i in range(sentences))
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "article.txt"
            path.write_text(text, encoding="utf-8")
            started = time.process_time()
            out = _process_chunk(BatchJob([InputFile(str(path), path)], {}, settings, "rlin", datetime.now(UTC)))
            assert out.articles.height == 1 and out.events.height > 10
            return time.process_time() - started

    cpu_seconds(20)  # warm: gazetteer, spaCy
    short, long = cpu_seconds(400), cpu_seconds(1_600)
    assert long / 1_600 < 2 * short / 400, f"{short:.2f} s for 400 sentences, {long:.2f} s for 1,600"
