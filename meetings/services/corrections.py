"""Corrections by staff: merges, splits, edits, deletions and retries, each logged in the admin's
history and, but for retries, kept as a decision (``services.decisions``) that re-extraction and later
ingests apply again. ``record=False``: the same change without a new decision (a decision applied
again, or a merge by the identity policy)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db import models, transaction
from django.utils import timezone

from meetings.models import (
    Article,
    Decision,
    Meeting,
    MeetingRedirect,
    MeetingSource,
    Participation,
    Person,
    PersonAlias,
    Quote,
    name_key,
)
from meetings.nlp.identity import Mention, fullest, person_match
from meetings.services.decisions import decision_record, meeting_reports, meeting_values, people_kept_apart
from meetings.services.invalidation import data_changed
from meetings.services.matching import PRECISION_RANK, meeting_refresh
from meetings.services.people import candidates_for, person_forms, person_refresh
from meetings.tasks import articles_ingest_task


def admin_log(*, user, objects: Sequence[models.Model], flag: int, message: str) -> None:
    """An entry in the admin's history of each object, naming who did it (when someone did)."""
    if user is None or not getattr(user, "pk", None) or not objects:
        return
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=list(objects), action_flag=flag, change_message=message, single_object=False
    )


def record_mark_edited(
    *,
    record: Meeting | Participation | Quote,
    user,
    lock: bool = True,
    corrected: Mapping[str, object] | None = None,
) -> None:
    """Mark a record a person edited, so re-extraction leaves it alone (not saved here; the data
    version is bumped once the caller's save commits). ``corrected``: the fields of a stored
    meeting the person changed, with their new values, kept as a decision so that they keep
    them even once the meeting is unlocked or its articles are ingested again."""
    data_changed()
    record.locked = lock
    record.edited_by = user if getattr(user, "pk", None) else None
    record.edited_at = timezone.now()
    values = meeting_values(values=corrected or {})
    if values and isinstance(record, Meeting) and record.pk:
        decision_record(
            kind=Decision.Kind.MEETING_CORRECTION,
            user=user,
            meeting=record,
            keys={"reports": (reports := meeting_reports(meeting=record))},
            values=values,
            reports=reports,
            summary=f"Corrected {', '.join(values)} of meeting {record.pk}",
        )


def meeting_merge(*, target: Meeting, others: Sequence[Meeting], user=None, record: bool = True) -> Meeting:
    """Fold other meetings into ``target``: their sources, participants (one per person, naming the
    articles of both), quotes, countries and topics. The result is marked as edited."""
    with transaction.atomic():
        others = [other for other in others if other.pk != target.pk]
        if record and others:
            reports = [r for m in [target, *others] for r in meeting_reports(meeting=m)]
            decision_record(
                kind=Decision.Kind.MEETING_MERGE,
                user=user,
                meeting=target,
                keys={"reports": reports},
                reports=reports,
                summary=f"Merged meeting(s) {', '.join(str(o.pk) for o in others)} into {target.pk}",
            )
        for other in others:
            if other.pk == target.pk:
                continue
            for source in other.sources.all():
                if target.sources.filter(article_id=source.article_id).exists():
                    source.delete()
                else:
                    source.meeting = target
                    source.save(update_fields=["meeting"])
            for participation in other.participations.prefetch_related("articles"):
                existing = target.participations.filter(person_id=participation.person_id).first()
                if existing is None:
                    participation.meeting = target
                    participation.save(update_fields=["meeting"])
                    continue
                existing.articles.add(*participation.articles.all())
                for name in ("title", "country", "organization"):
                    if not getattr(existing, name) and getattr(participation, name):
                        setattr(existing, name, getattr(participation, name))
                existing.locked = existing.locked or participation.locked
                existing.save()
                participation.delete()
            other.quotes.update(meeting=target)
            target.countries.add(*other.countries.all())
            target.topics.add(*other.topics.all())
            if PRECISION_RANK.get(other.date_precision, 0) > PRECISION_RANK.get(target.date_precision, 0):
                target.date, target.date_precision, target.date_text = (
                    other.date,
                    other.date_precision,
                    other.date_text,
                )
            if not target.city and not target.location_country_id:
                target.city, target.location_country_id = other.city, other.location_country_id
            if other.status == Meeting.Status.HELD:
                target.status = Meeting.Status.HELD
            # Its address, and those of meetings merged into it before, now lead to the target.
            MeetingRedirect.objects.filter(meeting=other).update(meeting=target)
            Decision.objects.filter(meeting=other).update(meeting=target)
            MeetingRedirect.objects.update_or_create(old_id=other.pk, defaults={"meeting": target})
            admin_log(user=user, objects=[other], flag=DELETION, message=f"Merged into meeting {target.pk}")
            admin_log(
                user=user, objects=[target], flag=CHANGE, message=f"Merged meeting {other.pk} into this one"
            )
            other.delete()
        # A person decided these reports are one meeting: re-extraction must not undo it.
        record_mark_edited(record=target, user=user)
        target.save()
        data_changed()
    return target


