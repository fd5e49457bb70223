"""Burden sharing: who pays for a predicted outcome, against normative rules.

Betts (2010) names the refugee regime's "significant gap ... in terms of
burden-sharing". :func:`burden_sharing` sets each state's actual cost at a
prediction's achieved outcome (its provision cost, plus an optional hosting
burden for first-asylum states) against three normative shares:

* **Lindahl** (1919) shares, the benefit principle: each provider's cost
  split in proportion to the states' marginal benefits from its provision
  at the social optimum;
* the **Shapley** (1953) value of the cooperative surplus: a state's fair
  payoff is its status-quo (Nash) payoff plus its Shapley value in the game
  whose worth ``v(S)`` is what the coalition ``S`` gains jointly by forming
  an agreement while the others act alone (the gamma-characteristic
  function of Chander & Tulkens 1997); its fair cost is what it would then
  pay for the benefits it receives at the optimum;
* a **distribution key** with user weights over per-state indicators, as
  in the European Commission's 2015 relocation key (40 % population, 40 %
  GDP, 10 % unemployment, 10 % past asylum efforts), each indicator turned
  into shares of its total.

Each comparison is summarised by the share of all costs that would have to
change hands for the actual shares to equal the rule's (half the sum of
absolute differences).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from . import _checks

__all__ = ["BurdenSharing", "burden_sharing", "EXACT_SHAPLEY_STATES"]

#: Up to this many states the Shapley value is exact (every coalition); above, sampled.
EXACT_SHAPLEY_STATES = 10


@dataclass(frozen=True, eq=False)
class BurdenSharing:
    """What :func:`burden_sharing` returns.

    ``table``: one row per state: its ``name`` (when the states are UN
    member states named by ISO3 code), ``cost`` (provision cost at the achieved
    outcome), ``hosting``, ``total_cost``, ``model_share`` (when ``actual``
    is given), ``share`` (the model's, or the observed ``actual``) and the normative
    ``lindahl_share``, ``shapley_share`` and ``key_share`` (when asked
    for); ``gaps``: for each rule, the share of all costs that would have
    to change hands; ``shapley_exact``: whether the Shapley value was
    computed over every coalition (else from ``samples`` permutations).
    """

    table: pd.DataFrame = field(repr=False)
    gaps: dict
    shapley_exact: bool | None = None


def _per_state(field_name: str, values, names: Sequence[str], *, low: float | None = 0.0) -> np.ndarray:
    if isinstance(values, pd.Series):   # matched by its index, never by position
        values = values.to_dict()
    if isinstance(values, Mapping):
        unknown = [k for k in values if k not in names]
        if unknown:
            raise _checks.invalid(field_name, unknown[0], "keys must be the scenario's state names")
        values = [values.get(nm, 0.0) for nm in names]
    return _checks.array(field_name, values, shape=(len(names),), low=low)


def _shares(field_name: str, x: np.ndarray) -> np.ndarray:
    total = float(np.sum(x))
    if not total > 0.0:
        raise _checks.invalid(field_name, "<all zero>", "needs a positive total to turn into shares")
    return x / total


def _gamma_worth(game, mask_bits: int, nash_payoffs: np.ndarray, optimum_welfare: float) -> float:
    """A coalition's worth: its members' joint gain over the status quo from their
    agreement, the others alone (Chander & Tulkens 1997's gamma-characteristic
    function); for all states, the social optimum's surplus, which is what the
    fair costs are measured against (with a rival good the planner admits fewer
    users than an agreement of all, so the two differ)."""
    from .solvers.agreements import partial_agreement
    members = [i for i in range(game.n_players) if mask_bits >> i & 1]
    if len(members) < 2:
        return 0.0
    if len(members) == game.n_players:
        return float(optimum_welfare - np.sum(nash_payoffs))
    eq = partial_agreement(game, [members])
    return float(np.sum(eq.payoffs[members] - nash_payoffs[members]))


def _shapley(game, nash_payoffs: np.ndarray, samples: int, random_state) -> tuple[np.ndarray, bool]:
    n = game.n_players
    best = game.optimum().welfare
    if n <= EXACT_SHAPLEY_STATES:
        from .models.burden_sharing import shapley_value
        worth = [_gamma_worth(game, bits, nash_payoffs, best) for bits in range(1 << n)]
        return np.asarray(shapley_value(worth), dtype=float), True
    rng = np.random.default_rng(random_state)
    phi = np.zeros(n)
    for _ in range(samples):
        order = rng.permutation(n)
        bits, before = 0, 0.0
        for i in order:
            bits |= 1 << int(i)
            after = _gamma_worth(game, bits, nash_payoffs, best)
            phi[i] += after - before
            before = after
    return phi / samples, False


def burden_sharing(prediction, *, key: Mapping[str, float] | None = None,
                   indicators: Mapping[str, object] | None = None, hosting=None, actual=None,
                   shapley: bool = False, samples: int = 200, random_state: int | None = 0) -> BurdenSharing:
    """Each state's actual cost at ``prediction``'s achieved outcome against the rules above.

    ``key``: weights of a distribution key by indicator name, with
    ``indicators`` giving each indicator per state (a mapping state name ->
    value, or a sequence in state order; values >= 0; pass an inverse, e.g.
    ``1 / unemployment``, for an indicator that should lower the share).
    ``hosting``: an extra cost per state (first-asylum states hosting
    refugees), added to its provision cost. ``actual``: the burden each
    state is observed to carry (e.g. the people it hosts,
    :func:`goodsgov.calibration.hosting_shares` from UNHCR data; a mapping
    state name -> value, a pandas Series indexed by name, or a sequence in
    state order; values >= 0, turned into shares): it replaces the model's
    cost shares in ``share`` and the ``gaps``, which then measure the
    observed burden against each rule; the model's shares stay in
    ``model_share``. ``shapley``: compute the
    Shapley benchmark (exact up to :data:`EXACT_SHAPLEY_STATES` states, else
    from ``samples`` random orders drawn with ``random_state``).

    >>> import goodsgov as gg
    >>> p = gg.predict_governance(gg.refugee_protection(n_states=6, n_regions=2))
    >>> b = burden_sharing(p, key={"population": 1.0},
    ...                    indicators={"population": [1, 1, 2, 2, 3, 3]}, shapley=True)
    >>> round(float(b.table["share"].sum()), 12), sorted(b.gaps)
    (1.0, ['key', 'lindahl', 'shapley'])
    """
    from .games.contribution import ContributionGame
    from .governance import GovernancePrediction, Level
    if not isinstance(prediction, GovernancePrediction):
        raise _checks.invalid("prediction", prediction, "must be a goodsgov.GovernancePrediction")
    names = list(prediction.scenario.names)
    states = prediction.states
    cost = states["cost"].to_numpy(dtype=float)
    host = np.zeros(len(names)) if hosting is None else _per_state("hosting", hosting, names)
    total = cost + host
    share = _shares("cost", total)
    table = pd.DataFrame({"cost": cost, "hosting": host, "total_cost": total, "share": share,
                          "lindahl_share": states["lindahl_share"].to_numpy()},
                         index=pd.Index(names, name="state"))
    if actual is not None:
        share = _shares("actual", _per_state("actual", actual, names))
        table.insert(3, "model_share", table["share"])
        table["share"] = share
    exact = None
    if shapley:
        samples = _checks.integer("samples", samples, low=1, high=100_000)
        if random_state is not None and not isinstance(random_state, np.random.Generator):
            random_state = _checks.integer("random_state", random_state, low=0)
        game = ContributionGame.from_scenario(prediction.scenario)
        nash = prediction.equilibria[Level.UNILATERAL].payoffs
        phi, exact = _shapley(game, np.asarray(nash), samples, random_state)
        optimum = game.optimum()
        gross = optimum.payoffs + game.cost * optimum.contributions ** 2 / 2.0
        fair_cost = gross - (np.asarray(nash) + phi)
        spent = float(np.sum(fair_cost))
        table["shapley_share"] = fair_cost / spent if spent > 0 else np.zeros(len(names))
    if key is not None:
        if not isinstance(key, Mapping) or not key:
            raise _checks.invalid("key", key, "must be a non-empty mapping of indicator name -> weight")
        if not isinstance(indicators, Mapping):
            raise _checks.invalid("indicators", indicators,
                                  "must map each indicator of the key to its values per state")
        weights = {k: _checks.real(f"key[{k!r}]", w, low=0.0) for k, w in key.items()}
        if not sum(weights.values()) > 0:
            raise _checks.invalid("key", key, "weights must not all be zero")
        mix = np.zeros(len(names))
        for k, w in weights.items():
            if k not in indicators:
                raise _checks.invalid("indicators", k, "has no values for this indicator of the key")
            mix += w * _shares(f"indicators[{k!r}]", _per_state(f"indicators[{k!r}]", indicators[k], names))
        table["key_share"] = mix / sum(weights.values())
    gaps = {rule: float(0.5 * np.abs(share - table[f"{rule}_share"].to_numpy()).sum())
            for rule in ("lindahl", "shapley", "key") if f"{rule}_share" in table}
    from .names import all_members, with_names
    if all_members(names):   # on the world's states: each country's name first
        table = with_names(table)
    return BurdenSharing(table, gaps, exact)
