"""Pictures of sweeps and world maps (optional extra ``plot``: matplotlib).

:func:`phase_diagram` colours the predicted level of governance over two
swept parameters; asked to (``mark_table1=True``), it marks the three
Table 1 scenarios where the axes are parameters of the canonical
scenarios (at their default values, read from the functions that build
them). :func:`gap_plot` shows provision at each scope, and the governance
gap, against one parameter. Both take the DataFrame of
:func:`goodsgov.sweep`, return a :class:`matplotlib.figure.Figure` and,
given ``path``, save it as PNG, SVG or PDF. :func:`world_map` colours the
193 UN member states by any per-state number or category (it lives in
:mod:`goodsgov.maps`). :func:`futures_plot` and :func:`futures_years_plot`
draw the institutional options of :func:`goodsgov.futures`.

A numeric axis spans exactly the swept range (the cells of the first and
last values end at the range's edges), and labels stay inside the axes,
clear of the legend, which sits outside them.

Figures are built without pyplot (no global state, no display needed):
they render with matplotlib's Agg canvas and display in notebooks.
"""

from __future__ import annotations

import inspect
import os
from numbers import Real
from typing import Sequence

import numpy as np
import pandas as pd

from . import _checks
from ._figures import check_df, figure, save
from .maps import PROJECTIONS, project, world_map
from .registry import areas
from .governance.scopes import LEVEL_COLOURS, SCOPES, Level
from .sweeps import result_columns

__all__ = ["phase_diagram", "gap_plot", "world_map", "project", "PROJECTIONS", "LEVEL_COLOURS",
           "table1_positions", "futures_plot", "futures_years_plot"]

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
    """Where Table 1's scenarios sit on axes ``x`` (and ``y``): their default parameters.

    Read from the signatures of the constructors of the registered areas
    with a published row (an area Betts has no row for, such as survival
    migration, is not Table 1's); an area is listed only if every axis is
    one of its numeric parameters.

    >>> [(area, e, r) for area, e, r in table1_positions("excludability", "rivalry")]
    [('Refugees', 0.1, 0.1), ('Irregular/low-skilled migration', 0.9, 0.1), ('Highly-skilled labour migration', 0.95, 0.9)]
    """
    out = []
    for entry in areas():
        if entry.published_level is None:
            continue
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
    check_df(df, [x, y, level])
    if x == y:
        raise _checks.invalid("y", y, "must differ from x")
    _one_row_per(df, [x, y], "(x, y)")
    from matplotlib.colors import BoundaryNorm, ListedColormap
    if ax is None:
        fig = figure(figsize=(6.4, 4.8))
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
    save(fig, path)
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
    check_df(df, [x, "level", "gap_provision_share", "gap_surplus_share"]
              + [f"provision_{s}" for s in scopes])
    _one_row_per(df, [x], "x")
    xs, xticks = _positions(df[x])
    order = np.argsort(xs, kind="stable")
    xs, d = xs[order], df.iloc[order]
    fig = figure(figsize=(6.4, 5.6))
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
    save(fig, path)
    return fig


# ---------------------------------------------------------------------------- alternative futures

