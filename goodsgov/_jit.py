"""Compilation of goodsgov's inner loops with numba (Lam, Pitrou & Seibert 2015).

The contribution-game kernels (the defection cascade, the deal network),
the governance pipeline and the equilibrium engine's vertex labelling are
loops that numpy cannot vectorise (one small linear system per vertex).
:func:`jit` compiles them once per environment (the compiled code is
cached next to the module, or under ``NUMBA_CACHE_DIR``; a new virtual
environment or a new numba compiles again) and releases the GIL while they
run. Where numba finds no writable place for its cache (a read-only
install and an unwritable home directory), the kernels are compiled in
memory instead, in every process, and one :class:`RuntimeWarning`
(:data:`NO_CACHE_WARNING`) says so; set ``NUMBA_CACHE_DIR`` to a writable
directory to cache them. Setting ``GOODSGOV_NO_NUMBA=1`` before importing
goodsgov runs them as plain Python instead: the same results, much more
slowly (for debugging and for checking that the compiled and the
interpreted code agree). This is the one switch: every compiled path in
goodsgov follows :data:`COMPILED`.

The first compilation in an environment takes about a minute in all, so the
first time a goodsgov function is compiled while numba's cache holds
nothing for it, one line goes to standard error (:data:`NOTICE`), once
per process; with a warm cache (or ``GOODSGOV_NO_NUMBA``) nothing is
printed.
"""

from __future__ import annotations

import os
import sys
import warnings

__all__ = ["jit", "COMPILED", "NO_NUMBA_ENV", "NOTICE", "NO_CACHE_WARNING"]

#: Environment variable that disables compilation when set to a non-empty value.
NO_NUMBA_ENV = "GOODSGOV_NO_NUMBA"
#: The line printed on standard error when compilation starts with a cold cache.
NOTICE = "goodsgov: compiling solvers for first use (about a minute, once per environment)"
#: The warning given (once per process) when numba has no writable cache directory.
NO_CACHE_WARNING = ("goodsgov: numba has no writable directory to cache compiled solvers in "
                    "(set NUMBA_CACHE_DIR to a writable directory to cache them); compiling them "
                    "in memory instead, in every process (about a minute each time)")
#: Whether :func:`jit` compiles (numba is installed and not disabled).
COMPILED = not os.environ.get(NO_NUMBA_ENV)
if COMPILED:
    try:
        import numba
        from numba.core import event as _event
    except ImportError:  # pragma: no cover - numba is a dependency
        COMPILED = False

_noticed = False
_uncached = False

#: The file, in the package's ``__pycache__``, that records which sources the cache was built from.
STAMP = "goodsgov-sources.stamp"


#: The package's sources that compiled code can depend on: the modules holding
#: kernels and the ones they import (records, scope codes, checks, errors).
#: An edit anywhere else (plotting, the CLI, data loaders) keeps the cache.
COMPILED_SOURCES = ("_jit.py", "_checks.py", "errors.py", "solvers", "governance")


def _sources_stamp(root: str) -> str:
    """The compiled code's Python sources as (path, size, modification time), one line each."""
    lines = []
    for top in COMPILED_SOURCES:
        start = os.path.join(root, top)
        walk = os.walk(start) if os.path.isdir(start) else [(root, [], [top] if os.path.exists(start) else [])]
        for folder, dirs, files in walk:
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    st = os.stat(os.path.join(folder, name))
                    lines.append(f"{os.path.relpath(os.path.join(folder, name), root)} {st.st_size} {st.st_mtime_ns}")
    return "\n".join(lines)


def _drop_stale_cache(root: str) -> None:
    """Empty numba's cache of goodsgov when any source changed since it was built.

    numba keys a cached function on its own file only: a kernel compiled with
    a callee inlined (or a record type) from another file would survive a
    change there and run the old code, or crash on a changed record. Any
    change to the sources in :data:`COMPILED_SOURCES` (an edit, an upgrade)
    therefore drops the whole cache, which recompiles once. Best effort: an
    unwritable install keeps its cache (it cannot have been edited in place
    either)."""
    stamp = _sources_stamp(root)
    path = os.path.join(root, "__pycache__", STAMP)
    try:
        with open(path, encoding="utf-8") as fh:
            if fh.read() == stamp:
                return
    except OSError:
        pass
    try:
        for folder, _dirs, files in os.walk(root):
            if os.path.basename(folder) == "__pycache__":
                for name in files:
                    if name.endswith((".nbi", ".nbc")):
                        try:
                            os.remove(os.path.join(folder, name))
                        except FileNotFoundError:   # another process (a test worker) removed it
                            pass
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(stamp)
    except OSError:
        pass


if COMPILED and not os.environ.get("NUMBA_CACHE_DIR"):
    _drop_stale_cache(os.path.dirname(os.path.abspath(__file__)))


def _cold(dispatcher) -> bool:
    """True if numba's on-disk cache has no index for this function yet."""
    try:
        index = dispatcher._cache._cache_file._index_path
    except AttributeError:   # not a caching dispatcher, or numba changed its internals
        return False
    return not os.path.exists(index)


def _on_compile(dispatcher) -> None:
    """Print :data:`NOTICE` once per process when a goodsgov function compiles from cold."""
    global _noticed
    if _noticed:
        return
    func = getattr(dispatcher, "py_func", None)
    if not getattr(func, "__module__", "").startswith("goodsgov") or not _cold(dispatcher):
        return
    _noticed = True
    print(NOTICE, file=sys.stderr, flush=True)


if COMPILED:
    class _CompileNotice(_event.Listener):
        """Listens to numba's compile events (sent only when the cache misses)."""

        def on_start(self, ev) -> None:
            data = ev.data if isinstance(ev.data, dict) else {}
            _on_compile(data.get("dispatcher"))

        def on_end(self, ev) -> None:
            pass

    _event.register("numba:compile", _CompileNotice())


def jit(func=None, *, inline: bool = False):
    """Compile ``func`` in nopython mode (cached, GIL released), or return it unchanged.

    ``inline=True`` inlines a small helper into its callers (no call overhead).
    """
    if func is None:
        return lambda f: jit(f, inline=inline)
    if not COMPILED:
        return func
    options = dict(nogil=True, error_model="numpy", inline="always" if inline else "never")
    if not _uncached:
        try:
            return numba.njit(cache=True, **options)(func)
        except RuntimeError as exc:   # "cannot cache function ...: no locator available"
            if "cannot cache" not in str(exc):
                raise
            _no_cache()
    return numba.njit(cache=False, **options)(func)


def _no_cache() -> None:
    """Compile in memory from now on, and say so once (:data:`NO_CACHE_WARNING`)."""
    global _uncached
    if not _uncached:
        _uncached = True
        warnings.warn(NO_CACHE_WARNING, RuntimeWarning, stacklevel=3)
