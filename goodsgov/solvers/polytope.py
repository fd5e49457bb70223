"""Vertices and labels of best-response polytopes ``{z >= 0 : M z <= 1}``.

The best-response polytopes of a bimatrix game (von Stengel 2002, section
3) have this form once payoffs are positive; :mod:`.enumeration` and
:mod:`.exact_enumeration` scale a game so that ``M`` is non-negative with
largest coefficient 1 per constraint and every coordinate lies in [0, 1].
A point's *labels* are its tight constraints: column ``t < d`` of a label
row marks ``z_t = 0``, column ``d + s`` marks ``(M z)_s = 1``.

Vertices come from Qhull (a halfspace intersection by polar duality,
via scipy; Ziegler 1995, section 2.3) or, for a polytope with few bases,
from a compiled loop over every basis (:mod:`goodsgov._jit`).  Work is
bounded by McMullen's (1970) upper bound theorem (:func:`vertex_bound`).
Two vertices of the two polytopes form an equilibrium candidate when
their labels together cover every label (:func:`complementary_pairs`).

>>> import numpy as np
>>> V, L = polytope_vertices(np.array([[1.0, 0.5], [0.5, 1.0]]))
>>> len(V), L.shape
(3, (3, 4))
"""

from __future__ import annotations

from math import comb

import numpy as np
from scipy.spatial import ConvexHull
from scipy.spatial import QhullError

from .._jit import jit
from ..errors import SolverError
from .numerics import solve_square

__all__ = ["polytope_vertices", "vertex_bound", "vertices", "merge_duplicates",
           "complementary_pairs", "basis_vertices", "facet_vertices", "hull_equations",
           "LABEL_TOL", "FEAS_TOL"]

#: Label tolerance on the normalised polytopes (coordinates in [0, 1]).
LABEL_TOL = 1e-9
#: Feasibility slack for vertices reported by Qhull (normalised units).
FEAS_TOL = 1e-7


def vertex_bound(d: int, f: int) -> int:
    """Upper bound on the vertices of a d-polytope with f facets (McMullen 1970).

    >>> vertex_bound(2, 4), vertex_bound(16, 32)
    (4, 980628)
    """
    if d <= 0:
        return 1
    if f <= d:
        return 1
    lo, hi = d // 2, (d + 1) // 2
    return comb(f - hi, lo) + comb(f - lo - 1, hi - 1)


# ----------------------------------------------------------- compiled kernels

@jit
def _label(M, z, tol, feas, L, row):  # pragma: no cover - compiled
    """Labels of the point z of {z >= 0 : M z <= 1} into ``L[row]``; False if infeasible."""
    r, d = M.shape
    for t in range(d):
        if z[t] < -feas:
            return False
        L[row, t] = abs(z[t]) <= tol
        if L[row, t]:
            z[t] = 0.0
    for s in range(r):
        acc = 0.0
        for t in range(d):
            acc += M[s, t] * z[t]
        sl = 1.0 - acc
        if sl < -feas:
            return False
        L[row, d + s] = abs(sl) <= tol
    return True


@jit
def facet_vertices(eq, z0, M, tol, feas, V, L):  # pragma: no cover - compiled
    """Vertices and labels of {z >= 0 : M z <= 1} from the polar hull's facet equations.

    Facet ``n.w + c = 0`` of the polar is the vertex ``z0 - n / c``.  Writes
    the vertices other than the origin into ``V`` and their labels into
    ``L`` (column ``t < d``: ``z_t = 0``; ``d + s``: ``(M z)_s = 1``) and
    returns their number; points that are (numerically) infeasible are dropped.
    """
    r, d = M.shape
    count = 0
    z = np.empty(d)
    for f in range(eq.shape[0]):
        c = eq[f, d]
        if not c < 0.0:
            continue
        for t in range(d):
            z[t] = z0[t] - eq[f, t] / c
        if not _label(M, z, tol, feas, L, count):
            continue
        total = 0.0
        for t in range(d):
            total += z[t]
        if total <= 0.0:
            continue
        V[count] = z
        count += 1
    return count


@jit
def _next_combination(c, n):  # pragma: no cover - compiled
    """Advance ``c`` (increasing indices < n) to the next combination; False after the last."""
    k = c.shape[0]
    i = k - 1
    while i >= 0 and c[i] == n - k + i:
        i -= 1
    if i < 0:
        return False
    c[i] += 1
    for j in range(i + 1, k):
        c[j] = c[j - 1] + 1
    return True


