"""``manage.py extract``: the JSON of each file, ``--explain``, and a file it cannot read or extract."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from meetings.nlp import frames

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_7f5b43aafe90f08e.txt"


def run(*args) -> str:
    out = StringIO()
    call_command("extract", *args, stdout=out)
    return out.getvalue()


def test_jsonl_keeps_the_fields_of_the_spec():
    (line,) = run(str(SEED)).splitlines()
    obj = json.loads(line)
    assert obj["file"] == str(SEED)
    m = obj["meetings"][0]
    assert m["date"] == "2025-10-15" and m["status"] == "held"
    assert {p["name"] for p in m["participants"]} == {"Wang Yi", "Emmanuel Bonne"}


def test_explain_names_the_rules_and_the_words_they_read():
    out = run("--explain", str(SEED))
    assert "meeting 0: held 2025-10-15 Beijing/CN" in out
    assert "trigger.noun.meeting" in out and "date.weekday" in out and "'on Wednesday'" in out
    assert "affil.office.adjective" in out and "speaker.cue" in out


def test_a_missing_file_is_reported_and_the_command_fails(tmp_path):
    out = StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("extract", str(tmp_path / "nope.txt"), str(SEED), stdout=out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert "error" in lines[0] and lines[1]["meetings"]


def test_a_bug_in_the_extractor_is_reported_by_file(monkeypatch):
    monkeypatch.setattr(frames, "build", lambda *a, **k: 1 / 0)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("extract", str(SEED), stdout=out)
    assert json.loads(out.getvalue())["error"] == "extraction failed: ZeroDivisionError: division by zero"
