"""Survival migration: the fourth area, the gap Betts (2010) calls the biggest in migration governance.

Betts (2010) ends his Table 1 with a challenge to its first row. Survival
migrants are people "outside of their country of origin because of a
threat to their survival" (state fragility, livelihood collapse,
environmental disaster), whom the refugee definition does not cover, and
for whom "there is currently no coherent institutional mechanism". His
examples: some 2 million Zimbabweans in South Africa (2005-2009) and
400,000 Congolese deported by Angola (2003-2009). :func:`survival_migration`
states this good as a scenario; :func:`predict_survival` reports the level
a sustainable institution for it would have, its gap to the optimum, and
the gap of today's status quo (no institution) that it would close.

**Which primitives differ from refugee protection, and why.** The good,
the states and the status quo are argued one at a time in
:func:`survival_migration`'s docstring. In short: what protecting
survival migrants provides is what protecting refugees provides, so the
good's excludability and rivalry are refugee protection's; where they are
(on the world's states: who hosts them, where they come from, which
states are on the way) differs, and so does the benefit domain built from
those data; and, the distinguishing fact, no institution covers them
today, so their status quo is every state alone where refugees' is a
regime. That fact is not a parameter of the game: what states gain from
protection does not depend on whether an institution exists. It is the
point from which the gap is measured (``status_quo`` of
:func:`predict_survival`), and it is what the institutional options of
:func:`goodsgov.futures` would change.

**On the world** (``states="world"``, or any states named by the ISO3
codes of UN member states): the people are UNHCR's "other people in need
of international protection" (``other_in_need``, reported from 2018:
Venezuelans across Latin America, and from 2025 also Afghans in Iran,
Pakistan and Central Asia), the closest category the shipped data hold to
Betts's non-refugee survival migrants; Zimbabweans in South Africa before
2018 are not in it. They enter the benefit domain (:func:`survival_domain`)
and the benefit weights (a host's stake grows with the share of its
population it hosts, as the calibrated world does for refugees,
:mod:`goodsgov.calibration`), and each state's ``hosting`` stands beside
its cost share in :attr:`SurvivalPrediction.states`.

>>> import goodsgov as gg
>>> p = gg.predict_survival()
>>> p.level.value, p.status_quo, round(p.status_quo_gap.surplus_share, 3)
('regional', 'none', 1.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _checks
from .canonical import resolve_states
from .errors import unknown_choice
from .goods import Good, Spillover
from .names import all_members
from .scenario import Scenario
from .states import State

if TYPE_CHECKING:   # the prediction is imported when used: registering the area stays cheap
    from .governance import GovernanceGap, GovernancePrediction, Level

__all__ = ["KIND", "DOMAINS", "DATA_DEFAULTS", "STATUS_QUOS", "survival_migration", "survival_domain",
           "survival_hosting", "SurvivalPrediction", "predict_survival", "closed_share", "with_hosting"]

#: UNHCR's category read as survival migrants (:mod:`goodsgov.observed.displacement`).
KIND = "other_in_need"

#: Where the benefit domain comes from: the UNHCR data, or the good's spillover range.
DOMAINS: tuple[str, ...] = ("data", "good")

#: The data keywords of :func:`survival_migration` and their defaults (modelling choices, stated
#: in its docstring; none chosen to make a level come out).
DATA_DEFAULTS = {"year": None, "floor": 0.0, "route": 1.0, "origin": 1.0, "hosting": 1.0}

#: Today's status quo: ``"none"`` (no institution: every state alone) or ``"covered"`` (an
#: institution covers the people, as the refugee regime covers refugees).
STATUS_QUOS: tuple[str, ...] = ("none", "covered")


# ----------------------------------------------------------------------------- data
def _exposure_with_origins(year, route: float, origin: float) -> pd.DataFrame:
    """The exposure of all 193 states to each origin (:func:`goodsgov.calibration.exposure`),
    plus ``origin`` times each member origin's displaced on its own row."""
    from . import calibration as cal
    x = cal.exposure(None, KIND, year, route=route)
    if origin > 0:
        stocks = cal.exposure(None, KIND, year, route=0.0)
        outflow = stocks.sum(axis=0)
        for o in x.columns:
            if o in x.index and outflow[o] > 0:
                x.loc[o, o] += origin * float(outflow[o])
    return x


