"""A prediction on the world's states scored against observed institutions, beside baselines.

:func:`validate` compares what a :class:`goodsgov.GovernancePrediction` on
UN member states says with one observed dataset, at the unit that dataset
observes:

* **states** (``refugee_instruments``, each treaty of
  :data:`goodsgov.observed.TREATIES`, each vote of
  :data:`goodsgov.observed.VOTES`): observed 1 if the state is a party
  (``refugee_instruments``: to the 1951 Convention or the 1967 Protocol;
  with ``year``, a party by the end of that year) or voted yes. The model's
  ``score`` is the state's **gain** from the institution at the predicted
  scope: its payoff there minus its payoff acting alone
  (``payoff_<scope> - payoff_unilateral`` of ``prediction.states``), divided
  by the mean absolute payoff alone (a unit-free number; 0 for every state
  when the scope is unilateral). Its cut is **membership** in the achieved
  outcome (``prediction.achieved``, once members who gain by leaving have
  left): in an agreement of two or more states, or holding a deal when the
  achieved arrangement is the deal network. AUC uses the gain; accuracy,
  precision, recall and the Brier score use the 0/1 membership (the model
  gives no probability, so its log loss is NaN).
* **pairs** (``rcp``, ``rec``): every pair of the prediction's states,
  observed 1 if both belong to a common body. Predicted 1 if both belong to
  a common institution of the achieved outcome (a row of
  ``prediction.institutions``): the same agreement or, when the achieved
  arrangement is the deal network, a deal between them. Cliques of deals
  (``prediction.bargain.clubs``) are not read as bodies: the model does not
  treat them as clubs.
* **dyads** (``labour_agreements``): every pair, observed 1 if the pair has
  an agreement; predicted 1 if the bilateral scope's deal network holds the
  deal (``prediction.bargain.table``), scored by the deal's joint gain (0
  without a deal).

Baselines, always beside the model: for states a logistic regression on log
GDP and log population, each state predicted by the fit on the other folds
(``folds`` folds dealt within each M49 region, seeded by ``random_state``;
Hosmer & Lemeshow 2000, *Applied Logistic Regression*), cut at 0.5; for
pairs the same M49 sub-region and a shared land border; for dyads a gravity
score, GDP_a GDP_b / distance (Tinbergen 1962, *Shaping the World Economy*),
cut at its k highest pairs with k the observed number of agreements (that
cut uses the observations: its precision, recall and F1 are in-sample and
listed in ``in_sample``). Units without GDP (28 small states) have no
baseline score; every metric is computed on the units every column scores
(``table['scored']``).

>>> import goodsgov as gg
>>> p = gg.predict_governance(gg.refugee_protection(states="world"))
>>> v = gg.observed.validate(p, against="refugee_convention_1951")
>>> list(v.metrics.columns)
['metric', 'model', 'baseline_gdp_population']
>>> int(v.metrics.set_index("metric").loc["n", "model"])
165
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np
import pandas as pd

from .. import _checks
from ..names import with_names
from . import metrics as M

__all__ = ["Validation", "validate", "targets", "linked_states", "state_gains", "deal_gains"]

@dataclass(frozen=True, eq=False)
class Validation:
    """What :func:`validate` returns.

    ``metrics``: one row per metric (``n`` units scored, ``observed`` and
    ``predicted`` positives, then the scores), a ``model`` column and one
    column per baseline (NaN where a metric is undefined: the AUC with one
    class, precision with no predicted positive, log loss of a 0/1 forecast);
    ``table``: one row per unit (state, or pair ``iso3_a < iso3_b``) with
    the country names (``name``; ``name_a``, ``name_b``), ``score``, ``predicted``, ``observed``, what explains the score, each
    baseline's score and ``scored``; ``unit``: ``'state'``, ``'pair'`` or
    ``'dyad'``; ``score``, ``observation``: what the model's score and the
    observation are; ``baselines``: column -> what it is; ``in_sample``:
    the numbers computed with the observations they are scored against;
    ``notes``: anything the data or a fit did that a reader should know.
    """

    against: str
    unit: str
    metrics: pd.DataFrame = field(repr=False)
    table: pd.DataFrame = field(repr=False)
    score: str = field(repr=False)
    observation: str = field(repr=False)
    baselines: Mapping[str, str] = field(repr=False)
    in_sample: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=(), repr=False)
    year: int | None = None
    folds: int = 5
    random_state: int = 0

    def summary(self) -> pd.Series:
        """The model's and the baselines' AUC (a one-line comparison)."""
        return self.metrics.set_index("metric").loc["auc"]


# ---------------------------------------------------------------- the datasets
def _mod(name: str):
    return importlib.import_module(f"{__package__}.{name}")


def targets() -> dict[str, str]:
    """Every name ``against`` accepts -> its unit (``'state'``, ``'pair'`` or ``'dyad'``)."""
    out = {"refugee_instruments": "state"}
    out.update({name: "state" for name in _mod("treaties").TREATIES})
    out.update({name: "state" for name in _mod("votes").VOTES})
    out.update({"rcp": "pair", "rec": "pair", "labour_agreements": "dyad"})
    return out


def _world():
    from .. import world
    return world.countries()


def _check_year(against: str, year, years, last: int | None = None) -> int | None:
    """``year`` within the first recorded year and ``last`` (the data's date; else the last recorded)."""
    if year is None:
        return None
    y = _checks.integer("year", year)
    years = pd.Series(years).dropna()
    if years.empty:
        raise _checks.invalid("year", y, f"cannot be given for {against!r}: its data record no dates")
    lo, hi = int(years.min()), int(years.max()) if last is None else max(int(last), int(years.max()))
    if not lo <= y <= hi:
        raise _checks.invalid("year", y, f"must be within {lo}-{hi}, the years the {against!r} data "
                                         "cover")
    return y


def _state_observed(against: str, year) -> tuple[pd.Series, pd.Series, str, int | None]:
    """Observed 0/1 per member state, its detail column and what it means."""
    if against in ("refugee_instruments",) or against in _mod("treaties").TREATIES:
        names = (("refugee_convention_1951", "refugee_protocol_1967") if against == "refugee_instruments"
                 else (against,))
        frames = []
        for n in names:
            try:
                frames.append(_mod("treaties").treaty(n))
            except LookupError as exc:   # a listed instrument the package does not ship
                if against == n:
                    raise
                raise type(exc)(f"against={against!r} needs the parties to {n!r}, which are not "
                                f"shipped ({exc}); validate against each shipped instrument "
                                "instead") from exc
        years = pd.concat([f["year"] for f in frames])
        y = _check_year(against, year, years, _status_year(names))
        first = pd.concat([f["year"].where(f["party"]) for f in frames], axis=1).min(axis=1)
        party = pd.concat([f["party"] for f in frames], axis=1).any(axis=1)
        first = first.astype("Int64")
        if y is not None:
            undated = party & first.isna()
            if undated.any():
                raise _checks.invalid("year", y, f"cannot be used with {against!r}: "
                                      f"{int(undated.sum())} parties have no recorded year "
                                      f"({', '.join(sorted(party.index[undated])[:5])}); pass year=None")
            party = party & (first <= y).fillna(False).astype(bool)
        what = ("party to " + " or ".join(names) + ("" if y is None else f" by the end of {y}"))
        return party.astype(bool), first.rename("year"), what, y
    vote = _mod("votes").vote(against)["vote"]
    held = int(against.rsplit("_", 1)[1])
    if year is not None and _checks.integer("year", year) != held:
        raise _checks.invalid("year", year, f"must be None or {held}: {against!r} is one vote, "
                                            f"held in {held}")
    return (vote == "yes"), vote.rename("vote"), f"voted yes in {against} (no, abstain, absent: 0)", \
        (None if year is None else held)


def _status_year(names) -> int | None:
    """The earliest status date (year) of the instruments' shipped lists, if the loader records one."""
    listing = getattr(_mod("treaties"), "instruments", None)
    if listing is None:
        return None
    table = listing()
    dates = [str(table.loc[n, "status_date"])[:4] for n in names if n in table.index]
    return min(int(d) for d in dates) if dates and all(d.isdigit() for d in dates) else None


def _pair_observed(kind: str, names: list[str], year) -> tuple[np.ndarray, pd.DataFrame, int | None]:
    long = _mod("bodies").memberships(kind)
    y = _check_year(kind, year, long["since"])
    if y is not None:
        undated = long["since"].isna()
        if undated.any():
            raise _checks.invalid("year", y, f"cannot be used with {kind!r}: {int(undated.sum())} "
                                  "memberships have no recorded year; pass year=None")
        long = long[long["since"] <= y]
    long = long[long["iso3"].isin(names)]
    pos = {c: i for i, c in enumerate(names)}
    n = len(names)
    shared = np.zeros((n, n), dtype=bool)
    for _, grp in long.groupby("body"):
        idx = np.array(sorted({pos[c] for c in grp["iso3"]}), dtype=np.int64)
        shared[np.ix_(idx, idx)] = True
    return shared, long, y


# ---------------------------------------------------------------- the model's side
def _check_prediction(prediction, against: str):
    from ..governance import GovernancePrediction
    if not isinstance(prediction, GovernancePrediction):
        raise _checks.invalid("prediction", _checks.brief(prediction),
                              "must be a goodsgov.GovernancePrediction (gg.predict_governance(...))")
    names = list(prediction.scenario.names)
    world = _world()
    bad = [s for s in names if s not in world.index]
    if bad:
        shown = ", ".join(repr(s) for s in bad[:4]) + (" ..." if len(bad) > 4 else "")
        raise _checks.invalid("prediction", f"<prediction on states {shown}>",
                              f"must be made on UN member states named by ISO3 code to be validated "
                              f"against the world data {against!r} (e.g. "
                              "gg.predict_governance(gg.refugee_protection(states='world'))); "
                              f"{len(bad)} of its {len(names)} states are not: a prediction on "
                              "stylised states cannot be validated against world data")
    return names, world.loc[names]


def state_gains(prediction) -> np.ndarray:
    """Each state's gain from the institution at the predicted scope: its payoff there
    minus its payoff alone, over the mean absolute payoff alone (the model's state score)."""
    st = prediction.states
    alone = st["payoff_unilateral"].to_numpy(dtype=float)
    there = st[f"payoff_{prediction.scope.value}"].to_numpy(dtype=float)
    scale = float(np.mean(np.abs(alone)))
    return (there - alone) / (scale if scale > 0 else 1.0)


def _state_model(prediction) -> pd.DataFrame:
    st = prediction.states
    scope = prediction.scope.value
    return pd.DataFrame({"score": state_gains(prediction), "predicted": _members(prediction),
                         "payoff_alone": st["payoff_unilateral"].to_numpy(dtype=float),
                         f"payoff_{scope}": st[f"payoff_{scope}"].to_numpy(dtype=float),
                         "benefit": np.asarray(prediction.scenario.benefit, dtype=float)},
                        index=st.index)


def linked_states(prediction) -> np.ndarray:
    """n x n: the two states share an institution of the achieved outcome, an
    agreement or a deal (who is admitted to whose provision; diagonal False)."""
    out = np.array(prediction.achieved.admitted, dtype=bool)
    np.fill_diagonal(out, False)
    return out


def _members(prediction) -> np.ndarray:
    return linked_states(prediction).any(axis=1)


def deal_gains(prediction) -> np.ndarray:
    """n x n: the joint gain of each deal of the bilateral scope's network (0 without a deal)."""
    names = prediction.scenario.names
    pos = {s: i for i, s in enumerate(names)}
    gain = np.zeros((len(names), len(names)))
    t = prediction.bargain.table
    for a, b, g in zip(t["state"], t["partner"], t["joint_gain"]):
        gain[pos[a], pos[b]] = gain[pos[b], pos[a]] = g
    return gain


# ---------------------------------------------------------------- scoring
def _state_metrics(score, predicted, prob, y) -> dict[str, dict[str, float]]:
    def block(s, p, pr, probability: bool):
        return {"n": float(y.size), "observed": float(y.sum()), "predicted": float(p.sum()),
                "auc": M.auc(s, y), "accuracy": M.accuracy(p, y), "precision": M.precision(p, y),
                "recall": M.recall(p, y), "brier": M.brier(pr, y),
                "log_loss": M.log_loss(pr, y) if probability else math.nan}
    return {"model": block(score, predicted, predicted, False),
            "baseline_gdp_population": block(prob, prob >= 0.5, prob, True)}


def _pair_block(score, predicted, y) -> dict[str, float]:
    return {"n": float(y.size), "observed": float(y.sum()), "predicted": float(predicted.sum()),
            "precision": M.precision(predicted, y), "recall": M.recall(predicted, y),
            "f1": M.f1(predicted, y), "auc": M.auc(score, y)}


def validate(prediction, against: str, *, year: int | None = None, folds: int = 5,
             random_state: int = 0, path=None) -> Validation:
    """Score ``prediction`` against the observed dataset ``against``, beside the baselines.

    ``against``: ``'refugee_instruments'``, a treaty name
    (:data:`goodsgov.observed.TREATIES`), a vote (:data:`goodsgov.observed.VOTES`),
    ``'rcp'``, ``'rec'`` or ``'labour_agreements'`` (see the module
    docstring for what each observes and what the model's score is);
    ``year``: the observation as of the end of that year (within the years
    the data cover); ``folds``, ``random_state``: the baseline's
    cross-validation; ``path``: your own labour-agreement file (CSV with
    ``iso3_a, iso3_b, year``) for ``'labour_agreements'``.

    >>> import goodsgov as gg
    >>> p = gg.predict_governance(gg.irregular_migration(states="world"))
    >>> v = gg.observed.validate(p, against="rec")
    >>> v.unit, list(v.metrics.columns)
    ('pair', ['metric', 'model', 'baseline_same_subregion', 'baseline_shared_border'])
    """
    known = targets()
    _checks.choice("against", against, known)
    unit = known[against]
    folds = _checks.integer("folds", folds, low=2, high=50)
    random_state = _checks.integer("random_state", random_state, low=0)
    if path is not None and against != "labour_agreements":
        raise _checks.invalid("path", _checks.brief(path), "is only read for against="
                              f"'labour_agreements', not {against!r}")
    names, world = _check_prediction(prediction, against)
    if unit == "state":
        return _validate_states(prediction, against, names, world, year, folds, random_state)
    return _validate_pairs(prediction, against, unit, names, world, year, folds, random_state, path)


def _validate_states(prediction, against, names, world, year, folds, random_state) -> Validation:
    observed, detail, what, year = _state_observed(against, year)
    model = _state_model(prediction)
    table = pd.DataFrame({"region": world["region"], "observed": observed.reindex(names).to_numpy()},
                         index=pd.Index(names, name="iso3"))
    table = table.join(detail).join(model)
    logs = np.log(world[["gdp", "population"]].to_numpy(dtype=float))
    scored = np.isfinite(logs).all(axis=1)
    table["fold"] = -1
    fold = M.region_folds(world["region"].to_numpy()[scored], folds, random_state)
    table.loc[scored, "fold"] = fold
    y = table["observed"].to_numpy(dtype=bool)
    prob, notes = M.logit_cv(logs[scored], y[scored], fold)
    table["baseline_gdp_population"] = np.nan
    table.loc[scored, "baseline_gdp_population"] = prob
    table["scored"] = scored
    s = scored
    columns = _state_metrics(table["score"].to_numpy()[s], table["predicted"].to_numpy(dtype=bool)[s],
                             prob, y[s])
    table = with_names(table)
    notes = notes + (f"{int((~s).sum())} states without GDP are not scored: "
                     + ", ".join(np.array(names)[~s]),) if (~s).any() else notes
    scope = prediction.scope.value
    return Validation(
        against=against, unit="state", metrics=M.table(columns), table=table,
        score=f"gain from the {scope} institution over acting alone, per mean absolute payoff alone; "
              "predicted: member of an agreement (or deal) of the achieved outcome",
        observation=what,
        baselines={"baseline_gdp_population": f"logistic regression on log GDP and log population, "
                                              f"out of fold ({folds} folds within M49 regions, "
                                              f"seed {random_state}), cut at 0.5"},
        in_sample=(), notes=notes, year=year, folds=folds, random_state=random_state)


def _validate_pairs(prediction, against, unit, names, world, year, folds, random_state, path):
    n = len(names)
    a, b = np.triu_indices(n, k=1)
    table = pd.DataFrame({"iso3_a": np.array(names, dtype=object)[a],
                          "iso3_b": np.array(names, dtype=object)[b]})
    table = with_names(with_names(table, "iso3_a", column="name_a"), "iso3_b", column="name_b")
    notes: tuple[str, ...] = ()
    if unit == "pair":
        shared, long, year = _pair_observed(against, names, year)
        observed = shared[a, b]
        linked = linked_states(prediction)
        predicted = linked[a, b]
        score = predicted.astype(float)
        sub = world["subregion"].to_numpy()
        border = _border(world, names)
        baselines = {"baseline_same_subregion": sub[a] == sub[b],
                     "baseline_shared_border": border[a, b]}
        table["observed"] = observed
        table["score"] = score
        table["predicted"] = predicted
        table["deal"] = deal_gains(prediction)[a, b] > 0
        for k, v in baselines.items():
            table[k] = v
        table["scored"] = True
        bodies = long.groupby("iso3")["body"].apply(frozenset).to_dict()
        table["bodies"] = ["; ".join(sorted(bodies.get(x, frozenset()) & bodies.get(z, frozenset())))
                           if o else "" for x, z, o in zip(table["iso3_a"], table["iso3_b"], observed)]
        columns = {"model": _pair_block(score, predicted, observed)}
        columns.update({k: _pair_block(v.astype(float), v, observed) for k, v in baselines.items()})
        what = f"both belong to a common {against.upper()}" + ("" if year is None else f" by {year}")
        desc = {"baseline_same_subregion": "both in the same UN M49 sub-region",
                "baseline_shared_border": "the two share a land border (GeoNames)"}
        return Validation(against=against, unit="pair", metrics=M.table(columns), table=table,
                          score="1 if the two share an agreement (or a club of the deal network) of "
                                "the achieved outcome",
                          observation=what, baselines=desc, in_sample=(), notes=notes, year=year,
                          folds=folds, random_state=random_state)
    agreements = _mod("labour").labour_agreements(path) if path is not None \
        else _mod("labour").labour_agreements()
    y = _check_year(against, year, agreements["year"])
    if y is not None:
        agreements = agreements[agreements["year"] <= y]
    pos = {c: i for i, c in enumerate(names)}
    obs = np.zeros((n, n), dtype=bool)
    for x, z in zip(agreements["iso3_a"], agreements["iso3_b"]):
        if x in pos and z in pos and x != z:
            obs[pos[x], pos[z]] = obs[pos[z], pos[x]] = True
    gain = deal_gains(prediction)[a, b]
    from .. import world as _w
    km = _w.distance_matrix(names).to_numpy()[a, b]
    gdp = world["gdp"].to_numpy(dtype=float)
    gravity = gdp[a] * gdp[b] / np.maximum(km, 1.0)
    scored = np.isfinite(gravity)
    observed = obs[a, b]
    table["observed"] = observed
    table["score"] = gain
    table["predicted"] = gain > 0
    table["distance_km"] = km
    table["baseline_gravity"] = gravity
    table["scored"] = scored
    s = scored
    k = int(observed[s].sum())
    top = np.zeros(int(s.sum()), dtype=bool)
    if k:
        top[np.argsort(-gravity[s], kind="stable")[:k]] = True
    columns = {"model": _pair_block(gain[s], gain[s] > 0, observed[s]),
               "baseline_gravity": _pair_block(gravity[s], top, observed[s])}
    dropped = sorted(set(names) - set(np.array(names)[np.isfinite(gdp)]))
    if dropped:
        notes += (f"pairs with a state without GDP are not scored ({len(dropped)} states: "
                  + ", ".join(dropped) + ")",)
    return Validation(
        against=against, unit="dyad", metrics=M.table(columns), table=table,
        score="joint gain of the pair's deal in the bilateral scope's deal network (0: no deal)",
        observation="the pair has a labour agreement" + ("" if y is None else f" by {y}"),
        baselines={"baseline_gravity": "GDP_a * GDP_b / great-circle km, cut at its k highest pairs "
                                       "with k the observed number of agreements"},
        in_sample=("baseline_gravity: predicted, precision, recall, f1 (its cut is the observed "
                   "number of agreements)",),
        notes=notes, year=y, folds=folds, random_state=random_state)


def _border(world: pd.DataFrame, names: list[str]) -> np.ndarray:
    pos = {c: i for i, c in enumerate(names)}
    out = np.zeros((len(names), len(names)), dtype=bool)
    for i, c in enumerate(names):
        for nb in world.loc[c, "neighbours"]:
            if nb in pos:
                out[i, pos[nb]] = True
    return out
