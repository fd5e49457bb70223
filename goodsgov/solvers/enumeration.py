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

Two engines share the matching step
(:func:`goodsgov.solvers.polytope.complementary_pairs`):

* floating point (this module): the vertices of the lower-dimensional
  polytope come from Qhull (a halfspace intersection by polar duality, via
  scipy), or, for a polytope with few bases (games up to about 5 x 6, and
  the larger player's polytope of a thin game, where Qhull would work in
  many dimensions), from a compiled loop over every basis
  (:mod:`.polytope`).  When that
  polytope is non-degenerate (every vertex has exactly as many labels as
  its dimension), each vertex ``x`` fixes its only possible partner ``y``
  through one small linear system; this step, the labelling and the
  acceptance test are compiled (:mod:`goodsgov._jit`).  Otherwise the other
  polytope is enumerated too, duplicate vertices that Qhull reports for
  degenerate (non-simple) vertices are merged, and label sets are matched;
* exact (:mod:`.exact_enumeration`): for small games every basis (choice
  of ``m`` tight constraints) is tried with ``fractions.Fraction``
  arithmetic; a floating-point screen discards clearly infeasible bases
  first.

Extreme equilibria are grouped into maximal Nash subsets by
:mod:`.nash_subsets`; :func:`vertex_enumeration_exact`,
:func:`maximal_nash_subsets`, :func:`polytope_vertices` and
:func:`vertex_bound` are re-exported here.

Bounded work.  A d-dimensional polytope with f facets has at most
``C(f - ceil(d/2), floor(d/2)) + C(f - floor(d/2) - 1, ceil(d/2) - 1)``
vertices (McMullen 1970, the upper bound theorem).  The float engine
refuses, with a :class:`goodsgov.errors.SolverError`, a game for which this
bound exceeds ``max_vertices`` (default :data:`MAX_VERTICES`, which admits
every game up to 16 x 16; a random 20 x 20 game takes minutes and
gigabytes). A game in which some pure strategy has two or more pure best
responses is degenerate, and Qhull's work on degenerate polytopes is many
times that on simple ones (degenerate integer games: 14 x 14 within a few
seconds, 15 x 15 up to ten, 16 x 16 a minute); for such a game the bound
is compared with ``max_degenerate`` instead
(default :data:`MAX_DEGENERATE_VERTICES`: degenerate games up to 14 x 14).
Arrays the engine builds are sized from the game before they are allocated
and refused beyond :data:`goodsgov._checks.MAX_BYTES`. The exact engine
refuses more than ``max_bases`` bases.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .._checks import integer, memory, real
from .._jit import jit
from ..errors import SolverError, invalid
from .exact_enumeration import vertex_enumeration_exact
from .nash_subsets import maximal_nash_subsets
from .numerics import check_matrix, regret_pair, solve_square, unit_scale
from .polytope import (LABEL_TOL, complementary_pairs, merge_duplicates, polytope_vertices,
                       vertex_bound, vertices)

__all__ = ["vertex_enumeration", "vertex_enumeration_exact", "polytope_vertices",
           "maximal_nash_subsets", "vertex_bound", "MAX_VERTICES", "MAX_DEGENERATE_VERTICES",
           "extreme_equilibria"]

#: Default limit on the worst-case number of vertices of a best-response polytope
#: (:func:`vertex_bound`): 16 x 16 games (bound 980,628) pass, 17 x 17 do not.
MAX_VERTICES = 1_000_000
#: Default limit on that bound for a game with tied pure best responses (degenerate): Qhull
#: merges non-simple vertices at many times the cost of a simple polytope, so degenerate
#: games up to 14 x 14 (bound 155,040; a few seconds) pass and degenerate 15 x 15 games
#: (up to ten times longer) do not.
MAX_DEGENERATE_VERTICES = 200_000


# ----------------------------------------------------------- compiled kernels

