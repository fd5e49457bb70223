"""Compiled core of the governance model (private; see :mod:`goodsgov.solvers.agreements`).

Every number :func:`goodsgov.predict_governance` and :func:`goodsgov.sweep`
report comes from :func:`solve_point`, which chains the functions below for
one scenario without building a Python object. Its input is one
:class:`Game` record per issue (two under issue linkage) and one
:class:`Options` record; its output one :class:`Outcome` record.

The model (``docs/explanation.md``; sources in the public wrappers):

* ``D[i, j]``: the share of *j*'s non-excludable benefit that reaches *i*
  (the benefit domain); ``N[i, j]``: where *j*'s excludable benefit can go.
* An admission matrix ``M`` (``M[i, j]``: *i* is admitted to *j*'s
  provision, always ``M[j, j]``) is what an institutional scope fixes: the
  members of *j*'s agreement, or *j* and its deal partners.
* Unit benefit to *i* of *j*'s provision (Cornes & Sandler 1984's joint
  product of a public and an excludable characteristic; Buchanan 1965's
  congestion among admitted users)::

      W[i, j] = (1 - e) D[i, j] + M[i, j] e N[i, j] / (1 + r o_j),
      o_j = sum_{i != j} M[i, j] N[i, j]   (the provider's other admitted users).

* Provider *j* counts the benefit of the states it is agreed with (its
  admitted set): ``g_j = clip(captured_j / (c_j paid_j), 0, K_j)``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._jit import jit

__all__ = ["Game", "Options", "Outcome", "SCOPE_NAMES", "solve_point"]

#: Scope order of every per-scope array.
SCOPE_NAMES = ("unilateral", "bilateral", "regional", "multilateral")


class Game(NamedTuple):
    """One issue's arrays: benefit weights ``b``, cost curvatures ``c``,
    private benefits ``p``, capacities ``K`` (``inf``: none), the benefit
    domain ``D`` and the excludable benefit's reach ``N`` (both times the
    weight of the provider's contribution, for a weighted sum), ``U`` the
    unweighted ``N`` (what counts as a user); excludability ``e`` and
    rivalry ``r``."""

    b: np.ndarray
    c: np.ndarray
    p: np.ndarray
    K: np.ndarray
    D: np.ndarray
    N: np.ndarray
    U: np.ndarray
    e: float
    r: float


class Options(NamedTuple):
    """Levers and settings of one prediction (see :class:`goodsgov.Levers`)."""

    funding: float
    side: float
    budget: float
    transfers: bool
    kappa: float
    tol: float
    exhaustive: int
    candidates: int


class Outcome(NamedTuple):
    """Everything solved for one scenario; per-scope arrays follow :data:`SCOPE_NAMES`."""

    level: int
    scope: int                     # the scope whose arrangement is the prediction (see solve_point)
    contributions: np.ndarray      # (4, n) of the first issue
    payoffs: np.ndarray            # (4, n) each state's payoff, levers included, all issues
    costs: np.ndarray              # (4, n) each state's provision cost, all issues
    provision: np.ndarray          # (4,) of the first issue
    welfare: np.ndarray            # (4,) net of the donor's outlay, all issues
    outlay: np.ndarray             # (4,) the donor's outlay
    pairs: np.ndarray              # (4,) agreed pairs of states
    decision_cost: np.ndarray      # (4,)
    self_enforcing: np.ndarray     # (4,) no member gains by leaving (exclusion convention)
    self_enforcing_open: np.ndarray  # (4,) the same without exclusion of leavers
    labels: np.ndarray             # (4, n) agreement labels (bilateral: deal components)
    deals: np.ndarray              # (n, n) the deal network
    pairwise_stable: bool
    deal_pairs: np.ndarray         # (deals, 2) each deal's states i < j
    deal_gains: np.ndarray         # (deals, 2) their gains from it, before transfers
    optimum_contributions: np.ndarray
    optimum_provision: float
    optimum_welfare: float
    lindahl: np.ndarray            # (n,) Lindahl cost shares at the optimum
    achieved_labels: np.ndarray
    achieved_contributions: np.ndarray
    achieved_provision: float
    achieved_welfare: float
    achieved_costs: np.ndarray     # (n,) each state's provision cost, all issues
    stable_members: np.ndarray     # (n,) bool
    stable_provision: float
    stable_welfare: float
    stable_external: bool
    stable_exact: bool
    unit: float                    # mean status-quo payoff: the unit of decision costs


# ----------------------------------------------------------------- basics
@jit(inline=True)
def _clip(x, cap):
    return min(max(x, 0.0), cap)


@jit(inline=True)
def _crowd(r, others):
    """Congestion factor with ``others`` admitted users besides the provider."""
    return 1.0 / (1.0 + r * max(others, 0.0))


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
    Gb, Gc, Gp, GK, GD, GN, GU, Ge, Gr = G.b, G.c, G.p, G.K, G.D, G.N, G.U, G.e, G.r
    n = Gb.size
    _, _, u = column_sums(G, M, np.arange(n), False)
    cr = np.empty(n)
    for j in range(n):
        cr[j] = _crowd(Gr, u[j] - GU[j, j])
    W = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            w = (1.0 - Ge) * GD[i, j]
            if M[i, j]:
                w += Ge * GN[i, j] * cr[j]
            W[i, j] = w
    return W


@jit
def column_sums(G, M, cols, planner):
    """``SD``, ``SN``, ``u`` of the columns ``cols``: the benefit-weighted domain
    and excludable reach of the states each provider counts, and its admitted
    users. One pass over the rows (the matrices are stored by row)."""
    Gb, Gc, Gp, GK, GD, GN, GU, Ge, Gr = G.b, G.c, G.p, G.K, G.D, G.N, G.U, G.e, G.r
    m = cols.size
    SD = np.zeros(m)
    SN = np.zeros(m)
    u = np.zeros(m)
    n = Gb.size
    for i in range(n):
        bi = Gb[i]
        for t in range(m):
            j = cols[t]
            if M[i, j]:
                SN[t] += bi * GN[i, j]
                u[t] += GU[i, j]
                SD[t] += bi * GD[i, j]
            elif planner:
                SD[t] += bi * GD[i, j]
    return SD, SN, u


@jit
def solve(G, M, paid, planner):
    """Equilibrium of one issue for admission ``M``: contributions, what each
    state receives (``sum_j W[i, j] g_j``, with ``W`` as in :func:`unit_matrix`),
    private payoffs (cost share ``paid``), social payoffs (full cost) and the
    donor's outlay. ``planner``: providers count every state's benefit (the
    social optimum), not only their admitted set's."""
    Gb, Gc, Gp, GK, GD, GN, GU, Ge, Gr = G.b, G.c, G.p, G.K, G.D, G.N, G.U, G.e, G.r
    n = Gb.size
    e, r = Ge, Gr
    g = np.empty(n)
    cr = np.empty(n)
    SDs, SNs, us = column_sums(G, M, np.arange(n), planner)
    for j in range(n):
        SD, SN, u = SDs[j], SNs[j], us[j]
        cr[j] = _crowd(r, u - GU[j, j])
        captured = (1.0 - e) * SD + e * SN * cr[j] + Gp[j]
        g[j] = _clip(captured / (Gc[j] * paid[j]), GK[j])
    recv = np.empty(n)
    for i in range(n):
        acc = 0.0
        for j in range(n):   # W[i, j] * g_j, written out: a call per entry costs more than the entry
            w = (1.0 - e) * GD[i, j]
            if M[i, j]:
                w += e * GN[i, j] * cr[j]
            acc += w * g[j]
        recv[i] = acc
    private = np.empty(n)
    social = np.empty(n)
    cost = np.empty(n)
    outlay = 0.0
    for i in range(n):
        full = Gc[i] * g[i] * g[i] / 2.0
        gross = Gb[i] * recv[i] + Gp[i] * g[i]
        cost[i] = full
        private[i] = gross - paid[i] * full
        social[i] = gross - full
        outlay += (1.0 - paid[i]) * full
    return g, recv, private, social, cost, outlay, cr


