"""Demo data for development: prefectures, people in the local register, one account
per role. Fixed demo passwords (listed in README.md): this module refuses production."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from sejour.accounts.models import Mandate, Prefecture, User
from sejour.integrations.models import (
    EphotoCode,
    OfpraCivilStatus,
    OfpraDecision,
    RegisterEntry,
    TaxStamp,
)
from sejour.rules import birth_dates_in_band, card_valid_from, param

DEMO_PASSWORD = "sejour-demo-2026"  # noqa: S105 - a development-only demo, listed in README
DEMO_EPHOTO = [f"EPHOTO{n:010d}" for n in range(1, 21)]  # 20 usable e-photo codes
DEMO_CODES = [str(d) * 6 for d in range(1, 10)]  # second-factor codes 111111 … 999999

PREFECTURES = [
    (
        "13",
        "Préfecture des Bouches-du-Rhône",
        "66 bis rue Saint-Sébastien\n13006 Marseille",
        "Lundi au vendredi, 8 h 30 – 12 h, sur rendez-vous",
    ),
    (
        "31",
        "Préfecture de la Haute-Garonne",
        "1 place Saint-Étienne\n31038 Toulouse",
        "Lundi au jeudi, 9 h – 12 h",
    ),
    (
        "33",
        "Préfecture de la Gironde",
        "2 esplanade Charles-de-Gaulle\n33077 Bordeaux",
        "Lundi au vendredi, 9 h – 12 h 30",
    ),
    (
        "59",
        "Préfecture du Nord",
        "12 rue Jean-Sans-Peur\n59039 Lille",
        "Lundi au vendredi, 8 h 30 – 12 h",
    ),
    (
        "69",
        "Préfecture du Rhône",
        "106 rue Pierre-Corneille\n69003 Lyon",
        "Lundi au vendredi, 9 h – 16 h, sur rendez-vous",
    ),
    (
        "75",
        "Préfecture de police de Paris",
        "1 bis rue de Lutèce\n75004 Paris",
        "Lundi au vendredi, 8 h 35 – 16 h 15",
    ),
    (
        "93",
        "Préfecture de la Seine-Saint-Denis",
        "1 esplanade Jean-Moulin\n93007 Bobigny",
        "Lundi au vendredi, 9 h – 16 h, sur rendez-vous",
    ),
]

REGISTER = [
    # foreign number, permit, visa, last name, first names, birth, nationality, status, doc, from, until
    (
        "0123456789",
        None,
        None,
        "HAIDARI",
        "Farid",
        date(1990, 4, 2),
        "afghane",
        "refugee",
        "attestation_demande_asile",
        date(2025, 9, 1),
        date(2026, 12, 1),
    ),
    (
        "0234567891",
        "FR12345678",
        None,
        "OSMAN",
        "Hawa",
        date(1992, 6, 1),
        "soudanaise",
        "subsidiary",
        "attestation_demande_asile",
        date(2025, 10, 15),
        date(2027, 1, 14),
    ),
    (
        "0345678912",
        None,
        None,
        "KARIMI",
        "Leila",
        date(1988, 1, 20),
        "iranienne",
        "refugee",
        "recepisse",
        date(2026, 10, 10),
        date(2027, 4, 9),
    ),
    (
        "0789123456",
        None,
        None,
        "TESFAYE",
        "Dawit",
        date(2009, 10, 23),
        "érythréenne",
        "subsidiary",
        "attestation_demande_asile",
        date(2026, 3, 1),
        date(2026, 12, 31),
    ),
    (
        "0567891234",
        None,
        None,
        "MOHAMMED",
        "Yusuf",
        date(1985, 3, 3),
        "syrienne",
        "",
        "attestation_demande_asile",
        date(2026, 6, 1),
        date(2027, 5, 31),
    ),
    (
        None,
        None,
        "FRA1234567",
        "HAIDARI",
        "Zahra",
        date(1992, 6, 1),
        "afghane",
        "",
        "visa_long_sejour",
        date(2026, 9, 1),
        date(2027, 8, 31),
    ),
]


def seed() -> list[str]:
    """Create or restore the demo data; return lines describing the demo accounts."""
    if not settings.DEBUG:
        raise RuntimeError("demo data is for development settings only")
    prefectures = {}
    for code, name, address, hours in PREFECTURES:
        prefectures[code], _ = Prefecture.objects.update_or_create(
            department_code=code,
            defaults={"name": name, "address": address, "opening_hours": hours},
        )
    # A refugee whose 10-year card ends in 90 days: inside the renewal window on any day
    # `make run` is run (dates relative to today).
    renewing = timezone.localdate() + timedelta(days=90)
    since = card_valid_from(renewing, years=param("cards.carte_resident_years", renewing))
    leila = ("0456789123", None, None, "AHMADI", "Leila", date(1985, 3, 12), "syrienne",
             "refugee", "carte_resident", since, renewing)  # fmt: skip
    # Farid's son, 16 or 17 on any day `make run` is run: a parent files for a child.
    oldest, youngest = birth_dates_in_band("may_work", on=timezone.localdate())
    born = oldest + (youngest - oldest) / 2
    omid = ("0678912345", None, None, "HAIDARI", "Omid", born, "afghane", "refugee",
            "attestation_demande_asile", date(2025, 9, 1), date(2026, 12, 1))  # fmt: skip
    for row in [*REGISTER, leila, omid]:
        number, permit, visa, last, first, born, nationality, status, kind, start, end = row
        key = {"foreign_number": number} if number else {"visa_number": visa}
        RegisterEntry.objects.update_or_create(
            **key,
            defaults={
                "permit_number": permit,
                "visa_number": visa,
                "last_name": last,
                "first_names": first,
                "birth_date": born,
                "nationality": nationality,
                "protection_status": status,
                "document_kind": kind,
                "valid_from": start,
                "valid_until": end,
            },
        )
    RegisterEntry.objects.get(foreign_number="0678912345").parents.set(
        [RegisterEntry.objects.get(foreign_number="0123456789")]
    )
    now = timezone.now()
    # Restored at each seeding (`make run`): unused again, and recent enough to be valid.
    for index, code in enumerate(DEMO_EPHOTO):
        EphotoCode.objects.update_or_create(
            code=code,
            defaults={
                "taken_at": now - timedelta(days=3 + index),
                "active_from": now - timedelta(days=2),
                "used_by": "",
            },
        )
    for index in range(1, 11):
        TaxStamp.objects.get_or_create(number=f"{index:016d}", defaults={"amount_eur": 25})
        TaxStamp.objects.get_or_create(number=f"9{index:015d}", defaults={"amount_eur": 225})
    # The local OFPRA: Farid's civil status is drawn up, Hawa's is still being rebuilt.
    OfpraCivilStatus.objects.update_or_create(
        foreign_number="0123456789",
        defaults={"established_on": date(2026, 10, 20), "certificate_number": "CEC-2026-0001"},
    )
    OfpraCivilStatus.objects.update_or_create(
        foreign_number="0234567891", defaults={"established_on": None}
    )
    # The protection OFPRA granted Farid and his son (their deposits are checked on it);
    # Hawa's decision has not reached the service yet.
    for number in ("0123456789", "0678912345"):
        OfpraDecision.objects.update_or_create(
            foreign_number=number,
            defaults={
                "status": "refugee",
                "decided_by": "OFPRA",
                "decision_date": date(2026, 10, 1),
            },
        )
    _account(
        "0456789123",
        "Leila",
        "AHMADI",
        "leila.ahmadi@example.org",
        role=User.Role.APPLICANT,
        foreign_number="0456789123",
        birth_date=date(1985, 3, 12),
        email_verified_at=now,
    )
    farid = _account(
        "0123456789",
        "Farid",
        "HAIDARI",
        "farid.haidari@example.org",
        role=User.Role.APPLICANT,
        foreign_number="0123456789",
        birth_date=date(1990, 4, 2),
        email_verified_at=now,
    )
    _account(
        "0234567891",
        "Hawa",
        "OSMAN",
        "hawa.osman@example.org",
        role=User.Role.APPLICANT,
        foreign_number="0234567891",
        birth_date=date(1992, 6, 1),
        email_verified_at=now,
    )
    helper = _account(
        "aidant.demo",
        "Claire",
        "MARTIN",
        "claire.martin@example.org",
        role=User.Role.HELPER,
        organisation="Association Accueil et Droits (démo)",
    )
    _account(
        "agent.paris",
        "Karim",
        "BENALI",
        "agent.paris@example.org",
        role=User.Role.AGENT,
        prefecture=prefectures["75"],
    )
    _account(
        "agent.lyon",
        "Sophie",
        "DURAND",
        "agent.lyon@example.org",
        role=User.Role.AGENT,
        prefecture=prefectures["69"],
    )
    _account(
        "admin",
        "Admin",
        "DEMO",
        "admin@example.org",
        role=User.Role.ADMIN,
        is_staff=True,
        is_superuser=True,
    )
    Mandate.objects.get_or_create(
        helper=helper,
        applicant=farid,
        revoked_at=None,
        defaults={
            "procedures": ["first_permit", "renewal"],
            "valid_until": timezone.localdate() + timedelta(days=180),
            "consented_at": now,
            "consent_method": Mandate.Consent.ACCOUNT,
        },
    )
    return [
        f"Demo accounts (password: {DEMO_PASSWORD})",
        "  applicant 0123456789 (Farid HAIDARI), applicant 0234567891 (Hawa OSMAN)",
        "  applicant 0456789123 (Leila AHMADI): a card ending in 90 days, to renew",
        "  helper aidant.demo (mandate for 0123456789)",
        "  agents agent.paris (75), agent.lyon (69); administrator admin",
        f"  second factor for agents, helper and admin: {', '.join(DEMO_CODES[:3])} … 999999 (restored by make run)",
        "Sign up with 0345678912, document from 10/10/2026 to 09/04/2027.",
        f"0123456789 may file for his son Omid HAIDARI: 0678912345, born {born:%d/%m/%Y}.",
        f"E-photo codes for deposits: {DEMO_EPHOTO[0]} … {DEMO_EPHOTO[-1]} (each usable once; restored at each start).",
        "Tax stamps for handovers: 0000000000000001 … 0000000000000010 (25 €), "
        "9000000000000001 … 9000000000000010 (225 €).",
    ]


def _account(username: str, first: str, last: str, email: str, **fields) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": email,
            **fields,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    if user.role in (User.Role.AGENT, User.Role.ADMIN, User.Role.HELPER):
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="demo", defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=code) for code in DEMO_CODES
        )
    return user
