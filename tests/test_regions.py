"""Regions from above, below and beyond (goodsgov.regions): each force a lever with honest accounting.

References are computed independently where the model allows: the funder's
gain from the contributions and the benefit domain, the outlay from the
members' provision costs, world welfare from gg.evaluate of the funded
treaty, the forums' institutions against gg.predict_governance.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import goodsgov as gg
from goodsgov import regions as R
from goodsgov.errors import ValidationError

AIMS = ("security", "economy", "rights")


# ----------------------------------------------------------------------------- helpers
def transit_scenario(funder_benefit=6.0, transit=(0.5, 0.5, 0.5, 0.5), others=(1.0,), e=0.5, r=0.1,
                     reach=None, private=0.0):
    states = [gg.State("F", "Beyond", benefit=funder_benefit, private_benefit=private)]
    states += [gg.State(f"T{k}", "Transit", benefit=b, private_benefit=private) for k, b in enumerate(transit)]
    states += [gg.State(f"O{k}", "Elsewhere", benefit=b, private_benefit=private) for k, b in enumerate(others)]
    return gg.Scenario(gg.Good("control", excludability=e, rivalry=r), states, reach=reach)


def aimed(n=6, n_regions=2, private=0.0):
    """Stylised states with aims and priorities (illustrative numbers)."""
    states = []
    for i in range(n):
        states.append(gg.State.from_aims(
            f"S{i + 1}", aims={"security": 1.0, "economy": 0.5, "rights": 0.25 + 0.1 * i},
            priorities={"security": 0.5, "economy": 0.3, "rights": 0.2},
            region=f"R{i * n_regions // n + 1}", private_benefit=private))
    return states


# ----------------------------------------------------------------------------- from above
@pytest.mark.parametrize("area", [gg.refugee_protection, gg.irregular_migration])
def test_the_scenarios_regions_reproduce_the_prediction(area):
    sc = area(n_states=8, n_regions=2)
    p = gg.predict_governance(sc)
    out = R.from_above(sc)
    row = out.table.iloc[0]
    assert row["level"] == p.level.value
    reg = p.scopes.set_index("scope").loc["regional"]
    assert row["provision_regional"] == pytest.approx(reg["provision"], rel=1e-12)
    assert row["net_welfare_regional"] == pytest.approx(reg["net_welfare"], rel=1e-12)
    predicted = p.club.table.query("formed")
    assert sorted(out.institutions["members"]) == sorted(predicted["members"])
    assert sorted(out.institutions["depth"]) == pytest.approx(sorted(predicted["depth"]))


def test_no_forum_leaves_every_state_alone_in_the_regional_scope():
    sc = gg.refugee_protection(n_states=6, n_regions=2)
    out = R.from_above(sc, {"none": "alone"})
    p = gg.predict_governance(sc)
    row = out.table.iloc[0]
    assert out.institutions.empty and row["n_forums"] == 0
    assert row["provision_regional"] == pytest.approx(p.scopes.provision[0])   # the status quo
    assert row["level"] != "regional"


@settings(max_examples=25)
@given(st.lists(st.integers(0, 2), min_size=7, max_size=7), st.sampled_from([0.0, 0.25, 1.0]))
def test_each_treaty_stays_inside_its_forum_and_evaluates_to_its_numbers(assign, cost):
    sc = gg.irregular_migration(n_states=7, n_regions=2)
    groups = {f"f{g}": [sc.names[i] for i in range(7) if assign[i] == g] for g in set(assign)}
    out = R.from_above(sc, {"mine": groups}, decision_cost=cost)
    owner = {m: k for k, ms in groups.items() for m in ms}
    for t in out.institutions.itertuples():
        assert {owner[m] for m in t.members} == {t.forum}
    row = out.table.iloc[0]
    ev = gg.evaluate(sc, agreements=[list(m) for m in out.institutions["members"]],
                     depth=list(out.institutions["depth"]), decision_cost=cost)
    assert ev.institutions["provision"].sum() + ev.states.provision[
        [n for n in sc.names if not any(n in m for m in out.institutions["members"])]].sum() \
        == pytest.approx(row["provision_regional"], rel=1e-9)
    assert ev.net_welfare == pytest.approx(row["net_welfare_regional"], rel=1e-9)
    assert bool(ev.institutions["internally_stable"].all()) or out.institutions.empty


def test_forums_change_the_level_and_decision_costs_enter():
    sc = gg.refugee_protection(n_states=6, n_regions=2)
    out = R.from_above(sc, {"regions": "regions", "none": "alone"}, decision_cost=[0.0, 0.5],
                       decision_cost_form=["member", "pair"])
    assert len(out.table) == 2 * 2 * 2
    assert set(out.table.query("forums == 'regions'")["level"]) == {"regional"}
    assert "regional" not in set(out.table.query("forums == 'none'")["level"])
    free = out.institutions.query("decision_cost == 0.0")
    assert (free["decision_cost_paid"] == 0).all()
    assert (out.institutions.query("decision_cost == 0.5")["decision_cost_paid"] > 0).all()
    assert dict(out.rules["regions"]) == {"R1": ("S01", "S02", "S03"), "R2": ("S04", "S05", "S06")}


def test_forums_of_labels_and_names():
    sc = gg.irregular_migration(n_states=4, n_regions=2)
    labels, names = R.forums_of(sc, [["S04", "S01"]])
    assert labels.tolist() == [0, 1, 2, 0] and names == ("forum 1", "S02", "S03")
    labels, names = R.forums_of(sc, "regions")
    assert labels.tolist() == [0, 0, 1, 1] and names == ("R1", "R2")


@pytest.mark.parametrize("forums, field, text", [
    ({"x": "region"}, "forums['x']", "did you mean 'regions'"),
    ({"x": {"a": ["S01", "S02"], "b": ["S02", "S03"]}}, "forums['x']['b']", "one forum only"),
    ({"x": {"a": ["S01", "S99"]}}, "forums['x']['a']", "must name a state"),
    ({"x": {"a": []}}, "forums['x']['a']", "at least one state"),
    ({"x": {"a": "S01"}}, "forums['x']['a']", "not a string"),
    ([["S01"]], "forums", "mapping"),
    ({}, "forums", "non-empty"),
])
def test_bad_forums_are_named(forums, field, text):
    sc = gg.irregular_migration(n_states=4, n_regions=2)
    with pytest.raises(ValidationError) as err:
        R.from_above(sc, forums)
    assert err.value.field == field and text in str(err.value)


def test_bad_decision_costs_are_named():
    sc = gg.irregular_migration(n_states=4, n_regions=2)
    with pytest.raises(ValidationError, match=r"decision_cost\[1\]"):
        R.from_above(sc, decision_cost=[0.1, -1.0])
    with pytest.raises(ValidationError, match="did you mean 'member'"):
        R.from_above(sc, decision_cost_form="members")
    with pytest.raises(ValidationError, match="scenario"):
        R.from_above("world")


# ----------------------------------------------------------------------------- from below
def test_pressure_zero_changes_nothing_and_full_pressure_adopts_the_groups_aims():
    states = aimed()
    same = R.from_below(states, 0.0, {"rights": 1.0})
    assert [s.benefit for s in same] == pytest.approx([s.benefit for s in states], rel=1e-15)
    full = R.from_below(states, 1.0, {"rights": 3.0, "economy": 1.0})
    for s, t in zip(states, full):
        total = sum(s.priorities.values())
        assert sum(t.priorities.values()) == pytest.approx(total)
        assert t.priorities["security"] == 0.0
        assert t.priorities["rights"] == pytest.approx(0.75 * total)
        assert dict(t.aims) == dict(s.aims) and t.region == s.region


# weights of 0 or at least 1e-6: subnormal products lose precision (and overflow the aims
# rebuilt from them, which State refuses with a library error; tested separately)
weights = st.one_of(st.just(0.0), st.floats(1e-6, 5.0))
profiles = st.fixed_dictionaries({k: weights for k in AIMS}).filter(lambda d: sum(d.values()) > 0)


@given(profiles, profiles, profiles, st.floats(0, 1), st.floats(0, 1))
def test_pressure_is_linear_in_the_benefit_and_composes(aims, care, toward, a, b):
    s = gg.State.from_aims("A", aims=aims, priorities=care)
    lo, hi = R.from_below(s, 0.0, toward), R.from_below(s, 1.0, toward)
    mid = R.from_below(s, a, toward)
    assert mid.benefit == pytest.approx((1 - a) * lo.benefit + a * hi.benefit, rel=1e-9, abs=1e-12)
    twice = R.from_below(R.from_below(s, a, toward), b, toward)
    once = R.from_below(s, 1 - (1 - a) * (1 - b), toward)
    for k in AIMS:
        assert twice.priorities[k] == pytest.approx(once.priorities[k], rel=1e-9, abs=1e-12)


def test_only_the_named_states_feel_the_pressure_and_a_scenario_stays_a_scenario():
    sc = gg.Scenario(gg.Good("g", 0.9, 0.1), aimed())
    moved = R.from_below(sc, 0.5, {"rights": 1.0}, states=["S2"])
    assert isinstance(moved, gg.Scenario) and moved.names == sc.names
    for s, t in zip(sc.states, moved.states):
        assert (t is s) == (s.name != "S2")
    assert moved.states[1].benefit < sc.states[1].benefit   # security-heavy good, rights-ward pressure
    single = R.from_below(sc.states[0], 0.5, {"security": 1.0})
    assert isinstance(single, gg.State) and single.benefit > sc.states[0].benefit


def test_uniform_pressure_scales_the_forums_treaty_without_reshaping_it():
    """With no private benefit the game is linear in the benefits: pressure that multiplies every
    state's benefit by k multiplies provision by k and keeps membership, depth and level."""
    sc = gg.Scenario(gg.Good("g", 0.9, 0.1), [s.replace(private_benefit=0.0) for s in aimed(8, 2)])
    sc = R.with_aims(sc, {"security": 0.2, "economy": 0.2, "rights": 1.0},
                     {"security": 0.5, "economy": 0.3, "rights": 0.2})
    moved = R.from_below(sc, 0.5, {"rights": 1.0})
    k = (0.25 * 0.2 + 0.15 * 0.2 + 0.6 * 1.0) / (0.5 * 0.2 + 0.3 * 0.2 + 0.2 * 1.0)
    assert moved.benefit == pytest.approx(k * sc.benefit)
    p, q = gg.predict_governance(sc), gg.predict_governance(moved)
    assert p.level == q.level
    assert list(p.institutions["members"]) == list(q.institutions["members"])
    assert list(q.institutions["depth"]) == pytest.approx(list(p.institutions["depth"]))
    assert q.institutions["provision"].sum() == pytest.approx(k * p.institutions["provision"].sum())


