""":func:`estimate` and its result :class:`Estimate` (see :mod:`goodsgov.estimation`)."""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from concurrent.futures import Executor, as_completed
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .. import _checks
from ..errors import EstimationError
from . import errormodel as E
from . import fit as F
from . import observations as O
from . import scoring as S
from .model import (
    DEFAULT_PARAMS,
    DEFAULT_PARAMS_UNCALIBRATED,
    PARAMETERS,
    SOLVED,
    base_scenario,
    known,
    make_spec,
    remember,
    resolve_params,
)

__all__ = ["Estimate", "EstimationError", "estimate"]

_DEFAULT = object()


@dataclass(frozen=True, eq=False)
class Estimate:
    """What :func:`estimate` returns.

    ``params``: one row per free parameter: ``name``, ``value`` (the maximum
    of the profile likelihood), ``se`` (standard deviation of the bootstrap
    estimates), ``low`` and ``high`` (the bootstrap percentile interval at
    ``level``, widened to hold ``flat_low``-``flat_high``: the values around
    the estimate, the others held, with the same likelihood, which the data
    cannot tell apart), ``search_low``, ``search_high``;
    ``metrics``: one row per ``sample`` (``in_sample``, ``out_of_sample``,
    ``across``, ``fit``), ``dataset`` and ``metric``, with a ``model``
    column and the baselines' columns; ``scenario`` and ``options``: the
    calibrated scenario and the :func:`goodsgov.predict_governance` options
    at the estimate (:meth:`predict` solves it); ``error_model``: the
    logistic error model per dataset; ``profile``: the log-likelihood at each
    grid point; ``bootstrap``: each replicate's estimate; ``folds``: each
    state's group and fold; ``convergence``: one row per fit (``full``,
    ``fold k``, ``bootstrap k``) with its parameter values;
    ``predictions``: one row per ``sample``, ``dataset`` and ``unit`` (a
    state, or a pair ``"A B"``): ``observed``, its test ``fold``, whether it
    is ``scored`` in the metrics, the ``model``'s probability, the model's
    cut (``predicted``) and each baseline's probability;
    ``n_predictions``: predictions solved in this process and on workers
    (a diagnostic: a cache makes it depend on the executor).
    """

    area: str
    against: tuple[str, ...]
    across: tuple[str, ...]
    params: pd.DataFrame = field(repr=False)
    metrics: pd.DataFrame = field(repr=False)
    scenario: Any = field(repr=False)
    options: Mapping[str, Any] = field(repr=False)
    error_model: pd.DataFrame = field(repr=False)
    profile: pd.DataFrame = field(repr=False)
    bootstrap: pd.DataFrame = field(repr=False)
    folds: pd.DataFrame = field(repr=False)
    convergence: pd.DataFrame = field(repr=False)
    predictions: pd.DataFrame = field(repr=False)
    level: float = 0.95
    random_state: int = 0
    n_predictions: int = field(default=0, compare=False)
    notes: tuple[str, ...] = field(default=(), repr=False)

    def predict(self, **kwargs):
        """:func:`goodsgov.predict_governance` of the calibrated scenario at the estimate."""
        from ..governance import predict_governance
        return predict_governance(self.scenario, **{**dict(self.options), **kwargs})

    def summary(self) -> pd.DataFrame:
        """Out-of-sample and across-instrument AUC and Brier score, the model beside the baselines."""
        m = self.metrics
        m = m[m["sample"].isin(["out_of_sample", "across"])
              & m["metric"].isin(["auc", "auc_within_folds", "brier"])]
        return m.set_index(["sample", "dataset", "metric"]).dropna(axis=1, how="all")


def _bar(progress: bool, total: int):
    if not progress or total <= 0 or not getattr(sys.stderr, "isatty", lambda: False)():
        return None
    from tqdm.auto import tqdm
    return tqdm(total=total, desc="estimate", unit="fit", file=sys.stderr)


def _workers(executor) -> int:
    for attr in ("max_workers", "_max_workers"):
        k = getattr(executor, attr, None)
        if isinstance(k, int) and k > 0:
            return k
    return 1


def _run(executor, fn, chunks: list, args: tuple, bar, weight) -> list:
    """``fn(*args, chunk)`` of every chunk, in order, in-process or on ``executor``."""
    out: list = [None] * len(chunks)
    if executor is None:
        for k, chunk in enumerate(chunks):
            out[k] = fn(*args, chunk)
            if bar is not None:
                bar.update(weight(chunk))
        return out
    futures = {executor.submit(fn, *args, chunk): k for k, chunk in enumerate(chunks)}
    try:
        for fut in as_completed(futures):
            k = futures[fut]
            out[k] = fut.result()
            if bar is not None:
                bar.update(weight(chunks[k]))
    except BaseException:
        for fut in futures:
            fut.cancel()
        raise
    return out


