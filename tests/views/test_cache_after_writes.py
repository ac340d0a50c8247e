"""After a write, the pages it changed show the new data at once, while the cached regions of the
pages it did not change are still served from the cache (the versions are scoped: see
meetings/selectors/filters.py and meetings/services/invalidation.py)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Meeting, Person
from meetings.services.corrections import meeting_merge
from meetings.services.ingest import articles_ingest
from meetings.services.readers import ArticleInput
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db

# Invented people: one already stored (France), one new (Germany).
PARIS = (
    "Date: 2026-01-10\n\nFrench Foreign Minister Maelle Durvan met German Foreign Minister Petra Quandel"
    ' in Paris on Friday to discuss Ukraine. "We stand together," Durvan said.'
)


def meeting_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'class="meeting__title" href="/meetings/(\d+)/"', html)]


def get(client, url: str) -> tuple[str, int]:
    """The page's HTML (its CSRF token, new each time, left out) and the queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r'"x-csrftoken": "\w+"', "", response.text), len(queries.captured_queries)


@pytest.fixture
def world(db):
    us = make_meeting(
        date=dt.date(2025, 3, 1),
        countries=("US", "GH"),
        topics=("energy",),
        people=(("Tobin Eskary", "US", "Envoy"),),
    )
    fr = make_meeting(
        date=dt.date(2025, 4, 1),
        countries=("FR", "CN"),
        people=(("Maelle Durvan", "FR", "Foreign Minister"),),
    )
    return {
        "us": us,
        "fr": fr,
        "tobin": Person.objects.get(name="Tobin Eskary"),
        "maelle": Person.objects.get(name="Maelle Durvan"),
    }


def ingest(django_capture_on_commit_callbacks) -> Meeting:
    with django_capture_on_commit_callbacks(execute=True):
        report = articles_ingest(inputs=[ArticleInput(name="paris.txt", text=PARIS)])
    assert report.count("ingested") == 1
    return Meeting.objects.get(pk=report.outcomes[0].meeting_ids[0])


def unaffected_urls(world) -> list[str]:
    return [
        "/?country=US",
        f"/?person={world['tobin'].pk}",
        "/map/?country=US",
        "/network/?country=US",
        "/countries/US/",
        reverse("meetings:person_detail", args=[world["tobin"].pk]),
        "/topics/energy/",
        reverse("meetings:meeting_detail", args=[world["us"].pk]),
    ]


def test_an_ingested_article_shows_on_the_pages_it_changed(client, world, django_capture_on_commit_callbacks):
    maelle_url = reverse("meetings:person_detail", args=[world["maelle"].pk])
    affected = [
        "/",
        "/?country=FR",
        f"/?person={world['maelle'].pk}",
        "/network/?country=FR",
        "/map/?country=FR",
        "/countries/FR/",
        maelle_url,
        "/topics/ukraine-war/",
    ]
    for url in affected:
        assert get(client, url)  # cached now
    assert 'aria-label="France: 1 meeting held there"' not in get(client, "/map/?country=FR")[0]
    assert 'href="/countries/DE/"' not in get(client, "/network/?country=FR")[0]
    assert 'data-code="DE"><title>Germany: no meetings' in get(client, "/countries/FR/")[0]  # its map

    new = ingest(django_capture_on_commit_callbacks)

    assert set(new.countries.values_list("code", flat=True)) == {"FR", "DE"}
    assert new.participations.filter(person=world["maelle"]).exists()  # the stored person was found
    assert meeting_ids(get(client, "/")[0]) == [new.pk, world["fr"].pk, world["us"].pk]
    assert meeting_ids(get(client, "/?country=FR")[0]) == [new.pk, world["fr"].pk]
    assert meeting_ids(get(client, "/countries/FR/")[0]) == [new.pk, world["fr"].pk]
    assert meeting_ids(get(client, maelle_url)[0]) == [new.pk, world["fr"].pk]
    assert "We stand together" in get(client, maelle_url)[0]
    assert meeting_ids(get(client, "/topics/ukraine-war/")[0]) == [new.pk]
    assert "2 meetings" in get(client, "/countries/FR/")[0]
    assert "<title>Germany: 1 meeting with France</title>" in get(client, "/countries/FR/")[0]
    assert meeting_ids(get(client, f"/?person={world['maelle'].pk}")[0]) == [new.pk, world["fr"].pk]
    assert 'href="/countries/DE/"' in get(client, "/network/?country=FR")[0]
    assert 'aria-label="France: 1 meeting held there"' in get(client, "/map/?country=FR")[0]


