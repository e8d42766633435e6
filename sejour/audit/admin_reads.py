"""Reads in the Django admin, recorded: a record's page, a list, a search.

The admin site's class is extended (not replaced) when the apps are ready, so that it
composes with the second-factor site that sejour.accounts.admin installs: every admin
view goes through `admin_view`, present and future ModelAdmins alike.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import admin

from sejour.audit.models import AuditEvent


def _record(request, view_name: str, kwargs: dict[str, Any]) -> None:
    if not view_name.endswith(("_change", "_changelist")) or request.method != "GET":
        return
    prefix = view_name.rsplit("_", 1)[0]  # admin URL names: <app_label>_<model_name>_<view>
    target_type = next(
        (
            model._meta.label_lower
            for model in admin.site._registry
            if f"{model._meta.app_label}_{model._meta.model_name}" == prefix
        ),
        None,
    )
    if target_type is None:
        return
    if view_name.endswith("_changelist"):
        term = request.GET.get("q", "").strip()
        AuditEvent.objects.create(
            actor=request.user,
            action="admin.searched" if term else "admin.listed",
            data={"model": target_type, **({"term": term} if term else {})},
        )
        return
    object_id = str(kwargs.get("object_id", ""))[:64]
    AuditEvent.objects.create(
        actor=request.user,
        action="admin.viewed",
        target_type=target_type,
        target_id=object_id,
        on_behalf_of=_person(target_type, object_id),
    )


def _person(target_type: str, object_id: str):
    from sejour.accounts.models import Mandate, User

    if target_type == "accounts.user":
        return User.objects.filter(pk=object_id).first() if object_id.isdigit() else None
    if target_type == "accounts.mandate" and object_id.isdigit():
        mandate = Mandate.objects.filter(pk=object_id).select_related("applicant").first()
        return mandate.applicant if mandate else None
    return None


class AuditedReads:
    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def recorded(request, *args, **kwargs):
            if any("\x00" in v for _key, values in request.GET.lists() for v in values):
                # The admin's search and filters pass the address to the database as is;
                # PostgreSQL refuses a NUL byte. No record can contain one: drop them.
                cleaned = request.GET.copy()
                for key, values in request.GET.lists():
                    cleaned.setlist(key, [v.replace("\x00", "") for v in values])
                request.GET = cleaned
            response = inner(request, *args, **kwargs)
            match = request.resolver_match
            if response.status_code == 200 and match is not None and match.url_name:
                _record(request, match.url_name, kwargs)
            return response

        return recorded


def install() -> None:
    site_class = admin.site.__class__  # the wrapped site's class (admin.site is lazy)
    if not issubclass(site_class, AuditedReads):
        admin.site.__class__ = type(f"Audited{site_class.__name__}", (AuditedReads, site_class), {})
