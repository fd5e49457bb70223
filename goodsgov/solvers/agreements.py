"""Equilibria of contribution games under agreements among states.

A *partition* of the states into agreements fixes who coordinates with
whom. Members of an agreement choose their contributions to maximise the
agreement's joint payoff; everyone else best-responds. This is the
partial-agreement Nash equilibrium of Chander & Tulkens (1997, §2) and
Carraro & Siniscalco (1993); the singleton partition is the Nash
equilibrium and the grand coalition the social optimum.

For the separable contribution game (``goodsgov.games.contribution``) the
first-order condition of provider *j* in agreement *S* is::

    sum_{i in S} benefit_i W[i, j] + private_benefit_j - cost_j g_j = 0,

clipped to ``[0, capacity_j]``: one matrix product gives every agreement's
equilibrium at once, with no enumeration of profiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .. import _checks
from . import kernels

__all__ = ["AgreementEquilibrium", "Stability", "labels_of", "partial_agreement", "nash",
           "optimum", "stability", "joining_gains", "self_enforcing_core", "stable_agreement"]


@dataclass(frozen=True, eq=False)
class AgreementEquilibrium:
    """Equilibrium of a contribution game under a partition into agreements.

    ``partition``: the agreements (tuples of state indices, singletons
    included); ``contributions``, ``payoffs``: one entry per state;
    ``provision``: total contribution; ``welfare``: sum of payoffs;
    ``funder_outlay``: costs paid by an external funder (see ``funding``);
    ``labels``: each state's agreement label; ``captured``: each
    provider's marginal value to its agreement (the first-order condition's
    left term); ``game``: the game that produced it.
    """

    game: object = field(repr=False)
    partition: tuple[tuple[int, ...], ...]
    contributions: np.ndarray
    payoffs: np.ndarray
    funder_outlay: float = 0.0
    labels: np.ndarray | None = field(default=None, repr=False)
    captured: np.ndarray | None = field(default=None, repr=False)
    provision: float = field(init=False)
    welfare: float = field(init=False)

    def __post_init__(self) -> None:
        for key in ("contributions", "payoffs", "labels", "captured"):
            if getattr(self, key) is None:
                continue
            a = np.array(getattr(self, key), dtype=int if key == "labels" else float)
            a.setflags(write=False)
            object.__setattr__(self, key, a)
        object.__setattr__(self, "provision", float(kernels.total(self.contributions)))
        object.__setattr__(self, "welfare", float(kernels.total(self.payoffs)))

    @property
    def agreements(self) -> tuple[tuple[int, ...], ...]:
        """The agreements with two or more members."""
        return tuple(a for a in self.partition if len(a) > 1)


def labels_of(game, partition) -> np.ndarray:
    """Normalise a partition to one integer label per state (0..m-1).

    ``partition`` is either a label per state or a sequence of groups of
    indices or names; states in no group become singletons.
    """
    n = game.n_players
    if isinstance(partition, np.ndarray) and partition.shape == (n,) and partition.dtype.kind in "iu":
        return np.unique(partition, return_inverse=True)[1].reshape(n)
    index = {nm: i for i, nm in enumerate(game.names)}
    groups = list(partition)
    if len(groups) == n and all(np.isscalar(x) and not isinstance(x, str) for x in groups):
        labels = np.asarray(groups)
        if not np.issubdtype(labels.dtype, np.integer):
            raise _checks.invalid("partition", partition, "labels must be integers")
        _, labels = np.unique(labels, return_inverse=True)
        return labels
    labels = np.full(n, -1)
    for g, group in enumerate(groups):
        if isinstance(group, (str, int, np.integer)):
            raise _checks.invalid("partition", partition,
                                  "must be a label per state or a sequence of groups of states")
        for member in group:
            i = index.get(member) if isinstance(member, str) else member
            if i is None or not isinstance(i, (int, np.integer)) or not 0 <= i < n:
                raise _checks.invalid("partition", member, f"members must be state names or indices 0..{n - 1}")
            if labels[i] != -1:
                raise _checks.invalid("partition", member, "a state may belong to one agreement only")
            labels[i] = g
    free = np.flatnonzero(labels == -1)
    labels[free] = len(groups) + np.arange(free.size)
    _, labels = np.unique(labels, return_inverse=True)
    return labels


def _groups(labels: np.ndarray) -> tuple[tuple[int, ...], ...]:
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    return tuple(tuple(int(i) for i in part) for part in np.split(order, cuts))


def _arrays(game) -> tuple:
    """The game's arrays in the order the kernels take them."""
    return game.benefit, game.spill, game.cost, game.private_benefit, game.capacity


