"""Reliability holes of issue 22, each closed with a test.

Bounds are asserted on work (scan steps, integer operations, calls) and
on bytes (``tracemalloc`` peaks), never on wall-clock time. A hole in a
file owned elsewhere is an ``xfail`` whose reason names the fix.
"""

import os
import pickle
import re
import subprocess
import sys
import tomllib
import tracemalloc
import warnings

import numpy as np
import pytest
from hypothesis import given, strategies as st

import goodsgov as gg
from goodsgov import _checks, _files
from goodsgov.errors import (MAX_MESSAGE_CHARS, GameError, GoodsgovError, ScenarioFileError,
                             SolverError, ValidationError)
from goodsgov.games import NormalFormGame


def peak_bytes(fn, *args, **kwargs):
    """(result or exception, peak bytes traced by tracemalloc while ``fn`` ran)."""
    tracemalloc.start()
    try:
        try:
            out = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - returned for the caller to check
            out = exc
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def small_scenario_text() -> str:
    from goodsgov.scenario import scenario_to_toml
    return scenario_to_toml(gg.irregular_migration(n_states=4, n_regions=2))


# ------------------------------------------------------------ 1. a linear structure check
ADVERSARIAL = {
    "escaped quotes": lambda n: 'name = "' + '\\"' * n,
    "unterminated multi-line": lambda n: 'name = """' + '\\"""' * n,
    "literal quotes": lambda n: "name = '''" + "'" * n,
    "quote soup": lambda n: "x = " + "\"'" * n,
    "brackets in comments": lambda n: ("# [[[{{{\n" * n),
    "dotted and quoted": lambda n: ('"a.b".c = 1\n' * n),
    "open brackets": lambda n: "x = " + "[" * n,
}


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_the_structure_scan_takes_at_most_one_step_per_character(kind):
    """Each step consumes at least one character, and no pattern can fail and backtrack, so
    the work is linear: the 256 KB file of escaped quotes that took 40 s is a few steps."""
    for n in (1_000, 100_000):
        text = ADVERSARIAL[kind](n)
        shape = _files.scan_toml(text)
        assert shape.steps <= len(text) + 1
    assert _files.scan_toml(ADVERSARIAL["escaped quotes"](131_072)).steps <= 3


def test_the_scan_patterns_never_fail():
    """Every run pattern matches (possibly empty) at every position: nothing to backtrack."""
    rng = np.random.default_rng(0)
    text = "".join(rng.choice(list("\"'\\#[]{}=,.\n ab1"), size=4000))
    patterns = [getattr(_files, name) for name in dir(_files) if name.startswith("_RUN_")]
    assert len(patterns) >= 9
    for pattern in patterns:
        for pos in range(0, len(text), 7):
            assert pattern.match(text, pos) is not None


def test_a_file_of_escaped_quotes_is_refused_as_invalid_toml(tmp_path):
    path = tmp_path / "quotes.toml"
    path.write_text('name = "' + '\\"' * 131_072, encoding="utf-8")
    with pytest.raises(ScenarioFileError, match="invalid TOML"):
        gg.Scenario.from_toml(path)


_OLD_TOKEN = re.compile(r'''
      \"\"\"(?:[^\\]|\\.)*?\"\"\"\"{0,2}
    | \'\'\'.*?\'\'\'\'{0,2}
    | "(?:[^"\\\n]|\\.)*"
    | '[^'\n]*'
    | \#[^\n]*
    | (?P<open>[\[{])
    | (?P<close>[\]}])
''', re.S | re.X)


def _old_depth(text: str) -> int:
    """The quadratic pre-check this module replaced (a reference on short valid texts)."""
    depth = most = 0
    for m in _OLD_TOKEN.finditer(text):
        if m.group("open") is not None:
            depth += 1
            most = max(most, depth)
        elif m.group("close") is not None:
            depth = max(depth - 1, 0)
    return most


@given(st.text(alphabet="[]{}\"'#=,.\\\n ab1", max_size=60))
def test_the_scan_nests_as_the_old_check_on_valid_toml(text):
    try:
        tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return
    assert _files.scan_toml(text).depth == _old_depth(text)


