from datetime import date, datetime

import pytest

from newsevents.parse.dates import find_dates, parse_dateline, resolve


def one(text, anchor=None):
    found = find_dates(text)
    assert len(found) == 1, [d.text for d in found]
    return found[0], resolve(found[0], anchor)


@pytest.mark.parametrize(
    "text,anchor,expected",
    [
        ("on November 24", date(2020, 11, 24), date(2020, 11, 24)),
        ("signed on November 10.", date(2021, 9, 6), date(2020, 11, 10)),  # latest such day, not in the future
        ("will vacate Lachin on December 1", date(2020, 11, 24), date(2020, 12, 1)),  # up to a month ahead
        ("on 25 November", date(2020, 11, 24), date(2020, 11, 25)),
        ("on January 3", date(2020, 12, 20), date(2021, 1, 3)),  # across the new year
    ],
)
def test_day_without_year(text, anchor, expected):
    mention, resolved = one(text, anchor)
    assert resolved.value == expected and resolved.precision == "day"


def test_weekday_is_last_on_or_before_publication():
    _, resolved = one("Officials met on Tuesday", date(2023, 12, 30))  # a Saturday
    assert resolved.value == date(2023, 12, 26) and resolved.precision == "day"


def test_month_and_modifier():
    mention, resolved = one("In late February, the president said", date(2022, 3, 22))
    assert resolved.value == date(2022, 2, 1) and resolved.precision == "month"
    assert mention.modifier == "late"


def test_range_with_and_without_year():
    _, r = one("between September 27 - November 10", date(2020, 11, 24))
    assert (r.value, r.end) == (date(2020, 9, 27), date(2020, 11, 10))
    _, r = one("the Declaration of November 9-10, 2020")
    assert (r.value, r.end) == (date(2020, 11, 9), date(2020, 11, 10))


def test_explicit_and_year_only():
    _, r = one("on 10 November 2020")
    assert r.value == date(2020, 11, 10)
    _, r = one("the deal signed in 2020")
    assert r.precision == "year" and r.value == date(2020, 1, 1)


def test_no_false_dates():
    assert find_dates("we may go now, as the 44-day war showed; it may rain") == []
    assert find_dates("10,000 square kilometers") == []


def test_no_anchor_no_guess():
    mention = find_dates("on November 24")[0]
    assert resolve(mention, None) is None


def test_datelines():
    d = parse_dateline("30 December 2023 12:59 (UTC+04:00)")
    assert (d.value, d.tz_offset_minutes, d.has_time) == (datetime(2023, 12, 30, 12, 59), 240, True)
    d = parse_dateline("24 November 2020 [22:45] - TODAY.AZ")
    assert d.value == datetime(2020, 11, 24, 22, 45) and d.tz_offset_minutes is None
    d = parse_dateline(" date 2021-09-06 By Azernews")
    assert d.value == datetime(2021, 9, 6) and not d.has_time
    assert parse_dateline("no date here") is None
