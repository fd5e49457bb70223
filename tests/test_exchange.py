"""Skilled labour as an exchange between sending and receiving states (issue 19, item 3).

The ``exchange`` benefit domain (goodsgov.domain), the roles of the canonical and world
states, unilateral liberalisation as a receiving state's own optimum, the finite pool
against the competitive market of ``gg.models.skilled_labour_market`` and each deal's
terms against ``gg.models.nash_bargaining``.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import goodsgov as gg
from goodsgov import Good, Scenario, State
from goodsgov.domain import exchange_sides
from goodsgov.errors import ValidationError
from goodsgov.models import nash_bargaining, skilled_labour_market

ROLE = st.sampled_from(["sending", "receiving", None])


@given(st.lists(ROLE, min_size=2, max_size=12))
def test_exchange_sides_join_only_the_two_sides(roles):
    states = [State(f"S{i}", role=r) for i, r in enumerate(roles)]
    if not {"sending", "receiving"} <= set(roles):
        with pytest.raises(ValidationError, match="needs at least one"):
            exchange_sides(states)
        return
    m = exchange_sides(states)
    assert (m == m.T).all() and m.diagonal().all()
    for i, a in enumerate(roles):
        for j, b in enumerate(roles):
            if i != j:
                assert m[i, j] == (a is not None and b is not None and a != b)


def test_the_exchange_domain_reaches_every_state_with_its_non_excludable_share():
    sc = gg.skilled_labour(n_states=6)
    assert sc.good.spillover.value == "exchange"
    assert (sc.reach == 1).all()
    roles = [s.role for s in sc.states]
    assert roles == ["sending", "receiving"] * 3
    assert np.array_equal(sc.excludable_reach, exchange_sides(sc.states).astype(float))


def test_world_roles_follow_the_income_groups():
    sc = gg.skilled_labour(states="world")
    groups = gg.world.countries()["income_group"]
    for s in sc.states:
        g = groups[s.name]
        expected = None if not isinstance(g, str) else "receiving" if g == "High income" else "sending"
        assert s.role == expected
    assert sum(s.role == "receiving" for s in sc.states) == (groups == "High income").sum()


def test_roles_survive_the_toml_round_trip(tmp_path):
    sc = gg.skilled_labour(n_states=4, n_regions=2)
    sc.to_toml(tmp_path / "s.toml")
    back = Scenario.from_toml(tmp_path / "s.toml")
    assert [s.role for s in back.states] == [s.role for s in sc.states]
    assert np.array_equal(back.excludable_reach, sc.excludable_reach)


def test_a_bad_role_names_the_field():
    with pytest.raises(ValidationError, match=r"state\['A'\]\.role"):
        State("A", role="importing")


def _one_sender(k, *, benefit=1.0):
    """One sending state and ``k`` receiving states that provide (almost) nothing themselves."""
    states = [State("S", role="sending", benefit=benefit, cost=1.0)]
    states += [State(f"R{i}", role="receiving", benefit=benefit, cost=1e9) for i in range(k)]
    good = Good("skilled labour", excludability=1.0, rivalry=1.0, spillover="exchange")
    return Scenario(good=good, states=states)


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_full_rivalry_divides_a_senders_workers_as_the_competitive_market_divides_a_fixed_pool(k):
    sc = _one_sender(k)
    names = sc.names
    ev = gg.evaluate(sc, agreements=[names], decision_cost=0.0)
    pool = float(ev.states.loc["S", "provision"])
    # the sending state keeps its own use of the workers who stay, as one more identical user
    market = skilled_labour_market(np.ones(k + 1), np.ones(k + 1), pool=pool)
    for i in range(k):
        received = ev.states.loc[f"R{i}", "payoff"]        # benefit 1, (almost) no own provision
        assert received == pytest.approx(market.allocation[1 + i], rel=1e-6, abs=1e-9)


def test_a_further_receiving_state_admitted_crowds_the_others_out():
    two, three = _one_sender(2), _one_sender(3)
    a = gg.evaluate(two, agreements=[two.names], decision_cost=0.0).states.loc["R0", "payoff"]
    b = gg.evaluate(three, agreements=[three.names], decision_cost=0.0).states.loc["R0", "payoff"]
    assert b < a


def test_unilateral_liberalisation_is_each_states_own_optimum():
    sc = gg.skilled_labour(n_states=8)
    ev = gg.evaluate(sc)
    for s in sc.states:      # alone, a state's provision reaches only itself: (b + p) / c
        assert ev.states.loc[s.name, "provision"] == pytest.approx((s.benefit + s.private_benefit) / s.cost)


@pytest.mark.parametrize("weight", [0.5, 0.3])
def test_each_deals_terms_are_the_nash_bargaining_solution(weight):
    p = gg.predict_governance(gg.skilled_labour(states="world"), decision_cost=0.1,
                              bargaining_weight=weight)
    t = p.bargain.table
    assert len(t) > 0, "the world's skilled labour has deals at decision cost 0.1"
    roles = {s.name: s.role for s in p.scenario.states}
    for row in t.itertuples():
        assert {roles[row.state], roles[row.partner]} == {"sending", "receiving"}
        nb = nash_bargaining(row.joint_gain, (0.0, 0.0), weight)
        assert nb.agreement
        assert row.state_gain_after_transfer == pytest.approx(nb.payoffs[0])
        assert row.partner_gain_after_transfer == pytest.approx(nb.payoffs[1])
        assert row.transfer == pytest.approx(nb.payoffs[0] - row.gain_state)
