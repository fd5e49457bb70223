"""Equilibrium engine: properties, textbook games and peer-library cross-checks."""

from __future__ import annotations

import warnings
from fractions import Fraction
from itertools import product
from math import comb

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goodsgov.errors import GameError, SolverError, ValidationError
from goodsgov.games import catalogue
from goodsgov.games.normal_form import NormalFormGame
from goodsgov.solvers.dominance import iterated_elimination
from goodsgov.solvers.enumeration import vertex_enumeration, vertex_enumeration_exact
from goodsgov.solvers.symmetric import IndifferentEverywhereError, symmetric_binary_mixed

from example_counts import examples
from strategies import nf_affine, nf_bimatrix, nf_payoffs

TOL = 1e-9


# ------------------------------------------------------------------ helpers

def brute_pure(p: np.ndarray) -> list[tuple[int, ...]]:
    """Reference: loop over every profile (tests only)."""
    n = p.shape[0]
    out = []
    for prof in np.ndindex(*p.shape[1:]):
        ok = True
        for i in range(n):
            idx = list(prof)
            idx[i] = slice(None)
            if p[(i, *idx)].max() > p[(i, *prof)]:
                ok = False
                break
        if ok:
            out.append(tuple(prof))
    return out


def same_equilibria(e1, e2, atol=1e-7) -> bool:
    """Equal as sets of (x, y) up to ``atol``."""
    if len(e1) != len(e2):
        return False
    used = set()
    for x, y in e1:
        hit = [k for k, (u, v) in enumerate(e2)
               if k not in used and np.allclose(np.asarray(x, float), np.asarray(u, float), atol=atol)
               and np.allclose(np.asarray(y, float), np.asarray(v, float), atol=atol)]
        if not hit:
            return False
        used.add(hit[0])
    return True


def nondegenerate(A, B) -> bool:
    """Continuous random draws are non-degenerate with probability one."""
    return len(np.unique(A)) == A.size and len(np.unique(B)) == B.size


# ---------------------------------------------------------- pure equilibria

@given(nf_payoffs())
def test_pure_equilibria_match_brute_force_and_have_zero_regret(p):
    g = NormalFormGame(p)
    eqs = g.pure_equilibria()
    assert eqs == brute_pure(p)
    for prof in eqs:
        assert g.regret(prof) <= 0.0
        assert g.is_equilibrium(prof, tol=0.0)


@given(nf_payoffs(), st.randoms(use_true_random=False), nf_affine)
def test_pure_equilibria_invariant_under_relabelling_and_affine(p, rnd, aff):
    g = NormalFormGame(p)
    n = g.n_players
    order = list(range(n))
    rnd.shuffle(order)
    perms = []
    for k in g.shape:
        q = list(range(k))
        rnd.shuffle(q)
        perms.append(q)
    scale, shift = aff
    # relabel players, then actions of each (new) player, then rescale payoffs
    h = g.permute_players(order)
    for i in range(n):
        h = h.permute_actions(i, perms[order[i]])
    h = NormalFormGame(h.payoffs * scale + shift)
    # map g's equilibria through the relabelling
    expect = []
    for prof in g.pure_equilibria():
        new = [prof[order[i]] for i in range(n)]
        new = [perms[order[i]].index(new[i]) for i in range(n)]
        expect.append(tuple(new))
    assert sorted(expect) == h.pure_equilibria()


def test_pure_equilibria_large_binary_game_matches_partial_brute_force():
    rng = np.random.default_rng(7)
    n = 12
    p = rng.normal(size=(n,) + (2,) * n)
    # plant an equilibrium at a known profile
    target = tuple(int(v) for v in rng.integers(0, 2, size=n))
    for i in range(n):
        idx = list(target)
        p[(i, *idx)] = 10.0
    eqs = NormalFormGame(p).pure_equilibria()
    assert target in eqs
    assert eqs == brute_pure(p)


def test_pure_equilibria_with_ties_and_tolerance():
    # every profile is an equilibrium of a constant game
    g = NormalFormGame(np.zeros((3, 2, 2, 2)))
    assert len(g.pure_equilibria()) == 8
    # a gain of 1e-12 is ignored with tol=1e-9, not with tol=0
    A = np.array([[1.0, 0.0], [1.0 + 1e-12, 0.0]])
    g = NormalFormGame.from_bimatrix(A, np.ones((2, 2)))
    assert (0, 0) not in g.pure_equilibria()
    assert (0, 0) in g.pure_equilibria(tol=1e-9)


