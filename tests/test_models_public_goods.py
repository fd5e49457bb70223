"""Tests of the public-good model catalogue.

Each model's closed form is checked against an independent numerical
computation (scipy optimisation, brute-force enumeration or the
normal-form engine), every reported Nash profile against unilateral
deviations, optimum welfare against Nash welfare, and the comparative
statics the literature states.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import optimize
from scipy.stats import binom

from goodsgov.errors import ValidationError
from goodsgov.models import (
    aggregate_public_good, critical_discount_factor, grim_trigger_threshold, joint_product,
    linear_public_goods, participation_game, threshold_public_good, voluntary_contributions,
    volunteers_dilemma,
)
from example_counts import examples
from strategies import (
    pg_beta, pg_incomes, pg_mpcr, pg_n, pg_nonnegative, pg_positive, pg_threshold_game, pg_tpr,
    pg_values,
)

TOL = 1e-9


# ---------------------------------------------------------------- helpers

def deviation_stack(profile: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Profiles (n, len(grid), n): state i's action replaced by each grid value."""
    n = profile.size
    stack = np.broadcast_to(profile, (n, grid.size, n)).copy()
    idx = np.arange(n)
    stack[idx, :, idx] = grid[None, :]
    return stack


def max_regret(model, profile: np.ndarray, grid: np.ndarray) -> float:
    """Largest gain any state gets by a unilateral move to a grid action."""
    base = model.payoffs(profile)
    dev = model.payoffs(deviation_stack(profile, grid))          # (n, g, n)
    n = profile.size
    own = dev[np.arange(n), :, np.arange(n)]                      # (n, g)
    return float(np.max(own - base[:, None]))


def numeric_grim_threshold(t: float, r: float, p: float):
    """Smallest delta in [0, 1) with R/(1-d) >= T + d P/(1-d), found by root finding."""
    def margin(d):
        return r / (1 - d) - (t + d * p / (1 - d))
    if margin(0.0) >= 0:
        return 0.0
    hi = 1 - 1e-12
    if margin(hi) < 0:
        return None
    return optimize.brentq(margin, 0.0, hi, xtol=1e-14)


def assert_same_threshold(model_value, numeric_value):
    """Model threshold vs root finding (None = never sustained; near 1 both ways is fine)."""
    if model_value is None:
        assert numeric_value is None
    elif numeric_value is None:
        assert model_value >= 1 - 1e-6
    else:
        assert model_value == pytest.approx(numeric_value, abs=1e-9)


def normal_form_payoffs(model, n: int, levels) -> np.ndarray:
    """Payoff array (n, k, ..., k) of a model discretised to ``levels``."""
    levels = np.asarray(levels, dtype=float)
    grids = np.meshgrid(*([levels] * n), indexing="ij")
    profiles = np.stack(grids, axis=-1)                          # (k,..,k, n)
    pay = model.payoffs(profiles)
    return np.moveaxis(pay, -1, 0)


def nfg_pure(payoffs: np.ndarray):
    nf = pytest.importorskip("goodsgov.games.normal_form",
                             reason="normal-form engine not available")
    return {tuple(int(a) for a in eq) for eq in nf.NormalFormGame(payoffs).pure_equilibria()}


# ------------------------------------------------------- 1. linear public goods

@given(n=pg_n, e=pg_positive, m=pg_mpcr)
def test_linear_public_goods_nash_optimum_and_numerics(n, e, m):
    g = linear_public_goods(n, e, m)
    grid = np.linspace(0.0, e, 11)
    assert max_regret(g, g.nash.actions, grid) <= TOL * max(1.0, e * m * n)
    assert g.optimum.welfare >= g.nash.welfare - TOL * e * n
    # optimum welfare vs a linear programme over the box [0, e]^n
    coef = -(n * m - 1.0) * np.ones(n)          # welfare = n e + (n m - 1) sum g
    lp = optimize.linprog(coef, bounds=[(0.0, e)] * n, method="highs")
    assert g.optimum.welfare == pytest.approx(n * e - lp.fun, rel=1e-9, abs=1e-9)
    if m != 1.0:          # at mpcr = 1 every profile is Nash; the zero profile is reported
        assert g.is_dilemma == (g.nash.provision < g.optimum.provision)


