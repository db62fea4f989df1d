"""Which actor does a noun phrase name? (participants.py: dictionary, gazetteer, NER, groups, pronouns)"""

from newsevents.extract.actors import lookup
from newsevents.extract.events.context import ArticleHistory
from newsevents.extract.events.participants import note_mentions

from .conftest import main


def test_partitives_and_capital_us(extract):
    ev = main(extract("Turkey freed hundreds of Kurdish prisoners on Monday."), "yield")
    assert ev.actor2 is not None and ("prisoner" in ev.actor2.name.lower() or ev.actor2.kind == "group")
    ev = main(extract("Germany and France called on US to end the tariffs."), "appeal")
    assert (ev.actor1.name, ev.actor2.name) == ("Germany", "United States")  # not France, not the pronoun 'us'


def test_group_names_lose_their_counts(extract):
    ev = main(extract("Egypt released another 30 political prisoners on Sunday."), "yield")
    assert ev.actor2 is not None and not ev.actor2.name[0].isdigit() and "another" not in ev.actor2.name


def test_parenthesised_acronym_is_not_the_actor(extract):
    ev = extract("The Foreign Office (FO) on Monday condemned the attack on the convoy.")[0]
    assert ev.actor1 is not None and ev.actor1.name == "Foreign Office"


def test_counterparts_are_parties_and_person_nouns_are_actors(extract):
    ev = extract("The Iranian president called his Lebanese counterpart, Michel Aoun, on Tuesday.")[0]
    assert ev.actor2 is not None and ev.actor2.name == "Michel Aoun"
    ev = main(extract("Police in Nairobi detained several suspects on Monday."), "arrest")
    assert ev.actor2 is not None and ev.actor2.name == "suspects"


def test_allies_and_donors_are_actors(extract):
    ev = extract("Ghana and its regional allies agreed to hold a joint exercise.")[0]
    assert ev.actor2 is not None and "allies" in ev.actor2.name


def test_actor_phrase_stops_before_the_relative_clause(extract):
    ev = extract("Vietnam expressed condolences to the families of the migrants found in a lorry near London.")[0]
    assert ev.actor2 is None or ev.actor2.country_iso3 != "GBR"


def test_sentence_initial_acronym_misread_by_the_tagger_is_the_subject(extract):
    ev = extract("USAID provided tents and blankets to 20,000 families.")[0]
    assert ev.actor1 is not None and "Development" in ev.actor1.name


def test_pronoun_subject_of_a_governed_clause_is_the_governing_subject(extract):
    ev = main(
        extract("The Kenyan government has made it clear it will not lift the ban on the Mungiki sect."), "reject"
    )
    assert ev.actor1 is not None and ev.actor1.country_iso3 == "KEN"


def test_a_town_is_where_not_who(extract):
    ev = extract("Russia sent a team of experts to Tartar.")[0]
    assert ev.actor2 is None


def test_a_place_the_tagger_reads_as_a_person_is_no_actor(extract):
    evs = extract("Aliyev stressed that Armenian troops are sent to Karabakh via the Lachin corridor.")
    assert all(a is None or a.name != "Lachin" for e in evs for a in (e.actor1, e.actor2))


def test_agent_noun_modifying_another_head_is_not_an_actor():
    assert lookup("military aid") is None and lookup("an army base") is None
    assert lookup("Syrian government missiles").country_iso3 == "SYR"
    assert lookup("opposition members").actor_type == "opposition"


def test_a_bare_definite_group_noun_is_the_organisation_named_before(extract):
    evs = extract(
        "The Royal College of Midwives met health ministers on Monday. The college said the talks had been useful. "
        "The union said the offer was an insult."
    )
    speakers = [e.actor1.name for e in evs if e.event_type.statement and e.actor1 is not None]
    assert "college" not in [s.lower() for s in speakers]
    assert not any(s.lower() == "union" for s in speakers)  # no union was named: the anaphor names nobody


def test_an_organisation_named_for_its_members_is_the_organisation(extract):
    ev = extract("The National Association of Head Teachers said the inspections were unfair.")[0]
    assert ev.actor1.name.endswith("Head Teachers") and ev.actor1.sector == "ngo"


def test_a_person_the_tagger_missed_takes_the_role_of_the_apposition(extract):
    ev = extract("Karim Dastagir, the province's health minister, says the clinics are full.")[0]
    assert ev.actor1.kind == "person" and ev.actor1.sector == "government"


