"""World maps: every member state drawn (outline or dot), coordinates inside the projection,
the Equal Earth projection equal-area, antimeridian rings split, categories and numbers drawn
and saved, bad input refused by name, and the shipped outlines equal to a rebuild."""

import json
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from example_counts import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from pinned_builds import load_build

import goodsgov as gg

pytest.importorskip("matplotlib", reason="plot extra not installed")
from goodsgov import maps, plot

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "goodsgov" / "data" / "world_map.json"
MEMBERS = list(gg.world.countries().index)
PNG = b"\x89PNG\r\n\x1a\n"
BOUNDS = {"equal-earth": (2.0 * math.sqrt(3.0) * math.pi / (3.0 * 1.340264),  # x at lon 180, lat 0
                          1.340264 * math.pi / 3 - 0.081106 * (math.pi / 3) ** 3      # y at lat 90:
                          + 0.000893 * (math.pi / 3) ** 7 + 0.003796 * (math.pi / 3) ** 9),  # theta = pi/3
          "equirectangular": (math.pi, math.pi / 2)}


@pytest.fixture(scope="module")
def build():
    return load_build("build_world_map")


def shoelace(x, y) -> float:
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def test_every_member_is_an_outline_or_a_point():
    states, points, others = maps._outlines()
    assert set(states).isdisjoint(points)
    assert sorted(set(states) | set(points)) == MEMBERS
    assert (len(states), len(points)) == (165, 28)
    assert all(len(rings) >= 1 for rings in states.values()) and len(others) == 11
    table = gg.world.countries(list(points))
    assert np.isfinite(table[["lat", "lon"]].to_numpy()).all()


@pytest.mark.parametrize("projection", plot.PROJECTIONS)
def test_coordinates_are_finite_and_inside_the_projection(projection):
    xmax, ymax = BOUNDS[projection]
    np.testing.assert_allclose(plot.project(180.0, 0.0, projection)[0], xmax, rtol=1e-12)
    np.testing.assert_allclose(plot.project(0.0, 90.0, projection)[1], ymax, rtol=1e-12)
    paths, others, points, _ = maps._geometry(projection)
    assert sorted(list(paths) + list(points)) == MEMBERS
    for path in list(paths.values()) + others:
        v = path.vertices
        assert np.isfinite(v).all()
        assert (np.abs(v[:, 0]) <= xmax * (1 + 1e-12)).all() and (np.abs(v[:, 1]) <= ymax * (1 + 1e-12)).all()
    xy = np.array(list(points.values()))
    assert np.isfinite(xy).all() and (np.abs(xy[:, 0]) <= xmax).all() and (np.abs(xy[:, 1]) <= ymax).all()


def test_shipped_rings_split_at_the_antimeridian_and_oriented():
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    scale = raw["scale"]
    for iso, polygons in raw["states"].items():
        for polygon in polygons:
            for k, ring in enumerate(polygon):
                r = np.asarray(ring, dtype=float).reshape(-1, 2) / scale
                assert (np.abs(r[:, 0]) <= 180).all() and (np.abs(r[:, 1]) <= 90).all(), iso
                assert np.abs(np.diff(r[:, 0])).max(initial=0) < 180, iso   # no ring jumps across
                assert (shoelace(r[:, 0], r[:, 1]) > 0) == (k == 0), iso    # exterior anticlockwise
    for iso in ("FJI", "RUS"):   # drawn on both edges of the map
        lons = np.concatenate([np.asarray(r[0::2]) / scale for p in raw["states"][iso] for r in p])
        assert lons.min() == -180 and lons.max() == 180


def test_equal_earth_is_equal_area():
    """The whole map has the sphere's area 4*pi; a band of latitude the area of its zone
    on the sphere (2*pi*(sin b - sin a)): the projection's defining property."""
    _, _, _, outline = maps._geometry("equal-earth")
    v = outline.vertices[:-1]
    assert shoelace(v[:, 0], v[:, 1]) == pytest.approx(4 * math.pi, rel=1e-4)


