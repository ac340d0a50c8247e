"""Country outlines for server-drawn SVG maps, from the GeoJSON the ``countryinfo`` package ships.

Plain Python, no database: each outline is projected once per process (equirectangular, which is
enough to find a country on a world map) and kept as an SVG path. A country the package has no
outline for (small states such as Singapore or Bahrain, and a few larger ones) is drawn as a dot
at its position, so that every country with meetings can be pointed at.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

import countryinfo

DATA = Path(countryinfo.__file__).resolve().parent / "data"

# The drawn box: longitudes -180..180 and latitudes NORTH..SOUTH (Antarctica left out, as it holds
# no meetings and would take a fifth of the height).
WIDTH = 1000
NORTH, SOUTH = 84.0, -57.0
SCALE = WIDTH / 360
HEIGHT = round((NORTH - SOUTH) * SCALE)
# Points closer than this (in drawn units) to the last one kept are dropped: the outlines are far
# more detailed than a map a few hundred pixels wide shows, and the page would weigh megabytes.
MIN_STEP = 1.0
LEFT_OUT = {"AQ"}


@dataclass(frozen=True)
class Outline:
    code: str  # ISO alpha-2
    name: str
    path: str  # an SVG path ("M...Z"), empty for a country drawn as a dot
    x: float  # the dot's (or the label's) position
    y: float


def project(lon: float, lat: float) -> tuple[float, float]:
    lat = min(max(lat, SOUTH), NORTH)
    return round((lon + 180) * SCALE, 1), round((NORTH - lat) * SCALE, 1)


def _ring_path(ring: list[list[float]]) -> str:
    kept: list[tuple[float, float]] = []
    for lon, lat, *_ in ring:
        x, y = project(lon, lat)
        if kept and math.hypot(x - kept[-1][0], y - kept[-1][1]) < MIN_STEP:
            continue
        kept.append((x, y))
    if len(kept) < 3:
        return ""
    return "M" + "L".join(f"{x:g},{y:g}" for x, y in kept) + "Z"


def _geometry_path(geometry: dict) -> str:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return "".join(_ring_path(ring) for polygon in polygons for ring in polygon)


def _outline(data: dict) -> Outline | None:
    code = (data.get("ISO") or {}).get("alpha2", "").upper()
    if not code or code in LEFT_OUT:
        return None
    features = (data.get("geoJSON") or {}).get("features") or []
    path = "".join(_geometry_path(f["geometry"]) for f in features if f.get("geometry"))
    latlng = data.get("latlng") or []
    if len(latlng) == 2:
        x, y = project(latlng[1], latlng[0])
    elif not path:
        return None  # neither an outline nor a position: nothing to draw
    else:
        x, y = 0.0, 0.0
    return Outline(code, data.get("name") or code, path, x, y)


@functools.cache
def outlines() -> dict[str, Outline]:
    """Every country the package knows, by ISO alpha-2 code: read and projected once per process."""
    found: dict[str, Outline] = {}
    for file in sorted(DATA.glob("*.json")):
        outline = _outline(json.loads(file.read_text(encoding="utf-8")))
        # A few countries have two files (one without an outline): keep the one that draws it.
        if outline and (outline.code not in found or (outline.path and not found[outline.code].path)):
            found[outline.code] = outline
    return found
