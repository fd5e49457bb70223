"""predict_governance: output contract, the level principle, the typology,
invariances, counterfactuals, deals and levers."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings

from example_counts import examples
from hypothesis import strategies as st

import goodsgov as gg
from goodsgov import GoodType, Level, Levers, Scenario, State, predict_governance
from goodsgov.governance import RESULT_COLUMNS, SCOPES
from goodsgov.governance.pipeline import summary
from goodsgov.solvers.contribution.records import COST_FORMS

from strategies import fd_scenario, mr_any_scenario

SCOPE_COLUMNS = {"scope", "n_agreements", "pairs", "provision", "welfare", "decision_cost", "net_welfare",
                 "outlay", "surplus_share", "self_enforcing", "self_enforcing_open", "margin",
                 "margin_share"}


def margin(p) -> float:
    """How far the level decision is from a tie, relative to the largest net welfare."""
    net = p.scopes["net_welfare"].to_numpy()
    scale = 1.0 + np.abs(net).max()
    below = net[net < net.max() - 1e-12 * scale]   # scopes whose institutions tie exactly break by rule
    return float((net.max() - below.max()) / scale) if below.size else 1.0


# ------------------------------------------------------------------ output contract
@pytest.fixture(scope="module")
def refugee_prediction():
    return predict_governance(gg.refugee_protection())


def test_prediction_types_and_tables(refugee_prediction):
    p = refugee_prediction
    assert isinstance(p.level, Level) and isinstance(p.good_type, GoodType)
    assert p.good_type is p.scenario.good.good_type
    assert set(p.scopes.columns) == SCOPE_COLUMNS
    assert p.scopes["scope"].tolist() == [lvl.value for lvl in SCOPES]
    assert list(p.states.index) == list(p.scenario.names)
    for lvl in SCOPES:
        assert f"contribution_{lvl.value}" in p.states and f"payoff_{lvl.value}" in p.states
    assert {"deals", "in_stable_coalition", "cost", "cost_share", "lindahl_share"} <= set(p.states)
    assert p.states["in_stable_coalition"].sum() == p.stable_coalition.size
    assert set(summary(p.solution)) == set(RESULT_COLUMNS)
    assert list(summary(p.solution)) == RESULT_COLUMNS


def test_scopes_numbers_trace_to_the_equilibria(refugee_prediction):
    p = refugee_prediction
    for k, lvl in enumerate(SCOPES):
        eq = p.equilibria[lvl]
        assert p.scopes["provision"][k] == pytest.approx(eq.contributions.sum(), rel=1e-12)
        assert p.scopes["welfare"][k] == pytest.approx(eq.welfare, rel=1e-12)
        np.testing.assert_allclose(p.states[f"contribution_{lvl.value}"], eq.contributions)
    assert p.optimum.welfare >= p.scopes["welfare"].max() - 1e-9 * abs(p.optimum.welfare)


def test_level_is_the_scope_with_the_highest_net_welfare(refugee_prediction):
    for p in (refugee_prediction, predict_governance(gg.irregular_migration()),
              predict_governance(gg.skilled_labour())):
        net = dict(zip(p.scopes["scope"], p.scopes["net_welfare"]))
        assert net[p.level.value] == pytest.approx(max(net.values()), rel=1e-12)
        np.testing.assert_allclose(p.scopes["net_welfare"], p.scopes["welfare"] - p.scopes["decision_cost"])
        sol = p.solution.scopes   # member form: each member pays decision_cost times its stake
        member = np.array([[np.sum(sol.labels[k] == sol.labels[k][i]) > 1 for i in range(p.scenario.n_states)]
                           for k in range(len(SCOPES))])
        deals = p.solution.deals.adjacency.sum(axis=1) - 1
        member[1] = deals > 0
        expected = p.decision_cost * p.solution.stake * np.where(np.arange(4)[:, None] == 1, deals, member)
        np.testing.assert_allclose(p.scopes["decision_cost"], expected.sum(axis=1), rtol=1e-12, atol=1e-12)


def test_gap_fields_are_finite_and_consistent(refugee_prediction):
    gap = refugee_prediction.gap
    for v in (gap.provision, gap.welfare, gap.provision_share, gap.surplus_share, gap.cost_distribution):
        assert np.isfinite(v)
    assert 0.0 <= gap.provision_share <= 1.0 and 0.0 <= gap.cost_distribution <= 1.0
    assert gap.surplus_share >= -1e-9
    p = refugee_prediction
    assert p.self_enforcing and p.solution.stable.internally_stable
    assert p.stable_coalition.exhaustive is False


def test_cost_shares_sum_to_one_and_the_distribution_gap_is_half_the_l1_distance(refugee_prediction):
    st_ = refugee_prediction.states
    assert st_["cost_share"].sum() == pytest.approx(1.0)
    assert st_["lindahl_share"].sum() == pytest.approx(1.0)
    expected = 0.5 * np.abs(st_["cost_share"] - st_["lindahl_share"]).sum()
    assert refugee_prediction.gap.cost_distribution == pytest.approx(expected)


def test_explanation_is_generated_from_the_numbers(refugee_prediction):
    text = refugee_prediction.explanation
    p = refugee_prediction
    assert "refugee protection" in text.lower() and f"the best is {p.level.value}" in text
    assert f"{p.stable_coalition.size} members" in text
    depths = sorted({round(float(d), 3) for d in p.institutions.depth})
    assert re.search(r"at depth " + re.escape(f"{depths[0]:g}"), text)


def test_no_worthwhile_provision_predicts_none():
    s = gg.refugee_protection(n_states=6, n_regions=2, benefit=0.0, private_benefit=-0.5)
    p = predict_governance(s)
    assert p.level is Level.NONE
    assert p.optimum.provision == 0.0
    assert "No provision" in p.explanation


def test_decision_cost_is_validated_and_moves_the_level():
    with pytest.raises(gg.ValidationError, match="decision_cost"):
        predict_governance(gg.refugee_protection(), decision_cost=-1.0)
    free = predict_governance(gg.irregular_migration(), decision_cost=0.0)
    assert free.level is not Level.UNILATERAL    # without decision costs some institution pays
    dear = predict_governance(gg.irregular_migration(), decision_cost=100.0)
    assert dear.level is Level.UNILATERAL


# ------------------------------------------------------------------ the typology
TYPOLOGY_CORNERS = {(0.1, 0.1): {Level.MULTILATERAL}, (0.9, 0.1): {Level.REGIONAL},
                    (0.9, 0.9): {Level.UNILATERAL, Level.BILATERAL}}


def _typology_levels(states):
    return {(e, r): predict_governance(Scenario(gg.Good("g", e, r), states)).level
            for (e, r) in TYPOLOGY_CORNERS}


#: Model v3's finding (docs/explanation.md): under participation constraints the public corner is
#: regional on the canonical states (a uniform depth binds harder in a wider, more unequal forum)
#: and the club corner multilateral (exclusion keeps a global club as stable as a regional one,
#: and it also internalises the global share). Reported, not tuned away.
V3_TYPOLOGY = pytest.mark.xfail(strict=False, reason="model v3 finding: the typology corners do not all "
                                "come out under participation constraints (docs/explanation.md)")


@V3_TYPOLOGY
def test_typology_map_corners_on_the_canonical_states():
    """One set of states with regions and partners, the default benefit domain: the public corner
    is multilateral, the club corner regional, the private corner unilateral or bilateral."""
    levels = _typology_levels(gg.refugee_protection().states)
    for corner, allowed in TYPOLOGY_CORNERS.items():
        assert levels[corner] in allowed, (corner, levels[corner])


def random_family(seed: int) -> list:
    """Heterogeneous states: 12-36 states in 3-6 regions of unequal size, lognormal benefits,
    costs and private benefits, random partner pairs (possibly across regions)."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(12, 37))
    k = int(rng.integers(3, 7))
    regions = np.sort(rng.integers(0, k, size=n))
    order = rng.permutation(n)
    partner = {}
    for a in range(0, n - 1, 2):
        partner[order[a]], partner[order[a + 1]] = order[a + 1], order[a]
    return [State(f"X{i}", region=f"G{regions[i]}", benefit=float(rng.lognormal(0.0, 0.5)),
                  cost=float(rng.lognormal(0.0, 0.3)), private_benefit=float(0.1 * rng.lognormal(0.0, 0.5)),
                  partners=(f"X{partner[i]}",) if i in partner else ())
            for i in range(n)]


