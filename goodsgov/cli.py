"""The ``goodsgov`` command.

``goodsgov table1 [--format text|csv|markdown|json]`` prints Betts's
Table 1 as computed from solved games, with the numbers behind it.
``goodsgov predict SCENARIO`` predicts the level of governance of a
scenario file (TOML) or canonical scenario. ``goodsgov sweep SCENARIO
--param NAME=START:STOP:NUM ... --out results.csv [--plot out.png]
[--workers N]`` sweeps it over a grid of parameters.
Bad input exits with status 2 and a one-line message, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from .errors import GoodsgovError

__all__ = ["main"]


def _markdown(df) -> str:
    cols = list(df.columns)
    fmt = lambda v: f"{v:.4g}" if isinstance(v, float) else str(v)  # noqa: E731
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def _cmd_table1(args: argparse.Namespace) -> int:
    from .table1 import compare_table1, table1
    df = table1()
    if args.format == "csv":
        print(df.to_csv(index=False), end="")
    elif args.format == "json":
        print(df.to_json(orient="records", indent=2))
    elif args.format == "markdown":
        print(_markdown(df))
    else:
        import pandas as pd
        with pd.option_context("display.width", 200, "display.max_columns", None,
                               "display.float_format", "{:.4g}".format):
            print("Betts (2010), Table 1, derived from solved cooperation games\n")
            print(df[["type_of_migration_governance", "main_level_of_governance", "type_of_good"]]
                  .to_string(index=False))
            print("\nThe numbers behind each row\n")
            print(df.drop(columns=["main_level_of_governance", "type_of_good"])
                  .set_index("type_of_migration_governance").T.to_string())
            cmp = compare_table1(df)
            print(f"\nAgreement with the published table: {int(cmp['agrees'].sum())} of {len(cmp)} rows")
    return 0


#: Canonical scenarios usable in place of a scenario file.
CANONICAL = ("refugee_protection", "irregular_migration", "skilled_labour")


def _base(spec: str, *, callable_ok: bool):
    """A scenario file, or a canonical scenario by name (its builder when ``callable_ok``)."""
    from . import canonical
    from .scenario import Scenario
    if spec in CANONICAL and not spec.endswith(".toml"):
        build = getattr(canonical, spec)
        return build if callable_ok else build()
    return Scenario.from_toml(spec)


def _parse_param(text: str) -> tuple[str, list]:
    """``NAME=START:STOP:NUM`` (evenly spaced) or ``NAME=V1,V2,...`` (numbers or words)."""
    from .errors import ValidationError
    name, eq, values = text.partition("=")
    name = name.strip()
    if not eq or not name or not values.strip():
        raise ValidationError("--param", text, "must look like NAME=START:STOP:NUM or NAME=V1,V2,...")
    if ":" in values:
        parts = values.split(":")
        try:
            if len(parts) != 3:
                raise ValueError
            start, stop, num = float(parts[0]), float(parts[1]), int(parts[2])
        except ValueError:
            raise ValidationError("--param", text, "START:STOP:NUM needs two numbers and an integer "
                                  "count, e.g. excludability=0:1:11") from None
        if num < 1:
            raise ValidationError("--param", text, "NUM must be at least 1")
        import numpy as np
        return name, [float(x) for x in np.linspace(start, stop, num)]
    out = []
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
    return name, out


def _cmd_predict(args: argparse.Namespace) -> int:
    from .governance import predict_governance
    scenario = _base(args.scenario, callable_ok=False)
    p = predict_governance(scenario, capture=args.capture, negligible=args.negligible)
    if args.format == "json":
        import json
        print(json.dumps({
            "scenario": scenario.name or args.scenario, "n_states": scenario.n_states,
            "level": p.level.value, "good_type": p.good_type.value,
            "self_enforcing": p.self_enforcing,
            "gap": {"provision_share": p.gap.provision_share, "surplus_share": p.gap.surplus_share},
            "scopes": p.scopes.to_dict(orient="records"), "explanation": p.explanation,
        }, indent=2, default=str))
        return 0
    import pandas as pd
    print(f"scenario: {scenario.name or args.scenario} ({scenario.n_states} states)")
    print(f"level: {p.level.value}")
    print(f"good type: {p.good_type.value}")
    print(f"self-enforcing: {'yes' if p.self_enforcing else 'no'}")
    print(f"governance gap: {p.gap.provision_share:.1%} of optimal provision, "
          f"{p.gap.surplus_share:.1%} of the cooperative surplus")
    with pd.option_context("display.width", 200, "display.max_columns", None,
                           "display.float_format", "{:.4g}".format):
        print()
        print(p.scopes.to_string(index=False))
    print()
    print(p.explanation)
    return 0


def _cmd_sweep(args: argparse.Namespace) -> int:
    from .errors import ValidationError
    from .sweep import sweep
    if not args.param:
        raise ValidationError("--param", None, "give at least one --param NAME=START:STOP:NUM")
    grid = {}
    for text in args.param:
        name, values = _parse_param(text)
        if name in grid:
            raise ValidationError("--param", name, "each parameter may be given once")
        grid[name] = values
    swept = [k for k, v in grid.items() if len(v) > 1]
    if args.plot is not None:
        if not 1 <= len(swept) <= 2:
            raise ValidationError("--plot", args.plot, "needs one or two parameters with several values "
                                  f"(got {len(swept)})")
        if not args.plot.lower().endswith((".png", ".svg", ".pdf")):
            raise ValidationError("--plot", args.plot, "must end in .png, .svg or .pdf")
    if args.workers < 1:
        raise ValidationError("--workers", args.workers, "must be at least 1")
    base = _base(args.scenario, callable_ok=True)
    if args.workers > 1:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(args.workers) as ex:
            df = sweep(base, grid, executor=ex, progress=not args.quiet)
    else:
        df = sweep(base, grid, progress=not args.quiet)
    if args.out is None or args.out == "-":
        print(df.to_csv(index=False), end="")
    else:
        df.to_csv(args.out, index=False)
        print(f"wrote {len(df)} rows to {args.out}")
    if args.plot is not None:
        from . import plot
        if len(swept) == 2:
            plot.phase_diagram(df, swept[0], swept[1], path=args.plot)
        else:
            plot.gap_plot(df, swept[0], path=args.plot)
        print(f"wrote {args.plot}")
    return 0


class _Parser(argparse.ArgumentParser):
    """Argument errors as one line (and exit status 2), not a usage block."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="goodsgov", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t1 = sub.add_parser("table1", help="Betts's Table 1 computed from solved games",
                        description="Print Betts's Table 1 computed from the canonical scenarios.")
    t1.add_argument("--format", choices=["text", "csv", "markdown", "json"], default="text")
    t1.set_defaults(func=_cmd_table1)

    scen_help = ("a scenario file (.toml) or a canonical scenario: " + ", ".join(CANONICAL))
    pr = sub.add_parser("predict", help="predict the level of governance of a scenario",
                        description="Solve a scenario under every scope and predict its level of "
                                    "governance, with the numbers behind it.")
    pr.add_argument("scenario", metavar="SCENARIO", help=scen_help)
    pr.add_argument("--format", choices=["text", "json"], default="text")
    pr.add_argument("--capture", type=float, default=2.0 / 3.0,
                    help="share of the cooperative surplus the predicted scope must capture")
    pr.add_argument("--negligible", type=float, default=0.2,
                    help="cooperation adding less than this share of optimum welfare is unilateral")
    pr.set_defaults(func=_cmd_predict)

    sw = sub.add_parser("sweep", help="sweep a scenario over a grid of parameters",
                        description="Predict governance at every point of a parameter grid and write "
                                    "one CSV row per point. A scenario file sweeps good fields "
                                    "(excludability, rivalry, spillover) and state fields (benefit, "
                                    "cost, private_benefit, capacity and their *_scale factors); a "
                                    "canonical scenario sweeps any of its parameters (e.g. n_states).")
    sw.add_argument("scenario", metavar="SCENARIO", help=scen_help)
    sw.add_argument("--param", action="append", metavar="NAME=START:STOP:NUM",
                    help="a swept parameter: START:STOP:NUM evenly spaced values, or V1,V2,... "
                         "(repeat for a grid)")
    sw.add_argument("--out", metavar="FILE.csv", help="CSV output (default: standard output)")
    sw.add_argument("--plot", metavar="FILE.png",
                    help="also draw a phase diagram (two parameters) or gap plot (one); .png/.svg/.pdf")
    sw.add_argument("--workers", type=int, default=1, help="worker processes (default 1: in-process)")
    sw.add_argument("--quiet", action="store_true", help="no progress bar")
    sw.set_defaults(func=_cmd_sweep)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``goodsgov`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # the reader stopped early (e.g. `goodsgov table1 | head`)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (GoodsgovError, OSError, ImportError) as exc:
        print(f"goodsgov: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
