"""goodsgov's compiled kernels against the plain-numpy reference, by brute force.

Each case is a seeded random game of :func:`references.institutions.random_game`
built twice: as the reference's :class:`~references.institutions.Game` and as a
:class:`goodsgov.Scenario` whose ``auto`` domain is the same game (``D = 1``,
``N[i, j] = 1`` for ``i == j`` or partners 0-1, 2-3, ..., else ``(1 - r)`` within a
region, ``U = N``; checked).  Compared: provision, payoffs, decision costs, every
stability verdict and gain of :func:`goodsgov.governance.evaluate`; the largest
internally stable agreement (:func:`~goodsgov.solvers.contribution.coalitions.stable_exhaustive`);
the deepest depth a whole coalition sustains
(:func:`~goodsgov.solvers.contribution.treaties.broad_depth`); the pairwise-stable
deal networks (:func:`~goodsgov.solvers.contribution.deals.stable_networks`,
Jackson & Wolinsky 1996).

Tolerances: payoffs to ``1e-9`` times the mean absolute status-quo payoff (the
kernels' ``unit``); stability verdicts use the kernels' tolerance ``tol = 1e-9 unit``
on both sides, and a verdict is compared only when the reference gives the same
verdict at ``tol (1 - 1e-4)`` and ``tol (1 + 1e-4)`` (otherwise a gain sits on the
tolerance and either verdict is right up to rounding: that verdict is not compared,
and an enumeration with such a tie is skipped; none of the seeded cases here has one).
Each comparison is also checked to meet both answers (stable and not) among its seeds.

:func:`test_broad_depth_where_a_gain_is_quadratic_from_zero` pins the cases of a
disagreement found by this comparison and fixed in the kernel (the bound is fitted
with half the tolerance, so its check at the tolerance has a margin).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pytest
from references import institutions as ref

import goodsgov as gg
from goodsgov.governance import evaluate, pipeline
from goodsgov.governance.kernel import stakes as kernel_stakes
from goodsgov.solvers.contribution.coalitions import stable_exhaustive
from goodsgov.solvers.contribution.deals import deal_network, improving_paths, stable_networks
from goodsgov.solvers.contribution.provision import admission_of, full_depth, solve_all
from goodsgov.solvers.contribution.stability import agreement_gains, outsider_gains
from goodsgov.solvers.contribution.treaties import broad_depth_of

FORMS = ("pair", "member", "institution")
KAPPAS = (0.0, 0.1, 0.25)
#: a verdict counts as a tie when it changes between tol (1 - TIE) and tol (1 + TIE)
TIE = 1e-4


# ------------------------------------------------------------------ one game, both sides
@dataclass(frozen=True, eq=False)
class Case:
    """A reference game and the same game compiled by goodsgov."""

    game: ref.Game
    scenario: gg.Scenario
    names: tuple
    games: tuple
    opts: object
    stake: np.ndarray
    unit: float
    kappa: float
    form: str

    @property
    def tol(self) -> float:
        return 1e-9 * self.unit

    @property
    def n(self) -> int:
        return self.game.n


def _scenario(game: ref.Game, regions) -> tuple[gg.Scenario, tuple]:
    """``game`` as a goodsgov scenario with the auto domain (partners 0-1, 2-3, ...)."""
    n = game.n
    names = tuple(f"S{i}" for i in range(n))
    states = tuple(gg.State(names[i], f"R{int(regions[i])}", benefit=float(game.b[i]),
                            cost=float(game.c[i]), private_benefit=float(game.p[i]),
                            capacity=float(game.K[i]),
                            partners=(names[i ^ 1],) if (i ^ 1) < n else ())
                   for i in range(n))
    return gg.Scenario(gg.Good("g", excludability=game.e, rivalry=game.r), states), names


def _case(seed: int, n: int, e: float, r: float, kappa: float, form: str,
          capacity: bool = False, transfers: bool = False) -> Case:
    rng = np.random.default_rng(seed)
    regions = rng.integers(0, 2, size=n)
    game = ref.random_game(n, rng, e=e, r=r, regions=regions, capacity=capacity)
    return _compile(game, regions, kappa, form, transfers)


def _compile(game: ref.Game, regions, kappa: float, form: str, transfers: bool = False) -> Case:
    """The reference ``game`` (of :func:`~references.institutions.random_game` on
    ``regions``) compiled by goodsgov, its records checked against it."""
    n = game.n
    sc, names = _scenario(game, regions)
    levers = gg.Levers(transfers=transfers)
    games = pipeline.records(sc, levers)
    opts = pipeline.options(levers, decision_cost=kappa, decision_cost_form=form).record
    G = games[0]
    assert len(games) == 1
    for name in "DNU":  # the scenario's auto domain is the reference's geography
        np.testing.assert_array_equal(getattr(G, name), getattr(game, name), err_msg=name)
    np.testing.assert_array_equal(G.b, game.b)
    np.testing.assert_array_equal(G.c, game.c)
    np.testing.assert_array_equal(G.p, game.p)
    np.testing.assert_array_equal(G.K, game.K)
    assert (G.e, G.r) == (game.e, game.r)
    np.testing.assert_allclose(G.g0, ref.status_quo_provision(game), rtol=1e-14, atol=0)
    stake = kernel_stakes(games)
    np.testing.assert_allclose(stake, ref.stakes(game), rtol=1e-13, atol=0)
    nash = solve_all(games, np.eye(n, dtype=bool), opts, False, full_depth(n)).payoffs
    sq = ref.payoffs(game, np.arange(n), 1.0)
    np.testing.assert_allclose(nash, sq.pi, rtol=1e-12, atol=1e-12)
    unit = float(np.mean(np.abs(nash))) or 1.0
    return Case(game, sc, names, games, opts, stake, unit, kappa, form)


def _draw(seed: int, n_low: int, n_high: int, capacity_share: float = 0.3) -> Case:
    """A random case: ``n`` in [n_low, n_high], ``e`` and ``r`` in [0, 1], every
    decision-cost level and form."""
    rng = np.random.default_rng([seed, 7])
    n = int(rng.integers(n_low, n_high + 1))
    e, r = (float(rng.choice([0.0, 1.0, rng.uniform()], p=[0.1, 0.1, 0.8])) for _ in range(2))
    kappa = float(rng.choice(KAPPAS))
    form = str(rng.choice(FORMS))
    return _case(seed, n, e, r, kappa, form, capacity=bool(rng.random() < capacity_share))


def _robust(verdict, tol: float):
    """``verdict(tol)``, or None when it changes within ``tol (1 +- TIE)`` (a tie)."""
    low, high = verdict(tol * (1 - TIE)), verdict(tol * (1 + TIE))
    return low if low == high else None


# ------------------------------------------------------------------------- evaluate
def _arrangement(case: Case, rng: np.random.Generator):
    """Random agreements (groups of two or more, each at its own depth) and deals
    among the states outside them."""
    n = case.n
    order = rng.permutation(n).tolist()
    groups = []
    while len(order) >= 2 and len(groups) < 2 and rng.random() < 0.7:
        size = int(rng.integers(2, len(order) + 1))
        groups.append(sorted(order[:size]))
        order = order[size:]
    deals = [pair for pair in itertools.combinations(sorted(order), 2) if rng.random() < 0.35]
    if not groups and not deals:
        groups.append(sorted(rng.choice(n, size=2, replace=False).tolist()))
    depths = [float(rng.choice([0.0, 1.0, rng.uniform()], p=[0.15, 0.25, 0.6])) for _ in groups]
    return groups, deals, depths


def _labels(n: int, groups) -> np.ndarray:
    labels = np.arange(n)
    for members in groups:
        labels[members] = members[0]
    return labels


@pytest.mark.parametrize("seed", range(40))
def test_evaluate_matches_reference(seed):
    case = _draw(seed, 2, 8)
    game, n, tol = case.game, case.n, case.tol
    atol = 1e-9 * case.unit
    rng = np.random.default_rng([seed, 11])
    groups, deals, depths = _arrangement(case, rng)
    labels = _labels(n, groups)
    depth_of = {members[0]: d for members, d in zip(groups, depths)}
    ev = evaluate(case.scenario, agreements=[[case.names[i] for i in m] for m in groups],
                  deals=[(case.names[i], case.names[j]) for i, j in deals], depth=depths,
                  decision_cost=case.kappa, decision_cost_form=case.form)
    want = ref.payoffs(game, labels, depth_of, deals, case.kappa, case.form)
    st = ev.states
    np.testing.assert_allclose(st.provision.to_numpy(), want.g, rtol=0, atol=atol)
    np.testing.assert_allclose(st.payoff.to_numpy(), want.pi, rtol=0, atol=atol)
    np.testing.assert_allclose(st.decision_cost.to_numpy(), want.delta, rtol=0, atol=atol)
    np.testing.assert_allclose(st.net_payoff.to_numpy(), want.net, rtol=0, atol=atol)
    assert ev.welfare == pytest.approx(want.pi.sum(), rel=0, abs=atol * n)
    assert ev.net_welfare == pytest.approx(want.welfare, rel=0, abs=atol * n)
    assert ev.decision_cost == pytest.approx(want.delta.sum(), rel=0, abs=atol * n)

    # the kernels' gains from leaving and joining, value by value
    M = admission_of(labels)
    for i, j in deals:
        M[i, j] = M[j, i] = True
    eq = solve_all(case.games, M, case.opts, False, np.array([depth_of.get(lab, 1.0) for lab in labels]))
    rows = ev.institutions
    agreements = rows[rows.kind == "agreement"].reset_index(drop=True)
    assert len(agreements) == len(groups)
    for k, (members, d) in enumerate(zip(groups, depths)):
        row = agreements.loc[k]
        assert row.members == tuple(case.names[i] for i in members)
        assert row.provision == pytest.approx(want.g[members].sum(), rel=0, abs=atol * n)
        assert row.decision_cost == pytest.approx(want.delta[members].sum(), rel=0, abs=atol * n)
        idx = np.array(members)
        for convention, column in (("exclusion", "internally_stable"), ("open", "internally_stable_open")):
            stay = ref.internal_gains(game, labels, depth_of, members, deals, case.kappa, case.form,
                                      convention)
            leave = agreement_gains(case.games, M, idx, eq, case.opts, convention == "open", d, case.stake)
            np.testing.assert_allclose(leave, [-stay[i] for i in members], rtol=0, atol=atol,
                                       err_msg=convention)
            verdict = _robust(lambda t, S=members, convention=convention: ref.internally_stable(
                game, labels, depth_of, S, deals, case.kappa, case.form, convention, t), tol)
            if verdict is not None:
                assert bool(row[column]) == verdict, column
        # external stability: the 'arrangement' reading, the agreement alone with the rest alone
        alone = ref.coalition_labels(n, members)
        mask = np.zeros(n, dtype=bool)
        mask[idx] = True
        join = outsider_gains(case.games, mask, d, case.stake, case.opts)
        want_join = ref.external_gains(game, alone, d, members, (), case.kappa, case.form)
        assert sorted(want_join) == join.outsiders.tolist()
        np.testing.assert_allclose(join.gains, [want_join[o] for o in join.outsiders], rtol=0, atol=atol)
        verdict = _robust(lambda t, lab=alone, d=d, S=members: ref.externally_stable(
            game, lab, d, S, (), case.kappa, case.form, "exclusion", "arrangement", t), tol)
        if verdict is not None:
            assert bool(row.externally_stable) == verdict

    # deals: each kept unless one of its states gains from ending it (no transfers)
    kept = rows[rows.kind == "deal"].reset_index(drop=True)
    assert len(kept) == len(deals)
    for t, (i, j) in enumerate(sorted(deals)):
        assert kept.loc[t].members == (case.names[i], case.names[j])
        rest = [p for p in deals if p != (i, j)]
        without = ref.payoffs(game, labels, depth_of, rest, case.kappa, case.form).net
        gi, gj = want.net[i] - without[i], want.net[j] - without[j]
        verdict = _robust(lambda t, gi=gi, gj=gj: min(gi, gj) >= -t, tol)
        if verdict is not None:
            assert bool(kept.loc[t].internally_stable) == verdict
    if deals:
        verdict = _robust(lambda t: ref.is_pairwise_stable(game, deals, case.kappa, case.form, t,
                                                           transfers=False), tol)
        if verdict is not None:
            assert ev.pairwise_stable is verdict
    else:
        assert ev.pairwise_stable is None


def test_evaluate_cases_cover_both_verdicts():
    """The seeded arrangements above meet stable and unstable agreements and deals
    (so the comparisons are not all of one kind)."""
    seen = set()
    for seed in range(40):
        case = _draw(seed, 2, 8)
        groups, deals, depths = _arrangement(case, np.random.default_rng([seed, 11]))
        labels = _labels(case.n, groups)
        depth_of = {members[0]: d for members, d in zip(groups, depths)}
        for members in groups:
            for convention in ref.CONVENTIONS:
                seen.add((convention, ref.internally_stable(
                    case.game, labels, depth_of, members, deals, case.kappa, case.form,
                    convention, case.tol)))
        if deals:
            seen.add(("pairwise", ref.is_pairwise_stable(case.game, deals, case.kappa, case.form,
                                                         case.tol, transfers=False)))
    assert seen == {(kind, v) for kind in ("exclusion", "open", "pairwise") for v in (True, False)}


# ------------------------------------------------------------ the largest agreement
def _largest_internally_stable(case: Case, tol: float):
    found = ref.stable_coalitions(case.game, 1.0, case.kappa, case.form, tol=tol, external=False)
    coalitions = [S for S in found if len(S) >= 2]
    top = max((len(S) for S in coalitions), default=0)
    return top, [S for S in coalitions if len(S) == top]


@pytest.mark.parametrize("seed", range(30))
def test_stable_exhaustive_is_the_largest_internally_stable_agreement(seed):
    case = _draw(seed, 2, 9)
    mask = stable_exhaustive(case.games, case.stake, case.opts, case.tol)
    low = _largest_internally_stable(case, case.tol * (1 - TIE))
    high = _largest_internally_stable(case, case.tol * (1 + TIE))
    if low != high:
        pytest.skip("a gain sits on the tolerance")
    top, largest = high
    assert int(mask.sum()) == top
    if top == 0:
        return
    S = frozenset(np.flatnonzero(mask).tolist())
    assert S in largest
    # ties of size go to the higher welfare (before decision costs, as the kernel ranks)
    welfare = {T: ref.payoffs(case.game, ref.coalition_labels(case.n, T), 1.0).pi.sum() for T in largest}
    assert welfare[S] >= max(welfare.values()) - 1e-9 * case.unit * case.n


def test_stable_exhaustive_cases_cover_sizes():
    sizes = {int(stable_exhaustive(c.games, c.stake, c.opts, c.tol).sum())
             for c in (_draw(seed, 2, 9) for seed in range(30))}
    assert {0, 2, 3} <= sizes and max(sizes) >= 4


# ---------------------------------------------------------------- breadth and depth
def _stay_gains(case: Case, S, d: float) -> np.ndarray:
    """Each member's gain from leaving coalition ``S`` at depth ``d`` (the rest alone)."""
    lab = ref.coalition_labels(case.n, S)
    stay = ref.internal_gains(case.game, lab, d, S, (), case.kappa, case.form)
    return -np.array([stay[k] for k in S])


