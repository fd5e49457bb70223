"""Pictures of sweeps and world maps (optional extra ``plot``: matplotlib).

:func:`phase_diagram` colours the predicted level of governance over two
swept parameters; asked to (``mark_table1=True``), it marks the three
Table 1 scenarios where the axes are parameters of the canonical
scenarios (at their default values, read from the functions that build
them). :func:`gap_plot` shows provision at each scope, and the governance
gap, against one parameter. Both take the DataFrame of
:func:`goodsgov.sweep`, return a :class:`matplotlib.figure.Figure` and,
given ``path``, save it as PNG, SVG or PDF. :func:`world_map` colours the
193 UN member states by any per-state number or category.

A numeric axis spans exactly the swept range (the cells of the first and
last values end at the range's edges), and labels stay inside the axes,
clear of the legend, which sits outside them.

Figures are built without pyplot (no global state, no display needed):
they render with matplotlib's Agg canvas and display in notebooks.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
from collections.abc import Mapping
from numbers import Real
from typing import Sequence

import numpy as np
import pandas as pd

try:
    import matplotlib  # noqa: F401  (the optional extra: its absence named once, here)
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError('goodsgov.plot needs matplotlib: pip install "goodsgov[plot]"') from exc

from . import _checks
from .errors import did_you_mean
from .registry import areas
from .governance.scopes import LEVEL_COLOURS, SCOPES, Level
from .sweeps import result_columns

__all__ = ["phase_diagram", "gap_plot", "world_map", "project", "LEVEL_COLOURS", "table1_positions"]

_FORMATS = (".png", ".svg", ".pdf")


def _figure(**kwargs):
    from matplotlib.figure import Figure
    return Figure(**kwargs)


def _save(fig, path) -> None:
    if path is None:
        return
    p = os.fspath(path)
    if not p.lower().endswith(_FORMATS):
        raise _checks.invalid("path", p, "must end in .png, .svg or .pdf")
    from ._files import open_output
    with open_output(p, field="path", force=True, binary=True) as fh:   # never through a symlink
        fig.savefig(fh, format=p.rsplit(".", 1)[1].lower(), dpi=150, bbox_inches="tight")


def _check_df(df, columns: Sequence[str]) -> None:
    if not isinstance(df, pd.DataFrame):
        raise _checks.invalid("df", type(df).__name__, "must be a pandas DataFrame from goodsgov.sweep")
    if df.empty:
        raise _checks.invalid("df", "<empty DataFrame>", "must hold at least one row")
    for c in columns:
        if c not in df.columns:
            raise _checks.invalid("column", c, "must be a column of df: " + ", ".join(map(str, df.columns)))


def _one_row_per(df, keys: list[str], what: str) -> None:
    if df.duplicated(subset=keys).any():
        others = [c for c in df.columns if c not in keys and c not in result_columns()
                  and df[c].nunique() > 1]
        raise _checks.invalid(what, keys, "df has several rows per value; select one value of the "
                              "other swept parameters first" + (f" ({', '.join(others)})" if others else ""))


def _positions(series: pd.Series):
    """Numeric positions of a column, and tick labels when it is categorical."""
    if all(isinstance(v, Real) and not isinstance(v, bool) for v in series):
        return series.to_numpy(dtype=float), None
    cats = list(dict.fromkeys(series.tolist()))
    index = {c: k for k, c in enumerate(cats)}
    return np.array([index[v] for v in series], dtype=float), [str(c) for c in cats]


def _edges(values: np.ndarray, clip: bool = True) -> np.ndarray:
    """Cell edges around sorted ``values``: midpoints inside, the range's own ends outside
    when ``clip`` (a numeric axis), half a step beyond them otherwise (categories)."""
    if values.size == 1:
        return np.array([values[0] - 0.5, values[0] + 0.5])
    mid = (values[1:] + values[:-1]) / 2.0
    if clip:
        return np.concatenate([[values[0]], mid, [values[-1]]])
    return np.concatenate([[2 * values[0] - mid[0]], mid, [2 * values[-1] - mid[-1]]])


def _limits(values: np.ndarray, categorical: bool, snap: bool = False) -> tuple[float, float] | None:
    """Axis limits: the swept range of a numeric axis (None for one value or categories).

    With ``snap`` (scattered draws, whose range is only sampled), an end
    within 5% of the span from a round tick value moves out to it: draws
    from [0, 1] get the axis [0, 1].
    """
    lo, hi = float(np.min(values)), float(np.max(values))
    if categorical or lo == hi:
        return None
    if snap:
        from matplotlib.ticker import MaxNLocator
        ticks = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)
        near = 0.05 * (hi - lo)
        lo = max([t for t in ticks if lo - near <= t <= lo], default=lo)
        hi = min([t for t in ticks if hi <= t <= hi + near], default=hi)
    return float(lo), float(hi)


_LABEL_SIZE = 8.0  # points
_LABEL_OFFSET = 7.0  # points between a marker and its label


def _label_extent(fig, text: str) -> tuple[float, float]:
    """Width and height (display pixels) of a Table 1 label with its box and a margin."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath
    lines = text.split("\n")
    width = max(TextPath((0, 0), line, prop=FontProperties(size=_LABEL_SIZE)).get_extents().width
                for line in lines)
    pad = 0.2 * _LABEL_SIZE + 1.5
    k = fig.dpi / 72.0
    return (width + 2 * pad) * k, (1.25 * _LABEL_SIZE * len(lines) + 2 * pad) * k