def test_one_player_game():
    g = NormalFormGame([[1.0, 3.0, 3.0, 2.0]])
    assert g.pure_equilibria() == [(1,), (2,)]


# -------------------------------------------------------- two-player mixed

@given(nf_bimatrix())
def test_every_reported_equilibrium_has_small_regret(AB):
    A, B = AB
    g = NormalFormGame.from_bimatrix(A, B)
    eqs = g.equilibria(tol=TOL)
    assert eqs, "every finite game has an equilibrium (Nash 1951)"
    for x, y in eqs:
        assert np.all(x >= 0) and np.all(y >= 0)
        assert abs(x.sum() - 1) < 1e-12 and abs(y.sum() - 1) < 1e-12
        assert g.regret([x, y]) <= TOL
    # pure equilibria are extreme equilibria
    for a, b in g.pure_equilibria():
        assert any(x[a] == 1 and y[b] == 1 for x, y in eqs)


@given(nf_bimatrix(), st.randoms(use_true_random=False), nf_affine, nf_affine)
def test_equilibria_invariant_under_relabelling_swap_and_affine(AB, rnd, aff1, aff2):
    A, B = AB
    m, n = A.shape
    g = NormalFormGame.from_bimatrix(A, B)
    eqs = g.equilibria()
    r = list(range(m))
    c = list(range(n))
    rnd.shuffle(r)
    rnd.shuffle(c)
    h = NormalFormGame.from_bimatrix(A[np.ix_(r, c)] * aff1[0] + aff1[1],
                                     B[np.ix_(r, c)] * aff2[0] + aff2[1])
    assert same_equilibria(h.equilibria(), [(x[r], y[c]) for x, y in eqs])
    swapped = g.permute_players([1, 0])
    assert same_equilibria(swapped.equilibria(), [(y, x) for x, y in eqs])


@settings(max_examples=examples(0.4))
@given(nf_bimatrix(max_actions=4, integer=True))
def test_exact_mode_agrees_with_float_mode_on_degenerate_games(AB):
    A, B = AB
    g = NormalFormGame.from_bimatrix(A.astype(int), B.astype(int))
    ex = g.equilibria(exact=True)
    fl = g.equilibria()
    assert same_equilibria(ex, fl)
    Aq = g.exact_payoffs[0]
    Bq = g.exact_payoffs[1]
    for x, y in ex:
        assert all(isinstance(v, Fraction) for v in x) and sum(x) == 1 and sum(y) == 1
        ay = Aq.dot(y)
        xb = x.dot(Bq)
        assert max(ay) == x.dot(ay) and max(xb) == xb.dot(y)  # exactly zero regret


def test_exact_mode_refuses_huge_games():
    rng = np.random.default_rng(0)
    g = NormalFormGame.from_bimatrix(rng.integers(0, 9, (12, 12)), rng.integers(0, 9, (12, 12)))
    with pytest.raises(SolverError):
        g.equilibria(exact=True, max_bases=1000)


@given(nf_bimatrix(integer=False))
def test_lemke_howson_finds_a_reported_equilibrium_from_every_label(AB):
    A, B = AB
    g = NormalFormGame.from_bimatrix(A, B)
    eqs = g.equilibria()
    for k in range(sum(g.shape)):
        x, y = g.lemke_howson(start=k)
        assert g.regret([x, y]) <= 1e-9
        assert any(np.allclose(x, u, atol=1e-7) and np.allclose(y, v, atol=1e-7) for u, v in eqs)


@given(nf_bimatrix(integer=True))
def test_lemke_howson_terminates_on_degenerate_games(AB):
    g = NormalFormGame.from_bimatrix(*AB)
    for k in range(sum(g.shape)):
        x, y = g.lemke_howson(start=k)
        assert g.regret([x, y]) <= 1e-9


