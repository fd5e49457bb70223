"""Parameter sweeps: predict the level of governance over a grid of parameters.

A researcher's question is rarely one scenario: it is *over which range of
excludability, rivalry, asymmetry and number of states does the predicted
level change, and how large is the gap there?* :func:`sweep` answers it
with one tidy :class:`pandas.DataFrame`, one row per parameter point,
computed in-process or on any :class:`concurrent.futures.Executor`
(a process pool, or a dask cluster through :func:`goodsgov.dask_executor`).

Points are sent to the executor in chunks (never one task per point) and
the rows come back in grid order, so the result is the same whatever the
executor. :func:`goodsgov.sample_grid` draws Monte Carlo parameter rows from a seed.
"""

from __future__ import annotations

import inspect
import itertools
import math
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, TimeoutError as FutureTimeout, as_completed
from typing import Any

import numpy as np
import pandas as pd

from . import _checks
from .registry import area, areas
from .governance import pipeline
from .governance.pipeline import RESULT_COLUMNS
from .grids import grid_points
from .goods import Aggregation, Spillover, good_type_of
from .domain import auto_excludable_reach, excludable_reach, geography, reach_matrix
from .scenario import Scenario
from .solvers.contribution.records import check_aggregation, game_record
from .states import NUMERIC_FIELDS

__all__ = ["sweep", "sweep_stream", "scenario_at", "SCENARIO_PARAMETERS", "OPTION_AXES", "result_columns",
           "ROWS_PER_CHUNK", "SECONDS_PER_CHUNK"]

#: Fewest rows a streamed sweep solves together (a chunk is the most an interrupt can lose).
ROWS_PER_CHUNK = 16
#: In-process, a streamed sweep's chunks grow or shrink to take about this long.
SECONDS_PER_CHUNK = 0.5

#: Parameters a :class:`Scenario` base accepts, and what each changes.
SCENARIO_PARAMETERS: dict[str, str] = {
    "excludability": "the good's excludability (in [0, 1])",
    "rivalry": "the good's rivalry (in [0, 1])",
    "spillover": "the good's spillover range (auto, global, regional, bilateral, none)",
    "benefit": "every state's benefit weight set to this value",
    "cost": "every state's cost set to this value",
    "private_benefit": "every state's private benefit set to this value",
    "capacity": "every state's capacity set to this value",
    "benefit_scale": "every state's benefit weight multiplied by this factor",
    "cost_scale": "every state's cost multiplied by this factor",
    "private_benefit_scale": "every state's private benefit multiplied by this factor",
    "capacity_scale": "every state's capacity multiplied by this factor",
}
#: Prediction options that can be axes of any sweep (whatever the base), and what each sets:
#: the options of :func:`goodsgov.predict_governance` and the fields of its :class:`goodsgov.Levers`.
OPTION_AXES: dict[str, str] = {
    "decision_cost": "the decision cost (a share of each member's status-quo provision cost)",
    "decision_cost_form": "the form of decision costs (pair, member, institution)",
    "bargaining_weight": "the first state's weight in each deal's Nash bargaining",
    "deal_search": "how a deal network is searched for when the deal dynamic does not settle (dynamic, paths)",
    "funding": "the donor's funding share of members' costs (a lever)",
    "side_payment": "the donor's side payment per member (a lever)",
    "budget": "the donor's budget (a lever)",
    "transfers": "transfers within agreements (a lever, True or False)",
}
_LEVER_AXES = ("funding", "side_payment", "budget", "transfers")
_GOOD_FIELDS = ("excludability", "rivalry", "spillover")
_STATE_FIELDS = ("benefit", "cost", "private_benefit", "capacity")


def result_columns() -> list[str]:
    """Result columns of :func:`sweep` that follow the parameter columns (the
    names :func:`goodsgov.predict_governance`'s tables use too).

    >>> result_columns()[:3]
    ['level', 'good_type', 'provision_unilateral']
    """
    return ["level", "good_type", *_ROW_COLUMNS]


_ROW_COLUMNS = [c for c in RESULT_COLUMNS if c != "level"]


# --------------------------------------------------------------------- scenario of a point
def _check_scenario_parameters(names) -> None:
    unknown = [k for k in names if k not in SCENARIO_PARAMETERS and k not in OPTION_AXES]
    if unknown:
        raise _checks.invalid("grid", unknown[0], "a Scenario base accepts the parameters "
                              + ", ".join(SCENARIO_PARAMETERS) + " and the prediction options "
                              + ", ".join(OPTION_AXES)
                              + " (pass a function building the scenario to sweep others)")