def _two_lines(text: str) -> str:
    """``text`` broken at the space nearest its middle (unchanged without a space)."""
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return text
    i = min(spaces, key=lambda j: abs(2 * j - len(text)))
    return text[:i] + "\n" + text[i + 1:]


def _mark_all(ax, marks) -> None:
    """Rings at the Table 1 scenarios and their names, each label inside the axes and clear of
    the others: beside its marker towards the inside, or lifted (with a leader line) when
    that place is taken. The legend sits outside the axes, so no label reaches it."""
    fig, box = ax.figure, ax.bbox
    k = fig.dpi / 72.0
    placed: list[tuple[float, float, float, float]] = []
    for area, px, py in marks:
        ax.plot([px], [py], marker="o", ms=8, mfc="white", mec="black", mew=1.5, ls="none",
                clip_on=False, zorder=3)
        mx, my = ax.transData.transform((px, py))
        inward_h = ("right", "left") if (mx - box.x0) > box.width / 2 else ("left", "right")
        inward_v = ("top", "bottom") if (my - box.y0) > 0.8 * box.height else ("bottom", "top")
        texts = list(dict.fromkeys([area, _two_lines(area)]))  # on two lines only if need be
        options = [(text, lift, ha, va) for text in texts for lift in range(4)
                   for ha in inward_h for va in inward_v]

        def rect(text, lift, ha, va):
            w, h = _label_extent(fig, text)
            off = _LABEL_OFFSET * k + lift * h
            x0 = mx + _LABEL_OFFSET * k if ha == "left" else mx - _LABEL_OFFSET * k - w
            y0 = my + off if va == "bottom" else my - off - h
            return x0, y0, x0 + w, y0 + h

        def inside(r):
            return box.x0 <= r[0] and r[2] <= box.x1 and box.y0 <= r[1] and r[3] <= box.y1

        def clear(r):
            return not any(r[0] < q[2] and q[0] < r[2] and r[1] < q[3] and q[1] < r[3] for q in placed)

        text, lift, ha, va = next((o for o in options if inside(rect(*o)) and clear(rect(*o))),
                                  next((o for o in options if inside(rect(*o))), options[0]))
        placed.append(rect(text, lift, ha, va))
        dy = _LABEL_OFFSET + lift * _label_extent(fig, text)[1] / k
        ax.annotate(text, (px, py), xytext=(-_LABEL_OFFSET if ha == "right" else _LABEL_OFFSET,
                                            dy if va == "bottom" else -dy),
                    textcoords="offset points", ha=ha, va=va, fontsize=_LABEL_SIZE, zorder=4,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8},
                    arrowprops={"arrowstyle": "-", "lw": 0.6, "color": "black"} if lift else None)


