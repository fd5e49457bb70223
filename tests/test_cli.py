"""The ``goodsgov`` command: each command in a subprocess."""

import json
import subprocess
import sys

import pandas as pd
import pytest

import goodsgov as gg


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "goodsgov.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def messages(stderr: str) -> list[str]:
    """The lines on stderr, without the one-time notice that the solvers are being compiled."""
    from goodsgov._jit import NOTICE
    return [ln for ln in stderr.strip().splitlines() if ln != NOTICE]


def one_line_error(res):
    assert res.returncode == 2
    assert res.stdout == ""
    lines = messages(res.stderr)
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
    agree = int(gg.compare_table1(gg.table1())["agrees"].sum())
    assert text.returncode == 0 and f"Agreement with the published table: {agree} of 3 published rows" in text.stdout


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
    # the options reach predict_governance: a free agreement and a prohibitive one differ
    levels = {}
    for cost in ("0", "1000"):
        res = run("predict", "irregular_migration", "--decision-cost", cost, "--format", "json")
        levels[cost] = json.loads(res.stdout)["level"]
        expected = gg.predict_governance(gg.irregular_migration(), decision_cost=float(cost)).level
        assert levels[cost] == expected.value
    assert levels["0"] != levels["1000"]
    res = run("predict", "irregular_migration", "--bargaining-weight", "2")
    assert one_line_error(res).startswith("goodsgov: error: bargaining_weight = 2.0 is invalid")


def test_sweep_writes_csv_and_plot(tmp_path, scenario_file):
    out, png = tmp_path / "r.csv", tmp_path / "r.png"
    res = run("sweep", scenario_file, "--param", "excludability=0:1:3", "--param", "rivalry=0.1,0.5",
              "--out", out, "--plot", png, "--quiet")
    assert res.returncode == 0, res.stderr
    assert f"wrote 6 rows to {out}" in res.stdout and messages(res.stderr) == []
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
    (["predict", "refugee_protection", "--deal-search", "path"], "did you mean 'paths'"),
    (["predict", "refugee_protection", "--decision-cost-form", "members"], "--decision-cost-form"),
    (["predict", "refugee_protection", "--random-state", "-1"], "random_state = -1"),
    (["estimate", "refugee_protection", "--deal-search", "all"], "--deal-search"),
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


def test_every_prediction_option_reaches_the_prediction_and_the_json(tmp_path, monkeypatch, capsys):
    """The decision-cost form and the deal search given on the command line are the ones
    predict_governance uses (the JSON's institutions are the library's under them) and the
    JSON records every option."""
    def predict(*args):
        assert cli.main(["predict", *map(str, args), "--format", "json"]) == 0
        return json.loads(capsys.readouterr().out)

    out = predict("irregular_migration", "--decision-cost-form", "pair")
    expected = gg.predict_governance(gg.irregular_migration(), decision_cost_form="pair")
    assert out["level"] == expected.level.value != gg.predict_governance(gg.irregular_migration()).level.value
    assert out["options"] == {"decision_cost": 0.25, "decision_cost_form": "pair", "bargaining_weight": 0.5,
                              "deal_search": "dynamic", "random_state": 0}
    # seven states whose deal dynamic is blocked: only the improving-path search credits deals
    scenario = gg.refugee_protection(n_states=7, n_regions=1, benefit_spread=0.629, private_benefit=0.22,
                                     excludability=0.648, rivalry=0.072)
    path = tmp_path / "blocked.toml"
    write_file(scenario, path)
    out = predict(path, "--decision-cost", 0.019, "--deal-search", "paths", "--random-state", 1)
    expected = gg.predict_governance(scenario, decision_cost=0.019, deal_search="paths", random_state=1)
    assert out["options"]["deal_search"] == "paths" and out["options"]["random_state"] == 1
    assert expected.bargain.by_paths
    bilateral = lambda o: next(r for r in o["scopes"] if r["scope"] == "bilateral")
    assert bilateral(out)["welfare"] == expected.scopes.set_index("scope").loc["bilateral", "welfare"]
    assert bilateral(predict(path, "--decision-cost", 0.019))["welfare"] != bilateral(out)["welfare"]


def test_console_script_entry_point():
    from goodsgov.cli import main
    assert main(["predict", "irregular_migration", "--format", "json"]) == 0
    assert main(["predict", "nowhere.toml"]) == 2


