"""Text from articles is shown as text: markup in titles, bodies, quotes and names never runs."""

import csv
import datetime as dt
import hashlib
import io

import pytest
from django.urls import reverse

from meetings.models import Article, MeetingSource, Quote, UploadBatch, UploadItem
from tests.factories import make_meeting, make_uploader

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss")</script>'
IMG = "<img src=x onerror=alert(1)>"
LINK = '<a href="javascript:alert(1)">click</a>'
PAYLOADS = (SCRIPT, IMG, LINK)
HOSTILE = f"{SCRIPT} {IMG} {LINK}"


@pytest.fixture
def hostile_meeting():
    text = f"Title: {HOSTILE}\n\nMinister {HOSTILE} met {HOSTILE} in Paris. He said {HOSTILE} loudly."
    article = Article.objects.create(
        title=HOSTILE,
        source=HOSTILE,
        url="javascript:alert(1)",
        filename=f"{SCRIPT}.txt",
        text=text,
        published=dt.date(2025, 10, 15),
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        status=Article.Status.INGESTED,
    )
    meeting = make_meeting(
        city=HOSTILE,
        countries=("CN", "FR"),
        topics=("civil-nuclear",),
        people=((f"Wang {SCRIPT}", "CN", IMG), (f"Bonne {IMG}", "FR", LINK)),
        article=article,
    )
    start = text.index("He said") + len("He said ")
    speaker = meeting.participations.first().person
    quote = Quote.objects.create(
        text=text[start : start + len(HOSTILE)],
        article=article,
        meeting=meeting,
        speaker=speaker,
        speaker_label=HOSTILE,
        start=start,
        end=start + len(HOSTILE),
    )
    quote.topics.add(*meeting.topics.all())
    MeetingSource.objects.filter(meeting=meeting).update(evidence=[[0, len(text)]])
    return meeting


def assert_escaped(html: str) -> None:
    for payload in PAYLOADS:
        assert payload not in html, f"unescaped {payload!r}"
    assert "&lt;script&gt;" in html, "the hostile text is shown, escaped"
    assert 'href="javascript:' not in html.lower()
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")


def hostile_pages(meeting) -> list[str]:
    person = meeting.participations.first().person
    return [
        reverse("meetings:meeting_list"),
        reverse("meetings:meeting_list") + "?q=Wang",
        reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:person_detail", args=[person.pk]),
        reverse("meetings:country_detail", args=["cn"]),
        reverse("meetings:topic_detail", args=["civil-nuclear"]),
        reverse("meetings:quote_list"),
        reverse("meetings:quote_list") + "?q=alert",
    ]


def test_every_page_showing_a_hostile_article_escapes_it(client, hostile_meeting, htmx_headers):
    for url in hostile_pages(hostile_meeting):
        for headers in ({}, htmx_headers):
            response = client.get(url, headers=headers)
            assert response.status_code == 200, url
            assert_escaped(response.content.decode())


def test_search_terms_are_echoed_escaped(client, hostile_meeting):
    for url in (reverse("meetings:meeting_list"), reverse("meetings:quote_list")):
        response = client.get(url, {"q": SCRIPT, "country": IMG, "topic": LINK, "date_from": SCRIPT})
        assert response.status_code == 200
        html = response.content.decode()
        for payload in PAYLOADS:
            assert payload not in html


def test_upload_verdicts_escape_file_names(client, hostile_meeting):
    staff = make_uploader()
    client.force_login(staff)
    batch = UploadBatch.objects.create(created_by=staff)
    UploadItem.objects.create(batch=batch, name=f"{SCRIPT}.txt", verdict="rejected", reason=IMG)
    UploadItem.objects.create(
        batch=batch, name=HOSTILE, verdict="duplicate", article=hostile_meeting.articles.get()
    )

    html = client.get(reverse("meetings:upload_detail", args=[batch.pk])).content.decode()

    for payload in PAYLOADS:
        assert payload not in html


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        (reverse("meetings:meeting_list") + "?format=json", "application/json"),
        (reverse("meetings:meeting_list") + "?format=csv", "text/csv"),
        (reverse("meetings:quote_list") + "?format=json", "application/json"),
        (reverse("meetings:quote_list") + "?format=csv", "text/csv"),
    ],
)
def test_exports_are_downloads_never_html(client, hostile_meeting, url, content_type):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>alert(" in b"".join(response.streaming_content).decode(), "the data is kept as it is"


def test_admin_pages_escape_article_text(admin_client, hostile_meeting):
    article = hostile_meeting.articles.get()
    for url in (
        reverse("admin:meetings_article_changelist"),
        reverse("admin:meetings_article_change", args=[article.pk]),
        reverse("admin:meetings_meeting_changelist"),
        reverse("admin:meetings_meeting_change", args=[hostile_meeting.pk]),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        for payload in PAYLOADS:
            assert payload not in response.content.decode(), url


def test_csv_export_keeps_formulas_from_articles_as_text(client):
    make_meeting(
        city='=HYPERLINK("http://evil.example","click")',
        people=(("@SUM(A1:A9)", "FR", "-Minister"),),
    )

    response = client.get(reverse("meetings:meeting_list"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), cells
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
