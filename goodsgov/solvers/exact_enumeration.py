"""All extreme Nash equilibria of two-player games in exact rational arithmetic.

The same vertex enumeration as :mod:`.enumeration` (von Stengel 2002,
section 3; Avis, Rosenberg, Savani and von Stengel 2010), done with
:class:`fractions.Fraction`: for a small game every basis (choice of
``d`` tight constraints) of each best-response polytope is tried, a
floating-point screen first discarding clearly infeasible bases, and the
completely labelled vertex pairs (:func:`.polytope.complementary_pairs`)
are the extreme equilibria, exactly (zero regret).  Each player's payoffs
are first mapped exactly onto [1, 2], so the screen works the same in any
units.  The work is ``C(m + n, m)`` bases, refused above ``max_bases``.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from math import comb

import numpy as np

from ..errors import SolverError, invalid
from .polytope import complementary_pairs

__all__ = ["vertex_enumeration_exact"]


def _frac_solve(G: list[list[Fraction]], h: list[Fraction]) -> list[Fraction] | None:
    """Solve G z = h exactly by Gaussian elimination; None if G is singular."""
    d = len(G)
    M = [row[:] + [h[k]] for k, row in enumerate(G)]
    for c in range(d):
        piv = next((r for r in range(c, d) if M[r][c] != 0), None)
        if piv is None:
            return None
        M[c], M[piv] = M[piv], M[c]
        pv = M[c][c]
        rowc = [v / pv for v in M[c]]
        M[c] = rowc
        for r in range(d):
            if r != c and M[r][c] != 0:
                f = M[r][c]
                M[r] = [a - f * b for a, b in zip(M[r], rowc)]
    return [M[r][d] for r in range(d)]


def _exact_vertices(Mq: list[list[Fraction]], Mf: np.ndarray, max_bases: int):
    """Exact vertices and label sets of {z >= 0 : M z <= 1} by basis enumeration."""
    r, d = Mf.shape
    nb = comb(d + r, d)
    if nb > max_bases:
        raise SolverError(f"exact enumeration would try {nb} bases (> max_bases={max_bases}); "
                          "use exact=False or raise max_bases")
    one, zero = Fraction(1), Fraction(0)
    Gq = [[-one if t == s else zero for t in range(d)] for s in range(d)] + [list(row) for row in Mq]
    hq = [zero] * d + [one] * r
    Gf = np.vstack([-np.eye(d), Mf])
    hf = np.concatenate([np.zeros(d), np.ones(r)])
    subsets = np.array(list(combinations(range(d + r), d)), dtype=np.int64)
    mats = Gf[subsets]                      # (nb, d, d)
    dets = np.linalg.det(mats)
    scale = np.abs(mats).max(axis=(1, 2)) ** d + 1e-300
    regular = np.abs(dets) > 1e-10 * scale
    keep = ~regular                          # near-singular: decide exactly
    if regular.any():
        z = np.linalg.solve(mats[regular], hf[subsets[regular]][..., None])[..., 0]
        feas = (z >= -1e-7).all(axis=1) & ((z @ Mf.T) <= 1 + 1e-7).all(axis=1)
        keep[np.nonzero(regular)[0][feas]] = True
    found: dict[tuple, tuple] = {}
    for S in subsets[keep]:
        S = [int(s) for s in S]
        z = _frac_solve([Gq[s] for s in S], [hq[s] for s in S])
        if z is None:
            continue
        lhs = [sum((g * v for g, v in zip(Gq[c], z)), zero) for c in range(d + r)]
        if any(lhs[c] > hq[c] for c in range(d + r)):
            continue
        labels = tuple(lhs[c] == hq[c] for c in range(d + r))
        found.setdefault(labels, tuple(z))
    return found


def _exact_unit(M: np.ndarray) -> np.ndarray:
    """Exact affine map of a Fraction matrix onto [1, 2] (constant matrices to all ones)."""
    lo = min(M.flat)
    span = max(M.flat) - lo
    if span == 0:
        return np.full(M.shape, Fraction(1), dtype=object)
    return (M - lo) / span + Fraction(1)


def vertex_enumeration_exact(A, B, max_bases: int = 50_000
                             ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every extreme Nash equilibrium in exact rational arithmetic.

    ``A`` and ``B`` may hold ints, floats (taken at their exact binary value)
    or :class:`fractions.Fraction`.  Returns pairs of object arrays of
    ``Fraction`` that are exactly equilibria (zero regret).  Each player's
    payoffs are first mapped exactly onto [1, 2], so the floating-point
    screen works the same in any units.  Raises
    :class:`goodsgov.errors.SolverError` when a polytope has more than
    ``max_bases`` candidate bases (``C(m + n, m)``).

    >>> import numpy as np
    >>> A = np.array([[1, -1], [-1, 1]], dtype=object)
    >>> [(list(map(str, x)), list(map(str, y))) for x, y in vertex_enumeration_exact(A, -A)]
    [(['1/2', '1/2'], ['1/2', '1/2'])]
    """
    try:
        Aq = np.vectorize(Fraction, otypes=[object])(np.asarray(A, dtype=object))
        Bq = np.vectorize(Fraction, otypes=[object])(np.asarray(B, dtype=object))
    except (TypeError, ValueError, OverflowError):
        raise invalid("A", A, "A and B must be matrices of finite rational or real numbers") from None
    if Aq.ndim != 2 or Aq.size == 0:
        raise invalid("A", f"<array of shape {Aq.shape}>", "must be a non-empty 2-dimensional matrix")
    if Bq.shape != Aq.shape:
        raise invalid("B", f"<matrix of shape {Bq.shape}>", f"must have the shape of A, {Aq.shape}")
    m, n = Aq.shape
    if comb(m + n, m) > max_bases:
        raise SolverError(f"exact enumeration would try {comb(m + n, m)} bases "
                          f"(> max_bases={max_bases}); use exact=False or raise max_bases")
    Ap = _exact_unit(Aq)
    Bp = _exact_unit(Bq)
    Af = Ap.astype(float)
    Bf = Bp.astype(float)
    # P = {x >= 0 : B^T x <= 1}: labels x_i = 0 (i < m), (B^T x)_j = 1 (m + j)
    vp = _exact_vertices(Bp.T.tolist(), Bf.T, max_bases)
    # Q = {y >= 0 : A y <= 1}: labels y_j = 0 (j < n), (A y)_i = 1 (n + i) -> reorder
    vq = _exact_vertices(Ap.tolist(), Af, max_bases)
    Px = [(np.array(lab, dtype=bool), z) for lab, z in vp.items() if any(v != 0 for v in z)]
    Qy = [(np.array(lab[n:] + lab[:n], dtype=bool), z) for lab, z in vq.items()
          if any(v != 0 for v in z)]
    out = []
    if Px and Qy:
        pairs = complementary_pairs(np.array([l for l, _ in Px]), np.array([l for l, _ in Qy]), m)
        for i, j in pairs:
            x = np.array(Px[i][1], dtype=object)
            y = np.array(Qy[j][1], dtype=object)
            out.append((x / sum(x), y / sum(y)))
    out.sort(key=_sort_key)
    return out


def _sort_key(eq):
    return tuple(np.round(np.concatenate(eq).astype(float), 9))
