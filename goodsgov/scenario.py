"""Scenarios: a good, the states, and who benefits from whose provision.

Three primitives, each used one way in welfare, stability and the level
(``docs/explanation.md``):

* **Benefit domain** ``D[i, j]`` (:attr:`Scenario.reach`): the share of
  state *j*'s non-excludable benefit that reaches *i*, a property of the
  states' geography and the good's spillover range;
  ``N[i, j]`` (:attr:`Scenario.excludable_reach`): how much of *j*'s
  excludable benefit *i* can draw on when it is admitted to it.
* **Excludability** ``e``: the share of a unit's benefit that can be
  withheld from states not admitted to it. States are admitted to the
  provision of the members of their agreement (and of their deal
  partners); everyone else gets only the non-excludable share.
* **Rivalry** ``r``: congestion among the admitted users of the excludable
  share (Buchanan 1965's membership margin; Sandler & Tschirhart 1980).

The unit benefit to *i* of *j*'s provision is the joint product of a
public and an excludable characteristic (Cornes & Sandler 1984)::

    W[i, j] = (1 - e) D[i, j] + admitted[i, j] e N[i, j] / (1 + r o_j),

with ``o_j`` the users of *j*'s excludable benefit admitted besides *j*
(``sum_{i != j} admitted[i, j] N[i, j]``). With the spillover
range left at ``"auto"`` the domain follows Betts's (2010) reading of the
club good's excludability as "geographic confinement within a particular
regional context": the non-excludable share reaches every state
(``D = 1``), the excludable share stays in the provider's context, which
for a non-rival good is its region and for a rival one the partners it
exchanges with ("accruing almost exclusively to the sending State, the
receiving State and the migrant")::

    N[i, j] = 1 (i = j or partners), else (1 - r) [same region].

An explicit range sets ``D = N``: ``global`` every state, ``regional`` the
provider's region, ``bilateral`` the provider and its partners, ``none``
the provider; an explicit ``reach`` matrix sets ``D = N = reach``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from . import _checks, scenario_io
from .domain import excludable_reach, reach_matrix
from .goods import Good
from .solvers.contribution.provision import unit_matrix
from .solvers.contribution.records import scenario_record
from .states import State

__all__ = ["Scenario", "read_scenario", "write_scenario", "scenario_from_toml", "scenario_to_toml"]


def _readonly(a) -> np.ndarray:
    a = np.array(a)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class Scenario:
    """A validated, immutable governance scenario.

    ``good``: the :class:`~goodsgov.Good`; ``states``: the players;
    ``reach``: an optional explicit benefit domain (``D = N = reach``; else
    derived from the good and the states); ``regions``: optional list of
    allowed region names (a state in another region is an error). Arrays
    are exposed read-only: ``benefit``, ``cost``, ``capacity``,
    ``private_benefit``, ``reach`` (``D``), ``excludable_reach`` (``N``),
    ``region_labels`` and ``spill`` (``W`` with every state acting alone).
    ``reach_explicit`` says whether ``reach`` was given.

    >>> from goodsgov import Good, State, Scenario
    >>> s = Scenario(Good("x", 0.1, 0.1), [State("A"), State("B")])
    >>> s.n_states, s.spill.shape, s.reach_explicit
    (2, (2, 2), False)
    """

    good: Good
    states: tuple[State, ...]
    reach: np.ndarray | None = None
    regions: tuple[str, ...] | None = None
    name: str = ""
    excludable_reach: np.ndarray = field(init=False, repr=False)
    reach_explicit: bool = field(init=False, repr=False)
    region_labels: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731
        if not isinstance(self.good, Good):
            raise _checks.invalid("good", self.good, "must be a goodsgov.Good")
        if isinstance(self.states, (str, bytes, State)):
            raise _checks.invalid("states", self.states, "must be a sequence of goodsgov.State")
        try:
            states = tuple(self.states)
        except TypeError:
            raise _checks.invalid("states", self.states, "must be a sequence of goodsgov.State") from None
        if not states:
            raise _checks.invalid("states", [], "must contain at least one state")
        for s in states:
            if not isinstance(s, State):
                raise _checks.invalid("states", s, "every entry must be a goodsgov.State")
        seen: set[str] = set()
        for s in states:
            if s.name in seen:
                raise _checks.invalid("states.name", s.name, "state names must be unique")
            seen.add(s.name)
        for s in states:
            for p in s.partners:
                if p not in seen:
                    raise _checks.invalid(f"state[{s.name!r}].partners", p,
                                          "must name states of the scenario")
        set_("states", states)
        if self.regions is not None:
            if isinstance(self.regions, (str, bytes)):
                raise _checks.invalid("regions", self.regions,
                                      "must be a sequence of region names, not one string")
            try:
                regions = tuple(self.regions)
            except TypeError:
                raise _checks.invalid("regions", self.regions, "must be a sequence of region names") from None
            for r in regions:
                if not isinstance(r, str):
                    raise _checks.invalid("regions", r, "every region name must be a string")
            for s in states:
                if s.region not in regions:
                    raise _checks.invalid(f"state[{s.name!r}].region", s.region,
                                          "must be one of the scenario's regions: " + ", ".join(regions))
            set_("regions", regions)
        n = len(states)
        if self.good.weights is not None and len(self.good.weights) != n:
            raise _checks.invalid("good.weights", f"<{len(self.good.weights)} weights>",
                                  f"must have one weight per state ({n})")
        set_("reach_explicit", self.reach is not None)
        if self.reach is None:
            domain = reach_matrix(self.good, states)
            exclusive = excludable_reach(self.good, states)
        else:
            domain = _checks.array("reach", self.reach, shape=(n, n), low=0.0, high=1.0)
            exclusive = domain
        set_("reach", _readonly(np.array(domain, dtype=float)))
        set_("excludable_reach", _readonly(np.array(exclusive, dtype=float)))
        _, labels = np.unique(np.array([s.region for s in states]), return_inverse=True)
        set_("region_labels", _readonly(labels.reshape(n).astype(np.int64)))
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

    @property
    def spill(self) -> np.ndarray:
        """``W`` when every state acts alone (admitted only to its own provision)."""
        return _readonly(unit_matrix(scenario_record(self), np.eye(self.n_states, dtype=bool)))

    def _column(self, key: str) -> np.ndarray:
        return _readonly(np.array([getattr(s, key) for s in self.states], dtype=float))

    benefit = property(lambda self: self._column("benefit"), doc="Benefit weights, one per state.")
    cost = property(lambda self: self._column("cost"), doc="Cost curvatures, one per state.")
    capacity = property(lambda self: self._column("capacity"), doc="Capacities, one per state.")
    private_benefit = property(lambda self: self._column("private_benefit"),
                               doc="Private benefits of own provision, one per state.")

    # ----------------------------------------------------------- copies
    def replace(self, **changes) -> "Scenario":
        """A copy with some fields changed; an explicit reach matrix is kept
        (pass ``reach=None`` to derive it again), a derived one re-derived."""
        fields = {"good": self.good, "states": self.states,
                  "reach": self.reach if self.reach_explicit else None,
                  "regions": self.regions, "name": self.name}
        unknown = set(changes) - set(fields)
        if unknown:
            raise _checks.invalid(sorted(unknown)[0], "<given>",
                                  "is not a field of Scenario; fields: " + ", ".join(fields))
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
        reach = self.reach[np.ix_(order, order)] if self.reach_explicit else None
        return Scenario(good=good, states=[self.states[k] for k in order], reach=reach,
                        regions=self.regions, name=self.name)

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
        return scenario_io.read_file(path, cls)

    def to_toml(self, path) -> None:
        """Write this scenario to a TOML file that :meth:`from_toml` reads back exactly."""
        scenario_io.write_file(self, path)

    # ----------------------------------------------------------- equality
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return (self.good == other.good and self.states == other.states
                and self.regions == other.regions and self.name == other.name
                and np.array_equal(self.reach, other.reach)
                and np.array_equal(self.excludable_reach, other.excludable_reach))

    __hash__ = None  # type: ignore[assignment]


# --------------------------------------------------------------------- files
def scenario_from_toml(text: str, source: str = "<string>") -> Scenario:
    """Parse scenario TOML ``text`` (the layout of :mod:`goodsgov.scenario_io`);
    ``source`` names it in error messages.

    >>> scenario_from_toml('[good]\\nname = "x"\\nexcludability = 0.1\\nrivalry = 2.0\\n'
    ...                    '[[states]]\\nname = "A"\\n')
    Traceback (most recent call last):
    ...
    goodsgov.errors.ScenarioFileError: <string>: key 'good.rivalry' = 2.0 is invalid: must be in [0.0, 1.0]
    """
    return scenario_io.from_toml_text(text, source, Scenario)


def scenario_to_toml(scenario: Scenario) -> str:
    """The TOML text of ``scenario``.

    >>> import goodsgov as gg
    >>> text = scenario_to_toml(gg.refugee_protection(n_states=3, n_regions=1))
    >>> scenario_from_toml(text) == gg.refugee_protection(n_states=3, n_regions=1)
    True
    """
    return scenario_io.to_toml_text(_scenario(scenario))


def read_scenario(path) -> Scenario:
    """Read the scenario TOML file ``path`` (see :meth:`Scenario.from_toml`)."""
    return Scenario.from_toml(path)


def write_scenario(scenario: Scenario, path) -> None:
    """Write ``scenario`` to the TOML file ``path`` (overwriting it)."""
    scenario_io.write_file(_scenario(scenario), path)


def _scenario(value) -> Scenario:
    if not isinstance(value, Scenario):
        raise _checks.invalid("scenario", value, "must be a goodsgov.Scenario")
    return value
