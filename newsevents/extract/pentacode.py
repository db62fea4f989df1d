"""Sentence-level CAMEO pentacode classifier, and how it combines with the rule-based events.

Pentacode (as the ConfliBERT labels use it): 0 statement/appeal (CAMEO 01-02), 1 verbal cooperation (03-05),
2 material cooperation (06-08), 3 verbal conflict (09-13, 16), 4 material conflict (14-15, 17-20): see
taxonomy.pentacode.

The model is a linear SVM over three feature blocks, each L2-normalised on its own:
- word 1-2 grams (lowercased, tokens of 2+ word characters), sublinear TF-IDF;
- character 2-5 grams inside word boundaries (like scikit-learn's ``char_wb``), sublinear TF-IDF;
- one indicator per event type of the pipeline's trigger patterns (data/triggers.csv as of training; the
  patterns are copied into the artifact, so later edits of triggers.csv change nothing until retraining).
Decision scores become probabilities by a softmax with one temperature fitted on out-of-fold scores.

The artifact (data/pentacode_model.npz) holds only arrays and a JSON string: vocabularies, IDF weights,
coefficients and metadata. It is read with ``allow_pickle=False``; run time needs numpy only.
Training needs scikit-learn:

    python -m newsevents.extract.pentacode train [--data ../shared/events/conflibert_pentacode_train.tsv] [--out PATH]
    python -m newsevents.extract.pentacode predict "Troops shelled the village, killing five civilians."

Measured (benchmarks/pentacode.py, 5-fold CV with near-duplicate sentences kept in one fold): see that script.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newsevents.resources import DATA_DIR

MODEL_PATH = DATA_DIR / "pentacode_model.npz"
DEFAULT_TSV = Path(__file__).resolve().parents[3] / "shared" / "events" / "conflibert_pentacode_train.tsv"
DEFAULT_GOLD = DEFAULT_TSV.parent / "events_dev_gold.jsonl"
FORMAT_VERSION = 1
PENTACODE_NAMES = {
    0: "statement/appeal",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

# Hyper-parameters chosen by grouped 5-fold CV macro-F1 on the ConfliBERT training file (benchmarks/pentacode.py).
DEFAULTS = {"word_ngrams": [1, 2], "char_ngrams": [2, 5], "min_df": 2, "C": 1.0, "trigger_scale": 0.5}

# --- the one policy: rules and classifier ------------------------------------------------------------------

# Measured on the 200 dev-gold sentences with the model trained without them (data/pentacode_model.npz, see
# `train --exclude`): the main event's pentacode is right for 0.70 of the sentences by the rules' most confident
# event and 0.85 by the classifier; keeping the rules' class where a CAMEO pattern (not a bare verb) typed the
# event, or where the classifier is unsure, never did better (0.83-0.85 at thresholds 0.3-0.8). So the
# classifier decides the class of the sentence's main event; the rules decide everything within it: which of
# the sentence's events is main (the most confident event of the decided class), its CAMEO code and its roles.
# Only when no event of the sentence has that class is the main event retyped to the class's default root
# (CLASS_DEFAULT_CODE), keeping its roles, and its confidence lowered. MODEL_SURE raises the bar if a future
# model is less reliable; 0 means the classifier always decides.
MODEL_SURE = 0.0
RETYPE, RETYPE_SURE = True, 0.6  # defaults of settings.pentacode_retype / pentacode_retype_sure
CLASS_DEFAULT_CODE = {0: "010", 1: "040", 2: "070", 3: "110", 4: "190"}


def decide(
    candidates: list[int],
    model: tuple[int, float],
    *,
    model_sure: float = MODEL_SURE,
    retype: bool = RETYPE,
    retype_sure: float = RETYPE_SURE,
) -> tuple[int, int | None, str]:
    """The main event of a sentence. candidates: the pentacodes of the sentence's events, most confident first;
    model: the classifier's (class, probability). Returns (class, index of the main event or None when the
    most confident event is to be retyped to the class, source), source being
    'agree'  the most confident event has the classifier's class;
    'model'  another event of the sentence has it and becomes main, or (index None) none has it and the most
             confident one is retyped;
    'rules'  the classifier is below model_sure: the rules' most confident event stands."""
    model_class, model_prob = int(model[0]), float(model[1])
    if not candidates:
        return model_class, None, "model"
    if int(candidates[0]) == model_class:
        return model_class, 0, "agree"
    if model_prob < model_sure:
        return int(candidates[0]), 0, "rules"
    if model_class in candidates:
        return model_class, [int(c) for c in candidates].index(model_class), "model"
    if not retype or model_prob < retype_sure:
        return int(candidates[0]), 0, "rules"
    return model_class, None, "model"


