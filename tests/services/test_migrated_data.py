"""The countries and topics migration 0002 loads, pinned: its data is written into the migration,
so editing topics.json, topic_keywords.json or the extractor's taxonomy code, or a new pycountry,
must not change what a fresh database gets (a change of the data is a new migration)."""

import hashlib
import json

import pytest

from meetings.models import Country, Topic

pytestmark = pytest.mark.django_db

# sha256 of the JSON of the sorted rows, as the migration loaded them when its data was frozen.
TOPICS_DIGEST = "845e6e4d0029e94e153851ae2629a3f0b533d3db17444d920785222d47cf73b6"
COUNTRIES_DIGEST = "5041e077d8d8baf0ddc0088d6cb9f624803894f9eec8a8e6f767eb6b906b045c"


def digest(rows) -> str:
    return hashlib.sha256(json.dumps(sorted(rows)).encode()).hexdigest()


def test_the_migrated_topics_are_the_22_of_the_frozen_taxonomy():
    rows = list(Topic.objects.values_list("slug", "name", "description", "keywords"))

    assert len(rows) == 22
    assert digest(rows) == TOPICS_DIGEST
    trade = Topic.objects.get(slug="trade-investment")
    assert trade.name == "Trade and investment"
    assert trade.keywords[:5] == ["bilateral trade", "tariffs", "exports", "market access", "investment"]


def test_the_migrated_countries_are_the_249_of_iso_3166():
    rows = list(Country.objects.values_list("code", "name"))

    assert len(rows) == 249
    assert digest(rows) == COUNTRIES_DIGEST
    assert Country.objects.get(code="FR").name == "France"
