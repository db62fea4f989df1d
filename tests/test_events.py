"""Event rules on small sentences."""

from datetime import date

import pytest

from newsevents.extract.events import extract_events, split_sentences
from newsevents.extract.gazetteer import load_gazetteer
from newsevents.settings import Settings


@pytest.fixture(scope="module")
def extract():
    s = Settings()
    gaz = load_gazetteer(None, s.city_min_population, s.focus_countries)

    def run(text, published=date(2020, 11, 24)):
        return extract_events("a_0000000000000000", text, published, gaz.find(text), gaz)

    return run


def types(events):
    return [e.event_type.event_type for e in events]


def test_sentences_keep_offsets():
    body = "Mr. Smith met Gen. Jones in Baku. They talked.\n\nA new paragraph."
    sents = split_sentences(body)
    assert [s.text for s in sents] == ["Mr. Smith met Gen. Jones in Baku.", "They talked.", "A new paragraph."]
    assert all(body[s.start : s.end] == s.text for s in sents)
    assert sents[2].paragraph == 1


def test_negated_and_hypothetical_not_coded(extract):
    assert "agreement_signed" not in types(extract("Azerbaijan and Russia have not signed the agreement."))
    assert "withdrawal" not in types(extract("Armenia would withdraw its troops from Lachin if asked."))
    assert "withdrawal" not in types(extract("The agreement obliged Armenia to withdraw its troops."))


def test_quoted_speech_is_not_an_event(extract):
    evs = extract("“We will attack Lachin on Monday,” Ilham Aliyev said.")
    assert types(evs) == ["make_statement"]
    assert evs[0].actor1.name == "Ilham Aliyev"


def test_topic_of_talks_is_not_an_event(extract):
    evs = extract("Vladimir Putin and Ilham Aliyev discussed the process of withdrawal of troops on November 20.")
    assert "withdrawal" not in types(evs) and "consult" in types(evs)


def test_future_statement_dated_and_marked(extract):
    evs = extract("The Armenian troops vacated Aghdam on November 20 and will vacate Lachin on December 1.")
    w = {e.location.entry.name: e for e in evs if e.event_type.event_type == "withdrawal"}
    assert w["Aghdam"].resolved.value == date(2020, 11, 20) and w["Aghdam"].mention_kind == "current"
    assert w["Lachin"].resolved.value == date(2020, 12, 1) and w["Lachin"].mention_kind == "future"
    assert w["Lachin"].actor1.name == "Armenia (military)"


def test_background_mention_keeps_its_own_date(extract):
    evs = extract(
        "The trilateral deal signed by Baku, Moscow and Yerevan on November 10, 2020 is in force.",
        published=date(2022, 3, 22),
    )
    sign = [e for e in evs if e.event_type.event_type == "agreement_signed"][0]
    assert sign.resolved.value == date(2020, 11, 10) and sign.mention_kind == "background"
    assert set(sign.countries) == {"AZE", "RUS", "ARM"}


def test_publication_date_never_used_silently(extract):
    evs = extract("Ilham Aliyev met Vladimir Putin.")
    assert evs and evs[0].resolved is None and evs[0].date_source == "none"


def test_violent_event_counts_and_victims(extract):
    evs = extract("Ninety-four Azerbaijani civilians were killed in Armenia's armed attacks.")
    assert len(evs) == 1
    e = evs[0]
    assert e.killed == 94 and e.event_type.quad_class == 4
    assert e.actor1.name == "Armenia" and e.actor2.name == "Azerbaijan (civil)"  # the dictionary's actor type


def test_one_row_per_happening(extract):
    evs = extract(
        "Ilham Aliyev and Vladimir Putin discussed the peace deal. "
        "In a phone conversation on November 24, the two presidents focused on transport."
    )
    consults = [e for e in evs if e.event_type.event_type == "consult"]
    assert len(consults) == 1 and consults[0].n_mentions == 2
    assert consults[0].resolved.value == date(2020, 11, 24)


def test_confidence_reflects_evidence(extract):
    strong = extract("On November 20, Ilham Aliyev met Vladimir Putin in Moscow.")[0]
    weak = extract("Officials met.", published=date(2020, 11, 24))
    assert 0 <= strong.confidence <= 1 and strong.confidence >= 0.8
    assert not weak  # no actor: not coded


