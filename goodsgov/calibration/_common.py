"""Argument checks shared by the calibration modules (internal)."""

from __future__ import annotations

from collections.abc import Iterable

from .. import _checks, world

__all__ = ["codes", "unit_share", "positive", "exponent"]


def codes(value: Iterable[str] | str | None, field: str = "codes") -> list[str]:
    """ISO3 codes of UN member states, in the order given (case-insensitive; one code may
    be a string; None: all 193 sorted); duplicates and unknown codes are errors."""
    return world.codes(value, field=field)


def unit_share(field: str, value: object) -> float:
    """A share in [0, 1]."""
    return _checks.real(field, value, low=0.0, high=1.0)


def positive(field: str, value: object) -> float:
    """A finite number > 0."""
    return _checks.real(field, value, low=0.0, low_open=True)


def exponent(field: str, value: object) -> float:
    """A finite real exponent (bounded to keep powers of the data finite)."""
    return _checks.real(field, value, low=-10.0, high=10.0)
