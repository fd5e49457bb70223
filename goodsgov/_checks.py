"""Validation helpers shared by every module (internal).

Each helper either returns a clean value or raises
:class:`goodsgov.errors.ValidationError` naming the field, the value and
what is allowed.

Limits (the same for every module, so a value accepted by one part of the
library is accepted by the next):

* :data:`MAX_MAGNITUDE` (``1e100``): the largest absolute value of a model
  parameter. Models multiply parameters together (``benefit**2 / cost``,
  ``cost * q**2``), and products of numbers within ``1e±100`` stay far
  inside double precision (about ``1.8e308``).
* :data:`MIN_POSITIVE` (``1e-100``): the smallest value of a parameter that
  must be strictly positive (a cost, a slope, a divisor), for the same reason.
* :data:`MAX_ELEMENTS` (``10**8``): the most entries an input array may hold.
* :data:`MAX_STATES` (``10**6``): the most states a model allocates one
  entry per state for; :data:`MAX_PAIRS` (``10**7``): the most entries of a
  pairwise (``n x n``) table a model builds.
* :data:`MAX_BYTES` (2 GiB): the most memory one array (or one result) a
  solver builds may need; :func:`memory` computes the need from the input's
  shape and refuses beyond it *before* allocating, so an input whose
  arrays cannot fit is a library error, never a raw ``MemoryError``.

Models are wrapped in :func:`guarded`, which turns arithmetic that still
overflows (a product of extreme but accepted parameters) into a
:class:`~goodsgov.errors.ValidationError` naming the parameters and refuses
results that are not finite.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import math
from collections.abc import Iterator, Mapping, Set
from decimal import Decimal
from fractions import Fraction
from numbers import Complex, Integral, Real
from typing import Any, Callable, Iterable

import numpy as np

from .errors import GoodsgovError, SolverError, invalid, unknown_choice

__all__ = ["MAX_MAGNITUDE", "MIN_POSITIVE", "MAX_ELEMENTS", "MAX_STATES", "MAX_PAIRS",
           "invalid", "real", "integer", "choice", "array", "strings", "brief", "guarded",
           "check_finite", "size", "MAX_BYTES", "memory"]

#: Largest magnitude of a model parameter (see the module docstring).
MAX_MAGNITUDE = 1e100
#: Smallest value of a strictly positive parameter.
MIN_POSITIVE = 1e-100
#: Most entries of one input array.
MAX_ELEMENTS = 10 ** 8
#: Most states of a model that allocates one entry per state.
MAX_STATES = 10 ** 6
#: Most entries of a pairwise table a model builds (``n * n``).
MAX_PAIRS = 10 ** 7
#: Most bytes one array or result built by a solver may need (see :func:`memory`).
MAX_BYTES = 2 * 1024 ** 3

_BRIEF = 120


_PLAIN = (type(None), bool, int, float, complex, str, bytes, np.generic, Fraction, Decimal)


def _plain(value: Any, depth: int = 0) -> bool:
    """Plain data (numbers, strings, short containers of them): shown as they are."""
    if isinstance(value, _PLAIN):
        return True
    if depth < 3 and isinstance(value, (list, tuple, set, frozenset)):
        return all(_plain(v, depth + 1) for v in value)
    if depth < 3 and isinstance(value, dict):
        return all(_plain(k, depth + 1) and _plain(v, depth + 1) for k, v in value.items())
    return False


def brief(value: Any) -> Any:
    """A short stand-in for a value in an error message.

    Long arrays and lists become a description of their shape; objects that
    are not plain data (iterators, functions, arbitrary objects) become
    ``"<typename>"``, so that the message is short, free of memory addresses
    and survives pickling unchanged.
    """
    if isinstance(value, np.ndarray):
        if value.size <= 8 and value.dtype.kind in "biufcUS":
            return value.tolist()
        return f"<array of shape {value.shape}, dtype {value.dtype}>"
    if isinstance(value, (list, tuple, set, frozenset, dict)) and len(value) > 8:
        return f"<{type(value).__name__} of {len(value)} items>"
    if not _plain(value):
        return f"<{type(value).__name__}>"
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the real error
        return f"<{type(value).__name__}>"
    if len(text) > _BRIEF:
        return f"<{type(value).__name__}: {text[:_BRIEF // 2]}...>"
    return value


def _kind(value: Any) -> str:
    """What a wrong-typed value is, for messages."""
    if isinstance(value, bool) or isinstance(value, np.bool_):
        return "a bool"
    if isinstance(value, (str, bytes)):
        return "a string"
    if isinstance(value, Complex) and not isinstance(value, Real):
        return "a complex number"
    return f"a {type(value).__name__}"


def real(field: str, value: Any, *, low: float | None = None, high: float | None = None,
         low_open: bool = False, high_open: bool = False, allow_inf: bool = False,
         bound: float | None = MAX_MAGNITUDE) -> float:
    """A finite real number in [low, high] (open ends on request; +inf if ``allow_inf``).

    Bools, strings and complex numbers are refused; numpy scalars are
    accepted. ``|value|`` must not exceed ``bound`` (:data:`MAX_MAGNITUDE`
    unless given; ``None``: no bound), and a parameter that must be strictly
    positive (``low=0, low_open=True``) must be at least :data:`MIN_POSITIVE`.

    >>> real("x", 2)
    2.0
    >>> real("x", 10 ** 400)
    Traceback (most recent call last):
    ...
    goodsgov.errors.ValidationError: x = '<int: 1000...>' is invalid: must have magnitude at most 1e+100
    """
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise invalid(field, brief(value), f"must be a real number, not {_kind(value)}")
    lo_s = "(" if low_open else "["
    hi_s = ")" if high_open else "]"
    rng = f"{lo_s}{'-inf' if low is None else low}, {'inf' if high is None else high}{hi_s}"
    if isinstance(value, Integral) and bound is not None and abs(int(value)) > bound:
        raise invalid(field, brief(value), f"must have magnitude at most {bound:g}")
    try:
        x = float(value)
    except (OverflowError, ValueError, TypeError):
        raise invalid(field, brief(value),
                      f"must be a real number of magnitude at most {bound or MAX_MAGNITUDE:g}"
                      ) from None
    if allow_inf and x == math.inf:
        return x
    if not math.isfinite(x):
        raise invalid(field, value, f"must be a finite number in {rng}")
    if low is not None and (x < low or (low_open and x == low)):
        raise invalid(field, value, f"must be in {rng}")
    if high is not None and (x > high or (high_open and x == high)):
        raise invalid(field, value, f"must be in {rng}")
    if bound is not None and abs(x) > bound:
        raise invalid(field, value, f"must have magnitude at most {bound:g}"
                      + (" (or be inf)" if allow_inf else ""))
    if low == 0 and low_open and x < MIN_POSITIVE:
        raise invalid(field, value, f"must be at least {MIN_POSITIVE:g} (a positive quantity "
                                    "this small overflows the model's ratios)")
    return x


def reals_valid(values: np.ndarray, *, low: float | None = None, high: float | None = None,
                low_open: bool = False, high_open: bool = False, allow_inf: bool = False,
                bound: float | None = MAX_MAGNITUDE) -> bool:
    """Whether :func:`real` with these arguments accepts every entry of the float array ``values``
    (its vectorised twin, for columns checked many times, as in a sweep)."""
    x = np.asarray(values, dtype=float)
    inf = x == math.inf if allow_inf else np.zeros(x.shape, dtype=bool)
    ok = np.isfinite(x) | inf
    f = np.where(inf, 0.0, x)
    if low is not None:
        ok &= (f > low) if low_open else (f >= low)
        ok |= inf
    if high is not None:
        ok &= ~inf & ((f < high) if high_open else (f <= high))
    if bound is not None:
        ok &= np.abs(f) <= bound
    if low == 0 and low_open:
        ok &= inf | (f >= MIN_POSITIVE)
    return bool(np.all(ok))


def integer(field: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """An integer in [low, high] (bools refused; numpy integers accepted)."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iu":
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise invalid(field, brief(value), f"must be an integer, not {_kind(value)}")
    k = int(value)
    if (low is not None and k < low) or (high is not None and k > high):
        raise invalid(field, brief(value),
                      f"must be an integer in [{'-inf' if low is None else low}, "
                      f"{'inf' if high is None else high}]")
    return k


