"""Events on whole articles of every topic: the shared stream gold and the project's own whole-article sets.

    .venv/bin/python benchmarks/events_stream.py                  # shared stream gold + fit set + blind set
    .venv/bin/python benchmarks/events_stream.py --sets stream,fit --errors 5

Each set is scored by the shared scorer's own matching (../shared/events/score_stream.py: precision, recall,
whole row, rows per out-of-scope article, calibration). The pipeline runs once per corpus of a set (BBC plain
text, Fundus HTML pages) on the very files, as a user's run would. The sets:

- stream: ../shared/events/stream_gold.jsonl, 30 BBC articles (the shared yardstick);
- fit:    benchmarks/gold/fit/, 30 BBC articles and 30 English Fundus pages, coded blind to the system: what the
          project develops and fits on;
- blind:  benchmarks/gold/blind/, 25 BBC articles and 30 other Fundus pages, coded blind: reported, never tuned on.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD = REPO / "benchmarks" / "gold"
CORPORA = {"bbc": SHARED / "corpora" / "bbc-news", "fundus": SHARED / "corpora" / "fundus-parser-test"}
SETS = {
    "stream": [("bbc", SHARED / "events" / "stream_gold.jsonl")],
    "fit": [("bbc", GOLD / "fit" / "bbc.jsonl"), ("fundus", GOLD / "fit" / "fundus.jsonl")],
    "blind": [("bbc", GOLD / "blind" / "bbc.jsonl"), ("fundus", GOLD / "blind" / "fundus.jsonl")],
}


def load_scorer(path: Path) -> ModuleType:
    sys.path.insert(0, str(path.parent))  # score_stream imports score_events beside it
    spec = importlib.util.spec_from_file_location("score_stream", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_set(name: str, scorer: ModuleType, cli: str, workdir: Path) -> tuple[list[dict], dict[str, list[dict]]]:
    """The set's gold articles and the pipeline's rows per article id (one pipeline run per corpus)."""
    gold: list[dict] = []
    pred: dict[str, list[dict]] = {}
    for corpus, path in SETS[name]:
        articles = read_gold(path)
        gold += articles
        pred.update(scorer.run_pipeline(articles, CORPORA[corpus], cli, workdir / f"{name}-{corpus}"))
    return gold, pred


def print_summary(name: str, s: dict) -> None:
    print(f"== {name}: {s['articles']} articles, {s['gold_main_events']} real gold events, {s['rows']} rows")
    print(
        f"  precision {s['precision_rows']:.3f}  recall {s['recall_found']:.3f}  F1 {s['f1']:.3f}  "
        f"whole row {s['row_over_all_gold']:.3f}"
    )
    print(
        f"  of found: actor1 {s['actor1_of_found']:.3f}  actor2 {s['actor2_of_found']:.3f}  "
        f"place {s['place_of_found']:.3f}"
    )
    print(
        f"  rows per out-of-scope article {s['rows_per_out_of_scope_article']:.2f} "
        f"({s['out_of_scope_articles_with_rows']:.0%} of them have rows); "
        f"rows at confidence >= 0.8 right {s['right_at_conf80']:.3f} (n={s['rows_conf80']})"
    )
    print(
        "  by category: "
        + "; ".join(
            f"{k} {v['rows']} rows p={v['precision']:.2f} r={v['recall']:.2f}" for k, v in s["by_category"].items()
        )
    )
    print(
        "  calibration: "
        + "; ".join(f"{k}: {v['right']:.2f} of {v['rows']}" for k, v in s["calibration"].items() if v["rows"])
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="stream,fit,blind", help="comma-separated: stream, fit, blind")
    ap.add_argument("--scorer", type=Path, default=SHARED / "events" / "score_stream.py")
    ap.add_argument("--cli", default=str(REPO / ".venv" / "bin" / "newsevents"))
    ap.add_argument("--errors", type=int, default=0, help="print this many examples of each error kind")
    ap.add_argument("--json", type=Path, help="write the figures of every set here")
    ap.add_argument(
        "--thresholds",
        help="comma-separated confidence bars: run once storing every row (NEWSEVENTS_MIN_CONFIDENCE=0) and print "
        "precision and recall of the rows each bar would keep (rows that count casualties are always kept)",
    )
    args = ap.parse_args()
    if not args.scorer.is_file() or not all(p.is_dir() for p in CORPORA.values()):
        print(f"needs {args.scorer} and the corpora under {SHARED / 'corpora'}: not present here", file=sys.stderr)
        return 0
    scorer = load_scorer(args.scorer)
    if args.thresholds:
        import os

        os.environ["NEWSEVENTS_MIN_CONFIDENCE"] = "0"
    out = {}
    with tempfile.TemporaryDirectory(prefix="events-stream-") as tmp:
        for name in args.sets.split(","):
            gold, pred = run_set(name, scorer, args.cli, Path(tmp))
            for bar in [float(b) for b in args.thresholds.split(",")] if args.thresholds else ():
                kept = {
                    k: [r for r in v if (r.get("confidence") or 0) >= bar or r.get("killed") or r.get("injured")]
                    for k, v in pred.items()
                }
                t = scorer.summary(scorer.score(gold, kept)[0])
                print(
                    f"  {name} at confidence >= {bar:.2f}: {t['rows']} rows, precision {t['precision_rows']:.3f}, "
                    f"recall {t['recall_found']:.3f}, whole row {t['row_over_all_gold']:.3f}, "
                    f"rows per out-of-scope article {t['rows_per_out_of_scope_article']:.2f}"
                )
            res, errors = scorer.score(gold, pred)
            out[name] = s = scorer.summary(res)
            print_summary(name, s)
            if args.errors and name == "blind":
                print("  (the blind set's errors are never printed: it is only scored, so its figures stay honest)")
            for kind, msgs in sorted(errors.items()) if args.errors and name != "blind" else ():
                print(f"\n## {name} {kind}: {len(msgs)}")
                for m in msgs[: args.errors]:
                    print("  " + m)
            print()
    if args.json:
        args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
