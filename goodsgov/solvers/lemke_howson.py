"""One Nash equilibrium of a two-player game by the Lemke–Howson algorithm.

Lemke and Howson (1964) follow a path of almost completely labelled vertex
pairs of the best-response polytopes (von Stengel 2002, section 3.4): drop
one label at the artificial equilibrium (0, 0) and pivot alternately in the
two tableaux until the dropped label is picked up again.  The endpoint is a
Nash equilibrium.  Ties in the ratio test (degenerate games) are broken by
the lexicographic rule, which guarantees termination (von Stengel 2002,
section 3.5).

Scale: each player's payoffs are first mapped onto [1, 2] by a positive
affine map (equilibria unchanged), so the pivoting tolerances mean the same
in any units.  The endpoint is always checked: its regret relative to each
player's payoff range must be at most ``tol``.  If rounding in the pivots
left it short, the equilibrium is recomputed from the final supports by one
linear solve; if that fails too, :class:`goodsgov.errors.SolverError` is
raised rather than a profile that is not an equilibrium.
"""

from __future__ import annotations

import numpy as np

from .._checks import integer, memory, real
from ..errors import SolverError, invalid
from .numerics import check_matrix, regret_pair, unit_scale

__all__ = ["lemke_howson"]


class Tableau:
    """Tableau for {z >= 0, s >= 0 : M z + s = 1}; columns: z (d), s (r), rhs."""

    def __init__(self, M: np.ndarray, z_labels: list[int], s_labels: list[int]):
        r, d = M.shape
        self.T = np.hstack([M, np.eye(r), np.ones((r, 1))])
        self.labels = np.array(z_labels + s_labels)       # label of each column
        self.basis = list(range(d, d + r))                 # slacks basic at start
        self.r = r
        self.d = d

    def col_of_label(self, lab: int) -> int:
        return int(np.nonzero(self.labels == lab)[0][0])

    def pivot_in(self, col: int) -> int:
        """Enter column ``col``; return the label of the leaving variable."""
        T = self.T
        colv = T[:, col]
        rows = np.nonzero(colv > 1e-12)[0]
        if rows.size == 0:
            raise SolverError("Lemke-Howson ray: the polytope is unbounded (payoffs not positive)")
        # lexicographic ratio test on (rhs, slack columns) / pivot element
        keys = np.hstack([T[rows, -1:], T[rows, self.d:self.d + self.r]]) / colv[rows, None]
        cand = np.arange(rows.size)
        for c in range(keys.shape[1]):
            v = keys[cand, c]
            best = v.min()
            cand = cand[v <= best + 1e-12 * max(1.0, abs(best))]
            if cand.size == 1:
                break
        row = int(rows[cand[0]])
        T[row] /= T[row, col]
        for k in range(T.shape[0]):
            if k != row and T[k, col] != 0.0:
                T[k] -= T[k, col] * T[row]
        leaving = self.basis[row]
        self.basis[row] = col
        return int(self.labels[leaving])

    def values(self) -> np.ndarray:
        z = np.zeros(self.d)
        for row, col in enumerate(self.basis):
            if col < self.d:
                z[col] = self.T[row, -1]
        return z


def lemke_howson(A: np.ndarray, B: np.ndarray, start: int = 0, max_pivots: int = 100_000,
                 tol: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
    """Nash equilibrium reached by dropping label ``start`` (0 .. m+n-1).

    Labels ``0 .. m-1`` are player 1's actions, ``m .. m+n-1`` player 2's.
    Different starting labels can reach different equilibria, but not
    necessarily all of them (use vertex enumeration for that).  The result
    has regret at most ``tol`` relative to each player's payoff range (it is
    checked; see the module docstring), in any units of the payoffs.

    >>> import numpy as np
    >>> A = np.array([[3.0, 0.0], [0.0, 2.0]]); B = np.array([[2.0, 0.0], [0.0, 3.0]])
    >>> x, y = lemke_howson(A * 1e12, B * 1e-12, start=0)
    >>> x.tolist(), y.tolist()
    ([1.0, 0.0], [1.0, 0.0])
    """
    A = check_matrix("A", A)
    B = check_matrix("B", B)
    if B.shape != A.shape:
        raise invalid("B", f"<matrix of shape {B.shape}>", f"must have the shape of A, {A.shape}")
    m, n = A.shape
    if isinstance(start, bool) or not isinstance(start, (int, np.integer)) or not 0 <= start < m + n:
        raise invalid("start", start, f"must be a label in [0, {m + n - 1}]")
    tol = real("tol", tol, low=0.0)
    max_pivots = integer("max_pivots", max_pivots, low=1)
    # the two tableaux hold (n + m) x (m + n + 1) floats in all: refuse what cannot be allocated
    memory(f"Lemke-Howson's tableaux for this {m} x {n} game", 8 * (m + n) * (m + n + 1),
           hint="use a smaller game (the tableaux grow with the square of m + n)")
    # each player's payoffs on [0, 1], then shifted to [1, 2]: positive, equilibria unchanged
    An = unit_scale(A)
    Bn = unit_scale(B)
    As = An + 1.0
    Bs = Bn + 1.0
    # P: B^T x + s = 1, x_i has label i, s_j has label m+j
    tp = Tableau(Bs.T, list(range(m)), list(range(m, m + n)))
    # Q: A y + r = 1, y_j has label m+j, r_i has label i
    tq = Tableau(As, list(range(m, m + n)), list(range(m)))
    lab = int(start)
    tab = tp if lab < m else tq
    for _ in range(max_pivots):
        left = tab.pivot_in(tab.col_of_label(lab))
        if left == start:
            break
        # the complementary variable (same label) enters the other tableau
        tab = tq if tab is tp else tp
        lab = left
    else:  # pragma: no cover - lexicographic pivoting terminates
        raise SolverError(f"Lemke-Howson did not finish in {max_pivots} pivots")
    x = _probabilities(tp.values())
    y = _probabilities(tq.values())
    r = regret_pair(An, Bn, x, y)
    if r > tol:
        x, y = resolve_supports(As, Bs, x, y)
        r = regret_pair(An, Bn, x, y)
    if not r <= tol:
        raise SolverError(
            f"Lemke-Howson from label {start} ended at a profile with regret {r:.3g} of the "
            f"payoff range (> tol = {tol:g}): rounding in the pivots; use vertex enumeration "
            "(NormalFormGame.equilibria, exact=True for exact arithmetic)")
    return x, y


def _probabilities(z: np.ndarray) -> np.ndarray:
    z = np.maximum(z, 0.0)
    total = z.sum()
    if not total > 0.0:
        raise SolverError("Lemke-Howson ended at the artificial equilibrium (rounding in the pivots)")
    return z / total


def resolve_supports(As, Bs, x, y):
    """Recompute an equilibrium on the supports of (x, y) by one least-squares solve each."""
    S = np.nonzero(x > 1e-12)[0]
    T = np.nonzero(y > 1e-12)[0]
    try:
        yT = np.linalg.lstsq(As[np.ix_(S, T)], np.ones(S.size), rcond=None)[0]
        xS = np.linalg.lstsq(Bs[np.ix_(S, T)].T, np.ones(T.size), rcond=None)[0]
    except np.linalg.LinAlgError:
        return x, y
    if np.any(yT < 0) or np.any(xS < 0) or yT.sum() <= 0 or xS.sum() <= 0:
        return x, y
    x2 = np.zeros_like(x)
    y2 = np.zeros_like(y)
    x2[S] = xS / xS.sum()
    y2[T] = yT / yT.sum()
    return x2, y2