@jit
def basis_vertices(M, tol, feas, V, L):  # pragma: no cover - compiled
    """Vertices of {z >= 0 : M z <= 1} by trying every basis (small polytopes, no Qhull).

    A basis fixes ``z_t = 0`` off a set S of coordinates and makes a set T
    of ``|S|`` rows tight; when ``M[T, S]`` is non-singular that fixes z,
    which is a vertex iff it is feasible.  Every vertex has a non-singular
    basis; a degenerate vertex is found once per basis (callers merge by
    label set).  Writes vertices other than the origin into ``V``, labels
    into ``L``; returns their number, or -1 if ``V`` is too small.
    """
    r, d = M.shape
    count = 0
    z = np.empty(d)
    sub = np.empty((d, d))
    zs = np.empty(d)
    for k in range(1, min(d, r) + 1):
        S = np.arange(k)
        while True:
            T = np.arange(k)
            while True:
                for a in range(k):
                    for b in range(k):
                        sub[a, b] = M[T[a], S[b]]
                if solve_square(sub[:k, :k], zs[:k]):
                    z[:] = 0.0
                    for b in range(k):
                        z[S[b]] = zs[b]
                    if count == V.shape[0]:
                        return -1          # buffer full: the caller retries with more room
                    if _label(M, z, tol, feas, L, count):
                        V[count] = z
                        count += 1
                if not _next_combination(T, r):
                    break
            if not _next_combination(S, d):
                break
    return count


# ------------------------------------------------------------- polytopes

try:   # Qhull without ConvexHull's area and volume pass (scipy's internal class)
    from scipy.spatial._qhull import _Qhull
except ImportError:  # pragma: no cover - other scipy layouts
    _Qhull = None


def hull_equations(pts: np.ndarray) -> np.ndarray | None:
    """Facet equations of the convex hull of ``pts`` (Qhull, triangulated), or None on failure."""
    try:
        if _Qhull is not None:
            try:
                q = _Qhull(b"i", pts, b"Qt Qx", required_options=b"Qt")
            except TypeError:  # pragma: no cover - a changed internal signature
                return ConvexHull(pts, qhull_options="Qt Qx").equations
            try:
                return q.get_simplex_facet_array()[2]
            finally:
                q.close()
        return ConvexHull(pts, qhull_options="Qt Qx").equations
    except (QhullError, ValueError):
        return None


#: Polytopes with at most this many bases are enumerated basis by basis (compiled),
#: which is faster than Qhull for small games (up to about 5 x 6).
_SMALL_BASES = 500
#: Most bases a basis-by-basis enumeration tries (about 10 s).
_MAX_BASES = 20_000_000
#: Highest dimension given to Qhull (its work grows steeply with the dimension).
_MAX_QHULL_DIM = 24


def _use_bases(d: int, r: int) -> bool:
    """Whether to enumerate {z >= 0 : M z <= 1} (M: r x d) basis by basis rather than by Qhull.

    Bases cost about the same each; Qhull's work grows with the number of
    vertices times the dimension. So small polytopes, and high-dimensional
    polytopes with few other constraints (the larger player's polytope of a
    thin game: few bases, but Qhull in many dimensions), go basis by basis.
    """
    nb = comb(d + r, d)
    return nb <= _MAX_BASES and nb <= max(_SMALL_BASES, d * vertex_bound(d, d + r))


