from django.contrib import admin, messages
from django.db.models import F, Prefetch
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from meetings.models import (
    Article,
    Country,
    Decision,
    Meeting,
    MeetingSource,
    Participation,
    Person,
    PersonAlias,
    Quote,
    Topic,
    UploadBatch,
    UploadItem,
)
from meetings.selectors import text_segments
from meetings.services import corrections, decisions, invalidation


class DataAdmin(admin.ModelAdmin):
    """A model the pages show: any save or delete here changes what they show, so the data version
    is bumped (see ``invalidation.data_changed``) and the cached counts and pages are recomputed."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidation.data_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        invalidation.data_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        invalidation.data_changed()


class EditedAdmin(DataAdmin):
    """Saving a record here marks it as edited by a person, so re-extraction keeps it; clearing
    "locked" on the form hands it back to the extractor."""

    edited_fields = ["locked", "edited_by", "edited_at"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "edited_by", "edited_at"]

    def save_model(self, request, obj, form, change):
        unlocked = "locked" in form.changed_data and not obj.locked
        # The fields changed on a stored meeting are kept as a correction (a decision).
        corrected = (
            {
                name: form.cleaned_data.get(name)
                for name in form.changed_data
                if name in decisions.CORRECTABLE_FIELDS
            }
            if change
            else None
        )
        corrections.record_mark_edited(record=obj, user=request.user, lock=not unlocked, corrected=corrected)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if hasattr(instance, "locked"):
                corrections.record_mark_edited(record=instance, user=request.user)
            instance.save()
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.display(description="decisions by staff")
def decision_history(obj: Meeting | Person) -> str:
    """What staff decided about the record, oldest first, as it was kept (read-only: a decision is
    changed by making another). A list, not an inline, so the change form posts what it did."""
    if not obj.pk:
        return ""
    rows = [
        (
            f"{d.made_at:%Y-%m-%d %H:%M}",
            d.get_kind_display(),
            d.made_by or "a script",
            d.summary,
            f" (not applied the last time: {d.problem})" if d.problem else "",
        )
        for d in obj.decisions.select_related("made_by").order_by("made_at", "id")
    ]
    if not rows:
        return "none"
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {} by {}: {}{}</li>", rows))


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["made_at", "kind", "made_by", "summary", "meeting", "person", "problem"]
    list_filter = ["kind"]
    search_fields = ["summary", "problem"]
    list_select_related = ["made_by", "meeting", "person"]
    readonly_fields = [
        "kind",
        "made_by",
        "made_at",
        "meeting",
        "person",
        "summary",
        "keys",
        "values",
        "articles",
        "checked_at",
        "problem",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Country)
class CountryAdmin(DataAdmin):
    list_display = ["code", "name"]
    # The folded name too, so the autocomplete finds "Türkiye" from "turkiye".
    search_fields = ["code", "name", "name_key"]


@admin.register(Topic)
class TopicAdmin(DataAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    fields = ["name"]
    extra = 1


@admin.register(Person)
class PersonAdmin(DataAdmin):
    list_display = ["name", "country", "created_at"]
    list_filter = [("country", admin.RelatedOnlyFieldListFilter)]
    # Alias keys are folded, so the autocomplete finds "Lucía" from "lucia".
    search_fields = ["name", "aliases__name", "aliases__key"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    inlines = [PersonAliasInline]
    readonly_fields = ["decision_history"]
    actions = ["merge_people"]

    decision_history = staticmethod(decision_history)

    @admin.action(description="Merge selected people into the first created", permissions=["change"])
    def merge_people(self, request, queryset):
        people = list(queryset.order_by("id"))
        if len(people) < 2:
            self.message_user(request, "Select at least two people to merge.", messages.WARNING)
            return
        target = corrections.person_merge(target=people[0], others=people[1:], user=request.user)
        self.message_user(
            request, f"Merged {len(people) - 1} into {target}; their names are now its aliases."
        )


@admin.register(PersonAlias)
class PersonAliasAdmin(DataAdmin):
    list_display = ["name", "person"]
    search_fields = ["name", "person__name"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]


@admin.register(Article)
class ArticleAdmin(DataAdmin):
    list_display = ["__str__", "source", "published", "status", "error_short", "created_at"]
    list_filter = ["status", "source"]
    search_fields = ["title", "source", "url", "filename", "text"]
    date_hierarchy = "published"
    readonly_fields = ["content_hash", "created_at", "ingested_at", "notes"]
    actions = ["retry"]

    @admin.display(description="error")
    def error_short(self, obj):
        return obj.error[:80]

    @admin.action(description="Retry: extract the selected articles again", permissions=["change"])
    def retry(self, request, queryset):
        count = corrections.articles_retry(articles=list(queryset), user=request.user)
        self.message_user(request, f"Queued {count} article(s) for extraction; edited records are kept.")


class ParticipationInline(admin.TabularInline):
    model = Participation
    fields = ["person", "title", "country", "organization", "locked"]
    autocomplete_fields = ["person", "country"]
    extra = 0


# Passages of evidence shown per source in the admin; the meeting page shows the rest.
EVIDENCE_PASSAGES_MAX = 12


@admin.display(description="evidence")
def evidence_text(source: MeetingSource) -> str:
    """The sentences of the article that report the meeting, escaped, instead of their offsets."""
    if not source.pk or not isinstance(source.evidence, list):
        return ""
    passages = [
        segment.text.strip()
        for segment in text_segments(source.article.text, evidence=source.evidence)
        if segment.evidence and segment.text.strip()
    ]
    if not passages:
        return "(no sentences recorded)"
    shown = format_html_join(
        "", '<p class="evidence">{}</p>', ((p,) for p in passages[:EVIDENCE_PASSAGES_MAX])
    )
    if len(passages) > EVIDENCE_PASSAGES_MAX:
        return format_html("{}<p>… and {} more</p>", shown, len(passages) - EVIDENCE_PASSAGES_MAX)
    return shown


class MeetingSourceInline(admin.TabularInline):
    model = MeetingSource
    fields = ["article", "evidence_text", "split_link"]
    readonly_fields = ["evidence_text", "split_link"]
    autocomplete_fields = ["article"]
    extra = 0

    evidence_text = staticmethod(evidence_text)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    @admin.display(description="split")
    def split_link(self, obj):
        if not obj.pk:
            return ""
        url = reverse("admin:meetings_meetingsource_changelist") + f"?meeting__id__exact={obj.meeting_id}"
        return format_html('<a href="{}">split off…</a>', url)


@admin.register(Meeting)
class MeetingAdmin(EditedAdmin):
    list_display = ["when", "countries_list", "participants", "place", "status", "locked"]
    list_display_links = ["when"]
    # Newest first and the undated last on both databases (PostgreSQL sorts NULL first when descending).
    ordering = [F("date").desc(nulls_last=True), "-id"]
    # Countries: only those that have meetings (a few dozen, not the 250 of ISO 3166).
    list_filter = [
        "locked",
        "reviewed",
        "status",
        "date_precision",
        ("countries", admin.RelatedOnlyFieldListFilter),
        "topics",
    ]
    search_fields = [
        "city",
        "city_key",
        "date_text",
        "participations__person__name",
        "countries__name",
        "countries__name_key",
    ]
    date_hierarchy = "date"
    list_select_related = ["location_country"]
    autocomplete_fields = ["location_country", "countries", "topics"]
    inlines = [ParticipationInline, MeetingSourceInline]
    readonly_fields = ["decision_history"]
    actions = ["merge_meetings"]

    decision_history = staticmethod(decision_history)

    # A row names at most this many participants, then says how many more took part.
    PARTICIPANTS_SHOWN = 4

    def get_queryset(self, request):
        # The rows' countries and participants in two queries for the whole page.
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("countries", queryset=Country.objects.order_by("name")),
                Prefetch(
                    "participations",
                    queryset=Participation.objects.select_related("person").order_by("id"),
                ),
            )
        )

    @admin.display(description="date", ordering="date")
    def when(self, obj):
        return obj.date_display or f"undated (meeting {obj.pk})"

    @admin.display(description="countries")
    def countries_list(self, obj):
        return ", ".join(country.name for country in obj.countries.all())

    @admin.display(description="participants")
    def participants(self, obj):
        names = [p.person.name for p in obj.participations.all()]
        shown = ", ".join(names[: self.PARTICIPANTS_SHOWN])
        more = len(names) - self.PARTICIPANTS_SHOWN
        return f"{shown} and {more} more" if more > 0 else shown

    @admin.display(description="place", ordering="city")
    def place(self, obj):
        return obj.place_display

    def delete_model(self, request, obj):
        # Kept as a decision, so re-extraction does not bring the meeting back.
        corrections.meeting_delete(meeting=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for meeting in queryset:
            corrections.meeting_delete(meeting=meeting, user=request.user)

    @admin.action(description="Merge selected meetings into the first created", permissions=["change"])
    def merge_meetings(self, request, queryset):
        meetings = list(queryset.order_by("id"))
        if len(meetings) < 2:
            self.message_user(request, "Select at least two meetings to merge.", messages.WARNING)
            return
        target = corrections.meeting_merge(target=meetings[0], others=meetings[1:], user=request.user)
        self.message_user(request, f"Merged {len(meetings) - 1} meeting(s) into {target}.")


@admin.register(MeetingSource)
class MeetingSourceAdmin(DataAdmin):
    """Sources, listed to split one article's report off a meeting merged by mistake."""

    list_display = ["__str__", "meeting", "article"]
    list_filter = [("meeting", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["article__title", "article__filename"]
    list_select_related = ["meeting", "article"]
    autocomplete_fields = ["meeting", "article"]
    # The sentences first; the offsets they come from stay editable below for a repair by hand.
    fields = ["meeting", "article", "evidence_text", "evidence", "extracted"]
    readonly_fields = ["evidence_text"]
    actions = ["split_off"]

    evidence_text = staticmethod(evidence_text)

    @admin.action(description="Split the selected sources off into new meetings", permissions=["change"])
    def split_off(self, request, queryset):
        for source in queryset.select_related("meeting", "article"):
            try:
                meeting = corrections.meeting_split(source=source, user=request.user)
            except ValueError as exc:
                self.message_user(request, f"{source}: {exc}", messages.WARNING)
            else:
                self.message_user(request, f"{source.article} now reports {meeting}.")


@admin.register(Participation)
class ParticipationAdmin(EditedAdmin):
    list_display = ["person", "meeting", "title", "country", "organization", "locked"]
    list_filter = ["locked"]
    search_fields = ["person__name", "title", "organization"]
    list_select_related = ["person", "meeting", "country"]
    autocomplete_fields = ["person", "meeting", "country", "articles"]
    actions = ["split_person"]

    @admin.action(
        description="Split the selected participations off into a new person", permissions=["change"]
    )
    def split_person(self, request, queryset):
        participations = list(queryset.select_related("person", "meeting").order_by("id"))
        people = {p.person_id for p in participations}
        if len(people) != 1:
            self.message_user(request, "Select the participations of one person.", messages.WARNING)
            return None
        person = participations[0].person
        name = " ".join(request.POST.get("name", "").split())
        if "apply" not in request.POST or not name:
            return TemplateResponse(
                request,
                "admin/meetings/participation/split_person.html",
                {**self.admin_site.each_context(request), "participations": participations, "person": person},
            )
        split = corrections.person_split(
            person=person, meetings=[p.meeting for p in participations], name=name, user=request.user
        )
        self.message_user(
            request, f"{split} ({split.pk}) split off {person} in {len(participations)} meeting(s)."
        )
        return None


@admin.register(Quote)
class QuoteAdmin(EditedAdmin):
    list_display = ["__str__", "speaker", "speaker_label", "article", "meeting", "locked"]
    list_filter = ["locked"]
    search_fields = ["text", "speaker__name", "speaker_label"]
    list_select_related = ["speaker", "article", "meeting"]
    autocomplete_fields = ["speaker", "article", "meeting", "topics"]


class UploadItemInline(admin.TabularInline):
    model = UploadItem
    fields = ["name", "verdict", "reason", "article"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(UploadBatch)
class UploadBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    inlines = [UploadItemInline]

    def has_add_permission(self, request):
        return False
