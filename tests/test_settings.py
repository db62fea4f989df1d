"""Settings (issue 12): every field from the environment by one rule, checked at start, and the README's table
generated from the fields (so it stays true)."""

from __future__ import annotations

import re
from dataclasses import fields

import pytest
from conftest import REPO

from newsevents.settings import Settings, SettingsError, env_name, settings_table


def test_readme_table_is_the_generated_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- settings:start -->\n(.*?)\n<!-- settings:end -->", readme, re.S)
    assert found, "README.md lost its settings table markers"
    assert found.group(1).strip() == settings_table(), "regenerate it: .venv/bin/python -m newsevents.settings"


def test_every_field_is_read_from_the_environment_by_one_rule():
    default = Settings()
    samples = {int: "7", float: "0.25", bool: "1", str: "/tmp", tuple: "en,fr"}
    for f in fields(Settings):
        value = getattr(default, f.name)
        raw = samples[type(value)] if value is not None else "/tmp"
        if isinstance(value, bool):
            raw = "0" if value else "1"
        if f.name == "spacy_model":
            raw = "my_spacy_model"
        if f.name in ("duckdb_memory_limit", "query_memory_limit"):
            raw = "512MB"
        if f.name == "focus_countries":
            raw = "AZ,GE"
        got = getattr(Settings.from_env({env_name(f.name): raw}), f.name)
        assert got != value, f"{env_name(f.name)} is not read"


@pytest.mark.parametrize(
    "variable, raw, words",
    [
        ("NEWSEVENTS_MAX_REJECT_SHARE", "1.5", "from 0 to 1"),
        ("NEWSEVENTS_NEAR_DUPLICATE_THRESHOLD", "0", "above 0"),
        ("NEWSEVENTS_VERIFY_UNCHANGED", "maybe", "yes or no"),
        ("NEWSEVENTS_DUCKDB_MEMORY_LIMIT", "lots", "256MB"),
        ("NEWSEVENTS_EVENT_LANGUAGES", "english", "two-letter"),
        ("NEWSEVENTS_QUERY_TIMEOUT_SECONDS", "inf", "number above 0"),
        ("NEWSEVENTS_QUERY_MEMORY_LIMIT", "all of it", "512MB"),
    ],
)
def test_bad_values_name_the_variable_and_the_range(variable, raw, words):
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({variable: raw})
    assert variable in str(caught.value) and words in str(caught.value)


def test_options_win_over_the_environment():
    assert Settings.from_env({"NEWSEVENTS_SOURCE": "a"}, source="b").source == "b"


def test_settings_travel_as_flow_parameters_without_the_environment(monkeypatch):
    """The Prefect flow gets every field of the run's Settings, not a rebuild from the environment."""
    from flows.pipeline import flow_parameters

    settings = Settings(min_confidence=0.3, event_languages=("en", "de"), batch_size=7)
    params = flow_parameters(settings)
    monkeypatch.setenv("NEWSEVENTS_MIN_CONFIDENCE", "0.9")  # what the flow's process would see: ignored
    rebuilt = Settings.from_parameters({**params["settings"], **{k: v for k, v in params.items() if k != "settings"}})
    assert rebuilt == settings
    with pytest.raises(SettingsError, match="unknown setting"):
        Settings.from_parameters({"no_such_field": 1})
