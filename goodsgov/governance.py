"""Predict the level of governance a scenario calls for.

The argument (Betts 2010, after Keohane 1982 and Olson 1969's principle
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
from .levers import Levers
from .models.bargaining import nash_bargaining
from .solvers.agreements import AgreementEquilibrium, partial_agreement, self_enforcing_core, \
    stability, stable_agreement
from .solvers import kernels
from .solvers.matching import best_pairing

__all__ = ["Level", "GovernanceGap", "GovernancePrediction", "StableCoalition", "Clubs",
           "BilateralDeals", "predict_governance", "DEFAULT_CAPTURE", "DEFAULT_NEGLIGIBLE"]

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


#: Levels by :func:`goodsgov.solvers.kernels.level_code`.
LEVELS = tuple(Level)
#: Scopes in order of breadth (the ones solved as games).
SCOPES = (Level.UNILATERAL, Level.BILATERAL, Level.REGIONAL, Level.MULTILATERAL)


@dataclass(frozen=True)
class GovernanceGap:
    """Shortfall from the optimum of what an outcome delivers.

    ``provision``, ``welfare``: absolute shortfalls; ``provision_share``:
    shortfall as a share of optimal provision; ``surplus_share``: share of
    the cooperative surplus (optimum minus Nash welfare) left uncaptured.
    """

    provision: float
    welfare: float
    provision_share: float
    surplus_share: float

    @classmethod
    def between(cls, outcome: AgreementEquilibrium, opt: AgreementEquilibrium,
                nash_welfare: float, tol: float = 1e-9) -> "GovernanceGap":
        surplus = opt.welfare - nash_welfare
        return cls(provision=opt.provision - outcome.provision,
                   welfare=opt.welfare - outcome.welfare,
                   provision_share=(1.0 - outcome.provision / opt.provision) if opt.provision > tol else 0.0,
                   surplus_share=((opt.welfare - outcome.welfare) / surplus
                                  if surplus > tol * abs(opt.welfare) else 0.0))


@dataclass(frozen=True)
class StableCoalition:
    """The largest self-enforcing agreement found for the good (see
    :func:`goodsgov.solvers.agreements.stable_agreement`).

    ``members``: state names; ``size``; ``provision``, ``welfare`` of its
    equilibrium; ``externally_stable``: no outsider gains by joining;
    ``gap``: its shortfall from the optimum (for refugee protection, the
    burden-sharing gap); ``optimum_share``: its share of optimal welfare.
    """

    members: tuple[str, ...]
    provision: float
    welfare: float
    externally_stable: bool
    gap: GovernanceGap
    optimum_share: float

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True, eq=False)
class Clubs:
    """The regional agreements read as clubs (Buchanan 1965).

    ``table``: one row per region: ``region``, ``members`` (names),
    ``size``, ``provision``, ``toll`` (the members' average provision
    cost: what an equal fee per member would have to raise), and
    ``self_enforcing`` (no member gains by leaving once excluded as far as
    the good allows).
    """

    table: pd.DataFrame = field(repr=False)

    @property
    def members(self) -> tuple[tuple[str, ...], ...]:
        return tuple(self.table["members"])

    @property
    def tolls(self) -> np.ndarray:
        return self.table["toll"].to_numpy()


@dataclass(frozen=True, eq=False)
class BilateralDeals:
    """The welfare-maximising bilateral deals, each split by Nash bargaining.

    ``table``: one row per deal: ``receiving``, ``sending`` (the partner
    with the larger private benefit from its own provision receives; ties
    go to the first listed), ``joint_payoff`` of the pair under the deal,
    ``disagreement_receiving`` / ``_sending`` (their Nash payoffs),
    ``receiving_payoff`` / ``sending_payoff`` from
    :func:`goodsgov.models.nash_bargaining` with the receiving state's
    bargaining ``weight``, and ``sending_share`` (the sending state's
    share of the deal's gain over disagreement).
    """

    table: pd.DataFrame = field(repr=False)
    weight: float = 0.5

    @property
    def n_deals(self) -> int:
        return len(self.table)


@dataclass(frozen=True, eq=False)
class GovernancePrediction:
    """What :func:`predict_governance` returns; every number comes from a solved game.

    ``level``: predicted :class:`Level`; ``good_type``: the good's cell of
    the typology; ``scopes``: DataFrame with one row per scope (provision,
    welfare, surplus_share, n_agreements, self_enforcing,
    self_enforcing_provision); ``gap``: the :class:`GovernanceGap` of
    what the predicted level achieves once members who gain by leaving
    have left (``achieved``); ``self_enforcing``: whether every agreement
    at the predicted level is internally stable; ``stable_coalition``:
    the largest self-enforcing agreement (:class:`StableCoalition`);
    ``club``: the regional agreements as clubs (:class:`Clubs`);
    ``bargain``: the bilateral deals (:class:`BilateralDeals`);
    ``lever_effects``: how each lever moves the level and the gap (empty
    without levers); ``equilibria``: the solved equilibrium per scope;
    ``explanation``: plain language generated from the numbers; and the
    inputs ``scenario``, ``levers``, ``capture``, ``negligible``.
    """

    level: Level
    good_type: GoodType
    scopes: pd.DataFrame = field(repr=False)
    gap: GovernanceGap
    self_enforcing: bool
    stable_coalition: StableCoalition = field(repr=False)
    club: Clubs = field(repr=False)
    bargain: BilateralDeals = field(repr=False)
    lever_effects: pd.DataFrame = field(repr=False)
    achieved: AgreementEquilibrium = field(repr=False)
    equilibria: dict = field(repr=False)
    explanation: str = field(repr=False)
    scenario: Scenario = field(repr=False)
    levers: Levers = field(default_factory=Levers)
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
    """The level rule of the module docstring (compiled: :func:`goodsgov.solvers.kernels.level_code`).
    Tolerances are relative, so scaling every benefit and cost by one factor never changes the level."""
    opt, everyone = eqs[Level.MULTILATERAL], eqs[Level.MULTILATERAL].partition
    code = kernels.level_code(opt.provision, opt.welfare, eqs[Level.UNILATERAL].welfare,
                              shares[Level.BILATERAL], shares[Level.REGIONAL],
                              eqs[Level.BILATERAL].partition == everyone,
                              eqs[Level.REGIONAL].partition == everyone, capture, negligible, tol)
    return LEVELS[code]


@dataclass(frozen=True, eq=False)
class _Solved:
    """Everything solved for one scenario under one set of levers (internal)."""

    level: Level
    eqs: dict
    shares: dict
    cores: dict
    achieved: AgreementEquilibrium
    self_enforcing: bool
    gap: GovernanceGap
    stable: StableCoalition


def _solve(scenario: Scenario, game: ContributionGame, partitions: dict, levers: Levers,
           capture: float, negligible: float, tol: float) -> _Solved:
    eqs = {lvl: partial_agreement(game, partitions[lvl], funding=levers.funding) for lvl in SCOPES}
    w_nash, w_opt = eqs[Level.UNILATERAL].welfare, eqs[Level.MULTILATERAL].welfare
    surplus = w_opt - w_nash
    meaningful = surplus > tol * abs(w_opt)
    shares = {lvl: ((eqs[lvl].welfare - w_nash) / surplus if meaningful else 1.0) for lvl in SCOPES}
    level = _choose_level(eqs, shares, capture, negligible, tol)
    cores = {lvl: self_enforcing_core(game, eqs[lvl].partition, levers=levers, tol=tol) for lvl in SCOPES}
    scope = level if level in cores else Level.UNILATERAL
    achieved = cores[scope]
    opt = eqs[Level.MULTILATERAL]
    stable_eq, members, externally = stable_agreement(game, levers=levers, tol=tol,
                                                      core=cores[Level.MULTILATERAL])
    stable = StableCoalition(
        members=tuple(game.names[i] for i in members), provision=stable_eq.provision,
        welfare=stable_eq.welfare, externally_stable=externally,
        gap=GovernanceGap.between(stable_eq, opt, w_nash, tol),
        optimum_share=stable_eq.welfare / w_opt if w_opt > 0.0 else 1.0)
    return _Solved(level, eqs, shares, cores, achieved, achieved.partition == eqs[scope].partition,
                   GovernanceGap.between(achieved, opt, w_nash, tol), stable)


def _clubs(scenario: Scenario, game: ContributionGame, solved: _Solved, levers: Levers, tol: float) -> Clubs:
    eq = solved.eqs[Level.REGIONAL]
    regions = np.array(scenario.region_of)
    rows = []
    paid = 1.0 - levers.funding
    for group in eq.partition:
        idx = np.array(group)
        size = idx.size
        cost = (paid if size > 1 else 1.0) * game.cost[idx] * eq.contributions[idx] ** 2 / 2.0
        rows.append({
            "region": str(regions[idx[0]]),
            "members": tuple(game.names[i] for i in idx),
            "size": int(size),
            "provision": float(eq.contributions[idx].sum()),
            "toll": float(cost.mean()),
            "self_enforcing": bool(size < 2 or stability(game, eq, group, levers=levers, tol=tol).self_enforcing),
        })
    return Clubs(pd.DataFrame(rows))


def _deals(game: ContributionGame, solved: _Solved, weight: float) -> BilateralDeals:
    eq, nash_payoffs = solved.eqs[Level.BILATERAL], solved.eqs[Level.UNILATERAL].payoffs
    rows = []
    for pair in eq.agreements:
        i, j = pair
        r, s_ = (i, j) if game.private_benefit[i] >= game.private_benefit[j] else (j, i)
        joint = float(eq.payoffs[r] + eq.payoffs[s_])
        deal = nash_bargaining(joint, (float(nash_payoffs[r]), float(nash_payoffs[s_])), weight)
        gain = joint - nash_payoffs[r] - nash_payoffs[s_]
        rows.append({
            "receiving": game.names[r], "sending": game.names[s_], "joint_payoff": joint,
            "disagreement_receiving": float(nash_payoffs[r]),
            "disagreement_sending": float(nash_payoffs[s_]),
            "receiving_payoff": deal.payoffs[0], "sending_payoff": deal.payoffs[1],
            "sending_share": float(deal.gains[1] / gain) if gain > 0 else 0.0,
        })
    columns = ["receiving", "sending", "joint_payoff", "disagreement_receiving", "disagreement_sending",
               "receiving_payoff", "sending_payoff", "sending_share"]
    return BilateralDeals(pd.DataFrame(rows, columns=columns), weight)


def _lever_effects(scenario, game, partitions, levers: Levers, capture, negligible, tol,
                   solved: _Solved) -> pd.DataFrame:
    if not levers.active:
        return pd.DataFrame(columns=["lever", "value", "level", "self_enforcing", "stable_size",
                                     "gap_provision_share", "gap_surplus_share"])
    variants = [("none", Levers())]
    variants += [(name, Levers(**{name: getattr(levers, name)})) for name in levers.active]
    if len(levers.active) > 1:
        variants.append(("all", levers))
    rows = []
    for name, lev in variants:
        sol = solved if lev == levers else _solve(scenario, game, partitions, lev, capture, negligible, tol)
        rows.append({"lever": name, "value": getattr(lev, name) if name not in ("none", "all") else np.nan,
                     "level": sol.level.value, "self_enforcing": sol.self_enforcing,
                     "stable_size": sol.stable.size,
                     "gap_provision_share": sol.gap.provision_share,
                     "gap_surplus_share": sol.gap.surplus_share})
    return pd.DataFrame(rows)


def options(levers: Levers | dict | None = None, capture: float = DEFAULT_CAPTURE,
            negligible: float = DEFAULT_NEGLIGIBLE, bargaining_weight: float = 0.5,
            tol: float = 1e-9) -> tuple[Levers, float, float, float, float]:
    """The validated options of :func:`predict_governance` (also checked once per sweep)."""
    return (Levers.coerce(levers),
            _checks.real("capture", capture, low=0.0, high=1.0, low_open=True),
            _checks.real("negligible", negligible, low=0.0, high=1.0),
            _checks.real("bargaining_weight", bargaining_weight, low=0.0, high=1.0),
            _checks.real("tol", tol, low=0.0, low_open=True))


def predict_governance(scenario: Scenario, *, levers: Levers | dict | None = None,
                       capture: float = DEFAULT_CAPTURE, negligible: float = DEFAULT_NEGLIGIBLE,
                       bargaining_weight: float = 0.5, tol: float = 1e-9) -> GovernancePrediction:
    """Solve ``scenario`` under every scope and predict its level of governance.

    ``levers``: a :class:`goodsgov.Levers` (or dict of its fields) applied
    to every agreement; ``lever_effects`` then shows each lever's effect
    alone. ``capture``: share of the cooperative surplus the predicted
    scope must capture (default 2/3); ``negligible``: cooperation that
    adds less than this share of optimum welfare leaves governance
    unilateral (default 0.2); ``bargaining_weight``: the receiving state's
    weight in bilateral Nash bargaining; ``tol``: numerical tolerance.
    See the module docstring.

    >>> import goodsgov as gg
    >>> p = gg.predict_governance(gg.refugee_protection())
    >>> p.level, p.stable_coalition.size
    (<Level.MULTILATERAL: 'multilateral'>, 3)
    """
    if not isinstance(scenario, Scenario):
        raise _checks.invalid("scenario", scenario, "must be a goodsgov.Scenario")
    levers, capture, negligible, weight, tol = options(levers, capture, negligible, bargaining_weight, tol)

    game = ContributionGame.from_scenario(scenario)
    partitions = _scope_partitions(game, scenario)
    solved = _solve(scenario, game, partitions, levers, capture, negligible, tol)
    eqs = solved.eqs
    scopes = pd.DataFrame({
        "scope": [lvl.value for lvl in SCOPES],
        "n_agreements": [len(eqs[lvl].agreements) for lvl in SCOPES],
        "provision": [eqs[lvl].provision for lvl in SCOPES],
        "welfare": [eqs[lvl].welfare for lvl in SCOPES],
        "surplus_share": [solved.shares[lvl] for lvl in SCOPES],
        "self_enforcing": [solved.cores[lvl].partition == eqs[lvl].partition for lvl in SCOPES],
        "self_enforcing_provision": [solved.cores[lvl].provision for lvl in SCOPES],
    })
    return GovernancePrediction(
        level=solved.level, good_type=scenario.good.good_type, scopes=scopes, gap=solved.gap,
        self_enforcing=bool(solved.self_enforcing), stable_coalition=solved.stable,
        club=_clubs(scenario, game, solved, levers, tol), bargain=_deals(game, solved, weight),
        lever_effects=_lever_effects(scenario, game, partitions, levers, capture, negligible, tol, solved),
        achieved=solved.achieved, equilibria=eqs,
        explanation=_explain(scenario, solved, capture, negligible),
        scenario=scenario, levers=levers, capture=capture, negligible=negligible)


def _explain(scenario: Scenario, solved: _Solved, capture: float, negligible: float) -> str:
    good, level, eqs, shares = scenario.good, solved.level, solved.eqs, solved.shares
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
        if solved.self_enforcing:
            lines.append(f"The {level.value} agreement is self-enforcing: no member gains by leaving.")
        else:
            lines.append(f"The {level.value} agreement is not self-enforcing: members gain by leaving; "
                         f"once they have left, provision is {solved.achieved.provision:.4g}, "
                         f"a governance gap of {solved.gap.provision_share:.0%} of optimal provision.")
    st = solved.stable
    if st.size:
        lines.append(f"The largest self-enforcing agreement found has {st.size} members and achieves "
                     f"{st.optimum_share:.0%} of optimum welfare.")
    return " ".join(lines)
