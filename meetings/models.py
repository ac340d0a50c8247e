"""Meetings, the people who took part, what they said and the issues they discussed."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.db import models
from django.urls import reverse


def name_key(name: str) -> str:
    """The form of a name used to recognise a person again: accents, case and punctuation dropped."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in letters.casefold())
    return " ".join(cleaned.split())


def _with_update_field(kwargs: dict, field: str, derived: str) -> None:
    """A ``save(update_fields=...)`` that writes ``field`` writes the key derived from it too."""
    fields = kwargs.get("update_fields")
    if fields is not None and field in fields and derived not in fields:
        kwargs["update_fields"] = [*fields, derived]


class Edited(models.Model):
    """A record a person has edited or verified: re-extracting its article never overwrites it.

    The admin sets these on save; an admin may clear ``locked`` to hand the record back to the
    extractor."""

    locked = models.BooleanField(
        default=False,
        db_index=True,
        help_text="Edited or verified by a person: re-extraction leaves it as it is.",
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Country(models.Model):
    """A state, by its ISO 3166-1 alpha-2 code; loaded from pycountry by a migration."""

    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(max_length=100, db_index=True)
    # The name as searched ("turkiye" finds "Türkiye"): see ``name_key``.
    name_key = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Kept here, like PersonAlias.key, because every write of the name (admin, services,
        # shell) goes through save(): the key can never disagree with the name it folds.
        self.name_key = name_key(self.name)
        _with_update_field(kwargs, "name", "name_key")
        super().save(*args, **kwargs)


class Topic(models.Model):
    """An issue of the taxonomy; its keywords drive the extractor and are editable by admins."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    keywords = models.JSONField(
        default=list, blank=True, help_text="Lower-case phrases that signal the topic."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    name = models.CharField(max_length=200, db_index=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


class PersonAlias(models.Model):
    """Every form of a person's name seen in articles (the canonical name included), by its key."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="unique_alias_per_person")]
        verbose_name_plural = "person aliases"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


class Article(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        INGESTED = "ingested", "Ingested"
        FAILED = "failed", "Failed"

    title = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    filename = models.CharField(max_length=500, blank=True)
    published = models.DateField(null=True, blank=True, db_index=True)
    text = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    error = models.TextField(blank=True)
    # What ingesting it left out, for the people who read its meetings: a text longer than
    # ARTICLE_MAX_CHARS read only in part, quotes past ARTICLE_MAX_QUOTES not stored.
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ingested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published", "-id"]

    def __str__(self) -> str:
        return self.title or self.filename or f"Article {self.pk}"


class Meeting(Edited):
    class Status(models.TextChoices):
        HELD = "held", "Held"
        PLANNED = "planned", "Planned"

    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"
        UNKNOWN = "unknown", "Unknown"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD, db_index=True)
    # For month or year precision the date is the first day of that month or year.
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    date_text = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=200, blank=True)
    # The city as searched, accents and case dropped ("bali" finds "Bāli"): see ``name_key``.
    city_key = models.CharField(max_length=200, blank=True, editable=False)
    location_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings_hosted"
    )
    countries = models.ManyToManyField(Country, related_name="meetings", blank=True)
    topics = models.ManyToManyField(Topic, related_name="meetings", blank=True)
    articles = models.ManyToManyField(Article, through="MeetingSource", related_name="meetings")
    people = models.ManyToManyField(Person, through="Participation", related_name="meetings")
    # Confirmed by staff from the review queue (a Decision of kind "review" keeps it through
    # re-extraction); shown as "reviewed by staff" on the pages and in the exports.
    reviewed = models.BooleanField(default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["-date", "-id"], name="meeting_date_desc")]

    def __str__(self) -> str:
        return f"Meeting {self.pk} ({self.date_display or 'undated'})"

    def save(self, *args, **kwargs) -> None:
        # As Country.save: every write service, the admin and merges save the city through here.
        self.city_key = name_key(self.city)
        _with_update_field(kwargs, "city", "city_key")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def date_display(self) -> str:
        if not self.date:
            return ""
        if self.date_precision == self.DatePrecision.YEAR:
            return self.date.strftime("%Y")
        if self.date_precision == self.DatePrecision.MONTH:
            return self.date.strftime("%B %Y")
        return self.date.strftime("%-d %B %Y")

    @property
    def place_display(self) -> str:
        parts = [self.city, self.location_country.name if self.location_country else ""]
        return ", ".join(p for p in parts if p)