@given(st.lists(st.floats(0.0, 50.0), min_size=1, max_size=6), profiles, profiles)
def test_with_aims_keeps_each_benefit(benefits, aims, care):
    if sum(aims[k] * care[k] for k in AIMS) <= 0:
        return
    states = [gg.State(f"S{i}", benefit=b) for i, b in enumerate(benefits)]
    out = R.with_aims(states, aims, care)
    for s, t in zip(states, out):
        assert t.benefit == pytest.approx(s.benefit, rel=1e-12, abs=1e-300)
        rebuilt = gg.State.from_aims(t.name, dict(t.aims), dict(t.priorities))
        assert rebuilt.benefit == pytest.approx(t.benefit, rel=1e-12, abs=1e-300)
        if s.benefit > 0:
            ratio = {k: t.aims[k] / aims[k] for k in AIMS if aims[k] > 0}
            assert max(ratio.values()) == pytest.approx(min(ratio.values()), rel=1e-12)


@pytest.mark.parametrize("call, field, text", [
    (lambda s: R.from_below(s, 1.5, {"rights": 1.0}), "pressure", "[0.0, 1.0]"),
    (lambda s: R.from_below(s, 0.5, {"right": 1.0}), "toward", "did you mean 'rights'"),
    (lambda s: R.from_below(s, 0.5, {"rights": 0.0}), "toward", "positive weight"),
    (lambda s: R.from_below(s, 0.5, "rights"), "toward", "mapping"),
    (lambda s: R.from_below(s, 0.5, {"rights": 1.0}, states=["S22"]), "states", "did you mean 'S2'"),
    (lambda s: R.from_below([gg.State("X")], 0.5, {"rights": 1.0}), "state['X'].priorities", "from_aims"),
    (lambda s: R.from_below(42, 0.5, {"rights": 1.0}), "target", "State"),
    (lambda s: R.with_aims(s, {"rights": 1.0}, {"security": 1.0}), "priorities", "advances"),
    (lambda s: R.with_aims(s, {"rights": -1.0}, {"security": 1.0}), "aims['rights']", "[0.0, inf]"),
])
def test_bad_pressure_inputs_are_named(call, field, text):
    with pytest.raises(ValidationError) as err:
        call(aimed())
    assert err.value.field == field and text in str(err.value)


