"""All extreme Nash equilibria of two-player games by vertex enumeration.

With payoffs shifted to be positive, the best-response polytopes are
(Mangasarian 1964; von Stengel 2002, section 3)

    P = {x in R^m : x >= 0, B^T x <= 1},   Q = {y in R^n : A y <= 1, y >= 0}.

Label ``i < m`` marks ``x_i = 0`` in P and ``(A y)_i = 1`` in Q; label
``m + j`` marks ``(B^T x)_j = 1`` in P and ``y_j = 0`` in Q.  A pair of
vertices ``(x, y) != (0, 0)`` whose labels cover all ``m + n`` labels is,
after normalisation, an extreme Nash equilibrium; every extreme equilibrium
arises this way, also in degenerate games, where the equilibria form
maximal Nash subsets whose extreme points are exactly these pairs (Avis,
Rosenberg, Savani and von Stengel 2010, section 3).  So matching all
completely labelled vertex pairs never omits an extreme equilibrium.

Scale.  Nothing depends on the units of the payoffs.  Each player's
payoffs are first mapped onto [0, 1] by a positive affine map
(:func:`goodsgov.solvers.regret.normalised`); then each column of ``A`` is
shifted to minimum 0 and divided by its range, and each row of ``B`` the
same (a constant column or row becomes all ones).  Shifting player 1's
payoffs by a constant per column of player 2 (and player 2's per row)
leaves best responses unchanged, and dividing a column of ``A`` (row of
``B``) by a positive number rescales one coordinate of Q (of P) without
changing any label, so the labelled vertices are those of the original
game.  After these maps both polytopes lie in the unit cube and every
constraint has largest coefficient 1, so the label tolerance (``1e-9``) is
relative to the game, and the acceptance test is the regret *relative to
each player's payoff range* (``tol``).  The same equilibria come out for
a game, for the game multiplied by any positive factor, and for games
whose players' payoffs differ by many orders of magnitude; payoffs up to
the largest float are handled without overflow.

Two engines share the matching step:

* floating point: the vertices of the lower-dimensional polytope come from
  Qhull (a halfspace intersection by polar duality, via scipy), or, for a
  polytope with few bases (games up to about 5 x 6, and the larger
  player's polytope of a thin game, where Qhull would work in many
  dimensions), from a compiled loop over every basis.  When that
  polytope is non-degenerate (every vertex has exactly as many labels as
  its dimension), each vertex ``x`` fixes its only possible partner ``y``
  through one small linear system; this step, the labelling and the
  acceptance test are compiled (:mod:`goodsgov._jit`).  Otherwise the other
  polytope is enumerated too, duplicate vertices that Qhull reports for
  degenerate (non-simple) vertices are merged, and label sets are matched;
* exact: for small games every basis (choice of ``m`` tight constraints)
  is tried with ``fractions.Fraction`` arithmetic; a floating-point screen
  discards clearly infeasible bases first.

Bounded work.  A d-dimensional polytope with f facets has at most
``C(f - ceil(d/2), floor(d/2)) + C(f - floor(d/2) - 1, ceil(d/2) - 1)``
vertices (McMullen 1970, the upper bound theorem).  The float engine
refuses, with a :class:`goodsgov.errors.SolverError`, a game for which this
bound exceeds ``max_vertices`` (default :data:`MAX_VERTICES`, which admits
every game up to 16 x 16; a random 20 x 20 game takes minutes and
gigabytes); the exact engine refuses more than ``max_bases`` bases.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import combinations
from functools import lru_cache
from math import comb

import numpy as np
from scipy.spatial import ConvexHull
from scipy.spatial import QhullError

from .._checks import integer, real
from .._jit import jit
from ..errors import SolverError, invalid

__all__ = ["vertex_enumeration", "vertex_enumeration_exact", "polytope_vertices",
           "maximal_nash_subsets", "vertex_bound", "MAX_VERTICES"]

#: Default limit on the worst-case number of vertices of a best-response polytope
#: (:func:`vertex_bound`): 16 x 16 games (bound 980,628) pass, 17 x 17 do not.
MAX_VERTICES = 1_000_000
#: Label tolerance on the normalised polytopes (coordinates in [0, 1]).
_LABEL_TOL = 1e-9
#: Feasibility slack for vertices reported by Qhull (normalised units).
_FEAS_TOL = 1e-7


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


def _check_matrix(field: str, M) -> np.ndarray:
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


# ----------------------------------------------------------- compiled kernels

@jit
def _unit_scale(u):  # pragma: no cover - compiled
    """Copy of ``u`` mapped affinely onto [0, 1] (zeros if constant), without overflow."""
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
def _prepare(A, B, An, Bn, Ap, Bp, rs, cs, pts, z0):  # pragma: no cover - compiled
    """Normalised game, scaled polytope matrices and Qhull input for P (outputs filled in place).

    ``An, Bn``: each player's payoffs on [0, 1]; ``Ap``: columns of ``An``
    shifted to minimum 0 and divided by their range (constant columns all
    ones); ``Bp``: rows of ``Bn`` likewise; ``rs`` / ``cs``: those divisors
    (rows of B, columns of A); ``pts``: the polar points of
    P = {x >= 0 : Bp^T x <= 1} about the interior point ``z0``.
    """
    m, n = A.shape
    An[:, :] = _unit_scale(A)
    Bn[:, :] = _unit_scale(B)
    for j in range(n):
        lo = An[0, j]
        hi = An[0, j]
        for i in range(1, m):
            lo = min(lo, An[i, j])
            hi = max(hi, An[i, j])
        cs[j] = 1.0
        if hi > lo:
            cs[j] = hi - lo
            for i in range(m):
                Ap[i, j] = (An[i, j] - lo) / cs[j]
        else:
            for i in range(m):
                Ap[i, j] = 1.0
    for i in range(m):
        lo = Bn[i, 0]
        hi = Bn[i, 0]
        for j in range(1, n):
            lo = min(lo, Bn[i, j])
            hi = max(hi, Bn[i, j])
        rs[i] = 1.0
        if hi > lo:
            rs[i] = hi - lo
            for j in range(n):
                Bp[i, j] = (Bn[i, j] - lo) / rs[i]
        else:
            for j in range(n):
                Bp[i, j] = 1.0
    # polar points about z0 (Ziegler 1995, section 2.3): the halfspace g.z <= h
    # becomes the point g / (h - g.z0)
    top = 0.0
    for j in range(n):
        t = 0.0
        for i in range(m):
            t += Bp[i, j]
        top = max(top, t)
    for t in range(m):
        z0[t] = 0.5 / top
    pts[:, :] = 0.0
    for t in range(m):
        pts[t, t] = -1.0 / z0[t]
    for j in range(n):
        gz = 0.0
        for i in range(m):
            gz += Bp[i, j] * z0[i]
        for i in range(m):
            pts[m + j, i] = Bp[i, j] / (1.0 - gz)


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
def _facet_vertices(eq, z0, M, tol, feas, V, L):  # pragma: no cover - compiled
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
def _basis_vertices(M, tol, feas, V, L):  # pragma: no cover - compiled
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
                if _solve_square(sub[:k, :k], zs[:k]):
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


@jit
def _solve_square(M, out):  # pragma: no cover - compiled
    """Solve ``M y = 1`` by Gaussian elimination with partial pivoting (M is overwritten).

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
def _regret_pair(An, Bn, x, y):  # pragma: no cover - compiled
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


