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
RUSSIAN = ("Министр иностранных дел Азербайджана Джейхун Байрамов провёл переговоры с российским коллегой "
           "Сергеем Лавровым в Москве. Стороны обсудили выполнение трёхстороннего заявления и ситуацию в регионе. ") * 3
FRENCH = ("Le président a déclaré à la presse que les négociations de paix reprendraient à Genève la semaine prochaine, "
          "après une réunion très longue avec les délégations des deux pays voisins. ") * 3
PAGE = ("<html><head><meta charset='windows-1251'><title>Переговоры в Москве</title></head><body><article><p>"
        + RUSSIAN + "Это страница в кодировке windows-1251.</p></article></body></html>")
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
    "damaged-utf8.txt": (SEED_004.replace("Azerbaijani", "Azerbaijаni").encode()[:3000] + b"\xff\xfe\xc3" + "ə".encode() * 5 + b"\x80 end",
                         "rejected", "undecodable"),
    "cp1251.txt": (("Переговоры в Москве\n\n" + RUSSIAN).encode("cp1251"), "loaded", None),
    "latin1.txt": (("Négociations à Genève\n\n" + FRENCH + " Ceci est écrit en latin-1.").encode("latin-1"), "loaded", None),
    "utf16-bom.txt": (unique("Title here\n\n" + BODY_003, "utf-16").encode("utf-16"), "loaded", None),
    "utf8-bom-crlf.txt": (b"\xef\xbb\xbf" + unique(SEED_004, "crlf").replace("\n", "\r\n").encode(), "loaded", None),
    "one-long-line.txt": ((("The minister said the talks went well. " * 26000)[:1_000_000]).encode(), "loaded", None),
    "boilerplate-only.txt": (b"Follow us on Twitter @AzerNewsAz\nPrint version\nViews: 208\nRead more\nLatest See more\n",
                             "rejected", "no_body"),
    "no-title.txt": (b"By Jane Roe\n\n" + unique(BODY_003, "no-title").encode(), "loaded", None),
    "no-date.txt": (b"Talks continue\n\nOfficials met again to discuss the border. They agreed to keep talking.", "loaded", None),
    "future-date.txt": (b"Talks in 2999\n\ndate 2999-01-01 By Azernews\n\n" + BODY_003.encode(),
                        "rejected", "published_at_not_in_future"),
    "old-date.txt": (b"Old news\n\ndate 1850-01-01 By Azernews\n\n" + BODY_003.encode(),
                     "rejected", "published_at_after_1900"),
    "original.txt": (SEED_004.encode(), "loaded", None),
    "renamed copy.txt": (SEED_004.encode(), "duplicate", None),
    "other-footer.txt": (SEED_004.replace("Views: 208", "Views: 999\nShare this").encode(), "duplicate", None),
    "malformed.json": (b'{"title": "x", "text": "unterminated', "rejected", "malformed_json"),
    "missing-text.jsonl": (json.dumps({"title": "no body", "url": "https://x.az/1"}).encode(), "rejected", "missing_text"),
    "wrong-types.json": (json.dumps({"title": {"a": [1]}, "text": 42}).encode(), "rejected", "json_wrong_type"),
    "no-article.html": (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "rejected", "no_article"),
    "scripts-only.html": (b"<html><head><script>var a=1;</script></head><body><script>alert(1)</script></body></html>",
                          "rejected", "no_article"),
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
    settings = Settings(source=str(src), lake=str(root / "lake"), warehouse=str(root / "wh.duckdb"),
                        max_file_bytes=40 * 1024 * 1024, max_reject_share=1.0)
    summary = run_pipeline(settings)
    con = duckdb.connect(settings.warehouse, read_only=True)
    files = {os.path.basename(u): (s, r) for u, s, r in con.sql("SELECT source_uri, status, reason FROM input_files").fetchall()}
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
