"""When did it happen? (when.py: the predicate's own date phrase, the report's date, the context's)"""

from datetime import date

from .conftest import main


def test_background_mention_keeps_its_own_date(extract):
    evs = extract(
        "The trilateral deal signed by Baku, Moscow and Yerevan on November 10, 2020 is in force.",
        published=date(2022, 3, 22),
    )
    sign = main(evs, "agreement_signed")
    assert sign.resolved.value == date(2020, 11, 10) and sign.mention_kind == "background"
    assert set(sign.countries) == {"AZE", "RUS", "ARM"}


def test_publication_date_never_used_silently(extract):
    evs = extract("Ilham Aliyev met Vladimir Putin.")
    assert evs and evs[0].resolved is None and evs[0].date_source == "none"


def test_an_undated_follow_up_takes_the_previous_sentences_date(extract):
    evs = extract(
        "On September 18, separatists planted a mine on the road to Kelbajar. "
        "As a result of the mine explosion, seven policemen were killed."
    )
    blast = next(e for e in evs if e.killed == 7)
    assert blast.resolved.value == date(2020, 9, 18) and blast.date_source == "context"
