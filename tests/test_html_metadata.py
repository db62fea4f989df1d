"""Candidate scoring of HTML article metadata (newsevents.read.metadata) on small hand-made pages."""

from __future__ import annotations

import json
from datetime import UTC

import pytest
from lxml.html import fromstring

from newsevents.read.metadata import page_metadata, split_names, strip_site

BODY = "<article><p>" + "Talks between the two delegations went on for hours in the capital. " * 20 + "</p></article>"


def page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}{BODY}</body></html>"


def jsonld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def meta(key: str, value: str, attr: str = "property") -> str:
    return f'<meta {attr}="{key}" content="{value}">'


def read(html: str, url: str | None = "https://www.example-news.com/world/talks"):
    return page_metadata(fromstring(html), url)


def test_jsonld_only_gives_headline_date_people_and_credit():
    html = page(
        jsonld(
            {
                "@context": "https://schema.org",
                "@graph": [
                    {"@type": "WebSite", "name": "Example News"},
                    {
                        "@type": ["NewsArticle"],
                        "headline": "Ceasefire talks resume in Geneva",
                        "datePublished": "2024-03-05T09:30:00+01:00",
                        "dateModified": "2024-03-06T10:00:00+01:00",
                        "author": [
                            {"@type": "Person", "name": "Jane Doe"},
                            {"@type": "Organization", "name": "Reuters"},
                        ],
                        "publisher": {"@type": "Organization", "name": "Example News"},
                    },
                ],
            }
        )
    )
    m = read(html)
    assert (m.title, m.title_source) == ("Ceasefire talks resume in Geneva", "jsonld")
    assert (m.published, m.published_source) == ("2024-03-05T09:30:00+01:00", "jsonld")
    assert (m.authors, m.authors_source) == (["Jane Doe"], "jsonld")
    assert m.credit is not None and "Reuters" in m.credit
    assert m.site_name == "Example News"


def test_open_graph_only():
    html = page(
        meta("og:title", "Floods cut off northern villages")
        + meta("og:site_name", "Daily Example")
        + meta("article:published_time", "2023-11-02T07:15:00Z")
        + meta("author", "John Smith", attr="name")
    )
    m = read(html, url=None)
    assert (m.title, m.title_source) == ("Floods cut off northern villages", "og")
    assert (m.published, m.published_source) == ("2023-11-02T07:15:00Z", "meta")
    assert (m.authors, m.authors_source) == (["John Smith"], "meta")
    assert m.site_name == "Daily Example"


@pytest.mark.parametrize(
    "title_tag, site",
    [
        ("Floods cut off northern villages | Creative Loafing", "Creative Loafing"),
        ("Floods cut off northern villages - Creative Loafing", "Creative Loafing"),
        ("Creative Loafing: Floods cut off northern villages", "Creative Loafing"),
        ("Floods cut off northern villages | World | Globalnews.ca", "Global News"),
    ],
)
def test_site_name_is_cut_off_the_title(title_tag, site):
    url = "https://www.globalnews.ca/news/1" if "Global" in site else "https://www.cl.com/a"
    html = page(f"<title>{title_tag}</title>" + meta("og:site_name", site))
    assert read(html, url).title == "Floods cut off northern villages"


def test_common_suffix_across_candidates_is_cut_without_a_known_site_name():
    # Nothing names the site; the <title> is the <h1> plus an affix, so the shared part is the headline.
    html = page(
        "<title>Floods cut off northern villages :: Region :: Gazette</title>",
        "<h1>Floods cut off northern villages</h1>",
    )
    assert read(html, url=None).title == "Floods cut off northern villages"


def test_strip_site_leaves_a_title_without_site_alone():
    assert strip_site("Russia - Ukraine talks: what next", ["Example News"]) == "Russia - Ukraine talks: what next"


def test_conflicting_titles_agreement_wins_over_one_teaser():
    html = page(
        meta("og:title", "You won't believe what happened in Geneva")
        + jsonld({"@type": "NewsArticle", "headline": "Ceasefire talks resume in Geneva"})
        + "<title>Ceasefire talks resume in Geneva | Example News</title>",
        "<h1>Ceasefire talks resume in Geneva</h1>",
    )
    m = read(html)
    assert m.title == "Ceasefire talks resume in Geneva"
    assert m.title_source in ("jsonld", "h1")


def test_conflicting_dates_published_beats_modified():
    # One meta field carries the modified time; JSON-LD and microdata carry the published one.
    html = page(
        jsonld(
            {"@type": "NewsArticle", "datePublished": "2024-08-04T13:23:00Z", "dateModified": "2024-08-05T19:49:50Z"}
        )
        + meta("article:published_time", "2024-08-05T19:49:50Z")
        + meta("article:modified_time", "2024-08-05T19:49:50Z"),
        '<span itemprop="datePublished" content="2024-08-04T13:23:00Z"></span>',
    )
    m = read(html)
    assert m.published.startswith("2024-08-04")


def test_agreeing_sources_beat_one_stray_date():
    html = page(
        meta("article:published_time", "2022-05-10T08:00:00+02:00")
        + jsonld({"@type": "Article", "datePublished": "2022-05-10"}),
        "<article><time datetime='2019-01-01'>Related: 2019</time></article>",
    )
    assert read(html, "https://example.org/2022/05/10/story").published.startswith("2022-05-10")


def test_future_and_placeholder_dates_are_not_candidates():
    html = page(
        meta("article:published_time", "0001-01-01T00:00:00Z")
        + jsonld({"@type": "NewsArticle", "datePublished": "2999-01-01T00:00:00Z"})
    )
    m = read(html, "https://example.org/2021/02/03/story")
    assert (m.published, m.published_source) == ("2021-02-03", "url")


