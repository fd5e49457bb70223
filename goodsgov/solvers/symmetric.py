"""Symmetric mixed equilibria of symmetric n-player binary games.

In a symmetric game where each of ``n`` players chooses action 0 or 1 and a
player's payoff depends only on her own action and on how many of the other
``n - 1`` players choose action 1, a symmetric mixed profile in which every
player plays action 1 with probability ``p`` is a Nash equilibrium iff

* ``0 < p < 1`` and the player is indifferent, ``D(p) = 0``, or
* ``p = 0`` and ``D(0) <= 0``, or ``p = 1`` and ``D(1) >= 0``,

where the expected payoff gain of action 1 over action 0 is the Bernstein
polynomial

    D(p) = sum_{k=0}^{n-1} C(n-1, k) p^k (1-p)^(n-1-k) (a[k] - b[k]),

``a[k]`` (``b[k]``) being the payoff of action 1 (action 0) when ``k`` others
play action 1.  This is the standard indifference condition of the
volunteer's dilemma (Diekmann 1985) and of threshold public goods
(Palfrey and Rosenthal 1984, section 3).

The roots are found on both halves of [0, 1] separately: with
``t = p / (1 - p)`` on ``p <= 1/2`` and ``s = (1 - p) / p`` on ``p >= 1/2`` the
polynomial becomes an ordinary polynomial in a variable restricted to
[0, 1], which keeps the companion-matrix root finder well conditioned.  A
sign-change scan on a fine grid refined with Brent's method catches any
simple root the eigenvalue method loses to rounding; every candidate is
polished and kept only if its residual is within tolerance.

Which roots are distinct is decided by sign, not by distance: between two
roots where ``D`` changes sign there is a point where it has the other
sign, and wherever rounding could flip the sign of a floating-point
evaluation, ``D`` is evaluated exactly (the coefficients ``a - b`` are
floats, hence rationals).  So roots where ``D`` changes sign are reported
separately however close they are (0.5 and 0.50001 are two equilibria).
Near a root where ``D`` touches zero without changing sign (a root of even
multiplicity) rounding produces a cluster of near-roots; they are one
equilibrium, merged into a neighbouring root or pure corner when ``D``
stays within tolerance of zero between them.

Scale: ``a`` and ``b`` are divided by a common power of two (exact) before
anything is computed, and the tolerance is relative to the payoff range
``max(a, b) - min(a, b)``, so the same equilibria come out in any units.
"""

from __future__ import annotations

import math
from fractions import Fraction
from math import comb

import numpy as np
from scipy.optimize import brentq
from scipy.special import gammaln

from .._checks import array, real
from ..errors import SolverError, invalid

__all__ = ["symmetric_binary_mixed", "bernstein_gain", "IndifferentEverywhereError",
           "MAX_EXACT_TERMS"]

#: Most integer multiply-adds spent deciding signs of the indifference polynomial exactly,
#: for one game (each exact evaluation of a degree-``m`` polynomial costs ``m + 1``); beyond
#: it :func:`symmetric_binary_mixed` raises :class:`~goodsgov.errors.SolverError`.
MAX_EXACT_TERMS = 1_000_000


class IndifferentEverywhereError(SolverError):
    """Every symmetric mixed profile is an equilibrium (``D(p) = 0`` identically).

    Raised by :func:`symmetric_binary_mixed` when ``a == b`` (within ``tol``):
    the set of symmetric equilibria is the whole interval [0, 1], which is not
    a finite list.  Callers that want to treat this case catch this error
    (it is a :class:`goodsgov.errors.SolverError`).
    """