def vertices(M: np.ndarray, z0: np.ndarray | None = None, pts: np.ndarray | None = None):
    """(V, L) of {z >= 0 : M z <= 1}, origin excluded; Qhull, or every basis (see :func:`_use_bases`)."""
    r, d = M.shape
    nb = comb(d + r, d)
    bases = _use_bases(d, r)
    if not bases and d > _MAX_QHULL_DIM:
        raise SolverError(
            f"a {d}-dimensional best-response polytope with {r} further constraints is too large "
            f"to enumerate ({nb:,} bases > {_MAX_BASES:,}, dimension > {_MAX_QHULL_DIM} for Qhull); "
            "this happens for degenerate games with one player having many more actions than "
            "the other: use lemke_howson, or exact=True for small games")
    eq = None
    if not bases:
        if pts is None:
            G = np.vstack([-np.eye(d), M])
            h = np.concatenate([np.zeros(d), np.ones(r)])
            z0 = np.full(d, 0.5 / float(M.sum(axis=1).max()))
            pts = G / (h - G @ z0)[:, None]
        eq = hull_equations(pts)
        if eq is None and nb > _MAX_BASES:
            raise SolverError(f"Qhull could not enumerate a {d}-dimensional best-response "
                              f"polytope and trying all {nb:,} bases is more than {_MAX_BASES:,}")
    if eq is not None:
        V = np.empty((eq.shape[0], d))
        L = np.empty((eq.shape[0], d + r), dtype=bool)
        k = facet_vertices(eq, z0, M, LABEL_TOL, FEAS_TOL, V, L)
        return V[:k], L[:k]
    room = min(nb, max(1024, 2 * vertex_bound(d, d + r)))
    while True:
        V = np.empty((room, d))
        L = np.empty((room, d + r), dtype=bool)
        k = basis_vertices(M, LABEL_TOL, FEAS_TOL, V, L)
        if k >= 0:
            return V[:k], L[:k]
        room = min(nb, 4 * room)     # degenerate vertices found once per basis: more room


def polytope_vertices(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertices and labels of ``{z >= 0 : M z <= 1}`` for a non-negative matrix ``M`` (r x d).

    ``M`` must have no zero column (the polytope is bounded) and entries of
    order one (as after the scaling described in the module docstring).
    Returns ``(V, L)``: ``V`` (v x d) distinct vertices other than the
    origin, ``L`` (v x (d + r)) boolean labels: column ``t < d`` is
    ``z_t = 0``, column ``d + s`` is ``(M z)_s = 1``.

    >>> V, L = polytope_vertices(np.array([[1.0, 0.5], [0.5, 1.0]]))
    >>> sorted(np.round(V, 6).tolist())
    [[0.0, 1.0], [0.666667, 0.666667], [1.0, 0.0]]
    """
    M = np.ascontiguousarray(M, dtype=float)
    V, L = vertices(M)
    return merge_duplicates(V, L, M.shape[1])


def merge_duplicates(V: np.ndarray, L: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Keep one vertex per label set: Qhull reports a degenerate vertex (more than d
    labels) once per simplex of the triangulated polar facet, basis enumeration once
    per basis."""
    deg = L.sum(axis=1) > d
    if not deg.any():
        return V, L
    packed = np.packbits(L, axis=1)
    _, first = np.unique(packed, axis=0, return_index=True)
    keep = np.zeros(len(V), dtype=bool)
    keep[first] = True
    keep |= ~deg
    return V[keep], L[keep]


def complementary_pairs(Lx: np.ndarray, Ly: np.ndarray, m: int) -> np.ndarray:
    """Index pairs (i, j) where ``Lx[i] | Ly[j]`` has every label.

    A vertex with exactly as many labels as its dimension (``Lx`` row sum
    ``m``, ``Ly`` row sum ``n``) can only pair with a vertex carrying the
    exact complement, found by hashing; vertices with extra labels
    (degenerate) are checked against all vertices of the other polytope by a
    matrix product counting missing labels.
    """
    total = Lx.shape[1]
    cx = Lx.sum(axis=1)
    cy = Ly.sum(axis=1)
    mx, my = m, total - m
    pairs = []
    simple_x = np.nonzero(cx == mx)[0]
    simple_y = np.nonzero(cy == my)[0]
    if simple_x.size and simple_y.size:
        table = {Ly[j].tobytes(): int(j) for j in simple_y}
        comp = ~Lx[simple_x]
        for i, row in zip(simple_x, comp):
            j = table.get(row.tobytes())
            if j is not None:
                pairs.append((int(i), j))
    deg_x = np.nonzero(cx != mx)[0]
    deg_y = np.nonzero(cy != my)[0]

    def dense(ix, iy):
        if ix.size == 0 or iy.size == 0:
            return
        miss = (~Lx[ix]).astype(np.float32) @ (~Ly[iy]).astype(np.float32).T
        for a, b in np.argwhere(miss == 0):
            pairs.append((int(ix[a]), int(iy[b])))

    dense(deg_x, np.arange(Ly.shape[0]))   # degenerate x with every y
    dense(simple_x, deg_y)                  # simple x with degenerate y
    return np.array(sorted(set(pairs)), dtype=np.int64).reshape(-1, 2)
