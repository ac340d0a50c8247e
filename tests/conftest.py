import pytest


@pytest.fixture
def htmx_headers() -> dict[str, str]:
    return {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached counts and pages are keyed by the data version, which factories do not bump (only
    the write services do), and every test starts from the same version: start each from an empty
    cache so no test sees another's pages."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
