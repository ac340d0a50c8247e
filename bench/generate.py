"""Generated data at scale: plausible, clearly synthetic meetings, people and quotes.

The point is to exercise list pages, facets, full-text search and indexes at the sizes real use will reach,
so the shape matters more than the content: a few countries, people and topics dominate (Zipf-like
weights), recent years are denser, and every offset (quote spans, evidence spans) points into the article
text exactly as ingestion would store it. Everything is drawn from one ``random.Random(seed)``, so a seed
gives the same data on any database; only the content hashes carry a per-run salt, so runs add up
without clashing.

Rows are generated and inserted one batch of meetings at a time, each batch in its own transaction, so
memory stays bounded whatever the size.

This is a raw bulk loader for benchmarks, not a way in for real data: it writes with ``bulk_create``
past the services (no extraction, no cross-article matching, no identity policy) and bumps the data
version itself once at the end. It lives in ``bench/``, which is not part of the installed package;
``bench/generate_data.py`` runs it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import math
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import reset_queries, transaction
from django.utils import timezone
from django.utils.text import slugify

from meetings.models import (
    Article,
    Country,
    Meeting,
    MeetingSource,
    Participation,
    Person,
    PersonAlias,
    Quote,
    Topic,
    name_key,
)
from meetings.services.invalidation import data_changed

# Rows per INSERT statement: large enough to amortise the round trip, small enough to keep statements
# (and psycopg's client-side parameter binding) cheap. SQLite lowers it further to its variable limit.
SQL_ROWS = 2000

# The countries that dominate diplomatic news, most frequent first; the rest follow in a seeded order.
TOP_COUNTRIES = (
    "US CN RU FR GB DE JP IN UA TR IR IL SA KR BR IT CA AU EG QA AE PK ES PL ZA ID MX NG KP VN SY HU NL BE "
    "CH SE NO FI AT GR IQ JO LB KZ AZ AM GE BY RS ET KE AR SG MY TH PH BD AF MA DZ"
).split()

# The topics most meetings are about, most frequent first; the rest follow in slug order.
TOP_TOPICS = (
    "bilateral-relations",
    "trade-investment",
    "security-defense",
    "ukraine-war",
    "middle-east",
    "economy-finance",
    "energy",
    "global-governance",
    "technology",
    "sanctions",
    "climate-environment",
    "nuclear-nonproliferation",
)

# Country names as a sentence writes them (pycountry's formal names read badly in running text).
COUNTRY_TEXT = {
    "RU": "Russia",
    "PS": "Palestine",
    "CD": "DR Congo",
    "CG": "Republic of the Congo",
    "VG": "British Virgin Islands",
    "VI": "US Virgin Islands",
    "VA": "Holy See",
    "FM": "Micronesia",
    "MF": "Saint Martin",
    "SX": "Sint Maarten",
    "FK": "Falkland Islands",
    "CC": "Cocos Islands",
    "BQ": "Bonaire",
}
_WITH_THE = {
    "Netherlands",
    "Philippines",
    "Bahamas",
    "Gambia",
    "Maldives",
    "Comoros",
    "Seychelles",
    "Holy See",
}

DEMONYMS = {
    "US": "US",
    "CN": "Chinese",
    "RU": "Russian",
    "FR": "French",
    "GB": "British",
    "DE": "German",
    "JP": "Japanese",
    "IN": "Indian",
    "UA": "Ukrainian",
    "TR": "Turkish",
    "IR": "Iranian",
    "IL": "Israeli",
    "SA": "Saudi",
    "KR": "South Korean",
    "BR": "Brazilian",
    "IT": "Italian",
    "CA": "Canadian",
    "AU": "Australian",
    "EG": "Egyptian",
    "QA": "Qatari",
    "AE": "Emirati",
    "PK": "Pakistani",
    "ES": "Spanish",
    "PL": "Polish",
    "ZA": "South African",
    "ID": "Indonesian",
    "MX": "Mexican",
    "NG": "Nigerian",
    "KP": "North Korean",
    "VN": "Vietnamese",
    "SY": "Syrian",
    "HU": "Hungarian",
    "NL": "Dutch",
    "BE": "Belgian",
    "CH": "Swiss",
    "SE": "Swedish",
    "NO": "Norwegian",
    "FI": "Finnish",
    "AT": "Austrian",
    "GR": "Greek",
    "IQ": "Iraqi",
    "JO": "Jordanian",
    "LB": "Lebanese",
    "KZ": "Kazakh",
    "AZ": "Azerbaijani",
    "AM": "Armenian",
    "GE": "Georgian",
    "ET": "Ethiopian",
    "KE": "Kenyan",
    "AR": "Argentine",
    "SG": "Singaporean",
    "MY": "Malaysian",
    "TH": "Thai",
    "PH": "Philippine",
    "MA": "Moroccan",
}

# Capital first, then other cities where talks are held.
CITIES = {
    "US": ["Washington", "New York", "San Francisco"],
    "CN": ["Beijing", "Shanghai", "Xiamen"],
    "RU": ["Moscow", "St Petersburg", "Sochi"],
    "FR": ["Paris", "Marseille"],
    "GB": ["London"],
    "DE": ["Berlin", "Munich"],
    "JP": ["Tokyo", "Hiroshima", "Osaka"],
    "IN": ["New Delhi", "Mumbai"],
    "UA": ["Kyiv", "Lviv"],
    "TR": ["Ankara", "Istanbul", "Antalya"],
    "IR": ["Tehran"],
    "IL": ["Jerusalem", "Tel Aviv"],
    "SA": ["Riyadh", "Jeddah"],
    "KR": ["Seoul", "Busan"],
    "BR": ["Brasilia", "Rio de Janeiro"],
    "IT": ["Rome", "Milan"],
    "CA": ["Ottawa", "Toronto"],
    "AU": ["Canberra", "Sydney"],
    "EG": ["Cairo", "Sharm el-Sheikh"],
    "QA": ["Doha"],
    "AE": ["Abu Dhabi", "Dubai"],
    "PK": ["Islamabad"],
    "ES": ["Madrid", "Barcelona"],
    "PL": ["Warsaw"],
    "ZA": ["Pretoria", "Johannesburg"],
    "ID": ["Jakarta", "Bali"],
    "MX": ["Mexico City"],
    "NG": ["Abuja"],
    "KP": ["Pyongyang"],
    "VN": ["Hanoi"],
    "SY": ["Damascus"],
    "HU": ["Budapest"],
    "NL": ["The Hague", "Amsterdam"],
    "BE": ["Brussels"],
    "CH": ["Bern", "Geneva", "Davos"],
    "SE": ["Stockholm"],
    "NO": ["Oslo"],
    "FI": ["Helsinki"],
    "AT": ["Vienna"],
    "GR": ["Athens"],
    "IQ": ["Baghdad"],
    "JO": ["Amman"],
    "LB": ["Beirut"],
    "KZ": ["Astana"],
    "AZ": ["Baku"],
    "AM": ["Yerevan"],
    "GE": ["Tbilisi"],
    "BY": ["Minsk"],
    "RS": ["Belgrade"],
    "ET": ["Addis Ababa"],
    "KE": ["Nairobi"],
    "AR": ["Buenos Aires"],
    "SG": ["Singapore"],
    "MY": ["Kuala Lumpur"],
    "TH": ["Bangkok"],
    "PH": ["Manila"],
    "BD": ["Dhaka"],
    "AF": ["Kabul"],
    "MA": ["Rabat"],
    "DZ": ["Algiers"],
    "TN": ["Tunis"],
    "LY": ["Tripoli"],
    "PT": ["Lisbon"],
    "IE": ["Dublin"],
    "DK": ["Copenhagen"],
    "CZ": ["Prague"],
    "RO": ["Bucharest"],
    "BG": ["Sofia"],
    "HR": ["Zagreb"],
    "SK": ["Bratislava"],
    "LT": ["Vilnius"],
    "LV": ["Riga"],
    "EE": ["Tallinn"],
    "MD": ["Chisinau"],
    "CY": ["Nicosia"],
    "MT": ["Valletta"],
    "UZ": ["Tashkent", "Samarkand"],
    "TM": ["Ashgabat"],
    "KG": ["Bishkek"],
    "TJ": ["Dushanbe"],
    "MN": ["Ulaanbaatar"],
    "NZ": ["Wellington"],
    "CL": ["Santiago"],
    "CO": ["Bogota"],
    "PE": ["Lima"],
    "VE": ["Caracas"],
    "CU": ["Havana"],
    "OM": ["Muscat"],
    "KW": ["Kuwait City"],
    "BH": ["Manama"],
    "YE": ["Sanaa"],
    "SD": ["Khartoum"],
    "GH": ["Accra"],
    "SN": ["Dakar"],
    "TZ": ["Dodoma"],
    "AO": ["Luanda"],
    "LK": ["Colombo"],
    "NP": ["Kathmandu"],
    "MM": ["Naypyidaw"],
    "KH": ["Phnom Penh"],
    "LA": ["Vientiane"],
}

# Where talks between others are held.
VENUES = [
    ("Geneva", "CH"),
    ("New York", "US"),
    ("Vienna", "AT"),
    ("Brussels", "BE"),
    ("Doha", "QA"),
    ("Istanbul", "TR"),
    ("Riyadh", "SA"),
    ("Munich", "DE"),
    ("Davos", "CH"),
    ("Singapore", "SG"),
    ("Abu Dhabi", "AE"),
    ("Addis Ababa", "ET"),
    ("Helsinki", "FI"),
    ("Oslo", "NO"),
    ("Jeddah", "SA"),
    ("Muscat", "OM"),
]

# Organisation, its weight and the titles of the people who speak for it.
ORGANIZATIONS = [
    (
        "UN",
        30,
        ["Secretary-General", "Special Envoy", "High Commissioner for Refugees", "Under-Secretary-General"],
    ),
    (
        "EU",
        30,
        ["High Representative", "Commission President", "Council President", "Special Representative"],
    ),
    ("NATO", 20, ["Secretary-General", "Deputy Secretary-General"]),
    ("African Union", 5, ["Commission Chairperson", "Special Envoy"]),
    ("ASEAN", 4, ["Secretary-General"]),
    ("IAEA", 4, ["Director General"]),
    ("OSCE", 3, ["Secretary General", "Chairperson-in-Office"]),
    ("WHO", 2, ["Director-General"]),
    ("Arab League", 2, ["Secretary-General"]),
]

# Roles held by people who speak for a state, with their weights and usual titles.
ROLES = [
    ("foreign", 40, "Foreign Minister"),
    ("ambassador", 12, "Ambassador"),
    ("president", 8, "President"),
    ("deputy_foreign", 8, "Deputy Foreign Minister"),
    ("prime", 7, "Prime Minister"),
    ("defense", 6, "Defense Minister"),
    ("envoy", 6, "Special Envoy"),
    ("nsa", 4, "National Security Adviser"),
    ("trade", 4, "Trade Minister"),
    ("finance", 3, "Finance Minister"),
    ("energy", 2, "Energy Minister"),
]
ROLE_TITLES = {
    "US": {
        "foreign": "Secretary of State",
        "deputy_foreign": "Deputy Secretary of State",
        "prime": "Vice President",
        "defense": "Secretary of Defense",
        "trade": "Trade Representative",
        "finance": "Treasury Secretary",
        "energy": "Energy Secretary",
    },
    "GB": {
        "foreign": "Foreign Secretary",
        "president": "Prime Minister",
        "prime": "Deputy Prime Minister",
        "defense": "Defence Secretary",
        "finance": "Chancellor of the Exchequer",
    },
    "CN": {"prime": "Premier"},
    "DE": {"president": "Chancellor", "prime": "Vice Chancellor"},
    "JP": {"president": "Prime Minister", "prime": "Chief Cabinet Secretary"},
    "IN": {"president": "Prime Minister", "prime": "External Affairs Minister"},
}

SOURCES = [
    "Meridian Wire",
    "Harbor Post",
    "Atlas Dispatch",
    "The Continental Ledger",
    "Northgate Times",
    "Capital Courier",
    "Global Desk",
    "The Evening Compass",
]

# What quotes say about each default topic; other topics fall back on their name.
TOPIC_PHRASES = {
    "bilateral-relations": [
        "bilateral relations",
        "high-level exchanges",
        "our strategic partnership",
        "mutual trust",
    ],
    "trade-investment": ["bilateral trade", "market access", "investment", "supply chains", "tariffs"],
    "economy-finance": ["debt relief", "financial stability", "the exchange rate", "economic recovery"],
    "security-defense": ["regional security", "defense cooperation", "military exercises", "arms control"],
    "ukraine-war": ["the war in Ukraine", "a ceasefire in Ukraine", "the reconstruction of Ukraine"],
    "middle-east": ["Gaza", "the two-state solution", "the situation in Syria", "peace in the Middle East"],
    "nuclear-nonproliferation": ["non-proliferation", "IAEA inspections", "denuclearization", "enrichment"],
    "civil-nuclear": ["civil nuclear energy", "nuclear power plants", "reactor safety"],
    "energy": ["energy security", "gas supply", "renewables", "oil prices", "new energy"],
    "climate-environment": ["climate change", "emissions", "the COP negotiations", "biodiversity"],
    "technology": ["artificial intelligence", "semiconductors", "cyber security", "the digital economy"],
    "aerospace-space": ["aerospace", "space exploration", "satellite launches", "civil aviation"],
    "agriculture-food": ["food security", "grain exports", "agriculture", "fisheries agreements"],
    "health": ["pandemic preparedness", "vaccines", "public health"],
    "migration": ["migration", "refugees", "border management", "visa facilitation"],
    "human-rights": ["human rights", "the rule of law", "press freedom", "democracy"],
    "global-governance": [
        "multilateralism",
        "reform of the UN Security Council",
        "the G20",
        "global governance",
    ],
    "sanctions": ["sanctions", "export controls", "the sanctions regime"],
    "terrorism": ["counter-terrorism", "terrorist financing", "violent extremism"],
    "territorial-disputes": ["the border dispute", "maritime boundaries", "freedom of navigation"],
    "development-aid": ["development assistance", "humanitarian aid", "infrastructure financing"],
    "culture-education": ["cultural exchanges", "education", "people-to-people ties", "tourism"],
}

# Syllables of clearly synthetic but pronounceable names.
_ONSETS = "b d f g h k l m n p r s t v z br dr gr kr st tr th sh ch".split()
_VOWELS = "a e i o u a e o ai ei ou ia".split()
_CODAS = ["", "", "", "n", "r", "l", "s", "m", "th", "nd", "rk", "v"]
_SURNAME_ENDINGS = ["", "", "", "ov", "ard", "ell", "ani", "ez", "sen", "ius", "ora", "ek"]

# Quote vocabulary, most common first within each list, drawn with Zipf weights.
_OPENERS = [
    "We are ready to",
    "We will continue to",
    "Both sides agreed to",
    "It is essential to",
    "Our countries must",
    "We call on all parties to",
    "We stand ready to",
    "We have agreed to",
    "There is no alternative but to",
    "The time has come to",
    "Together we can",
    "We intend to",
]
_VERBS = (
    "strengthen deepen expand promote advance support protect restore build safeguard reinforce pursue "
    "renew broaden accelerate revive consolidate uphold"
).split()
_ADJECTIVES = (
    "mutual practical strategic economic regional comprehensive constructive lasting peaceful shared stable "
    "open sustainable balanced long-term pragmatic friendly multilateral candid substantive reciprocal "
    "inclusive resilient transparent"
).split()
_NOUNS = (
    "cooperation trust dialogue partnership relations stability security exchanges peace development "
    "prosperity coordination understanding consultations ties connectivity engagement solidarity "
    "investment growth confidence integration"
).split()
_TAILS = [
    "in the coming months",
    "for the benefit of our peoples",
    "on the basis of mutual respect",
    "without delay",
    "in line with international law",
    "at every level",
    "step by step",
    "despite the difficulties",
    "in a spirit of good neighbourliness",
    "before the end of the year",
]
# Uncommon words that full-text search should find in a handful of quotes, not in thousands.
_RARE = (
    "desalination aquaculture hydrography glaciology permafrost phosphates cobalt lithium graphite vanadium "
    "geothermal interconnectors transhipment cadastral seismology mangroves biobanks vaccinology "
    "pharmacovigilance cryptography quantum microchips superconductors drones icebreakers fisheries "
    "sovereign-debt remittances microfinance textiles cotton saffron cashews tea-processing hydropower "
    "pipelines refineries tankers shipyards railways ports airports spaceports satellites telescopes "
    "observatories archives manuscripts museums scholarships vocational-training universities "
    "apprenticeships pilgrims tourism visas consulates demining ceasefire-monitoring peacekeepers "
    "minesweepers cyberattacks disinformation extradition counterfeiting smuggling piracy locusts "
    "droughts floods earthquakes wildfires"
).split()
_THINGS = ["initiative", "corridor", "accord", "framework", "process", "partnership", "compact"]
_FRAGMENT_LEADS = ["called on partners to", "pledged to", "stressed the need to", "said both countries would"]
_FILLERS = [
    "The ministry did not give further details.",
    "Officials described the atmosphere as constructive.",
    "The two sides also signed several cooperation documents.",
    "Reporters were not allowed to attend the talks.",
    "Neither side mentioned the dispute over the border.",
    "A joint statement is expected later this week.",
    "The meeting lasted about two hours.",
    "Analysts said the talks were a sign of warming ties.",
]


def _zipf_cum(n: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1 / (rank**exponent) for rank in range(1, n + 1)))


class _Zipf:
    """Draws indexes 0..n-1, index 0 most often, with weight 1/rank**exponent."""

    def __init__(self, n: int, exponent: float) -> None:
        self.cum = _zipf_cum(n, exponent)
        self.total = self.cum[-1] if self.cum else 0.0
        self.hi = n - 1

    def draw(self, rng: random.Random) -> int:
        return bisect.bisect(self.cum, rng.random() * self.total, 0, self.hi)


def _pick(rng: random.Random, items: Sequence, zipf: _Zipf):
    return items[zipf.draw(rng)]


def _share(
    rng: random.Random, remaining: int, slots: int, high: int, spread: Sequence[int], least: int = 0
) -> int:
    """How many of `remaining` items the next of `slots` slots gets: about the average, varied by
    `spread`, at least `least` while the rest allows it, and kept so that the remaining slots can still
    take the rest (the totals come out exact)."""
    avg = remaining / slots
    k = int(avg) + (1 if rng.random() < avg - int(avg) else 0) + rng.choice(spread)
    if remaining >= least * slots:
        k = max(k, least)
    low = max(0, remaining - high * (slots - 1))
    return max(low, min(high, remaining, k))


def _proper_noun(rng: random.Random, syllables: int) -> str:
    # Consonant clusters only at the end keep the names pronounceable.
    word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)) + rng.choice(_CODAS)
    return word[0].upper() + word[1:]


def _person_name(rng: random.Random) -> str:
    given = _proper_noun(rng, rng.choice((1, 2, 2)))
    surname = _proper_noun(rng, rng.choice((2, 2, 3))) + rng.choice(_SURNAME_ENDINGS)
    return f"{given} {surname}"


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _upper_first(text: str) -> str:
    return text[0].upper() + text[1:]


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@dataclass
class _World:
    """What the generator draws from: countries, topics and people, in order of frequency."""

    country_codes: list[str]
    country_text: dict[str, str]
    country_zipf: _Zipf
    topic_ids: list[int]
    topic_names: list[str]
    topic_phrases: list[list[str]]
    topic_zipf: _Zipf | None
    person_ids: list[int] = field(default_factory=list)
    person_names: list[str] = field(default_factory=list)
    person_surnames: list[str] = field(default_factory=list)
    person_countries: list[str | None] = field(default_factory=list)
    person_orgs: list[str] = field(default_factory=list)
    person_titles: list[str] = field(default_factory=list)
    person_zipf: _Zipf | None = None

    def place(self, code: str) -> str:
        name = self.country_text[code]
        return f"the {name}" if name in _WITH_THE or name.startswith("United ") else name

    def described(self, i: int) -> str:
        """A person as an article first names them: title, affiliation and name."""
        name, title, code = self.person_names[i], self.person_titles[i], self.person_countries[i]
        if code is None:
            return f"{self.person_orgs[i]} {title} {name}"
        if code in DEMONYMS:
            return f"{DEMONYMS[code]} {title} {name}"
        return f"{title} {name} of {self.place(code)}"


def _country_text(code: str, name: str) -> str:
    if code in COUNTRY_TEXT:
        return COUNTRY_TEXT[code]
    return name.split(",")[0].split(" (")[0]


def _world_load(rng: random.Random) -> _World:
    countries = dict(Country.objects.order_by("code").values_list("code", "name"))
    if not countries:
        raise ValueError("no countries: run the migrations first")
    top = [c for c in TOP_COUNTRIES if c in countries]
    rest = [c for c in countries if c not in top]
    rng.shuffle(rest)
    codes = top + rest
    topics = {t.slug: t for t in Topic.objects.order_by("slug")}
    topic_order = [s for s in TOP_TOPICS if s in topics] + [s for s in topics if s not in TOP_TOPICS]
    return _World(
        country_codes=codes,
        country_text={c: _country_text(c, countries[c]) for c in codes},
        country_zipf=_Zipf(len(codes), 1.0),
        topic_ids=[topics[s].pk for s in topic_order],
        topic_names=[_lower_first(topics[s].name) for s in topic_order],
        topic_phrases=[TOPIC_PHRASES.get(s) or [_lower_first(topics[s].name)] for s in topic_order],
        topic_zipf=_Zipf(len(topic_order), 0.9) if topic_order else None,
    )


def _role_title(code: str, role: str, default: str) -> str:
    return ROLE_TITLES.get(code, {}).get(role, default)


def _people_create(rng: random.Random, world: _World, *, people: int, batch: int, counts: dict) -> None:
    """People, most prominent first: the foreign ministers and leaders of the main countries, the heads
    of the main organisations, then everyone else (a few of whom speak for an organisation)."""
    top = world.country_codes[:12]
    role_cum = list(itertools.accumulate(w for _, w, _ in ROLES))
    org_cum = list(itertools.accumulate(w for _, w, _ in ORGANIZATIONS))
    for offset in range(0, people, batch):
        rows = []
        for rank in range(offset, min(offset + batch, people)):
            code: str | None
            if rank < len(top):
                code, (role, _, default) = top[rank], ROLES[0]
            elif rank < 2 * len(top):
                code, (role, _, default) = top[rank - len(top)], ROLES[2]
            elif rank < 2 * len(top) + 3 or rng.random() < 0.05:
                code = None
            else:
                code = _pick(rng, world.country_codes, world.country_zipf)
                role, _, default = rng.choices(ROLES, cum_weights=role_cum)[0]
            if code is None:
                if rank < 2 * len(top) + 3:
                    org, _, titles = ORGANIZATIONS[rank - 2 * len(top)]
                else:
                    org, _, titles = rng.choices(ORGANIZATIONS, cum_weights=org_cum)[0]
                title = titles[0] if rng.random() < 0.6 else rng.choice(titles)
            else:
                org, title = "", _role_title(code, role, default)
            name = _person_name(rng)
            world.person_names.append(name)
            world.person_surnames.append(name.split(" ", 1)[1])
            world.person_countries.append(code)
            world.person_orgs.append(org)
            world.person_titles.append(title)
            rows.append(Person(name=name, country_id=code))
        with transaction.atomic():
            Person.objects.bulk_create(rows, batch_size=SQL_ROWS)
            PersonAlias.objects.bulk_create(
                [PersonAlias(person_id=p.pk, name=p.name, key=name_key(p.name)) for p in rows],
                batch_size=SQL_ROWS,
            )
        world.person_ids.extend(p.pk for p in rows)
        counts["people"] += len(rows)
        counts["aliases"] += len(rows)
        reset_queries()
    world.person_zipf = _Zipf(people, 0.9) if people else None


class _Text:
    """An article being written, which knows the offsets of what it adds."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def value(self) -> str:
        return "".join(self.parts)


