"""Bad input: every error is a goodsgov.errors exception (a ValueError)
whose message names the field, the offending value and what is allowed."""

import math

import numpy as np
import pytest

import goodsgov as gg
from goodsgov import ContributionGame, Good, Scenario, State, predict_governance
from goodsgov.errors import GoodsgovError, ValidationError


def check(exc_info, field, value, allowed):
    """The message names ``field``, ``value`` and ``allowed`` (each a substring)."""
    err = exc_info.value
    assert isinstance(err, GoodsgovError) and isinstance(err, ValueError)
    msg = str(err)
    for part in (field, value, allowed):
        assert part in msg, (part, msg)


def two_states(**kw):
    return [State("A", "r"), State("B", "r", **kw)]


GOOD = Good("x", excludability=0.5, rivalry=0.1)


def test_nan_benefit():
    with pytest.raises(ValidationError) as e:
        State("A", benefit=math.nan)
    check(e, "state['A'].benefit", "nan", "finite number")


@pytest.mark.parametrize("field", ["cost", "private_benefit", "capacity"])
def test_nan_in_other_state_fields(field):
    with pytest.raises(ValidationError) as e:
        State("A", **{field: math.nan})
    check(e, f"state['A'].{field}", "nan", "finite")


def test_negative_cost():
    with pytest.raises(ValidationError) as e:
        State("A", cost=-1.0)
    check(e, "state['A'].cost", "-1.0", "(0.0, inf]")
    with pytest.raises(ValidationError) as e:
        State("A", cost=0.0)
    check(e, "state['A'].cost", "0.0", "(0.0, inf]")


def test_negative_benefit_and_capacity():
    with pytest.raises(ValidationError) as e:
        State("A", benefit=-0.5)
    check(e, "state['A'].benefit", "-0.5", "[0.0, inf]")
    with pytest.raises(ValidationError) as e:
        State("A", capacity=-2)
    check(e, "state['A'].capacity", "-2", "[0.0, inf]")


@pytest.mark.parametrize("value", [1.5, -0.01, math.inf])
def test_excludability_outside_unit_interval(value):
    with pytest.raises(ValidationError) as e:
        Good("x", excludability=value, rivalry=0.1)
    check(e, "good.excludability", repr(value), "[0.0, 1.0]")


def test_rivalry_outside_unit_interval():
    with pytest.raises(ValidationError) as e:
        Good("x", excludability=0.1, rivalry=1.01)
    check(e, "good.rivalry", "1.01", "[0.0, 1.0]")


def test_canonical_override_outside_range():
    with pytest.raises(ValidationError) as e:
        gg.refugee_protection(excludability=2.0)
    check(e, "good.excludability", "2.0", "[0.0, 1.0]")
    with pytest.raises(ValidationError) as e:
        gg.irregular_migration(n_states=1)
    check(e, "n_states", "1", "integer in [2, ")
    with pytest.raises(ValidationError) as e:
        gg.skilled_labour(n_states=4, n_regions=7)
    check(e, "n_regions", "7", "[1, 4]")
    with pytest.raises(ValidationError) as e:
        gg.refugee_protection(cost=-1.0)
    check(e, ".cost", "-1.0", "(0.0, inf]")


def test_mismatched_reach_shape():
    with pytest.raises(ValidationError) as e:
        Scenario(GOOD, two_states(), reach=np.ones((3, 3)))
    check(e, "reach", "(3, 3)", "shape (2, 2)")


@pytest.mark.parametrize("reach, value, allowed", [
    ([[1.0, math.nan], [0.0, 1.0]], "nan", "finite"),
    ([[1.0, 1.5], [0.0, 1.0]], "1.5", "<= 1.0"),
    ([[1.0, -0.5], [0.0, 1.0]], "-0.5", ">= 0.0"),
])
def test_reach_entries_outside_unit_interval(reach, value, allowed):
    with pytest.raises(ValidationError) as e:
        Scenario(GOOD, two_states(), reach=reach)
    check(e, "reach", value, allowed)


def test_duplicate_state_names():
    with pytest.raises(ValidationError) as e:
        Scenario(GOOD, [State("A"), State("B"), State("A")])
    check(e, "states.name", "'A'", "unique")


def test_empty_state_list():
    with pytest.raises(ValidationError) as e:
        Scenario(GOOD, [])
    check(e, "states", "[]", "at least one state")


def test_states_must_be_states():
    with pytest.raises(ValidationError) as e:
        Scenario(GOOD, [State("A"), "B"])
    check(e, "states", "'B'", "goodsgov.State")


