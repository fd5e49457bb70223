"""gg.estimate: the error model against statsmodels, the scores against the harness, recovery of
known parameters from data the model simulates, folds that never leak, the same result on every
executor, and a library error for every bad input.

Most tests fit the calibrated refugee-protection model on the 43 European UN member states (a
prediction takes milliseconds there). ``GOODSGOV_RECOVERY_REPLICATIONS=100`` runs the recovery
study with more seeded replications than the default 10.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import pickle
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import goodsgov as gg
from goodsgov.errors import ValidationError
from goodsgov.estimation import EstimationError, estimate
from goodsgov.estimation import errormodel as E
from goodsgov.estimation import model as Mo
from goodsgov.estimation import observations as O

EUROPE = list(gg.world.countries(region="Europe").index)
RANGE = {"decision_cost": (0.0, 0.6)}
SPEC = Mo.make_spec("refugee_protection", ["decision_cost"], RANGE, calibrated=True,
                    mapping={"codes": EUROPE})
#: The error model the simulated states follow: intercept, membership, standardised gain.
TRUE_COEF = np.array([-1.0, 2.5, 0.5])


def scores_at(kappa: float):
    scenario, options = SPEC.build_values({"decision_cost": kappa})
    return Mo.read_scores(gg.predict_governance(scenario, **options))


def simulate(kappa: float, seed: int, coef=TRUE_COEF) -> pd.Series:
    """Participation drawn from the error model at the model's scores for ``kappa``."""
    prob = E.probability(E.design("state", scores_at(kappa)), coef)
    y = np.random.default_rng(seed).random(len(EUROPE)) < prob
    return pd.Series(y, index=EUROPE, name="simulated")


def small(y, **kw):
    opts = dict(against=y, params=RANGE, states=EUROPE, folds=None, bootstrap=0, grid=7,
                progress=False)
    opts.update(kw)
    return estimate("refugee_protection", **opts)


# ------------------------------------------------------------------ the error model
@pytest.mark.parametrize("seed", range(4))
def test_error_model_is_the_logit_mle_of_statsmodels(seed):
    sm = pytest.importorskip("statsmodels.api")
    rng = np.random.default_rng(seed)
    X = np.column_stack([rng.random(150) < 0.5, rng.normal(size=150)]).astype(float)
    y = rng.random(150) < 1 / (1 + np.exp(-(0.2 + 1.0 * X[:, 0] + 0.6 * X[:, 1])))
    coef, ll = E.fit(X, y, np.ones(150))
    ref = sm.Logit(y.astype(float), sm.add_constant(X)).fit(disp=0)
    if (ref.params[1:] > 0).all():   # inside the constraint: the two must agree
        np.testing.assert_allclose(coef, ref.params, rtol=1e-6, atol=1e-8)
        assert ll == pytest.approx(ref.llf, rel=1e-10)
    else:                            # a negative slope is held at 0: no better than that fit
        assert ll <= ref.llf + 1e-9


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 3), st.floats(-2, 2)), min_size=4,
                max_size=30))
def test_integer_weights_are_repeated_states(rows):
    y = np.array([r[0] for r in rows])
    w = np.array([r[1] for r in rows], dtype=float)
    X = np.array([[r[2] > 0, r[2]] for r in rows], dtype=float)
    repeat = np.repeat(np.arange(len(rows)), w.astype(int))
    _, lla = E.fit(X, y, w)
    _, llb = E.fit(X[repeat], y[repeat], np.ones(repeat.size))
    assert lla == pytest.approx(llb, rel=1e-9, abs=1e-9)


def test_a_score_against_the_data_fits_no_better_than_the_intercept():
    X = np.array([[1.0], [1.0], [1.0], [0.0], [0.0], [0.0]])
    y = np.array([0, 0, 1, 1, 1, 0], dtype=bool)
    coef, ll = E.fit(X, y, np.ones(6))
    assert coef[1] == 0.0 and ll == pytest.approx(E.null_loglik(y, np.ones(6)))


