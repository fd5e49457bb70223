"""Plain-numpy reference of model v3 (one issue, no levers), for brute-force tests.

Written from the model's specification only (no goodsgov import): clarity over speed.

States ``i = 0..n-1`` have a benefit weight ``b``, cost curvature ``c``, private
benefit ``p`` and capacity ``K``; ``D`` is the benefit domain, ``N`` the excludable
reach, ``U`` the users; ``e`` is the excludability and ``r`` the rivalry.  An
*arrangement* is a partition of the states (``labels``; groups of one state are
singletons) with a depth per group, plus bilateral deals (pairs).  Two boolean
matrices describe it: ``COUNT[i, j]`` (provider ``j`` counts ``i``'s benefit) and
``ADMIT[i, j]`` (``i`` is admitted to ``j``'s excludable benefit); both are "same
group or linked by a deal", diagonal True, unless overridden.

* crowding ``crowd_j = 1 / (1 + r max(u_j - U[j, j], 0))``, ``u_j = sum_i ADMIT[i, j] U[i, j]``;
* unit benefits ``W[i, j] = (1 - e) D[i, j] + e N[i, j] crowd_j ADMIT[i, j]``;
* status quo ``g0_j = clip(((1 - e) b_j D[j, j] + e b_j N[j, j] + p_j) / c_j, 0, K_j)``;
* coordinated ``gS_j = clip(((1 - e) sum_i COUNT b_i D[i, j]
  + e crowd_j sum_i COUNT ADMIT b_i N[i, j] + p_j) / c_j, 0, K_j)``;
* provision: a member of a group of depth ``d`` gives ``g0 + d (gS - g0)``; a state
  with deals (no group) gives ``gS``; a singleton gives ``gS`` too, which is ``g0``
  whenever only it is admitted to its good (always, unless ``ADMIT`` is overridden,
  as for the leaver of the open convention);
* payoff ``pi_i = b_i sum_j W[i, j] g_j + p_i g_i - c_i g_i^2 / 2``;
* decision costs: stake ``u_i = c_i g0_i^2 / 2`` (the status-quo provision cost); a
  member of an institution of ``m >= 2`` members pays ``kappa u_i f(m)``,
  ``f`` = ``(m - 1) / 2`` ("pair"), ``1`` ("member") or ``1 + 1 / m``
  ("institution"); each deal is an institution of two (``kappa u_i f(2)`` per
  deal); net payoff = ``pi - delta``.

Stability: internal and external stability of a coalition (d'Aspremont et al. 1983;
Carraro & Siniscalco 1993; Barrett 1994), with the leaver excluded or (open
convention) still admitted; pairwise stability of deal networks with transfers
within the pair or without them (Jackson & Wolinsky 1996).

>>> g = symmetric_game(4)
>>> payoffs(g, [0, 0, 0, 3], depth=1.0).g.tolist()
[3.0, 3.0, 3.0, 1.0]
>>> largest_stable(g, depth=1.0)[0]
3
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

#: decision-cost forms: the factor f(m) of an institution of m >= 2 members
FORMS = {
    "pair": lambda m: (m - 1) / 2.0,
    "member": lambda m: 1.0,
    "institution": lambda m: 1.0 + 1.0 / m,
}
#: what a leaver keeps: "exclusion" (nothing) or "open" (its admission)
CONVENTIONS = ("exclusion", "open")
#: an outsider's payoff in external stability: as in the arrangement, or as the
#: leaver of the enlarged coalition under the convention ("mirror")
OUTSIDE = ("arrangement", "mirror")
#: the default tolerance of every payoff comparison
TOL = 1e-9

Network = frozenset  # of (i, j) pairs, i < j


# ----------------------------------------------------------------------------- game
@dataclass(frozen=True, eq=False)
class Game:
    """One issue: per-state ``b, c, p, K`` (arrays), ``D, N, U`` (n x n), ``e``, ``r``."""

    b: np.ndarray
    c: np.ndarray
    p: np.ndarray
    K: np.ndarray
    D: np.ndarray
    N: np.ndarray
    U: np.ndarray
    e: float
    r: float

    def __post_init__(self) -> None:
        n = np.asarray(self.b, dtype=float).reshape(-1).size
        for name in "bcpK":
            arr = np.broadcast_to(np.asarray(getattr(self, name), dtype=float), (n,)).copy()
            object.__setattr__(self, name, arr)
        for name in "DNU":
            arr = np.array(getattr(self, name), dtype=float)
            if arr.shape != (n, n) or not np.all(np.isfinite(arr)) or np.any(arr < 0):
                raise ValueError(f"{name} must be a finite non-negative {n} x {n} matrix")
            object.__setattr__(self, name, arr)
        if np.any(self.b < 0) or np.any(~np.isfinite(self.b)):
            raise ValueError("b must be finite and >= 0")
        if np.any(self.c <= 0) or np.any(~np.isfinite(self.c)):
            raise ValueError("c must be finite and > 0")
        if np.any(~np.isfinite(self.p)):
            raise ValueError("p must be finite")
        if np.any(self.K < 0) or np.any(np.isnan(self.K)):
            raise ValueError("K must be >= 0 (inf allowed)")
        if not 0.0 <= float(self.e) <= 1.0:
            raise ValueError("e must be in [0, 1]")
        if not float(self.r) >= 0.0:
            raise ValueError("r must be >= 0")
        object.__setattr__(self, "e", float(self.e))
        object.__setattr__(self, "r", float(self.r))

    @property
    def n(self) -> int:
        return self.b.size

    def permuted(self, perm: Sequence[int]) -> Game:
        """The same game with new state ``a`` = old state ``perm[a]``."""
        perm = np.asarray(perm)
        ix = np.ix_(perm, perm)
        return Game(self.b[perm], self.c[perm], self.p[perm], self.K[perm],
                    self.D[ix], self.N[ix], self.U[ix], self.e, self.r)

    def scaled(self, t: float) -> Game:
        """``b``, ``p`` and ``c`` multiplied by ``t`` (provision unchanged, payoffs times ``t``)."""
        return Game(self.b * t, self.c * t, self.p * t, self.K, self.D, self.N, self.U,
                    self.e, self.r)


def symmetric_game(n: int, e: float = 0.0, r: float = 0.0, b: float = 1.0, c: float = 1.0,
                   p: float = 0.0) -> Game:
    """``n`` identical states, ``D = N = U = 1`` everywhere, no capacity limit."""
    ones = np.ones((n, n))
    return Game(np.full(n, b), np.full(n, c), np.full(n, p), np.full(n, np.inf),
                ones, ones.copy(), ones.copy(), e, r)


def random_game(n: int, rng: np.random.Generator, e: float = 0.5, r: float = 0.3,
                n_regions: int = 2, private: bool = True, capacity: bool = False,
                regions: Sequence[int] | None = None) -> Game:
    """A random game on a geography like the "auto" benefit domain.

    ``D = 1`` everywhere; ``N[i, j] = 1`` if ``i == j`` or partners (pairs 0-1, 2-3,
    ...), else ``max(1 - r, 0)`` for the same region and 0 otherwise; ``U = N``.
    Regions are drawn from ``rng`` unless given.  ``b`` in [0.2, 2], ``c`` in
    [0.5, 2], ``p`` in [0, 1] (0 unless ``private``), ``K`` infinite (or, with
    ``capacity``, in [0.5, 3] for about half the states).
    """
    if regions is None:
        regions = rng.integers(0, n_regions, size=n)
    regions = np.asarray(regions)
    b = rng.uniform(0.2, 2.0, size=n)
    c = rng.uniform(0.5, 2.0, size=n)
    p = rng.uniform(0.0, 1.0, size=n) if private else np.zeros(n)
    K = np.full(n, np.inf)
    if capacity:
        finite = rng.random(n) < 0.5
        K[finite] = rng.uniform(0.5, 3.0, size=int(finite.sum()))
    N = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i == j or i // 2 == j // 2:
                N[i, j] = 1.0
            elif regions[i] == regions[j]:
                N[i, j] = max(1.0 - r, 0.0)
    return Game(b, c, p, K, np.ones((n, n)), N, N.copy(), e, r)


# ---------------------------------------------------------------------- arrangements
def groups_of(labels: Sequence[int]) -> list[tuple[int, ...]]:
    """The partition ``labels`` describes, groups in order of their first member."""
    seen: dict = {}
    for i, lab in enumerate(labels):
        seen.setdefault(lab, []).append(i)
    return [tuple(m) for m in seen.values()]


def _deals(deals: Iterable[Sequence[int]], n: int) -> frozenset:
    out = set()
    for pair in deals:
        i, j = (int(x) for x in pair)
        if i == j or not (0 <= i < n and 0 <= j < n):
            raise ValueError(f"a deal links two distinct states of 0..{n - 1}, not {pair}")
        out.add((min(i, j), max(i, j)))
    return frozenset(out)


def _labels(labels: Sequence[int], n: int) -> np.ndarray:
    lab = np.asarray(labels)
    if lab.shape != (n,):
        raise ValueError(f"labels must have one entry per state ({n})")
    return lab


def _depth(depth: float | Mapping, label) -> float:
    d = float(depth[label]) if isinstance(depth, Mapping) else float(depth)
    if not 0.0 <= d <= 1.0:
        raise ValueError(f"depth must be in [0, 1], not {d}")
    return d


def relation_matrices(labels: Sequence[int], deals: Iterable[Sequence[int]] = ()
                      ) -> tuple[np.ndarray, np.ndarray]:
    """``(COUNT, ADMIT)`` of an arrangement: same group or linked by a deal, diagonal True."""
    lab = np.asarray(labels)
    n = lab.size
    rel = lab[:, None] == lab[None, :]
    for i, j in _deals(deals, n):
        rel[i, j] = rel[j, i] = True
    np.fill_diagonal(rel, True)
    return rel.copy(), rel.copy()


# --------------------------------------------------------------------------- provision
def crowding(game: Game, admit: np.ndarray) -> np.ndarray:
    """``crowd_j = 1 / (1 + r max(u_j - U[j, j], 0))``, ``u_j = sum_i ADMIT[i, j] U[i, j]``."""
    users = (admit * game.U).sum(axis=0)  # column j: the users admitted to j's good
    others = np.maximum(users - np.diag(game.U), 0.0)
    return 1.0 / (1.0 + game.r * others)


def unit_benefits(game: Game, admit: np.ndarray) -> np.ndarray:
    """``W[i, j] = (1 - e) D[i, j] + e N[i, j] crowd_j ADMIT[i, j]``."""
    crowd = crowding(game, admit)
    return (1 - game.e) * game.D + game.e * game.N * crowd[None, :] * admit


def status_quo_provision(game: Game) -> np.ndarray:
    """Every state's best reply on its own: ``g0``."""
    e, b = game.e, game.b
    raw = ((1 - e) * b * np.diag(game.D) + e * b * np.diag(game.N) + game.p) / game.c
    return np.minimum(np.maximum(raw, 0.0), game.K)


