"""The ``goodsgov`` command.

``goodsgov table1 [--format text|csv|markdown|json|latex] [--world]`` prints
Betts's Table 1 as computed from solved games, with the numbers behind it.
``goodsgov predict SCENARIO [--states] [--format text|json|latex]``
predicts the level of governance of a scenario file (TOML) or registered
area (``--states``: with the per-state table, country names beside the
ISO3 codes of UN member states). ``goodsgov sweep SCENARIO
--param NAME=START:STOP:NUM ... --out results.csv [--format csv|latex]
[--plot out.png] [--workers N] [--force]`` sweeps it over a grid of
parameters, writing each chunk of CSV rows as soon as it is solved (LaTeX:
one table of every finished row at the end). ``goodsgov estimate AREA
--against NAME [--param NAME=LOW:HIGH] [--bootstrap B] [--workers N]``
fits the area's free parameters to observed participation
(:func:`goodsgov.estimate`). Every ``latex`` output is
:func:`goodsgov.export.to_latex` (pandas' ``Styler.to_latex``); numbers in
text tables and explanations are in plain notation (never an exponent). ``goodsgov --version`` prints the
version; ``python -m goodsgov`` is the same command. ``--help`` shows every
option with its default; the defaults of the prediction options are read
from the library (:data:`goodsgov.governance.pipeline.DEFAULT_DECISION_COST`
and :func:`goodsgov.predict_governance`), never copied.

Outputs (``--out``, ``--plot``) are never written through a symbolic link
nor over the input scenario; an existing file is replaced only with
``--force``; a FIFO is accepted only when a reader has it open. The
output file is opened before the sweep starts (so Ctrl-C always works),
and removed again if the sweep ends before writing a row.

Every error is one line on stderr: exit status 2 for bad input (a
usage error, a bad scenario or parameter), 1 for anything else (set
``GOODSGOV_TRACEBACK=1`` to see the traceback), 130 when interrupted with
Ctrl-C (a sweep keeps the rows it finished). Heavy modules (numpy,
pandas, the compiled solvers) are imported only by the command that
needs them, so ``goodsgov --help`` is immediate.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import sys
import warnings
from typing import Any, Sequence

from . import __version__
from ._files import check_output, open_output
from .errors import GoodsgovError, ScenarioFileError, ValidationError, did_you_mean

__all__ = ["main", "build_parser", "MAX_AXIS_VALUES"]

#: Most values one ``--param`` range may hold.
MAX_AXIS_VALUES = 1_000_000


#: Significant digits of numbers in text, Markdown and LaTeX tables.
TABLE_DIGITS = 4


def _plain(value: float) -> str:
    from .notation import plain
    return plain(value, TABLE_DIGITS)


def _markdown(df) -> str:
    cols = list(df.columns)
    fmt = lambda v: _plain(v) if isinstance(v, float) else str(v)  # noqa: E731
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def _latex(df, caption: str, label: str, **kwargs) -> str:
    from .export import latex_escape, to_latex
    return to_latex(df, caption=latex_escape(caption), label=label, **kwargs)


def _cmd_table1(args: argparse.Namespace) -> int:
    from .tables import compare_table1, table1
    df = table1(states="world" if args.world else None)
    where = " on the 193 UN member states" if args.world else ""
    if args.format == "latex":
        print(_latex(df[["type_of_migration_governance", "main_level_of_governance", "type_of_good"]],
                     f"Betts (2010), Table 1, derived from solved cooperation games{where}",
                     "tab:goodsgov-table1"))
        print(_latex(df.drop(columns=["main_level_of_governance", "type_of_good"])
                     .set_index("type_of_migration_governance").T,
                     f"The numbers behind each row of Table 1{where}", "tab:goodsgov-table1-numbers"))
        return 0
    if args.format == "csv":
        print(df.to_csv(index=False), end="")
    elif args.format == "json":
        print(df.to_json(orient="records", indent=2))
    elif args.format == "markdown":
        print(_markdown(df))
    else:
        import pandas as pd
        with pd.option_context("display.width", 200, "display.max_columns", None,
                               "display.float_format", _plain):
            print(f"Betts (2010), Table 1, derived from solved cooperation games{where}\n")
            print(df[["type_of_migration_governance", "main_level_of_governance", "type_of_good"]]
                  .to_string(index=False))
            print("\nThe numbers behind each row\n")
            print(df.drop(columns=["main_level_of_governance", "type_of_good"])
                  .set_index("type_of_migration_governance").T.to_string())
            cmp = compare_table1(df)
            published = cmp[cmp["agrees"].notna()]
            print(f"\nAgreement with the published table: {int(published['agrees'].sum())} of "
                  f"{len(published)} published rows")
    return 0


# --------------------------------------------------------------------- scenarios
def _area_keys() -> tuple[str, ...]:
    from .registry import areas
    return tuple(a.key for a in areas())


def _suggest(spec: str) -> str:
    """``did you mean ...?`` for a mistyped area name (empty when nothing is close)."""
    import difflib
    keys = _area_keys()
    stem = os.path.basename(spec)
    stem = stem[:-5] if stem.lower().endswith(".toml") else stem
    stem = re.sub(r"[-\s.]+", "_", stem.strip().lower())
    close = [c for c in keys if stem and (stem in c or c in stem)]
    close = close or difflib.get_close_matches(stem, keys, n=1, cutoff=0.5)
    return f"did you mean {close[0]!r}? " if close else ""


def _base(spec: str, *, callable_ok: bool):
    """A scenario file, or a registered area by key (its constructor when ``callable_ok``)."""
    if spec in _area_keys():
        from .registry import area
        build = area(spec).constructor
        return build if callable_ok else build()
    if not os.path.lexists(spec):
        err = ScenarioFileError(f"{spec}: no such scenario file, and not a registered area; "
                                f"{_suggest(spec)}the areas are {', '.join(_area_keys())}")
        err.path, err.key, err.expected, err.line = spec, None, "a scenario file or name", None
        raise err
    from .scenario import Scenario
    try:
        return Scenario.from_toml(spec)
    except ScenarioFileError as exc:
        if getattr(exc, "expected", None) != "valid TOML":
            raise
        ext = os.path.splitext(spec)[1].lower()
        looks = f" ({spec} looks like a {ext[1:].upper()} file)" if ext and ext != ".toml" else ""
        exc.add_note(f"SCENARIO must be a scenario file in TOML (.toml){looks} or a registered "
                     f"area ({', '.join(_area_keys())}); Scenario.to_toml writes one, and "
                     "docs/howto.md shows the layout")
        raise


# --------------------------------------------------------------------- --param
def _split_param(text: str) -> tuple[str, str]:
    name, eq, values = text.partition("=")
    name = name.strip()
    if not eq or not name or not values.strip():
        raise ValidationError("--param", text, "must look like NAME=START:STOP:NUM or NAME=V1,V2,...")
    return name, values.strip()


def _param_kind(base, name: str) -> str | None:
    """``"int"`` or ``"float"`` when the base declares the parameter's type, else None."""
    from .scenario import Scenario
    if isinstance(base, Scenario):
        from .sweeps import SCENARIO_PARAMETERS
        return "float" if name in SCENARIO_PARAMETERS and name != "spillover" else None
    import inspect
    try:
        p = inspect.signature(base).parameters.get(name)
    except (TypeError, ValueError):
        return None
    if p is None:
        return None
    d = p.default
    if not isinstance(d, bool) and isinstance(d, int):
        return "int"
    if isinstance(d, float):
        return "float"
    ann = p.annotation if isinstance(p.annotation, str) else getattr(p.annotation, "__name__", "")
    return ann if ann in ("int", "float") else None


