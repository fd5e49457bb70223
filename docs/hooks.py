"""MkDocs hooks: the gallery, the walkthrough pages and the command-line help, made at build time.

Listed under ``hooks:`` in ``mkdocs.yml``. Nothing they show is committed:
every figure and every printed line comes from running the scripts in
``examples/`` during the build, so the site cannot drift from the code.

* Every ``examples/*.py`` runs once per build (two at a time), as
  ``tests/test_examples.py`` runs it: ``python SCRIPT OUTPUT_DIR`` with a
  temporary output directory. Its figures become files of the site.
* ``docs/gallery.md`` holds the marker ``<!-- gallery -->``; it is replaced
  by one section per example: its docstring, its figures, what it prints
  and its source.
* Each ``examples/walkthrough_NAME.py`` is a script in the "percent" cell
  format (``# %%`` starts a code cell, ``# %% [markdown]`` a cell of ``#``
  comment lines in Markdown; Jupytext and VS Code open it as a notebook).
  It is run cell by cell in one namespace (``python docs/hooks.py cells
  SCRIPT OUTPUT_DIR``) and becomes the page ``walkthroughs/NAME.md``: the
  prose, each cell's code, what it printed and the figures it saved.
* In ``docs/reference.md`` a link ``(gg:NAME)`` becomes a link to the
  entry of ``goodsgov.NAME`` on the ``docs/api/`` page that renders it (the
  module it lives in is read from ``goodsgov._EXPORTS``); a name rendered
  nowhere stops the build.
* A ```` ```python ```` block of ``>>>`` lines is highlighted as a Python
  session (``pycon``): prompts, code and output apart.
* A page holding ``<!-- cli-help -->`` gets ``goodsgov --help`` and the
  help of each subcommand.

Results are cached for ``mkdocs serve`` by the content of the script and
of the package's sources.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
WALKTHROUGH = "walkthrough_"
FIGURES = (".png", ".svg")
MAX_PRINTED_LINES = 60
CELL = re.compile(r"^# %%(.*)$")

WARM_UP = ("import goodsgov as gg; gg.predict_governance(gg.refugee_protection(n_states=6, n_regions=2)); "
           "gg.sweep(gg.irregular_migration, {'n_states': [6]}, progress=False)")

_work: Path | None = None
_cache: dict[str, dict] = {}
_results: dict[str, dict] = {}


# ---------------------------------------------------------------- running the examples

def _sources_key(script: Path) -> str:
    digest = hashlib.sha256(script.read_bytes())
    for path in sorted((ROOT / "goodsgov").rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _env() -> dict:
    return dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0", COLUMNS="88")


def _run_example(script: Path) -> dict:
    """Run one example into a fresh directory; its figures, printed text and (walkthroughs) cells."""
    out = _work / script.stem
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    cells_json = _work / f"{script.stem}.cells.json"
    if script.stem.startswith(WALKTHROUGH):
        argv = [sys.executable, str(Path(__file__).resolve()), "cells", str(script), str(out / "output"),
                str(cells_json)]
    else:
        argv = [sys.executable, str(script), str(out / "output")]
    res = subprocess.run(argv, cwd=out, env=_env(), capture_output=True, text=True, timeout=900)
    if res.returncode != 0:
        from mkdocs.exceptions import PluginError
        raise PluginError(f"examples/{script.name} failed (exit {res.returncode}):\n{res.stderr[-3000:]}")
    figures = sorted(p for p in (out / "output").rglob("*") if p.suffix in FIGURES) \
        if (out / "output").exists() else []
    result = {"stdout": res.stdout.replace(str(out / "output"), "output"), "figures": figures, "dir": out}
    if cells_json.exists():
        result["cells"] = json.loads(cells_json.read_text(encoding="utf-8"))
    return result


def _run_all(scripts: list[Path]) -> None:
    todo = []
    for script in scripts:
        key = _sources_key(script)
        hit = _cache.get(script.name)
        if hit is not None and hit["key"] == key and all(p.exists() for p in hit["result"]["figures"]):
            _results[script.name] = hit["result"]
        else:
            todo.append((script, key))
    if todo:
        # compile goodsgov's solvers once (a minute on a cold numba cache) before two scripts at a time
        # (and their worker processes) would each compile them
        subprocess.run([sys.executable, "-c", WARM_UP], env=_env(), capture_output=True, timeout=900)
    with ThreadPoolExecutor(max_workers=2) as pool:
        for (script, key), result in zip(todo, pool.map(lambda t: _run_example(t[0]), todo)):
            _cache[script.name] = {"key": key, "result": result}
            _results[script.name] = result


# ---------------------------------------------------------------- reading the scripts

def docstring(script: Path) -> tuple[str, str]:
    """The title (first line) and the body of a script's docstring, without its ``Usage:`` lines."""
    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or script.stem
    title, _, body = doc.partition("\n")
    body = "\n".join(ln for ln in body.splitlines() if not ln.strip().startswith(("Usage:", "Run:")))
    return title.strip().rstrip("."), body.strip()


