"""The error model: observed participation as a logistic function of the model's scores (internal).

For a unit *u* (a state, a pair of states or a dyad) with observation
``y_u`` and the model's covariates ``x_u(theta)`` at the free parameters
``theta``::

    P(y_u = 1) = 1 / (1 + exp(-(a + b . x_u(theta))))

a random-utility reading (McFadden 1974): a state takes part when its
score plus a logistic disturbance passes a threshold; ``1 / b`` is the
disturbance's scale relative to the score. Covariates (:func:`design`):

* states: membership in the achieved institution (0/1) and the gain from
  it (``asinh`` of the unit-free gain, standardised over all states);
* pairs: the pair shares an agreement or a club of the deal network (0/1);
* dyads: the pair holds a deal (0/1) and the deal's joint gain (``asinh``,
  standardised over all pairs).

The slopes are constrained to ``[0, 2 BOUND]`` (the model's score may only
raise the probability of taking part: a score that runs against the
observations fits no better than the intercept alone) and the intercept
to ``[-BOUND, BOUND]`` (finite under separation). ``(a, b)`` are nuisance
parameters, maximised out for each ``theta`` (a profile likelihood) by a
projected Newton method within the bounds (Bertsekas 1982, "Projected
Newton methods for optimization problems with simple constraints", *SIAM
J. Control and Optimization* 20: 221) on the units collapsed to their
distinct covariate rows. A baseline's logit (:func:`fit` with
``signed=True``) has free signs within the same bounds.

>>> import numpy as np
>>> X = np.array([[0.0], [0.0], [0.0], [1.0], [1.0], [1.0]])
>>> coef, ll = fit(X, np.array([0, 0, 1, 1, 1, 0], dtype=bool), np.ones(6))
>>> [round(float(c), 4) for c in coef]    # log odds 1/3 : 2/3, and the log odds ratio
[-0.6931, 1.3863]
>>> coef, ll = fit(X, np.array([1, 1, 0, 0, 0, 1], dtype=bool), np.ones(6))
>>> [round(float(c), 4) for c in coef]    # the score runs against the data: slope 0
[0.0, 0.0]
"""

from __future__ import annotations

import numpy as np

__all__ = ["BOUND", "design", "fit", "probability", "loglik", "null_loglik", "COVARIATES"]

#: Bound on the intercept (the slopes' bound is twice this).
BOUND = 30.0
#: The covariates of each unit, in the order of the coefficients after the intercept.
COVARIATES = {"state": ("member", "gain"), "pair": ("linked",), "dyad": ("deal", "deal_gain")}


def _standardised(x: np.ndarray) -> np.ndarray:
    z = np.arcsinh(np.asarray(x, dtype=float))
    sd = float(np.std(z))
    if not sd > 1e-12 * (1.0 + float(np.max(np.abs(z)))):
        return np.zeros_like(z)
    return (z - float(np.mean(z))) / sd


def design(unit: str, scores) -> np.ndarray:
    """The covariates of every unit (rows: states, or pairs in ``triu_indices`` order)."""
    if unit == "state":
        return np.column_stack([scores.member.astype(float), _standardised(scores.gain)])
    if unit == "pair":
        return scores.pairs_linked().astype(float)[:, None]
    gain = scores.deal_gain
    return np.column_stack([(gain > 0).astype(float), _standardised(gain)])


def _log_sigmoid(eta: np.ndarray) -> np.ndarray:
    return -np.logaddexp(0.0, -eta)