def captured_value(game, labels: np.ndarray) -> np.ndarray:
    """Marginal value of provision to each provider's agreement (the FOC's left term)."""
    return kernels.captured_value(game.benefit, game.spill, game.private_benefit,
                                  np.ascontiguousarray(labels, dtype=np.int64))


def partial_agreement(game, partition, *, funding: float = 0.0) -> AgreementEquilibrium:
    """Partial-agreement equilibrium of ``game`` for ``partition`` (see module docstring).

    ``funding``: share of the provision cost of members of agreements
    (two or more states) paid by an external funder; their payoffs count
    only the share they pay, and the funder's outlay is ``funder_outlay``.

    >>> import numpy as np
    >>> from goodsgov.games import ContributionGame
    >>> g = ContributionGame(benefit=[1.0] * 3, cost=[1.0] * 3, spill=np.ones((3, 3)))
    >>> partial_agreement(g, [(0, 1)]).contributions.tolist()
    [2.0, 2.0, 1.0]
    """
    labels = labels_of(game, partition).astype(np.int64)
    return _equilibrium(game, labels, captured_value(game, labels), funding)


def _equilibrium(game, labels: np.ndarray, captured: np.ndarray, funding: float) -> AgreementEquilibrium:
    """The equilibrium given each provider's captured value."""
    g, payoffs, outlay = kernels.equilibrium(*_arrays(game), labels, captured, float(funding))
    return AgreementEquilibrium(game, _groups(labels), g, payoffs, funder_outlay=outlay, labels=labels,
                                captured=captured)


def nash(game) -> AgreementEquilibrium:
    """Nash equilibrium: every state best-responds on its own (unique: dominant strategies)."""
    return partial_agreement(game, np.arange(game.n_players))


def optimum(game) -> AgreementEquilibrium:
    """Social optimum: the contributions that maximise the sum of payoffs."""
    return partial_agreement(game, np.zeros(game.n_players, dtype=int))


@dataclass(frozen=True, eq=False)
class Stability:
    """Whether each member of an agreement prefers to stay.

    ``members``: state indices; ``stay``, ``leave``: each member's payoff in
    the agreement (including what levers give it) and after leaving it;
    ``gain_from_leaving`` = leave - stay; ``self_enforcing``: no member
    gains more than ``tol`` by leaving (internal stability, d'Aspremont et
    al. 1983).
    """

    members: tuple[int, ...]
    stay: np.ndarray
    leave: np.ndarray
    tol: float

    @property
    def gain_from_leaving(self) -> np.ndarray:
        return self.leave - self.stay

    @property
    def self_enforcing(self) -> bool:
        return bool(np.all(self.gain_from_leaving <= self.tol))

    @property
    def defectors(self) -> tuple[int, ...]:
        """Members who gain by leaving."""
        return tuple(m for m, d in zip(self.members, self.gain_from_leaving) if d > self.tol)


def _levers(levers):
    from ..levers import Levers
    return Levers.coerce(levers)


def _members(game, members, name: str) -> np.ndarray:
    idx = np.unique(np.asarray(members, dtype=np.int64))
    if idx.size and (idx[0] < 0 or idx[-1] >= game.n_players):
        raise _checks.invalid(name, list(members), f"must be state indices 0..{game.n_players - 1}")
    return idx


