"""The one pipeline from a scenario to its results.

Build the game records (:func:`records`), solve every scope and pick the
level (:func:`solve`, the compiled :func:`goodsgov.governance.kernel.solve_point`),
summarise (:func:`summary`, compiled in :mod:`goodsgov.governance.rows`; a
sweep point does both in one call, :func:`solve_summary`).
:func:`goodsgov.predict_governance`, every
point of :func:`goodsgov.sweep`, :func:`goodsgov.table1` and the ``goodsgov``
command all run through these functions, with the options checked once by
:func:`options`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import _checks
from ..errors import SolverError
from ..levers import Levers
from ..solvers.agreements import EXHAUSTIVE_STATES, STABLE_CANDIDATES, linked_records, options_of
from ..solvers.contribution.records import COST_FORMS, Game, scenario_record
from . import rows
from .kernel import Solution, solve_point
from .scopes import LEVELS, SCOPES

__all__ = ["DEFAULT_DECISION_COST", "DEFAULT_COST_FORM", "DEFAULT_BARGAINING_WEIGHT", "DEAL_SEARCHES",
           "DEFAULT_DEAL_SEARCH", "NEAR_TIE", "margin", "PredictionOptions",
           "RESULT_COLUMNS", "options", "records", "solve", "solve_summary", "solve_scenario", "summary",
           "gap_fields", "cooperation_pays", "surplus_shares"]

#: Decision cost of taking part in an agreement, as a share of the member's own
#: status-quo provision cost (what it spends on the good alone). Not estimated
#: yet: a modelling default, reported with the level under other values and
#: forms in docs/explanation.md.
DEFAULT_DECISION_COST = 0.25
#: The default form of decision costs: a participation cost per member (see
#: :data:`~goodsgov.solvers.contribution.records.COST_FORMS`).
DEFAULT_COST_FORM = "member"
#: Each deal's Nash bargaining weight of its first state: the symmetric Nash solution (Nash 1950).
DEFAULT_BARGAINING_WEIGHT = 0.5
#: How a deal network is searched for when the deal dynamic does not settle on more
#: states than can be enumerated: ``"dynamic"``, not at all (no deal is credited);
#: ``"paths"``, by a random improving path from the network the dynamic reached
#: (:func:`goodsgov.solvers.contribution.deals.improving_paths`).
DEAL_SEARCHES = ("dynamic", "paths")
#: The default deal search: the deal dynamic alone.
DEFAULT_DEAL_SEARCH = "dynamic"


class PredictionOptions(NamedTuple):
    """The validated options of a prediction (see :func:`options`)."""

    levers: Levers
    decision_cost: float
    decision_cost_form: str
    bargaining_weight: float
    tol: float
    exhaustive: int
    deal_search: str = DEFAULT_DEAL_SEARCH
    random_state: int = 0

    @property
    def record(self):
        """The compiled options record."""
        return options_of(self.levers, decision_cost=self.decision_cost,
                          cost_form=self.decision_cost_form, tol=self.tol,
                          exhaustive=self.exhaustive, candidates=STABLE_CANDIDATES,
                          paths=self.deal_search == "paths", seed=self.random_state)


def options(levers: Levers | dict | None = None, decision_cost: float = DEFAULT_DECISION_COST,
            decision_cost_form: str = DEFAULT_COST_FORM, bargaining_weight: float = DEFAULT_BARGAINING_WEIGHT,
            tol: float = 1e-9, exhaustive: int = EXHAUSTIVE_STATES,
            deal_search: str = DEFAULT_DEAL_SEARCH,
            random_state: int = 0) -> PredictionOptions:
    """The validated options of :func:`goodsgov.predict_governance` (checked once per sweep).

    >>> options(decision_cost=0.5).decision_cost
    0.5
    """
    return PredictionOptions(Levers.coerce(levers),
                             _checks.real("decision_cost", decision_cost, low=0.0),
                             _checks.choice("decision_cost_form", decision_cost_form, COST_FORMS),
                             _checks.real("bargaining_weight", bargaining_weight, low=0.0, high=1.0),
                             _checks.real("tol", tol, low=0.0, high=1e-3, low_open=True),
                             _checks.integer("exhaustive", exhaustive, low=0, high=16),
                             _checks.choice("deal_search", deal_search, DEAL_SEARCHES),
                             _checks.integer("random_state", random_state, low=0, high=2**32 - 1))


def records(scenario, levers: Levers, *, record: Game | None = None) -> tuple[Game, ...]:
    """The game records of a scenario (``record``: its own, when already built) and, under
    issue linkage, of the linked issue (which must have the same states in the same order)."""
    return linked_records(scenario_record(scenario) if record is None else record, scenario.names,
                          levers)


def solve(games: tuple[Game, ...], regions: np.ndarray, opts) -> Solution:
    """Solve one scenario's records under every scope (``opts``: the compiled options record).

    Raises :class:`goodsgov.errors.SolverError` when the scenario's magnitudes
    (benefit and private benefit against cost) put a result beyond the range of
    floating point, rather than return inf or NaN."""
    out = solve_point(games, np.array(regions, dtype=np.int64), opts)
    _check_finite(rows.finite(out))
    return out


def solve_summary(games: tuple[Game, ...], regions: np.ndarray, opts) -> dict:
    """:func:`summary` of :func:`solve` in one compiled call (what a sweep point
    needs: the solution itself never reaches Python)."""
    row = rows.solve_row(games, np.array(regions, dtype=np.int64), opts)
    _check_finite(row.finite)
    return _named(row.values)


def _check_finite(finite: bool) -> None:
    if not finite:
        raise SolverError("the scenario's benefits and costs are too extreme for floating point: "
                          "contributions grow as benefit / cost and payoffs as benefit**2 / cost; "
                          "rescale benefits, private benefits and costs by one factor (the level "
                          "does not change)")


def solve_scenario(scenario, opts: PredictionOptions, *, record: Game | None = None) -> Solution:
    """:func:`records` and :func:`solve` of one scenario."""
    return solve(records(scenario, opts.levers, record=record), scenario.region_labels, opts.record)


#: A level whose margin over the next best scope is below this share of its net welfare is a
#: near-tie: the explanation says so, and a paper should report the level's sensitivity.
NEAR_TIE = 0.01

def margin(out: Solution) -> tuple[float, float, int]:
    """The predicted scope's lead in net welfare over the next best scope with an
    institution of its own (the status quo always has one; a scope whose
    institution provides exactly what the predicted one does is the same
    institution, not a rival): absolute, as a share of the predicted scope's
    net welfare, and the runner-up's scope index (``inf``, ``inf``, -1 when
    there is no alternative)."""
    lead, share, runner = rows.margin(out)
    return float(lead), float(share), int(runner)


#: The fields of :func:`gap_fields`, in the order of :func:`goodsgov.governance.rows.gap`.
_GAP_FIELDS = ("gap_provision", "gap_welfare", "gap_provision_share", "gap_surplus_share",
               "gap_cost_distribution")
#: The names of :func:`summary`'s results, in order (the sweep's and Table 1's columns too).
RESULT_COLUMNS = (["level"] + [f"{q}_{lvl.value}" for q in ("provision", "welfare", "net_welfare",
                                                            "surplus_share") for lvl in SCOPES]
                  + list(_GAP_FIELDS) + ["self_enforcing", "stable_coalition_size", "scope", "margin",
                                         "margin_share"])


def cooperation_pays(out: Solution) -> bool:
    """Whether cooperation has a surplus to share (beyond rounding)."""
    return bool(rows.cooperation_pays(out))


def surplus_shares(out: Solution) -> np.ndarray:
    """Each scope's share of the cooperative surplus (optimum minus Nash welfare)."""
    return rows.surplus_shares(out)


def gap_fields(out: Solution, provision: float, welfare: float, costs: np.ndarray | None) -> dict:
    """The governance gap of an outcome (``provision``, ``welfare``, provision ``costs``)."""
    v = rows.gap(out, float(provision), float(welfare),
                 np.zeros(0) if costs is None else np.asarray(costs, dtype=float), costs is not None)
    names = _GAP_FIELDS if costs is not None else _GAP_FIELDS[:-1]   # no cost distribution without costs
    return dict(zip(names, v.tolist()))


def _named(values: np.ndarray) -> dict:
    """The numbers of :func:`goodsgov.governance.rows.values` named as in :data:`RESULT_COLUMNS`."""
    row = dict(zip(RESULT_COLUMNS, values.tolist()))
    row["level"] = LEVELS[int(values[0])].value
    row["self_enforcing"] = bool(row["self_enforcing"])
    row["stable_coalition_size"] = int(row["stable_coalition_size"])
    row["scope"] = SCOPES[int(row["scope"])].value
    return row


def summary(out: Solution) -> dict:
    """The scalar results of a solution, named as in :data:`RESULT_COLUMNS`."""
    return _named(rows.values(out))
