"""The planner's admission of users and the social optimum of a contribution game.
"""

from __future__ import annotations

import numpy as np

from ..._jit import jit
from .provision import crowd, solve, total, unit_matrix
from .records import SocialOptimum

__all__ = ["transpose", "optimum_admission", "social_optimum"]


@jit
def transpose(A, out):
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
    n = G.b.size
    NT = np.empty((n, n))    # provider j's column as a row: read in benefit order
    UT = np.empty((n, n))
    transpose(G.N, NT)
    transpose(G.U, UT)
    MT = np.zeros((n, n), np.bool_)   # row j: provider j's users (transposed at the end)
    for j in range(n):
        MT[j, j] = True
        B = G.b[j] * G.N[j, j]
        U = G.U[j, j]
        best = B * crowd(G.r, U - G.U[j, j])
        best_t = 0
        t = 0
        for k in range(n):
            i = order[k]
            if i == j or NT[j, i] <= 0.0:
                continue
            t += 1
            B += G.b[i] * NT[j, i]
            U += UT[j, i]
            v = B * crowd(G.r, U - G.U[j, j])
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
    transpose(MT, M)
    return M


@jit
def social_optimum(games):
    """The social optimum: every provider counts every state's benefit and
    admits the users of :func:`optimum_admission` (each issue its own; no
    levers). Returns a :class:`~.records.SocialOptimum`: the first issue's
    contributions and provision, the welfare, and each state's Lindahl share
    of the costs: every provider's cost split in
    proportion to the states' marginal benefits from its provision
    (Lindahl 1919; the benefit principle of burden sharing)."""
    n = games[0].b.size
    welfare = 0.0
    first = np.zeros(n)
    pay = np.zeros(n)
    payoffs = np.zeros(n)
    for k in range(len(games)):
        G = games[k]
        M = optimum_admission(G, np.argsort(-G.b, kind="mergesort"))
        sol = solve(G, M, np.ones(n), True, np.ones(n))
        cost = sol.cost
        welfare += total(sol.social)
        payoffs += sol.social
        W = unit_matrix(G, M)
        value = G.p.copy()   # each provider's social value, summed by row (W is stored by row)
        for i in range(n):
            for j in range(n):
                value[j] += G.b[i] * W[i, j]
        for i in range(n):
            for j in range(n):
                if value[j] > 0.0:
                    pay[i] += G.b[i] * W[i, j] / value[j] * cost[j]
                    if j == i:
                        pay[i] += G.p[i] / value[i] * cost[i]
        if k == 0:
            first = sol.contributions
    spent = total(pay)
    if spent > 0.0:
        pay /= spent
    return SocialOptimum(first, total(first), welfare, pay, payoffs)

