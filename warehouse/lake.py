"""The Parquet lake: one folder per table and run (`<lake>/<table>/run_id=<run>/part-<batch>.parquet`).

One code path for every place the lake can be: fsspec's local filesystem serves plain paths, so a local folder,
`memory://lake` and `s3://bucket/lake` go through the same methods. Files are written atomically
(`newsevents.read.fs.write_atomic`): a reader never sees half a file.

A lake belongs to one warehouse: `<lake>/_newsevents_lake.json` names it (its id, path and host), and a run of
another warehouse is refused before it writes or moves anything (`check_owner`), since each warehouse cleans up
the runs it never committed. A local lake is also locked (`<lake>.lock`) for the run. The pipeline only ever
removes what it wrote: the run folders of its own warehouse's uncommitted runs (`drop_runs`) and, on a full
refresh, its own table folders (`reset`); a folder that does not have the lake's layout is refused, never
emptied."""

from __future__ import annotations

import errno
import fcntl
import io
import json
import os
import posixpath
import re
import shutil
import socket
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from newsevents.faults import fault_point
from newsevents.read import fs as fsx
from schemas.ddl import conform


class DiskFull(OSError):
    """A write failed because its disk is full; says where, in words."""


LOW_SPACE_BYTES = 32 * 1024 * 1024


def free_space(where: Path | str) -> int | None:
    """Bytes free on the local disk that holds `where` (or its nearest existing parent); None when unknown."""
    if fsx.is_url(str(where)):
        return None
    folder = Path(where)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def low_on_space(where: Path | str) -> bool:
    free = free_space(where)
    return free is not None and free < LOW_SPACE_BYTES


def disk_full(exc: BaseException, where: Path | str, what: str) -> DiskFull | None:
    """A DiskFull naming `where` when exc came from a full disk: ENOSPC, or any write error while the disk holding
    `where` has almost no space left (Polars and DuckDB report a full disk as a corrupt file or a failed rollback)."""
    if isinstance(exc, DiskFull):
        return exc
    if not isinstance(exc, Exception) or fsx.is_url(str(where)):
        return None
    full = getattr(exc, "errno", None) == errno.ENOSPC or "no space left" in str(exc).lower()
    free = free_space(where)
    if not full and (free is None or free >= LOW_SPACE_BYTES):
        return None
    left = f" ({free / 1e6:.1f} MB free)" if free is not None else ""
    return DiskFull(
        errno.ENOSPC,
        f"no space left on the disk of the {what} at {where}{left}: free some space there "
        f"and run again (nothing of this run was loaded; the warehouse is as before). "
        f"Original error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
    )


# The folders a lake holds (one per table the runs write), its marker, and what older versions left there.
LAKE_TABLES = ("articles", "events", "entities", "rejects", "input_files", "dq_results")
MARKER = "_newsevents_lake.json"
LEGACY_DIRS = ("_orphaned",)
PART_FILE = re.compile(r"part-\d+\.parquet|\.part-\d+\.parquet\.[0-9a-f]+\.tmp")


class NotOurs(ValueError):
    """A lake or warehouse path that holds something the pipeline did not write, or that another warehouse owns:
    refused before anything is written, moved or removed."""


class LakeBusy(RuntimeError):
    """Another run holds the lake's lock."""


