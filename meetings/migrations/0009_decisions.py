"""Human decisions as records (issue 11): merges, splits, corrections and deletions by
staff, kept by keys that outlive the rows so re-extraction applies them again."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("meetings", "0008_place_keys"),
    ]

    operations = [
        migrations.CreateModel(
            name="Decision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("meeting_merge", "Meetings merged"),
                            ("meeting_split", "Meeting split"),
                            ("meeting_correction", "Meeting corrected"),
                            ("meeting_deletion", "Meeting deleted"),
                            ("person_merge", "People merged"),
                            ("person_split", "Person split"),
                        ],
                        db_index=True,
                        max_length=20,
                    ),
                ),
                ("made_at", models.DateTimeField(auto_now_add=True)),
                ("keys", models.JSONField(blank=True, default=dict)),
                ("values", models.JSONField(blank=True, default=dict)),
                ("summary", models.CharField(blank=True, max_length=500)),
                ("articles", models.TextField(blank=True, default="")),
                ("checked_at", models.DateTimeField(blank=True, null=True)),
                ("problem", models.TextField(blank=True)),
                (
                    "made_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="decisions",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="decisions",
                        to="meetings.person",
                    ),
                ),
            ],
            options={"ordering": ["made_at", "id"]},
        ),
    ]
