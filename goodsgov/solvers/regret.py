"""Regret (incentive to deviate) of a strategy profile in a normal-form game.

A profile is a Nash equilibrium iff no player gains by a unilateral
deviation (Nash 1951); since a mixed strategy's expected payoff is linear in
the probabilities, it suffices to check pure deviations.  Player ``i``'s
regret is ``max_a u_i(a, s_-i) - u_i(s)``; the profile's regret is the
largest over players.  Solvers use it as their acceptance test (an
equilibrium is reported only if its regret is at most ``tol``), which makes
the tolerance mean the same thing for every method.

Tolerances are relative: :func:`relative_regret` measures each player's
gain in units of that player's payoff range (``max - min`` of her payoffs),
i.e. on the game mapped by a positive affine transform per player onto
[0, 1] (:func:`normalised`).  Equilibria do not change under such maps, so
an equilibrium test with a relative tolerance gives the same answer for a
game and for the game multiplied by any positive factor, or for games whose
players' payoffs differ by many orders of magnitude.
"""

from __future__ import annotations

import math
from numbers import Integral
from typing import Sequence

import numpy as np

from ..errors import invalid

__all__ = ["as_profile", "deviation_payoffs", "expected_payoffs", "player_regrets", "regret",
           "payoff_ranges", "normalised", "relative_regret"]


def as_profile(shape: tuple[int, ...], profile) -> list[np.ndarray]:
    """Normalise a profile to a list of probability vectors (one per player).

    ``profile`` is either a tuple of action indices (a pure profile) or a
    sequence of probability vectors.  Probabilities must be non-negative and
    sum to one within ``1e-9``.

    >>> [v.tolist() for v in as_profile((2, 3), (1, 0))]
    [[0.0, 1.0], [1.0, 0.0, 0.0]]
    """
    n = len(shape)
    if isinstance(profile, np.ndarray) and profile.ndim == 1 and profile.dtype.kind in "iu":
        profile = tuple(int(v) for v in profile)
    if not isinstance(profile, (Sequence, np.ndarray)) or len(profile) != n:
        raise invalid("profile", profile, f"must give one action or mixed strategy per player ({n})")
    out = []
    for i, s in enumerate(profile):
        if isinstance(s, (Integral, np.integer)) and not isinstance(s, bool):
            if not 0 <= int(s) < shape[i]:
                raise invalid(f"profile[{i}]", s, f"must be an action index in [0, {shape[i] - 1}]")
            v = np.zeros(shape[i])
            v[int(s)] = 1.0
        else:
            try:
                v = np.asarray(s, dtype=float)
            except (TypeError, ValueError):
                raise invalid(f"profile[{i}]", s, "must be an action index or a probability vector") from None
            if v.shape != (shape[i],):
                raise invalid(f"profile[{i}]", s, f"must be a probability vector of length {shape[i]}")
            if not np.all(np.isfinite(v)) or np.any(v < -1e-12) or abs(v.sum() - 1.0) > 1e-9:
                raise invalid(f"profile[{i}]", s, "must be non-negative and sum to 1 (within 1e-9)")
        out.append(v)
    return out


def deviation_payoffs(payoffs: np.ndarray, profile: list[np.ndarray]) -> list[np.ndarray]:
    """For each player, the expected payoff of each own pure action against the others.

    Returns a list whose ``i``-th entry has length ``k_i``.  Cost: one
    contraction of each player's payoff array with the other players'
    strategies, ``O(N * k1 * ... * kN)`` overall.
    """
    n = payoffs.shape[0]
    res = []
    for i in range(n):
        t = payoffs[i]
        # contract trailing axes first so axis numbers below stay valid
        for j in range(n - 1, -1, -1):
            if j == i:
                continue
            t = np.tensordot(t, profile[j], axes=([j], [0]))
        res.append(np.asarray(t, dtype=float).reshape(-1))
    return res


