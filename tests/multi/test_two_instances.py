"""Several machines, tested on one (issue 17): two gunicorn instances and two task
workers against one PostgreSQL, one Redis and one S3 server share everything that
matters. PostgreSQL only: SQLite is one machine's file by nature."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import boto3
import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection
from django.test import Client
from django.utils import timezone

from sejour.attestations.models import Attestation
from sejour.core.storage import new_key
from sejour.dossiers.models import Dossier
from tests.api.test_assess import situation
from tests.core.redis import needs_redis
from tests.core.s3 import s3_server
from tests.dossiers.helpers import (
    SITUATION_REFUGEE,
    complete_documents,
    deposit,
    fill_to_documents,
    pdf,
    step_url,
)
from tests.dossiers.test_deposit import REFUGEE_DOCS, worker
from tests.factories.accounts import PrefectureFactory, UserFactory
from tests.multi.cluster import Browser, environment, task_workers, web

pytestmark = [
    pytest.mark.multi,
    needs_redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several instances share one PostgreSQL: run with DATABASE_URL=postgres://...",
    ),
]

PASSWORD = "un mot de passe assez long"


@pytest.fixture
def s3():
    with s3_server() as options:
        yield options


def _applicant():
    user = UserFactory(
        first_name="Amal", last_name="NOUR", username="7300000001", email="amal@example.org"
    )
    hasher = Argon2PasswordHasher()  # what the instances' production settings verify
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save()
    return user


def test_two_instances_share_limits_sessions_and_documents(s3) -> None:
    PrefectureFactory(department_code="75")
    _applicant()
    env = environment(s3, keys=f"k1:{new_key()}", api_rate="20/h")
    with web(env) as (one, two):
        # A limit is counted across both: 30 requests, alternately, 20 allowed in all.
        body = json.dumps(situation())
        statuses = [
            Browser()
            .post(
                f"{(one, two)[i % 2]}/api/v1/assess",
                data=body,
                headers={"Content-Type": "application/json"},
                timeout=30,
            )
            .status_code
            for i in range(30)
        ]
        assert statuses.count(200) == 20 and statuses.count(429) == 10, statuses

        # A session opened on one works on the other.
        browser = Browser()
        browser.get(f"{one}/connexion/", timeout=30)
        login = browser.post_form(
            f"{one}/connexion/", {"username": "7300000001", "password": PASSWORD}
        )
        assert login.status_code == 302, login.text[-2000:]
        home = browser.get(
            f"{two}/demarches/nouvelle/premier-titre/", allow_redirects=False, timeout=30
        )
        assert home.status_code == 200

        # A document uploaded through one is read through the other.
        started = browser.post_form(f"{two}/demarches/nouvelle/premier-titre/", {"for": "self"})
        reference = started.headers["Location"].split("/demarches/")[1].split("/")[0]
        steps = [
            ("identite", {"confirm": "on"}),
            ("adresse", {"street": "3 rue de la Paix", "postal_code": "75002", "city": "Paris", "phone": ""}),
            ("situation", SITUATION_REFUGEE),
        ]  # fmt: skip
        for number, (step, data) in enumerate(steps):
            site = (one, two)[number % 2]
            assert browser.post_form(f"{site}{step_url(reference, step)}", data).status_code == 302
        content = pdf()
        sent = browser.post_form(
            f"{one}{step_url(reference, 'documents')}",
            {"action": "upload", "code": "decision_protection"},
            files={"file": ("d.pdf", content, "application/pdf")},
        )
        assert sent.status_code == 302, sent.text[-2000:]
        document = Dossier.objects.get(reference=reference).documents.get()
        read = browser.get(f"{two}/demarches/{reference}/documents/{document.pk}/", timeout=30)
        assert read.status_code == 200 and read.content == content
        # ... and what the object store keeps is ciphertext.
        stored = (
            boto3.client(
                "s3",
                endpoint_url=s3["endpoint_url"],
                aws_access_key_id=s3["access_key"],
                aws_secret_access_key=s3["secret_key"],
                region_name=s3["region_name"],
            )
            .get_object(Bucket=s3["bucket_name"], Key=document.file.name)["Body"]
            .read()
        )
        assert stored.startswith(b"SJE1") and b"%PDF" not in stored


def test_two_workers_renew_an_attestation_once(s3, django_capture_on_commit_callbacks) -> None:
    user = UserFactory(last_name="HADI", first_name="Samir", email="samir@example.org")
    client = Client()
    client.force_login(user)
    reference = fill_to_documents(client)
    complete_documents(client, reference, REFUGEE_DOCS)
    with django_capture_on_commit_callbacks(execute=True):
        deposit(client, reference)
    worker()
    dossier = Dossier.objects.get(reference=reference)
    Dossier.objects.filter(pk=dossier.pk).update(state="awaiting_ofpra")
    # The attestation now ends in 10 days: inside the renewal window.
    Attestation.objects.filter(dossier=dossier).update(
        valid_until=timezone.localdate() + timedelta(days=10)
    )
    env = environment(s3, keys=f"k1:{new_key()}")
    with task_workers(env, count=2):
        deadline = time.monotonic() + 60
        while Attestation.objects.filter(dossier=dossier).count() < 2:
            assert time.monotonic() < deadline, "no renewal within 60 s"
            time.sleep(0.5)
        time.sleep(6)  # three more schedules of each worker (SEJOUR_SCHEDULE_SECONDS=2)
    assert Attestation.objects.filter(dossier=dossier).count() == 2  # renewed once, not twice
