"""Pictures (issue 7, part 3): files written, Figures with the expected axes."""

import numpy as np
import pandas as pd
import pytest

import goodsgov as gg

pytest.importorskip("matplotlib", reason="plot extra not installed")
from goodsgov import plot  # noqa: E402

MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".pdf": b"%PDF", ".svg": b"<?xml"}


@pytest.fixture(scope="module")
def square():
    grid = {"excludability": np.linspace(0.0, 1.0, 3), "rivalry": np.linspace(0.0, 1.0, 3),
            "n_states": [6], "n_regions": [2]}
    return gg.sweep(gg.skilled_labour, grid, progress=False)


@pytest.fixture(scope="module")
def line():
    return gg.sweep(gg.irregular_migration, {"excludability": [0.0, 0.5, 0.9, 1.0], "n_states": [8],
                                             "n_regions": [2]}, progress=False)


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_phase_diagram_writes_each_format(tmp_path, square, suffix):
    path = tmp_path / f"phase{suffix}"
    fig = plot.phase_diagram(square, "excludability", "rivalry", path=path)
    assert path.stat().st_size > 1000 and path.read_bytes()[:len(MAGIC[suffix])] == MAGIC[suffix]
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("excludability", "rivalry")


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_gap_plot_writes_each_format(tmp_path, line, suffix):
    path = tmp_path / f"gap{suffix}"
    fig = plot.gap_plot(line, "excludability", path=path)
    assert path.stat().st_size > 1000 and path.read_bytes()[:len(MAGIC[suffix])] == MAGIC[suffix]
    top, bottom = fig.axes
    assert top.get_ylabel() == "provision" and bottom.get_ylabel() == "governance gap (share)"
    assert bottom.get_xlabel() == "excludability"
    labels = [ln.get_label() for ln in top.get_lines()]
    assert labels == ["unilateral", "bilateral", "regional", "multilateral"]
    # the plotted curves are the sweep's numbers
    np.testing.assert_array_equal(top.get_lines()[3].get_ydata(), line["provision_multilateral"])


def test_phase_diagram_colours_are_the_levels(square):
    fig = plot.phase_diagram(square, "excludability", "rivalry", mark_table1=False)
    mesh = fig.axes[0].collections[0]
    ranks = np.asarray(mesh.get_array()).reshape(3, 3)
    expected = square.pivot(index="rivalry", columns="excludability", values="level")
    assert ranks.tolist() == [[gg.Level(v).rank for v in row] for row in expected.values]
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert set(legend) == {gg.Level(v).label for v in square["level"]}


def test_table1_markers_come_from_canonical_defaults(square):
    fig = plot.phase_diagram(square, "excludability", "rivalry")
    texts = {t.get_text(): t.xy for t in fig.axes[0].texts}
    for area, x, y in plot.table1_positions("excludability", "rivalry"):
        assert texts[area] == (x, y)
    from goodsgov.table1 import ROWS
    # positions move with the canonical defaults, not a table
    assert [a for a, *_ in plot.table1_positions("excludability", "rivalry")] == [a for a, _ in ROWS]
    assert plot.table1_positions("excludability", "colour") == []


def test_scattered_monte_carlo_points(tmp_path):
    draws = gg.sample_grid({"excludability": (0.0, 1.0), "rivalry": (0.0, 1.0), "n_states": [6],
                            "n_regions": [2]}, 7, seed=5)
    df = gg.sweep(gg.irregular_migration, draws, progress=False)
    fig = plot.phase_diagram(df, "excludability", "rivalry", path=tmp_path / "mc.png")
    offsets = fig.axes[0].collections[0].get_offsets()
    assert len(offsets) == 7


def test_categorical_axis(line):
    df = gg.sweep(gg.refugee_protection, {"spillover": ["global", "regional", "none"],
                                          "excludability": [0.5, 1.0], "n_states": [6]},
                  progress=False)
    fig = plot.phase_diagram(df, "spillover", "excludability")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["global", "regional", "none"]


@pytest.mark.parametrize("call, field", [
    (lambda sq: plot.phase_diagram(sq, "excludability", "colour"), "column"),
    (lambda sq: plot.phase_diagram(sq, "excludability", "excludability"), "y"),
    (lambda sq: plot.phase_diagram(sq, "excludability", "n_states"), "(x, y)"),
    (lambda sq: plot.gap_plot(sq, "excludability"), "x"),
    (lambda sq: plot.gap_plot(sq.iloc[:0], "excludability"), "df"),
    (lambda sq: plot.gap_plot(sq, "excludability", scopes=["global"]), "scopes"),
    (lambda sq: plot.phase_diagram(sq, "excludability", "rivalry", path="x.jpg"), "path"),
    (lambda sq: plot.phase_diagram([1, 2], "a", "b"), "df"),
])
def test_bad_input(square, call, field):
    with pytest.raises(gg.ValidationError) as info:
        call(square)
    assert info.value.field == field


def test_one_row_per_point_error_names_the_other_parameters():
    df = gg.sweep(gg.refugee_protection, {"rivalry": [0.1, 0.5], "n_states": [6, 8]}, progress=False)
    with pytest.raises(gg.ValidationError, match="n_states"):
        plot.gap_plot(df, "rivalry")
    fig = plot.gap_plot(df[df["n_states"] == 6], "rivalry")
    assert isinstance(fig, __import__("matplotlib").figure.Figure)
