"""Where did it happen? (place.py)"""

from .conftest import main


def test_place_is_never_a_person(extract):
    evs = extract("Michael Howard has launched an attack on the government in London.")
    assert all(e.location is None or e.location.entry.name != "Howard" for e in evs)
    evs = extract("Troops of the Czech Republic attacked the rebels in Prague on Monday.")
    assert evs and evs[0].location is not None and evs[0].location.entry.name == "Prague"


def test_place_of_an_attack_from_its_object_and_conjoined_verbs(extract):
    ev = main(extract("Government forces shelled the town of Tartar on Sunday."), "military_operation")
    assert ev.location is not None and ev.location.entry.name == "Tartar"
    ev = extract("Two protesters were beaten and killed in a police station in Ganja.")[0]
    assert ev.location is not None and ev.location.entry.name == "Ganja"
    ev = extract("Russian troops were deployed along the Lachin corridor on Friday.")[0]
    assert ev.location is not None and ev.location.entry.name.startswith("Lachin")


def test_place_of_an_attack_is_where_its_target_is(extract):
    ev = main(extract("Azerbaijani forces launched an assault on the old town of Shusha."), "military_operation")
    assert ev.location is not None and ev.location.entry.name == "Shusha"
    ev = main(extract("Armenian forces shelled soldiers hiding in Tartar's old town."), "military_operation")
    assert ev.location is not None and ev.location.entry.name == "Tartar"
    evs = extract("Taliban fighters attacked an army base in Afghanistan, killing 17 soldiers.")
    assert evs[0].actor1.name == "Taliban" and evs[0].location.entry.name == "Afghanistan"