# ----------------------------------------------------------------------------- from beyond
def members_cost(sc, provisions, members):
    idx = [sc.names.index(m) for m in members]
    return float(np.sum(sc.cost[idx] * provisions[idx] ** 2 / 2))


def test_the_outlay_is_a_transfer_counted_once():
    sc = transit_scenario(private=0.1)
    out = R.from_beyond(sc, "F", "Transit", shares=[0.0, 0.2, 0.4, 0.6])
    for row in out.table.itertuples():
        lev = gg.Levers(funding=row.share)
        ev = gg.evaluate(sc, agreements=[list(row.members)], depth=row.depth, levers=lev)
        g = ev.states["provision"].to_numpy()
        # the outlay: the share of the treaty members' provision costs, from the contributions
        assert row.outlay == pytest.approx(row.share * members_cost(sc, g, row.members), rel=1e-12, abs=1e-12)
        # welfare: every state's payoff, the funder's net of its outlay, and the evaluated arrangement's
        assert row.welfare == pytest.approx(row.funder_payoff + row.region_payoff + row.rest_payoff)
        assert row.welfare == pytest.approx(ev.net_welfare, rel=1e-12)
        assert ev.states["net_payoff"].sum() - row.outlay == pytest.approx(row.welfare, rel=1e-12)
        assert row.funder_before_outlay == pytest.approx(ev.states.loc["F", "net_payoff"], rel=1e-12)


