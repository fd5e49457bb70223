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
fd_spillover = _st_fd.sampled_from(["auto", "global", "regional", "bilateral", "none"])


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


# ---------------------------------------------------------------------------
# Fuzzing (issue 13): valid, extreme and wrong-typed inputs for every public entry
# ---------------------------------------------------------------------------
import decimal as _dec_fz  # noqa: E402
import fractions as _frac_fz  # noqa: E402

import numpy as _np_fz  # noqa: E402
from hypothesis import strategies as _st_fz  # noqa: E402

#: magnitudes at and around the documented limits (goodsgov._checks)
FZ_EDGES = (0, 1, -1, 0.5, 2, 3, 1e-100, 9.9e-101, 1e100, 1.01e100, 1e-300, 5e-324, 1e300,
            1.7e308, -1e100, -1e300, 10 ** 100, 10 ** 101, 10 ** 400, -10 ** 400, 2 ** 63,
            -2 ** 64)


def _fz_iterator(items):
    return iter(list(items))


def _fz_generator(items):
    items = list(items)
    return (x for x in items)


#: numbers of every kind a user might pass: Python and numpy floats and ints (huge,
#: tiny, NaN, inf), fractions, and values at the library's magnitude limits
fz_number = _st_fz.one_of(
    _st_fz.floats(min_value=-10.0, max_value=10.0),
    _st_fz.floats(),
    _st_fz.integers(min_value=-5, max_value=20),
    _st_fz.integers(),
    _st_fz.sampled_from(FZ_EDGES),
    _st_fz.floats(width=32).map(_np_fz.float32),
    _st_fz.integers(min_value=-2 ** 63, max_value=2 ** 63 - 1).map(_np_fz.int64),
    _st_fz.floats(min_value=-10.0, max_value=10.0).map(_np_fz.float64),
    _st_fz.fractions(max_denominator=10),
)

#: values of the wrong kind where a number or an array is expected
fz_garbage = _st_fz.one_of(
    _st_fz.none(), _st_fz.booleans(), _st_fz.just(_np_fz.bool_(True)),
    _st_fz.text(max_size=4), _st_fz.sampled_from(["1.0", "inf", "nan", "", "global", "3"]),
    _st_fz.binary(max_size=3), _st_fz.complex_numbers(max_magnitude=10.0),
    _st_fz.just(_np_fz.complex128(1 + 1j)), _st_fz.just(_dec_fz.Decimal("1.5")),
    _st_fz.dictionaries(_st_fz.sampled_from(["a", 1]), _st_fz.integers(0, 3), max_size=2),
    _st_fz.sets(_st_fz.integers(0, 3), max_size=3),
    _st_fz.lists(_st_fz.integers(0, 3), max_size=3).map(_fz_iterator),
    _st_fz.lists(_st_fz.floats(0.0, 3.0), max_size=3).map(_fz_generator),
    _st_fz.just(object()), _st_fz.just(_np_fz.array(1.0)), _st_fz.just(lambda *a: 1.0),
    _st_fz.just([[1.0], [1.0, 2.0]]), _st_fz.just([1.0, [2.0]]), _st_fz.just([None, 1.0]),
    _st_fz.just(_np_fz.array([1.0, 2.0], dtype=object)),
    _st_fz.just(_np_fz.array(["1", "2"])), _st_fz.just(_np_fz.array([1 + 2j, 3.0])),
    _st_fz.just(_np_fz.array([True, False])), _st_fz.just(_frac_fz.Fraction(10 ** 400, 3)),
)

#: a scalar parameter: mostly plausible numbers, sometimes extreme or wrong-typed
fz_scalar = _st_fz.one_of(fz_number, fz_number, fz_number, fz_garbage)
#: a positive moderate parameter, as a model is meant to be called
fz_moderate = _st_fz.floats(min_value=0.01, max_value=20.0)


def fz_param(plausible):
    """A parameter drawn mostly from ``plausible``, else any number or a wrong-typed value."""
    return _st_fz.one_of(plausible, plausible, plausible, fz_number, fz_garbage)


