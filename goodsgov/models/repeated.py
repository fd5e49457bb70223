"""Repeated cooperation: the grim-trigger threshold of a two-action dilemma.

In the infinitely repeated game with common discount factor ``delta``, grim
trigger ("cooperate until anyone defects, then play the one-shot Nash
equilibrium for ever") sustains cooperation iff the discounted value of
cooperating is at least that of defecting once and being punished for
ever (Friedman 1971; Axelrod 1984, ch. 1, Proposition 2):

    R / (1 - delta) >= T + delta * P / (1 - delta)
    <=>  delta >= (T - R) / (T - P),

with ``T`` the temptation (defect while the others cooperate), ``R`` the
reward (everyone cooperates) and ``P`` the punishment (everyone plays the
one-shot Nash equilibrium).  The same condition applies to every n-player
model of the catalogue once ``T``, ``R`` and ``P`` are read off its
one-shot payoffs.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._checks import guarded, real

__all__ = ["GrimTrigger", "grim_trigger_threshold", "critical_discount_factor"]


@guarded
def critical_discount_factor(temptation: float, reward: float, punishment: float) -> float | None:
    """Smallest common discount factor at which grim trigger sustains cooperation.

    The grim-trigger condition ``R / (1 - d) >= T + d P / (1 - d)``, i.e.
    ``(R - T) + d (T - P) >= 0``, is solved for the smallest ``d`` in [0, 1):

    * ``0.0`` when there is no temptation (``T <= R``): cooperating is
      already a best reply to cooperation (no dilemma);
    * ``(T - R) / (T - P)``, strictly inside (0, 1), in a true dilemma
      (``T > R > P``);
    * ``None`` when no ``d < 1`` sustains cooperation (``T > R`` and
      ``R <= P``: cooperating is never worth more than the punishment).

    Source: Friedman (1971); Axelrod (1984, ch. 1, Proposition 2), the
    condition ``delta >= (T - R) / (T - P)``.

    >>> critical_discount_factor(5.0, 3.0, 1.0)
    0.5
    >>> critical_discount_factor(2.0, 3.0, 1.0)
    0.0
    >>> critical_discount_factor(5.0, 1.0, 1.0) is None
    True
    """
    t = real("temptation", temptation)
    r = real("reward", reward)
    p = real("punishment", punishment)
    if t <= r:
        return 0.0
    if r <= p:
        return None
    return (t - r) / (t - p)


@dataclass(frozen=True)
class GrimTrigger:
    """Result of :func:`grim_trigger_threshold` (inputs plus the threshold).

    ``critical_discount`` follows :func:`critical_discount_factor`
    (``0.0``: no dilemma; ``None``: never sustainable).  ``is_dilemma`` is
    ``T > R > P``.
    """

    temptation: float
    reward: float
    punishment: float
    critical_discount: float | None
    is_dilemma: bool

    def sustains(self, discount: float) -> bool:
        """Whether grim trigger sustains cooperation at ``discount`` in [0, 1).

        Evaluates ``(R - T) + d (T - P) >= 0`` itself.  In the usual case
        ``T >= P`` this is ``d >= critical_discount``; if the punishment pays
        more than the temptation (``P > T``) the condition can fail for large
        ``d`` even though ``critical_discount`` is ``0.0``.
        """
        d = real("discount", discount, low=0.0, high=1.0, high_open=True)
        t, r, p = self.temptation, self.reward, self.punishment
        return bool((r - t) + d * (t - p) >= 0.0)


@guarded
def grim_trigger_threshold(temptation: float, reward: float, punishment: float) -> GrimTrigger:
    """Critical discount factor of the two-action repeated dilemma under grim trigger.

    Cooperation is sustained for every ``delta >= (T - R) / (T - P)``
    (Friedman 1971; Axelrod 1984, ch. 1, Proposition 2).  See
    :func:`critical_discount_factor` for the degenerate cases.

    >>> g = grim_trigger_threshold(temptation=5, reward=3, punishment=1)
    >>> g.critical_discount, g.is_dilemma, g.sustains(0.6)
    (0.5, True, True)
    """
    t = real("temptation", temptation)
    r = real("reward", reward)
    p = real("punishment", punishment)
    return GrimTrigger(temptation=t, reward=r, punishment=p,
                       critical_discount=critical_discount_factor(t, r, p),
                       is_dilemma=bool(t > r > p))