def coordinated_provision(game: Game, count: np.ndarray, admit: np.ndarray) -> np.ndarray:
    """``gS``: provider ``j`` counts the benefit of every ``i`` with ``COUNT[i, j]``."""
    e, b = game.e, game.b[:, None]
    crowd = crowding(game, admit)
    open_part = (count * b * game.D).sum(axis=0)
    club_part = (count * admit * b * game.N).sum(axis=0)
    raw = ((1 - e) * open_part + e * crowd * club_part + game.p) / game.c
    return np.minimum(np.maximum(raw, 0.0), game.K)


def provision_payoffs(game: Game, g: np.ndarray, admit: np.ndarray) -> np.ndarray:
    """``pi_i = b_i sum_j W[i, j] g_j + p_i g_i - c_i g_i^2 / 2`` at any provision ``g``."""
    g = np.asarray(g, dtype=float)
    return game.b * (unit_benefits(game, admit) @ g) + game.p * g - game.c * g ** 2 / 2


def stakes(game: Game) -> np.ndarray:
    """``u_i = c_i g0_i^2 / 2``: each state's status-quo provision cost (what it
    spends on the good alone), the unit of its decision costs."""
    g0 = status_quo_provision(game)
    return game.c * g0 ** 2 / 2.0


@dataclass(frozen=True, eq=False)
class Payoffs:
    """Provision and payoffs of one arrangement."""

    g: np.ndarray
    g0: np.ndarray
    gS: np.ndarray
    count: np.ndarray
    admit: np.ndarray
    pi: np.ndarray
    delta: np.ndarray
    net: np.ndarray
    welfare: float