# ----------------------------------------------------------------- first best
@jit
def _transpose(A, out):
    """``out[j, i] = A[i, j]``, tile by tile (a plain loop misses the cache on
    every write once a matrix outgrows it)."""
    n, m = A.shape
    B = 64
    for i0 in range(0, n, B):
        for j0 in range(0, m, B):
            for i in range(i0, min(i0 + B, n)):
                for j in range(j0, min(j0 + B, m)):
                    out[j, i] = A[i, j]


@jit
def optimum_admission(G, order):
    """The planner's admission: for each provider the users that maximise its
    social value, ``{j}`` plus a prefix of the states by benefit weight
    (``order``: descending): a user is worth admitting while its benefit
    exceeds the crowding it imposes (Buchanan 1965's membership margin)."""
    Gb, Gc, Gp, GK, GD, GN, GU, Ge, Gr = G.b, G.c, G.p, G.K, G.D, G.N, G.U, G.e, G.r
    n = Gb.size
    NT = np.empty((n, n))    # provider j's column as a row: read in benefit order
    UT = np.empty((n, n))
    _transpose(GN, NT)
    _transpose(GU, UT)
    MT = np.zeros((n, n), np.bool_)   # row j: provider j's users (transposed at the end)
    for j in range(n):
        MT[j, j] = True
        B = Gb[j] * GN[j, j]
        U = GU[j, j]
        best = B * _crowd(Gr, U - GU[j, j])
        best_t = 0
        t = 0
        for k in range(n):
            i = order[k]
            if i == j or NT[j, i] <= 0.0:
                continue
            t += 1
            B += Gb[i] * NT[j, i]
            U += UT[j, i]
            v = B * _crowd(Gr, U - GU[j, j])
            if v > best:
                best, best_t = v, t
        t = 0
        for k in range(n):
            i = order[k]
            if i == j or NT[j, i] <= 0.0:
                continue
            if t == best_t:
                break
            MT[j, i] = True
            t += 1
    M = np.empty((n, n), np.bool_)
    _transpose(MT, M)
    return M


# ----------------------------------------------------------------- stability
@jit
def leave_gains(G, M, members, g, cr, funding, open_):
    """Each member's gain in this issue from leaving its agreement ``members``
    (before levers): the rest re-optimise without it, it provides alone and,
    unless ``open_``, is excluded from the rest's excludable benefit."""
    SDs, SNs, us = column_sums(G, M, members, False)
    return member_gains(G, members, SDs, SNs, us, g, cr, funding, open_)


@jit
def member_gains(G, members, SDs, SNs, us, g, cr, funding, open_):
    """:func:`leave_gains` from the members' column sums (``SDs``, ``SNs``, ``us``,
    in member order) and the issue's contributions ``g`` and crowding ``cr``.
    Only the agreement's own columns and the leaver's change, so nothing
    outside them enters the gain."""
    Gb, Gc, Gp, GK, GD, GN, GU, Ge, Gr = G.b, G.c, G.p, G.K, G.D, G.N, G.U, G.e, G.r
    e, r = Ge, Gr
    m = members.size
    paid_rest = 1.0 - funding if m - 1 >= 2 else 1.0
    out = np.empty(m)
    for a in range(m):
        k = members[a]
        inside = 0.0
        after = 0.0
        for t in range(m):
            j = members[t]
            inside += ((1.0 - e) * GD[k, j] + e * GN[k, j] * cr[j]) * g[j]
            if t == a:
                continue
            SD = SDs[t] - Gb[k] * GD[k, j]
            SN = SNs[t] - Gb[k] * GN[k, j]
            if open_:
                c_ = cr[j]
                w = (1.0 - e) * GD[k, j] + e * GN[k, j] * cr[j]
            else:
                c_ = _crowd(r, us[t] - GU[k, j] - GU[j, j])
                w = (1.0 - e) * GD[k, j]
            gj = _clip(((1.0 - e) * SD + e * SN * c_ + Gp[j]) / (Gc[j] * paid_rest), GK[j])
            after += w * gj
        if open_:
            wkk = (1.0 - e) * GD[k, k] + e * GN[k, k] * cr[k]
        else:
            wkk = (1.0 - e) * GD[k, k] + e * GN[k, k]
        gk = _clip((Gb[k] * wkk + Gp[k]) / Gc[k], GK[k])
        out[a] = (Gb[k] * (after + wkk * gk - inside) + Gp[k] * (gk - g[k]) - Gc[k] * gk * gk / 2.0
                  + (1.0 - funding) * Gc[k] * g[k] * g[k] / 2.0)
    return out


