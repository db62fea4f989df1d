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


# --- issue 22, item 5: a cache file someone else could have written is never loaded ---------------------------


class Plant:
    """A pickle that, when loaded, creates a file: the proof that loading it ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _plant(cache: Path, marker: Path, kind: str = "thing", params: tuple = ()) -> Path:
    import pickle

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"{kind}-{cache_key(kind, params, None)}.pickle"
    path.write_bytes(pickle.dumps(Plant(marker)))
    return path


def test_planted_file_in_a_shared_folder_is_never_loaded(cache: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    planted = _plant(cache, marker)
    cache.chmod(0o1777)  # like /tmp: anyone can create files in it
    build = Counter()
    assert cached("thing", (), None, build) == {"value": 1}
    assert cached("thing", (), None, build) == {"value": 2}  # the folder is not used at all
    assert not marker.exists() and build.builds == 2
    assert sorted(cache.iterdir()) == [planted]  # nothing written into a folder others can write


def test_file_of_another_user_is_never_loaded(cache: Path, tmp_path: Path) -> None:
    import os

    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    marker = tmp_path / "ran"
    planted = _plant(cache, marker)
    os.chown(planted, 65534, 65534)
    build = Counter()
    assert cached("thing", (), None, build) == {"value": 1}
    assert not marker.exists()
    assert cached("thing", (), None, build) == {"value": 1}  # replaced by the user's own file, then loaded
    assert planted.stat().st_uid == os.geteuid() and build.builds == 1


def test_file_others_can_write_or_a_link_is_never_loaded(cache: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    planted = _plant(cache, marker)
    planted.chmod(0o666)
    build = Counter()
    assert cached("thing", (), None, build) == {"value": 1} and not marker.exists()
    elsewhere = tmp_path / "elsewhere.pickle"
    _plant(tmp_path / "other", marker).rename(elsewhere)
    planted.unlink()
    planted.symlink_to(elsewhere)
    assert cached("thing", (), None, build) == {"value": 2} and not marker.exists()


def test_only_the_cached_classes_are_unpickled(cache: Path, tmp_path: Path) -> None:
    """Even the user's own file (an old version, a copy from elsewhere) cannot name os.system or Path.touch."""
    marker = tmp_path / "ran"
    planted = _plant(cache, marker)
    planted.chmod(0o600)
    build = Counter()
    assert cached("thing", (), None, build) == {"value": 1}
    assert not marker.exists()


def test_cached_vega_script_is_not_taken_from_a_shared_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.metadata import version

    from newsevents.dashboard import assets

    monkeypatch.delenv("NEWSEVENTS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    shared = tmp_path / "newsevents"
    shared.mkdir()
    name = f"vega-bundle-vlconvert{version('vl-convert-python')}-vl{assets.vega_lite_version()}.js"
    (shared / name).write_text("window.__planted = 1;", encoding="utf-8")
    shared.chmod(0o777)
    assets.vega_bundle.cache_clear()
    try:
        bundle = assets.vega_bundle()
    finally:
        assets.vega_bundle.cache_clear()
    assert "__planted" not in bundle and "vegaEmbed" in bundle


# --- issue 22, item 11: the cache key reads only the data files the pipeline reads, a chunk at a time ---------


def test_cache_key_ignores_unrelated_files_and_hashes_in_chunks(tmp_path: Path) -> None:
    import tracemalloc

    data = tmp_path / "data"
    data.mkdir()
    (data / "places.csv").write_text("name,type,country_iso3,latitude,longitude\n", encoding="utf-8")
    before = cache_key("thing", (), str(data))
    with open(data / "dump.bin", "wb") as fh:  # an unrelated 200 MB file (sparse: costs no disk)
        fh.truncate(200 << 20)
    assert cache_key("thing", (), str(data)) == before
    with open(data / "places.csv", "ab") as fh:  # a data file the gazetteer reads, grown to 200 MB
        fh.truncate(200 << 20)
    tracemalloc.start()
    try:
        changed = cache_key("thing", (), str(data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert changed != before
    assert peak < 16 << 20, f"{peak / 2**20:.0f} MB held while hashing"
