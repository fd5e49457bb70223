"""Scenario files: the TOML layout of a :class:`~goodsgov.Scenario`, read and written.

A scenario file holds everything a scenario is made of, so that
``Scenario.from_toml(path)`` rebuilds exactly the scenario that
``scenario.to_toml(path)`` wrote (floats are written with all their
digits; an unlimited capacity is TOML's ``inf``)::

    format = "goodsgov-scenario"
    version = 1
    name = "my scenario"              # optional
    regions = ["North", "South"]      # optional: the allowed region names
    reach = [[1.0, 0.2], [0.2, 1.0]]  # optional: explicit reach matrix R[i][j]

    [good]
    name = "refugee protection"
    excludability = 0.1
    rivalry = 0.1
    spillover = "global"              # global | regional | bilateral | none
    aggregation = "summation"         # optional; weighted needs weights = [...]

    [[states]]                        # one table per state, in order
    name = "A"
    region = "North"                  # optional, default "world"
    benefit = 1.0                     # optional fields take State's defaults
    cost = 1.0
    capacity = inf
    private_benefit = 0.0
    partners = []                     # optional: bilateral partners (names)
    role = "sending"                  # optional: "sending" or "receiving" (exchange domain)
    hosting = 0                       # optional: people hosted (reported, not in the payoff)
    # optional: aims = {security = ..., economy = ..., rights = ...}, priorities = {...}
    # (given both and no benefit, the benefit is sum(aims[k] * priorities[k]))

A reach matrix is written only when it differs from the one the good's
spillovers imply. The functions here work on any class built from the
fields above (``make``); :mod:`goodsgov.scenario` offers them for
:class:`~goodsgov.Scenario` (``read_scenario``, ``write_scenario``,
``scenario_from_toml``, ``scenario_to_toml``). A file that cannot be used raises
:class:`goodsgov.errors.ScenarioFileError` naming the file, the key and
what was expected (and the line, for TOML syntax errors).
"""

from __future__ import annotations

import math
import os
import re
import sys
from typing import Any

import numpy as np

from . import _checks
from ._files import check_toml, open_output, read_text  # bounded reads, safe writes
from .errors import GoodsgovError, ScenarioFileError, ValidationError
from .goods import Good
from .domain import reach_matrix
from .states import AIMS, State

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["read_file", "write_file", "to_toml_text", "from_toml_text", "FORMAT", "VERSION"]

FORMAT = "goodsgov-scenario"
VERSION = 1

#: Bytes a scenario holds per ordered pair of states (its reach, spillover and pairwise
#: matrices: about six n x n float arrays; measured 1.1 GB at 5,000 states).
_BYTES_PER_PAIR = 48

_TOP = ("format", "version", "name", "regions", "reach", "good", "states")
_GOOD = ("name", "excludability", "rivalry", "spillover", "aggregation", "weights")
_STATE = ("name", "region", "benefit", "cost", "capacity", "private_benefit", "partners", "role",
          "hosting", "aims", "priorities")


# ----------------------------------------------------------------------- writing
def _scenario_dict(scenario) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if scenario.name:
        doc["name"] = scenario.name
    if scenario.regions is not None:
        doc["regions"] = list(scenario.regions)
    if not np.array_equal(scenario.reach, reach_matrix(scenario.good, scenario.states)):
        doc["reach"] = [[float(x) for x in row] for row in scenario.reach]
    g = scenario.good
    good: dict[str, Any] = {"name": g.name, "excludability": g.excludability, "rivalry": g.rivalry,
                            "spillover": g.spillover.value, "aggregation": g.aggregation.value}
    if g.weights is not None:
        good["weights"] = [float(w) for w in g.weights]
    doc["good"] = good
    states = []
    for s in scenario.states:
        st: dict[str, Any] = {"name": s.name, "region": s.region, "benefit": s.benefit,
                              "cost": s.cost, "capacity": s.capacity,
                              "private_benefit": s.private_benefit}
        if s.partners:
            st["partners"] = list(s.partners)
        if s.role is not None:
            st["role"] = s.role
        if s.hosting:
            st["hosting"] = s.hosting
        for key in ("aims", "priorities"):
            value = getattr(s, key)
            if value is not None:
                st[key] = {k: float(value[k]) for k in AIMS}
        states.append(st)
    doc["states"] = states
    return doc


def to_toml_text(scenario) -> str:
    """The TOML text of a scenario (see the module docstring for the layout)."""
    import tomli_w
    doc = _scenario_dict(scenario)
    reach = doc.pop("reach", None)
    text = tomli_w.dumps(doc)
    if reach is not None:  # one row per line: readable, and floats keep every digit (repr)
        rows = "".join("    [" + ", ".join(repr(x) for x in row) + "],\n" for row in reach)
        head, sep, tail = text.partition("\n[good]")
        text = head.rstrip("\n") + "\nreach = [\n" + rows + "]\n" + sep + tail
    return text


