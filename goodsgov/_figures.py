"""What every goodsgov figure shares: matplotlib (the optional extra ``plot``),
a figure without pyplot and saving to PNG, SVG or PDF."""

from __future__ import annotations

import os

import pandas as pd

try:
    import matplotlib  # noqa: F401  (the optional extra: its absence named once, here)
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError('goodsgov.plot needs matplotlib: pip install "goodsgov[plot]"') from exc

from . import _checks

__all__ = ["figure", "save", "check_df", "FORMATS"]

#: The file types a figure is saved as (by the path's ending).
FORMATS = (".png", ".svg", ".pdf")


def figure(**kwargs):
    """A :class:`matplotlib.figure.Figure` built without pyplot (no global state)."""
    from matplotlib.figure import Figure
    return Figure(**kwargs)


def save(fig, path) -> None:
    """Save ``fig`` at ``path`` (PNG, SVG or PDF by its ending; nothing when None)."""
    if path is None:
        return
    p = os.fspath(path)
    if not p.lower().endswith(FORMATS):
        raise _checks.invalid("path", p, "must end in .png, .svg or .pdf")
    from ._files import open_output
    with open_output(p, field="path", force=True, binary=True) as fh:   # never through a symlink
        fig.savefig(fh, format=p.rsplit(".", 1)[1].lower(), dpi=150, bbox_inches="tight")


def check_df(df, columns, source: str = "goodsgov.sweep") -> None:
    """``df`` is a non-empty DataFrame (from ``source``) holding ``columns``."""
    if not isinstance(df, pd.DataFrame):
        raise _checks.invalid("df", type(df).__name__, f"must be a pandas DataFrame from {source}")
    if df.empty:
        raise _checks.invalid("df", "<empty DataFrame>", "must hold at least one row")
    for c in columns:
        if c not in df.columns:
            raise _checks.invalid("column", c, f"must be a column of df (from {source}): "
                                  + ", ".join(map(str, df.columns)))
