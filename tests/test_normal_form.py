"""NormalFormGame container: validation, properties, relabelling, regret (issue 4, parts 1 and 5)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given

from goodsgov.errors import GameError, ValidationError
from goodsgov.games import catalogue
from goodsgov.games.normal_form import NormalFormGame

from strategies import nf_affine, nf_payoffs


def test_construction_and_properties():
    g = NormalFormGame.from_bimatrix([[1, 2, 3], [4, 5, 6]], [[0, 0, 0], [1, 1, 1]])
    assert g.n_players == 2 and g.shape == (2, 3)
    assert g.payoffs.shape == (2, 2, 3)
    assert not g.payoffs.flags.writeable
    assert g[1, 2].tolist() == [6.0, 1.0]
    A, B = g.bimatrix()
    assert A.tolist() == [[1, 2, 3], [4, 5, 6]]
    assert g.players == ("Player 1", "Player 2")
    assert g.actions == (("1", "2"), ("1", "2", "3"))
    assert "n_players=2" in repr(g)
    # zero-sum default, as in nashpy
    z = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    assert np.array_equal(z.payoffs[1], -z.payoffs[0])


def test_exact_payoffs_are_kept():
    g = NormalFormGame.from_bimatrix([[Fraction(1, 3), 0], [0, 1]], [[1, 0], [0, Fraction(2, 7)]])
    assert g.exact_payoffs[0, 0, 0] == Fraction(1, 3)
    f = NormalFormGame(np.array([[[0.1, 0.2], [0.3, 0.4]], [[0, 0], [0, 0]]]))
    assert f.exact_payoffs[0, 0, 0] == Fraction(0.1)      # exact binary value of the float


@pytest.mark.parametrize("payoffs, err", [
    (np.zeros(3), GameError),                        # 1-d
    (np.zeros((2, 2)), GameError),                   # 2 players but one action axis
    (np.zeros((3, 2, 2)), GameError),                # 3 players, 2 action axes
    (np.zeros((2, 0, 2)), GameError),                # a player without actions
    (np.array([[[1.0, np.nan], [0, 0]], [[0, 0], [0, 0]]]), ValidationError),
    (np.array([[[1.0, np.inf], [0, 0]], [[0, 0], [0, 0]]]), ValidationError),
    ([[["a", 1], [0, 0]], [[0, 0], [0, 0]]], ValidationError),
])
def test_bad_payoffs_raise(payoffs, err):
    with pytest.raises(err) as exc:
        NormalFormGame(payoffs)
    assert isinstance(exc.value, ValueError)
    assert "payoffs" in str(exc.value)


def test_bad_names_and_bimatrix():
    with pytest.raises(ValidationError):
        NormalFormGame(np.zeros((2, 2, 2)), players=["only one"])
    with pytest.raises(ValidationError):
        NormalFormGame(np.zeros((2, 2, 2)), actions=[["a", "b"], ["c"]])
    with pytest.raises(ValidationError):
        NormalFormGame.from_bimatrix([[1, 2]], [[1, 2], [3, 4]])
    with pytest.raises(ValidationError):
        NormalFormGame.from_bimatrix([1, 2], [1, 2])


def test_relabelling_helpers_validate():
    g = catalogue.rock_paper_scissors()
    with pytest.raises(ValidationError):
        g.permute_players([0, 0])
    with pytest.raises(ValidationError):
        g.permute_actions(0, [0, 1])
    h = g.permute_actions(1, [2, 0, 1])
    assert h.actions[1] == ("Scissors", "Rock", "Paper")
    assert h.payoffs[0, 0, 0] == g.payoffs[0, 0, 2]


def test_regret_and_profile_validation():
    g = catalogue.prisoners_dilemma()
    assert g.regret((0, 0)) == 2.0            # temptation 5 - reward 3
    assert g.regret((1, 1)) == 0.0
    assert g.is_equilibrium((1, 1)) and not g.is_equilibrium((0, 0))
    assert g.expected_payoffs([[0.5, 0.5], [1, 0]]).tolist() == [4.0, 1.5]
    for bad in [(0,), (0, 2), ([0.5, 0.6], [1, 0]), ([1.0], [1, 0]), ("x", 0), ([-0.5, 1.5], [1, 0])]:
        with pytest.raises(ValidationError):
            g.regret(bad)
    with pytest.raises(ValidationError):
        g.is_equilibrium((1, 1), tol=-1.0)


@given(nf_payoffs(), nf_affine)
def test_regret_scales_with_positive_affine_transforms(p, aff):
    g = NormalFormGame(p)
    h = NormalFormGame(p * aff[0] + aff[1])
    rng = np.random.default_rng(0)
    prof = [rng.dirichlet(np.ones(k)) for k in g.shape]
    assert np.isclose(h.regret(prof), aff[0] * g.regret(prof), rtol=1e-9, atol=1e-9)
    assert g.regret(prof) >= 0.0


@given(nf_payoffs())
def test_expected_payoffs_of_pure_profiles_are_table_entries(p):
    g = NormalFormGame(p)
    prof = tuple(k - 1 for k in g.shape)
    assert np.allclose(g.expected_payoffs(prof), g[prof])


def test_eliminate_dominated_returns_reduced_game():
    red, res = catalogue.prisoners_dilemma().eliminate_dominated()
    assert red.shape == (1, 1) and red.actions == (("D",), ("D",))
    assert res.surviving == ((1,), (1,)) and res.removed
    assert red.payoffs[:, 0, 0].tolist() == [1.0, 1.0]


def test_equality():
    assert catalogue.chicken() == catalogue.chicken()
    assert catalogue.chicken() != catalogue.stag_hunt()
    assert catalogue.chicken().__eq__(3) is NotImplemented
