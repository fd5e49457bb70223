"""What an estimate is fitted to and scored on: observed datasets, folds and baselines (internal).

``against`` names the observed-world harness's datasets
(:func:`goodsgov.observed.validation.targets`): a treaty or a vote
(observed per state), ``rcp``/``rec`` (per pair: both in a common body),
``labour_agreements`` (per dyad, from your own file). A dataset fits an
area when the catalogue (:func:`goodsgov.observed.catalogue`) files it
under that area (:func:`dataset_areas`). A pandas Series of 0/1 indexed by
the scenario's state names is your own state-level observation (e.g. data
simulated from the model).

Folds hold whole groups of states: the UN M49 ``region`` (default) or
``subregion`` of UN member states, or the scenario's own regions for other
states. The groups are shuffled with the seed and dealt, largest first, to
the fold with the fewest states so far, so no state's observation is used to
fit the parameters that score it.

>>> sorted(k for k, v in dataset_areas().items() if v == "irregular_migration")
['gcm_2018', 'rcp', 'rec']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import _checks
from ..errors import did_you_mean

__all__ = ["Observation", "dataset_areas", "dataset_names", "groups", "on_world", "DEFAULT_AGAINST", "DEFAULT_ACROSS", "resolve",
           "group_folds", "baselines", "FOLD_GROUPS"]

#: What each area is fitted to, and tested on across instruments, when not told.
DEFAULT_AGAINST = {"refugee_protection": ("refugee_instruments", "gcr_2018"),
                   "irregular_migration": ("rcp", "rec"),
                   "skilled_labour": ("icrmw_1990",)}
DEFAULT_ACROSS = {"refugee_protection": ("gcm_2018",), "irregular_migration": ("gcm_2018",),
                  "skilled_labour": ()}
#: The groupings folds can be drawn by.
FOLD_GROUPS = ("region", "subregion")

#: Catalogue names and areas that differ from the harness's names and the area keys.
_NAME_ALIASES = {"memberships_rcp": "rcp", "memberships_rec": "rec"}
_AREA_ALIASES = {"labour_migration": "skilled_labour"}


@dataclass(frozen=True, eq=False)
class Observation:
    """One dataset on the scenario's units: ``y`` (0/1) and ``seen`` (the unit is
    observed) over the states, or over the pairs ``i < j`` in ``triu_indices`` order."""

    name: str
    unit: str
    y: np.ndarray
    seen: np.ndarray
    description: str


def dataset_areas() -> dict[str, str]:
    """Every dataset ``against`` accepts -> the area whose institutions it observes."""
    from ..observed import catalogue
    from ..observed.validation import targets

    known = targets()
    out = {}
    for name, area in zip(catalogue()["name"], catalogue()["area"]):
        name = _NAME_ALIASES.get(name, name)
        if name in known:
            out[name] = _AREA_ALIASES.get(area, area)
    out["refugee_instruments"] = "refugee_protection"
    return out


def dataset_names(value, field: str) -> tuple:
    """``against`` or ``across`` as a tuple of names and Series."""
    if value is None:
        return ()
    if isinstance(value, (str, pd.Series)):
        return (value,)
    if isinstance(value, dict) or not hasattr(value, "__iter__"):
        raise _checks.invalid(field, _checks.brief(value), "must be a dataset name, a list of them, "
                              "or a pandas Series of 0/1 indexed by state")
    return tuple(value)


def resolve(area: str, against, across, names: list[str], path=None
            ) -> tuple[tuple[Observation, ...], tuple[Observation, ...]]:
    """The fitted and the across-instrument observations on the states ``names``."""
    fitted = dataset_names(against, "against")
    tested = dataset_names(across, "across")
    if not fitted:
        raise _checks.invalid("against", _checks.brief(against), "must name at least one dataset")
    label = lambda x: x if isinstance(x, str) else str(x.name or "observed")
    fit_labels = [label(x) for x in fitted]
    for x in fit_labels:
        if fit_labels.count(x) > 1:
            raise _checks.invalid("against", x, "each dataset may be fitted on once")
    for x in map(label, tested):
        if x in fit_labels:
            raise _checks.invalid("across", x, "is also fitted on (against=): the across-instrument "
                                  "test must be another dataset")
    if path is not None and "labour_agreements" not in fitted + tested:
        raise _checks.invalid("path", _checks.brief(path), "is only read for the dataset "
                              "'labour_agreements'")
    areas = dataset_areas()
    out = []
    for k, item in enumerate(fitted + tested):
        field = "against" if k < len(fitted) else "across"
        if isinstance(item, pd.Series):
            out.append(_own(item, names, field))
            continue
        if not isinstance(item, str) or item not in areas:
            raise _checks.invalid(field, _checks.brief(item), "must be one of "
                                  + ", ".join(repr(a) for a in areas) + " or a pandas Series"
                                  + did_you_mean(item, list(areas)))
        if field == "against" and area in set(areas.values()) and areas[item] != area:
            raise _checks.invalid("against", item, f"observes {areas[item].replace('_', ' ')}, not "
                                  f"{area.replace('_', ' ')}: fit {area!r} to "
                                  + ", ".join(repr(d) for d, a in areas.items() if a == area)
                                  + f" (test on {item!r} with across=)")
        out.append(_shipped(item, names, path, field))
    return tuple(out[:len(fitted)]), tuple(out[len(fitted):])


def _check_world(names: list[str], field: str, item: str) -> pd.DataFrame:
    from .. import world
    table = world.countries()
    bad = [s for s in names if s not in table.index]
    if bad:
        raise _checks.invalid(field, item, f"observes UN member states, but {len(bad)} of the "
                              f"{len(names)} states are not named by ISO3 code ("
                              + ", ".join(bad[:4]) + (" ..." if len(bad) > 4 else "")
                              + "): estimate on states='world' or a selection of its states, or "
                              "pass your own observations as a pandas Series")
    return table


def _shipped(name: str, names: list[str], path, field: str) -> Observation:
    from ..observed import VOTES, labour, memberships, treaty, vote
    from ..observed.validation import targets

    _check_world(names, field, name)
    unit = targets()[name]
    n = len(names)
    if unit == "state":
        if name in ("refugee_instruments",):
            frames = [treaty("refugee_convention_1951"), treaty("refugee_protocol_1967")]
            party = pd.concat([f["party"] for f in frames], axis=1).any(axis=1)
            what = "party to the 1951 Convention or the 1967 Protocol"
        elif name in VOTES:
            party = vote(name)["vote"] == "yes"
            what = f"voted yes in {name}"
        else:
            party = treaty(name)["party"]
            what = f"party to {name}"
        y = party.reindex(names).fillna(False).to_numpy(dtype=bool)
        return Observation(name, "state", y, np.ones(n, dtype=bool), what)
    a, b = np.triu_indices(n, k=1)
    pos = {c: i for i, c in enumerate(names)}
    shared = np.zeros((n, n), dtype=bool)
    if unit == "pair":
        long = memberships(name)
        long = long[long["iso3"].isin(pos)]
        for _, grp in long.groupby("body"):
            idx = np.array(sorted({pos[c] for c in grp["iso3"]}), dtype=np.int64)
            shared[np.ix_(idx, idx)] = True
        what = f"both in a common {name.upper()}"
    else:
        table = labour.labour_agreements(path) if path is not None else labour.labour_agreements()
        for x, z in zip(table["iso3_a"], table["iso3_b"]):
            if x in pos and z in pos and x != z:
                shared[pos[x], pos[z]] = shared[pos[z], pos[x]] = True
        what = "the pair has a labour agreement"
    return Observation(name, unit, shared[a, b], np.ones(a.size, dtype=bool), what)


def _own(series: pd.Series, names: list[str], field: str) -> Observation:
    label = str(series.name or "observed")
    unknown = [s for s in series.index if s not in set(names)]
    if unknown:
        raise _checks.invalid(field, f"<Series {label!r}>", f"is indexed by states the scenario does "
                              f"not hold: {', '.join(map(str, unknown[:4]))}"
                              + (" ..." if len(unknown) > 4 else ""))
    if series.index.has_duplicates:
        raise _checks.invalid(field, f"<Series {label!r}>", "lists a state twice")
    values = series.to_numpy()
    ok = np.array([v in (0, 1) and not isinstance(v, str) for v in values.tolist()], dtype=bool)
    if not ok.all():
        raise _checks.invalid(field, f"<Series {label!r}>", "must hold 0/1 (or True/False) for each "
                              f"state; it holds {values[~ok][0]!r} for {series.index[~ok][0]}")
    seen = np.array([s in series.index for s in names], dtype=bool)
    if seen.sum() < 2:
        raise _checks.invalid(field, f"<Series {label!r}>", "must observe at least two states")
    y = np.array([bool(series[s]) if s in series.index else False for s in names], dtype=bool)
    return Observation(label, "state", y, seen, f"{label} (your observations)")


def on_world(names: list[str]) -> bool:
    """Whether every state is a UN member state named by its ISO3 code."""
    from .. import world
    index = world.countries().index
    return all(s in index for s in names)


def groups(names: list[str], own_regions, fold_by: str) -> tuple[np.ndarray, str]:
    """Each state's fold group and what the groups are."""
    from .. import world
    if on_world(names):
        return world.countries(names)[fold_by].to_numpy(dtype=object), f"UN M49 {fold_by}s"
    return np.asarray(own_regions, dtype=object), "the scenario's regions"


