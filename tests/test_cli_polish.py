"""Issue 22, CLI polish and package polish: defaults in --help read from the library, the
formats documented, close matches for --param, a hint for non-TOML scenarios, a description
of what goodsgov does, a clean namespace, py.typed and the software's citation."""

import argparse
import inspect
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import goodsgov as gg
from goodsgov import cli

ROOT = Path(__file__).resolve().parent.parent


def help_of(*command: str) -> str:
    parser = cli.build_parser()
    if command:
        parser = parser.commands[command[0]]
    return " ".join(parser.format_help().split())


# ------------------------------------------------------------------ defaults in --help
def test_the_decision_cost_default_in_help_is_the_librarys():
    from goodsgov.governance.pipeline import DEFAULT_DECISION_COST
    for command in ("predict", "sweep"):
        text = help_of(command)
        assert f"(default: {DEFAULT_DECISION_COST})" in text
        assert "goodsgov's)" not in text


def test_the_bargaining_weight_default_in_help_is_predict_governances():
    default = inspect.signature(gg.predict_governance).parameters["bargaining_weight"].default
    assert f"bargaining, in [0, 1] (default: {default})" in help_of("predict")


@pytest.mark.parametrize("dest", sorted(cli._DEFAULTS))
def test_defaults_read_from_source_equal_the_imported_ones(dest, monkeypatch):
    import goodsgov.governance.pipeline as pipeline
    expected = {"decision_cost": pipeline.DEFAULT_DECISION_COST,
                "decision_cost_form": pipeline.DEFAULT_COST_FORM,
                "bargaining_weight": pipeline.DEFAULT_BARGAINING_WEIGHT,
                "deal_search": pipeline.DEFAULT_DEAL_SEARCH}.get(
        dest, inspect.signature(gg.predict_governance).parameters[dest].default)
    assert cli.library_default(dest) == expected
    # a default that is not a literal in the source is imported instead
    monkeypatch.setattr(cli, "_from_source", lambda *a: (_ for _ in ()).throw(ValueError("x")))
    assert cli.library_default(dest) == expected


def test_choices_read_from_source_are_the_librarys():
    from goodsgov.governance.pipeline import DEAL_SEARCHES
    from goodsgov.solvers.contribution.records import COST_FORMS
    assert cli._from_source(*cli._CHOICES["COST_FORMS"]) == COST_FORMS
    assert cli._from_source(*cli._CHOICES["DEAL_SEARCHES"]) == DEAL_SEARCHES


def test_every_option_of_every_command_shows_its_default():
    parser = cli.build_parser()
    for name, sub in parser.commands.items():
        for action in sub._actions:
            if not action.option_strings or isinstance(action, (argparse._HelpAction,
                                                                 argparse._VersionAction)):
                continue
            text = action.help or ""
            assert "default" in text, (name, action.option_strings)


# ------------------------------------------------------------------ --format
@pytest.mark.parametrize("command, default", [("table1", "text"), ("predict", "text"),
                                               ("sweep", "csv")])
def test_format_is_documented_with_every_choice(command, default):
    sub = cli.build_parser().commands[command]
    action = next(a for a in sub._actions if "--format" in a.option_strings)
    for choice in action.choices:
        assert f"{choice}:" in action.help
    assert f"default: {default}" in action.help and action.default == default
    assert "latex" in action.choices


def test_an_unknown_format_is_not_answered_with_a_far_match(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["table1", "--format", "yaml"])
    err = capsys.readouterr().err
    assert info.value.code == 2 and "invalid choice: 'yaml'" in err and "did you mean" not in err
    with pytest.raises(SystemExit):
        cli.main(["predict", "--format", "jsn", "skilled_labour"])
    assert "did you mean 'json'?" in capsys.readouterr().err


