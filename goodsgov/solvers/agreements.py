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
        object.__setattr__(self, "provision", float(self.contributions.sum()))
        object.__setattr__(self, "welfare", float(self.payoffs.sum()))

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


def captured_value(game, labels: np.ndarray) -> np.ndarray:
    """Marginal value of provision to each provider's agreement (the FOC's left term)."""
    weighted = game.benefit[:, None] * game.spill            # b_i W_ij
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
    per_group = np.add.reduceat(weighted[order], starts, axis=0)  # [a, j] = sum_{i in a} b_i W_ij
    group_row = np.searchsorted(sorted_labels[starts], labels)
    return per_group[group_row, np.arange(labels.size)] + game.private_benefit


def _cost_factor(labels: np.ndarray, funding: float) -> np.ndarray:
    """Share of its provision cost each state pays: ``1 - funding`` inside agreements."""
    sizes = np.bincount(labels)[labels]
    return np.where(sizes > 1, 1.0 - funding, 1.0)


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
    labels = labels_of(game, partition)
    return _equilibrium(game, labels, captured_value(game, labels), funding)


def _equilibrium(game, labels: np.ndarray, captured: np.ndarray, funding: float,
                 groups: bool = True) -> AgreementEquilibrium:
    """The equilibrium given each provider's captured value (``groups=False``
    skips building the partition, for inner loops)."""
    factor = _cost_factor(labels, funding)
    g = np.clip(captured / (game.cost * factor), 0.0, game.capacity)
    paid_by_funder = (1.0 - factor) * game.cost * g * g / 2.0
    return AgreementEquilibrium(game, _groups(labels) if groups else (), g, game.payoffs(g) + paid_by_funder,
                                funder_outlay=float(paid_by_funder.sum()), labels=labels,
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
    members = np.asarray(sorted(members), dtype=int)
    size = members.size
    b, w, c = game.benefit, game.spill, game.cost
    g = equilibrium.contributions
    captured = equilibrium.captured
    sub_w = w[np.ix_(members, members)]
    # row k: the agreement after k has left; column j: member j's new contribution.
    paid = 1.0 - lev.funding if size > 2 else 1.0
    new_g = captured[members][None, :] - b[members][:, None] * sub_w
    new_g /= (c[members] * paid)[None, :]
    np.clip(new_g, 0.0, game.capacity[members][None, :], out=new_g)
    diag = np.diag(sub_w)
    own_g = np.clip((b[members] * diag + game.private_benefit[members]) / c[members], 0.0,
                    game.capacity[members])
    kept = np.einsum("kj,kj->k", sub_w, new_g) - diag * np.diag(new_g)   # from the others, before exclusion
    outside = w[members] @ g - sub_w @ g[members]
    leave = (b[members] * (outside + (1.0 - game.excludability) * kept + diag * own_g)
             + game.private_benefit[members] * own_g - c[members] * own_g ** 2 / 2.0)
    stay = equilibrium.payoffs[members] + lev.forfeit(size)
    return Stability(tuple(int(m) for m in members), stay, leave, tol)


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
    members = np.asarray(sorted(members), dtype=int)
    outsiders = np.asarray(outsiders, dtype=int)
    if outsiders.size == 0:
        return np.zeros(0)
    b, w, c, p = game.benefit, game.spill, game.cost, game.private_benefit
    g = equilibrium.contributions
    captured = equilibrium.captured
    size = members.size + 1
    factor = 1.0 - lev.funding if size > 1 else 1.0
    # rows: outsiders o; columns: members j, whose captured value rises by b_o W[o, j].
    new_gm = np.clip((captured[members][None, :] + b[outsiders][:, None] * w[np.ix_(outsiders, members)])
                     / (c[members][None, :] * factor), 0.0, game.capacity[members][None, :])
    own_capt = b[members] @ w[np.ix_(members, outsiders)] + b[outsiders] * w[outsiders, outsiders]         + p[outsiders]
    new_go = np.clip(own_capt / (c[outsiders] * factor), 0.0, game.capacity[outsiders])
    rest = w[outsiders] @ g - w[np.ix_(outsiders, members)] @ g[members] - w[outsiders, outsiders] * g[outsiders]
    joined = (b[outsiders] * (rest + np.sum(w[np.ix_(outsiders, members)] * new_gm, axis=1)
                              + w[outsiders, outsiders] * new_go)
              + p[outsiders] * new_go - factor * c[outsiders] * new_go ** 2 / 2.0 + lev.forfeit(size))
    # before joining: excluded from the members' provision as far as the good allows.
    excluded = game.excludability * b[outsiders] * (w[np.ix_(outsiders, members)] @ g[members])
    return joined - (equilibrium.payoffs[outsiders] - excluded)


def self_enforcing_core(game, partition, *, levers=None, tol: float = 1e-9) -> AgreementEquilibrium:
    """Shrink each agreement until no member gains by leaving.

    Repeatedly, the member with the largest gain from leaving leaves
    (becoming a singleton) and the rest re-optimise, until every agreement
    is internally stable. This defection sequence is a heuristic, not an
    equilibrium refinement: it returns *a* self-enforcing set of agreements
    nested in the original one.
    """
    lev = _levers(levers)
    labels = labels_of(game, partition).copy()
    captured = captured_value(game, labels)
    next_label = int(labels.max()) + 1
    weighted = game.benefit[:, None] * game.spill
    groups = [list(gr) for gr in _groups(labels) if len(gr) > 1]
    while True:
        eq = _equilibrium(game, labels.copy(), captured.copy(), lev.funding, groups=False)
        moved = False
        for group in groups:
            if len(group) < 2:
                continue
            st = stability(game, eq, group, levers=lev, tol=tol)
            if not st.self_enforcing:
                k = st.members[int(np.argmax(st.gain_from_leaving))]
                group.remove(k)
                captured[group] -= weighted[k, group]
                captured[k] = weighted[k, k] + game.private_benefit[k]
                labels[k] = next_label
                next_label += 1
                moved = True
        if not moved:
            return _equilibrium(game, labels, captured, lev.funding)


def stable_agreement(game, *, levers=None, tol: float = 1e-9, max_rounds: int | None = None,
                     candidates: int = 8, core: AgreementEquilibrium | None = None) -> tuple[AgreementEquilibrium, tuple[int, ...], bool]:
    """A large self-enforcing agreement: internally and, if possible, externally stable.

    Starting from the agreement of all states, defectors leave one at a
    time (:func:`self_enforcing_core`); then, of the ``candidates``
    outsiders who gain most by joining, the first whose joining keeps the
    enlarged agreement internally stable joins; repeat. Returns the equilibrium, the members, and whether no outsider
    gains by joining (external stability; d'Aspremont et al. 1983). For
    identical states this finds the largest stable size of cartel
    stability (tested against :func:`goodsgov.models.stable_coalitions`);
    for heterogeneous states it is a heuristic search.
    """
    lev = _levers(levers)
    n = game.n_players
    eq = self_enforcing_core(game, np.zeros(n, dtype=int), levers=lev, tol=tol)
    members = max(eq.partition, key=len)
    if len(members) < 2:
        members = ()
    rounds = max_rounds if max_rounds is not None else n
    tried: set[tuple[int, ...]] = set()
    for _ in range(rounds):
        outsiders = np.setdiff1d(np.arange(n), members)
        if not members or outsiders.size == 0:
            break
        gains = joining_gains(game, eq, members, outsiders, levers=lev)
        order = np.argsort(-gains)
        grew = False
        for o in order[gains[order] > tol][:candidates]:
            bigger = tuple(sorted(members + (int(outsiders[o]),)))
            if bigger in tried:
                continue
            tried.add(bigger)
            labels = np.arange(n)
            labels[list(bigger)] = bigger[0]
            cand = partial_agreement(game, labels, funding=lev.funding)
            if stability(game, cand, bigger, levers=lev, tol=tol).self_enforcing:
                eq, members, grew = cand, bigger, True
                break
        if not grew:
            break
    outsiders = np.setdiff1d(np.arange(n), members)
    externally = bool(not members or np.all(joining_gains(game, eq, members, outsiders, levers=lev) <= tol))
    return eq, tuple(members), externally
