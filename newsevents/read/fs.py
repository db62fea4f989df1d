"""fsspec helpers: the source and the Parquet lake may be URLs (s3://bucket/prefix, memory://lake, ...).

Local paths never come through here (ingest.py and warehouse/store.py keep their own local code); a value is
handled by fsspec only when it has a scheme. The DuckDB warehouse file is always local.

Credentials and endpoints come from the usual places of each filesystem; for S3 (s3fs) the standard AWS
variables: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION and, for an S3-compatible server
(MinIO, moto), AWS_ENDPOINT_URL=http://host:port. DuckDB reads the lake through the same fsspec filesystem
(`register_duckdb`), so its httpfs extension (a download) is never needed."""

from __future__ import annotations

import io
import posixpath
import re
import uuid
from pathlib import PurePath

import polars as pl

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# A URL that went through pathlib.Path loses one slash ("s3://b/k" -> "s3:/b/k"); recognised for known protocols.
_MANGLED = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):/(?!/)")
# Object stores: a single PUT (or a completed multipart upload) is atomic per object, and there is no rename.
OBJECT_STORES = {"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "adl", "oss"}


def _known_protocol(name: str) -> bool:
    import fsspec

    return name.lower() in fsspec.available_protocols()


def as_url(value: str | PurePath) -> str | None:
    """The URL for value when it names an fsspec location (not file://), else None (a local path)."""
    text = str(value)
    m = _SCHEME.match(text)
    if m:
        return None if m.group(1).lower() in ("file", "local") else text
    m = _MANGLED.match(text)
    if m and len(m.group(1)) > 1 and _known_protocol(m.group(1)):  # len > 1: never a Windows drive letter
        return f"{m.group(1)}://{text[m.end():]}"
    return None


def is_url(value: str | PurePath) -> bool:
    return as_url(value) is not None


def fs_and_path(url: str):
    """(filesystem, path inside it) for a URL."""
    from fsspec.core import url_to_fs

    return url_to_fs(url)


def protocol_of(fs) -> str:
    p = fs.protocol
    return (p[0] if isinstance(p, (tuple, list)) else p).lower()


def join(url: str, *parts: str) -> str:
    return "/".join([url.rstrip("/"), *[p.strip("/") for p in parts]])


def exists(url: str) -> bool:
    fs, path = fs_and_path(url)
    return fs.exists(path)


# --- source ------------------------------------------------------------------------------------------------

def discover_url(source: str) -> list[tuple[str, str]]:
    """(uri, file name) of every file under a URL (a prefix or one object), sorted; names and folders starting
    with '.' are skipped, as for local folders. Raises FileNotFoundError when nothing is there."""
    fs, root = fs_and_path(source)
    if fs.isfile(root):
        return [(fs.unstrip_protocol(root), posixpath.basename(root))]
    if not fs.exists(root):
        raise FileNotFoundError(f"source not found: {source}")
    out = []
    prefix = root.rstrip("/") + "/"
    for path in sorted(fs.find(root, withdirs=False)):
        rel = path[len(prefix):] if path.startswith(prefix) else posixpath.basename(path)
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        out.append((fs.unstrip_protocol(path), posixpath.basename(path)))
    return out


def size_of(url: str) -> int:
    fs, path = fs_and_path(url)
    return int(fs.size(path))


def read_bytes(url: str) -> bytes:
    fs, path = fs_and_path(url)
    return fs.cat_file(path)


# --- lake ----------------------------------------------------------------------------------------------------

def write_parquet_atomic(df: pl.DataFrame, url: str) -> str:
    """Write df as Parquet at url so that a reader never sees half a file: on object stores one PUT (atomic per
    object), elsewhere a temporary name moved into place."""
    buf = io.BytesIO()
    df.write_parquet(buf, compression="zstd")
    data = buf.getvalue()
    fs, path = fs_and_path(url)
    parent = posixpath.dirname(path)
    if protocol_of(fs) in OBJECT_STORES:
        fs.pipe_file(path, data)
    else:
        fs.makedirs(parent, exist_ok=True)
        tmp = posixpath.join(parent, f".{posixpath.basename(path)}.{uuid.uuid4().hex}.tmp")
        fs.pipe_file(tmp, data)
        try:
            fs.mv(tmp, path)
        except Exception:
            fs.rm(tmp)
            raise
    return fs.unstrip_protocol(path)


def clean_orphans_url(lake: str, committed_runs: set[str]) -> list[str]:
    """The URL version of store.clean_orphans: stray *.tmp files removed, run folders of uncommitted runs moved
    (file by file: object stores have no folders) to <lake>/_orphaned/."""
    fs, root = fs_and_path(lake)
    root = root.rstrip("/")
    moved: list[str] = []
    if not fs.exists(root):
        return moved
    for entry in fs.ls(root, detail=True):
        name = posixpath.basename(entry["name"].rstrip("/"))
        if entry["type"] != "directory" or name.startswith("_"):
            continue
        table_dir = entry["name"].rstrip("/")
        files = fs.find(table_dir, withdirs=False)
        for f in files:
            if f.endswith(".tmp"):
                fs.rm(f)
        for f in files:
            if f.endswith(".tmp"):
                continue
            rel = f[len(table_dir) + 1:]
            run_part = rel.split("/", 1)[0]
            if not run_part.startswith("run_id=") or run_part.split("=", 1)[1] in committed_runs:
                continue
            dest = posixpath.join(root, "_orphaned", name, rel)
            fs.mv(f, dest)
            run_url = fs.unstrip_protocol(posixpath.join(root, "_orphaned", name, run_part))
            if run_url not in moved:
                moved.append(run_url)
    return moved


def register_duckdb(con, url: str) -> None:
    """Let DuckDB read url's filesystem through fsspec (no httpfs extension needed). Idempotent."""
    fs, _ = fs_and_path(url)
    names = set(con.list_filesystems())
    protocols = fs.protocol if isinstance(fs.protocol, (tuple, list)) else (fs.protocol,)
    if not any(p in names for p in protocols):
        con.register_filesystem(fs)
