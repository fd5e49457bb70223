"""Catalogue of classic models (public goods, clubs, treaties, bargaining).

Each model is a small function whose docstring cites its source, returning
a frozen result that holds its inputs.

Every function returns finite numbers or raises a :mod:`goodsgov.errors`
exception. The limits are those of :mod:`goodsgov._checks`: parameters of
magnitude at most ``1e100`` (strictly positive ones at least ``1e-100``),
at most ``MAX_STATES`` (10**6) states for the symmetric models, ``MAX_PAIRS``
(10**7) entries for pairwise tables, and
:data:`goodsgov.models.threshold.MAX_PLAYERS` (500) for the threshold games;
parameters accepted one by one whose combination still overflows double
precision are refused with a :class:`~goodsgov.errors.ValidationError`
naming them.
"""

from .outcome import Outcome
from .public_goods import (
    TECHNOLOGIES, AggregatePublicGood, JointProduct, LinearPublicGoods, ParticipationGame,
    VoluntaryContributions, aggregate_public_good, joint_product, linear_public_goods,
    participation_game, voluntary_contributions,
)
from .repeated import GrimTrigger, critical_discount_factor, grim_trigger_threshold
from .threshold import (
    ThresholdPublicGood, VolunteersDilemma, threshold_public_good, volunteers_dilemma,
)

__all__ = ["Outcome"]
__all__ += [
    "TECHNOLOGIES", "AggregatePublicGood", "JointProduct", "LinearPublicGoods",
    "ParticipationGame", "VoluntaryContributions", "aggregate_public_good", "joint_product",
    "linear_public_goods", "participation_game", "voluntary_contributions",
    "GrimTrigger", "critical_discount_factor", "grim_trigger_threshold",
    "ThresholdPublicGood", "VolunteersDilemma", "threshold_public_good", "volunteers_dilemma",
]
from .bargaining import NashBargain, nash_bargaining, nash_splits, rubinstein_share
from .burden_sharing import (
    CORE_MAX_PLAYERS, SHAPLEY_MAX_PLAYERS, LeastCore, in_core, least_core, shapley_value,
    symmetric_worth, worth_vector,
)
from .clubs import (
    ClubPartition, ClubProvision, ClubSize, club_partition, club_provision, club_size,
)
from .labour_market import LabourMarket, skilled_labour_market
from .lever_models import (
    ExternalFunding, IssueLinkage, RegionalAgreement, SidePayments, TreatyLevers,
    external_funder, issue_linkage, regional_labour_agreement, side_payments, suasion_game,
    treaty_with_levers,
)
from .treaties import (
    BarrettTreaty, ParticipationTreaty, barrett_treaty, participation_treaty, stable_coalitions,
)

__all__ += [
    "NashBargain", "nash_bargaining", "nash_splits", "rubinstein_share",
    "CORE_MAX_PLAYERS", "SHAPLEY_MAX_PLAYERS", "LeastCore", "in_core", "least_core",
    "shapley_value", "symmetric_worth", "worth_vector",
    "ClubPartition", "ClubProvision", "ClubSize", "club_partition", "club_provision", "club_size",
    "LabourMarket", "skilled_labour_market",
    "ExternalFunding", "IssueLinkage", "RegionalAgreement", "SidePayments", "TreatyLevers",
    "external_funder", "issue_linkage", "regional_labour_agreement", "side_payments",
    "suasion_game", "treaty_with_levers",
    "BarrettTreaty", "ParticipationTreaty", "barrett_treaty", "participation_treaty",
    "stable_coalitions",
]
