"""Ingestion throughput against bare spaCy, on the same texts in the same run.

    .venv/bin/python bench/ingest_throughput.py --n 300 [--processes 1 2] [--database-url URL]

Takes a sample of articles from ../shared/corpus (the diplomatic candidates first, then others),
runs bare ``nlp.pipe`` over them, then ``articles_ingest`` (registering, extraction, database writes)
into a fresh database, and prints articles/s, tokens/s and the ratio of the two (goal: >= 0.8).
The database is a temporary SQLite file unless --database-url names a PostgreSQL server, where a
scratch database ``bench_ingest`` is created and dropped.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def sample_texts(corpus: Path, n: int, seed: int) -> list[str]:
    files = sorted(p for p in corpus.rglob("*.txt"))
    random.Random(seed).shuffle(files)
    texts = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if text.strip():
            texts.append(text)
        if len(texts) >= n:
            break
    return texts


def scratch_database(url: str | None) -> str:
    if not url:
        return f"sqlite:///{tempfile.mkdtemp(prefix='bench-ingest-')}/bench.sqlite3"
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_ingest")
        conn.execute("CREATE DATABASE bench_ingest")
    return url.rsplit("/", 1)[0] + "/bench_ingest"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="articles in the sample")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--database-url", help="postgres://... of a server to make a scratch database on")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    os.environ["DATABASE_URL"] = scratch_database(args.database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from meetings.models import Article
    from meetings.nlp.pipeline import load_pipeline
    from meetings.services.ingest import articles_ingest
    from meetings.services.readers import ArticleInput

    call_command("migrate", verbosity=0)
    texts = sample_texts(args.corpus, args.n, args.seed)
    nlp = load_pipeline(settings.SPACY_MODEL)
    list(nlp.pipe(texts[:5]))  # warm-up: first-call allocations are not throughput
    chars = sum(len(t) for t in texts)
    print(f"sample: {len(texts)} articles, {chars / 1e6:.2f} M characters, database {connection.vendor}")
    print(f"{'run':34} {'articles/s':>10} {'tokens/s':>10} {'seconds':>8}")

    for processes in args.processes:
        started = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=processes))
        bare = time.perf_counter() - started
        print(
            f"{f'bare nlp.pipe, {processes} process(es)':34} {len(texts) / bare:10.1f} {tokens / bare:10.0f} {bare:8.1f}"
        )

        Article.objects.all().delete()
        salt = f"\n\n[bench run {processes}]"  # new content each run, so nothing is a duplicate
        inputs = [ArticleInput(name=f"bench-{i}.txt", text=t + salt) for i, t in enumerate(texts)]
        started = time.perf_counter()
        report = articles_ingest(inputs=inputs, nlp=nlp, batch_size=args.batch_size, n_process=processes)
        ours = time.perf_counter() - started
        label = f"ingest (extract + write), {processes} proc."
        print(f"{label:34} {len(texts) / ours:10.1f} {tokens / ours:10.0f} {ours:8.1f}")
        print(
            f"  ratio to bare spaCy: {bare / ours:.2f}  (ingested {report.count('ingested')}, "
            f"failed {report.count('failed')}, meetings {sum(len(o.meeting_ids) for o in report.outcomes)})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
