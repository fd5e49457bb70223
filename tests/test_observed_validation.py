"""the validation harness (gg.observed.validate) and its metrics.

The metrics are checked against brute-force references (the AUC by counting
every positive/negative pair, precision and recall by counting); the
harness is checked on synthetic datasets (monkeypatched loader modules,
made up for the test and saying nothing about the world) where the right
answer is known, then on the shipped data.
"""

import math
import sys
import types

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import goodsgov as gg
from goodsgov.errors import ValidationError
from goodsgov.observed import metrics as M

WORLD = gg.world.countries()
CODES = list(WORLD.index)


# ------------------------------------------------------------------ brute-force references
def auc_by_pairs(score, y):
    pos = [s for s, o in zip(score, y) if o]
    neg = [s for s, o in zip(score, y) if not o]
    if not pos or not neg:
        return math.nan
    total = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return total / (len(pos) * len(neg))


scores = st.lists(st.tuples(st.integers(0, 6).map(float), st.booleans()), min_size=1, max_size=40)


@given(scores)
def test_auc_equals_counting_every_pair(data):
    s = np.array([d[0] for d in data])
    y = np.array([d[1] for d in data])
    ref = auc_by_pairs(s, y)
    got = M.auc(s, y)
    assert (math.isnan(ref) and math.isnan(got)) or got == pytest.approx(ref, abs=1e-12)


@given(scores)
def test_auc_of_reversed_score_is_one_minus(data):
    s = np.array([d[0] for d in data])
    y = np.array([d[1] for d in data])
    if y.all() or not y.any():
        return
    assert M.auc(-s, y) == pytest.approx(1.0 - M.auc(s, y))


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=40))
def test_precision_recall_f1_by_counting(data):
    p = np.array([d[0] for d in data])
    y = np.array([d[1] for d in data])
    tp = sum(a and b for a, b in data)
    fp = sum(a and not b for a, b in data)
    fn = sum(b and not a for a, b in data)
    pr, rc = M.precision(p, y), M.recall(p, y)
    assert math.isnan(pr) if tp + fp == 0 else pr == pytest.approx(tp / (tp + fp))
    assert math.isnan(rc) if tp + fn == 0 else rc == pytest.approx(tp / (tp + fn))
    if tp + fp and tp + fn:
        expected = 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
        assert M.f1(p, y) == pytest.approx(expected)
    assert M.accuracy(p, y) == pytest.approx(sum(a == b for a, b in data) / len(data))


def test_brier_and_log_loss_by_hand():
    p, y = np.array([0.8, 0.4]), np.array([1, 0])
    assert M.brier(p, y) == pytest.approx((0.2 ** 2 + 0.4 ** 2) / 2)
    assert M.log_loss(p, y) == pytest.approx(-(math.log(0.8) + math.log(0.6)) / 2)
    assert math.isnan(M.log_loss(np.array([1.0, 0.0]), y))   # a 0/1 forecast has no finite log loss


@given(st.lists(st.sampled_from("ABCDE"), min_size=5, max_size=60), st.integers(2, 6),
       st.integers(0, 2 ** 32 - 1))
def test_region_folds_are_balanced_within_every_region(regions, k, seed):
    folds = M.region_folds(regions, k, seed)
    assert folds.min() >= 0 and folds.max() < k
    assert np.array_equal(folds, M.region_folds(regions, k, seed))        # seeded
    sizes = np.bincount(folds, minlength=k)
    assert sizes.max() - sizes.min() <= 1                                 # balanced overall
    regions = np.array(regions)
    for r in set(regions.tolist()):
        counts = np.bincount(folds[regions == r], minlength=k)
        assert counts.max() - counts.min() <= 1                           # and within each region