def payoffs(game: Game, labels: Sequence[int], depth: float | Mapping = 1.0,
            deals: Iterable[Sequence[int]] = (), kappa: float = 0.0, form: str = "member",
            admit_override: np.ndarray | None = None,
            count_override: np.ndarray | None = None,
            stake: np.ndarray | None = None) -> Payoffs:
    """Provision ``g``, payoffs ``pi``, decision costs ``delta``, ``net`` and ``welfare``.

    ``depth``: one depth for every group, or a mapping label -> depth (needed only
    for groups of two or more).  ``deals``: pairs of states; a state with a deal
    may not also have a group partner (the model does not say how the two would
    combine).  The overrides replace ``ADMIT`` / ``COUNT`` (diagonal must be True);
    decision costs always follow ``labels`` and ``deals``.  ``stake`` caches
    :func:`stakes`.

    >>> payoffs(symmetric_game(3), [0, 0, 2], depth=0.5).g.tolist()
    [1.5, 1.5, 1.0]
    """
    n = game.n
    lab = _labels(labels, n)
    dl = _deals(deals, n)
    if form not in FORMS:
        raise ValueError(f"form must be one of {sorted(FORMS)}, not {form!r}")
    if not kappa >= 0:
        raise ValueError("kappa must be >= 0")
    count, admit = relation_matrices(lab, dl)
    for name, override in (("admit_override", admit_override), ("count_override", count_override)):
        if override is not None:
            override = np.asarray(override, dtype=bool)
            if override.shape != (n, n) or not np.all(np.diag(override)):
                raise ValueError(f"{name} must be {n} x {n} with a True diagonal")
            if name == "admit_override":
                admit = override.copy()
            else:
                count = override.copy()
    size = {lab[m[0]]: len(m) for m in groups_of(lab)}  # label -> members
    n_deals = np.zeros(n, dtype=int)
    for i, j in dl:
        n_deals[i] += 1
        n_deals[j] += 1
    g0 = status_quo_provision(game)
    gS = coordinated_provision(game, count, admit)
    g = np.empty(n)
    for j in range(n):
        m = size[lab[j]]
        if m >= 2 and n_deals[j] > 0:
            raise ValueError(f"state {j} is in a group and has deals: not defined by the model")
        if m >= 2:
            d = _depth(depth, lab[j])
            g[j] = g0[j] + d * (gS[j] - g0[j])
        else:  # a deal-maker (depth 1) or a singleton (gS == g0 unless ADMIT is overridden)
            g[j] = gS[j]
    pi = provision_payoffs(game, g, admit)
    if stake is None:
        stake = stakes(game) if kappa > 0 else np.zeros(n)
    f = FORMS[form]
    delta = np.zeros(n)
    for i in range(n):
        m = size[lab[i]]
        factor = (f(m) if m >= 2 else 0.0) + n_deals[i] * f(2)
        delta[i] = kappa * stake[i] * factor
    net = pi - delta
    return Payoffs(g, g0, gS, count, admit, pi, delta, net, float(net.sum()))