def _as_int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _param_values(name: str, values: str, kind: str | None) -> list:
    """The values of ``NAME=START:STOP:NUM`` or ``NAME=V1,V2,...``.

    A range of integers (START and STOP written as integers, every value
    a whole number) stays integer unless the parameter is a float one;
    an integer parameter refuses a range with fractional steps.
    """
    text = f"{name}={values}"
    if ":" in values:
        parts = [p.strip() for p in values.split(":")]
        try:
            if len(parts) != 3:
                raise ValueError
            start, stop, num = float(parts[0]), float(parts[1]), int(parts[2])
        except ValueError:
            raise ValidationError("--param", text, "START:STOP:NUM needs two numbers and an integer "
                                  "count, e.g. excludability=0:1:11 or n_states=10:30:3") from None
        if not 1 <= num <= MAX_AXIS_VALUES:
            raise ValidationError("--param", text, f"NUM must be an integer in [1, {MAX_AXIS_VALUES}]")
        i0, i1 = _as_int(parts[0]), _as_int(parts[1])
        if kind != "float" and i0 is not None and i1 is not None:
            if num == 1:
                return [i0]
            if (i1 - i0) % (num - 1) == 0:
                step = (i1 - i0) // (num - 1)
                return [i0 + k * step for k in range(num)]
        if kind == "int":
            raise ValidationError("--param", text, f"{name} takes integers: give integer START and STOP "
                                  "with (STOP - START) divisible by NUM - 1, e.g. "
                                  f"{name}=10:30:3, or list the values")
        import numpy as np
        return [float(x) for x in np.linspace(start, stop, num)]
    out: list[Any] = []
    for v in values.split(","):
        v = v.strip()
        if not v:
            raise ValidationError("--param", text, "empty value in the list")
        for conv in (int, float):
            try:
                out.append(conv(v))
                break
            except ValueError:
                continue
        else:
            out.append(v)
    numbers = [v for v in out if isinstance(v, (int, float))]
    if numbers and (kind == "float" or any(isinstance(v, float) for v in numbers)):
        out = [float(v) if isinstance(v, int) else v for v in out]  # one type per column
    return out