class MeetingSource(models.Model):
    """An article that reports a meeting, with the character spans of the sentences that do."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="sources")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="meeting_sources")
    evidence = models.JSONField(default=list, blank=True)
    # What this article says about the meeting (status, date, place, countries, topics), so the
    # meeting can be recomputed from its remaining sources when one is removed or split off.
    extracted = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "article"], name="unique_meeting_source")]

    def __str__(self) -> str:
        return f"{self.article} reports {self.meeting}"


class Participation(Edited):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    title = models.CharField(max_length=200, blank=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="participations"
    )
    organization = models.CharField(max_length=200, blank=True)
    # The articles that name this participant; the participation goes when the last one does
    # (unless a person added or edited it).
    articles = models.ManyToManyField(Article, related_name="participations_reported", blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="unique_participation")]
        # The unique constraint serves lookups by meeting; this one serves a person's meetings
        # (the person filter and facet) without visiting the table.
        indexes = [models.Index(fields=["person", "meeting"], name="participation_person_meeting")]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.person} in {self.meeting}"

    @property
    def affiliation(self) -> str:
        if self.country_id:
            return self.country.name
        return self.organization


class Quote(Edited):
    text = models.TextField()
    speaker = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    # The speaker when it is not a person ("China's Foreign Ministry", "both sides"), or as written.
    speaker_label = models.CharField(max_length=200, blank=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    topics = models.ManyToManyField(Topic, related_name="quotes", blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            models.UniqueConstraint(fields=["article", "start"], name="unique_quote_offset"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="quote_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def speaker_display(self) -> str:
        if self.speaker_id:
            return self.speaker.name
        return self.speaker_label or "Unknown speaker"


class DataVersion(models.Model):
    """The numbers the writes bump (``services.invalidation.data_changed``), which cached reads and
    rendered regions are keyed by, so a write makes them stale at once, in every process. Row 1 is
    the epoch, bumped by a write that does not say what it touched; the other rows are the scopes
    ("lists", "country:FR", "person:12", ...) at the number ``selectors.cache.scope_pk`` gives, made
    when first bumped."""

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"data version {self.value}"


class UploadBatch(models.Model):
    """Files and texts uploaded together by a staff member; its items say what became of each."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="upload_batches"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The task that ingests its queued articles, to say on the batch page what became of it.
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "upload batches"

    def __str__(self) -> str:
        return f"Upload {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:upload_detail", args=[self.pk])


class UploadItem(models.Model):
    class Verdict(models.TextChoices):
        QUEUED = "queued", "Queued"
        DUPLICATE = "duplicate", "Duplicate"
        REJECTED = "rejected", "Rejected"

    batch = models.ForeignKey(UploadBatch, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(max_length=500)
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    reason = models.CharField(max_length=500, blank=True)
    # The article stored (queued), or the one it duplicates.
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="upload_items"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.status}"

    @property
    def status(self) -> str:
        """The verdict as it stands now: a queued article becomes ingested or failed once processed."""
        if self.verdict != self.Verdict.QUEUED or self.article is None:
            return self.verdict
        return {Article.Status.INGESTED: "ingested", Article.Status.FAILED: "failed"}.get(
            self.article.status, "queued"
        )


class WorkerBeat(models.Model):
    """A running ``manage.py worker`` says it is alive every few seconds, with the task it runs.

    A task marked running whose worker has stopped beating (killed, its machine gone) is taken
    back by the other workers (``meetings.worker.tasks_reclaim``)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=200, blank=True)
    pid = models.IntegerField(null=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    task_id = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.host} (pid {self.pid})"


class MeetingRedirect(models.Model):
    """The address of a meeting merged into another keeps working: ``/meetings/<old_id>/`` sends
    the reader (and a bookmark, or a link in an old export) to the meeting it became."""

    old_id = models.BigIntegerField(primary_key=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="redirects_from")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"meeting {self.old_id} -> {self.meeting_id}"


class Decision(models.Model):
    """What a staff member decided (a merge, a split, a correction, a deletion, a review), kept so
    that re-extraction and later ingests apply it again instead of undoing it.

    What it applies to is stored by keys that outlive the rows: a meeting as the reports of it
    (each article's content hash, the people that article names there, its date), a person by id
    and the names moved. ``meeting`` and ``person`` point at the records it applies to now, for
    the admin; ``problem`` says why it could not be applied the last time it was checked."""

    class Kind(models.TextChoices):
        MEETING_MERGE = "meeting_merge", "Meetings merged"
        MEETING_SPLIT = "meeting_split", "Meeting split"
        MEETING_CORRECTION = "meeting_correction", "Meeting corrected"
        MEETING_DELETION = "meeting_deletion", "Meeting deleted"
        MEETING_REVIEW = "meeting_review", "Meeting reviewed"
        PERSON_MERGE = "person_merge", "People merged"
        PERSON_SPLIT = "person_split", "Person split"

    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    keys = models.JSONField(default=dict, blank=True)
    values = models.JSONField(default=dict, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    # The content hashes of the articles whose reports it names, each between spaces, so the
    # decisions an ingest must apply are found without reading every key.
    articles = models.TextField(blank=True, default="")
    checked_at = models.DateTimeField(null=True, blank=True)
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.made_at:%Y-%m-%d})" if self.made_at else self.kind
