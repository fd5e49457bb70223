"""Payoff tensors from user input: goodsgov's layout and its validation.

A game with ``N`` players is a tensor of shape ``(N, k1, ..., kN)`` with
the player axis first: ``payoffs[i][a1, ..., aN]`` is player ``i``'s
payoff (:data:`LAYOUT`; von Neumann and Morgenstern 1944).  The functions
below turn what a user passes (arrays, nested lists of ints, floats,
Fractions or Decimals) into a float tensor, keep exact rationals for the
exact solvers, and refuse anything else with a
:class:`goodsgov.errors.GoodsgovError` that names the field, the entry and
the layout (spotting QuantEcon's, which differs).

>>> from fractions import Fraction
>>> p, exact = payoff_array([[Fraction(1, 3), 2], [3, 4]])
>>> p.tolist()[0][1], exact[0, 0]
(2.0, Fraction(1, 3))
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from numbers import Integral, Rational, Real
from typing import Sequence

import numpy as np

from ..errors import GameError, invalid

__all__ = ["LAYOUT", "payoff_array", "check_shape", "names", "permutation", "describe"]

#: The payoff layout, as stated in error messages.
LAYOUT = ("goodsgov layout: payoffs[i][a1, ..., aN] is player i's payoff, an array of shape "
          "(N, k1, ..., kN) with the player axis first (QuantEcon puts each player's own action "
          "first instead: convert with NormalFormGame.from_quantecon)")


def describe(value) -> str:
    """A short stand-in for a value in a message."""
    if isinstance(value, np.ndarray):
        return f"<array of shape {value.shape}, dtype {value.dtype}>"
    text = repr(value)
    return text if len(text) <= 80 else f"<{type(value).__name__}: {text[:40]}...>"


def _element_error(field: str, where: tuple, v) -> Exception:
    """The error for entry ``where`` of an object array that is not a real number."""
    loc = f"{field}[{', '.join(str(int(k)) for k in where)}]"
    if isinstance(v, (bool, np.bool_)):
        return invalid(loc, v, "must be a real number, not a bool")
    if isinstance(v, (list, tuple, np.ndarray)):
        return GameError(f"{field} is ragged (nested sequences of different lengths): it must be a "
                         f"rectangular array; {LAYOUT}")
    if isinstance(v, complex) or (isinstance(v, np.generic) and np.iscomplexobj(v)):
        return invalid(loc, v, "must be a real number, not complex")
    return invalid(loc, describe(v), f"must be a real number, not a {type(v).__name__}")


def payoff_array(value, field: str = "payoffs") -> tuple[np.ndarray, np.ndarray | None]:
    """``(float array, exact object array or None)`` from user input, or a library error.

    Accepts numeric numpy arrays and (nested) sequences of ints, floats,
    :class:`fractions.Fraction`, :class:`decimal.Decimal` and numpy real
    scalars.  Refuses ragged nesting, strings, bools, complex numbers,
    values beyond the float range (e.g. ``10**400``) and NaN or inf, with
    a :class:`goodsgov.errors.GoodsgovError` naming ``field`` and the
    offending entry.  Exact rationals (all entries ints or Fractions) are
    kept as an object array of Fractions for the exact solvers.
    """
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        with np.errstate(over="ignore"):
            p = np.array(value, dtype=float)
        obj = None
    else:
        if isinstance(value, np.ndarray):
            arr = value
        else:
            if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
                raise invalid(field, describe(value), f"must be an array of real numbers; {LAYOUT}")
            try:
                arr = np.asarray(value)
            except (ValueError, TypeError):
                raise GameError(f"{field} is ragged (nested sequences of different lengths): it "
                                f"must be a rectangular array; {LAYOUT}") from None
        kind = arr.dtype.kind
        if kind == "b":
            raise invalid(field, describe(arr), "must hold real numbers, not bools")
        if kind == "c":
            raise invalid(field, describe(arr), "must hold real numbers, not complex numbers")
        if kind in "iuf":
            with np.errstate(over="ignore"):
                p = np.array(arr, dtype=float)
            obj = None
        elif kind == "O":
            for where, v in np.ndenumerate(arr):
                if isinstance(v, (bool, np.bool_)) or not isinstance(v, (Real, Decimal)):
                    raise _element_error(field, where, v)
                try:
                    float(v)
                except OverflowError:
                    raise invalid(f"{field}[{', '.join(map(str, where))}]", describe(v),
                                  "must be within the float range (magnitude below 1.8e308)") from None
            p = arr.astype(float)
            obj = arr
        else:
            raise invalid(field, describe(arr), f"must hold real numbers, not dtype {arr.dtype}; "
                          f"{LAYOUT}")
    if not np.all(np.isfinite(p)):
        bad = tuple(int(v) for v in np.argwhere(~np.isfinite(p))[0])
        shown = value[bad] if isinstance(value, np.ndarray) else p[bad].item()
        raise invalid(f"{field}[{', '.join(map(str, bad))}]", describe(shown),
                      "must be finite (no NaN or inf) and within the float range")
    exact = None
    if obj is not None and all(isinstance(v, Rational) for v in obj.flat):
        exact = np.vectorize(Fraction, otypes=[object])(obj)
    return p, exact


def names(field: str, value, count: int) -> tuple[str, ...]:
    """``count`` names (strings) from a list, or a ValidationError naming ``field``.

    >>> names("players", ["Row", "Col"], 2)
    ('Row', 'Col')
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise invalid(field, describe(value), f"must be a list of {count} names (strings)")
    items = list(value)
    if len(items) != count:
        raise invalid(field, describe(value), f"must give exactly {count} names")
    for k, v in enumerate(items):
        if not isinstance(v, str):
            raise invalid(f"{field}[{k}]", describe(v), "must be a string")
    return tuple(str(v) for v in items)


def check_shape(shape: tuple[int, ...]) -> None:
    """Refuse shapes that are not (N, k1, ..., kN); say the layout, and spot QuantEcon's."""
    if len(shape) < 2:
        raise GameError(f"payoffs has shape {shape}: must be (N, k1, ..., kN) with N >= 1 players, "
                        f"e.g. (2, 3, 3) for two players with 3 actions each; {LAYOUT}")
    n = shape[0]
    if len(shape) != n + 1:
        hint = ""
        if shape[-1] == len(shape) - 1:
            hint = ("; this looks like QuantEcon's payoff_profile_array (players on the last axis, "
                    "shape (k1, ..., kN, N)): use np.moveaxis(payoffs, -1, 0) or "
                    "NormalFormGame.from_quantecon")
        raise GameError(f"payoffs has shape {shape}: the first axis says {n} players, so there "
                        f"must be {n} action axes (ndim {n + 1}), found {len(shape) - 1}{hint}; "
                        f"{LAYOUT}")
    if any(k < 1 for k in shape[1:]):
        raise GameError(f"payoffs has shape {shape}: every player needs at least one action")


def permutation(field: str, value, size: int) -> list[int]:
    """``value`` as a list of ints that permutes ``0..size-1``, or a ValidationError.

    >>> permutation("order", (1, 0), 2)
    [1, 0]
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise invalid(field, describe(value), f"must be a permutation of 0..{size - 1}")
    out = list(value)
    if not all(isinstance(v, (Integral, np.integer)) and not isinstance(v, (bool, np.bool_))
               for v in out) or sorted(int(v) for v in out) != list(range(size)):
        raise invalid(field, describe(value), f"must be a permutation of 0..{size - 1}")
    return [int(v) for v in out]
