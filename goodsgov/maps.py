"""World maps: the 193 UN member states coloured by any per-state number or
category (optional extra ``plot``: matplotlib).

:func:`world_map` draws the shipped Natural Earth outlines
(``goodsgov/data/world_map.json``, rebuilt by ``tools/build_world_map.py``)
in the Equal Earth projection (Šavrič, Patterson & Jenny 2018) or the
plain equirectangular one (:func:`project`). It takes a prediction on the
world (coloured by level of its states' institutions or any column of
``prediction.states``), a Series or a DataFrame indexed by ISO3 codes.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from numbers import Real

import numpy as np
import pandas as pd

from . import _checks
from ._figures import figure, save
from .errors import did_you_mean
from .governance.scopes import LEVEL_COLOURS, Level

__all__ = ["world_map", "project", "PROJECTIONS"]

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
        fig = figure(figsize=(10.0, 5.6))
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
    save(fig, path)
    return fig

