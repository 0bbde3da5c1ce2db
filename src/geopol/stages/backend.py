"""The matrix library spaCy's models multiply with, chosen at start.

thinc (spaCy's layer library) multiplies with blis by default. blis picks
a kernel for the CPU when it loads; on a CPU it has no kernel for it uses
its portable "generic" code, several times slower than numpy's BLAS
(OpenBLAS). ``choose("auto")`` therefore takes blis where it has a kernel
and numpy's BLAS, on one thread (geopol runs one process per core), where
it has none; ``"blis"`` and ``"numpy"`` force either. ``use(name)`` makes
it thinc's current backend, so it must run before the model is loaded
(thinc layers keep the backend they were built with).

The choice changes only the speed: both are float32 matrix products of
the same weights, and the tests check that the coded output is identical.
"""
from __future__ import annotations

import ctypes
import logging
import os
from functools import cache

from geopol.errors import ModelError

log = logging.getLogger(__name__)

BACKENDS = ("auto", "blis", "numpy")
ENV = "GEOPOL_BACKEND"


@cache
def blis_architecture() -> str:
    """The name of the kernel set blis chose for this CPU ("generic" when it
    has none, "zen3", "skx", "haswell", ...); "" if it cannot be asked."""
    try:
        import blis.cy

        lib = ctypes.CDLL(blis.cy.__file__)
        lib.bli_arch_query_id.restype = ctypes.c_int
        lib.bli_arch_string.argtypes = [ctypes.c_int]
        lib.bli_arch_string.restype = ctypes.c_char_p
        return (lib.bli_arch_string(lib.bli_arch_query_id()) or b"").decode()
    except (ImportError, OSError, AttributeError):
        return ""


def choose(setting: str | None = None) -> str:
    """"blis" or "numpy" for ``setting`` ("auto", "blis", "numpy"; None
    reads ``$GEOPOL_BACKEND``, default "auto")."""
    name = (setting or os.environ.get(ENV) or "auto").strip().lower()
    if name not in BACKENDS:
        raise ModelError("E103", value=name)
    if name != "auto":
        return name
    return "numpy" if blis_architecture() in ("generic", "") else "blis"


def use(name: str) -> None:
    """Make ``name`` ("blis" or "numpy") thinc's current backend."""
    from thinc.api import NumpyOps, set_current_ops

    if name == "numpy":
        _one_blas_thread()
    set_current_ops(NumpyOps(use_blis=name == "blis"))
    log.debug("matrix backend: %s (blis kernels: %s)", name, blis_architecture() or "unknown")


def _one_blas_thread() -> None:
    """numpy's BLAS on one thread: geopol's parallelism is its processes."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a declared dependency
        log.warning("threadpoolctl is not installed: numpy's BLAS keeps a thread per core in every worker, "
                    "which about doubles the parse's CPU time; pip install threadpoolctl")
        return
    threadpool_limits(1, user_api="blas")
