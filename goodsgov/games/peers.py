"""Payoff layouts of peer libraries (nashpy, QuantEcon), converted on payoff arrays.

nashpy (Knight and Campbell 2018) represents a two-player game by its two
payoff matrices, ``A[i, j]`` and ``B[i, j]`` indexed by (row action, column
action) as in goodsgov; the conversion is exact in both directions.

QuantEcon (``quantecon.game_theory``) holds an N-player game as one
``Player`` per player whose ``payoff_array`` has that player's *own* action
on the first axis and the opponents' actions after it in cyclic order:
player ``i``'s array is indexed ``[a_i, a_{i+1}, ..., a_{N-1}, a_0, ...,
a_{i-1}]``.  goodsgov indexes every player's array ``[a_0, ..., a_{N-1}]``
with the player axis first (:data:`goodsgov.games.layout.LAYOUT`).  So for
two players QuantEcon's column player holds ``B.T``.

These functions work on payoff tensors; :class:`goodsgov.games.NormalFormGame`
(``from_nashpy``, ``to_quantecon``, ...) and :mod:`goodsgov.games.interop`
build games from them.  nashpy is a dependency of goodsgov; QuantEcon comes
with the ``compare`` extra (``pip install "goodsgov[compare]"``).

>>> import numpy as np
>>> quantecon_arrays(np.array([[[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]]]))[1].tolist()
[[3.0, 0.0], [5.0, 1.0]]
"""

from __future__ import annotations

import numpy as np

from ..errors import SolverError, invalid

__all__ = ["nashpy_game", "nashpy_matrices", "quantecon_arrays", "quantecon_game",
           "quantecon_payoffs", "COMPARE_EXTRA"]

#: How to install the optional peer libraries (QuantEcon, pygambit).
COMPARE_EXTRA = 'pip install "goodsgov[compare]"'


def nashpy_game(payoffs: np.ndarray):
    """``nashpy.Game(A, B)`` of a two-player payoff tensor ``(2, m, n)``.

    >>> nashpy_game(np.zeros((2, 2, 3))).payoff_matrices[1].shape
    (2, 3)
    """
    import nashpy    # a dependency, imported on use: it takes longer to load than goodsgov's engine

    n = payoffs.shape[0]
    if n != 2:
        raise SolverError(f"nashpy holds two-player games only; this game has {n}")
    return nashpy.Game(np.array(payoffs[0]), np.array(payoffs[1]))


def nashpy_matrices(g) -> tuple[np.ndarray, np.ndarray]:
    """``(A, B)`` as float arrays from a ``nashpy.Game``; a ValidationError for anything else.

    >>> import nashpy
    >>> A, B = nashpy_matrices(nashpy.Game(np.eye(2)))
    >>> B.tolist()
    [[-1.0, -0.0], [-0.0, -1.0]]
    """
    mats = getattr(g, "payoff_matrices", None)
    if mats is None or len(mats) != 2:
        raise invalid("g", g, "must be a nashpy.Game (with payoff_matrices)")
    return np.asarray(mats[0], dtype=float), np.asarray(mats[1], dtype=float)


def _cyclic(i: int, n: int) -> list[int]:
    """QuantEcon's axis order for player i: her own action, then the others cyclically."""
    return [(i + k) % n for k in range(n)]


def quantecon_arrays(payoffs: np.ndarray) -> list[np.ndarray]:
    """Each player's payoff array in QuantEcon's layout (own action first), contiguous."""
    n = payoffs.shape[0]
    return [np.ascontiguousarray(np.transpose(payoffs[i], _cyclic(i, n))) for i in range(n)]


def _game_theory():
    """``quantecon.game_theory``, or an ImportError naming the extra that installs it."""
    try:
        from quantecon import game_theory
    except ImportError as exc:
        raise ImportError(f"converting to QuantEcon needs quantecon: {COMPARE_EXTRA}") from exc
    return game_theory


def quantecon_game(payoffs: np.ndarray):
    """A ``quantecon.game_theory.NormalFormGame`` with the payoffs of a goodsgov tensor."""
    gt = _game_theory()
    return gt.NormalFormGame([gt.Player(a) for a in quantecon_arrays(payoffs)])


def quantecon_payoffs(g) -> np.ndarray:
    """goodsgov's payoff tensor of a ``quantecon.game_theory.NormalFormGame``.

    Each ``Player.payoff_array`` (own action first) is transposed back to
    goodsgov's layout (actions of players 0, ..., N-1); integer payoff
    arrays come back as Python ints in an object array (exact rationals).
    Anything else is refused with a ValidationError.
    """
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
    return stacked
