"""Refugee protection from UNHCR data: who hosts whom, and whose protection reaches whom.

Built only from the shipped UNHCR Refugee Population Statistics Database
(end-of-year stocks by origin x asylum, read through
:mod:`goodsgov.observed.displacement`; CC BY 4.0. "Source: UNHCR Refugee
Population Statistics Database (Refugee Data Finder),
https://www.unhcr.org/refugee-statistics/") and the land borders of
:mod:`goodsgov.world` (GeoNames).

**Who is protected** (``kind``): ``"refugees"`` (refugees under UNHCR's
mandate plus asylum-seekers), ``"other_in_need"`` (UNHCR's "other people
in need of international protection", reported from 2018) or ``"all"``
(the three together, as :func:`goodsgov.observed.hosted`).

**Benefit domain** (:func:`displacement_domain`). Protection given by
state *j* reaches state *i* when the two face the same displacement: if
*j* stops protecting people from an origin, they move on (secondary
movement) to the other states that host people from that origin and to
the states on the routes out of it (Betts 2009, *Protection by
Persuasion*; Suhrke 1998, "Burden-sharing during refugee emergencies",
*Journal of Refugee Studies* 11(4): 396-415). Each state's **exposure**
to origin *o*, in people, is::

    x[i, o] = hosted[i, o] + route * border[i, o] * outflow[o] / k[o]

``hosted[i, o]``: people from *o* that *i* hosts; ``outflow[o]``: people
from *o* hosted anywhere; ``k[o]``: *o*'s land neighbours among the UN
member states, ``border[i, o]`` whether *i* is one of them. The second
term puts the first states on the route out of *o* (its land neighbours)
in its domain: ``route`` is the share of *o*'s displaced counted as
crossing one of its land borders, split evenly over them (UNHCR's data
record where people are, not the way they came; sea and air routes are
not modelled). ``route=1`` (default, a modelling choice) counts every
displaced person once as having crossed a land border; ``route=0`` keeps
only the shared caseloads observed. Origins that are not UN member
states (e.g. ``PSE``, ``XXA`` stateless) are caseloads without a route;
``UNK`` (origin unknown) is left out of the exposure, since two states
hosting people of unknown origin need not host people from the same place.

The domain is the similarity of the exposure profiles, by default the
**overlap** of the shares ``a[i, o] = x[i, o] / sum_o x[i, o]`` (the
percentage similarity of Czekanowski 1909 and Renkonen 1938)::

    overlap[i, j] = sum_o min(a[i, o], a[j, o])        in [0, 1]

the share of their exposure that comes from the same origins, or the
**cosine** of the two exposure vectors (``measure="cosine"``). Then
``D[i, j] = max(floor, overlap[i, j])`` off the diagonal and 1 on it:
``floor`` is the non-excludable share every state values whoever is
protected and wherever (norms, rights: Betts 2010's "benefits accrue to all
States, to some extent"). Each entry depends on the two states alone, so
the matrix of a selection is the submatrix of the world's.

>>> import goodsgov.calibration as cal
>>> d = cal.displacement_domain(["TUR", "LBN", "JOR", "PER"], year=2024)
>>> bool(d[1, 2] > d[0, 3]), d.diagonal().tolist()
(True, [1.0, 1.0, 1.0, 1.0])
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from numbers import Integral
from types import MappingProxyType

import numpy as np
import pandas as pd

from .. import _checks, world
from ..errors import unknown_choice
from ..observed import displacement as unhcr
from ._common import codes as _codes
from ._common import unit_share

__all__ = ["KINDS", "MEASURES", "UNKNOWN_ORIGIN", "displacement_domain", "exposure", "hosting",
           "hosting_shares", "first_year"]

#: kind -> the UNHCR counts it sums (columns of :func:`goodsgov.observed.refugees`).
KINDS = MappingProxyType({"refugees": ("refugees", "asylum_seekers"),
                          "other_in_need": ("other_in_need",),
                          "all": unhcr.COUNTS})

#: Similarity measures of two exposure profiles (see the module docstring).
MEASURES: tuple[str, ...] = ("overlap", "cosine")

#: UNHCR's code for an unknown origin, left out of the exposure profiles.
UNKNOWN_ORIGIN = "UNK"


def _kind(kind: object) -> str:
    if not isinstance(kind, str) or kind not in KINDS:
        raise unknown_choice("kind", kind, KINDS)
    return kind


@functools.cache
def first_year(kind: str = "refugees") -> int:
    """The first year in which UNHCR's data count anyone of ``kind``.

    >>> first_year("refugees"), first_year("other_in_need")
    (2000, 2018)
    """
    cols = list(KINDS[_kind(kind)])
    t = unhcr.refugees()
    return int(t.loc[t[cols].sum(axis=1) > 0, "year"].min())


def _year(kind: str, year: object) -> int:
    """``year`` checked against the data for ``kind`` (None: the latest year)."""
    last = unhcr.LAST_YEAR
    if year is None:
        return last
    first = first_year(kind)
    if isinstance(year, (bool, np.bool_)) or not isinstance(year, Integral) \
            or not first <= int(year) <= last:
        extra = f" (UNHCR reports {kind!r} from {first} on)" if first > unhcr.FIRST_YEAR else ""
        raise _checks.invalid("year", year, f"must be a year (integer) in {first}-{last} "
                              f"for kind={kind!r}, or None for {last}{extra}")
    return int(year)


@functools.lru_cache(maxsize=64)
def _stocks(kind: str, year: int) -> pd.DataFrame:
    """People of ``kind`` by asylum (the 193 members, sorted) x origin (sorted), int64."""
    rows = unhcr.refugees(year)
    people = rows[list(KINDS[kind])].sum(axis=1)
    table = (pd.DataFrame({"asylum": rows["asylum"], "origin": rows["origin"], "n": people})
             .pivot_table(index="asylum", columns="origin", values="n", aggfunc="sum",
                          fill_value=0))
    members = world.countries().index
    table = table.reindex(index=members, fill_value=0).sort_index(axis=1)
    return table.astype("int64")


@functools.lru_cache(maxsize=64)
def _exposure(kind: str, year: int, route: float) -> pd.DataFrame:
    """:func:`exposure` of all 193 members (cached; callers get copies)."""
    stocks = _stocks(kind, year)
    out = stocks.drop(columns=[UNKNOWN_ORIGIN], errors="ignore").astype(float)
    if route > 0:
        table = world.countries()
        outflow = stocks.sum(axis=0)
        for origin in out.columns:
            if origin not in table.index or outflow[origin] == 0:
                continue
            nbs = table.at[origin, "neighbours"]
            if nbs:
                out.loc[list(nbs), origin] += route * float(outflow[origin]) / len(nbs)
    return out


def exposure(codes: Sequence[str] | None = None, kind: str = "refugees", year: int | None = None,
             *, route: float = 1.0) -> pd.DataFrame:
    """Each state's exposure to each country of origin, in people (module docstring).

    Rows: ``codes`` in the order given (None: all 193); columns: the
    origins in UNHCR's data for that year (ISO3 or UNHCR codes, ``UNK``
    left out). Hosted people plus ``route`` times the origin's outflow
    shared among its land neighbours.

    >>> x = exposure(["TUR", "JPN"], year=2024, route=0.0)
    >>> bool(x.loc["TUR", "SYR"] > 1e6), float(x.loc["JPN"].sum()) < float(x.loc["TUR"].sum())
    (True, True)
    """
    kind = _kind(kind)
    selected = _codes(codes)
    route = unit_share("route", route)
    frame = _exposure(kind, _year(kind, year), route).loc[selected].copy()
    frame.index.name, frame.columns.name = "iso3", "origin"
    return frame


def hosting(codes: Sequence[str] | None = None, kind: str = "refugees",
            year: int | None = None) -> pd.Series:
    """People of ``kind`` hosted by each state at the end of ``year`` (UNHCR), in persons.

    An int64 Series indexed by ``codes`` in the order given (None: all 193;
    index name ``iso3``, Series name the kind). **0 means none recorded**:
    UNHCR's data hold no one of that kind for that state and year, which is
    not evidence that no one is there (15 member states have no record in
    any year, see ``goodsgov/data/observed/SOURCES.md``). ``year`` None: the
    latest year in the data.

    >>> h = hosting(["DEU", "TUV"], year=2024)
    >>> bool(h["DEU"] > 1_000_000), int(h["TUV"]), h.name
    (True, 0, 'refugees')
    """
    kind = _kind(kind)
    selected = _codes(codes)
    stocks = _stocks(kind, _year(kind, year))
    out = stocks.sum(axis=1).loc[selected].astype("int64").rename(kind)
    out.index.name = "iso3"
    return out


def hosting_shares(codes: Sequence[str] | None = None, kind: str = "refugees",
                   year: int | None = None, *, per_person: str | None = None) -> pd.Series:
    """Each state's share of the hosting among ``codes``: the actual burden, to set against
    Lindahl shares or a distribution key (:func:`goodsgov.burden.burden_sharing`).

    ``per_person``: what one hosted person costs the host. None (default):
    the same everywhere, so the shares are shares of the people hosted;
    ``"gdp_per_capita"``: proportional to the host's GDP per capita (hosting
    costs more where incomes and prices are higher; Natural Earth GDP, UN
    WPP population), an assumption to state when used; a state without GDP
    is then an error naming it. Sums to 1; an error if no one is hosted.

    >>> s = hosting_shares(["TUR", "DEU", "FRA"], year=2024)
    >>> round(float(s.sum()), 12), s.idxmax()
    (1.0, 'DEU')
    """
    people = hosting(codes, kind, year).astype(float)
    if per_person is not None:
        if per_person != "gdp_per_capita":
            raise unknown_choice("per_person", per_person, ["gdp_per_capita"])
        table = world.countries(list(people.index))
        lost = table.index[table["gdp"].isna()].tolist()
        if lost:
            raise _checks.invalid("per_person", per_person, "needs the GDP of every state; "
                                  "none is shipped for " + ", ".join(lost))
        people = people * (table["gdp"] / table["population"])
    total = float(people.sum())
    if not total > 0:
        raise _checks.invalid("codes", list(people.index)[:12], f"host no one of kind "
                              f"{kind!r} in the data for that year, so there are no shares")
    return (people / total).rename("hosting_share")


@functools.lru_cache(maxsize=16)
def _similarity(selected: tuple[str, ...], kind: str, year: int, route: float,
                measure: str) -> np.ndarray:
    """The similarity of the exposure profiles (before the floor; read-only: it is
    cached, since an estimation asks for the same one at every value of the floor)."""
    x = _exposure(kind, year, route).loc[list(selected)].to_numpy(dtype=float)
    if measure == "overlap":
        total = x.sum(axis=1, keepdims=True)
        a = np.divide(x, total, out=np.zeros_like(x), where=total > 0)
        sim = np.zeros((len(selected), len(selected)))
        for col in a.T[np.any(a.T > 0, axis=1)]:
            sim += np.minimum.outer(col, col)
    else:
        norm = np.sqrt((x * x).sum(axis=1, keepdims=True))
        u = np.divide(x, norm, out=np.zeros_like(x), where=norm > 0)
        sim = u @ u.T
    sim = np.clip((sim + sim.T) / 2.0, 0.0, 1.0)
    sim.setflags(write=False)
    return sim


def displacement_domain(codes: Sequence[str], kind: str = "refugees", year: int | None = None,
                        *, floor: float = 0.0, route: float = 1.0,
                        measure: str = "overlap") -> np.ndarray:
    """The benefit domain of refugee protection among ``codes``: an n x n array in [0, 1].

    ``D[i, j]``: the share of state *j*'s protection that reaches state *i*,
    ``max(floor, similarity of their exposure profiles)`` off the diagonal,
    1 on it (module docstring). Symmetric. ``kind``: ``"refugees"``
    (refugees + asylum-seekers, default), ``"other_in_need"`` or ``"all"``;
    ``year``: end of year, None for the latest in the data; ``floor``: the
    non-excludable share every state values (default 0: only shared
    displacement links states); ``route``: weight of the route term
    (default 1); ``measure``: ``"overlap"`` (default) or ``"cosine"``.
    Ordered as ``codes``; a state with no exposure reaches others by
    ``floor`` only.

    >>> d = displacement_domain(["POL", "DEU", "BRA"], year=2024, floor=0.1)
    >>> bool(d[0, 1] > d[0, 2] >= 0.1), bool((d == d.T).all())
    (True, True)
    """
    kind = _kind(kind)
    selected = _codes(codes)
    floor = unit_share("floor", floor)
    route = unit_share("route", route)
    if not isinstance(measure, str) or measure not in MEASURES:
        raise unknown_choice("measure", measure, MEASURES)
    sim = _similarity(tuple(selected), kind, _year(kind, year), route, measure)
    out = np.maximum(floor, sim)
    np.fill_diagonal(out, 1.0)
    return out

