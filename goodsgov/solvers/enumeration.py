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

Two engines share the matching step:

* floating point: the vertices of each polytope come from Qhull (a
  halfspace intersection, via scipy); duplicate vertices that Qhull
  reports for degenerate (non-simple) vertices are merged and every
  vertex's labels are recomputed from its coordinates;
* exact: for small games every basis (choice of ``m`` tight constraints)
  is tried with ``fractions.Fraction`` arithmetic; a floating-point screen
  discards clearly infeasible bases first.

Every candidate is accepted only if its regret is at most ``tol``.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from math import comb

import numpy as np
from scipy.spatial import ConvexHull
from scipy.spatial import QhullError

from ..errors import SolverError

__all__ = ["vertex_enumeration", "vertex_enumeration_exact", "polytope_vertices",
           "maximal_nash_subsets"]

_LABEL_TOL = 1e-9


def _shifted(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shift payoffs to be non-negative without changing best responses.

    Adding to player 2's payoff a constant that depends only on player 1's
    action (a row of ``B``), or to player 1's payoff a constant that depends
    only on player 2's action (a column of ``A``), leaves both players'
    best responses unchanged.  Shifting each such row / column to minimum 0
    (constant ones to 1, so every coordinate stays bounded) keeps the
    polytopes small: far fewer vertices than a uniform shift.
    """
    As = A - A.min(axis=0, keepdims=True)
    Bs = B - B.min(axis=1, keepdims=True)
    As[:, np.all(As == 0, axis=0)] = 1.0
    Bs[np.all(Bs == 0, axis=1), :] = 1.0
    return As, Bs


def polytope_vertices(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertices and labels of ``{z >= 0 : M z <= 1}`` for a positive matrix ``M`` (r x d).

    Returns ``(V, L)``: ``V`` (v x d) distinct vertices, ``L`` (v x (d + r))
    boolean labels: column ``t < d`` is ``z_t = 0``, column ``d + s`` is
    ``(M z)_s = 1``.  The origin is included.
    """
    r, d = M.shape
    if d == 1:
        V = np.array([[0.0], [1.0 / float(M.max())]])
    else:
        # Polar duality about an interior point z0: the halfspace a.z <= b becomes
        # the dual point a / (b - a.z0); each facet n.w + c = 0 of the dual hull
        # is the primal vertex z0 - n / c (Ziegler 1995, section 2.3).
        G = np.vstack([-np.eye(d), M])
        h = np.concatenate([np.zeros(d), np.ones(r)])
        z0 = np.full(d, 0.5 / float(M.sum(axis=1).max()))
        pts = G / (h - G @ z0)[:, None]
        try:
            eq = ConvexHull(pts, qhull_options="Qt Qx").equations
            V = z0 - eq[:, :-1] / eq[:, -1:]
        except QhullError:
            V = _basis_vertices(M)
    slack = 1.0 - V @ M.T
    L = np.hstack([np.abs(V) <= _LABEL_TOL, np.abs(slack) <= _LABEL_TOL])
    ok = (V >= -1e-7).all(axis=1) & (slack >= -1e-7).all(axis=1)
    V, L = V[ok], L[ok]
    # Qhull reports a degenerate vertex (more than d labels) once per simplex of
    # the triangulated dual facet: merge those duplicates by their label sets.
    deg = np.nonzero(L.sum(axis=1) > d)[0]
    if deg.size:
        seen: dict[bytes, int] = {}
        drop = []
        for i in deg:
            key = L[i].tobytes()
            if key in seen:
                drop.append(i)
            else:
                seen[key] = i
        if drop:
            keep = np.ones(len(V), dtype=bool)
            keep[drop] = False
            V, L = V[keep], L[keep]
    V = np.where(L[:, :d], 0.0, V)
    return V, L


def _basis_vertices(M: np.ndarray) -> np.ndarray:
    """Fallback vertex enumeration over all bases (small polytopes only)."""
    r, d = M.shape
    G = np.vstack([-np.eye(d), M])
    h = np.concatenate([np.zeros(d), np.ones(r)])
    out = []
    for S in combinations(range(d + r), d):
        S = list(S)
        GS = G[S]
        if abs(np.linalg.det(GS)) < 1e-12:
            continue
        z = np.linalg.solve(GS, h[S])
        if np.all(G @ z <= h + 1e-9):
            out.append(z)
    return np.array(out)


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
        if total <= 62:
            # labels as integer bit masks; look complements up by binary search
            w = np.left_shift(np.int64(1), np.arange(total, dtype=np.int64))
            ky = Ly[simple_y].astype(np.int64) @ w
            kx = (~Lx[simple_x]).astype(np.int64) @ w
            order = np.argsort(ky)
            pos = np.searchsorted(ky[order], kx)
            pos[pos >= ky.size] = 0
            hit = ky[order][pos] == kx
            for i, j in zip(simple_x[hit], simple_y[order[pos[hit]]]):
                pairs.append((int(i), int(j)))
        else:
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


def _regret2(A, B, x, y) -> float:
    ay = A @ y
    xb = x @ B
    return float(max(ay.max() - x @ ay, xb.max() - xb @ y))


def _sort_key(eq):
    return tuple(np.round(np.concatenate(eq).astype(float), 9))


def vertex_enumeration(A: np.ndarray, B: np.ndarray, tol: float = 1e-9
                       ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every extreme Nash equilibrium ``(x, y)`` of the bimatrix game (A, B).

    Works for degenerate games too (see the module docstring).  Returns
    probability vectors sorted lexicographically; each has regret <= ``tol``
    (absolute, in payoff units of A and B).

    Matching pennies has one equilibrium, both players mixing 50:50:

    >>> import numpy as np
    >>> A = np.array([[1.0, -1.0], [-1.0, 1.0]])
    >>> [(x.tolist(), y.tolist()) for x, y in vertex_enumeration(A, -A)]
    [([0.5, 0.5], [0.5, 0.5])]
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.shape[0] > A.shape[1]:
        # enumerate the lower-dimensional polytope: solve the transposed game
        return sorted(((x, y) for y, x in vertex_enumeration(B.T, A.T, tol)), key=_sort_key)
    m, n = A.shape
    As, Bs = _shifted(A, B)
    VP, LP = polytope_vertices(Bs.T)   # labels: x_i = 0 (i < m), (B^T x)_j = 1 (m + j)
    nzP = VP.sum(axis=1) > 0
    VP, LP = VP[nzP], LP[nzP]
    pairs = None
    if np.all(LP.sum(axis=1) == m):
        pairs = _complete_from_p(As, VP, LP, m, n)
    if pairs is None:
        pairs = _match_both(As, VP, LP, m, n)
    out = []
    for xv, yv in pairs:
        x = xv / xv.sum()
        y = yv / yv.sum()
        if _regret2(A, B, x, y) <= tol:
            out.append((x, y))
    out.sort(key=_sort_key)
    return out


def _match_both(As, VP, LP, m, n):
    """General (degenerate-safe) step: enumerate Q too and match label sets."""
    VQ, LQ = polytope_vertices(As)     # labels: y_j = 0 (j < n), (A y)_i = 1 (n + i)
    # reorder Q's labels to the common convention: i < m for (A y)_i = 1, m + j for y_j = 0
    LQ = np.hstack([LQ[:, n:], LQ[:, :n]])
    nzQ = VQ.sum(axis=1) > 0
    VQ, LQ = VQ[nzQ], LQ[nzQ]
    return [(VP[i], VQ[j]) for i, j in _match(LP, LQ, m)]


def _complete_from_p(As, VP, LP, m, n):
    """Fast step when P is non-degenerate: each vertex x fixes its partner y.

    A vertex x of a non-degenerate P has exactly m labels, so a partner y
    must carry exactly the complementary n labels: ``y_j = 0`` off the set T
    of player 2's best responses and ``(A y)_i = 1`` on the support S of x.
    When ``A[S, T]`` is non-singular these n equations fix y uniquely, and y
    is an equilibrium partner iff it lies in Q.  Returns None (use the
    general step) if any system is singular.
    """
    S_mask = ~LP[:, :m]          # support of x
    T_mask = LP[:, m:]           # best responses of player 2
    k = S_mask.sum(axis=1)
    if np.any(k != T_mask.sum(axis=1)):
        return None
    pairs = []
    for size in np.unique(k):
        rows = np.nonzero(k == size)[0]
        S = np.nonzero(S_mask[rows])[1].reshape(rows.size, size)
        T = np.nonzero(T_mask[rows])[1].reshape(rows.size, size)
        mats = As[S[:, :, None], T[:, None, :]]
        # a zero row i means (A y)_i = 0 on T: no partner (the shift creates zeros)
        live = ~(mats == 0).all(axis=2).any(axis=1)
        rows, S, T, mats = rows[live], S[live], T[live], mats[live]
        if rows.size == 0:
            continue
        try:
            yT = np.linalg.solve(mats, np.ones((rows.size, size, 1)))[..., 0]
        except np.linalg.LinAlgError:
            return None
        if not np.all(np.isfinite(yT)):
            return None
        res = np.abs(np.einsum("vij,vj->vi", mats, yT) - 1.0).max(axis=1)
        if np.any(res > 1e-8):
            return None
        ok = (yT >= -1e-9).all(axis=1) & (yT.sum(axis=1) > 0)
        if not ok.any():
            continue
        Y = np.zeros((int(ok.sum()), n))
        np.put_along_axis(Y, T[ok], np.maximum(yT[ok], 0.0), axis=1)
        inq = (Y @ As.T <= 1.0 + 1e-9).all(axis=1)
        pairs += [(VP[r], y) for r, y in zip(rows[ok][inq], Y[inq])]
    return pairs


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


def vertex_enumeration_exact(A, B, max_bases: int = 50_000
                             ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every extreme Nash equilibrium in exact rational arithmetic.

    ``A`` and ``B`` may hold ints, floats (taken at their exact binary value)
    or :class:`fractions.Fraction`.  Returns pairs of object arrays of
    ``Fraction`` that are exactly equilibria (zero regret).  Raises
    :class:`goodsgov.errors.SolverError` when a polytope has more than
    ``max_bases`` candidate bases (``C(m + n, m)``).

    >>> import numpy as np
    >>> A = np.array([[1, -1], [-1, 1]], dtype=object)
    >>> [(list(map(str, x)), list(map(str, y))) for x, y in vertex_enumeration_exact(A, -A)]
    [(['1/2', '1/2'], ['1/2', '1/2'])]
    """
    Aq = np.vectorize(Fraction, otypes=[object])(np.asarray(A, dtype=object))
    Bq = np.vectorize(Fraction, otypes=[object])(np.asarray(B, dtype=object))
    m, n = Aq.shape
    one = Fraction(1)
    Ap = Aq - min(Aq.flat) + one
    Bp = Bq - min(Bq.flat) + one
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
