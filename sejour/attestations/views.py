"""Download an attestation; check one with its code (public, rate-limited)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sejour.attestations.models import Attestation, normalize_code
from sejour.attestations.pdf import render as render_pdf
from sejour.core.ratelimit import too_many
from sejour.dossiers.access import visible_or_404

VERIFY_LIMIT = (30, 60)  # requests per minute and address


@login_required
def download(request, reference: str, number: str):
    attestation = visible_or_404(request, reference).attestations.filter(number=number).first()
    if attestation is None:
        raise Http404
    response = HttpResponse(render_pdf(attestation), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{attestation.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def lookup(code: str) -> Attestation | None:
    return Attestation.objects.select_related("dossier").filter(code=normalize_code(code)).first()


def verify(request, code: str | None = None):
    if too_many(request, "verify", *VERIFY_LIMIT):
        return render(request, "attestations/verify.html", {"limited": True}, status=429)
    if code is None:
        typed = request.GET.get("code", "").strip()
        if typed:
            return redirect("attestations:verify", code=normalize_code(typed)[:19])
        return render(request, "attestations/verify.html", {})
    attestation = lookup(code)
    if attestation is None:
        return render(
            request, "attestations/verify.html", {"unknown": True, "code": code}, status=404
        )
    return render(
        request,
        "attestations/verify.html",
        {"attestation": attestation, "valid": attestation.is_valid_on(timezone.localdate())},
    )
