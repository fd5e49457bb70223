"""Named textbook games, built as :class:`NormalFormGame` with integer payoffs.

Each function cites the source of its payoffs and states the equilibria the
literature reports; the test suite checks the solvers against them.  Action
0 is listed first in every matrix (rows: player 1, columns: player 2).
Payoffs are integers, so the exact solvers apply directly.
"""

from __future__ import annotations

from typing import Callable

from .._checks import choice
from .normal_form import NormalFormGame

__all__ = ["prisoners_dilemma", "stag_hunt", "chicken", "battle_of_the_sexes",
           "matching_pennies", "rock_paper_scissors", "degenerate_continuum",
           "suasion_game", "CATALOGUE", "get"]


def prisoners_dilemma(reward: int = 3, sucker: int = 0, temptation: int = 5,
                      punishment: int = 1) -> NormalFormGame:
    """Prisoner's dilemma with Axelrod's (1984, ch. 1) payoffs T=5 > R=3 > P=1 > S=0.

    Actions: 0 = cooperate, 1 = defect.  Unique equilibrium: both defect.

    >>> prisoners_dilemma().pure_equilibria()
    [(1, 1)]
    """
    A = [[reward, sucker], [temptation, punishment]]
    B = [[reward, temptation], [sucker, punishment]]
    return NormalFormGame.from_bimatrix(A, B, actions=[["C", "D"], ["C", "D"]],
                                        title="Prisoner's dilemma (Axelrod 1984)")


def stag_hunt() -> NormalFormGame:
    """Stag hunt (Skyrms 2004, ch. 1): stag/stag 4, stag alone 0, hare 3 either way.

    Actions: 0 = stag, 1 = hare.  Equilibria: (stag, stag), (hare, hare) and
    the mixed one with P(stag) = 3/4 for both.

    >>> stag_hunt().pure_equilibria()
    [(0, 0), (1, 1)]
    """
    A = [[4, 0], [3, 3]]
    return NormalFormGame.from_bimatrix(A, [list(r) for r in zip(*A)],
                                        actions=[["Stag", "Hare"], ["Stag", "Hare"]],
                                        title="Stag hunt (Skyrms 2004)")


def chicken() -> NormalFormGame:
    """Chicken (Rapoport and Chammah 1966): swerve/swerve 3, swerve vs straight 1/4, crash 0.

    Actions: 0 = swerve, 1 = straight.  Equilibria: the two asymmetric pure
    profiles and the mixed one with P(swerve) = 1/2.

    >>> chicken().pure_equilibria()
    [(0, 1), (1, 0)]
    """
    A = [[3, 1], [4, 0]]
    return NormalFormGame.from_bimatrix(A, [list(r) for r in zip(*A)],
                                        actions=[["Swerve", "Straight"], ["Swerve", "Straight"]],
                                        title="Chicken (Rapoport and Chammah 1966)")


def battle_of_the_sexes() -> NormalFormGame:
    """Battle of the sexes (Luce and Raiffa 1957, section 5.3) with payoffs 2, 1 and 0.

    Equilibria: (0, 0), (1, 1) and x = (2/3, 1/3), y = (1/3, 2/3).

    >>> battle_of_the_sexes().pure_equilibria()
    [(0, 0), (1, 1)]
    """
    return NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]],
                                        actions=[["Boxing", "Ballet"], ["Boxing", "Ballet"]],
                                        title="Battle of the sexes (Luce and Raiffa 1957)")


def matching_pennies() -> NormalFormGame:
    """Matching pennies (von Neumann and Morgenstern 1944): zero-sum, +1 to player 1 on a match.

    Unique equilibrium: both mix 1/2, 1/2; no pure equilibrium.

    >>> matching_pennies().pure_equilibria()
    []
    """
    return NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]],
                                        actions=[["Heads", "Tails"], ["Heads", "Tails"]],
                                        title="Matching pennies")


def rock_paper_scissors() -> NormalFormGame:
    """Rock-paper-scissors, zero-sum with win 1, loss -1, tie 0 (Weibull 1995, example 1.5).

    Unique equilibrium: both mix 1/3 on each action.

    >>> rock_paper_scissors().pure_equilibria()
    []
    """
    A = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    B = [[-a for a in row] for row in A]
    names = ["Rock", "Paper", "Scissors"]
    return NormalFormGame.from_bimatrix(A, B, actions=[names, names], title="Rock-paper-scissors")


def degenerate_continuum() -> NormalFormGame:
    """Degenerate 3x2 game (von Stengel 2002, degenerate variant of his running example) with a continuum.

    ``A = [[3, 3], [2, 5], [0, 6]]``, ``B = [[3, 3], [2, 6], [3, 1]]``: when
    player 1 plays the top row player 2 is indifferent, so
    ``x = (1, 0, 0)`` with every ``y`` with ``y_2 <= 1/3`` is an equilibrium:
    a maximal Nash subset whose extreme points are ``y = (1, 0)`` and
    ``y = (2/3, 1/3)``.  There is also the isolated equilibrium
    ``x = (0, 1/3, 2/3)``, ``y = (1/3, 2/3)``.

    >>> len(degenerate_continuum().maximal_nash_subsets())
    2
    """
    return NormalFormGame.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]],
                                        title="Degenerate game with a continuum of equilibria")


def suasion_game() -> NormalFormGame:
    """Martin's (1992) suasion game, ordinal payoffs 4 (best) to 1 (worst).

    Martin (1992, "Interests, power, and multilateralism", International
    Organization 46(4)) describes suasion as a game in which each actor has
    a dominant strategy: player 1 (the actor with the stake, e.g. a host
    state next to a refugee crisis) cooperates whatever player 2 does, and
    player 2 (a distant state) defects whatever player 1 does.  The unique
    equilibrium, (cooperate, defect), leaves player 1 short of mutual
    cooperation with no credible threat to get it, so player 1 must
    persuade, link issues or coerce.  Betts (2009, *Protection by
    Persuasion*) reads North–South burden-sharing in the refugee regime
    this way.  Actions: 0 = cooperate, 1 = defect.  This is the library's
    one definition; :func:`goodsgov.models.suasion_game` returns its payoffs.

    >>> suasion_game().pure_equilibria()
    [(0, 1)]
    >>> suasion_game().payoffs[:, 0, 1].tolist()    # payoffs at (C, D)
    [3.0, 4.0]
    """
    A = [[4, 3], [2, 1]]
    B = [[3, 4], [1, 2]]
    return NormalFormGame.from_bimatrix(A, B, actions=[["C", "D"], ["C", "D"]],
                                        title="Suasion game (Martin 1992)")


CATALOGUE: dict[str, Callable[[], NormalFormGame]] = {
    "prisoners_dilemma": prisoners_dilemma,
    "stag_hunt": stag_hunt,
    "chicken": chicken,
    "battle_of_the_sexes": battle_of_the_sexes,
    "matching_pennies": matching_pennies,
    "rock_paper_scissors": rock_paper_scissors,
    "degenerate_continuum": degenerate_continuum,
    "suasion_game": suasion_game,
}


def get(name: str) -> NormalFormGame:
    """A catalogue game by name (see ``CATALOGUE``).

    >>> get("stag_hunt").title
    'Stag hunt (Skyrms 2004)'
    """
    return CATALOGUE[choice("name", name, CATALOGUE)]()