# ------------------------------------------------------------ 2. keys bounded before parsing
def test_a_key_of_60000_dotted_parts_is_refused_before_the_parser_allocates(tmp_path):
    path = tmp_path / "dotted.toml"
    path.write_text("a" + ".a" * 59_999 + " = 1\n", encoding="utf-8")  # 120 KB
    err, peak = peak_bytes(gg.Scenario.from_toml, path)
    assert isinstance(err, ScenarioFileError)
    assert f"60000 dotted parts; at most {_files.MAX_KEY_PARTS}" in str(err)
    assert peak < 10 * 2**20          # the parser would have passed 5 GB


@pytest.mark.parametrize("text, needle", [
    ("".join(f"k{i} = 1\n" for i in range(_files.MAX_KEYS + 1)), "keys and table headers"),
    ("".join(f"[t{i}.a.b.c.d.e.f.g.h.i]\n" for i in range(_files.MAX_KEY_PARTS_TOTAL // 10 + 1)),
     "dotted parts in all"),
    ("x = {" + "a." * 20 + "b = 1}", "21 dotted parts"),
    ("[" + "s." * 30 + "t]\n", "31 dotted parts"),
])
def test_too_many_or_too_long_keys_are_refused(text, needle):
    with pytest.raises(ScenarioFileError, match=re.escape(needle)):
        gg.scenario.scenario_from_toml(text)


def test_the_key_count_is_exact_on_a_scenario_file():
    text = small_scenario_text()
    shape = _files.scan_toml(text)
    pairs = sum(1 for line in text.splitlines() if re.match(r"^\s*[\w\"'.-]+\s*=", line))
    headers = sum(1 for line in text.splitlines() if line.startswith("["))
    assert shape.keys == pairs + headers and shape.key_parts <= 2
    assert shape.depth <= 2


@pytest.mark.parametrize("text, keys, most, parts", [
    ('a.b = [[1, 2], {c.d = "x.[y"}]  # z.[w\n[[t.u]]\n', 3, 2, 6),
    ("x = 1.5\ny = [1.5, 2.5]\n", 2, 1, 2),
    ('"q.r" . s = 1\n', 1, 2, 2),
    ("[a]\nb = {c = 1, d.e = 2}\n", 4, 2, 5),
    ("t = '''\na.b = 1\n'''\n", 1, 1, 1),
])
def test_keys_are_counted_as_toml_reads_them(text, keys, most, parts):
    tomllib.loads(text)
    shape = _files.scan_toml(text)
    assert (shape.keys, shape.key_parts, shape.parts) == (keys, most, parts)


@pytest.mark.parametrize("n", [20_000, 100_000])
def test_a_file_of_too_many_states_is_refused_naming_the_bound(tmp_path, n):
    path = tmp_path / "many.toml"
    head = small_scenario_text().split("[[states]]")[0]
    path.write_text(head + "".join(f'[[states]]\nname = "s{i}"\n' for i in range(n)),
                    encoding="utf-8")
    if n == 100_000:   # its 200,000 keys exceed the key bound: refused before parsing
        with pytest.raises(ScenarioFileError, match="keys and table headers"):
            gg.Scenario.from_toml(path)
        return
    err, peak = peak_bytes(gg.Scenario.from_toml, path)
    assert isinstance(err, ScenarioFileError), err
    assert f"{n:,} states are too many" in str(err) and "GiB" in str(err) and err.key == "states"
    assert peak < 200 * 2**20     # the scenario's matrices alone would be 18 GiB


# ------------------------------------------------------------ 3. --out a FIFO
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_sweep_out_to_a_fifo_without_a_reader_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    # a subprocess, so that a regression (an open that blocks) cannot hang the test run
    res = subprocess.run([sys.executable, "-m", "goodsgov", "sweep", "skilled_labour", "--param",
                          "rivalry=0:1:2", "--out", str(fifo), "--quiet"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 2
    assert "is a FIFO (named pipe) with no reader" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_sweep_out_to_a_fifo_with_a_reader_streams_the_rows(tmp_path):
    from goodsgov import cli
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)   # a reader is there: the write end opens
    try:
        assert cli.main(["sweep", "skilled_labour", "--param", "rivalry=0:1:2", "--param",
                         "n_states=6", "--out", str(fifo), "--quiet"]) == 0
        text = os.read(reader, 1 << 16).decode("utf-8")   # a few rows: within the pipe's buffer
    finally:
        os.close(reader)
    assert text.count("\n") == 3 and text.startswith("rivalry,")


def test_the_output_is_opened_before_interrupts_are_deferred(monkeypatch, tmp_path):
    """RowWriter.open runs before the sweep; no open happens while SIGINT is blocked."""
    from goodsgov import streaming
    opened_inside = []
    real = streaming.deferred_interrupt

    class Watch:
        def __enter__(self):
            self.cm = real()
            self.cm.__enter__()
            opened_inside.append(self)
            return self

        def __exit__(self, *exc):
            return self.cm.__exit__(*exc)

    calls = []
    monkeypatch.setattr(streaming, "deferred_interrupt", lambda: Watch())
    import goodsgov._files as files
    orig = files.open_output
    monkeypatch.setattr(files, "open_output",
                        lambda *a, **k: (calls.append(len(opened_inside)), orig(*a, **k))[1])
    from goodsgov import cli
    out = tmp_path / "r.csv"
    assert cli.main(["sweep", "skilled_labour", "--param", "rivalry=0:1:2", "--param", "n_states=6",
                     "--out", str(out), "--quiet"]) == 0
    assert calls == [0] and len(opened_inside) >= 1   # opened once, before any deferred write


# ------------------------------------------------------------ 4. work bounds of the models
def _exact_terms(monkeypatch):
    from goodsgov.solvers import symmetric
    used = []
    real = symmetric._Signs.exact

    def counted(self, p):
        out = real(self, p)
        used.append(self.terms)
        return out
    monkeypatch.setattr(symmetric._Signs, "exact", counted)
    return used


def _pivot_roots(n: int, t: int, value: float, cost: float) -> list[float]:
    """Independent reference: roots of value * C(n-1, t-1) p^(t-1) (1-p)^(n-t) = cost, by
    bisection on its logarithm (unimodal in p, so at most one root on each side of the mode)."""
    from math import lgamma, log
    m = n - 1
    logc = lgamma(m + 1) - lgamma(t) - lgamma(m - t + 2)

    def f(p):
        return log(value) + logc + (t - 1) * log(p) + (m - t + 1) * log1m(p) - log(cost)

    def log1m(p):
        return np.log1p(-p)
    mode = (t - 1) / m
    roots = []
    for lo, hi in ((1e-300, mode), (mode, 1 - 1e-16)):
        if lo < hi and f(lo) * f(hi) < 0:
            for _ in range(200):
                mid = 0.5 * (lo + hi)
                lo, hi = (mid, hi) if f(mid) * f(lo) > 0 else (lo, mid)
            roots.append(0.5 * (lo + hi))
    return roots


@pytest.mark.parametrize("n, t", [(200, 80), (480, 178)])
def test_threshold_public_good_with_huge_value_is_bounded_and_right(monkeypatch, n, t):
    used = _exact_terms(monkeypatch)
    from goodsgov.solvers.symmetric import MAX_EXACT_TERMS
    g = gg.models.threshold_public_good(n, t, 2 ** 64, 0.6)
    assert (not used) or used[-1] <= MAX_EXACT_TERMS
    assert g.equilibrium_sizes[0] == 0 and t in g.equilibrium_sizes
    inner = [p for p in g.symmetric_mixed if 0 < p < 1]
    ref = _pivot_roots(n, t, 2.0 ** 64, 0.6)
    assert len(inner) == len(ref) and np.allclose(inner, ref, rtol=1e-6, atol=1e-12)


def test_volunteers_dilemma_with_a_huge_benefit_matches_the_closed_form(monkeypatch):
    used = _exact_terms(monkeypatch)
    from goodsgov.solvers.symmetric import MAX_EXACT_TERMS
    d = gg.models.volunteers_dilemma(486, 2.98e63, 2)
    assert (not used) or used[-1] <= MAX_EXACT_TERMS
    # Diekmann (1985), eq. 3: q = (cost / benefit) ** (1 / (n - 1))
    assert d.abstain_probability == pytest.approx((2 / 2.98e63) ** (1 / 485), rel=1e-9)


def test_the_exact_sign_work_is_refused_beyond_its_bound(monkeypatch):
    from goodsgov.solvers import symmetric
    monkeypatch.setattr(symmetric, "MAX_EXACT_TERMS", 10)
    d = np.array([(-1.0) ** k for k in range(40)])   # D(p) = (1 - 2p)^39: near zero on a wide band
    with pytest.raises(SolverError, match="MAX_EXACT_TERMS = 10"):
        symmetric.symmetric_binary_mixed(d, np.zeros(40))


def test_near_zero_candidates_are_one_per_flat_run():
    from goodsgov.solvers.symmetric import _run_representatives
    grid = np.linspace(0, 1, 10_001)
    vals = np.where((grid > 0.2) & (grid < 0.7), 0.0, 1.0)
    reps = _run_representatives(grid, vals, 1e-12)
    assert len(reps) <= 3 and min(reps) > 0.2 and max(reps) < 0.7


def test_a_degenerate_16_by_16_game_is_refused_before_qhull(monkeypatch):
    from goodsgov.solvers import polytope
    from goodsgov.solvers.enumeration import MAX_DEGENERATE_VERTICES

    def no_hull(*a, **k):
        raise AssertionError("Qhull ran")
    monkeypatch.setattr(polytope, "hull_equations", no_hull)
    rng = np.random.default_rng(0)
    A, B = rng.integers(0, 3, (2, 16, 16))
    with pytest.raises(SolverError, match=r"degenerate .*max_degenerate = 200,000"):
        NormalFormGame.from_bimatrix(A, B).equilibria()
    # raising the bound lets it try (here stopped at Qhull by the test)
    with pytest.raises(AssertionError, match="Qhull ran"):
        NormalFormGame.from_bimatrix(A, B).equilibria(max_degenerate=10 ** 6)
    assert polytope.vertex_bound(14, 28) <= MAX_DEGENERATE_VERTICES < polytope.vertex_bound(15, 30)
    with pytest.raises(ValidationError, match="max_degenerate"):
        NormalFormGame.from_bimatrix(A, B).equilibria(max_degenerate=0)


def test_a_non_degenerate_16_by_16_game_is_not_refused_by_the_degeneracy_check():
    from goodsgov.solvers.enumeration import _degenerate_check, _tie
    rng = np.random.default_rng(16)
    A, B = rng.normal(size=(2, 16, 16))
    assert _tie(A, B) is None
    _degenerate_check(A, B, 1)      # no tie: nothing refused


# ------------------------------------------------------------ 5. no allocation that cannot succeed
def test_lemke_howson_on_100000_by_1_is_a_library_error_before_allocating():
    g = NormalFormGame.from_bimatrix(np.zeros((100_000, 1)), np.zeros((100_000, 1)))
    err, peak = peak_bytes(g.lemke_howson)
    assert isinstance(err, SolverError) and "74.5 GiB" in str(err) and "MAX_BYTES" in str(err)
    assert peak < 50 * 2**20


def test_equilibria_of_a_1_by_100000_game_is_a_library_error_before_allocating():
    g = NormalFormGame.from_bimatrix(np.zeros((1, 100_000)), np.zeros((1, 100_000)))
    err, peak = peak_bytes(g.equilibria)
    assert isinstance(err, SolverError) and "74.5 GiB" in str(err)
    assert peak < 50 * 2**20
    small = NormalFormGame.from_bimatrix(np.zeros((1, 3)), [[0.0, 1.0, 1.0]]).equilibria()
    assert sorted(y.tolist() for _, y in small) == [[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]


def test_a_thin_game_allocates_room_for_its_equilibria_not_its_vertices():
    rng = np.random.default_rng(0)
    A, B = rng.random((2, 2, 20_000))
    eqs, peak = peak_bytes(NormalFormGame.from_bimatrix(A, B).equilibria)
    assert not isinstance(eqs, BaseException) and eqs
    assert peak < 400 * 2**20        # one row per vertex would be 20,000 x 20,002 floats (3 GB)


def test_pure_equilibria_gathers_in_bounded_chunks():
    g = NormalFormGame(np.ones((2, 300, 300)))          # every profile is an equilibrium
    eqs, peak = peak_bytes(g.pure_equilibria)
    assert len(eqs) == 90_000
    assert peak < 100 * 2**20   # the former gather of every deviation needed 216 MB


def test_pure_equilibria_refuses_a_list_beyond_the_memory_bound(monkeypatch):
    monkeypatch.setattr(_checks, "MAX_BYTES", 2**20)
    with pytest.raises(SolverError, match="pure equilibria of this game"):
        NormalFormGame(np.ones((2, 100, 100))).pure_equilibria()


def test_the_memory_helper_names_the_field_when_given():
    with pytest.raises(ValidationError, match=r"^A = '<shape>' is invalid: a table would need"):
        _checks.memory("a table", 2 ** 40, field="A", value="<shape>")
    _checks.memory("a table", _checks.MAX_BYTES)


# ------------------------------------------------------------ 6. outputs: no symlink, not the input
def _link(tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.png"
    link.symlink_to(target)
    return target, link


def test_to_toml_and_save_nfg_never_write_through_a_symlink(tmp_path):
    from goodsgov.games.catalogue import prisoners_dilemma
    from goodsgov.games.nfg import save_nfg
    target, link = _link(tmp_path)
    with pytest.raises(ValidationError, match="symbolic link"):
        gg.refugee_protection(n_states=3, n_regions=1).to_toml(link)
    with pytest.raises(ValidationError, match="symbolic link"):
        save_nfg(prisoners_dilemma(), link)
    assert target.read_text(encoding="utf-8") == "keep me" and link.is_symlink()
    # a regular file is replaced, as documented
    path = tmp_path / "s.toml"
    path.write_text("old", encoding="utf-8")
    gg.refugee_protection(n_states=3, n_regions=1).to_toml(path)
    assert gg.Scenario.from_toml(path) == gg.refugee_protection(n_states=3, n_regions=1)


def test_sweep_outputs_refuse_links_the_input_and_existing_files(tmp_path, capsys):
    from goodsgov import cli
    scen = tmp_path / "s.toml"
    gg.irregular_migration(n_states=4, n_regions=2).to_toml(scen)
    original = scen.read_bytes()
    target, link = _link(tmp_path)
    existing = tmp_path / "old.csv"
    existing.write_text("old", encoding="utf-8")
    grid = ["--param", "rivalry=0:1:2", "--quiet"]
    cases = [(["--out", str(link)], "symbolic link"), (["--out", str(link), "--force"], "symbolic link"),
             (["--out", str(scen)], "is the input file"),
             (["--out", str(scen), "--force"], "is the input file"),
             (["--out", str(existing)], "--force"),
             (["--out", str(tmp_path / "r.csv"), "--plot", str(link)], "symbolic link")]
    for extra, needle in cases:
        assert cli.main(["sweep", str(scen), *grid, *extra]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and needle in err
    assert scen.read_bytes() == original and target.read_text(encoding="utf-8") == "keep me"
    assert existing.read_text(encoding="utf-8") == "old"
    assert not (tmp_path / "r.csv").exists()
    assert cli.main(["sweep", str(scen), *grid, "--out", str(existing), "--force"]) == 0
    assert existing.read_text(encoding="utf-8").startswith("rivalry,")


def test_a_sweep_that_fails_before_its_first_row_leaves_no_file(tmp_path, capsys):
    from goodsgov import cli
    out = tmp_path / "r.csv"
    assert cli.main(["sweep", "skilled_labour", "--param", "n_states=1", "--out", str(out),
                     "--quiet"]) == 2
    assert "n_states" in capsys.readouterr().err and not out.exists()


# ------------------------------------------------------------ 7. no writable numba cache
def test_without_a_writable_cache_kernels_compile_in_memory_with_one_warning(tmp_path, monkeypatch):
    from goodsgov import _jit
    if not _jit.COMPILED:
        pytest.skip("numba disabled")
    import numba.core.config as config
    (tmp_path / "noplace.py").write_text(
        "class NoLocator:\n    @classmethod\n    def from_function(cls, f, p):\n        return None\n",
        encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(config, "CACHE_LOCATOR_CLASSES", "noplace.NoLocator")
    monkeypatch.setattr(_jit, "_uncached", False)

    def twice(x):
        return 2 * x

    def thrice(x):
        return 3 * x
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f, g = _jit.jit(twice), _jit.jit(thrice)
    assert [str(w.message) for w in caught] == [_jit.NO_CACHE_WARNING]   # once, for both
    assert f(21) == 42 and g(2) == 6                                      # compiled in memory
    assert "NUMBA_CACHE_DIR" in _jit.NO_CACHE_WARNING


def test_the_compile_notice_says_once_per_environment():
    from goodsgov._jit import NOTICE
    assert "once per environment" in NOTICE and "machine" not in NOTICE


# ------------------------------------------------------------ 9. errors pickle whole
@given(length=st.integers(0, 200_000), cls=st.sampled_from([GoodsgovError, SolverError, GameError,
                                                            ScenarioFileError]))
def test_pickled_errors_of_any_length_come_back_whole(length, cls):
    err = cls("m" * (length // 2) + "é" * (length - length // 2))
    err.add_note("at sweep point x = 1")
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is cls and str(again) == str(err) and len(str(err)) <= MAX_MESSAGE_CHARS
    assert again.__notes__ == err.__notes__


@given(allowed=st.text(max_size=5000), value=st.one_of(st.integers(), st.text(max_size=3000),
                                                        st.lists(st.floats(), max_size=300)))
def test_pickled_validation_errors_keep_message_and_attributes(allowed, value):
    err = ValidationError("field", value, allowed)
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and again.field == "field" and again.allowed == allowed


def test_an_error_about_an_unpicklable_value_pickles_with_its_message():
    err = ValidationError("f", lambda x: x, "must be a number")
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err)


# ------------------------------------------------------------ 10. library errors, not others
@pytest.mark.parametrize("counts, needle", [
    ("2.5 2", "strategy count '2.5'"), ("99999999999999999999 2", "99999999999999999999"),
    ("-1 2", "'-1'"), ("4294967296 4294967296", "more payoffs than"), ("0 2", "'0'"),
])
def test_from_nfg_counts_are_checked(counts, needle):
    text = f'NFG 1 R "x" {{ "a" "b" }} {{ {counts} }} 1 2 3 4'
    with pytest.raises(GameError, match=re.escape(needle)):
        NormalFormGame.from_nfg(text)


def test_from_nfg_outcome_indices_are_checked():
    text = 'NFG 1 R "x" { "a" } { 2 } { { "o" 1 } } 1 1.5'
    with pytest.raises(GameError, match="outcome index '1.5'"):
        NormalFormGame.from_nfg(text)


def test_an_unterminated_nfg_string_is_refused_in_linear_time():
    with pytest.raises(GameError, match="not closed"):
        NormalFormGame.from_nfg('NFG 1 R "' + '\\"' * 200_000)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_load_nfg_refuses_a_device_without_reading():
    from goodsgov.games.nfg import load_nfg
    err, peak = peak_bytes(load_nfg, "/dev/zero")
    assert isinstance(err, GameError) and "character device" in str(err) and ".nfg" in str(err)
    assert peak < 2**20


def test_load_nfg_refuses_a_file_over_the_limit_before_reading(tmp_path):
    from goodsgov.games.nfg import MAX_NFG_BYTES, load_nfg
    path = tmp_path / "big.nfg"
    with open(path, "wb") as fh:
        fh.truncate(MAX_NFG_BYTES + 1)       # sparse: no disk or memory
    err, peak = peak_bytes(load_nfg, path)
    assert isinstance(err, GameError) and "limited to" in str(err) and peak < 2**20


def test_world_states_with_a_huge_integer_benefit_is_a_library_error():
    with pytest.raises(GoodsgovError, match=r"benefit\['DEU'\]"):
        gg.world.states(benefit={"DEU": 10 ** 400})


def test_sweep_with_an_array_among_scalars_is_a_library_error():
    with pytest.raises(GoodsgovError):
        gg.sweep(gg.refugee_protection(n_states=4, n_regions=2),
                 {"rivalry": [0.1, np.array([0.1, 0.2])]}, progress=False)


def test_burden_sharing_refuses_a_random_state_that_is_not_a_seed():
    from goodsgov.burden import EXACT_SHAPLEY_STATES
    p = gg.predict_governance(gg.refugee_protection(n_states=4, n_regions=2))
    with pytest.raises(GoodsgovError, match="random_state"):
        gg.burden_sharing(p, shapley=True, random_state="abc")
    assert EXACT_SHAPLEY_STATES >= 4


# ------------------------------------------------------------ 8. no silent NaN (lead's files)
def test_the_optimum_has_payoffs():
    p = gg.predict_governance(gg.refugee_protection(n_states=4, n_regions=2))
    assert np.all(np.isfinite(p.optimum.payoffs))


@pytest.mark.parametrize("bad", [np.inf, np.nan, None])
def test_great_circle_km_refuses_what_is_not_a_coordinate(bad):
    with pytest.raises(GoodsgovError):
        gg.world.great_circle_km(bad, 0.0, 0.0, 0.0)
