"""Grids of parameter points for :func:`goodsgov.sweep`: Cartesian products and seeded draws."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from . import _checks

__all__ = ["grid_points", "sample_grid"]


def grid_points(grid) -> tuple[list[str], list[tuple]]:
    """Parameter names and one tuple of plain Python values per point, in grid order."""
    if isinstance(grid, pd.DataFrame):
        names = [str(c) for c in grid.columns]
        if len(set(names)) != len(names):
            raise _checks.invalid("grid", names, "column names must be distinct")
        cols = [grid[c].tolist() for c in grid.columns]
        return names, list(zip(*cols)) if cols else []
    if not isinstance(grid, Mapping):
        raise _checks.invalid("grid", grid, "must be a dict of parameter -> values or a DataFrame "
                              "of parameter rows")
    names, axes = [], []
    for k, values in grid.items():
        if not isinstance(k, str):
            raise _checks.invalid("grid", k, "parameter names must be strings")
        try:
            scalar = isinstance(values, (str, bytes)) or np.ndim(values) == 0
        except ValueError:   # a ragged axis (a scalar beside an array): not one axis of values
            scalar = False
        if scalar:
            values = [values]
        values = [_plain(v) for v in values]
        if not values:
            raise _checks.invalid(f"grid[{k!r}]", values, "must hold at least one value")
        names.append(k)
        axes.append(values)
    return names, list(itertools.product(*axes))


def _plain(v):
    return v.item() if isinstance(v, np.generic) else v


def sample_grid(ranges: Mapping[str, Any], n: int, seed: int | None = 0, *,
                method: str = "random") -> pd.DataFrame:
    """``n`` Monte Carlo parameter rows for :func:`sweep`, reproducible from ``seed``.

    Each entry of ``ranges`` is one of

    * a tuple ``(low, high)`` of floats: uniform on ``[low, high]``;
    * a tuple ``(low, high)`` of ints: uniform integers in ``low..high``;
    * a list (or array) of values: one of them, equally likely;
    * a frozen ``scipy.stats`` distribution: drawn by its quantile function.

    ``method="random"`` draws independent uniforms; ``"lhs"`` a Latin
    hypercube (McKay, Beckman & Conover 1979), which covers each range evenly.

    >>> df = sample_grid({"excludability": (0.0, 1.0), "n_states": (5, 30),
    ...                   "spillover": ["global", "regional"]}, 4, seed=1)
    >>> list(df.columns), len(df)
    (['excludability', 'n_states', 'spillover'], 4)
    >>> df.equals(sample_grid({"excludability": (0.0, 1.0), "n_states": (5, 30),
    ...                        "spillover": ["global", "regional"]}, 4, seed=1))
    True
    """
    n = _checks.integer("n", n, low=1)
    method = _checks.choice("method", method, ["random", "lhs"])
    if not isinstance(ranges, Mapping) or not ranges:
        raise _checks.invalid("ranges", ranges, "must be a non-empty dict of parameter -> range")
    rng = np.random.default_rng(seed)
    d = len(ranges)
    if method == "lhs":
        from scipy.stats import qmc
        u = qmc.LatinHypercube(d=d, rng=rng).random(n)
    else:
        u = rng.random((n, d))
    out = {}
    for col, (name, spec) in enumerate(ranges.items()):
        uc = u[:, col]
        if hasattr(spec, "ppf"):
            out[name] = np.asarray(spec.ppf(uc), dtype=float)
        elif isinstance(spec, tuple):
            if len(spec) != 2:
                raise _checks.invalid(f"ranges[{name!r}]", spec, "a range is a tuple (low, high)")
            lo, hi = spec
            if all(isinstance(x, (int, np.integer)) and not isinstance(x, bool) for x in spec):
                lo, hi = int(lo), int(hi)
                if hi < lo:
                    raise _checks.invalid(f"ranges[{name!r}]", spec, "needs low <= high")
                out[name] = lo + np.minimum(np.floor(uc * (hi - lo + 1)), hi - lo).astype(int)
            else:
                lo = _checks.real(f"ranges[{name!r}][0]", lo)
                hi = _checks.real(f"ranges[{name!r}][1]", hi, low=lo)
                out[name] = lo + uc * (hi - lo)
        elif isinstance(spec, (list, np.ndarray)) and len(spec) > 0:
            items = list(spec)
            idx = np.minimum(np.floor(uc * len(items)).astype(int), len(items) - 1)
            out[name] = [_plain(items[k]) for k in idx]
        else:
            raise _checks.invalid(f"ranges[{name!r}]", spec, "must be a (low, high) tuple, a "
                                  "non-empty list of values or a scipy.stats distribution")
    return pd.DataFrame(out)
