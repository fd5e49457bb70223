"""Issue 22, results a paper can use: country names beside ISO3 codes in world tables
(goodsgov.names), numbers in plain notation (goodsgov.notation) in the explanation, LaTeX
tables (goodsgov.export, pandas' Styler.to_latex) for table1, predict and sweep, and the
per-state table from `goodsgov predict --states` and in its JSON."""

from __future__ import annotations

import dataclasses
import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import goodsgov as gg
from goodsgov import cli
from goodsgov.errors import ValidationError
from goodsgov.export import latex_escape, to_latex
from goodsgov.names import all_members, country_name, with_names
from goodsgov.notation import MAX_DIGITS, distinct, plain

from strategies import mr_any_scenario

#: an exponent as Python's repr or %g writes one: 3.582e+04, 1E-07, 2e5
EXPONENT = re.compile(r"\d\.?\d*[eE][+-]?\d")
WORLD = gg.world.countries()
FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def world_predictions():
    return {area: gg.predict_governance(getattr(gg, area)(states="world"))
            for area in ("refugee_protection", "irregular_migration", "skilled_labour")}


@pytest.fixture(scope="module")
def world_scenario_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("world") / "world.toml"
    gg.refugee_protection(states="world").to_toml(path)
    return str(path)


# ================================================================== names
def test_country_name_reads_the_world_table():
    for code in ("DEU", "BRA", "CIV", "USA", "TUR"):
        assert country_name(code) == WORLD.loc[code, "name"]
    assert country_name(" jpn ") == WORLD.loc["JPN", "name"]


@pytest.mark.parametrize("bad, hint", [("XYZ", None), ("GER", "'DEU'"), (None, None), (276, None),
                                       ("Germany", "'DEU'")])
def test_country_name_refuses_what_is_not_a_member_code(bad, hint):
    with pytest.raises(ValidationError, match="ISO 3166-1 alpha-3") as info:
        country_name(bad)
    if hint:
        assert hint in str(info.value)


def test_all_members():
    assert all_members(WORLD.index) and all_members(["FRA"])
    assert not all_members([]) and not all_members(["FRA", "fra"]) and not all_members(["S01"])
    assert not all_members(["FRA", "XXX"]) and not all_members(["FRA", 3])


def test_with_names_on_the_index_and_on_columns():
    df = pd.DataFrame({"x": [1.0, 2.0, 3.0]}, index=pd.Index(["NOR", "KEN", "PER"], name="iso3"))
    out = with_names(df)
    assert list(out.columns) == ["name", "x"] and out.index.equals(df.index)
    assert out["name"].tolist() == [WORLD.loc[c, "name"] for c in df.index]
    assert list(df.columns) == ["x"]                                  # a copy: df is unchanged
    pairs = pd.DataFrame({"iso3_a": ["CAN", "FRA"], "iso3_b": ["USA", "ITA"], "y": [1, 2]})
    both = with_names(with_names(pairs, "iso3_a", column="name_a"), "iso3_b", column="name_b")
    assert list(both.columns) == ["iso3_a", "name_a", "iso3_b", "name_b", "y"]
    assert both["name_b"].tolist() == [WORLD.loc["USA", "name"], WORLD.loc["ITA", "name"]]


def test_with_names_refuses_bad_input():
    df = pd.DataFrame({"x": [1.0]}, index=["S01"])
    with pytest.raises(ValidationError, match="df.index = 'S01'"):
        with_names(df)
    with pytest.raises(ValidationError, match="is a column of df already"):
        with_names(pd.DataFrame({"name": ["a"]}, index=["FRA"]))
    with pytest.raises(ValidationError, match="must be a column of df"):
        with_names(pd.DataFrame({"iso3": ["FRA"]}), "iso")
    with pytest.raises(ValidationError, match="must be a pandas DataFrame"):
        with_names(["FRA"])


def test_prediction_states_on_the_world_have_names_first(world_predictions):
    for p in world_predictions.values():
        st_ = p.states
        assert list(st_.index) == list(WORLD.index) and st_.columns[0] == "name"
        assert st_["name"].tolist() == WORLD["name"].tolist()
        assert st_.drop(columns="name").columns[0] == "region"


