"""Test configuration: hypothesis profiles and shared fixtures.

Profiles: ``dev`` (default, quick), ``ci`` (more examples, no deadline). Choose one with
``HYPOTHESIS_PROFILE=ci``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def eu27():
    """The Council of 2025 (the newest shipped table)."""
    from sim.council.members import load_council

    return load_council(2025)
