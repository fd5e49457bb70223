"""Exception types raised by goodsgov.

Every error a user can trigger with bad input is a :class:`GoodsgovError`,
which subclasses :class:`ValueError`, so ``except ValueError`` keeps working.
Messages name the field, the offending value and what is allowed.

Messages are bounded whatever the input: a value is shown by at most
:data:`MAX_VALUE_CHARS` characters of its ``repr`` (:func:`short_repr`),
and a message longer than :data:`MAX_MESSAGE_CHARS` is shortened in the
middle (to exactly that bound or fewer, so bounding again changes nothing).
Every exception pickles and unpickles to an equal one, with the same
message, attributes and notes, so an error raised on a worker process (a
sweep point on a process pool) reaches the caller as the same goodsgov error.

>>> import pickle
>>> err = ValidationError("rivalry", 2.0, "must be in [0.0, 1.0]")
>>> str(err)
'rivalry = 2.0 is invalid: must be in [0.0, 1.0]'
>>> again = pickle.loads(pickle.dumps(err))
>>> type(again).__name__, again.field, again.value, str(again) == str(err)
('ValidationError', 'rivalry', 2.0, True)
>>> len(str(ValidationError("reach", [[0.5] * 2000] * 2000, "must have 3 rows"))) < 300
True
"""

from __future__ import annotations

import difflib
import reprlib
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "GoodsgovError",
    "ValidationError",
    "GameError",
    "SolverError",
    "EstimationError",
    "ScenarioFileError",
    "invalid",
    "unknown_choice",
    "did_you_mean",
    "short_repr",
    "MAX_VALUE_CHARS",
    "MAX_MESSAGE_CHARS",
]

#: At most this many characters of a value's ``repr`` go into a message.
MAX_VALUE_CHARS = 200
#: A message longer than this is shortened in the middle (its start and end kept).
MAX_MESSAGE_CHARS = 1000

_SIZED = (list, tuple, dict, set, frozenset)
_brief = reprlib.Repr()
_brief.maxlevel, _brief.maxlist, _brief.maxtuple = 3, 8, 8
_brief.maxdict, _brief.maxset, _brief.maxfrozenset = 8, 8, 8
_brief.maxstring, _brief.maxother = MAX_VALUE_CHARS, MAX_VALUE_CHARS


def short_repr(value: Any, limit: int = MAX_VALUE_CHARS) -> str:
    """``repr(value)`` cut to at most ``limit`` characters (ending in ``...`` when cut).

    Large containers are summarised without building their whole ``repr``.

    >>> short_repr([1.5, "a"])
    "[1.5, 'a']"
    >>> text = short_repr(list(range(10**6)))
    >>> len(text) <= 200, text[:12]
    (True, '[0, 1, 2, 3,')
    """
    try:
        if isinstance(value, _SIZED) and len(value) > 50:
            text = _brief.repr(value)
        elif isinstance(value, (str, bytes)) and len(value) > limit:
            text = repr(value[:limit])
        else:
            text = repr(value)
    except Exception:  # a repr that fails must not hide the error being reported
        text = f"<{type(value).__name__} object>"
    text = " ".join(text.split()) if "\n" in text else text
    return text if len(text) <= limit else text[:max(limit - 3, 0)] + "..."


def _bounded(message: str) -> str:
    """``message`` if it has at most :data:`MAX_MESSAGE_CHARS` characters, else its start and end
    around a note of what was cut, in at most that many characters (so bounding a bounded
    message changes nothing: an error pickled and unpickled keeps its message whole)."""
    if len(message) <= MAX_MESSAGE_CHARS:
        return message
    marker = " ... [{} characters cut] ... "
    # the count cut has at most as many digits as the length: size the marker for that
    keep = (MAX_MESSAGE_CHARS - len(marker.format(len(message)))) // 2
    return message[:keep] + marker.format(len(message) - 2 * keep) + message[-keep:]


class _Shown(str):
    """What stands for a value that cannot be pickled: its short repr, shown as is."""

    def __repr__(self) -> str:
        return str(self)


