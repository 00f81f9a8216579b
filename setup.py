"""Build hook: compile the glossary's per-hit loops (service/glossary/hotpath.py) with Cython.

Everything else about the package is declared in pyproject.toml. The extension is optional:
without a C compiler, or with AUDARMA_PURE_PYTHON=1 in the environment, the install still
succeeds and hotpath.py runs as plain Python (same results, about half the speed on
name-dense text; docs/benchmarks.md). ``python -m service health``-style reports and
GET /health say which one is running.
"""

import os

from setuptools import Extension, setup


def extensions() -> list:
    if os.environ.get("AUDARMA_PURE_PYTHON", "").strip() not in ("", "0"):
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:         # only when built without the build-system requirements
        return []
    hotpath = Extension("service.glossary.hotpath", ["service/glossary/hotpath.py"], optional=True)
    # annotations are documentation here; the C types come from hotpath.pxd. Bounds checks
    # stay on: a wrong offset must raise IndexError, never read outside the string.
    return cythonize([hotpath], language_level=3, quiet=True,
                     compiler_directives={"annotation_typing": False})


setup(ext_modules=extensions())
