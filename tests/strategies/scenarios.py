"""Strategies for scenarios and contribution games: valid random scenarios, scenarios
exercising every TOML field, and the random games, scenarios, canonical draws and levers
that the independent references of the prediction model use."""

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
