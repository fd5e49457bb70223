"""Contribution games and their solvers.

Properties checked against independent reference computations written here:
no profitable deviation on a fine grid and by first-order (KKT) conditions
for Nash and partial-agreement equilibria; welfare ordering
Nash <= any partition <= optimum; optimum vs scipy maximisation of total
welfare; relabelling; payoff scaling; exact discretisation to a
NormalFormGame.
"""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings

from example_counts import examples
from hypothesis import strategies as st
from scipy.optimize import minimize

from goodsgov import ContributionGame
from goodsgov.errors import ValidationError
from goodsgov.solvers.agreements import labels_of, self_enforcing_core, stability

from strategies import fd_contribution_game, fd_partition, fd_scenario

GRID = 2001  # points per state on the deviation grid


# ------------------------------------------------------------------ reference model
def ref_W(game, labels):
    """W[i, j] = (1-e) D + admitted e N / (1 + r o_j), o_j: users admitted besides j."""
    labels = np.asarray(labels)
    M = labels[:, None] == labels[None, :]
    D, N, e, r = game.domain, game.excludable_reach, game.excludability, game.rivalry
    u = (M * N).sum(axis=0)
    crowd = 1.0 / (1.0 + r * np.maximum(u - np.diag(N), 0.0))
    w = np.ones(game.n_players) if game.weights is None else game.weights
    return ((1.0 - e) * D + M * e * N * crowd[None, :]) * w[None, :]


def ref_payoffs(game, G, labels=None):
    """u_i = b_i sum_j W_ij g_j + p_i g_i - c_i g_i^2 / 2 for profiles ``G`` of shape (..., n)."""
    labels = np.arange(game.n_players) if labels is None else labels
    G = np.asarray(G, dtype=float)
    return (game.benefit * (G @ ref_W(game, labels).T) + game.private_benefit * G
            - game.cost * G * G / 2.0)


def ref_captured(game, labels):
    """A_j = sum over members i of j's agreement of b_i W_ij, plus p_j (loops, on purpose)."""
    n = game.n_players
    W = ref_W(game, labels)
    out = np.empty(n)
    for j in range(n):
        out[j] = sum(game.benefit[i] * W[i, j] for i in range(n) if labels[i] == labels[j])
        out[j] += game.private_benefit[j]
    return out


def scale_of(game):
    """A payoff scale for tolerances."""
    g = np.where(np.isfinite(game.capacity), game.capacity, 0.0)
    v = np.abs(game.benefit).sum() * np.abs(game.domain).max() * (1.0 if game.weights is None else
                                                                   game.weights.max()) \
        + np.abs(game.private_benefit).max()
    return 1.0 + v * (1.0 + g.max() + v / game.cost.min())


def deviation_grid(game, i, g_i, captured_i):
    """Fine grid of state i's own contribution over [0, capacity] (generous bound if unlimited)."""
    cap = game.capacity[i]
    hi = cap if np.isfinite(cap) else 4.0 * max(abs(captured_i), 1.0) / game.cost[i] + 2.0 * g_i + 10.0
    return np.union1d(np.linspace(0.0, hi, GRID), [g_i])


def assert_agreement_equilibrium(game, eq, tol=1e-9):
    """No agreement (singletons included) gains by changing one member's contribution; KKT holds."""
    labels = labels_of(game, eq.partition)
    g = eq.contributions
    scale = scale_of(game)
    assert np.all(g >= 0.0) and np.all(g <= game.capacity)
    np.testing.assert_allclose(eq.payoffs, ref_payoffs(game, g, labels), rtol=1e-12, atol=1e-12 * scale)
    assert eq.welfare == pytest.approx(ref_payoffs(game, g, labels).sum(), rel=1e-12, abs=1e-12 * scale)
    assert eq.provision == pytest.approx(g.sum(), rel=1e-12, abs=1e-12)
    A = ref_captured(game, labels)
    base = ref_payoffs(game, g, labels)
    for j in range(game.n_players):
        members = labels == labels[j]
        x = deviation_grid(game, j, g[j], A[j])
        G = np.repeat(g[None, :], x.size, axis=0)
        G[:, j] = x
        joint = ref_payoffs(game, G, labels)[:, members].sum(axis=1)
        assert joint.max() <= base[members].sum() + tol * scale, (j, x[joint.argmax()], g[j])
        # first-order (KKT) conditions of the agreement's problem in g_j
        marginal = A[j] - game.cost[j] * g[j]
        if g[j] < game.capacity[j] - 1e-12:
            assert marginal <= tol * scale
        if g[j] > 1e-12:
            assert marginal >= -tol * scale


