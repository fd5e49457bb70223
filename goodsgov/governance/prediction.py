"""The prediction: every scope solved, the level, and what a researcher reads off it.

See :mod:`goodsgov.governance` for the model and the level rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import _checks
from ..goods import GoodType
from ..levers import Levers
from ..models.bargaining import nash_splits
from ..scenario import Scenario
from ..solvers.agreements import EXHAUSTIVE_STATES, AgreementEquilibrium, partition_of
from ..games.contribution import ContributionGame
from ..solvers.contribution.provision import admission_of
from . import pipeline
from .explain import explain
from .kernel import Solution
from .pipeline import (DEFAULT_BARGAINING_WEIGHT, DEFAULT_COST_FORM, DEFAULT_DEAL_SEARCH, DEFAULT_DECISION_COST,
                       PredictionOptions)
from .scopes import BILATERAL, LEVELS, REGIONAL, SCOPES, UNILATERAL, Level

__all__ = ["GovernanceGap", "GovernancePrediction", "StableCoalition", "Clubs", "BilateralDeals",
           "predict_governance", "institutions", "INSTITUTION_COLUMNS"]


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
    ``size`` (members), ``region_size``, ``formed`` (a treaty of two or more
    members holds), its ``depth``, ``provision``,
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
    ``weight`` (:func:`goodsgov.models.nash_bargaining` of each deal, the
    disagreement point being the network without it). ``pairwise_stable``:
    the network credited is pairwise stable; ``reached``: the deal dynamic
    settled by itself; ``stable_exists``: whether a pairwise-stable network
    exists (``None``: unknown, too many states to enumerate); ``enumerated``:
    every network was checked; ``n_stable``: how many were pairwise stable
    (``None`` if not enumerated); ``by_paths``: a random improving path
    (``deal_search="paths"``) found the network credited; ``blocking``: the pairs of states that
    would change their deal in the network the dynamic reached (empty when
    it settled; a pair whose deal the dynamic ended and that would form it
    again is one, since the dynamic bars ended deals so that it ends).
    ``clubs``: groups of three or more states
    all linked to each other (maximal cliques; Bron & Kerbosch 1973) —
    reported, not relabelled: the level of a deal network is bilateral.

    >>> import goodsgov as gg
    >>> p = gg.predict_governance(gg.skilled_labour(n_states=6, n_regions=2))
    >>> p.bargain.clubs, p.bargain.stable_exists
    ((), True)
    """

    table: pd.DataFrame = field(repr=False)
    weight: float = 0.5
    pairwise_stable: bool = True
    reached: bool = True
    stable_exists: bool | None = True
    enumerated: bool = False
    n_stable: int | None = None
    blocking: tuple[tuple[str, str], ...] = ()
    by_paths: bool = False

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
    institution it is (its row of ``scopes``; ``UNILATERAL`` for ``NONE``);
    ``good_type``: the good's cell of the typology; ``scopes``: one row per
    scope, each credited with the institution that survives its own
    participation constraints (``provision``, ``welfare`` net of any donor's
    outlay, ``decision_cost``, ``net_welfare``, ``surplus_share``,
    ``self_enforcing`` — internally and externally stable, or pairwise
    stable — and ``self_enforcing_open`` — internally stable if leavers kept
    the excludable benefit —, ...); ``gap``: the :class:`GovernanceGap` of
    the predicted institution (``achieved``); ``self_enforcing``: whether
    the institution at the predicted level is sustainable; ``institutions``:
    one row per predicted institution (``scope``, ``members``,
    ``n_members``, ``depth``, ``provision``, ``decision_cost``,
    ``self_enforcing``); ``margin`` and ``margin_share``: the predicted
    scope's lead over the next best (also the ``margin`` columns of
    ``scopes``, zero in the other rows);
    ``stable_coalition``; ``club``; ``bargain``; ``states``: one row per
    state (on UN member states, the country's ``name`` first); ``lever_effects``: each lever's effect alone; ``equilibria``:
    the solved equilibrium per scope and ``optimum``; ``explanation``:
    plain language from the numbers; the inputs ``scenario``, ``levers``,
    ``decision_cost``, ``decision_cost_form``, ``bargaining_weight``, ``deal_search``,
    ``random_state``; ``solution``: the solver's record
    (:class:`goodsgov.governance.kernel.Solution`).
    """

    level: Level
    scope: Level
    good_type: GoodType
    scopes: pd.DataFrame = field(repr=False)
    gap: GovernanceGap
    self_enforcing: bool
    institutions: pd.DataFrame = field(repr=False)
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
    decision_cost_form: str = DEFAULT_COST_FORM
    bargaining_weight: float = DEFAULT_BARGAINING_WEIGHT
    deal_search: str = DEFAULT_DEAL_SEARCH
    random_state: int = 0
    solution: Solution | None = field(default=None, repr=False)

    @property
    def margin(self) -> float:
        """The predicted scope's lead in net welfare over the next best scope
        (``inf`` without an alternative; see :func:`goodsgov.governance.pipeline.margin`)."""
        return float(self.scopes["margin"].max())

    @property
    def margin_share(self) -> float:
        """:attr:`margin` as a share of the predicted scope's net welfare; below
        :data:`~goodsgov.governance.pipeline.NEAR_TIE` the level is a near-tie."""
        return float(self.scopes["margin_share"].max())

    @property
    def surplus(self) -> float:
        """Cooperative surplus: optimum welfare minus Nash welfare."""
        return self.optimum.welfare - self.equilibria[Level.UNILATERAL].welfare


def predict_governance(scenario: Scenario, *, levers: Levers | dict | None = None,
                       decision_cost: float = DEFAULT_DECISION_COST,
                       decision_cost_form: str = DEFAULT_COST_FORM,
                       bargaining_weight: float = DEFAULT_BARGAINING_WEIGHT,
                       tol: float = 1e-9, exhaustive: int = EXHAUSTIVE_STATES,
                       deal_search: str = DEFAULT_DEAL_SEARCH,
                       random_state: int = 0) -> GovernancePrediction:
    """Solve ``scenario`` under every scope and predict its level of governance.

    ``levers``: a :class:`goodsgov.Levers` (or a dict of its fields) applied
    to every agreement and deal; ``lever_effects`` then shows each lever's
    effect alone. ``decision_cost``: what taking part in an agreement costs a
    member, as a share of its own status-quo provision cost, in the
    ``decision_cost_form`` ``"member"`` (per member), ``"pair"`` (per agreed
    pair) or ``"institution"`` (per member plus a fixed cost per institution;
    see :mod:`goodsgov.governance`);
    ``bargaining_weight``: the first state's weight in each deal's Nash
    bargaining; ``tol``: tolerance relative to the payoff scale;
    ``exhaustive``: up to this many states the largest self-enforcing
    agreement is found by checking every coalition. ``deal_search``: when the
    deal dynamic does not settle on more than six states, ``"dynamic"``
    credits no deal and ``"paths"`` follows a random improving path from the
    network it reached (Jackson & Watts 2002), seeded with ``random_state``,
    crediting the network it ends at if that is pairwise stable.

    >>> import goodsgov as gg
    >>> p = gg.predict_governance(gg.refugee_protection())
    >>> p.level, p.self_enforcing
    (<Level.REGIONAL: 'regional'>, True)
    >>> p.institutions[["n_members", "depth"]].round(3).values.tolist()[0]
    [6.0, 0.456]
    """
    if not isinstance(scenario, Scenario):
        raise _checks.invalid("scenario", scenario, "must be a goodsgov.Scenario")
    opts = pipeline.options(levers, decision_cost, decision_cost_form, bargaining_weight, tol, exhaustive,
                            deal_search, random_state)
    game = ContributionGame.from_scenario(scenario)
    out = pipeline.solve_scenario(scenario, opts, record=game.record)
    return _prediction(scenario, game, opts, out)


def _gap(fields: dict) -> GovernanceGap:
    return GovernanceGap(fields["gap_provision"], fields["gap_welfare"], fields["gap_provision_share"],
                         fields["gap_surplus_share"], fields.get("gap_cost_distribution", 0.0))


def _admission(out: Solution, scope: int, labels: np.ndarray) -> np.ndarray:
    """Who is admitted to whose provision: the deal network, or the agreements of ``labels``."""
    return out.deals.adjacency if scope == BILATERAL else admission_of(labels)


def _prediction(scenario: Scenario, game: ContributionGame, opts: PredictionOptions,
                out: Solution) -> GovernancePrediction:
    row = pipeline.summary(out)
    sc = out.scopes
    n = game.n_players
    eqs = {lvl: AgreementEquilibrium(game, partition_of(sc.labels[k]), sc.contributions[k], sc.payoffs[k],
                                     sc.welfare[k], funder_outlay=sc.outlay[k], labels=sc.labels[k],
                                     admitted=_admission(out, k, sc.labels[k]))
           for k, lvl in enumerate(SCOPES)}
    optimum = AgreementEquilibrium(game, (tuple(range(n)),), out.optimum.contributions,
                                   out.optimum.payoffs, out.optimum.welfare, labels=np.zeros(n, dtype=int))
    achieved = AgreementEquilibrium(game, partition_of(out.achieved.labels), out.achieved.contributions,
                                    sc.payoffs[out.scope], out.achieved.welfare, labels=out.achieved.labels,
                                    admitted=_admission(out, out.scope, out.achieved.labels))
    scopes = pd.DataFrame({
        "scope": [lvl.value for lvl in SCOPES],
        "n_agreements": [int(sc.pairs[k]) if k == BILATERAL else len(eqs[lvl].agreements)
                         for k, lvl in enumerate(SCOPES)],
        "pairs": sc.pairs.astype(int),
        "provision": sc.provision,
        "welfare": sc.welfare,
        "decision_cost": sc.decision_cost,
        "net_welfare": sc.welfare - sc.decision_cost,
        "outlay": sc.outlay,
        "surplus_share": pipeline.surplus_shares(out),
        "self_enforcing": sc.self_enforcing.astype(bool),
        "self_enforcing_open": sc.self_enforcing_open.astype(bool),
        "margin": [row["margin"] if k == out.scope else 0.0 for k in range(len(SCOPES))],
        "margin_share": [row["margin_share"] if k == out.scope else 0.0 for k in range(len(SCOPES))],
    })
    stable = out.stable
    stable_coalition = StableCoalition(
        members=tuple(game.names[i] for i in np.flatnonzero(stable.members)), provision=stable.provision,
        welfare=stable.welfare, externally_stable=bool(stable.externally_stable),
        gap=_gap(pipeline.gap_fields(out, stable.provision, stable.welfare, None)),
        optimum_share=stable.welfare / out.optimum.welfare if out.optimum.welfare > 0 else 1.0,
        exhaustive=bool(stable.exhaustive))
    return GovernancePrediction(
        level=LEVELS[out.level], scope=SCOPES[out.scope], good_type=scenario.good.good_type,
        scopes=scopes, gap=_gap(row), self_enforcing=bool(sc.self_enforcing[out.scope]),
        stable_coalition=stable_coalition, club=_clubs(scenario, out),
        bargain=_deals(game, out, opts.bargaining_weight), states=_states(scenario, out),
        lever_effects=_lever_effects(scenario, game.record, opts, out), achieved=achieved, equilibria=eqs,
        optimum=optimum, explanation=explain(scenario, out, row, opts.decision_cost, opts.decision_cost_form),
        scenario=scenario, levers=opts.levers, decision_cost=opts.decision_cost,
        decision_cost_form=opts.decision_cost_form, bargaining_weight=opts.bargaining_weight,
        deal_search=opts.deal_search, random_state=opts.random_state,
        institutions=institutions(game.names, out, out.scope),
        solution=out)


def _clubs(scenario: Scenario, out: Solution) -> Clubs:
    regions = np.array(scenario.region_of)
    names = scenario.names
    sc = out.scopes
    labels, depth = sc.labels[REGIONAL], sc.depth[REGIONAL]
    sizes = np.bincount(labels)
    rows = []
    for r in np.unique(scenario.region_labels):
        idx = np.flatnonzero(scenario.region_labels == r)
        members = idx[sizes[labels[idx]] > 1]
        rows.append({
            "region": str(regions[idx[0]]),
            "members": tuple(names[i] for i in members),
            "size": int(members.size),
            "region_size": int(idx.size),
            "formed": bool(members.size > 1),
            "depth": float(depth[members[0]]) if members.size else 0.0,
            "provision": float(sc.contributions[REGIONAL][members].sum()),
            "toll": float(sc.costs[REGIONAL][members].mean()) if members.size else 0.0,
            "self_enforcing": bool(sc.self_enforcing[REGIONAL]),
        })
    return Clubs(pd.DataFrame(rows))


def _deals(game, out: Solution, weight: float) -> BilateralDeals:
    pairs, gains = out.deals.pairs, out.deals.gains
    names = game.names
    joint = gains.sum(axis=1)
    # each deal's terms: the generalised Nash solution (gg.models.nash_splits) over the
    # pair's joint gain, the disagreement point each one's payoff without the deal;
    # no transfer where the joint gain is negative (no terms are individually rational)
    u1, _, agreed = nash_splits(joint, 0.0, weight)
    state_after = np.where(agreed, u1, gains[:, 0])
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
    b = out.bargain
    return BilateralDeals(table, weight, bool(out.deals.pairwise_stable), reached=bool(b.reached),
                          stable_exists=None if b.stable_exists < 0 else bool(b.stable_exists),
                          enumerated=bool(b.enumerated), n_stable=int(b.n_stable) if b.enumerated else None,
                          blocking=tuple((names[i], names[j]) for i, j in b.blocking),
                          by_paths=bool(b.by_paths))


INSTITUTION_COLUMNS = ["scope", "members", "n_members", "depth", "provision", "decision_cost", "self_enforcing"]


def institutions(names, out: Solution, scope: int) -> pd.DataFrame:
    """One row per institution of a scope's arrangement in ``out``: a deal
    (bilateral) or an agreement of two or more states (see
    :data:`INSTITUTION_COLUMNS`); none for the status quo."""
    sc = out.scopes
    g, paid = sc.contributions[scope], sc.member_costs[scope]
    rows = []
    if scope == BILATERAL:
        for (i, j) in out.deals.pairs:
            rows.append({"members": (names[i], names[j]), "depth": 1.0, "idx": [i, j]})
    elif scope != UNILATERAL:
        labels = sc.labels[scope]
        for lab in np.unique(labels):
            idx = np.flatnonzero(labels == lab)
            if idx.size > 1:
                rows.append({"members": tuple(names[i] for i in idx), "depth": float(sc.depth[scope][idx[0]]),
                             "idx": idx})
    for r in rows:
        idx = r.pop("idx")
        r.update(scope=SCOPES[scope].value, n_members=len(idx), provision=float(g[idx].sum()),
                 decision_cost=(float(paid[idx].sum()) if scope != BILATERAL else
                                float(sum(paid[i] / max(out.deals.adjacency[i].sum() - 1, 1) for i in idx))),
                 self_enforcing=bool(sc.self_enforcing[scope]))
    table = pd.DataFrame(rows, columns=INSTITUTION_COLUMNS)
    return table.sort_values(["n_members", "provision"], ascending=False, ignore_index=True)


def _states(scenario: Scenario, out: Solution) -> pd.DataFrame:
    sc = out.scopes
    data = {"region": list(scenario.region_of)}
    for k, lvl in enumerate(SCOPES):
        data[f"contribution_{lvl.value}"] = sc.contributions[k]
    for k, lvl in enumerate(SCOPES):
        data[f"payoff_{lvl.value}"] = sc.payoffs[k]
    data["contribution_optimum"] = out.optimum.contributions
    data["contribution_achieved"] = out.achieved.contributions
    data["deals"] = out.deals.adjacency.sum(axis=0) - 1
    regional = sc.labels[REGIONAL]
    data["in_regional_agreement"] = [bool(np.sum(regional == regional[i]) > 1)
                                     for i in range(scenario.n_states)]
    data["in_stable_coalition"] = out.stable.members.astype(bool)
    cost = out.achieved.costs
    data["cost"] = cost
    spent = cost.sum()
    data["cost_share"] = cost / spent if spent > 0 else np.zeros_like(cost)
    hosting = np.array([st.hosting for st in scenario.states])
    if hosting.any():      # the people each state hosts, beside what it pays
        data["hosting"] = hosting
    data["lindahl_share"] = out.optimum.lindahl
    table = pd.DataFrame(data, index=pd.Index(scenario.names, name="state"))
    from ..names import all_members, with_names
    if all_members(scenario.names):   # on the world's states: each country's name first
        table = with_names(table)
    return table


_EFFECT_COLUMNS = ["lever", "level", "self_enforcing", "stable_coalition_size", "welfare_achieved",
                   "gap_provision_share", "gap_surplus_share", "outlay"]


def _lever_effects(scenario: Scenario, main_record, opts: PredictionOptions,
                   main: Solution) -> pd.DataFrame:
    levers = opts.levers
    if not levers.active:
        return pd.DataFrame(columns=_EFFECT_COLUMNS)
    variants = [("none", Levers(budget=levers.budget))]
    variants += [(name, levers.only(name)) for name in levers.active]
    if len(levers.active) > 1:
        variants.append(("all", levers))
    rows = []
    for name, lev in variants:
        out = main if lev == levers else pipeline.solve_scenario(scenario, opts._replace(levers=lev),
                                                                 record=main_record)
        r = pipeline.summary(out)
        rows.append({"lever": name, "level": r["level"], "self_enforcing": r["self_enforcing"],
                     "stable_coalition_size": r["stable_coalition_size"],
                     "welfare_achieved": float(out.achieved.welfare),
                     "gap_provision_share": r["gap_provision_share"],
                     "gap_surplus_share": r["gap_surplus_share"],
                     "outlay": float(out.scopes.outlay[out.scope])})
    return pd.DataFrame(rows, columns=_EFFECT_COLUMNS)