@jit
def _partners(Ap, V, L, nv, rs, cs, An, Bn, tol, regret_tol, X, Y):  # pragma: no cover - compiled
    """Equilibria from the vertices of a non-degenerate P (each vertex has m labels).

    A vertex x with support S and tight columns T can only pair with the y
    carrying the complementary labels: ``y_j = 0`` off T and ``(Ap y)_i = 1``
    on S, which fixes ``y_T`` when ``Ap[S, T]`` is non-singular; y is a
    partner iff it lies in Q.  Writes the equilibria (in the game's
    coordinates) into ``X``, ``Y`` and returns their number, or -1 (use the
    general step) if P is degenerate or a system is singular.
    """
    m, n = Ap.shape
    count = 0
    S = np.empty(m, dtype=np.int64)
    T = np.empty(m, dtype=np.int64)
    sub = np.empty((m, m))
    yT = np.empty(m)
    y = np.zeros(n)
    x = np.zeros(m)
    for v in range(nv):
        k = 0
        kt = 0
        for i in range(m):
            if not L[v, i]:
                S[k] = i
                k += 1
        for j in range(n):
            if L[v, m + j]:
                if kt == m:
                    return -1
                T[kt] = j
                kt += 1
        if kt != k:
            return -1
        dead = False
        for a in range(k):
            nz = False
            for b in range(k):
                sub[a, b] = Ap[S[a], T[b]]
                if sub[a, b] != 0.0:
                    nz = True
            if not nz:
                dead = True     # (Ap y)_i = 0 on T: no partner
        if dead:
            continue
        if not _solve_square(sub[:k, :k], yT[:k]):
            return -1
        for a in range(k):      # residual of the solve
            acc = 0.0
            for b in range(k):
                acc += Ap[S[a], T[b]] * yT[b]
            if abs(acc - 1.0) > 1e-8:
                return -1
        ok = True
        total = 0.0
        for b in range(k):
            if yT[b] < -tol:
                ok = False
            total += max(yT[b], 0.0)
        if not ok or total <= 0.0:
            continue
        y[:] = 0.0
        for b in range(k):
            y[T[b]] = max(yT[b], 0.0)
        for i in range(m):      # y in Q
            acc = 0.0
            for j in range(n):
                acc += Ap[i, j] * y[j]
            if acc > 1.0 + tol:
                ok = False
                break
        if not ok:
            continue
        # back to the game's coordinates: undo the row / column scaling, normalise
        sx = 0.0
        for i in range(m):
            x[i] = max(V[v, i], 0.0) / rs[i]
            sx += x[i]
        sy = 0.0
        for j in range(n):
            y[j] = y[j] / cs[j]
            sy += y[j]
        for i in range(m):
            x[i] /= sx
        for j in range(n):
            y[j] /= sy
        if _regret_pair(An, Bn, x, y) <= regret_tol:
            X[count] = x
            Y[count] = y
            count += 1
    return count


