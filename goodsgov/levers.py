"""Levers of cooperation applied to a scenario's agreements.

The seeds name the levers that move states towards cooperation: side
payments and issue linkage (Geddes), and external actors funding
regional processes "from above" and "from beyond" (Lavenex et al.).
:class:`Levers` applies them to the agreements of a contribution game
(see :func:`goodsgov.predict_governance`):

* ``side_payment``: a transfer each member of an agreement receives from
  outside the agreement (a donor) and forfeits by leaving it
  (Carraro & Siniscalco 1993, transfers to stabilise coalitions);
* ``linkage``: a gain each member draws per fellow member from a linked
  issue (trade, development, security), lost by leaving (Geddes on issue
  linkage; Martin 1992's suasion game broken by linkage);
* ``funding``: the share of members' provision costs that an external
  funder pays (Lavenex et al.'s regions "from beyond"); a state leaving
  the agreement pays its full cost again.

None of them changes a state's payoff from the good itself; side payments
and funding are outlays of an outside actor, reported separately.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _checks

__all__ = ["Levers"]


@dataclass(frozen=True)
class Levers:
    """Side payment, issue linkage and external funding for every agreement.

    >>> Levers(side_payment=1.0).active
    ('side_payment',)
    """

    side_payment: float = 0.0
    linkage: float = 0.0
    funding: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "side_payment",
                           _checks.real("levers.side_payment", self.side_payment, low=0.0))
        object.__setattr__(self, "linkage", _checks.real("levers.linkage", self.linkage, low=0.0))
        object.__setattr__(self, "funding", _checks.real("levers.funding", self.funding, low=0.0,
                                                         high=1.0, high_open=True))

    @property
    def active(self) -> tuple[str, ...]:
        """Names of the levers set above zero."""
        return tuple(k for k in ("side_payment", "linkage", "funding") if getattr(self, k) > 0)

    def forfeit(self, size: int) -> float:
        """What a member of an agreement of ``size`` states loses by leaving it (besides the good)."""
        return self.side_payment + self.linkage * (size - 1)

    @classmethod
    def coerce(cls, value) -> "Levers":
        """Accept ``None``, a :class:`Levers` or a mapping of its fields."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            unknown = set(value) - {"side_payment", "linkage", "funding"}
            if unknown:
                raise _checks.invalid("levers", sorted(unknown)[0],
                                      "keys must be among side_payment, linkage, funding")
            return cls(**value)
        raise _checks.invalid("levers", value, "must be None, a goodsgov.Levers or a dict of its fields")