def meeting_split(*, source: MeetingSource, user=None, record: bool = True) -> Meeting:
    """Split one article's report off a meeting into a new meeting: the source, the quotes of that
    article, and the participants it names (those named by other sources stay as well). Both
    meetings are marked as edited, so re-extraction does not merge them again."""
    with transaction.atomic():
        original = source.meeting
        if original.sources.count() < 2:
            raise ValueError("a meeting with a single source cannot be split")
        article = source.article
        if record:
            reports = meeting_reports(meeting=original)
            off = next(r for r in reports if r["article"] == article.content_hash)
            decision = decision_record(
                kind=Decision.Kind.MEETING_SPLIT,
                user=user,
                meeting=original,
                keys={"off": off, "stay": [r for r in reports if r is not off]},
                reports=reports,
                summary=f"Split {article} off meeting {original.pk}",
            )
        meeting = Meeting.objects.create()
        source.meeting = meeting
        source.save(update_fields=["meeting"])
        for participation in original.participations.filter(articles=article).prefetch_related("articles"):
            moved = Participation.objects.create(
                meeting=meeting,
                person_id=participation.person_id,
                title=participation.title,
                country_id=participation.country_id,
                organization=participation.organization,
            )
            moved.articles.add(article)
            participation.articles.remove(article)
            if not participation.locked and not participation.articles.exists():
                participation.delete()
        original.quotes.filter(article=article).update(meeting=meeting)
        # The original keeps what a person edited; otherwise both are recomputed from their sources.
        meeting_refresh(meeting=original)
        if source.extracted:
            meeting_refresh(meeting=meeting)
        else:  # stored before sources kept what they said: start from the meeting as it was
            for name in ("status", "date", "date_precision", "date_text", "city", "location_country_id"):
                setattr(meeting, name, getattr(original, name))
            meeting.countries.set(original.countries.all())
            meeting.topics.set(original.topics.all())
        for changed in (original, meeting):
            record_mark_edited(record=changed, user=user)
            changed.save()
        admin_log(
            user=user,
            objects=[original],
            flag=CHANGE,
            message=f"Split {article} off into meeting {meeting.pk}",
        )
        admin_log(user=user, objects=[meeting], flag=ADDITION, message=f"Split off meeting {original.pk}")
        if record:
            decision.meeting = meeting
            decision.save(update_fields=["meeting"])
        data_changed()
    return meeting


def meeting_delete(*, meeting: Meeting, user=None) -> None:
    """Delete a meeting staff found to be none (or a copy): kept as a decision, so re-extraction
    and later ingests of its articles do not bring it back."""
    with transaction.atomic():
        reports = meeting_reports(meeting=meeting)
        decision_record(
            kind=Decision.Kind.MEETING_DELETION,
            user=user,
            keys={"reports": reports, "id": meeting.pk},
            reports=reports,
            summary=f"Deleted meeting {meeting.pk} ({meeting.date_display or 'undated'})",
        )
        admin_log(user=user, objects=[meeting], flag=DELETION, message="Deleted")
        meeting.delete()
        data_changed()