@given(n=pg_n, e=pg_positive, m=pg_mpcr)
def test_linear_public_goods_critical_discount_matches_repeated_game(n, e, m):
    g = linear_public_goods(n, e, m)
    full = np.full(n, e)
    defect = full.copy()
    defect[0] = 0.0
    t = g.payoffs(defect)[0]
    r = g.payoffs(full)[0]
    p = g.payoffs(g.nash.actions)[0]
    expected = numeric_grim_threshold(t, r, p)
    assert_same_threshold(g.critical_discount, expected)
    if g.critical_discount is None:
        assert m * n <= 1
    if m >= 1:
        assert g.critical_discount == 0.0


def test_linear_public_goods_textbook_numbers():
    g = linear_public_goods(4, 20.0, 0.5)
    assert g.nash.provision == 0.0 and g.optimum.provision == 80.0
    assert g.critical_discount == pytest.approx(1 / 3)
    assert not linear_public_goods(4, 20.0, 0.2).is_dilemma       # 1/n > mpcr
    assert linear_public_goods(4, 20.0, 0.2).critical_discount is None
    assert linear_public_goods(4, 20.0, 1.5).critical_discount == 0.0


# ------------------------------------------------------- 2. participation game

@given(n=st.integers(2, 5), b=pg_nonnegative, c=pg_nonnegative)
@settings(max_examples=examples(0.5))
def test_participation_game_against_normal_form_engine(n, b, c):
    assume(abs(b - c) > 1e-6 and abs(n * b - c) > 1e-6)
    g = participation_game(n, b, c)
    pay = normal_form_payoffs(g, n, [0.0, 1.0])
    eqs = nfg_pure(pay)
    assert tuple(int(a) for a in g.nash.actions) in eqs
    assert len(eqs) == 1                          # strict dominance: unique equilibrium
    welfare = pay.sum(axis=0)
    assert g.optimum.welfare == pytest.approx(welfare.max(), rel=1e-12, abs=1e-12)
    assert g.optimum.welfare >= g.nash.welfare


@given(n=pg_n, b=pg_nonnegative, c=pg_nonnegative)
def test_participation_game_no_deviation_and_discount(n, b, c):
    g = participation_game(n, b, c)
    assert max_regret(g, g.nash.actions, np.array([0.0, 1.0])) <= TOL * max(1.0, n * b)
    assert g.optimum.welfare >= g.nash.welfare
    ones = np.ones(n)
    dev = ones.copy()
    dev[0] = 0.0
    expected = numeric_grim_threshold(g.payoffs(dev)[0], g.payoffs(ones)[0],
                                      g.payoffs(np.zeros(n))[0])
    assert_same_threshold(g.critical_discount, expected)


# -------------------------------------------------- 3. aggregation technologies

TECHS = ["summation", "weighted", "weakest_link", "best_shot"]


def _make(tech, values, cost, weights):
    return aggregate_public_good(tech, values, cost,
                                 weights=weights[: len(values)] if tech == "weighted" else None)


weights_st = st.lists(st.floats(0.2, 3.0), min_size=6, max_size=6)


@given(tech=st.sampled_from(TECHS), values=pg_values, cost=st.floats(0.0, 5.0),
       weights=weights_st)
@settings(max_examples=examples(4 / 3))
def test_aggregate_nash_has_no_profitable_deviation(tech, values, cost, weights):
    g = _make(tech, values, cost, weights)
    top = max(max(values), 1.0) / min(weights) + 1.0
    grid = np.concatenate([np.linspace(0.0, top, 801), g.nash.actions])
    assert max_regret(g, g.nash.actions, grid) <= 1e-9
    # scipy bounded search per state as an independent optimiser
    for i in range(len(values)):
        def neg(x, i=i):
            prof = g.nash.actions.copy()
            prof[i] = x
            return -g.payoffs(prof)[i]
        res = optimize.minimize_scalar(neg, bounds=(0.0, top), method="bounded",
                                       options={"xatol": 1e-10})
        assert -res.fun <= g.nash.payoffs[i] + 1e-7
    assert g.optimum.welfare >= g.nash.welfare - 1e-9


@given(tech=st.sampled_from(TECHS), values=pg_values, cost=st.floats(0.0, 5.0),
       weights=weights_st, seed=st.integers(0, 2**32 - 1))
