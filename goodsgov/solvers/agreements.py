"""Equilibria of contribution games under agreements and deals among states.

A *partition* of the states into agreements fixes who coordinates with
whom: members choose their contributions to maximise the agreement's joint
payoff and are admitted to each other's excludable benefit; everyone else
best-responds and gets the non-excludable share. This is the
partial-agreement Nash equilibrium of Chander & Tulkens (1997, §2) and
Carraro & Siniscalco (1993); the singleton partition is the Nash
equilibrium. For provider *j* in agreement *S* the first-order condition
is ``sum_{i in S} benefit_i W[i, j] + private_benefit_j = cost_j g_j``,
clipped to ``[0, capacity_j]``.

Stability uses one convention, the model's: a state that leaves is no
longer admitted to the members' excludable benefit (an excludable good can
be withheld from a free rider, Buchanan 1965; a public one cannot). The
conventional rule in which the leaver keeps all of it (d'Aspremont et al.
1983; Barrett 1994) is ``exclusion=False``. The numbers come from the
compiled kernels of :mod:`goodsgov.solvers.contribution`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from .. import _checks
from ..levers import Levers
from .contribution import coalitions, deals, optimum as first_best, provision
from .contribution import stability as leaving
from .contribution.records import COST_FORMS, Options, scenario_record

__all__ = ["AgreementEquilibrium", "Stability", "labels_of", "partial_agreement", "nash", "optimum",
           "stability", "joining_gains", "self_enforcing_core", "stable_agreement", "deal_network",
           "games_of", "linked_records", "options_of", "partition_of", "EXHAUSTIVE_STATES",
           "STABLE_CANDIDATES"]

#: Up to this many states the largest self-enforcing agreement is found by checking every coalition.
EXHAUSTIVE_STATES = 12
#: Outsiders tried per round by the search for a large self-enforcing agreement above that.
STABLE_CANDIDATES = 8


@dataclass(frozen=True, eq=False)
class AgreementEquilibrium:
    """Equilibrium of a contribution game under agreements (or deals).

    ``partition``: the agreements (tuples of state indices, singletons
    included); ``contributions``, ``payoffs`` (each state's own, levers
    included): one entry per state; ``provision``: total contribution;
    ``welfare``: the states' payoffs less the donor's outlay (what the
    world gets, net of any funder's cost); ``funder_outlay``; ``labels``:
    each state's agreement; ``admitted``: who is admitted to whose
    provision; ``game``: the game that produced it.
    """

    game: object = field(repr=False)
    partition: tuple[tuple[int, ...], ...]
    contributions: np.ndarray
    payoffs: np.ndarray
    welfare: float
    funder_outlay: float = 0.0
    labels: np.ndarray | None = field(default=None, repr=False)
    admitted: np.ndarray | None = field(default=None, repr=False)
    provision: float = field(init=False)

    def __post_init__(self) -> None:
        for key in ("contributions", "payoffs", "labels", "admitted"):
            if getattr(self, key) is None:
                continue
            dtype = {"labels": int, "admitted": bool}.get(key, float)
            a = np.array(getattr(self, key), dtype=dtype)
            a.setflags(write=False)
            object.__setattr__(self, key, a)
        object.__setattr__(self, "provision", float(provision.total(self.contributions)))
        object.__setattr__(self, "welfare", float(self.welfare))
        object.__setattr__(self, "funder_outlay", float(self.funder_outlay))

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
    try:
        groups = list(partition)
    except TypeError:
        raise _checks.invalid("partition", partition,
                              "must be a label per state or a sequence of groups of states") from None
    if len(groups) == n and all(np.isscalar(x) and not isinstance(x, str) for x in groups):
        labels = np.asarray(groups)
        if not np.issubdtype(labels.dtype, np.integer):
            raise _checks.invalid("partition", partition, "labels must be integers")
        return np.unique(labels, return_inverse=True)[1].reshape(n)
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
    return np.unique(labels, return_inverse=True)[1].reshape(n)


def partition_of(labels: np.ndarray) -> tuple[tuple[int, ...], ...]:
    """The groups of states sharing a label, each in index order (singletons included).

    >>> partition_of(np.array([1, 0, 1]))
    ((1,), (0, 2))
    """
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    return tuple(tuple(int(i) for i in part) for part in np.split(order, cuts))


def linked_records(record, names, levers=None) -> tuple:
    """``record`` and, under issue linkage, the linked issue's record (its states
    must be ``names``, in the same order)."""
    lev = Levers.coerce(levers)
    if lev.linkage is None:
        return (record,)
    if tuple(lev.linkage.names) != tuple(names):
        raise _checks.invalid("levers.linkage", lev.linkage.name or "<scenario>",
                              "the linked issue must have the same states in the same order")
    return (record, scenario_record(lev.linkage))


def games_of(game, levers=None) -> tuple:
    """The compiled records of ``game`` and, under issue linkage, of the linked issue."""
    return linked_records(game.record, game.names, levers)


def options_of(levers=None, *, decision_cost: float = 0.0, cost_form: str = "member", tol: float = 1e-9,
               exhaustive: int = EXHAUSTIVE_STATES, candidates: int = STABLE_CANDIDATES, paths: bool = False,
               seed: int = 0):
    """The compiled options record of ``levers`` and the solver settings
    (``cost_form``: one of :data:`~goodsgov.solvers.contribution.records.COST_FORMS`)."""
    lev = Levers.coerce(levers)
    return Options(float(lev.funding), float(lev.side_payment), float(lev.budget), bool(lev.transfers),
                   float(decision_cost), COST_FORMS.index(cost_form), float(tol), int(exhaustive),
                   int(candidates), bool(paths), int(seed))


def _equilibrium(game, games, admitted: np.ndarray, labels: np.ndarray, opts) -> AgreementEquilibrium:
    eq = provision.solve_all(games, np.ascontiguousarray(admitted), opts, False, np.ones(admitted.shape[0]))
    return AgreementEquilibrium(game, partition_of(labels), eq.contributions, eq.payoffs, eq.welfare,
                                funder_outlay=eq.outlay, labels=labels, admitted=admitted)


def partial_agreement(game, partition, *, levers=None) -> AgreementEquilibrium:
    """Partial-agreement equilibrium of ``game`` for ``partition`` (see module docstring).

    ``levers``: a :class:`goodsgov.Levers` applied to the agreements (two
    or more states).

    >>> import numpy as np
    >>> from goodsgov.games import ContributionGame
    >>> g = ContributionGame(benefit=[1.0] * 3, cost=[1.0] * 3, spill=np.ones((3, 3)))
    >>> partial_agreement(g, [(0, 1)]).contributions.tolist()
    [2.0, 2.0, 1.0]
    """
    labels = labels_of(game, partition).astype(np.int64)
    return _equilibrium(game, games_of(game, levers), provision.admission_of(labels), labels,
                        options_of(levers))


def nash(game) -> AgreementEquilibrium:
    """Nash equilibrium: every state best-responds on its own (unique: dominant strategies)."""
    return partial_agreement(game, np.arange(game.n_players))


def optimum(game) -> AgreementEquilibrium:
    """The social optimum: contributions and admissions that maximise welfare.

    Every provider counts every state's benefit and admits the users worth
    admitting: with crowding, a user whose benefit is below the congestion it
    imposes is kept out (Buchanan 1965); without rivalry everyone is admitted
    and this is the agreement of all states.
    """
    n = game.n_players
    M = first_best.optimum_admission(game.record, np.argsort(-game.benefit, kind="mergesort"))
    sol = provision.solve(game.record, M, np.ones(n), True, np.ones(n))
    return AgreementEquilibrium(game, (tuple(range(n)),), sol.contributions, sol.social,
                                float(np.sum(sol.social)), labels=np.zeros(n, dtype=int), admitted=M)


@dataclass(frozen=True, eq=False)
class Stability:
    """Whether each member of an agreement prefers to stay.

    ``members``: state indices; ``gain_from_leaving``: each member's
    payoff after leaving minus in the agreement (levers included);
    ``self_enforcing``: no member gains more than ``tol`` by leaving
    (internal stability, d'Aspremont et al. 1983), or with ``transfers``
    the members' summed gain is at most ``tol`` (Carraro, Eyckmans & Finus
    2006); ``exclusion``: the convention used (see the module docstring).
    """

    members: tuple[int, ...]
    gain_from_leaving: np.ndarray
    tol: float
    transfers: bool = False
    exclusion: bool = True

    @property
    def self_enforcing(self) -> bool:
        if self.transfers:
            return bool(np.sum(self.gain_from_leaving) <= self.tol)
        return bool(np.all(self.gain_from_leaving <= self.tol))

    @property
    def defectors(self) -> tuple[int, ...]:
        """Members who gain by leaving."""
        return tuple(m for m, d in zip(self.members, self.gain_from_leaving) if d > self.tol)


def _members(game, members, name: str) -> np.ndarray:
    idx = np.unique(np.asarray(members, dtype=np.int64))
    if idx.size and (idx[0] < 0 or idx[-1] >= game.n_players):
        raise _checks.invalid(name, list(members), f"must be state indices 0..{game.n_players - 1}")
    return idx


def _scale(game, games, opts) -> float:
    """The payoff scale of relative tolerances: the mean status-quo payoff."""
    n = game.n_players
    pay = provision.solve_all(games, np.eye(n, dtype=bool), opts, False, np.ones(n)).payoffs
    unit = float(np.mean(np.abs(pay)))
    return unit if unit > 0 else 1.0


def stability(game, equilibrium: AgreementEquilibrium, members: Sequence[int], *,
              levers=None, tol: float = 1e-9, exclusion: bool = True) -> Stability:
    """Internal stability of the agreement ``members`` of ``equilibrium``.

    When member *k* leaves, the rest re-optimise without it and *k*
    provides alone; with ``exclusion`` *k* is no longer admitted to the
    rest's excludable benefit, without it *k* keeps it. ``levers``: as
    solved in ``equilibrium``. ``tol`` is relative to the mean status-quo
    payoff.
    """
    lev = Levers.coerce(levers)
    games, opts = games_of(game, lev), options_of(lev, tol=tol)
    idx = _members(game, members, "members")
    labels = np.asarray(equilibrium.labels, dtype=np.int64)
    M = provision.admission_of(labels)
    depth = np.ones(game.n_players)
    eq = provision.solve_all(games, M, opts, False, depth)
    gains = leaving.agreement_gains(games, M, idx, eq, opts, not exclusion, 1.0, np.zeros(game.n_players))
    return Stability(tuple(int(m) for m in idx), gains, tol * _scale(game, games, opts),
                     lev.transfers, exclusion)


def joining_gains(game, members: Sequence[int], *, levers=None) -> np.ndarray:
    """Each other state's gain from joining the agreement ``members`` (the rest alone).

    Before joining the outsider is not admitted to the members' excludable
    benefit; after, it and the members re-optimise jointly (external
    stability, d'Aspremont et al. 1983).
    """
    lev = Levers.coerce(levers)
    games, opts = games_of(game, lev), options_of(lev)
    idx = _members(game, members, "members")
    mask = np.zeros(game.n_players, dtype=bool)
    mask[idx] = True
    if mask.all():
        return np.zeros(0)
    return leaving.outsider_gains(games, mask, 1.0, np.zeros(game.n_players), opts).gains


def self_enforcing_core(game, partition, *, levers=None, tol: float = 1e-9) -> AgreementEquilibrium:
    """Shrink each agreement until no member gains by leaving.

    Repeatedly, in every agreement that is not self-enforcing the member
    with the largest gain from leaving leaves (becoming a singleton) and
    the rest re-optimise. This defection sequence is a heuristic, not an
    equilibrium refinement: it returns *a* self-enforcing set of agreements
    nested in the original one.
    """
    lev = Levers.coerce(levers)
    games = games_of(game, lev)
    opts = options_of(lev, tol=tol)
    tol_abs = tol * _scale(game, games, opts)
    n = game.n_players
    labels = leaving.core_of(games, labels_of(game, partition).astype(np.int64), np.ones(n), np.zeros(n), opts,
                             tol_abs)
    return _equilibrium(game, games, provision.admission_of(labels), labels, opts)


def stable_agreement(game, *, levers=None, tol: float = 1e-9, exhaustive: int = EXHAUSTIVE_STATES,
                     candidates: int = STABLE_CANDIDATES):
    """The largest self-enforcing agreement (the other states alone).

    Up to ``exhaustive`` states every coalition is checked and the largest
    self-enforcing one returned (ties: the higher welfare). Above, a
    heuristic: the largest agreement left by the defection cascade from the
    agreement of all states, grown by outsiders (of the ``candidates`` who
    gain most by joining, the first) while it stays self-enforcing; for
    identical states this is cartel stability (tested against
    :func:`goodsgov.models.stable_coalitions`). Returns the equilibrium, the
    members, whether no outsider gains by joining (external stability) and
    whether the search was exhaustive.
    """
    lev = Levers.coerce(levers)
    n = game.n_players
    exhaustive = _checks.integer("exhaustive", exhaustive, low=0, high=20)
    candidates = _checks.integer("candidates", candidates, low=1)
    games = games_of(game, lev)
    opts = options_of(lev, tol=tol, exhaustive=exhaustive, candidates=candidates)
    tol_abs = tol * _scale(game, games, opts)
    stake = np.zeros(n)
    if n <= exhaustive:
        mask = coalitions.stable_exhaustive(games, stake, opts, tol_abs)
    else:
        mask = coalitions.stable_search_of(games, np.zeros(n, dtype=np.int64), stake, opts, tol_abs)
    labels = leaving.single_agreement(mask)
    eq = _equilibrium(game, games, provision.admission_of(labels), labels, opts)
    external = bool(leaving.external_stable(games, mask, 1.0, stake, opts, tol_abs))
    return eq, tuple(int(i) for i in np.flatnonzero(mask)), external, n <= exhaustive


def deal_network(game, *, levers=None, tol: float = 1e-9) -> tuple[np.ndarray, bool]:
    """The network of bilateral deals: a state may hold several, each formed when
    both states gain from it (with the ``transfers`` lever: on the pair's joint
    gain) and none ended while it pays; returns the adjacency and whether it is
    pairwise stable (Jackson & Wolinsky 1996).

    >>> import numpy as np
    >>> from goodsgov.games import ContributionGame
    >>> hub = np.eye(5)
    >>> hub[0, 1:] = 1.0          # the hub gains from each spoke's provision
    >>> hub[1:, 0] = 0.2          # each spoke gains a little from the hub's
    >>> g = ContributionGame(benefit=[1.0] * 5, cost=[1.0] * 5, spill=hub)
    >>> M, stable = deal_network(g)          # the hub's extra provision costs it more than it gains
    >>> int(M[0].sum() - 1), stable
    (0, True)
    >>> M, stable = deal_network(g, levers={"transfers": True})   # each spoke compensates it
    >>> int(M[0].sum() - 1), stable
    (4, True)
    """
    lev = Levers.coerce(levers)
    games = games_of(game, lev)
    opts = options_of(lev, tol=tol)
    network = deals.deal_network(games, opts, tol * _scale(game, games, opts), np.zeros(game.n_players))
    return network.adjacency, bool(network.pairwise_stable)

