from datetime import date

import pytest
from conftest import shared_path

from newsevents.extract.actors import ActorDictionary, ActorMatch, ArticleActors, load_actors, lookup
from newsevents.extract.actors_build import parse_actor_file, parse_agents
from newsevents.extract.gazetteer import Gazetteer


def test_dated_roles_follow_the_article_date():
    assert lookup("Recep Tayyip Erdogan", date(2010, 5, 1)).role == "Prime Minister of Turkey"
    assert lookup("Recep Tayyip Erdogan", date(2020, 5, 1)).role == "President of Turkey"
    boris = [lookup("Boris Johnson", date(y, 1, 1)).role for y in (2017, 2021)]
    assert boris == ["Foreign Secretary of the United Kingdom", "Prime Minister of the United Kingdom"]
    # a lone surname from the hand-edited dictionary resolves only to the one person in office on that date
    assert lookup("Pashinyan", date(2020, 1, 1)).name == "Nikol Pashinyan"


def test_title_and_nationality_give_the_person_and_country():
    m = lookup("Russian Foreign Minister Sergei Lavrov", date(2020, 10, 1))
    assert (m.name, m.country_iso3, m.kind) == ("Sergey Lavrov", "RUS", "person")
    m = lookup("former mayor Vicencio Scarano")
    assert (m.name, m.kind, m.actor_type, m.method) == ("Vicencio Scarano", "person", "government", "title_name")
    m = lookup("U.S. President Donald Trump", date(2019, 3, 1))
    assert (m.name, m.country_iso3, m.actor_type) == ("Donald Trump", "USA", "government")


@pytest.mark.parametrize(
    "phrase, country, actor_type",
    [
        ("Iraqi troops", "IRQ", "military"),
        ("the German government", "DEU", "government"),
        ("Approximately 2,000 Russian soldiers", "RUS", "military"),
        ("protesters in Baku", "AZE", None),
        ("Government of the Bahamas", "BHS", "government"),
        ("Nepal's prime minister", "NPL", "government"),
        ("the Iraqi army", "IRQ", "military"),
    ],
)
def test_agent_noun_and_country_word(phrase, country, actor_type):
    m = lookup(phrase)
    assert m is not None and m.kind == "agent" and m.country_iso3 == country
    if actor_type:
        assert m.actor_type == actor_type


def test_agent_noun_alone_takes_the_callers_country_or_none():
    assert lookup("police").country_iso3 is None and lookup("police").actor_type == "police"
    assert lookup("the rebels", country="COL").country_iso3 == "COL"


def test_named_organisations_igos_and_armed_groups():
    nato = lookup("NATO")
    assert nato.kind == "igo" and nato.country_iso3 is None
    assert lookup("Hamas").kind == "armed_group" and lookup("Hamas").country_iso3 == "PSE"
    assert lookup("the Houthi rebels").country_iso3 == "YEM"
    taliban = [lookup("the Taliban", date(y, 1, 1)).actor_type for y in (2015, 2023)]
    assert taliban == ["rebel", "government"]
    assert lookup("Czech Republic").country_iso3 == "CZE"
    assert lookup("the Federal Reserve").kind == "org"  # a 'person' row of the generated dictionary, corrected
    parties = [lookup(p) for p in ("the Conservatives", "the Lib Dems")]
    assert [(m.name, m.actor_type) for m in parties] == [
        ("UK Conservative Party", "party"),
        ("UK Liberal Democrats", "party"),
    ]


def test_surname_needs_a_person_of_the_article():
    article = ArticleActors(on=date(2020, 10, 1))
    assert article.resolve("Hikmet Hajiyev").name == "Hikmet Hajiyev"
    again = article.resolve("Mr Hajiyev")
    assert again.name == "Hikmet Hajiyev" and again.method == "surname_article"
    other = ArticleActors(on=date(2020, 10, 1))
    assert other.resolve("Okonkwo") is None  # nobody of that name in the article or the dictionary
    other.add(ActorMatch("Chidi Okonkwo", "NGA", "government", "NGAGOV", "person", "Mayor", "title_name"))
    assert other.resolve("Mr Okonkwo").name == "Chidi Okonkwo"