def table1_positions(x: str, y: str | None = None) -> list[tuple[str, float, float | None]]:
    """Where the registered areas' scenarios sit on axes ``x`` (and ``y``): their default parameters.

    Read from the signatures of the areas' constructors; an area
    is listed only if every axis is one of its numeric parameters.

    >>> [(area, e, r) for area, e, r in table1_positions("excludability", "rivalry")]
    [('Refugees', 0.1, 0.1), ('Irregular/low-skilled migration', 0.9, 0.1), ('Highly-skilled labour migration', 0.95, 0.9)]
    """
    out = []
    for entry in areas():
        area, params = entry.label, inspect.signature(entry.constructor).parameters
        vals = []
        for axis in (x, y):
            if axis is None:
                vals.append(None)
                continue
            d = params[axis].default if axis in params else None
            if isinstance(d, bool) or not isinstance(d, Real):
                break
            vals.append(float(d))
        else:
            out.append((area, vals[0], vals[1]))
    return out


def _level_ranks(series: pd.Series) -> np.ndarray:
    try:
        return np.array([Level(v).rank for v in series], dtype=float)
    except ValueError:
        bad = next(v for v in series if v not in {lv.value for lv in Level})
        raise _checks.invalid("level", bad, "must be one of " + ", ".join(lv.value for lv in Level)) from None


def _legend(ax, levels_present) -> None:
    from matplotlib.patches import Patch
    handles = [Patch(facecolor=LEVEL_COLOURS[lv], label=lv.label) for lv in Level if lv in levels_present]
    ax.legend(handles=handles, title="level", loc="upper left", bbox_to_anchor=(1.02, 1.0),
              frameon=False)


def phase_diagram(df: pd.DataFrame, x: str, y: str, *, level: str = "level", mark_table1: bool = False,
                  title: str | None = None, path: str | os.PathLike | None = None, ax=None,
                  legend: bool = True):
    """The predicted level of governance over two swept parameters.

    ``df``: a :func:`goodsgov.sweep` result with one row per (``x``, ``y``)
    pair (select one value of any other swept parameter first); a full
    grid is drawn as coloured cells, scattered points (e.g. from
    :func:`goodsgov.sample_grid`) as coloured dots; numeric axes span the
    swept range. ``mark_table1`` (default False): mark the three Table 1
    scenarios at their default parameters when ``x`` and ``y`` are
    parameters of the canonical scenarios and the defaults fall inside
    the plotted range (they are Betts's canonical scenarios: mark them on
    a sweep of those, not of your own scenario). ``path``: also save to
    .png, .svg or .pdf.
    ``ax``: draw into this matplotlib Axes (e.g. one panel of a larger
    figure) instead of a new figure; the Axes' figure is returned.

    >>> import goodsgov as gg
    >>> df = gg.sweep(gg.refugee_protection, {"excludability": [0.0, 1.0], "rivalry": [0.0, 1.0],
    ...                                       "n_states": [6]}, progress=False)
    >>> fig = phase_diagram(df, "excludability", "rivalry")
    >>> fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()
    ('excludability', 'rivalry')
    """
    _check_df(df, [x, y, level])
    if x == y:
        raise _checks.invalid("y", y, "must differ from x")
    _one_row_per(df, [x, y], "(x, y)")
    from matplotlib.colors import BoundaryNorm, ListedColormap
    if ax is None:
        fig = _figure(figsize=(6.4, 4.8))
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    xs, xticks = _positions(df[x])
    ys, yticks = _positions(df[y])
    ranks = _level_ranks(df[level])
    cmap = ListedColormap([LEVEL_COLOURS[lv] for lv in Level])
    norm = BoundaryNorm(np.arange(len(Level) + 1) - 0.5, cmap.N)
    ux, uy = np.unique(xs), np.unique(ys)
    full = len(df) == ux.size * uy.size
    if full:  # a full grid: coloured cells
        grid = np.empty((uy.size, ux.size))
        grid[np.searchsorted(uy, ys), np.searchsorted(ux, xs)] = ranks
        ax.pcolormesh(_edges(ux, xticks is None), _edges(uy, yticks is None), grid, cmap=cmap,
                      norm=norm, shading="flat")
    else:  # dots on the edge of the range are drawn whole
        ax.scatter(xs, ys, c=ranks, cmap=cmap, norm=norm, s=18, edgecolors="none", clip_on=False)
    xlim = _limits(xs, xticks is not None, snap=not full)
    ylim = _limits(ys, yticks is not None, snap=not full)
    if xlim is not None:
        ax.set_xlim(*xlim)
    if ylim is not None:
        ax.set_ylim(*ylim)
    if mark_table1 and xticks is None and yticks is None:
        _mark_all(ax, [(area, px, py) for area, px, py in table1_positions(x, y)
                       if xs.min() <= px <= xs.max() and ys.min() <= py <= ys.max()])
    for ticks, setter, labels in ((xticks, ax.set_xticks, ax.set_xticklabels),
                                  (yticks, ax.set_yticks, ax.set_yticklabels)):
        if ticks is not None:
            setter(np.arange(len(ticks)))
            labels(ticks)
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.set_title(title if title is not None else "Predicted level of governance")
    if legend:
        _legend(ax, {Level(v) for v in df[level]})
    _save(fig, path)
    return fig


