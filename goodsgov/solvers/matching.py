"""Maximum-weight matching: the best set of disjoint pairs.

The exact blossom algorithm of :mod:`goodsgov.solvers.blossom` (Edmonds
1965; Galil 1986), for any number of vertices in O(n^3). The governance
model forms bilateral deals as a network (a state may hold several; see
:func:`goodsgov.solvers.agreements.deal_network`); this solver remains for
users who need one-partner-per-state pairings.
"""

from __future__ import annotations

import numpy as np

from .. import _checks
from .._jit import jit
from .blossom import blossom_matching

__all__ = ["max_weight_matching"]


@jit
def _match(weights, tol):
    """Each vertex's partner (or -1) in a maximum-weight matching over the pairs above ``tol``."""
    n = weights.shape[0]
    count = 0
    for i in range(n):
        for j in range(i + 1, n):
            if weights[i, j] > tol:
                count += 1
    ei = np.empty(count, np.int64)
    ej = np.empty(count, np.int64)
    w = np.empty(count)
    k = 0
    for i in range(n):
        for j in range(i + 1, n):
            if weights[i, j] > tol:
                ei[k], ej[k], w[k] = i, j, weights[i, j]
                k += 1
    return blossom_matching(n, ei, ej, w)


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
    mate = _match(np.ascontiguousarray(w, dtype=float), tol)
    return [(int(i), int(j)) for i, j in enumerate(mate) if j > i]