def combine(rule_pentacode: int | None, model: tuple[int, float]) -> tuple[int, str]:
    """Sentence class from its main rule event and the classifier: decide() with one candidate (kept for the
    benchmark's sentence-level view)."""
    cls, _, source = decide([] if rule_pentacode is None else [int(rule_pentacode)], model)
    return cls, source


# --- features ----------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_MULTI_SPACE = re.compile(r"\s\s+")


def word_ngrams(text: str, lo: int = 1, hi: int = 2) -> list[str]:
    """Lowercased word n-grams, tokens of two or more word characters (scikit-learn's default tokenizer)."""
    tokens = _TOKEN.findall(text.lower())
    out: list[str] = []
    for n in range(lo, hi + 1):
        out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


def char_wb_ngrams(text: str, lo: int = 2, hi: int = 5) -> list[str]:
    """Character n-grams inside space-padded words (scikit-learn's 'char_wb' analyzer)."""
    out: list[str] = []
    for word in _MULTI_SPACE.sub(" ", text.lower()).split():
        w = f" {word} "
        length = len(w)
        for n in range(lo, hi + 1):
            if n >= length:  # a word no longer than n counts once, whole
                out.append(w)
                break
            out.extend([w[i : i + n] for i in range(length - n + 1)])
    return out


def _tfidf_row(grams: list[str], vocab: dict[str, int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    get = vocab.get
    known = [i for i in map(get, grams) if i is not None]
    if not known:
        return np.empty(0, np.int64), np.empty(0, np.float64)
    idx, tf = np.unique(np.array(known, np.int64), return_counts=True)
    val = (1.0 + np.log(tf)) * idf[idx]
    return idx, val / np.linalg.norm(val)


def _build_vocab(docs: list[list[str]], min_df: int) -> tuple[dict[str, int], np.ndarray]:
    df = Counter(g for doc in docs for g in set(doc))
    terms = sorted(t for t, c in df.items() if c >= min_df)
    n = len(docs)
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms])  # smooth idf, as scikit-learn
    return {t: i for i, t in enumerate(terms)}, idf


def _compile_triggers(triggers: list[tuple[str, str]]) -> list[tuple[str, re.Pattern]]:
    return [(etype, re.compile(pattern, re.I)) for etype, pattern in triggers]


def pipeline_triggers(extra_dir: str | None = None) -> list[tuple[str, str]]:
    """(event_type, full regex) of the pipeline's trigger table, as compiled by newsevents.extract.events."""
    from newsevents.extract.triggers import load_triggers

    return [(t.event_type, t.pattern.pattern) for t in load_triggers(extra_dir)]


# --- the model ---------------------------------------------------------------------------------------------


