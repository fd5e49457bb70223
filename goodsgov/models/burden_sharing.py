"""Burden sharing: the Shapley value and the (least) core of a cooperative game.

Who should pay what in a refugee burden-sharing agreement? Give every
coalition of states a worth — e.g. the welfare its members reach under a
partial agreement while the others best-respond — and two classic answers
follow: the Shapley (1953) value (each state's average marginal
contribution) and the core (allocations no coalition can improve on by
leaving; the least core when the core is empty, Maschler, Peleg & Shapley
1979).

A game with ``n`` players is given either as a callable ``worth(S)`` on
frozensets of player indices ``0..n-1`` or as a vector of length ``2**n``
indexed by bitmask (bit i set = player i in the coalition). The empty
coalition must be worth 0. Limits: :data:`SHAPLEY_MAX_PLAYERS` (20) for the
Shapley value and :data:`CORE_MAX_PLAYERS` (16) for the core linear
programme, because both enumerate all ``2**n`` coalitions; larger games
raise :class:`goodsgov.errors.ValidationError`. Symmetric games of any size
can use :func:`symmetric_worth` with a small ``n`` or their closed forms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
from scipy.optimize import linprog

from .. import _checks
from ..errors import SolverError, invalid

__all__ = [
    "SHAPLEY_MAX_PLAYERS",
    "CORE_MAX_PLAYERS",
    "worth_vector",
    "symmetric_worth",
    "shapley_value",
    "LeastCore",
    "least_core",
    "in_core",
]

SHAPLEY_MAX_PLAYERS = 20
CORE_MAX_PLAYERS = 16


def membership_matrix(n: int) -> np.ndarray:
    """Membership matrix: row = bitmask, column = player (0/1)."""
    masks = np.arange(2 ** n, dtype=np.int64)
    return ((masks[:, None] >> np.arange(n)) & 1).astype(np.int8)


@_checks.guarded
def worth_vector(worth: Callable[[frozenset], float] | Sequence[float] | np.ndarray,
                 n: int | None = None, *, max_players: int = SHAPLEY_MAX_PLAYERS) -> np.ndarray:
    """Coalition worths as a vector indexed by bitmask (validated, read-only).

    >>> worth_vector(lambda S: len(S) ** 2, n=2).tolist()
    [0.0, 1.0, 1.0, 4.0]
    """
    if callable(worth):
        if n is None:
            raise invalid("n", None, "the number of players is required when worth is a callable")
        n = _checks.integer("n", n, low=1)
        if n > max_players:
            raise invalid("n", n, f"at most {max_players} players: the computation enumerates "
                                  f"all 2**n coalitions")
        bits = membership_matrix(n)
        vals = []
        for row in bits:
            members = frozenset(np.flatnonzero(row).tolist())
            vals.append(_checks.real(f"worth({set(members) or '{}'})", worth(members)))
        v = np.array(vals, dtype=float)
        v.setflags(write=False)
    else:
        v = _checks.array("worth", worth, ndim=1, nonempty=True)
        size = v.size
        k = size.bit_length() - 1
        if size != 2 ** k or k < 1:
            raise invalid("worth", f"<vector of length {size}>",
                          "must have length 2**n (one entry per coalition bitmask), n >= 1")
        if n is not None and _checks.integer("n", n, low=1) != k:
            raise invalid("n", _checks.brief(n), f"must match the worth vector's 2**{k} entries")
        if k > max_players:
            raise invalid("worth", f"<vector for {k} players>",
                          f"at most {max_players} players: the computation enumerates "
                          f"all 2**n coalitions")
    if abs(v[0]) > 1e-12 * float(np.abs(v).max()):     # relative: any units
        raise invalid("worth(empty coalition)", float(v[0]), "must be 0")
    return v


@_checks.guarded
def symmetric_worth(n: int, worth_of_size: Callable[[int], float]) -> np.ndarray:
    """Bitmask worth vector of a symmetric game whose worth depends on coalition size only.

    >>> symmetric_worth(2, lambda k: float(k)).tolist()
    [0.0, 1.0, 1.0, 2.0]
    """
    n = _checks.integer("n", n, low=1, high=SHAPLEY_MAX_PLAYERS)
    if not callable(worth_of_size):
        raise invalid("worth_of_size", _checks.brief(worth_of_size),
                      "must be a callable of the coalition size k")
    by_size = np.array([0.0] + [_checks.real(f"worth_of_size({k})", worth_of_size(k))
                                for k in range(1, n + 1)])
    sizes = membership_matrix(n).sum(axis=1)
    v = by_size[sizes]
    v.setflags(write=False)
    return v


@_checks.guarded
def shapley_value(worth, n: int | None = None) -> np.ndarray:
    """Shapley (1953) value: ``phi_i = sum_S |S|!(n-|S|-1)!/n! [v(S + i) - v(S)]``.

    The values sum to the grand coalition's worth (efficiency). At most
    :data:`SHAPLEY_MAX_PLAYERS` players.

    >>> shapley_value([0.0, 1.0, 2.0, 6.0]).tolist()
    [2.5, 3.5]
    """
    v = worth_vector(worth, n, max_players=SHAPLEY_MAX_PLAYERS)
    n = v.size.bit_length() - 1
    masks = np.arange(v.size, dtype=np.int64)
    sizes = membership_matrix(n).sum(axis=1)
    fact = np.array([math.factorial(k) for k in range(n + 1)], dtype=float)
    weight = fact[sizes] * fact[np.clip(n - sizes - 1, 0, None)] / fact[n]
    phi = np.empty(n)
    for i in range(n):
        without = (masks >> i) & 1 == 0
        s = masks[without]
        phi[i] = np.sum(weight[without] * (v[s | (1 << i)] - v[s]))
    phi.setflags(write=False)
    return phi


@dataclass(frozen=True)
class LeastCore:
    """Least-core allocation of a cooperative game (see :func:`least_core`).

    ``epsilon`` is the smallest uniform subsidy that lets every coalition
    accept the allocation (``x(S) >= v(S) - epsilon``); the core is
    non-empty exactly when ``epsilon <= 0`` (within ``tol`` times the
    largest absolute worth, so the answer does not depend on the unit in
    which worth is measured), and then
    ``allocation`` lies in the core. ``allocation`` is the least-core point
    closest (in total absolute difference) to the ``shapley`` value.
    """

    worth: np.ndarray
    allocation: np.ndarray
    epsilon: float
    shapley: np.ndarray
    core_nonempty: bool
    tol: float

    @property
    def n(self) -> int:
        return self.worth.size.bit_length() - 1


@_checks.guarded
def least_core(worth, n: int | None = None, *, tol: float = 1e-9) -> LeastCore:
    """Least core (core where non-empty) by linear programming.

    First LP: minimise ``epsilon`` subject to ``x(S) >= v(S) - epsilon`` for
    every non-empty proper coalition ``S`` and ``x(N) = v(N)`` (Maschler,
    Peleg & Shapley 1979). Second LP: among allocations with that
    ``epsilon``, the one nearest the Shapley value (L1), so the answer is
    unique and proposes who pays what. At most :data:`CORE_MAX_PLAYERS`
    players. Solved with ``scipy.optimize.linprog`` (HiGHS).

    >>> lc = least_core([0.0, 0.0, 0.0, 1.0])
    >>> lc.allocation.tolist(), lc.core_nonempty
    ([0.5, 0.5], True)
    """
    tol = _checks.real("tol", tol, low=0.0)
    v = worth_vector(worth, n, max_players=CORE_MAX_PLAYERS)
    n = v.size.bit_length() - 1
    phi = shapley_value(v)
    if n == 1:
        grand = float(v[-1])
        alloc = np.array([grand])
        alloc.setflags(write=False)
        return LeastCore(v, alloc, 0.0, phi, True, tol)   # no proper coalitions
    # solve in units of the largest worth: HiGHS's tolerances are absolute
    unit = float(np.abs(v).max()) or 1.0
    scaled_phi = phi / unit
    x, eps, core_nonempty = _least_core_lp(v / unit, scaled_phi, n, tol)
    alloc = phi if x is scaled_phi else _frozen_array(x * unit)
    return LeastCore(v, alloc, eps * unit, phi, core_nonempty, tol)


def _frozen_array(x) -> np.ndarray:
    a = np.array(x, dtype=float)
    a.setflags(write=False)
    return a


def _least_core_lp(v: np.ndarray, phi: np.ndarray, n: int, tol: float):
    """(allocation, epsilon, core non-empty) of a worth vector scaled to max |v| = 1."""
    grand = float(v[-1])
    bits = membership_matrix(n)[1:-1].astype(float)            # non-empty proper coalitions
    rhs = v[1:-1]
    m = bits.shape[0]
    # variables: x_0..x_{n-1}, epsilon ; -x(S) - eps <= -v(S)
    a_ub = np.hstack([-bits, -np.ones((m, 1))])
    a_eq = np.append(np.ones(n), 0.0)[None, :]
    c = np.zeros(n + 1)
    c[-1] = 1.0
    bounds = [(None, None)] * (n + 1)
    res = linprog(c, A_ub=a_ub, b_ub=-rhs, A_eq=a_eq, b_eq=[grand], bounds=bounds,
                  method="highs")
    if res.status != 0:
        raise SolverError(f"least-core LP failed: {res.message}")
    eps = float(res.x[-1])
    slack = tol * max(1.0, abs(eps), float(np.abs(v).max()))
    core_nonempty = eps <= tol                      # v is in units of its largest |worth|
    if np.all(bits @ phi >= rhs - eps - slack):          # the Shapley value is in the least core
        return phi, eps, core_nonempty
    # second LP: minimise sum t_i, t_i >= |x_i - phi_i|, with x(S) >= v(S) - eps
    a2 = np.hstack([-bits, np.zeros((m, n))])
    b2 = -(rhs - eps - slack)
    eye = np.eye(n)
    a_abs = np.vstack([np.hstack([eye, -eye]), np.hstack([-eye, -eye])])
    b_abs = np.concatenate([phi, -phi])
    c2 = np.concatenate([np.zeros(n), np.ones(n)])
    res2 = linprog(c2, A_ub=np.vstack([a2, a_abs]), b_ub=np.concatenate([b2, b_abs]),
                   A_eq=np.concatenate([np.ones(n), np.zeros(n)])[None, :], b_eq=[grand],
                   bounds=[(None, None)] * n + [(0, None)] * n, method="highs")
    if res2.status != 0:
        raise SolverError(f"least-core selection LP failed: {res2.message}")
    return np.array(res2.x[:n]), eps, core_nonempty


@_checks.guarded
def in_core(allocation, worth, n: int | None = None, *, tol: float = 1e-9) -> bool:
    """Whether ``allocation`` is efficient and no coalition gets less than its worth.

    >>> in_core([0.5, 0.5], [0.0, 0.0, 0.0, 1.0])
    True
    """
    v = worth_vector(worth, n, max_players=CORE_MAX_PLAYERS)
    k = v.size.bit_length() - 1
    x = _checks.array("allocation", allocation, shape=(k,))
    tol = _checks.real("tol", tol, low=0.0)
    scale = tol * max(float(np.abs(v).max()), float(np.abs(x).max()))   # relative
    totals = membership_matrix(k).astype(float) @ x
    return bool(abs(totals[-1] - v[-1]) <= scale and np.all(totals >= v - scale))
