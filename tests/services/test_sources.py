"""One meeting however many articles report it; merging, splitting, and re-extraction keeping edits."""

from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model

from meetings.models import Article, Meeting, MeetingSource, Participation, Person, Quote
from meetings.services.corrections import meeting_merge, meeting_split, person_merge
from meetings.services.ingest import articles_ingest, articles_reextract
from meetings.services.readers import ArticleInput, article_file_read
from tests.factories import make_meeting, make_person

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
RABAT = SEEDS / "001_invented_portugal_morocco.txt"
RABAT_AGAIN = SEEDS / "005_invented_portugal_morocco_second_outlet.txt"

pytestmark = pytest.mark.django_db

PARIS = (
    "Date: 2026-01-10\n\nFrench Foreign Minister Jean Moreau met German Foreign Minister Petra Lang in Paris"
    ' on Friday to discuss Ukraine. "We stand together," Moreau said.'
)
PARIS_OTHER_OUTLET = (
    "Date: 2026-01-10\nSource: Another outlet\n\nGerman Foreign Minister Petra Lang held talks with French"
    ' Foreign Minister Jean Moreau in Paris on Friday. "Europe must act," Lang said.'
)
ROME = (
    "Date: 2026-02-10\n\nItalian Foreign Minister Marco Conti met Spanish Foreign Minister Lucia Vega in Rome"
    ' on Monday to discuss migration. "We agree on the essentials," Conti said.'
)


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-12345-long")


def ingest(*texts: str):
    return articles_ingest(inputs=[ArticleInput(name=f"t{i}.txt", text=t) for i, t in enumerate(texts)])


def test_seed_articles_from_two_outlets_give_one_meeting_with_two_sources():
    report = articles_ingest(inputs=[article_file_read(RABAT), article_file_read(RABAT_AGAIN)])

    assert report.count("ingested") == 2
    meeting = Meeting.objects.get(participations__person__name="Ana Ribeiro")
    assert meeting.sources.count() == 2
    assert {p.person.name for p in meeting.participations.all()} == {"Ana Ribeiro", "Karim Benali"}
    assert all(p.articles.count() == 2 for p in meeting.participations.all())
    # Each quote stays linked to the article it comes from.
    for article in Article.objects.all():
        quotes = Quote.objects.filter(article=article)
        assert quotes.exists() and all(q.meeting_id == meeting.pk for q in quotes)
        assert all(article.text[q.start : q.end] == q.text for q in quotes)
    assert report.outcomes[1].attached == 1


def test_two_articles_about_the_same_meeting_attach_and_a_different_meeting_does_not():
    ingest(PARIS, PARIS_OTHER_OUTLET, ROME)

    paris = Meeting.objects.get(participations__person__name="Petra Lang")
    assert paris.sources.count() == 2
    assert Meeting.objects.count() == 2
    assert set(paris.quotes.values_list("article__text", flat=True)) == {PARIS, PARIS_OTHER_OUTLET}


def test_reextracting_one_source_keeps_the_shared_meeting_and_the_other_source():
    ingest(PARIS, PARIS_OTHER_OUTLET)
    meeting = Meeting.objects.get()
    first = Article.objects.get(text=PARIS)

    articles_reextract(articles=[first])

    assert Meeting.objects.get().pk == meeting.pk
    assert meeting.sources.count() == 2
    assert Quote.objects.filter(article=first).count() == 1


def test_reextraction_refreshes_what_nobody_touched_and_keeps_edits(admin_user):
    ingest(ROME)
    meeting = Meeting.objects.get()
    article = Article.objects.get()
    # A person corrects the city and a quote, and adds a participant the extractor missed.
    meeting.city, meeting.locked, meeting.edited_by = "Roma", True, admin_user
    meeting.save()
    quote = Quote.objects.get()
    quote.speaker_label, quote.speaker, quote.locked = "Conti (edited)", None, True
    quote.save()
    added = Participation.objects.create(meeting=meeting, person=make_person("Added By Hand"), locked=True)
    unlocked_meeting_count = Meeting.objects.count()

    articles_reextract(articles=[article])

    meeting.refresh_from_db()
    assert meeting.city == "Roma" and meeting.locked
    assert Participation.objects.filter(pk=added.pk).exists()
    assert Quote.objects.get(pk=quote.pk).speaker_label == "Conti (edited)"
    assert Quote.objects.filter(article=article).count() == 1
    assert Meeting.objects.count() == unlocked_meeting_count
    assert meeting.sources.get().article == article


