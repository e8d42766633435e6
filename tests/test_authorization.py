"""Every URL of the project, as every kind of visitor: the allowed set lives here, so a
new URL without an entry fails this test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from sejour.attestations.models import Attestation
from sejour.dossiers.models import CorrectionRequest, Dossier, DossierDocument
from sejour.inbox.models import Message, Screenshot
from tests.accounts.helpers import login_verified
from tests.dossiers.helpers import pdf
from tests.factories.accounts import (
    AdminFactory,
    AgentFactory,
    HelperFactory,
    MandateFactory,
    PrefectureFactory,
    UserFactory,
    static_codes,
)

ROLES = [
    "anonymous",
    "applicant",
    "other_applicant",
    "helper_with_mandate",
    "helper_without_mandate",
    "agent_other_prefecture",
    "agent",
    "admin",
    # signed in with the password alone: nothing but the second factor (issue 13)
    "agent_password_only",
    "admin_password_only",
    "helper_password_only",
]
PASSWORD_ONLY = {"agent_password_only", "admin_password_only", "helper_password_only"}
EVERYONE = set(ROLES) - PASSWORD_ONLY
SIGNED_IN = EVERYONE - {"anonymous"}
APPLICANTS = {"applicant", "other_applicant"}
HELPERS = {"helper_with_mandate", "helper_without_mandate"}
AGENTS = {"agent", "agent_other_prefecture"}
OF_THE_DOSSIER = {"applicant", "helper_with_mandate", "agent"}  # the dossier is in Paris (75)

# name: (method, roles allowed). Everyone else: anonymous → login page, others → 403/404.
TABLE: dict[str, tuple[str, set[str]]] = {
    "core:home": ("GET", EVERYONE),
    "health": ("GET", EVERYONE),  # /sante/: counts and ages, no personal data
    "choose-language": ("GET", EVERYONE),  # the language switcher: a cookie, then the page
    "simulator:start": ("GET", EVERYONE),
    "simulator:step": ("GET", EVERYONE),
    "simulator:result": ("GET", EVERYONE),
    "help:faq": ("GET", EVERYONE),
    "api-v1:assess_situation": ("POST", EVERYONE),
    "api-v1:openapi-json": ("GET", EVERYONE),
    "api-v1:api-root": ("GET", set()),  # no page there (interactive docs are off): 404
    "accounts:signup": ("GET", EVERYONE),
    "accounts:signup_unknown": ("GET", EVERYONE),
    "accounts:signup_email": ("GET", EVERYONE),
    "accounts:signup_sent": ("GET", EVERYONE),
    "accounts:signup_verify": ("GET", EVERYONE),
    "accounts:signup_password": ("GET", EVERYONE),
    "accounts:login": ("GET", EVERYONE),
    "accounts:logout": ("POST", EVERYONE | PASSWORD_ONLY),
    "accounts:reset": ("GET", EVERYONE),
    "accounts:reset_sent": ("GET", EVERYONE),
    "accounts:reset_confirm": ("GET", EVERYONE),
    "accounts:reset_done": ("GET", EVERYONE),
    "accounts:email_undo": ("GET", EVERYONE),  # the link's bearer; a bad one gets a 400
    "accounts:home": ("GET", SIGNED_IN),
    "accounts:password_change": ("GET", SIGNED_IN),
    "accounts:second_factor": ("GET", SIGNED_IN | PASSWORD_ONLY),
    "accounts:second_factor_setup": ("GET", SIGNED_IN),
    "accounts:helper_home": ("GET", HELPERS),
    "accounts:helper_mandate_new": ("GET", HELPERS),
    "accounts:helper_mandate": ("GET", {"helper_with_mandate"}),
    "accounts:helper_mandate_code": ("POST", {"helper_with_mandate"}),
    "accounts:helper_applicant": ("GET", {"helper_with_mandate"}),
    "dossiers:home": ("GET", APPLICANTS),
    "dossiers:mandates": ("GET", APPLICANTS),
    "dossiers:message": ("GET", {"applicant"}),  # the addressee's own message
    "dossiers:mandate_accept": ("POST", {"applicant"}),
    "dossiers:mandate_revoke": ("POST", {"applicant"}),
    "instruction:home": ("GET", AGENTS),
    "instruction:file": ("GET", {"agent"}),
    "instruction:complement": ("POST", {"agent"}),
    "instruction:act": ("POST", {"agent"}),
    "instruction:refuse": ("POST", {"agent"}),
    "instruction:reopen": ("POST", {"agent"}),
    "instruction:hand_over": ("POST", {"agent"}),
    "instruction:receipt": ("GET", {"agent"}),
    "instruction:civil_status": ("POST", {"agent"}),
    "instruction:ofpra": ("POST", {"agent"}),
    "instruction:document": ("GET", {"agent"}),
    "instruction:document_page": ("GET", {"agent"}),
    "instruction:inbox": ("GET", AGENTS),
    "instruction:message": ("GET", {"agent"}),
    "instruction:screenshot": ("GET", {"agent"}),
    "instruction:correction_apply": ("POST", {"agent"}),
    "instruction:correction_refuse": ("POST", {"agent"}),
    "help:contact": ("GET", EVERYONE),
    "pilotage:home": ("GET", {"admin"}),
    "pilotage:prefecture": ("GET", {"admin"}),
    "pilotage:export": ("GET", {"admin"}),
    "pilotage:trail": ("GET", {"admin"}),
    "pilotage:journal": ("GET", {"admin"}),
    "help:contact_sent": ("GET", EVERYONE),
    "instruction:minor_account": ("POST", {"agent"}),
    "dossiers:decision_letter": ("GET", OF_THE_DOSSIER),
    "dossiers:deposit_new": ("GET", APPLICANTS),
    "dossiers:change_hub": ("GET", APPLICANTS),
    "dossiers:email_confirm": ("GET", APPLICANTS),
    "dossiers:renewal_remind": ("POST", APPLICANTS),
    "dossiers:deposit_new_for": ("GET", {"helper_with_mandate"}),
    "dossiers:detail": ("GET", OF_THE_DOSSIER),
    "dossiers:deposit_step": ("GET", {"applicant", "helper_with_mandate"}),
    "dossiers:confirmation": ("GET", OF_THE_DOSSIER),
    "dossiers:correct": ("GET", {"applicant", "helper_with_mandate"}),
    "dossiers:correction_request": ("POST", {"applicant", "helper_with_mandate"}),
    "dossiers:complement": ("GET", {"applicant", "helper_with_mandate"}),
    "dossiers:document": ("GET", OF_THE_DOSSIER),
    "dossiers:attestation": ("GET", OF_THE_DOSSIER),
    "reminders:calendar": ("GET", OF_THE_DOSSIER),
    "attestations:verify_form": ("GET", EVERYONE),
    "attestations:verify": ("GET", EVERYONE),
    "api-v1:attestation_check": ("GET", EVERYONE),
    "admin:index": ("GET", {"admin"}),
}


def _names(patterns, namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            if pattern.namespace == "admin":
                yield "admin:index"  # the whole administration: one gate, checked at its door
                continue
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else str(pattern.name)


def test_every_url_has_an_entry_in_the_table() -> None:
    assert set(_names(get_resolver().url_patterns)) == set(TABLE)


@pytest.fixture
def world(db):
    paris, lyon = PrefectureFactory(department_code="75"), PrefectureFactory(department_code="69")
    mandate = MandateFactory()
    dossier = Dossier.objects.create(
        procedure="first_permit",
        applicant=mandate.applicant,
        filer=mandate.applicant,
        prefecture=paris,
        state="submitted",
    )
    document = DossierDocument(
        dossier=dossier,
        code="passeport",
        original_name="p.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
        uploaded_by=mandate.applicant,
    )
    document.file.save("p.pdf", ContentFile(pdf()), save=True)
    attestation = Attestation.objects.create(
        dossier=dossier,
        holder=mandate.applicant,
        holder_last_name="NOUR",
        holder_first_names="Amal",
        holder_birth_date="1990-04-02",
        kind="attestation_confirmation_depot",
        issued_on="2026-11-22",
    )
    handed_over = Dossier.objects.create(
        procedure="first_permit",
        applicant=mandate.applicant,
        filer=mandate.applicant,
        prefecture=paris,
        state="handed_over",
        decision={"card": {}},
    )
    refused = Dossier.objects.create(
        procedure="first_permit",
        applicant=mandate.applicant,
        filer=mandate.applicant,
        prefecture=paris,
        state="refused",
        decision={"outcome": "refused", "reasons": "Les conditions ne sont pas remplies."},
    )
    message = Message.objects.create(
        kind="contact", prefecture=paris, email="a@example.org", text="Je suis bloqué."
    )
    from sejour.notifications.models import WorkerHeartbeat  # /sante/: a live worker

    WorkerHeartbeat.objects.create(
        worker_id="w", pid=1, started_at=timezone.now(), beat_at=timezone.now()
    )
    shot = Screenshot(message=message, content_type="image/png", size=8, sha256="0" * 64)
    shot.file.save("s.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    correction = CorrectionRequest.objects.create(
        dossier=dossier, text="Mon prénom est Amel.", created_by=mandate.applicant
    )
    from sejour.notifications.models import OutboxMessage

    outbox = OutboxMessage.objects.create(
        user=mandate.applicant, to="amal@example.org", subject="Demande reçue", body="Reçue."
    )
    return {
        "correction": correction,
        "outbox": outbox,
        "message": message,
        "screenshot": shot,
        "refused": refused,
        "handed_over": handed_over,
        "dossier": dossier,
        "document": document,
        "attestation": attestation,
        "applicant": mandate.applicant,
        "other_applicant": UserFactory(),
        "helper_with_mandate": mandate.helper,
        "helper_without_mandate": HelperFactory(),
        "agent": AgentFactory(prefecture=paris),
        "agent_password_only": _with_codes(AgentFactory(prefecture=paris)),
        "admin_password_only": _with_codes(AdminFactory()),
        "helper_password_only": _with_codes(mandate.helper),
        "agent_other_prefecture": AgentFactory(prefecture=lyon),
        "admin": AdminFactory(),
        "mandate": mandate,
    }


def _with_codes(user):
    static_codes(user, "975310")  # a second factor they have but have not passed
    return user


def _url(name: str, world) -> str:
    args = {
        "simulator:step": ["demarche"],
        "choose-language": ["fr"],  # French: the cookie must not redirect the next URLs
        "accounts:signup_verify": ["not-a-token"],
        "accounts:reset_confirm": ["MQ", "not-a-token"],
        "accounts:email_undo": ["not-a-token"],
        "accounts:helper_mandate": [world["mandate"].pk],
        "accounts:helper_mandate_code": [world["mandate"].pk],
        "accounts:helper_applicant": [world["applicant"].pk],
        "dossiers:mandate_accept": [world["mandate"].pk],
        "dossiers:mandate_revoke": [world["mandate"].pk],
        "dossiers:deposit_new_for": ["premier-titre", world["applicant"].pk],
        "dossiers:deposit_new": ["renouvellement"],
        "dossiers:email_confirm": ["not-a-token"],
        "dossiers:detail": [world["dossier"].reference],
        "dossiers:message": [world["outbox"].pk],
        "reminders:calendar": [world["dossier"].reference],
        "dossiers:deposit_step": [world["dossier"].reference, "identite"],
        "dossiers:confirmation": [world["dossier"].reference],
        "dossiers:correct": [world["dossier"].reference, "adresse"],
        "instruction:file": [world["dossier"].reference],
        "instruction:complement": [world["dossier"].reference],
        "instruction:act": [world["dossier"].reference, "take"],
        "instruction:refuse": [world["dossier"].reference],
        "instruction:reopen": [world["dossier"].reference],
        "instruction:hand_over": [world["dossier"].reference],
        "instruction:receipt": [world["handed_over"].reference],
        "instruction:civil_status": [world["dossier"].reference],
        "instruction:ofpra": [world["dossier"].reference],
        "instruction:document": [world["dossier"].reference, world["document"].pk],
        "instruction:document_page": [world["dossier"].reference, world["document"].pk, 0],
        "instruction:message": [world["message"].pk],
        "pilotage:prefecture": ["75"],
        "pilotage:export": ["75"],
        "pilotage:trail": [world["dossier"].reference],
        "instruction:screenshot": [world["message"].pk, world["screenshot"].pk],
        "instruction:minor_account": [world["dossier"].reference],
        "instruction:correction_apply": [world["dossier"].reference, world["correction"].pk],
        "instruction:correction_refuse": [world["dossier"].reference, world["correction"].pk],
        "dossiers:decision_letter": [world["refused"].reference],
        "dossiers:correction_request": [world["dossier"].reference],
        "dossiers:complement": [world["dossier"].reference],
        "dossiers:document": [world["dossier"].reference, world["document"].pk],
        "dossiers:attestation": [world["dossier"].reference, world["attestation"].number],
        "attestations:verify": [world["attestation"].code],
        "api-v1:attestation_check": [world["attestation"].code],
    }.get(name, [])
    return reverse(name, args=args)


def _denied(response) -> str | None:
    location = response.get("Location", "")
    if response.status_code in (403, 404):
        return "denied"
    if response.status_code == 302 and (
        location.startswith("/connexion/?") or location.startswith("/admin/login/")
    ):
        return "login"
    return None


def _check(client: Client, name: str, role: str, world) -> str | None:
    method, allowed = TABLE[name]
    url = _url(name, world)
    with transaction.atomic():  # a POST that changes something is undone for the next URL
        response = client.post(url) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    outcome = _denied(response)
    if response.status_code >= 500:
        return f"{url}: {response.status_code}"
    if role in PASSWORD_ONLY and role not in allowed:
        to_second_factor = response.get("Location", "") == "/connexion/verification/"
        return None if to_second_factor else f"{url}: not sent to the second factor"
    if not allowed:
        return None if response.status_code == 404 else f"{url}: expected 404"
    if role in allowed:
        return None if outcome is None else f"{url}: refused ({response.status_code})"
    if role == "anonymous":
        return None if outcome == "login" else f"{url}: not sent to login ({response.status_code})"

    return None if outcome is not None else f"{url}: opened ({response.status_code})"


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_what(world, role: str) -> None:
    client = Client()
    if role in PASSWORD_ONLY:
        client.force_login(world[role])
    elif role != "anonymous":
        login_verified(client, world[role])
    names = sorted(TABLE, key=lambda n: (n == "accounts:logout", n))  # logging out comes last
    problems = [p for name in names if (p := _check(client, name, role, world))]
    assert problems == [], f"as {role}"


def test_an_agent_sees_only_their_own_prefecture(world) -> None:
    client = Client()
    login_verified(client, world["agent_other_prefecture"])
    html = client.get("/instruction/").content.decode()
    assert "Préfecture 69" in html and "Préfecture 75" not in html


def test_an_applicant_never_reaches_the_back_office(world) -> None:
    client = Client()
    client.force_login(world["applicant"])
    assert client.get("/instruction/").status_code == 403
    assert client.get("/admin/").status_code == 302
