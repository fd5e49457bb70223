"""The predicted level of governance over the excludability x rivalry square.

Betts (2010, Table 1) places refugee protection, irregular migration and
skilled labour migration in three cells of the typology of goods. Here one
set of states keeps everything fixed (regions, partners, benefits, costs,
private benefits, the default benefit domain) and only the good's two
coordinates are swept; the level predicted by the solved games is drawn
as a phase diagram. Left: the canonical stylised states (the three Table 1
scenarios are marked at their parameters); right: a seeded family of
heterogeneous states in regions of unequal size.

Usage: python examples/typology_map.py [OUTPUT_DIR]   (default: ./output)
"""

import sys

try:
    import matplotlib  # noqa: F401  (the "plot" extra)
except ImportError:
    sys.exit('this example needs matplotlib: pip install "goodsgov[plot]"')

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

import goodsgov as gg
from goodsgov.plot import LEVEL_COLOURS, phase_diagram


def heterogeneous(seed: int = 3) -> gg.Scenario:
    """24 states in 4 regions of unequal size, lognormal benefits and costs, partner pairs."""
    rng = np.random.default_rng(seed)
    n = 24
    regions = np.sort(rng.integers(0, 4, size=n))
    states = [gg.State(f"X{i:02d}", region=f"G{regions[i]}", benefit=float(rng.lognormal(0, 0.5)),
                       cost=float(rng.lognormal(0, 0.3)), private_benefit=0.1,
                       partners=(f"X{i ^ 1:02d}",))
              for i in range(n)]
    return gg.Scenario(gg.Good("a good", 0.5, 0.5), states)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    axis = np.round(np.linspace(0.0, 1.0, 21), 2)
    grid = {"excludability": axis, "rivalry": axis}
    panels = [("Canonical states (30 states, 5 regions, partner pairs)", gg.refugee_protection(), True,
               "canonical"),
              ("Heterogeneous states (24 states, 4 unequal regions)", heterogeneous(), False,
               "heterogeneous")]
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    fig = Figure(figsize=(12, 5.2), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    seen = set()
    with ProcessPoolExecutor(2) as executor:
        for (title, base, mark, name), ax in zip(panels, axes):
            df = gg.sweep(base, grid, executor=executor)
            df.to_csv(out / f"typology_map_{name}.csv", index=False)
            phase_diagram(df, "excludability", "rivalry", ax=ax, title=title, legend=False,
                          mark_table1=mark)
            counts = df["level"].value_counts().to_dict()
            seen.update(counts)
            corners = {f"({e}, {r})": df[(df.excludability == e) & (df.rivalry == r)]["level"].item()
                       for e, r in ((0.1, 0.1), (0.9, 0.1), (0.9, 0.9))}
            print(f"{title}: " + ", ".join(f"{lvl} {k}" for lvl, k in sorted(counts.items()))
                  + "; corners " + ", ".join(f"{c} {v}" for c, v in corners.items()))
    fig.legend(handles=[Patch(facecolor=c, label=lvl.label) for lvl, c in LEVEL_COLOURS.items()
                        if lvl.value in seen], title="level", loc="outside right upper")
    fig.savefig(out / "typology_map.png", dpi=120)
    print(f"wrote {out / 'typology_map.png'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("output"))