def test_reextraction_replaces_unedited_records_and_drops_meetings_left_without_source():
    ingest(ROME)
    article = Article.objects.get()
    stale = make_meeting(article=article, countries=("FR", "DE"), quotes=0)  # as an older extractor had it
    quote_ids = set(Quote.objects.values_list("pk", flat=True))

    articles_reextract(articles=[article])

    assert not Meeting.objects.filter(pk=stale.pk).exists()
    assert Meeting.objects.count() == 1
    assert not quote_ids & set(Quote.objects.values_list("pk", flat=True))


def test_merge_two_meetings_moves_sources_people_and_quotes_and_is_logged(admin_user):
    ingest(PARIS, ROME)
    paris = Meeting.objects.get(participations__person__name="Petra Lang")
    rome = Meeting.objects.get(participations__person__name="Marco Conti")

    meeting_merge(target=paris, others=[rome], user=admin_user)

    assert Meeting.objects.get() == paris
    paris.refresh_from_db()
    assert paris.locked and paris.edited_by == admin_user
    assert paris.sources.count() == 2
    assert paris.participations.count() == 4
    assert paris.quotes.count() == 2
    assert LogEntry.objects.filter(object_id=str(paris.pk), change_message__contains="Merged").exists()


def test_split_moves_one_articles_source_people_and_quotes_to_a_new_meeting(admin_user):
    ingest(PARIS, ROME)
    paris = Meeting.objects.get(participations__person__name="Petra Lang")
    rome = Meeting.objects.get(participations__person__name="Marco Conti")
    rome_article = rome.sources.get().article
    meeting_merge(target=paris, others=[rome], user=admin_user)

    new = meeting_split(source=MeetingSource.objects.get(article=rome_article), user=admin_user)

    assert {p.person.name for p in new.participations.all()} == {"Marco Conti", "Lucia Vega"}
    assert {p.person.name for p in paris.participations.all()} == {"Jean Moreau", "Petra Lang"}
    assert set(new.quotes.values_list("article", flat=True)) == {rome_article.pk}
    # Each meeting is recomputed from what its own sources say.
    assert new.city == new.sources.get().extracted["city"]
    assert set(new.countries.values_list("code", flat=True)) == set(new.sources.get().extracted["countries"])
    assert new.locked and Meeting.objects.get(pk=paris.pk).locked
    assert LogEntry.objects.filter(change_message__startswith="Split").count() == 2

    # Re-extracting either article does not merge them again.
    articles_reextract(articles=list(Article.objects.all()))
    assert Meeting.objects.count() == 2
    assert Meeting.objects.get(pk=new.pk).sources.get().article == rome_article


def test_a_meeting_with_one_source_cannot_be_split():
    ingest(ROME)

    with pytest.raises(ValueError, match="single source"):
        meeting_split(source=MeetingSource.objects.get())


def test_merged_person_keeps_both_names_and_the_next_article_finds_it(admin_user):
    ingest(PARIS)
    moreau = Person.objects.get(name="Jean Moreau")
    typo = make_person("Jean Moureau", country_code="FR")
    make_meeting(people=(("Jean Moureau", "FR", "minister"),), countries=("FR", "IT"))

    person_merge(target=moreau, others=[typo], user=admin_user)

    assert not Person.objects.filter(pk=typo.pk).exists()
    assert {"Jean Moreau", "Jean Moureau"} <= set(moreau.aliases.values_list("name", flat=True))
    assert moreau.participations.count() == 2
    ingest(
        "Date: 2026-03-10\n\nFrench Foreign Minister Jean Moureau met Belgian Foreign Minister Anne Peeters"
        " in Brussels on Tuesday."
    )
    assert Person.objects.filter(name__in=["Jean Moreau", "Jean Moureau"]).count() == 1
    assert moreau.participations.count() == 3
    assert LogEntry.objects.filter(object_id=str(moreau.pk), change_message__contains="Merged").exists()