def _inputs(args: argparse.Namespace) -> list[str]:
    """The input files of a command (an output may never be one of them)."""
    return [args.scenario] if os.path.lexists(args.scenario) else []


def _param_names(base) -> list[str]:
    """The names a sweep of ``base`` takes (for close matches of a mistyped ``--param``)."""
    from .scenario import Scenario
    names = [dest for _, dest, _, _ in PREDICTION_OPTIONS]
    if isinstance(base, Scenario):
        from .sweeps import SCENARIO_PARAMETERS
        return list(SCENARIO_PARAMETERS) + names
    import inspect
    try:
        return list(inspect.signature(base).parameters) + names
    except (TypeError, ValueError):
        return names


def _unknown_param(exc: ValidationError, specs: dict[str, str], base) -> ValidationError | None:
    """The sweep's error for a parameter name it does not take, as a ``--param`` error with
    the close matches (None when ``exc`` is another error)."""
    if exc.field != "grid" or not isinstance(exc.value, str) or exc.value not in specs:
        return None
    name = exc.value
    return ValidationError("--param", f"{name}={specs[name]}",
                           f"{name!r} is not a parameter of this sweep: {exc.allowed}"
                           + did_you_mean(name, [n for n in _param_names(base) if n != name]))


# --------------------------------------------------------------------- predict
def _finite(value):
    """JSON has no inf or NaN: a non-finite number (e.g. the margin with no alternative) is null."""
    import math
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _records(df, index: str | None = None) -> list[dict]:
    """A table as JSON-ready records (the index as a field ``index`` when named)."""
    if index is not None:
        df = df.reset_index(names=index)
    return [{k: (list(v) if isinstance(v, tuple) else v) for k, v in row.items()}
            for row in df.to_dict(orient="records")]