def test_the_pages_an_ingested_article_did_not_change_stay_cached(
    client, world, django_capture_on_commit_callbacks
):
    urls = unaffected_urls(world)
    cold = {url: get(client, url) for url in urls}
    warm = {url: get(client, url) for url in urls}
    for url in urls:
        assert warm[url][1] < cold[url][1], url  # the warm page is served from the cache

    ingest(django_capture_on_commit_callbacks)

    for url in urls:
        html, queries = get(client, url)
        assert queries == warm[url][1], url  # still from the cache: no region recomputed
        assert html == warm[url][0], url


def test_a_correction_by_staff_changes_every_page_it_may_have_changed(
    client, world, django_capture_on_commit_callbacks
):
    other_us = make_meeting(date=dt.date(2025, 5, 1), countries=("US", "GH"), topics=("energy",))
    urls = unaffected_urls(world)
    for url in urls:
        get(client, url)
    assert "2 meetings" in get(client, "/countries/US/")[0]

    # Corrections name no scopes: they bump the epoch, and every page is recomputed.
    with django_capture_on_commit_callbacks(execute=True):
        meeting_merge(target=world["us"], others=[other_us])

    assert "1 meeting" in get(client, "/countries/US/")[0]
    assert meeting_ids(get(client, "/?country=US")[0]) == [world["us"].pk]
    assert meeting_ids(get(client, "/topics/energy/")[0]) == [world["us"].pk]
    assert f"/meetings/{other_us.pk}/" not in get(client, urls[-1])[0]


def test_a_meeting_page_shows_a_new_meeting_of_its_countries_among_the_others(
    client, world, django_capture_on_commit_callbacks
):
    french = make_meeting(date=dt.date(2024, 1, 1), countries=("FR",))
    url = reverse("meetings:meeting_detail", args=[french.pk])
    before, _ = get(client, url)
    assert f'href="/meetings/{world["fr"].pk}/"' in before

    new = ingest(django_capture_on_commit_callbacks)

    after, _ = get(client, url)
    assert f'href="/meetings/{new.pk}/"' in after and f'href="/meetings/{world["fr"].pk}/"' in after


def test_a_meeting_page_and_its_quote_pages_are_cached_under_its_own_version(
    client, db, settings, htmx_headers, django_capture_on_commit_callbacks
):
    settings.MEETINGS_PAGE_SIZE = 2
    meeting = make_meeting(countries=("GH",), quotes=3)
    url = reverse("meetings:meeting_detail", args=[meeting.pk])
    quotes = {"quotes_page": "2"}
    get(client, url), client.get(url, quotes, headers={**htmx_headers, "HX-Target": "quotes"})

    with CaptureQueriesContext(connection) as warm:
        fragment = client.get(url, quotes, headers={**htmx_headers, "HX-Target": "quotes"}).text
    assert len(warm.captured_queries) == 3  # country codes, versions, the quotes' count
    assert fragment.lstrip().startswith('<div id="quotes">') and "Quote 2" in fragment

    from meetings.services.invalidation import Touched, data_changed

    # A write that names this meeting: its page is read again.
    with django_capture_on_commit_callbacks(execute=True):
        touched = Touched()
        touched.meetings_before([meeting.pk])
        meeting.quotes.filter(text="Quote 2").update(text="Quote two, corrected")
        data_changed(touched)

    fragment = client.get(url, quotes, headers={**htmx_headers, "HX-Target": "quotes"}).text
    assert "Quote two, corrected" in fragment
    assert "Quote two, corrected" in get(client, url + "?quotes_page=2")[0]
