"""Human decisions as records (issue 11): what staff decided, by keys that outlive the rows, and its
application again after re-extraction and later ingests.

A meeting is named by its reports: for each article that reports it, the article's content hash,
the people that article names there (ids, and names as keys in case an id went) and the date it
gave. After an article is extracted again, a report is found again in the meeting of that article
whose people are most like the report's (``report_meeting``). A person is named by id, with the
names a merge or a split moved.

A decision whose records cannot be found any more (the article now reports no such meeting, the
person was deleted) is not an error: ``decisions_apply`` says so on the decision (``problem``) and
in its report, and goes on with the others."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone

from meetings.models import Article, Country, Decision, Meeting, Participation, Person, Topic, name_key
from meetings.services.invalidation import data_changed
from meetings.services.matching import date_iso

logger = logging.getLogger(__name__)

Kind = Decision.Kind

# A report is found again in the meeting whose people (named by the same article) are most like its
# own, when at least this share of the two sets is common (Jaccard): {A, B} is {A, B, C} but not {A, C}.
SAME_REPORT_SIMILARITY = 0.5

# The fields of a meeting a correction may set, as the admin's form names them.
CORRECTABLE_FIELDS = (
    "status",
    "date",
    "date_precision",
    "date_text",
    "city",
    "location_country",
    "countries",
    "topics",
)


def meeting_reports(*, meeting: Meeting) -> list[dict]:
    """The meeting as the reports of it, one per source, in the order the sources were stored."""
    participations = list(meeting.participations.select_related("person").prefetch_related("articles"))
    named: dict[int, list[Person]] = {}
    for participation in participations:
        for article in participation.articles.all():
            named.setdefault(article.pk, []).append(participation.person)
    everyone = [p.person for p in participations]
    reports = []
    for source in meeting.sources.select_related("article").order_by("id"):
        # Participants a person added by hand name no article: they stand for every source.
        people = named.get(source.article_id) or everyone
        said = source.extracted or {}
        reports.append(
            {
                "article": source.article.content_hash,
                "people": sorted({p.pk for p in people}),
                "names": sorted({name_key(p.name) for p in people}),
                "date": said.get("date"),
                "countries": sorted(said.get("countries", ())),
            }
        )
    return reports


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _likeness(report: Mapping, meeting: Meeting, article_id: int) -> float:
    participations = list(meeting.participations.all())
    own = [p for p in participations if any(a.pk == article_id for a in p.articles.all())]
    people = own or participations
    if not report["people"] and not people:
        # Nobody named on either side: the same countries stand for the same meeting.
        source = next((s for s in meeting.sources.all() if s.article_id == article_id), None)
        countries = set((source.extracted or {}).get("countries", ())) if source else set()
        return 1.0 if countries == set(report.get("countries", ())) else 0.0
    by_id = _jaccard(set(report["people"]), {p.person_id for p in people})
    # By name, any form a participant is known by counts: "Berg" told before may now be the
    # record of "Anna Berg", who holds the bare surname as an alias.
    names = set(report["names"])
    matched = sum(
        1 for p in people if names & {name_key(p.person.name), *(a.key for a in p.person.aliases.all())}
    )
    union = len(names) + len(people) - matched
    return max(by_id, matched / union if union else 0.0)


@dataclass(frozen=True)
class Found:
    meeting: Meeting | None
    pending: bool = False  # the article is not stored, or not ingested yet: nothing to say yet


def report_meeting(report: Mapping, *, same_date: bool = False) -> Found:
    """The meeting that is this report now, if its article still reports one like it (and, with
    ``same_date``, dates it as the report did: a deletion must not take another meeting of the
    same people that the article tells of)."""
    article = Article.objects.filter(content_hash=report["article"]).first()
    if article is None or article.status != Article.Status.INGESTED:
        return Found(None, pending=True)
    candidates = Meeting.objects.filter(sources__article=article).prefetch_related(
        "participations__person__aliases", "participations__articles", "sources"
    )
    best: tuple[tuple, Meeting] | None = None
    for meeting in candidates.order_by("id"):
        likeness = _likeness(report, meeting, article.pk)
        if likeness < SAME_REPORT_SIMILARITY:
            continue
        dated_alike = any(
            s.article_id == article.pk and (s.extracted or {}).get("date") == report.get("date")
            for s in meeting.sources.all()
        )
        if same_date and report.get("date") and not dated_alike:
            continue
        rank = (likeness, dated_alike, -meeting.pk)
        if best is None or rank > best[0]:
            best = (rank, meeting)
    return Found(best[1] if best else None)


def _hashes(reports: Iterable[Mapping]) -> str:
    hashes = sorted({r["article"] for r in reports})
    return f" {' '.join(hashes)} " if hashes else ""


def decision_record(
    *,
    kind: str,
    user=None,
    meeting: Meeting | None = None,
    person: Person | None = None,
    keys: dict,
    values: dict | None = None,
    reports: Iterable[Mapping] = (),
    summary: str = "",
) -> Decision:
    """Store one decision of a staff member (``user`` may be None for a script)."""
    return Decision.objects.create(
        kind=kind,
        made_by=user if getattr(user, "pk", None) else None,
        meeting=meeting,
        person=person,
        keys=keys,
        values=values or {},
        articles=_hashes(reports),
        summary=summary[:500],
    )


def meeting_values(*, values: Mapping[str, object]) -> dict:
    """A correction's field values as stored: dates as ISO text, a country by code, the lists of
    countries by code and topics by slug (keys that outlive the rows too)."""
    stored: dict = {}
    for name, value in values.items():
        if name not in CORRECTABLE_FIELDS:
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, Country):
            value = value.code
        elif name in {"countries", "topics"}:
            value = sorted(
                getattr(v, "code", None) or getattr(v, "slug", None) or str(v) for v in value or ()
            )
        stored[name] = value
    return stored


def _values_apply(meeting: Meeting, values: Mapping) -> bool:
    """Set the corrected fields the meeting does not hold any more; whether any changed."""
    changed = False
    for name, value in values.items():
        if name == "countries":
            if sorted(meeting.countries.values_list("code", flat=True)) != sorted(value):
                meeting.countries.set(Country.objects.filter(code__in=value))
                changed = True
        elif name == "topics":
            if sorted(meeting.topics.values_list("slug", flat=True)) != sorted(value):
                meeting.topics.set(Topic.objects.filter(slug__in=value))
                changed = True
        else:
            attname = "location_country_id" if name == "location_country" else name
            current = getattr(meeting, attname)
            if name == "date":
                current, value = date_iso(current), value or None
            elif name == "location_country":
                value = value or None
            if current != value:
                setattr(meeting, attname, dt.date.fromisoformat(value) if name == "date" and value else value)
                changed = True
    return changed


def _found(reports: Sequence[Mapping], *, same_date: bool = False) -> tuple[list[Meeting], int]:
    """The distinct meetings the reports are now, and how many reports are found nowhere."""
    meetings: dict[int, Meeting] = {}
    lost = 0
    for report in reports:
        found = report_meeting(report, same_date=same_date)
        if found.meeting is not None:
            meetings.setdefault(found.meeting.pk, found.meeting)
        elif not found.pending:
            lost += 1
    return list(meetings.values()), lost


def _lost(lost: int, total: int) -> str:
    return f"{lost} of its {total} report(s) found in no meeting now" if lost else ""


def _merge_apply(decision: Decision) -> str:
    # corrections is imported where it is used: it records decisions, and ingest (which it reaches
    # through the tasks) applies them.
    from meetings.services.corrections import meeting_merge

    # A report split off later stands apart from the others: the later decision wins.
    split_off = {d.keys["off"]["article"] for d in _later(decision, Kind.MEETING_SPLIT)}
    reports = [r for r in decision.keys.get("reports", []) if r["article"] not in split_off]
    meetings, lost = _found(reports)
    if len(meetings) > 1:
        target = next((m for m in meetings if m.pk == decision.meeting_id), min(meetings, key=lambda m: m.pk))
        meeting_merge(target=target, others=[m for m in meetings if m.pk != target.pk], record=False)
        decision.meeting = target
    elif meetings:
        decision.meeting = meetings[0]
    return _lost(lost, len(reports))


def _split_apply(decision: Decision) -> str:
    from meetings.services.corrections import meeting_split

    off = report_meeting(decision.keys["off"])
    if off.meeting is None:
        return "" if off.pending else "the report split off is found in no meeting now"
    stay, _ = _found(decision.keys.get("stay", []))
    if any(m.pk == off.meeting.pk for m in stay):
        source = off.meeting.sources.get(article__content_hash=decision.keys["off"]["article"])
        decision.meeting = meeting_split(source=source, record=False)
    else:
        decision.meeting = off.meeting
    return ""


def _correction_apply(decision: Decision) -> str:
    from meetings.services.corrections import record_mark_edited

    reports = decision.keys.get("reports", [])
    meetings, lost = _found(reports)
    if not meetings:
        return _lost(lost, len(reports)) or ""
    meeting = next((m for m in meetings if m.pk == decision.meeting_id), meetings[0])
    if _values_apply(meeting, decision.values):
        record_mark_edited(record=meeting, user=decision.made_by)
        meeting.save()
        data_changed()  # what re-extraction had changed back is shown corrected again
    decision.meeting = meeting
    return ""


def _deletion_apply(decision: Decision) -> str:
    # A report found nowhere is what a deletion wants: nothing to say about it.
    meetings, _ = _found(decision.keys.get("reports", []), same_date=True)
    for meeting in meetings:
        meeting.delete()
    if meetings:
        data_changed()
    return ""


def _person_merge_apply(decision: Decision) -> str:
    from meetings.services.corrections import person_merge

    target = Person.objects.filter(pk=decision.keys.get("target")).first()
    if target is None:
        return f"the person it merged into ({decision.keys.get('target')}) no longer exists"
    # Full names only: a bare surname the others were known by may be someone else's too.
    names = [n for n in decision.keys.get("names", []) if len(n.split()) >= 2]
    apart = people_kept_apart(since=decision)
    others = [
        p
        for p in Person.objects.filter(aliases__key__in=names).exclude(pk=target.pk).distinct().order_by("id")
        if frozenset({p.pk, target.pk}) not in apart
    ]
    if others:
        person_merge(target=target, others=others, record=False)
    decision.person = target
    return ""


def _person_split_apply(decision: Decision) -> str:
    source = Person.objects.filter(pk=decision.keys.get("from")).first()
    split = Person.objects.filter(pk=decision.keys.get("to")).first()
    if split is None:
        return f"the person split off ({decision.keys.get('to')}) no longer exists"
    if source is None:
        return ""  # nothing left to take the split-off meetings back
    moved = 0
    for reports in decision.keys.get("meetings", []):
        meetings, _ = _found(reports)
        for meeting in meetings:
            participation = Participation.objects.filter(meeting=meeting, person=source).first()
            if participation is None:
                continue
            if Participation.objects.filter(meeting=meeting, person=split).exists():
                participation.delete()
            else:
                participation.person = split
                participation.save(update_fields=["person"])
            meeting.quotes.filter(speaker=source).update(speaker=split)
            moved += 1
    names = decision.keys.get("names", [])
    source.aliases.filter(key__in=names).delete()
    decision.person = split
    if moved:
        logger.info("person split %s: %d participation(s) moved again", decision.pk, moved)
        data_changed()
    return ""


def _review_apply(decision: Decision) -> str:
    reports = decision.keys.get("reports", [])
    meetings, lost = _found(reports)
    if not meetings:
        return _lost(lost, len(reports))
    meeting = next((m for m in meetings if m.pk == decision.meeting_id), meetings[0])
    if not meeting.reviewed:
        meeting.reviewed = True
        meeting.save(update_fields=["reviewed"])
        data_changed()
    decision.meeting = meeting
    return ""


_APPLY = {
    Kind.MEETING_MERGE: _merge_apply,
    Kind.MEETING_SPLIT: _split_apply,
    Kind.MEETING_CORRECTION: _correction_apply,
    Kind.MEETING_DELETION: _deletion_apply,
    Kind.MEETING_REVIEW: _review_apply,
    Kind.PERSON_MERGE: _person_merge_apply,
    Kind.PERSON_SPLIT: _person_split_apply,
}


def _later(decision: Decision, kind: str) -> models.QuerySet[Decision]:
    return Decision.objects.filter(kind=kind).filter(
        models.Q(made_at__gt=decision.made_at) | models.Q(made_at=decision.made_at, pk__gt=decision.pk)
    )


def people_kept_apart(*, since: Decision | None = None) -> set[frozenset[int]]:
    """Pairs of people a split by staff separated (after ``since``, when given): no merge by policy
    joins them again."""
    splits = _later(since, Kind.PERSON_SPLIT) if since else Decision.objects.filter(kind=Kind.PERSON_SPLIT)
    return {frozenset({d.keys.get("from"), d.keys.get("to")}) for d in splits}


@dataclass
class DecisionsReport:
    checked: int = 0
    problems: list[tuple[Decision, str]] = field(default_factory=list)


def decisions_apply(*, content_hashes: Iterable[str] | None = None) -> DecisionsReport:
    """Apply again, oldest first, the decisions about these articles (all of them without
    ``content_hashes``): after re-extraction or a later ingest, what staff decided holds again.
    Each decision is applied in its own savepoint; one that cannot be applied is reported on
    itself and in the report, and the others go on."""
    wanted = set(content_hashes) if content_hashes is not None else None
    report = DecisionsReport()
    person_kinds = {Kind.PERSON_MERGE, Kind.PERSON_SPLIT}
    for decision in Decision.objects.select_related("made_by").order_by("made_at", "id"):
        # A person decision names no article: any ingest may have undone it.
        if (
            wanted is not None
            and decision.kind not in person_kinds
            and not wanted & set(decision.articles.split())
        ):
            continue
        report.checked += 1
        try:
            with transaction.atomic():
                problem = _APPLY[decision.kind](decision)
        except Exception as exc:  # noqa: BLE001 - one decision that fails must not undo the others
            logger.exception("applying decision %s failed", decision.pk)
            problem = f"could not be applied: {type(exc).__name__}: {exc}"
            decision.refresh_from_db(fields=["meeting", "person"])  # not a record rolled back
        decision.problem = problem
        decision.checked_at = timezone.now()
        decision.save(update_fields=["problem", "checked_at", "meeting", "person"])
        if problem:
            report.problems.append((decision, problem))
    return report
