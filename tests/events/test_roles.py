"""Who did it to whom? (roles.py: subject and object, then the target fallbacks in TARGET_FALLBACKS order)"""

from .conftest import main


def test_roles_from_syntax(extract):
    evs = extract("Armenia was attacked by Azerbaijan on November 3.")
    assert evs[0].actor1.name == "Azerbaijan" and evs[0].actor2.name == "Armenia"  # the by-agent acts
    evs = extract("Ilham Aliyev accused Nikol Pashinyan of sabotage.")
    assert (evs[0].actor1.name, evs[0].actor2.name) == ("Ilham Aliyev", "Nikol Pashinyan")


def test_violent_event_victims(extract):
    evs = extract("Ninety-four Azerbaijani civilians were killed in Armenia's armed attacks.")
    assert len(evs) == 1
    assert evs[0].actor1.name == "Armenia" and evs[0].actor2.name == "Azerbaijan (civil)"


def test_subject_conjunct_is_a_target_only_for_symmetric_types(extract):
    appeal = main(extract("Iran and Syria urged Israel to leave the occupied territories."), "appeal")
    assert appeal.actor2 is not None and appeal.actor2.name == "Israel"
    talks = main(extract("Ilham Aliyev and Vladimir Putin met in Sochi on November 26."), "consult")
    assert {talks.actor1.name, talks.actor2.name} == {"Ilham Aliyev", "Vladimir Putin"}


def test_joint_subject_of_cooperation_is_both_parties(extract):
    ev = extract("Chile and Peru have agreed to start negotiations on a fishing treaty.")[0]
    assert (ev.actor1.name, ev.actor2.name) == ("Chile", "Peru")
    attack = main(extract("Russia and Syria bombed the town of Idlib on Sunday."), "military_operation")
    assert attack.actor2 is None or attack.actor2.name != "Syria"  # allies attacking together, not each other


def test_of_phrase_of_an_event_noun_by_its_role(extract):
    evs = extract("A Kenyan court approved the extradition of Ahmed Salim to Somalia on Tuesday.")
    ev = main(evs, "material_cooperation")
    assert ev.actor2 is not None and ev.actor2.name == "Ahmed Salim"
    evs = extract("A day before the withdrawal of Armenian troops from Kalbajar, the villagers burned their houses.")
    assert main(evs, "withdrawal").actor1.name == "Armenia (military)"


def test_target_named_in_the_objects_participle_clause(extract):
    ev = main(extract("The European Union lifted the sanctions imposed on Belarus last year."), "yield")
    assert ev.actor2 is not None and ev.actor2.name == "Belarus"


def test_target_from_purpose_clause_of_cooperation(extract):
    ev = main(extract("Japan has provided $20 million in emergency aid to help Nepal on Monday."), "provide_aid")
    assert ev.actor2 is not None and ev.actor2.name == "Nepal"


def test_target_of_verbal_conflict_is_what_it_is_about(extract):
    evs = extract("The European Union complained that Belarus had forced the plane to land.")
    protest = next(e for e in evs if e.event_type.cameo_root == "11")
    assert protest.actor1.name == "European Union" and protest.actor2 is not None and protest.actor2.name == "Belarus"


def test_threat_targets_what_it_would_do_and_own_things_are_no_party(extract):
    ev = main(extract("Turkey threatened to close its airspace to Israel on Monday."), "threaten")
    assert ev.actor1.name == "Turkey" and ev.actor2 is not None and ev.actor2.name == "Israel"
    ev = extract("Kenya welcomed the visit by the Ugandan president to her country.")[0]
    assert ev.actor2 is None or ev.actor2.name != "country"


def test_sponsor_or_own_country_modifying_the_object_is_no_target(extract):
    ev = main(extract("Hezbollah fighters violated a UN-brokered truce on Sunday."), "military_operation")
    assert ev.actor2 is None or ev.actor2.name != "United Nations"
    ev = extract("Emmanuel Macron lifted the French embargo on arms sales to Libya.")[0]
    assert ev.actor2 is None or ev.actor2.country_iso3 != "FRA"
    ev = extract("Sergei Lavrov defended Russia's recent efforts in Syria on Monday.")[0]
    assert ev.actor2 is not None and ev.actor2.name == "Russia"


def test_own_forces_are_no_target_and_the_recipient_is(extract):
    ev = main(extract("Kenya mobilized the army on Tuesday."), "mobilize_forces")
    assert ev.actor2 is None
    ev = extract("Turkey is sending troops to the African Union mission in Somalia.")[0]
    assert ev.actor2 is not None and ev.actor2.name != "troops" and "Turkey" not in ev.actor2.name


def test_the_thing_an_attack_hit_is_its_target_when_no_party_is_named(extract):
    ev = main(extract("Taliban fighters stormed a checkpoint near Kandahar on Monday."), "military_operation")
    assert ev.actor2 is not None and ev.actor2.kind == "object" and "checkpoint" in ev.actor2.name
    ev = extract("Syrian jets bombed the rebel-held enclave of Eastern Ghouta on Monday.")[0]
    assert ev.actor2 is None or ev.actor2.kind != "object"  # a place, not a thing hit


def test_violence_against_an_abstract_target_is_a_metaphor(extract):
    assert not extract("Michael Howard has launched an attack on the cost of Britain's asylum system.")
    metaphor = extract("The minister launched an attack on the price of the new railway tickets.")
    assert all(e.event_type.quad_class != 4 for e in metaphor)
    # an actor word beside the abstract noun ('party') changes nothing
    assert not extract("Senator Jo Park was happy to break the two party consensus on pensions.")
    ev = extract("Iranian police tortured an inmate to death in western Iran.")  # concrete: no metaphor
    assert [e.event_type.event_type for e in ev] == ["assault"] and ev[0].actor1.country_iso3 == "IRN"


