"""Predict the level of governance a scenario calls for.

The argument (Betts 2010, after Keohane 1982): the demand for governance
at a level follows from the externalities of the good. goodsgov solves the
scenario's contribution game under each institutional scope:

* **unilateral**: every state alone (the Nash equilibrium);
* **bilateral**: the network of bilateral deals, each formed on its pair's
  own joint gain (a state may hold several; pairwise stability with
  transfers, Jackson & Wolinsky 1996);
* **regional**: one agreement per region;
* **multilateral**: one agreement of all states.

An agreement forms only if its members gain jointly. The predicted level
is the scope that minimises the interdependence costs of Buchanan &
Tullock (1962, ch. 6): the welfare it leaves unrealised plus the decision
costs of running its institutions. Every pair of states an institution
must bring into agreement costs ``decision_cost`` times the mean
status-quo (Nash) payoff of a state, so an agreement of *m* states costs
``decision_cost * m (m - 1) / 2`` such units and a deal one: the costs
scale with what the issue is worth to states (the level does not change
when every benefit and cost is scaled by one factor) and rise with the
number of relationships an institution must reconcile (Keohane 1982: a
regime is demanded where its gains exceed the transaction costs of making
it). A deal network in which three states are all linked to each other is
a plurilateral club, not bilateral governance: where that network is the
best arrangement, the level is that of clubs, regional (and where it
coincides with the regions' or the global agreement, it is that
agreement). ``NONE`` when nothing is worth providing even at the optimum.

Nothing is looked up from the good type: the excludability and rivalry of
the good decide, through the game, which scope pays. The prediction also
says whether the agreement at the predicted level is self-enforcing (with
the model's exclusion of leavers and under the conventional rule without
it), what it achieves once members who gain by leaving have left (the
governance gap: under-provision, and how costs are shared against Lindahl
shares), the largest self-enforcing agreement, the clubs, the deals, and
each state's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np
import pandas as pd

from . import _checks
from .errors import SolverError
from .games.contribution import ContributionGame
from .goods import GoodType
from .levers import Levers
from .scenario import Scenario
from .solvers import _kernels
from .solvers.agreements import (EXHAUSTIVE_STATES, STABLE_CANDIDATES, AgreementEquilibrium, games_of,
                                 options_of)

__all__ = ["Level", "GovernanceGap", "GovernancePrediction", "StableCoalition", "Clubs",
           "BilateralDeals", "predict_governance", "DEFAULT_DECISION_COST", "SCOPES", "RESULT_COLUMNS",
           "solve", "summary"]

#: Decision cost of one agreed pair of states, in units of the mean status-quo payoff.
DEFAULT_DECISION_COST = 0.25


class Level(str, Enum):
    """Level of governance, from none to multilateral.

    ``REGIONAL`` is club governance (Betts 2010: regional or plurilateral
    cooperation): agreements among some states, the regions' or the clubs
    of mutually linked states in the best deal network."""

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


#: Levels by the compiled level code (0 none ... 4 multilateral).
LEVELS = tuple(Level)
#: Scopes in order of breadth (the ones solved as games).
SCOPES = (Level.UNILATERAL, Level.BILATERAL, Level.REGIONAL, Level.MULTILATERAL)


@dataclass(frozen=True)
class GovernanceGap:
    """Shortfall from the social optimum of what an outcome delivers.

    ``provision``, ``welfare``: absolute shortfalls; ``provision_share``:
    shortfall as a share of optimal provision; ``surplus_share``: share of
    the cooperative surplus (optimum minus Nash welfare) left unrealised;
    ``cost_distribution``: the share of all provision costs that would have
    to change hands for each state to pay its Lindahl share (half the sum
    of absolute differences; 0 when costs follow benefits).
    """

    provision: float
    welfare: float
    provision_share: float
    surplus_share: float
    cost_distribution: float = 0.0


@dataclass(frozen=True)
class StableCoalition:
    """The largest self-enforcing agreement, the other states alone.

    ``members``: state names; ``size``; ``provision``, ``welfare`` of its
    equilibrium; ``externally_stable``: no outsider gains by joining;
    ``gap``: its shortfall from the optimum (for refugee protection, the
    burden-sharing gap); ``optimum_share``: its share of optimal welfare;
    ``exhaustive``: found by checking every coalition (else a heuristic).
    """

    members: tuple[str, ...]
    provision: float
    welfare: float
    externally_stable: bool
    gap: GovernanceGap
    optimum_share: float
    exhaustive: bool = False

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True, eq=False)
class Clubs:
    """The regional agreements read as clubs (Buchanan 1965).

    ``table``: one row per region: ``region``, ``members`` (names),
    ``size``, ``formed`` (the members gain jointly), ``provision``,
    ``toll`` (the members' average provision cost: what an equal fee per
    member would raise), and ``self_enforcing`` (no member gains by
    leaving, excluded from the club's excludable benefit).
    """

    table: pd.DataFrame = field(repr=False)

    @property
    def members(self) -> tuple[tuple[str, ...], ...]:
        return tuple(self.table["members"])


@dataclass(frozen=True, eq=False)
class BilateralDeals:
    """The network of bilateral deals, each split by Nash bargaining.

    ``table``: one row per deal: ``state``, ``partner``, ``gain_state`` and
    ``gain_partner`` (what the deal gives each before any transfer),
    ``joint_gain``, ``transfer`` (from the partner to the state) and
    ``state_gain_after_transfer`` / ``partner_gain_after_transfer``: the
    Nash (1950) bargaining split of the joint gain with the state's
    ``weight``. ``pairwise_stable``: no pair gains from forming a deal and
    none from ending one. ``clubs``: the largest groups of three or more
    states all linked to each other (maximal cliques; Bron & Kerbosch 1973),
    which make the network club governance (see :class:`Level`).

    >>> import goodsgov as gg
    >>> p = gg.predict_governance(gg.skilled_labour(n_states=6, n_regions=2))
    >>> p.bargain.clubs
    ()
    """

    table: pd.DataFrame = field(repr=False)
    weight: float = 0.5
    pairwise_stable: bool = True

    @property
    def clubs(self) -> tuple[tuple[str, ...], ...]:
        import networkx as nx

        graph = nx.Graph(zip(self.table["state"], self.table["partner"]))
        found = (tuple(sorted(c)) for c in nx.find_cliques(graph) if len(c) >= 3)
        return tuple(sorted(found, key=lambda c: (-len(c), c)))


@dataclass(frozen=True, eq=False)
class GovernancePrediction:
    """What :func:`predict_governance` returns; every number comes from a solved game.

    ``level``: the predicted :class:`Level`; ``scope``: the scope whose
    arrangement it is (its row of ``scopes``; ``BILATERAL`` for a regional
    level reached by clubs of mutually linked deals, else the level's own,
    ``UNILATERAL`` for ``NONE``); ``good_type``: the good's cell
    of the typology; ``scopes``: one row per scope (``provision``,
    ``welfare`` net of any donor's outlay, ``decision_cost``,
    ``net_welfare``, ``surplus_share``, ``self_enforcing`` and
    ``self_enforcing_open`` — without exclusion of leavers —, ...);
    ``gap``: the :class:`GovernanceGap` of what the predicted level
    achieves once members who gain by leaving have left (``achieved``);
    ``self_enforcing``: whether the predicted scope's agreements hold;
    ``stable_coalition``; ``club``; ``bargain``; ``states``: one row per
    state; ``lever_effects``: each lever's effect alone; ``equilibria``:
    the solved equilibrium per scope and ``optimum``; ``explanation``:
    plain language from the numbers; the inputs ``scenario``, ``levers``,
    ``decision_cost``; ``outcome``: the solver's raw record.
    """

    level: Level
    scope: Level
    good_type: GoodType
    scopes: pd.DataFrame = field(repr=False)
    gap: GovernanceGap
    self_enforcing: bool
    stable_coalition: StableCoalition = field(repr=False)
    club: Clubs = field(repr=False)
    bargain: BilateralDeals = field(repr=False)
    states: pd.DataFrame = field(repr=False)
    lever_effects: pd.DataFrame = field(repr=False)
    achieved: AgreementEquilibrium = field(repr=False)
    equilibria: dict = field(repr=False)
    optimum: AgreementEquilibrium = field(repr=False)
    explanation: str = field(repr=False)
    scenario: Scenario = field(repr=False)
    levers: Levers = field(default_factory=Levers)
    decision_cost: float = DEFAULT_DECISION_COST
    outcome: object = field(default=None, repr=False)

    @property
    def surplus(self) -> float:
        """Cooperative surplus: optimum welfare minus Nash welfare."""
        return self.optimum.welfare - self.equilibria[Level.UNILATERAL].welfare


# --------------------------------------------------------------------- the pipeline
def solve(games: tuple, regions: np.ndarray, opts) -> "_kernels.Outcome":
    """Solve one scenario's compiled records (the one pipeline; the sweep calls it too).

    Raises :class:`goodsgov.errors.SolverError` when the scenario's magnitudes
    (benefit and private benefit against cost) put a result beyond the range of
    floating point, rather than return inf or NaN."""
    out = _kernels.solve_point(games, np.array(regions, dtype=np.int64), opts)
    checked = (out.welfare, out.provision, out.payoffs, out.contributions, out.decision_cost,
               out.optimum_welfare, out.achieved_welfare, out.stable_welfare, out.lindahl)
    if not all(np.all(np.isfinite(x)) for x in checked):
        raise SolverError("the scenario's benefits and costs are too extreme for floating point: "
                          "contributions grow as benefit / cost and payoffs as benefit**2 / cost; "
                          "rescale benefits, private benefits and costs by one factor (the level "
                          "does not change)")
    return out


#: The names of :func:`summary`'s results, in order (the sweep's and Table 1's columns too).
RESULT_COLUMNS = (["level"] + [f"{q}_{lvl.value}" for q in ("provision", "welfare", "net_welfare",
                                                            "surplus_share") for lvl in SCOPES]
                  + ["gap_provision", "gap_welfare", "gap_provision_share", "gap_surplus_share",
                     "gap_cost_distribution", "self_enforcing", "stable_coalition_size", "scope"])


def summary(out: "_kernels.Outcome") -> dict:
    """The scalar results of an outcome, named as in :func:`goodsgov.sweep`'s rows."""
    nash_w, opt_w = out.welfare[0], out.optimum_welfare
    meaningful = _meaningful(out)
    shares = (out.welfare - nash_w) / (opt_w - nash_w) if meaningful else np.ones(4)
    row = {"level": LEVELS[out.level].value}
    for k, lvl in enumerate(SCOPES):
        row[f"provision_{lvl.value}"] = float(out.provision[k])
    for k, lvl in enumerate(SCOPES):
        row[f"welfare_{lvl.value}"] = float(out.welfare[k])
    for k, lvl in enumerate(SCOPES):
        row[f"net_welfare_{lvl.value}"] = float(out.welfare[k] - out.decision_cost[k])
    for k, lvl in enumerate(SCOPES):
        row[f"surplus_share_{lvl.value}"] = float(shares[k])
    row.update(_gap_fields(out, out.achieved_provision, out.achieved_welfare, out.achieved_costs,
                           meaningful))
    scope = out.scope
    row["self_enforcing"] = bool(out.self_enforcing[scope])
    row["stable_coalition_size"] = int(out.stable_members.sum())
    row["scope"] = SCOPES[scope].value
    return row


def _meaningful(out) -> bool:
    """Whether cooperation has a surplus to share (beyond rounding)."""
    return bool(out.optimum_welfare - out.welfare[0] > 1e-12 * out.unit * out.contributions.shape[1])


def _gap_fields(out, provision: float, welfare: float, costs: np.ndarray | None, meaningful: bool) -> dict:
    opt_p, opt_w, nash_w = out.optimum_provision, out.optimum_welfare, out.welfare[0]
    fields = {"gap_provision": float(opt_p - provision), "gap_welfare": float(opt_w - welfare),
              "gap_provision_share": float(1.0 - provision / opt_p) if opt_p > 0 else 0.0,
              "gap_surplus_share": float((opt_w - welfare) / (opt_w - nash_w)) if meaningful else 0.0}
    if costs is not None:
        spent = float(np.sum(costs))
        fields["gap_cost_distribution"] = (float(0.5 * np.abs(costs / spent - out.lindahl).sum())
                                           if spent > 0 else 0.0)
    return fields


def _gap(fields: dict) -> GovernanceGap:
    return GovernanceGap(fields["gap_provision"], fields["gap_welfare"], fields["gap_provision_share"],
                         fields["gap_surplus_share"], fields.get("gap_cost_distribution", 0.0))


def options(levers: Levers | dict | None = None, decision_cost: float = DEFAULT_DECISION_COST,
            bargaining_weight: float = 0.5, tol: float = 1e-9,
            exhaustive: int = EXHAUSTIVE_STATES) -> tuple[Levers, float, float, float, int]:
    """The validated options of :func:`predict_governance` (also checked once per sweep)."""
    return (Levers.coerce(levers),
            _checks.real("decision_cost", decision_cost, low=0.0),
            _checks.real("bargaining_weight", bargaining_weight, low=0.0, high=1.0),
            _checks.real("tol", tol, low=0.0, high=1e-3, low_open=True),
            _checks.integer("exhaustive", exhaustive, low=0, high=16))


def compile_scenario(scenario: Scenario, levers: Levers, decision_cost: float, tol: float,
                     exhaustive: int) -> tuple:
    """The game, the compiled records and the options record of a scenario."""
    game = ContributionGame.from_scenario(scenario)
    games = games_of(game, levers)
    opts = options_of(levers, decision_cost=decision_cost, tol=tol, exhaustive=exhaustive,
                      candidates=STABLE_CANDIDATES)
    return game, games, opts


def predict_governance(scenario: Scenario, *, levers: Levers | dict | None = None,
                       decision_cost: float = DEFAULT_DECISION_COST, bargaining_weight: float = 0.5,
                       tol: float = 1e-9, exhaustive: int = EXHAUSTIVE_STATES) -> GovernancePrediction:
    """Solve ``scenario`` under every scope and predict its level of governance.

    ``levers``: a :class:`goodsgov.Levers` (or a dict of its fields) applied
    to every agreement and deal; ``lever_effects`` then shows each lever's
    effect alone. ``decision_cost``: the cost of one agreed pair of states
    in units of the mean status-quo payoff (see the module docstring);
    ``bargaining_weight``: the first state's weight in each deal's Nash
    bargaining; ``tol``: tolerance relative to the payoff scale;
    ``exhaustive``: up to this many states the largest self-enforcing
    agreement is found by checking every coalition.

    >>> import goodsgov as gg
    >>> p = gg.predict_governance(gg.refugee_protection())
    >>> p.level, p.self_enforcing, p.stable_coalition.size
    (<Level.MULTILATERAL: 'multilateral'>, False, 3)
    """
    if not isinstance(scenario, Scenario):
        raise _checks.invalid("scenario", scenario, "must be a goodsgov.Scenario")
    levers, decision_cost, weight, tol, exhaustive = options(levers, decision_cost, bargaining_weight,
                                                             tol, exhaustive)
    game, games, opts = compile_scenario(scenario, levers, decision_cost, tol, exhaustive)
    out = solve(games, scenario.region_labels, opts)
    return _prediction(scenario, game, games, opts, out, levers, decision_cost, weight)


def _prediction(scenario, game, games, opts, out, levers, decision_cost, weight) -> GovernancePrediction:
    row = summary(out)
    names = game.names
    eqs = {}
    for k, lvl in enumerate(SCOPES):
        M = out.deals if lvl is Level.BILATERAL else _kernels.admission_of(out.labels[k])
        eqs[lvl] = AgreementEquilibrium(game, _partition(out.labels[k]), out.contributions[k],
                                        out.payoffs[k], out.welfare[k], funder_outlay=out.outlay[k],
                                        labels=out.labels[k], admitted=M)
    optimum = AgreementEquilibrium(game, (tuple(range(game.n_players)),), out.optimum_contributions,
                                   np.full(game.n_players, np.nan), out.optimum_welfare,
                                   labels=np.zeros(game.n_players, dtype=int))
    level = LEVELS[out.level]
    scope = out.scope
    achieved_M = out.deals if scope == 1 else _kernels.admission_of(out.achieved_labels)
    achieved = AgreementEquilibrium(game, _partition(out.achieved_labels), out.achieved_contributions,
                                    np.full(game.n_players, np.nan), out.achieved_welfare,
                                    labels=out.achieved_labels, admitted=achieved_M)
    scopes = pd.DataFrame({
        "scope": [lvl.value for lvl in SCOPES],
        "n_agreements": [len(eqs[lvl].agreements) if lvl is not Level.BILATERAL else int(out.pairs[1])
                         for lvl in SCOPES],
        "pairs": out.pairs.astype(int),
        "provision": out.provision,
        "welfare": out.welfare,
        "decision_cost": out.decision_cost,
        "net_welfare": out.welfare - out.decision_cost,
        "outlay": out.outlay,
        "surplus_share": [row[f"surplus_share_{lvl.value}"] for lvl in SCOPES],
        "self_enforcing": out.self_enforcing.astype(bool),
        "self_enforcing_open": out.self_enforcing_open.astype(bool),
    })
    meaningful = _meaningful(out)
    stable_names = tuple(names[i] for i in np.flatnonzero(out.stable_members))
    stable = StableCoalition(
        members=stable_names, provision=out.stable_provision, welfare=out.stable_welfare,
        externally_stable=bool(out.stable_external),
        gap=_gap(_gap_fields(out, out.stable_provision, out.stable_welfare, None, meaningful)),
        optimum_share=out.stable_welfare / out.optimum_welfare if out.optimum_welfare > 0 else 1.0,
        exhaustive=bool(out.stable_exact))
    gap = _gap(row)
    return GovernancePrediction(
        level=level, scope=SCOPES[scope], good_type=scenario.good.good_type, scopes=scopes, gap=gap,
        self_enforcing=bool(out.self_enforcing[scope]), stable_coalition=stable,
        club=_clubs(scenario, out), bargain=_deals(game, out, weight),
        states=_states(scenario, out), lever_effects=_lever_effects(scenario, levers, decision_cost, opts, out),
        achieved=achieved, equilibria=eqs, optimum=optimum,
        explanation=_explain(scenario, out, row, decision_cost), scenario=scenario, levers=levers,
        decision_cost=decision_cost, outcome=out)


def _partition(labels: np.ndarray) -> tuple[tuple[int, ...], ...]:
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    return tuple(tuple(int(i) for i in part) for part in np.split(order, cuts))


def _clubs(scenario: Scenario, out) -> Clubs:
    regions = np.array(scenario.region_of)
    names = scenario.names
    rows = []
    formed = out.labels[2]
    for r in np.unique(scenario.region_labels):
        idx = np.flatnonzero(scenario.region_labels == r)
        together = idx.size > 1 and np.all(formed[idx] == formed[idx[0]])
        rows.append({
            "region": str(regions[idx[0]]),
            "members": tuple(names[i] for i in idx),
            "size": int(idx.size),
            "formed": bool(together),
            "provision": float(out.contributions[2][idx].sum()),
            "toll": float(out.costs[2][idx].mean()),
            "self_enforcing": bool(together and out.self_enforcing[2]) if idx.size > 1 else True,
        })
    return Clubs(pd.DataFrame(rows))


def _deals(game, out, weight: float) -> BilateralDeals:
    pairs, gains = out.deal_pairs, out.deal_gains
    names = game.names
    joint = gains.sum(axis=1)
    state_after = weight * joint
    table = pd.DataFrame({
        "state": [names[i] for i in pairs[:, 0]],
        "partner": [names[j] for j in pairs[:, 1]],
        "gain_state": gains[:, 0],
        "gain_partner": gains[:, 1],
        "joint_gain": joint,
        "transfer": state_after - gains[:, 0],
        "state_gain_after_transfer": state_after,
        "partner_gain_after_transfer": joint - state_after,
    })
    return BilateralDeals(table, weight, bool(out.pairwise_stable))


def _states(scenario: Scenario, out) -> pd.DataFrame:
    data = {"region": list(scenario.region_of)}
    for k, lvl in enumerate(SCOPES):
        data[f"contribution_{lvl.value}"] = out.contributions[k]
    for k, lvl in enumerate(SCOPES):
        data[f"payoff_{lvl.value}"] = out.payoffs[k]
    data["contribution_optimum"] = out.optimum_contributions
    data["contribution_achieved"] = out.achieved_contributions
    data["deals"] = out.deals.sum(axis=0) - 1
    data["in_regional_agreement"] = [bool(np.sum(out.labels[2] == out.labels[2][i]) > 1)
                                     for i in range(scenario.n_states)]
    data["in_stable_coalition"] = out.stable_members.astype(bool)
    cost = out.achieved_costs
    data["cost"] = cost
    spent = cost.sum()
    data["cost_share"] = cost / spent if spent > 0 else np.zeros_like(cost)
    data["lindahl_share"] = out.lindahl
    return pd.DataFrame(data, index=pd.Index(scenario.names, name="state"))


_EFFECT_COLUMNS = ["lever", "level", "self_enforcing", "stable_coalition_size", "welfare_achieved",
                   "gap_provision_share", "gap_surplus_share", "outlay"]


def _lever_effects(scenario, levers: Levers, decision_cost, opts, main) -> pd.DataFrame:
    if not levers.active:
        return pd.DataFrame(columns=_EFFECT_COLUMNS)
    variants = [("none", Levers(budget=levers.budget))]
    variants += [(name, levers.only(name)) for name in levers.active]
    if len(levers.active) > 1:
        variants.append(("all", levers))
    rows = []
    for name, lev in variants:
        out = main
        if lev != levers:
            _, games, o = compile_scenario(scenario, lev, decision_cost, opts.tol, opts.exhaustive)
            out = solve(games, scenario.region_labels, o)
        r = summary(out)
        rows.append({"lever": name, "level": r["level"], "self_enforcing": r["self_enforcing"],
                     "stable_coalition_size": r["stable_coalition_size"],
                     "welfare_achieved": float(out.achieved_welfare),
                     "gap_provision_share": r["gap_provision_share"],
                     "gap_surplus_share": r["gap_surplus_share"],
                     "outlay": float(out.outlay[out.scope])})
    return pd.DataFrame(rows, columns=_EFFECT_COLUMNS)


def _explain(scenario: Scenario, out, row: dict, decision_cost: float) -> str:
    good = scenario.good
    level = LEVELS[out.level]
    nash_p, nash_w = out.provision[0], out.welfare[0]
    lines = [
        f"{good.name[:1].upper() + good.name[1:]} is a {good.good_type.label.lower()} "
        f"(excludability {good.excludability:.2f}, rivalry {good.rivalry:.2f}, "
        f"{good.spillover.value} benefit domain) among {scenario.n_states} states.",
        f"Acting alone the states provide {nash_p:.4g} (welfare {nash_w:.4g}); "
        f"the social optimum would provide {out.optimum_provision:.4g} (welfare {out.optimum_welfare:.4g}).",
    ]
    if level is Level.NONE:
        lines.append("No provision is worth its cost even at the optimum: no governance is expected.")
        return " ".join(lines)
    net = ", ".join(f"{lvl.value} {out.welfare[k] - out.decision_cost[k]:.4g}" for k, lvl in enumerate(SCOPES))
    scope = out.scope
    best = SCOPES[scope].value
    lines.append(f"Welfare net of decision costs ({decision_cost:g} of the mean status-quo payoff per "
                 f"agreed pair of states), by scope: {net}; the best is {best}.")
    if SCOPES[scope] is not level:
        lines.append("In that network of deals some states are all linked to each other: each "
                     "counts the others' benefit as in a plurilateral agreement, so the level is "
                     "that of clubs, regional.")
    if scope == 1:
        if out.pairwise_stable:
            lines.append("The deal network is pairwise stable: no pair gains by forming or ending a deal.")
        else:
            lines.append("The deal network is not pairwise stable: some pair would gain by forming or "
                         "ending a deal (the formation dynamic cycled or stopped); its provision is "
                         f"{out.achieved_provision:.4g}, a governance gap of "
                         f"{row['gap_provision_share']:.0%} of optimal provision.")
    elif level is not Level.UNILATERAL:
        if out.self_enforcing[scope]:
            lines.append(f"The {level.value} arrangement is self-enforcing: no member gains by leaving.")
        else:
            lines.append(f"The {level.value} arrangement is not self-enforcing: members gain by leaving; "
                         f"once they have left, provision is {out.achieved_provision:.4g}, a governance gap of "
                         f"{row['gap_provision_share']:.0%} of optimal provision.")
        if out.self_enforcing[scope] and not out.self_enforcing_open[scope]:
            lines.append("It holds only because leavers lose the excludable benefit; if they kept it, "
                         "members would leave.")
    size = int(out.stable_members.sum())
    if size:
        share = out.stable_welfare / out.optimum_welfare if out.optimum_welfare > 0 else 1.0
        lines.append(f"The largest self-enforcing agreement has {size} members and achieves "
                     f"{share:.0%} of optimum welfare.")
    lines.append(f"Costs at the outcome differ from Lindahl (benefit) shares by "
                 f"{row.get('gap_cost_distribution', 0.0):.0%} of the total.")
    return " ".join(lines)
