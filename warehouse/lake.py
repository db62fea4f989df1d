"""The Parquet lake: one folder per table and run (`<lake>/<table>/run_id=<run>/part-<batch>.parquet`).

One code path for every place the lake can be: fsspec's local filesystem serves plain paths, so a local folder,
`memory://lake` and `s3://bucket/lake` go through the same methods. Files are written atomically
(`newsevents.read.fs.write_atomic`): a reader never sees half a file, and a crash leaves only `*.tmp` files,
which `clean_orphans` removes together with the folders of runs the warehouse never committed."""

from __future__ import annotations

import errno
import io
import os
import posixpath
import shutil
from pathlib import Path

import polars as pl

from newsevents.faults import fault_point
from newsevents.read import fs as fsx
from schemas.ddl import conform


class DiskFull(OSError):
    """A write failed because its disk is full; says where, in words."""


LOW_SPACE_BYTES = 32 * 1024 * 1024


def disk_full(exc: BaseException, where: Path | str, what: str) -> DiskFull | None:
    """A DiskFull naming `where` when exc came from a full disk: ENOSPC, or any write error while the disk holding
    `where` has almost no space left (Polars and DuckDB report a full disk as a corrupt file or a failed rollback)."""
    if isinstance(exc, DiskFull):
        return exc
    if not isinstance(exc, Exception) or fsx.is_url(str(where)):
        return None
    full = getattr(exc, "errno", None) == errno.ENOSPC or "no space left" in str(exc).lower()
    folder = Path(where)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = None
    if not full and (free is None or free >= LOW_SPACE_BYTES):
        return None
    left = f" ({free / 1e6:.1f} MB free)" if free is not None else ""
    return DiskFull(
        errno.ENOSPC,
        f"no space left on the disk of the {what} at {where}{left}: free some space there "
        f"and run again (nothing of this run was loaded; the warehouse is as before). "
        f"Original error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
    )


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
            fsx.write_atomic(self.fs, path, _parquet_bytes(conform(df, table)))

    def drop_run_tables(self, run_id: str, tables: tuple[str, ...]) -> None:
        """Remove a run's staged folders of these tables (a run that failed its reject-share check)."""
        for table in tables:
            path = self.run_dir(table, run_id)
            if self.fs.exists(path):
                self.fs.rm(path, recursive=True)

    def reset(self) -> None:
        if self.fs.exists(self.root):
            self.fs.rm(self.root, recursive=True)

    def clean_orphans(self, committed_runs: set[str]) -> list[str]:
        """Stray *.tmp files are removed and run folders of runs the warehouse never committed (killed before the
        load) are moved to <lake>/_orphaned, file by file (object stores have no folders), so nothing half-done is
        ever read back."""
        moved: list[str] = []
        if not self.fs.exists(self.root):
            return moved
        for entry in self.fs.ls(self.root, detail=True):
            table_dir = entry["name"].rstrip("/")
            name = posixpath.basename(table_dir)
            if entry["type"] != "directory" or name.startswith("_"):
                continue
            for f in self.fs.find(table_dir, withdirs=False):
                rel = f[len(table_dir) + 1 :]
                if f.endswith(".tmp"):
                    self.fs.rm(f)
                    continue
                run_part = rel.split("/", 1)[0]
                if not run_part.startswith("run_id=") or run_part.split("=", 1)[1] in committed_runs:
                    continue
                dest = posixpath.join(self.root, "_orphaned", name, rel)
                if self.fs.exists(dest):
                    self.fs.rm(dest)
                self.fs.makedirs(posixpath.dirname(dest), exist_ok=True)
                self.fs.mv(f, dest)
                run_url = self.url(posixpath.join(self.root, "_orphaned", name, run_part))
                if run_url not in moved:
                    moved.append(run_url)
            if self.is_local:  # emptied run folders: object stores have none to remove
                for d in sorted(self.fs.find(table_dir, withdirs=True, detail=False), reverse=True):
                    if self.fs.isdir(d) and not self.fs.ls(d):
                        self.fs.rmdir(d)
        return moved

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
