"""Engines that run the pipeline over many documents.

``geopol.engine.core`` is engine-agnostic: a batch of input records in,
result rows out (``geopol.engine.rows``), one pipeline per worker process.
The Dask engine (``pip install 'geopol[dask]'``) plans input partitions
(``inputs``), runs the core on a LocalCluster, a SLURM cluster or an
existing scheduler (``cluster``, ``dask_engine``) and writes a Parquet
dataset (``parquet``).
"""
from __future__ import annotations

from geopol.errors import EngineError


def require_dask(modules: tuple[str, ...] = ("dask", "distributed", "pyarrow")) -> None:
    """Raise EngineError E401, with the install hint, if the extra is missing."""
    for module in modules:
        try:
            __import__(module)
        except ImportError:
            raise EngineError("E401", missing=module) from None


__all__ = ["require_dask"]
