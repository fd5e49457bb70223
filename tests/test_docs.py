"""Documentation: the reference covers the public API and every code block runs.

The docs' ``>>>`` blocks are doctests (``--doctest-glob=*.md``) and their
``toml`` / ``console`` blocks are run by ``docs/conftest.py``. This module
checks that the reference (rendered from the docstrings by mkdocstrings
when the site is built; ``tests/test_docs_site.py`` builds it) names every
public object, that no block in the docs or the README is of a kind
nothing runs, and runs the README's console blocks. None of it needs the
``docs`` extra.
"""

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```\s*$", re.S | re.M)
#: kinds of block and what runs them; ``text`` holds formulas and output, never code
RUN = {"python": "doctest (>>> lines)", "pycon": "doctest (>>> lines)", "toml": "docs/conftest.py",
       "console": "docs/conftest.py", "text": None,
       "bash": "the README's set-up commands, run by .ci/run (tests/test_ci.py checks they match)"}
README_BASH = re.compile(r"^```bash\n(.*?)^```", re.S | re.M)


def _plugin():
    spec = importlib.util.spec_from_file_location("goodsgov_docs_plugin", DOCS / "conftest.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_four_parts_exist():
    for name in ("tutorial.md", "howto.md", "reference.md", "explanation.md"):
        assert (DOCS / name).stat().st_size > 1000


def _hooks():
    spec = importlib.util.spec_from_file_location("goodsgov_docs_hooks", DOCS / "hooks.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_reference_covers_the_public_api():
    """Every name of ``goodsgov`` is in the namespace page and rendered on a page of docs/api/."""
    import goodsgov as gg
    hooks = _hooks()
    text = (DOCS / "reference.md").read_text(encoding="utf-8")
    rendered = hooks.rendered_paths(DOCS)
    for name in gg.__all__:
        assert f"(gg:{name})" in text, f"docs/reference.md does not list gg.{name}"
        assert hooks.namespace_target(name, rendered) is not None, \
            f"gg.{name} is rendered on no page of docs/api/: add a ::: directive for its module"


#: modules a researcher imports beside the namespace: each has a page of its own in docs/api/
PUBLIC_MODULES = ["goodsgov.world", "goodsgov.observed", "goodsgov.models", "goodsgov.symbolic",
                  "goodsgov.plot", "goodsgov.sweeps", "goodsgov.scenario", "goodsgov.export",
                  "goodsgov.names", "goodsgov.notation", "goodsgov.errors", "goodsgov.cli",
                  "goodsgov.maps", "goodsgov.calibration", "goodsgov.regions", "goodsgov.survival",
                  "goodsgov.alternatives", "goodsgov.drivers", "goodsgov.estimation"]


def test_reference_directives_name_real_objects():
    """Each ``::: path`` of docs/api/ is an object of the package; the public modules are all there."""
    import importlib
    rendered = _hooks().rendered_paths(DOCS)
    for path in rendered:
        parts = path.split(".")
        for cut in range(len(parts), 0, -1):       # the longest importable prefix, then attributes
            try:
                obj = importlib.import_module(".".join(parts[:cut]))
                break
            except ImportError:
                continue
        for attr in parts[cut:]:
            assert hasattr(obj, attr), f"docs/api/{rendered[path]}: ::: {path} names nothing"
            obj = getattr(obj, attr)
    missing = [m for m in PUBLIC_MODULES if m not in rendered]
    assert not missing, f"no page of docs/api/ renders {missing}"


MARKDOWN = sorted(DOCS.rglob("*.md")) + \
    [p for p in [ROOT / "README.md"] if p.exists()]


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: p.relative_to(ROOT).as_posix())
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
        if lang == "bash" and path.name != "README.md":
            readme = [b.strip() for b in README_BASH.findall((ROOT / "README.md").read_text(encoding="utf-8"))]
            assert body.strip() in readme, (f"{path.name}:{line}: a bash block must be one of the README's "
                                            f"set-up commands (which CI runs): {readme}")


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
