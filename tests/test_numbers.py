import pytest

from newsevents.extract.numbers import extract_counts, parse_number


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ninety-four Azerbaijani civilians were killed and hundreds of others injured.", (94, 100, None)),
        (
            "As a result of the mine explosion, seven Azerbaijani policemen and a civilian working at a construction site were killed.",
            (8, None, None),
        ),
        ("About 2,000 Russian peacekeepers have been deployed for five years in Karabakh.", (None, None, 2000)),
        ("Russian peacekeepers numbering about 2.000 were introduced into Karabakh.", (None, None, 2000)),
        ("The strike killed 12 soldiers and wounded at least 30 civilians.", (12, 30, None)),
        ("Between 10 and 15 people were killed, officials said; 15 people were killed, others said.", (15, None, None)),
        ("The ministers discussed the issue.", (None, None, None)),
    ],
)
def test_counts(text, expected):
    assert extract_counts(text) == expected


def test_conservative_figure_when_several():
    assert extract_counts("At least 20 people were killed. Later reports said 35 people were killed.")[0] == 20


@pytest.mark.parametrize(
    "word,value",
    [
        ("Ninety-four", 94),
        ("two thousand five hundred", 2500),
        ("2.000", 2000),
        ("2,000", 2000),
        ("dozens", 12),
        ("a", 1),
        ("banana", None),
    ],
)
def test_parse_number(word, value):
    assert parse_number(word) == value