def test_unknown_region():
    with pytest.raises(ValidationError) as e:
        Scenario(GOOD, [State("A", "Europe"), State("B", "Mars")], regions=("Europe", "Africa"))
    check(e, "state['B'].region", "'Mars'", "Europe, Africa")


def test_unknown_spillover_name():
    with pytest.raises(ValidationError) as e:
        Good("x", 0.1, 0.1, spillover="continental")
    check(e, "good.spillover", "'continental'", "'global', 'regional', 'bilateral', 'none'")
    with pytest.raises(ValidationError) as e:
        gg.refugee_protection(spillover="planetary")
    check(e, "good.spillover", "'planetary'", "'global'")


def test_unknown_partner():
    with pytest.raises(ValidationError) as e:
        Scenario(Good("x", 0.9, 0.1, spillover="bilateral"), [State("A", partners=("Z",)), State("B")])
    check(e, "state['A'].partners", "'Z'", "states of the scenario")


def test_bad_aims_keys():
    with pytest.raises(ValidationError) as e:
        State.from_aims("A", aims={"wealth": 1.0}, priorities={"rights": 1.0})
    check(e, "state['A'].aims", "'wealth'", "security, economy, rights")
    with pytest.raises(ValidationError) as e:
        State("A", priorities={"security": 1.0, "glory": 2.0})
    check(e, "state['A'].priorities", "'glory'", "security, economy, rights")
    with pytest.raises(ValidationError) as e:
        State.from_aims("A", aims={"rights": math.nan}, priorities={})
    check(e, "state['A'].aims['rights']", "nan", "finite")


def test_weights_length_must_match_states():
    with pytest.raises(ValidationError) as e:
        Scenario(Good("x", 0.1, 0.1, aggregation="weighted", weights=[1, 2, 3]), two_states())
    check(e, "good.weights", "3 weights", "one weight per state (2)")


def test_predict_governance_arguments():
    s = gg.refugee_protection(n_states=4, n_regions=2)
    with pytest.raises(ValidationError) as e:
        predict_governance("refugees")
    check(e, "scenario", "'refugees'", "goodsgov.Scenario")
    with pytest.raises(ValidationError) as e:
        predict_governance(s, bargaining_weight=1.5)
    check(e, "bargaining_weight", "1.5", "[0.0, 1.0]")
    with pytest.raises(ValidationError) as e:
        predict_governance(s, decision_cost=math.nan)
    check(e, "decision_cost", "nan", "finite")


def test_contribution_game_arguments():
    ones = np.ones((2, 2))
    with pytest.raises(ValidationError) as e:
        ContributionGame(benefit=[1.0, 1.0], cost=[1.0, -1.0], spill=ones)
    check(e, "cost", "-1.0", "> 0.0")
    with pytest.raises(ValidationError) as e:
        ContributionGame(benefit=[1.0, 1.0], cost=[1.0, 1.0], spill=np.ones((2, 3)))
    check(e, "spill", "(2, 3)", "shape (2, 2)")
    with pytest.raises(ValidationError) as e:
        ContributionGame(benefit=[1.0, 1.0], cost=[1.0, 1.0], spill=ones, capacity=["a", "b"])
    check(e, "capacity", "'a'", "2 numbers >= 0")
    with pytest.raises(ValidationError) as e:
        ContributionGame(benefit=[1.0, 1.0], cost=[1.0, 1.0], spill=ones, capacity=[1.0, math.nan])
    check(e, "capacity", "nan", "2 numbers >= 0")


def test_bad_partitions():
    game = ContributionGame(benefit=[1.0] * 3, cost=[1.0] * 3, spill=np.ones((3, 3)), names=("A", "B", "C"))
    with pytest.raises(ValidationError) as e:
        game.partial_agreement([("A", "Z")])
    check(e, "partition", "'Z'", "state names or indices 0..2")
    with pytest.raises(ValidationError) as e:
        game.partial_agreement([(0, 1), (1, 2)])
    check(e, "partition", "1", "one agreement only")
    with pytest.raises(ValidationError) as e:
        game.partial_agreement([0.5, 1.0, 2.0])
    check(e, "partition", "0.5", "integers")


def test_errors_are_value_errors_with_structured_fields():
    with pytest.raises(ValueError) as e:
        State("A", cost=-3)
    err = e.value
    assert isinstance(err, ValidationError)
    assert (err.field, err.value) == ("state['A'].cost", -3) and "inf" in err.allowed


