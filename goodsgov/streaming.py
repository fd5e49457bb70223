"""A long sweep written as it goes: rows flushed chunk by chunk, Ctrl-C kept to chunk boundaries.

The ``goodsgov sweep`` command's machinery: :func:`solve_in_order` runs
:func:`goodsgov.sweeps.sweep_stream` in-process or on a process pool and
hands each chunk to a :class:`RowWriter`; :class:`Interrupts` turns the
first Ctrl-C into a stop at the next chunk boundary (a second one ends the
command at once), so every finished row is on disk and none is half written.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterator

__all__ = ["RowWriter", "Interrupts", "deferred_interrupt", "solve_in_order"]


@contextlib.contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold Ctrl-C while a chunk of rows is written, so no row is half written."""
    import signal
    import threading
    block = (hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread())
    if block:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if block:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


class RowWriter:
    """CSV rows written (and flushed) chunk by chunk.

    :meth:`open` opens the output (:func:`goodsgov._files.open_output`: no
    symbolic link, not an input, an existing file only with ``force``, a
    FIFO only with a reader) *before* the sweep starts, while Ctrl-C still
    works; a file created for the sweep that got no row is removed again by
    :meth:`close`, so a failed run leaves nothing behind.
    """

    def __init__(self, out: str | None, total: int, *, force: bool = False, inputs=()):
        self.out = out
        self.total = total
        self.force = force
        self.inputs = list(inputs)
        self.fh = None
        self.count = 0
        self.header = False
        self.created = False

    def open(self) -> None:
        """Open the output now (standard output when ``out`` is None)."""
        if self.fh is not None:
            return
        if self.out is None:
            self.fh = sys.stdout
            return
        from ._files import open_output
        existed = os.path.lexists(self.out)
        self.fh = open_output(self.out, field="--out", force=self.force, inputs=self.inputs)
        self.created = not existed

    @property
    def where(self) -> str:
        return "standard output" if self.out is None else self.out

    def interrupted(self) -> str:
        return (f"goodsgov: interrupted; kept the {self.count} of {self.total} rows finished "
                f"({self.where})")

    def write(self, df) -> None:
        self.open()   # normally done already, before the sweep (see open)
        text = df.to_csv(index=False, header=not self.header)
        with deferred_interrupt():
            self.fh.write(text)
            self.fh.flush()
            self.header = True
            self.count += len(df)

    def close(self) -> None:
        if self.fh is not None and self.fh is not sys.stdout:
            self.fh.close()
            if self.created and self.count == 0 and self.out is not None:
                try:
                    if os.path.isfile(self.out) and not os.path.islink(self.out):
                        os.unlink(self.out)   # created for this sweep and never written: remove
                except OSError:
                    pass
        if self.fh is not sys.stdout:
            self.fh = None


class Interrupts:
    """Ctrl-C during a sweep stops it between chunks, not inside a compiled solver.

    The first Ctrl-C is noted and takes effect once the chunk being solved
    is written (:meth:`check` raises KeyboardInterrupt); a second one ends
    the command at once, with the same one-line report (every chunk
    written so far is already flushed).
    """

    def __init__(self, rows: RowWriter):
        self.rows = rows
        self.requested = False
        self.old = None

    def __enter__(self) -> "Interrupts":
        import signal
        import threading
        if threading.current_thread() is threading.main_thread():
            self.old = signal.signal(signal.SIGINT, self._handler)
        return self

    def __exit__(self, *exc) -> None:
        if self.old is not None:
            import signal
            signal.signal(signal.SIGINT, self.old)

    def _handler(self, signum, frame) -> None:
        if self.requested:  # pragma: no cover - a second Ctrl-C, tested by hand
            print(self.rows.interrupted(), file=sys.stderr, flush=True)
            os._exit(130)
        self.requested = True

    def check(self) -> None:
        if self.requested:
            raise KeyboardInterrupt


def _quiet_worker() -> None:  # pragma: no cover - runs in worker processes
    """A worker ends quietly on Ctrl-C (the parent keeps what is finished and reports it)."""
    import signal
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(130))


def _stop_workers(pool) -> None:
    """End a process pool's workers now (``ProcessPoolExecutor`` has no public way to)."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.terminate()
        except (OSError, AttributeError):  # already gone
            pass


def solve_in_order(base, names, points, workers: int, rows: RowWriter, frames: list | None, bar,
                    options: dict, interrupts: Interrupts) -> None:
    """Solve the grid with :func:`goodsgov.sweeps.sweep_stream` (in-process or on ``workers``
    processes), writing each chunk as it comes, in grid order; Ctrl-C stops the stream
    between chunks, keeping every chunk finished."""
    import time
    from concurrent.futures.process import BrokenProcessPool
    from .sweeps import sweep_stream

    def done(df):
        rows.write(df)
        if frames is not None:
            frames.append(df)
        if bar is not None:
            bar.update(len(df))

    stop = lambda: interrupts.requested  # noqa: E731
    if workers == 1:
        for df in sweep_stream(base, names, points, stop=stop, **options):
            done(df)
        interrupts.check()
        return
    from concurrent.futures import ProcessPoolExecutor
    pool = ProcessPoolExecutor(workers, initializer=_quiet_worker)
    try:
        try:
            for df in sweep_stream(base, names, points, executor=pool, workers=workers, stop=stop,
                                   **options):
                done(df)
        except BrokenProcessPool:
            time.sleep(0.1)  # the same Ctrl-C may still be on its way to this process
            if not interrupts.requested:  # a worker died by itself
                raise
        interrupts.check()
    except KeyboardInterrupt:
        _stop_workers(pool)  # the chunks they are solving are not finished: do not wait for them
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
