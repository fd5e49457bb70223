"""The free parameters, the scenario at a parameter value and the model's scores there (internal).

A :class:`Spec` says how to build the scenario and the prediction options
at a point ``theta`` of the free parameters; :func:`scores` solves it
(:func:`goodsgov.predict_governance`) and keeps what the error model reads:
each state's membership in the achieved outcome and its gain from the
institution at the predicted scope, the pairs that share an institution and
the deals' joint gains. These are the quantities the observed-world harness
scores (:mod:`goodsgov.observed.validation`), computed here from the public
prediction; ``tests/test_estimation.py`` checks that both agree.

Points are indices on a lattice (``theta = low + index * step``), so that
a point is solved once per process and the same in every process.

>>> spec = make_spec("refugee_protection", ("decision_cost",), {"decision_cost": (0.0, 1.0)},
...                  calibrated=True, mapping={"codes": ["FRA", "DEU", "ITA", "ESP"]})
>>> s = scores(spec, (0,))
>>> s.member.dtype, s.member.shape == s.gain.shape
(dtype('bool'), True)
"""

from __future__ import annotations

import hashlib
import pickle
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from .. import _checks
from ..errors import did_you_mean
from ..observed.validation import deal_gains, linked_states, state_gains

__all__ = ["Parameter", "PARAMETERS", "DEFAULT_PARAMS", "DEFAULT_PARAMS_UNCALIBRATED", "Spec", "Scores", "make_spec", "scores",
           "resolve_params", "base_scenario", "remember", "clear_cache", "known", "read_scores", "SOLVED", "LATTICE",
           "CACHE_SIZE"]

#: Each grid step is cut into this many lattice steps: the resolution of a refined estimate.
LATTICE = 128
#: Most solved points one process keeps.
CACHE_SIZE = 4096


@dataclass(frozen=True)
class Parameter:
    """A free parameter: its ``name``, what it is, its default search range
    ``[low, high]``, the range it may take at all ``[lowest, highest]``, and
    ``target``: ``'option'`` (an option of :func:`goodsgov.predict_governance`),
    ``'good'`` (a field of the scenario's good) or ``'mapping'`` (a keyword of
    the data mapping of :mod:`goodsgov.calibration`)."""

    name: str
    description: str
    low: float
    high: float
    lowest: float
    highest: float
    target: str


def _p(name, description, low, high, lowest, highest, target):
    return name, Parameter(name, description, low, high, lowest, highest, target)


#: The parameters :func:`goodsgov.estimate` can fit, by name. ``target="mapping"``: a keyword
#: of :func:`goodsgov.calibration.calibrated_scenario` (:data:`goodsgov.calibration.MAPPINGS`),
#: available on the calibrated world (``states="world"`` or ISO3 codes) of the areas that have it.
#: The search ranges are modelling choices (wide enough to hold the mapping's default).
PARAMETERS: Mapping[str, Parameter] = MappingProxyType(dict([
    _p("decision_cost", "what taking part in an agreement costs a member, as a share of its own "
       "status-quo provision cost (predict_governance's decision_cost)", 0.0, 1.0, 0.0, 100.0,
       "option"),
    _p("non_excludable_share", "the share of the good's benefit that cannot be withheld from a "
       "state in its reach: 1 - the good's excludability", 0.0, 1.0, 0.0, 1.0, "good"),
    _p("floor", "the non-excludable share of the benefit domain every state receives, wherever "
       "it is (calibration: floor)", 0.0, 1.0, 0.0, 1.0, "mapping"),
    _p("benefit_exponent", "elasticity of the benefit weight in its basis (population or GDP)",
       0.0, 2.0, -10.0, 10.0, "mapping"),
    _p("cost_exponent", "cost curvature = GDP ** -cost_exponent (0: equal costs)", 0.0, 2.0,
       -10.0, 10.0, "mapping"),
    _p("private_benefit", "private benefit of own provision, every state", 0.0, 0.5, -100.0, 100.0,
       "mapping"),
    _p("hosting", "benefit *= (1 + hosted / population) ** hosting (refugee protection)", 0.0, 4.0,
       -10.0, 10.0, "mapping"),
    _p("route", "share of an origin's displaced counted on its land neighbours' routes (refugee "
       "protection)", 0.0, 1.0, 0.0, 1.0, "mapping"),
    _p("border", "reach of a land neighbour's control (irregular migration)", 0.0, 1.0, 0.0, 1.0,
       "mapping"),
    _p("scale", "distance in km at which the reach of control falls to 1/e (irregular migration)",
       100.0, 4000.0, 1.0, 40000.0, "mapping"),
    _p("gap", "elasticity of exchange gains in the log income gap (skilled labour)", 0.0, 2.0,
       -10.0, 10.0, "mapping"),
    _p("mass", "elasticity of exchange gains in the GDP product (skilled labour)", 0.0, 2.0,
       -10.0, 10.0, "mapping"),
    _p("distance", "elasticity of exchange gains in distance (skilled labour)", 0.0, 2.0,
       -10.0, 10.0, "mapping"),
]))

