"""Validation helpers shared by every module (internal).

Each helper either returns a clean value or raises
:class:`goodsgov.errors.ValidationError` naming the field, the value and
what is allowed.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any, Iterable

import numpy as np

from .errors import invalid  # noqa: F401  (re-exported for modules)


def real(field: str, value: Any, *, low: float | None = None, high: float | None = None,
         low_open: bool = False, high_open: bool = False, allow_inf: bool = False) -> float:
    """A finite real number in [low, high] (open ends on request; +inf if ``allow_inf``)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise invalid(field, value, "must be a real number")
    x = float(value)
    lo_s = "(" if low_open else "["
    hi_s = ")" if high_open else "]"
    rng = f"{lo_s}{'-inf' if low is None else low}, {'inf' if high is None else high}{hi_s}"
    if allow_inf and x == math.inf:
        return x
    if not math.isfinite(x):
        raise invalid(field, value, f"must be a finite number in {rng}")
    if low is not None and (x < low or (low_open and x == low)):
        raise invalid(field, value, f"must be in {rng}")
    if high is not None and (x > high or (high_open and x == high)):
        raise invalid(field, value, f"must be in {rng}")
    return x


def integer(field: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """An integer in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise invalid(field, value, "must be an integer")
    k = int(value)
    if (low is not None and k < low) or (high is not None and k > high):
        raise invalid(field, value,
                      f"must be an integer in [{'-inf' if low is None else low}, "
                      f"{'inf' if high is None else high}]")
    return k


def choice(field: str, value: Any, allowed: Iterable[str]) -> str:
    """One of a fixed set of names."""
    allowed = tuple(allowed)
    if value not in allowed:
        raise invalid(field, value, "must be one of " + ", ".join(repr(a) for a in allowed))
    return value


def array(field: str, value: Any, *, ndim: int | None = None, shape: tuple | None = None,
          low: float | None = None, high: float | None = None, low_open: bool = False,
          nonempty: bool = False) -> np.ndarray:
    """A finite float array with optional shape and bounds (returned read-only copy)."""
    try:
        a = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise invalid(field, value, "must be an array of real numbers") from None
    if ndim is not None and a.ndim != ndim:
        raise invalid(field, value, f"must be {ndim}-dimensional, got shape {a.shape}")
    if shape is not None and a.shape != tuple(shape):
        raise invalid(field, f"<array of shape {a.shape}>", f"must have shape {tuple(shape)}")
    if nonempty and a.size == 0:
        raise invalid(field, value, "must not be empty")
    if not np.all(np.isfinite(a)):
        raise invalid(field, value, "must contain only finite numbers (no NaN or inf)")
    if low is not None:
        bad = a <= low if low_open else a < low
        if np.any(bad):
            op = ">" if low_open else ">="
            raise invalid(field, a[bad][0].item(), f"every entry must be {op} {low}")
    if high is not None and np.any(a > high):
        raise invalid(field, a[a > high][0].item(), f"every entry must be <= {high}")
    a.setflags(write=False)
    return a