@dataclass
class _QuoteSpec:
    text: str
    start: int
    end: int
    speaker: int | None
    speaker_label: str
    topics: list[int]


@dataclass
class _MeetingSpec:
    meeting: Meeting
    article: Article
    evidence: list[list[int]]
    participants: list[int]
    countries: list[str]
    topics: list[int]
    quotes: list[_QuoteSpec]


class _Generator:
    def __init__(self, rng: random.Random, world: _World, *, years: int, salt: str) -> None:
        self.rng = rng
        self.world = world
        self.salt = salt
        self.today = timezone.localdate()
        self.span_days = max(1, round(years * 365.25))
        self.start = self.today - dt.timedelta(days=self.span_days)
        # Four times as many meetings in the last year as in the first.
        self.growth = math.log(4) / self.span_days
        self.articles_made = 0
        self.adjective_zipf = _Zipf(len(_ADJECTIVES), 1.0)
        self.noun_zipf = _Zipf(len(_NOUNS), 1.0)
        self.verb_zipf = _Zipf(len(_VERBS), 1.0)
        self.opener_zipf = _Zipf(len(_OPENERS), 0.8)
        self.tail_zipf = _Zipf(len(_TAILS), 0.8)
        self.rare_zipf = _Zipf(len(_RARE), 0.5)
        self.source_zipf = _Zipf(len(SOURCES), 1.0)
        self.venue_zipf = _Zipf(len(VENUES), 1.0)

    # --- drawing -----------------------------------------------------------------------------------

    def _date(self) -> dt.date:
        u = self.rng.random()
        days = math.log1p(u * math.expm1(self.growth * self.span_days)) / self.growth
        return self.start + dt.timedelta(days=min(self.span_days, int(days)))

    def _country(self) -> str:
        return _pick(self.rng, self.world.country_codes, self.world.country_zipf)

    def _topics(self, k: int, first: int | None = None) -> list[int]:
        world = self.world
        if world.topic_zipf is None:
            return []
        chosen = [] if first is None else [first]
        k = min(k, len(world.topic_ids))
        while len(chosen) < k:
            i = world.topic_zipf.draw(self.rng)
            if i not in chosen:
                chosen.append(i)
        return chosen

    def _participants(self, k: int) -> list[int]:
        """k distinct people, preferably from distinct countries (talks are mostly between states)."""
        world, rng = self.world, self.rng
        chosen: list[int] = []
        codes: list[str] = []
        tries = 0
        while len(chosen) < k:
            tries += 1
            if tries > 50:
                # Only with very few people: take whoever is left.
                chosen.extend(
                    rng.sample([i for i in range(len(world.person_ids)) if i not in chosen], k - len(chosen))
                )
                break
            i = world.person_zipf.draw(rng)
            code = world.person_countries[i]
            if i in chosen or (code is not None and code in codes and tries < 20):
                continue
            chosen.append(i)
            if code is not None:
                codes.append(code)
        return chosen

    def _quote_text(self, topic: int | None, *, fragment: bool) -> str:
        rng = self.rng
        verb = _pick(rng, _VERBS, self.verb_zipf)
        noun = _pick(rng, _NOUNS, self.noun_zipf)
        words = [verb, _pick(rng, _ADJECTIVES, self.adjective_zipf) + " " + noun]
        if rng.random() < 0.5:
            other = _pick(rng, _NOUNS, self.noun_zipf)
            if other != noun:
                words.append("and " + other)
        if topic is not None:
            words.append(
                rng.choice(("on", "in", "regarding")) + " " + rng.choice(self.world.topic_phrases[topic])
            )
        if rng.random() < 0.25:
            a, b = _pick(rng, _RARE, self.rare_zipf), _pick(rng, _RARE, self.rare_zipf)
            words.append(f"including {a}" if a == b else f"including {a} and {b}")
        if rng.random() < 0.15:
            # Names made up on the spot are nearly unique: the rarest words full-text search will see.
            words.append(f"under the {_proper_noun(rng, rng.choice((2, 3)))} {rng.choice(_THINGS)}")
        if rng.random() < 0.4:
            words.append(_pick(rng, _TAILS, self.tail_zipf))
        text = " ".join(words)
        if fragment:
            return text
        return _pick(rng, _OPENERS, self.opener_zipf) + " " + text

    # --- one meeting -------------------------------------------------------------------------------

    def meeting(self, *, n_participants: int, n_quotes: int, ingested_at: dt.datetime) -> _MeetingSpec:
        rng, world = self.rng, self.world
        status = Meeting.Status.PLANNED if rng.random() < 0.15 else Meeting.Status.HELD
        day = self._date()
        if status == Meeting.Status.PLANNED:
            published = day - dt.timedelta(days=rng.randint(1, 40))
        else:
            published = min(self.today, day + dt.timedelta(days=rng.choice((0, 1, 1, 1, 2, 3))))

        r = rng.random()
        if r < 0.80:
            precision = Meeting.DatePrecision.DAY
            date = day
            if status == Meeting.Status.HELD and (published - day).days < 6 and rng.random() < 0.4:
                date_text = f"{day:%A}"
            else:
                date_text = f"{day.day} {day:%B %Y}"
            date_phrase = f" on {date_text}"
        elif r < 0.90:
            precision, date = Meeting.DatePrecision.MONTH, day.replace(day=1)
            date_text = f"{day:%B %Y}"
            date_phrase = f" in {date_text}"
        elif r < 0.95:
            precision, date = Meeting.DatePrecision.YEAR, day.replace(month=1, day=1)
            date_text = f"{day.year}"
            date_phrase = f" in {date_text}"
        else:
            precision, date, date_text, date_phrase = Meeting.DatePrecision.UNKNOWN, None, "", ""

        participants = self._participants(n_participants) if n_participants else []
        countries: list[str] = []
        for i in participants:
            code = world.person_countries[i]
            if code is not None and code not in countries:
                countries.append(code)
        wanted = 2 if rng.random() < 0.9 else 3
        tries = 0
        while len(countries) < wanted and tries < 50:
            tries += 1
            code = self._country()
            if code not in countries:
                countries.append(code)

        r = rng.random()
        hosts = countries[:2]
        city, location = "", None
        if r < 0.65 and hosts:
            location = rng.choice(hosts) if len(hosts) > 1 and rng.random() < 0.4 else hosts[0]
            cities = CITIES.get(location)
            if cities:
                city = cities[0] if len(cities) == 1 or rng.random() < 0.85 else rng.choice(cities[1:])
        elif r < 0.80:
            city, location = _pick(rng, VENUES, self.venue_zipf)
        elif r < 0.90 and hosts:
            location = hosts[0]
        if location is not None and location not in world.country_text:
            city, location = "", None

        topics = self._topics(rng.choice((1, 1, 2, 2, 2, 3)))

        # The article: dateline, the sentences reporting the meeting (the evidence), then the quotes.
        text = _Text()
        source = _pick(rng, SOURCES, self.source_zipf)
        text.add(f"{source} ({published:%d/%m/%Y}): ")
        place = f" in {city}" if city else f" in {world.place(location)}" if location else ""
        names = [world.described(i) for i in participants]
        places = [world.place(c) for c in countries]
        if status == Meeting.Status.HELD:
            if len(names) >= 3:
                sentence = f"{_join(names)} met{place}{date_phrase}."
            elif len(names) == 2:
                verb = rng.choice(("met", "held talks with", "met with", "received"))
                sentence = f"{names[0]} {verb} {names[1]}{place}{date_phrase}."
            elif names:
                sentence = f"{names[0]} met a delegation from {places[-1]}{place}{date_phrase}."
            else:
                sentence = f"Officials from {_join(places)} met{place}{date_phrase}."
        else:
            if len(names) >= 2:
                if rng.random() < 0.5:
                    sentence = f"{names[0]} will meet {_join(names[1:])}{place}{date_phrase}."
                else:
                    sentence = (
                        f"{names[0]} is expected to hold talks with {_join(names[1:])}{place}{date_phrase}."
                    )
            elif names:
                sentence = f"{names[0]} is due to visit {places[-1]}{date_phrase} for talks{place}."
            else:
                sentence = f"Officials from {_join(places)} are due to meet{place}{date_phrase}."
        evidence = [list(text.add(_upper_first(sentence)))]
        if topics and rng.random() < 0.6:
            about = _join([world.topic_names[t] for t in topics])
            text.add(" ")
            if status == Meeting.Status.HELD:
                evidence.append(list(text.add(f"The talks focused on {about}.")))
            else:
                evidence.append(list(text.add(f"The agenda is expected to include {about}.")))
        text.add("\n")

        quotes: list[_QuoteSpec] = []
        for _ in range(n_quotes):
            if participants:
                speaker = participants[0] if rng.random() < 0.5 else rng.choice(participants)
                who, label = world.person_surnames[speaker], ""
            else:
                speaker = None
                label = "both sides" if rng.random() < 0.5 else f"the foreign ministry of {places[0]}"
                who = label
            quote_topics = self._topics(
                rng.choice((1, 1, 2)), first=rng.choice(topics) if topics and rng.random() < 0.85 else None
            )
            first_topic = quote_topics[0] if quote_topics else None
            style = rng.random()
            if style < 0.45:
                quoted = _upper_first(self._quote_text(first_topic, fragment=False))
                if rng.random() < 0.5:
                    text.add('"')
                    start, end = text.add(quoted)
                    text.add(f'," {who} said.')
                else:
                    text.add(f'{_upper_first(who)} said: "')
                    start, end = text.add(quoted)
                    text.add('."')
            else:
                quoted = self._quote_text(first_topic, fragment=True)
                lead = rng.choice(_FRAGMENT_LEADS)
                opening = f"According to a statement, {who}" if rng.random() < 0.2 else _upper_first(who)
                text.add(f'{opening} {lead} "')
                start, end = text.add(quoted)
                text.add('."')
            quotes.append(_QuoteSpec(quoted, start, end, speaker, label, quote_topics))
            text.add(f" {rng.choice(_FILLERS)}\n" if rng.random() < 0.25 else "\n")

        body = text.value()
        if participants:
            others = [world.person_surnames[i] for i in participants[1:]] or [f"{places[-1]} delegation"]
            title = f"{world.person_surnames[participants[0]]} meets {_join(others)}{place}"
        else:
            title = f"{_join(places)} hold talks"
        if topics:
            title += f" on {world.topic_names[topics[0]]}"
        if status == Meeting.Status.PLANNED:
            title = "Upcoming: " + title
        self.articles_made += 1
        n = self.articles_made
        article = Article(
            title=title[:500],
            source=source,
            url=f"https://news.example.org/{published:%Y/%m/%d}/{slugify(title)[:80]}-{self.salt}-{n}",
            filename=f"generated-{self.salt}-{n:07d}.txt",
            published=published,
            text=body,
            content_hash=hashlib.sha256(f"{self.salt}:{n}:{body}".encode()).hexdigest(),
            status=Article.Status.INGESTED,
            ingested_at=ingested_at,
        )
        meeting = Meeting(
            status=status,
            date=date,
            date_precision=precision,
            date_text=date_text,
            city=city,
            city_key=name_key(city),  # bulk_create does not call save(), which fills it
            location_country_id=location,
        )
        return _MeetingSpec(meeting, article, evidence, participants, countries, topics, quotes)


