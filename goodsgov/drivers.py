"""Futures over time: the drivers that move a scenario from year to year (:func:`goodsgov.futures`).

Betts (2010) names the drivers of migration's futures: growing survival
migration (environmental change, state fragility), demographic
disparities, new destinations. No population or displacement projection
ships with goodsgov, so the drivers are yearly growth rates the user sets
(:data:`DRIVERS`; the defaults are illustrative, not projections),
compounded from :data:`BASE_YEAR`:

* ``growth``: of the survival migrants hosted. On survival migration's data
  domain it scales the people hosted in the hosting weights
  (:func:`goodsgov.survival_migration`); elsewhere every benefit weight and
  private benefit alike (no level and no share moves under that scale);
* ``population``: one rate, or a mapping region -> rate; it scales the
  benefit weights (and the population behind the hosting weights);
* new destinations are not modelled: nothing observed says where.

A rate is a number, one number per year, or a frozen ``scipy.stats``
distribution drawn once a year with the seeded generator.

>>> [p["hosted"] for p in schedule({"growth": 0.1}, [2025, 2027], None)][1] == 1.1 ** (2027 - BASE_YEAR)
True
"""

from __future__ import annotations

import functools
from numbers import Integral
from types import MappingProxyType
from typing import Iterable, Mapping

import numpy as np

from . import _checks
from .errors import did_you_mean, unknown_choice
from .scenario import Scenario

__all__ = ["DRIVERS", "BASE_YEAR", "LAST_YEAR", "observed_growth", "check_years", "schedule",
           "population_factor", "scenario_builder", "linked_builder", "valued"]

#: The drivers of :func:`goodsgov.futures` over time, with their defaults (illustrative, not projections):
#: ``growth``: yearly growth of the survival migrants hosted (None: :func:`observed_growth`, the
#: compound growth of UNHCR's ``other_in_need`` 2018-2024, extrapolated); ``population``: yearly
#: population growth, one rate or a mapping region -> rate (0: no demographic change).
DRIVERS: Mapping[str, object] = MappingProxyType({"growth": None, "population": 0.0})

from .observed.displacement import LAST_YEAR as _DATA_YEAR  # noqa: E402  (the data's last year)

#: The present: the last year of the shipped UNHCR data; futures start here.
BASE_YEAR: int = _DATA_YEAR
#: The last year :func:`goodsgov.futures` accepts.
LAST_YEAR = 2100


@functools.lru_cache(maxsize=1)
def observed_growth(first: int = 2018, last: int = 2024) -> float:
    """The compound yearly growth of the people UNHCR counts as ``other_in_need`` (summed over
    all hosts) from ``first`` to ``last`` (2018-2024: one displacement, Venezuelans, counted
    the same way; 2025 adds Afghans by a new count, not by growth).

    >>> 0.1 < observed_growth() < 0.2
    True
    """
    from .observed import refugees
    t = refugees([first, last]).groupby("year")["other_in_need"].sum()
    return float((t[last] / t[first]) ** (1.0 / (last - first)) - 1.0)


def check_years(years) -> list[int] | None:
    """``years`` checked and sorted (None stays None)."""
    if years is None:
        return None
    allowed = f"must be an iterable of years (integers) in {BASE_YEAR}-{LAST_YEAR}, or None"
    if isinstance(years, (str, bytes)) or not isinstance(years, Iterable):
        raise _checks.invalid("years", years, allowed)
    out = list(years)
    if not out:
        raise _checks.invalid("years", years, allowed)
    for y in out:
        if isinstance(y, (bool, np.bool_)) or not isinstance(y, Integral) or not BASE_YEAR <= int(y) <= LAST_YEAR:
            raise _checks.invalid("years", y, allowed)
    if len(set(out)) != len(out):
        raise _checks.invalid("years", out, "must not repeat a year")
    return sorted(int(y) for y in out)


def _rates(name: str, value, years: list[int], rng) -> list:
    """One rate (or region mapping, for population) per year."""
    if isinstance(value, (list, tuple, np.ndarray)):
        if len(value) != len(years):
            raise _checks.invalid(f"drivers[{name!r}]", _checks.brief(value),
                                  f"a sequence needs one value per year ({len(years)})")
        return list(value)
    if hasattr(value, "rvs"):   # a frozen distribution: one draw per year
        return [float(value.rvs(random_state=rng)) for _ in years]
    return [value] * len(years)


def _rate(name: str, value) -> float:
    return _checks.real(f"drivers[{name!r}]", value, low=-1.0, high=10.0, low_open=True)