def test_logit_cv_is_out_of_fold():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(120, 2))
    y = (X[:, 0] + rng.normal(size=120)) > 0
    folds = M.region_folds(["R"] * 60 + ["S"] * 60, 4, 0)
    prob, notes = M.logit_cv(X, y, folds)
    assert notes == () and np.all((prob > 0) & (prob < 1))
    flipped = y.copy()
    flipped[folds == 0] = ~flipped[folds == 0]      # change fold 0's outcomes only
    again, _ = M.logit_cv(X, flipped, folds)
    assert np.allclose(again[folds == 0], prob[folds == 0])   # its predictions never saw them
    assert not np.allclose(again[folds != 0], prob[folds != 0])


def test_logit_cv_matches_statsmodels_fit_on_the_other_folds():
    import statsmodels.api as sm
    rng = np.random.default_rng(7)
    X = rng.normal(size=(80, 2))
    y = (X @ [1.0, -0.5] + rng.logistic(size=80)) > 0
    folds = np.arange(80) % 3
    prob, _ = M.logit_cv(X, y, folds)
    train = folds != 1
    fit = sm.Logit(y[train].astype(float), sm.add_constant(X[train])).fit(disp=0)
    assert np.allclose(prob[folds == 1], fit.predict(sm.add_constant(X[folds == 1])))


# ------------------------------------------------------------------ synthetic datasets
@pytest.fixture(scope="module")
def predictions():
    return {area: gg.predict_governance(getattr(gg, area)(states="world"))
            for area in ("refugee_protection", "irregular_migration", "skilled_labour")}


def _fake(monkeypatch, name, **attrs):
    mod = types.ModuleType(f"goodsgov.observed.{name}")
    for k, v in attrs.items():
        setattr(mod, k, v)
    monkeypatch.setitem(sys.modules, f"goodsgov.observed.{name}", mod)
    return mod


@pytest.fixture
def synthetic(monkeypatch):
    """Made-up treaties, votes, bodies and agreements (for the test only)."""
    ranked = list(WORLD.sort_values("population").index)
    big = set(ranked[-70:][::5]) ^ set(ranked[-70:]) | set(ranked[:50][::10])   # 56 + 5, overlapping
    early = set(WORLD.sort_values("population").index[-20:])

    def treaty(name):
        if name not in ("refugee_convention_1951", "refugee_protocol_1967", "toy_treaty"):
            raise ValidationError("name", name, "unknown")
        party = pd.Series([c in big for c in CODES], index=pd.Index(CODES, name="iso3"))
        if name == "refugee_protocol_1967":
            party = pd.Series([c in {"USA", "VEN"} for c in CODES], index=party.index)
        year = pd.Series([1960 if c in early else 1990 if p else pd.NA for c, p in party.items()],
                         index=party.index, dtype="Int64")
        return pd.DataFrame({"party": party, "year": year})

    def vote(name):
        return pd.DataFrame({"vote": ["no" if c == "USA" else "absent" if c == "FRA" else "yes"
                                      for c in CODES]}, index=pd.Index(CODES, name="iso3"))

    def memberships(kind):
        rows = [("B1", c, 2000) for c in ("DEU", "FRA", "ITA")] + [("B2", c, 2010) for c in ("FRA", "ESP")]
        return pd.DataFrame(rows, columns=["body", "iso3", "since"]).astype({"since": "Int64"})

    def labour_agreements(path=None):
        return pd.DataFrame({"iso3_a": ["DEU", "ESP"], "iso3_b": ["TUR", "MAR"], "year": [1961, 1999]})

    _fake(monkeypatch, "treaties", treaty=treaty, TREATIES=("refugee_convention_1951",
                                                              "refugee_protocol_1967", "toy_treaty"))
    _fake(monkeypatch, "votes", vote=vote, VOTES=("gcm_2018", "gcr_2018"))
    _fake(monkeypatch, "bodies", memberships=memberships)
    _fake(monkeypatch, "labour", labour_agreements=labour_agreements)
    return big, early


