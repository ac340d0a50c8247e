"""What a page number that does not exist gives, on every paginated page: a number past the last
page is the last page; zero, a negative number, a fraction or no number at all is the first page.
Never a 404 (a bookmarked "?page=7" of a list that has since shrunk still shows meetings)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from meetings.models import Person, Quote
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db

FIRST, LAST = "Page 1 of 3", "Page 3 of 3"

CASES = [
    ("2", "Page 2 of 3"),
    ("3", LAST),
    ("4", LAST),
    ("99999999999999999999", LAST),
    ("0", FIRST),
    ("-2", FIRST),
    ("", FIRST),
    ("two", FIRST),
    ("2.5", FIRST),
    ("1e1", FIRST),
]


def pager_text(response, label: str) -> str:
    """The "Page n of m" the pager with this label shows."""
    nav = re.search(rf'aria-label="{label}"[^>]*>(.*?)</nav>', response.text, re.S)
    assert nav, f"no pager {label!r}"
    return re.search(r"Page \d+ of \d+", nav.group(1)).group(0)


@pytest.fixture
def five_meetings(settings):
    """Five meetings of one person, with five quotes of theirs, at two a page: three pages of each."""
    settings.MEETINGS_PAGE_SIZE = 2
    meetings = [
        make_meeting(
            date=dt.date(2025, 1, day),
            countries=("CN", "FR"),
            topics=("energy",),
            people=(("Orla Vantrees", "FR", "Envoy"),),
        )
        for day in range(1, 6)
    ]
    person = Person.objects.get(name="Orla Vantrees")
    for i, meeting in enumerate(meetings):
        quote = Quote.objects.create(
            text=f"Said {i}",
            speaker=person,
            article=meeting.sources.first().article,
            meeting=meeting,
            start=0,
            end=4,
        )
        quote.topics.set(meeting.topics.all())
    return {"person": person, "meetings": meetings}


@pytest.mark.parametrize(("raw", "shown"), CASES)
def test_meeting_list_page_numbers(client, five_meetings, raw, shown):
    response = client.get(reverse("meetings:meeting_list"), {"page": raw})

    assert response.status_code == 200
    assert pager_text(response, "Pages") == shown


@pytest.mark.parametrize(("raw", "shown"), CASES)
def test_person_page_numbers_of_meetings_and_quotes(client, five_meetings, raw, shown):
    url = reverse("meetings:person_detail", args=[five_meetings["person"].pk])

    meetings = client.get(url, {"page": raw})
    quotes = client.get(url, {"quotes_page": raw})

    assert meetings.status_code == quotes.status_code == 200
    assert pager_text(meetings, "Meeting pages") == shown
    assert pager_text(meetings, "Quote pages") == FIRST
    assert pager_text(quotes, "Quote pages") == shown
    assert pager_text(quotes, "Meeting pages") == FIRST


@pytest.mark.parametrize(("raw", "shown"), CASES)
def test_country_and_topic_page_numbers(client, five_meetings, raw, shown):
    country = client.get(reverse("meetings:country_detail", args=["FR"]), {"page": raw})
    topic = client.get(reverse("meetings:topic_detail", args=["energy"]), {"quotes_page": raw})

    assert country.status_code == topic.status_code == 200
    assert pager_text(country, "Meeting pages") == shown
    assert pager_text(topic, "Quote pages") == shown
    assert pager_text(topic, "Meeting pages") == FIRST


@pytest.mark.parametrize(("raw", "shown"), [("9", LAST), ("0", FIRST), ("x", FIRST)])
def test_quote_list_and_index_page_numbers(client, five_meetings, raw, shown):
    quotes = client.get(reverse("meetings:quote_list"), {"page": raw})

    assert quotes.status_code == 200
    assert pager_text(quotes, "Pages") == shown
    # The indexes list 50 a page: one page here, whatever number is asked for.
    index = client.get(reverse("meetings:person_index"), {"page": raw})
    assert index.status_code == 200
    assert "Orla Vantrees" in index.text


def test_meeting_page_quote_numbers(client, settings):
    settings.MEETINGS_PAGE_SIZE = 2
    meeting = make_meeting(quotes=5)
    url = reverse("meetings:meeting_detail", args=[meeting.pk])

    assert pager_text(client.get(url, {"quotes_page": "7"}), "Quote pages") == LAST
    assert pager_text(client.get(url, {"quotes_page": "-1"}), "Quote pages") == FIRST
    assert pager_text(client.get(url, {"quotes_page": "many"}), "Quote pages") == FIRST


def test_an_empty_selection_is_its_one_empty_page(client, five_meetings):
    response = client.get(reverse("meetings:meeting_list"), {"page": "5", "country": "GH"})

    assert response.status_code == 200
    assert "No meetings match these filters" in response.text
    assert 'class="pagination"' not in response.text