@settings(max_examples=examples(2 / 3))
def test_aggregate_optimum_against_numerical_optimisation(tech, values, cost, weights, seed):
    g = _make(tech, values, cost, weights)
    n = len(values)
    rng = np.random.default_rng(seed)
    top = max(max(values), 1.0) / min(weights) + 1.0
    random_profiles = rng.uniform(0.0, top, size=(2000, n)) * (rng.random((2000, n)) < 0.7)
    assert np.max(g.payoffs(random_profiles).sum(axis=-1)) <= g.optimum.welfare + 1e-9

    def neg_welfare(q):
        return -float(g.payoffs(q).sum())
    if tech in ("summation", "weighted"):
        best = max(-optimize.minimize(neg_welfare, rng.uniform(0, 1, n), method="L-BFGS-B",
                                      bounds=[(0.0, top)] * n).fun for _ in range(3))
        assert best == pytest.approx(g.optimum.welfare, abs=1e-6)
    elif tech == "weakest_link":
        res = optimize.minimize_scalar(lambda x: neg_welfare(np.full(n, x)),
                                       bounds=(0.0, top), method="bounded",
                                       options={"xatol": 1e-10})
        assert -res.fun == pytest.approx(g.optimum.welfare, abs=1e-7)
    else:
        best = max(-optimize.minimize_scalar(
            lambda x, i=i: neg_welfare(np.eye(n)[i] * x), bounds=(0.0, top),
            method="bounded", options={"xatol": 1e-10}).fun for i in range(n))
        assert best == pytest.approx(g.optimum.welfare, abs=1e-7)


@given(values=pg_values, cost=st.floats(0.0, 5.0), bump=st.floats(0.1, 5.0))
def test_weakest_link_nash_set_by_lowest_value_state(values, cost, bump):
    g = aggregate_public_good("weakest_link", values, cost)
    low = int(np.argmin(values))
    assert g.nash.provision == pytest.approx(max(min(values) - cost, 0.0))
    # raising any other state's value leaves the Nash provision unchanged
    for i in range(len(values)):
        if i != low:
            raised = list(values)
            raised[i] += bump
            assert aggregate_public_good("weakest_link", raised, cost).nash.provision == \
                pytest.approx(g.nash.provision)
    # it is the largest Nash provision: a common level just above is not Nash
    above = g.nash.actions + 0.01
    grid = np.concatenate([np.linspace(0.0, max(values) + 1.0, 401), g.nash.actions[:1]])
    assert max_regret(g, above, grid) > 1e-6


@given(values=st.lists(st.integers(1, 4), min_size=2, max_size=3),
       cost=st.integers(0, 1), tech=st.sampled_from(["weakest_link", "best_shot", "summation"]))
@settings(max_examples=examples(0.4))
def test_aggregate_discretised_normal_form_cross_check(values, cost, tech):
    assume(tech != "summation" or values.count(max(values)) == 1)
    g = aggregate_public_good(tech, [float(v) for v in values], float(cost))
    n = len(values)
    levels = np.arange(0, max(values) + 1, dtype=float)
    pay = normal_form_payoffs(g, n, levels)
    eqs = nfg_pure(pay)
    provisions = [g.aggregate(levels[list(eq)]) for eq in eqs]
    assert tuple(int(a) for a in g.nash.actions) in eqs
    if tech == "weakest_link":
        assert max(provisions) == pytest.approx(g.nash.provision)


@given(values=pg_values, cost=st.floats(0.0, 5.0), lam=st.floats(0.1, 10.0),
       seed=st.integers(0, 1000), tech=st.sampled_from(TECHS))
def test_aggregate_relabel_and_scale_invariance(values, cost, lam, seed, tech):
    w = np.linspace(0.5, 2.0, len(values))
    g = aggregate_public_good(tech, values, cost, weights=w if tech == "weighted" else None)
    perm = np.random.default_rng(seed).permutation(len(values))
    gp = aggregate_public_good(tech, np.asarray(values)[perm], cost,
                               weights=w[perm] if tech == "weighted" else None)
    assert gp.nash.provision == pytest.approx(g.nash.provision, abs=1e-12)
    assert gp.optimum.welfare == pytest.approx(g.optimum.welfare, abs=1e-9)
    # scaling values and cost by lam scales quantities by lam and payoffs by lam**2
    gs = aggregate_public_good(tech, np.asarray(values) * lam, cost * lam,
                               weights=w if tech == "weighted" else None)
    assert gs.nash.provision == pytest.approx(lam * g.nash.provision, rel=1e-9, abs=1e-12)
    assert gs.optimum.welfare == pytest.approx(lam ** 2 * g.optimum.welfare, rel=1e-9,
                                               abs=1e-9)


