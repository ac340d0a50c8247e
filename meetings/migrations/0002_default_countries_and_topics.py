"""All ISO 3166-1 countries (from pycountry) and the default issue taxonomy (meetings/data/topics.json)."""

import json
from pathlib import Path

import pycountry
from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def default_topics() -> list[dict]:
    """Names and descriptions from topics.json; keywords exactly as the extractor's default taxonomy
    has them, so ``ingest`` (keywords from the database) and ``extract`` (the default) agree."""
    from meetings.nlp.taxonomy import default_taxonomy

    keywords = {spec.slug: list(spec.keywords) for spec in default_taxonomy()}
    taxonomy = json.loads((DATA / "topics.json").read_text(encoding="utf-8"))
    return [{**topic, "keywords": keywords[topic["slug"]]} for topic in taxonomy["topics"]]


def load(apps, schema_editor):
    Country = apps.get_model("meetings", "Country")
    Topic = apps.get_model("meetings", "Topic")
    Country.objects.bulk_create(
        [Country(code=c.alpha_2, name=getattr(c, "common_name", c.name)) for c in pycountry.countries],
        ignore_conflicts=True,
    )
    for topic in default_topics():
        Topic.objects.update_or_create(
            slug=topic["slug"],
            defaults={
                "name": topic["name"],
                "description": topic["description"],
                "keywords": topic["keywords"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