# ------------------------------------------------------------------ --param close matches
@pytest.mark.parametrize("base, typo, match", [
    ("skilled_labour", "n_state=6,8", "'n_states'"),
    ("skilled_labour", "rivalyr=0:1:2", "'rivalry'"),
])
def test_a_mistyped_param_gets_close_matches(capsys, base, typo, match):
    assert cli.main(["sweep", base, "--param", typo, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"goodsgov: error: --param = '{typo}'")
    assert f"did you mean {match}" in err


def test_a_mistyped_param_of_a_scenario_file_gets_close_matches(tmp_path, capsys):
    path = tmp_path / "s.toml"
    gg.irregular_migration(n_states=4, n_regions=2).to_toml(path)
    assert cli.main(["sweep", str(path), "--param", "excludabilty=0:1:3", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'excludability'" in err and "a Scenario base accepts" in err


# ------------------------------------------------------------------ predict wants TOML
def test_predict_on_a_csv_file_says_a_toml_scenario_is_expected(tmp_path, capsys):
    path = tmp_path / "notes.csv"
    path.write_text("state,benefit\nA,1\n", encoding="utf-8")
    assert cli.main(["predict", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid TOML" in err
    assert "scenario file in TOML (.toml)" in err and "looks like a CSV file" in err


# ------------------------------------------------------------------ description, notice
def test_the_top_level_help_says_what_goodsgov_does():
    text = help_of()
    assert "The ``goodsgov`` command" not in text
    for part in ("migration governance", "cooperation games", "Betts 2010", "level of governance",
                 "table1", "predict", "sweep", "examples:"):
        assert part in text


def test_help_runs_in_a_subprocess_without_the_model():
    code = ("import sys, contextlib, io\nfrom goodsgov.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        main(['sweep', '--help'])\n    except SystemExit:\n        pass\n"
            "print('numpy' in sys.modules, 'goodsgov.governance' in sys.modules)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert res.stdout.split() == ["False", "False"], res.stderr


def test_goodsgov_warnings_are_one_line_on_the_command_line(capsys, monkeypatch):
    import warnings

    def warn_then_fail(args):
        warnings.warn("goodsgov: something to know", RuntimeWarning)
        return 0
    monkeypatch.setattr(cli, "_cmd_table1", warn_then_fail)
    assert cli.main(["table1"]) == 0
    assert capsys.readouterr().err == "goodsgov: something to know\n"


# ------------------------------------------------------------------ namespace
def test_dir_and_vars_hold_only_the_public_api():
    public = set(gg.__all__) | {"__version__"}
    assert set(dir(gg)) == public
    loose = {k for k in vars(gg) if not k.startswith("_")} - public
    # submodules imported by the library appear as attributes (Python sets them on import)
    modules = {k for k in loose if inspect.ismodule(getattr(gg, k))}
    assert loose == modules
    for name in ("importlib", "sys", "types"):
        assert name not in dir(gg) and name not in vars(gg)


def test_help_opens_with_what_the_package_does():
    import pydoc
    text = pydoc.render_doc(gg, renderer=pydoc.plaintext)
    head = text[:1500]
    assert "migration" in head and "cooperation games" in head
    assert "PEP 562" not in text.split("PACKAGE CONTENTS")[0]   # no loader internals up front


def test_py_typed_is_shipped_as_package_data():
    assert (ROOT / "goodsgov" / "py.typed").is_file()
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in data["tool"]["setuptools"]["package-data"]["goodsgov"]


# ------------------------------------------------------------------ citation
def test_the_readme_cites_the_software_as_citation_cff_does():
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    title = re.search(r'^title:\s*"([^"]+)"', cff, re.M).group(1)
    version = re.search(r"^version:\s*(\S+)", cff, re.M).group(1)
    authors = re.findall(r"^\s+- name:\s*(.+)$", cff[cff.index("\nauthors:"):cff.index("\nversion:")],
                         re.M)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    citing = readme[readme.index("## Citing"):]
    citing = " ".join(citing.split())
    assert title in citing and f"version {version}" in citing and authors
    for author in authors:
        assert author in citing
    assert "Betts, A. (2010)" in citing and "CITATION.cff" in citing
