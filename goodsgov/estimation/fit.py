"""Maximising the profile likelihood over the free parameters: grid, then Nelder-Mead (internal).

The model's scores change with the parameters in jumps (a state joins or
leaves an institution, the level switches) and smoothly in between (the
gains), so the likelihood is piecewise continuous with flat stretches: no
derivative exists at the jumps and none helps on the flats. The search is
therefore derivative-free: every point of a grid (``grid`` values per
parameter, endpoints included), then the Nelder & Mead (1965) simplex
(``scipy.optimize.minimize``, within the bounds) started at the best grid
point with a simplex one grid step wide. Points are rounded to a lattice of
:data:`goodsgov.estimation.model.LATTICE` steps per grid step, so the
refinement resolves a parameter to 1/``LATTICE`` of a grid step and the
search stops when the simplex is smaller than that (``xatol``) and its
log-likelihoods agree (``fatol``); it has *not converged* when it runs out
of evaluations (``maxfev``) first.

A fit is a function of the state weights alone (1 for a state fitted on,
0 for a state left out, bootstrap counts), so a fold, a bootstrap
replicate or the full fit run the same way on any process.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass

import numpy as np

from . import errormodel as E
from .model import LATTICE, Spec, remember, scores

__all__ = ["Problem", "FitResult", "grid_indices", "loglik_at", "fit", "plateau", "run_jobs",
           "bootstrap_weights", "solve_chunk", "RELATIVE_TOL"]

#: Two log-likelihoods closer than this (relative to the larger in size, plus 1) are equal.
RELATIVE_TOL = 1e-9


@dataclass(frozen=True, eq=False)
class Problem:
    """A fitting problem: the model, the observations fitted on and the search budget."""

    spec: Spec
    observations: tuple
    n_states: int
    maxfev: int

    @property
    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        return np.triu_indices(self.n_states, k=1)


@dataclass(frozen=True)
class FitResult:
    """One maximisation: the lattice ``index`` reached, its ``loglik``, the error
    model's ``coefs`` per dataset, whether it ``converged``, the likelihood
    evaluations (``nfev``, grid included), the optimiser's ``message`` and,
    for a bootstrap replicate, ``flat``: per parameter the lattice range of
    its maximisers (:func:`plateau`)."""

    index: tuple[int, ...]
    loglik: float
    coefs: tuple
    converged: bool
    nfev: int
    message: str
    flat: tuple = ()


def grid_indices(spec: Spec) -> list[tuple[int, ...]]:
    """Every grid point's lattice index (first parameter slowest)."""
    axis = [k * LATTICE for k in range(spec.grid)]
    return list(itertools.product(*[axis] * len(spec.names)))


def unit_weights(problem: Problem, obs, w: np.ndarray) -> np.ndarray:
    if obs.unit == "state":
        return w * obs.seen
    a, b = problem.pairs
    return w[a] * w[b] * obs.seen


def loglik_at(problem: Problem, index, w: np.ndarray) -> tuple[float, tuple]:
    """The profile log-likelihood at a lattice index and the error model's coefficients."""
    sc = scores(problem.spec, index)
    total, coefs = 0.0, []
    for obs in problem.observations:
        coef, ll = E.fit(E.design(obs.unit, sc), obs.y, unit_weights(problem, obs, w))
        total += ll
        coefs.append(coef)
    return total, tuple(coefs)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= RELATIVE_TOL * (1.0 + max(abs(a), abs(b)))