def gap_plot(df: pd.DataFrame, x: str, *, scopes: Sequence[str] | None = None, title: str | None = None,
             path: str | os.PathLike | None = None):
    """Provision at each scope, and the governance gap, against one parameter.

    Top panel: ``provision_<scope>`` for each of ``scopes`` (default: all
    four), over a background coloured by the predicted level. Bottom
    panel: the gap of what the predicted level achieves once defectors
    have left, as a share of optimal provision and of the cooperative
    surplus. ``df`` must hold one row per value of ``x``.

    >>> import goodsgov as gg
    >>> df = gg.sweep(gg.refugee_protection, {"rivalry": [0.0, 0.5, 1.0], "n_states": [6]},
    ...               progress=False)
    >>> fig = gap_plot(df, "rivalry")
    >>> [ax.get_ylabel() for ax in fig.axes], fig.axes[1].get_xlabel()
    (['provision', 'governance gap (share)'], 'rivalry')
    """
    all_scopes = [lv.value for lv in SCOPES]
    scopes = all_scopes if scopes is None else list(scopes)
    for s in scopes:
        _checks.choice("scopes", s, all_scopes)
    _check_df(df, [x, "level", "gap_provision_share", "gap_surplus_share"]
              + [f"provision_{s}" for s in scopes])
    _one_row_per(df, [x], "x")
    xs, xticks = _positions(df[x])
    order = np.argsort(xs, kind="stable")
    xs, d = xs[order], df.iloc[order]
    fig = _figure(figsize=(6.4, 5.6))
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    edges = _edges(xs, xticks is None)
    levels = [Level(v) for v in d["level"]]
    for ax in (top, bottom):
        for k, lv in enumerate(levels):
            ax.axvspan(edges[k], edges[k + 1], color=LEVEL_COLOURS[lv], alpha=0.18, lw=0)
    markers = dict(zip(all_scopes, "osD^"))
    for s in scopes:
        top.plot(xs, d[f"provision_{s}"].to_numpy(dtype=float), marker=markers[s], ms=3, label=s,
                 clip_on=False)
    bottom.plot(xs, d["gap_provision_share"].to_numpy(dtype=float), label="share of optimal provision",
                clip_on=False)
    bottom.plot(xs, d["gap_surplus_share"].to_numpy(dtype=float), ls="--", label="share of surplus",
                clip_on=False)
    xlim = _limits(xs, xticks is not None)
    if xlim is not None:
        bottom.set_xlim(*xlim)
    top.set_ylabel("provision")
    bottom.set_ylabel("governance gap (share)")
    bottom.set_xlabel(x)
    bottom.set_ylim(-0.05, 1.05)
    if xticks is not None:
        bottom.set_xticks(np.arange(len(xticks)))
        bottom.set_xticklabels(xticks)
    from matplotlib.patches import Patch
    handles, labels = top.get_legend_handles_labels()
    for lv in Level:
        if lv in levels:
            handles.append(Patch(facecolor=LEVEL_COLOURS[lv], alpha=0.35))
            labels.append(f"level: {lv.value}")
    top.legend(handles, labels, title="scope", loc="upper left", bbox_to_anchor=(1.02, 1.0),
               frameon=False)
    bottom.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=8)
    top.set_title(title if title is not None else "Provision by scope and governance gap")
    _save(fig, path)
    return fig


