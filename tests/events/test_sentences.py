"""Where does a sentence end? (newsevents/parse/sentences.py, data/abbreviations.txt)"""

from newsevents.parse.sentences import abbreviations, split_sentences


def test_sentences_keep_offsets_and_paragraphs():
    body = "Mr. Smith met Gen. Jones in Baku. They talked.\n\nA new paragraph."
    sents = split_sentences(body)
    assert [s.text for s in sents] == ["Mr. Smith met Gen. Jones in Baku.", "They talked.", "A new paragraph."]
    assert all(body[s.start : s.end] == s.text for s in sents)
    assert sents[2].paragraph == 1


def test_abbreviations_come_from_the_data_dir(tmp_path):
    (tmp_path / "abbreviations.txt").write_text("Msgr\n-Gen\n", encoding="utf-8")
    pattern = abbreviations(str(tmp_path))
    body = "They met Msgr. Carter. Gen. Jones left."
    assert [s.text for s in split_sentences(body, pattern)] == ["They met Msgr. Carter.", "Gen.", "Jones left."]
    assert [s.text for s in split_sentences(body)] == ["They met Msgr.", "Carter.", "Gen. Jones left."]


def test_titles_before_a_name_do_not_end_a_sentence():
    text = "The bill was signed by Gov. Ann Lee in May, and Sen. Tom Ray and Rep. Jo Kim backed it. Critics left."
    assert [s.text for s in split_sentences(text)] == [
        "The bill was signed by Gov. Ann Lee in May, and Sen. Tom Ray and Rep. Jo Kim backed it.",
        "Critics left.",
    ]