@jit
def join_gains(G, M, members, outsiders, g, recv, private, cr, funding):
    """Each outsider's (a singleton's) gain in this issue from joining ``members``
    (before levers): it and the members re-optimise together."""
    Gb, Gc, Gp, GK, GD, GN, GU, Ge, Gr = G.b, G.c, G.p, G.K, G.D, G.N, G.U, G.e, G.r
    e, r = Ge, Gr
    m = members.size
    paid_new = 1.0 - funding if m + 1 >= 2 else 1.0
    out = np.empty(outsiders.size)
    SDs, SNs, us = column_sums(G, M, members, False)
    for a in range(outsiders.size):
        o = outsiders[a]
        before = 0.0
        after = 0.0
        SDo = Gb[o] * GD[o, o]
        SNo = Gb[o] * GN[o, o]
        uo = GU[o, o]
        for t in range(m):
            j = members[t]
            before += (1.0 - e) * GD[o, j] * g[j]
            c_ = _crowd(r, us[t] + GU[o, j] - GU[j, j])
            SD = SDs[t] + Gb[o] * GD[o, j]
            SN = SNs[t] + Gb[o] * GN[o, j]
            gj = _clip(((1.0 - e) * SD + e * SN * c_ + Gp[j]) / (Gc[j] * paid_new), GK[j])
            after += ((1.0 - e) * GD[o, j] + e * GN[o, j] * c_) * gj
            SDo += Gb[j] * GD[j, o]
            SNo += Gb[j] * GN[j, o]
            uo += GU[j, o]
        before += ((1.0 - e) * GD[o, o] + e * GN[o, o] * cr[o]) * g[o]
        co = _crowd(r, uo - GU[o, o])
        go = _clip(((1.0 - e) * SDo + e * SNo * co + Gp[o]) / (Gc[o] * paid_new), GK[o])
        after += ((1.0 - e) * GD[o, o] + e * GN[o, o] * co) * go
        received = recv[o] - before + after
        out[a] = (Gb[o] * received + Gp[o] * go - paid_new * Gc[o] * go * go / 2.0) - private[o]
    return out


# ----------------------------------------------------------------- several issues
@jit
def _solve_scaled(games, M, members, opts, planner, scale):
    """:func:`solve` for every issue with the donor's funding and side
    payments scaled by ``scale``."""
    n = M.shape[0]
    paid = paid_of(M, opts.funding * scale)
    outlay = 0.0
    payoffs = np.zeros(n)
    costs = np.zeros(n)
    welfare = 0.0
    sols = [(payoffs, payoffs, payoffs, payoffs) for _ in range(0)]
    for G in games:
        g, recv, private, social, cost, out, cr = solve(G, M, paid, planner)
        sols.append((g, recv, private, cr))
        outlay += out
        payoffs += private
        costs += cost
        welfare += total(social)
    for j in range(n):
        if members[j]:
            payoffs[j] += opts.side * scale
            outlay += opts.side * scale
    return sols[0][0], payoffs, costs, welfare, outlay, paid, sols


@jit
def solve_all(games, M, opts, planner):
    """:func:`solve` for every issue, with the donor's payments scaled down
    (one factor for funding and side payments) when they would exceed its
    budget: to the factor at which the outlay is the budget (to 1e-12; the
    outlay grows with the factor, found by bracketing with the Illinois
    variant of regula falsi, Dowell & Jarratt 1971). Returns the first
    issue's contributions, payoffs and costs summed over issues, welfare net
    of the outlay, the outlay, the paid shares, each issue's solution and
    the factor."""
    n = M.shape[0]
    members = np.zeros(n, np.bool_)
    for j in range(n):
        for i in range(n):
            if i != j and M[i, j]:
                members[j] = True
                break
    budget = opts.budget
    g, payoffs, costs, welfare, outlay, paid, sols = _solve_scaled(games, M, members, opts, planner, 1.0)
    if outlay <= budget:
        return g, payoffs, costs, welfare, outlay, paid, sols, 1.0
    # bracket [lo, hi]: outlay(lo) <= budget < outlay(hi); keep the feasible end
    lo, f_lo = 0.0, -budget
    hi, f_hi = 1.0, outlay - budget
    best = _solve_scaled(games, M, members, opts, planner, 0.0)
    moved = 0   # which end moved last (Illinois: halve the other end's value on a repeat)
    for _ in range(200):
        if f_hi - f_lo <= 0.0:
            break
        x = hi - f_hi * (hi - lo) / (f_hi - f_lo)
        if not (lo < x < hi):
            x = 0.5 * (lo + hi)
        trial = _solve_scaled(games, M, members, opts, planner, x)
        f = trial[4] - budget
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
    g, payoffs, costs, welfare, outlay, paid, sols = best
    return g, payoffs, costs, welfare, outlay, paid, sols, lo


@jit
def agreement_gains(games, M, members, sols, opts, scale, open_):
    """Each member's gain from leaving ``members``, all issues and levers
    included (it forfeits the side payment)."""
    gains = np.zeros(members.size)
    for k in range(len(games)):
        g, _, _, cr = sols[k]
        gains += leave_gains(games[k], M, members, g, cr, opts.funding * scale, open_)
    if members.size >= 2:
        gains -= opts.side * scale
    return gains


@jit
def _unstable_member(gains, transfers, tol):
    """Index of the member who leaves (largest gain), or -1 if the agreement is
    self-enforcing: no member gains more than ``tol`` or, with transfers within
    the agreement, the members' summed gain is at most ``tol`` (Carraro,
    Eyckmans & Finus 2006's potential internal stability)."""
    arg = np.argmax(gains)
    if transfers:
        return arg if total(gains) > tol else -1
    return arg if gains[arg] > tol else -1


@jit
def all_stable(games, labels, opts, tol, open_):
    """Whether every agreement of ``labels`` is self-enforcing."""
    M = admission_of(labels)
    _, _, _, _, _, paid, sols, scale = solve_all(games, M, opts, False)
    sizes = group_sizes(labels)
    for grp in range(sizes.size):
        if sizes[grp] < 2:
            continue
        members = np.flatnonzero(labels == grp)
        gains = agreement_gains(games, M, members, sols, opts, scale, open_)
        if _unstable_member(gains, opts.transfers, tol) >= 0:
            return False
    return True


