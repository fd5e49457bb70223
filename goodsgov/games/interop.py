"""Conversions between :class:`NormalFormGame` and peer libraries (nashpy, QuantEcon).

nashpy (Knight and Campbell 2018) holds a two-player game as its two
payoff matrices, indexed as in goodsgov; the conversion is exact in both
directions.  QuantEcon (``quantecon.game_theory``) puts each player's *own*
action first in her ``payoff_array`` (so for two players its column player
holds ``B.T``); passing QuantEcon's arrays to :class:`NormalFormGame`
unconverted would silently swap actions wherever the shapes happen to
agree.  :func:`from_quantecon` and :func:`to_quantecon` convert exactly
(integer payoffs stay exact).  The layouts and the array conversions are
described in :mod:`goodsgov.games.peers`; these functions are the same as
the methods ``NormalFormGame.to_nashpy``, ``from_nashpy``, ``to_quantecon``
and ``from_quantecon``.  QuantEcon comes with the ``compare`` extra
(``pip install "goodsgov[compare]"``).
"""

from __future__ import annotations

from .normal_form import NormalFormGame
from .peers import nashpy_game, quantecon_game

__all__ = ["to_nashpy", "from_nashpy", "to_quantecon", "from_quantecon"]


def to_nashpy(game: NormalFormGame):
    """``nashpy.Game(A, B)`` with the game's bimatrix (two players only).

    >>> g = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> to_nashpy(g).payoff_matrices[1].tolist()
    [[-1.0, 1.0], [1.0, -1.0]]
    """
    return nashpy_game(game.payoffs)


def from_nashpy(g) -> NormalFormGame:
    """A :class:`NormalFormGame` from a ``nashpy.Game``."""
    return NormalFormGame.from_nashpy(g)


def to_quantecon(game: NormalFormGame):
    """A ``quantecon.game_theory.NormalFormGame`` with the same payoffs (any number of players).

    >>> from goodsgov.games.catalogue import battle_of_the_sexes
    >>> q = to_quantecon(battle_of_the_sexes())
    >>> q.players[1].payoff_array.tolist()      # the column player's own action first: B.T
    [[1.0, 0.0], [0.0, 2.0]]
    """
    return quantecon_game(game.payoffs)


def from_quantecon(g) -> NormalFormGame:
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
    return NormalFormGame.from_quantecon(g)