def test_trigger_prefilter_is_exact():
    from conftest import SEEDS

    from newsevents.extract.events import literal_prefixes, load_triggers
    from newsevents.extract.gazetteer import fold

    assert literal_prefixes("said|says") == ("said", "says")
    # re's parser factors the common prefix out of 'denied|denies': 'denie' is what every match starts with
    assert literal_prefixes(r"(?:denied|denies) (?:\w+ ){0,3}charges") == ("denie",)
    assert literal_prefixes(r"(?:signed|inked) the") == ("inked", "signed")  # a group ends the run
    assert literal_prefixes("(?<!planned )visit to") == ("visit to",)  # zero-width assertions are skipped
    assert literal_prefixes(r"\w+ said") is None and literal_prefixes("(the )?talks") is None
    texts = [fold(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    texts += ["nothing to see here", "they pulled out and signed", "the troops withdrew; he said so"]
    for trig in load_triggers():
        for text in texts:
            assert [m.span() for m in trig.finditer(text)] == [m.span() for m in trig.pattern.finditer(text)]
    assert any(list(t.finditer(texts[0])) for t in load_triggers())


def test_event_type_added_through_data_dir(tmp_path, monkeypatch):
    """A type added in NEWSEVENTS_DATA_DIR/event_types.csv is loaded, carries its behaviour columns, types the
    codes under it, and the events schema allows it (no hard-coded list)."""
    import polars as pl

    from newsevents.extract.taxonomy import load_taxonomy, type_for_code
    from schemas.tables import loaded_event_types

    (tmp_path / "event_types.csv").write_text(
        "event_type,cameo_code,acled_event_type,acled_sub_event_type,governing,victims,symmetric,description\n"
        "hostage_taking,181,Violence against civilians,Abduction/forced disappearance,0,1,0,Abductions (CAMEO 181).\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("NEWSEVENTS_DATA_DIR", str(tmp_path))
    taxonomy = load_taxonomy(str(tmp_path))
    assert taxonomy["hostage_taking"].victims and not taxonomy["hostage_taking"].symmetric
    assert type_for_code("1811", str(tmp_path)).event_type == "hostage_taking"
    assert type_for_code("1811", None).event_type == "assault"  # without the extra file: the root's type
    assert "hostage_taking" in loaded_event_types() and "consult" in loaded_event_types()
    df = pl.DataFrame({"event_type": ["hostage_taking", "no_such_type"]})
    assert df.select(pl.col("event_type").is_in(loaded_event_types()))["event_type"].to_list() == [True, False]


def test_every_cameo_root_has_a_type():
    from newsevents.extract.taxonomy import type_for_code

    for root in range(1, 21):
        t = type_for_code(f"{root:02d}0")
        assert t is not None and t.cameo_root == f"{root:02d}"


def test_status_from_syntax(extract):
    assert not extract("If Armenia attacks Lachin, Azerbaijan would respond.")
    assert not extract("Did Armenia attack Lachin?")
    evs = extract("Azerbaijan said it will not withdraw its troops from Lachin.")
    assert [e.event_type.cameo_root for e in evs] == ["12"]  # a refusal, not a withdrawal
    evs = extract("Russia is ready to provide humanitarian aid to Armenia.")
    assert [(e.event_type.cameo_root, e.actor1.name) for e in evs] == [("03", "Russia")]


def test_roles_from_syntax(extract):
    evs = extract("Armenia was attacked by Azerbaijan on November 3.")
    assert evs[0].actor1.name == "Azerbaijan" and evs[0].actor2.name == "Armenia"  # the by-agent acts
    evs = extract("Ilham Aliyev accused Nikol Pashinyan of sabotage.")
    assert (evs[0].actor1.name, evs[0].actor2.name) == ("Ilham Aliyev", "Nikol Pashinyan")


def test_place_is_never_a_person(extract):
    evs = extract("Michael Howard has launched an attack on the government in London.")
    assert all(e.location is None or e.location.entry.name != "Howard" for e in evs)
    evs = extract("Troops of the Czech Republic attacked the rebels in Prague on Monday.")
    assert evs and evs[0].location is not None and evs[0].location.entry.name == "Prague"


def test_metaphor_and_disaster_are_not_attacks(extract):
    assert not extract("Michael Howard has launched an attack on the cost of Britain's asylum system.")
    assert not extract("The earthquake killed at least 23,000 people in the region.")
    evs = extract("Taliban fighters attacked an army base in Afghanistan, killing 17 soldiers.")
    assert len(evs) == 1 and evs[0].event_type.quad_class == 4 and evs[0].killed == 17
    assert evs[0].actor1.name == "Taliban" and evs[0].location.entry.name == "Afghanistan"


def _main(events, event_type):
    return next(e for e in events if e.event_type.event_type == event_type)


def test_target_of_a_partitive_head_and_capital_us(extract):
    ev = _main(extract("Turkey freed hundreds of Kurdish prisoners on Monday."), "yield")
    assert ev.actor2 is not None and "prisoner" in ev.actor2.name.lower() or ev.actor2.kind == "group"
    ev = _main(extract("Germany and France called on US to end the tariffs."), "appeal")
    assert (ev.actor1.name, ev.actor2.name) == ("Germany", "United States")  # not France, not the pronoun 'us'


def test_subject_conjunct_is_a_target_only_for_symmetric_types(extract):
    appeal = _main(extract("Iran and Syria urged Israel to leave the occupied territories."), "appeal")
    assert appeal.actor2 is not None and appeal.actor2.name == "Israel"
    talks = _main(extract("Ilham Aliyev and Vladimir Putin met in Sochi on November 26."), "consult")
    assert {talks.actor1.name, talks.actor2.name} == {"Ilham Aliyev", "Vladimir Putin"}


def test_of_phrase_of_an_event_noun_by_its_role(extract):
    ev = _main(
        extract("A Kenyan court approved the extradition of Ahmed Salim to Somalia on Tuesday."), "material_cooperation"
    )
    assert ev.actor2 is not None and ev.actor2.name == "Ahmed Salim"
    evs = extract("A day before the withdrawal of Armenian troops from Kalbajar, the villagers burned their houses.")
    assert _main(evs, "withdrawal").actor1.name == "Armenia (military)"


def test_target_named_in_the_objects_participle_clause(extract):
    ev = _main(extract("The European Union lifted the sanctions imposed on Belarus last year."), "yield")
    assert ev.event_type.cameo_code == "085"  # 'lift sanctions' (the text's word form), not 'lift sanction' 0351
    assert ev.actor2 is not None and ev.actor2.name == "Belarus"


def test_agent_noun_modifying_another_head_is_not_an_actor():
    from newsevents.extract.actors import lookup

    assert lookup("military aid") is None and lookup("an army base") is None
    assert lookup("Syrian government missiles").country_iso3 == "SYR"
    assert lookup("opposition members").actor_type == "opposition"


def test_rows_below_min_confidence_are_not_stored(monkeypatch):
    from newsevents.extract.rows import confident

    rows = [{"confidence": 0.9}, {"confidence": 0.04}, {"confidence": 0.05}, {"confidence": 0.01, "killed": 3}]
    assert [r["confidence"] for r in confident(rows, Settings().min_confidence)] == [0.9, 0.05, 0.01]
    monkeypatch.setenv("NEWSEVENTS_MIN_CONFIDENCE", "0")
    assert len(confident(rows, Settings.from_env().min_confidence)) == 4


def test_target_from_purpose_clause_of_cooperation(extract):
    ev = _main(extract("Japan has provided $20 million in emergency aid to help Nepal on Monday."), "provide_aid")
    assert ev.actor2 is not None and ev.actor2.name == "Nepal"


def test_target_of_verbal_conflict_is_what_it_is_about(extract):
    evs = extract("The European Union complained that Belarus had forced the plane to land.")
    protest = next(e for e in evs if e.event_type.cameo_root == "11")
    assert protest.actor1.name == "European Union" and protest.actor2 is not None and protest.actor2.name == "Belarus"


def test_joint_subject_of_cooperation_is_both_parties(extract):
    ev = extract("Chile and Peru have agreed to start negotiations on a fishing treaty.")[0]
    assert (ev.actor1.name, ev.actor2.name) == ("Chile", "Peru")
    attack = _main(extract("Russia and Syria bombed the town of Idlib on Sunday."), "military_operation")
    assert attack.actor2 is None or attack.actor2.name != "Syria"  # allies attacking together, not each other


def test_threat_targets_what_it_would_do_and_own_things_are_no_party(extract):
    ev = _main(extract("Turkey threatened to close its airspace to Israel on Monday."), "threaten")
    assert ev.actor1.name == "Turkey" and ev.actor2 is not None and ev.actor2.name == "Israel"
    ev = extract("Kenya welcomed the visit by the Ugandan president to her country.")[0]
    assert ev.actor2 is None or ev.actor2.name != "country"


def test_group_names_lose_their_counts(extract):
    ev = _main(extract("Egypt released another 30 political prisoners on Sunday."), "yield")
    assert ev.actor2 is not None and not ev.actor2.name[0].isdigit() and "another" not in ev.actor2.name


def test_place_of_an_attack_from_its_object_and_conjoined_verbs(extract):
    ev = _main(extract("Government forces shelled the town of Tartar on Sunday."), "military_operation")
    assert ev.location is not None and ev.location.entry.name == "Tartar"
    ev = extract("Two protesters were beaten and killed in a police station in Ganja.")[0]
    assert ev.location is not None and ev.location.entry.name == "Ganja"
    ev = extract("Russian troops were deployed along the Lachin corridor on Friday.")[0]
    assert ev.location is not None and ev.location.entry.name.startswith("Lachin")


def test_pronoun_subject_of_a_governed_clause_is_the_governing_subject(extract):
    ev = _main(
        extract("The Kenyan government has made it clear it will not lift the ban on the Mungiki sect."), "reject"
    )
    assert ev.actor1 is not None and ev.actor1.country_iso3 == "KEN"


def test_parenthesised_acronym_is_not_the_actor(extract):
    ev = extract("The Foreign Office (FO) on Monday condemned the attack on the convoy.")[0]
    assert ev.actor1 is not None and ev.actor1.name == "Foreign Office"


def test_sponsor_or_own_country_modifying_the_object_is_no_target(extract):
    ev = _main(extract("Hezbollah fighters violated a UN-brokered truce on Sunday."), "military_operation")
    assert ev.actor2 is None or ev.actor2.name != "United Nations"
    ev = extract("Emmanuel Macron lifted the French embargo on arms sales to Libya.")[0]
    assert ev.actor2 is None or ev.actor2.country_iso3 != "FRA"
    ev = extract("Sergei Lavrov defended Russia's recent efforts in Syria on Monday.")[0]
    assert ev.actor2 is not None and ev.actor2.name == "Russia"


def test_lifting_a_sanction_is_easing_it(extract):
    ev = extract("Washington lifted its arms embargo on Cyprus on Friday.")[0]
    assert ev.event_type.cameo_code == "085"


def test_place_of_an_attack_is_where_its_target_is(extract):
    ev = _main(extract("Azerbaijani forces launched an assault on the old town of Shusha."), "military_operation")
    assert ev.location is not None and ev.location.entry.name == "Shusha"
    ev = _main(extract("Armenian forces shelled soldiers hiding in Tartar's old town."), "military_operation")
    assert ev.location is not None and ev.location.entry.name == "Tartar"


def test_own_forces_are_no_target_and_the_recipient_is(extract):
    ev = _main(extract("Kenya mobilized the army on Tuesday."), "mobilize_forces")
    assert ev.actor2 is None
    ev = extract("Turkey is sending troops to the African Union mission in Somalia.")[0]
    assert ev.actor2 is not None and ev.actor2.name != "troops" and "Turkey" not in ev.actor2.name


def test_allies_and_donors_are_actors(extract):
    ev = extract("Ghana and its regional allies agreed to hold a joint exercise.")[0]
    assert ev.actor2 is not None and "allies" in ev.actor2.name


def test_actor_phrase_stops_before_the_relative_clause(extract):
    ev = extract("Vietnam expressed condolences to the families of the migrants found in a lorry near London.")[0]
    assert ev.actor2 is None or ev.actor2.country_iso3 != "GBR"


def test_sentence_initial_acronym_misread_by_the_tagger_is_the_subject(extract):
    ev = extract("USAID provided tents and blankets to 20,000 families.")[0]
    assert ev.actor1 is not None and "Development" in ev.actor1.name


def test_counterparts_are_parties_and_person_nouns_are_actors(extract):
    ev = extract("The Iranian president called his Lebanese counterpart, Michel Aoun, on Tuesday.")[0]
    assert ev.actor2 is not None and ev.actor2.name == "Michel Aoun"
    ev = _main(extract("Police in Nairobi detained several suspects on Monday."), "arrest")
    assert ev.actor2 is not None and ev.actor2.name == "suspects"


def test_violence_against_a_concrete_target_is_no_metaphor(extract):
    ev = extract("Iranian police tortured an inmate to death in western Iran.")
    assert types(ev) == ["assault"] and ev[0].actor1.country_iso3 == "IRN"
    metaphor = extract("The minister launched an attack on the price of the new railway tickets.")
    assert all(e.event_type.quad_class != 4 for e in metaphor)
    strike = extract("Dock workers in Antwerp began a general strike on Monday.")[0]
    assert strike.event_type.cameo_code == "143"


def test_in_case_clause_is_hypothetical(extract):
    evs = extract("The villagers fled to the hills in case the army attacked.")
    assert all(e.event_type.cameo_root != "19" for e in evs)


def test_a_town_is_where_not_who(extract):
    ev = extract("Russia sent a team of experts to Tartar.")[0]
    assert ev.actor2 is None


def test_a_place_the_tagger_reads_as_a_person_is_no_actor(extract):
    evs = extract("Aliyev stressed that Armenian troops are sent to Karabakh via the Lachin corridor.")
    assert all(a is None or a.name != "Lachin" for e in evs for a in (e.actor1, e.actor2))


def test_the_thing_an_attack_hit_is_its_target_when_no_party_is_named(extract):
    ev = _main(extract("Taliban fighters stormed a checkpoint near Kandahar on Monday."), "military_operation")
    assert ev.actor2 is not None and ev.actor2.kind == "object" and "checkpoint" in ev.actor2.name
    ev = extract("Syrian jets bombed the rebel-held enclave of Eastern Ghouta on Monday.")[0]
    assert ev.actor2 is None or ev.actor2.kind != "object"  # a place, not a thing hit
