"""Scores of a prediction against 0/1 observations, and the fitted baseline (internal).

* AUC: the probability that a randomly drawn observed positive scores
  above a randomly drawn negative, ties counting one half; computed as the
  Mann-Whitney U statistic over ``n_pos * n_neg`` (Hanley & McNeil 1982,
  "The meaning and use of the area under a ROC curve", *Radiology* 143: 29).
* Brier score: mean squared difference between a probability and the 0/1
  outcome (Brier 1950, *Monthly Weather Review* 78: 1).
* Log loss: mean negative log-likelihood of the outcomes (Good 1952,
  *JRSS B* 14: 107); infinite for a 0/1 forecast that is ever wrong, so it
  is computed only for probabilities strictly inside (0, 1).
* Precision, recall, F1 (van Rijsbergen 1979, *Information Retrieval*).

Undefined values are NaN and say so in their name's documentation: the AUC
when one class is empty, precision with no predicted positive, recall with
no observed positive.

The baseline for states is a logistic regression of the observation on
log GDP and log population (statsmodels ``Logit``), scored out of sample:
states are dealt into ``k`` folds within each UN M49 region (a seeded
shuffle, then round robin, so every fold holds a share of every region),
and each fold is predicted by the model fitted on the others.

>>> import numpy as np
>>> auc(np.array([0.9, 0.1, 0.5, 0.5]), np.array([1, 0, 1, 0]))
0.875
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

__all__ = ["auc", "brier", "log_loss", "accuracy", "precision", "recall", "f1", "region_folds",
           "logit_cv"]


def _xy(score, observed) -> tuple[np.ndarray, np.ndarray]:
    s = np.asarray(score, dtype=float)
    y = np.asarray(observed, dtype=bool)
    return s, y


def auc(score, observed) -> float:
    """Area under the ROC curve (Mann-Whitney U / (n_pos n_neg)); NaN if a class is empty."""
    s, y = _xy(score, observed)
    pos, neg = s[y], s[~y]
    if pos.size == 0 or neg.size == 0:
        return math.nan
    from scipy import stats   # imported on first use: importing the package stays cheap

    u = stats.mannwhitneyu(pos, neg, alternative="two-sided", method="asymptotic").statistic
    return float(u) / (pos.size * neg.size)


def brier(probability, observed) -> float:
    """Mean squared error of a probability against the 0/1 outcome."""
    p, y = _xy(probability, observed)
    return float(np.mean((p - y) ** 2))


def log_loss(probability, observed) -> float:
    """Mean negative log-likelihood; NaN unless every probability is strictly in (0, 1)."""
    p, y = _xy(probability, observed)
    if np.any(p <= 0.0) or np.any(p >= 1.0):
        return math.nan
    return float(-np.mean(np.where(y, np.log(p), np.log1p(-p))))


def accuracy(predicted, observed) -> float:
    """Share of units whose 0/1 prediction equals the observation."""
    p, y = _xy(predicted, observed)
    return float(np.mean(p.astype(bool) == y))


def precision(predicted, observed) -> float:
    """Observed positives among the predicted positives; NaN with no predicted positive."""
    p, y = _xy(predicted, observed)
    p = p.astype(bool)
    return float(np.sum(p & y) / np.sum(p)) if p.any() else math.nan


def recall(predicted, observed) -> float:
    """Predicted positives among the observed positives; NaN with no observed positive."""
    p, y = _xy(predicted, observed)
    p = p.astype(bool)
    return float(np.sum(p & y) / np.sum(y)) if y.any() else math.nan


def f1(predicted, observed) -> float:
    """Harmonic mean of precision and recall (0 when both are 0; NaN if either is undefined)."""
    pr, rc = precision(predicted, observed), recall(predicted, observed)
    if math.isnan(pr) or math.isnan(rc):
        return math.nan
    return 0.0 if pr + rc == 0 else 2 * pr * rc / (pr + rc)


def region_folds(regions, k: int, random_state: int) -> np.ndarray:
    """Fold number (0..k-1) of each unit: a seeded shuffle within each region, dealt round robin.

    >>> region_folds(["A", "A", "B", "B", "B"], 2, 0).tolist()
    [0, 1, 1, 0, 0]
    """
    regions = np.asarray(regions, dtype=object)
    rng = np.random.default_rng(random_state)
    folds = np.empty(regions.size, dtype=np.int64)
    start = 0
    for region in sorted(set(regions.tolist())):
        idx = np.flatnonzero(regions == region)
        idx = idx[rng.permutation(idx.size)]
        folds[idx] = (start + np.arange(idx.size)) % k
        start = (start + idx.size) % k   # the next region continues the rotation
    return folds


def _fit_predict(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, str]:
    """Logit fitted on the training rows, probabilities for the test rows (and a note if it fell back)."""
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import (ConvergenceWarning, PerfectSeparationError,
                                                 PerfectSeparationWarning)

    rate = float(np.mean(y_train))
    if rate in (0.0, 1.0):
        return np.full(X_test.shape[0], rate), "one class in a training fold: its share used"
    Xt = sm.add_constant(X_train, has_constant="add")
    Xs = sm.add_constant(X_test, has_constant="add")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PerfectSeparationWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            warnings.simplefilter("ignore", ConvergenceWarning)   # checked below
            fit = sm.Logit(y_train.astype(float), Xt).fit(disp=0, method="newton", maxiter=100)
        if not fit.mle_retvals.get("converged", True):
            raise PerfectSeparationError("not converged")
    except (PerfectSeparationError, PerfectSeparationWarning, np.linalg.LinAlgError):
        return np.full(X_test.shape[0], rate), "separation in a training fold: its share used"
    return np.asarray(fit.predict(Xs), dtype=float), ""


def logit_cv(X: np.ndarray, y: np.ndarray, folds: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    """Out-of-fold probabilities of a logistic regression of ``y`` on ``X`` (with a constant)."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=bool)
    out = np.empty(y.size)
    notes = []
    for f in np.unique(folds):
        test = folds == f
        out[test], note = _fit_predict(X[~test], y[~test], X[test])
        if note:
            notes.append(f"fold {int(f)}: {note}")
    return out, tuple(notes)


def table(columns: dict[str, dict[str, float]]) -> pd.DataFrame:
    """A metrics table: one row per metric, one column per scored column (in the order given)."""
    names = list(next(iter(columns.values())))
    data = {"metric": names}
    for col, values in columns.items():
        data[col] = [values.get(m, math.nan) for m in names]
    return pd.DataFrame(data)