def _check_identified(spec, grid_ll: np.ndarray, labels: list[str]) -> None:
    cube = grid_ll.reshape((spec.grid,) * len(spec.names))
    scale = 1.0 + float(np.max(np.abs(grid_ll)))
    for j, name in enumerate(spec.names):
        if float(np.max(np.ptp(cube, axis=j))) <= F.RELATIVE_TOL * scale:
            lo, hi = spec.bounds[j]
            raise EstimationError(name, f"not identified: the log-likelihood of {', '.join(labels)} "
                                  f"does not change with {name} over [{lo:g}, {hi:g}] (the whole "
                                  f"{spec.grid}-point grid), so the data cannot fix it; drop it "
                                  "from params, widen its range or fit other data")


def _not_converged(what: str, result, maxfev: int) -> EstimationError:
    return EstimationError(what, f"did not converge: the Nelder-Mead refinement stopped after "
                           f"{result.nfev} likelihood evaluations ({result.message}); raise "
                           f"maxfev (now {maxfev}) or narrow the parameters' ranges")


def _model(area: str, states, mapping) -> tuple[bool, dict, dict[str, str]]:
    """Whether the model is the calibrated world, its fixed mapping, and the parameters it lacks."""
    from ..calibration import AREAS, MAPPINGS
    from ..states import State

    codes = None
    if isinstance(states, str):
        if states != "world":
            raise _checks.invalid("states", states, "must be 'world', ISO3 codes of UN member states "
                                  "or a sequence of goodsgov.State")
    elif isinstance(states, (list, tuple)) and states and all(isinstance(x, str) for x in states):
        codes = list(states)
    elif not (isinstance(states, (list, tuple)) and states and
              all(isinstance(x, State) for x in states)):
        raise _checks.invalid("states", _checks.brief(states), "must be 'world', ISO3 codes of UN "
                              "member states or a non-empty sequence of goodsgov.State")
    calibrated = area in AREAS and not (states and isinstance(states, (list, tuple))
                                        and isinstance(states[0], State))
    if codes is not None and not calibrated:
        raise _checks.invalid("states", _checks.brief(states), f"ISO3 codes select states of the "
                              f"calibrated world, which area {area!r} does not have; pass "
                              "goodsgov.State objects")
    mapping = dict(mapping or {})
    if mapping and not calibrated:
        raise _checks.invalid("mapping", _checks.brief(mapping), "applies to the calibrated world "
                              "(goodsgov.calibration: states='world' or ISO3 codes) only")
    if "codes" in mapping:
        raise _checks.invalid("mapping", "codes", "select the states with states= instead")
    if codes is not None:
        mapping["codes"] = codes
    lacking = {}
    for name, par in PARAMETERS.items():
        if par.target != "mapping":
            continue
        if not calibrated:
            lacking[name] = ("is a keyword of the calibrated world's data mapping "
                             "(goodsgov.calibration), fitted with states='world' or ISO3 codes")
        elif name not in MAPPINGS[area]:
            lacking[name] = (f"is not a mapping keyword of {area!r}; its keywords: "
                             + ", ".join(k for k in MAPPINGS[area] if k in PARAMETERS))
        elif name in mapping:
            lacking[name] = f"is fixed by mapping={{{name!r}: ...}}; fit it or fix it, not both"
    return calibrated, mapping, lacking


