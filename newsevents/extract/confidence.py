"""Calibrated confidence of event rows: a logistic model over the evidence of each row (is it the sentence's
main event, does the classifier agree with the rules' type, the classifier's probability, did a CAMEO pattern or
only a bare verb type it, which roles, date and place were found, how deep in the sentence the predicate is).

The coefficients ship in data/confidence.json and are fitted by `python -m newsevents.extract.confidence fit`
on held-out labelled sentences: the ConfliBERT pentacode training file less the sentences of the dev gold
(fitting on those would make the dev-gold reliability table meaningless). A row counts as right when its
pentacode is the sentence's label. The pipeline's rows run through the same code as the fit
(extract.rows._extract_rows + second_opinion), so the table measures what is stored; benchmarks/events_gold.py
prints the reliability table on the dev gold (confidence bins against the share of rows that are right)."""

from __future__ import annotations

import contextlib
import json
import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from newsevents.resources import DATA_DIR

PATH = DATA_DIR / "confidence.json"
# Off inside `uncalibrated()` only, for this thread or task: the shipped file is never touched to switch it.
_CALIBRATED: ContextVar[bool] = ContextVar("newsevents_calibrated", default=True)
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
def _weights() -> list[float] | None:
    if not PATH.is_file():
        return None
    data = json.loads(PATH.read_text(encoding="utf-8"))
    if tuple(data.get("features", ())) != FEATURES:
        return None  # an artifact of another feature set: fall back to the evidence score
    return [float(w) for w in data["weights"]]


@contextmanager
def uncalibrated() -> Iterator[None]:
    """Inside the block (this thread or task only), calibrate() leaves every row's evidence score as it is: what
    `fit` learns from. Runs in other threads and processes keep their calibration; no file is changed."""
    token = _CALIBRATED.set(False)
    try:
        yield
    finally:
        _CALIBRATED.reset(token)


def calibrate(rows: list[dict]) -> None:
    """Set each row's confidence to the fitted probability that it is right (rounded to 0.01); nothing inside
    uncalibrated()."""
    if not _CALIBRATED.get():
        return
    weights = _weights()
    if weights is None:
        return
    for r in rows:
        z = sum(w * x for w, x in zip(weights, features(r)))
        r["confidence"] = round(min(0.99, max(0.01, 1.0 / (1.0 + math.exp(-z)))), 2)


def held_out_event_rows(tsv: str, gold: str, *, calibrated: bool) -> tuple[list[dict], dict[str, int]]:
    """The pipeline's event rows for the labelled sentences of tsv that gold does not use, each with the
    classifier's out-of-fold reading (5 folds, refitted on the others: the shipped model was trained on these
    very sentences), and each sentence's pentacode label. calibrated=False: confidence without the shipped
    weights (what `fit` learns from)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    from newsevents.extract import pentacode as P
    from newsevents.extract.rows import _extract_rows, second_opinion
    from newsevents.settings import Settings

    texts, labels = P.read_tsv(tsv)
    skip = P.held_out_rows(gold)
    items = [(f"a_{i:016x}", t, None) for i, t in enumerate(texts) if i not in skip]
    label_of = {f"a_{i:016x}": int(labels[i]) for i in range(len(texts)) if i not in skip}
    _, rows = _extract_rows([(aid, t, d, "fit") for aid, t, d in items], Settings(), "fit", [])
    ids = sorted(label_of)
    y_ids = np.array([label_of[i] for i in ids])
    fold_of: dict[str, int] = {}
    for k, (_, te) in enumerate(StratifiedKFold(5, shuffle=True, random_state=0).split(ids, y_ids)):
        fold_of.update({ids[j]: k for j in te})
    text_of = {aid: t for aid, t, _ in items}
    out_rows: list[dict] = []
    with contextlib.nullcontext() if calibrated else uncalibrated():
        for k in range(5):
            train_ids = [i for i in ids if fold_of[i] != k]
            model = P.fit([text_of[i] for i in train_ids], np.array([label_of[i] for i in train_ids]))
            out_rows += second_opinion([r for r in rows if fold_of[r["article_id"]] == k], model=model)
    return out_rows, label_of


def fit(tsv: str, gold: str, out: Path = PATH) -> None:
    """Fit the weights on the labelled sentences of tsv that gold does not use; write them to out."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from newsevents.extract.pentacode import held_out_rows as gold_rows

    skip = gold_rows(gold)
    rows, label_of = held_out_event_rows(tsv, gold, calibrated=False)
    X = np.array([features(r) for r in rows])
    y = np.array([int(r["pentacode"] == label_of[r["article_id"]]) for r in rows])
    lr = LogisticRegression(C=1.0, fit_intercept=False, max_iter=2000).fit(X, y)
    out.write_text(
        json.dumps(
            {
                "features": list(FEATURES),
                "weights": [round(float(w), 5) for w in lr.coef_[0]],
                "fitted_on": f"{Path(tsv).name} less the {len(skip)} sentences of {Path(gold).name}",
                "n_rows": int(len(y)),
                "share_right": round(float(y.mean()), 4),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    _weights.cache_clear()
    print(f"fitted on {len(y)} event rows of {len(label_of)} sentences ({y.mean():.3f} right) -> {out}")


def main(argv: list[str] | None = None) -> int:
    from newsevents.extract.pentacode import DEFAULT_GOLD, DEFAULT_TSV

    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] != "fit":
        print("usage: python -m newsevents.extract.confidence fit [TSV [GOLD]]", file=sys.stderr)
        return 2
    tsv = argv[1] if len(argv) > 1 else str(DEFAULT_TSV)
    gold = argv[2] if len(argv) > 2 else str(DEFAULT_GOLD)
    fit(tsv, gold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
