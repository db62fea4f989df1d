"""The memoised attribute ruler + lemmatizer gives every token what spaCy's own components give it."""

from __future__ import annotations

from newsevents.extract.nlp import load_nlp

SENTENCES = [
    "There is no agreement, and there were protests in Baku on Monday.",
    "Armenian forces shelled the village of Tovuz, killing two soldiers, the ministry said.",
    "They're gonna sign it, ain't they? Let's see what the ministers have done.",
    "The president has been meeting his counterpart, who had said that nothing was agreed.",
    "Something happened to everyone  here: it wasn't him, I'd say, but we'll find out.",
    "Sanctions were lifted after talks; the talks, which lasted 12 hours, ended in Moscow.",
]


def _attrs(nlp, texts: list[str]) -> list[list[tuple]]:
    return [
        [(t.text, t.tag_, t.dep_, t.pos_, str(t.morph), t.lemma_, t.ent_type_) for t in doc] for doc in nlp.pipe(texts)
    ]


def test_memo_matches_spacy_components() -> None:
    memo, plain = load_nlp(memo_attrs=True), load_nlp(memo_attrs=False)
    assert "newsevents_memo_attrs" in memo.pipe_names and "attribute_ruler" not in memo.pipe_names
    assert "attribute_ruler" in plain.pipe_names and "lemmatizer" in plain.pipe_names
    want = _attrs(plain, SENTENCES)
    assert _attrs(memo, SENTENCES) == want  # first pass: computed
    assert _attrs(memo, SENTENCES) == want  # second pass: from the memo
    lemmas = {t[0]: t[5] for doc in want for t in doc}
    assert lemmas["shelled"] == "shell" and lemmas["were"] == "be" and lemmas["talks"] == "talk"


def test_lemma_exceptions_are_derived_from_the_lemmatizers_own_misreadings(tmp_path):
    from newsevents.extract.lemmas import derive, regular_forms
    from newsevents.extract.nlp import read_lemma_exceptions as exceptions

    assert regular_forms("stage") == ("staged", "stages", "staging")
    assert regular_forms("deny") == ("denied", "denies", "denying")
    found = derive(tmp_path / "lemma_exceptions.tsv")
    assert found["staged"] == "stage" and found["waged"] == "wage"
    assert "seed" not in found  # a word of its own, not a form of 'see'
    assert exceptions(tmp_path / "lemma_exceptions.tsv") == found == exceptions()  # the shipped file is current