def _meetings_write(world: _World, specs: list[_MeetingSpec], counts: dict) -> None:
    """One batch of meetings and everything hanging from them, in one transaction."""
    with transaction.atomic():
        Article.objects.bulk_create([s.article for s in specs], batch_size=SQL_ROWS)
        Meeting.objects.bulk_create([s.meeting for s in specs], batch_size=SQL_ROWS)
        sources, participations, meeting_countries, meeting_topics, quotes = [], [], [], [], []
        CountryLink, TopicLink = Meeting.countries.through, Meeting.topics.through
        for s in specs:
            meeting_id, article_id = s.meeting.pk, s.article.pk
            sources.append(MeetingSource(meeting_id=meeting_id, article_id=article_id, evidence=s.evidence))
            for i in s.participants:
                code = world.person_countries[i]
                participations.append(
                    Participation(
                        meeting_id=meeting_id,
                        person_id=world.person_ids[i],
                        title=world.person_titles[i],
                        country_id=code,
                        organization=world.person_orgs[i],
                    )
                )
            meeting_countries.extend(CountryLink(meeting_id=meeting_id, country_id=c) for c in s.countries)
            meeting_topics.extend(
                TopicLink(meeting_id=meeting_id, topic_id=world.topic_ids[t]) for t in s.topics
            )
            for q in s.quotes:
                quotes.append(
                    Quote(
                        text=q.text,
                        speaker_id=None if q.speaker is None else world.person_ids[q.speaker],
                        speaker_label=q.speaker_label,
                        article_id=article_id,
                        meeting_id=meeting_id,
                        start=q.start,
                        end=q.end,
                    )
                )
        MeetingSource.objects.bulk_create(sources, batch_size=SQL_ROWS)
        Participation.objects.bulk_create(participations, batch_size=SQL_ROWS)
        CountryLink.objects.bulk_create(meeting_countries, batch_size=SQL_ROWS)
        TopicLink.objects.bulk_create(meeting_topics, batch_size=SQL_ROWS)
        Quote.objects.bulk_create(quotes, batch_size=SQL_ROWS)
        QuoteTopic = Quote.topics.through
        quote_topics = []
        specs_quotes = (q for s in specs for q in s.quotes)
        for quote, spec in zip(quotes, specs_quotes, strict=True):
            quote_topics.extend(
                QuoteTopic(quote_id=quote.pk, topic_id=world.topic_ids[t]) for t in spec.topics
            )
        QuoteTopic.objects.bulk_create(quote_topics, batch_size=SQL_ROWS)
    counts["articles"] += len(specs)
    counts["meetings"] += len(specs)
    counts["sources"] += len(sources)
    counts["participations"] += len(participations)
    counts["meeting_countries"] += len(meeting_countries)
    counts["meeting_topics"] += len(meeting_topics)
    counts["quotes"] += len(quotes)
    counts["quote_topics"] += len(quote_topics)
    # With DEBUG on, Django keeps every statement it ran; these are large.
    reset_queries()


