"""GET forms that validate the filters of the list pages."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.http import QueryDict

from meetings import indexes
from meetings.models import Country, Meeting, Person, Quote, Topic
from meetings.selectors import ANY, OLDEST, REVIEWED_ONLY, UNDATED, quote_speaker_choices

SEARCH_MAX_LENGTH = 200


class CountryCodesField(forms.ModelMultipleChoiceField):
    """Countries by ISO alpha-2 code, in any case ("fr" finds France)."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            value = [v.strip().upper() if isinstance(v, str) else v for v in value]
        return super().clean(value)


def _overflows_id(value) -> bool:
    """An integer too large, or too negative, for the database's 64-bit ids: an unknown id, which
    must be a validation error before the database sees it (SQLite raises OverflowError)."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return False  # not a number at all: the field's own validation rejects it
    return not -(2**63) <= number <= 2**63 - 1


class CountryCodeField(forms.ModelChoiceField):
    """One country by ISO alpha-2 code, in any case."""

    def to_python(self, value):
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)


class PeopleField(forms.ModelMultipleChoiceField):
    """People by id; ids too large for the database are unknown people, not a database error."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            for v in value:
                if _overflows_id(v):
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": v}
                    )
        return super().clean(value)


class FilterForm(forms.Form):
    """A GET form of filters. Bound to ``request.GET``; a field that does not validate is left out
    of ``cleaned_data`` so the other filters still apply (the page says which was ignored)."""

    filter_names: dict[str, str] = {}

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned

    def filters(self) -> dict:
        """The valid filters (the form must have been validated)."""
        filters = {}
        for name, value in self.cleaned_data.items():
            if isinstance(value, QuerySet):
                value = list(value)
            if value not in (None, "", []):
                filters[name] = value
        return filters

    def canonical(self, data: QueryDict, keep: tuple[str, ...] = ("page",)) -> QueryDict:
        """The request's parameters that mean something: the filters that validated, and ``keep``.
        Pages and their cached regions are built from these, so an unknown or broken parameter
        ("?utm_source=x1") neither makes a new cache entry nor travels in the page's links."""
        out = QueryDict(mutable=True)
        for key in data:
            if (key in self.fields and key not in self.errors) or key in keep:
                out.setlist(key, data.getlist(key))
        out._mutable = False
        return out

    def ignored(self) -> list[str]:
        """One sentence per filter that was given but did not validate."""
        return [
            f"Ignored the {self.filter_names[name]} filter: {' '.join(errors)}"
            for name, errors in self.errors.items()
            if name in self.fields
        ]


def _search_field(label: str) -> forms.CharField:
    return forms.CharField(
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        label=label,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(required=False, label=label, widget=forms.DateInput(attrs={"type": "date"}))


class MeetingFilterForm(FilterForm):
    """Filters of the meetings page (and of its exports)."""

    q = _search_field("Search participants and places")
    country = CountryCodesField(
        queryset=Country.objects.all(),
        to_field_name="code",
        required=False,
        label="Countries",
        error_messages={"invalid_choice": "%(value)s is not a known country code."},
    )
    # How ticked countries combine; "" (or "all") is every one of them, as before there was a choice.
    match = forms.ChoiceField(
        choices=[("", "all of them"), ("all", "all of them"), (ANY, "any of them")],
        required=False,
        error_messages={"invalid_choice": "%(value)s is neither “all” nor “any”."},
    )
    place = CountryCodeField(
        queryset=Country.objects.all(),
        to_field_name="code",
        required=False,
        label="Held in",
        error_messages={"invalid_choice": "that is not a known country code."},
    )
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "there is no such topic."},
    )
    status = forms.ChoiceField(
        choices=[("", "Any"), *Meeting.Status.choices],
        required=False,
        error_messages={"invalid_choice": "%(value)s is not a meeting status."},
    )
    person = PeopleField(
        queryset=Person.objects.all(),
        required=False,
        label="People",
        error_messages={
            "invalid_choice": "%(value)s is not a known person.",
            "invalid_pk_value": "%(pk)s is not a person id.",
        },
    )
    date_from = _date_field("From")
    date_to = _date_field("To")
    precision = forms.ChoiceField(
        choices=[
            ("", "Any"),
            *(
                (value, f"To the {label.lower()}")
                for value, label in Meeting.DatePrecision.choices
                if value != "unknown"
            ),
            (UNDATED, "Undated"),
        ],
        required=False,
        label="Dated",
        error_messages={"invalid_choice": "%(value)s is not a date precision (day, month, year or none)."},
    )
    sort = forms.ChoiceField(
        choices=[("", "Newest first"), (OLDEST, "Oldest first")],
        required=False,
        error_messages={"invalid_choice": "%(value)s is not a sort order."},
    )
    reviewed = forms.ChoiceField(
        choices=[("", "Any"), (REVIEWED_ONLY, "Reviewed by staff only")],
        required=False,
        label="Reviewed by staff only",
        error_messages={"invalid_choice": "%(value)s is not a review filter (yes or nothing)."},
    )

    # How the page names a filter when it has to ignore it.
    filter_names = {
        "q": "search",
        "country": "country",
        "match": "countries' match",
        "place": "place",
        "topic": "topic",
        "status": "status",
        "person": "person",
        "date_from": "start date",
        "date_to": "end date",
        "precision": "date precision",
        "sort": "sort",
        "reviewed": "reviewed",
    }

    def clean_match(self):
        return "" if self.cleaned_data["match"] == "all" else self.cleaned_data["match"]