def size(field: str, value: Any, *, low: int = 1, high: int = MAX_STATES) -> int:
    """A number of states (or other count) a model allocates memory for, in [low, high]."""
    k = integer(field, value, low=low)
    if k > high:
        raise invalid(field, brief(value),
                      f"must be at most {high} (the most this model allocates; "
                      "see goodsgov._checks for the limits)")
    return k


def choice(field: str, value: Any, allowed: Iterable[str]) -> str:
    """One of a fixed set of names (else an error with the close matches)."""
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise unknown_choice(field, brief(value), allowed)
    return value


def _materialised(field: str, value: Any, what: str) -> Any:
    """Refuse iterators, strings and mappings where a sequence is expected."""
    if isinstance(value, (str, bytes)):
        raise invalid(field, brief(value), f"must be {what}, not a string")
    if isinstance(value, Iterator):
        raise invalid(field, brief(value), f"must be {what} (a list, tuple or array), not an "
                                           "iterator or generator (pass list(...) of it)")
    if isinstance(value, Mapping):
        raise invalid(field, brief(value), f"must be {what}, not a mapping")
    return value


def strings(field: str, value: Any, *, nonempty_items: bool = False) -> tuple[str, ...]:
    """A sequence of strings (names) as a tuple; a set is taken in sorted order.

    Strings, mappings, iterators and non-iterables are refused.

    >>> strings("partners", ["B", "C"])
    ('B', 'C')
    >>> strings("partners", "B")
    Traceback (most recent call last):
    ...
    goodsgov.errors.ValidationError: partners = 'B' is invalid: must be a sequence of names, not a string
    """
    what = "a sequence of names"
    value = _materialised(field, value, what)
    if isinstance(value, np.ndarray):
        items = value.tolist() if value.ndim == 1 else None
    elif isinstance(value, Set):
        items = list(value)
        if all(isinstance(v, str) for v in items):
            items.sort()
    elif hasattr(value, "__len__") and hasattr(value, "__iter__"):
        items = list(value)
    else:
        items = None
    if items is None:
        raise invalid(field, brief(value), f"must be {what} (strings)")
    if len(items) > MAX_ELEMENTS:
        raise invalid(field, brief(value), f"must hold at most {MAX_ELEMENTS} names")
    for v in items:
        if not isinstance(v, str) or (nonempty_items and not v.strip()):
            raise invalid(field, brief(v), "every entry must be a non-empty string"
                          if nonempty_items else "every entry must be a string")
    return tuple(items)


