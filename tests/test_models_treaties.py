"""Treaties: cartel stability, Barrett (1994) and the binary participation treaty."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq, minimize_scalar

from goodsgov.errors import ValidationError
from goodsgov.models import barrett_treaty, participation_treaty, stable_coalitions

from example_counts import examples
from strategies import tc_gamma, tc_payoff_tables, tc_positive


# --------------------------------------------------------------------------- stable_coalitions

def _brute_force_stable(n, sig, non):
    """The issue's definition, written out literally (sig[k-1] = S(k), non[k] = N(k))."""
    out = []
    for k in range(1, n + 1):
        internal = sig[k - 1] >= non[k - 1]
        external = True if k == n else non[k] > sig[k]
        if internal and external:
            out.append(k)
    return out


@given(tc_payoff_tables())
def test_stable_sizes_are_exactly_those_meeting_both_conditions(table):
    n, sig, non = table
    got = stable_coalitions(n, lambda k: sig[k - 1], lambda k: non[k])
    assert got == _brute_force_stable(n, sig, non)
    for k in got:
        assert sig[k - 1] >= non[k - 1]
        assert k == n or non[k] > sig[k]


def test_indifferent_state_joins():
    # S(k) == N(k-1) everywhere: every size is internally stable; N(k) == S(k+1): only n is
    # externally stable because an indifferent outsider joins.
    assert stable_coalitions(5, lambda k: 1.0, lambda k: 1.0) == [5]


def test_stable_coalitions_bad_inputs():
    with pytest.raises(ValidationError, match="n"):
        stable_coalitions(0, lambda k: 0.0, lambda k: 0.0)
    with pytest.raises(ValidationError, match="callable"):
        stable_coalitions(3, 1.0, lambda k: 0.0)
    with pytest.raises(ValidationError, match=r"nonsignatory_payoff\(1\)"):
        stable_coalitions(3, lambda k: 0.0, lambda k: math.nan if k == 1 else 0.0)
    with pytest.raises(ValidationError, match="tol"):
        stable_coalitions(3, lambda k: 0.0, lambda k: 0.0, tol=-1.0)


# --------------------------------------------------------------------------- Barrett (1994)

def _numerical_stackelberg(n, a, b, c, k):
    """Signatories' abatement by nested numerical optimisation (no closed form used)."""

    def followers(qs):
        if k == n:
            return 0.0

        def foc(qn):       # a non-signatory's first-order condition, symmetric followers
            total = k * qs + (n - k) * qn
            return b / n * (a - total) - c * qn
        if foc(0.0) <= 0:
            return 0.0
        return brentq(foc, 0.0, a, xtol=1e-14, rtol=1e-13)

    def minus_signatory(qs):
        qn = followers(qs)
        total = k * qs + (n - k) * qn
        return -(b / n * (a * total - total ** 2 / 2) - c * qs ** 2 / 2)

    res = minimize_scalar(minus_signatory, bounds=(0.0, a), method="bounded",
                          options={"xatol": 1e-11 * a})
    return res.x, followers(res.x)


@settings(max_examples=examples(0.5))
@given(n=st.integers(2, 25), gamma=tc_gamma, a=tc_positive, data=st.data())
def test_barrett_closed_form_matches_numerical_stackelberg(n, gamma, a, data):
    k = data.draw(st.integers(1, n))
    t = barrett_treaty(n, a, 1.0, gamma)
    qs, qn = t.abatement(k)
    qs_num, qn_num = _numerical_stackelberg(n, a, 1.0, gamma, k)
    # the leaders' objective is flat at the optimum: compare payoffs tightly, actions loosely
    assert qs == pytest.approx(qs_num, rel=1e-4, abs=1e-6 * a)
    assert qn == pytest.approx(qn_num, rel=1e-4, abs=1e-6 * a)
    assert t.total_abatement(k) <= a * (1 + 1e-12)
    assert qn >= 0.0


@settings(max_examples=examples(0.5))
@given(n=st.integers(2, 25), gamma=tc_gamma, data=st.data())
def test_barrett_nonsignatories_have_no_profitable_deviation(n, gamma, data):
    k = data.draw(st.integers(0, n - 1))
    a = 10.0
    t = barrett_treaty(n, a, 1.0, gamma)
    qs, qn = t.abatement(k)
    others = t.total_abatement(k) - qn

    def minus_own(q):
        total = others + q
        return -(1.0 / n * (a * total - total ** 2 / 2) - gamma * q ** 2 / 2)

    best = minimize_scalar(minus_own, bounds=(0.0, a), method="bounded",
                           options={"xatol": 1e-12})
    assert -minus_own(qn) >= -best.fun - 1e-9


