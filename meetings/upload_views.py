"""Staff pages to upload articles and follow a batch's ingestion (views.py is the analysts' pages)."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from meetings.models import UploadBatch
from meetings.services.uploads import upload_batch_create
from meetings.upload_forms import UploadForm
from meetings.worker import batch_waiting_note

# Uploading creates articles, so it needs the permission to add them (staff without it get a 403);
# a batch page is its uploader's, or open to those who may view every batch (superusers, or the
# permission given in the admin); to anyone else it does not exist.
UPLOAD_PERMISSION = "meetings.add_article"
VIEW_ALL_BATCHES_PERMISSION = "meetings.view_uploadbatch"


def uploader_required(view):
    """Anonymous users go to the login page; logged-in users who may not upload get a 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not request.user.is_staff:
            raise PermissionDenied("Uploading articles is for staff.")
        if not request.user.has_perm(UPLOAD_PERMISSION):
            raise PermissionDenied("Uploading articles needs the permission to add articles.")
        return view(request, *args, **kwargs)

    return wrapper


def _batches_visible_to(user):
    batches = UploadBatch.objects.all()
    return batches if user.has_perm(VIEW_ALL_BATCHES_PERMISSION) else batches.filter(created_by=user)


@require_http_methods(["GET", "POST"])
@uploader_required
def upload(request):
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        batch = upload_batch_create(
            user=request.user,
            files=form.cleaned_data["files"],
            pasted=form.pasted(),
        )
        return redirect(batch)
    recent = UploadBatch.objects.filter(created_by=request.user)[:5]
    limits = {"files": settings.UPLOAD_MAX_FILES, "size": filesizeformat(settings.UPLOAD_MAX_BYTES)}
    return render(request, "meetings/upload.html", {"form": form, "recent": recent, "limits": limits})


@require_safe
@vary_on_headers("HX-Request")
@uploader_required
def upload_detail(request, pk: int):
    batch = get_object_or_404(_batches_visible_to(request.user), pk=pk)
    items = list(batch.items.select_related("article").prefetch_related("article__meetings"))
    done = all(i.status != "queued" for i in items)
    note = "" if done else batch_waiting_note(batch.task_id, lease=settings.WORKER_LEASE_SECONDS)
    context = {"batch": batch, "items": items, "done": done, "note": note}
    template = "meetings/upload_detail.html#status" if request.htmx else "meetings/upload_detail.html"
    return render(request, template, context)