def test_he_or_she_stands_for_a_person_not_a_party(extract):
    evs = extract(
        "Charles Kennedy met voters in Bath. The Liberal Democrats, he claimed, are the real opposition to Labour."
    )
    speakers = {e.actor1.name for e in evs if e.event_type.statement and e.actor1 is not None}
    assert speakers <= {"Charles Kennedy"}


def test_a_nationality_after_an_article_is_a_person(extract):
    ev = extract("After the talks the Norwegian said the ceasefire would hold.")[0]
    assert ev.actor1.kind == "person" and ev.actor1.name == "Norwegian"


def test_a_person_keeps_the_public_role_the_article_gave_them():
    from newsevents.extract.events.context import ArticleHistory
    from newsevents.extract.events.model import Actor

    def person(name: str, sector: str | None) -> Actor:
        return Actor(name=name, country_iso3=None, start=0, end=len(name), known=True, kind="person", sector=sector)

    public = frozenset({"government", "party"})
    history = ArticleHistory()
    history.recall(person("Ann Lowe", "party"), public)  # 'opposition spokeswoman Ann Lowe said'
    assert history.recall(person("Ann Lowe", "media"), public).sector == "party"  # a dictionary's other type
    assert history.recall(person("Ann Lowe", None), public).sector == "party"
    assert history.recall(person("Lowe", None), public).name == "Ann Lowe"
    history.recall(person("Bo Tran", "business"), public)
    assert history.recall(person("Bo Tran", "government"), public).sector == "government"  # a public role found later


def test_a_peer_is_a_legislator(extract):
    assert extract("Lord Patel said the bill was flawed.")[0].actor1.sector == "legislature"


def test_a_person_of_an_organisation_called_by_its_initials_takes_its_sector(extract):
    evs = extract(
        "The National Union of Road Hauliers (NURH) criticised the new fuel tax. "
        "Tom Briggs, NURH head of policy, said the tax would cost jobs. The NURH's Mr Briggs warned of protests."
    )
    briggs = [e.actor1 for e in evs if e.actor1 is not None and e.actor1.name == "Tom Briggs"]
    assert len(briggs) >= 2 and all(a.sector == "labour" for a in briggs)


def test_a_nationality_is_not_an_office(extract):
    ev = extract("Former Italy winger Marco Bellini has warned the pressure is mounting on the coach.")[0]
    assert ev.actor1.name == "Marco Bellini" and ev.actor1.sector != "government"


def test_a_lawyer_is_private_and_a_state_advocate_is_judicial(extract):
    assert extract("Advocate Thabo Mokoena said the amendments were flawed.") == []  # an opinion, no event
    assert extract("State advocate Yuri Petrov said the accused had lied.")[0].actor1.sector == "judiciary"


def test_a_month_is_not_a_person_until_the_article_names_one(extract):
    text = "The May report significantly beat forecasts. The pace of hiring points to stronger conditions, he said."
    assert not any(e.actor1 is not None and "May" in e.actor1.name for e in extract(text))
    evs = extract("Theresa May met Angela Merkel in Berlin. May said Britain would leave the European Union.")
    assert main(evs, "make_statement").actor1.name == "Theresa May"


def test_a_count_introduces_new_people_not_the_pair_named_before(extract):
    ev = extract("Three policemen beat a journalist outside the court.")[0]
    assert ev.actor1 is not None and ev.actor1.name == "policemen"  # the count is no part of the name


def test_he_continues_the_subject_not_the_person_acted_upon(extract):
    evs = extract("Senator Jo Park criticised Governor Al Diaz on Monday. He said the budget was unfair.")
    assert main(evs, "make_statement").actor1.name == "Jo Park"


def test_a_party_the_tagger_reads_as_a_person_is_no_he_or_she(extract):
    evs = extract(
        "Party leader Anna Kerr said voters trust her party. \"They don't say the Lib Dems can't win around here any "
        'more." But she said Mr Blair had lost the trust of the British people.'
    )
    assert [e.actor1.name for e in evs if e.event_type.event_type == "make_statement"] == ["Anna Kerr", "Anna Kerr"]


