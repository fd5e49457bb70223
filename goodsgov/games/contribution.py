"""Contribution games: states choose how much of a good to provide.

State *i* chooses ``0 <= g_i <= capacity_i`` and, when the states are
admitted to each other's provision as ``admitted[i, j]`` says, receives
(DESIGN §4; the unit benefits ``W`` of :mod:`goodsgov.scenario`)::

    u_i(g) = benefit_i * sum_j W[i, j] g_j + private_benefit_i * g_i - cost_i * g_i**2 / 2

This is the joint-product form of Olson & Zeckhauser (1966) and Sandler
(1977), with a public and an excludable characteristic (Cornes & Sandler
1984) whose admitted users crowd each other (Buchanan 1965). Benefits are
linear and costs convex, so every state's best response is its own: the
equilibrium of any set of agreements has a closed form that the compiled
solvers evaluate for hundreds of states at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .. import _checks
from ..solvers import agreements
from ..solvers.contribution.provision import unit_matrix
from ..solvers.contribution.records import check_aggregation, game_record
from .normal_form import NormalFormGame

__all__ = ["ContributionGame"]


@dataclass(frozen=True, eq=False)
class ContributionGame:
    """The contribution game of a scenario (see the module docstring for the payoff).

    Build it with :meth:`from_scenario` or from arrays: ``domain`` (``D``),
    ``excludable_reach`` (``N``, default ``D``), ``excludability`` and
    ``rivalry``; ``weights`` of a weighted sum. ``spill`` alone is the
    classic linear game ``W = spill`` (no exclusion, no crowding).

    >>> import numpy as np
    >>> g = ContributionGame(benefit=[1.0, 1.0], cost=[1.0, 1.0], spill=np.ones((2, 2)))
    >>> g.nash().contributions.tolist(), g.optimum().contributions.tolist()
    ([1.0, 1.0], [2.0, 2.0])
    """

    benefit: np.ndarray
    cost: np.ndarray
    spill: np.ndarray | None = None
    private_benefit: np.ndarray | None = None
    capacity: np.ndarray | None = None
    names: tuple[str, ...] | None = None
    excludability: float = 0.0
    rivalry: float = 0.0
    domain: np.ndarray | None = None
    excludable_reach: np.ndarray | None = None
    weights: np.ndarray | None = None
    record: object = field(init=False, repr=False)

    def __post_init__(self) -> None:
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731
        b = _checks.array("benefit", self.benefit, ndim=1, low=0.0, nonempty=True)
        n = b.size
        set_("benefit", b)
        set_("cost", _checks.array("cost", self.cost, shape=(n,), low=0.0, low_open=True))
        if self.domain is None and self.spill is None:
            raise _checks.invalid("domain", None, "give the benefit domain (or spill for a linear game)")
        if self.domain is not None and self.spill is not None:
            raise _checks.invalid("spill", "<given>", "give either spill (a linear game) or domain, not both")
        if self.spill is not None:
            D = _checks.array("spill", self.spill, shape=(n, n), low=0.0)
        else:
            D = _checks.array("domain", self.domain, shape=(n, n), low=0.0)
        N = D if self.excludable_reach is None else _checks.array(
            "excludable_reach", self.excludable_reach, shape=(n, n), low=0.0)
        set_("domain", D)
        set_("excludable_reach", N)
        set_("spill", None if self.spill is None else D)
        p = np.zeros(n) if self.private_benefit is None else self.private_benefit
        set_("private_benefit", _checks.array("private_benefit", p, shape=(n,)))
        k = np.full(n, np.inf) if self.capacity is None else self.capacity
        try:
            k = np.array(k, dtype=float)
        except (TypeError, ValueError):
            raise _checks.invalid("capacity", self.capacity,
                                  f"must be {n} numbers >= 0 (inf allowed for no limit)") from None
        if k.shape != (n,) or np.any(np.isnan(k)) or np.any(k < 0):
            raise _checks.invalid("capacity", self.capacity,
                                  f"must be {n} numbers >= 0 (inf allowed for no limit)")
        k.setflags(write=False)
        set_("capacity", k)
        names = tuple(f"state{i}" for i in range(n)) if self.names is None else tuple(self.names)
        if len(names) != n or len(set(names)) != n:
            raise _checks.invalid("names", self.names, f"must be {n} distinct names")
        set_("names", names)
        set_("excludability", _checks.real("excludability", self.excludability, low=0.0, high=1.0))
        set_("rivalry", _checks.real("rivalry", self.rivalry, low=0.0, high=1.0))
        if self.weights is not None:
            set_("weights", _checks.array("weights", self.weights, shape=(n,), low=0.0))
        set_("record", game_record(b, self.cost, self.private_benefit, k, D, N, self.excludability,
                                   self.rivalry, self.weights))

    @classmethod
    def from_scenario(cls, scenario) -> "ContributionGame":
        """The contribution game of a :class:`~goodsgov.Scenario`.

        Contributions add up (``summation``, or ``weighted`` with the good's
        weights); for weakest-link, best-shot and threshold goods use
        :func:`goodsgov.models.aggregate_public_good` and
        :func:`goodsgov.models.threshold_public_good`.
        """
        check_aggregation(scenario.good)
        good = scenario.good
        return cls(benefit=scenario.benefit, cost=scenario.cost, domain=scenario.reach,
                   excludable_reach=scenario.excludable_reach, private_benefit=scenario.private_benefit,
                   capacity=scenario.capacity, names=scenario.names, excludability=good.excludability,
                   rivalry=good.rivalry,
                   weights=good.weights if good.aggregation.value == "weighted" else None)

    @property
    def n_players(self) -> int:
        return int(self.benefit.size)

    # ------------------------------------------------------------ payoffs
    def unit_benefits(self, admitted: np.ndarray) -> np.ndarray:
        """``W[i, j]`` for the admission matrix ``admitted`` (see :mod:`goodsgov.scenario`)."""
        a = np.asarray(admitted, dtype=bool)
        if a.shape != (self.n_players,) * 2:
            raise _checks.invalid("admitted", f"<array of shape {a.shape}>",
                                  f"must have shape {(self.n_players,) * 2}")
        return unit_matrix(self.record, np.ascontiguousarray(a))

    def payoffs(self, contributions: Sequence[float], admitted: np.ndarray | None = None) -> np.ndarray:
        """Every state's payoff at a contribution profile (default: every state alone)."""
        g = np.asarray(contributions, dtype=float)
        a = np.eye(self.n_players, dtype=bool) if admitted is None else admitted
        return (self.benefit * (self.unit_benefits(a) @ g) + self.private_benefit * g
                - self.cost * g * g / 2.0)

    # ------------------------------------------------------------ solvers
    def nash(self):
        """The Nash equilibrium (every state alone). See :func:`goodsgov.solvers.agreements.nash`."""
        return agreements.nash(self)

    def optimum(self):
        """The social optimum (see :func:`goodsgov.solvers.agreements.optimum`)."""
        return agreements.optimum(self)

    def partial_agreement(self, partition):
        """Equilibrium when states form the agreements in ``partition``.

        ``partition``: a sequence of groups of state indices or names, or a
        label per state. States not named form singletons.
        """
        return agreements.partial_agreement(self, partition)

    # ------------------------------------------------------------ discretisation
    def grids(self, levels: int = 5) -> list[np.ndarray]:
        """Each state's contribution levels: ``levels`` evenly spaced points in [0, capacity]."""
        levels = _checks.integer("levels", levels, low=2)
        if not np.all(np.isfinite(self.capacity)):
            raise _checks.invalid("capacity", self.capacity.tolist(),
                                  "must be finite to discretise the game")
        return [np.linspace(0.0, k, levels) for k in self.capacity]

    def to_normal_form(self, levels: int = 5):
        """The discretised game (every state alone) as a :class:`~goodsgov.NormalFormGame`.

        Player *i*'s actions are :meth:`grids` ``(levels)[i]``; the payoff
        tensor has shape ``(n, levels, ..., levels)``.
        """
        grids = self.grids(levels)
        n = self.n_players
        shape = (levels,) * n
        W = self.unit_benefits(np.eye(n, dtype=bool))

        def axis(j: int, values: np.ndarray) -> np.ndarray:
            s = [1] * n
            s[j] = levels
            return values.reshape(s)

        payoffs = np.empty((n,) + shape)
        for i in range(n):
            total = np.zeros(shape)
            for j in range(n):
                own = self.private_benefit[i] * grids[j] - self.cost[i] * grids[j] ** 2 / 2.0 \
                    if i == j else 0.0
                total = total + axis(j, self.benefit[i] * W[i, j] * grids[j] + own)
            payoffs[i] = total
        return NormalFormGame(payoffs)

    def discretised_nash(self, levels: int = 5) -> tuple[int, ...]:
        """Action indices of the Nash equilibrium of the discretised game.

        Payoffs are separable in own contribution, so each state's best
        level is the grid point that maximises its own terms; ties go to
        the lowest level.
        """
        own = self.benefit * np.diag(self.unit_benefits(np.eye(self.n_players, dtype=bool))) \
            + self.private_benefit
        return tuple(int(np.argmax(own[i] * g - self.cost[i] * g * g / 2.0 + 0.0))
                     for i, g in enumerate(self.grids(levels)))
