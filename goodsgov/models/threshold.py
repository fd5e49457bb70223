"""Binary threshold public goods and the volunteer's dilemma.

A good is provided iff at least ``threshold`` states contribute (a step
production function: Palfrey & Rosenthal 1984; Sandler 2006's threshold
technology).  With ``threshold = 1`` this is Diekmann's (1985) volunteer's
dilemma.  Pure equilibria follow from the one-step deviation conditions on
the number of contributors; symmetric mixed equilibria come from the
engine :func:`goodsgov.solvers.symmetric.symmetric_binary_mixed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import combinations
from math import comb

import numpy as np

from .._checks import array, guarded, integer, real, size
from ..errors import SolverError, invalid
from ..solvers.symmetric import symmetric_binary_mixed
from .outcome import Outcome

__all__ = ["ThresholdPublicGood", "threshold_public_good",
           "VolunteersDilemma", "volunteers_dilemma"]

MAX_LISTED_PROFILES = 1_000_000
#: Most states of a threshold game or volunteer's dilemma: the symmetric mixed
#: equilibria are the roots of a polynomial of degree ``n - 1`` (a few seconds at 500).
#: With this bound the work is bounded whatever the payoffs: two eigenvalue problems of
#: size ``n - 1``, O(n) candidate roots polished in O(n) each, and at most
#: :data:`goodsgov.solvers.symmetric.MAX_EXACT_TERMS` integer operations of exact sign
#: tests (a :class:`~goodsgov.errors.SolverError` beyond, never an unbounded run).
MAX_PLAYERS = 500


@dataclass(frozen=True)
class ThresholdPublicGood:
    """Result of :func:`threshold_public_good`.

    ``equilibrium_sizes``: the numbers ``k`` of contributors such that every
    profile with ``k`` contributors is a pure Nash equilibrium (the game is
    symmetric, so this is all the information).  ``pure_equilibria`` lists
    those profiles as 0/1 tuples (computed on first access; raises
    :class:`~goodsgov.errors.SolverError` beyond ``MAX_LISTED_PROFILES``).
    ``symmetric_mixed``: the contribution probability at every symmetric
    equilibrium, corners included, from the engine.  ``nash``: the pure
    equilibrium with the highest welfare (the first ``k`` states contribute;
    any ``k`` would do).  ``optimum``: the welfare-maximising number of
    contributors (fewest among ties).
    """

    n: int
    threshold: int
    value: float
    cost: float
    equilibrium_sizes: tuple
    symmetric_mixed: np.ndarray
    nash: Outcome
    optimum: Outcome

    @guarded
    def payoffs(self, profile) -> np.ndarray:
        """``value * [K >= threshold] - cost * s_i`` (last axis = states)."""
        s = array("profile", profile)
        if s.ndim == 0 or s.shape[-1] != self.n:
            raise invalid("profile", f"<array of shape {s.shape}>",
                          f"must have last axis of length n = {self.n}")
        provided = s.sum(axis=-1, keepdims=True) >= self.threshold
        return self.value * provided - self.cost * s

    @cached_property
    def pure_equilibria(self) -> list:
        """Every pure Nash equilibrium as a 0/1 tuple (one entry per state)."""
        total = sum(comb(self.n, k) for k in self.equilibrium_sizes)
        if total > MAX_LISTED_PROFILES:
            raise SolverError(
                f"pure_equilibria: {total} profiles exceed MAX_LISTED_PROFILES = "
                f"{MAX_LISTED_PROFILES}; use equilibrium_sizes (every profile with that "
                "many contributors is an equilibrium)")
        out = []
        for k in self.equilibrium_sizes:
            for members in combinations(range(self.n), k):
                s = [0] * self.n
                for i in members:
                    s[i] = 1
                out.append(tuple(s))
        return out


def _binary_payoffs(n: int, threshold: int, value: float, cost: float):
    """a[k], b[k]: the gain of contributing over abstaining when k of the other n-1 contribute,
    and zero: ``value * [k + 1 == threshold] - cost`` (only a pivotal contributor changes
    the outcome). The engine needs only ``a - b``; computed directly, it keeps ``cost``
    even where ``value - cost`` rounds to ``value`` (``value = 1e63``, ``cost = 2``), and
    the payoff range it scales its tolerance by is within a factor of two of the game's."""
    k = np.arange(n)
    a = value * (k + 1 == threshold) - cost
    return a, np.zeros(n)


