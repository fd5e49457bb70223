"""NormalFormGame container: validation, properties, relabelling, regret."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# ------------------------------------------------- bad input is a library error (issue 13)

@pytest.mark.parametrize("payoffs, err, where", [
    ([[[1, 2], [3]], [[0, 0], [0, 0]]], GameError, "ragged"),             # ragged lists
    ([[1, 2], [3]], GameError, "ragged"),
    (np.array([[[1 + 2j, 0], [0, 0]], [[0, 0], [0, 0]]]), ValidationError, "complex"),
    ([[[1j, 0], [0, 0]], [[0, 0], [0, 0]]], ValidationError, "complex"),
    (np.array([[[True, False], [0, 0]], [[0, 0], [0, 0]]], dtype=object), ValidationError, "bool"),
    (np.ones((2, 2, 2), dtype=bool), ValidationError, "bool"),
    ([[["1.5", 0], [0, 0]], [[0, 0], [0, 0]]], ValidationError, "payoffs"),
    (np.array([[[object(), 0], [0, 0]], [[0, 0], [0, 0]]], dtype=object), ValidationError, "payoffs[0, 0, 0]"),
    ([[[10 ** 400, 0], [0, 0]], [[0, 0], [0, 0]]], ValidationError, "payoffs[0, 0, 0]"),
    ([[[0, 0], [0, Fraction(10 ** 400, 3)]], [[0, 0], [0, 0]]], ValidationError, "payoffs[0, 1, 1]"),
    (np.array([[[0.0, 0.0], [0.0, 0.0]], [[0.0, -np.inf], [0.0, 0.0]]]), ValidationError, "payoffs[1, 0, 1]"),
    (np.full((2, 2, 2), np.longdouble(1e308)) * 10, ValidationError, "payoffs"),   # beyond float range
    (5, ValidationError, "payoffs"),
    ("payoffs", ValidationError, "payoffs"),
    (None, ValidationError, "payoffs"),
    (iter([1, 2]), ValidationError, "payoffs"),
    ({"a": 1}, ValidationError, "payoffs"),
])
def test_bad_payoff_values_raise_library_errors_naming_the_field(payoffs, err, where):
    with pytest.raises(err) as exc:
        NormalFormGame(payoffs)
    assert where in str(exc.value)


@pytest.mark.parametrize("kw, field", [
    ({"players": 5}, "players"),
    ({"players": "AB"}, "players"),
    ({"players": ["A", 2]}, "players[1]"),
    ({"players": ["A", "B", "C"]}, "players"),
    ({"actions": 3}, "actions"),
    ({"actions": [["a", "b"], "cd"]}, "actions[1]"),
    ({"actions": [["a", "b"], ["c", None]]}, "actions[1][1]"),
    ({"title": 7}, "title"),
])
def test_bad_names_raise_validation_errors(kw, field):
    with pytest.raises(ValidationError) as exc:
        NormalFormGame(np.zeros((2, 2, 2)), **kw)
    assert exc.value.field == field


def test_bad_solver_arguments_raise_validation_errors():
    g = catalogue.chicken()
    for call, field in [(lambda: g.equilibria(tol="x"), "tol"), (lambda: g.equilibria(exact="yes"), "exact"),
                        (lambda: g.equilibria(max_vertices=0), "max_vertices"),
                        (lambda: g.pure_equilibria(tol=-1), "tol"),
                        (lambda: g.permute_players(5), "order"),
                        (lambda: g.permute_actions("0", [0, 1]), "player"),
                        (lambda: g.permute_actions(0, [0, 0.5]), "perm"),
                        (lambda: g.lemke_howson(start=1.5), "start"),
                        (lambda: g.eliminate_dominated(mixed="no"), "mixed")]:
        with pytest.raises(ValidationError) as exc:
            call()
        assert exc.value.field == field


def test_accepted_payoff_types_are_kept_exact_or_converted():
    from decimal import Decimal
    g = NormalFormGame([[[1, Fraction(1, 3)], [np.int64(2), 0]], [[0, 0], [0, 0]]])
    assert g.exact_payoffs[0, 0, 1] == Fraction(1, 3)
    h = NormalFormGame([[[Decimal("1.5"), 0.25], [np.float32(2), 0]], [[0, 0], [0, 0]]])
    assert h.payoffs[0, 0, 0] == 1.5 and h.payoffs[0, 1, 0] == 2.0
    assert NormalFormGame(np.ones((1, 3), dtype=np.int8)).pure_equilibria() == [(0,), (1,), (2,)]
    # permutations keep exact payoffs
    assert g.permute_players([1, 0]).exact_payoffs[1, 1, 0] == Fraction(1, 3)


def test_shape_errors_state_the_layout_and_spot_quantecon_layout():
    # QuantEcon's payoff_profile_array has the players last: (k1, k2, N) = (3, 4, 2)
    with pytest.raises(GameError) as exc:
        NormalFormGame(np.zeros((3, 4, 2)))
    msg = str(exc.value)
    assert "player axis first" in msg and "QuantEcon" in msg and "np.moveaxis" in msg
    with pytest.raises(GameError, match="player axis first"):
        NormalFormGame(np.zeros(4))
    # a transposed column player's matrix (QuantEcon's Player holds B.T)
    with pytest.raises(ValidationError, match="B.T"):
        NormalFormGame.from_bimatrix(np.zeros((2, 3)), np.zeros((3, 2)))


def test_peer_game_objects_are_pointed_to_their_converters():
    gt = pytest.importorskip("quantecon.game_theory", reason="quantecon is in the optional 'compare' extra")
    q = gt.NormalFormGame([gt.Player(np.eye(2)), gt.Player(np.eye(2))])
    with pytest.raises(GameError, match="from_quantecon"):
        NormalFormGame(q)


@given(nf_payoffs(), st.integers(-12, 12))
def test_is_equilibrium_is_relative_to_the_payoff_range(p, k):
    g = NormalFormGame(p)
    h = NormalFormGame(p * 10.0 ** k)
    rng = np.random.default_rng(1)
    prof = [rng.dirichlet(np.ones(s)) for s in g.shape]
    assert np.isclose(h.relative_regret(prof), g.relative_regret(prof), rtol=1e-9, atol=1e-12)
    for eq in g.pure_equilibria():
        assert h.is_equilibrium(eq, tol=0.0) and g.relative_regret(eq) == 0.0


@given(nf_payoffs(max_players=3), st.integers(-12, 12))
def test_dominance_is_the_same_in_any_units(p, k):
    g = NormalFormGame(p)
    h = NormalFormGame(p * 10.0 ** k)
    assert h.eliminate_dominated()[1].surviving == g.eliminate_dominated()[1].surviving
