"""gg.observed.catalogue(), one row per shipped dataset, and the package's re-exports."""

import importlib
import sys
import types

import pandas as pd
import pytest

import goodsgov as gg
C = importlib.import_module("goodsgov.observed.datasets")

ENTRY = {"name": "toy", "area": "refugee_protection", "description": "made up for the test",
         "source": "nobody", "version": "0", "licence": "none", "records": 3}


def _fake_modules(monkeypatch, datasets):
    for name, entries in zip(C.MODULES, datasets):
        mod = types.ModuleType(f"goodsgov.observed.{name}")
        mod.DATASETS = entries
        monkeypatch.setitem(sys.modules, f"goodsgov.observed.{name}", mod)


def test_concatenates_every_module_in_order(monkeypatch):
    _fake_modules(monkeypatch, [[dict(ENTRY, name=f"d{i}", records=i)] for i in range(5)])
    table = C.catalogue()
    assert list(table.columns) == list(C.COLUMNS)
    assert table["name"].tolist() == ["d0", "d1", "d2", "d3", "d4"]
    assert table["records"].dtype == "int64" and table["records"].tolist() == [0, 1, 2, 3, 4]


def test_duplicate_names_and_missing_keys_are_loader_bugs(monkeypatch):
    _fake_modules(monkeypatch, [[ENTRY], [ENTRY], [], [], []])
    with pytest.raises(RuntimeError, match="not unique"):
        C.catalogue()
    broken = {k: v for k, v in ENTRY.items() if k != "licence"}
    _fake_modules(monkeypatch, [[broken], [], [], [], []])
    with pytest.raises(RuntimeError, match="lacks \\['licence'\\]"):
        C.catalogue()


def test_the_shipped_catalogue():
    table = gg.observed.catalogue()
    assert list(table.columns) == list(C.COLUMNS)
    assert table["name"].is_unique and len(table) >= 5
    for col in ("name", "area", "description", "source", "version", "licence"):
        assert (table[col].astype(str).str.len() > 0).all(), col
    assert (table["records"] >= 0).all()
    names = set(table["name"])
    # every dataset validate accepts is described in the catalogue (bodies under memberships_<kind>)
    from goodsgov.observed.validation import targets
    listed = {"memberships_" + k if k in ("rcp", "rec") else k for k in targets()}
    assert listed - names == {"refugee_instruments"}   # two instruments, each its own row


def test_records_count_the_loaders_rows():
    from goodsgov.observed.treaties import TreatyNotShipped
    table = gg.observed.catalogue().set_index("name")
    for name in gg.observed.TREATIES:
        try:
            parties = int(gg.observed.treaty(name)["party"].sum())
        except TreatyNotShipped:
            parties = 0
        assert table.loc[name, "records"] == parties, name
    for name in gg.observed.VOTES:
        assert table.loc[name, "records"] == len(gg.observed.vote(name)) == 193
    for kind in ("rcp", "rec"):
        assert table.loc["memberships_" + kind, "records"] == len(gg.observed.memberships(kind))


def test_reexports():
    import goodsgov.observed as obs
    for name in obs.__all__:
        assert getattr(obs, name) is not None
    assert isinstance(obs.catalogue(), pd.DataFrame)
    assert callable(obs.refugees) and callable(obs.validate)