def estimate(area: str, against=None, *, params=None, states="world", mapping=None,
             folds: int | None = 5, fold_by: str = "region", random_state: int = 0,
             bootstrap: int = 100, executor: Executor | None = None, across=_DEFAULT,
             grid: int | None = None, level: float = 0.95, decision_cost_form: str = "member",
             deal_search: str = "dynamic", path=None, maxfev: int | None = None,
             progress: bool = True) -> Estimate:
    """Fit the free parameters of ``area``'s model to observed participation (see the module docs).

    ``against``: a dataset name of :func:`goodsgov.observed.validation.targets`
    filed under the area, several, or a pandas Series of 0/1 by state
    (default: :data:`~goodsgov.estimation.observations.DEFAULT_AGAINST`);
    ``params``: names of :data:`~goodsgov.estimation.PARAMETERS`, or a
    mapping name -> search range (low, high) (default
    :data:`~goodsgov.estimation.DEFAULT_PARAMS` on the calibrated world, else
    ``DEFAULT_PARAMS_UNCALIBRATED``); ``states``: ``"world"`` or ISO3 codes
    (the calibrated world of :func:`goodsgov.calibration.calibrated_scenario`),
    or :class:`goodsgov.State` objects for the area's constructor;
    ``mapping``: calibration keywords held fixed; ``folds``: the number of folds
    (whole M49 ``fold_by`` groups; None: no out-of-sample fits);
    ``bootstrap``: replicates (0: no standard errors); ``executor``: a
    :class:`concurrent.futures.Executor` (process pool,
    :func:`goodsgov.dask_executor`) for the grid, the folds and the
    bootstrap; ``across``: datasets to test the fitted parameters on
    (default :data:`~goodsgov.estimation.observations.DEFAULT_ACROSS` on
    the world, none otherwise); ``grid``: grid values per parameter;
    ``grid`` (default 11, 7 or 5 for one or two, three, more parameters);
    ``level``: of the interval; ``decision_cost_form`` and ``deal_search``:
    those options of :func:`goodsgov.predict_governance`, held fixed (the
    improving paths of ``deal_search="paths"`` use its default seed);
    ``path``: your labour-agreement file; ``maxfev``: likelihood
    evaluations per refinement.
    """
    from ..governance.pipeline import DEAL_SEARCHES, DEFAULT_DEAL_SEARCH
    from ..solvers.contribution.records import COST_FORMS
    from ..registry import area as _area

    spec_area = _area(area)
    calibrated, mapping, lacking = _model(area, states, mapping)
    names_bounds = resolve_params(params, lacking,
                                  DEFAULT_PARAMS if calibrated else DEFAULT_PARAMS_UNCALIBRATED)
    folds = None if folds is None else _checks.integer("folds", folds, low=2, high=100)
    fold_by = _checks.choice("fold_by", fold_by, O.FOLD_GROUPS)
    random_state = _checks.integer("random_state", random_state, low=0)
    bootstrap = _checks.integer("bootstrap", bootstrap, low=0, high=100_000)
    if bootstrap == 1:
        raise _checks.invalid("bootstrap", 1, "must be 0 (no standard errors) or at least 2")
    p = len(names_bounds)
    grid = (11 if p <= 2 else 7 if p == 3 else 5) if grid is None else \
        _checks.integer("grid", grid, low=3, high=201)
    level = _checks.real("level", level, low=0.0, high=1.0, low_open=True, high_open=True)
    fixed = {"decision_cost_form": _checks.choice("decision_cost_form", decision_cost_form, COST_FORMS)}
    if _checks.choice("deal_search", deal_search, DEAL_SEARCHES) != DEFAULT_DEAL_SEARCH:
        fixed["deal_search"] = deal_search   # the default is left out: the shipped estimates' records stay
    maxfev = 400 * p if maxfev is None else _checks.integer("maxfev", maxfev, low=p + 1)
    if executor is not None and not hasattr(executor, "submit"):
        raise _checks.invalid("executor", _checks.brief(executor),
                              "must be a concurrent.futures.Executor or None")

    spec = make_spec(area, list(names_bounds), names_bounds, constructor=spec_area.constructor,
                     states=None if calibrated else states, grid=grid,
                     predict=fixed, calibrated=calibrated,
                     mapping=mapping)
    base = base_scenario(spec)
    names = list(base.names)
    world = O.on_world(names)
    if against is None:
        if area not in O.DEFAULT_AGAINST:
            raise _checks.invalid("against", None, f"must be given for area {area!r}: it has no "
                                  "default dataset")
        against = O.DEFAULT_AGAINST[area]
    if across is _DEFAULT:
        fitted = {d for d in O.dataset_names(against, "against") if isinstance(d, str)}
        across = tuple(d for d in O.DEFAULT_ACROSS.get(area, ()) if d not in fitted) \
            if world and folds is not None else ()
    elif folds is None and O.dataset_names(across, "across"):
        raise _checks.invalid("across", _checks.brief(across), "is scored out of fold: give folds "
                              "(folds=None fits no fold)")
    fitted_obs, across_obs = O.resolve(area, against, across, names, path)
    need = {"pairs"} if any(o.unit == "pair" for o in fitted_obs + across_obs) else set()
    need |= {"deals"} if any(o.unit == "dyad" for o in fitted_obs + across_obs) else set()
    spec = make_spec(area, list(names_bounds), names_bounds, constructor=spec_area.constructor,
                     states=None if calibrated else states, grid=grid,
                     predict=fixed, need=need,
                     calibrated=calibrated, mapping=mapping)
    problem = F.Problem(spec, fitted_obs, len(names), maxfev)
    labels = [o.name for o in fitted_obs]
    eligible = np.zeros(len(names), dtype=bool)
    for o in fitted_obs:
        eligible |= o.seen if o.unit == "state" else True
    group, what = O.groups(names, base.region_of, fold_by)
    fold = None if folds is None else O.group_folds(group, folds, random_state, what)

    indices = F.grid_indices(spec)
    workers = _workers(executor) if executor is not None else 1
    n_jobs = (folds or 0) + bootstrap
    bar = _bar(progress, len(indices) + 1 + n_jobs)
    solved_before = SOLVED[0]
    try:
        solved = _run(executor, F.solve_chunk, F.chunks(indices, workers), (spec,), bar, len)
        grid_scores = [s for chunk, _ in solved for s in chunk]
        for i, s in zip(indices, grid_scores):
            remember(spec, i, s)
        full = eligible.astype(float)
        main, grid_ll = F.fit(problem, full)
        if bar is not None:
            bar.update(1)
        _check_identified(spec, grid_ll, labels)
        if not main.converged:
            raise _not_converged(", ".join(spec.names) + " (the full fit)", main, maxfev)
        flat = F.plateau(problem, full, main.index, main.loglik)
        jobs = [("weights", full * (fold != f)) for f in range(folds or 0)]
        seeds = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(random_state).spawn(bootstrap)]
        jobs += [("bootstrap", (eligible, s)) for s in seeds]
        # every point solved so far (the grid, the full fit and its plateau) goes to the workers
        done = [r for chunk in _run(executor, F.run_jobs, F.chunks(jobs, workers),
                                    (problem, known(spec)), bar, len) for r in chunk]
    finally:
        if bar is not None:
            bar.close()
    n_pred = SOLVED[0] - solved_before
    if executor is not None:
        n_pred += sum(k for _, k in solved) + sum(k for _, k in done)
    fold_fits = [r for r, _ in done[:folds or 0]]
    boots = [r for r, _ in done[folds or 0:]]
    for k, r in enumerate(fold_fits):
        if not r.converged:
            raise _not_converged(f"fold {k} (fitted without {_in_fold(group, fold, k)})", r, maxfev)
    failed = [k for k, r in enumerate(boots) if not r.converged]
    if failed:
        raise _not_converged(f"bootstrap replicate {failed[0]} (seed {seeds[failed[0]]}; "
                             f"{len(failed)} of {bootstrap} replicates)", boots[failed[0]], maxfev)
    return _result(area, spec, problem, main, grid_ll, flat, fold, group, fold_fits, boots, seeds,
                   across_obs, level, random_state, n_pred, indices)


