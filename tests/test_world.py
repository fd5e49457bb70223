"""The real world: the snapshot of the 193 UN member states and gg.world.

Facts checked against the data name their source: UN M49 (via the OCHA
taxonomy), GeoNames (land neighbours), UN World Population Prospects 2024
(population), Natural Earth v5.1.1 (GDP). See goodsgov/data/SOURCES.md.
"""

from __future__ import annotations

import math
import pickle
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, strategies as st

from goodsgov import world
from goodsgov.errors import ValidationError
from goodsgov.states import State
from pinned_builds import load_build

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "goodsgov" / "data" / "countries.csv"
CODES = sorted(world.countries().index)


def _law_of_cosines_km(lat1, lon1, lat2, lon2):
    """Great-circle distance by the spherical law of cosines (independent of the haversine)."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0088 * math.acos(max(-1.0, min(1.0, c)))


subsets = st.lists(st.sampled_from(CODES), min_size=2, max_size=25, unique=True)


# --- the snapshot ------------------------------------------------------------------------------

def test_snapshot_has_the_193_member_states_once_each():
    t = world.countries()
    assert len(t) == 193
    assert t.index.name == "iso3" and t.index.is_unique
    assert all(len(c) == 3 and c.isupper() for c in t.index)
    assert list(t.index) == sorted(t.index)
    assert t["iso2"].is_unique and t["m49"].is_unique
    assert t.loc["NAM", "iso2"] == "NA"          # Namibia's code is not a missing value


def test_every_m49_grouping_is_filled_in():
    t = world.countries()
    for col in ("name", "region", "subregion"):
        assert (t[col].str.len() > 0).all(), col
    # UN M49: five regions; intermediate regions exist only inside two sub-regions
    assert set(t["region"]) == {"Africa", "Americas", "Asia", "Europe", "Oceania"}
    with_inter = t[t["intermediate_region"] != ""]
    assert set(with_inter["subregion"]) == {"Sub-Saharan Africa", "Latin America and the Caribbean"}
    assert t.groupby("subregion").size().min() >= 1
    # UN M49: 54 African and 35 American member states
    assert (t["region"] == "Africa").sum() == 54 and (t["region"] == "Americas").sum() == 35


def test_neighbour_relation_is_symmetric_among_members():
    t = world.countries()
    for code, nbs in t["neighbours"].items():
        assert isinstance(nbs, tuple) and list(nbs) == sorted(set(nbs))
        assert code not in nbs
        for n in nbs:
            assert n in t.index, (code, n)
            assert code in t.loc[n, "neighbours"], (code, n)


def test_numbers_are_in_range():
    t = world.countries()
    assert (t["population"] > 0).all() and t["population"].dtype.kind == "i"
    assert (t["area_km2"] > 0).all()
    assert t["lat"].between(-90, 90).all() and t["lon"].between(-180, 180).all()
    gdp = t["gdp"]
    assert gdp.isna().sum() == 28 and (gdp.dropna() > 0).all()
    assert t["income_group"].isna().sum() == 1
    assert set(t["income_group"].dropna()) == {"Low income", "Lower middle income",
                                               "Upper middle income", "High income"}


def test_snapshot_is_small_and_columns_are_documented():
    assert CSV.stat().st_size < 100_000
    assert set(world.COLUMNS) == set(world.countries().columns)
    sources = (ROOT / "goodsgov" / "data" / "SOURCES.md").read_text(encoding="utf-8")
    for col in ["iso3", *world.COLUMNS]:
        assert f"`{col}`" in sources, col


def test_build_script_reproduces_the_shipped_csv_byte_for_byte():
    build = load_build("build_world")
    missing = build.missing_sources()
    if missing:
        pytest.skip("pinned source packages not installed (pip install \".[world-build]\"): "
                    + "; ".join(missing))
    assert build.build().encode("utf-8") == CSV.read_bytes()


# --- well-known facts, each against its source -------------------------------------------------

def test_spot_checks():
    t = world.countries()
    # GeoNames land borders
    assert "ESP" in t.loc["FRA", "neighbours"] and "FRA" in t.loc["ESP", "neighbours"]
    assert t.loc["JPN", "neighbours"] == ()
    assert t.loc["LSO", "neighbours"] == ("ZAF",)          # an enclave
    assert t.loc["PRT", "neighbours"] == ("ESP",)
    # UN M49
    assert t.loc["DEU", ["region", "subregion"]].tolist() == ["Europe", "Western Europe"]
    assert t.loc["BRA", "intermediate_region"] == "South America"
    assert t.loc["DEU", "m49"] == "276"
    # UN World Population Prospects 2024, 2025: India, China, then the United States
    pop = t["population"]
    assert pop.nlargest(3).index.tolist() == ["IND", "CHN", "USA"]
    assert pop.idxmin() == "TUV"
    # Natural Earth v5.1.1 GDP (circa 2019): the United States, then China
    assert t["gdp"].nlargest(2).index.tolist() == ["USA", "CHN"]


# --- countries() -------------------------------------------------------------------------------

def test_countries_returns_a_fresh_copy():
    a = world.countries()
    a.loc["DEU", "population"] = -1
    a.loc["FRA", "name"] = "changed"
    a["extra"] = 1
    b = world.countries()
    assert b.loc["DEU", "population"] > 0 and b.loc["FRA", "name"] == "France"
    assert "extra" not in b.columns
    assert world.countries(["DEU"]) is not world.countries(["DEU"])


def test_countries_selects_by_codes_in_order_and_by_region():
    assert list(world.countries(["fra", "DEU", "Jpn"]).index) == ["FRA", "DEU", "JPN"]
    assert list(world.countries("ita").index) == ["ITA"]
    for name, col in [("Europe", "region"), ("Western Europe", "subregion"),
                      ("Caribbean", "intermediate_region")]:
        sel = world.countries(region=name)
        assert len(sel) > 0 and (sel[col] == name).all()
        assert len(sel) == (world.countries()[col] == name).sum()


# --- geography matrices ------------------------------------------------------------------------

def test_distance_of_a_known_pair_matches_the_formula():
    t = world.countries(["FRA", "DEU"])
    d = world.distance_matrix(["FRA", "DEU"]).loc["FRA", "DEU"]
    expected = _law_of_cosines_km(t.loc["FRA", "lat"], t.loc["FRA", "lon"],
                                  t.loc["DEU", "lat"], t.loc["DEU", "lon"])
    assert d == pytest.approx(expected, rel=1e-9)
    assert 500 < d < 1000                 # the two reference points lie some 700 km apart


def test_great_circle_quarter_meridian_and_antipodes():
    assert world.great_circle_km(0, 0, 90, 0) == pytest.approx(math.pi / 2 * 6371.0088, rel=1e-12)
    # antipodes: the haversine is ill-conditioned there, still within a metre
    assert world.great_circle_km(10, 20, -10, -160) == pytest.approx(math.pi * 6371.0088, abs=1e-3)


@given(subsets)
def test_distance_matrix_is_a_metric_on_the_selection(codes):
    d = world.distance_matrix(codes)
    a = d.to_numpy()
    assert list(d.index) == codes == list(d.columns)
    assert np.array_equal(a, a.T) and np.all(np.diag(a) == 0) and np.all(a >= 0)
    # triangle inequality d(i, j) <= d(i, k) + d(k, j), indexed [i, k, j]
    assert np.all(a[:, None, :] <= a[:, :, None] + a[None, :, :] + 1e-6)
    t = world.countries(codes)
    i, j = codes[0], codes[-1]
    assert a[0, -1] == pytest.approx(_law_of_cosines_km(t.loc[i, "lat"], t.loc[i, "lon"],
                                                        t.loc[j, "lat"], t.loc[j, "lon"]),
                                     rel=1e-6, abs=1e-6)


@given(subsets)
def test_neighbours_matrix_is_the_neighbour_column(codes):
    m = world.neighbours_matrix(codes)
    a = m.to_numpy()
    assert a.dtype == bool and np.array_equal(a, a.T) and not a.diagonal().any()
    t = world.countries(codes)
    for x in codes:
        assert set(m.columns[m.loc[x]]) == set(t.loc[x, "neighbours"]) & set(codes)


def test_whole_world_matrices():
    m = world.neighbours_matrix()
    assert m.shape == (193, 193) and int(m.to_numpy().sum()) // 2 == sum(
        len(n) for n in world.countries()["neighbours"]) // 2
    assert world.distance_matrix(region="Oceania").shape == (14, 14)


# --- states() ----------------------------------------------------------------------------------

def test_states_are_goodsgov_states_named_by_code():
    s = world.states(missing="drop")
    assert all(isinstance(x, State) for x in s)
    assert len(s) == 193 - 28
    assert [x.name for x in s] == [c for c in CODES if not math.isnan(world.countries().loc[c, "gdp"])]


@given(subsets)
def test_benefit_and_cost_are_scale_free_ratios_of_the_data(codes):
    s = world.states(countries=codes, missing="drop")
    t = world.countries([x.name for x in s])
    assert [x.name for x in s] == [c for c in codes if c in t.index]
    pop, gdp = t["population"].to_numpy(float), t["gdp"].to_numpy(float)
    np.testing.assert_allclose([x.benefit for x in s], pop / pop.mean(), rtol=1e-12)
    np.testing.assert_allclose([x.cost for x in s], gdp / gdp.mean(), rtol=1e-12)
    assert np.mean([x.benefit for x in s]) == pytest.approx(1.0)
    # the unit does not matter: the same figures in thousands give the same states
    in_thousands = {c: v / 1000 for c, v in t["population"].items()}
    again = world.states(benefit=in_thousands, countries=list(t.index))
    assert [x.benefit for x in again] == pytest.approx([x.benefit for x in s], rel=1e-12)


def test_states_fields_from_numbers_mappings_and_defaults():
    codes = ["DEU", "FRA", "ITA"]
    s = world.states(benefit=2.5, cost=None, capacity="area_km2", private_benefit={
        "DEU": -1.0, "FRA": 0.0, "ITA": 3.0}, countries=codes, normalise=False)
    area = world.countries(codes)["area_km2"]
    assert [x.benefit for x in s] == [2.5] * 3
    assert [x.cost for x in s] == [1.0] * 3
    assert [x.capacity for x in s] == [float(area[c]) for c in codes]
    assert [x.private_benefit for x in s] == [-1.0, 0.0, 3.0]
    only = world.states(benefit="population", cost="population", countries=codes,
                        normalise=["cost"])
    pop = world.countries(codes)["population"]
    assert [x.benefit for x in only] == [float(pop[c]) for c in codes]
    assert sum(x.cost for x in only) == pytest.approx(3.0)
    default = world.states(benefit=None, cost=None, countries=codes)
    assert all(x.capacity == math.inf and x.private_benefit == 0.0 for x in default)


def test_states_regions_groupings_and_mapping():
    codes = ["FRA", "BRA", "NGA", "IND"]
    by = {g: [x.region for x in world.states(countries=codes, regions=g, cost=None)]
          for g in world.GROUPINGS}
    assert by["region"] == ["Europe", "Americas", "Africa", "Asia"]
    assert by["subregion"] == ["Western Europe", "Latin America and the Caribbean",
                               "Sub-Saharan Africa", "Southern Asia"]
    # intermediate region where M49 has one, else the sub-region
    assert by["intermediate_region"] == ["Western Europe", "South America", "Western Africa",
                                         "Southern Asia"]
    mine = {"FRA": "North", "BRA": "South", "NGA": "South", "IND": "North"}
    assert [x.region for x in world.states(countries=codes, regions=mine, cost=None)] == \
        ["North", "South", "South", "North"]


@given(subsets)
def test_partners_from_neighbours_are_mutual_and_inside_the_selection(codes):
    s = world.states(countries=codes, cost=None, partners="neighbours")
    t = world.countries(codes)
    by = {x.name: x for x in s}
    for x in s:
        assert set(x.partners) == set(t.loc[x.name, "neighbours"]) & set(codes)
        for p in x.partners:
            assert x.name in by[p].partners


@given(subsets)
def test_nearest_partners_hold_each_states_nearest_state(codes):
    s = world.states(countries=codes, cost=None, partners="nearest")
    t = world.countries(codes)
    by = {x.name: set(x.partners) for x in s}
    for a in codes:
        dist = {b: _law_of_cosines_km(t.loc[a, "lat"], t.loc[a, "lon"], t.loc[b, "lat"],
                                      t.loc[b, "lon"]) for b in codes if b != a}
        nearest = min(dist.values())
        assert any(abs(dist[b] - nearest) < 1e-6 for b in by[a])
        for b in by[a]:
            assert a in by[b]


def test_partner_mapping_is_made_mutual_and_clipped_to_the_selection():
    s = world.states(countries=["DEU", "FRA", "ITA"], cost=None,
                     partners={"DEU": ["FRA", "ESP"], "ITA": "DEU"})
    assert {x.name: x.partners for x in s} == {"DEU": ("FRA", "ITA"), "FRA": ("DEU",),
                                               "ITA": ("DEU",)}


def test_missing_values_raise_drop_or_take_the_mean():
    with pytest.raises(ValidationError) as err:
        world.states()
    e = err.value
    assert e.field == "cost" and e.value == "gdp"
    assert "28" in e.allowed and "ATG" in e.allowed and "missing='drop'" in e.allowed
    codes = ["DEU", "MLT", "FRA"]          # Malta has no GDP figure in Natural Earth
    dropped = world.states(countries=codes, missing="drop", partners={"DEU": ["MLT", "FRA"]})
    assert [x.name for x in dropped] == ["DEU", "FRA"]
    assert dropped[0].partners == ("FRA",)
    filled = world.states(countries=codes, missing="mean", normalise=False)
    gdp = world.countries(["DEU", "FRA"])["gdp"]
    assert filled[1].cost == pytest.approx(gdp.mean())
    with pytest.raises(ValidationError, match="FRA"):
        world.states(countries=["DEU", "FRA"], benefit={"DEU": 1.0}, cost=None)


# --- validation --------------------------------------------------------------------------------

def test_unknown_codes_are_refused_with_suggestions():
    with pytest.raises(ValidationError) as err:
        world.countries(["DEU", "DEV"])
    assert err.value.field == "countries" and err.value.value == "DEV"
    assert "alpha-3" in str(err.value) and "'DEU'" in str(err.value)
    with pytest.raises(ValidationError, match="'DEU'"):
        world.states(countries=["Germany"])
    with pytest.raises(ValidationError, match="once"):
        world.countries(["DEU", "deu"])
    with pytest.raises(ValidationError, match="at least one"):
        world.countries([])
    with pytest.raises(ValidationError, match="alpha-3"):
        world.distance_matrix(["FRA", 7])
    with pytest.raises(ValidationError, match="not both"):
        world.countries(["FRA"], region="Europe")
    with pytest.raises(ValidationError, match="'Western Europe'"):
        world.countries(region="Westren Europe")


def test_unknown_or_unusable_columns_are_refused():
    with pytest.raises(ValidationError) as err:
        world.states(benefit="populaton")
    assert err.value.field == "benefit" and "did you mean 'population'" in str(err.value)
    with pytest.raises(ValidationError, match="numeric column"):
        world.states(cost="name")
    with pytest.raises(ValidationError, match="numeric column"):
        world.states(capacity=[1.0, 2.0])
    with pytest.raises(ValidationError, match="regions"):
        world.states(regions="continent", cost=None)
    with pytest.raises(ValidationError, match="'nearest'"):
        world.states(partners="nearst", cost=None)
    with pytest.raises(ValidationError, match="missing"):
        world.states(missing="ignore")
    with pytest.raises(ValidationError, match="normalise"):
        world.states(normalise=["benefits"])


def test_a_region_mapping_must_cover_every_state():
    with pytest.raises(ValidationError) as err:
        world.states(countries=["DEU", "FRA", "ITA"], cost=None, regions={"DEU": "A", "FRA": "A"})
    assert err.value.field == "regions"
    assert "without a region" in err.value.allowed and "ITA" in err.value.allowed
    with pytest.raises(ValidationError, match=r"regions\['FRA'\]"):
        world.states(countries=["DEU", "FRA"], cost=None, regions={"DEU": "A", "FRA": " "})
    with pytest.raises(ValidationError, match="alpha-3"):
        world.states(countries=["DEU"], cost=None, regions={"DEU": "A", "XXX": "B"})


def test_negative_zero_or_non_numeric_values_are_refused():
    with pytest.raises(ValidationError) as err:
        world.states(countries=["DEU", "FRA"], benefit={"DEU": -1.0, "FRA": 1.0}, cost=None)
    assert err.value.field == "benefit" and "DEU" in err.value.allowed and ">= 0" in err.value.allowed
    with pytest.raises(ValidationError) as err:
        world.states(region="South America", cost="lon")     # west of Greenwich: negative
    assert err.value.field == "cost" and "> 0" in err.value.allowed and "BRA" in err.value.allowed
    with pytest.raises(ValidationError, match="> 0"):
        world.states(countries=["DEU"], cost={"DEU": 0.0})
    with pytest.raises(ValidationError, match="real number"):
        world.states(countries=["DEU"], cost={"DEU": "high"})
    with pytest.raises(ValidationError, match="finite"):
        world.states(countries=["DEU"], benefit={"DEU": math.inf}, cost=None)
    with pytest.raises(ValidationError, match="itself"):
        world.states(countries=["DEU"], cost=None, partners={"DEU": ["DEU"]})
    with pytest.raises(ValidationError, match="alpha-3"):
        world.states(countries=["DEU"], cost=None, partners={"DEU": ["ZZZ"]})
    with pytest.raises(ValidationError):                  # a number is checked by State itself
        world.states(countries=["DEU"], cost=-2.0)


def test_errors_pickle():
    errors = []
    for call in (lambda: world.countries(["XYZ"]), lambda: world.states(benefit="nope"),
                 lambda: world.states(countries=["DEU", "FRA"], cost=None, regions={"DEU": "A"})):
        with pytest.raises(ValidationError) as err:
            call()
        errors.append(err.value)
    for e in errors:
        again = pickle.loads(pickle.dumps(e))
        assert type(again) is ValidationError and str(again) == str(e)
        assert (again.field, again.value, again.allowed) == (e.field, e.value, e.allowed)