def _draw_coalition(seed: int):
    case = _draw(seed, 2, 8)
    rng = np.random.default_rng([seed, 13])
    S = sorted(rng.choice(case.n, size=int(rng.integers(2, case.n + 1)), replace=False).tolist())
    return case, S


def _check_broad_depth(case: Case, S) -> str:
    """Compare :func:`broad_depth` with the reference; returns the kind of agreement."""
    tol = case.tol
    mask = np.zeros(case.n, dtype=bool)
    mask[S] = True
    got = broad_depth_of(case.games, mask, case.stake, case.opts, tol)
    if got >= 0.0:
        assert 0.0 <= got <= 1.0
        # it holds there: its depth is where a gain reaches tol, so allow rounding above it
        assert _stay_gains(case, S, got).max() <= tol * (1 + TIE)
        # and nothing deeper holds: on a grid of 257 depths and just beyond the answer
        # (the kernel steps a relative 1e-9 inside its bound, so 1 comes out as 1 - 1e-9)
        # some member gains from leaving. Gains in (0, tol] are left to the tolerance: a
        # bound fitted anywhere within it is right, so a member must gain, not gain > tol.
        deeper = [d for d in np.linspace(0.0, 1.0, 257) if d > got + 1e-7]
        deeper += [got + 1e-7] if got + 1e-7 <= 1.0 else []
        for d in deeper:
            assert _stay_gains(case, S, d).max() > 0.0, d
        return "depth"
    # -1: the reference finds no depth of a fine grid (and bisection) where all stay
    found = ref.max_stable_depth(case.game, S, case.kappa, case.form, tol=tol, grid=128)
    assert found is None, f"kernel -1, reference holds up to depth {found}"
    return "none"


