"""Documentation: the reference is current and every code block runs.

The docs' ``>>>`` blocks are doctests (``--doctest-glob=*.md``) and their
``toml`` / ``console`` blocks are run by ``docs/conftest.py``. This module
checks the generated reference, that no block in the docs or the README
is of a kind nothing runs, and runs the README's console blocks.
"""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```\s*$", re.S | re.M)
#: kinds of block and what runs them; ``text`` holds formulas and output, never code
RUN = {"python": "doctest (>>> lines)", "pycon": "doctest (>>> lines)", "toml": "docs/conftest.py",
       "console": "docs/conftest.py", "text": None,
       "bash": "the README's set-up commands, run by .ci/run (tests/test_ci.py checks they match)"}


def _plugin():
    spec = importlib.util.spec_from_file_location("goodsgov_docs_plugin", DOCS / "conftest.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_four_parts_exist():
    for name in ("tutorial.md", "howto.md", "reference.md", "explanation.md"):
        assert (DOCS / name).stat().st_size > 1000


def test_reference_is_up_to_date():
    res = subprocess.run([sys.executable, str(DOCS / "build_reference.py"), "--check"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr + "\nregenerate with: python docs/build_reference.py"


def test_reference_covers_the_public_api():
    import goodsgov as gg
    import goodsgov.plot
    text = (DOCS / "reference.md").read_text(encoding="utf-8")
    for name in gg.__all__ + ["plot.phase_diagram", "plot.gap_plot"]:
        assert f"`goodsgov.{name}" in text, name


MARKDOWN = sorted(p for p in DOCS.glob("*.md") if p.name != "reference.md") + \
    [p for p in [ROOT / "README.md"] if p.exists()]


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: p.name)
def test_every_code_block_is_run(path):
    for m in FENCE.finditer(path.read_text(encoding="utf-8")):
        lang, body = m.group(1) or "", m.group(2)
        line = path.read_text(encoding="utf-8").count("\n", 0, m.start()) + 1
        assert lang in RUN, (f"{path.name}:{line}: a ```{lang} block is not run by any test; use "
                             "```python with >>> lines, ```console with $ lines, ```toml or ```text")
        if lang in ("python", "pycon"):
            assert ">>> " in body, f"{path.name}:{line}: python blocks must be doctests (>>> lines)"
        if lang == "console":
            assert "$ " in body, f"{path.name}:{line}: console blocks need $ command lines"


@pytest.mark.skipif(not (ROOT / "README.md").exists(), reason="no README yet")
def test_readme_console_and_toml_blocks_run(tmp_path):
    plugin = _plugin()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    from goodsgov.scenario import scenario_from_toml
    files = {}
    for lang, body, line in plugin._blocks(text):
        if lang == "toml":
            scenario_from_toml(body, source=f"README.md:{line}")
            m = re.match(r"#\s*file:\s*(\S+)", body)
            if m:
                files[m.group(1)] = body
    for lang, body, _line in plugin._blocks(text):
        if lang == "console":
            plugin.run_console(body, files, tmp_path)
