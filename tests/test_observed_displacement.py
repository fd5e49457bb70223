"""goodsgov.observed.refugees, UNHCR stocks by year x origin x asylum (2000-2025).

Reference totals were computed from UNHCR's ``refugees`` R package
(github.com/PopulationStatistics/refugees, version 2025.12.1, commit 0c16a6d,
data/population.rda) with rdata 1.1.0: per year, the sum over every row of the
source (all countries and territories of asylum), and the rows of territories of
asylum that are not UN member states (dropped from the shipped file).
"""

import gzip
import importlib
import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pinned_builds import load_build, skip_unless_fetched, skip_unless_rebuild_asked
from hypothesis import given
from hypothesis import strategies as st

import goodsgov.world as world
from goodsgov.errors import ValidationError

# the module
R = importlib.import_module("goodsgov.observed.displacement")

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "build_observed_refugees.py"
MEMBERS = sorted(world.countries().index)

#: year -> (refugees, asylum_seekers, other_in_need): whole source / shipped (member asylum)
SOURCE = {2000: (12129079, 947322, 0), 2018: (20359553, 3501629, 2592947),
          2025: (28461306, 8998097, 7177473)}
SHIPPED = {2000: (12128099, 947281, 0), 2018: (20359282, 3500853, 2551659),
           2025: (28460986, 8997915, 7159100)}
#: non-member territories of asylum in the source, 2000-2025 (dropped)
DROPPED_ASYLUM = {"ABW", "AIA", "CUW", "CYM", "HKG", "MAC", "MSR", "SXM", "TCA", "VGB"}


def test_shape_and_types():
    table = R.refugees()
    assert list(table.columns) == list(R.COLUMNS) and len(table) == R.DATASETS[0]["records"]
    assert all(table[c].dtype == np.int64 for c in ("year", *R.COUNTS))
    assert table["year"].min() == R.FIRST_YEAR and table["year"].max() == R.LAST_YEAR
    assert sorted(table["year"].unique()) == list(range(R.FIRST_YEAR, R.LAST_YEAR + 1))
    assert (table[list(R.COUNTS)] >= 0).all().all()
    assert (table[list(R.COUNTS)].sum(axis=1) > 0).all()        # only non-zero pairs
    assert not table.duplicated(["year", "origin", "asylum"]).any()
    keys = list(zip(table["year"], table["origin"], table["asylum"]))
    assert keys == sorted(keys)


def test_codes():
    table = R.refugees()
    assert set(table["asylum"]) <= set(MEMBERS)
    assert not set(table["asylum"]) & DROPPED_ASYLUM
    non_members = set(table["origin"]) - set(MEMBERS)
    assert non_members == set(R.NON_MEMBER_ORIGINS)
    assert {"XXA", "UNK", "PSE", "TIB"} <= non_members
    assert set(MEMBERS) <= set(table["origin"])                # every member is an origin


@pytest.mark.parametrize("year", sorted(SHIPPED))
def test_year_totals_as_in_the_source(year):
    sums = R.refugees(year)[list(R.COUNTS)].sum()
    assert tuple(int(v) for v in sums) == SHIPPED[year]
    # what is dropped (non-member territories of asylum) is small
    for shipped, source in zip(SHIPPED[year], SOURCE[year]):
        assert shipped <= source and source - shipped <= 0.02 * max(source, 1)


def test_other_in_need_begins_in_2018():
    table = R.refugees()
    by_year = table.groupby("year")["other_in_need"].sum()
    assert (by_year.loc[:2017] == 0).all() and (by_year.loc[2018:] > 0).all()


def test_known_stock():
    # in the data, Turkiye hosts more Syrian refugees than any other state at end-2015
    syria = R.refugees(2015, origin="SYR").set_index("asylum")["refugees"]
    assert syria.idxmax() == "TUR" and int(syria["TUR"]) > 2_000_000


@given(st.lists(st.integers(R.FIRST_YEAR, R.LAST_YEAR), min_size=1, max_size=4),
       st.lists(st.sampled_from(["SYR", "AFG", "UKR", "XXA", "UNK", "ven"]), min_size=1,
                max_size=3))
def test_filters_equal_a_plain_selection(years, origins):
    got = R.refugees(years, origin=origins)
    full = R.refugees()
    want = full[full["year"].isin(years) & full["origin"].isin([o.upper() for o in origins])]
    pd.testing.assert_frame_equal(got, want.reset_index(drop=True))