# ---------------------------------------------------------------------------- world maps

#: Projections of :func:`project` and :func:`world_map`.
PROJECTIONS = ("equal-earth", "equirectangular")
#: Equal Earth's polynomial coefficients A1..A4 (Šavrič, Patterson & Jenny 2018, eq. 2)
_EE = (1.340264, -0.081106, 0.000893, 0.003796)
_NO_DATA, _NO_DATA_EDGE, _HATCH = "#e4e4e4", "#a6a6a6", "/////"
_OTHER, _OTHER_EDGE = "#f4f4f4", "#c6c6c6"


def _project(lon, lat, projection: str):
    lam, phi = np.radians(lon), np.radians(lat)
    if projection == "equirectangular":
        return lam, phi
    a1, a2, a3, a4 = _EE
    theta = np.arcsin(np.sqrt(3.0) / 2.0 * np.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2.0 * np.sqrt(3.0) * lam * np.cos(theta) / (3.0 * (9.0 * a4 * t6 * t2 + 7.0 * a3 * t6 + 3.0 * a2 * t2 + a1))
    return x, theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))


def project(lon, lat, projection: str = "equal-earth") -> tuple[np.ndarray, np.ndarray]:
    """Map coordinates (x, y) of longitudes and latitudes in degrees, on a sphere of radius 1.

    ``projection``: ``"equal-earth"`` (the default; an equal-area
    pseudocylindrical projection: Šavrič, Patterson & Jenny 2018, "The
    Equal Earth map projection", *International Journal of Geographical
    Information Science*, doi:10.1080/13658816.2018.1504949), or
    ``"equirectangular"`` (x = longitude, y = latitude, in radians). Use it
    to place your own marks on a :func:`world_map`.

    >>> x, y = project([180.0, 0.0], [0.0, 90.0])
    >>> [round(float(v), 4) for v in (x[0], y[1])]
    [2.7066, 1.3174]
    """
    _checks.choice("projection", projection, PROJECTIONS)
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    for name, v, lim in (("lon", lon, 180.0), ("lat", lat, 90.0)):
        bad = ~(np.abs(v) <= lim)
        if bad.any():
            raise _checks.invalid(name, v[bad].flat[0], f"must be finite degrees in [-{lim:g}, {lim:g}]")
    return _project(lon, lat, projection)


def _closed_path(rings, projection: str):
    """One compound path of closed rings (lon, lat) projected: exteriors anticlockwise, holes
    clockwise (the build orients them), so the holes stay empty whatever the fill rule."""
    from matplotlib.path import Path
    verts, codes = [], []
    for ring in rings:
        x, y = _project(ring[:, 0], ring[:, 1], projection)
        verts.append(np.column_stack([np.append(x, x[0]), np.append(y, y[0])]))
        c = np.full(len(ring) + 1, Path.LINETO, dtype=Path.code_type)
        c[0], c[-1] = Path.MOVETO, Path.CLOSEPOLY
        codes.append(c)
    return Path(np.concatenate(verts), np.concatenate(codes), readonly=True)