def expected_payoffs(payoffs: np.ndarray, profile: list[np.ndarray]) -> np.ndarray:
    """Expected payoff of every player at the (mixed) profile."""
    dev = deviation_payoffs(payoffs, profile)
    return np.array([float(d @ s) for d, s in zip(dev, profile)])


def player_regrets(payoffs: np.ndarray, profile: list[np.ndarray]) -> np.ndarray:
    """Each player's gain from her best pure deviation (>= 0 up to rounding)."""
    dev = deviation_payoffs(payoffs, profile)
    return np.array([float(d.max() - d @ s) for d, s in zip(dev, profile)])


def regret(payoffs: np.ndarray, profile: list[np.ndarray]) -> float:
    """Largest gain any player gets from a unilateral deviation (Nash 1951).

    >>> import numpy as np
    >>> A = np.array([[3.0, 0.0], [5.0, 1.0]])
    >>> regret(np.stack([A, A.T]), [np.array([1.0, 0.0]), np.array([1.0, 0.0])])
    2.0
    """
    return float(max(0.0, player_regrets(payoffs, profile).max()))


def power_of_two_exponent(u: np.ndarray) -> int:
    """The exponent ``e`` with ``max |u| / 2**e`` in [0.5, 1) (0 for an all-zero array)."""
    top = float(np.max(np.abs(u))) if u.size else 0.0
    return math.frexp(top)[1] if top > 0.0 else 0


def unit_scaled(u: np.ndarray) -> np.ndarray:
    """``u / 2**e`` with magnitudes below 1: exact (``np.ldexp``), for any finite ``u``."""
    return np.ldexp(np.asarray(u, dtype=float), -power_of_two_exponent(u))


def payoff_ranges(payoffs: np.ndarray) -> np.ndarray:
    """Each player's payoff range ``max - min`` (finite even where the difference overflows).

    A range that exceeds the largest float is returned as the largest float.

    >>> import numpy as np
    >>> payoff_ranges(np.array([[[0.0, 2.0], [1.0, 3.0]], [[5.0, 5.0], [5.0, 5.0]]])).tolist()
    [3.0, 0.0]
    """
    n = payoffs.shape[0]
    flat = payoffs.reshape(n, -1)
    hi = flat.max(axis=1)
    lo = flat.min(axis=1)
    with np.errstate(over="ignore"):
        half = hi / 2.0 - lo / 2.0                  # never overflows
        out = np.minimum(half * 2.0, np.finfo(float).max)
    return out


def normalised(payoffs: np.ndarray) -> np.ndarray:
    """The game with each player's payoffs mapped affinely onto [0, 1] (float copy).

    Player ``i``'s payoffs become ``(u_i - min u_i) / (max u_i - min u_i)``;
    a player whose payoffs are all equal gets zeros.  The map is computed
    without overflow for any finite payoffs (each player's payoffs are first
    divided by a power of two, which is exact).  Equilibria, best responses
    and dominance are unchanged (positive affine maps per player).

    >>> import numpy as np
    >>> normalised(np.array([[[3e9, 0.0], [5e9, 1e9]], [[3e9, 5e9], [0.0, 1e9]]]))[0].tolist()
    [[0.6, 0.0], [1.0, 0.2]]
    """
    p = np.array(payoffs, dtype=float)
    for i in range(p.shape[0]):
        u = p[i]
        u[...] = unit_scaled(u)
        lo = u.min()
        span = u.max() - lo
        u -= lo
        if span > 0.0:
            u /= span
    return p


def relative_regret(payoffs: np.ndarray, profile: list[np.ndarray]) -> float:
    """Largest gain from a unilateral deviation, in units of the deviating player's payoff range.

    The regret of the game mapped onto [0, 1] per player (:func:`normalised`):
    the same for a game and for any positive affine transform of any
    player's payoffs.

    >>> import numpy as np
    >>> A = np.array([[3.0, 0.0], [5.0, 1.0]]) * 1e9
    >>> relative_regret(np.stack([A, A.T]), [np.array([1.0, 0.0]), np.array([1.0, 0.0])])
    0.4
    """
    return regret(normalised(payoffs), profile)
