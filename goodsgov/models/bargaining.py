"""Bilateral bargaining: the (generalised) Nash solution and Rubinstein's shares.

Skilled labour migration is governed unilaterally or by bilateral deals;
how a deal's surplus is split between a receiving and a sending state is a
bargaining problem.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .. import _checks
from ..errors import invalid

__all__ = ["NashBargain", "nash_bargaining", "nash_splits", "rubinstein_share"]


@dataclass(frozen=True)
class NashBargain:
    """Outcome of :func:`nash_bargaining` (inputs, payoffs and whether a deal is made)."""

    surplus: float
    disagreement: tuple[float, float]
    weight: float
    payoffs: tuple[float, float]
    agreement: bool

    @property
    def gains(self) -> tuple[float, float]:
        """Each party's gain over its disagreement payoff."""
        return (self.payoffs[0] - self.disagreement[0], self.payoffs[1] - self.disagreement[1])


@_checks.guarded
def nash_bargaining(surplus: float, disagreement: float | Sequence[float],
                    weight: float = 0.5) -> NashBargain:
    """Generalised Nash bargaining solution for splitting ``surplus`` between two parties.

    Maximises ``(u1 - d1)**w (u2 - d2)**(1 - w)`` subject to ``u1 + u2 =
    surplus`` (Nash 1950; Kalai 1977 for the asymmetric weight ``w``), so
    ``u1 = d1 + w (surplus - d1 - d2)`` and ``u2 = d2 + (1 - w)(surplus - d1
    - d2)``. ``disagreement`` is the pair ``(d1, d2)`` (a scalar is used for
    both). When ``surplus < d1 + d2`` no agreement is individually rational:
    ``agreement`` is False and each party keeps its disagreement payoff
    (a shortfall within rounding, 1e-12 relative, still counts as a deal).

    >>> nash_bargaining(10.0, (2.0, 4.0), weight=0.5).payoffs
    (4.0, 6.0)
    """
    surplus = _checks.real("surplus", surplus)
    if isinstance(disagreement, (numbers.Number, str, bytes)) or (
            isinstance(disagreement, np.ndarray) and disagreement.ndim == 0):
        d0 = _checks.real("disagreement", disagreement)
        d = (d0, d0)
    else:
        d = _checks.array("disagreement", disagreement, shape=(2,))
    w = _checks.real("weight", weight, low=0.0, high=1.0)
    d1, d2 = float(d[0]), float(d[1])
    u1, u2, agreed = _splits(np.array([surplus]), np.array([d1]), np.array([d2]), w)
    return NashBargain(surplus, (d1, d2), w, (float(u1[0]), float(u2[0])), bool(agreed[0]))


def _splits(surplus: np.ndarray, d1: np.ndarray, d2: np.ndarray, w: float):
    """The generalised Nash solution of many pairs at once (validated inputs)."""
    gain = surplus - (d1 + d2)
    scale = np.maximum(np.maximum(np.abs(surplus), np.abs(d1)), np.abs(d2))
    agreed = gain >= -1e-12 * scale                # relative: any units
    gain = np.maximum(gain, 0.0)                   # rounding at the frontier
    u1 = np.where(agreed, d1 + w * gain, d1)
    u2 = np.where(agreed, surplus - d1 - w * gain, d2)
    return u1, u2, agreed


@_checks.guarded
def nash_splits(surplus, disagreement=0.0, weight: float = 0.5):
    """:func:`nash_bargaining` of many pairs at once: arrays ``(u1, u2, agreement)``.

    ``surplus``: one value per pair; ``disagreement``: a scalar for every
    party, or an array of shape ``(pairs, 2)``. Used for the terms of every
    deal of a prediction (:class:`goodsgov.BilateralDeals`).

    >>> u1, u2, agreed = nash_splits([10.0, 1.0], [[2.0, 4.0], [1.0, 1.0]])
    >>> u1.tolist(), u2.tolist(), agreed.tolist()
    ([4.0, 1.0], [6.0, 1.0], [True, False])
    """
    v = _checks.array("surplus", surplus, ndim=1)
    if np.ndim(disagreement) == 0:
        d0 = _checks.real("disagreement", disagreement)
        d = np.full((v.size, 2), d0)
    else:
        d = _checks.array("disagreement", disagreement, shape=(v.size, 2))
    w = _checks.real("weight", weight, low=0.0, high=1.0)
    return _splits(v, d[:, 0], d[:, 1], w)


@_checks.guarded
def rubinstein_share(delta: float, delta_other: float | None = None) -> float:
    """First proposer's share of a unit pie in Rubinstein's (1982) alternating offers.

    With discount factors ``delta`` (the first proposer) and ``delta_other``
    (the responder; defaults to ``delta``) the unique subgame-perfect share
    is ``(1 - delta_other) / (1 - delta * delta_other)`` (Rubinstein 1982,
    Theorem); with a common factor it is ``1 / (1 + delta)``. Factors lie in
    [0, 1]; they cannot both be 1 (the split is then indeterminate).

    >>> rubinstein_share(0.5)
    0.6666666666666666
    >>> rubinstein_share(0.9, 0.5)
    0.9090909090909091
    """
    d1 = _checks.real("delta", delta, low=0.0, high=1.0)
    d2 = d1 if delta_other is None else _checks.real("delta_other", delta_other, low=0.0, high=1.0)
    if d1 == 1.0 and d2 == 1.0:
        raise invalid("delta", (d1, d2), "the two discount factors cannot both be 1")
    return (1.0 - d2) / (1.0 - d1 * d2)
