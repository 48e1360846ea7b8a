"""Hypothesis profiles for the property tests.

``fast`` (25 examples, ``make test-fast``) is for the edit-test loop; ``ci`` (the default)
keeps the suite quick: 100 examples per property, no deadline (a
loaded CI machine must not turn slowness into a failure).  ``thorough`` runs 10 000
examples per property, for a night run or after touching the loader:

    HYPOTHESIS_PROFILE=thorough .venv/bin/python -m pytest -q tests/test_properties.py
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fast", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=10_000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
