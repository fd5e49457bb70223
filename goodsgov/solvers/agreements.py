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
           "optimum", "stability", "self_enforcing_core"]


@dataclass(frozen=True, eq=False)
class AgreementEquilibrium:
    """Equilibrium of a contribution game under a partition into agreements.

    ``partition``: the agreements (tuples of state indices, singletons
    included); ``contributions``, ``payoffs``: one entry per state;
    ``provision``: total contribution; ``welfare``: sum of payoffs;
    ``game``: the game that produced it.
    """

    game: object = field(repr=False)
    partition: tuple[tuple[int, ...], ...]
    contributions: np.ndarray
    payoffs: np.ndarray
    provision: float = field(init=False)
    welfare: float = field(init=False)

    def __post_init__(self) -> None:
        for key in ("contributions", "payoffs"):
            a = np.array(getattr(self, key), dtype=float)
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


def partial_agreement(game, partition) -> AgreementEquilibrium:
    """Partial-agreement equilibrium of ``game`` for ``partition`` (see module docstring).

    >>> import numpy as np
    >>> from goodsgov.games import ContributionGame
    >>> g = ContributionGame(benefit=[1.0] * 3, cost=[1.0] * 3, spill=np.ones((3, 3)))
    >>> partial_agreement(g, [(0, 1)]).contributions.tolist()
    [2.0, 2.0, 1.0]
    """
    labels = labels_of(game, partition)
    g = game.best_response(captured_value(game, labels))
    return AgreementEquilibrium(game, _groups(labels), g, game.payoffs(g))


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
    the agreement and after leaving it; ``gain_from_leaving`` = leave - stay;
    ``self_enforcing``: no member gains more than ``tol`` by leaving
    (internal stability, d'Aspremont et al. 1983).
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


def stability(game, equilibrium: AgreementEquilibrium, members: Sequence[int],
              *, tol: float = 1e-9) -> Stability:
    """Internal stability of one agreement of ``equilibrium``.

    When member *k* leaves, the remaining members re-optimise without it,
    *k* best-responds alone, and the remaining members exclude *k* from
    the benefit of their provision as far as the good allows (*k* keeps
    ``1 - excludability`` of it): an excludable good can be withheld from a
    free rider (Buchanan 1965), a public good cannot. All other agreements
    keep their contributions (their best responses do not depend on *k*).
    """
    members = np.asarray(sorted(members), dtype=int)
    b, w, c = game.benefit, game.spill, game.cost
    g = equilibrium.contributions
    captured = captured_value(game, labels_of(game, equilibrium.partition))
    # after k leaves: rows k, columns j in S.
    sub_w = w[np.ix_(members, members)]
    new_capt = captured[members][None, :] - b[members][:, None] * sub_w
    own = b[members] * np.diag(sub_w) + game.private_benefit[members]
    np.fill_diagonal(new_capt, own)
    new_g = np.clip(new_capt / c[members][None, :], 0.0, game.capacity[members][None, :])
    keep = np.full(members.size, 1.0 - game.excludability)
    share = np.where(np.eye(members.size, dtype=bool), 1.0, keep[:, None])
    outside = w[members] @ g - w[np.ix_(members, members)] @ g[members]
    own_g = np.diag(new_g)
    leave = (b[members] * (outside + np.sum(sub_w * share * new_g, axis=1))
             + game.private_benefit[members] * own_g - c[members] * own_g ** 2 / 2.0)
    return Stability(tuple(int(m) for m in members), equilibrium.payoffs[members].copy(), leave, tol)


def self_enforcing_core(game, partition, *, tol: float = 1e-9) -> AgreementEquilibrium:
    """Shrink each agreement until no member gains by leaving.

    Repeatedly, the member with the largest gain from leaving leaves
    (becoming a singleton) and the rest re-optimise, until every agreement
    is internally stable. This defection sequence is a heuristic, not an
    equilibrium refinement: it returns *a* self-enforcing set of agreements
    nested in the original one.
    """
    labels = labels_of(game, partition).copy()
    next_label = int(labels.max()) + 1
    while True:
        eq = partial_agreement(game, labels)
        moved = False
        for group in eq.agreements:
            st = stability(game, eq, group, tol=tol)
            if not st.self_enforcing:
                k = st.members[int(np.argmax(st.gain_from_leaving))]
                labels[k] = next_label
                next_label += 1
                moved = True
        if not moved:
            return eq