def test_summation_is_weighted_with_unit_weights_and_weights_matter():
    v = [2.0, 6.0, 3.0]
    s = aggregate_public_good("summation", v, 1.0)
    w = aggregate_public_good("weighted", v, 1.0, weights=[1.0, 1.0, 1.0])
    assert s.nash.provision == w.nash.provision == 5.0
    assert s.optimum.provision == pytest.approx((11.0 - 1.0) / 3)
    # a cheap (high-weight) low-value state can become the supplier
    w2 = aggregate_public_good("weighted", v, 1.0, weights=[10.0, 1.0, 1.0])
    assert w2.nash.provision == 5.0 and w2.nash.actions[1] > 0
    w3 = aggregate_public_good("weighted", [5.8, 6.0, 3.0], 1.0, weights=[10.0, 1.0, 1.0])
    assert w3.nash.provision == pytest.approx(5.7) and w3.nash.actions[0] > 0


# ------------------------------------------------------ 4. threshold public good

def _binomial_gain(n, t, v, c, p):
    """Expected gain of contributing vs abstaining when others contribute w.p. p."""
    return v * binom.pmf(t - 1, n - 1, p) - c


@given(pg_threshold_game())
@settings(max_examples=examples(2 / 3))
def test_threshold_pure_equilibria_match_normal_form_engine(params):
    n, t, v, c = params
    g = threshold_public_good(n, t, v, c)
    eqs = nfg_pure(normal_form_payoffs(g, n, [0.0, 1.0]))
    assert set(g.pure_equilibria) == eqs
    assert len(g.pure_equilibria) == sum(math.comb(n, k) for k in g.equilibrium_sizes)
    assert tuple(int(a) for a in g.nash.actions) in eqs
    assert g.optimum.welfare >= g.nash.welfare


@given(pg_threshold_game(max_n=12))
def test_threshold_brute_force_and_symmetric_mixed(params):
    n, t, v, c = params
    g = threshold_public_good(n, t, v, c)
    # brute force over contributor counts, written from the deviation definition
    sizes = []
    for k in range(n + 1):
        prof = (np.arange(n) < k).astype(float)
        if max_regret(g, prof, np.array([0.0, 1.0])) <= 1e-12:
            sizes.append(k)
    assert tuple(sizes) == g.equilibrium_sizes
    for p in g.symmetric_mixed:
        gain = _binomial_gain(n, t, v, c, p)
        if 0 < p < 1:
            assert abs(gain) <= 1e-7 * max(v, c, 1.0)
        elif p == 0:
            assert gain <= 1e-9
        else:
            assert gain >= -1e-9
    # every interior root of the gain on a fine grid is reported
    grid = np.linspace(1e-6, 1 - 1e-6, 4001)
    gains = _binomial_gain(n, t, v, c, grid)
    for j in np.nonzero(np.sign(gains[:-1]) * np.sign(gains[1:]) < 0)[0]:
        root = optimize.brentq(lambda p: _binomial_gain(n, t, v, c, p), grid[j], grid[j + 1])
        assert np.min(np.abs(g.symmetric_mixed - root)) < 1e-6


@given(pg_threshold_game(max_n=10), st.floats(0.1, 20.0))
def test_threshold_invariant_to_payoff_scaling(params, lam):
    n, t, v, c = params
    # cost 0 makes the pivot gain vanish with multiplicity at the corners, where
    # root location is ill-conditioned; the equilibrium sizes are still compared
    g = threshold_public_good(n, t, v, c)
    h = threshold_public_good(n, t, v * lam, c * lam)
    assert h.equilibrium_sizes == g.equilibrium_sizes
    assume(c > 0)
    assert h.equilibrium_sizes == g.equilibrium_sizes
    np.testing.assert_allclose(h.symmetric_mixed, g.symmetric_mixed, atol=1e-7)