def _split(params: Mapping[str, Any]) -> tuple[dict, dict]:
    """A point's scenario parameters and its prediction options."""
    scenario = {k: v for k, v in params.items() if k not in OPTION_AXES}
    options = {k: v for k, v in params.items() if k in OPTION_AXES}
    return scenario, options


def _point_options(predict_kwargs: dict, options: dict):
    """The validated options of a point: ``predict_kwargs`` with the point's option axes."""
    from .levers import Levers
    kwargs = dict(predict_kwargs)
    levers = {k: v for k, v in options.items() if k in _LEVER_AXES}
    if levers:
        base = Levers.coerce(kwargs.get("levers"))
        kwargs["levers"] = Levers(**{**{f: getattr(base, f) for f in ("side_payment", "funding", "budget",
                                                                        "transfers", "linkage")}, **levers})
    kwargs.update({k: v for k, v in options.items() if k not in _LEVER_AXES})
    return pipeline.options(**kwargs)


def scenario_at(base: Scenario | Callable[..., Scenario], params: Mapping[str, Any]) -> Scenario:
    """The scenario of one sweep point: ``base`` with ``params`` applied.

    A callable ``base`` is called with ``params`` as keyword arguments. A
    :class:`Scenario` ``base`` accepts the names of
    :data:`SCENARIO_PARAMETERS`: good fields replace the good's, state
    fields set every state's value, ``*_scale`` fields multiply every
    state's value. An explicit reach matrix of ``base`` is kept.

    >>> import goodsgov as gg
    >>> s = scenario_at(gg.refugee_protection(n_states=4, n_regions=2), {"rivalry": 0.5, "cost_scale": 2.0})
    >>> s.good.rivalry, s.cost.tolist()
    (0.5, [2.0, 2.0, 2.0, 2.0])
    """
    if isinstance(base, Scenario):
        _check_scenario_parameters(params)
        good = base.good
        good_changes = {k: params[k] for k in _GOOD_FIELDS if k in params}
        if good_changes:
            good = good.replace(**good_changes)
        states = base.states
        set_to = {k: params[k] for k in _STATE_FIELDS if k in params}
        scale = {k: params[k + "_scale"] for k in _STATE_FIELDS if k + "_scale" in params}
        for k, v in scale.items():
            _checks.real(k + "_scale", v, low=0.0)
        if set_to or scale:
            states = tuple(s.replace(**{**set_to, **{k: getattr(s, k) * v for k, v in scale.items()
                                                     if k not in set_to}})
                           for s in states)
        return base.replace(good=good, states=states)
    scenario = base(**params)
    if not isinstance(scenario, Scenario):
        raise _checks.invalid("base", base, "must return a goodsgov.Scenario")
    return scenario


def _check_base(base, names: Sequence[str], seeded: bool) -> None:
    if isinstance(base, Scenario):
        _check_scenario_parameters(names)
        if seeded:
            raise _checks.invalid("seed", "<given>", "a Scenario base is deterministic; use "
                                  "sample_grid(..., seed=...) for Monte Carlo draws")
        return
    if not callable(base):
        raise _checks.invalid("base", base, "must be a goodsgov.Scenario or a function returning one")
    try:
        sig = inspect.signature(base)
    except (TypeError, ValueError):  # builtins without a signature: trust the caller
        return
    params = sig.parameters
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return
    accepted = [k for k, p in params.items() if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)]
    for k in names:
        if k not in accepted and k not in OPTION_AXES:
            raise _checks.invalid("grid", k, f"must be a parameter of {getattr(base, '__name__', base)}: "
                                  + ", ".join(accepted) + ", or a prediction option: " + ", ".join(OPTION_AXES))
    if seeded and "seed" not in accepted:
        raise _checks.invalid("seed", "<given>", f"{getattr(base, '__name__', base)} takes no 'seed' "
                              "parameter; use sample_grid(..., seed=...) for Monte Carlo draws")


