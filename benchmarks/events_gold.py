"""Event extraction against hand-coded gold sentences, with the reliability of `confidence`.

    .venv/bin/python benchmarks/events_gold.py [../shared/events/events_dev_gold.jsonl] [--scorer PATH]

Runs the shared scorer's own pipeline run and matching (score_events.py beside the gold file: each sentence as
one JSONL article through `newsevents run`), prints its summary, then the reliability table: event rows binned by
their stored confidence against the share of rows that are right, where right is the scorer's precision test
(a real - occurred or ongoing - gold event of the same quad class whose actor1 matches at least by country).
A calibrated confidence has each bin's share right near the bin's mean confidence. The confidence model is fitted
on held-out sentences (newsevents.extract.confidence), never on the gold file this prints."""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO.parent / "shared" / "events" / "events_dev_gold.jsonl"
BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_events", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def reliability(gold: list[dict], pred: dict[str, list[dict]], S) -> list[tuple[float, float, int, int, float]]:
    """(low, high, rows, right, mean confidence) per confidence bin."""
    rows = []
    for g in gold:
        real = [e for e in g.get("events", []) if e.get("status") in S.OCCURRED]
        for e in pred.get(g["id"], []):
            ok = any(
                S.quad(e.get("cameo_root")) == S.quad(r.get("cameo_root"))
                and S.actor_verdict(
                    e.get("actor1"),
                    e.get("actor1_country"),
                    r.get("actor1_text"),
                    r.get("actor1"),
                    r.get("actor1_country"),
                )[1]
                for r in real
            )
            rows.append((float(e.get("confidence") or 0.0), ok))
    table = []
    for lo, hi in zip(BINS, BINS[1:]):
        inside = [(c, ok) for c, ok in rows if lo <= c < hi]
        mean = sum(c for c, _ in inside) / len(inside) if inside else 0.0
        table.append((lo, min(hi, 1.0), len(inside), sum(ok for _, ok in inside), mean))
    return table


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", type=Path, nargs="?", default=DEFAULT_GOLD)
    ap.add_argument("--scorer", type=Path, help="score_events.py (default: beside the gold file)")
    ap.add_argument("--cli", default=str(REPO / ".venv" / "bin" / "newsevents"))
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args()
    if not args.gold.is_file():
        print(f"gold file not found: {args.gold}", file=sys.stderr)
        return 2
    S = load_scorer(args.scorer or args.gold.with_name("score_events.py"))
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    pred = S.run_pipeline(gold, args.cli, "2020-06-15T12:00:00+00:00", Path(tempfile.mkdtemp(prefix="events-gold-")))
    n, _ = S.score(gold, pred)
    s = S.summary(n)
    print(
        f"{args.gold.name}: {s['sentences']} sentences, {s['gold_main_events']} with a real main event, "
        f"{s['predicted_events']} events predicted"
    )
    print(
        f"  found {s['recall_found']:.3f}   real {s['precision_events']:.3f}   "
        + "   ".join(
            f"{k} {s['top_' + k]:.3f}"
            for k in ("cameo_root", "quad", "actor1", "actor2", "place", "killed")
            if "top_" + k in s
        )
        + f"   row/all {s['row_over_all_gold']:.3f}"
    )
    table = reliability(gold, pred, S)
    print("\nreliability: stored confidence vs share of rows that are real events (scorer's precision test)")
    print(f"  {'confidence':<12}{'rows':>6}{'right':>7}{'share':>8}{'mean conf':>11}")
    for lo, hi, rows, right, mean in table:
        share = f"{right / rows:.3f}" if rows else "-"
        print(f"  {lo:.1f}-{hi:.1f}     {rows:6d}{right:7d}{share:>8}{mean:11.3f}")
    high = [(r, k) for lo, _, r, k, _ in table if lo >= 0.8]
    if high and high[0][0]:
        print(f"  rows with confidence >= 0.8: {high[0][1] / high[0][0]:.3f} right (target >= 0.80)")
    if args.json:
        args.json.write_text(json.dumps({"summary": s, "reliability": table}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
