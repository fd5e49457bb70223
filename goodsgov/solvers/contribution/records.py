"""The named records between the compiled contribution-game kernels and Python.

Every kernel takes and returns these records (numba compiles named tuples
as plain structs), so no caller unpacks a result by position.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ... import _checks

__all__ = ["COST_FORMS", "Game", "Options", "ColumnSums", "Provision", "IssueSolution", "Equilibrium", "DealNetwork", "SocialOptimum", "Joining",
           "Treaty", "Treaties",
           "game_record", "scenario_record", "check_aggregation"]


#: The forms of decision costs, in the order of :attr:`Options.cost_form`: what a
#: member of an agreement of *m* states pays, as a multiple of the decision cost
#: times its status-quo provision cost: ``pair`` (*m* - 1) / 2, its half of each
#: agreed pair (Buchanan & Tullock 1962, ch. 6: the costs of reaching agreement
#: grow with the number of parties to be brought along); ``member`` 1, a
#: participation cost; ``institution`` 1 + 1 / *m*, a participation cost plus an
#: equal share of a fixed cost of running the institution (one member's worth).
COST_FORMS = ("pair", "member", "institution")


class Game(NamedTuple):
    """One issue's arrays: benefit weights ``b``, cost curvatures ``c``,
    private benefits ``p``, capacities ``K`` (``inf``: none), the benefit
    domain ``D`` and the excludable benefit's reach ``N`` (both times the
    weight of the provider's contribution, for a weighted sum), ``U`` the
    unweighted ``N`` (what counts as a user); excludability ``e`` and
    rivalry ``r``; ``g0`` each state's status-quo provision (alone, at its own
    cost), from which an agreement's depth is measured."""

    b: np.ndarray
    c: np.ndarray
    p: np.ndarray
    K: np.ndarray
    D: np.ndarray
    N: np.ndarray
    U: np.ndarray
    e: float
    r: float
    g0: np.ndarray


class Options(NamedTuple):
    """Levers and settings of one prediction (see :class:`goodsgov.Levers`):
    the donor's ``funding`` share of members' costs, its ``side_payment`` per
    member, its ``budget``, ``transfers`` within agreements, the
    ``decision_cost`` (in units of each member's status-quo provision cost)
    and its ``cost_form`` (an index of :data:`COST_FORMS`), the relative
    ``tol``, the search settings ``exhaustive`` and ``candidates``, and
    whether a deal dynamic that does not settle is followed by random
    improving ``paths`` (seeded with ``seed``)."""

    funding: float
    side_payment: float
    budget: float
    transfers: bool
    decision_cost: float
    cost_form: int
    tol: float
    exhaustive: int
    candidates: int
    paths: bool
    seed: int


class ColumnSums(NamedTuple):
    """For each provider column, the benefit-weighted ``domain`` and excludable
    ``reach`` of the states it counts, and its admitted ``users``."""

    domain: np.ndarray
    reach: np.ndarray
    users: np.ndarray


class Provision(NamedTuple):
    """One issue's equilibrium for an admission matrix: ``contributions``,
    what each state ``received`` (``sum_j W[i, j] g_j``), ``private`` payoffs
    (after the donor's funding), ``social`` payoffs (full cost), each
    state's provision ``cost``, the donor's ``outlay`` and each provider's
    crowding factor ``crowding``."""

    contributions: np.ndarray
    received: np.ndarray
    private: np.ndarray
    social: np.ndarray
    cost: np.ndarray
    outlay: float
    crowding: np.ndarray


class IssueSolution(NamedTuple):
    """What the stability kernels need of one issue's equilibrium."""

    contributions: np.ndarray
    received: np.ndarray
    private: np.ndarray
    crowding: np.ndarray


