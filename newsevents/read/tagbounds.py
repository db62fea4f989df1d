"""A bound on the attributes of one HTML element, applied before the page is parsed.

libxml2's HTML parser (under lxml and trafilatura) checks each attribute of an element against the ones before
it, and trafilatura copies the tree a few times: the time grows with the square of the attributes on one
element (40,000 took 11 s; 300,000 in a 2.4 MB page ran over 12 CPU minutes inside C code, where not even
SIGTERM is handled). No page needs thousands of attributes on one element, so each start tag keeps its first
MAX_ATTRIBUTES and the rest are dropped, in one linear pass (regular expressions with possessive quantifiers:
no backtracking, and an unclosed tag ends at the end of the text instead of being retried from every '<').
"""

from __future__ import annotations

import re

MAX_ATTRIBUTES = 256
_VALUE = r"""(?:\s*+=\s*+(?:"[^"]*+"?|'[^']*+'?|[^\s>]*+))?"""
_NAME = r"[^\s/>=][^\s/>=]*+"
# A start tag up to (not including) its '>', the way an HTML tokenizer reads it: a name, then attributes
# separated by white space or '/' (or nothing, after a quoted value), each with an optional value.
_START_TAG = re.compile(rf"<[A-Za-z][^\s/>]*+(?:[\s/]*+{_NAME}{_VALUE})*+")
_ATTRIBUTE = re.compile(rf"[\s/]*+{_NAME}{_VALUE}")
_TAG_NAME = re.compile(r"<[A-Za-z][^\s/>]*+")


def bound_attributes(html: str, limit: int = MAX_ATTRIBUTES) -> str:
    """html with every start tag cut to its first `limit` attributes (the page itself when none has more)."""
    if len(html) < 2 * limit:  # an element with `limit` attributes takes at least 2 characters for each
        return html
    pieces: list[str] = []
    done = 0
    for tag in _START_TAG.finditer(html):
        if tag.end() - tag.start() < 2 * limit:
            continue
        name = _TAG_NAME.match(html, tag.start())
        assert name is not None  # _START_TAG matched there
        pos = name.end()
        for count, attribute in enumerate(_ATTRIBUTE.finditer(html, pos, tag.end()), start=1):
            if count > limit:
                pieces += [html[done:pos]]
                done = tag.end()  # the attributes after the limit are dropped; the tag's '>' stays
                break
            pos = attribute.end()
    if not pieces:
        return html
    pieces.append(html[done:])
    return "".join(pieces)
