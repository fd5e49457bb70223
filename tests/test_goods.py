"""Unit tests of the typology (goodsgov.goods): classify, GoodType, Good."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goodsgov import Aggregation, Good, GoodType, Spillover, classify
from goodsgov.errors import GoodsgovError, ValidationError

from strategies import fd_share


@pytest.mark.parametrize("e, r, expected", [
    (0.0, 0.0, GoodType.PUBLIC), (0.49, 0.49, GoodType.PUBLIC),
    (0.5, 0.0, GoodType.CLUB), (1.0, 0.2, GoodType.CLUB),
    (0.5, 0.5, GoodType.PRIVATE), (1.0, 1.0, GoodType.PRIVATE),
    (0.0, 0.5, GoodType.COMMON_POOL), (0.3, 1.0, GoodType.COMMON_POOL),
])
def test_classify_cells_and_cutoff_boundary(e, r, expected):
    assert classify(e, r) is expected


@given(fd_share, fd_share, st.floats(min_value=0.01, max_value=0.99))
def test_classify_agrees_with_the_definition_of_each_cell(e, r, cutoff):
    t = classify(e, r, cutoff=cutoff)
    assert (t in (GoodType.CLUB, GoodType.PRIVATE)) == (e >= cutoff)
    assert (t in (GoodType.PRIVATE, GoodType.COMMON_POOL)) == (r >= cutoff)


@given(fd_share, fd_share, fd_share, fd_share)
def test_classify_is_monotone_in_each_coordinate(e1, r1, e2, r2):
    """Raising excludability never makes a good less excludable in type (and likewise rivalry)."""
    lo, hi = classify(min(e1, e2), r1), classify(max(e1, e2), r1)
    excl = {GoodType.CLUB, GoodType.PRIVATE}
    assert not (lo in excl and hi not in excl)
    lo, hi = classify(e1, min(r1, r2)), classify(e1, max(r1, r2))
    rival = {GoodType.PRIVATE, GoodType.COMMON_POOL}
    assert not (lo in rival and hi not in rival)


def test_goodtype_labels_are_those_of_table1():
    assert GoodType.PUBLIC.label == "Public good"
    assert GoodType.CLUB.label == "Club good"
    assert GoodType.PRIVATE.label == "Private good"
    assert GoodType.COMMON_POOL.label == "Common-pool resource"


@pytest.mark.parametrize("field, kwargs", [
    ("excludability", dict(excludability=1.5, rivalry=0.1)),
    ("excludability", dict(excludability=-0.1, rivalry=0.1)),
    ("rivalry", dict(excludability=0.1, rivalry=2.0)),
    ("excludability", dict(excludability=math.nan, rivalry=0.1)),
])
def test_classify_rejects_out_of_range(field, kwargs):
    with pytest.raises(ValidationError, match=field):
        classify(**kwargs)


@pytest.mark.parametrize("cutoff", [0.0, 1.0, -1.0, math.nan])
def test_classify_rejects_degenerate_cutoff(cutoff):
    with pytest.raises(ValidationError, match="cutoff"):
        classify(0.5, 0.5, cutoff=cutoff)


def test_good_normalises_enums_and_computes_type():
    g = Good("x", excludability=0.9, rivalry=0.1, spillover="regional", aggregation="summation")
    assert g.spillover is Spillover.REGIONAL and g.aggregation is Aggregation.SUMMATION
    assert g.good_type is GoodType.CLUB
    assert Good("x", 0.1, 0.1, spillover=Spillover.BILATERAL).spillover is Spillover.BILATERAL
    assert Good("x", 0, 0).spillover is Spillover.AUTO  # documented default


def test_good_is_frozen_and_replace_revalidates():
    g = Good("x", 0.1, 0.1)
    with pytest.raises(AttributeError):
        g.excludability = 0.9  # type: ignore[misc]
    h = g.replace(excludability=0.9)
    assert h.good_type is GoodType.CLUB and g.good_type is GoodType.PUBLIC
    with pytest.raises(ValidationError, match="excludability"):
        g.replace(excludability=3.0)


def test_good_weighted_needs_weights_and_stores_them_as_floats():
    with pytest.raises(ValidationError, match="good.weights"):
        Good("x", 0.1, 0.1, aggregation="weighted")
    g = Good("x", 0.1, 0.1, aggregation="weighted", weights=[1, 2])
    assert g.weights == (1.0, 2.0)
    with pytest.raises(ValidationError, match="good.weights"):
        Good("x", 0.1, 0.1, aggregation="weighted", weights=[1, -2])


@pytest.mark.parametrize("name", ["", "   ", None, 3])
def test_good_name_must_be_nonempty_string(name):
    with pytest.raises(ValidationError, match="good.name"):
        Good(name, 0.1, 0.1)


def test_good_rejects_unknown_aggregation():
    with pytest.raises(GoodsgovError, match="good.aggregation.*'product'.*summation"):
        Good("x", 0.1, 0.1, aggregation="product")
