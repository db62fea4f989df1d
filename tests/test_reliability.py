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


# --- item 8: a FIFO or a device node in the source is never read ---------------------------------------------


def _within(seconds: float, fn, *args):
    """fn(*args) in a daemon thread; fails the test (instead of hanging it) when it does not return in time."""
    import threading

    box: dict = {}

    def work():
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"{getattr(fn, '__name__', fn)} still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["value"]


def test_fifo_in_the_source_is_skipped_and_named(tmp_path):
    import os

    from newsevents.read.files import discover

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Talks resumed in Baku on Tuesday.\n", encoding="utf-8")
    os.mkfifo(src / "pipe.txt")
    files, problems = _within(10, discover, str(src))
    assert [f.path.name for f in files] == ["a.txt"]
    (problem,) = problems
    assert problem.uri.endswith("pipe.txt") and problem.check == "not_regular_file"
    assert "named pipe" in problem.reason


@pytest.mark.parametrize("node", ["/dev/zero", "/dev/null"])
def test_device_node_is_rejected_unread(node):
    from pathlib import Path

    from newsevents.read.files import InputFile, discover, read_file

    if not Path(node).exists():
        pytest.skip(f"no {node} here")
    outcome, records, rejects = _within(10, read_file, InputFile(node, Path(node)), {}, 1_000_000)
    assert outcome.status == "rejected" and outcome.check == "not_regular_file" and not records
    assert "device" in outcome.reason
    files, problems = _within(10, discover, node)
    assert not files and problems[0].check == "not_regular_file"


def test_run_with_a_fifo_finishes_and_says_what_it_skipped(tmp_path):
    import os

    from newsevents.pipeline import run_pipeline
    from newsevents.settings import Settings

    src = tmp_path / "src"
    src.mkdir()
    os.mkfifo(src / "feed.jsonl")
    settings = Settings(source=str(src), lake=str(tmp_path / "lake"), warehouse=str(tmp_path / "wh.duckdb"))
    summary = _within(60, run_pipeline, settings)
    assert summary.status == "succeeded" and summary.files_rejected == 1
    assert any("feed.jsonl" in w and "not a regular file" in w for w in summary.warnings), summary.warnings