def survival_domain(codes: Sequence[str], year: int | None = None, *, floor: float = 0.0,
                    route: float = 1.0, origin: float = 1.0) -> np.ndarray:
    """The benefit domain of survival migrants' protection among ``codes`` (UN member states).

    The refugee domain of :func:`goodsgov.calibration.displacement_domain`
    (kind ``"other_in_need"``): ``D[i, j]`` is the overlap of the two
    states' exposure profiles, the share of their exposure that comes from
    the same origins (hosted people, plus ``route`` times an origin's
    displaced on its land neighbours' routes), at least ``floor`` off the
    diagonal, 1 on it. One addition: the state they come from is exposed to
    its own displaced (``origin`` times their number, on its own row), since
    what happens to its nationals abroad reaches it (they return, or do not;
    Betts 2010's survival migrants flee "in search of a destination that
    will respect their most fundamental human rights"). ``origin=0`` gives
    exactly the refugee-domain function's matrix. ``year``: end of year,
    2018 to the last in the data (None: the last).

    >>> d = survival_domain(["VEN", "COL", "PER", "JPN"], 2024)
    >>> bool(d[0, 1] > 0.5), bool(d[1, 2] > 0.5), float(d[3, 0])
    (True, True, 0.0)
    """
    selected = list(survival_hosting(codes, year).index)   # the codes and the year checked
    floor = _checks.real("floor", floor, low=0.0, high=1.0)
    route = _checks.real("route", route, low=0.0, high=1.0)
    origin = _checks.real("origin", origin, low=0.0, high=1.0)
    x = _exposure_with_origins(year, route, origin).loc[selected].to_numpy(dtype=float)
    total = x.sum(axis=1, keepdims=True)
    a = np.divide(x, total, out=np.zeros_like(x), where=total > 0)
    sim = np.zeros((len(selected), len(selected)))
    for col in a.T[np.any(a.T > 0, axis=1)]:   # overlap (Czekanowski 1909; Renkonen 1938)
        sim += np.minimum.outer(col, col)
    out = np.maximum(floor, np.clip((sim + sim.T) / 2.0, 0.0, 1.0))
    np.fill_diagonal(out, 1.0)
    return out


def survival_hosting(codes: Sequence[str], year: int | None = None) -> pd.Series:
    """People of UNHCR's ``other_in_need`` category hosted by each state at the end of ``year``
    (:func:`goodsgov.calibration.hosting`; 0: none recorded), named ``hosting``.

    >>> int(survival_hosting(["COL", "JPN"], 2024)["COL"]) > 1_000_000
    True
    """
    from . import calibration as cal
    return cal.hosting(codes, KIND, year).rename("hosting")


# ----------------------------------------------------------------------------- the scenario
def survival_migration(*, excludability: float = 0.1, rivalry: float = 0.1, spillover: str = "auto",
                       states: Sequence[State] | str | None = None, n_states: int = 30,
                       n_regions: int = 5, benefit: float = 1.0, benefit_spread: float = 0.5,
                       private_benefit: float = 0.1, cost: float = 1.0,
                       capacity: float = float("inf"), domain: str | None = None,
                       year: int | None = None, floor: float = 0.0, route: float = 1.0,
                       origin: float = 1.0, hosting: float = 1.0) -> Scenario:
    """The protection of survival migrants (Betts 2010): a fourth area beside Table 1's three.

    Betts's argument, primitive by primitive:

    * **What the good provides.** Survival migrants are forced to leave "in
      search of a destination that will respect their most fundamental
      human rights"; Betts raises them under the heading of refugees, as
      the challenge to that regime. Protecting them gives what protecting
      refugees gives: security and human rights.
    * ``excludability=0.1`` (refugee protection's value). Since the benefit
      is of the same kind, the same reading holds: it accrues to all
      states "to some extent", and a host cannot withhold it from states
      that do not help.
    * ``rivalry=0.1`` (refugee protection's value): one state's enjoyment
      of survival migrants being protected does not diminish another's.
    * **Benefit domain.** On stylised states, ``spillover="auto"`` as for
      refugee protection: nothing in Betts places survival migrants
      elsewhere than refugees. On the world (``domain="data"``, the default
      when every state is named by a UN member's ISO3 code and the spillover
      is ``"auto"``): where they are, from UNHCR's data
      (:func:`survival_domain`): states hosting people from the same
      origins, the states on the routes out of them and the origins. This
      is the first primitive that differs from refugee protection: the
      people, and therefore the states they concern, are others
      (Venezuelans across Latin America, Afghans in Iran and Pakistan),
      much as Betts's examples are a neighbour's crisis (Zimbabwe and South
      Africa, Congo and Angola). ``floor``: the share every state receives
      wherever it is (default 0, as the calibrated refugee domain: only
      shared displacement links states); ``route``, ``origin``: see
      :func:`survival_domain`.
    * **Benefit weights.** Stylised: the canonical states. On the data
      domain each state's weight is multiplied by ``(1 + hosted / population)
      ** hosting``: a host's stake grows with the share of its population it
      hosts (the calibrated world's mapping for refugees, after Thielemann
      2003). ``year``: UNHCR end-of-year stocks (None: the last year).
    * **Coverage.** What distinguishes survival migrants from refugees: "there
      is currently no coherent institutional mechanism"; unlike refugees
      they "are not covered by any organization with a mandate to protect
      them". That is the status quo, not the game: see
      :func:`predict_survival` and :func:`goodsgov.futures`.

    Every value above is refugee protection's or the calibrated world's
    default; none is chosen to make a level come out. The state parameters
    and ``states=`` work as in :func:`goodsgov.refugee_protection`. The data
    keywords must keep their defaults unless the domain is ``"data"``.

    >>> s = survival_migration(n_states=10)
    >>> s.good.good_type.value, s.reach_explicit
    ('public', False)
    >>> w = survival_migration(states="world")
    >>> w.reach_explicit, w.n_states
    (True, 193)
    """
    # locals() is exactly the keyword parameters above
    good, states, domain, data = scenario_parts(**locals())
    return build_scenario(good, states, domain, data)


