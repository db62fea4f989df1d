import pytest

from newsevents.extract.gazetteer import load_gazetteer, skeleton
from newsevents.settings import Settings


@pytest.fixture(scope="module")
def gaz():
    s = Settings()
    return load_gazetteer(None, s.city_min_population, s.focus_countries)


def names(gaz, text):
    return [(m.surface, m.entry.name, m.entry.entity_type) for m in gaz.find(text)]


def test_spelling_variant_links_to_known_person(gaz):
    found = names(gaz, "Azerbaijani presidential aide Hikmat Hajiyv has said so.")
    assert ("Hikmat Hajiyv", "Hikmet Hajiyev", "PERSON") in found


def test_lookalike_is_not_linked(gaz):
    assert gaz.link_person("Karim Aliyev") is None          # fuzzy 88 to Karim Valiyev, different skeleton
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