# ------------------------------------------------------------------ coalition stability
class _Cache:
    """Net payoffs of arrangements already evaluated (within one enumeration)."""

    def __init__(self, game: Game) -> None:
        self.game = game
        self.stake = stakes(game)
        self.nets: dict = {}

    def net(self, labels, depth, deals, kappa, form, admit_override=None) -> np.ndarray:
        lab = tuple(int(x) for x in labels)
        if not isinstance(depth, Mapping):  # one depth: only the partition matters
            first: dict = {}
            lab = tuple(first.setdefault(x, len(first)) for x in lab)
        key = (lab, None if isinstance(depth, Mapping) else float(depth),
               _deals(deals, self.game.n), float(kappa), form,
               None if admit_override is None else np.asarray(admit_override, bool).tobytes())
        if key not in self.nets or isinstance(depth, Mapping):
            self.nets[key] = payoffs(self.game, labels, depth, deals, kappa, form,
                                     admit_override=admit_override, stake=self.stake).net
        return self.nets[key]


def _members(labels: np.ndarray, group: Iterable[int]) -> tuple[int, ...]:
    if isinstance(group, (int, np.integer)):
        raise TypeError("group is a collection of state indices, e.g. {0, 2}")
    members = tuple(sorted(int(k) for k in group))
    if not members or len({labels[k] for k in members}) != 1:
        raise ValueError(f"{members} is not one group of labels {labels.tolist()}")
    if set(np.flatnonzero(labels == labels[members[0]]).tolist()) != set(members):
        raise ValueError(f"{members} is not a whole group of labels {labels.tolist()}")
    return members