def stability(game, equilibrium: AgreementEquilibrium, members: Sequence[int], *,
              levers=None, tol: float = 1e-9) -> Stability:
    """Internal stability of one agreement of ``equilibrium``.

    When member *k* leaves, the remaining members re-optimise without it,
    *k* best-responds alone, and the remaining members exclude *k* from
    the benefit of their provision as far as the good allows (*k* keeps
    ``1 - excludability`` of it): an excludable good can be withheld from a
    free rider (Buchanan 1965), a public good cannot. All other agreements
    keep their contributions (their best responses do not depend on *k*).
    ``levers`` (a :class:`goodsgov.Levers`): what a member forfeits by
    leaving, and the funded share of members' costs; ``equilibrium`` must
    have been solved with the same funding.
    """
    lev = _levers(levers)
    idx = _members(game, members, "members")
    leave = kernels.leave_payoffs(*_arrays(game), game.excludability, equilibrium.contributions,
                                  equilibrium.captured, idx, lev.funding)
    stay = equilibrium.payoffs[idx] + lev.forfeit(idx.size)
    return Stability(tuple(int(m) for m in idx), stay, leave, tol)


def joining_gains(game, equilibrium: AgreementEquilibrium, members: Sequence[int],
                  outsiders: Sequence[int], *, levers=None) -> np.ndarray:
    """Each outsider's gain from joining the agreement ``members`` (external stability).

    Outsider *o* joining: the members and *o* re-optimise jointly, every
    other state keeps its contribution; *o* then receives what the levers
    give a member of the larger agreement. Before joining, *o* is excluded
    from the agreement's provision as far as the good allows, as in
    :func:`stability`.
    """
    lev = _levers(levers)
    outsiders = np.asarray(outsiders, dtype=np.int64)
    if outsiders.size == 0:
        return np.zeros(0)
    return kernels.joining_gains(*_arrays(game), game.excludability, equilibrium.contributions,
                                 equilibrium.payoffs, equilibrium.captured,
                                 _members(game, members, "members"), outsiders, lev.funding,
                                 lev.side_payment, lev.linkage)


def self_enforcing_core(game, partition, *, levers=None, tol: float = 1e-9) -> AgreementEquilibrium:
    """Shrink each agreement until no member gains by leaving.

    Repeatedly, the member with the largest gain from leaving leaves
    (becoming a singleton) and the rest re-optimise, until every agreement
    is internally stable. This defection sequence is a heuristic, not an
    equilibrium refinement: it returns *a* self-enforcing set of agreements
    nested in the original one.
    """
    lev = _levers(levers)
    labels, captured = kernels.core(*_arrays(game), game.excludability,
                                    labels_of(game, partition).astype(np.int64), lev.funding,
                                    lev.side_payment, lev.linkage, tol)
    return _equilibrium(game, labels, captured, lev.funding)


#: Outsiders tried per round by :func:`stable_agreement`.
STABLE_CANDIDATES = 8


def stable_agreement(game, *, levers=None, tol: float = 1e-9, max_rounds: int | None = None,
                     candidates: int = STABLE_CANDIDATES, core: AgreementEquilibrium | None = None) -> tuple[AgreementEquilibrium, tuple[int, ...], bool]:
    """A large self-enforcing agreement: internally and, if possible, externally stable.

    Starting from the agreement of all states, defectors leave one at a
    time (:func:`self_enforcing_core`; pass it as ``core`` if already
    solved); then, of the ``candidates`` outsiders who gain most by
    joining, the first whose joining keeps the enlarged agreement
    internally stable joins; repeat (at most ``max_rounds`` times, default
    the number of states). Returns the equilibrium, the members, and
    whether no outsider gains by joining (external stability; d'Aspremont
    et al. 1983). For identical states this finds the largest stable size
    of cartel stability (tested against
    :func:`goodsgov.models.stable_coalitions`); for heterogeneous states it
    is a heuristic search.
    """
    lev = _levers(levers)
    n = game.n_players
    if core is None:
        core = self_enforcing_core(game, np.zeros(n, dtype=int), levers=lev, tol=tol)
    rounds = n if max_rounds is None else _checks.integer("max_rounds", max_rounds, low=0)
    candidates = _checks.integer("candidates", candidates, low=1)
    labels, captured, member, external = kernels.stable_search(
        *_arrays(game), game.excludability, np.array(core.labels, dtype=np.int64),
        np.array(core.captured), lev.funding, lev.side_payment, lev.linkage, tol, candidates, rounds)
    eq = _equilibrium(game, labels, captured, lev.funding)
    return eq, tuple(int(i) for i in np.flatnonzero(member)), bool(external)
