"""Pure-strategy Nash equilibria of N-player normal-form games.

A profile is a pure equilibrium iff every player's action is a best response
to the others' actions (Nash 1951).  Rather than looping over profiles, the
payoff tensor is reduced once per player along that player's own axis: the
profile is in player ``i``'s best-response mask iff ``u_i`` there is within
``tol`` times player ``i``'s payoff range of the maximum of ``u_i`` over
player ``i``'s actions (a relative tolerance: the same profiles in any
units).  The
intersection of the N masks is the set of pure equilibria.

Memory: one boolean tensor of the size of the profile space (1/8 of one
player's payoff array) plus one player's slice at a time, so a binary game
with N = 20 players (a 168 MB payoff tensor) needs well under twice its
own size. Deviation payoffs are gathered in chunks of at most 2**22, and a
list of equilibria whose tuples would exceed :data:`goodsgov._checks.MAX_BYTES`
is refused before it is built.
"""

from __future__ import annotations

import numpy as np

from .._checks import memory
from .._jit import COMPILED, jit
from .regret import payoff_ranges

__all__ = ["pure_equilibria", "best_response_mask", "compiled_kernel_available", "KERNEL_MAX_PLAYERS"]

#: Largest binary game sent to the compiled kernel. Up to 16 players the payoffs
#: (at most 8 MB) stay in cache, where its early-exit checks win; beyond, its
#: scattered reads lose to the numpy path's streaming passes
#: (``benchmarks/bench_equilibria.py``).
KERNEL_MAX_PLAYERS = 16
_BITS = np.left_shift(np.int64(1), np.arange(63, dtype=np.int64))  # 1, 2, 4, ...


@jit
def _binary_kernel(flat, strides, tol, out):  # pragma: no cover - compiled
    """Pure equilibria of a binary game in one compiled pass (flat profile indices into ``out``).

    The first two players' best responses are marked in two contiguous,
    branch-free passes; the other players are checked only at the
    surviving profiles, stopping at the first profitable deviation, so the
    tensor is read far less than once in all. ``tol[i]`` is player i's
    tolerance in payoff units. Compiled by :func:`goodsgov._jit.jit`; with
    ``GOODSGOV_NO_NUMBA=1`` the numpy path is used instead.
    """
    n, size = flat.shape
    half, quarter = size // 2, size // 4
    # players 0 and 1: contiguous, branch-free passes over their payoffs
    ok = np.empty(size, dtype=np.uint8)
    t0 = tol[0]
    for j in range(half):
        gain = flat[0, j + half] - flat[0, j]
        ok[j] = gain <= t0
        ok[j + half] = gain >= -t0
    t1 = tol[1]
    for block in range(0, size, half):
        for j in range(block, block + quarter):
            gain = flat[1, j + quarter] - flat[1, j]
            ok[j] &= gain <= t1
            ok[j + quarter] &= gain >= -t1
    # the other players only at the surviving profiles, stopping at the first deviation
    count = 0
    for p in range(size):
        if ok[p]:
            good = True
            for i in range(2, n):
                if flat[i, p] < flat[i, p ^ strides[i]] - tol[i]:
                    good = False
                    break
            if good:
                out[count] = p
                count += 1
    return count


def compiled_kernel_available() -> bool:
    """Whether :func:`pure_equilibria` uses the compiled kernel for binary games
    (numba installed and ``GOODSGOV_NO_NUMBA`` unset: :data:`goodsgov._jit.COMPILED`)."""
    return COMPILED


def best_response_mask(u: np.ndarray, axis: int, tol: float = 0.0,
                       out: np.ndarray | None = None) -> np.ndarray:
    """Boolean mask of profiles where the action on ``axis`` is a best response.

    ``u`` is one player's payoff array of shape ``(k1, ..., kN)``; the result
    has the same shape and is True where ``u >= max over axis - tol``.  With
    ``out`` given, the mask is AND-ed into ``out`` in place.

    >>> import numpy as np
    >>> best_response_mask(np.array([[3.0, 0.0], [5.0, 1.0]]), axis=0).tolist()
    [[False, False], [True, True]]
    """
    if u.shape[axis] == 2:
        # binary fast path: one subtraction replaces max + compare
        idx0 = [slice(None)] * u.ndim
        idx1 = [slice(None)] * u.ndim
        idx0[axis] = slice(0, 1)
        idx1[axis] = slice(1, 2)
        diff = u[tuple(idx1)] - u[tuple(idx0)]  # gain of action 1 over action 0
        if out is None:
            return np.concatenate([diff <= tol, diff >= -tol], axis=axis)
        out[tuple(idx0)] &= diff <= tol
        out[tuple(idx1)] &= diff >= -tol
        return out
    best = u.max(axis=axis, keepdims=True)
    if tol:
        best = best - tol
    if out is None:
        return u >= best
    out &= u >= best
    return out