@V3_TYPOLOGY
@pytest.mark.parametrize("seed", range(10))
def test_typology_map_corners_on_random_heterogeneous_families(seed):
    levels = _typology_levels(random_family(seed))
    for corner, allowed in TYPOLOGY_CORNERS.items():
        assert levels[corner] in allowed, (seed, corner, levels[corner])


@settings(max_examples=examples(1 / 3))
@given(st.integers(0, 10_000))
def test_fully_excludable_fully_rival_good_is_never_multilateral(seed):
    states = random_family(seed)
    for spillover in ("auto", "global", "regional"):
        p = predict_governance(Scenario(gg.Good("private", 1.0, 1.0, spillover=spillover), states))
        assert p.level is not Level.MULTILATERAL


# ------------------------------------------------------------------ invariances
def _scaled(s: Scenario, factor: float) -> Scenario:
    states = [x.replace(benefit=x.benefit * factor, cost=x.cost * factor,
                        private_benefit=x.private_benefit * factor) for x in s.states]
    return s.replace(states=states)


@given(fd_scenario(max_states=7), st.randoms(use_true_random=False))
def test_relabelling_states_permutes_the_prediction(s, rnd):
    order = list(range(s.n_states))
    rnd.shuffle(order)
    p, q = predict_governance(s), predict_governance(s.permuted(order))
    assume(margin(p) > 1e-6)
    assert q.level is p.level and q.good_type is p.good_type
    assert q.stable_coalition.size == p.stable_coalition.size
    scale = 1.0 + np.abs(p.scopes["welfare"].to_numpy()).max()
    np.testing.assert_allclose(q.scopes["welfare"], p.scopes["welfare"], rtol=1e-9, atol=1e-9 * scale)
    for lvl in (Level.UNILATERAL, Level.REGIONAL, Level.MULTILATERAL):
        np.testing.assert_allclose(q.equilibria[lvl].contributions,
                                   p.equilibria[lvl].contributions[order], rtol=1e-9, atol=1e-12)