def write_file(scenario, path: str | os.PathLike) -> None:
    """Write a scenario to the TOML file ``path`` (replacing a regular file of that name).

    Never writes through a symbolic link, nor into a directory, socket or
    FIFO without a reader: those raise :class:`~goodsgov.errors.ValidationError`
    naming ``path`` (see :func:`goodsgov._files.open_output`).
    """
    text = to_toml_text(scenario)
    with open_output(path, field="path", force=True) as fh:
        fh.write(text)


# ----------------------------------------------------------------------- reading
def _fail(source: str, key: str, expected: str, got: Any = None, line: int | None = None,
          show_got: bool = True) -> ScenarioFileError:
    where = f"{source}" + (f", line {line}" if line is not None else "")
    if show_got:
        got = _checks.brief(got)
    msg = (f"{where}: key {key!r} = {got!r} is invalid: {expected}" if show_got
           else f"{where}: key {key!r}: {expected}")
    err = ScenarioFileError(msg)
    err.path, err.key, err.expected, err.line = source, key, expected, line
    return err


def _table(source, key, value) -> dict:
    if not isinstance(value, dict):
        raise _fail(source, key, "must be a table", value)
    return value


def _unknown(source, prefix, table, allowed) -> None:
    for k in table:
        if k not in allowed:
            raise _fail(source, f"{prefix}{k}", "unknown key; allowed keys are " + ", ".join(allowed),
                        show_got=False)


