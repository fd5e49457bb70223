"""goodsgov: the political economy of migration governance as solvable games.

Betts (2010) argued that the level at which states govern migration
follows from the kind of good governance provides. goodsgov encodes that
typology as cooperation games between states, solves them, and predicts
the level of governance, the provision of the good and the gap to full
cooperation.

>>> import goodsgov as gg
>>> gg.predict_governance(gg.irregular_migration()).level
<Level.REGIONAL: 'regional'>
"""

from . import models
from .canonical import irregular_migration, refugee_protection, skilled_labour
from .errors import GoodsgovError, ValidationError
from .games import ContributionGame, NormalFormGame
from .goods import Aggregation, Good, GoodType, Spillover, classify
from .governance import GovernanceGap, GovernancePrediction, Level, predict_governance
from .levers import Levers
from .scenario import Scenario
from .states import State
from .table1 import compare_table1, published_table1, table1
from .sweep import sample_grid, sweep
from .distributed import dask_executor

__version__ = "0.1.0"

__all__ = [
    "Aggregation", "ContributionGame", "Good", "GoodType", "GoodsgovError", "GovernanceGap",
    "GovernancePrediction", "Level", "Levers", "NormalFormGame", "Scenario", "Spillover", "State",
    "ValidationError", "classify", "irregular_migration", "models", "predict_governance",
    "refugee_protection", "skilled_labour", "table1", "published_table1", "compare_table1",
    "sweep", "sample_grid", "dask_executor",
]
