"""Predict the level of governance a scenario calls for.

The argument (Betts 2011, after Keohane 1982 and Olson 1969's principle
of fiscal equivalence): the level at which states govern an issue follows
from who receives its externalities. goodsgov turns that into numbers.
The scenario's contribution game is solved under each institutional
scope:

* **unilateral**: every state alone (the Nash equilibrium);
* **bilateral**: the welfare-maximising pairing of states into deals;
* **regional**: one agreement per region;
* **multilateral**: one agreement of all states (the social optimum).

The *cooperative surplus* is optimum welfare minus Nash welfare. The
predicted level is

* ``NONE`` when no provision is worth its cost even under full cooperation;
* ``UNILATERAL`` when cooperation adds less than ``negligible`` (a share of
  optimum welfare) to what states achieve alone;
* otherwise the narrowest scope whose agreements capture at least
  ``capture`` of the surplus (fiscal equivalence: govern at the level that
  internalises the externality, and no wider).

Nothing is looked up from the good type: change the spillovers and the
level moves. The prediction also says whether the predicted agreement is
self-enforcing and how far it falls short of the optimum once members who
gain by leaving have left (the governance gap; for refugee protection,
the burden-sharing gap).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np
import pandas as pd

from . import _checks
from .games.contribution import ContributionGame
from .goods import GoodType
from .scenario import Scenario
from .solvers.agreements import AgreementEquilibrium, nash, optimum, partial_agreement, \
    self_enforcing_core
from .solvers.matching import best_pairing

__all__ = ["Level", "GovernanceGap", "GovernancePrediction", "predict_governance",
           "DEFAULT_CAPTURE", "DEFAULT_NEGLIGIBLE"]

#: Share of the cooperative surplus a scope must capture to be predicted.
DEFAULT_CAPTURE = 2.0 / 3.0
#: Below this share of optimum welfare, cooperation "adds little".
DEFAULT_NEGLIGIBLE = 0.2


class Level(str, Enum):
    """Level of governance, from none to multilateral."""

    NONE = "none"
    UNILATERAL = "unilateral"
    BILATERAL = "bilateral"
    REGIONAL = "regional"
    MULTILATERAL = "multilateral"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        return list(Level).index(self)


#: Scopes in order of breadth (the ones solved as games).
SCOPES = (Level.UNILATERAL, Level.BILATERAL, Level.REGIONAL, Level.MULTILATERAL)


@dataclass(frozen=True)
class GovernanceGap:
    """Shortfall from the optimum of what the predicted level delivers when self-enforcing.

    ``provision``, ``welfare``: absolute shortfalls; ``provision_share``:
    shortfall as a share of optimal provision; ``surplus_share``: share of
    the cooperative surplus left uncaptured.
    """

    provision: float
    welfare: float
    provision_share: float
    surplus_share: float


@dataclass(frozen=True, eq=False)
class GovernancePrediction:
    """What :func:`predict_governance` returns; every number comes from a solved game.

    ``level``: predicted :class:`Level`; ``good_type``: the good's cell of
    the typology; ``scopes``: DataFrame with one row per scope (provision,
    welfare, surplus_share, n_agreements, self_enforcing); ``gap``: the
    :class:`GovernanceGap`; ``self_enforcing``: whether every agreement at
    the predicted level is internally stable; ``achieved``: the equilibrium
    once defectors have left; ``equilibria``: the solved equilibrium per
    scope; ``explanation``: plain language generated from the numbers;
    ``scenario``, ``capture``, ``negligible``: the inputs.
    """

    level: Level
    good_type: GoodType
    scopes: pd.DataFrame = field(repr=False)
    gap: GovernanceGap
    self_enforcing: bool
    achieved: AgreementEquilibrium = field(repr=False)
    equilibria: dict = field(repr=False)
    explanation: str = field(repr=False)
    scenario: Scenario = field(repr=False)
    capture: float = DEFAULT_CAPTURE
    negligible: float = DEFAULT_NEGLIGIBLE

    @property
    def surplus(self) -> float:
        """Cooperative surplus: optimum welfare minus Nash welfare."""
        return self.equilibria[Level.MULTILATERAL].welfare - self.equilibria[Level.UNILATERAL].welfare


def _scope_partitions(game: ContributionGame, scenario: Scenario) -> dict[Level, object]:
    n = game.n_players
    _, regional = np.unique(np.array(scenario.region_of), return_inverse=True)
    return {
        Level.UNILATERAL: np.arange(n),
        Level.BILATERAL: best_pairing(game),
        Level.REGIONAL: regional,
        Level.MULTILATERAL: np.zeros(n, dtype=int),
    }


def _choose_level(eqs: dict[Level, AgreementEquilibrium], shares: dict[Level, float],
                  capture: float, negligible: float, tol: float) -> Level:
    w_opt = eqs[Level.MULTILATERAL].welfare
    w_nash = eqs[Level.UNILATERAL].welfare
    scale = max(1.0, abs(w_opt))
    if eqs[Level.MULTILATERAL].provision <= tol or w_opt <= tol * scale:
        return Level.NONE
    if (w_opt - w_nash) < negligible * w_opt:
        return Level.UNILATERAL
    everyone = eqs[Level.MULTILATERAL].partition
    for level in (Level.BILATERAL, Level.REGIONAL):
        if eqs[level].partition != everyone and shares[level] >= capture - tol:
            return level
    return Level.MULTILATERAL


def predict_governance(scenario: Scenario, *, capture: float = DEFAULT_CAPTURE,
                       negligible: float = DEFAULT_NEGLIGIBLE,
                       tol: float = 1e-9) -> GovernancePrediction:
    """Solve ``scenario`` under every scope and predict its level of governance.

    ``capture``: share of the cooperative surplus the predicted scope must
    capture (default 2/3); ``negligible``: cooperation that adds less than
    this share of optimum welfare leaves governance unilateral (default
    0.2); ``tol``: numerical tolerance. See the module docstring.

    >>> import goodsgov as gg
    >>> p = gg.predict_governance(gg.refugee_protection())
    >>> p.level
    <Level.MULTILATERAL: 'multilateral'>
    """
    if not isinstance(scenario, Scenario):
        raise _checks.invalid("scenario", scenario, "must be a goodsgov.Scenario")
    capture = _checks.real("capture", capture, low=0.0, high=1.0, low_open=True)
    negligible = _checks.real("negligible", negligible, low=0.0, high=1.0)
    tol = _checks.real("tol", tol, low=0.0, low_open=True)

    game = ContributionGame.from_scenario(scenario)
    partitions = _scope_partitions(game, scenario)
    eqs = {lvl: partial_agreement(game, partitions[lvl]) for lvl in SCOPES}
    w_nash, w_opt = eqs[Level.UNILATERAL].welfare, eqs[Level.MULTILATERAL].welfare
    surplus = w_opt - w_nash
    meaningful = surplus > tol * max(1.0, abs(w_opt))
    shares = {lvl: ((eqs[lvl].welfare - w_nash) / surplus if meaningful else 1.0) for lvl in SCOPES}
    level = _choose_level(eqs, shares, capture, negligible, tol)

    cores = {lvl: self_enforcing_core(game, eqs[lvl].partition, tol=tol) for lvl in SCOPES}
    achieved = cores[level] if level in cores else eqs[Level.UNILATERAL]
    self_enforcing = achieved.partition == (eqs[level].partition if level in eqs else achieved.partition)
    opt = eqs[Level.MULTILATERAL]
    gap = GovernanceGap(
        provision=opt.provision - achieved.provision,
        welfare=opt.welfare - achieved.welfare,
        provision_share=(opt.provision - achieved.provision) / opt.provision if opt.provision > tol else 0.0,
        surplus_share=(w_opt - achieved.welfare) / surplus if meaningful else 0.0,
    )
    scopes = pd.DataFrame({
        "scope": [lvl.value for lvl in SCOPES],
        "n_agreements": [len(eqs[lvl].agreements) for lvl in SCOPES],
        "provision": [eqs[lvl].provision for lvl in SCOPES],
        "welfare": [eqs[lvl].welfare for lvl in SCOPES],
        "surplus_share": [shares[lvl] for lvl in SCOPES],
        "self_enforcing": [cores[lvl].partition == eqs[lvl].partition for lvl in SCOPES],
        "self_enforcing_provision": [cores[lvl].provision for lvl in SCOPES],
    })
    explanation = _explain(scenario, level, eqs, shares, achieved, self_enforcing, gap,
                           capture, negligible)
    return GovernancePrediction(level=level, good_type=scenario.good.good_type, scopes=scopes, gap=gap,
                                self_enforcing=bool(self_enforcing), achieved=achieved,
                                equilibria=eqs, explanation=explanation, scenario=scenario,
                                capture=capture, negligible=negligible)


def _explain(scenario, level, eqs, shares, achieved, self_enforcing, gap, capture, negligible) -> str:
    good = scenario.good
    nash_eq, opt = eqs[Level.UNILATERAL], eqs[Level.MULTILATERAL]
    lines = [
        f"{good.name[:1].upper() + good.name[1:]} is a {good.good_type.label.lower()} "
        f"(excludability {good.excludability:.2f}, rivalry {good.rivalry:.2f}, "
        f"{good.spillover.value} spillovers) among {scenario.n_states} states.",
        f"Acting alone the states provide {nash_eq.provision:.4g} (welfare {nash_eq.welfare:.4g}); "
        f"full cooperation would provide {opt.provision:.4g} (welfare {opt.welfare:.4g}).",
    ]
    if level is Level.NONE:
        lines.append("No provision is worth its cost even with full cooperation: no governance is expected.")
        return " ".join(lines)
    gain = (opt.welfare - nash_eq.welfare) / opt.welfare
    lines.append(f"Cooperation adds {gain:.0%} of optimum welfare to what states achieve alone.")
    if level is Level.UNILATERAL:
        lines.append(f"That is below the {negligible:.0%} threshold: unilateral choices are expected.")
    else:
        captured = ", ".join(f"{lvl.value} {shares[lvl]:.0%}" for lvl in (Level.BILATERAL, Level.REGIONAL,
                                                                          Level.MULTILATERAL))
        lines.append(f"Share of that surplus captured by scope: {captured}; the narrowest scope "
                     f"capturing at least {capture:.0%} is {level.value}.")
        if self_enforcing:
            lines.append(f"The {level.value} agreement is self-enforcing: no member gains by leaving.")
        else:
            lines.append(f"The {level.value} agreement is not self-enforcing: members gain by leaving; "
                         f"once they have left, provision is {achieved.provision:.4g}, "
                         f"a governance gap of {gap.provision_share:.0%} of optimal provision.")
    return " ".join(lines)
