"""Alternative futures (issue 21, sections 2-3): the options solved, reproduced and over time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import goodsgov as gg
from goodsgov import alternatives as alt
from goodsgov.errors import ValidationError

SMALL = dict(n_states=12, n_regions=3)


@pytest.fixture(scope="module")
def stylised():
    return gg.futures(**SMALL)


@pytest.fixture(scope="module")
def world():
    return gg.futures(states="world")


def _scenario(kind):
    return gg.survival_migration(**SMALL) if kind == "stylised" else gg.survival_migration(states="world")


def _links(kind):
    ref = gg.refugee_protection(**SMALL) if kind == "stylised" else gg.refugee_protection(states="world")
    return {"one_agency": ref}


# ------------------------------------------------------------------ the table
def test_one_row_per_option_in_order_with_the_columns(stylised, world):
    assert stylised["option"].tolist() == list(alt.OPTIONS)
    assert list(stylised.columns) == alt._COLUMNS
    assert list(world.columns) == alt._COLUMNS + ["hosts_cost_share", "hosts_lindahl_share"]
    assert {"status_quo", "soft_law", "cluster", "one_agency", "un_agency", "srsg", "rcp"} == set(alt.OPTIONS)
    assert stylised["mechanism"].str.len().min() > 20
    for o in alt.OPTIONS.values():
        assert "Betts 2010" in o.source


@pytest.mark.parametrize("kind", ["stylised", "world"])
def test_every_option_is_reproduced_by_evaluate(kind, stylised, world):
    table = (stylised if kind == "stylised" else world).set_index("option")
    sc = _scenario(kind)
    links = _links(kind)
    for name, option in alt.OPTIONS.items():
        arr = alt.arrangement(option, sc, linked=links.get(name))
        ev = gg.evaluate(sc, **arr.kwargs(linked=False))
        held = gg.evaluate(sc, **arr.kwargs())
        row = table.loc[name]
        assert row["provision"] == pytest.approx(ev.states["provision"].sum())
        assert row["welfare"] == pytest.approx(ev.welfare)
        assert row["decision_cost"] == pytest.approx(ev.decision_cost)
        assert row["net_welfare"] == pytest.approx(ev.net_welfare)
        assert row["members"] == tuple(m for a in arr.agreements for m in a)
        assert row["self_enforcing"] == bool(held.institutions["internally_stable"].all())
        if option.linkage is None:
            assert held.net_welfare == pytest.approx(ev.net_welfare)


@pytest.mark.parametrize("kind", ["stylised", "world"])
def test_status_quo_is_the_unilateral_scope(kind, stylised, world):
    row = (stylised if kind == "stylised" else world).set_index("option").loc["status_quo"]
    p = gg.predict_governance(_scenario(kind))
    uni = p.scopes.set_index("scope").loc["unilateral"]
    assert row["provision"] == pytest.approx(uni["provision"])
    assert row["net_welfare"] == pytest.approx(uni["net_welfare"])
    assert row["level"] == "unilateral" and row["n_members"] == 0 and row["gap_closed"] == 0.0
    assert row["self_enforcing"] and row["outlay"] == 0.0


def test_the_cluster_option_is_the_regional_scope(stylised):
    """Option 1 uses the treaty designer in each region: the prediction's regional scope."""
    row = stylised.set_index("option").loc["cluster"]
    p = gg.predict_governance(_scenario("stylised"))
    reg = p.scopes.set_index("scope").loc["regional"]
    assert row["net_welfare"] == pytest.approx(reg["net_welfare"])
    assert set(row["members"]) == {m for t in p.institutions["members"] for m in t} or p.level.value != "regional"


