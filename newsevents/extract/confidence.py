"""Calibrated confidence of event rows: the probability that a stored row is a right, in-scope event. A logistic
model over the evidence of each row: is it the sentence's main event, does the classifier agree with the rules'
type, did a CAMEO pattern or only a bare verb type it, which roles, date and place were found, is actor1 a public
actor or a person, is it a statement, how deep in the sentence the predicate is, does the article read as politics.

The coefficients ship in data/confidence.json and are fitted by `python -m newsevents.extract.confidence_fit` on
whole articles of every topic with negatives: the project's fit set (benchmarks/gold/fit: 60 articles, BBC and
Fundus pages), where a row is right when its sentence holds a real gold event of the same quad class whose actor1
agrees (the shared stream scorer's test) and wrong otherwise, also when the article holds no event at all. The
pipeline's rows run through the same code as the fit (extract.rows.extract_rows + second_opinion), so the figures
measure what is stored; benchmarks/events_stream.py prints the reliability table on data it was not fitted on (the
shared stream gold, the blind set)."""

from __future__ import annotations

import json
import math
from functools import lru_cache

from newsevents.resources import DATA_DIR

PATH = DATA_DIR / "confidence.json"
FEATURES = (
    "bias",
    "main",
    "agree",
    "retyped",
    "model_probability",
    "pattern",
    "actor1",
    "actor1_known",
    "actor1_public",
    "actor1_person",
    "actor2",
    "actor2_public",
    "date",
    "place",
    "statement",
    "verbal",
    "violent",
    "depth",
    "noun",
    "intent",
    "reported",
    "background",
    "political",
    "quoted",
    "casualties",
)


def features(row: dict) -> list[float]:
    return [
        1.0,
        float(bool(row.get("is_main"))),
        float(row.get("type_source") == "agree"),
        float(row.get("type_source") == "model"),
        float(row.get("model_probability") or 0.0),
        float((row.get("_specificity") or 0) > 0),
        float(row.get("actor1") is not None),
        float(bool(row.get("_a1_known"))),
        float(bool(row.get("_a1_public"))),
        float(row.get("_a1_kind") == "person"),
        float(row.get("actor2") is not None),
        float(bool(row.get("_a2_public"))),
        float(row.get("date_source") in ("sentence", "report")),
        float(row.get("location") is not None),
        float(bool(row.get("_statement"))),
        float(bool(row.get("_verbal"))),
        float(bool(row.get("_violent"))),
        float(min(row.get("_depth") or 0, 3)),
        float(bool(row.get("_noun"))),
        float(bool(row.get("_intent"))),
        float(bool(row.get("_reported"))),
        float(row.get("mention_kind") == "background"),
        float(bool(row.get("_political"))),
        float(bool(row.get("_quoted"))),
        float(bool(row.get("killed") or row.get("injured"))),
    ]


@lru_cache(maxsize=1)
def load_weights() -> list[float] | None:
    if not PATH.is_file():
        return None
    data = json.loads(PATH.read_text(encoding="utf-8"))
    if tuple(data.get("features", ())) != FEATURES:
        return None  # an artifact of another feature set: fall back to the evidence score
    return [float(w) for w in data["weights"]]


def calibrate(rows: list[dict]) -> None:
    """Set each row's confidence to the fitted probability that it is right (rounded to 0.01)."""
    weights = load_weights()
    if weights is None:
        return
    for r in rows:
        z = sum(w * x for w, x in zip(weights, features(r)))
        r["confidence"] = round(min(0.99, max(0.01, 1.0 / (1.0 + math.exp(-z)))), 2)
