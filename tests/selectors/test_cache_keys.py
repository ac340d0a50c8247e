"""The one key builder, the one timeout and the data version read once per request."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from meetings import selectors
from meetings.models import DataVersion
from meetings.selectors.cache import DataVersionMiddleware, cache_key, cached, data_version
from tests.factories import country, make_meeting

pytestmark = pytest.mark.django_db


def test_a_key_is_the_same_for_the_same_selection_however_it_was_given():
    fr, cn = country("FR"), country("CN")

    by_objects = cache_key("count", filters={"country": [fr, cn], "topic": None}, version=7)
    by_codes = cache_key("count", filters={"country": ["CN", "FR"]}, version=7)

    assert by_objects == by_codes
    assert by_objects.startswith("meetings:count:7:")
    assert cache_key("count", filters={"country": ["CN"]}, version=7) != by_codes
    assert cache_key("count", filters={"country": ["CN", "FR"]}, version=8) != by_codes
    assert cache_key("count", filters={"country": ["CN", "FR"]}, version=7, page=2) != by_codes


def test_a_region_key_is_the_builders_key_under_its_own_name():
    key = selectors.region_key("meetings", filters={"country": ["FR"]}, version=3, page=2)

    assert key == cache_key("region-meetings", filters={"country": ["FR"]}, version=3, page=2)


def test_cached_values_expire_after_the_one_setting(settings, monkeypatch):
    settings.MEETINGS_CACHE_SECONDS = 42
    timeouts = []
    original = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, value, timeout: timeouts.append(timeout) or original(key, value)
    )

    assert cached("answer", lambda: 41 + 1, version=1) == 42

    assert timeouts == [42]


def test_the_template_regions_expire_after_the_one_setting(client, settings, monkeypatch):
    settings.MEETINGS_CACHE_SECONDS = 17
    make_meeting()
    timeouts = []
    original = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, value, timeout=None: timeouts.append((key, timeout)) or original(key, value)
    )

    assert client.get("/").status_code == 200

    regions = [timeout for key, timeout in timeouts if key.startswith("template.cache.")]
    assert regions == [17, 17]  # the facets and the results
    assert {timeout for _, timeout in timeouts} == {17}


def test_one_request_reads_the_data_version_once_and_keeps_it(django_assert_num_queries):
    seen = []

    def view(request):
        seen.append(data_version())
        DataVersion.objects.filter(pk=1).update(value=99)  # a write committed meanwhile
        seen.append(data_version())
        return None

    before = data_version()
    with django_assert_num_queries(2):  # the first read, and the write
        DataVersionMiddleware(view)(RequestFactory().get("/"))

    assert seen == [before, before]
    assert data_version() == 99  # outside a request every call reads it


@pytest.mark.parametrize("url", ["/?topic=energy", "/?topic=energy&country=FR", "/quotes/?topic=energy"])
@pytest.mark.parametrize("warm", [False, True])
def test_a_page_keyed_by_several_scopes_reads_their_versions_at_once(client, url, warm):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_meeting(countries=("FR", "CN"), topics=("energy",), quotes=1)
    if warm:
        client.get(url)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200

    reads = [q["sql"] for q in queries.captured_queries if "meetings_dataversion" in q["sql"]]
    assert len(reads) == 1, reads
