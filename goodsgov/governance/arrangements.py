"""Evaluate any arrangement: what these states would provide and gain, and whether it holds.

:func:`evaluate` solves a scenario for agreements and deals the researcher
names ("what if these states formed that agreement?") with the prediction's
own model: the same provision at a depth, decision costs, levers and
stability tests as :func:`goodsgov.predict_governance`, so the predicted
institutions evaluate to the prediction's numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from .. import _checks
from ..errors import did_you_mean
from ..levers import Levers
from ..scenario import Scenario
from ..solvers.contribution.deals import deal_costs, pairwise_stable
from ..solvers.contribution.provision import admission_of, full_depth, member_cost, solve_all
from ..solvers.contribution.stability import agreement_gains, outsider_gains
from ..solvers.contribution.treaties import member_costs
from . import pipeline
from .kernel import stakes
from .pipeline import DEFAULT_COST_FORM, DEFAULT_DECISION_COST

__all__ = ["Evaluation", "evaluate"]


@dataclass(frozen=True, eq=False)
class Evaluation:
    """An arrangement solved (see :func:`evaluate`).

    ``states``: one row per state: ``provision``, ``payoff`` (levers
    included), ``decision_cost``, ``net_payoff``, ``depth``; ``institutions``:
    one row per agreement or deal: ``kind``, ``members``, ``n_members``,
    ``depth``, ``provision``, ``decision_cost``, ``internally_stable`` (no
    member gains by leaving, excluded from the rest's excludable benefit),
    ``internally_stable_open`` (neither if it kept it), ``externally_stable``
    (no other state gains by joining, the rest alone); for deals the two
    internal columns say whether the deal's states keep it; ``welfare``
    (net of a donor's outlay), ``decision_cost``, ``net_welfare``;
    ``pairwise_stable``: whether the deals form a pairwise-stable network
    (``None`` without deals); and the inputs.
    """

    states: pd.DataFrame = field(repr=False)
    institutions: pd.DataFrame = field(repr=False)
    welfare: float
    decision_cost: float
    net_welfare: float
    pairwise_stable: bool | None
    scenario: Scenario = field(repr=False)
    agreements: tuple[tuple[str, ...], ...] = ()
    deals: tuple[tuple[str, str], ...] = ()
    levers: Levers = field(default_factory=Levers)
    decision_cost_form: str = DEFAULT_COST_FORM


def _index(scenario: Scenario, name, field_name: str) -> int:
    names = scenario.names
    if name not in names:
        raise _checks.invalid(field_name, name, "must name a state of the scenario" + did_you_mean(
            str(name), names))
    return names.index(name)


def _depths(depth, n_agreements: int) -> list[float]:
    if isinstance(depth, (int, float, np.floating, np.integer)) and not isinstance(depth, bool):
        depth = [depth] * n_agreements
    depth = list(_checks.array("depth", depth, shape=(n_agreements,)))
    return [_checks.real(f"depth[{k}]", d, low=0.0, high=1.0) for k, d in enumerate(depth)]


def evaluate(scenario: Scenario, agreements: Sequence[Sequence[str]] = (),
             deals: Sequence[tuple[str, str]] = (), depth: float | Sequence[float] = 1.0, *,
             levers: Levers | dict | None = None, decision_cost: float = DEFAULT_DECISION_COST,
             decision_cost_form: str = DEFAULT_COST_FORM, tol: float = 1e-9) -> Evaluation:
    """Solve ``scenario`` for the named ``agreements`` (lists of state names, at
    ``depth``: one number or one per agreement) and bilateral ``deals`` (pairs
    of names), every other state alone, and test each institution's stability.

    >>> import goodsgov as gg
    >>> sc = gg.refugee_protection(n_states=6, n_regions=2)
    >>> [bool(gg.evaluate(sc, agreements=[["S01", "S02", "S03"]], depth=d).institutions.internally_stable[0])
    ...  for d in (0.3, 0.5)]             # shallow holds, deeper does not
    [True, False]
    """
    if not isinstance(scenario, Scenario):
        raise _checks.invalid("scenario", scenario, "must be a goodsgov.Scenario")
    opts = pipeline.options(levers, decision_cost, decision_cost_form, 0.5, tol)
    n = scenario.n_states
    labels = np.arange(n)
    groups = []
    for k, members in enumerate(agreements):
        idx = sorted({_index(scenario, m, f"agreements[{k}]") for m in members})
        if len(idx) < 2:
            raise _checks.invalid(f"agreements[{k}]", list(members), "must name two or more states")
        if np.any(labels[idx] != np.array(idx)):
            raise _checks.invalid(f"agreements[{k}]", list(members), "a state can be in one agreement only")
        labels[idx] = idx[0]
        groups.append(np.array(idx))
    d = _depths(depth, len(groups))
    depth_of = full_depth(n)
    for idx, dk in zip(groups, d):
        depth_of[idx] = dk
    D = np.eye(n, dtype=bool)
    pairs = []
    for k, pair in enumerate(deals):
        if len(pair) != 2:
            raise _checks.invalid(f"deals[{k}]", pair, "must be a pair of state names")
        i, j = (_index(scenario, m, f"deals[{k}]") for m in pair)
        if i == j or labels[i] != i or labels[j] != j or np.sum(labels == i) > 1 or np.sum(labels == j) > 1:
            raise _checks.invalid(f"deals[{k}]", pair, "must link two different states outside any agreement")
        D[i, j] = D[j, i] = True
        pairs.append((min(i, j), max(i, j)))
    pairs = sorted(set(pairs))
    games = pipeline.records(scenario, opts.levers)
    rec = opts.record
    nash = solve_all(games, np.eye(n, dtype=bool), rec, False, full_depth(n)).payoffs
    unit = float(np.mean(np.abs(nash))) or 1.0
    tol_abs = tol * unit
    stake = stakes(games)
    M = admission_of(labels) | D
    eq = solve_all(games, M, rec, False, depth_of)
    paid = member_costs(labels, stake, rec)
    paid = paid + deal_costs(D, stake, rec)
    pc = np.array([member_cost(rec, stake[i], 2) for i in range(n)])   # each party's cost of one deal
    names = scenario.names
    rows = []
    for idx, dk in zip(groups, d):
        gains = agreement_gains(games, M, idx, eq, rec, False, dk, stake)
        gains_open = agreement_gains(games, M, idx, eq, rec, True, dk, stake)
        mask = np.zeros(n, dtype=bool)
        mask[idx] = True
        join = outsider_gains(games, mask, dk, stake, rec).gains
        held = (lambda g: g.sum() <= tol_abs) if opts.levers.transfers else (lambda g: g.max() <= tol_abs)
        rows.append({"kind": "agreement", "members": tuple(names[i] for i in idx), "n_members": idx.size,
                     "depth": dk, "provision": float(eq.contributions[idx].sum()),
                     "decision_cost": float(paid[idx].sum()), "internally_stable": bool(held(gains)),
                     "internally_stable_open": bool(held(gains_open)),
                     "externally_stable": bool(join.size == 0 or join.max() <= tol_abs)})
    for (i, j) in pairs:
        T = M.copy()
        T[i, j] = T[j, i] = False
        without = solve_all(games, T, rec, False, depth_of).payoffs
        gi = eq.payoffs[i] - pc[i] - without[i]
        gj = eq.payoffs[j] - pc[j] - without[j]
        keep = (gi + gj if opts.levers.transfers else min(gi, gj)) >= -tol_abs
        rows.append({"kind": "deal", "members": (names[i], names[j]), "n_members": 2, "depth": 1.0,
                     "provision": float(eq.contributions[[i, j]].sum()), "decision_cost": float(pc[i] + pc[j]),
                     "internally_stable": bool(keep), "internally_stable_open": bool(keep),
                     "externally_stable": None})
    columns = ["kind", "members", "n_members", "depth", "provision", "decision_cost", "internally_stable",
               "internally_stable_open", "externally_stable"]
    states = pd.DataFrame({"provision": eq.contributions, "payoff": eq.payoffs, "decision_cost": paid,
                           "net_payoff": eq.payoffs - paid, "depth": depth_of},
                          index=pd.Index(names, name="state"))
    stable = bool(pairwise_stable(games, D, rec, tol_abs, stake)) if pairs else None
    return Evaluation(states, pd.DataFrame(rows, columns=columns), float(eq.welfare), float(paid.sum()),
                      float(eq.welfare - paid.sum()), stable, scenario,
                      tuple(tuple(names[i] for i in idx) for idx in groups),
                      tuple((names[i], names[j]) for i, j in pairs), opts.levers, opts.decision_cost_form)
