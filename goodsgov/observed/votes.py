"""Recorded UN General Assembly votes on the two global compacts of December 2018.

A snapshot shipped with goodsgov (``goodsgov/data/observed/votes.csv``, rebuilt
by ``tools/build_observed_votes.py``): how each of the 193 UN member states
voted on

* ``gcm_2018``: A/RES/73/195 (19 December 2018), endorsing the Global Compact
  for Safe, Orderly and Regular Migration;
* ``gcr_2018``: A/RES/73/151 (17 December 2018), on the Office of the UN High
  Commissioner for Refugees, affirming the Global Compact on Refugees.

Source: Voeten, E. (2013), "Data and Analyses of Voting in the UN General
Assembly", in B. Reinalda (ed.), *Routledge Handbook of International
Organization*; data on Harvard Dataverse (hdl:1902.1/12379, CC0), as packaged
in the R package ``unvotes`` (Robinson, github.com/dgrtwo/unvotes, commit
7eb7034, 2021-03-08). Votes are ``yes``, ``no``, ``abstain`` or ``absent``
(no vote recorded: absent, or present and not voting). Details and gaps:
``goodsgov/data/observed/SOURCES.md``.

>>> from goodsgov.observed.votes import vote
>>> gcm = vote("gcm_2018")
>>> len(gcm), gcm.loc["USA", "vote"], gcm.loc["DEU", "vote"]
(193, 'no', 'yes')
>>> gcm["vote"].value_counts()[["yes", "no", "abstain", "absent"]].tolist()
[152, 5, 12, 24]
"""

from __future__ import annotations

import functools

import pandas as pd

from .. import _checks
from .shipped import read_shipped

__all__ = ["VOTES", "CHOICES", "DATASETS", "vote"]

#: The resolutions shipped, by name.
VOTES: tuple[str, ...] = ("gcm_2018", "gcr_2018")

#: The values of the ``vote`` column (the order of its categories).
CHOICES: tuple[str, ...] = ("yes", "no", "abstain", "absent")

_SOURCE = ("E. Voeten, Data and Analyses of Voting in the UN General Assembly "
           "(Harvard Dataverse hdl:1902.1/12379), via R package unvotes "
           "(github.com/dgrtwo/unvotes)")
_VERSION = "unvotes commit 7eb7034314ff (2021-03-08; Voeten data downloaded 2021-02-21)"
_LICENCE = "CC0 1.0 (data); unvotes package code MIT"

#: One entry per shipped vote, for :func:`goodsgov.observed.catalogue`.
DATASETS: list[dict] = [
    {"name": "gcm_2018", "area": "irregular_migration",
     "description": "UN General Assembly recorded vote on A/RES/73/195 (19 Dec 2018), endorsing "
                    "the Global Compact for Safe, Orderly and Regular Migration; "
                    "yes/no/abstain/absent per member state",
     "source": _SOURCE, "version": _VERSION, "licence": _LICENCE, "records": 193},
    {"name": "gcr_2018", "area": "refugee_protection",
     "description": "UN General Assembly recorded vote on A/RES/73/151 (17 Dec 2018), on UNHCR, "
                    "affirming the Global Compact on Refugees; "
                    "yes/no/abstain/absent per member state",
     "source": _SOURCE, "version": _VERSION, "licence": _LICENCE, "records": 193},
]


@functools.lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    """The shipped file, read once (never handed out: callers get copies)."""
    return read_shipped("votes.csv", dtype=str)


def vote(name: str) -> pd.DataFrame:
    """How each UN member state voted on resolution ``name`` (one of :data:`VOTES`).

    Returns a new DataFrame indexed by ISO3 code (``iso3``, the 193 members of
    :func:`goodsgov.world.countries`, sorted) with one categorical column
    ``vote`` in :data:`CHOICES` (Voeten 2013, via ``unvotes``).

    >>> vote("gcr_2018").query("vote == 'no'").index.tolist()
    ['HUN', 'USA']
    """
    _checks.choice("name", name, VOTES)
    rows = _table()
    rows = rows[rows["resolution"] == name]
    out = pd.DataFrame({"vote": pd.Categorical(rows["vote"].to_numpy(), categories=CHOICES)},
                       index=pd.Index(rows["iso3"].to_numpy(), name="iso3"))
    return out