# ------------------------------------------------------------- polytopes

try:   # Qhull without ConvexHull's area and volume pass (scipy's internal class)
    from scipy.spatial._qhull import _Qhull
except ImportError:  # pragma: no cover - other scipy layouts
    _Qhull = None


def _hull_equations(pts: np.ndarray) -> np.ndarray | None:
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


def _vertices(M: np.ndarray, z0: np.ndarray | None = None, pts: np.ndarray | None = None):
    """(V, L) of {z >= 0 : M z <= 1}, origin excluded; Qhull, or every basis (see _use_bases)."""
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
        eq = _hull_equations(pts)
        if eq is None and nb > _MAX_BASES:
            raise SolverError(f"Qhull could not enumerate a {d}-dimensional best-response "
                              f"polytope and trying all {nb:,} bases is more than {_MAX_BASES:,}")
    if eq is not None:
        V = np.empty((eq.shape[0], d))
        L = np.empty((eq.shape[0], d + r), dtype=bool)
        k = _facet_vertices(eq, z0, M, _LABEL_TOL, _FEAS_TOL, V, L)
        return V[:k], L[:k]
    room = min(nb, max(1024, 2 * vertex_bound(d, d + r)))
    while True:
        V = np.empty((room, d))
        L = np.empty((room, d + r), dtype=bool)
        k = _basis_vertices(M, _LABEL_TOL, _FEAS_TOL, V, L)
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
    V, L = _vertices(M)
    return _merge_duplicates(V, L, M.shape[1])