def test_states_metrics_equal_a_recomputation(predictions, synthetic):
    p = predictions["refugee_protection"]
    v = gg.observed.validate(p, against="toy_treaty")
    t = v.table
    assert list(t.index) == CODES and t["observed"].sum() == len(synthetic[0]) == 61
    assert t.loc["AND", "scored"] == False and t["scored"].sum() == 165  # noqa: E712
    s = t[t["scored"]]
    m = v.metrics.set_index("metric")
    assert m.loc["auc", "model"] == pytest.approx(auc_by_pairs(s["score"], s["observed"]))
    assert m.loc["auc", "baseline_gdp_population"] == pytest.approx(
        auc_by_pairs(s["baseline_gdp_population"], s["observed"]))
    assert m.loc["n", "model"] == 165 and m.loc["observed", "model"] == s["observed"].sum()
    assert m.loc["accuracy", "model"] == pytest.approx((s["predicted"] == s["observed"]).mean())
    assert math.isnan(m.loc["log_loss", "model"])
    # the score is the documented model quantity
    scope = p.scope.value
    gain = p.states[f"payoff_{scope}"] - p.states["payoff_unilateral"]
    assert np.allclose(t["score"], gain / p.states["payoff_unilateral"].abs().mean())
    # a population-ranked observation is what log population predicts: the baseline ranks well
    assert m.loc["auc", "baseline_gdp_population"] > 0.8


def test_refugee_instruments_is_either_instrument_and_year_filters(predictions, synthetic):
    p = predictions["refugee_protection"]
    v = gg.observed.validate(p, against="refugee_instruments")
    assert v.table.loc["USA", "observed"] and v.table.loc["VEN", "observed"]
    big, early = synthetic
    assert v.table["observed"].sum() == len(big | {"VEN", "USA"})
    by_1970 = gg.observed.validate(p, against="refugee_instruments", year=1970)
    assert set(by_1970.table.index[by_1970.table["observed"]]) == (big | {"USA"}) & early
    assert by_1970.year == 1970
    with pytest.raises(ValidationError, match=r"year = 1900 is invalid: must be within 1960-1990"):
        gg.observed.validate(p, against="refugee_instruments", year=1900)


def test_votes_count_yes_only(predictions, synthetic):
    v = gg.observed.validate(predictions["irregular_migration"], against="gcm_2018")
    assert not v.table.loc["USA", "observed"] and not v.table.loc["FRA", "observed"]
    assert v.table["observed"].sum() == 191
    with pytest.raises(ValidationError, match="year = 2019 is invalid: must be None or 2018"):
        gg.observed.validate(predictions["irregular_migration"], against="gcm_2018", year=2019)


def test_pairs_against_bodies(predictions, synthetic):
    p = predictions["irregular_migration"]
    v = gg.observed.validate(p, against="rec")
    t = v.table
    n = len(CODES)
    assert len(t) == n * (n - 1) // 2 and (t["iso3_a"] < t["iso3_b"]).all()
    observed = set(map(tuple, t.loc[t["observed"], ["iso3_a", "iso3_b"]].to_numpy()))
    assert observed == {("DEU", "FRA"), ("DEU", "ITA"), ("FRA", "ITA"), ("ESP", "FRA")}
    assert t.set_index(["iso3_a", "iso3_b"]).loc[("ESP", "FRA"), "bodies"] == "B2"
    m = v.metrics.set_index("metric")
    for col in ("model", "baseline_same_subregion", "baseline_shared_border"):
        pred = t[col if col != "model" else "predicted"].to_numpy(dtype=bool)
        obs = t["observed"].to_numpy()
        tp = (pred & obs).sum()
        assert m.loc["recall", col] == pytest.approx(tp / 4)
        assert m.loc["auc", col] == pytest.approx(auc_by_pairs(pred.astype(float), obs))
    # shared border: DEU-FRA, FRA-ITA, ESP-FRA are neighbours, DEU-ITA is not
    assert m.loc["recall", "baseline_shared_border"] == pytest.approx(3 / 4)
    assert gg.observed.validate(p, against="rec", year=2005).table["observed"].sum() == 3


