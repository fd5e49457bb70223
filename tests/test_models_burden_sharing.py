"""Burden sharing: Shapley value and (least) core."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings

from example_counts import examples
from hypothesis import strategies as st

from goodsgov.errors import ValidationError
from goodsgov.models import (
    CORE_MAX_PLAYERS, SHAPLEY_MAX_PLAYERS, barrett_treaty, in_core, least_core, shapley_value,
    symmetric_worth, worth_vector,
)
from strategies import tc_cooperative_game


def _shapley_by_orderings(v, n):
    """Average marginal contribution over all n! orderings (the definition)."""
    phi = np.zeros(n)
    for order in itertools.permutations(range(n)):
        mask = 0
        for i in order:
            phi[i] += v[mask | (1 << i)] - v[mask]
            mask |= 1 << i
    return phi / math.factorial(n)


def _permute_game(v, n, perm):
    """Worth vector of the game with player i renamed perm[i]."""
    out = np.zeros_like(v)
    for mask in range(2 ** n):
        new = 0
        for i in range(n):
            if mask >> i & 1:
                new |= 1 << perm[i]
        out[new] = v[mask]
    return out


@given(tc_cooperative_game())
def test_shapley_is_efficient_and_matches_the_definition(worth):
    v = np.array(worth)
    n = v.size.bit_length() - 1
    phi = shapley_value(v)
    assert phi.sum() == pytest.approx(v[-1], abs=1e-9 * max(1.0, np.abs(v).max()))
    assert phi == pytest.approx(_shapley_by_orderings(v, n), abs=1e-9)


@given(tc_cooperative_game(max_n=4), st.data(), st.floats(0.1, 10.0))
def test_shapley_relabelling_and_linearity(worth, data, scale):
    v = np.array(worth)
    n = v.size.bit_length() - 1
    perm = data.draw(st.permutations(range(n)))
    phi = shapley_value(v)
    phi_p = shapley_value(_permute_game(v, n, perm))
    assert phi_p[list(perm)] == pytest.approx(phi, abs=1e-9)
    assert shapley_value(scale * v) == pytest.approx(scale * phi, rel=1e-9, abs=1e-9)


def test_shapley_callable_and_symmetric_games():
    # a symmetric game splits equally; callable on frozensets gives the same as the vector
    v = symmetric_worth(5, lambda k: k ** 2)
    assert shapley_value(v) == pytest.approx(np.full(5, 5.0))
    phi = shapley_value(lambda s: float(sum(s)) + (3.0 if {0, 1} <= s else 0.0), n=3)
    assert phi == pytest.approx([0.0 + 1.5, 1.0 + 1.5, 2.0])


@settings(max_examples=examples(2 / 3))
@given(tc_cooperative_game(max_n=4))
def test_least_core_is_optimal_and_in_core_when_nonempty(worth):
    v = np.array(worth)
    n = v.size.bit_length() - 1
    lc = least_core(v)
    x = lc.allocation
    scale = 1e-7 * max(1.0, np.abs(v).max())
    assert x.sum() == pytest.approx(v[-1], abs=scale)
    # every coalition gets at least its worth minus epsilon ...
    for mask in range(1, 2 ** n - 1):
        members = [i for i in range(n) if mask >> i & 1]
        assert x[members].sum() >= v[mask] - lc.epsilon - scale
    # ... and no smaller epsilon is achievable: some coalition binds for every allocation.
    # Check by random efficient allocations never beating epsilon.
    rng = np.random.default_rng(1)
    for _ in range(200 if n > 1 else 0):
        y = x + rng.normal(size=n)
        y += (v[-1] - y.sum()) / n
        worst = max(v[m] - sum(y[i] for i in range(n) if m >> i & 1)
                    for m in range(1, 2 ** n - 1))
        assert worst >= lc.epsilon - scale
    # non-empty within tol relative to the largest worth: the verdict is unit free
    assert lc.core_nonempty == (lc.epsilon <= lc.tol * (np.abs(v).max() or 1.0))
    again = least_core(v * 2.0 ** -20)    # exact in binary: the same game in another unit
    assert again.core_nonempty == lc.core_nonempty
    if lc.core_nonempty:
        assert in_core(x, v, tol=1e-7)


def test_core_of_a_convex_game_contains_the_shapley_value():
    # convex (supermodular) games have the Shapley value in the core (Shapley 1971)
    v = symmetric_worth(4, lambda k: float(k ** 2))
    lc = least_core(v)
    assert lc.core_nonempty and lc.allocation == pytest.approx(shapley_value(v))


def test_empty_core_majority_game():
    # three-player majority game: any pair can take everything, the core is empty
    v = [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0]
    lc = least_core(v)
    assert not lc.core_nonempty
    assert lc.epsilon == pytest.approx(1.0 / 3.0, abs=1e-9)
    assert lc.allocation == pytest.approx([1 / 3] * 3, abs=1e-9)
    assert not in_core(lc.allocation, v)


def test_burden_sharing_of_a_barrett_treaty():
    # worth of a coalition = its members' joint payoff as Stackelberg signatories
    t = barrett_treaty(6, 10.0, 1.0, 1.0)
    v = symmetric_worth(6, t.worth)
    phi = shapley_value(v)
    assert phi == pytest.approx(np.full(6, t.worth(6) / 6))


def test_burden_sharing_bad_inputs():
    with pytest.raises(ValidationError, match="2\\*\\*n"):
        shapley_value([0.0, 1.0, 2.0])
    with pytest.raises(ValidationError, match="empty"):
        shapley_value([1.0, 1.0])
    with pytest.raises(ValidationError, match="n"):
        shapley_value(lambda s: 0.0)
    with pytest.raises(ValidationError, match=f"at most {SHAPLEY_MAX_PLAYERS}"):
        shapley_value(lambda s: 0.0, n=SHAPLEY_MAX_PLAYERS + 1)
    with pytest.raises(ValidationError, match=f"at most {CORE_MAX_PLAYERS}"):
        least_core(np.zeros(2 ** (CORE_MAX_PLAYERS + 1)))
    with pytest.raises(ValidationError, match="worth"):
        shapley_value([0.0, math.nan])
    with pytest.raises(ValidationError, match="allocation"):
        in_core([1.0], [0.0, 0.0, 0.0, 1.0])
    with pytest.raises(ValidationError, match="n"):
        worth_vector([0.0, 1.0], n=2)


# --------------------------------------------------------------------------- units (issue 13)
@given(tc_cooperative_game(), st.integers(min_value=-80, max_value=80).map(lambda k: 10.0 ** k))
def test_least_core_does_not_depend_on_units(v, s):
    """The linear programme is solved in units of the largest worth, so measuring worths
    in other units scales the allocation and epsilon and keeps the core's emptiness."""
    base = least_core(v)
    moved = least_core([x * s for x in v])
    assert moved.core_nonempty == base.core_nonempty
    scale = max(1e-300, max(abs(x) for x in v) * s)
    np.testing.assert_allclose(moved.allocation, base.allocation * s, rtol=1e-6,
                               atol=1e-7 * scale)
    assert moved.epsilon == pytest.approx(base.epsilon * s, rel=1e-6, abs=1e-7 * scale)