def meeting_review_confirm(*, meeting: Meeting, user=None) -> Meeting:
    """Staff confirm a meeting from the review queue as it stands: it is marked "reviewed by
    staff" (and locked, as a record a person verified), and the decision keeps it so."""
    with transaction.atomic():
        reports = meeting_reports(meeting=meeting)
        decision_record(
            kind=Decision.Kind.MEETING_REVIEW,
            user=user,
            meeting=meeting,
            keys={"reports": reports},
            reports=reports,
            summary=f"Confirmed meeting {meeting.pk} as it stands",
        )
        meeting.reviewed = True
        record_mark_edited(record=meeting, user=user)
        meeting.save()
        admin_log(user=user, objects=[meeting], flag=CHANGE, message="Reviewed by staff: confirmed")
        data_changed()
    return meeting


def person_merge(*, target: Person, others: Sequence[Person], user=None, record: bool = True) -> Person:
    """Fold other people into ``target``: every name they were known by becomes an alias of the
    target (so the next article naming any of them finds it), and their participations and quotes
    move to it."""
    with transaction.atomic():
        others = [other for other in others if other.pk != target.pk]
        if record and others:
            names = sorted(
                {name_key(n) for o in others for n in [o.name, *o.aliases.values_list("name", flat=True)]}
                - {""}
            )
            decision_record(
                kind=Decision.Kind.PERSON_MERGE,
                user=user,
                person=target,
                keys={"target": target.pk, "names": names, "merged": [o.pk for o in others]},
                summary=f"Merged {', '.join(f'{o} ({o.pk})' for o in others)} into {target} ({target.pk})",
            )
        known = set(target.aliases.values_list("key", flat=True))
        for name in [target.name]:
            if name_key(name) not in known:
                PersonAlias.objects.create(person=target, name=name)
                known.add(name_key(name))
        for other in others:
            if other.pk == target.pk:
                continue
            for alias in [*other.aliases.all(), PersonAlias(name=other.name)]:
                key = name_key(alias.name)
                if key and key not in known:
                    PersonAlias.objects.create(person=target, name=alias.name)
                    known.add(key)
            for participation in other.participations.prefetch_related("articles"):
                existing = Participation.objects.filter(
                    meeting_id=participation.meeting_id, person=target
                ).first()
                if existing is None:
                    participation.person = target
                    participation.save(update_fields=["person"])
                else:
                    existing.articles.add(*participation.articles.all())
                    participation.delete()
            other.quotes.update(speaker=target)
            Decision.objects.filter(person=other).update(person=target)
            if target.country_id is None and other.country_id:
                target.country_id = other.country_id
                target.save(update_fields=["country"])
            admin_log(
                user=user, objects=[other], flag=DELETION, message=f"Merged into {target} ({target.pk})"
            )
            admin_log(
                user=user,
                objects=[target],
                flag=CHANGE,
                message=f"Merged {other} ({other.pk}) into this person",
            )
            other.delete()
        data_changed()
    return target


def person_split(*, person: Person, meetings: Sequence[Meeting], name: str, user=None) -> Person:
    """Split off a person record that stands for two people: the participations (and quotes) of
    ``person`` in ``meetings`` go to a new person called ``name``, with that name's alias. Kept as a
    decision: later ingests move those meetings' participations back to it, and no merge by the
    identity policy (``people_resolve``) joins the two again."""
    with transaction.atomic():
        split = Person.objects.create(name=name[:200], country_id=person.country_id)
        PersonAlias.objects.create(person=split, name=name[:200])
        person.aliases.filter(key=name_key(name)).delete()
        groups = []
        for meeting in meetings:
            groups.append(meeting_reports(meeting=meeting))
            Participation.objects.filter(meeting=meeting, person=person).update(person=split)
            meeting.quotes.filter(speaker=person).update(speaker=split)
        person_refresh(person=split)
        decision_record(
            kind=Decision.Kind.PERSON_SPLIT,
            user=user,
            person=split,
            keys={"from": person.pk, "to": split.pk, "names": [name_key(name)], "meetings": groups},
            reports=[r for group in groups for r in group],
            summary=f"Split {split} ({split.pk}) off {person} ({person.pk}) in {len(groups)} meeting(s)",
        )
        admin_log(user=user, objects=[person], flag=CHANGE, message=f"Split {split} ({split.pk}) off")
        admin_log(user=user, objects=[split], flag=ADDITION, message=f"Split off {person} ({person.pk})")
        data_changed()
    return split


