"""Estimating the model's free parameters from observed participation: :func:`estimate`.

The world scenarios leave parameters that no observation fixes by itself:
the size of the decision cost (``decision_cost``, what taking part in an
agreement costs a member) and the share of the good's benefit that reaches
every state (``non_excludable_share``, 1 - excludability), listed in
:data:`PARAMETERS`. :func:`estimate` fits them to the institutions states
actually joined, the datasets of the observed-world harness
(:mod:`goodsgov.observed`), and says how well the fitted model predicts out
of sample, beside the harness's baselines.

**Error model** (:mod:`.errormodel`). The model at parameters ``theta``
gives each state a score: its membership in the achieved institution and
its gain from it (each pair: whether it shares an institution). A state is
observed to take part with probability ``1 / (1 + exp(-(a + b . x)))`` of
those scores (random utility, McFadden 1974), the intercept and
non-negative slopes fitted per dataset. ``theta`` maximises the profile
likelihood, the sum over the datasets fitted on (for pairs a composite
likelihood, Lindsay 1988, whose dependence the bootstrap over states
respects).

**Search** (:mod:`.fit`). The model's scores jump where a state joins or
leaves, so the likelihood is piecewise continuous with flat stretches:
every point of a grid, then the derivative-free Nelder & Mead (1965)
simplex (``scipy.optimize``) from the best point, to 1/128 of a grid step.
A refinement that runs out of evaluations, and a parameter the likelihood
does not depend on anywhere on the grid, are an :class:`EstimationError`.

**Uncertainty.** Standard errors from a seeded bootstrap over states (Efron
& Tibshirani 1993; a pair is weighted by the product of its states' counts,
Snijders & Borgatti 1999); the interval is the percentile interval,
widened to the stretch of values around the estimate with the same
likelihood. Each replicate has its own seed from ``random_state``, so the
result is the same in-process, on a process pool and on dask.

**Out of sample.** States are dealt into folds of whole UN M49 regions;
each fold is scored by parameters and an error model fitted without it;
and *across instruments*: the parameters fitted on one instrument (the
refugee instruments) score another (the vote on the migration compact),
the error model fitted out of fold. The baselines get the same folds.

>>> import goodsgov as gg
>>> est = gg.estimate("refugee_protection", params=["decision_cost"], bootstrap=0, folds=None,
...                   grid=5, progress=False)
>>> list(est.params.columns[:5])
['name', 'value', 'se', 'low', 'high']
>>> bool(est.metrics.query("sample == 'fit' and metric == 'converged'")["model"].iloc[0] == 1.0)
True
"""

from .core import Estimate, EstimationError, estimate
from .model import DEFAULT_PARAMS, DEFAULT_PARAMS_UNCALIBRATED, PARAMETERS, Parameter
from .observations import DEFAULT_ACROSS, DEFAULT_AGAINST, dataset_areas
from .report import report
from .shipped import fitted_options, fitted_scenario, shipped_metrics, shipped_params

__all__ = ["estimate", "Estimate", "EstimationError", "PARAMETERS", "DEFAULT_PARAMS",
           "DEFAULT_PARAMS_UNCALIBRATED", "Parameter", "DEFAULT_AGAINST", "DEFAULT_ACROSS",
           "dataset_areas", "report", "fitted_scenario", "fitted_options", "shipped_params",
           "shipped_metrics"]
