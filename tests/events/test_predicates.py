"""What happened? (predicates.py: verbs, event nouns, intentions, one predicate per happening)"""

from .conftest import main, types


def test_lifting_a_sanction_is_easing_it(extract):
    ev = extract("Washington lifted its arms embargo on Cyprus on Friday.")[0]
    assert ev.event_type.cameo_code == "085"
    ev = main(extract("The European Union lifted the sanctions imposed on Belarus last year."), "yield")
    assert ev.event_type.cameo_code == "085"  # 'lift sanctions' (the text's word form), not 'lift sanction' 0351


def test_disasters_are_not_attacks(extract):
    assert not extract("The earthquake killed at least 23,000 people in the region.")


def test_violent_clauses_are_one_happening(extract):
    evs = extract("Taliban fighters attacked an army base in Afghanistan, killing 17 soldiers.")
    assert len(evs) == 1 and evs[0].event_type.quad_class == 4 and evs[0].killed == 17


def test_strikes_are_protests(extract):
    strike = extract("Dock workers in Antwerp began a general strike on Monday.")[0]
    assert strike.event_type.cameo_code == "143"


def test_topic_of_talks_is_not_an_event(extract):
    evs = extract("Vladimir Putin and Ilham Aliyev discussed the process of withdrawal of troops on November 20.")
    assert "withdrawal" not in types(evs) and "consult" in types(evs)


def test_intention_is_the_event_not_the_intended_act(extract):
    evs = extract("Russia is ready to provide humanitarian aid to Armenia.")
    assert [(e.event_type.cameo_root, e.actor1.name) for e in evs] == [("03", "Russia")]