@jit
def core(games, labels, opts, tol):
    """The defection cascade: in every agreement that is not self-enforcing the
    member with the largest gain from leaving leaves; repeat until all are.
    Without a budget the donor's payments do not couple the agreements, and
    each round updates only the columns of the agreement a member left."""
    if opts.budget < np.inf:
        return _core_budget(games, labels, opts, tol)
    labels = labels.copy()
    n = labels.size
    fresh = labels.max() + 1
    k_games = len(games)
    SD = np.empty((k_games, n))
    SN = np.empty((k_games, n))
    us = np.empty((k_games, n))
    g = np.empty((k_games, n))
    cr = np.empty((k_games, n))
    M = admission_of(labels)
    sizes = group_sizes(labels)
    lists = [near_lists(G) for G in games]
    X = np.empty(n)
    s = np.empty(n)
    for k in range(k_games):
        G = games[k]
        SD[k], SN[k], us[k] = column_sums(G, M, np.arange(n), False)
        for j in range(n):
            paid = 1.0 - opts.funding if sizes[labels[j]] > 1 else 1.0
            g[k, j], cr[k, j] = _provide(G, j, SD[k, j], SN[k, j], us[k, j], paid)
    while True:
        moved = False
        for grp in range(sizes.size):
            if sizes[grp] < 2:
                continue
            members = np.flatnonzero(labels == grp)
            gains = np.zeros(members.size)
            for k in range(k_games):
                ptr, idx, dcol = lists[k]
                if not _sparse_gains(games[k], members, labels, grp, SD[k], SN[k], us[k], g[k], cr[k],
                                     opts.funding, ptr, idx, dcol, X, s, gains):
                    gains += member_gains(games[k], members, SD[k, members], SN[k, members],
                                          us[k, members], g[k], cr[k], opts.funding, False)
            gains -= opts.side
            a = _unstable_member(gains, opts.transfers, tol)
            if a < 0:
                continue
            leaver = members[a]
            labels[leaver] = fresh
            fresh += 1
            moved = True
            for k in range(k_games):
                G = games[k]
                Gb, GD, GN, GU = G.b, G.D, G.N, G.U
                for j in members:
                    if j == leaver:
                        SD[k, j], SN[k, j], us[k, j] = Gb[j] * GD[j, j], Gb[j] * GN[j, j], GU[j, j]
                    else:
                        SD[k, j] -= Gb[leaver] * GD[leaver, j]
                        SN[k, j] -= Gb[leaver] * GN[leaver, j]
                        us[k, j] -= GU[leaver, j]
                rest_paid = 1.0 - opts.funding if members.size - 1 > 1 else 1.0
                for j in members:
                    paid = 1.0 if j == leaver else rest_paid
                    g[k, j], cr[k, j] = _provide(G, j, SD[k, j], SN[k, j], us[k, j], paid)
        if not moved:
            return labels
        sizes = group_sizes(labels)


@jit
def near_lists(G):
    """Each state's *near* providers, as compressed rows (``ptr``, ``idx``): the
    *j* whose excludable benefit reaches it or whose domain differs from the
    column's far value ``dcol[j]`` (``D`` where neither ``N`` nor ``U`` reaches).
    A member's leaving changes a far column only through ``dcol[j]``, so its
    gain is a sum over its near providers plus sums over the agreement."""
    GD, GN, GU = G.D, G.N, G.U
    n = GD.shape[0]
    dcol = np.zeros(n)
    for j in range(n):
        for i in range(n):
            if i != j and GN[i, j] == 0.0 and GU[i, j] == 0.0:
                dcol[j] = GD[i, j]
                break
    ptr = np.zeros(n + 1, np.int64)
    for k in range(n):
        c = 0
        for j in range(n):
            if j != k and (GN[k, j] != 0.0 or GU[k, j] != 0.0 or GD[k, j] != dcol[j]):
                c += 1
        ptr[k + 1] = ptr[k] + c
    idx = np.empty(ptr[n], np.int64)
    for k in range(n):
        t = ptr[k]
        for j in range(n):
            if j != k and (GN[k, j] != 0.0 or GU[k, j] != 0.0 or GD[k, j] != dcol[j]):
                idx[t] = j
                t += 1
    return ptr, idx, dcol


@jit
def _sparse_gains(G, members, labels, grp, SD, SN, us, g, cr, funding, ptr, idx, dcol, X, s, gains):
    """:func:`member_gains` (exclusion convention) added to ``gains`` in time
    linear in the members' near providers (:func:`near_lists`): a far column *j*
    loses ``(1 - e) b_k dcol[j]`` of its domain when *k* leaves and nothing else,
    so while no contribution meets a bound its change is linear in ``b_k`` and
    the far columns enter through three sums over the agreement. ``X``, ``s``:
    work arrays of length *n*. Returns False (nothing added) when a bound may
    bind: the caller then sums column by column."""
    Gb, Gc, Gp, GK, GD, GN, GU, Ge, Gr = G.b, G.c, G.p, G.K, G.D, G.N, G.U, G.e, G.r
    e, r = Ge, Gr
    m = members.size
    paid_rest = 1.0 - funding if m - 1 >= 2 else 1.0
    bmax = 0.0
    for j in members:
        bmax = max(bmax, Gb[j])
    # X[j]: column j's contribution once a member has left, before the leaver's
    # domain share; s[j]: its loss per unit of the leaver's benefit weight
    A_dX = 0.0
    A_ds = 0.0
    A_dg = 0.0
    for t in range(m):
        j = members[t]
        X[j] = ((1.0 - e) * SD[j] + e * SN[j] * cr[j] + Gp[j]) / (Gc[j] * paid_rest)
        s[j] = (1.0 - e) * dcol[j] / (Gc[j] * paid_rest)
        if X[j] > GK[j] or X[j] - s[j] * bmax < 0.0:
            return False
        A_dX += dcol[j] * X[j]
        A_ds += dcol[j] * s[j]
        A_dg += dcol[j] * g[j]
    for a in range(m):
        k = members[a]
        far_X = A_dX - dcol[k] * X[k]
        far_s = A_ds - dcol[k] * s[k]
        far_g = A_dg - dcol[k] * g[k]
        inside = ((1.0 - e) * GD[k, k] + e * GN[k, k] * cr[k]) * g[k]
        after = 0.0
        for q in range(ptr[k], ptr[k + 1]):
            j = idx[q]
            if labels[j] != grp:
                continue
            inside += ((1.0 - e) * GD[k, j] + e * GN[k, j] * cr[j]) * g[j]
            far_g -= dcol[j] * g[j]
            far_X -= dcol[j] * X[j]
            far_s -= dcol[j] * s[j]
            SDj = SD[j] - Gb[k] * GD[k, j]
            SNj = SN[j] - Gb[k] * GN[k, j]
            c_ = _crowd(r, us[j] - GU[k, j] - GU[j, j])
            gj = _clip(((1.0 - e) * SDj + e * SNj * c_ + Gp[j]) / (Gc[j] * paid_rest), GK[j])
            after += (1.0 - e) * GD[k, j] * gj
        inside += (1.0 - e) * far_g
        after += (1.0 - e) * (far_X - Gb[k] * far_s)
        wkk = (1.0 - e) * GD[k, k] + e * GN[k, k]
        gk = _clip((Gb[k] * wkk + Gp[k]) / Gc[k], GK[k])
        gains[a] += (Gb[k] * (after + wkk * gk - inside) + Gp[k] * (gk - g[k]) - Gc[k] * gk * gk / 2.0
                     + (1.0 - funding) * Gc[k] * g[k] * g[k] / 2.0)
    return True


