"""Zyte article extraction benchmark for newsevents.read.html.extract_html.

    python benchmarks/zyte_extraction.py [--corpus ../shared/corpora/zyte-aeb] [--n-bootstrap 1000]

The metric re-implements scrapinghub/article-extraction-benchmark's evaluate.py:
tokens are \\w+ runs, a document is a multiset of 4-token shingles, TP/FP/FN are
normalised per document, precision and recall are averaged over documents (a document
with nothing predicted is left out of precision, one with nothing expected out of recall),
and F1 is computed from the two means.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "zyte-aeb"

TpFpFn = tuple[float, float, float]

# Same pattern and flags as the reference script.
_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def _shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN_RE.findall(text or "")
    # Like the reference: a text shorter than n tokens is one (short) shingle.
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def shingle_matching(true: str, pred: str, n: int = 4) -> TpFpFn:
    """TP/FP/FN over shingle multisets, normalised so long texts do not weigh more."""
    true_sh, pred_sh = _shingles(true, n), _shingles(pred, n)
    tp = fp = fn = 0.0
    for key in true_sh.keys() | pred_sh.keys():
        t, p = true_sh.get(key, 0), pred_sh.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total > 0 else (tp, fp, fn)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics(tp_fp_fns: list[TpFpFn]) -> dict[str, float]:
    """Mean precision over documents with a prediction, mean recall over those with a truth."""
    precision = statistics.mean([_precision(*x) for x in tp_fp_fns if x[0] + x[1] > 0])
    recall = statistics.mean([_recall(*x) for x in tp_fp_fns if x[0] + x[2] > 0])
    f1 = 2 * precision * recall / (precision + recall)
    return {"precision": precision, "recall": recall, "f1": f1}


def bootstrap_std(tp_fp_fns: list[TpFpFn], n_bootstrap: int, seed: int = 0) -> dict[str, float]:
    """Std of each metric over resampled page sets (the reference reports 1.96 x this)."""
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {}
    for _ in range(n_bootstrap):
        resample = [rng.choice(tp_fp_fns) for _ in tp_fp_fns]
        for key, value in metrics(resample).items():
            samples.setdefault(key, []).append(value)
    return {key: statistics.stdev(values) for key, values in samples.items()}


def load_corpus(corpus: Path) -> list[tuple[str, str, dict]]:
    """(id, decoded html, ground truth) for every page of the corpus."""
    from newsevents.read.html import decode_html

    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        raw = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append((page_id, decode_html(raw), truth[page_id]))
    return pages


def evaluate(pages: list[tuple[str, str, dict]]) -> tuple[list[TpFpFn], float]:
    """Run extract_html on every page; the per-page scores and the seconds spent extracting."""
    from newsevents.read.html import extract_html

    scores = []
    start = time.perf_counter()
    for _page_id, html, truth in pages:
        article = extract_html(html, url=truth.get("url"))
        scores.append(shingle_matching(truth.get("articleBody", ""), article.body if article else ""))
    return scores, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder with html/ and ground-truth.json")
    parser.add_argument("--n-bootstrap", type=int, default=1000, help="bootstrap resamples for the std (0: none)")
    args = parser.parse_args(argv)

    corpus = args.corpus.resolve()
    if not (corpus / "ground-truth.json").is_file() or not (corpus / "html").is_dir():
        print(
            f"Zyte corpus not found at {corpus} (need ground-truth.json and html/). Pass --corpus PATH.",
            file=sys.stderr,
        )
        return 2

    # trafilatura logs a warning for every discarded block; the numbers are what matter here.
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    pages = load_corpus(corpus)
    scores, seconds = evaluate(pages)
    result = metrics(scores)
    std = bootstrap_std(scores, args.n_bootstrap) if args.n_bootstrap > 1 else {}
    print(f"pages      {len(pages)}")
    for key in ("precision", "recall", "f1"):
        spread = f" ± {std[key]:.3f} (bootstrap std)" if key in std else ""
        print(f"{key:<10} {result[key]:.4f}{spread}")
    print(f"speed      {len(pages) / seconds:.1f} pages/s ({seconds:.1f} s, one process)")
    return 0


if __name__ == "__main__":
    # Runnable from the repo root without installing the package.
    sys.path.insert(0, str(REPO))
    sys.exit(main())