def test_prediction_states_of_stylised_states_keep_their_columns():
    p = gg.predict_governance(gg.skilled_labour(n_states=6, n_regions=2))
    assert "name" not in p.states.columns and p.states.columns[0] == "region"


def test_prediction_states_of_a_subset_of_the_world_have_names():
    states = gg.world.states(countries=["DEU", "FRA", "ITA", "ESP", "POL"])
    p = gg.predict_governance(gg.refugee_protection(states=states))
    assert p.states["name"].tolist() == WORLD.loc[["DEU", "FRA", "ITA", "ESP", "POL"], "name"].tolist()


def test_burden_sharing_on_the_world_has_names(world_predictions):
    b = gg.burden_sharing(world_predictions["refugee_protection"])
    assert b.table.columns[0] == "name" and b.table.loc["KEN", "name"] == WORLD.loc["KEN", "name"]
    assert b.table["share"].sum() == pytest.approx(1.0)
    stylised = gg.burden_sharing(gg.predict_governance(gg.refugee_protection(n_states=6, n_regions=2)))
    assert "name" not in stylised.table.columns


def test_validation_tables_have_names(world_predictions):
    v = gg.observed.validate(world_predictions["refugee_protection"], against="refugee_convention_1951")
    assert v.table.columns[0] == "name" and v.table.loc["TUR", "name"] == WORLD.loc["TUR", "name"]
    pairs = gg.observed.validate(world_predictions["irregular_migration"], against="rec").table
    assert list(pairs.columns[:4]) == ["iso3_a", "name_a", "iso3_b", "name_b"]
    row = pairs.iloc[0]
    assert (row["name_a"], row["name_b"]) == (WORLD.loc[row["iso3_a"], "name"],
                                              WORLD.loc[row["iso3_b"], "name"])


# ================================================================== plain notation
@pytest.mark.parametrize("x, text", [
    (35815.4, "35,815"), (3.5821, "3.58"), (0.012345, "0.0123"), (-2.0, "-2"), (0.0, "0"),
    (-0.0, "0"), (1e-7, "0.0000001"), (2941473.2, "2,941,473"), (999.96, "1,000"),
    (0.099996, "0.1"), (1e20, "100,000,000,000,000,000,000"), (-1234.5, "-1,234"),
    (float("inf"), "inf"), (float("-inf"), "-inf"), (float("nan"), "nan"), (np.float32(2.5), "2.5"),
    (7, "7"),
])
def test_plain_examples(x, text):
    assert plain(x) == text


@given(st.floats(min_value=-1e30, max_value=1e30, allow_nan=False, allow_infinity=False),
       st.integers(min_value=1, max_value=MAX_DIGITS))
def test_plain_is_pythons_rounding_without_an_exponent(x, digits):
    text = plain(x, digits)
    assert not EXPONENT.search(text) and "e" not in text.lower()
    value = float(text.replace(",", ""))
    if x == 0:
        assert value == 0
    elif abs(x) < 10 ** (digits - 1):
        # an independent reference: Python's own %g rounding to the same significant digits
        assert value == float(f"{x:.{digits}g}")
    elif abs(x) < 1e15:
        assert value == float(round(x))          # the integer part is kept whole
    else:
        assert value == pytest.approx(x, rel=1e-14)
    digits_part = text.lstrip("-").replace(",", "").split(".")
    assert re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d*[1-9])?", text.lstrip("-")), text
    assert len(digits_part) == 1 or not digits_part[1].endswith("0")


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
       st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_distinct_tells_apart_numbers_that_differ(a, b):
    ta, tb = distinct([a, b])
    if a == b:
        assert ta == tb
    elif abs(a - b) > 1e-9 * max(abs(a), abs(b)):
        assert ta != tb
    assert float(ta.replace(",", "")) == pytest.approx(a, rel=1e-2, abs=1e-300)


def test_distinct_uses_the_fewest_digits():
    assert distinct([558.69, 558.48]) == ["559", "558"]
    assert distinct([558.69, 558.48, 558.61]) == ["558.7", "558.5", "558.6"]
    assert distinct([2.0, 2.0]) == ["2", "2"]


