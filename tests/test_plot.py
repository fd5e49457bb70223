"""Pictures: files written, Figures with the expected axes, Table 1
marked only when asked, axes spanning the swept range, labels clear of the legend."""

import numpy as np
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
    fig = plot.phase_diagram(square, "excludability", "rivalry", mark_table1=True)
    texts = {" ".join(t.get_text().split()): t.xy for t in fig.axes[0].texts}
    for area, x, y in plot.table1_positions("excludability", "rivalry"):
        assert texts[area] == (x, y)
    # positions move with the areas' defaults, not a table
    assert [a for a, *_ in plot.table1_positions("excludability", "rivalry")] == [a.label for a in gg.areas()
                                                                                    if a.published_level is not None]
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


def test_table1_is_marked_only_when_asked(square):
    ax = plot.phase_diagram(square, "excludability", "rivalry").axes[0]
    assert len(ax.texts) == 0 and len(ax.get_lines()) == 0
    ax = plot.phase_diagram(square, "excludability", "rivalry", mark_table1=True).axes[0]
    assert len(ax.texts) == len(ax.get_lines()) == 3


@pytest.mark.parametrize("n", [2, 3, 7])
def test_axes_span_the_swept_range(n):
    values = np.linspace(0.0, 1.0, n)
    df = gg.sweep(gg.skilled_labour, {"excludability": values, "rivalry": values ** 2,
                                      "n_states": [6], "n_regions": [2]}, progress=False)
    ax = plot.phase_diagram(df, "excludability", "rivalry").axes[0]
    assert ax.get_xlim() == (0.0, 1.0) and ax.get_ylim() == (0.0, 1.0)
    # the cells tile the range exactly: each grid value inside its own cell
    mesh = ax.collections[0]
    xs = np.unique(mesh.get_coordinates()[..., 0])
    assert xs[0] == 0.0 and xs[-1] == 1.0 and np.all(np.diff(xs) > 0)
    line = df[df["rivalry"] == 0.0]
    bottom = plot.gap_plot(line, "excludability").axes[1]
    assert bottom.get_xlim() == (0.0, 1.0)


def test_scattered_draws_snap_to_the_sampled_range():
    draws = gg.sample_grid({"excludability": (0.0, 1.0), "rivalry": (0.2, 0.6), "n_states": [6],
                            "n_regions": [2]}, 60, seed=3)
    df = gg.sweep(gg.irregular_migration, draws, progress=False)
    ax = plot.phase_diagram(df, "excludability", "rivalry").axes[0]
    assert ax.get_xlim() == pytest.approx((0.0, 1.0)) and ax.get_ylim() == pytest.approx((0.2, 0.6))
    for values, (lo, hi) in ((df["excludability"], ax.get_xlim()), (df["rivalry"], ax.get_ylim())):
        assert lo <= values.min() and values.max() <= hi  # no draw outside the axes


@pytest.mark.parametrize("figsize", [(6.4, 4.8), (4.0, 3.0), (9.0, 3.0), (3.0, 2.5), (2.5, 2.0)])
def test_table1_labels_inside_the_axes_and_clear_of_the_legend(square, figsize):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=figsize)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    plot.phase_diagram(square, "excludability", "rivalry", mark_table1=True, ax=ax)
    canvas.draw()
    renderer = canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    legend = ax.get_legend().get_window_extent(renderer)
    assert len(ax.texts) == 3
    boxes = [t.get_bbox_patch().get_window_extent(renderer) for t in ax.texts]  # the label's box
    for text, bb in zip(ax.texts, boxes):
        assert box.x0 <= bb.x0 and bb.x1 <= box.x1 and box.y0 <= bb.y0 and bb.y1 <= box.y1, text
        assert not bb.overlaps(legend), text
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    # each label names its scenario, at the scenario's position
    names = {" ".join(t.get_text().split()): t.xy for t in ax.texts}
    assert names == {area: (px, py) for area, px, py in plot.table1_positions("excludability", "rivalry")}


def test_categorical_axis_keeps_whole_cells():
    df = gg.sweep(gg.refugee_protection, {"spillover": ["global", "none"], "excludability": [0.0, 1.0],
                                          "n_states": [6]}, progress=False)
    ax = plot.phase_diagram(df, "spillover", "excludability").axes[0]
    assert ax.get_xlim() == (-0.5, 1.5) and ax.get_ylim() == (0.0, 1.0)
