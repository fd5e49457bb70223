"""Self-enforcing agreements, clubs, bilateral deals and levers in predict_governance (issues 6
and 11), checked against independent computations and the seeds' claims."""

import numpy as np
import pytest
from hypothesis import given, settings

from example_counts import examples
from hypothesis import strategies as st

import goodsgov as gg
from goodsgov.models import stable_coalitions
from goodsgov.solvers.agreements import joining_gains, partial_agreement, stability, stable_agreement

from strategies import fd_contribution_game


def _W(game, members):
    """Unit benefits with the agreement ``members`` (others alone), written from the definition."""
    n = game.n_players
    M = np.eye(n, dtype=bool)
    for i in members:
        for j in members:
            M[i, j] = True
    u = (M * game.excludable_reach).sum(axis=0)
    crowd = 1.0 / (1.0 + game.rivalry * np.maximum(u - np.diag(game.excludable_reach), 0.0))
    e = game.excludability
    return (1.0 - e) * game.domain + M * e * game.excludable_reach * crowd


def _payoff(game, g, i, members):
    W = _W(game, members)
    return game.benefit[i] * W[i] @ g + game.private_benefit[i] * g[i] - game.cost[i] * g[i] ** 2 / 2


@settings(max_examples=examples(2 / 3))
@given(fd_contribution_game(min_players=3, max_players=7), st.data())
def test_stability_matches_brute_force(game, data):
    """Leaving and joining gains against re-solving the smaller and the larger agreement."""
    n = game.n_players
    members = tuple(sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=2, max_size=n))))
    eq = partial_agreement(game, [members])
    st_ = stability(game, eq, members)
    for k, gain in zip(st_.members, st_.gain_from_leaving):
        rest = [m for m in members if m != k]
        after = partial_agreement(game, [rest] if len(rest) > 1 else [])
        expected = _payoff(game, after.contributions, k, rest) - _payoff(game, eq.contributions, k, members)
        assert gain == pytest.approx(expected, rel=1e-9, abs=1e-9)
    outsiders = [o for o in range(n) if o not in members]
    gains = joining_gains(game, members)
    for o, gain in zip(outsiders, gains):
        bigger = partial_agreement(game, [members + (o,)])
        before = _payoff(game, eq.contributions, o, members)
        assert gain == pytest.approx(bigger.payoffs[o] - before, rel=1e-9, abs=1e-9)


@settings(max_examples=examples(0.5))
@given(fd_contribution_game(min_players=3, max_players=7))
def test_stable_agreement_is_internally_stable(game):
    eq, members, externally, exhaustive = stable_agreement(game)
    assert exhaustive
    if members:
        assert stability(game, eq, members, tol=1e-7).self_enforcing
        if externally:
            assert np.all(joining_gains(game, members) <= 1e-7 * (1 + np.abs(eq.payoffs).max()))


@pytest.mark.parametrize("n", [3, 4, 6, 9, 15, 30])
def test_symmetric_public_good_matches_cartel_stability(n):
    """Identical states, pure public good: the stable coalition found by the
    heuristic is the largest size that d'Aspremont cartel stability admits."""
    s = gg.refugee_protection(n_states=n, n_regions=min(n, 5), benefit_spread=0.0, excludability=0.0, rivalry=0.0,
                              private_benefit=0.0)
    game = gg.ContributionGame.from_scenario(s)

    def payoffs(k):
        eq = partial_agreement(game, [tuple(range(k))] if k > 1 else [])
        return eq.payoffs[0] if k else None, eq.payoffs[n - 1] if k < n else None

    sizes = stable_coalitions(n, lambda k: payoffs(k)[0], lambda k: payoffs(k)[1])
    p = gg.predict_governance(s, decision_cost=0.0)   # cartel stability has no decision cost
    assert p.stable_coalition.size == max(sizes)
    assert p.stable_coalition.size == min(n, 3)  # the classic result for linear benefits


def test_more_states_lower_the_share_the_stable_refugee_agreement_achieves():
    shares = [gg.predict_governance(gg.refugee_protection(n_states=n)).stable_coalition.optimum_share
              for n in (10, 20, 40, 80)]
    assert all(a > b for a, b in zip(shares, shares[1:])), shares


def test_large_enough_side_payment_raises_the_self_enforcing_share():
    s = gg.refugee_protection()
    base = gg.predict_governance(s).stable_coalition
    values = [0.5, 2.0, 8.0, 32.0]
    after = [gg.predict_governance(s, levers={"side_payment": v}).stable_coalition for v in values]
    shares = [base.optimum_share] + [a.optimum_share for a in after]
    assert all(b >= a - 1e-12 for a, b in zip(shares, shares[1:])), shares
    assert after[-1].size > base.size and shares[-1] > 2 * shares[0]