def scenario_parts(*, excludability: float = 0.1, rivalry: float = 0.1, spillover: str = "auto", states=None,
           n_states: int = 30, n_regions: int = 5, benefit: float = 1.0, benefit_spread: float = 0.5,
           private_benefit: float = 0.1, cost: float = 1.0, capacity: float = float("inf"), domain=None,
           **data) -> tuple:
    """The good, the states before the data's weights, the domain and the data keywords of
    :func:`survival_migration`'s arguments (the keywords it takes, with its defaults)."""
    unknown = [k for k in data if k not in DATA_DEFAULTS]
    if unknown:
        raise _checks.invalid(unknown[0], data[unknown[0]], "is not a keyword of survival_migration")
    good = Good("survival migrants' protection", excludability=excludability, rivalry=rivalry,
                spillover=spillover)
    params = {"n_states": n_states, "n_regions": n_regions, "benefit": benefit,
              "benefit_spread": benefit_spread, "private_benefit": private_benefit, "cost": cost,
              "capacity": capacity}
    return good, resolve_states(states, params), domain, {**DATA_DEFAULTS, **data}


def domain_mode(good: Good, names: Sequence[str], domain) -> str:
    if domain is None:
        return "data" if good.spillover is Spillover.AUTO and all_members(names) else "good"
    domain = _checks.choice("domain", domain, DOMAINS)
    if domain == "data" and not all_members(names):
        raise _checks.invalid("domain", domain, "'data' needs states named by the ISO3 codes of UN "
                              "member states (e.g. states='world')")
    return domain


def build_scenario(good: Good, states: tuple[State, ...], domain, data: Mapping, *, hosted_factor: float = 1.0,
           population_factor: np.ndarray | None = None) -> Scenario:
    """The scenario; ``hosted_factor`` and ``population_factor`` (one per state) scale the people
    hosted and the population (:func:`goodsgov.futures`' drivers)."""
    names = [s.name for s in states]
    mode = domain_mode(good, names, domain)
    if mode != "data":
        changed = [k for k, v in data.items() if v != DATA_DEFAULTS[k]]
        if changed:
            raise _checks.invalid(changed[0], data[changed[0]], "is a keyword of the data domain: "
                                  "it needs domain='data' (states named by UN members' ISO3 codes)")
        if population_factor is not None:
            states = tuple(s.replace(benefit=s.benefit * f) for s, f in zip(states, population_factor))
        return Scenario(good=good, states=states, name="survival_migration")
    hosting = _checks.real("hosting", data["hosting"], low=-10.0, high=10.0)
    reach = survival_domain(names, data["year"], floor=data["floor"], route=data["route"],
                            origin=data["origin"])
    from . import world
    pop = world.countries(names)["population"].to_numpy(dtype=float)
    factor = np.ones(len(names)) if population_factor is None else np.asarray(population_factor, float)
    hosted = survival_hosting(names, data["year"]).to_numpy(dtype=float) * hosted_factor
    weight = factor * (1.0 + hosted / (pop * factor)) ** hosting
    states = tuple(s.replace(benefit=s.benefit * float(w), hosting=float(h))
                   for s, w, h in zip(states, weight, hosted))
    return Scenario(good=good, states=states, reach=reach, name="survival_migration")