class Lake:
    """The lake at `root` (a local path or an fsspec URL)."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.fs, self.root = fsx.fs_and_path(fsx.as_url(str(root)) or str(root))
        self.root = self.root.rstrip("/") or "/"
        self.is_local = fsx.is_local(self.fs)

    def __repr__(self) -> str:
        return f"Lake({self.url(self.root)!r})"

    def url(self, path: str) -> str:
        """What DuckDB and the user see: a plain path for a local lake, a URL otherwise."""
        return path if self.is_local else self.fs.unstrip_protocol(path)

    def run_dir(self, table: str, run_id: str) -> str:
        return posixpath.join(self.root, table, f"run_id={run_id}")

    def write(self, run_id: str, frames: dict[str, pl.DataFrame], part: int = 0) -> dict[str, str]:
        """One Parquet file per table and batch, conformed to the table's model."""
        written = {}
        for table, df in frames.items():
            path = posixpath.join(self.run_dir(table, run_id), f"part-{part}.parquet")
            try:
                written[table] = self.url(fsx.write_atomic(self.fs, path, _parquet_bytes(conform(df, table))))
            except Exception as exc:
                full = disk_full(exc, path if self.is_local else self.url(path), "lake")
                if full is not None:
                    raise full from exc
                raise
            fault_point(f"during_lake_write_{table}")
        return written

    def relink(self, parts: list[str], table: str, key: str, column: str, links: pl.DataFrame) -> None:
        """Set the link column (story_id, canonical_event_id) of a run's staged parts from links (key, column),
        known only once every batch is in: each part is read, joined and written back atomically."""
        for part in parts:
            _, path = fsx.fs_and_path(part)
            df = pl.read_parquet(self.fs.cat_file(path))
            df = df.drop(column).join(links, on=key, how="left").select(df.columns)
            try:
                fsx.write_atomic(self.fs, path, _parquet_bytes(conform(df, table)))
            except Exception as exc:
                full = disk_full(exc, path if self.is_local else self.url(path), "lake")
                if full is not None:
                    raise full from exc
                raise

    def drop_run_tables(self, run_id: str, tables: tuple[str, ...]) -> None:
        """Remove a run's staged folders of these tables (a run that failed its reject-share check)."""
        for table in tables:
            path = self.run_dir(table, run_id)
            if self.fs.exists(path):
                self.fs.rm(path, recursive=True)

    # --- ownership and clean-up: only what the pipeline wrote --------------------------------------------------

    def marker(self) -> dict | None:
        """The lake's marker (which warehouse owns it), or None when there is none."""
        path = posixpath.join(self.root, MARKER)
        try:
            return json.loads(self.fs.cat_file(path))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return {}  # unreadable: owned by no one we can name

    @contextmanager
    def lock(self):
        """An exclusive lock on a local lake for the whole run (`<lake>.lock` beside it, so a refused folder is left
        untouched). A remote lake has no lock: its marker ties it to the one warehouse whose lock the run holds."""
        if not self.is_local:
            yield
            return
        path = Path(self.root.rstrip("/") + ".lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path, "a+")  # noqa: SIM115 - held open (and locked) for the run
        try:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.seek(0)
                holder = fh.read().strip() or "another run"
                raise LakeBusy(f"lake {self.url(self.root)} is being written by {holder}") from None
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()} on {socket.gethostname()}")
            fh.flush()
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()

    def check_owner(self, warehouse_id: str | None, warehouse: Path, own_runs: set[str], rebuild: bool) -> None:
        """Raise NotOurs unless this warehouse may write (rebuild: may rebuild) this lake: a new or empty folder; a
        lake whose marker names this warehouse; a lake of the pipeline's layout without a marker (an older
        version's) whose runs are all this warehouse's. A lake of another warehouse is refused: each warehouse
        removes the runs it never committed, so two on one lake would remove each other's parts. Rebuild
        (--full-refresh) may take over a lake whose owner is gone (its file deleted or recreated at this path,
        on this host). Nothing is written or removed here."""
        where = self.url(self.root)
        if not self.fs.exists(self.root):
            return
        if not self.fs.isdir(self.root):
            raise NotOurs(f"lake {where} is a file, not a folder: give --lake a folder (nothing was changed)")
        entries = self.fs.ls(self.root, detail=True)
        if not entries:
            return
        marker = self.marker()
        if marker is not None:
            if warehouse_id is not None and marker.get("warehouse_id") == warehouse_id:
                return
            owner, host = marker.get("warehouse") or "an unknown warehouse", marker.get("host")
            here = host in (None, socket.gethostname())
            same_path = here and os.path.realpath(owner) == os.path.realpath(warehouse)
            gone = here and (same_path or not Path(owner).exists())
            if rebuild and gone:
                return
            if same_path:
                why = "an earlier warehouse at this path (deleted or replaced since)"
            else:
                why = f"the warehouse {owner}" + (f" on {host}" if host and not here else "")
            raise NotOurs(
                f"lake {where} belongs to {why}; two warehouses on one lake would move or delete each other's "
                "files, so nothing was changed. Give this warehouse a lake of its own (--lake or NEWSEVENTS_LAKE)"
                + ("; or run with --full-refresh to rebuild this lake for this warehouse" if gone else "")
            )
        foreign = self._foreign_entry(entries)
        if foreign:
            raise NotOurs(
                f"lake {where} is not a newsevents lake: it holds {foreign} (a lake holds only the folders "
                f"{', '.join(LAKE_TABLES)}). Give --lake a new or empty folder; nothing was changed"
            )
        strangers = sorted(self.run_ids() - own_runs)
        if strangers and not rebuild:
            raise NotOurs(
                f"lake {where} holds runs this warehouse did not write (run_id={strangers[0]}"
                + (f" and {len(strangers) - 1} more" if len(strangers) > 1 else "")
                + "): it belongs to another warehouse, or to one deleted since. Give this warehouse a lake of "
                "its own (--lake or NEWSEVENTS_LAKE), or run with --full-refresh to rebuild this lake for it; "
                "nothing was changed"
            )

    def claim(self, warehouse_id: str, warehouse: Path) -> None:
        """Write the marker that ties this lake to the warehouse (after check_owner allowed it)."""
        marker = self.marker()
        if marker and marker.get("warehouse_id") == warehouse_id:
            return
        body = {
            "layout": "newsevents lake, version 1: <table>/run_id=<run>/part-<batch>.parquet",
            "warehouse_id": warehouse_id,
            "warehouse": os.path.realpath(warehouse),
            "host": socket.gethostname(),
        }
        fsx.write_atomic(self.fs, posixpath.join(self.root, MARKER), json.dumps(body, indent=2).encode())

    def _foreign_entry(self, entries: list[dict]) -> str | None:
        """The first entry of a lake without a marker that the pipeline would not have written, or None."""
        for entry in entries:
            name = posixpath.basename(entry["name"].rstrip("/"))
            is_dir = entry["type"] == "directory"
            if (name == MARKER and not is_dir) or (name in LEGACY_DIRS and is_dir):
                continue
            if name not in LAKE_TABLES or not is_dir:
                return f"'{name}'"
            table_dir = entry["name"].rstrip("/")
            for path, info in sorted(self.fs.find(table_dir, withdirs=True, detail=True).items()):
                if path.rstrip("/") == table_dir:
                    continue
                rel = path[len(table_dir) + 1 :].split("/")
                if not rel[0].startswith("run_id=") or len(rel) > 2:
                    return f"'{name}/{'/'.join(rel)}'"
                if len(rel) == 1 and info["type"] != "directory":
                    return f"'{name}/{rel[0]}'"
                if len(rel) == 2 and not PART_FILE.fullmatch(rel[1]):
                    return f"'{name}/{'/'.join(rel)}'"
        return None

    def run_ids(self) -> set[str]:
        """The runs that have a folder in some table of the lake."""
        found: set[str] = set()
        for table in LAKE_TABLES:
            for path in self._run_dirs(table):
                found.add(posixpath.basename(path).split("=", 1)[1])
        return found

    def _run_dirs(self, table: str) -> list[str]:
        table_dir = posixpath.join(self.root, table)
        try:
            entries = self.fs.ls(table_dir, detail=True)
        except FileNotFoundError:
            return []
        return [
            e["name"].rstrip("/")
            for e in entries
            if e["type"] == "directory" and posixpath.basename(e["name"].rstrip("/")).startswith("run_id=")
        ]

    def drop_runs(self, run_ids: set[str]) -> list[str]:
        """Remove the folders of these runs (this warehouse's runs that never committed: killed or failed), in every
        table; nothing else. Returns the folders removed."""
        removed: list[str] = []
        if not run_ids or not self.fs.exists(self.root):
            return removed
        for table in LAKE_TABLES:
            for path in self._run_dirs(table):
                if posixpath.basename(path).split("=", 1)[1] in run_ids:
                    self.fs.rm(path, recursive=True)
                    removed.append(self.url(path))
        return removed

    def reset(self) -> None:
        """--full-refresh: remove the lake's run folders and the legacy _orphaned folder, after check_owner allowed
        it. Anything else in the lake (a file someone put there) stays; so do the table folders that still hold it."""
        if not self.fs.exists(self.root):
            return
        for table in LAKE_TABLES:
            for path in self._run_dirs(table):
                self.fs.rm(path, recursive=True)
            table_dir = posixpath.join(self.root, table)
            if self.is_local and self.fs.isdir(table_dir) and not self.fs.ls(table_dir):
                self.fs.rmdir(table_dir)
        for name in LEGACY_DIRS:
            path = posixpath.join(self.root, name)
            if self.fs.isdir(path):
                self.fs.rm(path, recursive=True)

    def damaged_parts(self, committed_runs: set[str]) -> list[str]:
        """Parquet files of committed runs that are not Parquet any more (a truncated or overwritten file: each
        must start and end with the magic bytes PAR1). The warehouse keeps its own copy of their rows; the lake copy
        is what a reader of the lake or a rebuild would miss, so the run says so. Local lakes only (a few bytes per
        file; object stores would need two requests a file)."""
        damaged: list[str] = []
        if not self.is_local or not self.fs.exists(self.root):
            return damaged
        for path in sorted(self.fs.glob(posixpath.join(self.root, "*", "run_id=*", "*.parquet"))):
            run_dir = posixpath.dirname(path)
            table = posixpath.basename(posixpath.dirname(run_dir))
            if run_dir.split("run_id=", 1)[1] not in committed_runs or table.startswith("_"):
                continue
            try:
                with open(path, "rb") as fh:
                    head = fh.read(4)
                    fh.seek(-4, os.SEEK_END)
                    tail = fh.read(4)
            except OSError:
                head = tail = b""
            if head != b"PAR1" or tail != b"PAR1":
                damaged.append(self.url(path))
        return damaged

    def register(self, con) -> None:
        """Let DuckDB read this lake (through fsspec when it is not local: no httpfs download needed)."""
        if not self.is_local:
            fsx.register_duckdb(con, self.fs)


def _parquet_bytes(df: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.write_parquet(buf, compression="zstd")
    return buf.getvalue()