def _cmd_predict(args: argparse.Namespace) -> int:
    from .governance import predict_governance
    scenario = _base(args.scenario, callable_ok=False)
    p = predict_governance(scenario, **_prediction_kwargs(args))
    name = scenario.name or args.scenario
    if args.format == "json":
        import json
        print(json.dumps(_finite({
            "scenario": name, "n_states": scenario.n_states,
            "options": {dest: getattr(p, dest) for _, dest, _, _ in PREDICTION_OPTIONS},
            "level": p.level.value, "good_type": p.good_type.value,
            "self_enforcing": p.self_enforcing,
            "gap": {"provision_share": p.gap.provision_share, "surplus_share": p.gap.surplus_share},
            "scopes": _records(p.scopes), "institutions": _records(p.institutions),
            "states": _records(p.states, "state"), "explanation": p.explanation,
        }), indent=2, default=str, allow_nan=False))
        return 0
    if args.format == "latex":
        import textwrap
        summary = (f"goodsgov predict {name} ({scenario.n_states} states): level {p.level.value}; "
                   f"good type {p.good_type.value}; self-enforcing "
                   f"{'yes' if p.self_enforcing else 'no'}. {p.explanation}")
        print("\n".join("% " + line for line in textwrap.wrap(summary, 77)))
        print(_latex(p.scopes, f"{name}: each scope's sustainable institution (predicted level: "
                               f"{p.level.value})", "tab:goodsgov-scopes"))
        if len(p.institutions):
            print(_latex(p.institutions, f"{name}: the institutions at the predicted level",
                         "tab:goodsgov-institutions"))
        if args.states:
            print(_latex(p.states, f"{name}: each state", "tab:goodsgov-states"))
        return 0
    import pandas as pd
    print(f"scenario: {name} ({scenario.n_states} states)")
    print(f"level: {p.level.value}")
    print(f"good type: {p.good_type.value}")
    print(f"self-enforcing: {'yes' if p.self_enforcing else 'no'}")
    print(f"governance gap: {p.gap.provision_share:.1%} of optimal provision, "
          f"{p.gap.surplus_share:.1%} of the cooperative surplus")
    with pd.option_context("display.width", 200, "display.max_columns", None,
                           "display.float_format", _plain):
        print()
        print(p.scopes.to_string(index=False))
        if args.states:
            print()
            print(p.states.to_string())
    print()
    print(p.explanation)
    return 0


# --------------------------------------------------------------------- sweep
def _cmd_sweep(args: argparse.Namespace) -> int:
    if not args.param:
        raise ValidationError("--param", None, "give at least one --param NAME=START:STOP:NUM")
    specs: dict[str, str] = {}
    for text in args.param:
        name, values = _split_param(text)
        if name in specs:
            raise ValidationError("--param", name, "each parameter may be given once")
        specs[name] = values
    if args.workers < 1:
        raise ValidationError("--workers", args.workers, "must be at least 1")
    out = None if args.out in (None, "-") else args.out
    inputs = _inputs(args)
    if out is not None:
        check_output(out, field="--out", force=args.force, inputs=inputs)
    if args.plot is not None:
        if not args.plot.lower().endswith((".png", ".svg", ".pdf")):
            raise ValidationError("--plot", args.plot, "must end in .png, .svg or .pdf")
        check_output(args.plot, field="--plot", force=args.force, inputs=inputs)
        if out is not None and os.path.abspath(out) == os.path.abspath(args.plot):
            raise ValidationError("--plot", args.plot, "is the --out file too; give two names")
        import importlib.util
        if importlib.util.find_spec("matplotlib") is None:
            raise ValidationError("--plot", args.plot, 'needs matplotlib: pip install ".[plot]"')
    base = _base(args.scenario, callable_ok=True)
    grid = {name: _param_values(name, values, _param_kind(base, name)) for name, values in specs.items()}
    swept = [k for k, v in grid.items() if len(v) > 1]
    if args.plot is not None and not 1 <= len(swept) <= 2:
        raise ValidationError("--plot", args.plot, "needs one or two parameters with several values "
                              f"(got {len(swept)})")

    import itertools
    import math
    from .streaming import Interrupts, RowWriter, solve_in_order
    total = math.prod(len(v) for v in grid.values())
    if args.format == "latex":
        rows = _latex_rows(out, total, force=args.force, inputs=inputs,
                           caption=f"goodsgov sweep of {args.scenario} over {', '.join(grid)}")
    else:
        rows = RowWriter(out, total, force=args.force, inputs=inputs)
    rows.open()   # before Ctrl-C is deferred: a FIFO without a reader is refused, never waited on
    frames: list | None = [] if args.plot is not None else None
    bar = None
    if not args.quiet and getattr(sys.stderr, "isatty", lambda: False)():
        from tqdm.auto import tqdm
        bar = tqdm(total=total, desc="sweep", unit="pt", file=sys.stderr)
    try:
        with Interrupts(rows) as interrupts:
            solve_in_order(base, list(grid), itertools.product(*grid.values()), args.workers, rows,
                            frames, bar, _prediction_kwargs(args), interrupts)
    except ValidationError as exc:
        better = _unknown_param(exc, specs, base)
        if better is None:
            raise
        raise better from None
    except KeyboardInterrupt:
        if bar is not None:
            bar.close()
            bar = None
        rows.close()
        print(rows.interrupted(), file=sys.stderr)
        return 130
    finally:
        if bar is not None:
            bar.close()
        rows.close()
    if out is not None:
        print(f"wrote {rows.count} rows to {out}")
    if args.plot is not None:
        import pandas as pd
        from . import plot
        df = pd.concat(frames, ignore_index=True)
        if len(swept) == 2:
            fig = plot.phase_diagram(df, swept[0], swept[1])
        else:
            fig = plot.gap_plot(df, swept[0])
        with open_output(args.plot, field="--plot", force=args.force, inputs=inputs,
                         binary=True) as fh:
            fig.savefig(fh, format=os.path.splitext(args.plot)[1][1:].lower(), dpi=150,
                        bbox_inches="tight")
        print(f"wrote {args.plot}")
    return 0


