"""Betts's Table 1, reproduced from solved games.

:func:`table1` builds the three canonical scenarios, predicts each, and
returns the published columns filled from the predictions, plus the
numbers behind them. :func:`published_table1` returns the table as
published (shipped as package data) for side-by-side comparison.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from .canonical import irregular_migration, refugee_protection, skilled_labour
from .governance import Level, predict_governance

__all__ = ["table1", "published_table1", "compare_table1", "ROWS"]

#: The rows of Table 1: the area's name and the function building its scenario.
ROWS = (
    ("Refugees", refugee_protection),
    ("Irregular/low-skilled migration", irregular_migration),
    ("Highly-skilled labour migration", skilled_labour),
)


def published_table1() -> pd.DataFrame:
    """Betts (2010), Table 1, as published.

    >>> published_table1().shape
    (3, 3)
    """
    with resources.files("goodsgov").joinpath("data/table1.csv").open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh)


def table1(**predict_kwargs) -> pd.DataFrame:
    """Table 1 computed from the canonical scenarios.

    Columns: the published three (type of migration governance, main level
    of governance, type of good), then ``level`` (the :class:`Level`
    value), ``n_states``, ``excludability``, ``rivalry``, ``spillover``,
    ``nash_provision``, ``optimal_provision``, ``nash_welfare``,
    ``optimal_welfare``, ``cooperation_gain`` (share of optimum welfare
    added by cooperation), the surplus share captured by each scope,
    ``self_enforcing``, ``gap_provision_share``. Keyword arguments go to
    :func:`predict_governance`.

    >>> table1()["main_level_of_governance"].tolist()
    ['Multilateral', 'Regional', 'Unilateral']
    """
    rows = []
    for area, build in ROWS:
        scenario = build()
        p = predict_governance(scenario, **predict_kwargs)
        nash_eq, opt = p.equilibria[Level.UNILATERAL], p.equilibria[Level.MULTILATERAL]
        shares = dict(zip(p.scopes["scope"], p.scopes["surplus_share"]))
        rows.append({
            "type_of_migration_governance": area,
            "main_level_of_governance": p.level.label,
            "type_of_good": p.good_type.label,
            "level": p.level.value,
            "n_states": scenario.n_states,
            "excludability": scenario.good.excludability,
            "rivalry": scenario.good.rivalry,
            "spillover": scenario.good.spillover.value,
            "nash_provision": nash_eq.provision,
            "optimal_provision": opt.provision,
            "nash_welfare": nash_eq.welfare,
            "optimal_welfare": opt.welfare,
            "cooperation_gain": (opt.welfare - nash_eq.welfare) / opt.welfare if opt.welfare > 0 else 0.0,
            **{f"share_{k}": v for k, v in shares.items() if k != "unilateral"},
            "self_enforcing": p.self_enforcing,
            "gap_provision_share": p.gap.provision_share,
        })
    return pd.DataFrame(rows)


def _level_matches(published: str, computed: str) -> bool:
    """Betts's "Unilateral/bilateral" is matched by either level."""
    return computed.lower() in [x.strip().lower() for x in published.split("/")]


def compare_table1(computed: pd.DataFrame | None = None) -> pd.DataFrame:
    """Published and computed Table 1 side by side, with an ``agrees`` column per row.

    >>> bool(compare_table1()["agrees"].all())
    True
    """
    computed = table1() if computed is None else computed
    pub = published_table1()
    out = pd.DataFrame({
        "type_of_migration_governance": pub["type_of_migration_governance"],
        "published_level": pub["main_level_of_governance"],
        "computed_level": computed["main_level_of_governance"],
        "published_good": pub["type_of_good"],
        "computed_good": computed["type_of_good"],
    })
    out["agrees"] = [
        _level_matches(pl, cl) and pg == cg
        for pl, cl, pg, cg in zip(out.published_level, out.computed_level, out.published_good,
                                  out.computed_good)
    ]
    return out
