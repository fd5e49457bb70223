"""The package's layers: no import circle (imports inside functions included), no
module reaching into another module's private names, the scope table and the
area registry as the one place each concept is defined."""

from __future__ import annotations

import ast
import pathlib

import pytest

import goodsgov

ROOT = pathlib.Path(goodsgov.__file__).parent


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> list[tuple[str, str | None]]:
    """Every goodsgov module ``module`` imports (at any depth of its code), with
    the name imported from it (None for a plain import)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, None) for a in node.names if a.name.startswith("goodsgov")]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, path.name == "__init__.py", node)
            if not target.startswith("goodsgov"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub, None) if sub in MODULES else (target, alias.name))
    return found


def _graph() -> dict[str, set[str]]:
    graph = {m: set() for m in MODULES}
    for m in MODULES:
        for target, _ in imports_of(m):
            while target and target not in MODULES:  # goodsgov.x.y where y is a name
                target = target.rpartition(".")[0]
            if target and target != m:
                graph[m].add(target)
                parent = target.rpartition(".")[0]
                while parent:  # importing a submodule runs its packages' __init__ first
                    if parent in MODULES and parent != m and not m.startswith(parent + "."):
                        graph[m].add(parent)
                    parent = parent.rpartition(".")[0]
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan 1972)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_finds_a_planted_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle():
    assert _cycles(_graph()) == []


def test_no_module_imports_another_modules_private_names():
    reaches = [(m, target, name) for m in MODULES for target, name in imports_of(m)
               if name is not None and name.startswith("_") and not name.startswith("__")]
    assert reaches == []


def test_the_package_init_files_only_re_export():
    """``__init__.py`` files hold imports, ``__all__`` and docstrings (the top-level one
    its lazy loader): no definitions of their own."""
    for module, path in MODULES.items():
        if path.name != "__init__.py" or module == "goodsgov":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = [type(n).__name__ for n in tree.body
                   if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))]
        assert defined == [], module


def test_scopes_are_defined_once():
    from goodsgov.governance import scopes
    from goodsgov.governance.pipeline import RESULT_COLUMNS
    from goodsgov.plot import LEVEL_COLOURS

    assert [s.level for s in scopes.SCOPE_TABLE] == list(scopes.SCOPES)
    assert [scopes.UNILATERAL, scopes.BILATERAL, scopes.REGIONAL, scopes.MULTILATERAL] == \
        list(range(scopes.N_SCOPES))
    assert LEVEL_COLOURS is scopes.LEVEL_COLOURS
    for scope in scopes.SCOPES:
        assert f"net_welfare_{scope.value}" in RESULT_COLUMNS


@pytest.mark.parametrize("name", ["sweep", "table1"])
def test_public_functions_are_not_shadowed_by_submodules(name):
    import importlib

    import goodsgov as gg

    for module in list(MODULES):
        if module.count(".") == 1 and not module.endswith(("__main__", "cli")):
            importlib.import_module(module)
    assert callable(getattr(gg, name)) and not hasattr(getattr(gg, name), "__path__")
    assert type(getattr(gg, name)).__name__ == "function"