# ------------------------------------------------------------------ Nash and agreements
@given(fd_scenario())
def test_nash_of_random_scenario_has_no_profitable_deviation(s):
    game = ContributionGame.from_scenario(s)
    eq = game.nash()
    assert eq.agreements == ()
    assert_agreement_equilibrium(game, eq)


@given(fd_contribution_game())
def test_nash_of_random_game_has_no_profitable_deviation(game):
    assert_agreement_equilibrium(game, game.nash())


@given(fd_scenario(), st.data())
def test_partial_agreement_equilibrium_has_no_profitable_deviation(s, data):
    game = ContributionGame.from_scenario(s)
    labels = data.draw(fd_partition(s.n_states))
    eq = game.partial_agreement(labels)
    assert_agreement_equilibrium(game, eq)


@given(fd_contribution_game(max_players=6), st.data())
def test_agreement_joint_payoff_not_improved_by_joint_deviations(game, data):
    """Random feasible deviations of all members at once never raise an agreement's joint payoff."""
    labels = np.array(data.draw(fd_partition(game.n_players)))
    eq = game.partial_agreement(labels)
    rng = np.random.default_rng(data.draw(st.integers(0, 2 ** 32 - 1)))
    g = eq.contributions
    base = ref_payoffs(game, g, labels)
    hi = np.where(np.isfinite(game.capacity), game.capacity, 3.0 * g + 5.0)
    for lab in np.unique(labels):
        members = labels == lab
        G = np.repeat(g[None, :], 500, axis=0)
        G[:, members] = rng.uniform(0.0, 1.0, size=(500, members.sum())) * hi[members]
        joint = ref_payoffs(game, G, labels)[:, members].sum(axis=1)
        assert joint.max() <= base[members].sum() + 1e-9 * scale_of(game)


@given(fd_scenario(), st.data())
def test_welfare_and_provision_order_nash_partition_optimum(s, data):
    """Any agreements <= the optimum; without crowding also Nash <= agreements and merging
    agreements never lowers welfare (with crowding a club can admit too many users)."""
    game = ContributionGame.from_scenario(s)
    nash, opt = game.nash(), game.optimum()
    labels = data.draw(fd_partition(s.n_states))
    eq = game.partial_agreement(labels)
    tol = 1e-9 * scale_of(game)
    assert eq.welfare <= opt.welfare + tol
    assert nash.welfare <= opt.welfare + tol
    flat = ContributionGame.from_scenario(s.replace(good=s.good.replace(rivalry=0.0)))
    nash, opt, eq = flat.nash(), flat.optimum(), flat.partial_agreement(labels)
    assert nash.welfare <= eq.welfare + tol
    # each provider gives weakly more the more beneficiaries its agreement counts
    assert np.all(nash.contributions <= eq.contributions + 1e-12)
    assert np.all(eq.contributions <= opt.contributions + 1e-12)
    a, b = data.draw(st.integers(0, s.n_states - 1)), data.draw(st.integers(0, s.n_states - 1))
    merged = [labels[a] if x == labels[b] else x for x in labels]
    assert flat.partial_agreement(merged).welfare >= eq.welfare - tol


@given(fd_scenario())
def test_optimum_matches_scipy_maximisation_of_total_welfare(s):
    """Without crowding the optimum admits everyone: scipy over contributions finds nothing better."""
    s = s.replace(good=s.good.replace(rivalry=0.0))
    game = ContributionGame.from_scenario(s)
    opt = game.optimum()
    everyone = np.zeros(s.n_states, dtype=int)
    W = ref_W(game, everyone)
    value = np.array([sum(game.benefit[i] * W[i, j] for i in range(s.n_states))
                      + game.private_benefit[j] for j in range(s.n_states)])

    def negative_welfare(g):
        return -ref_payoffs(game, g, everyone).sum(), -(value - game.cost * g)

    bounds = [(0.0, None if np.isinf(k) else k) for k in game.capacity]
    res = minimize(negative_welfare, np.zeros(s.n_states), jac=True, method="L-BFGS-B",
                   bounds=bounds, options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 10_000})
    scale = scale_of(game)
    assert opt.welfare >= -res.fun - 1e-9 * scale  # nothing scipy finds beats the optimum
    assert opt.welfare == pytest.approx(-res.fun, rel=1e-7, abs=1e-7 * scale)
    np.testing.assert_allclose(opt.contributions, res.x, rtol=1e-4, atol=1e-4 * (1 + res.x.max()))
    assert opt.partition == (tuple(range(s.n_states)),)


