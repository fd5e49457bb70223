"""Memberships of regional bodies: the observed clubs of migration governance.

Betts (2010, "Migration Governance: Alternative Futures", background paper
for IOM's World Migration Report 2010) reads the control of irregular
migration as a club good, governed regionally: through regional consultative
processes on migration (RCPs; IOM Migration Research Series No. 38, 2010, and
No. 45, 2013) and through regional economic communities whose free movement
and border cooperation make their members a club (Geddes 2018, "Global and
Regional Cooperation on Migration", Oxford Research Encyclopedia of
International Studies). This module ships who belongs to which.

Two kinds of body:

* ``"rcp"``: regional consultative processes on migration (inter-State
  consultation mechanisms in IOM's terms),
* ``"rec"``: regional economic communities and other bodies with free
  movement or border cooperation.

Each list is transcribed from the body's official member list or IOM's page
on the process (where none was stored: a government page, the World
Factbook or a dated press report of the official act), named with its
address and the date the page states, in
``goodsgov/data/observed/bodies.csv``; ``tools/build_observed_bodies.py``
rebuilds the shipped tables from the transcriptions in ``tools/sources/``.
Only UN member states are kept (observers, associates, partners and members
that are not UN member states are left out; ``SOURCES.md`` lists them).
Bodies whose list could not be verified from a stored source are absent,
never guessed.

>>> from goodsgov.observed import bodies
>>> eu = bodies.memberships("rec").query("body == 'EU'")
>>> len(eu), int(eu.set_index("iso3").loc["HRV", "since"])
(27, 2013)
"""

from __future__ import annotations

import functools

import pandas as pd

from .. import _checks
from .shipped import read_shipped

__all__ = ["KINDS", "DATASETS", "memberships", "bodies"]

#: The kinds of body: regional consultative processes, regional economic communities.
KINDS: tuple[str, ...] = ("rcp", "rec")

_KIND_NAMES = {"rcp": "regional consultative processes on migration",
               "rec": "regional economic communities / free-movement and border bodies"}


@functools.lru_cache(maxsize=1)
def _memberships() -> pd.DataFrame:
    df = read_shipped("memberships.csv", dtype={"kind": str, "body": str, "iso3": str},
                      na_values={"since": [""]})
    df["since"] = df["since"].astype("Int64")
    return df


@functools.lru_cache(maxsize=1)
def _bodies() -> pd.DataFrame:
    df = read_shipped("bodies.csv", dtype=str)
    df["members_listed"] = df["members_listed"].astype("int64")
    return df


def _kind(value: object) -> str:
    return _checks.choice("kind", value, KINDS)


def memberships(kind: str) -> pd.DataFrame:
    """Members of every shipped body of one ``kind``, long: ``body, iso3, since``.

    ``since`` (nullable ``Int64``) is the year of accession where the source
    states it, else ``<NA>``. Rows are sorted by body, then ISO3 code. A
    fresh copy is returned on every call.

    >>> table = memberships("rcp")
    >>> list(table.columns), str(table["since"].dtype)
    (['body', 'iso3', 'since'], 'Int64')
    >>> memberships("rpc")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    goodsgov.errors.ValidationError: kind = 'rpc' is invalid: ...did you mean 'rec' or 'rcp'?
    """
    kind = _kind(kind)
    df = _memberships()
    out = df.loc[df["kind"] == kind, ["body", "iso3", "since"]]
    return out.sort_values(["body", "iso3"]).reset_index(drop=True)


def bodies(kind: str | None = None) -> pd.DataFrame:
    """One row per shipped body: ``kind, body, name, source, reference, as_of, members_listed``.

    ``reference`` is the address of the page transcribed, ``as_of`` the date
    that page states (``''`` when it states none) and ``members_listed`` the
    number of members it lists, including any that are not UN member states
    (which :func:`memberships` leaves out).

    >>> table = bodies("rec")
    >>> "EU" in set(table["body"]), set(table["kind"])
    (True, {'rec'})
    """
    df = _bodies()
    if kind is not None:
        df = df[df["kind"] == _kind(kind)]
    return df.reset_index(drop=True).copy()


def _datasets() -> list[dict]:
    rows = []
    table = _memberships()
    for kind in KINDS:
        meta = _bodies()[_bodies()["kind"] == kind]
        rows.append({
            "name": f"memberships_{kind}",
            "area": "irregular_migration",
            "description": f"memberships of {_KIND_NAMES[kind]} (UN member states): "
                           + ", ".join(meta["body"]),
            "source": "official member list of each body (address per body in bodies.csv)",
            "version": "transcribed 2026-12-07 (dates per body in bodies.csv)",
            "licence": "facts transcribed from public pages (memberships are public facts)",
            "records": int((table["kind"] == kind).sum()),
        })
    return rows


#: Catalogue rows of the shipped membership tables.
DATASETS: list[dict] = _datasets()