@pytest.mark.parametrize("seed", range(60))
def test_broad_depth_matches_reference(seed):
    _check_broad_depth(*_draw_coalition(seed))


def test_broad_depth_cases_cover_both_answers():
    kinds = set()
    for seed in range(60):
        case, S = _draw_coalition(seed)
        mask = np.zeros(case.n, dtype=bool)
        mask[S] = True
        got = broad_depth_of(case.games, mask, case.stake, case.opts, case.tol)
        kinds.add("depth 1" if got >= 1.0 - 1e-8 else "depth < 1" if got >= 0 else "none")
    assert kinds == {"depth 1", "depth < 1", "none"}


@pytest.mark.parametrize("seed", [262, 121, 631, 1543, 1845])
def test_broad_depth_where_a_gain_is_quadratic_from_zero(seed):
    """The disagreements of a scan of 2,000 seeds of :func:`_draw_coalition` (all
    capacity-bound, ``kappa = 0``). A member's gain from leaving is ``C d^2`` with no
    linear term when the rest's provision does not respond to it (they sit at
    capacity): the coalition holds exactly at depth 0 and, within ``tol``, up to
    ``sqrt(tol / C)`` (about 1e-4). broad_depth fits that bound and checks
    ``hi (1 - 1e-9)``, where the gain is ``tol (1 - 2e-9)``: a margin of about 1e-17
    against rounding of about 1e-16, so the check fails and it returns -1. Seed 262:
    two states, ``e = 0``, ``r = 1``, ``S = {0, 1}``, state 1 capped at its status-quo
    provision (``K = g0 = gS = 0.623``)."""
    case, S = _draw_coalition(seed)
    assert np.isfinite(case.game.K[S]).any() and case.kappa == 0.0
    assert np.all(_stay_gains(case, S, 0.0) == 0.0)  # at depth 0 the coalition holds exactly
    _check_broad_depth(case, S)


