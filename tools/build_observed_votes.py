"""Rebuild ``goodsgov/data/observed/votes.csv`` from Erik Voeten's UN General Assembly votes.

Source: Erik Voeten, "Data and Analyses of Voting in the UN General Assembly"
(Harvard Dataverse, hdl:1902.1/12379; the data files are dedicated to the public
domain, CC0), as packaged by David Robinson in the R package ``unvotes``
(github.com/dgrtwo/unvotes, package code MIT). The shipped file is built from
the R data files of that repository at exactly this commit::

    dgrtwo/unvotes  7eb7034314ff79c49c9e0785fcd9d216fa04cf14  (2021-03-08,
                    "Reran data-raw script to update the data files";
                    Voeten's file UNVotes2021.RData, downloaded 2021-02-21)
    data/un_votes.rda       git blob 10eaa7bbd26fcc95e52b37c1486eac17eb707860
    data/un_roll_calls.rda  git blob e2333b97696fe2f45538e2aba0688b3af6e1cf18

read with the Python package ``rdata`` 1.1.0 (``pip install rdata==1.1.0``).

Usage::

    python tools/build_observed_votes.py [SOURCE]            # rewrite the CSV
    python tools/build_observed_votes.py [SOURCE] --check    # exit 1 if it differs
    python tools/build_observed_votes.py [SOURCE] --stdout   # print it

``SOURCE`` is either a git directory holding that commit (a bare clone or the
snapshot the project's ``fetch`` tool makes; default
``/work/.mirror/dgrtwo+unvotes/repo``) or a checkout of the repository (its
``data/*.rda`` files are then used if their git blob hashes are the pinned
ones). Nothing is downloaded.

``unvotes`` keeps only the votes cast (yes / abstain / no): a member state of
``goodsgov/data/countries.csv`` with no row for the roll call was absent (or
present and not voting) and is written ``absent``. Every code in the roll call
must be a member's ISO 3166-1 alpha-2 code (``unvotes`` writes Serbia, Correlates
of War state 345, as "Yugoslavia", ``YU``, in every year: read as SRB for votes
after 2006-06-28), every resolution must have
exactly one roll call on its date, or the build stops.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from pinned_source import PinnedSource, SourceError, arguments, blob_hash  # noqa: F401 (tools/ is the script's path)
from shipped_file import deliver

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "goodsgov" / "data" / "observed" / "votes.csv"
COUNTRIES = ROOT / "goodsgov" / "data" / "countries.csv"
DEFAULT_SOURCE = Path("/work/.mirror/dgrtwo+unvotes/repo")

REPOSITORY = "dgrtwo/unvotes"
COMMIT = "7eb7034314ff79c49c9e0785fcd9d216fa04cf14"
#: path in the repository -> git blob hash at COMMIT
BLOBS = {"data/un_votes.rda": "10eaa7bbd26fcc95e52b37c1486eac17eb707860",
         "data/un_roll_calls.rda": "e2333b97696fe2f45538e2aba0688b3af6e1cf18"}
SOURCE = PinnedSource(REPOSITORY, COMMIT, BLOBS)

#: name -> (``unres`` code in Voeten's data, date of the recorded vote)
RESOLUTIONS: dict[str, tuple[str, str]] = {
    "gcm_2018": ("R/73/195", "2018-12-19"),   # A/RES/73/195, Global Compact for Migration
    "gcr_2018": ("R/73/151", "2018-12-17"),   # A/RES/73/151, UNHCR (Global Compact on Refugees)
}
VOTES = ("yes", "no", "abstain", "absent")
HEADER = ["resolution", "iso3", "vote"]

#: ``unvotes`` names Correlates of War code 345 "Yugoslavia" (ISO2 "YU") in every year; for votes
#: after Montenegro's admission to the UN (2006-06-28) it is read as Serbia.
SUCCESSOR = {"YU": ("SRB", "2006-06-28")}


def members() -> dict[str, str]:
    """ISO2 -> ISO3 of the 193 UN member states of goodsgov/data/countries.csv."""
    with COUNTRIES.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))   # csv keeps Namibia's ISO2 "NA" as text
    table = {row["iso2"]: row["iso3"] for row in rows}
    if len(rows) != 193 or len(table) != 193:
        raise SourceError(f"{COUNTRIES} does not list 193 members with distinct ISO2 codes")
    return table


def days(iso_date: str) -> int:
    """Days since 1970-01-01 (how R stores a Date)."""
    import datetime
    return (datetime.date.fromisoformat(iso_date) - datetime.date(1970, 1, 1)).days


def build(source: Path) -> tuple[str, dict[str, dict[str, int]]]:
    """The CSV text and, per resolution, the count of each vote."""
    votes = SOURCE.read_rda(SOURCE.read(source, "data/un_votes.rda"), "un_votes")
    calls = SOURCE.read_rda(SOURCE.read(source, "data/un_roll_calls.rda"), "un_roll_calls")
    iso3_of = members()
    rows: list[tuple[str, str, str]] = []
    totals: dict[str, dict[str, int]] = {}
    for name, (unres, date) in sorted(RESOLUTIONS.items()):
        call = calls[(calls["unres"] == unres).fillna(False).astype(bool)]
        if len(call) != 1:
            raise SourceError(f"{unres}: {len(call)} roll calls in the data, expected 1")
        if int(call["date"].iloc[0]) != days(date):
            raise SourceError(f"{unres}: roll call dated day {call['date'].iloc[0]}, not {date}")
        rcid = int(call["rcid"].iloc[0])
        cast = votes[votes["rcid"] == rcid]
        by_iso3: dict[str, str] = {}
        for code, vote in zip(cast["country_code"], cast["vote"].astype(str)):
            if code in SUCCESSOR and days(date) > days(SUCCESSOR[code][1]):
                code = next(k for k, v in iso3_of.items() if v == SUCCESSOR[code][0])
            if code not in iso3_of:
                raise SourceError(f"{unres}: code {code!r} is not a UN member state's ISO2")
            if vote not in VOTES or iso3_of[code] in by_iso3:
                raise SourceError(f"{unres}: unexpected or repeated vote {code} {vote!r}")
            by_iso3[iso3_of[code]] = vote
        result = {iso3: by_iso3.get(iso3, "absent") for iso3 in sorted(iso3_of.values())}
        rows += [(name, iso3, vote) for iso3, vote in result.items()]
        totals[name] = {v: sum(1 for x in result.values() if x == v) for v in VOTES}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buf.getvalue(), totals


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, SOURCE, DEFAULT_SOURCE, argv)
    try:
        text, totals = build(args.source)
    except SourceError as exc:
        print(f"build_observed_votes: {exc}", file=sys.stderr)
        return 2
    summary = "; ".join(f"{name}: " + ", ".join(f"{n} {v}" for v, n in counts.items())
                        for name, counts in totals.items())
    return deliver(text, OUT, stdout=args.stdout, check=args.check, tool="build_observed_votes", note=summary)


if __name__ == "__main__":
    sys.exit(main())