def _picklable(value: Any) -> Any:
    """``value`` if it pickles, else its short repr (an error must always travel)."""
    import pickle
    try:
        pickle.dumps(value)
    except Exception:
        return _Shown(short_repr(value))
    return value


def _restore(cls: type, args: tuple, state: dict) -> BaseException:
    """Rebuild a pickled goodsgov error as it was: its message (``args``) is kept, not
    recomputed from its attributes, so it comes back character for character."""
    err = cls.__new__(cls, *args)     # BaseException.__new__ stores args; __init__ not run
    err.__dict__.update(state)
    return err


class GoodsgovError(ValueError):
    """Base class of every goodsgov error (a message of bounded length)."""

    def __init__(self, *args: Any):
        if len(args) == 1 and isinstance(args[0], str):
            args = (_bounded(args[0]),)
        super().__init__(*args)

    def __reduce__(self):
        state = {k: _picklable(v) for k, v in self.__dict__.items()}
        return (_restore, (type(self), tuple(_picklable(a) for a in self.args), state))


class ValidationError(GoodsgovError):
    """An input value is outside what the model allows.

    ``field``, ``value`` (the value itself) and ``allowed`` are kept as
    attributes; the message shows at most :data:`MAX_VALUE_CHARS`
    characters of the value.
    """

    def __init__(self, field: str, value: Any, allowed: str):
        super().__init__(f"{field} = {short_repr(value)} is invalid: {allowed}")
        self.field = field
        self.value = value
        self.allowed = allowed



class GameError(GoodsgovError):
    """A game is malformed (payoff shape, player count, ...)."""


class SolverError(GoodsgovError):
    """A solver was asked for something it cannot compute for this game."""


class EstimationError(SolverError):
    """An estimate that cannot be given (:func:`goodsgov.estimate`): ``what``
    could not be fitted, and ``why``."""

    def __init__(self, what: str, why: str):
        super().__init__(f"{what}: {why}")
        self.what = what
        self.why = why


class ScenarioFileError(GoodsgovError):
    """A scenario file cannot be read: names the file, the key and what was expected."""


def invalid(field: str, value: Any, allowed: str) -> ValidationError:
    """Build the standard validation error (``raise invalid(...)``)."""
    return ValidationError(field, value, allowed)


def did_you_mean(value: object, options: Iterable[str], extra: Mapping[str, str] | None = None) -> str:
    """'; did you mean ...?' from close matches among ``options`` (and names in ``extra``:
    a mapping code -> name, for codes), or an empty string."""
    if not isinstance(value, str):
        return ""
    options = list(options)
    hits: list[str] = []
    if extra:   # codes: names that begin with the value ('GER' -> Germany), then close names
        key = value.strip().lower()
        by_name = {name.lower(): code for code, name in extra.items()}
        if len(key) >= 3:
            hits += [code for name, code in by_name.items() if name.startswith(key)][:2]
        hits += [by_name[n] for n in difflib.get_close_matches(key, list(by_name), n=2,
                                                               cutoff=0.7)]
    hits += difflib.get_close_matches(value.strip().upper() if extra else value.strip(), options, n=3,
                                      cutoff=0.6)
    if not extra:
        hits += difflib.get_close_matches(value.strip().lower(), options, n=3, cutoff=0.6)
    hits = list(dict.fromkeys(hits))[:3]
    return "; did you mean " + " or ".join(repr(h) for h in hits) + "?" if hits else ""


def unknown_choice(field: str, value: Any, allowed: Iterable[str]) -> ValidationError:
    """The error for a name outside ``allowed``, with its close matches.

    >>> str(unknown_choice("kind", "rpc", ["rcp", "rec"]))
    "kind = 'rpc' is invalid: must be one of 'rcp', 'rec'; did you mean 'rec' or 'rcp'?"
    """
    allowed = list(allowed)
    return ValidationError(field, value, "must be one of " + ", ".join(repr(a) for a in allowed)
                           + did_you_mean(value, allowed))
