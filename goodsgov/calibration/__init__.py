"""The calibrated world: model primitives built from shipped data (docs/calibrated.md).

Re-exports only; each mapping lives in a module named for what it maps:
``refugees`` (UNHCR: hosting, the displacement domain), ``borders``
(irregular migration: land borders, distance decay), ``labour`` (skilled
labour: roles, exchange gains), ``indicators`` (population, GDP, hosting
per state), ``scenarios`` (states and scenarios of the three areas) and
``estimates`` (the shipped estimates of the free parameters).
"""

from .borders import border_domain, neighbour_distance
from .estimates import shipped_estimates, shipped_record, shipped_values, split_values
from .indicators import indicators
from .labour import exchange_domain, exchange_gains, exchange_partners, roles
from .refugees import displacement_domain, exposure, hosting, hosting_shares
from .scenarios import (
                        AREAS,
                        MAPPINGS,
                        calibrated_scenario,
                        calibrated_states,
                        calibrated_table,
                        mapping_defaults,
)

__all__ = ["displacement_domain", "exposure", "hosting", "hosting_shares", "border_domain",
           "neighbour_distance", "indicators", "roles", "exchange_gains", "exchange_domain",
           "exchange_partners", "AREAS", "MAPPINGS", "mapping_defaults", "calibrated_states",
           "calibrated_scenario", "calibrated_table", "shipped_estimates", "shipped_record",
           "shipped_values", "split_values"]
