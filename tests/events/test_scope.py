"""Is it the table's business? (scope.py: the gate before parsing, and the rule each event must pass: a public or
political participant, violence against people, police or judicial coercion, a named public speaker)"""

from __future__ import annotations

from newsevents.extract.events import code_articles

from .conftest import main, types

MATCH_REPORT = (
    "United came from behind to beat City 3-1 on Saturday and move top of the table. The striker scored twice in "
    "the second half after the keeper had saved a penalty, and the coach praised his side's spirit after the "
    "match. The defender was booked for a late tackle, and the midfielder limped off with a hamstring injury "
    "that could keep him out of next week's cup tie. Fans sang throughout as the team celebrated its fifth "
    "league win in a row. The manager said the squad would rest before the trip to the capital, where they "
    "face the champions in the final of the season, and the goalkeeper signed a new contract until 2028."
)

CABINET_REPORT = (
    "The prime minister sacked three ministers on Tuesday after the coalition lost a confidence vote in "
    "parliament. Opposition leaders called for an early election and accused the government of ignoring the "
    "courts. The interior ministry said police had arrested 40 protesters outside the parliament building, "
    "where thousands had gathered to demand the resignation of the cabinet. The president is expected to meet "
    "party leaders on Thursday to discuss a new government, his office said in a statement. Several ministers "
    "resigned in protest, and the finance minister warned that the budget could not pass without support."
)


def test_sport_is_not_parsed_and_politics_is(knowledge):
    sport, politics = code_articles(
        [("a_sport", MATCH_REPORT, None, []), ("a_cabinet", CABINET_REPORT, None, [])], knowledge
    )
    assert not sport.relevance.coded and not sport.events
    assert "sport" in sport.relevance.reason or "no public actor" in sport.relevance.reason
    assert politics.relevance.coded and politics.events
    assert "17" in [e.event_type.cameo_root for e in politics.events]  # arresting protesters: repression, 175


def test_a_short_text_is_always_coded_as_a_snippet(knowledge):
    (coded,) = code_articles([("a_short", "Rebels shelled the town of Kalbajar on Monday.", None, [])], knowledge)
    assert coded.relevance.coded and coded.relevance.snippet and coded.events


def test_a_merger_between_companies_is_no_event(extract):
    assert not extract("Acme Corp agreed to buy its rival Zenith Industries for $2bn on Monday.")


def test_violence_against_people_counts_whoever_commits_it(extract):
    ev = extract("A gunman shot dead two shopkeepers in the market on Sunday.")[0]
    assert ev.event_type.violent and ev.killed == 2


def test_a_statement_needs_a_named_public_speaker(extract):
    assert not extract("Officials said the road would reopen next week.")
    assert not extract("Analysts said the company would report higher profits.")
    ev = extract("The Ministry of Defence said the road would reopen next week.")[0]
    assert ev.event_type.statement and ev.actor1.sector == "government"


def test_a_spokesman_speaks_for_a_named_institution_only(extract):
    assert not extract("A spokeswoman said the talks would continue.")
    ev = extract("A spokesman for the Foreign Office said the talks would continue.")[0]
    assert ev.event_type.statement and ev.actor1.name == "Foreign Office"


def test_an_office_holder_of_an_organisation_speaks_for_it(extract):
    ev = extract("The chairman of the Police Federation said the plans would politicise policing.")[0]
    assert ev.event_type.statement and "Police Federation" in ev.actor1.name


def test_an_association_is_an_organisation_not_a_titled_name(extract):
    ev = extract("The European Regional Ferry Association claims that passengers were not consulted.")[0]
    assert ev.actor1.kind == "org" and ev.actor1.sector == "ngo"
    assert ev.actor1.name.endswith("Ferry Association")


def test_an_acronym_is_the_organisation_named_earlier(knowledge):
    text = (
        "The Institute for Tax Research published a report on Monday, suggesting incomes had fallen. "
        "The ITR says the drop reflects measures announced in last year's budget."
    )
    (coded,) = code_articles([("a_acronym", text, None, knowledge.gazetteer.find(text))], knowledge)
    speakers = [e.actor1.name for e in coded.events if e.event_type.statement and e.actor1 is not None]
    assert "ITR" not in speakers and any("Institute for Tax Research" in s for s in speakers)


def test_sectors_of_actors(extract):
    ev = main(extract("Iraqi troops attacked a rebel camp near Mosul on Friday."), "military_operation")
    assert ev.actor1.sector == "military"
    assert "disapprove" in types(extract("The Green Party criticised the mayor over the housing plan."))


def test_in_an_article_that_is_not_politics_only_sentences_in_reach_are_read(knowledge):
    from newsevents.extract.events.scope import RelevanceCues
    from newsevents.parse.sentences import split_sentences

    cues = RelevanceCues(knowledge.lexicon, knowledge.topic)
    text = "The striker signed a new contract. Police arrested two fans. The coach praised the defence, he said."
    first, second, third = split_sentences(text)
    words = knowledge.lexicon.words
    assert not cues.in_reach(first, [], words, public_speaker=True)
    assert cues.in_reach(second, [], words, public_speaker=False)  # 'police': a public actor's noun
    assert cues.in_reach(third, [], words, public_speaker=True) and not cues.in_reach(third, [], words, False)
