import pytest


@pytest.fixture
def htmx_headers() -> dict[str, str]:
    return {"HX-Request": "true"}
