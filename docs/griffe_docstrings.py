"""Griffe extension for the docs site: goodsgov's docstrings as mkdocstrings renders them.

goodsgov's docstrings are written for ``help()`` and doctest, in plain text
with reStructuredText roles. mkdocstrings renders docstrings as Markdown,
so this extension (listed in ``mkdocs.yml``) rewrites each docstring's
text, never the source:

* a run of doctest lines (``>>>`` up to the next blank line) becomes a
  ``pycon`` code block, so that ``>>>`` is not read as a block quote;
* a paragraph ending in ``::`` followed by an indented literal block (a
  formula) becomes a ``text`` code block;
* a role such as ``:func:`~goodsgov.sweep``` becomes a link to the
  object's entry in the reference when it is rendered there, and plain
  code otherwise (an *optional* cross-reference of mkdocs-autorefs);
* a module constant documented by ``#:`` comments above it (Sphinx's
  convention, used throughout goodsgov) gets them as its docstring;
* the package's lazily exported names (``goodsgov._EXPORTS``, PEP 562,
  which static analysis cannot follow) become aliases of the package, so
  that the reference documents ``goodsgov.predict_governance`` under the
  name users type.
"""

from __future__ import annotations

import ast
import html
import re

import griffe

ROLE = re.compile(r":(?:py:)?(func|class|meth|mod|data|attr|exc|obj|const):`(~?)([^`]+)`")
FENCE = re.compile(r"^\s*(```|~~~)")
DOCTEST_FLAGS = re.compile(r"\s*#\s*doctest:.*$")
PACKAGE = "goodsgov"


def _exports(pkg: griffe.Module) -> dict[str, str | None]:
    """The package's ``_EXPORTS`` mapping, read from its source (nothing is imported)."""
    member = pkg.members.get("_EXPORTS")
    if member is None or member.value is None:
        return {}
    return ast.literal_eval(str(member.value))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def fence_blocks(text: str) -> str:
    """Doctest runs and ``::`` literal blocks of ``text`` as fenced code blocks."""
    lines = text.splitlines()
    out: list[str] = []
    i, in_fence = 0, False
    while i < len(lines):
        line = lines[i]
        if FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            i += 1
            continue
        if in_fence:
            out.append(line)
            i += 1
            continue
        if line.lstrip().startswith(">>>"):
            pad = " " * _indent(line)
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(DOCTEST_FLAGS.sub("", lines[i][len(pad):]))
                i += 1
            out += ["", pad + "```pycon", *(pad + b if b else b for b in block), pad + "```", ""]
            continue
        if line.rstrip().endswith("::") and line.strip() != "::":
            # "text::" + blank line + a block indented deeper: a literal block
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j > i + 1 and j < len(lines) and _indent(lines[j]) > _indent(line):
                base = _indent(line)
                block_indent = _indent(lines[j])
                block = []
                while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > base):
                    block.append(lines[j][block_indent:] if lines[j].strip() else "")
                    j += 1
                while block and not block[-1]:
                    block.pop()
                pad = " " * base
                out += [line.rstrip()[:-1], "", pad + "```text", *(pad + b if b else b for b in block),
                        pad + "```", ""]
                i = j
                continue
            out.append(line.rstrip()[:-1])   # "text::" without a block: "text:"
            i += 1
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _comment_above(obj) -> str:
    """The ``#:`` comment lines just above an attribute's definition, without the markers."""
    try:
        lines = obj.module.lines
    except (AttributeError, KeyError, OSError):
        return ""
    found = []
    k = (obj.lineno or 0) - 2           # the line above, 0-based
    while 0 <= k < len(lines) and lines[k].lstrip().startswith("#:"):
        found.append(lines[k].lstrip()[2:].strip())
        k -= 1
    return "\n".join(reversed(found))


class GoodsgovDocstrings(griffe.Extension):
    """Aliases for the lazily exported names; docstrings rewritten for Markdown."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs) -> None:
        if pkg.name != PACKAGE:
            return
        self.package = pkg
        self.exports = _exports(pkg)
        for name, home in self.exports.items():
            if home is not None and name not in pkg.members:
                pkg.set_member(name, griffe.Alias(name, f"{PACKAGE}.{home}.{name}", parent=pkg))
        self._rewrite(pkg, set())

    def _rewrite(self, obj, seen: set) -> None:
        if obj.is_alias or obj.path in seen:
            return
        seen.add(obj.path)
        if obj.is_attribute and obj.docstring is None:
            comment = _comment_above(obj)
            if comment:
                obj.docstring = griffe.Docstring(comment, parent=obj)
        if obj.docstring is not None:
            obj.docstring.value = self._markdown(obj, obj.docstring.value)
        for member in list(obj.members.values()):
            self._rewrite(member, seen)

    def _markdown(self, obj, text: str) -> str:
        text = fence_blocks(text)
        parts = re.split(r"(^\s*```.*?^\s*```)", text, flags=re.S | re.M)
        for k in range(0, len(parts), 2):          # outside code blocks only
            parts[k] = ROLE.sub(lambda m: self._role(obj, m), parts[k])
        return "".join(parts)

    def _role(self, obj, match: re.Match) -> str:
        kind, short, target = match.group(1), match.group(2) == "~", match.group(3).strip()
        title_match = re.fullmatch(r"(.*?)\s*<(.+)>", target)    # :func:`title <target>`
        title = title_match.group(1) if title_match else None
        target = (title_match.group(2) if title_match else target).lstrip(".")
        if title is None:
            title = target.rsplit(".", 1)[-1] if short else target
            if kind in ("func", "meth"):
                title += "()"
        identifier = self._resolve(obj, target)
        return (f'<autoref identifier="{html.escape(identifier)}" optional>'
                f"<code>{html.escape(title)}</code></autoref>")

    def _resolve(self, obj, target: str) -> str:
        """The path of ``target`` as written in ``obj``'s docstring (best effort)."""
        head, _, rest = target.partition(".")
        if head == PACKAGE:
            name, _, tail = rest.partition(".")
            home = getattr(self, "exports", {}).get(name)
            if home is not None:          # goodsgov.X -> the module X is documented in
                target = f"{PACKAGE}.{home}.{name}" + (f".{tail}" if tail else "")
            return self._function_not_module(target)
        scope = obj if (obj.is_class or obj.is_module) else obj.parent
        try:
            path = scope.resolve(head)
        except (griffe.NameResolutionError, AttributeError):
            path = f"{PACKAGE}.{head}" if head in getattr(self, "exports", {}) else head
        return self._function_not_module(f"{path}.{rest}" if rest else path)

    def _function_not_module(self, path: str) -> str:
        """``pkg.f.f`` when ``pkg.f`` is a submodule defining ``f`` (a function named as its module)."""
        obj = getattr(self, "package", None)
        parts = path.split(".")
        if obj is None or parts[0] != PACKAGE:
            return path
        for part in parts[1:]:
            member = obj.members.get(part) if not obj.is_alias else None
            if member is None:
                return path
            obj = member
        if obj.is_module and parts[-1] in obj.members and not obj.members[parts[-1]].is_module:
            return f"{path}.{parts[-1]}"
        return path
