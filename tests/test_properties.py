"""Property-based: the parsers never raise on arbitrary input; they return records or a reasoned reject."""

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents.extract.rows import extract_batch
from newsevents.parse.articles import parse_records
from newsevents.parse.dates import find_dates, parse_dateline, resolve
from newsevents.parse.plaintext import load_boilerplate, parse_text
from newsevents.parse.publishers import load_publishers
from newsevents.read.files import InputFile, RawRecord, read_file
from newsevents.settings import Settings

SUFFIXES = [".txt", ".html", ".json", ".jsonl", ".txt.gz", ".htm"]
texty = st.text(alphabet=st.characters(codec="utf-8"), max_size=600) | st.sampled_from(
    ["", "\n\n", "By \n", "date 2021-13-45", "TODAY.AZ / \n\nx", '{"text": null}', "<html><p>", "on February 30, 2021"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_read_file_never_raises(tmp_path, data, suffix):
    path = tmp_path / f"f{suffix}"
    path.write_bytes(data)
    outcome, records, rejects = read_file(InputFile(str(path), path), {}, 1_000_000)
    assert outcome.status in ("read", "rejected")
    assert records or rejects or outcome.status == "read"
    for r in rejects:
        assert r.reason


@settings(max_examples=200, deadline=None)
@given(text=texty)
def test_parse_text_never_raises(text):
    parsed = parse_text(text, load_publishers(), load_boilerplate())
    assert isinstance(parsed.body, str)


@settings(max_examples=200, deadline=None)
@given(text=texty)
def test_dates_never_raise(text):
    for d in find_dates(text):
        resolve(d, None)
        resolve(d, datetime(2021, 1, 1).date())
    parse_dateline(text)


# English news around arbitrary text: articles that reach event extraction (random text alone is rarely English).
NEWS = [
    "Azerbaijani forces shelled the town of Tartar on Tuesday, killing two civilians.",
    "The foreign ministers of Armenia and Azerbaijan met in Moscow on 10 November 2020 and agreed to a ceasefire.",
    "Russia said it will send 2,000 peacekeepers to Lachin.",
]
newsy = st.builds(lambda a, junk, b: f"{a}\n\n{junk}\n\n{b}", st.sampled_from(NEWS), texty, st.sampled_from(NEWS))


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(texty | newsy, min_size=1, max_size=4))
def test_parse_and_extract_never_raise(texts):
    records = [RawRecord(f"x{i}.txt", f"x{i}.txt", "txt", t) for i, t in enumerate(texts)]
    s = Settings()
    articles, rejects = parse_records(records, s, "r1", datetime.now(UTC))
    assert articles.height + len(rejects) == len(records)
    # extraction isolates each article's failure as an extract_error reject: the property is that there is none
    # (without the list, every failure was caught and dropped, so this test could not fail)
    failed: list = []
    extract_batch(articles, s, "r1", failed)
    assert not [r for r in failed if r.check_name == "extract_error"], [r.reason for r in failed]
