"""One row per happening (merge.py), and the evidence score each row starts with."""

from datetime import date

from newsevents.extract.rows import confident
from newsevents.settings import Settings

from .conftest import types


def test_one_row_per_happening(extract):
    evs = extract(
        "Ilham Aliyev and Vladimir Putin discussed the peace deal. "
        "In a phone conversation on November 24, the two presidents focused on transport."
    )
    consults = [e for e in evs if e.event_type.event_type == "consult"]
    assert len(consults) == 1 and consults[0].n_mentions == 2
    assert consults[0].resolved.value == date(2020, 11, 24)


def test_evidence_score_rises_with_named_actors_place_and_date(extract):
    strong = extract("On November 20, Ilham Aliyev met Vladimir Putin in Moscow.")[0]
    plain = extract("Ilham Aliyev met Vladimir Putin.")[0]
    assert strong.confidence > plain.confidence >= 0.5
    assert not extract("Officials met.")  # no actor: not coded


def test_rows_below_min_confidence_are_not_stored(monkeypatch):
    bar = Settings().min_confidence
    rows = [{"confidence": 0.9}, {"confidence": bar - 0.01}, {"confidence": bar}, {"confidence": 0.01, "killed": 3}]
    assert [r["confidence"] for r in confident(rows, bar)] == [0.9, bar, 0.01]  # casualty counts always kept
    monkeypatch.setenv("NEWSEVENTS_MIN_CONFIDENCE", "0")
    assert len(confident(rows, Settings.from_env().min_confidence)) == 4


def test_a_headline_is_read_after_the_body_and_folds_into_its_event(knowledge):
    from newsevents.extract.events import ArticleInput, code_articles

    body = (
        "Interior Minister Jan Kowal met Chancellor Olaf Scholz in Berlin on Monday to discuss border controls. "
        "The two ministers agreed to share intelligence."
    )
    title = "Kowal meets Scholz in Berlin"
    found = code_articles([ArticleInput("a_1", body, None, knowledge.gazetteer.find(body), title)], knowledge)[0]
    meeting = next(e for e in found.events if e.event_type.event_type == "consult")
    assert not meeting.in_title and meeting.n_mentions == 2  # the headline repeats the body's meeting
    title = "Poland expels Russian diplomats"
    found = code_articles([ArticleInput("a_1", body, None, knowledge.gazetteer.find(body), title)], knowledge)[0]
    headline = [e for e in found.events if e.in_title]
    assert headline and headline[0].sentence.text == title and headline[0].sentence.start == 0


def test_a_participle_of_saying_is_part_of_the_verbal_act_it_hangs_on(extract):
    evs = extract(
        "Opposition leader Omar Baig has repeatedly accused the army for orchestrating his removal from power in April "
        "2022, and specifically named General Rafiq as being responsible for his subsequent arrest, claiming it was a plot."
    )
    assert types(evs) == ["disapprove"]  # one utterance: the accusation, not also a statement


def test_two_pledges_of_one_speaker_are_two_rows_and_a_repeated_pledge_is_one(extract):
    evs = extract(
        "Vladimir Putin promised to build new schools in rural Siberia. "
        "Vladimir Putin also pledged to raise pensions for veterans."
    )
    assert len([e for e in evs if e.event_type.intention]) == 2
    evs = extract(
        "Vladimir Putin promised to build new schools in rural Siberia. "
        "Vladimir Putin pledged that new schools would be built across rural Siberia."
    )
    pledges = [e for e in evs if e.event_type.intention]
    assert len(pledges) == 1 and pledges[0].n_mentions == 2