# --------------------------------------------------------------------- deal networks
def _network(M: np.ndarray) -> frozenset:
    n = M.shape[0]
    return frozenset((i, j) for i in range(n) for j in range(i + 1, n) if M[i, j])


def _check_networks(case: Case, transfers: bool) -> int:
    tol = case.tol
    count, M = stable_networks(case.games, case.opts, tol, case.stake)
    nets = ref.network_payoffs(case.game, case.kappa, case.form)
    low, high = (ref.pairwise_stable_networks(case.game, case.kappa, case.form, tol * f, transfers, nets)
                 for f in (1 - TIE, 1 + TIE))
    if set(low) != set(high):
        pytest.skip("a gain sits on the tolerance")
    assert count == len(high)
    lab = np.arange(case.n)
    best = _network(M)
    if not high:
        assert best == frozenset()
        return 0
    assert best in high
    welfare = {net: ref.payoffs(case.game, lab, 1.0, net, case.kappa, case.form).welfare for net in high}
    assert welfare[best] >= max(welfare.values()) - tol - 1e-9 * case.unit * case.n
    return count


#: seeds of the deal-network comparison: the first 40 draws and one with no
#: pairwise-stable network (found by a search of the first 200)
NETWORK_SEEDS = [*range(40), 165]


@pytest.mark.parametrize("seed", NETWORK_SEEDS)
def test_stable_networks_match_reference(seed):
    _check_networks(_draw(seed, 2, 5), transfers=False)


