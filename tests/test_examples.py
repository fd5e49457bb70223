"""Every ``examples/*.py`` script runs.

Each runs in a subprocess with a temporary directory as its working
directory and as its first argument (the output directory scripts write
to); it must exit 0, print something, and write only inside that directory.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.py"))


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
