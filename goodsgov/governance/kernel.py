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
from ..solvers.contribution.coalitions import stable_exhaustive, stable_grown
from ..solvers.contribution.deals import (ENUMERATED_STATES, components, deal_costs, deal_network,
                                          improving_paths, network_welfare, stable_networks)
from ..solvers.contribution.optimum import social_optimum
from ..solvers.contribution.provision import admission_of, full_depth, solve_all, total
from ..solvers.contribution.records import DealNetwork, SocialOptimum
from ..solvers.contribution.sparse import near_lists
from ..solvers.contribution.stability import all_stable_at, external_stable, single_agreement
from ..solvers.contribution.treaties import external_in, forum_treaties, member_costs
from .scopes import BILATERAL, LEVEL_CODES, MULTILATERAL, N_SCOPES, REGIONAL, UNILATERAL

__all__ = ["ScopeResults", "Achieved", "StableAgreement", "Bargain", "Solution", "solve_point"]


class ScopeResults(NamedTuple):
    """Every scope's arrangement solved; each array has one row (or entry) per
    scope: ``contributions``, ``payoffs`` (levers included, all issues) and
    provision ``costs`` per state; ``provision`` (first issue), ``welfare``
    (net of the donor's outlay), the donor's ``outlay``, agreed ``pairs`` of
    states and their ``decision_cost``; whether the agreements are
    ``self_enforcing`` (internally and externally stable, leavers excluded;
    deals: pairwise stable) and ``self_enforcing_open`` (internally stable,
    leavers not excluded); each state's agreement ``labels`` (bilateral: the
    deal network's components), its agreement's ``depth`` and the decision
    cost it pays (``member_costs``)."""

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
    depth: np.ndarray
    member_costs: np.ndarray


class Achieved(NamedTuple):
    """What the predicted institution achieves (it is sustainable by
    construction): the agreements' ``labels``, ``contributions``,
    ``provision``, ``welfare`` and each state's provision ``costs`` (all
    issues)."""

    labels: np.ndarray
    contributions: np.ndarray
    provision: float
    welfare: float
    costs: np.ndarray


class StableAgreement(NamedTuple):
    """The largest internally stable agreement at full depth (the others
    alone): its ``members`` (a mask), ``provision``, ``welfare``, whether it is
    ``internally_stable`` (the certificate of a search) and
    ``externally_stable``, and whether the search was ``exhaustive``."""

    members: np.ndarray
    provision: float
    welfare: float
    internally_stable: bool
    externally_stable: bool
    exhaustive: bool


class Bargain(NamedTuple):
    """How the deal network was settled: whether the deal dynamic ``reached`` a
    pairwise-stable network; ``stable_exists`` (1 yes, 0 no, -1 unknown);
    whether all networks were ``enumerated``; the number of pairwise-stable
    networks found by enumeration (``n_stable``, -1 if not enumerated);
    whether random improving paths found the network credited (``by_paths``); and the
    ``reached`` network's adjacency ``reached_adjacency`` and the pairs that
    block it (``blocking``, *i* < *j*: they would change their deal; none when
    the dynamic settled)."""

    reached: bool
    stable_exists: int
    enumerated: bool
    n_stable: int
    reached_adjacency: np.ndarray
    blocking: np.ndarray
    by_paths: bool


class Solution(NamedTuple):
    """Everything solved for one scenario: the ``level`` code (index of
    :data:`~goodsgov.governance.scopes.LEVELS`), the ``scope`` whose
    arrangement it is, the per-scope results, the ``deals``, the
    ``optimum``, the ``achieved`` outcome, the ``stable`` agreement, the
    ``bargain`` (how the deals were settled), the ``unit`` of tolerances
    (the mean absolute status-quo payoff) and each state's ``stake`` (its
    status-quo provision cost, the unit of its decision costs)."""

    level: int
    scope: int
    scopes: ScopeResults
    deals: DealNetwork
    optimum: SocialOptimum
    achieved: Achieved
    stable: StableAgreement
    bargain: Bargain
    unit: float
    stake: np.ndarray


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
def stakes(games):
    """Each state's status-quo provision cost, all issues: the unit of its decision costs."""
    n = games[0].b.size
    out = np.zeros(n)
    for G in games:
        for i in range(n):
            out[i] += G.c[i] * G.g0[i] * G.g0[i] / 2.0
    return out


