"""Clubs: optimal membership, partition of states into clubs, provision and toll.

Buchanan's (1965) economic theory of clubs: a club good is excludable but
partly rival, so sharing its cost among more members lowers each one's
share while crowding lowers each one's benefit. The optimal club balances
the two; a regional border regime (the club good of irregular migration)
is a club of states.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import _checks

__all__ = [
    "ClubSize",
    "club_size",
    "ClubPartition",
    "club_partition",
    "ClubProvision",
    "club_provision",
]


def _best_integer(real_opt: float, value, upper: int | None = None) -> int:
    """The better of floor/ceil of a real optimum of a unimodal function (>= 1)."""
    lo = max(1, math.floor(real_opt))
    hi = max(1, math.ceil(real_opt))
    if upper is not None:
        lo, hi = min(lo, upper), min(hi, upper)
    return lo if value(lo) >= value(hi) else hi


@dataclass(frozen=True)
class ClubSize:
    """Optimal membership of a Buchanan club (see :func:`club_size`).

    ``members`` is the real optimum ``sqrt(fixed_cost / congestion)``,
    ``members_int`` the best integer size, ``toll`` each member's share of
    the fixed cost at ``members_int`` and ``congestion_toll`` the marginal
    crowding cost a member imposes on the others (``congestion *
    members_int``); at the real optimum the two tolls coincide.
    """

    fixed_cost: float
    congestion: float
    benefit: float
    members: float
    members_int: int
    toll: float
    congestion_toll: float
    value_per_member: float


@_checks.guarded
def club_size(fixed_cost: float, congestion: float, *, benefit: float = 0.0) -> ClubSize:
    """Optimal club size for ``v(n) = benefit - fixed_cost / n - congestion * n``.

    Buchanan (1965), per-member value with the facility cost shared equally
    and linear crowding. ``dv/dn = 0`` gives ``n* = sqrt(fixed_cost /
    congestion)``; the best integer is the better neighbour (at least 1).
    The toll is the per-member share of the cost, ``fixed_cost / n``, which
    at ``n*`` equals the marginal crowding cost ``congestion * n*``: a toll
    set at the crowding externality exactly finances the club.

    >>> r = club_size(fixed_cost=9.0, congestion=1.0, benefit=10.0)
    >>> r.members, r.members_int, r.toll, r.value_per_member
    (3.0, 3, 3.0, 4.0)
    """
    fixed_cost = _checks.real("fixed_cost", fixed_cost, low=0.0, low_open=True)
    congestion = _checks.real("congestion", congestion, low=0.0, low_open=True)
    benefit = _checks.real("benefit", benefit)

    def v(m: int) -> float:
        return benefit - fixed_cost / m - congestion * m

    real_opt = math.sqrt(fixed_cost / congestion)
    m = _best_integer(real_opt, v)
    return ClubSize(fixed_cost=fixed_cost, congestion=congestion, benefit=benefit,
                    members=real_opt, members_int=m, toll=fixed_cost / m,
                    congestion_toll=congestion * m, value_per_member=v(m))


@dataclass(frozen=True)
class ClubPartition:
    """Welfare-maximising partition of states into clubs (see :func:`club_partition`)."""

    n_states: int
    fixed_cost: float
    congestion: float
    benefit: float
    sizes: tuple[int, ...]
    welfare: float
    welfare_one_club: float

    @property
    def n_clubs(self) -> int:
        return len(self.sizes)


def _balanced_sizes(n: int, m: int) -> tuple[int, ...]:
    q, r = divmod(n, m)
    return tuple([q + 1] * r + [q] * (m - r))


@_checks.guarded
def club_partition(n_states: int, fixed_cost: float, congestion: float, *,
                   benefit: float = 0.0) -> ClubPartition:
    """Number and sizes of clubs that maximise the total welfare of ``n_states`` states.

    Each state belongs to exactly one club; a club of ``s`` members yields
    ``s * v(s) = benefit * s - fixed_cost - congestion * s**2`` (Buchanan
    1965 as in :func:`club_size`). Total welfare is a sum of concave
    functions of the sizes, so for a given number ``m`` of clubs the best
    sizes differ by at most one (exact); the search is over every ``m`` in
    ``1..n_states`` (vectorised, O(n); at most ``goodsgov._checks.MAX_STATES``
    states). Ties go to the fewest clubs.

    >>> p = club_partition(10, fixed_cost=9.0, congestion=1.0)
    >>> p.sizes, p.n_clubs
    ((4, 3, 3), 3)
    """
    n = _checks.size("n_states", n_states, low=1)
    fixed_cost = _checks.real("fixed_cost", fixed_cost, low=0.0)
    congestion = _checks.real("congestion", congestion, low=0.0)
    benefit = _checks.real("benefit", benefit)
    m = np.arange(1, n + 1)
    q, r = np.divmod(n, m)
    sum_sq = r * (q + 1) ** 2 + (m - r) * q ** 2
    total = benefit * n - fixed_cost * m - congestion * sum_sq
    # ties within rounding (relative to the welfare scale, not to 1) go to the fewest clubs
    scale = max(abs(benefit) * n, fixed_cost * n, congestion * float(n) ** 2)
    best = int(np.flatnonzero(total >= total.max() - 1e-12 * scale)[0]) + 1
    return ClubPartition(n_states=n, fixed_cost=fixed_cost, congestion=congestion,
                         benefit=benefit, sizes=_balanced_sizes(n, best),
                         welfare=float(total[best - 1]), welfare_one_club=float(total[0]))


@dataclass(frozen=True)
class ClubProvision:
    """Joint choice of club size and provision (see :func:`club_provision`)."""

    alpha: float
    delta: float
    cost: float
    members: float
    members_int: int
    provision: float
    provision_int: float
    toll: float
    value_per_member: float


@_checks.guarded
def club_provision(alpha: float, delta: float, cost: float) -> ClubProvision:
    """Optimal membership, provision and toll for ``v = alpha ln X - delta n - cost X / n``.

    Buchanan (1965) with provision ``X`` chosen too: members enjoy ``alpha
    ln X``, suffer crowding ``delta n`` and share the cost ``cost X``
    equally. First-order conditions give ``X = alpha n / cost`` for any
    size and ``n* = alpha / delta``, so ``X* = alpha**2 / (delta cost)``.
    The toll (each member's cost share ``cost X / n``) equals ``alpha`` and
    the marginal crowding cost ``delta n*``. ``members_int`` is the best
    integer size, ``provision_int`` the provision that goes with it.

    >>> r = club_provision(alpha=2.0, delta=0.5, cost=1.0)
    >>> r.members, r.provision, r.toll
    (4.0, 8.0, 2.0)
    """
    alpha = _checks.real("alpha", alpha, low=0.0, low_open=True)
    delta = _checks.real("delta", delta, low=0.0, low_open=True)
    cost = _checks.real("cost", cost, low=0.0, low_open=True)

    def v(m: float) -> float:            # value at the best provision for size m
        return alpha * (math.log(alpha) + math.log(m) - math.log(cost)) - delta * m - alpha

    real_n = alpha / delta
    m = _best_integer(real_n, v)
    x_int = alpha * m / cost
    return ClubProvision(alpha=alpha, delta=delta, cost=cost, members=real_n, members_int=m,
                         provision=alpha * real_n / cost, provision_int=x_int,
                         toll=cost * x_int / m, value_per_member=v(m))
