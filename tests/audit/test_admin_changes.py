"""Changes made in the Django admin land in the audit trail with their author, the
person they concern, and what changed; a mandate added there is named for its applicant."""

from __future__ import annotations

import pytest
from django.test import Client

from sejour.accounts.models import Mandate
from sejour.audit.models import AuditEvent
from tests.accounts.helpers import login_verified, page_text
from tests.factories.accounts import AdminFactory, HelperFactory, PrefectureFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    user = AdminFactory(first_name="Inès", last_name="ROY")
    client = Client()
    login_verified(client, user)
    return user, client


def test_a_mandate_added_in_the_admin_is_recorded_for_its_applicant(admin) -> None:
    user, client = admin
    helper, applicant = HelperFactory(), UserFactory()
    response = client.post(
        "/admin/accounts/mandate/add/",
        {
            "helper": helper.pk,
            "applicant": applicant.pk,
            "procedures": '["first_permit"]',
            "valid_until": "2027-06-30",
            "consented_at_0": "2026-12-01",
            "consented_at_1": "10:00:00",
            "consent_method": "account",
        },
    )
    assert response.status_code == 302, page_text(response)[:2000]
    mandate = Mandate.objects.get()
    (event,) = AuditEvent.objects.filter(action="admin.added")
    assert event.actor == user and event.on_behalf_of == applicant
    assert (event.target_type, event.target_id) == ("accounts.mandate", str(mandate.pk))
    assert event.data["helper"] == helper.pk


def test_a_change_to_a_persons_account_names_the_fields_changed(admin) -> None:
    user, client = admin
    person = UserFactory(email="avant@example.org")
    page = client.get(f"/admin/accounts/user/{person.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    data.update(
        {
            "email": "apres@example.org",
            "role": person.role,
            "language": person.language or "fr",
            "date_joined_0": person.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": person.date_joined.strftime("%H:%M:%S"),
        }
    )
    for key in ("last_login", "email_verified_at", "date_joined", "birth_date", "password"):
        data.pop(key, None)
    data["birth_date"] = "1990-04-02"
    data.pop("prefecture", None)
    data.pop("guardian", None)
    response = client.post(f"/admin/accounts/user/{person.pk}/change/", data)
    assert response.status_code == 302, page_text(response)[:3000]
    (event,) = AuditEvent.objects.filter(action="admin.changed")
    assert event.actor == user and event.on_behalf_of == person
    assert "email" in str(event.data["change"]).lower()


def test_a_deletion_in_the_admin_is_recorded(admin) -> None:
    user, client = admin
    prefecture = PrefectureFactory(department_code="13")
    response = client.post(f"/admin/accounts/prefecture/{prefecture.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    (event,) = AuditEvent.objects.filter(action="admin.deleted")
    assert event.actor == user and event.target_id == str(prefecture.pk)
    assert event.data["object"] == str(prefecture)


def test_bulk_deletion_is_not_offered_so_each_deletion_is_recorded(admin) -> None:
    _user, client = admin
    PrefectureFactory(department_code="13")
    page = client.get("/admin/accounts/prefecture/")
    assert page.status_code == 200
    assert "delete_selected" not in page.content.decode()


def test_reading_a_record_or_searching_in_the_admin_is_recorded(admin) -> None:
    from tests.factories.accounts import RegisterEntryFactory

    user, client = admin
    person = UserFactory()
    entry = RegisterEntryFactory()
    assert client.get(f"/admin/accounts/user/{person.pk}/change/").status_code == 200
    assert client.get(f"/admin/integrations/registerentry/{entry.pk}/change/").status_code == 200
    assert (
        client.get("/admin/integrations/registerentry/", {"q": entry.foreign_number}).status_code
        == 200
    )
    viewed = AuditEvent.objects.filter(action="admin.viewed", actor=user)
    assert sorted((e.target_type, e.target_id) for e in viewed) == sorted(
        [("accounts.user", str(person.pk)), ("integrations.registerentry", str(entry.pk))]
    )
    assert viewed.get(target_type="accounts.user").on_behalf_of == person
    (searched,) = AuditEvent.objects.filter(action="admin.searched", actor=user)
    assert searched.data == {"model": "integrations.registerentry", "term": entry.foreign_number}
    client.get("/admin/integrations/registerentry/")
    assert AuditEvent.objects.filter(action="admin.listed", actor=user).count() == 1
