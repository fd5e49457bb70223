"""Bilateral labour agreements: goodsgov.observed.labour.

goodsgov ships no copy of the Chilton & Posner (2018) / Chilton & Woda (2022)
dataset (no redistribution licence could be verified); these tests read small
synthetic files written here, in the dataset's own layout and in the plain
ISO3 layout.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from goodsgov import world
from goodsgov.errors import GoodsgovError, ValidationError
from goodsgov.observed import labour
from goodsgov.observed.labour import LabourDataMissing, labour_agreements

CODES = sorted(world.countries().index)


def write(tmp_path, text, name="blas.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_no_path_says_where_to_get_the_data():
    with pytest.raises(LabourDataMissing) as info:
        labour_agreements()
    assert isinstance(info.value, GoodsgovError) and isinstance(info.value, FileNotFoundError)
    for url in labour.SOURCE_URLS:
        assert url in str(info.value)


def test_missing_file_is_the_same_error(tmp_path):
    with pytest.raises(LabourDataMissing, match="no such file"):
        labour_agreements(tmp_path / "absent.csv")


def test_directory_is_refused(tmp_path):
    with pytest.raises(ValidationError, match="regular file"):
        labour_agreements(tmp_path)


def test_dataset_layout_names_and_dates(tmp_path):
    path = write(tmp_path, "treatyID,countryA,countryB,datesigned,ratified\n"
                           "1,Germany,Turkey,10/30/1961,\n"
                           "2,Saudi Arabia,Philippines,5/23/2013,\n"
                           "3,Ivory Coast,Cape Verde,1/2/1990,\n"
                           "4,South Korea,Viet Nam,2004-08-17,\n")
    out = labour_agreements(path)
    assert list(out.columns) == ["iso3_a", "iso3_b", "year"]
    assert str(out["year"].dtype) == "int64"
    assert out.to_dict("records") == [
        {"iso3_a": "CIV", "iso3_b": "CPV", "year": 1990},
        {"iso3_a": "DEU", "iso3_b": "TUR", "year": 1961},
        {"iso3_a": "KOR", "iso3_b": "VNM", "year": 2004},
        {"iso3_a": "PHL", "iso3_b": "SAU", "year": 2013},
    ]
    assert out.attrs["dropped"].empty


def test_iso3_layout_any_case_and_tab_separated(tmp_path):
    path = write(tmp_path, "ISO3_A\tiso3_b\tYear\ntur\tDEU\t1961\nPHL\tSAU\t2013.0\n",
                 name="blas.tab")
    out = labour_agreements(path)
    assert out.values.tolist() == [["DEU", "TUR", 1961], ["PHL", "SAU", 2013]]


def test_stata_file(tmp_path):
    path = tmp_path / "blas.dta"
    pd.DataFrame({"countryA": ["Germany"], "countryB": ["Morocco"],
                  "datesigned": ["5/21/1963"]}).to_stata(path, write_index=False)
    assert labour_agreements(path).values.tolist() == [["DEU", "MAR", 1963]]


@pytest.mark.parametrize("header", ["a,b,year", "iso3_a,year", "countryA,countryB,signed"])
def test_missing_columns_are_named(tmp_path, header):
    path = write(tmp_path, header + "\nDEU,TUR,1961\n")
    with pytest.raises(ValidationError, match="columns"):
        labour_agreements(path)


def test_unknown_code_names_column_row_and_close_matches(tmp_path):
    path = write(tmp_path, "iso3_a,iso3_b,year\nGER,TUR,1961\n")
    with pytest.raises(ValidationError) as info:
        labour_agreements(path)
    message = str(info.value)
    assert info.value.field == "iso3_a" and "GER" in message
    assert "row 2" in message and "DEU" in message       # Germany suggested


def test_historical_state_is_refused_or_dropped(tmp_path):
    path = write(tmp_path, "countryA,countryB,datesigned\n"
                           "West Germany,Yugoslavia,10/12/1968\nFrance,Morocco,6/1/1963\n")
    with pytest.raises(ValidationError, match="West Germany"):
        labour_agreements(path)
    out = labour_agreements(path, on_invalid="drop")
    assert out.values.tolist() == [["FRA", "MAR", 1963]]
    dropped = out.attrs["dropped"]
    assert dropped[["row", "column", "value"]].values.tolist() == [[2, "countryA", "West Germany"]]


def test_missing_year(tmp_path):
    path = write(tmp_path, "countryA,countryB,datesigned\nFrance,Morocco,\nFrance,Tunisia,1963\n")
    with pytest.raises(ValidationError, match="no year"):
        labour_agreements(path)
    out = labour_agreements(path, on_invalid="drop")               # a bare year is accepted
    assert out.values.tolist() == [["FRA", "TUN", 1963]]
    assert out.attrs["dropped"]["column"].tolist() == ["datesigned"]


def test_self_dyad(tmp_path):
    path = write(tmp_path, "iso3_a,iso3_b,year\nFRA,fra,1990\nFRA,MAR,1963\n")
    with pytest.raises(ValidationError, match="self-dyad"):
        labour_agreements(path)
    assert labour_agreements(path, on_invalid="drop").values.tolist() == [["FRA", "MAR", 1963]]


def test_duplicates(tmp_path):
    path = write(tmp_path, "iso3_a,iso3_b,year\nFRA,MAR,1963\nMAR,FRA,1963\nFRA,MAR,1970\n")
    assert len(labour_agreements(path)) == 3                       # two agreements in 1963
    assert labour_agreements(path, duplicates="drop").values.tolist() == [
        ["FRA", "MAR", 1963], ["FRA", "MAR", 1970]]
    with pytest.raises(ValidationError, match="duplicates"):
        labour_agreements(path, duplicates="raise")


def test_repeated_treaty_id_is_one_agreement(tmp_path):
    path = write(tmp_path, "treatyID,countryA,countryB,datesigned\n"
                           "7,France,Morocco,6/1/1963\n7,France,Morocco,6/1/1963\n"
                           "8,France,Morocco,6/1/1963\n")
    assert len(labour_agreements(path)) == 2


@pytest.mark.parametrize("kwargs", [{"on_invalid": "ignore"}, {"duplicates": "merge"},
                                    {"on_invalid": None}])
def test_bad_options(tmp_path, kwargs):
    path = write(tmp_path, "iso3_a,iso3_b,year\nFRA,MAR,1963\n")
    with pytest.raises(ValidationError):
        labour_agreements(path, **kwargs)


def test_datasets_row_says_user_supplied():
    (row,) = labour.DATASETS
    assert set(row) == {"name", "area", "description", "source", "version", "licence", "records"}
    assert row["records"] == 0 and row["version"] == "user-supplied"


dyads = st.lists(st.tuples(st.sampled_from(CODES), st.sampled_from(CODES),
                           st.integers(1945, 2025)).filter(lambda t: t[0] != t[1]),
                 max_size=30)


@given(dyads, st.randoms(use_true_random=False))
def test_orientation_free_and_one_row_per_agreement(tmp_path_factory, rows, rnd):
    path = tmp_path_factory.mktemp("h") / "d.csv"
    text = "iso3_a,iso3_b,year\n" + "".join(f"{a},{b},{y}\n" for a, b, y in rows)
    path.write_text(text)
    out = labour_agreements(path)
    assert len(out) == len(rows)
    assert (out["iso3_a"] < out["iso3_b"]).all()
    assert out.equals(out.sort_values(["iso3_a", "iso3_b", "year"]).reset_index(drop=True))
    swapped = [(b, a, y) if rnd.random() < 0.5 else (a, b, y) for a, b, y in rows]
    path.write_text("iso3_b,iso3_a,year\n" + "".join(f"{a},{b},{y}\n" for a, b, y in swapped))
    assert labour_agreements(path).equals(out)
