r"""Tables for a paper: any result table as LaTeX, through pandas' own ``Styler.to_latex``.

:func:`to_latex` writes a DataFrame (a Table 1, a prediction's ``scopes``
or ``states``, a sweep) as a booktabs ``tabular`` (``\toprule``,
``\midrule``, ``\bottomrule``: load the ``booktabs`` package), inside a
``table`` float when a caption or label is given. Every cell, column name
and index label is escaped for LaTeX (``_``, ``&``, ``%``, ``$``, ``#``,
``{``, ``}``, ``~``, ``^``, ``\``); numbers are written in plain notation
(:func:`goodsgov.notation.plain`, 4 significant digits: ``35,815``,
``0.1235``, never an exponent); a tuple of members is written ``A, B, C``;
a missing value ``--``, an infinite one ``$\infty$``. Country names are
UTF-8 (``Côte d’Ivoire``): compile with a LaTeX that reads UTF-8 (any
since 2018, or ``inputenc``).

Needs ``jinja2`` (pandas' ``Styler`` does).

>>> import pandas as pd
>>> df = pd.DataFrame({"net_welfare": [35815.4, 0.01234], "level": ["regional", "none"]})
>>> print(to_latex(df))
\begin{tabular}{rl}
\toprule
net\_welfare & level \\
\midrule
35,815 & regional \\
0.01234 & none \\
\bottomrule
\end{tabular}
<BLANKLINE>
"""

from __future__ import annotations

import math
import re
from numbers import Integral, Real
from typing import Callable

import numpy as np
import pandas as pd

from . import _checks
from .notation import plain

__all__ = ["to_latex", "latex_escape", "DIGITS"]

#: Significant digits of numbers in a LaTeX table (unless ``float_format`` is given).
DIGITS = 4

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))


def latex_escape(text: object) -> str:
    r"""``text`` (as a string) with LaTeX's special characters escaped, in one pass.

    >>> print(latex_escape("gap_share 5% & $x^2$"))
    gap\_share 5\% \& \$x\textasciicircum{}2\$
    """
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], str(text))


def _float_formatter(float_format) -> Callable[[float], str]:
    if float_format is None:
        return lambda x: plain(x, DIGITS)
    if isinstance(float_format, str):
        spec = float_format
        fmt = (lambda x: spec.format(x)) if "{" in spec else (lambda x: format(x, spec))
    elif callable(float_format):
        fmt = float_format
    else:
        raise _checks.invalid("float_format", _checks.brief(float_format),
                              "must be None, a format such as '{:.3f}' or '.3f', or a callable "
                              "float -> str")
    try:
        probe = fmt(1.5)
    except Exception as exc:   # the user's format: any failure is a bad format
        raise _checks.invalid("float_format", _checks.brief(float_format),
                              f"must format a float ({type(exc).__name__}: {exc})") from None
    if not isinstance(probe, str):
        raise _checks.invalid("float_format", _checks.brief(float_format),
                              "must return a string for a float")
    return fmt


def _need_jinja2() -> None:
    try:
        import jinja2  # noqa: F401
    except ImportError:
        raise ImportError("LaTeX tables need jinja2 (pandas' Styler.to_latex uses it): "
                          "pip install jinja2") from None


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def _cell(value: object, fmt: Callable[[float], str]) -> str:
    """One cell's LaTeX (escaped)."""
    if _missing(value):
        return "--"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Real):
        x = float(value)
        if math.isinf(x):
            return r"$\infty$" if x > 0 else r"$-\infty$"
        return latex_escape(fmt(x))
    if isinstance(value, (tuple, list, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return latex_escape(", ".join(str(v) for v in items))
    return latex_escape(value)


def _label(value: object) -> str:
    return latex_escape(value)


def to_latex(df: pd.DataFrame | pd.Series, *, caption: str | None = None, label: str | None = None,
             float_format: str | Callable[[float], str] | None = None,
             index: bool | None = None) -> str:
    r"""``df`` as a LaTeX table, written by pandas' ``Styler.to_latex`` (booktabs rules).

    ``caption``, ``label``: put the ``tabular`` in a centred ``table`` float
    with ``\caption`` (LaTeX, written as given: escape text with
    :func:`latex_escape`) and ``\label``; neither: the bare ``tabular``.
    ``float_format``: how floats are written (a format such as ``'{:.3f}'``
    or ``'.3f'``, or a callable; default plain notation with
    :data:`DIGITS` significant digits); ``index``: show the index (default:
    unless it is the default 0, 1, 2, ... index). A Series is written as a
    one-column table. Cells, column names and index labels are escaped.

    >>> import goodsgov as gg
    >>> p = gg.predict_governance(gg.skilled_labour(n_states=6, n_regions=2))
    >>> tex = to_latex(p.scopes[["scope", "net_welfare", "self_enforcing"]], caption="Scopes",
    ...                label="tab:scopes")
    >>> tex.splitlines()[:5]
    ['\\begin{table}', '\\centering', '\\caption{Scopes}', '\\label{tab:scopes}', '\\begin{tabular}{lrl}']
    >>> sum(line.endswith("\\\\") for line in tex.splitlines())   # the header and 4 scopes
    5
    """
    _need_jinja2()
    if isinstance(df, pd.Series):
        df = df.to_frame()
    if not isinstance(df, pd.DataFrame):
        raise _checks.invalid("df", _checks.brief(df), "must be a pandas DataFrame or Series")
    for name, value in (("caption", caption), ("label", label)):
        if value is not None and not isinstance(value, str):
            raise _checks.invalid(name, _checks.brief(value), "must be a string or None")
    if label is not None and (not label or any(c in label for c in "{}\\%# \t\n")):
        raise _checks.invalid("label", label, "must be a non-empty LaTeX label without spaces, "
                              "braces, backslashes, % or #, e.g. 'tab:scopes'")
    if index is not None and not isinstance(index, (bool, np.bool_)):
        raise _checks.invalid("index", _checks.brief(index), "must be True, False or None")
    if not df.columns.is_unique or not df.index.is_unique:
        raise _checks.invalid("df", "<DataFrame with repeated labels>",
                              "must have unique column names and index labels")
    fmt = _float_formatter(float_format)
    show_index = (not (isinstance(df.index, pd.RangeIndex) and df.index.name is None)
                  if index is None else bool(index))
    table = df.copy(deep=False)
    table.index = table.index.set_names([None if n is None else _label(n) for n in table.index.names])
    table.columns = table.columns.set_names([None if n is None else _label(n)
                                             for n in table.columns.names])
    styler = (table.style.format(lambda v: _cell(v, fmt))
              .format_index(_label, axis=0).format_index(_label, axis=1))
    if not show_index:
        styler = styler.hide(axis="index")
    floating = caption is not None or label is not None
    return styler.to_latex(caption=caption, label=label, hrules=True, column_format=_columns(
                               table, show_index), position_float="centering" if floating else None)


def _columns(df: pd.DataFrame, show_index: bool) -> str:
    """Alignment: labels and text left, numbers right (a bool is text here)."""
    def numeric(dtype) -> bool:
        return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
    return ("l" * df.index.nlevels if show_index else "") + "".join(
        "r" if numeric(t) else "l" for t in df.dtypes)
