"""The staff upload form: several article files at once, or one pasted text with its details."""

from __future__ import annotations

from django import forms
from django.conf import settings


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern); each is judged by the service,
    so one bad file gives a verdict instead of failing the form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.md,.html,.htm"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [f for f in data if f]
        return [data] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(
        required=False, help_text="Plain text (.txt), Markdown (.md) or web pages (.html); several at once."
    )
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 8}), label="Or paste an article"
    )
    title = forms.CharField(required=False, max_length=500)
    source = forms.CharField(required=False, max_length=200)
    url = forms.URLField(required=False, max_length=1000, label="URL", assume_scheme="https")
    published = forms.DateField(
        required=False, label="Publication date", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > settings.UPLOAD_MAX_FILES:
            raise forms.ValidationError(
                f"{len(files)} files chosen; upload at most {settings.UPLOAD_MAX_FILES} at a time."
            )
        return files

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("files") and not (cleaned.get("text") or "").strip() and not self.errors:
            raise forms.ValidationError("Choose at least one file or paste a text.")
        return cleaned

    def pasted(self) -> dict | None:
        """The pasted text and its details, as the upload service takes them; None when no text."""
        if not (self.cleaned_data.get("text") or "").strip():
            return None
        return {
            name: self.cleaned_data[name] or ("" if name != "published" else None)
            for name in ("text", "title", "source", "url", "published")
        }
