"""N-player games in normal (strategic) form with explicit payoff arrays.

``NormalFormGame(payoffs)`` holds one payoff array per player, stacked as a
tensor of shape ``(N, k1, ..., kN)``: ``payoffs[i][a1, ..., aN]`` is player
``i``'s payoff when player ``j`` plays action ``aj`` (von Neumann and
Morgenstern 1944; Nash 1951).  The class is a validated container; every
algorithm lives in :mod:`goodsgov.solvers` and the methods below only
delegate to it.

Layout.  The player axis comes first and every player's array is indexed
by the actions of players 1, ..., N in that order.  QuantEcon's
``NormalFormGame`` (Oyama et al.) stores the same game differently: player
``i``'s ``Player.payoff_array`` has *her own* action first, then the
others' in cyclic order, and its ``payoff_profile_array`` has the player
axis last, ``(k1, ..., kN, N)``.  Convert with
:meth:`NormalFormGame.from_quantecon` / :meth:`NormalFormGame.to_quantecon`;
a QuantEcon-layout array whose shape cannot be a goodsgov payoff tensor is
refused with a message that says so.

Tolerances are relative to each player's payoff range (see
:mod:`goodsgov.solvers.regret`), so every method gives the same answer for
a game and for the game with any player's payoffs rescaled.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import numpy as np

from .._checks import integer, real
from ..errors import GameError, SolverError, invalid
from ..solvers import dominance, lemke_howson as _lh, pure, regret as _regret, symmetric
from ..solvers.enumeration import MAX_DEGENERATE_VERTICES, MAX_VERTICES, extreme_equilibria
from ..solvers.exact_enumeration import vertex_enumeration_exact
from ..solvers.nash_subsets import maximal_nash_subsets
from . import peers
from .layout import LAYOUT, check_shape, describe, names, payoff_array, permutation
from .nfg_format import format_nfg, parse_nfg

__all__ = ["NormalFormGame", "LAYOUT"]


class NormalFormGame:
    """A finite N-player game given by its payoff tensor.

    ``payoffs`` has shape ``(N, k1, ..., kN)`` with ``N >= 1`` players and
    ``k_i >= 1`` actions each, the player axis first:
    ``payoffs[i][a1, ..., aN]`` is player ``i``'s payoff (:data:`LAYOUT`;
    QuantEcon's layout differs, see :meth:`from_quantecon`).  Values must be
    finite real numbers (ints, floats, Fractions; no bools, strings or
    complex numbers).  Exact rationals (``int`` or
    :class:`fractions.Fraction` in an object array or nested lists) are
    kept for the exact solvers and for ``.nfg`` output.  Optional
    ``players`` and ``actions`` name players and actions (lists of
    strings, used in ``.nfg`` files), ``title`` titles the game.  Bad input
    raises :class:`goodsgov.errors.GameError` or
    :class:`goodsgov.errors.ValidationError` naming the field.

    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> g.n_players, g.shape
    (2, (2, 2))
    >>> g.pure_equilibria()
    [(1, 1)]
    """

    __slots__ = ("_payoffs", "_exact", "players", "actions", "title")

    def __init__(self, payoffs, *, players: Sequence[str] | None = None,
                 actions: Sequence[Sequence[str]] | None = None, title: str = ""):
        if hasattr(payoffs, "payoff_profile_array") and hasattr(payoffs, "players"):
            raise GameError("payoffs is a QuantEcon NormalFormGame, whose payoff layout differs; "
                            "convert it with NormalFormGame.from_quantecon(g)")
        if hasattr(payoffs, "payoff_matrices"):
            raise GameError("payoffs is a nashpy Game; convert it with NormalFormGame.from_nashpy(g)")
        p, exact = payoff_array(payoffs, "payoffs")
        check_shape(p.shape)
        self._setup(p, exact, players, actions, title)

    def _setup(self, p: np.ndarray, exact, players, actions, title) -> None:
        n = p.shape[0]
        p.setflags(write=False)
        self._payoffs = p
        self._exact = exact
        if not isinstance(title, str):
            raise invalid("title", describe(title), "must be a string")
        self.title = title
        self.players = (tuple(f"Player {i + 1}" for i in range(n)) if players is None
                        else names("players", players, n))
        if actions is None:
            self.actions = tuple(tuple(str(a + 1) for a in range(k)) for k in p.shape[1:])
        else:
            if isinstance(actions, (str, bytes)) or not isinstance(actions, (Sequence, np.ndarray)):
                raise invalid("actions", describe(actions),
                              f"must be a list of {n} lists of action names, one per player")
            acts = list(actions)
            if len(acts) != n:
                raise invalid("actions", describe(actions), f"must name the actions of all {n} players")
            self.actions = tuple(names(f"actions[{i}]", a, k)
                                 for i, (a, k) in enumerate(zip(acts, p.shape[1:])))

    @classmethod
    def _checked(cls, p: np.ndarray, exact=None, **kw) -> "NormalFormGame":
        """Build from an already validated float tensor (internal: no second pass)."""
        g = cls.__new__(cls)
        g._setup(p, exact, kw.get("players"), kw.get("actions"), kw.get("title", ""))
        return g

    # ------------------------------------------------------------ construction
    @classmethod
    def from_bimatrix(cls, A, B=None, **kw) -> "NormalFormGame":
        """Two-player game from the row player's matrix ``A`` and the column player's ``B``.

        ``A[i, j]`` and ``B[i, j]`` are the payoffs of the row and the column
        player when the row player plays ``i`` and the column player ``j``
        (nashpy's convention; QuantEcon's column ``Player`` holds ``B.T``).
        ``B`` defaults to ``-A`` (zero-sum), as in nashpy.

        >>> NormalFormGame.from_bimatrix([[1, -1], [-1, 1]]).payoffs[1].tolist()
        [[-1.0, 1.0], [1.0, -1.0]]
        """
        Af, Aq = payoff_array(A, "A")
        if Af.ndim != 2 or Af.size == 0:
            raise invalid("A", f"<array of shape {Af.shape}>",
                          "must be a non-empty 2-dimensional payoff matrix (rows: player 1's actions)")
        if B is None:
            Bf, Bq = -Af, (None if Aq is None else -Aq)
        else:
            Bf, Bq = payoff_array(B, "B")
        if Bf.shape != Af.shape:
            hint = (" (B looks transposed: QuantEcon's column player holds B.T, her own action first)"
                    if Bf.shape == Af.shape[::-1] else "")
            raise invalid("B", f"<matrix of shape {Bf.shape}>",
                          f"must have the shape of A, {Af.shape}: B[i, j] is the column player's "
                          f"payoff when the row player plays i and the column player j{hint}")
        exact = None if Aq is None or Bq is None else np.stack([Aq, Bq])
        return cls._checked(np.stack([Af, Bf]), exact, **kw)

    @classmethod
    def from_quantecon(cls, g) -> "NormalFormGame":
        """Build from a ``quantecon.game_theory.NormalFormGame`` (see :mod:`goodsgov.games.interop`)."""
        return NormalFormGame(peers.quantecon_payoffs(g))

    def to_quantecon(self):
        """A ``quantecon.game_theory.NormalFormGame`` of the same game (see :mod:`goodsgov.games.interop`)."""
        return peers.quantecon_game(self._payoffs)

    # ------------------------------------------------------------- properties
    @property
    def payoffs(self) -> np.ndarray:
        """The (read-only) float payoff tensor of shape (N, k1, ..., kN)."""
        return self._payoffs

    @property
    def exact_payoffs(self) -> np.ndarray:
        """Payoffs as an object array of Fractions (exact binary value of floats)."""
        if self._exact is not None:
            return self._exact
        return np.vectorize(Fraction, otypes=[object])(self._payoffs)

    @property
    def n_players(self) -> int:
        return self._payoffs.shape[0]

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return tuple(self._payoffs.shape[1:])

    def bimatrix(self) -> tuple[np.ndarray, np.ndarray]:
        """(A, B) for a two-player game."""
        self._need_two("bimatrix")
        return self._payoffs[0], self._payoffs[1]

    def __getitem__(self, profile) -> np.ndarray:
        """Payoff vector at a pure profile, e.g. ``g[1, 0]``."""
        return self._payoffs[(slice(None),) + tuple(profile)]

    def __eq__(self, other) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (self._payoffs.shape == other._payoffs.shape
                and bool(np.array_equal(self._payoffs, other._payoffs))
                and self.players == other.players and self.actions == other.actions
                and self.title == other.title)

    __hash__ = None  # mutable-free but array-valued: not hashable

    def __repr__(self) -> str:
        return f"NormalFormGame(n_players={self.n_players}, shape={self.shape})"

    # ------------------------------------------------------------ relabelling
    def permute_players(self, order: Sequence[int]) -> "NormalFormGame":
        """The same game with players listed in ``order`` (new player i = old ``order[i]``)."""
        order = permutation("order", order, self.n_players)
        p = self._payoffs[order].transpose([0] + [o + 1 for o in order])
        exact = None if self._exact is None else self._exact[order].transpose([0] + [o + 1 for o in order])
        return NormalFormGame._checked(np.ascontiguousarray(p), exact,
                                       players=[self.players[o] for o in order],
                                       actions=[self.actions[o] for o in order], title=self.title)

    def permute_actions(self, player: int, perm: Sequence[int]) -> "NormalFormGame":
        """The same game with ``player``'s actions reordered (new action a = old ``perm[a]``)."""
        player = integer("player", player, low=0, high=self.n_players - 1)
        perm = permutation("perm", perm, self.shape[player])
        p = np.take(self._payoffs, perm, axis=player + 1)
        exact = None if self._exact is None else np.take(self._exact, perm, axis=player + 1)
        acts = list(self.actions)
        acts[player] = tuple(self.actions[player][a] for a in perm)
        return NormalFormGame._checked(p, exact, players=self.players, actions=acts, title=self.title)

    # ------------------------------------------------------------------ solvers
    def pure_equilibria(self, tol: float = 0.0) -> list[tuple[int, ...]]:
        """All pure Nash equilibria (see :func:`goodsgov.solvers.pure.pure_equilibria`).

        ``tol`` is relative to each player's payoff range (0: exact best responses).
        """
        tol = real("tol", tol, low=0.0)
        return pure.pure_equilibria(self._payoffs, tol=tol)

    def equilibria(self, tol: float = 1e-9, exact: bool = False, max_bases: int = 50_000,
                   max_vertices: int = MAX_VERTICES, max_degenerate: int = MAX_DEGENERATE_VERTICES
                   ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Every extreme Nash equilibrium of a two-player game, as ``(x, y)`` pairs.

        Vertex enumeration of the best-response polytopes; in degenerate
        games these are the extreme points of every maximal Nash subset.
        ``tol`` bounds the regret of each reported equilibrium *relative to
        each player's payoff range*, so the same equilibria come out in any
        units (:func:`goodsgov.solvers.enumeration.vertex_enumeration`).
        With ``exact=True`` arithmetic is rational (:class:`fractions.Fraction`)
        and the vectors are object arrays of Fractions.

        Limits (work grows exponentially with the size of the game): the
        float engine raises :class:`goodsgov.errors.SolverError` when the
        worst-case number of vertices of a best-response polytope (McMullen's
        upper bound, :func:`goodsgov.solvers.enumeration.vertex_bound`)
        exceeds ``max_vertices`` (default 1,000,000: every game up to
        16 x 16, such as 3 x 40, 8 x 30 or 12 x 20; not 17 x 17); for a
        game in which a pure strategy has two or more pure best responses
        (degenerate, as small-integer payoffs often are) that bound is
        compared with ``max_degenerate`` instead (default 200,000: degenerate
        games up to 14 x 14, since Qhull's work on degenerate polytopes is
        many times that on simple ones); a
        degenerate game whose larger best-response polytope is out of reach
        too (more than 20 million bases in more than 24 dimensions, e.g. a
        degenerate 8 x 30 game; 5 x 60 still works); the exact
        engine when a polytope has more than ``max_bases`` bases
        (``C(m + n, m)``; default 50,000: up to 8 x 8).  For larger games
        :meth:`lemke_howson` finds one equilibrium.

        >>> import numpy as np
        >>> A = np.array([[3, 0], [5, 1]]) * 1e9
        >>> [(x.tolist(), y.tolist()) for x, y in NormalFormGame.from_bimatrix(A, A.T).equilibria()]
        [([0.0, 1.0], [0.0, 1.0])]
        """
        self._need_two("equilibria")
        if type(tol) is not float or not 0.0 <= tol <= 1.0:     # the usual case checked cheaply
            tol = real("tol", tol, low=0.0)
        if exact is not False and exact is not True:
            if not isinstance(exact, np.bool_):
                raise invalid("exact", describe(exact), "must be True or False")
            exact = bool(exact)
        if type(max_vertices) is not int or max_vertices < 1:
            max_vertices = integer("max_vertices", max_vertices, low=1)
        if type(max_bases) is not int or max_bases < 1:
            max_bases = integer("max_bases", max_bases, low=1)
        if type(max_degenerate) is not int or max_degenerate < 1:
            max_degenerate = integer("max_degenerate", max_degenerate, low=1)
        if exact:
            E = self.exact_payoffs
            return vertex_enumeration_exact(E[0], E[1], max_bases=max_bases)
        return extreme_equilibria(self._payoffs[0], self._payoffs[1], tol, max_vertices,
                                  max_degenerate)

    def maximal_nash_subsets(self, tol: float = 1e-9):
        """Maximal Nash subsets as ``(xs, ys)`` lists of extreme strategies (two players).

        Each subset is the product of the convex hulls of ``xs`` and ``ys``
        (Winkels 1979; Avis et al. 2010).
        """
        eqs = self.equilibria(tol=tol)
        subsets = maximal_nash_subsets(eqs, *self.bimatrix(), tol=tol)
        xs, ys = [], []
        for x, y in eqs:
            if not any(np.allclose(x, v, atol=1e-9) for v in xs):
                xs.append(x)
            if not any(np.allclose(y, v, atol=1e-9) for v in ys):
                ys.append(y)
        return [([xs[i] for i in X], [ys[j] for j in Y]) for X, Y in subsets]

    def lemke_howson(self, start: int = 0, tol: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
        """One equilibrium of a two-player game by Lemke–Howson, dropping label ``start``.

        The result is checked: its regret relative to each player's payoff
        range is at most ``tol``, or :class:`goodsgov.errors.SolverError` is
        raised (see :func:`goodsgov.solvers.lemke_howson.lemke_howson`).
        """
        self._need_two("lemke_howson")
        tol = real("tol", tol, low=0.0)
        return _lh.lemke_howson(self._payoffs[0], self._payoffs[1], start=start, tol=tol)

    def symmetric_binary_payoffs(self, tol: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
        """``(a, b)``: payoffs of action 1 / action 0 when ``k`` others play 1.

        Raises :class:`GameError` unless every player has two actions and
        payoffs depend only on the own action and the number of others
        playing action 1 (identically for all players), within ``tol``
        times the payoff range.
        """
        tol = real("tol", tol, low=0.0)
        n = self.n_players
        if any(k != 2 for k in self.shape):
            raise GameError(f"a symmetric binary game needs 2 actions per player, got {self.shape}")
        grids = np.indices(self.shape).reshape(n, -1)      # (n, 2^n) profiles
        total = grids.sum(axis=0)
        flat = self._payoffs.reshape(n, -1)
        own = grids                                         # own action of player i
        others = total[None, :] - own
        a = np.zeros(n)
        b = np.zeros(n)
        u0 = flat[0]
        for k in range(n):
            a[k] = u0[(own[0] == 1) & (others[0] == k)][0]
            b[k] = u0[(own[0] == 0) & (others[0] == k)][0]
        expect = np.where(own == 1, a[others], b[others])
        e = _regret.power_of_two_exponent(flat)          # exact scaling: no overflow below
        unit_flat = np.ldexp(flat, -e)
        span = float(np.ptp(unit_flat))
        if np.max(np.abs(np.ldexp(expect, -e) - unit_flat)) > tol * span:
            raise GameError("the game is not a symmetric binary game: payoffs depend on more than "
                            "the own action and the number of others playing action 1")
        return a, b

    def symmetric_mixed_equilibria(self, tol: float = 1e-9) -> np.ndarray:
        """Probabilities ``p`` of action 1 at every symmetric equilibrium (binary symmetric games).

        Roots of the indifference polynomial plus pure corners, see
        :func:`goodsgov.solvers.symmetric.symmetric_binary_mixed`.
        """
        a, b = self.symmetric_binary_payoffs(tol=tol)
        return symmetric.symmetric_binary_mixed(a, b, tol=tol)

    def regret(self, profile) -> float:
        """Largest gain from a unilateral deviation at a pure or mixed profile (payoff units)."""
        return _regret.regret(self._payoffs, _regret.as_profile(self.shape, profile))

    def relative_regret(self, profile) -> float:
        """Largest gain from a unilateral deviation, in units of the deviator's payoff range.

        >>> from goodsgov.games.catalogue import prisoners_dilemma
        >>> prisoners_dilemma().relative_regret((0, 0))        # (5 - 3) / (5 - 0)
        0.4
        """
        return _regret.relative_regret(self._payoffs, _regret.as_profile(self.shape, profile))

    def expected_payoffs(self, profile) -> np.ndarray:
        """Each player's expected payoff at a pure or mixed profile."""
        return _regret.expected_payoffs(self._payoffs, _regret.as_profile(self.shape, profile))

    def is_equilibrium(self, profile, tol: float = 1e-9) -> bool:
        """True iff no player gains more than ``tol`` times her payoff range by deviating."""
        tol = real("tol", tol, low=0.0)
        return self.relative_regret(profile) <= tol

    def eliminate_dominated(self, mixed: bool = False, tol: float = 1e-9):
        """Iterated elimination of strictly dominated strategies.

        Returns ``(reduced_game, elimination)`` where ``elimination`` is a
        :class:`goodsgov.solvers.dominance.Elimination` with the surviving
        original action indices of every player.  ``tol`` is relative to
        each player's payoff range.
        """
        tol = real("tol", tol, low=0.0)
        if not isinstance(mixed, (bool, np.bool_)):
            raise invalid("mixed", describe(mixed), "must be True or False")
        res = dominance.iterated_elimination(self._payoffs, mixed=bool(mixed), tol=tol)
        acts = [[self.actions[i][a] for a in res.surviving[i]] for i in range(self.n_players)]
        exact = None
        if self._exact is not None:
            exact = self._exact
            for i, keep in enumerate(res.surviving):
                exact = np.take(exact, list(keep), axis=i + 1)
        return NormalFormGame._checked(res.payoffs.copy(), exact, players=self.players,
                                       actions=acts, title=self.title), res

    # ------------------------------------------------------------------ interop
    def to_nashpy(self):
        """A ``nashpy.Game`` with the same bimatrix (two players only)."""
        return peers.nashpy_game(self._payoffs)

    @classmethod
    def from_nashpy(cls, g) -> "NormalFormGame":
        """Build from a ``nashpy.Game``."""
        return NormalFormGame.from_bimatrix(*peers.nashpy_matrices(g))

    def to_nfg(self, outcomes: bool = False) -> str:
        """Gambit ``.nfg`` text (payoff version, or outcome version with ``outcomes=True``)."""
        pay = self._exact if self._exact is not None else self._payoffs
        return format_nfg(pay, self.players, self.actions, self.title, outcomes=outcomes)

    @classmethod
    def from_nfg(cls, text: str) -> "NormalFormGame":
        """Parse Gambit ``.nfg`` text (either version)."""
        c = parse_nfg(text)
        return NormalFormGame(c.payoffs, players=c.players, actions=c.actions, title=c.title)

    # ---------------------------------------------------------------- helpers
    def _need_two(self, what: str) -> None:
        if self.n_players != 2:
            raise SolverError(f"{what} needs a two-player game; this game has {self.n_players} players")
