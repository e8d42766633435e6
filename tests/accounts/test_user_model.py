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
def test_demo_data_is_idempotent_and_prints_the_password_once() -> None:
    first, second = io.StringIO(), io.StringIO()
    call_command("seed_demo", stdout=first)
    call_command("seed_demo", stdout=second)
    assert User.objects.filter(username="admin", is_superuser=True).count() == 1
    password = first.getvalue().split(" / ")[1].split(" ")[0]
    assert User.objects.get(username="admin").check_password(password)
    assert password not in second.getvalue()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_demo_data_is_refused_outside_development() -> None:
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
