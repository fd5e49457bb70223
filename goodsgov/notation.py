"""Numbers in plain notation for text a reader quotes: ``35,815``, ``3.58``, ``0.0123``.

:func:`plain` never writes an exponent (``3.582e+04`` is not something a
paper prints): a number is rounded to ``digits`` significant digits, except
that its integer part is always kept whole (``35,815``, not ``35,800``),
thousands are separated by commas and trailing zeros are dropped. Beyond
the 15 significant digits a double holds reliably, digits are zeros
(``1e20`` is ``100,000,000,000,000,000,000``).
:func:`distinct` writes several numbers that are compared with each other
(the welfare of each scope) with just enough digits to tell apart those
that differ.

>>> plain(35815.4), plain(3.5821), plain(0.012345), plain(-2.0), plain(1e-7)
('35,815', '3.58', '0.0123', '-2', '0.0000001')
>>> distinct([558.69, 558.48, 558.61, 12.0])
['558.7', '558.5', '558.6', '12']
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Context, Decimal
from numbers import Real
from typing import Iterable

import numpy as np

from . import _checks

__all__ = ["plain", "distinct", "DIGITS", "MAX_DIGITS", "RELIABLE_DIGITS"]

#: Significant digits :func:`plain` keeps by default.
DIGITS = 3
#: Most significant digits :func:`distinct` uses to tell numbers apart.
MAX_DIGITS = 12
#: Significant digits a double holds reliably: :func:`plain` writes zeros beyond them.
RELIABLE_DIGITS = 15


def _number(field: str, value: object) -> float:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise _checks.invalid(field, _checks.brief(value), "must be a real number")
    try:
        return float(value)
    except OverflowError:
        raise _checks.invalid(field, _checks.brief(value),
                              "must be a real number within double precision") from None


def plain(value: float, digits: int = DIGITS, *, zero: float = 0.0) -> str:
    """``value`` in plain notation with ``digits`` significant digits (never an exponent).

    The integer part is kept whole and grouped by commas; a number whose
    magnitude is at most ``zero`` (e.g. round-off next to a scale of 1e6)
    is written ``0``; NaN and infinities are written ``nan``, ``inf`` and
    ``-inf``.

    >>> plain(2941473.2), plain(999.96), plain(0.099996), plain(1e-12, zero=1e-9)
    ('2,941,473', '1,000', '0.1', '0')
    >>> plain(3.5821, 5)
    '3.5821'
    """
    x = _number("value", value)
    digits = _checks.integer("digits", digits, low=1, high=RELIABLE_DIGITS)
    zero = _checks.real("zero", zero, low=0.0, bound=None, allow_inf=True)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0.0 or abs(x) <= zero:
        return "0"
    e = math.floor(math.log10(abs(x)))
    sig = min(max(digits, e + 1), RELIABLE_DIGITS)
    rounded = Decimal(x).quantize(Decimal(1).scaleb(e - sig + 1), rounding=ROUND_HALF_EVEN,
                                  context=Context(prec=RELIABLE_DIGITS + 2))
    text = format(rounded, ",f")          # the 'f' format never uses an exponent
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def distinct(values: Iterable[float], digits: int = DIGITS, *, zero: float = 0.0) -> list[str]:
    """Each of ``values`` by :func:`plain`, with the fewest significant digits (at least
    ``digits``, at most :data:`MAX_DIGITS`) at which numbers that differ are written differently.

    >>> distinct([35815.2, 35815.4])
    ['35,815.2', '35,815.4']
    >>> distinct([1.0, 1.0, 2.0])
    ['1', '1', '2']
    """
    xs = [_number("values", v) for v in values]
    digits = _checks.integer("digits", digits, low=1, high=MAX_DIGITS)
    for d in range(digits, MAX_DIGITS + 1):
        texts = [plain(x, d, zero=zero) for x in xs]
        seen: dict[str, float] = {}
        if all(seen.setdefault(t, x) == x or (math.isnan(x) and math.isnan(seen[t]))
               for t, x in zip(texts, xs)):
            return texts
    return texts
