"""Maximal Nash subsets of a two-player game from its extreme equilibria.

In a degenerate bimatrix game the equilibria form finitely many maximal
Nash subsets, each the product of two polytopes whose vertices are
extreme equilibria (Winkels 1979; Avis, Rosenberg, Savani and von Stengel
2010, section 3): vertex enumeration (:mod:`.enumeration`) finds the
extreme points and :func:`maximal_nash_subsets` groups them.

>>> import numpy as np
>>> A = np.array([[3.0, 3.0], [2.0, 5.0], [0.0, 6.0]]); B = np.array([[3.0, 3.0], [2.0, 6.0], [3.0, 1.0]])
>>> from goodsgov.solvers.enumeration import vertex_enumeration
>>> maximal_nash_subsets(vertex_enumeration(A, B), A, B)
[([0], [0]), ([1], [1, 2])]
"""

from __future__ import annotations

import numpy as np

__all__ = ["maximal_nash_subsets"]


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