def _institution_pairs(prediction):
    """Pairs of states in a common row of ``prediction.institutions`` (the model's own list)."""
    return {tuple(sorted((a, b))) for members in prediction.institutions["members"]
            for i, a in enumerate(members) for b in members[i + 1:]}


@pytest.mark.parametrize("area", ["refugee_protection", "irregular_migration"])
def test_predicted_pairs_are_the_pairs_of_an_institution(predictions, area):
    # refugee protection is a deal network on the world, irregular migration regional treaties:
    # a pair is predicted exactly when a listed institution (a deal or an agreement) holds both
    p = predictions[area]
    assert p.scope.value == {"refugee_protection": "bilateral", "irregular_migration": "regional"}[area]
    t = gg.observed.validate(p, against="rcp").table
    predicted = set(map(tuple, t.loc[t["predicted"], ["iso3_a", "iso3_b"]].to_numpy()))
    assert predicted == _institution_pairs(p) and predicted
    members = set(gg.observed.validate(p, against="refugee_instruments").table.query("predicted").index)
    assert members == {s for pair in predicted for s in pair}


def test_dyads_against_labour_agreements(predictions, synthetic):
    p = predictions["skilled_labour"]
    v = gg.observed.validate(p, against="labour_agreements")
    t = v.table.set_index(["iso3_a", "iso3_b"])
    assert t["observed"].sum() == 2 and t.loc[("DEU", "TUR"), "observed"]
    deals = p.bargain.table
    assert int(t["predicted"].sum()) == len(deals)
    g = t.loc[("DEU", "FRA")]
    gdp = WORLD["gdp"]
    km = gg.world.distance_matrix(["DEU", "FRA"]).loc["DEU", "FRA"]
    assert g["baseline_gravity"] == pytest.approx(gdp["DEU"] * gdp["FRA"] / km)
    m = v.metrics.set_index("metric")
    assert m.loc["predicted", "baseline_gravity"] == 2          # cut at the observed count
    assert v.in_sample and "baseline_gravity" in v.in_sample[0]
    assert not t.loc[("AND", "FRA"), "scored"]                  # Andorra has no GDP


# ------------------------------------------------------------------ errors
def test_unknown_dataset_names_the_choices(predictions, synthetic):
    with pytest.raises(ValidationError, match=r"against = 'gcm2018' is invalid: must be one of .*"
                                              r"did you mean 'gcm_2018'"):
        gg.observed.validate(predictions["refugee_protection"], against="gcm2018")


def test_stylised_states_cannot_be_validated(synthetic):
    p = gg.predict_governance(gg.refugee_protection())
    with pytest.raises(ValidationError) as err:
        gg.observed.validate(p, against="rcp")
    text = str(err.value)
    assert err.value.field == "prediction" and "'rcp'" in text and "stylised states" in text
    assert repr(p.scenario.names[0]) in text


def test_not_a_prediction(synthetic):
    with pytest.raises(ValidationError, match="prediction = .* must be a goodsgov.GovernancePrediction"):
        gg.observed.validate({"USA": 1.0}, against="rcp")


def test_path_only_for_labour(predictions, synthetic):
    with pytest.raises(ValidationError, match="path = 'x.csv' is invalid: is only read for"):
        gg.observed.validate(predictions["skilled_labour"], against="rcp", path="x.csv")


def test_a_subset_of_the_world_validates_on_its_states(synthetic):
    europe = gg.world.states(region="Europe", missing="mean")
    p = gg.predict_governance(gg.Scenario(gg.Good("x", 0.2, 0.1), europe))
    v = gg.observed.validate(p, against="toy_treaty")
    assert list(v.table.index) == [s.name for s in europe]


def test_validation_is_frozen(predictions, synthetic):
    v = gg.observed.validate(predictions["refugee_protection"], against="gcr_2018")
    with pytest.raises(AttributeError):
        v.against = "x"


