"""The refugee regime's burden-sharing gap as the number of states grows.

Sweeps the canonical refugee-protection scenario (a global public good)
over the number of states, then draws provision at each scope and the
governance gap (what the self-enforcing agreement falls short of the
optimum). A Monte Carlo check follows: 40 draws of asymmetry and private
benefit from a fixed seed, summarised by predicted level.

Usage: python examples/sweep_refugee.py [OUTPUT_DIR]   (default: ./output)
"""

import sys

try:
    import matplotlib  # noqa: F401  (the "plot" extra)
except ImportError:
    sys.exit('this example needs matplotlib: pip install "goodsgov[plot]"')

from pathlib import Path

import goodsgov as gg
from goodsgov.plot import gap_plot


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    df = gg.sweep(gg.refugee_protection, {"n_states": list(range(6, 31, 2))})
    df.to_csv(out / "sweep_refugee.csv", index=False)
    print(df[["n_states", "level", "provision_unilateral", "provision_multilateral",
              "gap_provision_share", "stable_coalition_size"]].to_string(index=False))
    gap_plot(df, "n_states", path=out / "sweep_refugee.png",
             title="Refugee protection: provision and burden-sharing gap")
    print(f"wrote {out / 'sweep_refugee.png'}")

    draws = gg.sample_grid({"benefit_spread": (0.0, 1.0), "private_benefit": (0.0, 2.0),
                            "n_states": [10]}, 40, seed=2011)
    mc = gg.sweep(gg.refugee_protection, draws)
    mc.to_csv(out / "sweep_refugee_monte_carlo.csv", index=False)
    print(mc.groupby("level")[["gap_provision_share", "private_benefit"]].mean().to_string())


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("output"))