def schedule(drivers, years: list[int], random_state) -> list[dict]:
    """Per year: ``year``, ``hosted`` (the growth factor of the people hosted since
    :data:`BASE_YEAR`) and ``population`` (the (rate, span) steps so far)."""
    drivers = {} if drivers is None else drivers
    if not isinstance(drivers, Mapping):
        raise _checks.invalid("drivers", drivers, "must be None or a mapping of driver -> value; drivers: "
                              + ", ".join(DRIVERS))
    for key in drivers:
        if key not in DRIVERS:
            raise unknown_choice("drivers", key, DRIVERS)
    if random_state is not None and not isinstance(random_state, np.random.Generator):
        random_state = _checks.integer("random_state", random_state, low=0)
    rng = np.random.default_rng(random_state)
    growth = drivers.get("growth", DRIVERS["growth"])
    growth = observed_growth() if growth is None else growth
    g = [_rate("growth", x) for x in _rates("growth", growth, years, rng)]
    pops = _rates("population", drivers.get("population", DRIVERS["population"]), years, rng)
    out, hosted, prev = [], 1.0, BASE_YEAR
    pop_steps: list[tuple[object, int]] = []
    for y, gy, py in zip(years, g, pops):
        hosted *= (1.0 + gy) ** (y - prev)
        pop_steps.append((py, y - prev))
        out.append({"year": y, "hosted": hosted, "population": list(pop_steps)})
        prev = y
    return out


def population_factor(steps, scenario_states) -> np.ndarray:
    """Each state's population growth factor over the (rate, span) ``steps``."""
    factor = np.ones(len(scenario_states))
    regions = [s.region for s in scenario_states]
    for rate, span in steps:
        if isinstance(rate, Mapping):
            unknown = [r for r in rate if r not in set(regions)]
            if unknown:
                raise _checks.invalid("drivers['population']", unknown[0], "keys must be the states' regions"
                                      + did_you_mean(unknown[0], sorted(set(regions))))
            r = np.array([_rate("population", rate.get(x, 0.0)) for x in regions])
        else:
            r = np.full(len(regions), _rate("population", rate))
        factor *= (1.0 + r) ** span
    return factor


def scenario_builder(area_key: str, states, overrides: dict):
    """A function (hosted factor, population steps) -> Scenario of the area, and its scenario at
    the base year (``states`` and ``overrides``: the constructor's arguments)."""
    from .registry import area
    entry = area(area_key)
    base = entry.constructor(**overrides) if states is None else entry.constructor(states=states, **overrides)
    if area_key == "survival_migration":
        from . import survival
        good, base_states, domain, data = survival.scenario_parts(states=states, **overrides)

        def build(hosted: float, steps) -> Scenario:
            pf = population_factor(steps, base_states)
            mode = survival.domain_mode(good, [s.name for s in base_states], domain)
            if mode == "data":
                return survival.build_scenario(good, base_states, domain, data, hosted_factor=hosted, population_factor=pf)
            return survival.build_scenario(good, valued(base_states, hosted), domain, data, population_factor=pf)
    else:
        def build(hosted: float, steps) -> Scenario:
            pf = population_factor(steps, base.states)
            states = valued(base.states, hosted)
            return base.replace(states=tuple(s.replace(benefit=s.benefit * f) for s, f in zip(states, pf)))
    return build, base


def valued(states, factor: float) -> tuple:
    """``states`` with every benefit weight and private benefit times ``factor``: the good is worth
    more to everyone alike (under this scale no level and no share moves)."""
    if factor == 1.0:
        return tuple(states)
    return tuple(s.replace(benefit=s.benefit * factor, private_benefit=s.private_benefit * factor)
                 for s in states)


def linked_builder(linkage: str, area_key: str, states, overrides: dict):
    """A function (population steps) -> Scenario of the ``linkage`` area over the same states."""
    from .canonical import STATE_DEFAULTS
    from .registry import area
    if linkage == area_key:
        raise _checks.invalid("option.linkage", linkage, "cannot link an issue to itself")
    shared = {k: v for k, v in overrides.items() if k in STATE_DEFAULTS}
    base = area(linkage).constructor(**shared) if states is None else \
        area(linkage).constructor(states=states, **shared)

    def build(steps) -> Scenario:
        pf = population_factor(steps, base.states)
        return base.replace(states=tuple(s.replace(benefit=s.benefit * f) for s, f in zip(base.states, pf)))
    return build
