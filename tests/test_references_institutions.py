"""Tests of the plain-numpy reference of model v3 (:mod:`references.institutions`) itself.

Hand-computed payoffs, properties any correct implementation has (relabelling,
scaling, depth 0, best replies, the planner's optimum), the symmetric breadth limit,
agreement of the enumerations with literal checks, and pinned deal-network games
(with transfers within the pair and without) with no pairwise-stable network (an
improving cycle) and with several (Jackson & Wolinsky 1996).
"""

from __future__ import annotations

import doctest
import itertools

import numpy as np
import pytest
import references.institutions
from example_counts import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from references.institutions import (
    FORMS,
    Game,
    all_pairs,
    coalition_labels,
    external_gains,
    internal_gains,
    internally_stable,
    is_pairwise_stable,
    max_stable_depth,
    pair_gain,
    pair_gains,
    pairwise_stable_networks,
    payoffs,
    provision_payoffs,
    random_game,
    stable_coalitions,
    stakes,
    symmetric_game,
)

seeds = st.integers(0, 2**32 - 1)
shares = st.sampled_from([0.0, 0.25, 0.6, 1.0])
rivalries = st.sampled_from([0.0, 0.5, 1.0, 2.0])
forms = st.sampled_from(sorted(FORMS))


def _two_states() -> Game:
    """b = (1, 2), c = (1, 2), p = (0.5, 0), e = 0.5, r = 1, D = N = U = 1."""
    one = np.ones((2, 2))
    return Game([1.0, 2.0], [1.0, 2.0], [0.5, 0.0], [np.inf, np.inf], one, one, one, 0.5, 1.0)


