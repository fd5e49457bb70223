"""The package (issue 13): lazy imports, modules that are also functions, version, licence,
citation and changelog."""

import json
import pickle
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


@pytest.mark.parametrize("name, function", [("sweep", "sweep"), ("table1", "table1")])
@pytest.mark.parametrize("first", ["attribute", "import", "from"])
def test_sweep_and_table1_are_modules_and_functions(name, function, first):
    """Whatever is used first (in a fresh interpreter), every documented spelling works."""
    opening = {"attribute": f"import goodsgov as gg; gg.{name}",
               "import": f"import goodsgov.{name} as m",
               "from": f"from goodsgov.{name} import {function}"}[first]
    code = (f"{opening}\n"
            "import importlib, inspect, json, types\n"
            "import goodsgov as gg\n"
            f"import goodsgov.{name} as m\n"
            f"from goodsgov import {name} as fromed\n"
            "out = {'same': m is gg." + name + " is fromed is importlib.import_module('goodsgov." + name + "'),\n"
            "       'module': isinstance(m, types.ModuleType), 'callable': callable(m),\n"
            "       'function': inspect.isfunction(m." + function + ")}\n"
            "print(json.dumps(out))")
    assert fresh(code) == {"same": True, "module": True, "callable": True, "function": True}


def test_calling_the_module_calls_the_function():
    import goodsgov.sweep as m
    grid = {"rivalry": [0.2, 0.8], "n_states": [6]}
    via_module = gg.sweep(gg.refugee_protection, grid, progress=False)
    via_function = m.sweep(gg.refugee_protection, grid, progress=False)
    assert via_module.equals(via_function) and len(via_module) == 2
    assert m.scenario_at is gg.sweep.scenario_at and "excludability" in m.SCENARIO_PARAMETERS
    assert gg.table1()["type_of_good"].tolist() == gg.table1.table1()["type_of_good"].tolist()
    assert pickle.loads(pickle.dumps(gg.sweep)) is gg.sweep
    import inspect
    assert inspect.signature(gg.sweep) == inspect.signature(m.sweep)
    assert inspect.signature(gg.table1) == inspect.signature(gg.table1.table1)


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
