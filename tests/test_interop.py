"""Interop of NormalFormGame with nashpy and Gambit .nfg files."""

from __future__ import annotations

import io
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

from goodsgov.errors import GameError, SolverError
from goodsgov.games import catalogue
from goodsgov.games.nfg import load_nfg, read_nfg, save_nfg, write_nfg
from goodsgov.games.normal_form import NormalFormGame

from example_counts import examples
from strategies import nf_bimatrix, nf_payoffs


@given(nf_bimatrix())
def test_nashpy_round_trip_is_exact(AB):
    g = NormalFormGame.from_bimatrix(*AB)
    ng = g.to_nashpy()
    back = NormalFormGame.from_nashpy(ng)
    assert np.array_equal(back.payoffs, g.payoffs)
    assert np.array_equal(ng.payoff_matrices[0], AB[0])


def test_nashpy_needs_two_players():
    with pytest.raises(SolverError):
        NormalFormGame(np.zeros((3, 2, 2, 2))).to_nashpy()
    with pytest.raises(ValueError):
        NormalFormGame.from_nashpy(object())


@given(nf_payoffs(max_players=4))
def test_nfg_round_trip_is_exact_for_floats(p):
    g = NormalFormGame(p * np.pi)          # awkward floats
    for outcomes in (False, True):
        back = read_nfg(write_nfg(g, outcomes=outcomes))
        assert back == g
        assert np.array_equal(back.payoffs, g.payoffs)


@given(nf_payoffs(max_players=3, integer=True))
def test_nfg_round_trip_is_exact_for_rationals(p):
    obj = p.astype(int).astype(object) * Fraction(1, 3)
    g = NormalFormGame(obj, title='A "quoted" title', players=[f"S{i}" for i in range(p.shape[0])])
    for outcomes in (False, True):
        back = read_nfg(g.to_nfg(outcomes=outcomes))
        assert back == g
        assert np.array_equal(back.exact_payoffs, g.exact_payoffs)   # exact Fractions kept


def test_read_minimal_payoff_version_and_outcome_version():
    pd = read_nfg('NFG 1 R "PD" { "Row" "Col" } { 2 2 }\n3 3 5 0 0 5 1 1\n')
    assert pd.payoffs[0].tolist() == [[3, 0], [5, 1]]
    assert pd.payoffs[1].tolist() == [[3, 5], [0, 1]]
    text = ('NFG 1 R "PD" { "Row" "Col" }\n{ { "C" "D" } { "C" "D" } }\n""\n'
            '{ { "cc" 3, 3 } { "dc" 5, 0 } { "dd" 1, 1 } }\n1 2 0 3\n')
    g = read_nfg(text)
    assert g.actions == (("C", "D"), ("C", "D"))
    assert g.payoffs[:, 0, 1].tolist() == [0, 0]      # null outcome
    assert g.payoffs[:, 1, 1].tolist() == [1, 1]


@pytest.mark.parametrize("bad", [
    "",
    'NFG 2 R "x" { "a" } { 2 } 1 2',
    'NFG 1 R "x" { "a" "b" } { 2 2 } 1 2 3',
    'NFG 1 R "x" { "a" } { 2 } 1 zz',
    'NFG 1 R "x" { "a" } { { "u" "v" } } "" { { "" 1 } } 1 5',
])
def test_bad_nfg_raises(bad):
    with pytest.raises(GameError):
        read_nfg(bad)


def test_nfg_file_helpers(tmp_path):
    g = catalogue.rock_paper_scissors()
    path = tmp_path / "rps.nfg"
    save_nfg(g, path, outcomes=True)
    assert load_nfg(path) == g


@settings(max_examples=examples(0.4))
@given(nf_payoffs(max_players=3, integer=True))
def test_our_nfg_loads_in_pygambit_with_same_pure_equilibria(p):
    gbt = pytest.importorskip("pygambit", reason="pygambit is in the optional 'gambit' extra (pip install '.[gambit]'; it builds from source)")
    g = NormalFormGame(p.astype(int).astype(object))
    for outcomes in (False, True):
        G = gbt.read_nfg(io.StringIO(g.to_nfg(outcomes=outcomes)))
        arrays = [np.array(a, dtype=float) for a in G.to_arrays()]
        assert np.array_equal(np.stack(arrays), g.payoffs)
        ref = sorted(tuple(int(np.argmax([float(eq[s]) for s in pl.strategies])) for pl in G.players)
                     for eq in gbt.nash.enumpure_solve(G).equilibria)
        assert g.pure_equilibria() == ref