@jit(inline=True)
def _provide(G, j, SD, SN, u, paid):
    """Provider *j*'s contribution and crowding factor given its column sums."""
    c_ = _crowd(G.r, u - G.U[j, j])
    return _clip(((1.0 - G.e) * SD + G.e * SN * c_ + G.p[j]) / (G.c[j] * paid), G.K[j]), c_


@jit
def _core_budget(games, labels, opts, tol):
    """:func:`core` when a budget couples the agreements (every round re-solved)."""
    labels = labels.copy()
    fresh = labels.max() + 1
    while True:
        M = admission_of(labels)
        _, _, _, _, _, paid, sols, scale = solve_all(games, M, opts, False)
        sizes = group_sizes(labels)
        moved = False
        for grp in range(sizes.size):
            if sizes[grp] < 2:
                continue
            members = np.flatnonzero(labels == grp)
            gains = agreement_gains(games, M, members, sols, opts, scale, False)
            a = _unstable_member(gains, opts.transfers, tol)
            if a >= 0:
                labels[members[a]] = fresh
                fresh += 1
                moved = True
        if not moved:
            return labels


@jit
def single_agreement(members_mask):
    n = members_mask.size
    labels = np.empty(n, np.int64)
    nxt = 1
    for i in range(n):
        if members_mask[i]:
            labels[i] = 0
        else:
            labels[i] = nxt
            nxt += 1
    return labels


@jit
def outsider_gains(games, mask, opts):
    """The states outside the agreement ``mask`` (the rest alone) and each one's
    gain from joining it, every issue and lever included."""
    members = np.flatnonzero(mask)
    outsiders = np.flatnonzero(~mask)
    M = admission_of(single_agreement(mask))
    _, _, _, _, _, _, sols, scale = solve_all(games, M, opts, False)
    gains = np.zeros(outsiders.size)
    for k in range(len(games)):
        g, recv, private, cr = sols[k]
        gains += join_gains(games[k], M, members, outsiders, g, recv, private, cr, opts.funding * scale)
    if members.size < 2:
        gains += opts.side * scale
    return outsiders, gains


@jit
def external_stable(games, mask, opts, tol):
    """No outsider (a singleton) gains by joining the agreement ``mask``."""
    if not mask.any() or mask.all():
        return True
    _, gains = outsider_gains(games, mask, opts)
    for v in gains:
        if v > tol:
            return False
    return True


@jit
def _better(size, welfare, best_size, best_welfare):
    return size > best_size or (size == best_size and welfare > best_welfare)


@jit
def stable_exhaustive(games, opts, tol):
    """The largest self-enforcing agreement (the others alone), by checking every
    coalition; ties go to the higher welfare."""
    n = games[0].b.size
    best = np.zeros(n, np.bool_)
    best_size, best_welfare = 0, -np.inf
    mask = np.zeros(n, np.bool_)
    for bits in range(1, 1 << n):
        size = 0
        for i in range(n):
            mask[i] = (bits >> i) & 1 == 1
            size += mask[i]
        if size < 2 or size < best_size:
            continue
        labels = single_agreement(mask)
        if not all_stable(games, labels, opts, tol, False):
            continue
        _, _, _, welfare, _, _, _, _ = solve_all(games, admission_of(labels), opts, False)
        if _better(size, welfare, best_size, best_welfare):
            best[:] = mask
            best_size, best_welfare = size, welfare
    return best


@jit
def stable_search(games, opts, tol, grand_core):
    """A large self-enforcing agreement: the largest agreement of the grand
    coalition's defection cascade, grown by the outsiders whose joining keeps
    it self-enforcing (of the ``opts.candidates`` most eager, the first)."""
    n = games[0].b.size
    sizes = group_sizes(grand_core)
    largest = np.argmax(sizes)
    mask = grand_core == largest
    if sizes[largest] < 2:
        mask[:] = False
    for _round in range(n):
        members = np.flatnonzero(mask)
        outsiders = np.flatnonzero(~mask)
        if members.size == 0 or outsiders.size == 0:
            break
        _, gains = outsider_gains(games, mask, opts)
        order = np.argsort(-gains, kind="mergesort")
        grew = False
        for t in range(min(opts.candidates, order.size)):
            o = outsiders[order[t]]
            if gains[order[t]] <= tol:
                break
            mask[o] = True
            if all_stable(games, single_agreement(mask), opts, tol, False):
                grew = True
                break
            mask[o] = False
        if not grew:
            break
    return mask


