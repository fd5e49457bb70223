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

__all__ = ["ESTIMATES_FILE", "shipped_estimates", "shipped_record", "shipped_values"]

#: Where the estimates are, inside the package.
ESTIMATES_FILE = "data/estimates.json"

#: The fitted parameters that are not mapping keywords: what each changes.
_OPTIONS = ("decision_cost",)          # an option of goodsgov.predict_governance
_GOOD = ("non_excludable_share",)      # 1 - the good's excludability


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


def shipped_values(area: str) -> tuple[dict[str, float], dict[str, float]]:
    """The shipped estimate of ``area`` split by what it changes: the keywords of
    :func:`~goodsgov.calibration.calibrated_scenario` and the good's fields.
    (The prediction options are the record's ``options``.)"""
    values = shipped_record(area)["values"]
    known = set(MAPPINGS[area]) | set(_OPTIONS) | set(_GOOD)
    unknown = sorted(set(values) - known)
    if unknown:
        raise EstimationError(area, f"the shipped estimate names parameters this version does not "
                              f"know ({', '.join(unknown)}); rebuild it with tools/build_estimates.py")
    mapping = {n: float(v) for n, v in values.items() if n in MAPPINGS[area]}
    good = ({"excludability": 1.0 - float(values["non_excludable_share"])}
            if "non_excludable_share" in values else {})
    return mapping, good
