"""Engines that run the pipeline over many documents.

``geopol.engine.core`` is engine-agnostic: a batch of input records in,
result rows out, one pipeline per worker process. ``geopol.engine.rows``
defines the row tables. The Dask engine (``geopol.engine.dask_engine``,
``pip install 'geopol[dask]'``) runs the core on a LocalCluster, a SLURM
cluster or an existing scheduler and writes a Parquet dataset.
"""
