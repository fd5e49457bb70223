"""predict_governance on heterogeneous scenarios from 10 to 193 states (issue 3).

Run: python benchmarks/bench_predict.py

One core: BLAS threads are pinned to 1 before numpy loads. Each figure is
the median of several runs of ``predict_governance`` on a seeded scenario
with heterogeneous benefits, costs and private gains over five regions.
No peer library solves these games (nashpy, QuantEcon and Gambit would
need the 193-player normal form). The best pairing, an exact maximum-weight
matching, is compared side by side with networkx's ``max_weight_matching``
(the same weight, and the time ratio) where networkx is installed (extra
``compare``).
"""

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import goodsgov as gg  # noqa: E402
from goodsgov.solvers.matching import max_weight_matching, pair_gains  # noqa: E402


def heterogeneous(n: int, seed: int = 0, spillover: str = "regional", excludability: float = 0.5):
    """n states over five regions, benefits lognormal, costs and private gains uniform."""
    rng = np.random.default_rng(seed)
    states = [gg.State(f"S{i:03d}", region=f"R{i % 5 + 1}", benefit=float(rng.lognormal(0, 0.5)),
                       cost=float(rng.uniform(0.5, 1.5)), private_benefit=float(rng.uniform(0, 0.5)))
              for i in range(n)]
    good = gg.Good("heterogeneous good", excludability=excludability, rivalry=0.2, spillover=spillover)
    return gg.Scenario(good, states)


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    print("predict_governance, heterogeneous states over five regions (median of runs, one core)\n")
    print(f"{'states':>7} {'regional e=0.5':>15} {'global e=0.1':>13} {'level (regional / global)':>28}")
    for n in (10, 30, 60, 100, 193):
        reg, glo = heterogeneous(n), heterogeneous(n, spillover="global", excludability=0.1)
        repeat = 7 if n < 100 else 5
        t_reg = median_time(lambda: gg.predict_governance(reg), repeat)
        t_glo = median_time(lambda: gg.predict_governance(glo), repeat)
        levels = f"{gg.predict_governance(reg).level.value} / {gg.predict_governance(glo).level.value}"
        print(f"{n:>7} {t_reg * 1e3:>12.1f} ms {t_glo * 1e3:>10.1f} ms {levels:>28}")

    print("\nCanonical scenarios with 193 states")
    for build in (gg.refugee_protection, gg.irregular_migration, gg.skilled_labour):
        s = build(n_states=193)
        t = median_time(lambda: gg.predict_governance(s), 5)
        print(f"  {build.__name__:<22} {t * 1e3:8.1f} ms   level {gg.predict_governance(s).level.value}")

    print("\nBest pairing (exact): goodsgov's compiled blossom vs networkx, same gains")
    try:
        import networkx as nx
    except ImportError:
        print("  networkx is not installed (extra 'compare'): skipped")
        return
    cases = [(b.__name__, b(n_states=193)) for b in
             (gg.refugee_protection, gg.irregular_migration, gg.skilled_labour)]
    cases += [("heterogeneous 30", heterogeneous(30)), ("heterogeneous 193", heterogeneous(193))]
    for name, s in cases:
        w = pair_gains(gg.ContributionGame.from_scenario(s))
        n = w.shape[0]
        graph = nx.Graph()
        graph.add_weighted_edges_from((i, j, w[i, j]) for i in range(n) for j in range(i + 1, n)
                                      if w[i, j] > 1e-12)
        ours = median_time(lambda: max_weight_matching(w), 5)
        theirs = median_time(lambda: nx.max_weight_matching(graph), 1)
        got = sum(w[i, j] for i, j in max_weight_matching(w))
        ref = sum(w[i, j] for i, j in nx.max_weight_matching(graph))
        print(f"  {name:<22} goodsgov {ours * 1e3:8.2f} ms   networkx {theirs * 1e3:9.1f} ms   "
              f"ratio {theirs / ours:6.0f}x   weights equal: {abs(got - ref) <= 1e-9 * abs(ref)}")

if __name__ == "__main__":
    main()
