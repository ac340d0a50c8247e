"""Corrections by staff: merges, splits, edits and retries, each logged in the admin's history."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db import models, transaction
from django.utils import timezone

from meetings.models import (
    Article,
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


def record_mark_edited(*, record: Meeting | Participation | Quote, user, lock: bool = True) -> None:
    """Mark a record a person edited, so re-extraction leaves it alone (not saved here; the data
    version is bumped once the caller's save commits)."""
    data_changed()
    record.locked = lock
    record.edited_by = user if getattr(user, "pk", None) else None
    record.edited_at = timezone.now()


def meeting_merge(*, target: Meeting, others: Sequence[Meeting], user=None) -> Meeting:
    """Fold other meetings into ``target``: their sources, participants (one per person, naming the
    articles of both), quotes, countries and topics. The result is marked as edited."""
    with transaction.atomic():
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


def meeting_split(*, source: MeetingSource, user=None) -> Meeting:
    """Split one article's report off a meeting into a new meeting: the source, the quotes of that
    article, and the participants it names (those named by other sources stay as well). Both
    meetings are marked as edited, so re-extraction does not merge them again."""
    with transaction.atomic():
        original = source.meeting
        if original.sources.count() < 2:
            raise ValueError("a meeting with a single source cannot be split")
        article = source.article
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
        data_changed()
    return meeting


def person_merge(*, target: Person, others: Sequence[Person], user=None) -> Person:
    """Fold other people into ``target``: every name they were known by becomes an alias of the
    target (so the next article naming any of them finds it), and their participations and quotes
    move to it."""
    with transaction.atomic():
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
        for person in survivors:
            candidates = [c for c in candidates_for(forms_of[person.pk], exclude=[person.pk]) if c.id in seen]
            verdict = person_match(_person_mention(person, forms_of[person.pk]), candidates)
            if verdict.candidate is None:
                seen.append(person.pk)
                continue
            target = Person.objects.get(pk=verdict.candidate.id)
            report.merged.append((fullest(forms_of[person.pk]), fullest(forms_of[target.pk])))
            person_merge(target=target, others=[person])
        for person in Person.objects.prefetch_related("aliases"):
            before = person.name
            person_refresh(person=person)
            if person.name != before:
                report.names_repaired.append((before, person.name))
        data_changed()
    report.people_after = Person.objects.count()
    return report
