"""Refugees, asylum-seekers and other people in need of international protection, 2000-2025.

A snapshot shipped with goodsgov (``goodsgov/data/observed/refugees.csv.gz``,
rebuilt by ``tools/build_observed_refugees.py``): end-of-year stocks by
country of origin x country of asylum x year, from the UNHCR Refugee
Population Statistics Database as packaged by UNHCR in the R package
``refugees`` 2025.12.1 (github.com/PopulationStatistics/refugees, commit
0c16a6d, CC BY 4.0). Attribution: "Source: UNHCR Refugee Population
Statistics Database (Refugee Data Finder), https://www.unhcr.org/refugee-statistics/".

* ``refugees``: refugees under UNHCR's mandate (Palestine refugees under
  UNRWA's mandate are not included);
* ``asylum_seekers``: people whose claim has not yet been decided;
* ``other_in_need``: other people in need of international protection
  (a category UNHCR reports from 2018 on; 0 before).

Codes are ISO3 as UNHCR gives them. Countries of asylum are the 193 UN
member states (rows of territories dropped, see SOURCES.md); countries of
origin also include non-members and UNHCR's own codes, e.g. ``PSE``
(Palestinian), ``ESH``, ``HKG``, ``TIB`` (Tibetan), ``XXA`` (stateless),
``UNK`` (unknown). Only pairs with a non-zero count are stored.

>>> from goodsgov.observed import refugees, hosted
>>> syria_2015 = refugees(2015, origin="SYR")
>>> int(syria_2015.set_index("asylum").loc["TUR", "refugees"]) > 2_000_000
True
>>> int(hosted(2024).loc["DEU"]) > 0, len(hosted(2024))
(True, 193)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from numbers import Integral
from typing import Union

import numpy as np
import pandas as pd

from .. import _checks
from .shipped import read_shipped
from ..errors import did_you_mean

__all__ = ["FIRST_YEAR", "LAST_YEAR", "COLUMNS", "COUNTS", "DATASETS", "refugees", "hosted"]

#: First and last year in the shipped data (end-of-year stocks).
FIRST_YEAR: int = 2000
LAST_YEAR: int = 2025

#: Columns of :func:`refugees`, in order; :data:`COUNTS` are the counts among them.
COLUMNS: tuple[str, ...] = ("year", "origin", "asylum", "refugees", "asylum_seekers",
                            "other_in_need")
COUNTS: tuple[str, ...] = ("refugees", "asylum_seekers", "other_in_need")

#: Origin codes that are not UN member states (UNHCR's codes; ISO 3166 except TIB, UNK, XXA).
NON_MEMBER_ORIGINS: dict[str, str] = {
    "ABW": "Aruba", "AIA": "Anguilla", "BMU": "Bermuda", "COK": "Cook Islands",
    "CUW": "Curacao", "CYM": "Cayman Islands", "ESH": "Western Sahara", "GIB": "Gibraltar",
    "GLP": "Guadeloupe", "GUF": "French Guiana", "HKG": "China, Hong Kong SAR",
    "MAC": "China, Macao SAR", "MTQ": "Martinique", "NCL": "New Caledonia", "NIU": "Niue",
    "PRI": "Puerto Rico", "PSE": "Palestinian", "PYF": "French Polynesia",
    "TCA": "Turks and Caicos Islands", "TIB": "Tibetan (UNHCR code)",
    "UNK": "Unknown (UNHCR code)", "VAT": "Holy See", "VGB": "British Virgin Islands",
    "XXA": "Stateless (ISO/ICAO travel-document code)",
}

#: One entry, for :func:`goodsgov.observed.catalogue`.
DATASETS: list[dict] = [{
    "name": "unhcr_refugees", "area": "refugee_protection",
    "description": "End-of-year refugees under UNHCR's mandate, asylum-seekers and other people "
                   "in need of international protection, by year (2000-2025) x origin x asylum "
                   "(193 UN member states); non-zero pairs",
    "source": "UNHCR Refugee Population Statistics Database (Refugee Data Finder), "
              "R package refugees (github.com/PopulationStatistics/refugees)",
    "version": "refugees 2025.12.1, commit 0c16a6d0c2f3 (2026-06-25)",
    "licence": "CC BY 4.0",
    "records": 116243,
}]

Years = Union[int, Iterable[int], None]
Codes = Union[str, Iterable[str], None]


@functools.lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    """The shipped file, read once (never handed out: callers get copies)."""
    df = read_shipped("refugees.csv.gz", dtype={"year": "int64", "origin": str, "asylum": str,
                                                "refugees": "int64", "asylum_seekers": "int64",
                                                "other_in_need": "int64"})
    return df[list(COLUMNS)]


@functools.lru_cache(maxsize=1)
def _members() -> tuple[tuple[str, ...], dict[str, str]]:
    """ISO3 codes (sorted) and names of the 193 UN member states."""
    from .. import world
    names = world.countries()["name"].sort_index()
    return tuple(names.index), dict(names)


def _years(year: Years) -> list[int] | None:
    allowed = f"must be a year (integer) in {FIRST_YEAR}-{LAST_YEAR}, an iterable of them, or None"
    if year is None:
        return None
    items = [year] if isinstance(year, (Integral, str, bytes)) else year
    try:
        items = list(items)
    except TypeError:
        raise _checks.invalid("year", year, allowed) from None
    if not items:
        raise _checks.invalid("year", year, allowed)
    for item in items:
        if isinstance(item, bool) or not isinstance(item, Integral) \
                or not FIRST_YEAR <= int(item) <= LAST_YEAR:
            raise _checks.invalid("year", item if len(items) > 1 else year, allowed)
    return sorted({int(y) for y in items})


def _codes(field: str, value: Codes, options: Iterable[str], what: str) -> list[str] | None:
    if value is None:
        return None
    options = set(options)
    items = [value] if isinstance(value, str) else value
    try:
        items = list(items)
    except TypeError:
        raise _checks.invalid(field, value, f"must be {what}, an iterable of them, or None") \
            from None
    if not items:
        raise _checks.invalid(field, value, f"must be {what}, an iterable of them, or None")
    out = []
    for item in items:
        if isinstance(item, str) and item.strip().upper() in options:
            out.append(item.strip().upper())
            continue
        hint = did_you_mean(item, options, _members()[1]) if isinstance(item, str) else ""
        raise _checks.invalid(field, item, f"must be {what}" + hint)
    return sorted(set(out))


def refugees(year: Years = None, origin: Codes = None, asylum: Codes = None) -> pd.DataFrame:
    """Stocks by ``year`` x ``origin`` x ``asylum`` (UNHCR Refugee Population Statistics Database).

    Each argument filters the rows: ``year`` an int in 2000-2025 or an
    iterable of them; ``origin`` an ISO3 code as UNHCR gives it (a member
    state, or one of :data:`NON_MEMBER_ORIGINS`) or an iterable of them;
    ``asylum`` the ISO3 code of a UN member state or an iterable of them
    (case-insensitive). ``None`` keeps all. Returns a new long-format frame
    with columns :data:`COLUMNS` (int64 counts), sorted by year, origin,
    asylum; pairs with no one in any category are not rows.

    >>> t = refugees([2023, 2024], origin="UKR", asylum=["POL", "DEU"])
    >>> t[["year", "asylum"]].values.tolist()
    [[2023, 'DEU'], [2023, 'POL'], [2024, 'DEU'], [2024, 'POL']]
    """
    years = _years(year)
    table = _table()
    origins = _codes("origin", origin, table["origin"].unique(),
                     "an ISO3 code of a country of origin in the UNHCR data "
                     "(a UN member state, or e.g. PSE, XXA stateless, UNK unknown)")
    asylums = _codes("asylum", asylum, _members()[0],
                     "the ISO3 code of a UN member state (country of asylum)")
    keep = np.ones(len(table), dtype=bool)
    if years is not None:
        keep &= table["year"].isin(years).to_numpy()
    if origins is not None:
        keep &= table["origin"].isin(origins).to_numpy()
    if asylums is not None:
        keep &= table["asylum"].isin(asylums).to_numpy()
    return table[keep].reset_index(drop=True)


def hosted(year: int) -> pd.Series:
    """Refugees + asylum-seekers + other people in need hosted by each UN member state in ``year``.

    A new int64 Series indexed by ISO3 (``iso3``, the 193 members, sorted),
    0 where UNHCR reports no one (UNHCR Refugee Population Statistics Database).

    >>> s = hosted(2015)
    >>> s.name, s.index.name, bool((s >= 0).all())
    ('hosted', 'iso3', True)
    """
    if isinstance(year, bool) or not isinstance(year, Integral):
        raise _checks.invalid("year", year, f"must be a year (integer) in {FIRST_YEAR}-{LAST_YEAR}")
    rows = refugees(int(year))
    total = rows.groupby("asylum")[list(COUNTS)].sum().sum(axis=1)
    index = pd.Index(_members()[0], name="iso3")
    return total.reindex(index, fill_value=0).astype("int64").rename("hosted")