# --------------------------------------------------------------------- one chunk
class _PointGames:
    """The compiled game record of a :class:`Scenario` base's sweep points, computed
    directly (no Good, State or Scenario objects per point) and equal to that of
    :func:`scenario_at`'s scenario."""

    def __init__(self, base: Scenario) -> None:
        check_aggregation(base.good)
        self.base = base
        self.columns = {k: getattr(base, k) for k in _STATE_FIELDS}
        good = base.good
        self.weights = good.weights if good.aggregation is Aggregation.WEIGHTED else None
        self.partners, self.same_region = geography(base.states)
        self.domains: dict = {}

    def __call__(self, params: dict):
        """``(good type, record)`` of the point, or None where a value is invalid
        (:func:`scenario_at` then raises the documented error)."""
        base, good = self.base, self.base.good
        e = _as_float(params.get("excludability", good.excludability))
        r = _as_float(params.get("rivalry", good.rivalry))
        if not (0.0 <= e <= 1.0 and 0.0 <= r <= 1.0):
            return None
        spillover = good.spillover
        if "spillover" in params:
            try:
                spillover = Spillover(getattr(params["spillover"], "value", params["spillover"]))
            except ValueError:
                return None
        cols = {}
        with np.errstate(all="ignore"):
            for k in _STATE_FIELDS:
                if k in params:
                    col = np.full(self.columns[k].size, _as_float(params[k]))
                elif k + "_scale" in params:
                    scale = _as_float(params[k + "_scale"])
                    if not scale >= 0.0:
                        return None
                    col = self.columns[k] * scale
                else:
                    cols[k] = self.columns[k]
                    continue
                if not _checks.reals_valid(col, **NUMERIC_FIELDS[k]):
                    return None
                cols[k] = col
        if base.reach_explicit:
            D = N = base.reach
        else:
            if spillover not in self.domains:
                g = good.replace(spillover=spillover)
                self.domains[spillover] = (reach_matrix(g, base.states), excludable_reach(g, base.states))
            D, N = self.domains[spillover]
            if spillover is Spillover.AUTO:    # the only domain that depends on the rivalry
                N = auto_excludable_reach(self.partners, self.same_region, r)
        record = game_record(cols["benefit"], cols["cost"], cols["private_benefit"], cols["capacity"],
                             D, N, e, r, self.weights)
        return good_type_of(e, r), record


def _as_float(v) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
        return float("nan")  # not a number: scenario_at reports it
    return float(v)


def _run_chunk(base, names: tuple[str, ...], points: list[tuple], seeds: list[int] | None,
               predict_kwargs: dict) -> list[tuple]:
    """Solve one chunk of points (runs on a worker; module level so that it pickles).

    Each point goes through :mod:`goodsgov.governance.pipeline`, the pipeline of
    :func:`goodsgov.predict_governance`, and its row is the pipeline's summary.
    """
    options = pipeline.options(**predict_kwargs)
    direct = _PointGames(base) if isinstance(base, Scenario) else None
    per_point: dict = {}   # the options of each distinct setting of the option axes
    # the linked issue's record is the same at every point of a Scenario base: built (and its
    # states checked against the base's) once per chunk
    linked = (() if direct is None or options.levers.linkage is None
              else pipeline.records(base, options.levers)[1:])
    records = {id(options): options.record}   # each setting's compiled options, built once
    rows = []
    for k, values in enumerate(points):
        params, settings = _split(dict(zip(names, values)))
        if seeds is not None:
            params["seed"] = seeds[k]
        point_options = options
        if settings:
            key = tuple(settings.items())
            if key not in per_point:
                per_point[key] = _point_options(predict_kwargs, settings)
            point_options = per_point[key]
            if id(point_options) not in records:
                records[id(point_options)] = point_options.record
        point = direct(params) if direct is not None else None
        if point is None or point_options.levers.linkage is not options.levers.linkage:
            scenario = _build(base, params)
            good_type, games = scenario.good.good_type, pipeline.records(scenario, point_options.levers)
            regions = scenario.region_labels
        else:
            good_type, record = point
            games = (record, *linked)
            regions = base.region_labels
        row = pipeline.solve_summary(games, regions, records[id(point_options)])
        rows.append((row["level"], good_type.value, *(row[c] for c in _ROW_COLUMNS)))
    return rows


def _build(base, params: dict) -> Scenario:
    try:
        return scenario_at(base, params)
    except ValueError as exc:
        if hasattr(exc, "add_note"):
            exc.add_note(f"at sweep point {params}")
        raise


# --------------------------------------------------------------------- the sweep
def _workers(executor) -> int:
    for attr in ("max_workers", "_max_workers"):
        k = getattr(executor, attr, None)
        if isinstance(k, int) and k > 0:
            return k
    return os.cpu_count() or 1