def _latex_rows(out: str | None, total: int, *, force: bool, inputs: list[str], caption: str):
    """A :class:`goodsgov.streaming.RowWriter` that keeps the rows and writes them as one LaTeX
    table when closed (so an interrupted sweep still writes the rows it finished)."""
    from .streaming import RowWriter, deferred_interrupt

    class LatexRows(RowWriter):
        def __init__(self):
            super().__init__(out, total, force=force, inputs=inputs)
            self.frames: list = []
            self.written = False

        def write(self, df) -> None:
            self.open()
            self.frames.append(df)
            self.count += len(df)

        def close(self) -> None:
            if self.fh is not None and self.frames and not self.written:
                import pandas as pd
                text = _latex(pd.concat(self.frames, ignore_index=True), caption, "tab:goodsgov-sweep")
                with deferred_interrupt():
                    self.fh.write(text)
                    self.fh.flush()
                self.written = True
            super().close()

    return LatexRows()


# --------------------------------------------------------------------- estimate
def _cmd_estimate(args: argparse.Namespace) -> int:
    from .estimation import report
    params: dict | None = None
    for text in args.param or ():
        name, eq, rng = text.partition("=")
        lo, colon, hi = rng.partition(":")
        try:
            bounds = (float(lo), float(hi)) if eq else None
        except ValueError:
            bounds = None
        if (eq and (not colon or bounds is None)) or not name.strip():
            raise ValidationError("--param", text, "must look like NAME or NAME=LOW:HIGH")
        params = params or {}
        if name.strip() in params:
            raise ValidationError("--param", name.strip(), "each parameter may be given once")
        params[name.strip()] = bounds
    if args.workers < 1:
        raise ValidationError("--workers", args.workers, "must be at least 1")
    states = "world" if not args.states else [c.strip() for c in args.states.split(",")]
    print(report(args.area, args.format, against=args.against, params=params, states=states,
                 folds=args.folds or None, bootstrap=args.bootstrap, grid=args.grid,
                 random_state=args.seed, workers=args.workers, progress=not args.quiet,
                 **_prediction_kwargs(args)))
    return 0


# --------------------------------------------------------------------- parser
class _Parser(argparse.ArgumentParser):
    """Argument errors as one line (exit status 2): the message, the (sub)command's usage, --help."""

    def error(self, message: str):  # type: ignore[override]
        m = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if m:
            import difflib
            choices = re.findall(r"'([^']*)'", m.group(2))
            # a high cutoff: 'latex' is not 'text', though they share three letters
            close = difflib.get_close_matches(m.group(1), choices, n=1, cutoff=0.7)
            if close:
                message += f"; did you mean {close[0]!r}?"
        usage = " ".join(self.format_usage().split())
        self.exit(2, f"{self.prog}: error: {message} ({usage}; see {self.prog} --help)\n")


#: Options of :func:`goodsgov.predict_governance` the commands take: flag, keyword, help and
#: the value's type (``float``, ``int``, or a str: the name of the constant in :data:`_CHOICES`
#: that lists the values allowed).
PREDICTION_OPTIONS = (
    ("--decision-cost", "decision_cost", "what taking part in an agreement costs a member, as "
     "goodsgov.predict_governance defines it (default: {})", float),
    ("--decision-cost-form", "decision_cost_form", "how decision costs grow: per agreed pair, per "
     "member or per institution plus per member (default: {})", "COST_FORMS"),
    ("--bargaining-weight", "bargaining_weight", "the first state's weight in each deal's Nash "
     "bargaining, in [0, 1] (default: {})", float),
    ("--deal-search", "deal_search", "how a deal network is searched for when the deal dynamic "
     "does not settle: not at all, or by a random improving path (default: {})", "DEAL_SEARCHES"),
    ("--random-state", "random_state", "the seed of the improving-path search (default: {})", int),
)

