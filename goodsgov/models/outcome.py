"""The result shape shared by every model in the catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Outcome"]


def _frozen(a) -> np.ndarray:
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a


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
        object.__setattr__(self, "actions", _frozen(self.actions))
        object.__setattr__(self, "payoffs", _frozen(self.payoffs))
        object.__setattr__(self, "provision", float(self.provision))
        object.__setattr__(self, "welfare", float(np.sum(self.payoffs)))
