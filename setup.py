"""Build the engine's optional C loops; everything else is in pyproject.toml.

Without a C compiler the extension is skipped (`optional=True`) and the engine
runs the same analysis with numpy and scipy alone (see parley/engine/kernels.py).
"""

import sys

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "parley.engine._kernels",
            ["parley/engine/_kernels.c"],
            # Keep a * b + c as two roundings, as scipy does, so both ways agree bit for bit.
            extra_compile_args=[] if sys.platform == "win32" else ["-ffp-contract=off"],
            optional=True,
        )
    ]
)
