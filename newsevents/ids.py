"""Content-derived ids: the same input gives the same id in every run, so loads are idempotent."""

from __future__ import annotations

import hashlib


def short_hash(prefix: str, *parts: object) -> str:
    """prefix + '_' + 16 hex digits of the SHA-256 of the parts (None as empty), e.g. 'a_3f2c…' for an article."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return prefix + "_" + hashlib.sha256(text.encode()).hexdigest()[:16]
