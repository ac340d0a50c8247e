"""Reads: the querysets and read models behind the pages, by sub-domain.

Selectors take keyword arguments (a filter mapping, usually a form's ``cleaned_data``) and never
look at the request. Callers use this package (``selectors.meeting_list(...)``); the modules are:

- ``filters``: the keys of a filter mapping and its canonical text;
- ``cache``: the data version (once per request), the one key builder, ``cached_read``;
- ``meetings``: the filtered selection, list rows, count, one meeting and its quotes;
- ``facets``: facet counts, the timeline and the page summary reading both with the count;
- ``quotes``: full-text search over quotes, its count, the speaker menu;
- ``profiles``: the person and country pages' aggregates;
- ``sources``: a meeting's source articles with the passages that report it;
- ``places``: meetings per host country (the map);
- ``network``: who met whom, countries or people and the meetings between pairs;
- ``review``: the review queue, the meetings that most need a human, with their reasons.

Imports run one way: filters <- cache <- meetings, quotes, review <- facets, profiles, places,
network; sources imports none of them.
"""

from meetings.selectors.cache import cache_key, cache_seconds, data_version, region_key, versions
from meetings.selectors.facets import (
    PERSON_FACET_SIZE,
    FacetValue,
    MeetingFacets,
    MeetingSummary,
    MonthCount,
    meeting_facets,
    meeting_summary,
    meeting_timeline,
)
from meetings.selectors.filters import (
    ANY,
    COUNTRY,
    DATE_FROM,
    DATE_TO,
    LISTS,
    MATCH,
    OLDEST,
    PERSON,
    PLACE,
    PRECISION,
    REVIEWED,
    REVIEWED_ONLY,
    SEARCH,
    SORT,
    SPEAKER,
    STATUS,
    TOPIC,
    UNDATED,
    country_scope,
    facet_scopes,
    meeting_scope,
    person_scope,
    quote_scopes,
    selection_scopes,
    topic_scope,
)
from meetings.selectors.meetings import (
    meeting_count,
    meeting_countries,
    meeting_detail,
    meeting_filter,
    meeting_list,
    meeting_quotes,
    meeting_redirect,
    meeting_related,
)
from meetings.selectors.network import COUNTRIES, NETWORK_NODES, PEOPLE, Edge, Network, Node, meeting_network
from meetings.selectors.places import MeetingPlaces, PlaceCount, meeting_places
from meetings.selectors.profiles import (
    Ranked,
    TitleHeld,
    country_counterparts,
    country_topics,
    person_counterparts,
    person_countries,
    person_detail,
    person_meetings,
    person_quotes,
    person_titles,
)
from meetings.selectors.quotes import (
    MARK_END,
    MARK_START,
    SEARCH_CANDIDATES,
    SPEAKER_CHOICES_SIZE,
    QuoteDocument,
    fts5_query,
    quote_count,
    quote_list,
    quote_speaker_choices,
)
from meetings.selectors.review import ReviewItem, review_items, review_non_person_ids, review_queue
from meetings.selectors.sources import (
    EXCERPT_FALLBACK_CHARS,
    EXCERPTS_MAX,
    SourceText,
    TextSegment,
    meeting_source_text,
    meeting_source_texts,
    text_segments,
)

__all__ = [
    "ANY",
    "COUNTRIES",
    "COUNTRY",
    "DATE_FROM",
    "DATE_TO",
    "LISTS",
    "EXCERPTS_MAX",
    "EXCERPT_FALLBACK_CHARS",
    "MARK_END",
    "MARK_START",
    "MATCH",
    "OLDEST",
    "PRECISION",
    "REVIEWED",
    "REVIEWED_ONLY",
    "UNDATED",
    "PERSON",
    "PLACE",
    "PERSON_FACET_SIZE",
    "PEOPLE",
    "SEARCH",
    "SEARCH_CANDIDATES",
    "SORT",
    "SPEAKER",
    "SPEAKER_CHOICES_SIZE",
    "STATUS",
    "TOPIC",
    "FacetValue",
    "MeetingFacets",
    "MeetingPlaces",
    "NETWORK_NODES",
    "Edge",
    "Network",
    "Node",
    "MeetingSummary",
    "MonthCount",
    "PlaceCount",
    "QuoteDocument",
    "Ranked",
    "ReviewItem",
    "SourceText",
    "TextSegment",
    "TitleHeld",
    "cache_key",
    "cache_seconds",
    "country_counterparts",
    "country_scope",
    "facet_scopes",
    "meeting_scope",
    "person_scope",
    "quote_scopes",
    "selection_scopes",
    "topic_scope",
    "versions",
    "country_topics",
    "data_version",
    "fts5_query",
    "meeting_count",
    "meeting_countries",
    "meeting_detail",
    "meeting_facets",
    "meeting_filter",
    "meeting_list",
    "meeting_network",
    "meeting_places",
    "meeting_quotes",
    "meeting_redirect",
    "meeting_related",
    "meeting_source_text",
    "meeting_source_texts",
    "meeting_summary",
    "meeting_timeline",
    "person_counterparts",
    "person_countries",
    "person_detail",
    "person_meetings",
    "person_quotes",
    "person_titles",
    "quote_count",
    "quote_list",
    "quote_speaker_choices",
    "region_key",
    "review_items",
    "review_non_person_ids",
    "review_queue",
    "text_segments",
]