@given(fd_contribution_game(), st.randoms(use_true_random=False), st.data())
def test_relabelling_players_permutes_every_solution(game, rnd, data):
    n = game.n_players
    order = list(range(n))
    rnd.shuffle(order)
    perm = ContributionGame(benefit=game.benefit[order], cost=game.cost[order],
                            spill=game.spill[np.ix_(order, order)],
                            private_benefit=game.private_benefit[order],
                            capacity=game.capacity[order], excludability=game.excludability)
    labels = np.array(data.draw(fd_partition(n)))
    for solve in (lambda g, lab: g.nash(), lambda g, lab: g.optimum(),
                  lambda g, lab: g.partial_agreement(lab)):
        a, b = solve(game, labels), solve(perm, labels[order])
        np.testing.assert_allclose(b.contributions, a.contributions[order], rtol=1e-12, atol=1e-12)
        assert b.welfare == pytest.approx(a.welfare, rel=1e-10, abs=1e-10 * scale_of(game))


@given(fd_contribution_game(), st.floats(min_value=1e-3, max_value=1e3), st.data())
def test_scaling_benefits_and_costs_keeps_contributions_and_scales_welfare(game, factor, data):
    scaled = ContributionGame(benefit=game.benefit * factor, cost=game.cost * factor,
                              spill=game.spill, private_benefit=game.private_benefit * factor,
                              capacity=game.capacity, excludability=game.excludability)
    labels = data.draw(fd_partition(game.n_players))
    for a, b in ((game.nash(), scaled.nash()), (game.optimum(), scaled.optimum()),
                 (game.partial_agreement(labels), scaled.partial_agreement(labels))):
        np.testing.assert_allclose(b.contributions, a.contributions, rtol=1e-9, atol=1e-12)
        assert b.welfare == pytest.approx(factor * a.welfare, rel=1e-9, abs=1e-9 * factor * scale_of(game))


def test_known_closed_forms():
    """Symmetric pure public good: Nash g = b/c, optimum g = n b / c (Samuelson 1954)."""
    n, b, c = 5, 1.5, 2.0
    game = ContributionGame(benefit=[b] * n, cost=[c] * n, spill=np.ones((n, n)))
    np.testing.assert_allclose(game.nash().contributions, b / c)
    np.testing.assert_allclose(game.optimum().contributions, n * b / c)
    capped = ContributionGame(benefit=[b] * n, cost=[c] * n, spill=np.ones((n, n)), capacity=[1.0] * n)
    np.testing.assert_allclose(capped.optimum().contributions, 1.0)
    neg = ContributionGame(benefit=[0.0, 1.0], cost=[1.0, 1.0], spill=np.eye(2), private_benefit=[-1.0, 0.0])
    np.testing.assert_array_equal(neg.nash().contributions, [0.0, 1.0])


@given(fd_scenario())
def test_from_scenario_carries_every_parameter(s):
    game = ContributionGame.from_scenario(s)
    np.testing.assert_array_equal(game.benefit, s.benefit)
    np.testing.assert_array_equal(game.cost, s.cost)
    np.testing.assert_array_equal(game.domain, s.reach)
    np.testing.assert_array_equal(game.excludable_reach, s.excludable_reach)
    np.testing.assert_array_equal(game.private_benefit, s.private_benefit)
    np.testing.assert_array_equal(game.capacity, s.capacity)
    assert game.names == s.names and game.excludability == s.good.excludability
    assert game.rivalry == s.good.rivalry
    np.testing.assert_allclose(s.spill, ref_W(game, np.arange(s.n_states)), rtol=1e-12, atol=1e-15)