@given(nf_bimatrix(integer=False))
def test_fast_path_agrees_with_matching_both_polytopes(AB):
    """The compiled one-solve-per-vertex step and the general label matching agree."""
    from goodsgov.solvers import enumeration as en
    from goodsgov.solvers import polytope
    A, B = AB
    if A.shape[0] > A.shape[1]:
        A, B = B.T, A.T
    A, B = np.ascontiguousarray(A), np.ascontiguousarray(B)
    m, n = A.shape
    An, Bn, Ap, Bp = (np.empty((m, n)) for _ in range(4))
    rs, cs, pts, z0 = np.empty(m), np.empty(n), np.empty((m + n, m)), np.empty(m)
    en.prepare(A, B, An, Bn, Ap, Bp, rs, cs, pts, z0)
    VP, LP = polytope.vertices(np.ascontiguousarray(Bp.T), z0, pts)
    X, Y = np.empty((len(VP), m)), np.empty((len(VP), n))
    count = en.partners(Ap, VP, LP, len(VP), rs, cs, An, Bn, polytope.LABEL_TOL, TOL, X, Y)
    assert count >= 0                # generic games take the fast path
    X2, Y2 = en.match_both(An, Bn, Ap, VP, LP, rs, cs, TOL, en.MAX_VERTICES)
    assert same_equilibria(list(zip(X[:count], Y[:count])), list(zip(X2, Y2)))


@given(nf_bimatrix(), st.booleans())
def test_basis_enumeration_and_qhull_give_the_same_vertices(AB, transpose):
    """The two vertex engines (every basis for small polytopes, Qhull otherwise) agree."""
    from goodsgov.solvers import polytope as pt
    A, B = AB
    M = np.abs(B.T if transpose else A) + 0.05
    M = np.ascontiguousarray(M / M.max(axis=0, keepdims=True))
    r, d = M.shape
    Vb = np.empty((comb(r + d, d), d))
    Lb = np.empty((comb(r + d, d), d + r), dtype=bool)
    k = pt.basis_vertices(M, pt.LABEL_TOL, pt.FEAS_TOL, Vb, Lb)
    Vb, Lb = pt.merge_duplicates(Vb[:k], Lb[:k], d)
    G = np.vstack([-np.eye(d), M])
    h = np.concatenate([np.zeros(d), np.ones(r)])
    z0 = np.full(d, 0.5 / float(M.sum(axis=1).max()))
    eq = pt.hull_equations(G / (h - G @ z0)[:, None])
    Vq = np.empty((len(eq), d))
    Lq = np.empty((len(eq), d + r), dtype=bool)
    k = pt.facet_vertices(eq, z0, M, pt.LABEL_TOL, pt.FEAS_TOL, Vq, Lq)
    Vq, Lq = pt.merge_duplicates(Vq[:k], Lq[:k], d)
    key = lambda V, L: sorted((tuple(np.round(v, 7)), tuple(l)) for v, l in zip(V, L))
    assert key(Vb, Lb) == key(Vq, Lq)


def test_odd_number_of_equilibria_in_nondegenerate_games():
    # Shapley (1974): a non-degenerate bimatrix game has an odd number of equilibria
    rng = np.random.default_rng(3)
    for _ in range(10):
        A, B = rng.normal(size=(2, 5, 5))
        assert len(vertex_enumeration(A, B)) % 2 == 1


def test_twelve_by_twelve_game_matches_support_count_of_exact_check():
    rng = np.random.default_rng(11)
    A, B = rng.normal(size=(2, 12, 12))
    eqs = vertex_enumeration(A, B)
    assert len(eqs) % 2 == 1
    for x, y in eqs:
        # equal supports for a non-degenerate game, and zero regret
        assert (x > 1e-12).sum() == (y > 1e-12).sum()
        assert NormalFormGame.from_bimatrix(A, B).regret([x, y]) <= 1e-9


# --------------------------------------------------------- textbook games

F = Fraction


def as_exact(eqs):
    return sorted((tuple(x), tuple(y)) for x, y in eqs)


