import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import MeetingSource, Quote
from tests.factories import make_article, make_meeting, make_person, topic

pytestmark = pytest.mark.django_db

TEXT = (
    "PARIS, March 1 -- China's foreign minister Wang Yi met French President Claire Dumont on Monday. "
    '"We share a vision of open trade," Wang said. Analysts were unconvinced.'
)
EVIDENCE = (TEXT.index("China's"), TEXT.index("Monday.") + len("Monday."))


@pytest.fixture
def meeting(db):
    article = make_article(text=TEXT, title="Wang Yi in Paris", published=dt.date(2025, 3, 2))
    article.source = "Reuters"
    article.url = "https://example.com/wang-yi-paris"
    article.save()
    meeting = make_meeting(
        date=dt.date(2025, 3, 1),
        city="Paris",
        location="FR",
        countries=("CN", "FR"),
        topics=("trade-investment",),
        people=(("Wang Yi", "CN", "Foreign Minister"), ("Claire Dumont", "FR", "President")),
        article=article,
    )
    MeetingSource.objects.filter(meeting=meeting).update(evidence=[list(EVIDENCE)])
    start = TEXT.index("We share")
    quote = Quote.objects.create(
        text="We share a vision of open trade,",
        speaker=meeting.people.get(name="Wang Yi"),
        article=article,
        meeting=meeting,
        start=start,
        end=start + len("We share a vision of open trade,"),
    )
    quote.topics.set([topic("trade-investment")])
    Quote.objects.create(
        text="Both sides agreed.",
        speaker_label="Both sides",
        article=article,
        meeting=meeting,
        start=0,
        end=5,
    )
    return meeting


def test_shows_date_status_place_countries_and_topics(client, meeting):
    html = client.get(meeting.get_absolute_url()).text

    assert "1 March 2025" in html
    assert "Held" in html
    assert "Paris, France" in html
    assert "China" in html and "France" in html
    assert "Trade" in html


def test_shows_participants_with_title_and_affiliation(client, meeting):
    html = client.get(meeting.get_absolute_url()).text

    wang, macron = (meeting.people.get(name=name).pk for name in ("Wang Yi", "Claire Dumont"))
    assert (
        f'<a class="person" href="/people/{wang}/">Wang Yi</a>, Foreign Minister'
        ' <span class="muted">(<a href="/countries/CN/">China</a>)</span>' in html
    )
    assert (
        f'<a class="person" href="/people/{macron}/">Claire Dumont</a>, President'
        ' <span class="muted">(<a href="/countries/FR/">France</a>)</span>' in html
    )


def test_shows_quotes_with_speaker_or_label_and_topics(client, meeting):
    html = client.get(meeting.get_absolute_url()).text

    assert "We share a vision of open trade," in html
    wang = meeting.people.get(name="Wang Yi")
    assert f'— <a href="/people/{wang.pk}/">Wang Yi</a>' in html
    assert "— Both sides" in html
    assert '<a class="tag" href="/topics/trade-investment/">Trade and investment</a>' in html


def test_shows_source_article_with_title_source_date_and_link(client, meeting):
    html = client.get(meeting.get_absolute_url()).text

    assert (
        '<a href="https://example.com/wang-yi-paris" rel="noopener noreferrer">Wang Yi in Paris</a>' in html
    )
    assert "Reuters" in html
    assert "2 March 2025" in html


def test_highlights_evidence_and_marks_quotes_in_the_article_text(client, meeting):
    html = client.get(meeting.get_absolute_url()).text

    evidence = (
        '<mark class="evidence">China&#x27;s foreign minister Wang Yi met French President Claire Dumont'
        " on Monday.</mark>"
    )
    assert evidence in html, "the sentences that report the meeting"
    assert "Analysts were unconvinced." not in html, "the rest of the article is a click away"
    article_id = meeting.sources.get().article_id
    whole_url = reverse("meetings:meeting_source", args=[meeting.pk, article_id])
    assert f'hx-get="{whole_url}"' in html and f'<a href="{whole_url}">Open the whole article</a>' in html

    whole = client.get(whole_url, headers={"HX-Request": "true"}).text
    assert whole.lstrip().startswith('<div class="article-text source__body">')
    assert evidence in whole and "Analysts were unconvinced." in whole
    assert '<mark class="quote">We share a vision of open trade,</mark>' in whole
    page = client.get(whole_url).text  # without JavaScript: a page of its own
    assert "<html" in page and "Analysts were unconvinced." in page and meeting.get_absolute_url() in page


