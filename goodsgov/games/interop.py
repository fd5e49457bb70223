"""Conversions between :class:`NormalFormGame` and peer libraries (nashpy, QuantEcon).

nashpy (Knight and Campbell 2018) represents a two-player game by its two
payoff matrices, ``A[i, j]`` and ``B[i, j]`` indexed by (row action, column
action) as in goodsgov; the conversion is exact in both directions.

QuantEcon (``quantecon.game_theory``) holds an N-player game as one
``Player`` per player whose ``payoff_array`` has that player's *own* action
on the first axis and the opponents' actions after it in cyclic order:
player ``i``'s array is indexed ``[a_i, a_{i+1}, ..., a_{N-1}, a_0, ...,
a_{i-1}]``.  goodsgov indexes every player's array ``[a_0, ..., a_{N-1}]``
with the player axis first.  So for two players QuantEcon's column player
holds ``B.T``; passing QuantEcon's arrays to :class:`NormalFormGame`
unconverted would silently swap actions wherever the shapes happen to
agree.  :func:`from_quantecon` and :func:`to_quantecon` convert exactly
(integer payoffs stay exact).
"""

from __future__ import annotations

import numpy as np

from ..errors import SolverError, invalid

__all__ = ["to_nashpy", "from_nashpy", "to_quantecon", "from_quantecon"]


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


def _cyclic(i: int, n: int) -> list[int]:
    """QuantEcon's axis order for player i: her own action, then the others cyclically."""
    return [(i + k) % n for k in range(n)]


def to_quantecon(game):
    """A ``quantecon.game_theory.NormalFormGame`` with the same payoffs (any number of players).

    >>> from goodsgov.games.catalogue import battle_of_the_sexes
    >>> q = to_quantecon(battle_of_the_sexes())
    >>> q.players[1].payoff_array.tolist()      # the column player's own action first: B.T
    [[1.0, 0.0], [0.0, 2.0]]
    """
    from quantecon import game_theory as gt

    p = game.payoffs
    n = game.n_players
    return gt.NormalFormGame([gt.Player(np.ascontiguousarray(np.transpose(p[i], _cyclic(i, n))))
                              for i in range(n)])


def from_quantecon(g):
    """A :class:`NormalFormGame` from a ``quantecon.game_theory.NormalFormGame``.

    Each ``Player.payoff_array`` (own action first) is transposed back to
    goodsgov's layout (actions of players 0, ..., N-1); integer payoff
    arrays are kept exact.

    >>> from quantecon import game_theory as gt
    >>> import numpy as np
    >>> q = gt.NormalFormGame([gt.Player(np.array([[3, 0], [5, 1]])), gt.Player(np.array([[3, 0], [5, 1]]))])
    >>> from_quantecon(q).payoffs[1].tolist()    # B = the column player's array transposed
    [[3.0, 5.0], [0.0, 1.0]]
    """
    from .normal_form import NormalFormGame

    players = getattr(g, "players", None)
    if players is None or not hasattr(g, "payoff_profile_array"):
        raise invalid("g", f"<{type(g).__name__}>",
                      "must be a quantecon.game_theory.NormalFormGame (with players)")
    n = len(players)
    arrays = []
    for i, pl in enumerate(players):
        a = np.asarray(getattr(pl, "payoff_array", None))
        if a.ndim != n:
            raise invalid(f"g.players[{i}].payoff_array", f"<array of shape {a.shape}>",
                          f"must have one axis per player ({n})")
        arrays.append(np.transpose(a, np.argsort(_cyclic(i, n))))
    stacked = np.stack(arrays)
    if stacked.dtype.kind in "iu":
        stacked = stacked.astype(object)             # Python ints: exact rationals
    return NormalFormGame(stacked)
