"""Download an attestation; check one with its code (public, rate-limited)."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation

from sejour.attestations.models import Attestation, normalize_code
from sejour.attestations.pdf import render as render_pdf
from sejour.audit.services import read_record
from sejour.core.ratelimit import too_many
from sejour.dossiers.access import visible_or_404

VERIFY_LIMIT = (30, 60)  # requests per minute and address


@login_required
def download(request, reference: str, number: str):
    dossier = visible_or_404(request, reference)
    attestation = dossier.attestations.filter(number=number).first()
    if attestation is None:
        raise Http404
    read_record(
        reader=request.user,
        action="attestation.downloaded",
        target=attestation,
        on_behalf_of=dossier.applicant,
    )
    response = HttpResponse(
        render_pdf(attestation, translation.get_language()), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{attestation.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# What a normalized code can be: four groups of four letters or digits. Anything else is
# unknown without asking the database (a NUL byte is an error in PostgreSQL, a slash
# cannot be put back in the page's address).
CODE_SHAPE = re.compile(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}")


def lookup(code: str) -> Attestation | None:
    normalized = normalize_code(code)
    if not CODE_SHAPE.fullmatch(normalized):
        return None
    return Attestation.objects.select_related("dossier").filter(code=normalized).first()


def verify(request, code: str | None = None):
    if too_many(request, "verify", *VERIFY_LIMIT):
        return render(request, "attestations/verify.html", {"limited": True}, status=429)
    if code is None:
        typed = request.GET.get("code", "").strip()
        if typed:
            code = normalize_code(typed)[:19]
            if not CODE_SHAPE.fullmatch(code):
                return _unknown(request, typed[:19])
            return redirect("attestations:verify", code=code)
        return render(request, "attestations/verify.html", {})
    attestation = lookup(code)
    if attestation is None:
        return _unknown(request, code[:19])
    return render(
        request,
        "attestations/verify.html",
        {"attestation": attestation, "valid": attestation.is_valid_on(timezone.localdate())},
    )


def _unknown(request, code: str):
    return render(request, "attestations/verify.html", {"unknown": True, "code": code}, status=404)
