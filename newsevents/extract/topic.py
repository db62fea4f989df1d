"""Does an article read as sport, entertainment or technology news? A small bag-of-words logistic model, the cheap
first gate before an article is parsed for events (newsevents.extract.events.scope): such articles hold no event
in the events table's scope unless they name a public actor or a cue of violence, which the gate checks first.

The weights (data/topic_model.json: one weight per word, readable) are fitted on the BBC News corpus's categories
(sport, entertainment, tech against politics; business, which is often in scope, is left out of the fit), minus
every article of the shared stream gold and of the project's own gold sets, so that those still measure it:

    python -m newsevents.extract.topic train [--corpus ../shared/corpora/bbc-news]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsevents.resources import DATA_DIR

MODEL_PATH = DATA_DIR / "topic_model.json"
_WORD = re.compile(r"[a-z]{3,}")
OUT_OF_SCOPE = ("sport", "entertainment", "tech")
IN_SCOPE = ("politics",)


def words_of(text: str) -> set[str]:
    """The distinct lower-case words of three letters or more (the model's features: present or not)."""
    return set(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class TopicModel:
    weights: dict[str, float]
    bias: float

    def score(self, text: str) -> tuple[float, list[str]]:
        """P(the article is sport, entertainment or technology news), and the words that weigh most for it."""
        found = [(w, self.weights[w]) for w in words_of(text) if w in self.weights]
        z = self.bias + sum(v for _, v in found)
        p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        top = [w for w, v in sorted(found, key=lambda wv: -wv[1])[:5] if v > 0]
        return p, top


@lru_cache(maxsize=1)
def load_topic_model(path: Path = MODEL_PATH) -> TopicModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return TopicModel({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]))


def _held_out(shared: Path) -> set[str]:
    """Corpus files ('category/name.txt') of the shared stream gold and the project's gold sets."""
    files = set()
    repo = Path(__file__).resolve().parents[2]
    for path in [shared / "events" / "stream_gold.jsonl", *sorted((repo / "benchmarks" / "gold").glob("*/bbc.jsonl"))]:
        if path.is_file():
            files |= {json.loads(line)["file"] for line in path.read_text(encoding="utf-8").splitlines() if line}
    return files


def train(corpus: Path, out: Path = MODEL_PATH, min_df: int = 5, c: float = 0.5) -> TopicModel:
    """Fit on the corpus's sport/entertainment/tech (1) and politics (0) articles, less the gold sets' articles."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    held = _held_out(corpus.parents[1])
    docs, labels = [], []
    for category in OUT_OF_SCOPE + IN_SCOPE:
        for path in sorted((corpus / category).glob("*.txt")):
            if f"{category}/{path.name}" in held:
                continue
            docs.append(words_of(path.read_bytes().decode("utf-8", errors="replace")))
            labels.append(int(category in OUT_OF_SCOPE))
    df: dict[str, int] = {}
    for d in docs:
        for w in d:
            df[w] = df.get(w, 0) + 1
    vocab = sorted(w for w, n in df.items() if n >= min_df)
    index = {w: i for i, w in enumerate(vocab)}
    x = np.zeros((len(docs), len(vocab)), dtype=np.float32)
    for row, d in enumerate(docs):
        for w in d:
            if w in index:
                x[row, index[w]] = 1.0
    lr = LogisticRegression(C=c, max_iter=5000).fit(x, np.array(labels))
    weights = {w: round(float(v), 4) for w, v in zip(vocab, lr.coef_[0]) if abs(v) >= 0.01}
    out.write_text(
        json.dumps(
            {
                "about": "P(sport, entertainment or technology news) = logistic(bias + sum of the weights of the "
                "distinct words of three letters or more in the article); newsevents/extract/topic.py",
                "fitted_on": f"{corpus.name}: {sum(labels)} sport/entertainment/tech and {len(labels) - sum(labels)} "
                "politics articles, less the stream gold's and benchmarks/gold's",
                "bias": round(float(lr.intercept_[0]), 4),
                "weights": weights,
            },
            indent=0,
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )
    load_topic_model.cache_clear()
    return load_topic_model(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m newsevents.extract.topic")
    ap.add_argument("command", choices=["train"])
    ap.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "corpora" / "bbc-news"
    )
    args = ap.parse_args(sys.argv[1:] if argv is None else argv)
    model = train(args.corpus)
    print(f"{len(model.weights)} words -> {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
