"""The catalogue of the observed datasets shipped with goodsgov.

Every loader module of :mod:`goodsgov.observed` (treaties, votes,
refugees, bodies, labour) describes its datasets in a list ``DATASETS``;
:func:`catalogue` puts them in one table, so a reader sees at a glance
what is shipped, from which source, in which version and under which
licence (the details, column by column, are in
``goodsgov/data/observed/SOURCES.md``).

>>> from goodsgov.observed import catalogue
>>> table = catalogue()
>>> list(table.columns)
['name', 'area', 'description', 'source', 'version', 'licence', 'records']
>>> "refugee_convention_1951" in set(table["name"])
True
"""

from __future__ import annotations

import importlib
from types import ModuleType

import pandas as pd

__all__ = ["COLUMNS", "MODULES", "catalogue"]

#: The columns of :func:`catalogue`, in order.
COLUMNS: tuple[str, ...] = ("name", "area", "description", "source", "version", "licence", "records")

#: The loader modules whose ``DATASETS`` make up the catalogue, in the order shown.
MODULES: tuple[str, ...] = ("treaties", "votes", "displacement", "bodies", "labour")


def _modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__package__}.{name}") for name in MODULES]


def catalogue() -> pd.DataFrame:
    """One row per shipped dataset: ``name, area, description, source, version, licence, records``.

    ``records`` counts the dataset's rows (for a loader of the user's own
    file, the rows of the shipped copy, 0 where none is shipped). Names are
    unique; they are the values :func:`goodsgov.observed.validate` accepts
    as ``against`` where a dataset can be scored against.

    >>> from goodsgov.observed import catalogue
    >>> int(catalogue()["name"].duplicated().sum())
    0
    """
    rows: list[dict] = []
    for module in _modules():
        for entry in module.DATASETS:
            missing = [c for c in COLUMNS if c not in entry]
            if missing:  # a loader's own bug, not the user's: say which
                raise RuntimeError(f"{module.__name__}.DATASETS entry {entry.get('name')!r} "
                                   f"lacks {missing}")
            rows.append({c: entry[c] for c in COLUMNS})
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    dup = table["name"][table["name"].duplicated()].tolist()
    if dup:
        raise RuntimeError(f"dataset names are not unique: {dup}")
    table["records"] = table["records"].astype("int64")
    return table
