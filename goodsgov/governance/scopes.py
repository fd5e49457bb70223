"""The institutional scopes and levels of governance, defined once.

A *scope* is an arrangement states can form for a good: every state alone,
a network of bilateral deals, one agreement per region, one agreement of
all. Every per-scope array in goodsgov (the compiled kernels' results,
``prediction.scopes``, the sweep's columns, the plots' colours) follows
:data:`SCOPE_TABLE`'s order; the compiled kernels index it with the
constants below. Adding a scope means a row here and its solver in
:mod:`goodsgov.governance.kernel`.

>>> [scope.level.value for scope in SCOPE_TABLE]
['unilateral', 'bilateral', 'regional', 'multilateral']
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

__all__ = ["Level", "Scope", "SCOPE_TABLE", "SCOPES", "LEVELS", "LEVEL_CODES", "LEVEL_COLOURS",
           "N_SCOPES", "UNILATERAL", "BILATERAL", "REGIONAL", "MULTILATERAL"]


class Level(str, Enum):
    """Level of governance, from none to multilateral.

    ``REGIONAL`` is club governance (Betts 2010: regional or plurilateral
    cooperation): agreements among some states, the regions' or the clubs
    of mutually linked states in the best deal network."""

    NONE = "none"
    UNILATERAL = "unilateral"
    BILATERAL = "bilateral"
    REGIONAL = "regional"
    MULTILATERAL = "multilateral"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class Scope(NamedTuple):
    """One scope: the ``level`` its arrangement is, the ``arrangement`` in
    words, and its ``colour`` in plots."""

    level: Level
    arrangement: str
    colour: str


#: The scopes in order of breadth (the order of every per-scope array).
SCOPE_TABLE: tuple[Scope, ...] = (
    Scope(Level.UNILATERAL, "every state alone (the Nash equilibrium)", "#ee7733"),
    Scope(Level.BILATERAL, "a network of bilateral deals", "#ccbb44"),
    Scope(Level.REGIONAL, "one agreement per region", "#228833"),
    Scope(Level.MULTILATERAL, "one agreement of all states", "#4477aa"),
)
#: The scopes' levels, in order.
SCOPES: tuple[Level, ...] = tuple(scope.level for scope in SCOPE_TABLE)
#: How many scopes are solved.
N_SCOPES: int = len(SCOPE_TABLE)
#: Each scope's position in the per-scope arrays (the compiled kernels' constants).
UNILATERAL: int = SCOPES.index(Level.UNILATERAL)
BILATERAL: int = SCOPES.index(Level.BILATERAL)
REGIONAL: int = SCOPES.index(Level.REGIONAL)
MULTILATERAL: int = SCOPES.index(Level.MULTILATERAL)
#: The levels by their compiled code (0: none).
LEVELS: tuple[Level, ...] = tuple(Level)
#: Each scope's level code.
LEVEL_CODES: tuple[int, ...] = tuple(LEVELS.index(level) for level in SCOPES)
#: The colour of each level in plots (``NONE`` grey).
LEVEL_COLOURS: dict[Level, str] = {Level.NONE: "#bbbbbb", **{s.level: s.colour for s in SCOPE_TABLE}}
