"""Independent references for the prediction model (:mod:`goodsgov.governance`).

Every formula of the model is written again here in plain numpy and
itertools, without the compiled kernels (``goodsgov.solvers.contribution``),
and the library is checked against it: the unit benefits
``W[i, j] = (1 - e) D[i, j] + M[i, j] e N[i, j] / (1 + r o_j)`` with ``o_j`` the users admitted besides *j*,
the providers' first-order conditions, the social optimum (brute force
over every admitted set and scipy over contributions), internal stability
with and without exclusion of leavers (d'Aspremont et al. 1983; Barrett
1994), the largest self-enforcing agreement (every coalition), pairwise
stability of the deal network (Jackson & Wolinsky 1996; every link), the
properties the issue asks of ``predict_governance`` and sympy closed forms
of the symmetric pure public good.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import scipy.optimize
import sympy
from hypothesis import given, settings

from example_counts import examples
from hypothesis import strategies as st

import goodsgov as gg
from goodsgov.games import ContributionGame
from goodsgov.solvers.agreements import (deal_network, joining_gains, partial_agreement, stability,
                                         stable_agreement)

from strategies import mr_any_scenario, mr_arrays, mr_factor, mr_game, mr_levers, mr_weighted_scenario

SCOPES = [gg.Level.UNILATERAL, gg.Level.BILATERAL, gg.Level.REGIONAL, gg.Level.MULTILATERAL]


# ====================================================================== references
class Model:
    """The arrays of one issue: benefits ``b``, costs ``c``, private benefits ``p``,
    capacities ``K``, benefit domain ``D``, excludable reach ``N``, excludability ``e``,
    rivalry ``r``; ``U``: what counts as a user (``N`` unless a weighted sum scales
    ``D`` and ``N`` by the provider's weight)."""

    def __init__(self, b, c, p, K, D, N, e, r, U=None):
        self.b, self.c, self.p, self.K = (np.array(x, dtype=float) for x in (b, c, p, K))
        self.D, self.N = np.array(D, dtype=float), np.array(N, dtype=float)
        self.U = self.N if U is None else np.array(U, dtype=float)
        self.e, self.r = float(e), float(r)
        self.n = self.b.size

    @classmethod
    def of_game(cls, game: ContributionGame) -> "Model":
        return cls(game.benefit, game.cost, game.private_benefit, game.capacity, game.domain,
                   game.excludable_reach, game.excludability, game.rivalry)

    @classmethod
    def of_scenario(cls, s: gg.Scenario) -> "Model":
        w = np.ones(s.n_states)
        if s.good.aggregation.value == "weighted":
            w = np.asarray(s.good.weights, dtype=float)
        return cls(s.benefit, s.cost, s.private_benefit, s.capacity, s.reach * w[None, :],
                   s.excludable_reach * w[None, :], s.good.excludability, s.good.rivalry,
                   U=s.excludable_reach)


def admission(labels) -> np.ndarray:
    """``M[i, j]``: *i* and *j* are in the same agreement."""
    labels = np.asarray(labels)
    return labels[:, None] == labels[None, :]


def single(members, n: int) -> np.ndarray:
    """Labels of one agreement ``members``, every other state alone."""
    labels = np.arange(1, n + 1)
    labels[list(members)] = 0
    return labels


def unit(m: Model, M: np.ndarray) -> np.ndarray:
    """``W`` for the admission ``M``."""
    others = (M * m.U).sum(axis=0) - np.diag(m.U)
    crowd = 1.0 / (1.0 + m.r * np.maximum(others, 0.0))
    return (1.0 - m.e) * m.D + M * m.e * m.N * crowd[None, :]


def provide(m: Model, W: np.ndarray, counts: np.ndarray, paid=1.0) -> np.ndarray:
    """Each provider's contribution when it counts the benefit of ``counts[:, j]``
    and pays the share ``paid`` of its cost."""
    captured = (counts * m.b[:, None] * W).sum(axis=0) + m.p
    return np.clip(captured / (m.c * paid), 0.0, m.K)


def payoff(m: Model, W: np.ndarray, g: np.ndarray, paid=1.0) -> np.ndarray:
    return m.b * (W @ g) + m.p * g - paid * m.c * g * g / 2.0


def welfare_of(m: Model, W: np.ndarray, g: np.ndarray) -> float:
    return float(np.sum(payoff(m, W, g)))


def equilibrium(m: Model, M: np.ndarray, funding: float = 0.0, side: float = 0.0):
    """Contributions, payoffs (levers included), welfare net of the donor's outlay and the
    outlay, for admission ``M`` (each provider counts the states it admits); a donor with
    an unlimited budget pays ``funding`` of the cost of every state that admits another
    and ``side`` to each such state."""
    member = (M & ~np.eye(m.n, dtype=bool)).any(axis=0)
    paid = np.where(member, 1.0 - funding, 1.0)
    W = unit(m, M)
    g = provide(m, W, M, paid)
    cost = m.c * g * g / 2.0
    outlay = float(np.sum((1.0 - paid) * cost) + side * member.sum())
    pay = payoff(m, W, g, paid) + side * member
    return g, pay, float(np.sum(pay)) - outlay, outlay


def nash_scale(m: Model) -> float:
    """The unit of relative tolerances: the mean absolute Nash payoff (1 if zero)."""
    _, pay, _, _ = equilibrium(m, np.eye(m.n, dtype=bool))
    unit_ = float(np.mean(np.abs(pay)))
    return unit_ if unit_ > 0 else 1.0


def leave_gains_in(m: Model, labels, members, exclusion: bool = True) -> np.ndarray:
    """Each of ``members``' payoff after leaving its agreement of the partition ``labels``
    (the other agreements in place) minus in it."""
    labels = np.asarray(labels)
    M = admission(labels)
    W = unit(m, M)
    before = payoff(m, W, provide(m, W, M))
    gains = []
    for k in members:
        if exclusion:
            # the rest re-optimise as an agreement without k; k is admitted only to itself
            alone = labels.copy()
            alone[k] = labels.max() + 1
            M2 = admission(alone)
            W2 = unit(m, M2)
            after = payoff(m, W2, provide(m, W2, M2))[k]
        else:
            # admission and crowding unchanged; nobody counts k's benefit but k, k counts only itself
            counts = M.copy()
            counts[k, :] = False
            counts[:, k] = False
            counts[k, k] = True
            after = payoff(m, W, provide(m, W, counts))[k]
        gains.append(after - before[k])
    return np.array(gains)


def leave_gains(m: Model, members, exclusion: bool = True) -> np.ndarray:
    """Each member's payoff after leaving the agreement ``members`` (the others alone) minus in it."""
    return leave_gains_in(m, single(members, m.n), list(members), exclusion)


def cascade(m: Model, labels, scale: float):
    """The defection cascade: in every agreement that is not self-enforcing the member who
    gains most by leaving leaves (all agreements at once), until every agreement holds.
    Returns the labels, or None when a leaver is not clear (two gains within the slack).
    ``scale``: the unit of the relative tolerance 1e-9."""
    tol = 1e-9 * scale
    labels = np.array(labels)
    while True:
        leavers = []
        for group in np.unique(labels):
            members = np.flatnonzero(labels == group)
            if members.size < 2:
                continue
            gains = leave_gains_in(m, labels, members)
            top = np.sort(gains)[::-1]
            if abs(top[0] - tol) < slack(scale):
                return None
            if top[0] > tol:
                if top[0] - top[1] < slack(scale):
                    return None
                leavers.append(members[np.argmax(gains)])
        if not leavers:
            return labels
        for k in leavers:
            labels[k] = labels.max() + 1


def join_gains(m: Model, members) -> tuple[list[int], np.ndarray]:
    """Each outsider's payoff after joining ``members`` minus before."""
    n = m.n
    M = admission(single(members, n))
    W = unit(m, M)
    before = payoff(m, W, provide(m, W, M))
    outsiders = [o for o in range(n) if o not in members]
    gains = []
    for o in outsiders:
        M2 = admission(single(list(members) + [o], n))
        W2 = unit(m, M2)
        gains.append(payoff(m, W2, provide(m, W2, M2))[o] - before[o])
    return outsiders, np.array(gains)


def column_value(m: Model, j: int, admitted: np.ndarray) -> tuple[float, float]:
    """The social value of provider *j*'s column and its contribution when the planner
    admits ``admitted`` (a bool vector) and counts every state's benefit."""
    others = float(np.sum(admitted * m.U[:, j])) - m.U[j, j]
    crowd = 1.0 / (1.0 + m.r * max(others, 0.0))
    w = (1.0 - m.e) * m.D[:, j] + admitted * m.e * m.N[:, j] * crowd
    captured = float(m.b @ w + m.p[j])
    g = min(max(captured / m.c[j], 0.0), m.K[j])
    return captured * g - m.c[j] * g * g / 2.0, g


def optimum_brute_force(m: Model):
    """The social optimum by checking every admitted set of every column: welfare,
    contributions, and each column's best value."""
    n = m.n
    g = np.zeros(n)
    values = np.zeros(n)
    for j in range(n):
        others = [i for i in range(n) if i != j]
        best = (-math.inf, 0.0)
        for bits in itertools.product([False, True], repeat=n - 1):
            a = np.zeros(n, dtype=bool)
            a[j] = True
            a[others] = bits
            v = column_value(m, j, a)
            if v[0] > best[0]:
                best = v
        values[j], g[j] = best
    return float(values.sum()), g, values


def scipy_optimum(m: Model, M: np.ndarray) -> float:
    """Welfare maximised over contributions by scipy for the admission ``M``."""
    W = unit(m, M)
    bounds = [(0.0, None if math.isinf(k) else k) for k in m.K]
    x0 = np.array([0.0 if b[1] is None else b[1] / 2 for b in bounds])
    res = scipy.optimize.minimize(lambda g: -welfare_of(m, W, g), x0, method="L-BFGS-B",
                                  bounds=bounds, options={"ftol": 1e-15, "gtol": 1e-12,
                                                          "maxiter": 10_000})
    return -float(res.fun)


def domain_reference(s: gg.Scenario) -> tuple[np.ndarray, np.ndarray]:
    """``D`` and ``N`` from the states' regions and partners and the good's range."""
    n = s.n_states
    index = {nm: i for i, nm in enumerate(s.names)}
    partners = np.eye(n, dtype=bool)
    for j, state in enumerate(s.states):
        for other in state.partners:
            partners[index[other], j] = partners[j, index[other]] = True
    region = np.array([state.region for state in s.states])
    same = region[:, None] == region[None, :]
    spill = s.good.spillover.value
    if spill == "auto":
        return np.ones((n, n)), np.where(partners, 1.0, (1.0 - s.good.rivalry) * same)
    if spill == "exchange":   # excludable share: the provider and the other side of the exchange
        sides = np.eye(n)
        for i, a in enumerate(s.states):
            for j, b in enumerate(s.states):
                if {a.role, b.role} == {"sending", "receiving"}:
                    sides[i, j] = 1.0
        return np.ones((n, n)), sides
    domain = {"global": np.ones((n, n)), "regional": same.astype(float),
              "bilateral": partners.astype(float), "none": np.eye(n)}[spill]
    return domain, domain


def slack(scale: float) -> float:
    """Borderline margin: cases within it of a tolerance are not decided by the test."""
    return 1e-7 * scale


# ====================================================================== the game
@given(mr_game(max_n=8), st.data())
def test_unit_benefits_and_payoffs_match_the_formula(game, data):
    m = Model.of_game(game)
    n = m.n
    M = np.array(data.draw(st.lists(st.booleans(), min_size=n * n, max_size=n * n))).reshape(n, n)
    np.fill_diagonal(M, True)
    W = unit(m, M)
    np.testing.assert_allclose(game.unit_benefits(M), W, rtol=1e-12, atol=1e-14)
    g = np.random.default_rng(n).uniform(0.0, 3.0, n)
    np.testing.assert_allclose(game.payoffs(g, M), payoff(m, W, g), rtol=1e-12, atol=1e-12)


@given(st.data())
def test_spill_alone_is_the_classic_linear_game(data):
    a = data.draw(mr_arrays(max_n=7))
    n = a["b"].size
    game = ContributionGame(benefit=a["b"], cost=a["c"], private_benefit=a["p"], spill=a["D"])
    assert game.excludability == 0.0 and game.rivalry == 0.0
    np.testing.assert_array_equal(game.domain, a["D"])
    np.testing.assert_array_equal(game.excludable_reach, a["D"])
    M = np.array(data.draw(st.lists(st.booleans(), min_size=n * n, max_size=n * n))).reshape(n, n)
    np.fill_diagonal(M, True)
    np.testing.assert_allclose(game.unit_benefits(M), a["D"], rtol=0, atol=1e-15)
    labels = np.array(data.draw(st.lists(st.integers(0, n - 1), min_size=n, max_size=n)))
    same = admission(labels)
    expected = np.clip(((same * a["b"][:, None] * a["D"]).sum(axis=0) + a["p"]) / a["c"], 0, None)
    np.testing.assert_allclose(game.partial_agreement(labels).contributions, expected,
                               rtol=1e-12, atol=1e-12)


@given(mr_game(max_n=8), st.data())
def test_partial_agreement_matches_the_first_order_conditions(game, data):
    m = Model.of_game(game)
    labels = np.array(data.draw(st.lists(st.integers(0, m.n - 1), min_size=m.n, max_size=m.n)))
    eq = partial_agreement(game, labels)
    g, pay, welfare, _ = equilibrium(m, admission(labels))
    scale = nash_scale(m)
    np.testing.assert_allclose(eq.contributions, g, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(eq.payoffs, pay, rtol=1e-10, atol=1e-10 * scale)
    assert eq.welfare == pytest.approx(welfare, rel=1e-10, abs=1e-10 * scale)
    np.testing.assert_array_equal(eq.admitted, admission(labels))
    # no member of an agreement can raise the agreement's joint payoff by changing its own
    # contribution within its capacity (the first-order conditions are the optimum)
    W = unit(m, admission(labels))
    for j in range(m.n):
        group = labels == labels[j]
        for step in (-1e-3, 1e-3):
            h = g.copy()
            h[j] = min(max(h[j] + step, 0.0), m.K[j])
            assert payoff(m, W, h)[group].sum() <= payoff(m, W, g)[group].sum() + 1e-12 * scale


@settings(max_examples=examples(0.5))
@given(mr_game(max_n=7))
def test_optimum_is_the_best_admission_and_contribution_by_brute_force(game):
    m = Model.of_game(game)
    best, g, values = optimum_brute_force(m)
    opt = game.optimum()
    scale = nash_scale(m)
    assert opt.welfare == pytest.approx(best, rel=1e-10, abs=1e-10 * scale)
    np.testing.assert_allclose(opt.contributions, g, rtol=1e-9, atol=1e-9)
    # the reported admission delivers that welfare: the planner's contributions at it
    M = np.asarray(opt.admitted, dtype=bool)
    W = unit(m, M)
    g_planner = np.clip(((m.b[:, None] * W).sum(axis=0) + m.p) / m.c, 0.0, m.K)
    assert welfare_of(m, W, g_planner) == pytest.approx(best, rel=1e-10, abs=1e-10 * scale)
    np.testing.assert_allclose(opt.payoffs, payoff(m, W, g_planner), rtol=1e-9, atol=1e-9 * scale)
    # and no contribution profile does better at that admission (scipy)
    assert scipy_optimum(m, M) <= best + 1e-7 * max(scale, abs(best))
    assert scipy_optimum(m, M) == pytest.approx(best, rel=1e-7, abs=1e-7 * scale)


@settings(max_examples=examples(0.5))
@given(mr_game(max_n=8))
def test_optimum_admits_the_provider_and_a_prefix_by_benefit(game):
    m = Model.of_game(game)
    M = np.asarray(game.optimum().admitted, dtype=bool)
    order = np.argsort(-m.b, kind="mergesort")
    for j in range(m.n):
        assert M[j, j]
        candidates = [i for i in order if i != j and m.N[i, j] > 0]
        assert not np.any(M[[i for i in range(m.n) if i != j and m.N[i, j] <= 0], j])
        inside = [i for i in candidates if M[i, j]]
        outside = [i for i in candidates if not M[i, j]]
        if inside and outside:
            assert min(m.b[inside]) >= max(m.b[outside])
        # the best prefix is as good as the best of all admitted sets
        best_prefix = -math.inf
        for t in range(len(candidates) + 1):
            a = np.zeros(m.n, dtype=bool)
            a[[j] + candidates[:t]] = True
            best_prefix = max(best_prefix, column_value(m, j, a)[0])
        if m.n <= 7:
            others = [i for i in range(m.n) if i != j]
            best_any = -math.inf
            for bits in itertools.product([False, True], repeat=m.n - 1):
                a = np.zeros(m.n, dtype=bool)
                a[j] = True
                a[others] = bits
                best_any = max(best_any, column_value(m, j, a)[0])
            assert best_prefix == pytest.approx(best_any, rel=1e-12, abs=1e-12)
        assert column_value(m, j, M[:, j])[0] == pytest.approx(best_prefix, rel=1e-12, abs=1e-12)


#: A provider that draws only half of its own excludable benefit (``N[0, 0] = 0.5``: allowed
#: by ``ContributionGame`` and by an explicit ``Scenario.reach``). Crowding counts the users
#: admitted besides the provider, so the planner's best admission is still a prefix by benefit
#: (the first version counted ``max(u - 1, 0)`` and got this case wrong).
HALF_OWN_REACH = np.array([[0.5, 0.0, 0.0], [1.0, 1.0, 0.0], [0.5, 0.0, 1.0]])


def test_optimum_with_a_provider_that_draws_half_its_own_excludable_benefit():
    game = ContributionGame(benefit=[2.0, 1.0, 0.9], cost=[1.0] * 3, domain=HALF_OWN_REACH,
                            excludable_reach=HALF_OWN_REACH, excludability=1.0, rivalry=1.0)
    best, g, _ = optimum_brute_force(Model.of_game(game))
    assert game.optimum().welfare == pytest.approx(best, rel=1e-12)
    for partition in ([(0, 2)], [(0, 1)], [(0, 1, 2)], []):
        assert game.partial_agreement(partition).welfare <= best * (1 + 1e-12)


def test_no_scope_beats_the_optimum_when_own_reach_is_partial():
    states = [gg.State("s0", "R1", benefit=2.0), gg.State("s1", "R2", benefit=1.0),
              gg.State("s2", "R1", benefit=0.9)]
    s = gg.Scenario(gg.Good("g", excludability=1.0, rivalry=1.0), states, reach=HALF_OWN_REACH)
    p = gg.predict_governance(s)
    assert np.all(p.scopes["welfare"] <= p.optimum.welfare * (1 + 1e-12))
    assert p.gap.welfare >= 0.0


# ====================================================================== stability
@given(mr_game(max_n=8), st.data(), st.booleans())
def test_leaving_gains_match_the_reference(game, data, exclusion):
    m = Model.of_game(game)
    members = sorted(data.draw(st.sets(st.integers(0, m.n - 1), min_size=2, max_size=m.n)))
    eq = partial_agreement(game, [members])
    result = stability(game, eq, members, exclusion=exclusion)
    scale = nash_scale(m)
    assert result.members == tuple(members)
    np.testing.assert_allclose(result.gain_from_leaving, leave_gains(m, members, exclusion),
                               rtol=1e-9, atol=1e-9 * scale)
    assert result.tol == pytest.approx(1e-9 * scale, rel=1e-9)
    gains = leave_gains(m, members, exclusion)
    if np.all(gains <= result.tol - slack(scale)):
        assert result.self_enforcing
    if np.any(gains > result.tol + slack(scale)):
        assert not result.self_enforcing


@given(mr_game(max_n=8), st.data())
def test_with_no_excludability_exclusion_changes_nothing(game, data):
    m = Model.of_game(game)
    members = sorted(data.draw(st.sets(st.integers(0, m.n - 1), min_size=2, max_size=m.n)))
    if m.e == 0.0:
        np.testing.assert_allclose(leave_gains(m, members, True), leave_gains(m, members, False),
                                   rtol=1e-12, atol=1e-12)
        eq = partial_agreement(game, [members])
        np.testing.assert_allclose(stability(game, eq, members).gain_from_leaving,
                                   stability(game, eq, members, exclusion=False).gain_from_leaving,
                                   rtol=1e-9, atol=1e-9 * nash_scale(m))


@given(mr_game(max_n=8), st.data())
def test_joining_gains_match_the_reference(game, data):
    m = Model.of_game(game)
    members = sorted(data.draw(st.sets(st.integers(0, m.n - 1), min_size=1, max_size=m.n - 1)))
    outsiders, expected = join_gains(m, members)
    np.testing.assert_allclose(joining_gains(game, members), expected, rtol=1e-9,
                               atol=1e-9 * nash_scale(m))


def check_largest_stable(m: Model, members, welfare: float) -> None:
    """``members`` (with equilibrium ``welfare``) is the largest self-enforcing agreement of
    ``m`` (others alone), ties to the higher welfare: checked against every coalition."""
    scale = nash_scale(m)
    tol, margin = 1e-9 * scale, slack(scale)
    size = len(members)
    if size:
        assert size >= 2
        assert np.max(leave_gains(m, list(members))) <= tol + margin
        assert welfare == pytest.approx(equilibrium(m, admission(single(members, m.n)))[2],
                                        rel=1e-9, abs=1e-9 * scale)
    for k in range(max(size, 2), m.n + 1):
        for coalition in itertools.combinations(range(m.n), k):
            if np.max(leave_gains(m, list(coalition))) >= tol - margin:
                continue  # not (clearly) self-enforcing
            assert k <= size, f"{coalition} is self-enforcing and larger than {members}"
            w = equilibrium(m, admission(single(coalition, m.n)))[2]
            assert w <= welfare + 1e-9 * max(scale, abs(welfare)), \
                f"{coalition} is self-enforcing, as large as {members} and better"


def check_stable_agreement(game: ContributionGame) -> None:
    """``stable_agreement`` against every coalition of ``game``."""
    m = Model.of_game(game)
    scale = nash_scale(m)
    tol, margin = 1e-9 * scale, slack(scale)
    eq, members, external, exhaustive = stable_agreement(game, exhaustive=12)
    assert exhaustive == (m.n <= 12)
    check_largest_stable(m, members, eq.welfare)
    if members:
        g, _, _, _ = equilibrium(m, admission(single(members, m.n)))
        np.testing.assert_allclose(eq.contributions, g, rtol=1e-9, atol=1e-9)
        _, joins = join_gains(m, list(members))
        if joins.size and np.max(joins) > tol + margin:
            assert not external
        if joins.size == 0 or np.max(joins) < tol - margin:
            assert external


@settings(max_examples=examples(0.5))
@given(mr_game(min_n=3, max_n=8))
def test_stable_agreement_is_the_largest_by_brute_force(game):
    check_stable_agreement(game)


@pytest.mark.parametrize("n,seed", [(9, 0), (10, 1), (10, 2)])
def test_stable_agreement_is_the_largest_by_brute_force_for_ten_states(n, seed):
    rng = np.random.default_rng(seed)
    D, N = rng.uniform(0, 1, (n, n)), rng.uniform(0, 1, (n, n))
    np.fill_diagonal(D, 1.0)
    np.fill_diagonal(N, 1.0)
    game = ContributionGame(benefit=rng.uniform(0, 2, n), cost=rng.uniform(0.2, 3, n),
                            private_benefit=rng.uniform(-0.5, 1, n), domain=D, excludable_reach=N,
                            excludability=rng.uniform(), rivalry=rng.uniform())
    check_stable_agreement(game)


# ====================================================================== deals
def pair_payoff(m: Model, links: np.ndarray, i: int, j: int) -> float:
    M = links | np.eye(m.n, dtype=bool)
    W = unit(m, M)
    u = payoff(m, W, provide(m, W, M))
    return float(u[i] + u[j])


def link_gain(m: Model, links: np.ndarray, i: int, j: int) -> float:
    """The pair's joint payoff with the link (i, j) minus without, the rest given."""
    on, off = links.copy(), links.copy()
    on[i, j] = on[j, i] = True
    off[i, j] = off[j, i] = False
    return pair_payoff(m, on, i, j) - pair_payoff(m, off, i, j)


def link_violations(m: Model, links: np.ndarray, margin: float) -> list:
    """The links whose pair gains more than ``tol + margin`` by ending them (present) or by
    forming them (absent)."""
    tol = 1e-9 * nash_scale(m)
    out = []
    for i, j in itertools.combinations(range(m.n), 2):
        gain = link_gain(m, links, i, j)
        if (gain < -tol - margin) if links[i, j] else (gain > tol + margin):
            out.append((i, j, gain))
    return out


def check_pairwise_stable(m: Model, M: np.ndarray) -> None:
    links = M & ~np.eye(m.n, dtype=bool)
    assert link_violations(m, links, slack(nash_scale(m))) == []


@settings(max_examples=examples(0.5))
@given(mr_game(max_n=8))
def test_deal_network_is_pairwise_stable_by_brute_force(game):
    """The network is pairwise stable when the solver says so; when it says not (the
    dynamics cycle: a pairwise stable network need not exist, Jackson & Watts 2002) the
    network has a link that a pair would change, and for up to five states no network
    at all is pairwise stable."""
    m = Model.of_game(game)
    M, stable = deal_network(game, levers=gg.Levers(transfers=True))   # the reference's joint gain
    M = np.asarray(M, dtype=bool)
    assert np.array_equal(M, M.T) and np.all(np.diag(M))
    if stable:
        check_pairwise_stable(m, M)
        return
    links = M & ~np.eye(m.n, dtype=bool)
    assert link_violations(m, links, -slack(nash_scale(m))) != []
    if m.n <= 5:
        pairs = list(itertools.combinations(range(m.n), 2))
        for bits in itertools.product([False, True], repeat=len(pairs)):
            other = np.zeros((m.n, m.n), dtype=bool)
            for (i, j), on in zip(pairs, bits):
                other[i, j] = other[j, i] = on
            assert link_violations(m, other, -slack(nash_scale(m))) != [], \
                f"the network {other.astype(int).tolist()} is pairwise stable"


def test_deal_network_reports_a_cycle_honestly():
    """Three states with no pairwise stable network: from none, the pair (1, 2) gains by a
    deal (+0.045), then (0, 1) (+0.031), which makes (1, 2) a loss (-0.062), then (0, 1)
    alone is a loss (-0.098): back to none (Jackson & Watts 2002's improving cycle)."""
    D = np.array([[1.0, 0.5, 0.0], [0.75, 1.0, 0.25], [0.75, 0.5, 1.0]])
    N = np.array([[1.0, 1.0, 0.25], [0.25, 1.0, 0.25], [0.0, 0.25, 1.0]])
    game = ContributionGame(benefit=[0.5, 1.5, 2.0], cost=[1.0, 1.0, 0.5], domain=D,
                            excludable_reach=N, excludability=0.5, rivalry=1.0)
    m = Model.of_game(game)
    none = np.zeros((3, 3), dtype=bool)
    assert link_gain(m, none, 1, 2) == pytest.approx(0.04516, abs=1e-5)
    pairs = list(itertools.combinations(range(3), 2))
    for bits in itertools.product([False, True], repeat=3):
        other = np.zeros((3, 3), dtype=bool)
        for (i, j), on in zip(pairs, bits):
            other[i, j] = other[j, i] = on
        assert link_violations(m, other, 1e-3) != []
    M, stable = deal_network(game, levers=gg.Levers(transfers=True))
    assert not stable


@given(st.integers(2, 6), st.data())
def test_a_hub_gets_a_deal_with_each_partner(m_partners, data):
    n = m_partners + 1
    to_hub = data.draw(st.lists(st.floats(0.5, 1.0), min_size=m_partners, max_size=m_partners))
    # the hub's provision rises with every deal, so its marginal cost does: a small spillover to each
    # spoke keeps every deal's joint gain positive (0.2 does not at six partners)
    to_spoke = data.draw(st.lists(st.floats(0.0, 0.05), min_size=m_partners, max_size=m_partners))
    spill = np.eye(n)
    spill[0, 1:] = to_hub          # each partner's provision benefits the hub strongly
    spill[1:, 0] = to_spoke        # the hub's benefits each partner a little
    game = ContributionGame(benefit=[1.0] * n, cost=[1.0] * n, spill=spill)
    M, stable = deal_network(game, levers=gg.Levers(transfers=True))
    assert stable
    assert int(M[0].sum()) - 1 == m_partners
    assert int(np.asarray(M)[1:, 1:].sum()) == m_partners  # no deal between two partners
    check_pairwise_stable(Model.of_game(game), np.asarray(M, dtype=bool))


@pytest.mark.parametrize("partners", [3, 4, 5])
def test_a_hub_in_a_scenario_holds_several_deals(partners):
    n = partners + 1
    reach = np.eye(n)
    reach[0, 1:] = 1.0
    reach[1:, 0] = 0.2
    states = [gg.State(f"s{i}", region=f"R{i}") for i in range(n)]
    s = gg.Scenario(gg.Good("hub good", excludability=0.5, rivalry=0.0), states, reach=reach)
    p = gg.predict_governance(s, decision_cost=0.0, levers=gg.Levers(transfers=True))
    assert int(p.states["deals"].iloc[0]) == partners
    check_pairwise_stable(Model.of_scenario(s), np.asarray(p.equilibria[gg.Level.BILATERAL].admitted))


# ====================================================================== predict_governance
@settings(max_examples=examples(0.5))
@given(mr_any_scenario(max_n=10))
def test_benefit_domain_follows_the_regions_partners_and_range(s):
    if s.reach_explicit:
        np.testing.assert_array_equal(s.excludable_reach, s.reach)
        return
    D, N = domain_reference(s)
    np.testing.assert_array_equal(s.reach, D)
    np.testing.assert_allclose(s.excludable_reach, N, rtol=0, atol=1e-15)


@settings(max_examples=examples(0.5))
@given(mr_any_scenario(max_n=12))
def test_scopes_match_the_reference_and_never_beat_the_optimum(s):
    p = gg.predict_governance(s)
    m = Model.of_scenario(s)
    scale = nash_scale(m)
    opt = p.optimum.welfare
    for lvl, row in zip(SCOPES, p.scopes.itertuples()):
        assert row.welfare <= opt + 1e-9 * max(scale, abs(opt))
        if lvl not in (gg.Level.UNILATERAL, gg.Level.BILATERAL):
            continue   # agreements at a depth: tests/test_kernels_vs_references.py
        eq = p.equilibria[lvl]
        M = np.asarray(eq.admitted, dtype=bool)
        g, pay, welfare, _ = equilibrium(m, M)
        assert row.welfare == pytest.approx(welfare, rel=1e-9, abs=1e-9 * scale)
        assert row.provision == pytest.approx(g.sum(), rel=1e-9, abs=1e-9)
        np.testing.assert_allclose(eq.payoffs, pay, rtol=1e-9, atol=1e-9 * scale)
        assert row.welfare <= opt + 1e-9 * max(scale, abs(opt))
    if s.n_states <= 7:
        best, g, _ = optimum_brute_force(m)
        assert opt == pytest.approx(best, rel=1e-9, abs=1e-9 * scale)
    # unilateral is Nash; a regional treaty's members share a region
    assert np.array_equal(p.equilibria[gg.Level.UNILATERAL].labels, np.arange(s.n_states))
    regional = p.equilibria[gg.Level.REGIONAL].labels
    region = np.array(s.region_of)
    for label in np.unique(regional):
        group = np.flatnonzero(regional == label)
        assert len(set(region[group])) == 1


def _partition_holds(m: Model, labels, exclusion: bool, scale: float):
    """Whether every agreement of ``labels`` is self-enforcing (None: too close to call)."""
    tol = 1e-9 * scale
    worst = -math.inf
    for group in np.unique(labels):
        members = np.flatnonzero(labels == group)
        if members.size > 1:
            worst = max(worst, float(np.max(leave_gains_in(m, labels, members, exclusion))))
    if abs(worst - tol) < slack(scale):
        return None
    return worst <= tol


@settings(max_examples=examples(0.3))
@given(mr_weighted_scenario(max_n=8))
def test_weighted_sum_scopes_and_optimum_match_the_reference(s):
    """A weighted sum scales each provider's column by its weight; users still count one each."""
    p = gg.predict_governance(s)
    m = Model.of_scenario(s)
    scale = nash_scale(m)
    for lvl, row in zip(SCOPES, p.scopes.itertuples()):
        if lvl not in (gg.Level.UNILATERAL, gg.Level.BILATERAL):
            continue   # agreements at a depth: tests/test_kernels_vs_references.py
        g, _, welfare, _ = equilibrium(m, np.asarray(p.equilibria[lvl].admitted, dtype=bool))
        assert row.welfare == pytest.approx(welfare, rel=1e-9, abs=1e-9 * scale)
        assert row.provision == pytest.approx(g.sum(), rel=1e-9, abs=1e-9)
    if s.n_states <= 7:
        assert p.optimum.welfare == pytest.approx(optimum_brute_force(m)[0], rel=1e-9,
                                                  abs=1e-9 * scale)


@settings(max_examples=examples(0.4))
@given(mr_any_scenario(max_n=12), st.randoms(use_true_random=False))
def test_level_and_stability_are_invariant_to_relabelling_states(s, rnd):
    order = list(range(s.n_states))
    rnd.shuffle(order)
    p, q = gg.predict_governance(s), gg.predict_governance(s.permuted(order))
    assert q.level is p.level
    assert q.stable_coalition.size == p.stable_coalition.size
    assert q.self_enforcing == p.self_enforcing
    scale = nash_scale(Model.of_scenario(s))
    np.testing.assert_allclose(q.scopes["welfare"], p.scopes["welfare"], rtol=1e-9, atol=1e-9 * scale)
    assert q.optimum.welfare == pytest.approx(p.optimum.welfare, rel=1e-9, abs=1e-9 * scale)


def _scaled(s: gg.Scenario, factor: float) -> gg.Scenario:
    states = [x.replace(benefit=x.benefit * factor, cost=x.cost * factor,
                        private_benefit=x.private_benefit * factor) for x in s.states]
    return s.replace(states=states)


@settings(max_examples=examples(0.4))
@given(mr_any_scenario(max_n=12), mr_factor)
def test_level_and_stability_are_invariant_to_scaling_benefits_and_costs(s, factor):
    p, q = gg.predict_governance(s), gg.predict_governance(_scaled(s, factor))
    assert q.level is p.level
    assert q.stable_coalition.size == p.stable_coalition.size
    assert q.self_enforcing == p.self_enforcing
    scale = nash_scale(Model.of_scenario(s))
    np.testing.assert_allclose(q.scopes["welfare"], factor * p.scopes["welfare"], rtol=1e-9,
                               atol=1e-9 * scale * factor)
    np.testing.assert_allclose(q.scopes["provision"], p.scopes["provision"], rtol=1e-9, atol=1e-12)


@settings(max_examples=examples(0.5))
@given(mr_any_scenario(max_n=12))
def test_cost_shares_sum_to_one_and_lindahl_shares_follow_benefits(s):
    p = gg.predict_governance(s)
    m = Model.of_scenario(s)
    table = p.states
    g = table["contribution_achieved"].to_numpy()
    cost = m.c * g * g / 2.0
    np.testing.assert_allclose(table["cost"], cost, rtol=1e-12, atol=1e-15)
    if cost.sum() > 0:
        assert table["cost_share"].sum() == pytest.approx(1.0, rel=1e-12)
        np.testing.assert_allclose(table["cost_share"], cost / cost.sum(), rtol=1e-9, atol=1e-12)
    # Lindahl: each provider's cost at the optimum split by the marginal benefits it gives
    M = np.asarray(gg.ContributionGame.from_scenario(s).optimum().admitted, dtype=bool)
    if s.n_states <= 7:
        best, _, _ = optimum_brute_force(m)
        W = unit(m, M)
        g_opt = np.clip(((m.b[:, None] * W).sum(axis=0) + m.p) / m.c, 0.0, m.K)
        assert welfare_of(m, W, g_opt) == pytest.approx(best, rel=1e-9, abs=1e-9 * nash_scale(m))
    W = unit(m, M)
    g_opt = np.clip(((m.b[:, None] * W).sum(axis=0) + m.p) / m.c, 0.0, m.K)
    shares = np.zeros(s.n_states)
    for j in range(s.n_states):
        value = m.b @ W[:, j] + m.p[j]
        if value > 0:
            shares += m.b * W[:, j] / value * m.c[j] * g_opt[j] ** 2 / 2
            shares[j] += m.p[j] / value * m.c[j] * g_opt[j] ** 2 / 2
    if shares.sum() > 0:
        assert table["lindahl_share"].sum() == pytest.approx(1.0, rel=1e-12)
        np.testing.assert_allclose(table["lindahl_share"], shares / shares.sum(), rtol=1e-8,
                                   atol=1e-12)


@settings(max_examples=examples(0.5))
@given(mr_any_scenario(max_n=12, rivalry=0.0))
def test_without_rivalry_every_scope_is_at_least_nash(s):
    p = gg.predict_governance(s)
    scale = nash_scale(Model.of_scenario(s))
    nash = float(p.scopes["welfare"].iloc[0])
    assert np.all(p.scopes["welfare"] >= nash - 1e-9 * max(scale, abs(nash)))


@settings(max_examples=examples(0.5))
@given(mr_any_scenario(max_n=10), mr_levers())
def test_levers_create_no_welfare_and_stay_within_the_budget(s, levers):
    unfunded = gg.predict_governance(s)
    p = gg.predict_governance(s, levers=levers)
    m = Model.of_scenario(s)
    scale = nash_scale(m)
    opt = unfunded.optimum.welfare
    assert p.optimum.welfare == pytest.approx(opt, rel=1e-12, abs=1e-12 * scale)
    assert np.all(p.scopes["welfare"] <= opt + 1e-9 * max(scale, abs(opt)))
    assert np.all(p.scopes["outlay"] >= 0.0)
    assert np.all(p.scopes["outlay"] <= levers.budget * (1 + 1e-12) + 1e-12)
    for lvl, row in zip(SCOPES, p.scopes.itertuples()):
        if lvl not in (gg.Level.UNILATERAL, gg.Level.BILATERAL):
            continue   # agreements at a depth: tests/test_kernels_vs_references.py
        M = np.asarray(p.equilibria[lvl].admitted, dtype=bool)
        g, _, welfare, outlay = equilibrium(m, M, levers.funding, levers.side_payment)
        if outlay <= levers.budget:
            # the donor pays its full share: welfare is the states' payoffs less the outlay
            assert row.provision == pytest.approx(g.sum(), rel=1e-9, abs=1e-9)
            assert row.outlay == pytest.approx(outlay, rel=1e-9, abs=1e-9 * scale)
            assert row.welfare == pytest.approx(welfare, rel=1e-9, abs=1e-9 * scale)
        else:
            # a binding budget is spent, not left over: the donor scales its payments down to it
            assert row.outlay == pytest.approx(levers.budget, rel=1e-9, abs=1e-12)


# ====================================================================== closed forms
_n, _b, _c, _own, _other, _s = sympy.symbols("n b c g_own g_other s", positive=True)
#: a state's payoff in the symmetric pure public good (global domain, e = r = 0)
_U = _b * (_own + (_n - 1) * _other) - _c * _own ** 2 / 2
_NASH_G = sympy.solve(sympy.diff(_U, _own), _own)[0]
_SYM = _n * _U.subs(_other, _own)                       # welfare when everyone gives the same
_OPT_G = sympy.solve(sympy.diff(_SYM, _own), _own)[0]
_NASH_W = sympy.simplify(_n * _U.subs({_own: _NASH_G, _other: _NASH_G}))
_OPT_W = sympy.simplify(_SYM.subs(_own, _OPT_G))
# an agreement of s states: members give s b / c (they count s benefits), others b / c
_IN = _b * (_s * _s * _b / _c + (_n - _s) * _b / _c) - _c * (_s * _b / _c) ** 2 / 2
_OUT = _b * ((_s - 1) ** 2 * _b / _c + (_n - _s + 1) * _b / _c) - _c * (_b / _c) ** 2 / 2
_LEAVE = sympy.factor(sympy.simplify(_OUT - _IN))


def test_closed_forms_are_the_textbook_ones():
    assert sympy.simplify(_NASH_G - _b / _c) == 0
    assert sympy.simplify(_OPT_G - _n * _b / _c) == 0
    assert sympy.simplify(_NASH_W - _n * (2 * _n - 1) * _b ** 2 / (2 * _c)) == 0
    assert sympy.simplify(_OPT_W - _n ** 3 * _b ** 2 / (2 * _c)) == 0
    assert sympy.simplify(_LEAVE - _b ** 2 * (_s - 1) * (_s - 3) / (2 * _c)) == 0


@pytest.mark.parametrize("n,b,c", [(2, 1.0, 1.0), (3, 0.5, 2.0), (6, 1.7, 0.3), (12, 2.0, 5.0)])
def test_symmetric_public_good_matches_sympy(n, b, c):
    values = {_n: n, _b: b, _c: c}
    game = ContributionGame(benefit=[b] * n, cost=[c] * n, spill=np.ones((n, n)))
    nash, opt = game.nash(), game.optimum()
    np.testing.assert_allclose(nash.contributions, float(_NASH_G.subs(values)), rtol=1e-12)
    np.testing.assert_allclose(opt.contributions, float(_OPT_G.subs(values)), rtol=1e-12)
    assert nash.welfare == pytest.approx(float(_NASH_W.subs(values)), rel=1e-12)
    assert opt.welfare == pytest.approx(float(_OPT_W.subs(values)), rel=1e-12)
    for size in range(2, n + 1):
        members = list(range(size))
        eq = partial_agreement(game, [members])
        expected = float(_LEAVE.subs({**values, _s: size}))
        for exclusion in (True, False):
            gains = stability(game, eq, members, exclusion=exclusion).gain_from_leaving
            np.testing.assert_allclose(gains, expected, rtol=1e-10, atol=1e-10 * b * b / c)
    # the largest self-enforcing agreement: the largest s <= n with (s - 1)(s - 3) <= 0
    largest = max(k for k in range(2, n + 1) if _LEAVE.subs({**values, _s: k}) <= 0)
    assert len(stable_agreement(game)[1]) == largest == min(3, n)


@pytest.mark.parametrize("n,k", [(4, 2), (6, 3), (9, 3), (12, 4)])
def test_symmetric_refugee_scopes_match_sympy(n, k):
    """The closed forms of full-depth agreements (all states; one per region), evaluated
    with goodsgov.evaluate; the prediction's unilateral scope and optimum."""
    s = gg.refugee_protection(n_states=n, n_regions=k, benefit_spread=0.0, excludability=0.0,
                              rivalry=0.0, private_benefit=0.0, spillover="global")
    p = gg.predict_governance(s)
    values = {_n: n, _b: 1.0, _c: 1.0}
    w = dict(zip(p.scopes["scope"], p.scopes["welfare"]))
    assert w["unilateral"] == pytest.approx(float(_NASH_W.subs(values)), rel=1e-12)
    assert gg.evaluate(s, agreements=[s.names]).welfare == pytest.approx(float(_OPT_W.subs(values)), rel=1e-12)
    assert p.optimum.welfare == pytest.approx(float(_OPT_W.subs(values)), rel=1e-12)
    # regions of m_r states: members give m_r b / c; welfare n b G - sum_i c g_i^2 / 2
    regions = [[x for x, r in zip(s.names, s.region_of) if r == q] for q in dict.fromkeys(s.region_of)]
    sizes = [len(r) for r in regions]
    m_r = sympy.symbols(f"m0:{len(sizes)}", positive=True)
    G = sum(m * m * _b / _c for m in m_r)
    regional = _n * _b * G - sum(m * _c * (m * _b / _c) ** 2 / 2 for m in m_r)
    got = gg.evaluate(s, agreements=[r for r in regions if len(r) > 1]).welfare
    assert got == pytest.approx(float(regional.subs({**values, **dict(zip(m_r, sizes))})), rel=1e-12)
    assert p.solution.stable.members.sum() == min(3, n) or p.decision_cost > 0