def data_generate(
    *,
    meetings: int,
    people: int,
    participations: int,
    quotes: int,
    seed: int,
    years: int,
    batch: int,
    progress: Callable[[dict[str, int]], None] | None = None,
) -> dict[str, int]:
    """Add generated people, meetings, articles and quotes to the database; return the rows added.

    The totals of meetings, people, participations and quotes come out exactly as asked; each meeting
    has one article. ``progress`` is called with the running counts after each batch of meetings.
    """
    if min(meetings, people, participations, quotes) < 0 or years < 1 or batch < 1:
        raise ValueError("sizes must not be negative; years and batch must be at least 1")
    if participations > meetings * people:
        raise ValueError(
            f"{participations} participations need more than {meetings} meetings x {people} people"
        )
    if quotes and not meetings:
        raise ValueError("quotes need meetings")

    rng = random.Random(seed)
    counts = dict.fromkeys(
        (
            "people",
            "aliases",
            "articles",
            "meetings",
            "sources",
            "participations",
            "meeting_countries",
            "meeting_topics",
            "quotes",
            "quote_topics",
        ),
        0,
    )
    world = _world_load(rng)
    _people_create(rng, world, people=people, batch=batch, counts=counts)
    generator = _Generator(rng, world, years=years, salt=uuid.uuid4().hex[:12])

    per_meeting = math.ceil(participations / meetings) if meetings else 0
    most_participants = min(people, max(4, per_meeting + 1))
    most_quotes = max(12, 2 * math.ceil(quotes / meetings)) if meetings else 0
    parts_left, quotes_left = participations, quotes
    for offset in range(0, meetings, batch):
        ingested_at = timezone.now()
        specs = []
        for m in range(offset, min(offset + batch, meetings)):
            slots = meetings - m
            n_participants = _share(rng, parts_left, slots, most_participants, (-1, 0, 0, 1), least=2)
            n_quotes = _share(rng, quotes_left, slots, most_quotes, (-2, -1, 0, 0, 1, 2))
            parts_left -= n_participants
            quotes_left -= n_quotes
            specs.append(
                generator.meeting(n_participants=n_participants, n_quotes=n_quotes, ingested_at=ingested_at)
            )
        _meetings_write(world, specs, counts)
        if progress is not None:
            progress(dict(counts))
    data_changed()  # the cached counts and pages must see the new rows
    return counts