def fit(problem: Problem, w: np.ndarray, grid_ll: np.ndarray | None = None) -> tuple[FitResult, np.ndarray]:
    """Maximise the weighted profile likelihood; returns the result and the grid's log-likelihoods."""
    from scipy.optimize import minimize

    spec = problem.spec
    indices = grid_indices(spec)
    if grid_ll is None:
        grid_ll = np.array([loglik_at(problem, i, w)[0] for i in indices])
    best = int(np.argmax(grid_ll))     # the first of equal maxima: the same on every process
    start = np.array(indices[best], dtype=float) / spec.steps
    p = start.size
    one = LATTICE / spec.steps
    simplex = [start]
    for j in range(p):
        v = start.copy()
        v[j] += one if v[j] + one <= 1.0 else -one
        simplex.append(v)
    seen: dict[tuple, float] = {}

    def negative(u):
        idx = tuple(int(round(x)) for x in np.clip(u, 0.0, 1.0) * spec.steps)
        if idx not in seen:
            seen[idx] = -loglik_at(problem, idx, w)[0]
        return seen[idx]

    res = minimize(negative, start, method="Nelder-Mead", bounds=[(0.0, 1.0)] * p,
                   options={"initial_simplex": np.array(simplex), "xatol": 0.5 / spec.steps,
                            "fatol": RELATIVE_TOL * (1.0 + abs(float(grid_ll[best]))),
                            "maxfev": problem.maxfev})
    index = tuple(int(round(x)) for x in np.clip(res.x, 0.0, 1.0) * spec.steps)
    ll, coefs = loglik_at(problem, index, w)
    if ll < grid_ll[best]:     # never worse than the grid (a rounding tie)
        index, (ll, coefs) = tuple(indices[best]), loglik_at(problem, indices[best], w)
    converged = bool(res.status == 0)
    message = "converged" if converged else str(res.message)
    return FitResult(index, float(ll), coefs, converged, len(indices) + int(res.nfev), message), grid_ll


def plateau(problem: Problem, w: np.ndarray, index: tuple[int, ...], ll: float
            ) -> list[tuple[int, int]]:
    """Per parameter, the lattice range around ``index`` (others held) with the same log-likelihood.

    Found by doubling the step away from ``index`` until the log-likelihood
    differs, then bisecting; the data cannot tell the values in it apart.
    """
    steps = problem.spec.steps

    def same(j: int, k: int) -> bool:
        idx = list(index)
        idx[j] = k
        return _same(loglik_at(problem, tuple(idx), w)[0], ll)

    def edge(j: int, sign: int) -> int:
        room = index[j] if sign < 0 else steps - index[j]
        inside, k = 0, 1
        while inside < room:
            k = min(k, room)
            if not same(j, index[j] + sign * k):
                break
            inside, k = k, 2 * k
        else:
            return index[j] + sign * room
        lo, hi = inside, k           # the same at lo, different at hi
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if same(j, index[j] + sign * mid) else (lo, mid)
        return index[j] + sign * lo

    return [(edge(j, -1), edge(j, 1)) for j in range(len(index))]


def bootstrap_weights(n: int, eligible: np.ndarray, seed: int) -> np.ndarray:
    """Bootstrap counts of the eligible states (a multinomial draw of their number)."""
    rng = np.random.default_rng(seed)
    idx = np.flatnonzero(eligible)
    w = np.zeros(n)
    w[idx] = rng.multinomial(idx.size, np.full(idx.size, 1.0 / idx.size))
    return w


def solve_chunk(spec: Spec, indices: list[tuple[int, ...]]) -> tuple[list, int]:
    """The scores at lattice indices and the predictions solved for them (runs on a worker)."""
    from .model import SOLVED
    before = SOLVED[0]
    return [scores(spec, i) for i in indices], SOLVED[0] - before


def run_jobs(problem: Problem, grid: tuple[list, list], jobs: list[tuple]) -> list[tuple[FitResult, int]]:
    """Fit each job: ``("weights", w)`` or ``("bootstrap", (eligible, seed))`` (runs on a worker).

    ``grid``: lattice indices and their scores (the grid's and any other
    point already solved), kept before fitting so a worker solves only new points. Returns each fit with the
    predictions solved for it.
    """
    from .model import SOLVED
    for index, value in zip(*grid):
        remember(problem.spec, index, value)
    out = []
    for kind, arg in jobs:
        w = arg if kind == "weights" else bootstrap_weights(problem.n_states, arg[0], arg[1])
        before = SOLVED[0]
        w = np.asarray(w, dtype=float)
        result, _ = fit(problem, w)
        if kind == "bootstrap" and result.converged:
            result = dataclasses.replace(result, flat=tuple(plateau(problem, w, result.index,
                                                                    result.loglik)))
        out.append((result, SOLVED[0] - before))
    return out


def chunks(items: list, workers: int, per_worker: int = 4) -> list[list]:
    """``items`` in about ``per_worker`` chunks per worker, in order."""
    if not items:
        return []
    size = max(1, math.ceil(len(items) / (per_worker * max(1, workers))))
    return [items[s:s + size] for s in range(0, len(items), size)]