def cells(text: str) -> list[dict]:
    """The cells of a percent-format script: the code before the first marker, then one per marker."""
    found, kind, lines = [], "code", []

    def close():
        body = "\n".join(lines).strip("\n")
        if kind == "markdown":
            body = "\n".join(re.sub(r"^# ?", "", ln) for ln in body.splitlines())
        if body.strip():
            found.append({"kind": kind, "source": body})

    tree = ast.parse(text)
    start = 0
    if ast.get_docstring(tree) is not None:          # the docstring is the page's introduction
        start = tree.body[0].end_lineno
    for line in text.splitlines()[start:]:
        m = CELL.match(line)
        if m:
            close()
            kind, lines = ("markdown" if "[markdown]" in m.group(1) else "code"), []
        else:
            lines.append(line)
    close()
    return found


def run_cells(script: Path, out: Path, dest: Path) -> None:
    """Run ``script`` cell by cell in one namespace; write each cell's printed text and new figures."""
    sys.argv = [str(script), str(out)]
    sys.path.insert(0, str(script.parent))
    namespace = {"__name__": "__main__", "__file__": str(script)}
    done, seen = [], set()
    for cell in cells(script.read_text(encoding="utf-8")):
        if cell["kind"] == "code":
            buffer = StringIO()
            with redirect_stdout(buffer):
                exec(compile(cell["source"], str(script), "exec"), namespace)
            made = sorted(str(p.relative_to(out)) for p in out.rglob("*")
                          if p.suffix in FIGURES and p not in seen) if out.exists() else []
            seen.update(out / m for m in made)
            cell = dict(cell, stdout=buffer.getvalue().replace(str(out), "output"), figures=made)
            sys.stdout.write(buffer.getvalue())
        done.append(cell)
    dest.write_text(json.dumps(done, indent=1), encoding="utf-8")


# ---------------------------------------------------------------- Markdown

def _fence(lang: str, text: str) -> str:
    ticks = "````" if "```" in text else "```"
    return f"{ticks}{lang}\n{text.rstrip()}\n{ticks}\n"


def _printed(text: str) -> str:
    lines = text.rstrip().splitlines()
    if len(lines) > MAX_PRINTED_LINES:
        lines = lines[:MAX_PRINTED_LINES] + [f"... ({len(lines) - MAX_PRINTED_LINES} more lines)"]
    return "\n".join(lines)


def gallery_markdown(scripts: list[Path]) -> str:
    parts = []
    walkthroughs = [s for s in scripts if s.stem.startswith(WALKTHROUGH)]
    for script in (s for s in scripts if not s.stem.startswith(WALKTHROUGH)):
        title, body = docstring(script)
        result = _results[script.name]
        parts.append(f"## {title}\n\n`python examples/{script.name}`\n\n{body}\n")
        for fig in result["figures"]:
            rel = fig.relative_to(result["dir"] / "output")
            parts.append(f"![{title}](gallery/{script.stem}/{rel.as_posix()})\n")
        if result["stdout"].strip():               # open when there is no figure to show
            fold = "???" if result["figures"] else "???+"
            parts.append(f'{fold} note "What it prints"\n\n' + _indent(_fence("text", _printed(result["stdout"]))))
        parts.append('??? example "Source"\n\n'
                     + _indent(_fence("python", script.read_text(encoding="utf-8"))))
    if walkthroughs:
        parts.append("## Walkthroughs\n\nScripts read as notebooks: each runs cell by cell when the "
                     "site is built, and its page shows every cell's code, output and figures.\n")
        for script in walkthroughs:
            title, _ = docstring(script)
            page = script.stem[len(WALKTHROUGH):]
            parts.append(f"- [{title}](walkthroughs/{page}.md) (`python examples/{script.name}`)")
        parts.append("")
    return "\n".join(parts)


def _indent(text: str) -> str:
    return "".join("    " + ln if ln.strip() else ln for ln in text.splitlines(keepends=True)) + "\n"


def walkthrough_markdown(script: Path) -> str:
    title, body = docstring(script)
    result = _results[script.name]
    parts = [f"# {title}\n", f"{body}\n",
             (f'!!! info "Run it yourself"\n\n    `python examples/{script.name}` runs this page '
              "from top to bottom (figures go to `./output`); it is a script in the percent cell format, "
              "so Jupytext, VS Code or Spyder open it as a notebook. This page was made by running it "
              "when the site was built.\n")]
    for cell in result["cells"]:
        if cell["kind"] == "markdown":
            parts.append(cell["source"] + "\n")
            continue
        parts.append(_fence("python", cell["source"]))
        if cell.get("stdout", "").strip():
            parts.append(_fence("text", _printed(cell["stdout"])))
        for fig in cell.get("figures", []):
            parts.append(f"![{Path(fig).stem}]({script.stem[len(WALKTHROUGH):]}/{fig})\n")
    return "\n".join(parts)