def test_the_funders_gain_is_its_benefit_from_extra_provision_less_its_outlay():
    """Independent reference: the funder is admitted to no one's provision, so it gains
    (1 - e) D[f, j] b_f per extra unit that state j provides, and its own provision is unchanged."""
    sc = transit_scenario(funder_benefit=4.0, transit=(0.3, 0.6, 0.9), e=0.6, r=0.2)
    out = R.from_beyond(sc, "F", "Transit", shares=[0.0, 0.15, 0.3, 0.45])
    base = out.table.iloc[0]
    g0 = gg.evaluate(sc, agreements=[list(base.members)], depth=base.depth).states["provision"].to_numpy()
    for row in out.table.itertuples():
        g = gg.evaluate(sc, agreements=[list(row.members)], depth=row.depth,
                        levers=gg.Levers(funding=row.share)).states["provision"].to_numpy()
        gain = 4.0 * (1 - 0.6) * float(sc.reach[0] @ (g - g0)) - row.outlay
        assert row.funder_gain == pytest.approx(gain, rel=1e-9, abs=1e-9)
        assert g[0] == pytest.approx(g0[0])


@settings(max_examples=30)
@given(st.floats(0.0, 12.0), st.lists(st.floats(0.05, 2.0), min_size=2, max_size=4),
       st.floats(0.0, 0.95), st.floats(0.0, 0.6),
       st.lists(st.integers(0, 19).map(lambda k: k / 20), min_size=1, max_size=5))
def test_the_leader_never_funds_at_a_loss(fb, transit, e, r, shares):
    sc = transit_scenario(funder_benefit=fb, transit=tuple(transit), e=e, r=r)
    out = R.from_beyond(sc, "F", "Transit", shares=shares)
    t = out.table
    assert t["share"].iloc[0] == 0.0 and set(t["share"]) == {0.0} | set(shares)
    best = out.best
    assert best["funder_payoff"] >= t["funder_payoff"].iloc[0]
    assert best["funder_payoff"] >= t["funder_payoff"].max() - 1e-9 * max(1.0, abs(best["funder_payoff"]))
    same = t[(t["n_members"] == t["n_members"].iloc[0]) & np.isclose(t["depth"], t["depth"].iloc[0])]
    assert (np.diff(same["region_provision"].to_numpy()) >= -1e-9).all()   # funding buys provision
    assert (t["outlay"] >= 0).all() and ((t["outlay"] > 0) == ((t["share"] > 0) & (t["n_members"] > 0))).all()


def test_a_funder_with_no_benefit_from_the_region_funds_nothing():
    out = R.from_beyond(transit_scenario(funder_benefit=0.0), "F", "Transit")
    assert out.best_share == 0.0 and out.best["outlay"] == 0.0
    assert (out.table["funder_gain"].iloc[1:] < 0).all()
    n = 6
    reach = np.ones((n, n))
    reach[0, 1:5] = 0.0            # the region's provision does not reach the funder
    out = R.from_beyond(transit_scenario(reach=reach), "F", "Transit")
    assert out.best_share == 0.0 and (out.table["funder_gain"].iloc[1:] < 0).all()


def test_a_funder_that_benefits_funds_and_the_seeds_region_can_be_a_list():
    sc = transit_scenario()
    out = R.from_beyond(sc, "F", ["T0", "T1", "T2", "T3"])
    assert out.best_share > 0 and out.best["funder_gain"] > 0
    assert out.region == ("T0", "T1", "T2", "T3") and out.funder == "F"
    with pytest.raises(dataclasses.FrozenInstanceError):
        out.best_share = 0.0


@pytest.mark.parametrize("kwargs, field, text", [
    ({"funder": "T1", "region": "Transit"}, "funder", "outside the region"),
    ({"funder": "FF", "region": "Transit"}, "funder", "did you mean 'F'"),
    ({"funder": "F", "region": "Transet"}, "region", "did you mean 'Transit'"),
    ({"funder": "F", "region": ["T1"]}, "region", "two or more"),
    ({"funder": "F", "region": "Transit", "shares": [0.5, 1.0]}, "shares[1]", "1.0"),
    ({"funder": "F", "region": "Transit", "shares": 0.5}, "shares", "sequence"),
    ({"funder": "F", "region": "Transit", "decision_cost_form": "pairs"}, "decision_cost_form", "pair"),
])
def test_bad_funding_inputs_are_named(kwargs, field, text):
    with pytest.raises(ValidationError) as err:
        R.from_beyond(transit_scenario(), **kwargs)
    assert err.value.field == field and text in str(err.value)