@functools.lru_cache(maxsize=1)
def _outlines() -> tuple[dict, tuple, list]:
    """The shipped outlines in degrees: ``{ISO3: [ring, ...]}``, the ISO3 codes drawn as
    points, and the other territories' rings (``goodsgov/data/world_map.json``)."""
    from importlib import resources
    raw = json.loads(resources.files("goodsgov").joinpath("data", "world_map.json").read_text(encoding="utf-8"))
    scale = float(raw["scale"])

    def rings(polygons):
        return [np.asarray(r, dtype=float).reshape(-1, 2) / scale for poly in polygons for r in poly]

    return ({iso: rings(p) for iso, p in raw["states"].items()}, tuple(raw["points"]),
            [rings(o["polygons"]) for o in raw["others"]])


@functools.lru_cache(maxsize=len(PROJECTIONS))
def _geometry(projection: str):
    """Projected paths of the states and the other territories, the points of the small
    states, and the outline of the globe."""
    from .world import countries
    states, points, others = _outlines()
    table = countries(list(points))
    px, py = _project(table["lon"].to_numpy(), table["lat"].to_numpy(), projection)
    lat = np.linspace(-90.0, 90.0, 181)
    edge = np.concatenate([np.column_stack([np.full(181, 180.0), lat]),
                           np.column_stack([np.full(181, -180.0), lat[::-1]])])
    return ({iso: _closed_path(r, projection) for iso, r in states.items()},
            [_closed_path(r, projection) for r in others], dict(zip(points, zip(px, py))),
            _closed_path([edge], projection))


def _map_values(data, column) -> tuple[pd.Series, str | None]:
    """The values to map, indexed by ISO3 (upper case), and their label."""
    from .governance import GovernancePrediction
    from .world import countries
    hint = ""
    if isinstance(data, (GovernancePrediction, pd.DataFrame)):
        frame = data.states if isinstance(data, GovernancePrediction) else data
        what = "the prediction's states" if isinstance(data, GovernancePrediction) else "the DataFrame"
        if isinstance(data, GovernancePrediction):
            hint = " (predict on a scenario of real states, e.g. built with states='world')"
        cols = [str(c) for c in frame.columns]
        if column is None or column not in frame.columns:
            raise _checks.invalid("column", column, f"must name a column of {what}: " + ", ".join(cols)
                                  + did_you_mean(column, cols))
        series, label = frame[column], str(column)
    elif isinstance(data, (pd.Series, Mapping)):
        if column is not None:
            raise _checks.invalid("column", column, "is for a DataFrame or a prediction; a Series is mapped whole")
        series = data if isinstance(data, pd.Series) else pd.Series(dict(data), dtype=object)
        label = series.name if isinstance(series.name, str) else None
    else:
        raise _checks.invalid("series_or_prediction", type(data).__name__,
                              "must be a pandas Series indexed by ISO3 codes, a DataFrame with column=, "
                              "or a goodsgov.GovernancePrediction of UN member states")
    table = countries()
    codes = []
    for key in series.index:
        code = key.strip().upper() if isinstance(key, str) else None
        if code not in table.index:
            raise _checks.invalid("state", key, "must be the ISO 3166-1 alpha-3 code of one of the 193 UN "
                                  "member states" + hint + did_you_mean(key, table.index, dict(table["name"])))
        codes.append(code)
    out = series.copy()
    out.index = pd.Index(codes)
    if out.index.has_duplicates:
        raise _checks.invalid("state", out.index[out.index.duplicated()][0], "each state may appear once")
    if out.notna().sum() == 0:
        raise _checks.invalid("series_or_prediction", f"{len(out)} missing values",
                              "must hold a value for at least one UN member state")
    return out, label


def _colormap(cmap):
    import matplotlib
    from matplotlib.colors import Colormap
    if isinstance(cmap, Colormap):
        return cmap
    if isinstance(cmap, str) and cmap in matplotlib.colormaps:
        return matplotlib.colormaps[cmap]
    raise _checks.invalid("cmap", cmap, "must be a matplotlib colormap or its name"
                          + did_you_mean(cmap, list(matplotlib.colormaps)))