def _leave(labels: np.ndarray, k: int) -> np.ndarray:
    out = labels.copy()
    out[k] = labels.max() + 1  # a fresh label: k alone
    return out


def _leaver_net(cache: _Cache, labels, depth, deals, kappa, form, convention, k) -> float:
    """``k``'s net payoff once it has left its group (the rest keep their depth)."""
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {CONVENTIONS}, not {convention!r}")
    admit = relation_matrices(labels, deals)[1] if convention == "open" else None
    return float(cache.net(_leave(labels, k), depth, deals, kappa, form, admit)[k])


def internal_gains(game: Game, labels: Sequence[int], depth: float | Mapping, group: Iterable[int],
                   deals: Iterable[Sequence[int]] = (), kappa: float = 0.0, form: str = "member",
                   convention: str = "exclusion", _cache: _Cache | None = None) -> dict[int, float]:
    """For each member ``k``: its net payoff in the arrangement minus after leaving.

    Leaving: ``k`` becomes a singleton, the rest stay a group of the same depth (a
    singleton if one is left), everything else unchanged.  "exclusion": ``k`` is
    neither counted nor admitted by the rest.  "open": the rest no longer count
    ``k``'s benefit, but ``ADMIT`` stays as it stands in the arrangement (both ways:
    ``k`` is admitted to the rest's goods and they to ``k``'s, so both still crowd);
    ``k`` provides ``gS_k`` with only itself counted and pays no decision cost.
    """
    cache = _cache or _Cache(game)
    lab = _labels(labels, game.n)
    members = _members(lab, group)
    inside = cache.net(lab, depth, deals, kappa, form)
    return {k: float(inside[k]) - _leaver_net(cache, lab, depth, deals, kappa, form, convention, k)
            for k in members}


def internally_stable(game: Game, labels: Sequence[int], depth: float | Mapping,
                      group: Iterable[int], deals: Iterable[Sequence[int]] = (),
                      kappa: float = 0.0, form: str = "member", convention: str = "exclusion",
                      tol: float = TOL, _cache: _Cache | None = None) -> bool:
    """No member gains more than ``tol`` by leaving ``group`` (see :func:`internal_gains`).

    >>> internally_stable(symmetric_game(5), [0, 0, 0, 0, 4], 1.0, {0, 1, 2, 3})
    False
    """
    gains = internal_gains(game, labels, depth, group, deals, kappa, form, convention, _cache)
    return all(v >= -tol for v in gains.values())


def external_gains(game: Game, labels: Sequence[int], depth: float | Mapping, group: Iterable[int],
                   deals: Iterable[Sequence[int]] = (), kappa: float = 0.0, form: str = "member",
                   convention: str = "exclusion", outside: str = "arrangement",
                   _cache: _Cache | None = None) -> dict[int, float]:
    """For each outsider ``k`` (a singleton without deals): its gain from joining ``group``.

    Joining gives ``k`` the group's label (so its depth).  The payoff it compares
    with: ``outside="arrangement"`` its net payoff in the arrangement as given
    (convention ignored); ``"mirror"`` its payoff as the leaver of the enlarged group
    under ``convention`` (the same thing under "exclusion").
    """
    if outside not in OUTSIDE:
        raise ValueError(f"outside must be one of {OUTSIDE}, not {outside!r}")
    cache = _cache or _Cache(game)
    lab = _labels(labels, game.n)
    members = _members(lab, group)
    dl = _deals(deals, game.n)
    dealers = {i for pair in dl for i in pair}
    now = cache.net(lab, depth, dl, kappa, form)
    out = {}
    for k in range(game.n):
        if k in members or k in dealers or np.sum(lab == lab[k]) > 1:
            continue
        joined = lab.copy()
        joined[k] = lab[members[0]]
        with_k = float(cache.net(joined, depth, dl, kappa, form)[k])
        if outside == "arrangement":
            base = float(now[k])
        else:
            base = _leaver_net(cache, joined, depth, dl, kappa, form, convention, k)
        out[k] = with_k - base
    return out