def _collapse(X: np.ndarray, y: np.ndarray, w: np.ndarray):
    """Distinct covariate rows with the weights of their units and of their positives."""
    keep = w > 0
    X, y, w = X[keep], y[keep], w[keep]
    if X.shape[0] == 0:
        return X, np.zeros(0), np.zeros(0)
    rows, inverse = np.unique(X, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    total = np.bincount(inverse, weights=w, minlength=rows.shape[0])
    positive = np.bincount(inverse, weights=w * y, minlength=rows.shape[0])
    return rows, total, positive


def _evaluate(coef, A, total, positive, hessian: bool = True):
    """Negative log-likelihood of the collapsed rows, its gradient and Hessian."""
    eta = A @ coef
    f = -(positive @ _log_sigmoid(eta) + (total - positive) @ _log_sigmoid(-eta))
    if not hessian:
        return f, None, None
    p = np.exp(_log_sigmoid(eta))
    g = -(A.T @ (positive - total * p))
    H = (A * (total * p * (1.0 - p))[:, None]).T @ A
    return f, g, H


def _projected_newton(A, total, positive, lower, upper, x):
    """Minimise the negative log-likelihood within the box [lower, upper] (Bertsekas 1982).

    Newton steps on the coordinates not held at a bound, an Armijo
    backtracking search along the projection arc; stops when the projected
    gradient vanishes (relative to the total weight) or the step does.
    """
    gtol = 1e-10 * (1.0 + float(total.sum()))
    f, g, H = _evaluate(x, A, total, positive)
    for _ in range(200):
        held = ((x <= lower) & (g > 0)) | ((x >= upper) & (g < 0)) | (lower == upper)
        free = ~held
        if not free.any() or float(np.max(np.abs(g[free]))) <= gtol:
            break
        d = np.zeros_like(x)
        Hf = H[np.ix_(free, free)]
        try:
            d[free] = -np.linalg.solve(Hf + 1e-12 * np.eye(Hf.shape[0]) * (1.0 + np.trace(Hf)),
                                       g[free])
        except np.linalg.LinAlgError:
            d[free] = -g[free]
        if float(g @ d) >= 0:
            d = np.where(free, -g, 0.0)
        t = 1.0
        while True:
            x_new = np.clip(x + t * d, lower, upper)
            f_new = _evaluate(x_new, A, total, positive, hessian=False)[0]
            if f_new <= f + 1e-4 * float(g @ (x_new - x)) or t < 1e-12:
                break
            t *= 0.5
        if f_new > f or float(np.max(np.abs(x_new - x))) <= 1e-13 * (1.0 + float(np.max(np.abs(x)))):
            break
        x = x_new
        f, g, H = _evaluate(x, A, total, positive)
    return x


def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray, *, signed: bool = False
        ) -> tuple[np.ndarray, float]:
    """Maximum-likelihood ``(a, b)`` of the logistic model on weighted units, and its log-likelihood.

    ``X``: covariates (units x k), ``y``: 0/1, ``w``: non-negative weights
    (0 leaves a unit out). A covariate constant over the weighted units has
    slope 0. ``signed``: slopes of either sign (a baseline).
    """
    y = np.asarray(y, dtype=float)
    w = np.asarray(w, dtype=float)
    X = np.asarray(X, dtype=float)
    X = X[:, None] if X.ndim == 1 else X
    k = X.shape[1]
    coef = np.zeros(k + 1)
    if not w.sum() > 0:
        return coef, 0.0
    rate = float(np.sum(w * y) / np.sum(w))
    coef[0] = float(np.clip(np.log(rate) - np.log1p(-rate) if 0 < rate < 1 else
                            (-BOUND if rate == 0 else BOUND), -BOUND, BOUND))
    if k and 0 < rate < 1:
        rows, total, positive = _collapse(X, y, w)
        varies = np.ptp(rows, axis=0) > 0
    if k and 0 < rate < 1 and varies.any():
        A = np.column_stack([np.ones(rows.shape[0]), rows])
        lower = np.array([-BOUND] + [(-2 * BOUND if signed else 0.0) if v else 0.0 for v in varies])
        upper = np.array([BOUND] + [2 * BOUND if v else 0.0 for v in varies])
        coef = _projected_newton(A, total, positive, lower, upper, np.clip(coef, lower, upper))
    return coef, loglik(X, y, w, coef)


def probability(X: np.ndarray, coef: np.ndarray) -> np.ndarray:
    """The probability of a positive observation of each unit."""
    return np.exp(_log_sigmoid(coef[0] + np.asarray(X, dtype=float) @ coef[1:]))


def loglik(X: np.ndarray, y: np.ndarray, w: np.ndarray, coef: np.ndarray) -> float:
    """The weighted log-likelihood of ``coef``."""
    eta = coef[0] + np.asarray(X, dtype=float) @ coef[1:]
    y = np.asarray(y, dtype=float)
    return float(np.sum(w * (y * _log_sigmoid(eta) + (1.0 - y) * _log_sigmoid(-eta))))


def null_loglik(y: np.ndarray, w: np.ndarray) -> float:
    """The weighted log-likelihood of the intercept alone (the share of positives)."""
    return fit(np.zeros((len(y), 0)), y, w)[1]