def _categories(values: pd.Series):
    """(categories in legend order, their labels, whether they are levels) or None for numbers."""
    present = values.dropna()
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = list(values.cat.categories)
        return cats, [str(c) for c in cats], False
    items = present.tolist()
    if all(isinstance(v, (bool, np.bool_)) for v in items):
        cats = [c for c in (True, False) if c in set(items)]
        return cats, ["yes" if c else "no" for c in cats], False
    if all(isinstance(v, Real) for v in items):
        return None
    try:
        distinct = set(items)
    except TypeError:
        raise _checks.invalid("series_or_prediction", "unhashable values", "values must be numbers, "
                              "booleans or categories (strings, levels)") from None
    if distinct <= set(Level):   # Level is a str enum: 'regional' is Level.REGIONAL
        cats = [lv for lv in Level if lv in distinct]
        return cats, [lv.label for lv in cats], True
    cats = sorted(distinct, key=lambda v: (str(type(v)), str(v)))
    return cats, [str(c) for c in cats], False


def _category_colours(cats, is_level: bool, cmap) -> list:
    from matplotlib.colors import ListedColormap, to_rgba
    if isinstance(cmap, Mapping):
        missing = [c for c in cats if c not in cmap]
        if missing:
            raise _checks.invalid("cmap", f"{len(cmap)} colours", "must give a colour for every category; "
                                  "missing: " + ", ".join(map(str, missing)))
        try:
            return [to_rgba(cmap[c]) for c in cats]
        except ValueError as exc:
            raise _checks.invalid("cmap", dict(cmap), f"holds something that is not a colour: {exc}") from None
    if cmap is None and is_level:
        return [to_rgba(LEVEL_COLOURS[Level(c)]) for c in cats]
    cm = _colormap(cmap if cmap is not None else "tab10" if len(cats) <= 10 else "tab20" if len(cats) <= 20
                   else "viridis")
    if isinstance(cm, ListedColormap) and len(cats) <= cm.N <= 20:
        return [cm(k) for k in range(len(cats))]
    return [cm(v) for v in np.linspace(0.0, 1.0, len(cats))]


def _numeric_colours(values: pd.Series, cmap, norm):
    from matplotlib.colors import Normalize
    present = values.dropna()
    x = present.to_numpy(dtype=float)
    if not np.isfinite(x).all():
        code = present.index[~np.isfinite(x)][0]
        raise _checks.invalid(f"value of {code}", present[code], "must be finite (leave a state out, or "
                              "give NaN, for no data)")
    if norm is None:
        lo, hi = float(x.min()), float(x.max())
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        norm = Normalize(lo, hi)
    elif not isinstance(norm, Normalize):
        raise _checks.invalid("norm", type(norm).__name__, "must be a matplotlib.colors.Normalize "
                              "(e.g. LogNorm()) or None")
    norm.autoscale_None(x)
    scaled = np.ma.masked_invalid(norm(x))
    bad = np.ma.getmaskarray(scaled)
    if bad.any():
        raise _checks.invalid("norm", type(norm).__name__, "cannot place the value of "
                              + ", ".join(f"{c} ({present[c]!r})" for c in present.index[bad][:5])
                              + " on the colour scale (a LogNorm needs positive values)")
    cm = _colormap(cmap if cmap is not None else "viridis")
    return dict(zip(present.index, cm(scaled.filled(0.0)))), cm, norm