def pure_equilibria(payoffs: np.ndarray, tol: float = 0.0) -> list[tuple[int, ...]]:
    """All pure Nash equilibria of the game with payoff tensor ``payoffs``.

    ``payoffs`` (finite floats) has shape ``(N, k1, ..., kN)``;
    ``payoffs[i][a]`` is player ``i``'s payoff at profile ``a``.  A profile
    is returned when no player can gain more than ``tol`` *times her payoff
    range* (``max - min`` of her payoffs) by deviating alone (Nash 1951), so
    the answer does not depend on the units of any player's payoffs; with
    the default ``tol = 0`` only exact best responses count (comparisons
    only, no arithmetic on the payoffs).  Profiles come back as tuples of
    action indices in lexicographic order.

    Binary games of up to ``KERNEL_MAX_PLAYERS`` players use a compiled pass
    where numba is installed (see :func:`compiled_kernel_available`);
    otherwise, and for other games:
    the leading players' best-response masks are built densely
    (their axes are contiguous, so this streams through memory); once the
    surviving candidate set is sparse, the remaining players are checked
    only at the candidates by gathering their deviation payoffs.  Memory is
    one boolean array over profiles plus an index array of the candidates.

    Prisoner's dilemma (action 1 = defect), in any units:

    >>> import numpy as np
    >>> A = np.array([[3, 0], [5, 1]]); B = A.T
    >>> pure_equilibria(np.stack([A, B]).astype(float) * 1e-300)
    [(1, 1)]
    """
    payoffs = np.asarray(payoffs, dtype=float)
    n = payoffs.shape[0]
    tols = np.zeros(n)
    if tol > 0:
        with np.errstate(over="ignore"):
            tols = np.minimum(tol * payoff_ranges(payoffs), np.finfo(float).max)
    if COMPILED and _binary_shape(payoffs.shape) and 2 <= n <= KERNEL_MAX_PLAYERS:
        size = 1 << n
        out = np.empty(size, dtype=np.int64)
        count = _binary_kernel(np.ascontiguousarray(payoffs).reshape(n, size),
                               _BITS[n - 1::-1], tols, out)
        return [tuple((p >> k) & 1 for k in range(n - 1, -1, -1)) for p in out[:count].tolist()]
    with np.errstate(over="ignore", invalid="ignore"):   # differences of huge payoffs: +-inf
        return numpy_path(payoffs, tols)


def _binary_shape(shape: tuple[int, ...]) -> bool:
    """Whether a payoff tensor of this shape is a game in which every player has two actions."""
    return len(shape) > 1 and all(k == 2 for k in shape[1:]) and len(shape) - 1 == shape[0]


def numpy_path(payoffs: np.ndarray, tols: np.ndarray) -> list[tuple[int, ...]]:
    """The vectorised numpy pass (any game; ``tols[i]``: player i's tolerance in payoff units)."""
    n = payoffs.shape[0]
    shape = payoffs.shape[1:]
    binary = shape.count(2) == n
    size = int(np.prod(shape, dtype=np.int64))
    strides = np.ones(n, dtype=np.int64)
    for i in range(n - 2, -1, -1):
        strides[i] = strides[i + 1] * shape[i + 1]
    mask = np.ones(shape, dtype=bool)
    i = 0
    # dense phase: while the player's axis has long contiguous blocks (for
    # binary games two players suffice: the candidate set is then a quarter
    # of the profiles and gathers beat further full passes)
    while i < n:
        best_response_mask(payoffs[i], axis=i, tol=tols[i], out=mask)
        i += 1
        if i < n and (strides[i] < 64 or (binary and i >= 2)):
            break
    cand = np.flatnonzero(mask)
    del mask
    flat = payoffs.reshape(n, size)
    if binary:
        # a deviation flips one bit of the flat profile index
        while i < n and cand.size:
            ui = flat[i]
            cand = cand[ui.take(cand) >= ui.take(cand ^ strides[i]) - tols[i]]
            i += 1
    # sparse phase: check the remaining players at surviving candidates only
    while i < n and cand.size:
        ui = flat[i]
        k = shape[i]
        st = strides[i]
        own = (cand // st) % k
        mine = ui.take(cand)
        if k == 2:
            other = ui.take(cand + st * (1 - 2 * own))
            keep = mine >= other - tols[i]
        elif cand.size * k >= size:
            # gathering k deviations per candidate would read more than the whole slice
            best = ui.reshape(shape).max(axis=i).ravel()
            rest = cand - own * st           # the profile with player i's action removed ...
            keep = mine >= best.take((rest // (st * k)) * st + rest % st) - tols[i]
        else:
            base = cand - own * st
            best = np.empty(cand.size)
            step = max(1, _GATHER // k)      # candidates per chunk: at most _GATHER gathered payoffs
            offsets = st * np.arange(k, dtype=np.int64)
            for lo in range(0, cand.size, step):
                best[lo:lo + step] = ui.take(base[lo:lo + step, None] + offsets).max(axis=1)
            keep = mine >= best - tols[i]
        cand = cand[keep]
        i += 1
    return _profiles(cand, shape)


#: Most deviation payoffs gathered at once in the sparse phase (8 bytes each: 32 MiB).
_GATHER = 1 << 22
#: Bytes a returned profile costs as a Python tuple of ints (estimate used for the bound).
_TUPLE_BYTES = 40


def _profiles(cand: np.ndarray, shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """The flat profile indices ``cand`` as tuples, refused beyond the memory bound."""
    n = len(shape)
    memory(f"the {cand.size:,} pure equilibria of this game (as tuples of {n} actions)",
           cand.size * (_TUPLE_BYTES + 36 * n),
           hint="every one of these profiles is an equilibrium: test profiles with "
                "NormalFormGame.is_equilibrium, or the best-response masks of "
                "goodsgov.solvers.pure.best_response_mask, instead of listing them")
    idx = np.unravel_index(cand, shape)
    return [tuple(int(v) for v in t) for t in zip(*idx)]