def sweep(base: Scenario | Callable[..., Scenario], grid: Mapping[str, Any] | pd.DataFrame,
          executor: Executor | None = None, progress: bool = True, seed: int | None = None,
          chunksize: int | None = None, **predict_kwargs) -> pd.DataFrame:
    """Predict governance at every point of ``grid``; one row per point.

    ``base``: a :class:`Scenario` (sweepable parameters: see
    :data:`SCENARIO_PARAMETERS`), a function building one from keyword
    arguments (e.g. :func:`goodsgov.refugee_protection`; it must be
    picklable, i.e. defined at module level, for process pools) or the key
    of a registered area (:func:`goodsgov.areas`), meaning its constructor.
    ``grid``: a dict mapping each parameter to its values (the Cartesian
    product is swept, first parameter slowest) or a DataFrame of parameter
    rows (e.g. from :func:`goodsgov.sample_grid`); whatever the base, an axis
    may also be a prediction option of :data:`OPTION_AXES` (the decision
    cost and its form, the bargaining weight, a lever's setting), so the
    level over a range of decision costs is one sweep. ``executor``: any
    :class:`concurrent.futures.Executor`; ``None`` runs in-process. Points
    are sent in chunks of ``chunksize`` (default: about eight chunks per
    worker). ``seed``: when given, a function ``base`` taking a ``seed``
    argument receives a per-point seed derived from it (and the point's
    position), so results do not depend on the executor. ``progress``:
    show a tqdm bar when stderr is a terminal. Other keyword arguments go
    to :func:`goodsgov.predict_governance`.

    Columns: the parameters (and ``seed``), then :func:`result_columns`:
    ``level``, ``good_type``, ``provision_<scope>``, ``welfare_<scope>``,
    ``net_welfare_<scope>`` (less decision costs) and
    ``surplus_share_<scope>`` for unilateral, bilateral, regional and
    multilateral, the governance gap (``gap_provision``, ``gap_welfare``,
    ``gap_provision_share``, ``gap_surplus_share``,
    ``gap_cost_distribution``), ``self_enforcing``,
    ``stable_coalition_size`` and ``scope`` (the scope whose institution
    the level is): the numbers of
    :func:`goodsgov.predict_governance`, from the same pipeline.

    >>> import goodsgov as gg
    >>> df = gg.sweep(gg.refugee_protection, {"rivalry": [0.1, 0.9], "n_states": [6]}, progress=False)
    >>> df[["rivalry", "n_states", "level"]].values.tolist()
    [[0.1, 6, 'bilateral'], [0.9, 6, 'bilateral']]
    """
    unknown = sorted(set(predict_kwargs) - set(inspect.signature(pipeline.options).parameters))
    if unknown:
        raise TypeError(f"sweep() got an unexpected keyword argument {unknown[0]!r}")
    pipeline.options(**predict_kwargs)  # fail fast on a bad option
    if isinstance(base, str):
        keys = [a.key for a in areas()]
        if base not in keys:
            raise _checks.invalid("base", base, "must be a goodsgov.Scenario, a function returning one "
                                  "or a registered area: " + ", ".join(keys))
        base = area(base).constructor
    names, points = grid_points(grid)
    if "seed" in names and seed is not None:
        raise _checks.invalid("seed", seed, "the grid already has a 'seed' column")
    _check_base(base, names, seed is not None)
    if executor is not None and not isinstance(executor, Executor) and not hasattr(executor, "submit"):
        raise _checks.invalid("executor", executor, "must be a concurrent.futures.Executor or None")
    n = len(points)
    seeds = None
    if seed is not None:
        ss = np.random.SeedSequence(_checks.integer("seed", seed, low=0))
        seeds = [int(s.generate_state(1)[0]) for s in ss.spawn(n)]
    if chunksize is None:  # in-process: chunks only pace the progress bar
        chunksize = 256 if executor is None else min(1000, math.ceil(n / (8 * _workers(executor))))
        chunksize = max(1, chunksize)
    chunksize = _checks.integer("chunksize", chunksize, low=1)
    if n:  # fail fast, in-process, on a grid the base cannot build or an option it cannot take
        params, settings = _split(dict(zip(names, points[0])))
        _build(base, dict(params, **({} if seeds is None else {"seed": seeds[0]})))
        _point_options(predict_kwargs, settings)
    starts = list(range(0, n, chunksize))
    tasks = [(tuple(names), points[s:s + chunksize], None if seeds is None else seeds[s:s + chunksize])
             for s in starts]

    bar = None
    if progress and n > 0 and getattr(sys.stderr, "isatty", lambda: False)():
        from tqdm.auto import tqdm
        bar = tqdm(total=n, desc="sweep", unit="pt", file=sys.stderr)
    results: list[list[tuple] | None] = [None] * len(tasks)
    try:
        if executor is None:
            for k, (nm, pts, sd) in enumerate(tasks):
                results[k] = _run_chunk(base, nm, pts, sd, predict_kwargs)
                if bar is not None:
                    bar.update(len(pts))
        else:
            futures = {executor.submit(_run_chunk, base, nm, pts, sd, predict_kwargs): k
                       for k, (nm, pts, sd) in enumerate(tasks)}
            try:
                for fut in as_completed(futures):
                    k = futures[fut]
                    results[k] = fut.result()
                    if bar is not None:
                        bar.update(len(tasks[k][1]))
            except BaseException:
                for fut in futures:
                    fut.cancel()
                raise
    finally:
        if bar is not None:
            bar.close()

    rows = [r for chunk in results for r in chunk]  # type: ignore[union-attr]
    columns = dict(zip(names, zip(*points))) if n else {k: [] for k in names}
    if seeds is not None:
        columns["seed"] = seeds
    results_by_column = list(zip(*rows)) if n else [[] for _ in result_columns()]
    columns.update(zip(result_columns(), results_by_column))
    df = pd.DataFrame({k: list(v) for k, v in columns.items()})
    if n == 0:
        return df
    df["self_enforcing"] = df["self_enforcing"].astype(bool)
    df["stable_coalition_size"] = df["stable_coalition_size"].astype(int)
    return df


