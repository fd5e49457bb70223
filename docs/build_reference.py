"""Generate docs/reference.md from the docstrings of the public API.

Usage: ``python docs/build_reference.py`` (rewrites docs/reference.md);
``python docs/build_reference.py --check`` exits 1 if the file is stale.
``tests/test_docs.py`` runs the check, so regenerate after changing a
public docstring or signature.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "reference.md"

#: (module, names or None for the module's __all__, heading text)
SECTIONS = [
    ("goodsgov", None, "The `goodsgov` namespace"),
    ("goodsgov.sweeps", ["sweep", "sweep_stream", "SCENARIO_PARAMETERS", "scenario_at", "result_columns"],
     "Sweeps (`goodsgov.sweeps`)"),
    ("goodsgov.tables", None, "Table 1 (`goodsgov.tables`)"),
    ("goodsgov.registry", None, "Migration areas (`goodsgov.registry`)"),
    ("goodsgov.governance", None, "The prediction (`goodsgov.governance`)"),
    ("goodsgov.governance.scopes", None, "Scopes and levels (`goodsgov.governance.scopes`)"),
    ("goodsgov.observed", None, "The observed world (`goodsgov.observed`)"),
    ("goodsgov.world", None, "The real world (`goodsgov.world`)"),
    ("goodsgov.distributed", ["DaskExecutor"], "Dask executor"),
    ("goodsgov.plot", None, "Pictures (`goodsgov.plot`)"),
    ("goodsgov.scenario", ["read_scenario", "write_scenario", "scenario_from_toml", "scenario_to_toml"],
     "Scenario files (`goodsgov.scenario`)"),
    ("goodsgov.models", None, "Model catalogue (`goodsgov.models`)"),
    ("goodsgov.errors", None, "Errors (`goodsgov.errors`)"),
    ("goodsgov.cli", ["main"], "Command line (`goodsgov.cli`)"),
]


def _clean(text: str) -> str:
    return re.sub(r" at 0x[0-9a-fA-F]+", "", text)


class _Raw:
    """An annotation shown as written (postponed annotations are strings)."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def _unquote(annotation):
    if isinstance(annotation, str):
        return _Raw(annotation.strip("'\""))
    return annotation


def _signature(obj) -> str:
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return "(...)"
    params = [p.replace(annotation=_unquote(p.annotation)) for p in sig.parameters.values()]
    sig = sig.replace(parameters=params, return_annotation=_unquote(sig.return_annotation))
    return _clean(str(sig))


def _doc(obj) -> str:
    doc = inspect.getdoc(obj) or "(no docstring)"
    return "```text\n" + doc.rstrip() + "\n```\n"


def _members(cls) -> list[str]:
    out = []
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(value, property):
            out.append(f"- `.{name}` (property): {(inspect.getdoc(value) or '').splitlines()[0] if inspect.getdoc(value) else ''}".rstrip(": "))
        elif isinstance(value, (classmethod, staticmethod)):
            fn = value.__func__
            first = (inspect.getdoc(fn) or "").split("\n\n")[0].replace("\n", " ")
            sig = _signature(fn).replace("(cls, ", "(").replace("(cls)", "()")
            out.append(f"- `.{name}{sig}`: {first}".rstrip(": "))
        elif inspect.isfunction(value):
            first = (inspect.getdoc(value) or "").split("\n\n")[0].replace("\n", " ")
            sig = _signature(value).replace("(self, ", "(").replace("(self)", "()")
            out.append(f"- `.{name}{sig}`: {first}".rstrip(": "))
    return out


def _entry(qual: str, obj) -> str:
    if inspect.ismodule(obj):
        first = (inspect.getdoc(obj) or "").split("\n\n")[0].replace("\n", " ")
        return f"### `{qual}` (module)\n\n{first}\n"
    if inspect.isclass(obj) and issubclass(obj, enum.Enum):
        members = ", ".join(f"`{m.name}`" for m in obj)
        return f"### `{qual}` (enum)\n\nMembers: {members}.\n\n{_doc(obj)}"
    if inspect.isclass(obj):
        text = f"### `{qual}{_signature(obj)}`\n\n{_doc(obj)}"
        members = _members(obj)
        if members:
            text += "\n" + "\n".join(members) + "\n"
        return text
    if callable(obj):
        return f"### `{qual}{_signature(obj)}`\n\n{_doc(obj)}"
    value = _clean(repr(obj))
    if len(value) > 300:
        value = value[:300] + " ..."
    return f"### `{qual}`\n\n```text\n{value}\n```\n"


def render() -> str:
    parts = ["# Reference\n",
             "Generated from the docstrings by `python docs/build_reference.py`; do not edit by hand.",
             "The examples in these docstrings run as doctests of their modules.\n"]
    for modname, names, heading in SECTIONS:
        mod = importlib.import_module(modname)
        names = list(getattr(mod, "__all__", [])) if names is None else names
        parts.append(f"## {heading}\n")
        for name in names:
            parts.append(_entry(f"{modname}.{name}", getattr(mod, name)))
    return "\n".join(parts).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run python docs/build_reference.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
