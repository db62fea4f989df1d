"""Verb forms spaCy's rule lemmatizer reads as another verb: 'staged' -> 'stag', 'waged' -> 'wag', 'raped' ->
'rap', 'fined' -> 'fin' (its rules strip '-ed' and take the first result its word index knows). The event coder
matches verbs by lemma, so such a form is never an event ('thousands staged a demonstration').

data/lemma_exceptions.tsv lists them (form, lemma); load_nlp sets them right after the lemmatizer runs, so
every reader of `token.lemma_` sees the right verb. The file is derived, not hand-written:

    python -m newsevents.extract.lemmas      # -> data/lemma_exceptions.tsv

takes every single-word verb of the event dictionaries (cameo_verbs.tsv, event_verbs.tsv) and the word lists that
are matched by lemma (light, reporting and intent verbs), makes its regular forms ('-ed', '-s', '-ing'), and keeps
those the lemmatizer maps to another word of its index, for verbs it lemmatizes right in their base form."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from newsevents.datafiles import read_words
from newsevents.extract.nlp import LEMMA_EXCEPTIONS as PATH
from newsevents.extract.nlp import load_nlp
from newsevents.resources import tsv_rows

_WORD_LISTS = ("light_verbs.txt", "reporting_verbs.txt", "intent_verbs.txt", "easing_verbs.txt")
HEADER = (
    "# Verb forms spaCy's rule lemmatizer reads as another verb ('staged' -> 'stag'): set by a component of the\n"
    "# pipeline after the lemmatizer. Derived by `python -m newsevents.extract.lemmas` (see that module).\n"
)


def regular_forms(verb: str) -> tuple[str, ...]:
    """The regular past, third person and '-ing' forms of a verb ('stage' -> 'staged', 'stages', 'staging')."""
    if verb.endswith("e"):
        past, ing = verb + "d", (verb if verb.endswith("ee") else verb[:-1]) + "ing"
    elif verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        past, ing = verb[:-1] + "ied", verb + "ing"
    else:
        past, ing = verb + "ed", verb + "ing"
    sibilant = verb.endswith(("s", "sh", "ch", "x"))
    third = verb[:-1] + "ies" if past.endswith("ied") else verb + ("es" if sibilant else "s")
    return past, third, ing


def dictionary_verbs() -> list[str]:
    """Single-word verbs the coder matches by lemma."""
    verbs = {r["lemma"] for name in ("cameo_verbs.tsv", "event_verbs.tsv") for r in tsv_rows(name)}
    verbs |= {w for name in _WORD_LISTS for w in read_words(f"event_words/{name}")}
    return sorted(v for v in verbs if v.isalpha() and v.islower())


def derive(out: Path = PATH) -> dict[str, str]:
    """Lemmatize each verb's forms in a sentence frame with the shipped model (without the exceptions) and write
    the forms it gets wrong."""
    nlp = load_nlp(with_ner=False, memo_attrs=False, lemma_exceptions=False)
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    index = lemmatizer.lookups.get_table("lemma_index")
    words = {w for pos in ("verb", "noun") for w in index.get(pos, ())}
    known = words | set(index.get("adj", ()))
    verbs = dictionary_verbs()
    base = {v: d[2] for v, d in zip(verbs, nlp.pipe(f"They will {v} it." for v in verbs), strict=True)}
    verbs = [v for v in verbs if base[v].pos_ == "VERB" and base[v].lemma_ == v]  # a verb it knows as such
    frames = [(v, f) for v in verbs for f in regular_forms(v)]
    texts = [f"The officials {'are ' if f.endswith('ing') else ''}{f} it." for _, f in frames]
    found: dict[str, str] = {}
    for (verb, form), doc in zip(frames, nlp.pipe(texts), strict=True):
        tok = doc[3] if form.endswith("ing") else doc[2]
        # the failure this repairs: a rule's result that is another word of the index ('stag'), for a form that
        # is no word of its own ('seed' is one: not 'see')
        if tok.lower_ == form and tok.pos_ == "VERB" and tok.lemma_ != verb and tok.lemma_ in known:
            if form not in words:
                found[form] = verb
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(HEADER + "form\tlemma\n")
        fh.writelines(f"{form}\t{found[form]}\n" for form in sorted(found))
    return found


if __name__ == "__main__":  # pragma: no cover - a derivation run by hand
    n = derive(Path(sys.argv[1]) if len(sys.argv) > 1 else PATH)
    print(f"{len(n)} verb forms -> {PATH}")
