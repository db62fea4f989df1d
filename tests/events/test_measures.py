"""Whose plans? A statement about 'the plans' or 'the report' is about whoever the article said owns them
(measures.py)."""


def test_statement_about_the_plans_is_about_their_owner(extract):
    evs = extract(
        "The Tories unveiled plans for elected housing boards on Monday. "
        "Liberal Democrat spokesman Tom Reed said the plans would create chaos in local government."
    )
    ev = next(e for e in evs if e.actor1 is not None and e.actor1.name.endswith("Reed"))
    assert ev.actor2 is not None and ev.actor2.name == "UK Conservative Party"


def test_a_finding_is_owned_by_whoever_published_it(extract):
    evs = extract(
        "A report published by Amnesty International on Monday said prisons were overcrowded. "
        "The interior ministry dismissed the report as biased."
    )
    ev = next(e for e in evs if e.actor1 is not None and e.actor1.name == "interior ministry")
    assert ev.actor2 is not None and ev.actor2.name == "Amnesty International"


def test_own_measures_and_private_speakers_have_no_measure_target(extract):
    evs = extract(
        "The Tories unveiled plans for elected housing boards on Monday. "
        "The Tories said the plans would give tenants a voice."
    )
    assert all(e.actor2 is None for e in evs if e.event_type.statement)  # their own plans: about nobody else
    evs = extract(
        "The Tories unveiled plans for elected housing boards on Monday. "
        "Jane Roe, chief economist at Acme Bank, said the plans would raise rents."
    )
    assert not any(e.actor1 is not None and e.actor1.name.endswith("Roe") and e.actor2 for e in evs)
