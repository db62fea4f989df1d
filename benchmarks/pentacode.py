"""CAMEO pentacode benchmark: the pipeline's rule-based events, the fitted classifier and their hybrid.

    python benchmarks/pentacode.py [--data ../shared/events/conflibert_pentacode_train.tsv] [--folds 5]
                                   [--seed 0] [--no-groups] [--triggers PATH] [--by-trigger] [--json OUT]

Each sentence goes through the pipeline's own event extraction as one article (gazetteer min population 15000,
countries AZ AM GE TR IR RU); the sentence's main event is its highest-confidence event and its class is
``ev.event_type.pentacode``. Systems:

(a) rules      main event's pentacode; no event -> the training fold's most frequent class
(b) classifier newsevents.extract.pentacode.fit on the training folds (TF-IDF word 1-2 + char_wb 2-5 + trigger-type
               indicators, LinearSVC, softmax temperature from an inner CV), predicting the held-out fold;
               '(b0)' is the same without the trigger-type features
(c) hybrid     newsevents.extract.pentacode.combine(rule pentacode, classifier (class, probability))
(d) pipeline   what the pipeline stores: the rows of newsevents.extract.rows (the pipeline's own extraction) put
               through rows.second_opinion with the fold's classifier (the one policy, pentacode.decide); the
               class of the sentence's main stored event

The CV is stratified k-fold with near-duplicate sentences (char 3-5 gram TF-IDF cosine >= 0.6, e.g. the same
wire story twice) kept in the same fold (StratifiedGroupKFold); --no-groups gives plain StratifiedKFold. Every
fitted number is out-of-fold: the classifier is refitted inside each fold. Per-class tables and the confusion
matrix are pooled over the out-of-fold predictions; 'mean ± std' is over folds.
Speed is one process on this machine: rules = gazetteer lookup + extract_events (gazetteer already loaded),
classifier = the shipped model (data/pentacode_model.npz, already loaded), hybrid = both + combine.

--triggers PATH evaluates another trigger table in place of newsevents/data/triggers.csv for the classifier's
trigger-type features (the rules no longer read triggers), to measure a proposed regex edit before it is applied;
the table used is written to --json as "triggers".
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "events" / "conflibert_pentacode_train.tsv"
COUNTRIES = ("AZ", "AM", "GE", "TR", "IR", "RU")
ARTICLE_ID = "a_0000000000000000"
CLASSES = [0, 1, 2, 3, 4]
NAMES = ["statement/appeal", "verbal coop", "material coop", "verbal conflict", "material conflict"]


def trigger_patterns(path: Path | None) -> list[tuple[str, str]]:
    """The classifier's trigger features: the shipped triggers.csv's, or those of `path` (a proposed edit), read
    the way the pipeline reads its own and handed to every fit explicitly."""
    from newsevents.extract import pentacode as P
    from newsevents.extract.triggers import read_triggers

    if path is None:
        return P.pipeline_triggers()
    return [(t.event_type, t.pattern.pattern) for t in read_triggers(path)]


def near_duplicate_groups(texts: list[str], threshold: float = 0.6) -> np.ndarray:
    """Connected components of sentences whose char 3-5 gram TF-IDF cosine is >= threshold."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(texts)
    sim = (vectors @ vectors.T).tocoo()
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, v in zip(sim.row, sim.col, sim.data):
        if i < j and v >= threshold:
            parent[root(i)] = root(j)
    return np.array([root(i) for i in range(len(texts))])


def run_rules(texts: list[str]) -> tuple[list[tuple[int | None, float | None, str | None]], float, float]:
    """(pentacode, confidence, event type) of each sentence's main event; load and run seconds."""
    from newsevents.extract.events import extract_events, knowledge_for

    t0 = time.perf_counter()
    knowledge = knowledge_for()
    t1 = time.perf_counter()
    out = []
    for text in texts:
        events = extract_events(ARTICLE_ID, text, None, knowledge.gazetteer.find(text), knowledge)
        if events:
            ev = max(events, key=lambda e: e.confidence)
            out.append((ev.event_type.pentacode, ev.confidence, ev.event_type.event_type))
        else:
            out.append((None, None, None))
    return out, t1 - t0, time.perf_counter() - t1


