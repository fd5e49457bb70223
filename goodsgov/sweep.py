"""Parameter sweeps: predict the level of governance over a grid of parameters.

A researcher's question is rarely one scenario: it is *over which range of
excludability, rivalry, asymmetry and number of states does the predicted
level change, and how large is the gap there?* :func:`sweep` answers it
with one tidy :class:`pandas.DataFrame`, one row per parameter point,
computed in-process or on any :class:`concurrent.futures.Executor`
(a process pool, or a dask cluster through :func:`goodsgov.dask_executor`).

Points are sent to the executor in chunks (never one task per point) and
the rows come back in grid order, so the result is the same whatever the
executor. :func:`sample_grid` draws Monte Carlo parameter rows from a seed.
"""

from __future__ import annotations

import inspect
import itertools
import math
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, as_completed
from typing import Any

import numpy as np
import pandas as pd

from . import _checks
from .games.contribution import ContributionGame, check_aggregation, game_record
from .governance import RESULT_COLUMNS, options, solve, summary
from .goods import Aggregation, Spillover, classify
from .scenario import Scenario, auto_excludable_reach, geography, reach_matrix
from .solvers.agreements import STABLE_CANDIDATES, games_of, options_of

__all__ = ["sweep", "sample_grid", "scenario_at", "SCENARIO_PARAMETERS", "result_columns"]

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
    unknown = [k for k in names if k not in SCENARIO_PARAMETERS]
    if unknown:
        raise _checks.invalid("grid", unknown[0], "a Scenario base accepts the parameters "
                              + ", ".join(SCENARIO_PARAMETERS)
                              + " (pass a function building the scenario to sweep others)")


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
        if k not in accepted:
            raise _checks.invalid("grid", k, f"must be a parameter of {getattr(base, '__name__', base)}: "
                                  + ", ".join(accepted))
    if seeded and "seed" not in accepted:
        raise _checks.invalid("seed", "<given>", f"{getattr(base, '__name__', base)} takes no 'seed' "
                              "parameter; use sample_grid(..., seed=...) for Monte Carlo draws")


# --------------------------------------------------------------------- grids
def _points(grid) -> tuple[list[str], list[tuple]]:
    """Parameter names and one tuple of plain Python values per point, in grid order."""
    if isinstance(grid, pd.DataFrame):
        names = [str(c) for c in grid.columns]
        if len(set(names)) != len(names):
            raise _checks.invalid("grid", names, "column names must be distinct")
        cols = [grid[c].tolist() for c in grid.columns]
        return names, list(zip(*cols)) if cols else []
    if not isinstance(grid, Mapping):
        raise _checks.invalid("grid", grid, "must be a dict of parameter -> values or a DataFrame "
                              "of parameter rows")
    names, axes = [], []
    for k, values in grid.items():
        if not isinstance(k, str):
            raise _checks.invalid("grid", k, "parameter names must be strings")
        if isinstance(values, (str, bytes)) or np.ndim(values) == 0:
            values = [values]
        values = [_plain(v) for v in values]
        if not values:
            raise _checks.invalid(f"grid[{k!r}]", values, "must hold at least one value")
        names.append(k)
        axes.append(values)
    return names, list(itertools.product(*axes))


def _plain(v):
    return v.item() if isinstance(v, np.generic) else v


def sample_grid(ranges: Mapping[str, Any], n: int, seed: int | None = 0, *,
                method: str = "random") -> pd.DataFrame:
    """``n`` Monte Carlo parameter rows for :func:`sweep`, reproducible from ``seed``.

    Each entry of ``ranges`` is one of

    * a tuple ``(low, high)`` of floats: uniform on ``[low, high]``;
    * a tuple ``(low, high)`` of ints: uniform integers in ``low..high``;
    * a list (or array) of values: one of them, equally likely;
    * a frozen ``scipy.stats`` distribution: drawn by its quantile function.

    ``method="random"`` draws independent uniforms; ``"lhs"`` a Latin
    hypercube (McKay, Beckman & Conover 1979), which covers each range evenly.

    >>> df = sample_grid({"excludability": (0.0, 1.0), "n_states": (5, 30),
    ...                   "spillover": ["global", "regional"]}, 4, seed=1)
    >>> list(df.columns), len(df)
    (['excludability', 'n_states', 'spillover'], 4)
    >>> df.equals(sample_grid({"excludability": (0.0, 1.0), "n_states": (5, 30),
    ...                        "spillover": ["global", "regional"]}, 4, seed=1))
    True
    """
    n = _checks.integer("n", n, low=1)
    method = _checks.choice("method", method, ["random", "lhs"])
    if not isinstance(ranges, Mapping) or not ranges:
        raise _checks.invalid("ranges", ranges, "must be a non-empty dict of parameter -> range")
    rng = np.random.default_rng(seed)
    d = len(ranges)
    if method == "lhs":
        from scipy.stats import qmc
        u = qmc.LatinHypercube(d=d, rng=rng).random(n)
    else:
        u = rng.random((n, d))
    out = {}
    for col, (name, spec) in enumerate(ranges.items()):
        uc = u[:, col]
        if hasattr(spec, "ppf"):
            out[name] = np.asarray(spec.ppf(uc), dtype=float)
        elif isinstance(spec, tuple):
            if len(spec) != 2:
                raise _checks.invalid(f"ranges[{name!r}]", spec, "a range is a tuple (low, high)")
            lo, hi = spec
            if all(isinstance(x, (int, np.integer)) and not isinstance(x, bool) for x in spec):
                lo, hi = int(lo), int(hi)
                if hi < lo:
                    raise _checks.invalid(f"ranges[{name!r}]", spec, "needs low <= high")
                out[name] = lo + np.minimum(np.floor(uc * (hi - lo + 1)), hi - lo).astype(int)
            else:
                lo = _checks.real(f"ranges[{name!r}][0]", lo)
                hi = _checks.real(f"ranges[{name!r}][1]", hi, low=lo)
                out[name] = lo + uc * (hi - lo)
        elif isinstance(spec, (list, np.ndarray)) and len(spec) > 0:
            items = list(spec)
            idx = np.minimum(np.floor(uc * len(items)).astype(int), len(items) - 1)
            out[name] = [_plain(items[k]) for k in idx]
        else:
            raise _checks.invalid(f"ranges[{name!r}]", spec, "must be a (low, high) tuple, a "
                                  "non-empty list of values or a scipy.stats distribution")
    return pd.DataFrame(out)


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
                if not _STATE_VALID[k](col):
                    return None
                cols[k] = col
        if base.reach_explicit:
            D = N = base.reach
        else:
            if spillover not in self.domains:
                self.domains[spillover] = reach_matrix(good.replace(spillover=spillover), base.states)
            D = self.domains[spillover]
            N = (auto_excludable_reach(self.partners, self.same_region, r)
                 if spillover is Spillover.AUTO else D)
        record = game_record(cols["benefit"], cols["cost"], cols["private_benefit"], cols["capacity"],
                             D, N, e, r, self.weights)
        return classify(e, r), record


