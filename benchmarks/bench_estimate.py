"""Estimating the calibrated world (issue 20): time, bootstrap throughput and speed-up on 2 workers.

Run: python benchmarks/bench_estimate.py [--bootstrap B] [--model calibrated|canonical|both]

The estimation is ``gg.estimate("refugee_protection")`` on the 193 UN member
states with its defaults (two parameters on an 11 x 11 grid, five folds of
whole M49 regions) and ``B`` bootstrap replicates (default 40), for two
models of the world: ``calibrated`` (:mod:`goodsgov.calibration`, the
default of ``gg.estimate``: decision cost and floor) and ``canonical``
(``gg.world.states(**gg.canonical.WORLD_MAPPING)``: decision cost and
non-excludable share). Target: an estimation needing >= 1,000 predictions
within 60 s on 2 cores. Each run starts cold: the per-process cache of
solved points is cleared first (a process pool's workers start empty), so
every point is solved again.

Printed: the in-process time and the predictions it solved; the bootstrap's
throughput per core, replicates per second, from the difference between the
run with ``B`` replicates and one with none; the time on a process pool of 2
workers and the speed-up over in-process; and that all three runs give the
same parameters (they must).
"""

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402

import pandas as pd  # noqa: E402

import goodsgov as gg  # noqa: E402
from goodsgov.estimation import model  # noqa: E402


def run(states, bootstrap: int, executor=None):
    model.clear_cache()
    start = time.perf_counter()
    est = gg.estimate("refugee_protection", states=states, bootstrap=bootstrap, executor=executor,
                      progress=False)
    return time.perf_counter() - start, est


def bench(name: str, states, b: int) -> None:
    print(f"--- {name} world")
    single = gg.refugee_protection(states=states) if not isinstance(states, str) else \
        gg.calibration.calibrated_scenario("refugee_protection")
    gg.predict_governance(single)   # compiled kernels loaded
    start = time.perf_counter()
    gg.predict_governance(single)
    print(f"one prediction: {time.perf_counter() - start:.3f} s")
    t_none, _ = run(states, 0)
    t_one, est = run(states, b)
    evaluations = int(est.convergence["evaluations"].sum())
    print(f"in-process, {b} bootstrap replicates: {t_one:.1f} s, {est.n_predictions} predictions "
          f"solved ({est.n_predictions / t_one:.1f} per second); {evaluations} likelihood "
          "evaluations, each at a prediction (solved, or solved before and cached)")
    print(f"  without the bootstrap: {t_none:.1f} s")
    per = (t_one - t_none) / b
    print(f"bootstrap throughput per core: {1 / per:.3f} replicates per second "
          f"({per:.2f} s per replicate)")
    with ProcessPoolExecutor(2) as ex:
        t_two, est2 = run(states, b, ex)
    print(f"process pool of 2 workers: {t_two:.1f} s, {est2.n_predictions} predictions solved; "
          f"speed-up {t_one / t_two:.2f} over in-process (ideal 2)")
    print(f"target: >= 1,000 predictions within 60 s on 2 cores: "
          f"{'met' if est2.n_predictions >= 1000 and t_two <= 60 else 'NOT met'}")
    pd.testing.assert_frame_equal(est.params, est2.params)
    pd.testing.assert_frame_equal(est.metrics, est2.metrics)
    print("in-process and pool estimates identical")
    print(est.params[["name", "value", "se", "low", "high"]].to_string(index=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", type=int, default=40)
    parser.add_argument("--model", choices=("calibrated", "canonical", "both"), default="both")
    args = parser.parse_args()
    if args.model in ("calibrated", "both"):
        bench("calibrated", "world", args.bootstrap)
    if args.model in ("canonical", "both"):
        bench("canonical", gg.world.states(**gg.canonical.WORLD_MAPPING), args.bootstrap)


if __name__ == "__main__":
    main()
