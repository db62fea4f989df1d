"""The memoised attribute ruler + lemmatizer (newsevents.extract.nlp.MemoAttrs) against spaCy's own components on
real sentences: every token's tag, dependency, POS, morphology and lemma must be the same; prints the parse time
of both and any difference. Nothing here is a test.

    python benchmarks/nlp_attrs.py [--corpus ../shared/corpora/bbc-news] [--articles 300]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bbc_corpus import DEFAULT, article_paths  # noqa: E402 - the benchmark folder is the script's path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--articles", type=int, default=300)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    paths = article_paths(corpus)
    if not paths:
        print(f"corpus not found at {corpus}; nothing measured")
        return 2
    from newsevents.extract.events import split_sentences
    from newsevents.extract.nlp import load_nlp

    step = max(len(paths) // args.articles, 1)
    texts = [s.text for p in paths[::step][: args.articles] for s in split_sentences(p.read_text(errors="replace"))]
    texts = [t for t in texts if len(t) <= 1500]
    seconds, docs = {}, {}
    for memo in (False, True):
        nlp = load_nlp(memo_attrs=memo)
        started = time.perf_counter()
        docs[memo] = list(nlp.pipe(texts, batch_size=256))
        seconds[memo] = time.perf_counter() - started
    tokens = sum(len(d) for d in docs[False])
    differ = 0
    for a, b in zip(docs[False], docs[True]):
        for x, y in zip(a, b):
            got = (x.tag_, x.dep_, x.pos_, str(x.morph), x.lemma_, x.ent_type_)
            want = (y.tag_, y.dep_, y.pos_, str(y.morph), y.lemma_, y.ent_type_)
            if got != want:
                differ += 1
                if differ <= 10:
                    print(f"  differs: {x.text!r} in {a.text[:80]!r}: spaCy {got} memo {want}")
    print(f"{len(texts):,} sentences, {tokens:,} tokens; tokens that differ: {differ}")
    print(f"parse with spaCy's attribute_ruler + lemmatizer: {seconds[False]:.1f} s")
    print(
        f"parse with the memo (MemoAttrs):                 {seconds[True]:.1f} s "
        f"({1 - seconds[True] / seconds[False]:.0%} less)"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
