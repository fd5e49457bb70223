"""Compilation of goodsgov's inner loops with numba (Lam, Pitrou & Seibert 2015).

The contribution-game kernels (the defection cascade, the deal network),
the governance pipeline and the equilibrium engine's vertex labelling are
loops that numpy cannot vectorise (one small linear system per vertex). :func:`jit` compiles them once per machine (the compiled code
is cached next to the module, or under ``NUMBA_CACHE_DIR``) and releases
the GIL while they run. Setting ``GOODSGOV_NO_NUMBA=1`` before importing
goodsgov runs them as plain Python instead: the same results, much more
slowly (for debugging and for checking that the compiled and the
interpreted code agree). This is the one switch: every compiled path in
goodsgov follows :data:`COMPILED`.

The first compilation on a machine takes about a minute in all, so the
first time a goodsgov function is compiled while numba's cache holds
nothing for it, one line goes to standard error (:data:`NOTICE`), once
per process; with a warm cache (or ``GOODSGOV_NO_NUMBA``) nothing is
printed.
"""

from __future__ import annotations

import os
import sys

__all__ = ["jit", "COMPILED", "NO_NUMBA_ENV", "NOTICE"]

#: Environment variable that disables compilation when set to a non-empty value.
NO_NUMBA_ENV = "GOODSGOV_NO_NUMBA"
#: The line printed on standard error when compilation starts with a cold cache.
NOTICE = "goodsgov: compiling solvers for first use (about a minute, once per machine)"
#: Whether :func:`jit` compiles (numba is installed and not disabled).
COMPILED = not os.environ.get(NO_NUMBA_ENV)
if COMPILED:
    try:
        import numba
        from numba.core import event as _event
    except ImportError:  # pragma: no cover - numba is a dependency
        COMPILED = False

_noticed = False


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
    return numba.njit(cache=True, nogil=True, error_model="numpy",
                      inline="always" if inline else "never")(func)
