"""Breadth and depth: the self-enforcing treaty a forum can sustain.

A treaty asks its members to move their provision from the status quo a share
``d`` (its *depth*) of the way to their joint optimum (Finus & Maus 2008,
"Modesty may pay!", eq. 3). A leaver provides alone, the rest keep the depth
(Finus & Maus 2008, sec. 3), and the leaver is excluded from the members'
excludable benefit. Shallow treaties can hold many members where deep ones
hold few (Barrett 2002, "Consensus treaties"; Barrett 2003, ch. 7-8): with
*n* symmetric states, linear benefits and quadratic costs a treaty of *s*
members at depth *d* is internally stable iff ``d (s - 1) <= 2``.

The forum's treaty is chosen as Barrett's (2003, ch. 7) treaty designer
would: among the treaties that are internally stable, the one with the
largest joint gain of its members over the status quo, decision costs
included. The menu: each depth of :data:`DEPTH_GRID` with the membership
that survives the defection cascade from the whole forum at that depth
(then grown by the forum's states that gain from joining while it stays
stable), and the whole forum at the deepest depth it sustains
(:func:`broad_depth`). The menu is read from the deepest depth down and
stops where the whole forum holds: the members' joint gain of a treaty of
the whole forum grows with its depth (it is concave in the depth with its
peak at the joint optimum, depth 1), so shallower ones are worth less. The
cascades of the menu's depths run side by side (:func:`~.stability.cascades`):
until their leavers differ they share one agreement.
"""

from __future__ import annotations

import numpy as np

from ..._jit import jit
from .provision import group_sizes, member_cost
from .records import Treaties, Treaty
from .single import join_gains_single, leave_gains_depths, stable_single, value_single
from .sparse import near_lists
from .stability import cascades

__all__ = ["DEPTH_GRID", "broad_depth", "broad_depth_of", "grow", "treaty", "forum_treaties",
           "forum_treaties_of", "external_in", "member_costs"]

#: The depths of the treaty designer's menu besides :func:`broad_depth`: 1, 1/2, ..., 1/64.
DEPTH_GRID = 2.0 ** -np.arange(7)
#: The depths :func:`broad_depth` fits each member's quadratic gain from leaving at.
_FIT_DEPTHS = np.array([0.0, 0.5, 1.0])


@jit
def member_costs(labels, stake, opts):
    """Each state's decision cost in the agreements of ``labels``."""
    n = labels.size
    sizes = group_sizes(labels)
    out = np.zeros(n)
    for i in range(n):
        out[i] = member_cost(opts, stake[i], sizes[labels[i]])
    return out


@jit
def broad_depth(games, mask, stake, opts, tol, lists):
    """The deepest depth at which every state of ``mask`` stays in one treaty
    (the rest alone), or -1 when there is none. Each member's gain from leaving
    is a quadratic in the depth (exactly, while no provision meets a bound):
    fitted from three depths, each member's admissible depths are an interval,
    and the answer (the top of their intersection) is checked by the stability
    test itself; -1 if the check fails (``lists``: each issue's
    :func:`~.sparse.near_lists`)."""
    gains = leave_gains_depths(games, mask, _FIT_DEPTHS, stake, opts, lists)
    g0, gh, g1 = gains[0], gains[1], gains[2]
    lo, hi = 0.0, 1.0
    for a in range(g0.size):
        A = g0[a] - tol / 2.0   # the bound with half the tolerance: the check at tol then has a margin
        C = 2.0 * (g1[a] + g0[a] - 2.0 * gh[a])
        B = g1[a] - g0[a] - C
        if abs(C) > 1e-12 * (abs(A) + abs(B) + 1e-300):
            disc = B * B - 4.0 * C * A
            if disc < 0.0:
                if C > 0.0:
                    return -1.0
                continue
            root = np.sqrt(disc)
            r1 = min((-B - root) / (2.0 * C), (-B + root) / (2.0 * C))
            r2 = max((-B - root) / (2.0 * C), (-B + root) / (2.0 * C))
            if C > 0.0:   # convex: admissible between the roots
                lo, hi = max(lo, r1), min(hi, r2)
            elif lo <= r1:   # concave: admissible outside them
                hi = min(hi, r1)
            else:
                lo = max(lo, r2)
        elif B < 0.0:
            lo = max(lo, A / -B)
        elif B > 0.0:
            hi = min(hi, -A / B)
        elif A > 0.0:
            return -1.0
        if lo > hi:
            return -1.0
    if stable_single(games, mask, hi, stake, opts, tol, False):
        return hi
    return -1.0