@pytest.mark.parametrize("bad", ["1.5", None, True, [1.0], 1 + 2j])
def test_plain_refuses_what_is_not_a_real_number(bad):
    with pytest.raises(ValidationError, match="value = .* must be a real number"):
        plain(bad)


# ================================================================== the explanation
NOT_PLAIN = re.compile(r"\d\.?\d*[eE][+-]?\d|\bnan\b|\binf\b", re.I)


def _scaled(scenario: gg.Scenario, factor: float) -> gg.Scenario:
    states = [dataclasses.replace(s, benefit=s.benefit * factor, private_benefit=s.private_benefit * factor)
              for s in scenario.states]
    return gg.Scenario(scenario.good, states, reach=scenario.reach if scenario.reach_explicit else None,
                       regions=scenario.regions, name=scenario.name)


@pytest.mark.parametrize("area", [a.key for a in gg.areas()])
def test_the_canonical_rows_explanations_are_plain(area):
    text = gg.predict_governance(gg.registry.area(area).constructor()).explanation
    assert not NOT_PLAIN.search(text), text


def test_the_world_rows_explanations_are_plain(world_predictions):
    for p in world_predictions.values():
        assert not NOT_PLAIN.search(p.explanation), p.explanation
    # welfare in the tens of thousands, grouped by commas (it was "3.582e+04")
    assert re.search(r"welfare \d{2},\d{3}\)", world_predictions["refugee_protection"].explanation)


@FAST
@given(mr_any_scenario(4, 9), st.integers(min_value=-5, max_value=6),
       st.sampled_from([0.0, 0.25, 1e-5, 3.0]))
def test_random_scenarios_explanations_are_plain(scenario, power, decision_cost):
    scaled = _scaled(scenario, 10.0 ** power)
    p = gg.predict_governance(scaled, decision_cost=decision_cost)
    assert not NOT_PLAIN.search(p.explanation), p.explanation


def test_the_explanations_welfare_is_the_scopes_rounded():
    p = gg.predict_governance(gg.refugee_protection())
    m = re.search(r"member form\): (.*?); the best", p.explanation)
    shown = dict(part.rsplit(" ", 1) for part in m.group(1).split(", ", 3))
    for scope, value in zip(p.scopes["scope"], p.scopes["net_welfare"]):
        assert float(shown[scope].replace(",", "")) == pytest.approx(value, rel=5e-3)


# ================================================================== LaTeX
def _data_rows(tex: str) -> list[str]:
    body = tex.split("\\midrule\n", 1)[1].split("\\bottomrule", 1)[0]
    return [ln for ln in body.splitlines() if ln.strip()]


def _unescaped(tex: str, char: str) -> bool:
    return re.search(r"(?<!\\)" + re.escape(char), tex) is not None


def test_to_latex_tabular_and_table():
    df = pd.DataFrame({"net_welfare": [35815.4, 0.0123456, 2.0], "gap_share": [0.5, 1e-7, np.nan],
                       "level": ["regional", "multi_lateral", "none"]})
    bare = to_latex(df)
    assert bare.startswith("\\begin{tabular}{rrl}") and bare.rstrip().endswith("\\end{tabular}")
    assert "\\toprule" in bare and "\\midrule" in bare and "\\bottomrule" in bare
    assert len(_data_rows(bare)) == len(df)
    assert not _unescaped(bare, "_") and "net\\_welfare" in bare and "multi\\_lateral" in bare
    assert "35,815 &" in bare and "0.0000001" in bare and " -- " in bare + " "
    assert not EXPONENT.search(bare)
    floating = to_latex(df, caption="Three scopes", label="tab:scopes")
    assert floating.startswith("\\begin{table}\n\\centering\n\\caption{Three scopes}\n\\label{tab:scopes}")
    assert floating.rstrip().endswith("\\end{table}")


def test_to_latex_index_members_and_formats():
    df = pd.DataFrame({"members": [("FRA", "DEU"), ("KEN",)], "self_enforcing": [True, False],
                       "depth": [0.45678, 1.0]}, index=pd.Index(["a_1", "b"], name="institution_id"))
    tex = to_latex(df, float_format="{:.2f}")
    assert "FRA, DEU" in tex and "True" in tex and "0.46" in tex and "1.00" in tex
    assert "a\\_1" in tex and "institution\\_id" in tex and not _unescaped(tex, "_")
    assert len(_data_rows(tex)) == 2
    assert "a\\_1" not in to_latex(df, index=False)
    series = to_latex(df["depth"], float_format=".1f")                  # a Series
    assert _data_rows(series) == ["a\\_1 & 0.5 \\\\", "b & 1.0 \\\\"]
    assert "$\\infty$" in to_latex(pd.DataFrame({"m": [math.inf]}))


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
                        min_size=1, max_size=12), min_size=1, max_size=5))
