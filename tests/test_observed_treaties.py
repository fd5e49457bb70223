"""treaty participation of the UN member states (goodsgov.observed.treaties).

Known answers are facts read from the stored sources named next to each one;
counts are checked against the shipped instruments.csv, which the build
script itself checks against the status pages' own counts.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from example_counts import examples

from goodsgov import world
from goodsgov.errors import GoodsgovError, ValidationError
from goodsgov.observed import treaties

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [n for n in treaties.TREATIES if n in set(treaties.instruments().index)]
ADOPTED = {"refugee_convention_1951": 1951, "icrmw_1990": 1990}


def _rows() -> list[dict[str, str]]:
    path = resources.files("goodsgov").joinpath("data", "observed", "treaties.csv")
    with path.open("r", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_shipped_instruments():
    assert SHIPPED == ["refugee_convention_1951", "icrmw_1990"]
    assert set(ADOPTED) == set(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_shape_and_dtypes(name):
    t = treaties.treaty(name)
    assert t.shape == (193, 2)
    assert t.index.name == "iso3"
    assert list(t.index) == list(world.countries().index)
    assert list(t.columns) == ["party", "year"]
    assert t["party"].dtype == bool
    assert str(t["year"].dtype) == "Int64"


@pytest.mark.parametrize("name", SHIPPED)
def test_party_count_matches_the_status_page(name):
    meta = treaties.instruments().loc[name]
    outsiders = [s for s in meta["non_member_parties"].split("; ") if s]
    assert int(treaties.treaty(name)["party"].sum()) == int(meta["parties_listed"]) - len(outsiders)


def test_non_members_counted_but_dropped():
    # Holy See: a party to the 1951 Convention (source row VAT; UNTC counts it in its 146)
    meta = treaties.instruments()
    assert meta.loc["refugee_convention_1951", "non_member_parties"] == "Holy See"
    assert meta.loc["icrmw_1990", "non_member_parties"] == ""


@pytest.mark.parametrize("name", SHIPPED)
def test_years_plausible(name):
    t = treaties.treaty(name)
    status_year = int(treaties.instruments().loc[name, "status_date"][:4])
    years = t.loc[t["party"], "year"]
    assert years.notna().all()
    assert (years >= ADOPTED[name]).all() and (years <= status_year).all()
    assert t.loc[~t["party"], "year"].isna().all()


def test_known_answers_refugee_convention():
    t = treaties.treaty("refugee_convention_1951")
    # UNTC status of chapter V.2 (stored copy, docslib.org/doc/5005851): Afghanistan
    # 30 Aug 2005 a; Australia 22 Jan 1954 a; Austria signed 28 Jul 1951, ratified
    # 1 Nov 1954; Belgium ratified 22 Jul 1953; Brazil ratified 16 Nov 1960;
    # Algeria 21 Feb 1963 d; Colombia ratified 10 Oct 1961.
    expected = {"AFG": 2005, "AUS": 1954, "AUT": 1954, "BEL": 1953, "BRA": 1960,
                "DZA": 1963, "COL": 1961}
    for code, year in expected.items():
        assert t.loc[code, "party"] and t.loc[code, "year"] == year, code
    # South Sudan acceded 10 Dec 2018 (source row SSD), the latest action in the source
    assert t.loc["SSD", "year"] == 2018
    # not in the list of 146 parties: the United States (party to the 1967 Protocol only), India
    assert not t.loc["USA", "party"] and not t.loc["IND", "party"]
    actions = {(r["instrument"], r["iso3"]): r["action"] for r in _rows()}
    # UNTC "Signatories: 19": every signatory ratified; 18 are UN members, the 19th is
    # the Holy See (source row VAT, signed 21 May 1952), dropped here
    ratified = [k for k, v in actions.items() if k[0] == "refugee_convention_1951"
                and v == "ratification"]
    assert len(ratified) == 18
    assert actions[("refugee_convention_1951", "AUT")] == "ratification"
    assert actions[("refugee_convention_1951", "DZA")] == "accession_or_succession"
    assert actions[("refugee_convention_1951", "AFG")] == "accession_or_succession"


def test_known_answers_icrmw():
    t = treaties.treaty("icrmw_1990")
    # source rows, the same years in world-politics-datalab hr_status_icmw.csv (from UNTC, 2022):
    # Mexico ratified 8 Mar 1999, Philippines 5 Jul 1995, Chad 22 Feb 2022
    assert t.loc["MEX", "year"] == 1999 and t.loc["PHL", "year"] == 1995
    assert t.loc["TCD", "year"] == 2022
    # Malawi 23 Sep 2022 (source row MWI), the latest action in the source
    assert t.loc["MWI", "year"] == 2022
    # corrected: UN Geneva (April 2018) says Saint Vincent and the Grenadines became a
    # party in October 2010 (the source codes 2005)
    assert t.loc["VCT", "year"] == 2010
    # Armenia only signed (26 Sep 2013): not a party; Germany neither signed nor joined
    assert not t.loc["ARM", "party"] and not t.loc["DEU", "party"]


def test_corrections_are_noted():
    notes = {(r["instrument"], r["iso3"]): r["note"] for r in _rows() if r["note"]}
    assert set(notes) == {("icrmw_1990", "VCT")}
    assert "ungeneva.org" in notes[("icrmw_1990", "VCT")]


def test_rows_sorted_and_unique():
    keys = [(r["instrument"], r["iso3"]) for r in _rows()]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_bad_name_suggests_close_match():
    with pytest.raises(ValidationError, match="refugee_convention_1951"):
        treaties.treaty("refugee_conventon_1951")
    with pytest.raises(ValidationError, match="icrmw_1990"):
        treaties.treaty("icrmw1990")
    with pytest.raises(ValidationError):
        treaties.treaty(None)


@pytest.mark.parametrize("name", [n for n in treaties.TREATIES if n not in SHIPPED])
def test_unshipped_raise_library_error(name):
    with pytest.raises(treaties.TreatyNotShipped, match="not shipped") as info:
        treaties.treaty(name)
    assert isinstance(info.value, GoodsgovError)


@settings(max_examples=examples(5 / 6), deadline=None)
@given(st.text(max_size=30))
def test_any_name_is_a_table_or_a_library_error(name):
    try:
        t = treaties.treaty(name)
    except GoodsgovError:
        return
    assert name in SHIPPED and len(t) == 193


def test_results_are_copies():
    t = treaties.treaty("refugee_convention_1951")
    t.loc["USA", "party"] = True
    t.loc["AFG", "year"] = 1900
    again = treaties.treaty("refugee_convention_1951")
    assert not again.loc["USA", "party"] and again.loc["AFG", "year"] == 2005
    assert list(again.columns) == ["party", "year"]
    meta = treaties.instruments()
    meta.loc["icrmw_1990", "parties_listed"] = 0
    assert treaties.instruments().loc["icrmw_1990", "parties_listed"] == 58


def test_catalogue_rows():
    assert [d["name"] for d in treaties.DATASETS] == list(treaties.TREATIES)
    keys = {"name", "area", "description", "source", "version", "licence", "records"}
    for d in treaties.DATASETS:
        assert set(d) == keys
        assert d["area"] in ("refugee_protection", "labour_migration")
        shipped = d["name"] in SHIPPED
        assert (d["records"] > 0) == shipped
        if shipped:
            assert d["records"] == int(treaties.treaty(d["name"])["party"].sum())
    assert treaties.TREATIES == tuple(treaties.TREATIES) and len(set(treaties.TREATIES)) == 6


def test_build_check_passes():
    script = ROOT / "tools" / "build_observed_treaties.py"
    if not (ROOT / "tools" / "sources" / "treaties_globalgov_huggo_mem.csv").exists():
        pytest.skip("the build source is not in this checkout")
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