def externally_stable(game: Game, labels: Sequence[int], depth: float | Mapping,
                      group: Iterable[int], deals: Iterable[Sequence[int]] = (),
                      kappa: float = 0.0, form: str = "member", convention: str = "exclusion",
                      outside: str = "arrangement", tol: float = TOL,
                      _cache: _Cache | None = None) -> bool:
    """No outsider gains more than ``tol`` by joining ``group`` (see :func:`external_gains`).

    >>> externally_stable(symmetric_game(5), [0, 0, 2, 3, 4], 1.0, {0, 1})
    True
    """
    gains = external_gains(game, labels, depth, group, deals, kappa, form, convention, outside,
                           _cache)
    return all(v <= tol for v in gains.values())


def coalition_labels(n: int, S: Iterable[int]) -> np.ndarray:
    """Labels of coalition ``S`` (label -1) with every other state alone (label = index)."""
    lab = np.arange(n)
    for k in S:
        lab[int(k)] = -1
    return lab


def stable_coalitions(game: Game, depth: float, kappa: float = 0.0, form: str = "member",
                      convention: str = "exclusion", outside: str = "arrangement",
                      tol: float = TOL, external: bool = True) -> list[frozenset]:
    """Every nonempty coalition ``S`` (as the one agreement, the rest singletons, depth
    ``depth``) that is internally and (unless ``external`` is False) externally stable,
    by enumeration (``n <= 10``).

    A coalition of one is the status quo: internally stable by construction; it is
    listed when no outsider gains by joining it (forming a pair).

    >>> sorted(len(S) for S in stable_coalitions(symmetric_game(4), 0.9))
    [3, 3, 3, 3]
    """
    n = game.n
    if n > 10:
        raise ValueError("enumeration is for n <= 10")
    cache = _Cache(game)
    found = []
    for size in range(1, n + 1):
        for S in itertools.combinations(range(n), size):
            lab = coalition_labels(n, S)
            if (internally_stable(game, lab, depth, S, (), kappa, form, convention, tol, cache)
                    and (not external
                         or externally_stable(game, lab, depth, S, (), kappa, form, convention,
                                              outside, tol, cache))):
                found.append(frozenset(S))
    return found


def largest_stable(game: Game, depth: float, kappa: float = 0.0, form: str = "member",
                   convention: str = "exclusion", outside: str = "arrangement",
                   tol: float = TOL) -> tuple[int, list[frozenset]]:
    """The size of the largest stable coalition and every stable coalition of that size
    (``(0, [])`` when none is stable: possible with asymmetric states or decision costs).

    >>> largest_stable(symmetric_game(10), 0.3)[0]
    7
    """
    found = stable_coalitions(game, depth, kappa, form, convention, outside, tol)
    top = max((len(S) for S in found), default=0)  # 0: no coalition is stable
    return top, [S for S in found if len(S) == top]


def max_stable_depth(game: Game, S: Iterable[int], kappa: float = 0.0, form: str = "member",
                     convention: str = "exclusion", tol: float = TOL, grid: int = 256,
                     xtol: float = 1e-12) -> float | None:
    """The largest depth in [0, 1] at which coalition ``S`` (the rest singletons) is
    internally stable; None if it is stable at no depth of the grid.

    Scans ``grid + 1`` equally spaced depths, takes the largest stable one and bisects
    towards the next (unstable) grid point.  Assumption: stability changes at most
    once between neighbouring grid points (true when the gain from staying is
    concave in depth, as in the linear-quadratic model without capacities).

    >>> round(max_stable_depth(symmetric_game(6), range(5)), 9)
    0.5
    """
    S = tuple(sorted(int(k) for k in S))
    lab = coalition_labels(game.n, S)
    cache = _Cache(game)

    def stable(d: float) -> bool:
        return internally_stable(game, lab, d, S, (), kappa, form, convention, tol, cache)

    depths = np.linspace(0.0, 1.0, grid + 1)
    ok = [stable(float(d)) for d in depths]
    if not any(ok):
        return None
    top = max(i for i, v in enumerate(ok) if v)
    if top == grid:
        return 1.0
    lo, hi = float(depths[top]), float(depths[top + 1])
    while hi - lo > xtol:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if stable(mid) else (lo, mid)
    return lo