class SpeakerField(forms.ModelChoiceField):
    """Any person who said something, by id; the menu lists the most quoted (see
    ``QuoteFilterForm``), since rendering thousands of options would cost more than the search."""

    def to_python(self, value):
        if _overflows_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class QuoteFilterForm(FilterForm):
    """Filters of the quotes page (and of its exports)."""

    q = _search_field("Search quotes")
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any topic",
        error_messages={"invalid_choice": "there is no such topic."},
    )
    speaker = SpeakerField(
        # Only people who said something; the choices are rendered in one query.
        queryset=Person.objects.filter(Exists(Quote.objects.filter(speaker=OuterRef("pk")))),
        required=False,
        empty_label="Anyone",
        error_messages={"invalid_choice": "there is no such speaker."},
    )
    country = forms.ModelChoiceField(
        queryset=Country.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="Any country",
        error_messages={"invalid_choice": "there is no such country."},
    )
    date_from = _date_field("Published from")
    date_to = _date_field("Published to")

    filter_names = {
        "q": "search",
        "topic": "topic",
        "speaker": "speaker",
        "country": "country",
        "date_from": "start date",
        "date_to": "end date",
    }

    def __init__(self, data=None, *args, **kwargs):
        # Country codes in any case, as on the meetings page.
        if data is not None and data.get("country"):
            data = data.copy()
            data["country"] = data["country"].strip().upper()
        super().__init__(data, *args, **kwargs)

    def full_clean(self):
        super().full_clean()
        # The menu is built once the form is validated, so a valid picked speaker is in it.
        selected = self.cleaned_data.get("speaker") if hasattr(self, "cleaned_data") else None
        field = self.fields["speaker"]

        def choices():
            speakers = quote_speaker_choices(selected=selected)
            return [("", field.empty_label), *((pk, f"{name} ({count})") for pk, name, count in speakers)]

        # Read when the menu is rendered (from the cache, like the rest of the page), not here.
        field.widget.choices = choices


class IndexForm(FilterForm):
    """The search and the order of an index page (people, countries, topics)."""

    filter_names = {"q": "search", "sort": "sort"}

    q = _search_field("Find")
    sort = forms.ChoiceField(required=False, choices=[("", "")] + [(k, v) for k, v in indexes.SORTS.items()])


class NetworkFilterForm(MeetingFilterForm):
    """The meetings page's filters, and what the network's nodes are."""

    nodes = forms.ChoiceField(
        choices=[("", "Countries"), ("countries", "Countries"), ("people", "People")],
        required=False,
        error_messages={"invalid_choice": "%(value)s is neither “countries” nor “people”."},
    )

    filter_names = {**MeetingFilterForm.filter_names, "nodes": "nodes"}