def pipeline_rows(texts: list[str]) -> dict[int, list[dict]]:
    """The event rows the pipeline builds for each sentence (newsevents.extract.rows: parse, rules, before the
    pentacode policy), by sentence index. The policy is applied per fold with that fold's classifier."""
    from newsevents.extract.events import knowledge_for
    from newsevents.extract.rows import extract_rows

    items = [(f"a_{i:016x}", t, None, "benchmark", None) for i, t in enumerate(texts)]
    _, rows = extract_rows(items, knowledge_for(), "benchmark", [])
    out: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        out[int(r["article_id"][2:], 16)].append(r)
    return out


def stored_pentacode(rows: list[dict], model) -> int | None:
    """The pentacode of the sentence's main event as the pipeline stores it (extract.rows.second_opinion with
    this classifier: the one policy, pentacode.decide; then the rows under settings.min_confidence left out, as
    extract_frames does). The main event, or the most confident stored row if the main one was left out."""
    import copy

    from newsevents.extract.rows import confident, second_opinion
    from newsevents.settings import Settings

    stored = confident(second_opinion(copy.deepcopy(rows), model=model), Settings().min_confidence)
    main = [r for r in stored if r.get("is_main")] or stored
    return max(main, key=lambda r: r["confidence"])["pentacode"] if main else None


def report(name: str, y: np.ndarray, pred: np.ndarray, fold_f1: list[float]) -> dict:
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(y, pred, labels=CLASSES, zero_division=0)
    cm = confusion_matrix(y, pred, labels=CLASSES)
    pooled = f1_score(y, pred, labels=CLASSES, average="macro")
    mean, std = statistics.mean(fold_f1), (statistics.stdev(fold_f1) if len(fold_f1) > 1 else 0.0)
    print(f"\n== {name}")
    print(
        f"macro-F1 {mean:.4f} ± {std:.4f} over {len(fold_f1)} folds (pooled out-of-fold {pooled:.4f}); "
        f"accuracy {float((y == pred).mean()):.4f}"
    )
    print(f"  {'class':<22}{'prec':>7}{'rec':>7}{'F1':>7}{'n':>6}    confusion (rows true, cols predicted)")
    for k in CLASSES:
        print(
            f"  {k} {NAMES[k]:<20}{p[k]:7.3f}{r[k]:7.3f}{f[k]:7.3f}{s[k]:6d}    " + " ".join(f"{v:4d}" for v in cm[k])
        )
    return {
        "macro_f1_mean": mean,
        "macro_f1_std": std,
        "macro_f1_pooled": pooled,
        "fold_f1": fold_f1,
        "precision": p.tolist(),
        "recall": r.tolist(),
        "f1": f.tolist(),
        "support": s.tolist(),
        "confusion": cm.tolist(),
    }


