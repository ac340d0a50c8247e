"""The review queue (issue 11, item 5): a meeting confirmed by staff, and the decision that keeps it so."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0009_decisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="reviewed",
            field=models.BooleanField(db_index=True, default=False),
        ),
        migrations.AlterField(
            model_name="decision",
            name="kind",
            field=models.CharField(
                choices=[
                    ("meeting_merge", "Meetings merged"),
                    ("meeting_split", "Meeting split"),
                    ("meeting_correction", "Meeting corrected"),
                    ("meeting_deletion", "Meeting deleted"),
                    ("meeting_review", "Meeting reviewed"),
                    ("person_merge", "People merged"),
                    ("person_split", "Person split"),
                ],
                db_index=True,
                max_length=20,
            ),
        ),
    ]
