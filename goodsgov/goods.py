"""The typology of goods: what kind of good a piece of governance provides.

The 2x2 of excludability and rivalry (Samuelson 1954; Buchanan 1965;
Ostrom & Ostrom 1977) sorts goods into public, club, private and
common-pool goods. Betts (2010, Table 1) places refugee protection,
control of irregular migration and skilled labour migration in three of
its cells; goodsgov keeps both coordinates continuous in [0, 1] so that
the boundary can be swept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Mapping, Sequence

from . import _checks

__all__ = ["GoodType", "Spillover", "Aggregation", "Good", "classify", "good_type_of", "BETTS_GOODS"]


class GoodType(str, Enum):
    """Cell of the excludability x rivalry square."""

    PUBLIC = "public"
    CLUB = "club"
    PRIVATE = "private"
    COMMON_POOL = "common_pool"

    @property
    def label(self) -> str:
        """The name used in Betts's Table 1 ("Public good", ...)."""
        return {"public": "Public good", "club": "Club good", "private": "Private good",
                "common_pool": "Common-pool resource"}[self.value]


class Spillover(str, Enum):
    """How far the benefits of one state's provision travel (the benefit domain).

    ``AUTO`` (the default) derives it from the good and the states'
    geography, following Betts's (2010) reading of excludability as
    geographic confinement: the non-excludable share of the benefit reaches
    every state, the excludable share the provider's region and partners
    (see :mod:`goodsgov.scenario`). ``EXCHANGE`` is the domain of an
    exchange between sending and receiving states (:attr:`State.role`): the
    non-excludable share reaches every state, the excludable share the states
    on the other side of the exchange. The others fix the domain explicitly.
    """

    AUTO = "auto"            # from excludability and the states' regions and partners
    GLOBAL = "global"        # every state
    REGIONAL = "regional"    # the provider's region only
    BILATERAL = "bilateral"  # the provider and its partners only
    NONE = "none"            # the provider only
    EXCHANGE = "exchange"    # excludable share: the other side of an exchange (State.role)


class Aggregation(str, Enum):
    """Aggregation technology: how contributions add up to the good (Hirshleifer 1983)."""

    SUMMATION = "summation"
    WEIGHTED = "weighted"
    WEAKEST_LINK = "weakest_link"
    BEST_SHOT = "best_shot"
    THRESHOLD = "threshold"


def classify(excludability: float, rivalry: float, *, cutoff: float = 0.5) -> GoodType:
    """Map (excludability, rivalry) in [0, 1]² to a :class:`GoodType`.

    A coordinate at or above ``cutoff`` counts as excludable / rival.

    >>> classify(0.1, 0.1), classify(0.9, 0.1), classify(0.9, 0.9), classify(0.1, 0.9)
    (<GoodType.PUBLIC: 'public'>, <GoodType.CLUB: 'club'>, <GoodType.PRIVATE: 'private'>, <GoodType.COMMON_POOL: 'common_pool'>)
    """
    e = _checks.real("excludability", excludability, low=0.0, high=1.0)
    r = _checks.real("rivalry", rivalry, low=0.0, high=1.0)
    c = _checks.real("cutoff", cutoff, low=0.0, high=1.0, low_open=True, high_open=True)
    return good_type_of(e, r, c)


def good_type_of(e: float, r: float, cutoff: float = 0.5) -> GoodType:
    """:func:`classify` of values already checked (a sweep's points)."""
    if e >= cutoff:
        return GoodType.PRIVATE if r >= cutoff else GoodType.CLUB
    return GoodType.COMMON_POOL if r >= cutoff else GoodType.PUBLIC


@dataclass(frozen=True)
class Good:
    """A good that migration governance provides.

    ``excludability``: how far the provider can keep outsiders from the
    benefit (0 = not at all). ``rivalry``: how far one beneficiary's use
    diminishes another's (0 = not at all; modelled as congestion).
    ``spillover``: how far benefits travel (:class:`Spillover`; default
    ``"auto"``: from excludability and the states' geography).
    ``aggregation``: how contributions combine (:class:`Aggregation`);
    ``weights`` are the per-state weights of the weighted sum.

    >>> g = Good("refugee protection", excludability=0.1, rivalry=0.1)
    >>> g.good_type, g.spillover
    (<GoodType.PUBLIC: 'public'>, <Spillover.AUTO: 'auto'>)
    """

    name: str
    excludability: float
    rivalry: float
    spillover: Spillover | str = Spillover.AUTO
    aggregation: Aggregation | str = Aggregation.SUMMATION
    weights: Sequence[float] | None = None
    good_type: GoodType = field(init=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise _checks.invalid("good.name", _checks.brief(self.name), "must be a non-empty string")
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731
        set_("excludability", _checks.real("good.excludability", self.excludability, low=0.0, high=1.0))
        set_("rivalry", _checks.real("good.rivalry", self.rivalry, low=0.0, high=1.0))
        set_("spillover", Spillover(_checks.choice("good.spillover", _value(self.spillover),
                                                   [s.value for s in Spillover])))
        set_("aggregation", Aggregation(_checks.choice("good.aggregation", _value(self.aggregation),
                                                       [a.value for a in Aggregation])))
        if self.weights is not None:
            w = _checks.array("good.weights", self.weights, ndim=1, low=0.0, nonempty=True)
            set_("weights", tuple(float(x) for x in w))
        elif self.aggregation is Aggregation.WEIGHTED:
            raise _checks.invalid("good.weights", None, "a weighted sum needs one weight per state")
        set_("good_type", classify(self.excludability, self.rivalry))

    def replace(self, **changes) -> "Good":
        """A copy with some fields changed (validated again)."""
        fields = {k: getattr(self, k) for k in
                  ("name", "excludability", "rivalry", "spillover", "aggregation", "weights")}
        for key in changes:
            if key not in fields:
                raise _checks.invalid(key, _checks.brief(changes[key]),
                                      "is not a field of Good; fields: " + ", ".join(fields))
        fields.update(changes)
        return Good(**fields)


def _value(x):
    return x.value if isinstance(x, Enum) else x


#: The goods of Betts's (2010, Table 1) three rows, by area key. Each primitive is argued from
#: Betts's text in its constructor's docstring (:mod:`goodsgov.canonical`); the constructors'
#: defaults and the calibrated world (:mod:`goodsgov.calibration`) both read them here.
BETTS_GOODS: Mapping[str, Good] = MappingProxyType({
    "refugee_protection": Good("refugee protection", excludability=0.1, rivalry=0.1),
    "irregular_migration": Good("control of irregular migration", excludability=0.9, rivalry=0.1),
    "skilled_labour": Good("skilled labour migration", excludability=0.95, rivalry=0.9,
                           spillover=Spillover.EXCHANGE),
})
