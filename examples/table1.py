"""Betts's Table 1: the published table beside the one computed from solved games.

Run: python examples/table1.py
"""

import pandas as pd

import goodsgov as gg

computed = gg.table1()
side_by_side = gg.compare_table1(computed)

with pd.option_context("display.width", 200, "display.max_columns", None):
    print("Betts (2010), Table 1: published vs computed\n")
    print(side_by_side.to_string(index=False))
    print("\nThe numbers behind the computed rows\n")
    numbers = computed.set_index("type_of_migration_governance").drop(
        columns=["main_level_of_governance", "type_of_good"])
    print(numbers.T.to_string(float_format="{:.4g}".format))

for row in side_by_side.itertuples():
    verdict = "agrees" if row.agrees else "DISAGREES"
    print(f"{row.type_of_migration_governance}: {verdict} "
          f"(published {row.published_level} / {row.published_good}; "
          f"computed {row.computed_level} / {row.computed_good})")
