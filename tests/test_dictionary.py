from schemas.dictionary import DOCS, render


def test_committed_dictionary_is_current():
    committed = (DOCS / "data_dictionary.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/data_dictionary.md is stale: run `python -m schemas.dictionary`"