@jit
def broad_depth_of(games, mask, stake, opts, tol):
    """:func:`broad_depth` with the near lists computed here: the entry point from
    Python, which compiles no variant beside the pipeline's (a list built in
    compiled code has another type than one passed from Python)."""
    return broad_depth(games, mask, stake, opts, tol, [near_lists(G) for G in games])


@jit
def external_in(games, mask, forum, d, stake, opts, tol):
    """No state of the ``forum`` outside the treaty ``mask`` gains from joining it."""
    if not mask.any():
        return True
    join = join_gains_single(games, mask, d, stake, opts, forum)
    for a in range(join.outsiders.size):
        if join.gains[a] > tol:
            return False
    return True


@jit
def grow(games, mask, forum, d, stake, opts, tol):
    """Add the ``forum``'s states that gain most from joining while the treaty
    ``mask`` of depth ``d`` stays internally stable (one at a time: of the
    ``opts.candidates`` most eager, the first that keeps it stable)."""
    n = mask.size
    for _round in range(n):
        if mask.sum() < 2:
            break
        join = join_gains_single(games, mask, d, stake, opts, forum)
        order = np.argsort(-join.gains, kind="mergesort")
        grew = False
        for t in range(order.size):
            if t >= opts.candidates or join.gains[order[t]] <= tol:
                break
            o = join.outsiders[order[t]]
            mask[o] = True
            if stable_single(games, mask, d, stake, opts, tol, False):
                grew = True
                break
            mask[o] = False
        if not grew:
            break
    return mask


@jit
def treaty(games, forum, stake, opts, tol, lists):
    """The forum's treaty (see the module docstring) as a :class:`~.records.Treaty`:
    its members, none when no internally stable treaty gains (``lists``: each
    issue's :func:`~.sparse.near_lists`)."""
    n = forum.size
    best = np.zeros(n, np.bool_)
    full = np.zeros(n, np.bool_)
    best_d, best_v = 1.0, tol
    if forum.sum() < 2:
        return Treaty(best, best_d, full)
    broad = broad_depth(games, forum, stake, opts, tol, lists)
    left = cascades(games, forum, DEPTH_GRID, stake, opts, tol, lists)
    full = left[0].copy()   # DEPTH_GRID[0] is depth 1
    count = DEPTH_GRID.size + (1 if broad >= 0.0 else 0)
    for t in range(count):
        whole = False
        if t == 0 and broad >= 0.0:
            d = broad
            mask = forum.copy()
        else:
            q = t - 1 if broad >= 0.0 else t
            d = DEPTH_GRID[q]
            mask = left[q].copy()
            if mask.sum() < 2:
                continue
            whole = mask.sum() == forum.sum()
            if not whole:
                mask = grow(games, mask, forum, d, stake, opts, tol)
        v = value_single(games, mask, d, stake, opts)
        if v > best_v:
            best, best_d, best_v = mask.copy(), d, v
        if t > 0 and whole:
            break   # the whole forum holds: shallower treaties of it are worth less to its members
    return Treaty(best, best_d, full)


@jit
def forum_treaties(games, forums, stake, opts, tol, lists):
    """One treaty per forum (``forums``: each state's forum label), as a
    :class:`~.records.Treaties` record."""
    n = forums.size
    labels = np.arange(n)
    depth = np.ones(n)
    full = np.zeros((forums.max() + 1, n), np.bool_)
    for f in range(forums.max() + 1):
        forum = forums == f
        chosen = treaty(games, forum, stake, opts, tol, lists)
        full[f] = chosen.full
        first = -1
        for i in range(n):
            if chosen.members[i]:
                if first < 0:
                    first = i
                labels[i] = first
                depth[i] = chosen.depth
    return Treaties(labels, depth, full)


@jit
def forum_treaties_of(games, forums, stake, opts, tol):
    """:func:`forum_treaties` with the near lists computed here (the entry point
    from Python; see :func:`broad_depth_of`)."""
    return forum_treaties(games, forums, stake, opts, tol, [near_lists(G) for G in games])
