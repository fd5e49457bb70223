"""The predicted level of governance over the excludability x rivalry square.

Betts (2010, Table 1) places refugee protection, irregular migration and
skilled labour migration in three cells of the typology of goods. Here
the two coordinates are swept continuously for each of the three
scenario families (their spillover range and private benefits kept), and
the level predicted by the solved games is drawn as a phase diagram with
the three Table 1 scenarios marked at their default parameters.

Usage: python examples/typology_map.py [OUTPUT_DIR]   (default: ./output)
"""

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

import goodsgov as gg
from goodsgov.plot import LEVEL_COLOURS, phase_diagram

FAMILIES = [("Refugee protection (global spillovers)", gg.refugee_protection),
            ("Irregular migration (regional spillovers)", gg.irregular_migration),
            ("Skilled labour (bilateral, private gains)", gg.skilled_labour)]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    grid = {"excludability": np.linspace(0.0, 1.0, 11), "rivalry": np.linspace(0.0, 1.0, 11),
            "n_states": [12], "n_regions": [3]}
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    fig = Figure(figsize=(16, 4.8), layout="constrained")
    axes = fig.subplots(1, 3, sharey=True)
    seen = set()
    with ProcessPoolExecutor(2) as executor:
        for (title, build), ax in zip(FAMILIES, axes):
            df = gg.sweep(build, grid, executor=executor)
            df.to_csv(out / f"typology_map_{build.__name__}.csv", index=False)
            phase_diagram(df, "excludability", "rivalry", ax=ax, title=title, legend=False)
            counts = df["level"].value_counts().to_dict()
            seen.update(counts)
            print(f"{title}: " + ", ".join(f"{lvl} {n}" for lvl, n in sorted(counts.items())))
    fig.legend(handles=[Patch(facecolor=c, label=lvl.label) for lvl, c in LEVEL_COLOURS.items()
                        if lvl.value in seen], title="level", loc="outside right upper")
    fig.savefig(out / "typology_map.png", dpi=120)
    print(f"wrote {out / 'typology_map.png'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("output"))
