"""goodsgov.calibration: the model's primitives built from shipped data.

Independent references: the UNHCR totals per year below were computed from
the source package by tests/test_observed_displacement.py (its SHIPPED table);
the planted dataset's overlaps, cosines and route terms are worked by hand in
the comments; the distance decay and gravity ratios are recomputed from
goodsgov.world's distances with the formulas of the module docstrings.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import goodsgov as gg
import goodsgov.calibration as cal
import goodsgov.world as world
from goodsgov.calibration import refugees as cref
from goodsgov.errors import ValidationError
from goodsgov.observed import displacement as unhcr

MEMBERS = sorted(world.countries().index)
#: year -> (refugees, asylum_seekers, other_in_need) hosted by UN member states (UNHCR)
SHIPPED = {2000: (12128099, 947281, 0), 2018: (20359282, 3500853, 2551659),
           2025: (28460986, 8997915, 7159100)}

subsets = st.lists(st.sampled_from(MEMBERS), min_size=2, max_size=12, unique=True)


def _props(d, n, floor=0.0):
    assert d.shape == (n, n)
    assert np.all(np.isfinite(d)) and d.min() >= floor - 1e-15 and d.max() <= 1.0
    assert np.array_equal(np.diag(d), np.ones(n))


# ---------------------------------------------------------------- displacement domain
@settings(max_examples=25, deadline=None)
@given(codes=subsets, floor=st.floats(0, 1), route=st.floats(0, 1),
       kind=st.sampled_from(["refugees", "other_in_need", "all"]),
       measure=st.sampled_from(["overlap", "cosine"]), year=st.integers(2018, 2025))
def test_displacement_domain_is_a_symmetric_share_matrix_with_its_floor(codes, floor, route, kind,
                                                                          measure, year):
    d = cal.displacement_domain(codes, kind, year, floor=floor, route=route, measure=measure)
    _props(d, len(codes), floor)
    assert np.array_equal(d, d.T)


@settings(max_examples=15, deadline=None)
@given(codes=subsets, seed=st.integers(0, 2**31 - 1))
def test_displacement_domain_follows_the_order_of_codes_and_ignores_the_others(codes, seed):
    order = np.random.default_rng(seed).permutation(len(codes))
    d = cal.displacement_domain(codes, year=2024)
    p = cal.displacement_domain([codes[k] for k in order], year=2024)
    assert np.array_equal(p, d[np.ix_(order, order)])
    full = cal.displacement_domain(MEMBERS, year=2024)   # each entry depends on the pair alone
    pos = [MEMBERS.index(c) for c in codes]
    assert np.allclose(d, full[np.ix_(pos, pos)], atol=1e-12)


def test_floor_raises_only_what_lies_below_it():
    codes = ["TUR", "LBN", "JOR", "PER", "JPN"]
    low = cal.displacement_domain(codes, year=2024)
    high = cal.displacement_domain(codes, year=2024, floor=0.3)
    assert np.array_equal(high, np.maximum(low, 0.3) * (1 - np.eye(5)) + np.eye(5))
    assert low[1, 2] > 0.5 and low[0, 3] < 0.05      # Syria's neighbours share, Peru does not


@pytest.fixture
def planted(monkeypatch):
    """A toy UNHCR table for 2020 (see the test for the hand-worked numbers)."""
    rows = pd.DataFrame(
        [(2020, "PRT", "FRA", 20, 10, 0), (2020, "PRT", "DEU", 10, 0, 0),
         (2020, "XXA", "FRA", 70, 0, 0), (2020, "XXA", "ESP", 20, 0, 5),
         (2020, "UNK", "DEU", 900, 100, 0)], columns=list(unhcr.COLUMNS))

    def fake(year=None, origin=None, asylum=None):
        assert origin is None and asylum is None
        keep = rows if year is None else rows[rows["year"] == year]
        return keep.reset_index(drop=True)

    for cache in (cref._stocks, cref._exposure, cref.first_year):
        cache.cache_clear()
    monkeypatch.setattr(unhcr, "refugees", fake)
    yield
    for cache in (cref._stocks, cref._exposure, cref.first_year):
        cache.cache_clear()


def test_planted_overlaps_cosines_and_routes(planted):
    codes = ["FRA", "DEU", "ESP", "JPN"]
    # route 0: FRA (PRT 30, XXA 70) -> .3/.7; DEU (PRT 10; UNK left out) -> 1/0; ESP (XXA 20)
    d = cal.displacement_domain(codes, year=2020, route=0.0)
    assert d[0, 1] == pytest.approx(0.3) and d[0, 2] == pytest.approx(0.7)
    assert d[1, 2] == 0.0 and d[3, :3].tolist() == [0.0, 0.0, 0.0]
    c = cal.displacement_domain(codes, year=2020, route=0.0, measure="cosine")
    assert c[0, 1] == pytest.approx(30 / math.hypot(30, 70))
    # route 1: PRT's outflow 40 (30 + 10) lies on its one land neighbour, ESP: ESP (PRT 40, XXA 20)
    d = cal.displacement_domain(codes, year=2020, route=1.0)
    assert d[0, 2] == pytest.approx(0.3 + 1 / 3) and d[1, 2] == pytest.approx(2 / 3)
    x = cal.exposure(["ESP"], year=2020, route=0.5)
    assert x.loc["ESP", "PRT"] == pytest.approx(20.0) and "UNK" not in x.columns
    # hosting counts every origin, UNK included; 0 = none recorded
    h = cal.hosting(codes, year=2020)
    assert h.tolist() == [100, 1010, 20, 0]
    assert cal.hosting(["ESP"], "other_in_need", 2020).tolist() == [5]
    assert cal.hosting(["ESP"], "all", 2020).tolist() == [25]


def test_planted_floor_and_empty_exposure(planted):
    d = cal.displacement_domain(["JPN", "BRA"], year=2020, floor=0.2)
    assert d.tolist() == [[1.0, 0.2], [0.2, 1.0]]


# ---------------------------------------------------------------- hosting
@pytest.mark.parametrize("year", sorted(SHIPPED))
def test_hosting_totals_equal_the_datas_sums(year):
    ref, asy, oth = SHIPPED[year]
    assert int(cal.hosting(None, "refugees", year).sum()) == ref + asy
    if year >= 2018:
        assert int(cal.hosting(None, "other_in_need", year).sum()) == oth
    assert int(cal.hosting(None, "all", year).sum()) == ref + asy + oth
    assert cal.hosting(None, "all", year).equals(
        unhcr.hosted(year).rename("all").astype("int64"))


def test_hosting_default_year_is_the_latest_and_order_is_kept():
    h = cal.hosting(["TUV", "DEU", "tur"])
    assert list(h.index) == ["TUV", "DEU", "TUR"] and h.index.name == "iso3"
    assert h.equals(cal.hosting(["TUV", "DEU", "TUR"], year=unhcr.LAST_YEAR))
    assert h["TUV"] == 0


def test_hosting_shares_sum_to_one_and_follow_people():
    s = cal.hosting_shares(["TUR", "DEU", "FRA"], year=2024)
    h = cal.hosting(["TUR", "DEU", "FRA"], year=2024)
    assert s.sum() == pytest.approx(1.0) and np.allclose(s, h / h.sum())
    w = cal.hosting_shares(["TUR", "DEU", "FRA"], year=2024, per_person="gdp_per_capita")
    assert w["DEU"] > s["DEU"] and w.sum() == pytest.approx(1.0)
    with pytest.raises(ValidationError, match="host no one"):
        cal.hosting_shares(["TUV"], year=2024)
    with pytest.raises(ValidationError, match="LIE"):
        cal.hosting_shares(["LIE", "DEU"], per_person="gdp_per_capita")


# ---------------------------------------------------------------- irregular migration
def test_border_domain_reference_values():
    codes = ["FRA", "ESP", "GBR", "AUS", "DEU"]
    d = cal.border_domain(codes, scale=1000.0, floor=0.01)
    _props(d, 5, 0.01)
    km = world.distance_matrix(codes)
    assert d[0, 1] == 1.0 and d[0, 4] == 1.0                     # land neighbours
    assert d[0, 2] == pytest.approx(math.exp(-km.loc["FRA", "GBR"] / 1000.0))
    assert d[0, 3] == 0.01                                       # the floor, far away
    half = cal.border_domain(codes, scale=1000.0, border=0.0)
    assert half[0, 1] == pytest.approx(math.exp(-km.loc["FRA", "ESP"] / 1000.0))
    assert cal.border_domain(codes)[0, 2] == pytest.approx(
        math.exp(-km.loc["FRA", "GBR"] / cal.neighbour_distance()))


@settings(max_examples=15, deadline=None)
@given(codes=subsets, scale=st.floats(50, 20000), floor=st.floats(0, 1))
def test_border_domain_properties(codes, scale, floor):
    d = cal.border_domain(codes, scale=scale, floor=floor)
    _props(d, len(codes), floor)
    assert np.array_equal(d, d.T)
    assert np.all(cal.border_domain(codes, scale=2 * scale, floor=floor) >= d)   # farther reach


# ---------------------------------------------------------------- skilled labour
def test_roles_split_matches_income_groups():
    r = cal.roles()
    groups = world.countries()["income_group"]
    assert set(r.index[r == "receiving"]) == set(groups.index[groups == "High income"])
    classified = groups.dropna()
    assert set(r.index[r == "sending"]) == set(classified.index[classified != "High income"])
    assert r["VEN"] is None and r.name == "role"


def test_roles_by_gdp_per_capita_split_at_the_world_median():
    t = world.countries().dropna(subset=["gdp"])
    pc = t["gdp"] / t["population"]
    r = cal.roles(list(t.index), rule="gdp_per_capita", missing="raise")
    assert set(r.index[r == "receiving"]) == set(pc.index[pc > pc.median()])
    assert cal.roles(["DEU", "IND"], rule="gdp_per_capita").tolist() == ["receiving", "sending"]
    with pytest.raises(ValidationError, match="no GDP is shipped"):
        cal.roles(["MCO"], rule="gdp_per_capita", missing="raise")


def test_exchange_gains_gravity_reference_ratio():
    codes = ["USA", "MEX", "CAN", "IND", "DEU"]
    g = cal.exchange_gains(codes, rule=None, gap=1, mass=1, distance=1)
    t = world.countries(codes)
    y, Y = t["gdp"] / t["population"], t["gdp"]
    km = world.distance_matrix(codes)

    def ref(a, b):
        return abs(math.log(y[a]) - math.log(y[b])) * Y[a] * Y[b] / km.loc[a, b]

    assert g[0, 1] / g[3, 4] == pytest.approx(ref("USA", "MEX") / ref("IND", "DEU"), rel=1e-9)
    assert np.array_equal(g, g.T) and np.all(np.diag(g) == 0) and g.max() == 1.0
    roled = cal.exchange_gains(codes)             # receiving x receiving pairs gain nothing
    assert roled[0, 2] == 0.0 and roled[0, 4] == 0.0 and roled[0, 1] > 0


@settings(max_examples=15, deadline=None)
@given(codes=subsets, seed=st.integers(0, 2**31 - 1), floor=st.floats(0, 1))
def test_exchange_domain_properties_and_order(codes, seed, floor):
    r = cal.roles(codes).dropna()
    if len(set(r)) < 2:
        with pytest.raises(ValidationError, match="same role|no pair"):
            cal.exchange_domain(codes)
        return
    d = cal.exchange_domain(codes, floor=floor)
    _props(d, len(codes), floor)
    assert np.array_equal(d, d.T)
    order = np.random.default_rng(seed).permutation(len(codes))
    p = cal.exchange_domain([codes[k] for k in order], floor=floor)
    assert np.allclose(p, d[np.ix_(order, order)], atol=1e-12)


def test_exchange_partners_are_mutual_best_exchanges():
    codes = ["USA", "MEX", "CAN", "IND", "DEU", "NGA"]
    g = cal.exchange_gains(codes)
    for k in (1, 2):
        p = cal.exchange_partners(codes, k=k)
        assert all(a in p[b] for a in p for b in p[a])                          # mutual
        for i, a in enumerate(codes):                                            # own best k in
            best = {codes[j] for j in np.argsort(-g[i], kind="stable")[:k] if g[i, j] > 0}
            assert best <= set(p[a])
            assert all(g[i, codes.index(b)] > 0 for b in p[a])


# ---------------------------------------------------------------- indicators
def test_imputed_gdp_is_the_income_groups_median_per_capita():
    t = world.countries()
    have = t.dropna(subset=["gdp"])
    med = (have["gdp"] / have["population"]).groupby(have["income_group"]).median()
    ind = cal.indicators()
    assert ind["gdp_imputed"].sum() == t["gdp"].isna().sum() == 28
    mco = ind.loc["MCO"]
    assert mco["gdp_per_capita"] == pytest.approx(med["High income"])
    assert mco["gdp"] == pytest.approx(med["High income"] * t.loc["MCO", "population"])
    assert ind.loc["DEU", "gdp"] == t.loc["DEU", "gdp"] and not ind.loc["DEU", "gdp_imputed"]
    assert len(cal.indicators(missing="drop")) == 165


# ---------------------------------------------------------------- states and scenarios
@pytest.mark.parametrize("area", cal.AREAS)
def test_calibrated_scenario_is_deterministic_and_uses_the_domain(area):
    codes = ["DEU", "FRA", "POL", "TUR", "SYR", "IND", "USA", "MEX", "MCO"]
    a = cal.calibrated_scenario(area, codes=codes)
    b = cal.calibrated_scenario(area, codes=codes)
    assert a == b and a.reach_explicit and a.names == tuple(codes)
    assert np.array_equal(a.reach, a.excludable_reach)
    canonical = {"refugee_protection": gg.refugee_protection, "skilled_labour": gg.skilled_labour,
                 "irregular_migration": gg.irregular_migration}[area]()
    assert a.good == canonical.good
    assert a.benefit.mean() == pytest.approx(1.0) and a.cost.mean() == pytest.approx(1.0)
    expected = {"refugee_protection": lambda: cal.displacement_domain(codes),
                "irregular_migration": lambda: cal.border_domain(codes),
                "skilled_labour": lambda: cal.exchange_domain(codes)}[area]()
    assert np.array_equal(a.reach, expected)


def test_state_parameters_follow_their_formulas():
    codes = ["LBN", "DEU", "USA", "NGA"]
    t = cal.indicators(codes, year=2024)
    s = cal.calibrated_states("refugee_protection", codes=codes, year=2024, benefit_exponent=0.5,
                              cost_exponent=2.0, hosting=1.0, private_benefit=0.3, capacity=2.0)
    b = t["population"] ** 0.5 * (1 + t["hosted"] / t["population"])
    c = t["gdp"] ** -2.0
    assert np.allclose([x.benefit for x in s], b / b.mean())
    assert np.allclose([x.cost for x in s], c / c.mean())
    assert np.allclose([x.capacity for x in s], 2.0 * t["gdp"] / t["gdp"].mean())
    assert {x.private_benefit for x in s} == {0.3}
    eq = cal.calibrated_states("irregular_migration", codes=codes, cost_exponent=0.0)
    assert {x.cost for x in eq} == {1.0}
    lab = cal.calibrated_states("skilled_labour", codes=codes)
    assert [x.role for x in lab] == ["sending", "receiving", "receiving", "sending"]


def test_world_scenarios_cover_the_193_states_unless_asked_to_drop():
    assert cal.calibrated_scenario("irregular_migration").n_states == 193
    assert cal.calibrated_scenario("irregular_migration", missing="drop").n_states == 165
    with pytest.raises(ValidationError, match="missing"):
        cal.calibrated_states("refugee_protection", missing="raise")


def test_mapping_defaults_list_every_keyword():
    for area in cal.AREAS:
        t = cal.mapping_defaults(area)
        assert list(t["name"]) == list(cal.MAPPINGS[area]) and t["meaning"].str.len().min() > 5
        assert {"floor", "benefit_exponent", "cost_exponent"} <= set(t["name"])
    assert "scale" in set(cal.mapping_defaults("irregular_migration")["name"])


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize("call, field, needle", [
    (lambda: cal.displacement_domain(["DEU", "XYZ"]), "codes", "XYZ"),
    (lambda: cal.displacement_domain(["DEU", "GER"]), "codes", "DEU"),     # did you mean
    (lambda: cal.displacement_domain(["DEU", "DEU"]), "codes", "once"),
    (lambda: cal.displacement_domain(["DEU"], kind="refugee"), "kind", "'refugees'"),
    (lambda: cal.displacement_domain(["DEU"], year=1999), "year", "2000-2025"),
    (lambda: cal.displacement_domain(["DEU"], "other_in_need", 2015), "year", "2018"),
    (lambda: cal.displacement_domain(["DEU"], floor=1.5), "floor", "[0.0, 1.0]"),
    (lambda: cal.displacement_domain(["DEU"], measure="jaccard"), "measure", "'overlap'"),
    (lambda: cal.hosting(["DEU"], year=2030), "year", "2025"),
    (lambda: cal.border_domain(["DEU"], scale=0.0), "scale", "(0.0"),
    (lambda: cal.roles(["DEU"], rule="wealth"), "rule", "income_group"),
    (lambda: cal.exchange_gains(["DEU", "FRA"]), "codes", "same role"),
    (lambda: cal.exchange_gains(["DEU", "IND"], distance=-1), "distance", "[0.0, 10.0]"),
    (lambda: cal.calibrated_scenario("refugees"), "area", "refugee_protection"),
    (lambda: cal.calibrated_scenario("skilled_labour", scale=5.0), "scale", "keywords"),
    (lambda: cal.calibrated_scenario("irregular_migration", flor=0.1), "flor", "'floor'"),
    (lambda: cal.indicators(["DEU"], missing="zero"), "missing", "income_group"),
])
def test_errors_name_the_field_the_value_and_what_is_allowed(call, field, needle):
    with pytest.raises(ValidationError) as info:
        call()
    assert info.value.field == field and needle in str(info.value)


@pytest.mark.parametrize("area", cal.AREAS)
def test_calibrated_scenario_permutes_with_its_codes(area):
    codes = ["DEU", "FRA", "POL", "TUR", "SYR", "IND", "USA", "MEX"]
    order = [3, 0, 7, 5, 1, 6, 2, 4]
    a = cal.calibrated_scenario(area, codes=codes)
    b = cal.calibrated_scenario(area, codes=[codes[k] for k in order])
    assert np.allclose(b.reach, a.permuted(order).reach, atol=1e-12)
    assert np.allclose(b.benefit, a.benefit[order]) and np.allclose(b.cost, a.cost[order])
    assert [s.partners for s in b.states] == [
        tuple(sorted(a.states[k].partners, key=[codes[j] for j in order].index)) for k in order]
