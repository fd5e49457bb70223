"""Burden sharing against Lindahl shares, the Shapley value and a distribution key."""

import numpy as np
import pandas as pd
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


def test_an_observed_burden_replaces_the_model_shares_matched_by_name(small):
    names = list(small.scenario.names)
    people = pd.Series([5.0, 0.0, 1.0, 0.0, 2.0, 2.0], index=names)
    b = burden_sharing(small, actual=people[::-1])          # a Series is matched by its index
    np.testing.assert_allclose(b.table["share"], people / people.sum())
    np.testing.assert_allclose(b.table["model_share"], burden_sharing(small).table["share"])
    assert b.gaps["lindahl"] == pytest.approx(
        0.5 * np.abs(people / people.sum() - b.table["lindahl_share"]).sum())
    same = burden_sharing(small, actual=people.to_dict())
    pd.testing.assert_frame_equal(same.table, b.table)
    with pytest.raises(gg.ValidationError, match="actual"):
        burden_sharing(small, actual=[-1.0, 1, 1, 1, 1, 1])
    with pytest.raises(gg.ValidationError, match="actual"):
        burden_sharing(small, actual=[0.0] * 6)


def test_the_world_hosting_burden_against_lindahl_from_unhcr_data():
    from goodsgov import calibration as cal
    p = gg.predict_governance(gg.refugee_protection(states="world", calibrate=True),
                              **gg.estimation.fitted_options("refugee_protection"))
    hosted = cal.hosting(list(p.scenario.names))
    b = burden_sharing(p, actual=cal.hosting_shares(list(p.scenario.names)))
    top = b.table["share"].idxmax()
    assert top == hosted.idxmax() and b.table.loc[top, "share"] == pytest.approx(hosted.max() / hosted.sum())
    assert 0.0 <= b.gaps["lindahl"] <= 1.0


def test_bad_input_is_named(small):
    with pytest.raises(gg.ValidationError, match="hosting"):
        burden_sharing(small, hosting={"nowhere": 1.0})
    with pytest.raises(gg.ValidationError, match="indicators"):
        burden_sharing(small, key={"population": 1.0}, indicators={})
    with pytest.raises(gg.ValidationError, match="key"):
        burden_sharing(small, key={"population": -1.0}, indicators={"population": [1] * 6})
    with pytest.raises(gg.ValidationError, match="prediction"):
        burden_sharing("not a prediction")