@dataclass
class PentacodeModel:
    word_vocab: dict[str, int]
    word_idf: np.ndarray
    char_vocab: dict[str, int]
    char_idf: np.ndarray
    trigger_types: list[str]
    triggers: list[tuple[str, str]]
    coef: np.ndarray  # (n_features, n_classes)
    intercept: np.ndarray  # (n_classes,)
    classes: np.ndarray  # (n_classes,) int
    temperature: float = 1.0  # probability = softmax(temperature * score)
    config: dict = field(default_factory=lambda: dict(DEFAULTS))
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._compiled = _compile_triggers(self.triggers)
        self._type_index = {t: i for i, t in enumerate(self.trigger_types)}

    @property
    def n_features(self) -> int:
        return len(self.word_vocab) + len(self.char_vocab) + len(self.trigger_types)

    def trigger_hits(self, text: str) -> set[str]:
        return {etype for etype, pat in self._compiled if etype in self._type_index and pat.search(text)}

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse feature vector of one sentence: (indices, values)."""
        cfg = self.config
        wi, wv = _tfidf_row(word_ngrams(text, *cfg["word_ngrams"]), self.word_vocab, self.word_idf)
        ci, cv = _tfidf_row(char_wb_ngrams(text, *cfg["char_ngrams"]), self.char_vocab, self.char_idf)
        off_c, off_t = len(self.word_vocab), len(self.word_vocab) + len(self.char_vocab)
        ti = np.array(sorted(self._type_index[t] for t in self.trigger_hits(text)), np.int64)
        tv = np.full(len(ti), float(cfg["trigger_scale"]))
        return np.concatenate([wi, ci + off_c, ti + off_t]), np.concatenate([wv, cv, tv])

    def decision_function(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), len(self.classes)))
        for r, text in enumerate(texts):
            idx, val = self.features(text)
            out[r] = val @ self.coef[idx] + self.intercept
        return out

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        return _softmax(self.temperature * self.decision_function(texts))

    def predict(self, texts: list[str]) -> list[tuple[int, float]]:
        proba = self.predict_proba(texts)
        best = proba.argmax(axis=1)
        return [(int(self.classes[b]), float(proba[r, b])) for r, b in enumerate(best)]

    # --- persistence: arrays + JSON only, no pickled code ---

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        header = {
            "format_version": FORMAT_VERSION,
            "config": self.config,
            "meta": self.meta,
            "trigger_types": self.trigger_types,
            "triggers": [list(t) for t in self.triggers],
            "temperature": self.temperature,
        }
        words = sorted(self.word_vocab, key=self.word_vocab.__getitem__)
        chars = sorted(self.char_vocab, key=self.char_vocab.__getitem__)
        with path.open("wb") as fh:  # a file handle: np.savez would otherwise append '.npz' to other names
            np.savez_compressed(
                fh,
                header=np.array(json.dumps(header, ensure_ascii=False)),
                word_terms=np.array("\n".join(words)),
                word_idf=self.word_idf.astype(np.float32),
                char_terms=np.array("\n".join(chars)),
                char_idf=self.char_idf.astype(np.float32),
                coef=self.coef.astype(np.float32),
                intercept=self.intercept.astype(np.float64),
                classes=self.classes.astype(np.int64),
            )
        return path

    @classmethod
    def load(cls, path: str | Path) -> PentacodeModel:
        with np.load(Path(path), allow_pickle=False) as z:
            header = json.loads(str(z["header"]))
            if header.get("format_version") != FORMAT_VERSION:
                raise ValueError(f"{path}: format_version {header.get('format_version')}, expected {FORMAT_VERSION}")
            words, chars = str(z["word_terms"]).split("\n"), str(z["char_terms"]).split("\n")
            return cls(
                word_vocab={t: i for i, t in enumerate(words)},
                word_idf=z["word_idf"].astype(np.float64),
                char_vocab={t: i for i, t in enumerate(chars)},
                char_idf=z["char_idf"].astype(np.float64),
                trigger_types=header["trigger_types"],
                triggers=[tuple(t) for t in header["triggers"]],
                coef=z["coef"].astype(np.float64),
                intercept=z["intercept"],
                classes=z["classes"],
                temperature=float(header["temperature"]),
                config=header["config"],
                meta=header["meta"],
            )


def _softmax(scores: np.ndarray) -> np.ndarray:
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> PentacodeModel:
    p = Path(path) if path else MODEL_PATH
    if not p.is_file():
        raise FileNotFoundError(
            f"pentacode model not found at {p}; build it with `python -m newsevents.extract.pentacode train`"
        )
    return PentacodeModel.load(p)


def predict_pentacode(sentences: list[str], model_path: str | None = None) -> list[tuple[int, float]]:
    """(pentacode, probability) for each sentence, from the shipped model (data/pentacode_model.npz)."""
    return load_model(model_path).predict(list(sentences))


# --- training (needs scikit-learn) -------------------------------------------------------------------------


def _design_matrix(model: PentacodeModel, texts: list[str]) -> Any:  # a scipy sparse matrix
    from scipy import sparse

    rows, cols, vals = [], [], []
    for r, text in enumerate(texts):
        idx, val = model.features(text)
        rows.append(np.full(len(idx), r))
        cols.append(idx)
        vals.append(val)
    return sparse.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(len(texts), model.n_features)
    )


def _fit_linear(texts: list[str], labels: np.ndarray, triggers: list[tuple[str, str]], config: dict) -> PentacodeModel:
    from sklearn.svm import LinearSVC

    word_vocab, word_idf = _build_vocab([word_ngrams(t, *config["word_ngrams"]) for t in texts], config["min_df"])
    char_vocab, char_idf = _build_vocab([char_wb_ngrams(t, *config["char_ngrams"]) for t in texts], config["min_df"])
    types = sorted({etype for etype, _ in triggers})
    classes = np.unique(labels)
    model = PentacodeModel(
        word_vocab,
        word_idf,
        char_vocab,
        char_idf,
        types,
        list(triggers),
        np.zeros((0, len(classes))),
        np.zeros(len(classes)),
        classes,
        1.0,
        dict(config),
    )
    X = _design_matrix(model, texts)
    svm = LinearSVC(C=config["C"], random_state=0).fit(X, labels)
    model.coef = np.ascontiguousarray(svm.coef_.T)
    model.intercept = svm.intercept_.copy()
    return model


def _fit_temperature(scores: np.ndarray, labels: np.ndarray, classes: np.ndarray) -> float:
    """The softmax temperature that minimises the log loss of out-of-fold decision scores."""
    target = np.searchsorted(classes, labels)
    best_t, best_nll = 1.0, np.inf
    for t in np.exp(np.linspace(np.log(0.2), np.log(50), 200)):
        p = _softmax(t * scores)[np.arange(len(target)), target]
        nll = -np.log(np.clip(p, 1e-12, None)).mean()
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t


def fit(
    texts: list[str],
    labels: np.ndarray | list[int],
    *,
    triggers: list[tuple[str, str]] | None = None,
    config: dict | None = None,
    calibrate_folds: int = 3,
    seed: int = 0,
) -> PentacodeModel:
    """Fit vocabularies, IDF, the SVM and (with calibrate_folds >= 2) the softmax temperature, on out-of-fold
    scores of an inner stratified CV. triggers default to the pipeline's current trigger table."""
    from sklearn.model_selection import StratifiedKFold

    cfg = dict(DEFAULTS, **(config or {}))
    triggers = pipeline_triggers() if triggers is None else list(triggers)
    texts, labels = list(texts), np.asarray(labels, dtype=np.int64)
    model = _fit_linear(texts, labels, triggers, cfg)
    if calibrate_folds and calibrate_folds >= 2:
        scores = np.zeros((len(texts), len(model.classes)))
        for tr, te in StratifiedKFold(calibrate_folds, shuffle=True, random_state=seed).split(texts, labels):
            inner = _fit_linear([texts[i] for i in tr], labels[tr], triggers, cfg)
            scores[te] = inner.decision_function([texts[i] for i in te])
        model.temperature = _fit_temperature(scores, labels, model.classes)
    return model