def _as_float_array(field: str, value: Any, bound: float | None) -> np.ndarray:
    """Convert to a float64 array, refusing anything that is not made of real numbers."""
    value = _materialised(field, value, "an array of real numbers")
    if isinstance(value, Set):
        raise invalid(field, brief(value), "must be an ordered sequence (list, tuple or array), "
                                           "not a set")
    try:
        a = np.asarray(value)
    except (TypeError, ValueError, OverflowError):
        raise invalid(field, brief(value), "must be an array of real numbers (a regular, "
                                           "non-ragged nesting of lists)") from None
    allowed = "must be an array of real numbers"
    kind = a.dtype.kind
    if kind == "O":
        flat = a.ravel()
        if flat.size > MAX_ELEMENTS:
            raise invalid(field, brief(a), f"must hold at most {MAX_ELEMENTS} entries")
        out = np.empty(flat.size)
        for idx, v in enumerate(flat):
            if isinstance(v, np.ndarray) and v.ndim == 0:
                v = v[()]
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, Real):
                what = ("a nested sequence of unequal lengths (ragged)"
                        if isinstance(v, (list, tuple, np.ndarray)) else _kind(v))
                raise invalid(field, brief(value), f"{allowed}; an entry is {what}")
            if isinstance(v, Integral) and bound is not None and abs(int(v)) > bound:
                raise invalid(field, brief(v), f"every entry must have magnitude at most {bound:g}")
            try:
                out[idx] = float(v)
            except (OverflowError, ValueError, TypeError):
                raise invalid(field, brief(v), f"every entry {allowed[8:]} within float range"
                              ) from None
        return out.reshape(a.shape)
    if kind == "b":
        raise invalid(field, brief(value), f"{allowed}, not booleans")
    if kind == "c":
        raise invalid(field, brief(value), f"{allowed}, not complex numbers")
    if kind not in "iuf":
        raise invalid(field, brief(value), f"{allowed}, not {a.dtype} values")
    if kind == "f" and a.dtype.itemsize > 8 and bound is not None:
        big = np.abs(a[np.isfinite(a)]) > bound
        if np.any(big):
            raise invalid(field, brief(value), f"every entry must have magnitude at most {bound:g}")
    return np.array(a, dtype=float)


