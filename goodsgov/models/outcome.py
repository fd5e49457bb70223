"""The result shape shared by every model in the catalogue."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from numbers import Real

import numpy as np

from .. import _checks

__all__ = ["Outcome"]


def read_only(a, field: str = "values") -> np.ndarray:
    """A read-only float copy; refuses what is not made of real numbers (NaN/inf pass:
    the models check their results for finiteness and name their parameters)."""
    return _checks.array(field, a, bound=None, finite=False)


@dataclass(frozen=True)
class Outcome:
    """One strategy profile of a model and what it yields.

    ``actions`` holds one entry per state (a contribution, an abatement, a
    0/1 choice or a probability), ``payoffs`` each state's payoff and
    ``provision`` the aggregate of the good that the states consume.

    >>> o = Outcome(actions=[1.0, 0.0], payoffs=[0.5, 1.5], provision=1.0)
    >>> float(o.welfare)
    2.0
    """

    actions: np.ndarray
    payoffs: np.ndarray
    provision: float
    welfare: float = field(init=False)

    def __post_init__(self) -> None:
        actions = read_only(self.actions, "actions")
        payoffs = read_only(self.payoffs, "payoffs")
        if actions.ndim != 1 or payoffs.shape != actions.shape:
            raise _checks.invalid("payoffs", f"<array of shape {payoffs.shape}>",
                                  f"must be one-dimensional with one entry per state, like "
                                  f"actions (shape {actions.shape})")
        object.__setattr__(self, "actions", actions)
        object.__setattr__(self, "payoffs", payoffs)
        provision = self.provision
        if isinstance(provision, np.ndarray) and provision.ndim == 0:
            provision = provision[()]
        if isinstance(provision, (bool, np.bool_)) or not isinstance(provision, Real):
            raise _checks.invalid("provision", _checks.brief(provision), "must be a real number")
        try:
            provision = float(provision)
        except OverflowError:
            provision = math.inf
        object.__setattr__(self, "provision", provision)
        object.__setattr__(self, "welfare", float(np.sum(self.payoffs)))
