"""The data build scripts of ``tools/`` as seen from the tests: loaded as modules, and run
only where their pinned source has been fetched (and, for the slow rebuilds, when asked)."""

import importlib
import os
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parent.parent / "tools"


def load_build(name: str):
    """The build script ``tools/<name>.py`` as a module (its own imports resolved from tools/)."""
    sys.path.insert(0, str(TOOLS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.pop(0)


def skip_unless_fetched(build) -> None:
    if not build.DEFAULT_SOURCE.exists():
        pytest.skip(f"source not fetched ({build.DEFAULT_SOURCE}; fetch github:{build.REPOSITORY})")


def skip_unless_rebuild_asked(duration: str) -> None:
    """Skip a full rebuild from the .rda files unless ``GOODSGOV_BUILD_CHECK=1`` (or rdata is missing)."""
    if os.environ.get("GOODSGOV_BUILD_CHECK") != "1":
        pytest.skip(f"rebuilding from the .rda takes {duration}: set GOODSGOV_BUILD_CHECK=1 to run it")
    pytest.importorskip("rdata", reason="rdata not installed (pip install '.[observed-build]')")
