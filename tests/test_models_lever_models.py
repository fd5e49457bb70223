"""Levers of cooperation: side payments, issue linkage, external funders, development levels."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings

from example_counts import examples
from hypothesis import strategies as st

from goodsgov.errors import ValidationError
from goodsgov.models import (
    barrett_treaty, external_funder, issue_linkage, participation_treaty,
    regional_labour_agreement, side_payments, suasion_game, treaty_with_levers,
)
from strategies import tc_gamma, tc_payoff

payoff_lists = st.integers(1, 6).flatmap(
    lambda m: st.tuples(*[st.lists(tc_payoff, min_size=m, max_size=m)] * 3))


# --------------------------------------------------------------------------- side payments

@given(payoff_lists, st.floats(0.0, 100.0))
def test_side_payments_range(lists, budget):
    agree, out, free = (np.array(x) for x in lists)
    sp = side_payments(agree, out, free, budget=budget)
    need = np.maximum(out, free) - agree
    assert sp.feasible == (need.sum() <= budget + 1e-9)
    assert np.all(sp.lower <= sp.upper + 1e-9) == sp.feasible or not sp.feasible
    if sp.feasible:
        t = sp.transfers
        assert t.sum() == pytest.approx(budget, abs=1e-8)
        # individually rational and self-enforcing with these transfers
        assert np.all(agree + t >= out - 1e-8) and np.all(agree + t >= free - 1e-8)
        assert np.all(t <= sp.upper + 1e-8) and np.all(t >= sp.lower - 1e-8)


def test_side_payments_bad_inputs():
    with pytest.raises(ValidationError, match="outside_payoffs"):
        side_payments([1.0, 2.0], [0.0])
    with pytest.raises(ValidationError, match="budget"):
        side_payments([1.0], [0.0], budget=-1.0)


# --------------------------------------------------------------------------- treaty levers

@settings(max_examples=examples(0.5))
@given(n=st.integers(2, 30), gamma=tc_gamma, transfer=st.floats(0.0, 1.0),
       linked=st.floats(0.0, 0.1))
def test_levers_never_shrink_the_self_enforcing_treaty(n, gamma, transfer, linked):
    t = barrett_treaty(n, 1.0, 1.0, gamma)
    scale = t.signatory_payoff(n)          # payoffs are of order 1/n here
    r = treaty_with_levers(t, transfer=transfer * scale, linked_gain=linked * scale)
    assert r.largest_stable_size >= t.largest_stable_size
    plain = treaty_with_levers(t)
    assert plain.stable_sizes == t.stable_sizes
    assert plain.gain_share_after == pytest.approx(t.gain_share())


@given(n=st.integers(3, 40), gamma=st.floats(0.05, 100.0))
def test_large_enough_side_payment_or_linkage_raises_the_share(n, gamma):
    t = barrett_treaty(n, 1.0, 1.0, gamma)
    assume(t.largest_stable_size < n)
    # a transfer covering the largest free-riding temptation makes everyone sign
    temptation = max(t.nonsignatory_payoff(k - 1) - t.signatory_payoff(k)
                     for k in range(1, n + 1))
    paid = treaty_with_levers(t, transfer=temptation)
    assert paid.largest_stable_size == n
    assert paid.gain_share_after == pytest.approx(1.0)
    assert paid.gain_share_after > paid.gain_share_before
    # a linked gain per partner that covers the temptation does the same
    linked = treaty_with_levers(t, linked_gain=temptation)
    assert linked.largest_stable_size == n and linked.gain_share_after > linked.gain_share_before


@given(n=st.integers(2, 40), ratio=st.floats(1.01, 30.0), transfer=st.floats(0.0, 5.0),
       linked=st.floats(0.0, 1.0))
def test_binary_treaty_share_rises_with_levers(n, ratio, transfer, linked):
    t = participation_treaty(n, 1.0, ratio)
    r = treaty_with_levers(t, transfer=transfer, linked_gain=linked)
    assert r.largest_stable_size >= t.largest_stable_size
    assert r.gain_share_after >= r.gain_share_before - 1e-12
    bigger = treaty_with_levers(t, transfer=transfer + 1.0, linked_gain=linked)
    assert bigger.gain_share_after >= r.gain_share_after - 1e-12


def test_treaty_levers_bad_inputs():
    t = participation_treaty(5, 1.0, 2.0)
    with pytest.raises(ValidationError, match="transfer"):
        treaty_with_levers(t, transfer=-1.0)
    with pytest.raises(ValidationError, match="treaty"):
        treaty_with_levers(object())


# --------------------------------------------------------------------------- issue linkage

def test_suasion_game_structure_and_linkage_threshold():
    g = suasion_game()
    r0 = issue_linkage(g, linked_gain=0.0)
    assert r0.is_suasion and r0.equilibria_before == ((0, 1),) and not r0.cooperation
    assert r0.threshold == 1.0                          # the free rider's temptation, 4 - 3
    below = issue_linkage(g, linked_gain=0.999)
    above = issue_linkage(g, linked_gain=1.0)
    assert not below.cooperation and above.cooperation


def _suasion_games():
    """Random suasion games: player 0 cooperates regardless, player 1 defects regardless."""
    f = st.floats(-10.0, 10.0, allow_nan=False)
    gap = st.floats(0.01, 10.0)

    @st.composite
    def build(draw):
        g = np.zeros((2, 2, 2))
        g[0, 1, :] = [draw(f), draw(f)]
        g[0, 0, :] = g[0, 1, :] + [draw(gap), draw(gap)]      # C dominant for player 0
        g[0, 0, 0] = max(g[0, 0, 0], g[0, 0, 1] + draw(gap))   # and player 0 prefers (C, C)
        g[1, :, 0] = [draw(f), draw(f)]
        g[1, :, 1] = g[1, :, 0] + [draw(gap), draw(gap)]      # D dominant for player 1
        return g
    return build()


@given(_suasion_games(), st.floats(0.0, 3.0), st.floats(0.05, 5.0))
def test_linkage_threshold_is_exact(game, factor, bonus):
    linked = np.zeros((2, 2, 2))
    linked[:, 0, 0] = bonus
    r = issue_linkage(game, linked)
    assert r.is_suasion and not (0, 0) in r.equilibria_before
    assert r.threshold == pytest.approx((game[1, 0, 1] - game[1, 0, 0]) / bonus)
    gain = factor * r.threshold
    after = issue_linkage(game, linked, linked_gain=gain)
    if factor >= 1.0 + 1e-9:
        assert after.cooperation
    elif factor <= 1.0 - 1e-9:
        assert not after.cooperation


@given(st.lists(st.floats(-5.0, 5.0, allow_nan=False), min_size=8, max_size=8))
def test_pure_equilibria_agree_with_nashpy(values):
    nash = pytest.importorskip("nashpy")
    g = np.array(values).reshape(2, 2, 2)
    for p in (0, 1):                                                   # nondegenerate
        vals = np.sort(g[p].ravel())
        assume(np.min(np.diff(vals)) > 1e-3)
    ours = set(issue_linkage(g).equilibria_before)
    theirs = set()
    for s0, s1 in nash.Game(g[0], g[1]).support_enumeration():
        if np.isclose(s0.max(), 1.0) and np.isclose(s1.max(), 1.0):
            theirs.add((int(np.argmax(s0)), int(np.argmax(s1))))
    assert ours == theirs


def test_linkage_that_cannot_help():
    # the linked issue rewards the free rider for defecting: no gain makes (C, C) stable
    linked = np.zeros((2, 2, 2))
    linked[1, 0, 1] = 1.0
    r = issue_linkage(suasion_game(), linked, linked_gain=100.0)
    assert r.threshold == math.inf and not r.cooperation


def test_issue_linkage_bad_inputs():
    with pytest.raises(ValidationError, match="game"):
        issue_linkage(np.zeros((2, 2)))
    with pytest.raises(ValidationError, match="linked_gain"):
        issue_linkage(linked_gain=-1.0)


# --------------------------------------------------------------------------- external funder

caps_strategy = st.lists(st.floats(0.0, 20.0, allow_nan=False), min_size=1, max_size=10)


@given(caps_strategy, st.floats(0.0, 50.0), st.floats(0.1, 5.0))
def test_external_funder_targets_the_weakest_link(caps, budget, unit_cost):
    r = external_funder(caps, budget, unit_cost=unit_cost)
    spent = np.sum(r.new_capacities - np.array(caps)) * unit_cost
    assert spent == pytest.approx(budget, rel=1e-9, abs=1e-9)
    assert np.all(r.new_capacities >= np.array(caps))
    assert r.provision_after >= r.provision_uniform - 1e-9 >= r.provision_before - 1e-9
    assert r.welfare_after >= r.welfare_before - 1e-9
    more = external_funder(caps, budget + 1.0, unit_cost=unit_cost)
    assert more.provision_after > r.provision_after


def test_external_funder_cannot_buy_unwilling_provision():
    r = external_funder([1.0, 2.0], 10.0, benefits=[1.0, 1.0], costs=[0.5, 2.0])
    assert r.provision_before == 0.0 and r.provision_after == 0.0


def test_external_funder_bad_inputs():
    with pytest.raises(ValidationError, match="capacities"):
        external_funder([-1.0, 2.0], 1.0)
    with pytest.raises(ValidationError, match="unit_cost"):
        external_funder([1.0], 1.0, unit_cost=0.0)
    with pytest.raises(ValidationError, match="costs"):
        external_funder([1.0, 2.0], 1.0, costs=[0.0])


# --------------------------------------------------------------------------- development levels

def test_similar_development_levels_make_a_regional_agreement_stable():
    # Meyers (2002) via Geddes: EU/Nordic-style similarity holds, ECOWAS-style gaps do not
    similar = regional_labour_agreement([1.00, 1.05, 0.95, 1.10])
    dissimilar = regional_labour_agreement([1.0, 4.0, 0.5, 0.4])
    assert similar.stable and not dissimilar.stable
    assert dissimilar.binding_member == 1                  # the richest destination leaves
    assert similar.stable_memberships > dissimilar.stable_memberships
    assert similar.stable_memberships == 2 ** 4 - 4 - 1     # every coalition of 2+ states


@given(st.lists(st.floats(-3.0, 3.0, allow_nan=False), min_size=2, max_size=7),
       st.floats(0.0, 2.0), st.floats(0.0, 2.0), st.floats(0.1, 3.0))
def test_stable_memberships_shrink_as_dispersion_grows(z, spread, remittance, gain):
    z = np.array(z)
    counts, stable = [], []
    for s in (spread, spread * 1.5 + 0.1, spread * 3 + 0.5):
        r = regional_labour_agreement(1.0 + s * z, gain=gain, adjustment_cost=1.0,
                                      remittance_gain=remittance)
        counts.append(r.stable_memberships)
        stable.append(r.stable)
    assert counts == sorted(counts, reverse=True)
    # once the region-wide agreement breaks, more dispersion never restores it
    assert stable == sorted(stable, reverse=True)
    # equal development: always stable
    assert regional_labour_agreement(np.full(z.size, 2.0), gain=gain).stable


def test_side_payments_can_rescue_a_dissimilar_region():
    # with large enough remittance gains the senders can compensate the destination
    r = regional_labour_agreement([1.0, 5.0, 0.5], remittance_gain=1.5)
    assert not r.stable and r.side_payments.feasible
    fixed = r.member_payoffs + r.side_payments.transfers
    assert np.all(fixed >= -1e-12)
    # without remittance gains there is nothing to redistribute
    assert not regional_labour_agreement([1.0, 5.0, 0.5]).side_payments.feasible


def test_regional_agreement_bad_inputs():
    with pytest.raises(ValidationError, match="development"):
        regional_labour_agreement([1.0])
    with pytest.raises(ValidationError, match="gain"):
        regional_labour_agreement([1.0, 2.0], gain=0.0)
    with pytest.raises(ValidationError, match="development"):
        regional_labour_agreement([1.0, math.inf])
