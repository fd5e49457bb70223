"""Betts's Table 1, reproduced from solved games.

:func:`table1` builds the three canonical scenarios, predicts each, and
returns the published columns filled from the predictions, plus the
numbers behind them. :func:`published_table1` returns the table as
published (shipped as package data) for side-by-side comparison.
"""

from __future__ import annotations

from importlib import resources
from typing import Sequence

import pandas as pd

from .canonical import irregular_migration, refugee_protection, resolve_states, skilled_labour
from .governance import predict_governance
from .states import State

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


def table1(states: Sequence[State] | str | None = None, **predict_kwargs) -> pd.DataFrame:
    """Table 1 computed from the canonical scenarios.

    ``states``: the states of all three rows (default: the canonical
    stylised states; ``"world"``: the 193 UN member states, see
    :data:`goodsgov.canonical.WORLD_MAPPING`; or a sequence of
    :class:`goodsgov.State`). Columns: the published three (type of
    migration governance, main level of governance, type of good), then
    ``n_states``, ``excludability``, ``rivalry``, ``spillover``, the
    optimum's ``provision_optimum`` and ``welfare_optimum``, and the
    columns of :func:`goodsgov.sweep` (``level``, ``provision_<scope>``,
    ``welfare_<scope>``, ``net_welfare_<scope>``, ``surplus_share_<scope>``,
    the gap, ``self_enforcing``, ``stable_coalition_size``, ``scope``). Keyword
    arguments go to :func:`predict_governance`.

    >>> table1()["main_level_of_governance"].tolist()
    ['Multilateral', 'Regional', 'Unilateral']
    """
    from .governance import summary
    shared = None if states is None else resolve_states(states, {})
    rows = []
    for area, build in ROWS:
        scenario = build() if shared is None else build(states=shared)
        p = predict_governance(scenario, **predict_kwargs)
        rows.append({
            "type_of_migration_governance": area,
            "main_level_of_governance": p.level.label,
            "type_of_good": p.good_type.label,
            "n_states": scenario.n_states,
            "excludability": scenario.good.excludability,
            "rivalry": scenario.good.rivalry,
            "spillover": scenario.good.spillover.value,
            "provision_optimum": p.optimum.provision,
            "welfare_optimum": p.optimum.welfare,
            **summary(p.outcome),
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