# ------------------------------------------------------------------ the model's scores
def test_scores_are_the_harness_scores():
    """The covariates are computed from the public prediction; the harness computes its own."""
    p = gg.predict_governance(gg.calibration.calibrated_scenario("irregular_migration"))
    s = Mo.read_scores(p, need=("pairs",))
    states = gg.observed.validate(p, against="gcm_2018").table
    np.testing.assert_array_equal(s.member, states["predicted"].to_numpy(dtype=bool))
    np.testing.assert_allclose(s.gain, states["score"].to_numpy(dtype=float), rtol=1e-12)
    pairs = gg.observed.validate(p, against="rec").table
    np.testing.assert_array_equal(s.pairs_linked(), pairs["predicted"].to_numpy(dtype=bool))


def test_labour_agreements_from_your_own_file_are_dyads(tmp_path):
    """Made-up agreements (for the test only): each names a pair, in triu order of the states."""
    path = tmp_path / "agreements.csv"
    path.write_text("iso3_a,iso3_b,year\nDEU,POL,1990\nFRA,ESP,1995\n")
    names = ["DEU", "ESP", "FRA", "POL"]
    (obs,), _ = O.resolve("skilled_labour", "labour_agreements", (), names, path=str(path))
    a, b = np.triu_indices(4, k=1)
    got = {(names[i], names[j]) for i, j, y in zip(a, b, obs.y) if y}
    assert obs.unit == "dyad" and got == {("DEU", "POL"), ("ESP", "FRA")}
    scores = Mo.Scores("bilateral", np.zeros(4, bool), np.zeros(4), n_pairs=6,
                       deal_gain=np.array([0.0, 2.0, 0.0, 0.0, 0.5, 0.0]))
    X = E.design("dyad", scores)
    assert X[:, 0].tolist() == [0, 1, 0, 0, 1, 0] and X[1, 1] > X[4, 1] > X[0, 1]


# ------------------------------------------------------------------ parameter recovery
def test_recovers_the_identified_set_from_noise_free_data():
    """Participation equal to membership at kappa: the maximisers around the estimate hold kappa."""
    kappa = 0.25
    y = pd.Series(scores_at(kappa).member, index=EUROPE, name="members")
    row = small(y).params.iloc[0]
    assert row.flat_low <= kappa <= row.flat_high
    assert row.flat_high - row.flat_low < 0.2     # and the data do narrow it down


def test_recovers_known_parameters_within_the_reported_interval():
    """In >= 90 % of seeded replications the interval (bootstrap percentiles over the replicates'
    sets of maximisers, at level 0.95) holds the value the data were simulated at."""
    replications = int(os.environ.get("GOODSGOV_RECOVERY_REPLICATIONS", "10"))
    kappa = 0.25
    hits, widths = 0, []
    for r in range(replications):
        row = small(simulate(kappa, seed=1000 + r), bootstrap=20, random_state=r).params.iloc[0]
        hits += row.low <= kappa <= row.high
        widths.append(row.high - row.low)
    assert hits >= 0.9 * replications
    # not vacuous: the median interval leaves out at least a quarter of the search range
    assert np.median(widths) < 0.75 * (RANGE["decision_cost"][1] - RANGE["decision_cost"][0])


# ------------------------------------------------------------------ folds
def test_folds_never_leak_a_planted_signal():
    """A fold's observations are planted with the opposite of the others' signal: the fold's
    out-of-fold probabilities do not move, and its fit is the fit on the other states alone."""
    y = simulate(0.1, seed=5)
    kw = dict(folds=3, fold_by="subregion", random_state=2)
    base = small(y, **kw)
    fold = base.folds["fold"]
    planted = y.copy()
    test = fold.index[fold == 0]
    planted[test] = ~scores_at(0.5).member[fold.to_numpy() == 0]
    moved = small(planted, **kw)
    oos = lambda e: e.predictions.query("sample == 'out_of_sample'").set_index("unit")["model"]
    pd.testing.assert_series_equal(oos(base)[test], oos(moved)[test])
    ins = lambda e: e.predictions.query("sample == 'in_sample'").set_index("unit")["model"]
    assert not np.allclose(ins(base)[test], ins(moved)[test])       # the plant is a real signal
    alone = small(planted.drop(test)).params.set_index("name")["value"]
    fit0 = moved.convergence.set_index("fit").loc["fold 0", "decision_cost"]
    assert fit0 == alone["decision_cost"]


def test_folds_hold_whole_regions():
    fold = O.group_folds(np.array(list("AABBBCDDE")), 3, 0, "regions")
    for g in "ABCDE":
        assert len(set(fold[np.array(list("AABBBCDDE")) == g])) == 1
    assert sorted(set(fold)) == [0, 1, 2]