def test_lever_effects_table():
    p = gg.predict_governance(gg.refugee_protection(), levers=gg.Levers(side_payment=5.0, transfers=True))
    t = p.lever_effects
    assert t["lever"].tolist() == ["none", "side_payment", "transfers", "all"]
    none, all_ = t.iloc[0], t.iloc[-1]
    assert none["stable_coalition_size"] == gg.predict_governance(gg.refugee_protection()).stable_coalition.size
    assert all_["stable_coalition_size"] > none["stable_coalition_size"]
    assert none["outlay"] == 0.0
    assert gg.predict_governance(gg.refugee_protection()).lever_effects.empty


def test_funding_raises_agreement_provision_and_costs_the_funder():
    s = gg.irregular_migration()
    base = gg.predict_governance(s)
    funded = gg.predict_governance(s, levers={"funding": 0.4})
    assert funded.equilibria[gg.Level.REGIONAL].provision > base.equilibria[gg.Level.REGIONAL].provision
    assert funded.equilibria[gg.Level.REGIONAL].funder_outlay > 0
    assert base.equilibria[gg.Level.REGIONAL].funder_outlay == 0
    # singletons get no funding: the Nash equilibrium does not move
    assert funded.equilibria[gg.Level.UNILATERAL].provision == pytest.approx(
        base.equilibria[gg.Level.UNILATERAL].provision)


def test_table1_levels_do_not_depend_on_the_new_fields():
    assert gg.table1(areas=["refugee_protection", "irregular_migration", "skilled_labour"])["level"].tolist() == [gg.predict_governance(f()).level.value for f in
                                             (gg.refugee_protection, gg.irregular_migration, gg.skilled_labour)]


def test_bilateral_deals_split_the_joint_gain():
    p = gg.predict_governance(gg.skilled_labour(), bargaining_weight=0.7, levers={"funding": 0.3})
    t = p.bargain.table
    assert len(t) == p.scopes.set_index("scope").loc["bilateral", "pairs"] > 0
    np.testing.assert_allclose(t.state_gain_after_transfer, 0.7 * t.joint_gain)
    np.testing.assert_allclose(t.state_gain_after_transfer + t.partner_gain_after_transfer, t.joint_gain)
    # the transfer moves the split, it creates nothing: it nets to zero across the pair
    np.testing.assert_allclose((t.state_gain_after_transfer - t.gain_state)
                               + (t.partner_gain_after_transfer - t.gain_partner), 0.0, atol=1e-12)


def test_clubs_are_the_regional_treaties_and_tolls_are_costs():
    p = gg.predict_governance(gg.irregular_migration())
    t = p.club.table
    s = p.scenario
    assert set(t.region) == set(s.region_of)
    for row in t.itertuples():   # each club's members are of its region, at one depth in [0, 1]
        assert all(s.region_of[s.names.index(m)] == row.region for m in row.members)
        assert 0.0 <= row.depth <= 1.0 and row.formed == (row.size > 1)
    assert np.all(t.toll[t.formed] > 0) and t.self_enforcing.all()


def test_bad_levers():
    with pytest.raises(gg.ValidationError, match="levers.funding"):
        gg.predict_governance(gg.refugee_protection(), levers={"funding": 1.0})
    with pytest.raises(gg.ValidationError, match="levers"):
        gg.predict_governance(gg.refugee_protection(), levers={"bribe": 1.0})
    with pytest.raises(gg.ValidationError, match="levers.side_payment"):
        gg.Levers(side_payment=-1.0)


@settings(max_examples=examples(0.5))
@given(st.integers(2, 40), st.floats(0.0, 3.0), st.floats(0.05, 3.0), st.floats(0.1, 4.0))
def test_refugee_scenario_is_the_joint_product_model(n, private, public, cost):
    """With identical states and a non-rival good, the refugee-protection
    contribution game is Olson–Zeckhauser's joint-product model (issue 5)."""
    from goodsgov.models import joint_product
    s = gg.refugee_protection(n_states=n, n_regions=min(n, 5), benefit=public, benefit_spread=0.0,
                              private_benefit=private, cost=cost, rivalry=0.0, excludability=0.0)
    game = gg.ContributionGame.from_scenario(s)
    jp = joint_product(n, private, public, cost)
    for ours, theirs in ((game.nash(), jp.nash), (game.optimum(), jp.optimum)):
        np.testing.assert_allclose(ours.contributions, theirs.actions, rtol=1e-12)
        np.testing.assert_allclose(ours.payoffs, theirs.payoffs, rtol=1e-9, atol=1e-9)