@jit
def prepare(A, B, An, Bn, Ap, Bp, rs, cs, pts, z0):  # pragma: no cover - compiled
    """Normalised game, scaled polytope matrices and Qhull input for P (outputs filled in place).

    ``An, Bn``: each player's payoffs on [0, 1]; ``Ap``: columns of ``An``
    shifted to minimum 0 and divided by their range (constant columns all
    ones); ``Bp``: rows of ``Bn`` likewise; ``rs`` / ``cs``: those divisors
    (rows of B, columns of A); ``pts``: the polar points of
    P = {x >= 0 : Bp^T x <= 1} about the interior point ``z0``.
    """
    m, n = A.shape
    An[:, :] = unit_scale(A)
    Bn[:, :] = unit_scale(B)
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
def partners(Ap, V, L, nv, rs, cs, An, Bn, tol, regret_tol, X, Y):  # pragma: no cover - compiled
    """Equilibria from the vertices of a non-degenerate P (each vertex has m labels).

    A vertex x with support S and tight columns T can only pair with the y
    carrying the complementary labels: ``y_j = 0`` off T and ``(Ap y)_i = 1``
    on S, which fixes ``y_T`` when ``Ap[S, T]`` is non-singular; y is a
    partner iff it lies in Q.  Writes the equilibria (in the game's
    coordinates) into ``X``, ``Y`` and returns their number, or -1 (use the
    general step) if P is degenerate or a system is singular, or -2 if
    ``X`` has no room left.
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
        if not solve_square(sub[:k, :k], yT[:k]):
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
        if regret_pair(An, Bn, x, y) <= regret_tol:
            if count == X.shape[0]:
                return -2       # more equilibria than the room the caller could allocate
            X[count] = x
            Y[count] = y
            count += 1
    return count


# ------------------------------------------------------------- the float engine

def _sorted_pairs(X: np.ndarray, Y: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """The rows of X and Y as (x, y) pairs in lexicographic order (rounded to 9 decimals)."""
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


def _tie(A: np.ndarray, B: np.ndarray) -> str | None:
    """Where a pure strategy has two or more pure best responses (a degenerate game), or None."""
    for who, other, M, axis in (("row", "column", A, 0), ("column", "row", B, 1)):
        best = M.max(axis=axis, keepdims=True)
        counts = (M == best).sum(axis=axis)
        tied = np.nonzero(counts >= 2)[0]
        if tied.size:
            return (f"the {who} player has {int(counts[tied[0]])} pure best responses to the "
                    f"{other} player's action {int(tied[0])}")
    return None


def _degenerate_check(A: np.ndarray, B: np.ndarray, max_degenerate: int) -> None:
    """Refuse, before Qhull runs, a degenerate game whose vertex bound exceeds ``max_degenerate``."""
    m, n = A.shape
    d, b = _bound(min(m, n), max(m, n), "P")
    if b <= max_degenerate:
        return
    tie = _tie(A, B)
    if tie is not None:
        raise SolverError(
            f"this {m} x {n} game is degenerate ({tie}); vertex enumeration of a degenerate game "
            f"could need up to {b:,} vertices of a {d}-dimensional best-response polytope, more "
            f"than max_degenerate = {max_degenerate:,} (degenerate games up to 14 x 14 fit the "
            "default; Qhull's work on degenerate polytopes is many times that on simple ones). "
            "Raise max_degenerate to try anyway, use exact=True for games up to 8 x 8, or "
            "lemke_howson for one equilibrium")


def vertex_enumeration(A: np.ndarray, B: np.ndarray, tol: float = 1e-9,
                       max_vertices: int = MAX_VERTICES,
                       max_degenerate: int = MAX_DEGENERATE_VERTICES
                       ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every extreme Nash equilibrium ``(x, y)`` of the bimatrix game (A, B).

    Works for degenerate games too (see the module docstring).  Returns
    probability vectors sorted lexicographically; each has regret at most
    ``tol`` *relative to each player's payoff range* (``max - min`` of her
    payoffs), so the answer does not depend on the units of the payoffs.
    Raises :class:`goodsgov.errors.SolverError` when the upper bound on the
    vertices of a best-response polytope (:func:`vertex_bound`) exceeds
    ``max_vertices`` (default :data:`MAX_VERTICES`: every game up to 16 x 16),
    or, for a game with tied pure best responses (degenerate), exceeds
    ``max_degenerate`` (default :data:`MAX_DEGENERATE_VERTICES`: up to 14 x 14).

    Matching pennies has one equilibrium, both players mixing 50:50, in any units:

    >>> import numpy as np
    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    >>> [(x.tolist(), y.tolist()) for x, y in vertex_enumeration(A * 1e-12, -A * 1e12)]
    [([0.5, 0.5], [0.5, 0.5])]
    """
    A = check_matrix("A", A)
    B = check_matrix("B", B)
    if B.shape != A.shape:
        raise invalid("B", f"<matrix of shape {B.shape}>", f"must have the shape of A, {A.shape}")
    tol = real("tol", tol, low=0.0)
    max_vertices = integer("max_vertices", max_vertices, low=1)
    max_degenerate = integer("max_degenerate", max_degenerate, low=1)
    return extreme_equilibria(A, B, tol, max_vertices, max_degenerate)