def array(field: str, value: Any, *, ndim: int | None = None, shape: tuple | None = None,
          low: float | None = None, high: float | None = None, low_open: bool = False,
          nonempty: bool = False, bound: float | None = MAX_MAGNITUDE,
          tiny: float | None = None, max_size: int = MAX_ELEMENTS,
          finite: bool = True) -> np.ndarray:
    """A finite float array with optional shape and bounds (returned read-only copy).

    Refused: strings, bools, complex numbers, iterators and generators
    (pass a list), sets, ragged nestings, objects that are not real
    numbers, entries beyond ``bound`` in magnitude (:data:`MAX_MAGNITUDE`)
    and more than ``max_size`` entries. Strictly positive entries
    (``low=0, low_open=True``) must be at least :data:`MIN_POSITIVE`; with
    ``tiny`` non-zero entries must have magnitude at least ``tiny``.
    ``finite=False`` lets NaN and inf through (for results checked later).

    >>> array("w", [1, 2.5]).tolist()
    [1.0, 2.5]
    >>> array("w", [1 + 2j])
    Traceback (most recent call last):
    ...
    goodsgov.errors.ValidationError: w = [(1+2j)] is invalid: must be an array of real numbers, not complex numbers
    """
    a = _as_float_array(field, value, bound)
    if a.size > max_size:
        raise invalid(field, brief(a), f"must hold at most {max_size} entries")
    if ndim is not None and a.ndim != ndim:
        raise invalid(field, brief(value), f"must be {ndim}-dimensional, got shape {a.shape}")
    if shape is not None and a.shape != tuple(shape):
        raise invalid(field, f"<array of shape {a.shape}>", f"must have shape {tuple(shape)}")
    if nonempty and a.size == 0:
        raise invalid(field, brief(value), "must not be empty")
    if finite and not np.all(np.isfinite(a)):
        raise invalid(field, brief(value), "must contain only finite numbers (no NaN or inf)")
    if not finite:
        a.setflags(write=False)
        return a
    if bound is not None and np.any(np.abs(a) > bound):
        raise invalid(field, a[np.abs(a) > bound][0].item(),
                      f"every entry must have magnitude at most {bound:g}")
    if low is not None:
        bad = a <= low if low_open else a < low
        if np.any(bad):
            op = ">" if low_open else ">="
            raise invalid(field, a[bad][0].item(), f"every entry must be {op} {low}")
    if high is not None and np.any(a > high):
        raise invalid(field, a[a > high][0].item(), f"every entry must be <= {high}")
    if low == 0 and low_open and tiny is None:
        tiny = MIN_POSITIVE
    if tiny is not None:
        small = (a != 0) & (np.abs(a) < tiny)
        if np.any(small):
            raise invalid(field, a[small][0].item(),
                          f"every non-zero entry must have magnitude at least {tiny:g} "
                          "(smaller divisors overflow the model)")
    a.setflags(write=False)
    return a


# ----------------------------------------------------------------------- models
def _non_finite(value: Any, path: str, allow: tuple[str, ...], depth: int = 0) -> str | None:
    """The path of the first non-finite number inside a result, or None."""
    if depth > 6 or value is None or isinstance(value, (bool, str, np.bool_)):
        return None
    if isinstance(value, Real):
        return None if math.isfinite(float(value)) else path
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc" and not np.all(np.isfinite(value)):
            return path
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name in allow:
                continue
            bad = _non_finite(getattr(value, f.name, None), f"{path}.{f.name}".lstrip("."),
                              allow, depth + 1)
            if bad:
                return bad
        return None
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value[:10_000]):
            bad = _non_finite(v, f"{path}[{i}]", allow, depth + 1)
            if bad:
                return bad
    return None