@pytest.mark.parametrize("kind", ["stylised", "world"])
def test_gap_closed_is_the_share_of_the_status_quo_gap(kind, stylised, world):
    table = stylised if kind == "stylised" else world
    p = gg.predict_governance(_scenario(kind))
    nash = p.scopes.set_index("scope").loc["unilateral", "welfare"]
    expected = (table["net_welfare"] - nash) / (p.optimum.welfare - nash)
    assert table["gap_closed"].to_numpy() == pytest.approx(expected.to_numpy())
    survival = gg.predict_survival(_scenario(kind))
    assert (table["predicted_level"] == survival.level.value).all()
    assert table["predicted_gap_closed"].to_numpy() == pytest.approx(survival.gap_closed)


@settings(max_examples=15, deadline=None)
@given(e=st.floats(0.0, 1.0), r=st.floats(0.0, 1.0), spread=st.floats(0.0, 1.0),
       kappa=st.floats(0.0, 1.0), funding=st.floats(0.0, 0.9))
def test_no_option_exceeds_the_optimum(e, r, spread, kappa, funding):
    kw = dict(excludability=e, rivalry=r, benefit_spread=spread, n_states=6, n_regions=2)
    options = list(alt.OPTIONS.values()) + [alt.OPTIONS["soft_law"].replace(name="funded", funding=funding),
                                            alt.OPTIONS["soft_law"].replace(name="deep", depth=1.0)]
    t = gg.futures(options=options, decision_cost=kappa, **kw)
    best = gg.predict_governance(gg.survival_migration(**kw), decision_cost=kappa).optimum.welfare
    assert (t["net_welfare"] <= best * (1 + 1e-9) + 1e-9).all()
    assert (t["welfare"] <= best * (1 + 1e-9) + 1e-9).all()
    assert (t["gap_closed"] <= 1 + 1e-9).all()


def test_donor_outlays_are_counted():
    """Option 3's donor pays half the members' costs; welfare counts every cost, the outlay included."""
    sc = gg.survival_migration(rivalry=0.0, **SMALL)
    row = gg.futures(options=["un_agency"], rivalry=0.0, **SMALL).iloc[0]
    arr = alt.arrangement("un_agency", sc)
    ev = gg.evaluate(sc, **arr.kwargs())
    g = ev.states["provision"].to_numpy()
    # welfare by hand: W = (1 - e) D + admitted e N (no rivalry), payoffs b W g + p g - c g^2 / 2
    e = sc.good.excludability
    member = np.isin(sc.names, row["members"])
    admitted = np.outer(member, member) | np.eye(sc.n_states, dtype=bool)
    W = (1 - e) * sc.reach + admitted * e * sc.excludable_reach
    cost = sc.cost * g ** 2 / 2
    welfare = float(np.sum(sc.benefit * (W @ g) + sc.private_benefit * g - cost))
    assert row["welfare"] == pytest.approx(welfare)
    assert row["outlay"] == pytest.approx(0.5 * cost[member].sum())
    assert row["outlay"] == pytest.approx(ev.states["payoff"].sum() - ev.welfare)   # evaluate's accounting
    assert row["net_welfare"] == pytest.approx(ev.states["net_payoff"].sum() - row["outlay"])
    assert row["donor_share"] == pytest.approx(row["outlay"] / cost.sum())
    unfunded = gg.futures(options=[alt.OPTIONS["un_agency"].replace(funding=0.0)], rivalry=0.0, **SMALL)
    assert unfunded["outlay"].iloc[0] == 0.0


@pytest.mark.parametrize("states", [None, "world"])
def test_no_cross_border_benefit_no_gap_closed(states):
    t = gg.futures(states=states, spillover="none")
    assert (t["gap_closed"] == 0.0).all()
    sq = t.set_index("option").loc["status_quo", "net_welfare"]
    assert (t["net_welfare"] <= sq * (1 + 1e-12)).all()


def test_linked_change_is_the_refugee_regimes_own_change():
    sc, ref = _scenario("stylised"), gg.refugee_protection(**SMALL)
    row = gg.futures(options=["one_agency"], **SMALL).iloc[0]
    arr = alt.arrangement("one_agency", sc, linked=ref)
    alone = alt.arrangement(alt.OPTIONS["one_agency"].replace(linkage=None), ref)
    expected = gg.evaluate(ref, **arr.kwargs(linked=False)).net_welfare - gg.evaluate(ref, **alone.kwargs()).net_welfare
    assert row["linked_change"] == pytest.approx(expected)