# ---------------------------------------------------------------- issue 13: a good Unix tool
import os  # noqa: E402
import signal  # noqa: E402
import time  # noqa: E402
from io import StringIO  # noqa: E402

from hypothesis import given, strategies as st  # noqa: E402

from goodsgov import cli, sweeps  # noqa: E402
from goodsgov.scenario_io import write_file  # noqa: E402


def run_module(*args, cwd=None):
    """``python -m goodsgov`` (the package's __main__)."""
    return subprocess.run([sys.executable, "-m", "goodsgov", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def test_version_and_python_dash_m():
    for res in (run("--version"), run_module("--version")):
        assert res.returncode == 0 and res.stdout.strip() == f"goodsgov {gg.__version__}"
    res = run_module("predict", "irregular_migration", "--format", "json")
    expected = gg.predict_governance(gg.irregular_migration()).level.value
    assert res.returncode == 0 and json.loads(res.stdout)["level"] == expected


@given(start=st.integers(-50, 50), steps=st.integers(0, 20), step=st.integers(-5, 5))
def test_integer_ranges_stay_integers(start, steps, step):
    stop = start + steps * step
    values = cli._param_values("n", f"{start}:{stop}:{steps + 1}", None)
    assert all(type(v) is int for v in values)
    assert values == [start + k * step for k in range(steps + 1)]
    import numpy as np
    assert np.allclose(values, np.linspace(start, stop, steps + 1))
    assert cli._param_values("n", f"{start}:{stop}:{steps + 1}", "int") == values


def test_float_parameters_stay_floats_and_integer_parameters_refuse_fractions():
    assert cli._param_values("rivalry", "0:1:3", "float") == [0.0, 0.5, 1.0]
    assert all(type(v) is float for v in cli._param_values("rivalry", "0:1:2", "float"))
    assert cli._param_values("x", "0:1:3", None) == [0.0, 0.5, 1.0]  # fractional steps: floats
    assert cli._param_values("x", "0,1.5", None) == [0.0, 1.5]  # one type per column
    assert cli._param_values("rivalry", "0,1", "float") == [0.0, 1.0]
    with pytest.raises(gg.ValidationError, match="n_states takes integers"):
        cli._param_values("n_states", "6:10:4", "int")
    with pytest.raises(gg.ValidationError, match="NUM must be"):
        cli._param_values("n_states", "6:10:0", "int")
    assert cli._param_kind(gg.refugee_protection, "n_states") == "int"
    assert cli._param_kind(gg.refugee_protection, "rivalry") == "float"
    assert cli._param_kind(gg.refugee_protection(n_states=4, n_regions=2), "cost_scale") == "float"


def test_sweep_passes_the_prediction_options(tmp_path):
    out = tmp_path / "o.csv"
    assert cli.main(["sweep", "irregular_migration", "--param", "n_states=6,8", "--param", "n_regions=2",
                     "--decision-cost", "1000", "--out", str(out), "--quiet"]) == 0
    expected = gg.sweep(gg.irregular_migration, {"n_states": [6, 8], "n_regions": [2]}, progress=False,
                        decision_cost=1000.0)
    pd.testing.assert_frame_equal(pd.read_csv(out), expected, check_exact=False, rtol=1e-12)


def test_sweep_an_integer_range(tmp_path):
    out = tmp_path / "n.csv"
    code = cli.main(["sweep", "refugee_protection", "--param", "n_states=6:10:3", "--param",
                     "rivalry=0:1:2", "--param", "n_regions=2", "--out", str(out), "--quiet"])
    assert code == 0
    df = pd.read_csv(out)
    expected = gg.sweep(gg.refugee_protection, {"n_states": [6, 8, 10], "rivalry": [0.0, 1.0],
                                                "n_regions": [2]}, progress=False)
    pd.testing.assert_frame_equal(df, expected, check_exact=False, rtol=1e-12)
    assert df["n_states"].dtype.kind == "i" and df["rivalry"].dtype.kind == "f"


@pytest.mark.parametrize("typed, suggestion", [
    ("refugee", "refugee_protection"), ("refugee_protecton", "refugee_protection"),
    ("skilled-labour", "skilled_labour"), ("irregular_migration.toml", "irregular_migration"),
    ("skiled_labor", "skilled_labour"),
])
def test_a_mistyped_scenario_name_gets_a_suggestion(capsys, typed, suggestion, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["predict", typed]) == 2
    line = capsys.readouterr().err.strip()
    assert "\n" not in line and f"did you mean {suggestion!r}?" in line
    assert "refugee_protection, irregular_migration, skilled_labour" in line
    assert "No such file or directory" not in line


def test_no_suggestion_when_nothing_is_close(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["predict", "elsewhere.toml"]) == 2
    line = capsys.readouterr().err.strip()
    assert "did you mean" not in line and "elsewhere.toml: no such scenario file" in line


@pytest.mark.parametrize("args, prog", [
    (["sweep", "refugee_protection", "--bogus"], "goodsgov sweep"),
    (["predict", "skilled_labour", "--fromat", "json"], "goodsgov predict"),
    (["table1", "--format", "yaml"], "goodsgov table1"),
    (["--bogus"], "goodsgov"),
])
def test_a_bad_flag_shows_the_subcommands_usage_on_one_line(args, prog):
    line = one_line_error(run(*args))
    assert line.startswith(f"{prog}: error: ") and f"usage: {prog} " in line
    assert line.endswith(f"see {prog} --help)")


def test_a_mistyped_command_gets_a_suggestion():
    line = one_line_error(run("tabel1"))
    assert "did you mean 'table1'?" in line


def test_output_paths_are_checked_before_any_work(tmp_path, monkeypatch, capsys):
    def no_work(*a, **k):
        raise AssertionError("the sweep started")
    monkeypatch.setattr(sweeps, "_solve_frame", no_work)
    grid = ["--param", "rivalry=0:1:3", "--param", "n_states=6"]
    (tmp_path / "dir").mkdir()
    cases = [(["--out", str(tmp_path / "missing" / "r.csv")], "does not exist"),
             (["--out", str(tmp_path / "dir")], "is a directory"),
             (["--out", str(tmp_path / "r.csv"), "--plot", str(tmp_path / "missing" / "p.png")],
              "does not exist")]
    for extra, needle in cases:
        assert cli.main(["sweep", "refugee_protection", *grid, *extra, "--quiet"]) == 2
        err = capsys.readouterr().err.strip()
        assert "\n" not in err and needle in err and ("--out" in err or "--plot" in err)
    assert not (tmp_path / "r.csv").exists()


def _points(df):
    return list(zip(df["excludability"], df["rivalry"]))


def test_rows_are_written_as_they_are_solved_and_kept_on_interrupt(tmp_path, monkeypatch, capsys):
    """An interrupt after two chunks: exit 130, one line, exactly the finished rows in the file."""
    solve, calls = sweeps._solve_frame, []

    def two_chunks_then_ctrl_c(base, names, points, options):
        if len(calls) == 2:
            assert len(pd.read_csv(out)) == sum(calls)  # the finished rows are already on disk
            raise KeyboardInterrupt
        calls.append(len(points))
        return solve(base, names, points, options)

    monkeypatch.setattr(sweeps, "_solve_frame", two_chunks_then_ctrl_c)
    monkeypatch.setattr(sweeps, "ROWS_PER_CHUNK", 2)
    monkeypatch.setattr(sweeps, "SECONDS_PER_CHUNK", 1e-9)  # chunks stay at their smallest
    out = tmp_path / "r.csv"
    code = cli.main(["sweep", "skilled_labour", "--param", "excludability=0:1:5", "--param",
                     "rivalry=0:1:3", "--param", "n_states=6", "--param", "n_regions=2",
                     "--out", str(out), "--quiet"])
    captured = capsys.readouterr()
    assert code == 130 and captured.out == "" and calls == [2, 2]
    assert captured.err == f"goodsgov: interrupted; kept the 4 of 15 rows finished ({out})\n"
    df = pd.read_csv(out)
    full = gg.sweep(gg.skilled_labour, {"excludability": [0.0, 0.25, 0.5, 0.75, 1.0],
                                        "rivalry": [0.0, 0.5, 1.0], "n_states": [6], "n_regions": [2]},
                    progress=False)
    pd.testing.assert_frame_equal(df, full.iloc[:4], check_exact=False, rtol=1e-12)


def test_a_signal_during_a_chunk_takes_effect_after_it(tmp_path, monkeypatch, capsys):
    """Ctrl-C arriving while a chunk is solved: the chunk is finished and written, then the sweep
    stops (a compiled solver is never interrupted in the middle)."""
    import signal as sig
    solve, calls = sweeps._solve_frame, []
    before = sig.getsignal(sig.SIGINT)   # the default handler, or SIG_IGN under nohup

    def ctrl_c_inside_the_second_chunk(base, names, points, options):
        calls.append(len(points))
        if len(calls) == 2:
            os.kill(os.getpid(), sig.SIGINT)
            time.sleep(0.05)  # the handler runs here, inside the chunk
        return solve(base, names, points, options)

    monkeypatch.setattr(sweeps, "_solve_frame", ctrl_c_inside_the_second_chunk)
    monkeypatch.setattr(sweeps, "ROWS_PER_CHUNK", 3)
    monkeypatch.setattr(sweeps, "SECONDS_PER_CHUNK", 1e-9)
    out = tmp_path / "r.csv"
    code = cli.main(["sweep", "skilled_labour", "--param", "excludability=0:1:5", "--param",
                     "rivalry=0:1:3", "--param", "n_states=6", "--param", "n_regions=2",
                     "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 130 and calls == [3, 3] and len(pd.read_csv(out)) == 6
    assert err == f"goodsgov: interrupted; kept the 6 of 15 rows finished ({out})\n"
    assert sig.getsignal(sig.SIGINT) is before  # restored


def test_ctrl_c_elsewhere_is_one_line_and_130(monkeypatch, capsys):
    import goodsgov.governance

    def interrupted(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr(goodsgov.governance, "predict_governance", interrupted)
    assert cli.main(["predict", "refugee_protection"]) == 130
    assert capsys.readouterr().err == "goodsgov: interrupted\n"


def test_an_internal_error_is_one_line_and_status_1(monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("something\nunexpected")
    monkeypatch.setattr(cli, "_cmd_table1", broken)
    assert cli.main(["table1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "RuntimeError: something unexpected" in err
    assert "GOODSGOV_TRACEBACK=1" in err
    monkeypatch.setenv("GOODSGOV_TRACEBACK", "1")
    with pytest.raises(RuntimeError):
        cli.main(["table1"])


def test_a_bad_point_on_worker_processes_is_one_line():
    res = run("sweep", "refugee_protection", "--param", "n_states=6,8,1", "--param", "n_regions=2",
              "--workers", "2", "--quiet")
    assert res.returncode == 2 and "Traceback" not in res.stderr and "BrokenProcessPool" not in res.stderr
    lines = messages(res.stderr)
    line = lines[0]
    assert len(lines) == 1 and "n_states = 1 is invalid" in line and "at sweep point" in line
    rows = pd.read_csv(StringIO(res.stdout))  # rows finished before the bad chunk are kept
    assert rows["n_states"].tolist() in ([6], [6, 8])


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")
@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_in_a_terminal_keeps_the_finished_rows(tmp_path, workers):
    """SIGINT to the whole process group, as a terminal sends it: exit 130, one line on stderr,
    every row in the file complete and a point of the grid."""
    out = tmp_path / "r.csv"
    proc = subprocess.Popen(
        [sys.executable, "-m", "goodsgov", "sweep", "refugee_protection", "--param",
         "excludability=0:1:1000", "--param", "rivalry=0:1:1000", "--param", "n_states=12",
         "--param", "n_regions=3", "--out", str(out), "--workers", str(workers), "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        seen = 0
        for _ in range(3000):  # until some rows are on disk (the grid cannot finish meanwhile)
            if out.exists():
                seen = out.read_text().count("\n") - 1
                if seen >= 3:
                    break
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130 and stdout == ""
    lines = messages(stderr)
    assert len(lines) == 1 and lines[0].startswith("goodsgov: interrupted; kept the "), stderr
    df = pd.read_csv(out)
    assert len(df) >= seen and f"kept the {len(df)} of 1000000 rows" in lines[0]
    assert not df.isna().any().any() and not df.duplicated(["excludability", "rivalry"]).any()
    assert set(df["level"]) <= {lv.value for lv in gg.Level}
    if workers == 1:  # in-process rows are a prefix of the grid
        assert df["excludability"].eq(0.0).all() and df["rivalry"].is_monotonic_increasing