def test_year_accepts_ints_and_iterables():
    a = R.refugees(2010)
    b = R.refugees(np.int64(2010))
    c = R.refugees(range(2010, 2011))
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)
    assert set(R.refugees((y for y in (2001, 2003)))["year"]) == {2001, 2003}


def test_member_without_anyone_gives_an_empty_frame():
    # Brunei Darussalam hosts no one in the data
    empty = R.refugees(asylum="BRN")
    assert len(empty) == 0 and list(empty.columns) == list(R.COLUMNS)


@pytest.mark.parametrize("bad", [1999, 2026, [2000, 1950], True, "2000", 2000.0, [], object()])
def test_bad_years(bad):
    with pytest.raises(ValidationError, match=r"year = .* is invalid: must be a year \(integer\) "
                                              r"in 2000-2025"):
        R.refugees(bad)


def test_bad_codes_suggest_close_matches():
    with pytest.raises(ValidationError, match=r"origin = 'SYRR' is invalid.*did you mean 'SYR'"):
        R.refugees(origin="SYRR")
    with pytest.raises(ValidationError, match=r"asylum = 'Germany' is invalid.*did you mean 'DEU'"):
        R.refugees(asylum="Germany")
    with pytest.raises(ValidationError, match=r"asylum = 'HKG' is invalid: must be the ISO3 code of "
                                              r"a UN member state"):
        R.refugees(asylum="HKG")
    with pytest.raises(ValidationError, match="origin = 3 is invalid"):
        R.refugees(origin=["SYR", 3])
    with pytest.raises(ValidationError, match="asylum = 5 is invalid"):
        R.refugees(asylum=5)


def test_copies_are_handed_out():
    first = R.refugees(2020)
    first["refugees"] = -1
    assert (R.refugees(2020)["refugees"] > -1).all()
    h = R.hosted(2020)
    h[:] = 0
    assert R.hosted(2020).sum() > 0


@pytest.mark.parametrize("year", sorted(SHIPPED))
def test_hosted(year):
    h = R.hosted(year)
    assert h.name == "hosted" and h.index.name == "iso3" and list(h.index) == MEMBERS
    assert h.dtype == np.int64 and (h >= 0).all()
    assert int(h.sum()) == sum(SHIPPED[year])
    assert h["BRN"] == 0


def test_hosted_per_state_equals_its_rows():
    rows = R.refugees(2024, asylum="DEU")
    assert R.hosted(2024)["DEU"] == int(rows[list(R.COUNTS)].to_numpy().sum())


@pytest.mark.parametrize("bad", [1999, [2024], "2024", None, True])
def test_hosted_bad_year(bad):
    with pytest.raises(ValidationError, match="year = .* is invalid"):
        R.hosted(bad)


def test_the_shipped_file_is_deterministic_gzip():
    data = resources.files("goodsgov").joinpath("data", "observed", "refugees.csv.gz").read_bytes()
    assert data[:2] == b"\x1f\x8b" and data[4:8] == b"\0\0\0\0"   # mtime 0
    assert data[3] & 0x08 == 0                                    # no file name stored
    assert len(data) <= 3 * 2**20
    header = gzip.decompress(data).decode("utf-8").split("\n", 1)[0]
    assert header == ",".join(R.COLUMNS)


def test_datasets_entry():
    (entry,) = R.DATASETS
    assert set(entry) == {"name", "area", "description", "source", "version", "licence", "records"}
    assert entry["licence"] == "CC BY 4.0" and "UNHCR" in entry["source"]
    assert entry["records"] == len(R.refugees())


def test_pinned_source_file_is_present_when_fetched():
    build = load_build("build_observed_refugees")
    skip_unless_fetched(build)
    for rel, blob in build.BLOBS.items():
        assert build.blob_hash(build.SOURCE.read(build.DEFAULT_SOURCE, rel)) == blob


def test_build_check():
    build = load_build("build_observed_refugees")
    skip_unless_fetched(build)
    skip_unless_rebuild_asked("about half a minute (rdata parses 139k rows)")
    done = subprocess.run([sys.executable, str(TOOL), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # the source's own year totals (all territories of asylum), recomputed
    table = build.SOURCE.read_rda(build.SOURCE.read(build.DEFAULT_SOURCE, "data/population.rda"),
                           "population")
    for year, totals in SOURCE.items():
        rows = table[table["year"] == year]
        got = tuple(int(rows[c].astype("float64").fillna(0).sum())
                    for c in build.COUNTS.values())
        assert got == totals
