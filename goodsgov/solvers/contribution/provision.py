"""Contributions and payoffs of a contribution game for an admission matrix, levers included.

See :mod:`goodsgov.solvers.contribution` for the model. :func:`solve` solves one issue;
:func:`solve_all` every issue of a linked negotiation, with the donor's funding and side
payments held within its budget.
"""

from __future__ import annotations

import numpy as np

from ..._jit import jit
from .records import ColumnSums, Equilibrium, IssueSolution, Provision

__all__ = ["clip", "crowd", "deepen", "full_depth", "member_cost", "total", "admission_of", "group_sizes", "paid_of", "unit_matrix",
           "column_sums", "solve", "solve_all"]


@jit(inline=True)
def clip(x, cap):
    return min(max(x, 0.0), cap)


@jit(inline=True)
def crowd(r, others):
    """Congestion factor with ``others`` admitted users besides the provider."""
    return 1.0 / (1.0 + r * max(others, 0.0))


@jit
def full_depth(n):
    """Every state at depth 1 (agreements and deals at their joint optimum)."""
    return np.ones(n)


@jit(inline=True)
def member_cost(opts, stake, m):
    """Decision cost paid by a member of an agreement of ``m`` states whose
    status-quo provision cost is ``stake`` (see :data:`~.records.COST_FORMS`)."""
    if m < 2:
        return 0.0
    if opts.cost_form == 0:
        f = (m - 1) / 2.0
    elif opts.cost_form == 1:
        f = 1.0
    else:
        f = 1.0 + 1.0 / m
    return opts.decision_cost * stake * f


@jit
def total(x):
    """Sum in index order (the one summation used for provision and welfare)."""
    s = 0.0
    for v in x:
        s += v
    return s


@jit
def admission_of(labels):
    """``M[i, j]``: *i* and *j* are in the same agreement."""
    n = labels.size
    M = np.empty((n, n), np.bool_)
    for i in range(n):
        for j in range(n):
            M[i, j] = labels[i] == labels[j]
    return M


@jit
def group_sizes(labels):
    sizes = np.zeros(labels.max() + 1, np.int64)
    for v in labels:
        sizes[v] += 1
    return sizes


@jit
def paid_of(M, funding):
    """Share of its cost each state pays: ``1 - funding`` for members of an
    agreement or a deal, 1 alone."""
    n = M.shape[0]
    paid = np.ones(n)
    for j in range(n):
        for i in range(n):
            if i != j and M[i, j]:
                paid[j] = 1.0 - funding
                break
    return paid


@jit
def unit_matrix(G, M):
    """The unit benefits ``W`` for admission ``M``."""
    n = G.b.size
    u = column_sums(G, M, np.arange(n), False).users
    cr = np.empty(n)
    for j in range(n):
        cr[j] = crowd(G.r, u[j] - G.U[j, j])
    W = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            w = (1.0 - G.e) * G.D[i, j]
            if M[i, j]:
                w += G.e * G.N[i, j] * cr[j]
            W[i, j] = w
    return W


@jit
def column_sums(G, M, cols, planner):
    """``SD``, ``SN``, ``u`` of the columns ``cols``: the benefit-weighted domain
    and excludable reach of the states each provider counts, and its admitted
    users. One pass over the rows (the matrices are stored by row)."""
    m = cols.size
    SD = np.zeros(m)
    SN = np.zeros(m)
    u = np.zeros(m)
    n = G.b.size
    for i in range(n):
        bi = G.b[i]
        for t in range(m):
            j = cols[t]
            if M[i, j]:
                SN[t] += bi * G.N[i, j]
                u[t] += G.U[i, j]
                SD[t] += bi * G.D[i, j]
            elif planner:
                SD[t] += bi * G.D[i, j]
    return ColumnSums(SD, SN, u)


@jit(inline=True)
def deepen(G, j, coordinated, d):
    """Provider *j*'s provision in an agreement of depth ``d``: from its
    status-quo provision ``G.g0[j]`` the share ``d`` of the way to the
    ``coordinated`` one (Finus & Maus 2008, eq. 3: a weighted average of the
    non-cooperative and the cooperative level)."""
    return G.g0[j] + d * (coordinated - G.g0[j])