# ------------------------------------------------------------------ executors
@pytest.fixture(scope="module")
def reference():
    return small(simulate(0.2, seed=3), folds=3, fold_by="subregion", bootstrap=6, grid=5,
                 random_state=7)


FRAMES = ("params", "metrics", "bootstrap", "predictions", "convergence", "profile", "folds")


def _same(a, b):
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_identical_on_a_process_pool(reference):
    with ProcessPoolExecutor(2) as ex:
        got = small(simulate(0.2, seed=3), folds=3, fold_by="subregion", bootstrap=6, grid=5,
                    random_state=7, executor=ex)
    _same(reference, got)


def test_identical_on_dask(reference):
    distributed = pytest.importorskip("distributed", reason="dask extra not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as c:
        got = small(simulate(0.2, seed=3), folds=3, fold_by="subregion", bootstrap=6, grid=5,
                    random_state=7, executor=c.get_executor())
    _same(reference, got)


def test_the_seed_decides_the_bootstrap(reference):
    other = small(simulate(0.2, seed=3), folds=3, fold_by="subregion", bootstrap=6, grid=5,
                  random_state=8)
    assert other.bootstrap["seed"].tolist() != reference.bootstrap["seed"].tolist()


def test_the_estimate_is_frozen_and_predicts(reference):
    with pytest.raises(dataclasses.FrozenInstanceError):
        reference.area = "x"
    assert reference.predict().level.value in ("unilateral", "bilateral", "regional", "multilateral")
    assert list(reference.params.columns[:5]) == ["name", "value", "se", "low", "high"]
    m = reference.metrics.set_index(["sample", "dataset", "metric"])
    assert m.loc[("fit", "all", "converged"), "model"] == 1.0
    assert ("out_of_sample", "simulated", "auc") in m.index


# ------------------------------------------------------------------ bad input
def test_unknown_parameter_names_the_close_match():
    with pytest.raises(ValidationError, match="params = 'decision_costs'.*did you mean 'decision_cost'"):
        estimate("refugee_protection", params=["decision_costs"])


def test_a_parameter_the_model_lacks():
    with pytest.raises(ValidationError, match="not a mapping keyword of 'irregular_migration'"):
        estimate("irregular_migration", params=["hosting"])
    states = gg.refugee_protection().states
    with pytest.raises(ValidationError, match="calibrated world"):
        estimate("refugee_protection", params=["floor"], states=list(states))


def test_a_dataset_that_does_not_fit_the_area():
    with pytest.raises(ValidationError, match="observes refugee protection, not irregular migration"):
        estimate("irregular_migration", against="refugee_convention_1951")
    with pytest.raises(ValidationError, match="did you mean 'gcm_2018'"):
        estimate("irregular_migration", against="gcm_2O18")


def test_more_folds_than_regions():
    with pytest.raises(ValidationError, match="folds = 6 is invalid: must be at most 5, the number of "
                                              "UN M49 regions"):
        estimate("refugee_protection", folds=6)


def test_an_estimate_that_does_not_converge_says_which_and_why():
    with pytest.raises(EstimationError, match=r"decision_cost \(the full fit\): did not converge.*"
                                              r"raise maxfev \(now 2\)"):
        small(simulate(0.25, seed=1), maxfev=2)


def test_a_parameter_the_data_cannot_fix():
    y = pd.Series(True, index=EUROPE, name="everyone")
    with pytest.raises(EstimationError, match="decision_cost: not identified"):
        small(y)


@pytest.mark.parametrize("kw, match", [
    ({"bootstrap": 1}, "bootstrap = 1"), ({"folds": 1}, "folds = 1"), ({"grid": 2}, "grid = 2"),
    ({"level": 1.5}, "level = 1.5"), ({"states": "mars"}, "states = 'mars'"),
    ({"params": {"decision_cost": (0.5, 0.1)}}, "low < high"),
    ({"params": {"floor": (0.0, 2.0)}}, r"params\['floor'\] high = 2.0"),
    ({"mapping": {"floor": 0.1}, "params": ["floor"]}, "fixed by mapping"),
    ({"across": "refugee_convention_1951"}, "is also fitted on"),
    ({"against": ["gcr_2018", "gcr_2018"]}, "fitted on once"),
    ({"path": "agreements.csv"}, "only read for the dataset 'labour_agreements'"),
    ({"folds": None, "across": "gcm_2018"}, "across .* is scored out of fold"),
    ({"against": pd.Series([1, 0], index=["FRA", "XXX"], name="mine")}, "does not hold: XXX"),
    ({"against": pd.Series([1, 2], index=["FRA", "DEU"], name="mine")}, "must hold 0/1"),
    ({"decision_cost_form": "members"}, "decision_cost_form = 'members'"),
])
def test_bad_input_is_a_library_error(kw, match):
    opts = {"against": "refugee_convention_1951"}
    opts.update(kw)
    with pytest.raises(ValidationError, match=match):
        estimate("refugee_protection", **opts)


def test_an_unknown_area():
    with pytest.raises(ValidationError, match="area = 'refugees' is invalid"):
        estimate("refugees")


def test_estimation_errors_pickle():
    err = EstimationError("decision_cost", "not identified")
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is EstimationError and str(again) == str(err) and again.what == "decision_cost"


# ------------------------------------------------------------------ the shipped estimates
def test_shipped_estimates_still_fit_the_model():
    """The stored log-likelihood is the model's at the stored values: a changed model or data
    means tools/build_estimates.py must run again."""
    from goodsgov.estimation import shipped

    record = shipped.shipped()
    assert set(record["areas"]) == set(gg.estimation.DEFAULT_AGAINST)
    for area, rec in record["areas"].items():
        if "error" in rec:
            continue
        stored, now = shipped.loglik(area)
        assert now == pytest.approx(stored, rel=1e-8), f"{area}: rebuild the shipped estimates"
        scenario = gg.estimation.fitted_scenario(area)
        assert scenario.n_states == 193
        assert math.isfinite(gg.estimation.fitted_options(area)["decision_cost"])


# ------------------------------------------------------------------ the command
def _cli(*args):
    return subprocess.run([sys.executable, "-m", "goodsgov", *args], capture_output=True, text=True,
                          check=False)


def test_the_command_estimates_and_prints():
    out = _cli("estimate", "refugee_protection", "--states", ",".join(EUROPE), "--against",
               "refugee_convention_1951", "--param", "decision_cost=0:0.6", "--bootstrap", "0",
               "--folds", "0", "--grid", "5", "--format", "csv", "--quiet")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].startswith("name,value,se,low,high")


