"""States: the players of every governance game.

Betts (2010, citing Betts 2011) names three aims of migration governance —
security, the economy and rights — and notes that states weigh them
differently, so the same good is worth more to some states than to others.
A :class:`State` carries that valuation as a single benefit weight, which
may be built from the aims with :meth:`State.from_aims`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping, Sequence

from . import _checks

__all__ = ["State", "AIMS", "NUMERIC_FIELDS", "ROLES"]

#: What :class:`State` accepts for each numeric field (arguments of :func:`goodsgov._checks.real`).
NUMERIC_FIELDS = {"benefit": {"low": 0.0}, "cost": {"low": 0.0, "low_open": True},
                  "capacity": {"low": 0.0, "allow_inf": True}, "private_benefit": {}, "hosting": {"low": 0.0}}

#: A state's side in an exchange of workers (Betts 2010: the benefits of skilled
#: labour migration accrue "almost exclusively to the sending State, the
#: receiving State and the migrant"); ``None``: no side given.
ROLES: tuple[str, ...] = ("sending", "receiving")

#: The three aims of migration governance (Betts 2010).
AIMS: tuple[str, ...] = ("security", "economy", "rights")


@dataclass(frozen=True)
class State:
    """A state with its valuation of the good and its cost of providing it.

    Payoff of state *i* in a contribution game (see
    :class:`goodsgov.games.ContributionGame`)::

        u_i = benefit_i * (provision reaching i) + private_benefit_i * g_i - cost_i * g_i**2 / 2

    with its own contribution ``0 <= g_i <= capacity_i``.

    ``benefit``: how much the state values one unit of the good reaching it.
    ``cost``: curvature of its provision cost (marginal cost ``cost * g``).
    ``capacity``: the most it can provide (``inf``: no limit). ``private_benefit``: the excludable
    gain from its own contribution (e.g. a receiving state's gain from the
    workers it admits). ``partners``: names of the states its provision
    reaches fully under bilateral spillovers (a list, tuple or set of
    strings; a set is stored sorted; an iterator is refused, pass a list).
    ``hosting``: the people it hosts (refugees, survival migrants; from
    data), reported beside its cost share in ``prediction.states``; not a
    term of the payoff. ``role``: its side in an exchange of workers, ``"sending"`` or
    ``"receiving"`` (:data:`ROLES`), or ``None``; used by the ``exchange``
    benefit domain (:class:`goodsgov.Spillover`).

    Numbers are real (bools, strings and complex numbers are refused) with
    magnitude at most ``1e100`` and a cost of at least ``1e-100``
    (:data:`goodsgov._checks.MAX_MAGNITUDE`, :data:`~goodsgov._checks.MIN_POSITIVE`),
    so that the games' products (``benefit**2 / cost``) stay within double
    precision; anything else raises :class:`goodsgov.errors.ValidationError`.

    >>> State("A", region="Europe", benefit=1.0).cost
    1.0
    """

    name: str
    region: str = "world"
    benefit: float = 1.0
    cost: float = 1.0
    capacity: float = float("inf")
    private_benefit: float = 0.0
    partners: tuple[str, ...] = ()
    role: str | None = None
    hosting: float = 0.0
    aims: Mapping[str, float] | None = None
    priorities: Mapping[str, float] | None = None

    def __post_init__(self) -> None:
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731
        if not isinstance(self.name, str) or not self.name.strip():
            raise _checks.invalid("state.name", _checks.brief(self.name), "must be a non-empty string")
        who = f"state[{self.name!r}]"
        if not isinstance(self.region, str) or not self.region.strip():
            raise _checks.invalid(f"{who}.region", _checks.brief(self.region),
                                  "must be a non-empty string")
        for key, allowed in NUMERIC_FIELDS.items():
            set_(key, _checks.real(f"{who}.{key}", getattr(self, key), **allowed))
        partners = _checks.strings(f"{who}.partners", self.partners, nonempty_items=True)
        if self.name in partners:
            raise _checks.invalid(f"{who}.partners", _checks.brief(partners),
                                  "a state cannot partner itself")
        set_("partners", partners)
        if self.role is not None and self.role not in ROLES:
            raise _checks.invalid(f"{who}.role", _checks.brief(self.role),
                                  "must be 'sending', 'receiving' or None")
        for key in ("aims", "priorities"):
            value = getattr(self, key)
            if value is not None:
                set_(key, MappingProxyType(_aim_weights(f"{who}.{key}", value)))

    @classmethod
    def from_aims(cls, name: str, aims: Mapping[str, float], priorities: Mapping[str, float],
                  **kwargs) -> "State":
        """Build a state whose benefit weight is ``sum(aims[k] * priorities[k])``.

        ``aims[k]``: how much the good advances aim *k* (security, economy,
        rights) for this state; ``priorities[k]``: how much the state cares
        about aim *k*. Missing aims count as 0.

        >>> s = State.from_aims("A", aims={"security": 1.0, "rights": 0.5},
        ...                     priorities={"security": 0.2, "rights": 0.8})
        >>> round(s.benefit, 10)
        0.6
        """
        a = _aim_weights(f"state[{name!r}].aims", aims)
        p = _aim_weights(f"state[{name!r}].priorities", priorities)
        benefit = sum(a[k] * p[k] for k in AIMS)
        return cls(name=name, benefit=benefit, aims=a, priorities=p, **kwargs)

    def replace(self, **changes) -> "State":
        """A copy with some fields changed (validated again)."""
        fields = {k: getattr(self, k) for k in self.__dataclass_fields__}
        for key in changes:
            if key not in fields:
                raise _checks.invalid(key, _checks.brief(changes[key]),
                                      "is not a field of State; fields: " + ", ".join(fields))
        if "benefit" in changes:  # an explicit benefit replaces the aims it came from
            fields["aims"] = fields["priorities"] = None
        fields.update(changes)
        return State(**fields)


def _aim_weights(field_name: str, weights: Mapping[str, float]) -> dict[str, float]:
    if not isinstance(weights, Mapping):
        raise _checks.invalid(field_name, _checks.brief(weights),
                              "must be a mapping from aim to weight")
    unknown = [k for k in weights if not isinstance(k, str) or k not in AIMS]
    if unknown:
        raise _checks.invalid(field_name, _checks.brief(unknown[0]),
                              "keys must be among " + ", ".join(AIMS))
    return {k: _checks.real(f"{field_name}[{k!r}]", weights.get(k, 0.0), low=0.0) for k in AIMS}


def states_from_columns(names: Sequence[str], **columns) -> tuple[State, ...]:
    """Build states from parallel sequences (one value per state for each field).

    >>> [s.benefit for s in states_from_columns(["A", "B"], benefit=[1.0, 2.0])]
    [1.0, 2.0]
    """
    names = _checks.strings("names", names)
    n = len(names)
    fields = set(State.__dataclass_fields__) - {"name"}
    for key, col in columns.items():
        if key not in fields:
            raise _checks.invalid(key, _checks.brief(col),
                                  "is not a field of State; fields: " + ", ".join(sorted(fields)))
        col = _checks._materialised(key, col, "a sequence with one value per state")
        if not hasattr(col, "__len__") or not hasattr(col, "__getitem__"):
            raise _checks.invalid(key, _checks.brief(col), "must be a sequence with one value "
                                                           "per state")
        if len(col) != n:
            raise _checks.invalid(key, f"<{len(col)} values>", f"must have one value per state ({n})")
    return tuple(State(name=nm, **{k: col[i] for k, col in columns.items()})
                 for i, nm in enumerate(names))
