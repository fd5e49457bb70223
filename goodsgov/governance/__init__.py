"""Predict the level of governance a scenario calls for: the institution states can sustain.

The argument (Betts 2010, after Keohane 1982): the demand for governance
at a level follows from the externalities of the good. goodsgov solves the
scenario's contribution game under each institutional scope and credits
each scope only with the institution that survives its own participation
constraints (model v3):

* **unilateral**: every state alone (the Nash equilibrium, the status quo);
* **bilateral**: a network of bilateral deals that is pairwise stable
  (Jackson & Wolinsky 1996; a deal needs both states to gain, or their
  joint gain with the ``transfers`` lever): the network the deal dynamic
  reaches, or, when it does not settle, the best pairwise-stable network
  found by enumerating all networks (up to six states); with none, no deal;
* **regional**: one treaty per region and **multilateral**: one treaty
  open to every state, each the treaty its forum sustains: a membership
  and a *depth* (the share of the way from the status quo to the members'
  joint optimum; Finus & Maus 2008) that are internally stable — no member
  gains by leaving, a leaver being excluded from the members' excludable
  benefit (d'Aspremont et al. 1983; Carraro & Siniscalco 1993; Barrett
  1994) —, chosen as Barrett's (2002; 2003, ch. 7) treaty designer would:
  the stable treaty with the largest joint gain of its members
  (:mod:`goodsgov.solvers.contribution.treaties`).

Decision costs enter payoffs, and so stability, welfare and the level
alike: a member of an agreement of *m* states pays ``decision_cost``
times its own status-quo provision cost times 1 (``"member"``, the
default), (*m* - 1) / 2 (``"pair"``, Buchanan & Tullock 1962, ch. 6) or
1 + 1 / *m* (``"institution"``); a deal is an agreement of two.

**The level is forum choice**: the scope whose sustainable institution
gives the highest welfare net of decision costs (a narrower scope wins
ties). In a paper: states take an issue to the forum where the
institution they can actually sustain is worth most to them together
(Jupille, Mattli & Snidal 2013 on institutional choice); the prediction is
an equilibrium institution, not a planner's benchmark. ``NONE`` when
nothing is worth providing even at the optimum.

Nothing is looked up from the good type: the excludability and rivalry of
the good decide, through the game, which scope's institution is best. The
prediction also reports each institution (:attr:`GovernancePrediction.institutions`),
the governance gap against the optimum (under-provision, and how costs
are shared against Lindahl shares), the largest internally stable
agreement at full depth, the clubs, the deals and each state's numbers;
:func:`evaluate` solves any arrangement a researcher names.

Modules: :mod:`.scopes` (the scopes and levels, defined once),
:mod:`.kernel` (the compiled solution of every scope), :mod:`.pipeline`
(records, options, solve, summary: what the prediction, the sweep, Table 1
and the CLI share), :mod:`.prediction` (:func:`predict_governance` and its
result), :mod:`.arrangements` (any arrangement: :func:`evaluate`), :mod:`.explain` (the
explanation).
"""

from .arrangements import Evaluation, evaluate
from .pipeline import DEFAULT_COST_FORM, DEFAULT_DECISION_COST, NEAR_TIE, RESULT_COLUMNS
from .prediction import (BilateralDeals, Clubs, GovernanceGap, GovernancePrediction, StableCoalition,
                         predict_governance)
from .scopes import SCOPES, Level


__all__ = ["Level", "GovernanceGap", "GovernancePrediction", "StableCoalition", "Clubs",
           "BilateralDeals", "predict_governance", "evaluate", "Evaluation", "DEFAULT_DECISION_COST",
           "DEFAULT_COST_FORM", "SCOPES", "RESULT_COLUMNS", "NEAR_TIE"]