def test_the_command_holds_the_prediction_options_it_is_given(capsys):
    from goodsgov import cli
    assert cli.main(["estimate", "refugee_protection", "--states", ",".join(EUROPE), "--against",
                     "refugee_convention_1951", "--param", "decision_cost=0:0.6", "--bootstrap", "0",
                     "--folds", "0", "--grid", "3", "--format", "json", "--quiet",
                     "--deal-search", "paths", "--decision-cost-form", "pair"]) == 0
    options = json.loads(capsys.readouterr().out)["options"]
    assert options["deal_search"] == "paths" and options["decision_cost_form"] == "pair"


def test_the_command_refuses_bad_input_in_one_line():
    out = _cli("estimate", "refugee_protection", "--against", "rec")
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1
    assert "observes irregular migration" in out.stderr
    out = _cli("estimate", "refugee_protection", "--param", "decision_cost=0:x")
    assert out.returncode == 2 and "NAME=LOW:HIGH" in out.stderr


# ------------------------------------------------------------------ the deal search
def test_the_deal_search_is_held_fixed_and_carried_to_the_prediction():
    """With deal_search="paths" every prediction of the fit uses it, the estimate carries it,
    and its prediction equals predict_governance with the same options; the default is not
    recorded (the shipped estimates' options stay as they were)."""
    y = simulate(0.2, 0)
    plain, paths = small(y), small(y, deal_search="paths")
    assert "deal_search" not in plain.options and paths.options["deal_search"] == "paths"
    p = paths.predict()
    assert p.deal_search == "paths"
    q = gg.predict_governance(paths.scenario, **paths.options)
    assert p.level == q.level and p.bargain.table.equals(q.bargain.table)
    with pytest.raises(ValidationError, match="deal_search = 'walk' is invalid"):
        small(y, deal_search="walk")
