"""Two processes ingesting the same articles at once give exactly the result of one (issue 13):
real `manage.py ingest` processes on PostgreSQL, one taking the files in order and one in reverse,
so that they store the same article, or two reports of the same meeting, at the same moment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from meetings.models import Article, Meeting, Person, Quote
from tests.proxy import postgres_url

BASE_DIR = Path(__file__).resolve().parents[2]

# Pairs of reports of one meeting, told differently (two outlets), so that storing them matches
# the second to the first's meeting.
PAIRS = [
    ("French", "Jean Moreau", "Italian", "Petra Lang", "Rome", "migration"),
    ("Spanish", "Claire Dubois", "Polish", "Marco Conti", "Warsaw", "energy"),
    ("Dutch", "Henri Lefevre", "Greek", "Sofia Marin", "Athens", "trade"),
]


def _reports(tmp_path: Path) -> list[Path]:
    paths = []
    for i, (state, one, other_state, other, city, issue) in enumerate(PAIRS):
        day = f"March {10 + 3 * i}, 2026"
        texts = [
            f"{state} Foreign Minister {one} met {other_state} Foreign Minister {other} in {city} on "
            f'{day}, to discuss {issue}. "We will work together," {one.split()[1]} said.\n',
            f"{other_state} Foreign Minister {other} held talks with {state} Foreign Minister {one} "
            f"in {city} on {day}, the two ministers' offices said. They discussed {issue}.\n",
        ]
        for j, text in enumerate(texts):
            path = tmp_path / f"{i}-{j}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


def _state() -> dict:
    """What the database holds, by content rather than by id."""
    meetings = sorted(
        (
            str(m.date),
            tuple(sorted(p.person.name for p in m.participations.all())),
            tuple(sorted(s.article.filename.rsplit("/", 1)[-1] for s in m.sources.all())),
        )
        for m in Meeting.objects.prefetch_related("participations__person", "sources__article")
    )
    return {
        "meetings": meetings,
        "people": sorted(Person.objects.values_list("name", flat=True)),
        "quotes": Quote.objects.count(),
        "articles": sorted(Article.objects.values_list("status", flat=True)),
    }


def _ingest(env: dict, *orders: list[Path]) -> None:
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "ingest", *map(str, paths)],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for paths in orders
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err[-3000:]


def _clear() -> None:
    Quote.objects.all().delete()
    Meeting.objects.all().delete()
    Person.objects.all().delete()
    Article.objects.all().delete()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_ingests_of_the_same_files_give_the_result_of_one(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("two processes need a database server shared with the test")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": postgres_url(db),
        "DJANGO_CONN_MAX_AGE": "0",
        "DJANGO_SETTINGS_MODULE": "diplomacy.settings",
        "TASKS_BACKEND": "immediate",
    }
    paths = _reports(tmp_path)

    _ingest(env, paths)
    alone = _state()
    assert len(alone["meetings"]) == len(PAIRS), alone  # each pair of reports is one meeting
    assert all(len(sources) == 2 for _, _, sources in alone["meetings"]), alone

    for _ in range(3):
        _clear()
        _ingest(env, paths, paths[::-1])
        assert _state() == alone