def test_user_actor_through_data_dir(tmp_path):
    (tmp_path / "actors.csv").write_text(
        "name,aliases,kind,country_iso3,actor_type,cameo_code,role,start,end\n"
        "Zara Quillfeather,Z. Quillfeather,person,NOR,government,,Mayor of Tromso,2021-01-01,\n"
        "Northern Lights Brigade,NLB,armed_group,NOR,rebel,,,,\n",
        encoding="utf-8",
    )
    (tmp_path / "agents.csv").write_text("noun,actor_type,cameo_agent\nreindeer herders,civil,AGR\n", encoding="utf-8")
    d = ActorDictionary.load(str(tmp_path))
    herders = d.lookup("Norwegian reindeer herders")
    assert (herders.country_iso3, herders.actor_type, herders.cameo_code) == ("NOR", "civil", "NORAGR")
    m = d.lookup("Z. Quillfeather", date(2022, 1, 1))
    assert (m.name, m.country_iso3, m.cameo_code, m.role) == ("Zara Quillfeather", "NOR", "NORGOV", "Mayor of Tromso")
    assert d.lookup("NLB").kind == "armed_group"
    assert load_actors(None).lookup("NLB") is None or load_actors(None).lookup("NLB").name != "Northern Lights Brigade"
    g = Gazetteer.build(d, str(tmp_path), 15000, ())
    found = [(m.surface, m.entry.name, m.entry.entity_type) for m in g.find("Zara Quillfeather met the NLB.")]
    assert ("Zara Quillfeather", "Zara Quillfeather", "PERSON") in found
    assert ("NLB", "Northern Lights Brigade", "ORG") in found


def test_build_parses_petrarch_records(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(
        "HAMID_KARZAI_  # CountryInfo.txt\n+KARZAI_\n\t[AFGELI 750101-000101]\n\t[AFGGOV >011222]\n"
        "BAN_KI-MOON [IGOUNO >20070101] [KORGOVBUS 2004017-20061201]\n",
        encoding="utf-8",
    )
    recs = parse_actor_file(src)
    assert recs[0].phrases == ["HAMID_KARZAI_", "KARZAI_"]
    assert recs[0].dated == [("AFGELI", "1975-01-01", "2000-01-01"), ("AFGGOV", "2001-12-22", None)]
    assert recs[1].dated[0] == ("IGOUNO", "2007-01-01", None)
    agents = tmp_path / "agents.txt"
    agents.write_text(
        "!MINIST! = MINISTER, MINISTRY\nFOREIGN_!MINIST! [~GOV]\nTROOP {} [~MIL]\nFARMER [~AGR]\n", encoding="utf-8"
    )
    pairs = dict(parse_agents(agents))
    assert pairs["foreign minister"] == "GOV" and pairs["troop"] == "MIL" and pairs["farmers"] == "AGR"
    assert "troops" not in pairs  # '{}' means no plural


def test_shipped_dictionary_is_large_and_dated():
    d = load_actors()
    assert len(d.rows) > 20000
    assert sum(1 for rs in d.rows.values() if any(r.curated for r in rs)) > 300
    assert all(r.start is None or r.end is None or r.start <= r.end for rs in d.rows.values() for r in rs if r.curated)


def test_gold_actor_spans_resolve_mostly_right():
    import json

    gold = shared_path("events", "events_dev_gold.jsonl")
    right = total = 0
    for line in gold.read_text(encoding="utf-8").splitlines():
        for e in json.loads(line)["events"]:
            for k in ("actor1", "actor2"):
                if e.get(k + "_text") and e.get(k + "_country"):
                    m = lookup(e[k + "_text"], date(2020, 6, 15))
                    total += 1
                    right += m is not None and m.country_iso3 == e[k + "_country"]
    assert total > 300 and right / total > 0.65


def test_office_and_country_give_the_holder_on_that_date():
    assert lookup("the South Korean president", date(2020, 6, 15)).name == "Moon Jae-in"
    assert lookup("the South Korean president", date(2023, 6, 15)).name == "Yoon Suk Yeol"
    m = lookup("the German chancellor", date(2022, 6, 1))
    assert (m.name, m.method) == ("Olaf Scholz", "office_holder")
    assert lookup("U.S. Secretary of State Mike Pompeo", date(2020, 1, 1)).name == "Mike Pompeo"
    assert lookup("the president", date(2020, 1, 1)).kind == "agent"  # no country: no holder
