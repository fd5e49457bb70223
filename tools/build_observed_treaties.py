"""Rebuild ``goodsgov/data/observed/treaties.csv`` and ``instruments.csv``.

Two kinds of source, both under ``tools/sources/``:

* ``treaties_globalgov_huggo_mem.csv``: the hand-coded treaty memberships
  ``HUGGO_MEM`` of the globalgov ``manyhealth`` R package (version 0.3.1,
  commit 919c3e6, CC BY 4.0), rows of two instruments kept as stored:
  ``refugee_convention_1951`` (manyID ``RLTNSR_1951A``, UNTC chapter V.2) and
  ``icrmw_1990`` (manyID ``IP04MF_1990A``, UNTC chapter IV.13);
* ``treaties_untc_v5_protocol_1967.csv``: ``refugee_protocol_1967`` (UNTC
  chapter V.5) as read from stored copies of the UN depositary's status list
  (its header says which readings). The whole table comes from one scrape of
  the status page (2015); the build checks it row by row against every
  later reading (the status page as at 2024-03-19, from Afghanistan to
  Chile, and the 147-party status PDF, from Chad to Djibouti), adds the
  parties that joined since (each from a named reading, year >= 2015), and
  stops unless the total equals the status page's "Parties: 147".

Cross-checks (the build stops if one fails):
``treaties_untc_v2_convention_1951_scrape.csv`` (the UNTC V.2 table as scraped
in 2015) must agree with every shipped Convention row it holds (year, and
signature before deposit or not), the others having joined after 2015;
``treaties_unhcr_ga2021_annex.csv`` (UNHCR's table of parties, end of 2020,
rows as read) must begin each row with the shipped Convention and Protocol
years.

Names are mapped to ISO3 with the names of ``goodsgov/data/countries.csv``
(plus the aliases below); a name that matches neither a UN member state nor
a listed non-member party stops the build. Each instrument's party count
(UN members + non-members) must equal the count its status page states
(``META``), else the build stops. Signatures without a deposit are not
participation and are dropped.

Usage::

    python tools/build_observed_treaties.py            # rewrite both CSVs
    python tools/build_observed_treaties.py --check    # exit 1 if a shipped file differs
    python tools/build_observed_treaties.py --extract PATH/TO/memberships.rda
        # rewrite tools/sources/treaties_globalgov_huggo_mem.csv from the package's
        # data file (needs the ``rdata`` package; nothing is downloaded)

``goodsgov/data/observed/SOURCES.md`` (section ``treaties``) documents the
sources, the cross-checks and the gaps.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tools" / "sources"
SOURCE = SOURCES / "treaties_globalgov_huggo_mem.csv"
PROTOCOL_SOURCE = SOURCES / "treaties_untc_v5_protocol_1967.csv"
CONVENTION_SCRAPE = SOURCES / "treaties_untc_v2_convention_1951_scrape.csv"
UNHCR_ANNEX = SOURCES / "treaties_unhcr_ga2021_annex.csv"
WORLD = ROOT / "goodsgov" / "data" / "countries.csv"
OUT_DIR = ROOT / "goodsgov" / "data" / "observed"
OUT_TREATIES = OUT_DIR / "treaties.csv"
OUT_INSTRUMENTS = OUT_DIR / "instruments.csv"

PACKAGE = "globalgov/manyhealth 0.3.1 (commit 919c3e63d379c9cd52f45392a59ac1cfc2f808ae), HUGGO_MEM"
PACKAGE_LICENCE = "CC BY 4.0 (globalgov manyhealth; attribution: Hollway 2022, Global Governance Observatory)"
FACTS_LICENCE = "facts transcribed from the depositary's public status list (treaty status is a public fact)"

#: manyID in the source -> instrument name shipped
INSTRUMENT_OF = {"RLTNSR_1951A": "refugee_convention_1951", "IP04MF_1990A": "icrmw_1990"}

V5_PAGE = ("https://treaties.un.org/pages/ShowMTDSGDetails.aspx?src=UNTSONLINE&tabid=2"
           "&mtdsg_no=V-5&chapter=5&lang=en")

#: instrument -> (title, source, licence, official status page, count of parties it states,
#: where that count is read); the order is that of instruments.csv
META: dict[str, tuple[str, str, str, str, int, str]] = {
    "icrmw_1990": (
        "International Convention on the Protection of the Rights of All Migrant Workers and "
        "Members of Their Families (New York, 18 December 1990)",
        PACKAGE + " (CC BY 4.0)", PACKAGE_LICENCE,
        "UN Treaty Collection, MTDSG chapter IV.13: https://treaties.un.org/pages/ViewDetails.aspx"
        "?src=TREATY&mtdsg_no=IV-13&chapter=4",
        58, "58 parties as of October 2022, the UNTC count quoted by "
            "https://en.m.wikipedia.org/wiki/International_Convention_on_the_Protection_of_the_Rights"
            "_of_All_Migrant_Workers_and_Members_of_Their_Families (stored copy); "
            "the UNTC page itself was not available in a stored copy"),
    "refugee_convention_1951": (
        "Convention relating to the Status of Refugees (Geneva, 28 July 1951)",
        PACKAGE + " (CC BY 4.0)", PACKAGE_LICENCE,
        "UN Treaty Collection, MTDSG chapter V.2: https://treaties.un.org/pages/ViewDetailsII.aspx"
        "?src=TREATY&mtdsg_no=V-2&chapter=5 (stored copy of its status PDF: "
        "https://docslib.org/doc/5005851/geneva-28-july-1951-entry-into-force-22-april-1954-in)",
        146, "'Status: Signatories: 19. Parties: 146.' on the stored UNTC status copy"),
    "refugee_protocol_1967": (
        "Protocol relating to the Status of Refugees (New York, 31 January 1967)",
        "UN Treaty Collection status list of MTDSG V.5, transcribed from stored copies: the whole "
        "table as scraped in github.com/zmjones/untreaties (treaties/5-5.csv, 2015-03-14), checked "
        "row by row against the status page as at 19-03-2024 (Afghanistan to Chile) and the "
        "147-party status PDF (Chad to Djibouti); the one party since the scrape, South Sudan, "
        "from UNHCR's Global Appeal 2021 Update annex (year only)",
        FACTS_LICENCE,
        "UN Treaty Collection, MTDSG chapter V.5: " + V5_PAGE,
        147, "'Status : Parties : 147' on the UNTC status page as at 19-03-2024 (stored copy); "
             "'STATUS: Parties: 147.' on the stored UNTC status PDF "
             "(https://docslib.org/doc/8866853)"),
}

#: instrument -> the date its shipped list is known up to (None: the latest action in the source)
STATUS_DATE = {"refugee_protocol_1967": "2024-03-19"}

#: source names that differ from the UN M49 names of countries.csv (compared case-insensitively)
ALIASES = {
    # globalgov HUGGO_MEM
    "Plurinational State Of Bolivia": "BOL", "Bolivarian Republic Of Venezuela": "VEN",
    "Cape Verde": "CPV", "Cote DIvoire": "CIV", "Czech Republic": "CZE",
    "Islamic Republic Of Iran": "IRN", "Netherlands": "NLD", "St Kitts And Nevis": "KNA",
    "St Vincent And The Grenadines": "VCT", "Turkiye": "TUR", "United Kingdom": "GBR",
    # UN Treaty Collection (the scrapes, the status page and PDF)
    "Côte d'Ivoire": "CIV", "St. Kitts and Nevis": "KNA", "St. Vincent and the Grenadines": "VCT",
    "Swaziland": "SWZ", "The former Yugoslav Republic of Macedonia": "MKD", "Turkey": "TUR",
    # UNHCR Global Appeal annex
    "Central African Republic (the)": "CAF", "Dem. Rep. of the Congo": "COD",
}

#: parties in the sources that are not UN member states (counted in the check, not shipped)
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

#: the Protocol's readings: the whole table; the readings of the 147-party status it is checked
#: against; the readings that may add a party who joined after the table was scraped
PROTOCOL_BASE = "untc_2015"
PROTOCOL_CHECKS = ("untc_2024", "untc_pdf147")
PROTOCOL_ADDITIONS = {"unhcr_2020": "the UNHCR Global Appeal 2021 Update annex"}
SCRAPE_YEAR = 2015           # the untreaties scrape (2015-03-14): a party added since joined later

TREATY_COLUMNS = ["instrument", "iso3", "year", "action", "note"]
INSTRUMENT_COLUMNS = ["instrument", "title", "source", "licence", "version", "reference",
                      "status_date", "parties_listed", "non_member_parties", "count_reference"]
MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                      "Sep", "Oct", "Nov", "Dec"), start=1)}

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
    """Lower-cased UN M49 name (and alias) -> ISO3 of the 193 member states."""
    with open(WORLD, encoding="utf-8", newline="") as fh:
        names = {r["name"].casefold(): r["iso3"] for r in csv.DictReader(fh)}
    names.update({k.casefold(): v for k, v in ALIASES.items()})
    return names


def _iso3(name: str, names: dict[str, str]) -> str | None:
    """ISO3 of a source name; None for a listed non-member; SourceError if unknown."""
    if name in NON_MEMBERS:
        return None
    code = names.get(name.casefold())
    if code is None:
        raise SourceError(f"no UN member state or listed non-member is named {name!r}: "
                          "add it to ALIASES or NON_MEMBERS after checking the source")
    return code


def _rows(path: Path, columns: list[str]) -> list[dict[str, str]]:
    """The rows of a source file (comment lines skipped), its header checked."""
    if not path.is_file():
        raise SourceError(f"{path} is missing")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    if not rows or list(rows[0]) != columns:
        raise SourceError(f"{path}: expected the columns {columns}")
    return rows


def read_source(path: Path = SOURCE) -> list[dict[str, str]]:
    """The rows of the globalgov extraction (comment lines skipped)."""
    return _rows(path, SOURCE_COLUMNS)


def _date(text: str) -> tuple[int | None, int | None, int | None]:
    """(day, month, year) of a date as read: "D Mon YYYY", "D Mon" (year cut off) or "YYYY"."""
    parts = text.split()
    try:
        if len(parts) == 1:
            return None, None, int(parts[0])
        if len(parts) in (2, 3):
            day, month = int(parts[0]), MONTHS[parts[1]]
            return day, month, (int(parts[2]) if len(parts) == 3 else None)
    except (KeyError, ValueError):
        pass
    raise SourceError(f"unreadable date {text!r}")


def _agree(a: tuple, b: tuple) -> bool:
    """Two dates as read agree on every part both give."""
    return all(x == y for x, y in zip(a, b) if x is not None and y is not None)


def _huggo(names: dict[str, str]) -> tuple[dict, dict, dict]:
    """Convention and ICRMW from the globalgov extraction: rows, non-members, latest date."""
    parties: dict[str, list[list]] = {k: [] for k in INSTRUMENT_OF.values()}
    outsiders: dict[str, list[str]] = {k: [] for k in INSTRUMENT_OF.values()}
    latest: dict[str, str] = {k: "" for k in INSTRUMENT_OF.values()}
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
    return parties, outsiders, latest


def _protocol(names: dict[str, str]) -> tuple[list[list], list[str]]:
    """The 1967 Protocol: the scraped table, checked against the later readings, plus additions."""
    inst = "refugee_protocol_1967"
    by_source: dict[str, list[tuple[str | None, str, tuple, str]]] = {}
    for r in _rows(PROTOCOL_SOURCE, ["source", "participant", "date", "action"]):
        if r["action"] not in ("a", "d", ""):
            raise SourceError(f"{r['participant']!r}: unknown action {r['action']!r}")
        by_source.setdefault(r["source"], []).append(
            (_iso3(r["participant"], names), r["participant"], _date(r["date"]), r["action"]))
    unknown = set(by_source) - {PROTOCOL_BASE, *PROTOCOL_CHECKS, *PROTOCOL_ADDITIONS}
    if unknown or PROTOCOL_BASE not in by_source:
        raise SourceError(f"{PROTOCOL_SOURCE.name}: readings {sorted(by_source)}, expected "
                          f"{PROTOCOL_BASE} and some of {[*PROTOCOL_CHECKS, *PROTOCOL_ADDITIONS]}")
    base = by_source[PROTOCOL_BASE]
    key = [c if c is not None else p for c, p, _, _ in base]      # a non-member keyed by its name
    if len(set(key)) != len(key) or any(d[2] is None or not a for _, _, d, a in base):
        raise SourceError(f"{PROTOCOL_BASE}: a participant twice, or a row without year or a/d")
    # every later reading of the 147-party list agrees with the table, and together they cover
    # one unbroken stretch of it from its first row: no party missing or added in that stretch
    position = {k: i for i, k in enumerate(key)}
    seen: set[int] = set()
    for src in PROTOCOL_CHECKS:
        for code, name, date, action in by_source.get(src, []):
            k = code if code is not None else name
            if k not in position:
                raise SourceError(f"{src}: {name!r} is not in the {PROTOCOL_BASE} table")
            _, _, d0, a0 = base[position[k]]
            if not _agree(date, d0) or (action and action != a0):
                raise SourceError(f"{src}: {name!r} {date} {action!r} but {PROTOCOL_BASE} has "
                                  f"{d0} {a0!r}")
            seen.add(position[k])
    if seen != set(range(len(seen))):
        raise SourceError(f"the readings of the 147-party list skip rows of {PROTOCOL_BASE}: "
                          f"{sorted(set(range(max(seen) + 1)) - seen)}")
    last_checked = base[max(seen)][1].casefold() if seen else ""
    rows, outsiders = [], []
    for code, name, (_, _, year), action in base:
        if code is None:
            outsiders.append(name)
            continue
        rows.append([inst, code, year, {"a": "accession", "d": "succession"}[action], ""])
    for src in PROTOCOL_ADDITIONS:
        for code, name, (_, _, year), action in by_source.get(src, []):
            if code is None or code in position:
                raise SourceError(f"{src}: {name!r} is already in {PROTOCOL_BASE} or not a member")
            if year < SCRAPE_YEAR or name.casefold() <= last_checked:
                raise SourceError(f"{src}: {name!r} ({year}) should be in {PROTOCOL_BASE} or in "
                                  "the readings of the 147-party list")
            kind = {"a": "accession", "d": "succession"}.get(action, "accession_or_succession")
            note = (f"not in the {SCRAPE_YEAR} scrape (joined later); year from "
                    f"{PROTOCOL_ADDITIONS[src]} (reading {src} of tools/sources/{PROTOCOL_SOURCE.name})")
            rows.append([inst, code, year, kind, note])
    return rows, outsiders


def _cross_check(parties: dict[str, list[list]], names: dict[str, str]) -> None:
    """The shipped Convention against the 2015 UNTC scrape; both refugee instruments against UNHCR."""
    conv = {p[1]: p for p in parties["refugee_convention_1951"]}
    prot = {p[1]: p for p in parties["refugee_protocol_1967"]}
    scraped = set()
    for r in _rows(CONVENTION_SCRAPE, ["participant", "signature", "deposit"]):
        code = _iso3(r["participant"], names)
        if code is None:
            continue
        scraped.add(code)
        year = _date(r["deposit"].removesuffix(" a").removesuffix(" d"))[2]
        action = "ratification" if r["signature"] else "accession_or_succession"
        if code not in conv or conv[code][2] != year or conv[code][3] != action:
            raise SourceError(f"{CONVENTION_SCRAPE.name}: {r['participant']} {r['deposit']} "
                              f"(signed: {bool(r['signature'])}) but shipped {conv.get(code)}")
    later = [c for c in set(conv) - scraped if conv[c][2] < SCRAPE_YEAR]
    if later:
        raise SourceError(f"Convention parties before {SCRAPE_YEAR} missing from the scrape: {later}")
    for r in _rows(UNHCR_ANNEX, ["participant", "years"]):
        code = _iso3(r["participant"], names)
        years = [int(y) for y in r["years"].split()]
        expected = [d[code][2] for d in (conv, prot) if code in d]
        if years[:len(expected)] != expected:
            raise SourceError(f"{UNHCR_ANNEX.name}: {r['participant']} {years}, but the shipped "
                              f"Convention/Protocol years are {expected}")


def build() -> tuple[str, str]:
    """The text of treaties.csv and instruments.csv (deterministic)."""
    names = _world_names()
    parties, outsiders, latest = _huggo(names)
    parties["refugee_protocol_1967"], outsiders["refugee_protocol_1967"] = _protocol(names)
    for inst, meta in META.items():
        codes = [p[1] for p in parties[inst]]
        if len(set(codes)) != len(codes):
            raise SourceError(f"{inst}: a state is listed twice")
        found, listed = len(codes) + len(outsiders[inst]), meta[4]
        if found != listed:
            raise SourceError(f"{inst}: {found} parties in the source, the status page states {listed}")
    missing = set(CORRECTIONS) - {(p[0], p[1]) for rows in parties.values() for p in rows}
    if missing:
        raise SourceError(f"corrections for rows not in the source: {sorted(missing)}")
    _cross_check(parties, names)

    t = io.StringIO()
    w = csv.writer(t, lineterminator="\n")
    w.writerow(TREATY_COLUMNS)
    w.writerows(sorted(p for rows in parties.values() for p in rows))
    i = io.StringIO()
    w = csv.writer(i, lineterminator="\n")
    w.writerow(INSTRUMENT_COLUMNS)
    for inst in sorted(META):
        title, source, licence, reference, listed, count_ref = META[inst]
        if inst in STATUS_DATE:
            status = STATUS_DATE[inst]
            version = f"UNTC status as at {status} ({listed} parties)"
        else:
            status = latest[inst]
            version = f"latest action in the source {status}"
        w.writerow([inst, title, source, licence, version, reference, status, listed,
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
