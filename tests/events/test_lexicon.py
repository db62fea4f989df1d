"""Which words can make an event, and how is a sentence read? (lexicon.py, data/event_words/)"""

import pytest

from newsevents.extract.events.lexicon import Lexicon, candidate_sentence
from newsevents.resources import DataFileError


def test_prefilter_skips_sentences_without_a_predicate(knowledge):
    lexicon = knowledge.lexicon
    assert candidate_sentence("Troops attacked the village.", lexicon)
    assert not candidate_sentence("The sky was blue and the sea calm.", lexicon)
    assert not candidate_sentence("They have made progress.", lexicon)  # auxiliaries and light verbs alone
    assert not candidate_sentence("The report was long.", lexicon)  # 'report' after a determiner is a noun


def test_word_lists_extend_and_shrink_through_the_data_dir(tmp_path):
    words = tmp_path / "event_words"
    words.mkdir()
    (words / "reporting_verbs.txt").write_text("# mine\nopine\n-believe\n", encoding="utf-8")
    (words / "actor_nouns.tsv").write_text("noun\tgroup\nsheriff\tpolice\n", encoding="utf-8")
    shipped, mine = Lexicon.load(None).words, Lexicon.load(str(tmp_path)).words
    assert "opine" in mine.reporting_verbs and "opine" not in shipped.reporting_verbs
    assert "believe" in shipped.reporting_verbs and "believe" not in mine.reporting_verbs
    assert mine.group_of("sheriff") == "police" and shipped.group_of("sheriff") == "other"


def test_a_bad_table_row_names_the_file_and_line(tmp_path):
    words = tmp_path / "event_words"
    words.mkdir()
    (words / "pronouns.tsv").write_text("pronoun\tstands_for\nthey\tplural\textra\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"pronouns.tsv, line 2: expected 2 tab-separated columns"):
        Lexicon.load(str(tmp_path))
