"""Walkthrough: the 193 UN member states.

goodsgov ships the 193 UN member states with their regions, neighbours,
population and GDP (sources and licences in ``goodsgov/data/SOURCES.md``).
This walkthrough predicts the governance of refugee protection on them,
names the states in every result, compares who pays with benefit-based
(Lindahl) shares, draws both on a world map, computes Table 1 on the real
states and scores a prediction against an observed vote. The numbers are
model output from stylised preferences built from the data (benefit
weights from population), not estimates of any state's policy. Needs the ``plot`` extra for its figures.

Usage: python examples/walkthrough_world.py [OUTPUT_DIR]   (default: ./output)
"""

import sys

try:
    import matplotlib  # noqa: F401  (the "plot" extra)
except ImportError:
    sys.exit('this example needs matplotlib: pip install "goodsgov[plot]"')

from pathlib import Path

import pandas as pd

import goodsgov as gg
from goodsgov.plot import world_map

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("output")
OUT.mkdir(parents=True, exist_ok=True)
pd.set_option("display.width", 120)

# %% [markdown]
# ## The shipped table
#
# One row per member state, indexed by its ISO 3166 alpha-3 code. Nothing
# is downloaded at run time; `tools/build_world.py` rebuilds the file from
# pinned sources.

# %%
countries = gg.world.countries()
print(countries.shape)
print(countries.loc[["BRA", "DEU", "KEN", "JPN"], ["name", "subregion", "population", "income_group"]]
      .to_string())
print("\nstates per region:", countries["region"].value_counts().sort_index().to_dict())
print("states without GDP in the source:", int(countries["gdp"].isna().sum()))

# %% [markdown]
# ## From countries to states
#
# `states="world"` builds the canonical scenarios on the member states with
# goodsgov's real-world mapping from data to preferences (printed below:
# benefit weights proportional to population, equal costs, the UN M49
# sub-regions as regions, each state's nearest state as its exchange
# partner). `gg.world.states` changes any of these choices; see [the real
# world](../world.md).

# %%
from goodsgov.canonical import WORLD_MAPPING

print(WORLD_MAPPING)
refugees = gg.refugee_protection(states="world")
first = refugees.states[:3]
print([(s.name, round(s.benefit, 3), round(s.cost, 3), s.region) for s in first])
print(f"{refugees.n_states} states in {len(set(refugees.region_labels))} regions")

# %% [markdown]
# ## The prediction
#
# The same call as for stylised states. Each scope is credited with the
# institution it can sustain; the level is the scope with the highest
# welfare net of decision costs.

# %%
p = gg.predict_governance(refugees)
print(p.scopes[["scope", "n_agreements", "provision", "net_welfare", "self_enforcing"]]
      .round(1).to_string(index=False))
print(f"\npredicted level: {p.level.value} ({len(p.institutions)} institutions); lead over the "
      f"next best scope {p.margin_share:.1%}")

# %% [markdown]
# Every per-state table carries the country's name beside its code. The
# largest contributors at the predicted level:

# %%
top = p.states.sort_values("contribution_achieved", ascending=False).head(8)
print(top[["name", "region", "contribution_achieved", "cost_share", "lindahl_share"]]
      .round(4).to_string())

# %% [markdown]
# ## Who pays
#
# `burden_sharing` sets each state's cost at the achieved outcome against
# its Lindahl share (its share of the benefits); the gap is the share of
# all costs that would have to change hands for costs to follow benefits.

# %%
burden = gg.burden_sharing(p)
print(f"share of all costs that would change hands under Lindahl shares: {burden.gaps['lindahl']:.1%}")
ratio = (burden.table["share"] / burden.table["lindahl_share"]).rename(
    "cost share / Lindahl share")
print(burden.table.assign(ratio=ratio).sort_values("ratio", ascending=False)
      [["name", "share", "lindahl_share", "ratio"]].head(5).round(4).to_string())

# %% [markdown]
# ## On a map
#
# `goodsgov.plot.world_map` draws any per-state number or category for
# the member states (small states that the map's source omits are drawn
# as points). Top: each state's contribution; bottom: its cost share
# against its Lindahl share, on a logarithmic scale centred on 1 (red: it
# pays more than its share of the benefits; blue: less).

# %%
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure

fig = Figure(figsize=(10, 10.5), layout="constrained")
top_ax, bottom_ax = fig.subplots(2, 1)
world_map(p.states["contribution_achieved"].rename("contribution (log scale)"), ax=top_ax,
          norm=LogNorm(), cmap="viridis",
          title=f"Refugee protection: contribution at the predicted level ({p.level.value})")
spread = float(max(ratio.max(), 1 / ratio.min()))          # a log scale centred on 1
world_map(ratio, ax=bottom_ax, norm=LogNorm(1 / spread, spread), cmap="coolwarm",
          title="Cost share against Lindahl (benefit) share")
fig.savefig(OUT / "world_refugee_protection.png", dpi=110)
print(f"wrote {OUT / 'world_refugee_protection.png'}")

# %% [markdown]
# ## Table 1 on the real states
#
# The three rows solved on the 193 states instead of the stylised ones.

# %%
world_table = gg.table1(states="world")
print(gg.compare_table1(world_table)[["type_of_migration_governance", "published_level",
                                      "computed_level", "agrees"]].to_string(index=False))

# %% [markdown]
# ## Against observed data
#
# `gg.validate` scores a prediction against an observed dataset shipped
# with goodsgov, beside simple baselines, here the 2018 UN General
# Assembly vote on the Global Compact for Migration against the
# prediction for irregular migration (see [observed data](../observed.md)
# for what each dataset is and how each score is defined).

# %%
irregular = gg.predict_governance(gg.irregular_migration(states="world"))
v = gg.validate(irregular, against="gcm_2018")
print(v.unit, "|", v.observation)
print(v.metrics.round(3).to_string(index=False))
