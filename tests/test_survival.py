"""Survival migration, the fourth area (issue 21, section 1): registry, world data, prediction."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import goodsgov as gg
from goodsgov import calibration as cal
from goodsgov import survival
from goodsgov.errors import ValidationError


@pytest.fixture(scope="module")
def world():
    return gg.survival_migration(states="world")


@pytest.fixture(scope="module")
def world_prediction(world):
    return gg.predict_survival(world)


# ------------------------------------------------------------------ through the registry
def test_registered_with_a_label_and_no_published_row():
    entry = gg.registry.area("survival_migration")
    assert entry.label == "Survival migration" and entry.constructor is gg.survival_migration
    assert entry.published_level is None and entry.published_good is None
    assert [a.key for a in gg.areas()][:4] == ["refugee_protection", "irregular_migration",
                                               "skilled_labour", "survival_migration"]


def test_table1_computes_the_fourth_row_and_leaves_the_published_columns_empty():
    t = gg.table1(areas=["survival_migration"])
    p = gg.predict_governance(gg.survival_migration())
    assert t["type_of_migration_governance"].tolist() == ["Survival migration"]
    assert t["main_level_of_governance"].tolist() == [p.level.label]
    assert t["welfare_optimum"].iloc[0] == pytest.approx(p.optimum.welfare)
    cmp = gg.compare_table1(t)
    assert pd.isna(cmp["published_level"].iloc[0]) and pd.isna(cmp["agrees"].iloc[0])


def test_the_fourth_row_is_computed_never_looked_up():
    """Give the area another good through the registry: its row moves with the game."""
    original = gg.registry.area("survival_migration")
    default = gg.table1(areas=["survival_migration"])["level"].iloc[0]

    def private(**kw):
        return gg.survival_migration(excludability=0.95, rivalry=0.9, **kw)
    gg.register_area("survival_migration", private, label="Survival migration", replace=True)
    try:
        moved = gg.table1(areas=["survival_migration"])["level"].iloc[0]
    finally:
        gg.register_area("survival_migration", original.constructor, label=original.label, replace=True)
    assert moved == gg.predict_governance(private()).level.value
    assert moved != default


def test_table1_on_the_world_uses_the_data_domain(world):
    t = gg.table1(states="world", areas=["survival_migration"])
    p = gg.predict_governance(world)
    assert t["level"].iloc[0] == p.level.value
    assert t["welfare_optimum"].iloc[0] == pytest.approx(p.optimum.welfare)


def test_cli_table1_prints_the_fourth_row():
    res = subprocess.run([sys.executable, "-m", "goodsgov", "table1", "--format", "csv"],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    df = pd.read_csv(StringIO(res.stdout))
    row = df[df["area"] == "survival_migration"]
    assert row["type_of_migration_governance"].tolist() == ["Survival migration"]
    assert row["main_level_of_governance"].tolist() == [gg.predict_governance(gg.survival_migration()).level.label]


def test_sweep_by_name():
    df = gg.sweep("survival_migration", {"excludability": [0.1, 0.95], "rivalry": [0.9], "n_states": [6]},
                  progress=False)
    expected = [gg.predict_governance(gg.survival_migration(excludability=e, rivalry=0.9, n_states=6)).level.value
                for e in (0.1, 0.95)]
    assert df["level"].tolist() == expected


@pytest.mark.parametrize("kind", ["stylised", "world"])
def test_toml_round_trip(kind, tmp_path, world):
    sc = gg.survival_migration(n_states=7, n_regions=2) if kind == "stylised" else world
    path = tmp_path / "survival.toml"
    sc.to_toml(path)
    assert gg.Scenario.from_toml(path) == sc


# ------------------------------------------------------------------ the primitives
def test_stylised_primitives_are_refugee_protections_and_only_the_name_differs():
    s, r = gg.survival_migration(), gg.refugee_protection()
    assert (s.good.excludability, s.good.rivalry, s.good.spillover) == \
        (r.good.excludability, r.good.rivalry, r.good.spillover)
    assert s.states == r.states and np.array_equal(s.reach, r.reach)
    assert np.array_equal(s.excludable_reach, r.excludable_reach)


@settings(max_examples=12, deadline=None)
@given(e=st.floats(0.0, 1.0), r=st.floats(0.0, 1.0), spread=st.floats(0.0, 1.0))
def test_same_good_same_prediction_as_refugee_protection(e, r, spread):
    """Nothing but coverage distinguishes the area: on the same states and good, the game and
    its prediction are refugee protection's."""
    kw = dict(excludability=e, rivalry=r, benefit_spread=spread, n_states=7, n_regions=2)
    a = gg.predict_governance(gg.survival_migration(**kw))
    b = gg.predict_governance(gg.refugee_protection(**kw))
    assert a.level == b.level and a.gap == b.gap
    assert a.institutions.equals(b.institutions)