def test_stable_networks_match_reference_on_an_improving_cycle():
    """The reference's pinned game without a pairwise-stable network (no transfers):
    state 1 takes either deal but not both (see test_references_institutions)."""
    rng = np.random.default_rng(779)
    e, r = float(rng.uniform(0, 1)), float(rng.uniform(0, 3))
    kappa, form = float(rng.choice([0.0, 0.02, 0.1])), str(rng.choice(FORMS))
    game = ref.random_game(3, rng, e=e, r=r, n_regions=1)
    assert (kappa, form) == (0.1, "member") and r < 1
    assert _check_networks(_compile(game, [0, 0, 0], kappa, form), transfers=False) == 0


@pytest.mark.parametrize("seed", range(10))
def test_stable_networks_with_transfers_match_reference(seed):
    rng = np.random.default_rng([seed, 17])
    case = _case(seed, int(rng.integers(2, 6)), float(rng.uniform()), float(rng.uniform()),
                 float(rng.choice(KAPPAS)), str(rng.choice(FORMS)), transfers=True)
    _check_networks(case, transfers=True)


def _blocking_reference(case: Case, network: frozenset, tol: float) -> set:
    """Pairs whose deal status does not hold in ``network`` (no transfers), by brute force."""
    return {pair for pair in ref.all_pairs(case.n)
            if not ref._link_holds(*ref.pair_gains(case.game, network, pair, case.kappa, case.form),
                                   pair in network, False, tol)}


