"""The largest self-enforcing agreement: every coalition checked, or a documented search.
"""

from __future__ import annotations

import numpy as np

from ..._jit import jit
from .provision import admission_of, group_sizes, solve_all
from .stability import all_stable, outsider_gains, single_agreement

__all__ = ["stable_exhaustive", "stable_search"]


@jit
def _better(size, welfare, best_size, best_welfare):
    return size > best_size or (size == best_size and welfare > best_welfare)


@jit
def stable_exhaustive(games, opts, tol):
    """The largest self-enforcing agreement (the others alone), by checking every
    coalition; ties go to the higher welfare."""
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
        labels = single_agreement(mask)
        if not all_stable(games, labels, opts, tol, False):
            continue
        welfare = solve_all(games, admission_of(labels), opts, False).welfare
        if _better(size, welfare, best_size, best_welfare):
            best[:] = mask
            best_size, best_welfare = size, welfare
    return best


@jit
def stable_search(games, opts, tol, grand_core):
    """A large self-enforcing agreement: the largest agreement of the grand
    coalition's defection cascade, grown by the outsiders whose joining keeps
    it self-enforcing (of the ``opts.candidates`` most eager, the first)."""
    n = games[0].b.size
    sizes = group_sizes(grand_core)
    largest = np.argmax(sizes)
    mask = grand_core == largest
    if sizes[largest] < 2:
        mask[:] = False
    for _round in range(n):
        members = np.flatnonzero(mask)
        outsiders = np.flatnonzero(~mask)
        if members.size == 0 or outsiders.size == 0:
            break
        gains = outsider_gains(games, mask, opts).gains
        order = np.argsort(-gains, kind="mergesort")
        grew = False
        for t in range(min(opts.candidates, order.size)):
            o = outsiders[order[t]]
            if gains[order[t]] <= tol:
                break
            mask[o] = True
            if all_stable(games, single_agreement(mask), opts, tol, False):
                grew = True
                break
            mask[o] = False
        if not grew:
            break
    return mask

