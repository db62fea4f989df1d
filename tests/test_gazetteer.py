import pytest

from newsevents.extract.events import knowledge_for
from newsevents.extract.names import skeleton


@pytest.fixture(scope="module")
def gaz():
    return knowledge_for().gazetteer


def names(gaz, text):
    return [(m.surface, m.entry.name, m.entry.entity_type) for m in gaz.find(text)]


def test_spelling_variant_links_to_known_person(gaz):
    found = names(gaz, "Azerbaijani presidential aide Hikmat Hajiyv has said so.")
    assert ("Hikmat Hajiyv", "Hikmet Hajiyev", "PERSON") in found


def test_lookalike_is_not_linked(gaz):
    assert gaz.link_person("Karim Aliyev") is None  # fuzzy 88 to Karim Valiyev, different skeleton
    assert gaz.link_person("Sergei Lavrov").name == "Sergey Lavrov"
    assert skeleton("Hikmat Hajiyv") == skeleton("Hikmet Hajiyev")


def test_surname_alone_needs_full_name_earlier(gaz):
    alone = names(gaz, "Lavrov said the talks went well.")
    assert not any(n[1] == "Sergey Lavrov" for n in alone)
    after = names(gaz, "Sergey Lavrov arrived. Later Lavrov said the talks went well.")
    assert [n for n in after if n[0] == "Lavrov"][0][1] == "Sergey Lavrov"


def test_places_with_variants_and_coordinates(gaz):
    for surface in ("Garabagh", "Karabakh", "Nagorno-Karabakh"):
        m = [x for x in gaz.find(f"Troops left {surface} today.") if x.surface == surface][0]
        assert m.entry.name == "Karabakh" and m.entry.latitude is not None
    m = [x for x in gaz.find("They visited Şuşa and Laçın.")]
    assert [x.entry.name for x in m] == ["Shusha", "Lachin"]


def test_title_pattern_finds_unknown_people(gaz):
    found = names(gaz, "Deputy Foreign Minister Ivan Petrovsky met Col-Gen Arif Mammadov in Baku.")
    people = {n[1] for n in found if n[2] == "PERSON"}
    assert {"Ivan Petrovsky", "Arif Mammadov"} <= people


def test_lowercase_words_are_not_places(gaz):
    assert names(gaz, "to recap, the police said nice things about reading.") == []


def _places(gaz, text):
    return [m.surface for m in gaz.find(text) if m.entry.kind in ("city", "capital", "region")]


def test_people_and_organisations_are_never_places(gaz):
    text = "Michael Howard has launched an attack on Labour. Mr Howard said Mr Livingstone was wrong."
    assert _places(gaz, text) == []
    people = [(m.surface, m.entry.name) for m in gaz.find(text) if m.entry.entity_type == "PERSON"]
    assert ("Michael Howard", "Michael Howard") in people and ("Howard", "Michael Howard") in people
    assert _places(gaz, "Deutsche Bank and the Liberal Democrats met in Trafalgar Square.") == []
    assert _places(gaz, "The bank Absa said profits rose.") == []


def test_multi_word_country_wins_over_its_parts(gaz):
    found = [(m.surface, m.entry.kind, m.entry.country_iso3) for m in gaz.find("Troops left the Czech Republic.")]
    assert found == [("Czech Republic", "country", "CZE")]


def test_real_places_stay_places(gaz):
    assert _places(gaz, "The talks were held in Boston and then in Washington.") == ["Boston", "Washington"]
    assert [m.entry.country_iso3 for m in gaz.find("He flew to Boston.")] == ["USA"]
    assert [(m.surface, m.entry.kind) for m in gaz.find("The Baku-hosted meeting ended.")] == [("Baku", "capital")]


def test_acronyms_match_only_in_capitals(gaz):
    assert [m.entry.name for m in gaz.find("Who said the WHO would help?")] == ["World Health Organization"]


def test_unknown_person_gets_the_nationality_before_the_title(gaz):
    text = "Russian Foreign Minister Ivan Petrovsky met Deputy Minister Arif Mammadov."
    people = {m.entry.name: m.entry.country_iso3 for m in gaz.find(text) if m.entry.entity_type == "PERSON"}
    assert people == {"Ivan Petrovsky": "RUS", "Arif Mammadov": None}


def test_a_place_name_is_read_by_the_article_geography(gaz):
    def places(text):
        return {m.surface: (m.entry.kind, m.entry.country_iso3) for m in gaz.find(text)}

    assert places("Voters in Atlanta and Savannah backed the Georgia governor.")["Georgia"] == ("region", "USA")
    assert places("Georgia and Azerbaijan met in Tbilisi.")["Georgia"] == ("country", "GEO")
    assert places("Montana ranchers sued the agency.")["Montana"] == ("region", "USA")  # the state, by prominence
    assert places("A fire in Paris, Texas, closed the highway.")["Paris"] == ("city", "USA")
    assert places("Talks in Paris ended.")["Paris"] == ("capital", "FRA")
