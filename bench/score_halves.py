#!/usr/bin/env python3
"""Score the extractor on the tuning and the checking half of the development gold set.

    .venv/bin/python bench/score_halves.py                       # both halves, one extractor run
    .venv/bin/python bench/score_halves.py --half tune --show-errors

The split is committed in bench/gold_split.json (made once, by source, alternating in name order), so
that rules are studied on the tuning half only and the checking half tells whether they generalize.
The extractor runs once over all articles (``manage.py extract --format jsonl``); the scorer in
../shared/tools/score_extraction.py then reads each half from a temporary folder of gold files whose
``text_file`` points at the article.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SPLIT = Path(__file__).with_name("gold_split.json")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=SHARED / "gold" / "dev")
    ap.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score_extraction.py")
    ap.add_argument("--half", choices=["tune", "check", "both", "all"], default="both")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument(
        "--predictions", type=Path, help="reuse a JSON Lines file instead of running the extractor"
    )
    ap.add_argument("--save", type=Path, help="keep the extractor's JSON Lines here")
    args = ap.parse_args()

    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    golds = {p.name: p for p in sorted(args.gold.glob("*.json"))}
    unknown = sorted(set(golds) - set(split["tune"]) - set(split["check"]))
    if unknown:
        print(f"not in the split (scored in 'all' only): {', '.join(unknown)}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        texts = {}
        for name, path in golds.items():
            gold = json.loads(path.read_text(encoding="utf-8"))
            texts[name] = (path.parent / gold["text_file"]).resolve()
        preds = args.predictions
        if preds is None:
            preds = args.save or tmpdir / "predictions.jsonl"
            cmd = [sys.executable, str(ROOT / "manage.py"), "extract", "--format", "jsonl"]
            with preds.open("w", encoding="utf-8") as out:
                subprocess.run([*cmd, *map(str, texts.values())], stdout=out, check=False, cwd=ROOT)
        halves = {"tune": split["tune"], "check": split["check"], "all": list(golds)}
        wanted = ["tune", "check"] if args.half == "both" else [args.half]
        for half in wanted:
            folder = tmpdir / half
            folder.mkdir()
            for name in halves[half]:
                if name not in golds:
                    continue
                gold = json.loads(golds[name].read_text(encoding="utf-8"))
                gold["text_file"] = str(texts[name])
                (folder / name).write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
            print(f"== {half} ({len(list(folder.glob('*.json')))} articles)")
            extra = ["--show-errors"] if args.show_errors else []
            sys.stdout.flush()
            subprocess.run(
                [
                    sys.executable,
                    str(args.scorer),
                    "--gold",
                    str(folder),
                    "--predictions",
                    str(preds),
                    *extra,
                ],
                check=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
