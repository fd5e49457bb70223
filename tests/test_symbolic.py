"""Closed forms derived with sympy (goodsgov.symbolic) against the numerical models."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from goodsgov.errors import ValidationError
from goodsgov.models import (
    grim_trigger_threshold, joint_product, linear_public_goods, participation_game,
    volunteers_dilemma,
)
from goodsgov.symbolic import (
    closed_form, grim_trigger_closed_form, joint_product_closed_form,
    linear_public_goods_closed_form, participation_game_closed_form,
    volunteers_dilemma_closed_form,
)
from strategies import pg_mpcr, pg_n, pg_nonnegative, pg_positive, pg_tpr


def check_discount(closed: float, model_value):
    """The unrestricted closed form maps onto the model's documented corner values."""
    if closed <= 0:
        assert model_value == 0.0
    elif closed >= 1:
        assert model_value is None
    else:
        assert model_value == pytest.approx(closed, rel=1e-10, abs=1e-12)


@given(n=pg_n, e=pg_positive, m=pg_mpcr)
def test_linear_public_goods_closed_form_matches_model(n, e, m):
    assume(abs(m - 1) > 1e-9 and abs(m * n - 1) > 1e-9)
    cf, g = linear_public_goods_closed_form(), linear_public_goods(n, e, m)
    kw = dict(n=n, endowment=e, mpcr=m)
    assert cf.evaluate("dilemma", **kw) == g.is_dilemma
    assert cf.evaluate("nash_provision", **kw) == pytest.approx(g.nash.provision, rel=1e-12)
    assert cf.evaluate("optimal_provision", **kw) == pytest.approx(g.optimum.provision, rel=1e-12)
    assert cf.evaluate("nash_contribution", **kw) == pytest.approx(g.nash.actions[0], rel=1e-12)
    check_discount(cf.evaluate("critical_discount", **kw), g.critical_discount)


@given(n=pg_n, b=pg_positive, c=pg_nonnegative)
def test_participation_closed_form_matches_model(n, b, c):
    assume(abs(b - c) > 1e-9 and abs(n * b - c) > 1e-9)
    cf, g = participation_game_closed_form(), participation_game(n, b, c)
    kw = dict(n=n, benefit=b, cost=c)
    assert cf.evaluate("nash_provision", **kw) == g.nash.provision
    assert cf.evaluate("optimal_provision", **kw) == g.optimum.provision
    assert cf.evaluate("dilemma", **kw) == (g.nash.provision < g.optimum.provision)
    check_discount(cf.evaluate("critical_discount", **kw), g.critical_discount)


@given(n=st.integers(2, 60), b=pg_positive, frac=st.floats(0.01, 0.99))
def test_volunteers_closed_form_matches_engine(n, b, frac):
    c = b * frac
    cf, d = volunteers_dilemma_closed_form(), volunteers_dilemma(n, b, c)
    kw = dict(n=n, benefit=b, cost=c)
    assert cf.evaluate("abstain_probability", **kw) == pytest.approx(d.abstain_probability,
                                                                     abs=1e-8)
    assert cf.evaluate("volunteer_probability", **kw) == pytest.approx(
        d.volunteer_probability, abs=1e-8)
    assert cf.evaluate("no_volunteer_probability", **kw) == pytest.approx(
        d.no_volunteer_probability, abs=1e-8)


@given(n=pg_n, a=pg_nonnegative, b=pg_nonnegative, c=pg_positive)
def test_joint_product_closed_form_matches_model(n, a, b, c):
    assume(a + b > 0)
    cf, j = joint_product_closed_form(), joint_product(n, a, b, c)
    kw = dict(n=n, private_benefit=a, public_benefit=b, cost=c)
    assert cf.evaluate("nash_provision", **kw) == pytest.approx(j.nash.provision, rel=1e-12)
    assert cf.evaluate("optimal_provision", **kw) == pytest.approx(j.optimum.provision,
                                                                   rel=1e-12)
    assert cf.evaluate("provision_ratio", **kw) == pytest.approx(j.provision_ratio, rel=1e-12)


@given(pg_tpr, st.floats(0.0, 0.99))
def test_grim_trigger_closed_form_matches_model(tpr, d):
    t, r, p = tpr
    g, cf = grim_trigger_threshold(t, r, p), grim_trigger_closed_form()
    kw = dict(temptation=t, reward=r, punishment=p)
    if t > r > p:
        assert cf.evaluate("critical_discount", **kw) == pytest.approx(g.critical_discount,
                                                                       rel=1e-12)
    margin = (r - t) + d * (t - p)
    assume(abs(margin) > 1e-9)
    assert cf.evaluate("sustain_condition", discount=d, **kw) == g.sustains(d)


def test_model_discounts_are_the_grim_trigger_form_with_stage_payoffs():
    """The n-player critical discounts equal (T - R)/(T - P) at the models' T, R, P."""
    grim = grim_trigger_closed_form()
    t, r, p = (grim.symbols[k] for k in ("temptation", "reward", "punishment"))
    lin = linear_public_goods_closed_form()
    n, e, m = (lin.symbols[k] for k in ("n", "endowment", "mpcr"))
    sub = {t: e + m * (n - 1) * e, r: m * n * e, p: e}
    assert sp.simplify(grim["critical_discount"].subs(sub) - lin["critical_discount"]) == 0
    part = participation_game_closed_form()
    n, b, c = (part.symbols[k] for k in ("n", "benefit", "cost"))
    sub = {t: b * (n - 1), r: b * n - c, p: 0}
    assert sp.simplify(grim["critical_discount"].subs(sub) - part["critical_discount"]) == 0


def test_closed_forms_are_expressions_of_named_symbols():
    for name in ("linear_public_goods", "participation_game", "volunteers_dilemma",
                 "joint_product", "grim_trigger_threshold"):
        cf = closed_form(name)
        assert cf.model == name
        params = set(cf.symbols.values())
        for key, expr in cf.expressions.items():
            assert isinstance(expr, sp.Basic), key
            assert expr.free_symbols <= params, (name, key, expr.free_symbols - params)
    # dilemma conditions come out as bounds on the solved-for parameter
    lin = linear_public_goods_closed_form()
    m, n = lin.symbols["mpcr"], lin.symbols["n"]
    assert lin["dilemma"] == sp.And(m > 1 / n, m < 1)
    assert closed_form("linear_public_goods") is lin          # cached


def test_evaluate_rejects_bad_requests():
    cf = joint_product_closed_form()
    with pytest.raises(ValidationError) as info:
        cf.evaluate("provision_ratio", n=3, private_benefit=1.0)
    assert info.value.field == "public_benefit"
    with pytest.raises(ValidationError) as info:
        cf.evaluate("provision_ratio", n=3, private_benefit=1.0, public_benefit=1.0, bogus=1)
    assert info.value.field == "bogus"
    with pytest.raises(ValidationError) as info:
        cf.evaluate("no_such_result", n=3)
    assert info.value.field == "name"
    with pytest.raises(ValidationError) as info:
        closed_form("no_such_model")
    assert info.value.field == "model"