@guarded
def threshold_public_good(n: int, threshold: int, value: float, cost: float,
                          tol: float = 1e-9) -> ThresholdPublicGood:
    """Binary threshold (step-level) public good.

    Each of ``n`` states contributes (1) or not (0); every state gets
    ``value`` if at least ``threshold`` contribute, and contributors pay
    ``cost`` (Palfrey & Rosenthal 1984, section 2, eq. 1; van de Kragt,
    Orbell & Dawes 1983).  A profile with ``k`` contributors is Nash iff no
    contributor gains by leaving (``u1(k) >= u0(k-1)``) and no abstainer by
    joining (``u0(k) >= u1(k+1)``), so with ``0 < cost <= value`` the pure
    equilibria are "nobody" (when ``threshold >= 2``) and "exactly
    ``threshold``"; ties are counted as equilibria (weak inequalities, up
    to ``tol`` times the payoff scale ``max(value, cost)``, so the answer
    does not depend on the units).  At most :data:`MAX_PLAYERS` states.  Symmetric mixed equilibria solve the pivotality
    indifference ``value * P(exactly threshold-1 others) = cost``.

    >>> g = threshold_public_good(n=3, threshold=2, value=1.0, cost=0.4)
    >>> g.equilibrium_sizes, g.pure_equilibria[:2]
    ((0, 2), [(0, 0, 0), (1, 1, 0)])
    >>> g.nash.provision, g.optimum.provision
    (1.0, 1.0)
    """
    n = size("n", n, low=2, high=MAX_PLAYERS)
    t = integer("threshold", threshold, low=1)
    if t > n:
        raise invalid("threshold", t, f"must be an integer in [1, n] = [1, {n}]")
    v = real("value", value, low=0.0, low_open=True)
    c = real("cost", cost, low=0.0)
    tol = real("tol", tol, low=0.0)

    k = np.arange(n + 1)                      # number of contributors
    provided = k >= t
    u1 = v * provided - c                     # a contributor's payoff with k contributors
    u0 = v * provided * 1.0                   # an abstainer's payoff with k contributors
    atol = tol * max(v, c)
    stay_in = np.ones(n + 1, dtype=bool)
    stay_in[1:] = u1[1:] >= u0[:-1] - atol     # contributor would not leave
    stay_out = np.ones(n + 1, dtype=bool)
    stay_out[:-1] = u0[:-1] >= u1[1:] - atol   # abstainer would not join
    sizes = tuple(int(x) for x in k[stay_in & stay_out])

    welfare = n * v * provided - c * k
    a, b = _binary_payoffs(n, t, v, c)
    mixed = symmetric_binary_mixed(a, b, tol=tol if tol > 0 else 1e-9)

    def outcome(kk: int) -> Outcome:
        s = (np.arange(n) < kk).astype(float)
        return Outcome(actions=s, payoffs=v * (kk >= t) - c * s, provision=float(kk >= t))

    k_nash = max(sizes, key=lambda kk: (welfare[kk], -kk))
    k_opt = int(np.argmax(welfare))
    return ThresholdPublicGood(n=n, threshold=t, value=v, cost=c,
                               equilibrium_sizes=sizes, symmetric_mixed=mixed,
                               nash=outcome(k_nash), optimum=outcome(k_opt))


@dataclass(frozen=True)
class VolunteersDilemma:
    """Result of :func:`volunteers_dilemma`.

    ``abstain_probability`` is the probability ``q`` that a state does not
    volunteer in the symmetric mixed equilibrium; ``no_volunteer_probability``
    = ``q**n``, the chance the good is not provided.  ``nash`` holds that
    equilibrium (actions = volunteering probabilities, payoffs = expected
    payoffs, provision = probability of provision); ``optimum`` has exactly
    one volunteer (state 0) when ``n * benefit > cost``.
    """

    n: int
    benefit: float
    cost: float
    abstain_probability: float
    volunteer_probability: float
    no_volunteer_probability: float
    nash: Outcome
    optimum: Outcome


@guarded
def volunteers_dilemma(n: int, benefit: float, cost: float,
                       tol: float = 1e-9) -> VolunteersDilemma:
    """Diekmann's volunteer's dilemma: the good is provided if anyone volunteers.

    Every state gets ``benefit`` if at least one volunteers; volunteers pay
    ``cost`` (Diekmann 1985, eq. 1).  In the symmetric mixed equilibrium the
    indifference ``benefit - cost = benefit (1 - q**(n-1))`` gives
    ``q = (cost / benefit) ** (1 / (n - 1))`` (Diekmann 1985, eq. 3), and the
    good fails with probability ``q**n``, which rises with ``n``.  Here ``q``
    is computed by the symmetric-equilibrium engine (the closed form is
    the test); ``cost >= benefit`` gives ``q = 1`` (nobody volunteers) and
    ``cost = 0`` gives ``q = 0``.  At most :data:`MAX_PLAYERS` states.

    >>> d = volunteers_dilemma(n=2, benefit=1.0, cost=0.25)
    >>> round(d.abstain_probability, 9), round(d.no_volunteer_probability, 9)
    (0.25, 0.0625)
    """
    n = size("n", n, low=2, high=MAX_PLAYERS)
    b = real("benefit", benefit, low=0.0, low_open=True)
    c = real("cost", cost, low=0.0)
    tol = real("tol", tol, low=0.0, low_open=True)

    a_pay, b_pay = _binary_payoffs(n, 1, b, c)
    roots = symmetric_binary_mixed(a_pay, b_pay, tol=tol)
    interior = roots[(roots > 0.0) & (roots < 1.0)]
    if interior.size > 1:
        raise SolverError(f"volunteers_dilemma: engine returned several interior "
                          f"equilibria {list(interior)}; the symmetric equilibrium is unique")
    p = float(interior[0]) if interior.size else float(roots[0])
    q = 1.0 - p
    none = q ** n
    # expected payoff: volunteering pays benefit - cost for sure; abstaining pays
    # benefit unless all n - 1 others abstain
    expected = (p * (b - c) + q * b * (1.0 - q ** (n - 1)))
    nash = Outcome(actions=np.full(n, p), payoffs=np.full(n, expected), provision=1.0 - none)
    one = np.zeros(n)
    if n * b > c:
        one[0] = 1.0
    optimum = Outcome(actions=one, payoffs=b * one.max() - c * one, provision=one.max())
    return VolunteersDilemma(n=n, benefit=b, cost=c, abstain_probability=q,
                             volunteer_probability=p, no_volunteer_probability=none,
                             nash=nash, optimum=optimum)
