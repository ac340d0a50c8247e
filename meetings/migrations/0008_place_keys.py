"""Places searched accents and case aside: Country.name_key and Meeting.city_key, filled for the
rows stored before (later writes fill them in save())."""

import unicodedata

from django.db import migrations, models


def _fold(text: str) -> str:
    # A frozen copy of meetings.models.name_key as it was when this migration was written:
    # migrations must not change meaning when the live code does.
    decomposed = unicodedata.normalize("NFKD", text or "")
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in letters.casefold())
    return " ".join(cleaned.split())


def fill(apps, schema_editor):
    Country = apps.get_model("meetings", "Country")
    Meeting = apps.get_model("meetings", "Meeting")
    countries = list(Country.objects.only("code", "name"))
    for country in countries:
        country.name_key = _fold(country.name)
    Country.objects.bulk_update(countries, ["name_key"], batch_size=500)
    # One update per distinct city, not per meeting: an archive has far fewer places than meetings.
    cities = Meeting.objects.exclude(city="").values_list("city", flat=True).distinct().order_by()
    for city in list(cities):
        Meeting.objects.filter(city=city).update(city_key=_fold(city))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_meeting_redirects")]

    operations = [
        migrations.AddField(
            model_name="country",
            name="name_key",
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name="meeting",
            name="city_key",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