# --------------------------------------------------------------------- streamed
def _solve_frame(base, names: Sequence[str], points: list[tuple], predict_kwargs: dict) -> pd.DataFrame:
    """:func:`sweep` of a list of points (module level: runs on worker processes)."""
    frame = pd.DataFrame.from_records(points, columns=list(names))
    return sweep(base, frame, progress=False, **predict_kwargs)


def sweep_stream(base, names: Sequence[str], points: Iterable[tuple], *, executor: Executor | None = None,
                 workers: int = 1, stop: Callable[[], bool] = lambda: False,
                 **predict_kwargs) -> Iterator[pd.DataFrame]:
    """:func:`sweep` of an iterable of points, yielded chunk by chunk in grid order.

    For long sweeps written as they go (the ``goodsgov sweep`` command).
    In-process, chunks are sized to take about :data:`SECONDS_PER_CHUNK`
    (from :data:`ROWS_PER_CHUNK` to 64 times as many rows); on ``executor``
    (with ``workers`` workers) the first chunk is solved in-process (a bad
    grid fails before any worker starts) and at most ``2 * workers + 1``
    chunks of ``4 * ROWS_PER_CHUNK`` rows are pending at once. ``stop`` is
    asked between chunks (and while waiting for one): once it is true, the
    chunks already finished are yielded and the stream ends.

    >>> import goodsgov as gg
    >>> chunks = sweep_stream(gg.refugee_protection, ["n_states"], [(6,), (7,)])
    >>> [len(df) for df in chunks]
    [2]
    """
    names = list(names)
    points = iter(points)
    if executor is None:
        size = ROWS_PER_CHUNK
        while not stop():
            chunk = list(itertools.islice(points, size))
            if not chunk:
                return
            start = time.perf_counter()
            yield _solve_frame(base, names, chunk, predict_kwargs)
            elapsed = time.perf_counter() - start
            size = max(ROWS_PER_CHUNK, min(64 * ROWS_PER_CHUNK,
                                           int(size * SECONDS_PER_CHUNK / max(elapsed, 1e-3))))
        return
    first = list(itertools.islice(points, 1))
    if not first:
        return
    yield _solve_frame(base, names, first, predict_kwargs)
    pending: deque = deque()
    try:
        while not stop():
            while len(pending) <= 2 * workers:
                chunk = list(itertools.islice(points, 4 * ROWS_PER_CHUNK))
                if not chunk:
                    break
                pending.append(executor.submit(_solve_frame, base, names, chunk, predict_kwargs))
            if not pending:
                return
            try:
                df = pending[0].result(timeout=0.2)
            except FutureTimeout:
                continue
            pending.popleft()
            yield df
        for fut in pending:  # stopped: what is finished is kept, in grid order
            if not fut.done():
                break
            if fut.exception() is None:
                yield fut.result()
    finally:
        for fut in pending:
            fut.cancel()
