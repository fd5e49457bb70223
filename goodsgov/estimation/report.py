"""An estimate as text, CSV or JSON: what ``goodsgov estimate`` prints."""

from __future__ import annotations

import json

import pandas as pd

from .. import _checks
from .core import estimate
from .shipped import record

__all__ = ["report", "FORMATS"]

#: The formats :func:`report` writes.
FORMATS = ("text", "csv", "json")


def _text(est) -> str:
    lines = [f"estimate: {est.area} fitted to {', '.join(est.against)}"
             + (f"; tested across instruments on {', '.join(est.across)}" if est.across else ""),
             ""]
    with pd.option_context("display.width", 200, "display.max_columns", None,
                           "display.float_format", lambda v: f"{v:.4g}"):
        lines.append(est.params[["name", "value", "se", "low", "high"]].to_string(index=False))
        m = est.metrics
        fit = m[m["sample"] == "fit"].set_index("metric")["model"]
        lines += ["", f"log-likelihood {fit['log_likelihood']:.4f} (intercepts alone "
                      f"{fit['log_likelihood_null']:.4f}; McFadden pseudo-R2 {fit['pseudo_r2']:.4f}); "
                      f"converged: full fit, {int(fit['folds_converged'])} folds, "
                      f"{int(fit['bootstrap_converged'])} bootstrap replicates"]
        summary = est.summary()
        if len(summary):
            lines += ["", "out of sample (folds of whole regions) and across instruments:",
                      summary.to_string()]
    lines += [""] + [f"note: {n}" for n in est.notes]
    lines.append(f"predicted level at the estimate: {est.predict().level.value}")
    return "\n".join(lines)


def report(area: str, format: str = "text", *, workers: int = 1, **kwargs) -> str:
    """Estimate ``area`` (keyword arguments of :func:`goodsgov.estimate`) and write it in ``format``.

    ``workers``: more than 1 runs the grid, the folds and the bootstrap on a
    process pool of that many workers (the same result).
    """
    format = _checks.choice("format", format, FORMATS)
    workers = _checks.integer("workers", workers, low=1, high=1024)
    executor = None
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor
        executor = ProcessPoolExecutor(workers)
    try:
        est = estimate(area, executor=executor, **kwargs)
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    if format == "json":
        return json.dumps(record(est), indent=2, allow_nan=False)
    if format == "csv":
        return est.params.to_csv(index=False).rstrip("\n")
    return _text(est)