#: a number of states: small counts, the limits, absurd sizes and wrong types
fz_count = _st_fz.one_of(
    _st_fz.integers(min_value=1, max_value=12), _st_fz.integers(min_value=1, max_value=12),
    _st_fz.integers(min_value=1, max_value=12),
    _st_fz.sampled_from([0, -1, 501, 10 ** 6 + 1, 10 ** 12, 10 ** 400, 2.0, 3.5, True]),
    _st_fz.integers(min_value=2, max_value=12).map(_np_fz.int64),
    fz_garbage,
)


@_st_fz.composite
def fz_vector(draw, min_size: int = 0, max_size: int = 6, elements=None):
    """A vector argument: usually a list or array of numbers, else a malformed one.

    Malformed: NaN/inf/huge entries, complex, object, bool or string dtypes,
    ragged or 2-d nestings, iterators and generators, scalars, empty lists.
    """
    elements = elements if elements is not None else _st_fz.floats(min_value=-5.0, max_value=20.0)
    size = draw(_st_fz.integers(min_value=min_size, max_value=max_size))
    kind = draw(_st_fz.sampled_from(["list", "list", "list", "array", "tuple", "mixed", "bad"]))
    if kind == "bad":
        return draw(_st_fz.one_of(fz_garbage, fz_number,
                                  _st_fz.lists(fz_number, max_size=max_size),
                                  _st_fz.lists(_st_fz.lists(fz_moderate, min_size=1, max_size=3),
                                               min_size=1, max_size=3)))
    if kind == "mixed":
        return draw(_st_fz.lists(_st_fz.one_of(elements, fz_number), min_size=size,
                                 max_size=size))
    values = draw(_st_fz.lists(elements, min_size=size, max_size=size))
    if kind == "array":
        return _np_fz.array(values, dtype=draw(_st_fz.sampled_from([float, _np_fz.float32,
                                                                    object])))
    return tuple(values) if kind == "tuple" else values


@_st_fz.composite
def fz_name_list(draw, names=("A", "B", "C", "D")):
    """A partners/regions argument: names as list, tuple or set, else a malformed value."""
    good = _st_fz.lists(_st_fz.sampled_from(names), max_size=3)
    return draw(_st_fz.one_of(good, good.map(tuple), good.map(set), fz_garbage,
                              _st_fz.lists(_st_fz.one_of(_st_fz.integers(0, 3), _st_fz.none()),
                                           min_size=1, max_size=2),
                              _st_fz.sampled_from(["B", "", ["", "B"]])))


@_st_fz.composite
def fz_aims(draw):
    """An aims/priorities mapping: valid, with unknown or non-string keys, or not a mapping."""
    keys = _st_fz.one_of(_st_fz.sampled_from(["security", "economy", "rights"]),
                         _st_fz.sampled_from(["safety", 1, None, ("a",)]))
    return draw(_st_fz.one_of(
        _st_fz.dictionaries(_st_fz.sampled_from(["security", "economy", "rights"]),
                            fz_param(fz_moderate), max_size=3),
        _st_fz.dictionaries(keys, fz_scalar, max_size=3), fz_garbage, _st_fz.none()))


@_st_fz.composite
def fz_payoff_tensor(draw):
    """A payoff argument for NormalFormGame: small valid games of any scale, or malformed ones."""
    kind = draw(_st_fz.sampled_from(["game", "game", "game", "scaled", "bad"]))
    if kind == "bad":
        return draw(_st_fz.one_of(
            fz_garbage, fz_number, fz_vector(),
            _st_fz.lists(_st_fz.lists(_st_fz.lists(fz_number, min_size=1, max_size=2),
                                      min_size=1, max_size=2), min_size=1, max_size=3)))
    p = draw(nf_payoffs(max_players=3, max_actions=3, max_profiles=27))
    if kind == "scaled":
        p = p * draw(_st_fz.sampled_from([1e-12, 1e-6, 1e6, 1e12, 1e100]))
    return p


#: a float of any magnitude (log-uniform over 1e-320..1e308, either sign, and the edges)
fz_wide = _st_fz.one_of(
    _st_fz.builds(lambda m, e, s: s * m * 10.0 ** e, _st_fz.floats(1.0, 9.99),
                  _st_fz.integers(-320, 307), _st_fz.sampled_from([1.0, 1.0, 1.0, -1.0])),
    _st_fz.sampled_from([x for x in FZ_EDGES if isinstance(x, float)]),
)
#: an integer count at or beyond the models' size limits
fz_big_count = _st_fz.sampled_from([0, 1, 2, 499, 500, 501, 3162, 3163, 10 ** 6 + 1, 10 ** 12,
                                    10 ** 400, -1])


