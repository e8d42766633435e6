"""Factories for people, prefectures, register entries and mandates."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from sejour.accounts.models import Mandate, Prefecture, User
from sejour.integrations.models import RegisterEntry

PASSWORD = "un mot de passe solide 42"


class PrefectureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prefecture
        django_get_or_create = ("department_code",)

    department_code = "75"
    name = factory.LazyAttribute(lambda p: f"Préfecture {p.department_code}")
    address = "1 rue de la Préfecture\n75004 Paris"
    opening_hours = "Lundi au vendredi, 9 h – 16 h"


class RegisterEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegisterEntry

    foreign_number = factory.Sequence(lambda n: f"{7000000000 + n}")
    last_name = "NOUR"
    first_names = "Amal"
    birth_date = date(1990, 4, 2)
    nationality = "soudanaise"
    protection_status = "refugee"
    document_kind = "attestation_demande_asile"
    valid_from = date(2026, 1, 1)
    valid_until = date(2027, 6, 30)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"{8000000000 + n}")
    foreign_number = factory.LazyAttribute(lambda u: u.username)
    first_name = "Amal"
    last_name = "NOUR"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    email_verified_at = factory.LazyFunction(timezone.now)
    birth_date = date(1990, 4, 2)
    role = User.Role.APPLICANT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class HelperFactory(UserFactory):
    username = factory.Sequence(lambda n: f"aidant{n}")
    foreign_number = None
    role = User.Role.HELPER
    organisation = "Association d'aide"


class AgentFactory(UserFactory):
    username = factory.Sequence(lambda n: f"agent{n}")
    foreign_number = None
    role = User.Role.AGENT
    prefecture = factory.SubFactory(PrefectureFactory)


class AdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    foreign_number = None
    role = User.Role.ADMIN
    is_staff = True
    is_superuser = True


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    helper = factory.SubFactory(HelperFactory)
    applicant = factory.SubFactory(UserFactory)
    procedures = factory.LazyFunction(lambda: ["first_permit"])
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    consented_at = factory.LazyFunction(timezone.now)
    consent_method = Mandate.Consent.ACCOUNT


def static_codes(user: User, *codes: str) -> None:
    """Give a user a second factor with known single-use codes."""
    device = StaticDevice.objects.create(user=user, name="test", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)


class EphotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "integrations.EphotoCode"

    code = factory.Sequence(lambda n: f"EPH{n:013d}")
    taken_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=5))
    active_from = factory.LazyFunction(lambda: timezone.now() - timedelta(days=4))