class Equilibrium(NamedTuple):
    """Every issue solved for one admission matrix, levers included:
    the first issue's ``contributions``, each state's ``payoffs`` and
    provision ``costs`` summed over issues, ``welfare`` net of the donor's
    ``outlay``, the ``paid`` cost shares, each issue's solution and the
    factor by which a binding budget ``scaled`` the donor's payments."""

    contributions: np.ndarray
    payoffs: np.ndarray
    costs: np.ndarray
    welfare: float
    outlay: float
    paid: np.ndarray
    issues: list
    scale: float


class Joining(NamedTuple):
    """The states outside an agreement and each one's gain from joining it."""

    outsiders: np.ndarray
    gains: np.ndarray


class Treaty(NamedTuple):
    """A forum's treaty: its ``members`` (a mask; none when no treaty gains)
    and ``depth``, and ``full``, the agreement the defection cascade leaves
    of the whole forum at depth 1 (a mask; fewer than two members when none
    is left), which the search for the largest self-enforcing agreement
    starts from."""

    members: np.ndarray
    depth: float
    full: np.ndarray


class Treaties(NamedTuple):
    """One treaty per forum: each state's agreement ``labels`` and ``depth``
    (1 outside any agreement) and each forum's :attr:`Treaty.full` (a row per
    forum)."""

    labels: np.ndarray
    depth: np.ndarray
    full: np.ndarray


class DealNetwork(NamedTuple):
    """The network of bilateral deals: its ``adjacency`` (diagonal set),
    whether it is ``pairwise_stable``, each deal's states (``pairs``,
    *i* < *j*), their ``gains`` from it before transfers, and the ``blocking``
    pairs (*i* < *j*) that would change their deal (none when it is pairwise
    stable)."""

    adjacency: np.ndarray
    pairwise_stable: bool
    pairs: np.ndarray
    gains: np.ndarray
    blocking: np.ndarray


class SocialOptimum(NamedTuple):
    """The social optimum: the first issue's ``contributions`` and
    ``provision``, the ``welfare`` over all issues, each state's ``lindahl``
    share of the provision costs and its ``payoffs`` (all issues, at full
    cost)."""

    contributions: np.ndarray
    provision: float
    welfare: float
    lindahl: np.ndarray
    payoffs: np.ndarray


def game_record(b, c, p, K, D, N, e: float, r: float, weights=None) -> Game:
    """The compiled solvers' record of a game (validated arrays in; weights of a
    weighted sum fold into the provider's columns, users are counted unweighted).
    Every array is a fresh C-contiguous float copy, so the solvers see one type
    (the solvers never write to them, so equal matrices share one copy)."""

    def fresh(x):
        return np.array(x, dtype=float, order="C")

    if weights is None:   # the same matrix stands for equal ones (read once where read together)
        U = fresh(N)
        Dw = U if D is N else fresh(D)
        Nw = U
    else:
        w = np.asarray(weights, dtype=float)
        U, Dw, Nw = fresh(N), fresh(D * w[None, :]), fresh(N * w[None, :])
    b, c, p, K = fresh(b), fresh(c), fresh(p), fresh(K)
    alone = ((1.0 - e) * b * np.diag(Dw) + e * b * np.diag(Nw) + p) / c
    return Game(b, c, p, K, Dw, Nw, U, float(e), float(r), np.minimum(np.maximum(alone, 0.0), K))


def check_aggregation(good) -> None:
    """Contributions add up in a contribution game: refuse other technologies."""
    technology = good.aggregation.value
    if technology not in ("summation", "weighted"):
        raise _checks.invalid("good.aggregation", technology,
                              "contribution games (and predict_governance) support 'summation' "
                              "and 'weighted'; see goodsgov.models.aggregate_public_good and "
                              "threshold_public_good for the other technologies")


def scenario_record(scenario) -> Game:
    """The record of a (validated) :class:`goodsgov.Scenario`'s contribution game."""
    good = scenario.good
    check_aggregation(good)
    weights = good.weights if good.aggregation.value == "weighted" else None
    return game_record(scenario.benefit, scenario.cost, scenario.private_benefit, scenario.capacity,
                       scenario.reach, scenario.excludable_reach, good.excludability, good.rivalry,
                       weights)