def _merge_duplicates(V: np.ndarray, L: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
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


def _match(Lx: np.ndarray, Ly: np.ndarray, m: int) -> np.ndarray:
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


def _sort_key(eq):
    return tuple(np.round(np.concatenate(eq).astype(float), 9))


def _sorted_pairs(X: np.ndarray, Y: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    if len(X) <= 1:
        return [(X[k], Y[k]) for k in range(len(X))]
    keys = np.round(np.hstack([X, Y]), 9)
    order = np.lexsort(keys.T[::-1])
    return [(X[k], Y[k]) for k in order]


@lru_cache(maxsize=None)
def _bound(m: int, n: int, which: str) -> tuple[int, int]:
    d = min(m, n) if which == "P" else max(m, n)
    return d, vertex_bound(d, m + n)


def _bound_check(m: int, n: int, max_vertices: int, which: str) -> None:
    d, b = _bound(m, n, which)
    if b > max_vertices:
        raise SolverError(
            f"vertex enumeration of this {m} x {n} game could need up to {b:,} vertices of a "
            f"{d}-dimensional best-response polytope (upper bound theorem), more than "
            f"max_vertices = {max_vertices:,}; games up to 16 x 16 fit the default. Raise "
            "max_vertices to try anyway (time and memory grow with the count), or use "
            "lemke_howson for one equilibrium")


def vertex_enumeration(A: np.ndarray, B: np.ndarray, tol: float = 1e-9,
                       max_vertices: int = MAX_VERTICES) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every extreme Nash equilibrium ``(x, y)`` of the bimatrix game (A, B).

    Works for degenerate games too (see the module docstring).  Returns
    probability vectors sorted lexicographically; each has regret at most
    ``tol`` *relative to each player's payoff range* (``max - min`` of her
    payoffs), so the answer does not depend on the units of the payoffs.
    Raises :class:`goodsgov.errors.SolverError` when the upper bound on the
    vertices of a best-response polytope (:func:`vertex_bound`) exceeds
    ``max_vertices`` (default :data:`MAX_VERTICES`: every game up to 16 x 16).

    Matching pennies has one equilibrium, both players mixing 50:50, in any units:

    >>> import numpy as np
    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    >>> [(x.tolist(), y.tolist()) for x, y in vertex_enumeration(A * 1e-12, -A * 1e12)]
    [([0.5, 0.5], [0.5, 0.5])]
    """
    A = _check_matrix("A", A)
    B = _check_matrix("B", B)
    if B.shape != A.shape:
        raise invalid("B", f"<matrix of shape {B.shape}>", f"must have the shape of A, {A.shape}")
    tol = real("tol", tol, low=0.0)
    max_vertices = integer("max_vertices", max_vertices, low=1)
    return _solve(A, B, tol, max_vertices)


def _solve(A: np.ndarray, B: np.ndarray, tol: float, max_vertices: int
           ) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`vertex_enumeration` on validated float matrices."""
    if A.shape[0] > A.shape[1]:
        # enumerate the lower-dimensional polytope: solve the transposed game
        X, Y = _enumerate(np.ascontiguousarray(B.T), np.ascontiguousarray(A.T), tol, max_vertices)
        return _sorted_pairs(Y, X)
    X, Y = _enumerate(np.ascontiguousarray(A), np.ascontiguousarray(B), tol, max_vertices)
    return _sorted_pairs(X, Y)


def _enumerate(A, B, tol, max_vertices):
    """(X, Y): the extreme equilibria of (A, B) with ``m <= n``, as rows."""
    m, n = A.shape
    _bound_check(m, n, max_vertices, "P")
    An = np.empty((m, n))
    Bn = np.empty((m, n))
    Ap = np.empty((m, n))
    Bp = np.empty((m, n))
    rs = np.empty(m)
    cs = np.empty(n)
    pts = np.empty((m + n, m))
    z0 = np.empty(m)
    _prepare(A, B, An, Bn, Ap, Bp, rs, cs, pts, z0)
    if m == 1:
        # player 1 has one action; player 2's extreme best responses are her pure ones
        js = np.nonzero(Bn[0] >= Bn[0].max() - tol)[0]
        return np.ones((js.size, 1)), np.eye(n)[js]
    M = np.ascontiguousarray(Bp.T)
    VP, LP = _vertices(M, z0, pts)
    X = np.empty((len(VP), m))
    Y = np.empty((len(VP), n))
    count = _partners(Ap, VP, LP, len(VP), rs, cs, An, Bn, _LABEL_TOL, tol, X, Y)
    if count >= 0:
        return X[:count], Y[:count]
    return _match_both(An, Bn, Ap, VP, LP, rs, cs, tol, max_vertices)


def _match_both(An, Bn, Ap, VP, LP, rs, cs, tol, max_vertices):
    """General (degenerate-safe) step: enumerate Q too and match label sets."""
    m, n = Ap.shape
    VP, LP = _merge_duplicates(VP, LP, m)
    _bound_check(m, n, max_vertices, "Q")
    VQ, LQ = polytope_vertices(Ap)     # labels: y_j = 0 (j < n), (A y)_i = 1 (n + i)
    # reorder Q's labels to the common convention: i < m for (A y)_i = 1, m + j for y_j = 0
    LQ = np.hstack([LQ[:, n:], LQ[:, :n]])
    X, Y = [], []
    for i, j in _match(LP, LQ, m):
        x = np.maximum(VP[i], 0.0) / rs
        y = np.maximum(VQ[j], 0.0) / cs
        x /= x.sum()
        y /= y.sum()
        if _regret_pair(An, Bn, x, y) <= tol:
            X.append(x)
            Y.append(y)
    return np.array(X).reshape(-1, m), np.array(Y).reshape(-1, n)


# ---------------------------------------------------------------- exact mode

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
        pairs = _match(np.array([l for l, _ in Px]), np.array([l for l, _ in Qy]), m)
        for i, j in pairs:
            x = np.array(Px[i][1], dtype=object)
            y = np.array(Qy[j][1], dtype=object)
            out.append((x / sum(x), y / sum(y)))
    out.sort(key=_sort_key)
    return out


def maximal_nash_subsets(equilibria: list[tuple[np.ndarray, np.ndarray]], A, B,
                         tol: float = 1e-9) -> list[tuple[list[int], list[int]]]:
    """Group extreme equilibria into maximal Nash subsets (Winkels 1979; Avis et al. 2010).

    Two extreme equilibria ``(x, y)`` and ``(x', y')`` are *interchangeable*
    when ``(x, y')`` and ``(x', y)`` are equilibria too.  A maximal Nash
    subset is ``conv(X) x conv(Y)`` for a maximal biclique ``(X, Y)`` of
    the bipartite graph linking each extreme ``x`` with each extreme ``y``
    such that ``(x, y)`` is an extreme equilibrium.  Returns each subset as
    ``(indices of distinct x, indices of distinct y)`` into the lists of
    distinct x and y components (ordered as they first appear in
    ``equilibria``).  Bicliques are enumerated by closing each set of
    x-vertices (fine for the handful of extreme equilibria of small games).
    """
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []

    def idx(lst, v):
        for k, w in enumerate(lst):
            if np.allclose(np.asarray(w, float), np.asarray(v, float), atol=1e-9):
                return k
        lst.append(v)
        return len(lst) - 1

    edges = set()
    for x, y in equilibria:
        edges.add((idx(xs, x), idx(ys, y)))
    nbr = [frozenset(j for (i, j) in edges if i == a) for a in range(len(xs))]
    found = set()
    # every maximal biclique is (common x-neighbours of Y, Y) with Y = N(x) ∩ ... ;
    # closing from single x and iterating intersections finds them all
    frontier = {nbr[a] for a in range(len(xs))}
    seen = set()
    while frontier:
        Y = frontier.pop()
        if Y in seen or not Y:
            continue
        seen.add(Y)
        X = frozenset(a for a in range(len(xs)) if Y <= nbr[a])
        found.add((X, Y))
        for a in range(len(xs)):
            Z = Y & nbr[a]
            if Z and Z not in seen:
                frontier.add(Z)
    # keep maximal ones only
    res = [(X, Y) for (X, Y) in found
           if not any((X <= X2 and Y <= Y2) and (X, Y) != (X2, Y2) for (X2, Y2) in found)]
    return sorted((sorted(X), sorted(Y)) for X, Y in res)