#: The parameters fitted when ``params`` is not given: on the calibrated world, and otherwise.
DEFAULT_PARAMS: tuple[str, ...] = ("decision_cost", "floor")
DEFAULT_PARAMS_UNCALIBRATED: tuple[str, ...] = ("decision_cost", "non_excludable_share")


def resolve_params(params, allowed: Mapping[str, str] | None = None,
                   default: tuple[str, ...] = DEFAULT_PARAMS) -> dict[str, tuple[float, float]]:
    """``params`` (None, a name, names, or a mapping name -> (low, high) or None) as name -> range.

    ``allowed``: name -> why it is not available here, for the names of
    :data:`PARAMETERS` this model cannot fit.
    """
    if params is None:
        params = default
    if isinstance(params, str):
        params = (params,)
    if isinstance(params, Mapping):
        items = list(params.items())
    else:
        names = _checks.strings("params", params)
        items = [(n, None) for n in names]
    if not items:
        raise _checks.invalid("params", _checks.brief(params), "must name at least one parameter: "
                              + ", ".join(PARAMETERS))
    out: dict[str, tuple[float, float]] = {}
    for name, bounds in items:
        if not isinstance(name, str) or name not in PARAMETERS:
            raise _checks.invalid("params", _checks.brief(name), "must name parameters among "
                                  + ", ".join(repr(p) for p in PARAMETERS)
                                  + did_you_mean(name, list(PARAMETERS)))
        if allowed and name in allowed:
            raise _checks.invalid("params", name, allowed[name])
        if name in out:
            raise _checks.invalid("params", name, "each parameter may be named once")
        p = PARAMETERS[name]
        if bounds is None:
            out[name] = (p.low, p.high)
            continue
        if isinstance(bounds, (str, bytes)) or not hasattr(bounds, "__len__") or len(bounds) != 2:
            raise _checks.invalid(f"params[{name!r}]", _checks.brief(bounds),
                                  "must be a search range (low, high) or None")
        lo = _checks.real(f"params[{name!r}] low", bounds[0], low=p.lowest, high=p.highest)
        hi = _checks.real(f"params[{name!r}] high", bounds[1], low=p.lowest, high=p.highest)
        if not hi > lo:
            raise _checks.invalid(f"params[{name!r}]", _checks.brief(bounds),
                                  "must be a range (low, high) with low < high")
        out[name] = (lo, hi)
    return out


@dataclass(frozen=True, eq=False)
class Spec:
    """How to solve the model at a lattice point (picklable: sent to worker processes).

    The base scenario is ``calibrated_scenario(area, **mapping)`` when
    ``calibrated`` (:mod:`goodsgov.calibration`), else
    ``constructor(states=states)``; ``names`` and ``bounds`` are the free
    parameters and their search ranges; ``grid`` the grid points per
    parameter (the lattice has ``(grid - 1) * LATTICE`` steps per range);
    ``predict``: fixed options of :func:`goodsgov.predict_governance`;
    ``need``: which scores to keep (``'pairs'``, ``'deals'``); ``key``: a
    digest naming the model in caches.
    """

    area: str
    constructor: Callable
    states: Any
    names: tuple[str, ...]
    bounds: tuple[tuple[float, float], ...]
    grid: int
    predict: tuple[tuple[str, Any], ...]
    need: frozenset = frozenset()
    calibrated: bool = False
    mapping: tuple[tuple[str, Any], ...] = ()
    key: str = field(default="", compare=False)

    @property
    def steps(self) -> int:
        return (self.grid - 1) * LATTICE

    def theta(self, index) -> np.ndarray:
        """The parameter values at a lattice index."""
        lo = np.array([b[0] for b in self.bounds])
        hi = np.array([b[1] for b in self.bounds])
        return lo + (hi - lo) * np.asarray(index, dtype=float) / self.steps

    def theta_at(self, j: int, k: int) -> float:
        """Parameter ``j``'s value at lattice step ``k``."""
        lo, hi = self.bounds[j]
        return float(lo + (hi - lo) * k / self.steps)

    def values(self, index) -> dict[str, float]:
        """The free parameters' values at a lattice index, by name."""
        return {n: float(v) for n, v in zip(self.names, self.theta(index))}

    def build(self, index):
        """The scenario and the prediction options at a lattice index."""
        return self.build_values(self.values(index))

    def build_values(self, values: Mapping[str, float]):
        """The scenario and the prediction options at the free parameters' ``values``."""
        from ..calibration import calibrated_scenario, split_values
        mapping, good, options = split_values(self.area, values)
        base = (calibrated_scenario(self.area, **dict(self.mapping), **mapping) if mapping
                else base_scenario(self))
        options = {**dict(self.predict), **options}
        scenario = base.replace(good=base.good.replace(**good)) if good else base
        return scenario, options


