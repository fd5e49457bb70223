"""Betts's Table 1, reproduced from solved games, one row per registered area.

:func:`table1` builds each registered area's scenario (:mod:`goodsgov.registry`),
predicts it, and returns the published columns filled from the
predictions, plus the numbers behind them. :func:`published_table1` returns
the table as published (shipped as package data) and :func:`compare_table1`
lines the two up by area key.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import pandas as pd

from .registry import area, areas, published_rows
from .canonical import calibrating, resolve_states
from .governance import pipeline
from .governance.prediction import predict_governance
from .states import State

__all__ = ["table1", "published_table1", "compare_table1"]


def published_table1() -> pd.DataFrame:
    """Betts (2010), Table 1, as published, with each row's area key.

    >>> published_table1().shape
    (3, 4)
    """
    return pd.DataFrame(published_rows())


def table1(states: Sequence[State] | str | None = None, *, areas: Iterable[str] | None = None,
           calibrate: bool = False, **predict_kwargs) -> pd.DataFrame:
    """Table 1 computed from the scenarios of the registered areas.

    ``states``: the states of every row (default: each constructor's own,
    the canonical stylised states for Betts's rows; ``"world"``: the 193 UN
    member states, see :data:`goodsgov.canonical.WORLD_MAPPING`; or a
    sequence of :class:`goodsgov.State`). ``areas``: the keys of the rows
    (default: every registered area). Columns: ``area``, the published three
    (type of migration governance, main level of governance, type of good),
    then ``n_states``, ``excludability``, ``rivalry``, ``spillover``, the
    optimum's ``provision_optimum`` and ``welfare_optimum``, and the columns
    of :func:`goodsgov.sweep` (``level``, ``provision_<scope>``,
    ``welfare_<scope>``, ``net_welfare_<scope>``, ``surplus_share_<scope>``,
    the gap, ``self_enforcing``, ``stable_coalition_size``, ``scope``).
    Keyword arguments go to :func:`goodsgov.predict_governance`.
    ``calibrate=True`` (with ``states="world"``): each area with shipped
    estimates on the calibrated world (:mod:`goodsgov.calibration`) at its
    estimate, predicted with its estimated options
    (:func:`goodsgov.estimation.fitted_options`; keyword arguments given
    here win); the others on the world's states as without it; the column
    ``calibrated`` says which.

    >>> table1()["main_level_of_governance"].tolist()     # Betts's three rows, then survival migration
    ['Regional', 'Multilateral', 'Unilateral', 'Regional']
    """
    chosen = _areas(areas)
    calibrate = calibrating(calibrate, states)
    shared = None if states is None else resolve_states(states, {})
    fitted = _fitted_areas() if calibrate else {}
    rows = []
    for entry in chosen:
        kwargs = predict_kwargs
        if entry.key in fitted:
            scenario = entry.constructor(states="world", calibrate=True)
            kwargs = {**fitted[entry.key], **predict_kwargs}
        else:
            scenario = entry.constructor() if shared is None else entry.constructor(states=shared)
        p = predict_governance(scenario, **kwargs)
        rows.append({
            "area": entry.key,
            "type_of_migration_governance": entry.label,
            "main_level_of_governance": p.level.label,
            "type_of_good": p.good_type.label,
            **({"calibrated": entry.key in fitted} if calibrate else {}),
            "n_states": scenario.n_states,
            "excludability": scenario.good.excludability,
            "rivalry": scenario.good.rivalry,
            "spillover": scenario.good.spillover.value,
            "provision_optimum": p.optimum.provision,
            "welfare_optimum": p.optimum.welfare,
            **pipeline.summary(p.solution),
        })
    return pd.DataFrame(rows)


def _fitted_areas() -> dict[str, dict]:
    """The prediction options at the shipped estimate of every area that has one."""
    from .calibration import shipped_estimates
    return {a: dict(rec["options"]) for a, rec in shipped_estimates()["areas"].items()
            if "error" not in rec}


def _areas(keys: Iterable[str] | None):
    if keys is None:
        return areas()
    if isinstance(keys, str):
        keys = [keys]
    return tuple(area(k) for k in keys)


def _level_matches(published: str, computed: str) -> bool:
    """Betts's "Unilateral/bilateral" is matched by either level."""
    return computed.lower() in [x.strip().lower() for x in published.split("/")]


def compare_table1(computed: pd.DataFrame | None = None) -> pd.DataFrame:
    """Published and computed Table 1 side by side, matched by area key, with an
    ``agrees`` column per row (``None`` for an area Betts has no row for).

    >>> compare_table1()["agrees"].tolist()     # model v3: a finding, see docs/explanation.md
    [False, False, True, None]
    """
    computed = table1() if computed is None else computed
    rows = []
    for key, label, level, good in zip(computed["area"], computed["type_of_migration_governance"],
                                       computed["main_level_of_governance"], computed["type_of_good"]):
        entry = area(key)
        published = entry.published_level is not None
        rows.append({
            "area": key,
            "type_of_migration_governance": label,
            "published_level": entry.published_level,
            "computed_level": level,
            "published_good": entry.published_good,
            "computed_good": good,
            "agrees": (_level_matches(entry.published_level, level) and entry.published_good == good)
            if published else None,
        })
    return pd.DataFrame(rows)