def test_a_sources_header_lines_are_never_shown_as_its_text(client, db):
    text = (
        "Title: Talks in Accra\nDate: 2026-05-04\nURL: https://example.com/a\n\nThe ministers met in Accra."
    )
    meeting = make_meeting(article=make_article(text=text))
    MeetingSource.objects.filter(meeting=meeting).update(evidence=[[0, len(text)]])
    article_id = meeting.sources.get().article_id

    for html in (
        client.get(meeting.get_absolute_url()).text,
        client.get(reverse("meetings:meeting_source", args=[meeting.pk, article_id])).text,
    ):
        assert "The ministers met in Accra." in html
        assert "Date: 2026-05-04" not in html and "URL: https://example.com/a" not in html


def test_a_huge_source_leaves_the_meeting_page_small(client, db):
    text = "The ministers met in Accra on Monday. " + "Filler about the weather. " * 40_000
    meeting = make_meeting(article=make_article(text=text))
    MeetingSource.objects.filter(meeting=meeting).update(evidence=[[0, 37]])
    html = client.get(meeting.get_absolute_url()).text
    assert len(html) < 50_000 and "The ministers met in Accra on Monday." in html
    assert f"({len(text):,} characters)" in html


def test_an_article_that_is_no_source_of_the_meeting_is_a_404(client, db):
    meeting, other = make_meeting(), make_meeting()
    url = reverse("meetings:meeting_source", args=[meeting.pk, other.sources.get().article_id])
    assert client.get(url).status_code == 404
    assert client.get(reverse("meetings:meeting_source", args=[999999, 1])).status_code == 404


def test_article_text_is_escaped(client, db):
    text = "Leaders met. <script>alert('x')</script> <b>bold</b> & more"
    meeting = make_meeting(article=make_article(text=text))
    MeetingSource.objects.filter(meeting=meeting).update(evidence=[[0, len(text)]])

    html = client.get(meeting.get_absolute_url()).text

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html


def test_unsafe_article_url_is_not_linked(client, db):
    article = make_article(title="Odd link")
    article.url = "javascript:alert(1)"
    article.save()
    meeting = make_meeting(article=article)

    html = client.get(meeting.get_absolute_url()).text

    assert "javascript:" not in html
    assert "Odd link" in html


def test_malformed_evidence_does_not_break_the_page(client, db):
    meeting = make_meeting(article=make_article(text="Short text."))
    MeetingSource.objects.filter(meeting=meeting).update(evidence=[[5, 2], "junk", [0, 999], None])

    response = client.get(meeting.get_absolute_url())

    assert response.status_code == 200
    assert '<mark class="evidence">Short text.</mark>' in response.text


def test_speaker_falls_back_when_unknown(client, db):
    meeting = make_meeting(quotes=1)

    assert "— Unknown speaker" in client.get(meeting.get_absolute_url()).text


def test_meeting_without_people_or_quotes_says_so(client, db):
    meeting = make_meeting(date=None, countries=())

    html = client.get(meeting.get_absolute_url()).text

    assert "No participants recorded." in html
    assert "No quotes recorded." in html
    assert f"Meeting {meeting.pk}" in html