def test_it_or_a_statement_speaking_is_the_last_body_that_acted(extract):
    evs = extract(
        "Peru's foreign ministry summoned Chile's ambassador on Monday. "
        "It said the border incident had been a grave provocation."
    )
    said = [e for e in evs if e.event_type.statement]
    assert said and said[-1].actor1 is not None and said[-1].actor1.country_iso3 == "PER"  # not the envoy's Chile
    evs = extract(
        "Peru's foreign ministry condemned the border incident on Monday. "
        '"This provocation will not go unanswered," the statement said.'
    )
    said = [e for e in evs if e.event_type.statement]
    assert said and said[-1].actor1 is not None and said[-1].actor1.country_iso3 == "PER"


def test_he_after_a_bystander_is_the_subject_not_the_last_name(extract, knowledge):
    evs = extract("A Labour spokesman criticised Senator Jo Park's record on Monday. He said the figures were wrong.")
    said = main(evs, "make_statement")
    assert said.actor1 is not None and "spokesman" in said.actor1.name  # the new person who acted, not Park
    # text the coder never parsed: the first person named in its last sentence is who 'he' is next
    text = "Troops were sent. Vladimir Putin's decree surprised Olaf Scholz."
    history = ArticleHistory()
    note_mentions(knowledge.gazetteer.find(text), history, knowledge.lexicon.words, last_sentence=text.index("Vlad"))
    assert history.last_person is not None and history.last_person.name == "Vladimir Putin"


def test_he_after_unparsed_text_is_the_person_it_calls_by_title_and_surname(extract):
    # the middle sentence is never parsed; 'Mr Brown' is no dictionary name, Peter Mandelson is
    evs = extract(
        "Chancellor Gordon Brown met business leaders on Monday. Mr Brown's insistence on prudence was a pointed"
        " rebuttal of a warning from Peter Mandelson. He also promised to raise pensions for veterans.",
        published=None,
    )
    pledge = next(e for e in evs if e.event_type.intention)
    assert pledge.actor1 is not None and pledge.actor1.name == "Gordon Brown"


def test_a_title_stands_for_the_person_the_article_named_with_it(extract):
    evs = extract(
        "Foreign Secretary Jack Straw met Tory leader Michael Howard on Monday. "
        'In a speech Mr Straw said of the Tory leader: "He is clever, but he is not wise." '
        "The Foreign Secretary told parliament that the talks had been useful."
    )
    said = [e for e in evs if e.event_type.statement]
    assert said[0].actor2 is not None and said[0].actor2.name == "Michael Howard"
    assert said[-1].actor1 is not None and said[-1].actor1.name == "Jack Straw"
    evs = extract(
        "Shadow foreign secretary Michael Ancram met voters in Leeds on Monday. "
        "The Foreign Secretary told parliament that the talks had been useful."
    )
    # another title: the statement is not the shadow foreign secretary's
    assert not any(e.actor1 is not None and e.actor1.name == "Michael Ancram" for e in evs if e.event_type.statement)


def test_a_law_or_an_occasion_the_recogniser_names_is_no_actor(knowledge):
    from spacy.tokens import Span

    from newsevents.extract.events.context import SentenceContext
    from newsevents.extract.events.participants import actor
    from newsevents.extract.nlp import load_nlp
    from newsevents.parse.sentences import Sentence

    text = "Crisis praised the Renters Rights Bill at the State Opening of Parliament."
    doc = load_nlp()(text)
    doc.ents = [Span(doc, 3, 6, label="LAW"), Span(doc, 8, 12, label="EVENT")]
    ctx = SentenceContext(Sentence(0, len(text), text, 0), doc, knowledge.gazetteer.find(text), [], knowledge)
    assert actor(doc[5], ctx, ArticleHistory()) is None  # 'Bill'
    assert actor(doc[9], ctx, ArticleHistory()) is None  # 'Opening'


def test_it_said_far_from_any_body_that_acted_names_nobody(extract):
    evs = extract(
        "Peru's foreign ministry summoned Chile's ambassador on Monday. "
        "Broadband use grew fast in the capital last year. Prices of connections fell sharply in the provinces. "
        "It said there were more than two million connections by June."
    )
    assert not any(e.actor1 is not None and e.actor1.country_iso3 == "PER" and e.event_type.statement for e in evs)


def test_a_role_serves_its_possessors_country(extract):
    text = (
        "Fidel Castro spoke on Monday. In a broadcast, President Castro's chief aide said the United States was"
        " to blame."
    )
    aide = next(e for e in extract(text) if e.actor1 is not None and e.actor1.name.endswith("aide"))
    assert aide.actor1.country_iso3 == "CUB"
    assert aide.actor2 is not None and aide.actor2.country_iso3 == "USA"  # another country's: what it is about
