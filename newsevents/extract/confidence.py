"""Calibrated confidence of event rows: a logistic model over the evidence of each row (is it the sentence's
main event, does the classifier agree with the rules' type, the classifier's probability, did a CAMEO pattern or
only a bare verb type it, which roles, date and place were found, how deep in the sentence the predicate is).

The coefficients ship in data/confidence.json and are fitted by `python -m newsevents.extract.confidence_fit`
on held-out labelled sentences: the ConfliBERT pentacode training file less the sentences of the dev gold
(fitting on those would make the dev-gold reliability table meaningless). A row counts as right when its
pentacode is the sentence's label. The pipeline's rows run through the same code as the fit
(extract.rows.extract_rows + second_opinion), so the table measures what is stored; benchmarks/events_gold.py
prints the reliability table on the dev gold (confidence bins against the share of rows that are right)."""

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
    "actor2",
    "date",
    "place",
    "statement",
    "depth",
    "noun",
    "intent",
    "reported",
    "background",
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
        float(row.get("actor2") is not None),
        float(row.get("date_source") in ("sentence", "report")),
        float(row.get("location") is not None),
        float(row.get("cameo_root") == "01"),
        float(min(row.get("_depth") or 0, 3)),
        float(bool(row.get("_noun"))),
        float(bool(row.get("_intent"))),
        float(bool(row.get("_reported"))),
        float(row.get("mention_kind") == "background"),
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