def by_trigger(y: np.ndarray, rules: list[tuple[int | None, float | None, str | None]]) -> None:
    table: dict[str, Counter] = defaultdict(Counter)
    for label, (_, _, etype) in zip(y, rules):
        table[etype or "(no event)"][int(label)] += 1
    print("\n== main rule event type -> true label counts (0..4), mapped pentacode marked *")
    from newsevents.extract.taxonomy import load_taxonomy

    tax = load_taxonomy()
    for etype, counts in sorted(table.items(), key=lambda kv: -sum(kv[1].values())):
        mapped = tax[etype].pentacode if etype in tax else None
        cells = " ".join(f"{counts[k]:4d}{'*' if k == mapped else ' '}" for k in CLASSES)
        right = counts[mapped] if mapped is not None else 0
        share = f"{right / sum(counts.values()):.2f}" if mapped is not None else "   -"
        print(f"  {etype:<22}{cells}   right {share}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="sentence<TAB>label file")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--no-groups", action="store_true", help="plain StratifiedKFold (near-duplicates may straddle folds)"
    )
    ap.add_argument("--triggers", type=Path, help="a triggers.csv to use instead of the shipped one")
    ap.add_argument("--by-trigger", action="store_true", help="label counts per main rule event type")
    ap.add_argument("--json", type=Path, help="write all numbers (and out-of-fold predictions) here")
    args = ap.parse_args(argv)

    if not args.data.is_file():
        print(f"pentacode data not found at {args.data} (sentence<TAB>label). Pass --data PATH.", file=sys.stderr)
        return 2
    if args.triggers is not None and not args.triggers.is_file():
        print(f"trigger table not found: {args.triggers}", file=sys.stderr)
        return 2
    try:
        from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
    except ImportError:
        print("scikit-learn is needed for the benchmark (pip install -c constraints.txt -e .)", file=sys.stderr)
        return 2

    from newsevents.extract import pentacode as P

    texts, y = P.read_tsv(args.data)
    print(f"data     {args.data} ({len(texts)} sentences, class counts {np.bincount(y, minlength=5).tolist()})")

    triggers = trigger_patterns(args.triggers)
    rules, load_s, rules_s = run_rules(texts)
    rule_pc = [r[0] for r in rules]
    covered = sum(p is not None for p in rule_pc)
    print(
        f"rules    main event found for {covered}/{len(texts)} sentences ({covered / len(texts):.1%}); "
        f"correct on {sum(p == t for p, t in zip(rule_pc, y) if p is not None) / max(covered, 1):.1%} of those"
    )

    groups = near_duplicate_groups(texts)
    if args.no_groups:
        splits = list(StratifiedKFold(args.folds, shuffle=True, random_state=args.seed).split(texts, y))
    else:
        splits = list(StratifiedGroupKFold(args.folds, shuffle=True, random_state=args.seed).split(texts, y, groups))
    print(
        f"cv       {args.folds} folds, seed {args.seed}, "
        + (
            "plain stratified"
            if args.no_groups
            else f"stratified, {len(texts) - len(set(groups))} near-duplicates grouped"
        )
    )

    by_sentence = pipeline_rows(texts)
    n = len(texts)
    pred = {k: np.zeros(n, np.int64) for k in ("rules", "clf0", "clf", "hybrid", "pipeline")}
    stored_n = 0
    prob = np.zeros(n)
    source = np.empty(n, dtype=object)
    fold_f1: dict[str, list[float]] = defaultdict(list)
    from sklearn.metrics import f1_score

    fit_s = 0.0
    for fold, (tr, te) in enumerate(splits):
        tr_texts, te_texts = [texts[i] for i in tr], [texts[i] for i in te]
        majority = int(np.bincount(y[tr]).argmax())
        t = time.perf_counter()
        model = P.fit(tr_texts, y[tr], triggers=triggers, seed=args.seed)
        fit_s += time.perf_counter() - t
        plain = P.fit(tr_texts, y[tr], triggers=[], calibrate_folds=0)
        out = model.predict(te_texts)
        for j, i in enumerate(te):
            pred["rules"][i] = rule_pc[i] if rule_pc[i] is not None else majority
            pred["clf"][i], prob[i] = out[j]
            pred["hybrid"][i], source[i] = P.combine(rules[i][0], out[j])
            stored = stored_pentacode(by_sentence.get(i, []), model) if by_sentence.get(i) else None
            stored_n += stored is not None
            pred["pipeline"][i] = stored if stored is not None else majority
        pred["clf0"][te] = [c for c, _ in plain.predict(te_texts)]
        for k in pred:
            fold_f1[k].append(f1_score(y[te], pred[k][te], labels=CLASSES, average="macro"))
        print(f"  fold {fold}: " + "  ".join(f"{k} {fold_f1[k][-1]:.3f}" for k in pred), flush=True)

    results = {
        "rules": report("(a) rules only (no event -> most frequent class)", y, pred["rules"], fold_f1["rules"]),
        "clf0": report("(b0) classifier, TF-IDF word+char only", y, pred["clf0"], fold_f1["clf0"]),
        "clf": report(
            "(b) classifier, TF-IDF word+char + trigger-type features (shipped)", y, pred["clf"], fold_f1["clf"]
        ),
        "hybrid": report("(c) hybrid: pentacode.combine(rules, classifier)", y, pred["hybrid"], fold_f1["hybrid"]),
        "pipeline": report(
            "(d) what the pipeline stores: the main event's pentacode after pentacode.decide "
            "(classifier refit per fold; no event -> most frequent class)",
            y,
            pred["pipeline"],
            fold_f1["pipeline"],
        ),
    }
    print(f"\npipeline stored an event for {stored_n}/{n} sentences ({stored_n / n:.1%})")
    print(
        "\nhybrid decided by: "
        + ", ".join(
            f"{s} {int((source == s).sum())} "
            f"(accuracy {float((pred['hybrid'][source == s] == y[source == s]).mean()):.3f})"
            for s in ("agree", "rules", "model")
            if (source == s).any()
        )
    )
    overridden = source == "rules"
    if overridden.any():
        print(
            "  where rules overrode the classifier: "
            f"rules right {int((pred['hybrid'][overridden] == y[overridden]).sum())}, "
            f"classifier would have been right {int((pred['clf'][overridden] == y[overridden]).sum())}"
        )
    # probability calibration of the classifier, out-of-fold
    bins = [0.0, 0.5, 0.7, 0.9, 1.01]
    print(
        "classifier probability vs accuracy (out-of-fold): "
        + ", ".join(
            f"[{lo:.1f},{min(hi, 1):.1f}) n={int(m.sum())} acc={float((pred['clf'][m] == y[m]).mean()):.2f}"
            for lo, hi in zip(bins, bins[1:])
            if (m := (prob >= lo) & (prob < hi)).any()
        )
    )

    if args.by_trigger:
        by_trigger(y, rules)

    # --- speed, one process ---
    print("\n== speed (one process, models already loaded)")
    shipped = P.MODEL_PATH.is_file() and args.triggers is None
    model = P.load_model() if shipped else P.fit(texts, y, triggers=triggers, calibrate_folds=0)
    t = time.perf_counter()
    model.predict(texts)
    clf_s = time.perf_counter() - t
    from newsevents.extract.events import extract_events, knowledge_for

    knowledge = knowledge_for()
    t = time.perf_counter()
    for text in texts:
        events = extract_events(ARTICLE_ID, text, None, knowledge.gazetteer.find(text), knowledge)
        ev = max(events, key=lambda e: e.confidence) if events else None
        P.combine(ev.event_type.pentacode if ev else None, model.predict([text])[0])
    hybrid_s = time.perf_counter() - t
    speed = {"rules": n / rules_s, "classifier": n / clf_s, "hybrid": n / hybrid_s}
    print(f"rules       {speed['rules']:8.0f} sentences/s (gazetteer load {load_s:.1f} s once)")
    print(
        f"classifier  {speed['classifier']:8.0f} sentences/s "
        f"({'shipped model' if shipped else 'model fitted on all rows'}; "
        f"fit on {n - n // args.folds} rows ~{fit_s / len(splits):.1f} s incl. temperature CV)"
    )
    print(f"hybrid      {speed['hybrid']:8.0f} sentences/s (rules + classifier one sentence at a time + combine)")

    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "data": str(args.data),
                    "folds": args.folds,
                    "seed": args.seed,
                    "grouped": not args.no_groups,
                    "triggers": [list(t) for t in triggers],
                    "systems": results,
                    "speed_sentences_per_s": speed,
                    "oof": {
                        "label": y.tolist(),
                        "rule": [r[0] for r in rules],
                        "rule_confidence": [r[1] for r in rules],
                        "rule_event_type": [r[2] for r in rules],
                        "clf": pred["clf"].tolist(),
                        "clf_prob": prob.tolist(),
                        "hybrid": pred["hybrid"].tolist(),
                        "source": source.tolist(),
                    },
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
