"""Alternative futures on the 193 UN member states (issue 21).

Run: python benchmarks/bench_futures.py [--repeat 5]

Figures against the issue's targets (a benchmark, not a timed test):

* ``gg.futures(states="world")``: every option of ``goodsgov.alternatives.OPTIONS``
  on survival migration's world scenario (data domain): target <= 2 s;
* the same over 6 time points (``years=range(2025, 2051, 5)``, default
  drivers): target <= 10 s;
* for scale: one ``gg.predict_governance`` of the same scenario, and the
  ratios futures / prediction and 6 years / 1 year (how the time grows with
  the time points).

The first call compiles nothing new (the solvers are those of the
prediction) but reads the UNHCR data; it is shown apart (cold), then the
median of ``--repeat`` warm calls.
"""

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import goodsgov as gg  # noqa: E402
from goodsgov import alternatives  # noqa: E402


def timed(fn, repeat):
    t0 = time.perf_counter()
    fn()
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        warm.append(time.perf_counter() - t0)
    return cold, statistics.median(warm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    gg.predict_governance(gg.survival_migration(n_states=6, n_regions=2))   # compile the solvers
    scenario = gg.survival_migration(states="world")
    years = range(2025, 2051, 5)
    n_options = len(alternatives.OPTIONS)
    _, predict = timed(lambda: gg.predict_governance(scenario), args.repeat)
    cold1, one = timed(lambda: gg.futures(states="world"), args.repeat)
    cold6, six = timed(lambda: gg.futures(states="world", years=years), args.repeat)
    print(f"gg.predict_governance, survival migration, 193 states: {predict:.3f} s")
    print(f"gg.futures, {n_options} options, 193 states: {one:.3f} s warm ({cold1:.3f} s cold); "
          f"target 2 s; {one / predict:.1f}x one prediction")
    print(f"gg.futures over {len(years)} years: {six:.3f} s warm ({cold6:.3f} s cold); target 10 s; "
          f"{six / one:.1f}x one year for {len(years)} time points")
    t = gg.futures(states="world")
    print(t[["option", "level", "n_members", "net_welfare", "gap_closed", "self_enforcing"]].to_string(index=False))


if __name__ == "__main__":
    main()