@settings(max_examples=examples(0.5), deadline=None)
@given(st.floats(-89.0, 88.0), st.floats(0.5, 60.0))
def test_equal_earth_bands_keep_their_area(a, width):
    b = min(a + width, 90.0)
    lat = np.linspace(a, b, 400)
    lon = np.concatenate([np.full(400, 180.0), np.full(400, -180.0)])
    x, y = plot.project(lon, np.concatenate([lat, lat[::-1]]))
    zone = 2 * math.pi * (math.sin(math.radians(b)) - math.sin(math.radians(a)))
    assert shoelace(x, y) == pytest.approx(zone, rel=1e-3, abs=1e-9)


@settings(max_examples=examples(0.5), deadline=None)
@given(st.floats(150.0, 179.0), st.floats(1.0, 25.0), st.floats(-60.0, 60.0), st.floats(1.0, 20.0))
def test_a_ring_across_the_antimeridian_keeps_its_area_when_split(build, west, width, south, height):
    east = west + width   # beyond 180: written as the source does, wrapped to [-180, 180)
    ring = [(west, south), (east, south), (east, south + height), (west, south + height)]
    wrapped = [((x + 180) % 360 - 180, y) for x, y in ring]
    parts = build.polygons([wrapped + wrapped[:1]], {"type": "Polygon", "arcs": [[0]]})
    areas = [build.twice_area([tuple(p[i:i + 2]) for i in range(0, len(p), 2)]) / 2 / build.SCALE ** 2
             for poly in parts for p in poly]
    if east <= 180 or east > 180.02:   # a sliver narrower than the rounding may vanish
        assert len(parts) == (2 if east > 180 else 1)
    assert all(a > 0 for a in areas)
    assert sum(areas) == pytest.approx(width * height, abs=0.02 * (width + height) + 1e-3)


def test_a_categorical_map_draws_saves_and_lists_its_categories(tmp_path):
    levels = pd.Series({"DEU": gg.Level.REGIONAL, "FRA": gg.Level.REGIONAL, "USA": gg.Level.UNILATERAL,
                        "MLT": gg.Level.MULTILATERAL, "bra": "bilateral"})
    path = tmp_path / "levels.png"
    fig = plot.world_map(levels, path=path, title="levels")
    assert path.read_bytes()[:8] == PNG
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == \
        ["Unilateral", "Bilateral", "Regional", "Multilateral", "no data", "other territory"]
    assert ax.get_title() == "levels"
    # the states with a value are one collection, in the level colours
    from matplotlib.colors import to_rgba
    layers = {c.get_gid(): c for c in ax.collections}
    assert set(layers) == {"other territories", "states", "no data", "points"}
    filled = layers["states"].get_facecolors()
    assert len(filled) == 4 and {tuple(c) for c in filled} == {
        to_rgba(plot.LEVEL_COLOURS[lv]) for lv in (gg.Level.REGIONAL, gg.Level.UNILATERAL, gg.Level.BILATERAL)}
    dots = layers["points"]   # the small states: Malta's dot in the multilateral colour
    _, points, _ = maps._outlines()
    assert tuple(dots.get_facecolors()[list(points).index("MLT")]) == to_rgba(plot.LEVEL_COLOURS[gg.Level.MULTILATERAL])


def test_a_numeric_map_has_a_colour_bar_and_saves(tmp_path):
    values = np.log10(gg.world.countries()["population"]).rename("log10 population")
    path = tmp_path / "population.png"
    fig = plot.world_map(values, path=path)
    assert path.read_bytes()[:8] == PNG and len(fig.axes) == 2
    assert fig.axes[1].get_xlabel() == "log10 population"
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["other territory"]  # no gaps


def test_booleans_strings_and_a_colour_mapping(tmp_path):
    table = gg.world.countries()
    fig = plot.world_map(table, "region", cmap={r: "C0" for r in set(table["region"])})
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()][:5] == \
        sorted(set(table["region"]))
    africa = (table["region"] == "Africa").rename("in Africa")
    fig = plot.world_map(africa, projection="equirectangular")
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["yes", "no", "other territory"]
    from matplotlib.figure import Figure
    panel = Figure().subplots(1, 2)[1]
    assert plot.world_map(africa, ax=panel, legend=False) is panel.figure and panel.get_legend() is None