def test_to_latex_escapes_every_cell(texts):
    """Each cell, unescaped by an independent inverse of the escaping, is the original text."""
    assume(all(t.strip() == t for t in texts))
    tex = to_latex(pd.DataFrame({"c": texts}))
    rows = _data_rows(tex)
    assert len(rows) == len(texts)
    inverse = {r"\textbackslash{}": "\\", r"\textasciitilde{}": "~", r"\textasciicircum{}": "^",
               r"\&": "&", r"\%": "%", r"\$": "$", r"\#": "#", r"\_": "_", r"\{": "{", r"\}": "}"}
    pattern = re.compile("|".join(re.escape(k) for k in inverse))
    for row, text in zip(rows, texts):
        cell = row[: -len(" \\\\")]
        assert pattern.sub(lambda m: inverse[m.group()], cell) == text
        stripped = pattern.sub("", cell)
        for char in "&%$#_{}~^\\":
            assert char not in stripped


@pytest.mark.parametrize("kwargs, field", [
    ({"df": [1, 2]}, "df"), ({"caption": 3}, "caption"), ({"label": "tab one"}, "label"),
    ({"label": ""}, "label"), ({"float_format": 3}, "float_format"),
    ({"float_format": "{:d}"}, "float_format"), ({"index": "yes"}, "index"),
])
def test_to_latex_refuses_bad_arguments(kwargs, field):
    args = {"df": pd.DataFrame({"a": [1.0]})} | kwargs
    df = args.pop("df")
    with pytest.raises(ValidationError, match=f"^{field} = "):
        to_latex(df, **args)


def test_to_latex_refuses_repeated_labels():
    with pytest.raises(ValidationError, match="unique"):
        to_latex(pd.DataFrame([[1, 2]], columns=["a", "a"]))


def test_to_latex_without_jinja2_says_what_to_install(monkeypatch, capsys):
    import sys
    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(ImportError, match="pip install jinja2"):
        to_latex(pd.DataFrame({"a": [1.0]}))
    assert cli.main(["table1", "--format", "latex"]) == 1
    from goodsgov._jit import NOTICE
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln != NOTICE]
    assert len(lines) == 1 and "pip install jinja2" in lines[0]


def test_latex_escape():
    assert latex_escape("a_b & 5% $x$ #1 {y} ~ ^ \\") == \
        r"a\_b \& 5\% \$x\$ \#1 \{y\} \textasciitilde{} \textasciicircum{} \textbackslash{}"


# ================================================================== the command line
def run(capsys, *argv) -> str:
    assert cli.main([str(a) for a in argv]) == 0
    return capsys.readouterr().out


def test_every_command_offers_latex():
    for command in ("table1", "predict", "sweep"):
        assert "latex" in cli.FORMATS[command]
        sub = cli.build_parser().commands[command]
        action = next(a for a in sub._actions if "--format" in a.option_strings)
        assert "latex" in action.choices and "latex:" in action.help


def test_table1_latex(capsys):
    out = run(capsys, "table1", "--format", "latex")
    tables = out.split("\\end{table}")[:-1]
    assert len(tables) == 2 and out.startswith("\\begin{table}")
    t1, numbers = tables
    rows = _data_rows(t1)
    computed = gg.table1()
    assert len(rows) == len(computed)
    for row, (area, level) in zip(rows, computed[["type_of_migration_governance",
                                                  "main_level_of_governance"]].itertuples(index=False)):
        assert row.startswith(f"{latex_escape(area)} & {level} &")
    assert "\\label{tab:goodsgov-table1}" in t1
    assert len(_data_rows(numbers)) == computed.shape[1] - 3   # quantities x rows, transposed
    assert not _unescaped(out, "_") and not EXPONENT.search(out)