@pytest.mark.parametrize("name, pure, mixed", [
    ("prisoners_dilemma", [(1, 1)], [((0, 1), (0, 1))]),
    ("stag_hunt", [(0, 0), (1, 1)], [((1, 0), (1, 0)), ((0, 1), (0, 1)),
                                     ((F(3, 4), F(1, 4)), (F(3, 4), F(1, 4)))]),
    ("chicken", [(0, 1), (1, 0)], [((1, 0), (0, 1)), ((0, 1), (1, 0)),
                                   ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))]),
    ("battle_of_the_sexes", [(0, 0), (1, 1)], [((1, 0), (1, 0)), ((0, 1), (0, 1)),
                                               ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))]),
    ("matching_pennies", [], [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))]),
    ("rock_paper_scissors", [], [((F(1, 3),) * 3, (F(1, 3),) * 3)]),
    ("degenerate_continuum", [(0, 0)], [((1, 0, 0), (1, 0)), ((1, 0, 0), (F(2, 3), F(1, 3))),
                                        ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))]),
    ("suasion_game", [(0, 1)], [((1, 0), (0, 1))]),
])
def test_textbook_games(name, pure, mixed):
    g = catalogue.get(name)
    assert g.pure_equilibria() == sorted(pure)
    assert as_exact(g.equilibria(exact=True)) == sorted(
        (tuple(F(v) for v in x), tuple(F(v) for v in y)) for x, y in mixed)
    fl = g.equilibria()
    assert same_equilibria(fl, [(np.array(x, float), np.array(y, float)) for x, y in mixed])


def test_degenerate_continuum_has_two_maximal_nash_subsets_and_midpoints_are_equilibria():
    g = catalogue.degenerate_continuum()
    subsets = g.maximal_nash_subsets()
    assert len(subsets) == 2
    big = max(subsets, key=lambda s: len(s[0]) + len(s[1]))
    (x,), (y1, y2) = big
    for t in np.linspace(0, 1, 7):
        assert g.is_equilibrium([x, t * y1 + (1 - t) * y2])
    # outside the segment it is not
    assert not g.is_equilibrium([x, np.array([0.5, 0.5])])


def test_suasion_game_structure():
    g = catalogue.suasion_game()
    red, res = g.eliminate_dominated()
    assert res.surviving == ((0,), (1,))          # player 1 cooperates, player 2 defects
    assert g.expected_payoffs((0, 1))[0] < g.expected_payoffs((0, 0))[0]  # short of mutual C


# --------------------------------------------------------- symmetric games

def binary_symmetric_game(a, b) -> NormalFormGame:
    n = len(a)
    p = np.empty((n,) + (2,) * n)
    for prof in product((0, 1), repeat=n):
        for i in range(n):
            k = sum(prof) - prof[i]
            p[(i, *prof)] = a[k] if prof[i] == 1 else b[k]
    return NormalFormGame(p)


@given(st.integers(2, 5), st.integers(0, 2 ** 32 - 1), st.booleans())
def test_symmetric_equilibria_have_zero_regret_and_match_the_method(n, seed, integer):
    rng = np.random.default_rng(seed)
    a = rng.integers(-3, 4, n).astype(float) if integer else rng.normal(size=n)
    b = rng.integers(-3, 4, n).astype(float) if integer else rng.normal(size=n)
    g = binary_symmetric_game(a, b)
    try:
        ps = symmetric_binary_mixed(a, b)
    except IndifferentEverywhereError:
        assert np.allclose(a, b)
        return
    assert np.array_equal(ps, g.symmetric_mixed_equilibria())
    for p in ps:
        prof = [np.array([1 - p, p])] * n
        assert g.regret(prof) <= 1e-9
    if n == 2:
        # cross-check: symmetric (x == y) extreme equilibria of the bimatrix game
        sym = sorted(x[1] for x, y in g.equilibria() if np.allclose(x, y, atol=1e-9))
        assert all(any(abs(s - p) < 1e-7 for p in ps) for s in sym)


def test_volunteers_dilemma_closed_form():
    # Diekmann (1985): p* = 1 - (c / b) ** (1 / (n - 1)) with benefit b, cost c
    for n in (2, 3, 10, 50):
        bval, c = 1.0, 0.4
        a = np.full(n, bval - c)
        b0 = np.r_[0.0, np.full(n - 1, bval)]
        ps = symmetric_binary_mixed(a, b0)
        assert np.allclose(ps, [1 - (c / bval) ** (1 / (n - 1))], atol=1e-10)


def test_symmetric_double_root_and_degenerate_case():
    ps = symmetric_binary_mixed([0.25, -0.25, 0.25], [0.0, 0.0, 0.0])   # D(p) = (1 - 2p)^2 / 4
    assert np.allclose(ps, [0.5, 1.0])
    with pytest.raises(IndifferentEverywhereError):
        symmetric_binary_mixed([1.0, 2.0], [1.0, 2.0])
    with pytest.raises(SolverError):   # the documented parent class
        symmetric_binary_mixed([0.0], [0.0])


