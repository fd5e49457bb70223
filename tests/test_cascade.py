"""The defection cascade's fast path (:func:`~goodsgov.solvers.contribution.stability.core`:
gains from near lists and per-class sums over the agreement) against the same cascade
re-solved from scratch every round (``_core_budget``, the path a budget takes), on domains
with one row class (geography), several (the exchange of skilled labour), explicit domains
whose entries mostly share a floor value, and random ones; the treaty designer's
cascades run side by side at every depth (``cascades``) against one cascade per depth;
the gains at several depths from one pass against each depth's gains summed alone; and a
forum's joining gains against the outsiders' gains re-solved."""

from __future__ import annotations

import numpy as np
import pytest

import goodsgov as gg
from goodsgov._jit import jit
from goodsgov.governance import pipeline
from goodsgov.governance.kernel import stakes
from goodsgov.solvers.contribution.single import join_gains_single, leave_gains_depths, leave_gains_single
from goodsgov.solvers.contribution.sparse import MAX_CLASSES, near_lists
from goodsgov.solvers.contribution.stability import (_core_budget, cascades, core_of, group_sizes, outsider_gains,
                                                     single_agreement)
from goodsgov.solvers.contribution.treaties import DEPTH_GRID


# The kernels take the near lists as a list built in compiled code, as the pipeline
# builds them; these wrappers build them the same way, so that the tests call the
# variants the pipeline compiles instead of compiling others (a tuple from Python,
# a writable menu of depths) beside them.
@jit
def _cascades(games, forum, stake, opts, tol):
    return cascades(games, forum, DEPTH_GRID, stake, opts, tol, [near_lists(G) for G in games])


@jit
def _leave_gains_depths(games, mask, ds, stake, opts):
    return leave_gains_depths(games, mask, ds, stake, opts, [near_lists(G) for G in games])


