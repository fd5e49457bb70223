"""The package: lazy imports, modules that are also functions, version, licence,
citation and changelog."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import goodsgov as gg

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("numpy", "pandas", "numba", "scipy", "sympy", "matplotlib")


def fresh(code: str) -> dict:
    """Run ``code`` in a new interpreter; it prints one JSON value."""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                         cwd=ROOT)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_import_goodsgov_imports_nothing_heavy():
    loaded = fresh("import sys, json, goodsgov; "
                   f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    assert loaded == []


def test_help_imports_nothing_heavy():
    code = ("import sys, json, contextlib, io\n"
            "from goodsgov.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        main(['--help'])\n    except SystemExit:\n        pass\n"
            "    for sub in ('table1', 'predict', 'sweep'):\n"
            "        try:\n            main([sub, '--help'])\n        except SystemExit:\n            pass\n"
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    assert fresh(code) == []


def test_every_public_name_imports_and_dir_lists_it():
    for name in gg.__all__:
        assert getattr(gg, name) is not None
    assert set(gg.__all__) <= set(dir(gg))
    code = ("from goodsgov import *\nimport json\n"
            "print(json.dumps(sorted(k for k in dir() if not k.startswith('_') and k != 'json')))")
    assert set(fresh(code)) == set(gg.__all__)


def test_a_missing_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'no_such_thing'"):
        gg.no_such_thing  # noqa: B018
    assert not hasattr(gg, "no_such_thing")


@pytest.mark.parametrize("first", ["attribute", "module", "from"])
def test_sweep_and_table1_are_plain_functions_whatever_is_imported_first(first):
    """In a fresh interpreter, importing every submodule first (or not) never turns the public
    functions into modules: one name, one thing."""
    opening = {"attribute": "import goodsgov as gg; gg.sweep; gg.table1",
               "module": "import goodsgov.sweeps, goodsgov.tables, goodsgov.governance",
               "from": "from goodsgov import sweep, table1"}[first]
    code = (f"{opening}\n"
            "import inspect, json, pkgutil, importlib\n"
            "import goodsgov as gg\n"
            "for m in pkgutil.iter_modules(gg.__path__):\n"
            "    if m.name not in ('__main__',):\n"
            "        importlib.import_module('goodsgov.' + m.name)\n"
            "print(json.dumps({n: inspect.isfunction(getattr(gg, n)) for n in ('sweep', 'table1')}))")
    assert fresh(code) == {"sweep": True, "table1": True}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _cff_field(text: str, key: str) -> str:
    m = re.search(rf"^{key}:\s*\"?([^\"\n]+?)\"?\s*$", text, re.M)
    assert m, key
    return m.group(1)


def test_one_version_everywhere():
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert gg.__version__ == _pyproject()["project"]["version"] == _cff_field(cff, "version")
    res = subprocess.run([sys.executable, "-m", "goodsgov", "--version"], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0 and res.stdout.strip() == f"goodsgov {gg.__version__}"


def test_licence_is_mit_and_in_the_metadata():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Copyright (c) 2026 goodsgov developers" in text
    project = _pyproject()["project"]
    assert project["license"] == "MIT" and "LICENSE" in project["license-files"]


def test_citation_names_the_package_and_betts():
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert _cff_field(cff, "cff-version") == "1.2.0" and _cff_field(cff, "license") == "MIT"
    assert "goodsgov" in _cff_field(cff, "title")
    refs = cff[cff.index("\nreferences:"):]
    for part in ("family-names: Betts", "given-names: Alexander", "year: 2010",
                 'title: "Migration Governance: Alternative Futures"', "World Migration Report 2010",
                 "International Organization for Migration"):
        assert part in refs, part
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is not a dependency
        return
    doc = yaml.safe_load(cff)
    assert doc["version"] == gg.__version__ and doc["references"][0]["type"] == "report"
    assert {"authors", "cff-version", "message", "title"} <= set(doc)


def test_changelog_keeps_a_changelog():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog") and "Keep a Changelog" in text
    heads = re.findall(r"^## \[([^\]]+)\]", text, re.M)
    assert heads[0] == "Unreleased" and "0.1.0" in heads
    assert gg.__version__ in heads


def test_tutorial_installs_from_a_clone():
    text = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    assert 'pip install "goodsgov' not in text and "pip install ." in text
