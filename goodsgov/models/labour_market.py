"""A market for a finite pool of skilled workers among receiving states.

Highly-skilled labour is, in Betts's typology, a private good: a worker
admitted by one state is not available to another (rival) and admission is
excludable. Receiving states compete for the pool and the market clears at
a common wage, with no need for multilateral governance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import _checks
from ..errors import invalid

__all__ = ["LabourMarket", "skilled_labour_market"]


@dataclass(frozen=True)
class LabourMarket:
    """Market-clearing allocation of a skilled-worker pool (see :func:`skilled_labour_market`).

    ``allocation[i]`` is state i's intake, ``wage`` the common marginal value
    at which the market clears, ``unallocated`` the part of the pool no
    state wants (positive only when ``wage == 0``), ``marginal_values`` each
    state's ``intercept - slope * allocation`` and ``welfare`` the total
    value ``sum(intercept l - slope l**2 / 2)``.
    """

    intercepts: np.ndarray
    slopes: np.ndarray
    pool: float
    allocation: np.ndarray
    wage: float
    unallocated: float = field(init=False)
    marginal_values: np.ndarray = field(init=False)
    welfare: float = field(init=False)

    def __post_init__(self) -> None:
        alloc = np.array(self.allocation, dtype=float)
        alloc.setflags(write=False)
        object.__setattr__(self, "allocation", alloc)
        object.__setattr__(self, "unallocated", float(max(0.0, self.pool - alloc.sum())))
        mv = self.intercepts - self.slopes * alloc
        mv.setflags(write=False)
        object.__setattr__(self, "marginal_values", mv)
        object.__setattr__(self, "welfare",
                           float(np.sum(self.intercepts * alloc - self.slopes * alloc ** 2 / 2)))

    @property
    def active(self) -> np.ndarray:
        """States that take a positive share of the pool."""
        return self.allocation > 0


@_checks.guarded
def skilled_labour_market(intercepts, slopes, pool: float) -> LabourMarket:
    """Competitive allocation of ``pool`` skilled workers among receiving states.

    State i values its l-th worker at ``intercepts[i] - slopes[i] * l``
    (linear marginal value), so at wage ``w`` it demands ``max(0,
    (intercepts[i] - w) / slopes[i])`` (the textbook competitive market, e.g.
    Borjas 2014, ch. 2). The wage clears the market: total demand equals the
    pool, with states whose intercept is at or below the wage taking none
    (corner). Active states' marginal values are equalised at the wage, so
    the allocation maximises total value. If even at wage 0 demand falls
    short of the pool, the wage is 0, every state is at satiation
    ``max(0, intercept) / slope`` and the rest of the pool is ``unallocated``.

    >>> m = skilled_labour_market([10.0, 6.0, 2.0], [1.0, 1.0, 1.0], pool=6.0)
    >>> m.wage, m.allocation.tolist()
    (5.0, [5.0, 1.0, 0.0])
    """
    a = _checks.array("intercepts", intercepts, ndim=1, nonempty=True,
                      max_size=_checks.MAX_STATES)
    s = _checks.array("slopes", slopes, ndim=1, low=0.0, low_open=True,
                      max_size=_checks.MAX_STATES)
    if s.shape != a.shape:
        raise invalid("slopes", f"<array of length {s.size}>",
                      f"must have one entry per state (length {a.size}, like intercepts)")
    pool = _checks.real("pool", pool, low=0.0)
    satiation = np.maximum(a, 0.0) / s
    if satiation.sum() <= pool:
        return LabourMarket(a, s, pool, satiation, 0.0)
    # Demand is piecewise linear in the wage; with the states sorted by intercept
    # (descending), if the top m are active the clearing wage is
    # w_m = (sum_{<=m} a/s - pool) / sum_{<=m} 1/s, valid when a_(m+1) <= w_m <= a_(m).
    order = np.argsort(-a, kind="stable")
    a_sorted, s_sorted = a[order], s[order]
    w_m = (np.cumsum(a_sorted / s_sorted) - pool) / np.cumsum(1.0 / s_sorted)
    next_a = np.append(a_sorted[1:], -np.inf)
    slack = 1e-12 * float(np.abs(a).max())     # relative: the same bracket in any units
    ok = (w_m >= next_a - slack) & (w_m <= a_sorted + slack) & (w_m > 0)
    if ok.any():
        m = int(np.flatnonzero(ok)[0])
    else:  # rounding left no bracket exactly valid: take the least violated one
        violation = np.maximum(next_a - w_m, 0.0) + np.maximum(w_m - a_sorted, 0.0)
        m = int(np.argmin(np.where(w_m > 0, violation, np.inf)))
    wage = float(min(max(w_m[m], 0.0), a_sorted[0]))
    alloc = np.maximum(0.0, (a - wage) / s)
    # remove rounding so the allocation sums to the pool exactly where it must
    if alloc.sum() > 0:
        alloc = alloc * (pool / alloc.sum())
    elif pool > 0:
        # a pool negligible beside demand: the wage rounded to the top intercept, so the
        # states at that intercept take it all, in proportion to their demand slopes 1/s
        top = (a == a_sorted[0]) / s
        alloc = top * (pool / top.sum())
    return LabourMarket(a, s, pool, alloc, wage)
