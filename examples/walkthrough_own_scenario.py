"""Walkthrough: your own scenario.

From a table of your own states to a prediction, a scenario file, an
arrangement you name, a donor's levers, a registered area of your own and
a map of where the predicted level changes. The eight states and their
numbers are made up for illustration: they describe no real country.
Needs the ``plot`` extra for its figure.

Usage: python examples/walkthrough_own_scenario.py [OUTPUT_DIR]   (default: ./output)
"""

import sys

try:
    import matplotlib  # noqa: F401  (the "plot" extra)
except ImportError:
    sys.exit('this example needs matplotlib: pip install "goodsgov[plot]"')

import io
from pathlib import Path

import pandas as pd

import goodsgov as gg

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("output")
OUT.mkdir(parents=True, exist_ok=True)
pd.set_option("display.width", 120)

# %% [markdown]
# ## Your states
#
# Keep your states in a table (a CSV file, a spreadsheet export): a name,
# a region and whatever measures you turn into preferences. `benefit` is
# how much a state values one unit of the good reaching it, `cost` the
# curvature of its provision cost, `capacity` the most it can provide and
# `private_benefit` a gain from its own provision that it keeps. This
# table is made up.

# %%
table = pd.read_csv(io.StringIO("""\
name,region,benefit,cost,capacity,private_benefit,partner
Alda,North,1.6,1.0,inf,0.2,Borea
Borea,North,1.2,0.8,inf,0.1,Alda
Cimbra,North,0.9,1.2,inf,0.0,
Dalmar,North,0.7,1.0,4.0,0.0,
Estia,South,1.4,1.1,inf,0.3,Fenra
Fenra,South,1.0,0.9,inf,0.1,Estia
Gella,South,0.6,1.0,3.0,0.0,
Hovda,South,0.5,1.3,inf,0.0,
"""))
my_states = [gg.State(r.name, region=r.region, benefit=r.benefit, cost=r.cost, capacity=r.capacity,
                   private_benefit=r.private_benefit,
                   partners=(r.partner,) if isinstance(r.partner, str) else ())
          for r in table.itertuples(index=False)]
print(table.to_string(index=False))

# %% [markdown]
# ## Your good
#
# Excludability (how far a provider can keep others from the benefit) and
# rivalry (how far one beneficiary's use crowds out another's) place the
# good in the typology; with the default (`"auto"`) benefit domain the
# excludable share stays in the provider's region and with its partners.

# %%
good = gg.Good("labour mobility scheme", excludability=0.6, rivalry=0.3)
scenario = gg.Scenario(good, my_states, name="eight made-up states")
print(f"{good.name}: a {good.good_type.value} good")
p = gg.predict_governance(scenario)
print(p.scopes[["scope", "n_agreements", "provision", "net_welfare", "self_enforcing"]]
      .round(3).to_string(index=False))
print()
print(p.explanation)

# %% [markdown]
# When the best scope leads the next by under 1 % of its net welfare, the
# explanation says it is a near-tie; the last section of this walkthrough
# shows how far each parameter can move before the level changes.
#
# ## A scenario file
#
# A TOML file keeps the scenario exactly: share it with co-authors, or run
# it from the command line (`goodsgov predict my_scenario.toml`).

# %%
path = OUT / "my_scenario.toml"
scenario.to_toml(path)
print("\n".join(path.read_text(encoding="utf-8").splitlines()[:14]))
print("...")
print("read back unchanged:", gg.Scenario.from_toml(path) == scenario)

# %% [markdown]
# ## An arrangement you name
#
# `gg.evaluate` solves any arrangement (agreements at a depth, bilateral
# deals, everyone else alone) and tests whether each institution is
# stable: would a member gain by leaving, would an outsider gain by
# joining? Here the North's four states agree, at two depths.

# %%
north = [s.name for s in my_states if s.region == "North"]
for depth in (0.3, 0.9):
    e = gg.evaluate(scenario, agreements=[north], depth=depth)
    row = e.institutions.iloc[0]
    print(f"depth {depth}: provision {row.provision:.2f}, internally stable "
          f"{bool(row.internally_stable)}, externally stable {bool(row.externally_stable)}, "
          f"net welfare {e.net_welfare:.2f}")

# %% [markdown]
# ## A donor's levers
#
# Levers change what states can sustain: a donor funding part of members'
# costs, side payments within a budget, transfers within agreements, or
# linkage to another issue. `lever_effects` shows each lever's effect alone.

# %%
helped = gg.predict_governance(scenario, levers=gg.Levers(funding=0.3, budget=5.0))
print(f"without levers: {p.level.value}; with a donor funding 30% of members' costs "
      f"(budget 5): {helped.level.value}")
print(helped.lever_effects.round(3).to_string(index=False))

# %% [markdown]
# ## Your area as a row of Table 1
#
# Register a function that builds the scenario (keyword arguments only,
# among them `states`) and your area becomes a row of `gg.table1()` and a
# base of `gg.sweep` by name.

# %%
def labour_mobility(*, excludability=0.6, rivalry=0.3, states=None):
    """The made-up scheme; ``states``: a list of states to use instead of the eight."""
    return gg.Scenario(gg.Good("labour mobility scheme", excludability, rivalry),
                       my_states if states is None else states)


gg.register_area("labour_mobility", labour_mobility, label="Labour mobility (made up)")
print(gg.table1()[["type_of_migration_governance", "main_level_of_governance", "type_of_good",
                   "n_states"]].to_string(index=False))

# %% [markdown]
# ## Where does the level change?
#
# Sweep the good's excludability together with the decision cost (a
# prediction option, so an axis of any sweep) and draw the predicted level
# over the two; `gg.sensitivity` brackets the range of each parameter
# around the scenario's own values.

# %%
import numpy as np

from goodsgov.plot import phase_diagram

grid = {"excludability": np.round(np.linspace(0, 1, 11), 2),
        "decision_cost": np.round(np.linspace(0.05, 1.0, 11), 3)}
df = gg.sweep("labour_mobility", grid, progress=False)
phase_diagram(df, "excludability", "decision_cost", path=OUT / "own_scenario_phase.png",
              title="Eight made-up states: the predicted level")
print(df["level"].value_counts().to_string())
print(f"wrote {OUT / 'own_scenario_phase.png'}")
s = gg.sensitivity(scenario, ["decision_cost", "excludability", "benefit_scale"])
print(s.table[["parameter", "value", "level", "low", "high", "level_below", "level_above"]]
      .fillna("-").round(3).to_string(index=False))

# %%
gg.unregister_area("labour_mobility")      # leave the registry as it was
