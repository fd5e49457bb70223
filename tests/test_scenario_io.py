"""Scenario files: exact TOML round trips and documented errors."""

import math

import numpy as np
import pytest
from hypothesis import given

import goodsgov as gg
from goodsgov.errors import ScenarioFileError
from goodsgov.scenario import read_scenario, scenario_from_toml, scenario_to_toml

from strategies import io_scenario


@given(io_scenario())
def test_round_trip_is_exact(scenario):
    text = scenario_to_toml(scenario)
    back = scenario_from_toml(text)
    assert back == scenario
    # every number survives bit for bit, including inf capacities and the reach matrix
    for a, b in zip(scenario.states, back.states):
        assert a.capacity == b.capacity and a.benefit == b.benefit
        assert a.aims == b.aims and a.priorities == b.priorities
    assert np.array_equal(back.reach, scenario.reach)
    if scenario.good.aggregation.value in ("summation", "weighted"):  # games it can build
        assert np.array_equal(back.spill, scenario.spill)
    assert scenario_to_toml(back) == text  # writing is deterministic


@given(io_scenario(max_states=4))
def test_round_trip_through_a_file_preserves_the_game(tmp_path_factory, scenario):
    path = tmp_path_factory.mktemp("toml") / "s.toml"
    scenario.to_toml(path)
    back = gg.Scenario.from_toml(path)
    assert back == scenario
    # what the games are built from is the same, array for array
    for key in ("benefit", "cost", "private_benefit", "capacity", "reach", "excludable_reach"):
        assert np.array_equal(getattr(scenario, key), getattr(back, key))
    assert scenario.names == back.names and scenario.good.excludability == back.good.excludability
    if scenario.good.aggregation.value in ("summation", "weighted"):
        assert np.array_equal(scenario.spill, back.spill)
        a, b = gg.ContributionGame.from_scenario(scenario), gg.ContributionGame.from_scenario(back)
        for key in ("benefit", "cost", "spill", "private_benefit", "capacity", "domain",
                    "excludable_reach"):
            x, y = getattr(a, key), getattr(b, key)
            assert (x is None and y is None) or np.array_equal(x, y)


@pytest.mark.parametrize("build", [gg.refugee_protection, gg.irregular_migration, gg.skilled_labour])
def test_canonical_scenarios_round_trip_and_omit_derived_reach(tmp_path, build):
    s = build()
    path = tmp_path / "s.toml"
    s.to_toml(path)
    text = path.read_text(encoding="utf-8")
    assert "reach" not in text  # derived from the good, so not written
    assert "capacity = inf" in text
    back = gg.Scenario.from_toml(path)
    assert back == s
    assert gg.predict_governance(back).level == gg.predict_governance(s).level


def test_explicit_reach_is_written_and_kept(tmp_path):
    s = gg.refugee_protection(n_states=3, n_regions=1)
    reach = np.array([[1.0, 0.3, 0.1], [0.2, 1.0, 0.7], [1 / 3, 0.0, 1.0]])
    s = s.replace(reach=reach)
    text = scenario_to_toml(s)
    assert "reach = [" in text and repr(1 / 3) in text
    assert np.array_equal(scenario_from_toml(text).reach, reach)


GOOD = """\
name = "tiny"

[good]
name = "protection"
excludability = 0.1
rivalry = 0.1
spillover = "global"

[[states]]
name = "A"
benefit = 1.0

[[states]]
name = "B"
benefit = 2.0
capacity = inf
"""


def test_minimal_hand_written_file(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text(GOOD, encoding="utf-8")
    s = read_scenario(path)
    assert s.names == ("A", "B") and s.capacity.tolist() == [math.inf, math.inf]
    assert s.states[0].region == "world" and s.good.aggregation.value == "summation"


@pytest.mark.parametrize("edit, key, expected", [
    (("rivalry = 0.1", "rivalry = 1.5"), "good.rivalry", "[0.0, 1.0]"),
    (("rivalry = 0.1", 'rivalry = "low"'), "good.rivalry", "must be a number"),
    (('spillover = "global"', 'spillover = "galactic"'), "good.spillover", "one of"),
    (("benefit = 2.0", "benefit = -2.0"), "states[1].benefit", "[0.0, inf]"),
    (("benefit = 2.0", "benefit = 2.0\ncolour = 1"), "states[1].colour", "unknown key"),
    (('name = "B"', 'name = "A"'), "states[1].name", "unique"),
    (("capacity = inf", "capacity = nan"), "states[1].capacity", "finite number or inf"),
    (('excludability = 0.1\n', ''), "good.excludability", "missing"),
    (('name = "tiny"', 'name = "tiny"\nversion = 7'), "version", "must be 1"),
    (('name = "tiny"', 'name = "tiny"\nreach = [[1.0]]'), "reach", "2 rows"),
    (('name = "tiny"', 'name = "tiny"\nregions = ["north"]'), "states[0].region", "north"),
    (('name = "B"', 'name = "B"\npartners = ["Z"]'), "states[1].partners", "must name states"),
])
def test_malformed_files_name_file_key_and_expectation(tmp_path, edit, key, expected):
    old, new = edit
    assert old in GOOD
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ScenarioFileError) as info:
        gg.Scenario.from_toml(path)
    msg = str(info.value)
    assert str(path) in msg and repr(key) in msg and expected in msg
    assert info.value.key == key and info.value.path == str(path)
    assert isinstance(info.value, ValueError)


def test_syntax_error_gives_line_number(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(GOOD.replace("[good]", "[good"), encoding="utf-8")
    with pytest.raises(ScenarioFileError, match=r"broken\.toml, line 3, column \d+: invalid TOML") as info:
        gg.Scenario.from_toml(path)
    assert info.value.line == 3


@pytest.mark.parametrize("text, key", [
    ("", "good"),
    ('[good]\nname = "x"\nexcludability = 0.1\nrivalry = 0.1\n', "states"),
    ('good = 3\n[[states]]\nname = "A"\n', "good"),
    ('states = []\n[good]\nname = "x"\nexcludability = 0.1\nrivalry = 0.1\n', "states"),
])
def test_missing_or_mistyped_sections(text, key):
    with pytest.raises(ScenarioFileError) as info:
        scenario_from_toml(text, "mem.toml")
    assert info.value.key == key and "mem.toml" in str(info.value)


def test_non_utf8_and_missing_files(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(GOOD.replace("tiny", "t\xe9").encode("latin-1"))
    with pytest.raises(ScenarioFileError, match="UTF-8"):
        read_scenario(path)
    with pytest.raises(FileNotFoundError):
        read_scenario(tmp_path / "nowhere.toml")


def test_aims_without_benefit_give_the_benefit_weight():
    text = GOOD.replace('benefit = 1.0', 'aims = {security = 1.0, rights = 0.5}\n'
                        'priorities = {security = 0.2, rights = 0.8}')
    s = scenario_from_toml(text)
    assert s.states[0].benefit == gg.State.from_aims("A", {"security": 1.0, "rights": 0.5},
                                                     {"security": 0.2, "rights": 0.8}).benefit
    assert scenario_from_toml(scenario_to_toml(s)) == s
