"""One meeting, one lasting address (issue 11): re-extraction keeps the ids of the meetings it finds
again and every decision staff took (a merge, a split, a correction); a merged meeting's old address
redirects to the meeting it became."""

import pytest
from django.core.management import call_command

from meetings.models import Article, Meeting, MeetingSource
from meetings.services.corrections import meeting_merge, meeting_split, record_mark_edited
from meetings.services.ingest import articles_ingest, articles_reextract
from meetings.services.readers import ArticleInput

pytestmark = pytest.mark.django_db

TEXTS = [
    "Date: 2025-05-05\n\nPolish Foreign Minister Marta Kowal met Czech Foreign Minister Pavel Dorn in "
    "Warsaw on Monday to discuss energy.\n",
    "Date: 2025-06-10\n\nJapanese Prime Minister Ken Sato met German Chancellor Lena Hartmann in Tokyo on "
    "Tuesday. Sato later met Kenyan President Amos Wekesa in Tokyo on Wednesday.\n",
    "Date: 2025-07-01\n\nChilean Foreign Minister Ana Soto held talks with Peruvian Foreign Minister Lucia "
    "Quispe in Lima on Monday.\n",
]


@pytest.fixture
def stored():
    report = articles_ingest(inputs=[ArticleInput(name=f"{i}.txt", text=t) for i, t in enumerate(TEXTS)])
    assert report.count("ingested") == 3
    assert Meeting.objects.count() == 4
    return report


def reextract_all() -> None:
    articles_reextract(articles=list(Article.objects.order_by("pk")))


def state() -> set:
    return {
        (m.pk, tuple(sorted(p.person.name for p in m.participations.all())), str(m.date))
        for m in Meeting.objects.prefetch_related("participations__person")
    }


def test_reextracting_everything_keeps_every_meetings_id(stored):
    before = state()
    reextract_all()
    assert state() == before


def test_the_reextract_command_keeps_ids_too(stored):
    before = state()
    call_command("reextract", "--all", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert state() == before


def test_a_merge_a_split_and_a_correction_survive_reextraction(client, stored):
    by_person = {p: Meeting.objects.get(participations__person__name=p) for p in ("Marta Kowal", "Ana Soto")}
    merged = meeting_merge(target=by_person["Marta Kowal"], others=[by_person["Ana Soto"]])
    tokyo = Meeting.objects.filter(participations__person__name="Ken Sato").order_by("date")
    corrected = tokyo[0]
    corrected.city = "Osaka"
    record_mark_edited(record=corrected, user=None)  # as the admin's save does
    corrected.save()
    split_from = MeetingSource.objects.get(meeting=merged, article__filename="0.txt")
    split = meeting_split(source=split_from)
    before = state()

    reextract_all()

    assert state() == before, "ids, people and dates as staff left them"
    assert Meeting.objects.get(pk=corrected.pk).city == "Osaka"
    assert Meeting.objects.get(pk=split.pk).sources.get().article.filename == "0.txt"
    assert Meeting.objects.get(pk=merged.pk).sources.get().article.filename == "2.txt"


def test_a_merged_meetings_old_address_redirects_to_the_meeting_it_became(client, stored):
    first, second = Meeting.objects.filter(participations__person__name="Ken Sato").order_by("date")
    old_url = second.get_absolute_url()
    meeting_merge(target=first, others=[second])

    response = client.get(old_url)
    assert response.status_code == 301 and response.url == first.get_absolute_url()
    assert client.get(old_url, follow=True).status_code == 200

    third = Meeting.objects.get(participations__person__name="Ana Soto")
    meeting_merge(target=third, others=[first])
    assert client.get(old_url).url == third.get_absolute_url(), "a redirect follows a later merge"
    assert client.get("/meetings/999999/").status_code == 404


def test_of_two_meetings_of_one_person_a_report_keeps_the_one_it_dated_the_same_way():
    from meetings.models import Person
    from meetings.nlp.types import Participant
    from meetings.services.matching import Previous, Report, kept_meeting_match

    first, second = Meeting.objects.create(), Meeting.objects.create()
    sato = Person(pk=7, name="Ken Sato")
    previous = [
        Previous(
            meeting=first, person_ids=frozenset({7}), countries=frozenset(), said={"date": "2025-06-10"}
        ),
        Previous(
            meeting=second, person_ids=frozenset({7}), countries=frozenset(), said={"date": "2025-06-04"}
        ),
    ]
    report = Report(
        extracted={"date": "2025-06-04", "countries": ["JP"]},
        evidence=[],
        people=((sato, Participant(name="Ken Sato")),),
        anchor=None,
    )

    assert kept_meeting_match(report, previous, 2) == second
    assert kept_meeting_match(report, previous[::-1], 2) == second
