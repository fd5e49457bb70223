"""Example counts for property tests, relative to the active hypothesis profile.

``tests/conftest.py`` registers the profiles (``ci``: quick, the default;
``thorough``: many more examples). A test that should run fewer (or more)
examples than the profile's ``max_examples`` asks for a fraction of it, so
it still grows with ``HYPOTHESIS_PROFILE=thorough``:

    @settings(max_examples=examples(0.5))

(The module is not called ``profile``: that name is the standard library's
profiler, already imported by pytest plugins.)
"""

from hypothesis import settings


def examples(fraction: float) -> int:
    """``fraction`` of the active profile's ``max_examples``, at least 1."""
    return max(1, int(settings.default.max_examples * fraction))