@pytest.mark.parametrize("name", sorted(catalogue.CATALOGUE))
def test_catalogue_nfg_gives_same_mixed_equilibria_in_pygambit(name):
    gbt = pytest.importorskip("pygambit", reason="pygambit is in the optional 'gambit' extra (pip install '.[gambit]'; it builds from source)")
    g = catalogue.get(name)
    G = gbt.read_nfg(io.StringIO(g.to_nfg()))
    ref = set()
    for eq in gbt.nash.enummixed_solve(G, rational=True).equilibria:
        ref.add(tuple(tuple(Fraction(str(eq[s])) for s in pl.strategies) for pl in G.players))
    ours = {(tuple(x), tuple(y)) for x, y in g.equilibria(exact=True)}
    assert ours == ref


def test_pygambit_written_nfg_reads_back():
    gbt = pytest.importorskip("pygambit", reason="pygambit is in the optional 'gambit' extra (pip install '.[gambit]'; it builds from source)")
    A = np.array([[2, 0], [0, 1]])
    B = np.array([[1, 0], [0, 2]])
    text = gbt.Game.from_arrays(A, B).to_nfg()
    g = read_nfg(text)
    assert np.array_equal(g.payoffs, np.stack([A, B]))
    assert len(g.equilibria()) == 3


# --------------------------------------------------------------- QuantEcon (issue 13)

def _qe():
    return pytest.importorskip("quantecon.game_theory",
                               reason="quantecon is in the optional 'compare' extra")


@given(nf_payoffs(max_players=4))
def test_quantecon_round_trip_is_exact(p):
    _qe()
    g = NormalFormGame(p)
    q = g.to_quantecon()
    assert q.N == g.n_players and tuple(q.nums_actions) == g.shape
    back = NormalFormGame.from_quantecon(q)
    assert np.array_equal(back.payoffs, g.payoffs)


@given(nf_payoffs(max_players=4))
def test_quantecon_layout_is_own_action_first(p):
    """Independent check of the layout: QuantEcon's payoff of player i at a profile, read
    through its own API (Player.payoff_vector against the opponents' pure actions)."""
    _qe()
    g = NormalFormGame(p)
    q = g.to_quantecon()
    n = g.n_players
    rng = np.random.default_rng(0)
    prof = tuple(int(rng.integers(0, k)) for k in g.shape)
    assert np.allclose(q[prof], g[prof])               # QuantEcon's payoff profile at prof
    for i in range(n):
        opp = tuple(prof[(i + k) % n] for k in range(1, n))
        vec = q.players[i].payoff_vector(opp if n > 2 else opp[0])   # n >= 2 here
        assert vec[prof[i]] == g.payoffs[i][prof]


@given(nf_payoffs(max_players=4, integer=True))
def test_quantecon_integer_games_stay_exact_and_agree_on_pure_equilibria(p):
    gt = _qe()
    ints = p.astype(np.int64)
    players = [gt.Player(np.transpose(ints[i], [(i + k) % ints.shape[0] for k in range(ints.shape[0])]))
               for i in range(ints.shape[0])]
    q = gt.NormalFormGame(players)
    g = NormalFormGame.from_quantecon(q)
    assert all(isinstance(v, Fraction) for v in g.exact_payoffs.flat)
    assert np.array_equal(g.payoffs, p)
    assert g.pure_equilibria() == sorted(tuple(int(a) for a in e) for e in gt.pure_nash_brute(q))


@settings(max_examples=examples(0.5))
@given(nf_bimatrix(integer=False))
def test_quantecon_vertex_enumeration_on_the_converted_game(AB):
    gt = _qe()
    g = NormalFormGame.from_bimatrix(*AB)
    ref = [(np.asarray(x), np.asarray(y)) for x, y in gt.vertex_enumeration(g.to_quantecon())]
    ours = g.equilibria()
    assert len(ours) == len(ref)
    for x, y in ref:
        assert any(np.allclose(x, u, atol=1e-7) and np.allclose(y, v, atol=1e-7) for u, v in ours)


def test_from_quantecon_refuses_other_objects():
    with pytest.raises(ValueError, match="quantecon"):
        NormalFormGame.from_quantecon(np.zeros((2, 2, 2)))


def test_a_missing_quantecon_names_the_extra(monkeypatch):
    """QuantEcon is optional: without it, converting says which extra installs it."""
    import sys
    monkeypatch.setitem(sys.modules, "quantecon", None)      # import quantecon -> ImportError
    with pytest.raises(ImportError, match=r'goodsgov\[compare\]'):
        catalogue.chicken().to_quantecon()
