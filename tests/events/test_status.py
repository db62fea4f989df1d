"""Did it happen? (status.py: negation, modality, conditions, questions, announced acts)"""

from datetime import date

from .conftest import types


def test_negated_and_hypothetical_not_coded(extract):
    assert "agreement_signed" not in types(extract("Azerbaijan and Russia have not signed the agreement."))
    assert "withdrawal" not in types(extract("Armenia would withdraw its troops from Lachin if asked."))
    assert "withdrawal" not in types(extract("The agreement obliged Armenia to withdraw its troops."))


def test_conditions_questions_and_refusals(extract):
    assert not extract("If Armenia attacks Lachin, Azerbaijan would respond.")
    assert not extract("Did Armenia attack Lachin?")
    evs = extract("Azerbaijan said it will not withdraw its troops from Lachin.")
    assert [e.event_type.cameo_root for e in evs] == ["12"]  # a refusal, not a withdrawal


def test_in_case_clause_is_hypothetical(extract):
    evs = extract("The villagers fled to the hills in case the army attacked.")
    assert all(e.event_type.cameo_root != "19" for e in evs)


def test_quoted_speech_is_the_speakers_statement(extract):
    evs = extract("“We will attack Lachin on Monday,” Ilham Aliyev said.")
    assert types(evs) == ["make_statement"]
    assert evs[0].actor1.name == "Ilham Aliyev"


def test_scheduled_event_is_future_with_its_date(extract):
    evs = extract("The Armenian troops vacated Aghdam on November 20 and will vacate Lachin on December 1.")
    w = {e.location.entry.name: e for e in evs if e.event_type.event_type == "withdrawal"}
    assert w["Aghdam"].resolved.value == date(2020, 11, 20) and w["Aghdam"].mention_kind == "current"
    assert w["Lachin"].resolved.value == date(2020, 12, 1) and w["Lachin"].mention_kind == "future"
    assert w["Lachin"].actor1.name == "Armenia (military)"


def test_what_others_expect_is_a_future_event_not_an_intention(extract):
    ev = extract("The president is expected to meet the Turkish foreign minister in Ankara.")[0]
    assert ev.event_type.event_type == "consult" and ev.status == "future" and ev.mention_kind == "future"
    ev = extract("Police are likely to arrest the organisers of the march.")[0]
    assert ev.status == "future"
    ev = extract("Turkey is ready to send aid to the flooded region.")[0]  # the actor's own readiness: intention
    assert ev.event_type.cameo_root == "03" and ev.status == "occurred"


def test_a_headline_to_infinitive_is_announced_not_done(extract):
    evs = extract("Border police to arrest smugglers at northern crossings")
    assert evs and all(e.event_type.event_type != "arrest" or e.status == "future" for e in evs)


def test_a_subject_with_no_makes_the_event_negated(extract):
    assert not extract("No Chilean military targets have been hit.")
    assert not extract("No soldier was wounded in the clashes on Monday.")
    assert extract("Rebels have hit Chilean military targets.")  # the same act, asserted
