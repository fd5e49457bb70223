"""The Gambit ``.nfg`` text format of strategic games, on payoff tensors.

The format (McKelvey, McLennan and Turocy, *Gambit: Software Tools for Game
Theory*, "Game representation formats") comes in two versions:

* payoff version: header, then every profile's payoffs (one number per
  player), profiles ordered with player 1's strategy changing fastest;
* outcome version: header, a list of outcomes ``{ "name" u1, u2, ... }``,
  then one outcome index per profile (same order; 0 means the null outcome,
  all payoffs zero).

Both are read; both are written, here on payoff tensors (the games'
``NormalFormGame.from_nfg`` / ``to_nfg`` and :mod:`goodsgov.games.nfg`
build on these).  Numbers round-trip exactly: rational
payoffs (ints, :class:`fractions.Fraction`) are written as ``p/q``, floats
as the shortest decimal that reads back to the same float, without an
exponent.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from .. import _checks
from ..errors import GameError

__all__ = ["NfgContent", "parse_nfg", "format_nfg"]

# a quoted string (its closing quote optional, so the pattern never fails once it starts: an
# unterminated string is one token to the end, reported below, and tokenising stays linear)
_TOKEN = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)("?)|([{}])|(,)|([^\s{},"]+)', re.S)


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unquote(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s)


def _fmt(v) -> str:
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    x = float(v)
    if x == int(x) and abs(x) < 2 ** 53:
        return str(int(x))
    s = format(Decimal(repr(x)), "f")
    return s


def _num(tok: str):
    """Parse an .nfg number: integer, rational p/q, or decimal (with optional exponent)."""
    try:
        if re.fullmatch(r"[+-]?\d+(/\d+)?", tok):
            return Fraction(tok)
        return float(tok)
    except (ValueError, ZeroDivisionError):
        raise GameError(f".nfg: {tok!r} is not a number") from None


def _count(tok: str, what: str, low: int = 1) -> int:
    """A whole number written as digits (a strategy count or outcome index)."""
    if not re.fullmatch(r"\+?\d{1,18}", tok) or int(tok) < low:
        raise GameError(f".nfg: {what} {tok[:40]!r} is not "
                        + ("a positive" if low else "a non-negative") + " integer (at most 18 digits)")
    return int(tok)


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    text = text.strip()
    for m in _TOKEN.finditer(text):
        if text[pos:m.start()].strip():
            raise GameError(f".nfg: cannot parse near {text[pos:m.start() + 20]!r}")
        pos = m.end()
        q, closed, br, comma, word = m.groups()
        if q is not None and not closed:
            raise GameError(f".nfg: a quoted string is not closed: {text[m.start():m.start() + 20]!r}...")
        if q is not None:
            out.append(("str", _unquote(q)))
        elif br is not None:
            out.append((br, br))
        elif comma is not None:
            continue
        else:
            out.append(("word", word))
    return out


class _Stream:
    def __init__(self, toks):
        self.t = toks
        self.i = 0

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else ("eof", "")

    def take(self, kind=None):
        tok = self.peek()
        if kind is not None and tok[0] != kind:
            raise GameError(f".nfg: expected {kind!r} at token {self.i}, found {tok[1]!r}")
        self.i += 1
        return tok


@dataclass(frozen=True)
class NfgContent:
    """What an ``.nfg`` file holds: the payoff tensor (Fractions when every number is
    rational, else floats), player names, action names (None when the file gives
    only counts) and the title."""

    payoffs: np.ndarray
    players: list
    actions: list | None
    title: str


def parse_nfg(text: str) -> NfgContent:
    """Parse ``.nfg`` text (payoff or outcome version) into its payoff tensor and names.

    >>> c = parse_nfg('NFG 1 R "PD" { "Row" "Col" } { 2 2 } 3 3 5 0 0 5 1 1')
    >>> c.payoffs[0].tolist(), c.players
    ([[Fraction(3, 1), Fraction(0, 1)], [Fraction(5, 1), Fraction(1, 1)]], ['Row', 'Col'])
    """
    s = _Stream(_tokens(text))
    if s.take("word")[1] != "NFG":
        raise GameError(".nfg: file must start with 'NFG'")
    if s.take("word")[1] != "1":
        raise GameError(".nfg: only version 1 is supported")
    if s.take("word")[1] not in ("R", "D"):
        raise GameError(".nfg: expected 'R' or 'D' after the version")
    title = s.take("str")[1]
    s.take("{")
    players = []
    while s.peek()[0] == "str":
        players.append(s.take()[1])
    s.take("}")
    n = len(players)
    if n < 1:
        raise GameError(".nfg: no players")
    s.take("{")
    actions: list[list[str]] | None = None
    if s.peek()[0] == "{":
        actions = []
        while s.peek()[0] == "{":
            s.take("{")
            acts = []
            while s.peek()[0] == "str":
                acts.append(s.take()[1])
            s.take("}")
            actions.append(acts)
        counts = [len(a) for a in actions]
    else:
        counts = []
        while s.peek()[0] == "word":
            counts.append(_count(s.take()[1], "strategy count"))
    s.take("}")
    if len(counts) != n or any(k < 1 for k in counts):
        raise GameError(f".nfg: strategy counts {_checks.brief(counts)} do not match {n} players")
    if s.peek()[0] == "str":  # optional comment
        s.take()
    nprof = math.prod(counts)
    if nprof * n > _checks.MAX_ELEMENTS:
        raise GameError(f".nfg: {nprof:,} profiles x {n} players are more payoffs than the "
                        f"{_checks.MAX_ELEMENTS:,} goodsgov reads")
    if s.peek()[0] == "{":  # outcome version
        s.take("{")
        outcomes = []
        while s.peek()[0] == "{":
            s.take("{")
            if s.peek()[0] == "str":
                s.take()
            pay = []
            while s.peek()[0] == "word":
                pay.append(_num(s.take()[1]))
            s.take("}")
            if len(pay) != n:
                raise GameError(f".nfg: outcome {len(outcomes) + 1} has {len(pay)} payoffs, need {n}")
            outcomes.append(pay)
        s.take("}")
        idx = []
        while s.peek()[0] == "word":
            idx.append(_count(s.take()[1], "outcome index", low=0))
        if len(idx) != nprof:
            raise GameError(f".nfg: {len(idx)} outcome indices for {nprof} profiles")
        zero = [Fraction(0)] * n
        flat = []
        for k in idx:
            if not 0 <= k <= len(outcomes):
                raise GameError(f".nfg: outcome index {k} out of range")
            flat.append(zero if k == 0 else outcomes[k - 1])
    else:
        vals = []
        while s.peek()[0] == "word":
            vals.append(_num(s.take()[1]))
        if len(vals) != nprof * n:
            raise GameError(f".nfg: {len(vals)} payoffs for {nprof} profiles x {n} players")
        flat = [vals[k * n:(k + 1) * n] for k in range(nprof)]
    if s.peek()[0] != "eof":
        raise GameError(f".nfg: unexpected {s.peek()[1]!r} after the payoffs")
    # profile order: player 1 fastest -> Fortran order over (k1, ..., kN)
    arr = np.empty((n, nprof), dtype=object)
    for k, pay in enumerate(flat):
        arr[:, k] = pay
    exact = all(isinstance(v, Fraction) for v in arr.flat)
    tens = arr.reshape((n,) + tuple(counts), order="F")
    if not exact:
        tens = tens.astype(float)
    return NfgContent(tens, players, actions, title)


def format_nfg(payoffs: np.ndarray, players, actions, title: str, outcomes: bool = False) -> str:
    """``.nfg`` text for a payoff tensor: payoff version, or outcome version if ``outcomes``.

    ``payoffs`` (shape ``(N, k1, ..., kN)``) holds floats, or Fractions
    and ints (written exactly as ``p/q``); ``players`` and ``actions`` are
    the names, written in both versions, so names round-trip too.

    >>> p = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=object)
    >>> text = format_nfg(p, ["Row", "Col"], [["C", "D"], ["C", "D"]], "PD")
    >>> parse_nfg(text).payoffs.tolist() == p.tolist()
    True
    """
    n = payoffs.shape[0]
    flat = payoffs.reshape(n, -1, order="F")  # columns: profiles, player 1 fastest
    head = (f"NFG 1 R {_quote(title)} {{ " + " ".join(_quote(p) for p in players) + " }\n\n"
            + "{ " + "\n".join("{ " + " ".join(_quote(a) for a in acts) + " }"
                               for acts in actions) + "\n}\n\"\"\n\n")
    if not outcomes:
        body = " ".join(_fmt(v) for v in flat.T.reshape(-1))
        return head + body + "\n"
    lines = ["{"]
    for k in range(flat.shape[1]):
        lines.append(f'{{ "" {", ".join(_fmt(v) for v in flat[:, k])} }}')
    lines.append("}")
    lines.append(" ".join(str(k + 1) for k in range(flat.shape[1])))
    return head + "\n".join(lines) + "\n"
