from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from meetings.models import (
    Article,
    Country,
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
from meetings.services import corrections, invalidation


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
        corrections.record_mark_edited(record=obj, user=request.user, lock=not unlocked)
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


@admin.register(Country)
class CountryAdmin(DataAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


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
    list_filter = ["country"]
    search_fields = ["name", "aliases__name"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    inlines = [PersonAliasInline]
    actions = ["merge_people"]

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


class MeetingSourceInline(admin.TabularInline):
    model = MeetingSource
    fields = ["article", "evidence", "split_link"]
    readonly_fields = ["split_link"]
    autocomplete_fields = ["article"]
    extra = 0

    @admin.display(description="split")
    def split_link(self, obj):
        if not obj.pk:
            return ""
        url = reverse("admin:meetings_meetingsource_changelist") + f"?meeting__id__exact={obj.meeting_id}"
        return format_html('<a href="{}">split off…</a>', url)


@admin.register(Meeting)
class MeetingAdmin(EditedAdmin):
    list_display = ["__str__", "status", "date", "date_precision", "city", "location_country", "locked"]
    list_filter = ["locked", "status", "date_precision", "countries", "topics"]
    search_fields = ["city", "date_text", "participations__person__name", "countries__name"]
    date_hierarchy = "date"
    list_select_related = ["location_country"]
    autocomplete_fields = ["location_country", "countries", "topics"]
    inlines = [ParticipationInline, MeetingSourceInline]
    actions = ["merge_meetings"]

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
    actions = ["split_off"]

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