def read_tsv(path: str | Path) -> tuple[list[str], np.ndarray]:
    """`sentence<TAB>label` rows (no header)."""
    texts, labels = [], []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            sentence, _, label = line.rpartition("\t")
            if not sentence or not label.strip().isdigit():
                raise ValueError(f"{path}:{n}: expected 'sentence<TAB>label'")
            texts.append(sentence)
            labels.append(int(label))
    return texts, np.array(labels, dtype=np.int64)


def held_out_rows(gold_path: str | Path | None) -> set[int]:
    """0-based line numbers of the training file that a gold file uses ('cbtrain-NNNN' ids): never trained on."""
    if not gold_path or not Path(gold_path).is_file():
        return set()
    rows = set()
    for line in Path(gold_path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            gid = json.loads(line).get("id", "")
            if gid.startswith("cbtrain-"):
                rows.add(int(gid.split("-", 1)[1]))
    return rows


def train(tsv_path: str | Path, out_path: str | Path = MODEL_PATH, exclude: str | Path | None = None) -> PentacodeModel:
    """Fit on the rows of tsv_path (less those a gold file uses, see held_out_rows) and write the artifact."""
    import hashlib

    import sklearn

    texts, labels = read_tsv(tsv_path)
    skip = held_out_rows(exclude)
    keep = [i for i in range(len(texts)) if i not in skip]
    texts, labels = [texts[i] for i in keep], labels[keep]
    model = fit(texts, labels)
    model.meta = {
        "trained_on": Path(tsv_path).name,
        "sha256": hashlib.sha256(Path(tsv_path).read_bytes()).hexdigest(),
        "held_out": f"{len(skip)} rows used by {Path(exclude).name}" if skip and exclude else "none",
        "n_rows": len(texts),
        "class_counts": {int(c): int((labels == c).sum()) for c in model.classes},
        "estimator": f"sklearn {sklearn.__version__} LinearSVC",
    }
    model.save(out_path)
    load_model.cache_clear()
    return model


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m newsevents.extract.pentacode", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train", help="rebuild the shipped model artifact")
    t.add_argument("--data", default=str(DEFAULT_TSV))
    t.add_argument("--out", default=str(MODEL_PATH))
    t.add_argument(
        "--exclude",
        default=str(DEFAULT_GOLD),
        help="gold JSONL whose cbtrain-N sentences are left out of training (the dev gold by default)",
    )
    p = sub.add_parser("predict", help="pentacode of sentences given as arguments (or one per line on stdin)")
    p.add_argument("sentences", nargs="*")
    args = ap.parse_args(argv)
    if args.cmd == "train":
        if not Path(args.data).is_file():
            print(f"training data not found: {args.data}", file=sys.stderr)
            return 2
        model = train(args.data, args.out, args.exclude)
        size = Path(args.out).stat().st_size
        print(
            f"wrote {args.out} ({size / 1e6:.2f} MB): {len(model.word_vocab)} word + {len(model.char_vocab)} char "
            f"n-grams + {len(model.trigger_types)} trigger types, temperature {model.temperature:.2f}"
        )
        return 0
    sentences = args.sentences or [line.strip() for line in sys.stdin if line.strip()]
    for s, (c, prob) in zip(sentences, predict_pentacode(sentences)):
        print(f"{c}\t{prob:.2f}\t{PENTACODE_NAMES[c]}\t{s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
