"""The one place views turn "may this user see this dossier?" into a 404."""

from __future__ import annotations

from django.http import Http404

from sejour.dossiers.models import Dossier
from sejour.dossiers.selectors import dossier_for


def visible_or_404(request, reference: str) -> Dossier:
    """Its applicant or filer, a helper under a valid mandate, an agent of its prefecture."""
    dossier = dossier_for(user=request.user, reference=reference)
    if dossier is None:
        raise Http404
    return dossier


def editable_or_404(request, reference: str) -> Dossier:
    """The applicant's side only: agents act through the back office, not these forms."""
    if request.user.role == "agent":
        raise Http404
    return visible_or_404(request, reference)
