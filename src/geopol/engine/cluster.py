"""Where the Dask engine runs: a LocalCluster, a SLURM cluster, or a scheduler
that is already up.

    with connect(workers=2) as client: ...                    # this machine
    with connect(scheduler="tcp://10.0.0.5:8786") as client: ...  # an existing scheduler
    with connect(slurm_jobs=10) as client: ...                # SLURM, via dask-jobqueue

Every worker process runs one task at a time (one thread): each holds one
pipeline (spaCy and the knowledge base, about 400 MB), so processes, not
threads, are what scale. On SLURM one job runs ``cores`` such processes.
The SLURM settings come from the arguments, else from dask's configuration
(``~/.config/dask/jobqueue.yaml``, key ``jobqueue.slurm``), else from the
defaults below.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dask
from distributed import Client, LocalCluster

SLURM_CORES = 4  # worker processes per job
SLURM_MEMORY_PER_WORKER_GB = 1.0  # the measured peak is under 600 MB; headroom for long articles
SLURM_WALLTIME = "04:00:00"


def local_cluster(workers: int | None = None, **kwargs: Any) -> LocalCluster:
    """``workers`` single-threaded worker processes on this machine (default: one per core)."""
    options: dict[str, Any] = dict(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                                   processes=True, dashboard_address=None, silence_logs=logging.ERROR,
                                   scheduler_kwargs={"dashboard_address": ":0"})  # no dashboard, any free port
    options.update(kwargs)
    return LocalCluster(**options)


def slurm_cluster(cores: int | None = None, memory: str | None = None, walltime: str | None = None,
                  queue: str | None = None, account: str | None = None, **kwargs: Any) -> Any:
    """A dask-jobqueue ``SLURMCluster`` whose jobs each run ``cores``
    single-threaded geopol workers; nothing is submitted until ``scale``."""
    from dask_jobqueue import SLURMCluster

    conf = dask.config.get("jobqueue.slurm", default={}) or {}
    cores = cores or conf.get("cores") or SLURM_CORES
    memory = memory or conf.get("memory") or f"{cores * SLURM_MEMORY_PER_WORKER_GB:g}GB"
    options: dict[str, Any] = dict(
        cores=cores, processes=conf.get("processes") or cores, memory=memory,
        walltime=walltime or (conf.get("walltime") if conf.get("walltime") != "00:30:00" else None) or SLURM_WALLTIME,
        queue=queue or conf.get("queue"), account=account or conf.get("account"))
    options.update(kwargs)
    return SLURMCluster(**options)


@contextmanager
def connect(workers: int | None = None, scheduler: str | None = None, slurm_jobs: int | None = None,
            **slurm: Any) -> Iterator[Client]:
    """A client on an existing scheduler, a SLURM cluster of ``slurm_jobs``
    jobs, or (the default) a LocalCluster; closed on exit."""
    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    cluster = slurm_cluster(**slurm) if slurm_jobs else local_cluster(workers)
    try:
        if slurm_jobs:
            cluster.scale(jobs=slurm_jobs)
        with Client(cluster) as client:
            yield client
    finally:
        cluster.close()


__all__ = ["connect", "local_cluster", "slurm_cluster"]
