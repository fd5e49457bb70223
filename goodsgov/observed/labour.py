"""Bilateral labour agreements: the observed deals of skilled-labour governance.

Betts (2010) reads labour migration as a private good, governed unilaterally
or bilaterally; bilateral labour agreements (BLAs) are those bilateral deals.
The reference dataset is the Bilateral Labor Agreements Dataset of Chilton
and Posner (2018, "Why Countries Sign Bilateral Labor Agreements", *Journal
of Legal Studies* 47; 582 agreements, 1945-2015), extended by Chilton and
Woda (2022, "The Expanding Universe of Bilateral Labor Agreements",
*Theoretical Inquiries in Law*; over 1,200 agreements). Its authors publish
it through the University of Chicago Law
School (the "Bilateral Labor Agreements Dataset" page) and the Harvard
Dataverse. goodsgov does **not** ship a copy: no licence allowing
redistribution could be verified. :func:`labour_agreements` reads the copy
you download yourself.

Accepted files (CSV, or tab-separated ``.tab``/``.tsv``, or Stata ``.dta``),
column names matched case-insensitively:

* the two countries: ``iso3_a`` and ``iso3_b``, or the dataset's own
  ``countryA`` (the country receiving workers) and ``countryB`` (the country
  sending them). A cell may hold an ISO 3166-1 alpha-3 code of a UN member
  state or a country name: the UN M49 name, or one of the dataset's own
  spellings in :data:`NAME_ALIASES` ("Ivory Coast", "Cape Verde",
  "Swaziland", "South Korea", ...);
* the year: ``year``, or ``yearsig``, or the signature date ``datesigned``
  (``M/D/YYYY`` as in the dataset, ``YYYY-MM-DD`` or a bare ``YYYY``), whose
  year is taken.

The result has one row per agreement: ``iso3_a, iso3_b, year`` with
``iso3_a < iso3_b`` (the direction of the agreement is not kept), sorted.
Rows that name a state which is not a UN member state today (Yugoslavia,
Czechoslovakia, the two Germanies, the USSR, Hong Kong, ...), rows without a
year, and rows whose two countries are the same (a self-dyad) raise a
:class:`~goodsgov.errors.ValidationError` naming the column, the value and
its row, with close matches; ``on_invalid="drop"`` drops them instead and
lists them in ``result.attrs["dropped"]``. Two rows with the same pair and
year are two agreements and are both kept (``duplicates="keep"``, the
default: countries do sign several agreements in one year); with an
agreement identifier column (``treatyID``/``agreement_id``) a repeated
identifier is a duplicate record and is dropped. ``duplicates="drop"``
keeps one row per pair and year, ``duplicates="raise"`` refuses repeats.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "blas.csv"
>>> _ = path.write_text("countryA,countryB,datesigned\\nGermany,Turkey,10/30/1961\\n")
>>> labour_agreements(path).to_dict("records")
[{'iso3_a': 'DEU', 'iso3_b': 'TUR', 'year': 1961}]
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from .. import _checks
from ..errors import did_you_mean
from ..errors import GoodsgovError

__all__ = ["SOURCE_URLS", "NAME_ALIASES", "DATASETS", "LabourDataMissing", "labour_agreements"]

#: Where to get the Bilateral Labor Agreements Dataset (Chilton & Posner 2018; Chilton & Woda 2022).
SOURCE_URLS: tuple[str, ...] = (
    "https://www.law.uchicago.edu/bilateral-labor-agreements-dataset",
    "https://dataverse.harvard.edu/dataverse/BLA",
)

#: Spellings of the dataset (and common short names) that differ from UN M49 names.
NAME_ALIASES: Mapping[str, str] = MappingProxyType({
    "bolivia": "BOL", "brunei": "BRN", "burma": "MMR", "cape verde": "CPV",
    "czech republic": "CZE", "ivory coast": "CIV", "cote d'ivoire": "CIV",
    "democratic republic of congo": "COD", "dr congo": "COD", "zaire": "COD",
    "republic of congo": "COG", "republic of the congo": "COG", "congo, republic of": "COG",
    "east timor": "TLS", "iran": "IRN", "laos": "LAO", "macedonia": "MKD",
    "micronesia": "FSM", "moldova": "MDA", "netherlands": "NLD", "north korea": "PRK",
    "russia": "RUS", "south korea": "KOR", "korea": "KOR", "swaziland": "SWZ",
    "syria": "SYR", "tanzania": "TZA", "turkey": "TUR", "united kingdom": "GBR",
    "uk": "GBR", "united states": "USA", "usa": "USA", "venezuela": "VEN",
    "vietnam": "VNM", "kyrgyz republic": "KGZ", "slovak republic": "SVK",
    "st. lucia": "LCA", "st. kitts and nevis": "KNA", "st. vincent and the grenadines": "VCT",
    "sao tome and principe": "STP", "the gambia": "GMB", "gambia, the": "GMB",
    "bahamas, the": "BHS", "the bahamas": "BHS", "federated states of micronesia": "FSM",
})

_PAIRS = (("iso3_a", "iso3_b"), ("countrya", "countryb"))
_YEARS = ("year", "yearsig")
_DATES = ("datesigned",)
_IDS = ("treatyid", "agreement_id")
_COLUMNS = ["iso3_a", "iso3_b", "year"]
#: Largest file read (the full dataset is well under 1 MiB).
MAX_FILE_BYTES = 64 * 1024 * 1024


class LabourDataMissing(GoodsgovError, FileNotFoundError):
    """No copy of the bilateral labour agreements data: goodsgov ships none (licence)."""


def _missing_message() -> str:
    return ("goodsgov ships no copy of the Bilateral Labor Agreements Dataset (Chilton & Posner "
            "2018; Chilton & Woda 2022): no licence allowing redistribution could be verified. "
            "Download the formation data from " + " or ".join(SOURCE_URLS)
            + ", save it as CSV (columns countryA, countryB, datesigned; or iso3_a, iso3_b, year)"
            " and call labour_agreements(path=...).")


def _norm(text: str) -> str:
    import unicodedata
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").strip().lower())


def _lookup() -> tuple[dict[str, str], dict[str, str]]:
    """(normalised name or code -> ISO3, ISO3 -> M49 name) over the 193 UN member states."""
    from .. import world
    table = world.countries()
    names = dict(table["name"])
    out = {code.lower(): code for code in table.index}
    for code, name in names.items():
        out[_norm(name)] = code
        out[_norm(name).split(" (")[0]] = code   # 'Netherlands (Kingdom of the)' -> 'netherlands'
    for alias, code in NAME_ALIASES.items():
        out.setdefault(alias, code)
    return out, names


def _read(path: str | os.PathLike) -> pd.DataFrame:
    source = os.fspath(path)
    try:
        st = os.stat(source)
    except FileNotFoundError:
        raise LabourDataMissing(f"{source}: no such file. " + _missing_message()) from None
    if not stat.S_ISREG(st.st_mode):
        raise _checks.invalid("path", source, "must be a regular file (CSV, TSV or Stata .dta)")
    if st.st_size > MAX_FILE_BYTES:
        raise _checks.invalid("path", source, f"is {st.st_size} bytes; at most {MAX_FILE_BYTES}")
    suffix = Path(source).suffix.lower()
    try:
        if suffix == ".dta":
            df = pd.read_stata(source, convert_categoricals=False)
            return df.astype(object).where(df.notna(), "").astype(str)
        sep = "\t" if suffix in (".tab", ".tsv") else ","
        return pd.read_csv(source, sep=sep, dtype=str, keep_default_na=False,
                           encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise _checks.invalid("path", source, f"could not be read as a table: {exc}") from None


def _find(columns: Mapping[str, str], options: tuple[str, ...]) -> str | None:
    return next((columns[o] for o in options if o in columns), None)


def _year(value: str, from_date: bool) -> int | None:
    value = value.strip()
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:\.0+)?", value)           # a bare year is always accepted
    if m is None and from_date:
        m = re.fullmatch(r"\d{1,2}/\d{1,2}/(\d{4})", value) or \
            re.fullmatch(r"(\d{4})-\d{1,2}-\d{1,2}", value)
    if m is None:
        return None
    year = int(m.group(1))
    return year if 1800 <= year <= 2100 else None


def labour_agreements(path: str | os.PathLike | None = None, *, on_invalid: str = "raise",
                      duplicates: str = "keep") -> pd.DataFrame:
    """Bilateral labour agreements, one row per agreement: ``iso3_a, iso3_b, year``.

    ``path`` is your copy of the Bilateral Labor Agreements Dataset
    (Chilton & Posner 2018; Chilton & Woda 2022; see the module docstring
    for the accepted formats). Without a path, :class:`LabourDataMissing`
    says where to download it. ``on_invalid`` is ``"raise"`` (default) or
    ``"drop"``; ``duplicates`` is ``"keep"`` (default), ``"drop"`` or
    ``"raise"``. ``iso3_a < iso3_b`` in every row; ``year`` is ``int64``.
    """
    on_invalid = _checks.choice("on_invalid", on_invalid, ("raise", "drop"))
    duplicates = _checks.choice("duplicates", duplicates, ("keep", "drop", "raise"))
    if path is None:
        raise LabourDataMissing(_missing_message())
    raw = _read(path)
    columns = {str(c).strip().lower(): c for c in raw.columns}
    pair = next(((columns[a], columns[b]) for a, b in _PAIRS if a in columns and b in columns),
                None)
    if pair is None:
        raise _checks.invalid("columns", list(raw.columns),
                              "must include iso3_a and iso3_b, or countryA and countryB")
    year_col = _find(columns, _YEARS)
    date_col = None if year_col is not None else _find(columns, _DATES)
    if year_col is None and date_col is None:
        raise _checks.invalid("columns", list(raw.columns),
                              "must include year (or yearsig), or datesigned")
    id_col = _find(columns, _IDS)
    lookup, names = _lookup()
    rows, dropped = [], []
    for i, rec in enumerate(raw.to_dict("records")):
        line = i + 2   # the header is line 1
        problem = None
        codes = []
        for col in pair:
            value = str(rec[col])
            code = lookup.get(_norm(value))
            if code is None and problem is None:
                hint = did_you_mean(value, names.keys(), names)
                problem = (col, value, f"row {line}: not a UN member state's ISO3 code or name"
                           f"{hint}")
            codes.append(code)
        ycol = year_col or date_col
        year = _year(str(rec[ycol]), from_date=date_col is not None)
        if problem is None and year is None:
            expected = "M/D/YYYY, YYYY-MM-DD or YYYY" if date_col else "a four-digit year"
            problem = (ycol, rec[ycol], f"row {line}: no year (expected {expected})")
        if problem is None and codes[0] == codes[1]:
            problem = (pair[1], rec[pair[1]], f"row {line}: the same state as {pair[0]} "
                       "(a self-dyad is not a bilateral agreement)")
        if problem is not None:
            if on_invalid == "raise":
                raise _checks.invalid(*problem)
            dropped.append({"row": line, "column": problem[0], "value": str(problem[1]),
                            "reason": problem[2].split(": ", 1)[1]})
            continue
        a, b = sorted(codes)
        rows.append((a, b, year, str(rec[id_col]).strip() if id_col else ""))
    df = pd.DataFrame(rows, columns=_COLUMNS + ["_id"])
    if id_col is not None:
        has_id = df["_id"] != ""
        df = df[~(has_id & df["_id"].duplicated())]
    repeated = df.duplicated(_COLUMNS)
    if duplicates == "raise" and repeated.any():
        first = df[repeated].iloc[0]
        raise _checks.invalid("duplicates", tuple(first[_COLUMNS]),
                              "the same pair and year appear twice; pass duplicates='keep' "
                              "(two agreements) or 'drop' (one)")
    if duplicates == "drop":
        df = df[~repeated]
    df = df[_COLUMNS].astype({"year": "int64"})
    df = df.sort_values(_COLUMNS, kind="mergesort").reset_index(drop=True)
    df.attrs["dropped"] = pd.DataFrame(dropped, columns=["row", "column", "value", "reason"])
    df.attrs["source"] = os.fspath(path)
    return df


#: Catalogue row: nothing shipped (records = 0); the user supplies the file.
DATASETS: list[dict] = [{
    "name": "labour_agreements",
    "area": "skilled_labour",
    "description": "bilateral labour agreements, one row per agreement (iso3_a, iso3_b, year); "
                   "user-supplied: not shipped, read with labour_agreements(path=...)",
    "source": "Chilton & Posner (2018); Chilton & Woda (2022), Bilateral Labor Agreements "
              "Dataset: " + ", ".join(SOURCE_URLS),
    "version": "user-supplied",
    "licence": "not shipped: no licence allowing redistribution could be verified",
    "records": 0,
}]