@jit
def deal_record(games, M, opts, stake):
    """The :class:`~goodsgov.solvers.contribution.records.DealNetwork` of the
    network ``M``: each deal's states and what each gains from it (net of its
    decision cost; levers included), and whether the network is pairwise stable
    (checked, not assumed)."""
    n = M.shape[0]
    count = 0
    for i in range(n):
        for j in range(i + 1, n):
            count += M[i, j]
    pairs = np.empty((count, 2), np.int64)
    gains = np.empty((count, 2))
    net, _w = network_welfare(games, M, opts, stake)
    t = 0
    for i in range(n):
        for j in range(i + 1, n):
            if M[i, j]:
                M[i, j] = M[j, i] = False
                without, _w = network_welfare(games, M, opts, stake)
                M[i, j] = M[j, i] = True
                pairs[t, 0], pairs[t, 1] = i, j
                gains[t, 0], gains[t, 1] = net[i] - without[i], net[j] - without[j]
                t += 1
    return DealNetwork(M, True, pairs, gains, np.empty((0, 2), np.int64))


@jit
def settle(games, opts, tol, stake):
    """The deal network credited to the bilateral scope and how it was settled
    (a :class:`Bargain`): the network the deal dynamic reaches when it is
    pairwise stable; else, up to ``ENUMERATED_STATES`` states, the pairwise-stable
    network with the highest welfare found by enumerating every network; else,
    with ``opts.paths``, the network a random improving path from the one
    reached ends at, when it is pairwise stable; else (none exists, or none
    was found) no deal: the scope's institution is the status quo, and the
    bargain says why."""
    n = games[0].b.size
    reached = deal_network(games, opts, tol, stake)
    if reached.pairwise_stable:
        return reached, Bargain(True, 1, False, -1, reached.adjacency, reached.blocking, False)
    if n <= ENUMERATED_STATES:
        found, M = stable_networks(games, opts, tol, stake)
        exists = 1 if found > 0 else 0
        return deal_record(games, M, opts, stake), Bargain(False, exists, True, found, reached.adjacency,
                                                           reached.blocking, False)
    if opts.paths:
        path = improving_paths(games, reached.adjacency, opts, tol, stake)
        if path.pairwise_stable:
            return path, Bargain(False, 1, False, -1, reached.adjacency, reached.blocking, True)
    none = np.eye(n, dtype=np.bool_)
    no_pairs = np.empty((0, 2), np.int64)
    return DealNetwork(none, False, no_pairs, np.empty((0, 2)), no_pairs), Bargain(
        False, -1, False, -1, reached.adjacency, reached.blocking, False)


@jit
def _stable_in_forums(games, labels, depth, forums, stake, opts, tol, M, eq):
    """Every agreement of ``labels`` internally stable and, within its forum,
    externally stable (``M``, ``eq``: their admission and equilibrium)."""
    if not all_stable_at(games, labels, depth, stake, opts, tol, False, M, eq):
        return False
    n = labels.size
    for i in range(n):
        mask = labels == labels[i]
        if labels[i] != i or mask.sum() < 2:   # each agreement once, by its first member
            continue
        if not external_in(games, mask, forums == forums[i], depth[i], stake, opts, tol):
            return False
    return True


