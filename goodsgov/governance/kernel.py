"""The compiled prediction: every scope solved, the level, stability and the outcomes.

:func:`solve_point` chains the contribution-game kernels of
:mod:`goodsgov.solvers.contribution` for one scenario without building a
Python object. Its input is one :class:`~goodsgov.solvers.contribution.records.Game`
record per issue (two under issue linkage) and one
:class:`~goodsgov.solvers.contribution.records.Options` record; its output one
:class:`Solution` of named records. Scopes follow
:data:`goodsgov.governance.scopes.SCOPE_TABLE`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._jit import jit
from ..solvers.contribution.coalitions import stable_exhaustive, stable_search
from ..solvers.contribution.deals import components, deal_network
from ..solvers.contribution.optimum import social_optimum
from ..solvers.contribution.provision import admission_of, group_sizes, solve_all, total
from ..solvers.contribution.records import DealNetwork, SocialOptimum
from ..solvers.contribution.stability import all_stable, core, external_stable, single_agreement
from .scopes import BILATERAL, LEVEL_CODES, MULTILATERAL, N_SCOPES, REGIONAL, UNILATERAL

__all__ = ["ScopeResults", "Achieved", "StableAgreement", "Solution", "solve_point", "formed"]

#: The level code of club governance (a deal network with mutually linked states).
_CLUB_LEVEL = LEVEL_CODES[REGIONAL]


class ScopeResults(NamedTuple):
    """Every scope's arrangement solved; each array has one row (or entry) per
    scope: ``contributions``, ``payoffs`` (levers included, all issues) and
    provision ``costs`` per state; ``provision`` (first issue), ``welfare``
    (net of the donor's outlay), the donor's ``outlay``, agreed ``pairs`` of
    states and their ``decision_cost``; whether the agreements are
    ``self_enforcing`` (exclusion of leavers) and ``self_enforcing_open``
    (without it); each state's agreement ``labels`` (bilateral: the deal
    network's components)."""

    contributions: np.ndarray
    payoffs: np.ndarray
    costs: np.ndarray
    provision: np.ndarray
    welfare: np.ndarray
    outlay: np.ndarray
    pairs: np.ndarray
    decision_cost: np.ndarray
    self_enforcing: np.ndarray
    self_enforcing_open: np.ndarray
    labels: np.ndarray


class Achieved(NamedTuple):
    """What the predicted scope achieves once members who gain by leaving have
    left: the agreements' ``labels``, ``contributions``, ``provision``,
    ``welfare`` and each state's provision ``costs`` (all issues)."""

    labels: np.ndarray
    contributions: np.ndarray
    provision: float
    welfare: float
    costs: np.ndarray


class StableAgreement(NamedTuple):
    """The largest self-enforcing agreement (the others alone): its
    ``members`` (a mask), ``provision``, ``welfare``, whether it is
    ``externally_stable`` and whether the search was ``exhaustive``."""

    members: np.ndarray
    provision: float
    welfare: float
    externally_stable: bool
    exhaustive: bool


class Solution(NamedTuple):
    """Everything solved for one scenario: the ``level`` code (index of
    :data:`~goodsgov.governance.scopes.LEVELS`), the ``scope`` whose
    arrangement it is, the per-scope results, the ``deals``, the
    ``optimum``, the ``achieved`` outcome, the ``stable`` agreement and the
    ``unit`` of decision costs (the mean status-quo payoff)."""

    level: int
    scope: int
    scopes: ScopeResults
    deals: DealNetwork
    optimum: SocialOptimum
    achieved: Achieved
    stable: StableAgreement
    unit: float


@jit
def formed(games, labels, nash_payoffs, opts, pair_cost):
    """Drop the agreements whose members gain jointly, against acting alone, no
    more than the agreement's decision costs (``pair_cost`` per agreed pair):
    no group signs an agreement that does not pay for itself."""
    labels = labels.copy()
    payoffs = solve_all(games, admission_of(labels), opts, False).payoffs
    sizes = group_sizes(labels)
    fresh = labels.max() + 1
    for grp in range(sizes.size):
        if sizes[grp] < 2:
            continue
        members = np.flatnonzero(labels == grp)
        gain = 0.0
        for k in members:
            gain += payoffs[k] - nash_payoffs[k]
        m = members.size
        if gain <= pair_cost * m * (m - 1) / 2.0:
            for k in members:
                labels[k] = fresh
                fresh += 1
    return labels


@jit
def _agreed_pairs(M):
    """The pairs of states linked by an agreement or a deal."""
    n = M.shape[0]
    s = 0
    for i in range(n):
        for j in range(i + 1, n):
            if M[i, j] or M[j, i]:
                s += 1
    return s


@jit
def _has_triangle(M):
    """Whether three states are all linked to each other: deals that form such a
    group make a plurilateral club, not bilateral governance."""
    n = M.shape[0]
    for i in range(n):
        for j in range(i + 1, n):
            if not M[i, j]:
                continue
            for k in range(j + 1, n):
                if M[i, k] and M[j, k]:
                    return True
    return False


@jit
def _same_admission(A, B):
    n = A.shape[0]
    for i in range(n):
        for j in range(n):
            if A[i, j] != B[i, j]:
                return False
    return True


@jit
def _all_together(n):
    """The labels of one agreement of all states."""
    return np.zeros(n, np.int64)


@jit
def solve_point(games, regions, opts):
    """Solve one scenario (see :class:`Solution`): every scope, the level,
    stability, the achieved outcome and the largest self-enforcing agreement.

    The prediction is the scope with the best welfare net of decision costs
    among the distinct arrangements (a narrower one wins ties); its level is
    the scope's, except that a deal network in which three states are all
    linked to each other is a club (each of the three counts the other two,
    as in a plurilateral agreement): the regional level."""
    n = games[0].b.size
    labels = np.empty((N_SCOPES, n), np.int64)
    labels[UNILATERAL] = np.arange(n)
    nash_payoffs = solve_all(games, admission_of(labels[UNILATERAL]), opts, False).payoffs
    unit = 0.0
    for v in nash_payoffs:
        unit += abs(v)
    unit /= n
    tol = opts.tol * (unit if unit > 0.0 else 1.0)
    pair_cost = opts.decision_cost * unit
    deals = deal_network(games, opts, tol, pair_cost)
    labels[BILATERAL] = components(deals.adjacency)
    labels[REGIONAL] = formed(games, regions, nash_payoffs, opts, pair_cost)
    labels[MULTILATERAL] = formed(games, _all_together(n), nash_payoffs, opts, pair_cost)
    contributions = np.empty((N_SCOPES, n))
    payoffs = np.empty((N_SCOPES, n))
    costs = np.empty((N_SCOPES, n))
    provision = np.empty(N_SCOPES)
    welfare = np.empty(N_SCOPES)
    outlay = np.empty(N_SCOPES)
    pairs = np.empty(N_SCOPES)
    decision_cost = np.empty(N_SCOPES)
    self_enforcing = np.ones(N_SCOPES, np.bool_)
    self_enforcing_open = np.ones(N_SCOPES, np.bool_)
    for s in range(N_SCOPES):
        M = deals.adjacency if s == BILATERAL else admission_of(labels[s])
        eq = solve_all(games, M, opts, False)
        contributions[s] = eq.contributions
        payoffs[s] = eq.payoffs
        costs[s] = eq.costs
        provision[s] = total(eq.contributions)
        welfare[s] = eq.welfare
        outlay[s] = eq.outlay
        pairs[s] = _agreed_pairs(M)
        decision_cost[s] = pair_cost * pairs[s]
        if s == BILATERAL:
            self_enforcing[s] = deals.pairwise_stable
            self_enforcing_open[s] = deals.pairwise_stable
        elif s != UNILATERAL:
            self_enforcing[s] = all_stable(games, labels[s], opts, tol, False)
            self_enforcing_open[s] = all_stable(games, labels[s], opts, tol, True)
    best_possible = social_optimum(games)
    # a scope whose agreements are those of a broader one is that broader scope
    distinct = np.ones(N_SCOPES, np.bool_)
    grand = admission_of(_all_together(n))
    regional = admission_of(labels[REGIONAL])
    clubs = _has_triangle(deals.adjacency)
    distinct[BILATERAL] = pairs[BILATERAL] > 0 and not (
        clubs and (_same_admission(deals.adjacency, regional) or _same_admission(deals.adjacency, grand)))
    distinct[REGIONAL] = not (_same_admission(regional, grand) or _agreed_pairs(regional) == 0)
    distinct[MULTILATERAL] = (_agreed_pairs(grand) > 0
                              and _same_admission(admission_of(labels[MULTILATERAL]), grand))
    level = 0
    scope = UNILATERAL
    if best_possible.provision > 0.0 and best_possible.welfare > 0.0:
        best = welfare[UNILATERAL] - decision_cost[UNILATERAL]
        for s in range(N_SCOPES):
            if s == UNILATERAL or not distinct[s]:
                continue
            if welfare[s] - decision_cost[s] > best + tol:
                best = welfare[s] - decision_cost[s]
                scope = s
        level = LEVEL_CODES[scope]
        if scope == BILATERAL and clubs:
            level = _CLUB_LEVEL
    grand_core = labels[MULTILATERAL]
    have_grand_core = False
    if scope == BILATERAL:
        achieved_labels = labels[BILATERAL]
        achieved_admission = deals.adjacency
    else:
        achieved_labels = (core(games, labels[scope], opts, tol) if not self_enforcing[scope]
                           else labels[scope].copy())
        achieved_admission = admission_of(achieved_labels)
        if scope == MULTILATERAL and labels[MULTILATERAL].max() == 0:
            grand_core, have_grand_core = achieved_labels, True
    reached = solve_all(games, achieved_admission, opts, False)
    if n <= opts.exhaustive:
        stable = stable_exhaustive(games, opts, tol)
        exhaustive = True
    else:
        if not have_grand_core:
            grand_core = core(games, _all_together(n), opts, tol)
        stable = stable_search(games, opts, tol, grand_core)
        exhaustive = False
    stable_eq = solve_all(games, admission_of(single_agreement(stable)), opts, False)
    externally = external_stable(games, stable, opts, tol)
    return Solution(
        level, scope,
        ScopeResults(contributions, payoffs, costs, provision, welfare, outlay, pairs, decision_cost,
                     self_enforcing, self_enforcing_open, labels),
        deals, best_possible,
        Achieved(achieved_labels, reached.contributions, total(reached.contributions), reached.welfare,
                 reached.costs),
        StableAgreement(stable, total(stable_eq.contributions), stable_eq.welfare, externally, exhaustive),
        unit)
