"""Human decisions as records (issue 11, item 4): each merge, split, correction and deletion by staff
is kept as a ``Decision`` by keys that outlive the rows, and re-extraction and later ingests apply it
again, even once the records are unlocked (locks alone are not what holds them).

Invented names throughout."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from meetings.models import Article, Decision, Meeting, MeetingSource, Participation, Person
from meetings.services.corrections import (
    meeting_delete,
    meeting_merge,
    meeting_review_confirm,
    meeting_split,
    people_tidy,
    person_merge,
    person_split,
    record_mark_edited,
)
from meetings.services.decisions import decisions_apply
from meetings.services.ingest import articles_ingest, articles_reextract
from meetings.services.readers import ArticleInput

pytestmark = pytest.mark.django_db

TEXTS = {
    "warsaw.txt": "Date: 2025-05-05\n\nPolish Foreign Minister Marta Kowal met Czech Foreign Minister Pavel "
    "Dorn in Warsaw on Monday to discuss energy.\n",
    "tokyo.txt": "Date: 2025-06-10\n\nJapanese Prime Minister Ken Sato met German Chancellor Lena Hartmann in "
    "Tokyo on Tuesday. Sato later met Kenyan President Amos Wekesa in Tokyo on Wednesday.\n",
    "lima.txt": "Date: 2025-07-01\n\nChilean Foreign Minister Ana Soto held talks with Peruvian Foreign "
    "Minister Lucia Quispe in Lima on Monday.\n",
    "prague.txt": "Date: 2025-08-04\n\nCzech Foreign Minister Pasha Dorn met Slovak Foreign Minister Juraj "
    "Hlina in Prague on Monday.\n",
}


def ingest(*names: str) -> None:
    report = articles_ingest(inputs=[ArticleInput(name=n, text=TEXTS[n]) for n in names])
    assert report.count("ingested") == len(names), report.outcomes


@pytest.fixture
def stored():
    ingest(*TEXTS)
    assert Meeting.objects.count() == 5


def meeting_of(name: str) -> Meeting:
    return Meeting.objects.get(participations__person__name=name)


def people_of(meeting: Meeting) -> set[str]:
    return set(meeting.participations.values_list("person__name", flat=True))


def unlock_and_reextract() -> None:
    """Hand every record back to the extractor, then extract everything again: only the decisions
    can keep what staff did."""
    Meeting.objects.update(locked=False)
    Participation.objects.update(locked=False)
    articles_reextract(articles=list(Article.objects.order_by("pk")))


def reingest(name: str) -> None:
    """The article deleted and uploaded again: a later ingest of the same content."""
    Article.objects.filter(filename=name).delete()
    ingest(name)


def test_a_merge_is_kept_as_a_decision_and_holds_after_reextraction(stored):
    target, other = meeting_of("Marta Kowal"), meeting_of("Ana Soto")
    meeting_merge(target=target, others=[other])

    decision = Decision.objects.get()
    assert decision.kind == Decision.Kind.MEETING_MERGE and decision.meeting == target
    assert len(decision.keys["reports"]) == 2

    unlock_and_reextract()

    assert Meeting.objects.count() == 4
    merged = Meeting.objects.get(pk=target.pk)
    assert set(merged.sources.values_list("article__filename", flat=True)) == {"warsaw.txt", "lima.txt"}
    assert people_of(merged) == {"Marta Kowal", "Pavel Dorn", "Ana Soto", "Lucia Quispe"}
    decision.refresh_from_db()
    assert decision.problem == "" and decision.checked_at is not None


def test_a_merge_holds_when_an_article_is_ingested_again(stored):
    target = meeting_of("Marta Kowal")
    meeting_merge(target=target, others=[meeting_of("Ana Soto")])

    reingest("lima.txt")

    assert Meeting.objects.count() == 4
    assert set(Meeting.objects.get(pk=target.pk).sources.values_list("article__filename", flat=True)) == {
        "warsaw.txt",
        "lima.txt",
    }


def test_a_split_holds_after_reextraction_and_a_later_ingest(stored):
    target = meeting_of("Marta Kowal")
    meeting_merge(target=target, others=[meeting_of("Ana Soto")])
    split = meeting_split(source=MeetingSource.objects.get(meeting=target, article__filename="lima.txt"))
    assert Decision.objects.filter(kind=Decision.Kind.MEETING_SPLIT, meeting=split).exists()

    unlock_and_reextract()
    reingest("warsaw.txt")

    assert Meeting.objects.count() == 5
    lima = meeting_of("Ana Soto")
    warsaw = meeting_of("Marta Kowal")
    assert lima.pk == split.pk and lima != warsaw
    assert list(lima.sources.values_list("article__filename", flat=True)) == ["lima.txt"]
    assert list(warsaw.sources.values_list("article__filename", flat=True)) == ["warsaw.txt"]


def test_a_correction_keeps_its_values_after_reextraction(stored):
    meeting = meeting_of("Lena Hartmann")
    meeting.city = "Osaka"
    record_mark_edited(record=meeting, user=None, corrected={"city": "Osaka"})
    meeting.save()
    decision = Decision.objects.get(kind=Decision.Kind.MEETING_CORRECTION)
    assert decision.values == {"city": "Osaka"}

    unlock_and_reextract()

    meeting.refresh_from_db()
    assert meeting.city == "Osaka" and meeting.locked
    assert meeting_of("Amos Wekesa").city == "Tokyo", "the article's other meeting is not corrected"


def test_a_deleted_meeting_does_not_come_back(stored):
    doomed = meeting_of("Amos Wekesa")
    meeting_delete(meeting=doomed)
    assert Decision.objects.get().kind == Decision.Kind.MEETING_DELETION

    articles_reextract(articles=list(Article.objects.order_by("pk")))
    reingest("tokyo.txt")

    assert not Meeting.objects.filter(participations__person__name="Amos Wekesa").exists()
    assert people_of(meeting_of("Lena Hartmann")) == {"Ken Sato", "Lena Hartmann"}
    assert Meeting.objects.count() == 4


def test_a_person_merge_holds_after_reextraction_and_people_resolve(stored):
    pavel, pasha = Person.objects.get(name="Pavel Dorn"), Person.objects.get(name="Pasha Dorn")
    person_merge(target=pavel, others=[pasha])
    assert Decision.objects.get().person == pavel

    unlock_and_reextract()
    people_tidy()

    assert not Person.objects.filter(name="Pasha Dorn").exists()
    assert set(Meeting.objects.filter(participations__person=pavel).values_list("city", flat=True)) == {
        "Warsaw",
        "Prague",
    }


def test_a_person_split_stays_split(stored):
    sato = Person.objects.get(name="Ken Sato")
    wekesa_meeting = meeting_of("Amos Wekesa")
    twin = person_split(person=sato, meetings=[wekesa_meeting], name="Kenta Sato")
    assert people_of(wekesa_meeting) == {"Kenta Sato", "Amos Wekesa"}

    unlock_and_reextract()
    people_tidy()

    assert Person.objects.filter(pk__in=[sato.pk, twin.pk]).count() == 2
    assert people_of(meeting_of("Amos Wekesa")) == {"Kenta Sato", "Amos Wekesa"}
    assert people_of(meeting_of("Lena Hartmann")) == {"Ken Sato", "Lena Hartmann"}


def test_a_decision_whose_meeting_is_gone_is_reported_not_a_crash(stored):
    meeting = meeting_of("Ana Soto")
    record_mark_edited(record=meeting, user=None, corrected={"city": "Cusco"})
    meeting.city = "Cusco"
    meeting.save()
    deleted = meeting_of("Marta Kowal")
    meeting_delete(meeting=deleted)
    # The article now tells of other people (as a better extractor might read it): its meeting
    # with Ana Soto is no more.
    Meeting.objects.filter(pk=meeting.pk).update(locked=False)
    Article.objects.filter(filename="lima.txt").update(
        text="Date: 2025-07-01\n\nBolivian Foreign Minister Rosa Mamani met Ecuadorian Foreign Minister "
        "Diego Vera in Lima on Monday.\n"
    )
    out = io.StringIO()

    call_command("reextract", "--all", stdout=out)

    correction = Decision.objects.get(kind=Decision.Kind.MEETING_CORRECTION)
    assert correction.problem == "1 of its 1 report(s) found in no meeting now"
    assert f"decision {correction.pk} (Meeting corrected): 1 of its 1 report(s)" in out.getvalue()
    assert "re-extracted 4, failed 0" in out.getvalue()
    assert Decision.objects.get(kind=Decision.Kind.MEETING_DELETION).problem == ""
    assert not Meeting.objects.filter(participations__person__name="Marta Kowal").exists()


def test_a_decision_whose_person_is_gone_is_reported(stored):
    pavel, pasha = Person.objects.get(name="Pavel Dorn"), Person.objects.get(name="Pasha Dorn")
    person_merge(target=pavel, others=[pasha])
    Person.objects.filter(pk=pavel.pk).delete()

    report = decisions_apply()

    assert [(d.kind, problem) for d, problem in report.problems] == [
        (Decision.Kind.PERSON_MERGE, f"the person it merged into ({pavel.pk}) no longer exists")
    ]


def test_a_deletion_in_the_admin_is_a_decision_shown_in_the_history(client, stored):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long")
    client.force_login(user)
    doomed, kept = meeting_of("Amos Wekesa"), meeting_of("Ana Soto")

    response = client.post(reverse("admin:meetings_meeting_delete", args=[doomed.pk]), {"post": "yes"})

    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.kind == Decision.Kind.MEETING_DELETION and decision.made_by == user
    articles_reextract(articles=list(Article.objects.order_by("pk")))
    assert not Meeting.objects.filter(participations__person__name="Amos Wekesa").exists()

    meeting_merge(target=kept, others=[meeting_of("Marta Kowal")], user=user)
    page = client.get(reverse("admin:meetings_meeting_change", args=[kept.pk])).text
    assert "Decisions by staff" in page and "Meetings merged by boss: Merged meeting(s)" in page


def test_a_review_holds_after_reextraction(stored):
    meeting = meeting_of("Lena Hartmann")
    meeting_review_confirm(meeting=meeting)

    unlock_and_reextract()
    Meeting.objects.filter(pk=meeting.pk).update(reviewed=False)  # as if the row had been lost
    reingest("tokyo.txt")

    assert Meeting.objects.get(participations__person__name="Lena Hartmann").reviewed
    assert not meeting_of("Amos Wekesa").reviewed


def test_a_person_split_in_the_admin_asks_the_name_and_holds(client, stored):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long")
    client.force_login(user)
    sato = Person.objects.get(name="Ken Sato")
    participation = Participation.objects.get(person=sato, meeting=meeting_of("Amos Wekesa"))
    url = reverse("admin:meetings_participation_changelist")
    chosen = {"action": "split_person", "_selected_action": [participation.pk]}

    asked = client.post(url, chosen)
    assert asked.status_code == 200 and "Name of the new person" in asked.text
    assert Person.objects.filter(name__endswith="Sato").count() == 1

    client.post(url, {**chosen, "name": "Kenta  Sato", "apply": "Split off"})

    twin = Person.objects.get(name="Kenta Sato")
    assert Decision.objects.get(kind=Decision.Kind.PERSON_SPLIT).made_by == user
    unlock_and_reextract()
    assert people_of(meeting_of("Amos Wekesa")) == {"Kenta Sato", "Amos Wekesa"}
    assert (
        Participation.objects.get(meeting=meeting_of("Amos Wekesa"), person__name="Kenta Sato").person == twin
    )
    assert people_of(meeting_of("Lena Hartmann")) == {"Ken Sato", "Lena Hartmann"}


def test_deleting_one_of_two_meetings_of_the_same_pair_keeps_the_other():
    text = (
        "Date: 2025-09-10\n\nIrish Foreign Minister Niamh Doyle met Danish Foreign Minister Lars Holm in "
        "Dublin on Monday. Doyle met Holm again in Copenhagen on Wednesday.\n"
    )
    articles_ingest(inputs=[ArticleInput(name="pair.txt", text=text)])
    dublin, copenhagen = Meeting.objects.get(city="Dublin"), Meeting.objects.get(city="Copenhagen")
    assert people_of(dublin) == people_of(copenhagen) == {"Niamh Doyle", "Lars Holm"}

    meeting_delete(meeting=copenhagen)
    articles_reextract(articles=list(Article.objects.all()))
    assert list(Meeting.objects.values_list("pk", "city")) == [(dublin.pk, "Dublin")]

    # The article read now tells of the Dublin meeting alone: the deletion must not take it for
    # the meeting it deleted (same people, another day).
    Article.objects.update(text=text.split(" Doyle met Holm")[0] + "\n")
    articles_reextract(articles=list(Article.objects.all()))
    assert list(Meeting.objects.values_list("pk", "city")) == [(dublin.pk, "Dublin")]


def test_a_decision_that_fails_is_reported_and_the_others_still_apply(stored):
    broken = Decision.objects.create(kind=Decision.Kind.MEETING_SPLIT, keys={"stay": []})
    doomed = meeting_of("Amos Wekesa")
    meeting_delete(meeting=doomed)
    Meeting.objects.create()  # unrelated, untouched
    articles_reextract(articles=list(Article.objects.filter(filename="tokyo.txt")))

    report = decisions_apply()

    assert [(d.pk, problem) for d, problem in report.problems] == [
        (broken.pk, "could not be applied: KeyError: 'off'")
    ]
    assert report.checked == 2
    assert not Meeting.objects.filter(participations__person__name="Amos Wekesa").exists()


def test_a_report_is_found_again_by_any_name_its_people_are_known_by(stored):
    """The person a report named may be another record now (a bare surname resolved to the full
    name's record): any alias of a participant finds the report again."""
    target = meeting_of("Marta Kowal")
    meeting_merge(target=target, others=[meeting_of("Ana Soto")])
    decision = Decision.objects.get()
    for report in decision.keys["reports"]:
        if "marta kowal" in report["names"]:
            report["people"], report["names"] = [999_999], ["kowal", "pavel dorn"]
    decision.save()
    Person.objects.get(name="Marta Kowal").aliases.create(name="Kowal")

    unlock_and_reextract()

    assert Meeting.objects.count() == 4
    assert set(Meeting.objects.get(pk=target.pk).sources.values_list("article__filename", flat=True)) == {
        "warsaw.txt",
        "lima.txt",
    }
    decision.refresh_from_db()
    assert decision.problem == ""
