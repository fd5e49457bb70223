"""Rebuild ``goodsgov/data/world_map.json`` (the outlines :func:`goodsgov.plot.world_map` draws).

Source, pinned by version and by the SHA-256 of its npm tarball::

    world-atlas 2.0.2 (npm, ISC licence, Mike Bostock): countries-110m.json, the
    Natural Earth 1:110m Admin 0 countries (version 4.1.0, public domain) as TopoJSON

Usage::

    python tools/build_world_map.py --fetch      # npm pack world-atlas@2.0.2 into the cache
    python tools/build_world_map.py [TARBALL]    # rewrite goodsgov/data/world_map.json
    python tools/build_world_map.py --check      # exit 1 if the shipped file differs
    python tools/build_world_map.py --stdout     # print the file instead

``TARBALL`` defaults to ``$GOODSGOV_SOURCES/world-atlas-2.0.2.tgz``
(``GOODSGOV_SOURCES`` defaults to ``~/.cache/goodsgov``). The tarball is read
with :mod:`tarfile`; nothing else is downloaded and no geometry library is used.

What the build does, in this order:

1. decodes the TopoJSON topology: each arc is a list of quantized
   positions, the first absolute and the others deltas from the one
   before; ``position * scale + translate`` gives degrees; a ring is the
   chain of its arcs (index ``~i``: arc ``i`` reversed), the first position
   of each arc after the first dropped (it repeats the last one);
2. maps each feature to a UN member state by its ``id``, the ISO 3166-1
   numeric code, through the ``m49`` column of ``goodsgov/data/countries.csv``
   (for countries the UN M49 code is the ISO 3166-1 numeric code; for all
   193 states this was checked against the ``iso3166`` 3.0.0 package, MIT,
   which the script uses again when it is installed). Features of no member
   state are kept as "other territories" (drawn without a value), except
   Antarctica, which the map leaves out;
3. splits rings that cross the antimeridian (Fiji, Russia): longitudes are
   unwrapped along the ring, and each copy of the ring shifted by -360, 0 or
   +360 degrees is clipped to [-180, 180] (Sutherland & Hodgman 1974);
4. rounds to hundredths of a degree (about 1 km; the source's quantization
   step is 0.0036 by 0.0017 degrees), drops repeated points and rings
   that vanish, and orients every exterior ring anticlockwise and every hole
   clockwise (so any fill rule draws the holes).

Member states without a feature in the 1:110m file (small states, mostly
islands) are listed under ``points``: the map draws them as dots at the
reference point of ``goodsgov/data/countries.csv``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import itertools
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

from shipped_file import deliver  # tools/ is the script's path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "goodsgov" / "data" / "world_map.json"
COUNTRIES = ROOT / "goodsgov" / "data" / "countries.csv"

PACKAGE = "world-atlas"
VERSION = "2.0.2"
TARBALL = f"{PACKAGE}-{VERSION}.tgz"
SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
MEMBER = "package/countries-110m.json"
NATURAL_EARTH = "4.1.0"   # the version the package's README names
#: a sentence of the ISC licence text the package's LICENSE must hold
ISC_CLAUSE = ("Permission to use, copy, modify, and/or distribute this software for any purpose\n"
              "with or without fee is hereby granted")
#: features left out of the map (ISO 3166-1 numeric): Antarctica
LEFT_OUT = {"010"}
#: coordinates are stored as integers in 1/SCALE degrees
SCALE = 100

DEFAULT_SOURCE = Path(os.environ.get("GOODSGOV_SOURCES", Path.home() / ".cache" / "goodsgov")) / TARBALL


class SourceError(RuntimeError):
    """The tarball is missing or is not the pinned one."""


def fetch(dest: Path = DEFAULT_SOURCE) -> Path:
    """Download the pinned tarball with ``npm pack`` into ``dest``'s folder; check its hash."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", str(dest.parent)],
                   check=True, capture_output=True)
    read_source(dest)
    return dest


def read_source(path: Path) -> dict:
    """The TopoJSON of the pinned tarball (after checking its hash, name, version and licence)."""
    if not path.is_file():
        raise SourceError(f"{path} not found: run python tools/build_world_map.py --fetch")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        raise SourceError(f"{path}: sha256 {digest}, expected {SHA256} ({PACKAGE} {VERSION})")
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        def member(name: str) -> bytes:
            return tar.extractfile(name).read()
        meta = json.loads(member("package/package.json"))
        licence = member("package/LICENSE").decode("utf-8")
        topology = json.loads(member(MEMBER))
    if (meta["name"], meta["version"], meta["license"]) != (PACKAGE, VERSION, "ISC") or ISC_CLAUSE not in licence:
        raise SourceError(f"{path} is not {PACKAGE} {VERSION} under the ISC licence")
    return topology


