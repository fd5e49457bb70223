"""One agreement, every other state alone: its equilibrium, stability and value in
time quadratic in its members, not in the states.

Agreements do not interact in the contribution game (benefits are linear, so
a provider's choice depends only on whom it counts and admits): what one
agreement does to its members, and what joining it is worth to an outsider,
depends on its members' columns and rows only. The treaty designer and the
searches for self-enforcing agreements ask these questions many times per
prediction; these kernels answer them without solving all *n* states. A
donor's budget couples the agreements (one budget for all); with a finite
budget the callers use the full solution instead
(:func:`~.stability.agreement_gains`, :func:`~.stability.outsider_gains`).
"""

from __future__ import annotations

import numpy as np

from ..._jit import jit
from .provision import admission_of, clip, crowd, deepen, member_cost, solve_all, total
from .records import Joining
from .stability import (agreement_gains, fill_sums, join_gains, member_gains, new_sums, outsider_gains,
                        round_gains, single_agreement)
from .sparse import sparse_work

__all__ = ["issue_of", "leave_gains_single", "leave_gains_depths", "stable_single", "join_gains_single", "value_single"]


@jit
def issue_of(G, members, d, paid):
    """One issue's equilibrium with the agreement ``members`` at depth ``d`` (cost
    share ``paid``), the rest alone: provision ``g`` and crowding ``cr`` of every
    state (the rest at their status quo) and the members' column sums ``SD``,
    ``SN``, ``us`` (in member order)."""
    n = G.b.size
    m = members.size
    e = G.e
    SD = np.zeros(m)
    SN = np.zeros(m)
    us = np.zeros(m)
    for t in range(m):
        j = members[t]
        for a in range(m):
            i = members[a]
            SD[t] += G.b[i] * G.D[i, j]
            SN[t] += G.b[i] * G.N[i, j]
            us[t] += G.U[i, j]
    g = G.g0.copy()
    cr = np.ones(n)
    for t in range(m):
        j = members[t]
        c_ = crowd(G.r, us[t] - G.U[j, j])
        g[j] = deepen(G, j, clip(((1.0 - e) * SD[t] + e * SN[t] * c_ + G.p[j]) / (G.c[j] * paid), G.K[j]), d)
        cr[j] = c_
    return g, cr, SD, SN, us


@jit
def _full_leave_gains(games, mask, d, stake, opts, open_):
    """:func:`leave_gains_single` from the full solution (a finite budget couples agreements)."""
    labels = single_agreement(mask)
    M = admission_of(labels)
    eq = solve_all(games, M, opts, False, np.full(mask.size, d))
    return agreement_gains(games, M, np.flatnonzero(mask), eq, opts, open_, d, stake)


@jit
def leave_gains_single(games, mask, d, stake, opts, open_):
    """Each member's gain from leaving the agreement ``mask`` of depth ``d`` (the rest
    alone), every issue, lever and decision cost included (as
    :func:`~.stability.agreement_gains`)."""
    if opts.budget < np.inf:
        return _full_leave_gains(games, mask, d, stake, opts, open_)
    members = np.flatnonzero(mask)
    m = members.size
    gains = np.zeros(m)
    if m < 2:
        return gains
    paid = 1.0 - opts.funding
    for G in games:
        g, cr, SD, SN, us = issue_of(G, members, d, paid)
        gains += member_gains(G, members, SD, SN, us, g, cr, opts.funding, open_, d)
    for a in range(m):
        gains[a] += member_cost(opts, stake[members[a]], m) - opts.side_payment
    return gains


@jit
def leave_gains_depths(games, mask, ds, stake, opts, lists):
    """:func:`leave_gains_single` (exclusion convention) at each depth of ``ds``
    (a row per depth) from one pass over the agreement's columns
    (:func:`~.sparse.sparse_gains`; ``lists``: each issue's
    :func:`~.sparse.near_lists`)."""
    members = np.flatnonzero(mask)
    gains = np.zeros((ds.size, members.size))
    if members.size < 2:
        return gains
    if opts.budget < np.inf:
        for q in range(ds.size):
            gains[q] = _full_leave_gains(games, mask, ds[q], stake, opts, False)
        return gains
    sums = new_sums(len(games), mask.size)
    fill_sums(games, members, sums, 1.0 - opts.funding)
    return round_gains(games, members, mask, sums, ds, stake, opts, lists, sparse_work(mask.size))


@jit
def stable_single(games, mask, d, stake, opts, tol, open_):
    """Whether the agreement ``mask`` of depth ``d`` (the rest alone) is internally
    stable (with ``opts.transfers``: its members' summed gain from leaving)."""
    if mask.sum() < 2:
        return True
    gains = leave_gains_single(games, mask, d, stake, opts, open_)
    if opts.transfers:
        return total(gains) <= tol
    return gains.max() <= tol


@jit
def join_gains_single(games, mask, d, stake, opts, forum):
    """The states of the ``forum`` (a mask) outside the agreement ``mask`` of depth
    ``d`` (the rest alone) and each one's gain from joining it, as
    :func:`~.stability.outsider_gains`: an outsider's receipts from other
    providers are the same either way, so only the members' columns and its own
    enter, and each outsider's gain is its own (the forum's are computed alone)."""
    if opts.budget < np.inf:
        every = outsider_gains(games, mask, d, stake, opts)
        keep = forum[every.outsiders]
        return Joining(every.outsiders[keep], every.gains[keep])
    members = np.flatnonzero(mask)
    outsiders = np.flatnonzero(~mask & forum)
    m = members.size
    paid_in = 1.0 - opts.funding if m >= 2 else 1.0
    gains = np.zeros(outsiders.size)
    for G in games:
        g, cr, SD, SN, us = issue_of(G, members, d, paid_in)
        gains += join_gains(G, members, outsiders, SD, SN, us, g, cr, opts.funding, d)
    for a in range(outsiders.size):
        if m < 2:
            gains[a] += opts.side_payment
        gains[a] -= member_cost(opts, stake[outsiders[a]], m + 1)
    return Joining(outsiders, gains)


@jit
def value_single(games, mask, d, stake, opts):
    """The members' joint gain over the status quo from the agreement ``mask`` of
    depth ``d`` alone: their payoffs (levers included) less decision costs,
    against acting alone."""
    members = np.flatnonzero(mask)
    m = members.size
    if m < 2:
        return 0.0
    if opts.budget < np.inf:
        eq = solve_all(games, admission_of(single_agreement(mask)), opts, False, np.full(mask.size, d))
        nash = solve_all(games, np.eye(mask.size, dtype=np.bool_), opts, False, np.ones(mask.size))
        v = 0.0
        for k in members:
            v += eq.payoffs[k] - nash.payoffs[k] - member_cost(opts, stake[k], m)
        return v
    paid = 1.0 - opts.funding
    v = 0.0
    for G in games:
        e = G.e
        g, cr, SD, SN, us = issue_of(G, members, d, paid)
        for a in range(m):
            k = members[a]
            for t in range(m):
                j = members[t]
                now = ((1.0 - e) * G.D[k, j] + e * G.N[k, j] * cr[j]) * g[j]
                alone = ((1.0 - e) * G.D[k, j] + (e * G.N[k, k] if j == k else 0.0)) * G.g0[j]
                v += G.b[k] * (now - alone)
            v += G.p[k] * (g[k] - G.g0[k]) - G.c[k] * (paid * g[k] * g[k] - G.g0[k] * G.g0[k]) / 2.0
    for k in members:
        v += opts.side_payment - member_cost(opts, stake[k], m)
    return v
