"""How far the predicted level is from changing: the range of each parameter over which it stays.

A level chosen by 0.04 % of net welfare says little (the prediction's
``margin``, :func:`goodsgov.governance.pipeline.margin`); one that holds while
a parameter moves tenfold says much. :func:`sensitivity` scans each parameter
named (a prediction option such as the decision cost, or a parameter of the
scenario) with :func:`goodsgov.sweep` and brackets the values at which the
level changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from . import _checks
from .governance.pipeline import DEFAULT_BARGAINING_WEIGHT, DEFAULT_DECISION_COST
from .levers import Levers
from .scenario import Scenario
from .sweeps import OPTION_AXES, SCENARIO_PARAMETERS, sweep

__all__ = ["Sensitivity", "sensitivity", "SHARE_PARAMETERS"]

#: Parameters that are shares: scanned over [0, 1] rather than multiplicatively.
SHARE_PARAMETERS = ("excludability", "rivalry")


@dataclass(frozen=True, eq=False)
class Sensitivity:
    """Each parameter's range over which the predicted level stays (see :func:`sensitivity`).

    ``table``: one row per parameter: ``parameter``, its ``value``, the
    ``level`` there, ``low`` and ``high`` (the interval around the value over
    which the level is unchanged, to ``tol``), ``level_below`` and
    ``level_above`` (the level just outside, ``None`` where the scan's end was
    reached without a change), ``scanned_low`` and ``scanned_high``;
    ``scan``: every scanned point (``parameter``, ``value``, ``level``).
    """

    table: pd.DataFrame = field(repr=False)
    scan: pd.DataFrame = field(repr=False)
    scenario: Scenario = field(repr=False)


def _default(scenario: Scenario, name: str, predict_kwargs: dict) -> float:
    if name == "decision_cost":
        return float(predict_kwargs.get("decision_cost", DEFAULT_DECISION_COST))
    if name in ("excludability", "rivalry"):
        return float(getattr(scenario.good, name))
    if name.endswith("_scale"):
        return 1.0
    if name in ("funding", "side_payment", "bargaining_weight"):
        if name == "bargaining_weight":
            return float(predict_kwargs.get("bargaining_weight", DEFAULT_BARGAINING_WEIGHT))
        return float(getattr(Levers.coerce(predict_kwargs.get("levers")), name))
    allowed = [k for k in list(SCENARIO_PARAMETERS) + list(OPTION_AXES)
               if k in SHARE_PARAMETERS or k.endswith("_scale") or k in
               ("decision_cost", "funding", "side_payment", "bargaining_weight")]
    raise _checks.invalid("params", name, "must be numeric parameters: " + ", ".join(allowed))


def _levels(scenario: Scenario, name: str, values, predict_kwargs: dict) -> list[str]:
    df = sweep(scenario, {name: [float(v) for v in values]}, progress=False, **predict_kwargs)
    return df["level"].tolist()


def _edge(scenario, name, inside, outside, level, predict_kwargs, tol):
    """Bisect between a value with ``level`` (``inside``) and one without (``outside``)."""
    a, b = inside, outside
    other = _levels(scenario, name, [b], predict_kwargs)[0]
    while abs(b - a) > tol * max(1.0, abs(a)):
        mid = 0.5 * (a + b)
        got = _levels(scenario, name, [mid], predict_kwargs)[0]
        if got == level:
            a = mid
        else:
            b, other = mid, got
    return a, other


def sensitivity(scenario: Scenario, params: Sequence[str] = ("decision_cost",), *, factor: float = 10.0,
                points: int = 21, tol: float = 1e-3, **predict_kwargs) -> Sensitivity:
    """The range of each parameter in ``params`` over which ``scenario``'s level stays.

    A share (:data:`SHARE_PARAMETERS`) is scanned over [0, 1]; any other
    parameter multiplicatively from its value / ``factor`` to its value times
    ``factor`` (``points`` values, log-spaced, the value itself among them). The
    interval around the value where the level is unchanged is then bracketed
    by bisection to a relative ``tol``. Parameters: ``decision_cost``,
    ``bargaining_weight``, the levers ``funding`` and ``side_payment``, the
    good's ``excludability`` and ``rivalry``, and ``benefit_scale``,
    ``cost_scale``, ``private_benefit_scale``, ``capacity_scale``. Other
    keyword arguments go to :func:`goodsgov.predict_governance`.

    >>> import goodsgov as gg
    >>> s = gg.sensitivity(gg.irregular_migration(n_states=8, n_regions=2), ["decision_cost"], points=9)
    >>> row = s.table.iloc[0]
    >>> row.level, bool(row.low < 0.25 < row.high)
    ('multilateral', True)
    """
    if not isinstance(scenario, Scenario):
        raise _checks.invalid("scenario", scenario, "must be a goodsgov.Scenario")
    if isinstance(params, str):
        params = [params]
    factor = _checks.real("factor", factor, low=1.0, low_open=True, high=1e6)
    points = _checks.integer("points", points, low=3, high=1001)
    tol = _checks.real("tol", tol, low=1e-9, high=0.5)
    rows, scans = [], []
    for name in params:
        value = _default(scenario, name, predict_kwargs)
        if name in SHARE_PARAMETERS:
            grid = np.union1d(np.linspace(0.0, 1.0, points), [value])
        else:
            if not value > 0:
                raise _checks.invalid(name, value, "is zero here: a multiplicative scan needs a positive "
                                      "value (pass it as a keyword argument)")
            grid = np.union1d(value * np.geomspace(1.0 / factor, factor, points), [value])
        if name == "bargaining_weight":
            grid = grid[grid <= 1.0]
        levels = _levels(scenario, name, grid, predict_kwargs)
        scans += [{"parameter": name, "value": float(v), "level": lv} for v, lv in zip(grid, levels)]
        k = int(np.flatnonzero(grid == value)[0])
        level = levels[k]
        lo_k = k
        while lo_k > 0 and levels[lo_k - 1] == level:
            lo_k -= 1
        hi_k = k
        while hi_k < len(grid) - 1 and levels[hi_k + 1] == level:
            hi_k += 1
        low, below = float(grid[lo_k]), None
        if lo_k > 0:
            low, below = _edge(scenario, name, float(grid[lo_k]), float(grid[lo_k - 1]), level, predict_kwargs, tol)
        high, above = float(grid[hi_k]), None
        if hi_k < len(grid) - 1:
            high, above = _edge(scenario, name, float(grid[hi_k]), float(grid[hi_k + 1]), level, predict_kwargs,
                                tol)
        rows.append({"parameter": name, "value": value, "level": level, "low": low, "high": high,
                     "level_below": below, "level_above": above, "scanned_low": float(grid[0]),
                     "scanned_high": float(grid[-1])})
    return Sensitivity(pd.DataFrame(rows), pd.DataFrame(scans), scenario)
