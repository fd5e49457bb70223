"""The ``goodsgov`` command.

``goodsgov table1 [--format text|csv|markdown|json]`` prints Betts's
Table 1 as computed from solved games, with the numbers behind it.
Bad input exits with status 2 and a one-line message, never a traceback.
"""

from __future__ import annotations

import argparse
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
            print("Betts (2011), Table 1, derived from solved cooperation games\n")
            print(df[["type_of_migration_governance", "main_level_of_governance", "type_of_good"]]
                  .to_string(index=False))
            print("\nThe numbers behind each row\n")
            print(df.drop(columns=["main_level_of_governance", "type_of_good"])
                  .set_index("type_of_migration_governance").T.to_string())
            cmp = compare_table1(df)
            print(f"\nAgreement with the published table: {int(cmp['agrees'].sum())} of {len(cmp)} rows")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="goodsgov", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t1 = sub.add_parser("table1", help="Betts's Table 1 computed from solved games",
                        description="Print Betts's Table 1 computed from the canonical scenarios.")
    t1.add_argument("--format", choices=["text", "csv", "markdown", "json"], default="text")
    t1.set_defaults(func=_cmd_table1)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``goodsgov`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (GoodsgovError, OSError) as exc:
        print(f"goodsgov: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