def test_refugee_regime_forum_is_the_parties_to_the_convention_or_protocol_on_the_world():
    sc = _scenario("world")
    forum = alt._forum_labels(alt.OPTIONS["one_agency"], sc)
    party = (gg.observed.treaty("refugee_convention_1951")["party"]
             | gg.observed.treaty("refugee_protocol_1967")["party"])
    assert [n for n, f in zip(sc.names, forum) if f == 0] == [n for n in sc.names if party[n]]


def test_options_are_changeable_records():
    deep = alt.OPTIONS["soft_law"].replace(name="soft_law_deep", depth=0.5, decision_cost=0.0)
    t = gg.futures(options=["soft_law", deep], **SMALL).set_index("option")
    assert t.loc["soft_law_deep", "depth"] == 0.5 and t.loc["soft_law_deep", "decision_cost"] == 0.0
    named = alt.OPTIONS["soft_law"].replace(name="three", forum=("S01", "S02", "S03"), depth=1.0)
    row = gg.futures(options=[named], **SMALL).iloc[0]
    assert row["members"] == ("S01", "S02", "S03") and row["level"] == "regional"


def test_who_pays_shares(stylised):
    t = gg.who_pays(**SMALL)
    assert t["option"].unique().tolist() == list(alt.OPTIONS)
    for name, g in t.groupby("option", sort=False):
        donor = stylised.set_index("option").loc[name, "donor_share"]
        assert g["cost_share"].sum() == pytest.approx(1 - donor)
        assert g["lindahl_share"].sum() == pytest.approx(1.0)
        gap = 0.5 * (np.abs(g["cost_share"] - g["lindahl_share"]).sum() + donor)
        assert stylised.set_index("option").loc[name, "cost_gap"] == pytest.approx(gap)
    w = gg.who_pays(states="world", options=["status_quo"])
    assert w.set_index("state").loc["COL", "hosting"] > 2_000_000


# ------------------------------------------------------------------ over time
def test_years_give_one_row_per_option_and_year():
    t = gg.futures(years=range(2025, 2051, 5), options=["status_quo", "cluster"], **SMALL)
    assert t["year"].tolist() == [y for y in range(2025, 2051, 5) for _ in range(2)]
    assert list(t.columns[:2]) == ["year", "option"]


def test_uniform_growth_moves_no_level_and_no_share():
    """On stylised states growth scales every benefit alike: magnitudes move, shares and levels not."""
    t = gg.futures(years=[2025, 2040], drivers={"growth": 0.05}, **SMALL)
    a, b = (t[t["year"] == y].reset_index(drop=True) for y in (2025, 2040))
    assert a["level"].tolist() == b["level"].tolist()
    assert a["gap_closed"].to_numpy() == pytest.approx(b["gap_closed"].to_numpy(), rel=1e-6, abs=1e-9)
    assert (b["net_welfare"] > a["net_welfare"]).all()


def test_without_drivers_every_year_is_the_base():
    t = gg.futures(states="world", years=[2030, 2050], drivers={"growth": 0.0, "population": 0.0},
                   options=["status_quo", "rcp"])
    base = gg.futures(states="world", options=["status_quo", "rcp"])
    for y in (2030, 2050):
        got = t[t["year"] == y].drop(columns="year").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, base)


def test_growth_raises_the_hosts_weights_on_the_world():
    t = gg.futures(states="world", years=[2025, 2050], drivers={"growth": 0.1}, options=["status_quo"])
    assert t["net_welfare"].iloc[1] > t["net_welfare"].iloc[0]
    assert t["hosts_lindahl_share"].iloc[1] > t["hosts_lindahl_share"].iloc[0]


