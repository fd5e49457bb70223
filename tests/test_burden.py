"""Burden sharing against Lindahl shares, the Shapley value and a distribution key."""

import numpy as np
import pytest

import goodsgov as gg
from goodsgov.burden import burden_sharing


@pytest.fixture(scope="module")
def small():
    return gg.predict_governance(gg.refugee_protection(n_states=6, n_regions=2))


def test_shares_sum_to_one_and_gaps_are_half_the_l1_distance(small):
    b = burden_sharing(small, key={"population": 0.5, "gdp": 0.5},
                       indicators={"population": [1, 2, 3, 4, 5, 6], "gdp": [6, 5, 4, 3, 2, 1]},
                       shapley=True)
    t = b.table
    for col in ("share", "lindahl_share", "shapley_share", "key_share"):
        assert t[col].sum() == pytest.approx(1.0)
    np.testing.assert_allclose(t["key_share"], 1 / 6)     # the two indicators mirror each other
    for rule in ("lindahl", "shapley", "key"):
        assert b.gaps[rule] == pytest.approx(0.5 * np.abs(t["share"] - t[f"{rule}_share"]).sum())
    assert b.shapley_exact


@pytest.mark.parametrize("build", [gg.refugee_protection, gg.skilled_labour])
def test_shapley_benchmark_is_the_shapley_value_of_the_gamma_game(build):
    """Brute force: the Shapley value of v(S) (S's joint gain as an agreement, the others alone;
    all states: the optimum's surplus) from its permutation definition, and the fair costs it
    implies: they add up to the optimum's costs, rival good (skilled labour: the planner admits
    fewer users than an agreement of all) or not."""
    import itertools
    small = gg.predict_governance(build(n_states=6, n_regions=2))
    game = gg.ContributionGame.from_scenario(small.scenario)
    n = game.n_players
    nash = game.nash().payoffs

    def v(members):
        members = sorted(members)
        if len(members) < 2:
            return 0.0
        if len(members) == n:   # all states: the optimum the fair costs are measured against
            return float(game.optimum().welfare - nash.sum())
        eq = game.partial_agreement([members])
        return float(np.sum(eq.payoffs[members] - nash[members]))

    phi = np.zeros(n)
    perms = list(itertools.permutations(range(n)))
    for order in perms:
        seen = []
        for i in order:
            phi[i] += v(seen + [i]) - v(seen)
            seen.append(i)
    phi /= len(perms)
    opt = game.optimum()
    fair = opt.payoffs + game.cost * opt.contributions ** 2 / 2 - (nash + phi)
    b = burden_sharing(small, shapley=True)
    np.testing.assert_allclose(b.table["shapley_share"], fair / fair.sum(), rtol=1e-9, atol=1e-12)
    assert phi.sum() == pytest.approx(opt.welfare - nash.sum())   # efficiency against the optimum
    assert fair.sum() == pytest.approx(float(np.sum(game.cost * opt.contributions ** 2 / 2)))


def test_sampled_shapley_is_reproducible_and_close_to_exact():
    p = gg.predict_governance(gg.refugee_protection(n_states=12, n_regions=3))
    a = burden_sharing(p, shapley=True, samples=60, random_state=1)
    b = burden_sharing(p, shapley=True, samples=60, random_state=1)
    assert not a.shapley_exact
    np.testing.assert_array_equal(a.table["shapley_share"], b.table["shapley_share"])
    assert a.table["shapley_share"].sum() == pytest.approx(1.0)


def test_hosting_burden_is_added_to_the_first_asylum_states(small):
    names = small.scenario.names
    b = burden_sharing(small, hosting={names[0]: 10.0})
    assert b.table.loc[names[0], "total_cost"] == pytest.approx(b.table.loc[names[0], "cost"] + 10.0)
    assert b.table.loc[names[0], "share"] > burden_sharing(small).table.loc[names[0], "share"]


def test_bad_input_is_named(small):
    with pytest.raises(gg.ValidationError, match="hosting"):
        burden_sharing(small, hosting={"nowhere": 1.0})
    with pytest.raises(gg.ValidationError, match="indicators"):
        burden_sharing(small, key={"population": 1.0}, indicators={})
    with pytest.raises(gg.ValidationError, match="key"):
        burden_sharing(small, key={"population": -1.0}, indicators={"population": [1] * 6})
    with pytest.raises(gg.ValidationError, match="prediction"):
        burden_sharing("not a prediction")

