"""Regret (incentive to deviate) of a strategy profile in a normal-form game.

A profile is a Nash equilibrium iff no player gains by a unilateral
deviation (Nash 1951); since a mixed strategy's expected payoff is linear in
the probabilities, it suffices to check pure deviations.  Player ``i``'s
regret is ``max_a u_i(a, s_-i) - u_i(s)``; the profile's regret is the
largest over players.  Solvers use it as their acceptance test (an
equilibrium is reported only if its regret is at most ``tol``), which makes
the tolerance mean the same thing for every method.
"""

from __future__ import annotations

from numbers import Integral
from typing import Sequence

import numpy as np

from ..errors import invalid

__all__ = ["as_profile", "deviation_payoffs", "expected_payoffs", "player_regrets", "regret"]


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
