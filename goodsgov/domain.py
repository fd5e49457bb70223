"""The benefit domain: who is affected by whose provision, from the states' geography.

``D[i, j]`` (:attr:`goodsgov.Scenario.reach`) is the share of state *j*'s
non-excludable benefit that reaches *i*; ``N[i, j]``
(:attr:`goodsgov.Scenario.excludable_reach`) how much of *j*'s excludable
benefit *i* can draw on when admitted to it. With the spillover range
``"auto"`` the non-excludable share reaches every state (``D = 1``) and the
excludable share stays in the provider's context: its partners, and for a
non-rival good its region (Betts 2010's "geographic confinement")::

    N[i, j] = 1 (i = j or partners), else (1 - r) [same region].

The ``exchange`` range is the domain of an exchange of workers between
sending and receiving states (:attr:`goodsgov.State.role`): the
non-excludable share reaches every state (``D = 1``) and the excludable
share the states on the other side (Betts 2010: skilled labour migration's
benefits accrue "almost exclusively to the sending State, the receiving
State and the migrant")::

    N[i, j] = 1 (i = j or role_i != role_j), else 0.

A sending state's provision (the skilled workers it trains and lets go)
reaches the receiving states admitted to it, crowded among them (rivalry:
receivers compete for a finite pool); a receiving state's (the places it
opens) reaches the sending states admitted to it. States on the same side
draw nothing on each other. An explicit range sets ``D = N``: ``global``
every state, ``regional`` the provider's region, ``bilateral`` the provider
and its partners, ``none`` the provider.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .errors import invalid
from .goods import Good, Spillover
from .states import State

__all__ = ["reach_matrix", "excludable_reach", "auto_excludable_reach", "exchange_sides", "geography"]


def _same_region(states: Sequence[State]) -> np.ndarray:
    regions = np.array([s.region for s in states])
    return regions[:, None] == regions[None, :]


def _partners(states: Sequence[State]) -> np.ndarray:
    n = len(states)
    inside = np.eye(n, dtype=bool)
    index = {s.name: i for i, s in enumerate(states)}
    for j, s in enumerate(states):
        for p in s.partners:
            inside[index[p], j] = inside[j, index[p]] = True
    return inside


def exchange_sides(states: Sequence[State]) -> np.ndarray:
    """``[i, j]``: *i* is *j* or on the other side of the exchange from *j*.

    A state without a role takes part on neither side; the exchange needs
    at least one sending and one receiving state.

    >>> from goodsgov import State
    >>> exchange_sides([State("A", role="sending"), State("B", role="receiving"),
    ...                 State("C", role="sending"), State("D")]).astype(int).tolist()
    [[1, 1, 0, 0], [1, 1, 1, 0], [0, 1, 1, 0], [0, 0, 0, 1]]
    """
    roles = np.array([s.role or "" for s in states])
    for side in ("sending", "receiving"):
        if side not in roles:
            raise invalid("states.role", sorted(set(s.role for s in states), key=str),
                          f"the exchange benefit domain needs at least one {side} state "
                          "(State(role='sending') or State(role='receiving'))")
    sides = (roles[:, None] != roles[None, :]) & (roles[:, None] != "") & (roles[None, :] != "")
    return sides | np.eye(len(states), dtype=bool)


def geography(states: Sequence[State]) -> tuple[np.ndarray, np.ndarray]:
    """The partner and same-region masks of ``states`` (``[i, j]``: *i* and *j* are
    partners or the same state; *i* and *j* share a region)."""
    return _partners(states), _same_region(states)


def reach_matrix(good: Good, states: Sequence[State]) -> np.ndarray:
    """The benefit domain ``D`` that the good's spillover range implies.

    >>> from goodsgov import Good, State
    >>> g = Good("x", excludability=0.75, rivalry=0.0, spillover="regional")
    >>> reach_matrix(g, [State("A", "r1"), State("B", "r1"), State("C", "r2")]).tolist()
    [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    n = len(states)
    spill = good.spillover
    if spill in (Spillover.AUTO, Spillover.GLOBAL, Spillover.EXCHANGE):
        return np.ones((n, n))
    if spill is Spillover.REGIONAL:
        return _same_region(states).astype(float)
    if spill is Spillover.BILATERAL:
        return _partners(states).astype(float)
    return np.eye(n)


def excludable_reach(good: Good, states: Sequence[State]) -> np.ndarray:
    """``N``: where the excludable share can go (``D`` unless the range is ``auto``).

    >>> from goodsgov import Good, State
    >>> g = Good("x", excludability=0.9, rivalry=0.75)
    >>> excludable_reach(g, [State("A", "r1", partners=("C",)), State("B", "r1"),
    ...                      State("C", "r2", partners=("A",))]).tolist()
    [[1.0, 0.25, 1.0], [0.25, 1.0, 0.0], [1.0, 0.0, 1.0]]
    """
    if good.spillover is Spillover.EXCHANGE:
        return exchange_sides(states).astype(float)
    if good.spillover is not Spillover.AUTO:
        return reach_matrix(good, states)
    return auto_excludable_reach(_partners(states), _same_region(states), good.rivalry)


def auto_excludable_reach(partners: np.ndarray, same_region: np.ndarray, rivalry: float) -> np.ndarray:
    """``N`` of the ``auto`` domain from the partner and same-region masks."""
    return np.where(partners, 1.0, (1.0 - rivalry) * same_region)
