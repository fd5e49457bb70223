"""Levers of cooperation applied to a scenario's agreements and deals.

The seeds name the levers that move states towards cooperation: side
payments and issue linkage (Geddes), and external actors funding regional
processes "from above" and "from beyond" (Lavenex et al.). Accounting is
honest: a donor's outlay is a cost, transfers net to zero, and no lever
creates welfare (:func:`goodsgov.predict_governance` reports welfare net
of the outlay).

* ``funding``: the share of members' provision costs that a donor pays
  (Lavenex et al.'s regions "from beyond"). It lowers what members pay,
  so they provide more; the donor's outlay counts against welfare.
* ``side_payment``: a transfer a donor pays each member of an agreement
  (or holder of a deal), forfeited by leaving it (Carraro & Siniscalco
  1993); it moves stability, not welfare.
* ``budget``: the donor's budget. When funding and side payments would
  cost more, the donor scales both down by one factor, to the point where
  it spends exactly its budget.
* ``transfers``: members share their agreement's surplus, so an agreement
  holds when the members' summed gain from leaving is not positive
  (potential internal stability; Carraro, Eyckmans & Finus 2006).
* ``linkage``: a second issue (a :class:`goodsgov.Scenario` over the same
  states) negotiated in the same agreements: a state that leaves leaves
  both, welfare adds up over the issues, and one institution's decision
  costs serve both (issue linkage: Folmer, van Mouche & Ragland 1993;
  Keohane 1982 on issue density).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import _checks
from .scenario import Scenario

__all__ = ["Levers"]

_FIELDS = ("side_payment", "funding", "budget", "transfers", "linkage")


@dataclass(frozen=True)
class Levers:
    """Funding, side payments (within a budget), transfers and issue linkage.

    >>> Levers(side_payment=1.0).active
    ('side_payment',)
    >>> Levers(funding=0.5, budget=10.0).active
    ('funding',)
    """

    side_payment: float = 0.0
    funding: float = 0.0
    budget: float = math.inf
    transfers: bool = False
    linkage: object = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "side_payment",
                           _checks.real("levers.side_payment", self.side_payment, low=0.0))
        object.__setattr__(self, "funding", _checks.real("levers.funding", self.funding, low=0.0,
                                                         high=1.0, high_open=True))
        object.__setattr__(self, "budget", _checks.real("levers.budget", self.budget, low=0.0,
                                                        allow_inf=True))
        if not isinstance(self.transfers, bool):
            raise _checks.invalid("levers.transfers", self.transfers, "must be True or False")
        if self.linkage is not None and not isinstance(self.linkage, Scenario):
            raise _checks.invalid("levers.linkage", self.linkage,
                                  "must be None or a goodsgov.Scenario of the linked issue")

    @property
    def active(self) -> tuple[str, ...]:
        """Names of the levers in use (the budget is a limit, not a lever)."""
        on = {"side_payment": self.side_payment > 0, "funding": self.funding > 0,
              "transfers": self.transfers, "linkage": self.linkage is not None}
        return tuple(k for k, v in on.items() if v)

    def only(self, name: str) -> "Levers":
        """These levers with every lever but ``name`` switched off (the budget kept)."""
        return Levers(**{name: getattr(self, name)}, budget=self.budget)

    @classmethod
    def coerce(cls, value) -> "Levers":
        """Accept ``None``, a :class:`Levers` or a mapping of its fields."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            unknown = set(value) - set(_FIELDS)
            if unknown:
                raise _checks.invalid("levers", sorted(unknown)[0],
                                      "keys must be among " + ", ".join(_FIELDS))
            return cls(**value)
        raise _checks.invalid("levers", value, "must be None, a goodsgov.Levers or a dict of its fields")
