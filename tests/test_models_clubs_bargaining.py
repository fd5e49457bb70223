"""Clubs (Buchanan 1965), bargaining (Nash, Rubinstein) and the skilled-labour market."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import brentq, minimize

from goodsgov.errors import ValidationError
from goodsgov.models import (
    club_partition, club_provision, club_size, nash_bargaining, nash_splits, rubinstein_share,
    skilled_labour_market,
)
from strategies import tc_delta, tc_labour_market, tc_payoff, tc_positive


# --------------------------------------------------------------------------- clubs

@given(fixed_cost=tc_positive, congestion=tc_positive, benefit=tc_payoff)
def test_club_size_is_the_best_integer_and_real_optimum(fixed_cost, congestion, benefit):
    r = club_size(fixed_cost, congestion, benefit=benefit)

    def v(m):
        return benefit - fixed_cost / m - congestion * m

    assert r.members == pytest.approx(math.sqrt(fixed_cost / congestion))
    # the real optimum is a stationary point of v
    h = 1e-6 * r.members
    assert (v(r.members + h) - v(r.members - h)) / (2 * h) == pytest.approx(
        0.0, abs=1e-5 * (fixed_cost / r.members ** 2 + congestion))
    # brute force over integers up to well beyond the optimum
    grid = np.arange(1, int(4 * r.members) + 3)
    assert r.value_per_member >= v(grid).max() - 1e-9 * max(1.0, abs(v(grid)).max())
    assert r.toll == pytest.approx(fixed_cost / r.members_int)
    # at the real optimum the cost share equals the marginal crowding cost
    assert fixed_cost / r.members == pytest.approx(congestion * r.members)


def _dp_partition(n, fixed_cost, congestion, benefit):
    """Exact best partition welfare by dynamic programming over club sizes."""
    w = np.array([0.0] + [benefit * s - fixed_cost - congestion * s * s for s in range(1, n + 1)])
    best = np.full(n + 1, -np.inf)
    best[0] = 0.0
    for m in range(1, n + 1):
        best[m] = np.max(best[m - np.arange(1, m + 1)] + w[1:m + 1])
    return best[n]


@given(n=st.integers(1, 80), fixed_cost=st.floats(0.0, 100.0), congestion=st.floats(0.0, 10.0),
       benefit=tc_payoff)
def test_club_partition_is_optimal_and_never_worse_than_one_club(n, fixed_cost, congestion,
                                                                 benefit):
    p = club_partition(n, fixed_cost, congestion, benefit=benefit)
    assert sum(p.sizes) == n and min(p.sizes) >= 1
    assert p.welfare >= p.welfare_one_club - 1e-9 * max(1.0, abs(p.welfare_one_club))
    assert p.welfare == pytest.approx(_dp_partition(n, fixed_cost, congestion, benefit),
                                      rel=1e-9, abs=1e-9)
    total = sum(benefit * s - fixed_cost - congestion * s * s for s in p.sizes)
    assert p.welfare == pytest.approx(total, rel=1e-9, abs=1e-9)


def test_club_partition_sizes_near_the_optimal_club():
    p = club_partition(100, fixed_cost=25.0, congestion=1.0)
    assert p.n_clubs == 20 and set(p.sizes) == {5}
    assert club_partition(7, fixed_cost=0.0, congestion=1.0).sizes == (1,) * 7
    assert club_partition(7, fixed_cost=1.0, congestion=0.0).sizes == (7,)


@given(alpha=tc_positive, delta=tc_positive, cost=tc_positive)
def test_club_provision_closed_form_matches_numerical_optimum(alpha, delta, cost):
    r = club_provision(alpha, delta, cost)

    def minus_v(z):      # z = (log n, log X)
        n, x = np.exp(z)
        return -(alpha * np.log(x) - delta * n - cost * x / n)

    start = np.log([max(r.members, 1e-3) * 1.7, max(r.provision, 1e-3) * 0.6])
    res = minimize(minus_v, start, method="Nelder-Mead",
                   options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 5000})
    n_num, x_num = np.exp(res.x)
    assert r.members == pytest.approx(n_num, rel=1e-3)
    assert r.provision == pytest.approx(x_num, rel=1e-3)
    assert r.toll == pytest.approx(alpha)
    assert r.toll == pytest.approx(cost * r.provision_int / r.members_int)


def test_club_bad_inputs():
    with pytest.raises(ValidationError, match="fixed_cost"):
        club_size(0.0, 1.0)
    with pytest.raises(ValidationError, match="congestion"):
        club_size(1.0, -1.0)
    with pytest.raises(ValidationError, match="n_states"):
        club_partition(0, 1.0, 1.0)
    with pytest.raises(ValidationError, match="alpha"):
        club_provision(math.nan, 1.0, 1.0)


# --------------------------------------------------------------------------- bargaining

@given(rows=st.lists(st.tuples(tc_payoff, tc_payoff, tc_payoff), min_size=1, max_size=8),
       w=st.floats(0.0, 1.0))
def test_nash_splits_are_nash_bargaining_pair_by_pair(rows, w):
    surplus = [r[0] for r in rows]
    u1, u2, agreed = nash_splits(surplus, [[r[1], r[2]] for r in rows], weight=w)
    for k, (v, d1, d2) in enumerate(rows):
        one = nash_bargaining(v, (d1, d2), weight=w)
        assert (u1[k], u2[k], bool(agreed[k])) == (*one.payoffs, one.agreement)
    with pytest.raises(ValidationError, match="disagreement"):
        nash_splits(surplus, [[0.0, 0.0, 0.0]] * len(rows))


@given(surplus=tc_payoff, d1=tc_payoff, d2=tc_payoff, w=st.floats(0.0, 1.0))
def test_nash_bargaining_efficient_and_individually_rational(surplus, d1, d2, w):
    r = nash_bargaining(surplus, (d1, d2), weight=w)
    u1, u2 = r.payoffs
    margin = 1e-9 * max(1.0, abs(surplus), abs(d1), abs(d2))
    if surplus >= d1 + d2 + margin:
        assert r.agreement
    elif surplus <= d1 + d2 - margin:
        assert not r.agreement
    if r.agreement:
        assert u1 + u2 == pytest.approx(surplus, abs=1e-9)
        assert u1 >= d1 - 1e-9 and u2 >= d2 - 1e-9
        # generalised Nash product is maximal on the frontier (grid check)
        g = surplus - d1 - d2
        if g > 1e-6 and 0 < w < 1:
            share = np.linspace(1e-6, 1 - 1e-6, 2001)
            prod = w * np.log(share * g) + (1 - w) * np.log((1 - share) * g)
            best = share[np.argmax(prod)]
            assert (u1 - d1) / g == pytest.approx(best, abs=1e-3)
    else:
        assert not r.agreement and r.payoffs == (d1, d2)


@given(surplus=tc_positive, d1=tc_payoff, d2=tc_payoff, shift=tc_payoff,
       scale=st.floats(0.1, 10.0))
def test_nash_bargaining_affine_invariance_and_symmetry(surplus, d1, d2, shift, scale):
    base = nash_bargaining(surplus, (d1, d2))
    moved = nash_bargaining(scale * surplus + 2 * shift, (scale * d1 + shift, scale * d2 + shift))
    assert moved.payoffs[0] == pytest.approx(scale * base.payoffs[0] + shift, abs=1e-8)
    swapped = nash_bargaining(surplus, (d2, d1))
    assert swapped.payoffs[0] == pytest.approx(base.payoffs[1], abs=1e-9)


def _finite_horizon_share(d1, d2, rounds):
    """First proposer's share by backward induction on ``rounds`` alternating offers.

    Player 1 proposes in odd rounds, player 2 in even ones; the last proposer keeps
    everything and each proposer offers the responder exactly the discounted value of
    being the next proposer.
    """
    deltas = {1: d1, 2: d2}
    share = 1.0
    for t in range(rounds - 1, 0, -1):
        responder = 2 if t % 2 == 1 else 1
        share = 1.0 - deltas[responder] * share
    return share


@given(d1=tc_delta, d2=tc_delta)
def test_rubinstein_share_is_the_limit_of_finite_bargaining(d1, d2):
    got = rubinstein_share(d1, d2)
    rounds = 2 * int(np.ceil(40.0 / max(1e-3, 1.0 - d1 * d2)))   # d1*d2 ** (rounds/2) tiny
    assert got == pytest.approx(_finite_horizon_share(d1, d2, rounds), abs=1e-9)
    assert got == pytest.approx(_finite_horizon_share(d1, d2, rounds + 1), abs=1e-9)
    assert 0.0 <= got <= 1.0
    assert rubinstein_share(d1) == pytest.approx(1.0 / (1.0 + d1))


@given(d1=st.floats(0.0, 0.98), d2=st.floats(0.0, 0.98), step=st.floats(0.001, 0.01))
def test_rubinstein_patience_pays(d1, d2, step):
    assert rubinstein_share(d1 + step, d2) >= rubinstein_share(d1, d2)
    assert rubinstein_share(d1, d2 + step) <= rubinstein_share(d1, d2)


def test_bargaining_bad_inputs():
    with pytest.raises(ValidationError, match="weight"):
        nash_bargaining(1.0, (0.0, 0.0), weight=1.5)
    with pytest.raises(ValidationError, match="disagreement"):
        nash_bargaining(1.0, (0.0, 0.0, 0.0))
    with pytest.raises(ValidationError, match="delta"):
        rubinstein_share(1.0)
    with pytest.raises(ValidationError, match="delta_other"):
        rubinstein_share(0.5, -0.1)


# --------------------------------------------------------------------------- labour market

@given(tc_labour_market())
def test_labour_market_clears_and_equalises_marginal_values(market):
    inter, slopes, pool = market
    m = skilled_labour_market(inter, slopes, pool)
    a, s = np.array(inter), np.array(slopes)
    demand0 = np.sum(np.maximum(a, 0) / s)
    assert np.all(m.allocation >= 0)
    if demand0 >= pool:
        assert m.allocation.sum() == pytest.approx(pool, rel=1e-9, abs=1e-9)
        assert m.unallocated == pytest.approx(0.0, abs=1e-8)
    else:
        assert m.wage == 0.0
        assert m.allocation == pytest.approx(np.maximum(a, 0) / s)
        assert m.unallocated == pytest.approx(pool - demand0)
    active = m.allocation > 1e-9
    scale = 1e-7 * max(1.0, np.abs(a).max())
    assert np.all(np.abs(m.marginal_values[active] - m.wage) <= scale)
    assert np.all(a[~active] <= m.wage + scale)
    # cross-check the wage with a root finder on excess demand
    if demand0 > pool:
        wage = brentq(lambda w: np.sum(np.maximum(a - w, 0) / s) - pool, 0.0, a.max(),
                      xtol=1e-13)
        assert m.wage == pytest.approx(wage, rel=1e-8, abs=1e-8)


@given(tc_labour_market(max_states=5))
def test_labour_market_is_efficient(market):
    inter, slopes, pool = market
    m = skilled_labour_market(inter, slopes, pool)
    a, s = np.array(inter), np.array(slopes)
    rng = np.random.default_rng(0)
    # no feasible reallocation of the same total does better
    for _ in range(50):
        alt = rng.dirichlet(np.ones(a.size)) * m.allocation.sum()
        value = np.sum(a * alt - s * alt ** 2 / 2)
        assert value <= m.welfare + 1e-7 * max(1.0, abs(m.welfare))


@given(tc_labour_market(max_states=6), st.permutations(range(6)))
def test_labour_market_relabelling(market, perm):
    inter, slopes, pool = market
    p = [i for i in perm if i < len(inter)]
    m = skilled_labour_market(inter, slopes, pool)
    mp = skilled_labour_market([inter[i] for i in p], [slopes[i] for i in p], pool)
    assert mp.wage == pytest.approx(m.wage, rel=1e-9, abs=1e-9)
    assert mp.allocation == pytest.approx(m.allocation[p], rel=1e-9, abs=1e-9)


def test_labour_market_bad_inputs():
    with pytest.raises(ValidationError, match="slopes"):
        skilled_labour_market([1.0, 2.0], [1.0], 1.0)
    with pytest.raises(ValidationError, match="slopes"):
        skilled_labour_market([1.0], [0.0], 1.0)
    with pytest.raises(ValidationError, match="pool"):
        skilled_labour_market([1.0], [1.0], -1.0)
    with pytest.raises(ValidationError, match="intercepts"):
        skilled_labour_market([], [], 1.0)


# --------------------------------------------------------------------------- units (issue 13)
_units = st.integers(min_value=-80, max_value=80).map(lambda k: 10.0 ** k)


@given(n=st.integers(1, 60), f=tc_positive, c=tc_positive, b=tc_payoff, s=_units)
def test_club_partition_does_not_depend_on_units(n, f, c, b, s):
    """Total welfare scales with the units of money; the best partition does not."""
    base = club_partition(n, f, c, benefit=b)
    moved = club_partition(n, f * s, c * s, benefit=b * s)
    assert moved.sizes == base.sizes
    assert moved.welfare == pytest.approx(base.welfare * s, rel=1e-9, abs=1e-300)


@given(m=tc_labour_market(), s=_units)
def test_labour_market_allocation_does_not_depend_on_units(m, s):
    inter, slopes, pool = m
    base = skilled_labour_market(inter, slopes, pool)
    moved = skilled_labour_market([x * s for x in inter], [x * s for x in slopes], pool)
    np.testing.assert_allclose(moved.allocation, base.allocation, rtol=1e-7, atol=1e-9 * pool)
    assert moved.wage == pytest.approx(base.wage * s, rel=1e-7, abs=1e-7 * s * max(
        1.0, max(abs(x) for x in inter)))


@pytest.mark.parametrize("pool", [2.225073858507203e-309, 1e-300, 1e-200])
def test_a_negligible_pool_is_still_allocated_in_full(pool):
    """Beside demand the pool is negligible, so the wage equals the top intercept (in floating
    point); the pool still goes out in full, to the states at that intercept by 1/slope."""
    for scale in (1.0, 1000.0):
        m = skilled_labour_market([1.0 * scale, 1.0 * scale, 0.5 * scale],
                                  [1.0 * scale, 3.0 * scale, 1.0 * scale], pool)
        assert m.allocation.sum() == pytest.approx(pool, rel=1e-9, abs=0)
        assert m.allocation[2] == 0.0
        assert m.allocation[0] == pytest.approx(3 * m.allocation[1], rel=1e-9, abs=0)