def articles_retry(*, articles: Sequence[Article], user=None) -> int:
    """Queue articles for extraction again (failed ones after a fix, or any after the extractor
    improved); what a person edited is kept. Returns how many were queued."""
    ids = [a.pk for a in articles]
    if not ids:
        return 0
    Article.objects.filter(pk__in=ids).update(status=Article.Status.PENDING, error="")
    admin_log(user=user, objects=list(articles), flag=CHANGE, message="Queued for extraction again")
    articles_ingest_task.enqueue(article_ids=ids)
    return len(ids)


@dataclass
class PeopleTidyReport:
    people_before: int = 0
    people_after: int = 0
    names_repaired: list[tuple[str, str]] = field(default_factory=list)
    merged: list[tuple[str, str]] = field(default_factory=list)  # (merged, into)
    non_persons_removed: list[str] = field(default_factory=list)
    non_persons_kept: list[str] = field(default_factory=list)  # edited by a person: left for staff


def _person_mention(person: Person, forms: list[str]) -> Mention:
    rows = list(person.participations.values_list("title", "meeting__date"))
    titles = Counter(t for t, _ in rows if t)
    dates = [d for _, d in rows if d]
    return Mention(
        name=fullest(forms),
        state=person.country_id,
        office=titles.most_common(1)[0][0] if titles else "",
        when=min(dates) if dates else None,
    )


def _non_person_remove(person: Person, report: PeopleTidyReport) -> None:
    edited = person.participations.filter(locked=True).exists() or person.quotes.filter(locked=True).exists()
    if edited:
        report.non_persons_kept.append(person.name)
        return
    person.quotes.update(speaker=None, speaker_label=person.name[:200])
    report.non_persons_removed.append(person.name)
    person.delete()


def people_tidy() -> PeopleTidyReport:
    """Bring the stored people in line with the identity policy of ingestion (issue 11): records of
    names that are no person's removed (their quotes keep the label), garbled names repaired, and
    the records of one person merged into the fullest one, as ``person_merge`` does for staff.
    Idempotent: a second run finds nothing to do."""
    report = PeopleTidyReport(people_before=Person.objects.count())
    with transaction.atomic():
        people = list(Person.objects.prefetch_related("aliases"))
        forms_of = {p.pk: person_forms([p.name, *(a.name for a in p.aliases.all())]) for p in people}
        survivors = [p for p in people if forms_of[p.pk]]
        for person in [p for p in people if not forms_of[p.pk]]:
            _non_person_remove(person, report)
        survivors.sort(key=lambda p: (-len(fullest(forms_of[p.pk]).split()), -p.participations.count(), p.pk))
        seen: list[int] = []
        apart = people_kept_apart()
        for person in survivors:
            candidates = [
                c
                for c in candidates_for(forms_of[person.pk], exclude=[person.pk])
                if c.id in seen and frozenset({c.id, person.pk}) not in apart
            ]
            verdict = person_match(_person_mention(person, forms_of[person.pk]), candidates)
            if verdict.candidate is None:
                seen.append(person.pk)
                continue
            target = Person.objects.get(pk=verdict.candidate.id)
            report.merged.append((fullest(forms_of[person.pk]), fullest(forms_of[target.pk])))
            person_merge(target=target, others=[person], record=False)
        for person in Person.objects.prefetch_related("aliases"):
            before = person.name
            person_refresh(person=person)
            if person.name != before:
                report.names_repaired.append((before, person.name))
        data_changed()
    report.people_after = Person.objects.count()
    return report
