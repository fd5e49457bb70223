"""Observed memberships of regional bodies: goodsgov.observed.bodies.

The shipped tables are transcriptions of official (or IOM, government or
dated press) member lists; every page is named in bodies.csv and
goodsgov/data/observed/SOURCES.md. Cross-body properties below compare lists
read from *different* sources, so a transcription slip in one shows up.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from goodsgov import world
from goodsgov.errors import ValidationError
from goodsgov.observed import bodies

ROOT = Path(__file__).resolve().parent.parent
CODES = set(world.countries().index)


def _build():
    spec = importlib.util.spec_from_file_location(
        "build_observed_bodies", ROOT / "tools" / "build_observed_bodies.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def members(kind: str, body: str) -> set[str]:
    table = bodies.memberships(kind)
    return set(table.loc[table["body"] == body, "iso3"])


@pytest.mark.parametrize("kind", bodies.KINDS)
def test_table_shape_and_types(kind):
    table = bodies.memberships(kind)
    assert list(table.columns) == ["body", "iso3", "since"]
    assert str(table["since"].dtype) == "Int64"
    assert not table.empty
    assert not table.duplicated(["body", "iso3"]).any()
    assert set(table["iso3"]) <= CODES                      # UN member states only
    assert table.equals(table.sort_values(["body", "iso3"]).reset_index(drop=True))
    years = table["since"].dropna()
    assert ((years >= 1945) & (years <= 2026)).all()


def test_every_listed_body_has_members_and_metadata():
    meta = bodies.bodies()
    assert list(meta.columns) == ["kind", "body", "name", "source", "reference", "as_of",
                                  "members_listed"]
    assert not meta.duplicated(["kind", "body"]).any()
    for kind in bodies.KINDS:
        shipped = bodies.memberships(kind).groupby("body").size()
        listed = meta[meta["kind"] == kind].set_index("body")["members_listed"]
        assert set(shipped.index) == set(listed.index)
        # the page may list members that are not UN member states; never fewer
        assert (listed.loc[shipped.index] >= shipped).all()
        assert meta.loc[meta["kind"] == kind, "reference"].str.startswith("http").all()


def test_bodies_filter_and_copies():
    assert set(bodies.bodies("rcp")["kind"]) == {"rcp"}
    first = bodies.memberships("rec")
    first.loc[0, "iso3"] = "XXX"
    assert "XXX" not in set(bodies.memberships("rec")["iso3"])
    meta = bodies.bodies()
    meta.loc[0, "name"] = "changed"
    assert "changed" not in set(bodies.bodies()["name"])


@pytest.mark.parametrize("bad, hint", [("rpc", "'rcp'"), ("REC", "'rec'"), ("recs", "'rec'")])
def test_bad_kind_is_refused_with_close_matches(bad, hint):
    with pytest.raises(ValidationError, match="kind") as info:
        bodies.memberships(bad)
    assert hint in str(info.value)
    with pytest.raises(ValidationError):
        bodies.bodies(bad)


@given(st.one_of(st.none(), st.integers(), st.floats(), st.lists(st.text(max_size=3))))
def test_non_string_kind_is_refused(bad):
    with pytest.raises(ValidationError):
        bodies.memberships(bad)


def test_known_sizes():
    # sizes stated by the sources themselves (europa.eu, IOM, ADD, RCM, ANSA, ...)
    expected = {("rec", "EU"): 27, ("rec", "Schengen"): 29, ("rec", "GCC"): 6,
                ("rec", "IGAD"): 8, ("rec", "EAC"): 8, ("rec", "SADC"): 16,
                ("rec", "ASEAN"): 11, ("rec", "ECOWAS"): 12, ("rcp", "RCM"): 11,
                ("rcp", "SACM"): 12, ("rcp", "MIDSA"): 16, ("rcp", "ADD"): 18,
                ("rcp", "Almaty"): 6, ("rcp", "Colombo"): 12}
    for (kind, body), n in expected.items():
        assert len(members(kind, body)) == n, body


def test_schengen_against_eu():
    # ANSA (31 Dec 2024): 25 of the 27 EU states (not Cyprus, not Ireland) + ISL, LIE, NOR, CHE;
    # the EU list itself comes from europa.eu
    eu, schengen = members("rec", "EU"), members("rec", "Schengen")
    assert eu - schengen == {"CYP", "IRL"}
    assert schengen - eu == {"ISL", "LIE", "NOR", "CHE"}


def test_lists_from_different_sources_agree():
    # MIDSA is the dialogue of SADC member states (IOM page vs. TRT report)
    assert members("rcp", "MIDSA") == members("rec", "SADC")
    # the ADD's countries of origin are Colombo Process countries, its destinations include the GCC
    add = members("rcp", "ADD")
    assert members("rec", "GCC") <= add
    assert add - members("rec", "GCC") - {"MYS"} <= members("rcp", "Colombo")
    # South American blocs inside the South American Conference on Migration (IOM)
    assert members("rec", "CAN") | members("rec", "MERCOSUR") <= members("rcp", "SACM")
    # Central America: every SICA member sits in the Puebla Process (RCM portal)
    assert members("rec", "SICA") <= members("rcp", "RCM")
    # West Africa: current ECOWAS members are all in MIDWA
    assert members("rec", "ECOWAS") <= members("rcp", "MIDWA")
    assert members("rcp", "MIDWA") - members("rec", "ECOWAS") == {"BFA", "MLI", "NER"}


def test_accession_years_where_stated():
    eu = bodies.memberships("rec").query("body == 'EU'").set_index("iso3")["since"]
    assert eu["FRA"] == 1958 and eu["HRV"] == 2013 and eu["POL"] == 2004
    assert eu.notna().all()
    schengen = bodies.memberships("rec").query("body == 'Schengen'").set_index("iso3")["since"]
    assert schengen["BGR"] == 2025 and pd.isna(schengen["FRA"])   # not stated: missing


def test_datasets_catalogue():
    assert {d["name"] for d in bodies.DATASETS} == {"memberships_rcp", "memberships_rec"}
    for row in bodies.DATASETS:
        assert set(row) == {"name", "area", "description", "source", "version", "licence",
                            "records"}
        assert row["area"] == "irregular_migration"
        kind = row["name"].split("_")[1]
        assert row["records"] == len(bodies.memberships(kind))


def test_shipped_files_match_the_rebuild():
    assert _build().main(["--check"]) == 0


def _transcriptions(tmp_path, monkeypatch, module, members_text, stated=""):
    src = tmp_path / "sources.csv"
    src.write_text("kind,body,name,source,reference,as_of,accessed,stated_total,note\n"
                   f"rec,T,Test body,test,https://example.org,,2026-12-07,{stated},\n")
    mem = tmp_path / "members.csv"
    mem.write_text("kind,body,member,since,status\n" + members_text)
    monkeypatch.setattr(module, "SRC_BODIES", src)
    monkeypatch.setattr(module, "SRC_MEMBERS", mem)


def test_build_maps_names_and_drops_non_members(tmp_path, monkeypatch):
    module = _build()
    _transcriptions(tmp_path, monkeypatch, module,
                    "rec,T,Côte d’Ivoire,1975,member\nrec,T,Kosovo,,not_un\n"
                    "rec,T,Mali,,former\nrec,T,Venezuela,,suspended\n", stated="2")
    members_text, bodies_text = module.build()
    assert members_text.splitlines()[1:] == ["rec,T,CIV,1975"]
    assert bodies_text.splitlines()[1].endswith(",2")


@pytest.mark.parametrize("rows, message", [
    ("rec,T,Atlantis,,member\n", "no UN member state"),
    ("rec,T,France,,not_un\n", "marked not_un"),
    ("rec,T,France,,member\nrec,T,France,,member\n", "twice"),
    ("rec,T,France,63,member\n", "not a year"),
    ("rec,T,France,,observer\n", "status"),
])
def test_build_fails_loudly(tmp_path, monkeypatch, rows, message):
    module = _build()
    _transcriptions(tmp_path, monkeypatch, module, rows)
    with pytest.raises(module.SourceError, match=message):
        module.build()


def test_build_checks_the_stated_total(tmp_path, monkeypatch):
    module = _build()
    _transcriptions(tmp_path, monkeypatch, module, "rec,T,France,,member\n", stated="2")
    with pytest.raises(module.SourceError, match="states 2"):
        module.build()