def test_organisation_bylines_go_to_credit_not_authors():
    html = page(
        meta("author", "The Associated Press", attr="name")
        + jsonld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "ABC News"}})
    )
    m = read(html)
    assert m.authors == []
    assert "Associated Press" in (m.credit or "") and "ABC News" in (m.credit or "")


@pytest.mark.parametrize("label", ["AOL Staff", "Sponsored", "Editorial Board", "news@example.com", "dpa"])
def test_labels_agencies_and_emails_are_not_authors(label):
    html = page(meta("author", f"Maria Lopez, {label}", attr="name"))
    assert read(html).authors == ["Maria Lopez"]


@pytest.mark.parametrize(
    "raw, names",
    [
        ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("Anna Berg, Lars Holm & Eva Lind", ["Anna Berg", "Lars Holm", "Eva Lind"]),
        ("Von Birgit Baumann und Jan Marchart", ["Birgit Baumann", "Jan Marchart"]),
        ("Felix Schröder; Jörg Soldwisch", ["Felix Schröder", "Jörg Soldwisch"]),
    ],
)
def test_author_lists_are_split(raw, names):
    assert split_names(raw) == names


def test_one_spelling_per_person_across_sources():
    html = page(
        jsonld({"@type": "NewsArticle", "author": [{"@type": "Person", "name": "chuck-ross"}]})
        + meta("author", "Chuck Ross", attr="name"),
        '<a rel="author" href="/a/cr">CHUCK ROSS</a>',
    )
    m = read(html)
    assert m.authors == ["Chuck Ross"]


def test_byline_in_the_body_when_metadata_has_none():
    html = page(body='<div class="article-byline">By Priya Raman and Tom Okafor</div>')
    m = read(html)
    assert (m.authors, m.authors_source) == (["Priya Raman", "Tom Okafor"], "byline")


def test_malformed_jsonld_is_ignored():
    html = page(
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
        + meta("og:title", "Still a title")
    )
    assert read(html).title == "Still a title"


def test_html_article_carries_sources_and_ingest_marks_record_fields():
    from newsevents.read.files import _html_record

    html = page(
        jsonld(
            {
                "@type": "NewsArticle",
                "headline": "Ceasefire talks resume",
                "datePublished": "2024-03-05T09:30:00+01:00",
                "author": {"@type": "Person", "name": "Jane Doe"},
            }
        )
    )
    rec = _html_record("u", "u", html, {}, [])[0]
    assert rec.meta["title_source"] == "jsonld" and rec.meta["authors_source"] == "jsonld"
    assert rec.meta["published_source"] == "jsonld"
    rec = _html_record("u", "u", html, {"title": "From the scraper"}, [])[0]
    assert rec.meta["title"] == "From the scraper" and rec.meta["title_source"] == "metadata"


def test_parse_records_fills_the_new_columns():
    from datetime import datetime

    from newsevents.parse.articles import parse_records
    from newsevents.read.files import _html_record
    from newsevents.settings import Settings

    html = page(
        jsonld(
            {
                "@type": "NewsArticle",
                "headline": "Ceasefire talks resume",
                "datePublished": "2024-03-05T09:30:00+01:00",
                "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Organization", "name": "AFP"}],
                "publisher": {"@type": "Organization", "name": "Unknown Gazette"},
            }
        )
    )
    rows, _ = parse_records(_html_record("u", "u", html, {}, []), Settings(), "r", datetime.now(UTC))
    row = rows.row(0, named=True)
    assert row["title_source"] == "jsonld" and row["authors_source"] == "jsonld"
    assert row["published_at_source"] == "jsonld" and row["published_tz"] == "+01:00"
    assert row["publisher"] == "Unknown Gazette" and row["credit"] and "AFP" in row["credit"]


def test_byline_of_a_teaser_for_another_article_is_not_this_articles():
    html = page(
        body='<div class="teaser"><span class="teaser__author">By Other Writer</span></div>'
        '<span class="article__author">By Lena Vogt</span>'
    )
    assert read(html).authors == ["Lena Vogt"]


def test_site_name_credit_only_when_no_person_is_named():
    site = meta("og:site_name", "Example News")
    with_person = page(
        site
        + jsonld(
            {
                "@type": "NewsArticle",
                "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Organization", "name": "Example News"}],
            }
        )
    )
    assert read(with_person).credit is None
    only_site = page(
        site + jsonld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Example News"}})
    )
    m = read(only_site)
    assert m.authors == [] and m.credit == "Example News"


def test_person_for_publication_is_split():
    assert read(page(meta("author", "Dolores Chang For Dailymail.com", attr="name"))).authors == ["Dolores Chang"]


def test_bold_name_line_before_the_text_is_a_byline_but_a_bold_subhead_is_not():
    text = "<p>" + "The council met on Monday to discuss the new quarry and its effect on villages. " * 2 + "</p>"
    named = page(
        meta("author", "Lesotho Times", attr="name"),
        f"<div><p><strong>Mathatisi Sebusi/Mohalenyane Phakela</strong></p>{text}</div>",
    )
    assert read(named).authors == ["Mathatisi Sebusi", "Mohalenyane Phakela"]
    subhead = f"<div><p><strong>What happens next?</strong></p>{text}</div>"
    assert read("<html><body>" + subhead + "</body></html>").authors == []


def test_reader_comments_and_related_boxes_give_no_author():
    html = page(
        body='<div class="comments"><span class="comment-author">Eddie Reader</span></div>'
        '<div class="related-articles"><a rel="author" href="/a/x">Other Writer</a></div>'
    )
    assert read(html).authors == []
