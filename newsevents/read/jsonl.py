"""JSON Lines dumps in parts: a dump with more records than a batch is planned as line ranges (`plan_parts`, in
the run's process, one streaming pass that also hashes the file) and each part is read on its own
(`read_part_lines`, in a worker), so a run's memory follows its batch size, not the size of the dump.

A part is at most `max_lines` lines and about PART_BYTES bytes. A plain file is read from the byte offset where
its part starts; a gzip file is decompressed from its start (lines before the part are counted, not kept). A file
in UTF-16/32, or that does not look like text at its start, is never split: it is read whole, as before."""

from __future__ import annotations

import hashlib
import itertools
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from newsevents.read.decode import DecodeError, decode_bytes
from newsevents.read.fs import fs_and_path, is_url

CHUNK = 1 << 20
PART_BYTES = 32 * 1024 * 1024  # at most about this many (decompressed) bytes in one part
_GZIP_MAGIC = b"\x1f\x8b"
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


@dataclass
class LinePlan:
    sha256: str  # of the raw bytes, as read_file hashes them
    lines: int  # lines as str.split("\n") counts them (newlines + 1)
    starts: list[int] = field(default_factory=lambda: [0])  # first line of each part
    offsets: list[int] = field(default_factory=lambda: [0])  # and its byte offset (plain files only)
    gzip: bool = False

    def ranges(self) -> list[tuple[int, int, int]]:
        """(first line, end line, byte offset) of each part."""
        ends = [*self.starts[1:], self.lines]
        return list(zip(self.starts, ends, self.offsets))


def _open(uri: str, path, offset: int = 0) -> Iterator[bytes]:
    """The file's bytes from offset on, a chunk at a time (a local path or an fsspec URL)."""
    if is_url(uri):
        fs, inner = fs_and_path(uri)
        fh = fs.open(inner, "rb")
    else:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    with fh:
        if offset:
            fh.seek(offset)
        while chunk := fh.read(CHUNK):
            yield chunk


def _stream(chunks: Iterator[bytes], max_bytes: int, sha=None) -> Iterator[bytes]:
    """The bytes of the stream, gunzipped when it starts with the gzip magic (concatenated members too); raw bytes
    are hashed into sha. DecodeError('too_large') past max_bytes of output."""
    raw = _hashed(chunks, sha)
    first = next(raw, b"")
    rest = itertools.chain([first], raw)
    yield from (_gunzipped(rest, max_bytes) if first.startswith(_GZIP_MAGIC) else _bounded(rest, max_bytes))


def _hashed(chunks: Iterator[bytes], sha) -> Iterator[bytes]:
    for chunk in chunks:
        if sha is not None:
            sha.update(chunk)
        yield chunk


def _bounded(chunks: Iterator[bytes], max_bytes: int) -> Iterator[bytes]:
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > max_bytes:
            raise DecodeError("too_large", f"over the limit of {max_bytes:,} bytes")
        yield chunk


def _gunzipped(chunks: Iterator[bytes], max_bytes: int) -> Iterator[bytes]:
    """Gzip members one after another; zero padding after the last is ignored."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    total = 0
    try:
        for chunk in chunks:
            data = chunk
            while data:
                if d.eof:
                    data = d.unused_data + data
                    if not data.strip(b"\x00"):
                        break
                    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    continue
                out = d.decompress(data, CHUNK)
                data = d.unconsumed_tail
                total += len(out)
                if total > max_bytes:
                    raise DecodeError("too_large", f"decompressed gzip is over the limit of {max_bytes:,} bytes")
                if out:
                    yield out
                if d.eof and d.unused_data:
                    data = d.unused_data + data
                    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    except zlib.error as exc:
        raise DecodeError("gzip_corrupt", f"gzip data is corrupt ({exc})") from None


def _splittable(head: bytes) -> bool:
    """Lines can be read part by part: a byte-oriented encoding (no UTF-16/32) that looks like text."""
    if head.startswith(_WIDE_BOMS) or b"\x00" in head[:65536]:
        return False
    try:
        decode_bytes(head[: head.rfind(b"\n") + 1] or head)
    except DecodeError as exc:
        return exc.check == "undecodable"  # empty or binary: the whole-file path says so
    return True


def plan_parts(uri: str, path, max_lines: int, max_bytes: int) -> LinePlan | None:
    """One streaming pass over a JSON Lines file: its hash, its line count and where parts of at most max_lines
    lines (and about PART_BYTES bytes) start. None when it cannot be split (unreadable, too large, UTF-16/32, not
    text): then it is read whole, and read_file reports what is wrong with it."""
    sha = hashlib.sha256()
    try:
        raw = _open(uri, path)
        first = next(raw, b"")
        plan = LinePlan("", 0, gzip=first.startswith(_GZIP_MAGIC))

        def chunks() -> Iterator[bytes]:
            yield first
            yield from raw

        line = offset = 0  # current line index; byte offset where it starts
        part_lines = part_bytes = 0
        checked = ends_with_newline = False
        for data in _stream(chunks(), max_bytes, sha):
            ends_with_newline = data.endswith(b"\n")
            if not checked:
                if not _splittable(data):
                    return None
                checked = True
            pos = 0
            while True:
                nl = data.find(b"\n", pos)
                if nl < 0:
                    part_bytes += len(data) - pos
                    offset += len(data) - pos
                    break
                part_bytes += nl + 1 - pos
                offset += nl + 1 - pos
                pos = nl + 1
                line += 1
                part_lines += 1
                if part_lines >= max_lines or part_bytes >= PART_BYTES:
                    plan.starts.append(line)
                    plan.offsets.append(offset)
                    part_lines = part_bytes = 0
    except (OSError, DecodeError):
        return None
    plan.lines = line + 1
    if ends_with_newline and len(plan.starts) > 1 and plan.starts[-1] == line:  # no part of just the empty end
        plan.starts.pop()
        plan.offsets.pop()
    plan.sha256 = sha.hexdigest()
    return plan


def read_part_lines(uri: str, path, first: int, end: int, offset: int, gzip: bool, max_bytes: int) -> list[bytes]:
    """Lines first..end-1 (0-based) of the file, as bytes without their newline. A plain file is read from the
    byte offset of its first line; a gzip file is decompressed from the start, counting the lines before."""
    out: list[bytes] = []
    line = 0 if gzip else first
    pending = b""
    if gzip:
        chunks = _stream(_open(uri, path), max_bytes)
    else:
        chunks = _open(uri, path, offset)
    for data in chunks:
        if line + data.count(b"\n") < first and not pending:  # wholly before the part: count, keep nothing
            line += data.count(b"\n")
            continue
        data = pending + data
        pieces = data.split(b"\n")
        pending = pieces.pop()
        for piece in pieces:
            if line >= first:
                out.append(piece)
            line += 1
            if line >= end:
                return out
    if first <= line < end:  # the last line (no newline after it)
        out.append(pending)
    return out