@given(n=st.integers(2, 40), gamma=tc_gamma)
def test_barrett_nash_and_optimum_closed_forms(n, gamma):
    a = 100.0
    t = barrett_treaty(n, a, 2.0, 2.0 * gamma)
    assert t.nash.actions == pytest.approx(np.full(n, a / (n * (1 + gamma))), rel=1e-10)
    assert t.optimum.actions == pytest.approx(np.full(n, a / (n + gamma)), rel=1e-10)
    welfare = np.array([t.outcome(k).welfare for k in range(n + 1)])
    assert np.all(t.optimum.welfare >= welfare - 1e-9 * abs(t.optimum.welfare))
    # leaders could always play their Nash abatement (followers would answer with theirs),
    # so signatories never do worse than in the Nash equilibrium; total welfare can
    # (a lone Stackelberg leader under-abates to make the followers abate more)
    nash_payoff = t.nash.payoffs[0]
    sig = np.array([t.signatory_payoff(k) for k in range(1, n + 1)])
    assert np.all(sig >= nash_payoff - 1e-9 * abs(nash_payoff))


@given(n=st.integers(2, 40), gamma=tc_gamma, scale_a=st.floats(0.1, 50.0),
       scale_bc=st.floats(0.1, 50.0))
def test_barrett_stable_size_depends_only_on_gamma(n, gamma, scale_a, scale_bc):
    base = barrett_treaty(n, 1.0, 1.0, gamma)
    scaled = barrett_treaty(n, scale_a, scale_bc, scale_bc * gamma)
    assert scaled.stable_sizes == base.stable_sizes
    assert scaled.gain_share() == pytest.approx(base.gain_share(), rel=1e-7, abs=1e-9)


@given(n=st.integers(2, 40), gamma=tc_gamma)
def test_barrett_stable_sizes_meet_the_definition(n, gamma):
    t = barrett_treaty(n, 1.0, 1.0, gamma)
    sig = [t.signatory_payoff(k) for k in range(1, n + 1)]
    non = [t.nonsignatory_payoff(k) for k in range(0, n)]
    assert list(t.stable_sizes) == _brute_force_stable(n, sig, non)
    assert len(t.stable_sizes) >= 1


def test_barrett_known_results():
    # Barrett (1994): a low cost-benefit ratio sustains (nearly) full participation,
    # a high one only a treaty of two or three.
    assert barrett_treaty(10, 100.0, 1.0, 0.01).stable_sizes == (10,)
    assert barrett_treaty(100, 100.0, 1.0, 0.01).largest_stable_size >= 50
    for gamma in (10.0, 100.0, 1000.0):
        assert barrett_treaty(100, 100.0, 1.0, gamma).largest_stable_size <= 3
    # and the largest stable size never rises with gamma
    gammas = np.geomspace(1e-3, 1e3, 60)
    sizes = [barrett_treaty(30, 1.0, 1.0, g).largest_stable_size for g in gammas]
    assert all(np.diff(sizes) <= 0)


@given(gamma=st.floats(0.01, 100.0), n=st.integers(2, 40), extra=st.integers(1, 40))
def test_more_states_lower_barrett_share_at_a_given_treaty_size(gamma, n, extra):
    # Raising the number of states lowers the share of the cooperative gain the
    # self-enforcing treaty achieves whenever the stable size itself is unchanged;
    # across jumps of k* the share is sawtooth-shaped but trends to zero (next test).
    small, large = barrett_treaty(n, 1.0, 1.0, gamma), barrett_treaty(n + extra, 1.0, 1.0, gamma)
    if small.largest_stable_size == large.largest_stable_size:
        assert large.gain_share() <= small.gain_share() + 1e-12


def test_barrett_share_vanishes_with_many_states():
    for gamma in (0.1, 1.0, 10.0):
        shares = [barrett_treaty(n, 1.0, 1.0, gamma).gain_share() for n in (5, 50, 500)]
        assert shares[0] > shares[1] > shares[2]
        assert shares[2] < 0.05


