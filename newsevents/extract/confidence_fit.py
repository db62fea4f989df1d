"""Fitting the confidence model (newsevents.extract.confidence) on held-out labelled sentences: the ConfliBERT
pentacode training file less the sentences of the dev gold. A row counts as right when its pentacode is the
sentence's label.

    python -m newsevents.extract.confidence_fit [TSV [GOLD]]    # writes newsevents/data/confidence.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newsevents.extract.confidence import FEATURES, PATH, features, load_weights


def held_out_event_rows(tsv: str, gold: str, *, calibrated: bool) -> tuple[list[dict], dict[str, int]]:
    """The pipeline's event rows for the labelled sentences of tsv that gold does not use, each with the
    classifier's out-of-fold reading (5 folds, refitted on the others: the shipped model was trained on these
    very sentences), and each sentence's pentacode label. calibrated=False: confidence without the shipped
    weights (what `fit` learns from)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    from newsevents.extract import pentacode as P
    from newsevents.extract.config import ExtractConfig
    from newsevents.extract.events import knowledge_for
    from newsevents.extract.rows import extract_rows, second_opinion
    from newsevents.settings import Settings

    texts, labels = P.read_tsv(tsv)
    skip = P.held_out_rows(gold)
    items = [(f"a_{i:016x}", t, None) for i, t in enumerate(texts) if i not in skip]
    label_of = {f"a_{i:016x}": int(labels[i]) for i in range(len(texts)) if i not in skip}
    knowledge = knowledge_for(ExtractConfig.from_settings(Settings()))
    _, rows = extract_rows([(aid, t, d, "fit") for aid, t, d in items], knowledge, "fit", [])
    ids = sorted(label_of)
    y_ids = np.array([label_of[i] for i in ids])
    fold_of: dict[str, int] = {}
    for k, (_, te) in enumerate(StratifiedKFold(5, shuffle=True, random_state=0).split(ids, y_ids)):
        fold_of.update({ids[j]: k for j in te})
    text_of = {aid: t for aid, t, _ in items}
    out_rows: list[dict] = []
    for k in range(5):
        train_ids = [i for i in ids if fold_of[i] != k]
        model = P.fit([text_of[i] for i in train_ids], np.array([label_of[i] for i in train_ids]))
        fold_rows = [r for r in rows if fold_of[r["article_id"]] == k]
        out_rows += second_opinion(fold_rows, knowledge.taxonomy, model=model, calibrated=calibrated)
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
    load_weights.cache_clear()
    print(f"fitted on {len(y)} event rows of {len(label_of)} sentences ({y.mean():.3f} right) -> {out}")


def main(argv: list[str] | None = None) -> int:
    from newsevents.extract.pentacode import DEFAULT_GOLD, DEFAULT_TSV

    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("-h", "--help"):
        print("usage: python -m newsevents.extract.confidence_fit [TSV [GOLD]]", file=sys.stderr)
        return 2
    tsv = argv[0] if argv else str(DEFAULT_TSV)
    gold = argv[1] if len(argv) > 1 else str(DEFAULT_GOLD)
    fit(tsv, gold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