# ------------------------------------------------------------------- deal networks
def all_pairs(n: int) -> list[tuple[int, int]]:
    """Every possible deal among ``n`` states, ``(i, j)`` with ``i < j``."""
    return list(itertools.combinations(range(n), 2))


def pair_gains(game: Game, network: Iterable[Sequence[int]], pair: Sequence[int],
               kappa: float = 0.0, form: str = "member") -> tuple[float, float]:
    """Each state of ``pair`` (in index order): its net payoff with their deal minus
    without it (the rest of the network fixed)."""
    i, j = sorted(int(x) for x in pair)
    rest = _deals(network, game.n) - {(i, j)}
    lab = np.arange(game.n)
    with_ = payoffs(game, lab, 1.0, rest | {(i, j)}, kappa, form).net
    without = payoffs(game, lab, 1.0, rest, kappa, form).net
    return float(with_[i] - without[i]), float(with_[j] - without[j])


def pair_gain(game: Game, network: Iterable[Sequence[int]], pair: Sequence[int],
              kappa: float = 0.0, form: str = "member") -> float:
    """Joint net payoff of ``pair`` with its deal minus without it (rest of the network fixed)."""
    gi, gj = pair_gains(game, network, pair, kappa, form)
    return gi + gj


def _link_holds(gi: float, gj: float, present: bool, transfers: bool, tol: float) -> bool:
    """Whether a link's status survives: ``gi``, ``gj`` the pair's gains from having it.

    With transfers the pair's joint gain decides both ways.  Without, a deal needs
    both: an existing one ends if either gains from ending it, an absent one forms
    only if both gain from forming it."""
    if transfers:
        return gi + gj >= -tol if present else gi + gj <= tol
    return min(gi, gj) >= -tol if present else min(gi, gj) <= tol


def is_pairwise_stable(game: Game, network: Iterable[Sequence[int]], kappa: float = 0.0,
                       form: str = "member", tol: float = TOL, transfers: bool = True) -> bool:
    """Jackson & Wolinsky (1996), checked link by link; ``transfers``: within the pair."""
    net = _deals(network, game.n)
    return all(_link_holds(*pair_gains(game, net, pair, kappa, form), pair in net, transfers, tol)
               for pair in all_pairs(game.n))


def network_payoffs(game: Game, kappa: float = 0.0, form: str = "member") -> list[np.ndarray]:
    """Each state's net payoff in every deal network on ``n <= 6`` states, indexed by
    the network's bit mask over :func:`all_pairs`."""
    n = game.n
    if n > 6:
        raise ValueError("enumeration is for n <= 6")
    pairs = all_pairs(n)
    stake = stakes(game)
    lab = np.arange(n)
    return [payoffs(game, lab, 1.0, [pairs[b] for b in range(len(pairs)) if mask >> b & 1], kappa, form,
                    stake=stake).net
            for mask in range(1 << len(pairs))]


def pairwise_stable_networks(game: Game, kappa: float = 0.0, form: str = "member",
                             tol: float = TOL, transfers: bool = True,
                             nets: list[np.ndarray] | None = None) -> list[frozenset]:
    """Every pairwise-stable deal network on ``n <= 6`` states, with transfers within the pair (the joint gain decides) or without (see
    :func:`is_pairwise_stable`).

    Net payoffs of all ``2^(n(n-1)/2)`` networks are computed once
    (:func:`network_payoffs`, or ``nets`` when given); each network is then
    checked against its neighbours (one link added or removed).

    >>> pairwise_stable_networks(symmetric_game(2))
    [frozenset({(0, 1)})]
    """
    pairs = all_pairs(game.n)
    if nets is None:
        nets = network_payoffs(game, kappa, form)
    found = []
    for mask in range(1 << len(pairs)):
        stable = True
        for b, (i, j) in enumerate(pairs):
            present = bool(mask >> b & 1)
            with_, without = (mask, mask ^ (1 << b)) if present else (mask | (1 << b), mask)
            gi = nets[with_][i] - nets[without][i]
            gj = nets[with_][j] - nets[without][j]
            stable = _link_holds(gi, gj, present, transfers, tol)
            if not stable:
                break
        if stable:
            found.append(frozenset(pairs[b] for b in range(len(pairs)) if mask >> b & 1))
    return found
