"""The margin of the predicted level and the range of each parameter over which it stays."""

import math

import numpy as np
import pytest
from hypothesis import given, settings

from example_counts import examples
import goodsgov as gg
from goodsgov.governance import NEAR_TIE
from strategies import mr_any_scenario


@settings(max_examples=examples(0.3), deadline=None)
@given(mr_any_scenario(4, 10))
def test_margin_is_the_lead_over_the_next_best_institution(sc):
    p = gg.predict_governance(sc)
    s = p.scopes.set_index("scope")
    same = {lvl.value for lvl in gg.governance.SCOPES
            if np.array_equal(p.equilibria[lvl].contributions, p.equilibria[p.scope].contributions)}
    rivals = [k for k in s.index if k != p.scope.value and (k == "unilateral" or s.loc[k, "pairs"] > 0)
              and not (k in same and s.loc[k, "decision_cost"] == s.loc[p.scope.value, "decision_cost"])]
    if not rivals:
        assert math.isinf(p.margin)
        return
    lead = s.loc[p.scope.value, "net_welfare"] - max(s.loc[k, "net_welfare"] for k in rivals)
    assert p.margin == pytest.approx(lead, rel=1e-12, abs=1e-12)
    assert p.margin >= -1e-9 * max(1.0, abs(s.net_welfare).max())


@pytest.mark.parametrize("build", [gg.refugee_protection, gg.skilled_labour])
def test_the_sensitivity_interval_brackets_the_level_changes(build):
    sc = build(n_states=10, n_regions=2)
    s = gg.sensitivity(sc, ["decision_cost"], points=11, tol=1e-4)
    row = s.table.iloc[0]
    assert row.low <= 0.25 <= row.high
    inside = [row.low * 1.001, row.high * 0.999]
    for k in inside:
        assert gg.predict_governance(sc, decision_cost=k).level.value == row.level
    if row.level_above is not None:
        assert gg.predict_governance(sc, decision_cost=row.high * 1.01).level.value == row.level_above
    if row.level_below is not None:
        assert gg.predict_governance(sc, decision_cost=row.low * 0.99).level.value == row.level_below
    assert set(s.scan.parameter) == {"decision_cost"} and len(s.scan) >= 11


def test_a_near_tie_is_named_in_the_explanation():
    """Per agreed pair, decision costs grow faster for the treaty of all than for deals: as
    they rise the level moves from multilateral to bilateral, through a tie."""
    sc = gg.irregular_migration()
    row = gg.sensitivity(sc, ["decision_cost"], points=21, tol=1e-7, decision_cost_form="pair").table.iloc[0]
    assert row.level_below is not None
    p = gg.predict_governance(sc, decision_cost=row.low, decision_cost_form="pair")
    assert p.margin_share < NEAR_TIE
    assert "near-tie" in p.explanation
    far = gg.predict_governance(sc, decision_cost=0.25, decision_cost_form="pair")
    assert far.margin_share > NEAR_TIE and "near-tie" not in far.explanation


@settings(max_examples=examples(0.3), deadline=None)
@given(mr_any_scenario(4, 10))
def test_the_explanation_flags_exactly_the_near_ties(sc):
    p = gg.predict_governance(sc)
    assert ("near-tie" in p.explanation) == (p.margin_share < NEAR_TIE)


def test_shares_are_scanned_over_the_unit_interval_and_bad_parameters_refused():
    sc = gg.refugee_protection(n_states=6, n_regions=2)
    s = gg.sensitivity(sc, ["rivalry"], points=5)
    assert s.scan.value.min() == 0.0 and s.scan.value.max() == 1.0
    with pytest.raises(gg.ValidationError, match="params"):
        gg.sensitivity(sc, ["n_states"])
    with pytest.raises(gg.ValidationError, match="funding"):
        gg.sensitivity(sc, ["funding"])    # zero: a multiplicative scan needs a positive value
    assert np.isfinite(gg.sensitivity(sc, ["cost_scale"], points=5).table[["low", "high"]].to_numpy()).all()
