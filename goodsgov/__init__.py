"""goodsgov: the political economy of migration governance as solvable games.

Betts (2010) argued that the level at which states govern migration
follows from the kind of good governance provides. goodsgov encodes that
typology as cooperation games between states, solves them, and predicts
the level of governance, the provision of the good and the gap to full
cooperation.

>>> import goodsgov as gg
>>> gg.predict_governance(gg.irregular_migration()).level
<Level.REGIONAL: 'regional'>

Importing the package is cheap: each public name is imported from its
module on first use (PEP 562), so ``goodsgov --help`` starts without numpy,
pandas or numba; ``from goodsgov import X``, ``dir()`` and ``__all__`` work
as for an eagerly imported package.
"""

import importlib

__version__ = "0.1.0"

#: Where each public name lives (its module, relative to the package; None: a submodule).
_EXPORTS = {
    "Aggregation": "goods", "Good": "goods", "GoodType": "goods", "Spillover": "goods", "classify": "goods",
    "State": "states",
    "Scenario": "scenario",
    "Levers": "levers",
    "GoodsgovError": "errors", "ValidationError": "errors",
    "ContributionGame": "games", "NormalFormGame": "games",
    "Area": "registry", "areas": "registry", "register_area": "registry", "unregister_area": "registry",
    "irregular_migration": "canonical", "refugee_protection": "canonical", "skilled_labour": "canonical",
    "GovernanceGap": "governance", "GovernancePrediction": "governance", "Level": "governance",
    "predict_governance": "governance", "evaluate": "governance", "Evaluation": "governance",
    "table1": "tables", "published_table1": "tables", "compare_table1": "tables",
    "sweep": "sweeps", "sample_grid": "grids",
    "dask_executor": "distributed",
    "burden_sharing": "burden", "BurdenSharing": "burden",
    "validate": "observed",
    "models": None, "world": None, "observed": None,
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    """Import a public name (or a submodule) on first access (PEP 562)."""
    if name in _EXPORTS:
        home = _EXPORTS[name]
        module = importlib.import_module(f"{__name__}.{home or name}")
        value = module if home is None else getattr(module, name)
        globals()[name] = value
        return value
    if not name.startswith("__"):
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":  # the submodule exists but needs something missing
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(__all__) | {"__version__"})
