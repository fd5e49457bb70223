"""The estimate's metrics: in sample, out of sample by folds, across instruments (internal).

Every column is a probability of the observation, so every column has an
AUC, a Brier score and a log loss (:mod:`goodsgov.observed.metrics`):

* ``model``: the error model at the fitted parameters (in sample), at each
  fold's parameters and error model fitted without the fold (out of
  sample), or at the parameters fitted on ``against`` with the error model
  fitted without the fold (across instruments);
* the harness's baselines (:mod:`goodsgov.observed.validation`) given the
  same logistic link and the same folds: ``baseline_gdp_population``
  (log GDP and log population), ``baseline_same_subregion`` and
  ``baseline_shared_border`` (0/1 per pair), ``baseline_gravity`` (log of
  GDP_a GDP_b / km per dyad).

``auc`` ranks every unit scored against every other, pooled over the
folds; ``auc_within_folds`` is the mean of each fold's own AUC, which a
shift of a whole fold's probabilities (a region's base rate the other
regions do not reveal) does not move (Forman & Scholz 2010, "Apples-to-apples
in cross-validation studies", *SIGKDD Explorations* 12: 49).

The model's own cut (``predicted``, ``accuracy``, ``precision``,
``recall``, ``f1``) is its statement of who takes part: membership (a
pair sharing an institution, a dyad holding a deal) at the parameters that
score the unit; a baseline's cut is a probability of one half or more (a
0/1 baseline: the indicator). Metrics are computed on the units every
column scores (states without GDP have no GDP baseline).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..observed import metrics as M
from . import errormodel as E
from .model import scores

__all__ = ["METRICS", "block", "in_sample", "out_of_sample", "across", "table"]

#: The metrics of each (sample, dataset), in order.
METRICS = ("n", "observed", "predicted", "accuracy", "precision", "recall", "f1", "auc",
           "auc_within_folds", "brier", "log_loss")


def block(prob: np.ndarray, cut: np.ndarray, y: np.ndarray, fold: np.ndarray | None = None
          ) -> dict[str, float]:
    """The metrics of one column on the scored units (``fold``: each unit's test fold)."""
    y = np.asarray(y, dtype=bool)
    cut = np.asarray(cut, dtype=bool)
    within = math.nan
    if fold is not None:
        aucs = [M.auc(prob[fold == f], y[fold == f]) for f in np.unique(fold)]
        aucs = [a for a in aucs if not math.isnan(a)]
        within = float(np.mean(aucs)) if aucs else math.nan
    return {"n": float(y.size), "observed": float(y.sum()), "predicted": float(cut.sum()),
            "accuracy": M.accuracy(cut, y) if y.size else math.nan,
            "precision": M.precision(cut, y), "recall": M.recall(cut, y), "f1": M.f1(cut, y),
            "auc": M.auc(prob, y), "auc_within_folds": within,
            "brier": M.brier(prob, y) if y.size else math.nan,
            "log_loss": M.log_loss(prob, y) if y.size else math.nan}


def _cut(unit: str, X: np.ndarray) -> np.ndarray:
    return X[:, 0] > 0.5     # membership, a shared institution, a deal


def _unit_fold(unit: str, fold: np.ndarray, pairs) -> np.ndarray:
    if unit == "state":
        return fold
    a, b = pairs
    return np.minimum(fold[a], fold[b])   # left out of both its states' fold fits: scored by one


def _train_weights(unit: str, fold: np.ndarray, f: int, pairs, seen: np.ndarray) -> np.ndarray:
    keep = (fold != f).astype(float)
    if unit == "state":
        return keep * seen
    a, b = pairs
    return keep[a] * keep[b] * seen


def _base_cut(name: str, X: np.ndarray, prob: np.ndarray) -> np.ndarray:
    """A 0/1 baseline's cut is its indicator; another's a probability of one half or more."""
    return X[:, 0] > 0.5 if name in ("baseline_same_subregion", "baseline_shared_border") \
        else prob >= 0.5


def _baselines_in(obs, base: dict, w: np.ndarray):
    out = {}
    for name, X in base.items():
        ok = np.isfinite(X).all(axis=1)
        Z = np.where(ok[:, None], X, 0.0)
        coef, _ = E.fit(Z, obs.y, w * ok, signed=True)
        prob = E.probability(Z, coef)
        out[name] = (np.where(ok, prob, np.nan), ok, _base_cut(name, Z, prob))
    return out


def _columns(obs, model_prob, model_cut, base_prob: dict, unit_fold=None):
    """The metrics of every column, and the units' probabilities (``observed``, ``fold``,
    ``scored``, ``model``, ``predicted`` and a column per baseline)."""
    scored = obs.seen.copy()
    for _, ok, _ in base_prob.values():
        scored &= ok
    y = obs.y[scored]
    f = None if unit_fold is None else unit_fold[scored]
    cols = {"model": block(model_prob[scored], model_cut[scored], y, f)}
    for name, (prob, _, cut) in base_prob.items():
        cols[name] = block(prob[scored], cut[scored], y, f)
    units = pd.DataFrame({"observed": np.where(obs.seen, obs.y, False),
                          "fold": -1 if unit_fold is None else unit_fold, "scored": scored,
                          "model": model_prob, "predicted": model_cut,
                          **{name: prob for name, (prob, _, _) in base_prob.items()}})
    units.loc[~obs.seen, "model"] = np.nan
    return cols, units


def in_sample(problem, obs, coef, index, base: dict):
    """Every column fitted on all units."""
    X = E.design(obs.unit, scores(problem.spec, index))
    w = obs.seen.astype(float)
    return _columns(obs, E.probability(X, coef), _cut(obs.unit, X), _baselines_in(obs, base, w))


def _oof(problem, obs, fold, fold_fits, fitted_k, base: dict, refit: bool, index=None):
    """Out-of-fold probabilities of the model and the baselines on ``obs``."""
    pairs = problem.pairs
    unit_fold = _unit_fold(obs.unit, fold, pairs)
    size = obs.y.size
    prob, cut = np.full(size, np.nan), np.zeros(size, dtype=bool)
    bprob = {name: np.full(size, np.nan) for name in base}
    bcut = {name: np.zeros(size, dtype=bool) for name in base}
    bok = {name: np.isfinite(X).all(axis=1) for name, X in base.items()}
    for f in range(int(fold.max()) + 1):
        test = unit_fold == f
        w = _train_weights(obs.unit, fold, f, pairs, obs.seen)
        at = index if index is not None else fold_fits[f].index
        X = E.design(obs.unit, scores(problem.spec, at))
        coef = E.fit(X, obs.y, w)[0] if refit else fold_fits[f].coefs[fitted_k]
        prob[test] = E.probability(X[test], coef)
        cut[test] = _cut(obs.unit, X)[test]
        for name, Xb in base.items():
            ok = bok[name]
            Z = np.where(ok[:, None], Xb, 0.0)
            c, _ = E.fit(Z, obs.y, w * ok, signed=True)
            bprob[name][test] = E.probability(Z[test], c)
            bcut[name][test] = _base_cut(name, Z[test], bprob[name][test])
    return prob, cut, {name: (np.where(bok[name], p, np.nan), bok[name], bcut[name])
                       for name, p in bprob.items()}, unit_fold


def out_of_sample(problem, obs, k: int, fold, fold_fits, base):
    """Each unit scored by the parameters and error model fitted without its fold."""
    prob, cut, bprob, unit_fold = _oof(problem, obs, fold, fold_fits, k, base, refit=False)
    return _columns(obs, prob, cut, bprob, unit_fold)


def across(problem, obs, index, fold, base):
    """Another instrument at the fitted parameters, its error model fitted out of fold."""
    prob, cut, bprob, unit_fold = _oof(problem, obs, fold, None, 0, base, refit=True, index=index)
    return _columns(obs, prob, cut, bprob, unit_fold)


def table(blocks: list[tuple[str, str, dict[str, dict[str, float]]]]) -> pd.DataFrame:
    """One row per (sample, dataset, metric); a column per model or baseline."""
    names: list[str] = []
    for _, _, cols in blocks:
        names += [c for c in cols if c not in names]
    rows = []
    for sample, dataset, cols in blocks:
        metrics = next(iter(cols.values())).keys()
        for m in metrics:
            rows.append({"sample": sample, "dataset": dataset, "metric": m,
                         **{c: cols[c].get(m, math.nan) if c in cols else math.nan for c in names}})
    return pd.DataFrame(rows, columns=["sample", "dataset", "metric", *names])
