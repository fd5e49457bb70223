"""Equilibrium engine benchmark: goodsgov vs nashpy, QuantEcon and pygambit in one process.

Run:  python benchmarks/bench_equilibria.py [--games 5] [--players 14]

Every solver sees the same seeded games.  For each solver the table gives the
time (per game; the minimum over repeats for the fast solvers, so that load
from other processes inflates it least), the ratio to goodsgov, and the
equilibria found against the reference (pygambit's ``enummixed`` for mixed
equilibria, which is exact; for pure equilibria the reference is the
intersection check by brute force of QuantEcon's ``pure_nash_brute``).
Targets (issue 4): 12x12 all equilibria 100 % found and no slower than
QuantEcon's vertex enumeration; 14-player binary pure equilibria >= 10x faster
than ``pure_nash_brute`` and within 2x of one read of the payoff tensor
(``payoffs.max()``, measured in the same run).  Peers that are not installed
are reported as skipped.
"""

from __future__ import annotations

import argparse
import platform
import time
import warnings

import numpy as np

from goodsgov.games.normal_form import NormalFormGame
from goodsgov.solvers.enumeration import vertex_enumeration
from goodsgov.solvers.pure import pure_equilibria

try:
    import quantecon.game_theory as qe_gt
except ImportError:  # pragma: no cover
    qe_gt = None
try:
    import pygambit as gbt
except ImportError:  # pragma: no cover
    gbt = None
try:
    import nashpy
except ImportError:  # pragma: no cover
    nashpy = None


def timed(fn, repeats=1):
    """(result, best time over ``repeats``)."""
    best = np.inf
    out = None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return out, best


def count_matches(found, ref, atol=1e-6):
    """How many reference equilibria appear in ``found``."""
    hits = 0
    for x, y in ref:
        if any(np.allclose(x, u, atol=atol) and np.allclose(y, v, atol=atol) for u, v in found):
            hits += 1
    return hits


def gambit_mixed(A, B):
    G = gbt.Game.from_arrays(A, B)
    res = gbt.nash.enummixed_solve(G, rational=False)
    out = []
    pl = list(G.players)
    for eq in res.equilibria:
        x = np.array([float(eq[s]) for s in pl[0].strategies])
        y = np.array([float(eq[s]) for s in pl[1].strategies])
        if not any(np.allclose(x, u, atol=1e-9) and np.allclose(y, v, atol=1e-9) for u, v in out):
            out.append((x, y))
    return out


def qe_vertex(A, B):
    g = qe_gt.NormalFormGame((qe_gt.Player(A), qe_gt.Player(B.T)))
    return [(np.asarray(x), np.asarray(y)) for x, y in qe_gt.vertex_enumeration(g)]


def nashpy_solver(kind):
    def run(A, B):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            g = nashpy.Game(A, B)
            it = g.vertex_enumeration() if kind == "vertex" else g.support_enumeration()
            return [(np.asarray(x), np.asarray(y)) for x, y in it]
    return run


def mixed_section(size, n_games, seed, with_nashpy):
    rng = np.random.default_rng(seed)
    games = [tuple(rng.normal(size=(2, size, size))) for _ in range(n_games)]
    solvers = [("goodsgov vertex_enumeration", vertex_enumeration, 3)]
    if qe_gt is not None:
        # warm the numba JIT outside the timed region
        qe_vertex(*games[0])
        solvers.append(("quantecon vertex_enumeration", qe_vertex, 3))
    if gbt is not None:
        solvers.append(("pygambit enummixed (float)", gambit_mixed, 1))
    if nashpy is not None and with_nashpy:
        solvers.append(("nashpy vertex_enumeration", nashpy_solver("vertex"), 1))
        solvers.append(("nashpy support_enumeration", nashpy_solver("support"), 1))
    results = {name: ([], []) for name, _, _ in solvers}
    for A, B in games:
        for name, fn, rep in solvers:
            out, t = timed(lambda: fn(A, B), rep)
            results[name][0].append(out)
            results[name][1].append(t)
    # reference: pygambit if present, else goodsgov (stated in the table)
    ref_name = "pygambit enummixed (float)" if gbt is not None else "goodsgov vertex_enumeration"
    refs = results[ref_name][0]
    ref_total = sum(len(r) for r in refs)
    base = float(np.mean(results["goodsgov vertex_enumeration"][1]))
    rows = []
    for name, _, _ in solvers:
        outs, times = results[name]
        found = sum(count_matches(o, r) for o, r in zip(outs, refs))
        extra = sum(len(o) for o in outs) - found
        mean = float(np.mean(times))
        rows.append((name, mean, mean / base, f"{found}/{ref_total}" + (f" (+{extra} other)" if extra else "")))
    return rows, ref_name


