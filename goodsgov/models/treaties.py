"""Self-enforcing treaties: cartel stability, Barrett's abatement treaty, the binary treaty.

A treaty among ``k`` of ``n`` symmetric states is *self-enforcing* when no
signatory gains by leaving (internal stability) and no non-signatory gains
by joining (external stability) — d'Aspremont, Jacquemin, Gabszewicz &
Weymark (1983), applied to international agreements by Carraro & Siniscalco
(1993) and Barrett (1994). The refugee regime's burden-sharing gap is the
distance between the welfare of the largest self-enforcing treaty and the
full-cooperation optimum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .. import _checks
from ..errors import invalid
from .outcome import Outcome

__all__ = [
    "stable_coalitions",
    "BarrettTreaty",
    "barrett_treaty",
    "ParticipationTreaty",
    "participation_treaty",
]


def _payoff_table(name: str, fn: Callable[[int], float], ks: range) -> np.ndarray:
    if not callable(fn):
        raise invalid(name, _checks.brief(fn), "must be a callable of the number k of signatories")
    out = np.empty(len(ks))
    for idx, k in enumerate(ks):
        v = fn(k)
        out[idx] = _checks.real(f"{name}({k})", v)
    return out


@_checks.guarded
def stable_coalitions(n: int, signatory_payoff: Callable[[int], float],
                      nonsignatory_payoff: Callable[[int], float], *,
                      tol: float = 0.0) -> list[int]:
    """Sizes k in 1..n of the internally and externally stable coalitions.

    Cartel stability (d'Aspremont et al. 1983; Carraro & Siniscalco 1993,
    eqs. 3-4) for symmetric states, where ``signatory_payoff(k)`` and
    ``nonsignatory_payoff(k)`` are a member's and an outsider's payoff when
    ``k`` states have signed:

    * internal: ``signatory_payoff(k) >= nonsignatory_payoff(k - 1)``
      (for k = 1 the comparison is with ``nonsignatory_payoff(0)``);
    * external: ``nonsignatory_payoff(k) > signatory_payoff(k + 1)``,
      always true at k = n.

    A state indifferent between joining and staying out joins. ``tol``
    widens indifference: differences within ``tol`` count as ties (default
    0, the exact definition).

    >>> sig = lambda k: k - 3 if k >= 3 else 0      # 3 signatories are needed to act
    >>> non = lambda k: k if k >= 3 else 0
    >>> stable_coalitions(5, sig, non)
    [3]
    """
    n = _checks.size("n", n, low=1)
    tol = _checks.real("tol", tol, low=0.0)
    sig = _payoff_table("signatory_payoff", signatory_payoff, range(1, n + 1))     # k = 1..n
    non = _payoff_table("nonsignatory_payoff", nonsignatory_payoff, range(0, n))   # k = 0..n-1
    return stable_sizes_of(sig, non, tol)


def stable_sizes_of(sig: np.ndarray, non: np.ndarray, tol: float) -> list[int]:
    """Stable sizes from the tables S(1..n) and N(0..n-1) (see :func:`stable_coalitions`)."""
    n = sig.size
    internal = sig >= non - tol                          # S(k) >= N(k-1), k = 1..n
    external = np.ones(n, dtype=bool)
    external[:-1] = non[1:] > sig[1:] + tol              # N(k) > S(k+1), k = 1..n-1
    return [int(k) for k in np.flatnonzero(internal & external) + 1]


def _gain_share(welfare: float, nash: float, optimum: float) -> float:
    gap = optimum - nash
    if gap <= 1e-12 * max(abs(optimum), abs(nash)):   # relative: the same in any units
        return 1.0
    return float((welfare - nash) / gap)


@dataclass(frozen=True)
class BarrettTreaty:
    """Barrett's (1994) self-enforcing abatement treaty (see :func:`barrett_treaty`)."""

    n: int
    a: float
    b: float
    c: float
    gamma: float = field(init=False)
    stable_sizes: tuple[int, ...] = field(init=False)
    nash: Outcome = field(init=False)
    optimum: Outcome = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "n", _checks.size("n", self.n, low=2))
        for key in ("a", "b", "c"):
            object.__setattr__(self, key, _checks.real(key, getattr(self, key), low=0.0,
                                                       low_open=True))
        object.__setattr__(self, "gamma", self.c / self.b)
        object.__setattr__(self, "nash", self.outcome(0))
        object.__setattr__(self, "optimum", self.outcome(self.n))
        # Payoffs are a**2 b times those of the game with a = b = 1 and c = gamma,
        # so stability depends on n and gamma only; it is decided in those units
        # (no underflow or overflow whatever the scale of a, b and c)
        sig = self._payoffs(np.arange(1, self.n + 1), signatory=True, unit=True)
        non = self._payoffs(np.arange(0, self.n), signatory=False, unit=True)
        scale = max(float(np.abs(sig).max()), float(np.abs(non).max()))
        sizes = stable_sizes_of(sig, non, tol=1e-12 * scale)
        object.__setattr__(self, "stable_sizes", tuple(sizes))

    def _k(self, k: int) -> int:
        return _checks.integer("k", k, low=0, high=self.n)

    def _abatements(self, k: np.ndarray, a: float | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
        """``(q_signatory, q_nonsignatory)`` for an array of signatory counts (eq. 7)."""
        n, g, a = self.n, self.gamma, self.a if a is None else a
        d = g * n + (n - k)      # (n - k) first: exact, also when g n is tiny
        # q_s = k g n a / (D^2 + k^2 g n) and q_n = a D / (D^2 + k^2 g n), divided
        # through by D so that no intermediate overflows (r = g n / D is in (0, 1])
        r = g * n / d
        den = d + k * k * r
        return k * a * r / den, np.where(k < n, a / den, 0.0)

    def _payoffs(self, k: np.ndarray, *, signatory: bool, unit: bool = False) -> np.ndarray:
        """Payoffs for an array of signatory counts; ``unit``: with a = b = 1, c = gamma."""
        a, b, c = (1.0, 1.0, self.gamma) if unit else (self.a, self.b, self.c)
        qs, qn = self._abatements(k, a)
        total = k * qs + (self.n - k) * qn
        own = qs if signatory else qn
        return (b / self.n) * (total * (a - total / 2)) - c * own * own / 2

    def abatement(self, k: int) -> tuple[float, float]:
        """Abatement ``(q_signatory, q_nonsignatory)`` when ``k`` states sign.

        Non-signatories best-respond, ``q_n = max(0, (a - Q)/(gamma n))``
        (Barrett 1994, eq. 5); with ``D = gamma n + n - k`` the signatories'
        Stackelberg choice is ``q_s = k gamma n a / (D^2 + k^2 gamma n)`` and
        then ``q_n = a D / (D^2 + k^2 gamma n)`` (eq. 7). The corner ``q_n = 0``
        (where ``k q_s >= a``) never binds at the leaders' optimum: on that
        branch the leaders' objective falls as ``q_s`` rises, so the interior
        solution above is global and total abatement stays ``Q <= a``.
        At ``k = n`` there is no non-signatory and ``q_nonsignatory`` is 0.
        """
        k = self._k(k)
        qs, qn = self._abatements(np.array([k], dtype=float))
        return float(qs[0]), float(qn[0])

    def total_abatement(self, k: int) -> float:
        qs, qn = self.abatement(k)
        return k * qs + (self.n - k) * qn

    def _benefit(self, q_total):
        # (b / n)(a Q - Q^2 / 2), grouped so that no intermediate overflows
        return (self.b / self.n) * (q_total * (self.a - q_total / 2))

    def signatory_payoff(self, k: int) -> float:
        """A signatory's payoff when ``k >= 1`` states sign."""
        k = self._k(k)
        if k == 0:
            raise invalid("k", k, "a signatory payoff needs k >= 1 signatories")
        return float(self._payoffs(np.array([k], dtype=float), signatory=True)[0])

    def nonsignatory_payoff(self, k: int) -> float:
        """A non-signatory's payoff when ``k <= n - 1`` states sign."""
        k = self._k(k)
        if k == self.n:
            raise invalid("k", k, f"a non-signatory payoff needs k <= n - 1 = {self.n - 1}")
        return float(self._payoffs(np.array([k], dtype=float), signatory=False)[0])

    def worth(self, k: int) -> float:
        """Joint payoff of a coalition of ``k`` signatories (0 for k = 0)."""
        k = self._k(k)
        return 0.0 if k == 0 else k * self.signatory_payoff(k)

    def outcome(self, k: int) -> Outcome:
        """Abatement, payoffs and total abatement with signatories listed first."""
        k = self._k(k)
        qs, qn = self.abatement(k)
        q = np.array([qs] * k + [qn] * (self.n - k))
        total = float(q.sum())
        pay = self._benefit(total) - self.c * q * q / 2
        return Outcome(actions=q, payoffs=pay, provision=total)

    @property
    def largest_stable_size(self) -> int:
        return max(self.stable_sizes)

    def gain_share(self, k: int | None = None) -> float:
        """Share of the cooperative gain ``(W(k) - W_nash)/(W_opt - W_nash)``.

        ``k`` defaults to the largest stable size; 1.0 when cooperation
        gains nothing. It can be negative for small ``k``: a small group of
        Stackelberg leaders under-abates so that the others abate more, and
        total welfare falls below the Nash level. Across ``n`` the share of
        the largest stable treaty is saw-toothed (it jumps up whenever the
        stable size grows by one) but falls with ``n`` at a given size and
        vanishes as ``n`` grows.
        """
        k = self.largest_stable_size if k is None else self._k(k)
        return _gain_share(self.outcome(k).welfare, self.nash.welfare, self.optimum.welfare)


@_checks.guarded
def barrett_treaty(n: int, a: float, b: float, c: float) -> BarrettTreaty:
    """Barrett's (1994) model of a self-enforcing international agreement.

    Each of ``n`` states gets ``(b/n)(a Q - Q^2/2)`` from total abatement
    ``Q`` and pays ``c q^2 / 2`` for its own abatement ``q`` (Barrett 1994,
    eq. 1). Signatories choose abatement jointly as Stackelberg leaders and
    non-signatories best-respond. The result holds ``stable_sizes`` (via
    :func:`stable_coalitions`), ``nash`` (no treaty), ``optimum`` (all sign),
    ``abatement(k)`` and the payoffs for every ``k``. A low cost-benefit
    ratio ``gamma = c/b`` sustains large treaties, a high one only small ones.

    >>> t = barrett_treaty(10, a=100.0, b=1.0, c=1.0)
    >>> t.stable_sizes
    (3,)
    >>> round(t.optimum.provision, 4)   # n a / (n + gamma)
    90.9091
    """
    n = _checks.size("n", n, low=2)
    a = _checks.real("a", a, low=0.0, low_open=True)
    b = _checks.real("b", b, low=0.0, low_open=True)
    c = _checks.real("c", c, low=0.0, low_open=True)
    return BarrettTreaty(n=n, a=a, b=b, c=c)


@dataclass(frozen=True)
class ParticipationTreaty:
    """Binary participation treaty (see :func:`participation_treaty`)."""

    n: int
    benefit: float
    cost: float
    threshold: int = field(init=False)
    stable_sizes: tuple[int, ...] = field(init=False)
    nash: Outcome = field(init=False)
    optimum: Outcome = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "n", _checks.size("n", self.n, low=2))
        for key in ("benefit", "cost"):
            object.__setattr__(self, key, _checks.real(key, getattr(self, key), low=0.0,
                                                       low_open=True))
        # smallest k with k * benefit >= cost (signatories jointly gain by abating)
        k0 = int(np.ceil(self.cost / self.benefit - 1e-12))
        object.__setattr__(self, "threshold", max(k0, 1))
        object.__setattr__(self, "nash", self.outcome(0))
        object.__setattr__(self, "optimum", self._optimum())
        sig = self._payoffs(np.arange(1, self.n + 1), signatory=True)
        non = self._payoffs(np.arange(0, self.n), signatory=False)
        sizes = stable_sizes_of(sig, non, tol=1e-12 * max(self.benefit * self.n, self.cost))
        object.__setattr__(self, "stable_sizes", tuple(sizes))

    def _k(self, k: int) -> int:
        return _checks.integer("k", k, low=0, high=self.n)

    def actions(self, k: int) -> np.ndarray:
        """0/1 abatement, signatories first."""
        k = self._k(k)
        sig = 1.0 if (k >= 1 and k * self.benefit >= self.cost) else 0.0
        non = 1.0 if self.benefit > self.cost else 0.0
        return np.array([sig] * k + [non] * (self.n - k))

    def _payoffs(self, k: np.ndarray, *, signatory: bool) -> np.ndarray:
        """A signatory's (or non-signatory's) payoff for an array of signatory counts."""
        sig = ((k >= 1) & (k * self.benefit >= self.cost)).astype(float)
        non = 1.0 if self.benefit > self.cost else 0.0
        abaters = k * sig + (self.n - k) * non
        return self.benefit * abaters - self.cost * (sig if signatory else non)

    def outcome(self, k: int) -> Outcome:
        x = self.actions(k)
        abaters = float(x.sum())
        return Outcome(actions=x, payoffs=self.benefit * abaters - self.cost * x, provision=abaters)

    def _optimum(self) -> Outcome:
        x = np.full(self.n, 1.0 if self.n * self.benefit > self.cost else 0.0)
        return Outcome(actions=x, payoffs=self.benefit * x.sum() - self.cost * x,
                       provision=float(x.sum()))

    def signatory_payoff(self, k: int) -> float:
        k = self._k(k)
        if k == 0:
            raise invalid("k", k, "a signatory payoff needs k >= 1 signatories")
        return float(self._payoffs(np.array([k]), signatory=True)[0])

    def nonsignatory_payoff(self, k: int) -> float:
        k = self._k(k)
        if k == self.n:
            raise invalid("k", k, f"a non-signatory payoff needs k <= n - 1 = {self.n - 1}")
        return float(self._payoffs(np.array([k]), signatory=False)[0])

    def worth(self, k: int) -> float:
        k = self._k(k)
        return 0.0 if k == 0 else k * self.signatory_payoff(k)

    @property
    def largest_stable_size(self) -> int:
        return max(self.stable_sizes)

    def gain_share(self, k: int | None = None) -> float:
        """Share of the cooperative gain achieved by ``k`` signatories (default: largest stable)."""
        k = self.largest_stable_size if k is None else self._k(k)
        return _gain_share(self.outcome(k).welfare, self.nash.welfare, self.optimum.welfare)


@_checks.guarded
def participation_treaty(n: int, benefit: float, cost: float) -> ParticipationTreaty:
    """Binary treaty: each state abates (1) or not (0).

    A state's payoff is ``benefit * abaters - cost * own_abatement``
    (Barrett 2003, ch. 7; Carraro & Siniscalco 1993). Non-signatories abate
    only if ``benefit > cost``; the ``k`` signatories abate together when it
    pays them jointly, ``k * benefit >= cost`` (ties: they abate). With
    ``benefit < cost <= n * benefit`` the largest stable treaty has exactly
    ``threshold = ceil(cost / benefit)`` members, whatever ``n`` is.

    >>> t = participation_treaty(10, benefit=1.0, cost=3.0)
    >>> t.threshold, t.stable_sizes
    (3, (3,))
    >>> t.gain_share()
    0.3
    """
    n = _checks.size("n", n, low=2)
    benefit = _checks.real("benefit", benefit, low=0.0, low_open=True)
    cost = _checks.real("cost", cost, low=0.0, low_open=True)
    return ParticipationTreaty(n=n, benefit=benefit, cost=cost)
