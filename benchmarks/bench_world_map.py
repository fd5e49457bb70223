"""Time of one world map (issue 22: target <= 2 s), and where the time goes.

Run: python benchmarks/bench_world_map.py [OUTPUT_DIR]   (default: a temporary directory)

Measured in this one process: importing ``goodsgov.plot`` (matplotlib);
the first map (reading and projecting the shipped outlines, then drawing
and saving a PNG at 150 dpi); then the median of 5 further maps of each
kind, a number per state (colour bar) and a category per state (legend),
each drawn from scratch and saved as PNG. The maps are of the shipped
country table (population, income group), so no model is solved here.
The figures are written to OUTPUT_DIR and their paths printed.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    import goodsgov as gg
    t_import, plot = timed(lambda: __import__("goodsgov.plot", fromlist=["world_map"]))
    table = gg.world.countries()
    numeric = np.log10(table["population"]).rename("log10 population")
    category = table["income_group"]
    t_first, _ = timed(lambda: plot.world_map(numeric, path=out / "map_first.png"))
    rows = [("import goodsgov.plot (matplotlib)", t_import),
            ("first map (outlines read and projected, PNG saved)", t_first)]
    for name, series in (("number", numeric), ("category", category)):
        times = []
        for k in range(5):
            path = out / f"map_{name}_{k}.png"
            times.append(timed(lambda s=series, p=path: plot.world_map(s, path=p))[0])
        rows.append((f"one map of a {name} per state, PNG saved (median of 5)", statistics.median(times)))
    width = max(len(r[0]) for r in rows)
    for label, t in rows:
        print(f"{label:<{width}}  {t:7.3f} s")
    print(f"target: one world map <= 2 s; figures: {out / 'map_number_0.png'}, {out / 'map_category_0.png'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="goodsgov-map-")))
