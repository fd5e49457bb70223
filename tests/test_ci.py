"""The README's set-up commands and CI agree."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [b.strip() for b in re.findall(r"^```bash\n(.*?)^```", text, re.S | re.M)]


def test_readme_has_exactly_two_setup_commands():
    cmds = _readme_commands()
    assert len(cmds) == 2 and all("\n" not in c for c in cmds), cmds
    assert "goodsgov table1" in cmds[0] and cmds[0].startswith("pip install .")
    assert cmds[1].endswith("pytest") and "[test" in cmds[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _readme_commands()[1] in ci.splitlines()
    assert "python3 -m venv" in ci           # a fresh virtual environment
    assert '"$status" -eq 5' in ci           # an empty selection is not a failure


def test_every_runtime_dependency_is_declared():
    import tomllib
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = " ".join(meta["dependencies"])
    for name in ("numpy", "scipy", "pandas", "sympy", "nashpy", "numba"):
        assert name in deps
    extras = meta["optional-dependencies"]
    assert {"test", "compare", "plot", "dask"} <= set(extras)
    assert meta["scripts"]["goodsgov"] == "goodsgov.cli:main"
