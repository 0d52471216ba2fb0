"""What the property tests over request parameters share: deterministic, bounded runs that
use the test's database (so function-scoped fixtures are fine)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

request_fuzzing = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