def test_threshold_textbook_case():
    g = threshold_public_good(5, 3, 10.0, 2.0)
    assert g.equilibrium_sizes == (0, 3)
    assert len(g.pure_equilibria) == 1 + math.comb(5, 3)
    interior = g.symmetric_mixed[(g.symmetric_mixed > 0) & (g.symmetric_mixed < 1)]
    assert interior.size == 2            # the low and high mixed equilibria
    assert g.optimum.provision == 1.0 and g.optimum.actions.sum() == 3


# ------------------------------------------------------- 5. volunteer's dilemma

@given(n=pg_n, b=pg_positive, frac=st.floats(0.01, 0.99))
def test_volunteers_dilemma_matches_diekmann(n, b, frac):
    c = b * frac
    d = volunteers_dilemma(n, b, c)
    q = (c / b) ** (1.0 / (n - 1))                     # Diekmann (1985), eq. 3
    assert d.abstain_probability == pytest.approx(q, abs=1e-8)
    assert d.no_volunteer_probability == pytest.approx(q ** n, abs=1e-8)
    # equals the threshold model with threshold 1
    tg = threshold_public_good(n, 1, b, c)
    inner = tg.symmetric_mixed[(tg.symmetric_mixed > 0) & (tg.symmetric_mixed < 1)]
    np.testing.assert_allclose(inner, [d.volunteer_probability], atol=1e-8)
    # indifference: volunteering and abstaining pay the same in expectation
    abstain_pay = b * (1 - d.abstain_probability ** (n - 1))
    assert abstain_pay == pytest.approx(b - c, abs=1e-7 * b)
    assert d.nash.payoffs[0] == pytest.approx(b - c, abs=1e-7 * b)
    assert d.optimum.welfare >= d.nash.welfare


@given(n=st.integers(2, 40), b=pg_positive, frac=st.floats(0.01, 0.99))
def test_volunteers_dilemma_comparative_statics(n, b, frac):
    c = b * frac
    d, d_more = volunteers_dilemma(n, b, c), volunteers_dilemma(n + 1, b, c)
    # Diekmann: more bystanders, each volunteers less and the good fails more often
    assert d_more.abstain_probability >= d.abstain_probability - 1e-9
    assert d_more.no_volunteer_probability >= d.no_volunteer_probability - 1e-9


def test_volunteers_dilemma_corners():
    assert volunteers_dilemma(4, 1.0, 2.0).abstain_probability == 1.0
    assert volunteers_dilemma(4, 1.0, 1.0).abstain_probability == 1.0
    assert volunteers_dilemma(4, 1.0, 0.0).abstain_probability == 0.0


# ----------------------------------------------------------- 6. joint products

@given(n=pg_n, a=pg_nonnegative, b=pg_nonnegative, c=pg_positive)
def test_joint_product_closed_form_vs_scipy(n, a, b, c):
    j = joint_product(n, a, b, c)
    top = (a + n * b) / c * 2 + 1.0

    def neg_own(x):
        prof = j.nash.actions.copy()
        prof[0] = x
        return -j.payoffs(prof)[0]
    br = optimize.minimize_scalar(neg_own, bounds=(0.0, top), method="bounded",
                                  options={"xatol": 1e-11})
    assert br.x == pytest.approx(j.nash.actions[0], abs=1e-6 * (1 + top))
    assert -br.fun <= j.nash.payoffs[0] + 1e-9 * (1 + top ** 2 * c)
    assert max_regret(j, j.nash.actions, np.linspace(0, top, 201)) <= 1e-9 * (1 + top ** 2 * c)
    m = min(n, 6)
    jm = joint_product(m, a, b, c)
    res = optimize.minimize(lambda q: -jm.payoffs(q).sum(), np.ones(m),
                            jac=lambda q: -(a + m * b - c * q), method="L-BFGS-B",
                            bounds=[(0.0, None)] * m, options={"ftol": 1e-15, "gtol": 1e-12})
    assert -res.fun == pytest.approx(jm.optimum.welfare, rel=1e-7, abs=1e-7)
    assert j.optimum.welfare >= j.nash.welfare - 1e-9


@given(n=st.integers(2, 50), a=pg_nonnegative, b=pg_positive, c=pg_positive)
def test_joint_product_ratio_falls_with_n(n, a, b, c):
    assert joint_product(n + 1, a, b, c).provision_ratio < joint_product(n, a, b, c).provision_ratio


@given(n=st.integers(2, 50), total=pg_positive, s1=st.floats(0.0, 1.0), s2=st.floats(0.0, 1.0),
       c=pg_positive)
