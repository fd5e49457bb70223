"""Regions from above, below and beyond: three forces of regional migration governance as levers.

Lavenex et al. (2022, "Regions and global migration governance:
perspectives 'from above', 'from below' and 'from beyond'", *Journal of
Ethnic and Migration Studies*, introduction to the special issue) explain
regional migration governance by three interplays. Each is a lever of the
model here, with the model's own accounting:

* **from above** (:func:`from_above`): intergovernmental cooperation in a
  *forum*. Who may join which forum (the membership rule) and what taking
  part costs (decision costs) decide which treaty each forum sustains
  (model v3: the treaty designer's stable treaty per forum). A forum is a
  group of states negotiating together; the scenario's regions are one
  choice, observed bodies (:func:`goodsgov.observed.memberships`) another.
* **from below** (:func:`from_below`): societal actors — migrant
  associations, rights advocates, unions — shaping what a state wants.
  Their pressure moves the state's priorities over Betts's (2010) three
  aims (security, economy, rights; :meth:`goodsgov.State.from_aims`)
  toward the aims of the mobilised group, and so its benefit weight.
  :func:`with_aims` gives states without aims (the world's) an aims
  profile that keeps their benefit.
* **from beyond** (:func:`from_beyond`): an external power that is not a
  member paying for governance elsewhere because it benefits (the EU
  funding migration control in African transit regions; Lavenex 2006).
  The funder is a state of the scenario: it pays a share of the members'
  provision costs (the :class:`goodsgov.Levers` ``funding`` lever,
  restricted to the target forum), its payoff counts its benefit and its
  outlay, and it chooses the share as a Stackelberg leader.

Every number comes from the same solver as :func:`goodsgov.predict_governance`
(:func:`goodsgov.governance.pipeline.solve` with the forums as regions),
and :func:`goodsgov.evaluate` of the institution found reproduces it.

>>> import goodsgov as gg
>>> from goodsgov import regions
>>> sc = gg.irregular_migration(n_states=6, n_regions=2)
>>> regions.from_above(sc, {"regions": "regions", "alone": "alone"}).table["level"].tolist()
['multilateral', 'multilateral']
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
import pandas as pd

from . import _checks
from .errors import did_you_mean
from .governance import pipeline
from .governance.pipeline import DEFAULT_COST_FORM, DEFAULT_DECISION_COST
from .governance.prediction import institutions as _scope_institutions
from .governance.scopes import REGIONAL
from .levers import Levers
from .scenario import Scenario
from .solvers.contribution.records import COST_FORMS
from .states import AIMS, State

__all__ = ["FORUM_RULES", "FromAbove", "FromBeyond", "forums_of", "from_above", "with_aims",
           "from_below", "from_beyond", "DEFAULT_SHARES"]

#: The named membership rules of :func:`forums_of`: the scenario's ``"regions"``, or every state
#: ``"alone"`` (no regional forum). (One forum of every state is the multilateral forum.)
FORUM_RULES: tuple[str, ...] = ("regions", "alone")

#: The funding shares :func:`from_beyond` tries by default: 0, 0.1, ..., 0.9.
DEFAULT_SHARES: tuple[float, ...] = tuple(k / 10 for k in range(10))


# --------------------------------------------------------------------------- forums
def _state_index(scenario: Scenario, name, field_name: str) -> int:
    names = scenario.names
    if not isinstance(name, str) or name not in names:
        raise _checks.invalid(field_name, _checks.brief(name),
                              "must name a state of the scenario" + did_you_mean(name, names))
    return names.index(name)


def forums_of(scenario: Scenario, rule, *, field_name: str = "forums") -> tuple[np.ndarray, tuple[str, ...]]:
    """Each state's forum label (dense integers) and each label's name, for a membership ``rule``.

    ``rule``: ``"regions"`` (the scenario's regions), ``"alone"`` (every
    state on its own: no regional forum), a mapping forum name -> member
    names, or a sequence of groups of names (named ``"forum 1"``, ...). A
    state may sit in one forum only; a state no group names negotiates
    alone (a forum of one, named after it); ``field_name`` names the rule in
    errors. A forum of every state is the
    multilateral scope's forum: the level rule then credits its treaty to
    the regional scope (the narrower scope wins ties).

    >>> import goodsgov as gg
    >>> sc = gg.irregular_migration(n_states=4, n_regions=2)
    >>> labels, names = forums_of(sc, {"north": ["S01", "S03"]})
    >>> labels.tolist(), names
    ([0, 1, 0, 2], ('north', 'S02', 'S04'))
    """
    if not isinstance(scenario, Scenario):
        raise _checks.invalid("scenario", _checks.brief(scenario), "must be a goodsgov.Scenario")
    n = scenario.n_states
    if isinstance(rule, str):
        rule = _checks.choice(field_name, rule, FORUM_RULES)
        if rule == "regions":
            _, first, labels = np.unique(np.array(scenario.region_of), return_index=True, return_inverse=True)
            return labels.reshape(n).astype(np.int64), tuple(scenario.region_of[i] for i in first)
        return np.arange(n, dtype=np.int64), scenario.names
    if isinstance(rule, Mapping):
        groups = list(rule.items())
        for key, _ in groups:
            if not isinstance(key, str) or not key.strip():
                raise _checks.invalid(field_name, _checks.brief(key), "forum names must be non-empty strings")
    else:
        rule = _checks._materialised(field_name, rule, "a rule name, a mapping forum -> members or a "
                                                    "sequence of groups of state names")
        if not hasattr(rule, "__len__"):
            raise _checks.invalid(field_name, _checks.brief(rule), "must be one of " + ", ".join(
                map(repr, FORUM_RULES)) + ", a mapping forum -> members or a sequence of groups")
        groups = [(f"forum {k + 1}", g) for k, g in enumerate(rule)]
    owner: dict[int, str] = {}
    label = np.full(n, -1, dtype=np.int64)
    names: list[str] = []
    for key, members in groups:
        where = f"{field_name}[{key!r}]"
        idx = [_state_index(scenario, m, where) for m in _checks.strings(where, members)]
        if not idx:
            raise _checks.invalid(where, [], "must name at least one state")
        for i in idx:
            if i in owner and owner[i] != key:
                raise _checks.invalid(where, scenario.names[i],
                                      f"a state can sit in one forum only; it is also in {owner[i]!r}")
            owner[i] = key
        if idx:
            label[idx] = len(names)
            names.append(key)
    for i in range(n):
        if label[i] < 0:
            label[i] = len(names)
            names.append(scenario.names[i])
    return label, tuple(names)


def _solve(scenario: Scenario, labels: np.ndarray, opts):
    return pipeline.solve(pipeline.records(scenario, opts.levers), labels, opts.record)


def _seq(field_name: str, value, check) -> tuple:
    if isinstance(value, (str, int, float, np.floating, np.integer)) and not isinstance(value, bool):
        return (check(field_name, value),)
    value = _checks._materialised(field_name, value, "one value or a sequence of values")
    if not hasattr(value, "__len__") or len(value) == 0:
        raise _checks.invalid(field_name, _checks.brief(value), "must be one value or a non-empty sequence")
    return tuple(check(f"{field_name}[{k}]", v) for k, v in enumerate(value))


@dataclass(frozen=True, eq=False)
class FromAbove:
    """How the regional institutions and the level change with the forums (see :func:`from_above`).

    ``table``: one row per membership rule, decision cost and form:
    ``forums`` (the rule's name), ``decision_cost``, ``decision_cost_form``,
    ``n_forums`` (forums of two or more states), ``level`` (the predicted
    level with these forums as the regional scope), ``n_institutions`` and
    ``largest`` (the forums' treaties and the largest one's members),
    ``provision_regional``, ``net_welfare_regional`` and
    ``self_enforcing_regional`` (the forums' treaties together, everyone
    else alone), ``provision_achieved`` and ``net_welfare_achieved`` (the
    predicted level's institution). ``institutions``: one row per treaty:
    ``forums``, ``decision_cost``, ``decision_cost_form``, ``forum``,
    ``members``, ``n_members``, ``depth``, ``provision``, ``decision_cost_paid``,
    ``self_enforcing``. ``rules``: each rule's forums (name -> members, forums
    of two or more states).
    """

    table: pd.DataFrame = field(repr=False)
    institutions: pd.DataFrame = field(repr=False)
    rules: Mapping[str, Mapping[str, tuple[str, ...]]] = field(repr=False)
    scenario: Scenario = field(repr=False)
    levers: Levers = field(default_factory=Levers)


def from_above(scenario: Scenario, forums=None, *, decision_cost: float | Sequence[float] = DEFAULT_DECISION_COST,
               decision_cost_form: str | Sequence[str] = DEFAULT_COST_FORM,
               levers: Levers | dict | None = None) -> FromAbove:
    """Governance from above: the regional institutions each forum sustains, and the level.

    ``forums``: a mapping name -> membership rule (see :func:`forums_of`;
    default ``{"regions": "regions"}``). For each rule, decision cost and
    form the scenario is solved with the rule's forums as the regional
    scope (the benefit domain, i.e. where each state's excludable benefit
    reaches, stays the scenario's: a forum reshapes who negotiates
    together, not geography; rebuild the scenario with other regions to
    move that too). The level is forum choice as in
    :func:`goodsgov.predict_governance`, whose numbers the rule
    ``"regions"`` reproduces.

    >>> import goodsgov as gg
    >>> sc = gg.refugee_protection(n_states=6, n_regions=2)
    >>> out = from_above(sc, {"two regions": "regions", "no forum": "alone"}, decision_cost=[0.0, 0.5])
    >>> out.table[["forums", "decision_cost", "level", "largest"]].values.tolist()
    [['two regions', 0.0, 'regional', 3], ['two regions', 0.5, 'regional', 3], ['no forum', 0.0, 'bilateral', 0], ['no forum', 0.5, 'bilateral', 0]]
    """
    if not isinstance(scenario, Scenario):
        raise _checks.invalid("scenario", _checks.brief(scenario), "must be a goodsgov.Scenario")
    if forums is None:
        forums = {"regions": "regions"}
    if not isinstance(forums, Mapping) or not forums:
        raise _checks.invalid("forums", _checks.brief(forums),
                              "must be a non-empty mapping name -> membership rule")
    costs = _seq("decision_cost", decision_cost, lambda f, v: _checks.real(f, v, low=0.0))
    forms = _seq("decision_cost_form", decision_cost_form, lambda f, v: _checks.choice(f, v, COST_FORMS))
    base = pipeline.options(levers)
    rows, inst, rules = [], [], {}
    for key, rule in forums.items():
        if not isinstance(key, str):
            raise _checks.invalid("forums", _checks.brief(key), "rule names must be strings")
        labels, names = forums_of(scenario, rule, field_name=f"forums[{key!r}]")
        groups = {names[f]: tuple(scenario.names[i] for i in np.flatnonzero(labels == f))
                  for f in range(len(names))}
        rules[key] = MappingProxyType({k: v for k, v in groups.items() if len(v) > 1})
        for form in forms:
            for cost in costs:
                opts = base._replace(decision_cost=cost, decision_cost_form=form)
                out = _solve(scenario, labels, opts)
                row = pipeline.summary(out)
                table = _scope_institutions(scenario.names, out, REGIONAL)
                sc = out.scopes
                rows.append({"forums": key, "decision_cost": cost, "decision_cost_form": form,
                             "n_forums": len(rules[key]), "level": row["level"],
                             "n_institutions": len(table),
                             "largest": int(table["n_members"].max()) if len(table) else 0,
                             "provision_regional": row["provision_regional"],
                             "net_welfare_regional": row["net_welfare_regional"],
                             "self_enforcing_regional": bool(sc.self_enforcing[REGIONAL]),
                             "provision_achieved": float(out.achieved.provision),
                             "net_welfare_achieved": float(row[f"net_welfare_{row['scope']}"])})
                for r in table.itertuples(index=False):
                    first = scenario.names.index(r.members[0])
                    inst.append({"forums": key, "decision_cost": cost, "decision_cost_form": form,
                                 "forum": names[labels[first]], "members": r.members,
                                 "n_members": r.n_members, "depth": r.depth, "provision": r.provision,
                                 "decision_cost_paid": r.decision_cost, "self_enforcing": r.self_enforcing})
    inst_cols = ["forums", "decision_cost", "decision_cost_form", "forum", "members", "n_members", "depth",
                 "provision", "decision_cost_paid", "self_enforcing"]
    return FromAbove(pd.DataFrame(rows), pd.DataFrame(inst, columns=inst_cols),
                     MappingProxyType(rules), scenario, base.levers)


# --------------------------------------------------------------------------- from below
def _aims(field_name: str, weights, *, positive: bool = False) -> dict[str, float]:
    if not isinstance(weights, Mapping):
        raise _checks.invalid(field_name, _checks.brief(weights), "must be a mapping from aim to weight, "
                              "aims among " + ", ".join(AIMS))
    for k in weights:
        if k not in AIMS:
            raise _checks.invalid(field_name, _checks.brief(k), "keys must be among " + ", ".join(AIMS)
                                  + did_you_mean(k, AIMS))
    out = {k: _checks.real(f"{field_name}[{k!r}]", weights.get(k, 0.0), low=0.0) for k in AIMS}
    if positive and not sum(out.values()) > 0:
        raise _checks.invalid(field_name, _checks.brief(dict(weights)), "must give some aim a positive weight")
    return out


def _targets(target, states, field_name: str = "states"):
    """The states of ``target`` (a State, a sequence of them or a Scenario), a rebuild
    function, and the indices ``states`` selects (None: all)."""
    if isinstance(target, Scenario):
        pool = target.states
        rebuild = lambda new: target.replace(states=new)
    elif isinstance(target, State):
        pool = (target,)
        rebuild = lambda new: new[0]
    else:
        target = _checks._materialised("target", target, "a goodsgov.State, a sequence of them or a Scenario")
        try:
            pool = tuple(target)
        except TypeError:
            raise _checks.invalid("target", _checks.brief(target),
                                  "must be a goodsgov.State, a sequence of them or a Scenario") from None
        for s in pool:
            if not isinstance(s, State):
                raise _checks.invalid("target", _checks.brief(s), "every entry must be a goodsgov.State")
        rebuild = tuple
    names = [s.name for s in pool]
    if states is None:
        return pool, rebuild, range(len(pool))
    chosen = _checks.strings(field_name, states)
    idx = []
    for name in chosen:
        if name not in names:
            raise _checks.invalid(field_name, name, "must name states of the target" + did_you_mean(name, names))
        idx.append(names.index(name))
    return pool, rebuild, sorted(set(idx))


def _rebuilt(s: State, aims: Mapping[str, float], priorities: Mapping[str, float]) -> State:
    """``s`` through the public constructor with new aims and priorities, every other field kept."""
    keep = {k: getattr(s, k) for k in s.__dataclass_fields__ if k not in ("name", "benefit", "aims", "priorities")}
    return State.from_aims(s.name, aims, priorities, **keep)


def with_aims(target, aims: Mapping[str, float], priorities: Mapping[str, float], *,
              states: Sequence[str] | None = None) -> State | tuple[State, ...] | Scenario:
    """States given priorities over the three aims, their benefit weights kept.

    ``aims``: how much the good advances security, economy and rights
    (a profile: only the proportions matter); ``priorities``: how much each
    state cares about each aim. Each selected state (``states``: names;
    default all) gets the aims ``benefit * aims / sum(aims[k] * priorities[k])``,
    so that :meth:`goodsgov.State.from_aims` gives back its benefit: the
    data's calibration is kept and the aims only say what it is made of.
    ``target``: a :class:`goodsgov.State`, a sequence of them or a
    :class:`goodsgov.Scenario`; the same kind is returned.

    >>> s = with_aims(State("A", benefit=2.0), {"security": 1.0, "rights": 1.0},
    ...               {"security": 0.75, "rights": 0.25})
    >>> round(s.benefit, 12), dict(s.aims)
    (2.0, {'security': 2.0, 'economy': 0.0, 'rights': 2.0})
    """
    profile = _aims("aims", aims, positive=True)
    care = _aims("priorities", priorities, positive=True)
    value = sum(profile[k] * care[k] for k in AIMS)
    if not value > 0:
        raise _checks.invalid("priorities", _checks.brief(dict(priorities)),
                              "must weigh an aim the good advances (sum of aims[k] * priorities[k] > 0)")
    pool, rebuild, idx = _targets(target, states)
    new = list(pool)
    for i in idx:
        s = pool[i]
        new[i] = _rebuilt(s, {k: s.benefit * profile[k] / value for k in AIMS}, care)
    return rebuild(new)


def from_below(target, pressure: float, toward: Mapping[str, float] = MappingProxyType({"rights": 1.0}), *,
               states: Sequence[str] | None = None) -> State | tuple[State, ...] | Scenario:
    """Governance from below: a mobilised group moves states' priorities toward its aims.

    Each selected state's priorities ``p`` over security, economy and
    rights become ``(1 - pressure) * p + pressure * sum(p) * q``, with
    ``q`` the group's aims ``toward`` scaled to sum to one: ``pressure``
    (in [0, 1]) is the share of the state's attention the group wins, and
    the state's total concern is kept (the group redirects what the state
    cares about, not how much; a state that weighs no aim is left as it
    is). Its benefit weight follows through :meth:`goodsgov.State.from_aims`
    and moves linearly with the pressure; whether up or down depends on
    what the good advances (its ``aims``). Pressures compose: ``a`` then
    ``b`` toward the same aims is ``1 - (1 - a)(1 - b)``.

    ``target``: a :class:`goodsgov.State`, a sequence of them or a
    :class:`goodsgov.Scenario` (the same kind is returned); ``states``:
    the names under pressure (default all). The states need aims and
    priorities (:meth:`goodsgov.State.from_aims` or :func:`with_aims`).
    Migrant-rights mobilisation (the Philippines, Chavez and Piper 2015; in
    ECOWAS, Bisong 2022; both cited by Lavenex et al. 2022) is pressure
    ``toward={"rights": 1.0}``, the default; how large it is has no
    estimate here.

    >>> s = State.from_aims("PHL", aims={"security": 1.0, "rights": 2.0},
    ...                     priorities={"security": 0.75, "rights": 0.25})
    >>> t = from_below(s, 0.5, {"rights": 1.0})
    >>> dict(t.priorities), s.benefit, t.benefit
    ({'security': 0.375, 'economy': 0.0, 'rights': 0.625}, 1.25, 1.625)
    """
    pi = _checks.real("pressure", pressure, low=0.0, high=1.0)
    q = _aims("toward", toward, positive=True)
    total_q = sum(q.values())
    pool, rebuild, idx = _targets(target, states)
    new = list(pool)
    for i in idx:
        s = pool[i]
        if s.aims is None or s.priorities is None:
            raise _checks.invalid(f"state[{s.name!r}].priorities", None,
                                  "must be set to feel pressure from below: build the state with "
                                  "State.from_aims or goodsgov.regions.with_aims")
        p = dict(s.priorities)
        mass = sum(p.values())
        moved = {k: (1.0 - pi) * p[k] + pi * mass * q[k] / total_q for k in AIMS}
        new[i] = _rebuilt(s, dict(s.aims), moved)
    return rebuild(new)


# --------------------------------------------------------------------------- from beyond
@dataclass(frozen=True, eq=False)
class FromBeyond:
    """An outside funder's choice of how much of a region's governance to pay for (see :func:`from_beyond`).

    ``table``: one row per funding ``share``: the funder's ``outlay``; the
    region's treaty (``members``, ``n_members``, ``depth``,
    ``self_enforcing``); ``region_provision`` (every state of the region,
    in the treaty or not); ``funder_before_outlay`` (the funder's payoff
    from the good) and ``funder_payoff`` (that less the outlay);
    ``region_payoff`` and ``rest_payoff`` (the region's and the other
    states' payoffs net of decision costs, funding received included);
    ``welfare`` (their sum with the funder's: the world's welfare net of
    decision costs, the outlay counted once, as a transfer) and
    ``funder_gain`` (``funder_payoff`` less its value without funding).
    ``best_share``: the share on the grid the funder prefers (the smallest
    among ties), with its row ``best``.
    """

    table: pd.DataFrame = field(repr=False)
    funder: str
    region: tuple[str, ...]
    best_share: float
    scenario: Scenario = field(repr=False)
    decision_cost: float = DEFAULT_DECISION_COST
    decision_cost_form: str = DEFAULT_COST_FORM

    @property
    def best(self) -> pd.Series:
        """The row of :attr:`best_share`."""
        return self.table.loc[self.table["share"] == self.best_share].iloc[0]


def _region(scenario: Scenario, region) -> tuple[int, ...]:
    if isinstance(region, str):
        regions = sorted(set(scenario.region_of))
        if region in regions:
            return tuple(i for i, r in enumerate(scenario.region_of) if r == region)
        raise _checks.invalid("region", region, "must be a region of the scenario or a list of state names"
                              + did_you_mean(region, regions))
    names = _checks.strings("region", region)
    idx = sorted({_state_index(scenario, m, "region") for m in names})
    if len(idx) < 2:
        raise _checks.invalid("region", list(names), "must hold two or more states")
    return tuple(idx)


def from_beyond(scenario: Scenario, funder: str, region, shares: Sequence[float] | None = None, *,
                decision_cost: float = DEFAULT_DECISION_COST,
                decision_cost_form: str = DEFAULT_COST_FORM) -> FromBeyond:
    """Governance from beyond: a state outside a region funding the region's treaty.

    ``funder``: a state of the scenario outside the ``region`` (a region
    name of the scenario, or a list of state names: the forum funded, e.g.
    an observed body). For each funding ``share`` (default
    :data:`DEFAULT_SHARES`; 0 is always tried, the funder's option not to
    fund) the funder pays that share of the provision costs of the
    region's treaty members (the ``funding`` lever of :class:`goodsgov.Levers`,
    restricted to this forum: every other state acts alone); the region
    forms the treaty its forum sustains under the funding (the treaty
    designer of :func:`goodsgov.predict_governance`, so funding can change
    its membership and depth as well as what members provide). The funder's
    payoff counts its benefit from the region's provision and its outlay;
    the members' payoffs count the funding they receive; world welfare is
    their sum, so the outlay is a transfer counted once, never welfare from
    nothing (:func:`goodsgov.evaluate` of the treaty with the same lever
    gives the same numbers). The funder chooses the share that maximises
    its own payoff: a Stackelberg leader anticipating the region's
    response (Lavenex et al. 2022 on the EU funding migration control
    in African transit regions; in the linear model the funder's gain does
    not depend on the arrangements elsewhere, as contributions are
    dominant strategies given who is admitted to whose provision).

    >>> import goodsgov as gg
    >>> states = [gg.State("EU", "Europe", benefit=6.0)] + [
    ...     gg.State(f"T{k}", "Transit", benefit=0.5) for k in range(1, 5)]
    >>> sc = gg.Scenario(gg.Good("control", excludability=0.5, rivalry=0.1), states)
    >>> out = from_beyond(sc, "EU", "Transit", shares=[0.0, 0.25, 0.5, 0.75])
    >>> out.best_share, round(float(out.best["funder_gain"]), 3)
    (0.5, 8.791)
    """
    if not isinstance(scenario, Scenario):
        raise _checks.invalid("scenario", _checks.brief(scenario), "must be a goodsgov.Scenario")
    f = _state_index(scenario, funder, "funder")
    members = _region(scenario, region)
    if f in members:
        raise _checks.invalid("funder", funder, "must be outside the region it funds (a member would "
                              "fund itself: use the funding lever of goodsgov.Levers)")
    if shares is None:
        shares = DEFAULT_SHARES
    shares = _checks._materialised("shares", shares, "a sequence of funding shares in [0, 1)")
    if not hasattr(shares, "__len__") or not hasattr(shares, "__iter__"):
        raise _checks.invalid("shares", _checks.brief(shares), "must be a sequence of funding shares in [0, 1)")
    grid = sorted({0.0} | {_checks.real(f"shares[{k}]", s, low=0.0, high=1.0, high_open=True)
                           for k, s in enumerate(shares)})
    n = scenario.n_states
    labels = np.arange(n, dtype=np.int64)
    labels[list(members)] = members[0]
    _, labels = np.unique(labels, return_inverse=True)
    labels = labels.reshape(n).astype(np.int64)
    in_region = np.zeros(n, dtype=bool)
    in_region[list(members)] = True
    rest = ~in_region
    rest[f] = False
    names = scenario.names
    rows = []
    for share in grid:
        opts = pipeline.options(Levers(funding=share), decision_cost, decision_cost_form)
        out = _solve(scenario, labels, opts)
        unit = out.unit
        sc = out.scopes
        net = sc.payoffs[REGIONAL] - sc.member_costs[REGIONAL]
        outlay = float(sc.outlay[REGIONAL])
        lab = sc.labels[REGIONAL]
        treaty = [i for i in members if np.sum(lab == lab[i]) > 1]
        funder_payoff = float(net[f]) - outlay
        rows.append({"share": share, "outlay": outlay, "members": tuple(names[i] for i in treaty),
                     "n_members": len(treaty),
                     "depth": float(sc.depth[REGIONAL][treaty[0]]) if treaty else math.nan,
                     "self_enforcing": bool(sc.self_enforcing[REGIONAL]) if treaty else None,
                     "region_provision": float(sc.contributions[REGIONAL][in_region].sum()),
                     "funder_before_outlay": float(net[f]), "funder_payoff": funder_payoff,
                     "region_payoff": float(net[in_region].sum()), "rest_payoff": float(net[rest].sum()),
                     "welfare": funder_payoff + float(net[in_region].sum()) + float(net[rest].sum())})
    table = pd.DataFrame(rows)
    table["funder_gain"] = table["funder_payoff"] - table["funder_payoff"].iloc[0]
    gains = table["funder_gain"].to_numpy()
    best = int(np.argmax(gains))   # the first (smallest share) among ties
    if gains[best] <= 1e-9 * unit:   # indifferent up to rounding: the funder keeps its money
        best = 0
    opts = pipeline.options(None, decision_cost, decision_cost_form)
    return FromBeyond(table, names[f], tuple(names[i] for i in members), float(table["share"].iloc[best]),
                      scenario, opts.decision_cost, opts.decision_cost_form)
