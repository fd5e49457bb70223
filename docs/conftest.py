"""Run every code block of the documentation.

``>>>`` examples in the Markdown files are doctests (``--doctest-glob=*.md``
in pyproject.toml). This plugin adds the other blocks:

* a ```` ```toml ```` block is a scenario file: it must parse with
  :func:`goodsgov.scenario_io.scenario_from_toml`, and when its first line
  is ``# file: NAME.toml`` it is also written under that name into the
  directory where the file's shell blocks run;
* a ```` ```console ```` block holds commands after ``$ ``; each must exit
  with status 0, and every output line shown under it must appear in
  what the command prints.

The API reference (``reference.md`` and ``api/``) is rendered from the
docstrings by mkdocstrings when the site is built (``mkdocs build``); the
docstrings' examples run as doctests of their modules. ``hooks.py`` and
``griffe_docstrings.py`` belong to the site's build, not to the tests.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

collect_ignore = ["hooks.py", "griffe_docstrings.py"]

_FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```\s*$", re.S | re.M)


@pytest.fixture(autouse=True)
def _docs_workdir(tmp_path, monkeypatch):
    """Doctests in the docs write their files into a temporary directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix == ".md" and file_path.name not in collect_ignore:
        return MarkdownBlocks.from_parent(parent, path=file_path)
    return None


def _blocks(text: str):
    for m in _FENCE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        yield m.group(1), m.group(2), line


def console_commands(body: str):
    """The ``$ `` commands of a console block, each with the output lines shown under it."""
    cmd, out = None, []
    for raw in body.splitlines():
        if raw.startswith("$ "):
            if cmd is not None:
                yield cmd, out
            cmd, out = raw[2:], []
        elif cmd is not None and raw.strip():
            out.append(raw.rstrip())
    if cmd is not None:
        yield cmd, out


def run_console(body: str, files: dict, workdir: Path) -> None:
    """Run a console block in ``workdir`` (after writing ``files``); raise on failure."""
    for name, text in files.items():
        (workdir / name).write_text(text, encoding="utf-8")
    env = dict(os.environ, MPLBACKEND="Agg")
    for cmd, expected in console_commands(body):
        argv = shlex.split(cmd)
        if argv[0] == "goodsgov":
            argv = [sys.executable, "-m", "goodsgov.cli", *argv[1:]]
        elif argv[0] == "python":
            argv = [sys.executable, *argv[1:]]
        res = subprocess.run(argv, cwd=workdir, env=env, capture_output=True, text=True, timeout=600)
        if res.returncode != 0:
            raise AssertionError(f"`{cmd}` exited with {res.returncode}:\n{res.stderr[-2000:]}")
        printed = {ln.rstrip() for ln in res.stdout.splitlines()}
        missing = [ln for ln in expected if ln != "..." and ln not in printed]
        if missing:
            raise AssertionError(f"`{cmd}` did not print {missing!r}; it printed:\n{res.stdout}")


class MarkdownBlocks(pytest.File):
    def collect(self):
        text = self.path.read_text(encoding="utf-8")
        files = {}
        for lang, body, line in _blocks(text):
            if lang == "toml":
                first = body.splitlines()[0] if body.strip() else ""
                m = re.match(r"#\s*file:\s*(\S+)", first)
                if m:
                    files[m.group(1)] = body
                yield TomlBlock.from_parent(self, name=f"toml block at line {line}", body=body)
        for lang, body, line in _blocks(text):
            if lang == "console":
                yield ConsoleBlock.from_parent(self, name=f"console block at line {line}", body=body,
                                               files=files)


class TomlBlock(pytest.Item):
    def __init__(self, *, body: str, **kwargs):
        super().__init__(**kwargs)
        self.body = body

    def runtest(self):
        from goodsgov.scenario import scenario_from_toml
        scenario_from_toml(self.body, source=f"{self.path.name}:{self.name}")

    def reportinfo(self):
        return self.path, None, self.name


class ConsoleBlock(pytest.Item):
    def __init__(self, *, body: str, files: dict, **kwargs):
        super().__init__(**kwargs)
        self.body = body
        self.files = files

    def runtest(self):
        workdir = Path(self.config._tmp_path_factory.mktemp("console"))  # noqa: SLF001
        run_console(self.body, self.files, workdir)

    def reportinfo(self):
        return self.path, None, self.name