def _number(source, key, value, *, allow_inf=False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(source, key, "must be a number", value)
    if isinstance(value, int) and abs(value) > _checks.MAX_MAGNITUDE:
        raise _fail(source, key, f"must have magnitude at most {_checks.MAX_MAGNITUDE:g}", value)
    if math.isnan(value) or (math.isinf(value) and not allow_inf):
        raise _fail(source, key, "must be a finite number" + (" or inf" if allow_inf else ""), value)
    return float(value)


def _string(source, key, value) -> str:
    if not isinstance(value, str):
        raise _fail(source, key, "must be a string", value)
    return value


def _strings(source, key, value) -> list[str]:
    if not isinstance(value, list):
        raise _fail(source, key, "must be an array of strings", value)
    return [_string(source, f"{key}[{i}]", v) for i, v in enumerate(value)]


def _numbers(source, key, value) -> list[float]:
    if not isinstance(value, list):
        raise _fail(source, key, "must be an array of numbers", value)
    return [_number(source, f"{key}[{i}]", v) for i, v in enumerate(value)]


def _from_validation(source: str, prefix: str, exc: ValidationError) -> ScenarioFileError:
    leaf = exc.field.rsplit(".", 1)[-1]
    key = prefix if leaf in ("", prefix) else f"{prefix}.{leaf}" if prefix else leaf
    return _fail(source, key, exc.allowed, exc.value)


def _state(source: str, i: int, raw: Any) -> State:
    key = f"states[{i}]"
    st = _table(source, key, raw)
    _unknown(source, f"{key}.", st, _STATE)
    if "name" not in st:
        raise _fail(source, f"{key}.name", "missing: every state needs a name (a string)", show_got=False)
    kw: dict[str, Any] = {"name": _string(source, f"{key}.name", st["name"])}
    if "region" in st:
        kw["region"] = _string(source, f"{key}.region", st["region"])
    for f in ("benefit", "cost", "private_benefit", "hosting"):
        if f in st:
            kw[f] = _number(source, f"{key}.{f}", st[f])
    if "capacity" in st:
        kw["capacity"] = _number(source, f"{key}.capacity", st["capacity"], allow_inf=True)
    if "partners" in st:
        kw["partners"] = tuple(_strings(source, f"{key}.partners", st["partners"]))
    if "role" in st:
        kw["role"] = _string(source, f"{key}.role", st["role"])
    for f in ("aims", "priorities"):
        if f in st:
            t = _table(source, f"{key}.{f}", st[f])
            _unknown(source, f"{key}.{f}.", t, AIMS)
            kw[f] = {k: _number(source, f"{key}.{f}.{k}", v) for k, v in t.items()}
    try:
        if "benefit" not in kw and "aims" in kw and "priorities" in kw:
            # a hand-written state may give its aims instead of a benefit weight
            return State.from_aims(kw.pop("name"), kw.pop("aims"), kw.pop("priorities"), **kw)
        return State(**kw)
    except ValidationError as exc:
        raise _from_validation(source, key, exc) from None


def _good(source: str, raw: Any) -> Good:
    g = _table(source, "good", raw)
    _unknown(source, "good.", g, _GOOD)
    for req in ("name", "excludability", "rivalry"):
        if req not in g:
            raise _fail(source, f"good.{req}", f"missing: the good needs its {req}", show_got=False)
    kw: dict[str, Any] = {"name": _string(source, "good.name", g["name"]),
                          "excludability": _number(source, "good.excludability", g["excludability"]),
                          "rivalry": _number(source, "good.rivalry", g["rivalry"])}
    for f in ("spillover", "aggregation"):
        if f in g:
            kw[f] = _string(source, f"good.{f}", g[f])
    if "weights" in g:
        kw["weights"] = _numbers(source, "good.weights", g["weights"])
    try:
        return Good(**kw)
    except ValidationError as exc:
        raise _from_validation(source, "good", exc) from None


def _from_dict(doc: dict, source: str, make):
    _unknown(source, "", doc, _TOP)
    if "format" in doc and doc["format"] != FORMAT:
        raise _fail(source, "format", f"must be {FORMAT!r}", doc["format"])
    if "version" in doc and doc["version"] != VERSION:
        raise _fail(source, "version", f"must be {VERSION} (the version this goodsgov reads)", doc["version"])
    if "good" not in doc:
        raise _fail(source, "good", "missing: a [good] table is required", show_got=False)
    if "states" not in doc:
        raise _fail(source, "states", "missing: one or more [[states]] tables are required", show_got=False)
    good = _good(source, doc["good"])
    raw_states = doc["states"]
    if not isinstance(raw_states, list) or not raw_states:
        raise _fail(source, "states", "must be one or more [[states]] tables", raw_states)
    n = len(raw_states)
    if _BYTES_PER_PAIR * n * n > _checks.MAX_BYTES:
        most = math.isqrt(_checks.MAX_BYTES // _BYTES_PER_PAIR)
        raise _fail(source, "states", f"{n:,} states are too many: a scenario of n states holds "
                    f"about six n x n float matrices ({_BYTES_PER_PAIR} bytes per pair of states, "
                    f"{_BYTES_PER_PAIR * n * n / 2**30:.3g} GiB here), and goodsgov allows "
                    f"{_checks.MAX_BYTES / 2**30:g} GiB (at most {most:,} states)",
                    show_got=False)
    states = [_state(source, i, s) for i, s in enumerate(raw_states)]
    kw: dict[str, Any] = {"good": good, "states": states}
    if "name" in doc:
        kw["name"] = _string(source, "name", doc["name"])
    if "regions" in doc:
        kw["regions"] = _strings(source, "regions", doc["regions"])
    if "reach" in doc:
        rows = doc["reach"]
        n = len(states)
        if not isinstance(rows, list) or len(rows) != n:
            raise _fail(source, "reach", f"must be an array of {n} rows (one per state)", rows)
        reach = []
        for i, row in enumerate(rows):
            r = _numbers(source, f"reach[{i}]", row)
            if len(r) != n:
                raise _fail(source, f"reach[{i}]", f"must hold {n} numbers (one per state)", row)
            reach.append(r)
        kw["reach"] = reach
    try:
        return make(**kw)
    except ValidationError as exc:
        field = exc.field
        m = re.match(r"state\[(.*)\]\.(\w+)$", field)
        if m:  # name the state by its position in the file
            names = [s.name for s in states]
            try:
                idx = names.index(_eval_name(m.group(1)))
                field = f"states[{idx}].{m.group(2)}"
            except ValueError:
                pass
        elif field == "states.name":  # a duplicate: name its second occurrence
            names = [s.name for s in states]
            dup = [i for i, nm in enumerate(names) if nm == exc.value]
            field = f"states[{dup[-1]}].name" if len(dup) > 1 else field
        raise _fail(source, field, exc.allowed, exc.value) from None
    except ScenarioFileError:
        raise
    except GoodsgovError as exc:  # any other library error building the scenario
        raise _fail(source, "<scenario>", str(exc), show_got=False) from None


def _eval_name(quoted: str) -> str:
    """Undo the ``repr`` of a state name inside a validation field (internal)."""
    import ast
    try:
        return str(ast.literal_eval(quoted))
    except (ValueError, SyntaxError):
        return quoted


def _decode_error(source: str, exc: Exception) -> ScenarioFileError:
    text = str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", text)
    line = getattr(exc, "lineno", None) or (int(m.group(1)) if m else None)
    reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", text)
    col = f", column {m.group(2)}" if m else ""
    err = ScenarioFileError(f"{source}, line {line}{col}: invalid TOML: {reason}" if line
                            else f"{source}: invalid TOML: {reason}")
    err.path, err.key, err.expected, err.line = source, None, "valid TOML", line
    return err


def from_toml_text(text: str, source: str, make):
    """Parse scenario TOML ``text`` into ``make(**fields)``; ``source`` names it in error messages."""
    if not isinstance(source, str):
        raise ValidationError("source", _checks.brief(source), "must be a string (a file name)")
    if not isinstance(text, str):
        raise _fail(source, "<file>", "the scenario must be TOML text (a str)",
                    _checks.brief(text))
    if text.startswith("\ufeff"):  # a UTF-8 byte-order mark, as some editors write
        text = text[1:]
    check_toml(text, source)   # nesting and keys, before the parser allocates for them
    too_deep = False
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _decode_error(source, exc) from None
    except RecursionError:
        too_deep = True  # raised below, outside this handler: no deep context to carry or pickle
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise _fail(source, "<file>", f"invalid TOML value: {exc}", show_got=False) from None
    if too_deep:
        raise _fail(source, "<file>", "arrays or tables are nested too deeply to be read", show_got=False)
    return _from_dict(doc, source, make)


def read_file(path: str | os.PathLike, make):
    """Read the scenario TOML file ``path`` into ``make(**fields)``."""
    source = os.fspath(path)
    text = read_text(path)
    return from_toml_text(text, source, make)
