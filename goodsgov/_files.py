"""Bounded reading of input files and safe opening of output files (internal).

Reading. A scenario file is read only if it is a regular file of at most
:data:`MAX_FILE_BYTES` bytes whose arrays and inline tables nest at most
:data:`MAX_NESTING` deep and whose keys are few and short enough
(:data:`MAX_KEYS` keys and table headers, each of at most
:data:`MAX_KEY_PARTS` dotted parts, :data:`MAX_KEY_PARTS_TOTAL` parts in
all). Anything else is refused with one
:class:`goodsgov.errors.ScenarioFileError` naming the file, before it can
exhaust memory (``/dev/zero``; a key of 60,000 dotted parts, which the TOML
parser turns into gigabytes), block forever (a FIFO nobody writes to) or
overflow the parser's stack (a reach nested thousands deep). The file type
is checked with ``os.stat`` before the file is opened, and the file is
opened non-blocking and checked again, so that nothing swapped in between
can block. A UTF-8 byte-order mark is accepted and dropped. The structure
check (:func:`check_toml`) reads the text once, left to right, in time
proportional to its length whatever it holds (unterminated strings,
thousands of escaped quotes).

Writing. :func:`open_output` opens a file to write without ever following
a symbolic link, refuses what is not a regular file (a directory, a FIFO
with no reader, a socket), refuses the input it was computed from, and
replaces an existing file only when told to (``force``).

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

import errno
import os
import re
import stat
from dataclasses import dataclass
from typing import IO, Any, Iterable

from .errors import ScenarioFileError, ValidationError

__all__ = ["MAX_FILE_BYTES", "MAX_NESTING", "MAX_KEYS", "MAX_KEY_PARTS", "MAX_KEY_PARTS_TOTAL",
           "read_text", "check_toml", "check_toml_nesting", "read_toml_text", "check_output",
           "open_output"]

#: Largest scenario file read (16 MiB: a dense reach matrix for every UN member state is ~1 MiB).
MAX_FILE_BYTES = 16 * 1024 * 1024
#: Deepest nesting of TOML arrays / inline tables accepted (a scenario file needs 2).
MAX_NESTING = 100
#: Most keys (``key = value`` pairs and ``[table]`` headers) in one TOML file: a scenario
#: needs about 16 per state, so this admits every scenario a machine can solve.
MAX_KEYS = 200_000
#: Most dotted parts of one key (``a.b.c`` has 3; a scenario file needs 2). The TOML parser's
#: memory grows with the square of a key's parts.
MAX_KEY_PARTS = 16
#: Most dotted parts of all keys together (the parser keeps about 1 KB per part).
MAX_KEY_PARTS_TOTAL = 400_000

_BOM = b"\xef\xbb\xbf"
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _error(source: str, expected: str, line: int | None = None,
           error: type = ScenarioFileError) -> Exception:
    where = source if line is None else f"{source}, line {line}"
    err = error(f"{where}: {expected}")
    err.path, err.key, err.expected, err.line = source, None, expected, line
    return err


def _mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _check_regular(source: str, st: os.stat_result, max_bytes: int, what: str, error: type) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise _error(source, f"is {_kind(st.st_mode)}; a {what} must be a regular file", error=error)
    if st.st_size > max_bytes:
        raise _error(source, f"is {_mib(st.st_size)}; {what}s are limited to {_mib(max_bytes)}",
                     error=error)


def read_text(path: str | os.PathLike, *, max_bytes: int = MAX_FILE_BYTES,
              what: str = "scenario file", error: type = ScenarioFileError) -> str:
    """The UTF-8 text of the regular file ``path`` (a leading BOM dropped), at most ``max_bytes``.

    A missing or unreadable file raises the usual :class:`OSError`
    (``FileNotFoundError``, ``PermissionError``); a file that is not a
    regular file, is too large or is not UTF-8 raises ``error``
    (:class:`~goodsgov.errors.ScenarioFileError`); ``what`` names the kind
    of file in the message.

    >>> read_text("/dev/zero")
    Traceback (most recent call last):
    ...
    goodsgov.errors.ScenarioFileError: /dev/zero: is a character device; a scenario file must be a regular file
    """
    source = os.fspath(path)
    _check_regular(source, os.stat(path), max_bytes, what, error)  # before opening: no FIFO opened
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        _check_regular(source, os.fstat(fd), max_bytes, what, error)  # the file opened is the one checked
        chunks, size = [], 0
        while True:  # the file may grow after the check: never read more than the limit
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise _error(source, f"is larger than {_mib(max_bytes)}, the limit for {what}s",
                             error=error)
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
                             f"{exc.start}); the file must be UTF-8 text", line, error) from None


# ------------------------------------------------------------------ TOML structure
# Each pattern matches a run of characters from where it starts and nothing after the run, so
# it can never fail and backtrack: every step of the scan below costs time proportional to the
# characters it consumes, and the scan is linear in the length of the text.
_RUN_KEY = re.compile(r"[^\"'#\[\]{}=,.\n]*")      # code where a key is expected
_RUN_VALUE = re.compile(r"[^\"'#\[\]{}\n]*")        # a value at top level (ends at the newline)
_RUN_INLINE = re.compile(r"[^\"'#\[\]{},]*")        # a value inside an inline table
_RUN_ARRAY = re.compile(r"[^\"'#\[\]{}]*")          # inside an array (commas, newlines: nothing)
_RUN_BASIC = re.compile(r"[^\"\\\n]*(?:\\.[^\"\\\n]*)*")          # inside "..."
_RUN_LITERAL = re.compile(r"[^'\n]*")                             # inside '...'
_RUN_ML_BASIC = re.compile(r'[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*', re.S)   # inside """..."""
_RUN_ML_LITERAL = re.compile(r"[^']*(?:'(?!'')[^']*)*")            # inside '''...'''
_RUN_LINE = re.compile(r"[^\n]*")                                  # a comment


@dataclass(frozen=True)
class TomlShape:
    """What :func:`scan_toml` counted: deepest nesting, keys, most parts of one key,
    parts in all, and the scan's steps (at most one per character, plus one)."""

    depth: int
    keys: int
    key_parts: int
    parts: int
    steps: int


