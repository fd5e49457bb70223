"""Read and write Gambit ``.nfg`` strategic-game files as :class:`NormalFormGame`.

The format (McKelvey, McLennan and Turocy, *Gambit: Software Tools for Game
Theory*, "Game representation formats") and its parser and writer are in
:mod:`goodsgov.games.nfg_format`; these functions are the game-level entry
points, the same as :meth:`NormalFormGame.from_nfg` and
:meth:`NormalFormGame.to_nfg`, plus files on disk.  Both versions (payoff
and outcome) are read and written; numbers and names round-trip exactly.

>>> g = read_nfg('NFG 1 R "PD" { "Row" "Col" } { 2 2 } 3 3 5 0 0 5 1 1')
>>> g.payoffs[0].tolist(), g.players
([[3.0, 0.0], [5.0, 1.0]], ('Row', 'Col'))
"""

from __future__ import annotations

from .._files import open_output, read_text
from ..errors import GameError
from .normal_form import NormalFormGame

__all__ = ["read_nfg", "write_nfg", "load_nfg", "save_nfg", "MAX_NFG_BYTES"]


def read_nfg(text: str) -> NormalFormGame:
    """Parse ``.nfg`` text (payoff or outcome version) into a :class:`NormalFormGame`."""
    return NormalFormGame.from_nfg(text)


def write_nfg(game: NormalFormGame, outcomes: bool = False) -> str:
    """``.nfg`` text for ``game``: payoff version, or outcome version if ``outcomes``.

    Strategy names are written in both versions, so names round-trip too.

    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> read_nfg(write_nfg(g)) == g and read_nfg(write_nfg(g, outcomes=True)) == g
    True
    """
    return game.to_nfg(outcomes=outcomes)


#: Largest ``.nfg`` file read (64 MiB: some 8 million payoffs).
MAX_NFG_BYTES = 64 * 1024 * 1024


def load_nfg(path) -> NormalFormGame:
    """Read a ``.nfg`` file from ``path``.

    Only a regular UTF-8 file of at most :data:`MAX_NFG_BYTES` is read (a
    device such as ``/dev/zero``, a FIFO or a larger file raises
    :class:`goodsgov.errors.GameError` naming it, before anything is read).
    """
    return read_nfg(read_text(path, max_bytes=MAX_NFG_BYTES, what=".nfg file", error=GameError))


def save_nfg(game: NormalFormGame, path, outcomes: bool = False) -> None:
    """Write ``game`` to ``path`` in ``.nfg`` format (replacing a regular file of that name).

    Never writes through a symbolic link, nor into a directory, socket or
    FIFO without a reader (:class:`goodsgov.errors.ValidationError` naming ``path``).
    """
    text = write_nfg(game, outcomes=outcomes)
    with open_output(path, field="path", force=True) as fh:
        fh.write(text)
