"""Unit tests of states (goodsgov.states) and scenarios (goodsgov.scenario)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from goodsgov import Good, Scenario, State
from goodsgov.errors import ValidationError
from goodsgov.scenario import effective_spillovers, reach_matrix
from goodsgov.states import AIMS, states_from_columns

from strategies import fd_scenario


# ----------------------------------------------------------------- states
def test_state_defaults_and_coercion():
    s = State("A", benefit=2, cost=3, capacity=4)
    assert (s.region, s.benefit, s.cost, s.capacity, s.private_benefit) == ("world", 2.0, 3.0, 4.0, 0.0)
    assert isinstance(s.benefit, float)
    assert State("B").capacity == math.inf
    with pytest.raises(AttributeError):
        s.benefit = 5.0  # type: ignore[misc]


@given(st.dictionaries(st.sampled_from(AIMS), st.floats(0, 10)),
       st.dictionaries(st.sampled_from(AIMS), st.floats(0, 10)))
def test_from_aims_benefit_is_the_weighted_sum(aims, priorities):
    s = State.from_aims("A", aims=aims, priorities=priorities)
    expected = sum(aims.get(k, 0.0) * priorities.get(k, 0.0) for k in AIMS)
    assert s.benefit == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert set(s.aims) == set(AIMS) and set(s.priorities) == set(AIMS)
    with pytest.raises(TypeError):
        s.aims["security"] = 1.0  # read-only mapping


def test_replace_with_explicit_benefit_drops_the_aims():
    s = State.from_aims("A", aims={"rights": 1.0}, priorities={"rights": 0.5})
    t = s.replace(benefit=3.0)
    assert t.benefit == 3.0 and t.aims is None and t.priorities is None
    u = s.replace(cost=2.0)
    assert u.aims == s.aims and u.benefit == s.benefit


def test_partners_validation():
    assert State("A", partners=["B"]).partners == ("B",)
    with pytest.raises(ValidationError, match="partners"):
        State("A", partners="B")
    with pytest.raises(ValidationError, match="cannot partner itself"):
        State("A", partners=("A",))


def test_states_from_columns_builds_parallel_states_and_checks_lengths():
    ss = states_from_columns(["A", "B"], benefit=[1.0, 2.0], region=["x", "y"])
    assert [s.benefit for s in ss] == [1.0, 2.0] and [s.region for s in ss] == ["x", "y"]
    with pytest.raises(ValidationError, match="benefit"):
        states_from_columns(["A", "B"], benefit=[1.0])


# ----------------------------------------------------------------- reach and spillovers
def _reference_reach(good, states):
    """Loop implementation of DESIGN §3, written independently of reach_matrix."""
    n = len(states)
    R = np.empty((n, n))
    for i, si in enumerate(states):
        for j, sj in enumerate(states):
            kind = good.spillover.value
            if kind == "global":
                inside = True
            elif kind == "regional":
                inside = si.region == sj.region
            elif kind == "bilateral":
                inside = i == j or si.name in sj.partners or sj.name in si.partners
            else:
                inside = i == j
            R[i, j] = 1.0 if inside else 1.0 - good.excludability
    return R


@given(fd_scenario(explicit_reach=False))
def test_derived_reach_matches_the_definition(s):
    np.testing.assert_allclose(s.reach, _reference_reach(s.good, s.states), rtol=0, atol=1e-15)
    np.testing.assert_array_equal(reach_matrix(s.good, s.states), s.reach)


@given(fd_scenario())
def test_effective_spillovers_is_congested_reach(s):
    R = s.reach
    users = R.sum(axis=0)
    expected = np.empty_like(R)
    for i in range(s.n_states):
        for j in range(s.n_states):
            w = 1.0 if s.good.weights is None else s.good.weights[j]
            expected[i, j] = w * R[i, j] / (1.0 + s.good.rivalry * (users[j] - 1.0))
    np.testing.assert_allclose(s.spill, expected, rtol=1e-12, atol=1e-15)
    assert np.all(s.spill >= 0)


def test_fully_rival_good_splits_one_unit_among_beneficiaries():
    g = Good("x", excludability=0.0, rivalry=1.0, spillover="global")
    s = Scenario(g, [State(n) for n in "ABCD"])
    np.testing.assert_allclose(s.spill.sum(axis=0), 1.0)
    g0 = g.replace(rivalry=0.0)
    np.testing.assert_allclose(Scenario(g0, [State(n) for n in "ABCD"]).spill, 1.0)


def test_regional_reach_gives_outsiders_one_minus_excludability():
    g = Good("x", excludability=0.8, rivalry=0.0, spillover="regional")
    s = Scenario(g, [State("A", "r"), State("B", "r"), State("C", "q")])
    np.testing.assert_allclose(s.reach, [[1, 1, 0.2], [1, 1, 0.2], [0.2, 0.2, 1]])


def test_bilateral_reach_uses_partner_names_symmetrically():
    g = Good("x", excludability=1.0, rivalry=0.0, spillover="bilateral")
    s = Scenario(g, [State("A", partners=("C",)), State("B"), State("C")])
    np.testing.assert_array_equal(s.reach, [[1, 0, 1], [0, 1, 0], [1, 0, 1]])


# ----------------------------------------------------------------- scenario
@given(fd_scenario())
def test_scenario_is_immutable_and_views_are_read_only(s):
    for arr in (s.reach, s.spill, s.benefit, s.cost, s.capacity, s.private_benefit):
        assert not arr.flags.writeable
        with pytest.raises(ValueError):
            arr[0] = 0.5 if arr.ndim == 1 else arr[0]
    with pytest.raises(AttributeError):
        s.good = s.good  # type: ignore[misc]
    assert s.names == tuple(st_.name for st_ in s.states)
    np.testing.assert_array_equal(s.benefit, [st_.benefit for st_ in s.states])
    assert s.region_of == tuple(st_.region for st_ in s.states)


@given(fd_scenario(), st.randoms(use_true_random=False))
def test_permuted_permutes_every_per_state_quantity(s, rnd):
    order = list(range(s.n_states))
    rnd.shuffle(order)
    p = s.permuted(order)
    assert p.names == tuple(s.names[k] for k in order)
    np.testing.assert_array_equal(p.reach, s.reach[np.ix_(order, order)])
    np.testing.assert_allclose(p.spill, s.spill[np.ix_(order, order)], rtol=1e-12)
    np.testing.assert_array_equal(p.capacity, s.capacity[order])
    inverse = np.argsort(order)
    assert p.permuted(list(inverse)) == s


def test_permuted_rejects_non_permutation():
    s = Scenario(Good("x", 0.1, 0.1), [State("A"), State("B")])
    with pytest.raises(ValidationError, match="order.*permutation"):
        s.permuted([0, 0])


def test_replace_rederives_reach_and_equality_is_by_value():
    s = Scenario(Good("x", 0.5, 0.0, spillover="regional"), [State("A", "r"), State("B", "q")])
    t = s.replace(good=s.good.replace(excludability=1.0))
    np.testing.assert_array_equal(t.reach, np.eye(2))
    assert s == Scenario(Good("x", 0.5, 0.0, spillover="regional"), [State("A", "r"), State("B", "q")])
    assert s != t
    explicit = s.replace(reach=[[1.0, 0.3], [0.3, 1.0]])
    np.testing.assert_array_equal(explicit.reach, [[1.0, 0.3], [0.3, 1.0]])


def test_regions_list_is_kept_and_checked():
    s = Scenario(Good("x", 0.1, 0.1), [State("A", "r")], regions=["r", "q"])
    assert s.regions == ("r", "q")
