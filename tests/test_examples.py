"""Every ``examples/*.py`` script runs.

Each runs in a subprocess with a temporary directory as its working
directory and as its first argument (the output directory scripts write
to); it must exit 0, print something, and write only inside that directory.
The walkthroughs (``walkthrough_*.py``) are scripts in the percent cell
format (Jupytext's; VS Code and Spyder run them cell by cell too), chosen
over notebooks so that they run here as plain scripts, with no kernel and
no stored outputs; the docs site (``docs/hooks.py``) runs them cell by cell
and shows each cell's output.
"""

import importlib.util

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
WALKTHROUGHS = [p for p in EXAMPLES if p.name.startswith("walkthrough_")]


def test_examples_exist():
    names = {p.name for p in EXAMPLES}
    assert {"typology_map.py", "sweep_refugee.py"} <= names


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(script, tmp_path):
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0")
    res = subprocess.run([sys.executable, str(script), str(tmp_path / "out")], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.strip(), "an example should print what it found"
    assert "Traceback" not in res.stderr
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()] if (tmp_path / "out").exists() else []
    for p in written:
        assert p.stat().st_size > 0
    if script.name in ("typology_map.py", "sweep_refugee.py"):
        assert any(p.suffix == ".png" for p in written) and any(p.suffix == ".csv" for p in written)
    if script in WALKTHROUGHS:
        assert any(p.suffix == ".png" for p in written)


def test_walkthroughs_are_notebooks_as_scripts():
    """Three walkthroughs, each prose and code in alternating cells, as the docs site reads them."""
    assert {p.name for p in WALKTHROUGHS} == {"walkthrough_table1.py", "walkthrough_world.py",
                                              "walkthrough_own_scenario.py"}
    spec = importlib.util.spec_from_file_location("goodsgov_docs_hooks", ROOT / "docs" / "hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    for script in WALKTHROUGHS:
        kinds = [c["kind"] for c in hooks.cells(script.read_text(encoding="utf-8"))]
        assert kinds.count("markdown") >= 4 and kinds.count("code") >= 4, (script.name, kinds)
        title, body = hooks.docstring(script)
        assert title.startswith("Walkthrough:") and body, script.name