def test_model_metrics_do_not_depend_on_the_order_of_states(predictions, synthetic):
    scenario = gg.irregular_migration(states="world")
    order = np.random.default_rng(5).permutation(scenario.n_states)
    shuffled = gg.predict_governance(scenario.permuted(order))
    for against in ("toy_treaty", "rec"):
        a = gg.observed.validate(predictions["irregular_migration"], against=against).metrics
        b = gg.observed.validate(shuffled, against=against).metrics
        assert np.allclose(a["model"], b["model"], equal_nan=True), against
        if against == "rec":   # unfitted baselines too
            assert a.drop(columns="model").equals(b.drop(columns="model"))


def test_summary_is_the_auc_row(predictions, synthetic):
    v = gg.observed.validate(predictions["refugee_protection"], against="gcm_2018")
    assert v.summary().to_dict() == v.metrics.set_index("metric").loc["auc"].to_dict()


# ------------------------------------------------------------------ the shipped data
SHIPPED_STATES = ("refugee_convention_1951", "icrmw_1990", "gcm_2018", "gcr_2018")


@pytest.mark.parametrize("against", SHIPPED_STATES + ("rcp", "rec"))
def test_every_shipped_dataset_validates_every_world_row(predictions, against):
    for p in predictions.values():
        v = gg.observed.validate(p, against=against)
        t, m = v.table, v.metrics.set_index("metric")
        assert t["scored"].any() and not t.loc[t["scored"], ["score", "observed"]].isna().any().any()
        assert m.loc["n", "model"] == t["scored"].sum()
        assert m.loc["observed", "model"] == t.loc[t["scored"], "observed"].sum() > 0
        for col in m.columns:
            auc = m.loc["auc", col]
            assert 0.0 <= auc <= 1.0, (against, col)


def test_shipped_observations_are_the_loaders(predictions):
    p = predictions["refugee_protection"]
    conv = gg.observed.treaty("refugee_convention_1951")
    v = gg.observed.validate(p, against="refugee_convention_1951")
    assert v.table["observed"].equals(conv["party"].rename("observed"))
    gcm = gg.observed.vote("gcm_2018")
    v = gg.observed.validate(p, against="gcm_2018")
    assert (v.table["observed"] == (gcm["vote"] == "yes")).all()
    by_1990 = gg.observed.validate(p, against="refugee_convention_1951", year=1990).table
    assert by_1990["observed"].sum() == ((conv["year"] <= 1990) & conv["party"]).sum()


@pytest.mark.parametrize("against", ["oau_refugee_convention_1969", "ilo_c97", "ilo_c143"])
def test_unshipped_instruments_say_so(predictions, against):
    with pytest.raises(LookupError, match="not shipped"):
        gg.observed.validate(predictions["refugee_protection"], against=against)


def test_without_a_labour_file_the_loader_says_where_to_get_one(predictions):
    from goodsgov.observed.labour import LabourDataMissing
    with pytest.raises(LabourDataMissing, match="ships no copy"):
        gg.observed.validate(predictions["skilled_labour"], against="labour_agreements")


def test_a_bad_labour_file_names_the_column(predictions, tmp_path):
    path = tmp_path / "agreements.csv"
    path.write_text("iso3_a,partner,year\nFRA,MAR,2001\n")
    with pytest.raises(ValidationError, match="columns = .* must include iso3_a and iso3_b"):
        gg.observed.validate(predictions["skilled_labour"], against="labour_agreements", path=path)
    path.write_text("iso3_a,iso3_b,year\nFRA,XYZ,2001\n")
    with pytest.raises(ValidationError, match="iso3_b = 'XYZ' is invalid"):
        gg.observed.validate(predictions["skilled_labour"], against="labour_agreements", path=path)


def test_dates_the_data_do_not_have_are_refused(predictions):
    with pytest.raises(ValidationError, match="year = 2000 is invalid: cannot be given for 'rcp'"):
        gg.observed.validate(predictions["irregular_migration"], against="rcp", year=2000)
    with pytest.raises(ValidationError, match="year = 2019 is invalid: must be within 1952-2018"):
        gg.observed.validate(predictions["irregular_migration"], against="refugee_convention_1951",
                             year=2019)