# ----------------------------------------------------------------- deals
@jit
def transposed(games):
    """Every issue's ``D``, ``N``, ``U`` by column: ``T[k, 0, j, i]`` is issue
    *k*'s ``D[i, j]`` (1: ``N``, 2: ``U``), so that the deal kernels read both
    directions of a pair from rows. (One array: a list of arrays costs about
    half a microsecond a lookup.)"""
    n = games[0].b.size
    T = np.empty((len(games), 3, n, n))
    for k in range(len(games)):
        G = games[k]
        _transpose(G.D, T[k, 0])
        _transpose(G.N, T[k, 1])
        _transpose(G.U, T[k, 2])
    return T


@jit(inline=True)
def _column_value(e, r, own, d, nn, SD, SN, u, paid_j, admitted):
    """What column *j* gives a partner *i* (``d``, ``nn``: ``D[i, j]``, ``N[i, j]``;
    times ``b_i`` by the caller) and what it gives *j* net of its cost share,
    given the column's sums; ``own``: *j*'s scalars (see :func:`_own`). Plain
    numbers only: this runs for every pair, where reading a record costs more
    than the arithmetic."""
    b, c, p, K, Djj, Njj, Ujj = own
    c_ = _crowd(r, u - Ujj)
    gj = _clip(((1.0 - e) * SD + e * SN * c_ + p) / (c * paid_j), K)
    wij = (1.0 - e) * d + (e * nn * c_ if admitted else 0.0)
    wjj = (1.0 - e) * Djj + e * Njj * c_
    return wij * gj, (b * wjj + p) * gj - paid_j * c * gj * gj / 2.0


@jit(inline=True)
def _own(G, j):
    """Provider *j*'s scalars: ``b``, ``c``, ``p``, ``K`` and its diagonal ``D``, ``N``, ``U``."""
    return G.b[j], G.c[j], G.p[j], G.K[j], G.D[j, j], G.N[j, j], G.U[j, j]


@jit(inline=True)
def _half(e, r, own, by, d, nn, uu, SD, SN, u, linked, deg0, funding):
    """Gains of a column's provider *x* and of its partner *y* from the deal (*x*, *y*),
    column *x* only; ``own``: *x*'s scalars; ``by``: *y*'s benefit weight;
    ``d``, ``nn``, ``uu``: ``D[y, x]``, ``N[y, x]``, ``U[y, x]``; ``SD``, ``SN``,
    ``u``: the column's sums as the network stands."""
    if linked:
        SD1, SN1, u1 = SD, SN, u
        SD0, SN0, u0 = SD - by * d, SN - by * nn, u - uu
    else:
        SD0, SN0, u0 = SD, SN, u
        SD1, SN1, u1 = SD + by * d, SN + by * nn, u + uu
    to_y1, to_x1 = _column_value(e, r, own, d, nn, SD1, SN1, u1, 1.0 - funding, True)
    to_y0, to_x0 = _column_value(e, r, own, d, nn, SD0, SN0, u0, 1.0 if deg0 == 0 else 1.0 - funding, False)
    return to_x1 - to_x0, by * (to_y1 - to_y0)


@jit
def column_gains(games, cols, sums, deg, M, z, k, opts):
    """Gains of provider *z* and of its partner *k* from the deal (*z*, *k*),
    through *z*'s columns only (every issue, before any transfer or side
    payment), the rest of the network given. ``sums[t]``: issue *t*'s column
    sums; ``cols``: the issues' :func:`transposed` matrices (entries are read
    from row *z*: loop over *k* for speed). Column *z*'s part changes only when
    *z*'s own deals do, so the deal network keeps it between steps."""
    linked = M[z, k]
    dz0 = deg[z] - 1 if linked else deg[z]
    gz = 0.0
    gk = 0.0
    f = opts.funding
    for t in range(len(games)):
        G = games[t]
        x, y = _half(G.e, G.r, _own(G, z), G.b[k], cols[t, 0, z, k], cols[t, 1, z, k],
                     cols[t, 2, z, k], sums[t, 0, z], sums[t, 1, z], sums[t, 2, z], linked, dz0, f)
        gz += x
        gk += y
    return gz, gk


@jit(inline=True)
def _side(deg, M, i, j, side):
    """The side payment *i* receives for the deal (*i*, *j*): its first deal only."""
    di0 = deg[i] - 1 if M[i, j] else deg[i]
    return side if di0 == 0 else 0.0


@jit(inline=True)
def _joint(P, Q, deg, M, i, j, side):
    """The pair's joint gain from the deal (*i*, *j*), from the column parts:
    *i* gains ``P[i, j]`` through its own columns and ``Q[j, i]`` through
    *j*'s, plus a side payment for a first deal."""
    return (((P[i, j] + Q[j, i]) + _side(deg, M, i, j, side))
            + ((P[j, i] + Q[i, j]) + _side(deg, M, j, i, side)))


@jit
def _update(games, sums, M, i, j, sign):
    """Column sums after the deal (*i*, *j*) is formed (``sign`` 1) or ended (-1)."""
    for k in range(len(games)):
        G = games[k]
        Gb, Gc, Gp, GK, GD, GN, GU, Ge, Gr = G.b, G.c, G.p, G.K, G.D, G.N, G.U, G.e, G.r
        for (x, y) in ((i, j), (j, i)):
            sums[k, 0, x] += sign * Gb[y] * GD[y, x]
            sums[k, 1, x] += sign * Gb[y] * GN[y, x]
            sums[k, 2, x] += sign * GU[y, x]


@jit
def _rescan(joint, M, ended, i, top_v, top_j, low_v, low_j):
    """Row *i*'s first largest formable and first smallest existing joint gain."""
    n = joint.shape[0]
    tv, tj, lv, lj = -np.inf, -1, np.inf, -1
    for j in range(i + 1, n):
        v = joint[i, j]
        if M[i, j]:
            if v < lv:
                lv, lj = v, j
        elif not ended[i, j] and v > tv:
            tv, tj = v, j
    top_v[i], top_j[i], low_v[i], low_j[i] = tv, tj, lv, lj


