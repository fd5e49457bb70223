"""Strategies for fuzzing: valid, extreme and wrong-typed inputs for every public entry point."""

from .games import nf_payoffs
from .scenarios import io_scenario


import decimal as _dec_fz  # noqa: E402
import fractions as _frac_fz  # noqa: E402

import numpy as _np_fz  # noqa: E402
from hypothesis import strategies as _st_fz  # noqa: E402

#: magnitudes at and around the documented limits (goodsgov._checks)
FZ_EDGES = (0, 1, -1, 0.5, 2, 3, 1e-100, 9.9e-101, 1e100, 1.01e100, 1e-300, 5e-324, 1e300,
            1.7e308, -1e100, -1e300, 10 ** 100, 10 ** 101, 10 ** 400, -10 ** 400, 2 ** 63,
            -2 ** 64)


def _fz_iterator(items):
    return iter(list(items))


def _fz_generator(items):
    items = list(items)
    return (x for x in items)


#: numbers of every kind a user might pass: Python and numpy floats and ints (huge,
#: tiny, NaN, inf), fractions, and values at the library's magnitude limits
fz_number = _st_fz.one_of(
    _st_fz.floats(min_value=-10.0, max_value=10.0),
    _st_fz.floats(),
    _st_fz.integers(min_value=-5, max_value=20),
    _st_fz.integers(),
    _st_fz.sampled_from(FZ_EDGES),
    _st_fz.floats(width=32).map(_np_fz.float32),
    _st_fz.integers(min_value=-2 ** 63, max_value=2 ** 63 - 1).map(_np_fz.int64),
    _st_fz.floats(min_value=-10.0, max_value=10.0).map(_np_fz.float64),
    _st_fz.fractions(max_denominator=10),
)

#: values of the wrong kind where a number or an array is expected
fz_garbage = _st_fz.one_of(
    _st_fz.none(), _st_fz.booleans(), _st_fz.just(_np_fz.bool_(True)),
    _st_fz.text(max_size=4), _st_fz.sampled_from(["1.0", "inf", "nan", "", "global", "3"]),
    _st_fz.binary(max_size=3), _st_fz.complex_numbers(max_magnitude=10.0),
    _st_fz.just(_np_fz.complex128(1 + 1j)), _st_fz.just(_dec_fz.Decimal("1.5")),
    _st_fz.dictionaries(_st_fz.sampled_from(["a", 1]), _st_fz.integers(0, 3), max_size=2),
    _st_fz.sets(_st_fz.integers(0, 3), max_size=3),
    _st_fz.lists(_st_fz.integers(0, 3), max_size=3).map(_fz_iterator),
    _st_fz.lists(_st_fz.floats(0.0, 3.0), max_size=3).map(_fz_generator),
    _st_fz.just(object()), _st_fz.just(_np_fz.array(1.0)), _st_fz.just(lambda *a: 1.0),
    _st_fz.just([[1.0], [1.0, 2.0]]), _st_fz.just([1.0, [2.0]]), _st_fz.just([None, 1.0]),
    _st_fz.just(_np_fz.array([1.0, 2.0], dtype=object)),
    _st_fz.just(_np_fz.array(["1", "2"])), _st_fz.just(_np_fz.array([1 + 2j, 3.0])),
    _st_fz.just(_np_fz.array([True, False])), _st_fz.just(_frac_fz.Fraction(10 ** 400, 3)),
)

#: a scalar parameter: mostly plausible numbers, sometimes extreme or wrong-typed
fz_scalar = _st_fz.one_of(fz_number, fz_number, fz_number, fz_garbage)
#: a positive moderate parameter, as a model is meant to be called
fz_moderate = _st_fz.floats(min_value=0.01, max_value=20.0)


def fz_param(plausible):
    """A parameter drawn mostly from ``plausible``, else any number or a wrong-typed value."""
    return _st_fz.one_of(plausible, plausible, plausible, fz_number, fz_garbage)


#: a number of states: small counts, the limits, absurd sizes and wrong types
fz_count = _st_fz.one_of(
    _st_fz.integers(min_value=1, max_value=12), _st_fz.integers(min_value=1, max_value=12),
    _st_fz.integers(min_value=1, max_value=12),
    _st_fz.sampled_from([0, -1, 501, 10 ** 6 + 1, 10 ** 12, 10 ** 400, 2.0, 3.5, True]),
    _st_fz.integers(min_value=2, max_value=12).map(_np_fz.int64),
    fz_garbage,
)


