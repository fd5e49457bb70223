"""Rebuild ``goodsgov/data/observed/memberships.csv`` and ``bodies.csv`` from transcriptions.

The memberships of regional bodies (regional consultative processes on
migration, kind ``rcp``; regional economic communities and other bodies with
free movement or border cooperation, kind ``rec``) are transcribed by hand
from each body's official member list (or IOM's page on the process) into two
plain files under ``tools/sources/``:

    bodies_sources.csv       one row per body: kind, body, name, source,
                             reference (address), as_of (the date the page
                             states, '' if none), accessed (when the stored copy
                             was read), stated_total (the number of members the
                             page states, '' if none), note
    bodies_members.csv       one row per member as the source writes it: kind,
                             body, member (the name on the page), since (year of
                             accession where the page states it, else ''),
                             status: 'member'; 'not_un' (a member that is not a
                             UN member state); 'suspended' (a member the source
                             marks as suspended); 'former' (listed by the source
                             but no longer a member according to the later act
                             named in the body's note). Only 'member' rows are
                             shipped; the others are documented in SOURCES.md

Names are mapped to ISO 3166-1 alpha-3 codes with goodsgov's own table of the
193 UN member states (``goodsgov/data/countries.csv``) plus the short list of
spellings in :data:`ALIASES`; a name that matches nothing stops the build.
A row marked ``not_un`` that does match a UN member state stops it too, and so
does a body whose transcribed list is not as long as the total its page
states. Nothing is downloaded.

Usage::

    python tools/build_observed_bodies.py            # rewrite the two CSV files
    python tools/build_observed_bodies.py --check    # exit 1 if a shipped file differs
    python tools/build_observed_bodies.py --stdout   # print both tables
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tools" / "sources"
SRC_BODIES = SOURCES / "bodies_sources.csv"
SRC_MEMBERS = SOURCES / "bodies_members.csv"
WORLD = ROOT / "goodsgov" / "data" / "countries.csv"
OUT_DIR = ROOT / "goodsgov" / "data" / "observed"
OUT_MEMBERS = OUT_DIR / "memberships.csv"
OUT_BODIES = OUT_DIR / "bodies.csv"

KINDS = ("rcp", "rec")
BODY_COLUMNS = ["kind", "body", "name", "source", "reference", "as_of", "accessed",
                "stated_total", "note"]
MEMBER_COLUMNS = ["kind", "body", "member", "since", "status"]
STATUSES = ("member", "not_un", "suspended", "former")

#: spellings used by the sources that differ from the UN M49 names (normalised keys)
ALIASES: dict[str, str] = {
    "bolivia": "BOL",
    "brunei": "BRN",
    "cape verde": "CPV",
    "czech republic": "CZE",
    "cote d'ivoire": "CIV",
    "ivory coast": "CIV",
    "dr congo": "COD",
    "drc": "COD",
    "democratic republic of congo": "COD",
    "republic of the congo": "COG",
    "iran": "IRN",
    "korea": "KOR",
    "south korea": "KOR",
    "north korea": "PRK",
    "lao pdr": "LAO",
    "laos": "LAO",
    "micronesia": "FSM",
    "moldova": "MDA",
    "netherlands": "NLD",
    "russia": "RUS",
    "swaziland": "SWZ",
    "syria": "SYR",
    "tanzania": "TZA",
    "turkey": "TUR",
    "united kingdom": "GBR",
    "united states": "USA",
    "usa": "USA",
    "venezuela": "VEN",
    "vietnam": "VNM",
    "macedonia": "MKD",
    "kyrgyz republic": "KGZ",
    "st. kitts and nevis": "KNA",
    "st kitts and nevis": "KNA",
    "saint kitts & nevis": "KNA",
    "st. lucia": "LCA",
    "st lucia": "LCA",
    "st. vincent and the grenadines": "VCT",
    "st vincent and the grenadines": "VCT",
    "gambia, the": "GMB",
    "sao tome & principe": "STP",
    "trinidad & tobago": "TTO",
    "antigua & barbuda": "ATG",
    "bosnia & herzegovina": "BIH",
    "uae": "ARE",
    "kingdom of bahrain": "BHR",
    "kingdom of saudi arabia": "SAU",
    "state of kuwait": "KWT",
    "sultanate of oman": "OMN",
    "guinea bissau": "GNB",
    "sierra-leone": "SLE",
    "republic of cyprus": "CYP",
    # Spanish / Portuguese (MERCOSUR sources)
    "brasil": "BRA",
    # German (the COMESA source, bmz.de)
    "ägypten": "EGY",
    "äthiopien": "ETH",
    "demokratische republik kongo": "COD",
    "dschibuti": "DJI",
    "kenia": "KEN",
    "komoren": "COM",
    "libyen": "LBY",
    "madagaskar": "MDG",
    "ruanda": "RWA",
    "sambia": "ZMB",
    "seychellen": "SYC",
    "simbabwe": "ZWE",
    "tunesien": "TUN",
}


class SourceError(RuntimeError):
    """A transcription is malformed, or a name cannot be mapped to a UN member state."""


def normalise(name: str) -> str:
    """A name folded for matching: plain apostrophes, no accents, lower case, no leading 'the'."""
    text = re.sub("[\u2018\u2019`]", "'", name)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"\s+", " ", text.lower().strip())
    return re.sub(r"^the ", "", text)


def _read(path: Path, columns: list[str]) -> list[dict[str, str]]:
    """Rows of a transcription (lines starting with '#' are comments)."""
    if not path.is_file():
        raise SourceError(f"missing transcription {path}")
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    if reader.fieldnames != columns:
        raise SourceError(f"{path.name}: columns {reader.fieldnames}, expected {columns}")
    rows = []
    for i, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise SourceError(f"{path.name}: row {i} has the wrong number of fields: {row}")
        rows.append({k: v.strip() for k, v in row.items()})
    return rows


def world_names() -> dict[str, str]:
    """Normalised name (M49 English name, ISO3 code, and ALIASES) -> ISO3 of a UN member state."""
    with open(WORLD, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    codes = {r["iso3"] for r in rows}
    table = {normalise(r["name"]): r["iso3"] for r in rows}
    table.update({r["iso3"].lower(): r["iso3"] for r in rows})
    for alias, code in ALIASES.items():
        if code not in codes:
            raise SourceError(f"alias {alias!r} points at {code}, not a UN member state")
        table.setdefault(normalise(alias), code)
    return table


def to_iso3(name: str, table: dict[str, str]) -> str | None:
    """ISO3 of the UN member state a source calls ``name`` (None if none)."""
    key = normalise(name)
    if key in table:
        return table[key]
    # 'Netherlands (Kingdom of the)', 'Bolivia (Plurinational State of)': the part before '('
    bare = {k.split(" (")[0]: v for k, v in table.items() if " (" in k}
    return bare.get(key)


def build() -> tuple[str, str]:
    """The CSV texts of memberships.csv and bodies.csv (deterministic)."""
    table = world_names()
    bodies = _read(SRC_BODIES, BODY_COLUMNS)
    members = _read(SRC_MEMBERS, MEMBER_COLUMNS)
    keys = [(b["kind"], b["body"]) for b in bodies]
    if len(set(keys)) != len(keys):
        raise SourceError("a body is described twice in bodies_sources.csv")
    for b in bodies:
        if b["kind"] not in KINDS:
            raise SourceError(f"{b['body']}: kind {b['kind']!r} is not one of {KINDS}")
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", b["body"]):
            raise SourceError(f"body id {b['body']!r} must be a short identifier")
        for field in ("name", "source", "reference", "accessed"):
            if not b[field]:
                raise SourceError(f"{b['body']}: empty {field}")
    listed: dict[tuple[str, str], int] = {k: 0 for k in keys}
    out_rows: set[tuple[str, str, str, str]] = set()
    seen: set[tuple[str, str, str]] = set()
    for m in members:
        key = (m["kind"], m["body"])
        if key not in listed:
            raise SourceError(f"member {m['member']!r} of {key}: body not in bodies_sources.csv")
        if m["status"] not in STATUSES:
            raise SourceError(f"{m['member']!r} ({m['body']}): status {m['status']!r} "
                              f"not in {STATUSES}")
        if m["since"] and not re.fullmatch(r"(19|20)\d\d", m["since"]):
            raise SourceError(f"{m['member']!r} ({m['body']}): since {m['since']!r} is not a year")
        code = to_iso3(m["member"], table)
        if m["status"] == "not_un":
            if code is not None:
                raise SourceError(f"{m['member']!r} ({m['body']}) is marked not_un but is {code}")
            listed[key] += 1
            continue
        if code is None:
            raise SourceError(f"{m['member']!r} ({m['body']}): no UN member state of that name; "
                              "add the spelling to ALIASES or mark the row not_un")
        if (key + (code,)) in seen:
            raise SourceError(f"{code} is listed twice for {m['body']}")
        seen.add(key + (code,))
        if m["status"] == "member":
            listed[key] += 1
            out_rows.add((m["kind"], m["body"], code, m["since"]))
    for b in bodies:
        key = (b["kind"], b["body"])
        if listed[key] == 0:
            raise SourceError(f"{b['body']}: no members transcribed")
        if b["stated_total"] and int(b["stated_total"]) != listed[key]:
            raise SourceError(f"{b['body']}: {listed[key]} members transcribed, the source "
                              f"states {b['stated_total']}")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["kind", "body", "iso3", "since"])
    w.writerows(sorted(out_rows))
    mem_text = buf.getvalue()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["kind", "body", "name", "source", "reference", "as_of", "members_listed"])
    for b in sorted(bodies, key=lambda b: (b["kind"], b["body"])):
        w.writerow([b["kind"], b["body"], b["name"], b["source"], b["reference"], b["as_of"],
                    listed[(b["kind"], b["body"])]])
    return mem_text, buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 if a shipped CSV differs")
    group.add_argument("--stdout", action="store_true", help="print the CSVs instead of writing")
    args = parser.parse_args(argv)
    try:
        texts = dict(zip((OUT_MEMBERS, OUT_BODIES), build()))
    except SourceError as exc:
        print(f"build_observed_bodies: {exc}", file=sys.stderr)
        return 2
    if args.stdout:
        for text in texts.values():
            sys.stdout.write(text)
        return 0
    if args.check:
        stale = [p for p, t in texts.items()
                 if not p.exists() or p.read_bytes() != t.encode("utf-8")]
        for p in stale:
            print(f"{p} differs from the rebuild", file=sys.stderr)
        if not stale:
            print("up to date", file=sys.stderr)
        return 1 if stale else 0
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for path, text in texts.items():
        path.write_bytes(text.encode("utf-8"))
        print(f"wrote {path} ({len(text.encode('utf-8'))} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
