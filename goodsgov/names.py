"""Country names beside ISO 3166-1 alpha-3 codes, for tables a reader scans by name.

Names are the ``name`` column of :func:`goodsgov.world.countries` (the 193
UN member states as the shipped snapshot spells them). :func:`with_names`
adds them to a table keyed by codes (its index, or a column such as
``iso3_a``); :func:`all_members` says whether every code of a sequence is
one of the 193, which is when a result is "on the world" and gets names.

>>> country_name("DEU"), country_name("civ")
('Germany', 'Côte d’Ivoire')
>>> import pandas as pd
>>> df = pd.DataFrame({"cost": [1.0, 2.0]}, index=pd.Index(["FRA", "JPN"], name="state"))
>>> with_names(df).columns.tolist(), with_names(df)["name"].tolist()
(['name', 'cost'], ['France', 'Japan'])
"""

from __future__ import annotations

import functools
from typing import Iterable, Mapping

import pandas as pd

from . import _checks
from .errors import did_you_mean

__all__ = ["country_name", "with_names", "all_members"]


@functools.lru_cache(maxsize=1)
def _names() -> Mapping[str, str]:
    from types import MappingProxyType
    from . import world
    return MappingProxyType(dict(world.countries()["name"]))


def country_name(code: str) -> str:
    """The name of the UN member state with ISO3 ``code`` (case-insensitive).

    >>> country_name("bra")
    'Brazil'
    """
    names = _names()
    if isinstance(code, str) and code.strip().upper() in names:
        return names[code.strip().upper()]
    raise _checks.invalid("code", _checks.brief(code), "must be the ISO 3166-1 alpha-3 code of a UN "
                          "member state (goodsgov.world.countries())"
                          + did_you_mean(code, names, dict(names)))


def all_members(codes: Iterable[object]) -> bool:
    """Whether ``codes`` is non-empty and every entry is the ISO3 code (upper case) of a
    UN member state.

    >>> all_members(["FRA", "DEU"]), all_members(["FRA", "S01"]), all_members([])
    (True, False, False)
    """
    codes = list(codes)
    if not codes or not all(isinstance(c, str) and len(c) == 3 and c.isascii() and c.isupper()
                            for c in codes):
        return False                     # without reading the world table
    names = _names()
    return all(c in names for c in codes)


def with_names(df: pd.DataFrame, on: str | None = None, *, column: str = "name") -> pd.DataFrame:
    """A copy of ``df`` with each code's country name in a new column ``column``.

    ``on``: the column holding the codes (None: the index); the names go
    right after it (first, for the index). Every code must be the ISO3 code
    of a UN member state, and ``df`` must not have a ``column`` already.

    >>> pairs = pd.DataFrame({"iso3_a": ["CAN"], "iso3_b": ["USA"]})
    >>> with_names(with_names(pairs, "iso3_a", column="name_a"), "iso3_b", column="name_b")
      iso3_a  name_a iso3_b                    name_b
    0    CAN  Canada    USA  United States of America
    """
    if not isinstance(df, pd.DataFrame):
        raise _checks.invalid("df", _checks.brief(df), "must be a pandas DataFrame")
    if not isinstance(column, str) or not column:
        raise _checks.invalid("column", _checks.brief(column), "must be a non-empty column name")
    if column in df.columns:
        raise _checks.invalid("column", column, "is a column of df already; give another name")
    if on is None:
        codes = list(df.index)
        where = 0
    else:
        if on not in df.columns:
            raise _checks.invalid("on", _checks.brief(on), "must be a column of df (or None for the "
                                  "index)" + did_you_mean(on, [str(c) for c in df.columns]))
        codes = list(df[on])
        where = list(df.columns).index(on) + 1
    names = _names()
    bad = next((c for c in codes if not isinstance(c, str) or c not in names), None)
    if bad is not None:
        raise _checks.invalid("on" if on is not None else "df.index", _checks.brief(bad),
                              "every code must be the ISO 3166-1 alpha-3 code (upper case) of a UN "
                              "member state" + did_you_mean(bad, names, dict(names)))
    out = df.copy()
    out.insert(where, column, [names[c] for c in codes])
    return out
