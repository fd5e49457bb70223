"""The estimates shipped with goodsgov: the calibrated world without estimating again.

``goodsgov/data/estimates.json`` holds, for each of Betts's three areas,
what :func:`goodsgov.estimate` gives with its defaults on the calibrated
world (``tools/build_estimates.py`` writes it, ``--check`` compares a fresh
run with it): the fitted parameters with their standard errors and
intervals, the metrics, the notes, or the error that stopped the estimate.
:func:`fitted_scenario` and :func:`fitted_options` give the calibrated
scenario and the :func:`goodsgov.predict_governance` options at the
shipped estimate.

>>> import goodsgov.estimation as est
>>> sorted(shipped_params()["area"].unique()) == sorted(est.DEFAULT_AGAINST)
True
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..calibration.estimates import ESTIMATES_FILE as FILE
from ..calibration.estimates import shipped_estimates as shipped
from ..calibration.estimates import shipped_record as _record
from .model import make_spec

__all__ = ["FILE", "shipped", "shipped_params", "shipped_metrics", "fitted_scenario", "loglik",
           "fitted_options", "record", "SIGNIFICANT"]

#: Significant digits kept of every number written.
SIGNIFICANT = 10


def _num(x) -> Any:
    if isinstance(x, float) or hasattr(x, "dtype"):
        x = float(x)
        return None if not math.isfinite(x) else float(f"{x:.{SIGNIFICANT}g}")
    return x


def record(est) -> dict:
    """The JSON record of an :class:`~goodsgov.estimation.Estimate` (what the file holds per area)."""
    values = dict(zip(est.params["name"], est.params["value"]))
    return {
        "against": list(est.against), "across": list(est.across),
        "params": [{k: _num(v) for k, v in row.items()} for row in est.params.to_dict("records")],
        "values": {k: _num(v) for k, v in values.items()},
        "options": {k: _num(v) for k, v in est.options.items()},
        "level": est.predict().level.value,
        "metrics": [{k: _num(v) for k, v in row.items()} for row in est.metrics.to_dict("records")],
        "notes": list(est.notes),
    }


def shipped_params(area: str | None = None) -> pd.DataFrame:
    """The shipped parameters: ``area``, ``name``, ``value``, ``se``, ``low``, ``high``, ... (NaN: none)."""
    rows = []
    for a, rec in shipped()["areas"].items():
        if area is not None and a != area:
            continue
        for p in rec.get("params", []):
            rows.append({"area": a, **{k: (math.nan if v is None else v) for k, v in p.items()}})
    return pd.DataFrame(rows)


def shipped_metrics(area: str | None = None) -> pd.DataFrame:
    """The shipped metrics: ``area`` then the columns of :attr:`Estimate.metrics`."""
    frames = []
    for a, rec in shipped()["areas"].items():
        if (area is None or a == area) and "metrics" in rec:
            df = pd.DataFrame(rec["metrics"]).fillna(value=math.nan)
            df.insert(0, "area", a)
            frames.append(df)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def fitted_options(area: str) -> dict:
    """The :func:`goodsgov.predict_governance` options at the shipped estimate of ``area``."""
    return dict(_record(area)["options"])


def loglik(area: str) -> tuple[float, float]:
    """The shipped log-likelihood of ``area`` and the model's at the shipped values now.

    They differ when the model or the data changed since the file was built:
    then ``tools/build_estimates.py`` must run again.
    """
    import numpy as np

    from . import fit, observations
    from .model import base_scenario
    rec = _record(area)
    values = rec["values"]
    spec = make_spec(area, list(values), {n: (v, v + 1.0) for n, v in values.items()},
                     calibrated=True, predict={"decision_cost_form": rec["options"]
                                                ["decision_cost_form"]}, need=("pairs", "deals"))
    names = list(base_scenario(spec).names)
    fitted, _ = observations.resolve(area, rec["against"], (), names)
    problem = fit.Problem(spec, fitted, len(names), 1)
    now, _ = fit.loglik_at(problem, (0,) * len(values), np.ones(len(names)))
    stored = next(m["model"] for m in rec["metrics"]
                  if m["sample"] == "fit" and m["metric"] == "log_likelihood")
    return float(stored), float(now)


def fitted_scenario(area: str):
    """The calibrated scenario of ``area`` at its shipped estimate (on the 193 UN member states).

    >>> import goodsgov as gg
    >>> s = fitted_scenario("refugee_protection")
    >>> s.n_states, s.reach_explicit
    (193, True)
    """
    from ..registry import area as _area
    return _area(area).constructor(states="world", calibrate=True)
