"""Compilation of goodsgov's inner loops with numba (Lam, Pitrou & Seibert 2015).

The agreement solvers, the exact matching and the sweep's row solver are
loops over states that numpy cannot vectorise (a defection cascade, a
blossom search). :func:`jit` compiles them once per machine (the compiled
code is cached next to the module) and releases the GIL while they run.
Setting ``GOODSGOV_NO_NUMBA=1`` before importing goodsgov runs them as
plain Python instead: the same results, much more slowly (for debugging
and for checking that the compiled and the interpreted code agree).
"""

from __future__ import annotations

import os

__all__ = ["jit", "COMPILED", "NO_NUMBA_ENV"]

#: Environment variable that disables compilation when set to a non-empty value.
NO_NUMBA_ENV = "GOODSGOV_NO_NUMBA"
#: Whether :func:`jit` compiles (numba is installed and not disabled).
COMPILED = not os.environ.get(NO_NUMBA_ENV)
if COMPILED:
    try:
        import numba
    except ImportError:  # pragma: no cover - numba is a dependency
        COMPILED = False


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
