from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from sejour.accounts.models import User


def test_the_user_model_is_ours() -> None:
    assert settings.AUTH_USER_MODEL == "accounts.User"
    assert get_user_model() is User


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration() -> None:
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2_in_production_settings() -> None:
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_data_has_every_role_and_is_idempotent() -> None:
    from sejour.accounts.demo import DEMO_PASSWORD
    from sejour.accounts.models import Mandate, Prefecture
    from sejour.integrations.models import RegisterEntry

    call_command("seed_demo", stdout=io.StringIO())
    counts = (
        User.objects.count(),
        Prefecture.objects.count(),
        RegisterEntry.objects.count(),
        Mandate.objects.count(),
    )
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert (
        User.objects.count(),
        Prefecture.objects.count(),
        RegisterEntry.objects.count(),
        Mandate.objects.count(),
    ) == counts
    assert set(User.objects.values_list("role", flat=True)) == {
        "applicant",
        "helper",
        "agent",
        "admin",
    }
    from sejour.instruction.management.commands.seed_queue import SEED_DOMAIN

    generated = User.objects.filter(email__endswith=f"@{SEED_DOMAIN}")
    assert generated.filter(role="agent").exists()  # the queues are not empty
    for user in User.objects.exclude(pk__in=generated):
        assert user.check_password(DEMO_PASSWORD)
    assert not any(u.has_usable_password() for u in generated)  # nobody signs in as them
    assert DEMO_PASSWORD in out.getvalue()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_demo_data_is_refused_outside_development() -> None:
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
