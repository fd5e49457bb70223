"""Strategies for the model catalogue (goodsgov.models): public goods, treaties, clubs,
bargaining, the labour market, burden sharing and levers."""

from hypothesis import strategies as _st_pg  # noqa: E402

#: number of states for the symmetric public-good models
pg_n = _st_pg.integers(min_value=2, max_value=30)
#: a strictly positive, moderate real parameter (benefits, endowments)
pg_positive = _st_pg.floats(min_value=0.05, max_value=50.0, allow_nan=False,
                            allow_infinity=False)
#: a non-negative, moderate real parameter (costs, benefits that may vanish)
pg_nonnegative = _st_pg.floats(min_value=0.0, max_value=50.0, allow_nan=False,
                               allow_infinity=False)
#: marginal per-capita return of the linear public goods game
pg_mpcr = _st_pg.floats(min_value=0.01, max_value=2.0, allow_nan=False, allow_infinity=False)
#: one value per state (2-6 states) for aggregate_public_good
pg_values = _st_pg.lists(_st_pg.floats(min_value=0.0, max_value=10.0, allow_nan=False),
                         min_size=2, max_size=6)
#: incomes of 2-7 states for Bergstrom-Blume-Varian voluntary contributions
pg_incomes = _st_pg.lists(_st_pg.floats(min_value=0.1, max_value=100.0, allow_nan=False),
                          min_size=2, max_size=7)
#: a Cobb-Douglas weight on the public good
pg_beta = _st_pg.floats(min_value=0.05, max_value=5.0, allow_nan=False)
#: (temptation, reward, punishment) of a two-action repeated dilemma (eighths: ties occur)
pg_tpr = _st_pg.tuples(*[_st_pg.integers(-160, 160).map(lambda k: k / 8.0)] * 3)


@_st_pg.composite
def pg_threshold_game(draw, max_n: int = 6):
    """(n, threshold, value, cost) of a small binary threshold public good (ties possible)."""
    n = draw(_st_pg.integers(min_value=2, max_value=max_n))
    t = draw(_st_pg.integers(min_value=1, max_value=n))
    value = draw(_st_pg.integers(min_value=1, max_value=6))
    cost = draw(_st_pg.integers(min_value=0, max_value=7))
    scale = draw(_st_pg.sampled_from([1.0, 0.5, 2.5]))
    return n, t, value * scale, cost * scale


from hypothesis import strategies as _st_tc  # noqa: E402

#: a strictly positive, moderate real parameter
tc_positive = _st_tc.floats(min_value=0.01, max_value=100.0, allow_nan=False,
                            allow_infinity=False)
#: Barrett's cost-benefit ratio gamma = c / b over six orders of magnitude
tc_gamma = _st_tc.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False)
#: a real payoff (may be negative)
tc_payoff = _st_tc.floats(min_value=-100.0, max_value=100.0, allow_nan=False,
                          allow_infinity=False)
#: a discount factor strictly below 1
tc_delta = _st_tc.floats(min_value=0.0, max_value=0.999, allow_nan=False)


@_st_tc.composite
def tc_payoff_tables(draw, max_n: int = 12):
    """(n, signatory payoffs S(1..n), non-signatory payoffs N(0..n-1)) on a coarse grid.

    Values are small integers times a scale so ties (indifference) occur often.
    """
    n = draw(_st_tc.integers(min_value=1, max_value=max_n))
    scale = draw(_st_tc.sampled_from([1.0, 0.5, 3.0]))
    ints = _st_tc.integers(min_value=-6, max_value=6)
    sig = [draw(ints) * scale for _ in range(n)]
    non = [draw(ints) * scale for _ in range(n)]
    return n, sig, non


@_st_tc.composite
def tc_labour_market(draw, max_states: int = 8):
    """(intercepts, slopes, pool) of a skilled-labour market with 1..max_states states."""
    m = draw(_st_tc.integers(min_value=1, max_value=max_states))
    inter = draw(_st_tc.lists(_st_tc.floats(min_value=-10.0, max_value=50.0, allow_nan=False),
                              min_size=m, max_size=m))
    slopes = draw(_st_tc.lists(_st_tc.floats(min_value=0.05, max_value=10.0, allow_nan=False),
                               min_size=m, max_size=m))
    pool = draw(_st_tc.floats(min_value=0.0, max_value=200.0, allow_nan=False))
    return inter, slopes, pool


@_st_tc.composite
def tc_cooperative_game(draw, max_n: int = 5):
    """A worth vector (length 2**n, bitmask-indexed, v(empty) = 0) with 1..max_n players."""
    n = draw(_st_tc.integers(min_value=1, max_value=max_n))
    vals = draw(_st_tc.lists(_st_tc.floats(min_value=-20.0, max_value=50.0, allow_nan=False),
                             min_size=2 ** n - 1, max_size=2 ** n - 1))
    return [0.0] + vals
