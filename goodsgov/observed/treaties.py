"""Treaty participation: which UN member states are party to which instrument.

Betts (2009, *Protection by Persuasion*, ch. 1) reads refugee protection as a
public good supplied multilaterally, through the 1951 Convention relating to
the Status of Refugees and its 1967 Protocol; labour migration is governed by
the ILO migrant-worker conventions (Nos. 97 and 143) and the 1990 UN
Convention on migrant workers (ICRMW), which few destination states have
joined (Ruhs 2013, *The Price of Rights*, ch. 1). This module ships, per
instrument, who is a party and the year of its instrument of ratification,
accession or succession.

Shipped (``goodsgov/data/observed/treaties.csv``, rebuilt by
``tools/build_observed_treaties.py``; ``SOURCES.md`` gives the checks):

* ``refugee_convention_1951`` and ``icrmw_1990``: the hand-coded memberships
  ``HUGGO_MEM`` of the globalgov *manyhealth* package 0.3.1 (Hollway 2022,
  CC BY 4.0), each count checked against the UN Treaty Collection's;
* ``refugee_protocol_1967``: the UN Treaty Collection's status list
  (chapter V.5), transcribed from stored copies and checked against the
  status page as at 19 March 2024 ("Parties: 147").

Listed in :data:`TREATIES` but not shipped (no stored copy of the whole
official status list could be found; :func:`treaty` raises
:class:`TreatyNotShipped` saying so): ``oau_refugee_convention_1969``,
``ilo_c97``, ``ilo_c143``.

>>> from goodsgov.observed import treaties
>>> t = treaties.treaty("refugee_convention_1951")
>>> len(t), int(t["party"].sum()), int(t.loc["AUS", "year"]), bool(t.loc["USA", "party"])
(193, 145, 1954, False)
>>> p = treaties.treaty("refugee_protocol_1967")
>>> int(p["party"].sum()), int(p.loc["USA", "year"]), bool(p.loc["MDG", "party"])
(146, 1968, False)
"""

from __future__ import annotations

import functools

import pandas as pd

from .. import _checks
from .shipped import read_shipped
from ..errors import GoodsgovError

__all__ = ["TREATIES", "DATASETS", "TreatyNotShipped", "treaty", "instruments"]

#: Every instrument name :func:`treaty` knows (shipped or not).
TREATIES: tuple[str, ...] = ("refugee_convention_1951", "refugee_protocol_1967",
                             "oau_refugee_convention_1969", "icrmw_1990", "ilo_c97", "ilo_c143")

_AREA = {"refugee_convention_1951": "refugee_protection", "refugee_protocol_1967": "refugee_protection",
         "oau_refugee_convention_1969": "refugee_protection", "icrmw_1990": "labour_migration",
         "ilo_c97": "labour_migration", "ilo_c143": "labour_migration"}

#: Instruments not shipped -> (title, official list, why not).
_NOT_SHIPPED: dict[str, tuple[str, str, str]] = {
    "oau_refugee_convention_1969": (
        "OAU Convention Governing the Specific Aspects of Refugee Problems in Africa (1969)",
        "African Union, status list of the Convention (depositary: the AU Commission)",
        "no stored copy of the AU status list could be found (only the UN registration page "
        "of the treaty, No. 14691, cut after 29 participants)"),
    "ilo_c97": (
        "Migration for Employment Convention (Revised), 1949 (No. 97)",
        "ILO NORMLEX, ratifications of C097",
        "the only stored copy of the NORMLEX list (French, '54 ratifications') is cut after "
        "28 countries"),
    "ilo_c143": (
        "Migrant Workers (Supplementary Provisions) Convention, 1975 (No. 143)",
        "ILO NORMLEX, ratifications of C143",
        "no stored copy of the NORMLEX ratification list could be found"),
}


class TreatyNotShipped(GoodsgovError, LookupError):
    """A known instrument whose participation data goodsgov does not ship."""


@functools.lru_cache(maxsize=1)
def _rows() -> pd.DataFrame:
    """treaties.csv, read once (never handed out)."""
    df = read_shipped("treaties.csv", dtype={"instrument": str, "iso3": str, "action": str,
                                             "note": str}, na_values={"year": [""]})
    df["year"] = df["year"].astype("Int64")
    return df


@functools.lru_cache(maxsize=1)
def _instruments() -> pd.DataFrame:
    """instruments.csv, read once (never handed out)."""
    df = read_shipped("instruments.csv", dtype=str)
    df["parties_listed"] = df["parties_listed"].astype("int64")
    return df.set_index("instrument")


@functools.lru_cache(maxsize=None)
def _table(name: str) -> pd.DataFrame:
    from .. import world
    codes = world.countries().index
    rows = _rows()
    rows = rows[rows["instrument"] == name].set_index("iso3")
    out = pd.DataFrame(index=pd.Index(codes, name="iso3"))
    out["party"] = out.index.isin(rows.index)
    out["year"] = rows["year"].reindex(out.index).astype("Int64")
    return out


def _name(value: object) -> str:
    return _checks.choice("name", value, TREATIES)


def treaty(name: str) -> pd.DataFrame:
    """Participation in one instrument of every UN member state.

    A DataFrame indexed by ISO3 (``iso3``, the 193 states of
    :func:`goodsgov.world.countries`) with ``party`` (bool) and ``year``
    (``Int64``: year of the instrument of ratification, accession or
    succession; ``<NA>`` for non-parties). Each call returns a fresh copy.
    An unknown name raises :class:`~goodsgov.errors.ValidationError` with
    close matches; a known but unshipped one raises :class:`TreatyNotShipped`.

    >>> t = treaty("icrmw_1990")
    >>> int(t["party"].sum()), int(t.loc["MEX", "year"]), bool(t.loc["DEU", "party"])
    (58, 1999, False)
    """
    name = _name(name)
    if name in _NOT_SHIPPED:
        title, where, why = _NOT_SHIPPED[name]
        raise TreatyNotShipped(f"treaty {name!r} ({title}) is not shipped with goodsgov: {why}. "
                               f"Its official list: {where}.")
    return _table(name).copy(deep=True)


def instruments() -> pd.DataFrame:
    """The shipped instruments: title, source, status-page reference, status date, counts.

    >>> int(instruments().loc["refugee_convention_1951", "parties_listed"])
    146
    """
    return _instruments().copy(deep=True)


def _datasets() -> list[dict]:
    rows = []
    meta = _instruments()
    counts = _rows().groupby("instrument").size()
    for name in TREATIES:
        if name in meta.index:
            m = meta.loc[name]
            rows.append({
                "name": name, "area": _AREA[name],
                "description": f"parties among the UN member states (party, year): {m['title']}",
                "source": f"{m['source']}; count checked against {m['reference']}",
                "version": m["version"], "licence": m["licence"],
                "records": int(counts.get(name, 0)),
            })
        else:
            title, where, why = _NOT_SHIPPED[name]
            rows.append({
                "name": name, "area": _AREA[name],
                "description": f"{title}: not shipped ({why})",
                "source": where, "version": "not shipped",
                "licence": "not shipped", "records": 0,
            })
    return rows


#: Catalogue rows, one per instrument of :data:`TREATIES` (records = 0: not shipped).
DATASETS: list[dict] = _datasets()