@given(fd_scenario(max_states=7), st.integers(-6, 6))
def test_scaling_benefits_and_costs_keeps_the_level_and_scales_welfare(s, power):
    factor = 10.0 ** power
    p, q = predict_governance(s), predict_governance(_scaled(s, factor))
    assume(margin(p) > 1e-6)
    assert q.level is p.level
    assert q.stable_coalition.size == p.stable_coalition.size
    assert q.self_enforcing == p.self_enforcing
    scale = 1.0 + np.abs(p.scopes["welfare"].to_numpy()).max()
    np.testing.assert_allclose(q.scopes["welfare"], factor * p.scopes["welfare"], rtol=1e-8,
                               atol=1e-9 * factor * scale)
    np.testing.assert_allclose(q.scopes["provision"], p.scopes["provision"], rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("build", [gg.refugee_protection, gg.irregular_migration, gg.skilled_labour])
@pytest.mark.parametrize("factor", [1e-12, 0.05, 250.0, 1e12])
def test_scaling_canonical_scenarios_keeps_the_level(build, factor):
    s = build()
    p, q = predict_governance(s), predict_governance(_scaled(s, factor))
    assert q.level is p.level
    assert q.stable_coalition.size == p.stable_coalition.size
    assert q.gap.provision_share == pytest.approx(p.gap.provision_share, rel=1e-9)
    assert q.optimum.welfare == pytest.approx(factor * p.optimum.welfare, rel=1e-9)


# ------------------------------------------------------------------ counterfactuals
def test_refugee_protection_confined_to_its_region_is_not_multilateral():
    p = predict_governance(gg.refugee_protection(spillover="regional"))
    assert p.level is not Level.MULTILATERAL


def test_non_rival_skilled_labour_with_global_spillovers_is_multilateral():
    assert predict_governance(gg.skilled_labour()).level in (Level.UNILATERAL, Level.BILATERAL)
    p = predict_governance(gg.skilled_labour(rivalry=0.0, spillover="global"))
    assert p.level is Level.MULTILATERAL


@V3_TYPOLOGY
def test_non_excludable_irregular_migration_with_global_spillovers_is_multilateral():
    p = predict_governance(gg.irregular_migration(excludability=0.0, spillover="global"))
    assert p.level is Level.MULTILATERAL


def test_a_lookup_from_good_type_to_level_fails():
    """The same good type receives different levels when only the externalities change, so a
    lookup table ``GoodType -> Level`` (Table 1 read as a rule) cannot pass these cases."""
    lookup = {GoodType.PUBLIC: Level.MULTILATERAL, GoodType.CLUB: Level.REGIONAL,
              GoodType.PRIVATE: Level.UNILATERAL}
    cases = [
        (gg.refugee_protection(spillover="regional"), Level.REGIONAL),
        (gg.refugee_protection(private_benefit=50.0), Level.UNILATERAL),
        (gg.irregular_migration(spillover="global"), Level.MULTILATERAL),
    ]
    failures = 0
    for s, expected in cases:
        p = predict_governance(s)
        assert p.level is expected, (s.good, p.level)
        failures += lookup[p.good_type] is not expected
    assert failures == len(cases)


# ------------------------------------------------------------------ deals
def test_a_hub_with_several_partners_gets_several_deals():
    """The hub's partners each gain a lot from the hub's provision under a bilateral domain:
    each pair's own gain pays, so the hub holds a deal with every partner (a planner's
    one-deal-per-state matching would give it one)."""
    states = [State("HUB", "r", benefit=0.2, partners=("A", "B", "C", "D"))] + \
             [State(x, "r", benefit=1.0, partners=("HUB",)) for x in "ABCD"]
    p = predict_governance(Scenario(gg.Good("labour", 0.95, 0.0, spillover="bilateral"), states),
                           decision_cost=0.05, levers=Levers(transfers=True))   # the hub is paid to deal
    deals = p.bargain.table
    hub_deals = deals[(deals["state"] == "HUB") | (deals["partner"] == "HUB")]
    assert len(hub_deals) >= 3
    assert p.states.loc["HUB", "deals"] == len(hub_deals)
    assert p.bargain.pairwise_stable


def test_every_deal_gains_for_both_after_the_nash_split():
    p = predict_governance(gg.irregular_migration())
    deals = p.bargain.table
    assert len(deals) > 0
    assert (deals["joint_gain"] > 0).all()
    assert (deals["state_gain_after_transfer"] >= 0).all() and (deals["partner_gain_after_transfer"] >= 0).all()
    np.testing.assert_allclose(deals["state_gain_after_transfer"] + deals["partner_gain_after_transfer"],
                               deals["joint_gain"])
    np.testing.assert_allclose(deals["state_gain_after_transfer"] - deals["gain_state"], deals["transfer"])


# ------------------------------------------------------------------ levers
def test_no_lever_raises_welfare_above_the_unfunded_optimum():
    for build in (gg.refugee_protection, gg.irregular_migration, gg.skilled_labour):
        s = build()
        optimum = predict_governance(s).optimum.welfare
        for lev in (Levers(funding=0.5), Levers(side_payment=10.0), Levers(transfers=True),
                    Levers(funding=0.9, side_payment=3.0)):
            p = predict_governance(s, levers=lev)
            assert p.scopes["welfare"].max() <= optimum * (1 + 1e-9), (build.__name__, lev)
            assert p.optimum.welfare == pytest.approx(optimum)


def test_a_donor_pays_its_outlay_within_its_budget():
    s = gg.refugee_protection()
    p = predict_governance(s, levers=Levers(funding=0.5, side_payment=1.0, budget=25.0))
    assert (p.scopes["outlay"] <= 25.0 + 1e-9).all()
    assert (p.scopes["outlay"] > 0).any()
    unlimited = predict_governance(s, levers=Levers(funding=0.5))
    assert unlimited.scopes["outlay"].max() > 25.0


def test_side_payments_and_transfers_widen_the_stable_agreement():
    s = gg.irregular_migration()
    base = predict_governance(s)
    for lev in (Levers(side_payment=5.0), Levers(transfers=True)):
        p = predict_governance(s, levers=lev)
        assert p.stable_coalition.size >= base.stable_coalition.size
    moved = predict_governance(s, levers=Levers(transfers=True))
    assert moved.stable_coalition.size > base.stable_coalition.size
    assert moved.optimum.welfare == pytest.approx(base.optimum.welfare)   # transfers create nothing


def test_funding_and_linkage_can_move_the_level():
    """Theory says both can: donor funding makes deals pay (regions and deals "from beyond",
    Lavenex et al.); linking an issue to another shares one institution's decision costs."""
    s = gg.skilled_labour()
    base = predict_governance(s).level
    funded = predict_governance(s, levers=Levers(funding=0.3)).level
    linked = predict_governance(s, levers=Levers(linkage=gg.irregular_migration())).level
    assert funded is not base and linked is not base
    effects = predict_governance(s, levers=Levers(funding=0.3, linkage=gg.irregular_migration())).lever_effects
    assert effects["lever"].tolist() == ["none", "funding", "linkage", "all"]
    assert effects["level"].tolist()[0] == base.value


def test_linkage_needs_the_same_states():
    with pytest.raises(gg.ValidationError, match="linkage"):
        predict_governance(gg.skilled_labour(), levers=Levers(linkage=gg.irregular_migration(n_states=10)))
    with pytest.raises(gg.ValidationError, match="linkage"):
        Levers(linkage="trade")


def test_exclusion_is_one_convention_reported_beside_the_open_rule():
    """Irregular migration's clubs hold because leavers lose the excludable benefit; under the
    conventional rule (the leaver keeps it) they would not."""
    p = predict_governance(gg.irregular_migration())
    regional = p.scopes.set_index("scope").loc["regional"]
    assert regional["self_enforcing"] and not regional["self_enforcing_open"]
    assert "leavers lose the excludable benefit" in p.explanation


def test_tables_are_dataframes_with_named_columns():
    p = predict_governance(gg.irregular_migration())
    assert isinstance(p.club.table, pd.DataFrame)
    assert list(p.club.table.columns) == ["region", "members", "size", "region_size", "formed", "depth",
                                          "provision", "toll", "self_enforcing"]
    assert (p.club.table["size"] <= p.club.table["region_size"]).all()


def test_extreme_magnitudes_raise_instead_of_returning_inf():
    """Validation bounds every input (|x| <= 1e100); the pipeline still refuses a result beyond
    floating point (here a record built past those bounds) instead of returning inf."""
    from goodsgov.governance.pipeline import solve, solve_summary
    from goodsgov.solvers.agreements import options_of
    from goodsgov.solvers.contribution.records import Game
    n = 4
    one = np.ones((n, n))
    record = Game(np.full(n, 1e200), np.full(n, 1e-200), np.zeros(n), np.full(n, np.inf),
                  one, one, one, 0.1, 0.1, np.full(n, 1e300))
    for run in (solve, solve_summary):   # a prediction's path and a sweep point's
        with pytest.raises(gg.errors.SolverError, match="too extreme"):
            run((record,), np.zeros(n, dtype=np.int64), options_of())
    p = predict_governance(gg.refugee_protection(benefit=1e-90, cost=1e-90, private_benefit=1e-91))
    q = predict_governance(gg.refugee_protection(benefit=1.0, cost=1.0, private_benefit=0.1))
    assert p.level is q.level and p.stable_coalition.size == q.stable_coalition.size


def _summary_reference(out) -> dict:
    """The row of a solution recomputed with numpy from the definitions in
    goodsgov.governance.pipeline (an independent reference for the compiled row)."""
    from goodsgov.governance.scopes import LEVELS, SCOPES, UNILATERAL
    sc, opt = out.scopes, out.optimum
    nash = sc.welfare[UNILATERAL]
    pays = opt.welfare - nash > 1e-12 * out.unit * sc.contributions.shape[1]
    shares = (sc.welfare - nash) / (opt.welfare - nash) if pays else np.ones(len(SCOPES))
    net = sc.welfare - sc.decision_cost
    rivals = [s for s in range(len(SCOPES)) if s != out.scope and (s == UNILATERAL or sc.pairs[s] > 0)
              and not (np.array_equal(sc.contributions[s], sc.contributions[out.scope])
                       and np.array_equal(sc.member_costs[s], sc.member_costs[out.scope]))]
    lead = share = np.inf
    if rivals:
        runner = max(rivals, key=lambda s: net[s])
        lead = net[out.scope] - net[runner]
        share = lead / abs(net[out.scope]) if net[out.scope] != 0 else np.inf
    a = out.achieved
    spent = np.sum(a.costs)
    row = {"level": LEVELS[out.level].value, "scope": SCOPES[out.scope].value,
           "self_enforcing": bool(sc.self_enforcing[out.scope]),
           "stable_coalition_size": int(out.stable.members.sum()),
           "gap_provision": opt.provision - a.provision, "gap_welfare": opt.welfare - a.welfare,
           "gap_provision_share": 1 - a.provision / opt.provision if opt.provision > 0 else 0.0,
           "gap_surplus_share": (opt.welfare - a.welfare) / (opt.welfare - nash) if pays else 0.0,
           "gap_cost_distribution": 0.5 * np.abs(a.costs / spent - opt.lindahl).sum() if spent > 0 else 0.0,
           "margin": lead, "margin_share": share}
    for k, lvl in enumerate(SCOPES):
        row.update({f"provision_{lvl.value}": sc.provision[k], f"welfare_{lvl.value}": sc.welfare[k],
                    f"net_welfare_{lvl.value}": net[k], f"surplus_share_{lvl.value}": shares[k]})
    return row


@settings(max_examples=examples(25), deadline=None)
@given(s=mr_any_scenario(min_n=3, max_n=10), kappa=st.floats(0.0, 0.6), form=st.sampled_from(COST_FORMS))
def test_the_compiled_row_is_the_summary_recomputed_with_numpy(s, kappa, form):
    """Every column of a solution's row (levels, scopes, shares, gaps, margins) against
    numpy's reading of the same solution; and a sweep point's one-call row
    (``solve_summary``) is the prediction's row to the last bit."""
    from goodsgov.governance import pipeline, rows
    assert rows.N_VALUES == len(pipeline.RESULT_COLUMNS)
    opts = pipeline.options(decision_cost=kappa, decision_cost_form=form)
    games = pipeline.records(s, opts.levers)
    out = pipeline.solve(games, s.region_labels, opts.record)
    row = pipeline.summary(out)
    assert list(row) == pipeline.RESULT_COLUMNS
    for column, expected in _summary_reference(out).items():
        if isinstance(expected, (str, bool, int)):
            assert row[column] == expected, column
        else:
            assert row[column] == pytest.approx(float(expected), rel=1e-12, abs=1e-12), column
    assert pipeline.solve_summary(games, s.region_labels, opts.record) == row


# ------------------------------------------------------------------ the typology map
class TypologyMapReport(UserWarning):
    """Carries the share of each quadrant of the typology map at its Table 1 level."""


@pytest.mark.parametrize("family", ["canonical", 0, 1])
def test_typology_map_quadrants(family, record_property):
    """Over one set of states, the share of each quadrant of the excludability x rivalry square
    (an 11 x 11 grid) at its Table 1 level, printed and reported; the targets are 90 % of the
    public quadrant multilateral and 70 % of the club quadrant regional and of the private
    quadrant unilateral or bilateral (below them: an expected failure naming the shares, a
    finding of the model, docs/explanation.md)."""
    states = gg.refugee_protection().states if family == "canonical" else random_family(family)
    axis = np.round(np.linspace(0.0, 1.0, 11), 2)
    df = gg.sweep(Scenario(gg.Good("g", 0.5, 0.5), states), {"excludability": axis, "rivalry": axis},
                  progress=False)
    quadrants = {"public": ((df.excludability < 0.5) & (df.rivalry < 0.5), {"multilateral"}, 0.9),
                 "club": ((df.excludability >= 0.5) & (df.rivalry < 0.5), {"regional"}, 0.7),
                 "private": ((df.excludability >= 0.5) & (df.rivalry >= 0.5), {"unilateral", "bilateral"}, 0.7)}
    shares = {k: float(df[m].level.isin(want).mean()) for k, (m, want, _) in quadrants.items()}
    message = f"typology map ({family}): " + ", ".join(f"{k} {v:.0%}" for k, v in shares.items())
    record_property("quadrant_shares", shares)
    print(message)
    warnings.warn(message, TypologyMapReport)
    if any(shares[k] < target for k, (_, _, target) in quadrants.items()):
        pytest.xfail(message + " (targets 90/70/70 %; model v3 finding, docs/explanation.md)")