def scan_toml(text: str, source: str = "<string>", *, max_nesting: int | None = None,
              max_keys: int | None = None, max_key_parts: int | None = None,
              max_parts: int | None = None) -> TomlShape:
    """Count the nesting and the keys of TOML ``text`` in one left-to-right pass.

    Brackets, dots and ``=`` inside strings and comments do not count. A
    limit given is checked as the scan goes, so a file far over it is
    refused as soon as the limit is passed. An unterminated string ends at
    the end of its line (the parser will report it); the counts of invalid
    TOML are approximate, those of valid TOML exact.

    >>> s = scan_toml('a.b = [[1, 2], {c.d = "x.[y"}]  # z.[w\\n[[t.u]]\\n')
    >>> s.depth, s.keys, s.key_parts, s.parts
    (2, 3, 2, 6)
    """
    stack: list[str] = []        # "[" array, "{" inline table, "h" table header
    key = True                   # is a key expected here?
    key_dots = 0
    depth = keys = most = parts = steps = 0
    pos, end = 0, len(text)

    def line() -> int:
        return text.count("\n", 0, pos) + 1

    def end_key() -> None:
        nonlocal keys, key_dots, most, parts
        n = key_dots + 1
        keys += 1
        parts += n
        most = max(most, n)
        key_dots = 0
        if max_key_parts is not None and n > max_key_parts:
            raise _error(source, f"a key has {n} dotted parts; at most {max_key_parts} are "
                                 "allowed", line())
        if max_keys is not None and keys > max_keys:
            raise _error(source, f"more than {max_keys} keys and table headers; at most "
                                 f"{max_keys} are allowed", line())
        if max_parts is not None and parts > max_parts:
            raise _error(source, f"keys have more than {max_parts} dotted parts in all; at "
                                 f"most {max_parts} are allowed", line())

    while pos < end:
        steps += 1
        top = stack[-1] if stack else ""
        run = (_RUN_KEY if key else _RUN_ARRAY if top == "[" else _RUN_INLINE if top == "{"
               else _RUN_VALUE)
        pos = run.match(text, pos).end()
        if pos >= end:
            break
        c = text[pos]
        if c == '"':
            if text.startswith('"""', pos):
                pos = _RUN_ML_BASIC.match(text, pos + 3).end()
                if text.startswith('"""', pos):
                    pos += 3
                    pos += 1 if text.startswith('"', pos) else 0   # up to two quotes belong to the
                    pos += 1 if text.startswith('"', pos) else 0   # string before its closing three
            else:
                pos = _RUN_BASIC.match(text, pos + 1).end()
                pos += 1 if text.startswith('"', pos) else 0
        elif c == "'":
            if text.startswith("'''", pos):
                pos = _RUN_ML_LITERAL.match(text, pos + 3).end()
                if text.startswith("'''", pos):
                    pos += 3
                    pos += 1 if text.startswith("'", pos) else 0
                    pos += 1 if text.startswith("'", pos) else 0
            else:
                pos = _RUN_LITERAL.match(text, pos + 1).end()
                pos += 1 if text.startswith("'", pos) else 0
        elif c == "#":
            pos = _RUN_LINE.match(text, pos).end()
        elif c in "[{":
            stack.append("h" if c == "[" and key and (not stack or top == "h") else c)
            if c == "{":
                key, key_dots = True, 0
            depth = max(depth, len(stack))
            if max_nesting is not None and len(stack) > max_nesting:
                raise _error(source, f"arrays or inline tables nest {len(stack)} deep; at most "
                                     f"{max_nesting} levels are allowed", line())
            pos += 1
        elif c in "]}":
            closed = stack.pop() if stack else ""
            if closed == "h" and (not stack or stack[-1] != "h"):
                end_key()            # a [table] or [[array of tables]] header is a key
            if c == "}":
                key = False
            pos += 1
        elif c == "=":
            if key:
                end_key()
            key = False
            pos += 1
        elif c == ".":               # only reached where a key is expected
            key_dots += 1
            pos += 1
        elif c == ",":
            if top == "{":
                key, key_dots = True, 0
            pos += 1
        else:                        # a newline
            if not stack:
                key, key_dots = True, 0
            pos += 1
    return TomlShape(depth, keys, most, parts, steps)


