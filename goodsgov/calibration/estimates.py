"""The shipped estimates of the calibrated world's free parameters, read without estimating.

``goodsgov/data/estimates.json`` holds, per area, what :func:`goodsgov.estimate`
gives with its defaults on the calibrated world (written by
``tools/build_estimates.py``; :mod:`goodsgov.estimation.shipped` presents it
as tables). This module only reads it, so that
``gg.refugee_protection(states="world", calibrate=True)`` needs the data and
the calibrated world, not the estimator.

>>> mapping, good = shipped_values("irregular_migration")
>>> sorted(mapping), good
(['floor'], {})
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from ..errors import EstimationError, invalid
from .scenarios import MAPPINGS

__all__ = ["ESTIMATES_FILE", "shipped_estimates", "shipped_record", "shipped_values", "split_values"]

#: Where the estimates are, inside the package.
ESTIMATES_FILE = "data/estimates.json"



@functools.lru_cache(maxsize=1)
def _text() -> str:
    return resources.files("goodsgov").joinpath(ESTIMATES_FILE).read_text(encoding="utf-8")


def shipped_estimates() -> dict:
    """The shipped file as a dict: ``settings`` and one record per area (or its ``error``)."""
    return json.loads(_text())


def shipped_record(area: str) -> dict:
    """The shipped record of ``area``; an error if it has none or its estimate failed."""
    areas = shipped_estimates()["areas"]
    if area not in areas:
        raise invalid("area", area, "must be an area with shipped estimates: "
                      + ", ".join(repr(a) for a in areas))
    rec = areas[area]
    if "error" in rec:
        raise EstimationError(area, f"no shipped estimate: {rec['error']}")
    return rec


def split_values(area: str, values) -> tuple[dict, dict, dict]:
    """Fitted parameter values split by what each changes: the keywords of
    :func:`~goodsgov.calibration.calibrated_scenario`, the good's fields
    (``non_excludable_share`` is ``1 - excludability``) and the options of
    :func:`goodsgov.predict_governance` (``decision_cost``). The estimator
    builds its scenarios with it and the calibrated constructors read the
    shipped estimates with it, so both make the same scenario.

    >>> split_values("refugee_protection", {"floor": 0.2, "decision_cost": 0.1})
    ({'floor': 0.2}, {}, {'decision_cost': 0.1})
    """
    keywords = MAPPINGS.get(area, {})
    unknown = sorted(n for n in values
                     if n not in keywords and n not in ("decision_cost", "non_excludable_share"))
    if unknown:
        raise EstimationError(area, f"parameters this version does not know ({', '.join(unknown)}); "
                              "a shipped estimate naming them must be rebuilt with "
                              "tools/build_estimates.py")
    mapping = {n: float(v) for n, v in values.items() if n in keywords}
    good = ({"excludability": 1.0 - float(values["non_excludable_share"])}
            if "non_excludable_share" in values else {})
    options = {"decision_cost": float(values["decision_cost"])} if "decision_cost" in values else {}
    return mapping, good, options


def shipped_values(area: str) -> tuple[dict[str, float], dict[str, float]]:
    """The shipped estimate of ``area`` split by what it changes (:func:`split_values`):
    the keywords of :func:`~goodsgov.calibration.calibrated_scenario` and the good's
    fields. (The prediction options are the record's ``options``.)"""
    mapping, good, _ = split_values(area, shipped_record(area)["values"])
    return mapping, good
