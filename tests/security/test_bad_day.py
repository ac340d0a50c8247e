"""A bad day: Redis away, hostile bytes in URLs, odd methods and hosts. Every answer is a page or a
clear 4xx, never a 500 (issue 13)."""

import logging
import socket

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return make_meeting(people=(("Wang Yi", "CN", "Minister"), ("Emmanuel Bonne", "FR", "Adviser")))


def _closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture
def redis_away():
    location = f"redis://127.0.0.1:{_closed_port()}/0"
    cache = {
        "BACKEND": "diplomacy.cache.ResilientRedisCache",
        "LOCATION": location,
        "OPTIONS": {"RETRY_SECONDS": 60},
    }
    with override_settings(CACHES={"default": cache}):
        yield caches["default"]


def test_every_page_works_without_redis_and_the_outage_is_logged_once(client, meeting, redis_away, caplog):
    person = meeting.participations.first().person
    urls = [
        "/",
        "/?country=FR",
        "/quotes/",
        "/quotes/?q=trade",
        f"/people/{person.pk}/",
        "/countries/FR/",
        f"/meetings/{meeting.pk}/",
    ]
    with caplog.at_level(logging.ERROR, logger="diplomacy.cache"):
        for url in urls * 2:
            assert client.get(url).status_code == 200, url
    assert [r.getMessage()[:17] for r in caplog.records if r.name == "diplomacy.cache"] == [
        "cache unavailable"
    ]
    assert redis_away.get("anything", "default") == "default"


def test_a_cache_that_comes_back_is_used_again(redis_away, monkeypatch):
    redis_away.get("x")  # fails: the cache is left alone for RETRY_SECONDS
    assert not redis_away._available()
    monkeypatch.setattr(redis_away, "_down_until", 0.0)
    assert redis_away._available()


@pytest.mark.parametrize(
    "url",
    [
        "/countries/%00/",
        "/countries/FR%00/",
        "/people/%00/",
        "/admin/meetings/meeting/?status__exact=%00",
        "/admin/meetings/meetingsource/?source=%00",
        "/admin/meetings/country/%00/change/",
        "/admin/autocomplete/?term=%00&app_label=meetings&model_name=meeting&field_name=countries",
    ],
)
def test_a_nul_byte_in_any_url_is_a_400(admin_client, meeting, url):
    response = admin_client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


@pytest.mark.parametrize("url", ["/?country=%00", "/quotes/?q=%00", "/?q=wang%00"])
def test_a_nul_byte_in_a_public_filter_is_an_ignored_filter(client, meeting, url):
    response = client.get(url)
    assert response.status_code == 200 and "Ignored the" in response.text


def test_head_answers_like_get(client, meeting):
    for url in ("/", "/quotes/", f"/meetings/{meeting.pk}/"):
        response = client.head(url)
        assert response.status_code == 200, url
        assert response.content == b""


def test_a_bad_host_is_refused_with_the_security_headers(meeting):
    response = Client(HTTP_HOST="evil.example.com").get("/")
    assert response.status_code == 400
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src" in response["Content-Security-Policy"]


def test_unknown_parameters_make_no_new_cache_entries_and_stay_out_of_the_links(client, meeting):
    from django.core.cache import cache

    client.get("/")
    client.get("/quotes/")
    before = len(cache._cache)  # the test settings' local-memory cache
    for k in range(20):
        response = client.get(f"/?utm_source=x{k}")
        client.get(f"/quotes/?ref=y{k}&page=1")
        assert response.status_code == 200
        assert "utm_source" not in response.text
    assert len(cache._cache) == before


def test_the_quote_export_never_reads_the_articles_text(client, meeting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/quotes/?format=csv")
        b"".join(response.streaming_content)
    assert response.status_code == 200
    article_text = '"meetings_article"."text"'
    assert not any(article_text in q["sql"] for q in queries.captured_queries)