@jit
def _revise(joint, M, ended, k, x, y, top_v, top_j, low_v, low_j):
    """Row *k*'s record after its entries in columns *x* and *y* changed (their
    deal status did not: only a row holding one of them as its record, and now
    worse, is scanned again)."""
    for z in (x, y):
        if z <= k:
            continue
        v = joint[k, z]
        if M[k, z]:
            if low_j[k] == z and v > low_v[k]:
                _rescan(joint, M, ended, k, top_v, top_j, low_v, low_j)
                return
            if v < low_v[k] or (v == low_v[k] and z < low_j[k]):
                low_v[k], low_j[k] = v, z
        elif not ended[k, z]:
            if top_j[k] == z and v < top_v[k]:
                _rescan(joint, M, ended, k, top_v, top_j, low_v, low_j)
                return
            if v > top_v[k] or (v == top_v[k] and z < top_j[k]):
                top_v[k], top_j[k] = v, z


@jit
def deal_network(games, opts, tol, threshold):
    """Bilateral deals: from no deal, repeatedly form the deal with the largest
    joint gain of its pair, or end the deal with the largest joint loss, until
    no pair gains more than ``threshold`` (a deal's decision cost) from forming
    a deal and none loses from keeping one (pairwise stability with transfers
    within the pair; Jackson & Wolinsky 1996, Bloch & Jackson 2007). A deal
    once ended is not formed again, and the dynamic stops after ``10 n + 10``
    steps (improving paths can cycle): the network returned is then the last
    one reached. Returns the network, whether it is pairwise stable, and each
    deal (*i* < *j*) with *i*'s and *j*'s gain from it (before transfers
    between them)."""
    n = games[0].b.size
    M = np.zeros((n, n), np.bool_)
    deg = np.zeros(n, np.int64)
    sums = np.empty((len(games), 3, n))
    for k in range(len(games)):
        G = games[k]
        Gb, Gc, Gp, GK, GD, GN, GU, Ge, Gr = G.b, G.c, G.p, G.K, G.D, G.N, G.U, G.e, G.r
        for j in range(n):
            M[j, j] = True
            sums[k, 0, j] = Gb[j] * GD[j, j]
            sums[k, 1, j] = Gb[j] * GN[j, j]
            sums[k, 2, j] = GU[j, j]
    cols = transposed(games)
    # P[z, k], Q[z, k]: what provider z and its partner k gain from their deal
    # through z's columns (see column_gains); a step changes only two rows
    P = np.empty((n, n))
    Q = np.empty((n, n))
    for z in range(n):
        for k in range(n):
            if k != z:
                P[z, k], Q[z, k] = column_gains(games, cols, sums, deg, M, z, k, opts)
    joint = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            joint[i, j] = _joint(P, Q, deg, M, i, j, opts.side)
    ended = np.zeros((n, n), np.bool_)
    # per row i, over j > i: the first largest joint gain of a deal that may form
    # and the first smallest of a deal that exists (the scan is then O(n) a step)
    top_v = np.full(n, -np.inf)
    top_j = np.full(n, -1, np.int64)
    low_v = np.full(n, np.inf)
    low_j = np.full(n, -1, np.int64)
    for i in range(n):
        _rescan(joint, M, ended, i, top_v, top_j, low_v, low_j)
    for _step in range(10 * n + 10):
        best, bi = threshold + tol, -1
        worst, wi = threshold - tol, -1
        for i in range(n):
            if top_v[i] > best:
                best, bi = top_v[i], i
            if low_v[i] < worst:
                worst, wi = low_v[i], i
        if bi >= 0:
            x, y, sign = bi, top_j[bi], 1
        elif wi >= 0:
            x, y, sign = wi, low_j[wi], -1
            ended[x, y] = True
        else:
            break
        M[x, y] = M[y, x] = sign > 0
        deg[x] += sign
        deg[y] += sign
        _update(games, sums, M, x, y, float(sign))
        for z in (x, y):
            for k in range(n):
                if k != z:
                    P[z, k], Q[z, k] = column_gains(games, cols, sums, deg, M, z, k, opts)
        for z in (x, y):
            for k in range(n):
                if k != z:
                    joint[min(k, z), max(k, z)] = _joint(P, Q, deg, M, z, k, opts.side)
        for k in range(n):
            if k == x or k == y:
                _rescan(joint, M, ended, k, top_v, top_j, low_v, low_j)
            elif k < y:
                _revise(joint, M, ended, k, x, y, top_v, top_j, low_v, low_j)
    stable = True
    count = 0
    for i in range(n):
        for j in range(i + 1, n):
            if M[i, j]:
                count += 1
                if joint[i, j] < threshold - tol:
                    stable = False
            elif joint[i, j] > threshold + tol:
                stable = False
    pairs = np.empty((count, 2), np.int64)
    gains = np.empty((count, 2))
    t = 0
    for i in range(n):
        for j in range(i + 1, n):
            if M[i, j]:   # each one's share of _joint, from the final network's column parts
                pairs[t, 0], pairs[t, 1] = i, j
                gains[t, 0] = (P[i, j] + Q[j, i]) + _side(deg, M, i, j, opts.side)
                gains[t, 1] = (P[j, i] + Q[i, j]) + _side(deg, M, j, i, opts.side)
                t += 1
    return M, stable, pairs, gains


@jit
def components(M):
    """Connected components of a network as labels (deal clusters)."""
    n = M.shape[0]
    labels = np.full(n, -1, np.int64)
    nxt = 0
    stack = np.empty(n, np.int64)
    for s in range(n):
        if labels[s] >= 0:
            continue
        labels[s] = nxt
        top = 0
        stack[0] = s
        top = 1
        while top > 0:
            top -= 1
            v = stack[top]
            for w in range(n):
                if M[v, w] and labels[w] < 0:
                    labels[w] = nxt
                    stack[top] = w
                    top += 1
        nxt += 1
    return labels


@jit
def formed(games, labels, nash_payoffs, opts, pair_cost):
    """Drop the agreements whose members gain jointly, against acting alone, no
    more than the agreement's decision costs (``pair_cost`` per agreed pair):
    no group signs an agreement that does not pay for itself."""
    labels = labels.copy()
    _, payoffs, _, _, _, _, _, _ = solve_all(games, admission_of(labels), opts, False)
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


# ----------------------------------------------------------------- the pipeline
@jit
def _pairs(M):
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
def _same(A, B):
    n = A.shape[0]
    for i in range(n):
        for j in range(n):
            if A[i, j] != B[i, j]:
                return False
    return True


