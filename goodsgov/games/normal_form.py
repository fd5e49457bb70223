"""N-player games in normal (strategic) form with explicit payoff arrays.

``NormalFormGame(payoffs)`` holds one payoff array per player, stacked as a
tensor of shape ``(N, k1, ..., kN)``: ``payoffs[i][a1, ..., aN]`` is player
``i``'s payoff when player ``j`` plays action ``aj`` (von Neumann and
Morgenstern 1944; Nash 1951).  The class is a validated container; every
algorithm lives in :mod:`goodsgov.solvers` and the methods below only
delegate to it.
"""

from __future__ import annotations

from fractions import Fraction
from numbers import Rational
from typing import Sequence

import numpy as np

from .._checks import real
from ..errors import GameError, SolverError, invalid
from ..solvers import dominance, enumeration, lemke_howson as _lh, pure, regret as _regret, symmetric

__all__ = ["NormalFormGame"]


class NormalFormGame:
    """A finite N-player game given by its payoff tensor.

    ``payoffs`` has shape ``(N, k1, ..., kN)`` with ``N >= 1`` players and
    ``k_i >= 1`` actions each; values must be finite.  Exact rationals
    (``int`` or :class:`fractions.Fraction` in an object array) are kept
    for the exact solvers and for ``.nfg`` output.  Optional ``players`` and
    ``actions`` name players and actions (used in ``.nfg`` files).

    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> g.n_players, g.shape
    (2, (2, 2))
    >>> g.pure_equilibria()
    [(1, 1)]
    """

    __slots__ = ("_payoffs", "_exact", "players", "actions", "title")

    def __init__(self, payoffs, *, players: Sequence[str] | None = None,
                 actions: Sequence[Sequence[str]] | None = None, title: str = ""):
        try:
            obj = np.asarray(payoffs, dtype=object) if not isinstance(payoffs, np.ndarray) else payoffs
        except (TypeError, ValueError):
            raise invalid("payoffs", payoffs, "must be an array of shape (N, k1, ..., kN)") from None
        try:
            p = np.array(obj, dtype=float)
        except (TypeError, ValueError):
            raise invalid("payoffs", payoffs, "must contain real numbers only") from None
        if p.ndim < 2:
            raise GameError(f"payoffs has shape {p.shape}: must be (N, k1, ..., kN) with N >= 1 "
                            "players, e.g. (2, 3, 3) for two players with 3 actions each")
        n = p.shape[0]
        if p.ndim != n + 1:
            raise GameError(f"payoffs has shape {p.shape}: the first axis says {n} players, so "
                            f"there must be {n} action axes (ndim {n + 1}), found {p.ndim - 1}")
        if any(k < 1 for k in p.shape[1:]):
            raise GameError(f"payoffs has shape {p.shape}: every player needs at least one action")
        if not np.all(np.isfinite(p)):
            bad = tuple(int(v) for v in np.argwhere(~np.isfinite(p))[0])
            raise invalid(f"payoffs[{bad}]", p[bad].item(), "must be finite (no NaN or inf)")
        p.setflags(write=False)
        self._payoffs = p
        exact = None
        if obj.dtype == object and all(isinstance(v, Rational) for v in obj.flat):
            exact = np.vectorize(Fraction, otypes=[object])(obj)
        self._exact = exact
        self.title = str(title)
        if players is None:
            players = [f"Player {i + 1}" for i in range(n)]
        players = [str(s) for s in players]
        if len(players) != n:
            raise invalid("players", players, f"must name all {n} players")
        self.players = tuple(players)
        if actions is None:
            actions = [[str(a + 1) for a in range(k)] for k in p.shape[1:]]
        actions = [tuple(str(a) for a in acts) for acts in actions]
        if len(actions) != n or any(len(acts) != k for acts, k in zip(actions, p.shape[1:])):
            raise invalid("actions", actions, f"must name every action: counts {p.shape[1:]}")
        self.actions = tuple(actions)

    # ------------------------------------------------------------ construction
    @classmethod
    def from_bimatrix(cls, A, B=None, **kw) -> "NormalFormGame":
        """Two-player game from the row player's matrix ``A`` and the column player's ``B``.

        ``B`` defaults to ``-A`` (zero-sum), as in nashpy.
        """
        A = np.asarray(A, dtype=object if _rational(A) else float)
        if A.ndim != 2:
            raise invalid("A", A, "must be a 2-dimensional payoff matrix")
        B = -A if B is None else np.asarray(B, dtype=object if _rational(B) else float)
        if B.shape != A.shape:
            raise invalid("B", f"<matrix of shape {B.shape}>", f"must have the shape of A, {A.shape}")
        dt = object if (A.dtype == object and B.dtype == object) else float
        return cls(np.stack([A.astype(dt), B.astype(dt)]), **kw)

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
        order = [int(o) for o in order]
        if sorted(order) != list(range(self.n_players)):
            raise invalid("order", order, f"must be a permutation of 0..{self.n_players - 1}")
        p = self._payoffs[order].transpose([0] + [o + 1 for o in order])
        return NormalFormGame(p, players=[self.players[o] for o in order],
                              actions=[self.actions[o] for o in order], title=self.title)

    def permute_actions(self, player: int, perm: Sequence[int]) -> "NormalFormGame":
        """The same game with ``player``'s actions reordered (new action a = old ``perm[a]``)."""
        perm = [int(a) for a in perm]
        if not 0 <= player < self.n_players or sorted(perm) != list(range(self.shape[player])):
            raise invalid("perm", perm, "must be a permutation of the player's action indices")
        p = np.take(self._payoffs, perm, axis=player + 1)
        acts = list(self.actions)
        acts[player] = tuple(self.actions[player][a] for a in perm)
        return NormalFormGame(p, players=self.players, actions=acts, title=self.title)

    # ------------------------------------------------------------------ solvers
    def pure_equilibria(self, tol: float = 0.0) -> list[tuple[int, ...]]:
        """All pure Nash equilibria (see :func:`goodsgov.solvers.pure.pure_equilibria`)."""
        tol = real("tol", tol, low=0.0)
        return pure.pure_equilibria(self._payoffs, tol=tol)

    def equilibria(self, tol: float = 1e-9, exact: bool = False, max_bases: int = 50_000
                   ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Every extreme Nash equilibrium of a two-player game, as ``(x, y)`` pairs.

        Vertex enumeration over both best-response polytopes; in degenerate
        games these are the extreme points of every maximal Nash subset.
        With ``exact=True`` arithmetic is rational (:class:`fractions.Fraction`)
        and the vectors are object arrays of Fractions.  ``tol`` bounds the
        regret of each reported equilibrium (payoff units).
        """
        self._need_two("equilibria")
        tol = real("tol", tol, low=0.0)
        if exact:
            E = self.exact_payoffs
            return enumeration.vertex_enumeration_exact(E[0], E[1], max_bases=max_bases)
        return enumeration.vertex_enumeration(self._payoffs[0], self._payoffs[1], tol=tol)

    def maximal_nash_subsets(self, tol: float = 1e-9):
        """Maximal Nash subsets as ``(xs, ys)`` lists of extreme strategies (two players).

        Each subset is the product of the convex hulls of ``xs`` and ``ys``
        (Winkels 1979; Avis et al. 2010).
        """
        eqs = self.equilibria(tol=tol)
        subsets = enumeration.maximal_nash_subsets(eqs, *self.bimatrix(), tol=tol)
        xs, ys = [], []
        for x, y in eqs:
            if not any(np.allclose(x, v, atol=1e-9) for v in xs):
                xs.append(x)
            if not any(np.allclose(y, v, atol=1e-9) for v in ys):
                ys.append(y)
        return [([xs[i] for i in X], [ys[j] for j in Y]) for X, Y in subsets]

    def lemke_howson(self, start: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """One equilibrium of a two-player game by Lemke–Howson, dropping label ``start``."""
        self._need_two("lemke_howson")
        return _lh.lemke_howson(self._payoffs[0], self._payoffs[1], start=start)

    def symmetric_binary_payoffs(self, tol: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
        """``(a, b)``: payoffs of action 1 / action 0 when ``k`` others play 1.

        Raises :class:`GameError` unless every player has two actions and
        payoffs depend only on the own action and the number of others
        playing action 1 (identically for all players), within ``tol``.
        """
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
        if np.max(np.abs(expect - flat)) > tol * max(1.0, float(np.abs(flat).max())):
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
        """Largest gain from a unilateral deviation at a pure or mixed profile."""
        return _regret.regret(self._payoffs, _regret.as_profile(self.shape, profile))

    def expected_payoffs(self, profile) -> np.ndarray:
        """Each player's expected payoff at a pure or mixed profile."""
        return _regret.expected_payoffs(self._payoffs, _regret.as_profile(self.shape, profile))

    def is_equilibrium(self, profile, tol: float = 1e-9) -> bool:
        """True iff no player gains more than ``tol`` by deviating."""
        tol = real("tol", tol, low=0.0)
        return self.regret(profile) <= tol

    def eliminate_dominated(self, mixed: bool = False, tol: float = 1e-9):
        """Iterated elimination of strictly dominated strategies.

        Returns ``(reduced_game, elimination)`` where ``elimination`` is a
        :class:`goodsgov.solvers.dominance.Elimination` with the surviving
        original action indices of every player.
        """
        tol = real("tol", tol, low=0.0)
        res = dominance.iterated_elimination(self._payoffs, mixed=bool(mixed), tol=tol)
        acts = [[self.actions[i][a] for a in res.surviving[i]] for i in range(self.n_players)]
        return NormalFormGame(res.payoffs, players=self.players, actions=acts, title=self.title), res

    # ------------------------------------------------------------------ interop
    def to_nashpy(self):
        """A ``nashpy.Game`` with the same bimatrix (two players only)."""
        from .interop import to_nashpy
        return to_nashpy(self)

    @classmethod
    def from_nashpy(cls, g) -> "NormalFormGame":
        """Build from a ``nashpy.Game``."""
        from .interop import from_nashpy
        return from_nashpy(g)

    def to_nfg(self, outcomes: bool = False) -> str:
        """Gambit ``.nfg`` text (payoff version, or outcome version with ``outcomes=True``)."""
        from .nfg import write_nfg
        return write_nfg(self, outcomes=outcomes)

    @classmethod
    def from_nfg(cls, text: str) -> "NormalFormGame":
        """Parse Gambit ``.nfg`` text (either version)."""
        from .nfg import read_nfg
        return read_nfg(text)

    # ---------------------------------------------------------------- helpers
    def _need_two(self, what: str) -> None:
        if self.n_players != 2:
            raise SolverError(f"{what} needs a two-player game; this game has {self.n_players} players")


def _rational(M) -> bool:
    arr = np.asarray(M, dtype=object)
    return arr.dtype == object and all(isinstance(v, Rational) for v in arr.flat)