def test_predict_latex_with_states_on_the_world(capsys, world_scenario_file):
    out = run(capsys, "predict", world_scenario_file, "--format", "latex", "--states")
    assert out.startswith("% goodsgov predict")
    assert out.count("\\begin{table}") == out.count("\\end{table}") >= 2
    states = out[out.index("\\label{tab:goodsgov-states}"):]
    assert len(_data_rows(states)) == 193
    assert "Côte d’Ivoire" in states and "\\label{tab:goodsgov-scopes}" in out
    scopes = out[out.index("\\label{tab:goodsgov-scopes}"):]
    assert len(_data_rows(scopes)) == 4
    assert not EXPONENT.search(out.split("\n\\begin", 1)[1])


def test_predict_text_states_has_names_on_the_world(capsys, world_scenario_file):
    out = run(capsys, "predict", world_scenario_file, "--states")
    assert "Afghanistan" in out and "Zimbabwe" in out and "contribution_achieved" in out
    assert not EXPONENT.search(out)
    plain_out = run(capsys, "predict", world_scenario_file)
    assert "Afghanistan" not in plain_out and "contribution_achieved" not in plain_out


def test_predict_json_has_states_and_institutions(capsys, world_scenario_file):
    data = json.loads(run(capsys, "predict", world_scenario_file, "--format", "json"))
    p = gg.predict_governance(gg.Scenario.from_toml(world_scenario_file))
    assert [r["state"] for r in data["states"]] == list(WORLD.index)
    assert [r["name"] for r in data["states"]] == WORLD["name"].tolist()
    assert set(data["states"][0]) == {"state", *p.states.columns}
    assert len(data["institutions"]) == len(p.institutions)
    for record, members in zip(data["institutions"], p.institutions["members"]):
        assert record["members"] == list(members)
    strict = json.loads(run(capsys, "predict", "skilled_labour", "--format", "json"),
                        parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))
    assert all(r["margin"] is None or math.isfinite(r["margin"]) for r in strict["scopes"])
    stylised = json.loads(run(capsys, "predict", "refugee_protection", "--format", "json"))
    assert all(isinstance(r["members"], list) for r in stylised["institutions"])
    assert stylised["institutions"] and "name" not in stylised["states"][0]


def test_sweep_latex_to_a_file_and_to_stdout(capsys, tmp_path):
    path = tmp_path / "sweep.tex"
    assert cli.main(["sweep", "skilled_labour", "--param", "rivalry=0:1:3", "--param", "n_states=6",
                     "--format", "latex", "--quiet", "--out", str(path)]) == 0
    tex = path.read_text(encoding="utf-8")
    assert tex.startswith("\\begin{table}") and tex.count("\\begin{table}") == 1
    assert len(_data_rows(tex)) == 3 and not _unescaped(tex, "_")
    assert "wrote 3 rows" in capsys.readouterr().out
    out = run(capsys, "sweep", "skilled_labour", "--param", "rivalry=0,1", "--param", "n_states=6",
              "--format", "latex", "--quiet")
    assert len(_data_rows(out)) == 2 and out.count("\\begin{tabular}") == 1
    csv = run(capsys, "sweep", "skilled_labour", "--param", "rivalry=0,1", "--param", "n_states=6",
              "--quiet")
    assert csv.startswith("rivalry,n_states,") and len(csv.strip().splitlines()) == 3


def test_the_latex_writer_keeps_every_chunk_and_writes_once(tmp_path):
    path = tmp_path / "rows.tex"
    rows = cli._latex_rows(str(path), 4, force=False, inputs=[], caption="c")
    rows.open()
    rows.write(pd.DataFrame({"a": [1.0, 2.0]}))
    rows.write(pd.DataFrame({"a": [3.0]}))
    rows.close()
    rows.close()                                        # closed twice on Ctrl-C: written once
    tex = path.read_text(encoding="utf-8")
    assert tex.count("\\begin{table}") == 1 and len(_data_rows(tex)) == 3 and rows.count == 3
    empty = cli._latex_rows(str(tmp_path / "none.tex"), 4, force=False, inputs=[], caption="c")
    empty.open()
    empty.close()
    assert not (tmp_path / "none.tex").exists()         # no row: nothing left behind