def _random_arrangement(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(0, max(1, n // 2) + 1, size=n)


# ------------------------------------------------------------------ by hand
def test_reference_doctests():
    result = doctest.testmod(references.institutions)
    assert result.attempted >= 8 and result.failed == 0


def test_hand_computed_two_state_group():
    # together: crowd = 1 / (1 + 1 * (2 - 1)) = 1/2, W = 0.5 + 0.5 * 0.5 = 0.75 everywhere
    # g0 = ((0.5 + 0.5) * 1 + 0.5) / 1, (0.5 * 2 + 0.5 * 2) / 2 = 1.5, 1
    # gS = (0.5 * 3 + 0.5 * 0.5 * 3 + 0.5) / 1, (0.5 * 3 + 0.25 * 3) / 2 = 2.75, 1.125
    game = _two_states()
    full = payoffs(game, [0, 0], 1.0, kappa=0.1, form="institution")
    np.testing.assert_allclose(full.g0, [1.5, 1.0])
    np.testing.assert_allclose(full.gS, [2.75, 1.125])
    np.testing.assert_allclose(full.g, [2.75, 1.125])
    # pi_0 = 0.75 * 3.875 + 0.5 * 2.75 - 2.75^2 / 2; pi_1 = 2 * 0.75 * 3.875 - 1.125^2
    np.testing.assert_allclose(full.pi, [0.5, 4.546875])
    # stakes: status-quo provision costs c g0^2 / 2 = 1.5^2 / 2, 2 * 1 / 2; f_institution(2) = 1.5
    np.testing.assert_allclose(stakes(game), [1.125, 1.0])
    np.testing.assert_allclose(full.delta, [0.16875, 0.15])
    assert full.welfare == pytest.approx(0.5 + 4.546875 - 0.16875 - 0.15)
    half = payoffs(game, [0, 0], 0.5)
    np.testing.assert_allclose(half.g, [2.125, 1.0625])
    np.testing.assert_allclose(half.pi, [1.1953125, 3.65234375])
    # a deal is depth one, paying f(2) per deal
    deal = payoffs(game, [0, 1], 0.3, deals=[(1, 0)], kappa=0.1, form="pair")
    np.testing.assert_allclose(deal.g, full.g)
    np.testing.assert_allclose(deal.delta, [0.05625, 0.05])


def test_hand_computed_leavers_under_both_conventions():
    game = _two_states()
    # exclusion: the leaver is back at the status quo
    excl = internal_gains(game, [0, 0], 1.0, [0, 1])
    assert excl == pytest.approx({0: 0.5 - 1.625, 1: 4.546875 - 2.5})
    # open: both still admitted (crowd 1/2, W = 0.75), each counts only itself:
    # g = (0.5 + 0.25 + 0.5) / 1, (1 + 0.5) / 2 = 1.25, 0.75
    # pi_0 = 0.75 * 2 + 0.5 * 1.25 - 1.25^2 / 2; pi_1 = 2 * 0.75 * 2 - 0.75^2
    open_ = internal_gains(game, [0, 0], 1.0, [0, 1], convention="open")
    assert open_ == pytest.approx({0: 0.5 - 1.34375, 1: 4.546875 - 2.4375})
    assert not internally_stable(game, [0, 0], 1.0, [0, 1])


def test_counted_but_not_admitted_adds_no_club_benefit():
    """``gS`` counts ``b_i N[i, j]`` only for those both counted and admitted."""
    game = symmetric_game(2, e=1.0)  # a pure club good, no rivalry
    everyone = np.ones((2, 2), dtype=bool)
    alone = payoffs(game, [0, 1], 1.0, count_override=everyone)
    np.testing.assert_allclose(alone.g, [1.0, 1.0])
    both = payoffs(game, [0, 1], 1.0, count_override=everyone, admit_override=everyone)
    np.testing.assert_allclose(both.g, [2.0, 2.0])


def test_decision_cost_forms():
    game = symmetric_game(5)  # status-quo provision 1 at cost c = 1: stake 1/2
    np.testing.assert_allclose(stakes(game), [0.5] * 5)
    labels = coalition_labels(5, range(4))
    for form, factor in {"pair": 1.5, "member": 1.0, "institution": 1.25}.items():
        delta = payoffs(game, labels, 0.7, kappa=0.1, form=form).delta
        np.testing.assert_allclose(delta, [0.05 * factor] * 4 + [0.0])
    # two deals: twice f(2)
    for form, f2 in {"pair": 0.5, "member": 1.0, "institution": 1.5}.items():
        delta = payoffs(game, range(5), 1.0, deals=[(0, 1), (0, 2)], kappa=0.1, form=form).delta
        np.testing.assert_allclose(delta, [0.1 * f2, 0.05 * f2, 0.05 * f2, 0.0, 0.0])
    # the stake is the provision cost, not the payoff: with a private benefit
    # p = 1 and c = 2, g0 = (1 + 1) / 2 = 1 and the stake is 2 * 1 / 2 = 1
    np.testing.assert_allclose(stakes(symmetric_game(3, c=2.0, p=1.0)), [1.0] * 3)


def test_invalid_arrangements_raise():
    game = symmetric_game(3)
    with pytest.raises(ValueError, match="group and has deals"):
        payoffs(game, [0, 0, 2], 1.0, deals=[(1, 2)])
    with pytest.raises(ValueError, match="form"):
        payoffs(game, [0, 0, 2], 1.0, form="club")
    with pytest.raises(ValueError, match="depth"):
        payoffs(game, [0, 0, 2], 1.5)
    with pytest.raises(ValueError, match="whole group"):
        internally_stable(game, [0, 0, 0], 1.0, [0, 1])
    with pytest.raises(ValueError, match="distinct"):
        payoffs(game, [0, 1, 2], deals=[(1, 1)])
    with pytest.raises(ValueError, match="c must"):
        Game([1.0], [0.0], [0.0], [np.inf], [[1.0]], [[1.0]], [[1.0]], 0.0, 0.0)


# ---------------------------------------------------------------- properties
@settings(max_examples=examples(0.5))
@given(seeds, st.integers(2, 6), shares, rivalries, forms, st.booleans())
def test_welfare_invariant_to_relabelling(seed, n, e, r, form, capacity):
    rng = np.random.default_rng(seed)
    game = random_game(n, rng, e=e, r=r, capacity=capacity)
    labels = _random_arrangement(rng, n)
    depth = {lab: float(rng.uniform()) for lab in set(labels.tolist())}
    singles = [i for i in range(n) if np.sum(labels == labels[i]) == 1]
    deals = [p for p in itertools.combinations(singles, 2) if rng.random() < 0.5]
    kappa = float(rng.uniform(0, 0.3))
    perm = rng.permutation(n)  # new state a is old state perm[a]
    where = np.argsort(perm)  # old state i is new state where[i]
    before = payoffs(game, labels, depth, deals, kappa, form)
    after = payoffs(game.permuted(perm), labels[perm], depth,
                    [(where[i], where[j]) for i, j in deals], kappa, form)
    assert after.welfare == pytest.approx(before.welfare, rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(after.net, before.net[perm], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(after.g, before.g[perm], rtol=1e-12, atol=1e-12)


@settings(max_examples=examples(0.5))
@given(seeds, st.integers(2, 6), shares, rivalries, forms,
       st.floats(0.1, 10.0, allow_nan=False))
def test_scaling_b_p_c_scales_payoffs(seed, n, e, r, form, t):
    rng = np.random.default_rng(seed)
    game = random_game(n, rng, e=e, r=r, capacity=True)
    labels = _random_arrangement(rng, n)
    depth, kappa = float(rng.uniform()), float(rng.uniform(0, 0.3))
    base = payoffs(game, labels, depth, (), kappa, form)
    scaled = payoffs(game.scaled(t), labels, depth, (), kappa, form)
    np.testing.assert_allclose(scaled.g, base.g, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(scaled.pi, t * base.pi, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(scaled.delta, t * base.delta, rtol=1e-10, atol=1e-10)
    assert scaled.welfare == pytest.approx(t * base.welfare, rel=1e-10, abs=1e-10)


@settings(max_examples=examples(0.5))
@given(seeds, st.integers(2, 7), shares, rivalries)
def test_depth_zero_gives_status_quo_provision(seed, n, e, r):
    rng = np.random.default_rng(seed)
    game = random_game(n, rng, e=e, r=r, capacity=True)
    labels = _random_arrangement(rng, n)
    out = payoffs(game, labels, 0.0)
    np.testing.assert_allclose(out.g, out.g0, rtol=0, atol=1e-14)
    # with e = 0 admission is irrelevant: the payoffs are the status quo's too
    if e == 0.0:
        np.testing.assert_allclose(out.pi, payoffs(game, np.arange(n), 0.0).pi, atol=1e-12)


def _argmax_on_grid(f, top):
    grid = np.linspace(0.0, top, 1001)
    return grid[int(np.argmax([f(x) for x in grid]))], grid[1] - grid[0]


@settings(max_examples=examples(0.3))
@given(seeds, st.integers(2, 5), shares, rivalries)
def test_status_quo_is_each_states_best_reply(seed, n, e, r):
    rng = np.random.default_rng(seed)
    game = random_game(n, rng, e=e, r=r, capacity=True)
    sq = payoffs(game, np.arange(n), 1.0)
    for i in range(n):
        def own(x, i=i):
            g = sq.g.copy()
            g[i] = x
            return provision_payoffs(game, g, sq.admit)[i]
        best, step = _argmax_on_grid(own, min(game.K[i], 2 * sq.g[i] + 1))
        assert abs(best - sq.g[i]) <= step


@settings(max_examples=examples(0.3))
@given(seeds, st.integers(2, 5), shares, rivalries)
def test_coordinated_provision_is_the_counted_best_reply(seed, n, e, r):
    """At depth 1 each provider maximizes the summed payoffs of those it counts."""
    rng = np.random.default_rng(seed)
    game = random_game(n, rng, e=e, r=r, capacity=True)
    labels = _random_arrangement(rng, n)
    out = payoffs(game, labels, 1.0)
    for j in range(n):
        counted = np.flatnonzero(out.count[:, j])

        def joint(x, j=j, counted=counted):
            g = out.g.copy()
            g[j] = x
            return provision_payoffs(game, g, out.admit)[counted].sum()
        best, step = _argmax_on_grid(joint, min(game.K[j], 2 * out.g[j] + 1))
        assert abs(best - out.g[j]) <= step


@settings(max_examples=examples(0.3))
@given(seeds, st.integers(2, 6), shares, rivalries)
def test_grand_coalition_at_depth_one_maximizes_welfare(seed, n, e, r):
    rng = np.random.default_rng(seed)
    game = random_game(n, rng, e=e, r=r)
    out = payoffs(game, np.zeros(n, dtype=int), 1.0)
    for _ in range(20):
        other = np.maximum(out.g + rng.normal(scale=0.3, size=n), 0.0)
        assert provision_payoffs(game, other, out.admit).sum() <= out.welfare + 1e-12


@pytest.mark.parametrize("n", range(4, 9))
def test_symmetric_pure_public_good_holds_three(n):
    game = symmetric_game(n)
    for size in range(2, n + 1):
        labels = coalition_labels(n, range(size))
        assert internally_stable(game, labels, 1.0, range(size)) == (size <= 3)


@settings(max_examples=examples(0.3))
@given(seeds, st.integers(3, 6), shares, rivalries, forms)
def test_exclusion_leaver_is_the_smaller_coalition(seed, n, e, r, form):
    rng = np.random.default_rng(seed)
    game = random_game(n, rng, e=e, r=r)
    S = sorted(rng.choice(n, size=int(rng.integers(2, n + 1)), replace=False).tolist())
    depth, kappa = float(rng.uniform()), float(rng.uniform(0, 0.2))
    labels = coalition_labels(n, S)
    gains = internal_gains(game, labels, depth, S, kappa=kappa, form=form)
    inside = payoffs(game, labels, depth, kappa=kappa, form=form).net
    for k in S:
        alone = payoffs(game, coalition_labels(n, set(S) - {k}), depth, kappa=kappa, form=form).net
        assert gains[k] == pytest.approx(inside[k] - alone[k], abs=1e-12)
    for outside in ("arrangement", "mirror"):  # the same thing under exclusion
        got = external_gains(game, labels, depth, S, kappa=kappa, form=form, outside=outside)
        assert set(got) == set(range(n)) - set(S)
        for k, v in got.items():
            joined = payoffs(game, coalition_labels(n, set(S) | {k}), depth, kappa=kappa,
                             form=form).net
            assert v == pytest.approx(joined[k] - inside[k], abs=1e-12)


@settings(max_examples=examples(0.3))
@given(seeds, st.integers(3, 6), rivalries, shares)
def test_conventions(seed, n, r, e):
    rng = np.random.default_rng(seed)
    S = list(range(int(rng.integers(2, n + 1))))
    labels, depth = coalition_labels(n, S), float(rng.uniform())
    # without excludability admission changes nothing: the conventions agree
    pure = random_game(n, rng, e=0.0, r=r)
    assert (internal_gains(pure, labels, depth, S)
            == pytest.approx(internal_gains(pure, labels, depth, S, convention="open"), abs=1e-12))
    # without rivalry the open leaver keeps the club benefit and loses nothing else
    club = random_game(n, rng, e=e, r=0.0)
    excl = internal_gains(club, labels, depth, S)
    open_ = internal_gains(club, labels, depth, S, convention="open")
    for k in S:
        assert open_[k] <= excl[k] + 1e-12
        if e > 0 and club.b[k] > 0 and any(club.N[k, j] > 0 for j in S if j != k):
            assert open_[k] < excl[k]


def _literal_stable_coalitions(game, depth, kappa, form, convention, outside, tol=1e-9,
                               external=True):
    """Every nonempty coalition checked from :func:`payoffs` alone (no cache)."""
    n = game.n
    found = []
    for size in range(1, n + 1):
        for S in itertools.combinations(range(n), size):
            labels = coalition_labels(n, S)
            ok = True
            inside = payoffs(game, labels, depth, kappa=kappa, form=form)
            for k in S:
                left = labels.copy()
                left[k] = n + 10
                admit = inside.admit if convention == "open" else None
                alone = payoffs(game, left, depth, kappa=kappa, form=form, admit_override=admit)
                ok &= inside.net[k] >= alone.net[k] - tol
            for k in set(range(n)) - set(S) if external else ():
                joined = coalition_labels(n, set(S) | {k})
                with_k = payoffs(game, joined, depth, kappa=kappa, form=form)
                if outside == "arrangement":
                    base = inside.net[k]
                else:
                    left = joined.copy()
                    left[k] = n + 10
                    admit = with_k.admit if convention == "open" else None
                    base = payoffs(game, left, depth, kappa=kappa, form=form,
                                   admit_override=admit).net[k]
                ok &= with_k.net[k] <= base + tol
            if ok:
                found.append(frozenset(S))
    return found


@settings(max_examples=examples(0.15))
@given(seeds, st.integers(3, 5), shares, rivalries, forms,
       st.sampled_from(["exclusion", "open"]), st.sampled_from(["arrangement", "mirror"]))
def test_stable_coalitions_match_literal_check(seed, n, e, r, form, convention, outside):
    rng = np.random.default_rng(seed)
    game = random_game(n, rng, e=e, r=r, capacity=bool(rng.random() < 0.3))
    depth, kappa = float(rng.uniform(0.2, 1.0)), float(rng.choice([0.0, 0.05]))
    got = stable_coalitions(game, depth, kappa, form, convention, outside)
    assert got == _literal_stable_coalitions(game, depth, kappa, form, convention, outside)
    internal = stable_coalitions(game, depth, kappa, form, convention, outside, external=False)
    assert internal == _literal_stable_coalitions(game, depth, kappa, form, convention, outside,
                                                  external=False)
    assert set(got) <= set(internal)
    assert all(frozenset([k]) in internal for k in range(n))  # the status quo holds


@settings(max_examples=examples(0.15))
@given(seeds, st.integers(3, 6), shares, rivalries, st.sampled_from(["exclusion", "open"]))
def test_max_stable_depth_is_the_boundary(seed, n, e, r, convention):
    rng = np.random.default_rng(seed)
    game = random_game(n, rng, e=e, r=r)
    S = list(range(int(rng.integers(2, n + 1))))
    labels = coalition_labels(n, S)
    top = max_stable_depth(game, S, convention=convention, grid=32)
    if top is None:  # unstable on the whole grid (and so at depth 0 too)
        assert not internally_stable(game, labels, 0.0, S, convention=convention)
        return
    assert internally_stable(game, labels, top, S, convention=convention)
    # nothing deeper is stable on a finer grid
    deeper = [d for d in np.linspace(0.0, 1.0, 201) if d > top + 1e-9]
    assert not any(internally_stable(game, labels, d, S, convention=convention) for d in deeper)


# ------------------------------------------------------------------ deal networks
def _draw_deal_game(seed: int, n: int):
    """The random deal games searched for the pinned examples below."""
    rng = np.random.default_rng(seed)
    e, r = float(rng.uniform(0, 1)), float(rng.uniform(0, 3))
    kappa = float(rng.choice([0.0, 0.02, 0.1]))
    form = str(rng.choice(["pair", "member", "institution"]))
    return random_game(n, rng, e=e, r=r, n_regions=1), kappa, form


def _literal_pairwise_stable(game, network, kappa, form, transfers, tol=1e-9):
    """Jackson & Wolinsky (1996), from :func:`payoffs` alone: with ``transfers`` the
    pair's joint gain decides; without, a deal forms only if both gain and ends if
    either gains from ending it."""
    n = game.n
    net = set(network)
    for i, j in itertools.combinations(range(n), 2):
        with_ = payoffs(game, range(n), 1.0, net | {(i, j)}, kappa, form).net
        without = payoffs(game, range(n), 1.0, net - {(i, j)}, kappa, form).net
        gi, gj = with_[i] - without[i], with_[j] - without[j]
        gain = gi + gj if transfers else min(gi, gj)
        if ((i, j) in net and gain < -tol) or ((i, j) not in net and gain > tol):
            return False
    return True


def _all_networks(n):
    pairs = all_pairs(n)
    for size in range(len(pairs) + 1):
        for links in itertools.combinations(pairs, size):
            yield frozenset(links)


def _check_enumeration(game, kappa, form, transfers=True):
    got = pairwise_stable_networks(game, kappa, form, transfers=transfers)
    direct = [net for net in _all_networks(game.n)
              if _literal_pairwise_stable(game, net, kappa, form, transfers)]
    assert sorted(map(sorted, got)) == sorted(map(sorted, direct))
    assert all(is_pairwise_stable(game, net, kappa, form, transfers=transfers) for net in got)
    return got


def test_two_symmetric_states_make_the_deal():
    for transfers in (True, False):
        assert pairwise_stable_networks(symmetric_game(2), transfers=transfers) == [frozenset({(0, 1)})]
        # prohibitive decision costs: nobody deals
        assert pairwise_stable_networks(symmetric_game(4), kappa=10.0,
                                        transfers=transfers) == [frozenset()]


def test_three_symmetric_states_ties_are_weak():
    """Pure public good, no costs: a deal's joint gain is (1 - 2k)/2 per party of
    degree k, so the second deal of a state is worth exactly 0 to the pair and a
    third link hurts its pair by 1: every network of one or two links is pairwise
    stable (weak inequalities), the empty and the complete ones are not."""
    got = pairwise_stable_networks(symmetric_game(3))
    assert sorted(map(len, got)) == [1, 1, 1, 2, 2, 2]
    assert pair_gain(symmetric_game(3), {(0, 1)}, (0, 2)) == 0.0
    assert pair_gain(symmetric_game(3), all_pairs(3), (1, 2)) == -1.0


def test_transfers_decide_a_lopsided_deal():
    """Two states, a pure public good: the deal doubles each one's provision. The
    heavy user (b = 2) gains a lot, the light one (b = 0.2, both c = 1) loses:
    alone g = (2, 0.2); together both give 2.2; the light one's payoff goes from
    0.2 * 2.2 - 0.02 = 0.42 to 0.2 * 4.4 - 2.42 = -1.54, the heavy one's from
    2 * 2.2 - 2 = 2.4 to 2 * 4.4 - 2.42 = 6.38. With transfers the joint gain
    (3.98 - 1.96 = 2.02 > 0) makes the deal; without, the light one refuses it."""
    one = np.ones((2, 2))
    game = Game([2.0, 0.2], [1.0, 1.0], [0.0, 0.0], [np.inf] * 2, one, one, one, 0.0, 0.0)
    assert pair_gains(game, (), (0, 1)) == pytest.approx((3.98, -1.96))
    assert pairwise_stable_networks(game, transfers=True) == [frozenset({(0, 1)})]
    assert pairwise_stable_networks(game, transfers=False) == [frozenset()]


@pytest.mark.parametrize("seed, n, transfers, path", [
    # crowding (e = 0.96, r = 0.62) and decision costs: {} -> {13} -> {01, 13} -> {01} -> {}
    (10, 4, True, [set(), {(1, 3)}, {(0, 1), (1, 3)}, {(0, 1)}, set()]),
    # state 1 takes either deal alone but not both: {} -> {01} -> {01, 12} -> {12} -> {}
    (779, 3, False, [set(), {(0, 1)}, {(0, 1), (1, 2)}, {(1, 2)}, set()]),
])
def test_no_pairwise_stable_network(seed, n, transfers, path):
    """Pinned by a seeded search: the improving moves cycle (each by a margin of
    at least 0.03), so no network is pairwise stable."""
    game, kappa, form = _draw_deal_game(seed, n)
    assert kappa == 0.1
    assert _check_enumeration(game, kappa, form, transfers) == []
    for before, after in itertools.pairwise(path):
        (link,) = before ^ after
        gi, gj = pair_gains(game, before, link, kappa, form)  # gains of having the link
        if transfers:
            assert (gi + gj > 0.03) if link in after else (gi + gj < -0.03)
        else:
            assert (min(gi, gj) > 0.03) if link in after else (min(gi, gj) < -0.03)


@pytest.mark.parametrize("seed, n, transfers, count", [
    (3, 3, True, 2), (12, 4, True, 3), (34, 3, False, 3), (32, 4, False, 3)])
def test_several_pairwise_stable_networks(seed, n, transfers, count):
    """Pinned by a seeded search (every deciding gain in every network is at least
    1e-3 away from zero, so no count rests on a tie)."""
    game, kappa, form = _draw_deal_game(seed, n)
    got = _check_enumeration(game, kappa, form, transfers)
    assert len(got) == count
    lab = np.arange(n)
    nets = {net: payoffs(game, lab, 1.0, net, kappa, form).net for net in _all_networks(n)}
    for net, value in nets.items():
        for i, j in all_pairs(n):
            other = net ^ {(i, j)}
            gi, gj = value[i] - nets[other][i], value[j] - nets[other][j]
            assert (abs(gi + gj) if transfers else min(abs(gi), abs(gj))) > 1e-3


@settings(max_examples=examples(0.1))
@given(seeds, st.integers(2, 4), shares, rivalries, forms, st.sampled_from([0.0, 0.05, 0.3]),
       st.booleans())
def test_pairwise_enumeration_matches_literal_check(seed, n, e, r, form, kappa, transfers):
    rng = np.random.default_rng(seed)
    _check_enumeration(random_game(n, rng, e=e, r=r), kappa, form, transfers)
