"""Scenarios: a good, the states, and who benefits from whose provision.

The reach matrix ``R[i, j]`` is the share of state *j*'s provision that
benefits state *i*. Derived from the good's spillover range (DESIGN §3):

* ``global``: every state is reached fully, ``R = 1``;
* ``regional``: states of the provider's region fully, others ``1 - excludability``;
* ``bilateral``: the provider and its partners fully, others ``1 - excludability``;
* ``none``: the provider fully, others ``1 - excludability``.

Rivalry enters as congestion (Buchanan 1965; Sandler & Tschirhart 1980):
the benefit a beneficiary draws from *j*'s provision is divided by
``1 + rivalry * (m_j - 1)``, where ``m_j = sum_i R[i, j]`` is the number of
states *j*'s provision reaches. A non-rival good (rivalry 0) reaches every
beneficiary whole; a fully rival good (rivalry 1) is split among them, so
the shares sum to one unit per unit provided.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from . import _checks
from .goods import Aggregation, Good, Spillover
from .states import State

__all__ = ["Scenario", "reach_matrix", "fully_reached", "effective_spillovers", "congested"]


def reach_matrix(good: Good, states: Sequence[State]) -> np.ndarray:
    """The reach matrix ``R`` implied by the good's spillover range.

    >>> from goodsgov import Good, State
    >>> g = Good("x", excludability=0.75, rivalry=0.0, spillover="regional")
    >>> reach_matrix(g, [State("A", "r1"), State("B", "r1"), State("C", "r2")]).tolist()
    [[1.0, 1.0, 0.25], [1.0, 1.0, 0.25], [0.25, 0.25, 1.0]]
    """
    return np.where(fully_reached(good.spillover, states), 1.0, 1.0 - good.excludability)


def fully_reached(spillover: Spillover, states: Sequence[State]) -> np.ndarray:
    """``inside[i, j]``: state *i* receives all of *j*'s provision under ``spillover``
    (others receive ``1 - excludability`` of it)."""
    n = len(states)
    if spillover is Spillover.GLOBAL:
        return np.ones((n, n), dtype=bool)
    if spillover is Spillover.REGIONAL:
        regions = np.array([s.region for s in states])
        return regions[:, None] == regions[None, :]
    inside = np.eye(n, dtype=bool)
    if spillover is Spillover.BILATERAL:
        index = {s.name: i for i, s in enumerate(states)}
        for j, s in enumerate(states):
            for p in s.partners:
                inside[index[p], j] = inside[j, index[p]] = True
    return inside


def effective_spillovers(good: Good, reach: np.ndarray) -> np.ndarray:
    """``W[i, j]``: benefit to *i* of one unit provided by *j*, after congestion and weights.

    >>> from goodsgov import Good
    >>> g = Good("x", excludability=0.0, rivalry=1.0, spillover="global")
    >>> effective_spillovers(g, np.ones((2, 2))).tolist()
    [[0.5, 0.5], [0.5, 0.5]]
    """
    weights = good.weights if good.aggregation is Aggregation.WEIGHTED else None
    return congested(reach, good.rivalry, weights)


def congested(reach: np.ndarray, rivalry: float, weights=None) -> np.ndarray:
    """:func:`effective_spillovers` from its parts: the reach matrix, the rivalry
    and the weights of a ``weighted`` aggregation (None otherwise)."""
    users = reach.sum(axis=0)
    w = reach / (1.0 + rivalry * (users - 1.0))[None, :]
    if weights is not None:
        w = w * np.asarray(weights)[None, :]
    return w


@dataclass(frozen=True, eq=False)
class Scenario:
    """A validated, immutable governance scenario.

    ``good``: the :class:`~goodsgov.Good`; ``states``: the players;
    ``reach``: optional explicit reach matrix (else derived from the good);
    ``regions``: optional list of allowed region names (a state in another
    region is an error). Arrays are exposed read-only: ``benefit``,
    ``cost``, ``capacity``, ``private_benefit``, ``reach`` and ``spill``
    (the effective spillover matrix ``W``).

    >>> from goodsgov import Good, State, Scenario
    >>> s = Scenario(Good("x", 0.1, 0.1), [State("A"), State("B")])
    >>> s.n_states, s.spill.shape
    (2, (2, 2))
    """

    good: Good
    states: tuple[State, ...]
    reach: np.ndarray | None = None
    regions: tuple[str, ...] | None = None
    name: str = ""
    spill: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731
        if not isinstance(self.good, Good):
            raise _checks.invalid("good", self.good, "must be a goodsgov.Good")
        try:
            states = tuple(self.states)
        except TypeError:
            raise _checks.invalid("states", self.states, "must be a sequence of goodsgov.State") from None
        if not states:
            raise _checks.invalid("states", [], "must contain at least one state")
        for s in states:
            if not isinstance(s, State):
                raise _checks.invalid("states", s, "every entry must be a goodsgov.State")
        names = [s.name for s in states]
        seen: set[str] = set()
        for nm in names:
            if nm in seen:
                raise _checks.invalid("states.name", nm, "state names must be unique")
            seen.add(nm)
        for s in states:
            for p in s.partners:
                if p not in seen:
                    raise _checks.invalid(f"state[{s.name!r}].partners", p,
                                          "must name states of the scenario")
        set_("states", states)
        if self.regions is not None:
            regions = tuple(self.regions)
            for s in states:
                if s.region not in regions:
                    raise _checks.invalid(f"state[{s.name!r}].region", s.region,
                                          "must be one of the scenario's regions: " + ", ".join(regions))
            set_("regions", regions)
        n = len(states)
        if self.good.weights is not None and len(self.good.weights) != n:
            raise _checks.invalid("good.weights", f"<{len(self.good.weights)} weights>",
                                  f"must have one weight per state ({n})")
        if self.reach is None:
            reach = reach_matrix(self.good, states)
        else:
            reach = _checks.array("reach", self.reach, shape=(n, n), low=0.0, high=1.0)
        reach = np.array(reach, dtype=float)
        reach.setflags(write=False)
        set_("reach", reach)
        spill = effective_spillovers(self.good, reach)
        spill.setflags(write=False)
        set_("spill", spill)
        if not isinstance(self.name, str):
            raise _checks.invalid("name", self.name, "must be a string")

    # ----------------------------------------------------------- views
    @property
    def n_states(self) -> int:
        return len(self.states)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    @property
    def region_of(self) -> tuple[str, ...]:
        """Each state's region, in state order."""
        return tuple(s.region for s in self.states)

    def _column(self, key: str) -> np.ndarray:
        a = np.array([getattr(s, key) for s in self.states], dtype=float)
        a.setflags(write=False)
        return a

    benefit = property(lambda self: self._column("benefit"), doc="Benefit weights, one per state.")
    cost = property(lambda self: self._column("cost"), doc="Cost curvatures, one per state.")
    capacity = property(lambda self: self._column("capacity"), doc="Capacities, one per state.")
    private_benefit = property(lambda self: self._column("private_benefit"),
                               doc="Private benefits of own provision, one per state.")

    # ----------------------------------------------------------- copies
    def replace(self, **changes) -> "Scenario":
        """A copy with some fields changed; the reach matrix is re-derived
        unless it was given explicitly or is given again."""
        fields = {"good": self.good, "states": self.states, "reach": None,
                  "regions": self.regions, "name": self.name}
        fields.update(changes)
        return Scenario(**fields)

    def permuted(self, order: Sequence[int]) -> "Scenario":
        """The same scenario with the states listed in ``order``.

        An explicit reach matrix and per-state weights are permuted with them.
        """
        order = list(order)
        if sorted(order) != list(range(self.n_states)):
            raise _checks.invalid("order", order, f"must be a permutation of 0..{self.n_states - 1}")
        good = self.good
        if good.weights is not None:
            good = good.replace(weights=[good.weights[k] for k in order])
        return Scenario(good=good, states=[self.states[k] for k in order],
                        reach=self.reach[np.ix_(order, order)], regions=self.regions, name=self.name)

    # ----------------------------------------------------------- files
    @classmethod
    def from_toml(cls, path) -> "Scenario":
        """Read a scenario file (TOML); see :mod:`goodsgov.scenario_io` for the layout.

        Raises :class:`goodsgov.errors.ScenarioFileError` naming the file,
        the key and what was expected.

        >>> import os, tempfile, goodsgov as gg
        >>> path = os.path.join(tempfile.mkdtemp(), "refugees.toml")
        >>> gg.refugee_protection(n_states=4, n_regions=2).to_toml(path)
        >>> Scenario.from_toml(path) == gg.refugee_protection(n_states=4, n_regions=2)
        True
        """
        from .scenario_io import read_scenario
        return read_scenario(path)

    def to_toml(self, path) -> None:
        """Write this scenario to a TOML file that :meth:`from_toml` reads back exactly."""
        from .scenario_io import write_scenario
        write_scenario(self, path)

    # ----------------------------------------------------------- equality
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return (self.good == other.good and self.states == other.states
                and self.regions == other.regions and self.name == other.name
                and np.array_equal(self.reach, other.reach))

    __hash__ = None  # type: ignore[assignment]
