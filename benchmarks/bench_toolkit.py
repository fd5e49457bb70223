"""The researcher's toolkit against issue 22's targets: import time, sensitivity on the world,
the docs build.

Run: python benchmarks/bench_toolkit.py [--no-docs]

- ``import goodsgov`` in a fresh interpreter (target <= 0.3 s), median of 5;
- ``gg.sensitivity`` of the decision cost on the 193 UN member states, for each
  canonical area (target <= 5 s each), after one warm-up prediction that compiles
  the solvers; with the number of predictions it made;
- ``mkdocs build --strict`` into a temporary directory (target <= 2 min), when the
  ``docs`` extra is installed.
The world map has its own benchmark (``bench_world_map.py``).
"""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def import_time() -> float:
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import goodsgov"], check=True)
        times.append(time.perf_counter() - t0)
    base = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        base.append(time.perf_counter() - t0)
    return statistics.median(times) - statistics.median(base)


def main() -> None:
    print(f"import goodsgov (fresh interpreter, less its start-up): {import_time() * 1000:.0f} ms "
          "(target <= 300 ms)")
    import goodsgov as gg
    for build in (gg.refugee_protection, gg.irregular_migration, gg.skilled_labour):
        scenario = build(states="world")
        gg.predict_governance(scenario)            # compile once
        t0 = time.perf_counter()
        s = gg.sensitivity(scenario, ["decision_cost"])
        row = s.table.iloc[0]
        print(f"sensitivity(decision_cost), {build.__name__} on 193 states: {time.perf_counter() - t0:.2f} s "
              f"(target <= 5 s); level {row.level} for decision_cost in [{row.low:.4g}, {row.high:.4g}]")
    if "--no-docs" in sys.argv:
        return
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        print("mkdocs build: skipped (install the 'docs' extra)")
        return
    with tempfile.TemporaryDirectory() as site:
        t0 = time.perf_counter()
        res = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site],
                             cwd=ROOT, capture_output=True, text=True)
        took = time.perf_counter() - t0
    print(f"mkdocs build --strict: {took:.1f} s (target <= 120 s), exit {res.returncode}")


if __name__ == "__main__":
    main()
