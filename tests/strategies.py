"""Shared hypothesis strategies for the goodsgov tests (each section appended by its author)."""

# ---------------------------------------------------------------------------
# Public-good model catalogue (issue 5): parameters of goodsgov.models models
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Treaties, clubs, bargaining, labour market, burden sharing, levers (issue 6)
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Normal-form games (issue 4): random N-player games for the equilibrium engine
# ---------------------------------------------------------------------------
import numpy as _np_nf  # noqa: E402
from hypothesis import strategies as _st_nf  # noqa: E402


@_st_nf.composite
def nf_payoffs(draw, min_players: int = 2, max_players: int = 5, min_actions: int = 2,
               max_actions: int = 6, max_profiles: int = 400, integer: bool | None = None):
    """Payoff tensor (N, k1, ..., kN) of a random game, 2-5 players, 2-6 actions.

    The number of profiles is capped (``max_profiles``) to keep examples
    quick.  Integer payoffs in a small range (many ties: degenerate games)
    or continuous draws from a seeded generator (generic games).
    """
    n = draw(_st_nf.integers(min_players, max_players))
    shape = []
    for i in range(n):
        rest = max(1, max_profiles // max(1, int(_np_nf.prod(shape, dtype=int))) // (2 ** (n - i - 1)))
        shape.append(draw(_st_nf.integers(min_actions, max(min_actions, min(max_actions, rest)))))
    seed = draw(_st_nf.integers(0, 2 ** 32 - 1))
    rng = _np_nf.random.default_rng(seed)
    if integer is None:
        integer = draw(_st_nf.booleans())
    size = (n, *shape)
    if integer:
        top = draw(_st_nf.integers(1, 5))
        return rng.integers(-top, top + 1, size=size).astype(float)
    return rng.normal(size=size)


@_st_nf.composite
def nf_bimatrix(draw, min_actions: int = 2, max_actions: int = 6, integer: bool | None = None):
    """(A, B) of a random two-player game with 2-6 actions each."""
    p = draw(nf_payoffs(min_players=2, max_players=2, min_actions=min_actions,
                        max_actions=max_actions, max_profiles=36, integer=integer))
    return p[0], p[1]


#: a positive affine transform (scale, shift) of payoffs
nf_affine = _st_nf.tuples(_st_nf.sampled_from([0.25, 0.5, 2.0, 3.0, 7.0]),
                          _st_nf.integers(-10, 10).map(float))


# ---------------------------------------------------------------------------
# Foundation (issue 3): random valid scenarios and contribution games
# ---------------------------------------------------------------------------
import math as _math_fd  # noqa: E402

import numpy as _np_fd  # noqa: E402
from hypothesis import strategies as _st_fd  # noqa: E402

#: a share in [0, 1] (excludability, rivalry)
fd_share = _st_fd.floats(min_value=0.0, max_value=1.0, allow_nan=False)
#: a benefit weight (may vanish)
fd_benefit = _st_fd.floats(min_value=0.0, max_value=5.0, allow_nan=False)
#: a strictly positive cost curvature
fd_cost = _st_fd.floats(min_value=0.1, max_value=5.0, allow_nan=False)
#: a private benefit of one's own provision (may be negative: a net private cost)
fd_private = _st_fd.floats(min_value=-1.0, max_value=3.0, allow_nan=False)
#: a capacity, finite or unlimited
fd_capacity = _st_fd.one_of(_st_fd.just(_math_fd.inf),
                            _st_fd.floats(min_value=0.0, max_value=10.0, allow_nan=False))
#: a spillover range by name
fd_spillover = _st_fd.sampled_from(["global", "regional", "bilateral", "none"])


@_st_fd.composite
def fd_scenario(draw, min_states: int = 2, max_states: int = 8, explicit_reach: bool | None = None):
    """A random valid :class:`goodsgov.Scenario`.

    2-8 states in 1-3 regions (``R0``..``R2``, assigned at random), random
    good (excludability, rivalry, spillover, summation or weighted sum),
    random benefits, costs, private benefits (possibly negative) and
    capacities (``inf`` included), random disjoint partner pairs, and
    sometimes an explicit reach matrix or an explicit list of regions.
    """
    from goodsgov import Good, Scenario, State

    n = draw(_st_fd.integers(min_value=min_states, max_value=max_states))
    n_regions = draw(_st_fd.integers(min_value=1, max_value=3))
    regions = draw(_st_fd.lists(_st_fd.integers(0, n_regions - 1), min_size=n, max_size=n))
    perm = draw(_st_fd.permutations(list(range(n))))
    partner = {}
    for k in range(0, n - 1, 2):
        if draw(_st_fd.booleans()):
            partner[perm[k]], partner[perm[k + 1]] = perm[k + 1], perm[k]
    names = [f"s{i}" for i in range(n)]
    states = [State(name=names[i], region=f"R{regions[i]}", benefit=draw(fd_benefit),
                    cost=draw(fd_cost), capacity=draw(fd_capacity),
                    private_benefit=draw(fd_private),
                    partners=(names[partner[i]],) if i in partner else ())
              for i in range(n)]
    weighted = draw(_st_fd.booleans())
    weights = (draw(_st_fd.lists(_st_fd.floats(min_value=0.1, max_value=3.0), min_size=n, max_size=n))
               if weighted else None)
    good = Good("random good", excludability=draw(fd_share), rivalry=draw(fd_share),
                spillover=draw(fd_spillover), aggregation="weighted" if weighted else "summation",
                weights=weights)
    if explicit_reach is None:
        explicit_reach = draw(_st_fd.booleans())
    reach = None
    if explicit_reach:
        seed = draw(_st_fd.integers(0, 2 ** 32 - 1))
        reach = _np_fd.random.default_rng(seed).uniform(0.0, 1.0, size=(n, n))
        _np_fd.fill_diagonal(reach, 1.0)
    listed = (tuple(f"R{k}" for k in range(n_regions)) if draw(_st_fd.booleans()) else None)
    return Scenario(good=good, states=states, reach=reach, regions=listed)


@_st_fd.composite
def fd_contribution_game(draw, min_players: int = 2, max_players: int = 8,
                         finite_capacity: bool = False):
    """A random :class:`goodsgov.ContributionGame` built from arrays.

    Spillover matrix entries in [0, 1.5]; capacities finite in (0.5, 10]
    when ``finite_capacity`` else possibly ``inf``.
    """
    from goodsgov.games import ContributionGame

    n = draw(_st_fd.integers(min_value=min_players, max_value=max_players))
    vec = lambda s: draw(_st_fd.lists(s, min_size=n, max_size=n))  # noqa: E731
    seed = draw(_st_fd.integers(0, 2 ** 32 - 1))
    spill = _np_fd.random.default_rng(seed).uniform(0.0, 1.5, size=(n, n))
    cap_s = (_st_fd.floats(min_value=0.5, max_value=10.0, allow_nan=False) if finite_capacity
             else fd_capacity)
    return ContributionGame(benefit=vec(fd_benefit), cost=vec(fd_cost), spill=spill,
                            private_benefit=vec(fd_private), capacity=vec(cap_s),
                            excludability=draw(fd_share))


@_st_fd.composite
def fd_partition(draw, n: int):
    """A random partition of ``range(n)`` as one integer label per state."""
    return draw(_st_fd.lists(_st_fd.integers(0, n - 1), min_size=n, max_size=n))


# ---------------------------------------------------------------------------
# Scenario files and sweeps (issue 7): scenarios exercising every TOML field
# ---------------------------------------------------------------------------
from hypothesis import strategies as _st_io  # noqa: E402

#: a name a user might give a state, region or good (any printable text, incl. quotes, unicode)
io_name = _st_io.text(
    alphabet=_st_io.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12,
).filter(lambda s: s.strip() != "")
#: any float a scenario accepts for a non-negative field (full precision, tiny and huge)
io_nonneg = _st_io.floats(min_value=0.0, max_value=1e12, allow_nan=False, allow_infinity=False)
#: a probability-like coordinate (excludability, rivalry, reach entries)
io_unit = _st_io.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@_st_io.composite
def io_scenario(draw, max_states: int = 5):
    """A random valid :class:`goodsgov.Scenario` using every field a scenario file holds:
    unicode names, regions (listed or not), partners, aims and priorities, capacities
    (finite or inf), a weighted good, and an explicit reach matrix."""
    from goodsgov import Good, Scenario, State

    n = draw(_st_io.integers(min_value=1, max_value=max_states))
    names = draw(_st_io.lists(io_name, min_size=n, max_size=n, unique=True))
    region_names = draw(_st_io.lists(io_name, min_size=1, max_size=3, unique=True))
    states = []
    for i, nm in enumerate(names):
        others = [x for x in names if x != nm]
        partners = tuple(draw(_st_io.lists(_st_io.sampled_from(others), unique=True, max_size=2))) \
            if others else ()
        kw = dict(name=nm, region=draw(_st_io.sampled_from(region_names)),
                  cost=draw(_st_io.floats(min_value=1e-6, max_value=1e6)),
                  capacity=draw(_st_io.one_of(_st_io.just(float("inf")), io_nonneg)),
                  private_benefit=draw(_st_io.floats(min_value=-1e6, max_value=1e6)),
                  partners=partners)
        if draw(_st_io.booleans()):
            aims = draw(_st_io.fixed_dictionaries({}, optional={
                "security": io_nonneg, "economy": io_nonneg, "rights": io_nonneg}))
            prio = draw(_st_io.fixed_dictionaries({}, optional={
                "security": io_unit, "economy": io_unit, "rights": io_unit}))
            states.append(State.from_aims(aims=aims, priorities=prio, **kw))
        else:
            states.append(State(benefit=draw(io_nonneg), **kw))
    aggregation = draw(_st_io.sampled_from(["summation", "weighted", "weakest_link", "best_shot",
                                            "threshold"]))
    weights = (draw(_st_io.lists(io_nonneg, min_size=n, max_size=n))
               if aggregation == "weighted" or draw(_st_io.booleans()) else None)
    good = Good(draw(io_name), excludability=draw(io_unit), rivalry=draw(io_unit),
                spillover=draw(_st_io.sampled_from(["global", "regional", "bilateral", "none"])),
                aggregation=aggregation, weights=weights)
    reach = (draw(_st_io.lists(_st_io.lists(io_unit, min_size=n, max_size=n), min_size=n, max_size=n))
             if draw(_st_io.booleans()) else None)
    listed = None
    if draw(_st_io.booleans()):
        extra = draw(_st_io.lists(io_name, max_size=2))
        listed = tuple(dict.fromkeys(list(region_names) + extra))
    return Scenario(good=good, states=states, reach=reach, regions=listed,
                    name=draw(_st_io.one_of(_st_io.just(""), io_name)))