@jit
def solve_point(games, regions, opts):
    """Solve one scenario (see :class:`Solution`): every scope's sustainable
    institution, the level, the optimum and the largest self-enforcing
    agreement.

    Each scope is credited only with an institution that survives its own
    participation constraints: unilateral, the status quo (Nash); bilateral,
    a pairwise-stable deal network (:func:`settle`); regional, one treaty per
    region and multilateral, one treaty open to all, each the treaty its forum
    sustains (:mod:`goodsgov.solvers.contribution.treaties`). The level is the
    scope whose institution has the highest welfare net of decision costs
    (forum choice; a narrower scope wins ties)."""
    n = games[0].b.size
    ones = full_depth(n)
    labels = np.empty((N_SCOPES, n), np.int64)
    depth = np.ones((N_SCOPES, n))
    labels[UNILATERAL] = np.arange(n)
    nash = solve_all(games, admission_of(labels[UNILATERAL]), opts, False, ones)
    nash_payoffs = nash.payoffs
    unit = 0.0
    for v in nash_payoffs:
        unit += abs(v)
    unit /= n
    tol = opts.tol * (unit if unit > 0.0 else 1.0)
    stake = stakes(games)
    lists = [near_lists(G) for G in games]
    deals, bargain = settle(games, opts, tol, stake)
    labels[BILATERAL] = components(deals.adjacency)
    regional = forum_treaties(games, regions, stake, opts, tol, lists)
    everyone = np.zeros(n, np.int64)
    multilateral = forum_treaties(games, everyone, stake, opts, tol, lists)
    labels[REGIONAL], depth[REGIONAL] = regional.labels, regional.depth
    labels[MULTILATERAL], depth[MULTILATERAL] = multilateral.labels, multilateral.depth
    contributions = np.empty((N_SCOPES, n))
    payoffs = np.empty((N_SCOPES, n))
    costs = np.empty((N_SCOPES, n))
    paid = np.zeros((N_SCOPES, n))
    provision = np.empty(N_SCOPES)
    welfare = np.empty(N_SCOPES)
    outlay = np.empty(N_SCOPES)
    pairs = np.empty(N_SCOPES)
    decision_cost = np.empty(N_SCOPES)
    self_enforcing = np.ones(N_SCOPES, np.bool_)
    self_enforcing_open = np.ones(N_SCOPES, np.bool_)
    for s in range(N_SCOPES):
        M = deals.adjacency if s == BILATERAL else admission_of(labels[s])
        eq = nash if s == UNILATERAL else solve_all(games, M, opts, False, depth[s])
        contributions[s] = eq.contributions
        payoffs[s] = eq.payoffs
        costs[s] = eq.costs
        provision[s] = total(eq.contributions)
        welfare[s] = eq.welfare
        outlay[s] = eq.outlay
        pairs[s] = _agreed_pairs(M)
        paid[s] = deal_costs(M, stake, opts) if s == BILATERAL else member_costs(labels[s], stake, opts)
        decision_cost[s] = total(paid[s])
        if s == BILATERAL:
            self_enforcing[s] = deals.pairwise_stable or pairs[s] == 0
            self_enforcing_open[s] = self_enforcing[s]
        elif s != UNILATERAL:
            forums = regions if s == REGIONAL else everyone
            self_enforcing[s] = _stable_in_forums(games, labels[s], depth[s], forums, stake, opts, tol, M, eq)
            self_enforcing_open[s] = all_stable_at(games, labels[s], depth[s], stake, opts, tol, True, M, eq)
    best_possible = social_optimum(games)
    scope = UNILATERAL
    level = 0   # NONE: nothing is worth providing even at the optimum
    if best_possible.provision > 0.0 and best_possible.welfare > 0.0:
        best = welfare[UNILATERAL] - decision_cost[UNILATERAL]
        for s in range(N_SCOPES):
            if s == UNILATERAL or pairs[s] == 0:
                continue
            if welfare[s] - decision_cost[s] > best + tol:
                best = welfare[s] - decision_cost[s]
                scope = s
        level = LEVEL_CODES[scope]
    if n <= opts.exhaustive:
        stable = stable_exhaustive(games, stake, opts, tol)
        exhaustive = True
    else:
        # the search's cascades from the grand coalition and each region at depth 1
        # are the treaty designer's (goodsgov.solvers.contribution.coalitions.stable_search)
        stable = stable_grown(games, np.vstack((multilateral.full, regional.full)), stake, opts, tol)
        exhaustive = False
    stable_labels = single_agreement(stable)
    stable_M = admission_of(stable_labels)
    stable_eq = solve_all(games, stable_M, opts, False, ones)
    internally = all_stable_at(games, stable_labels, ones, stake, opts, tol, False, stable_M, stable_eq)
    externally = external_stable(games, stable, 1.0, stake, opts, tol)
    return Solution(
        level, scope,
        ScopeResults(contributions, payoffs, costs, provision, welfare, outlay, pairs, decision_cost,
                     self_enforcing, self_enforcing_open, labels, depth, paid),
        deals, best_possible,
        Achieved(labels[scope].copy(), contributions[scope].copy(), provision[scope], welfare[scope],
                 costs[scope].copy()),
        StableAgreement(stable, total(stable_eq.contributions), stable_eq.welfare, internally, externally,
                        exhaustive),
        bargain, unit, stake)