#: What :class:`goodsgov.State` accepts for each swept field (else scenario_at reports it).
_STATE_VALID = {
    "benefit": lambda a: bool(np.all(np.isfinite(a) & (a >= 0.0))),
    "cost": lambda a: bool(np.all(np.isfinite(a) & (a > 0.0))),
    "private_benefit": lambda a: bool(np.all(np.isfinite(a))),
    "capacity": lambda a: bool(np.all(a >= 0.0)),
}


def _as_float(v) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
        return float("nan")  # not a number: scenario_at reports it
    return float(v)


def _run_chunk(base, names: tuple[str, ...], points: list[tuple], seeds: list[int] | None,
               predict_kwargs: dict) -> list[tuple]:
    """Solve one chunk of points (runs on a worker; module level so that it pickles).

    Each point goes to :func:`goodsgov.governance.solve`, the pipeline of
    :func:`goodsgov.predict_governance`, and its row is
    :func:`goodsgov.governance.summary` of the outcome.
    """
    levers, decision_cost, _, tol, exhaustive = options(**predict_kwargs)
    opts = options_of(levers, decision_cost=decision_cost, tol=tol, exhaustive=exhaustive,
                      candidates=STABLE_CANDIDATES)
    direct = _PointGames(base) if isinstance(base, Scenario) else None
    rows = []
    for k, values in enumerate(points):
        params = dict(zip(names, values))
        if seeds is not None:
            params["seed"] = seeds[k]
        point = direct(params) if direct is not None else None
        if point is None:
            scenario = _build(base, params)
            game = ContributionGame.from_scenario(scenario)
            good_type, games, regions = scenario.good.good_type, games_of(game, levers), scenario.region_labels
        else:
            good_type, record = point
            games = (record,) if levers.linkage is None else (record, games_of_linkage(levers))
            regions = base.region_labels
        row = summary(solve(games, regions, opts))
        rows.append((row["level"], good_type.value, *(row[c] for c in _ROW_COLUMNS)))
    return rows


def games_of_linkage(levers):
    """The compiled record of a linked issue."""
    return ContributionGame.from_scenario(levers.linkage).record


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
    :data:`SCENARIO_PARAMETERS`) or a function building one from keyword
    arguments (e.g. :func:`goodsgov.refugee_protection`; it must be
    picklable, i.e. defined at module level, for process pools).
    ``grid``: a dict mapping each parameter to its values (the Cartesian
    product is swept, first parameter slowest) or a DataFrame of parameter
    rows (e.g. from :func:`sample_grid`). ``executor``: any
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
    ``stable_coalition_size`` and ``scope`` (the scope whose arrangement
    the level is: ``bilateral`` for clubs formed by deals): the numbers of
    :func:`goodsgov.predict_governance`, from the same pipeline.

    >>> import goodsgov as gg
    >>> df = gg.sweep(gg.refugee_protection, {"rivalry": [0.1, 0.9], "n_states": [6]}, progress=False)
    >>> df[["rivalry", "n_states", "level"]].values.tolist()
    [[0.1, 6, 'multilateral'], [0.9, 6, 'multilateral']]
    """
    unknown = sorted(set(predict_kwargs) - set(inspect.signature(options).parameters))
    if unknown:
        raise TypeError(f"sweep() got an unexpected keyword argument {unknown[0]!r}")
    options(**predict_kwargs)  # fail fast on a bad option
    names, points = _points(grid)
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
    if n:  # fail fast, in-process, on a grid the base cannot build
        _build(base, dict(zip(names, points[0]), **({} if seeds is None else {"seed": seeds[0]})))
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
