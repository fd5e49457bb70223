"""Bounded reading of scenario files: size, file type, nesting,
byte-order mark, encoding, and short messages whatever the file."""

import os
import subprocess
import sys
import tomllib

import pytest
from hypothesis import given, strategies as st

import goodsgov as gg
from goodsgov import _files
from goodsgov.errors import MAX_MESSAGE_CHARS, ScenarioFileError


def _text():
    from goodsgov.scenario import scenario_to_toml
    return scenario_to_toml(gg.irregular_migration(n_states=4, n_regions=2))


def one_line(err) -> str:
    msg = str(err.value)
    assert "\n" not in msg
    return msg


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + _text().encode("utf-8"))
    assert gg.Scenario.from_toml(path) == gg.irregular_migration(n_states=4, n_regions=2)


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.toml"
    with open(path, "wb") as fh:  # sparse: no memory or disk needed
        fh.truncate(_files.MAX_FILE_BYTES + 1)
    with pytest.raises(ScenarioFileError) as err:
        gg.Scenario.from_toml(path)
    msg = one_line(err)
    assert str(path) in msg and "16.0 MiB" in msg and err.value.path == str(path)
    small = tmp_path / "small.toml"
    small.write_text(_text(), encoding="utf-8")
    with pytest.raises(ScenarioFileError, match="limited to"):
        _files.read_text(small, max_bytes=10)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused():
    with pytest.raises(ScenarioFileError) as err:
        gg.Scenario.from_toml("/dev/zero")
    assert one_line(err) == "/dev/zero: is a character device; a scenario file must be a regular file"


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(ScenarioFileError, match="is a directory"):
        gg.Scenario.from_toml(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_without_a_writer_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    # in a subprocess, so that a regression (a blocking open) cannot hang the test run
    code = ("import goodsgov as gg, sys\n"
            "try:\n    gg.Scenario.from_toml(sys.argv[1])\n"
            "except gg.GoodsgovError as exc:\n    print(exc)\n")
    res = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"{fifo}: is a FIFO (named pipe); a scenario file must be a regular file"


def test_a_missing_file_is_the_usual_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        gg.Scenario.from_toml(tmp_path / "nowhere.toml")


def test_text_that_is_not_utf8_names_the_file_and_the_line(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "ok"\nregions = ["Europe"]\n# caf\xe9\n'.encode("latin-1"))
    with pytest.raises(ScenarioFileError) as err:
        gg.Scenario.from_toml(path)
    msg = one_line(err)
    assert msg.startswith(f"{path}, line 3: ") and "UTF-8" in msg and err.value.line == 3


def test_a_reach_nested_5000_deep_is_refused(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text(_text().replace("[good]", "reach = " + "[" * 5000 + "]" * 5000 + "\n[good]", 1),
                    encoding="utf-8")
    with pytest.raises(ScenarioFileError) as err:
        gg.Scenario.from_toml(path)
    assert "nest 101 deep; at most 100" in one_line(err) and str(path) in str(err.value)


def test_a_wrong_shaped_reach_gets_a_short_message_whatever_its_size(tmp_path):
    n = 600
    rows = "reach = [" + ",".join("[" + ",".join(["0.5"] * n) + "]" for _ in range(n)) + "]\n"
    path = tmp_path / "wide.toml"
    path.write_text(_text().replace("[good]", rows + "[good]", 1), encoding="utf-8")
    with pytest.raises(ScenarioFileError) as err:
        gg.Scenario.from_toml(path)
    msg = one_line(err)
    assert len(msg) <= MAX_MESSAGE_CHARS + 60 and msg.startswith(str(path)) and "4 rows" in msg


# ------------------------------------------------------------------ nesting, against the parser
_STRINGS = st.one_of(
    st.text(alphabet="[]{}ab,=#' ", max_size=12).map(lambda s: '"' + s.replace("\\", "") + '"'),
    st.text(alphabet='[]{}ab,=#" ', max_size=12).map(lambda s: "'" + s + "'"),
    st.text(alphabet="[]{}ab\n", max_size=12).map(lambda s: "'''" + s + "'''"),
    st.text(alphabet="[]{}ab\n'", max_size=12).map(lambda s: '"""' + s.replace('"', "") + '"""'),
)


def _nested(depth: int, leaf: str, inline: list[bool]) -> str:
    text = leaf
    for k in range(depth):
        text = "{ k = " + text + " }" if inline[k % len(inline)] else "[" + text + ", 1]"
    return text


@given(depth=st.integers(0, 160), leaf=st.one_of(st.just("1"), _STRINGS),
       inline=st.lists(st.booleans(), min_size=1, max_size=4),
       comment=st.text(alphabet="[{]} ab", max_size=20))
def test_nesting_is_counted_as_the_parser_nests(depth, leaf, inline, comment):
    """Brackets in strings and comments do not count; structure does, exactly."""
    text = f"x = {_nested(depth, leaf, inline)}  # {comment}\n"
    tomllib.loads(text)  # a valid document (shallow enough for the parser)
    limit = 100
    if depth > limit:
        with pytest.raises(ScenarioFileError, match=f"nest {limit + 1} deep"):
            _files.check_toml_nesting(text, limit=limit)
    else:
        _files.check_toml_nesting(text, limit=limit)


def test_what_the_nesting_check_accepts_the_parser_can_parse():
    for depth in (_files.MAX_NESTING, _files.MAX_NESTING + 1):
        text = "x = " + "[" * depth + "]" * depth
        try:
            _files.check_toml_nesting(text)
        except ScenarioFileError:
            assert depth > _files.MAX_NESTING
        else:
            tomllib.loads(text)  # no RecursionError
