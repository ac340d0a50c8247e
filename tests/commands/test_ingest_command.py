from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from meetings.models import Article, Meeting

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

pytestmark = pytest.mark.django_db


def run_ingest(*paths) -> str:
    out = StringIO()
    call_command("ingest", *[str(p) for p in paths], stdout=out, stderr=StringIO())
    return out.getvalue()


def test_ingest_folder_reports_each_bad_file_and_ingests_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text((SEEDS / "000_7f5b43aafe90f08e.txt").read_text(encoding="utf-8"))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "garbled.md").write_bytes("Minist\u00c3\u00a9rio".encode())  # mojibake saved as UTF-8
    (tmp_path / "latin.md").write_bytes(
        "Date: 2026-01-05\n\nLe ministre fran\xe7ais Jean Moreau a rencontr\xe9 son homologue.".encode(
            "latin-1"
        )
    )
    (tmp_path / "image.png").write_bytes(b"\x89PNG")  # not an article file: not even looked at

    output = run_ingest(tmp_path)

    assert "ingested 2, duplicates 0, failed 2" in output
    assert "binary.txt" in output and "garbled.md" in output
    assert Article.objects.count() == 2
    assert Article.objects.filter(text__contains="fran\xe7ais").exists(), "latin-1 is decoded, not garbled"
    assert Meeting.objects.exists()


def test_ingest_seeds_twice_second_run_only_finds_duplicates():
    first = run_ingest(SEEDS)
    meetings = Meeting.objects.count()

    second = run_ingest(SEEDS)

    files = len(list(SEEDS.glob("*.txt")))
    assert f"ingested {files}, duplicates 0, failed 0" in first
    assert f"ingested 0, duplicates {files}, failed 0" in second
    # 005 reports the meeting of 001 from another outlet: one meeting, two sources.
    assert Meeting.objects.count() == meetings >= files - 2
    assert Meeting.objects.get(participations__person__name="Ana Ribeiro").sources.count() == 2


def test_missing_path_is_reported_and_others_are_ingested(tmp_path):
    output = run_ingest(tmp_path / "nope.txt", SEEDS / "000_7f5b43aafe90f08e.txt")

    assert "ingested 1" in output and "failed 1" in output
    assert "nope.txt: not found" in output
