"""Iterated elimination of strictly dominated strategies.

An action is strictly dominated when another strategy gives its player a
strictly higher payoff against every profile of the others.  Removing
strictly dominated actions, round after round, never removes an action
played in any Nash equilibrium, and the surviving set does not depend on
the order of elimination (Gilboa, Kalai and Zemel 1990; Fudenberg and
Tirole 1991, section 2.1).  Domination by pure strategies is the default;
``mixed=True`` also tests domination by mixtures with a linear programme
(Fudenberg and Tirole 1991, definition 2.1).

``tol`` is relative to each player's payoff range: the comparisons are
made on the game mapped onto [0, 1] per player
(:func:`goodsgov.solvers.regret.normalised`), so the same actions survive
in any units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from .regret import normalised

__all__ = ["Elimination", "iterated_elimination"]


@dataclass(frozen=True)
class Elimination:
    """Result of iterated strict dominance.

    ``surviving[i]`` are the original indices of player ``i``'s surviving
    actions; ``payoffs`` is the reduced payoff tensor; ``removed`` lists
    ``(round, player, action)`` in the order actions were removed;
    ``original`` is the payoff tensor that was reduced; ``mixed`` and ``tol``
    the settings used.
    """

    original: np.ndarray
    payoffs: np.ndarray
    surviving: tuple[tuple[int, ...], ...]
    removed: tuple[tuple[int, int, int], ...]
    mixed: bool
    tol: float


def _dominated_pure(u: np.ndarray, tol: float) -> np.ndarray:
    """Which rows of ``u`` (k actions x profiles of others) some other row beats by > tol everywhere."""
    k = u.shape[0]
    dom = np.zeros(k, dtype=bool)
    for a in range(k):
        gaps = (u - u[a]).min(axis=1)  # worst-case gain of switching from a to b
        gaps[a] = -np.inf
        dom[a] = bool(np.any(gaps > tol))
    return dom


def _dominated_by_mixture(u: np.ndarray, a: int, tol: float) -> bool:
    """LP: max eps s.t. sum_b p_b u[b] >= u[a] + eps on every column, p in the simplex, p_a = 0."""
    k, m = u.shape
    others = [b for b in range(k) if b != a]
    if not others:
        return False
    q = len(others)
    # variables: p (q entries), eps; minimise -eps
    c = np.zeros(q + 1)
    c[-1] = -1.0
    a_ub = np.hstack([-u[others].T, np.ones((m, 1))])  # -sum p_b u[b,s] + eps <= -u[a,s]
    b_ub = -u[a]
    a_eq = np.zeros((1, q + 1))
    a_eq[0, :q] = 1.0
    bounds = [(0, None)] * q + [(None, None)]
    span = float(np.ptp(u)) + 1.0
    bounds[-1] = (-span, span)
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
    return bool(res.status == 0 and -res.fun > tol)


def iterated_elimination(payoffs: np.ndarray, mixed: bool = False, tol: float = 1e-9) -> Elimination:
    """Remove strictly dominated actions until none is left.

    ``payoffs`` has shape ``(N, k1, ..., kN)``.  An action is removed when
    another pure strategy (or, with ``mixed=True``, a mixture of the
    player's other actions) beats it by more than ``tol`` against every
    profile of the remaining actions of the others, ``tol`` being relative
    to the player's payoff range.  Each player keeps at least one action.

    >>> import numpy as np
    >>> A = np.array([[3.0, 0.0], [5.0, 1.0]])          # prisoner's dilemma
    >>> iterated_elimination(np.stack([A, A.T])).surviving
    ((1,), (1,))
    """
    n = payoffs.shape[0]
    keep = [list(range(k)) for k in payoffs.shape[1:]]
    cur = payoffs
    nrm = normalised(payoffs)           # decisions in units of each player's payoff range
    removed: list[tuple[int, int, int]] = []
    rnd = 0
    changed = True
    while changed:
        changed = False
        rnd += 1
        for i in range(n):
            if len(keep[i]) == 1:
                continue
            u = np.moveaxis(nrm[i], i, 0).reshape(len(keep[i]), -1)
            if mixed:
                dom = np.array([_dominated_by_mixture(u, a, tol) for a in range(u.shape[0])])
                # keep at least one: a strictly dominated set never covers all actions,
                # but rounding could; guard anyway
                if dom.all():
                    dom[np.argmax(u.sum(axis=1))] = False
            else:
                dom = _dominated_pure(u, tol)
            if dom.any():
                # remove one action at a time per player and round, so that
                # mixed-domination tests are re-run on the smaller game
                a = int(np.nonzero(dom)[0][0]) if mixed else None
                drop = [a] if mixed else list(np.nonzero(dom)[0])
                for d in sorted(drop, reverse=True):
                    removed.append((rnd, i, keep[i][d]))
                live = [j for j in range(len(keep[i])) if j not in drop]
                keep[i] = [keep[i][j] for j in live]
                cur = np.take(cur, live, axis=i + 1)
                nrm = np.take(nrm, live, axis=i + 1)
                changed = True
    cur = np.array(cur)
    cur.setflags(write=False)
    return Elimination(original=payoffs, payoffs=cur, surviving=tuple(tuple(k) for k in keep),
                       removed=tuple(removed), mixed=mixed, tol=tol)