#: draws of up to six states where the deal dynamic ends blocked (found by a search of
#: the first 600): 32, 259 with no pairwise-stable network, 76, 147, 166 with 2, 4, 1
BLOCKED_SEEDS = [32, 76, 147, 166, 259]


@pytest.mark.parametrize("seed, n_high", [(s, 5) for s in NETWORK_SEEDS] + [(s, 6) for s in BLOCKED_SEEDS])
def test_deal_dynamic_reports_the_pairs_that_block_its_network(seed, n_high):
    """The network the deal dynamic reaches, and the pairs it reports as blocking it
    (every pair that would change its deal), against brute force."""
    case = _draw(seed, 2, n_high)
    reached = deal_network(case.games, case.opts, case.tol, case.stake)
    network = _network(reached.adjacency)
    low = _blocking_reference(case, network, case.tol * (1 - TIE))
    high = _blocking_reference(case, network, case.tol * (1 + TIE))
    if low != high:
        pytest.skip("a gain sits on the tolerance")
    assert set(map(tuple, reached.blocking.tolist())) == high
    assert reached.pairwise_stable is (not high)
    assert bool(high) is (seed in BLOCKED_SEEDS and n_high == 6 or seed == 165)


def test_deal_dynamic_is_blocked_where_no_network_is_stable():
    """Seed 165 has no pairwise-stable network: whatever the dynamic reaches, some pair blocks it."""
    case = _draw(165, 2, 5)
    assert stable_networks(case.games, case.opts, case.tol, case.stake)[0] == 0
    reached = deal_network(case.games, case.opts, case.tol, case.stake)
    assert not reached.pairwise_stable and len(reached.blocking) > 0


@pytest.mark.parametrize("seed", [*BLOCKED_SEEDS, 165])
def test_improving_paths_end_at_a_pairwise_stable_network_or_say_what_blocks(seed):
    """A random improving path from the network the dynamic reached, against the
    enumeration of every network: where it ends, the network is pairwise stable
    (one of the reference's) or its blocking pairs are the reference's; where no
    network is pairwise stable it cannot end at one. Seeded: the same path twice."""
    case = _draw(seed, 2, 5 if seed == 165 else 6)
    reached = deal_network(case.games, case.opts, case.tol, case.stake)
    assert not reached.pairwise_stable
    opts = case.opts._replace(paths=True, seed=seed)
    path = improving_paths(case.games, reached.adjacency, opts, case.tol, case.stake)
    again = improving_paths(case.games, reached.adjacency, opts, case.tol, case.stake)
    assert np.array_equal(path.adjacency, again.adjacency)
    network = _network(path.adjacency)
    blocking = [_blocking_reference(case, network, case.tol * f) for f in (1 - TIE, 1 + TIE)]
    nets = ref.network_payoffs(case.game, case.kappa, case.form)
    stable = [set(ref.pairwise_stable_networks(case.game, case.kappa, case.form, case.tol * f, False, nets))
              for f in (1 - TIE, 1 + TIE)]
    if blocking[0] != blocking[1] or stable[0] != stable[1]:
        pytest.skip("a gain sits on the tolerance")
    assert set(map(tuple, path.blocking.tolist())) == blocking[1]
    assert path.pairwise_stable is (network in stable[1])
    # pairwise-stable networks exist for 76, 147 and 166; from 147's and 166's reached network the
    # path finds one (20 seeds of 20), from 76's it stays in a closed cycle (0 of 20)
    assert bool(stable[1]) is (seed in (76, 147, 166))
    assert path.pairwise_stable is (seed in (147, 166))


def test_stable_network_counts_cover_none_and_several():
    counts = {stable_networks(c.games, c.opts, c.tol, c.stake)[0]
              for c in (_draw(seed, 2, 5) for seed in NETWORK_SEEDS)}
    assert 0 in counts and 1 in counts and max(counts) >= 2
