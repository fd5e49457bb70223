"""Skilled labour from data: sending and receiving states, and the gains of an exchange.

Betts (2010): the benefits of skilled labour migration accrue "almost
exclusively to the sending State, the receiving State and the migrant".
Who sends and who receives, and which pairs gain from an exchange, are
read here from income levels and distance, not from who is nearest.

**Roles** (:func:`roles`). ``rule="income_group"`` (default): a state the
World Bank classes as High income receives, every other classified state
sends; the one it leaves unclassified (VEN) gets no role (``None``) and
takes no part in an exchange (:func:`goodsgov.world.income_roles`).
``rule="gdp_per_capita"``: a state receives when its GDP per capita is
above the median of the UN member states with a shipped GDP (the median
over the world, so a state's role does not depend on the selection), and
sends otherwise.

**Gains of an exchange** (:func:`exchange_gains`): a gravity form
(Tinbergen 1962, *Shaping the World Economy*; Anderson 1979, "A
theoretical foundation for the gravity equation", *American Economic
Review* 69(1): 106-116) whose attraction term is the wage gap that makes
moving worth it (Sjaastad 1962, "The costs and returns of human
migration", *Journal of Political Economy* 70(5): 80-93; Clemens 2011,
*Journal of Economic Perspectives* 25(3): 83-106)::

    G[i, j] = |ln y_i - ln y_j| ** gap * (Y_i Y_j) ** mass / d[i, j] ** distance

``y``: GDP per capita (US dollars; the wage gap's proxy); ``Y``: GDP (the
economic masses); ``d``: great-circle distance in km. Defaults ``gap =
mass = distance = 1``: unit elasticities as in Tinbergen's form (a
modelling choice; Disdier & Head 2008, *Review of Economics and
Statistics* 90(1): 37-48, find distance elasticities around 0.9 in trade).
With a ``rule``, only a sending and a receiving state exchange (G = 0
between states of the same role); ``rule=None`` lets any pair with an
income gap exchange. The matrix is scaled so the largest pair is 1.

**Domain and partners**: :func:`exchange_domain` turns the gains into a
benefit domain, :func:`exchange_partners` into each state's partners (its
``k`` best exchanges), so a labour agreement links the states whose
exchange has gains.

>>> import goodsgov.calibration as cal
>>> cal.roles(["DEU", "IND", "USA", "PHL"]).tolist()
['receiving', 'sending', 'receiving', 'sending']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import _checks, world
from ..errors import unknown_choice
from ._common import unit_share
from .indicators import indicators

__all__ = ["RULES", "roles", "exchange_gains", "exchange_domain", "exchange_partners"]

#: Rules that split states into sending and receiving (module docstring).
RULES: tuple[str, ...] = ("income_group", "gdp_per_capita")



def unit_exponent(field: str, value: object) -> float:
    """An elasticity of the gravity form, in [0, 10]."""
    return _checks.real(field, value, low=0.0, high=10.0)


def _rule(rule: object, none_ok: bool = False) -> str | None:
    if rule is None and none_ok:
        return None
    if not isinstance(rule, str) or rule not in RULES:
        raise unknown_choice("rule", rule, list(RULES) + (["None"] if none_ok else []))
    return rule


def roles(codes: Sequence[str] | None = None, rule: str = "income_group", *,
          missing: str = "income_group") -> pd.Series:
    """``"sending"`` or ``"receiving"`` for each state (``None``: no role), indexed by ``codes``.

    ``rule``: ``"income_group"`` or ``"gdp_per_capita"`` (module
    docstring); ``missing``: for the GDP rule, what to do with a state
    without GDP (:func:`goodsgov.calibration.indicators`).

    >>> r = roles(["DEU", "CHN", "IND"], rule="gdp_per_capita")
    >>> r.tolist(), r.name
    (['receiving', 'receiving', 'sending'], 'role')
    """
    rule = _rule(rule)
    if rule == "income_group":
        t = indicators(codes, missing="income_group", year=None)
        return world.income_roles(list(t.index))
    else:
        t = indicators(codes, missing=missing)
        threshold = float(indicators(None, missing="drop")["gdp_per_capita"].median())
        role = np.where(t["gdp_per_capita"] > threshold, "receiving", "sending").astype(object)
    return pd.Series(role, index=t.index, name="role", dtype=object)


def exchange_gains(codes: Sequence[str] | None = None, *, rule: str | None = "income_group",
                   gap: float = 1.0, mass: float = 1.0, distance: float = 1.0,
                   missing: str = "income_group") -> np.ndarray:
    """The gains of a labour exchange between each pair of ``codes``: n x n in [0, 1].

    Symmetric, 0 on the diagonal, the largest pair 1 (module docstring);
    ``gap``, ``mass``, ``distance``: the exponents (in [0, 10]); ``rule``:
    roles that must differ, a state without a role exchanging with no one
    (None: any pair); ``missing``: states without GDP
    (:func:`goodsgov.calibration.indicators`; with ``"drop"`` the matrix
    covers the states kept, in order).

    >>> g = exchange_gains(["USA", "MEX", "CAN", "IND"])
    >>> float(g.max()), float(g[0, 2]), bool(g[0, 1] > g[2, 1])
    (1.0, 0.0, True)
    """
    rule = _rule(rule, none_ok=True)
    gap, mass, distance = (unit_exponent(k, v) for k, v in
                           (("gap", gap), ("mass", mass), ("distance", distance)))
    t = indicators(codes, missing=missing)
    selected = list(t.index)
    n = len(selected)
    if n < 2:
        raise _checks.invalid("codes", selected, "must name at least two states for an exchange")
    logy = np.log(t["gdp_per_capita"].to_numpy(dtype=float))
    logY = np.log(t["gdp"].to_numpy(dtype=float))
    d = world.distance_matrix(selected).to_numpy().copy()
    np.fill_diagonal(d, 1.0)
    wage_gap = np.abs(logy[:, None] - logy[None, :])
    with np.errstate(divide="ignore"):
        log_gap = np.where(wage_gap > 0, np.log(wage_gap), -np.inf)
    log_gap = np.where(wage_gap > 0, gap * log_gap, 0.0 if gap == 0 else -np.inf)
    log_g = log_gap + mass * (logY[:, None] + logY[None, :]) \
        - distance * np.log(d)
    if rule is not None:
        r = roles(selected, rule, missing=missing).fillna("").to_numpy(dtype=str)
        log_g[(r[:, None] == r[None, :]) | (r[:, None] == "") | (r[None, :] == "")] = -np.inf
    np.fill_diagonal(log_g, -np.inf)
    if not np.isfinite(log_g).any():
        raise _checks.invalid("codes", selected[:12], "hold no pair with gains from an exchange"
                              + (f" (under rule={rule!r} they all have the same role)"
                                 if rule else ""))
    out = np.exp(log_g - log_g[np.isfinite(log_g)].max())   # logs: no overflow of Y_i * Y_j
    return (out + out.T) / 2.0


def exchange_domain(codes: Sequence[str] | None = None, *, floor: float = 0.0,
                    **gains) -> np.ndarray:
    """The benefit domain of skilled labour: how much of *j*'s exchange reaches *i*.

    ``D[i, j] = max(floor, G[i, j] / sqrt(best_i * best_j))`` off the
    diagonal, 1 on it, with ``best_i`` the largest gain of state *i*'s
    exchanges: 1 for a pair that is each other's best exchange, less for
    pairs that gain less than their best alternatives. Symmetric, in
    [0, 1]. ``gains``: the keywords of :func:`exchange_gains`.

    >>> d = exchange_domain(["USA", "MEX", "CAN", "IND"])
    >>> float(d[0, 1]), float(d[0, 2])
    (1.0, 0.0)
    """
    floor = unit_share("floor", floor)
    g = exchange_gains(codes, **gains)
    best = g.max(axis=1)
    scale = np.sqrt(np.outer(best, best))
    out = np.divide(g, scale, out=np.zeros_like(g), where=scale > 0)
    out = np.maximum(floor, np.clip(out, 0.0, 1.0))
    np.fill_diagonal(out, 1.0)
    return out


def exchange_partners(codes: Sequence[str] | None = None, *, k: int = 1,
                      **gains) -> dict[str, tuple[str, ...]]:
    """Each state's partners: its ``k`` exchanges with the largest gains, made mutual.

    A state with no exchange of positive gain has none. ``gains``: the
    keywords of :func:`exchange_gains`. Ordered as ``codes``.

    >>> exchange_partners(["USA", "MEX", "CAN", "IND"])["MEX"]
    ('USA',)
    """
    k = _checks.integer("k", k, low=1, high=10_000)
    selected = list(indicators(codes, missing=gains.get("missing", "income_group")).index)
    g = exchange_gains(selected, **gains)
    out: dict[str, set[str]] = {c: set() for c in selected}
    for i, c in enumerate(selected):
        order = np.argsort(-g[i], kind="stable")[:k]
        for j in order:
            if g[i, j] > 0:
                out[c].add(selected[j])
                out[selected[j]].add(c)
    pos = {c: i for i, c in enumerate(selected)}
    return {c: tuple(sorted(p, key=pos.__getitem__)) for c, p in out.items()}
