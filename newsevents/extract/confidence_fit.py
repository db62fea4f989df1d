"""Fitting the confidence model (newsevents.extract.confidence) on whole articles with negatives: the project's
fit set (benchmarks/gold/fit), every row the pipeline stores for its articles, labelled right or wrong by the shared
stream scorer's test (../shared/events/score_stream.py: a real gold event of the same quad class in the row's
sentence, whose actor1 agrees at least by country). Rows of articles and sentences without events are negatives.

    python -m newsevents.extract.confidence_fit [GOLD_DIR ...]   # default benchmarks/gold/fit -> data/confidence.json

held_out_event_rows gives the rows of the ConfliBERT labelled sentences (less the dev gold) with their labels, for
benchmarks/min_confidence.py.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from newsevents.extract.confidence import FEATURES, PATH, features, load_weights

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CORPUS = {"bbc": SHARED / "corpora" / "bbc-news", "fundus": SHARED / "corpora" / "fundus-parser-test"}


def _scorer() -> ModuleType:
    path = SHARED / "events" / "score_stream.py"
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location("score_stream", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def gold_article_rows(gold_dir: Path) -> tuple[list[tuple], dict[str, dict]]:
    """The articles of a gold folder (bbc.jsonl, fundus.jsonl) as the pipeline reads and parses them: rows for
    extract_rows, and each article's gold by article id."""
    from newsevents.parse.articles import parse_records
    from newsevents.read.files import InputFile, read_file
    from newsevents.settings import Settings

    rows: list[tuple] = []
    gold_of: dict[str, dict] = {}
    settings = Settings()
    for corpus, root in CORPUS.items():
        path = gold_dir / f"{corpus}.jsonl"
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            file = root / gold["file"]
            st = file.stat()
            _, records, _ = read_file(
                InputFile(str(file), file, st.st_size, st.st_mtime_ns), {}, settings.max_file_bytes
            )
            articles, _ = parse_records(records, settings, "fit", datetime.now(UTC))
            for aid, body, published, uri, title in articles.select(
                "article_id", "body", "published_date", "source_uri", "title"
            ).iter_rows():
                rows.append((aid, body, published, uri, title))
                gold_of[aid] = gold
    return rows, gold_of


def whole_article_rows(gold_dirs: list[Path]) -> tuple[list[dict], list[int]]:
    """Every stored (uncalibrated) row of the gold folders' articles, and whether each is right."""
    from newsevents.extract.events import knowledge_for
    from newsevents.extract.rows import extract_rows, second_opinion

    scorer = _scorer()
    knowledge = knowledge_for()
    out_rows: list[dict] = []
    labels: list[int] = []
    for gold_dir in gold_dirs:
        articles, gold_of = gold_article_rows(gold_dir)
        _, rows = extract_rows(articles, knowledge, "fit", [])
        for r in second_opinion(rows, knowledge.taxonomy, calibrated=False):
            gold = gold_of[r["article_id"]]
            s = scorer.sentence_of(r["evidence"], gold.get("sentences", []))
            real = [e for e in (s or {}).get("events", []) if e.get("status") in scorer.OCCURRED]
            right = any(
                scorer.quad(r["cameo_root"]) == scorer.quad(e.get("cameo_root"))
                and scorer.actor_verdict(
                    r["actor1"], r["actor1_country"], e.get("actor1_text"), e.get("actor1"), e.get("actor1_country")
                )[1]
                for e in real
            )
            out_rows.append(r)
            labels.append(int(right))
    return out_rows, labels


def fit(gold_dirs: list[Path], out: Path = PATH, tsv: Path | None = None, gold: Path | None = None) -> None:
    """Fit the weights on the rows of the gold folders' whole articles, and of the labelled sentences of tsv less
    those of gold (the dev gold) when given; write them to out."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    rows, labels = whole_article_rows(gold_dirs)
    source = ""
    if tsv is not None and gold is not None:
        source = f"; and {tsv.name} less the sentences of {gold.name} (right: the sentence's pentacode)"
        sentence_rows, label_of = held_out_event_rows(str(tsv), str(gold), calibrated=False)
        rows += sentence_rows
        labels += [int(r["pentacode"] == label_of[r["article_id"]]) for r in sentence_rows]
    x = np.array([features(r) for r in rows])
    y = np.array(labels)
    lr = LogisticRegression(C=0.5, fit_intercept=False, max_iter=5000).fit(x, y)
    out.write_text(
        json.dumps(
            {
                "features": list(FEATURES),
                "weights": [round(float(w), 5) for w in lr.coef_[0]],
                "fitted_on": ", ".join(str(d.relative_to(REPO)) for d in gold_dirs)
                + ": every row the pipeline stores for the articles, right or wrong by the stream scorer's test"
                + source,
                "n_rows": int(len(y)),
                "share_right": round(float(y.mean()), 4),
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    load_weights.cache_clear()
    print(f"fitted on {len(y)} event rows ({y.mean():.3f} right) -> {out}")


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
    _, rows = extract_rows([(aid, t, d, "fit", None) for aid, t, d in items], knowledge, "fit", [])
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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("-h", "--help"):
        print("usage: python -m newsevents.extract.confidence_fit [GOLD_DIR ...]", file=sys.stderr)
        return 2
    from newsevents.extract.pentacode import DEFAULT_GOLD, DEFAULT_TSV

    sentences = (DEFAULT_TSV, DEFAULT_GOLD) if DEFAULT_TSV.is_file() else (None, None)
    fit([Path(a).resolve() for a in argv] or [REPO / "benchmarks" / "gold" / "fit"], PATH, *sentences)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
