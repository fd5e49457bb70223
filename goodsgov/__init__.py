"""goodsgov: the political economy of migration governance as solvable games.

Betts (2010) argued that the level at which states govern migration
follows from the kind of good governance provides: refugee protection is
a public good (governed multilaterally), irregular and low-skilled
migration a club good (regionally), highly skilled labour migration a
private good (unilaterally or bilaterally). goodsgov encodes that typology
as cooperation games between states, solves them, and predicts the level
of governance, the provision of the good and the gap to full cooperation.

Start here:

* :func:`predict_governance` - the level of governance of a :class:`Scenario`,
  with the numbers behind it; :func:`table1` - Betts's Table 1 from solved games;
* :func:`refugee_protection`, :func:`irregular_migration`,
  :func:`skilled_labour` - the three canonical scenarios; :mod:`goodsgov.world`
  - the 193 UN member states; :meth:`Scenario.from_toml` - your own scenario;
* :func:`sweep` and :func:`sample_grid` - predictions over a grid of parameters;
  :func:`burden_sharing` - who pays, against Lindahl and Shapley benchmarks;
  :func:`validate` - the prediction against observed data (:mod:`goodsgov.observed`);
* :mod:`goodsgov.models` - the classic games (public goods, clubs, treaties,
  bargaining) and :class:`NormalFormGame` - any finite game and its equilibria.

>>> import goodsgov as gg
>>> p = gg.predict_governance(gg.irregular_migration())
>>> p.level, p.self_enforcing       # the institution states can sustain (model v3)
(<Level.MULTILATERAL: 'multilateral'>, True)

Cite the software as in ``CITATION.cff`` (and Betts 2010).
"""

# Importing the package is cheap: each public name is imported from its module on first use
# (PEP 562), so ``goodsgov --help`` starts without numpy, pandas or numba; ``from goodsgov
# import X``, ``dir()`` and ``__all__`` work as for an eagerly imported package. Only the
# public API is in ``dir(goodsgov)`` (the loader's own names are private).

import importlib as _importlib

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
    "sensitivity": "sensitivities", "Sensitivity": "sensitivities",
    "table1": "tables", "published_table1": "tables", "compare_table1": "tables",
    "sweep": "sweeps", "sample_grid": "grids",
    "dask_executor": "distributed",
    "burden_sharing": "burden", "BurdenSharing": "burden",
    "validate": "observed",
    "estimate": "estimation", "Estimate": "estimation",
    "models": None, "world": None, "observed": None,
    "calibration": None, "estimation": None,
    "regions": None,
    "survival_migration": "survival", "predict_survival": "survival", "SurvivalPrediction": "survival",
    "futures": "alternatives", "who_pays": "alternatives",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    """Import a public name (or a submodule) on first access (PEP 562)."""
    if name in _EXPORTS:
        home = _EXPORTS[name]
        module = _importlib.import_module(f"{__name__}.{home or name}")
        value = module if home is None else getattr(module, name)
        globals()[name] = value
        return value
    if not name.startswith("__"):
        try:
            return _importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":  # the submodule exists but needs something missing
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(__all__) | {"__version__"})
