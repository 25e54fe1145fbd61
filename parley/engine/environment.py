"""Which numerical libraries computed an analysis: numpy, scipy and the BLAS each of them loaded.

The last digits of an analysis depend on them (OpenBLAS chooses its kernels by CPU when it
loads), so an analysis says what it ran on, beside its numbers but outside the hashed JSON, and
the verifier can show both sides when a re-run on another computer differs.
"""

from __future__ import annotations

import copy
import ctypes
import functools
import platform
from collections.abc import Mapping
from typing import Any

import numpy as np
import scipy

# How OpenBLAS builds name the function that says which kernel set it chose (plain,
# and as the scipy-openblas wheels of numpy and scipy prefix and suffix their symbols).
_CORENAME = ("openblas_get_corename", "scipy_openblas_get_corename", "scipy_openblas_get_corename64_")


def numeric_environment() -> dict[str, Any]:
    """Return the versions of Python, numpy, scipy and their BLAS (with the kernels chosen), as strings."""
    return copy.deepcopy(_environment())


@functools.cache
def _environment() -> dict[str, Any]:
    # OpenBLAS chooses its kernels once, when it loads: one look per process is enough.
    from . import kernels

    loaded = _loaded_openblas()
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "blas": {
            "numpy": _blas(_build_blas(np), loaded, "openblas64"),
            "scipy": _blas(_build_blas(scipy), loaded, "openblas"),
        },
        "loops": "compiled" if kernels.compiled() else "numpy",
    }


def describe(environment: Mapping[str, Any] | None) -> str:
    """Say in a line what ENVIRONMENT ran: 'numpy 2.4.6 with scipy-openblas 0.3.31 (Haswell), scipy ...'."""
    if not isinstance(environment, Mapping):
        return "unknown libraries"
    blas = environment.get("blas")
    blas = blas if isinstance(blas, Mapping) else {}
    parts = []
    for module in ("numpy", "scipy"):
        with_blas = f" with {blas[module]}" if blas.get(module) else ""
        parts.append(f"{module} {environment.get(module, '?')}{with_blas}")
    return f"{', '.join(parts)}, on {environment.get('machine', '?')}"


def _build_blas(module: Any) -> Mapping[str, Any]:
    try:
        blas = module.__config__.CONFIG["Build Dependencies"]["blas"]
    except (AttributeError, KeyError, TypeError):
        return {}
    return blas if isinstance(blas, Mapping) else {}


def _blas(build: Mapping[str, Any], loaded: dict[str, str], marker: str) -> str:
    """'scipy-openblas 0.3.30 (Haswell)': the BLAS a module was built with and, if known, its kernels."""
    name = f"{build.get('name', 'unknown')} {build.get('version', '')}".strip()
    core = next((core for path, core in sorted(loaded.items()) if _library_name(path).startswith(f"lib{marker}")), "")
    if not core and "openblas" in name and len(loaded) == 1:
        core = next(iter(loaded.values()))
    return f"{name} ({core})" if core else name


def _library_name(path: str) -> str:
    # numpy's wheel loads libscipy_openblas64_-<hash>.so, scipy's libscipy_openblas-<hash>.so.
    return path.rsplit("/", 1)[-1].replace("libscipy_", "lib")


def _loaded_openblas() -> dict[str, str]:
    """The OpenBLAS libraries this process has loaded, each with the kernel set it chose."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.rsplit("/", 1)[-1].lower()}
    except OSError:  # not Linux: the build information has to do
        return {}
    found = {}
    for path in sorted(paths):
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for symbol in _CORENAME:
            function = getattr(library, symbol, None)
            if function is not None:
                function.restype = ctypes.c_char_p
                found[path] = (function() or b"").decode("ascii", "replace").strip()
                break
    return found
