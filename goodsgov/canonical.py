"""The three canonical scenarios of Betts (2010, Table 1).

Each function returns a :class:`~goodsgov.Scenario` whose parameters
express Betts's description of the good; every default can be overridden
by keyword. The scenarios are inputs only: the level of governance comes
from :func:`goodsgov.predict_governance` solving them.

Shared conventions: ``n_states`` states named ``S01``, ``S02``, ... are
split into ``n_regions`` contiguous regions ``R1``, ``R2``, ... (at most
``n_states``: pass ``n_regions`` too when there are fewer than five states); benefit
weights spread evenly over ``benefit * [1 - benefit_spread, 1 + benefit_spread]``
so that states value the good asymmetrically; costs are ``cost * g**2 / 2``;
capacity is unlimited unless given. The numbers are stylised, not
estimates: no empirical magnitudes are claimed.
"""

from __future__ import annotations

import numpy as np

from . import _checks
from .goods import Good
from .scenario import Scenario
from .states import State

__all__ = ["refugee_protection", "irregular_migration", "skilled_labour", "build_states"]


def build_states(n_states: int, n_regions: int, *, benefit: float, benefit_spread: float,
                 cost: float, private_benefit: float, capacity: float = float("inf"),
                 pair_partners: bool = False) -> list[State]:
    """States with evenly spread benefit weights, in contiguous regions.

    ``pair_partners``: make states ``2k`` and ``2k + 1`` bilateral partners
    (a sending and a receiving state).

    >>> [s.region for s in build_states(4, 2, benefit=1, benefit_spread=0, cost=1, private_benefit=0)]
    ['R1', 'R1', 'R2', 'R2']
    """
    n = _checks.integer("n_states", n_states, low=2)
    m = _checks.integer("n_regions", n_regions, low=1, high=n)
    b = _checks.real("benefit", benefit, low=0.0)
    spread = _checks.real("benefit_spread", benefit_spread, low=0.0, high=1.0)
    weights = b * (1.0 + spread * np.linspace(-1.0, 1.0, n))
    region = (np.arange(n) * m) // n
    states = []
    for i in range(n):
        partner = i + 1 if i % 2 == 0 else i - 1
        partners = (f"S{partner + 1:02d}",) if pair_partners and partner < n else ()
        states.append(State(name=f"S{i + 1:02d}", region=f"R{region[i] + 1}", benefit=float(weights[i]),
                            cost=cost, capacity=capacity, private_benefit=private_benefit,
                            partners=partners))
    return states


def _canonical(name: str, good_name: str, *, excludability: float, rivalry: float, spillover: str,
               **state_parameters) -> Scenario:
    good = Good(good_name, excludability=excludability, rivalry=rivalry, spillover=spillover)
    return Scenario(good=good, states=build_states(**state_parameters), name=name)


def refugee_protection(*, n_states: int = 30, n_regions: int = 5, excludability: float = 0.1,
                       rivalry: float = 0.1, spillover: str = "global", benefit: float = 1.0,
                       benefit_spread: float = 0.5, private_benefit: float = 0.1, cost: float = 1.0,
                       capacity: float = float("inf")) -> Scenario:
    """Refugee protection: a global public good (Betts 2010, Table 1, row 1).

    Betts: the benefits of protection (security and human rights) "accrue
    to all States, to some extent", asymmetrically, and one state's
    enjoyment leaves another's "largely undiminished". Hence:

    * ``spillover="global"``: one state's protection benefits every state;
    * ``excludability=0.1``: benefits can hardly be withheld from a state
      that does not contribute;
    * ``rivalry=0.1``: little congestion among beneficiaries;
    * ``benefit_spread=0.5``: states value protection asymmetrically
      (the most concerned three times as much as the least);
    * ``private_benefit=0.1``: a small gain a host keeps for itself
      (e.g. the domestic rights value of its own protection).

    With identical states (``benefit_spread=0``) and ``rivalry=0`` its
    contribution game is exactly the joint-product model
    :func:`goodsgov.models.joint_product` (Olson & Zeckhauser 1966).

    >>> refugee_protection(n_states=10).good.good_type
    <GoodType.PUBLIC: 'public'>
    """
    # locals() is exactly the keyword parameters above
    return _canonical("refugee_protection", "refugee protection", **locals())


def irregular_migration(*, n_states: int = 30, n_regions: int = 5, excludability: float = 0.9,
                        rivalry: float = 0.1, spillover: str = "regional", benefit: float = 1.0,
                        benefit_spread: float = 0.5, private_benefit: float = 0.1, cost: float = 1.0,
                        capacity: float = float("inf")) -> Scenario:
    """Control of irregular / low-skilled migration: a club good (Betts 2010, Table 1, row 2).

    Betts: regulating irregular movement has benefits that are non-rival
    but "geographically confined within a particular regional context";
    cooperation is expected within regional clubs (RECs, RCPs). Hence:

    * ``spillover="regional"``: border control benefits the provider's region;
    * ``excludability=0.9``: states outside the region get only 10 % of it;
    * ``rivalry=0.1``: one state's enjoyment hardly diminishes another's.

    >>> irregular_migration(n_states=10).good.good_type
    <GoodType.CLUB: 'club'>
    """
    return _canonical("irregular_migration", "control of irregular migration", **locals())


def skilled_labour(*, n_states: int = 30, n_regions: int = 5, excludability: float = 0.95,
                   rivalry: float = 0.9, spillover: str = "bilateral", benefit: float = 1.0,
                   benefit_spread: float = 0.5, private_benefit: float = 1.5, cost: float = 1.0,
                   capacity: float = float("inf")) -> Scenario:
    """Highly-skilled labour migration: a private good (Betts 2010, Table 1, row 3).

    Betts: the benefits are highly excludable, "accruing almost
    exclusively to the sending State, the receiving State and the
    migrant", and rival "because there is a finite supply of skilled
    labour". Hence:

    * ``spillover="bilateral"``: states ``S01-S02``, ``S03-S04``, ... are
      sending/receiving partners whose openness benefits both;
    * ``excludability=0.95``: third states get only 5 % of the benefit;
    * ``rivalry=0.9``: a worker employed in one state is not available to
      another, so benefits are split among those who draw on the pool;
    * ``private_benefit=1.5``: the receiving state keeps most of the gain
      from the workers it admits for itself (one and a half times the
      shared benefit weight).

    The migrant's own gain is not a state's payoff and is not counted in
    welfare.

    >>> skilled_labour(n_states=10).good.good_type
    <GoodType.PRIVATE: 'private'>
    """
    return _canonical("skilled_labour", "skilled labour migration", pair_partners=True, **locals())