def group_folds(labels: np.ndarray, k: int, random_state: int, what: str) -> np.ndarray:
    """Fold (0..k-1) of each state; every group whole in one fold.

    >>> group_folds(np.array(["A", "A", "B", "C"]), 2, 0, "regions").tolist()
    [0, 0, 1, 1]
    """
    kinds = sorted(set(labels.tolist()))
    if k > len(kinds):
        raise _checks.invalid("folds", k, f"must be at most {len(kinds)}, the number of {what} among "
                              "the states (a fold holds whole groups, so no fold is empty)")
    rng = np.random.default_rng(random_state)
    order = [kinds[i] for i in rng.permutation(len(kinds))]
    sizes = {g: int(np.sum(labels == g)) for g in kinds}
    order = sorted(order, key=lambda g: -sizes[g])   # stable: the shuffle breaks ties
    load = np.zeros(k, dtype=np.int64)
    fold_of = {}
    for g in order:
        f = int(np.argmin(load))
        fold_of[g] = f
        load[f] += sizes[g]
    return np.array([fold_of[g] for g in labels.tolist()], dtype=np.int64)


def baselines(unit: str, names: list[str]) -> dict[str, np.ndarray]:
    """The harness's baseline covariates on the units (none for states outside the world data)."""
    from .. import world
    table = world.countries()
    if not all(s in table.index for s in names):
        return {}
    t = table.loc[names]
    if unit == "state":
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.log(t[["gdp", "population"]].to_numpy(dtype=float))
        return {"baseline_gdp_population": logs}
    a, b = np.triu_indices(len(names), k=1)
    if unit == "pair":
        sub = t["subregion"].to_numpy()
        border = world.neighbours_matrix(names).to_numpy()
        return {"baseline_same_subregion": (sub[a] == sub[b]).astype(float)[:, None],
                "baseline_shared_border": border[a, b].astype(float)[:, None]}
    km = world.distance_matrix(names).to_numpy()[a, b]
    gdp = t["gdp"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        gravity = np.log(gdp[a] * gdp[b] / np.maximum(km, 1.0))
    return {"baseline_gravity": gravity[:, None]}