#: Where each prediction option's default is defined: (module file, constant) or
#: (module file, function, parameter), relative to the package.
_DEFAULTS = {
    "decision_cost": ("governance/pipeline.py", "DEFAULT_DECISION_COST"),
    "decision_cost_form": ("governance/pipeline.py", "DEFAULT_COST_FORM"),
    "bargaining_weight": ("governance/pipeline.py", "DEFAULT_BARGAINING_WEIGHT"),
    "deal_search": ("governance/pipeline.py", "DEFAULT_DEAL_SEARCH"),
    "random_state": ("governance/prediction.py", "predict_governance", "random_state"),
}
#: Where the values allowed of each option with choices are listed: (module file, constant).
_CHOICES = {
    "COST_FORMS": ("solvers/contribution/records.py", "COST_FORMS"),
    "DEAL_SEARCHES": ("governance/pipeline.py", "DEAL_SEARCHES"),
}


def _from_source(relpath: str, name: str, param: str | None = None) -> Any:
    """A literal constant (or a function's literal default) read from a goodsgov module's source,
    without importing it (importing the model would import numpy: ``--help`` stays instant)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), *relpath.split("/"))
    with open(path, encoding="utf-8") as fh:
        tree = ast.parse(fh.read(), path)
    for node in tree.body:
        if param is None and isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets) and node.value:
                return ast.literal_eval(node.value)
        if param is not None and isinstance(node, ast.FunctionDef) and node.name == name:
            args = node.args
            pos = args.posonlyargs + args.args
            pairs = list(zip(pos[len(pos) - len(args.defaults):], args.defaults))
            pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
            for a, d in pairs:
                if a.arg == param:
                    return ast.literal_eval(d)
    raise LookupError(f"{name} in {relpath}")


def library_default(dest: str) -> Any:
    """The library's default of the prediction option ``dest`` (see :data:`_DEFAULTS`).

    Read from the source when it is a literal there; otherwise the module is imported.
    """
    where = _DEFAULTS[dest]
    try:
        return _from_source(*where)
    except (OSError, SyntaxError, ValueError, LookupError):
        import importlib
        import inspect
        module = importlib.import_module("goodsgov." + where[0][:-3].replace("/", "."))
        if len(where) == 2:
            return getattr(module, where[1])
        return inspect.signature(getattr(module, where[1])).parameters[where[2]].default


#: The prediction options ``goodsgov estimate`` takes (the rest are what it estimates, or
#: would not change what it fits).
ESTIMATE_OPTIONS = ("decision_cost_form", "deal_search")


def _prediction_options(parser: argparse.ArgumentParser, only: tuple[str, ...] | None = None) -> None:
    for flag, dest, text, kind in PREDICTION_OPTIONS:
        if only is not None and dest not in only:
            continue
        text = text.format(library_default(dest))
        if isinstance(kind, str):
            parser.add_argument(flag, dest=dest, default=None, choices=_from_source(*_CHOICES[kind]),
                                help=text)
        else:
            parser.add_argument(flag, dest=dest, type=kind, default=None,
                                metavar="N" if kind is int else "X", help=text)


def _prediction_kwargs(args: argparse.Namespace) -> dict:
    """The prediction options given on the command line (the library's defaults otherwise)."""
    return {dest: getattr(args, dest) for _, dest, _, _ in PREDICTION_OPTIONS
            if getattr(args, dest, None) is not None}


#: The top-level ``--help`` text: what goodsgov does.
DESCRIPTION = (
    "goodsgov models migration governance as cooperation games between states (Betts 2010: "
    "refugee protection a public good, governed multilaterally; irregular migration a club "
    "good, governed regionally; skilled labour migration a private good, governed "
    "unilaterally or bilaterally). It solves a scenario's games under every scope and "
    "predicts the level of governance, the provision of the good and the gap to full "
    "cooperation.")
EPILOG = (
    "examples:\n"
    "  goodsgov table1                                  Betts's Table 1, from solved games\n"
    "  goodsgov predict refugee_protection              a registered area\n"
    "  goodsgov predict my_scenario.toml --format json  your own scenario file\n"
    "  goodsgov sweep irregular_migration --param rivalry=0:1:11 --out r.csv\n"
    "  goodsgov estimate refugee_protection --against refugee_convention_1951\n"
    "\nRun 'goodsgov COMMAND --help' for a command's options.")
#: Output formats of each command, and what each is (the first is the default).
FORMATS = {
    "table1": {"text": "a readable table with the numbers behind it", "csv": "comma-separated values",
               "markdown": "a Markdown table", "json": "a list of records",
               "latex": "two LaTeX tables (Table 1 and the numbers behind it; booktabs rules, "
                        "pandas' Styler.to_latex)"},
    "predict": {"text": "the level, the gap, the scopes table (and with --states the per-state "
                        "table) and the explanation",
                "json": "the same as one JSON object, with the scopes, institutions and states "
                        "as lists of records (a non-finite number as null)",
                "latex": "the scopes, the institutions (and with --states the states) as LaTeX "
                         "tables, the summary and explanation as comments"},
    "sweep": {"csv": "one row per grid point, written chunk by chunk as solved",
              "latex": "one LaTeX table of every finished row, written when the sweep ends"},
    "estimate": {"text": "the parameters, the out-of-sample metrics beside the baselines, the fit "
                         "and the notes",
                 "csv": "the parameters, one row each", "json": "the estimate's record "
                 "(parameters, options, metrics, notes) as one JSON object"},
}


def _format_option(parser: argparse.ArgumentParser, command: str) -> None:
    choices = FORMATS[command]
    default = next(iter(choices))
    parser.add_argument("--format", choices=list(choices), default=default,
                        help=f"output format (default: {default}): " + "; ".join(
                            f"{k}: {v}" for k, v in choices.items()))


def build_parser() -> argparse.ArgumentParser:
    import textwrap
    parser = _Parser(prog="goodsgov", description=textwrap.fill(DESCRIPTION, 79), epilog=EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"goodsgov {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    t1 = sub.add_parser("table1", help="Betts's Table 1 computed from solved games",
                        description="Print Betts's Table 1 computed from the scenarios of the registered areas.")
    _format_option(t1, "table1")
    t1.add_argument("--world", action="store_true",
                    help="the three rows on the 193 UN member states (goodsgov.world; default: "
                         "the registered areas' own scenarios)")
    t1.set_defaults(func=_cmd_table1)

    from .registry import published_rows
    scen_help = ("a scenario file (.toml) or the key of a registered area (Betts's: "
                 + ", ".join(row["area"] for row in published_rows()) + ")")
    pr = sub.add_parser("predict", help="predict the level of governance of a scenario",
                        description="Solve a scenario under every scope and predict its level of "
                                    "governance, with the numbers behind it.")
    pr.add_argument("scenario", metavar="SCENARIO", help=scen_help)
    _format_option(pr, "predict")
    pr.add_argument("--states", action="store_true",
                    help="also print the per-state table, with each country's name beside its "
                         "ISO3 code on UN member states (default: no; the JSON output always "
                         "has it)")
    _prediction_options(pr)
    pr.set_defaults(func=_cmd_predict)

    sw = sub.add_parser("sweep", help="sweep a scenario over a grid of parameters",
                        description="Predict governance at every point of a parameter grid and write "
                                    "one CSV row per point, chunk by chunk as the rows are solved "
                                    "(Ctrl-C keeps every finished row). A scenario file sweeps good "
                                    "fields (excludability, rivalry, spillover) and state fields "
                                    "(benefit, cost, private_benefit, capacity and their *_scale "
                                    "factors); a canonical scenario sweeps any of its parameters "
                                    "(e.g. n_states=10:30:3, which stays integer).")
    sw.add_argument("scenario", metavar="SCENARIO", help=scen_help)
    sw.add_argument("--param", action="append", metavar="NAME=START:STOP:NUM",
                    help="a swept parameter: START:STOP:NUM evenly spaced values (integers when "
                         "START and STOP are integers and the steps whole), or V1,V2,... "
                         "(repeat for a grid; at least one is required: no default)")
    sw.add_argument("--out", metavar="FILE.csv",
                    help="the output file, CSV or (--format latex) LaTeX (default: standard "
                         "output; '-' too); never written through a symbolic link or over SCENARIO")
    _format_option(sw, "sweep")
    sw.add_argument("--plot", metavar="FILE.png",
                    help="also draw a phase diagram (two parameters) or gap plot (one); "
                         ".png/.svg/.pdf (default: no plot)")
    sw.add_argument("--force", action="store_true",
                    help="replace an existing --out or --plot file (default: refuse to)")
    sw.add_argument("--workers", type=int, default=1,
                    help="worker processes (default: 1, in-process)")
    sw.add_argument("--quiet", action="store_true",
                    help="no progress bar (default: a bar when standard error is a terminal)")
    _prediction_options(sw)
    sw.set_defaults(func=_cmd_sweep)

    es = sub.add_parser("estimate", help="fit an area's free parameters to observed participation",
                        description="Fit the free parameters of a registered area (decision cost, "
                                    "non-excludable share, data-mapping exponents) to observed "
                                    "institutions by maximum likelihood (goodsgov.estimate), with "
                                    "bootstrap standard errors and out-of-sample metrics beside "
                                    "the baselines.")
    es.add_argument("area", metavar="AREA", help="the key of a registered area")
    es.add_argument("--against", action="append", metavar="NAME",
                    help="an observed dataset to fit (repeat for several; default: the area's)")
    es.add_argument("--param", action="append", metavar="NAME[=LOW:HIGH]",
                    help="a free parameter and its search range (repeat; default: the area's)")
    es.add_argument("--states", metavar="ISO3,...",
                    help="the states, comma-separated ISO3 codes (default: all 193)")
    es.add_argument("--folds", type=int, default=5, help="folds of whole M49 regions (default: 5; "
                                                         "0: no out-of-sample fits)")
    es.add_argument("--bootstrap", type=int, default=100,
                    help="bootstrap replicates (default: 100; 0: no standard errors)")
    es.add_argument("--grid", type=int, default=None, help="grid values per parameter (default: "
                                                           "11, 7 or 5 for up to two, three, more)")
    es.add_argument("--seed", type=int, default=0, help="random_state (default: 0)")
    _prediction_options(es, ESTIMATE_OPTIONS)
    es.add_argument("--workers", type=int, default=1, help="worker processes (default: 1)")
    es.add_argument("--quiet", action="store_true",
                    help="no progress bar (default: a bar when standard error is a terminal)")
    _format_option(es, "estimate")
    es.set_defaults(func=_cmd_estimate)
    parser.commands = dict(sub.choices)  # type: ignore[attr-defined]
    return parser


def _one_line(exc: BaseException) -> str:
    """The message and its notes (e.g. the sweep point) on one line."""
    parts = [str(exc), *getattr(exc, "__notes__", ())]
    return " ".join("; ".join(p for p in parts if p).split())


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``goodsgov`` console script (and of ``python -m goodsgov``)."""
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        return _main(argv)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A warning as one line on standard error (goodsgov's own start with 'goodsgov:')."""
    text = " ".join(str(message).split())
    print(text if text.startswith("goodsgov") else f"goodsgov: warning: {text}",
          file=sys.stderr if file is None else file)


def _main(argv: Sequence[str] | None) -> int:
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        if extra:  # reported by the subcommand's parser, with its usage
            sub = getattr(parser, "commands", {}).get(args.command, parser)
            sub.error("unrecognized arguments: " + " ".join(extra))
        return args.func(args)
    except KeyboardInterrupt:
        print("goodsgov: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped early (e.g. `goodsgov table1 | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (GoodsgovError, OSError) as exc:
        print(f"goodsgov: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except ImportError as exc:  # an optional dependency is missing
        print(f"goodsgov: error: {_one_line(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:
        if os.environ.get("GOODSGOV_TRACEBACK"):
            raise
        print(f"goodsgov: error: {type(exc).__name__}: {_one_line(exc)[:500]} (an internal error; "
              "GOODSGOV_TRACEBACK=1 shows the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