def test_partition_formats_agree():
    game = ContributionGame(benefit=[1.0, 2.0, 0.5, 1.0], cost=[1.0] * 4, spill=np.ones((4, 4)),
                            names=("A", "B", "C", "D"))
    by_label = game.partial_agreement([7, 3, 7, 5])
    by_index = game.partial_agreement([(0, 2), (1,)])
    by_name = game.partial_agreement([("A", "C")])
    for eq in (by_index, by_name):
        np.testing.assert_array_equal(eq.contributions, by_label.contributions)
        assert sorted(eq.partition) == sorted(by_label.partition)
    assert by_name.agreements == ((0, 2),)


# ------------------------------------------------------------------ stability
@given(fd_contribution_game(max_players=6), st.data())
def test_stability_leave_payoff_matches_a_direct_recomputation(game, data):
    """With exclusion, k's payoff after leaving is its payoff in the equilibrium where it is
    alone; without it, k keeps its admission to the rest's provision (computed here)."""
    n = game.n_players
    members = sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=2, max_size=n)))
    labels = np.arange(n)
    labels[members] = -1
    eq = game.partial_agreement(labels)
    stab = stability(game, eq, members)
    open_ = stability(game, eq, members, exclusion=False)
    for r, k in enumerate(members):
        new_labels = labels.copy()
        new_labels[k] = n + 5
        after = game.partial_agreement(new_labels)
        expected = after.payoffs[k] - eq.payoffs[k]
        assert stab.gain_from_leaving[r] == pytest.approx(expected, rel=1e-9, abs=1e-9 * scale_of(game))
        # no exclusion: the rest re-optimise without counting k, k stays admitted; k gains weakly more
        assert open_.gain_from_leaving[r] >= stab.gain_from_leaving[r] - 1e-9 * scale_of(game)
    assert stab.self_enforcing == bool(np.all(stab.gain_from_leaving <= stab.tol))


@given(fd_contribution_game(max_players=6), st.data())
def test_self_enforcing_core_is_stable_and_nested(game, data):
    labels = np.array(data.draw(fd_partition(game.n_players)))
    core = self_enforcing_core(game, labels)
    original = {frozenset(a) for a in game.partial_agreement(labels).partition}
    for group in core.agreements:
        assert stability(game, core, group).self_enforcing
        assert any(set(group) <= a for a in original)
    assert core.welfare >= game.nash().welfare - 1e-9 * scale_of(game)


# ------------------------------------------------------------------ discretisation
@settings(max_examples=examples(2 / 3))
@given(fd_contribution_game(min_players=2, max_players=3, finite_capacity=True),
       st.sampled_from([3, 4]))
def test_discretised_game_is_exact_and_its_pure_equilibria_include_discretised_nash(game, levels):
    nf = game.to_normal_form(levels)
    n = game.n_players
    assert nf.shape == (levels,) * n
    grids = game.grids(levels)
    for i in range(n):
        np.testing.assert_allclose(grids[i], np.linspace(0.0, game.capacity[i], levels))
    profiles = np.array(list(itertools.product(range(levels), repeat=n)))
    G = np.stack([grids[i][profiles[:, i]] for i in range(n)], axis=1)
    tensor = np.moveaxis(nf.payoffs, 0, -1).reshape(-1, n)
    np.testing.assert_allclose(tensor, ref_payoffs(game, G), rtol=1e-12, atol=1e-12 * scale_of(game))
    dn = game.discretised_nash(levels)
    equilibria = nf.pure_equilibria()
    assert dn in equilibria
    # Each state's own terms decide its best level (dominant strategies): with no tie, the
    # discretised Nash equilibrium is the only pure equilibrium.
    own = np.array([ref_payoffs(game, np.where(np.arange(n) == i, grids[i][:, None], 0.0))[:, i]
                    - ref_payoffs(game, np.zeros(n))[i] for i in range(n)])
    assert tuple(int(k) for k in own.argmax(axis=1)) == dn
    top2 = np.sort(own, axis=1)[:, -2:]
    if np.all(top2[:, 1] - top2[:, 0] > 1e-9 * scale_of(game)):
        assert equilibria == [dn]


def test_discretisation_needs_finite_capacity():
    game = ContributionGame(benefit=[1.0, 1.0], cost=[1.0, 1.0], spill=np.ones((2, 2)))
    with pytest.raises(ValidationError, match="capacity.*finite"):
        game.to_normal_form(3)
    with pytest.raises(ValidationError, match="levels"):
        ContributionGame(benefit=[1.0], cost=[1.0], spill=[[1.0]], capacity=[1.0]).grids(1)
