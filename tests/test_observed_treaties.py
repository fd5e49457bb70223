"""treaty participation of the UN member states (goodsgov.observed.treaties).

Known answers are facts read from the stored sources named next to each one;
counts are checked against the shipped instruments.csv, which the build
script itself checks against the status pages' own counts.
"""

from __future__ import annotations

import csv
import importlib.util
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
ADOPTED = {"refugee_convention_1951": 1951, "refugee_protocol_1967": 1967, "icrmw_1990": 1990}
BUILD = ROOT / "tools" / "build_observed_treaties.py"
PROTOCOL_SOURCE = ROOT / "tools" / "sources" / "treaties_untc_v5_protocol_1967.csv"


def _rows() -> list[dict[str, str]]:
    path = resources.files("goodsgov").joinpath("data", "observed", "treaties.csv")
    with path.open("r", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_shipped_instruments():
    assert SHIPPED == ["refugee_convention_1951", "refugee_protocol_1967", "icrmw_1990"]
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
    # Holy See: acceded to the Protocol 8 Jun 1967 (UNTC V.5 table); UNTC counts it in its 147
    assert meta.loc["refugee_protocol_1967", "non_member_parties"] == "Holy See"
    assert meta.loc["icrmw_1990", "non_member_parties"] == ""


def test_every_party_is_a_un_member():
    members = set(world.countries().index)
    for r in _rows():
        assert r["iso3"] in members, r


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


def test_known_answers_refugee_protocol():
    t = treaties.treaty("refugee_protocol_1967")
    # UNTC V.5 status page as at 19-03-2024 (stored copy): Afghanistan 30 Aug 2005 a, Algeria
    # 8 Nov 1967 a, Australia 13 Dec 1973 a, Bosnia and Herzegovina 1 Sep 1993 d, Cabo Verde
    # 9 Jul 1987 a; the 147-party status PDF: Croatia 12 Oct 1992 d, Djibouti 9 Aug 1977 d;
    # UNHCR Global Appeal 2021 Update annex: Sweden 1967, Turkey 1968, Samoa 1994
    expected = {"AFG": 2005, "DZA": 1967, "AUS": 1973, "BIH": 1993, "CPV": 1987, "HRV": 1992,
                "DJI": 1977, "SWE": 1967, "TUR": 1968, "WSM": 1994}
    for code, year in expected.items():
        assert t.loc[code, "party"] and t.loc[code, "year"] == year, code
    actions = {r["iso3"]: r["action"] for r in _rows() if r["instrument"] == "refugee_protocol_1967"}
    assert actions["BIH"] == actions["HRV"] == actions["DJI"] == "succession"
    assert actions["AFG"] == actions["CPV"] == "accession"
    # the Protocol was open to accession only: no party ratified it
    assert set(actions.values()) == {"accession", "succession", "accession_or_succession"}
    # South Sudan: the one party after the 2015 table (UNHCR annex: 2018); 146 + 1 = 147
    assert actions["SSD"] == "accession_or_succession" and t.loc["SSD", "year"] == 2018
    # neither in the UNTC table nor in the UNHCR annex row ("Saint Kitts and Nevis 2002": the
    # Convention only; "Thailand": no year)
    assert not t.loc["KNA", "party"] and not t.loc["THA", "party"] and not t.loc["IND", "party"]


def test_convention_protocol_overlap():
    conv = treaties.treaty("refugee_convention_1951")["party"]
    prot = treaties.treaty("refugee_protocol_1967")["party"]
    # UN members party to one instrument only: the Convention without the Protocol (Madagascar,
    # Saint Kitts and Nevis), the Protocol without the Convention (Cabo Verde, United States,
    # Venezuela); the Holy See, the one non-member party, is party to both
    assert sorted(conv.index[conv & ~prot]) == ["KNA", "MDG"]
    assert sorted(prot.index[prot & ~conv]) == ["CPV", "USA", "VEN"]
    assert int((conv & prot).sum()) == 143 and int((conv | prot).sum()) == 148
    # with the Holy See, 149 states are party to one or both instruments
    meta = treaties.instruments()
    assert {meta.loc[n, "non_member_parties"] for n in ("refugee_convention_1951",
                                                        "refugee_protocol_1967")} == {"Holy See"}


def test_corrections_are_noted():
    notes = {(r["instrument"], r["iso3"]): r["note"] for r in _rows() if r["note"]}
    assert set(notes) == {("icrmw_1990", "VCT"), ("refugee_protocol_1967", "SSD")}
    assert "ungeneva.org" in notes[("icrmw_1990", "VCT")]
    assert "UNHCR" in notes[("refugee_protocol_1967", "SSD")]


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


def _sources_here():
    if not (BUILD.exists() and PROTOCOL_SOURCE.exists()):
        pytest.skip("the build script or its sources are not in this checkout")


def test_build_check_passes():
    _sources_here()
    done = subprocess.run([sys.executable, str(BUILD), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def build_module():
    _sources_here()
    spec = importlib.util.spec_from_file_location("_build_observed_treaties", BUILD)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _edited_protocol(build_module, tmp_path, edit):
    """Point the build at a copy of the Protocol source with one line edited."""
    lines = PROTOCOL_SOURCE.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / PROTOCOL_SOURCE.name
    path.write_text("".join(edit(lines)), encoding="utf-8")
    build_module.PROTOCOL_SOURCE = path


@pytest.mark.parametrize("edit, message", [
    # a party of the 2015 table dropped: 146 found, the page states 147
    (lambda ls: [x for x in ls if not x.startswith("untc_2015,Zambia,")], "the status page states 147"),
    # a date the 2024 status page gives differently from the table
    (lambda ls: [x.replace("untc_2024,Belize,27 Jun 1990", "untc_2024,Belize,27 Jun 1991")
                 for x in ls], "Belize"),
    # a row of the table inside the stretch the later readings cover, missing from them
    (lambda ls: [x for x in ls if not x.startswith("untc_2024,Bahamas,")], "skip rows"),
    # an addition that should already be in the 2015 table
    (lambda ls: [x.replace("unhcr_2020,South Sudan,2018", "unhcr_2020,South Sudan,2011")
                 for x in ls], "South Sudan"),
])
def test_build_stops_when_a_check_fails(build_module, tmp_path, edit, message):
    build_module.build()                                      # the shipped sources pass
    _edited_protocol(build_module, tmp_path, edit)
    with pytest.raises(build_module.SourceError, match=message):
        build_module.build()


def test_build_cross_checks_the_convention(build_module, tmp_path):
    # the 2015 UNTC table of the Convention must agree with the shipped (globalgov) years
    src = build_module.CONVENTION_SCRAPE.read_text(encoding="utf-8")
    path = tmp_path / "scrape.csv"
    path.write_text(src.replace("Australia,,22 Jan 1954 a", "Australia,,22 Jan 1955 a"),
                    encoding="utf-8")
    build_module.CONVENTION_SCRAPE = path
    with pytest.raises(build_module.SourceError, match="Australia"):
        build_module.build()


@pytest.fixture(scope="module")
def world_refugee_prediction():
    import goodsgov as gg
    return gg.predict_governance(gg.refugee_protection(states="world"))


def test_protocol_is_a_validation_target(world_refugee_prediction):
    import goodsgov as gg
    from goodsgov.observed.validation import targets
    assert targets()["refugee_protocol_1967"] == "state"
    prot = treaties.treaty("refugee_protocol_1967")
    v = gg.validate(world_refugee_prediction, against="refugee_protocol_1967")
    assert v.table["observed"].equals(prot["party"].rename("observed"))
    m = v.metrics.set_index("metric")
    assert m.loc["observed", "model"] == int((prot["party"] & v.table["scored"]).sum())
    # by a year: parties by the end of 1970 only
    early = gg.validate(world_refugee_prediction, against="refugee_protocol_1967", year=1970)
    assert early.table["observed"].sum() == int((prot["party"] & (prot["year"] <= 1970)).sum())
    with pytest.raises(ValidationError, match="must be within 1967-2024"):
        gg.validate(world_refugee_prediction, against="refugee_protocol_1967", year=2025)


def test_refugee_instruments_is_either_instrument(world_refugee_prediction):
    import goodsgov as gg
    conv = treaties.treaty("refugee_convention_1951")
    prot = treaties.treaty("refugee_protocol_1967")
    v = gg.validate(world_refugee_prediction, against="refugee_instruments")
    either = conv["party"] | prot["party"]
    assert v.table["observed"].equals(either.rename("observed")) and int(either.sum()) == 148
    # the year of the first of the two instruments a state joined (USA: the Protocol, 1968)
    assert v.table.loc["USA", "year"] == 1968 and v.table.loc["AUS", "year"] == 1954
