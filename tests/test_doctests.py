"""Every docstring example in the package runs (the examples are documentation)."""

import doctest
import importlib
import pkgutil

import pytest

import goodsgov

OPTIONAL = {"goodsgov.plot": "matplotlib", "goodsgov.distributed": "distributed",
            "goodsgov.games.interop": "quantecon"}
MODULES = sorted(m.name for m in pkgutil.walk_packages(goodsgov.__path__, "goodsgov."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, tmp_path, monkeypatch):
    if name in OPTIONAL:
        pytest.importorskip(OPTIONAL[name], reason=f"{name} needs the optional {OPTIONAL[name]}")
    monkeypatch.chdir(tmp_path)          # examples that write files write them here
    module = importlib.import_module(name)
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    result = doctest.testmod(module, optionflags=flags, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
