"""Indexes and a data version for the pages at 100,000 meetings (docs/performance.md).

- DataVersion: one row, bumped by every write service; cached counts are keyed by it.
- (person, meeting) on participations, and (country, meeting) / (topic, meeting) on the
  many-to-many tables Django made for Meeting.countries and Meeting.topics (their unique
  (meeting, x) constraints serve the other direction): a filter or a facet then reads the index
  alone. Plain CREATE INDEX, the same on PostgreSQL and SQLite.
"""

from django.db import migrations, models

THROUGH_INDEXES = [
    ("meeting_countries_country_meeting", "meetings_meeting_countries", "country_id, meeting_id"),
    ("meeting_topics_topic_meeting", "meetings_meeting_topics", "topic_id, meeting_id"),
]


# Newest first is ORDER BY date DESC NULLS LAST, id DESC; PostgreSQL's DESC index (NULLS FIRST, its
# default) cannot give that order, so it sorted all 100,000 rows. SQLite sorts NULL lowest, so its
# DESC index already puts undated meetings last (and it has no NULLS clause in CREATE INDEX).
PG_FORWARD = [
    "CREATE INDEX meeting_date_desc_nulls_last ON meetings_meeting (date DESC NULLS LAST, id DESC)",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS meeting_date_desc_nulls_last"]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


def data_version_create(apps, schema_editor):
    apps.get_model("meetings", "DataVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_quote_fulltext")]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(data_version_create, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="participation",
            index=models.Index(fields=["person", "meeting"], name="participation_person_meeting"),
        ),
        *(
            migrations.RunSQL(f"CREATE INDEX {name} ON {table} ({columns})", f"DROP INDEX {name}")
            for name, table, columns in THROUGH_INDEXES
        ),
        migrations.RunPython(run({"postgresql": PG_FORWARD}), run({"postgresql": PG_BACKWARD})),
    ]
