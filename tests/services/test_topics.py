import pytest

from meetings.nlp.taxonomy import default_taxonomy
from meetings.services.ingest import topic_taxonomy


@pytest.mark.django_db
def test_database_topics_after_migrate_are_the_extractors_default_taxonomy():
    assert topic_taxonomy() == tuple(sorted(default_taxonomy(), key=lambda spec: spec.slug))
