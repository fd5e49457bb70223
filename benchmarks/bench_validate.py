"""Loading the observed datasets and validating the world predictions against them (issue 18).

Run: python benchmarks/bench_validate.py

Three figures, each against its target (a benchmark, not a timed test):

* loading every shipped dataset (every loader of ``goodsgov.observed`` called
  once, and the catalogue), in a fresh interpreter after ``import goodsgov,
  numpy, pandas`` and the world table (which every loader joins onto):
  target <= 0.5 s;
* validating the three canonical predictions on the 193 member states
  against every dataset ``gg.observed.validate`` accepts, the predictions
  made beforehand and not timed: target <= 5 s. Shown cold (first call in
  the process: data read, statsmodels imported) and warm (median of 5).
  Datasets goodsgov does not ship (their loader says so) are listed, not
  timed; the dyad path (labour agreements: no shipped copy) is timed on a
  **synthetic** file of 1,200 random pairs (seeded, the size of the real
  dataset; made up for timing only, its results mean nothing);
* what the shipped observed data add to the wheel: the files of
  ``goodsgov/data/observed`` deflated as a wheel stores them: target <= 5 MB.
"""

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import io  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

import goodsgov as gg  # noqa: E402

DATA = Path(gg.__file__).parent / "data" / "observed"

LOAD = r"""
import time, goodsgov as gg, numpy, pandas
gg.world.countries()
t0 = time.perf_counter()
import goodsgov.observed as obs
from goodsgov.observed.displacement import LAST_YEAR, hosted
for name in obs.TREATIES:
    try:
        obs.treaty(name)
    except LookupError:
        pass
for name in obs.VOTES:
    obs.vote(name)
obs.refugees()
hosted(LAST_YEAR)
for kind in ("rcp", "rec"):
    obs.memberships(kind)
obs.catalogue()
print(time.perf_counter() - t0)
"""


def loading() -> float:
    times = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, check=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def synthetic_labour_file(folder: str) -> str:
    """1,200 random pairs of member states with random years (seeded; for timing only)."""
    rng = np.random.default_rng(20181219)
    codes = list(gg.world.countries().index)
    rows = ["iso3_a,iso3_b,year"]
    while len(rows) <= 1200:
        a, b = rng.choice(len(codes), size=2, replace=False)
        rows.append(f"{codes[a]},{codes[b]},{rng.integers(1945, 2016)}")
    path = os.path.join(folder, "synthetic_labour.csv")
    Path(path).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def runs(predictions, labour_path):
    """Every (prediction, dataset) the data allow, and the datasets that are not shipped."""
    from goodsgov.observed.validation import targets

    todo, missing = [], {}
    for against in targets():
        for area, p in predictions.items():
            kwargs = {"path": labour_path} if against == "labour_agreements" else {}
            try:
                gg.observed.validate(p, against=against, **kwargs)
            except LookupError as exc:   # TreatyNotShipped / LabourDataMissing
                if against == "labour_agreements":
                    raise
                missing[against] = str(exc)[:90]
                break
            todo.append((p, against, kwargs))
    return todo, missing


def validating(predictions, labour_path) -> tuple[float, float, int, dict]:
    t0 = time.perf_counter()
    todo, missing = runs(predictions, labour_path)   # cold: the first pass reads and imports
    cold = time.perf_counter() - t0

    def once():
        for p, against, kwargs in todo:
            gg.observed.validate(p, against=against, **kwargs)

    warm = []
    for _ in range(5):
        t = time.perf_counter()
        once()
        warm.append(time.perf_counter() - t)
    return cold, statistics.median(warm), len(todo), missing


def wheel_bytes() -> tuple[int, int]:
    buf = io.BytesIO()
    raw = 0
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(DATA.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts:
                raw += f.stat().st_size
                zf.write(f, f.relative_to(DATA.parent.parent))
    return raw, len(buf.getvalue())


def main() -> None:
    t = loading()
    print(f"Loading every shipped dataset (fresh interpreter, median of 5): {t:.3f} s"
          f"   target <= 0.5 s: {'met' if t <= 0.5 else 'NOT met'}")
    predictions = {}
    for build in (gg.refugee_protection, gg.irregular_migration, gg.skilled_labour):
        predictions[build.__name__] = gg.predict_governance(build(states="world"))
    with tempfile.TemporaryDirectory() as folder:
        cold, warm, n, missing = validating(predictions, synthetic_labour_file(folder))
    print(f"Validating 3 world predictions x every dataset ({n} validations; predictions excluded):"
          f" cold {cold:.3f} s, warm {warm:.3f} s (median of 5)"
          f"   target <= 5 s: {'met' if max(cold, warm) <= 5 else 'NOT met'}")
    for name, why in missing.items():
        print(f"  not shipped, not timed: {name}: {why}")
    raw, packed = wheel_bytes()
    print(f"Shipped observed data: {raw / 1e6:.2f} MB on disk, {packed / 1e6:.2f} MB deflated in the "
          f"wheel   target <= 5 MB: {'met' if packed <= 5e6 else 'NOT met'}")


if __name__ == "__main__":
    main()