def world_map(series_or_prediction, column: str | None = None, *, ax=None,
              path: str | os.PathLike | None = None, title: str | None = None, cmap=None,
              legend: bool = True, norm=None, projection: str = "equal-earth"):
    """A choropleth of any per-state number or category on the 193 UN member states.

    ``series_or_prediction``: a pandas Series indexed by ISO3 codes; a
    DataFrame (indexed by ISO3) with ``column``; or a
    :class:`goodsgov.GovernancePrediction` of a scenario of real states
    (e.g. ``states="world"``) with ``column`` one of its ``states``
    columns. Numbers are drawn on a colour scale (``cmap``, default
    ``"viridis"``; ``norm``: a matplotlib ``Normalize``, e.g. ``LogNorm()``
    for skewed numbers) with a colour bar; booleans ("yes"/"no"), levels
    (in their colours), pandas categoricals and strings as categories
    with a legend (``cmap``: a colormap or a mapping category -> colour).
    States without a value are hatched grey ("no data"); territories the
    source draws apart from the 193 (Greenland, Western Sahara, Taiwan,
    Kosovo, Somaliland, Northern Cyprus, ...) light grey ("other
    territory"); Antarctica is left out. The 28 member states too small
    for the 1:110m outlines are dots at their reference points.

    Outlines: Natural Earth 1:110m countries (public domain) via world-atlas
    2.0.2, shipped in ``goodsgov/data/world_map.json``; ``projection``:
    see :func:`project`. ``ax``: draw into this Axes; ``path``: also save
    to .png, .svg or .pdf. Returns the Figure.

    >>> import goodsgov as gg
    >>> fig = world_map(gg.world.countries()["income_group"])
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()][:2]
    ['High income', 'Low income']
    """
    _checks.choice("projection", projection, PROJECTIONS)
    values, label = _map_values(series_or_prediction, column)
    kinds = _categories(values)
    present = values.dropna()
    if kinds is None:
        colour_of, cm, norm = _numeric_colours(values, cmap, norm)
    else:
        cats, labels, is_level = kinds
        colours = _category_colours(cats, is_level, cmap)
        index = {c: k for k, c in enumerate(cats)}
        colour_of = {iso: colours[index[v]] for iso, v in present.items()}
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Patch, PathPatch
    if ax is None:
        fig = _figure(figsize=(10.0, 5.6))
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    paths, others, points, outline = _geometry(projection)
    ax.add_patch(PathPatch(outline, facecolor="none", edgecolor="#9a9a9a", lw=0.6, zorder=0))
    ax.add_collection(PatchCollection([PathPatch(p) for p in others], facecolor=_OTHER, edgecolor=_OTHER_EDGE,
                                      lw=0.3, zorder=1, gid="other territories"))
    known = [iso for iso in paths if iso in colour_of]
    unknown = [iso for iso in paths if iso not in colour_of]
    ax.add_collection(PatchCollection([PathPatch(paths[i]) for i in known], facecolors=[colour_of[i] for i in known],
                                      edgecolor="white", lw=0.25, zorder=2, gid="states"))
    if unknown:
        ax.add_collection(PatchCollection([PathPatch(paths[i]) for i in unknown], facecolor=_NO_DATA,
                                          edgecolor=_NO_DATA_EDGE, hatch=_HATCH, lw=0.2, zorder=2, gid="no data"))
    dots = list(points)
    ax.scatter([points[i][0] for i in dots], [points[i][1] for i in dots], s=14, zorder=3,
               c=[colour_of.get(i, _NO_DATA) for i in dots], edgecolors="#404040", linewidths=0.4, gid="points")
    xmax, ymax = float(_project(180.0, 0.0, projection)[0]), float(_project(0.0, 90.0, projection)[1])
    ax.set_xlim(-1.01 * xmax, 1.01 * xmax)
    ax.set_ylim(-1.01 * ymax, 1.01 * ymax)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if legend:
        extra = ([Patch(facecolor=_NO_DATA, edgecolor=_NO_DATA_EDGE, hatch=_HATCH, lw=0.4, label="no data")]
                 if len(present) < len(paths) + len(points) else [])
        extra.append(Patch(facecolor=_OTHER, edgecolor=_OTHER_EDGE, lw=0.4, label="other territory"))
        if kinds is None:
            from matplotlib.cm import ScalarMappable
            fig.colorbar(ScalarMappable(norm=norm, cmap=cm), ax=ax, orientation="horizontal", fraction=0.05,
                         pad=0.02, shrink=0.6, label=label or "")
            ax.legend(handles=extra, loc="lower left", frameon=False, fontsize=8)
        else:
            handles = [Patch(facecolor=c, edgecolor="none", label=t) for c, t in zip(colours, labels)]
            ax.legend(handles=handles + extra, title=label, loc="lower left", frameon=False, fontsize=8,
                      title_fontsize=8)
    ax.set_title(title if title is not None else (label or ""))
    _save(fig, path)
    return fig
