"""The ``goodsgov`` command (issue 7, part 5): each command in a subprocess."""

import json
import subprocess
import sys

import pandas as pd
import pytest

import goodsgov as gg


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "goodsgov.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def one_line_error(res):
    assert res.returncode == 2
    assert res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("goodsgov") and "error" in lines[0]
    assert "Traceback" not in res.stderr
    return lines[0]


@pytest.fixture
def scenario_file(tmp_path):
    path = tmp_path / "club.toml"
    gg.irregular_migration(n_states=8, n_regions=2).to_toml(path)
    return path


def test_help_in_a_subprocess():
    res = run("sweep", "--help")
    assert res.returncode == 0 and "usage: goodsgov sweep" in res.stdout and "--workers" in res.stdout


@pytest.mark.parametrize("command", [[], ["table1"], ["predict"], ["sweep"]])
def test_help(command, capsys):
    from goodsgov.cli import main
    with pytest.raises(SystemExit) as info:
        main([*command, "--help"])
    assert info.value.code == 0 and "usage: goodsgov" in capsys.readouterr().out


def test_table1_keeps_its_behaviour():
    res = run("table1", "--format", "csv")
    assert res.returncode == 0
    from io import StringIO
    df = pd.read_csv(StringIO(res.stdout))
    assert df["main_level_of_governance"].tolist() == gg.table1()["main_level_of_governance"].tolist()
    text = run("table1")
    assert text.returncode == 0 and "Agreement with the published table: 3 of 3 rows" in text.stdout


def test_predict_file_text_and_json(scenario_file):
    expected = gg.predict_governance(gg.Scenario.from_toml(scenario_file))
    res = run("predict", scenario_file)
    assert res.returncode == 0
    assert f"level: {expected.level.value}" in res.stdout and expected.explanation in res.stdout
    js = run("predict", scenario_file, "--format", "json")
    assert js.returncode == 0
    out = json.loads(js.stdout)
    assert out["level"] == expected.level.value and out["n_states"] == 8
    assert [r["scope"] for r in out["scopes"]] == list(expected.scopes["scope"])


def test_predict_canonical_and_thresholds():
    res = run("predict", "skilled_labour", "--format", "json")
    assert json.loads(res.stdout)["level"] == gg.predict_governance(gg.skilled_labour()).level.value
    res = run("predict", "irregular_migration", "--negligible", "1", "--format", "json")
    assert json.loads(res.stdout)["level"] == "unilateral"


def test_sweep_writes_csv_and_plot(tmp_path, scenario_file):
    out, png = tmp_path / "r.csv", tmp_path / "r.png"
    res = run("sweep", scenario_file, "--param", "excludability=0:1:3", "--param", "rivalry=0.1,0.5",
              "--out", out, "--plot", png, "--quiet")
    assert res.returncode == 0, res.stderr
    assert f"wrote 6 rows to {out}" in res.stdout and res.stderr == ""
    df = pd.read_csv(out)
    expected = gg.sweep(gg.Scenario.from_toml(scenario_file),
                        {"excludability": [0.0, 0.5, 1.0], "rivalry": [0.1, 0.5]}, progress=False)
    pd.testing.assert_frame_equal(df, expected, check_exact=False, rtol=1e-12)
    assert png.stat().st_size > 1000 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_sweep_with_workers_and_canonical_base_to_stdout(tmp_path):
    res = run("sweep", "refugee_protection", "--param", "n_states=6,8", "--param", "rivalry=0:1:2",
              "--workers", "2", "--quiet")
    assert res.returncode == 0, res.stderr
    from io import StringIO
    df = pd.read_csv(StringIO(res.stdout))
    expected = gg.sweep(gg.refugee_protection, {"n_states": [6, 8], "rivalry": [0.0, 1.0]},
                        progress=False)
    pd.testing.assert_frame_equal(df, expected, check_exact=False, rtol=1e-12)


def test_sweep_gap_plot_svg(tmp_path):
    svg = tmp_path / "gap.svg"
    res = run("sweep", "skilled_labour", "--param", "rivalry=0:1:3", "--param", "n_states=6",
              "--out", tmp_path / "g.csv", "--plot", svg, "--quiet")
    assert res.returncode == 0, res.stderr
    assert svg.read_text().lstrip().startswith("<?xml") and "<svg" in svg.read_text()


BAD = [
    (["predict", "missing.toml"], "missing.toml"),
    (["predict", "BAD"], "BAD.toml"),
    (["sweep", "refugee_protection", "--param", "n_states"], "NAME=START:STOP:NUM"),
    (["sweep", "refugee_protection", "--param", "rivalry=0:1"], "START:STOP:NUM"),
    (["sweep", "refugee_protection", "--param", "rivalry=0:1:0"], "NUM"),
    (["sweep", "refugee_protection", "--param", "colour=1,2"], "colour"),
    (["sweep", "refugee_protection", "--param", "rivalry=2,3", "--param", "n_states=6"], "rivalry"),
    (["sweep", "refugee_protection"], "--param"),
    (["sweep", "refugee_protection", "--param", "n_states=6", "--plot", "x.png"], "--plot"),
    (["sweep", "refugee_protection", "--param", "rivalry=0:1:2", "--plot", "x.gif"], ".png"),
    (["sweep", "refugee_protection", "--param", "n_states=6", "--workers", "0"], "--workers"),
    (["sweep", "refugee_protection", "--param", "n_states=6", "--workers", "two"], "--workers"),
    (["table1", "--format", "yaml"], "--format"),
    (["frobnicate"], "frobnicate"),
]
#: the bad inputs also run as real subprocesses (the rest run in-process: same code path)
IN_SUBPROCESS = {0, 1, 2, 5, 13}


def _args(tmp_path, args):
    if args[:2] == ["predict", "BAD"]:
        (tmp_path / "BAD.toml").write_text("[good]\nname = 1\n", encoding="utf-8")
        return ["predict", str(tmp_path / "BAD.toml")]
    return args


@pytest.mark.parametrize("k", sorted(IN_SUBPROCESS))
def test_bad_input_exits_2_with_one_line(tmp_path, k):
    args, needle = BAD[k]
    line = one_line_error(run(*_args(tmp_path, args), cwd=tmp_path))
    assert needle in line


@pytest.mark.parametrize("k", range(len(BAD)))
def test_bad_input_in_process(tmp_path, monkeypatch, capsys, k):
    from goodsgov.cli import main
    args, needle = BAD[k]
    monkeypatch.chdir(tmp_path)
    try:
        code = main(_args(tmp_path, args))
    except SystemExit as exc:  # argparse errors
        code = exc.code
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0]


def test_console_script_entry_point():
    from goodsgov.cli import main
    assert main(["predict", "irregular_migration", "--format", "json"]) == 0
    assert main(["predict", "nowhere.toml"]) == 2