def test_unsupported_aggregation_is_refused_not_summed():
    """A weakest-link good must not be silently solved as a summation good."""
    import goodsgov as gg
    for tech in ("weakest_link", "best_shot", "threshold"):
        s = gg.Scenario(gg.Good("x", 0.1, 0.1, aggregation=tech), [gg.State("A"), gg.State("B")])
        with pytest.raises(gg.ValidationError, match=f"good.aggregation = '{tech}'.*summation"):
            gg.predict_governance(s)


# ---------------------------------------------------------------- issue 13: pickling, bounded messages
import pickle  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402

from hypothesis import given, strategies as st  # noqa: E402

from goodsgov import errors  # noqa: E402

ERROR_CLASSES = [getattr(errors, name) for name in errors.__all__
                 if isinstance(getattr(errors, name), type)]


def _example(cls):
    if issubclass(cls, ValidationError):
        return cls("good.rivalry", 2.0, "must be in [0.0, 1.0]")
    if issubclass(cls, errors.EstimationError):
        return cls("decision_cost", "not identified")
    return cls("somefile.toml: key 'good' is invalid: must be a table")


def _same(a, b):
    assert type(a) is type(b) and str(a) == str(b) and a.args == b.args
    assert vars(a) == vars(b)


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_error_class_round_trips_through_pickle(cls):
    err = _example(cls)
    err.add_note("at sweep point {'n_states': 1}")
    err.path = "somefile.toml"  # extra attributes (as scenario_io sets them) travel too
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        _same(err, pickle.loads(pickle.dumps(err, protocol)))


def test_error_classes_of_other_modules_pickle_too():
    from goodsgov.solvers.symmetric import IndifferentEverywhereError
    err = IndifferentEverywhereError("every profile is an equilibrium")
    _same(err, pickle.loads(pickle.dumps(err)))


@given(field=st.text(max_size=30), allowed=st.text(max_size=60),
       value=st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=300),
                       st.lists(st.floats(), max_size=80), st.dictionaries(st.text(max_size=5), st.integers())))
def test_validation_errors_pickle_and_keep_their_fields(field, value, allowed):
    err = ValidationError(field, value, allowed)
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and again.field == field and again.allowed == allowed
    assert repr(again.value) == repr(value)  # (NaN is never equal to itself)
    assert len(str(err)) <= len(field) + len(allowed) + errors.MAX_VALUE_CHARS + len(" =  is invalid: ")


def test_an_unpicklable_value_travels_as_its_repr():
    err = ValidationError("partners", (x for x in "B"), "must be a sequence of names")
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and again.value.startswith("<generator object")


def test_messages_are_bounded_whatever_the_value():
    huge = [[0.5] * 2000 for _ in range(2000)]
    err = ValidationError("reach", huge, "must have shape (3, 3)")
    msg = str(err)
    assert len(msg) < 300 and msg.startswith("reach = [[0.5, 0.5") and msg.endswith("shape (3, 3)")
    assert err.value is huge  # the value itself is kept for the caller
    assert len(str(ValidationError("name", "x" * 10**6, "too long"))) < 300
    long_message = errors.ScenarioFileError("f.toml: " + "y" * 10**6 + " is invalid: must be short")
    text = str(long_message)
    assert len(text) <= errors.MAX_MESSAGE_CHARS + 60
    assert text.startswith("f.toml: yyy") and text.endswith("is invalid: must be short")


def test_short_repr_matches_repr_when_short():
    for value in [1.5, "Mars", [1, 2, 3], {"a": 1}, None, (1.0,), -3]:
        assert errors.short_repr(value) == repr(value)
    assert errors.short_repr("x" * 500).endswith("...") and len(errors.short_repr("x" * 500)) == 200


def test_an_invalid_sweep_point_on_a_process_pool_is_the_library_error():
    """One bad point among good ones, solved on worker processes (not the in-process first point)."""
    with ProcessPoolExecutor(2) as ex:
        with pytest.raises(ValidationError) as info:
            gg.sweep(gg.refugee_protection, {"n_states": [6, 8, 1], "n_regions": [2]}, executor=ex,
                     progress=False, chunksize=1)
    assert info.value.field == "n_states" and info.value.value == 1
    assert "at sweep point {'n_states': 1, 'n_regions': 2}" in info.value.__notes__
    # the pool survives: it was not broken by an unpicklable error
    with ProcessPoolExecutor(1) as ex:
        err = ex.submit(pickle.loads, pickle.dumps(ValidationError("x", 1, "y"))).result()
        assert isinstance(err, ValidationError) and err.field == "x"
