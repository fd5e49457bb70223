"""Rebuild ``goodsgov/data/estimates.json``: the estimates of the three areas on the calibrated world.

Each area is estimated by :func:`goodsgov.estimate` with its defaults (the
datasets of ``goodsgov.estimation.DEFAULT_AGAINST``, the parameters of
``DEFAULT_PARAMS``, five folds of whole UN M49 regions) and the settings
below; the file holds each estimate's record
(:func:`goodsgov.estimation.shipped.record`), or the error that stopped it.
Every input is shipped with goodsgov and every random draw is seeded, so the
output is the same on every run (numbers are written to 10 significant
digits).

Usage::

    python tools/build_estimates.py                # rewrite the file
    python tools/build_estimates.py --check        # exit 1 if a fresh run differs
    python tools/build_estimates.py --stdout       # print it
    python tools/build_estimates.py --workers 2    # on a process pool (same output)
    python tools/build_estimates.py --area refugee_protection   # that area again, the others kept
    python tools/build_estimates.py --stdout --deal-search paths  # under the improving-path search

A run takes minutes per area and core (``--bootstrap`` replicates each
refine the fit).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from shipped_file import deliver  # tools/ is the script's path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "goodsgov" / "data" / "estimates.json"

#: The settings every shipped estimate uses.
SETTINGS = {"bootstrap": 100, "folds": 5, "random_state": 0, "level": 0.95}


def build(workers: int, areas: list[str] | None, deal_search: str, log=sys.stderr,
          keep: dict | None = None) -> str:
    import goodsgov as gg
    from goodsgov.estimation import DEFAULT_AGAINST, EstimationError
    from goodsgov.estimation.shipped import record

    out = {"about": "gg.estimate of each area with its defaults on the calibrated world "
                    "(goodsgov.calibration); rebuilt by tools/build_estimates.py",
           "goodsgov": gg.__version__, "settings": SETTINGS, "areas": dict(keep or {})}
    executor = ProcessPoolExecutor(workers) if workers > 1 else None
    try:
        for area in list(DEFAULT_AGAINST):
            if areas and area not in areas:
                continue
            start = time.perf_counter()
            try:
                est = gg.estimate(area, executor=executor, progress=log.isatty(), deal_search=deal_search,
                                  **SETTINGS)
                out["areas"][area] = record(est)
                what = ", ".join(f"{n}={v:.4g}" for n, v in zip(est.params["name"], est.params["value"]))
            except EstimationError as exc:
                out["areas"][area] = {"error": str(exc)}
                what = f"error: {exc}"
            print(f"{area}: {what} ({time.perf_counter() - start:.0f} s)", file=log)
    finally:
        if executor is not None:
            executor.shutdown()
    return json.dumps(out, indent=1, sort_keys=False, allow_nan=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 if a fresh run differs")
    group.add_argument("--stdout", action="store_true", help="print instead of writing")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--area", action="append",
                        choices=("refugee_protection", "irregular_migration", "skilled_labour"),
                        help="estimate only this area (repeat), keeping the others' records from "
                             "the shipped file")
    from goodsgov.governance.pipeline import DEAL_SEARCHES, DEFAULT_DEAL_SEARCH
    parser.add_argument("--deal-search", choices=DEAL_SEARCHES, default=DEFAULT_DEAL_SEARCH,
                        help=f"the deal search held fixed in every fit (default: {DEFAULT_DEAL_SEARCH}, "
                             "the shipped file's; the others only with --stdout)")
    args = parser.parse_args(argv)
    default = args.deal_search == DEFAULT_DEAL_SEARCH
    if not default and not args.stdout:
        parser.error(f"--deal-search {args.deal_search} prints with --stdout only: the shipped file "
                     "holds the default search's estimates")
    shipped = args.area and default   # the others' records are the default search's
    keep = json.loads(OUT.read_text(encoding="utf-8"))["areas"] if shipped else None
    text = build(args.workers, args.area, args.deal_search, keep=keep)
    return deliver(text, OUT, stdout=args.stdout, check=args.check, tool="build_estimates", diff=True)


if __name__ == "__main__":
    sys.exit(main())