def _in_fold(group, fold, k) -> str:
    return ", ".join(sorted(set(group[fold == k].tolist())))


def _result(area, spec, problem, main, grid_ll, flat, fold, group, fold_fits, boots, seeds, across_obs,
            level, random_state, n_pred, indices) -> Estimate:
    names = list(spec.names)
    value = spec.theta(main.index)
    boot = np.array([spec.theta(r.index) for r in boots]).reshape(len(boots), len(names))
    alpha = (1.0 - level) / 2
    rows = []
    for j, name in enumerate(names):
        flat_lo, flat_hi = (float(spec.theta_at(j, k)) for k in flat[j])
        if len(boots) >= 2:
            se = float(np.std(boot[:, j], ddof=1))
            ends = np.array([[spec.theta_at(j, k) for k in r.flat[j]] for r in boots])
            # order statistics, never a value between two replicates' ends
            low = min(float(np.quantile(ends[:, 0], alpha, method="lower")), flat_lo)
            high = max(float(np.quantile(ends[:, 1], 1 - alpha, method="higher")), flat_hi)
        else:
            se, low, high = math.nan, flat_lo, flat_hi
        rows.append({"name": name, "value": float(value[j]), "se": se, "low": low, "high": high,
                     "flat_low": flat_lo, "flat_high": flat_hi,
                     "search_low": spec.bounds[j][0], "search_high": spec.bounds[j][1]})
    params = pd.DataFrame(rows)

    blocks, units = [], []
    state_names = problem_names(problem)
    base_of = {o.name: O.baselines(o.unit, list(state_names)) for o in
               problem.observations + across_obs}

    def add(sample, obs, result):
        cols, frame = result
        blocks.append((sample, obs.name, cols))
        frame.insert(0, "dataset", obs.name)
        frame.insert(0, "sample", sample)
        if obs.unit == "state":
            frame.insert(2, "unit", list(state_names))
        else:
            a, b = problem.pairs
            names_arr = np.array(state_names, dtype=object)
            frame.insert(2, "unit", names_arr[a] + " " + names_arr[b])
        units.append(frame)

    for k, obs in enumerate(problem.observations):
        add("in_sample", obs, S.in_sample(problem, obs, main.coefs[k], main.index, base_of[obs.name]))
    if fold is not None:
        for k, obs in enumerate(problem.observations):
            add("out_of_sample", obs,
                S.out_of_sample(problem, obs, k, fold, fold_fits, base_of[obs.name]))
        for obs in across_obs:
            add("across", obs, S.across(problem, obs, main.index, fold, base_of[obs.name]))
    null = sum(E.null_loglik(o.y, F.unit_weights(problem, o, np.ones(problem.n_states)))
               for o in problem.observations)
    n_coef = sum(1 + len(E.COVARIATES[o.unit]) for o in problem.observations)
    fit_rows = {"log_likelihood": main.loglik, "log_likelihood_null": null,
                "pseudo_r2": 1.0 - main.loglik / null if null < 0 else math.nan,
                "parameters": float(len(names) + n_coef), "evaluations": float(main.nfev),
                "converged": float(main.converged), "folds_converged": float(len(fold_fits)),
                "bootstrap_converged": float(len(boots))}
    blocks.append(("fit", "all", {"model": fit_rows}))
    metrics = S.table(blocks)

    err = []
    for obs, coef in zip(problem.observations, main.coefs):
        err.append({"dataset": obs.name, "unit": obs.unit, "intercept": float(coef[0]),
                    **{c: float(v) for c, v in zip(E.COVARIATES[obs.unit], coef[1:])}})
    profile = pd.DataFrame(np.array([spec.theta(i) for i in indices]), columns=names)
    profile["log_likelihood"] = grid_ll
    bt = pd.DataFrame(boot, columns=names)
    bt.insert(0, "seed", seeds)
    bt["log_likelihood"] = [r.loglik for r in boots]
    folds_df = pd.DataFrame({"group": group, "fold": -1 if fold is None else fold},
                            index=pd.Index(state_names, name="state"))
    conv = [("full", main)] + [(f"fold {k}", r) for k, r in enumerate(fold_fits)] + \
        [(f"bootstrap {k}", r) for k, r in enumerate(boots)]
    convergence = pd.DataFrame([{"fit": n, **spec.values(r.index), "converged": r.converged,
                                 "evaluations": r.nfev, "log_likelihood": r.loglik,
                                 "message": r.message} for n, r in conv])
    scenario, options = spec.build(main.index)
    notes = []
    for j, n in enumerate(names):
        row = params.loc[j]
        if row["flat_high"] > row["flat_low"]:
            notes.append(f"{n}: the likelihood is flat over [{row['flat_low']:g}, "
                         f"{row['flat_high']:g}] around the estimate")
        if main.index[j] in (0, spec.steps):
            notes.append(f"{n}: the estimate is at the {'lower' if main.index[j] == 0 else 'upper'} "
                         f"end of its search range [{row['search_low']:g}, {row['search_high']:g}]; "
                         "the maximum may lie beyond it")
    for e in err:
        held = [c for c in e if c not in ("dataset", "unit") and abs(e[c]) >= E.BOUND - 1e-6]
        if held:
            notes.append(f"{e['dataset']}: the error model's {', '.join(held)} reached its bound "
                         f"({E.BOUND:g} on the intercept, {2 * E.BOUND:g} on a slope): the scores "
                         "separate the observations")
    notes = tuple(notes)
    return Estimate(area=area, against=tuple(o.name for o in problem.observations),
                    across=tuple(o.name for o in across_obs), params=params, metrics=metrics,
                    scenario=scenario, options=options, error_model=pd.DataFrame(err),
                    profile=profile, bootstrap=bt, folds=folds_df, convergence=convergence,
                    predictions=pd.concat(units, ignore_index=True),
                    level=level, random_state=random_state, n_predictions=int(n_pred), notes=notes)


def problem_names(problem) -> tuple[str, ...]:
    return tuple(base_scenario(problem.spec).names)
