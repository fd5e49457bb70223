"""Parameter sweeps: tidy, deterministic whatever the executor."""

import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from example_counts import examples
from hypothesis import strategies as st

import goodsgov as gg
from goodsgov.errors import ValidationError
from goodsgov.sweeps import SCENARIO_PARAMETERS, result_columns, scenario_at
from strategies import fd_scenario, fd_share, fd_spillover

SCOPES = ("unilateral", "bilateral", "regional", "multilateral")


def random_states(*, seed: int, n_states: int = 6, excludability: float = 0.1) -> gg.Scenario:
    """A scenario with random benefit weights and costs drawn from ``seed`` (module level: picklable)."""
    rng = np.random.default_rng(seed)
    states = [gg.State(f"S{i}", region=f"R{i % 2}", benefit=float(rng.uniform(0.2, 2.0)),
                       cost=float(rng.uniform(0.5, 2.0)), private_benefit=float(rng.uniform(0, 0.5)))
              for i in range(n_states)]
    good = gg.Good("noisy", excludability=excludability, rivalry=0.1, spillover="regional")
    return gg.Scenario(good, states)


GRID = {"excludability": [0.0, 0.5, 0.95], "n_states": [4, 7]}


@pytest.fixture(scope="module")
def reference():
    return gg.sweep(random_states, GRID, seed=42, progress=False)


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed", reason="dask extra not installed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_tidy_columns_and_grid_order(reference):
    assert list(reference.columns) == ["excludability", "n_states", "seed"] + result_columns()
    assert len(reference) == 6
    assert reference[["excludability", "n_states"]].values.tolist() == [
        [0.0, 4], [0.0, 7], [0.5, 4], [0.5, 7], [0.95, 4], [0.95, 7]]
    assert reference["seed"].nunique() == 6  # one independent stream per point
    assert set(reference["level"]) <= {lv.value for lv in gg.Level}
    assert reference["stable_coalition_size"].dtype.kind == "i"
    assert reference["self_enforcing"].dtype == bool


def test_rows_are_the_predictions_of_their_points(reference):
    for row in reference.itertuples(index=False):
        p = gg.predict_governance(random_states(seed=row.seed, n_states=row.n_states,
                                                excludability=row.excludability))
        assert row.level == p.level.value and row.good_type == p.good_type.value
        for scope, prov, welf in zip(p.scopes["scope"], p.scopes["provision"], p.scopes["welfare"]):
            assert getattr(row, f"provision_{scope}") == prov
            assert getattr(row, f"welfare_{scope}") == welf
        assert row.gap_provision_share == p.gap.provision_share
        assert row.gap_surplus_share == p.gap.surplus_share
        size = p.stable_coalition.size if hasattr(p, "stable_coalition") else \
            max(len(a) for a in p.achieved.partition)
        assert row.stable_coalition_size == size
        assert row.scope == p.scope.value


def test_identical_with_a_process_pool(reference):
    with ProcessPoolExecutor(2) as ex:
        df = gg.sweep(random_states, GRID, executor=ex, seed=42, chunksize=2)
    pd.testing.assert_frame_equal(df, reference)


def test_identical_with_threads_and_any_chunking(reference):
    with ThreadPoolExecutor(3) as ex:
        df = gg.sweep(random_states, GRID, executor=ex, seed=42, chunksize=1)
    pd.testing.assert_frame_equal(df, reference)
    pd.testing.assert_frame_equal(gg.sweep(random_states, GRID, seed=42, chunksize=4), reference)


def test_identical_on_a_dask_local_cluster(reference, dask_cluster):
    df = gg.sweep(random_states, GRID, executor=dask_cluster.get_executor(), seed=42)
    pd.testing.assert_frame_equal(df, reference)


def test_dask_executor_helper_connects_to_an_address(reference, dask_cluster):
    ex = gg.dask_executor(dask_cluster.scheduler.address)
    try:
        assert ex.max_workers == 2 and ex.cluster is None
        df = gg.sweep(random_states, GRID, executor=ex, seed=42)
    finally:
        ex.client.close()  # leave the shared cluster running
    pd.testing.assert_frame_equal(df, reference)