def extreme_equilibria(A: np.ndarray, B: np.ndarray, tol: float, max_vertices: int,
                       max_degenerate: int = MAX_DEGENERATE_VERTICES
                       ) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`vertex_enumeration` on matrices already validated (finite floats, same shape).

    The entry point for callers that checked their input
    (:meth:`goodsgov.games.normal_form.NormalFormGame.equilibria`): no
    second validation pass.
    """
    if min(A.shape) > 1:
        _degenerate_check(A, B, max_degenerate)
    if A.shape[0] > A.shape[1]:
        # enumerate the lower-dimensional polytope: solve the transposed game
        X, Y = _enumerate(np.ascontiguousarray(B.T), np.ascontiguousarray(A.T), tol, max_vertices,
                          max_degenerate)
        return _sorted_pairs(Y, X)
    X, Y = _enumerate(np.ascontiguousarray(A), np.ascontiguousarray(B), tol, max_vertices,
                      max_degenerate)
    return _sorted_pairs(X, Y)


def _enumerate(A, B, tol, max_vertices, max_degenerate=MAX_DEGENERATE_VERTICES):
    # (max_degenerate is checked by extreme_equilibria, on the game as given)
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
    prepare(A, B, An, Bn, Ap, Bp, rs, cs, pts, z0)
    if m == 1:
        # player 1 has one action; player 2's extreme best responses are her pure ones
        js = np.nonzero(Bn[0] >= Bn[0].max() - tol)[0]
        memory(f"the {js.size:,} equilibria of this 1 x {n} game (one vector of {n:,} "
               "probabilities each)", 8 * js.size * (n + 1),
               hint="every best response of the column player is an equilibrium: find them "
                    "with numpy (payoffs[1][0] == payoffs[1][0].max())")
        Y = np.zeros((js.size, n))
        Y[np.arange(js.size), js] = 1.0
        return np.ones((js.size, 1)), Y
    M = np.ascontiguousarray(Bp.T)
    VP, LP = vertices(M, z0, pts)
    # at most one equilibrium per vertex of P, but most games have few: start small and grow
    # (each retry redoes a cheap compiled pass), within the memory bound
    room = min(len(VP), 256)
    while True:
        X = np.empty((room, m))
        Y = np.empty((room, n))
        count = partners(Ap, VP, LP, len(VP), rs, cs, An, Bn, LABEL_TOL, tol, X, Y)
        if count != -2 or room >= len(VP):
            break
        room = min(len(VP), 4 * room)
        memory(f"the equilibria of this {m} x {n} game (room for {room:,} vectors of "
               f"{m + n:,} probabilities)", 8 * room * (m + n))
    if count >= 0:
        return X[:count], Y[:count]
    return match_both(An, Bn, Ap, VP, LP, rs, cs, tol, max_vertices)


def match_both(An, Bn, Ap, VP, LP, rs, cs, tol, max_vertices):
    """General (degenerate-safe) step: enumerate Q too and match label sets."""
    m, n = Ap.shape
    VP, LP = merge_duplicates(VP, LP, m)
    _bound_check(m, n, max_vertices, "Q")
    VQ, LQ = polytope_vertices(Ap)     # labels: y_j = 0 (j < n), (A y)_i = 1 (n + i)
    # reorder Q's labels to the common convention: i < m for (A y)_i = 1, m + j for y_j = 0
    LQ = np.hstack([LQ[:, n:], LQ[:, :n]])
    X, Y = [], []
    for i, j in complementary_pairs(LP, LQ, m):
        x = np.maximum(VP[i], 0.0) / rs
        y = np.maximum(VQ[j], 0.0) / cs
        x /= x.sum()
        y /= y.sum()
        if regret_pair(An, Bn, x, y) <= tol:
            X.append(x)
            Y.append(y)
    return np.array(X).reshape(-1, m), np.array(Y).reshape(-1, n)