def _scenario(rng: np.random.Generator, kind: str) -> gg.Scenario:
    n = int(rng.integers(4, 40))
    kw = dict(n_states=n, n_regions=int(rng.integers(1, max(2, n // 4))),
              benefit_spread=float(rng.uniform(0, 1)), private_benefit=float(rng.uniform(0, 0.3)))
    if kind == "exchange":
        return gg.skilled_labour(rivalry=float(rng.uniform()), **kw)
    s = gg.refugee_protection(excludability=float(rng.uniform()), rivalry=float(rng.uniform()), **kw)
    if kind == "floor":       # most entries at the floor, a few above it
        reach = np.maximum(0.3, np.where(rng.uniform(size=(n, n)) < 0.15, rng.uniform(size=(n, n)), 0.0))
        return s.replace(reach=np.maximum(reach, np.eye(n)))
    if kind == "random":
        return s.replace(reach=np.maximum(rng.uniform(size=(n, n)), np.eye(n)))
    return s


def _case(kind: str, seed: int, **levers):
    """A random scenario of ``kind`` with ``levers``: the generator (for further
    draws), the scenario, the compiled options, the games and the stakes."""
    rng = np.random.default_rng(seed)
    s = _scenario(rng, kind)
    lev = gg.Levers(**levers)
    opts = pipeline.options(decision_cost=float(rng.uniform(0, 0.4)), levers=lev).record
    games = pipeline.records(s, lev)
    return rng, s, opts, games, stakes(games)


@pytest.mark.parametrize("kind", ["auto", "exchange", "floor", "random"])
@pytest.mark.parametrize("seed", range(12))
def test_fast_cascade_is_the_cascade_re_solved_every_round(kind, seed):
    rng = np.random.default_rng(seed)
    s = _scenario(rng, kind)
    opts = pipeline.options(decision_cost=float(rng.uniform(0, 0.4))).record
    games = pipeline.records(s, gg.Levers())
    stake = stakes(games)
    n = s.n_states
    starts = [single_agreement(np.ones(n, np.bool_)), rng.integers(0, 3, n).astype(np.int64)]
    for labels in starts:
        for d in (1.0, 0.25, 1 / 64):
            depth = np.full(n, d)
            fast = core_of(games, labels, depth, stake, opts, 1e-9)
            slow = _core_budget(games, labels, depth, stake, opts, 1e-9)
            np.testing.assert_array_equal(fast, slow)


def test_near_lists_are_exact_whatever_the_classes():
    """A row's near providers are exactly the columns where it differs from its class."""
    rng = np.random.default_rng(3)
    for kind in ("auto", "exchange", "floor", "random"):
        G = pipeline.records(_scenario(rng, kind), gg.Levers())[0]
        ptr, idx, cls, VD, VN, VU = near_lists(G)
        n = G.D.shape[0]
        assert cls.max() < MAX_CLASSES
        for k in range(n):
            c = cls[k]
            differs = {j for j in range(n) if j != k and (G.D[k, j], G.N[k, j], G.U[k, j])
                       != (VD[c, j], VN[c, j], VU[c, j])}
            assert set(idx[ptr[k]:ptr[k + 1]].tolist()) == differs


def test_the_exchange_has_one_class_per_role_and_no_near_provider():
    G = pipeline.records(gg.skilled_labour(n_states=40, n_regions=4), gg.Levers())[0]
    ptr, idx, cls, *_ = near_lists(G)
    assert len(set(cls.tolist())) == 2 and ptr[-1] == 0


@pytest.mark.parametrize("kind", ["auto", "exchange", "floor", "random"])
@pytest.mark.parametrize("seed", range(8))
def test_cascades_side_by_side_are_one_cascade_per_depth(kind, seed):
    """At every depth up to the first at which the whole forum holds, what the side-by-side
    cascades leave is what the cascade at that depth alone leaves; the rows after it are empty.
    Decision costs, transfers, funding and a budget (the path re-solved every round) vary."""
    rng, s, opts, games, stake = _case(kind, 100 + seed, transfers=bool(seed % 2), funding=0.3 * (seed % 3 == 0),
                                       budget=0.5 if seed % 4 == 1 else np.inf,
                                       side_payment=0.02 * (seed % 5 == 2))
    n = s.n_states
    for forum in (np.ones(n, np.bool_), rng.uniform(size=n) < 0.6):
        if forum.sum() < 2:
            continue
        left = _cascades(games, forum, stake, opts, 1e-9)
        for q, d in enumerate(DEPTH_GRID):
            labels = core_of(games, single_agreement(forum), np.full(n, d), stake, opts, 1e-9)
            np.testing.assert_array_equal(left[q], labels == np.argmax(group_sizes(labels)))
            if left[q].sum() == forum.sum():
                assert not left[q + 1:].any()
                break


@pytest.mark.parametrize("kind", ["auto", "exchange", "floor", "random"])
@pytest.mark.parametrize("seed", range(6))
def test_gains_at_several_depths_in_one_pass_are_each_depths_gains(kind, seed):
    """A member's gain from leaving, kept as a quadratic in the depth
    (``leave_gains_depths``), against the gains summed column by column at each
    depth alone (``leave_gains_single``), levers and budgets varied."""
    rng, s, opts, games, stake = _case(kind, 200 + seed, funding=0.4 * (seed % 2),
                                       budget=0.3 if seed % 3 == 2 else np.inf)
    ds = np.array([0.0, 1 / 64, 0.3, 0.5, 1.0])
    ds.setflags(write=False)      # as the pipeline's menus, constants in compiled code
    for _ in range(3):
        mask = rng.uniform(size=s.n_states) < rng.uniform(0.2, 1.0)
        got = _leave_gains_depths(games, mask, ds, stake, opts)
        for q, d in enumerate(ds):
            want = leave_gains_single(games, mask, d, stake, opts, False)
            scale = np.abs(want).max(initial=0.0) + 1e-12
            np.testing.assert_allclose(got[q], want, rtol=0, atol=1e-12 * scale)


@pytest.mark.parametrize("kind", ["auto", "exchange", "floor", "random"])
@pytest.mark.parametrize("seed", range(4))
def test_a_forums_joining_gains_are_the_solved_outsiders_gains(kind, seed):
    """``join_gains_single`` computes only the forum's outsiders; each one's gain is
    what the equilibrium re-solved with the agreement in place gives it
    (``outsider_gains``, every outsider), with and without a budget."""
    rng, s, opts, games, stake = _case(kind, 300 + seed, funding=0.3 * (seed % 2),
                                       budget=0.4 if seed % 4 == 3 else np.inf)
    for _ in range(3):
        mask = rng.uniform(size=s.n_states) < 0.4
        forum = mask | (rng.uniform(size=s.n_states) < 0.5)
        d = float(rng.choice([1.0, 0.5, 0.1]))
        got = join_gains_single(games, mask, d, stake, opts, forum)
        every = outsider_gains(games, mask, d, stake, opts)
        keep = forum[every.outsiders]
        np.testing.assert_array_equal(got.outsiders, every.outsiders[keep])
        scale = np.abs(every.gains).max(initial=0.0) + 1e-12
        np.testing.assert_allclose(got.gains, every.gains[keep], rtol=0, atol=1e-10 * scale)
