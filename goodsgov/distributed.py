"""Run sweeps on a dask cluster (optional extra ``dask``).

:func:`dask_executor` returns a :class:`concurrent.futures.Executor`
backed by a ``dask.distributed`` client, so that
``goodsgov.sweep(..., executor=dask_executor())`` runs the same sweep
on a local or remote cluster and returns the same DataFrame as in-process.
Install the extra with ``pip install "goodsgov[dask]"``.
"""

from __future__ import annotations

from concurrent.futures import Executor, Future
from typing import Any

from . import _checks

__all__ = ["DaskExecutor", "dask_executor"]


def _require_distributed():
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("goodsgov.dask_executor needs dask.distributed: "
                          'pip install "goodsgov[dask]"') from exc
    return distributed


class DaskExecutor(Executor):
    """A :class:`concurrent.futures.Executor` submitting to a ``distributed.Client``.

    ``client``: the dask client; ``cluster``: the :class:`~distributed.LocalCluster`
    this executor started (``None`` when connected to an existing scheduler).
    :meth:`shutdown` (or leaving a ``with`` block) closes the client and any
    cluster it started. ``max_workers`` is the number of worker threads in
    the cluster (used by :func:`goodsgov.sweep` to size its chunks).
    """

    def __init__(self, client, cluster=None):
        self.client = client
        self.cluster = cluster
        self._inner = client.get_executor()

    @property
    def max_workers(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def submit(self, fn, /, *args, **kwargs) -> Future:
        return self._inner.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._inner.shutdown(wait=wait)
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def dask_executor(address: str | None = None, **cluster_kwargs: Any) -> DaskExecutor:
    """An executor on the dask scheduler at ``address``, or on a new local cluster.

    Without ``address`` a :class:`distributed.LocalCluster` is started with
    ``cluster_kwargs`` (e.g. ``n_workers=2, threads_per_worker=1``); it is
    closed by ``shutdown()``. Raises :class:`ImportError` naming the extra
    when dask is not installed.

    >>> import goodsgov as gg
    >>> with gg.dask_executor(n_workers=1, processes=False, dashboard_address=None) as ex:
    ...     df = gg.sweep(gg.refugee_protection, {"n_states": [6, 8]}, executor=ex, progress=False)
    >>> df["level"].tolist()
    ['bilateral', 'bilateral']
    """
    distributed = _require_distributed()
    if address is not None:
        if not isinstance(address, str) or not address.strip():
            raise _checks.invalid("address", address, "must be a scheduler address such as "
                                  "'tcp://127.0.0.1:8786', or None for a local cluster")
        if cluster_kwargs:
            raise _checks.invalid("cluster_kwargs", sorted(cluster_kwargs),
                                  "only apply when starting a local cluster (address=None)")
        return DaskExecutor(distributed.Client(address))
    cluster = distributed.LocalCluster(**cluster_kwargs)
    try:
        client = distributed.Client(cluster)
    except BaseException:
        cluster.close()
        raise
    return DaskExecutor(client, cluster)
