"""goodsgov: the political economy of migration governance as solvable games.

Betts (2010) argued that the level at which states govern migration
follows from the kind of good governance provides. goodsgov encodes that
typology as cooperation games between states, solves them, and predicts
the level of governance, the provision of the good and the gap to full
cooperation.

>>> import goodsgov as gg
>>> gg.predict_governance(gg.irregular_migration()).level
<Level.REGIONAL: 'regional'>

Importing the package is cheap: each name below is imported from its
module on first use (PEP 562), so ``goodsgov --help`` starts without
numpy, pandas or numba. ``from goodsgov import X``, ``dir()`` and
``__all__`` work as for an eagerly imported package.

``goodsgov.sweep`` and ``goodsgov.table1`` are both a module and the
function of that name. Python binds ``import goodsgov.sweep as m`` to the
package's attribute ``sweep``, so a package attribute and a submodule of
the same name are necessarily one object. That object is the module,
made callable: calling it calls the function of the same name, so
``gg.sweep(...)``, ``from goodsgov import sweep; sweep(...)``,
``import goodsgov.sweep as m; m.sweep(...)`` and
``from goodsgov.sweep import scenario_at`` all work.

>>> import goodsgov.table1 as t1
>>> t1 is gg.table1, t1.table1 is gg.table1.table1
(True, True)
>>> gg.table1()["type_of_good"].tolist() == t1.table1()["type_of_good"].tolist()
True
"""

import importlib
import sys
import types

__version__ = "0.1.0"

#: Where each public name lives (its module, relative to the package).
_EXPORTS = {
    "models": None,  # a subpackage
    "irregular_migration": "canonical", "refugee_protection": "canonical", "skilled_labour": "canonical",
    "GoodsgovError": "errors", "ValidationError": "errors",
    "ContributionGame": "games", "NormalFormGame": "games",
    "Aggregation": "goods", "Good": "goods", "GoodType": "goods", "Spillover": "goods",
    "classify": "goods",
    "GovernanceGap": "governance", "GovernancePrediction": "governance", "Level": "governance",
    "predict_governance": "governance",
    "Levers": "levers",
    "Scenario": "scenario",
    "State": "states",
    "table1": None, "published_table1": "table1", "compare_table1": "table1",
    "sweep": None, "sample_grid": "sweep",
    "dask_executor": "distributed",
    "world": None,  # a submodule
    "burden_sharing": "burden", "BurdenSharing": "burden",
}

#: Submodules that are also called as the function of the same name.
_CALLABLE_MODULES = ("sweep", "table1")

__all__ = [
    "Aggregation", "ContributionGame", "Good", "GoodType", "GoodsgovError", "GovernanceGap",
    "GovernancePrediction", "Level", "Levers", "NormalFormGame", "Scenario", "Spillover", "State",
    "ValidationError", "classify", "irregular_migration", "models", "predict_governance",
    "refugee_protection", "skilled_labour", "table1", "published_table1", "compare_table1",
    "sweep", "sample_grid", "dask_executor", "world", "burden_sharing", "BurdenSharing",
]


class _CallableModule(types.ModuleType):
    """A module that, called, calls its function of the same name (``goodsgov.sweep``)."""

    def __call__(self, *args, **kwargs):
        return self._function(*args, **kwargs)

    @property
    def _function(self):
        return getattr(self, self.__name__.rpartition(".")[2])

    @property
    def __signature__(self):  # inspect.signature(gg.sweep) is the function's
        import inspect
        return inspect.signature(self._function)

    def __reduce__(self):  # pickles by name, like the function it stands for
        return importlib.import_module, (self.__name__,)


class _Package(types.ModuleType):
    """The package module: a callable submodule becomes callable however it is first imported."""

    def __setattr__(self, name, value):
        if (name in _CALLABLE_MODULES and isinstance(value, types.ModuleType)
                and value.__name__ == f"{__name__}.{name}" and type(value) is types.ModuleType):
            value.__class__ = _CallableModule
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


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
    return sorted(set(globals()) | set(__all__))
