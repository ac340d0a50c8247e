"""What one article may cost, and the small things of a bad day (issue 13): a text longer than
ARTICLE_MAX_CHARS is read in part and says so, quotes past ARTICLE_MAX_QUOTES are not stored and
that is said too, a file just over the size limit is told in bytes, uploads need the permission to
add articles and a batch page is its uploader's, and `ingest` names a bad file once."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from meetings.models import Article, Meeting, Quote, UploadBatch
from meetings.services.ingest import articles_ingest
from meetings.services.readers import ArticleInput
from tests.factories import make_uploader

pytestmark = pytest.mark.django_db

MEETING = (
    "Date: 2026-05-04\n\nGhanaian Foreign Minister Kofi Mensah-Baah met Peruvian Foreign Minister "
    "Lucia Quispe in Accra on Monday to discuss trade.\n\n"
)


def _quotes(n: int) -> str:
    return "".join(f'"We agreed on point {i} of the plan," Mensah-Baah said.\n\n' for i in range(n))


def test_a_text_longer_than_the_limit_is_read_in_part_and_says_so(settings):
    settings.ARTICLE_MAX_CHARS = 2_000
    tail = "Peruvian Foreign Minister Lucia Quispe met Chilean Foreign Minister Ana Soto in Lima on Friday.\n"
    text = MEETING + "Filler sentence about the weather in the region.\n" * 60 + tail

    outcome = articles_ingest(inputs=[ArticleInput(name="long.txt", text=text)]).outcomes[0]

    article = Article.objects.get()
    assert outcome.status == "ingested"
    assert len(article.text) > 2_000 and "Ana Soto" in article.text, "the whole text is kept"
    assert f"only the first 2,000 of its {len(article.text):,} characters were read" in article.notes
    assert outcome.notes == (article.notes,)
    people = set(Meeting.objects.values_list("participations__person__name", flat=True))
    assert "Lucia Quispe" in people and "Ana Soto" not in people, "nothing past the limit is read"


def test_quotes_past_the_limit_are_not_stored_and_the_article_says_so(settings):
    settings.ARTICLE_MAX_QUOTES = 5
    articles_ingest(inputs=[ArticleInput(name="transcript.txt", text=MEETING + _quotes(12))])

    article = Article.objects.get()
    assert Quote.objects.count() == 5
    assert "only the first 5 of its 12 quotes were stored" in article.notes
    assert article.status == Article.Status.INGESTED


def test_an_article_within_the_limits_has_no_notes():
    articles_ingest(inputs=[ArticleInput(name="short.txt", text=MEETING + _quotes(2))])
    assert Article.objects.get().notes == ""


def test_what_was_left_out_is_shown_on_the_batch_page_and_the_meeting_page(client, settings):
    settings.ARTICLE_MAX_QUOTES = 3
    client.force_login(make_uploader())
    data = (MEETING + _quotes(8)).encode()
    response = client.post(reverse("meetings:upload"), {"files": [SimpleUploadedFile("t.txt", data)]})

    batch_page = client.get(response.url).text
    assert "Left out: only the first 3 of its 8 quotes were stored." in batch_page
    meeting = Meeting.objects.get()
    assert (
        "Left out when it was read: only the first 3 of its 8 quotes were stored."
        in client.get(meeting.get_absolute_url()).text
    )


def test_ingest_prints_what_was_left_out(tmp_path, settings):
    settings.ARTICLE_MAX_QUOTES = 2
    (tmp_path / "t.txt").write_text(MEETING + _quotes(4), encoding="utf-8")
    out = StringIO()
    call_command("ingest", str(tmp_path), stdout=out)
    assert f"  note: {tmp_path / 't.txt'}: only the first 2 of its 4 quotes were stored" in out.getvalue()


def test_a_file_just_over_the_size_limit_is_told_in_bytes(client, settings):
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    client.force_login(make_uploader())
    big = SimpleUploadedFile("big.txt", b"a" * (2 * 1024 * 1024 + 1))
    client.post(reverse("meetings:upload"), {"files": [big]})

    reason = UploadBatch.objects.get().items.get().reason
    assert reason == "too large: 2,097,153 bytes (the limit is 2,097,152 bytes)"


def test_ingest_names_a_bad_file_once_per_line(tmp_path):
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x00\x01binary")
    out = StringIO()
    call_command("ingest", str(tmp_path), stdout=out, stderr=StringIO())
    line = next(ln for ln in out.getvalue().splitlines() if "failed:" in ln)
    assert line.count(str(bad)) == 1, line
    assert (
        line
        == f"  failed: {bad}: not text: contains NUL bytes (a binary file, or UTF-16 without a byte-order mark)"
    )


def test_staff_without_the_permission_to_add_articles_cannot_upload(client):
    user = get_user_model().objects.create_user("clerk", password="pw-12345-long", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("meetings:upload")).status_code == 403
    data = {"files": [SimpleUploadedFile("a.txt", MEETING.encode())]}
    assert client.post(reverse("meetings:upload"), data).status_code == 403
    assert not Article.objects.exists()


def test_a_batch_page_is_its_uploaders_and_of_those_who_may_view_every_batch(client):
    owner, other = make_uploader("owner"), make_uploader("other")
    client.force_login(owner)
    url = client.post(
        reverse("meetings:upload"), {"files": [SimpleUploadedFile("a.txt", MEETING.encode())]}
    ).url
    assert client.get(url).status_code == 200

    client.force_login(other)
    assert client.get(url).status_code == 404, "another uploader's batch does not exist for them"

    other.user_permissions.add(Permission.objects.get(codename="view_uploadbatch"))
    other = get_user_model().objects.get(pk=other.pk)  # permissions are cached on the user object
    client.force_login(other)
    assert client.get(url).status_code == 200