def pure_section(n_players, seed, repeats=20):
    rng = np.random.default_rng(seed)
    p = rng.normal(size=(n_players,) + (2,) * n_players)
    _, floor = timed(lambda: p.max(), repeats)
    eqs, t_gg = timed(lambda: pure_equilibria(p), repeats)
    rows = [("payoffs.max() (one read of the tensor)", floor, floor / t_gg, "-"),
            ("goodsgov pure_equilibria", t_gg, 1.0, f"{len(eqs)}")]
    ref = set(eqs)
    if qe_gt is not None and n_players <= 14:
        players = [qe_gt.Player(np.transpose(p[i], [(i + k) % n_players for k in range(n_players)]))
                   for i in range(n_players)]
        g = qe_gt.NormalFormGame(players)
        qe_gt.pure_nash_brute(qe_gt.NormalFormGame((qe_gt.Player(np.eye(2)),) * 2))  # JIT warm-up
        out, t = timed(lambda: qe_gt.pure_nash_brute(g), 1)
        got = {tuple(int(a) for a in e) for e in out}
        rows.append(("quantecon pure_nash_brute", t, t / t_gg, f"{len(got & ref)}/{len(ref)} ({len(got)} found)"))
    if gbt is not None and n_players <= 14:
        G, t_build = timed(lambda: gbt.Game.from_arrays(*[p[i] for i in range(n_players)]), 1)
        res, t = timed(lambda: gbt.nash.enumpure_solve(G), 1)
        pl = list(G.players)
        got = {tuple(int(np.argmax([float(eq[s]) for s in q.strategies])) for q in pl) for eq in res.equilibria}
        rows.append(("pygambit enumpure (solve only)", t, t / t_gg, f"{len(got & ref)}/{len(ref)}"))
        rows.append(("pygambit Game.from_arrays (build only)", t_build, t_build / t_gg, "-"))
    return rows, floor, t_gg


def table(title, rows):
    print(f"\n{title}\n")
    print("| solver | time per game | ratio to goodsgov | equilibria found |")
    print("|---|---:|---:|---|")
    for name, t, r, found in rows:
        unit = f"{t * 1e3:.3f} ms" if t < 1 else f"{t:.2f} s"
        print(f"| {name} | {unit} | {r:.2f} | {found} |")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=5, help="random 12x12 games")
    ap.add_argument("--players", type=int, default=14, help="players of the binary pure-equilibrium game")
    ap.add_argument("--seed", type=int, default=20240601)
    args = ap.parse_args(argv)
    print(f"python {platform.python_version()}, numpy {np.__version__}, "
          f"{platform.machine()} {platform.processor() or ''}".strip())
    rows, ref = mixed_section(12, args.games, args.seed, with_nashpy=False)
    table(f"All equilibria, {args.games} random 12x12 games (N(0,1) payoffs, non-degenerate); "
          f"reference: {ref}; nashpy skipped (minutes per game)", rows)
    rows, ref = mixed_section(8, 3, args.seed + 1, with_nashpy=True)
    table(f"All equilibria, 3 random 8x8 games; reference: {ref}", rows)
    for n in (args.players, 18, 20):
        rows, floor, t_gg = pure_section(n, args.seed + n)
        table(f"Pure equilibria, random {n}-player binary game ({n * 2 ** n:,} payoffs); "
              f"goodsgov / floor = {t_gg / floor:.2f}", rows)


if __name__ == "__main__":
    main()