def check_toml(text: str, source: str = "<string>", *, max_nesting: int = MAX_NESTING,
               max_keys: int = MAX_KEYS, max_key_parts: int = MAX_KEY_PARTS,
               max_parts: int = MAX_KEY_PARTS_TOTAL) -> None:
    """Refuse TOML ``text`` nested too deeply or with too many or too long keys.

    Checked before parsing: the parser recurses once per level of nesting
    and its memory grows with the square of a key's dotted parts.

    >>> check_toml("a" + ".b" * 20 + " = 1")
    Traceback (most recent call last):
    ...
    goodsgov.errors.ScenarioFileError: <string>, line 1: a key has 21 dotted parts; at most 16 are allowed
    """
    scan_toml(text, source, max_nesting=max_nesting, max_keys=max_keys,
              max_key_parts=max_key_parts, max_parts=max_parts)


def check_toml_nesting(text: str, source: str = "<string>", *, limit: int = MAX_NESTING) -> None:
    """:func:`check_toml` with nesting limit ``limit`` (and the default key limits).

    >>> check_toml_nesting("reach = [[1.0, 0.5], [0.5, 1.0]]  # [[[ not counted")
    >>> check_toml_nesting("x = [[[1]]]", limit=2)
    Traceback (most recent call last):
    ...
    goodsgov.errors.ScenarioFileError: <string>, line 1: arrays or inline tables nest 3 deep; at most 2 levels are allowed
    """
    check_toml(text, source, max_nesting=limit)


def read_toml_text(path: str | os.PathLike, **kwargs: Any) -> str:
    """:func:`read_text` of a TOML file, then :func:`check_toml`."""
    text = read_text(path, **kwargs)
    check_toml(text, os.fspath(path))
    return text


# ------------------------------------------------------------------ outputs
_EXISTS = "exists; give --force to replace it, or another file name"

def _refuse(field: str, path: str, why: str) -> ValidationError:
    return ValidationError(field, path, why)


def _same_file(st: os.stat_result, inputs: Iterable[str | os.PathLike]) -> bool:
    for p in inputs:
        try:
            other = os.stat(p)
        except (OSError, ValueError):
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
            return True
    return False