def test_unknown_meeting_is_404(client, db):
    assert client.get(reverse("meetings:meeting_detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("quotes", [4, 60])
def test_detail_page_query_count_is_fixed(client, db, django_assert_num_queries, quotes):
    person = make_person("Speaker", country_code="FR")
    meeting = make_meeting(people=(("Speaker", "FR", "Minister"),), quotes=quotes)
    for quote in meeting.quotes.all():
        quote.speaker = person
        quote.save()
        quote.topics.set([topic("energy")])

    # cold: the meeting's country codes and the data versions (for the cache key); meeting,
    # participations, countries, topics, sources; the quotes' count, their page, its topics; the
    # quotes' spans in the sources; related meetings
    with django_assert_num_queries(12):
        assert client.get(meeting.get_absolute_url()).status_code == 200
    # warm: the country codes, the versions and the quotes' count (which validates the page number)
    with django_assert_num_queries(3):
        assert client.get(meeting.get_absolute_url()).status_code == 200


def test_a_meeting_with_many_quotes_shows_them_a_page_at_a_time(client, db, settings):
    settings.MEETINGS_PAGE_SIZE = 25
    meeting = make_meeting(quotes=60)
    url = meeting.get_absolute_url()

    first = client.get(url).text
    region = first[first.index('id="quotes"') : first.index('id="sources-heading"')]
    assert region.count('class="quote"') == 25
    assert "Page 1 of 3" in region and 'href="?quotes_page=2"' in region
    assert 'Quotes <span class="muted">(60)</span>' in first

    last = client.get(url, {"quotes_page": "3"}, headers={"HX-Request": "true", "HX-Target": "quotes"})
    assert last.text.lstrip().startswith('<div id="quotes">'), "only the quotes region"
    assert last.text.count('class="quote"') == 10 and "Page 3 of 3" in last.text
    assert client.get(url, {"quotes_page": "junk"}).status_code == 200


def test_other_meetings_between_the_same_countries_are_listed(client, meeting):
    older = make_meeting(date=dt.date(2024, 1, 1), countries=("CN", "FR", "DE"))
    newer = make_meeting(date=dt.date(2025, 9, 1), countries=("FR", "CN"))
    unrelated = make_meeting(date=dt.date(2025, 9, 2), countries=("CN", "US"))

    html = client.get(meeting.get_absolute_url()).text
    section = html[html.index('id="related-heading"') :]

    assert "Other meetings between China and France" in section
    assert section.index(newer.get_absolute_url()) < section.index(older.get_absolute_url())
    assert unrelated.get_absolute_url() not in section
    assert 'href="/?country=CN&amp;country=FR">All meetings between these countries' in section


def test_no_other_meetings_says_so(client, meeting):
    assert "No other meetings recorded." in client.get(meeting.get_absolute_url()).text


def test_quotes_link_to_their_source_article(client, meeting):
    html = client.get(meeting.get_absolute_url()).text
    article_id = meeting.sources.get().article_id

    assert f'<article class="source" id="source-{article_id}">' in html
    assert f'<a href="#source-{article_id}">source</a>' in html


def test_countries_and_topics_link_to_their_pages(client, meeting):
    html = client.get(meeting.get_absolute_url()).text

    assert '<a href="/countries/CN/">China</a>, <a href="/countries/FR/">France</a>' in html
    assert '<a class="tag" href="/topics/trade-investment/">Trade and investment</a>' in html


@pytest.mark.parametrize("related", [5, 50])
def test_detail_page_query_count_does_not_grow_with_related_meetings(
    client, db, django_assert_num_queries, related
):
    meeting = make_meeting(quotes=2)
    for i in range(related):
        make_meeting(date=dt.date(2020, 1, 1) + dt.timedelta(days=i))

    # the 12 above, plus the countries of the related meetings (ten shown)
    with django_assert_num_queries(13):
        html = client.get(meeting.get_absolute_url()).text
    assert html[html.index('id="related-heading"') :].count('<li><a href="/meetings/') == min(related, 10)


def test_a_source_with_many_passages_shows_a_dozen_and_says_how_many_more(client, db):
    sentence = "The ministers met in Accra on Monday. "
    text = sentence * 30
    meeting = make_meeting(article=make_article(text=text))
    spans = [[i * len(sentence), (i + 1) * len(sentence) - 1] for i in range(30)]
    MeetingSource.objects.filter(meeting=meeting).update(evidence=spans)
    html = client.get(meeting.get_absolute_url()).text
    assert html.count('class="article-text source__excerpt"') == 12
    assert "and 18 more passages about the meeting in the whole article" in html


def test_a_one_country_meeting_lists_the_other_meetings_of_that_country(client, db):
    meeting = make_meeting(countries=("KE",))
    html = client.get(meeting.get_absolute_url()).text
    assert "Other meetings of Kenya" in html and "Other meetings between" not in html