def test_joint_product_ratio_rises_with_private_share(n, total, s1, s2, c):
    assume(abs(s1 - s2) > 1e-6)
    lo, hi = sorted((s1, s2))
    r_lo = joint_product(n, lo * total, (1 - lo) * total, c).provision_ratio
    r_hi = joint_product(n, hi * total, (1 - hi) * total, c).provision_ratio
    assert r_hi > r_lo
    assert joint_product(n, total, 0.0, c).provision_ratio == 1.0   # purely private


# -------------------------------------------- 7. Bergstrom-Blume-Varian (1986)

def _bbv_candidate(w, beta, members):
    """Equilibrium conditions for a given contributor set (brute force)."""
    members = list(members)
    big_q = beta * w[members].sum() / (beta + len(members))
    inside = np.all(w[members] > big_q / beta)
    outside = np.all(np.delete(w, members) <= big_q / beta)
    return bool(inside and outside), big_q


@given(incomes=pg_incomes, beta=pg_beta)
def test_bbv_contributor_set_is_the_unique_equilibrium_set(incomes, beta):
    w = np.asarray(incomes)
    v = voluntary_contributions(w, beta)
    n = w.size
    valid = []
    for k in range(1, n + 1):
        for members in itertools.combinations(range(n), k):
            ok, big_q = _bbv_candidate(w, beta, members)
            if ok:
                valid.append((members, big_q))
    assert len(valid) == 1
    assert valid[0][0] == v.contributors
    assert v.nash.provision == pytest.approx(valid[0][1], rel=1e-12)
    assert set(np.nonzero(v.nash.actions > 0)[0]) == set(v.contributors)


@given(incomes=pg_incomes, beta=pg_beta)
def test_bbv_no_profitable_deviation_via_scipy(incomes, beta):
    w = np.asarray(incomes)
    v = voluntary_contributions(w, beta)
    for i in range(w.size):
        def neg(x, i=i):
            prof = v.nash.actions.copy()
            prof[i] = x
            return -v.payoffs(prof)[i]
        lo = 0.0 if v.nash.provision - v.nash.actions[i] > 0 else 1e-12
        res = optimize.minimize_scalar(neg, bounds=(lo, w[i] * (1 - 1e-12)), method="bounded",
                                       options={"xatol": 1e-12})
        assert -res.fun <= v.nash.payoffs[i] + 1e-9
        assert -neg(0.0 if lo == 0 else lo) <= v.nash.payoffs[i] + 1e-9
    assert v.optimum.welfare >= v.nash.welfare - 1e-9
    assert v.optimum.provision >= v.nash.provision - 1e-9


@given(incomes=pg_incomes, beta=pg_beta, share=st.floats(0.0, 0.99))
def test_bbv_neutrality_of_redistribution_among_contributors(incomes, beta, share):
    w = np.asarray(incomes)
    v = voluntary_contributions(w, beta)
    assume(len(v.contributors) >= 2)
    a, b = v.contributors[0], v.contributors[1]
    transfer = share * v.nash.actions[a]           # smaller than a's contribution
    w2 = w.copy()
    w2[a] -= transfer
    w2[b] += transfer
    v2 = voluntary_contributions(w2, beta)
    assert v2.contributors == v.contributors
    assert v2.nash.provision == pytest.approx(v.nash.provision, rel=1e-12)
    np.testing.assert_allclose(w2 - v2.nash.actions, w - v.nash.actions, rtol=1e-12)


@given(incomes=pg_incomes, beta=pg_beta)
@settings(max_examples=examples(0.5))
def test_bbv_samuelson_optimum_vs_scipy(incomes, beta):
    w = np.asarray(incomes)
    n = w.size
    v = voluntary_contributions(w, beta)
    total = w.sum()
    # Samuelson: sum of marginal rates of substitution = 1 at the optimum and Lindahl
    for out in (v.optimum, v.lindahl):
        x = w - out.actions
        assert np.sum(beta * x / out.provision) == pytest.approx(1.0, rel=1e-10)
        assert x.sum() + out.provision == pytest.approx(total, rel=1e-12)

    # utilitarian optimum with transfers, by constrained numerical optimisation
    def neg(z):
        return -(np.sum(np.log(z[:n])) + n * beta * np.log(z[n]))
    cons = {"type": "eq", "fun": lambda z: z.sum() - total}
    z0 = np.full(n + 1, total / (n + 1))
    res = optimize.minimize(neg, z0, method="SLSQP", constraints=[cons],
                            bounds=[(1e-9, None)] * (n + 1), options={"ftol": 1e-14})
    assert -res.fun == pytest.approx(v.optimum.welfare, abs=1e-6)
    assert res.x[n] == pytest.approx(v.optimum.provision, rel=1e-4)


