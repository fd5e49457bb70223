"""Shared pytest configuration: hypothesis profiles.

``ci`` (the default) is quick but meaningful; ``thorough`` runs many more
examples: ``HYPOTHESIS_PROFILE=thorough pytest``.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", max_examples=1000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# ``fuzz``: a long random fuzzing run (tests/test_fuzz.py scales its example counts
# from the loaded profile's max_examples): ``HYPOTHESIS_PROFILE=fuzz pytest tests/test_fuzz.py``
settings.register_profile(
    "fuzz", max_examples=5000, deadline=None, derandomize=False,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