def test_a_prediction_on_real_states(tmp_path):
    codes = ["DEU", "FRA", "ITA", "ESP", "NGA", "GHA", "SEN", "MLI"]
    p = gg.predict_governance(gg.irregular_migration(states=gg.world.states(countries=codes)))
    fig = plot.world_map(p, "in_regional_agreement", path=tmp_path / "p.png")
    assert fig.axes[0].get_title() == "in_regional_agreement"
    fig = plot.world_map(p, "contribution_achieved")
    assert fig.axes[1].get_xlabel() == "contribution_achieved"
    with pytest.raises(gg.ValidationError, match="contribution_achieved"):
        plot.world_map(p, "contribution_achievd")
    stylised = gg.predict_governance(gg.irregular_migration(n_states=4, n_regions=2))
    with pytest.raises(gg.ValidationError, match="states='world'"):
        plot.world_map(stylised, "cost_share")


def test_an_unknown_code_is_named_with_close_matches():
    with pytest.raises(gg.ValidationError, match=r"state = 'GER' is invalid.*'DEU'"):
        plot.world_map(pd.Series({"FRA": 1.0, "GER": 2.0}))
    with pytest.raises(gg.ValidationError, match=r"'XKX'"):
        plot.world_map(pd.Series({"XKX": 1.0}))


@pytest.mark.parametrize("data, column, match", [
    (pd.Series({"FRA": 1.0, "fra": 2.0}), None, "once"),
    (pd.Series({"FRA": np.inf}), None, "finite"),
    (pd.Series({"FRA": np.nan}), None, "at least one"),
    (pd.Series({"FRA": 1.0}), "x", "DataFrame"),
    (pd.DataFrame({"a": [1.0]}, index=["FRA"]), None, "column"),
    ([1.0, 2.0], None, "Series"),
])
def test_bad_input_is_a_validation_error(data, column, match):
    with pytest.raises(gg.ValidationError, match=match):
        plot.world_map(data, column)


def test_bad_options_are_validation_errors(tmp_path):
    from matplotlib.colors import LogNorm
    s = pd.Series({"FRA": 0.0, "DEU": 1.0, "ITA": 10.0})
    with pytest.raises(gg.ValidationError, match="FRA"):
        plot.world_map(s, norm=LogNorm())
    with pytest.raises(gg.ValidationError, match="viridis"):
        plot.world_map(s, cmap="viridiss")
    with pytest.raises(gg.ValidationError, match="every category"):
        plot.world_map(pd.Series({"FRA": "a", "DEU": "b"}), cmap={"a": "red"})
    with pytest.raises(gg.ValidationError, match="projection"):
        plot.world_map(s, projection="mercator")
    with pytest.raises(gg.ValidationError, match="lat"):
        plot.project(0.0, 91.0)


def test_never_saves_through_a_symlink(tmp_path):
    target = tmp_path / "target.png"
    target.write_bytes(b"keep")
    os.symlink(target, tmp_path / "link.png")
    with pytest.raises(gg.ValidationError, match="symbolic link"):
        plot.world_map(pd.Series({"FRA": 1.0}), path=tmp_path / "link.png")
    assert target.read_bytes() == b"keep"


def test_shipped_file_is_small_and_names_its_source(build):
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    assert DATA.stat().st_size < 250_000
    assert raw["source"] == {"package": build.PACKAGE, "version": build.VERSION, "file": "countries-110m.json",
                             "sha256": build.SHA256, "natural_earth": build.NATURAL_EARTH}


def test_the_build_reproduces_the_shipped_file(build):
    if not build.DEFAULT_SOURCE.is_file():
        pytest.skip(f"{build.DEFAULT_SOURCE} not fetched (python tools/build_world_map.py --fetch)")
    assert build.main(["--check"]) == 0