@given(incomes=pg_incomes, beta=pg_beta, seed=st.integers(0, 1000))
def test_bbv_relabelling(incomes, beta, seed):
    w = np.asarray(incomes)
    perm = np.random.default_rng(seed).permutation(w.size)
    v, vp = voluntary_contributions(w, beta), voluntary_contributions(w[perm], beta)
    assert vp.nash.provision == pytest.approx(v.nash.provision, rel=1e-12)
    np.testing.assert_allclose(vp.nash.actions, v.nash.actions[perm], rtol=1e-12, atol=1e-12)


# ----------------------------------------------------- 8. grim-trigger threshold

@given(pg_tpr)
def test_grim_trigger_threshold_vs_root_finding(tpr):
    t, r, p = tpr
    g = grim_trigger_threshold(t, r, p)
    assert_same_threshold(g.critical_discount, numeric_grim_threshold(t, r, p))
    assert g.is_dilemma == (t > r > p)
    if g.is_dilemma:
        assert 0.0 < g.critical_discount < 1.0
    for d in (0.0, 0.3, 0.9, 0.999):
        margin = r / (1 - d) - (t + d * p / (1 - d))
        if abs(margin) > 1e-9 * (1 + abs(t) + abs(r) + abs(p)) / (1 - d):
            assert g.sustains(d) == (margin > 0)
        if g.critical_discount is not None and t >= p and abs(d - g.critical_discount) > 1e-9:
            assert g.sustains(d) == (d >= g.critical_discount)
    assert critical_discount_factor(t, r, p) == g.critical_discount


# ------------------------------------------------------------- bad inputs

BAD = [
    (linear_public_goods, dict(n=1, endowment=1.0, mpcr=0.5), "n"),
    (linear_public_goods, dict(n=3, endowment=1.0, mpcr=0.0), "mpcr"),
    (linear_public_goods, dict(n=3, endowment=1.0, mpcr=-0.2), "mpcr"),
    (linear_public_goods, dict(n=3, endowment=float("nan"), mpcr=0.5), "endowment"),
    (linear_public_goods, dict(n=2.5, endowment=1.0, mpcr=0.5), "n"),
    (participation_game, dict(n=1, benefit=1.0, cost=2.0), "n"),
    (participation_game, dict(n=3, benefit=1.0, cost=-2.0), "cost"),
    (aggregate_public_good, dict(technology="summation", value=[1.0, 2.0], cost=-1.0), "cost"),
    (aggregate_public_good, dict(technology="median", value=[1.0, 2.0], cost=1.0), "technology"),
    (aggregate_public_good, dict(technology="summation", value=[1.0], cost=1.0), "value"),
    (aggregate_public_good, dict(technology="weighted", value=[1.0, 2.0], cost=1.0,
                                 weights=[1.0, 2.0, 3.0]), "weights"),
    (aggregate_public_good, dict(technology="weighted", value=[1.0, 2.0], cost=1.0), "weights"),
    (aggregate_public_good, dict(technology="weighted", value=[1.0, 2.0], cost=1.0,
                                 weights=[1.0, -2.0]), "weights"),
    (aggregate_public_good, dict(technology="summation", value=[1.0, 2.0], cost=1.0,
                                 weights=[1.0, 2.0]), "weights"),
    (threshold_public_good, dict(n=3, threshold=4, value=1.0, cost=0.5), "threshold"),
    (threshold_public_good, dict(n=3, threshold=0, value=1.0, cost=0.5), "threshold"),
    (threshold_public_good, dict(n=1, threshold=1, value=1.0, cost=0.5), "n"),
    (threshold_public_good, dict(n=3, threshold=2, value=1.0, cost=-0.5), "cost"),
    (volunteers_dilemma, dict(n=1, benefit=1.0, cost=0.5), "n"),
    (volunteers_dilemma, dict(n=3, benefit=1.0, cost=-0.5), "cost"),
    (volunteers_dilemma, dict(n=3, benefit=0.0, cost=0.5), "benefit"),
    (joint_product, dict(n=1, private_benefit=1.0, public_benefit=1.0, cost=1.0), "n"),
    (joint_product, dict(n=3, private_benefit=1.0, public_benefit=1.0, cost=-1.0), "cost"),
    (voluntary_contributions, dict(incomes=[1.0, 2.0], beta=0.0), "beta"),
    (voluntary_contributions, dict(incomes=[1.0, 2.0], beta=-1.0), "beta"),
    (voluntary_contributions, dict(incomes=[1.0, -2.0], beta=1.0), "incomes"),
    (voluntary_contributions, dict(incomes=[1.0], beta=1.0), "incomes"),
    (grim_trigger_threshold, dict(temptation=float("inf"), reward=1.0, punishment=0.0),
     "temptation"),
]