@_st_fz.composite
def fz_extreme_like(draw, value):
    """A value of the same kind as ``value`` but of extreme magnitude (or at a limit)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return draw(fz_big_count)
    if isinstance(value, float):
        return draw(fz_wide)
    if isinstance(value, (list, tuple)) and all(isinstance(v, float) for v in value):
        if draw(_st_fz.booleans()):          # one common scale: the same game in other units
            scale = 10.0 ** draw(_st_fz.integers(-150, 150))
            return [v * scale for v in value]
        return [draw(_st_fz.one_of(_st_fz.just(v), fz_wide)) for v in value]
    return value


@_st_fz.composite
def fz_call(draw, valid):
    """Keyword arguments of one call: plausible (``valid``, a strategy of a dict), with
    some replaced by extreme values of the same kind, or one replaced by a wrong one.

    About 2/5 of the calls are plausible, 1/5 extreme and 2/5 have one wrong argument,
    so that every function is exercised on its working paths as well as its refusals.
    """
    kw = dict(draw(valid))
    mode = draw(_st_fz.sampled_from(["valid", "valid", "extreme", "bad", "bad"]))
    if mode == "extreme":
        for key in sorted(kw):
            if draw(_st_fz.booleans()):
                kw[key] = draw(fz_extreme_like(kw[key]))
    elif mode == "bad" and kw:
        key = draw(_st_fz.sampled_from(sorted(kw)))
        kw[key] = draw(_st_fz.one_of(fz_garbage, fz_number, fz_vector()))
    return kw


#: TOML literals a mutated scenario file may put in place of a value
FZ_TOML_LITERALS = ('"x"', "''", "1", "-1", "0", "1e400", "-inf", "inf", "nan", "true",
                    "[]", "[1, 2]", "[[1], [1, 2]]", "{}", "{ a = 1 }", "1979-05-27",
                    "99999999999999999999", "0x10", '"global"', '["A"]', "[[[[[[1]]]]]]",
                    "1.0e100", "1e-320", '"\\u0000"')


@_st_fz.composite
def fz_toml_text(draw):
    """The text (or bytes) of a scenario file: a valid one, then mutated at random.

    Mutations: replace a value by another TOML literal, delete a line,
    duplicate a line, truncate, insert junk characters, add unknown keys or
    tables, deep nesting, a byte-order mark, invalid UTF-8 bytes.
    """
    import re as _re

    from goodsgov.scenario_io import scenario_to_toml

    text = scenario_to_toml(draw(io_scenario(max_states=3)))
    for _ in range(draw(_st_fz.integers(min_value=0, max_value=3))):
        lines = text.split("\n")
        op = draw(_st_fz.sampled_from(["value", "value", "value", "delete", "duplicate",
                                       "truncate", "junk", "unknown", "nest", "bom"]))
        i = draw(_st_fz.integers(min_value=0, max_value=max(0, len(lines) - 1)))
        if op == "value":
            assignments = [k for k, ln in enumerate(lines) if _re.match(r"^\s*[\w\"']+\s*=", ln)]
            if assignments:
                k = draw(_st_fz.sampled_from(assignments))
                key = lines[k].split("=", 1)[0]
                lines[k] = f"{key}= {draw(_st_fz.sampled_from(FZ_TOML_LITERALS))}"
        elif op == "delete" and lines:
            del lines[i]
        elif op == "duplicate" and lines:
            lines.insert(i, lines[i])
        elif op == "truncate":
            cut = draw(_st_fz.integers(min_value=0, max_value=len(text)))
            lines = text[:cut].split("\n")
        elif op == "junk":
            junk = draw(_st_fz.text(alphabet="[]{}=\"'#,.\n\\ \t0a\x00\x7f\u00e9", max_size=6))
            lines.insert(i, junk)
        elif op == "unknown":
            lines.insert(i, draw(_st_fz.sampled_from(
                ["extra = 1", "[other]", "[[states]]", "[good]", "[[good]]", "states = 3",
                 "reach = 1", "regions = ['R']", "version = 2", 'format = "other"'])))
        elif op == "nest":
            depth = draw(_st_fz.sampled_from([3, 50, 150, 5000]))
            lines.insert(0, "reach = " + "[" * depth + "]" * depth)
        else:
            lines.insert(0, "\ufeff")
        text = "\n".join(lines)
    if draw(_st_fz.integers(min_value=0, max_value=9)) == 0:
        return text.encode("utf-8") + draw(_st_fz.sampled_from([b"\xff", b"\xc3", b"\x00"]))
    return text


# ---------------------------------------------------------------------------
# Model references (issue 11): random v2 games, scenarios, canonical draws, levers
# ---------------------------------------------------------------------------
import math as _math_mr  # noqa: E402

import numpy as _np_mr  # noqa: E402
from hypothesis import strategies as _st_mr  # noqa: E402

#: a share in [0, 1] (excludability, rivalry), the corners and the middle drawn often
mr_share = _st_mr.one_of(_st_mr.sampled_from([0.0, 1.0, 0.5]),
                         _st_mr.floats(min_value=0.0, max_value=1.0, allow_nan=False))
#: one positive factor over twelve orders of magnitude (scaling benefits and costs)
mr_factor = _st_mr.floats(min_value=-6.0, max_value=6.0, allow_nan=False).map(lambda x: 10.0 ** x)


@_st_mr.composite
def mr_arrays(draw, min_n: int = 3, max_n: int = 8, unit_diagonal: bool = True):
    """The arrays of a random v2 contribution game, as a dict.

    ``b`` (benefit weights in [0, 2], sometimes on a coarse grid so that
    ties and zeros occur), ``c`` (costs in [0.2, 3]), ``p`` (private
    benefits in [-0.5, 1], sometimes all zero), ``K`` (capacities: none,
    or some finite), ``D`` and ``N`` (entries in [0, 1], dense or sparse,
    unit diagonal unless ``unit_diagonal`` is False), ``e``, ``r``.
    """
    n = draw(_st_mr.integers(min_value=min_n, max_value=max_n))
    rng = _np_mr.random.default_rng(draw(_st_mr.integers(0, 2 ** 32 - 1)))
    density = draw(_st_mr.sampled_from([1.0, 0.7, 0.4]))

    def matrix():
        m = rng.uniform(0.0, 1.0, (n, n)) * (rng.uniform(size=(n, n)) < density)
        if unit_diagonal:
            _np_mr.fill_diagonal(m, 1.0)
        else:
            _np_mr.fill_diagonal(m, rng.uniform(0.0, 1.5, n))
        return m

    b = rng.uniform(0.0, 2.0, n)
    if draw(_st_mr.booleans()):
        b = _np_mr.round(b * 2.0) / 2.0
    p = rng.uniform(-0.5, 1.0, n) if draw(_st_mr.booleans()) else _np_mr.zeros(n)
    K = _np_mr.full(n, _math_mr.inf)
    if draw(_st_mr.booleans()):
        K = _np_mr.where(rng.uniform(size=n) < 0.5, rng.uniform(0.2, 3.0, n), _math_mr.inf)
    return {"b": b, "c": rng.uniform(0.2, 3.0, n), "p": p, "K": K, "D": matrix(), "N": matrix(),
            "e": draw(mr_share), "r": draw(mr_share)}


@_st_mr.composite
def mr_game(draw, min_n: int = 3, max_n: int = 8, unit_diagonal: bool = True):
    """A random :class:`goodsgov.ContributionGame` of the v2 model (see :func:`mr_arrays`)."""
    from goodsgov.games import ContributionGame

    a = draw(mr_arrays(min_n, max_n, unit_diagonal))
    return ContributionGame(benefit=a["b"], cost=a["c"], private_benefit=a["p"], capacity=a["K"],
                            domain=a["D"], excludable_reach=a["N"], excludability=a["e"],
                            rivalry=a["r"])


@_st_mr.composite
def mr_scenario(draw, min_n: int = 4, max_n: int = 12, excludability=None, rivalry=None,
                spillover=None):
    """A random :class:`goodsgov.Scenario` from a list of states.

    ``min_n``-``max_n`` states in 1-4 regions, random partner links (a
    state may have several), benefits in [0, 2], costs in [0.2, 3],
    private benefits in [-0.3, 0.5], capacities mostly unlimited; the good's
    excludability, rivalry and spillover range drawn unless given (the
    ``auto`` domain drawn often), and sometimes an explicit reach matrix.
    """
    from goodsgov import Good, Scenario, State

    n = draw(_st_mr.integers(min_value=min_n, max_value=max_n))
    n_regions = draw(_st_mr.integers(min_value=1, max_value=4))
    rng = _np_mr.random.default_rng(draw(_st_mr.integers(0, 2 ** 32 - 1)))
    regions = rng.integers(0, n_regions, n)
    links = _np_mr.triu(rng.uniform(size=(n, n)) < draw(_st_mr.sampled_from([0.0, 0.15, 0.35])), 1)
    names = [f"s{i}" for i in range(n)]
    finite = draw(_st_mr.booleans())
    states = [State(name=names[i], region=f"R{regions[i]}", benefit=float(rng.uniform(0.0, 2.0)),
                    cost=float(rng.uniform(0.2, 3.0)), private_benefit=float(rng.uniform(-0.3, 0.5)),
                    capacity=float(rng.uniform(0.5, 5.0)) if finite and rng.uniform() < 0.3
                    else _math_mr.inf,
                    partners=tuple(names[j] for j in _np_mr.flatnonzero(links[i])))
              for i in range(n)]
    spill = spillover if spillover is not None else draw(
        _st_mr.sampled_from(["auto", "auto", "auto", "global", "regional", "bilateral", "none"]))
    good = Good("random good",
                excludability=draw(mr_share) if excludability is None else excludability,
                rivalry=draw(mr_share) if rivalry is None else rivalry, spillover=spill)
    reach = None
    if spillover is None and draw(_st_mr.integers(0, 4)) == 0:
        reach = rng.uniform(0.0, 1.0, (n, n))
        _np_mr.fill_diagonal(reach, 1.0)
    return Scenario(good=good, states=states, reach=reach)


@_st_mr.composite
def mr_canonical(draw, min_n: int = 4, max_n: int = 12, excludability=None, rivalry=None):
    """One of the three canonical scenarios with drawn ``n_states``, ``n_regions``,
    ``excludability``, ``rivalry`` and ``benefit_spread`` (the good's values unless given)."""
    import goodsgov as gg

    build = draw(_st_mr.sampled_from([gg.refugee_protection, gg.irregular_migration,
                                      gg.skilled_labour]))
    n = draw(_st_mr.integers(min_value=min_n, max_value=max_n))
    return build(n_states=n, n_regions=draw(_st_mr.integers(min_value=1, max_value=min(n, 6))),
                 excludability=draw(mr_share) if excludability is None else excludability,
                 rivalry=draw(mr_share) if rivalry is None else rivalry,
                 benefit_spread=draw(_st_mr.floats(min_value=0.0, max_value=1.0, allow_nan=False)))


def mr_any_scenario(min_n: int = 4, max_n: int = 12, **good):
    """A canonical scenario or one from a random list of states (see above)."""
    return _st_mr.one_of(mr_canonical(min_n, max_n, **good), mr_scenario(min_n, max_n, **good))


@_st_mr.composite
def mr_levers(draw):
    """Levers: donor funding of members' costs, side payments and a budget (often binding)."""
    from goodsgov import Levers

    return Levers(funding=draw(_st_mr.one_of(_st_mr.just(0.0), _st_mr.floats(min_value=0.0, max_value=0.9))),
                  side_payment=draw(_st_mr.one_of(_st_mr.just(0.0),
                                                  _st_mr.floats(min_value=0.0, max_value=2.0))),
                  budget=draw(_st_mr.one_of(_st_mr.just(_math_mr.inf),
                                            _st_mr.floats(min_value=0.0, max_value=30.0))))


@_st_mr.composite
def mr_weighted_scenario(draw, min_n: int = 4, max_n: int = 10):
    """A :func:`mr_scenario` whose good is a weighted sum (weights in [0.1, 3], one per state)."""
    s = draw(mr_scenario(min_n, max_n))
    weights = draw(_st_mr.lists(_st_mr.floats(min_value=0.1, max_value=3.0), min_size=s.n_states,
                                max_size=s.n_states))
    return s.replace(good=s.good.replace(aggregation="weighted", weights=weights))