def member_codes() -> dict[str, str]:
    """ISO 3166-1 numeric (= UN M49) code -> ISO3, for the 193 states of countries.csv."""
    with open(COUNTRIES, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    codes = {r["m49"]: r["iso3"] for r in rows}
    if len(codes) != 193:
        raise SourceError(f"countries.csv holds {len(codes)} distinct M49 codes, not 193")
    try:
        from iso3166 import countries_by_numeric  # optional cross-check (MIT)
    except ImportError:
        return codes
    wrong = {m: iso for m, iso in codes.items()
             if m not in countries_by_numeric or countries_by_numeric[m].alpha3 != iso}
    if wrong:
        raise SourceError(f"M49 codes that are not the ISO 3166-1 numeric code of the state: {wrong}")
    return codes


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc in degrees (quantized positions, delta-encoded, then the transform)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_of(arcs: list, indices: list[int]) -> list[tuple[float, float]]:
    """A closed ring from arc indices (``~i``: arc ``i`` reversed)."""
    out: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(arc if not out else arc[1:])
    return out


def unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous along the ring (a jump over 180 degrees crosses the antimeridian)."""
    out, shift = [ring[0]], 0.0
    for (x0, _), (x1, y1) in itertools.pairwise(ring):
        if x1 - x0 > 180:
            shift -= 360
        elif x0 - x1 > 180:
            shift += 360
        out.append((x1 + shift, y1))
    if shift != 0:
        raise SourceError("a ring circles a pole (only Antarctica's does, and it is left out)")
    return out


def clip(ring: list[tuple[float, float]], bound: float, keep_below: bool) -> list[tuple[float, float]]:
    """The part of a ring with longitude <= ``bound`` (or >= it) (Sutherland & Hodgman 1974)."""
    def inside(p):
        return p[0] <= bound if keep_below else p[0] >= bound

    out = []
    for k, cur in enumerate(ring):
        prev = ring[k - 1]
        if inside(cur) != inside(prev):
            t = (bound - prev[0]) / (cur[0] - prev[0])
            out.append((bound, prev[1] + t * (cur[1] - prev[1])))
        if inside(cur):
            out.append(cur)
    return out


def rounded(ring: list[tuple[float, float]]) -> list[tuple[int, int]]:
    """Integer coordinates (1/SCALE degrees) without repeated points or the closing point."""
    out: list[tuple[int, int]] = []
    for x, y in ring:
        p = (round(x * SCALE), round(y * SCALE))
        if not out or p != out[-1]:
            out.append(p)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out


def twice_area(ring: list[tuple[int, int]]) -> int:
    """Twice the signed area (positive: anticlockwise), exact in integers."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))


def polygons(arcs: list, geometry: dict) -> list[list[list[int]]]:
    """A feature's polygons, each a list of rings (exterior first), each ring flat [x, y, x, y, ...]."""
    parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    out = []
    for part in parts:
        rings = [unwrap(ring_of(arcs, r)) for r in part]
        lo, hi = min(x for x, _ in rings[0]), max(x for x, _ in rings[0])
        for shift in (-360.0, 0.0, 360.0):
            if hi + shift <= -180 or lo + shift >= 180:
                continue
            kept = []
            for k, ring in enumerate(rings):
                moved = [(x + shift, y) for x, y in ring]
                if lo + shift < -180 or hi + shift > 180:
                    moved = clip(clip(moved, 180.0, True), -180.0, False)
                pts = rounded(moved)
                area = twice_area(pts) if len(pts) >= 3 else 0
                if area == 0:
                    if k == 0:
                        break       # the exterior vanished: so does the polygon
                    continue
                if (area > 0) != (k == 0):
                    pts = pts[::-1]
                kept.append([c for p in pts for c in p])
            if kept:
                out.append(kept)
    return out


def build(topology: dict) -> str:
    """The text of world_map.json (deterministic)."""
    codes = member_codes()
    arcs = decode_arcs(topology)
    states: dict[str, list] = {}
    others: list[dict] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if code in LEFT_OUT:
            continue
        shapes = polygons(arcs, geometry)
        if not shapes:
            raise SourceError(f"feature {code} {geometry['properties']['name']} vanished when rounded")
        if code in codes:
            if codes[code] in states:
                raise SourceError(f"two features for {codes[code]}")
            states[codes[code]] = shapes
        else:
            others.append({"name": geometry["properties"]["name"], "iso_numeric": code, "polygons": shapes})
    points = sorted(set(codes.values()) - set(states))
    others.sort(key=lambda o: o["name"])
    head = {
        "about": (f"Outlines of the UN member states for goodsgov.plot.world_map. Made with Natural Earth "
                  f"(public domain), 1:110m Admin 0 countries v{NATURAL_EARTH}, as distributed in the npm "
                  f"package {PACKAGE} {VERSION} (ISC licence, Copyright 2013-2019 Michael Bostock). "
                  "Built by tools/build_world_map.py; see goodsgov/data/SOURCES.md."),
        "source": {"package": PACKAGE, "version": VERSION, "file": MEMBER.split("/", 1)[1],
                   "sha256": SHA256, "natural_earth": NATURAL_EARTH},
        "scale": SCALE,
        "points": points,
    }
    dump = json.dumps
    lines = ["{" + dump(head, separators=(",", ":"))[1:-1] + ',"states":{']
    lines += [f"{dump(iso)}:{dump(states[iso], separators=(',', ':'))}," for iso in sorted(states)]
    lines[-1] = lines[-1][:-1]
    lines.append('},"others":[')
    lines += [dump(o, separators=(",", ":")) + "," for o in others]
    lines[-1] = lines[-1][:-1]
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE,
                        help=f"the {TARBALL} tarball (default {DEFAULT_SOURCE})")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--fetch", action="store_true", help=f"npm pack {PACKAGE}@{VERSION} to SOURCE first")
    group.add_argument("--check", action="store_true", help="exit 1 if the shipped file differs")
    group.add_argument("--stdout", action="store_true", help="print the file instead of writing it")
    args = parser.parse_args(argv)
    try:
        if args.fetch:
            fetch(args.source)
        text = build(read_source(args.source))
    except SourceError as exc:
        print(f"build_world_map: {exc}", file=sys.stderr)
        return 2
    return deliver(text, OUT, stdout=args.stdout, check=args.check, tool="build_world_map",
                   note=f"from {args.source}")


if __name__ == "__main__":
    sys.exit(main())
