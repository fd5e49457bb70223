"""A solution's scalar results, compiled: one row of a sweep or of Table 1.

:func:`values` reads the numbers of :data:`~.pipeline.RESULT_COLUMNS` off a
:class:`~.kernel.Solution` (the level and the scope as codes), and
:func:`solve_row` solves a scenario and reads its row in one compiled call,
so that a sweep point never carries its Solution into Python.
:mod:`.pipeline` names the numbers; every caller reads them from here.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._jit import jit
from .kernel import solve_point
from .scopes import N_SCOPES, UNILATERAL

__all__ = ["N_GAP", "N_VALUES", "Row", "cooperation_pays", "surplus_shares", "margin", "gap", "finite",
           "values", "solve_row"]

#: The gap fields of :func:`gap`: provision, welfare, provision share, surplus share, cost distribution.
N_GAP = 5
#: The numbers of a row: the level, four per scope, the gap, whether the level's institution is
#: self-enforcing, the stable agreement's size, the scope, the margin and its share.
N_VALUES = 1 + 4 * N_SCOPES + N_GAP + 5


class Row(NamedTuple):
    """A solved scenario's row (:func:`values`) and whether every number of its
    solution is finite (:func:`finite`)."""

    values: np.ndarray
    finite: bool


@jit
def cooperation_pays(out):
    """Whether cooperation has a surplus to share (beyond rounding)."""
    nash = out.scopes.welfare[UNILATERAL]
    n = out.scopes.contributions.shape[1]
    return out.optimum.welfare - nash > 1e-12 * out.unit * n


@jit
def surplus_shares(out):
    """Each scope's share of the cooperative surplus (optimum minus Nash welfare)."""
    if not cooperation_pays(out):
        return np.ones(N_SCOPES)
    nash = out.scopes.welfare[UNILATERAL]
    return (out.scopes.welfare - nash) / (out.optimum.welfare - nash)


@jit
def _same(a, b):
    for i in range(a.size):
        if a[i] != b[i]:
            return False
    return True


@jit
def margin(out):
    """The predicted scope's lead in net welfare over the next best scope with
    an institution of its own (see :func:`goodsgov.governance.pipeline.margin`):
    absolute, as a share, and the runner-up (``inf``, ``inf``, -1 when none)."""
    sc = out.scopes
    net = sc.welfare - sc.decision_cost
    runner = -1
    for s in range(N_SCOPES):
        if s == out.scope or not (s == UNILATERAL or sc.pairs[s] > 0):
            continue
        if _same(sc.contributions[s], sc.contributions[out.scope]) and \
                _same(sc.member_costs[s], sc.member_costs[out.scope]):
            continue   # the same institution, not a rival
        if runner < 0 or net[s] > net[runner]:
            runner = s
    if runner < 0:
        return np.inf, np.inf, -1
    lead = net[out.scope] - net[runner]
    best = abs(net[out.scope])
    return lead, (lead / best if best > 0.0 else np.inf), runner


@jit
def gap(out, provision, welfare, costs, with_costs):
    """The governance gap of an outcome (``provision``, ``welfare`` and, if
    ``with_costs``, each state's provision ``costs``), in the order of
    :data:`N_GAP` (NaN for the cost distribution without costs)."""
    opt = out.optimum
    nash = out.scopes.welfare[UNILATERAL]
    v = np.empty(N_GAP)
    v[0] = opt.provision - provision
    v[1] = opt.welfare - welfare
    v[2] = 1.0 - provision / opt.provision if opt.provision > 0.0 else 0.0
    v[3] = (opt.welfare - welfare) / (opt.welfare - nash) if cooperation_pays(out) else 0.0
    v[4] = np.nan
    if with_costs:
        spent = costs.sum()
        v[4] = 0.5 * np.abs(costs / spent - opt.lindahl).sum() if spent > 0.0 else 0.0
    return v


@jit
def finite(out):
    """Whether every welfare, provision, payoff, contribution and cost of the solution is finite."""
    sc = out.scopes
    for a in (sc.welfare, sc.provision, sc.payoffs.ravel(), sc.contributions.ravel(), sc.decision_cost,
              out.optimum.lindahl):
        if not np.isfinite(a).all():
            return False
    return np.isfinite(out.optimum.welfare) and np.isfinite(out.achieved.welfare) and \
        np.isfinite(out.stable.welfare)


@jit
def values(out):
    """The numbers of :data:`~.pipeline.RESULT_COLUMNS`, in its order."""
    sc = out.scopes
    v = np.empty(N_VALUES)
    v[0] = out.level
    shares = surplus_shares(out)
    for s in range(N_SCOPES):
        v[1 + s] = sc.provision[s]
        v[1 + N_SCOPES + s] = sc.welfare[s]
        v[1 + 2 * N_SCOPES + s] = sc.welfare[s] - sc.decision_cost[s]
        v[1 + 3 * N_SCOPES + s] = shares[s]
    at = 1 + 4 * N_SCOPES
    v[at:at + N_GAP] = gap(out, out.achieved.provision, out.achieved.welfare, out.achieved.costs, True)
    at += N_GAP
    v[at] = 1.0 if sc.self_enforcing[out.scope] else 0.0
    v[at + 1] = out.stable.members.sum()
    v[at + 2] = out.scope
    lead, share, _ = margin(out)
    v[at + 3] = lead
    v[at + 4] = share
    return v


@jit
def solve_row(games, regions, opts):
    """:func:`~.kernel.solve_point` and its :class:`Row`."""
    out = solve_point(games, regions, opts)
    return Row(values(out), finite(out))
