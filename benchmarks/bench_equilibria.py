"""Equilibrium engine benchmark: goodsgov vs QuantEcon, nashpy and pygambit in one process.

Run:  python benchmarks/bench_equilibria.py [--games 5] [--players 14] [--sizes 4,6,...,16]

Every solver sees the same seeded games.  All equilibria: for each size
from 4x4 to 16x16, random games with N(0, 1) payoffs (non-degenerate), timed
game by game with the solvers interleaved, each solver's time the minimum
over repeats (so that load from other processes inflates it least); the
table gives the time per game, the ratio goodsgov / QuantEcon, and the
equilibria found against the reference (pygambit's exact ``enummixed``
where it runs, at 8x8 and 12x12; elsewhere QuantEcon's vertex
enumeration).  goodsgov is timed through its public call,
``NormalFormGame.equilibria()`` on a built game, QuantEcon through
``vertex_enumeration`` on a built game (numba functions warmed up first).
Target (issue 13): goodsgov / QuantEcon <= 1.0 at every size.  Pure
equilibria of binary games: goodsgov against QuantEcon's ``pure_nash_brute``,
pygambit and one read of the payoff tensor (``payoffs.max()``).  Peers that
are not installed are reported as skipped.
"""

from __future__ import annotations

import argparse
import platform
import time
import warnings

import numpy as np

from goodsgov.games.normal_form import NormalFormGame
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


def nashpy_solver(kind):
    def run(A, B):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            g = nashpy.Game(A, B)
            it = g.vertex_enumeration() if kind == "vertex" else g.support_enumeration()
            return [(np.asarray(x), np.asarray(y)) for x, y in it]
    return run


def goodsgov_equilibria(game):
    return game.equilibria()


def mixed_section(size, n_games, seed, peers, repeats):
    """Rows (name, time per game, ratio to QuantEcon, found) for random size x size games."""
    rng = np.random.default_rng(seed)
    games = [tuple(rng.normal(size=(2, size, size))) for _ in range(n_games)]
    built = [NormalFormGame.from_bimatrix(A, B) for A, B in games]
    solvers = [("goodsgov `NormalFormGame.equilibria`", lambda k: goodsgov_equilibria(built[k]), repeats)]
    if qe_gt is not None:
        qgames = [qe_gt.NormalFormGame((qe_gt.Player(A), qe_gt.Player(B.T))) for A, B in games]
        qe_gt.vertex_enumeration(qgames[0])          # warm the numba JIT outside the timed region
        solvers.append(("QuantEcon `vertex_enumeration`",
                        lambda k: [(np.asarray(x), np.asarray(y))
                                   for x, y in qe_gt.vertex_enumeration(qgames[k])], repeats))
    if gbt is not None and "pygambit" in peers:
        solvers.append(("pygambit `enummixed` (float)", lambda k: gambit_mixed(*games[k]), 1))
    if nashpy is not None and "nashpy" in peers:
        solvers.append(("nashpy `vertex_enumeration`", lambda k: nashpy_solver("vertex")(*games[k]), 1))
        solvers.append(("nashpy `support_enumeration`", lambda k: nashpy_solver("support")(*games[k]), 1))
    goodsgov_equilibria(built[0])                     # compile (or load) goodsgov's kernels
    results = {name: ([], []) for name, _, _ in solvers}
    for k in range(n_games):
        for name, fn, rep in solvers:
            out, t = timed(lambda: fn(k), rep)
            results[name][0].append(out)
            results[name][1].append(t)
    if gbt is not None and "pygambit" in peers:
        ref_name = "pygambit `enummixed` (float)"
    elif qe_gt is not None:
        ref_name = "QuantEcon `vertex_enumeration`"
    else:
        ref_name = solvers[0][0]
    refs = results[ref_name][0]
    ref_total = sum(len(r) for r in refs)
    base_name = "QuantEcon `vertex_enumeration`" if qe_gt is not None else solvers[0][0]
    base = float(np.sum(results[base_name][1]))
    rows = []
    for name, _, _ in solvers:
        outs, times = results[name]
        found = sum(count_matches(o, r) for o, r in zip(outs, refs))
        extra = sum(len(o) for o in outs) - found
        rows.append((name, float(np.mean(times)), float(np.sum(times)) / base,
                     f"{found}/{ref_total}" + (f" (+{extra} other)" if extra else "")))
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


def table(title, rows, ratio="ratio to goodsgov"):
    print(f"\n{title}\n")
    print(f"| solver | time per game | {ratio} | equilibria found |")
    print("|---|---:|---:|---|")
    for name, t, r, found in rows:
        unit = f"{t * 1e3:.3f} ms" if t < 1 else f"{t:.2f} s"
        print(f"| {name} | {unit} | {r:.2f} | {found} |")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=5, help="random games per size")
    ap.add_argument("--sizes", default="4,6,8,10,12,14,16", help="square game sizes, comma-separated")
    ap.add_argument("--players", type=int, default=14, help="players of the binary pure-equilibrium game")
    ap.add_argument("--seed", type=int, default=20240601)
    args = ap.parse_args(argv)
    print(f"python {platform.python_version()}, numpy {np.__version__}, "
          f"{platform.machine()} {platform.processor() or ''}".strip())
    summary = []
    for size in (int(v) for v in args.sizes.split(",")):
        peers = {8: ("pygambit", "nashpy"), 12: ("pygambit",)}.get(size, ())
        repeats = 5 if size <= 10 else (3 if size <= 12 else 1)
        n_games = args.games if size <= 14 else max(1, min(args.games, 3))
        rows, ref = mixed_section(size, n_games, args.seed + size, peers, repeats)
        table(f"All equilibria, {n_games} random {size}x{size} games (N(0,1) payoffs, "
              f"non-degenerate); reference: {ref}", rows, ratio="ratio to QuantEcon")
        summary.append((size, rows))
    print("\nSummary: all equilibria, goodsgov / QuantEcon (time per game)\n")
    print("| size | goodsgov | QuantEcon | ratio |")
    print("|---|---:|---:|---:|")
    for size, rows in summary:
        by = {name: (t, r) for name, t, r, _ in rows}
        gg = by["goodsgov `NormalFormGame.equilibria`"]
        qe = by.get("QuantEcon `vertex_enumeration`")
        if qe is None:
            print(f"| {size}x{size} | {gg[0] * 1e3:.3f} ms | skipped | - |")
        else:
            print(f"| {size}x{size} | {gg[0] * 1e3:.3f} ms | {qe[0] * 1e3:.3f} ms | {gg[1]:.2f} |")
    for n in (args.players, 18, 20):
        rows, floor, t_gg = pure_section(n, args.seed + n)
        table(f"Pure equilibria, random {n}-player binary game ({n * 2 ** n:,} payoffs); "
              f"goodsgov / floor = {t_gg / floor:.2f}", rows)


if __name__ == "__main__":
    main()