def test_barrett_bad_inputs():
    with pytest.raises(ValidationError, match="n"):
        barrett_treaty(1, 1.0, 1.0, 1.0)
    with pytest.raises(ValidationError, match="c"):
        barrett_treaty(5, 1.0, 1.0, 0.0)
    with pytest.raises(ValidationError, match="a"):
        barrett_treaty(5, math.inf, 1.0, 1.0)
    t = barrett_treaty(5, 1.0, 1.0, 1.0)
    with pytest.raises(ValidationError, match="k"):
        t.abatement(6)
    with pytest.raises(ValidationError, match="k"):
        t.signatory_payoff(0)
    with pytest.raises(ValidationError, match="k"):
        t.nonsignatory_payoff(5)


# --------------------------------------------------------------------------- binary treaty

@given(n=st.integers(2, 60), benefit=st.integers(1, 10), ratio=st.floats(1.01, 60.0))
def test_participation_treaty_threshold_and_share(n, benefit, ratio):
    cost = benefit * ratio
    t = participation_treaty(n, float(benefit), cost)
    k0 = math.ceil(cost / benefit - 1e-12)
    if k0 <= n:
        assert t.largest_stable_size == k0
        assert t.gain_share() == pytest.approx(k0 / n)
    # the definition, literally
    sig = [t.signatory_payoff(k) for k in range(1, n + 1)]
    non = [t.nonsignatory_payoff(k) for k in range(0, n)]
    assert list(t.stable_sizes) == _brute_force_stable(n, sig, non)
    assert t.optimum.welfare >= t.outcome(t.largest_stable_size).welfare >= t.nash.welfare


@given(n=st.integers(2, 60), extra=st.integers(1, 60), ratio=st.floats(1.01, 2.0))
def test_more_states_lower_the_binary_treaty_share(n, extra, ratio):
    # the claim for the refugee agreement: more states, smaller share of the optimum
    small, large = participation_treaty(n, 1.0, ratio), participation_treaty(n + extra, 1.0, ratio)
    assert large.gain_share() < small.gain_share() or small.gain_share() == 0.0


def test_participation_treaty_dominant_abatement():
    t = participation_treaty(6, benefit=2.0, cost=1.0)
    assert t.stable_sizes == (6,)
    assert t.nash.provision == 6.0 and t.gain_share() == 1.0


def test_participation_treaty_bad_inputs():
    with pytest.raises(ValidationError, match="benefit"):
        participation_treaty(5, -1.0, 1.0)
    with pytest.raises(ValidationError, match="n"):
        participation_treaty(2.5, 1.0, 1.0)


# --------------------------------------------------------------------------- units (issue 13)
#: a change of units: every benefit and cost multiplied by 10**k
_units = st.integers(min_value=-80, max_value=80).map(lambda k: 10.0 ** k)


@given(n=st.integers(2, 60), a=tc_positive, b=tc_positive, gamma=tc_gamma, s=_units, t=_units)
def test_barrett_stability_does_not_depend_on_units(n, a, b, gamma, s, t):
    """Payoffs are a**2 b times a function of (n, gamma) (Barrett 1994, eq. 1, 7): measuring
    benefits and costs in other units (b, c times s) or abatement in other units (a times t)
    leaves the stable sizes and the gain share unchanged."""
    base = barrett_treaty(n, a, b, gamma * b)
    moved = barrett_treaty(n, a * t, b * s, gamma * b * s)
    assert moved.stable_sizes == base.stable_sizes
    assert moved.gain_share() == pytest.approx(base.gain_share(), rel=1e-6, abs=1e-9)
    assert moved.optimum.provision == pytest.approx(base.optimum.provision * t, rel=1e-9)


@given(n=st.integers(2, 60), benefit=tc_positive, ratio=st.floats(0.05, 80.0), s=_units)
def test_participation_treaty_does_not_depend_on_units(n, benefit, ratio, s):
    base = participation_treaty(n, benefit, benefit * ratio)
    moved = participation_treaty(n, benefit * s, benefit * ratio * s)
    assert moved.stable_sizes == base.stable_sizes and moved.threshold == base.threshold
    assert moved.gain_share() == pytest.approx(base.gain_share(), rel=1e-9)


def test_barrett_at_the_magnitude_limits_is_finite():
    """The closed form divided through by D: no overflow at gamma = 1e200 or 1e-200."""
    for a, b, c in [(1e100, 1e-100, 1e100), (1e100, 1e100, 1e-100), (1e-100, 1e-100, 1e100)]:
        t = barrett_treaty(7, a, b, c)
        assert t.stable_sizes and np.isfinite(t.optimum.payoffs).all()
        assert np.isfinite(t.outcome(t.largest_stable_size).actions).all()