@_st_fz.composite
def fz_vector(draw, min_size: int = 0, max_size: int = 6, elements=None):
    """A vector argument: usually a list or array of numbers, else a malformed one.

    Malformed: NaN/inf/huge entries, complex, object, bool or string dtypes,
    ragged or 2-d nestings, iterators and generators, scalars, empty lists.
    """
    elements = elements if elements is not None else _st_fz.floats(min_value=-5.0, max_value=20.0)
    size = draw(_st_fz.integers(min_value=min_size, max_value=max_size))
    kind = draw(_st_fz.sampled_from(["list", "list", "list", "array", "tuple", "mixed", "bad"]))
    if kind == "bad":
        return draw(_st_fz.one_of(fz_garbage, fz_number,
                                  _st_fz.lists(fz_number, max_size=max_size),
                                  _st_fz.lists(_st_fz.lists(fz_moderate, min_size=1, max_size=3),
                                               min_size=1, max_size=3)))
    if kind == "mixed":
        return draw(_st_fz.lists(_st_fz.one_of(elements, fz_number), min_size=size,
                                 max_size=size))
    values = draw(_st_fz.lists(elements, min_size=size, max_size=size))
    if kind == "array":
        return _np_fz.array(values, dtype=draw(_st_fz.sampled_from([float, _np_fz.float32,
                                                                    object])))
    return tuple(values) if kind == "tuple" else values


@_st_fz.composite
def fz_name_list(draw, names=("A", "B", "C", "D")):
    """A partners/regions argument: names as list, tuple or set, else a malformed value."""
    good = _st_fz.lists(_st_fz.sampled_from(names), max_size=3)
    return draw(_st_fz.one_of(good, good.map(tuple), good.map(set), fz_garbage,
                              _st_fz.lists(_st_fz.one_of(_st_fz.integers(0, 3), _st_fz.none()),
                                           min_size=1, max_size=2),
                              _st_fz.sampled_from(["B", "", ["", "B"]])))


@_st_fz.composite
def fz_aims(draw):
    """An aims/priorities mapping: valid, with unknown or non-string keys, or not a mapping."""
    keys = _st_fz.one_of(_st_fz.sampled_from(["security", "economy", "rights"]),
                         _st_fz.sampled_from(["safety", 1, None, ("a",)]))
    return draw(_st_fz.one_of(
        _st_fz.dictionaries(_st_fz.sampled_from(["security", "economy", "rights"]),
                            fz_param(fz_moderate), max_size=3),
        _st_fz.dictionaries(keys, fz_scalar, max_size=3), fz_garbage, _st_fz.none()))


@_st_fz.composite
def fz_payoff_tensor(draw):
    """A payoff argument for NormalFormGame: small valid games of any scale, or malformed ones."""
    kind = draw(_st_fz.sampled_from(["game", "game", "game", "scaled", "bad"]))
    if kind == "bad":
        return draw(_st_fz.one_of(
            fz_garbage, fz_number, fz_vector(),
            _st_fz.lists(_st_fz.lists(_st_fz.lists(fz_number, min_size=1, max_size=2),
                                      min_size=1, max_size=2), min_size=1, max_size=3)))
    p = draw(nf_payoffs(max_players=3, max_actions=3, max_profiles=27))
    if kind == "scaled":
        p = p * draw(_st_fz.sampled_from([1e-12, 1e-6, 1e6, 1e12, 1e100]))
    return p


#: a float of any magnitude (log-uniform over 1e-320..1e308, either sign, and the edges)
fz_wide = _st_fz.one_of(
    _st_fz.builds(lambda m, e, s: s * m * 10.0 ** e, _st_fz.floats(1.0, 9.99),
                  _st_fz.integers(-320, 307), _st_fz.sampled_from([1.0, 1.0, 1.0, -1.0])),
    _st_fz.sampled_from([x for x in FZ_EDGES if isinstance(x, float)]),
)
#: an integer count at or beyond the models' size limits
fz_big_count = _st_fz.sampled_from([0, 1, 2, 499, 500, 501, 3162, 3163, 10 ** 6 + 1, 10 ** 12,
                                    10 ** 400, -1])


