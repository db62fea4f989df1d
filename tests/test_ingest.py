"""Input formats: plain text, HTML (gzipped too), JSON and JSONL; each file accounted for."""

import gzip
import json

from newsevents.read.files import discover, read_file

PAGE = """<html lang="en"><head><title>Talks in Baku</title>
<meta property="og:site_name" content="Trend"><meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2021-09-06T10:15:00+04:00"></head>
<body><nav>Home | World</nav><article><h1>Talks in Baku</h1>
<p>Azerbaijani Foreign Minister Jeyhun Bayramov met his Russian counterpart Sergey Lavrov in Baku on Monday to discuss the peace process.</p>
<p>The ministers discussed transport links and the work of the border commission, officials said after the meeting.</p>
<p>Both sides agreed to meet again next month in Moscow, the ministry added in a statement.</p></article>
<footer>Follow us on Twitter</footer></body></html>"""


def read(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    files, problems = discover(tmp_path)
    f = [x for x in files if x.path.name == name][0]
    return read_file(f, {}, 10_000_000)


def test_plain_text(tmp_path):
    outcome, records, rejects = read(tmp_path, "a.txt", b"Title\n\nBody text here.")
    assert outcome.status == "read" and len(records) == 1 and records[0].source_format == "txt"


def test_html_gzipped(tmp_path):
    outcome, records, rejects = read(tmp_path, "p.html.gz", gzip.compress(PAGE.encode()))
    assert len(records) == 1
    r = records[0]
    assert r.source_format == "html" and "Sergey Lavrov" in r.text and "Follow us" not in r.text
    assert r.meta["title"] == "Talks in Baku" and r.meta["authors"] == ["Jane Roe"]
    assert r.meta["published"].startswith("2021-09-06T10:15")


def test_html_without_article_is_rejected(tmp_path):
    outcome, records, rejects = read(tmp_path, "s.html", b"<html><script>var x=1;</script></html>")
    assert outcome.status == "rejected" and rejects[0].check_name == "no_article"


def test_jsonl_bad_line_rejected_alone(tmp_path):
    lines = [
        json.dumps({"title": "One", "text": "First article body.", "url": "https://x.az/1"}),
        "{not json",
        json.dumps({"title": "No text"}),
        json.dumps({"title": ["wrong"], "text": "Body"}),
        json.dumps(
            {
                "headline": "Three",
                "maintext": "Third body.",
                "authors": ["A B", "C D"],
                "date_publish": "2021-01-02 10:00:00",
            }
        ),
    ]
    outcome, records, rejects = read(tmp_path, "d.jsonl", "\n".join(lines).encode())
    # issue 13 item 4: a title of the wrong kind is left empty (recorded as bad_field); the article is kept
    assert [r.source_uri.split("#")[1] for r in records] == ["line=1", "line=4", "line=5"]
    assert records[1].meta["title"] is None and records[1].text == "Body"
    assert records[2].meta["authors"] == ["A B", "C D"] and records[2].meta["title"] == "Three"
    checks = {r.source_uri.split("#")[1]: r.check_name for r in rejects}
    assert checks == {"line=2": "malformed_json", "line=3": "missing_text", "line=4": "bad_field"}
    assert "line 2" in [r for r in rejects if r.check_name == "malformed_json"][0].reason


def test_json_list_and_object(tmp_path):
    _, records, _ = read(tmp_path, "l.json", json.dumps([{"text": "A"}, {"body": "B"}]).encode())
    assert [r.source_uri.rsplit("#", 1)[1] for r in records] == ["item=0", "item=1"]
    _, records, _ = read(tmp_path, "o.json", json.dumps({"content": "C", "source": "Trend"}).encode())
    assert records[0].meta["publisher"] == "Trend"


def test_unsupported_and_unchanged(tmp_path):
    outcome, _, rejects = read(tmp_path, "x.pdf", b"%PDF-1.4")
    assert outcome.status == "rejected" and rejects[0].check_name == "unsupported_type"
    (tmp_path / "k.txt").write_bytes(b"Known text")
    files, _ = discover(tmp_path)
    f = [x for x in files if x.path.name == "k.txt"][0]
    import hashlib

    outcome, records, _ = read_file(f, {f.uri: hashlib.sha256(b"Known text").hexdigest()}, 1000)
    assert outcome.status == "unchanged" and records == []


def test_symlink_loop_and_broken_link(tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing.txt")
    files, problems = discover(tmp_path)
    assert any(p.check == "symlink_dir" for p in problems)
    f = [x for x in files if x.path.name == "broken.txt"][0]
    outcome, _, rejects = read_file(f, {}, 1000)
    assert outcome.status == "rejected" and rejects[0].check_name == "unreadable"