def _log_binom_weights(p: np.ndarray, m: int) -> np.ndarray:
    """log of C(m, k) p^k (1-p)^(m-k), shape (len(p), m+1), stable for any m."""
    k = np.arange(m + 1)
    logc = gammaln(m + 1) - gammaln(k + 1) - gammaln(m - k + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        lp = np.log(p)[:, None]
        lq = np.log1p(-p)[:, None]
        # 0 * log(0) must be 0, not nan
        tp = np.where(k[None, :] == 0, 0.0, k[None, :] * lp)
        tq = np.where((m - k)[None, :] == 0, 0.0, (m - k)[None, :] * lq)
    return logc[None, :] + tp + tq


def bernstein_gain(d: np.ndarray, p) -> np.ndarray:
    """Evaluate ``D(p) = sum_k C(m, k) p^k (1-p)^(m-k) d[k]`` (``m = len(d) - 1``).

    >>> float(bernstein_gain(np.array([-1.0, 1.0]), 0.5))
    0.0
    """
    d = np.asarray(d, dtype=float)
    pa = np.atleast_1d(np.asarray(p, dtype=float))
    w = np.exp(_log_binom_weights(pa, len(d) - 1))
    out = w @ d
    return out if np.ndim(p) else out[0]


def _bernstein_derivative(d: np.ndarray, p: float) -> float:
    """dD/dp = m * sum_k C(m-1, k) p^k (1-p)^(m-1-k) (d[k+1] - d[k])."""
    m = len(d) - 1
    if m == 0:
        return 0.0
    return float(m * bernstein_gain(np.diff(d), p))


def _half_roots(coef_low_first: np.ndarray) -> list[float]:
    """Real roots in [0, 1] of sum_j c[j] x^j (candidates, unpolished)."""
    c = np.asarray(coef_low_first, dtype=float)
    big = float(np.max(np.abs(c))) if c.size else 0.0
    if not big > 0.0 or not np.isfinite(big):
        return []
    # relative to the largest, high-order coefficients below rounding cannot move a root in
    # [0, 1] (and a subnormal leading one would overflow the companion matrix): drop them
    c = c / big
    keep = np.nonzero(np.abs(c) > 1e-3 * np.finfo(float).eps)[0]
    c = c[:keep[-1] + 1]
    if c.size <= 1:
        return []
    r = np.roots(c[::-1])
    keep = np.abs(r.imag) <= 1e-6 * (1.0 + np.abs(r))
    x = r.real[keep]
    return [float(v) for v in x if -1e-9 <= v <= 1.0 + 1e-9]


def symmetric_binary_mixed(a, b, tol: float = 1e-9) -> np.ndarray:
    """All symmetric equilibria ``p`` (probability of action 1) of a symmetric binary game.

    ``a[k]`` (resp. ``b[k]``), ``k = 0, ..., n-1``, is the payoff of playing
    action 1 (resp. action 0) when ``k`` of the other ``n - 1`` players play
    action 1.  Returns the sorted probabilities in [0, 1] of every symmetric
    equilibrium: the roots in (0, 1) of the indifference polynomial
    ``D(p) = sum_k C(n-1,k) p^k (1-p)^(n-1-k) (a[k]-b[k])`` (Diekmann 1985,
    eq. 3; Palfrey and Rosenthal 1984) plus the pure corners ``p = 0`` when
    ``a[0] <= b[0]`` and ``p = 1`` when ``a[n-1] >= b[n-1]``.  ``tol`` is
    relative to the payoff range ``max(a, b) - min(a, b)``: every reported
    ``p`` has regret at most ``tol`` times that range.  Roots where ``D``
    changes sign are never merged, however close; a root where ``D`` only
    touches zero is reported once (see the module docstring).

    Raises :class:`IndifferentEverywhereError` (a
    :class:`goodsgov.errors.SolverError`) when ``a - b`` is zero within
    tolerance: then every ``p`` in [0, 1] is an equilibrium.

    Volunteer's dilemma with benefit 1 and cost 0.5 among 3 players
    (volunteer: 1 - 0.5 always; abstain: 1 if someone else volunteers)
    has the symmetric equilibrium ``p = 1 - 0.5 ** (1 / 2)``:

    >>> import numpy as np
    >>> a = np.array([0.5, 0.5, 0.5]); b = np.array([0.0, 1.0, 1.0])
    >>> p = symmetric_binary_mixed(a, b)
    >>> np.allclose(p, [1 - 0.5 ** 0.5])
    True
    """
    tol = real("tol", tol, low=0.0, low_open=True)
    a = array("a", a, ndim=1, nonempty=True)
    b = array("b", b, ndim=1, nonempty=True)
    if a.shape != b.shape:
        raise invalid("b", f"<array of shape {b.shape}>",
                      f"must have the same shape as a, {a.shape}")
    # a common power-of-two scale (exact) keeps every difference finite
    top = max(float(np.max(np.abs(a))), float(np.max(np.abs(b))))
    e = math.frexp(top)[1] if top > 0 else 0
    a = np.ldexp(a, -e)
    b = np.ldexp(b, -e)
    d = a - b
    n = d.size
    payoff_range = max(float(a.max()), float(b.max())) - min(float(a.min()), float(b.min()))
    atol = tol * payoff_range
    dscale = float(np.max(np.abs(d)))
    if dscale <= atol:
        raise IndifferentEverywhereError(
            "a - b is zero (within tol): every p in [0, 1] is a symmetric equilibrium")
    m = n - 1
    # rounding bound of a floating-point evaluation of D (the weights sum to 1)
    noise = 1e3 * (m + 1) * np.finfo(float).eps * dscale
    zero = max(atol, noise)
    corners: list[float] = []
    if d[0] <= atol:
        corners.append(0.0)
    if d[-1] >= -atol:
        corners.append(1.0)
    inner: list[float] = []
    if m >= 1:
        sign = _Signs(d, noise)
        cands = _candidates(d, atol)
        inner = _select_roots(d, cands, sign, zero, corners)
    out = sorted(set(corners) | set(inner))
    if not out:  # impossible in exact arithmetic: D changes sign or a corner holds
        raise SolverError("no symmetric equilibrium found; the payoffs may be badly scaled")
    return np.asarray(out, dtype=float)


def _gain(d: np.ndarray):
    return lambda x: float(bernstein_gain(d, x))


def _run_representatives(grid: np.ndarray, vals: np.ndarray, small: float) -> list[float]:
    """The grid points where ``|D| <= small``: the first, the smallest and the last of each
    run of consecutive ones (a run is one flat stretch of D; a polynomial of degree m
    enters and leaves the band ``|D| <= small`` at most 2m times, so this is O(m) points
    however fine the grid)."""
    near = np.abs(vals) <= small
    if not near.any():
        return []
    edges = np.diff(np.concatenate(([0], near.astype(np.int8), [0])))
    starts, stops = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    out: list[float] = []
    for lo, hi in zip(starts.tolist(), stops.tolist()):
        best = lo + int(np.argmin(np.abs(vals[lo:hi])))
        out += [float(grid[i]) for i in sorted({lo, best, hi - 1})]
    return out


def _candidates(d: np.ndarray, atol: float) -> list[float]:
    """Polished candidate roots in [0, 1]: companion matrices, a sign scan and near-zeros."""
    n = d.size
    m = n - 1
    gain = _gain(d)
    cands: list[float] = []
    k = np.arange(m + 1)
    logc = gammaln(m + 1) - gammaln(k + 1) - gammaln(m - k + 1)
    # Scale the binomial coefficients into a safe range before exponentiating.
    logc = logc - logc.max()
    cb = np.exp(logc) * d
    # p <= 1/2: D(p) = (1-p)^m sum_k cb[k] t^k, t = p/(1-p) in [0, 1]
    cands += [t / (1.0 + t) for t in _half_roots(cb)]
    # p >= 1/2: D(p) = p^m sum_k cb[m-k] s^k, s = (1-p)/p in [0, 1]
    cands += [1.0 / (1.0 + s) for s in _half_roots(cb[::-1])]
    # sign-change scan, refined by Brent's method (robust for simple roots)
    grid = np.linspace(0.0, 1.0, max(2001, 20 * n + 1))
    vals = bernstein_gain(d, grid)
    sgn = np.sign(vals)
    for i in np.nonzero(sgn[:-1] * sgn[1:] < 0)[0]:
        lo, hi = float(grid[i]), float(grid[i + 1])
        flo, fhi = gain(lo), gain(hi)
        if flo == 0.0 or fhi == 0.0 or flo * fhi > 0:
            cands += [lo, hi]   # rounding at the bracket: let the polishing decide
            continue
        cands.append(brentq(gain, lo, hi, xtol=1e-15, rtol=1e-15))
    cands += _run_representatives(grid, vals, atol * 1e-3)
    out = []
    for p0 in cands:
        p = min(max(p0, 0.0), 1.0)
        # a few Newton polishing steps (stay in [0, 1])
        for _ in range(8):
            f = gain(p)
            fp = _bernstein_derivative(d, p)
            if fp == 0.0 or not np.isfinite(fp):
                break
            q = min(max(p - f / fp, 0.0), 1.0)
            if abs(gain(q)) > abs(f):
                break
            p = q
        out.append(p)
    return out


class _Signs:
    """Sign of D(p), exact (rational arithmetic) wherever rounding could flip it.

    A float evaluation of ``D(p)`` is trusted when it is farther from zero
    than its rounding bound *at that point*, ``1e3 (m + 1) eps sum_k w_k(p) |d_k|``
    (the weights, computed as logarithms and scaled by the largest weight
    that meets a non-zero ``d_k`` so that none underflows, carry a relative
    error far below ``1e3 eps``), so the exact evaluation runs only where
    the terms of ``D`` nearly cancel.
    Each exact evaluation costs ``m + 1`` integer multiply-adds (Horner's
    scheme); at most :data:`MAX_EXACT_TERMS` are spent on one game, beyond
    which :class:`~goodsgov.errors.SolverError` is raised (a documented work
    bound instead of an unbounded computation).
    """

    def __init__(self, d: np.ndarray, noise: float):
        self.d = d
        self.absd = np.abs(d)
        self.noise = noise
        self.m = d.size - 1
        self.relative = 1e3 * (self.m + 1) * np.finfo(float).eps
        self.floor = (self.m + 1) * 1e-300   # products of weights and d that underflow
        fr = [Fraction(float(v)) for v in d]
        den = max(f.denominator for f in fr)          # a power of two: a common denominator
        self.coef = [int(f * den) * comb(self.m, k) for k, f in enumerate(fr)]
        self.cache: dict[float, int] = {}
        self.terms = 0

    def exact(self, p: float) -> int:
        if p not in self.cache:
            m = self.m
            self.terms += m + 1
            if self.terms > MAX_EXACT_TERMS:
                raise SolverError(
                    f"symmetric_binary_mixed: the indifference polynomial (degree {m}) is within "
                    "rounding of zero on too much of [0, 1] to place its roots; deciding its sign "
                    f"exactly would take more than MAX_EXACT_TERMS = {MAX_EXACT_TERMS} integer "
                    "operations (a smaller game or less extreme payoff ratios stay within it)")
            num, den = float(p).as_integer_ratio()
            q = den - num
            coef = self.coef
            # sum_k coef[k] num^k q^(m-k), by Horner's scheme from k = m down to 0
            total, qpow = coef[m], 1
            for k in range(m - 1, -1, -1):
                qpow *= q
                total = total * num + coef[k] * qpow if coef[k] else total * num
            self.cache[p] = (total > 0) - (total < 0)
        return self.cache[p]

    def __call__(self, p: float) -> int:
        return self.many([p])[0]

    def many(self, ps: list[float]) -> list[int]:
        # weights scaled by the largest one that meets a non-zero d (same sign, no underflow)
        logw = np.where(self.absd > 0, _log_binom_weights(np.asarray(ps, dtype=float), self.m),
                        -np.inf)
        top = np.max(logw, axis=1)
        top = np.where(np.isfinite(top), top, 0.0)
        w = np.exp(logw - top[:, None])     # every weight in [0, 1]; the largest is 1
        vals = (w @ self.d).tolist()
        bound = (self.relative * (w @ self.absd) + self.floor).tolist()
        return [(1 if v > 0 else -1) if abs(v) > e else self.exact(p)
                for p, v, e in zip(ps, vals, bound)]


def _select_roots(d: np.ndarray, cands: list[float], sign: _Signs, zero: float,
                  corners: list[float]) -> list[float]:
    """Equilibria in (0, 1): sign-change roots, exact zeros and touching roots."""
    gain = _gain(d)
    m = d.size - 1
    grid = np.linspace(0.0, 1.0, max(2001, 20 * (m + 1) + 1)).tolist()
    inner = sorted({p for p in cands if 0.0 < p < 1.0})
    # midpoints between neighbouring candidates: the other sign between two close roots
    mids = {0.5 * (u + v) for u, v in zip(inner, inner[1:])}
    probes = sorted(set(grid) | set(inner) | mids)
    signs = sign.many(probes)
    roots: list[float] = []
    # exact zeros are roots; a sign change between neighbouring probes brackets one
    for i, s in enumerate(signs):
        if s == 0:
            if 0.0 < probes[i] < 1.0:
                roots.append(probes[i])
        elif i > 0 and signs[i - 1] == -s:
            roots.append(_refine(gain, sign, probes[i - 1], probes[i]))
    crossing = sorted(roots)
    anchors = sorted(crossing + corners)

    def flat_between(u: float, v: float) -> bool:
        lo, hi = min(u, v), max(u, v)
        return all(abs(gain(lo + t * (hi - lo))) <= zero for t in (0.25, 0.5, 0.75))

    # touching roots: near-zeros of one sign that no crossing root or corner explains
    touching = sorted(p for p in cands if 0.0 < p < 1.0 and abs(gain(p)) <= zero)
    clusters: list[list[float]] = []
    for p in touching:
        if clusters and flat_between(clusters[-1][-1], p) and not any(
                clusters[-1][-1] < r < p for r in crossing):
            clusters[-1].append(p)
        else:
            clusters.append([p])
    for c in clusters:
        near = [r for r in anchors if flat_between(r, c[0]) or flat_between(r, c[-1])]
        if near:
            continue
        roots.append(min(c, key=lambda x: abs(gain(x))))
    return sorted(set(roots))


def _refine(gain, sign: _Signs, lo: float, hi: float) -> float:
    """A root of D in [lo, hi], where D has opposite (exact) signs at the ends.

    Brent's method on the float D when both ends' float values are clear of
    rounding noise; otherwise bisection on the exact sign.
    """
    flo, fhi = gain(lo), gain(hi)
    if flo * fhi < 0.0 and min(abs(flo), abs(fhi)) > sign.noise:
        return float(brentq(gain, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps))
    slo = sign(lo)
    for _ in range(64):
        mid = 0.5 * (lo + hi)
        if not lo < mid < hi:
            break
        smid = sign(mid)
        if smid == 0:
            return mid
        if smid == slo:
            lo = mid
        else:
            hi = mid
    return lo if abs(gain(lo)) <= abs(gain(hi)) else hi