@jit
def _grand(n):
    return np.zeros(n, np.int64)


@jit
def solve_point(games, regions, opts):
    """Solve one scenario (see :class:`Outcome`): every scope, the level,
    stability, the achieved outcome and the largest self-enforcing agreement.

    The prediction is the scope with the best welfare net of decision costs
    among the distinct arrangements (a narrower one wins ties); its level is
    the scope's, except that a deal network in which three states are all
    linked to each other is a club (each of the three counts the other two,
    as in a plurilateral agreement): the regional level."""
    G0 = games[0]
    n = G0.b.size
    labels = np.empty((4, n), np.int64)
    labels[0] = np.arange(n)
    nash_M = admission_of(labels[0])
    _, nash_pay, _, _, _, _, _, _ = solve_all(games, nash_M, opts, False)
    unit = 0.0
    for v in nash_pay:
        unit += abs(v)
    unit /= n
    tol = opts.tol * (unit if unit > 0.0 else 1.0)
    pair_cost = opts.kappa * unit
    deals, pairwise, deal_pairs, deal_gains = deal_network(games, opts, tol, pair_cost)
    labels[1] = components(deals)
    labels[2] = formed(games, regions, nash_pay, opts, pair_cost)
    labels[3] = formed(games, _grand(n), nash_pay, opts, pair_cost)
    contributions = np.empty((4, n))
    payoffs = np.empty((4, n))
    costs = np.empty((4, n))
    provision = np.empty(4)
    welfare = np.empty(4)
    outlay = np.empty(4)
    pairs = np.empty(4)
    cost_ = np.empty(4)
    se = np.ones(4, np.bool_)
    se_open = np.ones(4, np.bool_)
    for s in range(4):
        M = deals if s == 1 else admission_of(labels[s])
        g, pay, cst, w, out, _, _, _ = solve_all(games, M, opts, False)
        contributions[s] = g
        payoffs[s] = pay
        costs[s] = cst
        provision[s] = total(g)
        welfare[s] = w
        outlay[s] = out
        pairs[s] = _pairs(M)
        cost_[s] = pair_cost * pairs[s]
        if s == 1:
            se[s] = pairwise
            se_open[s] = pairwise
        elif s > 1:
            se[s] = all_stable(games, labels[s], opts, tol, False)
            se_open[s] = all_stable(games, labels[s], opts, tol, True)
    fb_g, fb_w, lindahl = optimum(games)
    # a scope whose agreements are those of a broader one is that broader scope
    distinct = np.ones(4, np.bool_)
    grand = admission_of(_grand(n))
    regional = admission_of(labels[2])
    clubs = _has_triangle(deals)
    distinct[1] = pairs[1] > 0 and not (clubs and (_same(deals, regional) or _same(deals, grand)))
    distinct[2] = not (_same(regional, grand) or _pairs(regional) == 0)
    distinct[3] = _pairs(grand) > 0 and _same(admission_of(labels[3]), grand)
    level = 0
    scope = 0
    if total(fb_g) > 0.0 and fb_w > 0.0:
        best = welfare[0] - cost_[0]
        for s in range(1, 4):
            if not distinct[s]:
                continue
            if welfare[s] - cost_[s] > best + tol:
                best = welfare[s] - cost_[s]
                scope = s
        level = scope + 1
        if scope == 1 and clubs:
            level = 3
    grand_core = labels[3]
    have_grand_core = False
    if scope == 1:
        achieved = labels[1]
        a_M = deals
    else:
        achieved = core(games, labels[scope], opts, tol) if not se[scope] else labels[scope].copy()
        a_M = admission_of(achieved)
        if scope == 3 and labels[3].max() == 0:
            grand_core, have_grand_core = achieved, True
    a_g, _, a_cost, a_w, _, _, _, _ = solve_all(games, a_M, opts, False)
    if n <= opts.exhaustive:
        stable = stable_exhaustive(games, opts, tol)
        exact = True
    else:
        if not have_grand_core:
            grand_core = core(games, _grand(n), opts, tol)
        stable = stable_search(games, opts, tol, grand_core)
        exact = False
    s_M = admission_of(single_agreement(stable))
    s_g, _, _, s_w, _, _, _, _ = solve_all(games, s_M, opts, False)
    external = external_stable(games, stable, opts, tol)
    return Outcome(level, scope, contributions, payoffs, costs, provision, welfare, outlay, pairs, cost_,
                   se, se_open, labels, deals, pairwise, deal_pairs, deal_gains, fb_g, total(fb_g), fb_w,
                   lindahl, achieved, a_g, total(a_g), a_w, a_cost, stable, total(s_g), s_w, external,
                   exact, unit)


@jit
def optimum(games):
    """The social optimum: every provider counts every state's benefit and
    admits the users of :func:`optimum_admission` (each issue its own; no
    levers). Returns the first issue's contributions, the welfare and each
    state's Lindahl share of the costs: every provider's cost split in
    proportion to the states' marginal benefits from its provision
    (Lindahl 1919; the benefit principle of burden sharing)."""
    n = games[0].b.size
    welfare = 0.0
    first = np.zeros(n)
    pay = np.zeros(n)
    for k in range(len(games)):
        G = games[k]
        Gb, Gc, Gp, GK, GD, GN, GU, Ge, Gr = G.b, G.c, G.p, G.K, G.D, G.N, G.U, G.e, G.r
        M = optimum_admission(G, np.argsort(-Gb, kind="mergesort"))
        g, _, _, social, cost, _, _ = solve(G, M, np.ones(n), True)
        welfare += total(social)
        W = unit_matrix(G, M)
        value = Gp.copy()   # each provider's social value, summed by row (W is stored by row)
        for i in range(n):
            for j in range(n):
                value[j] += Gb[i] * W[i, j]
        for i in range(n):
            for j in range(n):
                if value[j] > 0.0:
                    pay[i] += Gb[i] * W[i, j] / value[j] * cost[j]
                    if j == i:
                        pay[i] += Gp[i] / value[i] * cost[i]
        if k == 0:
            first = g
    spent = total(pay)
    if spent > 0.0:
        pay /= spent
    return first, welfare, pay