def make_spec(area: str, names, bounds: Mapping[str, tuple[float, float]] | None = None, *,
              constructor: Callable | None = None, states: Any = "world", grid: int = 11,
              predict: Mapping[str, Any] | None = None, need=(), calibrated: bool = False,
              mapping: Mapping[str, Any] | None = None) -> Spec:
    """A :class:`Spec` (the constructor defaults to the registered area's)."""
    if constructor is None:
        from ..registry import area as _area
        constructor = _area(area).constructor
    names = tuple(names)
    bounds = bounds or {n: (PARAMETERS[n].low, PARAMETERS[n].high) for n in names}
    spec = Spec(area, constructor, states, names, tuple(tuple(map(float, bounds[n])) for n in names),
                int(grid), tuple(sorted((predict or {}).items())), frozenset(need), bool(calibrated),
                tuple(sorted((mapping or {}).items())))
    digest = hashlib.sha256(pickle.dumps((spec.area, spec.constructor, spec.states, spec.names,
                                          spec.bounds, spec.grid, spec.predict, sorted(spec.need),
                                          spec.calibrated, spec.mapping))).hexdigest()[:20]
    object.__setattr__(spec, "key", digest)
    return spec


@dataclass(frozen=True, eq=False)
class Scores:
    """What the error model reads off one prediction.

    ``level``: the predicted level; ``member``: each state is in an
    agreement of two or more states (or holds a deal, when the achieved
    arrangement is the deal network) of the achieved outcome; ``gain``: its
    payoff at the predicted scope minus its payoff alone, per mean absolute
    payoff alone (0 when the scope is unilateral); ``linked`` (if asked):
    the pairs ``i < j`` (``numpy.triu_indices`` order) that share an
    agreement or a club of the deal network, bit-packed; ``deal_gain`` (if
    asked): each pair's deal's joint gain (0 without a deal).
    """

    level: str
    member: np.ndarray
    gain: np.ndarray
    linked: np.ndarray | None = None
    n_pairs: int = 0
    deal_gain: np.ndarray | None = None

    def pairs_linked(self) -> np.ndarray:
        return np.unpackbits(self.linked, count=self.n_pairs).astype(bool)


_BASES: dict[str, Any] = {}
_CACHE: OrderedDict[tuple, Scores] = OrderedDict()
#: Predictions solved by this process (cache misses), for the diagnostics.
SOLVED = [0]


def base_scenario(spec: Spec):
    """The scenario with the mapping as given (built once per process)."""
    if spec.key not in _BASES:
        if len(_BASES) > 16:
            _BASES.clear()
        if spec.calibrated:
            from ..calibration import calibrated_scenario
            _BASES[spec.key] = calibrated_scenario(spec.area, **dict(spec.mapping))
        else:
            _BASES[spec.key] = spec.constructor(states=spec.states)
    return _BASES[spec.key]


def clear_cache() -> None:
    """Forget every solved point and base scenario of this process (for timing a cold start)."""
    _CACHE.clear()
    _BASES.clear()


def known(spec: Spec) -> tuple[list, list]:
    """The lattice indices solved for ``spec`` in this process and their scores (to send to
    workers, which then solve only points this process has not)."""
    pairs = [(idx, value) for (key, idx), value in _CACHE.items() if key == spec.key]
    return [i for i, _ in pairs], [v for _, v in pairs]


def remember(spec: Spec, index: tuple[int, ...], value: Scores) -> None:
    """Keep ``value`` as the scores at ``index`` (least recently used dropped first)."""
    key = (spec.key, tuple(int(i) for i in index))
    _CACHE[key] = value
    _CACHE.move_to_end(key)
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)


def scores(spec: Spec, index) -> Scores:
    """The model's scores at a lattice index (solved once per process)."""
    index = tuple(int(i) for i in index)
    key = (spec.key, index)
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit
    from ..governance import predict_governance
    scenario, options = spec.build(index)
    prediction = predict_governance(scenario, **options)
    SOLVED[0] += 1
    value = read_scores(prediction, spec.need)
    remember(spec, index, value)
    return value


def read_scores(prediction, need=()) -> Scores:
    """:class:`Scores` of a :class:`goodsgov.GovernancePrediction`."""
    gain = state_gains(prediction)
    linked_all = linked_states(prediction)
    member = linked_all.any(axis=1)
    n = member.size
    a, b = np.triu_indices(n, k=1)
    linked = deal_gain = None
    if "pairs" in need:
        linked = np.packbits(linked_all[a, b])
    if "deals" in need:
        deal_gain = deal_gains(prediction)[a, b]
    return Scores(prediction.level.value, member, gain, linked, a.size, deal_gain)
