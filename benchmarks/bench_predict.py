"""predict_governance from 10 to 2,000 states, and on the 193 UN member states (issues 11, 12).

Run: python benchmarks/bench_predict.py

One core: BLAS threads are pinned to 1 before numpy loads. Each figure is
the median of several runs of ``predict_governance`` (after one warm-up
run that compiles the solvers). The growth table uses the canonical
scenarios with regions of about eleven states (the size of a UN M49
sub-region) and prints the local growth exponent ``log(t2 / t1) / log(n2 / n1)``.
Beside it, the floor: one pass over the scenario's ``n x n`` reach matrix
(``D.sum()``, numpy), whose own growth above n^2 is the machine's memory
hierarchy (a 2,000-state matrix is 32 MB, past the caches); the last
column, the slowest row's time in such passes, grows only where the
algorithm does more than n^2 work.
No peer library solves these games (nashpy, QuantEcon and Gambit would
need the n-player normal form).
"""

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import math  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import goodsgov as gg  # noqa: E402

ROWS = (gg.refugee_protection, gg.irregular_migration, gg.skilled_labour)
#: Stop growing a row once one prediction takes longer than this (seconds).
SLOW = 60.0


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def growth() -> None:
    print("Canonical scenarios, regions of about 11 states (median seconds; exponent vs previous n)\n")
    sizes = (10, 30, 100, 193, 500, 1000, 2000)
    print(f"{'states':>7}" + "".join(f"{b.__name__:>30}" for b in ROWS)
          + f"{'one pass over D':>24}{'passes (slowest row)':>22}")
    last = {b: None for b in ROWS}
    last_floor = None
    for n in sizes:
        cells = []
        reach = gg.irregular_migration(n_states=n, n_regions=max(1, round(n / 11))).reach
        for build in ROWS:
            if last[build] is not None and last[build][1] > SLOW:
                cells.append(f"{'(skipped)':>30}")
                continue
            s = build(n_states=n, n_regions=max(1, round(n / 11)))
            gg.predict_governance(s)
            t = median_time(lambda: gg.predict_governance(s), 5 if n <= 193 else 1)
            exponent = ""
            if last[build] is not None:
                n0, t0 = last[build]
                exponent = f"  n^{math.log(t / t0) / math.log(n / n0):.2f}"
            last[build] = (n, t)
            level = gg.predict_governance(s).level.value if n <= 193 else ""
            cells.append(f"{t:>10.4f} s {level:>12}{exponent:>7}")
        floor = median_time(lambda: reach.sum(), 21)
        exponent = "" if last_floor is None else \
            f"  n^{math.log(floor / last_floor[1]) / math.log(n / last_floor[0]):.2f}"
        last_floor = (n, floor)
        slowest = max(last[b][1] for b in ROWS if last[b] is not None and last[b][0] == n)
        print(f"{n:>7}" + "".join(cells) + f"{floor * 1e3:>10.3f} ms{exponent:>9}{slowest / floor:>20.0f}",
              flush=True)


def world() -> None:
    print("\nThe 193 UN member states (gg.world, canonical mapping)")
    for build in ROWS:
        s = build(states="world")
        gg.predict_governance(s)
        t = median_time(lambda: gg.predict_governance(s), 5)
        print(f"  {build.__name__:<22} {t * 1e3:8.1f} ms   level {gg.predict_governance(s).level.value}")


if __name__ == "__main__":
    growth()
    world()
