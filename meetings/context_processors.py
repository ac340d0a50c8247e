"""What every template of the meetings pages may use."""

from meetings.selectors.cache import cache_seconds as _cache_seconds


def cache_seconds(request) -> dict[str, int]:
    """The timeout of the ``{% cache %}`` regions: {% cache cache_seconds name region_key %}."""
    return {"cache_seconds": _cache_seconds()}
