"""Strategies for normal-form games: random N-player games for the equilibrium engine."""

import numpy as _np_nf  # noqa: E402
from hypothesis import strategies as _st_nf  # noqa: E402


@_st_nf.composite
def nf_payoffs(draw, min_players: int = 2, max_players: int = 5, min_actions: int = 2,
               max_actions: int = 6, max_profiles: int = 400, integer: bool | None = None):
    """Payoff tensor (N, k1, ..., kN) of a random game, 2-5 players, 2-6 actions.

    The number of profiles is capped (``max_profiles``) to keep examples
    quick.  Integer payoffs in a small range (many ties: degenerate games)
    or continuous draws from a seeded generator (generic games).
    """
    n = draw(_st_nf.integers(min_players, max_players))
    shape = []
    for i in range(n):
        rest = max(1, max_profiles // max(1, int(_np_nf.prod(shape, dtype=int))) // (2 ** (n - i - 1)))
        shape.append(draw(_st_nf.integers(min_actions, max(min_actions, min(max_actions, rest)))))
    seed = draw(_st_nf.integers(0, 2 ** 32 - 1))
    rng = _np_nf.random.default_rng(seed)
    if integer is None:
        integer = draw(_st_nf.booleans())
    size = (n, *shape)
    if integer:
        top = draw(_st_nf.integers(1, 5))
        return rng.integers(-top, top + 1, size=size).astype(float)
    return rng.normal(size=size)


@_st_nf.composite
def nf_bimatrix(draw, min_actions: int = 2, max_actions: int = 6, integer: bool | None = None):
    """(A, B) of a random two-player game with 2-6 actions each."""
    p = draw(nf_payoffs(min_players=2, max_players=2, min_actions=min_actions,
                        max_actions=max_actions, max_profiles=36, integer=integer))
    return p[0], p[1]


#: a positive affine transform (scale, shift) of payoffs
nf_affine = _st_nf.tuples(_st_nf.sampled_from([0.25, 0.5, 2.0, 3.0, 7.0]),
                          _st_nf.integers(-10, 10).map(float))
