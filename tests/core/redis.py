"""The real Redis the suite counts in (config/settings/test.py), or a clear skip."""

from __future__ import annotations

import pytest
from django.conf import settings

needs_redis = pytest.mark.skipif(
    not settings.SEJOUR_TEST_REDIS,
    reason=f"Redis is not reachable at {settings.SEJOUR_TEST_REDIS_URL}: "
    "start redis-server (.ci/run starts it when missing)",
)
