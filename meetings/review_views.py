"""The review queue (staff): the meetings that most need a human, each confirmed, corrected (in the
admin) or deleted in a click or two. Confirming and deleting are decisions (``services.decisions``)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from meetings import selectors
from meetings.models import Meeting
from meetings.services import corrections

REVIEW_PAGE_SIZE = 20


def staff_required(view):
    """Anonymous users go to the login page; logged-in users who are not staff get a 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not request.user.is_staff:
            raise PermissionDenied("The review queue is for staff.")
        return view(request, *args, **kwargs)

    return wrapper


@require_safe
@vary_on_headers("HX-Request")
@staff_required
def review_list(request: HttpRequest) -> HttpResponse:
    non_persons = selectors.review_non_person_ids()
    paginator = Paginator(selectors.review_queue(non_person_ids=non_persons), REVIEW_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "items": selectors.review_items(meetings=page.object_list, non_person_ids=non_persons),
        "can_change": request.user.has_perm("meetings.change_meeting"),
        "can_delete": request.user.has_perm("meetings.delete_meeting"),
    }
    template = "meetings/review.html#queue" if request.htmx else "meetings/review.html"
    return render(request, template, context)


def _done(request: HttpRequest, *, pk: int, message: str, meeting: Meeting | None = None) -> HttpResponse:
    """The row the action was taken on, as it is now (htmx), or the queue again at the same page."""
    if request.htmx:
        return render(
            request, "meetings/review.html#done", {"pk": pk, "message": message, "meeting": meeting}
        )
    query = QueryDict(mutable=True)
    if (page := request.POST.get("page", "")).isdigit():
        query["page"] = page
    return redirect(
        f"{reverse('meetings:review')}?{query.urlencode()}" if query else reverse("meetings:review")
    )


@require_POST
@staff_required
def review_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("meetings.change_meeting"):
        raise PermissionDenied("Confirming a meeting needs the permission to change meetings.")
    meeting = get_object_or_404(Meeting, pk=pk)
    corrections.meeting_review_confirm(meeting=meeting, user=request.user)
    return _done(request, pk=pk, message="Confirmed: marked “reviewed by staff”.", meeting=meeting)


@require_POST
@staff_required
def review_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("meetings.delete_meeting"):
        raise PermissionDenied("Deleting a meeting needs the permission to delete meetings.")
    meeting = get_object_or_404(Meeting, pk=pk)
    corrections.meeting_delete(meeting=meeting, user=request.user)
    return _done(request, pk=pk, message="Deleted; re-extraction will not bring it back.")
