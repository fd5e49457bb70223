"""Conversions between :class:`NormalFormGame` and peer libraries (nashpy).

nashpy (Knight and Campbell 2018) represents a two-player game by its two
payoff matrices; the conversion is exact in both directions.
"""

from __future__ import annotations

import numpy as np

from ..errors import SolverError, invalid

__all__ = ["to_nashpy", "from_nashpy"]


def to_nashpy(game):
    """``nashpy.Game(A, B)`` with the game's bimatrix (two players only).

    >>> from goodsgov.games.normal_form import NormalFormGame
    >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> to_nashpy(g).payoff_matrices[1].tolist()
    [[-1.0, 1.0], [1.0, -1.0]]
    """
    import nashpy

    if game.n_players != 2:
        raise SolverError(f"nashpy holds two-player games only; this game has {game.n_players}")
    A, B = game.bimatrix()
    return nashpy.Game(np.array(A), np.array(B))


def from_nashpy(g):
    """A :class:`NormalFormGame` from a ``nashpy.Game``."""
    from .normal_form import NormalFormGame

    mats = getattr(g, "payoff_matrices", None)
    if mats is None or len(mats) != 2:
        raise invalid("g", g, "must be a nashpy.Game (with payoff_matrices)")
    return NormalFormGame.from_bimatrix(np.asarray(mats[0], dtype=float), np.asarray(mats[1], dtype=float))