def test_symmetric_method_rejects_asymmetric_games():
    with pytest.raises(GameError):
        catalogue.battle_of_the_sexes().symmetric_mixed_equilibria()
    with pytest.raises(GameError):
        catalogue.rock_paper_scissors().symmetric_mixed_equilibria()


# ---------------------------------------------------------------- dominance

@given(nf_payoffs(max_players=3))
def test_dominance_keeps_every_pure_equilibrium(p):
    g = NormalFormGame(p)
    red, res = g.eliminate_dominated()
    for prof in g.pure_equilibria():
        assert all(prof[i] in res.surviving[i] for i in range(g.n_players))
    # the reduced game's pure equilibria are exactly the original ones, relabelled
    mapped = sorted(tuple(res.surviving[i][a] for i, a in enumerate(prof)) for prof in red.pure_equilibria())
    assert mapped == g.pure_equilibria()


@settings(max_examples=examples(0.5))
@given(nf_bimatrix(max_actions=4))
def test_mixed_dominance_keeps_equilibrium_supports(AB):
    g = NormalFormGame.from_bimatrix(*AB)
    red, res = g.eliminate_dominated(mixed=True)
    for x, y in g.equilibria():
        assert set(np.nonzero(x > 1e-9)[0]) <= set(res.surviving[0])
        assert set(np.nonzero(y > 1e-9)[0]) <= set(res.surviving[1])


def test_domination_by_a_mixture_only():
    A = np.array([[3.0, 0.0], [0.0, 3.0], [1.0, 1.0]])
    B = np.zeros((3, 2))
    assert iterated_elimination(np.stack([A, B])).surviving == ((0, 1, 2), (0, 1))
    assert iterated_elimination(np.stack([A, B]), mixed=True).surviving == ((0, 1), (0, 1))


# --------------------------------------------------------------- peers

@settings(max_examples=examples(0.5))
@given(nf_bimatrix())
def test_all_equilibria_equal_pygambit_enummixed(AB):
    gbt = pytest.importorskip("pygambit", reason="pygambit is in the optional 'gambit' extra (pip install '.[gambit]'; it builds from source)")
    A, B = AB
    A = np.round(A * 8) / 8  # dyadic rationals: exact in both libraries
    B = np.round(B * 8) / 8
    G = gbt.Game.from_arrays(A.astype(object) * 1, B.astype(object) * 1)
    ref = []
    for eq in gbt.nash.enummixed_solve(G, rational=False).equilibria:
        x = np.array([float(eq[s]) for s in list(G.players)[0].strategies])
        y = np.array([float(eq[s]) for s in list(G.players)[1].strategies])
        # Gambit may list an extreme equilibrium of a degenerate game more than once
        if not any(np.allclose(x, u, atol=1e-9) and np.allclose(y, v, atol=1e-9) for u, v in ref):
            ref.append((x, y))
    assert same_equilibria(NormalFormGame.from_bimatrix(A, B).equilibria(), ref, atol=1e-6)


@settings(max_examples=examples(0.5))
@given(nf_payoffs(max_players=4, integer=True))
def test_pure_equilibria_equal_pygambit_enumpure(p):
    gbt = pytest.importorskip("pygambit", reason="pygambit is in the optional 'gambit' extra (pip install '.[gambit]'; it builds from source)")
    G = gbt.Game.from_arrays(*[p[i].astype(int).astype(object) for i in range(p.shape[0])])
    ref = []
    for eq in gbt.nash.enumpure_solve(G).equilibria:
        ref.append(tuple(int(np.argmax([float(eq[s]) for s in pl.strategies])) for pl in G.players))
    assert NormalFormGame(p).pure_equilibria() == sorted(ref)


@settings(max_examples=examples(0.5))
@given(nf_bimatrix(integer=False))
def test_all_equilibria_equal_quantecon_vertex_enumeration(AB):
    gt = pytest.importorskip("quantecon.game_theory", reason="quantecon is in the optional 'compare' extra")
    A, B = AB
    assert nondegenerate(A, B)
    g = gt.NormalFormGame((gt.Player(A), gt.Player(B.T)))
    ref = [(np.asarray(x), np.asarray(y)) for x, y in gt.vertex_enumeration(g)]
    assert same_equilibria(vertex_enumeration(A, B), ref)


