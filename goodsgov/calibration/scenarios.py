"""The three migration areas on the world's states, with every primitive from data.

:func:`calibrated_scenario` builds Betts's (2010) good of an area (the
canonical constructor's excludability and rivalry, unchanged) on the UN
member states, with an explicit benefit domain (``D = N = reach``) and
state parameters read from shipped data:

* **benefit weight** (how much a unit of the good reaching the state is
  worth to it): ``basis_i ** benefit_exponent``, the basis the population
  (persons; refugee protection and irregular migration: the good serves
  people) or the GDP (US dollars; skilled labour: an economic gain), for
  refugee protection times ``(1 + hosted_i / population_i) ** hosting``:
  a host's stake in everyone else's protection grows with the share of its
  population it hosts (Thielemann 2003, "Between interests and norms:
  explaining burden-sharing in the European Union", *Journal of Refugee
  Studies* 16(3): 253-273);
* **cost curvature**: ``gdp_i ** -cost_exponent``. With the default 1 a
  unit of provision costs every state the same money and weighs on it in
  inverse proportion to its economy: the ability-to-pay principle
  (Musgrave 1959, *The Theory of Public Finance*), which is also the basis
  of the UN scale of assessments; 0 gives equal costs;
* **capacity**: ``capacity * gdp_i`` (default ``inf``: no budget beyond
  the rising cost);
* **private benefit** of own provision: ``private_benefit`` for every
  state (default 0.1, the canonical scenarios' value: a modelling choice,
  no data measure it).

Benefit, cost and capacity are scaled to mean 1 over the selected states
(unit free, as :func:`goodsgov.world.states`). Regions are UN M49
sub-regions. The domain: :func:`~goodsgov.calibration.displacement_domain`
(refugee protection), :func:`~goodsgov.calibration.border_domain`
(irregular migration) or :func:`~goodsgov.calibration.exchange_domain`
(skilled labour); partners: none, land neighbours, and each state's best
exchange (:func:`~goodsgov.calibration.exchange_partners`). Every mapping
parameter is a keyword (:func:`mapping_defaults` lists them with their
meaning); the defaults are modelling choices, none fitted to an outcome
(:func:`goodsgov.estimate` fits the free ones).

>>> import goodsgov.calibration as cal
>>> s = cal.calibrated_scenario("irregular_migration", codes=["FRA", "ESP", "DEU", "JPN"])
>>> s.reach_explicit, s.names, float(s.reach[0, 1])
(True, ('FRA', 'ESP', 'DEU', 'JPN'), 1.0)
"""

from __future__ import annotations

import functools
import math
from types import MappingProxyType

import numpy as np
import pandas as pd

from .. import _checks, world
from ..errors import did_you_mean, unknown_choice
from ..goods import BETTS_GOODS
from ..scenario import Scenario
from ..states import State
from ._common import exponent, unit_share
from .borders import border_domain
from .indicators import indicators
from .labour import exchange_domain, exchange_partners, roles
from .refugees import displacement_domain

__all__ = ["AREAS", "MAPPINGS", "mapping_defaults", "calibrated_states", "calibrated_scenario",
           "calibrated_table"]

_COMMON = {
    "codes": (None, "ISO3 codes of the states (None: all 193 UN member states)", ""),
    "missing": ("income_group", "what to do with a state without GDP (indicators())", ""),
    "regions": ("subregion", "UN M49 grouping used as each state's region", ""),
    "benefit_exponent": (1.0, "elasticity of the benefit weight in its basis", ""),
    "cost_exponent": (1.0, "cost curvature = gdp ** -cost_exponent (0: equal costs)", ""),
    "capacity": (math.inf, "capacity = capacity * gdp / mean gdp (inf: no budget)",
                 "units of provision"),
    "private_benefit": (0.1, "private benefit of own provision, every state", "benefit units"),
    "floor": (0.0, "non-excludable share of the domain every state receives", "share"),
}

