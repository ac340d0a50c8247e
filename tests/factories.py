"""Plain factories for test data: each returns saved objects with sensible defaults."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

from meetings.models import Article, Country, Meeting, MeetingSource, Participation, Person, Quote, Topic

_seq = itertools.count(1)


def country(code: str) -> Country:
    return Country.objects.get(code=code)


def topic(slug: str) -> Topic:
    return Topic.objects.get(slug=slug)


def make_person(name: str | None = None, *, country_code: str | None = None) -> Person:
    person = Person.objects.create(
        name=name or f"Person {next(_seq)}", country=country(country_code) if country_code else None
    )
    person.aliases.create(name=person.name)
    return person


def make_article(*, text: str | None = None, title: str = "", published: dt.date | None = None) -> Article:
    text = text or f"Article body {next(_seq)}"
    return Article.objects.create(
        title=title or f"Article {next(_seq)}",
        text=text,
        published=published,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        status=Article.Status.INGESTED,
    )


def make_meeting(
    *,
    date: dt.date | None = dt.date(2025, 10, 15),
    status: str = Meeting.Status.HELD,
    city: str = "",
    location: str | None = None,
    countries: tuple[str, ...] = ("CN", "FR"),
    topics: tuple[str, ...] = (),
    people: tuple[tuple[str, str | None, str], ...] = (),
    quotes: int = 0,
    article: Article | None = None,
) -> Meeting:
    """``people`` holds (name, country code, title) triples."""
    meeting = Meeting.objects.create(
        date=date,
        date_precision=Meeting.DatePrecision.DAY if date else Meeting.DatePrecision.UNKNOWN,
        status=status,
        city=city,
        location_country=country(location) if location else None,
    )
    meeting.countries.set([country(c) for c in countries])
    meeting.topics.set([topic(s) for s in topics])
    article = article or make_article(published=date)
    MeetingSource.objects.create(meeting=meeting, article=article, evidence=[[0, 10]])
    for name, code, title in people:
        person = Person.objects.filter(name=name).first() or make_person(name, country_code=code)
        Participation.objects.create(
            meeting=meeting, person=person, title=title, country=country(code) if code else None
        )
    for i in range(quotes):
        Quote.objects.create(
            text=f"Quote {i}", article=article, meeting=meeting, start=i * 20, end=i * 20 + 7
        )
    return meeting


def make_uploader(username: str = "staff", password: str = "pw-12345-long"):
    """A staff member who may upload articles (the permission to add them), nothing more."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user(username, password=password, is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="meetings", codename="add_article")
    )
    return user
