"""`make run` seeds the demo again at each start: the e-photo codes spent in a previous
trial, or grown too old, are usable again (issue 15)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from sejour.accounts.demo import DEMO_EPHOTO, seed
from sejour.integrations.ephoto import EphotoOutcome, get_ephoto
from sejour.integrations.models import EphotoCode

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_the_demo_restores_its_ephoto_codes() -> None:
    seed()
    EphotoCode.objects.filter(code=DEMO_EPHOTO[0]).update(used_by="D-TRIAL")
    old = timezone.now() - timedelta(days=400)
    EphotoCode.objects.filter(code=DEMO_EPHOTO[1]).update(taken_at=old, active_from=old)
    seed()
    for code in DEMO_EPHOTO[:2]:
        assert get_ephoto().check(code, reference="D-NEXT") is EphotoOutcome.OK
