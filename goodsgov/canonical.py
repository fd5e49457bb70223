"""The three canonical scenarios of Betts (2010, Table 1).

The three rows share everything but the good: the same states, regions,
partners, roles, benefit weights, costs and private benefits. They differ
in the good's excludability and rivalry and in its benefit domain, each
taken from Betts's own description of the good (quoted in the
constructor's docstring): ``"auto"`` for refugee protection and irregular
migration (derived from the good and the geography), the ``"exchange"``
between sending and receiving states for skilled labour (see
:mod:`goodsgov.domain`). The scenarios are inputs: the level of
governance comes from :func:`goodsgov.predict_governance` solving them.

Shared states: ``n_states`` states named ``S01``, ``S02``, ... split into
``n_regions`` contiguous regions ``R1``, ``R2``, ... (at most ``n_states``);
states ``S01``-``S02``, ``S03``-``S04``, ... are partners, and ``S01``,
``S03``, ... are sending and ``S02``, ``S04``, ... receiving states (each pair
a sending and a receiving state; the roles matter only to skilled labour's
``exchange`` domain); benefit weights spread evenly over
``benefit * [1 - benefit_spread, 1 + benefit_spread]`` (Betts: benefits
"asymmetrically distributed among States"); costs ``cost * g**2 / 2``; a
small private benefit of own provision; unlimited capacity. The numbers
are stylised, not estimates. Pass ``states=`` (a sequence of
:class:`goodsgov.State`, or ``"world"`` for the 193 UN member states of
:func:`goodsgov.world.states` with :data:`WORLD_MAPPING`) to use other states.
``states="world", calibrate=True`` gives the calibrated world instead
(:mod:`goodsgov.calibration`: primitives from data) at the shipped estimate
of its free parameters (:mod:`goodsgov.estimation`); predict it with the
estimated options, ``gg.estimation.fitted_options(area)``.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from . import _checks
from .goods import BETTS_GOODS, Good
from .scenario import Scenario
from .states import ROLES, State

__all__ = ["refugee_protection", "irregular_migration", "skilled_labour", "build_states",
           "STATE_DEFAULTS", "WORLD_MAPPING", "resolve_states", "world_roles", "calibrating"]

#: The state parameters the three canonical scenarios share.
STATE_DEFAULTS = {"n_states": 30, "n_regions": 5, "benefit": 1.0, "benefit_spread": 0.5,
                  "private_benefit": 0.1, "cost": 1.0, "capacity": float("inf")}

#: How ``states="world"`` maps the data to preferences (see :func:`goodsgov.world.states`):
#: benefit weights proportional to population (scaled to mean 1: a good's value to a state grows
#: with the people it protects or employs), equal costs, the canonical private benefit, the
#: UN M49 sub-regions as regions and each state's nearest state as its exchange partner.
#: Roles (:func:`world_roles`): World Bank high-income states receive, the others send.
WORLD_MAPPING = {"benefit": "population", "cost": 1.0, "private_benefit": 0.1,
                 "regions": "subregion", "partners": "nearest"}


def build_states(n_states: int, n_regions: int, *, benefit: float, benefit_spread: float,
                 cost: float, private_benefit: float, capacity: float = float("inf"),
                 pair_partners: bool = True) -> list[State]:
    """States with evenly spread benefit weights, in contiguous regions.

    ``pair_partners``: make states ``2k`` and ``2k + 1`` partners. States
    ``2k`` send and ``2k + 1`` receive (:attr:`State.role`).

    >>> [s.region for s in build_states(4, 2, benefit=1, benefit_spread=0, cost=1, private_benefit=0)]
    ['R1', 'R1', 'R2', 'R2']
    """
    n = _checks.integer("n_states", n_states, low=2, high=10_000)
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
                            partners=partners, role=ROLES[i % 2]))
    return states


def world_roles(states: Sequence[State]) -> tuple[State, ...]:
    """The world's states with their side in an exchange of skilled workers
    (:func:`goodsgov.world.income_roles`: high-income states receive, the
    others send, an unclassified state takes no part)."""
    from . import world
    role = world.income_roles([s.name for s in states])
    return tuple(s.replace(role=role[s.name]) for s in states)


def _left_at_defaults(state_parameters: dict) -> None:
    changed = [k for k, v in state_parameters.items() if v != STATE_DEFAULTS[k]]
    if changed:
        raise _checks.invalid(changed[0], state_parameters[changed[0]],
                              "cannot be set together with states=; set it on the states")


def calibrating(calibrate, states) -> bool:
    """Whether ``calibrate`` asks for the calibrated world; it needs ``states="world"``
    (the shipped estimates are fitted on the 193 UN member states)."""
    if not calibrate:
        return False
    if not isinstance(calibrate, bool):
        raise _checks.invalid("calibrate", calibrate, "must be True or False")
    if not (isinstance(states, str) and states == "world"):
        raise _checks.invalid("calibrate", calibrate, "needs states='world': the shipped estimates are "
                              "fitted on the 193 UN member states")
    return True


def resolve_states(states, state_parameters: dict) -> tuple[State, ...]:
    """The states of a canonical scenario: ``states`` if given (then the state
    parameters must be left at their defaults), else built from the parameters."""
    if states is None:
        return tuple(build_states(**state_parameters))
    _left_at_defaults(state_parameters)
    if isinstance(states, str):
        if states != "world":
            raise _checks.invalid("states", states, "must be 'world' or a sequence of goodsgov.State")
        from . import world
        return world_roles(world.states(**WORLD_MAPPING))
    if isinstance(states, State):
        raise _checks.invalid("states", states, "must be a sequence of goodsgov.State")
    try:
        return tuple(states)
    except TypeError:
        raise _checks.invalid("states", states, "must be 'world' or a sequence of goodsgov.State") from None


_REFUGEES, _IRREGULAR, _SKILLED = (BETTS_GOODS[k] for k in
                                    ("refugee_protection", "irregular_migration", "skilled_labour"))


def _canonical(name: str, *, excludability: float, rivalry: float, spillover: str,
               states, calibrate: bool = False, **state_parameters) -> Scenario:
    good = Good(BETTS_GOODS[name].name, excludability=excludability, rivalry=rivalry,
                spillover=spillover)
    if not calibrating(calibrate, states):
        return Scenario(good=good, states=resolve_states(states, state_parameters), name=name)
    _left_at_defaults(state_parameters)
    from .calibration import calibrated_scenario, shipped_values
    mapping, fitted_good = shipped_values(name)
    return calibrated_scenario(name, **mapping).replace(good=good.replace(**fitted_good))


def refugee_protection(*, excludability: float = _REFUGEES.excludability,
                       rivalry: float = _REFUGEES.rivalry,
                       spillover: str = _REFUGEES.spillover.value,
                       states: Sequence[State] | str | None = None, n_states: int = 30,
                       n_regions: int = 5, benefit: float = 1.0, benefit_spread: float = 0.5,
                       private_benefit: float = 0.1, cost: float = 1.0,
                       capacity: float = float("inf"), calibrate: bool = False) -> Scenario:
    """Refugee protection: a global public good (Betts 2010, Table 1, row 1).

    Betts: "the benefits accrue to all States, to some extent, and the
    enjoyment of those benefits by one State is largely undiminished by
    another State's enjoyment". Hence:

    * ``excludability=0.1``: a state's protection benefits every state,
      and little of it can be withheld from one that does not contribute;
    * ``rivalry=0.1``: little congestion among those who benefit.

    With ``benefit_spread=0``, ``rivalry=0`` and ``excludability=0`` its
    contribution game is exactly the joint-product model
    :func:`goodsgov.models.joint_product` (Olson & Zeckhauser 1966).

    >>> refugee_protection(n_states=10).good.good_type
    <GoodType.PUBLIC: 'public'>
    """
    # locals() is exactly the keyword parameters above
    return _canonical("refugee_protection", **locals())


def irregular_migration(*, excludability: float = _IRREGULAR.excludability,
                        rivalry: float = _IRREGULAR.rivalry,
                        spillover: str = _IRREGULAR.spillover.value,
                        states: Sequence[State] | str | None = None, n_states: int = 30,
                        n_regions: int = 5, benefit: float = 1.0, benefit_spread: float = 0.5,
                        private_benefit: float = 0.1, cost: float = 1.0,
                        capacity: float = float("inf"), calibrate: bool = False) -> Scenario:
    """Control of irregular / low-skilled migration: a club good (Betts 2010, Table 1, row 2).

    Betts: regulating irregular movement "has benefits that are 'non-rival'
    ..., the benefits are, to some extent, excludable in the sense of the
    benefits of governance being geographically confined within a
    particular regional context". Hence:

    * ``excludability=0.9``: "geographically confined within a particular
      regional context": nine tenths of the benefit stays in the
      provider's region (and can be withheld from non-members there);
      "to some extent": a tenth reaches every other state. (Less
      excludable than skilled labour's "almost exclusively".)
    * ``rivalry=0.1``: "non-rival", as refugee protection.

    >>> irregular_migration(n_states=10).good.good_type
    <GoodType.CLUB: 'club'>
    """
    return _canonical("irregular_migration", **locals())


def skilled_labour(*, excludability: float = _SKILLED.excludability,
                   rivalry: float = _SKILLED.rivalry,
                   spillover: str = _SKILLED.spillover.value,
                   states: Sequence[State] | str | None = None, n_states: int = 30,
                   n_regions: int = 5, benefit: float = 1.0, benefit_spread: float = 0.5,
                   private_benefit: float = 0.1, cost: float = 1.0,
                   capacity: float = float("inf"), calibrate: bool = False) -> Scenario:
    """Highly-skilled labour migration: a private good (Betts 2010, Table 1, row 3).

    Betts: "its costs benefits are highly excludable, accruing almost
    exclusively to the sending State, the receiving State and the
    migrant", and "rival ... because there is a finite supply of skilled
    labour". Hence:

    * ``excludability=0.95``: "highly", "almost exclusively": all but 5 %
      of the benefit stays with the states taking part in the exchange;
    * ``rivalry=0.9``: a finite pool: the excludable benefit is consumed
      by the partners who exchange workers rather than shared in the
      region, and every further state admitted to it crowds the others out
      (receiving states compete for the same workers).

    * ``spillover="exchange"``: the excludable benefit of a sending state's
      provision (the skilled workers it trains and lets go) reaches the
      receiving states, and that of a receiving state's (the places it
      opens to them) the sending states: "the sending State, the receiving
      State". States on the same side draw nothing on each other; the
      non-excludable 5 % reaches every state (see :mod:`goodsgov.domain`).
      A bilateral labour agreement is a deal between a sending and a
      receiving state admitting each other: workers for places. Unilateral
      liberalisation is a receiving state's own provision, at its own
      optimum.

    The migrant's own gain is not a state's payoff and is not counted in
    welfare.

    >>> skilled_labour(n_states=10).good.good_type
    <GoodType.PRIVATE: 'private'>
    """
    return _canonical("skilled_labour", **locals())
