"""fsspec helpers: the source and the Parquet lake may be URLs (s3://bucket/prefix, memory://lake, ...).

The lake (warehouse/lake.py) goes through fsspec for local paths too; the source listing keeps a fast local
walk (os.scandir) and uses fsspec for URLs. The DuckDB warehouse file is always local.

Credentials and endpoints come from the usual places of each filesystem; for S3 (s3fs) the standard AWS
variables: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION and, for an S3-compatible server
(MinIO, moto), AWS_ENDPOINT_URL=http://host:port. DuckDB reads the lake through the same fsspec filesystem
(`register_duckdb`), so its httpfs extension (a download) is never needed."""

from __future__ import annotations

import os
import posixpath
import re
import uuid
from pathlib import PurePath

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
        return f"{m.group(1)}://{text[m.end() :]}"
    return None


def is_url(value: str | PurePath) -> bool:
    return as_url(value) is not None


def fs_and_path(url: str):
    """(filesystem, path inside it) for a URL or a local path (fsspec's local filesystem, absolute path)."""
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
        rel = path[len(prefix) :] if path.startswith(prefix) else posixpath.basename(path)
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


# --- writing ---------------------------------------------------------------------------------------------------


def is_local(fs) -> bool:
    return protocol_of(fs) in ("file", "local")


def write_atomic(fs, path: str, data: bytes) -> str:
    """Write data at path so that a reader never sees half a file: on object stores one PUT (atomic per object),
    elsewhere a temporary name (fsynced on a local disk) moved into place. Returns path."""
    parent = posixpath.dirname(path)
    if protocol_of(fs) in OBJECT_STORES:
        fs.pipe_file(path, data)
        return path
    fs.makedirs(parent, exist_ok=True)
    tmp = posixpath.join(parent, f".{posixpath.basename(path)}.{uuid.uuid4().hex}.tmp")
    try:
        with fs.open(tmp, "wb") as fh:
            fh.write(data)
            if is_local(fs):
                fh.flush()
                os.fsync(fh.fileno())
        fs.mv(tmp, path)
    except BaseException:
        if fs.exists(tmp):
            fs.rm(tmp)
        raise
    return path


def register_duckdb(con, fs) -> None:
    """Let DuckDB read an fsspec filesystem (no httpfs extension needed). Idempotent."""
    names = set(con.list_filesystems())
    protocols = fs.protocol if isinstance(fs.protocol, (tuple, list)) else (fs.protocol,)
    if not any(p in names for p in protocols):
        con.register_filesystem(fs)
