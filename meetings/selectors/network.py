"""Who met whom in a selection of meetings: countries (or people) and the meetings between pairs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F

from meetings.models import Meeting, Participation
from meetings.selectors.cache import cached_read
from meetings.selectors.filters import selection_key, selection_scopes
from meetings.selectors.meetings import meeting_filter

COUNTRIES, PEOPLE = "countries", "people"
NETWORK_NODES = 30  # the drawing stays readable up to about this many nodes


@dataclass(frozen=True)
class Node:
    key: str  # a country code or a person id
    label: str
    count: int  # meetings of the selection it took part in


@dataclass(frozen=True)
class Edge:
    a: Node
    b: Node
    count: int  # meetings of the selection both took part in


@dataclass(frozen=True)
class Network:
    kind: str  # COUNTRIES or PEOPLE
    nodes: list[Node]  # most meetings first, then by name; at most the limit
    edges: list[Edge]  # between the nodes shown, most meetings first
    total_nodes: int  # how many there are in the selection, shown or not


def _network_key(filters: Mapping[str, Any] | None, kind: str, limit: int) -> dict[str, Any]:
    return {**selection_key(filters), "network-nodes": kind, "network-limit": limit}


@cached_read("network", key=_network_key, scopes=selection_scopes)
def meeting_network(
    *, filters: Mapping[str, Any] | None = None, kind: str = COUNTRIES, limit: int = NETWORK_NODES
) -> Network:
    """The countries (``kind="people"``: the people) of the meetings matching ``filters``, the
    ``limit`` with most meetings, and how many meetings each pair of them shares: three queries
    (cached: see ``cached_read``)."""
    meeting_ids = meeting_filter(filters=filters).values("pk")
    if kind == PEOPLE:
        rows, key, name = Participation.objects.all(), "person_id", "person__name"
        other = "meeting__participations__person_id"
    else:
        rows, key, name = Meeting.countries.through.objects.all(), "country_id", "country__name"
        other = "meeting__countries"
    rows = rows.filter(meeting_id__in=meeting_ids)
    top = (
        rows.values(key, name)
        .annotate(n=Count("meeting_id", distinct=True))
        .order_by("-n", name, key)[:limit]
    )
    nodes = [Node(str(r[key]), r[name], r["n"]) for r in top]
    total = rows.values(key).distinct().count()
    by_key = {node.key: node for node in nodes}
    keys = [r[key] for r in top] if nodes else []
    # Each pair once: the row of the smaller key joined to the meeting's row of the larger one.
    pairs = (
        rows.filter(**{f"{key}__in": keys, f"{other}__in": keys, f"{key}__lt": F(other)})
        .values(key, pair=F(other))
        .annotate(n=Count("meeting_id", distinct=True))
    )
    edges = [Edge(by_key[str(p[key])], by_key[str(p["pair"])], p["n"]) for p in pairs]
    edges.sort(key=lambda e: (-e.count, e.a.label, e.b.label))
    return Network(PEOPLE if kind == PEOPLE else COUNTRIES, nodes, edges, total)
