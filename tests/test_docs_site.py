"""The documentation site builds in strict mode and shows what the docs hold.

``mkdocs build --strict`` (mkdocs.yml) fails on any warning: a broken link
or anchor, a page missing from the navigation, an example that fails, a
name of the namespace rendered nowhere. The build runs once for this
module (it runs every example, about half a minute); the tests then read
the pages it wrote. Skipped, with the reason, without the ``docs`` extra.
"""

import importlib.util
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```\s*$", re.S | re.M)


def _missing() -> list[str]:
    out = []
    for module in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python"):
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            out.append(module)
    return out


MISSING = _missing()


def _hooks():
    spec = importlib.util.spec_from_file_location("goodsgov_docs_hooks", DOCS / "hooks.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if MISSING:
        pytest.skip(f"the docs extra is not installed (no {', '.join(MISSING)}): pip install '.[docs]'")
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    res = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    assert res.returncode == 0, "mkdocs build --strict failed:\n" + res.stderr[-6000:]
    return out


def _page(site: Path, src: str) -> str:
    """The article (the page's own content) of the page built from ``docs/<src>``."""
    stem = src[:-3]
    path = site / "index.html" if stem == "index" else site / stem / "index.html"
    text = path.read_text(encoding="utf-8")
    return text[text.index("<article"):text.index("</article>")]


def _text(html: str) -> str:
    """What a reader sees: the page without its tags."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def _nav_pages():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return re.findall(r":\s+(\S+\.md)\s*$", text, re.M)


def test_every_page_of_the_navigation_is_built(site):
    pages = _nav_pages()
    assert {"index.md", "tutorial.md", "howto.md", "explanation.md", "world.md", "observed.md",
            "gallery.md", "reference.md"} <= set(pages)
    for src in pages:
        assert len(_page(site, src)) > 500, src


def test_every_docs_page_is_in_the_navigation():
    pages = set(_nav_pages())
    on_disk = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert on_disk <= pages, f"pages missing from mkdocs.yml's nav: {sorted(on_disk - pages)}"


@pytest.mark.parametrize("src", sorted(p.name for p in DOCS.glob("*.md")))
def test_code_blocks_are_code_on_the_site(site, src):
    """Each fenced block of the Markdown (doctests among them) is one code block on the page."""
    text = (DOCS / src).read_text(encoding="utf-8")
    html = _page(site, src)
    if src == "gallery.md":
        return                                    # its blocks are made at build time
    assert html.count("<pre") == len(FENCE.findall(text))
    assert "<blockquote" not in html              # '>>>' never read as a quote
    assert _text(html).count(">>> ") == text.count(">>> ")


def test_the_namespace_links_to_every_public_name(site):
    import goodsgov as gg
    html = _page(site, "reference.md")
    links = dict(re.findall(r'<a href="([^"]+)"><code>gg\.(\w+)</code></a>', html))
    by_name = {name: href for href, name in links.items()}
    assert set(by_name) == set(gg.__all__)
    for name, href in by_name.items():
        page, _, anchor = href.partition("#")
        target = (site / "reference" / page).resolve() / "index.html" if not page.endswith(".html") \
            else (site / "reference" / page).resolve()
        assert target.exists(), (name, href)
        ident = anchor or f"goodsgov.{name}"
        assert f'id="{ident}"' in target.read_text(encoding="utf-8"), (name, href)


def test_docstrings_are_rendered_as_markdown(site):
    for page in sorted((DOCS / "api").glob("*.md")):
        html = _page(site, f"api/{page.name}")
        assert 'class="doc doc-heading"' in html or 'class="doc doc-object' in html, page.name
        leftover = re.findall(r":(?:func|class|meth|mod|data|attr|exc):`", _text(html))
        assert not leftover, f"{page.name}: reST roles left in the page: {leftover[:3]}"
        assert "<blockquote" not in html, f"{page.name}: a doctest rendered as a quote"
    governance = _page(site, "api/governance.md")
    assert ">>> import goodsgov as gg" in _text(governance)         # doctests shown as code
    assert re.search(r'<pre><span></span><code><span class="gp">&gt;&gt;&gt; </span>', governance)
    assert 'class="autorefs autorefs-internal"' in governance       # roles became links


def test_gallery_shows_every_example_with_its_figures(site):
    hooks = _hooks()
    html = _page(site, "gallery.md")
    for script in sorted((ROOT / "examples").glob("*.py")):
        if script.stem.startswith(hooks.WALKTHROUGH):
            assert f"walkthroughs/{script.stem[len(hooks.WALKTHROUGH):]}/" in html, script.name
        else:
            assert f"python examples/{script.name}" in html, script.name
    images = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert len(images) >= 3
    for src in images:
        assert (site / "gallery" / src).resolve().stat().st_size > 10_000, src


@pytest.mark.parametrize("name", ["table1", "world", "own_scenario"])
def test_walkthrough_pages_show_code_output_and_figures(site, name):
    html = _page(site, f"walkthroughs/{name}.md")
    assert html.count("<pre") >= 8                         # code cells and what they printed
    assert "Traceback" not in _text(html)
    images = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert images
    for src in images:
        assert (site / "walkthroughs" / name / src).resolve().stat().st_size > 10_000, src


def test_command_line_help_is_on_the_site(site):
    html = _text(_page(site, "api/cli.md"))
    for cmd in ("goodsgov --help", "goodsgov table1 --help", "goodsgov predict --help",
                "goodsgov sweep --help"):
        assert cmd in html
    assert "usage: goodsgov" in html
