"""An analyst's path through the app in real Chromium: filter, go back, drill down, search, export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from playwright.sync_api import expect

from meetings.models import Article, MeetingSource, Quote
from tests.e2e.conftest import screenshot
from tests.factories import make_article, make_meeting, topic

# Transactional, since the live server reads the data from another thread; serialized_rollback
# brings back the countries and topics of migration 0002 that the flush at the end removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ARTICLE = (
    "BEIJING, March 3 -- Chinese Foreign Minister Zhao Lin met his French counterpart Jean-Luc Morel "
    "in Beijing on Monday to discuss energy cooperation and trade. "
    '"Our energy cooperation has a bright future," Zhao said after the talks. '
    "Morel said France wanted balanced trade."
)

PEOPLE = {
    "CN": ("Zhao Lin", "CN", "Foreign Minister"),
    "FR": ("Jean-Luc Morel", "FR", "Minister for Europe and Foreign Affairs"),
    "US": ("Mark Delaney", "US", "Secretary of State"),
    "DE": ("Johann Weiland", "DE", "Foreign Minister"),
}
# Each meeting is held in the capital of the first country of its pair (its location).
CAPITALS = {"CN": "Beijing", "FR": "Paris", "US": "Washington", "DE": "Berlin"}


@pytest.fixture
def world(reference_data):
    """Two years of meetings between four countries; the newest China-France one has a quote."""
    pairs = [("CN", "FR"), ("CN", "US"), ("FR", "DE"), ("US", "DE"), ("CN", "DE")]
    topics = [("energy",), ("trade-investment",), ("energy", "security-defense"), ("security-defense",)]
    for i in range(24):
        countries = pairs[i % len(pairs)]
        make_meeting(
            date=dt.date(2024, 1, 10) + dt.timedelta(days=29 * i),
            countries=countries,
            topics=topics[i % len(topics)],
            city=CAPITALS[countries[0]],
            location=countries[0],
            people=tuple(PEOPLE[c] for c in countries),
        )
    article = make_article(
        text=ARTICLE, title="Zhao Lin and Morel talk energy", published=dt.date(2026, 3, 3)
    )
    Article.objects.filter(pk=article.pk).update(source="Example Wire", url="https://example.com/zhao-morel")
    meeting = make_meeting(
        date=dt.date(2026, 3, 2),
        countries=("CN", "FR"),
        topics=("energy", "trade-investment"),
        city="Beijing",
        location="CN",
        people=(PEOPLE["CN"], PEOPLE["FR"]),
        article=article,
    )
    start = ARTICLE.index("Chinese")
    MeetingSource.objects.filter(meeting=meeting).update(
        evidence=[[start, ARTICLE.index("trade. ") + len("trade.")]]
    )
    text = "Our energy cooperation has a bright future,"
    quote = Quote.objects.create(
        text=text,
        speaker=meeting.people.get(name="Zhao Lin"),
        article=article,
        meeting=meeting,
        start=ARTICLE.index(text),
        end=ARTICLE.index(text) + len(text),
    )
    quote.topics.set([topic("energy")])
    Quote.objects.create(
        text="France wanted balanced trade.",
        speaker=meeting.people.get(name="Jean-Luc Morel"),
        article=article,
        meeting=meeting,
        start=ARTICLE.index("France wanted"),
        end=len(ARTICLE),
    )
    return meeting


def shot(page, name: str) -> None:
    # From the top: the sticky filter panel otherwise lands where the page was scrolled to.
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, name)


def results_count(page) -> int:
    return int(re.match(r"\d+", page.locator("#results-heading").inner_text().strip()).group())


def test_analyst_path(page, live_server, world):
    page.goto(live_server.url + "/")
    expect(page.locator("#results-heading")).to_contain_text("25 meetings")
    page.evaluate("window.analystMarker = 'still here'")  # gone if the page reloads
    expect(page.locator("svg.timeline__svg rect").first).to_be_visible()
    shot(page, "list")

    # Pick a country with the keyboard: the list and the counts change without a reload.
    with page.expect_response(lambda r: "country=CN" in r.url):
        page.locator("#country-CN").focus()
        page.keyboard.press("Space")
    expect(page.locator("#results-heading")).to_contain_text("15 meetings match")
    expect(page).to_have_url(re.compile(r"/\?country=CN$"))
    expect(page.locator("label[for=country-FR] .count")).to_have_text("6")  # China-France meetings
    with_china = results_count(page)

    page.locator("label[for=topic-energy]").click()
    expect(page).to_have_url(re.compile(r"/\?country=CN&topic=energy$"))
    expect(page.locator("#results-heading")).to_contain_text("8 meetings match")
    assert page.evaluate("window.analystMarker") == "still here"
    listed = page.locator(".meeting__title").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    shot(page, "list-filtered")

    # Export the selection as CSV: the same rows as the list.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert [f"/meetings/{row['id']}/" for row in rows] == listed
    assert all("CN" in row["countries"] and "energy" in row["topics"] for row in rows)

    # Back restores the previous state exactly: China only, any topic.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/\?country=CN$"))
    expect(page.locator("#results-heading")).to_contain_text(f"{with_china} meetings match")
    expect(page.locator("#country-CN")).to_be_checked()
    expect(page.locator("#topic-any")).to_be_checked()
    assert page.locator("#results").count() == 1 and page.locator("header.site-header").count() == 1

    # Forward brings the topic back.
    page.go_forward()
    expect(page).to_have_url(re.compile(r"/\?country=CN&topic=energy$"))
    expect(page.locator("#results-heading")).to_contain_text("8 meetings match")
    expect(page.locator("#topic-energy")).to_be_checked()
    page.go_back()
    expect(page.locator("#topic-any")).to_be_checked()

    # A timeline bar narrows the list to its month, and the date inputs follow (out of band).
    page.locator(".timeline__svg a").last.click()
    expect(page).to_have_url(re.compile(r"/\?country=CN&date_from=2026-03-01&date_to=2026-03-31$"))
    expect(page.locator("#results-heading")).to_contain_text("1 meeting matches")
    expect(page.locator("#id_date_from")).to_have_value("2026-03-01")
    assert page.evaluate("window.analystMarker") == "still here"

    # Open the newest meeting, then its participant, country and topic.
    page.locator(".meeting__title").first.click()
    expect(page.locator("h1")).to_have_text("China · France")
    expect(page.locator(".article-text mark.evidence")).to_contain_text("Zhao Lin met his French counterpart")
    expect(page.locator("#quotes")).to_contain_text("Our energy cooperation has a bright future")
    shot(page, "meeting")

    page.locator(".participants a.person", has_text="Zhao Lin").click()
    expect(page.locator("h1")).to_have_text("Zhao Lin")
    expect(page.locator("#counterparts-heading + .ranked")).to_contain_text("Jean-Luc Morel")
    shot(page, "person")

    page.locator(".profile__header a", has_text="China").click()
    expect(page.locator("h1")).to_contain_text("China")
    expect(page.locator("#counterparts-heading + .ranked li").first).to_contain_text("France")
    shot(page, "country")

    page.locator("#topics-heading + .ranked a", has_text="Energy").first.click()
    expect(page.locator("h1")).to_have_text("Energy")
    shot(page, "topic")

    # Search quotes for a word: the matching words come back highlighted.
    page.get_by_role("link", name="Quotes", exact=True).click()
    page.get_by_label("Search quotes").fill("cooperation")
    expect(page).to_have_url(re.compile(r"/quotes/\?q=cooperation$"))
    expect(page.locator("#results-heading")).to_contain_text("1 quote matching")
    expect(page.locator(".quote-results mark")).to_have_text("cooperation")
    expect(page.locator(".quote-results")).not_to_contain_text("balanced trade")
    shot(page, "quotes")
    page.locator(".quote__context a", has_text="Meeting:").click()
    expect(page.locator("h1")).to_have_text("China · France")


def test_pages_are_readable_on_a_phone(page, live_server, world):
    page.set_viewport_size({"width": 375, "height": 800})
    for path, name in [
        ("/", "list-375"),
        (world.get_absolute_url(), "meeting-375"),
        ("/quotes/?q=energy", "quotes-375"),
    ]:
        page.goto(live_server.url + path)
        # Nothing sticks out sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        shot(page, name)


def test_works_without_javascript(browser, live_server, world):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.locator("label[for=country-FR]").click()
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(r"/\?.*country=FR"))
        expect(page.locator("#results-heading")).to_contain_text("11 meetings match")
    finally:
        context.close()


def test_a_bookmark_of_a_merged_meeting_opens_the_meeting_it_became(page, live_server, world):
    from meetings.models import Meeting
    from meetings.services.corrections import meeting_merge

    first, second = (
        Meeting.objects.filter(countries__code="CN").filter(countries__code="US").order_by("date")[:2]
    )
    bookmark = live_server.url + second.get_absolute_url()
    meeting_merge(target=first, others=[second])

    page.goto(bookmark)

    assert page.url == live_server.url + first.get_absolute_url()
    expect(page.locator("h1")).to_contain_text("China")
    expect(page.locator("#participants-heading")).to_be_visible()


def test_an_analyst_finds_a_person_outside_the_facet_from_the_people_index(page, live_server, world):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.locator("#index-heading")).to_have_text("People")
    page.locator("#index-q").fill("weila")  # the live search, no button pressed
    expect(page.locator("#index-results tbody tr")).to_have_count(1)
    assert "q=weila" in page.url, "the search is in the address, so back and bookmarks keep it"
    shot(page, "people_index")
    page.locator("#index-results tbody a").first.click()
    expect(page.locator("h1")).to_have_text("Johann Weiland")


def test_a_source_opens_whole_on_the_meeting_page(page, live_server, world):
    page.goto(live_server.url + world.get_absolute_url())
    source = page.locator(".source").first
    expect(source.locator(".source__excerpt mark.evidence")).to_contain_text(
        "Zhao Lin met his French counterpart"
    )
    expect(source).not_to_contain_text("Zhao said after the talks")
    source.locator(".source__whole summary").click()
    expect(source.locator(".source__whole .article-text")).to_contain_text("Zhao said after the talks")
    expect(source.locator(".source__whole mark.quote").first).to_contain_text("Our energy cooperation")
    shot(page, "meeting_source_open")


def test_undated_meetings_are_a_bucket_whose_counts_add_up_to_the_heading(page, live_server, world):
    for _ in range(2):
        make_meeting(date=None, countries=("CN", "FR"), people=(PEOPLE["CN"], PEOPLE["FR"]))
    page.goto(live_server.url + "/")
    total = results_count(page)
    years = page.locator(".facet-list--years li .count")
    expect(years.last).to_have_text("2")
    assert sum(int(n) for n in years.all_inner_texts()) == total == 27
    expect(page.locator(".timeline__tick").first).to_be_visible()  # month or year labels
    expect(page.locator(".timeline__undated")).to_contain_text("Undated: 2 meetings")

    page.locator(".facet-undated a").click()
    expect(page.locator("#results-heading")).to_contain_text("2 meetings")
    assert "precision=none" in page.url
    expect(page.get_by_role("link", name="Remove the filter Dated: undated")).to_be_visible()
    shot(page, "list-undated")

    page.go_back()
    expect(page.locator("#results-heading")).to_contain_text(f"{total} meetings")