def cli_help_markdown() -> str:
    import argparse

    from goodsgov.cli import build_parser
    parser = build_parser()
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    commands = [[]] + [[name] for a in subs for name in a.choices]
    parts = []
    for cmd in commands:
        res = subprocess.run([sys.executable, "-m", "goodsgov.cli", *cmd, "--help"], env=_env(),
                             capture_output=True, text=True, timeout=120)
        if res.returncode != 0:
            from mkdocs.exceptions import PluginError
            raise PluginError(f"goodsgov {' '.join(cmd)} --help failed:\n{res.stderr[-2000:]}")
        parts.append(f"### `goodsgov {' '.join(cmd + ['--help'])}`\n\n" + _fence("text", res.stdout))
    return "\n".join(parts)


# ---------------------------------------------------------------- links to the namespace

DIRECTIVE = re.compile(r"^::: (goodsgov[\w.]*)\s*$", re.M)
NAMESPACE_LINK = re.compile(r"\(gg:(\w+)\)")


def rendered_paths(docs_dir: Path) -> dict[str, str]:
    """Each object or module path named by a ``:::`` directive under ``api/`` -> its page."""
    found = {}
    for page in sorted((docs_dir / "api").glob("*.md")):
        for m in DIRECTIVE.finditer(page.read_text(encoding="utf-8")):
            found[m.group(1)] = f"api/{page.name}"
    return found


def namespace_target(name: str, rendered: dict[str, str]) -> str | None:
    """The page and anchor documenting ``goodsgov.NAME`` (None: rendered nowhere)."""
    import goodsgov
    home = goodsgov._EXPORTS[name]
    if home is None:                                   # a submodule: its page
        path = f"goodsgov.{name}"
        return f"{rendered[path]}#{path}" if path in rendered else None
    path = f"goodsgov.{home}.{name}"
    for candidate in (f"{path}.{name}", path):         # a function named as its module first
        if candidate in rendered:
            return f"{rendered[candidate]}#{candidate}"
    module = f"goodsgov.{home}"
    return f"{rendered[module]}#{path}" if module in rendered else None


def link_namespace(markdown: str, docs_dir: Path) -> str:
    rendered = rendered_paths(docs_dir)

    def repl(m):
        target = namespace_target(m.group(1), rendered)
        if target is None:
            from mkdocs.exceptions import PluginError
            raise PluginError(f"goodsgov.{m.group(1)} is rendered on no page under docs/api/: "
                              "add a ::: directive for it or its module")
        return f"({target})"
    return NAMESPACE_LINK.sub(repl, markdown)


# ---------------------------------------------------------------- MkDocs events

def _scripts() -> list[Path]:
    return sorted(EXAMPLES.glob("*.py"))


def on_files(files, config):
    from mkdocs.structure.files import File
    global _work
    if _work is None:
        _work = Path(tempfile.mkdtemp(prefix="goodsgov-docs-"))
    scripts = _scripts()
    _run_all(scripts)
    for script in scripts:
        result = _results[script.name]
        if script.stem.startswith(WALKTHROUGH):
            page = script.stem[len(WALKTHROUGH):]
            files.append(File.generated(config, f"walkthroughs/{page}.md",
                                        content=walkthrough_markdown(script)))
            prefix = f"walkthroughs/{page}"
        else:
            prefix = f"gallery/{script.stem}"
        for fig in result["figures"]:
            rel = fig.relative_to(result["dir"] / "output").as_posix()
            files.append(File.generated(config, f"{prefix}/{rel}", abs_src_path=str(fig)))
    return files


def on_page_markdown(markdown, page, config, files):
    # a Python block of doctest lines is highlighted as a session: prompts and output apart
    markdown = re.sub(r"^```python\n(?=>>> )", "```pycon\n", markdown, flags=re.M)
    if "<!-- gallery -->" in markdown:
        markdown = markdown.replace("<!-- gallery -->", gallery_markdown(_scripts()))
    if "(gg:" in markdown:
        markdown = link_namespace(markdown, Path(config.docs_dir))
    if "<!-- cli-help -->" in markdown:
        markdown = markdown.replace("<!-- cli-help -->", cli_help_markdown())
    return markdown


def on_shutdown():
    global _work
    if _work is not None:
        shutil.rmtree(_work, ignore_errors=True)
        _work = None
        _cache.clear()


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "cells":
        script, out, dest = Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
        run_cells(script.resolve(), out.resolve(), dest.resolve())
    else:
        sys.exit("usage: python docs/hooks.py cells SCRIPT OUTPUT_DIR CELLS_JSON")