def test_drivers_per_year_by_region_and_drawn():
    from scipy import stats
    per_year = gg.futures(years=[2030, 2035], drivers={"growth": [0.0, 0.1], "population": {"R1": 0.02}},
                          options=["status_quo"], **SMALL)
    assert per_year["net_welfare"].iloc[1] > per_year["net_welfare"].iloc[0]
    draw = {"growth": stats.uniform(0.0, 0.1)}
    a = gg.futures(years=[2030, 2040], drivers=draw, random_state=3, options=["status_quo"], **SMALL)
    b = gg.futures(years=[2030, 2040], drivers=draw, random_state=3, options=["status_quo"], **SMALL)
    pd.testing.assert_frame_equal(a, b)


def test_observed_growth_is_read_from_the_data():
    t = gg.observed.refugees([2018, 2024]).groupby("year")["other_in_need"].sum()
    assert gg.drivers.observed_growth() == pytest.approx((t[2024] / t[2018]) ** (1 / 6) - 1)


# ------------------------------------------------------------------ plots
def test_plots():
    pytest.importorskip("matplotlib")
    from goodsgov import plot
    fig = plot.futures_plot(gg.futures(**SMALL))
    assert len(fig.axes) == 2
    t = gg.futures(years=[2025, 2030], options=["status_quo", "cluster"], **SMALL)
    assert plot.futures_plot(t, year=2030).axes[0].get_xlabel() == "share of the gap closed"
    assert plot.futures_years_plot(t).axes[0].get_xlabel() == "year"
    with pytest.raises(ValidationError):
        plot.futures_plot(t, year=2040)
    with pytest.raises(ValidationError):
        plot.futures_years_plot(gg.futures(options=["status_quo"], **SMALL))
    with pytest.raises(ValidationError):
        plot.futures_plot(pd.DataFrame())


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("kwargs, field", [
    ({"options": ["soft_lwa"]}, "option"),
    ({"options": []}, "options"),
    ({"options": ["soft_law", "soft_law"]}, "options"),
    ({"options": 3}, "options"),
    ({"years": [2024]}, "years"),
    ({"years": [2101]}, "years"),
    ({"years": [2030.5]}, "years"),
    ({"years": [2030, 2030]}, "years"),
    ({"years": "2030"}, "years"),
    ({"drivers": {"growth": 0.1}}, "drivers"),
    ({"years": [2030], "drivers": {"growht": 0.1}}, "drivers"),
    ({"years": [2030], "drivers": {"growth": -1.0}}, "drivers['growth']"),
    ({"years": [2030], "drivers": {"growth": [0.1, 0.2]}}, "drivers['growth']"),
    ({"years": [2030], "drivers": {"population": {"Mars": 0.1}}}, "drivers['population']"),
    ({"years": [2030], "random_state": -1}, "random_state"),
    ({"decision_cost": -1}, "decision_cost"),
    ({"decision_cost_form": "club"}, "decision_cost_form"),
    ({"area": "survival"}, "area"),
])
def test_bad_input_is_a_library_error(kwargs, field):
    with pytest.raises(ValidationError) as info:
        gg.futures(**{**SMALL, **kwargs})
    assert info.value.field == field


def test_bad_options_are_library_errors():
    with pytest.raises(ValidationError, match="did you mean 'soft_law'"):
        gg.futures(options=["soft_lwa"], **SMALL)
    with pytest.raises(ValidationError):
        alt.OPTIONS["soft_law"].replace(deep=1.0)
    with pytest.raises(ValidationError):
        alt.OPTIONS["soft_law"].replace(depth="deepest")
    with pytest.raises(ValidationError):
        alt.OPTIONS["soft_law"].replace(forum="continents")
    with pytest.raises(ValidationError):
        alt.OPTIONS["soft_law"].replace(funding=1.0)
    with pytest.raises(ValidationError):
        gg.futures(options=[alt.OPTIONS["soft_law"].replace(forum=("S01", "X99"))], **SMALL)
    with pytest.raises(ValidationError, match="itself"):
        gg.futures(area="refugee_protection", options=["one_agency"], **SMALL)
