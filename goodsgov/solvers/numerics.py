"""Floating-point building blocks shared by the two-player solvers.

Vertex enumeration (:mod:`.enumeration`, :mod:`.polytope`) and Lemke–Howson
(:mod:`.lemke_howson`) validate their matrices, map payoffs onto [0, 1]
without overflow, solve small square systems and measure the regret of a
profile in the same way; these are those steps, compiled where they run
in inner loops (:mod:`goodsgov._jit`).

>>> import numpy as np
>>> unit_scale(np.array([[1e300, -1e300], [0.0, 5e299]])).tolist()
[[1.0, 0.0], [0.5, 0.75]]
"""

from __future__ import annotations

import math

import numpy as np

from .._jit import jit
from ..errors import invalid

__all__ = ["check_matrix", "unit_scale", "solve_square", "regret_pair"]


def check_matrix(field: str, M) -> np.ndarray:
    """``M`` as a non-empty 2-dimensional float array of finite numbers, or a ValidationError.

    >>> check_matrix("A", [[1, 2], [3, 4]]).dtype
    dtype('float64')
    """
    try:
        a = np.asarray(M, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise invalid(field, M, "must be a 2-dimensional array of real numbers") from None
    if a.ndim != 2 or a.size == 0:
        raise invalid(field, f"<array of shape {a.shape}>", "must be a non-empty 2-dimensional matrix")
    if not np.all(np.isfinite(a)):
        bad = tuple(int(v) for v in np.argwhere(~np.isfinite(a))[0])
        raise invalid(f"{field}[{bad}]", a[bad].item(), "must be finite (no NaN or inf)")
    return a


@jit
def unit_scale(u):  # pragma: no cover - compiled
    """Copy of the matrix ``u`` mapped affinely onto [0, 1] (zeros if constant), without overflow."""
    top = 0.0
    for v in u.flat:
        if abs(v) > top:
            top = abs(v)
    out = u.copy()
    if top == 0.0:
        return out
    e = math.frexp(top)[1]
    for i in range(out.shape[0]):                 # divide by 2**e: exact
        for j in range(out.shape[1]):
            out[i, j] = math.ldexp(out[i, j], -e)
    lo = out.min()
    span = out.max() - lo
    out -= lo
    if span > 0.0:
        out /= span
    return out


@jit
def solve_square(M, out):  # pragma: no cover - compiled
    """Solve ``M y = 1`` into ``out`` by Gaussian elimination with partial pivoting (M is overwritten).

    Returns False if a pivot is below ``1e-12`` (M's entries are at most 1).
    """
    k = M.shape[0]
    for i in range(k):
        out[i] = 1.0
    for c in range(k):
        piv = c
        best = abs(M[c, c])
        for r in range(c + 1, k):
            if abs(M[r, c]) > best:
                best = abs(M[r, c])
                piv = r
        if best <= 1e-12:
            return False
        if piv != c:
            for t in range(k):
                M[c, t], M[piv, t] = M[piv, t], M[c, t]
            out[c], out[piv] = out[piv], out[c]
        for r in range(c + 1, k):
            f = M[r, c] / M[c, c]
            if f != 0.0:
                for t in range(c, k):
                    M[r, t] -= f * M[c, t]
                out[r] -= f * out[c]
    for c in range(k - 1, -1, -1):
        acc = out[c]
        for t in range(c + 1, k):
            acc -= M[c, t] * out[t]
        out[c] = acc / M[c, c]
    return True


@jit
def regret_pair(An, Bn, x, y):  # pragma: no cover - compiled
    """Regret of (x, y) in the normalised game (units of each player's payoff range)."""
    m, n = An.shape
    best = -np.inf
    val = 0.0
    for i in range(m):
        s = 0.0
        for j in range(n):
            s += An[i, j] * y[j]
        best = max(best, s)
        val += x[i] * s
    r1 = best - val
    best = -np.inf
    val = 0.0
    for j in range(n):
        s = 0.0
        for i in range(m):
            s += x[i] * Bn[i, j]
        best = max(best, s)
        val += s * y[j]
    return max(r1, best - val)
