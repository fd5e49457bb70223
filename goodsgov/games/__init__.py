"""Game representations: contribution games and normal-form games."""

from .contribution import ContributionGame
from .normal_form import NormalFormGame

__all__ = ["ContributionGame", "NormalFormGame"]
