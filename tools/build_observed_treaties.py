"""Rebuild ``goodsgov/data/observed/treaties.csv`` and ``instruments.csv``.

Source: the hand-coded treaty memberships ``HUGGO_MEM`` of the globalgov
``manyhealth`` R package (version 0.3.1, commit 919c3e6, CC BY 4.0), of which
the rows of two instruments are kept, as stored, in
``tools/sources/treaties_globalgov_huggo_mem.csv``:

* ``refugee_convention_1951`` (manyID ``RLTNSR_1951A``), UNTC chapter V.2;
* ``icrmw_1990`` (manyID ``IP04MF_1990A``), UNTC chapter IV.13.

Names are mapped to ISO3 with the names of ``goodsgov/data/countries.csv``
(plus the aliases below); a name that matches neither a UN member state nor
a listed non-member party stops the build. Each instrument's party count
(UN members + non-members) must equal the count its status page states
(``PARTIES_LISTED``), else the build stops. Signatures without a deposit are
not participation and are dropped.

Usage::

    python tools/build_observed_treaties.py            # rewrite both CSVs
    python tools/build_observed_treaties.py --check    # exit 1 if a shipped file differs
    python tools/build_observed_treaties.py --extract PATH/TO/memberships.rda
        # rewrite tools/sources/treaties_globalgov_huggo_mem.csv from the package's
        # data file (needs the ``rdata`` package; nothing is downloaded)

``goodsgov/data/observed/SOURCES.md`` (section ``treaties``) documents the
source, the cross-checks and the gaps.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tools" / "sources" / "treaties_globalgov_huggo_mem.csv"
WORLD = ROOT / "goodsgov" / "data" / "countries.csv"
OUT_DIR = ROOT / "goodsgov" / "data" / "observed"
OUT_TREATIES = OUT_DIR / "treaties.csv"
OUT_INSTRUMENTS = OUT_DIR / "instruments.csv"

PACKAGE = "globalgov/manyhealth 0.3.1 (commit 919c3e63d379c9cd52f45392a59ac1cfc2f808ae), HUGGO_MEM"

#: manyID in the source -> instrument name shipped
INSTRUMENT_OF = {"RLTNSR_1951A": "refugee_convention_1951", "IP04MF_1990A": "icrmw_1990"}

#: instrument -> (title, official status page, count of parties it states, where that count is read)
META: dict[str, tuple[str, str, int, str]] = {
    "refugee_convention_1951": (
        "Convention relating to the Status of Refugees (Geneva, 28 July 1951)",
        "UN Treaty Collection, MTDSG chapter V.2: https://treaties.un.org/pages/ViewDetailsII.aspx"
        "?src=TREATY&mtdsg_no=V-2&chapter=5 (stored copy of its status PDF: "
        "https://docslib.org/doc/5005851/geneva-28-july-1951-entry-into-force-22-april-1954-in)",
        146, "'Status: Signatories: 19. Parties: 146.' on the stored UNTC status copy"),
    "icrmw_1990": (
        "International Convention on the Protection of the Rights of All Migrant Workers and "
        "Members of Their Families (New York, 18 December 1990)",
        "UN Treaty Collection, MTDSG chapter IV.13: https://treaties.un.org/pages/ViewDetails.aspx"
        "?src=TREATY&mtdsg_no=IV-13&chapter=4",
        58, "58 parties as of October 2022, the UNTC count quoted by "
            "https://en.m.wikipedia.org/wiki/International_Convention_on_the_Protection_of_the_Rights"
            "_of_All_Migrant_Workers_and_Members_of_Their_Families (stored copy); "
            "the UNTC page itself was not available in a stored copy"),
}

#: source names that differ from the UN M49 names of countries.csv (beyond letter case)
ALIASES = {
    "Plurinational State Of Bolivia": "BOL", "Bolivarian Republic Of Venezuela": "VEN",
    "Cape Verde": "CPV", "Cote DIvoire": "CIV", "Czech Republic": "CZE",
    "Islamic Republic Of Iran": "IRN", "Netherlands": "NLD", "St Kitts And Nevis": "KNA",
    "St Vincent And The Grenadines": "VCT", "Turkiye": "TUR", "United Kingdom": "GBR",
}

#: parties in the source that are not UN member states (counted in the check, not shipped)
NON_MEMBERS = {"Holy See"}

#: the source's own codes that are not ISO3 (checked against the name mapping)
SOURCE_CODES = {"ALG": "DZA"}

#: (instrument, iso3) -> (year, note): a source value replaced, with the evidence
CORRECTIONS: dict[tuple[str, str], tuple[int, str]] = {
    ("icrmw_1990", "VCT"): (
        2010, "source codes 2005-09-15; UN Geneva meeting summary of the Committee on Migrant "
              "Workers (April 2018, https://ungeneva.org/en/news-media/meeting-summary/2018/04/"
              "committee-rights-migrant-workers-discusses-situation-saint) says Saint Vincent and "
              "the Grenadines became a party in October 2010; world-politics-datalab "
              "hr_status_icmw.csv (from UNTC, 2022) also gives 2010"),
}

TREATY_COLUMNS = ["instrument", "iso3", "year", "action", "note"]
INSTRUMENT_COLUMNS = ["instrument", "title", "source", "reference", "status_date",
                      "parties_listed", "non_member_parties", "count_reference"]

SOURCE_HEADER = """\
# Treaty participation rows extracted from the globalgov "manyhealth" R package:
#   data/memberships.rda, dataset HUGGO_MEM (hand-coded memberships of health-related agreements,
#   Global Governance Observatory team, Geneva Graduate Institute; cite: J. Hollway,
#   "manyhealth: Health Agreements for the many Universe", 2022, https://github.com/globalgov/manyhealth).
# Package version 0.3.1, commit 919c3e63d379c9cd52f45392a59ac1cfc2f808ae (2024-04-24);
#   licence declared in the package DESCRIPTION: CC BY 4.0 (attribution required).
# Rows kept: manyID RLTNSR_1951A (Convention relating to the Status of Refugees, 1951)
#   and IP04MF_1990A (International Convention on the Protection of the Rights of All
#   Migrant Workers and Members of Their Families, 1990); columns copied as stored (dates ISO).
# Extracted 2026-12-07 by tools/build_observed_treaties.py --extract (rdata 1.1.0).
"""
SOURCE_COLUMNS = ["manyID", "stateID", "StateName", "StateSignature", "StateRatification"]


class SourceError(RuntimeError):
    """The source is missing or does not pass the checks."""


def _world_names() -> dict[str, str]:
    """Lower-cased UN M49 name -> ISO3 of the 193 member states."""
    with open(WORLD, encoding="utf-8", newline="") as fh:
        return {r["name"].casefold(): r["iso3"] for r in csv.DictReader(fh)}


def _iso3(name: str, names: dict[str, str]) -> str | None:
    """ISO3 of a source name; None for a listed non-member; SourceError if unknown."""
    if name in NON_MEMBERS:
        return None
    code = ALIASES.get(name) or names.get(name.casefold())
    if code is None:
        raise SourceError(f"no UN member state or listed non-member is named {name!r}: "
                          "add it to ALIASES or NON_MEMBERS after checking the source")
    return code


def read_source(path: Path = SOURCE) -> list[dict[str, str]]:
    """The rows of the source extraction (comment lines skipped)."""
    if not path.is_file():
        raise SourceError(f"{path} is missing")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    if not rows or list(rows[0]) != SOURCE_COLUMNS:
        raise SourceError(f"{path}: expected the columns {SOURCE_COLUMNS}")
    return rows


def build() -> tuple[str, str]:
    """The text of treaties.csv and instruments.csv (deterministic)."""
    names = _world_names()
    parties: dict[str, list[list]] = {k: [] for k in META}
    outsiders: dict[str, list[str]] = {k: [] for k in META}
    latest: dict[str, str] = {k: "" for k in META}
    for r in read_source():
        inst = INSTRUMENT_OF.get(r["manyID"])
        if inst is None:
            raise SourceError(f"unexpected manyID {r['manyID']!r} in the source")
        if not r["StateRatification"]:
            continue                                  # signature only: not a party
        code = _iso3(r["StateName"], names)
        if code is None:
            outsiders[inst].append(r["StateName"])
            continue
        if SOURCE_CODES.get(r["stateID"], r["stateID"]) != code:
            raise SourceError(f"{r['StateName']!r}: source code {r['stateID']} but name maps to {code}")
        date = r["StateRatification"]
        latest[inst] = max(latest[inst], date)
        year, note = int(date[:4]), ""
        if (inst, code) in CORRECTIONS:
            year, note = CORRECTIONS[(inst, code)]
        # UNTC: a deposit after signature is a ratification; a deposit without
        # signature is an accession (a) or succession (d), which the source does not tell apart
        action = "ratification" if r["StateSignature"] else "accession_or_succession"
        parties[inst].append([inst, code, year, action, note])
    for inst, (_, _, listed, _) in META.items():
        codes = [p[1] for p in parties[inst]]
        if len(set(codes)) != len(codes):
            raise SourceError(f"{inst}: a state is listed twice")
        found = len(codes) + len(outsiders[inst])
        if found != listed:
            raise SourceError(f"{inst}: {found} parties in the source, the status page states {listed}")
    missing = set(CORRECTIONS) - {(p[0], p[1]) for rows in parties.values() for p in rows}
    if missing:
        raise SourceError(f"corrections for rows not in the source: {sorted(missing)}")

    t = io.StringIO()
    w = csv.writer(t, lineterminator="\n")
    w.writerow(TREATY_COLUMNS)
    w.writerows(sorted(p for rows in parties.values() for p in rows))
    i = io.StringIO()
    w = csv.writer(i, lineterminator="\n")
    w.writerow(INSTRUMENT_COLUMNS)
    for inst in sorted(META):
        title, reference, listed, count_ref = META[inst]
        w.writerow([inst, title, PACKAGE + " (CC BY 4.0)", reference, latest[inst], listed,
                    "; ".join(sorted(outsiders[inst])), count_ref])
    return t.getvalue(), i.getvalue()


def extract(rda: Path) -> str:
    """The source extraction, rebuilt from manyhealth's ``data/memberships.rda``."""
    import rdata   # only this optional step needs it

    cube = rdata.conversion.convert(rdata.parser.parse_file(rda))["memberships"]["HUGGO_MEM"]

    def text(v) -> str:
        s = "" if v is None else str(v)
        return "" if s in ("<NA>", "nan", "None", "NA") else s

    rows = sorted([text(r[c]) for c in SOURCE_COLUMNS] for _, r in cube.iterrows()
                  if text(r["manyID"]) in INSTRUMENT_OF)
    buf = io.StringIO()
    buf.write(SOURCE_HEADER)
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(SOURCE_COLUMNS)
    w.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 if a shipped CSV differs")
    group.add_argument("--extract", type=Path, metavar="RDA",
                       help="rewrite the source extraction from manyhealth's memberships.rda")
    args = parser.parse_args(argv)
    try:
        if args.extract:
            SOURCE.write_text(extract(args.extract), encoding="utf-8")
            print(f"wrote {SOURCE}", file=sys.stderr)
            return 0
        treaties, instruments = build()
    except SourceError as exc:
        print(f"build_observed_treaties: {exc}", file=sys.stderr)
        return 2
    pairs = [(OUT_TREATIES, treaties), (OUT_INSTRUMENTS, instruments)]
    if args.check:
        stale = [str(p) for p, text in pairs
                 if not p.exists() or p.read_bytes() != text.encode("utf-8")]
        print("up to date" if not stale else "differs from the rebuild: " + ", ".join(stale),
              file=sys.stderr)
        return 1 if stale else 0
    for path, text in pairs:
        path.write_bytes(text.encode("utf-8"))
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