def test_seed_changes_the_draws_and_is_reproducible(reference):
    again = gg.sweep(random_states, GRID, seed=42, progress=False)
    other = gg.sweep(random_states, GRID, seed=43, progress=False)
    pd.testing.assert_frame_equal(again, reference)
    assert not other["seed"].equals(reference["seed"])


def test_sample_grid_is_deterministic_and_in_range():
    ranges = {"excludability": (0.2, 0.4), "n_states": (4, 6), "spillover": ["global", "regional"]}
    for method in ("random", "lhs"):
        a = gg.sample_grid(ranges, 50, seed=7, method=method)
        pd.testing.assert_frame_equal(a, gg.sample_grid(ranges, 50, seed=7, method=method))
        assert not a.equals(gg.sample_grid(ranges, 50, seed=8, method=method))
        assert a["excludability"].between(0.2, 0.4).all()
        assert set(a["n_states"]) <= {4, 5, 6} and a["n_states"].dtype.kind == "i"
        assert set(a["spillover"]) <= {"global", "regional"}
    lhs = gg.sample_grid({"x": (0.0, 1.0)}, 10, seed=0, method="lhs")["x"]
    # a Latin hypercube puts exactly one draw in each tenth of the range
    assert sorted(np.floor(lhs * 10).astype(int)) == list(range(10))


def test_monte_carlo_rows_sweep_in_row_order():
    draws = gg.sample_grid({"rivalry": (0.0, 1.0), "n_states": (6, 8)}, 5, seed=3)
    df = gg.sweep(gg.irregular_migration, draws, progress=False)
    pd.testing.assert_frame_equal(df[["rivalry", "n_states"]], draws)
    with ProcessPoolExecutor(2) as ex:
        pd.testing.assert_frame_equal(gg.sweep(gg.irregular_migration, draws, executor=ex), df)


def test_scenario_base_parameters():
    base = gg.irregular_migration(n_states=6, n_regions=2)
    s = scenario_at(base, {"excludability": 0.3, "spillover": "global", "benefit": 2.0,
                           "private_benefit_scale": 3.0})
    assert s.good.excludability == 0.3 and s.good.spillover.value == "global"
    assert s.benefit.tolist() == [2.0] * 6
    assert np.allclose(s.private_benefit, 3.0 * base.private_benefit)
    assert s.states[0].region == base.states[0].region and s.names == base.names
    assert set(SCENARIO_PARAMETERS) >= {"excludability", "rivalry", "benefit", "cost_scale"}
    # an explicit reach matrix is kept when the good changes
    reach = np.full((6, 6), 0.5)
    np.fill_diagonal(reach, 1.0)
    s = scenario_at(base.replace(reach=reach), {"rivalry": 0.7})
    assert np.array_equal(s.reach, reach)
    # a derived one is re-derived
    s = scenario_at(base, {"excludability": 0.0})
    assert np.array_equal(s.reach, np.ones((6, 6)))


@settings(max_examples=examples(1 / 6))
@given(k=st.floats(min_value=0.1, max_value=10.0))
def test_level_invariant_under_scaling_of_values_and_costs(k):
    """Multiplying every benefit and private benefit by k scales provision by k and welfare
    by k**2 (multiplying costs by k divides both by k): the level and gap shares do not move."""
    base = gg.irregular_migration(n_states=8, n_regions=2)
    ref = gg.sweep(base, {"rivalry": [0.1, 0.6]}, progress=False)
    val = gg.sweep(base, {"rivalry": [0.1, 0.6], "benefit_scale": [k], "private_benefit_scale": [k]},
                   progress=False)
    cost = gg.sweep(base, {"rivalry": [0.1, 0.6], "cost_scale": [k]}, progress=False)
    for df, pk, wk in ((val, k, k * k), (cost, 1 / k, 1 / k)):
        assert df["level"].tolist() == ref["level"].tolist()
        for s in SCOPES:
            np.testing.assert_allclose(df[f"provision_{s}"], pk * ref[f"provision_{s}"], rtol=1e-9)
            np.testing.assert_allclose(df[f"welfare_{s}"], wk * ref[f"welfare_{s}"], rtol=1e-9)
        np.testing.assert_allclose(df["gap_provision_share"], ref["gap_provision_share"], atol=1e-9)


