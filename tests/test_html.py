"""newsevents.read.html: body and metadata from small built pages, plus a Zyte benchmark smoke test."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

import pytest

from newsevents.read.html import HtmlArticle, decode_html, extract_html

REPO = Path(__file__).resolve().parents[1]
ZYTE = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "zyte-aeb"

PARAGRAPHS = [
    "Negotiators from both delegations met in Baku on Tuesday to resume talks that stalled in the autumn.",
    "The foreign ministry said the sides had agreed on a timetable for the remaining border commissions.",
    "Observers from the region cautioned that the previous round also ended with promises and no signed text.",
    "A joint statement is expected later this week, according to officials familiar with the discussions.",
]
BOILERPLATE = [
    "Follow us on Twitter and Facebook",
    "We use cookies to improve your experience",
    "All rights reserved",
    "Subscribe to our newsletter",
]


def article_page(boilerplate: bool = False) -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    chrome = ""
    if boilerplate:
        chrome = (
            '<div class="social-share">Follow us on Twitter and Facebook</div>'
            '<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.'
            " <button>Accept all cookies</button></p></div>"
            "<footer><p>Copyright 2024 Caucasus Daily. All rights reserved.</p>"
            '<p><a href="/subscribe">Subscribe to our newsletter</a></p></footer>'
        )
    return f"""<!DOCTYPE html>
<html lang="en-US"><head>
<meta charset="utf-8">
<title>Talks resume in Baku | Caucasus Daily</title>
<meta property="og:site_name" content="Caucasus Daily">
<meta name="author" content="By Jane Doe and John Roe">
<meta property="article:published_time" content="2024-03-05T14:30:00+04:00">
<meta property="article:section" content="Politics">
<link rel="canonical" href="https://caucasus-daily.example/politics/talks-resume-in-baku">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main><article><h1>Talks resume in Baku</h1>{paragraphs}</article></main>
{chrome}
</body></html>"""


def test_article_fields():
    article = extract_html(article_page(), url="https://caucasus-daily.example/p?id=1")
    assert isinstance(article, HtmlArticle)
    assert article.title == "Talks resume in Baku"
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.published == "2024-03-05T14:30:00+04:00"
    assert article.publisher == "Caucasus Daily"
    assert article.url == "https://caucasus-daily.example/politics/talks-resume-in-baku"
    assert article.language == "en"
    assert article.section == "Politics"
    # Every paragraph, in order, separated by a blank line.
    assert "\n\n".join(PARAGRAPHS) in article.body


def test_script_only_page_is_none():
    page = "<html><head><script>var a = 1;</script></head><body><script>document.write('hi')</script></body></html>"
    assert extract_html(page) is None


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n ",
        decode_html(bytes(range(256)) * 40),
        decode_html(b"\x00\xff\xfe<html><<body>\x00\x81\x8d"),
        "<html><body><div></div><p></p></body></html>",
    ],
    ids=["empty", "whitespace", "all-bytes", "nul-bytes", "empty-body"],
)
def test_no_article_text_is_none_without_exception(html):
    assert extract_html(html) is None


def test_malformed_html_still_extracts():
    page = "<html><body><div><p>" + "<p>".join(PARAGRAPHS) + "<div><table><tr><td>"
    article = extract_html(page)
    assert article is not None
    assert PARAGRAPHS[0] in article.body and PARAGRAPHS[-1] in article.body


def test_boilerplate_not_in_body():
    article = extract_html(article_page(boilerplate=True))
    assert article is not None
    for text in PARAGRAPHS:
        assert text in article.body
    for chrome in BOILERPLATE + ["Home", "Sport"]:
        assert chrome not in article.body


def test_decode_html_uses_declared_charset():
    page = '<html><head><meta charset="windows-1251"></head><body><p>Привет, мир</p></body></html>'
    assert "Привет, мир" in decode_html(page.encode("windows-1251"))
    assert "Привет, мир" in decode_html(page.encode("utf-8"))


def _benchmark_module():
    spec = importlib.util.spec_from_file_location("zyte_extraction", REPO / "benchmarks" / "zyte_extraction.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.shared
def test_zyte_sample_f1():
    if not (ZYTE / "ground-truth.json").is_file():
        pytest.skip(f"Zyte benchmark corpus not found at {ZYTE}")
    bench = _benchmark_module()
    truth = json.loads((ZYTE / "ground-truth.json").read_text(encoding="utf-8"))
    scores = []
    for page_id in sorted(truth)[:5]:
        html = decode_html(gzip.decompress((ZYTE / "html" / f"{page_id}.html.gz").read_bytes()))
        article = extract_html(html, url=truth[page_id]["url"])
        scores.append(bench.shingle_matching(truth[page_id]["articleBody"], article.body if article else ""))
    assert bench.metrics(scores)["f1"] > 0.8


# --- issue 22, item 9: parse time bounded per page, whatever one element carries ----------------------------------


def test_attributes_of_one_element_are_bounded():
    from newsevents.read.tagbounds import MAX_ATTRIBUTES, bound_attributes

    attrs = " ".join(f'a{i}="x > {i}"' for i in range(MAX_ATTRIBUTES + 50))  # quoted '>' inside values
    page = f"<html><body><div id=main {attrs}>Text</div><p class='k'>More</p></body></html>"
    bounded = bound_attributes(page)
    assert f'a{MAX_ATTRIBUTES - 2}="x > {MAX_ATTRIBUTES - 2}"' in bounded and f"a{MAX_ATTRIBUTES - 1}=" not in bounded
    assert bounded.endswith(">Text</div><p class='k'>More</p></body></html>")
    assert bound_attributes("<p a b c>short</p>" * 100) == "<p a b c>short</p>" * 100  # nothing to cut: same text
    unclosed = "<div " + " ".join(f"a{i}" for i in range(MAX_ATTRIBUTES + 5))  # a tag the text ends in
    assert bound_attributes(unclosed).count(" a") == MAX_ATTRIBUTES


def test_bounding_is_linear_on_hostile_markup():
    import time

    from newsevents.read.tagbounds import bound_attributes

    for page in ("<a " * 400_000, '<a b="' * 400_000, "<div " + "a=b" * 1_000_000, "<a b " * 300_000 + ">"):
        started = time.perf_counter()
        bound_attributes(page)
        assert time.perf_counter() - started < 3, page[:20]


def test_page_with_100k_attributes_on_one_element_parses_in_seconds():
    """libxml2 compares each attribute of an element with the ones before it: 40,000 took 11 s, 300,000 over 12
    CPU minutes in C code that not even SIGTERM interrupts. Run in a child process, killed if it hangs."""
    import subprocess
    import sys
    import time

    attrs = " ".join(f'a{i}="v"' for i in range(100_000))
    body = "The minister said the talks went well in Baku on Monday. " * 40
    page = f"<html><body><div {attrs}>x</div><article><p>{body}</p></article></body></html>"
    code = "import sys; from newsevents.read.html import extract_html; print(len(extract_html(sys.stdin.read()).body))"
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", code], input=page, capture_output=True, text=True, timeout=45)
    except subprocess.TimeoutExpired:
        pytest.fail("the page was still being parsed after 45 s")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 2000 and time.monotonic() - started < 30
