"""Best pairing of states: a maximum-weight matching.

Bilateral governance pairs states into deals. In the separable
contribution game each deal's gain over the Nash equilibrium depends on
its two members only, so the best set of deals is a maximum-weight
matching of the graph whose edge weights are the pair gains (Edmonds
1965). Up to ``EXACT_PAIRS`` candidate pairs it is solved exactly as a
0-1 integer programme with HiGHS (``scipy.optimize.milp``) over the pairs
with positive gain. Larger graphs (a complete graph of more than about 63
states) would take seconds to minutes that way, so they get a greedy
matching improved by exchanges (re-pairing two deals, or replacing a
partner by an unmatched state) until no exchange helps: a local optimum,
measured within 1 % of the linear-programming bound on the canonical
193-state scenarios (``benchmarks/bench_predict.py``).
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .agreements import captured_value, labels_of

__all__ = ["max_weight_matching", "local_matching", "pair_gains", "best_pairing", "EXACT_PAIRS"]

#: Largest number of candidate pairs matched exactly by integer programming.
EXACT_PAIRS = 2000


def max_weight_matching(weights: np.ndarray, *, tol: float = 1e-12,
                        exact_pairs: int = EXACT_PAIRS) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, maximising the summed symmetric ``weights``.

    Only pairs with weight above ``tol`` are considered; each index is used
    at most once. Exact up to ``exact_pairs`` candidate pairs, else
    :func:`local_matching` (see the module docstring).

    >>> w = np.array([[0, 3, 2], [3, 0, 2.5], [2, 2.5, 0]])
    >>> max_weight_matching(w)
    [(0, 1)]
    """
    w = np.asarray(weights, dtype=float)
    n = w.shape[0]
    iu, ju = np.triu_indices(n, k=1)
    keep = w[iu, ju] > tol
    iu, ju, gain = iu[keep], ju[keep], w[iu, ju][keep]
    if gain.size == 0:
        return []
    if gain.size > exact_pairs:
        return local_matching(w, tol=tol)
    m = gain.size
    rows = np.concatenate([iu, ju])
    cols = np.concatenate([np.arange(m), np.arange(m)])
    incidence = coo_matrix((np.ones(2 * m), (rows, cols)), shape=(n, m)).tocsr()
    constraints = [LinearConstraint(incidence, 0, 1)]
    # Degree constraints alone leave odd cycles of half-edges in the LP relaxation, and
    # branch and bound on them can take minutes for a few dozen states (odd n, near-equal
    # gains). Edmonds's (1965) odd-set inequalities x(E(S)) <= (|S| - 1) / 2 close that gap:
    # start with the odd components of the graph, add those the relaxation violates on odd
    # components of its support, then solve the strengthened integer programme (exact
    # whatever cuts were found).
    # Seed cuts: odd components of the graphs of the heavier edges (x = 1 on each graph).
    for level in np.unique(np.quantile(gain, np.linspace(0.0, 0.9, 10))):
        heavy = _odd_set_cuts(n, iu, ju, (gain >= level).astype(float))
        if heavy is not None:
            constraints.append(heavy)
    x = np.ones(m)
    for _ in range(max(1, n)):
        cuts = _odd_set_cuts(n, iu, ju, x)
        if cuts is None:
            break
        constraints.append(cuts)
        x = milp(-gain, constraints=constraints, integrality=np.zeros(m), bounds=Bounds(0, 1)).x
        if x is None:
            break
        if np.all((x < 1e-9) | (x > 1 - 1e-9)):
            # an integral optimum of the relaxation is an optimum of the integer programme
            return sorted((int(iu[k]), int(ju[k])) for k in np.flatnonzero(x > 0.5))
    # HiGHS stops at a relative gap of 1e-4 by default and an absolute gap of 1e-6: ask for
    # no relative gap and scale the weights so the absolute one is 1e-6 of the largest weight.
    res = milp(-gain / gain.max(), constraints=constraints, integrality=np.ones(m),
               bounds=Bounds(0, 1), options={"mip_rel_gap": 0.0})
    if res.x is None or not res.success:
        # HiGHS gives up on badly scaled weights (gains many orders of magnitude apart);
        # say so and return the local optimum rather than no answer.
        warnings.warn(f"exact matching failed ({res.message}); using the local-search matching",
                      RuntimeWarning, stacklevel=2)
        return local_matching(w, tol=tol)
    chosen = np.flatnonzero(res.x > 0.5)
    return sorted((int(iu[k]), int(ju[k])) for k in chosen)


def _odd_set_cuts(n: int, iu: np.ndarray, ju: np.ndarray, x: np.ndarray):
    """Odd-set inequalities violated by ``x`` on odd components of its support and fractional part."""
    rows, rhs = [], []
    for edges in (x > 1e-9, (x > 1e-9) & (x < 1 - 1e-9)):
        if not edges.any():
            continue
        graph = coo_matrix((np.ones(int(edges.sum())), (iu[edges], ju[edges])), shape=(n, n))
        _, comp = connected_components(graph, directed=False)
        for c in np.unique(comp[np.concatenate([iu[edges], ju[edges]])]):
            inside = comp == c
            size = int(inside.sum())
            within = (inside[iu] & inside[ju]).astype(float)
            if size % 2 == 1 and within @ x > (size - 1) / 2 + 1e-9:
                rows.append(within)
                rhs.append((size - 1) / 2)
    return LinearConstraint(np.array(rows), -np.inf, rhs) if rows else None


