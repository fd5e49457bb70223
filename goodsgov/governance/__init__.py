"""Predict the level of governance a scenario calls for: the one pipeline and its results.

The argument (Betts 2010, after Keohane 1982): the demand for governance
at a level follows from the externalities of the good. goodsgov solves the
scenario's contribution game under each institutional scope:

* **unilateral**: every state alone (the Nash equilibrium);
* **bilateral**: the network of bilateral deals, each formed on its pair's
  own joint gain (a state may hold several; pairwise stability with
  transfers, Jackson & Wolinsky 1996);
* **regional**: one agreement per region;
* **multilateral**: one agreement of all states.

An agreement forms only if its members gain jointly. The predicted level
is the scope that minimises the interdependence costs of Buchanan &
Tullock (1962, ch. 6): the welfare it leaves unrealised plus the decision
costs of running its institutions. Every pair of states an institution
must bring into agreement costs ``decision_cost`` times the mean
status-quo (Nash) payoff of a state, so an agreement of *m* states costs
``decision_cost * m (m - 1) / 2`` such units and a deal one: the costs
scale with what the issue is worth to states (the level does not change
when every benefit and cost is scaled by one factor) and rise with the
number of relationships an institution must reconcile (Keohane 1982: a
regime is demanded where its gains exceed the transaction costs of making
it). A deal network in which three states are all linked to each other is
a plurilateral club, not bilateral governance: where that network is the
best arrangement, the level is that of clubs, regional (and where it
coincides with the regions' or the global agreement, it is that
agreement). ``NONE`` when nothing is worth providing even at the optimum.

Nothing is looked up from the good type: the excludability and rivalry of
the good decide, through the game, which scope pays. The prediction also
says whether the agreement at the predicted level is self-enforcing (with
the model's exclusion of leavers and under the conventional rule without
it), what it achieves once members who gain by leaving have left (the
governance gap: under-provision, and how costs are shared against Lindahl
shares), the largest self-enforcing agreement, the clubs, the deals, and
each state's numbers.

Modules: :mod:`.scopes` (the scopes and levels, defined once),
:mod:`.kernel` (the compiled solution of every scope), :mod:`.pipeline`
(records, options, solve, summary: what the prediction, the sweep, Table 1
and the CLI share), :mod:`.prediction` (:func:`predict_governance` and its
result), :mod:`.explain` (the explanation).
"""

from .pipeline import DEFAULT_DECISION_COST, RESULT_COLUMNS
from .prediction import (BilateralDeals, Clubs, GovernanceGap, GovernancePrediction, StableCoalition,
                         predict_governance)
from .scopes import SCOPES, Level

__all__ = ["Level", "GovernanceGap", "GovernancePrediction", "StableCoalition", "Clubs",
           "BilateralDeals", "predict_governance", "DEFAULT_DECISION_COST", "SCOPES", "RESULT_COLUMNS"]