@jit
def solve(G, M, paid, planner, depth):
    """Equilibrium of one issue for admission ``M`` (a :class:`~.records.Provision`;
    ``W`` as in :func:`unit_matrix`, private payoffs at cost share ``paid``).
    ``planner``: providers count every state's benefit (the
    social optimum), not only their admitted set's; ``depth``: each state's
    agreement's depth (see :func:`deepen`)."""
    n = G.b.size
    e, r = G.e, G.r
    g = np.empty(n)
    cr = np.empty(n)
    sums = column_sums(G, M, np.arange(n), planner)
    SDs, SNs, us = sums.domain, sums.reach, sums.users
    for j in range(n):
        SD, SN, u = SDs[j], SNs[j], us[j]
        cr[j] = crowd(r, u - G.U[j, j])
        captured = (1.0 - e) * SD + e * SN * cr[j] + G.p[j]
        g[j] = deepen(G, j, clip(captured / (G.c[j] * paid[j]), G.K[j]), depth[j])
    recv = np.empty(n)
    for i in range(n):
        acc = 0.0
        for j in range(n):   # W[i, j] * g_j, written out: a call per entry costs more than the entry
            w = (1.0 - e) * G.D[i, j]
            if M[i, j]:
                w += e * G.N[i, j] * cr[j]
            acc += w * g[j]
        recv[i] = acc
    private = np.empty(n)
    social = np.empty(n)
    cost = np.empty(n)
    outlay = 0.0
    for i in range(n):
        full = G.c[i] * g[i] * g[i] / 2.0
        gross = G.b[i] * recv[i] + G.p[i] * g[i]
        cost[i] = full
        private[i] = gross - paid[i] * full
        social[i] = gross - full
        outlay += (1.0 - paid[i]) * full
    return Provision(g, recv, private, social, cost, outlay, cr)


@jit
def _solve_scaled(games, M, members, opts, planner, scale, depth):
    """:func:`solve` for every issue with the donor's funding and side
    payments scaled by ``scale``."""
    n = M.shape[0]
    paid = paid_of(M, opts.funding * scale)
    outlay = 0.0
    payoffs = np.zeros(n)
    costs = np.zeros(n)
    welfare = 0.0
    sols = [IssueSolution(payoffs, payoffs, payoffs, payoffs) for _ in range(0)]
    for G in games:
        sol = solve(G, M, paid, planner, depth)
        sols.append(IssueSolution(sol.contributions, sol.received, sol.private, sol.crowding))
        outlay += sol.outlay
        payoffs += sol.private
        costs += sol.cost
        welfare += total(sol.social)
    for j in range(n):
        if members[j]:
            payoffs[j] += opts.side_payment * scale
            outlay += opts.side_payment * scale
    return Equilibrium(sols[0].contributions, payoffs, costs, welfare, outlay, paid, sols, scale)


@jit
def solve_all(games, M, opts, planner, depth):
    """:func:`solve` for every issue, with the donor's payments scaled down
    (one factor for funding and side payments) when they would exceed its
    budget: to the factor at which the outlay is the budget (to 1e-12; the
    outlay grows with the factor, found by bracketing with the Illinois
    variant of regula falsi, Dowell & Jarratt 1971). Returns an
    :class:`~.records.Equilibrium`. ``depth``: each state's agreement's depth."""
    n = M.shape[0]
    members = np.zeros(n, np.bool_)
    for j in range(n):
        for i in range(n):
            if i != j and M[i, j]:
                members[j] = True
                break
    budget = opts.budget
    full = _solve_scaled(games, M, members, opts, planner, 1.0, depth)
    if full.outlay <= budget:
        return full
    # bracket [lo, hi]: outlay(lo) <= budget < outlay(hi); keep the feasible end
    lo, f_lo = 0.0, -budget
    hi, f_hi = 1.0, full.outlay - budget
    best = _solve_scaled(games, M, members, opts, planner, 0.0, depth)
    moved = 0   # which end moved last (Illinois: halve the other end's value on a repeat)
    for _ in range(200):
        if f_hi - f_lo <= 0.0:
            break
        x = hi - f_hi * (hi - lo) / (f_hi - f_lo)
        if not (lo < x < hi):
            x = 0.5 * (lo + hi)
        trial = _solve_scaled(games, M, members, opts, planner, x, depth)
        f = trial.outlay - budget
        if f <= 0.0:
            lo, f_lo, best = x, f, trial
            if moved == -1:
                f_hi *= 0.5
            moved = -1
        else:
            hi, f_hi = x, f
            if moved == 1:
                f_lo *= 0.5
            moved = 1
        if -f_lo <= 1e-12 * budget or hi - lo <= 1e-15:
            break
    return best