def test_world_domain_without_the_origin_is_the_calibrated_refugee_domain():
    codes = ["VEN", "COL", "PER", "ECU", "AFG", "IRN", "PAK", "JPN", "DEU"]
    for year in (2018, 2024, 2025):
        ours = survival.survival_domain(codes, year, origin=0.0, floor=0.05)
        ref = cal.displacement_domain(codes, "other_in_need", year, floor=0.05)
        np.testing.assert_allclose(ours, ref, atol=1e-12)


def test_world_domain_links_hosts_routes_and_origins_and_nobody_else(world):
    names = list(world.names)
    R = np.array(world.reach)
    i = {c: names.index(c) for c in ("VEN", "COL", "PER", "AFG", "IRN", "JPN", "DEU")}
    assert R[i["COL"], i["PER"]] > 0.5 and R[i["IRN"], i["AFG"]] > 0 and R[i["VEN"], i["COL"]] > 0
    assert R[i["JPN"], i["DEU"]] == 0.0 and R[i["COL"], i["IRN"]] == 0.0   # floor 0: no shared caseload
    assert np.allclose(R, R.T) and np.all(np.diag(R) == 1.0)
    # the origin's own row: without it Venezuela shares nothing with its hosts
    no_origin = gg.survival_migration(states="world", origin=0.0)
    assert no_origin.reach[i["VEN"], i["COL"]] < R[i["VEN"], i["COL"]]


def test_world_benefit_weights_grow_with_the_share_hosted(world):
    base = {s.name: s.benefit for s in gg.refugee_protection(states="world").states}
    hosted = cal.hosting(list(world.names), "other_in_need")
    pop = gg.world.countries(list(world.names))["population"]
    for s in world.states:
        assert s.benefit == pytest.approx(base[s.name] * (1 + hosted[s.name] / pop[s.name]))
    flat = gg.survival_migration(states="world", hosting=0.0)
    assert [s.benefit for s in flat.states] == pytest.approx(list(base.values()))


def test_world_given_as_states_is_the_world_version(world):
    states = gg.canonical.resolve_states("world", {})
    assert gg.survival_migration(states=states) == world
    own = gg.survival_migration(states=[gg.State("A"), gg.State("B")])
    assert not own.reach_explicit


# ------------------------------------------------------------------ the prediction
def test_prediction_reports_the_level_the_gap_and_the_status_quo_gap():
    p = gg.predict_survival()
    g = p.prediction
    sc = g.scopes.set_index("scope")
    nash, best = sc.loc["unilateral", "welfare"], g.optimum.welfare
    net = sc.loc[g.scope.value, "net_welfare"]
    assert p.level == g.level and p.gap == g.gap and p.status_quo == "none"
    assert p.gap_closed == pytest.approx((net - nash) / (best - nash))
    assert p.status_quo_gap.welfare == pytest.approx(best - nash)
    assert p.status_quo_gap.surplus_share == pytest.approx(1.0)
    assert p.status_quo_gap.provision == pytest.approx(g.optimum.provision - sc.loc["unilateral", "provision"])
    assert 0 < p.gap_closed < 1


