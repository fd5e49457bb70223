"""Two world maps of predictions on the 193 UN member states (needs the ``plot`` extra).

Top: each state's predicted contribution to refugee protection (a public
good; Betts 2010) at the predicted level of governance, on a logarithmic
colour scale (a few large states contribute most). Bottom: which states
the prediction for irregular migration (a club good) places in a regional
agreement. Both scenarios use goodsgov's real-world defaults
(``states="world"``: benefit from population, cost from GDP, M49
sub-regions); the numbers are model output, not observations.

Usage: python examples/world_map.py [OUTPUT_DIR]   (default: ./output)
"""

import sys

try:
    import matplotlib  # noqa: F401  (the "plot" extra)
except ImportError:
    sys.exit('this example needs matplotlib: pip install "goodsgov[plot]"')

from pathlib import Path

from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

import goodsgov as gg
from goodsgov.plot import world_map


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    refugees = gg.predict_governance(gg.refugee_protection(states="world"))
    irregular = gg.predict_governance(gg.irregular_migration(states="world"))
    contribution = refugees.states["contribution_achieved"].rename("predicted contribution (log scale)")
    member = irregular.states["in_regional_agreement"].rename("in a regional agreement")

    fig = Figure(figsize=(10.0, 11.0), layout="constrained")
    top, bottom = fig.subplots(2, 1)
    world_map(contribution, ax=top, norm=LogNorm(), cmap="viridis",
              title=f"Refugee protection: contribution at the predicted level ({refugees.level.value})")
    world_map(member, ax=bottom,
              title=f"Irregular migration: members of a regional agreement ({irregular.level.value})")
    fig.savefig(out / "world_map.png", dpi=150, bbox_inches="tight")

    names = gg.world.countries()["name"]
    table = names.to_frame().join(contribution.rename("refugee_contribution")).join(
        member.rename("irregular_in_regional_agreement"))
    table.to_csv(out / "world_map.csv", index_label="iso3")

    top5 = contribution.sort_values(ascending=False).head(5)
    print(f"Refugee protection on the 193 UN member states: predicted level {refugees.level.value}; "
          "largest contributions: " + ", ".join(f"{names[c]} {v:.1f}" for c, v in top5.items()))
    agreements = irregular.institutions
    print(f"Irregular migration: predicted level {irregular.level.value}; {int(member.sum())} states in "
          f"{len(agreements)} regional agreements, {int((~member).sum())} outside")
    print(f"wrote {out / 'world_map.png'} and {out / 'world_map.csv'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("output"))