# ----------------------------------------------------------------------------- the prediction
@dataclass(frozen=True, eq=False)
class SurvivalPrediction:
    """What :func:`predict_survival` returns.

    ``level``: the level a sustainable institution would have (the
    prediction's, :func:`goodsgov.predict_governance`); ``gap``: that
    institution's shortfall from the optimum; ``status_quo``: ``"none"`` or
    ``"covered"``; ``status_quo_gap``: today's status quo's shortfall from
    the optimum (every state alone for ``"none"``; the institution itself
    for ``"covered"``); ``gap_closed``: the share of the status quo's
    shortfall in welfare that the institution would close, decision costs
    counted (0 when there is nothing to close; negative if it costs more
    than it brings); ``states``: the prediction's per-state table with
    ``hosting`` (people hosted; on UN member states or when given) beside
    ``cost_share``; ``prediction``: the full
    :class:`goodsgov.GovernancePrediction`.
    """

    level: Level
    gap: GovernanceGap
    status_quo: str
    status_quo_gap: GovernanceGap
    gap_closed: float
    states: pd.DataFrame = field(repr=False)
    prediction: GovernancePrediction = field(repr=False)


def closed_share(value: float, status_quo: float, optimum: float, unit: float) -> float:
    """``(value - status_quo) / (optimum - status_quo)``, 0 when the gap is nil (below ``1e-12 *
    unit``): the share of the status quo's shortfall from the optimum that ``value`` closes."""
    span = optimum - status_quo
    return float((value - status_quo) / span) if span > 1e-12 * max(unit, 1e-300) else 0.0


def with_hosting(table: pd.DataFrame, hosting) -> pd.DataFrame:
    """``table`` (indexed by state) with a ``hosting`` column right after ``cost_share``."""
    names = list(table.index)
    if isinstance(hosting, Mapping):
        unknown = [k for k in hosting if k not in names]
        if unknown:
            raise _checks.invalid("hosting", unknown[0], "keys must be the scenario's state names")
        values = np.array([float(hosting.get(k, 0.0)) for k in names])
    else:
        values = _checks.array("hosting", hosting, shape=(len(names),), low=0.0)
    out = table.drop(columns="hosting", errors="ignore")
    at = list(out.columns).index("cost_share") + 1 if "cost_share" in out.columns else len(out.columns)
    out.insert(at, "hosting", values)
    return out


def predict_survival(scenario: Scenario | None = None, *, status_quo: str = "none",
                     year: int | None = None, hosting=None, **predict_kwargs) -> SurvivalPrediction:
    """The level a sustainable institution for ``scenario`` would have, and the gaps (see above).

    ``scenario``: default :func:`survival_migration`; ``status_quo``:
    ``"none"`` (today: no institution covers survival migrants) or
    ``"covered"`` (as refugees are covered: the institution is in place,
    so its gap is the status quo's); ``year``: the UNHCR year of the
    ``hosting`` column on UN member states (None: the last); ``hosting``:
    people hosted per state (a mapping name -> number or one number per
    state), instead of the data. Other keywords go to
    :func:`goodsgov.predict_governance`.

    >>> import goodsgov as gg
    >>> covered = predict_survival(status_quo="covered")
    >>> refugees = predict_survival(gg.refugee_protection(), status_quo="covered")
    >>> covered.level == refugees.level, covered.gap == refugees.gap, covered.gap_closed
    (True, True, 0.0)
    """
    from .governance import GovernanceGap, pipeline, predict_governance
    from .governance.scopes import UNILATERAL
    scenario = survival_migration() if scenario is None else scenario
    if not isinstance(scenario, Scenario):
        raise _checks.invalid("scenario", scenario, "must be a goodsgov.Scenario or None")
    if not isinstance(status_quo, str) or status_quo not in STATUS_QUOS:
        raise unknown_choice("status_quo", status_quo, STATUS_QUOS)
    p = predict_governance(scenario, **predict_kwargs)
    out = p.solution
    sc = out.scopes
    nash = float(sc.welfare[UNILATERAL])
    if status_quo == "none":
        gap_sq = pipeline.gap_fields(out, float(sc.provision[UNILATERAL]), nash, sc.costs[UNILATERAL])
        sq = GovernanceGap(gap_sq["gap_provision"], gap_sq["gap_welfare"], gap_sq["gap_provision_share"],
                           gap_sq["gap_surplus_share"], gap_sq["gap_cost_distribution"])
        net = float(sc.welfare[out.scope] - sc.decision_cost[out.scope])
        closed = closed_share(net, nash, float(out.optimum.welfare), float(out.unit) * scenario.n_states)
    else:
        sq, closed = p.gap, 0.0
    table = p.states
    if hosting is not None:
        table = with_hosting(table, hosting)
    elif all_members(scenario.names):
        table = with_hosting(table, survival_hosting(list(scenario.names), year).to_numpy(dtype=float))
    elif year is not None:
        raise _checks.invalid("year", year, "sets the UNHCR year of the hosting column, which needs "
                              "states named by UN members' ISO3 codes")
    return SurvivalPrediction(p.level, p.gap, status_quo, sq, closed, table, p)