def test_covered_survival_migration_predicts_as_refugee_protection():
    """Counterfactual: the distinguishing mechanism removed (the people covered as refugees are)."""
    a = gg.predict_survival(status_quo="covered")
    b = gg.predict_survival(gg.refugee_protection(), status_quo="covered")
    assert a.level == b.level and a.gap == b.gap and a.status_quo_gap == b.status_quo_gap
    assert a.gap_closed == b.gap_closed == 0.0
    assert a.prediction.institutions.equals(b.prediction.institutions)
    uncovered = gg.predict_survival()
    assert uncovered.status_quo_gap.welfare > a.status_quo_gap.welfare


def test_hosting_stands_beside_the_cost_share_on_the_world(world_prediction):
    cols = list(world_prediction.states.columns)
    assert cols[cols.index("cost_share") + 1] == "hosting"
    hosted = cal.hosting(list(world_prediction.states.index), "other_in_need")
    assert world_prediction.states["hosting"].to_numpy() == pytest.approx(hosted.to_numpy())
    assert world_prediction.states.loc["COL", "hosting"] > 2_000_000
    earlier = gg.predict_survival(gg.survival_migration(states="world", year=2018), year=2018)
    assert earlier.states.loc["AFG", "hosting"] == 0 and earlier.states.loc["COL", "hosting"] > 1_000_000


def test_hosting_column_on_stylised_states_only_when_given():
    assert "hosting" not in gg.predict_survival(gg.survival_migration(n_states=4, n_regions=1)).states
    p = gg.predict_survival(gg.survival_migration(n_states=4, n_regions=1), hosting={"S01": 10.0})
    assert p.states["hosting"].tolist() == [10.0, 0.0, 0.0, 0.0]


def test_the_fourth_row_on_the_world(world_prediction):
    p = world_prediction
    assert p.level.value in ("regional", "multilateral")
    members = {m for t in p.prediction.institutions["members"] for m in t}
    assert {"COL", "PER", "ECU"} <= members          # the hosts of Venezuelans take part
    assert not {"DEU", "JPN", "USA"} & members         # states sharing no caseload do not


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("kwargs, field", [
    ({"domain": "data"}, "domain"),
    ({"domain": "map"}, "domain"),
    ({"year": 2024}, "year"),
    ({"floor": 0.1}, "floor"),
    ({"states": "world", "year": 2017}, "year"),
    ({"states": "world", "floor": 1.5}, "floor"),
    ({"states": "world", "origin": -1.0}, "origin"),
    ({"states": "world", "hosting": "a"}, "hosting"),
    ({"states": "world", "n_states": 10}, "n_states"),
])
def test_bad_scenario_input_is_a_library_error(kwargs, field):
    with pytest.raises(ValidationError) as info:
        gg.survival_migration(**kwargs)
    assert info.value.field == field


def test_bad_prediction_input_is_a_library_error():
    with pytest.raises(ValidationError, match="did you mean 'covered'"):
        gg.predict_survival(status_quo="coverd")
    with pytest.raises(ValidationError):
        gg.predict_survival("not a scenario")
    with pytest.raises(ValidationError):
        gg.predict_survival(gg.survival_migration(n_states=4, n_regions=1), year=2024)
    with pytest.raises(ValidationError):
        gg.predict_survival(gg.survival_migration(n_states=4, n_regions=1), hosting={"X": 1.0})


def test_predict_governance_shows_the_people_each_state_hosts_beside_its_cost_share(tmp_path):
    sc = gg.survival_migration(states="world")
    hosted = gg.survival.survival_hosting(sc.names)
    table = gg.predict_governance(sc).states
    cols = list(table.columns)
    assert cols[cols.index("cost_share") + 1] == "hosting"
    np.testing.assert_array_equal(table["hosting"].to_numpy(), hosted.to_numpy(dtype=float))
    assert "hosting" not in gg.predict_governance(gg.survival_migration()).states   # nobody hosts: no column
    small = gg.Scenario(sc.good, [s.replace(partners=()) for s in sc.states[:3]])
    small.to_toml(tmp_path / "s.toml")
    assert [s.hosting for s in gg.Scenario.from_toml(tmp_path / "s.toml").states] == [s.hosting for s in small.states]
    with pytest.raises(gg.ValidationError, match="hosting"):
        gg.State("A", hosting=-1.0)
