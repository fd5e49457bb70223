"""Breadth against depth in the symmetric pure public good, derived with sympy.

``n`` identical states (``b = c = 1``, ``p = 0``, ``e = 0``, ``r = 0``, ``D = 1``, no
decision costs); a coalition of ``s`` members at depth ``d``, the rest alone.  sympy
derives each member's payoff and the leaver's (the other ``s - 1`` keep depth ``d``)
from the model's rules, and the gain from staying comes out as

    d (s - 1) (1 - d (s - 1) / 2),

so the coalition is internally stable iff ``s <= 1 + 2 / d`` and the coalition of all
``n`` iff ``d <= 2 / (n - 1)``: the deeper the agreement, the fewer it can hold
(Barrett 1994; Finus & Maus 2008, "Modesty may pay!").  The plain-numpy reference
(:mod:`references.institutions`) is then checked against these closed forms.
"""

from __future__ import annotations

import math

import pytest
import sympy as sp
from references.institutions import (
    coalition_labels,
    internal_gains,
    largest_stable,
    max_stable_depth,
    payoffs,
    stable_coalitions,
    symmetric_game,
)

n, s, d, g = sp.symbols("n s d g", positive=True)


def _best_reply(counted: sp.Expr) -> sp.Expr:
    """The provision maximizing ``counted * g - g**2 / 2`` (a provider's first-order
    condition when it counts the benefit of ``counted`` unit-weight states)."""
    (root,) = sp.solve(sp.diff(counted * g - g**2 / 2, g), g)
    return root


def _closed_forms() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """(member payoff, leaver payoff, gain from staying) for symbolic n, s, d."""
    g0 = _best_reply(sp.Integer(1))  # alone: counts only its own benefit

    def member(size):  # provision of a member of a coalition of `size` at depth d
        return g0 + d * (_best_reply(size) - g0)

    # every state enjoys every unit provided (D = 1, e = 0) and bears its own cost
    inside = s * member(s) + (n - s) * g0 - member(s) ** 2 / 2
    leaver = (s - 1) * member(s - 1) + (n - s + 1) * g0 - g0**2 / 2
    return inside, leaver, sp.simplify(inside - leaver)


def test_gain_from_staying_closed_form():
    _, _, gain = _closed_forms()
    expected = d * (s - 1) * (1 - d * (s - 1) / 2)
    assert sp.simplify(gain - expected) == 0
    assert sp.factor(gain) == sp.factor(-d * (s - 1) * (d * s - d - 2) / 2)
    # a quadratic in s opening downwards, zero at s = 1 and s = 1 + 2/d: stable between
    assert sp.Poly(gain, s).LC() == -d**2 / 2
    roots = sp.solve(gain, s)
    assert len(roots) == 2
    assert {sp.simplify(root - 1) == 0 for root in roots} == {True, False}
    assert any(sp.simplify(root - (1 + 2 / d)) == 0 for root in roots)
    # the grand coalition (s = n): stable up to depth 2 / (n - 1)
    (top,) = sp.solve(gain.subs(s, n), d)
    assert sp.simplify(top - 2 / (n - 1)) == 0
    # the gain does not depend on n (the outsiders' provision is the same either way)
    assert sp.diff(gain, n) == 0


@pytest.mark.parametrize("size", [3, 4, 5, 6])
def test_closed_forms_match_explicit_states(size):
    """The aggregated derivation against an explicit sympy model of ``size`` states:
    provision vector by the model's rules, payoffs ``pi_i = b_i sum_j W_ij g_j + p_i g_i
    - c_i g_i^2 / 2`` state by state, for every coalition size."""
    inside, leaver, _ = _closed_forms()
    W = sp.ones(size, size)  # e = 0: W = D = 1

    def pi(provision, i):
        return sum(W[i, j] * provision[j] for j in range(size)) - provision[i] ** 2 / 2

    for members in range(2, size + 1):
        def provision(group):  # the group at depth d, everyone else alone (g0 = 1)
            out = []
            for j in range(size):
                counted = len(group) if j in group else 1
                gS = _best_reply(sp.Integer(counted))
                out.append(1 + d * (gS - 1) if j in group and len(group) >= 2 else gS)
            return out

        group = set(range(members))
        in_payoff = pi(provision(group), 0)
        out_payoff = pi(provision(group - {0}), 0)
        at = {n: size, s: members}
        assert sp.simplify(in_payoff - inside.subs(at)) == 0
        assert sp.simplify(out_payoff - leaver.subs(at)) == 0


def test_reference_matches_closed_form_payoffs():
    inside, _, gain = _closed_forms()
    for size, members, depth in [(5, 3, 0.4), (7, 7, 0.25), (6, 2, 1.0), (4, 4, 0.0)]:
        game = symmetric_game(size)
        labels = coalition_labels(size, range(members))
        at = {n: size, s: members, d: depth}
        net = payoffs(game, labels, depth).net
        assert net[0] == pytest.approx(float(inside.subs(at)), abs=1e-12)
        gains = internal_gains(game, labels, depth, range(members))
        assert gains[0] == pytest.approx(float(gain.subs(at)), abs=1e-12)


# depths where 1 + 2/d is not an integer (no tie between staying and leaving)
DEPTHS = [0.15, 0.3, 0.45, 0.7, 0.9]


@pytest.mark.parametrize("size", range(3, 11))
def test_reference_largest_stable_coalition(size):
    game = symmetric_game(size)
    depths = DEPTHS if size <= 8 else DEPTHS[::2]
    for depth in depths:
        expected = min(size, math.floor(1 + 2 / depth))
        top, coalitions = largest_stable(game, depth)
        assert top == expected, depth
        assert len(coalitions) == math.comb(size, expected)
        # below it no coalition is stable: one more member would gain by joining
        assert {len(S) for S in stable_coalitions(game, depth)} == {expected}


def test_reference_tie_at_depth_one():
    """At d = 1 a third member is exactly indifferent (gain 0): with weak inequalities
    both pairs and triples are stable, no larger coalition is."""
    sizes = {len(S) for S in stable_coalitions(symmetric_game(6), 1.0)}
    assert sizes == {2, 3}


@pytest.mark.parametrize("size", range(3, 11))
def test_reference_max_stable_depth(size):
    game = symmetric_game(size)
    for members in range(2, size + 1):
        expected = min(1.0, 2 / (members - 1))
        # the gain is concave in d, so a coarse grid before bisection is enough
        got = max_stable_depth(game, range(members), grid=8)
        assert got == pytest.approx(expected, abs=1e-7), members
    # the grand coalition: stable iff d <= 2 / (n - 1)
    assert max_stable_depth(game, range(size), grid=8) == pytest.approx(min(1.0, 2 / (size - 1)), abs=1e-7)