def _parameters(fn: Callable, args: tuple, kwargs: dict) -> tuple[str, Any]:
    """The names and (brief) values of a model's arguments, for an error message."""
    try:
        bound_args = inspect.signature(fn).bind(*args, **kwargs)
    except TypeError:
        return fn.__name__, "<arguments>"
    items = {k: v for k, v in bound_args.arguments.items() if k != "self" and not callable(v)}
    names = ", ".join(items) or fn.__name__
    values = brief(tuple(brief(v) for v in items.values()))
    return names, values


def check_finite(name: str, result: Any, *, allow_inf: tuple[str, ...] = ()) -> Any:
    """``result`` if every number in it is finite, else a :class:`SolverError` naming where."""
    bad = _non_finite(result, "", allow_inf)
    if bad is not None:
        raise SolverError(f"{name}: the result {bad or 'value'} is not finite; the parameters "
                          "overflow double precision")
    return result


def guarded(fn: Callable | None = None, *, allow_inf: tuple[str, ...] = ()) -> Callable:
    """Decorate a model: arithmetic failures become library errors, results must be finite.

    OverflowError, ZeroDivisionError and FloatingPointError raised while the
    model computes (parameters accepted one by one whose combination leaves
    double precision) become a :class:`~goodsgov.errors.ValidationError`
    naming the parameters; MemoryError too (the inputs are too large);
    ``numpy.linalg.LinAlgError`` a :class:`~goodsgov.errors.SolverError`. A
    result holding NaN or inf (outside the fields named in ``allow_inf``,
    which document an infinite value) is refused the same way.
    """
    if fn is None:
        return functools.partial(guarded, allow_inf=allow_inf)

    @functools.wraps(fn)
    def model(*args, **kwargs):
        with np.errstate(all="ignore"):
            try:
                result = fn(*args, **kwargs)
            except GoodsgovError:
                raise
            except (OverflowError, ZeroDivisionError, FloatingPointError) as exc:
                names, values = _parameters(fn, args, kwargs)
                raise invalid(names, values,
                              f"{fn.__name__} cannot compute with these values in double "
                              f"precision ({type(exc).__name__}: {exc}); use values of more "
                              "moderate magnitude") from exc
            except MemoryError as exc:
                names, values = _parameters(fn, args, kwargs)
                raise invalid(names, values, f"{fn.__name__} cannot allocate the memory these "
                                             "inputs need") from exc
            except np.linalg.LinAlgError as exc:
                raise SolverError(f"{fn.__name__}: linear algebra failed ({exc})") from exc
        bad = _non_finite(result, "", allow_inf)
        if bad is not None:
            names, values = _parameters(fn, args, kwargs)
            raise invalid(names, values,
                          f"{fn.__name__} overflows double precision with these values (the "
                          f"result {bad or 'value'} is not finite); use values of more "
                          "moderate magnitude")
        return result

    return model


def _gib(n: float) -> str:
    return f"{n / 1024 ** 3:.3g} GiB" if n >= 1024 ** 3 else f"{n / 1024 ** 2:.3g} MiB"


def memory(what: str, n_bytes: int, *, field: str | None = None, value: Any = None,
           hint: str = "", limit: int | None = None) -> None:
    """Refuse, before allocating, work that needs more than ``limit`` bytes (:data:`MAX_BYTES`).

    With ``field`` the error is a :class:`~goodsgov.errors.ValidationError`
    naming that input (and ``value``, e.g. a shape); without, a
    :class:`~goodsgov.errors.SolverError`. ``what`` says what would be built.

    >>> memory("a 10 x 10 table", 800)
    >>> memory("a 100000 x 100000 tableau", 8 * 10 ** 10)
    Traceback (most recent call last):
    ...
    goodsgov.errors.SolverError: a 100000 x 100000 tableau would need 74.5 GiB, more than the 2 GiB goodsgov allows one array (goodsgov._checks.MAX_BYTES)
    """
    limit = MAX_BYTES if limit is None else limit
    if n_bytes <= limit:
        return
    text = (f"{what} would need {_gib(n_bytes)}, more than the {_gib(limit)} goodsgov allows "
            "one array (goodsgov._checks.MAX_BYTES)" + (f"; {hint}" if hint else ""))
    if field is not None:
        raise invalid(field, value, text)
    raise SolverError(text)
