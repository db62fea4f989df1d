"""The sentence-level pentacode classifier (newsevents/extract/pentacode.py) and its combination with the rules."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsevents.extract import pentacode as P

SHARED = Path(__file__).resolve().parents[2] / "shared"
TSV = SHARED / "events" / "conflibert_pentacode_train.tsv"


def test_shipped_model_loads_small_and_without_pickles():
    assert P.MODEL_PATH.is_file(), "rebuild with `python -m newsevents.extract.pentacode train`"
    assert P.MODEL_PATH.stat().st_size < 5_000_000
    with np.load(P.MODEL_PATH, allow_pickle=False) as z:  # arrays and a JSON string only
        assert {"header", "coef", "intercept", "classes", "word_terms", "char_terms"} <= set(z.files)
    model = P.load_model()
    assert model.classes.tolist() == [0, 1, 2, 3, 4]
    assert model.coef.shape == (model.n_features, 5)
    # trained on the ConfliBERT file less the 200 dev-gold sentences (scored on them, never fitted on them)
    assert model.meta["n_rows"] == 1349 - 200 and "events_dev_gold" in model.meta["held_out"]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Troops shelled the village, killing five civilians.", 4),
        ("The two ministers met in Geneva to discuss the ceasefire.", 1),
        ("He said the elections would be held in May.", 0),
        ("Japan sent 50 tonnes of food aid to Haiti.", 2),
        ("Iran accused Israel of sabotage at its nuclear site.", 3),
    ],
)
def test_shipped_model_on_clear_sentences(sentence, expected):
    [(label, prob)] = P.predict_pentacode([sentence])
    assert label == expected
    assert 0.2 <= prob <= 1.0


def test_predictions_are_probabilities():
    model = P.load_model()
    proba = model.predict_proba(["Troops shelled the village.", "", "Ok"])
    assert proba.shape == (3, 5)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert P.predict_pentacode([]) == []


@pytest.mark.parametrize(
    "candidates, model, expected",
    [
        ([], (2, 0.30), (2, None, "model")),  # no rule event: the classifier's class, nothing to retype
        ([4, 1], (4, 0.90), (4, 0, "agree")),  # the most confident event has the classifier's class
        ([0, 4], (4, 0.60), (4, 1, "model")),  # another event of the sentence has it: it becomes main
        ([3, 3], (1, 0.95), (1, None, "model")),  # none has it, the classifier is sure: retype the first
        ([3, 3], (1, 0.35), (3, 0, "rules")),  # none has it, the classifier is unsure: the rules stand
    ],
)
def test_decide(candidates, model, expected):
    assert P.decide(candidates, model) == expected


def test_decide_thresholds():
    assert P.decide([3], (1, 0.2), model_sure=0.5) == (3, 0, "rules")  # an unsure classifier leaves the rules
    assert P.decide([3], (1, 0.9), model_sure=0.5) == (1, None, "model")
    assert P.decide([3], (1, 0.9), retype=False) == (3, 0, "rules")
    assert P.combine(None, (2, 0.3)) == (2, "model") and P.combine(4, (4, 0.9)) == (4, "agree")


def test_pipeline_applies_the_policy():
    """extract.rows.second_opinion (the pipeline) stores what decide() says: main row, class, retyping."""
    from newsevents.extract.rows import second_opinion

    class Fixed:
        def predict(self, texts):
            return [(4, 0.9) for _ in texts]

    def row(etype, code, root, pentacode, conf):
        return {
            "article_id": "a_1",
            "evidence_start": 0,
            "evidence": "X said Y attacked Z.",
            "event_type": etype,
            "cameo_code": code,
            "cameo_root": root,
            "quad_class": 1 if pentacode < 2 else 4,
            "pentacode": pentacode,
            "confidence": conf,
            "killed": None,
            "injured": None,
            "mention_kind": "current",
            "_depth": 0,
            "_specificity": 0,
        }

    rows = second_opinion(
        [row("make_statement", "010", "01", 0, 0.9), row("attack", "190", "19", 4, 0.5)], model=Fixed()
    )
    main = [r for r in rows if r["is_main"]]
    assert len(main) == 1 and main[0]["event_type"] == "attack" and main[0]["type_source"] == "agree"
    rows = second_opinion([row("make_statement", "010", "01", 0, 0.9)], model=Fixed())
    assert rows[0]["cameo_root"] == "19" and rows[0]["pentacode"] == 4 and rows[0]["type_source"] == "model"
    patterned = dict(row("withdrawal", "0874", "08", 2, 0.9), _specificity=1)  # a pattern's type is kept
    rows = second_opinion([patterned], model=Fixed())
    assert rows[0]["cameo_root"] == "08" and rows[0]["type_source"] == "rules" and rows[0]["is_main"]
    in_article = dict(row("make_statement", "010", "01", 0, 0.9), _snippet=False)  # a sentence of a whole article
    rows = second_opinion([in_article], model=Fixed())
    assert rows[0]["cameo_root"] == "01" and rows[0]["type_source"] == "rules"


def test_analyzers_match_scikit_learn():
    text = "Iran's  FM said: U.S.-led sanctions (again) 'hurt'\tthe people,  a b."
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    word = sklearn_text.TfidfVectorizer(ngram_range=(1, 2)).build_analyzer()
    char = sklearn_text.TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    assert sorted(P.word_ngrams(text)) == sorted(word(text))
    assert sorted(P.char_wb_ngrams(text)) == sorted(char(text))


def test_fit_save_load_roundtrip(tmp_path):
    pytest.importorskip("sklearn")
    texts = [
        "Rebels attacked the base and killed ten soldiers.",
        "Police arrested the protest leaders.",
        "The ministers held talks in Baku.",
        "The presidents met and discussed trade.",
        "He said the vote was fair.",
        "The spokesman stated the plan was ready.",
        "Japan donated medical aid to Armenia.",
        "The troops withdrew from the district.",
        "Baku accused Yerevan of provocations.",
        "Moscow rejected the demand.",
    ]
    labels = [4, 4, 1, 1, 0, 0, 2, 2, 3, 3]
    triggers = [("attack", r"\b(?:attacked|killed)\b"), ("consult", r"\b(?:talks|met)\b")]
    model = P.fit(texts, labels, triggers=triggers, calibrate_folds=0)
    path = model.save(tmp_path / "m.npz")
    loaded = P.PentacodeModel.load(path)
    assert loaded.trigger_types == ["attack", "consult"]
    assert np.allclose(loaded.predict_proba(texts), model.predict_proba(texts), atol=1e-5)  # float32 on disk
    assert [c for c, _ in loaded.predict(texts)] == labels  # a linear model separates its own training rows
    assert P.load_model(str(path)).predict(["The rebels attacked the base."])[0][0] == 4


@pytest.mark.shared
def test_cross_validated_macro_f1_floor():
    """3-fold CV on a stratified subset of 700 sentences (refitted per fold, no temperature fit); measured
    0.790 with these seeds, asserted with a 0.05 margin."""
    if not TSV.is_file():
        pytest.skip(f"needs {TSV} (the shared data folder beside the checkout); not present here")
    pytest.importorskip("sklearn")
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, train_test_split

    texts, y = P.read_tsv(TSV)
    assert len(texts) == 1349
    idx, _ = train_test_split(np.arange(len(y)), train_size=700, stratify=y, random_state=0)
    sub, ys = [texts[i] for i in idx], y[idx]
    triggers = P.pipeline_triggers()
    scores = []
    for tr, te in StratifiedKFold(3, shuffle=True, random_state=0).split(sub, ys):
        model = P.fit([sub[i] for i in tr], ys[tr], triggers=triggers, calibrate_folds=0)
        pred = [c for c, _ in model.predict([sub[i] for i in te])]
        scores.append(f1_score(ys[te], pred, average="macro"))
    assert np.mean(scores) >= 0.74, scores


def test_reduce_relations_is_verbal_conflict_in_the_pentacode_but_material_in_the_quad_class():
    from newsevents.extract.taxonomy import pentacode, quad_class

    assert [pentacode(r) for r in ("01", "02", "03", "08", "13", "14", "16", "17", "20")] == [0, 0, 1, 2, 3, 4, 3, 4, 4]
    assert quad_class("16") == 4


def test_trigger_prefilter_is_exact():
    """The classifier's trigger features (newsevents.extract.triggers): the literal-prefix fast path finds exactly
    what the full pattern finds."""
    from conftest import SEEDS

    from newsevents.extract.names import fold
    from newsevents.extract.triggers import literal_prefixes, load_triggers

    assert literal_prefixes("said|says") == ("said", "says")
    # re's parser factors the common prefix out of 'denied|denies': 'denie' is what every match starts with
    assert literal_prefixes(r"(?:denied|denies) (?:\w+ ){0,3}charges") == ("denie",)
    assert literal_prefixes(r"(?:signed|inked) the") == ("inked", "signed")  # a group ends the run
    assert literal_prefixes("(?<!planned )visit to") == ("visit to",)  # zero-width assertions are skipped
    assert literal_prefixes(r"\w+ said") is None and literal_prefixes("(the )?talks") is None
    texts = [fold(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    texts += ["nothing to see here", "they pulled out and signed", "the troops withdrew; he said so"]
    for trig in load_triggers():
        for text in texts:
            assert [m.span() for m in trig.finditer(text)] == [m.span() for m in trig.pattern.finditer(text)]
    assert any(list(t.finditer(texts[0])) for t in load_triggers())


def test_benchmark_triggers_option_reaches_the_classifier(tmp_path):
    """Issue 22: `benchmarks/pentacode.py --triggers PATH` patched a function nothing calls, so the classifier was
    fitted with the shipped triggers whatever PATH said. The table it evaluates must be the one given."""
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location(
        "bench_pentacode", Path(__file__).parents[1] / "benchmarks" / "pentacode.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    triggers = tmp_path / "triggers.csv"
    triggers.write_text("event_type,priority,pattern\n# a proposed edit\nattack,5,Stormed|raided\n", encoding="utf-8")
    templates = [
        "The minister of {c} said the talks would continue.",
        "The leaders of {c} and Georgia met in Geneva.",
        "{c} sent food aid to the flooded region.",
        "{c} accused its neighbour of sabotage.",
        "Troops from {c} stormed the village, killing five people.",
    ]
    countries = ["Azerbaijan", "Armenia", "Turkey", "Iran", "Russia", "Ukraine"]
    data = tmp_path / "labelled.tsv"
    data.write_text(
        "".join(f"{t.format(c=c)}\t{k}\n" for k, t in enumerate(templates) for c in countries), encoding="utf-8"
    )
    out = tmp_path / "result.json"
    args = ["--data", str(data), "--folds", "2", "--no-groups", "--triggers", str(triggers), "--json", str(out)]
    assert bench.main(args) == 0
    assert json.loads(out.read_text())["triggers"] == [["attack", r"\b(?:stormed|raided)\b"]]
    assert bench.trigger_patterns(None) == P.pipeline_triggers()
