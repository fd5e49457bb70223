"""The per-state data the calibration reads: population, GDP, income group, hosting.

Sources (column by column in ``goodsgov/data/SOURCES.md`` and
``goodsgov/data/observed/SOURCES.md``):

* ``population``: persons on 1 July 2025, UN World Population Prospects 2024,
  medium variant (CC BY 3.0 IGO);
* ``gdp``: current US dollars, circa 2019, Natural Earth v5.1.1 (public
  domain; World Bank figures where it has them); ``gdp_per_capita`` = gdp /
  population (US dollars per person; the two years differ, 2019 and 2025);
* ``income_group``: the World Bank income group (OCHA taxonomy, hdx-python-country 4.2.5);
* ``hosted``: people hosted at the end of the year (UNHCR; see
  :func:`goodsgov.calibration.hosting`, 0 = none recorded).

**Missing GDP.** 28 small member states have no GDP in the shipped data
(AND, ATG, BHR, ..., WSM). ``missing`` says what to do:

* ``"income_group"`` (default of the calibrated scenarios): give such a
  state the median GDP per capita of the states of its World Bank income
  group that have one (over all 193, so a state's figure does not depend on
  the selection), times its population. An **imputation**, a modelling
  choice stated here and flagged per state in ``gdp_imputed``, not data;
* ``"drop"``: leave those states out;
* ``"raise"``: an error naming them.

>>> import goodsgov.calibration as cal
>>> t = cal.indicators(["DEU", "MCO"])
>>> t["gdp_imputed"].tolist(), t.loc["MCO", "income_group"]
([False, True], 'High income')
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import pandas as pd

from .. import _checks, world
from ..errors import unknown_choice
from ._common import codes as _codes

__all__ = ["MISSING", "COLUMNS", "indicators"]

#: What to do with a state that has no GDP (module docstring).
MISSING: tuple[str, ...] = ("income_group", "drop", "raise")

#: Columns of :func:`indicators`, with their units.
COLUMNS = {"population": "persons, 1 July 2025 (UN WPP 2024)",
           "gdp": "current US dollars, circa 2019 (Natural Earth v5.1.1 / World Bank)",
           "gdp_per_capita": "US dollars per person (gdp / population)",
           "gdp_imputed": "True where gdp is imputed from the income group's median per capita",
           "income_group": "World Bank income group ('' where unclassified)",
           "hosted": "persons of the kind hosted at the end of the year (UNHCR; 0 = none recorded)"}


@functools.lru_cache(maxsize=1)
def _world() -> pd.DataFrame:
    """The 193 states with GDP imputed where missing (never handed out: callers get copies)."""
    t = world.countries()[["population", "gdp", "income_group"]].copy()
    t["income_group"] = t["income_group"].fillna("")
    t["gdp_per_capita"] = t["gdp"] / t["population"]
    medians = t.dropna(subset=["gdp"]).groupby("income_group")["gdp_per_capita"].median()
    lost = t["gdp"].isna()
    t["gdp_imputed"] = lost
    t.loc[lost, "gdp_per_capita"] = t.loc[lost, "income_group"].map(medians).astype(float)
    t.loc[lost, "gdp"] = t.loc[lost, "gdp_per_capita"] * t.loc[lost, "population"]
    return t


def indicators(codes: Sequence[str] | None = None, *, missing: str = "income_group",
               kind: str = "refugees", year: int | None = None) -> pd.DataFrame:
    """The states' :data:`COLUMNS`, indexed by ``codes`` in the order given (None: all 193).

    ``missing``: see the module docstring; ``kind`` and ``year``: which
    people ``hosted`` counts (:func:`goodsgov.calibration.hosting`).

    >>> t = indicators(["FRA", "LIE"], missing="drop")
    >>> list(t.index), bool(t.loc["FRA", "gdp_per_capita"] > 30_000)
    (['FRA'], True)
    """
    from .refugees import hosting
    selected = _codes(codes)
    if not isinstance(missing, str) or missing not in MISSING:
        raise unknown_choice("missing", missing, MISSING)
    t = _world().loc[selected].copy()
    lost = t.index[t["gdp_imputed"]].tolist()
    if lost and missing == "raise":
        raise _checks.invalid("missing", missing, f"no GDP is shipped for {len(lost)} of the "
                              f"selected states ({', '.join(lost[:12])}"
                              f"{' ...' if len(lost) > 12 else ''}); pass missing='drop' to "
                              "leave them out or missing='income_group' to impute it")
    if missing == "drop":
        t = t.loc[~t["gdp_imputed"]]
        if t.empty:
            raise _checks.invalid("missing", missing, "drops every selected state: none has a GDP")
    unimputable = t.index[t["gdp"].isna()].tolist()
    if unimputable:   # no income group either: nothing to impute from
        raise _checks.invalid("missing", missing, "cannot impute the GDP of "
                              + ", ".join(unimputable) + ": no World Bank income group")
    t["hosted"] = hosting(list(t.index), kind, year).to_numpy()
    t.index.name = "iso3"
    return t[list(COLUMNS)]

