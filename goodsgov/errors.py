"""Exception types raised by goodsgov.

Every error a user can trigger with bad input is a :class:`GoodsgovError`,
which subclasses :class:`ValueError`, so ``except ValueError`` keeps working.
Messages name the field, the offending value and what is allowed.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "GoodsgovError",
    "ValidationError",
    "GameError",
    "SolverError",
    "ScenarioFileError",
    "invalid",
]


class GoodsgovError(ValueError):
    """Base class of every goodsgov error."""


class ValidationError(GoodsgovError):
    """An input value is outside what the model allows."""

    def __init__(self, field: str, value: Any, allowed: str):
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(f"{field} = {value!r} is invalid: {allowed}")


class GameError(GoodsgovError):
    """A game is malformed (payoff shape, player count, ...)."""


class SolverError(GoodsgovError):
    """A solver was asked for something it cannot compute for this game."""


class ScenarioFileError(GoodsgovError):
    """A scenario file cannot be read: names the file, the key and what was expected."""


def invalid(field: str, value: Any, allowed: str) -> ValidationError:
    """Build the standard validation error (``raise invalid(...)``)."""
    return ValidationError(field, value, allowed)