@pytest.mark.parametrize("fn, kwargs, field", BAD,
                         ids=[f"{f.__name__}-{fld}-{i}" for i, (f, _, fld) in enumerate(BAD)])
def test_bad_inputs_raise_validation_error_naming_the_field(fn, kwargs, field):
    with pytest.raises(ValidationError) as info:
        fn(**kwargs)
    assert info.value.field == field
    assert str(info.value).startswith(field + " = ")
    assert isinstance(info.value, ValueError)


def test_results_are_frozen_and_hold_inputs():
    g = linear_public_goods(3, 10.0, 0.5)
    assert (g.n, g.endowment, g.mpcr) == (3, 10.0, 0.5)
    with pytest.raises(AttributeError):
        g.mpcr = 0.9
    with pytest.raises(ValueError):
        g.nash.actions[0] = 1.0
    with pytest.raises(ValidationError):
        g.payoffs(np.zeros(4))
    assert grim_trigger_threshold(5, 3, 1).sustains(0.5)
    with pytest.raises(ValidationError):
        grim_trigger_threshold(5, 3, 1).sustains(1.0)


# ---------------------------------------------------------------- units (issue 13)
_units = st.integers(min_value=-80, max_value=80).map(lambda k: 10.0 ** k)


@given(game=pg_threshold_game(), s=_units)
def test_threshold_equilibria_do_not_depend_on_units(game, s):
    """Multiplying value and cost by s changes no best reply, so no equilibrium
    (ties included: the tolerance is relative to the payoff scale)."""
    n, t, value, cost = game
    base = threshold_public_good(n, t, value, cost)
    moved = threshold_public_good(n, t, value * s, cost * s)
    assert moved.equilibrium_sizes == base.equilibrium_sizes
    np.testing.assert_allclose(moved.symmetric_mixed, base.symmetric_mixed, atol=1e-7)
    assert moved.optimum.provision == base.optimum.provision


@given(n=st.integers(2, 12), b=pg_positive, ratio=st.floats(0.0, 2.0), s=_units)
def test_volunteers_dilemma_does_not_depend_on_units(n, b, ratio, s):
    base = volunteers_dilemma(n, b, b * ratio)
    moved = volunteers_dilemma(n, b * s, b * ratio * s)
    assert moved.abstain_probability == pytest.approx(base.abstain_probability, abs=1e-7)


@given(values=pg_values, cost=pg_nonnegative, s=_units,
       technology=st.sampled_from(["summation", "weakest_link", "best_shot"]))
def test_aggregate_provision_scales_with_the_units(values, cost, s, technology):
    """Q is measured in the units of value and cost (Q = value - cost at the corners)."""
    base = aggregate_public_good(technology, values, cost)
    moved = aggregate_public_good(technology, [v * s for v in values], cost * s)
    assert moved.nash.provision == pytest.approx(base.nash.provision * s, rel=1e-9, abs=1e-300)
    assert moved.optimum.provision == pytest.approx(base.optimum.provision * s, rel=1e-9,
                                                    abs=1e-300)


@given(incomes=pg_incomes, beta=pg_beta, s=_units)
def test_bbv_contributors_do_not_depend_on_the_units_of_income(incomes, beta, s):
    base = voluntary_contributions(incomes, beta)
    moved = voluntary_contributions([w * s for w in incomes], beta)
    assert moved.contributors == base.contributors
    assert moved.nash.provision == pytest.approx(base.nash.provision * s, rel=1e-9)
