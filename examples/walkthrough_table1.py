"""Walkthrough: Betts's Table 1 from solved games.

Betts (2010, Table 1) assigns each area of migration governance a type of
good and a level of governance. This walkthrough rebuilds the table from
solved cooperation games: one row in detail (the scenario, each scope's
sustainable institution, the explanation), then all three rows against
the published table, a figure of net welfare by scope, and how far the
decision cost can move before a row's level changes. Needs the ``plot``
extra for its figure.

Usage: python examples/walkthrough_table1.py [OUTPUT_DIR]   (default: ./output)
"""

import sys

try:
    import matplotlib  # noqa: F401  (the "plot" extra)
except ImportError:
    sys.exit('this example needs matplotlib: pip install "goodsgov[plot]"')

from pathlib import Path

import pandas as pd

import goodsgov as gg

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("output")
OUT.mkdir(parents=True, exist_ok=True)
pd.set_option("display.width", 120)

# %% [markdown]
# ## The published table
#
# Three rows, each an area of migration governance with the type of good
# Betts assigns it and the level at which it is mainly governed. goodsgov
# ships the table as published, with the key of the scenario that encodes
# each row.

# %%
published = gg.published_table1()
print(published.to_string(index=False))

# %% [markdown]
# ## One row in detail: refugee protection
#
# The canonical scenario of the first row is a good that is hard to
# exclude anyone from and hardly congested, provided by 30 stylised states
# in 5 regions whose valuations differ. Every default can be overridden by
# keyword (`n_states`, `benefit_spread`, `spillover`, ...).

# %%
refugees = gg.refugee_protection()
good = refugees.good
print(f"{good.name}: excludability {good.excludability}, rivalry {good.rivalry} -> a "
      f"{good.good_type.value} good; {refugees.n_states} states in "
      f"{len(set(refugees.region_labels))} regions")

# %% [markdown]
# `predict_governance` solves the scenario under each scope (every state
# alone, bilateral deals, regional treaties, one treaty open to all). Each
# scope is credited only with the institution that survives its own
# participation constraints; the predicted level is the scope whose
# institution has the highest welfare net of decision costs.

# %%
p = gg.predict_governance(refugees)
print(p.scopes[["scope", "n_agreements", "provision", "welfare", "net_welfare",
                "self_enforcing"]].round(2).to_string(index=False))
print(f"\npredicted level: {p.level.value}; lead over the next best scope: "
      f"{p.margin:,.1f} ({p.margin_share:.1%})")

# %% [markdown]
# The institutions at the predicted level, and the explanation goodsgov
# writes from the numbers:

# %%
print(p.institutions[["scope", "n_members", "depth", "provision", "self_enforcing"]]
      .round(3).to_string(index=False))
print()
print(p.explanation)

# %% [markdown]
# ## All three rows against the published table
#
# `table1()` solves the three canonical scenarios (they share every state
# and differ only in the good) and fills in the published columns;
# `compare_table1()` sets the computed table beside the published one.

# %%
computed = gg.table1()
side_by_side = gg.compare_table1(computed)
print(side_by_side[["type_of_migration_governance", "published_level", "computed_level",
                    "published_good", "computed_good", "agrees"]].to_string(index=False))
print(f"\n{int(side_by_side['agrees'].sum())} of {len(side_by_side)} rows agree with the published "
      "level and type of good")

# %% [markdown]
# Where a row disagrees, that is a finding about the model's discipline
# (each scope must sustain its own institution), not a parameter to tune:
# the [explanation](../explanation.md) discusses it. The figure shows
# what decides each row: the net welfare of every scope's sustainable
# institution.

# %%
from matplotlib.figure import Figure

scopes = ["unilateral", "bilateral", "regional", "multilateral"]
fig = Figure(figsize=(9, 4), layout="constrained")
axes = fig.subplots(1, len(computed))
for ax, row in zip(axes, computed.itertuples()):
    values = [getattr(row, f"net_welfare_{s}") for s in scopes]
    colours = ["tab:red" if s == row.level else "tab:grey" for s in scopes]
    ax.bar(range(len(scopes)), values, color=colours)
    ax.set_xticks(range(len(scopes)), scopes, rotation=30, fontsize=8)
    ax.set_title(f"{row.type_of_migration_governance}\n({row.type_of_good.lower()})", fontsize=9)
axes[0].set_ylabel("net welfare of the sustainable institution")
fig.suptitle("Table 1 from solved games: the predicted level in red")
fig.savefig(OUT / "table1_net_welfare.png", dpi=110)
print(f"wrote {OUT / 'table1_net_welfare.png'}")

# %% [markdown]
# ## How robust is each row?
#
# Decision costs (what taking part in an institution costs a member, as a
# share of its status-quo provision cost) are the least pinned-down
# parameter. `gg.sensitivity` brackets, for each row, the range of the
# decision cost over which the predicted level stays, and names the level
# just outside it.

# %%
rows = []
for area in ("refugee_protection", "irregular_migration", "skilled_labour"):
    s = gg.sensitivity(getattr(gg, area)(), ["decision_cost"])
    r = s.table.iloc[0]
    rows.append({"area": area, "level": r.level, "decision_cost": r.value, "stays from": r.low,
                 "to": r.high, "level below": r.level_below or "-", "level above": r.level_above or "-"})
print(pd.DataFrame(rows).round(3).to_string(index=False))

# %% [markdown]
# A dash means the scan reached its end (the value divided or multiplied
# by ten) without the level changing. To draw the level over any two
# parameters, sweep them (see the [gallery](../gallery.md)'s typology map).