def test_counterfactual_regional_spillovers_never_widen_the_level():
    """Regional spillovers do not widen refugee protection's level (v2 narrowed it from
    multilateral to regional; under model v3 the global good is already regional on
    these states, a finding reported in docs/explanation.md)."""
    df = gg.sweep(gg.refugee_protection, {"spillover": ["global", "regional"], "excludability": [0.1],
                                          "n_states": [12], "n_regions": [3]}, progress=False)
    ranks = [gg.Level(v).rank for v in df["level"]]
    assert ranks[1] <= ranks[0]


def test_predict_keywords_are_passed_on():
    grid = {"n_states": [10]}
    strict = gg.sweep(gg.irregular_migration, grid, progress=False, decision_cost=1e6)
    assert strict["level"].tolist() == ["unilateral"]


def test_no_progress_output_when_not_a_terminal(capsys):
    gg.sweep(gg.refugee_protection, {"n_states": [6]}, progress=True)
    assert capsys.readouterr().err == ""


class _Terminal:
    """A stand-in for stderr that says it is a terminal and records what is written."""

    def __init__(self):
        self.text = ""

    def isatty(self):
        return True

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_progress_bar_on_a_terminal_unless_disabled(monkeypatch):
    import sys
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    gg.sweep(gg.refugee_protection, {"n_states": [6, 8]}, chunksize=1)
    assert "sweep" in term.text and "2/2" in term.text
    term.text = ""
    gg.sweep(gg.refugee_protection, {"n_states": [6, 8]}, progress=False)
    assert term.text == ""


@pytest.mark.parametrize("base, grid, kwargs, field", [
    (gg.refugee_protection(n_states=4, n_regions=2), {"n_states": [5]}, {}, "grid"),
    (gg.refugee_protection, {"colour": [1]}, {}, "grid"),
    (gg.refugee_protection, {"n_states": [6]}, {"seed": 1}, "seed"),
    (gg.refugee_protection(n_states=4, n_regions=2), {"rivalry": [0.1]}, {"seed": 1}, "seed"),
    (gg.refugee_protection, [("n_states", 4)], {}, "grid"),
    (gg.refugee_protection, {"n_states": []}, {}, "grid['n_states']"),
    ("refugees", {"n_states": [6]}, {}, "base"),
    (gg.refugee_protection, {"n_states": [6]}, {"chunksize": 0}, "chunksize"),
    (gg.refugee_protection, {"n_states": [6]}, {"executor": "pool"}, "executor"),
])
def test_bad_input_is_named(base, grid, kwargs, field):
    with pytest.raises(ValidationError) as info:
        gg.sweep(base, grid, progress=False, **kwargs)
    assert info.value.field == field


def test_bad_point_fails_fast_naming_the_point():
    with pytest.raises(ValidationError, match="n_states") as info:
        gg.sweep(gg.refugee_protection, {"n_states": [6, 1]}, progress=False)
    assert "n_states" in "".join(getattr(info.value, "__notes__", ["n_states"]))


def test_empty_dataframe_grid():
    df = gg.sweep(gg.refugee_protection, pd.DataFrame({"n_states": pd.Series([], dtype=int)}))
    assert len(df) == 0 and list(df.columns) == ["n_states"] + result_columns()


def _prediction_row(p) -> list:
    """The row a sweep point must equal, from the prediction's public attributes."""
    s = p.scopes
    return [p.level.value, p.good_type.value, *s["provision"], *s["welfare"], *s["net_welfare"],
            *s["surplus_share"], p.gap.provision, p.gap.welfare, p.gap.provision_share,
            p.gap.surplus_share, p.gap.cost_distribution, p.self_enforcing, p.stable_coalition.size,
            p.scope.value, p.margin, p.margin_share]


@settings(max_examples=examples(5 / 12), deadline=None)
@given(fd_scenario(max_states=7), st.data())
def test_direct_rows_equal_predictions_to_the_last_bit(base, data):
    """A Scenario base's points skip building scenarios; their rows still equal
    predict_governance on scenario_at's scenario exactly (levers included)."""
    grid = {"excludability": data.draw(st.lists(fd_share, min_size=1, max_size=2)),
            "rivalry": data.draw(st.lists(fd_share, min_size=1, max_size=2)),
            "spillover": [data.draw(fd_spillover)],
            data.draw(st.sampled_from(["benefit_scale", "cost_scale", "private_benefit", "capacity"])):
                [data.draw(st.floats(0.5, 2.0))]}
    levers = {"side_payment": data.draw(st.sampled_from([0.0, 0.2])),
              "funding": data.draw(st.sampled_from([0.0, 0.3]))}
    df = gg.sweep(base, grid, progress=False, levers=levers)
    for row in df.itertuples(index=False):
        params = {k: getattr(row, k) for k in grid}
        p = gg.predict_governance(scenario_at(base, params), levers=levers)
        assert [getattr(row, c) for c in result_columns()] == _prediction_row(p)


