"""Unit tests of states (goodsgov.states) and scenarios (goodsgov.scenario)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from goodsgov import Good, Scenario, State
from goodsgov.errors import ValidationError
from goodsgov.domain import excludable_reach, reach_matrix
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


# ----------------------------------------------------------------- benefit domain
def _reference_domain(good, states):
    """Loop implementation of goodsgov.scenario's D and N, written independently."""
    n = len(states)
    D, N = np.empty((n, n)), np.empty((n, n))
    for i, si in enumerate(states):
        for j, sj in enumerate(states):
            kind = good.spillover.value
            same = si.region == sj.region
            partners = i == j or si.name in sj.partners or sj.name in si.partners
            if kind == "auto":
                D[i, j] = 1.0
                N[i, j] = 1.0 if partners else (1.0 - good.rivalry) * same
                continue
            inside = {"global": True, "regional": same, "bilateral": partners, "none": i == j}[kind]
            D[i, j] = N[i, j] = 1.0 if inside else 0.0
    return D, N


@given(fd_scenario(explicit_reach=False))
def test_derived_domain_matches_the_definition(s):
    D, N = _reference_domain(s.good, s.states)
    np.testing.assert_array_equal(s.reach, D)
    np.testing.assert_array_equal(s.excludable_reach, N)
    np.testing.assert_array_equal(reach_matrix(s.good, s.states), D)
    np.testing.assert_array_equal(excludable_reach(s.good, s.states), N)
    assert not s.reach_explicit


@given(fd_scenario())
def test_spill_is_the_unit_benefit_of_states_acting_alone(s):
    """Alone, a state is admitted only to its own provision: W = (1-e) D off the diagonal."""
    e, r = s.good.excludability, s.good.rivalry
    expected = np.empty((s.n_states, s.n_states))
    for i in range(s.n_states):
        for j in range(s.n_states):
            w = 1.0 if s.good.weights is None else s.good.weights[j]
            own = e * s.excludable_reach[j, j] / (1.0 + r * max(s.excludable_reach[j, j] - 1.0, 0.0))
            expected[i, j] = w * ((1.0 - e) * s.reach[i, j] + (own if i == j else 0.0))
    np.testing.assert_allclose(s.spill, expected, rtol=1e-12, atol=1e-15)
    assert np.all(s.spill >= 0)


def test_the_auto_domain_follows_excludability_rivalry_and_geography():
    """Non-excludable share everywhere; the excludable share stays with region (non-rival) or
    partners (rival)."""
    states = [State("A", "r", partners=("C",)), State("B", "r"), State("C", "q", partners=("A",))]
    club = Scenario(Good("x", excludability=0.9, rivalry=0.0), states)
    np.testing.assert_array_equal(club.reach, np.ones((3, 3)))
    np.testing.assert_array_equal(club.excludable_reach, [[1, 1, 1], [1, 1, 0], [1, 0, 1]])
    private = Scenario(Good("x", excludability=0.9, rivalry=1.0), states)
    np.testing.assert_array_equal(private.excludable_reach, [[1, 0, 1], [0, 1, 0], [1, 0, 1]])


def test_explicit_ranges_confine_the_whole_benefit():
    g = Good("x", excludability=0.8, rivalry=0.0, spillover="regional")
    s = Scenario(g, [State("A", "r"), State("B", "r"), State("C", "q")])
    np.testing.assert_allclose(s.reach, [[1, 1, 0], [1, 1, 0], [0, 0, 1]])
    np.testing.assert_array_equal(s.excludable_reach, s.reach)


def test_bilateral_reach_uses_partner_names_symmetrically():
    g = Good("x", excludability=1.0, rivalry=0.0, spillover="bilateral")
    s = Scenario(g, [State("A", partners=("C",)), State("B"), State("C")])
    np.testing.assert_array_equal(s.reach, [[1, 0, 1], [0, 1, 0], [1, 0, 1]])


def test_an_explicit_reach_with_a_zero_column_stays_finite():
    g = Good("x", excludability=0.5, rivalry=1.0)
    s = Scenario(g, [State("A"), State("B")], reach=[[0.0, 0.5], [0.0, 1.0]])
    assert np.all(np.isfinite(s.spill)) and s.reach_explicit
    assert s.replace(name="kept").reach_explicit


def test_a_single_region_name_is_not_split_into_letters():
    with pytest.raises(ValidationError, match="regions"):
        Scenario(Good("x", 0.1, 0.1), [State("A", "North")], regions="North")


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
    t = s.replace(good=s.good.replace(spillover="global"))
    np.testing.assert_array_equal(t.reach, np.ones((2, 2)))
    assert s == Scenario(Good("x", 0.5, 0.0, spillover="regional"), [State("A", "r"), State("B", "q")])
    assert s != t
    explicit = s.replace(reach=[[1.0, 0.3], [0.3, 1.0]])
    np.testing.assert_array_equal(explicit.reach, [[1.0, 0.3], [0.3, 1.0]])


def test_regions_list_is_kept_and_checked():
    s = Scenario(Good("x", 0.1, 0.1), [State("A", "r")], regions=["r", "q"])
    assert s.regions == ("r", "q")
