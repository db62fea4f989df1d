"""How many were killed, injured or deployed? (counts.py)"""


def test_victims_counted_by_syntax(extract):
    evs = extract("Ninety-four Azerbaijani civilians were killed in Armenia's armed attacks.")
    assert len(evs) == 1 and evs[0].killed == 94 and evs[0].event_type.quad_class == 4


def test_conjoined_victims_add_up(extract):
    ev = extract("Militants killed two soldiers and three civilians in Kandahar on Monday.")[0]
    assert ev.killed == 5


def test_a_total_over_a_period_is_an_aggregate(extract):
    ev = extract("Rebels have killed 300 soldiers over the past three years, the army said.")[0]
    assert ev.is_aggregate and ev.status == "ongoing" and ev.resolved is None


def test_shot_dead_counts_the_dead(extract):
    assert extract("A gunman shot dead two shopkeepers in the market on Sunday.")[0].killed == 2
    assert extract("Gunmen gunned down three policemen near the border.")[0].killed == 3