@_st_fz.composite
def fz_extreme_like(draw, value):
    """A value of the same kind as ``value`` but of extreme magnitude (or at a limit)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return draw(fz_big_count)
    if isinstance(value, float):
        return draw(fz_wide)
    if isinstance(value, (list, tuple)) and all(isinstance(v, float) for v in value):
        if draw(_st_fz.booleans()):          # one common scale: the same game in other units
            scale = 10.0 ** draw(_st_fz.integers(-150, 150))
            return [v * scale for v in value]
        return [draw(_st_fz.one_of(_st_fz.just(v), fz_wide)) for v in value]
    return value


@_st_fz.composite
def fz_call(draw, valid):
    """Keyword arguments of one call: plausible (``valid``, a strategy of a dict), with
    some replaced by extreme values of the same kind, or one replaced by a wrong one.

    About 2/5 of the calls are plausible, 1/5 extreme and 2/5 have one wrong argument,
    so that every function is exercised on its working paths as well as its refusals.
    """
    kw = dict(draw(valid))
    mode = draw(_st_fz.sampled_from(["valid", "valid", "extreme", "bad", "bad"]))
    if mode == "extreme":
        for key in sorted(kw):
            if draw(_st_fz.booleans()):
                kw[key] = draw(fz_extreme_like(kw[key]))
    elif mode == "bad" and kw:
        key = draw(_st_fz.sampled_from(sorted(kw)))
        kw[key] = draw(_st_fz.one_of(fz_garbage, fz_number, fz_vector()))
    return kw


#: TOML literals a mutated scenario file may put in place of a value
FZ_TOML_LITERALS = ('"x"', "''", "1", "-1", "0", "1e400", "-inf", "inf", "nan", "true",
                    "[]", "[1, 2]", "[[1], [1, 2]]", "{}", "{ a = 1 }", "1979-05-27",
                    "99999999999999999999", "0x10", '"global"', '["A"]', "[[[[[[1]]]]]]",
                    "1.0e100", "1e-320", '"\\u0000"')


@_st_fz.composite
def fz_toml_text(draw):
    """The text (or bytes) of a scenario file: a valid one, then mutated at random.

    Mutations: replace a value by another TOML literal, delete a line,
    duplicate a line, truncate, insert junk characters, add unknown keys or
    tables, deep nesting, a byte-order mark, invalid UTF-8 bytes.
    """
    import re as _re

    from goodsgov.scenario import scenario_to_toml

    text = scenario_to_toml(draw(io_scenario(max_states=3)))
    for _ in range(draw(_st_fz.integers(min_value=0, max_value=3))):
        lines = text.split("\n")
        op = draw(_st_fz.sampled_from(["value", "value", "value", "delete", "duplicate",
                                       "truncate", "junk", "unknown", "nest", "bom"]))
        i = draw(_st_fz.integers(min_value=0, max_value=max(0, len(lines) - 1)))
        if op == "value":
            assignments = [k for k, ln in enumerate(lines) if _re.match(r"^\s*[\w\"']+\s*=", ln)]
            if assignments:
                k = draw(_st_fz.sampled_from(assignments))
                key = lines[k].split("=", 1)[0]
                lines[k] = f"{key}= {draw(_st_fz.sampled_from(FZ_TOML_LITERALS))}"
        elif op == "delete" and lines:
            del lines[i]
        elif op == "duplicate" and lines:
            lines.insert(i, lines[i])
        elif op == "truncate":
            cut = draw(_st_fz.integers(min_value=0, max_value=len(text)))
            lines = text[:cut].split("\n")
        elif op == "junk":
            junk = draw(_st_fz.text(alphabet="[]{}=\"'#,.\n\\ \t0a\x00\x7f\u00e9", max_size=6))
            lines.insert(i, junk)
        elif op == "unknown":
            lines.insert(i, draw(_st_fz.sampled_from(
                ["extra = 1", "[other]", "[[states]]", "[good]", "[[good]]", "states = 3",
                 "reach = 1", "regions = ['R']", "version = 2", 'format = "other"'])))
        elif op == "nest":
            depth = draw(_st_fz.sampled_from([3, 50, 150, 5000]))
            lines.insert(0, "reach = " + "[" * depth + "]" * depth)
        else:
            lines.insert(0, "\ufeff")
        text = "\n".join(lines)
    if draw(_st_fz.integers(min_value=0, max_value=9)) == 0:
        return text.encode("utf-8") + draw(_st_fz.sampled_from([b"\xff", b"\xc3", b"\x00"]))
    return text
