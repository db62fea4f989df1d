"""The build cache of the gazetteer and the actor dictionary: built once, loaded after, rebuilt when what it is
built from changes, never a half-written file."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.extract import buildcache
from newsevents.extract.buildcache import cache_key, cached


class Counter:
    def __init__(self) -> None:
        self.builds = 0

    def __call__(self) -> dict:
        self.builds += 1
        return {"value": self.builds}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", str(directory))
    return directory


def test_built_once_then_loaded(cache: Path) -> None:
    build = Counter()
    assert cached("thing", (1,), None, build) == {"value": 1}
    assert cached("thing", (1,), None, build) == {"value": 1}
    assert build.builds == 1
    assert [p.suffix for p in cache.iterdir()] == [".pickle"]  # no temporary file left behind
    assert cached("thing", (2,), None, build) == {"value": 2}  # other parameters: another object


def test_rebuilt_when_a_user_data_file_changes(cache: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "actors.csv").write_text("name,type,country_iso3\nJane Roe,person,GBR\n", encoding="utf-8")
    build = Counter()
    before = cache_key("thing", (), str(data))
    cached("thing", (), str(data), build)
    (data / "actors.csv").write_text("name,type,country_iso3\nJohn Roe,person,GBR\n", encoding="utf-8")
    assert cache_key("thing", (), str(data)) != before
    assert cached("thing", (), str(data), build) == {"value": 2}
    assert build.builds == 2


def test_damaged_file_is_rebuilt_and_off_means_no_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build = Counter()
    cached("thing", (), None, build)
    (path,) = cache.glob("thing-*.pickle")
    path.write_bytes(b"not a pickle")
    assert cached("thing", (), None, build) == {"value": 2}
    assert cached("thing", (), None, build) == {"value": 2}  # the replaced file is read
    monkeypatch.setenv("NEWSEVENTS_CACHE_DIR", "off")
    assert buildcache.cache_dir() is None
    assert cached("thing", (), None, build) == {"value": 3}
    assert cached("thing", (), None, build) == {"value": 4}


def test_cached_actor_dictionary_answers_like_a_built_one(cache: Path) -> None:
    from newsevents.extract.actors import ActorDictionary, load_actors

    first = load_actors(None)  # built and stored
    loaded = load_actors(None)  # from the file
    assert loaded is not first and list(cache.glob("actors-*.pickle"))
    built = ActorDictionary.load(None)
    for text in ("Vladimir Putin", "the Azerbaijani army", "NATO", "Armenian Defence Ministry", "Nobody Known"):
        assert loaded.lookup(text, None, None) == built.lookup(text, None, None)
    assert loaded.rows.keys() == built.rows.keys() and loaded.aliases == built.aliases
