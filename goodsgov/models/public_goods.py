"""Classic public-good models: voluntary contributions, aggregation technologies, joint products.

Every function follows its source's functional form exactly, computes its
own equilibrium and optimum in closed form (vectorised numpy, no search)
and returns a frozen result that holds its inputs, ``nash`` and
``optimum`` (each an :class:`~goodsgov.models.outcome.Outcome`) and the
model-specific fields.  Each result also has a ``payoffs(actions)`` method
that evaluates the model's payoff function on any profile (or stack of
profiles, last axis = states), which is what the tests use to check that
no state has a profitable deviation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._checks import MAX_STATES, MIN_POSITIVE, array, brief, choice, guarded, real, size
from ..errors import invalid
from .outcome import Outcome
from .repeated import critical_discount_factor

__all__ = [
    "LinearPublicGoods", "linear_public_goods",
    "ParticipationGame", "participation_game",
    "AggregatePublicGood", "aggregate_public_good", "TECHNOLOGIES",
    "JointProduct", "joint_product",
    "VoluntaryContributions", "voluntary_contributions",
]

TECHNOLOGIES = ("summation", "weighted", "weakest_link", "best_shot")


def _profile(actions, n: int) -> np.ndarray:
    a = array("actions", actions)
    if a.ndim == 0 or a.shape[-1] != n:
        raise invalid("actions", f"<array of shape {a.shape}>",
                      f"must have last axis of length n = {n} (one entry per state)")
    return a


# --------------------------------------------------------------------------
# 1. Linear public goods game (voluntary contribution mechanism)
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class LinearPublicGoods:
    """Result of :func:`linear_public_goods`.

    ``nash`` and ``optimum`` are profiles of contributions; ``provision`` is
    the total contribution ``sum_j g_j``.  ``is_dilemma`` is ``1/n < mpcr < 1``.
    ``critical_discount`` is the grim-trigger threshold for full contribution
    (``0.0`` when full contribution is already Nash, ``None`` when it is never
    sustainable, i.e. ``mpcr * n <= 1``).
    """

    n: int
    endowment: float
    mpcr: float
    nash: Outcome
    optimum: Outcome
    is_dilemma: bool
    critical_discount: float | None

    @guarded
    def payoffs(self, contributions) -> np.ndarray:
        """``endowment - g_i + mpcr * sum_j g_j`` for a profile (or stack, last axis = states)."""
        g = _profile(contributions, self.n)
        return self.endowment - g + self.mpcr * g.sum(axis=-1, keepdims=True)


@guarded
def linear_public_goods(n: int, endowment: float, mpcr: float) -> LinearPublicGoods:
    """The linear public goods game (voluntary contribution mechanism).

    Payoff ``pi_i = endowment - g_i + mpcr * sum_j g_j`` with
    ``0 <= g_i <= endowment`` (Isaac, Walker & Thomas 1984, eq. 1; Ledyard
    1995, section III.A).  Payoffs are linear, so both solutions are
    corners: contributing is dominated when ``mpcr < 1`` (Nash: nobody
    contributes) and socially worthwhile when ``n * mpcr > 1`` (optimum:
    everyone contributes the endowment).  At exact indifference
    (``mpcr == 1`` resp. ``n * mpcr == 1``) the zero profile is reported.

    The grim-trigger threshold uses ``T = e + mpcr (n-1) e``, ``R = mpcr n e``,
    ``P = e``, giving ``(1 - mpcr) / (mpcr (n - 1))`` in the dilemma range.

    >>> m = linear_public_goods(n=4, endowment=20, mpcr=0.4)
    >>> m.nash.provision, m.optimum.provision, m.is_dilemma
    (0.0, 80.0, True)
    >>> round(m.critical_discount, 6)
    0.5
    """
    n = size("n", n, low=2)
    e = real("endowment", endowment, low=0.0, low_open=True)
    m = real("mpcr", mpcr, low=0.0, low_open=True)

    def outcome(g_each: float) -> Outcome:
        g = np.full(n, g_each)
        return Outcome(actions=g, payoffs=e - g + m * g.sum(), provision=g.sum())

    nash = outcome(e if m > 1.0 else 0.0)
    optimum = outcome(e if m * n > 1.0 else 0.0)
    # stage payoffs of the repeated game, less the punishment e and divided by e
    # (the threshold is invariant to that affine change, and the boundary
    # mpcr = 1 stays exact): T = e + m (n-1) e, R = m n e, P = e
    temptation = m * (n - 1)
    reward = m * n - 1.0
    punishment = 0.0
    return LinearPublicGoods(
        n=n, endowment=e, mpcr=m, nash=nash, optimum=optimum,
        is_dilemma=bool(1.0 / n < m < 1.0),
        critical_discount=critical_discount_factor(temptation, reward, punishment))


# --------------------------------------------------------------------------
# 2. Binary participation game
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class ParticipationGame:
    """Result of :func:`participation_game`.

    Actions are 0/1 (abstain/contribute); ``provision`` is the number of
    contributors.  ``critical_discount`` as in :class:`LinearPublicGoods`
    (``0.0`` when ``cost <= benefit``, ``None`` when ``cost >= n * benefit``).
    """

    n: int
    benefit: float
    cost: float
    nash: Outcome
    optimum: Outcome
    critical_discount: float | None

    @guarded
    def payoffs(self, profile) -> np.ndarray:
        """``benefit * (number of contributors) - cost * s_i`` (last axis = states)."""
        s = _profile(profile, self.n)
        return self.benefit * s.sum(axis=-1, keepdims=True) - self.cost * s


@guarded
def participation_game(n: int, benefit: float, cost: float) -> ParticipationGame:
    """Binary contribute/abstain public good (an n-player prisoner's dilemma).

    Payoff ``pi_i = benefit * K - cost * s_i`` with ``s_i`` in {0, 1} and
    ``K = sum_j s_j`` the number of contributors (Dawes 1980, eq. 1-2;
    Hamburger 1973's linear n-person prisoner's dilemma).  Contributing
    changes one's own payoff by ``benefit - cost`` and welfare by
    ``n * benefit - cost``; it is a dilemma when
    ``benefit < cost < n * benefit``.  Ties are broken towards abstaining.

    >>> g = participation_game(n=5, benefit=1.0, cost=2.0)
    >>> g.nash.provision, g.optimum.provision, g.critical_discount
    (0.0, 5.0, 0.25)
    """
    n = size("n", n, low=2)
    b = real("benefit", benefit, low=0.0)
    c = real("cost", cost, low=0.0)

    def outcome(s_each: float) -> Outcome:
        s = np.full(n, s_each)
        return Outcome(actions=s, payoffs=b * s.sum() - c * s, provision=s.sum())

    nash = outcome(1.0 if b > c else 0.0)
    optimum = outcome(1.0 if n * b > c else 0.0)
    # stage payoffs T = b (n-1), R = b n - c, P = 0, each less T (the threshold
    # is invariant to that shift, and the boundary cost = benefit stays exact)
    temptation = 0.0
    reward = b - c
    punishment = -b * (n - 1)
    return ParticipationGame(n=n, benefit=b, cost=c, nash=nash, optimum=optimum,
                             critical_discount=critical_discount_factor(
                                 temptation, reward, punishment))


# --------------------------------------------------------------------------
# 3. Aggregation technologies
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class AggregatePublicGood:
    """Result of :func:`aggregate_public_good`.

    ``weights`` is what was passed (``None`` unless the technology is
    ``"weighted"``).  For ``"weakest_link"`` ``nash`` is the largest Nash
    provision (every state supplies ``min_i value_i - cost``); for
    ``"best_shot"`` it is the equilibrium in which the highest-value state
    (lowest index among ties) supplies alone.  For ``"summation"`` and
    ``"weighted"`` the Nash and optimal aggregates are unique; the
    contributions are split equally (in effective units) among the states
    that are equally cheapest.
    """

    technology: str
    value: np.ndarray
    cost: float
    weights: np.ndarray | None
    nash: Outcome
    optimum: Outcome

    @property
    def n(self) -> int:
        """Number of states."""
        return int(self.value.size)

    def _w(self) -> np.ndarray:
        return self.weights if self.weights is not None else np.ones(self.n)

    @guarded
    def aggregate(self, q) -> np.ndarray:
        """The aggregate ``Q`` of a profile (or stack of profiles) under the technology."""
        q = _profile(q, self.n)
        if self.technology in ("summation", "weighted"):
            return (q * self._w()).sum(axis=-1)
        if self.technology == "weakest_link":
            return q.min(axis=-1)
        return q.max(axis=-1)

    @guarded
    def payoffs(self, q) -> np.ndarray:
        """``value_i * Q - Q**2 / 2 - cost * q_i`` for a profile (last axis = states)."""
        q = _profile(q, self.n)
        big_q = self.aggregate(q)[..., None]
        return self.value * big_q - big_q ** 2 / 2.0 - self.cost * q


@guarded
def aggregate_public_good(technology: str, value, cost: float,
                          weights=None) -> AggregatePublicGood:
    """Public good under an aggregation technology (summation, weighted, weakest link, best shot).

    State ``i`` chooses ``q_i >= 0`` and gets ``value_i * Q - Q**2 / 2 -
    cost * q_i`` where ``Q`` aggregates the contributions: ``sum_j q_j``
    (summation), ``sum_j w_j q_j`` (weighted sum), ``min_j q_j`` (weakest
    link) or ``max_j q_j`` (best shot) -- Hirshleifer (1983, eq. 1-3),
    Cornes (1993, section 2), Sandler (2006, Table 1).  Closed forms:

    * summation / weighted: a state supplies only while ``Q < value_i -
      cost / w_i``, so Nash ``Q = max_i (value_i - cost / w_i)^+`` (the
      state with the highest such score supplies it all); optimum ``Q* =
      (sum_i value_i - cost / max_i w_i)^+ / n``;
    * weakest link: any common level up to ``min_i value_i - cost`` is Nash;
      the largest is reported, set by the state with the lowest value;
      optimum ``Q* = (mean value - cost)^+``;
    * best shot: the highest-value state supplies ``(max_i value_i -
      cost)^+``; optimum ``Q* = (sum_i value_i - cost)^+ / n`` by one state.

    >>> g = aggregate_public_good("weakest_link", value=[3.0, 5.0, 4.0], cost=1.0)
    >>> g.nash.provision, g.optimum.provision
    (2.0, 3.0)
    """
    technology = choice("technology", technology, TECHNOLOGIES)
    v = array("value", value, ndim=1, low=0.0, max_size=MAX_STATES)
    n = v.size
    if n < 2:
        raise invalid("value", list(v), "must hold one number per state, for at least 2 states")
    c = real("cost", cost, low=0.0)
    if technology == "weighted":
        if weights is None:
            raise invalid("weights", None,
                          "must be given (one non-negative weight per state) "
                          "for technology 'weighted'")
        w = array("weights", weights, ndim=1, low=0.0, tiny=MIN_POSITIVE, max_size=MAX_STATES)
        if w.shape != v.shape:
            raise invalid("weights", f"<array of length {w.size}>",
                          f"must have one entry per state, like value (length {n})")
        if not np.any(w > 0):
            raise invalid("weights", list(w), "must have at least one positive entry")
    else:
        if weights is not None:
            raise invalid("weights", brief(weights),
                          f"must be None for technology {technology!r} "
                          "(weights apply only to 'weighted')")
        w = np.ones(n)
    total_value = float(v.sum())

    def outcome(q: np.ndarray) -> Outcome:
        if technology in ("summation", "weighted"):
            big_q = float(q @ w)
        elif technology == "weakest_link":
            big_q = float(q.min())
        else:
            big_q = float(q.max())
        return Outcome(actions=q, payoffs=v * big_q - big_q ** 2 / 2.0 - c * q, provision=big_q)

    def split(target: float, suppliers: np.ndarray) -> np.ndarray:
        # supply ``target`` effective units, shared equally among ``suppliers``
        q = np.zeros(n)
        q[suppliers] = target / (suppliers.sum() * w[suppliers])
        return q

    if technology in ("summation", "weighted"):
        with np.errstate(divide="ignore"):
            score = np.where(w > 0, v - c / np.where(w > 0, w, 1.0), -np.inf)
        q_nash = max(float(score.max()), 0.0)
        nash = outcome(split(q_nash, score == score.max()))
        q_opt = max((total_value - c / float(w.max())) / n, 0.0)
        optimum = outcome(split(q_opt, w == w.max()))
    elif technology == "weakest_link":
        nash = outcome(np.full(n, max(float(v.min()) - c, 0.0)))
        optimum = outcome(np.full(n, max(total_value / n - c, 0.0)))
    else:
        top = np.zeros(n, dtype=bool)
        top[int(np.argmax(v))] = True
        nash = outcome(split(max(float(v.max()) - c, 0.0), top))
        optimum = outcome(split(max((total_value - c) / n, 0.0), top))
    return AggregatePublicGood(technology=technology, value=v, cost=c,
                               weights=w if technology == "weighted" else None,
                               nash=nash, optimum=optimum)


# --------------------------------------------------------------------------
# 6. Joint products
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class JointProduct:
    """Result of :func:`joint_product`.

    ``provision_ratio`` = Nash over optimal aggregate provision,
    ``(a + b) / (a + n b)``; it is 1.0 when both are zero (nothing to
    fall short of).
    """

    n: int
    private_benefit: float
    public_benefit: float
    cost: float
    nash: Outcome
    optimum: Outcome
    provision_ratio: float

    @guarded
    def payoffs(self, q) -> np.ndarray:
        """``a q_i + b sum_j q_j - (cost/2) q_i**2`` (last axis = states)."""
        q = _profile(q, self.n)
        return (self.private_benefit * q + self.public_benefit * q.sum(axis=-1, keepdims=True)
                - 0.5 * self.cost * q ** 2)


@guarded
def joint_product(n: int, private_benefit: float, public_benefit: float,
                  cost: float) -> JointProduct:
    """Joint products: one activity yields a private and a public output.

    Payoff ``pi_i = a q_i + b sum_j q_j - (cost/2) q_i**2`` with ``a`` the
    private (excludable, state-specific) benefit and ``b`` the public
    benefit per unit of activity (Olson & Zeckhauser 1966; Sandler 1977;
    Sandler 2006, ch. 2 joint-product model).  First-order conditions give
    Nash ``q_i = (a + b) / cost`` and optimum ``q_i = (a + n b) / cost``,
    so the provision ratio ``(a + b) / (a + n b)`` falls with ``n`` and
    rises with the private share ``a / (a + b)``: the more of the benefit
    is private, the smaller the free-riding shortfall.

    >>> j = joint_product(n=4, private_benefit=1.0, public_benefit=1.0, cost=2.0)
    >>> j.nash.provision, j.optimum.provision, j.provision_ratio
    (4.0, 10.0, 0.4)
    """
    n = size("n", n, low=2)
    a = real("private_benefit", private_benefit, low=0.0)
    b = real("public_benefit", public_benefit, low=0.0)
    c = real("cost", cost, low=0.0, low_open=True)

    def outcome(q_each: float) -> Outcome:
        q = np.full(n, q_each)
        return Outcome(actions=q, payoffs=a * q + b * q.sum() - 0.5 * c * q ** 2,
                       provision=q.sum())

    nash = outcome((a + b) / c)
    optimum = outcome((a + n * b) / c)
    # the ratio of the closed forms, (a + b) / (a + n b), computed directly (no underflow)
    ratio = 1.0 if a + n * b == 0.0 else (a + b) / (a + n * b)
    return JointProduct(n=n, private_benefit=a, public_benefit=b, cost=c,
                        nash=nash, optimum=optimum, provision_ratio=ratio)


# --------------------------------------------------------------------------
# 7. Bergstrom, Blume & Varian voluntary contributions
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class VoluntaryContributions:
    """Result of :func:`voluntary_contributions`.

    ``nash``: the unique Nash equilibrium (actions = contributions ``q_i``,
    provision = ``Q``); ``contributors``: indices of states with
    ``q_i > 0`` (ascending).  ``optimum``: the utilitarian optimum, which
    provides the Samuelson level ``Q* = beta W / (1 + beta)`` and equalises
    private consumption through lump-sum transfers (its actions are *net*
    contributions ``income_i - x_i``; negative means a net receipt).
    ``lindahl``: the Lindahl allocation, the same ``Q*`` paid in shares
    proportional to income, needing no transfers.
    """

    incomes: np.ndarray
    beta: float
    nash: Outcome
    contributors: tuple
    optimum: Outcome
    lindahl: Outcome

    @guarded
    def payoffs(self, q) -> np.ndarray:
        """``ln(income_i - q_i) + beta ln(sum_j q_j)`` (last axis = states)."""
        q = _profile(q, self.incomes.size)
        x = self.incomes - q
        big_q = q.sum(axis=-1, keepdims=True)
        if np.any(x <= 0) or np.any(big_q <= 0):
            raise invalid("q", "<profile>", "must leave every state positive private "
                          "consumption and give a positive total")
        return np.log(x) + self.beta * np.log(big_q)


@guarded
def voluntary_contributions(incomes, beta: float) -> VoluntaryContributions:
    """Private provision of a public good with Cobb-Douglas (log) utilities.

    ``u_i = ln(x_i) + beta * ln(Q)`` with ``x_i + q_i = income_i``,
    ``q_i >= 0``, ``Q = sum_j q_j`` (Bergstrom, Blume & Varian 1986,
    sections 2-4).  A contributor's first-order condition gives
    ``x_i = Q / beta``; a state contributes iff ``income_i > Q / beta``.
    Sorting incomes from the top, the equilibrium contributor set is the
    largest ``k`` with ``income_(k) > W_k / (beta + k)``, where ``W_k`` is
    the income of the ``k`` richest, and then ``Q = beta W_k / (beta + k)``
    (unique, BBV Theorem 3).  Neutrality (Warr 1983; BBV Theorem 5):
    income redistribution among contributors that keeps the set leaves
    ``Q`` unchanged.

    >>> v = voluntary_contributions([10.0, 10.0, 1.0], beta=1.0)
    >>> v.contributors, round(v.nash.provision, 6), round(v.optimum.provision, 6)
    ((0, 1), 6.666667, 10.5)
    """
    w = array("incomes", incomes, ndim=1, low=0.0, low_open=True, max_size=MAX_STATES)
    n = w.size
    if n < 2:
        raise invalid("incomes", list(w), "must hold one income per state, for at least 2 states")
    beta = real("beta", beta, low=0.0, low_open=True)

    order = np.argsort(-w, kind="stable")
    ws = w[order]
    cum = np.cumsum(ws)
    k = np.arange(1, n + 1)
    # the k-th richest contributes iff income_(k) > W_k / (beta + k), i.e.
    # beta income_(k) > W_k - k income_(k) = sum_{j <= k} (income_(j) - income_(k)) >= 0;
    # written this way the richest state (k = 1, right-hand side exactly 0)
    # always qualifies, however small beta is
    excess = np.maximum(cum - k * ws, 0.0)
    excess[0] = 0.0
    k_star = int(k[beta * ws > excess].max())
    members = np.sort(order[:k_star])
    # private consumption of a contributor, x = Q / beta = W_k / (beta + k), and
    # Q = beta W_k / (beta + k) (both positive: no cancellation)
    wk = cum[k_star - 1]
    x_member = wk / (beta + k_star)
    # q_i = income_i - x = (beta income_i + k income_i - W_k) / (beta + k)
    q = np.zeros(n)
    q[members] = np.clip((beta * w[members] + (k_star * w[members] - wk)) / (beta + k_star),
                         0.0, w[members])       # within [0, income] also after rounding
    if not q.sum() > 0.0:   # equal incomes lost to rounding: they contribute equally
        q[members] = beta * x_member / k_star
    big_q = float(q.sum())
    x = w.copy()
    x[members] = x_member   # exact, also where income_i - q_i rounds to 0
    nash = Outcome(actions=q, payoffs=np.log(x) + beta * np.log(big_q), provision=big_q)

    total = float(w.sum())
    q_star = beta * total / (1.0 + beta)
    x_equal = np.full(n, total / (n * (1.0 + beta)))
    optimum = Outcome(actions=w - x_equal, payoffs=np.log(x_equal) + beta * np.log(q_star),
                      provision=q_star)
    x_lindahl = w / (1.0 + beta)
    lindahl = Outcome(actions=w - x_lindahl,
                      payoffs=np.log(x_lindahl) + beta * np.log(q_star), provision=q_star)
    return VoluntaryContributions(incomes=w, beta=beta, nash=nash,
                                  contributors=tuple(int(i) for i in members),
                                  optimum=optimum, lindahl=lindahl)