@settings(max_examples=examples(1 / 3))
@given(nf_payoffs(max_players=4))
def test_pure_equilibria_equal_quantecon_pure_nash_brute(p):
    gt = pytest.importorskip("quantecon.game_theory", reason="quantecon is in the optional 'compare' extra")
    n = p.shape[0]
    # quantecon: player i's payoff array has the own action first, then the others in cyclic order
    players = [gt.Player(np.transpose(p[i], [(i + k) % n for k in range(n)])) for i in range(n)]
    ref = sorted(tuple(int(a) for a in prof) for prof in gt.pure_nash_brute(gt.NormalFormGame(players)))
    assert NormalFormGame(p).pure_equilibria() == ref


def test_nashpy_agrees_on_small_nondegenerate_games():
    nash = pytest.importorskip("nashpy")
    rng = np.random.default_rng(5)
    for _ in range(10):
        A, B = rng.normal(size=(2, 4, 4))
        ours = vertex_enumeration(A, B)
        assert same_equilibria(ours, list(nash.Game(A, B).vertex_enumeration()))
        # nashpy's support enumeration may miss equilibria (its tolerance handling),
        # but whatever it returns must be among ours
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            sup = list(nash.Game(A, B).support_enumeration())
        for x, y in sup:
            assert any(np.allclose(x, u, atol=1e-7) and np.allclose(y, v, atol=1e-7) for u, v in ours)


# --------------------------------------------------------------- errors

def test_solver_argument_errors():
    g3 = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(SolverError):
        g3.equilibria()
    with pytest.raises(SolverError):
        g3.lemke_howson()
    g = catalogue.chicken()
    with pytest.raises(ValidationError):
        g.lemke_howson(start=4)
    with pytest.raises(ValidationError):
        g.equilibria(tol=-1)
    with pytest.raises(ValidationError):
        symmetric_binary_mixed([1, 2], [1])
    with pytest.raises(ValidationError):
        symmetric_binary_mixed([1, np.nan], [1, 2])
    assert vertex_enumeration_exact(np.array([[1]]), np.array([[2]]))[0][0][0] == 1


def test_symmetric_multiple_roots_are_reported_once():
    """A root of multiplicity > 1 is one equilibrium; near-roots at a corner are that corner."""
    from goodsgov.models import threshold_public_good
    from goodsgov.solvers.symmetric import symmetric_binary_mixed
    # D(p) = (1 - p)^4 / 2: only the corner p = 1 (contributing is strictly better below it)
    assert threshold_public_good(5, 1, 0.5, 0.0).symmetric_mixed.tolist() == [1.0]
    # D(p) = (2p - 1)^2: indifferent only at p = 1/2 (a double root), and the corner p = 1
    p = symmetric_binary_mixed(np.array([1.0, -1.0, 1.0]), np.zeros(3))
    assert p.shape == (2,) and abs(p[0] - 0.5) < 1e-4 and p[1] == 1.0


@settings(max_examples=examples(2 / 3))
@given(st.integers(2, 9), st.integers(0, 2**32 - 1), st.sampled_from([0.0, 0.25]))
def test_compiled_and_numpy_pure_equilibria_agree(n, seed, tol):
    """The compiled binary kernel (where numba is installed) and the numpy path agree,
    ties included (integer payoffs)."""
    from goodsgov.solvers import pure
    from goodsgov.solvers.regret import payoff_ranges
    payoffs = np.random.default_rng(seed).integers(0, 3, size=(n,) + (2,) * n).astype(float)
    first = pure.pure_equilibria(payoffs, tol=tol)
    second = pure.numpy_path(payoffs, tol * payoff_ranges(payoffs))
    assert first == second == brute_pure_tol(payoffs, tol)
    assert all(type(a) is int for profile in first for a in profile)


def brute_pure_tol(p: np.ndarray, tol: float) -> list[tuple[int, ...]]:
    """Reference with a tolerance relative to each player's payoff range (tests only)."""
    n = p.shape[0]
    span = [float(np.ptp(p[i])) for i in range(n)]
    out = []
    for prof in np.ndindex(*p.shape[1:]):
        ok = True
        for i in range(n):
            idx = list(prof)
            idx[i] = slice(None)
            if p[(i, *idx)].max() - p[(i, *prof)] > tol * span[i]:
                ok = False
        if ok:
            out.append(tuple(prof))
    return out
