"""The files of ``goodsgov/data/observed``, read as shipped (no download, no cache here)."""

from __future__ import annotations

from importlib import resources

import pandas as pd

__all__ = ["read_shipped"]


def read_shipped(name: str, **read_csv) -> pd.DataFrame:
    """The shipped file ``name`` as a DataFrame: empty cells stay empty strings unless
    ``na_values`` says otherwise, a ``.gz`` file is decompressed; ``read_csv``: more
    arguments of :func:`pandas.read_csv`.

    >>> read_shipped("votes.csv", dtype=str).columns.tolist()
    ['resolution', 'iso3', 'vote']
    """
    path = resources.files("goodsgov").joinpath("data", "observed", name)
    with path.open("rb") as fh:
        return pd.read_csv(fh, compression="gzip" if name.endswith(".gz") else None,
                           keep_default_na=False, encoding="utf-8", **read_csv)