#: area -> keyword -> (default, meaning, unit): every mapping parameter of the calibrated areas.
MAPPINGS = MappingProxyType({
    "refugee_protection": MappingProxyType({
        **_COMMON, "benefit": ("population", "basis of the benefit weight", "persons"),
        "hosting": (1.0, "benefit *= (1 + hosted / population) ** hosting", ""),
        "kind": ("refugees", "UNHCR people counted: refugees, other_in_need or all", ""),
        "year": (None, "UNHCR end-of-year stocks (None: latest)", "year"),
        "route": (1.0, "share of an origin's displaced counted on its land neighbours' routes",
                  "share"),
        "measure": ("overlap", "similarity of exposure profiles: overlap or cosine", "")}),
    "irregular_migration": MappingProxyType({
        **_COMMON, "benefit": ("population", "basis of the benefit weight", "persons"),
        "scale": (None, "distance at which reach falls to 1/e (None: median neighbour distance)",
                  "km"),
        "border": (1.0, "reach of a land neighbour's control", "share")}),
    "skilled_labour": MappingProxyType({
        **_COMMON, "benefit": ("gdp", "basis of the benefit weight", "US dollars"),
        "rule": ("income_group", "sending/receiving rule (None: any pair exchanges)", ""),
        "gap": (1.0, "elasticity of exchange gains in the log income gap", ""),
        "mass": (1.0, "elasticity of exchange gains in the GDP product", ""),
        "distance": (1.0, "elasticity of exchange gains in distance (divides)", ""),
        "k": (1, "exchanges with the largest gains kept as each state's partners", "")}),
})

#: The areas that can be calibrated.
AREAS: tuple[str, ...] = tuple(MAPPINGS)

_BASES = ("population", "gdp")


def _area(area: object) -> str:
    if not isinstance(area, str) or area not in MAPPINGS:
        raise unknown_choice("area", area, AREAS)
    return area


def mapping_defaults(area: str) -> pd.DataFrame:
    """The mapping keywords of ``area``: ``name``, ``default``, ``meaning``, ``unit``.

    >>> t = mapping_defaults("skilled_labour").set_index("name")
    >>> t.loc["distance", "default"], t.loc["floor", "unit"]
    (1.0, 'share')
    """
    rows = [{"name": k, "default": v[0], "meaning": v[1], "unit": v[2]}
            for k, v in MAPPINGS[_area(area)].items()]
    return pd.DataFrame(rows, columns=["name", "default", "meaning", "unit"])


def _options(area: str, mapping: dict) -> dict:
    allowed = MAPPINGS[area]
    for key, value in mapping.items():
        if key not in allowed:
            raise _checks.invalid(key, _checks.brief(value), f"is not a mapping keyword "
                                  f"of {area!r}; keywords: " + ", ".join(allowed)
                                  + did_you_mean(key, allowed))
    return {k: mapping.get(k, v[0]) for k, v in allowed.items()}


def _scaled(values: np.ndarray) -> np.ndarray:
    finite = values[np.isfinite(values)]
    mean = float(finite.mean()) if finite.size else 0.0
    return values / mean if mean > 0 else values


def calibrated_table(area: str, **mapping) -> pd.DataFrame:
    """The data behind each state of :func:`calibrated_states` and the parameters made from them.

    Indexed by ISO3 (``iso3``): the :func:`~goodsgov.calibration.indicators`
    columns, ``role`` (:func:`~goodsgov.calibration.roles`, by the area's
    ``rule``, else by income group), then ``benefit``, ``cost``,
    ``capacity``, ``private_benefit`` and ``region``.

    >>> t = calibrated_table("refugee_protection", codes=["LBN", "DEU"])
    >>> bool(t.loc["LBN", "hosted"] > 0), round(float(t["benefit"].mean()), 12)
    (True, 1.0)
    """
    area = _area(area)
    o = _options(area, mapping)
    kind = o.get("kind", "refugees")
    t = indicators(o["codes"], missing=o["missing"], kind=kind, year=o.get("year"))
    alpha = exponent("benefit_exponent", o["benefit_exponent"])
    beta = exponent("cost_exponent", o["cost_exponent"])
    if o["benefit"] not in _BASES:
        raise unknown_choice("benefit", o["benefit"], _BASES)
    basis = t[o["benefit"]].to_numpy(dtype=float)
    benefit = basis ** alpha
    if area == "refugee_protection":
        delta = exponent("hosting", o["hosting"])
        pop = t["population"].to_numpy(dtype=float)
        benefit = benefit * (1.0 + t["hosted"].to_numpy(dtype=float) / pop) ** delta
    gdp = t["gdp"].to_numpy(dtype=float)
    capacity = _checks.real("capacity", o["capacity"], low=0.0, allow_inf=True)
    cap = np.full(len(t), math.inf) if math.isinf(capacity) else capacity * _scaled(gdp)
    out = t.copy()
    rule = o.get("rule") or "income_group"
    out["role"] = roles(list(t.index), rule, missing=o["missing"]).to_numpy()
    out["benefit"] = _scaled(benefit)
    out["cost"] = _scaled(gdp ** -beta)
    out["capacity"] = cap
    out["private_benefit"] = _checks.real("private_benefit", o["private_benefit"])
    regions = o["regions"]
    if regions not in world.GROUPINGS:
        raise unknown_choice("regions", regions, world.GROUPINGS)
    labels = world.countries(list(t.index))[regions]
    if regions == "intermediate_region":
        labels = labels.where(labels != "", world.countries(list(t.index))["subregion"])
    out["region"] = labels.to_numpy()
    return out