def test_plain_statement_is_about_a_named_person_or_another_country(extract):
    ev = main(extract("Senator Maria Lopez said Governor Tom Baxter had misled the voters."), "make_statement")
    assert ev.actor2 is not None and ev.actor2.name.endswith("Baxter")
    ev = main(extract("German Chancellor Olaf Scholz said Germany is working on a new budget."), "make_statement")
    assert ev.actor2 is None  # the speaker's own country: about nobody else
    ev = main(extract("Japan's foreign minister said China's navy had entered its waters."), "make_statement")
    assert ev.actor2 is not None and ev.actor2.country_iso3 == "CHN"


def test_statement_is_about_a_name_further_in_what_was_said(extract):
    ev = main(
        extract("Senator Maria Lopez said voters had lost all confidence in Governor Tom Baxter."), "make_statement"
    )
    assert ev.actor2 is not None and ev.actor2.name.endswith("Baxter")
    ev = main(
        extract("Peru's foreign minister said the talks had stalled because of Chile's demands."), "make_statement"
    )
    assert ev.actor2 is not None and ev.actor2.country_iso3 == "CHL"


def test_nationality_adjective_names_whose_act_it_is(extract):
    ev = main(extract("Peru's defence minister condemned Chilean air strikes near the border."), "disapprove")
    assert ev.actor2 is not None and ev.actor2.country_iso3 == "CHL"
    ev = main(extract("Peru's foreign minister said the Chilean shelling had hit a school."), "make_statement")
    assert ev.actor2 is not None and ev.actor2.country_iso3 == "CHL"
    ev = main(
        extract("Peru's foreign minister said the new police chief was like an American sheriff."), "make_statement"
    )
    assert ev.actor2 is None  # a kind of sheriff, not an act of the United States


def test_news_outlet_is_not_whom_a_statement_is_made_to(extract):
    ev = main(extract("Interior Minister Jan Kowal told Reuters the border would stay open."), "make_statement")
    assert ev.actor1 is not None and ev.actor2 is None
    ev = main(extract("Interior Minister Jan Kowal told parliament the border would stay open."), "make_statement")
    assert ev.actor2 is not None


def test_an_outlet_by_its_head_noun_or_its_title_is_not_whom_a_statement_is_made_to(extract):
    ev = main(
        extract("Defence Minister Jan Kowal told Poland's TVN news channel that the army was ready."), "make_statement"
    )
    assert ev.actor2 is None
    ev = main(
        extract("Energy Minister Tom Alweendo told The Namibian last month that the talks went well."), "make_statement"
    )
    assert ev.actor2 is None  # a newspaper's name, not the country Namibia


def test_a_participle_of_saying_speaks_for_the_governing_subject(extract):
    evs = extract(
        "The opposition leader condemned Prime Minister Ahmed Karimov's budget, saying it would hurt farmers."
    )
    assert main(evs, "disapprove").actor1.name == "opposition leader"
    assert not any(e.actor1 is not None and "Karimov" in e.actor1.name for e in evs)  # the criticised is no speaker


def test_an_affiliation_between_subject_and_verb_is_not_the_target(extract):
    ev = main(extract("Anna Berg, for the Greens, criticised the coal subsidy on Monday."), "disapprove")
    assert ev.actor1.name == "Anna Berg" and ev.actor2 is None


def test_an_act_against_someones_claim_or_plan_targets_its_owner(extract):
    ev = main(extract("Senator Jo Park hit back at the Treasury's claim that taxes would fall."), "reject")
    assert ev.actor2 is not None and ev.actor2.name == "Treasury"
    ev = main(extract("The opposition leader hit back at the Kenyan government's claim that prices fell."), "reject")
    assert ev.actor2 is not None and ev.actor2.country_iso3 == "KEN"
    ev = main(extract("Senator Jo Park hit back at the claim that taxes would fall."), "reject")
    assert ev.actor2 is None
    # the source of figures is no target: firms hiring stay out of scope
    assert not extract("According to Labor Department figures, Canadian firms added 46,000 jobs in March.")


def test_whom_a_critic_gives_a_name_is_the_target(extract):
    evs = extract('Senator Jo Park attacked the budget and its debts, dubbing Mr Lopez "Sir Spendalot".')
    ev = main(evs, "disapprove")
    assert ev.actor2 is not None and ev.actor2.name.endswith("Lopez")


def test_a_name_on_an_actor_noun_deep_in_what_was_said_is_its_topic(extract):
    text = "Kim Jong Un said the obligation was created by the new measures of the US government to hurt his country."
    ev = main(extract(text), "make_statement")
    assert ev.actor2 is not None and ev.actor2.country_iso3 == "USA"


def test_a_gerund_after_by_or_after_has_the_governing_verbs_doer(extract):
    ev = main(extract("Peru recalled its ambassador after accusing Chile of spying."), "accuse")
    assert ev.actor1 is not None and ev.actor1.name == "Peru"


def test_a_second_clause_subject_the_parser_joined_to_an_object_acts_itself(extract):
    text = "The airline faces pressure from rivals such as Jetstar and the Peruvian government is in talks with Chile."
    ev = main(extract(text), "consult")
    assert ev.actor1 is not None and ev.actor1.country_iso3 == "PER"
