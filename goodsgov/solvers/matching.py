"""Best pairing of states: a maximum-weight matching.

Bilateral governance pairs states into deals. In the separable
contribution game each deal's gain over the Nash equilibrium depends on
its two members only, so the best set of deals is a maximum-weight
matching of the graph whose edge weights are the pair gains (Edmonds
1965). It is solved exactly as a 0-1 integer programme with HiGHS
(``scipy.optimize.milp``) over the pairs with positive gain.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from ..errors import SolverError
from .agreements import captured_value, labels_of

__all__ = ["max_weight_matching", "pair_gains", "best_pairing"]


def max_weight_matching(weights: np.ndarray, *, tol: float = 1e-12) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, maximising the summed symmetric ``weights``.

    Only pairs with weight above ``tol`` are considered; each index is used
    at most once.

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
    m = gain.size
    rows = np.concatenate([iu, ju])
    cols = np.concatenate([np.arange(m), np.arange(m)])
    incidence = coo_matrix((np.ones(2 * m), (rows, cols)), shape=(n, m)).tocsr()
    res = milp(-gain, constraints=LinearConstraint(incidence, 0, 1),
               integrality=np.ones(m), bounds=Bounds(0, 1))
    if res.x is None:  # pragma: no cover - HiGHS always finds the empty matching feasible
        raise SolverError(f"matching failed: {res.message}")
    chosen = np.flatnonzero(res.x > 0.5)
    return sorted((int(iu[k]), int(ju[k])) for k in chosen)


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
