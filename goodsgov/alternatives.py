"""Alternative futures (:func:`goodsgov.futures`): Betts's (2010) options for survival migrants, solved.

Betts (2010) closes with "a number of institutional options" for the
protection of survival migrants, after a normative one: soft law
consolidating existing norms, on the precedent of the *Guiding Principles
on Internal Displacement*. :func:`futures` reads each option as an
arrangement of the model (who takes part, how deep, which levers, what
decision costs), solves it with :func:`goodsgov.evaluate` and reports, one
row per option, the welfare it would bring, the share of the status quo's
gap to the optimum it would close, whether it holds without enforcement,
and who pays against Lindahl (benefit) shares. The table is a model's
reading of the options, not a forecast: each :class:`Option` is a record
whose every mapping field the user can change (``Option.replace``), and
the mapping of each one is argued in :data:`OPTIONS` and in
``docs/futures.md``.

**The mapping fields.** ``forum``: who may take part (``"none"``: the
status quo; ``"all"``; ``"regions"``: one agreement per region;
``"refugee_regime"``: the parties to the 1951 Refugee Convention or its
1967 Protocol on the world's states (:func:`goodsgov.observed.treaty`),
every state otherwise; ``"concerned"``: the states whose
benefit domain links them to another state above the domain's floor (all
of them under a uniform domain); or state names). ``depth``: a number in
[0, 1] (every forum member at that depth, held or not), ``"broad"`` (every
forum member, at the deepest depth all of them keep: Barrett's 2002
broad-and-shallow treaty; no agreement when none holds) or ``"designer"``
(the treaty Barrett's 2003 treaty designer picks in the forum: the one the
prediction's regional and multilateral scopes use). ``linkage``: the area
key of an issue negotiated in the same institution (``Levers.linkage``:
a state that leaves leaves both). ``funding`` and ``side_payment``: a
donor's levers (:class:`goodsgov.Levers`; its outlay counts against
welfare). ``decision_cost`` and ``decision_cost_form``: as in
:func:`goodsgov.predict_governance` (None: :func:`futures`' own).

**Over time** (``years``): drivers per year (:mod:`goodsgov.drivers`). No
population or displacement projection ships with goodsgov, so the drivers
are growth rates the user sets; the defaults are illustrative.

>>> import goodsgov as gg
>>> t = gg.futures(options=["status_quo", "soft_law", "cluster"])
>>> t["option"].tolist(), float(t["gap_closed"].iloc[0])
(['status_quo', 'soft_law', 'cluster'], 0.0)
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace as _dc_replace
from types import MappingProxyType
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _checks, drivers as drivers_
from .errors import did_you_mean, unknown_choice
from .levers import Levers
from .scenario import Scenario
from .solvers.contribution.records import COST_FORMS

__all__ = ["Option", "OPTIONS", "FORUMS", "DEPTH_RULES", "Arrangement", "arrangement", "futures",
           "who_pays"]

#: Who may take part in an option's institution (module docstring).
FORUMS: tuple[str, ...] = ("none", "all", "regions", "refugee_regime", "concerned")
#: How an option's depth is set besides a number (module docstring).
DEPTH_RULES: tuple[str, ...] = ("broad", "designer")


@dataclass(frozen=True)
class Option:
    """An institutional option read as an arrangement of the model (fields: module docstring).

    >>> OPTIONS["soft_law"].replace(depth=0.1).depth
    0.1
    """

    name: str
    label: str
    mechanism: str
    forum: str | tuple[str, ...] = "all"
    depth: float | str = "broad"
    linkage: str | None = None
    funding: float = 0.0
    side_payment: float = 0.0
    decision_cost: float | None = None
    decision_cost_form: str | None = None
    source: str = ""

    def __post_init__(self) -> None:
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731
        for key in ("name", "label", "mechanism"):
            value = getattr(self, key)
            if not isinstance(value, str) or not value.strip():
                raise _checks.invalid(f"option.{key}", value, "must be a non-empty string")
        if isinstance(self.forum, str):
            if self.forum not in FORUMS:
                raise unknown_choice("option.forum", self.forum, FORUMS)
        else:
            set_("forum", _checks.strings("option.forum", self.forum, nonempty_items=True))
            if len(self.forum) < 2:
                raise _checks.invalid("option.forum", self.forum, "must name two or more states")
        if isinstance(self.depth, str):
            if self.depth not in DEPTH_RULES:
                raise _checks.invalid("option.depth", self.depth, "must be a number in [0, 1] or one of "
                                      + ", ".join(repr(r) for r in DEPTH_RULES) + did_you_mean(
                                          self.depth, DEPTH_RULES))
        else:
            set_("depth", _checks.real("option.depth", self.depth, low=0.0, high=1.0))
        if self.linkage is not None and (not isinstance(self.linkage, str) or not self.linkage):
            raise _checks.invalid("option.linkage", self.linkage, "must be None or the key of a registered area")
        set_("funding", _checks.real("option.funding", self.funding, low=0.0, high=1.0, high_open=True))
        set_("side_payment", _checks.real("option.side_payment", self.side_payment, low=0.0))
        if self.decision_cost is not None:
            set_("decision_cost", _checks.real("option.decision_cost", self.decision_cost, low=0.0))
        if self.decision_cost_form is not None:
            _checks.choice("option.decision_cost_form", self.decision_cost_form, COST_FORMS)

    def replace(self, **changes) -> "Option":
        """A copy with some fields changed (validated again)."""
        known = {f.name for f in fields(self)}
        for key in changes:
            if key not in known:
                raise _checks.invalid(key, _checks.brief(changes[key]), "is not a field of Option; fields: "
                                      + ", ".join(sorted(known)) + did_you_mean(key, known))
        return _dc_replace(self, **changes)


def _options() -> dict[str, Option]:
    o = [
        Option("status_quo", "Status quo", "no institution covers survival migrants: every state protects "
               "alone (the unilateral scope)", forum="none",
               source="Betts 2010: 'there is currently no coherent institutional mechanism'"),
        Option("soft_law", "Soft law (Guiding Principles precedent)",
               "existing norms consolidated for all states, non-binding: every state in one agreement, at "
               "the deepest depth all of them keep without enforcement (broad and shallow)",
               forum="all", depth="broad",
               source="Betts 2010 on the Guiding Principles on Internal Displacement; Barrett 2002, "
                      "consensus treaties"),
        Option("cluster", "Option 1: IASC cluster approach",
               "existing agencies coordinate where the crisis is: in each region, the treaty its states "
               "sustain, with no new institution (participation costs only)",
               forum="regions", depth="designer",
               source="Betts 2010, Option 1; IASC cluster approach (2005 humanitarian reform)"),
        Option("one_agency", "Option 2: one agency extends its mandate",
               "UNHCR (or IOM) takes survival migrants on: the refugee regime's parties negotiate both "
               "issues in one institution (issue linkage: a leaver leaves both), at the deepest depth all "
               "keep", forum="refugee_regime", depth="broad", linkage="refugee_protection",
               source="Betts 2010, Option 2; Keohane 1982 on issue density; Folmer, van Mouche & "
                      "Ragland 1993"),
        Option("un_agency", "Option 3: a small UN agency",
               "a new, UNAIDS-like agency: the treaty its members sustain, a fixed cost of running a new "
               "institution (decision cost form 'institution'), donors paying half the members' "
               "provision costs (illustrative share; the outlay counts against welfare)",
               forum="all", depth="designer", funding=0.5, decision_cost_form="institution",
               source="Betts 2010, Option 3 (UNAIDS)"),
        Option("srsg", "Option 4: Special Representatives",
               "an SRSG coordinates the agencies and advocates for the group with the states concerned: "
               "all of them, at the deepest depth all keep, no new institution",
               forum="concerned", depth="broad",
               source="Betts 2010, Option 4"),
        Option("rcp", "Option 5: issue-based consultative process",
               "an RCP organised by issue, not geography: the states concerned wherever they are, the "
               "treaty those who keep to it sustain, informal (participation costs only)",
               forum="concerned", depth="designer",
               source="Betts 2010, Option 5; on RCPs, Nielsen 2007"),
    ]
    return {x.name: x for x in o}


#: Betts's (2010) options as the model reads them (module docstring; each one's ``source``).
OPTIONS: Mapping[str, Option] = MappingProxyType(_options())


# ----------------------------------------------------------------------------- arrangements
@dataclass(frozen=True, eq=False)
class Arrangement:
    """An option made concrete on a scenario: what :func:`goodsgov.evaluate` solves.

    ``agreements`` (state names) at ``depth`` (one per agreement), with
    ``levers`` (a donor's and the linkage), ``decision_cost`` and
    ``decision_cost_form``. :meth:`kwargs` are :func:`goodsgov.evaluate`'s
    keyword arguments (``linked=False``: without the linked issue, for the
    option's own issue's numbers).
    """

    option: Option
    agreements: tuple[tuple[str, ...], ...]
    depth: tuple[float, ...]
    levers: Levers
    decision_cost: float
    decision_cost_form: str

    def kwargs(self, linked: bool = True) -> dict:
        lev = self.levers if linked or self.levers.linkage is None else Levers(
            side_payment=self.levers.side_payment, funding=self.levers.funding, budget=self.levers.budget)
        return {"agreements": [list(a) for a in self.agreements], "depth": list(self.depth) or 1.0,
                "levers": lev, "decision_cost": self.decision_cost,
                "decision_cost_form": self.decision_cost_form}


def _refugee_parties(names: Sequence[str]) -> list[str]:
    from .names import all_members
    if not all_members(names):
        return list(names)
    from .observed import treaty
    party = treaty("refugee_convention_1951")["party"] | treaty("refugee_protocol_1967")["party"]
    return [n for n in names if bool(party.get(n, False))]


def _concerned(scenario: Scenario) -> np.ndarray:
    R = np.maximum(np.asarray(scenario.reach), np.asarray(scenario.excludable_reach))
    off = ~np.eye(scenario.n_states, dtype=bool)
    if not off.any():
        return np.ones(scenario.n_states, dtype=bool)
    low = R[off].min()
    above = np.where(off, R > low, False)
    mask = above.any(axis=0) | above.any(axis=1)
    return mask if mask.sum() >= 2 else np.ones(scenario.n_states, dtype=bool)


def _forum_labels(option: Option, scenario: Scenario) -> np.ndarray | None:
    """Each state's forum (-1: none), or None for the status quo."""
    n = scenario.n_states
    names = list(scenario.names)
    if option.forum == "none":
        return None
    if option.forum == "all":
        return np.zeros(n, dtype=np.int64)
    if option.forum == "regions":
        return np.asarray(scenario.region_labels, dtype=np.int64)
    if option.forum == "refugee_regime":
        inside = np.isin(names, _refugee_parties(names))
    elif option.forum == "concerned":
        inside = _concerned(scenario)
    else:
        unknown = [m for m in option.forum if m not in names]
        if unknown:
            raise _checks.invalid("option.forum", unknown[0], "must name states of the scenario"
                                  + did_you_mean(unknown[0], names))
        inside = np.isin(names, option.forum)
    return np.where(inside, 0, -1).astype(np.int64)


def _kernel(scenario: Scenario, levers: Levers, decision_cost: float, form: str):
    """The compiled records, options, stakes and tolerance that :func:`goodsgov.evaluate` uses."""
    from .governance import pipeline
    from .governance.kernel import stakes
    from .solvers.contribution.provision import full_depth, solve_all
    opts = pipeline.options(levers, decision_cost, form)
    games = pipeline.records(scenario, opts.levers)
    rec = opts.record
    n = scenario.n_states
    nash = solve_all(games, np.eye(n, dtype=bool), rec, False, full_depth(n)).payoffs
    unit = float(np.mean(np.abs(nash))) or 1.0
    return games, rec, stakes(games), opts.tol * unit


def _linked_scenario(option: Option, scenario: Scenario, linked: Scenario | None) -> Scenario | None:
    if option.linkage is None:
        return None
    if linked is None:
        from .registry import area
        linked = area(option.linkage).constructor(states=scenario.states)
    if not isinstance(linked, Scenario):
        raise _checks.invalid("linked", linked, "must be a goodsgov.Scenario of the linked issue")
    if tuple(linked.names) != tuple(scenario.names):
        raise _checks.invalid("option.linkage", option.linkage,
                              "the linked issue must have the scenario's states in the same order")
    return linked


def arrangement(option: Option | str, scenario: Scenario, *, linked: Scenario | None = None,
                decision_cost: float | None = None, decision_cost_form: str | None = None) -> Arrangement:
    """The :class:`Arrangement` an ``option`` (an :class:`Option` or a key of :data:`OPTIONS`)
    describes on ``scenario``; ``linked``: the linked issue's scenario (default: its area's
    constructor on the scenario's states). ``decision_cost`` / ``decision_cost_form``: used
    where the option leaves them None (defaults: :func:`goodsgov.predict_governance`'s).

    >>> import goodsgov as gg
    >>> sc = gg.survival_migration(n_states=6, n_regions=2)
    >>> a = arrangement("cluster", sc)
    >>> a.agreements == tuple(gg.predict_governance(sc).institutions["members"][::-1])
    True
    """
    from .governance.pipeline import DEFAULT_COST_FORM, DEFAULT_DECISION_COST
    from .solvers.contribution.treaties import broad_depth_of, forum_treaties_of
    option = _option(option)
    if not isinstance(scenario, Scenario):
        raise _checks.invalid("scenario", scenario, "must be a goodsgov.Scenario")
    kappa = option.decision_cost if option.decision_cost is not None else (
        DEFAULT_DECISION_COST if decision_cost is None else decision_cost)
    kappa = _checks.real("decision_cost", kappa, low=0.0)
    form = option.decision_cost_form or decision_cost_form or DEFAULT_COST_FORM
    form = _checks.choice("decision_cost_form", form, COST_FORMS)
    link = _linked_scenario(option, scenario, linked)
    levers = Levers(side_payment=option.side_payment, funding=option.funding, linkage=link)
    forums = _forum_labels(option, scenario)
    names = scenario.names
    groups: list[tuple[np.ndarray, float]] = []
    if forums is not None:
        games, rec, stake, tol = _kernel(scenario, levers, kappa, form)
        if option.depth == "designer":
            labels_in = np.where(forums >= 0, forums, forums.max(initial=0) + 1 + np.arange(forums.size))
            _, relabel = np.unique(labels_in, return_inverse=True)
            treaties = forum_treaties_of(games, relabel.astype(np.int64), stake, rec, tol)
            labels, depth = treaties.labels, treaties.depth
            for lab in np.unique(labels):
                idx = np.flatnonzero(labels == lab)
                if idx.size > 1:
                    groups.append((idx, float(depth[idx[0]])))
        else:
            for f in np.unique(forums[forums >= 0]):
                idx = np.flatnonzero(forums == f)
                if idx.size < 2:
                    continue
                if option.depth == "broad":
                    mask = np.zeros(scenario.n_states, dtype=np.bool_)
                    mask[idx] = True
                    d = float(broad_depth_of(games, mask, stake, rec, tol))
                    if d >= 0.0:
                        groups.append((idx, d))
                else:
                    groups.append((idx, float(option.depth)))
    groups.sort(key=lambda g: (-g[0].size, int(g[0][0])))
    return Arrangement(option, tuple(tuple(names[i] for i in idx) for idx, _ in groups),
                       tuple(d for _, d in groups), levers, kappa, form)


def _option(value) -> Option:
    if isinstance(value, Option):
        return value
    if isinstance(value, str) and value in OPTIONS:
        return OPTIONS[value]
    raise unknown_choice("option", value, OPTIONS)


# ----------------------------------------------------------------------------- solving the options
_COLUMNS = ["option", "label", "mechanism", "level", "n_agreements", "n_members", "depth", "members",
            "provision", "welfare", "decision_cost", "outlay", "net_welfare", "gap_closed",
            "self_enforcing", "cost_gap", "donor_share", "linked_change", "predicted_level",
            "predicted_gap_closed"]


def _level(agreements, scenario: Scenario) -> str:
    """The level of an arrangement: none -> unilateral; every agreement two states -> bilateral;
    every agreement inside one region -> regional; else multilateral (across regions)."""
    if not agreements:
        return "unilateral"
    if all(len(a) == 2 for a in agreements):
        return "bilateral"
    region = dict(zip(scenario.names, scenario.region_of))
    if all(len({region[m] for m in a}) == 1 for a in agreements):
        return "regional"
    return "multilateral"


def _solve(scenario: Scenario, options: list[Option], links: Mapping[str, Scenario], kappa, form,
           hosting: np.ndarray | None):
    """One row per option and one per-state table per option, on one scenario."""
    from .governance import Level, evaluate, predict_governance
    from .survival import closed_share
    p = predict_governance(scenario, **({} if kappa is None else {"decision_cost": kappa}),
                           **({} if form is None else {"decision_cost_form": form}))
    nash = float(p.equilibria[Level.UNILATERAL].welfare)
    best = float(p.optimum.welfare)
    unit = float(p.solution.unit) * scenario.n_states
    predicted = {"predicted_level": p.level.value,
                 "predicted_gap_closed": closed_share(float(p.scopes["net_welfare"][p.solution.scope]), nash,
                                                      best, unit)}
    lindahl = p.states["lindahl_share"].to_numpy(dtype=float)
    c = np.asarray(scenario.cost, dtype=float)
    names = list(scenario.names)
    rows, detail = [], []
    for option in options:
        arr = arrangement(option, scenario, linked=links.get(option.name), decision_cost=kappa,
                          decision_cost_form=form)
        ev = evaluate(scenario, **arr.kwargs(linked=False))
        held = ev if arr.levers.linkage is None else evaluate(scenario, **arr.kwargs())
        g = ev.states["provision"].to_numpy(dtype=float)
        cost = c * g * g / 2.0
        member = np.isin(names, [m for a in arr.agreements for m in a])
        paid = cost * np.where(member, 1.0 - option.funding, 1.0)
        total = float(cost.sum())
        share = paid / total if total > 0 else np.zeros_like(paid)
        donor = float((cost - paid).sum()) / total if total > 0 else 0.0
        linked_change = 0.0
        if arr.levers.linkage is not None:
            ref = arr.levers.linkage
            alone = arrangement(option.replace(linkage=None), ref, decision_cost=arr.decision_cost,
                                decision_cost_form=arr.decision_cost_form)
            before = evaluate(ref, **alone.kwargs()).net_welfare
            linked_change = float(evaluate(ref, **arr.kwargs(linked=False)).net_welfare - before)
        sizes = np.array([len(a) for a in arr.agreements])
        row = {"option": option.name, "label": option.label, "mechanism": option.mechanism,
               "level": _level(arr.agreements, scenario), "n_agreements": len(arr.agreements),
               "n_members": int(sizes.sum()),
               "depth": float(np.dot(sizes, arr.depth) / sizes.sum()) if sizes.size else 0.0,
               "members": tuple(m for a in arr.agreements for m in a),
               "provision": float(g.sum()), "welfare": ev.welfare, "decision_cost": ev.decision_cost,
               "outlay": donor * total + option.side_payment * int(member.sum()), "net_welfare": ev.net_welfare,
               "gap_closed": closed_share(ev.net_welfare, nash, best, unit),
               "self_enforcing": bool(held.institutions["internally_stable"].all()),
               "cost_gap": float(0.5 * (np.abs(share - lindahl).sum() + donor)), "donor_share": donor,
               "linked_change": linked_change, **predicted}
        table = pd.DataFrame({"option": option.name, "state": names, "provision": g, "cost": cost,
                              "paid": paid, "cost_share": share, "lindahl_share": lindahl})
        if hosting is not None:
            hosts = hosting > 0
            row["hosts_cost_share"] = float(share[hosts].sum())
            row["hosts_lindahl_share"] = float(lindahl[hosts].sum())
            table["hosting"] = hosting
        rows.append(row)
        detail.append(table)
    return rows, detail


def _option_list(options) -> list[Option]:
    if options is None:
        return list(OPTIONS.values())
    items = [options] if isinstance(options, (str, Option)) else options
    if not isinstance(items, Iterable):
        raise _checks.invalid("options", options, "must be None, an option, or an iterable of options "
                              "(keys of goodsgov.alternatives.OPTIONS or goodsgov.alternatives.Option records)")
    out = [_option(x) for x in items]
    if not out:
        raise _checks.invalid("options", options, "must name at least one option")
    seen = [o.name for o in out]
    dup = [n for n in seen if seen.count(n) > 1]
    if dup:
        raise _checks.invalid("options", dup[0], "each option name may appear once")
    return out


def _run(area, options, states, years, drivers, random_state, decision_cost, decision_cost_form, overrides):
    from .names import all_members
    from .registry import area as _area
    key = _area(area).key
    chosen = _option_list(options)
    if decision_cost is not None:
        decision_cost = _checks.real("decision_cost", decision_cost, low=0.0)
    if decision_cost_form is not None:
        decision_cost_form = _checks.choice("decision_cost_form", decision_cost_form, COST_FORMS)
    years = drivers_.check_years(years)
    if years is None and drivers is not None:
        raise _checks.invalid("drivers", drivers, "drivers move the scenario over time: give years too")
    build, base = drivers_.scenario_builder(key, states, overrides)
    data_year = overrides.get("year") if key == "survival_migration" else None
    if years is not None and data_year is not None and years[0] < data_year:
        raise _checks.invalid("years", years[0], f"must not precede the data year {data_year}")
    points = [{"year": None, "hosted": 1.0, "population": []}] if years is None else \
        drivers_.schedule(drivers, years, random_state)
    linked = {o.name: drivers_.linked_builder(o.linkage, key, states, overrides) for o in chosen
              if o.linkage is not None}
    hosting0 = None
    if key == "survival_migration" and base.reach_explicit and all_members(base.names):
        from .survival import survival_hosting
        hosting0 = survival_hosting(list(base.names), data_year).to_numpy(dtype=float)
    rows, detail = [], []
    for point in points:
        scenario = base if point["year"] is None else build(point["hosted"], point["population"])
        links = {name: b(point["population"]) for name, b in linked.items()}
        hosting = None if hosting0 is None else hosting0 * point["hosted"]
        r, d = _solve(scenario, chosen, links, decision_cost, decision_cost_form, hosting)
        if point["year"] is not None:
            for x in r:
                x["year"] = point["year"]
            for t in d:
                t.insert(0, "year", point["year"])
        rows += r
        detail += d
    return rows, detail, years is not None


def futures(area: str = "survival_migration", options=None, states=None, years: Iterable[int] | None = None,
            drivers: Mapping[str, object] | None = None, random_state=None, *,
            decision_cost: float | None = None, decision_cost_form: str | None = None,
            **overrides) -> pd.DataFrame:
    """The institutional options of ``area`` solved: one row per option (and per year).

    ``area``: a registered area (default survival migration); ``options``:
    keys of :data:`OPTIONS` or :class:`Option` records (default: all, in
    order); ``states``: as the area's constructor takes them (None, a
    sequence of :class:`goodsgov.State`, ``"world"``); ``overrides``: other
    keywords of the constructor. ``years``: years in
    :data:`goodsgov.drivers.BASE_YEAR` to :data:`~goodsgov.drivers.LAST_YEAR`;
    the scenario of each moved by ``drivers`` (keys of
    :data:`goodsgov.drivers.DRIVERS`; a value is a number, one number per year, or, for a
    yearly draw with ``random_state``, a frozen ``scipy.stats``
    distribution; ``population`` may map regions to rates). Growth
    compounds from the base year (or the data year): the people hosted
    scale the data domain's hosting weights, and elsewhere every benefit
    weight and private benefit (a uniform scale, under which no level and
    no share moves); population scales the benefit weights. ``decision_cost``,
    ``decision_cost_form``: of the prediction and of every option that
    leaves its own None (defaults: :func:`goodsgov.predict_governance`'s).

    Columns: ``option``, ``label``, ``mechanism``, ``level`` (unilateral:
    no agreement; bilateral: all of two states; regional: each inside a
    region; multilateral: across regions), ``n_agreements``,
    ``n_members``, ``depth`` (members' mean), ``members``, ``provision``,
    ``welfare`` (the issue's, every provision cost counted, a donor's
    included), ``decision_cost``, ``outlay`` (the donor's), ``net_welfare``,
    ``gap_closed`` (``(net_welfare - status quo) / (optimum - status quo)``,
    the status quo being every state alone; 0 where there is no gap),
    ``self_enforcing`` (no member gains by leaving, the linked issue
    included), ``cost_gap`` (the share of all provision costs that would
    have to change hands for each state to pay its Lindahl share; a donor
    is a payer with no benefit), ``donor_share``, ``linked_change`` (the
    linked issue's net welfare against its own institution alone),
    ``predicted_level`` and ``predicted_gap_closed`` (the prediction's: the
    level a sustainable institution would have and the gap it would close,
    as :func:`goodsgov.predict_survival`; the same on every row), on the
    data domain ``hosts_cost_share`` and ``hosts_lindahl_share`` (of the
    states hosting survival migrants), and ``year`` with ``years``.

    >>> import goodsgov as gg
    >>> t = gg.futures(options=["status_quo", "un_agency"], years=[2025, 2050])
    >>> t[["year", "option"]].values.tolist()
    [[2025, 'status_quo'], [2025, 'un_agency'], [2050, 'status_quo'], [2050, 'un_agency']]
    """
    rows, _, timed = _run(area, options, states, years, drivers, random_state, decision_cost,
                          decision_cost_form, overrides)
    columns = (["year"] if timed else []) + _COLUMNS + [c for c in ("hosts_cost_share", "hosts_lindahl_share")
                                                        if rows and c in rows[0]]
    return pd.DataFrame(rows, columns=columns)


def who_pays(area: str = "survival_migration", options=None, states=None, years: Iterable[int] | None = None,
             drivers: Mapping[str, object] | None = None, random_state=None, *,
             decision_cost: float | None = None, decision_cost_form: str | None = None,
             **overrides) -> pd.DataFrame:
    """Who pays under each option, state by state (arguments as :func:`futures`).

    One row per option (and year) and state: ``provision``, ``cost`` (its
    provision cost), ``paid`` (what the state pays; a donor pays the rest),
    ``cost_share`` (``paid`` over all provision costs), ``lindahl_share``
    (its benefit share at the optimum) and, on the data domain, ``hosting``.

    >>> import goodsgov as gg
    >>> t = gg.who_pays(options=["un_agency"], n_states=6, n_regions=2)
    >>> round(float(t["cost_share"].sum()), 3)       # the donor pays half of the members' costs
    0.5
    """
    _, detail, _ = _run(area, options, states, years, drivers, random_state, decision_cost,
                        decision_cost_form, overrides)
    return pd.concat(detail, ignore_index=True)