def check_output(path: str | os.PathLike, *, field: str = "path", force: bool = False,
                 inputs: Iterable[str | os.PathLike] = ()) -> None:
    """Refuse, before any work, an output path :func:`open_output` would refuse.

    A symbolic link, the input file itself (``inputs``), a directory, a
    socket or block device, a missing or unwritable directory, and (unless
    ``force``) an existing regular file. A FIFO or a character device
    (``/dev/null``) is accepted here; :func:`open_output` checks that a FIFO
    has a reader.
    """
    p = os.fspath(path)
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        st = None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise _refuse(field, p, "is a symbolic link; goodsgov never writes through a link "
                                    f"(give the file it points to, {os.path.realpath(p)})")
        if _same_file(st, inputs):
            raise _refuse(field, p, "is the input file; writing there would destroy it (give "
                                    "another file name)")
        if stat.S_ISDIR(st.st_mode):
            raise _refuse(field, p, "is a directory; give a file name")
        if stat.S_ISSOCK(st.st_mode) or stat.S_ISBLK(st.st_mode):
            raise _refuse(field, p, f"is {_kind(st.st_mode)}; give a regular file")
        if stat.S_ISREG(st.st_mode):
            if not force:
                raise _refuse(field, p, _EXISTS)
            if not os.access(p, os.W_OK):
                raise _refuse(field, p, "the file is not writable")
        return
    folder = os.path.dirname(os.path.abspath(p))
    if not os.path.isdir(folder):
        raise _refuse(field, p, f"the directory {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _refuse(field, p, f"cannot create a file in {folder} (not writable)")


def open_output(path: str | os.PathLike, *, field: str = "path", force: bool = False,
                inputs: Iterable[str | os.PathLike] = (), binary: bool = False) -> IO:
    """Open ``path`` to write (text, UTF-8, or ``binary``), never through a symbolic link.

    Refused with a :class:`~goodsgov.errors.ValidationError` naming
    ``field``: a symbolic link (``O_NOFOLLOW``: the link itself is not
    followed, whatever it points to), the file of any of ``inputs``, a
    directory, socket or block device, a FIFO with no reader (it would
    block), and an existing regular file unless ``force``. The checks are
    made on the file opened (``fstat``), so nothing swapped in after
    :func:`check_output` is written. The open never blocks. A regular file
    is truncated only after the checks pass.

    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> with open_output(os.path.join(d, "out.csv")) as fh:
    ...     _ = fh.write("a,b\\n")
    >>> os.symlink(os.path.join(d, "out.csv"), os.path.join(d, "link.csv"))
    >>> open_output(os.path.join(d, "link.csv"), force=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    goodsgov.errors.ValidationError: path = '.../link.csv' is invalid: is a symbolic link; ...
    """
    p = os.fspath(path)
    inputs = list(inputs)
    check_output(p, field=field, force=force, inputs=inputs)
    flags = (os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
             | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        special = not stat.S_ISREG(os.lstat(p).st_mode)   # a FIFO or a device, checked above
    except OSError:
        special = False
    if not force and not special:
        flags |= os.O_EXCL           # created here, or refused: never an existing file
    try:
        fd = os.open(p, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refuse(field, p, "is a symbolic link; goodsgov never writes through a link") from None
        if exc.errno == errno.EEXIST:
            raise _refuse(field, p, _EXISTS) from None
        if exc.errno == errno.ENXIO:
            raise _refuse(field, p, "is a FIFO (named pipe) with no reader; start the reader "
                                    "first") from None
        if exc.errno == errno.EISDIR:
            raise _refuse(field, p, "is a directory; give a file name") from None
        raise
    try:
        st = os.fstat(fd)
        if _same_file(st, inputs):
            raise _refuse(field, p, "is the input file; writing there would destroy it (give "
                                    "another file name)")
        if stat.S_ISREG(st.st_mode):
            if special and not force:    # a regular file swapped in after the check
                raise _refuse(field, p, _EXISTS)
            os.ftruncate(fd, 0)
        elif not (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
            raise _refuse(field, p, f"is {_kind(st.st_mode)}; give a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)    # non-blocking only for the open itself
        return os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
    except BaseException:
        os.close(fd)
        raise