def _partners(area: str, o: dict, codes: list[str]) -> dict[str, tuple[str, ...]]:
    if area == "irregular_migration":
        nb = world.neighbours_matrix(codes).to_numpy()
        return {c: tuple(codes[j] for j in np.flatnonzero(nb[i])) for i, c in enumerate(codes)}
    if area == "skilled_labour":
        return exchange_partners(codes, k=o["k"], **_gains(o))
    return {c: () for c in codes}


def _gains(o: dict) -> dict:
    return {"rule": o["rule"], "gap": o["gap"], "mass": o["mass"], "distance": o["distance"],
            "missing": o["missing"]}


def calibrated_states(area: str, **mapping) -> tuple[State, ...]:
    """The states of ``area`` with parameters from data (module docstring), in code order.

    ``mapping``: the keywords of :func:`mapping_defaults`; an unknown one is
    an error naming the allowed keywords.

    >>> s = calibrated_states("skilled_labour", codes=["USA", "MEX", "CAN"])
    >>> [(x.name, x.partners) for x in s]
    [('USA', ('MEX',)), ('MEX', ('USA', 'CAN')), ('CAN', ('MEX',))]
    """
    area = _area(area)
    _options(area, mapping)
    # the floor shapes only the domain: an estimation asks for the same states at every floor
    key = tuple(sorted((k, tuple(v) if isinstance(v, (list, np.ndarray, pd.Index)) else v)
                       for k, v in mapping.items() if k != "floor"))
    try:
        return _states(area, key)
    except TypeError:            # an unhashable value: build without the cache
        return _build_states(area, mapping)


@functools.lru_cache(maxsize=32)
def _states(area: str, key: tuple) -> tuple[State, ...]:
    return _build_states(area, {k: list(v) if isinstance(v, tuple) else v for k, v in key})


def _build_states(area: str, mapping: dict) -> tuple[State, ...]:
    o = _options(area, mapping)
    table = calibrated_table(area, **mapping)
    codes = list(table.index)
    partners = _partners(area, o, codes)
    role = {c: v if isinstance(v, str) else None for c, v in zip(codes, table["role"].tolist())}
    return tuple(State(name=c, region=str(r["region"]), benefit=float(r["benefit"]),
                       cost=float(r["cost"]), capacity=float(r["capacity"]),
                       private_benefit=float(r["private_benefit"]), partners=partners[c],
                       role=role[c], hosting=float(r["hosted"]) if area == "refugee_protection" else 0.0)
                 for c, r in table.iterrows())


def _domain(area: str, o: dict, codes: list[str]) -> np.ndarray:
    floor = unit_share("floor", o["floor"])
    if area == "refugee_protection":
        return displacement_domain(codes, o["kind"], o["year"], floor=floor, route=o["route"],
                                   measure=o["measure"])
    if area == "irregular_migration":
        return border_domain(codes, scale=o["scale"], border=o["border"], floor=floor)
    return exchange_domain(codes, floor=floor, **_gains(o))


def calibrated_scenario(area: str, **mapping) -> Scenario:
    """The :class:`goodsgov.Scenario` of ``area`` on the world's states, primitives from data.

    The good is Betts's (:data:`goodsgov.goods.BETTS_GOODS`, the defaults of
    :func:`goodsgov.refugee_protection`, :func:`~goodsgov.irregular_migration`,
    :func:`~goodsgov.skilled_labour`);
    the states are :func:`calibrated_states`; the benefit domain is explicit
    (``D = N = reach``, module docstring). ``mapping``: the keywords of
    :func:`mapping_defaults`.

    >>> s = calibrated_scenario("refugee_protection", codes=["TUR", "LBN", "PER"], floor=0.1)
    >>> s.good.good_type.value, round(float(s.reach[2, 0]), 2)
    ('public', 0.1)
    """
    area = _area(area)
    o = _options(area, mapping)
    states = calibrated_states(area, **mapping)
    codes = [s.name for s in states]
    reach = _domain(area, o, codes)
    return Scenario(good=BETTS_GOODS[area], states=states, reach=reach, name=area)
