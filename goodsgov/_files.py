"""Bounded reading of input files (internal).

A scenario file is read only if it is a regular file of at most
:data:`MAX_FILE_BYTES` bytes whose arrays and inline tables nest at most
:data:`MAX_NESTING` deep. Anything else is refused with one
:class:`goodsgov.errors.ScenarioFileError` naming the file, before it can
exhaust memory (``/dev/zero``), block forever (a FIFO nobody writes to)
or overflow the parser's stack (a reach nested thousands deep). The file
type is checked with ``os.stat`` before the file is opened, and the file
is opened non-blocking and checked again, so that nothing swapped in
between can block. A UTF-8 byte-order mark is accepted and dropped.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "s.toml"
>>> _ = path.write_bytes(b"\\xef\\xbb\\xbfname = 'x'\\n")
>>> read_toml_text(path)
"name = 'x'\\n"
>>> _ = path.write_text("reach = " + "[" * 500 + "]" * 500)
>>> read_toml_text(path)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
goodsgov.errors.ScenarioFileError: ...s.toml, line 1: arrays or inline tables nest 101 deep; at most 100 levels are allowed
"""

from __future__ import annotations

import os
import re
import stat
from typing import Any

from .errors import ScenarioFileError

__all__ = ["MAX_FILE_BYTES", "MAX_NESTING", "read_text", "check_toml_nesting", "read_toml_text"]

#: Largest scenario file read (16 MiB: a dense reach matrix for every UN member state is ~1 MiB).
MAX_FILE_BYTES = 16 * 1024 * 1024
#: Deepest nesting of TOML arrays / inline tables accepted (a scenario file needs 2).
MAX_NESTING = 100

_BOM = b"\xef\xbb\xbf"
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _error(source: str, expected: str, line: int | None = None) -> ScenarioFileError:
    where = source if line is None else f"{source}, line {line}"
    err = ScenarioFileError(f"{where}: {expected}")
    err.path, err.key, err.expected, err.line = source, None, expected, line
    return err


def _mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def _check_regular(source: str, st: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
        raise _error(source, f"is {kind}; a scenario file must be a regular file")
    if st.st_size > max_bytes:
        raise _error(source, f"is {_mib(st.st_size)}; scenario files are limited to {_mib(max_bytes)}")


def read_text(path: str | os.PathLike, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of the regular file ``path`` (a leading BOM dropped), at most ``max_bytes``.

    A missing or unreadable file raises the usual :class:`OSError`
    (``FileNotFoundError``, ``PermissionError``); a file that is not a
    regular file, is too large or is not UTF-8 raises
    :class:`~goodsgov.errors.ScenarioFileError`.

    >>> read_text("/dev/zero")
    Traceback (most recent call last):
    ...
    goodsgov.errors.ScenarioFileError: /dev/zero: is a character device; a scenario file must be a regular file
    """
    source = os.fspath(path)
    _check_regular(source, os.stat(path), max_bytes)  # before opening: a FIFO is never opened
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        _check_regular(source, os.fstat(fd), max_bytes)  # the file opened is the file checked
        chunks, size = [], 0
        while True:  # the file may grow after the check: never read more than the limit
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise _error(source, f"is larger than {_mib(max_bytes)}, the limit for scenario files")
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _error(source, f"is not UTF-8 text (byte {data[exc.start]:#04x} at offset "
                             f"{exc.start}); the file must be UTF-8 text", line) from None


_TOKEN = re.compile(r'''
      \"\"\"(?:[^\\]|\\.)*?\"\"\"\"{0,2}   # multi-line basic string
    | \'\'\'.*?\'\'\'\'{0,2}              # multi-line literal string
    | "(?:[^"\\\n]|\\.)*"                 # basic string
    | '[^'\n]*'                           # literal string
    | \#[^\n]*                            # comment
    | (?P<open>[\[{])
    | (?P<close>[\]}])
''', re.S | re.X)


def check_toml_nesting(text: str, source: str = "<string>", *, limit: int = MAX_NESTING) -> None:
    """Refuse TOML ``text`` whose arrays or inline tables nest deeper than ``limit``.

    Brackets inside strings and comments do not count. Checked before
    parsing, because the parser recurses once per level.

    >>> check_toml_nesting("reach = [[1.0, 0.5], [0.5, 1.0]]  # [[[ not counted")
    >>> check_toml_nesting("x = [[[1]]]", limit=2)
    Traceback (most recent call last):
    ...
    goodsgov.errors.ScenarioFileError: <string>, line 1: arrays or inline tables nest 3 deep; at most 2 levels are allowed
    """
    depth = 0
    for m in _TOKEN.finditer(text):
        if m.group("open") is not None:
            depth += 1
            if depth > limit:
                line = text.count("\n", 0, m.start()) + 1
                raise _error(source, f"arrays or inline tables nest {depth} deep; at most {limit} "
                                     "levels are allowed", line)
        elif m.group("close") is not None:
            depth = max(depth - 1, 0)


def read_toml_text(path: str | os.PathLike, **kwargs: Any) -> str:
    """:func:`read_text` of a TOML file, then :func:`check_toml_nesting`."""
    text = read_text(path, **kwargs)
    check_toml_nesting(text, os.fspath(path))
    return text
