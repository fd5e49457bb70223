"""Closed forms of the public-good models, derived with sympy.

Nothing here is a typed-in formula: each function writes down the model's
payoff function in sympy, solves its first-order or indifference condition
(or the grim-trigger inequality) and returns the resulting expressions of
named symbols.  Symbol names match the keyword arguments of the numerical
models in :mod:`goodsgov.models`, so a closed form can be evaluated with
the same parameters::

    >>> cf = linear_public_goods_closed_form()
    >>> cf["critical_discount"]
    (1 - mpcr)/(mpcr*(n - 1))
    >>> cf.evaluate("critical_discount", n=4, mpcr=0.4)
    0.5

The closed forms hold in the model's interior/dilemma region; the
numerical models also handle the corners (see their docstrings).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from numbers import Integral
from types import MappingProxyType
from typing import Mapping

import sympy as sp

from ._checks import brief, choice, integer, real
from .errors import SolverError, invalid

__all__ = [
    "ClosedForm",
    "closed_form",
    "linear_public_goods_closed_form",
    "participation_game_closed_form",
    "volunteers_dilemma_closed_form",
    "joint_product_closed_form",
    "grim_trigger_closed_form",
    "grim_trigger_discount",
]


@dataclass(frozen=True)
class ClosedForm:
    """Closed-form results of one model: named sympy symbols and expressions.

    ``symbols`` maps parameter names (the model's keyword arguments) to
    sympy symbols; ``expressions`` maps result names to sympy expressions
    (or relations, for conditions such as ``dilemma``) in those symbols.
    """

    model: str
    symbols: Mapping[str, sp.Symbol]
    expressions: Mapping[str, sp.Basic]

    def __getitem__(self, name: str) -> sp.Basic:
        choice("name", name, self.expressions)
        return self.expressions[name]

    def evaluate(self, name: str, **values: float):
        """Evaluate expression ``name`` at the given parameter values.

        Returns a float, or a bool for conditions.  Every symbol the
        expression uses must be given.
        """
        expr = self[name]
        unknown = set(values) - set(self.symbols)
        if unknown:
            bad = sorted(unknown)[0]
            raise invalid(bad, brief(values[bad]), "is not a parameter of this closed form; "
                          "allowed: " + ", ".join(self.symbols))
        subs = {self.symbols[k]: self._value(k, v) for k, v in values.items()}
        try:
            out = expr.subs(subs)
        except (TypeError, ValueError, ZeroDivisionError) as exc:
            # e.g. a condition comparing an infinite value (n = 0 in 1/n)
            raise SolverError(f"{name!r} cannot be evaluated at {values}: {exc}") from None
        missing = sorted(str(s) for s in out.free_symbols)
        if missing:
            raise invalid(missing[0], None,
                          f"must be given to evaluate {name!r} (missing: {', '.join(missing)})")
        if out in (sp.true, sp.false):
            return bool(out)
        if isinstance(out, sp.logic.boolalg.Boolean) or not isinstance(out, sp.Expr):
            raise SolverError(f"{name!r} cannot be decided at {values}: {out}")
        out = sp.N(out)
        if not out.is_real:
            raise SolverError(f"{name!r} is not real at {values}: {out}")
        result = float(out)
        if not math.isfinite(result):
            raise SolverError(f"{name!r} at {values} is {out}, beyond double precision")
        return result

    def _value(self, key: str, value) -> sp.Basic:
        """A parameter value as a sympy number, checked against the symbol's sign.

        A symbol declared positive or non-negative takes values >= 0 (the
        boundary included: an expression undefined there evaluates to a
        :class:`SolverError`, not to a wrong number).
        """
        sym = self.symbols[key]
        low = 0.0 if (sym.is_positive or sym.is_nonnegative) else None
        if isinstance(value, Integral) and not isinstance(value, bool):
            k = integer(key, value)
            real(key, k, low=low)             # magnitude and sign
            return sp.Integer(k)
        return sp.Float(real(key, value, low=low))


def _freeze(model: str, symbols: dict, expressions: dict) -> ClosedForm:
    return ClosedForm(model, MappingProxyType(dict(symbols)),
                      MappingProxyType({k: sp.simplify(v) if not isinstance(v, sp.Piecewise)
                                        and not isinstance(v, sp.logic.boolalg.Boolean)
                                        else v for k, v in expressions.items()}))


def _negative_iff(expr: sp.Expr, var: sp.Symbol):
    """The condition ``expr < 0`` as a bound on ``var`` (expr must be monotone in var)."""
    roots = sp.solve(sp.Eq(expr, 0), var)
    if len(roots) != 1:
        raise SolverError(f"cannot solve {expr} = 0 for {var} uniquely: {roots}")
    slope = sp.simplify(sp.diff(expr, var))
    if slope.is_positive:
        return var < roots[0]
    if slope.is_negative:
        return var > roots[0]
    raise SolverError(f"{expr} is not monotone in {var}")


def _positive_iff(expr: sp.Expr, var: sp.Symbol):
    return _negative_iff(-expr, var)


_DISCOUNT = sp.Symbol("discount", positive=True)


def grim_trigger_discount(temptation: sp.Expr, reward: sp.Expr, punishment: sp.Expr) -> sp.Expr:
    """Solve ``R / (1 - d) = T + d P / (1 - d)`` for the discount factor ``d``.

    The value of cooperating for ever equals that of defecting once and
    being punished for ever at the critical discount factor (Friedman 1971).

    >>> T, R, P = sp.symbols("T R P")
    >>> grim_trigger_discount(T, R, P)
    (R - T)/(P - T)
    """
    temptation, reward, punishment = (_expression(k, v) for k, v in (
        ("temptation", temptation), ("reward", reward), ("punishment", punishment)))
    d = _DISCOUNT
    sols = sp.solve(sp.Eq(reward / (1 - d), temptation + d * punishment / (1 - d)), d)
    if len(sols) != 1:
        raise SolverError(f"grim-trigger condition has no unique solution: {sols}")
    return sp.factor(sp.simplify(sols[0]))


def _expression(field: str, value) -> sp.Expr:
    """A sympy expression or a real number (strings and other objects refused)."""
    if isinstance(value, sp.Expr):
        return value
    return sp.Float(real(field, value)) if not isinstance(value, Integral) or isinstance(
        value, bool) else sp.Integer(integer(field, value))


@lru_cache(maxsize=None)
def grim_trigger_closed_form() -> ClosedForm:
    """Critical discount of the two-action repeated dilemma (model 8).

    ``critical_discount`` solves the grim-trigger indifference; it equals
    ``(T - R) / (T - P)`` and applies when ``T > R > P``.

    >>> grim_trigger_closed_form().evaluate(
    ...     "critical_discount", temptation=5, reward=3, punishment=1)
    0.5
    """
    t, r, p = sp.symbols("temptation reward punishment", real=True)
    d = _DISCOUNT
    return _freeze("grim_trigger_threshold",
                   {"temptation": t, "reward": r, "punishment": p, "discount": d},
                   {"critical_discount": grim_trigger_discount(t, r, p),
                    "sustain_condition": r / (1 - d) >= t + d * p / (1 - d)})


@lru_cache(maxsize=None)
def linear_public_goods_closed_form() -> ClosedForm:
    """Linear public goods game (model 1), ``pi_i = e - g_i + m sum_j g_j``.

    Derived: the private and social marginal returns to contributing
    (``m - 1`` and ``n m - 1``), the dilemma condition ``1/n < m < 1``
    (private return negative, social positive, solved for ``m``), the Nash
    and optimal contributions (corners set by the signs of those returns),
    and the grim-trigger critical discount ``(1 - m) / (m (n - 1))``.
    """
    n, e, m = sp.symbols("n endowment mpcr", positive=True)
    g, others = sp.symbols("g_i G_others", nonnegative=True)
    payoff = e - g + m * (g + others)
    private = sp.diff(payoff, g)
    gs = sp.Symbol("g", nonnegative=True)
    welfare = n * payoff.subs(others, (n - 1) * gs).subs(g, gs)
    social = sp.simplify(sp.diff(welfare, gs) / n)
    dilemma = sp.And(_negative_iff(private, m), _positive_iff(social, m))
    nash_g = sp.Piecewise((e, private > 0), (0, True))
    opt_g = sp.Piecewise((e, social > 0), (0, True))
    full = {g: e, others: (n - 1) * e}
    temptation = payoff.subs({g: 0, others: (n - 1) * e})
    reward = payoff.subs(full)
    punishment = payoff.subs({g: 0, others: 0})
    return _freeze("linear_public_goods", {"n": n, "endowment": e, "mpcr": m}, {
        "private_marginal": private, "social_marginal": social, "dilemma": dilemma,
        "nash_contribution": nash_g, "nash_provision": sp.Piecewise((n * e, private > 0), (0, True)),
        "optimal_contribution": opt_g,
        "optimal_provision": sp.Piecewise((n * e, social > 0), (0, True)),
        "critical_discount": grim_trigger_discount(temptation, reward, punishment)})


@lru_cache(maxsize=None)
def participation_game_closed_form() -> ClosedForm:
    """Binary participation game (model 2), ``pi_i = b K - c s_i``.

    Derived from the indifference between contributing and abstaining
    (private gain ``b - c``, social gain ``n b - c``): the dilemma
    condition ``b < c < n b`` (solved for ``c``), Nash and optimal numbers
    of contributors, and the critical discount ``(c - b) / (b (n - 1))``.
    """
    n, b, c = sp.symbols("n benefit cost", positive=True)
    s, others = sp.symbols("s_i K_others", nonnegative=True)
    payoff = b * (s + others) - c * s
    gain = sp.simplify(payoff.subs(s, 1) - payoff.subs(s, 0))
    k = sp.Symbol("k", nonnegative=True)
    welfare = b * n * k - c * k            # k contributors, each state gets b k
    social = sp.diff(welfare, k)
    temptation = payoff.subs({s: 0, others: n - 1})
    reward = payoff.subs({s: 1, others: n - 1})
    punishment = payoff.subs({s: 0, others: 0})
    return _freeze("participation_game", {"n": n, "benefit": b, "cost": c}, {
        "private_gain": gain, "social_gain": social,
        "dilemma": sp.And(_negative_iff(gain, c), _positive_iff(social, c)),
        "nash_provision": sp.Piecewise((n, gain > 0), (0, True)),
        "optimal_provision": sp.Piecewise((n, social > 0), (0, True)),
        "critical_discount": grim_trigger_discount(temptation, reward, punishment)})


@lru_cache(maxsize=None)
def volunteers_dilemma_closed_form() -> ClosedForm:
    """Volunteer's dilemma (model 5), Diekmann (1985, eq. 3).

    Solves the indifference ``b - c = b (1 - q**(n-1))`` (volunteer for
    sure vs. abstain and hope one of the ``n - 1`` others volunteers) for
    the abstain probability ``q = (c / b) ** (1 / (n - 1))``; the good
    fails with probability ``q**n``.  Valid for ``0 < c < b``.

    >>> volunteers_dilemma_closed_form().evaluate(
    ...     "abstain_probability", n=2, benefit=1.0, cost=0.25)
    0.25
    """
    n, b, c = sp.symbols("n benefit cost", positive=True)
    q = sp.Symbol("q", positive=True)
    volunteer = b - c
    abstain = b * (1 - q ** (n - 1))
    sols = sp.solve(sp.Eq(volunteer, abstain), q)
    if len(sols) != 1:
        raise SolverError(f"volunteer's dilemma indifference has no unique root: {sols}")
    q_star = sols[0]
    return _freeze("volunteers_dilemma", {"n": n, "benefit": b, "cost": c}, {
        "abstain_probability": q_star, "volunteer_probability": 1 - q_star,
        "no_volunteer_probability": sp.powsimp(q_star ** n, force=True)})


@lru_cache(maxsize=None)
def joint_product_closed_form() -> ClosedForm:
    """Joint products (model 6), ``pi_i = a q_i + b sum_j q_j - (c/2) q_i**2``.

    Solves the Nash first-order condition ``a + b - c q_i = 0`` and the
    optimum's ``a + n b - c q = 0`` (symmetric welfare), giving the
    provision ratio ``(a + b) / (a + n b)``.
    """
    n, c = sp.symbols("n cost", positive=True)
    a, b = sp.symbols("private_benefit public_benefit", nonnegative=True)
    qi, others = sp.symbols("q_i Q_others", real=True)
    payoff = a * qi + b * (qi + others) - c / 2 * qi ** 2
    foc = sp.diff(payoff, qi)
    if not sp.diff(foc, qi).is_negative:
        raise SolverError("joint-product payoff is not concave in own activity")
    (q_nash,) = sp.solve(sp.Eq(foc, 0), qi)
    q = sp.Symbol("q", real=True)
    welfare = n * payoff.subs(others, (n - 1) * q).subs(qi, q)
    (q_opt,) = sp.solve(sp.Eq(sp.diff(welfare, q), 0), q)
    return _freeze("joint_product", {"n": n, "private_benefit": a, "public_benefit": b,
                                     "cost": c}, {
        "nash_contribution": q_nash, "nash_provision": n * q_nash,
        "optimal_contribution": q_opt, "optimal_provision": n * q_opt,
        "provision_ratio": sp.cancel(q_nash / q_opt)})


_BUILDERS = {
    "linear_public_goods": linear_public_goods_closed_form,
    "participation_game": participation_game_closed_form,
    "volunteers_dilemma": volunteers_dilemma_closed_form,
    "joint_product": joint_product_closed_form,
    "grim_trigger_threshold": grim_trigger_closed_form,
}


def closed_form(model: str) -> ClosedForm:
    """The :class:`ClosedForm` of a catalogue model, by its function name.

    >>> closed_form("joint_product")["provision_ratio"]
    (private_benefit + public_benefit)/(n*public_benefit + private_benefit)
    """
    return _BUILDERS[choice("model", model, _BUILDERS)]()
