"""Best pairing of states: a maximum-weight matching.

Bilateral governance pairs states into deals. In the separable
contribution game each deal's gain over the Nash equilibrium depends on
its two members only, so the best set of deals is a maximum-weight
matching of the graph whose edge weights are the pair gains (Edmonds
1965). It is solved exactly, for any number of states, by the compiled
blossom algorithm of :mod:`goodsgov.solvers.blossom` (O(n^3)).
"""

from __future__ import annotations

import numpy as np

from .. import _checks
from . import kernels

__all__ = ["max_weight_matching", "pair_gains", "best_pairing"]


def max_weight_matching(weights: np.ndarray, *, tol: float = 1e-12) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, maximising the summed symmetric ``weights``.

    Only pairs with weight above ``tol`` are considered; each index is used
    at most once.

    >>> w = np.array([[0, 3, 2], [3, 0, 2.5], [2, 2.5, 0]])
    >>> max_weight_matching(w)
    [(0, 1)]
    """
    w = _checks.array("weights", weights, ndim=2)
    if w.shape[0] != w.shape[1] or not np.array_equal(w, w.T):
        raise _checks.invalid("weights", f"<{w.shape[0]}x{w.shape[1]} matrix>",
                              "must be a symmetric square matrix")
    tol = _checks.real("tol", tol)
    return _pairs(kernels.match(np.ascontiguousarray(w, dtype=float), tol))


def _pairs(mate: np.ndarray) -> list[tuple[int, int]]:
    return [(int(i), int(j)) for i, j in enumerate(mate) if j > i]


def pair_gains(game) -> np.ndarray:
    """Welfare gain over Nash of each bilateral deal ``{i, j}`` (a symmetric matrix).

    Provider *j*'s welfare contribution is ``V_j g_j - cost_j g_j**2 / 2``
    with ``V_j`` its social value of provision; joining *i* raises the
    value *j* captures by ``benefit_i W[i, j]``.
    """
    return kernels.pair_gains(game.benefit, game.spill, game.cost, game.private_benefit, game.capacity)


def best_pairing(game) -> list[tuple[int, int]]:
    """The set of bilateral deals that maximises total welfare."""
    return _pairs(kernels.match(pair_gains(game), kernels.MATCH_TOL))
