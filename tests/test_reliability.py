"""Issue 22 (reliability, round 3): data loss and whole-run failures. Each test failed on the code before its fix."""

from __future__ import annotations

import pytest

from newsevents.read.html import extract_html

PARAGRAPHS = [
    "Negotiators from both delegations met in Baku on Tuesday to resume talks that stalled in the autumn.",
    "The foreign ministry said the sides had agreed on a timetable for the remaining border commissions.",
    "Observers from the region cautioned that the previous round also ended with promises and no signed text.",
]


def _page(head: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"<html><head><title>Talks resume</title>{head}</head><body><article>{body}</article></body></html>"


# --- item 4: metadata failures never discard the body --------------------------------------------------------


@pytest.mark.parametrize("deep", ["[" * 5000 + "]" * 5000, '{"a":' * 3000 + "1" + "}" * 3000])
def test_deep_json_ld_in_head_keeps_the_article(deep):
    page = extract_html(_page(f'<script type="application/ld+json">{deep}</script>'))
    assert page is not None and PARAGRAPHS[0] in page.body
    assert page.title == "Talks resume"  # the other metadata sources still count


def test_a_failing_metadata_step_keeps_the_body(monkeypatch):
    import newsevents.read.html as html

    def broken(*args, **kwargs):
        raise RuntimeError("metadata bug")

    monkeypatch.setattr(html, "page_metadata", broken)
    page = extract_html(_page(""))
    assert page is not None and PARAGRAPHS[-1] in page.body
