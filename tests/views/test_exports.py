"""The exports byte for byte: columns, their order, the order of rows and of the values in a cell.

The expected texts were taken from the exports as they were before they read ``values()`` rows
(commit 354a6a0), so a faster implementation must give exactly the same files; the one change since
is the ``reviewed`` column added at the end of the meetings and participants exports (issue 11)."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from meetings.models import Article, Meeting, MeetingSource, Participation, Quote
from tests.factories import country, make_article, make_meeting, make_person, topic

pytestmark = pytest.mark.django_db

MEETINGS_URL = reverse("meetings:meeting_list")
QUOTES_URL = reverse("meetings:quote_list")


def streamed(response) -> str:
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def small_world():
    """Three meetings and four quotes with what makes an export tricky: country codes whose names
    sort otherwise (Germany, Greece, Spain), a participant by organisation, one without a title, an
    undated meeting, two meetings on one day, a cell a spreadsheet would run as a formula, commas and
    quotation marks, a quote without a meeting or a speaker."""
    ilse = make_person("Ilse Marwick", country_code="DE")
    tomas = make_person("Tomas Ederle", country_code="ES")
    odile = make_person("Odile Vance")
    first = make_meeting(
        date=dt.date(2024, 5, 6),
        city="Athens",
        location="GR",
        countries=("ES", "GR", "DE"),
        topics=("trade-investment", "energy"),
        people=(("Ilse Marwick", "DE", "Minister of Economy"), ("Tomas Ederle", "ES", "")),
        quotes=2,
    )
    Participation.objects.create(meeting=first, person=odile, title="Envoy", organization="European Union")
    same_day = make_meeting(
        date=dt.date(2024, 5, 6),
        city="=Madrid",
        location="ES",
        countries=("ES",),
        topics=(),
        people=(("Tomas Ederle", "ES", "Foreign Minister, acting"),),
    )
    undated = make_meeting(
        date=None, status=Meeting.Status.PLANNED, countries=("DE", "ES"), topics=("energy",)
    )
    Meeting.objects.filter(pk=undated.pk).update(date_precision=Meeting.DatePrecision.UNKNOWN)
    Meeting.objects.filter(pk=same_day.pk).update(reviewed=True)  # confirmed from the review queue

    article = Article.objects.create(
        title='Talks in "Athens", day two',
        source="The Daily Example",
        url="https://news.example.org/athens",
        text="x" * 400,
        published=dt.date(2024, 5, 7),
        content_hash="pinned-export-article",
        status=Article.Status.INGESTED,
    )
    MeetingSource.objects.create(meeting=first, article=article, evidence=[[0, 10]])
    spoken = Quote.objects.create(
        text="Energy links us, and trade too.",
        speaker=ilse,
        article=article,
        meeting=first,
        start=100,
        end=131,
    )
    spoken.topics.set([topic("trade-investment"), topic("energy")])
    Quote.objects.create(
        text="-We agree.", speaker_label="Both sides", article=article, meeting=first, start=200, end=210
    )
    loose_article = make_article(text="An undated piece.", title="Undated piece")
    Quote.objects.create(text="Nobody said this.", article=loose_article, meeting=None, start=0, end=17)
    return {"ilse": ilse, "tomas": tomas, "first": first, "same_day": same_day, "undated": undated}


def test_meetings_csv_is_exactly_as_before(client, small_world):
    first, same_day, undated = small_world["first"].pk, small_world["same_day"].pk, small_world["undated"].pk

    text = streamed(client.get(MEETINGS_URL, {"format": "csv"}))

    assert text == (
        "id,url,date,date_precision,status,city,location_country,countries,topics,participants,quote_count,"
        "reviewed\r\n"
        f"{same_day},http://testserver/meetings/{same_day}/,2024-05-06,day,held,'=Madrid,ES,ES,,"
        '"Tomas Ederle, Foreign Minister, acting, Spain",0,yes\r\n'
        f"{first},http://testserver/meetings/{first}/,2024-05-06,day,held,Athens,GR,DE; GR; ES,"
        "energy; trade-investment,"
        '"Ilse Marwick, Minister of Economy, Germany; Tomas Ederle, Spain; Odile Vance, Envoy, European Union",'
        "4,no\r\n"
        f"{undated},http://testserver/meetings/{undated}/,,unknown,planned,,,DE; ES,energy,,0,no\r\n"
    )


def test_meetings_json_is_exactly_as_before(client, small_world):
    first, same_day, undated = small_world["first"].pk, small_world["same_day"].pk, small_world["undated"].pk

    text = streamed(client.get(MEETINGS_URL, {"format": "json", "country": "ES"}))

    assert text == (
        "[\n"
        f'{{"id": {same_day}, "url": "http://testserver/meetings/{same_day}/", "date": "2024-05-06", '
        '"date_precision": "day", "status": "held", "city": "=Madrid", "location_country": "ES", '
        '"countries": ["ES"], "topics": [], "participants": ["Tomas Ederle, Foreign Minister, acting, Spain"], '
        '"quote_count": 0, "reviewed": true},\n'
        f'{{"id": {first}, "url": "http://testserver/meetings/{first}/", "date": "2024-05-06", '
        '"date_precision": "day", "status": "held", "city": "Athens", "location_country": "GR", '
        '"countries": ["DE", "GR", "ES"], "topics": ["energy", "trade-investment"], '
        '"participants": ["Ilse Marwick, Minister of Economy, Germany", "Tomas Ederle, Spain", '
        '"Odile Vance, Envoy, European Union"], "quote_count": 4, "reviewed": false},\n'
        f'{{"id": {undated}, "url": "http://testserver/meetings/{undated}/", "date": "", '
        '"date_precision": "unknown", "status": "planned", "city": "", "location_country": null, '
        '"countries": ["DE", "ES"], "topics": ["energy"], "participants": [], "quote_count": 0, '
        '"reviewed": false}\n'
        "]\n"
    )
    assert [row["id"] for row in json.loads(text)] == [same_day, first, undated]


def test_meetings_export_of_nothing_is_its_header_or_an_empty_list(client, db):
    assert streamed(client.get(MEETINGS_URL, {"format": "csv"})) == (
        "id,url,date,date_precision,status,city,location_country,countries,topics,participants,quote_count,"
        "reviewed\r\n"
    )
    assert streamed(client.get(MEETINGS_URL, {"format": "json"})) == "[\n]\n"


def quote_rows() -> dict[str, Quote]:
    return {q.text: q for q in Quote.objects.select_related("article")}


def test_quotes_csv_is_exactly_as_before(client, small_world):
    first, ilse = small_world["first"].pk, small_world["ilse"].pk
    by_text = quote_rows()
    spoken, agreed = by_text["Energy links us, and trade too."], by_text["-We agree."]
    loose = by_text["Nobody said this."]
    factory = sorted((q for q in by_text.values() if q.text.startswith("Quote ")), key=lambda q: q.start)
    factory_article = factory[0].article

    text = streamed(client.get(QUOTES_URL, {"format": "csv"}))

    # Newest article first (undated last), then by article and offset.
    assert text == (
        "id,text,speaker,speaker_id,topics,meeting_id,meeting_url,article_title,article_source,article_url,"
        "published\r\n"
        f'{spoken.pk},"Energy links us, and trade too.",Ilse Marwick,{ilse},energy; trade-investment,{first},'
        f'http://testserver/meetings/{first}/,"Talks in ""Athens"", day two",The Daily Example,'
        "https://news.example.org/athens,2024-05-07\r\n"
        f"{agreed.pk},'-We agree.,Both sides,,,{first},http://testserver/meetings/{first}/,"
        '"Talks in ""Athens"", day two",The Daily Example,https://news.example.org/athens,2024-05-07\r\n'
        f"{factory[0].pk},Quote 0,Unknown speaker,,,{first},http://testserver/meetings/{first}/,"
        f"{factory_article.title},,,2024-05-06\r\n"
        f"{factory[1].pk},Quote 1,Unknown speaker,,,{first},http://testserver/meetings/{first}/,"
        f"{factory_article.title},,,2024-05-06\r\n"
        f"{loose.pk},Nobody said this.,Unknown speaker,,,,,Undated piece,,,\r\n"
    )


def test_quotes_json_of_a_search_is_exactly_as_before(client, small_world):
    first, ilse = small_world["first"].pk, small_world["ilse"].pk
    spoken = quote_rows()["Energy links us, and trade too."]

    text = streamed(client.get(QUOTES_URL, {"format": "json", "q": "energy", "country": "DE"}))

    assert text == (
        "[\n"
        f'{{"id": {spoken.pk}, "text": "Energy links us, and trade too.", "speaker": "Ilse Marwick", '
        f'"speaker_id": {ilse}, "topics": ["energy", "trade-investment"], "meeting_id": {first}, '
        f'"meeting_url": "http://testserver/meetings/{first}/", "article_title": "Talks in \\"Athens\\", day two", '
        '"article_source": "The Daily Example", "article_url": "https://news.example.org/athens", '
        '"published": "2024-05-07"}\n'
        "]\n"
    )


def test_the_fixture_is_what_the_pinned_texts_assume(small_world):
    # Guards the expected texts above against a change in the factories.
    assert (
        country("GR").name == "Greece" and country("ES").name == "Spain" and country("DE").name == "Germany"
    )
    assert Quote.objects.filter(meeting=small_world["first"]).count() == 4


def test_a_searched_export_keeps_the_order_of_the_results_page(client, small_world):
    article = make_article(text="y" * 400, published=dt.date(2024, 1, 1))
    for i, text in enumerate(
        ["Trade.", "Trade, trade and trade again.", "Some trade among many other words."]
    ):
        Quote.objects.create(
            text=text, article=article, meeting=small_world["first"], start=i * 50, end=i * 50 + 9
        )
    page = client.get(QUOTES_URL, {"q": "trade"}).text
    shown = [int(pk) for pk in re.findall(r'<li class="quote" data-quote="(\d+)"', page)]

    exported = [
        row["id"] for row in json.loads(streamed(client.get(QUOTES_URL, {"q": "trade", "format": "json"})))
    ]

    assert len(shown) == 4
    assert exported == shown


# One row per participant


PARTICIPANTS_HEADER = (
    "meeting_id,meeting_url,date,date_precision,status,city,location_country,person_id,person,person_url,"
    "title,country,organization,reviewed\r\n"
)


def test_participants_csv_has_a_row_per_participant_in_the_meetings_order(client, small_world):
    first, same_day = small_world["first"].pk, small_world["same_day"].pk
    ilse, tomas = small_world["ilse"].pk, small_world["tomas"].pk
    odile = Participation.objects.get(meeting_id=first, organization="European Union").person_id

    response = client.get(MEETINGS_URL, {"format": "csv", "rows": "participants"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="participants.csv"'
    same_day_url, first_url = (
        f"http://testserver/meetings/{same_day}/",
        f"http://testserver/meetings/{first}/",
    )
    # The undated meeting has no participant, so no row.
    assert streamed(response) == PARTICIPANTS_HEADER + (
        f"{same_day},{same_day_url},2024-05-06,day,held,'=Madrid,ES,{tomas},Tomas Ederle,"
        f'http://testserver/people/{tomas}/,"Foreign Minister, acting",ES,,yes\r\n'
        f"{first},{first_url},2024-05-06,day,held,Athens,GR,{ilse},Ilse Marwick,"
        f"http://testserver/people/{ilse}/,Minister of Economy,DE,,no\r\n"
        f"{first},{first_url},2024-05-06,day,held,Athens,GR,{tomas},Tomas Ederle,"
        f"http://testserver/people/{tomas}/,,ES,,no\r\n"
        f"{first},{first_url},2024-05-06,day,held,Athens,GR,{odile},Odile Vance,"
        f"http://testserver/people/{odile}/,Envoy,,European Union,no\r\n"
    )


def test_participants_json_follows_the_filters(client, small_world):
    first, ilse = small_world["first"].pk, small_world["ilse"].pk

    response = client.get(
        MEETINGS_URL, {"format": "json", "rows": "participants", "country": "DE", "q": "economy"}
    )

    assert response["Content-Disposition"] == 'attachment; filename="participants.json"'
    exported = json.loads(streamed(response))
    assert exported == [
        {
            "meeting_id": first,
            "meeting_url": f"http://testserver/meetings/{first}/",
            "date": "2024-05-06",
            "date_precision": "day",
            "status": "held",
            "city": "Athens",
            "location_country": "GR",
            "person_id": person_id,
            "person": name,
            "person_url": f"http://testserver/people/{person_id}/",
            "title": title,
            "country": code,
            "organization": organization,
            "reviewed": False,
        }
        for person_id, name, title, code, organization in Participation.objects.filter(meeting_id=first)
        .order_by("id")
        .values_list("person_id", "person__name", "title", "country_id", "organization")
    ]
    assert [row["person"] for row in exported] == ["Ilse Marwick", "Tomas Ederle", "Odile Vance"]
    assert exported[0]["person_id"] == ilse


def test_participants_export_of_nothing_is_its_header_or_an_empty_list(client, db):
    assert (
        streamed(client.get(MEETINGS_URL, {"format": "csv", "rows": "participants"})) == PARTICIPANTS_HEADER
    )
    assert streamed(client.get(MEETINGS_URL, {"format": "json", "rows": "participants"})) == "[\n]\n"


def test_the_list_links_both_exports_with_its_filters(client, small_world):
    html = client.get(MEETINGS_URL, {"country": "ES", "page": "1"}).text

    assert 'href="?country=ES&amp;format=csv"' in html
    assert 'href="?country=ES&amp;format=csv&amp;rows=participants" aria-label="Participants CSV"' in html
    assert 'href="?country=ES&amp;format=json&amp;rows=participants" aria-label="Participants JSON"' in html


def test_rows_is_not_carried_into_the_page_links(client, small_world):
    html = client.get(MEETINGS_URL, {"country": "ES", "rows": "participants"}).text

    assert 'href="?country=ES&amp;format=csv"' in html
    assert "rows=participants&amp;rows" not in html and 'href="?country=ES&amp;rows' not in html


def make_meetings_with_participants(count: int) -> None:
    for i in range(count):
        make_meeting(
            date=dt.date(2023, 1, 1) + dt.timedelta(days=i),
            countries=("DE", "ES"),
            topics=("energy",),
            people=((f"Delegate {count}-{i}", "DE", "Envoy"), (f"Counterpart {count}-{i}", "ES", "")),
        )


@pytest.mark.parametrize("rows", ["participants", "meetings"])
def test_export_queries_do_not_grow_with_the_meetings(client, db, django_assert_num_queries, rows):
    for count, expected_rows in ((5, 10), (50, 100)):
        Meeting.objects.all().delete()
        make_meetings_with_participants(count)
        # One query for the meetings, one per kind of related row (participants only: one).
        with django_assert_num_queries(2 if rows == "participants" else 4):
            body = streamed(client.get(MEETINGS_URL, {"format": "csv", "rows": rows}))
        assert len(body.splitlines()) - 1 == (expected_rows if rows == "participants" else count)