def _greedy(w: np.ndarray, tol: float) -> list[tuple[int, int]]:
    n = w.shape[0]
    iu, ju = np.triu_indices(n, k=1)
    gain = w[iu, ju]
    free = np.ones(n, dtype=bool)
    pairs = []
    for k in np.argsort(-gain, kind="stable"):
        if gain[k] <= tol:
            break
        i, j = iu[k], ju[k]
        if free[i] and free[j]:
            free[i] = free[j] = False
            pairs.append((int(i), int(j)))
    return pairs


def _best_exchange(w: np.ndarray, pairs: list[tuple[int, int]], tol: float):
    """The exchange that raises the matching's weight most, or None."""
    n = w.shape[0]
    p = np.array(pairs, dtype=int).reshape(-1, 2)
    a, b = p[:, 0], p[:, 1]
    base = w[a, b]
    best, move = tol, None
    if len(p) >= 2:
        cur = base[:, None] + base[None, :]
        for kind, (x, y) in enumerate(((a, a), (a, b))):
            other_x, other_y = (b, b) if kind == 0 else (b, a)
            d = w[x[:, None], y[None, :]] + w[other_x[:, None], other_y[None, :]] - cur
            np.fill_diagonal(d, -np.inf)
            k = int(np.argmax(d))
            if d.flat[k] > best:
                best = d.flat[k]
                q, r = np.unravel_index(k, d.shape)
                new = [(x[q], y[r]), (other_x[q], other_y[r])]
                move = ({int(q), int(r)}, new)
    matched = np.zeros(n, dtype=bool)
    matched[p.ravel()] = True
    free = np.flatnonzero(~matched)
    if free.size and len(p):
        for side in (a, b):
            d = w[free[:, None], side[None, :]] - base[None, :]
            k = int(np.argmax(d))
            if d.flat[k] > best:
                best = d.flat[k]
                u, e = np.unravel_index(k, d.shape)
                move = ({int(e)}, [(free[u], side[e])])
    if free.size >= 2 and len(p):
        # augmenting path u - a - b - v: deal {a, b} becomes {u, a} and {b, v} (u != v).
        ga, gb = w[free[:, None], a[None, :]], w[free[:, None], b[None, :]]
        ia, ib = np.argsort(-ga, axis=0)[:2], np.argsort(-gb, axis=0)[:2]
        cols = np.arange(len(p))
        for ra, rb in ((0, 0), (0, 1), (1, 0)):
            u, v = ia[ra], ib[rb]
            d = np.where(u != v, ga[u, cols] + gb[v, cols] - base, -np.inf)
            e = int(np.argmax(d))
            if d[e] > best:
                best = d[e]
                move = ({e}, [(free[u[e]], a[e]), (b[e], free[v[e]])])
    if free.size >= 2:
        d = w[np.ix_(free, free)].copy()
        np.fill_diagonal(d, -np.inf)
        k = int(np.argmax(d))
        if d.flat[k] > best:
            u, v = np.unravel_index(k, d.shape)
            move = (set(), [(free[u], free[v])])
    return move


def local_matching(weights: np.ndarray, *, tol: float = 1e-12) -> list[tuple[int, int]]:
    """A matching no single exchange can improve: greedy, then best exchanges.

    Exchanges: re-pair two deals ``{a, b}, {c, d}`` as ``{a, c}, {b, d}``
    or ``{a, d}, {b, c}``; replace a partner by an unmatched state; split
    a deal ``{a, b}`` into ``{u, a}, {b, v}`` with unmatched ``u, v``; match
    two unmatched states. Each accepted exchange raises the weight by more
    than ``tol``, so the search ends.

    >>> w = np.array([[0, 3, 2, 0], [3, 0, 0, 2], [2, 0, 0, 0], [0, 2, 0, 0]])
    >>> local_matching(w)
    [(0, 2), (1, 3)]
    """
    w = np.asarray(weights, dtype=float)
    pairs = _greedy(w, tol)
    while True:
        move = _best_exchange(w, pairs, tol)
        if move is None:
            return sorted(pairs)
        drop, new = move
        pairs = [pr for k, pr in enumerate(pairs) if k not in drop]
        pairs += [tuple(sorted((int(i), int(j)))) for i, j in new]


def pair_gains(game) -> np.ndarray:
    """Welfare gain over Nash of each bilateral deal ``{i, j}`` (a symmetric matrix).

    Provider *j*'s welfare contribution is ``V_j g_j - cost_j g_j**2 / 2``
    with ``V_j`` its social value of provision; joining *i* raises the
    value *j* captures by ``benefit_i W[i, j]``.
    """
    b, c, v, k = game.benefit, game.cost, game.value_of_provision, game.capacity
    base = captured_value(game, labels_of(game, np.arange(game.n_players)))  # Nash
    g0 = np.clip(base / c, 0.0, k)
    w0 = v * g0 - c * g0 ** 2 / 2.0
    g1 = np.clip((base[None, :] + b[:, None] * game.spill) / c[None, :], 0.0, k[None, :])
    delta = v[None, :] * g1 - c[None, :] * g1 ** 2 / 2.0 - w0[None, :]   # [i, j]: j's gain when i joins
    gains = delta + delta.T
    np.fill_diagonal(gains, 0.0)
    return gains


def best_pairing(game) -> list[tuple[int, int]]:
    """The set of bilateral deals that maximises total welfare."""
    return max_weight_matching(pair_gains(game))