def test_invalid_value_at_a_later_point_gets_scenario_at_error():
    base = gg.irregular_migration(n_states=6, n_regions=2)
    with pytest.raises(ValidationError) as direct:
        gg.sweep(base, {"cost_scale": [1.0, 0.0]}, progress=False)
    with pytest.raises(ValidationError) as built:
        scenario_at(base, {"cost_scale": 0.0})
    assert direct.value.field == built.value.field and str(direct.value) == str(built.value)


def test_compiled_and_interpreted_solvers_agree_exactly(tmp_path):
    """GOODSGOV_NO_NUMBA=1 runs the same solvers as plain Python: same rows, bit for bit."""
    call = ("gg.sweep(gg.irregular_migration(n_states=7, n_regions=2), {'excludability': [0.2, 0.9], "
            "'rivalry': [0.0, 0.7]}, progress=False, levers={'side_payment': 0.05, 'transfers': True})")
    script = tmp_path / "rows.py"
    script.write_text(f"import sys, goodsgov as gg\n{call}.to_pickle(sys.argv[1])\n")
    env = dict(os.environ, GOODSGOV_NO_NUMBA="1")
    subprocess.run([sys.executable, str(script), str(tmp_path / "rows.pkl")], env=env, check=True)
    interpreted = pd.read_pickle(tmp_path / "rows.pkl")
    pd.testing.assert_frame_equal(interpreted, eval(call), check_exact=True)


def test_prediction_options_are_sweep_axes():
    """decision_cost, its form and lever settings as axes: each row equals the prediction
    with that option, on a Scenario base and on a constructor base."""
    base = gg.irregular_migration(n_states=8, n_regions=2)
    grid = {"decision_cost": [0.0, 0.25, 2.0], "decision_cost_form": ["pair", "member"], "funding": [0.0, 0.3]}
    df = gg.sweep(base, grid, progress=False)
    assert len(df) == 12
    for row in df.itertuples():
        p = gg.predict_governance(base, decision_cost=row.decision_cost, decision_cost_form=row.decision_cost_form,
                                  levers={"funding": row.funding})
        assert row.level == p.level.value
        assert row.net_welfare_regional == pytest.approx(
            p.scopes.set_index("scope").loc["regional", "net_welfare"], rel=1e-12)
    by_fn = gg.sweep(gg.irregular_migration, {"n_states": [8], "n_regions": [2], "decision_cost": [0.0, 2.0]},
                     progress=False)
    assert by_fn["level"].tolist() == df[(df.decision_cost_form == "member") & (df.funding == 0.0)
                                         & df.decision_cost.isin([0.0, 2.0])]["level"].tolist()


def test_deal_search_is_a_sweep_axis():
    """On seven states whose deal dynamic ends blocked, the two searches differ and each
    row equals the prediction with that search."""
    base = gg.skilled_labour(n_states=7, n_regions=1, benefit_spread=0.914, private_benefit=0.138,
                             excludability=0.493, rivalry=0.633)
    df = gg.sweep(base, {"deal_search": ["dynamic", "paths"]}, decision_cost=0.009, progress=False)
    for row in df.itertuples():
        assert row.level == gg.predict_governance(base, decision_cost=0.009, deal_search=row.deal_search).level.value
    assert df["level"].nunique() == 2


def test_a_bad_option_axis_is_refused_with_the_field():
    with pytest.raises(gg.ValidationError, match="decision_cost_form"):
        gg.sweep(gg.irregular_migration(n_states=6, n_regions=2), {"decision_cost_form": ["per pair"]},
                 progress=False)
    with pytest.raises(gg.ValidationError, match="prediction option"):
        gg.sweep(gg.irregular_migration, {"decisoin_cost": [0.1]}, progress=False)
