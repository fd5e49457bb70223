"""Irregular migration from geography: land borders and distance decay.

The control of irregular migration is a club good whose benefits are
"geographically confined within a particular regional context" (Betts 2010).
Here the context is measured, not labelled: irregular movement crosses
land borders and falls off with distance (the distance decay of migration
flows: Ravenstein 1885, "The laws of migration", *Journal of the
Statistical Society of London* 48(2): 167-235; Zipf 1946, "The P1 P2/D
hypothesis", *American Sociological Review* 11(6): 677-686). The share of
state *j*'s control that reaches state *i*::

    D[i, j] = max(floor, border * B[i, j], exp(-d[i, j] / scale))   (i != j),  D[i, i] = 1

``B[i, j]``: *i* and *j* share a land border (GeoNames, via
:func:`goodsgov.world.neighbours_matrix`); ``d[i, j]``: great-circle
distance in km between their reference points
(:func:`goodsgov.world.distance_matrix`); ``scale``: the distance in km at
which the reach falls to 1/e (37 %). Default (a modelling choice):
:func:`neighbour_distance`, the median distance between the reference
points of land neighbours (about 780 km), so a state as far as a typical
neighbour but across the sea is reached at 1/e. ``border``: the reach of
a land neighbour's control (default 1: a shared land border is the route
irregular movement takes); ``floor``: the share every state receives
wherever it is (default 0). No migration-corridor data are shipped, so
corridors do not enter.

>>> import goodsgov.calibration as cal
>>> d = cal.border_domain(["FRA", "ESP", "GBR", "AUS"])
>>> float(d[0, 1]), bool(1 > d[0, 2] > d[0, 3])
(1.0, True)
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from .. import world
from ._common import codes as _codes
from ._common import positive, unit_share

__all__ = ["border_domain", "neighbour_distance"]


@functools.lru_cache(maxsize=1)
def neighbour_distance() -> float:
    """The median great-circle distance in km between the reference points of the UN member
    states that share a land border (each pair once): the default ``scale`` of
    :func:`border_domain`.

    >>> 700 < neighbour_distance() < 900
    True
    """
    d = world.distance_matrix().to_numpy()
    b = world.neighbours_matrix().to_numpy()
    return float(np.median(d[np.triu(b, 1)]))


def border_domain(codes: Sequence[str], *, scale: float | None = None, border: float = 1.0,
                  floor: float = 0.0) -> np.ndarray:
    """The benefit domain of irregular-migration control among ``codes`` (module docstring).

    An n x n symmetric array in [0, 1] with 1 on the diagonal, in the order of
    ``codes``. ``scale`` (km, > 0; None: :func:`neighbour_distance`),
    ``border`` and ``floor`` (shares in [0, 1]) as above.

    >>> d = border_domain(["DEU", "POL", "JPN"], scale=500.0, floor=0.05)
    >>> float(d[0, 1]), round(float(d[0, 2]), 2)
    (1.0, 0.05)
    """
    selected = _codes(codes)
    scale = neighbour_distance() if scale is None else positive("scale", scale)
    border = unit_share("border", border)
    floor = unit_share("floor", floor)
    d = world.distance_matrix(selected).to_numpy()
    b = world.neighbours_matrix(selected).to_numpy()
    out = np.maximum(np.exp(-d / scale), border * b)
    out = np.maximum(floor, out)
    np.fill_diagonal(out, 1.0)
    return out
