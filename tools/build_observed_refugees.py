"""Rebuild ``goodsgov/data/observed/refugees.csv.gz`` from UNHCR's ``refugees`` R package.

Source: UNHCR Refugee Population Statistics Database (Refugee Data Finder),
packaged by UNHCR as the R package ``refugees`` (github.com/PopulationStatistics/
refugees, licence CC BY 4.0, file LICENSE.md). The shipped file is built from
its ``population`` data at exactly this commit::

    PopulationStatistics/refugees  0c16a6d0c2f37d8578f9b9e3d1e4459efe850398
                                   (2026-06-25, "cran submission"; package version
                                   2025.12.1, data of Global Trends 2025, end-2025)
    data/population.rda            git blob dfc9466fc0e197c29ec4f847178aac51268109c0

read with the Python package ``rdata`` 1.1.0 (``pip install rdata==1.1.0``).

Usage::

    python tools/build_observed_refugees.py [SOURCE]            # rewrite the file
    python tools/build_observed_refugees.py [SOURCE] --check    # exit 1 if it differs
    python tools/build_observed_refugees.py [SOURCE] --stdout   # print the CSV

``SOURCE`` is a git directory holding that commit (a bare clone or the snapshot
the project's ``fetch`` tool makes; default
``/work/.mirror/PopulationStatistics+refugees/repo``) or a checkout of the
repository (its ``data/population.rda`` is used if its git blob hash is the
pinned one). Nothing is downloaded.

What is kept: years from :data:`FIRST_YEAR`; per year, country of origin
(``coo_iso``) and of asylum (``coa_iso``) the three stocks ``refugees`` (under
UNHCR's mandate), ``asylum_seekers`` and ``oip`` (other people in need of
international protection, written ``other_in_need``). ``oip`` is empty in the
source before 2018 and for many pairs after; empty is written 0 (the sum UNHCR
itself makes drops empty cells). Pairs whose three counts are all 0 are
dropped, and so are countries of asylum that are not UN member states (the
rows and totals dropped are printed). Every count must be a whole number >= 0
and every (year, origin, asylum) unique, or the build stops. The gzip stream
is written with mtime 0 and no file name; ``--check`` compares the CSV text.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

from pinned_source import PinnedSource, SourceError, arguments, blob_hash  # noqa: F401 (tools/ is the script's path)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "goodsgov" / "data" / "observed" / "refugees.csv.gz"
COUNTRIES = ROOT / "goodsgov" / "data" / "countries.csv"
DEFAULT_SOURCE = Path("/work/.mirror/PopulationStatistics+refugees/repo")

REPOSITORY = "PopulationStatistics/refugees"
COMMIT = "0c16a6d0c2f37d8578f9b9e3d1e4459efe850398"
PACKAGE_VERSION = "2025.12.1"
BLOBS = {"data/population.rda": "dfc9466fc0e197c29ec4f847178aac51268109c0"}
SOURCE = PinnedSource(REPOSITORY, COMMIT, BLOBS)

FIRST_YEAR = 2000
#: column written -> column of ``refugees::population``
COUNTS = {"refugees": "refugees", "asylum_seekers": "asylum_seekers", "other_in_need": "oip"}
HEADER = ["year", "origin", "asylum", *COUNTS]


def members() -> set[str]:
    """ISO3 codes of the 193 UN member states of goodsgov/data/countries.csv."""
    with COUNTRIES.open(encoding="utf-8", newline="") as fh:
        codes = {row["iso3"] for row in csv.DictReader(fh)}
    if len(codes) != 193:
        raise SourceError(f"{COUNTRIES} does not list 193 members")
    return codes


def whole(values, column: str) -> list[int]:
    """Counts as ints (empty -> 0); anything fractional or negative stops the build."""
    out = []
    for value in values:
        number = 0.0 if value is None or value != value else float(value)   # NaN / NA -> 0
        if number < 0 or number != int(number):
            raise SourceError(f"{column}: {value!r} is not a whole number >= 0")
        out.append(int(number))
    return out


def build(source: Path) -> tuple[str, list[str]]:
    """The CSV text and lines reporting what was dropped."""
    table = SOURCE.read_rda(SOURCE.read(source, "data/population.rda"), "population")
    table = table[table["year"] >= FIRST_YEAR]
    for column in ("year", "coo_iso", "coa_iso"):
        if table[column].isna().any():
            raise SourceError(f"population: empty {column}")
    years = whole(table["year"], "year")
    origins = [str(c) for c in table["coo_iso"]]
    asylums = [str(c) for c in table["coa_iso"]]
    counts = [whole(table[src].astype("float64"), src) for src in COUNTS.values()]
    member = members()
    rows: dict[tuple[int, str, str], tuple[int, ...]] = {}
    dropped: dict[str, list[int]] = {}
    for year, origin, asylum, *values in zip(years, origins, asylums, *counts):
        key = (year, origin, asylum)
        if key in rows:
            raise SourceError(f"population: {key} appears twice")
        if not any(values):
            continue
        if asylum not in member:
            entry = dropped.setdefault(asylum, [0, 0, 0, 0])
            entry[0] += 1
            for i, value in enumerate(values):
                entry[i + 1] += value
            continue
        rows[key] = tuple(values)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows((*key, *rows[key]) for key in sorted(rows))
    report = [f"{code}: {n} rows, {r} refugees, {a} asylum-seekers, {o} other in need"
              for code, (n, r, a, o) in sorted(dropped.items())]
    return buf.getvalue(), report


def gzipped(text: str) -> bytes:
    """The text gzip-compressed deterministically (mtime 0, no file name)."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as fh:
        fh.write(text.encode("utf-8"))
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, SOURCE, DEFAULT_SOURCE, argv)
    try:
        text, report = build(args.source)
    except SourceError as exc:
        print(f"build_observed_refugees: {exc}", file=sys.stderr)
        return 2
    if args.stdout:
        sys.stdout.write(text)
        return 0
    if args.check:
        shipped = gzip.decompress(OUT.read_bytes()).decode("utf-8") if OUT.is_file() else None
        if shipped != text:
            print(f"build_observed_refugees: {OUT} differs from the rebuilt file", file=sys.stderr)
            return 1
        print(f"build_observed_refugees: {OUT.name} is up to date "
              f"({text.count(chr(10)) - 1} rows)")
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzipped(text))
    print(f"build_observed_refugees: wrote {OUT} ({text.count(chr(10)) - 1} rows); "
          "dropped (asylum not a UN member state):")
    for line in report:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
