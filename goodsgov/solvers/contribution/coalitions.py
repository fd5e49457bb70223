"""The largest self-enforcing agreement at full depth: every coalition checked, or a
documented search whose answer carries its stability check.
"""

from __future__ import annotations

import numpy as np

from ..._jit import jit
from .provision import admission_of, full_depth, solve_all
from .single import stable_single
from .sparse import near_lists
from .stability import single_agreement, survivors
from .treaties import grow

__all__ = ["stable_exhaustive", "stable_search", "stable_grown", "stable_search_of"]


@jit
def _better(size, welfare, best_size, best_welfare):
    return size > best_size or (size == best_size and welfare > best_welfare)


@jit
def _welfare(games, mask, opts):
    """Welfare of the agreement ``mask`` at depth 1, the others alone."""
    n = mask.size
    return solve_all(games, admission_of(single_agreement(mask)), opts, False, full_depth(n)).welfare


@jit
def stable_exhaustive(games, stake, opts, tol):
    """The largest internally stable agreement at depth 1 (the others alone), by
    checking every coalition; ties go to the higher welfare."""
    n = games[0].b.size
    best = np.zeros(n, np.bool_)
    best_size, best_welfare = 0, -np.inf
    mask = np.zeros(n, np.bool_)
    for bits in range(1, 1 << n):
        size = 0
        for i in range(n):
            mask[i] = (bits >> i) & 1 == 1
            size += mask[i]
        if size < 2 or size < best_size:
            continue
        if not stable_single(games, mask, 1.0, stake, opts, tol, False):
            continue
        welfare = _welfare(games, mask, opts)
        if _better(size, welfare, best_size, best_welfare):
            best[:] = mask
            best_size, best_welfare = size, welfare
    return best


@jit
def stable_search(games, regions, stake, opts, tol, lists):
    """A large internally stable agreement at depth 1, by a search that ends: the
    defection cascade (:func:`~.stability.core`) from the grand coalition and from
    every region, each grown by :func:`~.treaties.grow`; the largest result (ties: the higher
    welfare). Every start and every step keeps the agreement internally stable,
    so the answer is certified by construction (its check is reported by the
    caller); it need not be the largest."""
    n = games[0].b.size
    starts = np.empty((regions.max() + 2, n), np.bool_)
    starts[0] = survivors(games, np.zeros(n, np.int64), 1.0, stake, opts, tol, lists)
    for r in range(regions.max() + 1):
        starts[r + 1] = survivors(games, single_agreement(regions == r), 1.0, stake, opts, tol, lists)
    return stable_grown(games, starts, stake, opts, tol)


@jit
def stable_grown(games, starts, stake, opts, tol):
    """The rest of :func:`stable_search` from its cascades' survivors ``starts``
    (a mask per row, in the search's order: the grand coalition's, then each
    region's; the treaty designer has found them already,
    :attr:`~.records.Treaty.full`): each grown, the largest kept."""
    n = games[0].b.size
    best = np.zeros(n, np.bool_)
    best_size, best_welfare = 0, -np.inf
    for t in range(starts.shape[0]):
        mask = starts[t].copy()
        if mask.sum() < 2:
            continue
        mask = grow(games, mask, np.ones(n, np.bool_), 1.0, stake, opts, tol)
        size = mask.sum()
        welfare = _welfare(games, mask, opts)
        if _better(size, welfare, best_size, best_welfare):
            best[:] = mask
            best_size, best_welfare = size, welfare
    return best


@jit
def stable_search_of(games, regions, stake, opts, tol):
    """:func:`stable_search` with the near lists computed here."""
    return stable_search(games, regions, stake, opts, tol, [near_lists(G) for G in games])