def futures_plot(df: pd.DataFrame, *, year: int | None = None, title: str | None = None,
                 path: str | os.PathLike | None = None):
    """Gap closed and who pays, per option, from :func:`goodsgov.futures`.

    Left: the share of the status quo's gap to the optimum each option
    closes (bars coloured by the option's level; hatched where it is not
    self-enforcing). Right: who pays: the share of all provision costs
    that would have to change hands for every state to pay its Lindahl
    share, the donor's share and, on the world's survival migrants, the
    hosts' cost share beside their Lindahl share. ``year``: which year of a
    table over years (default: the first).

    >>> import goodsgov as gg
    >>> fig = futures_plot(gg.futures(n_states=6, n_regions=2))
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['share of the gap closed', 'share of provision costs']
    """
    check_df(df, source="goodsgov.futures", columns=["option", "level", "gap_closed", "self_enforcing", "cost_gap", "donor_share"])
    d = df
    if "year" in df.columns:
        years = sorted(df["year"].unique())
        year = years[0] if year is None else year
        if year not in years:
            raise _checks.invalid("year", year, "must be one of the table's years: "
                                  + ", ".join(str(y) for y in years))
        d = df[df["year"] == year]
    elif year is not None:
        raise _checks.invalid("year", year, "the table has no years (futures without years=)")
    if d["option"].duplicated().any():
        raise _checks.invalid("df", "<several rows per option>", "must hold one row per option")
    labels = d["option"].tolist()[::-1]
    d = d.iloc[::-1]
    ys = np.arange(len(labels))
    fig = figure(figsize=(9.6, 0.45 * len(labels) + 2.2))
    left, right = fig.subplots(1, 2, sharey=True)
    colours = [LEVEL_COLOURS[Level(v)] for v in d["level"]]
    hatches = ["" if ok else "///" for ok in d["self_enforcing"]]
    for y, v, c, h in zip(ys, d["gap_closed"].to_numpy(dtype=float), colours, hatches):
        left.barh(y, v, color=c, hatch=h, edgecolor="#404040", lw=0.4)
    left.axvline(0.0, color="#404040", lw=0.6)
    left.set_yticks(ys)
    left.set_yticklabels(labels)
    left.set_xlabel("share of the gap closed")
    from matplotlib.patches import Patch
    present = [lv for lv in Level if lv.value in set(d["level"])]
    handles = [Patch(facecolor=LEVEL_COLOURS[lv], label=lv.value) for lv in present]
    if not d["self_enforcing"].all():
        handles.append(Patch(facecolor="white", hatch="///", edgecolor="#404040", label="not self-enforcing"))
    left.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=len(handles),
                fontsize=7, frameon=False)
    bars = [("cost_gap", "cost gap to Lindahl shares"), ("donor_share", "donor's share")]
    if "hosts_cost_share" in d.columns:
        bars += [("hosts_cost_share", "hosts' cost share"), ("hosts_lindahl_share", "hosts' Lindahl share")]
    width = 0.8 / len(bars)
    for k, (col, lab) in enumerate(bars):
        right.barh(ys - 0.4 + width * (k + 0.5), d[col].to_numpy(dtype=float), height=width, label=lab)
    right.set_xlabel("share of provision costs")
    right.set_xlim(0.0, 1.0)
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=7, frameon=False)
    fig.suptitle(title if title is not None else "Alternative futures: gap closed and who pays")
    save(fig, path)
    return fig


def futures_years_plot(df: pd.DataFrame, *, title: str | None = None,
                       path: str | os.PathLike | None = None):
    """The gap each option closes over the years of :func:`goodsgov.futures` (``years=``), each
    point coloured by the option's level that year, and (dashed) the gap the predicted
    institution would close, its level written beside it.

    >>> import goodsgov as gg
    >>> t = gg.futures(options=["status_quo", "cluster"], years=[2025, 2035], n_states=6, n_regions=2)
    >>> futures_years_plot(t).axes[0].get_ylabel()
    'share of the gap closed'
    """
    check_df(df, source="goodsgov.futures", columns=["year", "option", "level", "gap_closed", "net_welfare"])
    fig = figure(figsize=(8.0, 4.6))
    ax = fig.add_subplot()
    markers = "osD^v<>phX*"
    for k, (name, g) in enumerate(df.groupby("option", sort=False)):
        g = g.sort_values("year")
        ax.plot(g["year"], g["gap_closed"], color="#606060", lw=0.8, zorder=1)
        ax.scatter(g["year"], g["gap_closed"], c=[LEVEL_COLOURS[Level(v)] for v in g["level"]],
                   marker=markers[k % len(markers)], edgecolors="#303030", linewidths=0.5, zorder=2, s=36,
                   label=name)
    if "predicted_gap_closed" in df.columns:
        pred = df.drop_duplicates("year").sort_values("year")
        ax.plot(pred["year"], pred["predicted_gap_closed"], ls="--", color="black", lw=1.0, zorder=3,
                label="predicted")
        for yr, v, lv in zip(pred["year"], pred["predicted_gap_closed"], pred["predicted_level"]):
            ax.annotate(lv, (yr, v), textcoords="offset points", xytext=(0, 5), fontsize=6, ha="center")
    ax.set_xlabel("year")
    ax.set_ylabel("share of the gap closed")
    from matplotlib.patches import Patch
    first = ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=8, title="option")
    for h in first.legend_handles:
        if hasattr(h, "set_facecolor"):
            h.set_facecolor("white")
    ax.add_artist(first)
    present = [lv for lv in Level if lv.value in set(df["level"])]
    ax.legend(handles=[Patch(facecolor=LEVEL_COLOURS[lv], label=lv.value) for lv in present],
              loc="lower left", bbox_to_anchor=(1.02, 0.0), frameon=False, fontsize=8, title="level")
    ax.set_title(title if title is not None else "Alternative futures over time")
    save(fig, path)
    return fig
